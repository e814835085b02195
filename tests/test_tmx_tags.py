"""``l10n memory import`` reads a TMX unit's ``xml:lang`` as the project language it names,
however either is spelt: ``zh-Hans-CN`` (as CAT tools write it) for a project's ``zh``,
``zh-Hans``, ``zh_Hans`` or ``zh-CN``; ``PT_br`` for ``pt_BR``. Exact first, then the same
language and script (CLDR's likely subtags), never across scripts: ``zh-Hant`` text must not
feed ``zh-Hans`` pages (review 18, defect 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.langdata import closest_tag
from tests.conftest import Runner, write_project

pytestmark = pytest.mark.timeout(120)

HANS, HANT = "入门指南", "入門指南"


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "p").mkdir()
    return tmp_path / "p"


def _tmx(path: Path, targets: dict[str, str]) -> Path:
    variants = "".join(f'<tuv xml:lang="{tag}"><seg>{text}</seg></tuv>' for tag, text in targets.items())
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US" segtype="sentence" '
        'adminlang="en" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        f'<tu><tuv xml:lang="en-US"><seg>Getting Started</seg></tuv>{variants}</tu></body></tmx>\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("code", ["zh", "zh-Hans", "zh_Hans", "zh-hans", "zh-CN", "zh_cn"])
@pytest.mark.parametrize("written", ["zh-Hans-CN", "zh_Hans_CN", "ZH-HANS-CN", "zh-CN"])
def test_a_simplified_chinese_unit_feeds_the_projects_simplified_chinese(tmp_path: Path, l10n: Runner, code: str, written: str) -> None:
    root = write_project(_folder(tmp_path), {"a.md": "# Getting Started\n"}, languages=(code,))
    # the traditional unit comes first: a match by language alone would take it
    tmx = _tmx(tmp_path / "vendor.tmx", {"zh-Hant-TW": HANT, written: HANS})
    done = l10n(root, "memory", "import", str(tmx))
    assert done.exit_code == 0, done.output
    l10n.sync(root)
    assert f"# {HANS}" in (root / "translated" / code / "a.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", ["zh", "zh-Hans", "zh-CN"])
def test_traditional_chinese_never_feeds_simplified(tmp_path: Path, l10n: Runner, code: str) -> None:
    root = write_project(_folder(tmp_path), {"a.md": "# Getting Started\n"}, languages=(code,))
    tmx = _tmx(tmp_path / "vendor.tmx", {"zh-Hant-TW": HANT, "zh-TW": HANT, "zh_Hant": HANT, "zh-HK": HANT})
    assert l10n(root, "memory", "import", str(tmx)).exit_code == 0
    l10n.sync(root)
    assert HANT not in (root / "translated" / code / "a.md").read_text(encoding="utf-8")


def test_each_script_feeds_its_own_language(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(_folder(tmp_path), {"a.md": "# Getting Started\n"}, languages=("zh-Hant", "zh-Hans"))
    tmx = _tmx(tmp_path / "vendor.tmx", {"zh-Hant-TW": HANT, "zh-Hans-CN": HANS})
    assert l10n(root, "memory", "import", str(tmx)).exit_code == 0
    l10n.sync(root)
    assert f"# {HANS}" in (root / "translated/zh-Hans/a.md").read_text(encoding="utf-8")
    assert f"# {HANT}" in (root / "translated/zh-Hant/a.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", ["pt_BR", "pt-br", "PT-BR"])
@pytest.mark.parametrize("written", ["pt-BR", "pt_BR", "pt-br", "PT_br"])
def test_a_regional_code_matches_however_spelt(tmp_path: Path, l10n: Runner, code: str, written: str) -> None:
    root = write_project(_folder(tmp_path), {"a.md": "# Getting Started\n"}, languages=(code,))
    tmx = _tmx(tmp_path / "vendor.tmx", {"pt-PT": "Primeiros passos (PT)", written: "Primeiros passos"})
    assert l10n(root, "memory", "import", str(tmx)).exit_code == 0
    l10n.sync(root)
    assert "# Primeiros passos\n" in (root / "translated" / code / "a.md").read_text(encoding="utf-8")


def test_closest_tag_prefers_exact_then_region_then_family() -> None:
    project = ["en", "zh-Hans", "zh-Hant-HK", "zh-Hant-TW", "pt-BR", "de", "sr"]
    assert closest_tag("zh_hant_hk", project) == "zh-Hant-HK"
    assert closest_tag("zh-TW", project) == "zh-Hant-TW"
    assert closest_tag("zh-HK", project) == "zh-Hant-HK"
    assert closest_tag("zh-SG", project) == "zh-Hans"
    assert closest_tag("zh-Hant-MO", project) is None  # neither listed region, and no zh-Hant of any region
    assert closest_tag("pt-PT", project) is None and closest_tag("pt", project) == "pt-BR"
    assert closest_tag("de-AT", project) == "de" and closest_tag("en-GB", project) == "en"
    assert closest_tag("sr-Latn", project) is None  # the project's sr is Cyrillic
    assert closest_tag("tlh", project) is None and closest_tag("not a tag", project) is None


# -- session 20, defect 2: a less specific tag never takes a more specific one's place ----------


def _rows(root: Path) -> dict[str, str]:
    from l10n.mt.memory import MEMORY_FILE, TranslationMemory

    with TranslationMemory(root / "locales" / MEMORY_FILE) as memory:
        return {record.target_lang: record.translation for record in memory.records()}


@pytest.mark.parametrize(
    ("code", "bare", "explicit"),
    [
        ("pt_br", "pt", "pt-BR"),
        ("pt-BR", "PT", "pt_BR"),
        ("zh-Hans", "zh", "zh-Hans"),
        ("zh_Hans", "ZH", "zh_hans"),
        ("sr-Latn", "sr", "sr-Latn"),
        ("sr_Latn", "sr", "sr_Latn"),
        ("de-CH", "de", "de-CH"),
        ("zh-Hant-TW", "zh-Hant", "zh-TW"),
    ],
)
def test_a_bare_tag_never_replaces_the_projects_more_specific_units(
    tmp_path: Path, l10n: Runner, code: str, bare: str, explicit: str
) -> None:
    """A TMX whose units say bare ``pt`` replaced the memory's ``pt-BR`` units of a project
    translating into ``pt_BR`` (CLDR's likely subtags make pt pt-BR; a vendor's pt may be
    European). A unit is stored under the project's language only when its tag names at least
    as much (a region, or a script where that decides): the bare one is stored as itself, the
    explicit one, in any spelling, still feeds the project; a newer bare unit, in the same file
    or a later one, changes nothing the project reads."""
    root = write_project(_folder(tmp_path), {"a.md": "# Getting Started\n"}, languages=(code,))
    first = _tmx(tmp_path / "explicit.tmx", {explicit: "EXPLICIT"})
    assert l10n(root, "memory", "import", str(first)).exit_code == 0
    later = _tmx(tmp_path / "bare.tmx", {bare: "BARE", explicit: "EXPLICIT"})  # both in one unit too
    done = l10n(root, "memory", "import", str(later))
    assert done.exit_code == 0, done.output
    from l10n.config import bcp47_tag, load_config

    assert _rows(root) == {load_config(root).language_tag(code): "EXPLICIT", bcp47_tag(bare): "BARE"}
    l10n.sync(root)
    assert "# EXPLICIT\n" in (root / "translated" / code / "a.md").read_text(encoding="utf-8")


def test_bare_units_alone_are_kept_under_their_own_tag_and_exported_so(tmp_path: Path, l10n: Runner) -> None:
    """Only a ``pt`` unit: stored as ``pt`` (the memory does not fall back from pt-BR to pt, so
    translate does not use it for pt_BR), and ``export --lang pt`` gives it back as ``pt``."""
    root = write_project(_folder(tmp_path), {"a.md": "# Getting Started\n"}, languages=("pt_BR",))
    assert l10n(root, "memory", "import", str(_tmx(tmp_path / "bare.tmx", {"pt": "Começar"}))).exit_code == 0
    assert _rows(root) == {"pt": "Começar"}
    out = tmp_path / "out.tmx"
    assert l10n(root, "memory", "export", "--lang", "pt", str(out)).exit_code == 0
    assert '<tuv xml:lang="pt"><seg>Começar</seg>' in out.read_text(encoding="utf-8")
    refused = l10n(root, "memory", "export", "--lang", "pt-BR", str(tmp_path / "none.tmx"))
    assert refused.exit_code == 1 and "no translation units for pt-BR (it holds pt)" in refused.stderr


def test_closest_tag_for_the_memory_never_names_more_than_the_tag() -> None:
    project = ["en", "zh-Hans", "zh-Hant-TW", "pt-BR", "de", "sr-Latn"]
    assert closest_tag("pt", project, narrower=False) is None and closest_tag("pt_br", project, narrower=False) == "pt-BR"
    assert closest_tag("zh", project, narrower=False) is None  # a bare zh is not the explicit zh-Hans
    assert closest_tag("zh-CN", project, narrower=False) == "zh-Hans"  # its region names its script
    assert closest_tag("zh-Hans-CN", project, narrower=False) == "zh-Hans"
    assert closest_tag("zh-Hant", project, narrower=False) is None  # Hong Kong's or Taiwan's?
    assert closest_tag("zh_TW", project, narrower=False) == "zh-Hant-TW"
    assert closest_tag("sr", project, narrower=False) is None and closest_tag("SR_latn", project, narrower=False) == "sr-Latn"
    assert closest_tag("de-AT", project, narrower=False) == "de"  # more specific than the project's: still its
