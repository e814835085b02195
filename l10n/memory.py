"""The translation memory: every machine and human translation, by language pair and source text.

An embedded SQLite file in the locales folder (``locales/.l10n-memory.sqlite3``) — no server.
It lets a segment that was translated before, in any note, be reused without a request.
WAL mode and one commit per :meth:`TranslationMemory.store_many` call mean a kill -9 loses at
most the batch being written, and a reader never blocks the writer.

Human translations win: a human entry replaces a machine one, a machine entry never replaces a
human one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from l10n.cachedb import set_aside_damaged
from l10n.errors import L10nError

if TYPE_CHECKING:
    from typing_extensions import Self

MEMORY_FILE = ".l10n-memory.sqlite3"
_CHUNK = 500  # stays below SQLite's bound-parameter limit on old builds (999)

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


class TranslationMemory:
    """A translation memory file; use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        set_aside_damaged(self.path, {"memory": ("source_lang", "target_lang", "source_text", "translation", "origin")})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # check_same_thread=False: the lock serialises use from progress/worker threads.
            self._db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # durable against process crashes in WAL mode
            self._db.execute(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise L10nError(
                f"cannot open the translation memory ({exc}); delete the file to start a new one", self.path
            ) from None

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
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    "SELECT source_text, translation, origin, updated FROM memory "
                    f"WHERE source_lang = ? AND target_lang = ? AND source_text IN ({marks})",
                    [source_lang, target_lang, *chunk],
                )
                for source_text, translation, origin, updated in rows:
                    found[source_text] = Entry(translation, origin, updated)
        return found

    def store_many(self, source_lang: str, target_lang: str, pairs: Iterable[tuple[str, str]], *, origin: str) -> None:
        """Remember ``(source_text, translation)`` pairs in one transaction.

        ``origin`` is ``"human"`` or ``"machine:<engine>"``; a machine pair never replaces a
        human entry.
        """
        if origin != "human" and not origin.startswith("machine:"):
            raise ValueError(f"origin must be 'human' or 'machine:<engine>', got {origin!r}")
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        rows: Sequence[tuple[str, ...]] = [(source_lang, target_lang, s, t, origin, now) for s, t in pairs]
        if not rows:
            return
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(_UPSERT, rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
