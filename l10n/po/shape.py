"""The shape a catalog file has on disk, so that rewriting it keeps what its translator's tools
gave it: line ends, a byte order mark, the wrap width, and each entry's text as written.

A PO editor or ``msgcat`` may save a catalog with CRLF line ends, wrapped at another width
(``msgcat --width=N``, ``--no-wrap``, Poedit's 79 columns) or with a BOM (GNU gettext manual,
"msgcat Invocation", ``-w``/``--no-wrap``; "The Format of PO Files"). l10n reads all of them
(:mod:`l10n.po.scan`, :class:`l10n.po.catalog.Catalog`); :mod:`l10n.po.writer` uses the shape
read here to write a changed catalog back in the same shape, so a reviewer's diff shows only the
entries that changed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from l10n.fsutil import read_file

BOM = "\ufeff"
GETTEXT_WIDTH = 79
"""``msgcat``'s and ``msgmerge``'s default ``--width`` (and Poedit's): preferred when a file's
lines allow it."""

_BLOCK_BREAK = re.compile(r"\n(?:[ \t]*\n)+")
_SPACE_LINE = re.compile(r"\n[ \t]+\n")
_STRING_PREFIX = re.compile(r'^(?:#~ |#\| |#~\| )?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) )?"')
# A break opportunity inside a quoted string's content (gettext breaks after spaces, and after
# '/' or '-' inside words; see writer._BREAK_AFTER): a line holding one was at most the width.
# A quoted line that does not end in an escaped newline (nor is an empty string: msgid ""), then
# a line continuing the same string: what a wrapped file has and an unwrapped one lacks.
_MAYBE_WRAPPED = re.compile(r'"(?<!\\n")(?<! "")[ \t]*\n(?:#~ |#\| |#~\| )?"')
_WRAPPED_REFERENCES = re.compile(r"\n#:[^\n]*\n#:")  # no ^ and MULTILINE: 3x faster
_INNER_BREAK = re.compile(r'[ /-](?=[^ "])')


class FileShape(NamedTuple):
    """A catalog file's shape (:func:`shape_of_text`). Blocks are the file's entries as written,
    with ``\\n`` line ends whatever the file's, each ending in one ``\\n``."""

    newline: str
    """``"\\n"`` or ``"\\r\\n"``: the file's line end (a mixed file: the one most lines have,
    LF on a tie)."""
    bom: bool
    """Whether the file started with a UTF-8 byte order mark."""
    width: int
    """The column width its strings are wrapped at (:func:`detect_wrap_width`); 0: not wrapped."""
    reference_width: int
    """The width its ``#:`` reference lines are wrapped at: 0 when no entry has more than one
    (l10n writes them on one line), else :attr:`width`, or gettext's 79 for an unwrapped file
    (``msgcat --no-wrap`` still wraps references)."""
    header: str
    """The first block (the header entry and its comments), or ``""`` for an empty file."""
    body: str
    """Every other block, in file order, with one blank line between them (a file's runs of
    blank or white lines between blocks count as one)."""

    @property
    def usual(self) -> bool:
        """Whether l10n's own format (LF, no BOM, no wrapping) is the file's."""
        return self.newline == "\n" and not self.bom and not self.width and not self.reference_width

    @property
    def blocks(self) -> frozenset[str]:
        """The blocks of :attr:`body`."""
        return frozenset(block + "\n" for block in self.body[:-1].split("\n\n")) if self.body else frozenset()


def shape_of_text(text: str, measure_widths: bool = True) -> FileShape:
    """The shape of a catalog file whose decoded text is ``text`` (a BOM, when present, is its
    first character). Linear in the text. ``measure_widths=False`` leaves the widths 0, for the caller
    to :func:`measure` on the part of the file that can tell (the writer: the blocks l10n's own
    rendering did not find, as a wrapped string is never among the others)."""
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\n"
    if "\r\n" in text:
        crlf = text.count("\r\n")
        newline = "\r\n" if crlf > text.count("\n") - crlf else "\n"
        text = text.replace("\r\n", "\n")
    if text[:1] == "\n" or text[-1:] != "\n" or text[-2:] == "\n\n":
        text = text.strip("\n") + "\n"
    if "\n\n\n" in text or _SPACE_LINE.search(text):  # blocks apart by more than one blank line
        text = "\n".join(block + "\n" for block in _BLOCK_BREAK.split(text[:-1]) if block)
    end = text.find("\n\n")
    header, body = ("", "") if text == "\n" else (text, "") if end < 0 else (text[: end + 1], text[end + 2 :])
    shape = FileShape(newline, bom, 0, 0, header, body)
    return measure(shape, text) if measure_widths else shape


def measure(shape: FileShape, text: str) -> FileShape:
    """``shape`` with the wrap widths ``text`` (the file's, or the part of it that tells, with
    ``\\n`` line ends) shows: :func:`detect_wrap_width`, and the references' width."""
    width = detect_wrap_width(text)
    return shape._replace(width=width, reference_width=(width or GETTEXT_WIDTH) if _WRAPPED_REFERENCES.search(text) else 0)


def read_shape(path: Path, measure_widths: bool = True) -> FileShape | None:
    """The shape of the catalog at ``path`` (:func:`shape_of_text`); None when there is no
    readable UTF-8 file there (the writer then writes l10n's own format)."""
    try:
        return shape_of_text(read_file(path).decode("utf-8"), measure_widths)
    except (OSError, UnicodeDecodeError):
        return None


def detect_wrap_width(text: str) -> int:
    r"""The column width a PO file's strings are wrapped at, or 0 when they are not wrapped.

    A string is *wrapped* when one of its quoted lines is followed by another of the same string
    and does not end with an escaped newline: that break was made for width, not by the text
    (gettext also breaks after each ``\n``). No such line: 0, which is both ``msgcat --no-wrap``
    and l10n's own format, so a file whose strings are all short (nothing can be told) gets the
    project default. Otherwise the width is told from the lines, in characters, quotes and
    keyword included (as gettext counts them): every string line holding a break opportunity
    (a space, or ``/`` or ``-`` inside a word) is at most the width, since gettext would have
    broken it otherwise; and a wrapped line plus the first word of the next is more than the
    width, since gettext would have kept the word. Gettext's default 79 is taken when those
    bounds allow it (``msgcat``, Poedit), else the longest such line. Lines are ``\n``-ended
    (normalise CRLF first).

    >>> detect_wrap_width('msgid ""\n"Line one\\n"\n"Line two"\n')
    0
    >>> detect_wrap_width('msgid ""\n"A long sentence that "\n"goes on."\n')
    23
    """
    if not _MAYBE_WRAPPED.search(text):
        return 0  # most files: no line to look at one by one (that loop was half a save's time)
    lines = text.split("\n")
    wrapped = False
    lower = 0
    upper: int | None = None
    for index, line in enumerate(lines):
        prefix = _STRING_PREFIX.match(line)
        if prefix is None:
            continue
        content = line[prefix.end() :]
        if _INNER_BREAK.search(content.rstrip().removesuffix('"')):
            lower = max(lower, len(line))
        following = lines[index + 1] if index + 1 < len(lines) else ""
        next_prefix = _STRING_PREFIX.match(following)
        continued = next_prefix is not None and next_prefix.group().lstrip("#~| ") == '"'
        if continued and not line.endswith('\\n"') and content != '"':
            wrapped = True
            word = re.match(r'[^ /-]*[ /-]?', following[next_prefix.end() :])  # type: ignore[union-attr]
            fits = len(line) + len(word.group() if word else "") - 1
            upper = fits if upper is None else min(upper, fits)
    if not wrapped:
        return 0
    if lower <= GETTEXT_WIDTH and (upper is None or upper >= GETTEXT_WIDTH):
        return GETTEXT_WIDTH
    return max(lower, 1)
