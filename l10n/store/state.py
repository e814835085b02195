"""The run state: what lets a run skip notes nothing has touched since the last run.

For each piece of work (``extract:<lang>:<note>``, ``build:<lang>:<note>``) it records the size,
modification time, change time and inode of every file the work read or wrote, and a digest of
its bytes (:func:`stat_identity`, :func:`content_digest`). When all of them are unchanged, the
work would produce the same files, so it is skipped without parsing anything; a file whose
change time or inode alone moved (``chmod``, a copy) is unchanged when its bytes hash as
recorded, and a same-size edit whose mtime was put back is a change (issue 19). Any doubt (a file
touched, a different configuration, a missing or unreadable record) means doing the work.

The stamps live in the bookkeeping database (:mod:`l10n.store.cachedb`), one row per file per piece
of work. A run reads the rows of one stage and language (``extract:hi:``) in one query when it
first asks about a key of it, and keeps of each key only two 64-bit hashes, of the key and of
its stamps: one query instead of one per note (the work follows what changed, issue 19), and
about 70 bytes per note. Records are written in small batches: a killed run loses at most the skipping of its
last few dozen notes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path

from l10n.config import Config
from l10n.fsutil import open_file
from l10n.store import cachedb

Stamp = list[int]


def stat_stamp(path: str | PathLike[str]) -> Stamp:
    """``[size, mtime_ns]``, or ``[-1, -1]`` for a missing file (its absence is part of the state)."""
    try:
        info = os.stat(path)
    except OSError:
        return [-1, -1]
    return [info.st_size, info.st_mtime_ns]


Identity = tuple[int, int, int | None, int | None]
MISSING: Identity = (-1, -1, None, None)
"""A missing file's identity: its absence is part of the state (no change time, no inode)."""
Stamped = tuple[str, int, int, int | None, int | None]
"""``(path, *identity)``: a file as a record holds it."""


def stat_identity(path: str | PathLike[str]) -> Identity:
    """``(size, mtime_ns, ctime_ns, inode)`` of ``path`` (nanoseconds); :data:`MISSING` for a
    missing file.

    The change time and inode are what a write that puts the modification time back
    (``os.utime``, ``touch -d``, an archive or a sync tool keeping mtimes) cannot hide: the
    kernel sets ``st_ctime`` to now on every write and every ``utime``, and a file saved by
    rename is a new inode. Git's index keeps both for the same reason (git's
    Documentation/technical/racy-git.txt). Either may also change without the bytes changing
    (``chmod``, a checkout writing the same bytes, a copy): then the content digest decides
    (:func:`content_digest`)."""
    try:
        info = os.stat(path)
    except OSError:
        return MISSING
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def identity_of(info: os.stat_result | None) -> Identity:
    """:func:`stat_identity` of a file already stat-ed as ``info`` (None: missing)."""
    return MISSING if info is None else (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def content_digest(path: str | PathLike[str]) -> int | None:
    """A 64-bit BLAKE2b digest of the bytes of ``path`` as a signed integer (SQLite's), of its
    entries' names for a folder (:func:`_folder_digest`), or None when it cannot be read. Read
    once per file a run records and when a file's change time or inode differs from its record
    while its size and mtime do not (rare)."""
    try:
        with open_file(path) as handle:
            data = handle.read()
    except OSError:
        return _folder_digest(path)
    return bytes_digest(data)


def _folder_digest(path: str | PathLike[str]) -> int | None:
    """:func:`content_digest` of a folder (a link may lead to one, ``[guide](guide/)``): a digest
    of its entries' names, which are what a link to it depends on (its index pages), so a copy
    or a fresh clone of the folder (a new inode and change time, the same names) is no change.
    None when ``path`` is no folder or cannot be listed."""
    try:
        names = sorted(os.listdir(path))
    except OSError:  # not a folder (NotADirectoryError), gone, or unreadable
        return None
    return bytes_digest("\0".join(names).encode("utf-8", "surrogateescape"))


def bytes_digest(data: bytes) -> int:
    """:func:`content_digest` of a file that holds ``data``."""
    from l10n.blake2 import blake2b  # loaded by runs that record work only: a no-op start-up stays without it

    return int.from_bytes(blake2b(data, digest_size=8).digest(), "big", signed=True)


_INSERT = (
    "INSERT OR REPLACE INTO stamps (key, path, size, mtime_ns, ctime_ns, ino, digest, config) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_RESTAMP = (
    "UPDATE stamps SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ?, digest = ? WHERE path = ? AND substr(key, 1, ?) = ?"
)
REFRESH = (
    "UPDATE stamps SET mtime_ns = ?, ctime_ns = ?, ino = ?, digest = ? "
    "WHERE path = ? AND size = ? AND mtime_ns = ? AND (ctime_ns IS NULL OR digest = ?)"
)
"""A file's records take its new mtime, change time and inode (parameters: ``mtime_ns,
ctime_ns, ino, digest, path, size, recorded mtime_ns, digest``): the records of the same bytes
(touched, copied, checked out again: :func:`same_content`), and those of older versions (no
change time), which were trusted on size and mtime (their mtime is the file's); these get no
digest (None), so a change time that moves on them later is taken for a change until their work
is recorded."""

# the count rows' column mtime_ns holds the change time (l10n.status.cache.fingerprint)
_COUNTS_FOLLOW = tuple(
    f"UPDATE {table} SET mtime_ns = ? WHERE path = ? AND size = ? AND mtime_ns = ?"
    for table in ("status_counts", "status_segments")
)
COUNTS_RACY_NS = 2_000_000_000
"""A count row follows a change time at least this old only (nanoseconds): the status cache's own
rule for the rows it writes (:data:`l10n.status.cache.RACY_NS`)."""


def counts_follow(
    db: sqlite3.Connection, moves: Iterable[tuple[int | None, str, int, int | None]]
) -> list[tuple[str, tuple[object, ...]]]:
    """The statements that give the status cache's count rows of files found holding the bytes
    of their records under a new change time (:data:`REFRESH`) that change time too: ``moves``
    are ``(new ctime_ns, path, size, recorded ctime_ns)`` (a change time None, as in a record
    of a version before change times: nothing to match, the move is left out). The rows are keyed by size and change time
    (:func:`l10n.status.cache.fingerprint`) and the counts are the bytes', so without this the
    coverage line of the next ``sync`` counts again every catalog a clone, a ``touch`` or a
    ``chmod`` moved (10 s of CPU per 1,000 notes); its kept sums follow the rows (triggers,
    :mod:`l10n.status.sums`). None when the status cache has no tables yet (nothing to follow);
    change times younger than :data:`COUNTS_RACY_NS` are left out. Raises
    :class:`sqlite3.Error` as the database does."""
    found = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('status_counts', 'status_segments')"
    ).fetchone()
    if found is None or found[0] != len(_COUNTS_FOLLOW):
        return []
    import time

    horizon = time.time_ns() - COUNTS_RACY_NS
    return [
        (statement, move)
        for move in moves
        if move[0] is not None and move[3] is not None and move[0] != move[3] and move[0] < horizon
        for statement in _COUNTS_FOLLOW
    ]


_KNOWN_DIGESTS: dict[str, tuple[Identity, int | None]] = {}
_MOST_KNOWN = 1024
"""Files whose digests :data:`_KNOWN_DIGESTS` holds at most (about 350 bytes and six objects
each), the oldest going first: a note's files are recorded one after the other by each stage,
so a bound that spans the stages (4,096: about 1,000 notes' four files) filled up between
1,000 and 5,000 notes and only saved a re-read on the smaller sites (issue 19)."""


_UNHASHED: dict[str, tuple[Identity, bytes]] = {}
"""The bytes a stage read or wrote of the last few files (:func:`remember_read`), hashed only
when a record asks for their digest: a forced build's record of a file that is as recorded
takes the record's digest instead (:meth:`RunState.record`)."""
_MOST_UNHASHED = 8
"""Files whose bytes :data:`_UNHASHED` holds at most: a note's record follows its work (the
note's catalog and page, a few files), so memory stays a few catalogs whatever the site."""


def _known_digest(path: str, identity: Identity) -> int | None:
    """:func:`content_digest` of ``path`` stat-ed as ``identity``, hashed once per process while
    the identity stays: a note's source is recorded by extract and build, a catalog by every
    stage and by the builds of the notes linking to it. The last :data:`_MOST_KNOWN` files."""
    digest = _digest_in_hand(path, identity)
    if digest is not None:
        return digest
    digest = content_digest(path)
    _keep_digest(path, identity, digest)
    return digest


def _digest_in_hand(path: str, identity: Identity) -> int | None:
    """The digest kept of ``path`` stat-ed as ``identity`` (:func:`remember_read`; of the bytes
    kept, hashed now), or None: never read for it. Outputs are recorded with it, so a page
    touched or copied since is still known as build wrote it (:func:`l10n.site.prune._as_written`)."""
    known = _KNOWN_DIGESTS.get(path)
    if known is not None and known[0] == identity:
        return known[1]
    held = _UNHASHED.pop(path, None)
    if held is None or held[0] != identity:
        return None
    digest = bytes_digest(held[1])
    _keep_digest(path, identity, digest)
    return digest


def _keep_digest(path: str, identity: Identity, digest: int | None) -> None:
    _KNOWN_DIGESTS[path] = (identity, digest)
    if len(_KNOWN_DIGESTS) > _MOST_KNOWN:
        del _KNOWN_DIGESTS[next(iter(_KNOWN_DIGESTS))]


def written_digest(path: str, info: os.stat_result, data: bytes) -> tuple[str, Identity, int]:
    """``(path, identity, digest)`` of ``data``, just written to ``path`` and stat-ed as
    ``info``: what a worker process hands its parent with the outcome, for
    :func:`remember_written` there (the parent makes the record)."""
    return path, (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino), bytes_digest(data)


def remember_written(written: tuple[str, Identity, int]) -> None:
    """Keep the digest a worker computed of a file it wrote (:func:`written_digest`), so that
    the parent's record of the work holds it as if the parent had written the file: a built
    page recorded without one was taken for a page edited by hand after a touch or a copy."""
    _keep_digest(*written)


def remember_read(path: str, info: os.stat_result, data: bytes, digest: int | None = None) -> None:
    """Keep the digest of ``data``, the bytes a stage read from ``path`` after stat-ing it as
    ``info``, for the record that follows the work (:meth:`RunState.record`), which then need
    not read the file again (``digest``: :func:`bytes_digest` of ``data`` when the caller has
    it already: :func:`l10n.pipeline.load_note` keys the segmentation cache by it too). Without
    ``digest``, ``data`` itself is kept, among the last :data:`_MOST_UNHASHED` files', and hashed
    when the record asks (a record that finds the file as recorded never does). A write between the stat and the read changes the change time
    (the kernel sets it on every write), so the record, which stats the file again, finds
    another identity and hashes the file itself; and where the clock's step hides such a
    write, the digest kept is that of the bytes the work used, which is what the record
    stands for. Nothing is kept in a worker process, whose parent makes the record."""
    if cachedb._in_worker():
        return
    identity: Identity = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    if digest is not None:
        _keep_digest(path, identity, digest)
        return
    _KNOWN_DIGESTS.pop(path, None)  # these bytes are the file's now
    _UNHASHED.pop(path, None)  # hashed when a record asks (_digest_in_hand), or never
    _UNHASHED[path] = (identity, data)
    if len(_UNHASHED) > _MOST_UNHASHED:
        del _UNHASHED[next(iter(_UNHASHED))]


def same_content(path: str, recorded: tuple[object, ...], now: Identity) -> bool:
    """Whether ``path``, stat-ed as ``now``, holds what its record ``(size, mtime_ns, ctime_ns,
    ino, digest)`` stands for. The same size, mtime, change time and inode: yes, without
    reading it. The same size with another mtime, change time or inode: the content digest
    decides, so a ``touch``, a ``chmod``, a fresh ``git clone`` or a ``cp`` without ``-p``
    (new mtimes, the same bytes) is no change, and a same-size edit whose mtime was put back
    is one (git refreshes its index the same way: an entry whose stat differs is compared by
    content, Documentation/technical/racy-git.txt). Another size: a change. A record without a
    digest (outputs and templates, which only l10n writes; a file written while the run read
    it) is a change unless its stat matches, and rows of older versions (no change time) are
    trusted on size and mtime, as those versions did."""
    size, mtime_ns, ctime_ns, ino, digest = recorded[:5]
    if size != now[0]:
        return False
    if mtime_ns == now[1] and (ctime_ns is None or now[2] is None or (ctime_ns == now[2] and ino == now[3])):
        return True
    return digest is not None and ctime_ns is not None and content_digest(path) == digest


NOT_IN_FINGERPRINT: dict[str, str] = {
    "root": "paths under it count relative to it, and the records' paths are moved with it (cachedb.relocate)",
    "config_file": "where the settings came from, not what they are",
    "markdown": "read through dialect, dialect_guessed and markdown_constructs, which count",
    "min_coverage": "a note under the threshold is kept, not recorded as built; --min-coverage overrides it per run",
    "engine": "translate only, which the run state does not skip",
    "engine_url": "translate only",
    "model": "translate only",
    "engines": "translate only",
    "mt_batch_characters": "translate only",
    "glossary": "translate only (build validates without it)",
    "memory": "translate only",
    "jobs": "how fast, not what",
}
# allow_outside_project counts: it says whether notes behind symbolic links out of the project
# are read (l10n.site.layout._walk), so which pages are built and where links lead
"""Config fields that do not shape extract's or build's files, and why; every other field of
:class:`~l10n.config.Config` is part of :func:`config_fingerprint` (a test holds each to it)."""


def config_fingerprint(config: Config) -> str:
    """A short hash (16 hex digits) of every setting that shapes l10n's outputs, and of the code
    version; asked for once per note, computed once per configuration object.

    The settings are the fields of :class:`~l10n.config.Config` not listed in
    :data:`NOT_IN_FINGERPRINT`, so a new field counts unless it is listed there with a reason;
    ``project`` counts only when configured (:attr:`~l10n.config.Config.project_named`).
    """
    global _last_fingerprint
    if _last_fingerprint is not None and _last_fingerprint[0] is config:
        return _last_fingerprint[1]
    root = str(config.root)
    # A project name taken from the folder's name does not count: a copy or clone under another
    # name would redo every note and rewrite every template for a header line (issue 19).
    relevant = tuple(
        (item.name, _stable(getattr(config, item.name), root))
        for item in dataclasses.fields(config)
        if item.name not in NOT_IN_FINGERPRINT and (item.name != "project" or config.project_named)
    )
    generator = _generator_settings(config)  # only when there are some: others' keys stay as they were
    data = repr((relevant, *((generator,) if generator else ()), _code_version())).encode()
    # Two 32-bit checksums: enough to tell settings apart, and zlib loads in a fraction of the
    # time hashlib (OpenSSL) takes to import; this is a cache key, not a security check.
    fingerprint = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
    _last_fingerprint = (config, fingerprint)
    return fingerprint


def _generator_settings(config: Config) -> tuple[object, ...]:
    """What the site generator's own configuration decides about l10n's outputs: for MkDocs,
    whether ``mkdocs.yml`` enables ``attr_list`` (build writes heading ids then, and links
    follow them; l10n.site.relink); for Hugo, Jekyll and MkDocs, the heading-id settings other
    than the defaults (:attr:`l10n.config.Config.heading_ids`: the ids build writes and links
    follow). Without them an edit of the generator's file kept stale ids."""
    from l10n.markdown.generator import DEFAULT_HEADING_IDS, mkdocs_attr_list

    found: tuple[object, ...] = ()
    if config.dialect == "mkdocs":
        found = (mkdocs_attr_list(str(config.root)),)
    settings = config.heading_ids if config.dialect in ("hugo", "kramdown", "mkdocs") else DEFAULT_HEADING_IDS
    if settings != DEFAULT_HEADING_IDS:  # the defaults: the fingerprint stays as it was
        found += (settings.style, settings.prefix, settings.auto, settings.attributes, settings.separator)
    if config.dialect == "hugo":
        # Hugo's default ids are no longer taken for github-slugger's (l10n.site.links.hugo_slug:
        # Hugo drops marks): pages built with the old rule are built again once
        found += (HUGO_ID_RULE,)
    return found


HUGO_ID_RULE = "hugo-ids-2"
"""The version of l10n's rule for Hugo's heading ids, in a Hugo project's fingerprint."""


def _stable(value: object, root: str) -> object:
    """``value`` with mappings sorted and paths as strings, so its ``repr`` is the same in every
    run; a path under ``root`` (the project's) as its POSIX path relative to it, so that a
    copied or moved project keeps its fingerprint (its records are moved with it,
    :func:`l10n.store.cachedb.relocate`)."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), _stable(v, root)) for k, v in value.items()))
    if isinstance(value, (tuple, list)):
        return tuple(_stable(v, root) for v in value)
    if isinstance(value, Path):
        path = str(value)
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            return ("root", Path(os.path.relpath(path, root)).as_posix())
        return path
    return value


_last_fingerprint: tuple[Config, str] | None = None  # of the last config asked about (it is frozen)


def _code_version() -> str:
    """The package version and the segmentation version: a release, or a segmentation change
    between releases, makes every stage redo its notes (issue 12: old segments are never
    served after an upgrade, by the segmentation cache or by the run state)."""
    from l10n import __version__
    from l10n.markdown.dialect import SEGMENTATION_VERSION  # already loaded by l10n.config

    return f"{__version__}+segmentation{SEGMENTATION_VERSION}"


_MOST_SEEN = 4096
"""Stale keys whose stamps :class:`RunState` keeps for their record: more than the notes in
flight in the pipeline's workers (4 chunks of at most 64 per worker)."""

READING_STAGES = ("extract:", "build:")
"""Key prefixes of the stages whose :meth:`RunState.record` passes ``read`` (the note, the
first of their inputs, :func:`l10n.pipeline._record`): the only keys whose stamps
:meth:`RunState.is_fresh` keeps in :attr:`RunState.seen`. Another stage's (``translate:``,
whose record reads none) would be held for nothing until its record: ``sync`` and the
translate stage ask about every catalog before the first is filled, which held 4,096 keys and
paths (about 2.5 MB) through the whole translate stage (issue 19's flat memory)."""


class RunState:
    """Stamps of the files behind each piece of work done by earlier runs."""

    def __init__(self, config: Config) -> None:
        self.fingerprint = config_fingerprint(config)
        from l10n.site.layout import written_folders  # the layout needs the config module first

        self.unhashed = tuple(written_folders(config, config.languages))
        """Folders of files only l10n writes (templates, outputs): recorded without a digest
        (a person edits notes and catalogs; sync only lists these folders), which costs a build
        again only when such a file's change time moves without its bytes changing."""
        connection = cachedb.connect(config.locales)
        if connection is None:  # no usable file: remember within this run only
            connection = cachedb.Connection(Path(":memory:"))
        cachedb.relocate(connection, str(config.root))  # a copied or restored file: its paths made this project's
        self.connection = connection
        self.loaded: dict[str, dict[int, int]] = {}
        """Per key prefix (``extract:hi:``): ``hash(key)`` -> :func:`_digest` of its recorded stamps
        (hashes, not the keys: about 70 bytes per note instead of 170, issue 19)."""
        self._last: tuple[str, dict[int, int]] | None = None
        """The prefix last asked about and its digests."""
        self.learn = True
        """Write the new change times :meth:`_settle` finds (off: ``sync --dry-run`` writes nothing)."""
        self.by_key = False
        """Read each key's stamps when asked (one indexed query) instead of a stage's whole
        prefix: for a run that already knows it will ask about a few notes only
        (:mod:`l10n.store.changes`), so that its cost follows what changed."""
        self.dependencies: dict[str, tuple[dict[int, int], set[int]]] = {}
        """Per ``deps:<lang>:`` prefix, read once by :meth:`record_dependencies`: the digests of
        its keys recorded with these settings, and the hashes of every key with rows."""
        self.seen: dict[str, list[Stamped]] = {}
        """The stamps :meth:`is_fresh` found stale, per key of a stage that records what its
        work read (:data:`READING_STAGES`), until :meth:`record` or :meth:`forget` takes them:
        only keys whose work follows, so it holds a few at a time."""
        self.recorded_here = bytearray(_RECORDED_BITS // 8)
        """A bit per ``hash(key) % _RECORDED_BITS`` of the keys :meth:`record` wrote in this run
        (a Bloom filter of one hash): a key asked again after its record is read from its rows
        (:meth:`_one`) when its bit is set, instead of each record's digest being kept in
        :attr:`loaded` (a dict entry and two ints per note and stage: 5 MB at 50,000 notes,
        issue 19's flat memory). A bit set by another key costs one query, never a wrong answer."""
        self.forced: dict[str, set[int]] = {}
        """Per stage that ``--force`` redoes (:meth:`force`), until :meth:`end_force`: the hashes
        of its keys recorded again in this run (about 70 bytes per key: 3.5 MB at 50,000)."""
        self.forced_within: frozenset[str] | None = None
        """The note names a forced run works on, None for the whole site (:meth:`force`)."""
        self.source = str(config.source)
        self.known_outputs: frozenset[str] = frozenset()
        """The pages the build records listed (absolute paths) when :meth:`clear` forgot them
        (``--force``): still l10n's own pages to overwrite (:mod:`l10n.site.keep`)."""

    @classmethod
    def load(cls, config: Config) -> RunState:
        return cls(config)

    def _recorded(self, key: str) -> dict[int, int]:
        """The digests of every key sharing ``key``'s prefix, read in one query the first time."""
        last = self._last
        if last is not None and key.startswith(last[0]) and self.loaded.get(last[0]) is last[1]:
            return last[1]  # a stage asks about its notes one after the other
        prefix = _prefix(key)
        known = self.loaded.get(prefix)
        if known is not None:
            self._last = (prefix, known)
            return known
        stage = prefix.partition(":")[0]
        for other in [p for p in self.loaded if not p.startswith(f"{stage}:")]:
            del self.loaded[other]  # stages run one after the other: hold one stage's digests
        known = self.loaded[prefix] = {}
        self._last = (prefix, known)
        return self._read_prefix(prefix, known)

    def _read_prefix(self, prefix: str, known: dict[int, int], present: set[int] | None = None) -> dict[int, int]:
        """Fill ``known`` with the digest of each key under ``prefix`` recorded with these
        settings (and ``present`` with the hash of every key that has rows), in one query."""
        db = self.connection.db
        if db is None:
            return known
        self.connection.flush()  # see what this run recorded
        current: str | None = None
        stamps: list[tuple[str, int, int, int | None, int | None]] = []
        fresh = True
        try:
            # A range on the primary key rather than LIKE (see clear()); rows come in key order.
            for row_key, path, size, mtime_ns, config, ctime_ns, ino in db.execute(
                "SELECT key, path, size, mtime_ns, config, ctime_ns, ino FROM stamps WHERE key >= ? AND key < ? ORDER BY key",
                (prefix, prefix[:-1] + ";"),
            ):
                if row_key != current:
                    if current is not None and fresh:
                        known[hash(current)] = _digest(stamps)
                    current, stamps, fresh = row_key, [], True
                    if present is not None:
                        present.add(hash(row_key))
                stamps.append((path, size, mtime_ns, ctime_ns, ino))
                fresh = fresh and config == self.fingerprint
        except sqlite3.Error:
            known.clear()
            if present is not None:
                present.add(_UNKNOWN)
            return known
        if current is not None and fresh:
            known[hash(current)] = _digest(stamps)
        return known

    def _one(self, key: str) -> int | None:
        """The digest of ``key``'s recorded stamps, read alone; None without a usable record."""
        db = self.connection.db
        if db is None:
            return None
        self.connection.flush_for(key)
        try:
            rows = db.execute("SELECT path, size, mtime_ns, ctime_ns, ino, config FROM stamps WHERE key = ?", (key,)).fetchall()
        except sqlite3.Error:
            return None
        if not rows or any(row[5] != self.fingerprint for row in rows):
            return None
        return _digest([row[:5] for row in rows])

    def _write(self, *statements: tuple[str, tuple[object, ...]]) -> None:
        # The state only speeds up the next run; failing to record it loses nothing. Records
        # are written in batches (cachedb's deferred writes), at the latest by save().
        with contextlib.suppress(sqlite3.Error):
            self.connection.write(*statements, defer=True)

    def is_fresh(
        self, key: str, paths: Iterable[str | PathLike[str]] | Callable[[], Iterable[str | PathLike[str]]]
    ) -> bool:
        """Whether the files recorded for ``key`` are unchanged; ``paths`` (or a function giving
        them) are the files the work depends on now. A stale key's stamps are kept for
        :meth:`record`.

        Unchanged: the same size, mtime, change time and inode (:func:`stat_identity`) as
        recorded, compared as one digest; when that differs, the key's rows are read and each
        file judged by :func:`same_content` (:meth:`_settle`): a change time or inode alone is
        no change when the bytes hash as recorded."""
        current: list[Stamped] = [(os.fspath(p), *stat_identity(p)) for p in (paths() if callable(paths) else paths)]
        return self.is_fresh_as(key, current)

    def is_fresh_as(self, key: str, current: list[Stamped]) -> bool:
        """:meth:`is_fresh` of files already stat-ed: ``current`` holds ``(path, *identity)``
        of each (:func:`identity_of`), as ``status`` has them (it asks the build's question
        without a second ``stat`` per file)."""
        if self.forced and key.partition(":")[0] in self.forced:
            recorded = None  # redone whatever its record says (--force)
        else:
            recorded = self._one(key) if self.by_key else self._recorded(key).get(hash(key))
            if recorded is None and not self.by_key and self._recorded_here(key):
                recorded = self._one(key)
        if recorded is not None and (_digest(current) == recorded or self._settle(key, current)):
            return True
        if key.startswith(READING_STAGES):  # taken before the work reads them: see record()
            self.seen[key] = current
            if len(self.seen) > _MOST_SEEN:  # asked without work following (sync --dry-run): stay flat
                del self.seen[next(iter(self.seen))]
        return False

    def _settle(self, key: str, current: list[Stamped]) -> bool:
        """Whether ``key``'s record still holds although its digest differs from ``current``
        (``(path, *identity)`` of each file): the same files and settings, and each file
        :func:`same_content` as recorded. When it holds, the records of the files whose change
        time or inode alone moved take the new ones (deferred, with every key's rows of that
        file holding the same bytes), so the next run compares digests only: git refreshes its
        index the same way. One query, and a digest of each such file: for stale keys and files
        a ``chmod`` or a copy touched only."""
        db = self.connection.db
        if db is None:
            return False
        self.connection.flush_for(key)
        try:
            rows = db.execute(
                "SELECT path, size, mtime_ns, ctime_ns, ino, digest, config FROM stamps WHERE key = ?", (key,)
            ).fetchall()
        except sqlite3.Error:
            return False
        now: dict[str, Identity] = {stamped[0]: stamped[1:] for stamped in current}
        if len(rows) != len(now) or any(row[6] != self.fingerprint or row[0] not in now for row in rows):
            return False
        moved = []
        for path, size, mtime_ns, ctime_ns, ino, digest, _ in rows:
            identity = now[path]
            if not same_content(path, (size, mtime_ns, ctime_ns, ino, digest), identity):
                return False
            if (mtime_ns, ctime_ns, ino) != identity[1:]:
                moved.append((path, mtime_ns, ctime_ns, identity, digest))
        for path, mtime_ns, _, identity, digest in moved if self.learn else ():  # digest None: rows of an older version (see REFRESH)
            self._write((REFRESH, (identity[1], identity[2], identity[3], digest, path, identity[0], mtime_ns, digest)))
        if self.learn and any(ctime_ns != identity[2] for _, _, ctime_ns, identity, _ in moved):
            with contextlib.suppress(sqlite3.Error):  # written apart: a failure loses no record
                follow = counts_follow(db, ((identity[2], path, identity[0], ctime_ns) for path, _, ctime_ns, identity, _ in moved))
                if follow:
                    self.connection.write(*follow)
        known = self.loaded.get(_prefix(key))
        if known is not None:
            known[hash(key)] = _digest(current)
        return True

    def record(self, key: str, paths: Iterable[str | PathLike[str]], read: Collection[str] = ()) -> None:
        """Record the stamps of ``paths`` for ``key``: each file's :func:`stat_identity` and
        :func:`content_digest`. Those in ``read`` (files the work read but never writes, such
        as the note) keep the identity :meth:`is_fresh` saw before the work read them: an edit
        saved during the run then differs from the record, and the next run redoes the work
        (git's "racy clean" problem; re-stat-ing here would vouch for text never read); such a
        file, changed since, is recorded without a digest (the bytes read are not on disk)."""
        before: dict[str, Identity] = {stamped[0]: stamped[1:] for stamped in self.seen.pop(key, ())}
        redone = self.forced.get(key.partition(":")[0])
        rows = None if redone is None else self._rows(key)
        stamps: list[Stamped] = []
        digests: list[int | None] = []
        for given in paths:
            path = os.fspath(given)
            now = stat_identity(path)
            seen = before.get(path) if path in read else None
            if seen is not None and seen != now:
                stamps.append((path, *seen))
                digests.append(None)
            else:
                stamps.append((path, *now))
                row = rows.get(path) if rows else None
                # as recorded (the same stats: what a skip trusts too): the record's digest, and
                # the bytes a forced build read are not hashed (the catalogs: 3 MB of the corpus)
                recorded = row[4] if row is not None and row[5] == self.fingerprint and tuple(row[:4]) == now else None
                if now[2] is None:
                    digests.append(None)
                elif isinstance(recorded, int):
                    digests.append(recorded)
                elif not path.startswith(self.unhashed):
                    digests.append(_known_digest(path, now))
                else:  # l10n's own file: its digest when the stage kept it from the bytes it wrote (prune reads it)
                    digests.append(_digest_in_hand(path, now))
        changed = None if rows is None else self._changed_rows(key, stamps, digests, rows)
        if redone is not None:
            redone.add(hash(key))
        if changed is not None:
            self._write(*changed)
        else:
            self._write(
                ("DELETE FROM stamps WHERE key = ?", (key,)),
                *((_INSERT, (key, *stamp, digest, self.fingerprint)) for stamp, digest in zip(stamps, digests)),
            )
        known = self.loaded.get(_prefix(key))
        if known is not None:
            known.pop(hash(key), None)  # asked again, the key is read from its rows (recorded_here)
        bit = hash(key) % _RECORDED_BITS
        self.recorded_here[bit >> 3] |= 1 << (bit & 7)

    def _recorded_here(self, key: str) -> bool:
        """Whether :meth:`record` may have written ``key`` in this run (:attr:`recorded_here`)."""
        bit = hash(key) % _RECORDED_BITS
        return bool(self.recorded_here[bit >> 3] & (1 << (bit & 7)))

    def record_dependencies(self, key: str, paths: Collection[str]) -> None:
        """:meth:`record` ``paths`` for the ``deps:<lang>:<note>`` key ``key`` (:meth:`forget`
        it when there are none), writing only when its rows would change: a build of every
        note (``build --force`` keeps these keys) finds the same files with the same stamps for
        most notes, and rewriting them was a tenth of a build's run-state rows per linked
        file (session 13). The language's rows are read in one query at the first call (or
        per key, :attr:`by_key`); a key whose stamps match its rows, compared as
        :meth:`is_fresh` does, is left as it is."""
        if self.by_key:
            recorded, present = self._one(key), None
        else:
            prefix = _prefix(key)
            if prefix not in self.dependencies:
                kept: tuple[dict[int, int], set[int]] = ({}, set())
                self._read_prefix(prefix, *kept)
                self.dependencies = {prefix: kept}  # one language at a time: stay flat
            digests, present = self.dependencies[prefix]
            recorded = digests.get(hash(key))
        if not paths:
            if present is None or hash(key) in present or _UNKNOWN in present or self._recorded_here(key):
                self.forget(key)
            return
        if recorded is not None and recorded == _digest((path, *stat_identity(path)) for path in paths):
            self.seen.pop(key, None)
            return
        self.record(key, paths)  # its bit in recorded_here says it has rows now (no hash held per note)
        if present is not None:
            digests.pop(hash(key), None)

    def record_face(self, key: str, paths: Collection[str], face: bytes) -> None:
        """Keep ``face`` (a digest of what a build read from the notes its links lead to: their
        language and heading ids; :func:`l10n.pipeline.link_face`) for the ``deps:`` key ``key``,
        tied to the stamps of ``paths`` (its record's files, stat-ed now): :meth:`changed_dependencies`
        trusts it only while the key's rows are those stamps."""
        self._write(("INSERT OR REPLACE INTO link_faces (key, deps, face) VALUES (?, ?, ?)", (key, _stable_digest(
            (path, *stat_identity(path)) for path in paths
        ), face)))

    def changed_dependencies(self, key: str) -> tuple[list[str], list[str], bytes] | None:
        """For the ``deps:`` key ``key``: its recorded files, those whose stamps differ now,
        and the face kept with the record (:meth:`record_face`); None without a record, without
        a face kept for exactly these rows, or under other settings (then the build is redone)."""
        rows = self._rows(key)
        db = self.connection.db
        if not rows or db is None or any(row[5] != self.fingerprint for row in rows.values()):
            return None
        try:
            kept = db.execute("SELECT deps, face FROM link_faces WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if kept is None or kept[0] != _stable_digest((path, *row[:4]) for path, row in rows.items()):
            return None
        changed = [path for path, row in rows.items() if stat_identity(path) != tuple(row[:4])]
        return sorted(rows), changed, bytes(kept[1])

    def restamp(self, paths: Iterable[str | PathLike[str]], prefix: str) -> None:
        """Record new stamps for ``paths`` in the pieces of work whose key starts with ``prefix``.

        ``translate`` rewrites catalogs that ``extract`` has already brought up to date; without
        this, the next run would take those catalogs for edited ones and extract every note again.
        """
        self._write(
            *(
                (
                    _RESTAMP,
                    (*identity, None if identity[2] is None else _known_digest(str(path), identity), str(path), len(prefix), prefix),
                )
                for path in paths
                for identity in (stat_identity(path),)
            )
        )
        for loaded in [p for p in self.loaded if p.startswith(prefix) or prefix.startswith(p)]:
            del self.loaded[loaded]  # read again when next asked

    def stale_dependencies(self, languages: Iterable[str]) -> set[str]:
        """Names of the notes whose ``deps:<lang>:<note>`` record (files of other notes that
        its build read: where its links lead) no longer matches those files, in any of
        ``languages``. Read in one query per language in path order, each file stat-ed once."""
        db = self.connection.db
        found: set[str] = set()
        if db is None:
            return found
        self.connection.flush()
        try:
            for lang in languages:
                prefix = f"deps:{lang}:"
                last, now = "", MISSING
                for key, path, *recorded in db.execute(  # recorded: size, mtime_ns, ctime_ns, ino, digest
                    "SELECT key, path, size, mtime_ns, ctime_ns, ino, digest FROM stamps WHERE key >= ? AND key < ? ORDER BY path",
                    (prefix, prefix[:-1] + ";"),
                ):
                    if path != last:
                        last, now = path, stat_identity(path)
                    if not same_content(path, tuple(recorded), now):
                        found.add(key[len(prefix) :])
        except sqlite3.Error:
            return found
        return found

    def _rows(self, key: str) -> dict[str, list[object]] | None:
        """``key``'s rows: path -> ``[size, mtime_ns, ctime_ns, ino, digest, config]``; None
        when they cannot be read."""
        db = self.connection.db
        if db is None:
            return None
        self.connection.flush_for(key)
        try:
            return {
                path: rest
                for path, *rest in db.execute(
                    "SELECT path, size, mtime_ns, ctime_ns, ino, digest, config FROM stamps WHERE key = ?", (key,)
                )
            }
        except sqlite3.Error:
            return None

    def _changed_rows(
        self, key: str, stamps: Sequence[Stamped], digests: Sequence[int | None], rows: Mapping[str, Sequence[object]]
    ) -> list[tuple[str, tuple[object, ...]]]:
        """The statements that make ``key``'s rows, ``rows`` (:meth:`_rows`), those of ``stamps``
        (with ``digests``): the rows that differ written (``INSERT OR REPLACE``: SQLite fires no
        delete trigger for the row it replaces, and the insert's trigger refolds the path, so
        ``stamped_files`` ends as after a delete and insert), the rows of files no longer
        among ``stamps`` deleted, and the rows that are the same left alone.

        For a key of a stage :meth:`force` redoes: its rows were not deleted first, and most of
        them still hold (a ``build --force`` rewrites the output, not the note or the catalog),
        so a note costs one row written instead of a delete and three inserts, each a refold of
        the file's ``stamped_files`` row by the triggers (session 15: nine tenths of the
        bookkeeping's CPU)."""
        wanted = {stamp[0]: [*stamp[1:], digest, self.fingerprint] for stamp, digest in zip(stamps, digests)}
        return [
            *(("DELETE FROM stamps WHERE key = ? AND path = ?", (key, path)) for path in rows if path not in wanted),
            *((_INSERT, (key, path, *row)) for path, row in wanted.items() if rows.get(path) != row),
        ]

    def force(self, *stages: str, within: Collection[str] | None = None) -> None:
        """Redo the pieces of work of ``stages`` in this run (``--force``), leaving the records
        :meth:`clear` would leave once :meth:`end_force` is called, without deleting them first:
        each of their keys is stale whatever its record says (:meth:`is_fresh`), a key recorded
        again keeps the rows its files still match (:meth:`_changed_rows`), and
        :meth:`end_force` deletes the keys of ``stages`` the run did not record again. A run
        killed before :meth:`end_force` leaves those records as they were: each still stands
        for files as they are (the next run without ``--force`` skips what they vouch for).
        Without stages: :meth:`clear` of every stage. ``within``: the note names the run works
        on (``build --force NOTE``, ``--shard``); :meth:`end_force` leaves the other notes' records
        alone (None: the whole site, whose notes not reached are gone). A build record is what
        tells a page l10n wrote and someone edited since (:func:`l10n.site.keep.edited_since_written`):
        a forced build of another note must not forget it."""
        if not stages:
            self.clear()
            return
        for stage in stages:
            self.forced.setdefault(stage, set())
        self.forced_within = None if within is None else frozenset(within)

    def end_force(self) -> None:
        """Delete the records of the stages :meth:`force` redoes whose keys this run did not
        record again (notes it did not reach, or that are gone), then stop forcing. The keys
        are read in one query per stage; written at once, as :meth:`clear` is."""
        forced, self.forced = self.forced, {}
        within, self.forced_within = self.forced_within, None
        db = self.connection.db
        if db is None or not forced:
            return
        self.connection.flush()
        statements: list[tuple[str, tuple[object, ...]]] = []
        with contextlib.suppress(sqlite3.Error):
            for stage, redone in forced.items():
                for (key,) in db.execute(  # streamed: only the keys to delete are held
                    "SELECT DISTINCT key FROM stamps WHERE key >= ? AND key < ?", (f"{stage}:", f"{stage};")
                ):
                    if hash(key) not in redone and (within is None or key.split(":", 2)[-1] in within):
                        statements.append(("DELETE FROM stamps WHERE key = ?", (key,)))
            if statements:
                self.connection.write(*statements)
        for loaded in [p for p in self.loaded if p.split(":")[0] in forced]:
            del self.loaded[loaded]

    def forget(self, key: str) -> None:
        self.seen.pop(key, None)
        self._write(("DELETE FROM stamps WHERE key = ?", (key,)))
        self.loaded.get(_prefix(key), {}).pop(hash(key), None)

    def clear(self, *stages: str) -> None:
        """Forget the pieces of work of ``stages`` (``"extract"``, ``"translate"``, ``"build"``),
        or of every stage when none is named: ``--force`` redoes only the stage it forces, and
        the other stages' skipping survives it.

        Written at once (not deferred), so that later reads of any key see it.
        """
        if (not stages or "build" in stages) and self.connection.db is not None:
            from l10n.store.written_pages import recorded_outputs

            self.connection.flush()
            self.known_outputs = self.known_outputs | recorded_outputs(self.connection.db, self.source)
        if not stages:
            statements: list[tuple[str, tuple[object, ...]]] = [("DELETE FROM stamps", ())]
        else:
            # A range on the primary key (``stage:`` ≤ key < ``stage;``) rather than LIKE, which
            # SQLite cannot answer from the index when it is case-insensitive (the default).
            statements = [("DELETE FROM stamps WHERE key >= ? AND key < ?", (f"{s}:", f"{s};")) for s in stages]
        with contextlib.suppress(sqlite3.Error):
            self.connection.write(*statements)
        for loaded in [p for p in self.loaded if not stages or p.split(":")[0] in stages]:
            del self.loaded[loaded]
        if not stages or "deps" in stages:
            self.dependencies.clear()

    def save(self) -> None:
        """Write the records still waiting."""
        self.connection.flush()


_RECORDED_BITS = 1 << 20
"""Bits of :attr:`RunState.recorded_here` (128 KB): at 50,000 keys recorded, about one key in 20
never recorded finds its bit set (and costs a query)."""

_UNKNOWN = -1
"""In a prefix's set of keys with rows: the rows could not be read (every key may have some).
No key hashes to it: CPython never gives -1 as a hash."""


def _prefix(key: str) -> str:
    """``extract:hi:`` of ``extract:hi:notes/a.md``: the keys one stage and language share."""
    stage, _, rest = key.partition(":")
    lang, _, _ = rest.partition(":")
    return f"{stage}:{lang}:"


def _stable_digest(stamps: Iterable[tuple[object, ...]]) -> bytes:
    """A digest of a set of ``(path, size, mtime_ns, ctime_ns, ino)`` that stays from run to run
    (:func:`_digest` holds within one process only)."""
    from l10n.blake2 import blake2b  # as content_digest: loaded by runs that record work only

    return blake2b(repr(sorted(stamps, key=repr)).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _digest(stamps: Iterable[tuple[object, ...]]) -> int:
    """A 64-bit hash of a set of ``(path, size, mtime_ns, ctime_ns, ino)``; stable within one
    process only.

    Kept instead of the rows to hold about 100 bytes per key: a wrong skip would need two
    different sets of stamps of the same key to collide, about 1 in 2**64 per check.
    """
    return hash(frozenset(stamps))


def translate_key(lang: str, catalog: str | PathLike[str] | None) -> str:
    """The run-state key under which the translate stage records catalog ``catalog`` in ``lang``
    as left complete (read by translate and by ``sync``'s choice of notes to translate)."""
    return f"translate:{lang}:{catalog if catalog is None else os.fspath(catalog)}"


PLACEHOLDER_KEY = "placeholder"
"""The run-state stage whose keys (``placeholder:<lang>:<note>``, the catalog's stamps) name the
catalogs translate left holding placeholder output (:func:`l10n.mt.translate.is_placeholder_output`): complete
for the ``pseudo`` engine, not for a real one, which reads them again (:func:`placeholder_notes`)."""


def placeholder_notes(state: RunState | None, lang: str) -> set[str]:
    """The names of the notes whose catalog in ``lang`` translate left holding placeholder
    output (:data:`PLACEHOLDER_KEY`): one query on the primary key's range. Empty without a
    bookkeeping file (every catalog is read then anyway)."""
    db = state.connection.db if state is not None else None
    if state is None or db is None:
        return set()
    state.save()  # what this run recorded counts
    prefix = f"{PLACEHOLDER_KEY}:{lang}:"
    try:
        rows = db.execute("SELECT DISTINCT key FROM stamps WHERE key >= ? AND key < ?", (prefix, prefix[:-1] + ";"))
        return {key[len(prefix) :] for (key,) in rows}
    except sqlite3.Error:
        return set()
