"""Adopt existing translated notes: align them with their English source and fill the catalogs.

Both notes are segmented with :func:`~l10n.markdown.segment.read_note`, so the translation's blocks are
cut exactly as the source's are. Front-matter values pair by key. Body blocks are aligned by
:func:`l10n.site.align.align` on what must survive translation (structure, link destinations,
code, numbers, relative length), with gaps for a block added or left out and joins for
paragraphs merged or split, which pair nothing.

Pairs the evidence corroborates are *certain* (approved, or fuzzy with ``fuzzy=True``); the
others are *uncertain* (always fuzzy, with a translator comment saying why). A human translation beats a machine
one: an empty msgstr is filled, and machine output (``# mt:``) and fuzzy ones are replaced
(:func:`replaceable`); an approved msgstr is never overwritten, nor machine output a translator
corrected (:func:`_corrected_machine_output`), and a person's fuzzy msgstr that is replaced is
kept in a comment. A "translation" identical to its source is not adopted (the build falls back
to the source text anyway, and an empty entry stays open for machine translation).

A page l10n wrote and someone edited since (:func:`l10n.site.keep.edited_since_written`) gives
only its segments that differ from what the build writes now (:func:`_edited_pairs`), which
take the place of the catalog's text: approved when the note and catalog are as the build
recorded them, for review otherwise. Catalogs are written atomically, with ``wrapwidth=0``,
and only when their content changed.

A hand page taken in at the note's own output (or an edited page that says more than its
catalog gives back) stays its owner's: the catalog's :data:`l10n.site.keep.ADOPTED_HEADER`
records its digest, and the build keeps those bytes (:func:`l10n.site.keep.adopted_kept`)
until ``build --force`` or the page is deleted.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from l10n.config import Config
from l10n.errors import L10nError
from l10n.fsutil import open_file, read_file
from l10n.markdown.document import Document, Segment
from l10n.markdown.segment import read_note
from l10n.markdown.validate import validate_translation
from l10n.pipeline import Action, extract_note, load_note, render_page
from l10n.po.catalog import Catalog
from l10n.po.policy import FUZZY, MT_COMMENT, SUGGESTION_COMMENT, entry_key, is_machine_made, without_lines
from l10n.site.align import align, block_of
from l10n.site.fragments import heading_ids, restore_fragments
from l10n.site.keep import ADOPTED_HEADER, catalog_speaks_for, edited_since_written, is_l10ns, nothing_lost, page_digest
from l10n.site.layout import Layout, Note, catalog_path
from l10n.site.links import Link, find_links
from l10n.store.written_pages import inputs_as_recorded, recorded_as_output

_UNCERTAIN_COMMENT = "adopt: uncertain alignment"
"""The start of the comment on an uncertain pair's entry: ``adopt: uncertain alignment (why), please review``."""
_REFUSED = "adopt: the build does not publish this: "
"""A comment line on an adopted msgstr the build's validator refuses (kept fuzzy, with why)."""
_REPLACED = "adopt: replaced "
"""A comment line keeping a person's fuzzy msgstr a hand page's text replaced (JSON-quoted)."""
_PAGE_SAID = "adopt: the edited page says "
"""A comment line keeping an edited page's text beside an approved msgstr adopt does not replace."""
_REVIEW_PREFIX = "adopt: from the edited page"
_REVIEW = _REVIEW_PREFIX + " (its note or catalog may have changed since l10n built it), please review"
_AROUND = 3
"""Unchanged characters on each side of a change the build made to a segment (:func:`_unrendered`)."""


@dataclass(frozen=True)
class Pair:
    """A source segment and the translated segment aligned with it."""

    source: Segment
    translation: Segment
    score: float
    certain: bool
    why: str = ""
    """Why the pair is uncertain (:attr:`l10n.site.align.Step.why`), or empty."""


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
    replaced: int = 0
    """Machine-made or fuzzy (or, from an edited page l10n wrote, any) msgstrs the page's text replaced."""
    refused: int = 0
    """Filled (or replaced), but the build's validator refuses the text: fuzzy, with why in a comment."""
    edited: bool = False
    """The page is one l10n wrote and someone edited since."""
    left: str = ""
    """An edited page: what of it the catalog cannot hold (the build keeps the page), or empty."""
    written: bool = False
    missing: bool = False
    """No translated note was found (or the page is l10n's own): skipped, not an error."""
    own: bool = False
    """The page is l10n's own (built from the catalog): nothing to adopt."""
    error: str = ""

    @property
    def total(self) -> int:
        return self.aligned + self.uncertain + self.unaligned + self.kept + self.replaced + self.refused


# -- alignment ---------------------------------------------------------------------------------


def pair_segments(source: Document, translation: Document) -> list[Pair]:
    """Aligned segment pairs: front-matter values by key, body blocks by :func:`l10n.site.align.align`:
    its pairs, and each block the page splits in two (a 1–2 join) with the two texts joined by a
    space, never certain (a reviewer looks at the join). A gap pairs nothing, nor two blocks the
    page merges into one (a 2–1 join): either msgstr would publish the other block's text twice."""
    pairs: list[Pair] = []
    by_context = {s.context: s for s in translation.segments if s.context is not None}
    for segment in source.segments:
        other = by_context.get(segment.context) if segment.context is not None else None
        if other is not None:
            pairs.append(Pair(segment, other, 1.0, True))
    body_src = [s for s in source.segments if s.context is None]
    body_tr = [s for s in translation.segments if s.context is None]
    steps = align([block_of(source, s) for s in body_src], [block_of(translation, s) for s in body_tr])
    for st in steps:
        if st.is_pair:
            pairs.append(Pair(body_src[st.src[0]], body_tr[st.tr[0]], st.score, st.certain, st.why))
        elif len(st.src) == 1 and len(st.tr) == 2:  # one block the page splits in two: both, joined, for review
            first, second = (body_tr[j] for j in st.tr)
            joined = first._replace(text=f"{first.text} {second.text}", end=second.end)
            pairs.append(Pair(body_src[st.src[0]], joined, st.score, False, f"the page splits it in two {first.kind.value}s, joined here"))
    return pairs


# -- catalogs ----------------------------------------------------------------------------------


def translation_path(config: Config, note: Note, lang: str, from_dir: Path | None = None) -> Path:
    """Where the existing translation of ``note`` is: its output (:meth:`Layout.output`), or in
    ``from_dir``, laid out like the source folder with the output's file name (:meth:`Layout.output_in`)."""
    layout = Layout.of(config)
    return layout.output(note, lang) if from_dir is None else layout.output_in(from_dir, note, lang)


def replaceable(entry: polib.POEntry) -> bool:
    """Whether a person's translation of the entry's segment takes the place of its msgstr:
    empty, machine output (a ``# mt:`` line) or fuzzy (machine output, an uncertain earlier
    adoption, a translation of an older source text). A human translation always beats a
    machine one; an approved one is never overwritten by ``adopt`` of a hand translation."""
    return not entry.msgstr or entry.fuzzy or is_machine_made(entry.tcomment)


def _fill(
    po: polib.POFile,
    pairs: Sequence[Pair],
    fuzzy: bool,
    may_replace: Callable[[polib.POEntry], bool] = replaceable,
    review: str = "",
    replaced_at_will: bool = False,
) -> Counter[str]:
    """Put paired translations into the entries ``may_replace`` allows (empty, machine-made or
    fuzzy ones by default); count entries by outcome (``replaced``: a msgstr that was there
    before; ``refused``: one the build's validator, :func:`~l10n.markdown.validate.validate_translation`,
    would not publish, put in fuzzy with an ``adopt: the build does not publish this: …`` comment). ``review``: a comment that marks every translation put in fuzzy (an edited page
    whose note or catalog changed since l10n wrote it: its text may stand for an older one).
    A fuzzy msgstr a person wrote (no ``mt:`` line) that the page's text replaces is kept in a
    comment (``adopt: replaced "…"``), unless ``replaced_at_will`` (an edited page whose
    translator changed that very text)."""
    index = {entry_key(e): e for e in po if not e.obsolete}
    outcome: dict[tuple[str | None, str], str] = {
        key: ("kept" if entry.msgstr else "unaligned") for key, entry in index.items()
    }
    for pair in pairs:
        key = pair.source.key
        entry = index.get(key)
        text = pair.translation.text
        if entry is None or outcome[key] not in ("kept", "unaligned") or text == pair.source.text or not text.strip():
            continue
        if entry.msgstr == text:
            if _REFUSED in (entry.tcomment or ""):  # adopted before and still what the build refuses
                outcome[key] = "refused"
            continue  # the catalog's text already (never approved for being on a page: l10n may have put it there)
        if entry.msgstr and not may_replace(entry):
            if review:  # the catalog's kept, the page's beside it for the reviewer (once): nothing is lost
                said = f"{_PAGE_SAID}{json.dumps(text, ensure_ascii=False)}"
                if said not in (entry.tcomment or "").splitlines():
                    entry.tcomment = "\n".join(filter(None, [entry.tcomment, said]))
                if FUZZY not in entry.flags:
                    entry.flags.append(FUZZY)
                outcome[key] = "uncertain"
            continue
        had, before, person = bool(entry.msgstr), entry.msgstr, not is_machine_made(entry.tcomment)
        entry.msgstr = text
        entry.previous_msgid = entry.previous_msgctxt = None  # it translates the current text now
        entry.tcomment = without_lines(entry.tcomment, MT_COMMENT, SUGGESTION_COMMENT, _UNCERTAIN_COMMENT, _REVIEW_PREFIX, _PAGE_SAID, _REFUSED)
        if had and person and not replaced_at_will:  # a person's fuzzy text is never lost: kept beside
            entry.tcomment = "\n".join(filter(None, [entry.tcomment, f"{_REPLACED}{json.dumps(before, ensure_ascii=False)}"]))
        certain = pair.certain and not review
        if certain and not fuzzy:
            entry.flags = [f for f in entry.flags if f != FUZZY]
        elif FUZZY not in entry.flags:
            entry.flags.append(FUZZY)
        if not certain:
            said = review or f"{_UNCERTAIN_COMMENT}{f' ({pair.why})' if pair.why else ''}, please review"
            entry.tcomment = "\n".join(filter(None, [entry.tcomment, said]))
        outcome[key] = "replaced" if had else ("aligned" if certain else "uncertain")
        if findings := validate_translation(entry.msgid, text, entry.comment or None):
            # what the build would refuse is never approved: fuzzy, with the validator's reason
            more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
            entry.tcomment = "\n".join(filter(None, [entry.tcomment, f"{_REFUSED}{findings[0]}{more}"]))
            if FUZZY not in entry.flags:
                entry.flags.append(FUZZY)
            outcome[key] = "refused"
    return Counter(outcome.values())


def adopt_note(
    config: Config,
    note: Note,
    lang: str,
    from_dir: Path | None = None,
    fuzzy: bool = False,
    ids: Mapping[str, str] | None = None,
    pages: Mapping[str, tuple[bytes, Document]] | None = None,
) -> AdoptResult:
    """Fill the catalog of ``note`` in ``lang`` from its existing translated note: a hand
    translation fills the empty, machine-made and fuzzy entries; a page l10n wrote and someone
    edited since (:func:`l10n.site.keep.edited_since_written`) gives its edited segments
    (:func:`_edited_pairs`). A page l10n wrote as it stands is skipped (nothing to adopt).
    ``ids``: translated heading ids to write back as the English ones in a hand translation's
    links (:func:`l10n.site.fragments.heading_ids`; None: this note's own headings); ``pages``:
    translated pages already parsed, by path, with the bytes they were parsed from."""
    found = translation_path(config, note, lang, from_dir)
    target = catalog_path(config, note, lang)
    failed = AdoptResult(note.name, lang, found, target)
    if not found.is_file():
        return replace(failed, missing=True, error=f"no translation found at {found}")
    own = f"{_shown(config, found)} is l10n's own page (built from the catalog): nothing to adopt"
    edited = from_dir is None and _edited(config, found)
    said = False  # translated: true in its front matter, and no record of it (a fresh clone)
    if from_dir is None and not edited and _built_by_l10n(config, found):
        if recorded_as_output(config.locales, str(config.source), str(found)):
            return replace(failed, missing=True, own=True, error=own)
        said = True
    # whether the page l10n wrote is what the build renders now: taken before extract, which may rewrite the catalog
    trusted = edited and inputs_as_recorded(config.locales, f"build:{lang}:{note.name}", [str(note.path), str(target)])
    # Bring the catalog up to date with the source first, exactly as `extract` would, so that
    # adopting never leaves work for the next extract (and never churns its output).
    errors = [o.message for o in extract_note(config, note, [lang]) if o.action is Action.ERROR]
    if errors:
        return replace(failed, error=errors[0])
    try:
        source = load_note(config, note, use_cache=True)  # the segmentation extract_note just stored
        data = read_file(found)
        parsed = (pages or {}).get(str(found))
        translated = (
            parsed[1] if parsed is not None and parsed[0] == data
            else read_note(data, str(found), config.front_matter_keys, config.markdown_dialect)
        )
        catalog = Catalog.load(target)
        before = catalog.text()  # written only when its content changes: a new mtime makes the next sync redo the note
        # a hand page taken in before: kept since, or edited by its owner since (not l10n's rendering)
        mark = catalog.po.metadata.get(ADOPTED_HEADER) if from_dir is None and not edited else None
        marked = mark is not None and (mark == page_digest(data) or render_page(config, note, lang)[0] != data)
        if from_dir is None and not edited and not marked and catalog_speaks_for(
            config, found, data, catalog.publication(config.on_source_change).published, lang, [s.text for s in source.segments], said
        ):  # l10n's rendering without a record of it (a fresh clone): edited, or l10n's own
            if nothing_lost(config, found, data, render_page(config, note, lang)[0]):
                return replace(failed, missing=True, own=True, error=own)
            edited = True  # its note and catalog as they were then are unknown: what it says goes for review
        elif said:  # a page someone handed over to l10n (translated: true): taken as a hand translation
            said = False
        if edited:
            rendered = read_note(render_page(config, note, lang)[0], str(found), config.front_matter_keys, config.markdown_dialect)
            pairs = _edited_pairs(source, rendered, translated, catalog.po)
            counts = _fill(catalog.po, pairs, fuzzy, (lambda _: True) if trusted else replaceable, "" if trusted else _REVIEW, trusted)
        else:
            corrected = _corrected_machine_output(config, lang, catalog.po)
            known = heading_ids([(source, translated)], config.dialect, config.heading_ids) if ids is None else ids
            translated.segments = [s._replace(text=restore_fragments(s.text, known)) for s in translated.segments]
            counts = _fill(catalog.po, pair_segments(source, translated), fuzzy, lambda e: replaceable(e) and id(e) not in corrected)
    except L10nError as exc:
        return replace(failed, error=str(exc))
    except OSError as exc:
        return replace(failed, error=f"{found}: cannot read: {exc.strerror or exc}")
    if from_dir is None and not edited:  # a hand page at the output: its owner's, kept byte for byte from now on
        catalog.po.metadata[ADOPTED_HEADER] = page_digest(data)
    written = catalog.text() != before
    if written:
        try:
            catalog.save()
        except L10nError as exc:
            return replace(failed, error=str(exc))
    left = _left_on_page(config, note, lang, found, data) if edited else ""
    if edited and (catalog.po.metadata.get(ADOPTED_HEADER) == page_digest(data)) != bool(left):
        # what the catalog cannot give back keeps the page as it is (the build says so, no error); else l10n's again
        if left:
            catalog.po.metadata[ADOPTED_HEADER] = page_digest(data)
        else:
            del catalog.po.metadata[ADOPTED_HEADER]
        try:
            catalog.save()
        except L10nError as exc:
            return replace(failed, error=str(exc))
        written = True
    return replace(
        failed,
        aligned=counts["aligned"],
        uncertain=counts["uncertain"],
        unaligned=counts["unaligned"],
        kept=counts["kept"],
        replaced=counts["replaced"],
        refused=counts["refused"],
        written=written,
        edited=edited,
        left=left,
    )


def _corrected_machine_output(config: Config, lang: str, po: polib.POFile) -> set[int]:
    """The ``id`` of each entry of ``po`` whose msgstr still says ``mt:`` but is not what the
    engine gave, by the translation memory (a translator corrected it and left the comment, as
    :func:`l10n.mt.translate.keep_edited_machine_output` tells it): a person's work, which a hand
    page does not replace. Without a memory, or a row for the text, nothing can be told (the
    entry is machine output). Raises nothing: a memory that cannot be read tells nothing."""
    flagged = {(e.previous_msgid or e.msgid): e for e in po if not e.obsolete and e.msgstr and is_machine_made(e.tcomment)}
    if not flagged:
        return set()
    from l10n.mt.memory import open_memory_to_read

    try:
        with open_memory_to_read(config) as memory:
            source, target = config.language_tag(config.source_language), config.language_tag(lang)
            remembered = memory.lookup(source, target, list(flagged))
    except (L10nError, OSError, sqlite3.Error):
        return set()
    return {
        id(entry)
        for text, entry in flagged.items()
        if (found := remembered.get(text)) is not None and not found.human and found.translation != entry.msgstr
    }


def _edited_pairs(source: Document, rendered: Document, page: Document, po: polib.POFile) -> list[Pair]:
    """The segments of an edited ``page`` that differ from the page the build renders now
    (``rendered``, whose segments are the source's, one for one), each paired with its source
    segment; the text is the page's with the build's rewriting of that segment undone
    (:func:`_unrendered`: links led to the output's folder, back to what the catalog holds)."""
    if [s.kind for s in rendered.segments] != [s.kind for s in source.segments]:
        return pair_segments(source, page)  # cannot be told segment by segment: aligned as a hand translation
    by_key = {entry_key(e): e for e in po if not e.obsolete}
    at = {id(segment): index for index, segment in enumerate(rendered.segments)}  # not list.index per segment: O(n²)
    pairs: list[Pair] = []
    for done, shown in _differing(rendered, page):
        segment = source.segments[at[id(done)]]
        entry = by_key.get(segment.key)
        held = entry.msgstr if entry is not None and entry.msgstr else segment.text
        pairs.append(replace(shown, source=segment, translation=shown.translation._replace(
            text=_unrendered(shown.translation.text, done.text, held)
        )))
    return pairs


def _differing(rendered: Document, page: Document) -> list[tuple[Segment, Pair]]:
    """The segments of ``page`` that differ from ``rendered``'s, each with the rendered segment
    it stands for: the segments the two have alike (the same text, in order) are matched first,
    front-matter values by key; the blocks between are aligned (:func:`align`)."""
    found: list[tuple[Segment, Pair]] = []
    by_context = {s.context: s for s in page.segments if s.context is not None}
    for segment in rendered.segments:
        other = by_context.get(segment.context) if segment.context is not None else None
        if other is not None and other.text != segment.text:
            found.append((segment, Pair(segment, other, 1.0, True)))
    mine = [s for s in rendered.segments if s.context is None]
    theirs = [s for s in page.segments if s.context is None]
    matcher = difflib.SequenceMatcher(None, [s.text for s in mine], [s.text for s in theirs], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue  # alike, or a block only one of them has (the page's stays on it: _left_on_page)
        if i2 - i1 == j2 - j1:  # edited one for one between unchanged blocks: the position is the evidence
            for k in range(i2 - i1):
                a, b = block_of(rendered, mine[i1 + k]), block_of(page, theirs[j1 + k])
                same = a.kind is b.kind and a.shape == b.shape
                found.append((mine[i1 + k], Pair(mine[i1 + k], theirs[j1 + k], 1.0, same, "" if same else "its block differs")))
            continue
        steps = align([block_of(rendered, s) for s in mine[i1:i2]], [block_of(page, s) for s in theirs[j1:j2]])
        for st in steps:
            if st.is_pair:
                i, j = i1 + st.src[0], j1 + st.tr[0]
                found.append((mine[i], Pair(mine[i], theirs[j], st.score, st.certain, st.why)))
    return found


def _unrendered(page: str, rendered: str, held: str) -> str:
    """``page`` (a segment's text on an edited page) with the changes the build made from
    ``held`` (the catalog's text) to ``rendered`` (what it wrote) undone where ``page`` still
    has them: a link the build led to the output's folder, or whose ``#fragment`` it led to a
    translated heading's id, goes back to the destination the catalog holds. A change whose
    written form the page no longer holds (a destination the translator changed) is left as
    the page has it.

    Destinations are undone whole, matched by :func:`~l10n.site.links.find_links` (the very
    scan :func:`l10n.site.relink.rewrite_links` rewrites), never by a character diff: a diff of
    ``#how-it-works`` against ``#यह-कैसे-काम-करता-है`` pairs stray characters, and text the
    translator shortened or lengthened around them moved every offset (``#how-itit-works``).
    Any other change the build made (outside destinations) is undone by :func:`_unrendered_text`."""
    if rendered == held:
        return page
    held_links, rendered_links = list(find_links(held)), list(find_links(rendered))
    if len(held_links) != len(rendered_links):  # not the build's link rewriting alone: undone as text
        return _unrendered_text(page, rendered, held)
    rewritten = [(h.url, r.url) for h, r in zip(held_links, rendered_links, strict=True)]
    # the held text with the build's destinations: what is left between it and rendered is not a link's
    as_built = _with_urls(held, held_links, [r for _, r in rewritten])
    if as_built != rendered:
        page = _unrendered_text(page, rendered, as_built)
    return _with_urls(page, list(find_links(page)), _held_urls(page, rewritten))


def _held_urls(page: str, rewritten: Sequence[tuple[str, str]]) -> list[str]:
    """For each destination of ``page`` in order, the one to write back: the catalog's where the
    page still has what the build wrote for it (``rewritten``: ``(held, written)`` pairs in the
    segment's order), else the page's own. A written destination that stands for several held
    ones goes back by its occurrence (the k-th on the page is the k-th the build wrote) when the
    page has as many of it as the build wrote, else is left as the page has it (cannot be told)."""
    held_for: dict[str, list[str]] = {}
    for held, written in rewritten:
        held_for.setdefault(written, []).append(held)
    urls = [link.url for link in find_links(page)]
    seen: Counter[str] = Counter()
    out: list[str] = []
    for url in urls:
        options = held_for.get(url)
        if not options:
            out.append(url)
        elif len(set(options)) == 1:
            out.append(options[0])
        elif urls.count(url) == len(options):
            out.append(options[seen[url]])
        else:
            out.append(url)
        seen[url] += 1
    return out


def _with_urls(text: str, links: Sequence[Link], urls: Sequence[str]) -> str:
    """``text`` with each of its destinations ``links`` (:func:`find_links`'s, in order) replaced
    by the url at the same index of ``urls``."""
    out: list[str] = []
    cursor = 0
    for link, url in zip(links, urls, strict=True):
        out.append(text[cursor : link.start])
        out.append(url)
        cursor = link.end
    out.append(text[cursor:])
    return "".join(out)


def _unrendered_text(page: str, rendered: str, held: str) -> str:
    """``page`` with the changes from ``held`` to ``rendered`` that are not destinations undone,
    each found by its written form with a few unchanged characters around it, and only where
    ``page`` holds that exactly once (else left as the page has it). Changes are undone from the
    page's end (their contexts taken from ``rendered``, which the undoing does not touch)."""
    matcher = difflib.SequenceMatcher(None, held, rendered, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        # with the unchanged characters around it, so that a short piece is found where the build put it
        lo, hi = max(0, j1 - _AROUND), min(len(rendered), j2 + _AROUND)
        before, after = rendered[lo:hi], held[i1 - (j1 - lo) : i2 + (hi - j2)]
        if page.count(before) == 1:
            page = page.replace(before, after)
    return page


def _left_on_page(config: Config, note: Note, lang: str, page: Path, data: bytes) -> str:
    """What of the edited page at ``page`` (bytes ``data``) the catalog cannot give back: empty
    when the build now renders the same page (:func:`l10n.site.keep.nothing_lost`), else the
    message saying the page stays kept."""
    try:
        again, rejected = render_page(config, note, lang)
    except L10nError as exc:
        return str(exc)
    if nothing_lost(config, page, data, again):
        return ""
    why = (
        f"the build does not publish {rejected[0]}" + (f" and {len(rejected) - 1} more" if len(rejected) > 1 else "")
        + ": fix it in the catalog"
        if rejected
        else "text outside its segments, or a block the English note lacks: put that text in the English note"
    )
    return (
        f"{_shown(config, page)} says more than its catalog gives back ({why}); the page stays as it is, "
        f"or run 'l10n build --force {note.name}' to drop its edits"
    )


def _shown(config: Config, path: Path) -> str:
    return path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)


def _edited(config: Config, page: Path) -> bool:
    try:
        return edited_since_written(config, page, read_file(page))
    except OSError:
        return False  # the read below says why


def _built_by_l10n(config: Config, page: Path) -> bool:
    """Whether the page at ``page`` is one l10n wrote (:func:`l10n.site.keep.is_l10ns`): its
    machine translations are the catalog's already, never a person's work to approve."""
    try:
        with open_file(page) as handle:
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
    todo = [note for note in notes if _language(config, note) != lang]
    pages: dict[str, tuple[bytes, Document]] = {}
    ids = heading_ids(_hand_pages(config, todo, lang, from_dir, pages), config.dialect, config.heading_ids)
    results = [adopt_note(config, note, lang, from_dir, fuzzy, ids, pages) for note in todo]
    remember_approved(config, lang, [note for note, result in zip(todo, results, strict=True) if not result.error])
    return results


def remember_approved(config: Config, lang: str, notes: Sequence[Note]) -> int:
    """Put the approved entries (a msgstr, not fuzzy) of ``notes``' catalogs in ``lang`` into the
    project's translation memory as human work, as ``translate`` does with the catalogs it reads
    (README "Pay once"): a page adopt took in is kept by the build and its note never reaches
    ``translate``, so its translations would otherwise never serve the same text elsewhere.
    Returns the number of pairs stored. Raises :class:`~l10n.errors.L10nError` when the memory
    cannot be opened or written; a catalog that cannot be read is passed over."""
    pairs: list[tuple[str, str]] = []
    for note in notes:
        try:
            po = polib.pofile(str(catalog_path(config, note, lang)), wrapwidth=0)
        except (OSError, ValueError):
            continue
        pairs += [(e.msgid, e.msgstr) for e in po if e.msgstr and not e.fuzzy and not e.obsolete and e.msgid != e.msgstr]
    if not pairs:
        return 0
    from l10n.mt.memory import open_memory

    with open_memory(config) as memory:
        memory.store_many(config.language_tag(config.source_language), config.language_tag(lang), pairs, origin="human")
    return len(pairs)


def _hand_pages(
    config: Config, notes: Sequence[Note], lang: str, from_dir: Path | None, pages: dict[str, tuple[bytes, Document]]
) -> Iterator[tuple[Document, Document]]:
    """``(English note, translated page)`` for each of ``notes`` whose page can be read (the
    others' adoption says why): what :func:`l10n.site.fragments.heading_ids` reads. Each page
    read goes into ``pages`` (path: its bytes and segments), each note into the segmentation
    cache, so that their adoption does not parse them again."""
    for note in notes:
        found = translation_path(config, note, lang, from_dir)
        try:
            data = read_file(found)
            page = read_note(data, str(found), config.front_matter_keys, config.markdown_dialect)
            source = load_note(config, note, use_cache=True)
        except (L10nError, OSError):
            continue
        pages[str(found)] = (data, page)
        yield source, page


def _language(config: Config, note: Note) -> str | None:
    """The language ``note`` is written in; None when its front matter cannot be read (its
    adoption then says why)."""
    from l10n.site.relink import read_language

    try:
        return read_language(config, note)
    except L10nError:
        return None
