"""github_slug's translate table against the rule it stands for, one character at a time
(github-slugger: lower case; letters, marks, numbers, ``-`` and ``_`` kept; a space made ``-``)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.site.links import github_slug


def reference(text: str) -> str:
    kept = [c for c in text.lower() if c in " -_" or unicodedata.category(c)[0] in "LMN"]
    return "".join(kept).replace(" ", "-")


@settings(max_examples=2000)
@given(st.text())
def test_the_table_gives_the_rule(text: str) -> None:
    assert github_slug(text) == reference(text)


def test_characters_lower_case_makes_longer_are_each_judged() -> None:
    # "İ".lower() is "i" and a combining dot (a mark, kept); "ß" stays; "Σ" lowers by context
    for text in ("İstanbul Guide", "Straße — ΣΑΣ", "tab\there", "a\u200db", "x\U0001f600y", ""):
        assert github_slug(text) == reference(text)
