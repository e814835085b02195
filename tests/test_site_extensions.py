"""MkDocs, VitePress and Docusaurus extensions that are lines or inline syntax of their own
(issue 12, part A): table-of-contents markers, VitePress code imports, pymdownx snippets,
abbreviations, GitHub alerts in every dialect, MDX statements in a guessed dialect, attribute
lists after inline elements and arithmatex math.

Each is tested as the constructs of ``tests/test_constructs.py`` are: identity byte-exact, the
segments are only prose, and the syntax is kept (construct marks, blocks) under a pseudo
translation and an engine that reorders words; inline syntax goes through protection, as on the
machine path. Inputs are siblings of lines found on the corpus's pages (vite's
``static-deploy.md`` code import in a list item, pydantic's ``[](){#id}`` anchors and
``{ .annotate }`` lists) and project-made ones.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.markdown.dialect import DIALECT_CONSTRUCTS, make_dialect
from l10n.markdown.document import Segment
from l10n.markdown.markup import compare, elements
from l10n.markdown.protect import protect
from l10n.mt.engines.pseudo import pseudo_localize
from tests.conftest import Runner
from tests.test_constructs import _blocks, guillemets, marks_of, parse, pseudo, read_as, reordered, texts

# name: (dialect, source, the segments' texts)
EXAMPLES: dict[str, tuple[str, str, list[str]]] = {
    "vitepress toc": ("vitepress", "# Guide\n\n[[toc]]\n\nRead this first.\n", ["Guide", "Read this first."]),
    "toc joined to text": ("vitepress", "Read this first.\n[[toc]]\nThen this.\n", ["Read this first.", "Then this."]),
    "python-markdown toc": ("mkdocs", "Contents:\n\n[TOC]\n\nThe rest.\n", ["Contents:", "The rest."]),
    "code imports": (
        "vitepress",
        "Intro.\n\n<<< @/snippets/snippet.js\n\n<<< ./file.ts{2-3 ts:line-numbers} [label]\nAfter it.\n",
        ["Intro.", "After it."],
    ),
    # vite's guide/static-deploy.md: a code import in a list item, its label a path
    "code import in a list item": (
        "vitepress",
        "1. Create a workflow:\n\n   <<< ./static-deploy-github-pages.yaml#content [.github/workflows/deploy.yml]\n",
        ["Create a workflow:"],
    ),
    "code imports in a code group": (
        "vitepress",
        "::: code-group\n<<< @/snippets/a.js [a.js]\n<<< @/snippets/b.ts{1,2} [b.ts]\n:::\n\nText.\n",
        ["Text."],
    ),
    "snippet lines": (
        "mkdocs",
        "Text before.\n--8<-- \"includes/abbreviations.md\"\n\n    --8<-- 'indented.md'\n\nText after.\n",
        ["Text before.", "Text after."],
    ),
    "snippet block": (
        "mkdocs",
        "Intro.\n\n--8<--\ninclude/one.md\nhttps://example.org/two.md\n--8<--\n\nOutro.\n",
        ["Intro.", "Outro."],
    ),
    # an opening never closed is text: the rest of the note is not swallowed
    "snippet block never closed": (
        "mkdocs",
        "--8<--\nfile.md\n\nStill text here.\n",
        ["--8<-- file.md", "Still text here."],
    ),
    "snippet in an admonition": (
        "mkdocs",
        '!!! note "Shared"\n    --8<-- "shared.md"\n\n    More words.\n',
        ["Shared", "More words."],
    ),
    "abbreviations": (
        "mkdocs",
        "The HTML spec is by the W3C.\n\n*[HTML]: Hyper Text Markup Language\n*[W3C]:  World Wide Web Consortium\n",
        ["The HTML spec is by the W3C.", "Hyper Text Markup Language", "World Wide Web Consortium"],
    ),
    "abbreviation after a paragraph line": (
        "kramdown",
        "Uses HTML.\n*[HTML]: Hyper Text Markup Language\n",
        ["Uses HTML.", "Hyper Text Markup Language"],
    ),
    "abbreviation in an admonition": (
        "mkdocs",
        '!!! note "Terms"\n    Uses CSS.\n\n    *[CSS]: Cascading Style Sheets\n',
        ["Terms", "Uses CSS.", "Cascading Style Sheets"],
    ),
    "alert in mkdocs": ("mkdocs", "> [!NOTE]\n> Some note text.\n", ["Some note text."]),
    "alert with a title in mkdocs": ("mkdocs", "> [!TIP] Quick one\n> Body.\n", ["Quick one", "Body."]),
    "alert in docusaurus": ("docusaurus", "> [!WARNING]\n> Mind the gap.\n", ["Mind the gap."]),
    "alert in kramdown": ("kramdown", "> [!IMPORTANT]\n> Read it.\n", ["Read it."]),
    "alert in commonmark": ("commonmark", "> [!CAUTION]\n> Careful.\n", ["Careful."]),
    # vite's guide/why.md: an import in a Vue <script setup> block is the script's, not MDX's
    "import in a script block": (
        "docusaurus",
        "<script setup>\nimport bundlerSvg from '../images/bundler.svg?raw'\n</script>\n<svg-image />\n\n_In a bundle._\n",
        ["_In a bundle._"],
    ),
    # docsy's shortcodes page: Go code in a tab, an import after its package line
    "import inside code lines": ("docusaurus", 'package main\nimport "fmt"\n', ['package main import "fmt"']),
    # pydantic's autorefs anchors: an attribute list after an empty link, alone on its line
    "anchor before a heading": ("mkdocs", "[](){#int}\n## Integers\n\nText.\n", ["Integers", "Text."]),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_line_construct(name: str) -> None:
    dialect, text, expected = EXAMPLES[name]
    doc = parse(text, dialect)
    assert doc.render({}) == text
    assert [t for _, t in texts(doc)] == expected
    marks = marks_of(text, dialect)
    deflist = "deflist" in make_dialect(dialect)
    for translate in (guillemets, pseudo, reordered):
        out = doc.render(translate)
        assert marks_of(out, dialect) == marks, (translate.__name__, out)
        if translate is not reordered:  # reordering moves inline markup, not blocks
            assert _blocks(read_as(out, dialect), deflist) == _blocks(read_as(text, dialect), deflist), out


def test_alerts_are_read_in_every_dialect() -> None:
    assert all("alerts" in constructs for constructs in DIALECT_CONSTRUCTS.values())
    for dialect in DIALECT_CONSTRUCTS:
        out = parse("> [!NOTE]\n> Text.\n", dialect).render(pseudo)
        assert out.startswith("> [!NOTE]\n"), (dialect, out)


def test_lines_that_only_look_like_constructs_stay_text() -> None:
    text = "A [[toc]] in a sentence.\n\n*[not an abbreviation\n\nx <<< y\n\nThe --8<-- scissors.\n"
    doc = parse(text, "mkdocs")
    assert [t for _, t in texts(doc)] == [
        "A [[toc]] in a sentence.",
        "*[not an abbreviation",
        "x <<< y",
        "The --8<-- scissors.",
    ]


# -- MDX statements in a guessed dialect -------------------------------------------------------

MDX_PAGE = """---
title: Setup
---
import Tabs from '@theme/Tabs';
import TabItem from "@theme/TabItem";
import {
  Alpha,
  Beta,
} from './components';
export const toc = [{value: 'Setup', id: 'setup'}];

:::tip
Pick your platform below.
:::

Import the data from the file before you start.
Export it when you are done.
"""


@pytest.mark.parametrize("dialect", ["docusaurus", "guessed"])
def test_mdx_statements_are_skeleton(dialect: str) -> None:
    read = make_dialect("gfm", guessed=True) if dialect == "guessed" else make_dialect("docusaurus")
    from l10n.markdown.segment import read_note

    doc = read_note(MDX_PAGE.encode(), "n.md", dialect=read)
    assert doc.render({}) == MDX_PAGE
    assert [t for _, t in texts(doc)] == [
        "Setup",
        "Pick your platform below.",
        "Import the data from the file before you start. Export it when you are done.",
    ]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["Import", "Export", "import", "export"]), st.text("abcdefgh ,.", min_size=1, max_size=30))
def test_prose_starting_with_import_is_text(word: str, rest: str) -> None:
    """A line made of a word and prose (no quoted module, no declaration keyword) stays text."""
    text = f"{word} {rest}x\n"
    doc = parse(text, "docusaurus")
    assert doc.render({}) == text
    assert [t for _, t in texts(doc)] == [text.strip()]


def test_mdx_files_are_named_once_by_extract(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"intro.md": "Hello.\n", "docs/a.mdx": "# A\n", "docs/b.mdx": "# B\n"})
    result = l10n(root, "extract")
    assert result.exit_code == 0
    said = [line for line in result.output.splitlines() if ".mdx" in line]
    assert len(said) == 1 and "2" in said[0], result.output


# -- attribute lists after inline elements ---------------------------------------------------------


def machine(engine: Callable[[str], str]) -> Callable[[Segment], str]:
    """The machine path: protect the segment, let ``engine`` translate, restore."""

    def translate(segment: Segment) -> str:
        protected = protect(segment.text)
        return protected.restore(engine(protected.text))

    translate.__name__ = getattr(engine, "__name__", "engine")
    return translate


def attributes_of(text: str) -> list[tuple[str, str]]:
    """The attribute lists of ``text`` as :func:`elements` sees them, one per occurrence."""
    return sorted(element for element, count in elements(text).items() if element[0] == "attributes" for _ in range(count))


def reverse_words(text: str) -> str:
    return "\n".join(" ".join(reversed(line.split(" "))) for line in text.split("\n"))


ATTACHED = [
    ("mkdocs", "[Get started](x.md){ .md-button }\n"),
    ("mkdocs", "Text before.\n\n[Get started](x.md){ .md-button .md-button--primary } and more words.\n"),
    ("mkdocs", "Click :material-download:{ .heart } to get it.\n"),
    ("mkdocs", "Run `make`{: .shell } first, then *read*{: .note } the [guide][g]{ #guide }.\n\n[g]: g.md\n"),
    ("mkdocs", '![Logo](logo.png){ width="100" }\n'),
    ("mkdocs", "- [Install](install.md){ .md-button }\n- Then [use it](use.md){ .md-button } daily\n"),
    ("kramdown", "See [the docs](docs.md){: .btn} for more.\n"),
]


@pytest.mark.parametrize(("dialect", "text"), ATTACHED)
def test_attribute_lists_stay_attached(dialect: str, text: str) -> None:
    doc = parse(text, dialect)
    assert doc.render({}) == text
    source_attributes = attributes_of(text)
    assert source_attributes and not any(t.startswith("(detached)") for _, t in source_attributes)
    # the pipeline protects every segment before any engine, pseudo included (l10n.mt.batch)
    for translate in (machine(pseudo_localize), machine(reverse_words)):
        out = doc.render(translate)
        assert attributes_of(out) == source_attributes, (translate, out)


def test_an_attribute_list_is_never_an_engines_to_translate() -> None:
    protected = protect('Click [Go](y.md){ .md-button title="x" } and :material-x:{ .heart } now.')
    assert protected.originals == ('](y.md){ .md-button title="x" }', ":material-x:{ .heart }")


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("[Commencer](x.md){ .md-button } maintenant.", None),
        ("[Commencer](x.md) { .md-button } maintenant.", "attribute list changed"),
        ("[Commencer{ .md-button }](x.md) maintenant.", "attribute list"),
        ("[Commencer](x.md) maintenant.", "attribute list lost"),
    ],
)
def test_check_reports_a_detached_attribute_list(translation: str, problem: str | None) -> None:
    found = [p.message for p in compare("[Get started](x.md){ .md-button } now.", translation)]
    if problem is None:
        assert found == []
    else:
        assert any(problem in message for message in found), found


def test_l10n_check_reports_a_detached_attribute_list(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"intro.md": "Start here: [Get started](x.md){ .md-button }\n"})
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert l10n(root, "extract").exit_code == 0
    [catalog] = (root / "locales").rglob("*.po")
    po = catalog.read_text(encoding="utf-8")
    msgid = 'msgid "Start here: [Get started](x.md){ .md-button }"'
    assert msgid in po
    catalog.write_text(
        po.replace(msgid + '\nmsgstr ""', msgid + '\nmsgstr "Commencez ici : [Commencer](x.md) { .md-button }"'),
        encoding="utf-8",
    )
    result = l10n(root, "check")
    assert result.exit_code != 0 and "attribute list" in result.output, result.output


# -- arithmatex and Hugo passthrough inline math -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "math"),
    [
        ("The value \\(z\\) and $z$ are math.", ["\\(z\\)", "$z$"]),
        ("When \\(a \\ne 0\\), there are two solutions to \\(ax^2 + bx + c= 0\\).", ["\\(a \\ne 0\\)", "\\(ax^2 + bx + c= 0\\)"]),
        ("Escaped \\\\(not math\\\\) stays MathJax's doubled form.", ["\\\\(not math\\\\)"]),
    ],
)
def test_single_backslash_inline_math_is_protected(text: str, math: list[str]) -> None:
    protected = protect(text)
    assert [o for o, k in zip(protected.originals, protected.kinds) if k == "math"] == math
    assert protected.restore(pseudo_localize(protected.text)).count("\\(") == text.count("\\(")


def test_mkdocs_settings_name_the_new_constructs(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('markdown = "mkdocs"\n[markdown_constructs]\nsnippets = false\n')
    dialect = load_config(tmp_path).markdown_dialect
    assert "snippets" not in dialect and {"abbreviations", "toc_markers", "alerts"} <= dialect.constructs
    assert [t for _, t in texts_of('--8<-- "a.md"\n', dialect)] == ['--8<-- "a.md"']


def texts_of(text: str, dialect: object) -> list[tuple[str, str]]:
    from l10n.markdown.segment import read_note

    return texts(read_note(text.encode(), "n.md", dialect=dialect))  # type: ignore[arg-type]


# -- generated documents -------------------------------------------------------------------------

_WORDS = st.sampled_from(["alpha", "beta", "the", "server", "**bold**", "`code`", "[link](a.md)"])
_PROSE = st.lists(_WORDS, min_size=1, max_size=5).map(" ".join).map(lambda s: "Word " + s)
_FILE = st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8})?\.(md|js|ts)", fullmatch=True)
_LINES = {
    "vitepress": [
        st.just("[[toc]]"),
        st.builds(lambda f: f"<<< @/snippets/{f}", _FILE),
        st.builds(lambda f: f"<<< ./{f}{{2-3}} [{f}]", _FILE),
        st.just("> [!TIP]"),
    ],
    "mkdocs": [
        st.just("[TOC]"),
        st.builds(lambda f: f'--8<-- "{f}"', _FILE),
        st.builds(lambda f, g: f"--8<--\n{f}\n{g}\n--8<--", _FILE, _FILE),
        st.builds(lambda a, b: f"*[{a.upper()}]: {b}", st.from_regex(r"[a-z]{2,5}", fullmatch=True), _PROSE),
        st.just("> [!NOTE]"),
    ],
}


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, str]:
    """A page of construct lines and prose lines, some joined to each other (no blank line)."""
    dialect = draw(st.sampled_from(sorted(_LINES)))
    parts = draw(st.lists(st.one_of(*_LINES[dialect], _PROSE), min_size=1, max_size=8))
    separators = draw(st.lists(st.sampled_from(["\n", "\n\n"]), min_size=len(parts), max_size=len(parts)))
    return dialect, "".join(part + separator for part, separator in zip(parts, separators))


@settings(max_examples=150, deadline=None)
@given(pages())
def test_generated_construct_lines_stay_alone_and_byte_exact(case: tuple[str, str]) -> None:
    dialect, text = case
    doc = parse(text, dialect)
    assert doc.render({}) == text
    marks = marks_of(text, dialect)
    for translate in (guillemets, pseudo, reordered):
        assert marks_of(doc.render(translate), dialect) == marks
    # every prose line was a segment's (abbreviation expansions included), no construct line was
    assert "Word" not in doc.render(pseudo)
    assert not any(mark in segment.text for segment in doc.segments for mark in ("[[toc]]", "[TOC]", "<<<", "8<", "[!"))


_ELEMENTS = st.sampled_from(
    ["[Go](x.md)", "![Logo](a.png)", "[Go][g]", ":material-heart:", "`code`", "*word*", "**strong**"]
)
_ATTRIBUTES = st.builds(
    lambda colon, parts: "{" + colon + " " + " ".join(parts) + " }",
    st.sampled_from(["", ":"]),
    st.lists(st.from_regex(r'\.[a-z][a-z-]{0,8}|#[a-z]{1,6}|[a-z]{1,5}="[a-z0-9 ]{0,6}"', fullmatch=True), min_size=1, max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_PROSE, _ELEMENTS, _ATTRIBUTES), min_size=1, max_size=3), _PROSE)
def test_generated_attribute_lists_stay_attached(items: list[tuple[str, str, str]], tail: str) -> None:
    text = " ".join(f"{prose} {element}{attributes}" for prose, element, attributes in items) + f" {tail}\n\n[g]: g.md\n"
    doc = parse(text, "mkdocs")
    assert doc.render({}) == text
    before = attributes_of(text)
    assert len(before) == len(items) and not any(t.startswith("(detached)") for _, t in before)
    for engine in (pseudo_localize, reverse_words):
        out = doc.render(machine(engine))
        assert attributes_of(out) == before, out


@pytest.mark.parametrize(
    ("dialect", "text", "broken"),
    [
        ("vitepress", "Intro.\n\n[[toc]]\n\nText.\n", "Intro.\n\nText.\n"),
        ("vitepress", "Intro.\n\n<<< @/a.js [a.js]\n", "Intro.\n\n<<< @/ã.js [ã.js]\n"),
        ("mkdocs", 'Intro.\n\n--8<-- "a.md"\n', 'Intro. --8<-- "a.md"\n'),
        ("mkdocs", "*[HTML]: Hyper Text\n", "*[ĤŢṀĹ]: Hyper Text\n"),
        ("mkdocs", "> [!NOTE]\n> Text.\n", "> [!NÓTE]\n> Text.\n"),
    ],
)
def test_check_sees_a_lost_joined_or_changed_construct_line(dialect: str, text: str, broken: str) -> None:
    """``l10n check`` compares these marks of a source and its built translation."""
    assert marks_of(broken, dialect) != marks_of(text, dialect)
