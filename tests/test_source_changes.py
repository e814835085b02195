"""Translations that stay true: source edits re-translated, nothing broken published, truthful coverage.

A 5-note, 3-language site is translated through a local OpenAI-compatible server (real HTTP on
127.0.0.1, :class:`tests.stubs.OpenAIStub`); every figure is counted from the requests it got.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest

from tests.conftest import Runner, write_project
from tests.stubs import OpenAIStub, fake_translate

LANGS = ("hi", "ru", "zh")
NOTES = {
    f"post{i}-en.md": f"""---
title: Post number {i}
---

# Notes about topic {i}

The first paragraph of post {i} explains why the **topic** matters.

- Install the tool with `pip install tool{i}`.
- Read [the guide](https://example.org/guide{i}) before you start.

The closing paragraph of post {i} thanks the reader for reading.
"""
    for i in range(1, 6)
}
EDITED_OLD = "The closing paragraph of post 3 thanks the reader for reading."
EDITED_NEW = "The closing paragraph of post 3 thanks every reader for reading."


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server


def site(root: Path, stub: OpenAIStub, extra: str = "") -> Path:
    config = f'engine = "openai"\nengine_url = "{stub.url}"\n{extra}'
    return write_project(root, dict(NOTES), LANGS, config)


def sent(stub: OpenAIStub) -> list[str]:
    """Every text sent for translation, one per segment per request."""
    texts: list[str] = []
    for post in stub.posts:
        texts.extend(json.loads(post["body"]["messages"][-1]["content"]).values())
    return texts


def status(root: Path, l10n: Runner) -> dict[str, Any]:
    result = l10n(root, "status", "--format", "json")
    data: dict[str, Any] = json.loads(result.stdout)
    return {lang["lang"]: lang for lang in data["languages"]}


def entries(root: Path, lang: str, note: str = "post3-en.po") -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(root / "locales" / lang / note), wrapwidth=0) if not e.obsolete}


def built(root: Path, lang: str, note: str = "post3") -> str:
    return (root / "translated" / lang / f"{note}-{lang}.md").read_text(encoding="utf-8")


def approve_by_hand(root: Path, lang: str, msgid: str, msgstr: str) -> None:
    path = root / "locales" / lang / "post3-en.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid == msgid:
            entry.msgstr, entry.flags, entry.tcomment = msgstr, [], "reviewed by Asha"
    po.save(str(path))


def test_one_edited_sentence_costs_three_segments_and_is_published_everywhere(
    tmp_path: Path, stub: OpenAIStub, l10n: Runner
) -> None:
    root = site(tmp_path, stub)
    first = l10n(root, "sync")
    assert first.exit_code == 0, first.stderr
    first_segments = len(sent(stub))
    assert first_segments > 0
    for lang in LANGS:
        assert fake_translate(EDITED_OLD, lang) in built(root, lang)
    # A reviewer approves the Hindi translation of the sentence that is about to change.
    human = "समापन अनुच्छेद पाठक को धन्यवाद देता है।"
    approve_by_hand(root, "hi", EDITED_OLD, human)
    assert l10n(root, "sync").exit_code == 0
    assert human in built(root, "hi")

    stub.requests.clear()
    note = root / "source_notes" / "post3-en.md"
    note.write_text(note.read_text(encoding="utf-8").replace(EDITED_OLD, EDITED_NEW), encoding="utf-8")
    result = l10n(root, "sync")
    assert result.exit_code == 0, result.stderr
    assert sent(stub) == [EDITED_NEW] * 3  # exactly the changed segment, once per language
    for lang in LANGS:
        text = built(root, lang)
        assert fake_translate(EDITED_NEW, lang) in text  # the new translation is published
        assert fake_translate(EDITED_OLD, lang) not in text and EDITED_NEW not in text
    assert human not in built(root, "hi")  # default on_source_change = "machine"
    # The human translation is still in the catalog, with the msgid it translates.
    kept = entries(root, "hi")[EDITED_NEW]
    assert (kept.msgstr, kept.previous_msgid, kept.fuzzy) == (human, EDITED_OLD, True)
    assert fake_translate(EDITED_NEW, "hi") in kept.tcomment
    # The machine translations were simply replaced: no stale #| left behind.
    for lang in ("ru", "zh"):
        entry = entries(root, lang)[EDITED_NEW]
        assert (entry.msgstr, entry.previous_msgid) == (fake_translate(EDITED_NEW, lang), None)
    # Coverage tells the truth: everything is published, one Hindi segment needs review.
    counts = status(root, l10n)
    for lang in LANGS:
        assert counts[lang]["coverage"] == 100.0
        assert counts[lang]["segments"]["review"] == (1 if lang == "hi" else 0)
        assert counts[lang]["segments"]["rejected"] == 0
    assert "1 needs review" in result.stdout.splitlines()[0]

    stub.requests.clear()
    again = l10n(root, "sync")
    assert again.exit_code == 0 and stub.posts == []  # a second run sends nothing


def test_coverage_counts_an_edited_segment_as_untranslated_until_it_is_translated_again(
    tmp_path: Path, stub: OpenAIStub, l10n: Runner
) -> None:
    root = site(tmp_path, stub)
    assert l10n(root, "sync").exit_code == 0
    note = root / "source_notes" / "post3-en.md"
    note.write_text(note.read_text(encoding="utf-8").replace(EDITED_OLD, EDITED_NEW), encoding="utf-8")
    assert l10n(root, "extract").exit_code == 0
    assert l10n(root, "build").exit_code == 0
    counts = status(root, l10n)
    total = counts["ru"]["segments"]["total"]
    for lang in LANGS:
        segments = counts[lang]["segments"]
        assert (segments["untranslated"], segments["translated"] + segments["fuzzy"]) == (1, total - 1)
        assert counts[lang]["coverage"] < 100
        assert EDITED_NEW in built(root, lang)  # what the build did publish: the English
    gate = l10n(root, "status", "--fail-under", "100")
    assert gate.exit_code == 1 and "coverage below 100%" in gate.stderr
    kept = l10n(root, "-v", "build", "--min-coverage", "100", "--force")
    assert "below the minimum 100%" in kept.stderr
    html = l10n(root, "status", "--format", "html").stdout
    assert "needs review" in html


@pytest.mark.parametrize(
    ("policy", "published"),
    [("previous", "human"), ("source", "english"), ("machine", "machine")],
)
def test_on_source_change_decides_what_a_changed_human_translation_publishes(
    tmp_path: Path, stub: OpenAIStub, l10n: Runner, policy: str, published: str
) -> None:
    root = site(tmp_path, stub, f'on_source_change = "{policy}"\n')
    assert l10n(root, "sync", "--lang", "hi").exit_code == 0
    human = "समापन अनुच्छेद पाठक को धन्यवाद देता है।"
    approve_by_hand(root, "hi", EDITED_OLD, human)
    note = root / "source_notes" / "post3-en.md"
    note.write_text(note.read_text(encoding="utf-8").replace(EDITED_OLD, EDITED_NEW), encoding="utf-8")
    stub.requests.clear()
    assert l10n(root, "sync", "--lang", "hi").exit_code == 0
    assert sent(stub) == ([EDITED_NEW] if policy == "machine" else [])
    expected = {"human": human, "english": EDITED_NEW, "machine": fake_translate(EDITED_NEW, "hi")}[published]
    assert expected in built(root, "hi")
    entry = entries(root, "hi")[EDITED_NEW]
    assert (entry.msgstr, entry.previous_msgid) == (human, EDITED_OLD)
    hi = status(root, l10n)["hi"]["segments"]
    assert hi["review"] == 1 and hi["untranslated"] == (1 if policy == "source" else 0)


def test_a_new_heading_is_not_prefilled_from_a_different_one_and_gets_translated(
    tmp_path: Path, stub: OpenAIStub, l10n: Runner
) -> None:
    root = write_project(
        tmp_path,
        {"photos-en.md": "# Select all photos\n\nPick them.\n"},
        ("hi",),
        f'engine = "openai"\nengine_url = "{stub.url}"\n',
    )
    assert l10n(root, "sync").exit_code == 0
    (root / "source_notes/photos-en.md").write_text("# Delete all photos\n\nPick them.\n", encoding="utf-8")
    stub.requests.clear()
    assert l10n(root, "sync").exit_code == 0
    assert sent(stub) == ["Delete all photos"]
    found = {e.msgid: e for e in polib.pofile(str(root / "locales/hi/photos-en.po"))}
    assert found["Delete all photos"].previous_msgid is None
    assert fake_translate("Delete all photos", "hi") in (root / "translated/hi/photos-hi.md").read_text(encoding="utf-8")


def test_check_catalogs_gates_a_pull_request_before_any_build(tmp_path: Path, stub: OpenAIStub, l10n: Runner) -> None:
    root = site(tmp_path, stub)
    assert l10n(root, "extract").exit_code == 0
    assert l10n(root, "check", "--catalogs").exit_code == 0
    assert "output-missing" in l10n(root, "check").stdout  # the full check still wants outputs
    path = root / "locales/hi/post1-en.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if "**topic**" in entry.msgid:
            entry.msgstr = "पोस्ट का पहला अनुच्छेद ** विषय ** बताता है।"
    po.save(str(path))
    result = l10n(root, "check", "--catalogs", "--format", "json")
    assert result.exit_code == 1
    assert [i["code"] for i in json.loads(result.stdout)["issues"]] == ["emphasis"]


# -- replies that break the markup: retried once, then never written nor published -----------------

BROKEN_REPLIES = {
    "spaceboldme": ("A **spaceboldme** word for you.", "paragraph", "strong emphasis"),
    "splitlinkme": ("See [the splitlinkme docs](https://x.org/a) today.", "paragraph", "1 link no longer parses as a link"),
    "crme": ("Please crme this sentence now.", "paragraph", "line break added (\\r)"),
    "frontme": ("Please frontme this sentence now.", "paragraph", "front matter"),
    "underlineme": ("Please underlineme this sentence.", "paragraph", "a heading"),
    "listme": ("Please listme this sentence now.", "paragraph", "a list"),
    "fenceme": ("Please fenceme this sentence now.", "paragraph", "a code fence"),
    "newlineme": ("Heading newlineme here", "heading", "line break added (\\n) in a single-line heading"),
}


@pytest.mark.parametrize("keyword", list(BROKEN_REPLIES))
def test_a_reply_that_breaks_markup_is_retried_then_not_published(
    tmp_path: Path, stub: OpenAIStub, l10n: Runner, keyword: str
) -> None:
    text, kind, problem = BROKEN_REPLIES[keyword]
    body = f"# {text}\n\nA clean paragraph.\n" if kind == "heading" else f"# Title\n\n{text}\n"
    root = write_project(tmp_path, {"note-en.md": body}, ("hi",), f'engine = "openai"\nengine_url = "{stub.url}"\n')
    stub.mode = "mangle"
    result = l10n(root, "sync")
    assert result.exit_code == 0, result.stderr
    attempts = [t for t in sent(stub) if keyword in t]
    assert len(attempts) == 2  # once in a batch, once alone
    assert problem in result.stderr and "not translated" in result.stderr
    found = {e.msgid: e for e in polib.pofile(str(root / "locales/hi/note-en.po"))}
    assert found[text].msgstr == ""  # never written
    output = (root / "translated/hi/note-hi.md").read_text(encoding="utf-8")
    assert text in output  # the English stays
    assert "\r" not in output and "---" not in output and "===" not in output and "```" not in output


def test_an_unchanged_reply_is_accepted_when_nothing_is_translatable_or_after_one_retry(
    tmp_path: Path, stub: OpenAIStub, l10n: Runner
) -> None:
    body = "# VACUUM INTO\n\nPlease echome this sentence.\n"
    root = write_project(tmp_path, {"note-en.md": body}, ("hi",), f'engine = "openai"\nengine_url = "{stub.url}"\n')
    stub.mode = "mangle"
    assert l10n(root, "sync").exit_code == 0
    texts = sent(stub)
    assert texts.count("VACUUM INTO") == 1  # no translatable words: accepted at once
    assert texts.count("Please echome this sentence.") == 2  # echoed twice: accepted after one retry
    found = {e.msgid: e for e in polib.pofile(str(root / "locales/hi/note-en.po"))}
    assert found["VACUUM INTO"].msgstr == "VACUUM INTO"
    assert found["Please echome this sentence."].msgstr == "Please echome this sentence."
    stub.requests.clear()
    (root / "locales/hi/note-en.po").unlink()  # even a lost catalog: the memory remembers
    assert l10n(root, "sync").exit_code == 0
    assert stub.posts == []


def test_texts_identical_once_code_and_links_are_masked_are_sent_once(
    tmp_path: Path, stub: OpenAIStub, l10n: Runner
) -> None:
    body = "# Title\n\n- Run `make a` now.\n- Run `make b` now.\n- Read [this](https://a.org) now.\n- Read [this](https://b.org) now.\n"
    root = write_project(tmp_path, {"note-en.md": body}, ("hi",), f'engine = "openai"\nengine_url = "{stub.url}"\n')
    assert l10n(root, "sync").exit_code == 0
    assert sorted(sent(stub)) == ["Read [this{1} now.", "Run {1} now.", "Title"]
    output = (root / "translated/hi/note-hi.md").read_text(encoding="utf-8")
    for original in ("`make a`", "`make b`", "](https://a.org)", "](https://b.org)"):
        assert output.count(original) == 1


@pytest.mark.parametrize(("policy", "noticed"), [("machine", True), ("previous", False), ("source", False)])
def test_build_says_when_a_source_edit_leaves_a_human_translation_unpublished(
    tmp_path: Path, stub: OpenAIStub, l10n: Runner, policy: str, noticed: bool
) -> None:
    """An approved human translation whose English changed is kept (fuzzy, ``#|``) but, before a
    fresh machine suggestion exists, the English is published: build says so, never silently
    (unless the policy asks for the English: ``source``)."""
    root = site(tmp_path, stub, f'on_source_change = "{policy}"\n')
    assert l10n(root, "sync", "--lang", "hi").exit_code == 0
    approve_by_hand(root, "hi", EDITED_OLD, "समापन अनुच्छेद पाठक को धन्यवाद देता है।")
    note = root / "source_notes" / "post3-en.md"
    note.write_text(note.read_text(encoding="utf-8").replace(EDITED_OLD, EDITED_NEW), encoding="utf-8")
    assert l10n(root, "extract", "--lang", "hi").exit_code == 0
    result = l10n(root, "build", "--lang", "hi")
    assert result.exit_code == 0, result.stderr
    notices = [line for line in result.stderr.splitlines() if "whose English changed" in line]
    assert len(notices) == (1 if noticed else 0), result.stderr
    if noticed:
        assert notices[0].startswith("notice: 1 segment ") and EDITED_NEW in built(root, "hi")
