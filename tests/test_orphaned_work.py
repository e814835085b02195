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


def _set(catalog: Path, msgid: str, msgstr: str, fuzzy: bool) -> None:
    po = polib.pofile(str(catalog))
    entry = po.find(msgid)
    assert entry is not None
    entry.msgstr, entry.flags, entry.tcomment = msgstr, (["fuzzy"] if fuzzy else []), ""
    po.save(str(catalog))


def test_a_renamed_note_keeps_unapproved_and_edited_work(project: Callable[..., Path], l10n: Runner) -> None:
    """A translator's fuzzy (unapproved) entry goes with the note to its new name as it stands;
    an approved one whose English changed with the rename is kept fuzzy with ``#| msgid``, as an
    edit without a rename keeps it; the machine output comes from the memory as before."""
    root = project({"blog/post-en.md": "# Post\n\nFirst one.\n\nKeep it short.\n\nThird one.\n"})
    l10n.sync(root)
    catalog = root / "locales/hi/blog/post-en.po"
    _set(catalog, "Third one.", "तीसरा वाला।", fuzzy=True)
    _set(catalog, "Keep it short.", "इसे छोटा रखें।", fuzzy=False)
    l10n.sync(root)
    (root / "source_notes/blog/post-en.md").unlink()
    (root / "source_notes/blog/moved-en.md").write_text("# Post\n\nFirst one.\n\nKeep it very short.\n\nThird one.\n", encoding="utf-8")
    l10n.sync(root)
    po = polib.pofile(str(root / "locales/hi/blog/moved-en.po"))
    third, short = po.find("Third one."), po.find("Keep it very short.")
    assert third is not None and third.msgstr == "तीसरा वाला।" and third.fuzzy and "mt:" not in third.tcomment
    assert short is not None and short.msgstr == "इसे छोटा रखें।" and short.fuzzy and short.previous_msgid == "Keep it short."
    first = po.find("First one.")
    assert first is not None and first.tcomment.startswith("mt: ")  # machine output: from the memory


def test_a_new_note_takes_nothing_from_an_unrelated_orphan(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"gone.md": "# Gone\n\nOne.\n\nTwo.\n\nThree.\n", "keep.md": "# Keep\n\nText.\n"})
    l10n.sync(root)
    _set(root / "locales/hi/gone.po", "Two.", "दो।", fuzzy=True)
    (root / "source_notes/gone.md").unlink()
    (root / "source_notes/new.md").write_text("# New\n\nTwo.\n\nOther.\n\nMore.\n\nAnd more.\n", encoding="utf-8")
    l10n.sync(root)
    entry = polib.pofile(str(root / "locales/hi/new.po")).find("Two.")
    assert entry is not None and entry.msgstr != "दो।"  # one key of five in common: not its old catalog
