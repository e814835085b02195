"""The segmenter's shortcuts give what the full computation gives: the setext underline test
that picks the parser's rules, the code-span check for line breaks, the first mark
``has_translatable_text`` looks for, the line caches markdown-it's block state starts with, and
the joining of a block whose every line break is soft."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_block import StateBlock

from l10n.markdown.dialect import Dialect
from l10n.markdown.segment import (
    _NON_TEXT,
    _SETEXT_UNDERLINE,
    _breaks_in_code,
    _has_setext_underline,
    _Lines,
    _Segmenter,
    code_span_contents,
    has_translatable_text,
    line_marks,
    markdown_parser,
    read_note,
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
    expected = _SETEXT_UNDERLINE.search("\n" + text) is not None
    assert _has_setext_underline(text) == expected
    if "\r" not in text:  # the lines the caller split already (the segmenter's own)
        assert _has_setext_underline(text, text.split("\n")) == expected


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
    lines = src.split("\n")
    assert line_marks(src) == line_marks(src, lines) == stock_marks(src)
    assert lines == src.split("\n")  # the caller's lines are left as they were


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_line_marks_of_corpus_pages(path: Path) -> None:
    src = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    assert line_marks(src) == line_marks(src, src.split("\n")) == stock_marks(src)


def lines_one_by_one(text: str) -> tuple[list[str], list[int], list[str]]:
    """Each line's text, start offset and line ending, found line by line (CommonMark 2.1:
    a line ends at LF, CR or CRLF)."""
    texts: list[str] = []
    starts: list[int] = []
    eols: list[str] = []
    position = 0
    while True:
        starts.append(position)
        ends = [i for i in (text.find("\r", position), text.find("\n", position)) if i >= 0]
        if not ends:
            texts.append(text[position:])
            eols.append("")
            break
        end = min(ends)
        eol = "\r\n" if text.startswith("\r\n", end) else text[end]
        texts.append(text[position:end])
        eols.append(eol)
        position = end + len(eol)
    return [t.replace("\0", "\ufffd") for t in texts], starts, eols


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "a", "bc", "\n", "\r", "\r\n", "\n\n", "\0", "\t", "\u00e9"]), max_size=30).map("".join))
def test_lines_of_text(text: str) -> None:
    lines = _Lines.of(text)
    assert (lines.texts, lines.starts, lines.eols) == lines_one_by_one(text)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lines_of_corpus_pages(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    for variant in (text, text.replace("\n", "\r\n")):
        lines = _Lines.of(variant)
        assert (lines.texts, lines.starts, lines.eols) == lines_one_by_one(variant)


# -- joining a block's lines: the shortcut for a block whose every break is soft ----------------------------------


def _joined_both_ways(segmenter: _Segmenter, pieces: list[tuple[int, int, int]], fixed: set[int], keep: bool) -> tuple[object, object]:
    """(text, prefixes) from ``_join_lines`` (with its shortcut) and from the break-by-break
    reference, for the same block."""
    lines = segmenter.lines.texts
    texts = [lines[index][start:end] for index, start, end in pieces]
    fast: list[str] = []
    slow: list[str] = []
    in_code = _breaks_in_code(texts) if any("`" in text for text in texts) else set()
    return (
        (segmenter._join_lines(pieces, texts, set(fixed), keep, fast), fast),
        (segmenter._join_lines_by_piece(pieces, texts, set(fixed), keep, slow, in_code), slow),
    )


_LINE_PIECE = st.sampled_from([*"ab `<>{}%\\\t", "  ", "\\\\", "``", "<!--", "-->", "<b>", "</b>", "{{<", ">}}", "{%", "%}", "é"])


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.lists(_LINE_PIECE, min_size=1, max_size=8).map("".join), min_size=2, max_size=6),
    st.sets(st.integers(0, 5), max_size=2),
    st.booleans(),
)
def test_join_lines_shortcut(lines: list[str], fixed: set[int], keep: bool) -> None:
    segmenter = _Segmenter("\n".join(lines), "<note>", (), Dialect())
    # each line's piece as add_text_block cuts it: without its indentation and trailing blanks
    pieces = []
    for index, line in enumerate(lines):
        text = line.strip(" \t")
        if text:
            start = len(line) - len(line.lstrip(" \t"))
            pieces.append((index, start, start + len(text)))
    if len(pieces) < 2:
        return
    fast, slow = _joined_both_ways(segmenter, pieces, {n for n in fixed if n < len(pieces)}, keep)
    assert fast == slow


def test_join_lines_shortcut_examples() -> None:
    segmenter = _Segmenter("a `x` b\nc d\ne `f\ng` h  \ni\\\nj", "<note>", (), Dialect())
    fast, slow = _joined_both_ways(segmenter, [(0, 0, 7), (1, 0, 3)], set(), False)
    assert fast == slow == ("a `x` b c d", [])  # spans closed on their line: soft breaks
    fast, slow = _joined_both_ways(segmenter, [(2, 0, 4), (3, 0, 4), (4, 0, 2), (5, 0, 1)], set(), False)
    assert fast == slow == ("e `f\ng` h  \ni\\\nj", ["", "", ""])  # a span across, a hard break, a backslash


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_join_lines_shortcut_on_corpus_pages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every block of several lines of the bundled corpus pages joins the same both ways."""
    blocks: list[tuple[_Segmenter, list[tuple[int, int, int]], set[int], bool]] = []
    join = _Segmenter._join_lines

    def recording(self: _Segmenter, pieces: list[tuple[int, int, int]], texts: list[str], fixed: set[int], keep: bool, prefixes: list[str]) -> str:
        blocks.append((self, list(pieces), set(fixed), keep))
        return join(self, pieces, texts, fixed, keep, prefixes)

    monkeypatch.setattr(_Segmenter, "_join_lines", recording)
    read_note(path.read_bytes(), str(path))
    monkeypatch.undo()
    for segmenter, pieces, fixed, keep in blocks:
        fast, slow = _joined_both_ways(segmenter, pieces, fixed, keep)
        assert fast == slow
