"""l10n's bookkeeping database: ``locales/.l10n-cache.sqlite3``.

It holds what lets a run skip work — the stamps of the files behind each piece of work done
(:mod:`l10n.store.state`), each note's segmentation (:mod:`l10n.store.segcache`), the
translations the validator passed and what each catalog publishes (:mod:`l10n.store.verdicts`),
the segments whose machine translations were refused (:mod:`l10n.store.refusals`) — in one SQLite file
rather than a file per note or one JSON document: creating a file costs more than the row it
would hold, and memory stays flat however many notes there are. Everything in it can be
rebuilt, so it is safe to delete and best ignored by git.

WAL mode lets ``--jobs`` worker processes read and write side by side, each write a transaction
of its own. A damaged file (SQLite says so: :func:`damaged`) is deleted and started again, and a
database of another version is emptied. A file that cannot be read is done without and said
(:func:`take_problems`); one that cannot be written is read from a copy (a command that must
write is stopped first: :func:`check_writable`); neither is touched.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import sqlite3
import sys
import time
import weakref
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from l10n.store.access import read_problem, write_problem


def _in_worker() -> bool:
    """In a worker process of a pool (where nothing is deferred: the worker may end at any time)?"""
    multiprocessing = sys.modules.get("multiprocessing")  # never imported: certainly not a worker
    return multiprocessing is not None and multiprocessing.parent_process() is not None


CACHE_NAME = ".l10n-cache.sqlite3"
_VERSION = 5  # PRAGMA user_version
_MOST_PENDING = 256  # deferred statements written at once, at the latest
PAGE_CACHE_KIB = 512
"""SQLite's page cache of each connection to a file (``PRAGMA cache_size``), in KiB: SQLite's
default of 2,000 KiB filled up on big sites only (the files outgrow it from about 1,000 notes),
so each of the run's two connections (this file, the translation memory) held up to 2 MB more at
20,000 notes than at 1,000 (issue 19's flat memory). The pages not kept are read again from the
system's file cache."""
_FOLD = (
    "INSERT INTO stamped_files SELECT path, min(size), min(mtime_ns), min(config), "
    "min(size) = max(size) AND min(mtime_ns) = max(mtime_ns) AND min(config) = max(config) "
    # a file's change time, inode and content digest, when every record that has them agrees
    # (rows of older versions have none: NULL, which min and max skip); no digest when a record
    # with a change time has none (the bytes it stands for are unknown: see state.record)
    "AND min(ctime_ns) IS max(ctime_ns) AND min(ino) IS max(ino) AND min(digest) IS max(digest), "
    "min(ctime_ns), min(ino), CASE WHEN count(digest) = count(ctime_ns) THEN min(digest) END FROM stamps"
)
"""The ``stamped_files`` rows folded from the stamps (add a ``WHERE`` on the path and ``GROUP BY path``)."""


_STAMP_COLUMNS = ("path", "size", "mtime_ns", "config", "ctime_ns", "ino", "digest")
"""The columns of a stamp that ``stamped_files`` folds, and that make a row of ``stamp_groups``."""
_FOLD_GROUPS = (
    "INSERT INTO stamped_files SELECT path, min(size), min(mtime_ns), min(config), "
    "min(size) = max(size) AND min(mtime_ns) = max(mtime_ns) AND min(config) = max(config) "
    "AND min(ctime_ns) IS max(ctime_ns) AND min(ino) IS max(ino) AND min(digest) IS max(digest), "
    # count(digest) = count(ctime_ns) of _FOLD, each group standing for n rows
    "min(ctime_ns), min(ino), CASE WHEN sum(n * (digest IS NOT NULL)) = sum(n * (ctime_ns IS NOT NULL)) "
    "THEN min(digest) END FROM stamp_groups"
)
""":data:`_FOLD` from ``stamp_groups``: the same row, read from the few distinct stamps of a file
(min and max of the groups are those of the rows) instead of every stamp of it."""
_FILL_GROUPS = (
    f"INSERT INTO stamp_groups SELECT {', '.join(_STAMP_COLUMNS)}, count(*) FROM stamps "
    f"GROUP BY {', '.join(_STAMP_COLUMNS)}"  # GROUP BY takes NULLs as equal, as the triggers' IS does
)


def _same_group(row: str, group: str = "") -> str:
    """SQL: the ``stamp_groups`` row (named ``group``, a prefix such as ``g.``) of ``row``'s
    stamp (``IS``: rows of older versions hold NULLs)."""
    return f"{group}path = {row}.path AND " + " AND ".join(f"{group}{column} IS {row}.{column}" for column in _STAMP_COLUMNS[1:])


def _counted(row: str, step: int) -> str:
    """A trigger's statements: ``row``'s stamp counted (``step`` 1) or uncounted (-1) in its group."""
    values = ", ".join(f"{row}.{column}" for column in _STAMP_COLUMNS)
    if step > 0:
        return (
            f"INSERT INTO stamp_groups SELECT {values}, 0 WHERE NOT EXISTS (SELECT 1 FROM stamp_groups WHERE {_same_group(row)}); "
            f"UPDATE stamp_groups SET n = n + 1 WHERE {_same_group(row)}; "
            f"DELETE FROM stamp_groups WHERE path = {row}.path AND n <= 0;"  # the group of a replaced row
        )
    return (
        f"UPDATE stamp_groups SET n = n - 1 WHERE {_same_group(row)}; "
        f"DELETE FROM stamp_groups WHERE path = {row}.path AND n <= 0;"
    )


def _refold(row: str) -> str:
    """A trigger's statements: the ``stamped_files`` row of ``row``'s path folded again, from
    its groups: a few rows, however many pieces of work recorded the file (a note that every
    other note links to is in each one's ``deps:`` record: folding its stamps was a read of N
    rows per stamp written, quadratic in a sync after its edit; session 18)."""
    return f"DELETE FROM stamped_files WHERE path = {row}.path; {_FOLD_GROUPS} WHERE path = {row}.path GROUP BY path;"


_STAMPED_FILES = (
    # One row per recorded file, folded from its stamps by every piece of work (two to four):
    # what sync stats (l10n.store.changes), read without folding 3 rows per file in each run.
    # Triggers keep it, whoever writes the stamps (another version of l10n included).
    (
        "CREATE TABLE stamped_files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, config TEXT, same INTEGER, "
        "ctime_ns INTEGER, ino INTEGER, digest INTEGER) WITHOUT ROWID"
    ),
    # Per file, each distinct stamp its records hold and how many (n) hold it: what the
    # triggers fold, so a write costs the file's distinct stamps (one or two), not its records.
    (
        "CREATE TABLE stamp_groups (path TEXT, size INTEGER, mtime_ns INTEGER, config TEXT, ctime_ns INTEGER, "
        "ino INTEGER, digest INTEGER, n INTEGER)"
    ),
    "CREATE INDEX stamp_groups_by_path ON stamp_groups (path)",
    # the row an INSERT OR REPLACE replaces leaves its group here: a REPLACE fires no delete trigger
    (
        "CREATE TRIGGER stamps_replacing BEFORE INSERT ON stamps BEGIN UPDATE stamp_groups SET n = n - 1 WHERE rowid = "
        f"(SELECT g.rowid FROM stamps s JOIN stamp_groups g ON {_same_group('s', 'g.')} "
        "WHERE s.key = NEW.key AND s.path = NEW.path); END"
    ),
    f"CREATE TRIGGER stamps_inserted AFTER INSERT ON stamps BEGIN {_counted('NEW', 1)} {_refold('NEW')} END",
    f"CREATE TRIGGER stamps_deleted AFTER DELETE ON stamps BEGIN {_counted('OLD', -1)} {_refold('OLD')} END",
    (
        f"CREATE TRIGGER stamps_updated AFTER UPDATE ON stamps BEGIN {_counted('OLD', -1)} {_counted('NEW', 1)} "
        f"{_refold('OLD')} {_refold('NEW')} END"
    ),
)
_GROUPED = {statement.split()[2]: statement for statement in _STAMPED_FILES[1:]}
"""The tables, index and triggers that keep ``stamp_groups``, by name: what :func:`_group_stamps` makes."""
_MANIFEST = (
    # The digest of the note names a sync found every piece of work recorded for
    # (l10n.store.changes.remember_complete): its next run need not look for missing work.
    # Deleting any stamp, whoever does it, forgets it.
    "CREATE TABLE sync_manifest (digest TEXT)",
    "CREATE TRIGGER stamps_forgotten AFTER DELETE ON stamps BEGIN DELETE FROM sync_manifest; END",
)
_FOLDER_OF_PATH = f"rtrim(NEW.path, replace(NEW.path, '{os.sep}', ''))"
"""SQL for the folder of a recorded path, separator included (what follows the last one trimmed)."""
_LISTED = (
    # Each folder holding a recorded file, with the mtime it had when sync last found its file
    # names as the records say (NULL: not yet): l10n.store.changes skips a folder of files only
    # l10n writes while its mtime, which adding, removing or renaming a file there moves, stays.
    # ctime_ns and ino with it: deleting an entry moves the folder's change time, which a
    # restored mtime (os.utime) cannot put back (git's racy-git.txt).
    "CREATE TABLE listed_folders (folder TEXT PRIMARY KEY, mtime_ns INTEGER, ctime_ns INTEGER, ino INTEGER) WITHOUT ROWID",
    f"CREATE TRIGGER stamps_listed AFTER INSERT ON stamps BEGIN INSERT OR IGNORE INTO listed_folders (folder) VALUES ({_FOLDER_OF_PATH}); END",
)
_SNAPSHOT_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS stamped_files_{event.lower()} AFTER {event} ON stamped_files BEGIN "
    f"DELETE FROM folder_snapshots WHERE folder = {_FOLDER_OF_PATH.replace('NEW.', row)}; END"
    for event, row in (("INSERT", "NEW."), ("DELETE", "OLD."), ("UPDATE", "OLD."))
)
_SNAPSHOTS = (
    # Per folder, the recorded stats of its files as one record (l10n.store.changes): sync stats
    # the files of a folder and compares one sequence, without reading their stamped_files rows.
    # Any change to a stamped_files row of the folder (a refold is a DELETE and an INSERT),
    # whoever makes it (another version of l10n included), deletes its snapshot.
    (
        "CREATE TABLE IF NOT EXISTS folder_snapshots (folder TEXT PRIMARY KEY, config TEXT, names BLOB, stats BLOB, "
        "missing INTEGER, rows INTEGER) WITHOUT ROWID"
    ),
    *_SNAPSHOT_TRIGGERS,
    # Per source folder, its entries as the walk of the notes found them (l10n.site.layout.Listings),
    # trusted while the folder's mtime, change time and inode stay as recorded.
    (
        "CREATE TABLE IF NOT EXISTS note_listings (folder TEXT PRIMARY KEY, mtime_ns INTEGER, ctime_ns INTEGER, "
        "ino INTEGER, entries BLOB) WITHOUT ROWID"
    ),
)
_LINK_FACES = (  # l10n.store.state.RunState.record_face
    "CREATE TABLE IF NOT EXISTS link_faces (key TEXT PRIMARY KEY, deps BLOB, face BLOB) WITHOUT ROWID"
)
_REFUSALS = (  # l10n.store.refusals
    "CREATE TABLE refusals (lang TEXT, catalog TEXT, segment BLOB, engine TEXT, refused INTEGER, most INTEGER, "
    "reason TEXT, at TEXT, PRIMARY KEY (lang, catalog, segment, engine)) WITHOUT ROWID"
)
_SCHEMA = (
    "CREATE TABLE segmentation (note TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, config TEXT, data TEXT)",
    # ctime_ns, ino, digest (NULL in rows of older versions): see l10n.store.state.stat_identity
    (
        "CREATE TABLE stamps (key TEXT, path TEXT, size INTEGER, mtime_ns INTEGER, config TEXT, "
        "ctime_ns INTEGER, ino INTEGER, digest INTEGER, PRIMARY KEY (key, path))"
    ),
    # every column sync's look for changed files reads (l10n.store.changes): no table lookups
    "CREATE INDEX stamps_by_path ON stamps (path, size, mtime_ns, config)",
    "CREATE TABLE verdicts (key BLOB PRIMARY KEY) WITHOUT ROWID",  # l10n.store.verdicts
    "CREATE TABLE publications (catalog TEXT PRIMARY KEY, key BLOB, data TEXT)",  # l10n.store.verdicts
    _REFUSALS,
    _LINK_FACES,
    *_STAMPED_FILES,
    *_MANIFEST,
    *_LISTED,
    *_SNAPSHOTS,
)
_TABLES = (
    "segmentation", "stamps", "verdicts", "publications", "stamped_files", "stamp_groups", "sync_manifest", "listed_folders", "refusals",
    "project_root", "checked_files", "folder_snapshots", "note_listings", "link_faces",
)


def cache_path(locales: Path) -> Path:
    return locales / CACHE_NAME


class Connection:
    """This process's connection to one bookkeeping file (a connection must not cross a fork).

    :func:`connect` hands out one per file and process; an owner may keep it for a run
    (:class:`l10n.store.state.RunState` does), so it stays open while anyone holds it, even when
    another project's file is connected meanwhile, and is closed once no one does."""

    current: Connection | None = None
    """The connection :func:`connect` handed out last (held here until another is)."""

    def __init__(self, path: Path, snapshot: bool = False) -> None:
        self.path = path
        self.locales: Path | None = None  # the folder last asked for, to answer it without a path join
        self.pid = os.getpid()
        self.db = _snapshot(path) if snapshot else _open(path)
        """``snapshot``: an in-memory copy of the file (:func:`reading`), which nothing writes back."""
        if self.db is not None:  # closed when no owner holds it any more (at exit: by close())
            weakref.finalize(self, self.db.close).atexit = False
        self.pending: list[tuple[str, tuple[object, ...]]] = []
        self.pending_firsts: set[str | None] = set()
        """The first values of the pending statements (None: one that may concern anything)."""

    def write(self, *statements: tuple[str, tuple[object, ...]], defer: bool = False) -> None:
        """Run statements in one short transaction: the write lock is held for microseconds,
        so worker processes and other l10n commands never wait on each other for long.

        ``defer``: in a process working alone, keep the statements until the next write (or
        :func:`flush`), to share its transaction: a note's segmentation and its run state then
        cost one commit, not two. Nothing is locked while they wait.
        """
        if self.db is None:
            return
        if defer and not _in_worker():
            self.pending.extend(statements)
            for _, values in statements:
                self.pending_firsts.add(values[0] if values and isinstance(values[0], str) else None)
            if len(self.pending) < _MOST_PENDING:
                return
            statements = ()
        waiting, self.pending = self.pending, []
        self.pending_firsts = set()
        with self.db:  # commits, or rolls back on an error
            self.db.execute("BEGIN")
            for statement, values in (*waiting, *statements):
                self.db.execute(statement, values)

    def flush_for(self, first_value: str) -> None:
        """Write what waits if any of it may concern ``first_value`` (a key or a note), so a read
        of its rows sees this process's own writes, while other waiting rows keep their shared
        commit. Statements that do not start with a key or note (``DELETE FROM stamps`` of
        ``--force``, restamping by path) may concern anything."""
        firsts = self.pending_firsts  # a set, not a scan of the list: asked once per note
        if None in firsts or first_value in firsts:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            with contextlib.suppress(sqlite3.Error):
                self.write()

    def close(self) -> None:
        self.flush()
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None
        if Connection.current is self:
            Connection.current = None


_OPEN: weakref.WeakValueDictionary[Path, Connection] = weakref.WeakValueDictionary()
"""Every connection of this process still held by someone, by file: a project connected again
gets the one its run may still hold, so this process's deferred writes are in one place."""


def _hand_out(connection: Connection) -> None:
    """Make ``connection`` the current one. The one before is written out (its owner, if any,
    goes on using it; with none it is closed), never closed under an owner that still holds it."""
    held = Connection.current
    if held is not None and held is not connection and held.pid == connection.pid:
        held.flush()
    Connection.current = connection


def connect(locales: Path, create: bool = True) -> Connection | None:
    """This process's connection to the project's bookkeeping file; None when there is none (and
    ``create`` is false) or it cannot be opened: callers then do without it."""
    held = Connection.current
    if held is not None and held.locales is locales and held.pid == os.getpid():  # every note asks
        return held if held.db is not None else None
    path = cache_path(locales)
    if held is not None and held.path == path and held.pid == os.getpid() and held.db is not None:
        held.locales = locales
        return held
    # Another project's file: the connection held until now is not closed (a run of that
    # project may still be writing through it), and this file's own is used again if held.
    connection = _OPEN.get(path)
    if connection is None or connection.db is None or connection.pid != os.getpid():
        if not create and not path.exists():
            return None
        connection = Connection(path)
        if connection.db is not None:
            _OPEN[path] = connection
    connection.locales = locales
    _hand_out(connection)
    return connection if connection.db is not None else None


def _open(path: Path) -> sqlite3.Connection | None:
    """Connect, creating the tables; a file SQLite reports as damaged (:func:`damaged`) is
    replaced once. A file that cannot be read gives None; one that cannot be written (the file,
    its ``-wal`` or ``-shm``, or its folder: :func:`l10n.store.access.write_problem`) is read
    from an in-memory copy (:func:`_snapshot`), which writes nothing back — a connection to the
    file would leave ``-wal`` and ``-shm`` files of its read-only mode. Either is recorded
    (:func:`problems`, :func:`check_writable` says it to a command that must write)."""
    unreadable = read_problem(path)
    if unreadable is not None:
        _PROBLEMS[path] = f"cannot read l10n's bookkeeping file: {unreadable.reason}"
        return None
    if write_problem(path) is not None:
        return _snapshot(path) if path.is_file() else None
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=2, isolation_level=None, check_same_thread=False)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")  # a crash loses at most the last rows
                db.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
                _create(db)
                _cover_stamps(db)
                _group_stamps(db)
                _add_link_faces(db)
                _add_refusals(db)
                _cover_folders(db)
                _add_snapshots(db)
                return db
            except sqlite3.Error:
                db.close()
                raise
        except sqlite3.Error as exc:
            if attempt == 0 and damaged(exc):
                remove(path)
                continue
            break
        except OSError:
            break
    return None


_PROBLEMS: dict[Path, str] = {}
"""Bookkeeping files this process could not read, with the reason (:func:`take_problems`)."""


def take_problems() -> dict[Path, str]:
    """The bookkeeping files this process found it could not read since last asked, and why
    (``cannot read l10n's bookkeeping file: Permission denied``): a command did without them,
    and says so. Forgotten once given (a process may run several commands: the tests')."""
    found = dict(_PROBLEMS)
    _PROBLEMS.clear()
    return found


def check_writable(locales: Path) -> None:
    """Raise :class:`~l10n.errors.L10nError` naming the file or folder when the bookkeeping file
    of ``locales`` cannot be read, or cannot be written or made (itself, its ``-wal`` or ``-shm``
    file, or its folder): a command that writes pages and catalogs records what it did there,
    and doing without would redo (and pay for) work at every run. Nothing is written."""
    from l10n.errors import L10nError

    path = cache_path(locales)
    problem = read_problem(path)
    if problem is not None:
        raise L10nError(f"cannot read l10n's bookkeeping file: {problem.reason}", problem.path)
    problem = write_problem(path)
    if problem is None:
        return
    if problem.path == path:
        raise L10nError(f"cannot write l10n's bookkeeping file: {problem.reason}", path)
    if problem.path.name.startswith(path.name):
        raise L10nError(f"cannot write l10n's bookkeeping {problem.path.name[len(path.name):]} file: {problem.reason}", problem.path)
    raise L10nError(f"cannot write in the folder of l10n's bookkeeping file ({path.name}): {problem.reason}", problem.path)


def _create(db: sqlite3.Connection) -> None:
    """Make the tables of this version, when the file is of another (its rows are dropped)."""
    if _version(db) != _VERSION:
        with db:
            db.execute("BEGIN IMMEDIATE")
            if _version(db) != _VERSION:  # checked again: another process may have won
                for table in _TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {_VERSION}")


def _snapshot(path: Path) -> sqlite3.Connection | None:
    """An in-memory copy of the bookkeeping file ``path`` (:func:`copy_for_reading`), with the
    tables of this version; empty when there is no file or it cannot be read. None when SQLite
    fails even in memory."""
    unreadable = read_problem(path)
    if unreadable is not None:
        _PROBLEMS[path] = f"cannot read l10n's bookkeeping file: {unreadable.reason}"
    try:
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if path.is_file() and not copy_for_reading(path, db):
            db.close()  # unreadable: as if there were no file (a real run replaces it)
            db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _create(db)
        _cover_stamps(db)
        _group_stamps(db)
        _add_link_faces(db)
        _add_refusals(db)
        _cover_folders(db)
        _add_snapshots(db)
    except sqlite3.Error:
        return None
    return db


def connect_read_only(path: Path, busy: bool) -> sqlite3.Connection:
    """A connection that reads the SQLite file ``path`` and makes nothing beside it: through a
    writer's ``-wal`` when ``busy`` (SQLite's read-only mode, whose side files exist then), else
    as ``immutable`` (read-only mode would make ``-wal`` and ``-shm`` files and leave them).
    Raises :class:`sqlite3.Error` as ``connect`` does."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?{'mode=ro' if busy else 'immutable=1'}", uri=True, timeout=10)


def copy_for_reading(path: Path, target: sqlite3.Connection) -> bool:
    """Copy the SQLite database in ``path`` into ``target`` (a new in-memory database, whose
    page size follows the file's) without writing anything in the file's folder; False when it
    cannot be read.

    SQLite's read-only mode still makes a WAL database's ``-wal`` and ``-shm`` files when they
    are missing, and leaves them (it may not delete them), so a file without them is read as
    ``immutable`` (no locks, no side files) and its size, mtime and the absence of a ``-wal``
    are checked again after the copy: a writer that started meanwhile (it writes to a new
    ``-wal``; its checkpoint changes the file) makes the copy be taken again, through the
    writer's ``-wal`` this time (SQLite's documented read-only mode; those files exist then).
    Linear in the file's size. An empty ``-wal`` (no frames: what a writer that stopped
    without its last checkpoint, or an older version, may leave) counts as none, as SQLite
    itself reads no frame from it: read-only mode would need a ``-shm`` file beside it, which
    a read-only folder cannot take."""
    return copy_problem(path, target) is None


def copy_problem(path: Path, target: sqlite3.Connection) -> str | None:
    """:func:`copy_for_reading`, saying why the copy could not be taken (SQLite's or the
    system's words), or None when it was."""
    wal = Path(f"{path}-wal")
    for _ in range(3):
        busy = _holds_frames(wal)
        try:
            before = path.stat()
            source = connect_read_only(path, busy)
            try:
                source.backup(target)
            finally:
                source.close()
            after = path.stat()
        except sqlite3.Error as exc:
            if busy and not os.path.exists(f"{path}-shm"):
                return f"its -wal file holds changes SQLite reads only with a -shm file beside it, which cannot be made ({exc})"
            return " ".join(str(exc).split())
        except OSError as exc:
            return exc.strerror or str(exc)
        if busy or ((before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) and not _holds_frames(wal)):
            return None
    return "it changed while it was read; run the command again"


def _holds_frames(wal: Path) -> bool:
    """Whether the ``-wal`` file ``wal`` exists and is not empty."""
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


@contextlib.contextmanager
def reading(locales: Path) -> Iterator[Connection]:
    """For a run that must write nothing (``--dry-run``): until the block ends, this process's
    connection to the project's bookkeeping file (:func:`connect`, whoever asks) is an
    in-memory copy of it (:func:`copy_for_reading`; with no file, an empty database): the
    run reads the state as a real run would, and what it records stays in memory. No file is
    made or touched, and no lock taken: the copy is of one committed state. The connection
    held before is given back after."""
    path = cache_path(locales)
    before, current = _OPEN.get(path), Connection.current
    connection = Connection(path, snapshot=True)
    connection.locales = locales
    _OPEN[path] = connection
    Connection.current = connection
    try:
        yield connection
    finally:
        connection.pending.clear()
        if connection.db is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.db.close()
        connection.db = None
        if _OPEN.get(path) is connection:
            del _OPEN[path]
            if before is not None:
                _OPEN[path] = before
        if Connection.current is connection:
            Connection.current = current


_STAMPS_BY_PATH = ["path", "size", "mtime_ns", "config"]
_IDENTITY = ("ctime_ns", "ino", "digest")
"""Columns of the stamps added in session 9 (issue 19: an edit that restores the mtime)."""


def _cover_stamps(db: sqlite3.Connection) -> None:
    """Make the stamps' path index hold every column of the row, give the stamps the change
    time, inode and digest columns, and add the tables of stamped files, listed folders and the
    sync manifest (a file of version 5 made before they were: its rows are kept, with NULL in the new
    columns, and the index and tables are made once, in a few seconds per 100,000 notes)."""
    def covering() -> bool:
        made = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE name IN "
            "('stamped_files', 'stamps_inserted', 'stamps_deleted', 'stamps_updated', 'sync_manifest', 'stamps_forgotten', "
            "'listed_folders', 'stamps_listed')"
        ).fetchone()
        return (
            made == (8,)
            and [row[2] for row in db.execute("PRAGMA index_info(stamps_by_path)")] == _STAMPS_BY_PATH
            and {row[1] for row in db.execute("PRAGMA table_info(stamped_files)")} >= set(_IDENTITY)
        )

    if covering():
        return
    with db:
        db.execute("BEGIN IMMEDIATE")
        if covering():  # checked again: another process may have won
            return
        columns = {row[1] for row in db.execute("PRAGMA table_info(stamps)")}
        for column in _IDENTITY:
            if column not in columns:  # a file of before session 9: its rows stay, NULL there
                db.execute(f"ALTER TABLE stamps ADD COLUMN {column} INTEGER")
        db.execute("DROP INDEX IF EXISTS stamps_by_path")
        db.execute(f"CREATE INDEX stamps_by_path ON stamps ({', '.join(_STAMPS_BY_PATH)})")
        for trigger in ("stamps_replacing", "stamps_inserted", "stamps_deleted", "stamps_updated"):
            db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        db.execute("DROP TABLE IF EXISTS stamped_files")
        db.execute("DROP TABLE IF EXISTS stamp_groups")
        for statement in _STAMPED_FILES:
            db.execute(statement)
        db.execute(_FILL_GROUPS)
        for trigger, table in (("stamps_forgotten", "sync_manifest"), ("stamps_listed", "listed_folders")):
            db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in (*_MANIFEST, *_LISTED):
            db.execute(statement)
        db.execute(f"INSERT INTO listed_folders (folder) SELECT DISTINCT {_FOLDER_OF_PATH.replace('NEW.', '')} FROM stamps")
        db.execute(f"{_FOLD} GROUP BY path")


def _group_stamps(db: sqlite3.Connection) -> None:
    """Give a file whose triggers fold every stamp of a file (made before session 18, or whose
    triggers an older version made again) the ``stamp_groups`` table, filled from its stamps,
    and the triggers that keep it. One lookup in the schema per opening; the groups are made
    once (one pass over the stamps)."""

    def grouped() -> bool:
        marks = ", ".join("?" * len(_GROUPED))
        have = dict(db.execute(f"SELECT name, sql FROM sqlite_master WHERE name IN ({marks})", tuple(_GROUPED)).fetchall())
        # as this version writes them (SQLite keeps the text as given): an older version's
        # triggers have the same names, and theirs do not count into the groups
        return all(have.get(name) == statement for name, statement in _GROUPED.items())

    if grouped():
        return
    with db:
        db.execute("BEGIN IMMEDIATE")
        if grouped():  # checked again: another process may have won
            return
        for trigger in ("stamps_replacing", "stamps_inserted", "stamps_deleted", "stamps_updated"):
            db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        db.execute("DROP TABLE IF EXISTS stamp_groups")
        for statement in _STAMPED_FILES[1:]:
            db.execute(statement)
        db.execute(_FILL_GROUPS)


def _add_link_faces(db: sqlite3.Connection) -> None:
    """Add the ``link_faces`` table to a file made before it (session 18): one lookup in the
    schema per opening."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'link_faces'").fetchone() is None:
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(_LINK_FACES)  # IF NOT EXISTS: another process may have won


def _add_refusals(db: sqlite3.Connection) -> None:
    """Add the refusals table to a file of version 5 made before it was (session 10): one
    lookup in the schema per opening, the table made once."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'refusals'").fetchone() is None:
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(_REFUSALS.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))  # another process may have won


def _cover_folders(db: sqlite3.Connection) -> None:
    """Give ``listed_folders`` the change time and inode columns (a file made before they were:
    its rows get NULL there, which matches no folder, so each is listed once again)."""
    if {row[1] for row in db.execute("PRAGMA table_info(listed_folders)")} >= {"ctime_ns", "ino"}:
        return
    with db:
        db.execute("BEGIN IMMEDIATE")
        columns = {row[1] for row in db.execute("PRAGMA table_info(listed_folders)")}
        for column in ("ctime_ns", "ino"):
            if column not in columns:  # checked again: another process may have won
                db.execute(f"ALTER TABLE listed_folders ADD COLUMN {column} INTEGER")


_SNAPSHOT_NAMES = (
    "folder_snapshots", *(f"stamped_files_{event}" for event in ("insert", "delete", "update")), "note_listings"
)


_SNAPSHOT_TRIGGER_NAMES = _SNAPSHOT_NAMES[1:4]


def _add_snapshots(db: sqlite3.Connection) -> None:
    """Add the folder snapshots and the triggers that keep them, and the note listings, to a
    file made before them (session 12), or whose ``stamped_files`` was made again without them
    (an older version drops the table, and its triggers with it): the snapshots, which nothing
    kept meanwhile, are emptied. One lookup in the schema per opening."""
    marks = ", ".join("?" * len(_SNAPSHOT_NAMES))
    found = db.execute(f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})", _SNAPSHOT_NAMES).fetchone()
    if found == (len(_SNAPSHOT_NAMES),):
        return
    with db:
        db.execute("BEGIN IMMEDIATE")
        for statement in _SNAPSHOTS:
            db.execute(statement)
        db.execute("DELETE FROM folder_snapshots")


_ROOT_TABLE = "CREATE TABLE IF NOT EXISTS project_root (root TEXT)"
"""The project root the file's paths were recorded under (one row; none in files of before
session 10): what :func:`relocate` compares with the root of the run."""
_PATH_COLUMNS = (
    ("stamps", "path"),
    ("listed_folders", "folder"),
    ("note_listings", "folder"),
    ("publications", "catalog"),
    ("status_counts", "path"),  # l10n.status.cache
    ("status_verdicts", "path"),
    ("status_segments", "path"),
)
"""Every column that holds a file's or folder's absolute path (the stamps' translate keys hold
one too, after ``translate:<lang>:``; ``segmentation`` is keyed by the note's name)."""
_PER_ROW_TRIGGERS = ("stamps_replacing", "stamps_inserted", "stamps_deleted", "stamps_updated", "stamps_forgotten", "stamps_listed")


def relocate(connection: Connection, root: str) -> None:
    """Make the paths of the bookkeeping file those of the project in ``root`` (absolute): the
    file may have been copied or restored with a project that lay elsewhere (``cp -a site
    site2``, a CI cache restored onto another checkout path), and its records would name the
    other place's files: a run would stat those, and prune would leave this project's pages.

    The file records its root (``project_root``); a path under the recorded root is moved
    under ``root`` (its part relative to the root kept, as POSIX ``relpath`` would give it), a
    path outside it is dropped (it cannot be told what it stands for here: at worst a rebuild),
    and the sync manifest is forgotten. A file without a recorded root (an older version's)
    keeps the rows under ``root`` and drops the others. Paths stay absolute in the rows, so
    the look for changed files stats them as they are; the move is one transaction, once per
    move (about a second per 100,000 rows). Raises nothing: a database error leaves the file
    as it was."""
    db = connection.db
    if db is None:
        return
    with contextlib.suppress(sqlite3.Error):
        if _recorded_root(db) == root:  # every run: one query
            return
        with db:
            db.execute("BEGIN IMMEDIATE")
            recorded = _recorded_root(db)  # again: another process may have won
            if recorded != root:
                _move_paths(db, recorded, root)


def _recorded_root(db: sqlite3.Connection) -> str | None:
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'project_root'").fetchone() is None:
        return None
    row = db.execute("SELECT root FROM project_root").fetchone()
    return None if row is None else str(row[0])


def _move_paths(db: sqlite3.Connection, old: str | None, new: str) -> None:
    """:func:`relocate`'s statements, in the caller's transaction. The per-row triggers are set
    aside meanwhile (``stamped_files`` is folded again at once afterwards)."""
    sep = os.sep
    old_head = (new if old is None else old).rstrip(sep) + sep
    new_head = new.rstrip(sep) + sep
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for trigger in (*_PER_ROW_TRIGGERS, *_SNAPSHOT_TRIGGER_NAMES):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    # The coverage totals (l10n.status.sums) hold paths too: dropped with their triggers here,
    # and made again from the moved rows by sums.ensure at the next coverage line.
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'coverage%'").fetchall():
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in ("coverage_pairs", "coverage_sums"):
        db.execute(f"DROP TABLE IF EXISTS {table}")
    # translate keys name their catalog: translate:<lang>:<path>
    keys = [key for (key,) in db.execute("SELECT DISTINCT key FROM stamps WHERE key >= 'translate:' AND key < 'translate;'")]
    for key in keys:
        head, _, path = key.partition(":")[2].partition(":")
        if not path.startswith(old_head):
            db.execute("DELETE FROM stamps WHERE key = ?", (key,))
        elif old_head != new_head:
            moved = f"translate:{head}:{new_head}{path[len(old_head) :]}"
            db.execute("UPDATE OR REPLACE stamps SET key = ? WHERE key = ?", (moved, key))
    for table, column in _PATH_COLUMNS:
        if table not in tables:
            continue
        db.execute(f"DELETE FROM {table} WHERE substr({column}, 1, ?) != ?", (len(old_head), old_head))
        if old_head != new_head:
            db.execute(
                f"UPDATE OR REPLACE {table} SET {column} = ? || substr({column}, ?)", (new_head, len(old_head) + 1)
            )
    db.execute("DELETE FROM stamped_files")
    db.execute(f"{_FOLD} GROUP BY path")
    db.execute("DROP TABLE IF EXISTS stamp_groups")  # made again below, from the moved paths
    db.execute("DELETE FROM sync_manifest")
    for statement in (*_STAMPED_FILES[1:], *_MANIFEST[1:], *_LISTED[1:], *_SNAPSHOTS):
        db.execute(statement)
    db.execute(_FILL_GROUPS)
    db.execute("DELETE FROM folder_snapshots")
    db.execute(_ROOT_TABLE)
    db.execute("DELETE FROM project_root")
    db.execute("INSERT INTO project_root VALUES (?)", (new,))


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def remove(path: Path) -> None:
    """Delete a damaged bookkeeping file (this process's connection to it first)."""
    held = _OPEN.pop(path, None)
    if held is not None and held.pid == os.getpid():
        if held.db is not None:
            with contextlib.suppress(sqlite3.Error):
                held.db.close()
        held.db = None
        if Connection.current is held:
            Connection.current = None
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def _ours() -> list[Connection]:
    """This process's open connections (the current one first)."""
    pid = os.getpid()
    found = [c for c in (Connection.current, *_OPEN.values()) if c is not None and c.pid == pid and c.db is not None]
    return list(dict.fromkeys(found))


def flush() -> None:
    """Write what this process has deferred, for other processes to see."""
    for held in _ours():
        held.flush()


def close() -> None:
    """Close this process's connections (the next use opens them again), after recording the
    files :func:`set_aside_damaged` found sound that are closed now."""
    _record_sound()
    for held in _ours():
        held.close()


_SOUND: dict[Path, str] = {}
"""Files :func:`set_aside_damaged` found sound (checked or trusted) in this process, with the
columns they were checked for: recorded by :func:`close` once closed."""
_CHECKED = (
    "CREATE TABLE IF NOT EXISTS checked_files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
    "ctime_ns INTEGER, ino INTEGER, columns TEXT) WITHOUT ROWID"
)


def _closed_identity(path: Path) -> tuple[int, int, int, int] | None:
    """``(size, mtime_ns, ctime_ns, inode)`` of the SQLite file ``path`` when no ``-wal`` file
    is beside it (in WAL mode the last connection's clean close checkpoints and deletes it);
    None otherwise, or when it is gone."""
    try:
        if os.path.exists(f"{path}-wal"):
            return None
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _bookkeeping_beside(path: Path) -> Connection | None:
    """The bookkeeping file in ``path``'s folder (the project's, for the memory's default
    place), when there is one: none is made for this."""
    return connect(path.parent, create=False) if cache_path(path.parent).is_file() else None


def _checked_before(path: Path, spec: str) -> bool:
    """Whether ``path`` is as it was when a run recorded it sound for ``spec``
    (:func:`set_aside_damaged`). Raises nothing."""
    identity = _closed_identity(path)
    held = None if identity is None else _bookkeeping_beside(path)
    if held is None or held.db is None or identity is None:
        return False
    return _recorded(held.db, path) == (*identity, spec)


def _recorded(db: sqlite3.Connection, path: Path) -> tuple[object, ...] | None:
    """The ``checked_files`` row of ``path`` less the path (size, mtime_ns, ctime_ns, inode,
    columns); None when there is none or no table yet. Raises nothing."""
    try:
        row = db.execute(
            "SELECT size, mtime_ns, ctime_ns, ino, columns FROM checked_files WHERE path = ?", (str(path),)
        ).fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else tuple(row)


def _record_sound() -> None:
    """Record the identity of each file of :data:`_SOUND` that is closed now (see
    :func:`set_aside_damaged`). Raises nothing."""
    while _SOUND:
        path, spec = _SOUND.popitem()
        identity = _closed_identity(path)
        held = None if identity is None else _bookkeeping_beside(path)
        if held is None or held.db is None or identity is None or _recorded(held.db, path) == (*identity, spec):
            continue  # as recorded: nothing written (a run that changed nothing leaves the file's mtime)
        with contextlib.suppress(sqlite3.Error):
            held.write((_CHECKED, ()), ("INSERT OR REPLACE INTO checked_files VALUES (?, ?, ?, ?, ?, ?)", (str(path), *identity, spec)))


atexit.register(close)


def set_aside_damaged(path: Path, columns: Mapping[str, Collection[str]], root: Path | None = None) -> str | None:
    """Move a SQLite file that cannot serve aside, before it is opened; None when it is fine.
    The message names ``path`` relative to ``root`` (the project's) when it lies there.

    For files that hold work (the translation memory), which must never be deleted: a file
    that is not a database, fails ``PRAGMA quick_check`` (a damaged page) or has a table of
    ``columns`` without the expected columns (another program's file, another version) is
    renamed ``<name>.damaged-<date>`` (its ``-wal`` and ``-shm`` files with it), so the caller
    starts a new one. The message returned — also logged as a warning, which reaches standard
    error when nothing else handles logging — says where it went and how to recover its rows.
    ``PRAGMA quick_check`` reads the whole file once: linear in its size (67 ms of CPU for a
    69 MB memory, on every run that translates anything). So a file this process found sound
    has its identity (size, mtime, change time, inode) recorded when it is closed
    (:func:`close`: at exit, with no ``-wal`` file left, i.e. closed cleanly by its last
    connection) in the bookkeeping file beside it, when there is one (``checked_files``); a
    later run trusts it without the check while that identity stays and no ``-wal`` file is
    there: any write, another program's included, moves the change time (git's racy-git.txt
    reasoning; a damaging write within the same clock tick as l10n's close is not seen).
    """
    spec = repr(sorted((table, sorted(wanted)) for table, wanted in columns.items()))
    if not path.is_file():
        _SOUND[path] = spec  # the caller makes it: sound as it leaves it
        return None
    if _checked_before(path, spec):
        _SOUND[path] = spec
        return None
    problem = _database_problem(path, columns)
    if problem is None:
        _SOUND[path] = spec
        return None
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    shown = path.relative_to(root) if root is not None and path.is_relative_to(root) else path
    try:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{path}{suffix}"):
                os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    except OSError as exc:
        message = f"{shown}: {problem}, and it cannot be moved aside ({exc.strerror or exc}); move or delete it"
    else:
        message = (
            f"{shown}: {problem}; set aside as {aside.name} and a new one started "
            f"(recover its rows with 'sqlite3 {aside.name} .recover', or delete it)"
        )
    import logging  # only for this warning: not at every start-up

    logging.getLogger("l10n").warning("warning: %s", message)
    return message


def _database_problem(path: Path, columns: Mapping[str, Collection[str]]) -> str | None:
    try:
        db = sqlite3.connect(path, timeout=10)
        try:
            rows = db.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                first = " ".join(str(rows[0][0]).split("\n")[0].split()) if rows else "no answer"
                return f"the database is damaged ({first})"
            for table, wanted in columns.items():
                found = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                missing = sorted(set(wanted) - found)
                if found and missing:
                    return f"its table {table!r} lacks the columns {', '.join(missing)} (another program's file?)"
        finally:
            db.close()
    except sqlite3.Error as exc:
        if not damaged(exc):
            return None  # locked, unreadable, unwritable: the caller's own opening reports it
        return f"not a usable database ({' '.join(str(exc).split())})"
    return None


_DAMAGE_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB (https://sqlite.org/rescode.html)


def damaged(exc: sqlite3.Error) -> bool:
    """Whether SQLite's error says the file is damaged or not a database (its primary result
    code SQLITE_CORRUPT or SQLITE_NOTADB), as opposed to one it could not open, read or write
    (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_IOERR, SQLITE_BUSY…), which says nothing about
    the file's bytes: only a damaged file may be set aside or replaced."""
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is None:  # an older Python: by SQLite's own message for those two codes
        text = str(exc)
        return "malformed" in text or "not a database" in text
    return int(code) & 0xFF in _DAMAGE_CODES


IN_LIST_MOST = 500
"""Values per ``IN (…)`` list: below the 999 bound parameters SQLite allowed before 3.32."""


def select_in(
    db: sqlite3.Connection, query: str, values: Iterable[object], before: Sequence[object] = ()
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query``, whose ``{marks}`` stands for an ``IN`` list's question marks, for
    ``values`` asked :data:`IN_LIST_MOST` at a time; ``before`` are the parameters that come
    before the list in every query. ``values`` are read a list at a time: a generator of keys
    made from names holds no more than one list of them (the coverage count of a first sync
    made a key per note at once, issue 19's flat memory). Raises :class:`sqlite3.Error` as
    ``execute`` does.

    Each list is padded (its last value repeated, which ``IN`` ignores) to a power of two, or
    to :data:`IN_LIST_MOST`: ``sqlite3`` keeps up to 128 prepared statements per connection,
    one per distinct text, and a list of every length from 1 to 500 filled that cache with
    statements of up to 500 parameters each (tens of KB of SQLite's memory apiece): a first
    translate of 5,000 notes grew by about 5 KB a note (issue 19's flat memory)."""
    remaining = iter(values)
    while part := list(itertools.islice(remaining, IN_LIST_MOST)):
        size = min(IN_LIST_MOST, 1 << (len(part) - 1).bit_length())
        part += part[-1:] * (size - len(part))
        yield from db.execute(query.format(marks=",".join("?" * size)), (*before, *part))
