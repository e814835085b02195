"""Every ``--dry-run`` leaves the project as it found it (no file made, written or touched, no
folder's mtime moved: not even the bookkeeping's SQLite files or the lock file), takes no lock,
and ``sync --dry-run`` lists what the real run then removes."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from l10n.store import cachedb
from l10n.store.lock import project_lock
from tests.conftest import Runner

NOTES = {
    "a-en.md": "# A\n\nFirst, see [b](b-en.md#b).\n",
    "b-en.md": "# B\n\nSecond.\n",
    "sub/c-en.md": "# C\n\nThird.\n",
    "sub/d-en.md": "# D\n\nFourth.\n",
}
DRY_RUNS = (("sync", "--dry-run"), ("sync", "-n", "-v"), ("translate", "--dry-run"), ("sync", "-n", "--force"))


def _snapshot(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file and folder under ``root``: mode, mtime (nanoseconds) and bytes (files)."""
    found = {}
    for folder, folders, files in os.walk(root):
        for name in [*folders, *files, ""][: len(folders) + len(files) + (folder == str(root))]:
            path = os.path.join(folder, name) if name else folder
            info = os.lstat(path)
            data = Path(path).read_bytes() if os.path.isfile(path) else b""
            found[os.path.relpath(path, root)] = (info.st_mode, info.st_mtime_ns, data)
    return found


def _dry_runs(l10n: Runner, root: Path, extracted: bool = True) -> None:
    for args in DRY_RUNS:
        before = _snapshot(root)
        done = l10n(root, *args, "--engine", "pseudo")
        # translate before any extract says that the catalogs are missing, and fails
        assert done.exit_code == (0 if extracted or args[0] == "sync" else 1), done.output
        assert _snapshot(root) == before, args


def test_dry_runs_on_a_new_project_make_nothing(project: Callable[..., Path], l10n: Runner) -> None:
    root = project(NOTES, languages=("hi", "de"))
    _dry_runs(l10n, root, extracted=False)
    assert not (root / "locales").exists()


def test_dry_runs_on_a_synced_project_with_removals_pending_write_nothing_and_list_them(
    project: Callable[..., Path], l10n: Runner
) -> None:
    root = project(NOTES, languages=("hi", "de"))
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    (root / "source_notes/sub/c-en.md").unlink()  # its pages and template go
    (root / "source_notes/sub/d-en.md").unlink()
    edited = root / "translated/hi/sub/d-hi.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nEdited by hand.\n", encoding="utf-8")  # kept, named
    (root / "source_notes/a-en.md").write_text("# A\n\nFirst, edited.\n", encoding="utf-8")  # work for every stage
    config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('["hi", "de"]', '["hi"]'), encoding="utf-8")
    _dry_runs(l10n, root)  # while this process holds the bookkeeping open (its -wal is there)
    cachedb.close()  # as a new process finds it: no -wal, no -shm
    assert not (root / "locales/.l10n-cache.sqlite3-wal").exists()
    _dry_runs(l10n, root)
    plan = l10n(root, "-v", "sync", "--dry-run", "--engine", "pseudo").output.splitlines()
    would = sorted(line.removeprefix("  would remove ") for line in plan if line.startswith("  would remove "))
    assert "  would keep translated/hi/sub/d-hi.md: changed since l10n built it" in plan
    before = {name for name, (mode, _, _) in _snapshot(root).items() if not os.path.isdir(root / name)}
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    after = {name for name, (mode, _, _) in _snapshot(root).items() if not os.path.isdir(root / name)}
    assert would == sorted(before - after)
    assert "translated/de/a-de.md" in would and "locales/templates/sub/c-en.pot" in would
    assert edited.exists()


def test_a_dry_run_needs_no_lock(project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dry run reads: it runs while another run holds the project lock."""
    root = project(NOTES)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    monkeypatch.setenv("L10N_LOCK_WAIT", "0")
    with project_lock(root / "locales"):
        for args in DRY_RUNS:
            done = l10n(root, *args, "--engine", "pseudo")
            assert done.exit_code == 0, (args, done.output)


def test_a_dry_run_reads_the_committed_state_while_another_run_writes(project: Callable[..., Path], l10n: Runner) -> None:
    """Without the lock, a dry run reads the bookkeeping while another run may be writing it:
    it sees the last committed state (through the writer's -wal), never a half-written one."""
    root = project(NOTES)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    writer = sqlite3.connect(root / "locales/.l10n-cache.sqlite3", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM stamps")  # not committed: no dry run may see it
        done = l10n(root, "sync", "--dry-run", "--engine", "pseudo")
        assert done.exit_code == 0, done.output
        assert "extract: would redo 0 of 4 notes" in done.output
        assert "build: would redo 0 of 4 notes" in done.output
    finally:
        writer.execute("ROLLBACK")
        writer.close()
