"""``--force`` redoes a stage without deleting its records first (:meth:`RunState.force`): a key
recorded again writes only the rows that changed, and the records the run did not make again go
at its end, so the bookkeeping ends as :meth:`RunState.clear` then the same records leave it."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.store import cachedb
from l10n.store import state as state_module
from l10n.store.state import RunState
from tests.conftest import Runner, write_project

FILES = ("a.md", "b.md", "c.po", "d.po")
ROW = "SELECT path, size, mtime_ns, ctime_ns, ino, digest, config FROM stamps WHERE key = ? ORDER BY path"


def _rows(db: sqlite3.Connection, key: str) -> list[tuple[object, ...]]:
    return db.execute(ROW, (key,)).fetchall()


def _folded(db: sqlite3.Connection) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """``stamped_files`` as the triggers keep it, and as the stamps fold into it now."""
    fold = cachedb._FOLD.removeprefix("INSERT INTO stamped_files ") + " GROUP BY path ORDER BY path"
    return db.execute("SELECT * FROM stamped_files ORDER BY path").fetchall(), db.execute(fold).fetchall()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=st.lists(st.sampled_from(FILES), min_size=1, max_size=4, unique=True),
    after=st.lists(st.sampled_from(FILES), min_size=1, max_size=4, unique=True),
    edited=st.sets(st.sampled_from(FILES)),
    removed=st.sets(st.sampled_from(FILES)),
)
def test_a_forced_record_leaves_the_rows_a_fresh_record_makes(
    project: Callable[..., Path], before: list[str], after: list[str], edited: set[str], removed: set[str]
) -> None:
    root = project({"a-en.md": "Text.\n"})
    folder = root / "work"
    folder.mkdir(exist_ok=True)
    for name in FILES:
        (folder / name).write_text(f"{name}\n", encoding="utf-8")
    config = load_config(root)
    state = RunState.load(config)
    state.clear()
    forced, oracle = "build:hi:n.md", "extract:hi:n.md"
    state.record(forced, [folder / name for name in before])
    state.save()
    for name in edited:
        (folder / name).write_text(f"{name} edited, longer\n", encoding="utf-8")
    for name in removed:
        (folder / name).unlink()
    paths = [folder / name for name in after]
    state.force("build")
    assert not state.is_fresh(forced, paths)  # redone whatever its record says
    state.record(forced, paths)
    state.record(oracle, paths)  # a stage not forced: its rows deleted and written whole
    state.end_force()
    state.save()
    db = state.connection.db
    assert db is not None
    assert _rows(db, forced) == _rows(db, oracle)
    assert [row[0] for row in _rows(db, forced)] == sorted(map(str, paths))
    kept, folded = _folded(db)
    assert kept == folded
    assert state.is_fresh(forced, paths)


def test_end_force_deletes_the_keys_the_run_did_not_record_again(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "Text.\n"})
    note = root / "source_notes/a-en.md"
    state = RunState.load(load_config(root))
    keys = ["build:hi:a.md", "build:hi:b.md", "build:fr:c.md", "extract:hi:a.md", "deps:hi:a.md"]
    for key in keys:
        state.record(key, [note])
    state.force("build")
    assert not any(state.is_fresh(key, [note]) for key in keys[:3])
    assert all(state.is_fresh(key, [note]) for key in keys[3:])  # other stages keep their skipping
    state.record("build:hi:a.md", [note])  # the run reaches one note only (interrupted)
    state.end_force()
    assert [state.is_fresh(key, [note]) for key in keys] == [True, False, False, True, True]
    state.save()
    db = state.connection.db
    assert db is not None
    assert sorted(key for (key,) in db.execute("SELECT DISTINCT key FROM stamps")) == sorted([keys[0], *keys[3:]])


def _stamps(root: Path) -> dict[tuple[str, str], int]:
    """Each run-state row ``(key, path)`` of the project -> its rowid (a row written again gets a new one)."""
    cachedb.close()
    with sqlite3.connect(cachedb.cache_path(root / "locales")) as db:
        return {(key, path): rowid for rowid, key, path in db.execute("SELECT rowid, key, path FROM stamps")}


def test_build_force_writes_only_the_rows_of_files_it_changed(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a-en.md": "# A\n\nText.\n", "b-en.md": "# B\n\nMore.\n", "c-en.md": "# C\n"})
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    before = _stamps(root)
    page = root / "translated/hi/b-hi.md"
    page.unlink()  # one output to write again; the others are found as built
    (root / "source_notes/c-en.md").unlink()  # a note gone: its build record goes, as with a clear
    assert l10n(root, "build", "--force").exit_code == 0
    after = _stamps(root)
    built = {key for key, _ in after if key.startswith("build:")}
    assert built == {"build:hi:a-en.md", "build:hi:b-en.md"}
    rewritten = {row for row, rowid in after.items() if before.get(row) != rowid and row[0].startswith("build:")}
    assert rewritten == {("build:hi:b-en.md", str(page))}
    others = ("extract:", "translate:")
    assert {r: i for r, i in after.items() if r[0].startswith(others)} == {r: i for r, i in before.items() if r[0].startswith(others)}
    assert l10n(root, "build").exit_code == 0
    assert _stamps(root) == after  # nothing left to redo
    assert os.path.exists(page)


def test_a_forced_build_hashes_no_catalog_it_finds_as_recorded(tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = {f"n{i}-en.md": f"# Note {i}\n\nText {i}, [a link](n{(i + 1) % 12}-en.md).\n" for i in range(12)}
    root = write_project(tmp_path, notes)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    catalogs = {p.read_bytes() for p in (root / "locales/hi").glob("*.po")}
    hashed: list[bytes] = []
    real = state_module.bytes_digest

    def spying(data: bytes) -> int:
        hashed.append(data)
        return real(data)

    monkeypatch.setattr(state_module, "bytes_digest", spying)
    shutil.rmtree(root / "translated")
    assert l10n(root, "build", "--force").exit_code == 0
    assert hashed and not catalogs & set(hashed)  # the pages are hashed, no catalog is
    assert len(state_module._UNHASHED) <= state_module._MOST_UNHASHED
    cachedb.close()
    with sqlite3.connect(cachedb.cache_path(root / "locales")) as db:
        rows = db.execute("SELECT path, digest FROM stamps WHERE key >= 'build:' AND key < 'build;' AND digest IS NOT NULL").fetchall()
    assert len(rows) == 3 * len(notes)  # note, catalog, page
    assert all(digest == real(Path(path).read_bytes()) for path, digest in rows)


def test_bytes_read_again_under_the_same_stats_are_the_ones_hashed(tmp_path: Path) -> None:
    path = tmp_path / "file.po"
    path.write_bytes(b"old")
    info = os.stat(path)
    identity = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    state_module.remember_read(str(path), info, b"old")
    assert state_module._known_digest(str(path), identity) == state_module.bytes_digest(b"old")
    state_module.remember_read(str(path), info, b"new")  # a write the clock's step hid
    assert state_module._known_digest(str(path), identity) == state_module.bytes_digest(b"new")
    other = (identity[0] + 1, *identity[1:])
    state_module.remember_read(str(path), info, b"x")
    assert state_module._digest_in_hand(str(path), other) is None  # kept bytes of other stats: not these
