"""The status cache: counts per catalog and output verdicts, so a repeat ``status`` only stats.

``<locales>/.l10n-status-cache.json`` maps a file's absolute path to its counts, valid while
its size and ``mtime_ns`` (its *fingerprint*) are unchanged. Files modified within the last
:data:`RACY_NS` are never cached: on file systems with coarse timestamps a second write in the
same tick could keep both size and mtime. The cache belongs in ``.gitignore``; a damaged one is
ignored (only a slower run).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.config import Config
from l10n.errors import L10nError
from l10n.fsutil import atomic_write, read_bytes_if_exists
from l10n.po.catalog import Coverage
from l10n.status.model import FileCounts, OutputState

CACHE_NAME = ".l10n-status-cache.json"
CACHE_VERSION = 2
"""2: counts follow what the build publishes (validation, ``on_source_change``)."""
RACY_NS = 2_000_000_000
"""Files younger than this are not cached (see the module docstring)."""

Fingerprint = tuple[int, int]


def fingerprint(st: os.stat_result) -> Fingerprint:
    return (st.st_size, st.st_mtime_ns)


@dataclass
class StatusCache:
    """Counts per file and output verdicts, keyed by absolute path and valid for one fingerprint."""

    path: Path | None
    files: dict[str, list[Any]] = field(default_factory=dict)
    verdicts: dict[str, list[Any]] = field(default_factory=dict)
    used_files: dict[str, list[Any]] = field(default_factory=dict)
    used_verdicts: dict[str, list[Any]] = field(default_factory=dict)
    dirty: bool = False
    horizon: int = field(default_factory=lambda: time.time_ns() - RACY_NS)
    policy: str = "machine"
    """The ``on_source_change`` setting the counts were made with."""

    @classmethod
    def open(cls, path: Path | None, policy: str = "machine") -> StatusCache:
        """The cache at ``path``, empty unless it was written for this version and ``policy``."""
        cache = cls(path, policy=policy)
        data = read_bytes_if_exists(path) if path else None
        if data:
            try:
                loaded = json.loads(data)
            except (ValueError, RecursionError):
                loaded = None  # a damaged cache is only a slower run
            if isinstance(loaded, dict) and loaded.get("version") == CACHE_VERSION and loaded.get("policy") == policy:
                files, verdicts = loaded.get("files"), loaded.get("outputs")
                cache.files = files if isinstance(files, dict) else {}
                cache.verdicts = verdicts if isinstance(verdicts, dict) else {}
        return cache

    def counts(self, key: str, fp: Fingerprint) -> FileCounts | None:
        row = self.files.get(key)
        try:
            if row is None or row[0] != fp[0] or row[1] != fp[1]:
                return None
            if not (_int_list(row[2]) and _int_list(row[3]) and (row[4] is None or isinstance(row[4], str))):
                return None  # wrong types (issue 15): they would fail later, in arithmetic
            counts = FileCounts(Coverage(*row[2]), Coverage(*row[3]), row[4])
        except (TypeError, IndexError, KeyError):
            return None  # a row written by hand or by another version: count again
        self.used_files[key] = row
        return counts

    def store_counts(self, key: str, fp: Fingerprint, counts: FileCounts) -> None:
        if fp[1] >= self.horizon:
            return
        row = [fp[0], fp[1], _coverage_list(counts.segments), _coverage_list(counts.words), counts.title]
        self.used_files[key] = row
        self.dirty = True

    def verdict(self, key: str, fps: list[Fingerprint | None]) -> OutputState | None:
        row = self.verdicts.get(key)
        try:
            if row is None or row[0] != [list(f) if f else None for f in fps]:
                return None
            state = OutputState(row[1])
        except (TypeError, IndexError, KeyError, ValueError):
            return None
        self.used_verdicts[key] = row
        return state

    def store_verdict(self, key: str, fps: list[Fingerprint | None], state: OutputState) -> None:
        if any(f is not None and f[1] >= self.horizon for f in fps):
            return
        self.used_verdicts[key] = [[list(f) if f else None for f in fps], state.value]
        self.dirty = True

    def save(self, prune: bool) -> None:
        """Write the cache; ``prune`` drops entries this run did not use (a run over everything)."""
        if self.path is None or not self.path.parent.is_dir():
            return
        if prune:
            self.dirty = self.dirty or len(self.used_files) != len(self.files)
            files, verdicts = self.used_files, self.used_verdicts
        else:
            files = {**self.files, **self.used_files}
            verdicts = {**self.verdicts, **self.used_verdicts}
        if not self.dirty:
            return
        data = {"version": CACHE_VERSION, "policy": self.policy, "files": files, "outputs": verdicts}
        # A read-only locales folder: status still works, only slower next time.
        with contextlib.suppress(L10nError):
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _int_list(value: object) -> bool:
    """A list of Coverage's counts, as the cache writes it (:func:`_coverage_list`)."""
    return type(value) is list and len(value) == _COVERAGE_FIELDS and set(map(type, value)) == {int}


def _coverage_list(c: Coverage) -> list[int]:
    return [c.total, c.translated, c.fuzzy, c.untranslated, c.obsolete, c.review, c.rejected]


_COVERAGE_FIELDS = len(_coverage_list(Coverage()))


def cache_path(config: Config) -> Path:
    return config.locales / CACHE_NAME
