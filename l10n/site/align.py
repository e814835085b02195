"""Align the blocks of a translated note with its English source's, and say which pairs to trust.

Used by :mod:`l10n.site.adopt`. A pair of blocks is judged by what must survive translation:

* structure: the same block kind (never crossed: a heading is not a paragraph's translation)
  and container shape (heading level, list marker, blockquote depth, table column);
* protected elements: link destinations, inline code, HTML tags, URLs, numbers (Devanagari
  digits read as numbers) and Latin-script words a translator kept (names, products);
* length: the pair's length ratio against the note's overall ratio (Gale & Church 1993,
  "A program for aligning sentences in bilingual corpora": lengths of translations correlate).

:func:`align` is a global sequence alignment (Needleman–Wunsch with Gale–Church's 2–1 and
1–2 joins): a block left unpaired costs :data:`GAP`, so a paragraph the translator added or
left out falls out as a gap instead of shifting every later pair by one, and two paragraphs
the translator merged into one (or one split in two) fall out as a *join*, which pairs
nothing (a msgstr holding two paragraphs' text would publish one of them twice).

Position alone is no evidence: :func:`judge` calls a pair *certain* only when it is anchored —
the same protected elements on both sides, or a heading where both notes have the same
sequence of heading levels — or when it lies between two anchored pairs (or the note's
ends) with nothing added, dropped or joined between them, so that the blocks there pair one
for one; and in either case the pair's container and length agree. Every other pair is
*uncertain*, with the reasons (:attr:`Step.why`). Nor is a pair certain when another pair of its
section (between two headings), of the same kind and shape, could as well be exchanged with it
(:func:`told_apart`): two paragraphs a translator swapped, with no element, name, sentence or
mark count or length to tell them by, would otherwise be approved each with the other's text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from l10n.markdown.document import Document, Segment, SegmentKind
from l10n.markdown.markup import elements, emphasis_delimiters, without_elements

GAP = 0.2
"""Cost of leaving one block unpaired: a pair scoring below ``-2 * GAP`` is two gaps instead."""
JOIN = 0.15
"""Cost of a 2–1 or 1–2 join beyond its blocks' score: joins are rarer than pairs."""
SAME_LENGTH = math.log(1.6)
"""Largest ``|log|`` of a pair's length ratio against the note's for a certain pair. On
opensource.guide's Hindi every merged or split paragraph is beyond 2×; 1.6 leaves a margin."""
_NUMBER = re.compile(r"\d+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.\-'][A-Za-z0-9]+)*")
_SHAPE_CHARS = re.compile(r"[^#>|*+\-1]")
_SENTENCE_END = re.compile(r"[.!?।॥。！？]+(?=[\s\"'”’)\]*_]*(?:\s|$))")
APART = 0.3
"""How much worse (summed :func:`length_gap`) two pairs' lengths must fit when their
translations are exchanged for the lengths alone to tell which is which: 1.35× apart on
each side, about three standard deviations of a pair's length gap on opensource.guide (0.09)."""


@dataclass(frozen=True)
class Block:
    """What alignment needs to know about one segment: ``size`` in characters of its text
    without protected elements, ``anchors`` its protected elements and numbers as a multiset."""

    kind: SegmentKind
    shape: str
    anchors: Counter[str]
    words: frozenset[str]
    size: int
    marks: tuple[int, ...] = ()
    """What prose keeps through translation (:func:`marks`): sentences, ``?``, ``!``, ``:`` and
    emphasis delimiters, counted."""


@dataclass(frozen=True)
class Step:
    """One step of an alignment: source block indices ``src`` and translation block indices
    ``tr`` (one and one for a pair, one and none for a gap, two and one or one and two for a
    join), the pair's ``score``, whether it is ``certain`` and, when not, ``why``."""

    src: tuple[int, ...]
    tr: tuple[int, ...]
    score: float = 0.0
    certain: bool = False
    why: str = ""

    @property
    def is_pair(self) -> bool:
        return len(self.src) == len(self.tr) == 1


def _shape(doc: Document, segment: Segment) -> str:
    """Container marks before the segment on its line: ``##``, ``-``, ``>``, ``1``, ``||``."""
    line_start = doc.source.rfind("\n", 0, segment.start) + 1
    prefix = doc.source[line_start : segment.start]
    if segment.kind is SegmentKind.TABLE_CELL:
        return "|" * prefix.count("|")  # the column; earlier cells hold text, not structure
    return _SHAPE_CHARS.sub("", re.sub(r"\d+", "1", prefix))


def block_of(doc: Document, segment: Segment) -> Block:
    """The alignment features of one segment of ``doc``."""
    found = elements(segment.text)
    anchors: Counter[str] = Counter(f"{cat}:{text}" for (cat, text), n in found.items() for _ in range(n))
    plain = without_elements(segment.text)
    anchors.update(f"n:{int(number)}" for number in _NUMBER.findall(plain))
    words = frozenset(word.lower() for word in _LATIN_WORD.findall(plain))
    return Block(segment.kind, _shape(doc, segment), anchors, words, len(plain), marks(segment.text))


def marks(text: str) -> tuple[int, ...]:
    """The counts of what a translation of the prose ``text`` keeps: sentence ends (``.``,
    ``!``, ``?``, ``।``, ``。`` … before a blank or the end), question marks, exclamation marks,
    colons (outside links, code and URLs) and emphasis delimiters. On opensource.guide's Hindi
    each agrees in 97–100 % of the paragraph pairs, so a block whose counts differ from another's
    is told apart from it when nothing else is (:func:`told_apart`)."""
    plain = without_elements(text)
    emphasis = sum(emphasis_delimiters(text).values())
    return (len(_SENTENCE_END.findall(plain)), plain.count("?") + plain.count("？"), plain.count("!") + plain.count("！"),
            plain.count(":") + plain.count("："), emphasis)


def _joined(a: Block, b: Block) -> Block | None:
    """Two neighbouring blocks as one (a join's side), or None when their kinds differ."""
    if a.kind is not b.kind:
        return None
    return Block(
        a.kind, a.shape, a.anchors + b.anchors, a.words | b.words, a.size + b.size + 1,
        tuple(x + y for x, y in zip(a.marks, b.marks, strict=True)),
    )


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def length_gap(src: Block, tr: Block, ratio: float) -> float:
    """``|log|`` of the pair's length ratio against the note's ``ratio`` (0: as expected)."""
    return abs(math.log(((tr.size + 10) / (src.size + 10)) / ratio))


def evidence(src: Block, tr: Block) -> float | None:
    """The part of :func:`score` the note's length ratio does not change (None: the kinds differ)."""
    if src.kind is not tr.kind:
        return None
    total = -0.3 * (src.shape != tr.shape)
    if src.anchors or tr.anchors:
        total += 1.2 * _dice(src.anchors, tr.anchors) - 0.6
    if tr.words:
        total += 0.3 * len(tr.words & src.words) / len(tr.words) - 0.1
    return total


def score(src: Block, tr: Block, ratio: float) -> float | None:
    """Log-odds-like evidence that ``tr`` translates ``src`` (about -1.5..1.2; None: never,
    the kinds differ); ``ratio`` is the note's length ratio. Elements that differ count
    against as much as the same ones count for: they must survive translation."""
    found = evidence(src, tr)
    return None if found is None else found + _length_term(src, tr, ratio)


def _length_term(src: Block, tr: Block, ratio: float) -> float:
    return max(-0.6, 0.3 - 0.6 * length_gap(src, tr, ratio) / math.log(2))


def align(src: Sequence[Block], tr: Sequence[Block]) -> list[Step]:
    """The best alignment of ``src`` with ``tr`` (every block in exactly one step, in order),
    each step judged (:func:`judge`). Time and memory O(len(src) × len(tr)).

    Twice: the note's length ratio from all its blocks is skewed by those only one side has
    (a dropped section makes every kept block look long), so the second pass takes the ratio
    of the first pass's pairs (the ratio-free part of each score is computed once for both)."""
    if not src or not tr:
        return [Step((i,), ()) for i in range(len(src))] + [Step((), (j,)) for j in range(len(tr))]
    table = _Table(src, tr)
    ratio = (sum(b.size for b in tr) + 10) / (sum(b.size for b in src) + 10)
    first = _steps(table, ratio)
    paired = [s for s in first if s.is_pair]
    if paired:
        ratio = (sum(tr[s.tr[0]].size for s in paired) + 10) / (sum(src[s.src[0]].size for s in paired) + 10)
    return judge(_steps(table, ratio), src, tr, ratio)


class _Table:
    """The blocks of both sides, their neighbours joined (index ``i``: blocks ``i - 1`` and
    ``i``), and each pairing's :func:`evidence`, computed once when first asked for."""

    def __init__(self, src: Sequence[Block], tr: Sequence[Block]) -> None:
        self.src, self.tr = src, tr
        self.src2 = [None, *(_joined(src[i - 1], src[i]) for i in range(1, len(src)))]
        self.tr2 = [None, *(_joined(tr[j - 1], tr[j]) for j in range(1, len(tr)))]
        self.known: dict[tuple[int, int, int], float | None] = {}

    def score(self, move: int, i: int, j: int, ratio: float) -> float | None:
        """The score of pairing (``move`` 0) ``src[i]`` with ``tr[j]``, (1) ``src[i - 1:i + 1]``
        joined with ``tr[j]``, or (2) ``src[i]`` with ``tr[j - 1:j + 1]`` joined."""
        a = self.src[i] if move != 1 else self.src2[i]
        b = self.tr[j] if move != 2 else self.tr2[j]
        if a is None or b is None or a.kind is not b.kind:
            return None
        key = (move, i, j)
        found = self.known[key] if key in self.known else self.known.setdefault(key, evidence(a, b))
        return None if found is None else found + _length_term(a, b, ratio)


def _steps(table: _Table, ratio: float) -> list[Step]:
    """The steps of the best alignment for the length ratio ``ratio`` (not judged yet)."""
    rows, cols = len(table.src), len(table.tr)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    back: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (cols + 1) for _ in range(rows + 1)]
    for j in range(1, cols + 1):
        best[0][j], back[0][j] = best[0][j - 1] - GAP, (0, 1, 0.0)
    for i in range(1, rows + 1):
        best[i][0], back[i][0] = best[i - 1][0] - GAP, (1, 0, 0.0)
        row, above = best[i], best[i - 1]
        for j in range(1, cols + 1):
            # gaps first: every cell is reachable by them, so the best is never unset
            top, how = (above[j] - GAP, (1, 0, 0.0)) if above[j] >= row[j - 1] else (row[j - 1] - GAP, (0, 1, 0.0))
            if (s := table.score(0, i - 1, j - 1, ratio)) is not None and above[j - 1] + s > top:
                top, how = above[j - 1] + s, (1, 1, s)
            if i > 1 and (s := table.score(1, i - 1, j - 1, ratio)) is not None and best[i - 2][j - 1] + s - JOIN > top:
                top, how = best[i - 2][j - 1] + s - JOIN, (2, 1, s)
            if j > 1 and (s := table.score(2, i - 1, j - 1, ratio)) is not None and above[j - 2] + s - JOIN > top:
                top, how = above[j - 2] + s - JOIN, (1, 2, s)
            row[j], back[i][j] = top, how
    steps: list[Step] = []
    i, j = rows, cols
    while i or j:
        di, dj, s = back[i][j]
        steps.append(Step(tuple(range(i - di, i)), tuple(range(j - dj, j)), s))
        i, j = i - di, j - dj
    steps.reverse()
    return steps


def judge(steps: Sequence[Step], src: Sequence[Block], tr: Sequence[Block], ratio: float) -> list[Step]:
    """``steps`` with each pair's certainty and reasons (rule: the module docstring)."""
    same_headings = _heading_levels(src) == _heading_levels(tr)
    why: dict[int, list[str]] = {}
    anchored: set[int] = set()
    for at, step in enumerate(steps):
        if not step.is_pair:
            continue
        a, b = src[step.src[0]], tr[step.tr[0]]
        reasons = why.setdefault(at, [])
        if a.shape != b.shape:
            reasons.append("its container differs")
        if (gap := length_gap(a, b, ratio)) > SAME_LENGTH:
            reasons.append(f"its length is {math.exp(gap):.1f}× off the note's ratio")
        if a.anchors or b.anchors:
            if a.anchors == b.anchors:
                if not reasons:
                    anchored.add(at)
            else:
                reasons.append("links, code or numbers differ")
        elif a.kind is SegmentKind.HEADING and same_headings and not reasons:
            anchored.add(at)
    # between two anchored pairs (or the ends), blocks pair one for one only when no step there is a gap or a join
    run: list[int] = []
    for at in [*range(len(steps)), len(steps)]:
        if at < len(steps) and at not in anchored:
            run.append(at)
            continue
        broken = any(not steps[k].is_pair for k in run)
        for k in run:
            if steps[k].is_pair and broken:
                why[k].append("a block is added, dropped or merged near it")
        run = []
    _exchangeable(steps, src, tr, ratio, why)
    return [
        Step(step.src, step.tr, step.score, step.is_pair and not why.get(at), "; ".join(why.get(at, [])))
        for at, step in enumerate(steps)
    ]


def _heading_levels(blocks: Sequence[Block]) -> list[str]:
    return [b.shape for b in blocks if b.kind is SegmentKind.HEADING]


def _exchangeable(steps: Sequence[Step], src: Sequence[Block], tr: Sequence[Block], ratio: float, why: dict[int, list[str]]) -> None:
    """Add a reason to each pair still certain (no reason in ``why``) whose translation could as
    well be that of another pair of its section (between two headings), of the same kind and
    shape, or, for a heading, of a heading of its level right beside it: exchanging the two
    translations fits no worse (:func:`told_apart`). A translator who
    swapped two such paragraphs leaves nothing else to tell it by, and position between two
    anchors would approve both wrongly."""
    groups: dict[tuple[int, SegmentKind, str, str], list[int]] = {}
    section = 0
    for at, step in enumerate(steps):
        if any(src[i].kind is SegmentKind.HEADING for i in step.src) or any(tr[j].kind is SegmentKind.HEADING for j in step.tr):
            section = at
        if step.is_pair:
            a, b = src[step.src[0]], tr[step.tr[0]]
            groups.setdefault((section, a.kind, a.shape, b.shape), []).append(at)
    checks: list[tuple[int, list[int]]] = []  # (a pair, the pairs it could be exchanged with)
    headings: dict[tuple[str, str], list[int]] = {}
    for key, members in groups.items():
        if key[1] is SegmentKind.HEADING:  # each heading starts its own section
            headings.setdefault(key[2:], []).extend(members)
        else:
            checks += [(at, members) for at in members]
    for members in headings.values():  # a heading right beside another (no block between): they may be exchanged
        checks += [(at, [other for other in members if abs(other - at) == 1]) for at in members]
    for at, rivals in checks:
        if why.get(at):
            continue
        a, b = src[steps[at].src[0]], tr[steps[at].tr[0]]
        for other in rivals:
            if other != at and not told_apart(a, b, src[steps[other].src[0]], tr[steps[other].tr[0]], ratio):
                why[at].append(f"it could as well translate another {a.kind.value} near it (nothing but their order tells them apart)")
                break


def told_apart(a: Block, b: Block, a2: Block, b2: Block, ratio: float) -> bool:
    """Whether pairing ``a`` with ``b`` and ``a2`` with ``b2`` fits better than exchanging the
    translations (``a`` with ``b2``, ``a2`` with ``b``), by what survives translation: each
    disagreement in protected elements or in :func:`marks` counts one against its pairing, a
    Latin-script word (a name) shared counts one for the pairing sharing more, and lengths count one for the pairing
    they fit better by more than :data:`APART`. Told apart: the sum favours ``a``–``b``."""

    def misses(x: Block, y: Block) -> int:
        return (x.anchors != y.anchors) + sum(m != n for m, n in zip(x.marks, y.marks, strict=True))

    def names(x: Block, y: Block) -> int:
        return len(x.words & y.words)

    lead = (misses(a, b2) + misses(a2, b)) - (misses(a, b) + misses(a2, b2))
    shared = (names(a, b) + names(a2, b2)) - (names(a, b2) + names(a2, b))
    lead += (shared > 0) - (shared < 0)  # one, however many: a language in Latin script shares words by chance
    lengths = (length_gap(a, b2, ratio) + length_gap(a2, b, ratio)) - (length_gap(a, b, ratio) + length_gap(a2, b2, ratio))
    lead += (lengths > APART) - (lengths < -APART)
    return lead > 0
