"""Segments and links are immutable named tuples (session 14).

A build makes a :class:`~l10n.markdown.document.Segment` for every segment of every note it
reads from the segmentation cache, and a :class:`~l10n.site.links.Link` for every link of every
page it writes. As frozen dataclasses each field was set through ``object.__setattr__``: 7.7 %
of the build stage's instructions on the 127-note corpus (BENCHMARKS.md, "Session 14,
s14-build"). These tests hold the two to what replaced them: tuples (cheap to make), as
immutable as before, equal to the cached document's segments after the cache's round trip.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.markdown.document import Document, Segment, SegmentKind, Style
from l10n.markdown.segment import parse_note
from l10n.site.links import Link, find_links

_FIELDS = st.tuples(
    st.text(max_size=20),
    st.sampled_from(list(SegmentKind)),
    st.integers(1, 10_000),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.none() | st.text(max_size=10),
    st.lists(st.text(max_size=4), max_size=3).map(tuple),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(list(Style)),
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(_FIELDS, st.sampled_from(list(Style)))
def test_a_segment_is_an_immutable_tuple_of_its_fields(fields: tuple[object, ...], style: Style) -> None:
    segment = Segment(*fields)  # type: ignore[arg-type]
    assert isinstance(segment, tuple)  # a frozen dataclass was five times dearer to make
    assert tuple(segment) == fields
    assert segment.key == (segment.context, segment.text)
    with pytest.raises(AttributeError):
        segment.text = "changed"  # type: ignore[misc]
    changed = segment._replace(style=style)
    assert changed.style is style and changed[:8] == segment[:8] and changed[9] == segment[9]
    assert pickle.loads(pickle.dumps(segment)) == segment  # worker processes send them back
    assert hash(Segment(*fields)) == hash(segment)  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["[a](b.md)", "![i](c.png)", "[r]: d.md", "text", "`[x](y)`", "\n"]), max_size=12))
def test_links_are_immutable_tuples(parts: list[str]) -> None:
    for link in find_links("".join(parts)):
        assert isinstance(link, tuple) and type(link) is Link
        assert link == (link.start, link.end, link.url, link.line)
        with pytest.raises(AttributeError):
            link.url = "elsewhere"  # type: ignore[misc]


def test_defaults_are_those_of_the_dataclass() -> None:
    segment = Segment("Hello", SegmentKind.PARAGRAPH, 1, 0, 5)
    assert (segment.context, segment.line_prefixes, segment.eol, segment.style, segment.escape_pipes) == (
        None,
        (),
        "\n",
        Style.LINES,
        False,
    )


def test_a_parsed_note_renders_through_its_tuples() -> None:
    doc: Document = parse_note("# Title\n\n> quoted\n> lines\n\n| a | b |\n|---|---|\n| c | d |\n", "n.md", ())
    assert all(type(segment) is Segment for segment in doc.segments)
    assert doc.render({}) == doc.source
    translated = doc.render({segment.key: segment.text.upper() for segment in doc.segments})
    assert "TITLE" in translated and "QUOTED" in translated
