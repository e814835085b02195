"""``sync``'s folder snapshots (issue 19: one edited note at 20,000 notes near the stat floor).

Per folder of notes or catalogs, the bookkeeping keeps the recorded stats of its files as one
record (``folder_snapshots``, :mod:`l10n.store.changes`); a folder whose files all stat as
recorded is compared in one step and its rows are not read. Each test changes a site the way a
person or a tool does, after a sync that made the snapshots, and holds the next sync to the
oracle of a full run (``tests/test_sync_changes.py``'s ``_sync``: every output equal to what
``build --force`` writes in a copy, the coverage line equal to one counted from every catalog).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from l10n.config import load_config
from l10n.site.layout import written_folders
from l10n.store import cachedb
from l10n.store.changes import _changed_paths
from l10n.store.state import RunState
from tests.conftest import Runner
from tests.test_sync_changes import GFM, _count_renders, _sync


def _notes() -> dict[str, str]:
    return {
        "guide/a-en.md": "# Setup\n\nInstall it first.\n",
        "guide/b-en.md": "# Guide\n\nSee [the setup](a-en.md#setup).\n",
        "blog/c-en.md": "# Other\n\nNothing links here.\n",
        "blog/d-en.md": "# Fourth\n\nSee ![a figure](img/figure.png).\n",  # a link waiting for its file
    }


def _snapshots(root: Path) -> dict[str, int]:
    """Each snapshot's folder, relative to the project, with the rows it stands for."""
    db = sqlite3.connect(root / "locales" / cachedb.CACHE_NAME)
    try:
        rows = db.execute("SELECT folder, rows FROM folder_snapshots").fetchall()
    finally:
        db.close()
    return {os.path.relpath(folder, root).replace(os.sep, "/"): count for folder, count in rows}


@pytest.fixture
def site(project: Callable[..., Path], l10n: Runner, scratch: Path) -> Path:
    """A synced site whose next sync found every folder as recorded (snapshots made)."""
    root = project(_notes(), extra=GFM)
    _sync(root, l10n, scratch)
    _sync(root, l10n, scratch)
    return root


@pytest.fixture
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scratch")


def test_a_no_op_sync_snapshots_every_folder_of_notes_and_catalogs(site: Path, l10n: Runner, scratch: Path) -> None:
    """Two rows for ``guide/`` and ``blog/`` (two notes each), one for ``blog/img/`` (the
    missing figure, a folder that does not exist); the catalogs' and the built pages' folders
    (a page edited in place must be seen); none for the templates, which are looked at by their
    folder's listing."""
    assert _snapshots(site) == {
        "source_notes/guide": 2, "source_notes/blog": 2, "source_notes/blog/img": 1, "locales/hi/guide": 2, "locales/hi/blog": 2,
        "translated/hi/guide": 2, "translated/hi/blog": 2,
    }


def test_a_snapshot_stands_for_exactly_its_folders_rows(site: Path) -> None:
    """Any change to a recorded file's rows (here: a stamp written for a note of ``guide/``)
    deletes that folder's snapshot, whoever writes it: the triggers of the bookkeeping file."""
    db = sqlite3.connect(site / "locales" / cachedb.CACHE_NAME)
    with db:
        db.execute("UPDATE stamps SET mtime_ns = mtime_ns + 1 WHERE path = ?", (str(site / "source_notes/guide/a-en.md"),))
    db.close()
    assert "source_notes/guide" not in _snapshots(site)
    assert "source_notes/blog" in _snapshots(site)


@pytest.mark.parametrize("where", ["guide", "blog/img"])
def test_a_folder_that_gains_a_note_is_looked_at(
    site: Path, l10n: Runner, scratch: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A new note in a folder with a snapshot (or in a new folder where a link waited)."""
    rendered = _count_renders(monkeypatch)
    (site / "source_notes" / where).mkdir(exist_ok=True)
    (site / "source_notes" / where / "e-en.md").write_text("# New\n\nA new note.\n", encoding="utf-8")
    _sync(site, l10n, scratch, rendered)
    assert f"{where}/e-en.md" in rendered


def test_a_note_replaced_by_another_of_the_same_size_in_the_same_second_is_published(
    site: Path, l10n: Runner, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved by rename (a new inode) with the old size and mtime: its folder's snapshot no
    longer holds, and the bytes decide."""
    rendered = _count_renders(monkeypatch)
    note = site / "source_notes/blog/c-en.md"
    before = note.stat()
    other = site / "source_notes/blog/.c-en.md.tmp"
    other.write_bytes(note.read_bytes().replace(b"Nothing links here.", b"Nothing links hare."))
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, note)
    assert (note.stat().st_size, note.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    _sync(site, l10n, scratch, rendered)
    assert rendered == ["blog/c-en.md"]
    assert "Nothing links hare." in (site / "locales/hi/blog/c-en.po").read_text(encoding="utf-8")


def test_a_renamed_folder_is_built_at_its_new_place_and_pruned_at_the_old(
    site: Path, l10n: Runner, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = _count_renders(monkeypatch)
    (site / "source_notes/blog").rename(site / "source_notes/posts")
    _sync(site, l10n, scratch, rendered)
    assert sorted(rendered) == ["posts/c-en.md", "posts/d-en.md"]
    assert not (site / "translated/hi/blog").exists() or not any((site / "translated/hi/blog").iterdir())
    _sync(site, l10n, scratch)
    assert "source_notes/posts" in _snapshots(site) and "source_notes/blog" not in _snapshots(site)


def test_a_bookkeeping_file_of_an_older_version_works_and_gets_snapshots(
    site: Path, l10n: Runner, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file made before the snapshots (no table, no triggers) is given them at its opening,
    and a no-op stays a no-op; one whose ``stamped_files`` an older version made again (its
    triggers gone with it) has its snapshots, which nothing kept meanwhile, emptied."""
    path = site / "locales" / cachedb.CACHE_NAME
    cachedb.close()
    db = sqlite3.connect(path)
    with db:
        for event in ("insert", "delete", "update"):
            db.execute(f"DROP TRIGGER stamped_files_{event}")
        db.execute("DROP TABLE folder_snapshots")
    db.close()
    rendered = _count_renders(monkeypatch)
    _sync(site, l10n, scratch, rendered)
    assert rendered == []
    _sync(site, l10n, scratch, rendered)
    assert "source_notes/guide" in _snapshots(site)
    cachedb.close()
    db = sqlite3.connect(path)
    with db:  # what an older version's opening does when it makes stamped_files again
        db.execute("DROP TABLE stamped_files")
        db.execute(
            "CREATE TABLE stamped_files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, config TEXT, same INTEGER, "
            "ctime_ns INTEGER, ino INTEGER, digest INTEGER) WITHOUT ROWID"
        )
        db.execute(
            "INSERT INTO stamped_files SELECT path, min(size), min(mtime_ns), min(config), 1, min(ctime_ns), min(ino), "
            "min(digest) FROM stamps GROUP BY path"
        )
    db.close()
    note = site / "source_notes/guide/a-en.md"
    db = sqlite3.connect(path)
    with db:  # the older version records the note's work under other settings: no trigger of the snapshots sees it
        db.execute("UPDATE stamps SET config = 'other settings' WHERE path = ?", (str(note),))
    db.close()
    rendered.clear()
    _sync(site, l10n, scratch, rendered)  # snapshots emptied at the opening: the note's rows are read
    assert "guide/a-en.md" in rendered


def test_a_folder_missing_from_listed_folders_is_still_read(site: Path) -> None:
    """The folders read one by one are those ``listed_folders`` names; a count of every row
    checks them, so a folder left out of it (a damaged or hand-edited file) is still read."""
    note = site / "source_notes/guide/a-en.md"
    db = sqlite3.connect(site / "locales" / cachedb.CACHE_NAME)
    with db:
        db.execute("DELETE FROM folder_snapshots WHERE folder = ?", (f"{note.parent}{os.sep}",))
        db.execute("DELETE FROM listed_folders WHERE folder = ?", (f"{note.parent}{os.sep}",))
    db.close()
    note.write_text(note.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    config = load_config(site)
    state = RunState.load(config)
    db2 = state.connection.db
    assert db2 is not None
    changed = _changed_paths(db2, state.fingerprint, written_folders(config, ["hi"]))
    assert changed == {str(note)}
