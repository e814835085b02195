"""Which files among the notes ``build`` wrote as another note's translation, by the run state.

A layout that puts translations among the sources (``hugo-dir``, ``hugo-suffix``, ``jekyll``,
``mkdocs-suffix``) leaves l10n's pages where the walk of the notes finds them. While their note
is there, the layout says which they are (:func:`l10n.site.layout.drop_outputs`); once it is
deleted (or renamed, or excluded), only the build records do: a page without front matter has
nothing else that marks it as a translation. Read as a note, it would be extracted, keep its
note's records from looking stale, and never be pruned.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from l10n.store.cachedb import cache_path, connect_read_only, select_in

_BUILT_AT = "SELECT key, path FROM stamps WHERE path IN ({marks}) AND key >= 'build:' AND key < 'build;'"


def built_for_others(locales: Path, source: str, names: Sequence[str]) -> set[str]:
    """Of ``names`` (POSIX, relative to the folder ``source``), those some ``build:<lang>:<note>``
    record of the bookkeeping file in ``locales`` lists for a ``<note>`` other than the name
    itself, under any settings: pages l10n wrote (:func:`l10n.pipeline.build_inputs`: a build
    records the note, its catalog and its output). One indexed query per 500 names
    (``stamps_by_path``), on a read-only connection of its own: it reads the last committed
    state, makes no file and writes nothing (a dry run may ask; a write meanwhile may give an
    answer of before it, or none). Raises nothing: without a
    bookkeeping file, or one that cannot be read, the answer is empty."""
    if not names:
        return set()
    path = cache_path(locales)
    if not path.is_file():
        return set()
    by_path = {f"{source}{os.sep}{name}": name for name in names}
    found: set[str] = set()
    try:  # nothing made beside the file: a dry run leaves the tree as it was
        db = connect_read_only(path, os.path.exists(f"{path}-wal"))
    except sqlite3.Error:
        return found
    try:
        for key, written in select_in(db, _BUILT_AT, list(by_path)):
            note = key.split(":", 2)[2]
            if f"{source}{os.sep}{note}" != written:  # the page is not this record's own note
                found.add(by_path[written])
    except (sqlite3.Error, IndexError, KeyError):
        return found
    finally:
        db.close()
    return found


def recorded_as_output(locales: Path, source: str, path: str, keep: bool = False) -> bool:
    """Whether some ``build:<lang>:<note>`` record of the bookkeeping file in ``locales`` lists
    the file at ``path`` (absolute) as a page build wrote: not the record's own note (under
    ``source``, the source folder as a string) nor a catalog. One indexed query
    (``stamps_by_path``) on a read-only connection of this process's own, so a worker process
    may ask; each query reads the last committed state. ``keep``: the connection stays open
    for the next question until :func:`close_kept` (a build asks page after page: opening one
    cost about 1 ms, the query a few µs); only while a run holds the bookkeeping open, whose
    ``-wal`` makes it a reader of the file's changes, never an ``immutable`` one. Raises nothing: without a bookkeeping
    file, or one that cannot be read, the answer is False (the page is then taken for a
    person's, never overwritten: :mod:`l10n.site.keep`)."""
    return bool(_records_of_output(locales, source, path, keep))


_DIGESTS_AT = "SELECT key, digest FROM stamps WHERE path = ? AND key >= 'build:' AND key < 'build;'"


def recorded_digests(locales: Path, source: str, path: str, keep: bool = False) -> list[int | None]:
    """The digests (:func:`l10n.store.state.bytes_digest`, None where a record has none) of the
    bytes the ``build:`` records of :func:`recorded_as_output` say a build wrote to the page at
    ``path``: empty when no build record lists it (a person's page, or a fresh clone without
    the bookkeeping). What tells a page l10n wrote and someone edited since
    (:func:`l10n.site.keep.edited_since_written`). Raises nothing (as :func:`recorded_as_output`)."""
    return [digest for _, digest in _records_of_output(locales, source, path, keep)]


def _records_of_output(locales: Path, source: str, path: str, keep: bool) -> list[tuple[str, int | None]]:
    """``(key, digest)`` of the build records listing ``path`` as a page they wrote (see
    :func:`recorded_as_output`); empty on any error."""
    if path.endswith(".po"):
        return []
    db_path = cache_path(locales)
    key = (os.getpid(), str(db_path))  # a forked worker opens its own: never its parent's
    db = _KEPT.get(key)
    if db is None:
        if not db_path.is_file():
            return []
        busy = os.path.exists(f"{db_path}-wal")
        try:
            db = connect_read_only(db_path, busy)
        except sqlite3.Error:
            return []
        if keep and busy:
            _KEPT[key] = db
    try:
        return [
            (note, digest)
            for note, digest in db.execute(_DIGESTS_AT, (path,))
            if f"{source}{os.sep}{note.split(':', 2)[2]}" != path
        ]
    except (sqlite3.Error, IndexError):
        return []
    finally:
        if key not in _KEPT:
            db.close()


_KEPT: dict[tuple[int, str], sqlite3.Connection] = {}
"""The read-only connections :func:`recorded_as_output` keeps, by process and file."""


def close_kept() -> None:
    """Close this process's connections of :func:`recorded_as_output` (the end of a build: a
    later run, or a bookkeeping file deleted and made again, opens them afresh)."""
    pid = os.getpid()
    for key in [key for key in _KEPT if key[0] == pid]:
        _KEPT.pop(key).close()


def recorded_outputs(db: sqlite3.Connection, source: str) -> frozenset[str]:
    """The paths every ``build:`` record of ``db`` (a run state's connection) lists as a page
    build wrote (as :func:`recorded_as_output` tells them): read before ``--force`` forgets
    the records, so that the forced build still knows its own pages. Raises nothing."""
    try:
        return frozenset(
            path
            for key, path in db.execute("SELECT key, path FROM stamps WHERE key >= 'build:' AND key < 'build;'")
            if not path.endswith(".po") and f"{source}{os.sep}{key.split(':', 2)[2]}" != path
        )
    except (sqlite3.Error, IndexError):
        return frozenset()


def inputs_as_recorded(locales: Path, key: str, paths: Sequence[str]) -> bool:
    """Whether each file of ``paths`` (absolute) is as the record ``key`` (``build:<lang>:<note>``)
    of the bookkeeping file in ``locales`` stands for it (:func:`l10n.store.state.same_content`):
    the note and catalog a page was built from, unchanged since, so that the page l10n wrote is
    what the build renders from them now. One read-only query. Raises nothing: without a
    record of each (no bookkeeping, a fresh clone), False."""
    from l10n.store.state import same_content, stat_identity

    db_path = cache_path(locales)
    if not db_path.is_file():
        return False
    try:
        db = connect_read_only(db_path, os.path.exists(f"{db_path}-wal"))
    except sqlite3.Error:
        return False
    try:
        rows = {
            path: row[1:]
            for row in db.execute("SELECT path, size, mtime_ns, ctime_ns, ino, digest FROM stamps WHERE key = ?", (key,))
            for path in (row[0],)
        }
    except sqlite3.Error:
        return False
    finally:
        db.close()
    return all(path in rows and same_content(path, rows[path], stat_identity(path)) for path in paths)
