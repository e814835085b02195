"""Parse once: a cache of each note's segmentation, so ``build`` need not parse Markdown again.

``extract`` parses a note and stores where its segments are (offsets, kinds, prefixes) in one
SQLite file, ``locales/.l10n-cache.sqlite3``; ``build`` reads that instead of running markdown-it
when the note's size and modification time and the settings that shape segments are unchanged.

One database rather than a file per note: creating a file costs more than the row it would hold
(a seventh of ``extract``'s time went to the per-note files), and memory stays flat however many
notes there are. WAL mode lets ``--jobs`` worker processes read and write it side by side. The
rows are plain JSON (never pickle: a cache in a shared repository must not be able to run code)
and any doubt (a missing row, a stale stamp, a damaged file) means parsing the note as usual; a
damaged database is deleted and started again.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import multiprocessing
import os
import sqlite3
from pathlib import Path
from typing import Any

from l10n.config import Config
from l10n.document import Document, Segment, SegmentKind, Style
from l10n.frontmatter import FrontMatter
from l10n.layout import Note
from l10n.state import config_fingerprint

CACHE_NAME = ".l10n-cache.sqlite3"
_VERSION = 2  # PRAGMA user_version: a database of another version is emptied
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS segmentation ("
    "note TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, config TEXT, data TEXT)"
)


def cache_path(config: Config) -> Path:
    return config.locales / CACHE_NAME


class _Connection:
    """This process's connection to one cache file (a connection must not cross a fork)."""

    current: _Connection | None = None

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pid = os.getpid()
        self.db = _open(path)

    @classmethod
    def to(cls, path: Path, create: bool) -> sqlite3.Connection | None:
        held = cls.current
        if held is not None and held.path == path and held.pid == os.getpid():
            return held.db
        if held is not None and held.pid == os.getpid():
            held.close()
        if not create and not path.exists():
            return None
        cls.current = cls(path)
        return cls.current.db

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                if self.db.in_transaction:
                    self.db.commit()
                self.db.close()
        self.db = None
        if _Connection.current is self:
            _Connection.current = None


def _open(path: Path) -> sqlite3.Connection | None:
    """Connect, creating the table; a file that is not a usable database is replaced once."""
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")  # a crash loses at most the last rows
                if _version(db) != _VERSION:
                    with db:
                        db.execute("BEGIN IMMEDIATE")
                        if _version(db) != _VERSION:  # checked again: another process may have won
                            db.execute("DROP TABLE IF EXISTS segmentation")
                            db.execute(_SCHEMA)
                            db.execute(f"PRAGMA user_version = {_VERSION}")
                return db
            except sqlite3.Error:
                db.close()
                raise
        except sqlite3.DatabaseError:
            if attempt == 0:
                _remove(path)
        except (sqlite3.Error, OSError):
            break
    return None


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def flush() -> None:
    """Commit the rows this process has stored, for other processes to see."""
    held = _Connection.current
    if held is not None and held.pid == os.getpid() and held.db is not None and held.db.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            held.db.commit()


def close() -> None:
    """Commit and close this process's connection (the next use opens it again)."""
    flush()
    held = _Connection.current
    if held is not None and held.pid == os.getpid():
        held.close()


atexit.register(close)


def _stamp(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def _encode(doc: Document) -> str:
    fm = doc.front_matter
    data = {
        "bom": doc.bom,
        "front_matter": None
        if fm is None
        else [fm.start, fm.end, fm.body_start, fm.body_end, fm.eol, fm.first_line],
        "references": doc.references,
        "segments": [
            [s.text, s.kind.value, s.line, s.start, s.end, s.context, list(s.line_prefixes), s.eol, s.style.value,
             s.escape_pipes]
            for s in doc.segments
        ],
    }
    return json.dumps(data, ensure_ascii=False)


def _decode(text: str, source: str) -> Document | None:
    data: dict[str, Any] = json.loads(text)
    fm = data["front_matter"]
    segments = [
        Segment(
            text=text,
            kind=SegmentKind(kind),
            line=line,
            start=start,
            end=end,
            context=context,
            line_prefixes=tuple(prefixes),
            eol=eol,
            style=Style(style),
            escape_pipes=escape_pipes,
        )
        for text, kind, line, start, end, context, prefixes, eol, style, escape_pipes in data["segments"]
    ]
    if any(s.end > len(source) for s in segments):
        return None
    return Document(
        source=source,
        segments=segments,
        bom=bool(data["bom"]),
        front_matter=None if fm is None else FrontMatter(fm[0], fm[1], fm[2], fm[3], {}, fm[4], fm[5]),
        references=dict(data["references"]),
    )


def store(config: Config, note: Note, doc: Document) -> None:
    """Remember ``doc``'s segmentation for ``note``; failing to do so costs only speed."""
    db = _Connection.to(cache_path(config), create=True)
    if db is None:
        return
    with contextlib.suppress(sqlite3.Error, OSError):
        size, mtime_ns = _stamp(note.path)
        if not db.in_transaction and multiprocessing.parent_process() is None:
            # Alone, a process commits its rows together (flush, close); a --jobs worker
            # commits each at once, so the others never wait for its lock.
            db.execute("BEGIN")
        db.execute(
            "INSERT OR REPLACE INTO segmentation VALUES (?, ?, ?, ?, ?)",
            (note.rel.as_posix(), size, mtime_ns, config_fingerprint(config), _encode(doc)),
        )


def load(config: Config, note: Note, source: str) -> Document | None:
    """The cached segmentation of ``note`` over its decoded ``source``, or None."""
    db = _Connection.to(cache_path(config), create=False)
    if db is None:
        return None
    try:
        row = db.execute(
            "SELECT size, mtime_ns, config, data FROM segmentation WHERE note = ?", (note.rel.as_posix(),)
        ).fetchone()
        if row is None or (row[0], row[1]) != _stamp(note.path) or row[2] != config_fingerprint(config):
            return None
        return _decode(row[3], source)
    except sqlite3.DatabaseError:
        close()
        _remove(cache_path(config))  # damaged: start again
        return None
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError, IndexError):
        return None
