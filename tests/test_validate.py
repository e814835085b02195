"""The one validator: every finding it makes is reported by ``check`` and kept out by ``build``."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.catalog import Catalog
from l10n.check import check_catalog
from l10n.config import load_config
from l10n.layout import catalog_path, output_path, select_notes
from l10n.pipeline import build_note, extract_note
from l10n.validate import _parsed_findings, _skeleton, translatable_words, validate_translation
from tests.conftest import write_project
from tests.stubs import fake_translate

# (case, msgid, broken msgstr, block kind, finding code)
FINDINGS = [
    ("link target changed", "See [docs](https://a.org/x).", "[डॉक्स](https://a.org/y) देखें।", "paragraph", "link"),
    ("link split from its target", "See [docs](https://a.org/x).", "[डॉक्स] (https://a.org/x) देखें।", "paragraph", "link"),
    ("image target changed", "![Logo](img/logo.png) here", "![लोगो](img/लोगो.png) यहाँ", "paragraph", "link"),
    ("anchor translated", "Go to [setup](#setup).", "[सेटअप](#सेटअप) पर जाएँ।", "paragraph", "anchor"),
    ("reference label changed", "See [the API][api].", "[एपीआई][एपीआई] देखें।", "paragraph", "reference"),
    ("inline code translated", "Run `make test` now.", "अब `मेक टेस्ट` चलाएँ।", "paragraph", "code"),
    ("HTML tag renamed", "Press <kbd>Enter</kbd>.", "<key>Enter</kbd> दबाएँ।", "paragraph", "html"),
    ("footnote reference dropped", "A claim.[^1]", "एक दावा।", "paragraph", "footnote"),
    ("template tag translated", "Hello {{ page.author }}!", "नमस्ते {{ पेज.लेखक }}!", "paragraph", "template"),
    ("spaces inside strong emphasis", "A **bold** claim.", "एक ** बोल्ड ** दावा।", "paragraph", "emphasis"),
    ("emphasis marker lost", "An *important* claim.", "एक *ज़रूरी दावा।", "paragraph", "emphasis"),
    ("line break in a heading", "Getting started", "शुरुआत\nकरना", "heading", "line-break"),
    ("carriage return in a paragraph", "One line only.", "एक\rपंक्ति।", "paragraph", "line-break"),
    ("line separator in a cell", "Fast speed", "तेज़\u2028गति", "table cell", "line-break"),
    ("blank line splits the block", "One paragraph.", "एक\n\nअनुच्छेद।", "paragraph", "block-split"),
    ("list marker added", "Install the tool.", "- टूल इंस्टॉल करें।", "list item", "block-structure"),
    ("heading added", "Install the tool.", "# टूल इंस्टॉल करें।", "paragraph", "block-structure"),
    ("pipe splits a table cell", "Fast speed", "तेज़ | गति", "table cell", "table-cell"),
]
# Multi-line sources (hard breaks) may keep their line breaks, but not grow new blocks out of them.
MULTILINE = [
    ("setext underline", "First line\\\nsecond line", "पहली पंक्ति\\\n===", "paragraph", "block-structure"),
    ("fence opened", "First line\\\nsecond line", "पहली पंक्ति\\\n```", "paragraph", "block-structure"),
    ("front matter", "First line\\\nsecond line", "---\nशीर्षक: x\n---", "paragraph", "block-structure"),
    ("table row", "First line\\\nsecond line", "| क | ख |\n|---|---|", "paragraph", "block-structure"),
]


@pytest.mark.parametrize(("case", "msgid", "msgstr", "kind", "code"), FINDINGS + MULTILINE, ids=lambda v: str(v)[:30])
def test_each_finding_is_reported_by_check_and_kept_out_of_the_build(
    tmp_path: Path, case: str, msgid: str, msgstr: str, kind: str, code: str
) -> None:
    assert code in {f.code for f in validate_translation(msgid, msgstr, kind)}, case
    root = write_project(tmp_path, {"note-en.md": "# Title\n\nPlaceholder paragraph.\n"})
    config = load_config(root)
    [note] = select_notes(config, [])
    extract_note(config, note, ["hi"])
    path = catalog_path(config, note, "hi")
    catalog = Catalog.load(path)
    catalog.po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, comment=kind, flags=["fuzzy"], tcomment="mt: x 2026-11-30"))
    catalog.save()
    issues = check_catalog(path, "hi")
    assert code in {issue.code for issue in issues}, (case, issues)
    assert all(issue.severity == "error" for issue in issues)
    # the same segment in the note: the build leaves its English and lists it
    note.path.write_text(f"# Title\n\nPlaceholder paragraph.\n\n{msgid}\n" if kind != "heading" else f"# {msgid}\n")
    outcome = build_note(config, note, "hi")
    output = output_path(config, note, "hi").read_text(encoding="utf-8")
    assert msgstr not in output
    assert len(outcome.rejected) == 1 and outcome.rejected[0].startswith(repr(msgid.split()[0])[:-1])


@pytest.mark.parametrize(
    ("msgid", "msgstr", "kind"),
    [
        ("Read the **guide** and [the API][api], then run `make`.[^1]", "**गाइड** और [एपीआई][api] पढ़ें, फिर `make` चलाएँ।[^1]", "paragraph"),
        ("1. Introduction", "परिचय", "heading"),  # a list-like heading may lose its number
        ("First line\\\nsecond line", "पहली पंक्ति\\\nदूसरी पंक्ति", "paragraph"),
        ("2 * 3 = 6 and snake_case", "2 * 3 = 6 और snake_case", "paragraph"),
        ("यह ठीक है", "यह ठीक है", "paragraph"),
        ("![A *nice* logo](logo.png)", "![एक *सुंदर* लोगो](logo.png)", "image alt text"),
    ],
)
def test_faithful_translations_pass(msgid: str, msgstr: str, kind: str) -> None:
    assert validate_translation(msgid, msgstr, kind) == ()


@settings(deadline=None)
@given(st.text(alphabet=st.characters(categories=["L", "Zs", "P"]), max_size=60))
def test_an_identity_translation_always_passes(text: str) -> None:
    assert validate_translation(text, text, "paragraph") == ()


def test_translatable_words_mask_names_numbers_code_and_glossary_terms() -> None:
    assert translatable_words("VACUUM INTO") == 0
    assert translatable_words("GitHub Actions v2") == 0
    assert translatable_words("Run `make` with Poedit", keep=("Poedit",)) == 2  # Run, with
    assert translatable_words("Select all photos") == 3


@settings(deadline=None)  # the first example imports markdown-it
@given(st.text(alphabet=st.sampled_from(list("Hello wrd `*_~[]()<>!#:/.1\\&;^|-=")), min_size=1, max_size=50))
def test_the_fast_path_agrees_with_the_parser(text: str) -> None:
    # Letters changed into Devanagari keep every markup run and its flanking: the skeletons are
    # equal, so the fast path skips the parser; the parser must find nothing either.
    translated = fake_translate(text, "hi")
    assert _skeleton(text) == _skeleton(translated)
    if "\n" not in text:
        assert _parsed_findings(text, translated, []) == []
