"""Parse once: a cache of each note's segmentation, so ``build`` need not parse Markdown again.

``extract`` parses a note and stores where its segments are (offsets, kinds, prefixes) in the
bookkeeping database (:mod:`l10n.store.cachedb`); ``build`` reads that instead of running markdown-it
when the note's size and modification time, the settings that shape segments and the text
itself (a digest, :func:`_text_key`: a same-size edit whose modification time was put back
keeps the stamp, issue 19) are unchanged.
The rows are plain JSON (never pickle: a cache in a shared repository must not be able to run
code) and any doubt (a missing row, a stale stamp, a damaged file) means parsing the note.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import operator
import sqlite3
from typing import Any

from l10n.config import Config
from l10n.markdown.document import Document, Segment, SegmentKind, Style
from l10n.markdown.frontmatter import FrontMatter
from l10n.site.layout import Note
from l10n.store import cachedb
from l10n.store.state import Stamp, config_fingerprint, stat_stamp


def _encode(doc: Document) -> str:
    # Kinds and styles are str enums: JSON writes a member as its value, the text ``.value``
    # would give, without a Python property call per segment and field.
    fm = doc.front_matter
    data = {
        "bom": doc.bom,
        "front_matter": None if fm is None else [fm.start, fm.end, fm.body_start, fm.body_end, fm.eol, fm.first_line, fm.format],
        "references": doc.references,
        "segments": [
            [
                s.text,
                s.kind,
                s.line,
                s.start,
                s.end,
                s.context,
                s.line_prefixes,
                s.eol,
                s.style,
                s.escape_pipes,
            ]
            for s in doc.segments
        ],
    }
    return json.dumps(data, ensure_ascii=False, check_circular=False, separators=(",", ":"))


def _decode(text: str, source: str) -> Document | None:
    data: dict[str, Any] = json.loads(text)
    fm = data["front_matter"]
    kinds, styles = _KINDS, _STYLES  # dict lookups: calling the enums was a quarter of the decoding
    segments = [
        Segment(text, kinds[kind], line, start, end, context, tuple(prefixes), eol, styles[style], escape_pipes)
        for text, kind, line, start, end, context, prefixes, eol, style, escape_pipes in data["segments"]
    ]
    if segments and max(map(_END, segments)) > len(source):  # map: no Python step per segment
        return None
    return Document(
        source=source,
        segments=segments,
        bom=bool(data["bom"]),
        front_matter=None if fm is None else FrontMatter(fm[0], fm[1], fm[2], fm[3], {}, fm[4], fm[5], *fm[6:7]),
        references=dict(data["references"]),
    )


_END = operator.attrgetter("end")
_KINDS = {kind.value: kind for kind in SegmentKind}
_STYLES = {style.value: style for style in Style}


def _key(config: Config) -> str:
    """What the stored segmentation depends on besides the note: the settings (with the
    resolved dialect) and the segmentation itself (:data:`l10n.markdown.dialect.SEGMENTATION_VERSION`,
    the constructs switched on, the code shortcodes), so an upgrade never serves old segments.
    Computed once per (frozen) configuration object: ``markdown_dialect`` builds a dialect each
    time it is asked, and the key is asked for every note a build reads."""
    global _last_key
    if _last_key is None or _last_key[0] is not config:
        _last_key = (config, f"{config_fingerprint(config)}|{config.markdown_dialect.key}")
    return _last_key[1]


_last_key: tuple[Config, str] | None = None


def _text_key(config: Config, source: str) -> str:
    """:func:`_key` and a 128-bit BLAKE2b digest of the note's decoded text: the segmentation
    stands for that text whatever the file's stamp says (about 20 microseconds per 10 KB)."""
    digest = hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return f"{_key(config)}|{digest}"


def store(config: Config, note: Note, doc: Document, stamp: Stamp) -> None:
    """Remember ``doc``'s segmentation for ``note``, read when the note's stamp
    (:func:`l10n.store.state.stat_stamp`, taken before the read) was ``stamp``: an edit saved
    after the read never matches it. Failing to store costs only speed."""
    connection = cachedb.connect(config.locales)
    if connection is None:
        return
    with contextlib.suppress(sqlite3.Error, OSError):
        size, mtime_ns = stamp
        connection.write(
            (
                "INSERT OR REPLACE INTO segmentation VALUES (?, ?, ?, ?, ?)",
                (note.rel.as_posix(), size, mtime_ns, _text_key(config, doc.source), _encode(doc)),
            ),
            defer=True,  # written with the note's run state
        )


def load(config: Config, note: Note, source: str) -> Document | None:
    """The cached segmentation of ``note`` over its decoded ``source``, or None."""
    connection = cachedb.connect(config.locales, create=False)
    if connection is None or connection.db is None:
        return None
    name = note.rel.as_posix()
    connection.flush_for(name)  # extract may have stored it in this process (sync)
    try:
        row = connection.db.execute(
            "SELECT size, mtime_ns, config, data FROM segmentation WHERE note = ?", (name,)
        ).fetchone()
        if row is None or [row[0], row[1]] != stat_stamp(note.path) or row[2] != _text_key(config, source):
            return None
        return _decode(row[3], source)
    except sqlite3.DatabaseError:
        cachedb.remove(cachedb.cache_path(config.locales))  # damaged: start again
        return None
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError, IndexError):
        return None
