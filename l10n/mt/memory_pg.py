"""The translation memory in PostgreSQL: one memory for every CI runner and teammate.

Chosen by ``memory = "postgresql://…"`` or the environment variable ``L10N_MEMORY_URL`` (see
:func:`l10n.mt.memory.open_memory`); the driver is psycopg 3 (the optional extra ``postgres``).

* **Schema**: created and migrated by l10n itself. ``l10n_schema`` holds the version;
  :data:`MIGRATIONS` are applied in order, in one transaction, under a transaction-level advisory
  lock so that runners starting together migrate once. A database newer than this l10n is
  refused rather than misread.
* **Rows**: keyed by language pair and the SHA-256 of the source text's UTF-8 bytes, computed
  by l10n (a generated column would need an immutable text-to-bytes function, and
  ``convert_to`` is not one): a B-tree entry is limited to about 2,700 bytes, and long
  paragraphs are longer.
* **Human wins**: the upsert's WHERE clause, atomic in the server, so two runners storing the same
  text leave one row, and a machine row never replaces a human one.
* **Claims**: a runner takes a session-level advisory lock (``pg_try_advisory_lock``) on each text
  it is about to send; a runner that finds a text claimed waits for it instead of paying again.
  The server drops a session's locks when its connection ends, so a killed runner holds nothing
  (TCP keepalives below notice a vanished machine). Locks need a session: behind a pooler in
  transaction mode (PgBouncer's default) claims do not hold, and runners may pay twice — still
  storing one row.
* **Round trips**: lookups, claims and stores take whole arrays (``= ANY(%s)``, ``unnest``), in
  chunks of :data:`CHUNK` texts: one round trip per chunk, never one per segment.
* **Durability**: every store is its own committed transaction (autocommit), so what a runner
  stored survives any other runner's failure, and its own later failure.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from types import TracebackType
from typing import TYPE_CHECKING, Any

from l10n.errors import L10nError
from l10n.mt.memory import Entry, Record, check_origin, utc_now

if TYPE_CHECKING:
    import psycopg
    from typing_extensions import Self

CHUNK = 5000
"""Texts per statement (one round trip each)."""
CONNECT_TIMEOUT = 10
"""Seconds to wait for the server when connecting (unless the URL says ``connect_timeout``)."""
STATEMENT_TIMEOUT_MS = 120_000
"""Longest one statement may run before the server cancels it (a stuck lock, a huge import)."""
WAIT_POLL = (0.1, 1.0)
"""Seconds between looks while waiting for another runner's claimed texts: first, and at most."""

MIGRATIONS: tuple[str, ...] = (
    # 1: the memory table.
    """
    CREATE TABLE memory (
        source_lang text NOT NULL,
        target_lang text NOT NULL,
        source_text text NOT NULL,
        translation text NOT NULL,
        origin      text NOT NULL CHECK (origin = 'human' OR origin LIKE 'machine:_%'),
        updated     timestamptz NOT NULL DEFAULT now(),
        source_hash bytea NOT NULL CHECK (length(source_hash) = 32),  -- SHA-256 of the UTF-8 text
        -- The hash leads, so a lookup of many texts is one index probe each (= ANY on the first column).
        PRIMARY KEY (source_hash, target_lang, source_lang)
    )
    """,
)
"""Schema changes, version ``i + 1`` at index ``i``; append, never edit a released one."""

_MIGRATION_LOCK = 0x6C31306E_4D454D  # "l10n" "MEM": the advisory lock that serialises migrations

_UPSERT = """
INSERT INTO memory AS m (source_lang, target_lang, source_text, translation, origin, updated, source_hash)
SELECT %(src)s, %(tgt)s, s, t, %(origin)s, %(now)s, h
FROM unnest(%(sources)s::text[], %(translations)s::text[], %(hashes)s::bytea[]) AS u(s, t, h)
ON CONFLICT (source_lang, target_lang, source_hash) DO UPDATE SET
    translation = excluded.translation, origin = excluded.origin, updated = excluded.updated
WHERE excluded.origin = 'human' OR m.origin <> 'human'
"""

_IMPORT = """
INSERT INTO memory AS m (source_lang, target_lang, source_text, translation, origin, updated, source_hash)
SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::timestamptz[], %s::bytea[])
ON CONFLICT (source_lang, target_lang, source_hash) DO UPDATE SET
    translation = excluded.translation, origin = excluded.origin, updated = excluded.updated
WHERE (excluded.origin = 'human' AND m.origin <> 'human')
   OR ((excluded.origin = 'human') = (m.origin = 'human') AND excluded.updated >= m.updated)
"""


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def claim_key(namespace: str, source_lang: str, target_lang: str, text: str) -> int:
    """The advisory-lock key of a text: 64 bits of a SHA-256 (a collision only makes a runner
    wait for a text it could have sent). ``namespace`` is the memory table's schema, so two
    memories in one database (advisory locks are per database) do not wait for each other."""
    digest = hashlib.sha256(f"{namespace}\0{source_lang}\0{target_lang}\0{text}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _iso(value: datetime | str) -> str:
    if isinstance(value, str):
        return value
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    split = urlsplit(url)
    if split.password is None:
        return url
    netloc = split.netloc.replace(f":{split.password}@", ":***@", 1)
    return urlunsplit(split._replace(netloc=netloc))


def _connect(url: str) -> psycopg.Connection[Any]:
    try:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:
        raise L10nError(
            "a postgresql:// memory needs psycopg: pip install 'l10n[postgres]'", _redact(url)
        ) from None
    try:
        settings = conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise L10nError(f"invalid PostgreSQL URL ({exc})", _redact(url)) from None
    defaults: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT,
        "application_name": "l10n",
        # A runner whose machine vanishes is noticed in about a minute, and its claims freed.
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }
    options = {key: value for key, value in defaults.items() if key not in settings}
    try:
        connection = psycopg.connect(url, autocommit=True, **options)
        connection.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
        connection.execute("SET lock_timeout = '60s'")
    except psycopg.Error as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise L10nError(f"cannot connect to the translation memory ({message})", _redact(url)) from None
    return connection


def migrate(connection: psycopg.Connection[Any]) -> int:
    """Bring the schema to the newest version of :data:`MIGRATIONS`; the version now.

    Raises :class:`~l10n.errors.L10nError` when the database's schema is newer than this l10n.
    """
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", [_MIGRATION_LOCK])
        connection.execute("CREATE TABLE IF NOT EXISTS l10n_schema (version integer NOT NULL)")
        row = connection.execute("SELECT max(version) FROM l10n_schema").fetchone()
        version = int(row[0]) if row and row[0] is not None else 0
        if version > len(MIGRATIONS):
            raise L10nError(
                f"the translation memory's schema is version {version}, newer than this l10n knows "
                f"({len(MIGRATIONS)}); upgrade l10n"
            )
        for number in range(version + 1, len(MIGRATIONS) + 1):
            connection.execute(MIGRATIONS[number - 1].encode())
            connection.execute("DELETE FROM l10n_schema")
            connection.execute("INSERT INTO l10n_schema (version) VALUES (%s)", [number])
    return len(MIGRATIONS)


class PostgresMemory:
    """A :class:`l10n.mt.memory.Memory` in a PostgreSQL database; use as a context manager.

    ``url`` is a libpq URL (``postgresql://user@host:5432/db?sslmode=require``); the password
    comes from the URL, ``PGPASSWORD`` or ``~/.pgpass``. Raises :class:`~l10n.errors.L10nError`
    when the server cannot be reached or its schema is too new. One connection, used under a
    lock from the translate stage's threads.
    """

    def __init__(self, url: str) -> None:
        self.url = _redact(url)
        self._lock = threading.Lock()
        self._db = _connect(url)
        self._held: dict[int, str] = {}
        """Advisory-lock keys this session holds → their texts."""
        try:
            self.schema_version = migrate(self._db)
            row = self._db.execute("SELECT current_schema()").fetchone()
        except BaseException:
            self._db.close()
            raise
        self._namespace = str(row[0]) if row else ""

    def _key(self, source_lang: str, target_lang: str, text: str) -> int:
        return claim_key(self._namespace, source_lang, target_lang, text)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresMemory({self.url!r})"

    def __len__(self) -> int:
        row = self._run(lambda: self._db.execute("SELECT count(*) FROM memory").fetchone())
        return int(row[0]) if row else 0

    def close(self) -> None:
        """Close the connection (the server then drops this runner's claims)."""
        with self._lock:
            self._db.close()

    def _run(self, work: Any) -> Any:
        import psycopg

        with self._lock:
            try:
                return work()
            except psycopg.Error as exc:
                message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise L10nError(f"translation memory: {message}", self.url) from None

    def lookup(self, source_lang: str, target_lang: str, texts: Iterable[str]) -> dict[str, Entry]:
        """Entries for those of ``texts`` that are remembered: one query per :data:`CHUNK` texts."""
        unique = list(dict.fromkeys(texts))
        found: dict[str, Entry] = {}

        def work() -> None:
            for start in range(0, len(unique), CHUNK):
                chunk = unique[start : start + CHUNK]
                rows = self._db.execute(
                    "SELECT source_text, translation, origin, updated FROM memory "
                    "WHERE source_lang = %s AND target_lang = %s AND source_hash = ANY(%s)",
                    [source_lang, target_lang, [_digest(text) for text in chunk]],
                )
                for source_text, translation, origin, updated in rows:
                    found[source_text] = Entry(translation, origin, _iso(updated))

        self._run(work)
        return found

    def store_many(self, source_lang: str, target_lang: str, pairs: Iterable[tuple[str, str]], *, origin: str) -> None:
        """Remember ``(source_text, translation)`` pairs, committed per :data:`CHUNK`, then end
        this runner's claims on them. A machine pair never replaces a human row."""
        check_origin(origin)
        # One row per text (an upsert may not touch a row twice); PostgreSQL text cannot hold
        # NUL, so such a pair is not remembered (its text is then simply looked up in vain).
        latest = {s: t for s, t in pairs if "\0" not in s and "\0" not in t}
        if not latest:
            return
        items = list(latest.items())
        now = utc_now()

        def work() -> None:
            for start in range(0, len(items), CHUNK):
                chunk = items[start : start + CHUNK]
                self._db.execute(
                    _UPSERT,
                    {
                        "src": source_lang,
                        "tgt": target_lang,
                        "origin": origin,
                        "now": now,
                        "sources": [s for s, _ in chunk],
                        "translations": [t for _, t in chunk],
                        "hashes": [_digest(s) for s, _ in chunk],
                    },
                )
            keys = [key for key in (self._key(source_lang, target_lang, s) for s in latest) if key in self._held]
            self._unlock(keys)

        self._run(work)

    def _unlock(self, keys: Sequence[int]) -> None:
        if keys:
            self._db.execute("SELECT pg_advisory_unlock(k) FROM unnest(%s::bigint[]) AS k", [list(keys)])
            for key in keys:
                self._held.pop(key, None)

    def _try_lock(self, source_lang: str, target_lang: str, texts: Sequence[str]) -> set[str]:
        """Claim what nobody holds; the texts this session holds afterwards (caller has the lock)."""
        keys = {self._key(source_lang, target_lang, text): text for text in texts}
        new = [key for key in keys if key not in self._held]
        got: set[int] = set()
        for start in range(0, len(new), CHUNK):
            rows = self._db.execute(
                "SELECT k FROM unnest(%s::bigint[]) AS k WHERE pg_try_advisory_lock(k)", [new[start : start + CHUNK]]
            )
            got.update(int(row[0]) for row in rows)
        for key in got:
            self._held[key] = keys[key]
        return {text for key, text in keys.items() if key in self._held}

    def claim(self, source_lang: str, target_lang: str, texts: Sequence[str]) -> set[str]:
        """Claim the texts nobody else is translating, and that nobody stored since they were looked up."""
        unique = list(dict.fromkeys(texts))
        mine = self._run(lambda: self._try_lock(source_lang, target_lang, unique))
        if not mine:
            return set()
        # Stored by another runner between the caller's lookup and this claim: not ours to send.
        stored = self.lookup(source_lang, target_lang, mine)
        if stored:
            self._run(lambda: self._unlock([self._key(source_lang, target_lang, text) for text in stored]))
        return set(mine) - set(stored)

    def wait_for(self, source_lang: str, target_lang: str, texts: Sequence[str]) -> tuple[dict[str, Entry], list[str]]:
        """Wait for texts claimed by other runners (see :meth:`l10n.mt.memory.Memory.wait_for`).

        Polls every :data:`WAIT_POLL` seconds (growing); returns as soon as each text is stored
        or claimable. A runner that dies frees its claims at once, so this never waits on the dead.
        """
        self._run(lambda: self._unlock(list(self._held)))
        remaining = list(dict.fromkeys(texts))
        found: dict[str, Entry] = {}
        mine: list[str] = []
        pause = WAIT_POLL[0]
        while remaining:
            found.update(self.lookup(source_lang, target_lang, remaining))
            remaining = [text for text in remaining if text not in found]
            got = self.claim(source_lang, target_lang, remaining) if remaining else set()
            mine.extend(text for text in remaining if text in got)
            remaining = [text for text in remaining if text not in got]
            if remaining:
                time.sleep(pause)  # another runner is translating these: look again shortly
                pause = min(pause * 2, WAIT_POLL[1])
        return found, mine

    def records(self) -> Iterator[Record]:
        """Every row, ordered by language pair and source text, through a server-side cursor."""
        import psycopg

        try:
            with psycopg.connect(self._conninfo(), autocommit=False) as reader, reader.cursor(name="l10n_export") as cursor:
                cursor.itersize = CHUNK
                cursor.execute(
                    "SELECT source_lang, target_lang, source_text, translation, origin, updated FROM memory "
                    "ORDER BY source_lang, target_lang, source_text"
                )
                for source_lang, target_lang, source_text, translation, origin, updated in cursor:
                    yield Record(source_lang, target_lang, source_text, translation, origin, _iso(updated))
        except psycopg.Error as exc:
            raise L10nError(f"translation memory: {str(exc).strip().splitlines()[0]}", self.url) from None

    def _conninfo(self) -> str:
        # A second connection for a long export, so the translate stage's connection stays free.
        from psycopg.conninfo import make_conninfo

        password = self._db.info.password
        return make_conninfo(self._db.info.dsn, **({"password": password} if password else {}))

    def add_records(self, records: Iterable[Record]) -> int:
        """Import rows, :data:`CHUNK` per committed statement (see :meth:`l10n.mt.memory.Memory.add_records`)."""
        count = 0
        batch: dict[tuple[str, str, str], Record] = {}

        def flush() -> None:
            rows = list(batch.values())
            if rows:
                columns = [
                    [r.source_lang for r in rows],
                    [r.target_lang for r in rows],
                    [r.source_text for r in rows],
                    [r.translation for r in rows],
                    [r.origin for r in rows],
                    [r.updated for r in rows],
                    [_digest(r.source_text) for r in rows],
                ]
                self._run(lambda: self._db.execute(_IMPORT, columns))
            batch.clear()

        for record in records:
            check_origin(record.origin)
            count += 1
            if "\0" in record.source_text or "\0" in record.translation:
                continue  # PostgreSQL text cannot hold NUL (see store_many)
            key = (record.source_lang, record.target_lang, record.source_text)
            old = batch.get(key)
            if old is None or _stronger(record, old):
                batch[key] = record
            if len(batch) >= CHUNK:
                flush()
        flush()
        return count


def _stronger(new: Record, old: Record) -> bool:
    """The import rule within one batch: human beats machine, then the more recent wins."""
    if (new.origin == "human") != (old.origin == "human"):
        return new.origin == "human"
    return new.updated >= old.updated
