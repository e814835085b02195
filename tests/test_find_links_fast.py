"""find_links passes over lines its patterns cannot match: held to the full per-line scan (the
loop as it was before that shortcut, kept here as the reference) on generated notes and on the
bundled corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.site import links
from tests.conftest import CORPUS


def reference(text: str) -> Iterator[tuple[int, int, str, int]]:
    """Every line through every pattern (find_links without its shortcut)."""
    offset = 0
    fence: str | None = None
    in_comment = False
    opened = False
    body_start = links._front_matter_end(text)
    for number, line in enumerate(text.split("\n"), start=1):
        start = offset
        offset += len(line) + 1
        if start < body_start:
            continue
        marker = links._FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        masked = links.CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        if in_comment or "<!--" in masked:
            masked, in_comment = links._mask_comments(masked, in_comment)
        found: list[tuple[int, int]] = []
        if opened:
            carried = links._NEXT_LINE_DESTINATION.match(masked)
            if carried and carried.group(1):
                found.append(links._strip_brackets(carried.start(1), carried.end(1), line))
        opened = "](" in masked and links._OPEN_AT_END.search(masked) is not None
        for match in links._INLINE.finditer(masked):
            if match.start(1) == match.end(1) and not masked[match.end() :].strip():
                continue
            found.append(links._strip_brackets(match.start(1), match.end(1), line))
        definition = links._DEFINITION.match(masked)
        if definition:
            found.append(links._strip_brackets(definition.start(1), definition.end(1), line))
        for match in links._HTML_ATTR.finditer(masked):
            found.extend(links.attribute_urls(match))
        for a, b in sorted(set(found)):
            yield (start + a, start + b, line[a:b], number)


def fast(text: str) -> list[tuple[int, int, str, int]]:
    return [(link.start, link.end, link.url, link.line) for link in links.find_links(text)]


PIECES = [
    "text", " ", "[a](b.md)", "[a](", "b.md)", "](", "]:", "[x]: y.md", "<!--", "-->", "`", "``", "```", "~~~",
    "~", "=", 'href="a.md"', "src='i.png'", 'HREF="A.md"', "ſrc='l.png'", "Src = 'k.png'", "<a ", ">", "#", "> ", "    ", "---", "(c)", "<u.md>", "\t",
    # session 12: the scan jumps between lines holding a mark (longer fences, CR, a YAML end)
    "````", "~~~~", "\r", "...", "---\n",
    # session 16: the scan jumps to a "]" or "~" of any line (a bracket or tilde alone included)
    "]", "[a]", "~~",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=6).map("".join), max_size=12).map("\n".join))
def test_the_shortcut_finds_what_the_full_scan_finds(text: str) -> None:
    assert fast(text) == list(reference(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=6).map("".join), max_size=12).map("\n".join))
def test_the_jumps_find_what_the_full_scan_finds_after_front_matter(text: str) -> None:
    """Front matter first: the scan starts at the first line of the body."""
    for note in ("---\ntitle: x\n---\n" + text, "---\r\na: 1\r\n...\r\n" + text, "---\n" + text):
        assert fast(note) == list(reference(note))


def test_the_shortcut_finds_what_the_full_scan_finds_on_the_real_sites() -> None:
    """The 568 pages of the shared corpus of real sites, when it is there."""
    sites = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "sites"
    for root in (sites, Path("/work/shared/corpus/sites")):
        if root.is_dir():
            break
    else:
        pytest.skip("the shared corpus of real sites is not here")
    pages = sorted(root.rglob("*.md"))
    assert pages
    for path in pages:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert fast(text) == list(reference(text)), path


def test_the_shortcut_finds_what_the_full_scan_finds_on_the_corpus() -> None:
    for path in sorted(CORPUS.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert fast(text) == list(reference(text)), path
