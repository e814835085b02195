"""The protected elements and structure rules a translation must keep (l10n.markdown.markup)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.markdown import markup
from l10n.markdown.markup import compare, elements, emphasis_delimiters, without_elements


def test_elements_lists_every_kind_once_with_normalized_text() -> None:
    text = (
        'See [the guide](/guide#setup "Guide") and ![logo](img/logo.png), <https://example.org>, '
        "[docs][Ref One], `make test`, <a href=\"x\" title=\"T\">x</a>, [^1], {{ site.url }}, {% raw %}."
    )
    assert elements(text) == {
        ("link", "/guide#setup"): 1,
        ("link", "img/logo.png"): 1,
        ("link", "https://example.org"): 1,
        ("reference", "REF ONE"): 1,
        ("code", "`make test`"): 1,
        ("html", 'a href=x title'): 1,
        ("html", "/a"): 1,
        ("footnote", "[^1]"): 1,
        ("template", "{{ site.url }}"): 1,
        ("template", "{% raw %}"): 1,
    }


def test_nothing_inside_code_is_markup() -> None:
    assert elements("`[a](b) <i> {{ x }}`") == {("code", "`[a](b) <i> {{ x }}`"): 1}


def test_bare_url_takes_a_glued_devanagari_danda_but_not_a_final_period() -> None:
    # GFM 6.9 leaves only ?!.,:*_~ out at a link's end: remark-gfm and markdown-it's linkify
    # link "https://example.org/a%E0%A5%A4" (found with the real generators, Session 20)
    assert elements("देखें https://example.org/a।") == {("link", "https://example.org/a।"): 1}
    assert elements("देखें https://example.org/a ।") == elements("See https://example.org/a.")


def test_without_elements_leaves_the_prose() -> None:
    assert without_elements("Run `make` [now](https://x.org)").split() == ["Run", "[now"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**bold** and *it* and __b__ and _i_", {"**": 2, "*": 2, "__": 2, "_": 2}),
        ("***both***", {"**": 2, "*": 2}),
        ("2 * 3 * 4 and snake_case_name", {}),
        ("यह **ज़रूरी** है।", {"**": 2}),
        ("`**not**` and [x](a_b_c)", {}),
        (r"\*escaped\*", {}),
    ],
)
def test_emphasis_delimiters_follow_flanking_rules(text: str, expected: dict[str, int]) -> None:
    assert dict(emphasis_delimiters(text)) == expected


FAITHFUL = [
    ("Read the **guide** first.", "पहले **गाइड** पढ़ें।", "paragraph"),
    ("See [setup](#setup) and [the API][api].", "[एपीआई][api] और [सेटअप](#setup) देखें।", "paragraph"),
    ("Run `make` in <kbd>Ctrl</kbd>.", "<kbd>Ctrl</kbd> में `make` चलाएँ।", "list item"),
    ('<img src="a.png" alt="A cat">', '<img alt="एक बिल्ली" src="a.png">', "paragraph"),
    ("Hello {{ page.author }}[^1]", "नमस्ते {{ page.author }}[^1]", "paragraph"),
    ("_Why_ it **matters**", "यह **मायने** _क्यों_ रखता है", "heading"),
    ("Line one  \nline two", "पंक्ति एक  \nपंक्ति दो", "paragraph"),
    ("Name", "नाम", "table cell"),
    ("Visit https://example.org.", "https://example.org पर जाएँ।", "paragraph"),
]


@pytest.mark.parametrize(("source", "translation", "kind"), FAITHFUL)
def test_faithful_translations_raise_nothing(source: str, translation: str, kind: str) -> None:
    assert compare(source, translation, kind) == []


BROKEN = [
    ("See [docs](https://a.org/x).", "[डॉक्स](https://a.org/y) देखें।", None, "link"),
    ("Jump to [setup](#setup).", "[सेटअप](#सेटअप) पर जाएँ।", None, "anchor"),
    ("Run `make`.", "`मेक` चलाएँ।", None, "code"),
    ("Press <kbd>Enter</kbd>.", "<key>Enter</key> दबाएँ।", None, "html"),
    ("See [docs][api].", "[डॉक्स][एपीआई] देखें।", None, "reference"),
    ("See [docs][api].", "डॉक्स देखें।", None, "reference"),
    ("A claim.[^1]", "एक दावा।", None, "footnote"),
    ("Hi {{ user.name }}", "नमस्ते {{ उपयोगकर्ता }}", None, "template"),
    ("Getting started", "शुरुआत\nकरना", "heading", "line-break"),
    ("Name", "नाम\nपूरा", "paragraph, table cell", "line-break"),
    ("One paragraph here.", "एक अनुच्छेद।\n\nदूसरा।", None, "block-split"),
    ("A **bold** claim", "एक **बोल्ड दावा", None, "emphasis"),
]


@pytest.mark.parametrize(("source", "translation", "kind", "code"), BROKEN)
def test_broken_translations_are_named_by_rule(source: str, translation: str, kind: str | None, code: str) -> None:
    assert {problem.code for problem in compare(source, translation, kind)} == {code}


def test_a_new_line_is_fine_in_a_paragraph_and_an_empty_translation_is_not_checked() -> None:
    assert compare("One sentence.", "एक\nवाक्य।", "paragraph") == []
    assert compare("Run `make`.", "") == []


_UNLED_ELEMENT = re.compile(markup._ELEMENT.pattern.removeprefix(markup._ELEMENT_LEAD), re.DOTALL)
"""The element pattern without its lookahead: the reference the lookahead must not change."""


@given(
    st.lists(
        st.sampled_from(["http://", "https://", "ftp://", "h", "f", "t", "p", "s", ":", "//", "x.org", " ", "a", "`", "[", "]",
                         "(", ")", "{{", "}}", "<", ">", "\\", "$", "\n", "é", "_", "-"]),
        max_size=30,
    ).map("".join)
)
def test_the_element_lookahead_finds_what_the_alternatives_find(text: str) -> None:
    """A URL's scheme whole leads the lookahead (issue 19): every match starts where, ends where
    and is of the kind the pattern's alternatives alone say."""
    assert markup._ELEMENT.pattern.startswith(markup._ELEMENT_LEAD)
    found = [(m.start(), m.end(), m.lastgroup) for m in markup._ELEMENT.finditer(text)]
    assert found == [(m.start(), m.end(), m.lastgroup) for m in _UNLED_ELEMENT.finditer(text)]


@given(
    st.lists(
        st.sampled_from(["http://", "ftp://", "h", "t", "p", ":", "//", "x", " ", "`", "[", "]", "(", ")", "{{", "}}", "<b>",
                         "\\", "$", ":smile:", "\n", "é", "_", "{: .x}"]),
        max_size=30,
    ).map("".join)
)
def test_element_matches_are_finditers(text: str) -> None:
    """The scan by lead characters (issue 19) gives the element pattern's own matches, code
    spans first (CommonMark 6.1) as a scan trying every position finds them."""
    ours = [(m.span(), m.lastgroup) for m in markup.element_matches(text)]
    every = re.compile(r"(?s:.)")
    assert ours == [(m.span(), m.lastgroup) for m in markup.finditer_code_first(markup._ELEMENT, every, text, markup._gives_way_to_code)]
    if "`" not in text:
        assert ours == [(m.span(), m.lastgroup) for m in markup._ELEMENT.finditer(text)]
