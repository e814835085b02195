"""The line view skips the lines no construct can start on or close (``line_view``'s fast path):
it must give exactly what reading every line with the full scanner gives, on every dialect."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.markdown.dialect import DIALECT_CONSTRUCTS, Dialect, _Scanner, line_view, make_dialect
from tests.test_roundtrip import corpus_files

SITES = Path("/work/shared/corpus/sites")

DIALECTS = [make_dialect(name) for name in DIALECT_CONSTRUCTS] + [make_dialect("gfm", guessed=True)]


def full_reading(lines: Sequence[str], first: int, dialect: Dialect) -> tuple[object, ...] | None:
    """The line view as the scanner gives it reading every line, in ``line_view``'s shape
    (None when nothing was masked or dedented)."""
    scanner = _Scanner(lines, dialect, first)
    for index in range(first, len(lines)):
        scanner.line(index)
    if not scanner.changed and not scanner.dedented:
        return None
    return (scanner.masked, scanner.parsed, scanner.titles, scanner.changed, scanner.definitions, frozenset(scanner.breaks))


def fast_reading(lines: Sequence[str], first: int, dialect: Dialect) -> tuple[object, ...] | None:
    view = line_view(lines, first, dialect)
    if view is None:
        return None
    return (view.masked, view.parsed, view.titles, view.changed, view.definitions, view.breaks)


def assert_same(text: str) -> None:
    lines = text.replace("\r\n", "\n").split("\n")
    for dialect in DIALECTS:
        full = full_reading(lines, 0, dialect)
        if full is None and line_view(lines, 0, dialect) is None:
            continue
        assert fast_reading(lines, 0, dialect) == full, dialect.name


def _pages() -> list[Path]:
    bundled = corpus_files()
    shared = sorted(SITES.rglob("*.md")) if SITES.is_dir() else []
    return bundled + shared


@pytest.mark.parametrize("path", _pages(), ids=lambda p: str(p).rsplit("/", 2)[-2] + "/" + p.name)
def test_corpus_pages_read_the_same(path: Path) -> None:
    assert_same(path.read_bytes().decode("utf-8", "replace"))


# Pieces of lines: construct marks of every dialect, fences, containers, indentation and prose.
_PIECE = st.sampled_from(
    [
        "", " ", "    ", "\t", "> ", ">", "- ", "* ", "1. ", "2) ", "text", "e.g. x", "import x from 'y'",
        "export const a = 1", "!!! note", '!!! tip "Title"', "??? info", '=== "Tab"', "::: tip", "::: a.b",
        ":::", ":::note[T]", "/// admonition | T", "///", "> [!NOTE]", "[!TIP]", "```", "```py", "~~~", "`x`",
        "{: .c}", "{#id}", " { .a }", "{{< highlight go >}}", "{{< /highlight >}}", '{{< alert title="Hi" >}}',
        "{{% notice tip \"T\" %}}", "{% raw %}", "{% endraw %}", "{% comment %}", "{% endcomment %}",
        "{::comment}", "{:/comment}", "{::options x /}", "\\[", "\\]", "\\\\[", "$$", "[TOC]", "[[toc]]",
        "<<< @/a.js", "--8<-- \"a.md\"", "--8<--", "*[HTML]: Hyper", "[x]: {{ site.url }}/a", "<div>",
        "\u00a0", "٣. ", "|a|b|", "---", "#", "## H",
    ]
)
_LINE = st.lists(_PIECE, max_size=4).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=30))
def test_generated_lines_read_the_same(lines: list[str]) -> None:
    assert_same("\n".join(lines))


def test_a_fence_in_a_quote_ends_at_a_plain_line_outside_it() -> None:
    """The plain line closes the quote's fence (CommonMark 4.5: a fence ends with its
    container), so the attribute line after it is syntax again: a reading that passed over the
    plain line would still see the fence open when the next quote starts."""
    text = "> ```\ntext\n> {: .c}\n"
    assert_same(text)
    view = line_view(text.split("\n"), 0, make_dialect("kramdown"))
    assert view is not None and 2 in view.changed
