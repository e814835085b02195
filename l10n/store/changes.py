"""What changed since the last run, found once for the whole of ``sync`` (issue 19).

Every stage of a run on every push used to walk every note and stat its own inputs (about 9
``stat`` calls per note, and a digest per key). Here the stamps of the last run
(:mod:`l10n.store.state`) are read in one query, one row per file (``stamped_files``), and each
file a person edits (notes, catalogs, files links lead to) is stat-ed **once** for the whole
run, and so is each built page (one edited in place is seen, and the build keeps it and says
so, as ``build`` alone does); the templates l10n alone writes, which no one edits, are only
looked for in their folder's listing (a deleted one is noticed). A
file whose size differs (or whose mtime, change time or inode differs and whose bytes no
longer hash as recorded, :func:`~l10n.store.state.same_content`: a ``touch`` or a fresh clone
is no change; or that is gone, or appeared, or was recorded under other settings) makes every piece of work that recorded it stale, found through the stamps'
path index. The stages then run on the notes with stale or missing work
only, and a note whose build read another note's files (its links, see ``deps:`` keys in
:mod:`l10n.pipeline`) is rebuilt when those files change.

The test is the stages' own (:meth:`l10n.store.state.RunState.is_fresh`): a note left out here
is one every stage would have skipped, and the stages still check the notes they are given.
"""

from __future__ import annotations

import itertools
import marshal
import os
import sqlite3
import time
import zlib
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from l10n.config import Config
from l10n.site.layout import catalog_file, source_file, templates_folder
from l10n.store.cachedb import IN_LIST_MOST, select_in
from l10n.store.state import (
    REFRESH,
    RunState,
    content_digest,
    counts_follow,
    same_content,
    stat_identity,
    translate_key,
)

Snapshot = tuple[str, str, bytes, bytes, int, int]
"""A row of ``folder_snapshots`` (:func:`_trusted_folders`): the folder (separator included),
the settings' fingerprint, its files' names (``marshal``), their recorded ``(size, mtime_ns,
ctime_ns, inode)`` as signed 64-bit integers in native order, whether it holds files recorded
as missing (1) or not (0), and the number of ``stamped_files`` rows it stands for."""
_SNAPSHOT = "INSERT OR REPLACE INTO folder_snapshots (folder, config, names, stats, missing, rows) VALUES (?, ?, ?, ?, ?, ?)"
Moved = tuple[int, int, int, int | None, str, int, int, int | None, int | None]
"""A file found holding its records' bytes under a new stat: :data:`~l10n.store.state.REFRESH`'s
parameters, then its recorded change time (what its status count rows are keyed by)."""


@dataclass
class Changes:
    """The notes a run must look at, as names of the run's list (its order kept)."""

    work: list[str]
    """Notes with a piece of extract or build work that is stale or was never recorded, or
    whose catalog in some language translate has not recorded as complete and untouched."""
    relink: set[str] = field(default_factory=set)
    """Notes to build again although their own files are untouched: a note their links read
    (its headings, its language) changed."""
    stale: set[str] = field(default_factory=set)
    """Names of every stale piece of work (deleted notes included): counts of these are not
    taken from the status cache as they were recorded."""
    unbuilt: list[str] = field(default_factory=list)
    """Notes never built (new ones), in the run's order: their output claims must be weighed
    against every note's."""
    manifest: str = ""
    """The digest of the run's names, settings and languages (:func:`remember_complete`)."""
    names_as_before: bool = False
    """Whether the last sync that worked without errors had the same names, settings and
    languages (its manifest holds): it removed the pages of every note not among them, so only a
    stale record (a note deleted or moved since) can name one now (:func:`gone_notes_possible`)."""


def find_changes(
    config: Config, state: RunState, names: Sequence[str], languages: Sequence[str], learn: bool = True
) -> Changes | None:
    """The :class:`Changes` of ``names`` (the site's notes, POSIX names relative to the source
    folder) in ``languages`` since the stamps ``state`` holds; None when there is no usable
    bookkeeping database (the stages then test every note themselves).

    Cost: one ``stat`` per file recorded in the stamps (a note's source, catalogs and built
    pages; templates by their folder's listing, :func:`_changed_paths`), and a
    few queries: the notes whose work is missing or stale are found by SQLite (a temporary
    table of the names, :func:`_needing_work`), not by Python per note. When the last sync of
    the same names found every piece of work recorded and no stamp was deleted since (the
    manifest, :func:`remember_complete`), only the stale keys are looked at: a note can lack
    work only if its record was deleted (a failure, ``--force``) or it is new (other names).

    ``learn``: record what the look found that spares the next one work (files whose change
    time alone moved, folders found as recorded, folders whose files all stat as recorded:
    their snapshots); ``sync --dry-run`` writes nothing.
    """
    db = state.connection.db
    if db is None:
        return None
    state.save()  # what this process recorded is part of the state
    try:
        moved: list[Moved] = []
        listed: list[tuple[int, int, int, str]] = []
        snapshots: list[Snapshot] = []
        forgotten: list[tuple[str]] = []
        # Built pages are stat-ed as notes and catalogs are: one edited in place must be seen
        # (the build keeps it and says so, instead of sync calling it current); templates,
        # which no one edits, only by their folder's listing.
        changed = _changed_paths(db, state.fingerprint, [templates_folder(config)], moved, listed, snapshots, forgotten)
        if (snapshots or forgotten) and learn:  # folders whose files all stat as recorded: one comparison each next time
            state.connection.write(
                *((_SNAPSHOT, row) for row in snapshots), *(("DELETE FROM listed_folders WHERE folder = ?", row) for row in forgotten)
            )
        if moved and learn:  # files copied or chmod-ed, the same bytes: compared by stat again next time
            state.connection.write(*((REFRESH, row[:8]) for row in moved))
            _counts_follow(state, moved)
        if listed and learn:  # folders found as recorded: skipped while their identity stays
            state.connection.write(*((_LISTED_AGAIN, row) for row in listed))
        stale = _keys_of(db, changed)
        manifest = _names_digest(config, state.fingerprint, names, languages)
        held = _manifest_holds(db, manifest)
        known = _stale_names(config, names, languages, stale) if held else None
        flags = None if known is not None else _needing_work(db, config, names, languages, stale)
    except sqlite3.Error:
        return None
    stale_names = {key.split(":", 2)[2] for key in stale if not key.startswith("translate:")}
    relink = {key.split(":", 2)[2] for key in stale if key.startswith("deps:")}
    if flags is not None:
        # the run's own name objects, flagged by index: no second copy of every name (issue 19)
        needed, never_built = flags
        work = [name for name, flag in zip(names, needed) if flag or name in relink]
        unbuilt = [name for name, flag in zip(names, never_built) if flag and name not in stale_names]
    else:  # every piece of work was recorded: only stale keys name notes to redo
        stale_work = (known or set()) | relink
        work, unbuilt = [name for name in names if name in stale_work], []
    return Changes(work, relink, stale_names, unbuilt, manifest, held)


def gone_notes_possible(changes: Changes | None, names: Collection[str]) -> bool:
    """Whether a whole-site run over ``names`` (a set, the site's notes) must look for the pages
    of notes no longer among them (:func:`l10n.site.prune.prune_outputs`): always without
    ``changes`` (no bookkeeping, ``--force``); else when a stale record names a note not in
    ``names`` (deleted, moved), or when the names differ from the last sync that worked without
    errors (:attr:`Changes.names_as_before`: a file that is no longer a note, its records
    unchanged, such as a page an older version read as a note). ``sync`` and ``sync --dry-run``
    both ask it, so the dry run names what the run removes."""
    if changes is None or not changes.names_as_before:
        return True
    return any(name not in names for name in changes.stale)


def _counts_follow(state: RunState, moved: Sequence[Moved]) -> None:
    """The status cache's count rows of the ``moved`` files (:data:`~l10n.store.state.REFRESH`'s
    parameters, then the recorded change time) take their new change times
    (:func:`~l10n.store.state.counts_follow`), in a
    transaction of their own: a failure costs a recount, never a record. Raises nothing."""
    db = state.connection.db
    if db is None:
        return
    try:
        follow = counts_follow(db, ((row[1], row[4], row[5], row[8]) for row in moved))
        if follow:
            state.connection.write(*follow)
    except sqlite3.Error:
        return


def _names_digest(config: Config, fingerprint: str, names: Sequence[str], languages: Sequence[str]) -> str:
    """A digest of what a manifest stands for: the names in order, the languages, the settings
    and the catalogs' folder. Two checksums of about a megabyte at 20,000 notes (a millisecond;
    zlib, as :func:`~l10n.store.state.config_fingerprint`: a cache key, not a security check)."""
    data = "\n".join((fingerprint, str(config.locales), " ".join(languages), *names)).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}:{len(names)}"


def _manifest_holds(db: sqlite3.Connection, manifest: str) -> bool:
    return db.execute("SELECT 1 FROM sync_manifest WHERE digest = ?", (manifest,)).fetchone() is not None


def _stale_names(config: Config, names: Sequence[str], languages: Sequence[str], stale: set[str]) -> set[str] | None:
    """The names among ``names`` with a stale extract, build or translate key in ``languages``,
    told from the keys (what :func:`_needing_work` finds when no key is missing); None when a
    stale catalog's note is not one of ``names`` by the usual spelling (``<stem>.po`` of
    ``<stem>.md``), for :func:`_needing_work` to decide."""
    if not stale:
        return set()
    known = set(names)
    heads = {lang: translate_key(lang, f"{config.locales}{os.sep}{config.catalog_folder(lang)}{os.sep}") for lang in languages}
    found: set[str] = set()
    for key in stale:
        stage, lang, name = key.split(":", 2)
        if lang not in heads:
            continue
        if stage in ("extract", "build"):
            if name in known:
                found.add(name)
        elif stage == "translate":
            head = heads[lang]
            name = f"{key[len(head) : -len('.po')]}.md".replace(os.sep, "/") if key.startswith(head) and key.endswith(".po") else ""
            if name not in known:
                return None
            found.add(name)
    return found


def remember_complete(state: RunState, config: Config, changes: Changes, touched: Iterable[str], languages: Sequence[str]) -> None:
    """After a sync that found ``changes`` and worked without errors: when every note it worked
    on or built (``changes.work`` and ``touched``) has every piece of work recorded, record the
    manifest of its names, so the next sync of the same names skips the look for missing work
    (:func:`find_changes`). The other notes had all of theirs at the start, and deleting a stamp
    forgets the manifest (a trigger: whoever deletes it). Raises nothing."""
    db = state.connection.db
    if db is None or not changes.manifest:
        return
    state.save()
    names = sorted({*changes.work, *touched})
    try:
        needed, _ = _needing_work(db, config, names, languages, set()) if names else (bytearray(), bytearray())
        if any(needed) or db.execute("SELECT digest FROM sync_manifest").fetchall() == [(changes.manifest,)]:
            return  # a no-op sync writes nothing: the file's mtime stays (backups, CI caches)
        with db:
            db.execute("BEGIN")
            db.execute("DELETE FROM sync_manifest")
            db.execute("INSERT INTO sync_manifest VALUES (?)", (changes.manifest,))
    except sqlite3.Error:
        return


def _needing_work(
    db: sqlite3.Connection, config: Config, names: Sequence[str], languages: Sequence[str], stale: set[str]
) -> tuple[bytearray, bytearray]:
    """``(needed, unbuilt)``, a flag per name of ``names`` (1 at its index): the names with an
    extract, translate or build key in some of ``languages`` that is not recorded or is in
    ``stale``, and those whose build key is. One pass of SQLite per stage and language over a
    temporary table of the names (each a lookup in the stamps' primary key; its rowid is the
    name's index, so that no name is read back: a set of every name read back held a second
    copy of them through the run, 6 MB at 50,000 notes). Raises :class:`sqlite3.Error` as the
    database does."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_notes (name TEXT, stem TEXT)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_stale (key TEXT PRIMARY KEY)")
    with db:
        db.execute("BEGIN")
        db.execute("DELETE FROM temp.sync_notes")
        db.execute("DELETE FROM temp.sync_stale")
        # the stem as catalog_file takes it (os.path.splitext), without it for nearly every name
        db.executemany(
            "INSERT INTO temp.sync_notes (rowid, name, stem) VALUES (?, ?, ?)",
            (
                (index, name, name[:-3] if name.endswith(".md") and name[name.rfind("/") + 1] != "." else os.path.splitext(name)[0])
                for index, name in enumerate(names)
            ),
        )
        db.executemany("INSERT INTO temp.sync_stale VALUES (?)", ((key,) for key in stale))
    needed = bytearray(len(names))
    unbuilt = bytearray(len(names))
    for lang in languages:
        catalogs = translate_key(lang, f"{config.locales}{os.sep}{config.catalog_folder(lang)}{os.sep}")
        for stage, key in (("extract:", "? || name"), ("build:", "? || name"), ("translate:", "? || stem || '.po'")):
            head = catalogs if stage == "translate:" else f"{stage}{lang}:"
            for (index,) in db.execute(
                f"SELECT rowid FROM temp.sync_notes WHERE NOT EXISTS (SELECT 1 FROM stamps WHERE key = {key}) "
                f"OR {key} IN temp.sync_stale",
                (head, head),
            ):
                needed[index] = 1
                if stage == "build:":
                    unbuilt[index] = 1
    return needed, unbuilt


def translate_keys(config: Config) -> Callable[[str, str], str]:
    """``key(name, lang)``: :func:`~l10n.store.state.translate_key` of note ``name``'s catalog
    (:func:`~l10n.site.layout.catalog_file`), made without ``os.path.splitext`` for the names
    of nearly every note, whose file name ends in ``.md`` and does not start with a dot (that
    suffix is then exactly what ``splitext`` takes off); called once per note and language."""
    heads: dict[str, str] = {}

    def key(name: str, lang: str) -> str:
        if name.endswith(".md") and name[name.rfind("/") + 1] != ".":
            head = heads.get(lang)
            if head is None:
                head = heads[lang] = translate_key(lang, f"{config.locales}{os.sep}{config.catalog_folder(lang)}{os.sep}")
            return f"{head}{name[:-3]}.po"
        return translate_key(lang, catalog_file(config, name, lang))

    return key


def _changed_paths(
    db: sqlite3.Connection,
    fingerprint: str,
    written: Sequence[str] = (),
    moved: list[Moved] | None = None,
    listed: list[tuple[int, int, int, str]] | None = None,
    snapshots: list[Snapshot] | None = None,
    forgotten: list[tuple[str]] | None = None,
) -> set[str]:
    """Recorded files whose size or content is not the one recorded (gone files included, and
    files recorded as missing that now exist), and files recorded under other settings: each
    stat-ed once. The records of a file (by every stage, two to four) are read folded into one
    row of ``stamped_files``, which triggers keep (:mod:`l10n.store.cachedb`), in path order.

    Files under ``written`` (folders of files only l10n writes, as
    :func:`~l10n.site.layout.written_folders` gives them, in any order) are not stat-ed: one
    there is changed when it is gone or has appeared, told by its folder's listing (the names
    only: ``os.listdir`` of each folder that holds a recorded file). A folder whose mtime is
    the one it had when a run last found its names as recorded (``listed_folders``) is not
    even listed: adding, removing or renaming a file in a folder moves its mtime (POSIX
    ``rename``, ``unlink``, ``open`` with ``O_CREAT``: "mark for update the last data
    modification and last file status change timestamps of the parent directory"). The change
    time and inode are compared with the mtime (:func:`_folder_identity`): an mtime put back
    with ``os.utime`` after a deletion leaves the change time moved. A folder found as recorded
    is appended to ``listed`` as ``(mtime_ns, ctime_ns, ino, folder)`` for the caller to
    record, unless its mtime is within :data:`RACY_NS` of now (a change in the same clock tick
    would not move it: git's "racy clean" rule; an older mtime, put back or not, is moved by any
    later change).

    A file whose size matches its record but whose mtime, change time or inode do not
    (:func:`~l10n.store.state.stat_identity`: a ``touch``, a copy, a fresh ``git clone``, an
    edit with its mtime put back) is changed when its bytes no longer hash to the recorded
    digest; when they do, the parameters of :data:`~l10n.store.state.REFRESH` and the recorded
    change time are appended to ``moved`` (:data:`Moved`), for the caller to refresh the records (the next run compares stats only); so
    are those of files recorded by an older version (no change time, no digest), trusted on
    size and mtime as it did (a moved mtime is a change for them), which get no digest (reading every file once would cost seconds per 10,000 notes: a change time
    that moves on such a file later counts as a change, until its work records a digest).

    Folders whose snapshot holds (:func:`_trusted_folders`) have their files stat-ed and their
    rows left unread; each other folder whose rows all matched (files as recorded, missing ones
    still missing in a folder found as recorded) is appended to ``snapshots`` as a
    :data:`Snapshot`, for the caller to record. When every row was read (:func:`_rows_outside`),
    the folders of ``listed_folders`` outside ``written`` that hold no recorded file any more are
    appended to ``forgotten`` for the caller to delete (they would each cost a query)."""
    changed: set[str] = set()
    moved = [] if moved is None else moved
    listed = [] if listed is None else listed
    stat = os.stat
    # Files recorded as missing (links waiting for a file: a fifth of the rows of the synthetic
    # site) are looked for by their folder: one that is gone, or whose mtime is the one it had
    # when a run found all of them still missing, cannot hold them (a file appearing there
    # moves it). Each folder: [its mtime or None when gone, whether they are all still missing].
    every_folder = db.execute("SELECT folder, mtime_ns, ctime_ns, ino FROM listed_folders").fetchall()
    verified = {folder: (mtime_ns, ctime_ns, ino) for folder, mtime_ns, ctime_ns, ino in every_folder if mtime_ns is not None}
    waiting: dict[str, list[tuple[int, int, int] | bool | None]] = {}
    # Per folder of the rows read, for its snapshot: [every row unchanged, names, stats, missing, rows]
    folders: dict[str, list[Any]] = {}
    sep = os.sep
    spans: list[tuple[str, str]] = []
    for folder in sorted(set(written)):
        if not spans or not folder.startswith(spans[-1][0]):  # one inside another: the outer one
            spans.append((folder, _past(folder)))  # every path under it sorts below
    # Folders whose files all stat as their snapshot says: their rows are not read at all.
    trusted = _trusted_folders(db, fingerprint, verified)
    starts = tuple(start for start, _ in spans)
    others = [row[0] for row in every_folder if row[0] not in trusted and not row[0].startswith(starts)]
    rows = _rows_outside(db, fingerprint, spans, trusted, others)
    for path, size, mtime_ns, same, ctime_ns, ino, digest in rows:
        folder = path[: path.rfind(sep) + 1]
        entry = folders.get(folder)
        if entry is None:
            if folder in trusted:
                continue  # stat-ed with its folder's snapshot
            entry = folders[folder] = [True, [], array("q"), 0, 0]
        entry[4] += 1
        if size == -1 and same:
            seen = waiting.get(folder)
            if seen is None:
                seen = waiting[folder] = [_folder_identity(folder), True]
            if seen[0] is None or seen[0] == verified.get(folder):
                entry[3] = 1
                continue  # still missing, without a stat of its own
        try:
            info = stat(path)
        except OSError:
            # recorded as missing (a link waiting for its file: ``[-1, -1]``) and still missing
            if not same or size != -1:
                changed.add(path)
            entry[0] = False  # its folder is looked at row by row again next time
            continue
        if not same or info.st_size != size:
            entry[0] = False
            changed.add(path)
            if size == -1 and same:  # it appeared: its folder is not as recorded
                waiting[folder][1] = False
        elif ctime_ns is None:  # recorded by an older version: trusted on size and mtime, and given its identity
            entry[0] = False
            if info.st_mtime_ns != mtime_ns:
                changed.add(path)
            elif len(moved) < MOST_MOVED:
                moved.append((mtime_ns, info.st_ctime_ns, info.st_ino, None, path, size, mtime_ns, None, None))
        elif info.st_mtime_ns != mtime_ns or info.st_ctime_ns != ctime_ns or info.st_ino != ino:
            # touched, copied, cloned, chmod-ed, or written with its mtime put back: the bytes tell
            entry[0] = False
            if digest is None or content_digest(path) != digest:
                changed.add(path)
            elif len(moved) < MOST_MOVED:  # the same bytes: its records take the new stat
                moved.append((info.st_mtime_ns, info.st_ctime_ns, info.st_ino, digest, path, size, mtime_ns, digest, ctime_ns))
        elif entry[1] is not None:  # as recorded: part of its folder's snapshot
            entry[1].append(path[len(folder) :])
            try:
                entry[2].extend((size, mtime_ns, ctime_ns, ino))
            except OverflowError:  # an inode beyond 63 bits: this folder gets no snapshot
                entry[1] = None
    for high, after in spans:
        _changed_in_written(db, fingerprint, high, after, changed, listed)
    recent = time.time_ns() - RACY_NS
    listed.extend(
        (*identity, folder)
        for folder, (identity, still) in waiting.items()
        if still and isinstance(identity, tuple) and identity != verified.get(folder) and identity[0] < recent
    )
    if forgotten is not None and not isinstance(rows, list):  # every row read: the folders that hold none
        forgotten.extend((folder,) for folder in others if folder not in folders)
    if snapshots is not None:
        snapshots.extend(
            (folder, fingerprint, marshal.dumps(tuple(names)), stats.tobytes(), missing, count)
            for folder, (unchanged, names, stats, missing, count) in folders.items()
            if unchanged and names is not None
        )
    return changed


def _past(folder: str) -> str:
    """The least string above every path under ``folder`` (which ends with its separator): the
    end of a ``path >= folder AND path < …`` range on the path index."""
    return folder[:-1] + chr(ord(folder[-1]) + 1)


def _trusted_folders(db: sqlite3.Connection, fingerprint: str, verified: dict[str, tuple[int, int, int]]) -> dict[str, int]:
    """The folders whose snapshot (``folder_snapshots``, recorded under the settings
    ``fingerprint``) still holds, each with the number of ``stamped_files`` rows it stands for:
    each of its files stats as recorded, ``(size, mtime_ns, ctime_ns, inode)`` compared as one
    sequence of bytes, and, when it also holds files recorded as missing, the folder is gone or
    has the identity ``verified`` gives it (``listed_folders``: no file appeared there). Their
    rows need not be read: a trigger deletes a folder's snapshot whenever one of its rows
    changes (:mod:`l10n.store.cachedb`), so it stands for exactly those rows. Any doubt (a file
    gone, a snapshot that cannot be read) leaves the folder out, to be looked at row by row.

    Cost: one ``stat`` per file (the floor) and, per folder, one ``marshal.loads`` of its names
    and one comparison of bytes: git's index keeps each file's stat data in one record for the
    same reason (Documentation/technical/index-format.txt)."""
    trusted: dict[str, int] = {}
    stat = os.stat
    for folder, names, stats, missing, count in db.execute(
        "SELECT folder, names, stats, missing, rows FROM folder_snapshots WHERE config = ?", (fingerprint,)
    ):
        if missing:
            identity = _folder_identity(folder)
            if identity is not None and identity != verified.get(folder):
                continue
        now = array("q")
        try:
            for info in map(stat, [folder + name for name in marshal.loads(names)]):
                now.extend((info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
        except (OSError, OverflowError, ValueError, EOFError, TypeError):
            continue
        if now.tobytes() == stats and isinstance(count, int):
            trusted[folder] = count
    return trusted


MOST_FOLDER_QUERIES = 256
"""Folders without a snapshot that holds, up to which their rows are read folder by folder (a
query each); with more (a first run, a settings change), in one pass over every row."""

Row = tuple[str, int, int, int, int | None, int | None, int | None]
"""A ``stamped_files`` row as :func:`_changed_paths` reads it: path, size, mtime_ns, whether it
was recorded under the run's settings, ctime_ns, inode, digest."""
_ROWS = "SELECT path, size, mtime_ns, same AND config = ?, ctime_ns, ino, digest FROM stamped_files"


def _rows_outside(
    db: sqlite3.Connection, fingerprint: str, spans: Sequence[tuple[str, str]], trusted: dict[str, int], others: Sequence[str]
) -> Iterable[Row]:
    """The ``stamped_files`` rows outside the written ``spans`` (``[start, end)`` of paths) that
    are not in a ``trusted`` folder, when the ``others`` (the folders of ``listed_folders``, which
    a trigger keeps for every recorded file, neither trusted nor in ``spans``) are few: a list,
    read folder by folder and checked by a count of every row (the trusted folders' rows and
    the rows read must add up to it, or the rows are read as below). Otherwise an iterator over
    every row outside ``spans``, in path order (the caller skips those of trusted folders)."""
    if trusted and len(others) <= MOST_FOLDER_QUERIES:
        starts = tuple(start for start, _ in spans)
        rows: list[Row] = []
        for folder in others:
            rows += db.execute(
                f"{_ROWS} WHERE path >= ? AND path < ? AND instr(substr(path, ?), ?) = 0",
                (fingerprint, folder, _past(folder), len(folder) + 1, os.sep),
            )
        covered = sum(count for folder, count in trusted.items() if not folder.startswith(starts))
        if covered + len(rows) == _count_outside(db, spans):
            return rows
    return _every_row_outside(db, fingerprint, spans)


def _count_outside(db: sqlite3.Connection, spans: Sequence[tuple[str, str]]) -> int:
    """The number of ``stamped_files`` rows outside ``spans`` (counted in the path index)."""
    total = int(db.execute("SELECT count(*) FROM stamped_files").fetchone()[0])
    for start, end in spans:
        total -= int(db.execute("SELECT count(*) FROM stamped_files WHERE path >= ? AND path < ?", (start, end)).fetchone()[0])
    return total


def _every_row_outside(db: sqlite3.Connection, fingerprint: str, spans: Sequence[tuple[str, str]]) -> Iterator[Row]:
    """Every ``stamped_files`` row outside ``spans``, in path order: the ranges between them."""
    low = ""
    for high, after in [*spans, (None, None)]:
        bounds = "path >= ?" + ("" if high is None else " AND path < ?")
        yield from db.execute(f"{_ROWS} WHERE {bounds}", (fingerprint, low, *(() if high is None else (high,))))
        if after is None:
            return
        low = max(low, after)


def _folder_identity(folder: str) -> tuple[int, int, int] | None:
    """``(mtime_ns, ctime_ns, inode)`` of ``folder``, None when it is gone: what
    ``listed_folders`` keeps of a folder found as recorded (see :func:`_changed_paths`)."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


_LISTED_AGAIN = "UPDATE listed_folders SET mtime_ns = ?, ctime_ns = ?, ino = ? WHERE folder = ?"


MOST_MOVED = 20_000
"""Records refreshed by one run at most (about 5 MB held until they are written): the first
sync on a bookkeeping file of an older version spreads the refresh of a big site over a few
runs (at 50,000 notes, 125,000 files gathered at once were 78 MB of peak memory); the others
are trusted on size and mtime, or hashed again, meanwhile."""
RACY_NS = 2_000_000_000
"""A folder modified less than this long ago (nanoseconds) is listed again by the next run."""


def _changed_in_written(
    db: sqlite3.Connection,
    fingerprint: str,
    low: str,
    high: str,
    changed: set[str],
    listed: list[tuple[int, int, int, str]],
) -> None:
    """The recorded files in the folders from ``low`` to ``high`` (a written folder's span) that
    are gone or have appeared, into ``changed``; see :func:`_changed_paths`."""
    now_ns = time.time_ns()
    folders = db.execute(
        "SELECT folder, mtime_ns, ctime_ns, ino FROM listed_folders WHERE folder >= ? AND folder < ?", (low, high)
    ).fetchall()
    for folder, *recorded in folders:
        identity = _folder_identity(folder)  # before the listing: a later change moves it
        if identity is not None and list(identity) == recorded:
            continue
        names = _names_in(folder)
        found = False
        start = len(folder)
        for path, missing, same in db.execute(
            "SELECT path, size = -1, same AND config = ? FROM stamped_files WHERE path >= ? AND path < ?",
            (fingerprint, folder, _past(folder)),
        ):
            name = path[start:]
            if os.sep in name:  # in a folder of its own, listed with it
                continue
            if not same or missing == (name in names):
                changed.add(path)
                found = True
        if not found and identity is not None and identity[0] < now_ns - RACY_NS:
            listed.append((*identity, folder))


def _names_in(folder: str) -> set[str]:
    """The names in ``folder`` (none when it cannot be listed)."""
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


def _keys_of(db: sqlite3.Connection, paths: Iterable[str]) -> set[str]:
    """Every piece of work (key) that recorded one of ``paths``."""
    wanted = list(paths)
    return {key for (key,) in select_in(db, "SELECT DISTINCT key FROM stamps WHERE path IN ({marks})", wanted)}


def dependents(state: RunState, config: Config, names: Iterable[str], languages: Sequence[str]) -> set[str]:
    """Notes whose build read the source or a catalog of one of ``names`` (their links lead
    there) and whose record of those files no longer matches them: after extract and translate
    rewrote catalogs during the run, these must be built again too."""
    db = state.connection.db
    if db is None:
        return set()
    state.save()
    found: set[str] = set()
    query = (
        "SELECT key, path, size, mtime_ns, ctime_ns, ino, digest FROM stamps "
        "WHERE key >= 'deps:' AND key < 'deps;' AND path IN ({marks})"
    )
    # The paths a chunk of notes at a time: every note's source and catalogs at once were two
    # or more strings per note held together (12 MB at 50,000 notes: issue 19's flat memory).
    per_chunk = max(1, IN_LIST_MOST // (1 + len(languages)))
    iterator = iter(names)
    try:
        while chunk := list(itertools.islice(iterator, per_chunk)):
            paths = [source_file(config, name) for name in chunk]
            paths += [catalog_file(config, name, lang) for name in chunk for lang in languages]
            for key, path, *recorded in select_in(db, query, paths):
                if not same_content(path, tuple(recorded), stat_identity(path)):
                    found.add(key.split(":", 2)[2])
    except sqlite3.Error:
        return set()
    return found
