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

from l10n.config import Config
from l10n.errors import L10nError
from l10n.mt.engines.base import Engine
from l10n.mt.memory import Memory
from l10n.mt.translate import CHUNK, LanguageRun, _plan_chunk, _references_by_text, needs_machine, refusals_for
from l10n.po.catalog import Catalog, load_catalog
from l10n.po.merge import merge, signature, template_with_entries
from l10n.po.writer import now_stamp
from l10n.site.layout import Note, catalog_path
from l10n.site.relink import read_language


@dataclass
class LanguagePlan:
    """What ``sync`` would do in one language's catalogs."""

    run: LanguageRun
    """What translate would send (the figures of :class:`~l10n.mt.translate.LanguageRun`)."""
    rewritten: dict[str, tuple[Path, str]] = field(default_factory=dict)
    """The notes whose catalog extract or translate would write, by name: the catalog's path
    and which stage (``"extract"``, else ``"translate"``)."""


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
    from l10n.pipeline import load_note, note_template  # the parser: only when a note is read

    doc = load_note(config, note, store=False)  # as extract reads it, the cache left as it is
    own, template, entries = note_template(config, note, doc, created)
    if own == lang:
        return own, None, False, doc.references
    path = catalog_path(config, note, lang)
    existing = load_catalog(path) if path.exists() else None
    merged = merge(template_with_entries(template, entries), existing, config.language_tag(lang), config.project, created)
    written = existing is None or signature(merged) != signature(existing.po)
    return own, Catalog(merged, path), written, doc.references


def plan_language(
    config: Config,
    notes: Sequence[Note],
    lang: str,
    engine: Engine,
    memory: Memory | None,
    extract_redoes: Callable[[str], bool],
    retry_refused: bool = False,
) -> LanguagePlan:
    """What translating ``notes`` into ``lang`` would send once extract has run: the catalog
    of each note for which ``extract_redoes(name)`` holds is made in memory
    (:func:`extracted_catalog`), the others are read from disk. Texts are counted once each, in
    chunks of :data:`~l10n.mt.translate.CHUNK` catalogs (memory stays flat), with their
    shortcut references expanded as translate sends them; a note extract would fail on, or a
    catalog that does not parse, is left out (the real run reports it and translates neither).
    Entries the real run would withhold, as their replies were refused before, are counted as
    it counts them (:attr:`~l10n.mt.translate.LanguageRun.withheld`; none with
    ``retry_refused``). :attr:`LanguagePlan.rewritten` names the catalogs extract would write
    and those with an entry translate would fill (one not withheld; a reply the validator
    refuses in the run cannot be foreseen). Writes nothing."""
    found = LanguagePlan(LanguageRun(lang, engine.name))
    run = found.run
    refusals = refusals_for(config, lang, engine, retry_refused)
    counted: set[str] = set()
    created = now_stamp()
    waiting: dict[str, list[Catalog]] = {}  # by the notes' own language, as translate groups them
    notes_by_catalog: dict[Path, Note] = {}
    definitions: dict[Path, Mapping[str, str]] = {}  # of the notes extract would redo: parsed once

    def flush(own: str) -> None:
        catalogs = waiting.pop(own, [])
        if not catalogs:
            return
        source = config if own == config.source_language else dataclasses.replace(config, source_language=own)
        references = _references_by_text(source, catalogs, notes_by_catalog, store=False, known=definitions)
        withheld = _plan_chunk(source, catalogs, lang, engine, memory, run, counted, refusals, references)
        for catalog in catalogs:
            path = catalog.path
            if path is None:
                continue
            note = notes_by_catalog.pop(path, None)
            definitions.pop(path, None)
            if note is None or note.name in found.rewritten:
                continue
            if any(
                entry.msgid not in withheld and needs_machine(entry, source.on_source_change) is not None for entry in catalog
            ):
                found.rewritten[note.name] = (path, "translate")

    for note in notes:
        try:
            if extract_redoes(note.name):
                own, catalog, written, known = extracted_catalog(config, note, lang, created)
                if catalog is not None and catalog.path is not None:
                    definitions[catalog.path] = known
            else:
                own = read_language(config, note)
                path = catalog_path(config, note, lang)
                catalog, written = (load_catalog(path) if own != lang and path.exists() else None), False
        except L10nError as exc:  # the real run reports it too (extract, translate)
            run.catalog_errors.append(str(exc))
            continue
        if catalog is None or catalog.path is None:
            continue
        if written:
            found.rewritten[note.name] = (catalog.path, "extract")
        notes_by_catalog[catalog.path] = note
        waiting.setdefault(own, []).append(catalog)
        if len(waiting[own]) >= CHUNK:
            flush(own)
    for own in list(waiting):
        flush(own)
    return found
