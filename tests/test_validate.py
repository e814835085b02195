"""The one validator: every finding it makes is reported by ``check`` and kept out by ``build``."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.check import check_catalog
from l10n.config import load_config
from l10n.markdown.markup import element_problems
from l10n.markdown.protect import protect
from l10n.markdown.validate import _findings, _needs_parser, _skeleton, translatable_words, validate_translation
from l10n.mt.engines.pseudo import pseudo_localize
from l10n.pipeline import build_note, extract_note
from l10n.po.catalog import Catalog
from l10n.site.layout import catalog_path, output_path, select_notes
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
    if not element_problems(text, translated):  # (fake_translate also turns tag names and labels)
        assert _skeleton(text) == _skeleton(translated)
    # (a translated reference label is a finding of the element check, not of the parse)
    assert _findings(text, translated, "paragraph", fast=True) == _findings(text, translated, "paragraph", fast=False)


_MARKUP_ALPHABET = [*"Hello wrd `*_~[]()<>!#:/.1\\&;^|-=", "](", "](x)", "][a]", "[^1]", "{{ a[0] }}", "http://x.org/a]b", "\n", "\n", "\\\n", "\n- ", "\n# ", "  \n", "\n==", "\n1. "]


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A source segment and a reply to it: pseudo-localized, with brackets, parentheses or '!'
    put in anywhere, or another text altogether."""
    source = "".join(draw(st.lists(st.sampled_from(_MARKUP_ALPHABET), min_size=1, max_size=25)))
    how = draw(st.sampled_from(["pseudo", "insert", "other"]))
    if how == "pseudo":
        return source, pseudo_localize(fake_translate(source, "hi"))
    if how == "other":
        return source, "".join(draw(st.lists(st.sampled_from(_MARKUP_ALPHABET), min_size=1, max_size=25)))
    reply = fake_translate(source, "hi")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(reply)))
        reply = reply[:at] + draw(st.sampled_from(["[", "]", "(", ")", "!", "[x]", "(y)", "[", "]("])) + reply[at:]
    return source, reply


@settings(deadline=None, max_examples=600)
@given(_pairs())
@example(("\\\nH[^1]", "\\\nज[^1](y)"))  # a footnote reference turned into a link's text
@example(("H[^1]", "ज[^1](y)"))
@example(("!][a]][a]", "][a]][a]][a]"))  # a literal "!" and a label's stand-in read alike once
def test_the_verdict_is_the_same_with_and_without_the_fast_path(pair: tuple[str, str]) -> None:
    # issue 19: the skeletons (with and without the brackets that cannot make a link) let most
    # pairs skip markdown-it; whenever they do, the full parse must find nothing either, so the
    # verdict is the same with or without the fast path.
    source, reply = pair
    assert _findings(source, reply, "paragraph", fast=True) == _findings(source, reply, "paragraph", fast=False)


# Full references with their labels, shortcut references that resolve through them, labels
# no source defines, and lines that start with a code span, an inline tag or an HTML block.
_LABEL_ALPHABET = [
    *_MARKUP_ALPHABET, "][a]", "][A]", "][b]", "[a]", "[A ]", "[a\n]", "[`a`]", "`[`", "][`a`]", "](x)",
    "\n`x`", "`", "<span>", "</span>", "<div>", "\n<div>", "\n<span>", "\n<!-- c", "\n```", "\n~~~", "~~", "\t<b>", "\n    <b>", "\n   <i>",
]  # fmt: skip


@st.composite
def _labelled_pairs(draw: st.DrawFn) -> tuple[str, str]:
    source = "".join(draw(st.lists(st.sampled_from(_LABEL_ALPHABET), min_size=1, max_size=25)))
    how = draw(st.sampled_from(["pseudo", "insert", "other"]))
    if how == "pseudo":
        return source, pseudo_localize(fake_translate(source, "hi"))
    if how == "other":
        return source, "".join(draw(st.lists(st.sampled_from(_LABEL_ALPHABET), min_size=1, max_size=25)))
    reply = fake_translate(source, "hi")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(reply)))
        reply = reply[:at] + draw(st.sampled_from(["[", "]", "[a]", "][a]", "][c]", "(y)", "]("])) + reply[at:]
    return source, reply


@settings(deadline=None, max_examples=1500)
@given(_labelled_pairs())
@example(("x ([W][2])", "[ज ([ड][2])]"))  # the pseudo brackets around a full reference
@example(("[a][a] [a]", "[ज][a] [a]"))  # a shortcut reference resolving through a label
@example(("`[`][a]", "`[`] [a]"))
@example(("<span>T</span> x", "[<span>ट</span> ज]"))  # an inline tag opening the segment
@example(("<div>T", "[<div>ट]"))  # an HTML block
@example(("!][a]][a]", "][a]][a]][a]"))  # a literal "!" and a label's stand-in read apart
@example(("H][a]][a]`[`", "H][a]][a]][a]"))  # a code span's and a label's stand-ins read apart
@example(("HHHH`[`][a]", "]जजजज`[`][a](y)[क]"))  # "][a](y)": the mask's label is a link's text
@example(("[`a`]:H", "[`[क`]:ज"))  # a reference definition
def test_labels_and_line_starts_keep_the_fast_path_exact(pair: tuple[str, str]) -> None:
    # issue 19: pairs whose source has full references, or a line opening with a code span or
    # an inline tag, skip the parser too; the verdict must be the full parse's all the same.
    source, reply = pair
    assert _findings(source, reply, "paragraph", fast=True) == _findings(source, reply, "paragraph", fast=False)


def test_full_references_and_inline_tags_at_a_line_start_skip_the_parser() -> None:
    for source in (
        "Microsoft worked on it. ([GeekWire][2])",
        "`cargo` builds it, see [the book][book].",
        '<span class="filename">Filename: src/main.rs</span>',
        "`fn(...) -> type`, and so on",
    ):
        protected = protect(source)
        reply = protected.restore(pseudo_localize(protected.text))
        assert not _needs_parser(source, reply), reply
        assert validate_translation(source, reply, "paragraph") == ()
    # a shortcut reference through a defined label, an undefined label, an HTML block: parsed
    assert _needs_parser("[a][b] and [b]", "[[ज][b] और [b]]")
    assert _needs_parser("[a][b] x", "[[ज][c] x]")
    assert _needs_parser("<div>x</div>", "[<div>ज</div>]")
    assert _needs_parser("```x", "[```ज]")


def test_a_pseudo_localized_reply_skips_the_parser() -> None:
    # the brackets around the text and a parenthesis are plain text: no parse is needed
    for source in ("Some **bold** text and `code`.", "See [docs](https://x.org/a) (and more)!", "Plain: a, b (c)."):
        protected = protect(source)  # as the translate stage sends it
        reply = protected.restore(pseudo_localize(protected.text))
        assert not _needs_parser(source, reply), reply
        assert validate_translation(source, reply, "paragraph") == ()
    # a reply that turns brackets into a link still goes to the parser, and is rejected
    assert _needs_parser("See docs (here).", "See [docs](here).")
    assert validate_translation("See docs (here).", "See [docs](here).", "paragraph")


# Every element kind element_problems counts, with its plain-text siblings: icons and math have
# no bracket or backtick, so the old hand list of hint characters skipped them.
_ELEMENT_PIECES = [
    *"Hello wrd .,:$-+_",
    " ",
    ":material-download:",
    ":smile:",
    ":+1:",
    "$x^2$",
    "$$a$$",
    "`c`",
    "<b>",
    "{{ a }}",
    "{: .x}",
    "[^1]",
    "](x)",
    "][a]",
    "http://x.org/a",
    "\\*",
    "<!-- c -->",
]


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(_ELEMENT_PIECES), min_size=1, max_size=12).map("".join),
    st.lists(st.sampled_from(_ELEMENT_PIECES), min_size=1, max_size=12).map("".join),
)
def test_the_element_hint_never_skips_a_pair_the_element_check_flags(source: str, translation: str) -> None:
    flagged = {p.code for p in element_problems(source, translation)}
    # (an empty translation is an untranslated entry: nothing to check)
    found = {f.code for f in validate_translation(source, translation, "paragraph")}
    assert flagged <= found


@pytest.mark.parametrize(
    ("source", "translation", "code"),
    [
        ("Click :material-download: to get it.", "Klick hier", "icon"),
        ("Inline $x^2$ math.", "Inline math.", "math"),
        ("Plain words.", "Plain :smile: words.", "icon"),
    ],
)
def test_icons_and_math_alone_in_a_segment_are_checked(source: str, translation: str, code: str) -> None:
    assert code in {f.code for f in validate_translation(source, translation)}
