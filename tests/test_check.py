"""``l10n check``: broken catalogs and built notes are reported, faithful translations are not."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.check import check_catalog, check_output, check_project
from l10n.cli import cli
from l10n.config import Config, load_config
from l10n.pipeline import build_note, extract_note
from l10n.po.catalog import Catalog
from l10n.site.layout import Note, catalog_path, output_path, select_notes

HEADER = """msgid ""
msgstr ""
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {plural}\\n"

"""

NOTE = """---
title: Getting started
lang: en
---

# Getting started

Read the **guide** and [the API][api], then run `make`.[^1]

| Name | Value |
|------|-------|
| Speed | Fast |

[api]: https://example.org/api "The API"
[guide]: <https://example.org/guide>

[^1]: A footnote.
"""


def po_text(entries: str, lang: str = "hi", plural: str = "nplurals=2; plural=(n > 1);") -> str:
    return HEADER.format(lang=lang, plural=plural) + entries


def entry(msgid: str, msgstr: str, comment: str = "paragraph") -> str:
    return f'#. {comment}\nmsgid "{escape(msgid)}"\nmsgstr "{escape(msgstr)}"\n\n'


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def write(tmp_path: Path, text: str, name: str = "note.po") -> Path:
    path = tmp_path / "locales" / "hi" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BROKEN = [
    ("link target changed", "See [docs](https://a.org/x).", "[डॉक्स](https://a.org/y) देखें।", "paragraph", "link"),
    ("image target changed", "![Logo](img/logo.png) here", "![लोगो](img/लोगो.png) यहाँ", "paragraph", "link"),
    ("inline code translated", "Run `make test` now.", "अब `मेक टेस्ट` चलाएँ।", "paragraph", "code"),
    ("HTML tag renamed", "Press <kbd>Enter</kbd>.", "<key>Enter</kbd> दबाएँ।", "paragraph", "html"),
    ("reference label changed", "See [the API][api].", "[एपीआई][एपीआई] देखें।", "paragraph", "reference"),
    ("reference label dropped", "See [the API][api].", "एपीआई देखें।", "paragraph", "reference"),
    ("footnote ref dropped", "A claim.[^1]", "एक दावा।", "paragraph", "footnote"),
    ("template tag translated", "Hello {{ page.author }}!", "नमस्ते {{ पेज.लेखक }}!", "paragraph", "template"),
    ("anchor translated", "Go to [setup](#setup).", "[सेटअप](#सेटअप) पर जाएँ।", "paragraph", "anchor"),
    ("new line in heading", "Getting started", "शुरुआत\nकरना", "heading", "line-break"),
    ("new line in table cell", "Fast speed", "तेज़\nगति", "table cell", "line-break"),
    ("unbalanced emphasis", "A **bold** claim", "एक **बोल्ड दावा", "paragraph", "emphasis"),
]


@pytest.mark.parametrize(("case", "msgid", "msgstr", "kind", "code"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_translation_is_reported_with_its_line(
    tmp_path: Path, case: str, msgid: str, msgstr: str, kind: str, code: str
) -> None:
    path = write(tmp_path, po_text(entry("Fine.", "ठीक।") + entry(msgid, msgstr, kind)))
    issues = check_catalog(path, "hi")
    assert {issue.code for issue in issues} == {code}, case
    assert all(issue.line is not None and issue.line > 10 for issue in issues)


def test_stale_fuzzy_entries_are_not_checked_but_machine_fuzzy_ones_are(tmp_path: Path) -> None:
    stale = '#, fuzzy\n#| msgid "Run `make`."\nmsgid "Run `make all`."\nmsgstr "`make` चलाएँ।"\n\n'
    machine = '#, fuzzy\nmsgid "Run `ls`."\nmsgstr "`एलएस` चलाएँ।"\n\n'
    issues = check_catalog(write(tmp_path, po_text(stale + machine)), "hi")
    assert [(i.code, i.line) for i in issues] == [("code", 16)]  # its msgstr line, not the entry's first


def _line(path: Path, number: int | None) -> str:
    assert number is not None
    return path.read_text(encoding="utf-8").split("\n")[number - 1]


@pytest.mark.parametrize(("case", "msgid", "msgstr", "kind", "code"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_translation_is_reported_on_its_msgstr_line(tmp_path: Path, case: str, msgid: str, msgstr: str, kind: str, code: str) -> None:
    """A translator's editor jumps to the line ``check`` names: the msgstr at fault, whatever
    comes before it (comments, ``#|`` lines, a msgctxt, a msgid wrapped over lines)."""
    long_id = f'#. {kind}\n# mt: pseudo 2026-01-01\n#: a.md:3\n#, fuzzy\nmsgctxt "x"\nmsgid ""\n"{escape(msgid)}"\nmsgstr ""\n"{escape(msgstr)}"\n\n'
    path = write(tmp_path, po_text(entry("Fine.", "ठीक।") + entry(msgid, msgstr, kind) + long_id))
    issues = check_catalog(path, "hi")
    assert len(issues) == 2, case
    assert all(_line(path, issue.line).startswith("msgstr ") for issue in issues), case
    assert issues[0].line != issues[1].line


def test_a_plural_form_is_reported_on_its_own_msgstr_line(tmp_path: Path) -> None:
    plural = 'msgid "Run `make`."\nmsgid_plural "Run `make` twice."\nmsgstr[0] "`make` चलाएँ।"\nmsgstr[1] "`मेक` दो बार चलाएँ।"\n\n'
    path = write(tmp_path, po_text(plural))
    [issue] = check_catalog(path, "hi")
    assert _line(path, issue.line).startswith("msgstr[1] ")


def test_unterminated_string_is_a_syntax_error_that_msgfmt_agrees_with(tmp_path: Path) -> None:
    path = write(tmp_path, po_text('msgid "Hello"\nmsgstr "नमस्ते\n\nmsgid "Bye"\nmsgstr ""\n'))
    issues = check_catalog(path, "hi")
    assert [(i.code, i.line) for i in issues] == [("syntax", 10)]
    if shutil.which("msgfmt"):
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=False, capture_output=True)
        assert result.returncode != 0


def test_every_duplicate_entry_is_listed(tmp_path: Path) -> None:
    text = po_text(entry("One.", "एक।") + entry("Two.", "दो।") + entry("One.", "एक!") + entry("Two.", ""))
    issues = check_catalog(write(tmp_path, text), "hi")
    assert [(i.code, i.line) for i in issues] == [("duplicate", 17), ("duplicate", 21)]


@pytest.mark.parametrize(
    ("lang", "plural", "code"),
    [
        ("mr", "nplurals=2; plural=(n > 1);", "header-language"),
        ("", "nplurals=2; plural=(n > 1);", "header-language"),
        ("hi", "", "header-plural"),
        ("hi", "nplurals=INTEGER; plural=EXPRESSION;", "header-plural"),
        ("hi", "nplurals=1; plural=(n > 1);", "header-plural"),
    ],
)
def test_header_language_and_plural_forms(tmp_path: Path, lang: str, plural: str, code: str) -> None:
    text = po_text(entry("One.", "एक।"), lang=lang, plural=plural)
    if not plural:
        text = text.replace('"Plural-Forms: \\n"\n', "")
    assert [i.code for i in check_catalog(write(tmp_path, text), "hi")] == [code]


def test_posix_spelling_of_the_language_is_accepted(tmp_path: Path) -> None:
    text = po_text(entry("One.", "Um."), lang="pt_BR", plural="nplurals=2; plural=(n > 1);")
    assert check_catalog(write(tmp_path, text), "pt-BR") == []


CLEAN = [
    entry("Getting started", "शुरुआत करना", "heading")
    + entry("Read the **guide** and [the API][api], then run `make`.[^1]", "**गाइड** और [एपीआई][api] पढ़ें, फिर `make` चलाएँ।[^1]")
    + entry("_Why_ it matters: see [setup](#setup).", "यह क्यों _मायने_ रखता है: [सेटअप](#setup) देखें।")
    + entry("Hello {{ page.author }}, press <kbd>Ctrl</kbd>.", "नमस्ते {{ page.author }}, <kbd>Ctrl</kbd> दबाएँ।")
    + entry("Fast", "तेज़", "table cell"),
    entry("Getting started", "", "heading") + entry("Run `make`.", ""),
]


@pytest.mark.parametrize("entries", CLEAN, ids=["faithful Hindi", "only empty translations"])
def test_clean_catalogs_raise_nothing(tmp_path: Path, entries: str) -> None:
    assert check_catalog(write(tmp_path, po_text(entries)), "hi") == []


# -- built notes and the command ----------------------------------------------------------------


def make_project(tmp_path: Path) -> tuple[Config, Note]:
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlanguages = ["hi"]\n', encoding="utf-8")
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "intro-en.md").write_text(NOTE, encoding="utf-8")
    config = load_config(tmp_path)
    [note] = select_notes(config, [])
    extract_note(config, note, ["hi"])
    return config, note


def translate_all(config: Config, note: Note) -> None:
    catalog = Catalog.load(catalog_path(config, note, "hi"))
    translations = {
        "Getting started": "शुरुआत करना",
        "Read the **guide** and [the API][api], then run `make`.[^1]": "**गाइड** और [एपीआई][api] पढ़ें, फिर `make` चलाएँ।[^1]",
        "Name": "नाम",
        "Speed": "गति",
        "Fast": "तेज़",
        "A footnote.": "एक फ़ुटनोट।",
    }
    for item in catalog:
        item.msgstr = translations.get(item.msgid, "")
    catalog.save()


def test_a_translated_and_built_project_is_clean(tmp_path: Path) -> None:
    config, note = make_project(tmp_path)
    translate_all(config, note)
    build_note(config, note, "hi")
    assert check_project(config, [note], ["hi"]) == []
    assert "शुरुआत करना" in output_path(config, note, "hi").read_text(encoding="utf-8")


def test_missing_output_is_reported(tmp_path: Path) -> None:
    config, note = make_project(tmp_path)
    assert [i.code for i in check_output(note, "hi", config)] == ["output-missing"]


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('[api]: https://example.org/api "The API"', "[api]: https://example.org/api 'The API'", "reference-definition"),
        ("[guide]: <https://example.org/guide>\n", "", "reference-definition"),
        ("lang: hi", "lang: mr", "front-matter"),
        ("translated: true", "translated: false", "kept-page"),  # no build record: a page build keeps, not one it wrote
        ("title: शुरुआत करना", "title: [unclosed", "front-matter"),
    ],
)
def test_damaged_output_is_reported(tmp_path: Path, old: str, new: str, code: str) -> None:
    config, note = make_project(tmp_path)
    translate_all(config, note)
    build_note(config, note, "hi")
    target = output_path(config, note, "hi")
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new), encoding="utf-8")
    assert {i.code for i in check_output(note, "hi", config)} == {code}


def test_command_exit_codes_text_and_json(tmp_path: Path) -> None:
    config, note = make_project(tmp_path)
    translate_all(config, note)
    build_note(config, note, "hi")
    runner = CliRunner()
    clean = runner.invoke(cli, ["-C", str(tmp_path), "check", "--lang", "hi"])
    assert clean.exit_code == 0, clean.output
    # the command's build records the page it finds as its own (what it would write): the msgstr
    # edit below is then told from an edit of the page, as in a project that keeps its bookkeeping
    assert runner.invoke(cli, ["-C", str(tmp_path), "build"]).exit_code == 0
    catalog = Catalog.load(catalog_path(config, note, "hi"))
    catalog[(None, "Fast")].msgstr = "तेज़\nबहुत"
    catalog.save()
    text = runner.invoke(cli, ["-C", str(tmp_path), "check"])
    assert text.exit_code == 1
    assert "locales/hi/intro-en.po:" in text.output and "line break added (\\n) in a single-line table cell [line-break]" in text.output
    data = runner.invoke(cli, ["-C", str(tmp_path), "check", "--format", "json", "intro-en.md"])
    assert data.exit_code == 1
    issues = json.loads(data.output)["issues"]
    assert [(i["code"], i["path"]) for i in issues] == [("line-break", "locales/hi/intro-en.po")]

