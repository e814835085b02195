"""Markup a translation adds that its source has not, which would be published as literal text.

A stray ``**``, ``_``, ``~~``, backtick, unpaired bracket, ``<`` before a word or backslash in a
msgstr whose source has none parses as text (CommonMark 6.1-6.7): the page would show the
characters. :func:`l10n.markdown.validate.added_markup_findings` reports each (code
``markup-added``); ``check`` lists it, ``translate`` refuses the reply, ``build`` does not publish
it. What is fine: characters the source itself shows as often, escaped markers, prose uses
(``2 * 3``, ``snake_case``, ``~5``, ``a < b``, ``[sic]``) and reordered elements.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.check import check_catalog
from l10n.markdown.validate import _findings, added_markup_findings, check_reply, validate_translation
from l10n.mt.engines.pseudo import pseudo_localize
from l10n.pipeline import build_note
from l10n.po.catalog import Catalog
from l10n.site.layout import catalog_path, output_path
from tests.test_check import entry, make_project, po_text, translate_all, write

SOURCE = "Some text here."

ADDED = [
    ("stray strong marker", "कुछ **पाठ यहाँ।", "*"),
    ("strong marker between spaces", "कुछ ** पाठ यहाँ।", "*"),
    ("stray emphasis star", "कुछ *पाठ यहाँ।", "*"),
    ("stray underscore", "कुछ _पाठ यहाँ।", "_"),
    ("stray strikethrough", "कुछ ~~पाठ यहाँ।", "~"),
    ("unmatched backtick", "कुछ `पाठ यहाँ।", "`"),
    ("stray opening bracket", "कुछ [पाठ यहाँ।", "["),
    ("stray closing bracket", "कुछ पाठ] यहाँ।", "["),
    ("a tag that does not parse", "कुछ <span पाठ यहाँ।", "<"),
    ("trailing backslash", "कुछ पाठ यहाँ।\\", "\\"),
    ("backslash before a letter", "कुछ \\पाठ यहाँ।", "\\"),
]


@pytest.mark.parametrize(("case", "translation", "char"), ADDED, ids=[a[0] for a in ADDED])
def test_markup_added_is_found(case: str, translation: str, char: str) -> None:
    findings = validate_translation(SOURCE, translation, "paragraph")
    assert [f.code for f in findings] == ["markup-added"], case
    assert f"'{char}" in findings[0].message and "0 in the source" in findings[0].message


FINE = [
    ("escaped star", "कुछ \\*पाठ यहाँ।"),
    ("multiplication", "2 * 3 पाठ यहाँ।"),
    ("identifier with underscores", "snake_case पाठ यहाँ।"),
    ("approximately", "~5 मिनट पाठ यहाँ।"),
    ("comparison", "a < b पाठ यहाँ।"),
    ("balanced brackets", "कुछ [sic] पाठ यहाँ।"),
    ("pseudo-localized", pseudo_localize(SOURCE)),
    ("entity", "कुछ &lt;पाठ यहाँ।"),
]


@pytest.mark.parametrize(("case", "translation"), FINE, ids=[f[0] for f in FINE])
def test_prose_uses_of_the_characters_are_fine(case: str, translation: str) -> None:
    assert validate_translation(SOURCE, translation, "paragraph") == (), case


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("Use *a* and `b`, then [c](/c).", "[ग](/c), फिर `b` और *क* लें।"),  # reordered elements
        ("Type **, then `x`.", "** टाइप करें, फिर `x`।"),  # the source shows '**' too
        ("A trailing \\ here", "यहाँ एक \\ है"),
        ("Match [ alone", "अकेला [ मिलाएँ"),
        ("Windows C:\\Users path", "विंडोज़ C:\\Users पथ"),
    ],
)
def test_what_the_source_shows_the_translation_may_show(source: str, translation: str) -> None:
    assert validate_translation(source, translation, "paragraph") == ()


def test_a_lost_span_is_reported_once_by_its_own_rule() -> None:
    codes = [f.code for f in validate_translation("A **bold** claim", "एक **बोल्ड दावा", "paragraph")]
    assert codes == ["emphasis"]
    codes = [f.code for f in validate_translation("Run `make` now.", "अब `मेक चलाएँ।", "paragraph")]
    assert "markup-added" not in codes and codes


def test_link_text_and_image_alt_text_are_read_too() -> None:
    assert [f.code for f in validate_translation("See [the docs](/d).", "[**दस्तावेज़](/d) देखें।", "paragraph")] == ["markup-added"]
    assert [f.code for f in validate_translation("![Logo](x.png) here", "![`लोगो](x.png) यहाँ", "paragraph")] == ["markup-added"]


def test_a_heading_is_read_as_the_heading_it_stands_in() -> None:
    assert [f.code for f in validate_translation("Getting started", "**शुरुआत करना", "heading")] == ["markup-added"]
    assert validate_translation("Getting started", "शुरुआत करना", "heading") == ()


def test_check_reports_the_entry_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, po_text(entry("Fine.", "ठीक।") + entry(SOURCE, "कुछ **पाठ यहाँ।")))
    issues = check_catalog(path, "hi")
    assert [issue.code for issue in issues] == ["markup-added"]
    assert issues[0].line is not None and issues[0].line > 10


def test_translate_refuses_the_reply() -> None:
    problems = check_reply(SOURCE, "कुछ **पाठ यहाँ।", "hi", kind="paragraph")
    assert any("would be published as literal text" in p for p in problems)


def test_build_does_not_publish_it(tmp_path: Path) -> None:
    config, note = make_project(tmp_path)
    translate_all(config, note)
    catalog = Catalog.load(catalog_path(config, note, "hi"))
    catalog[(None, "Speed")].msgstr = "**गति"
    catalog.save()
    build_note(config, note, "hi")
    built = output_path(config, note, "hi").read_text(encoding="utf-8")
    assert "**गति" not in built and "| Speed |" in built


_TEXT = st.text(alphabet=st.sampled_from(list("Hello wrd `*_~[]<>!\\&;|-.1")), min_size=1, max_size=40)


@settings(deadline=None, max_examples=400)
@given(_TEXT)
@example("a\\")
@example("*a")
def test_pseudo_localization_and_identity_add_nothing(text: str) -> None:
    # Pseudo-localization accents letters and wraps the text in one pair of brackets: it adds
    # no markup a reader would see.
    assert added_markup_findings(text, text) == []
    assert added_markup_findings(text, pseudo_localize(text)) == []


@settings(deadline=None, max_examples=300)
@given(_TEXT, st.sampled_from(["**", "_", "~~", "`", "\\"]))
@example("\\``", "`")  # the added backtick closes a code span opened after an escaped one (CommonMark 6.1)
def test_markup_appended_after_a_space_is_found_or_not_literal(text: str, marker: str) -> None:
    # The marker added at the end of a paragraph, after a word: either it closes a span (the
    # emphasis or element rules decide) or it shows literally, which this rule reports.
    text = "w " + text  # a paragraph (a line may otherwise open a fence whose info string takes it)
    translation = text + " w" + marker
    verdict = _findings(text, translation, "paragraph", fast=True)
    assert verdict == _findings(text, translation, "paragraph", fast=False)
    assert verdict, (text, translation)


@pytest.mark.parametrize(
    ("translation", "named"),
    [
        ("एक ~~सादा दावा।", "'~' (strikethrough marker) added that would be published as literal text: 2 in the translation, 0"),
        ("एक **सादा दावा।", "'*' (emphasis marker) added that would be published as literal text: 2 in the translation, 0"),
    ],
)
def test_the_message_counts_the_characters_it_names(translation: str, named: str) -> None:
    """The count is of the character the message names: one added '~~' is two '~' (the review
    read "'~~' … 2 in the translation" as two strikethrough markers)."""
    (finding,) = validate_translation("A plain claim.", translation)
    assert str(finding).startswith(named), str(finding)
