"""as_full_references skips the inline parse only where the parse would change nothing: its
prefilter (l10n.markdown.references._may_name_by_text) held to markdown-it's reading of the text."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.markdown import references
from l10n.markdown.references import as_full_references, normalize_label

DEFINED = {normalize_label("a"): "/a", normalize_label("b c"): "/bc", normalize_label("x\\]"): "/x"}

_PIECES = st.sampled_from(
    [
        "[", "]", "[a]", "[A]", "[b c]", "[b\nc]", "[x\\]]", "[z]", "[]", "][", "[^a]", "^", "\\", "\\\\", "`", "``",
        "<", ">", "<b>", "<http://a>", "!", "(", ")", "(/u)", "*", "_", " ", "\n", "\r", "\0", "a", "b c", "t", ":",
    ]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join))
@example("\\[t][a]")  # an escaped link text: "[a]" is a shortcut reference
@example("[s][a][a]")  # "[s][a]" is one full reference, the second "[a]" a shortcut
@example("`x[t`][a]")  # the code span ends inside the pair: "[a]" is a shortcut
@example("<i title='[t'>][a]")  # so does a tag
@example("[^t][a]")  # a footnote's label, not a link text
@example("^[z][a]")  # an inline footnote (the footnote plugin's ^[…]): "[a]" is a shortcut
def test_the_prefilter_never_skips_a_text_the_parse_changes(text: str) -> None:
    parsed = references._parsed_full_references(text, DEFINED)
    if not references._may_name_by_text(text, DEFINED):
        assert parsed == text
    # the rule before this prefilter: the parse, unless _MAYBE_BY_TEXT finds no "]" to look at
    # (which misses "[a][[": a shortcut before a "[" that opens no label; kept as it was)
    before = text if references._MAYBE_BY_TEXT.search(text) is None else parsed
    assert as_full_references(text, DEFINED) == before


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("See [docs][a] and [more][b c].", False),  # full references only: no parse
        ("[a] alone", True),
        ("[x\\]] escaped bracket in the label", True),
        ("\\[t][a]", True),
        ("[s][a][a]", True),
        ("[z] undefined", False),
    ],
)
def test_full_references_need_no_parse(text: str, parsed: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = references.brackets
    monkeypatch.setattr(references, "brackets", lambda source, refs: calls.append(source) or real(source, refs))
    as_full_references(text, DEFINED)
    assert bool(calls) is parsed
