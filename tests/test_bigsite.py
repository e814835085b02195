"""The shortcuts that make big sites fast give the same results as the plain ways."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from l10n.protect import _RULES, _pattern, protect

_ALPHABET = st.sampled_from([*"ab hf:/.{}｛｝`<>[]()&#;\\^!-_*\n1x", "http://", "https://", "ftp://", "&amp;", "{1}"])
_TEXTS = st.lists(_ALPHABET, max_size=40).map("".join)
_TERMS = st.lists(st.text(alphabet="aO-\\^]x.", min_size=1, max_size=4), max_size=3)


def _plain(keep: tuple[str, ...]) -> re.Pattern[str]:
    """The rules joined without the first-character lookahead (what the pattern was before)."""
    rules = list(_RULES)
    if keep:
        terms = "|".join(re.escape(t) for t in sorted(keep, key=len, reverse=True))
        rules.append(("glossary term", rf"(?<!\w)(?:{terms})(?!\w)"))
    return re.compile("|".join(f"(?P<r{i}>{rx})" for i, (_, rx) in enumerate(rules)), re.DOTALL)


@given(_TEXTS, _TERMS)
def test_the_lookahead_changes_no_match(text: str, terms: list[str]) -> None:
    keep = tuple(t for t in terms if t)
    fast, plain = _pattern(keep), _plain(keep)
    assert [(m.span(), m.lastgroup) for m in fast.finditer(text)] == [
        (m.span(), m.lastgroup) for m in plain.finditer(text)
    ]
    assert protect(text, keep).restore(protect(text, keep).text) == text
