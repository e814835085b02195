"""The translation memory: every machine and human translation, by language pair and source text.

:class:`Memory` is what the translate stage needs from a memory; :func:`open_memory` picks the
backend from the configuration:

* SQLite (the default): an embedded file in the locales folder (``locales/.l10n-memory.sqlite3``)
  — no server. WAL mode and one commit per :meth:`TranslationMemory.store_many` call mean a
  kill -9 loses at most the batch being written, and a reader never blocks the writer.
* PostgreSQL (:mod:`l10n.mt.memory_pg`): one memory shared by every CI runner and teammate, chosen by
  ``memory = "postgresql://…"`` or, so that a password never sits in a file, the environment
  variable :data:`MEMORY_URL_VARIABLE`.

Human translations win: a human entry replaces a machine one, a machine entry never replaces a
human one. A memory lets a segment that was translated before, in any note, be reused without a
request. Adding a backend: a class with the methods of :class:`Memory`, and a URL scheme in
:func:`memory_from_url`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from l10n.errors import ConfigError, L10nError
from l10n.store.cachedb import copy_for_reading, select_in, set_aside_damaged

if TYPE_CHECKING:
    from typing_extensions import Self

    from l10n.config import Config

MEMORY_FILE = ".l10n-memory.sqlite3"
MEMORY_URL_VARIABLE = "L10N_MEMORY_URL"
"""Environment variable with the memory's URL; it wins over the ``memory`` setting."""
_CHUNK = 500  # stays below SQLite's bound-parameter limit on old builds (999)
_PAGE_SIZE = 16384

_SCHEMA = """
CREATE TABLE IF NOT EXISTS memory (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source_text TEXT NOT NULL,
    translation TEXT NOT NULL,
    origin      TEXT NOT NULL,  -- "human" or "machine:<engine>"
    updated     TEXT NOT NULL,  -- ISO 8601, UTC
    PRIMARY KEY (source_lang, target_lang, source_text)
) WITHOUT ROWID
"""

# The WHERE clause of the upsert is the "human wins" rule.
_UPSERT = """
INSERT INTO memory (source_lang, target_lang, source_text, translation, origin, updated)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (source_lang, target_lang, source_text) DO UPDATE SET
    translation = excluded.translation, origin = excluded.origin, updated = excluded.updated
WHERE excluded.origin = 'human' OR memory.origin <> 'human'
"""

# Imports keep the most recent row of the stronger kind (human beats machine).
_IMPORT = """
INSERT INTO memory (source_lang, target_lang, source_text, translation, origin, updated)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (source_lang, target_lang, source_text) DO UPDATE SET
    translation = excluded.translation, origin = excluded.origin, updated = excluded.updated
WHERE (excluded.origin = 'human' AND memory.origin <> 'human')
   OR ((excluded.origin = 'human') = (memory.origin = 'human') AND excluded.updated >= memory.updated)
"""


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


def memory_url(config: Config) -> str:
    """The memory's location: :data:`MEMORY_URL_VARIABLE`, else the ``memory`` setting, else the
    SQLite file in the locales folder. A relative SQLite path is relative to the project root.
    Raises :class:`~l10n.errors.ConfigError` for a URL of an unknown scheme in the variable
    (:func:`check_memory_location`)."""
    url = os.environ.get(MEMORY_URL_VARIABLE, "").strip()
    check_memory_location(url, MEMORY_URL_VARIABLE)  # the memory setting was checked with the configuration
    url = url or (config.memory or "").strip()
    if not url:
        return str(config.locales / MEMORY_FILE)
    if is_postgres_url(url):
        return url
    path = Path(url.removeprefix("sqlite:///").removeprefix("sqlite://"))
    return str(path if path.is_absolute() else config.root / path)


_BACKENDS = ("postgresql", "postgres", "sqlite")
"""The URL schemes a memory location may have (any other location is a SQLite file path)."""


def check_memory_location(location: str, origin: str) -> None:
    """Raise :class:`~l10n.errors.ConfigError` (exit 2) when ``location`` is a URL whose scheme
    no memory backend has (``mysql://…``, ``Postgres://…``: schemes are matched as written, as
    :func:`is_postgres_url` does): it would otherwise be taken for a SQLite file path named like
    the URL, and a run would fill a new, empty memory there. ``origin`` names where it was given
    (``L10N_MEMORY_URL``, ``--to``). The message names the scheme only, never the URL (it may
    hold a password)."""
    scheme, found, _ = location.strip().partition("://")
    if found and scheme not in _BACKENDS and scheme[:1].isalpha() and all(c.isalnum() or c in "+.-" for c in scheme):
        raise ConfigError(
            f"{origin}: unknown memory backend {scheme!r}; give a SQLite file path (or sqlite:///path)"
            " or a postgresql:// URL"
        )


def is_postgres_url(url: str) -> bool:
    """True for ``postgresql://`` and ``postgres://`` URLs (libpq's two schemes)."""
    return url.startswith(("postgresql://", "postgres://"))


def memory_from_url(url: str) -> Memory:
    """Open the memory at ``url``: a PostgreSQL URL, or the path of a SQLite file.

    Raises :class:`~l10n.errors.L10nError` when it cannot be opened (the message never shows a
    password).
    """
    if is_postgres_url(url):
        from l10n.mt.memory_pg import PostgresMemory  # psycopg is an optional extra

        return PostgresMemory(url)
    return TranslationMemory(Path(url.removeprefix("sqlite:///").removeprefix("sqlite://")))


def open_memory(config: Config) -> Memory:
    """The project's translation memory, by the configuration: SQLite by default, PostgreSQL for
    a ``postgresql://`` URL (:func:`memory_url`, :func:`memory_from_url`). Use it as a context
    manager, which closes it. Raises :class:`~l10n.errors.L10nError` when it cannot be opened."""
    url = memory_url(config)
    if not is_postgres_url(url):
        config.locales.mkdir(parents=True, exist_ok=True)
    return memory_from_url(url)


def open_memory_to_read(config: Config) -> Memory:
    """The memory :func:`open_memory` gives, for a run that must write nothing (``--dry-run``):
    a PostgreSQL memory as it is (a dry run only looks texts up); a SQLite one as an in-memory
    copy of the file (:func:`l10n.store.cachedb.copy_for_reading`), empty when there is none
    or it cannot be read, so no file or folder is made or touched (opening the file, even
    read-only, makes its ``-wal`` and ``-shm`` files). Raises as :func:`open_memory`."""
    url = memory_url(config)
    if is_postgres_url(url):
        return memory_from_url(url)
    memory = TranslationMemory(Path(":memory:"))  # SQLite's name for a database in memory
    path = Path(url.removeprefix("sqlite:///").removeprefix("sqlite://"))
    copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    if path.is_file() and copy_for_reading(path, copy):
        try:
            copy.execute(_SCHEMA)  # a file of an older version: the same tables
        except sqlite3.Error:
            copy.close()
            return memory  # not a memory file: read as none (a real run sets it aside)
        memory._db.close()
        memory._db = copy  # the copy keeps the file's page size, which a backup into the made one could not
    else:
        copy.close()
    return memory


def _open_sqlite(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the SQLite memory file: the one place it is opened.

    A damaged file (or one with another schema) is set aside first, never deleted
    (:func:`l10n.store.cachedb.set_aside_damaged`). Raises :class:`~l10n.errors.L10nError` naming the
    file when it cannot be opened.
    """
    set_aside_damaged(path, {"memory": ("source_lang", "target_lang", "source_text", "translation", "origin")})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # check_same_thread=False: the caller's lock serialises use from progress/worker threads.
        db = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        # A new file only (an existing one keeps its own): a row holds a whole segment and its
        # translation, often past the ~200 bytes a WITHOUT ROWID table keeps well in 4 KiB
        # pages; at 16 KiB the upserts of a first translate cost half the CPU and the file
        # half the bytes (issue 19, measured on the 300-note synthetic site).
        db.execute(f"PRAGMA page_size={_PAGE_SIZE}")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # durable against process crashes in WAL mode
        db.execute(_SCHEMA)
    except (sqlite3.Error, OSError) as exc:
        raise L10nError(f"cannot open the translation memory ({exc}); delete the file to start a new one", path) from None
    return db


def _source_text(row: tuple[str, ...]) -> str:
    return row[2]


class TranslationMemory:
    """The SQLite translation memory file (a :class:`Memory`); use as a context manager or call
    :meth:`close`. One process at a time translates a project (the project lock), so claims are
    trivial here: every text is this runner's to send."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = _open_sqlite(self.path)

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
            (count,) = self._db.execute("SELECT count(*) FROM memory").fetchone()
        return int(count)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def lookup(self, source_lang: str, target_lang: str, texts: Iterable[str]) -> dict[str, Entry]:
        """Entries for those of ``texts`` that are remembered, keyed by source text."""
        unique = list(dict.fromkeys(texts))
        found: dict[str, Entry] = {}
        with self._lock:
            query = (
                "SELECT source_text, translation, origin, updated FROM memory "
                "WHERE source_lang = ? AND target_lang = ? AND source_text IN ({marks})"
            )
            for source_text, translation, origin, updated in select_in(self._db, query, unique, (source_lang, target_lang)):
                found[source_text] = Entry(translation, origin, updated)
        return found

    def store_many(self, source_lang: str, target_lang: str, pairs: Iterable[tuple[str, str]], *, origin: str) -> None:
        """Remember ``(source_text, translation)`` pairs in one transaction.

        ``origin`` is ``"human"`` or ``"machine:<engine>"``; a machine pair never replaces a
        human entry.
        """
        check_origin(origin)
        now = utc_now()
        rows: Sequence[tuple[str, ...]] = [(source_lang, target_lang, s, t, origin, now) for s, t in pairs]
        # In key order, so each upsert lands next to the last in the B-tree (pages stay cached):
        # a fifth less CPU. The sort is stable, so a text given twice keeps its last pair.
        self._write(_UPSERT, sorted(rows, key=_source_text))

    def _write(self, statement: str, rows: Sequence[tuple[str, ...]]) -> None:
        if not rows:
            return
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(statement, rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def claim(self, source_lang: str, target_lang: str, texts: Sequence[str]) -> set[str]:
        """Every text: one process at a time translates a project that uses a SQLite memory."""
        return set(texts)

    def wait_for(self, source_lang: str, target_lang: str, texts: Sequence[str]) -> tuple[dict[str, Entry], list[str]]:
        """Nothing to wait for (see :meth:`claim`): the stored entries, and the rest to send."""
        found = self.lookup(source_lang, target_lang, texts)
        return found, [text for text in dict.fromkeys(texts) if text not in found]

    def records(self) -> Iterator[Record]:
        """Every row, ordered by language pair and source text, read in pages (flat memory)."""
        last: tuple[str, str, str] = ("", "", "")
        first = True
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT source_lang, target_lang, source_text, translation, origin, updated FROM memory "
                    + ("" if first else "WHERE (source_lang, target_lang, source_text) > (?, ?, ?) ")
                    + f"ORDER BY source_lang, target_lang, source_text LIMIT {_CHUNK * 4}",
                    [] if first else list(last),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield Record(*row)
            last, first = rows[-1][:3], False

    def add_records(self, records: Iterable[Record]) -> int:
        """Import rows, :data:`_CHUNK` * 4 per transaction (see :meth:`Memory.add_records`)."""
        count = 0
        batch: list[tuple[str, ...]] = []
        for record in records:
            check_origin(record.origin)
            batch.append(
                (record.source_lang, record.target_lang, record.source_text, record.translation, record.origin,
                 record.updated)
            )
            count += 1
            if len(batch) >= _CHUNK * 4:
                self._write(_IMPORT, batch)
                batch = []
        self._write(_IMPORT, batch)
        return count
