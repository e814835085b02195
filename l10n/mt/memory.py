"""The translation memory: every machine and human translation, by language pair and source text.

:class:`Memory` is what the translate stage needs from a memory; :func:`open_memory` picks the
backend from the configuration:

* SQLite (the default): an embedded file in the locales folder (``locales/.l10n-memory.sqlite3``)
  — no server. WAL mode and one commit per :meth:`TranslationMemory.store_many` call mean a
  kill -9 loses at most the batch being written, and a reader never blocks the writer. Rows
  are appended in the order they are stored and found through a 64-bit hash of their text
  (:data:`_SCHEMA`), so a commit writes its rows once, at the end of the table.
* PostgreSQL (:mod:`l10n.mt.memory_pg`): one memory shared by every CI runner and teammate, chosen by
  ``memory = "postgresql://…"`` or, so that a password never sits in a file, the environment
  variable :data:`MEMORY_URL_VARIABLE`.

Human translations win: a human entry replaces a machine one, a machine entry never replaces a
human one. A memory lets a segment that was translated before, in any note, be reused without a
request, with one exception: a placeholder engine's rows (``machine:pseudo``, the quick start's
offline engine) are never hits for a real engine (:func:`l10n.mt.batch.translate_texts`), which
translates the text itself. Adding a backend: a class with the methods of :class:`Memory`, and a URL scheme in
:func:`memory_from_url`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from l10n.errors import L10nError
from l10n.mt.memory_location import (
    MEMORY_FILE,
    MEMORY_URL_VARIABLE,
    cannot_write,
    check_memory_location,
    check_memory_writable,
    check_readable,
    is_postgres_url,
    memory_url,
)
from l10n.store.access import write_problem
from l10n.store.cachedb import PAGE_CACHE_KIB, copy_for_reading, copy_problem, select_in, set_aside_damaged

__all__ = [
    "MEMORY_FILE",
    "MEMORY_URL_VARIABLE",
    "Entry",
    "Memory",
    "Record",
    "TranslationMemory",
    "check_memory_location",
    "check_memory_writable",
    "check_origin",
    "is_postgres_url",
    "memory_from_url",
    "memory_url",
    "open_memory",
    "open_memory_to_read",
    "source_key_hash",
    "utc_now",
]
"""The public names; the memory's location and its checks (:mod:`l10n.mt.memory_location`,
apart so that asking them imports nothing of this module) stay importable from here."""

try:  # hashlib's blake2b is this type, but importing hashlib loads OpenSSL's _hashlib (~2 ms a run)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover -- a CPython built without _blake2
    from hashlib import blake2b

if TYPE_CHECKING:
    from typing_extensions import Self

    from l10n.config import Config

_IN_MEMORY = ":memory:"  # SQLite's name for a database in memory
_CHUNK = 500  # stays below SQLite's bound-parameter limit on old builds (999)
_PAGE_SIZE = 16384

_TABLE = "memory_rows"
"""The table of rows. Files of before session 15 kept them in ``memory`` (:data:`_OLD_TABLE`)."""
_OLD_TABLE = "memory"
"""The table of the schema before session 15: the same six columns, ``WITHOUT ROWID``, primary
key (source_lang, target_lang, source_text). A file holding it is converted (:func:`_prepare`).
The new rows live in a table of another name so that an older l10n given a converted file (a
memory committed to git and used by a teammate's older version) finds no ``memory`` table,
makes an empty one and works with it, instead of failing at its first store; the rows it
writes there are merged back at the next opening by this version."""

# Rows in the order they are first stored (the rowid), so a commit's new rows append to the last
# pages of the table, and a small index on a 64-bit hash of each row's key finds them. Keyed by
# the text itself (the old table), each commit's rows landed on random leaves of the whole
# table: a first sync of 1,000 notes wrote 776 MB through the memory for a file of 34 MB, now
# 79 MB (issue 19, BENCHMARKS.md, session 15).
_SCHEMA = (
    f"""
    CREATE TABLE IF NOT EXISTS {_TABLE} (
        id          INTEGER PRIMARY KEY,  -- insertion order
        source_hash INTEGER NOT NULL,     -- source_key_hash(source_lang, target_lang, source_text)
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        source_text TEXT NOT NULL,
        translation TEXT NOT NULL,
        origin      TEXT NOT NULL,  -- "human" or "machine:<engine>"
        updated     TEXT NOT NULL   -- ISO 8601, UTC
    )
    """,
    # Not unique: two texts may share a hash; the writers below keep one row per key.
    f"CREATE INDEX IF NOT EXISTS {_TABLE}_by_hash ON {_TABLE} (source_hash)",
)
_COLUMNS = "source_lang, target_lang, source_text, translation, origin, updated"
_CHECKED_COLUMNS = ("source_lang", "target_lang", "source_text", "translation", "origin")
"""Columns a memory file's tables must have (else it is another program's file, set aside)."""


def source_key_hash(source_lang: str, target_lang: str, source_text: str) -> int:
    """The 64-bit key of a memory row: BLAKE2b (8-byte digest) of the UTF-8 of the language pair
    and the text, NUL-separated, as a signed integer (SQLite's INTEGER). Not unique: rows are
    told apart by their text, so a collision costs a row read, never a wrong answer."""
    key = f"{source_lang}\0{target_lang}\0{source_text}".encode("utf-8", "surrogatepass")
    return int.from_bytes(blake2b(key, digest_size=8).digest(), "big", signed=True)


_Row = tuple[str, str, str, str, str, str]
"""A row as stored: source_lang, target_lang, source_text, translation, origin, updated."""


def _store_rule(new: _Row, old: _Row) -> bool:
    """The "human wins" rule of :meth:`Memory.store_many`: a machine row never replaces a human one."""
    return new[4] == "human" or old[4] != "human"


def _import_rule(new: _Row, old: _Row) -> bool:
    """The rule of :meth:`Memory.add_records`: a human row beats a machine one; of the same kind,
    the more recent (or as recent) wins."""
    new_human, old_human = new[4] == "human", old[4] == "human"
    return (new_human and not old_human) or (new_human == old_human and new[5] >= old[5])


def _write_rows(db: sqlite3.Connection, rows: Sequence[_Row], replaces: Callable[[_Row, _Row], bool]) -> None:
    """Insert or update ``rows``, in order, in the caller's write transaction: a row whose key
    (language pair, source text) is stored already, or earlier in ``rows``, replaces it when
    ``replaces(new, old)``. New rows are appended (insertion order); a replaced one is updated
    where it lies. Raises :class:`sqlite3.Error`."""
    keyed = [(source_key_hash(row[0], row[1], row[2]), row) for row in rows]
    stored: dict[tuple[str, str, str], tuple[int | None, _Row]] = {}
    query = f"SELECT id, {_COLUMNS} FROM {_TABLE} WHERE source_hash IN ({{marks}})"
    for found in select_in(db, query, list(dict.fromkeys(h for h, _ in keyed))):
        stored[found[1], found[2], found[3]] = (found[0], found[1:])
    changed: dict[tuple[str, str, str], tuple[int, _Row]] = {}
    added: dict[tuple[str, str, str], tuple[int, _Row]] = {}
    for source_hash, row in keyed:
        key = (row[0], row[1], row[2])
        before = stored.get(key)
        if before is not None and not replaces(row, before[1]):
            continue
        row_id = None if before is None else before[0]
        stored[key] = (row_id, row)
        if row_id is None:
            added[key] = (source_hash, row)  # a key given twice: its place stays the first's
        else:
            changed[key] = (row_id, row)
    db.executemany(
        f"INSERT INTO {_TABLE} (source_hash, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(source_hash, *row) for source_hash, row in added.values()],
    )
    db.executemany(
        f"UPDATE {_TABLE} SET translation = ?, origin = ?, updated = ? WHERE id = ?",
        [(row[3], row[4], row[5], row_id) for row_id, row in changed.values()],
    )


def _tables(db: sqlite3.Connection) -> set[str]:
    names = (_TABLE, _OLD_TABLE)
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)", names)}


def _prepare(db: sqlite3.Connection) -> None:
    """Give ``db`` the current schema: made in a new file, and the rows of an old-schema table
    moved into it (:func:`_convert`), once. One look at the schema per opening. Raises
    :class:`sqlite3.Error`."""
    if _tables(db) == {_TABLE}:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        tables = _tables(db)  # again under the write lock: another process may have won
        if tables != {_TABLE}:
            for statement in _SCHEMA:
                db.execute(statement)
            if _OLD_TABLE in tables:
                _convert(db, merge=_TABLE in tables)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _convert(db: sqlite3.Connection, merge: bool) -> None:
    """Move the rows of the old-schema table (:data:`_OLD_TABLE`) into the new one and drop it,
    in the caller's transaction, so a failure or a crash leaves the file as it was. The oldest
    ``updated`` first, so the insertion order means something. ``merge``: the new table has rows
    already (an older l10n wrote the old table after a conversion): each old row is imported by
    :meth:`Memory.add_records`'s rule; else copied in one statement. The freed pages stay in the
    file and are reused by later rows."""
    order = "ORDER BY updated, source_lang, target_lang, source_text"
    if merge:
        cursor = db.execute(f"SELECT {_COLUMNS} FROM {_OLD_TABLE} {order}")
        while rows := cursor.fetchmany(_CHUNK * 4):
            _write_rows(db, rows, _import_rule)
    else:
        db.create_function("l10n_source_key_hash", 3, source_key_hash, deterministic=True)
        db.execute(
            f"INSERT INTO {_TABLE} (source_hash, {_COLUMNS}) "
            f"SELECT l10n_source_key_hash(source_lang, target_lang, source_text), {_COLUMNS} FROM {_OLD_TABLE} {order}"
        )
    db.execute(f"DROP TABLE {_OLD_TABLE}")


@dataclass(frozen=True)
class Entry:
    """One remembered translation."""

    translation: str
    origin: str
    """``"human"`` or ``"machine:<engine>"``."""
    updated: str

    @property
    def human(self) -> bool:
        return self.origin == "human"


@dataclass(frozen=True)
class Record:
    """One memory row with its language pair, as exported and imported (TMX, backend moves)."""

    source_lang: str
    target_lang: str
    source_text: str
    translation: str
    origin: str
    """``"human"`` or ``"machine:<engine>"``."""
    updated: str
    """ISO 8601 date and time, UTC (``2026-11-30T02:15:00+00:00``)."""


def check_origin(origin: str) -> None:
    """Raise ValueError unless ``origin`` is ``"human"`` or ``"machine:<engine>"``."""
    if origin != "human" and not (origin.startswith("machine:") and len(origin) > len("machine:")):
        raise ValueError(f"origin must be 'human' or 'machine:<engine>', got {origin!r}")


def utc_now() -> str:
    """The current time as stored in ``updated``: ISO 8601, UTC, whole seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Memory(Protocol):
    """What the translate stage needs from a translation memory (every backend provides it).

    Texts are whole segments (msgids), compared exactly; languages are BCP 47 tags as in the
    configuration. Every method may raise :class:`~l10n.errors.L10nError` when the store fails.
    """

    def lookup(self, source_lang: str, target_lang: str, texts: Iterable[str]) -> dict[str, Entry]:
        """Entries for those of ``texts`` that are remembered, keyed by source text (batched)."""
        ...

    def store_many(self, source_lang: str, target_lang: str, pairs: Iterable[tuple[str, str]], *, origin: str) -> None:
        """Remember ``(source_text, translation)`` pairs in one transaction; human wins."""
        ...

    def claim(self, source_lang: str, target_lang: str, texts: Sequence[str]) -> set[str]:
        """Those of ``texts`` this runner should send to the engine now.

        A text left out is being translated by another runner sharing the memory (or was stored
        meanwhile): pass it to :meth:`wait_for` once this runner's own requests are done. A
        claim ends when the text is stored, at :meth:`wait_for`, or when the runner's
        connection ends (a killed runner holds nothing).
        """
        ...

    def wait_for(self, source_lang: str, target_lang: str, texts: Sequence[str]) -> tuple[dict[str, Entry], list[str]]:
        """Wait until each of ``texts`` is stored by its claimant or given up by it.

        Returns the entries stored by others, and the texts given up, now claimed by this runner
        (to send itself). Releases this runner's own claims first, so waiting runners never
        hold what another waits for.
        """
        ...

    def records(self) -> Iterator[Record]:
        """Every row, ordered by language pair and source text."""
        ...

    def add_records(self, records: Iterable[Record]) -> int:
        """Import rows in batches; a row replaces an existing one when it is human and the
        existing one is not, or when both are of the same kind and it is at least as recent.
        Returns the number of rows read."""
        ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


def memory_from_url(url: str, write: bool = True, root: Path | None = None) -> Memory:
    """Open the memory at ``url``: a PostgreSQL URL, or the path of a SQLite file. ``write``
    false: for a command that only reads it (a SQLite file that cannot be written is then read
    from a copy: :class:`TranslationMemory`); ``root``: the project's folder, from which a
    warning names the file.

    Raises :class:`~l10n.errors.L10nError` when it cannot be opened (the message never shows a
    password).
    """
    if is_postgres_url(url):
        from l10n.mt.memory_pg import PostgresMemory  # psycopg is an optional extra

        return PostgresMemory(url)
    return TranslationMemory(Path(url.removeprefix("sqlite:///").removeprefix("sqlite://")), write, root)


def open_memory(config: Config) -> Memory:
    """The project's translation memory, by the configuration: SQLite by default, PostgreSQL for
    a ``postgresql://`` URL (:func:`memory_url`, :func:`memory_from_url`). Use it as a context
    manager, which closes it. Raises :class:`~l10n.errors.L10nError` when it cannot be opened."""
    url = memory_url(config)
    if not is_postgres_url(url):
        config.locales.mkdir(parents=True, exist_ok=True)
    return memory_from_url(url, root=config.root)


def open_memory_to_read(config: Config) -> Memory:
    """The memory :func:`open_memory` gives, for a run that must write nothing (``--dry-run``):
    a PostgreSQL memory as it is (a dry run only looks texts up); a SQLite one as an in-memory
    copy of the file (:func:`l10n.store.cachedb.copy_for_reading`), empty when there is none
    or it is damaged (a real run sets it aside), so no file or folder is made or touched
    (opening the file, even read-only, makes its ``-wal`` and ``-shm`` files). Raises as
    :func:`open_memory`, and :class:`~l10n.errors.L10nError` naming the file when it cannot be
    read (a dry run would otherwise predict requests for what the memory holds)."""
    url = memory_url(config)
    if is_postgres_url(url):
        return memory_from_url(url)
    path = Path(url.removeprefix("sqlite:///").removeprefix("sqlite://"))
    check_readable(path)
    memory = TranslationMemory(Path(_IN_MEMORY))
    copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    if path.is_file() and copy_for_reading(path, copy):
        try:
            _prepare(copy)  # a file of an older version: converted in the copy only
        except sqlite3.Error:
            copy.close()
            return memory  # not a memory file: read as none (a real run sets it aside)
        memory._db.close()
        memory._db = copy  # the copy keeps the file's page size, which a backup into the made one could not
    else:
        copy.close()
    return memory


def _open_sqlite(path: Path, write: bool = True, root: Path | None = None) -> sqlite3.Connection:
    """Open (creating if needed, when ``write``) the SQLite memory file: the one place it is opened.

    A file SQLite reports as damaged (or one with another schema) is set aside first, never
    deleted (:func:`l10n.store.cachedb.set_aside_damaged`). A file that cannot be read, or
    (``write``) written — the file, its ``-wal`` or ``-shm`` file, or its folder
    (:mod:`l10n.store.access`) — is named with the operating system's reason and left as it is.
    Not ``write`` (a command that only reads it): a file that cannot be written is read through
    an in-memory copy (:func:`_read_only`). Raises :class:`~l10n.errors.L10nError` naming the
    file or folder when it cannot be opened.
    """
    if str(path) != _IN_MEMORY:
        check_readable(path)
        problem = write_problem(path)
        if problem is not None:
            if not write and path.is_file():
                return _read_only(path)
            raise cannot_write(path, problem)
    set_aside_damaged(path, {_OLD_TABLE: _CHECKED_COLUMNS, _TABLE: _CHECKED_COLUMNS}, root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = Path(exc.filename) if isinstance(exc.filename, str) else path.parent
        raise L10nError(f"cannot make the folder of the translation memory: {exc.strerror or exc}", where) from None
    try:
        # check_same_thread=False: the caller's lock serialises use from progress/worker threads.
        db = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        # A new file only (an existing one keeps its own): a row holds a whole segment and its
        # translation. 16 KiB pages were chosen for the keyed-by-text table (half the CPU and
        # bytes of 4 KiB); with rows appended, 4 KiB still writes more (a first sync of 1,000
        # notes: 89 MB against 79 MB through the memory, the file 35 MB against 31 MB; session 15).
        db.execute(f"PRAGMA page_size={_PAGE_SIZE}")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # durable against process crashes in WAL mode
        db.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")  # flat in the file's size (see PAGE_CACHE_KIB)
        try:
            _prepare(db)
        except sqlite3.Error:
            db.close()  # a conversion that failed was rolled back: the file is as it was
            raise
    except sqlite3.Error as exc:
        raise L10nError(f"cannot open the translation memory: {_sqlite_reason(exc)}", path) from None
    return db


def _read_only(path: Path) -> sqlite3.Connection:
    """An in-memory copy of the memory file ``path``, which a command that only reads uses when
    the file cannot be written: a connection to the file itself would make ``-wal`` and ``-shm``
    files (of the file's read-only mode, which stop later runs) or fail in a read-only folder.
    Linear in the file's size. Raises :class:`~l10n.errors.L10nError` when it cannot be read or
    is not a memory file."""
    copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        problem = copy_problem(path, copy)
        if problem is not None:
            raise L10nError(f"cannot read the translation memory: {problem}", path)
        _prepare(copy)  # a file of an older version: converted in the copy only
    except sqlite3.Error as exc:
        copy.close()
        raise L10nError(f"cannot read the translation memory: {_sqlite_reason(exc)}", path) from None
    except L10nError:
        copy.close()
        raise
    return copy


def _sqlite_reason(exc: sqlite3.Error) -> str:
    return " ".join(str(exc).split())


class TranslationMemory:
    """The SQLite translation memory file (a :class:`Memory`); use as a context manager or call
    :meth:`close`. One process at a time translates a project (the project lock), so claims are
    trivial here: every text is this runner's to send."""

    def __init__(self, path: Path | str, write: bool = True, root: Path | None = None) -> None:
        """Open the memory file ``path`` (made when missing). ``write`` false: for a command that
        only reads it, a file that cannot be written is read from an in-memory copy (see
        :func:`_open_sqlite`). ``root``: the project's folder, from which a warning names the
        file. Raises :class:`~l10n.errors.L10nError` naming the file."""
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = _open_sqlite(self.path, write, root)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"TranslationMemory({str(self.path)!r})"

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._db.execute(f"SELECT count(*) FROM {_TABLE}").fetchone()
        return int(count)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def lookup(self, source_lang: str, target_lang: str, texts: Iterable[str]) -> dict[str, Entry]:
        """Entries for those of ``texts`` that are remembered, keyed by source text: one probe
        of the hash index per text, and the rows found compared by their text."""
        wanted = set(texts)
        hashes = list(dict.fromkeys(source_key_hash(source_lang, target_lang, text) for text in wanted))
        found: dict[str, Entry] = {}
        with self._lock:
            query = (
                f"SELECT source_text, translation, origin, updated FROM {_TABLE} "
                "WHERE source_lang = ? AND target_lang = ? AND source_hash IN ({marks})"
            )
            for source_text, translation, origin, updated in select_in(self._db, query, hashes, (source_lang, target_lang)):
                if source_text in wanted:
                    found[source_text] = Entry(translation, origin, updated)
        return found

    def store_many(self, source_lang: str, target_lang: str, pairs: Iterable[tuple[str, str]], *, origin: str) -> None:
        """Remember ``(source_text, translation)`` pairs in one transaction.

        ``origin`` is ``"human"`` or ``"machine:<engine>"``; a machine pair never replaces a
        human entry. A text given twice keeps its last pair.
        """
        check_origin(origin)
        now = utc_now()
        rows = [(source_lang, target_lang, s, t, origin, now) for s, t in pairs]
        self._write(rows, _store_rule)

    def _write(self, rows: Sequence[_Row], replaces: Callable[[_Row, _Row], bool]) -> None:
        """:func:`_write_rows` in one transaction of its own, the write lock taken first
        (``BEGIN IMMEDIATE``), so the rows it reads are those its writes act on."""
        if not rows:
            return
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    _write_rows(self._db, rows, replaces)
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:  # a full disk, a file made read-only during the run
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise L10nError(f"cannot write the translation memory: {_sqlite_reason(exc)}", self.path) from None

    def claim(self, source_lang: str, target_lang: str, texts: Sequence[str]) -> set[str]:
        """Every text: one process at a time translates a project that uses a SQLite memory."""
        return set(texts)

    def wait_for(self, source_lang: str, target_lang: str, texts: Sequence[str]) -> tuple[dict[str, Entry], list[str]]:
        """Nothing to wait for (see :meth:`claim`): the stored entries, and the rest to send."""
        found = self.lookup(source_lang, target_lang, texts)
        return found, [text for text in dict.fromkeys(texts) if text not in found]

    def records(self) -> Iterator[Record]:
        """Every row, ordered by language pair and source text: one sorted read (SQLite sorts
        in bounded memory, spilling to a temporary file), fetched in pages (flat memory)."""
        with self._lock:
            cursor = self._db.execute(
                f"SELECT {_COLUMNS} FROM {_TABLE} ORDER BY source_lang, target_lang, source_text"
            )
        try:
            while True:
                with self._lock:
                    rows = cursor.fetchmany(_CHUNK * 4)
                if not rows:
                    return
                for row in rows:
                    yield Record(*row)
        finally:
            cursor.close()

    def add_records(self, records: Iterable[Record]) -> int:
        """Import rows, :data:`_CHUNK` * 4 per transaction (see :meth:`Memory.add_records`)."""
        count = 0
        batch: list[_Row] = []
        for record in records:
            check_origin(record.origin)
            batch.append(
                (record.source_lang, record.target_lang, record.source_text, record.translation, record.origin,
                 record.updated)
            )
            count += 1
            if len(batch) >= _CHUNK * 4:
                self._write(batch, _import_rule)
                batch = []
        self._write(batch, _import_rule)
        return count

