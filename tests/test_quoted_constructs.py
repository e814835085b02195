"""Constructs inside blockquotes (issue 12, a reviewer's finding): every line construct of
:mod:`l10n.markdown.dialect` behaves inside ``>`` (with or without the space, nested, in a
list item inside a quote) as at top level: the same segments, identity byte-exact, and the
structure kept under a pseudo translation and an engine that reorders words.

Python-Markdown (MkDocs) reads a blockquote's content as blocks again, so an admonition, tab
or snippet inside it is the same construct; Hugo runs shortcodes before Markdown, so a code
shortcode's body inside a quote is still code.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from l10n.markdown.dialect import Dialect, make_dialect
from l10n.markdown.segment import read_note
from tests.test_constructs import (
    CONSTRUCT_EXAMPLES,
    _blocks,
    guillemets,
    marks_of,
    parse,
    pseudo,
    read_as,
    reordered,
)


def quoted(text: str, marker: str = "> ") -> str:
    """``text`` inside a blockquote: each line after ``marker`` (a blank line after ``>``)."""
    lines = text.split("\n")
    body = [marker + line if line.strip() else marker.rstrip() for line in lines[:-1]]
    return "\n".join([*body, lines[-1]])


def quoted_tight(text: str) -> str:
    """``>`` with no space before unindented lines (CommonMark 5.1: the space is optional);
    indented lines keep the space, since ``>`` eats one column of indentation."""
    lines = text.split("\n")
    body = [(">" + line if not line[:1].isspace() else "> " + line) if line.strip() else ">" for line in lines[:-1]]
    return "\n".join([*body, lines[-1]])


def in_list_item_in_quote(text: str) -> str:
    """``text`` as the second paragraph and what follows of a list item inside a blockquote."""
    lines = text.split("\n")
    body = [">   " + line if line.strip() else ">" for line in lines[:-1]]
    return "\n".join(["> - Item.", ">", *body, lines[-1]])


# The line constructs tests/test_constructs.py's examples leave out: (dialect, text, segments).
LINE_CONSTRUCTS: dict[str, tuple[str, str, list[str]]] = {
    "content tab": (
        "mkdocs",
        '=== "Linux"\n    Run it.\n\n=== "macOS"\n    Run that.\n',
        ["Linux", "Run it.", "macOS", "Run that."],
    ),
    "toc marker": ("vitepress", "Intro.\n\n[[toc]]\n\nText.\n", ["Intro.", "Text."]),
    "python-markdown toc": ("mkdocs", "Intro.\n[TOC]\nText.\n", ["Intro.", "Text."]),
    "code import": ("vitepress", "Intro.\n\n<<< @/snippets/a.js{2} [label]\n\nText.\n", ["Intro.", "Text."]),
    "snippet line": ("mkdocs", 'Intro.\n\n--8<-- "includes/abbr.md"\n\nText.\n', ["Intro.", "Text."]),
    "snippet block": (
        "mkdocs",
        "Intro.\n\n--8<--\nincludes/a.md\nincludes/b.md\n--8<--\n\nText.\n",
        ["Intro.", "Text."],
    ),
    "abbreviation": (
        "mkdocs",
        "Uses HTML.\n\n*[HTML]: Hyper Text Markup Language\n",
        ["Uses HTML.", "Hyper Text Markup Language"],
    ),
    "kramdown comment": ("kramdown", "Intro.\n\n{::comment}\nNot shown.\n{:/comment}\n\nText.\n", ["Intro.", "Text."]),
    "kramdown options": ("kramdown", '{::options parse_block_html="true" /}\n\nText.\n', ["Text."]),
    "attribute line": ("kramdown", "Read this.\n{: .note }\n\nText.\n", ["Read this.", "Text."]),
    "heading id": ("hugo", "## Settings {#settings}\n\nText.\n", ["Settings", "Text."]),
    "liquid include alone": ("kramdown", "Intro.\n{% include note.html %}\nText.\n", ["Intro.", "Text."]),
    "liquid comment": (
        "kramdown",
        "Intro.\n\n{% comment %}\nHidden text.\n{% endcomment %}\n\nText.\n",
        ["Intro.", "Text."],
    ),
    "hugo shortcode pair alone": ("hugo", "Intro.\n{{< alert >}}\nText.\n{{< /alert >}}\n", ["Intro.", "Text."]),
    "hugo code-toggle": (
        "hugo",
        'Intro.\n\n{{< code-toggle file="hugo" >}}\ntitle = "x"\n{{< /code-toggle >}}\n',
        ["Intro."],
    ),
    "deflist": ("kramdown", "Term\n: Its definition.\n", ["Term", "Its definition."]),
    "mkdocs alert": ("mkdocs", "> [!WARNING]\n> Careful.\n", ["Careful."]),
}


@pytest.mark.parametrize("name", sorted(LINE_CONSTRUCTS))
def test_line_construct_at_top_level(name: str) -> None:
    dialect, text, expected = LINE_CONSTRUCTS[name]
    doc = parse(text, dialect)
    assert doc.render({}) == text
    assert [s.text for s in doc.segments] == expected


EXAMPLES = {**CONSTRUCT_EXAMPLES, **LINE_CONSTRUCTS}

WRAPS: dict[str, tuple[Callable[[str], str], list[str]]] = {
    "quote": (quoted, []),
    "quote without space": (quoted_tight, []),
    "quote in a quote": (lambda text: quoted(quoted(text)), []),
    "quote with a tab": (lambda text: quoted(text, ">\t"), []),
    "list item in a quote": (in_list_item_in_quote, ["Item."]),
}

# Examples whose meaning changes inside a container, by the generator's own rule (not l10n's).
NOT_IN_CONTAINERS = {"mdx import"}  # MDX reads import/export only at the top level (mdxjs.com "ESM")
# A tab after ">" is a column stop, not a space: indentation-bodied constructs read differently.
NOT_WITH_TAB = {
    "collapsible admonition",
    "nested admonitions",
    "admonition in a list item",
    "mkdocstrings",
    "nested definition lists",
    "nested definition list in a definition",
    "dollar math block",
}


def cases() -> list[tuple[str, str]]:
    return [
        (name, wrap)
        for name in sorted(EXAMPLES)
        for wrap in WRAPS
        if name not in NOT_IN_CONTAINERS and not (wrap == "quote with a tab" and name in NOT_WITH_TAB)
    ]


@pytest.mark.parametrize(("name", "wrap"), cases())
def test_construct_in_a_container(name: str, wrap: str) -> None:
    dialect, text, expected = EXAMPLES[name]
    transform, before = WRAPS[wrap]
    source = transform(text)
    doc = parse(source, dialect)
    assert doc.render({}) == source
    assert [s.text for s in doc.segments] == before + expected, source
    marks = marks_of(source, dialect)
    deflist = "deflist" in make_dialect(dialect)
    for translate in (guillemets, pseudo, reordered):
        out = doc.render(translate)
        assert marks_of(out, dialect) == marks, (translate.__name__, out)
        if translate is not reordered:
            assert _blocks(read_as(out, dialect), deflist) == _blocks(read_as(source, dialect), deflist), out


# -- the reviewer's reports and their siblings ---------------------------------------------------

GUESSED = make_dialect("gfm", guessed=True)  # no generator's config: notes copied out of a site


@pytest.mark.parametrize("dialect", [make_dialect("mkdocs"), GUESSED], ids=["mkdocs", "guessed"])
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('> !!! warning "In a quote"\n>     Quoted admonition body.\n', ["In a quote", "Quoted admonition body."]),
        ('> === "Quoted tab"\n>     Tab body.\n', ["Quoted tab", "Tab body."]),
        ('> ??? note "Closed"\n>     Hidden body.\n', ["Closed", "Hidden body."]),
        ("> ???+ note\n>     Open body.\n", ["Open body."]),
        ('>!!! tip "Tight"\n>     Body.\n', ["Tight", "Body."]),
        ('> > !!! note "Deep"\n> >     Deep body.\n> > After it.\n', ["Deep", "Deep body.", "After it."]),
        # a quote inside an admonition body, holding an admonition of its own
        (
            '!!! note\n    > !!! tip "T"\n    >     Tip body.\n    > Quoted after.\n',
            ["T", "Tip body.", "Quoted after."],
        ),
        (
            '> Intro.\n>\n> !!! note "N"\n>     Body one.\n>\n>     - a list item\n',
            ["Intro.", "N", "Body one.", "a list item"],
        ),
        # CRLF line endings, and no line break at the end of the note
        ('> !!! note "CRLF"\r\n>     Body.\r\n', ["CRLF", "Body."]),
        ('> !!! note "End"\n>     Last line', ["End", "Last line"]),
    ],
)
def test_admonition_in_a_quote(dialect: Dialect, source: str, expected: list[str]) -> None:
    """The marker line stays byte-exact; title and body are separate segments, the body read as
    Markdown as at top level (not an indented code block, not joined to the marker)."""
    doc = read_note(source.encode(), "note.md", dialect=dialect)
    assert doc.render({}) == source
    assert [s.text for s in doc.segments] == expected
    out = doc.render(pseudo)
    for line, translated in zip(source.splitlines(), out.splitlines(), strict=True):
        for syntax in ("!!!", "???+", "???", "===", "> >"):
            if syntax in line:
                assert translated.startswith(line[: line.index(syntax) + len(syntax)]), translated
                break


@pytest.mark.parametrize(
    "source",
    [
        "> {{< highlight sh >}}\n> echo quoted\n> {{< /highlight >}}\n",
        '> Before.\n>\n> {{< code lang="sh" >}}\n> echo quoted\n> {{< /code >}}\n',
        '> {{< tab lang="toml" >}}\n> title = "x"\n> {{< /tab >}}\n',
        "> - Item.\n>\n>   {{< highlight sh >}}\n>   echo quoted\n>   {{< /highlight >}}\n",
        "> > {{< highlight sh >}}\n> > echo quoted\n> > {{< /highlight >}}\n",
        ">{{< highlight sh >}}\n>echo quoted\n>{{< /highlight >}}\n",
    ],
)
def test_code_shortcode_in_a_quote(source: str) -> None:
    """A code shortcode's body inside a blockquote is kept like fenced code there: Hugo runs
    shortcodes before Markdown, so the quote markers do not make its code prose."""
    doc = parse(source, "hugo")
    assert doc.render({}) == source
    assert not any("echo" in s.text or "title" in s.text for s in doc.segments), [s.text for s in doc.segments]


# -- the end of an admonition body: what Python-Markdown does -----------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('!!! note "Lazy"\n    First line\ncontinued lazily here.\n', ["Lazy", "First line", "continued lazily here."]),
        ('> !!! note "Q"\n>     Body.\n> after\n', ["Q", "Body.", "after"]),
        ("- Item\n\n    !!! note\n        Body.\n    back in the item\n", ["Item", "Body.", "back in the item"]),
        ('=== "Tab"\n    Tab text\nnot in the tab\n', ["Tab", "Tab text", "not in the tab"]),
    ],
)
def test_unindented_line_ends_the_body(source: str, expected: list[str]) -> None:
    """Python-Markdown's admonition (and pymdownx.tabbed, details) ends the body at the first
    line not indented past the marker (``detab``), lazy continuation or not: that line is a new
    block, never joined to the body's paragraph."""
    doc = parse(source, "mkdocs")
    assert doc.render({}) == source
    assert [s.text for s in doc.segments] == expected
    for translate in (pseudo, reordered):
        assert len(doc.render(translate).split("\n")) == len(source.split("\n"))


def _python_markdown_paragraphs(source: str) -> list[str]:
    """The paragraph texts Python-Markdown (MkDocs' parser) renders, lines joined by a space."""
    markdown = pytest.importorskip("markdown")
    html = markdown.markdown(source, extensions=["admonition"])
    return [" ".join(p.split()) for p in re.findall(r"<p(?: class=\"admonition-title\")?>(.*?)</p>", html, re.DOTALL)]


@pytest.mark.parametrize(
    "source",
    [
        '> !!! note "T"\n> \tTab after the space.\n',
        '> !!! note "T"\n>\t  Tab right after the marker.\n',
        '> !!! note "T"\n>\t    Deeper.\n',
        '!!! note "T"\n\tA tab is four columns.\n\n  \tSo is this one.\n',
        '> > !!! note "T"\n> >     Body.\n>     Outside the inner quote.\n',
    ],
)
def test_tabs_in_bodies_agree_with_python_markdown(source: str) -> None:
    """A tab counts to the next multiple of 4 columns over the whole line (Python-Markdown
    expands tabs before it reads quotes), the marker's space included."""
    doc = parse(source, "mkdocs")
    assert doc.render({}) == source
    assert [s.text for s in doc.segments] == _python_markdown_paragraphs(source)


_WORD = st.text("abcdefghij", min_size=1, max_size=6)
_PROSE_LINE = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_PROSE_LINE,
    body=st.lists(
        st.tuples(st.sampled_from(["    ", "", "blank", "\t", "  \t", "   "]), _PROSE_LINE, st.booleans()),
        min_size=1,
        max_size=6,
    ),
    quote=st.sampled_from(["", "> ", "> > "]),
)
# A lazy line after indented code in the quote: Python-Markdown keeps it in the quote, so the
# quote line after it continues its paragraph (found by a non-derandomized run)
@example(
    title="a",
    body=[("", "a", False), ("blank", "a", False), ("    ", "a", False), ("", "a", True), ("    ", "a", False)],
    quote="> ",
)
def test_admonition_paragraphs_agree_with_python_markdown(
    title: str, body: list[tuple[str, str, bool]], quote: str
) -> None:
    """Titles and paragraphs of an admonition, with bodies that go on lazily, blank lines,
    quote markers and lazy quote lines (one marker fewer), are the segments l10n cuts: the same
    texts as Python-Markdown renders."""
    lines = [f'{quote}!!! note "{title}"']
    in_paragraph = False  # a lazy line continues a paragraph (CommonMark 5.1): only after one
    for indent, text, lazy in body:
        marker = quote[2:] if lazy and in_paragraph and indent != "blank" else quote
        lines.append(marker.rstrip() if indent == "blank" else marker + indent + text)
        in_paragraph = indent != "blank"
    source = "\n".join(lines) + "\n"
    doc = parse(source, "mkdocs")
    assert doc.render({}) == source
    assert [s.text for s in doc.segments] == _python_markdown_paragraphs(source), source


def _lazy_quote(quote: str, body: list[tuple[str, str, bool]]) -> str:
    """A quote of ``body`` lines (indent or ``"blank"``, text, lazy): a lazy line has one
    marker fewer, and follows a line with text (so it is in the quote to Python-Markdown)."""
    lines = []
    after_text = False
    for indent, text, lazy in body:
        marker = quote[2:] if lazy and after_text and indent != "blank" else quote
        lines.append(marker.rstrip() if indent == "blank" else marker + indent + text)
        after_text = indent != "blank"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # after indented code: the lazy line stays in the quote, the quote line after it continues it
        ("> b\n>\n>     a\nc\n>     d\n", ["b", "c d"]),
        (">     a\nc\n> d\n", ["c d"]),
        ("> > b\n> >\n> >     a\n> c\n> >     d\n", ["b", "c d"]),
        # in an admonition body (dedented), and a lazy line of an admonition body in a quote
        ('!!! note "T"\n    >     code\n    b\n    >     d\n', ["T", "b d"]),
        ('> !!! note "T"\n>         code\n    c\n>     d\n', ["T", "c d"]),
        # after a heading or a thematic break
        ("> # Title\nlazy\n> more\n", ["Title", "lazy more"]),
        ("> ---\nlazy\n>     more\n", ["lazy more"]),
    ],
)
def test_lazy_quote_lines_stay_in_the_quote(source: str, expected: list[str]) -> None:
    """Python-Markdown's blockquote takes every line of a block after its first quote line,
    with or without the markers (``BlockQuoteProcessor.clean``), whatever came before it:
    not only a paragraph's lazy continuation (CommonMark 5.1), so a line after indented code
    or a heading in the quote is in it, and the quote lines after it go on from it."""
    doc = parse(source, "mkdocs")
    assert doc.render({}) == source
    assert [s.text for s in doc.segments] == expected
    paragraphs = len(_python_markdown_paragraphs(source))
    for translate in (pseudo, reordered):
        assert len(_python_markdown_paragraphs(doc.render(translate))) == paragraphs


def test_quote_in_a_list_item_keeps_commonmark_laziness() -> None:
    """A quote indented into a list item: its lazy line keeps the item's indentation, so it is
    read as CommonMark reads it (a paragraph's continuation), never moved out of the item."""
    source = "- Item.\n\n  > Quoted\n  lazily.\n\n  Still the item.\n"
    doc = parse(source, "mkdocs")
    assert doc.render({}) == source
    assert [s.text for s in doc.segments] == ["Item.", "Quoted lazily.", "Still the item."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.lists(
        st.tuples(st.sampled_from(["", "    ", "blank", "\t", "  ", "      "]), _PROSE_LINE, st.booleans()),
        min_size=1,
        max_size=7,
    ),
    quote=st.sampled_from(["> ", "> > "]),
)
@example(body=[("    ", "a", False), ("", "b", True), ("    ", "c", False)], quote="> ")
def test_quote_paragraphs_agree_with_python_markdown(body: list[tuple[str, str, bool]], quote: str) -> None:
    """Paragraphs of a quote with indented code, blank lines and lazy lines (one marker fewer)
    are the segments l10n cuts in the MkDocs dialect: the texts Python-Markdown renders."""
    source = _lazy_quote(quote, body)
    doc = parse(source, "mkdocs")
    assert doc.render({}) == source
    assert [s.text for s in doc.segments] == _python_markdown_paragraphs(source), source


def test_mdx_lines_only_at_top_level() -> None:
    """An ``import`` line inside a blockquote is quoted text to MDX, not an ESM statement."""
    source = "> import Tabs from '@theme/Tabs';\n"
    assert [s.text for s in parse(source, "docusaurus").segments] == ["import Tabs from '@theme/Tabs';"]
    assert parse("import Tabs from '@theme/Tabs';\n", "docusaurus").segments == []


@pytest.mark.parametrize(
    ("dialect", "source", "expected"),
    [
        ("mkdocs", '> ```\n> code\n\n!!! note "After"\n    Body.\n', ["After", "Body."]),
        ("hugo", "> ```\n> code\n\n{{< highlight go >}}\nx := 1\n{{< /highlight >}}\n\nText.\n", ["Text."]),
        ("mkdocs", "> > ~~~\n> > code\n> Quoted.\n>\n> [TOC]\n", ["Quoted."]),
        # a quote line with no text does not end it: the fence goes on, its lines stay code
        ("mkdocs", "> ```\n>\n> !!! note\n> ```\nText.\n", ["Text."]),
    ],
)
def test_fence_left_open_ends_with_its_quote(dialect: str, source: str, expected: list[str]) -> None:
    """A code fence never closed inside a blockquote ends with the quote (CommonMark 4.5):
    the constructs after it are read again, not taken for code or joined as prose."""
    doc = parse(source, dialect)
    assert doc.render({}) == source
    assert [s.text for s in doc.segments] == expected


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(set(EXAMPLES) - NOT_IN_CONTAINERS)),
    markers=st.lists(st.sampled_from(["> ", ">", " > ", "  >"]), min_size=1, max_size=3),
    crlf=st.booleans(),
    last_break=st.booleans(),
)
def test_any_quote_nesting_keeps_segments(name: str, markers: list[str], crlf: bool, last_break: bool) -> None:
    """An example inside quotes nested to any depth, each marker with or without its space and
    indented up to 3 columns, with CRLF or LF line endings and with or without a final line
    break, gives the top-level segments and renders back byte for byte."""
    dialect, text, expected = EXAMPLES[name]
    for marker in reversed(markers):
        # ">" with no space eats no column: only unindented lines may follow it directly
        wrap = marker if marker.endswith(" ") else marker + " "
        text = quoted(text, wrap if any(line[:1].isspace() for line in text.split("\n")) else marker)
    if not last_break:
        text = text.removesuffix("\n")
    if crlf:
        text = text.replace("\n", "\r\n")
    doc = parse(text, dialect)
    assert doc.render({}) == text
    assert [s.text for s in doc.segments] == expected, text
