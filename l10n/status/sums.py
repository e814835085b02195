"""Running coverage totals for sync's coverage line, kept by SQLite triggers (issue 19).

The coverage line of a sync on every push sums the segment counts of every note's catalog as
the status cache recorded them (``status_segments``), for the catalogs whose build the run
state recorded (``stamps``, keys ``build:<lang>:<note>``) with the very size and change time
of the count row (whose column ``mtime_ns`` holds the change time, :mod:`l10n.status.cache`).
Joining the two tables for every note cost 80 ms of SQLite at 20,000 notes, on every run.
Here the join is kept instead of made:

- ``coverage_pairs``: one row per build record of a catalog (a ``stamps`` row whose key starts
  with ``build:`` and whose path ends in ``.po``, as SQLite's ``LIKE`` reads it), with the
  counts of the ``status_segments`` row made for that very file and its ``kind``, or kind
  ``''`` when there is none (no row, another size or change time, a count that is not an integer);
- ``coverage_sums``: per language, catalog folder and kind, the number of pairs and the sum of
  their counts.

A build of a note in its own language (``lang: hi``: it is not translated into ``hi``) has no
pair, although its record names the catalog left from before: its ``deps:`` record, which then
names the note itself, takes the pair out, and gives it back when the note changes language
again. Such a pair once made sync count the note where ``status`` did not.

Triggers on ``stamps`` and ``status_segments`` keep both, whoever writes those tables (another
version of l10n included), so a run that changes a few notes updates a few rows, and the
coverage line reads one row per language (:func:`summed_rows`). A pair's folder is its path
without as many characters as its note's name has (``<locales>/<lang>/`` for a catalog named
``<stem>.po`` after ``<stem>.md``); pairs whose folder is another (a note named otherwise, a
catalog folder of other settings) are read one by one by the caller, from an index.

SQLite fires no delete trigger for the row an ``INSERT OR REPLACE`` replaces (without
``recursive_triggers``), so each insert trigger sets its pair whole. When a table or trigger
is missing or not the one this version makes (a new file, ``stamps`` dropped and made again by
:mod:`l10n.store.cachedb`, a file of a version that joined on the mtime), :func:`ensure` makes
them again from the tables as they are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

COUNTS = ("total", "translated", "fuzzy", "untranslated", "obsolete", "review", "rejected")
"""The count columns, in :class:`~l10n.po.policy.Coverage`'s field order (as ``status_segments``)."""

_IS_CATALOG_BUILD = "{row}.key >= 'build:' AND {row}.key < 'build;' AND {row}.path LIKE '%.po'"
# the language is the key's second field; the folder, the path less the note name's length
_LANG = "substr({row}.key, 7, instr(substr({row}.key, 7), ':') - 1)"
_FOLDER = "substr({row}.path, 1, length({row}.path) - length({row}.key) + 6 + instr(substr({row}.key, 7), ':'))"
_VALID = " AND ".join(f"typeof({{g}}.{column}) = 'integer'" for column in COUNTS)
# A build of a note in its own language (front matter ``lang: hi``) is recorded with the
# catalog it would read, but sums nothing: the note is not translated into that language. Its
# mark is its ``deps:`` record naming a file of its build record, the note itself
# (l10n.site.prune.OWN_LANGUAGE_MARK); a build that wrote a page never lists the note. Its own
# catalog is no mark: a link to the note's own heading by file name (``a.md#title``) read it,
# so the deps: record lists it (such notes were summed as none).
_OWN_OF = (
    "EXISTS (SELECT 1 FROM stamps d JOIN stamps b ON b.path = d.path "
    "WHERE d.key = 'deps:' || substr({key}, 7) AND b.key = {key} AND b.path NOT LIKE '%.po')"
)
_OWN = _OWN_OF.format(key="{row}.key")
# the rows that decide whether a build is one in the note's own language: its deps: rows and
# the build's files other than its catalog; and the build key they belong to
_MARKS = (
    "(({row}.key >= 'deps:' AND {row}.key < 'deps;') "
    "OR ({row}.key >= 'build:' AND {row}.key < 'build;' AND {row}.path NOT LIKE '%.po'))"
)
_BUILD_KEY = "(CASE WHEN {row}.key >= 'deps:' AND {row}.key < 'deps;' THEN 'build:' || substr({row}.key, 6) ELSE {row}.key END)"


def _pair_of(row: str, source: str = "(SELECT 1)") -> str:
    """SELECT of the pair of stamps row ``row`` (``NEW``, or ``s`` with ``source`` ``stamps s``)."""
    return (
        f"SELECT {row}.key, {row}.path, {_LANG.format(row=row)}, {_FOLDER.format(row=row)}, {row}.size, {row}.ctime_ns, "
        f"coalesce(g.kind, ''), " + ", ".join(f"g.{column}" for column in COUNTS) + " "
        f"FROM {source} LEFT JOIN status_segments g ON g.path = {row}.path AND g.size = {row}.size "
        f"AND g.mtime_ns = {row}.ctime_ns AND {_VALID.format(g='g')}"
    )


def _pair_set_from(row: str) -> str:
    """UPDATE of the pairs of ``status_segments`` row ``row``'s path to that row's counts."""
    matches = f"size = {row}.size AND ctime_ns = {row}.mtime_ns AND {_VALID.format(g=row)}"
    settings = ", ".join(f"{column} = CASE WHEN {matches} THEN {row}.{column} END" for column in COUNTS)
    return f"UPDATE coverage_pairs SET kind = CASE WHEN {matches} THEN coalesce({row}.kind, '') ELSE '' END, {settings} WHERE path = {row}.path;"


def _pair_cleared(row: str) -> str:
    settings = ", ".join(f"{column} = NULL" for column in COUNTS)
    return f"UPDATE coverage_pairs SET kind = '', {settings} WHERE path = {row}.path;"


def _sums_added(row: str, sign: str) -> str:
    """UPSERT of ``row``'s pair into (``+``) or out of (``-``) its sums row."""
    values = ", ".join(f"{sign}coalesce({row}.{column}, 0)" for column in COUNTS)
    updates = ", ".join(f"{column} = {column} + excluded.{column}" for column in COUNTS)
    return (
        f"INSERT INTO coverage_sums VALUES ({row}.lang, {row}.folder, {row}.kind, {sign}1, {values}) "
        f"ON CONFLICT (lang, folder, kind) DO UPDATE SET pairs = pairs + excluded.pairs, {updates};"
    )


_COUNT_COLUMNS = ", ".join(f"{column} INTEGER" for column in COUNTS)
_SCHEMA = {
    "coverage_pairs": (
        "CREATE TABLE coverage_pairs (key TEXT, path TEXT, lang TEXT, folder TEXT, size INTEGER, ctime_ns INTEGER, "
        f"kind TEXT, {_COUNT_COLUMNS}, PRIMARY KEY (key, path)) WITHOUT ROWID"
    ),
    "coverage_pairs_by_path": "CREATE INDEX coverage_pairs_by_path ON coverage_pairs (path)",
    "coverage_pairs_by_folder": "CREATE INDEX coverage_pairs_by_folder ON coverage_pairs (lang, folder, kind)",
    "coverage_sums": (
        f"CREATE TABLE coverage_sums (lang TEXT, folder TEXT, kind TEXT, pairs INTEGER, {_COUNT_COLUMNS}, "
        "PRIMARY KEY (lang, folder, kind)) WITHOUT ROWID"
    ),
    "coverage_pair_added": f"CREATE TRIGGER coverage_pair_added AFTER INSERT ON coverage_pairs BEGIN {_sums_added('NEW', '+')} END",
    "coverage_pair_removed": f"CREATE TRIGGER coverage_pair_removed AFTER DELETE ON coverage_pairs BEGIN {_sums_added('OLD', '-')} END",
    "coverage_pair_changed": (
        f"CREATE TRIGGER coverage_pair_changed AFTER UPDATE ON coverage_pairs BEGIN {_sums_added('OLD', '-')} {_sums_added('NEW', '+')} END"
    ),
}
_TRIGGERS = {
    # the stamps of a catalog's build: its pair made again (an INSERT OR REPLACE fires no delete)
    "coverage_stamp_added": (
        f"CREATE TRIGGER coverage_stamp_added AFTER INSERT ON stamps WHEN {_IS_CATALOG_BUILD.format(row='NEW')} BEGIN "
        f"DELETE FROM coverage_pairs WHERE key = NEW.key AND path = NEW.path; "
        f"INSERT INTO coverage_pairs {_pair_of('NEW')} WHERE NOT {_OWN.format(row='NEW')}; END"
    ),
    # a build's deps: rows and other files (the note's row may come after its catalog's) make
    # or unmake one in the note's own language: its pairs go, or come back
    "coverage_own_marked": (
        f"CREATE TRIGGER coverage_own_marked AFTER INSERT ON stamps WHEN {_MARKS.format(row='NEW')} BEGIN "
        f"DELETE FROM coverage_pairs WHERE key = {_BUILD_KEY.format(row='NEW')} "
        f"AND {_OWN_OF.format(key=_BUILD_KEY.format(row='NEW'))}; END"
    ),
    "coverage_own_unmarked": (
        f"CREATE TRIGGER coverage_own_unmarked AFTER DELETE ON stamps WHEN {_MARKS.format(row='OLD')} BEGIN "
        f"INSERT INTO coverage_pairs {_pair_of('s', 'stamps s')} WHERE s.key = {_BUILD_KEY.format(row='OLD')} "
        f"AND {_IS_CATALOG_BUILD.format(row='s')} AND NOT {_OWN.format(row='s')} "
        "AND NOT EXISTS (SELECT 1 FROM coverage_pairs p WHERE p.key = s.key AND p.path = s.path); END"
    ),
    "coverage_stamp_removed": (
        f"CREATE TRIGGER coverage_stamp_removed AFTER DELETE ON stamps WHEN {_IS_CATALOG_BUILD.format(row='OLD')} BEGIN "
        "DELETE FROM coverage_pairs WHERE key = OLD.key AND path = OLD.path; END"
    ),
    "coverage_stamp_changed": (
        "CREATE TRIGGER coverage_stamp_changed AFTER UPDATE OF key, path, size, ctime_ns ON stamps BEGIN "
        "DELETE FROM coverage_pairs WHERE key = OLD.key AND path = OLD.path; "
        f"INSERT INTO coverage_pairs {_pair_of('NEW')} WHERE {_IS_CATALOG_BUILD.format(row='NEW')} AND NOT {_OWN.format(row='NEW')}; END"
    ),
    # a count row written, replaced or removed: the pairs of its path take it, or lose it
    "coverage_counts_added": f"CREATE TRIGGER coverage_counts_added AFTER INSERT ON status_segments BEGIN {_pair_set_from('NEW')} END",
    "coverage_counts_changed": (
        f"CREATE TRIGGER coverage_counts_changed AFTER UPDATE ON status_segments BEGIN {_pair_cleared('OLD')} {_pair_set_from('NEW')} END"
    ),
    "coverage_counts_removed": f"CREATE TRIGGER coverage_counts_removed AFTER DELETE ON status_segments BEGIN {_pair_cleared('OLD')} END",
}


PAIRS = f"{_pair_of('s', 'stamps s')} WHERE {_IS_CATALOG_BUILD.format(row='s')} AND NOT {_OWN.format(row='s')}"
"""The SELECT of every pair, made afresh from ``stamps`` and ``status_segments`` (what the
triggers keep ``coverage_pairs`` equal to)."""

NOT_OWN = "NOT " + _OWN.format(row="s")
"""A condition on stamps row ``s`` of a build: not one of a note in its own language."""


def ensure(db: sqlite3.Connection) -> bool:
    """Make the tables, indexes and triggers unless every one is there as this version writes
    it (its SQL text, which SQLite keeps as given: those of another version are made again),
    filling the tables from ``stamps`` and ``status_segments`` as they are (one join, once).
    True when they are in
    place; False when they could not be made (a read-only or busy file: the caller sums the
    join itself). ``stamps`` and ``status_segments`` must exist."""
    wanted = {**_SCHEMA, **_TRIGGERS}
    have = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE 'coverage\\_%' ESCAPE '\\'"))
    if all(have.get(name) == statement for name, statement in wanted.items()):
        return True
    try:
        with db:
            db.execute("BEGIN IMMEDIATE")
            for name in (*_TRIGGERS, "coverage_pairs", "coverage_sums"):  # dropping a table drops its indexes and triggers
                kind = "TRIGGER" if name in _TRIGGERS else "TABLE"
                db.execute(f"DROP {kind} IF EXISTS {name}")
            for statement in _SCHEMA.values():
                db.execute(statement)
            db.execute(f"INSERT INTO coverage_pairs {PAIRS}")
            for statement in _TRIGGERS.values():
                db.execute(statement)
    except sqlite3.Error:
        return False
    return True


def summed_rows(db: sqlite3.Connection, lang: str, folder: str) -> Iterator[tuple[str, int, list[int]]]:
    """``(kind, pairs, counts)`` of each kind of the pairs of ``lang`` in catalog folder
    ``folder`` (the string :func:`ensure`'s triggers cut from the paths). Raises
    :class:`sqlite3.Error` as the database does."""
    columns = ", ".join(COUNTS)
    for kind, pairs, *counts in db.execute(f"SELECT kind, pairs, {columns} FROM coverage_sums WHERE lang = ? AND folder = ?", (lang, folder)):
        yield kind, pairs, counts


def odd_pairs(db: sqlite3.Connection, lang: str, folder: str) -> Iterator[tuple[str, str, str, list[int | None]]]:
    """``(key, path, kind, counts)`` of the pairs of ``lang`` whose folder is not ``folder``
    (an index range on each side of it: none on a site whose catalogs are named as l10n names
    them). Raises :class:`sqlite3.Error` as the database does."""
    columns = ", ".join(COUNTS)
    for test in ("folder < ?", "folder > ?"):
        query = f"SELECT key, path, kind, {columns} FROM coverage_pairs WHERE lang = ? AND {test}"
        for key, path, kind, *counts in db.execute(query, (lang, folder)):
            yield key, path, kind, counts

