"""What ``sync`` would send to the engine, said before anything is written (``sync --dry-run``).

The translate stage works on the catalogs extract leaves. A dry run writes nothing, so for a
note extract would redo (new, edited, or its catalog gone) the catalog on disk is not the one a
real run translates: the plan makes that catalog in memory, as extract would (the note segmented,
its template merged into the catalog on disk, :func:`l10n.po.merge.merge`), and counts its
entries with the translate stage's own planner. Other notes' catalogs are read from disk. So the
figures are those of the real run that follows (issue 19's notes: a dry run said "0 segments"
for notes extract would redo). Nothing is written: not the catalogs, not the segmentation cache.

The plan also says which catalogs the run would rewrite (:attr:`LanguagePlan.rewritten`): build
redoes those notes, and the notes whose links read them, as the real run does (the review's
case: after a sync whose translate failed, the dry run said build would redo none of the notes
translate then filled). Texts are counted as translate sends them: shortcut references expanded
with their note's link definitions (:func:`l10n.mt.translate._references_by_text`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.config import Config
from l10n.errors import L10nError
from l10n.mt.engines.base import Engine
from l10n.mt.memory import Memory
from l10n.mt.translate import CHUNK, LanguageRun, _plan_chunk, _references_by_text, needs_machine, refusals_for
from l10n.po.catalog import Catalog, load_catalog
from l10n.po.merge import merge, signature, template_with_entries
from l10n.po.writer import TemplateEntry, now_stamp
from l10n.site.layout import Note, catalog_path
from l10n.site.relink import read_language

if TYPE_CHECKING:
    import polib


@dataclass
class LanguagePlan:
    """What ``sync`` would do in one language's catalogs."""

    run: LanguageRun
    """What translate would send (the figures of :class:`~l10n.mt.translate.LanguageRun`)."""
    rewritten: dict[str, tuple[Path, str]] = field(default_factory=dict)
    """The notes whose catalog extract or translate would write, by name: the catalog's path
    and which stage (``"extract"``, else ``"translate"``)."""


@dataclass(frozen=True)
class _Extracted:
    """A note as extract reads it, once for every language: the language it is written in, its
    template's header and entries, and its link definitions (label → destination)."""

    own: str
    template: polib.POFile
    entries: list[TemplateEntry]
    references: Mapping[str, str]


def _extract(config: Config, note: Note, created: str) -> _Extracted:
    from l10n.pipeline import load_note, note_template  # the parser: only when a note is read

    doc = load_note(config, note, store=False)  # as extract reads it, the cache left as it is
    own, template, entries = note_template(config, note, doc, created)
    return _Extracted(own, template, entries, doc.references)


def _catalog_from(config: Config, note: Note, lang: str, created: str, read: _Extracted) -> tuple[Catalog | None, bool]:
    """The catalog in ``lang`` extract would leave for the note ``read`` stands for, and whether
    it would write it (see :func:`extracted_catalog`)."""
    if read.own == lang:
        return None, False
    path = catalog_path(config, note, lang)
    existing = load_catalog(path) if path.exists() else None
    merged = merge(template_with_entries(read.template, read.entries), existing, config.language_tag(lang), config.project, created)
    written = existing is None or signature(merged) != signature(existing.po)
    return Catalog(merged, path), written


def extracted_catalog(
    config: Config, note: Note, lang: str, created: str
) -> tuple[str, Catalog | None, bool, Mapping[str, str]]:
    """``(own, catalog, written, references)``: the language ``note`` is written in, the catalog
    in ``lang`` that ``extract`` would leave for it, made in memory (None when ``lang`` is the
    note's own, which it is never translated into), whether extract would write it (no catalog
    yet, or one whose entries or header the merge changes: :func:`l10n.po.merge.signature`,
    extract's own test), and the note's link definitions (label → destination, as
    :attr:`l10n.markdown.document.Document.references`: the note is parsed once). Raises :class:`~l10n.errors.L10nError` where extract would report an error (a
    note or catalog that cannot be read)."""
    read = _extract(config, note, created)
    catalog, written = _catalog_from(config, note, lang, created, read)
    return read.own, catalog, written, read.references


class _Planner:
    """One language's plan, fed one note's catalog at a time (:func:`plan_languages`)."""

    def __init__(self, config: Config, lang: str, engine: Engine, memory: Memory | None, retry_refused: bool) -> None:
        self.config, self.lang, self.engine, self.memory = config, lang, engine, memory
        self.found = LanguagePlan(LanguageRun(lang, engine.name))
        self.refusals = refusals_for(config, lang, engine, retry_refused)
        self.counted: set[str] = set()
        self.waiting: dict[str, list[Catalog]] = {}  # by the notes' own language, as translate groups them
        self.notes_by_catalog: dict[Path, Note] = {}
        self.definitions: dict[Path, Mapping[str, str]] = {}  # of the notes extract would redo: parsed once

    def add(self, note: Note, own: str, catalog: Catalog, written: bool) -> None:
        if catalog.path is None:
            return
        if written:
            self.found.rewritten[note.name] = (catalog.path, "extract")
        self.notes_by_catalog[catalog.path] = note
        self.waiting.setdefault(own, []).append(catalog)
        if len(self.waiting[own]) >= CHUNK:
            self.flush(own)

    def flush(self, own: str) -> None:
        catalogs = self.waiting.pop(own, [])
        if not catalogs:
            return
        config = self.config
        source = config if own == config.source_language else dataclasses.replace(config, source_language=own)
        references = _references_by_text(source, catalogs, self.notes_by_catalog, store=False, known=self.definitions)
        withheld = _plan_chunk(source, catalogs, self.lang, self.engine, self.memory, self.found.run, self.counted, self.refusals, references)
        for catalog in catalogs:
            path = catalog.path
            if path is None:
                continue
            note = self.notes_by_catalog.pop(path, None)
            self.definitions.pop(path, None)
            if note is None or note.name in self.found.rewritten:
                continue
            if any(
                entry.msgid not in withheld
                and needs_machine(entry, source.on_source_change, bool(getattr(self.engine, "real_language", True))) is not None
                for entry in catalog
            ):
                self.found.rewritten[note.name] = (path, "translate")

    def finish(self) -> LanguagePlan:
        for own in list(self.waiting):
            self.flush(own)
        return self.found


def plan_language(
    config: Config,
    notes: Sequence[Note],
    lang: str,
    engine: Engine,
    memory: Memory | None,
    extract_redoes: Callable[[str], bool],
    retry_refused: bool = False,
) -> LanguagePlan:
    """:func:`plan_languages` for the one language ``lang`` (``extract_redoes(name)``: whether
    extract would redo the note in it)."""
    return plan_languages(config, notes, [lang], engine, memory, lambda name, _: extract_redoes(name), retry_refused)[0]


def plan_languages(
    config: Config,
    notes: Sequence[Note],
    languages: Sequence[str],
    engine: Engine,
    memory: Memory | None,
    extract_redoes: Callable[[str, str], bool],
    retry_refused: bool = False,
    kept_back: Callable[[str, str], bool] | None = None,
) -> list[LanguagePlan]:
    """What translating ``notes`` into each of ``languages`` would send once extract has run,
    one :class:`LanguagePlan` per language in their order: the catalog of each note for which
    ``extract_redoes(name, lang)`` holds is made in memory (:func:`extracted_catalog`; the note
    is parsed once for all its languages, not once per language), the others are read from
    disk. Texts are counted once each per language, in chunks of
    :data:`~l10n.mt.translate.CHUNK` catalogs per language (memory stays flat in the number of
    notes), with their shortcut references expanded as translate sends them; a note extract
    would fail on, or a catalog that does not parse, is left out in that language (the real
    run reports it and translates neither). Entries the real run would withhold, as their
    replies were refused before, are counted as it counts them
    (:attr:`~l10n.mt.translate.LanguageRun.withheld`; none with ``retry_refused``).
    :attr:`LanguagePlan.rewritten` names the catalogs extract would write and those with an
    entry translate would fill (one not withheld; a reply the validator refuses in the run
    cannot be foreseen). ``kept_back(name, lang)``: the note is not translated into ``lang``
    (its page is a person's, which the build would not overwrite: :mod:`l10n.site.keep`).
    Writes nothing."""
    planners = [_Planner(config, lang, engine, memory, retry_refused) for lang in languages]
    created = now_stamp()
    # Notes in blocks of CHUNK: each note of a block is parsed once (at most CHUNK parses kept,
    # for the languages after the first), then every language plans the block. A planner
    # flushes its chunks where the real run's do (every CHUNK catalogs: the engine's batches
    # follow them), so where every note has a catalog in every language its chunks end with the
    # blocks and about CHUNK catalogs are held at a time, as before. Measured on the corpus's
    # 517 pages in 4 languages: 0.63x the CPU of a parse per language, peak 115 MB against 75.
    for block in range(0, len(notes), CHUNK):
        read: dict[str, _Extracted | L10nError] = {}
        for planner in planners:
            last = planner is planners[-1]
            for note in notes[block : block + CHUNK]:
                if kept_back is not None and kept_back(note.name, planner.lang):
                    continue
                _plan_note(config, note, planner, extract_redoes, created, read)
                if last:
                    read.pop(note.name, None)  # one language: a note is held no longer than before
    return [planner.finish() for planner in planners]


def _plan_note(
    config: Config,
    note: Note,
    planner: _Planner,
    extract_redoes: Callable[[str, str], bool],
    created: str,
    read: dict[str, _Extracted | L10nError],
) -> None:
    """Feed ``planner`` the catalog of ``note`` in its language: made in memory when extract
    would redo it (the note parsed once into ``read``, by name, for every language), else read
    from disk; an error extract or translate would report is the plan's."""
    lang = planner.lang
    try:
        if extract_redoes(note.name, lang):
            found = read.get(note.name)
            if found is None:
                try:
                    found = read[note.name] = _extract(config, note, created)
                except L10nError as exc:
                    found = read[note.name] = exc
            if isinstance(found, L10nError):
                raise found
            own = found.own
            catalog, written = _catalog_from(config, note, lang, created, found)
            if catalog is not None and catalog.path is not None:
                planner.definitions[catalog.path] = found.references
        else:
            own = read_language(config, note)
            path = catalog_path(config, note, lang)
            catalog, written = (load_catalog(path) if own != lang and path.exists() else None), False
    except L10nError as exc:  # the real run reports it too (extract, translate)
        planner.found.run.catalog_errors.append(exc.relative_to(config.root))
        return
    if catalog is not None:
        planner.add(note, own, catalog, written)
