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


PARAGRAPHS = [
    "The first paragraph explains how to install the software on your computer today.",
    "The second paragraph describes the configuration file and where it lives on disk.",
    "The third paragraph tells you how to start the server and check that it runs.",
    "The fourth paragraph covers upgrading from an older version without losing data.",
]
EDITED = PARAGRAPHS[2].replace("tells", "shows")


def _note(title: str, paragraphs: list[str]) -> str:
    return "\n\n".join([f"# {title}", *paragraphs]) + "\n"


def _approve_all(catalog: Path) -> dict[str, str]:
    """Clear fuzzy on every entry, as a reviewer does in an editor: the ``mt:`` comment stays
    (Poedit, Lokalize and Weblate keep translator comments), and the msgstr is their own."""
    po = polib.pofile(str(catalog))
    approved: dict[str, str] = {}
    for entry in po:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.msgstr = approved[entry.msgid] = "मानव " + entry.msgid[::-1]
    po.save(str(catalog))
    return approved


def _assert_kept_for_review(catalog: Path, old: str, new: str, msgstr: str) -> None:
    entry = polib.pofile(str(catalog)).find(new)
    assert entry is not None and entry.msgstr == msgstr and entry.fuzzy and entry.previous_msgid == old


def test_a_renamed_and_edited_note_keeps_approved_machine_output_for_review(project: Callable[..., Path], l10n: Runner) -> None:
    """Approved entries that still carry their ``mt:`` line (the reviewer only cleared fuzzy)
    are the reviewer's: one edited with the rename stays fuzzy with ``#| msgid``."""
    root = project({"setup-en.md": _note("Setup guide", PARAGRAPHS)})
    l10n.sync(root)
    approved = _approve_all(root / "locales/hi/setup-en.po")
    l10n.sync(root)
    (root / "source_notes/setup-en.md").unlink()
    (root / "source_notes/install-en.md").write_text(_note("Setup guide", [*PARAGRAPHS[:2], EDITED, PARAGRAPHS[3]]), encoding="utf-8")
    out = l10n.sync(root)
    _assert_kept_for_review(root / "locales/hi/install-en.po", PARAGRAPHS[2], EDITED, approved[PARAGRAPHS[2]])
    assert "1 needs review" in out
    po = polib.pofile(str(root / "locales/hi/install-en.po"))
    for text in (PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[3]):
        entry = po.find(text)
        assert entry is not None and entry.msgstr == approved[text] and not entry.fuzzy


def test_a_note_split_off_takes_the_edited_segments_translation(project: Callable[..., Path], l10n: Runner) -> None:
    """Half of a note moved to a new one (the note stays): its old entries are obsolete in the
    note's catalog, and the new catalog finds them there."""
    root = project({"setup-en.md": _note("Setup guide", PARAGRAPHS)})
    l10n.sync(root)
    approved = _approve_all(root / "locales/hi/setup-en.po")
    l10n.sync(root)
    (root / "source_notes/setup-en.md").write_text(_note("Setup guide", PARAGRAPHS[:2]), encoding="utf-8")
    (root / "source_notes/run-en.md").write_text(_note("Running", [EDITED, PARAGRAPHS[3]]), encoding="utf-8")
    l10n.sync(root)
    _assert_kept_for_review(root / "locales/hi/run-en.po", PARAGRAPHS[2], EDITED, approved[PARAGRAPHS[2]])


def test_a_note_split_in_two_and_deleted_feeds_both_halves(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"setup-en.md": _note("Setup guide", PARAGRAPHS)})
    l10n.sync(root)
    approved = _approve_all(root / "locales/hi/setup-en.po")
    l10n.sync(root)
    (root / "source_notes/setup-en.md").unlink()
    first = PARAGRAPHS[0].replace("explains", "shows")
    (root / "source_notes/a-en.md").write_text(_note("Install", [first, PARAGRAPHS[1]]), encoding="utf-8")
    (root / "source_notes/b-en.md").write_text(_note("Run", [EDITED, PARAGRAPHS[3]]), encoding="utf-8")
    l10n.sync(root)
    _assert_kept_for_review(root / "locales/hi/a-en.po", PARAGRAPHS[0], first, approved[PARAGRAPHS[0]])
    _assert_kept_for_review(root / "locales/hi/b-en.po", PARAGRAPHS[2], EDITED, approved[PARAGRAPHS[2]])


def test_two_notes_merged_into_one_keep_both_edited_translations(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": _note("Install", PARAGRAPHS[:2]), "b-en.md": _note("Run", PARAGRAPHS[2:])})
    l10n.sync(root)
    approved = {**_approve_all(root / "locales/hi/a-en.po"), **_approve_all(root / "locales/hi/b-en.po")}
    l10n.sync(root)
    (root / "source_notes/a-en.md").unlink()
    (root / "source_notes/b-en.md").unlink()
    first = PARAGRAPHS[0].replace("explains", "shows")
    (root / "source_notes/guide-en.md").write_text(_note("Guide", [first, PARAGRAPHS[1], EDITED, PARAGRAPHS[3]]), encoding="utf-8")
    l10n.sync(root)
    _assert_kept_for_review(root / "locales/hi/guide-en.po", PARAGRAPHS[0], first, approved[PARAGRAPHS[0]])
    _assert_kept_for_review(root / "locales/hi/guide-en.po", PARAGRAPHS[2], EDITED, approved[PARAGRAPHS[2]])


SECURITY = "Here are a few ways to make security a team sport:"
LIVED = "Here are a few ways to center lived experience:"


def test_a_new_note_takes_nothing_from_a_live_notes_entries(project: Callable[..., Path], l10n: Runner) -> None:
    """A live note's entries are its own note's, not an older version of a new note's sentence
    that shares a heading with it: the new note's sentence is translated, not marked "source
    changed" with another note's translation, which ``on_source_change = "previous"`` publishes."""
    root = project({"a.md": f"## Contributors\n\n{SECURITY}\n"}, extra='on_source_change = "previous"\n')
    l10n.sync(root)
    _set(root / "locales/hi/a.po", "Contributors", "योगदानकर्ता", fuzzy=False)
    _set(root / "locales/hi/a.po", SECURITY, "सुरक्षा को टीम खेल बनाने के कुछ तरीके:", fuzzy=False)
    l10n.sync(root)
    (root / "source_notes/b.md").write_text(f"## Contributors\n\n{LIVED}\n", encoding="utf-8")
    out = l10n.sync(root)
    entry = polib.pofile(str(root / "locales/hi/b.po")).find(LIVED)
    assert entry is not None and entry.msgstr != "सुरक्षा को टीम खेल बनाने के कुछ तरीके:"
    assert not entry.previous_msgid
    assert "टीम खेल" not in (root / "translated/hi/b.md").read_text(encoding="utf-8")
    assert "source changed" not in out


PREVIOUS = 'on_source_change = "previous"\n'


def test_previous_does_not_publish_a_split_off_notes_carried_translation(project: Callable[..., Path], l10n: Runner) -> None:
    """The carried translation of another note's sentence (here the note that stays, which lost
    it) waits for a reviewer under ``on_source_change = "previous"``: the page shows the fresh
    machine suggestion, as by default, never the other sentence's translation."""
    root = project({"setup-en.md": _note("Setup guide", PARAGRAPHS)}, extra=PREVIOUS)
    l10n.sync(root)
    approved = _approve_all(root / "locales/hi/setup-en.po")
    l10n.sync(root)
    (root / "source_notes/setup-en.md").write_text(_note("Setup guide", PARAGRAPHS[:2]), encoding="utf-8")
    (root / "source_notes/run-en.md").write_text(_note("Running", [EDITED, PARAGRAPHS[3]]), encoding="utf-8")
    out = l10n.sync(root)
    _assert_kept_for_review(root / "locales/hi/run-en.po", PARAGRAPHS[2], EDITED, approved[PARAGRAPHS[2]])
    page = (root / "translated/hi/run-hi.md").read_text(encoding="utf-8")
    assert approved[PARAGRAPHS[2]] not in page
    assert approved[PARAGRAPHS[3]] in page  # the same sentence, moved: its approved translation
    assert "1 needs review" in out


def test_previous_publishes_a_renamed_notes_edited_translation(project: Callable[..., Path], l10n: Runner) -> None:
    """The same note renamed: its edited sentence's old translation is its own, which
    ``on_source_change = "previous"`` publishes, as for an edit without a rename."""
    root = project({"setup-en.md": _note("Setup guide", PARAGRAPHS)}, extra=PREVIOUS)
    l10n.sync(root)
    approved = _approve_all(root / "locales/hi/setup-en.po")
    l10n.sync(root)
    (root / "source_notes/setup-en.md").unlink()
    (root / "source_notes/install-en.md").write_text(_note("Setup guide", [*PARAGRAPHS[:2], EDITED, PARAGRAPHS[3]]), encoding="utf-8")
    l10n.sync(root)
    _assert_kept_for_review(root / "locales/hi/install-en.po", PARAGRAPHS[2], EDITED, approved[PARAGRAPHS[2]])
    assert approved[PARAGRAPHS[2]] in (root / "translated/hi/install-hi.md").read_text(encoding="utf-8")
