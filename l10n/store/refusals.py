"""Segments whose machine translation was refused, remembered so that an engine is not paid again
for the same refusal on every run.

The translate stage validates every reply (:func:`l10n.markdown.validate.check_reply`) and asks
once more for a refused one; a text refused twice stays empty (:mod:`l10n.mt.batch`). Without a
record, the next ``sync`` sends it again, and every one after: a reference definition whose
destination the reply changes (kubernetes-enhancements, KEP 2299) cost 298 characters per sync.

Each refusal is a row of the ``refusals`` table of ``locales/.l10n-cache.sqlite3``
(:mod:`l10n.store.cachedb`), one per (language, catalog, segment, engine):

* ``segment``: a 16-byte BLAKE2 digest of the entry's msgctxt and msgid. The msgid is the
  English text itself, so an edit of the English is another segment and is sent afresh.
* ``catalog``: the catalog's path relative to the locales folder. The same text in another note
  is another request (its note's title and link definitions travel with it), so it has its own try.
* ``engine``: the engine's name as catalogs show it, which names the model where the engine has
  one (``openai/gpt-4o-mini``): another engine or model is asked again.
* ``refused``: the runs that sent the segment and had its reply refused (each run asks twice);
  ``most``: the refused runs after which it is withheld; ``reason``: the validator's last
  finding; ``at``: when (UTC, ISO 8601).

The policy (``most``): an engine that declares itself deterministic (a class attribute
``deterministic = True``: pseudo, Google, DeepL, Microsoft, LibreTranslate) answers the same
request the same way, so a second run would pay for the same refusal: its segment is withheld
after one refused run. Any other engine (an LLM samples its reply; MyMemory's crowd memory
changes) gets a second run, four requests in all, first (:data:`MOST_REFUSED_RUNS`). A
translation that passes deletes the segment's rows; a segment that no longer waits for a machine
(translated by hand, its English edited, its entry gone) loses its rows the next time the
translate stage reads its catalog; ``--retry-refused`` sends withheld segments once more.

Like everything in that file the rows may be deleted: each withheld segment is then sent once
more. An error reading or writing them means sending (nothing here raises).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.store import cachedb

if TYPE_CHECKING:
    import polib

MOST_REFUSED_RUNS = 2
"""Refused runs after which an engine that does not declare itself deterministic is no longer
sent a segment (one for a deterministic engine)."""

_READ = "SELECT catalog, segment, engine, refused, most, reason, at FROM refusals WHERE lang = ? AND catalog IN ({marks})"
_REFUSED = (
    "INSERT INTO refusals VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (lang, catalog, segment, engine) "
    "DO UPDATE SET refused = refused + 1, most = excluded.most, reason = excluded.reason, at = excluded.at"
)
_SETTLED = "DELETE FROM refusals WHERE lang = ? AND catalog = ? AND segment = ?"
_WITHHELD = "SELECT catalog, segment FROM refusals WHERE lang = ? AND refused >= most"
_ANY = "SELECT 1 FROM refusals WHERE lang = ? LIMIT 1"


def segment_digest(msgctxt: str | None, msgid: str) -> bytes:
    """The 16-byte digest that stands for the entry ``(msgctxt, msgid)`` (its English text).
    A context is joined with the EOT byte, as gettext's MO files join it (GNU gettext manual,
    "MO Files"), so no context and an empty one differ."""
    from l10n.blake2 import blake2b  # here: not paid by a no-op sync's coverage line

    digest = blake2b(digest_size=16)
    if msgctxt is not None:
        digest.update(msgctxt.encode("utf-8", "surrogatepass") + b"\x04")
    digest.update(msgid.encode("utf-8", "surrogatepass"))
    return digest.digest()


@dataclass(frozen=True)
class Refusal:
    """One engine's record of refused replies for one segment of one catalog."""

    engine: str
    refused: int
    """Runs whose reply was refused."""
    most: int
    """Refused runs after which the segment is withheld from this engine."""
    reason: str
    at: str
    """When the last refusal happened: UTC, ISO 8601 to the second."""

    @property
    def withheld(self) -> bool:
        return self.refused >= self.most


def catalog_name(locales: Path, catalog: Path) -> str:
    """How the rows name ``catalog``: its path relative to ``locales``, with ``/``."""
    try:
        return catalog.relative_to(locales).as_posix()
    except ValueError:  # elsewhere (never made so by l10n): its whole path
        return Path(os.path.abspath(catalog)).as_posix()


class Refusals:
    """The refusal records of one language and one engine in the project of ``locales``, read a
    chunk of catalogs at a time (:meth:`read`: one query per 500 catalogs, so memory holds one
    chunk's rows) and written by :meth:`flush` in one transaction.

    ``deterministic``: the engine's declaration (see the module docstring for the policy).
    ``retry``: withhold nothing (``--retry-refused``); refusals are still recorded. Raises nothing.
    """

    def __init__(self, locales: Path, lang: str, engine: str, deterministic: bool, retry: bool = False) -> None:
        self.locales = locales
        self.lang = lang
        self.engine = engine
        self.most = 1 if deterministic else MOST_REFUSED_RUNS
        self.retry = retry
        self.rows: dict[str, dict[bytes, list[Refusal]]] = {}
        """This chunk's rows, every engine's, by catalog name and segment digest."""
        self.names: dict[Path, str] = {}
        """This chunk's catalogs' names."""
        self.pending: list[tuple[str, tuple[object, ...]]] = []
        self.broken = False
        self.none: bool | None = None
        """Whether the language had no rows when first asked: then no chunk is looked up (the
        rows this run writes are for the next run)."""

    def _db(self, create: bool) -> sqlite3.Connection | None:
        if self.broken:
            return None
        connection = cachedb.connect(self.locales, create=create)
        return None if connection is None else connection.db

    def name(self, path: Path) -> str:
        known = self.names.get(path)
        return known if known is not None else catalog_name(self.locales, path)

    def read(self, paths: Sequence[Path]) -> None:
        """Read the rows of the catalogs ``paths`` (the previous chunk's are dropped)."""
        self.rows = {}
        self.names = {}
        db = self._db(create=False)
        if db is None or not paths or self.none:
            return
        try:
            if self.none is None:
                self.none = db.execute(_ANY, (self.lang,)).fetchone() is None
                if self.none:
                    return
            self.names = {path: catalog_name(self.locales, path) for path in paths}
            for catalog, segment, engine, refused, most, reason, at in cachedb.select_in(
                db, _READ, list(dict.fromkeys(self.names.values())), before=(self.lang,)
            ):
                rows = self.rows.setdefault(catalog, {}).setdefault(bytes(segment), [])
                rows.append(Refusal(engine, refused, most, reason, at))
        except sqlite3.Error:
            self.broken = True
            self.rows = {}

    def has_rows(self, path: Path) -> bool:
        """Whether this chunk's rows name the catalog ``path`` (cheap: for the tidying of :meth:`tidy`)."""
        return bool(self.rows) and self.name(path) in self.rows

    def withheld(self, path: Path, entry: polib.POEntry) -> Refusal | None:
        """This engine's record of the entry when it withholds it; None when it is to be sent."""
        rows = None if self.retry or not self.rows else self.rows.get(self.name(path))
        if not rows:
            return None
        for row in rows.get(segment_digest(entry.msgctxt, entry.msgid), ()):
            if row.engine == self.engine and row.withheld:
                return row
        return None

    def refused(self, path: Path, entry: polib.POEntry, reason: str) -> None:
        """Count one more refused run for the entry (written by :meth:`flush`)."""
        at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        segment = segment_digest(entry.msgctxt, entry.msgid)
        self.pending.append((_REFUSED, (self.lang, self.name(path), segment, self.engine, self.most, reason, at)))

    def settled(self, path: Path, entry: polib.POEntry) -> None:
        """The entry has a translation now: forget its rows, every engine's (only read rows are deleted)."""
        rows = self.rows.get(self.name(path)) if self.rows else None
        if rows:
            segment = segment_digest(entry.msgctxt, entry.msgid)
            if rows.pop(segment, None) is not None:
                self.pending.append((_SETTLED, (self.lang, self.name(path), segment)))

    def tidy(self, path: Path, waiting: Iterable[polib.POEntry]) -> None:
        """Forget the rows of the catalog ``path`` whose entry is not among ``waiting`` (the
        entries that still wait for a machine translation): translated by hand, edited, gone."""
        name = self.name(path)
        rows = self.rows.get(name)
        if not rows:
            return
        still = {segment_digest(entry.msgctxt, entry.msgid) for entry in waiting}
        for segment in [segment for segment in rows if segment not in still]:
            del rows[segment]
            self.pending.append((_SETTLED, (self.lang, name, segment)))

    def flush(self) -> None:
        """Write the refusals and deletions gathered so far, in one short transaction."""
        statements, self.pending = self.pending, []
        if not statements:
            return
        db = self._db(create=True)
        if db is None:
            return
        try:
            with db:
                db.execute("BEGIN")
                for statement, values in statements:
                    db.execute(statement, values)
        except sqlite3.Error:  # locked for too long, read-only, damaged: the segments are sent again
            self.broken = True


def withheld_segments(locales: Path, lang: str) -> dict[str, set[bytes]]:
    """The segments withheld from at least one engine in ``lang``, as segment digests by catalog
    name (:func:`catalog_name`); empty when there are none or the file cannot be read. The rows
    are as the last translate run left them: the caller checks that each entry still waits."""
    connection = cachedb.connect(locales, create=False)
    if connection is None or connection.db is None:
        return {}
    found: dict[str, set[bytes]] = {}
    try:
        for catalog, segment in connection.db.execute(_WITHHELD, (lang,)):
            found.setdefault(catalog, set()).add(bytes(segment))
    except sqlite3.Error:
        return {}
    return found
