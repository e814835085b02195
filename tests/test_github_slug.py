"""github_slug's translate table against the rule it stands for, one character at a time:
github-slugger 2 (``script/generate-regex.mjs``): lower case; the General Categories below
removed but for Alphabetic characters, ``-`` and the space, which becomes ``-``. The reference
is spelt as that script spells it (categories, and the Other_Alphabetic symbols of Unicode's
PropList.txt), apart from the implementation's table."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.site.links import github_slug

# github-slugger's regex removes these General Categories ...
_REMOVED = {"No", "Pe", "Pf", "Pi", "Ps", "Po", "Pd", "Sm", "Sc", "Sk", "So", "Cc", "Co", "Cf", "Cn", "Zs", "Zl", "Zp"}
# ... but not Alphabetic characters: the symbols among them (PropList.txt, Other_Alphabetic So)
_ALPHABETIC_SYMBOLS = [(0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169), (0x1F170, 0x1F189)]


def reference(text: str) -> str:
    """github-slugger 2's ``slug()``: lower case, remove, spaces to ``-``."""
    out = []
    for char in text.lower():
        alphabetic = any(a <= ord(char) <= b for a, b in _ALPHABETIC_SYMBOLS)
        if char == " ":
            out.append("-")
        elif char == "-" or alphabetic or unicodedata.category(char) not in _REMOVED:
            out.append(char)
    return "".join(out)



@settings(max_examples=2000)
@given(st.text())
def test_the_table_gives_the_rule(text: str) -> None:
    assert github_slug(text) == reference(text)


def test_characters_lower_case_makes_longer_are_each_judged() -> None:
    # "İ".lower() is "i" and a combining dot (a mark, kept); "ß" stays; "Σ" lowers by context
    for text in ("İstanbul Guide", "Straße — ΣΑΣ", "tab\there", "a\u200db", "x\U0001f600y", ""):
        assert github_slug(text) == reference(text)


# github-slugger's test/fixtures.json (ISC licence, Titus Wormer and contributors): input, id
FIXTURES = [
    ("heading with a - dash", "heading-with-a---dash"),
    ("exchange.bind_headers(exchange, routing [, bindCallback])", "exchangebind_headersexchange-routing--bindcallback"),
    ("apostrophe’s should be trimmed", "apostrophes-should-be-trimmed"),
    ("I ♥ unicode", "i--unicode"),
    ("en–dash", "endash"),
    ("😄 - an emoji", "---an-emoji"),
    ("Привет non-latin 你好", "привет-non-latin-你好"),
    ("a_ ‿ ⁀ ⁔ ︳ ︴ ﹍ ﹎ ﹏ ＿b", "a_-‿-⁀-⁔-︳-︴-﹍-﹎-﹏-＿b"),
    ("a» ’ ” › ⸃ ⸅ ⸊ ⸍ ⸝ ⸡b", "a---------b"),
    ("aᛮ ᛯ Ⅰ Ⅱ ⅰ 〇b", "aᛮ-ᛯ-ⅰ-ⅱ-ⅰ-〇b"),
    ("à ̅ ँ ़ ृ ॉb", "à-̅-ँ-़-ृ-ॉb"),
    (" a ", "-a-"),
]


@pytest.mark.parametrize(("heading", "slug"), FIXTURES)
def test_github_slug_is_github_sluggers(heading: str, slug: str) -> None:
    assert reference(heading) == slug
    assert github_slug(heading) == slug


def test_other_numbers_go_and_alphabetic_symbols_stay() -> None:
    """The characters where l10n's rule and github-slugger's differed: Other_Number (``²``,
    ``½``, ``①``) is removed, connector punctuation and circled/squared letters are kept."""
    for text in ("x² ½ ①", "Ⓐ ⓩ 🄰 🅐 🅰", "a‿b＿c", "\u200d\u200c\u00ad"):
        assert github_slug(text) == reference(text), text
