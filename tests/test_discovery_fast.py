"""The sieve of note discovery that finds names carrying a language code (session 12).

``_named_with_codes`` tries its pattern only where a code occurs; it must pass exactly the
names that one scan of the whole pattern over the joined names (the sieve of session 10, kept
here as the oracle) passes, and never fewer than ``name_language`` takes.
"""

from __future__ import annotations

import bisect
import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.site.layout import _named_with_codes
from l10n.site.site_layout import name_language


def _one_scan(names: list[str], targets: set[str]) -> set[int]:
    """Session 10's sieve: one ``re.finditer`` over the joined, lowered names; codes and names
    with ``_`` read as ``-`` (a code matches however spelt, ``pt_BR`` as ``pt-br``)."""
    if not names:
        return set()
    codes = "|".join(re.escape(code.lower().replace("_", "-")) for code in sorted(targets, key=len, reverse=True))
    text = "\n".join(names).lower().replace("_", "-")
    ends = list(itertools.accumulate(len(name) + 1 for name in names))
    return {
        bisect.bisect_right(ends, found.start())
        for found in re.finditer(rf"(?:^|[-./])(?:{codes})(?:/|\.[^./\n]*$)", text, re.MULTILINE)
    }


_PARTS = st.sampled_from(["hi", "HI", "pt-br", "pt_BR", "pt", "br", "zh", "zh-hans", "zh_Hans", "x", "his", "a", "-", ".", "/", "md", "_", "é"])
_NAMES = st.lists(st.lists(_PARTS, min_size=1, max_size=8).map("".join), max_size=12)
_TARGETS = st.sets(st.sampled_from(["hi", "pt-BR", "pt_br", "zh-Hans", "zh", "br"]), min_size=1, max_size=3)


@settings(max_examples=400, deadline=None)
@given(_NAMES, _TARGETS)
def test_the_sieve_passes_what_one_scan_of_the_pattern_passes(names: list[str], targets: set[str]) -> None:
    assert _named_with_codes(names, targets) == _one_scan(names, targets)


@settings(max_examples=200, deadline=None)
@given(_NAMES, _TARGETS)
def test_the_sieve_passes_every_name_in_a_target_language(names: list[str], targets: set[str]) -> None:
    passed = _named_with_codes(names, targets)
    for index, name in enumerate(names):
        if name.endswith(".md") and name_language(name, sorted(targets), "en") in targets:
            assert index in passed, name


def test_names_of_a_real_layout() -> None:
    names = ["_posts/hi/post.md", "post.hi.md", "guide/this.md", "hi.md", "docs/pt-br/a.md", "history/hi.md", "e.pt_BR.md"]
    assert _named_with_codes(names, {"hi", "pt-BR"}) == {0, 1, 3, 4, 5, 6}
    assert _named_with_codes(names, {"pt_BR"}) == {4, 6}  # however the code or the name spells it
