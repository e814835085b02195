"""Short segments (a heading of one to three words) keep their approved translation through a
small edit, fuzzy with ``#| msgid`` for a reviewer, as longer ones and msgmerge's fuzzy matching
do (README, "When the source changes"); another word is another meaning and carries nothing."""

from __future__ import annotations

import difflib
from pathlib import Path

import polib
from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.pipeline import extract_note
from l10n.po.catalog import Catalog
from l10n.po.merge import merge
from l10n.site.layout import catalog_path
from tests.test_merge import make_project, translate

OLD = "# Guide\n\n## Configure the server\n\n## Select all photos\n\n## Open the settings page\n\n## Quickstart\n"
NEW = "# Guide book\n\n## Configure the web server\n\n## Select all the photos\n\n## Open the main settings page\n\n## Install\n"
APPROVED = {
    "Guide": "मार्गदर्शिका",
    "Configure the server": "सर्वर कॉन्फ़िगर करें",
    "Select all photos": "सभी फ़ोटो चुनें",
    "Open the settings page": "सेटिंग्स पेज खोलें",
    "Quickstart": "त्वरित शुरुआत",
}


def test_short_headings_keep_their_approved_translation_for_review(tmp_path: Path) -> None:
    config, note = make_project(tmp_path, OLD)
    translate(config, note, {msgid: (msgstr, False) for msgid, msgstr in APPROVED.items()})
    note.path.write_text(NEW, encoding="utf-8")
    extract_note(config, note, ["hi"])
    po = polib.pofile(str(catalog_path(config, note, "hi")))
    for old, new in [
        ("Guide", "Guide book"),
        ("Configure the server", "Configure the web server"),
        ("Select all photos", "Select all the photos"),
        ("Open the settings page", "Open the main settings page"),
    ]:
        entry = po.find(new)
        assert entry is not None and entry.msgstr == APPROVED[old] and entry.fuzzy and entry.previous_msgid == old
    install = po.find("Install")
    assert install is not None and install.msgstr == ""  # another word: nothing carried
    gone = po.find("Quickstart", include_obsolete_entries=True)
    assert gone is not None and gone.obsolete and gone.msgstr == APPROVED["Quickstart"]


WORDS = ["guide", "Guide", "server", "the", "all", "photos", "Photos", "web", "install", "Install", "setup", "main", "a", "Select", "Delete", "open", "book"]
word = st.sampled_from(WORDS)
text = st.lists(word, min_size=1, max_size=3).map(" ".join)


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A short text and a random small edit of it: a word added, removed or replaced, a
    letter changed, or its case."""
    words = draw(st.lists(word, min_size=1, max_size=3))
    kind = draw(st.sampled_from(["insert", "delete", "replace", "letter", "case"]))
    at = draw(st.integers(0, len(words) - 1))
    new = list(words)
    if kind == "insert":
        new.insert(draw(st.integers(0, len(words))), draw(word))
    elif kind == "delete" and len(words) > 1:
        del new[at]
    elif kind == "replace":
        new[at] = draw(word)
    elif kind == "letter":
        position = draw(st.integers(0, len(words[at]) - 1))
        new[at] = words[at][:position] + draw(st.sampled_from("aeiouxyz")) + words[at][position + 1 :]
    else:
        new[at] = words[at].swapcase()
    return " ".join(words), " ".join(new)


def _merged(old: dict[str, tuple[str, bool]], new: list[str]) -> polib.POFile:
    existing = polib.POFile(wrapwidth=0)
    existing.metadata = {"Language": "hi"}
    for msgid, (msgstr, fuzzy) in old.items():
        existing.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else []))
    template = polib.POFile(wrapwidth=0)
    for msgid in dict.fromkeys(new):
        template.append(polib.POEntry(msgid=msgid, msgstr=""))
    return merge(template, Catalog(existing), "hi", "demo", "2026-01-01 00:00+0000")


@settings(max_examples=300, deadline=None)
@given(edit=edited(), others=st.lists(text, max_size=3, unique=True))
@example(edit=("Guide", "Guide book"), others=[])
@example(edit=("Configure the server", "Configure the web server"), others=[])
def test_a_carried_translation_is_always_for_review(edit: tuple[str, str], others: list[str]) -> None:
    """Whatever the edit, an approved translation is never published as approved for a text it
    was not made for, and never lost: it is kept (same text), carried fuzzy with ``#| msgid``,
    or obsolete. A word added to a short text carries it whenever the character ratio is
    msgmerge's (>= 0.6)."""
    before, after = edit
    old = {msgid: (f"T({msgid})", False) for msgid in [before, *others]}
    po = _merged(old, [after, *(o for o in others if o != before)])
    translations = {msgstr: msgid for msgid, (msgstr, _) in old.items()}
    for entry in po:
        if not entry.msgstr:
            continue
        made_for = translations[entry.msgstr]
        if entry.obsolete or made_for == entry.msgid:
            assert entry.obsolete or not entry.fuzzy
            continue
        assert entry.fuzzy and entry.previous_msgid == made_for
    kept = {entry.msgstr for entry in po if entry.msgstr}
    assert kept == set(translations)
    added = after.split()
    one_added = any(added[:i] + added[i + 1 :] == before.split() for i in range(len(added)))
    if one_added and after not in old:
        carried = po.find(after)
        ratio = difflib.SequenceMatcher(None, before, after, autojunk=False).ratio()
        if ratio >= 0.6 and not any(difflib.SequenceMatcher(None, other, after, autojunk=False).ratio() >= ratio for other in others):
            assert carried is not None and carried.previous_msgid == before


RESPELT = [  # (old, new): the same words, joined, split, hyphenated or in another case
    ("Setup", "Set up"),
    ("Log in", "Login"),
    ("E-mail settings", "Email settings"),
    ("Sign-in page", "Sign in page"),
    ("FAQ", "Faq"),
    ("Getting Started", "Getting started"),
    ("Wi-Fi setings", "WiFi settings"),  # joined, and a typo fixed
    ("Configure", "Configuring"),  # a longer form of the word: carried before too
]


def test_respelt_headings_keep_their_approved_translation_for_review(tmp_path: Path) -> None:
    """A heading whose words were joined, split, hyphenated or re-cased keeps its approved
    translation, fuzzy with ``#| msgid`` (never published as approved); another word carries
    nothing."""
    old_note = "".join(f"## {old}\n\n" for old, _ in RESPELT) + "# Guide\n"
    new_note = "".join(f"## {new}\n\n" for _, new in RESPELT) + "# Install\n"
    config, note = make_project(tmp_path, old_note)
    approved = {old: f"अनुवाद {index}" for index, (old, _) in enumerate(RESPELT)} | {"Guide": "मार्गदर्शिका"}
    translate(config, note, {msgid: (msgstr, False) for msgid, msgstr in approved.items()})
    note.path.write_text(new_note, encoding="utf-8")
    extract_note(config, note, ["hi"])
    po = polib.pofile(str(catalog_path(config, note, "hi")))
    for old, new in RESPELT:
        entry = po.find(new)
        assert entry is not None and (entry.msgstr, entry.fuzzy, entry.previous_msgid) == (approved[old], True, old), new
    install = po.find("Install")
    assert install is not None and install.msgstr == ""


@st.composite
def respelt(draw: st.DrawFn) -> tuple[str, str]:
    """A short text and the same words joined, split, hyphenated or re-cased."""
    words = draw(st.lists(word, min_size=1, max_size=3))
    kind = draw(st.sampled_from(["join", "hyphen", "split", "case"]))
    at = draw(st.integers(0, len(words) - 1))
    new = list(words)
    if kind in ("join", "hyphen") and len(words) > 1:
        at = min(at, len(words) - 2)
        new[at : at + 2] = [words[at] + ("" if kind == "join" else "-") + words[at + 1]]
    elif kind == "split" and len(words[at]) > 1:
        cut = draw(st.integers(1, len(words[at]) - 1))
        new[at] = words[at][:cut] + draw(st.sampled_from([" ", "-"])) + words[at][cut:]
    else:
        new = [w.swapcase() if draw(st.booleans()) else w.upper() for w in words]
    return " ".join(words), " ".join(new)


@settings(max_examples=300, deadline=None)
@given(edit=respelt())
@example(edit=("a a a", "aa a"))
def test_the_same_words_respelt_carry_the_translation_for_review(edit: tuple[str, str]) -> None:
    before, after = edit
    po = _merged({before: ("T", False)}, [after])
    entry = po.find(after)
    assert entry is not None
    if after == before:
        assert entry.msgstr == "T" and not entry.fuzzy
    else:
        assert (entry.msgstr, entry.fuzzy, entry.previous_msgid) == ("T", True, before)
