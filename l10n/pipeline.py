"""The stages on disk: extract templates and catalogs, build translated notes.

Each stage works note by note and returns an :class:`Outcome` per note and language instead of
printing, so the CLI, tests and other programs render results as they like. An error in one
note (bad encoding, broken YAML, a catalog that does not parse) becomes an ``error`` outcome and
the other notes carry on; nothing that exists is overwritten by something damaged or empty.
"""

from __future__ import annotations

import collections
import contextlib
import enum
import functools
import itertools
import os
import re
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar

from l10n.config import Config
from l10n.errors import BuildError, CatalogError, L10nError
from l10n.fsutil import atomic_write, open_file, printable, read_bytes_if_exists, read_file
from l10n.markdown.document import Document, Edit, Segment, SegmentKind, Style
from l10n.markdown.frontmatter import language_edits
from l10n.markdown.references import image_reference_edit, keep_references_resolving
from l10n.markdown.segment import decode_note, parse_note
from l10n.memo import keep
from l10n.messages import counted
from l10n.po.policy import Coverage, Translations
from l10n.site.keep import (
    ADOPTED,
    EDITED,
    UNTOLD,
    adopted_kept,
    adopted_message,
    catalog_speaks_for,
    edited_refusal,
    edited_since_written,
    is_l10ns,
    nothing_lost,
    refusal,
    source_note_refusal,
    typed_on_page,
)
from l10n.site.layout import (
    NOTE_SUFFIX,
    Note,
    NoteList,
    catalog_file,
    catalog_path,
    head_has_front_matter,
    named_notes,
    output_file,
    output_path,
    source_file,
    template_file,
    template_path,
)
from l10n.site.links import FolderListings, strip_attributes
from l10n.site.relink import (
    LinkMemo,
    OutputClaims,
    extra_edits,
    front_matter_values,
    heading_id_rules,
    heading_ids_supported,
    language_of,
    plan_headings,
    plan_terms,
    read_language,
    rewrite_links,
)
from l10n.store import cachedb, segcache
from l10n.store.state import (
    READING_STAGES,
    Identity,
    RunState,
    bytes_digest,
    remember_read,
    remember_written,
    written_digest,
)
from l10n.store.written_pages import recorded_as_output
from l10n.workers import BYTES_PER_WORKER, worker_count

if TYPE_CHECKING:
    # extract's alone (polib, the PO writer and merge: 3 ms of a build's start-up), imported
    # where extract uses them
    import polib

    from l10n.po.catalog import Catalog
    from l10n.po.writer import TemplateEntry

Progress = Callable[[int, int], None]
T = TypeVar("T")
R = TypeVar("R")


class Action(str, enum.Enum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass(frozen=True)
class Outcome:
    """What a stage did with one note (and language, where it applies)."""

    note: str
    action: Action
    lang: str | None = None
    path: Path | None = None
    message: str = ""
    rejected: tuple[str, ...] = ()
    """build: segments whose translation validation kept out ("msgid…: finding")."""
    fragments_kept: int = 0
    """build, dialect only guessed: links left pointing at a translated heading's source id."""
    stale_in_english: int = 0
    """build: segments whose English changed since their human translation and that the
    ``on_source_change`` policy leaves in English until a fresh translation exists."""
    written: tuple[str, Identity, int] | None = None
    """build in a worker process: the page's path, identity and digest, for the parent's
    record (:func:`l10n.store.state.remember_written`)."""
    edited: bool = False
    """build: the page was not written because someone edited it since l10n wrote it
    (:func:`l10n.site.keep.edited_since_written`): the build's record, which says what l10n
    wrote there, stays as it is."""
    adopted: bool = False
    """build: the page was not written because it is the hand translation ``adopt`` took in
    (:func:`l10n.site.keep.adopted_kept`): never recorded as a page l10n wrote."""
    warnings: tuple[str, ...] = ()
    """extract: what the note's author should know though nothing failed (``FILE:LINE: …``),
    such as a code fence never closed (:func:`note_warnings`)."""


@dataclass
class Report:
    """What a run did: a count per action, and the outcomes someone must read (errors, notes
    kept back), in order. Other outcomes are counted and dropped, so a run over 100,000 notes
    holds no more than one over 100."""

    counts: dict[Action, int] = field(default_factory=lambda: dict.fromkeys(Action, 0))
    notable: list[Outcome] = field(default_factory=list)
    fragments_kept: int = 0
    """Sum of :attr:`Outcome.fragments_kept`."""
    stale_in_english: int = 0
    """Sum of :attr:`Outcome.stale_in_english`."""
    removed: list[str] = field(default_factory=list)
    """build: pages (absolute paths) built before for notes now written in that language, removed
    (:func:`l10n.site.prune.prune_own_language`)."""
    kept: list[str] = field(default_factory=list)
    """build: such pages kept because they changed since l10n built them."""
    unremoved: list[tuple[str, str]] = field(default_factory=list)
    """build: such pages that could not be removed, with the reason (their build is not
    recorded, so the next run tries again)."""
    unchanged_in: collections.Counter[str] = field(default_factory=collections.Counter)
    """Per language: its :attr:`Action.UNCHANGED` outcomes (of the counts): a summary that
    leaves a language out (the source language no note needs) leaves them out too."""
    warnings: dict[str, None] = field(default_factory=dict)
    """Every outcome's :attr:`Outcome.warnings`, each once, in order (a dict used as an ordered set)."""

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.notable if o.action is Action.ERROR]

    @property
    def skipped(self) -> list[Outcome]:
        return [o for o in self.notable if o.action is Action.SKIPPED]

    @property
    def rejected(self) -> list[Outcome]:
        """Built notes in which some translations were not published (they failed validation)."""
        return [o for o in self.notable if o.rejected]

    def count(self, action: Action) -> int:
        return self.counts[action]

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.action] += 1
        if outcome.action is Action.UNCHANGED and outcome.lang is not None:
            self.unchanged_in[outcome.lang] += 1
        self.fragments_kept += outcome.fragments_kept
        self.stale_in_english += outcome.stale_in_english
        if outcome.warnings:
            self.warnings.update(dict.fromkeys(outcome.warnings))
        if outcome.action in (Action.ERROR, Action.SKIPPED) or outcome.rejected:
            self.notable.append(outcome)

    def extend(self, outcomes: Iterable[Outcome]) -> None:
        for outcome in outcomes:
            self.add(outcome)


# -- in-memory API: one note, no files -----------------------------------------------------------


def translate_document(
    doc: Document,
    translations: Catalog | Mapping[tuple[str | None, str], str],
    lang: str,
    heading_ids: Mapping[int, str] | None = None,
    extra_edits: Sequence[Edit] = (),
    term_ids: Mapping[int, str] | None = None,
) -> str:
    """Render ``doc`` in ``lang``: translated segments spliced in, English where none exists.

    Front matter (when the note has some) gets ``lang: <lang>`` and ``translated: true``.
    ``heading_ids`` maps a heading segment's start offset to the text written after its
    translation (`` {#id}``, :func:`l10n.site.relink.plan_headings`); ``extra_edits`` are further
    front-matter edits (:func:`l10n.site.relink.extra_edits`); ``term_ids`` maps a definition
    term's segment start to the IAL written before its translation (``{:#id} ``,
    :func:`l10n.site.relink.plan_terms`).
    """
    from l10n.markdown.markup import restore_hard_breaks  # build-only: not loaded by extract

    # a Mapping (a build's published translations) or a Catalog, tested without importing it
    lookup = translations.get if isinstance(translations, Mapping) else translations.lookup
    references = doc.references

    def translate(segment: Segment) -> str | None:
        value = lookup(segment.key)
        if not value:
            return None
        if segment.style is Style.LINES:
            value = restore_hard_breaks(segment.text, value)
        if references:  # without definitions there is nothing to keep resolving
            value = keep_references_resolving(segment.text, value, references)
        if heading_ids and segment.start in heading_ids and value != segment.text:
            value = strip_attributes(value) + heading_ids[segment.start]
        if term_ids and segment.start in term_ids and value != segment.text:
            value = term_ids[segment.start] + value
        return value

    edits = language_edits(doc.source, doc.front_matter, lang, doc.path) if doc.front_matter else []
    if doc.references:
        # An image that stands alone is segmented by its alt text only: when it is a shortcut
        # or collapsed reference, what follows the alt must name the label (see references).
        for segment in doc.segments:
            if segment.kind is SegmentKind.IMAGE_ALT:
                value = lookup(segment.key)
                edit = image_reference_edit(doc.source, segment.start, segment.end, value, doc.references) if value and value != segment.text else None
                if edit is not None:
                    edits.append(Edit(*edit))
    return doc.render(translate, [*edits, *extra_edits])


def encode_note(doc: Document, text: str) -> bytes:
    """The bytes of a rendered note (``Document.render`` already restores the BOM)."""
    return text.encode("utf-8")


# -- on disk ---------------------------------------------------------------------------------------


def load_note(config: Config, note: Note, use_cache: bool = False, store: bool = True) -> Document:
    """Read and segment a note; with ``use_cache``, reuse the segmentation ``extract`` stored;
    without ``store``, keep the segmentation out of the cache (``sync --dry-run`` writes
    nothing). Raises :class:`~l10n.errors.L10nError` for a note that cannot be read or is
    larger than ``max_note_bytes``."""
    try:
        info = os.stat(note.path)  # before the read: what the segmentation stored below stands for
        size = info.st_size if config.max_note_bytes else 0
        if size > config.max_note_bytes:
            raise L10nError(
                f"the note is {counted(size, 'byte')}, more than max_note_bytes ({config.max_note_bytes:,}); "
                "split it, or raise max_note_bytes in [tool.l10n]",
                note.path,
            )
        data = read_file(note.path)
    except IsADirectoryError:
        raise L10nError("is a directory, not a note", note.path) from None
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror or exc}", note.path) from None
    shown = str(_display(config, note.path))
    text, bom = decode_note(data, shown)
    # One BLAKE2b of the bytes read here (not read again) for the run state's record and the
    # segmentation cache's key, which is the digest of the text's bytes: the file's less a BOM.
    digest = bytes_digest(data)
    text_key = digest if not bom else segcache.text_digest(text)
    remember_read(os.fspath(note.path), info, data, digest)
    if use_cache:
        cached = segcache.load(config, note, text, [info.st_size, info.st_mtime_ns], text_key)
        if cached is not None and cached.bom == bom:
            cached.path = shown
            return cached
    doc = parse_note(text, shown, config.front_matter_keys, bom=bom, dialect=config.markdown_dialect)
    if store:
        segcache.store(config, note, doc, [info.st_size, info.st_mtime_ns], text_key)
    return doc


def _display(config: Config, path: Path) -> Path:
    try:
        return path.relative_to(config.root)
    except ValueError:
        return path


def _reference(config: Config, note: Note) -> str:
    # escaped: a newline in a file name would otherwise start a live entry after the '#:' line
    return printable(_display(config, note.path).as_posix())


def load_catalog(path: Path) -> Catalog | None:
    """The catalog file ``path``, or None when there is none. Raises
    :class:`~l10n.errors.CatalogError` for one that cannot be read or parsed (a folder on its
    path that cannot be searched included: ``Path.exists`` raises there)."""
    from l10n.po.catalog import Catalog

    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror or exc}", path) from None
    return Catalog.load(path)


def _write_if_changed(path: Path, new: polib.POFile, old: Catalog) -> bool:
    from l10n.po.catalog import holds_translators_work
    from l10n.po.merge import signature
    from l10n.po.writer import changed_parts

    if signature(new) == signature(old.po):
        return False
    atomic_write(path, changed_parts(new, old), CatalogError, durable=holds_translators_work(new))
    return True


_CREATION_DATE = re.compile(r'^"POT-Creation-Date: [^"\n]*\\n"$', re.MULTILINE)
_PROJECT_ID = re.compile(rb'^"Project-Id-Version: ((?:[^"\\\n]|\\.)*)\\n"\r?$', re.MULTILINE)


def kept_project_id(template: polib.POFile, old: bytes | None) -> None:
    """Give ``template`` the Project-Id-Version its file already says (``old``: the file's
    bytes), for a project without a configured name (:attr:`Config.project_named`).

    The header names the package (GNU gettext manual, "Header Entry"); a project that does not
    configure one must not take it from where it is checked out (a clone under another folder
    name would rewrite every template), so what a template says stays, and a new template gets
    the placeholder xgettext writes without ``--package-name`` (:data:`l10n.config.UNNAMED_PROJECT`).
    A template whose header cannot be read as written here keeps the placeholder."""
    import polib

    found = _PROJECT_ID.search(old) if old else None
    if found is not None:
        template.metadata["Project-Id-Version"] = polib.unescape(found.group(1).decode("utf-8", "replace"))


def _write_template(path: Path, template: polib.POFile, entry_blocks: Sequence[str], old: bytes | None) -> None:
    """Write a template unless the file (``old``: its bytes, None when there is none) says the
    same apart from its creation date.

    Templates are derived data, so the file is compared as text rather than parsed; a damaged
    one is simply written anew. For the same reason it is not fsynced when it replaces the old
    one (``durable=False``, :func:`l10n.fsutil.atomic_write`'s rule for what a re-run redoes):
    after a power cut its stamp no longer matches, and the next extract writes it again. A sync
    per rewritten template was most of the wall time of an extract after edits.
    """
    from l10n.po.writer import po_parts

    if old is not None and _same_apart_from_date(old.decode("utf-8", "replace"), po_parts(template, entry_blocks)):
        return
    atomic_write(path, po_parts(template, entry_blocks), CatalogError, durable=False)


def _same_apart_from_date(old: str, parts: Iterable[str]) -> bool:
    """Whether ``old`` is the text of ``parts`` once creation dates are left out of both, read
    part by part (the whole new text is never built)."""
    old = _CREATION_DATE.sub("", old)
    position = 0
    for part in parts:
        if "POT-Creation-Date" in part:
            part = _CREATION_DATE.sub("", part)
        if not old.startswith(part, position):
            return False
        position += len(part)
    return position == len(old)


def note_template(config: Config, note: Note, doc: Document, created: str) -> tuple[str, polib.POFile, list[TemplateEntry]]:
    """``(own, head, entries)``: the language ``doc`` (``note`` read) is written in, its template's
    header (``created``: the POT-Creation-Date) and its entries as tuples; no polib entries,
    which are made only to merge with a catalog (:func:`~l10n.po.merge.template_with_entries`)."""
    from l10n.po.merge import SOURCE_LANGUAGE, template_entries, template_head

    reference = _reference(config, note)
    template, entries = template_head(reference, config.project, created), template_entries(doc, reference)
    own = language_of(config, note.name, doc.front_matter.data if doc.front_matter else None)
    template.metadata[SOURCE_LANGUAGE] = config.language_tag(own)
    return own, template, entries


def extract_note(config: Config, note: Note, languages: Sequence[str], created: str | None = None) -> list[Outcome]:
    """Write the note's template and update its catalog in each language."""
    from l10n.po.merge import merge, new_catalog_parts, template_with_entries
    from l10n.po.writer import now_stamp, render_template_entries

    stamp = created or now_stamp()
    try:
        doc = load_note(config, note)
        warnings = note_warnings(doc)
        own, template, entries = note_template(config, note, doc, stamp)
        del doc  # the note's text and segments are not needed to write catalogs
        entry_blocks = render_template_entries(entries)
        pot = template_path(config, note)
        old = read_bytes_if_exists(pot, CatalogError)
        if not config.project_named:
            kept_project_id(template, old)
        _write_template(pot, template, entry_blocks, old)
    except L10nError as exc:
        return [Outcome(note.name, Action.ERROR, message=exc.relative_to(config.root))]
    outcomes: list[Outcome] = []
    full: polib.POFile | None = None
    for lang in languages:
        if lang == own:  # a note is never translated into its own language
            outcomes.append(Outcome(note.name, Action.UNCHANGED, lang, warnings=warnings))
            continue
        path = catalog_path(config, note, lang)
        tag = config.language_tag(lang)  # headers and plural forms want the BCP 47 tag
        try:
            existing = load_catalog(path)
            if existing is None:
                atomic_write(path, new_catalog_parts(template, entry_blocks, tag, config.project, stamp), CatalogError)
                written = True
            else:
                full = full if full is not None else template_with_entries(template, entries)
                merged = merge(full, existing, tag, config.project, stamp)
                written = _write_if_changed(path, merged, existing)
        except L10nError as exc:
            outcomes.append(Outcome(note.name, Action.ERROR, lang, path, exc.relative_to(config.root), warnings=warnings))
            continue
        action = Action.WRITTEN if written else Action.UNCHANGED
        outcomes.append(Outcome(note.name, action, lang, path, warnings=warnings))
    return outcomes


UNCLOSED_FENCE = "fence opened here is never closed; the rest of the note is code"
"""The warning for a note whose code fence runs to its end (:attr:`Document.unclosed_fence`)."""


def note_warnings(doc: Document) -> tuple[str, ...]:
    """One-line warnings about a note that segmented fine but likely not as its author meant:
    ``PATH:LINE: message`` (``PATH`` as the document shows it). A code fence never closed is
    correct CommonMark (4.5: the fence runs to the end of the document, as every generator
    renders it), so its code stays untranslated; the author is told where it opened."""
    if doc.unclosed_fence:
        return (f"{doc.path}:{doc.unclosed_fence}: {UNCLOSED_FENCE}",)
    return ()


def _mark_current(output: Path, inputs: Sequence[Path]) -> None:
    """Touch an output whose bytes did not change but that is older than what it is built from,
    so that ``status`` sees it as current where it compares modification times (a language
    without build records, :mod:`l10n.status.freshness`)."""
    try:
        newest = max(p.stat().st_mtime_ns for p in inputs if p.exists())
        if output.stat().st_mtime_ns < newest:
            os.utime(output)
    except (OSError, ValueError):
        pass


def current_percent(doc: Document, translations: Translations) -> float:
    """The coverage ``min_coverage`` is held to: of the note's segments as its English text
    stands now (``doc``), the share its catalog translates (``translations``), in percent; 100
    for a note without segments. A segment added or edited since ``extract`` has no entry yet
    and counts untranslated, so a page built after an English edit without ``extract`` is not
    published at its catalog's old coverage. Never above the catalog's own coverage (entries
    of text gone from the note no longer count for it, and none counts twice)."""
    keys = {segment.key for segment in doc.segments}
    if not keys:
        return translations.coverage.percent
    done = sum(1 for key in keys if translations.is_done(key))
    return min(translations.coverage.percent, 100.0 * done / len(keys))


def build_note(
    config: Config, note: Note, lang: str, min_coverage: float = 0.0, conflict: str | None = None
) -> Outcome:
    """Write the translated note for ``lang``; leave it alone when coverage is too low, and
    write nothing for the note's own language or when ``conflict`` says why the output is
    not this note's to write (:class:`l10n.site.relink.OutputClaims`)."""
    from l10n.store import verdicts  # loads the validator: only when a note is built

    source = catalog_path(config, note, lang)
    try:
        doc = load_note(config, note, use_cache=True)
        if language_of(config, note.name, doc.front_matter.data if doc.front_matter else None) == lang:
            return Outcome(note.name, Action.UNCHANGED, lang)
        if conflict:
            raise BuildError(conflict, note.path)
        verdicts.attach(config.locales)  # translations validated before (translate, a build) are not again
        translations = _read_catalog(source, config.on_source_change)
        target = output_path(config, note, lang)
    except L10nError as exc:
        return Outcome(note.name, Action.ERROR, lang, message=exc.relative_to(config.root))
    finally:
        verdicts.flush_in_worker()
    if translations is None:  # no catalog yet: every segment keeps its English text
        keys = len({s.key for s in doc.segments})
        translations = Translations({}, Coverage(total=keys, untranslated=keys))
    if min_coverage and (percent := current_percent(doc, translations)) < min_coverage:
        from l10n.messages import shown_percent

        message = f"{shown_percent(percent, 0):.0f}% translated, below the minimum {min_coverage:g}%; existing output kept"
        return Outcome(note.name, Action.SKIPPED, lang, target, message)
    text, kept = _render_for_site(config, note, doc, lang, translations.published, source)
    data = encode_note(doc, text)
    rejected = tuple(f"{_clip(msgid)}: {findings[0]}" for msgid, findings in translations.rejected)
    # a human translation kept beside a changed source, not published: say so (never silent)
    stale = 0 if config.on_source_change == "source" else sum(1 for key in translations.review_keys if key not in translations.published)
    try:
        existing = read_bytes_if_exists(target, BuildError)
    except L10nError as exc:  # its folder cannot be read: this page's error, the other notes carry on
        return Outcome(note.name, Action.ERROR, lang, target, exc.relative_to(config.root))
    if existing == data:
        _mark_current(target, [note.path, source])
        return Outcome(
            note.name, Action.UNCHANGED, lang, target, rejected=rejected, fragments_kept=kept, stale_in_english=stale,
            written=_remember_written(target, data),
        )
    if existing is not None:
        why = _not_ours(config, note, lang, target, existing, data, translations.published, [s.text for s in doc.segments])
        if why is not None and why.startswith(ADOPTED):  # as its owner chose: not an error
            shown = target.relative_to(config.root).as_posix()
            return Outcome(note.name, Action.UNCHANGED, lang, target, adopted=True, warnings=(f"{shown}: {why}",))
        if why is not None:
            error = BuildError(why, target).relative_to(config.root)
            return Outcome(note.name, Action.ERROR, lang, target, error, edited=why.startswith(EDITED))
    try:
        # no fsync: a built page is what a re-run makes again (its stamp no longer matches after
        # a power cut), and one per page was most of the wall time of a build --force
        atomic_write(target, data, BuildError, durable=False)
    except L10nError as exc:
        return Outcome(note.name, Action.ERROR, lang, target, exc.relative_to(config.root))
    finally:
        _forget_listings(config, target)
    return Outcome(
        note.name, Action.WRITTEN, lang, target, rejected=rejected, fragments_kept=kept, stale_in_english=stale,
        written=_remember_written(target, data),
    )


def _not_ours(
    config: Config,
    note: Note,
    lang: str,
    target: Path,
    existing: bytes,
    data: bytes,
    published: Mapping[tuple[str | None, str], str],
    sources: Sequence[str],
) -> str | None:
    """Why the build does not write ``data`` over the page ``existing`` at ``target`` (the
    refusal's message, :mod:`l10n.site.keep`), or None when the page is l10n's to overwrite: a
    page l10n wrote and someone edited since is kept (unless ``--force`` cleared the records:
    then it is l10n's again) while it says something the new page would not; a page l10n did not
    write is kept unless the catalog speaks for it (:func:`_keep_reason`)."""
    root = str(config.root)
    forced = root in _RUN_FORCED
    if adopted_kept(catalog_path(config, note, lang), existing):  # a hand page adopt took in: its owner's
        return None if forced else adopted_message(note.name)
    edited = not forced and edited_since_written(config, target, existing, keep=True)
    handed = False
    owned = _RUN_OWNED.get(root, ())
    if not edited and is_l10ns(config, target, existing[:65536], owned, keep=True):
        if forced or str(target) in owned or recorded_as_output(config.locales, str(config.source), str(target), True):
            return None  # l10n's by its record, and as it wrote it
        handed = True
    return _keep_reason(config, note, lang, target, existing, data, published, sources, edited, handed, forced)[0]


def _keep_reason(
    config: Config,
    note: Note,
    lang: str,
    target: Path,
    existing: bytes,
    data: bytes,
    published: Mapping[tuple[str | None, str], str],
    sources: Sequence[str],
    edited: bool,
    handed: bool,
    forced: bool,
) -> tuple[str | None, bool]:
    """The rule :func:`_not_ours` (the build) and :func:`page_refusal` (before translate, and
    ``sync --dry-run``) share: why the page ``existing`` at ``target`` is not written over with
    ``data`` (None: it may be), and whether it is l10n's earlier page without a record of it (a
    fresh clone: its path goes to ``known``). ``edited``: l10n wrote it and someone changed it
    since (:func:`l10n.site.keep.edited_since_written`); ``handed``: it says ``translated: true``
    and no record lists it; ``forced``: ``--force`` (no typing on it is looked for)."""
    shown = target.relative_to(config.root).as_posix()
    if edited:  # kept unless the build would write what it says (its edits adopted)
        return (None if nothing_lost(config, target, existing, data) else edited_refusal(shown, note.name)), False
    if handed:  # translated: true, no record (a fresh clone): typed on since only if it is l10n's rendering
        if not catalog_speaks_for(config, target, existing, published, lang, sources, with_front_matter=True):
            return None, False  # a page someone handed over to l10n
    elif not catalog_speaks_for(config, target, existing, published, lang, sources):  # reads the page: asked last
        # a person's page, front matter and all: written over only once it shows the catalog's text
        # and the build writes all it says (adopt took it in)
        if not catalog_speaks_for(config, target, existing, published, with_front_matter=True):
            return refusal(lang), False
        return (None if nothing_lost(config, target, existing, data) else refusal(lang, adopted=True)), False
    # l10n's without a record of it (a fresh clone): kept if someone typed on it since (by the memory)
    typed = None if forced else typed_on_page(config, target, existing, catalog_path(config, note, lang), lang)
    if typed and not nothing_lost(config, target, existing, data):
        return edited_refusal(shown, note.name, typed == UNTOLD), False
    return None, not handed


def _path_within(path: Path, folder: Path) -> bool:
    return path.is_relative_to(folder) and path != folder


def page_refusal(
    config: Config, note: Note, lang: str, known: set[str] | None = None, store: bool = True, owned: Collection[str] = ()
) -> str | None:
    """The error line's text (the page's path from the project's root first) when the build of
    ``note`` in ``lang`` would not write its page because a file l10n did not write stands
    there (:mod:`l10n.site.keep`); None when no file is there, or l10n wrote it, or the note is
    written in ``lang``. Asked before a run's translate, so that no engine request is spent on
    a page that will not be written, and by ``sync --dry-run``. A page without front matter and
    without a build record is rendered as build would render it now: the same bytes are l10n's
    earlier page (the bookkeeping was deleted), and its path is added to ``known`` so that the
    build overwrites it after translate fills the catalog. ``store``: as for :func:`load_note`
    (off in a dry run). ``owned``: pages known as l10n's besides the bookkeeping's records
    (:attr:`l10n.store.state.RunState.known_outputs`). The caller closes the connections it
    keeps (:func:`l10n.store.written_pages.close_kept`, :func:`l10n.site.keep.close_memories`).
    Raises nothing: a note or catalog that cannot be read is the build's error to say."""
    target = output_path(config, note, lang)
    try:
        with open_file(target) as handle:
            head = handle.read(65536)
    except OSError:
        return None
    if adopted_kept(catalog_path(config, note, lang), head if len(head) < 65536 else _whole(target)):
        return BuildError(adopted_message(note.name), target).relative_to(config.root)
    # the bookkeeping's connection kept for the next page (closed by the caller: written_pages.close_kept)
    edited = edited_since_written(config, target, head, keep=True) if len(head) < 65536 else _edited_page(config, target)
    said = False  # translated: true in its front matter, and no record of it (a fresh clone)
    if not edited and is_l10ns(config, target, head, owned, keep=True):
        if str(target) in owned or recorded_as_output(config.locales, str(config.source), str(target), True):
            return None
        said = True
    try:
        doc = load_note(config, note, use_cache=True, store=store)
        if language_of(config, note.name, doc.front_matter.data if doc.front_matter else None) == lang:
            return None
        if head_has_front_matter(head) and not edited and not said and _path_within(target, config.source):  # a note of its own: the run's claims say so
            shown = target.relative_to(config.root).as_posix()
            return BuildError(source_note_refusal(shown, lang), note.path).relative_to(config.root)
        translations = _read_catalog(catalog_path(config, note, lang), config.on_source_change)
        if translations is None:
            keys = len({s.key for s in doc.segments})
            translations = Translations({}, Coverage(total=keys, untranslated=keys))
        text, _ = _render_for_site(config, note, doc, lang, translations.published, catalog_path(config, note, lang))
        data, built = read_file(target), encode_note(doc, text)
        if built == data and not edited:  # l10n's earlier page, as the build writes it now
            if known is not None:
                known.add(str(target))
            return None
        sources = [s.text for s in doc.segments]
        why, ours = _keep_reason(config, note, lang, target, data, built, translations.published, sources, edited, said, False)
        if why is None:
            if ours and known is not None:
                known.add(str(target))
            return None
        return BuildError(why, target).relative_to(config.root)
    except (L10nError, OSError):
        return None


def refused_pages(
    config: Config, notes: Sequence[Note], languages: Sequence[str], refusal: Callable[[Config, Note, str], str | None]
) -> dict[str, dict[str, str]]:
    """Per language, the notes whose page the build would not write because a person's file
    stands there, or l10n's page edited since (:mod:`l10n.site.keep`), each with the error
    line's text ``refusal`` gives (:func:`page_refusal` with the caller's arguments; None for
    a page to write): translate spends no engine request on them. One ``open`` per note and
    language (a page that is not there costs no more). The connections the test keeps from one
    page to the next are closed at the end: translate writes the memory next."""
    from l10n.site.keep import close_memories
    from l10n.store.written_pages import close_kept

    found: dict[str, dict[str, str]] = {}
    try:
        for note in notes:
            for lang in languages:
                why = refusal(config, note, lang)
                if why is not None:
                    found.setdefault(lang, {})[note.name] = why
    finally:
        close_kept()
        close_memories()
    return found


def render_page(config: Config, note: Note, lang: str) -> tuple[bytes, tuple[str, ...]]:
    """The bytes ``build`` would write for ``note`` in ``lang`` from its catalog as it stands
    (``adopt`` compares an edited page with them), and the translations it would not publish
    (``"msgid…: finding"``, as the build lists them). Raises :class:`L10nError` for a note or
    catalog that cannot be read."""
    doc = load_note(config, note, use_cache=True)
    source = catalog_path(config, note, lang)
    translations = _read_catalog(source, config.on_source_change)
    published = translations.published if translations is not None else {}
    text, _ = _render_for_site(config, note, doc, lang, published, source)
    rejected = tuple(f"{_clip(msgid)}: {findings[0]}" for msgid, findings in translations.rejected) if translations else ()
    return encode_note(doc, text), rejected


def _whole(target: Path) -> bytes:
    """The bytes of the page at ``target`` (empty when it cannot be read). Raises nothing."""
    try:
        return read_file(target)
    except OSError:
        return b""


def _edited_page(config: Config, target: Path) -> bool:
    """:func:`l10n.site.keep.edited_since_written` of the page at ``target`` read whole (its
    first 64 KB do not make its digest). Raises nothing."""
    try:
        return edited_since_written(config, target, read_file(target), keep=True)
    except OSError:
        return False


def _read_catalog(path: Path, policy: str) -> Translations | None:
    """:func:`~l10n.po.scan.read_translations` of the catalog at ``path`` (None when there is
    none), its bytes read here and their digest kept for the run state's record of the build
    (:func:`l10n.store.state.remember_read`), which then need not open the file again."""
    from l10n.po.scan import read_translations  # build's alone: extract does not import it

    try:
        info = os.stat(path)
        data = read_file(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:  # the reader's precise error (a folder, a file that cannot be read)
        return read_translations(path, policy)
    remember_read(os.fspath(path), info, data)
    return read_translations(path, policy, data)


def _remember_written(path: Path, data: bytes) -> tuple[str, Identity, int] | None:
    """Keep the digest of ``data``, just written to (or found in) the output ``path``, for the
    run state's record of the build, which then need not read the output back; in a worker
    process, whose parent makes the record, return it for the outcome to carry there
    (:attr:`Outcome.written`). The output is l10n's own file: a write by someone else between
    the write and the ``stat`` here is the only way the identity could stand for other bytes."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if cachedb._in_worker():
        return written_digest(os.fspath(path), info, data)
    remember_read(os.fspath(path), info, data)
    return None


def _clip(text: str, width: int = 50) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _render_for_site(
    config: Config, note: Note, doc: Document, lang: str, published: Mapping[tuple[str | None, str], str], catalog: Path
) -> tuple[str, int]:
    """The built note as the site needs it: heading ids kept, links and images resolving from
    the output's folder (unless ``rewrite_links`` is off), extra front-matter keys set; and the
    count of ``#fragment``s left as written because the dialect is only guessed."""
    extra = extra_edits(doc, front_matter_values(config, lang, catalog))
    if not config.rewrite_links:
        return translate_document(doc, published, lang, extra_edits=extra), 0
    plan = plan_headings(doc, published.get, config.dialect, heading_ids_supported(config), heading_id_rules(config))
    if config.on_source_change == "machine":  # what _renamed_in would read again for a link here
        _keep_renamed(config, note.name, lang, plan.renamed)
    if config.dialect == "kramdown":
        plan_terms(doc, published.get, plan)
    text = translate_document(doc, published, lang, plan.suffixes, [*extra, *plan.edits], plan.prefixes)
    return rewrite_links(
        config, note, lang, text, plan.renamed, functools.partial(_renamed_in, config),
        functools.partial(_language_by_name, config), keep_fragments=config.dialect_guessed,
        depends_on=_READ_ELSEWHERE.append,  # recorded: the note is built again when the file appears or goes
        memo=_RUN_LINKS.get(str(config.root)),
        listings=_RUN_FOLDERS.get(str(config.root)),
        site=_RUN_SITES.get(str(config.root)),
    )


def _renamed_in(config: Config, name: str, lang: str) -> Mapping[str, str]:
    """The heading ids renamed in another note's build in ``lang`` (for links to it)."""
    if heading_ids_supported(config):
        return {}
    # the files its renamed ids come from, recorded as this build's dependencies
    _READ_ELSEWHERE.append(source_file(config, name))
    _READ_ELSEWHERE.append(catalog_file(config, name, lang))
    run = _RUN_RENAMED.get(str(config.root))
    if run is not None and (name, lang) in run:
        return run[name, lang]
    key = _renamed_key(config, name, lang)
    renamed = _RENAMED.get(key)
    if renamed is None:
        from l10n.po.scan import read_published  # build-only, as in build_note

        try:
            note = Note(PurePosixPath(name), config.source / name)
            doc = load_note(config, note, use_cache=True)
            path = catalog_path(config, note, lang)
            published = read_published(path, SegmentKind.HEADING.value) if path.exists() else {}
            renamed = plan_headings(doc, published.get, config.dialect, False, heading_id_rules(config)).renamed
        except L10nError:
            renamed = {}
    # in a run, in the run's bounded memo only: the process's would hold every note linked to
    # before its own build (a note's ids are about 2 kB; 50,000 notes, 100 MB: issue 19)
    _keep_renamed(config, name, lang, renamed)
    return renamed


def _keep_renamed(config: Config, name: str, lang: str, renamed: Mapping[str, str]) -> None:
    """Remember note ``name``'s renamed heading ids in ``lang``: for the rest of the run when a
    :func:`run_build` is going on (no file is stat-ed to ask again: the run does not write the
    sources and catalogs they come from), else for the process while those files stay."""
    run = _RUN_RENAMED.get(str(config.root))
    if run is None:  # memory stays flat on big sites: the oldest notes' ids are asked of the files again
        keep(_RENAMED, _renamed_key(config, name, lang), renamed, _MOST_RENAMED)
        return
    keep(run, (name, lang), renamed, _MOST_RENAMED)


_RENAMED: dict[tuple[object, ...], Mapping[str, str]] = {}
"""Each note's renamed heading ids by language, for links from other notes: filled by the note's
own build (with the default ``on_source_change``, the policy :func:`_renamed_in` reads with) or
on the first link to it, so its catalog is not read and validated a second time."""


def _renamed_key(config: Config, name: str, lang: str) -> tuple[object, ...]:
    # strings, not pathlib: asked for every link to another note (only stat-ed); the generator's
    # heading-id settings too: an edit of its file renames the ids in this process as well
    source, catalog = source_file(config, name), catalog_file(config, name, lang)
    return (str(config.root), name, lang, _changed_at(source), _changed_at(catalog), config.heading_ids)


def _changed_at(path: str) -> int:
    """The change time of ``path`` (ns; -1 when missing): the key of this process's memos of a
    file, since every write moves it, also one that keeps the size and puts the mtime back."""
    try:
        return os.stat(path).st_ctime_ns
    except OSError:
        return -1


def _language_by_name(config: Config, name: str) -> str:
    """A note's language (front matter, else name), remembered for the process."""
    source = source_file(config, name)
    _READ_ELSEWHERE.append(source)
    key = (str(config.root), name, _changed_at(source))
    known = _LANGUAGES.get(key)
    if known is None:
        # flat on big sites: the oldest notes' front matter is read again
        known = keep(_LANGUAGES, key, read_language(config, Note(PurePosixPath(name), config.source / name)), _MOST_LANGUAGES)
    return known


_LANGUAGES: dict[tuple[str, str, int], str] = {}
_MOST_LANGUAGES = 1024
"""Notes' languages :data:`_LANGUAGES` holds at most (about 200 bytes each: 0.2 MB), the oldest
going first (:func:`l10n.memo.keep`); 4,096 filled up between 1,000 and 5,000 notes (issue 19)."""

def link_face(config: Config, lang: str, paths: Iterable[str]) -> tuple[bytes, set[str]] | None:
    """What a build in ``lang`` read from the notes among ``paths`` (its ``deps:`` record's
    files) that its links lead to: each one's language and renamed heading ids (what
    :func:`l10n.site.relink.rewrite_links` asks ``note_lang`` and ``renamed_in``), as a digest;
    with the files it stands for (each note's source and catalog in ``lang``). The note's
    output path follows from its name, language and the settings (the record's fingerprint).
    An edit of such a note that leaves its face as it was (its text, not its headings) leaves
    the pages that link to it as they were (session 18). None when no path is a note's source."""
    from l10n.blake2 import blake2b

    prefix = f"{config.source}{os.sep}"
    faces: list[tuple[str, str, tuple[tuple[str, str], ...]]] = []
    covered: set[str] = set()
    for path in sorted(paths):
        # a Markdown file there (a note, or one the walk leaves out: read the same way, harmless);
        # an image or other file a link names counts by its stamp alone (its edit rebuilds)
        if not path.startswith(prefix) or not path.endswith(NOTE_SUFFIX) or not os.path.isfile(path):
            continue
        name = path[len(prefix) :].replace(os.sep, "/")
        faces.append((name, _language_by_name(config, name), tuple(sorted(_renamed_in(config, name, lang).items()))))
        covered.update((path, catalog_file(config, name, lang)))
    _READ_ELSEWHERE.clear()  # asked here, outside a build: what they append is no build's
    if not faces:
        return None
    return blake2b(repr(faces).encode("utf-8", "surrogatepass"), digest_size=16).digest(), covered


def faces_hold(config: Config, state: RunState, name: str, lang: str, restamp: bool = True) -> bool:
    """Whether note ``name``'s build in ``lang`` may be kept although files of its ``deps:``
    record changed: every changed file is a source or catalog of a note its links lead to, and
    what it read from those notes (:func:`link_face`) is as kept with the record. Then (with
    ``restamp``; ``sync --dry-run`` only asks) the record and its face take the files' new
    stamps (the build is not redone)."""
    key = f"deps:{lang}:{name}"
    found = state.changed_dependencies(key)
    if found is None:
        return False
    paths, changed, kept = found
    if not changed:  # built again for another reason (a catalog this run wrote, placeholders)
        return False
    face = link_face(config, lang, paths)
    if face is None or face[0] != kept or not face[1].issuperset(changed):
        return False
    if not restamp:
        return True
    state.record_dependencies(key, paths)
    state.record_face(key, paths, face[0])
    return True


_RUN_RENAMED: dict[str, dict[tuple[str, str], Mapping[str, str]]] = {}
""":func:`_renamed_in`'s answers by note name and language for each project a :func:`run_build`
is building in this process (made at its start, dropped at its end)."""
_MOST_RENAMED = 1024
"""Notes' renamed heading ids :data:`_RUN_RENAMED` (each run) and :data:`_RENAMED` hold at most,
the oldest going first (:func:`l10n.memo.keep`): up to about 2 kB each (a heading's source and
built ids), 2 MB. Builds go in path order and links mostly lead near (a folder's notes to each
other), so the notes let go are rarely asked again; 65,536 held 130 MB at 50,000 notes (issue
19: peak memory flat in the notes)."""

_RUN_LINKS: dict[str, LinkMemo] = {}
"""The link targets of each project a :func:`run_build` is building in this process
(:func:`l10n.site.relink.rewrite_links`' ``memo``): made at the run's start, dropped at its end,
so a build outside a run (or the next run) resolves every link afresh."""

_RUN_SITES: dict[str, Collection[str]] = {}
"""The names of every note of each project a :func:`run_build` is building in this process (the
walk's, :class:`~l10n.site.relink.OutputClaims`' ``sources``): links lead to the translations of
these only (:func:`l10n.site.relink.note_name_of`), so never to a page no build writes (a note
behind a symbolic link the walk does not follow, a folder reached twice, an ignored folder)."""

_RUN_OWNED: dict[str, frozenset[str]] = {}
"""Per project root, during :func:`run_build`: the pages the build records listed before
``--force`` cleared them (:attr:`l10n.store.state.RunState.known_outputs`), still l10n's."""
_RUN_FORCED: set[str] = set()
"""The project roots whose :func:`run_build` redoes every note (``--force``): a page l10n wrote
and someone edited since is overwritten, as the refusal says (:func:`l10n.site.keep.edited_refusal`)."""
_RUN_FOLDERS: dict[str, FolderListings] = {}
"""The folder listings of each project a :func:`run_build` is building in this process
(:func:`l10n.site.relink.rewrite_links`' ``listings``), made and dropped with :data:`_RUN_LINKS`."""


def _forget_listings(config: Config, written: Path) -> None:
    """The run's folder listings no longer stand for the folders of ``written``, just written."""
    listings = _RUN_FOLDERS.get(str(config.root))
    if listings is not None:
        listings.forget(os.fspath(written))


_READ_ELSEWHERE: list[str] = []
"""Files of other notes the note being built has read (the sources and catalogs its links lead
to), and the other files its links name (found or missing): recorded as its ``deps:`` work, so
that an edit there, or the file appearing or going, builds it again."""


def _extract_job(args: tuple[Config, Note, tuple[str, ...], str]) -> list[Outcome]:
    return extract_note(*args)


def _build_job(args: tuple[Config, Note, str, float, str | None]) -> tuple[Outcome, tuple[str, ...]]:
    """:func:`build_note`, and the files of other notes it read (:data:`_READ_ELSEWHERE`)."""
    _READ_ELSEWHERE.clear()
    outcome = build_note(*args)
    own = source_file(args[0], args[1].name)
    read = tuple(sorted({path for path in _READ_ELSEWHERE if path != own}))
    _READ_ELSEWHERE.clear()
    return outcome, read


def _run_chunk(function: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [function(item) for item in chunk]


def _watch_parent(parent: int) -> None:
    """Worker initializer: end this worker as soon as the process that started it is gone.

    A worker killed with its parent (``kill -9`` of ``l10n``) would otherwise wait on its task
    queue for minutes. On Linux the kernel sends SIGKILL when the parent dies
    (``PR_SET_PDEATHSIG``); elsewhere, and as a second line, a thread polls the parent PID.
    """
    import ctypes
    import ctypes.util
    import signal
    import threading

    with contextlib.suppress(Exception):  # not Linux, or no libc: the thread below does it
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="l10n-parent-watch", daemon=True).start()


PEEK_ITEMS = 4096
"""Items of work (after skipping) :func:`_map` reads ahead, at most, to weigh the work before
choosing its worker count: bounded, so memory does not grow with the site."""


def _note_bytes(note: Note) -> int:
    """The size of ``note``'s file in bytes (0 when it cannot be stat-ed: its read reports it)."""
    try:
        return os.stat(note.path).st_size
    except OSError:
        return 0


def _map(
    function: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    on_done: Callable[[T, R], None],
    expected: int,
    size_of: Callable[[T], int],
) -> None:
    """Run ``function`` over ``items`` (about ``expected`` of them), and hand each item and its
    result to ``on_done`` in order: in up to ``jobs`` worker processes, as many as the work
    left after skipping pays for (:func:`l10n.workers.worker_count` of the bytes ``size_of``
    gives per item), else in this process.

    Items are read as they are needed: ahead of the first result only until the work is known to
    fill ``jobs`` workers (at most :data:`PEEK_ITEMS`), then at most a few chunks per worker are
    in flight, so a run over many notes never holds them all (``Executor.map`` would submit
    every item first).
    """
    iterator = iter(items)
    first: list[T] = []
    work = 0
    wanted = jobs * BYTES_PER_WORKER
    if jobs > 1 and expected >= 2:
        # Work is what is left after skipping: on a run after a few edits, a pool would cost more
        # to start (each worker's imports and cold caches) than the work it shares out.
        for item in iterator:
            first.append(item)
            work += size_of(item)
            if work >= wanted or len(first) >= PEEK_ITEMS:
                break
    workers = worker_count(jobs, work)
    if workers <= 1:
        for item in itertools.chain(first, iterator):
            on_done(item, function(item))
        return
    from concurrent.futures import Future, ProcessPoolExecutor  # a slow import, needed only here

    if work < wanted and len(first) < PEEK_ITEMS:  # every item is read: their number is known
        expected = len(first)
    size = max(1, min(64, expected // (workers * 4)))
    cachedb.flush()  # the workers must see what this process has written
    in_flight: collections.deque[tuple[list[T], Future[list[R]]]] = collections.deque()

    def finish_oldest() -> None:
        chunk, future = in_flight.popleft()
        for item, result in zip(chunk, future.result()):
            on_done(item, result)

    with ProcessPoolExecutor(max_workers=workers, initializer=_watch_parent, initargs=(os.getpid(),)) as pool:
        iterator = itertools.chain(first, iterator)
        while chunk := list(itertools.islice(iterator, size)):
            in_flight.append((chunk, pool.submit(_run_chunk, function, chunk)))
            if len(in_flight) >= workers * 4:
                finish_oldest()
        while in_flight:
            finish_oldest()


def extract_inputs(config: Config, note: Note | str, lang: str) -> list[str]:
    """The files whose state decides whether extracting ``note`` (a note or its name) for
    ``lang`` can be skipped: the note, its template and its catalog.

    Paths are strings made without pathlib or the checks that guard writes (they are only
    stat-ed): on a no-op run over many notes, pathlib was most of the cost (issue 19)."""
    name = note if isinstance(note, str) else note.name
    return [source_file(config, name), template_file(config, name), catalog_file(config, name, lang)]


def build_inputs(config: Config, note: Note | str, lang: str) -> list[str]:
    """The files that decide whether building ``note`` for ``lang`` can be skipped: the note,
    its catalog and its output (strings, as :func:`extract_inputs`)."""
    name = note if isinstance(note, str) else note.name
    return [source_file(config, name), catalog_file(config, name, lang), output_file(config, name, lang)]


def _is_fresh(state: RunState | None, key: str, inputs: Callable[[], list[str]]) -> bool:
    if state is None:
        return False
    try:
        return state.is_fresh(key, inputs)
    except L10nError:  # e.g. an output path that may not be written: let the work report it
        return False


def _record(state: RunState | None, key: str, ok: bool, inputs: Callable[[], list[str]]) -> None:
    if state is None:
        return
    if ok:
        try:
            files = inputs()
            # the note (first of extract's and build's inputs) is what a user may edit during the run
            state.record(key, files, files[:1] if key.startswith(READING_STAGES) else ())
            return
        except L10nError:
            pass
    state.forget(key)


def run_extract(
    config: Config,
    notes: Sequence[Note],
    languages: Sequence[str],
    on_progress: Progress | None = None,
    jobs: int = 1,
    state: RunState | None = None,
) -> Report:
    """Extract every note; with ``state``, notes whose files are untouched are skipped.

    Notes are read one at a time (from a :class:`~l10n.site.layout.NoteList`, made as they are
    needed), so memory does not grow with their number."""
    from l10n.po.writer import now_stamp

    report = Report()
    stamp = now_stamp()
    done = 0
    langs = tuple(languages)

    def progress() -> None:
        nonlocal done
        done += 1
        if on_progress:
            on_progress(done, len(notes))

    def work() -> Iterator[tuple[Config, Note, tuple[str, ...], str]]:
        for name, note in named_notes(notes):
            if state is not None and all(
                _is_fresh(state, f"extract:{lang}:{name}", functools.partial(extract_inputs, config, name, lang))
                for lang in langs
            ):
                report.extend(Outcome(name, Action.UNCHANGED, lang) for lang in langs)
                progress()
            else:
                yield (config, note(), langs, stamp)

    def finish(item: tuple[Config, Note, tuple[str, ...], str], outcomes: list[Outcome]) -> None:
        report.extend(outcomes)
        for outcome in outcomes:
            if outcome.lang is not None:
                inputs = functools.partial(extract_inputs, config, item[1], outcome.lang)
                _record(state, f"extract:{outcome.lang}:{outcome.note}", outcome.action is not Action.ERROR, inputs)
        progress()

    _map(_extract_job, work(), jobs, finish, len(notes), lambda item: _note_bytes(item[1]))
    return report


def run_build(
    config: Config,
    notes: Sequence[Note],
    languages: Sequence[str],
    min_coverage: float = 0.0,
    on_progress: Progress | None = None,
    jobs: int = 1,
    state: RunState | None = None,
    site_names: Sequence[str] | None = None,
    relink: Collection[str] | None = None,
    claims_first: Sequence[str] | None = None,
    faced: Collection[str] = (),
) -> Report:
    """Build every note in every language; with ``state``, untouched ones are skipped.

    ``site_names``: the names of every source note of the project, when the caller has them
    (a run over the whole site), for :class:`~l10n.site.relink.OutputClaims` (else the
    source folder is walked again). ``relink``: notes to build although their own files are
    untouched, because files of other notes their links read have changed (``sync`` finds them
    with :mod:`l10n.store.changes`); by default the run state's ``deps:`` records say.
    ``claims_first``: when ``notes`` is a part of the run's notes (those that changed) and
    some of them were never built, all of the run's notes in its order: their output claims are
    weighed in that order, and a note outside ``notes`` that a new note's claim now puts in
    conflict is built too (to report it), as a build of every note would. ``faced``: the
    notes of ``relink`` there only because files of notes their links lead to changed (every
    one of the default ``relink``): one whose own files are untouched is kept when what it
    read from those notes is as it was (:func:`link_face`)."""
    report = Report()
    if relink is None:  # every one there for the files its links read: kept when what it read is as it was
        relink = faced = state.stale_dependencies(languages) if state is not None else ()
    total = len(notes) * len(languages)
    done = 0

    def progress() -> None:
        nonlocal done
        done += 1
        if on_progress:
            on_progress(done, total)

    claims = OutputClaims(config, site_names)  # asked note by note, in order, as the notes come
    root = str(config.root)

    def in_order() -> Iterator[tuple[str, Callable[[], Note] | None]]:
        """The notes to build; with ``claims_first``, every note of the run in its order (the
        others, with None, only have their claims weighed): the first claimant keeps an output."""
        if claims_first is None:
            yield from named_notes(notes)
            return
        chosen = {name for name, _ in named_notes(notes)}
        every = NoteList(config.source, ())
        for name in claims_first:
            yield name, functools.partial(every.note, name) if name in chosen else None

    def work() -> Iterator[tuple[Config, Note, str, float, str | None]]:
        for name, note in in_order():
            for lang in languages:
                conflict = claims.conflict(name, lang)
                if note is None and not conflict:
                    continue  # untouched, and no new note claims its output
                fresh = not conflict and (name not in relink or name in faced)
                if fresh and _is_fresh(state, f"build:{lang}:{name}", functools.partial(build_inputs, config, name, lang)) and (
                    name not in relink or (state is not None and faces_hold(config, state, name, lang))
                ):
                    report.add(Outcome(name, Action.UNCHANGED, lang))
                    progress()
                else:
                    made = NoteList(config.source, ()).note(name) if note is None else note()
                    yield (config, made, lang, min_coverage, conflict)

    def finish(item: tuple[Config, Note, str, float, str | None], result: tuple[Outcome, tuple[str, ...]]) -> None:
        outcome, read = result
        report.add(outcome)
        if outcome.written is not None:
            remember_written(outcome.written)
        if outcome.lang is not None:
            ok = outcome.action in (Action.WRITTEN, Action.UNCHANGED) and not outcome.adopted  # a person's page: no record of it
            if state is not None and outcome.action is Action.UNCHANGED and outcome.path is None:
                # the note is written in this language (build_note's one outcome without a
                # path): a page built while it was not goes, before its record is made again
                from l10n.site.prune import prune_own_language

                pruned = prune_own_language(config, state, outcome.note, outcome.lang)
                report.removed.extend(pruned.removed)
                report.kept.extend(pruned.kept)
                report.unremoved.extend(pruned.failed)
                if pruned.failed:  # the old records stay, stale: the next run builds it and removes the page
                    progress()
                    return
                read = (source_file(config, outcome.note),)  # the mark of a build in its own language (OWN_LANGUAGE_MARK)
            inputs = functools.partial(build_inputs, config, item[1], outcome.lang)
            # a page l10n wrote and someone edited since is told by its record: a build that wrote
            # nothing keeps it (its page's stamp stays stale, so the next run builds it again)
            if ok or not (outcome.edited or _edited_page(config, Path(output_file(config, outcome.note, outcome.lang)))):
                _record(state, f"build:{outcome.lang}:{outcome.note}", ok, inputs)
            # the other notes' files its links read: an edit there builds this note again
            if state is not None:
                key = f"deps:{outcome.lang}:{outcome.note}"
                state.record_dependencies(key, read if ok else ())
                face = link_face(config, outcome.lang, read) if ok else None
                if face is not None:  # what it read there: an edit that leaves it so keeps this build
                    state.record_face(key, read, face[0])
        progress()

    _RUN_LINKS[root], _RUN_RENAMED[root] = {}, {}  # workers forked from here start with them empty
    _RUN_FOLDERS[root] = FolderListings(root, (str(config.locales) + os.sep,))  # the bookkeeping folder is written
    _RUN_SITES[root] = claims.sources
    _RUN_OWNED[root] = state.known_outputs if state is not None else frozenset()
    if state is not None and "build" in state.forced:
        _RUN_FORCED.add(root)
    try:
        _map(_build_job, work(), jobs, finish, total, lambda item: _note_bytes(item[1]))
    finally:
        _RUN_SITES.pop(root, None)
        _RUN_OWNED.pop(root, None)
        _RUN_FORCED.discard(root)
        from l10n.site.keep import close_memories
        from l10n.store.written_pages import close_kept

        close_kept()
        close_memories()
        _RUN_LINKS.pop(root, None)
        _RUN_RENAMED.pop(root, None)
        _RUN_FOLDERS.pop(root, None)
    if "l10n.store.verdicts" in sys.modules:  # loaded by a note's build: write its passes now
        sys.modules["l10n.store.verdicts"].flush()
    return report
