"""Time linear in the input: every pathological shape costs about 4× for 4× the text.

Each case times one stage on a text made of ``n`` repetitions of a shape and on ``4n``, and
asserts the ratio, never an absolute time, so a slow or busy machine does not fail it: linear
work gives about 4, quadratic 16, cubic 64. The shapes are those an adversarial pass found
(issue 15) and their siblings: every opening mark of a regex alternative repeated without its
closing mark.
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from l10n.markdown.frontmatter import find_front_matter
from l10n.markdown.markup import compare
from l10n.markdown.protect import protect, validate
from l10n.markdown.segment import parse_note
from l10n.markdown.validate import validate_translation


@dataclass(frozen=True)
class Shape:
    name: str
    make: Callable[[int], str]
    """The text for ``n`` repetitions."""
    n: int = 1000


def paragraph(unit: str, n: int = 1000) -> Shape:
    return Shape(f"paragraph {unit!r}", lambda k: "Text " + unit * k + "\n", n)


SHAPES = [
    paragraph('"](x'),
    paragraph("[a]("),
    paragraph("<"),
    paragraph("a <"),
    paragraph("{{"),
    paragraph("{%"),
    paragraph("{#"),
    paragraph("<!--"),
    paragraph("<?"),
    paragraph("<![CDATA["),
    paragraph("<!a"),
    paragraph("[^"),
    paragraph("]["),
    paragraph("!["),
    paragraph("["),
    paragraph("`a"),
    paragraph("``a`"),
    paragraph("*a"),
    paragraph("_a"),
    paragraph("&a"),
    paragraph("\\"),
    paragraph("https://"),
    paragraph("a|"),
    paragraph("](<"),
    # MDX expressions (l10n.markdown.mdx): braces, strings, comments and JSX attributes never closed
    paragraph("{a "),
    paragraph("{`"),
    paragraph("{'"),
    paragraph("{/*"),
    paragraph("<a b={"),
    Shape("lines of '<'", lambda k: "<\n" * k),
    Shape("front-matter value with spaces", lambda k: "---\ntitle: a" + " " * (4 * k) + "b\n---\nText\n"),
    Shape("front-matter value of spaces", lambda k: "---\ntitle:" + " " * (4 * k) + "\n---\nText\n"),
    Shape("front-matter comment after spaces", lambda k: "---\ntitle: a" + " " * (4 * k) + "#c\n---\nText\n"),
    # (a quoted key with many spaces before its colon is no test: YAML caps implicit keys at 1024)
    Shape("front-matter continuation line of spaces", lambda k: "---\ntitle: a\n" + " " * (4 * k) + "b\n---\nText\n"),
    Shape("spaces before '- -'", lambda k: " " * (4 * k) + "- -\n"),
    Shape("spaces before '> -'", lambda k: "> " + " " * (4 * k) + "- - x\n"),
    Shape("nested list markers", lambda k: "- " * k + "x\n"),
    Shape("nested quotes", lambda k: "> " * k + "x\n", 250),
]


def _seconds(function: Callable[[str], object], text: str) -> float:
    """CPU seconds of this process (time spent waiting for other processes does not count),
    best of three runs, with the cyclic garbage collector paused: its full collections walk
    every live object, and 4n repetitions make 4x the objects (markdown-it's tokens), so a linear
    parse measured 5-6x here and above the limit on CI's busy machine (9.03x for 16,000 backticks,
    linear under cProfile). The algorithm's growth is what is asserted, not the collector's."""
    best = float("inf")
    for _ in range(3):
        gc.disable()  # (no gc.collect() first: a full collection of the suite's heap each time cost minutes)
        try:
            start = time.process_time()
            function(text)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def _ratio(function: Callable[[str], object], shape: Shape) -> tuple[int, float, float, float]:
    """(n, seconds for n, seconds for 4n, their ratio); n grows until the run for n takes 10 ms,
    so that fixed costs and the timer's resolution do not decide the ratio."""
    n = shape.n
    small = _seconds(function, shape.make(n))
    while small < 0.01 and n < 64 * shape.n:
        n *= 4
        small = _seconds(function, shape.make(n))
    large = _seconds(function, shape.make(4 * n))
    return n, small, large, large / max(small, 1e-6)


_CALLS = itertools.count()
STAGES: dict[str, Callable[[str], object]] = {
    "segment": lambda text: parse_note(text, "x.md", ["title"]),
    "protect": lambda text: protect(text),
    "validate": lambda text: validate(text, text, "hi"),
    "compare": lambda text: compare(text, text, "paragraph"),
    # a new kind each call: the validator remembers its verdicts, and a remembered one costs nothing
    "validate_translation": lambda text: validate_translation(text, text, f"paragraph {next(_CALLS)}"),
    "front matter": lambda text: find_front_matter(text),
}
# linear gives about 4; quadratic 16: 9 leaves room for noise on a busy machine
LIMIT = 9.0


@pytest.mark.timeout(600)
@pytest.mark.parametrize("stage", list(STAGES))
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_time_is_linear(shape: Shape, stage: str) -> None:
    assert_linear(stage, shape)


def assert_linear(stage: str, shape: Shape) -> None:
    """Fail when ``stage`` on ``shape`` grows faster than linearly: the CPU-time ratio of 4n to
    n repetitions above :data:`LIMIT`, measured twice (the machine may have been busy)."""
    function = STAGES[stage]
    n, small, large, ratio = _ratio(function, shape)
    if ratio > LIMIT:
        n, small, large, ratio = _ratio(function, shape)
    assert ratio <= LIMIT, f"{stage} on {shape.name}: {small:.3f}s for n={n}, {large:.3f}s for 4n"


def test_matching_an_edited_long_paragraph_is_linear() -> None:
    """Reviewer's case: one word dropped from a long paragraph, then ``extract`` looks for the
    closest old entry (``msgmerge --previous``). difflib's character ratio is quadratic; long
    texts are compared by words in linear time, and the old translation is still found."""
    import polib

    from l10n.po.merge import _closest

    def edited(text: str) -> object:
        old = polib.POEntry(msgid=text, msgstr="translated")
        found = _closest(text.split(" ", 1)[1], {("", text): old})
        assert found is old
        return found

    shape = Shape("edited long paragraph", lambda k: " ".join(f"word{i * 7919 % 1009}" for i in range(k)) + ".", 1000)
    n, small, large, ratio = _ratio(edited, shape)
    if ratio > LIMIT:
        n, small, large, ratio = _ratio(edited, shape)
    assert ratio <= LIMIT, f"{small:.3f}s for n={n}, {large:.3f}s for 4n"
