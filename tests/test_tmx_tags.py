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
