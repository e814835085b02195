"""A language code matches however it is spelt: case aside, and ``_`` as ``-`` (BCP 47 tags are
case-insensitive, RFC 5646 §2.1.1; gettext and POSIX locale names write ``pt_BR``, Hugo
``pt-br``). ``languages = ["pt_BR"]`` on a site whose pages are ``e.pt-br.md`` or whose folder is
``content/pt-br``: the site's pages are recognised as that language's, l10n's pages go where
the site already spells the code, and catalogs of the code spelt otherwise
(``locales/pt-br``, after the code was re-spelt in the configuration) are used, not started
anew (review 18, defects 1 and 2).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from l10n.site.site_layout import name_language, split_language_suffix
from tests.conftest import Runner, write_project

HAND = "# Olá\n\nInstale primeiro.\n"
NOTE = "# Hello\n\nInstall it first.\n"
OTHER = "# Other\n\nA second page.\n"


def _site(root: Path, settings: str, code: str, files: dict[str, str]) -> None:
    (root / "pyproject.toml").write_text(f'[tool.l10n]\nlanguages = ["{code}"]\n{settings}', encoding="utf-8")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.md")}


@pytest.mark.parametrize(
    ("code", "spelt"),
    [("pt_BR", "pt-br"), ("pt-br", "pt_BR"), ("pt-BR", "PT-BR"), ("zh-Hans", "zh_hans"), ("zh_TW", "zh-tw")],
)
@pytest.mark.parametrize(
    ("settings", "folder"),
    [
        ('source = "docs"\nlayout = "mkdocs-suffix"\n', "docs"),
        ('source = "content"\nlayout = "hugo-suffix"\n', "content"),
        ('source = "docs"\nlayout = "{source}/{dir}/{stem}_{lang}{ext}"\n', "docs"),
    ],
)
def test_a_suffix_spelt_otherwise_is_the_languages(tmp_path: Path, l10n: Runner, code: str, spelt: str, settings: str, folder: str) -> None:
    separator = "_" if "{stem}_" in settings else "."
    hand = f"{folder}/e{separator}{spelt}.md"
    _site(tmp_path, settings, code, {f"{folder}/e.md": NOTE, f"{folder}/f.md": OTHER, hand: HAND})

    result = l10n(tmp_path, "sync", "--engine", "pseudo")
    # the site's page is e.md's translation: kept, named as one (adopt takes it), never a note
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors and all(hand in line and "l10n adopt" in line for line in errors), result.output
    assert (tmp_path / hand).read_text(encoding="utf-8") == HAND
    assert not (tmp_path / "locales/templates" / f"e{separator}{spelt}.pot").exists()
    # the page l10n writes takes the site's spelling: no second page in the language beside it
    assert _files(tmp_path) == {f"{folder}/e.md", f"{folder}/f.md", hand, f"{folder}/f{separator}{spelt}.md"}
    data = json.loads(l10n(tmp_path, "status", "--format", "json").stdout)
    assert [(lang["lang"], sorted(n["note"] for n in lang["notes"])) for lang in data["languages"]] == [(code, ["e.md", "f.md"])]

    # adopted, the hand translation is the catalog's and stays as it is; then sync sends nothing
    assert l10n(tmp_path, "adopt", "--lang", code).exit_code == 0
    l10n.sync(tmp_path)
    again = l10n.sync(tmp_path)
    assert "nothing to translate" in again or " 0 characters sent" in again, again
    assert (tmp_path / hand).read_text(encoding="utf-8") == HAND
    assert _files(tmp_path) == {f"{folder}/e.md", f"{folder}/f.md", hand, f"{folder}/f{separator}{spelt}.md"}


@pytest.mark.parametrize(
    ("settings", "note", "existing", "page"),
    [
        ('source = "content/en"\nlayout = "hugo-dir"\n', "content/en/a.md", "content/pt-br/old.md", "content/pt-br/a.md"),
        ('source = "docs"\nlayout = "docusaurus"\n', "docs/a.md", "i18n/pt-br/code.json", "i18n/pt-br/docusaurus-plugin-content-docs/current/a.md"),
        ('source = "_notes/en"\nlayout = "jekyll"\n', "_notes/en/a.md", "_notes/pt-br/old.md", "_notes/pt-br/a-pt-br.md"),
        ('source = "notes"\n', "notes/a.md", "translated/pt-br/old.md", "translated/pt-br/a.md"),
    ],
)
def test_a_language_folder_spelt_otherwise_takes_the_pages(
    tmp_path: Path, l10n: Runner, settings: str, note: str, existing: str, page: str
) -> None:
    _site(tmp_path, settings, "pt_BR", {note: NOTE, existing: "---\ntitle: Antigo\n---\n\nTexto.\n"})
    l10n.sync(tmp_path)
    assert (tmp_path / page).is_file()
    # no folder or page of the code as configured beside the site's (the catalogs' folder is l10n's)
    assert not [p for p in tmp_path.rglob("*pt_BR*") if not p.is_relative_to(tmp_path / "locales")]
    assert "nothing to translate" in l10n.sync(tmp_path)


def test_names_tell_the_language_however_spelt() -> None:
    codes = ("en", "pt_BR", "zh-Hans")
    assert split_language_suffix("e.pt-br", codes) == ("e", ".", "pt_BR")
    assert split_language_suffix("e-PT_br", codes) == ("e", "-", "pt_BR")
    assert split_language_suffix("e.zh_hans", codes) == ("e", ".", "zh-Hans")
    assert split_language_suffix("e.ptbr", codes) is None
    assert name_language("docs/pt-br/a.md", codes, "en") == "pt_BR"
    assert name_language("ZH_HANS/a.md", codes, "en") == "zh-Hans"
    assert name_language("zh-hant/a.md", codes, "en") == "en"  # another script, another language


def _approve(po: Path, translation: str) -> str:
    text = po.read_text(encoding="utf-8")
    text, count = re.subn(r'#, fuzzy\n(msgid "Install it first."\nmsgstr )"[^"]*"', rf'\1"{translation}"', text)
    assert count == 1, text
    po.write_text(text, encoding="utf-8")
    return text


@pytest.mark.parametrize(
    ("before", "after"),
    [("pt-br", "pt_BR"), ("pt_BR", "pt-BR"), ("zh-hans", "zh-Hans"), ("zh-Hans", "zh_Hans"), ("zh", "zh-Hans"), ("zh-CN", "zh")],
)
def test_a_code_spelt_anew_keeps_its_catalogs(tmp_path: Path, l10n: Runner, before: str, after: str) -> None:
    _site(tmp_path, "", before, {"source_notes/a.md": NOTE})
    l10n.sync(tmp_path)
    po = tmp_path / "locales" / before / "a.po"
    text = _approve(po, "Instale primeiro.")
    l10n.sync(tmp_path)
    status = json.loads(l10n(tmp_path, "status", "--format", "json").stdout)["languages"][0]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(f'"{before}"', f'"{after}"'), encoding="utf-8")

    planned = l10n.sync(tmp_path, "--dry-run", "-v")
    if before.lower().replace("_", "-") == after.lower().replace("_", "-"):  # pages stay where the site spells the code
        assert "prune: would remove 0 files" in planned, planned  # as the run then does
    else:  # another tag of the language: the pages move to the code's folder, as for a layout change
        assert f"would remove translated/{before}/a.md" in planned, planned
    output = l10n.sync(tmp_path)
    said = [line for line in output.splitlines() if f"locales/{before}/" in line]
    assert len(said) == 1 and f"rename the folder to {after}" in said[0], output
    assert not (tmp_path / "locales" / after).exists()
    assert po.read_text(encoding="utf-8").count("Instale primeiro.") == text.count("Instale primeiro.")
    pages = [p for p in _files(tmp_path) if p.startswith("translated/")]
    assert len(pages) == 1 and "Instale primeiro." in (tmp_path / pages[0]).read_text(encoding="utf-8")
    again = json.loads(l10n(tmp_path, "status", "--format", "json").stdout)["languages"][0]
    assert again["lang"] == after
    assert (again["segments"], again["words"]) == (status["segments"], status["words"])
    assert "nothing to translate" in l10n.sync(tmp_path)


@pytest.mark.parametrize(
    ("code", "written", "own"),
    [
        ("zh-Hans", "zh-Hans-CN", True),
        ("zh-Hans", "zh_cn", True),
        ("zh", "zh-Hans-CN", True),
        ("zh", "zh-CN", True),
        ("pt_BR", "pt-br", True),
        ("zh", "zh-TW", False),  # Traditional: translated into the project's Simplified zh
        ("zh-Hans", "zh-Hant", False),
    ],
)
def test_a_notes_lang_names_a_configured_language_by_tag(tmp_path: Path, l10n: Runner, code: str, written: str, own: bool) -> None:
    """A note's ``lang: zh-Hans-CN`` is the project's ``zh-Hans`` (it was an unknown language,
    so the note was translated into its own); ``lang: zh-TW`` is not ``zh`` (it was, by its
    first subtag, so a Traditional note was never translated into Simplified)."""
    root = write_project(tmp_path, {"a.md": NOTE, "b.md": f"---\nlang: {written}\n---\n\n# 你好\n\n先安装。\n"}, (code, "de"))
    l10n.sync(root)
    assert (root / "translated" / code / "b.md").exists() is not own
    assert (root / "locales" / code / "b.po").exists() is not own
    assert (root / "translated/de/b.md").exists()
