"""The source folders' listings kept between runs (``note_listings`` in the bookkeeping file).

The walk of the notes (:func:`l10n.site.layout._walk`) uses a folder's kept listing while the
folder's mtime, change time and inode are as recorded (:class:`l10n.site.layout.Listings`);
this module reads them for a run and writes the ones a walk made. Only ``sync`` does both (a
dry run reads nothing here: it must not open the bookkeeping file before its in-memory copy).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from l10n.site.layout import Listings
from l10n.store import cachedb

_RECORD = "INSERT OR REPLACE INTO note_listings (folder, mtime_ns, ctime_ns, ino, entries) VALUES (?, ?, ?, ?, ?)"


def kept_listings(locales: Path) -> Listings:
    """Every kept listing of the project whose catalogs are in ``locales`` (none when there is
    no bookkeeping file or it cannot be read: the walk lists each folder then). Opens the
    bookkeeping file when there is one (the run's own connection, :func:`cachedb.connect`)."""
    connection = cachedb.connect(locales, create=False)
    if connection is None or connection.db is None:
        return Listings({})
    try:
        rows = connection.db.execute("SELECT folder, mtime_ns, ctime_ns, ino, entries FROM note_listings").fetchall()
    except sqlite3.Error:
        return Listings({})
    return Listings({folder: (mtime_ns, ctime_ns, ino, entries) for folder, mtime_ns, ctime_ns, ino, entries in rows})


def record_listings(locales: Path, listings: Listings) -> None:
    """Write the listings the walk made that are worth keeping (``listings.fresh``), in one
    transaction; a database error costs a listing next time, never a note. Raises nothing."""
    if not listings.fresh:
        return
    connection = cachedb.connect(locales, create=False)
    if connection is None:
        return
    try:
        connection.write(*((_RECORD, row) for row in listings.fresh))
    except sqlite3.Error:
        return
    listings.fresh.clear()
