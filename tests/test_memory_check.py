"""The translation memory's ``PRAGMA quick_check`` is paid once per change of the file, not on
every open (issue 19: 67 ms of CPU per run at a 69 MB memory, on every push that translates
anything): a file found sound is trusted while its identity (size, mtime, change time, inode)
stays as it was when it was last closed cleanly (``l10n.store.cachedb.set_aside_damaged``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from l10n.mt.memory import TranslationMemory
from l10n.store import cachedb
from tests.conftest import Runner


@pytest.fixture
def memory(project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Path]]:
    """A project translated once (its memory closed, as at a run's exit), and the list of the
    files each later open checks."""
    root = project({"a-en.md": "# A\n\nOne paragraph.\n"})
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    cachedb.close()
    checked: list[Path] = []
    real = cachedb._database_problem

    def counting(path: Path, *args: object) -> str | None:
        checked.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(cachedb, "_database_problem", counting)
    return root / "locales/.l10n-memory.sqlite3", checked


def test_a_memory_closed_cleanly_is_not_checked_again_until_it_changes(memory: tuple[Path, list[Path]]) -> None:
    path, checked = memory
    with TranslationMemory(path) as opened:
        assert len(opened) > 0
    assert checked == []  # trusted: as the last run closed it
    with TranslationMemory(path) as opened:
        opened.store_many("en", "hi", [("new text", "नया")], origin="machine:pseudo")
    cachedb.close()  # the run's exit: the written file is recorded as this process left it
    with TranslationMemory(path):
        pass
    assert checked == []
    cachedb.close()
    os.utime(path)  # any change of its stat between two runs (here only the times): checked again
    with TranslationMemory(path):
        pass
    assert checked == [path]


def test_a_memory_damaged_after_its_record_is_set_aside(memory: tuple[Path, list[Path]]) -> None:
    path, checked = memory
    path.write_bytes(b"not a database at all" * 100)
    with TranslationMemory(path) as opened:
        assert len(opened) == 0  # a new one, the damaged file kept aside
    assert checked == [path]
    (aside,) = path.parent.glob(path.name + ".damaged-*[0-9]")
    assert aside.read_bytes() == b"not a database at all" * 100


def test_a_memory_left_with_its_wal_is_checked(memory: tuple[Path, list[Path]]) -> None:
    """A ``-wal`` file beside it: a connection still open, or a process killed while it wrote."""
    path, checked = memory
    Path(f"{path}-wal").write_bytes(b"")
    with TranslationMemory(path):
        pass
    assert checked == [path]
