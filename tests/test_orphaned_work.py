"""A translator's work in the catalog of a note since moved, renamed or re-rooted (its catalog
is left where it was: translators' work is never removed) fills the note's new catalog, latest
edit first, before anything older the memory held (l10n.mt.translate._remember_orphaned_work)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib

from tests.conftest import Runner

TEXT = "Good morning all."
FIRST, LATEST = "सुप्रभात सभी।", "शुभ प्रभात, सभी को।"


def _approve(catalog: Path, msgid: str, msgstr: str) -> None:
    po = polib.pofile(str(catalog))
    entry = po.find(msgid)
    assert entry is not None
    entry.msgstr, entry.flags, entry.tcomment = msgstr, [], ""
    po.save(str(catalog))


def test_a_moved_note_takes_the_latest_edit_of_its_old_catalog(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"q.md": f"# Other\n\n{TEXT}\n"})
    l10n.sync(root)
    _approve(root / "locales/hi/q.po", TEXT, FIRST)
    l10n.sync(root)  # the memory holds FIRST now
    _approve(root / "locales/hi/q.po", TEXT, LATEST)  # edited again, no run since
    (root / "source_notes/sub").mkdir()
    (root / "source_notes/q.md").rename(root / "source_notes/sub/q.md")
    l10n.sync(root)
    entry = polib.pofile(str(root / "locales/hi/sub/q.po")).find(TEXT)
    assert entry is not None and entry.msgstr == LATEST and not entry.fuzzy
    assert LATEST in (root / "translated/hi/sub/q.md").read_text(encoding="utf-8")
    assert LATEST in (root / "locales/hi/q.po").read_text(encoding="utf-8")  # the old catalog stays


def test_a_new_source_folder_takes_the_work_of_the_old_catalogs(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"blog/p.md": f"# Post\n\n{TEXT}\n"})
    l10n.sync(root)
    _approve(root / "locales/hi/blog/p.po", TEXT, LATEST)  # and no run before the move
    config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'source = "source_notes/blog"\n', encoding="utf-8")
    l10n.sync(root)
    entry = polib.pofile(str(root / "locales/hi/p.po")).find(TEXT)
    assert entry is not None and entry.msgstr == LATEST


def test_an_orphans_older_text_does_not_replace_a_live_catalogs(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a.md": f"# A\n\n{TEXT}\n", "gone.md": f"# Gone\n\n{TEXT}\n"})
    l10n.sync(root)
    _approve(root / "locales/hi/gone.po", TEXT, FIRST)
    (root / "source_notes/gone.md").unlink()
    _approve(root / "locales/hi/a.po", TEXT, LATEST)
    (root / "source_notes/new.md").write_text(f"# New\n\n{TEXT}\n", encoding="utf-8")  # a catalog that starts empty
    l10n.sync(root)
    entry = polib.pofile(str(root / "locales/hi/new.po")).find(TEXT)
    assert entry is not None and entry.msgstr == LATEST  # the live catalog's, stored after the orphan's
