"""Messages a reviewer found wrong: a command run from a subfolder, catalogs that cannot be
read (coverage must count them, not leave them out), anchors broken in the source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner

NOTE = "# Title {n}\n\nPara one {n}.\n\nPara two {n}.\n"
COMMANDS = [
    ("sync",),
    ("extract",),
    ("translate",),
    ("build",),
    ("status",),
    ("check",),
    ("sync", "--dry-run"),
    ("sync", "--force"),
    ("sync", "a.md"),
    ("build", "a.md"),
]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_without_configuration_or_notes_says_so(
    project: Callable[..., Path], l10n: Runner, command: tuple[str, ...]
) -> None:
    """From source_notes/ every command said "source folder not found: .../source_notes/source_notes"
    (or "not inside the source folder" with a NOTE): it names what is missing and the way out."""
    root = project({"a.md": NOTE.format(n="a")})
    result = l10n(root / "source_notes", *command)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: no l10n.toml, or pyproject.toml with [tool.l10n], in {root / 'source_notes'}, and no "
        "source_notes/ folder of notes: run l10n in the project's folder or a folder inside it, or give the project's folder with -C DIR\n"
    )


def test_defaults_without_a_configuration_file_still_work(tmp_path: Path, l10n: Runner) -> None:
    """A project with no configuration file but the default source folder runs on the defaults."""
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "a.md").write_text(NOTE.format(n="a"), encoding="utf-8")
    result = l10n(tmp_path, "extract")
    assert result.exit_code == 0, result.stderr


# -- catalogs that cannot be read ------------------------------------------------------------------


def _latin1(text: str) -> bytes:
    """The catalog as ``msgconv --to-code=ISO-8859-1`` writes it (which ``msgfmt -c`` accepts):
    its header's charset changed, a translation with a non-ASCII letter, Latin-1 bytes."""
    text = text.replace("charset=UTF-8", "charset=ISO-8859-1")
    text = text.replace('msgid "Para one b."\nmsgstr "', 'msgid "Para one b."\nmsgstr "Grüße ', 1)
    return text.encode("iso-8859-1", errors="replace")


BREAKAGES: dict[str, Callable[[Path], str]] = {}


def _breakage(name: str) -> Callable[[Callable[[Path], str]], Callable[[Path], str]]:
    def register(function: Callable[[Path], str]) -> Callable[[Path], str]:
        BREAKAGES[name] = function
        return function

    return register


@_breakage("unterminated")
def _unterminated(path: Path) -> str:
    with path.open("ab") as handle:
        handle.write(b'msgid "broken\n')
    lines = path.read_bytes().count(b"\n")
    return f"locales/hi/b.po:{lines}: malformed or unterminated string"


@_breakage("latin-1")
def _latin_1(path: Path) -> str:
    path.write_bytes(_latin1(path.read_text(encoding="utf-8").replace("\n#, fuzzy\n", "\n")))
    data = path.read_bytes()
    line = data[: next(i for i, byte in enumerate(data) if byte >= 0x80)].count(b"\n") + 1
    return (
        f"locales/hi/b.po:{line}: not valid UTF-8 (its header declares charset ISO-8859-1, which l10n does "
        "not read): convert it with msgconv --to-code=UTF-8"
    )


@_breakage("duplicate")
def _duplicate(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgid "Para two b."\nmsgstr "x"\n', encoding="utf-8")
    return f"locales/hi/b.po:{text.count(chr(10)) + 2}: duplicate entry for msgid 'Para two b.'"


@pytest.fixture
def three_notes(project: Callable[..., Path], l10n: Runner) -> Path:
    root = project({f"{n}.md": NOTE.format(n=n) for n in "abc"}, ("hi", "de"))
    result = l10n(root, "sync", "--engine", "pseudo")
    assert result.exit_code == 0, result.stderr
    return root


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_sync_counts_an_unreadable_catalog_untranslated(three_notes: Path, l10n: Runner, breakage: str) -> None:
    """One language's broken catalog hid its note from every language's coverage line ("in 2
    notes" for both), and its own language said 100 %: now the other language counts it, and
    its own counts its template's segments untranslated and says so; exit 1, the error named."""
    error = BREAKAGES[breakage](three_notes / "locales" / "hi" / "b.po")
    for args in (("sync", "--engine", "pseudo"), ("sync", "--engine", "pseudo", "--force")):
        result = l10n(three_notes, *args)
        assert result.exit_code == 1
        assert error in result.stderr
        hi, de = result.stdout.splitlines()
        assert hi == (
            "hi (Hindi): 66.7% translated, 0.0% approved (0 approved, 6 fuzzy, 3 untranslated of 9 segments "
            "in 3 notes); 1 catalog unreadable, counted untranslated"
        )
        assert de.startswith("de (German): 100.0% translated") and de.endswith("of 9 segments in 3 notes)")
    if breakage == "latin-1":
        # nothing lost: the file that could not be read is left as it was
        assert b"Gr\xfc" in (three_notes / "locales" / "hi" / "b.po").read_bytes()


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_status_counts_an_unreadable_catalog_untranslated(three_notes: Path, l10n: Runner, breakage: str) -> None:
    """status left the note out of the broken catalog's language ("all 2 current", 100 %)."""
    import json

    error = BREAKAGES[breakage](three_notes / "locales" / "hi" / "b.po")
    result = l10n(three_notes, "status", "--format", "json", "--by-note")
    assert result.exit_code == 1
    assert result.stderr == f"error: {error} (its segments counted untranslated)\n"
    report = json.loads(result.stdout)
    hi, de = report["languages"]
    assert hi["segments"]["total"] == de["segments"]["total"] == 9
    assert (hi["segments"]["untranslated"], hi["coverage"]) == (3, 66.67)
    assert de["coverage"] == 100
    assert len(hi["notes"]) == len(de["notes"]) == 3
    gate = l10n(three_notes, "status", "--fail-under", "100", "--lang", "hi")
    assert gate.exit_code == 1


# -- anchors broken in the source ------------------------------------------------------------------

LAYOUTS = [
    ("default", "a.md", "b.md"),
    ("default", "a-en.md", "b-en.md"),
    ("hugo-suffix", "a.md", "b.md"),
    ("mkdocs-suffix", "a.md", "b.md"),
    ("jekyll", "a.md", "b.md"),
    ("hugo-dir", "a.md", "b.md"),
    ("docusaurus", "a.md", "b.md"),
]


@pytest.mark.parametrize(("layout", "a", "b"), LAYOUTS, ids=[f"{lay}-{a}" for lay, a, _ in LAYOUTS])
def test_an_anchor_broken_in_the_source_is_one_warning_on_the_source(
    project: Callable[..., Path], l10n: Runner, layout: str, a: str, b: str
) -> None:
    """``[bad](b.md#missing)`` was an error blamed on the translation (``no such anchor:
    b.de.md#missing``) where the layout renames the target, and nothing where it does not:
    now a warning naming the source note's line, in every layout, once for all languages."""
    root = project(
        {a: f"# A\n\nSee [bad]({b}#missing) and [self](#nope).\n", b: "# B\n\nText.\n"},
        ("de", "hi"),
        f'layout = "{layout}"\n',
    )
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    result = l10n(root, "check")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert [line.split(" (by GitHub")[0].removesuffix(" [source-anchor]") for line in lines] == [
        f"source_notes/{a}:3: warning: no such anchor in the source: {b}#missing",
        f"source_notes/{a}:3: warning: no such anchor in the source: #nope",
    ]
    assert result.stderr.endswith("check: 2 notes, de, hi: 0 problems, 2 warnings\n")


def test_an_anchor_the_translation_breaks_is_still_an_error(project: Callable[..., Path], l10n: Runner) -> None:
    """Only the source's broken anchors are excused: one a built note breaks is the build's."""
    root = project(
        {"a.md": "# A\n\nSee [good](b.md#b).\n", "b.md": "# B\n\nText.\n"}, ("de",), 'layout = "hugo-suffix"\n'
    )
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = root / "source_notes" / "a.de.md"
    built.write_text(built.read_text(encoding="utf-8").replace("#b)", "#gone)"), encoding="utf-8")
    result = l10n(root, "check")
    assert result.exit_code == 1
    assert "source_notes/a.de.md:3: no such anchor: b.de.md#gone [unresolved]" in result.stdout


def test_a_source_problem_is_said_once_for_all_languages(project: Callable[..., Path], l10n: Runner) -> None:
    """A note whose front matter broke after its last sync: one line, not one per language."""
    root = project({"a.md": "---\ntitle: ok\n---\n# A\n\nText.\n"}, ("de", "hi"))
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    (root / "source_notes" / "a.md").write_text("---\ntitle: [unclosed\n---\n# A\n\nText.\n", encoding="utf-8")
    result = l10n(root, "check")
    assert result.exit_code == 1
    assert result.stdout.count("source_notes/a.md:2: invalid YAML in front matter") == 1


# -- a note that cannot be read: said once, and no advice that cannot work ------------------------

YAML_ERROR = "source_notes/c.md:2: invalid YAML in front matter: did not find expected ',' or ']'"
BROKEN_NOTE = "---\ntitle: [unclosed\n---\n# C\n\nText c.\n"
# (command, exit code, the errors expected on stderr in order, where the error goes)
UNREADABLE_NOTE = [
    (("status",), 1, "stderr"),
    (("status", "--format", "json"), 1, "json"),
    (("check",), 1, "stdout"),
    (("check", "--catalogs"), 1, "stdout"),
    (("extract",), 1, "stderr"),
    (("translate", "--engine", "pseudo"), 1, "stderr"),
    (("translate", "--engine", "pseudo", "--dry-run"), 1, "stderr"),
    (("build",), 1, "stderr"),
    (("sync", "--engine", "pseudo"), 1, "stderr"),
    (("sync", "--engine", "pseudo", "--dry-run"), 1, "stderr"),
    (("sync", "--engine", "pseudo", "--force"), 1, "stderr"),
]


@pytest.fixture(params=["new", "edited"])
def unreadable_note(request: pytest.FixtureRequest, project: Callable[..., Path], l10n: Runner) -> tuple[Path, str]:
    """Two languages and a note whose front matter does not parse: new (never extracted: no
    catalog), or edited after its last sync (its catalogs and pages stay)."""
    root = project({"a.md": NOTE.format(n="a"), "c.md": "---\ntitle: ok\n---\n# C\n\nText c.\n"}, ("hi", "de"))
    if request.param == "new":
        (root / "source_notes" / "c.md").write_text(BROKEN_NOTE, encoding="utf-8")
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == (1 if request.param == "new" else 0)
    (root / "source_notes" / "c.md").write_text(BROKEN_NOTE, encoding="utf-8")
    return root, str(request.param)


@pytest.mark.parametrize(("command", "code", "stream"), UNREADABLE_NOTE, ids=[" ".join(c[0]) for c in UNREADABLE_NOTE])
def test_a_note_that_cannot_be_read_is_said_once(
    unreadable_note: tuple[Path, str], l10n: Runner, command: tuple[str, ...], code: int, stream: str
) -> None:
    """status said the YAML error once per language; check (and check --catalogs) said "no
    catalog; run: l10n extract --lang hi" per language, advice that fails the same way, or
    (--catalogs, catalogs made before the edit) nothing at all; translate said "<absolute
    path>/locales/hi/c.po: no catalog; run 'l10n extract' first" per language; build and
    sync --dry-run said it per language (and sync --dry-run exited 0). Now every command says
    the note's own error, file:line, once, and exits 1. (status and translate of a note with
    catalogs do not read the note, so they find nothing to say: its catalogs are sound.)"""
    import json

    root, kind = unreadable_note
    result = l10n(root, *command)
    everything = result.stdout + result.stderr
    if kind == "edited" and command[0] in ("status", "translate"):
        assert result.exit_code == 0 and YAML_ERROR not in everything, everything
        return
    assert result.exit_code == code, result.stderr
    if stream == "json":
        assert json.loads(result.stdout)["errors"] == [YAML_ERROR]
        said = result.stderr
    else:
        said = result.stdout if stream == "stdout" else result.stderr
    assert said.count(YAML_ERROR) == 1, said
    assert "no catalog" not in everything and "run: l10n extract" not in everything
    assert str(root) not in everything  # files named from the project's root
    if command[0] == "build":
        assert result.stderr.endswith(", 1 error\n")


# -- sync's translate line when a catalog cannot be read -------------------------------------------


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_sync_does_not_claim_every_catalog_complete(three_notes: Path, l10n: Runner, breakage: str) -> None:
    """With hi/b.po unreadable, sync said "hi: nothing to translate (every catalog complete and
    untouched since the last run)" beside its own "1 catalog unreadable": it names what it left out."""
    BREAKAGES[breakage](three_notes / "locales" / "hi" / "b.po")
    result = l10n(three_notes, "sync", "--engine", "pseudo")
    assert result.exit_code == 1
    assert "every catalog complete" not in result.stderr
    assert (
        "hi: nothing to translate in the catalogs read (each complete and untouched since the last run); "
        "1 catalog unreadable (its error above)\n"
    ) in result.stderr
    assert (
        "de: nothing to translate in the catalogs read (each complete and untouched since the last run); "
        "1 note left out for its error above\n"
    ) in result.stderr


def test_sync_still_says_every_catalog_complete_when_it_is(three_notes: Path, l10n: Runner) -> None:
    result = l10n(three_notes, "sync", "--engine", "pseudo")
    assert result.exit_code == 0
    assert "hi: nothing to translate (every catalog complete and untouched since the last run)\n" in result.stderr


# -- a command run from a folder inside the project ---------------------------------------------


@pytest.mark.parametrize("config", ["l10n.toml", "pyproject.toml"])
@pytest.mark.parametrize("command", [("status",), ("sync",), ("check",), ("build", "a.md")])
def test_without_dash_c_the_project_is_found_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, command: tuple[str, ...]
) -> None:
    """Run from source_notes/sub/ without -C, a command works on the project above, as git finds
    its repository (a NOTE is still read from where the user is); with -C the folder given is
    the project, and a pyproject.toml without [tool.l10n] on the way up is not a project."""
    from click.testing import CliRunner

    from l10n.cli import cli

    table = '[tool.l10n]\nlanguages = ["hi"]\nengine = "pseudo"\n'  # as init writes it: a real engine would translate over the pseudo output
    (tmp_path / config).write_text(
        table if config == "l10n.toml" else f'[project]\nname = "x"\n\n{table}', encoding="utf-8"
    )
    sub = tmp_path / "source_notes/sub"
    sub.mkdir(parents=True)
    (tmp_path / "source_notes/a.md").write_text(NOTE.format(n="a"), encoding="utf-8")
    (tmp_path / "source_notes/sub/b.md").write_text(NOTE.format(n="b"), encoding="utf-8")
    (tmp_path / "source_notes/pyproject.toml").write_text("[tool.black]\nline-length = 99\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["-C", str(tmp_path), "sync", "--engine", "pseudo"]).exit_code == 0
    monkeypatch.chdir(sub)
    args = [*command[:1], "../a.md"] if command[0] == "build" else list(command)
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "translated/hi/sub/b.md").is_file() and not (sub / "locales").exists()


def test_the_search_stops_at_a_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, l10n: Runner) -> None:
    """A checkout (a folder holding .git) inside a folder with a configuration is a project of
    its own: a command run in it without a configuration says so, never works on the outer one."""
    from click.testing import CliRunner

    from l10n.cli import cli

    (tmp_path / "l10n.toml").write_text('[tool.l10n]\nlanguages = ["hi"]\n', encoding="utf-8")
    inner = tmp_path / "clone"
    (inner / ".git").mkdir(parents=True)
    (inner / "docs").mkdir()
    monkeypatch.chdir(inner / "docs")
    result = CliRunner().invoke(cli, ["status"], catch_exceptions=False)
    assert result.exit_code == 2 and f"in {inner / 'docs'}, and no" in result.stderr


def test_a_project_on_the_defaults_is_not_taken_for_a_folder_inside_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder with source_notes/ and no configuration file runs on the defaults, even when a
    folder above it holds a configuration: its notes are translated, not the outer project's."""
    from click.testing import CliRunner

    from l10n.cli import cli

    (tmp_path / "l10n.toml").write_text('[tool.l10n]\nlanguages = ["de"]\n', encoding="utf-8")
    inner = tmp_path / "inner"
    (inner / "source_notes").mkdir(parents=True)
    (inner / "source_notes/a.md").write_text(NOTE.format(n="a"), encoding="utf-8")
    monkeypatch.chdir(inner)
    result = CliRunner().invoke(cli, ["sync", "--engine", "pseudo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (inner / "translated/hi/a.md").is_file() and not (tmp_path / "locales").exists()


def test_from_source_notes_of_a_project_on_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from l10n.cli import cli

    (tmp_path / "source_notes/sub").mkdir(parents=True)
    (tmp_path / "source_notes/sub/a.md").write_text(NOTE.format(n="a"), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "source_notes/sub")
    result = CliRunner().invoke(cli, ["sync", "--engine", "pseudo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "translated/hi/sub/a.md").is_file()


@pytest.mark.parametrize("inner_config", ["l10n.toml", "pyproject.toml"])
def test_a_nested_project_is_not_read_by_the_project_around_it(tmp_path: Path, l10n: Runner, inner_config: str) -> None:
    """An outer project whose source is its whole folder (source = ".", as a Jekyll site's)
    took a clone of another l10n project inside it for its own notes and translated them all;
    the nested project is left to itself, with a warning naming it."""
    (tmp_path / "l10n.toml").write_text('source = "."\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8")
    (tmp_path / "index.md").write_text(NOTE.format(n="outer"), encoding="utf-8")
    inner = tmp_path / "vendor/inner"
    (inner / "source_notes").mkdir(parents=True)
    table = '[tool.l10n]\nlanguages = ["de"]\n'
    (inner / inner_config).write_text(
        table if inner_config == "l10n.toml" else f'[project]\nname = "x"\n\n{table}', encoding="utf-8"
    )
    (inner / "source_notes/a.md").write_text(NOTE.format(n="inner"), encoding="utf-8")
    (inner / "README.md").write_text(NOTE.format(n="readme"), encoding="utf-8")
    done = l10n(tmp_path, "sync")
    assert done.exit_code == 0, done.output
    assert "warning: vendor/inner: a project of its own" in done.stderr
    assert sorted(
        p.relative_to(tmp_path / "translated/hi").as_posix() for p in (tmp_path / "translated/hi").rglob("*.md")
    ) == ["index.md"]


@pytest.mark.parametrize("folders", [("source_notes", "locales"), ("source_notes",), ("locales",)])
def test_a_nested_project_on_the_defaults_is_not_read_by_the_project_around_it(
    tmp_path: Path, l10n: Runner, folders: tuple[str, ...]
) -> None:
    """A nested project without a configuration file (its source_notes/ and locales/ are l10n's
    defaults) was read as the outer project's notes; it is a project by the rule the search for
    the project follows (config.holds_project_folders), left alone with a warning, while the
    outer project's own folders (its catalogs inside its source) keep their notes read."""
    (tmp_path / "l10n.toml").write_text(
        'source = "."\nlocales = "site/locales"\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8"
    )
    (tmp_path / "site").mkdir()
    (tmp_path / "site/guide.md").write_text(NOTE.format(n="guide"), encoding="utf-8")  # beside the outer catalogs
    inner = tmp_path / "vendor/inner"
    for folder in folders:
        (inner / folder).mkdir(parents=True)
    if "source_notes" in folders:
        (inner / "source_notes/a.md").write_text(NOTE.format(n="inner"), encoding="utf-8")
    (inner / "README.md").write_text(NOTE.format(n="readme"), encoding="utf-8")
    done = l10n(tmp_path, "sync")
    assert done.exit_code == 0, done.output
    named = " and ".join(f"{folder}/" for folder in ("source_notes", "locales") if folder in folders)
    assert f"warning: vendor/inner: a project of its own (its {named} on l10n's defaults)" in done.stderr
    built = sorted(p.relative_to(tmp_path / "translated/hi").as_posix() for p in (tmp_path / "translated/hi").rglob("*.md"))
    assert built == ["site/guide.md"]
    assert not (inner / "locales/hi").exists()  # the inner project's catalogs untouched


def test_a_missing_note_named_from_a_folder_of_the_notes_is_not_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From source_notes/blog/, ``extract ../blog/nonexist.md`` said "not inside the source
    folder" (the path was read from the source folder too, where it leads out); it is a note
    that is not there."""
    from click.testing import CliRunner

    from l10n.cli import cli

    (tmp_path / "source_notes/blog").mkdir(parents=True)
    (tmp_path / "source_notes/blog/a.md").write_text(NOTE.format(n="a"), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "source_notes/blog")
    result = CliRunner().invoke(cli, ["extract", "../blog/nonexist.md"], catch_exceptions=False)
    assert result.exit_code == 1 and result.stderr == "error: ../blog/nonexist.md: note not found\n", result.output


def test_an_engine_that_cannot_be_reached_says_what_was_not_sent(
    tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary said "0 failed" while nothing was sent; and a key of one character ("x")
    was hidden inside words of the message ("pro***y settings")."""
    from tests.conftest import write_project

    monkeypatch.setenv("LIBRE_API_KEY", "x")
    root = write_project(tmp_path, {"a.md": NOTE.format(n="a")})
    assert l10n(root, "extract").exit_code == 0
    result = l10n(root, "translate", "--engine", "libre", "--engine-url", "http://127.0.0.1:9")
    assert result.exit_code == 1
    assert "stopped by the error above: the segments left were not sent" in result.stderr, result.stderr
    assert "***" not in result.stderr and "proxy" in result.stderr, result.stderr
