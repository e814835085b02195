"""A small state file that lets a run skip notes nothing has touched since the last run.

For each piece of work (``extract:<note>``, ``build:<lang>:<note>``) it records the size and
modification time of every file the work read or wrote. When all of them are unchanged, the
work would produce the same files, so it is skipped without parsing anything. Any doubt (a file
touched, a different configuration, a missing or unreadable state file) means doing the work.
The file is written atomically at the end of a run; a killed run only loses the skipping.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from l10n.config import Config
from l10n.errors import L10nError
from l10n.fsutil import atomic_write

STATE_NAME = ".l10n-state.json"
_VERSION = 1

Stamp = list[int]


def stat_stamp(path: Path) -> Stamp:
    """``[size, mtime_ns]``, or ``[-1, -1]`` for a missing file (its absence is part of the state)."""
    try:
        info = os.stat(path)
    except OSError:
        return [-1, -1]
    return [info.st_size, info.st_mtime_ns]


def config_fingerprint(config: Config) -> str:
    """A short hash of the settings that shape l10n's outputs (asked for once per note)."""
    global _last_fingerprint
    if _last_fingerprint is not None and _last_fingerprint[0] is config:
        return _last_fingerprint[1]
    relevant = (
        config.source_language,
        config.front_matter_keys,
        config.project,
        config.output,
        str(config.source),
        str(config.locales),
        _code_version(),
    )
    fingerprint = hashlib.sha256(repr(relevant).encode()).hexdigest()[:16]
    _last_fingerprint = (config, fingerprint)
    return fingerprint


_last_fingerprint: tuple[Config, str] | None = None  # of the last config asked about (it is frozen)


def _code_version() -> str:
    from l10n import __version__

    return __version__


class RunState:
    """Stamps of the files behind each piece of work done by earlier runs."""

    def __init__(self, path: Path, fingerprint: str, entries: dict[str, dict[str, Stamp]] | None = None) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.entries: dict[str, dict[str, Stamp]] = entries or {}
        self.dirty = False

    @classmethod
    def load(cls, config: Config) -> RunState:
        path = config.locales / STATE_NAME
        fingerprint = config_fingerprint(config)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path, fingerprint)
        if not isinstance(data, dict) or data.get("version") != _VERSION or data.get("config") != fingerprint:
            return cls(path, fingerprint)
        entries = data.get("entries")
        return cls(path, fingerprint, entries if isinstance(entries, dict) else {})

    def is_fresh(self, key: str, paths: Iterable[Path]) -> bool:
        recorded = self.entries.get(key)
        if recorded is None:
            return False
        return {str(p): stat_stamp(p) for p in paths} == recorded

    def record(self, key: str, paths: Iterable[Path]) -> None:
        self.entries[key] = {str(p): stat_stamp(p) for p in paths}
        self.dirty = True

    def restamp(self, paths: Iterable[Path], prefix: str) -> None:
        """Record new stamps for ``paths`` in the entries whose key starts with ``prefix``.

        ``translate`` rewrites catalogs that ``extract`` has already brought up to date; without
        this, the next run would take those catalogs for edited ones and extract every note again.
        """
        fresh = {str(p): stat_stamp(p) for p in paths}
        if not fresh:
            return
        for key, stamps in self.entries.items():
            if key.startswith(prefix):
                for name in stamps.keys() & fresh.keys():
                    stamps[name] = fresh[name]
                    self.dirty = True

    def forget(self, key: str) -> None:
        if self.entries.pop(key, None) is not None:
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        data = {"version": _VERSION, "config": self.fingerprint, "entries": self.entries}
        # The state only speeds up the next run; failing to save it loses nothing.
        with contextlib.suppress(L10nError):
            atomic_write(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"), durable=False)
        self.dirty = False
