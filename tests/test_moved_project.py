"""A project copied or moved with its bookkeeping (``cp -a site site2``, a CI cache restored onto
another checkout path) is the same project: its records are moved with it
(:func:`l10n.store.cachedb.relocate`), so a run there gives what a run in the original gives,
and never reads or touches the original's files."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from l10n import pipeline
from tests.conftest import Runner

NOTES = {
    "a-en.md": "# A\n\nFirst, see [b](b-en.md#b).\n",
    "b-en.md": "# B\n\nSecond.\n",
    "sub/c-en.md": "# C\n\nThird.\n",
}
GFM = 'markdown = "gfm"\n'


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` but the bookkeeping's own: bytes and mtime, by relative path."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".l10n")
    }


def _contents(root: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _) in _tree(root).items()}


def _copy(root: Path, to: Path) -> Path:
    """``cp -a``: bytes, mtimes (folders' too) and the bookkeeping file; new inodes and ctimes."""
    shutil.copytree(root, to, symlinks=True)
    return to


def _sync(l10n: Runner, root: Path) -> list[str]:
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    return sorted(line.replace(str(root), "ROOT") for line in done.output.splitlines())


def _remove_a_note_and_a_language(root: Path) -> None:
    (root / "source_notes/sub/c-en.md").unlink()
    config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('["hi", "de"]', '["hi"]'), encoding="utf-8")


def test_a_copy_removes_what_the_original_would(project: Callable[..., Path], l10n: Runner, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A deleted note's pages and template and a dropped language's pages go in the copy, with
    the messages the original's run gives, and the original is left as it was."""
    root = project(NOTES, languages=("hi", "de"), extra=GFM)
    _sync(l10n, root)
    copy = _copy(root, tmp_path_factory.mktemp("elsewhere") / "site2")
    original = _tree(root)
    _remove_a_note_and_a_language(copy)
    plan = l10n(copy, "-v", "sync", "--dry-run", "--engine", "pseudo").output.splitlines()
    would = sorted(line.removeprefix("  would remove ") for line in plan if line.startswith("  would remove "))
    before = set(_contents(copy))
    in_copy = _sync(l10n, copy)
    assert would == sorted(before - set(_contents(copy)))  # the dry run in the copy lists what goes
    assert _tree(root) == original  # the copy's run never touched the original
    _remove_a_note_and_a_language(root)
    assert in_copy == _sync(l10n, root)
    assert any(line.startswith("removed translated/hi/sub/c-hi.md") for line in in_copy), in_copy  # from the root
    assert any("de: no longer configured: removed 3 built pages" in line for line in in_copy), in_copy
    assert _contents(copy) == _contents(root)
    assert not (copy / "translated/de").exists()


def test_a_no_op_sync_in_a_copy_writes_nothing(
    project: Callable[..., Path], l10n: Runner, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI runner whose checkout path differs per job, with the bookkeeping restored: a run
    with nothing changed extracts, translates and builds nothing and writes no file."""
    root = project(NOTES, languages=("hi", "de"), extra=GFM)
    _sync(l10n, root)
    copy = _copy(root, tmp_path_factory.mktemp("runner") / "checkout")
    before = _tree(copy)
    worked: list[str] = []
    for stage in ("_render_for_site", "extract_note"):
        real = getattr(pipeline, stage)

        def counting(*args: Any, real: Any = real, stage: str = stage) -> Any:
            worked.append(stage)
            return real(*args)

        monkeypatch.setattr(pipeline, stage, counting)
    _sync(l10n, copy)
    assert worked == []
    assert _tree(copy) == before  # files written: 0
    db = sqlite3.connect(copy / "locales/.l10n-cache.sqlite3")
    paths = [path for (path,) in db.execute("SELECT path FROM stamps")]
    db.close()
    assert paths and all(path.startswith(str(copy)) for path in paths)


def test_bookkeeping_of_an_older_version_keeps_its_rows_in_place(project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file made before the root was recorded: rows under the project's root are kept (a
    no-op sync stays a no-op), rows elsewhere (another place's) are dropped."""
    root = project(NOTES, extra=GFM)
    _sync(l10n, root)
    from l10n.store import cachedb

    cachedb.close()
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    db.execute("DROP TABLE project_root")
    db.execute("INSERT INTO stamps (key, path, size, mtime_ns) VALUES ('build:hi:x.md', '/elsewhere/translated/hi/x-hi.md', 1, 1)")
    db.commit()
    db.close()
    rendered: list[str] = []
    real = pipeline._render_for_site
    monkeypatch.setattr(pipeline, "_render_for_site", lambda config, note, *args: rendered.append(note.name) or real(config, note, *args))
    _sync(l10n, root)
    assert rendered == []
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    assert db.execute("SELECT count(*) FROM stamps WHERE path LIKE '/elsewhere/%'").fetchone() == (0,)
    assert db.execute("SELECT root FROM project_root").fetchall() == [(str(root),)]
    db.close()


def test_a_copy_under_another_folder_name_without_a_project_name_writes_nothing(
    project: Callable[..., Path], l10n: Runner, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no ``[project] name`` (an ``l10n.toml`` project, as ``init`` writes it) the catalogs'
    Project-Id-Version is gettext's placeholder, never the folder's name: a copy or clone under
    another name is still the same settings (nothing redone, no template rewritten), while a
    configured name that changes is a change of settings (templates take it)."""
    root = project(NOTES, languages=("hi",), extra=GFM)
    named = (root / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").unlink()
    (root / "l10n.toml").write_text('languages = ["hi"]\nmarkdown = "gfm"\n', encoding="utf-8")
    _sync(l10n, root)
    assert "Project-Id-Version: PACKAGE VERSION\\n" in (root / "locales/templates/a-en.pot").read_text(encoding="utf-8")
    copy = _copy(root, tmp_path_factory.mktemp("clone") / "renamed-site")
    before = _tree(copy)
    worked: list[str] = []
    real = pipeline.extract_note
    monkeypatch.setattr(pipeline, "extract_note", lambda *args: worked.append("extract") or real(*args))
    _sync(l10n, copy)
    assert worked == []
    assert _tree(copy) == before
    (copy / "l10n.toml").unlink()  # now named: the name is a setting
    (copy / "pyproject.toml").write_text(named, encoding="utf-8")
    _sync(l10n, copy)
    assert worked
    assert "Project-Id-Version: demo\\n" in (copy / "locales/templates/a-en.pot").read_text(encoding="utf-8")
