"""Short segments keep their approved translation through a small edit, fuzzy with ``#| msgid``
for a reviewer, as longer ones and msgmerge's fuzzy matching do (README, "When the source
changes"): a heading of one to three words through a respelt or added word, a sentence that keeps
three words through one word replaced; another word of a short heading is another meaning and
carries nothing."""

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
from tests.conftest import Runner, write_project
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


def _folded(a: str, b: str) -> float:
    """The ratio l10n ranks old texts by (case ignored): another old text at least as close to
    the new one may take the translation instead (msgmerge's ratio keeps the case)."""
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


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
        if ratio >= 0.6 and not any(_folded(other, after) >= _folded(before, after) for other in others):
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
@example(edit=("all all a", "allall a"))  # difflib's ratio 0.59, msgmerge's 0.94
def test_the_same_words_respelt_carry_the_translation_for_review(edit: tuple[str, str]) -> None:
    before, after = edit
    po = _merged({before: ("T", False)}, [after])
    entry = po.find(after)
    assert entry is not None
    if after == before:
        assert entry.msgstr == "T" and not entry.fuzzy
    else:
        assert (entry.msgstr, entry.fuzzy, entry.previous_msgid) == ("T", True, before)


# -- sentences of four to seven words: one word replaced ---------------------------------------

ONE_WORD = [  # (old, new): a short sentence, one word replaced; msgmerge carries each (fuzzy, #| msgid)
    ("Beta sentence two here.", "Beta sentence 2 here."),  # a number spelled out, then as digits
    ("Install three packages first.", "Install 3 packages first."),
    ("Click the big button.", "Click the large button."),  # a synonym
    ("Open the settings page", "Open the preferences page"),
    ("Save the file before closing.", "Save the file before exiting."),
    ("Teh quick setup guide", "The quick setup guide"),  # a typo fixed (letters swapped)
    ("Press the green button to start.", "Press the red button to start."),
    ("Open the app and sign in.", "Open the app and log in."),
    ("Click the big button.", "Click the large red button."),  # a word replaced and one added
    ("Save all your open files now.", "Save your changed files now."),  # one replaced, one removed
    # one to three words: a number or a swapped letter is the same word respelt
    ("Wait five minutes.", "Wait 5 minutes."),
    ("Step two", "Step 2"),
    ("Teh guide", "The guide"),
]
UNRELATED = [
    ("Guide", "Install"),
    ("Turn on Wi-Fi", "Turn off WiFi"),
    ("Select all photos", "Delete all photos"),
    ("Step one", "Step three"),
]


def test_a_short_sentence_with_one_word_replaced_keeps_its_approved_translation(tmp_path: Path, l10n: Runner) -> None:
    """``sync`` carries an approved translation of a four-to-seven-word sentence to the sentence
    with one word replaced, fuzzy with ``#| msgid`` and the machine suggestion the default
    ``on_source_change`` adds (README, "When the source changes"), as it does for a long one and
    as msgmerge does; a heading of one to three words with another word carries nothing."""
    pairs = ONE_WORD + UNRELATED
    root = write_project(tmp_path, {"short-en.md": "".join(f"{old}\n\n" for old, _ in pairs)})
    l10n.sync(root)
    path = root / "locales/hi/short-en.po"
    po = polib.pofile(str(path), wrapwidth=0)
    approved = {old: f"अनुवाद {index}" for index, (old, _) in enumerate(pairs)}
    for entry in po:
        entry.msgstr, entry.flags, entry.tcomment = approved[entry.msgid], [], "reviewed by Asha"
    po.save(str(path))
    (root / "source_notes/short-en.md").write_text("".join(f"{new}\n\n" for _, new in pairs), encoding="utf-8")
    l10n.sync(root)
    po = polib.pofile(str(path), wrapwidth=0)
    for old, new in ONE_WORD:
        entry = po.find(new)
        assert entry is not None and (entry.msgstr, entry.fuzzy, entry.previous_msgid) == (approved[old], True, old), new
        assert "mt-suggestion: pseudo" in entry.tcomment, new
        assert po.find(old, include_obsolete_entries=True) is None, old  # taken, not left obsolete
    for old, new in UNRELATED:
        entry = po.find(new)
        assert entry is not None and entry.previous_msgid is None and "mt: pseudo" in entry.tcomment, new
        gone = po.find(old, include_obsolete_entries=True)
        assert gone is not None and gone.obsolete and gone.msgstr == approved[old], old


SENTENCE_WORDS = [*WORDS, "two", "2", "ten", "10", "large", "big", "files", "button", "Press", "to", "start", "page"]
sentence_word = st.sampled_from(SENTENCE_WORDS)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(sentence_word, min_size=4, max_size=6),
    at=st.integers(0, 5),
    replacement=sentence_word,
    stop=st.booleans(),
    added=st.one_of(st.none(), st.tuples(st.integers(0, 6), sentence_word), st.integers(0, 5)),
    others=st.lists(text, max_size=2, unique=True),
)
@example(words=["Beta", "sentence", "two", "here"], at=2, replacement="2", stop=True, added=None, others=[])
@example(words=["Click", "the", "big", "button"], at=2, replacement="large", stop=True, added=(3, "red"), others=[])
def test_one_word_replaced_in_a_sentence_carries_as_msgmerge_would(
    words: list[str], at: int, replacement: str, stop: bool, added: tuple[int, str] | int | None, others: list[str]
) -> None:
    """A sentence of four to six words with one word replaced (and maybe one more added or
    removed) takes its approved translation, fuzzy with ``#| msgid``, whenever msgmerge would
    (its character ratio >= 0.6) and no other old text is as close; whatever is carried is
    carried for review, never lost."""
    before = " ".join(words) + ("." if stop else "")
    new = list(words)
    new[at % len(words)] = replacement
    if isinstance(added, tuple):
        new.insert(added[0] % (len(new) + 1), added[1])
    elif added is not None:
        del new[added % len(new)]
    after = " ".join(new) + ("." if stop else "")
    old = {msgid: (f"T({msgid})", False) for msgid in [before, *others]}
    po = _merged(old, [after, *(o for o in others if o not in (before, after))])
    translations = {msgstr: msgid for msgid, (msgstr, _) in old.items()}
    for entry in po:
        if entry.msgstr and not entry.obsolete and translations[entry.msgstr] != entry.msgid:
            assert entry.fuzzy and entry.previous_msgid == translations[entry.msgstr]
    assert {entry.msgstr for entry in po if entry.msgstr} == set(translations)
    ratio = difflib.SequenceMatcher(None, before, after, autojunk=False).ratio()
    closer = any(_folded(o, after) >= _folded(before, after) for o in others)
    kept = len(words) - 1 - (isinstance(added, int) and not isinstance(added, bool))  # three kept: a sentence, not a heading
    if after != before and ratio >= 0.6 and not closer and kept >= 3:
        carried = po.find(after)
        assert carried is not None and (carried.msgstr, carried.fuzzy, carried.previous_msgid) == (f"T({before})", True, before)
