"""The engine registry: built from the engine classes, open to third-party engines through the
``l10n.engines`` entry point group, and the one list of key variables scrubbed from messages."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import polib
import pytest

from l10n.errors import EngineError
from l10n.mt.engines import engine_names, get_engine, key_variables
from l10n.mt.engines.base import scrub
from l10n.mt.engines.registry import ENTRY_POINT_GROUP, engine_class, reload
from tests.conftest import Runner

KEY = "sk-third-party-0123456789"

# A third-party engine as a package would ship it: one module, and an entry point naming its class.
PLUGIN = '''
from __future__ import annotations

from l10n.mt.engines.base import engine_error


class ShoutEngine:
    """Upper-cases every text; with the key "refuse-..." it refuses, naming the key it was given."""

    name = "shout"
    key_var = "SHOUT_API_KEY"
    key_required = True
    default_url = None
    default_model = None
    takes_variant = False
    default_jobs = 1
    max_batch = 10
    max_chars = 10_000
    accepts_glossary = False
    real_language = False

    def __init__(self, key):
        self.key = key

    @classmethod
    def create(cls, options):
        return cls(options.key)

    def translate(self, texts, *, source, target):
        if self.key.startswith("refuse"):
            raise engine_error(self.name, source, target, f"key {self.key} refused", "check SHOUT_API_KEY")
        return [text.upper() for text in texts]
'''


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A real distribution on sys.path: a module and its ``*.dist-info`` with ``entry_points.txt``."""
    site = tmp_path / "site"
    (site / "shout_engine.py").parent.mkdir()
    (site / "shout_engine.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "shout_engine-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shout-engine\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nshout = shout_engine:ShoutEngine\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    reload()
    yield
    monkeypatch.undo()
    reload()


def test_builtin_engines_come_from_their_classes() -> None:
    assert engine_names() == ("google", "mymemory", "libre", "deepl", "microsoft", "openai", "pseudo")
    assert set(key_variables()) == {"LIBRE_API_KEY", "DEEPL_API_KEY", "MICROSOFT_API_KEY", "OPENAI_API_KEY"}
    for name in engine_names():
        cls = engine_class(name)
        assert cls.name == name
        assert cls.key_required <= (cls.key_var is not None), name


def test_engine_key_of_every_class_is_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    for number, var in enumerate(key_variables()):
        monkeypatch.setenv(var, f"secret-value-{number}")
        assert scrub(f"failed with secret-value-{number}.") == "failed with ***.", var


def test_third_party_engine_is_registered_and_its_key_scrubbed(plugin: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert engine_names()[-1] == "shout"
    assert "SHOUT_API_KEY" in key_variables()
    with pytest.raises(EngineError, match="shout: no API key; set the SHOUT_API_KEY environment variable"):
        get_engine("shout", env={})
    monkeypatch.setenv("SHOUT_API_KEY", KEY)
    assert scrub(f"a message holding {KEY}") == "a message holding ***"


def test_third_party_engine_runs_from_the_command_line(
    plugin: None, project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"note-en.md": "# Title\n\nA paragraph.\n"})
    assert l10n(root, "extract").exit_code == 0
    assert "openai, pseudo or shout" in " ".join(l10n(root, "translate", "--help").stdout.split())
    monkeypatch.setenv("SHOUT_API_KEY", KEY)
    result = l10n(root, "translate", "--engine", "shout")
    assert result.exit_code == 0, result.stderr
    entries = {e.msgid: e for e in polib.pofile(str(root / "locales/hi/note-en.po"))}
    assert entries["A paragraph."].msgstr == "A PARAGRAPH."
    assert entries["A paragraph."].tcomment.startswith("mt: shout ")


def test_third_party_engine_error_never_shows_its_key(
    plugin: None, project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"note-en.md": "# Title\n\nA paragraph.\n"})
    l10n(root, "extract")
    refused = "refuse-" + KEY
    monkeypatch.setenv("SHOUT_API_KEY", refused)
    result = l10n(root, "translate", "--engine", "shout")
    assert result.exit_code == 1
    assert "key *** refused" in result.stderr
    assert refused not in result.stderr + result.stdout
    assert KEY not in result.stderr + result.stdout


def test_a_broken_third_party_engine_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    info = site / "broken_engine-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-engine\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        textwrap.dedent(f"""\
            [{ENTRY_POINT_GROUP}]
            broken = no_such_module_here:Engine
            google = no_such_module_here:Engine
        """),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(site))
    reload()
    try:
        with pytest.raises(EngineError, match=r"engine 'broken' cannot be loaded \(ModuleNotFoundError"):
            get_engine("broken")
        assert engine_class("google").__module__ == "l10n.mt.engines.deep"  # a built-in name stays built-in
        assert get_engine("pseudo").name == "pseudo"
    finally:
        monkeypatch.undo()
        reload()


def test_an_engine_found_by_its_own_module_is_the_registrys_class() -> None:
    """``engine_class`` finds every built-in engine in its module (:data:`BUILT_IN`) without building the
    registry (no other engine module, no entry points: issue 19's start-up); the class is the
    one the whole registry holds, for every built-in engine name."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from l10n.mt.engines import get_engine\n"
        "get_engine('pseudo')\n"
        "print(sorted(m for m in ('importlib.metadata', 'l10n.mt.engines.deep', 'l10n.mt.engines.openai') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    from l10n.mt.engines.registry import BUILT_IN, _own_module_class, _registry

    reload()
    built_in = {cls.name: cls.__module__.rpartition(".")[2] for cls in _registry().classes.values() if cls.__module__.startswith("l10n.")}
    assert built_in == BUILT_IN  # the table that spares a name check and a built-in engine the registry
    found = {name: _own_module_class(name) for name in engine_names()}
    assert {name for name, cls in found.items() if cls is not None} == set(BUILT_IN)
    for name, cls in found.items():
        assert engine_class(name) is _registry().classes[name]
        assert cls is None or cls is _registry().classes[name]


@pytest.mark.parametrize(
    ("setting", "message"),
    [('engine = "gogle"', "unknown engine 'gogle'"), ('engine = "pseudo"\nglossary = { GitHub = "GitHub" }', "glossary: unexpected key")],
)
def test_a_wrong_engine_setting_is_said_when_sync_has_nothing_to_translate(
    project: Callable[..., Path], l10n: Runner, setting: str, message: str
) -> None:
    """A misspelt engine or a malformed glossary in an up-to-date project: sync has nothing to
    translate and builds no engine, yet it says the error and fails, as translate does (it
    exited 0 printing the coverage: found by the review)."""
    root = project({"a.md": "# Title\n\nText.\n"}, ("hi",), 'engine = "pseudo"\n')
    assert l10n(root, "sync").exit_code == 0
    config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('engine = "pseudo"\n', setting + "\n"), encoding="utf-8")
    done = l10n(root, "sync")
    assert done.exit_code != 0 and message in done.stderr, done.output


def test_the_placeholder_engines_are_those_whose_output_is_not_the_target_language() -> None:
    """:data:`l10n.mt.builtin_engines.PLACEHOLDERS` (asked by a no-op sync without importing an
    engine module) is the built-in classes' own ``real_language = False``."""
    from l10n.mt.builtin_engines import BUILT_IN, PLACEHOLDERS
    from l10n.mt.engines.registry import _own_module_class, is_placeholder_engine

    declared = {name for name in BUILT_IN if getattr(_own_module_class(name), "real_language", True) is False}
    assert declared == PLACEHOLDERS == {"pseudo"}
    assert is_placeholder_engine("pseudo") and not is_placeholder_engine("openai/gpt-4o-mini")
    assert not is_placeholder_engine("no-such-engine")  # an uninstalled plugin's output is kept
