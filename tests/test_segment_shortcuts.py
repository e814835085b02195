"""The segmenter's shortcuts give what the full computation gives: the setext underline test
that picks the parser's rules, the code-span check for line breaks, the first mark
``has_translatable_text`` looks for, and the line caches markdown-it's block state starts with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_block import StateBlock

from l10n.markdown.segment import (
    _NON_TEXT,
    _SETEXT_UNDERLINE,
    _breaks_in_code,
    _has_setext_underline,
    code_span_contents,
    has_translatable_text,
    line_marks,
    markdown_parser,
)
from tests.test_roundtrip import corpus_files

_PIECE = st.sampled_from([*"ab =-`\\\t>\r\n<&[]{}h/:p", "http://x.y", "``", "<!--", "-->", "\u00e9", "&amp;", "&#9;", "](u)", "][r]", "[^1]", "{{x}}", "{%y%}", "\\`"])
_TEXT = st.lists(_PIECE, max_size=40).map("".join)
_LETTER = re.compile(r"[^\W\d_]")


def breaks_by_spans(piece_texts: list[str]) -> set[int]:
    """The pieces whose following line break falls inside a code span, from every span."""
    spans = code_span_contents("\n".join(piece_texts))
    breaks: set[int] = set()
    position = -1
    for number, text in enumerate(piece_texts[:-1]):
        position += len(text) + 1
        if any(start <= position < end for start, end in spans):
            breaks.add(number)
    return breaks


@settings(max_examples=3000, deadline=None)
@given(st.lists(_TEXT.map(lambda t: t.replace("\n", " ").replace("\r", " ")), min_size=1, max_size=6))
def test_breaks_in_code_shortcut(pieces: list[str]) -> None:
    assert _breaks_in_code(pieces) == breaks_by_spans(pieces)


def test_breaks_in_code_examples() -> None:
    assert _breaks_in_code(["a `x", "y` b"]) == {0}
    assert _breaks_in_code(["a `x` `y", "z` b", "c"]) == {0}
    assert _breaks_in_code(["a `x` b", "c `d` e"]) == set()
    assert _breaks_in_code(["a ``x", "y`` b"]) == {0}
    assert _breaks_in_code(["a \\`x` `y", "z` b"]) == set()  # the escaped one is literal
    assert _breaks_in_code(["\\`a` b` c` d", "e` f"]) == {0}  # an even count, one of them escaped


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_setext_underline_shortcut(text: str) -> None:
    assert _has_setext_underline(text) == (_SETEXT_UNDERLINE.search("\n" + text) is not None)


def test_setext_underline_examples() -> None:
    assert _has_setext_underline("Title\n=====\n")
    assert _has_setext_underline("> Title\n> ---  ")
    assert not _has_setext_underline("- item\n- item\n")
    assert not _has_setext_underline("a - b\nc = d")
    assert _has_setext_underline("a\r\n--\r\n")


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_translatable_text_shortcut(text: str) -> None:
    assert has_translatable_text(text) == bool(_LETTER.search(_NON_TEXT.sub(" ", text)))


def stock_marks(src: str) -> tuple[list[int], ...]:
    state = StateBlock(src, markdown_parser(), {}, [])
    return state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "  ", "\t", " \t", "a", "- b", "\n", "\n\n", "  \n", "\u00a0", "\t\tc"]), max_size=30).map("".join))
def test_line_marks_are_markdown_it_s(src: str) -> None:
    assert line_marks(src) == stock_marks(src)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_line_marks_of_corpus_pages(path: Path) -> None:
    src = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    assert line_marks(src) == stock_marks(src)
