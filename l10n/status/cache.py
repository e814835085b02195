"""The status cache: counts per catalog and output verdicts, so a repeat ``status`` only stats.

The counts live in two tables of the project's bookkeeping database
(``<locales>/.l10n-cache.sqlite3``, :mod:`l10n.store.cachedb`): ``status_counts`` keyed by a
file's absolute path, ``status_verdicts`` keyed by an output's. A row is valid while the file's
size and change time ``st_ctime_ns`` (its *fingerprint*) are unchanged, and only for the cache
version and ``on_source_change`` policy it was counted with (its ``kind``). The change time, not
the mtime: the kernel sets it on every write and every ``utime``, so a same-size edit whose mtime
was put back (``os.utime``, an editor or sync tool keeping mtimes) is counted again (git's
Documentation/technical/racy-git.txt; the run state keys its records the same way,
:func:`l10n.store.state.stat_identity`). The columns keep their name ``mtime_ns``, which holds
the change time since version 3 (rows of older versions are of another ``kind``, never read). A run reads the rows of the
files it is about to look at, a chunk at a time (:meth:`StatusCache.load`), so memory stays
flat however many notes there are; a JSON document read whole cost about 1 KB per note
(issue 19).

Files changed within the last :data:`RACY_NS` are never trusted on their fingerprint: on file
systems with coarse timestamps a second write in the same tick could keep both size and change
time. A row may also carry the digest of the bytes it counts (:func:`l10n.store.verdicts.catalog_digest`
under the row's policy): the stages that have just written or read a catalog store its counts so
(:mod:`l10n.status.handoff`), fingerprint and all, however young the file; such a row is
*unproven* until a run finds the file's bytes of that digest, and is then kept for the file's
fingerprint (proven, once the change time is out of the racy window). A digest also carries a row
over a change time that moved with the bytes unchanged (a fresh clone, ``touch``). A damaged or
unreadable database is only a slower run.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from l10n.config import Config
from l10n.po.policy import Coverage
from l10n.status import sums
from l10n.status.model import FileCounts, OutputState
from l10n.store import cachedb

CACHE_NAME = cachedb.CACHE_NAME
"""The file that holds the status tables (with the rest of the run's bookkeeping)."""
OLD_CACHE_NAME = ".l10n-status-cache.json"
"""Where versions before the SQLite tables kept the counts: removed when the tables are written."""
CACHE_VERSION = 3
"""2: counts follow what the build publishes (validation, ``on_source_change``); 3: rows are
keyed by the change time (a same-size edit whose mtime was put back kept the version 2 rows)."""
RACY_NS = 2_000_000_000
"""Files younger than this are not cached (see the module docstring)."""

_TABLES = {
    "status_counts": "CREATE TABLE IF NOT EXISTS status_counts "
    "(path TEXT PRIMARY KEY, kind TEXT, size INTEGER, mtime_ns INTEGER, data TEXT)",
    "status_verdicts": "CREATE TABLE IF NOT EXISTS status_verdicts (path TEXT PRIMARY KEY, kind TEXT, data TEXT)",
    # a count row's segment counts again, as integers: what sync's coverage line sums in SQLite
    "status_segments": "CREATE TABLE IF NOT EXISTS status_segments (path TEXT PRIMARY KEY, kind TEXT, size INTEGER, "
    "mtime_ns INTEGER, total INTEGER, translated INTEGER, fuzzy INTEGER, untranslated INTEGER, obsolete INTEGER, "
    "review INTEGER, rejected INTEGER) WITHOUT ROWID",
}
_SEGMENT_COLUMNS = ("total", "translated", "fuzzy", "untranslated", "obsolete", "review", "rejected")
"""The columns of ``status_segments`` that hold :class:`~l10n.po.policy.Coverage`'s fields, in its order."""
_IN_LIST = cachedb.IN_LIST_MOST
"""Paths per ``IN (…)`` query: under SQLite's oldest limit of 999 bound values."""
PRUNE_SLACK = 1_000
"""Rows beyond those a full run used before it looks for rows of files that are gone."""

Fingerprint = tuple[int, int]


def fingerprint(st: os.stat_result) -> Fingerprint:
    """``(size in bytes, st_ctime_ns)`` of a stat: what a row is valid for (see the module
    docstring: an edit cannot put the change time back, as it can the mtime)."""
    return (st.st_size, st.st_ctime_ns)


class StatusCache:
    """Counts per file and output verdicts, keyed by absolute path and valid for one fingerprint.

    Rows are read by :meth:`load` (the files of a chunk of notes, one query per
    :data:`_IN_LIST` paths) or one at a time when not loaded; new rows are written deferred,
    in the bookkeeping database's batches, and all by :meth:`save`.
    """

    def __init__(self, connection: cachedb.Connection | None, policy: str = "machine") -> None:
        self.connection = connection
        self.kind = f"{CACHE_VERSION}:{policy}"
        self.policy = policy
        self.rows: dict[str, tuple[int, int, str]] = {}
        """Loaded count rows: path -> (size, ctime_ns, data)."""
        self.loaded: set[str] = set()
        """Paths asked for by the last :meth:`load` (found or not)."""
        self.used = 0
        """Count rows this run found valid or wrote (a full run's live rows, for :meth:`save`)."""
        self.horizon = time.time_ns() - RACY_NS

    @classmethod
    def open(cls, locales: Path | None, policy: str = "machine", create: bool = True) -> StatusCache:
        """The cache of the project whose locales folder is ``locales`` (None: no cache, every
        file is counted); rows of another version or ``policy`` are ignored. ``create`` false
        (a report): no bookkeeping file is made when there is none (nothing is cached then)."""
        if locales is None:
            return cls(None, policy)
        connection = cachedb.connect(locales, create=create)
        if connection is None or connection.db is None:
            return cls(None, policy)
        try:
            _create_tables(connection.db)
        except sqlite3.Error:
            return cls(None, policy)
        return cls(connection, policy)

    def _db(self) -> sqlite3.Connection | None:
        return self.connection.db if self.connection is not None else None

    def load(self, paths: Iterable[str]) -> None:
        """Read the count rows of ``paths`` (replacing those held): what the next lookups need."""
        self.rows.clear()
        self.loaded.clear()
        db = self._db()
        if db is None:
            return
        wanted = list(paths)
        self.loaded.update(wanted)
        assert self.connection is not None
        self.connection.flush()  # see the rows this run wrote
        try:
            query = "SELECT path, size, mtime_ns, data FROM status_counts WHERE kind = ? AND path IN ({marks})"
            for path, size, mtime_ns, data in cachedb.select_in(db, query, wanted, (self.kind,)):
                self.rows[path] = (size, mtime_ns, data)
        except sqlite3.Error:
            self.rows.clear()  # only a slower run

    def _row(self, key: str) -> tuple[int, int, str] | None:
        if key in self.loaded:
            return self.rows.get(key)
        try:
            found = self._select("SELECT size, mtime_ns, data FROM status_counts WHERE path = ? AND kind = ?", key)
        except sqlite3.Error:
            return None
        return None if found is None else (found[0], found[1], found[2])

    def _select(self, query: str, key: str) -> tuple[Any, ...] | None:
        """The row ``query`` finds for file ``key`` of this kind, once this run's writes for it are
        in; None without a database. Raises :class:`sqlite3.Error` as the database does."""
        db = self._db()
        if db is None:
            return None
        assert self.connection is not None
        self.connection.flush_for(key)
        found: tuple[Any, ...] | None = db.execute(query, (key, self.kind)).fetchone()
        return found

    def counts(self, key: str, fp: Fingerprint, digest: Callable[[], bytes | None] | None = None) -> FileCounts | None:
        """The counts of file ``key`` if they were stored for fingerprint ``fp`` (a proven row);
        else, when the row carries a digest and ``digest`` (the file's
        :func:`l10n.store.verdicts.catalog_digest` under this cache's policy, read when called;
        None: unreadable) gives the same, its counts, and the row is stored again for ``fp``
        (:meth:`store_counts`). None otherwise, or when the row does not hold what
        :meth:`store_counts` writes."""
        row = self._row(key)
        if row is None:
            return None
        parsed = _parse_row(row[2])
        if parsed is None:
            return None  # wrong types (issue 15): they would fail later, in arithmetic
        counts, stored_digest, proven = parsed
        if proven and row[0] == fp[0] and row[1] == fp[1]:
            self.used += 1
            return counts
        # Another change time, or one too young to prove the bytes: the digest decides. Read only
        # for a row of the same size (another size is other bytes).
        if stored_digest is None or digest is None or row[0] != fp[0]:
            return None
        if digest() != stored_digest:
            return None
        if row[1] != fp[1] or fp[1] < self.horizon:
            self.store_counts(key, fp, counts, stored_digest)  # next time a stat suffices
        else:
            self.used += 1
        return counts

    def store_counts(self, key: str, fp: Fingerprint, counts: FileCounts, digest: bytes | None = None) -> None:
        """Keep ``counts`` for file ``key`` of fingerprint ``fp``. A change time within the racy
        window stores a row only with the ``digest`` of the bytes counted (an unproven row, which
        :meth:`counts` checks against the file); the segment row (what sync's coverage line sums
        by fingerprint) only for a proven one."""
        proven = fp[1] < self.horizon
        if not proven and digest is None:
            return
        self.used += 1
        parts: list[object] = [_coverage_list(counts.segments), _coverage_list(counts.words), counts.title]
        if digest is not None:
            parts += [digest.hex(), proven]
        data = json.dumps(parts)
        if key in self.loaded:
            self.rows[key] = (fp[0], fp[1], data)
        self._write("INSERT OR REPLACE INTO status_counts VALUES (?, ?, ?, ?, ?)", (key, self.kind, *fp, data))
        if proven:
            self._write(
                "INSERT OR REPLACE INTO status_segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, self.kind, *fp, *_coverage_list(counts.segments)),
            )

    def store_segments(self, key: str, fp: Fingerprint, segments: Coverage) -> None:
        """Write only the segment row of file ``key`` (``status_segments``, what sync's coverage
        line sums), for counts known without words or title (the build's record of a catalog,
        :mod:`l10n.status.published`); a later :meth:`store_counts` of the file replaces it."""
        if fp[1] >= self.horizon:
            return
        self._write(
            "INSERT OR REPLACE INTO status_segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, self.kind, *fp, *_coverage_list(segments)),
        )

    def verdict(self, key: str, fps: list[Fingerprint | None]) -> OutputState | None:
        """The verdict stored for output ``key`` when its inputs had fingerprints ``fps``."""
        try:
            found = self._select("SELECT data FROM status_verdicts WHERE path = ? AND kind = ?", key)
            if found is None:
                return None
            stored, state = json.loads(found[0])
            if stored != [list(f) if f else None for f in fps]:
                return None
            return OutputState(state)
        except (sqlite3.Error, TypeError, ValueError, RecursionError):
            return None

    def store_verdict(self, key: str, fps: list[Fingerprint | None], state: OutputState) -> None:
        if any(f is not None and f[1] >= self.horizon for f in fps):
            return
        data = json.dumps([[list(f) if f else None for f in fps], state.value])
        self._write("INSERT OR REPLACE INTO status_verdicts VALUES (?, ?, ?)", (key, self.kind, data))

    def _write(self, statement: str, values: tuple[object, ...]) -> None:
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self.connection.write((statement, values), defer=True)

    def save(self, prune: bool) -> None:
        """Write the rows still waiting; ``prune`` (a run over every note and language) also
        drops the rows of files that are gone or changed, when there are more than
        :data:`PRUNE_SLACK` rows beyond those the run used, reading them a page at a time."""
        if self.connection is None or self.connection.db is None:
            return
        self.connection.flush()
        _remove_old_cache(self.connection.path.parent)
        if not prune:
            return
        db = self.connection.db
        with contextlib.suppress(sqlite3.Error):
            (rows,) = db.execute("SELECT count(*) FROM status_counts").fetchone()
            if rows <= self.used + PRUNE_SLACK:
                return
            # segment rows alone (store_segments) are checked with the count rows
            for dead in _batches(itertools.chain(_dead_rows(db, self.kind), _dead_segment_rows(db)), _IN_LIST):
                marks = ",".join("?" * len(dead))
                self.connection.write(
                    (f"DELETE FROM status_counts WHERE path IN ({marks})", tuple(dead)),
                    (f"DELETE FROM status_segments WHERE path IN ({marks})", tuple(dead)),
                )


Sums = tuple[dict[str, Coverage], dict[str, set[str]], dict[str, int]]
"""What :func:`summed_counts` gives per language: the summed counts, the notes left for the caller
to count, and how many notes' catalogs the sum holds."""


def summed_counts(
    cache: StatusCache, config: Config, languages: Sequence[str], changed: Collection[str]
) -> Sums | None:
    """Segment counts per language of every note whose build is recorded in the run state
    (:mod:`l10n.store.state`, keys ``build:<lang>:<note>``) and not named in ``changed``,
    summed by SQLite from the segment rows (``status_segments``) of the catalogs with the very
    size and change time that build recorded; and, per language, the names of the recorded
    notes that have no such row (never counted, counted for another policy, written within
    :data:`RACY_NS`, or a row whose counts are not all integers), for the caller to count in
    that language only (the others' sums hold them already); and, per language, the number of
    notes whose counts the sum holds. None without a database,
    or when a query fails: count every note then.

    Sound because a note outside ``changed`` has files unchanged since its build was recorded
    (the caller checked them, :func:`l10n.store.changes.find_changes`), and a count row is
    valid for the file it was made from (path, size, change time, kind). Cost: the totals
    the triggers of :mod:`l10n.status.sums` keep, a row per language and kind, and the rows of
    the ``changed`` notes (their counts are taken off the sum); the join of every note's rows
    that these replace cost 80 ms at 20,000 notes, the JSON rows of ``status_counts`` 0.3 s.
    """
    db = cache._db()
    if db is None:
        return None
    assert cache.connection is not None
    cache.connection.flush()
    try:
        if sums.ensure(db):
            return _kept_sums(db, cache.kind, config, languages, changed)
        return _joined_sums(db, cache.kind, config, languages, changed)
    except sqlite3.Error:
        return None


def _kept_sums(
    db: sqlite3.Connection, kind: str, config: Config, languages: Sequence[str], changed: Collection[str]
) -> Sums:
    """:func:`summed_counts` from the totals the triggers of :mod:`l10n.status.sums` keep: a
    row per language, the pairs of the ``changed`` notes and of catalogs named otherwise.
    Raises :class:`sqlite3.Error` as the database does."""
    totals: dict[str, Coverage] = {}
    unsummed: dict[str, set[str]] = {}
    notes: dict[str, int] = {}
    columns = ", ".join(sums.COUNTS)
    for lang in languages:
        prefix = f"build:{lang}:"
        catalogs = f"{config.locales}{os.sep}{config.catalog_folder(lang)}{os.sep}"
        end = catalogs[:-1] + chr(ord(os.sep) + 1)
        total = [0] * len(sums.COUNTS)
        missing = summed = 0
        for row_kind, pairs, counts in sums.summed_rows(db, lang, catalogs):
            if row_kind == kind:
                total = [a + b for a, b in zip(total, counts, strict=True)]
                summed += pairs
            else:
                missing += pairs
        names: set[str] = set()
        for key, path, row_kind, odd in sums.odd_pairs(db, lang, catalogs):
            if not (key.startswith(prefix) and catalogs <= path < end):
                continue
            if row_kind == kind:
                total = [a + (b or 0) for a, b in zip(total, odd, strict=True)]
                summed += 1
            elif key[len(prefix) :] not in changed:
                names.add(key[len(prefix) :])
        query = f"SELECT {columns} FROM coverage_pairs WHERE kind = ? AND path >= ? AND path < ? AND key IN ({{marks}})"
        for taken in cachedb.select_in(db, query, (prefix + name for name in changed), (kind, catalogs, end)):
            total = [a - b for a, b in zip(total, taken, strict=True)]  # the caller counts these
            summed -= 1
        if missing:
            query = "SELECT substr(key, ?) FROM coverage_pairs WHERE lang = ? AND folder = ? AND kind != ?"
            names.update(name for (name,) in db.execute(query, (len(prefix) + 1, lang, catalogs, kind)) if name not in changed)
        unsummed[lang] = names
        totals[lang] = Coverage(*total)
        notes[lang] = summed
    return totals, unsummed, notes


def _joined_sums(
    db: sqlite3.Connection, kind: str, config: Config, languages: Sequence[str], changed: Collection[str]
) -> Sums:
    """:func:`summed_counts` by joining the stamps and the segment rows of every note (when
    the totals' tables cannot be made). Raises :class:`sqlite3.Error` as the database does."""
    totals: dict[str, Coverage] = {}
    unsummed: dict[str, set[str]] = {}
    notes: dict[str, int] = {}
    columns = sums.COUNTS
    total_sums = ", ".join(f"sum(g.{column})" for column in columns)
    valid = " AND ".join(f"typeof(g.{column}) = 'integer'" for column in columns)
    # the build's record of the note's catalog, and the segment row made for that file
    join = (
        f"FROM stamps s LEFT JOIN status_segments g ON g.path = s.path AND g.kind = ? AND g.size = s.size "
        f"AND g.mtime_ns = s.ctime_ns AND {valid} "  # the row's column holds the change time (module docstring)
        # +s.path: read the build's rows by key (the primary key), not every stage's by path
        "WHERE s.key >= ? AND s.key < ? AND +s.path >= ? AND +s.path < ? AND s.path LIKE '%.po' "
        f"AND {sums.NOT_OWN}"  # never a note written in that language
    )
    for lang in languages:
        prefix = f"build:{lang}:"
        catalogs = f"{config.locales}{os.sep}{config.catalog_folder(lang)}{os.sep}"
        bounds = (kind, prefix, prefix[:-1] + ";", catalogs, catalogs[:-1] + chr(ord(os.sep) + 1))
        *row, missing, summed = db.execute(f"SELECT {total_sums}, count(*) - count(g.path), count(g.path) {join}", bounds).fetchone()
        total = [value or 0 for value in row]
        listed = ", ".join(f"g.{column}" for column in columns)
        query = f"SELECT {listed} {join} AND g.path IS NOT NULL AND s.key IN ({{marks}})"
        for counts in cachedb.select_in(db, query, (prefix + name for name in changed), bounds):
            total = [a - b for a, b in zip(total, counts, strict=True)]  # the caller counts these
            summed -= 1
        notes[lang] = summed
        unsummed[lang] = set()
        if missing:
            query = f"SELECT substr(s.key, ?) {join} AND g.path IS NULL"
            unsummed[lang].update(name for (name,) in db.execute(query, (len(prefix) + 1, *bounds)) if name not in changed)
        totals[lang] = Coverage(*total)
    return totals, unsummed, notes


def _dead_rows(db: sqlite3.Connection, kind: str) -> Iterator[str]:
    """Paths of count rows whose file is gone or changed, or that were counted for another kind."""
    last = ""
    while True:
        page = db.execute(
            "SELECT path, size, mtime_ns, kind FROM status_counts WHERE path > ? ORDER BY path LIMIT 1000", (last,)
        ).fetchall()
        if not page:
            return
        for path, size, mtime_ns, row_kind in page:
            if row_kind != kind:
                yield path
                continue
            if _changed(path, size, mtime_ns):
                yield path
        last = page[-1][0]


def _dead_segment_rows(db: sqlite3.Connection) -> Iterator[str]:
    """Paths of segment rows without a count row (:meth:`StatusCache.store_segments`) whose file
    is gone or changed; read whole, as they are few (a ``status`` run gives each a count row)."""
    query = (
        "SELECT path, size, mtime_ns FROM status_segments g "
        "WHERE NOT EXISTS (SELECT 1 FROM status_counts c WHERE c.path = g.path)"
    )
    for path, size, mtime_ns in db.execute(query).fetchall():
        if _changed(path, size, mtime_ns):
            yield path


def _changed(path: str, size: int, ctime_ns: int) -> bool:
    """Whether the file ``path`` is gone or no longer has the ``size`` (bytes) and change time
    ``ctime_ns`` a count row was stored for (:func:`fingerprint`)."""
    try:
        st = os.stat(path)
    except OSError:
        return True
    return fingerprint(st) != (size, ctime_ns)


def _batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _create_tables(db: sqlite3.Connection) -> None:
    """Create the status tables unless they exist (looked up first: no write lock when they do)."""
    have = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'status_%'")}
    for name, statement in _TABLES.items():
        if name not in have:
            db.execute(statement)
    if "status_segments" not in have and "status_counts" in have:
        # a file made before the segment rows: once, from the count rows (SQLite's JSON reader)
        with contextlib.suppress(sqlite3.Error), db:
            db.execute("BEGIN")
            db.execute(
                "INSERT OR IGNORE INTO status_segments SELECT path, kind, size, mtime_ns, "
                + ", ".join(f"json_extract(data, '$[0][{i}]')" for i in range(len(_SEGMENT_COLUMNS)))
                + " FROM status_counts WHERE json_valid(data)"
            )


def _remove_old_cache(locales: Path) -> None:
    """Delete the JSON cache of earlier versions: its counts are in the tables now."""
    with contextlib.suppress(OSError):
        os.unlink(locales / OLD_CACHE_NAME)


def _parse_row(data: str) -> tuple[FileCounts, bytes | None, bool] | None:
    """A ``status_counts`` row's data as :meth:`StatusCache.store_counts` writes it: the counts,
    the digest of the bytes counted (None: not kept) and whether the fingerprint proves them
    (rows without a digest were only ever stored proven); None for anything else."""
    try:
        parts = json.loads(data)
    except (TypeError, ValueError, RecursionError):
        return None
    if type(parts) is not list or len(parts) not in (3, 5):
        return None
    segments, words, title = parts[:3]
    if not (_int_list(segments) and _int_list(words) and (title is None or isinstance(title, str))):
        return None
    digest: bytes | None = None
    proven = True
    if len(parts) == 5:
        hexed, proven = parts[3:]
        if not isinstance(hexed, str) or type(proven) is not bool:
            return None
        try:
            digest = bytes.fromhex(hexed)
        except ValueError:
            return None
    return FileCounts(Coverage(*segments), Coverage(*words), title), digest, proven


def _int_list(value: Any) -> bool:
    """A list of Coverage's counts, as the cache writes it (:func:`_coverage_list`)."""
    return type(value) is list and len(value) == _COVERAGE_FIELDS and set(map(type, value)) == {int}


def _coverage_list(c: Coverage) -> list[int]:
    return [c.total, c.translated, c.fuzzy, c.untranslated, c.obsolete, c.review, c.rejected]


_COVERAGE_FIELDS = len(_coverage_list(Coverage()))
