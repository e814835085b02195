"""A language code is kept as the user wrote it wherever it names a file or goes into front matter.

``languages = ["zh-TW"]`` used to become ``zh-Hant-TW`` (babel's likely-subtags form) in the
catalogs' and pages' folders and in the pages' ``lang:``, where the site generator looks for
the folder the user configured (Docusaurus ``i18n/zh-TW``, Hugo ``content/zh-tw``). The BCP 47
form is for babel, engines and the catalogs' ``Language`` header only. A project made by an
earlier version keeps its catalogs where they are (``locales/zh-Hant-TW``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel import localedata
from hypothesis import assume, given
from hypothesis import strategies as st

from l10n.config import bcp47_tag, load_config
from tests.conftest import Runner, write_project

NOTES = {
    "a.md": "---\ntitle: Hello\n---\n\n# Hello\n\nInstall it first.\n",
    "b.md": "---\nlang: {own}\n---\n\n# Written in it\n\nAlready translated.\n",
}

# code as written -> the BCP 47 tag the catalogs' Language header carries (babel's CLDR form)
CODES = {
    "zh-TW": "zh-Hant-TW",
    "zh-CN": "zh-Hans-CN",
    "pt-BR": "pt-BR",
    "es-419": "es-419",
    "sr-Latn": "sr-Latn",
    "zh-Hant": "zh-Hant",
    "zh_TW": "zh-Hant-TW",
    "zh-tw": "zh-Hant-TW",
}


def _front_matter_lang(page: Path) -> str:
    match = re.search(r"^lang: (.*)$", page.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, page
    return match.group(1)


@pytest.mark.parametrize("code", CODES)
def test_the_code_as_written_names_folders_and_front_matter(project: Callable[..., Path], l10n: Runner, code: str) -> None:
    # b.md says it is written in the language, spelt another way: it is no source for it
    own = code.upper().replace("-", "_") if code != "zh-Hant" else "zh-hant"
    notes = {**NOTES, "b.md": NOTES["b.md"].format(own=own)}
    root = project(notes, (code, "de"))
    output = l10n.sync(root)

    assert sorted(p.name for p in (root / "locales").iterdir() if p.is_dir()) == sorted(["de", code, "templates"])
    assert sorted(p.name for p in (root / "locales" / code).iterdir()) == ["a.po"]
    assert (root / "locales/de/b.po").exists()
    catalog = (root / "locales" / code / "a.po").read_text(encoding="utf-8")
    assert f'"Language: {CODES[code]}\\n"' in catalog
    page = root / "translated" / code / "a.md"
    assert _front_matter_lang(page) == code
    assert not (root / "translated" / code / "b.md").exists()
    assert sorted(p.name for p in (root / "translated").iterdir()) == sorted(["de", code])
    # sync's closing line and status name the language by the code, with the tag's English name
    line = next(line for line in output.splitlines() if line.startswith(f"{code} ("))
    assert "Chinese" in line or "Portuguese" in line or "Spanish" in line or "Serbian" in line
    data = json.loads(l10n(root, "status", "--format", "json").stdout)
    assert [lang["lang"] for lang in data["languages"]] == [code, "de"]


@pytest.mark.parametrize("spelling", ["zh-TW", "zh_tw", "ZH-TW", "zh-Hant-TW"])
def test_lang_option_names_the_configured_code_however_spelt(project: Callable[..., Path], l10n: Runner, spelling: str) -> None:
    root = project({"a.md": NOTES["a.md"]}, ("zh-TW", "de"))
    result = l10n(root, "sync", "--engine", "pseudo", "--lang", spelling)
    assert result.exit_code == 0, result.output
    assert (root / "translated/zh-TW/a.md").exists()
    assert not (root / "translated/de").exists()


def test_the_same_language_twice_is_refused(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a.md": NOTES["a.md"]}, ("zh-TW", "zh_TW"))
    result = l10n(root, "status")
    assert result.exit_code != 0
    assert "pyproject.toml" in result.output and "lists a language twice" in result.output


@pytest.mark.parametrize(
    ("preset", "source", "note", "page"),
    [
        ("docusaurus", "docs", "docs/intro.md", "i18n/zh-TW/docusaurus-plugin-content-docs/current/intro.md"),
        ("hugo-dir", "content/en", "content/en/intro.md", "content/zh-tw/intro.md"),
    ],
)
def test_generator_folders_take_the_code_as_written(
    tmp_path: Path, l10n: Runner, preset: str, source: str, note: str, page: str
) -> None:
    code = page.split("/")[1]
    write_project(tmp_path, {}, (code,), f'source = "{source}"\nlayout = "{preset}"\n')
    (tmp_path / note).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / note).write_text(NOTES["a.md"], encoding="utf-8")
    l10n.sync(tmp_path)
    assert (tmp_path / page).is_file()
    assert _front_matter_lang(tmp_path / page) == code


def test_catalogs_of_an_earlier_version_stay_where_they_are(project: Callable[..., Path], l10n: Runner) -> None:
    """Earlier versions wrote ``zh-TW``'s catalogs under ``locales/zh-Hant-TW`` (the project
    made as they did, by naming the tag itself); a translator's work there is used, not
    moved and not started anew beside it, and sync says where it is."""
    root = project({"a.md": NOTES["a.md"]}, ("zh-Hant-TW",))
    l10n.sync(root)
    po = root / "locales/zh-Hant-TW/a.po"
    text = po.read_text(encoding="utf-8")
    text, count = re.subn(r'#, fuzzy\n(msgid "Install it first."\nmsgstr )"[^"]*"', r'\1"先安裝它。"', text)
    assert count == 1
    po.write_text(text, encoding="utf-8")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('"zh-Hant-TW"', '"zh-TW"'), encoding="utf-8")

    output = l10n.sync(root)
    assert "locales/zh-Hant-TW/" in output and "rename the folder to zh-TW" in output
    assert "not among the configured languages" not in output
    assert not (root / "locales/zh-TW").exists()
    assert po.read_text(encoding="utf-8") == text  # the translator's catalog, byte for byte
    assert "先安裝它。" in (root / "translated/zh-TW/a.md").read_text(encoding="utf-8")
    assert not (root / "translated/zh-Hant-TW").exists()  # the page now goes where the code says
    data = json.loads(l10n(root, "status", "--format", "json").stdout)
    assert [(lang["lang"], lang["segments"]["translated"]) for lang in data["languages"]] == [("zh-TW", 1)]

    # once the folder is renamed, it is the code's own
    po.parent.rename(root / "locales/zh-TW")
    output = l10n.sync(root)
    assert "rename the folder" not in output
    assert "先安裝它。" in (root / "translated/zh-TW/a.md").read_text(encoding="utf-8")


_KNOWN = sorted(code for code in localedata.locale_identifiers() if code != "root")


@given(
    code=st.sampled_from(_KNOWN),
    separator=st.sampled_from(["-", "_"]),
    case=st.sampled_from([str, str.lower, str.upper]),
)
def test_any_known_code_is_kept_as_written(tmp_path_factory: pytest.TempPathFactory, code: str, separator: str, case: Callable[[str], str]) -> None:
    written = case(code.replace("_", separator))
    assume(bcp47_tag(written) != "en")  # the source language, which has a code already
    root = tmp_path_factory.mktemp("p")
    write_project(root, {}, (written,))
    config = load_config(root)  # every identifier babel has data for, in any case and either separator
    assert config.languages == (written,)
    assert config.output_dir(written).name == written
    assert config.catalog_dir(written).name == written
    assert config.language_tag(written) == bcp47_tag(code.replace("_", "-"))
    assert config.language_code(config.language_tag(written)) == written
