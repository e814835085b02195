"""The run state: stamps in the bookkeeping database decide what a run may skip."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from l10n import cachedb
from l10n.config import load_config
from l10n.state import RunState


def _touch(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_recorded_work_is_fresh_until_a_file_changes(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "Text.\n"})
    config = load_config(root)
    note, other = root / "source_notes/a-en.md", root / "locales/hi/a-en.po"
    state = RunState.load(config)
    assert not state.is_fresh("extract:hi:a-en.md", [note, other])
    state.record("extract:hi:a-en.md", [note, other])  # the catalog is missing: that is recorded too
    cachedb.close()  # a later run, in a new connection
    state = RunState.load(config)
    assert state.is_fresh("extract:hi:a-en.md", [note, other])
    assert not state.is_fresh("extract:hi:a-en.md", [note])  # other files than recorded
    _touch(note)
    assert not state.is_fresh("extract:hi:a-en.md", [note, other])
    state.record("extract:hi:a-en.md", [note, other])
    assert state.is_fresh("extract:hi:a-en.md", [note, other])
    state.forget("extract:hi:a-en.md")
    assert not state.is_fresh("extract:hi:a-en.md", [note, other])


def test_restamp_updates_only_the_keys_under_the_prefix(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "Text.\n"})
    config = load_config(root)
    note = root / "source_notes/a-en.md"
    catalog = root / "locales/hi_IN/a-en.po"  # "_" must not act as a LIKE wildcard
    catalog.parent.mkdir(parents=True)
    catalog.write_text("", encoding="utf-8")
    state = RunState.load(config)
    state.record("extract:hi_IN:a-en.md", [note, catalog])
    state.record("extract:hiXIN:a-en.md", [note, catalog])
    _touch(catalog)
    state.restamp([catalog], "extract:hi_IN:")
    assert state.is_fresh("extract:hi_IN:a-en.md", [note, catalog])
    assert not state.is_fresh("extract:hiXIN:a-en.md", [note, catalog])


def test_other_settings_or_clear_make_everything_stale(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "Text.\n"})
    config = load_config(root)
    note = root / "source_notes/a-en.md"
    RunState.load(config).record("build:hi:a-en.md", [note])
    changed = dataclasses.replace(config, project="another project")
    assert not RunState.load(changed).is_fresh("build:hi:a-en.md", [note])
    state = RunState.load(config)
    assert state.is_fresh("build:hi:a-en.md", [note])
    state.clear()
    assert not state.is_fresh("build:hi:a-en.md", [note])


def test_a_damaged_database_is_replaced(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "Text.\n"})
    config = load_config(root)
    note = root / "source_notes/a-en.md"
    RunState.load(config).record("build:hi:a-en.md", [note])
    cachedb.close()
    cachedb.cache_path(config.locales).write_bytes(b"\0garbage" * 512)
    state = RunState.load(config)
    assert not state.is_fresh("build:hi:a-en.md", [note])
    state.record("build:hi:a-en.md", [note])
    assert state.is_fresh("build:hi:a-en.md", [note])
