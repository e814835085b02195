"""Parse once: a cache of each note's segmentation, so ``build`` need not parse Markdown again.

``extract`` parses a note and stores where its segments are (offsets, kinds, prefixes) in the
bookkeeping database (:mod:`l10n.store.cachedb`); ``build`` reads that instead of running markdown-it
when the note's size and modification time, the settings that shape segments and the text
itself (a digest, :func:`text_digest`: a same-size edit whose modification time was put back
keeps the stamp, issue 19) are unchanged.
The rows are :mod:`marshal` bytes of plain values (strings, integers, tuples: never pickle, since
a cache in a shared repository must not be able to run code: marshal only builds values, calls
nothing, and what it gives is only ever used as data, a shape other than the one written failing
to unpack).
They replaced JSON text, whose decoding was half of reading a note's row (session 11: 13 → 6 ms
for the 127 corpus notes). Any doubt (a missing row, a stale stamp, a damaged file or row, a
row of another format) means parsing the note.
"""

from __future__ import annotations

import contextlib
import marshal
import operator
import sqlite3

from l10n.config import Config
from l10n.markdown.document import Document, Segment, SegmentKind, Style
from l10n.markdown.frontmatter import FrontMatter
from l10n.site.layout import Note
from l10n.store import cachedb
from l10n.store.state import Stamp, bytes_digest, config_fingerprint, stat_stamp


def _encode(doc: Document) -> bytes:
    """``doc``'s segmentation as :mod:`marshal` bytes of plain values (str, int, bool, None,
    tuples, one dict): kinds and styles by their values. Raises ValueError for a value marshal
    cannot write (a str subclass where a plain str was expected): :func:`store` then stores
    nothing."""
    fm = doc.front_matter
    kinds, styles = _KIND_VALUES, _STYLE_VALUES  # dict lookups: no enum property call per segment
    return marshal.dumps(
        (
            _FORMAT,
            doc.bom,
            None if fm is None else (fm.start, fm.end, fm.body_start, fm.body_end, fm.eol, fm.first_line, fm.format, _lang(fm)),
            doc.references,
            [
                (s.text, kinds[s.kind], s.line, s.start, s.end, s.context, s.line_prefixes, s.eol, styles[s.style], s.escape_pipes)
                for s in doc.segments
            ],
        )
    )


def _decode(data: bytes, source: str) -> Document | None:
    """:func:`_encode`'s bytes read back over ``source``; None when they are not such bytes or
    do not fit ``source``. Raises ValueError, EOFError, TypeError, KeyError or IndexError on a
    damaged row (:func:`load` takes any of them for a missing row)."""
    form, bom, fm, references, rows = marshal.loads(data)
    if form != _FORMAT or type(references) is not dict:
        return None
    kinds, styles = _KINDS, _STYLES  # dict lookups: calling the enums was a quarter of the decoding
    segments = [
        Segment(text, kinds[kind], line, start, end, context, prefixes, eol, styles[style], escape_pipes)
        for text, kind, line, start, end, context, prefixes, eol, style, escape_pipes in rows
    ]
    if segments and max(map(_END, segments)) > len(source):  # map: no Python step per segment
        return None
    return Document(
        source=source,
        segments=segments,
        bom=bool(bom),
        front_matter=None if fm is None else FrontMatter(fm[0], fm[1], fm[2], fm[3], _lang_data(fm[7]), fm[4], fm[5], fm[6]),
        references=references,
    )


def _lang(fm: FrontMatter) -> str | None:
    value = fm.data.get("lang")
    return value if type(value) is str else None  # what language_of reads; marshal writes plain str only


def _lang_data(lang: str | None) -> dict[str, str]:
    """A cached front matter's data: its ``lang`` alone, the one key a build reads from it
    (:func:`l10n.site.relink.language_of`: a note whose front matter says it is written in a
    target language is not built into it); the other keys are read from the text when needed."""
    return {} if lang is None else {"lang": lang}


_FORMAT = "segments-1"
"""The row's format, first in it and in :func:`_key`: rows of another format (JSON text before
it) are parsed again, never misread."""
_END = operator.attrgetter("end")
_KINDS = {kind.value: kind for kind in SegmentKind}
_STYLES = {style.value: style for style in Style}
_KIND_VALUES = {kind: kind.value for kind in SegmentKind}
_STYLE_VALUES = {style: style.value for style in Style}


def _key(config: Config) -> str:
    """What the stored segmentation depends on besides the note: the settings (with the
    resolved dialect) and the segmentation itself (:data:`l10n.markdown.dialect.SEGMENTATION_VERSION`,
    the constructs switched on, the code shortcodes), so an upgrade never serves old segments.
    Computed once per (frozen) configuration object: ``markdown_dialect`` builds a dialect each
    time it is asked, and the key is asked for every note a build reads."""
    global _last_key
    if _last_key is None or _last_key[0] is not config:
        _last_key = (config, f"{config_fingerprint(config)}|{config.markdown_dialect.key}|{_FORMAT}")
    return _last_key[1]


_last_key: tuple[Config, str] | None = None


def _text_key(config: Config, digest: int) -> str:
    """:func:`_key` and ``digest``, the note's text's :func:`text_digest`: the segmentation stands
    for that text whatever the file's stamp says."""
    return f"{_key(config)}|{digest}"


def text_digest(source: str) -> int:
    """The 64-bit BLAKE2b digest of the UTF-8 bytes of a note's decoded text (the note's file
    less any BOM: decoding is strict UTF-8, so the text and those bytes stand for each other):
    :func:`l10n.store.state.bytes_digest` of them, which is the run state's digest of the file
    when it has no BOM, so :func:`l10n.pipeline.load_note` hashes a note's bytes once for both
    (session 14; a second BLAKE2b of the re-encoded text was 3.6 % of a build's instructions).
    64 bits, as the run state trusts for a file's content; the key is asked only when the
    note's size and modification time are those recorded too."""
    return bytes_digest(source.encode("utf-8", "surrogatepass"))


def store(config: Config, note: Note, doc: Document, stamp: Stamp, digest: int | None = None) -> None:
    """Remember ``doc``'s segmentation for ``note``, read when the note's stamp
    (:func:`l10n.store.state.stat_stamp`, taken before the read) was ``stamp``: an edit saved
    after the read never matches it (``digest``: :func:`text_digest` of ``doc.source`` when the
    caller has it). Failing to store costs only speed."""
    connection = cachedb.connect(config.locales)
    if connection is None:
        return
    with contextlib.suppress(sqlite3.Error, OSError, ValueError):
        size, mtime_ns = stamp
        connection.write(
            (
                "INSERT OR REPLACE INTO segmentation VALUES (?, ?, ?, ?, ?)",
                (note.rel.as_posix(), size, mtime_ns, _text_key(config, text_digest(doc.source) if digest is None else digest), _encode(doc)),
            ),
            defer=True,  # written with the note's run state
        )


def load(
    config: Config, note: Note, source: str, stamp: Stamp | None = None, digest: int | None = None
) -> Document | None:
    """The cached segmentation of ``note`` over its decoded ``source``, or None; ``stamp``: the
    note's :func:`~l10n.store.state.stat_stamp` when the caller took it before reading
    ``source`` (:func:`l10n.pipeline.load_note` does), else the note is stat-ed here;
    ``digest``: :func:`text_digest` of ``source`` when the caller has it."""
    connection = cachedb.connect(config.locales, create=False)
    if connection is None or connection.db is None:
        return None
    name = note.rel.as_posix()
    connection.flush_for(name)  # extract may have stored it in this process (sync)
    try:
        row = connection.db.execute(
            "SELECT size, mtime_ns, config, data FROM segmentation WHERE note = ?", (name,)
        ).fetchone()
        if (
            row is None
            or [row[0], row[1]] != (stat_stamp(note.path) if stamp is None else stamp)
            or row[2] != _text_key(config, text_digest(source) if digest is None else digest)
        ):
            return None
        return _decode(row[3], source)
    except sqlite3.Error as exc:
        if cachedb.damaged(exc):
            cachedb.remove(cachedb.cache_path(config.locales))  # damaged: start again
        return None
    except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError):
        return None
