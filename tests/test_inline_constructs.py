"""Inline constructs of real sites: references, images as references, hard breaks, TOML front
matter, task boxes, Liquid/Hugo link destinations and icon shortcodes (issue 12).

Each construct: the identity build is byte-exact, and the structure survives a pseudo
translation (through the real machine path: protection, engine, restoring), a reordering engine
and human translations that translate link texts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n.check import check_output
from l10n.markdown.document import Document
from l10n.markdown.frontmatter import find_front_matter
from l10n.markdown.markup import compare, restore_hard_breaks
from l10n.markdown.protect import protect
from l10n.markdown.references import brackets, keep_references_resolving, lost_references
from l10n.markdown.segment import parse_note, read_note
from l10n.mt.batch import translate_texts
from l10n.mt.engines.pseudo import PseudoEngine, pseudo_localize
from l10n.pipeline import translate_document
from tests.markdown_structure import structure

CASES = Path(__file__).parent / "data" / "cases"
_MD = MarkdownIt("commonmark").enable("table")


def links(text: str) -> list[tuple[str, str]]:
    """(kind, target) of every link and image the renderer makes, in order."""
    found: list[tuple[str, str]] = []
    for token in _MD.parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(("a", str(child.attrs.get("href", ""))))
            elif child.type == "image":
                found.append(("img", str(child.attrs.get("src", ""))))
    return found


class ReorderingEngine(PseudoEngine):
    """Pseudo-localizes, then puts the clauses of each text in the opposite order (as Hindi's
    word order often does), placeholders travelling with their clause."""

    name = "reorder"

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        return [" और ".join(reversed(re.split(r" and |, ", pseudo_localize(t)[1:-1]))) for t in texts]


def machine(doc: Document, engine: PseudoEngine | None = None) -> dict[tuple[str | None, str], str]:
    """Translations of every segment of ``doc`` through the machine path (as `l10n translate`)."""
    texts = [s.text for s in doc.segments]
    outcomes = translate_texts(
        texts,
        engine=engine or PseudoEngine(),
        source="en",
        target="hi",
        references=dict.fromkeys(texts, doc.references),
    )
    by_text = {o.source_text: o.translation for o in outcomes if o.translation}
    return {s.key: by_text[s.text] for s in doc.segments if s.text in by_text}


def case(name: str) -> str:
    (path,) = CASES.glob(f"{name}-*-en.md")
    return path.read_text("utf-8")


# -- the cases ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["07", "08", "11", "14", "19", "20", "21"])
def test_case_identity_is_byte_exact(name: str) -> None:
    text = case(name)
    doc = parse_note(text)
    assert doc.render({}) == text


@pytest.mark.parametrize("name", ["07", "08", "11", "14", "19", "21"])
@pytest.mark.parametrize("engine", [PseudoEngine(), ReorderingEngine()], ids=["pseudo", "reorder"])
def test_case_links_keep_their_targets(name: str, engine: PseudoEngine) -> None:
    text = case(name)
    doc = parse_note(text)
    out = translate_document(doc, machine(doc, engine), "hi")
    assert sorted(links(out)) == sorted(links(text))
    if not isinstance(engine, ReorderingEngine):
        assert links(out) == links(text)


def test_case_07_code_span_label_and_next_link() -> None:
    doc = parse_note(case("07"))
    (segment,) = doc.segments
    # A translator keeps the code-span reference and translates the other link's text.
    out = translate_document(doc, {segment.key: "पहले [`render`][] बुलाएँ, फिर [गाइड][] पढ़ें।"}, "hi")
    assert out.startswith("पहले [`render`][] बुलाएँ, फिर [गाइड][guide] पढ़ें।\n")
    assert links(out) == [("a", "/api/render/"), ("a", "/guide/")]


def test_case_08_image_reference_alt_translated() -> None:
    text = case("08")
    doc = parse_note(text)
    alt = next(s for s in doc.segments if s.text == "Dialog screenshot")
    out = translate_document(doc, {alt.key: "संवाद का चित्र"}, "hi")
    assert "[![संवाद का चित्र][Dialog screenshot]][Dialog screenshot]\n" in out
    assert links(out) == links(text) == [("a", "images/dialog.png"), ("img", "images/dialog.png")]


def test_collapsed_image_reference_alt_translated() -> None:
    text = "![Logo][]\n\n[logo]: /logo.png\n"
    doc = parse_note(text)
    (alt,) = doc.segments
    out = translate_document(doc, {alt.key: "चिह्न"}, "hi")
    assert out.startswith("![चिह्न][Logo]\n")
    assert links(out) == [("img", "/logo.png")]


def test_case_11_liquid_and_hugo_destinations_never_reach_the_engine() -> None:
    text = case("11") + 'And [ref]({{< ref "x.md" >}}) too.\n'
    doc = parse_note(text)
    for segment in doc.segments:
        sent = protect(segment.text).text
        assert "{%" not in sent and "{{" not in sent and "#options" not in sent and "issues/12" not in sent
    out = translate_document(doc, machine(doc), "hi")
    assert "]({% link docs/config.md %}#options)" in out
    assert "]({{ site.repository }}/issues/12)" in out
    assert ']({{< ref "x.md" >}})' in out


def test_case_14_alert_marker_does_not_take_the_label() -> None:
    doc = parse_note(case("14"))
    (segment,) = doc.segments
    translation = "[!NOTE] पहले [टेम्पलेट][] को अपने फ़ोल्डर में कॉपी करें।"
    fixed = keep_references_resolving(segment.text, translation, doc.references)
    assert fixed == "[!NOTE] पहले [टेम्पलेट][template] को अपने फ़ोल्डर में कॉपी करें।"
    # the marker translated too (a careless engine): still only the link is rewritten
    fixed = keep_references_resolving(segment.text, "[!नोट] पहले [टेम्पलेट][] कॉपी करें।", doc.references)
    assert fixed == "[!नोट] पहले [टेम्पलेट][template] कॉपी करें।"


def test_case_19_hard_breaks_written_back() -> None:
    text = case("19")
    doc = parse_note(text)
    assert [s.text for s in doc.segments] == [
        "Our office address:  \n12 Quay Street  \nSpringfield",
        "Call us\\\non weekdays.",
        "Tabs then spaces:\t  \nnext line.",
    ]
    # an engine or editor that drops trailing spaces and backslashes before line ends
    dropped = {s.key: re.sub(r"[ \t\\]+\n", "\n", pseudo_localize(s.text)) for s in doc.segments}
    out = translate_document(doc, dropped, "hi")
    hard = [c for c in structure(out) if c[0] == "hardbreak"]
    assert len(hard) == len([c for c in structure(text) if c[0] == "hardbreak"]) == 4
    assert structure(out) == structure(text)


def test_case_20_toml_front_matter() -> None:
    text = case("20")
    doc = parse_note(text)
    assert [(s.text, s.context) for s in doc.segments] == [
        ("Release notes", "front-matter:title"),
        ("The new version ships today.", None),
    ]
    out = translate_document(doc, {s.key: f"अनुवाद “{s.text}”" for s in doc.segments}, "hi")
    assert out == (
        "+++\n"
        'title = "अनुवाद “Release notes”"\n'
        "date = 2025-01-02\n"
        "draft = false\n"
        'tags = ["news", "release"]\n'
        'lang = "hi"\n'
        "translated = true\n"
        "+++\n"
        "\n"
        "अनुवाद “The new version ships today.”\n"
    )
    front = find_front_matter(out)
    assert front is not None and front.data["lang"] == "hi" and front.data["translated"] is True


def test_case_21_task_boxes_stay_at_the_item_start() -> None:
    text = case("21")
    doc = parse_note(text)
    assert [s.text for s in doc.segments] == ["Write the [draft][].", "Ask for a review."]
    out = translate_document(doc, machine(doc, ReorderingEngine()), "hi")
    assert out.splitlines()[0].startswith("- [ ] ")
    assert out.splitlines()[1].startswith("- [x] ")
    assert links(out) == [("a", "/drafts/")]


# -- TOML front matter --------------------------------------------------------------------------


def test_toml_front_matter_quirks_are_kept() -> None:
    text = "+++\r\ntitle = 'It is \"quoted\"'  # a comment\r\nlang = 'en'\r\n[params]\r\ndescription = \"not top level\"\r\n+++\r\nBody.\r\n"
    doc = parse_note(text, front_matter_keys=("title", "description"))
    assert doc.render({}) == text
    assert [s.context for s in doc.segments] == ["front-matter:title", None]
    out = translate_document(doc, {doc.segments[0].key: "यह 'उद्धृत' है"}, "hi")
    assert out.startswith("+++\r\ntitle = \"यह 'उद्धृत' है\"  # a comment\r\nlang = 'hi'\r\ntranslated = true\r\n[params]\r\n")
    front = find_front_matter(out)
    assert front is not None and front.data["title"] == "यह 'उद्धृत' है" and front.data["params"]["description"] == "not top level"


def test_toml_front_matter_error_names_the_line() -> None:
    with pytest.raises(Exception, match="invalid TOML") as info:
        parse_note("+++\ntitle = \"a\"\ndate = \n+++\n", "n.md")
    assert getattr(info.value, "line", None) == 3


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20))
@settings(max_examples=200, deadline=None)
def test_any_translated_title_loads_back_from_toml(value: str) -> None:
    doc = parse_note("+++\ntitle = 'T'\n+++\nx\n")
    title = doc.segments[0]
    out = translate_document(doc, {title.key: value}, "hi")
    front = find_front_matter(out)
    assert front is not None
    if value != "T":
        assert front.data["title"] == value
    assert front.data["lang"] == "hi" and front.data["translated"] is True


# -- hard breaks -----------------------------------------------------------------------------------


def test_hard_break_markers_restored_only_where_the_source_had_them() -> None:
    assert restore_hard_breaks("a  \nb\\\nc", "x\ny\nz") == "x  \ny\\\nz"
    assert restore_hard_breaks("a  \nb", "x  \ny") == "x  \ny"  # already hard
    assert restore_hard_breaks("a  \nb", "x y") == "x y"  # lines joined: nothing to place
    assert restore_hard_breaks("`a  \nb`", "`x\ny`") == "`x\ny`"  # inside code: content


# -- references ------------------------------------------------------------------------------------


def test_brackets_follow_markdown_it() -> None:
    text = r"[a](/u) \[b] `[c]` <span title='[d]'>[e]</span> ![f][] [^1] [g][h]"
    found = [(text[b.start : b.end], b.form, b.resolved) for b in brackets(text, {"F": "/f.png"})]
    assert found == [
        ("[a](/u)", "inline", True),
        ("[e]", "shortcut", False),
        ("![f][]", "collapsed", True),
        ("[g][h]", "full", False),
        ("[h]", "shortcut", False),  # markdown-it tries "[h]" again once "[g]" is text
    ]


def test_two_translated_references_in_another_order_are_never_swapped() -> None:
    refs = {"A": "/a", "B": "/b"}
    # A human translation that moved the links: the build cannot tell which is which.
    out = keep_references_resolving("Use [A] with [B].", "[बी] के साथ [ए] का उपयोग करें।", refs)
    assert out == "[बी] के साथ [ए] का उपयोग करें।"
    assert lost_references("Use [A] with [B].", out, refs) == ["A", "B"]
    # The machine path sends full references: the labels travel with their link text.
    p = protect("Use [A] with [B].", references=refs)
    assert p.restore("[बी" + p.text.split("[B")[1].split(".")[0] + " के साथ [ए" + p.text.split("[A")[1].split(" ")[0] + " का उपयोग।") == "[बी][B] के साथ [ए][A] का उपयोग।"


_DEFINED = ["Alpha", "Beta tool", "`gamma`", "Delta"]
_PIECES = st.sampled_from(
    [
        "[Alpha]",
        "[Beta tool][]",
        "[`gamma`][]",
        "[Delta]",
        "[text][Delta]",
        "[inline](/in)",
        "![Alpha]",
        "[ ]",
        "[x]",
        "[!NOTE]",
        "[undefined][]",
        "[`code`][]",
        "[...]",
        "plain words",
    ]
)


def _note(pieces: list[str]) -> str:
    body = " and ".join(pieces)
    definitions = "".join(f"[{label}]: /{i}\n" for i, label in enumerate(_DEFINED))
    return f"Para {body} end.\n\n{definitions}"


def _human(text: str) -> str:
    """A translator who translates every link text (``[Alpha]`` → ``[अAlpha]``) and keeps the
    literal brackets and the code as they are."""

    def one(match: re.Match[str]) -> str:
        inner = match.group(2)
        if inner in (" ", "x", "!NOTE", "...", "undefined", "`code`") or inner.startswith("`"):
            return match.group(0)
        return f"{match.group(1)}[अ{inner}]"

    return re.sub(r"(?<!\])(!?)\[([^\[\]]+)\](?!\()", one, text)


def text_targets(text: str) -> list[tuple[str, str]]:
    """(link text or alt without the translator's mark, target) of every link and image."""
    found: list[tuple[str, str]] = []
    for token in _MD.parse(text):
        children = token.children or []
        for index, child in enumerate(children):
            if child.type == "link_open":
                inner = children[index + 1]
                found.append((inner.content.removeprefix("अ"), str(child.attrs.get("href", ""))))
            elif child.type == "image":
                found.append((child.content.removeprefix("अ"), str(child.attrs.get("src", ""))))
    return found


@given(st.lists(_PIECES, min_size=1, max_size=8))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_translated_references_never_point_elsewhere(pieces: list[str]) -> None:
    text = _note(pieces)
    doc = parse_note(text)
    (segment,) = doc.segments
    source_links = links(text)
    # human translation in order: every link resolves again, in order
    human = translate_document(doc, {segment.key: _human(segment.text)}, "hi")
    human_links = links(human)
    # links whose labels the build cannot tell apart may stay unresolved (check names them),
    # but no link points elsewhere than its text's source link did
    source_pairs = set(text_targets(text))
    assert set(text_targets(human)) <= source_pairs
    lost = lost_references(segment.text, _human(segment.text), doc.references)
    assert len(human_links) == len(source_links) - len(lost)
    if not lost:
        assert human_links == source_links
    # machine path, pseudo and reordering: every link keeps its target
    for engine in (PseudoEngine(), ReorderingEngine()):
        out = translate_document(doc, machine(doc, engine), "hi")
        assert sorted(links(out)) == sorted(source_links)


def test_check_reports_a_link_the_build_could_not_keep(tmp_path: Path) -> None:
    from tests.conftest import write_project

    root = write_project(tmp_path, {"a-en.md": "Use [A] with [B].\n\n[A]: /a\n[B]: /b\n"})
    from l10n.config import load_config
    from l10n.site.layout import select_notes

    config = load_config(root)
    (note,) = select_notes(config, ())
    doc = read_note(note.path.read_bytes())
    out = translate_document(doc, {doc.segments[0].key: "[बी] के साथ [ए] का उपयोग करें।"}, "hi")
    from l10n.site.layout import output_path

    target = output_path(config, note, "hi")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(out, "utf-8")
    issues = [i for i in check_output(note, "hi", config) if i.code == "reference-link"]
    assert [i.message.split(" (")[0] for i in issues] == ["the link to [A]", "the link to [B]"]


# -- protection and check of destinations and icons ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Get it :material-download: now :smile: and :+1: or :fontawesome-brands-github:.",
        "See [o]({% link docs/config.md %}#options).",
        'See [r]({{< ref "x.md" >}}).',
        "![a](\n../fig/03-loop.png)",
    ],
)
def test_protected_elements_are_placeholders_and_checked(text: str) -> None:
    p = protect(text)
    assert not re.search(r":[a-z]|\{%|\{\{|fig", p.text)
    assert p.restore(p.text) == text
    assert compare(text, text) == []
    broken = re.sub(r":material-download:|:smile:|#options|x\.md|03-loop", "", text)
    assert compare(text, broken)


def test_icons_survive_the_machine_path() -> None:
    text = "Click :material-download: to get it :smile:\n"
    doc = parse_note(text)
    out = translate_document(doc, machine(doc, ReorderingEngine()), "hi")
    assert ":material-download:" in out and ":smile:" in out


def test_undefined_collapsed_references_stay_as_written() -> None:
    """``[Heading][]`` the note does not define renders as written in CommonMark and GFM, and
    MkDocs autorefs resolve it at site build by its text, an identifier: it is neither expanded
    nor given a label nor translated, and a code-span label next to it is kept."""
    text = "See [Configuration][] and [`BaseModel`][pydantic.main.BaseModel] and [`X`][].\n\n[X]: /x\n"
    doc = parse_note(text)
    assert len(doc.segments) == 1
    out = translate_document(doc, machine(doc, ReorderingEngine()), "hi")
    assert "[Configuration][]" in out  # its text is the label: kept byte-exact
    assert "][Configuration]" not in out and "[`BaseModel`][pydantic.main.BaseModel]" in out
    assert structure(out) == structure(text)


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: T\ndescription:\n  High-level information about the project,\n  and its status.\nweight: 10\n---\nx\n",
        "---\nlang:\ntitle: T\n---\nx\n",
        "---\nlang:   # the source language\ntranslated:\ntitle: # a comment\n  Long\n  title\n---\nx\n",
    ],
)
def test_yaml_values_on_the_next_line_or_empty(text: str) -> None:
    """A value that starts on the line after its key, or an empty one: the rewritten front
    matter still loads, with the translated values and lang/translated set."""
    doc = parse_note(text)
    out = translate_document(doc, {s.key: f"अनुवाद: {s.text}" for s in doc.segments}, "hi")
    front = find_front_matter(out)
    assert front is not None and front.data["lang"] == "hi" and front.data["translated"] is True
    for segment in doc.segments:
        if segment.context:
            assert front.data[segment.context.split(":", 1)[1]] == f"अनुवाद: {segment.text}"
    source_front = find_front_matter(text)
    assert source_front is not None
    assert {k: v for k, v in front.data.items() if k not in ("lang", "translated", "title", "description")} == {
        k: v for k, v in source_front.data.items() if k not in ("lang", "translated", "title", "description")
    }
