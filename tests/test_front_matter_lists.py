"""List-valued front-matter keys: each string item is a segment, written back in place (issue s18-fm).

Carpentries Jekyll lessons list ``questions``, ``objectives`` and ``keypoints`` on every page;
naming such a key in ``front_matter_keys`` was silently ignored. The inputs here are generated
(the shape of a Carpentries episode's front matter, not its text).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.markdown.frontmatter import find_front_matter, front_matter_segments
from l10n.markdown.scalars import json_string, toml_string, yaml_scalar
from l10n.markdown.yaml12 import load as load_yaml
from l10n.pipeline import build_note, extract_note
from l10n.po.catalog import Catalog
from l10n.site.layout import catalog_path, output_path, select_notes
from tests.conftest import write_project

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

EPISODE = """---
title: Python Fundamentals
teaching: 20
summary: A summary here.
questions:
- "What basic data types can I work with in Python?"
- How can I create a new variable in Python?
- 'How do I use a function?'
- 42
- |
  Can I change the value
  after I create it?
- {hint: a map}
objectives: [Assign values to variables., "Use `print`", 'Lists, tuples', 7]
keypoints: 3
---

Body text.
"""


def _data(text: str) -> dict[str, Any]:
    front = find_front_matter(text)
    assert front is not None
    body = text[front.body_start : front.body_end]
    if front.format == "yaml":
        return dict(load_yaml(body))
    if front.format == "toml":
        return tomllib.loads(body.replace("\r\n", "\n"))
    return dict(json.loads(body))


def _render(text: str, translate: Any) -> str:
    """``text`` with every front-matter segment of ``questions`` (and the scalars) translated."""
    front = find_front_matter(text)
    assert front is not None
    segments = front_matter_segments(text, front, ["title", "summary", "questions", "objectives"])
    for segment in sorted(segments, key=lambda s: s.start, reverse=True):
        text = text[: segment.start] + segment.render(translate(segment)) + text[segment.end :]
    return text


def test_each_string_item_of_a_list_key_is_a_segment_named_by_its_key() -> None:
    front = find_front_matter(EPISODE)
    assert front is not None
    segments = front_matter_segments(EPISODE, front, ["title", "summary", "questions", "objectives"])
    assert [(s.context, s.text, s.line) for s in segments] == [
        ("front-matter:title", "Python Fundamentals", 2),
        ("front-matter:summary", "A summary here.", 4),
        ("front-matter:questions", "What basic data types can I work with in Python?", 6),
        ("front-matter:questions", "How can I create a new variable in Python?", 7),
        ("front-matter:questions", "How do I use a function?", 8),
        ("front-matter:questions", "Can I change the value\nafter I create it?", 11),
        ("front-matter:objectives", "Assign values to variables.", 14),
        ("front-matter:objectives", "Use `print`", 14),
        ("front-matter:objectives", "Lists, tuples", 14),
    ]


def test_items_are_written_back_in_their_own_style_and_the_rest_stays() -> None:
    out = _render(EPISODE, lambda s: "हिं: " + s.text.replace("\n", "\n "))
    assert out == EPISODE.replace(
        '- "What basic data types', '- "हिं: What basic data types'
    ).replace(
        "- How can I", '- "हिं: How can I'
    ).replace(
        "variable in Python?\n", 'variable in Python?"\n'
    ).replace(
        "- 'How do I", "- 'हिं: How do I"
    ).replace(
        "  Can I change the value\n  after", "  हिं: Can I change the value\n  after"
    ).replace(
        "[Assign values to variables., \"Use `print`\", 'Lists, tuples', 7]",
        "[\"हिं: Assign values to variables.\", \"हिं: Use `print`\", 'हिं: Lists, tuples', 7]",
    ).replace("title: Python", 'title: "हिं: Python').replace("Fundamentals\n", 'Fundamentals"\n').replace(
        "summary: A", 'summary: "हिं: A'
    ).replace("here.\n", 'here."\n')
    data = _data(out)
    assert data["questions"][3] == 42 and data["questions"][5] == {"hint": "a map"} and data["objectives"][3] == 7


def test_a_key_that_is_no_string_nor_list_of_strings_is_warned_about_once(caplog: pytest.LogCaptureFixture) -> None:
    front = find_front_matter(EPISODE)
    assert front is not None
    with caplog.at_level(logging.WARNING, logger="l10n"):
        segments = front_matter_segments(EPISODE, front, ["keypoints", "teaching"], "e.md")
    assert segments == []
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "warning: e.md:15: front-matter key 'keypoints' is left untranslated: its value is a number, not a string or a list of strings",
        "warning: e.md:3: front-matter key 'teaching' is left untranslated: its value is a number, not a string or a list of strings",
    ]


@pytest.mark.parametrize(
    ("note", "line"),
    [
        ("---\nmeta:\n  a: b\n---\n", 2),
        ("+++\ntitle = 'x'\n[meta]\na = 1\n+++\n", 3),
        ("+++\nmeta = {a = 1}\n+++\n", 2),
        ('{\n  "title": "x",\n  "meta": {"a": 1}\n}\n', 3),
        ("---\nmeta: [1, 2]\n---\n", 2),
    ],
)
def test_a_mapping_or_a_list_without_strings_is_warned_about(caplog: pytest.LogCaptureFixture, note: str, line: int) -> None:
    front = find_front_matter(note)
    assert front is not None
    with caplog.at_level(logging.WARNING, logger="l10n"):
        assert front_matter_segments(note, front, ["meta"], "n.md") == []
    [record] = caplog.records
    assert record.getMessage().startswith(f"warning: n.md:{line}: front-matter key 'meta' is left untranslated")


# -- round trips in every style -------------------------------------------------------------------

ITEM = st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x85\u2028\u2029"), max_size=20)


def _yaml_block(items: list[str], style: str) -> str:
    return "questions:\n" + "".join(f"- {yaml_scalar(item, style)}\n" for item in items)


def _yaml_flow(items: list[str], style: str) -> str:
    return "questions: [" + ", ".join(yaml_scalar(item, "flow-plain" if style == "plain" else style) for item in items) + "]\n"


FORMATS = {
    "yaml-block-plain": lambda items: "---\ntitle: T\n" + _yaml_block(items, "plain") + "tail: x\n---\n",
    "yaml-block-single": lambda items: "---\ntitle: T\n" + _yaml_block(items, "single") + "tail: x\n---\n",
    "yaml-block-double": lambda items: "---\ntitle: T\n" + _yaml_block(items, "double") + "tail: x\n---\n",
    "yaml-flow-plain": lambda items: "---\ntitle: T\n" + _yaml_flow(items, "plain") + "tail: x\n---\n",
    "yaml-flow-single": lambda items: "---\r\ntitle: T\r\n" + _yaml_flow(items, "single").replace("\n", "\r\n") + "---\r\n",
    "toml-basic": lambda items: "+++\ntitle = 'T'\nquestions = [" + ", ".join(toml_string(i) for i in items) + "]\ntail = 1\n+++\n",
    "toml-literal-lines": lambda items: "+++\nquestions = [\n" + "".join(f"  {toml_string(i, 'literal')},  # c\n" for i in items) + "]\n[extra]\na = 1\n+++\n",
    "json": lambda items: '{\n  "title": "T",\n  "questions": [' + ", ".join(json_string(i) for i in items) + '],\n  "n": 1\n}\n',
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@settings(deadline=None, max_examples=60)
@given(sources=st.lists(ITEM, min_size=1, max_size=4), data=st.data())
def test_list_items_round_trip_in_every_style(fmt: str, sources: list[str], data: st.DataObject) -> None:
    note = FORMATS[fmt](sources)
    # the source itself: an identity translation writes every byte back as it was
    assert _render(note, lambda s: s.text) == note
    translations = data.draw(st.lists(ITEM, min_size=len(sources), max_size=len(sources)))
    # equal items are one entry (msgctxt and msgid alike): the first one's translation serves all
    by_text: dict[str, str] = {}
    for source, translation in zip(sources, translations):
        by_text.setdefault(source, translation)
    out = _render(note, lambda s: by_text[s.text] if s.context == "front-matter:questions" else s.text)
    expected = [by_text[source] if source.strip() else source for source in sources]
    before, after = _data(note), _data(out)
    assert after == {**before, "questions": expected}
    # the layout around the items stays: the text between them is the source's
    front = find_front_matter(note)
    assert front is not None
    spans = [(s.start, s.end) for s in front_matter_segments(note, front, ["questions"])]
    assert len(spans) == sum(1 for source in sources if source.strip())


def test_the_episode_is_extracted_and_built_with_its_lists_translated(tmp_path: Path) -> None:
    extra = 'front_matter_keys = ["title", "questions", "objectives", "summary"]\n'
    root = write_project(tmp_path, {"episode.md": EPISODE}, extra=extra)
    config = load_config(root)
    [note] = select_notes(config, [])
    extract_note(config, note, ["hi"])
    path = catalog_path(config, note, "hi")
    catalog = Catalog.load(path)
    contexts = sorted(entry.msgctxt for entry in catalog.po if entry.msgctxt)
    assert "front-matter:questions" in contexts and "front-matter:objectives" in contexts
    for entry in catalog.po:
        if entry.msgctxt:
            entry.msgstr = "हिं " + entry.msgid
    catalog.save()
    build_note(config, note, "hi")
    data = _data(output_path(config, note, "hi").read_text(encoding="utf-8"))
    assert data["questions"][:3] == ["हिं " + q for q in _data(EPISODE)["questions"][:3]]
    assert data["questions"][3:] == [42, "हिं Can I change the value\nafter I create it?\n", {"hint": "a map"}]
    assert data["objectives"] == ["हिं Assign values to variables.", "हिं Use `print`", "हिं Lists, tuples", 7]


@pytest.mark.parametrize(
    ("note", "expected", "warned"),
    [
        ("---\nt: &a x\nquestions:\n- *a\n- y\n---\n", ["y"], False),  # an alias item is the anchor's text: left
        ("---\nquestions: [&a x, *a]\n---\n", [], True),  # one node twice: not in place, warned
        ("---\nquestions:\n  - a # c\n  -\n    b\n---\n", ["a", "b"], False),
        ("---\nquestions: !!seq [a, b]\n---\n", ["a", "b"], False),
        ("+++\nquestions = [[\"x\", 'y'], {a = \"]\"}, \"z\"]\n+++\n", ["z"], False),
        ('{"questions": [["x"], {"a": "b"}, "z", ""]}\n', ["z"], False),
    ],
)
def test_aliases_nested_values_and_unusual_layouts(
    caplog: pytest.LogCaptureFixture, note: str, expected: list[str], warned: bool
) -> None:
    front = find_front_matter(note)
    assert front is not None
    with caplog.at_level(logging.WARNING, logger="l10n"):
        segments = front_matter_segments(note, front, ["questions"], "n.md")
    assert [s.text for s in segments] == expected
    assert bool(caplog.records) is warned
    out = _render(note, lambda s: "अ, " + s.text)
    assert _data(out)["questions"] == [
        "अ, " + item if isinstance(item, str) and item in expected else item for item in _data(note)["questions"]
    ]


WORDS = st.text(alphabet=st.characters(categories=["L", "N", "P", "S"]), min_size=1, max_size=8)
LINES = st.lists(st.lists(WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=3).map("\n".join)


@pytest.mark.parametrize("header", ["|", "|-", "|+", ">", ">-"])
@settings(deadline=None, max_examples=40)
@given(sources=st.lists(LINES, min_size=1, max_size=3), data=st.data())
def test_block_scalar_items_round_trip(header: str, sources: list[str], data: st.DataObject) -> None:
    items = "".join(f"- {header}\n" + "".join(f"    {line}\n" for line in source.split("\n")) for source in sources)
    note = f"---\ntitle: T\nquestions:\n{items}tail: x\n---\n"
    same = _render(note, lambda s: s.text)
    if header[0] == "|":  # a literal block: its lines are the msgid's, written back as they were
        assert same == note
    else:  # a folded one: the msgid is the folded text, written back on one line that reads the same
        assert _data(same) == _data(note)
    translations = data.draw(st.lists(LINES, min_size=len(sources), max_size=len(sources)))
    before = _data(note)["questions"]
    front = find_front_matter(note)
    assert front is not None
    # one segment per item, in order; equal items are one entry: the first one's translation serves all
    texts = [s.text for s in front_matter_segments(note, front, ["questions"])]
    by_text: dict[str, str] = {}
    for text, translation in zip(texts, translations):
        by_text.setdefault(text, translation)
    out = _render(note, lambda s: by_text[s.text] if s.context == "front-matter:questions" else s.text)
    after = _data(out)
    # the header (and so the chomping and folding) stays: the value is the translation read as
    # the source's lines were, with the source's final line breaks
    expected = []
    for source_value, translation in zip(before, [by_text[text] for text in texts]):
        body = translation if header[0] == "|" else translation.replace("\n", " ")
        expected.append(body + source_value[len(source_value.rstrip("\n")) :])
    assert after["questions"] == expected
    assert out.count(f"- {header}\n    ") == len(sources)


INSERTED = EPISODE.replace("questions:\n", "questions:\n- Why learn Python at all?\n")


def _approve_all(path: Path) -> dict[tuple[str | None, str], str]:
    """Translate and approve (no fuzzy flag) every entry of the catalog at ``path``, as a
    reviewer would; the translations by key."""
    catalog = Catalog.load(path)
    for entry in catalog.po:
        entry.msgstr = "हिं " + entry.msgid
        entry.flags = []
    catalog.save()
    return {(entry.msgctxt, entry.msgid): entry.msgstr for entry in catalog.po}


def test_an_item_inserted_above_leaves_the_approved_items_below_it_approved(tmp_path: Path) -> None:
    """Issue s19-left 1: with the item's index in its msgctxt, inserting an item renumbered the
    ones after it and their approved translations came back fuzzy, to review again."""
    root = write_project(tmp_path, {"episode.md": EPISODE}, extra='front_matter_keys = ["title", "questions"]\n')
    config = load_config(root)
    [note] = select_notes(config, [])
    extract_note(config, note, ["hi"])
    approved = _approve_all(catalog_path(config, note, "hi"))
    note.path.write_text(INSERTED, encoding="utf-8")
    extract_note(config, note, ["hi"])
    catalog = Catalog.load(catalog_path(config, note, "hi"))
    kept = {(e.msgctxt, e.msgid): e for e in catalog.po if not e.obsolete and (e.msgctxt, e.msgid) in approved}
    assert len(kept) == len(approved)
    assert all(entry.msgstr == approved[key] and not entry.fuzzy for key, entry in kept.items())
    [new] = [e for e in catalog.po if e.msgid == "Why learn Python at all?"]
    assert new.msgstr == "" and not [e for e in catalog.po if e.obsolete]


def test_a_catalog_with_indexed_item_contexts_keeps_its_translations_approved(tmp_path: Path) -> None:
    """A catalog written before the index was dropped (``front-matter:questions[1]``) is merged
    into the new contexts with its translations as they were, even for an item that moved."""
    root = write_project(tmp_path, {"episode.md": INSERTED}, extra='front_matter_keys = ["questions"]\n')
    config = load_config(root)
    [note] = select_notes(config, [])
    path = catalog_path(config, note, "hi")
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: hi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "front-matter:questions[0]"\nmsgid "What basic data types can I work with in Python?"\nmsgstr "हिं डेटा"\n\n'
        '#, fuzzy\n#| msgctxt "front-matter:questions[1]"\n#| msgid "How can I make a variable?"\n'
        'msgctxt "front-matter:questions[1]"\nmsgid "How can I create a new variable in Python?"\nmsgstr "हिं चर"\n',
        encoding="utf-8",
    )
    extract_note(config, note, ["hi"])
    catalog = Catalog.load(path)
    by_id = {e.msgid: e for e in catalog.po}
    data = by_id["What basic data types can I work with in Python?"]
    assert (data.msgctxt, data.msgstr, data.fuzzy) == ("front-matter:questions", "हिं डेटा", False)
    variable = by_id["How can I create a new variable in Python?"]
    assert (variable.msgctxt, variable.msgstr, variable.fuzzy) == ("front-matter:questions", "हिं चर", True)
    assert variable.previous_msgctxt == "front-matter:questions"
    assert not [e for e in catalog.po if e.obsolete]
