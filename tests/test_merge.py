"""Catalogs follow source edits as ``msgmerge --previous`` does, and PO editors' files are not churned.

Each edit case runs ``extract`` on a changed note and runs ``msgmerge --previous --no-wrap`` on
the same old PO and new POT; the meaningful parts must agree: for every active entry its msgstr,
fuzzy flag and previous msgid (with msgctxt), and the set of obsolete entries with their
translations. Explicit expectations are checked too, so the cases mean something without GNU
gettext installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.check import check_catalog
from l10n.config import Config, load_config
from l10n.pipeline import Action, build_note, extract_note
from l10n.po.catalog import Catalog
from l10n.po.merge import close_enough
from l10n.site.layout import Note, catalog_path, output_path, select_notes, template_path

MSGMERGE = shutil.which("msgmerge")
Key = tuple[str | None, str]
Summary = tuple[dict[Key, tuple[str, bool, str | None, str | None]], dict[Key, str]]


def make_project(tmp_path: Path, text: str) -> tuple[Config, Note]:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n\n[tool.l10n]\nlanguages = ["hi"]\n', encoding="utf-8")
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "guide-en.md").write_text(text, encoding="utf-8")
    config = load_config(tmp_path)
    [note] = select_notes(config, [])
    [outcome] = extract_note(config, note, ["hi"])
    assert outcome.action is Action.WRITTEN
    return config, note


def translate(config: Config, note: Note, translations: dict[str, tuple[str, bool]]) -> None:
    catalog = Catalog.load(catalog_path(config, note, "hi"))
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr, fuzzy = translations[entry.msgid]
            entry.flags = ["fuzzy"] if fuzzy else []
    catalog.save()


def summary(po: polib.POFile) -> Summary:
    active: dict[Key, tuple[str, bool, str | None, str | None]] = {
        (e.msgctxt, e.msgid): (e.msgstr, e.fuzzy, e.previous_msgid, e.previous_msgctxt) for e in po if not e.obsolete
    }
    obsolete: dict[Key, str] = {(e.msgctxt, e.msgid): e.msgstr for e in po if e.obsolete}
    return active, obsolete


def edit(tmp_path: Path, config: Config, note: Note, text: str) -> polib.POFile:
    """Change the note and extract; compare the result with msgmerge on the same inputs."""
    po_path = catalog_path(config, note, "hi")
    old_po = tmp_path / "old.po"
    shutil.copy(po_path, old_po)
    old = summary(polib.pofile(str(old_po)))
    note.path.write_text(text, encoding="utf-8")
    extract_note(config, note, ["hi"])
    ours = polib.pofile(str(po_path), wrapwidth=0)
    assert_approved_kept(old, summary(ours))
    if MSGMERGE:
        out = tmp_path / "msgmerge.po"
        pot = template_path(config, note)
        subprocess.run([MSGMERGE, "--previous", "--no-wrap", "-q", "-o", str(out), str(old_po), str(pot)], check=True)
        theirs = polib.pofile(str(out))
        assert summary(ours) == declined_short_matches(summary(theirs), old)
        assert [e.msgid for e in ours if not e.obsolete] == [e.msgid for e in theirs if not e.obsolete]
    return ours


def declined_short_matches(theirs: Summary, old: Summary) -> Summary:
    """msgmerge's result without the fuzzy matches l10n declines on purpose: on short texts a
    changed word is a new meaning (``close_enough``); the old entry then becomes obsolete."""
    active, obsolete = dict(theirs[0]), dict(theirs[1])
    declined: set[Key] = set()
    for key, (_msgstr, fuzzy, previous, previous_ctxt) in theirs[0].items():
        if fuzzy and previous is not None and (previous_ctxt, previous) not in active and not close_enough(previous, key[1]):
            active[key] = ("", False, None, None)
            declined.add((previous_ctxt, previous))
    still_used = {(v[3], v[2]) for v in active.values() if v[2] is not None}
    for old_key in declined - still_used:
        old_entry = old[0].get(old_key)
        if old_entry is not None and old_entry[0]:
            obsolete[old_key] = old_entry[0]
    return active, obsolete


def assert_approved_kept(old: Summary, new: Summary) -> None:
    for key, (msgstr, fuzzy, _, _) in old[0].items():
        if msgstr and not fuzzy and key in new[0]:
            assert new[0][key][:2] == (msgstr, False)


V1 = """---
title: Getting started with the tool
---

# Install the tool

The tool runs on Linux, macOS and Windows without any extra setup.

Remove this paragraph about legacy versions entirely, please.

Machine translated sentence stays as it is.
"""

V2 = """---
title: Getting started with the new tool
---

# Install the tool

A brand new first paragraph appears here.

The tool runs on Linux, macOS and Windows with no extra setup.

Machine translated sentence stays as it is.

Another new paragraph at the end.
"""

TRANSLATIONS = {
    "Getting started with the tool": ("टूल के साथ शुरुआत", False),
    "Install the tool": ("टूल इंस्टॉल करें", False),
    "The tool runs on Linux, macOS and Windows without any extra setup.": ("टूल बिना सेटअप के चलता है।", False),
    "Remove this paragraph about legacy versions entirely, please.": ("पुराने संस्करणों वाला अनुच्छेद।", False),
    "Machine translated sentence stays as it is.": ("मशीन अनुवाद।", True),
}


def test_source_edits_follow_msgmerge(tmp_path: Path) -> None:
    config, note = make_project(tmp_path, V1)
    translate(config, note, TRANSLATIONS)
    po = edit(tmp_path, config, note, V2)
    active, obsolete = summary(po)
    assert [e.msgid for e in po if not e.obsolete] == [
        "Getting started with the new tool",
        "Install the tool",
        "A brand new first paragraph appears here.",
        "The tool runs on Linux, macOS and Windows with no extra setup.",
        "Machine translated sentence stays as it is.",
        "Another new paragraph at the end.",
    ]
    assert active[(None, "Install the tool")] == ("टूल इंस्टॉल करें", False, None, None)
    assert active[(None, "The tool runs on Linux, macOS and Windows with no extra setup.")] == (
        "टूल बिना सेटअप के चलता है।",
        True,
        "The tool runs on Linux, macOS and Windows without any extra setup.",
        None,
    )
    assert active[("front-matter:title", "Getting started with the new tool")] == (
        "टूल के साथ शुरुआत",
        True,
        "Getting started with the tool",
        "front-matter:title",
    )
    assert active[(None, "Machine translated sentence stays as it is.")] == ("मशीन अनुवाद।", True, None, None)
    assert active[(None, "A brand new first paragraph appears here.")][0] == ""
    assert active[(None, "Another new paragraph at the end.")][0] == ""
    assert obsolete == {(None, "Remove this paragraph about legacy versions entirely, please."): "पुराने संस्करणों वाला अनुच्छेद।"}


def test_the_closest_old_entry_wins_even_for_a_later_new_entry(tmp_path: Path) -> None:
    # A weak match comes first in the note; the strong one must still get the translation.
    config, note = make_project(tmp_path, "Alpha beta gamma delta epsilon zeta.\n")
    translate(config, note, {"Alpha beta gamma delta epsilon zeta.": ("अल्फा बीटा।", False)})
    po = edit(tmp_path, config, note, "Alpha beta gamma kappa lambda mu.\n\nAlpha beta gamma delta epsilon eta.\n")
    active, obsolete = summary(po)
    assert active[(None, "Alpha beta gamma delta epsilon eta.")][:3] == (
        "अल्फा बीटा।",
        True,
        "Alpha beta gamma delta epsilon zeta.",
    )
    assert obsolete == {}


def test_a_copied_and_edited_paragraph_gets_a_suggestion_and_the_original_stays(tmp_path: Path) -> None:
    config, note = make_project(tmp_path, "The quick brown fox jumps over the dog.\n")
    translate(config, note, {"The quick brown fox jumps over the dog.": ("तेज़ भूरी लोमड़ी।", False)})
    po = edit(tmp_path, config, note, "The quick brown fox jumps over the dog.\n\nThe quick brown fox jumps over the cat.\n")
    active, _ = summary(po)
    assert active[(None, "The quick brown fox jumps over the dog.")] == ("तेज़ भूरी लोमड़ी।", False, None, None)
    assert active[(None, "The quick brown fox jumps over the cat.")][:2] == ("तेज़ भूरी लोमड़ी।", True)


def test_a_second_edit_keeps_the_text_the_translation_was_made_for(tmp_path: Path) -> None:
    config, note = make_project(tmp_path, "Write the first version of this sentence.\n")
    translate(config, note, {"Write the first version of this sentence.": ("पहला संस्करण।", False)})
    edit(tmp_path, config, note, "Write the second version of this sentence.\n")
    active, _ = summary(edit(tmp_path, config, note, "Write the third version of this sentence.\n"))
    assert active[(None, "Write the third version of this sentence.")] == (
        "पहला संस्करण।",
        True,
        "Write the first version of this sentence.",
        None,
    )


def test_a_removed_paragraph_that_comes_back_is_approved_again(tmp_path: Path) -> None:
    config, note = make_project(tmp_path, "Keep me.\n\nI will be back soon enough.\n")
    translate(config, note, {"Keep me.": ("मुझे रखो।", False), "I will be back soon enough.": ("मैं लौटूँगा।", False)})
    _, obsolete = summary(edit(tmp_path, config, note, "Keep me.\n"))
    assert obsolete == {(None, "I will be back soon enough."): "मैं लौटूँगा।"}
    active, obsolete = summary(edit(tmp_path, config, note, "Keep me.\n\nI will be back soon enough.\n"))
    assert active[(None, "I will be back soon enough.")] == ("मैं लौटूँगा।", False, None, None)
    assert obsolete == {}


def test_untranslated_entries_vanish_instead_of_becoming_obsolete(tmp_path: Path) -> None:
    config, note = make_project(tmp_path, "Nobody translated this sentence yet.\n")
    active, obsolete = summary(edit(tmp_path, config, note, "Nobody translated that sentence yet.\n"))
    assert active == {(None, "Nobody translated that sentence yet."): ("", False, None, None)}
    assert obsolete == {}


# -- catalogs saved by PO editors -----------------------------------------------------------------

LONG_NOTE = """---
title: A note long enough to be wrapped by editors
---

# Why wrapping matters to the people who keep translated notes in version control

Poedit and Weblate wrap long strings at about 79 columns, while l10n writes every string on one line, so a careless tool would rewrite the whole catalog.

| Column | Meaning |
|--------|---------|
| Width | The maximum line length in a PO file |
"""

HINDI = {
    "A note long enough to be wrapped by editors": "संपादकों द्वारा लपेटे जाने लायक लंबा नोट",
    "Why wrapping matters to the people who keep translated notes in version control": (
        "संस्करण नियंत्रण में अनुवादित नोट रखने वाले लोगों के लिए रैपिंग क्यों मायने रखती है"
    ),
    "Poedit and Weblate wrap long strings at about 79 columns, while l10n writes every string on one line, "
    "so a careless tool would rewrite the whole catalog.": (
        "Poedit और Weblate लंबी स्ट्रिंग्स को लगभग 79 कॉलम पर लपेटते हैं, जबकि l10n हर स्ट्रिंग को एक पंक्ति में "
        "लिखता है, इसलिए एक लापरवाह टूल पूरा कैटलॉग फिर से लिख देगा।"
    ),
    "Column": "स्तंभ",
    "Meaning": "अर्थ",
    "Width": "चौड़ाई",
    "The maximum line length in a PO file": "PO फ़ाइल में अधिकतम पंक्ति लंबाई",
}

EDITOR_HEADERS = {
    "poedit": (
        79,
        [
            ("Project-Id-Version", "demo"),
            ("POT-Creation-Date", "2026-11-20 10:00+0000"),
            ("PO-Revision-Date", "2026-11-21 09:30+0530"),
            ("Last-Translator", "Asha Verma <asha@example.org>"),
            ("Language-Team", "Hindi"),
            ("Language", "hi"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", "nplurals=2; plural=(n > 1);"),
            ("X-Generator", "Poedit 3.4.2"),
            ("X-Poedit-SourceCharset", "UTF-8"),
            ("X-Poedit-Basepath", "../.."),
        ],
    ),
    "weblate": (
        77,
        [
            ("Project-Id-Version", "demo"),
            ("Report-Msgid-Bugs-To", ""),
            ("POT-Creation-Date", "2026-11-20 10:00+0000"),
            ("PO-Revision-Date", "2026-11-22 12:00+0000"),
            ("Last-Translator", "Ravi <ravi@example.org>"),
            ("Language-Team", "Hindi <https://hosted.weblate.org/projects/demo/notes/hi/>"),
            ("Language", "hi"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", "nplurals=2; plural=n > 1;"),
            ("X-Generator", "Weblate 5.8.1"),
        ],
    ),
}


def save_like_editor(path: Path, editor: str) -> bytes:
    """Rewrite our catalog the way a PO editor saves it: its header fields, wrapped strings."""
    width, fields = EDITOR_HEADERS[editor]
    po = polib.pofile(str(path))
    lines = ["# Hindi translation of guide-en.md.", 'msgid ""', 'msgstr ""']
    lines += [f'"{name}: {value}\\n"' for name, value in fields]
    body = "\n".join(entry.__unicode__(wrapwidth=width) for entry in po)
    data = ("\n".join(lines) + "\n\n" + body).encode("utf-8")
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("editor", sorted(EDITOR_HEADERS))
def test_editor_saved_catalog_loads_builds_and_is_not_rewritten(tmp_path: Path, editor: str) -> None:
    config, note = make_project(tmp_path, LONG_NOTE)
    translate(config, note, {k: (v, False) for k, v in HINDI.items()})
    po_path = catalog_path(config, note, "hi")
    saved = save_like_editor(po_path, editor)
    assert any(line.startswith('"') for line in saved.decode().split("\n")[20:]), "strings are wrapped"

    assert len(Catalog.load(po_path)) == len(HINDI)
    assert check_catalog(po_path, "hi") == []
    assert build_note(config, note, "hi").action is Action.WRITTEN
    assert HINDI["Width"] in output_path(config, note, "hi").read_text(encoding="utf-8")
    [outcome] = extract_note(config, note, ["hi"])
    assert outcome.action is Action.UNCHANGED
    assert po_path.read_bytes() == saved


@pytest.mark.parametrize("editor", sorted(EDITOR_HEADERS))
def test_a_real_change_keeps_the_wrapping_and_the_editor_header(tmp_path: Path, editor: str) -> None:
    config, note = make_project(tmp_path, LONG_NOTE)
    translate(config, note, {k: (v, False) for k, v in HINDI.items()})
    po_path = catalog_path(config, note, "hi")
    saved = save_like_editor(po_path, editor).decode("utf-8")
    note.path.write_text(LONG_NOTE + "\nOne more paragraph.\n", encoding="utf-8")
    [outcome] = extract_note(config, note, ["hi"])
    assert outcome.action is Action.WRITTEN
    text = po_path.read_text(encoding="utf-8")
    # Issue 18: the editor's wrapping stays, so the diff shows only what changed.
    old_entries = saved.split("\n\n")[1:]
    assert all(entry.strip("\n") in text for entry in old_entries if "One more" not in entry)
    _, fields = EDITOR_HEADERS[editor]
    metadata = polib.pofile(str(po_path)).metadata
    kept = {name: value for name, value in fields if name not in ("POT-Creation-Date", "PO-Revision-Date")}
    assert {name: metadata.get(name) for name in kept} == kept
    assert metadata["PO-Revision-Date"] != dict(fields)["PO-Revision-Date"]  # l10n changed it
    assert "FULL NAME" not in text
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], check=True)
