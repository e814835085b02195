"""Translations the validator passed, remembered across runs in the bookkeeping database.

``build`` publishes a translation only when :func:`l10n.markdown.validate.validate_translation`
finds nothing wrong with it, and ``translate`` has asked the same question of every machine
translation before writing it: validating every entry again was 43 % of a build's time. Each
pass is kept here as one 16-byte row of the ``verdicts`` table of ``locales/.l10n-cache.sqlite3``
(:mod:`l10n.store.cachedb`), so a build validates only what is new to it: a translation edited
by hand, a changed source, a new kind.

A row is a BLAKE2 digest of the validator's own digest of (source, translation, kind), keyed
with :func:`l10n.markdown.validate.rules_fingerprint` (the validator's version constant, the
source of its modules, markdown-it-py's version). It stands for those exact texts under those
exact rules, so it never vouches for another translation, and any change to the rules changes
every key. Only passes are kept: a translation with findings is validated again each time it is
asked about, and reported. Like everything in that file it may be deleted; any error reading or
writing it, or no file yet (this store never creates it), means validating.

A whole catalog file is vouched for the same way (:func:`catalog_digest` of its bytes and the
``on_source_change`` policy): when every translation the build chose from it passed, one row says
so, and its next read validates nothing; and the ``publications`` table keeps, one row per
catalog file, what those bytes publish (JSON), keyed with the rules and the source of the PO
reader's modules, so an unchanged catalog is not even parsed again (:func:`l10n.po.scan.read_translations`).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from l10n.blake2 import blake2b
from l10n.markdown import validate
from l10n.store import cachedb, catalog_digests

# the catalog digest lives apart, without the validator's imports; its callers name it here too
catalog_digest = catalog_digests.catalog_digest
catalog_hasher = catalog_digests.catalog_hasher

_LOOKUP = "SELECT 1 FROM verdicts WHERE key = ?"
_INSERT = "INSERT OR IGNORE INTO verdicts (key) VALUES (?)"
_PUBLICATION = "SELECT key, data FROM publications WHERE catalog = ?"
_PUBLISH = "INSERT OR REPLACE INTO publications VALUES (?, ?, ?)"
_MOST_PENDING = 8192
"""Passes gathered before one transaction writes them. Rows are random 16-byte keys, so a commit
of n passes rewrites about min(n, pages) pages of the table wherever they lie: at 512 a first
sync of 1,000 notes (34,000 passes, a 0.8 MB table) wrote 26.8 MB of WAL frames for them, at
8,192 2.7 MB (session 15, ``bench/sqlite_writes.py``). A pass lost by a kill is only validated
again; 8,192 waiting keys hold about 0.7 MB."""
_MOST_WAITING_CHARACTERS = 1 << 20  # of deferred publications, before they are written out


class Verdicts:
    """The passes of one project (its ``locales`` folder), as a :class:`l10n.markdown.validate.VerdictStore`.

    Reads go to this process's connection (:func:`l10n.store.cachedb.connect`, never across a
    fork); new passes wait in memory and are written together by :meth:`flush` (at :data:`_MOST_PENDING`, at
    exit, and in a worker process at the end of each note: :func:`flush_in_worker`), so no
    pass costs a commit of its own. Raises nothing: a database error turns the store off for the process.
    """

    def __init__(self, locales: Path) -> None:
        self.locales = locales
        self.key = validate.rules_fingerprint()
        self.pending: set[bytes] = set()
        self.answered: dict[bytes, bool] = {}
        """Row keys read by :meth:`prefetch`, and whether each has a row: the last batch only."""
        self.keyed: dict[bytes, bytes] = {}
        """The row key of each digest of the last :meth:`passes` call: the validator then asks
        :meth:`passed` and :meth:`record` about the same digests (one keyed BLAKE2 per pair, not three)."""
        self.broken = False
        self.waiting_characters = 0
        """Bytes of the publications written deferred since the last write out."""

    def _row_key(self, digest: bytes) -> bytes:
        key = self.keyed.get(digest)
        return blake2b(digest, digest_size=16, key=self.key).digest() if key is None else key

    def _db(self) -> sqlite3.Connection | None:
        if self.broken:
            return None
        connection = cachedb.connect(self.locales, create=False)
        return None if connection is None else connection.db

    def passed(self, digest: bytes) -> bool:
        """Whether the translation of ``digest`` passed before, under the same rules."""
        key = self._row_key(digest)
        if key in self.pending:
            return True
        known = self.answered.get(key)
        if known is not None:
            return known
        db = self._db()
        if db is None:
            return False
        try:
            return db.execute(_LOOKUP, (key,)).fetchone() is not None
        except sqlite3.Error:
            self.broken = True
            return False

    def publication(self, catalog: str, digest: bytes) -> bytes | None:
        """The bytes :meth:`record_publication` stored for the file ``catalog`` when its digest
        (:func:`catalog_digest`) was ``digest``, under the same rules and reader; else None."""
        db = self._db()
        if db is None:
            return None
        try:  # a row this process stored still waits unwritten: a miss, and only a re-read
            row = db.execute(_PUBLICATION, (catalog,)).fetchone()
        except sqlite3.Error:
            self.broken = True
            return None
        if row is None or not isinstance(row[1], bytes) or row[0] != self._publication_key(digest):
            return None  # a text row is another version's (JSON): read the catalog
        return row[1]

    def record_publication(self, catalog: str, digest: bytes, data: bytes) -> None:
        """Remember what the file ``catalog`` of digest ``digest`` publishes (one row per
        catalog: its last version), written with the run's other deferred rows."""
        connection = None if self.broken else cachedb.connect(self.locales, create=False)
        if connection is None:
            return
        try:
            connection.write((_PUBLISH, (catalog, self._publication_key(digest), data)), defer=True)
            # A row waits with the run's other deferred rows (one commit for many) until about
            # a megabyte of them waits: the translate stage stores one per catalog it saves,
            # and 256 waiting publications held 15 MB at 300 notes.
            self.waiting_characters += len(data)
            if self.waiting_characters >= _MOST_WAITING_CHARACTERS:
                connection.flush()
                self.waiting_characters = 0
        except sqlite3.Error:
            self.broken = True

    def _publication_key(self, digest: bytes) -> bytes:
        return blake2b(digest, digest_size=16, key=_reader_fingerprint(self.key)).digest()

    def prefetch(self, digests: Sequence[bytes]) -> None:
        """Read whether each of ``digests`` passed before in one query per 500, so that
        :meth:`passed` answers them without a query of its own: the translate stage validates
        an engine batch of replies at once, and a lookup per reply was 9 % of its CPU (issue 19).
        The answers replace those of the previous call, so memory holds one batch's."""
        self.passes(digests)

    def passes(self, digests: Sequence[bytes]) -> list[bool]:
        """Whether each of ``digests`` passed before (as :meth:`passed`), read in one query per
        500: the build asks about a whole catalog's translations at once, where a query per
        entry was a tenth of its first run after a translate. The answers are kept for
        :meth:`passed` (replacing the previous call's), so that the validator asks no query
        again for a translation that did not pass and is validated now."""
        self.keyed = {}
        keys = [self._row_key(digest) for digest in digests]
        self.keyed = dict(zip(digests, keys))
        self.answered = {}
        db = self._db()
        if db is None or not keys:
            return [key in self.pending for key in keys]
        answered = dict.fromkeys(keys, False)
        try:
            for (key,) in cachedb.select_in(db, "SELECT key FROM verdicts WHERE key IN ({marks})", list(answered)):
                answered[key] = True
        except sqlite3.Error:
            self.broken = True
            return [key in self.pending for key in keys]
        self.answered = answered
        pending = self.pending
        return [answered[key] or key in pending for key in keys]

    def record(self, digest: bytes) -> None:
        """Remember that the translation of ``digest`` passed (written by :meth:`flush`)."""
        if self.broken:
            return
        self.pending.add(self._row_key(digest))
        if len(self.pending) >= _MOST_PENDING:
            self.flush()

    def flush(self) -> None:
        """Write the passes gathered so far, in one transaction of their own (not among the
        file's deferred statements: :meth:`l10n.store.cachedb.Connection.flush_for` would take
        rows that name no note as concerning every note, and commit at each note read)."""
        if not self.pending:
            return
        keys, self.pending = sorted(self.pending), set()
        connection = None if self.broken else cachedb.connect(self.locales, create=False)
        if connection is None:
            return
        db = connection.db
        if db is None:
            return
        try:
            with db:  # one short transaction, as cachedb.Connection.write; executemany: one
                db.execute("BEGIN")  # statement for all the rows, not one call each (issue 19)
                db.executemany(_INSERT, [(key,) for key in keys])
        except sqlite3.Error:  # locked for too long, read-only, damaged: the passes are only lost
            self.broken = True


_CURRENT: Verdicts | None = None


def attach(locales: Path) -> Verdicts:
    """Have this process's validator read and record passes in the project of ``locales``
    (replacing the store of another project, whose waiting passes are written first, to that
    project's own file: :func:`l10n.store.cachedb.connect` leaves open the connection a run of
    the new project may hold).

    Called by ``build`` for each note and by the ``translate`` stage once: cheap when the
    project is already attached."""
    global _CURRENT
    current = _CURRENT
    if current is not None and (current.locales is locales or current.locales == locales):
        return current
    if current is not None:
        current.flush()
    _CURRENT = Verdicts(locales)
    validate.use_verdict_store(_CURRENT)
    return _CURRENT


_READER_MODULES = ("l10n.po.policy", "l10n.po.grammar", "l10n.po.scan")
"""The modules whose code decides what a catalog publishes, besides the validator's rules."""


@functools.lru_cache(maxsize=4)
def _reader_fingerprint(rules: bytes) -> bytes:
    """64 bytes (a BLAKE2 key) that change with the validator's rules (``rules``) and with the
    source of :data:`_READER_MODULES`: a stored publication is served only by the reader that made it."""
    digest = blake2b(rules, digest_size=64)
    validate.add_module_sources(digest, _READER_MODULES)
    return digest.digest()


def publication(catalog: Path, digest: bytes) -> bytes | None:
    """What the catalog file ``catalog`` publishes, as :func:`remember_publication` stored it for
    the same bytes (``digest``: :func:`catalog_digest`), in the attached project; else None."""
    return None if _CURRENT is None else _CURRENT.publication(str(catalog), digest)


def remember_publication(catalog: Path, digest: bytes, data: bytes | None) -> None:
    """Store ``data``, what the catalog file ``catalog`` of digest ``digest`` publishes (only
    when every translation it chose passed), in the attached project, if any; None (a
    publication :func:`l10n.po.scan._encode_publication` could not write) stores nothing."""
    if _CURRENT is not None and data is not None:
        _CURRENT.record_publication(str(catalog), digest, data)


def passed_before(digest: bytes) -> bool:
    """Whether the pass of ``digest`` (:func:`catalog_digest`) is stored in the attached project
    (:func:`attach`); False when none is attached."""
    return _CURRENT is not None and _CURRENT.passed(digest)


def passes(triples: Sequence[tuple[str, str, str | None]]) -> list[bool]:
    """Whether each ``(source, translation, kind)`` passed validation before, in the attached
    project (:meth:`Verdicts.passes`: one query per 500); all False when none is attached or
    the store cannot be read, so that the caller validates. ``kind`` as
    :func:`l10n.markdown.validate.validate_translation` takes it. Raises nothing."""
    current = _CURRENT
    if current is None:
        return [False] * len(triples)
    digest = validate.verdict_digest
    return current.passes([digest(source, translation, kind) for source, translation, kind in triples])


def remember_pass(digest: bytes) -> None:
    """Record the pass of ``digest`` (:func:`catalog_digest`) in the attached project, if any:
    only when every translation it stands for passed (findings are found again each time)."""
    if _CURRENT is not None:
        _CURRENT.record(digest)


def flush() -> None:
    """Write the passes this process has gathered (done at exit, and at :data:`_MOST_PENDING` passes)."""
    if _CURRENT is not None:
        _CURRENT.flush()


def flush_in_worker() -> None:
    """:func:`flush` in a worker process of a pool, which may end at any time without running
    exit handlers: called at the end of each unit of work (a note's build). A process working
    alone keeps gathering, and writes :data:`_MOST_PENDING` passes per transaction."""
    if cachedb._in_worker():
        flush()


def detach() -> None:
    """Write what waits, and stop reading and recording passes in this process."""
    global _CURRENT
    flush()
    _CURRENT = None
    validate.use_verdict_store(None)


@atexit.register
def _at_exit() -> None:
    with contextlib.suppress(Exception):  # the interpreter is going: nothing left to report to
        flush()
        cachedb.flush()
