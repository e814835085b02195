"""Dialect constructs (issue 12): markers, attributes, definition lists, code shortcodes, MDX
lines and indented MkDocs bodies keep their syntax byte for byte; only titles and prose are text.

Each construct is tested for identity (no translation gives the source back byte for byte) and
for structure kept under a pseudo translation and under an engine that reorders words; the
cases of ``tests/data/cases`` (project-made inputs) have their right output in ``expected/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.errors import ConfigError
from l10n.markdown.dialect import (
    CONSTRUCTS,
    DIALECT_CONSTRUCTS,
    construct_marks,
    explicit_heading_id,
    line_view,
    make_dialect,
)
from l10n.markdown.document import Document, Segment
from l10n.markdown.segment import read_note
from l10n.mt.engines.pseudo import pseudo_localize
from tests.conftest import Runner
from tests.markdown_structure import structure

CASES = Path(__file__).parent / "data" / "cases"
DIALECT_OF_CASE = {
    "01": "kramdown",
    "02": "docusaurus",
    "03": "mkdocs",
    "04": "hugo",
    "05": "kramdown",
    "06": "mkdocs",
    "09": "docusaurus",
    "13": "mkdocs",
    "14": "gfm",
    "16": "gfm",
    "17": "vitepress",
    "18": "mkdocs",
}
UPDATE = os.environ.get("L10N_UPDATE_EXPECTED") == "1"


def guillemets(segment: Segment) -> str:
    return f"«{segment.text}»"


def reordered(segment: Segment) -> str:
    """An engine that puts the words of each line in reverse order (markup tokens move too)."""
    return "\n".join(" ".join(reversed(line.split(" "))) for line in segment.text.split("\n"))


def pseudo(segment: Segment) -> str:
    return pseudo_localize(segment.text)


def marks_of(text: str, dialect: str) -> list[str]:
    """The construct marks of ``text`` in order (their lines move when a translation joins lines)."""
    return [mark for _, mark in construct_marks(text, make_dialect(dialect))]


def parse(text: str, dialect: str) -> Document:
    return read_note(text.encode(), "note.md", dialect=make_dialect(dialect))


def texts(doc: Document) -> list[tuple[str, str]]:
    return [(s.kind.value, s.text) for s in doc.segments]


# -- the cases ---------------------------------------------------------------------------------


# The cases of the block constructs (the inline ones are tests/test_inline_constructs.py's).
@pytest.mark.parametrize(
    "path", sorted(p for p in CASES.glob("*-en.md") if p.name[:2] in DIALECT_OF_CASE), ids=lambda p: p.name[:2]
)
def test_case_identity_and_expected_output(path: Path) -> None:
    dialect = DIALECT_OF_CASE[path.name[:2]]
    data = path.read_bytes()
    doc = read_note(data, path.name, dialect=make_dialect(dialect))
    assert doc.render({}).encode() == data
    out = doc.render(guillemets)
    expected = CASES / "expected" / path.name
    if UPDATE:
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")
    marks = marks_of(doc.source, dialect)
    for translate in (guillemets, pseudo, reordered):
        assert marks_of(doc.render(translate), dialect) == marks


def test_case_segments_are_only_titles_and_prose() -> None:
    def segments(name: str) -> list[tuple[str, str]]:
        path = next(CASES.glob(f"{name}-*-en.md"))
        return texts(read_note(path.read_bytes(), path.name, dialect=make_dialect(DIALECT_OF_CASE[name])))

    assert segments("01") == [
        ("paragraph", "Whether the page is a draft. Default is `false`."),
        ("paragraph", "The position of the page in lists."),
    ]
    assert segments("02")[1] == ("paragraph", "Restart the server after you edit the settings.")
    assert segments("03")[0] == ("title", "Heads up")
    assert segments("04") == [("paragraph", "Add this to your site configuration:")]
    assert segments("05") == [
        ("paragraph", "Back up your files before you upgrade."),
        ("heading", "Install"),
        ("paragraph", "Read the notes first."),
    ]
    assert ("heading", "Settings") in segments("06") and ("image alt text", "Logo") in segments("06")
    assert segments("09") == [("front matter", "Setup"), ("paragraph", "Pick your platform below.")]
    assert [t for k, t in segments("13") if k == "title"] == ["Read this first", "Linux"]
    assert segments("16") == [("blockquote", "Deleting the folder cannot be undone.")]
    assert [t for k, t in segments("17") if k == "title"] == ["Before you start", "Show the full log"]
    assert segments("18") == [
        ("paragraph", "Back up your settings first."),
        ("title", "Quick fix"),
        ("paragraph", "Restart the service."),
        ("paragraph", "Then check the status page."),
    ]


# -- each construct ----------------------------------------------------------------------------

CONSTRUCT_EXAMPLES: dict[str, tuple[str, str, list[str]]] = {
    # name: (dialect, text, the segment texts)
    "alert": ("gfm", "> [!TIP]\n> Keep a copy.\n", ["Keep a copy."]),
    "alert with title": ("hugo", "> [!NOTE] Be careful\n> Keep a copy.\n", ["Be careful", "Keep a copy."]),
    "docusaurus title in brackets": (
        "docusaurus",
        ":::note[Read me]\nSome text.\n:::\n",
        ["Read me", "Some text."],
    ),
    "docusaurus nested": (
        "docusaurus",
        "::::info Outer title\nOuter text.\n:::tip\nInner text.\n:::\n::::\n",
        ["Outer title", "Outer text.", "Inner text."],
    ),
    "vitepress code group": (
        "vitepress",
        "::: code-group\n```sh [npm]\nnpm add vite\n```\n:::\n",
        [],
    ),
    "collapsible admonition": (
        "mkdocs",
        '???+ example "An example"\n    Text of it.\n\n    - a list item\n',
        ["An example", "Text of it.", "a list item"],
    ),
    "nested admonitions": (
        "mkdocs",
        "!!! note\n    Outer text.\n\n    !!! tip\n        Inner text.\n\n    ```py\n    code = 1\n    ```\n",
        ["Outer text.", "Inner text."],
    ),
    "admonition in a list item": (
        "mkdocs",
        "1. Step one\n\n    !!! note\n        Body text.\n",
        ["Step one", "Body text."],
    ),
    "pymdown block": ("mkdocs", "/// version-added | v2.9\nAdded here.\n///\n", ["v2.9", "Added here."]),
    "mkdocstrings": ("mkdocs", "::: pydantic.main.BaseModel\n    options:\n        show_root_heading: true\n\nAfter.\n", ["After."]),
    "kramdown IAL after a fence": ("kramdown", "~~~\nprint(1)\n~~~\n{: .language-python}\n\nText.\n", ["Text."]),
    "kramdown IAL after a blockquote": (
        "kramdown",
        "> ## Challenge\n>\n> Do this.\n{: .challenge}\n",
        ["Challenge", "Do this."],
    ),
    "kramdown toc": ("kramdown", "* TOC\n{:toc}\n\nText.\n", ["TOC", "Text."]),
    "attribute list with keys": ("mkdocs", '## Title { #id .class key="v" }\n', ["Title"]),
    "image with attributes": ("mkdocs", '![A logo](logo.png){ width="100" }\n', ["A logo"]),
    "definition list": ("mdbook", "Term\n:   Its definition.\n:   Another one.\n", ["Term", "Its definition.", "Another one."]),
    # mdBook's own test page: each level's term and definition keep their lines
    "nested definition lists": (
        "mdbook",
        "level one\n: l1\n    level two\n    : l2\n        level three\n        : l3\n",
        ["level one", "l1\nlevel two", "l2\nlevel three\nl3"],
    ),
    "nested definition list in a definition": (
        "mkdocs",
        "Term\n:   Definition\n\n    Nested term\n    :   Nested definition\n        goes on\n    Next term\n    :   Its definition\n",
        ["Term", "Definition", "Nested term", "Nested definition goes on\nNext term", "Its definition"],
    ),
    "definition list in a list item": (
        "kramdown",
        "- An item\n  term\n  : its definition\n  other\n  : another\n",
        ["An item\nterm\nits definition\nother\nanother"],
    ),
    "mdbook display math": (
        "mdbook",
        "To render it:\n\n\\\\[ \\mu = \\frac{1}{N} \\sum_{i=0} x_i \\\\]\n\nThen \\\\( x^2 \\\\) inline.\n",
        ["To render it:", "Then \\\\( x^2 \\\\) inline."],
    ),
    "display math over lines in a blockquote": (
        "mkdocs",
        "> Before it\n> \\[\n> a = b\n> \\]\n> after it.\n",
        ["Before it", "after it."],
    ),
    "dollar math block": ("gfm", "Energy:\n\n$$\nE = mc^2\n$$\n\n- Item\n\n  $$\n  x\n  $$\n", ["Energy:", "Item"]),
    "hugo highlight": (
        "hugo",
        "Intro text.\n\n{{< highlight go >}}\nfmt.Println(\"hello world\")\n{{< /highlight >}}\n",
        ["Intro text."],
    ),
    # a code shortcode with no closing tag is one tag: the text after it is still text
    "hugo readfile": (
        "hugo",
        'Intro.\n\n{{% readfile "includes/install.md" %}}\n\nAfter it.\n\n{{< code >}}\nx = 1\n{{< /code >}}\n',
        ["Intro.", "After it."],
    ),
    # never closed, a tag's line is not the start of a tag over several lines: the note goes on
    "unclosed template tag": ("kramdown", "{% include note.html\n\nMore text.\n", ["{% include note.html", "More text."]),
    # python-novice-inflammation's _includes/links.md, docsy's maintainer notes
    "definitions with template tags": (
        "kramdown",
        (
            "See [the guide][contributing].\n\n{% include base_path.html %}\n[cc]: https://example.org/cc\n"
            "[contributing]: {{ repo_url }}/blob/{{ source_branch }}/CONTRIBUTING.md\n"
            "[lesson-setup]: {{ relative_root_path }}{% link setup.md %}\n"
            "[about]: <{{% param example_site_url %}}/about/>\n[site]: {{site.url}}/x\n"
            "\nRead [about][] and [site][].\n"
        ),
        ["See [the guide][contributing].", "Read [about][] and [site][]."],
    ),
    # pydantic's standard_library_types.md: a table to MkDocs, a paragraph to GFM
    "loose table": (
        "mkdocs",
        "| Constraint | Description | Schema |\n| ---------- | ------ -----| ------ |\n| `le` | Less or equal | N/A |\n",
        ["Constraint", "Description", "Schema", "Less or equal", "N/A"],
    ),
    "hugo multi-line shortcode": (
        "hugo",
        '{{< blocks/cover title="Welcome"\n  image_anchor="top" >}}\n\nText.\n',
        ["Welcome", "Text."],  # a title argument is text (shortcode_arguments)
    ),
    "mdx import": ("docusaurus", "import Tabs from '@theme/Tabs';\n\nText here.\n", ["Text here."]),
    "task list": ("gfm", "- [ ] Open item\n- [x] Done item\n", ["Open item", "Done item"]),
    "kramdown markdown=1": (
        "kramdown",
        '<div markdown="1">\nSome text.\n* item one\n> quoted\n</div>\n',
        ["Some text.", "item one", "quoted"],
    ),
}


@pytest.mark.parametrize("name", sorted(CONSTRUCT_EXAMPLES))
def test_construct(name: str) -> None:
    dialect, text, expected = CONSTRUCT_EXAMPLES[name]
    doc = parse(text, dialect)
    if name == "definitions with template tags":  # those CommonMark reads stay definitions
        assert set(doc.references) >= {"ABOUT", "SITE"}
    assert doc.render({}) == text
    assert [t for _, t in texts(doc)] == expected
    marks = marks_of(text, dialect)
    deflist = "deflist" in make_dialect(dialect)
    for translate in (guillemets, pseudo, reordered):
        out = doc.render(translate)
        assert marks_of(out, dialect) == marks, (translate.__name__, out)
        if translate is not reordered:  # reordering moves inline markup, not blocks
            assert _blocks(read_as(out, dialect), deflist) == _blocks(read_as(text, dialect), deflist), out


def read_as(text: str, dialect: str) -> str:
    """``text`` as l10n's parser reads it in ``dialect``: syntax blanked, MkDocs bodies dedented."""
    lines = text.split("\n")
    view = line_view(lines, 0, make_dialect(dialect))
    return text if view is None else "\n".join(view.parsed)


def _blocks(text: str, deflist: bool) -> list[object]:
    """Block tokens with their code and HTML content (prose and inline markup left out)."""
    return [t[:6] for t in structure(text, deflist) if len(t) == 7]


def test_math_switches_with_its_construct(tmp_path: Path) -> None:
    """Without the ``math`` construct (plain CommonMark, or switched off) math lines are prose."""
    source = "$$\nE = mc^2\n$$\n\n\\\\[ x \\\\]\n"
    assert texts(parse(source, "gfm")) == []
    assert texts(parse(source, "commonmark")) == [("paragraph", "$$ E = mc^2 $$"), ("paragraph", "\\\\[ x \\\\]")]
    (tmp_path / "l10n.toml").write_text('markdown = "mdbook"\n[markdown_constructs]\nmath = false\n')
    off = load_config(tmp_path).markdown_dialect
    assert "math" not in off
    assert len(read_note(source.encode(), "n.md", dialect=off).segments) == 2


def test_unclosed_display_math_is_text() -> None:
    """An opening ``\\[`` with no closing one before a blank line is not math (MathJax would
    not read it either): the paragraph is a segment like any other."""
    source = "\\[ not closed\nText goes on.\n\nAfter.\n"
    assert texts(parse(source, "mkdocs")) == [("paragraph", "\\[ not closed Text goes on."), ("paragraph", "After.")]


def test_constructs_stay_commonmark_elsewhere() -> None:
    """In plain CommonMark no construct is read: a marker line is prose like any other."""
    doc = parse("!!! note\n    Body.\n\n:::tip\nText.\n:::\n", "commonmark")
    assert texts(doc)[0] == ("paragraph", "!!! note Body.")
    assert ("paragraph", ":::tip Text. :::") in texts(doc)


def test_explicit_heading_id() -> None:
    assert explicit_heading_id("## Settings {#settings}") == (11, 23)
    assert explicit_heading_id('## T { #a .b key="v" }') is not None
    assert explicit_heading_id("## T {: #a}") is not None
    assert explicit_heading_id("## T {.cls}") is None
    assert explicit_heading_id("## Plain") is None


def test_check_reports_a_joined_attribute_line() -> None:
    source = "Read this.\n{: .note }\n"
    assert marks_of(source, "kramdown") != marks_of("Read this. {: .note }\n", "kramdown")
    assert marks_of(source, "kramdown") != marks_of("Read this.\n", "kramdown")


# -- configuration -----------------------------------------------------------------------------


def test_constructs_switch_in_config(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('markdown = "mkdocs"\n[markdown_constructs]\ndeflist = false\nalerts = true\n')
    dialect = load_config(tmp_path).markdown_dialect
    assert "deflist" not in dialect and "alerts" in dialect and "admonitions" in dialect
    (tmp_path / "l10n.toml").write_text('[markdown_constructs]\ndeflst = false\n')
    with pytest.raises(ConfigError, match="did you mean 'deflist'"):
        load_config(tmp_path)


def test_code_shortcodes_are_configurable(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('markdown = "hugo"\ncode_shortcodes = ["snippet"]\n')
    dialect = load_config(tmp_path).markdown_dialect
    text = "{{< snippet >}}\nkeep this\n{{< /snippet >}}\n\n{{< highlight >}}\ntranslate this\n{{< /highlight >}}\n"
    doc = read_note(text.encode(), "n.md", dialect=dialect)
    assert [s.text for s in doc.segments] == ["translate this"]


def test_every_dialect_names_known_constructs() -> None:
    for constructs in DIALECT_CONSTRUCTS.values():
        assert constructs <= set(CONSTRUCTS)


# -- generated documents -----------------------------------------------------------------------

_WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "the", "server", "note", "**bold**", "`code`"])
_PROSE = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join).map(lambda s: "Word " + s)
_BLOCKS = {
    "mkdocs": [
        st.builds(lambda t, b: f'!!! note "{t}"\n    {b}\n', _PROSE, _PROSE),
        st.builds(lambda t, b: f'=== "{t}"\n\n    {b}\n', _PROSE, _PROSE),
        st.builds(lambda b: f"!!! tip\n\n    {b}\n\n    {b}\n", _PROSE),
        st.builds(lambda t, b: f"/// details | {t}\n{b}\n///\n", _PROSE, _PROSE),
        st.builds(lambda b: f"## {b} {{#an-id}}\n", _PROSE),
        st.builds(lambda b: f"{b}\n{{: .cls }}\n", _PROSE),
        st.builds(lambda a, b: f"{a}\n:   {b}\n", _PROSE, _PROSE),
    ],
    "docusaurus": [
        st.builds(lambda t, b: f":::info {t}\n{b}\n:::\n", _PROSE, _PROSE),
        st.builds(lambda t, b: f":::note[{t}]\n\n{b}\n\n:::\n", _PROSE, _PROSE),
        st.builds(lambda b: f"import X from 'y';\n\n{b}\n", _PROSE),
    ],
    "gfm": [
        st.builds(lambda b: f"> [!WARNING]\n> {b}\n> {b}\n", _PROSE),
        st.builds(lambda a, b: f"- [ ] {a}\n- [x] {b}\n", _PROSE, _PROSE),
    ],
    "hugo": [
        st.just("{{< code-toggle >}}\nbaseURL = 'https://example.org/'\ntitle = 'site'\n{{< /code-toggle >}}\n"),
        st.builds(lambda b: f"> [!NOTE]\n> {b}\n", _PROSE),
        st.builds(lambda a, b: f"{a}\n: {b}\n", _PROSE, _PROSE),
    ],
}


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    dialect = draw(st.sampled_from(sorted(_BLOCKS)))
    blocks = draw(st.lists(st.one_of(*_BLOCKS[dialect], _PROSE.map(lambda s: s + "\n")), min_size=1, max_size=6))
    return dialect, "\n".join(blocks)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_constructs_keep_their_syntax(case: tuple[str, str]) -> None:
    dialect_name, text = case
    doc = parse(text, dialect_name)
    assert doc.render({}) == text
    marks = marks_of(text, dialect_name)
    for translate in (guillemets, pseudo, reordered):
        out = doc.render(translate)
        assert marks_of(out, dialect_name) == marks, out
    # no English left outside the syntax: every "Word" was in a segment
    assert "Word" not in doc.render(pseudo)
    assert "Word" not in re.sub(r"«[^»]*»", "", doc.render(guillemets))


# -- l10n check ----------------------------------------------------------------------------------

CHECKED_NOTE = """Back up your files.
{: .warning }

!!! note "Heads up"
    Keep a copy.

> [!TIP]
> Restart the server.
"""


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        (None, None, None),
        ("files.\n{: .warning }", "files. {: .warning }", "ending a line of text"),
        ('!!! note "', '!!! Note "', "'!!!Note\"\"'"),
        ("> [!TIP]\n", "", "is missing"),
    ],
)
def test_check_reports_a_broken_construct(tmp_path: Path, old: str | None, new: str | None, found: str | None) -> None:
    from l10n.check import check_output
    from l10n.pipeline import build_note, extract_note
    from l10n.site.layout import output_path, select_notes

    (tmp_path / "l10n.toml").write_text('languages = ["hi"]\nmarkdown = "mkdocs"\n[markdown_constructs]\nalerts = true\n')
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "note-en.md").write_text(CHECKED_NOTE, encoding="utf-8")
    config = load_config(tmp_path)
    [note] = select_notes(config, [])
    extract_note(config, note, ["hi"])
    build_note(config, note, "hi")
    target = output_path(config, note, "hi")
    if old is not None and new is not None:
        text = target.read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new), encoding="utf-8")
    issues = [issue for issue in check_output(note, "hi", config) if issue.code == "construct"]
    if found is None:
        assert issues == []
    else:
        assert len(issues) == 1 and found in issues[0].message, issues


# -- the segmentation cache ----------------------------------------------------------------------


def test_cached_segments_are_not_served_after_a_construct_or_version_change(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from l10n.markdown import dialect
    from l10n.site.layout import discover_notes
    from l10n.store import cachedb, segcache

    root = project({"a-en.md": "!!! note\n    Body text.\n"}, extra='markdown = "mkdocs"\n')
    assert l10n(root, "extract").exit_code == 0
    config = load_config(root)
    (note,) = discover_notes(config)
    source = note.path.read_text(encoding="utf-8")
    assert segcache.load(config, note, source) is not None
    switched = load_config(root, {"markdown_constructs": {"admonitions": False}})
    assert segcache.load(switched, note, source) is None
    monkeypatch.setattr(dialect, "SEGMENTATION_VERSION", dialect.SEGMENTATION_VERSION + 1)
    assert segcache.load(config, note, source) is None
    cachedb.close()


def test_readme_says_what_each_dialect_turns_on() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    readme = readme.split("### Markdown dialects", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| .* \| ([\w, ]+) \|$", readme, re.MULTILINE)
    said: dict[str, set[str]] = {}
    for construct, dialects in rows:
        names = {d.strip() for d in dialects.split(",")}
        if names == {"all"}:
            names = set(DIALECT_CONSTRUCTS)
        elif names == {"all but commonmark"}:
            names = set(DIALECT_CONSTRUCTS) - {"commonmark"}
        elif names == {"none"}:  # a construct only a project's markdown_constructs table turns on
            names = set()
        said[construct] = names
    assert set(said) == set(CONSTRUCTS)
    for construct, names in said.items():
        assert names == {d for d, on in DIALECT_CONSTRUCTS.items() if construct in on}, construct


@pytest.mark.parametrize("marker", ["!!!note", "???+tip", "!!! note", "???  warning"])
def test_admonition_marker_space_is_optional(marker: str) -> None:
    # Python-Markdown's admonition and pymdownx.details read "!!! ?type" (the space is optional)
    source = f"{marker}\n    Body of the note.\n"
    doc = parse(source, "mkdocs")
    assert doc.render({}) == source
    assert texts(doc) == [("paragraph", "Body of the note.")]
    assert doc.render(guillemets) == f"{marker}\n    «Body of the note.»\n"


def test_auto_without_generator_files_reads_unambiguous_constructs(tmp_path: Path) -> None:
    from l10n.config import load_config

    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlanguages = ["hi"]\n', encoding="utf-8")
    guessed = load_config(tmp_path)
    assert guessed.dialect == "gfm" and guessed.dialect_guessed
    assert {"admonitions", "colon_containers", "attributes"} <= guessed.markdown_dialect.constructs
    # MDX statements are read by their strict form: a Docusaurus page copied out of its site
    # keeps its imports out of the catalog, a prose line starting "Import" stays text
    assert "mdx_lines" in guessed.markdown_dialect.constructs
    mdx = "import Tabs from '@theme/Tabs';\nexport const x = 1;\n\nImport the data from the file.\n"
    assert texts(read_note(mdx.encode(), "n.md", dialect=guessed.markdown_dialect)) == [
        ("paragraph", "Import the data from the file.")
    ]
    source = "::: pydantic.aliases\n    options:\n      show_root_heading: true\n\n::: tip Read this\nBody.\n:::\n"
    doc = read_note(source.encode(), "n.md", dialect=guessed.markdown_dialect)
    assert doc.render({}) == source
    assert texts(doc) == [("title", "Read this"), ("paragraph", "Body.")]
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    told = load_config(tmp_path)
    assert told.dialect == "mkdocs" and not told.dialect_guessed
    assert "colon_containers" not in told.markdown_dialect.constructs
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nmarkdown = "gfm"\n', encoding="utf-8")
    (tmp_path / "mkdocs.yml").unlink()
    plain = load_config(tmp_path)
    assert not plain.dialect_guessed and "admonitions" not in plain.markdown_dialect.constructs


# -- inline math ---------------------------------------------------------------------------------

INLINE_MATH_CASES = [
    # (text, the math protected in it)
    ("while $x^2$ is math", ["$x^2$"]),
    ("a $$\\sum_i x_i$$ b", ["$$\\sum_i x_i$$"]),
    ("mdBook's \\\\( \\int x dx = \\frac{x^2}{2} \\\\) inline", ["\\\\( \\int x dx = \\frac{x^2}{2} \\\\)"]),
    ("and \\\\[ \\mu = 1 \\\\] on a line", ["\\\\[ \\mu = 1 \\\\]"]),
    # Pandoc's rule: prices and shell variables are prose
    ("Costs $5 and $10 a month", []),
    ("Set $HOME and $PATH first", []),
    ("US$5 or US$6", []),
    ("an escaped \\$x$ is text", []),
]


@pytest.mark.parametrize(("text", "math"), INLINE_MATH_CASES)
def test_inline_math_is_never_sent_to_an_engine(text: str, math: list[str]) -> None:
    from l10n.markdown.markup import elements
    from l10n.markdown.protect import protect

    protected = protect(text)
    assert [o for o, k in zip(protected.originals, protected.kinds) if k == "math"] == math
    assert protected.restore(pseudo_localize(protected.text)).count("$") == text.count("$")
    for part in math:
        assert part in protected.restore(pseudo_localize(protected.text))
    assert sorted(t for c, t in elements(text) if c == "math") == sorted(math)


def test_check_reports_changed_math() -> None:
    from l10n.markdown.markup import compare

    assert [p.code for p in compare("Here $x^2$ is math.", "यहाँ $x^3$ गणित है।")] == ["math"]
    assert compare("Here $x^2$ is math.", "यहाँ $x^2$ गणित है।") == []


_LATEX = st.text(alphabet="abxyz^_{}+-=\\ 0123456789", min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and not s.endswith("\\")
)


@settings(max_examples=100, deadline=None)
@given(_PROSE, _LATEX, _PROSE)
def test_generated_inline_math_comes_back_byte_exact(before: str, latex: str, after: str) -> None:
    from l10n.markdown.protect import protect

    for math in (f"${latex}$", f"$${latex}$$", f"\\\\( {latex} \\\\)"):
        text = f"{before} {math} {after}"
        protected = protect(text)
        assert math in protected.originals
        assert math in protected.restore(pseudo_localize(protected.text))


# -- cross-references (mkdocs-autorefs) ----------------------------------------------------------


def test_undefined_collapsed_references_are_kept_and_their_item_translated(
    project: Callable[..., Path], l10n: Runner
) -> None:
    """``[assert][]`` with no definition in an MkDocs note is an autorefs cross-reference (its
    text is the identifier): sent to the engine as a placeholder, so the item around it is
    translated (it was rejected as a lost link, and stayed English) and the reference stays.
    (In GFM it renders as written and its text is translated: test_inline_constructs.)"""
    note = (
        "* [`AssertionError`][]: using the [assert][] statement also works, with the [-O][] flag.\n"
        "* See [the guide][guide] and [Example][].\n\n[guide]: /guide\n[example]: /example\n"
    )
    root = project({"a-en.md": note}, extra='markdown = "mkdocs"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = (root / "translated" / "hi" / "a-hi.md").read_text(encoding="utf-8")
    first, second = built.split("\n")[:2]
    assert "[`AssertionError`][]" in first and "[assert][]" in first and "[-O][]" in first
    assert "using" not in first and "statement" not in first
    assert "[guide]" in second and "[Example]" in second and "See" not in second


def test_undefined_collapsed_references_are_protected_whole_defined_ones_are_expanded() -> None:
    """An undefined ``[text][]`` is an identifier resolved elsewhere (mkdocs-autorefs, a Liquid
    include of link definitions): sent whole. One the note defines is sent as a full reference,
    its text translated."""
    from l10n.markdown.protect import protect

    assert protect("Use [assert][] here.", references={}).text == "Use {1} here."
    assert protect("Use [assert][] here.").text == "Use {1} here."
    assert protect("Use [Example][] here.", references={"EXAMPLE": "/e"}).text == "Use [Example{1} here."


def test_a_loose_table_stays_a_table_to_python_markdown() -> None:
    """MkDocs (Python-Markdown's ``tables``) reads a delimiter row with a space in a dash run as
    a table; translated cell by cell, it is still one, with the same rows and cells."""
    markdown = pytest.importorskip("markdown")
    _, text, _ = CONSTRUCT_EXAMPLES["loose table"]
    doc = parse(text, "mkdocs")
    for translate in (guillemets, pseudo, reordered):
        html = markdown.markdown(doc.render(translate), extensions=["tables"])
        assert re.findall(r"<(/?t[a-z]*)", html) == re.findall(r"<(/?t[a-z]*)", markdown.markdown(text, extensions=["tables"]))
        assert "<table>" in html


def test_a_heading_that_starts_with_html_is_checked_as_a_heading() -> None:
    """mdBook's header_links test page: ``## <!--comment--> With *emphasis* …``. Parsed alone,
    the msgid read as an HTML block, and every translation was refused."""
    from l10n.markdown.validate import validate_translation

    source = "<!--comment--> With *emphasis* **bold** `code` [link] <https://example.com/>"
    good = "<!--comment--> साथ *ज़ोर* **मोटा** `code` [link] <https://example.com/>"
    assert validate_translation(source, good, "heading") == ()
    lost = good.replace("*ज़ोर*", "*ज़ोर")
    assert [f.code for f in validate_translation(source, lost, "heading")] == ["emphasis"]
