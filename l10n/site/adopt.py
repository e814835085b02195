"""Adopt existing translated notes: align them with their English source and fill the catalogs.

Both notes are segmented with :func:`~l10n.markdown.segment.read_note`, so the translation's blocks are
cut exactly as the source's are. Front-matter values pair by key. Body blocks are aligned with a
global sequence alignment (Needleman–Wunsch): each pair of blocks gets a similarity from

* structure: the same block kind, the same container shape (heading level, list marker,
  blockquote depth, table column);
* shared protected elements: link destinations, inline code, HTML tags, numbers (Devanagari
  digits read as numbers) and Latin-script words a translator kept (names, products);
* length: the pair's length ratio against the note's overall ratio;

and a block left unpaired costs a small gap penalty, so a paragraph the translator added or
left out falls out as a gap instead of shifting every later pair by one.

Pairs scoring high are *certain* (approved, or fuzzy with ``fuzzy=True``); lower ones are
*uncertain* (always fuzzy, with a translator comment). A non-empty msgstr is never overwritten,
and a "translation" identical to its source is not adopted (the build falls back to the source
text anyway, and an empty entry stays open for machine translation). Catalogs are written
atomically, with ``wrapwidth=0``, and only when their content changed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from l10n.config import Config
from l10n.errors import L10nError
from l10n.markdown.document import Document, Segment, SegmentKind
from l10n.markdown.markup import elements, without_elements
from l10n.markdown.segment import read_note
from l10n.pipeline import Action, extract_note, load_note
from l10n.po.catalog import Catalog
from l10n.po.policy import FUZZY, entry_key
from l10n.site.keep import is_l10ns
from l10n.site.layout import Layout, Note, catalog_path

GAP = 0.1
"""Cost of leaving one block unpaired; a pair is kept when its similarity beats 0.5 - 2 * GAP."""
PAIR_OFFSET = 0.5
CERTAIN = 0.7
"""Similarity from which a pair of blocks of the same kind and shape counts as certain."""
_NUMBER = re.compile(r"\d+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.\-'][A-Za-z0-9]+)*")
_SHAPE_CHARS = re.compile(r"[^#>|*+\-1]")
_UNCERTAIN_COMMENT = "adopt: uncertain alignment, please review"


@dataclass(frozen=True)
class Block:
    """What alignment needs to know about one segment."""

    kind: SegmentKind
    shape: str
    anchors: Counter[str]
    words: frozenset[str]
    size: int


@dataclass(frozen=True)
class Pair:
    """A source segment and the translated segment aligned with it."""

    source: Segment
    translation: Segment
    score: float
    certain: bool


@dataclass(frozen=True)
class AdoptResult:
    """What adopting one note did: counts are catalog entries (distinct msgids)."""

    note: str
    lang: str
    translation: Path | None = None
    catalog: Path | None = None
    aligned: int = 0
    """Filled from a certain pair."""
    uncertain: int = 0
    """Filled, fuzzy, from an uncertain pair."""
    unaligned: int = 0
    """No translated block paired with it (left as it was)."""
    kept: int = 0
    """Already translated in the catalog: not overwritten."""
    written: bool = False
    missing: bool = False
    """No translated note was found: skipped, not an error."""
    error: str = ""

    @property
    def total(self) -> int:
        return self.aligned + self.uncertain + self.unaligned + self.kept


# -- features and similarity ------------------------------------------------------------------


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
    return Block(segment.kind, _shape(doc, segment), anchors, words, len(plain))


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def similarity(src: Block, tr: Block, ratio: float) -> float:
    """How likely ``tr`` translates ``src`` (0..1); ``ratio`` is the note's length ratio."""
    evidence: list[float] = []
    if src.anchors or tr.anchors:
        evidence.append(_dice(src.anchors, tr.anchors))
    if tr.words:
        evidence.append(len(tr.words & src.words) / len(tr.words))
    shared = sum(evidence) / len(evidence) if evidence else 0.5
    relative = ((tr.size + 10) / (src.size + 10)) / ratio
    length = math.exp(-abs(math.log(relative)))
    return (
        0.35 * (src.kind is tr.kind)
        + 0.15 * (src.shape == tr.shape)
        + 0.25 * shared
        + 0.25 * length
    )


# -- alignment ---------------------------------------------------------------------------------


def align(src: Sequence[Block], tr: Sequence[Block]) -> list[tuple[int, int, float]]:
    """Needleman–Wunsch alignment: the ``(source index, translation index, similarity)`` pairs."""
    if not src or not tr:
        return []
    ratio = (sum(b.size for b in tr) + 10) / (sum(b.size for b in src) + 10)
    rows, cols = len(src), len(tr)
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    move = [[0] * (cols + 1) for _ in range(rows + 1)]  # 0 pair, 1 skip source, 2 skip translation
    sims: dict[tuple[int, int], float] = {}
    for i in range(rows + 1):
        for j in range(cols + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, int]] = []
            if i and j:
                sims[i - 1, j - 1] = sim = similarity(src[i - 1], tr[j - 1], ratio)
                options.append((score[i - 1][j - 1] + sim - PAIR_OFFSET, 0))
            if i:
                options.append((score[i - 1][j] - GAP, 1))
            if j:
                options.append((score[i][j - 1] - GAP, 2))
            score[i][j], move[i][j] = max(options, key=lambda o: o[0])
    return _trace(move, sims, rows, cols)


def _trace(move: list[list[int]], sims: dict[tuple[int, int], float], i: int, j: int) -> list[tuple[int, int, float]]:
    pairs: list[tuple[int, int, float]] = []
    while i > 0 or j > 0:
        step = move[i][j] if i and j else (1 if i else 2)
        if step == 0:
            pairs.append((i - 1, j - 1, sims[i - 1, j - 1]))
            i, j = i - 1, j - 1
        elif step == 1:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def pair_segments(source: Document, translation: Document) -> list[Pair]:
    """Aligned segment pairs: front-matter values by key, body blocks by :func:`align`."""
    pairs: list[Pair] = []
    by_context = {s.context: s for s in translation.segments if s.context is not None}
    for segment in source.segments:
        other = by_context.get(segment.context) if segment.context is not None else None
        if other is not None:
            pairs.append(Pair(segment, other, 1.0, True))
    body_src = [s for s in source.segments if s.context is None]
    body_tr = [s for s in translation.segments if s.context is None]
    src_blocks = [block_of(source, s) for s in body_src]
    tr_blocks = [block_of(translation, s) for s in body_tr]
    for i, j, sim in align(src_blocks, tr_blocks):
        same = src_blocks[i].kind is tr_blocks[j].kind and src_blocks[i].shape == tr_blocks[j].shape
        pairs.append(Pair(body_src[i], body_tr[j], sim, same and sim >= CERTAIN))
    return pairs


# -- catalogs ----------------------------------------------------------------------------------


def translation_path(config: Config, note: Note, lang: str, from_dir: Path | None = None) -> Path:
    """Where the existing translation of ``note`` is: its output (:meth:`Layout.output`), or in
    ``from_dir``, laid out like the source folder with the output's file name (:meth:`Layout.output_in`)."""
    layout = Layout.of(config)
    return layout.output(note, lang) if from_dir is None else layout.output_in(from_dir, note, lang)


def _fill(po: polib.POFile, pairs: Sequence[Pair], fuzzy: bool) -> Counter[str]:
    """Put paired translations into empty entries; count entries by outcome."""
    index = {entry_key(e): e for e in po if not e.obsolete}
    outcome: dict[tuple[str | None, str], str] = {
        key: ("kept" if entry.msgstr else "unaligned") for key, entry in index.items()
    }
    for pair in pairs:
        key = pair.source.key
        entry = index.get(key)
        text = pair.translation.text
        if entry is None or outcome[key] != "unaligned" or text == pair.source.text or not text.strip():
            continue
        entry.msgstr = text
        if pair.certain and not fuzzy:
            entry.flags = [f for f in entry.flags if f != FUZZY]
        elif FUZZY not in entry.flags:
            entry.flags.append(FUZZY)
        if not pair.certain:
            entry.tcomment = "\n".join(filter(None, [entry.tcomment, _UNCERTAIN_COMMENT]))
        outcome[key] = "aligned" if pair.certain else "uncertain"
    return Counter(outcome.values())


def adopt_note(config: Config, note: Note, lang: str, from_dir: Path | None = None, fuzzy: bool = False) -> AdoptResult:
    """Fill the catalog of ``note`` in ``lang`` from its existing translated note."""
    found = translation_path(config, note, lang, from_dir)
    target = catalog_path(config, note, lang)
    failed = AdoptResult(note.name, lang, found, target)
    if not found.is_file():
        return replace(failed, missing=True, error=f"no translation found at {found}")
    if from_dir is None and _built_by_l10n(config, found):
        shown = found.relative_to(config.root).as_posix() if found.is_relative_to(config.root) else str(found)
        return replace(failed, missing=True, error=f"{shown} is l10n's own page (built from the catalog): nothing to adopt")
    # Bring the catalog up to date with the source first, exactly as `extract` would, so that
    # adopting never leaves work for the next extract (and never churns its output).
    errors = [o.message for o in extract_note(config, note, [lang]) if o.action is Action.ERROR]
    if errors:
        return replace(failed, error=errors[0])
    try:
        source = load_note(config, note)
        translated = read_note(found.read_bytes(), str(found), config.front_matter_keys, config.markdown_dialect)
        catalog = Catalog.load(target)
    except L10nError as exc:
        return replace(failed, error=str(exc))
    except OSError as exc:
        return replace(failed, error=f"{found}: cannot read: {exc.strerror or exc}")
    counts = _fill(catalog.po, pair_segments(source, translated), fuzzy)
    written = counts["aligned"] + counts["uncertain"] > 0
    if written:
        try:
            catalog.save()
        except L10nError as exc:
            return replace(failed, error=str(exc))
    return replace(
        failed,
        aligned=counts["aligned"],
        uncertain=counts["uncertain"],
        unaligned=counts["unaligned"],
        kept=counts["kept"],
        written=written,
    )


def _built_by_l10n(config: Config, page: Path) -> bool:
    """Whether the page at ``page`` is one l10n wrote (:func:`l10n.site.keep.is_l10ns`): its
    machine translations are the catalog's already, never a person's work to approve."""
    try:
        with page.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False  # the read below says why
    return is_l10ns(config, page, head)


def adopt(
    config: Config, notes: Sequence[Note], lang: str, from_dir: Path | None = None, fuzzy: bool = False
) -> list[AdoptResult]:
    """Adopt every note's translation; a note without one is reported, not an error for the rest.
    A note written in ``lang`` has no catalog in it and is passed over: where the layout puts
    translations among the sources (``jekyll``, ``hugo-dir``), the hand translation being
    adopted is such a note (:func:`l10n.site.layout.drop_outputs` keeps one with front matter
    of its own)."""
    return [adopt_note(config, note, lang, from_dir, fuzzy) for note in notes if _language(config, note) != lang]


def _language(config: Config, note: Note) -> str | None:
    """The language ``note`` is written in; None when its front matter cannot be read (its
    adoption then says why)."""
    from l10n.site.relink import read_language

    try:
        return read_language(config, note)
    except L10nError:
        return None
