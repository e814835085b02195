"""The translate stage on disk: fill empty catalog entries by machine translation.

For one language at a time it gathers the entries of every selected catalog that need a
machine translation (:func:`needs_machine`), asks :func:`l10n.mt.batch.translate_texts` for each
distinct text once (memory hits cost nothing), and writes each translation into every entry
that needs it:

* an empty entry gets it as ``#, fuzzy`` with a translator comment ``mt: <engine> <date>``;
* a stale machine-made entry (its source changed: ``#| msgid`` and ``# mt:``) gets it in place
  of the old machine output, and loses its ``#|``: only such entries and empty ones are sent;
* a stale human-made or approved entry keeps its msgstr and ``#| msgid`` (never discarded);
  with ``on_source_change = "machine"`` it gets the new translation as a suggestion comment
  (:func:`l10n.po.policy.suggestion_line`) that the build publishes until a reviewer decides.

A translation someone wrote (approved, or fuzzy without ``# mt:``) is never overwritten.

An entry whose replies the validator refused in earlier runs is not sent to the same engine again
(:mod:`l10n.store.refusals` keeps the record and says when: after one refused run for an engine
that declares itself deterministic, two otherwise), so a paid engine is not paid for it on every
sync; the run counts such entries (:attr:`LanguageRun.withheld`), and ``retry_refused`` sends them.

Nothing finished is lost: the translation memory commits every batch as it arrives, and each
catalog is saved atomically once, as soon as its last waiting entry has its outcome (and the
catalogs still partly done when the run ends or is interrupted), so a crash costs at most the
catalog writes of the notes in flight, which the memory then refills for free.
"""

from __future__ import annotations

import array
import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from l10n.config import Config
from l10n.errors import L10nError
from l10n.mt.batch import plan, translate_texts
from l10n.mt.carry import Source, carry_over, find_sources, read_sources
from l10n.mt.collector import paused_collector
from l10n.mt.engines.base import Engine
from l10n.mt.memory import Memory
from l10n.mt.memory import open_memory as _open_memory
from l10n.po.catalog import Catalog, load_catalog
from l10n.po.policy import (
    MT_COMMENT,
    SUGGESTION_COMMENT,
    entry_key,
    is_machine_made,
    is_stale,
    machine_engine,
    stale_policy,
    suggestion,
    suggestion_line,
    without_lines,
)
from l10n.po.scan import remember_saved
from l10n.site.layout import Note, catalog_file, catalog_path, select_notes
from l10n.site.relink import read_language
from l10n.store import verdicts
from l10n.store.refusals import Refusal, Refusals
from l10n.store.state import PLACEHOLDER_KEY, RunState, placeholder_notes, translate_key

CHUNK = 25
"""Catalogs held in memory at once. Measured on first translates of synthetic notes (issue 19's
"peak memory flat in the notes"): 500 catalogs held 146 MB at peak at 1,000 notes, 100 held
78 MB; 25, with the validator's caches cut to what a chunk asks again, 56 MB at 1,000 notes and
55-59 MB all through 5,000 (flat), for about 10 % more CPU in the stage (pseudo engine, paired
runs at 300 notes); 10 took the stage's peak at 1,000 notes 48.4 -> 44.3 MB (session 20,
``bench/memory_trace.py``) but sent 11 requests for 40 short notes to an LLM engine where 25 sent
at most 10 (tests/test_batching.py): requests cost users more than 4 MB. Requests are batched
across a chunk's catalogs: 25 catalogs still fill several requests of 24,000 characters, and
cost at most one part-filled request more each."""
Progress = Callable[[str, float, int], None]
"""``(lang, catalogs done, catalogs to do)``; ``done`` grows through a chunk in fractions."""


@dataclass(frozen=True)
class Withheld:
    """An entry not sent to the engine because its replies were refused before."""

    catalog: Path | None
    where: str
    """The entry's first source reference (``note.md:12``: the note's path and 1-based line,
    as the catalog's ``#:`` line gives it), else ""."""
    text: str
    refusal: Refusal


@dataclass
class LanguageRun:
    """What one language's translation did (or, for a dry run, would do)."""

    lang: str
    engine: str
    translated: int = 0
    """Distinct texts the engine translated in this run."""
    reused: int = 0
    """Distinct texts taken from the translation memory, without a request."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(source text, why) for replies rejected twice; their entries stay empty."""
    characters: int = 0
    entries_filled: int = 0
    catalogs_written: int = 0
    requests: int = 0
    """Dry run only: requests that would be made."""
    tokens: int = 0
    """Dry run only: estimated LLM tokens of the texts that would be sent."""
    retries: int = 0
    """Dry run only: texts counted twice, as their replies will be refused and asked for again:
    those a deterministic engine refused before, sent again with ``retry_refused``."""
    error: str | None = None
    """An engine-level failure that stopped this language (network, key, language)."""
    catalog_errors: list[str] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    """Entries not sent because this engine's replies for them were refused in earlier runs
    (:mod:`l10n.store.refusals`); a dry run counts them the same way."""
    withheld_texts: set[str] = field(default_factory=set, repr=False)
    """The texts of :attr:`withheld`: a dry run counts a text's entries in a later chunk too."""
    placeholders_replaced: int = 0
    """Entries whose msgstr was a placeholder engine's output (``pseudo``) that this run's real
    engine translated over (:func:`is_placeholder_output`); a dry run counts those it would."""


def _load_catalogs(
    config: Config, paths: Sequence[Path], run: LanguageRun, notes_by_catalog: Mapping[Path, Note]
) -> list[Catalog]:
    """The catalogs at ``paths`` that can be read; each one that cannot is an error of ``run``
    (named from the project's root, as the other stages name files). A missing catalog whose
    note cannot be read is that note's error (extract makes no catalog of it), not advice to
    run extract, which would fail the same way."""
    catalogs: list[Catalog] = []
    for path in paths:
        if not path.exists():
            run.catalog_errors.append(_missing(config, path, notes_by_catalog.get(path)))
            continue
        try:
            catalogs.append(load_catalog(path))
        except L10nError as exc:
            run.catalog_errors.append(exc.relative_to(config.root))
    return catalogs


def _missing(config: Config, path: Path, note: Note | None) -> str:
    """The error of a catalog not on disk: its note's own, when the note cannot be read."""
    if note is not None:
        from l10n.pipeline import load_note  # the stage's reader (and its parser): only for this rare case

        try:
            load_note(config, note, store=False)  # a dry run writes nothing: not the segmentation cache either
        except L10nError as exc:
            return exc.relative_to(config.root)
    shown = L10nError("no catalog; run 'l10n extract' first", path)
    return shown.relative_to(config.root)


def _remember_human_work(memory: Memory, config: Config, lang: str, catalogs: Sequence[Catalog]) -> None:
    """Approved translations go into the memory, so the same text elsewhere is never paid for."""
    pairs = [(e.msgid, e.msgstr) for c in catalogs for e in c if e.msgstr and not e.fuzzy and e.msgid != e.msgstr]
    if pairs:
        memory.store_many(config.language_tag(config.source_language), config.language_tag(lang), pairs, origin="human")


def _untranslated_throughout(catalog: Catalog) -> bool:
    """Whether ``catalog`` has live entries and a translation in none of them (as extract makes
    the catalog of a new note, or of a note moved or renamed)."""
    live = False
    for entry in catalog:
        if not entry.obsolete:
            if entry.msgstr or any(entry.msgstr_plural.values()):
                return False
            live = True
    return live


def _remember_orphaned_work(memory: Memory, config: Config, lang: str) -> list[Source]:
    """Put into the memory the approved translations of ``lang``'s catalogs that belong to no
    note of the site (a note moved, renamed or deleted leaves its catalog: translators' work,
    never removed), oldest file first, before the memory fills a new catalog. A translator's edit
    made there after the last run, and the note then moved, would otherwise lose to the older
    text the memory held, and the new catalog and its page publish that. Returns what a new
    catalog may continue (:mod:`l10n.mt.carry`): those orphaned catalogs and the live ones
    holding obsolete entries (a note split in two).

    The site's notes are listed again here, not taken from the run's: a run translates only the
    notes that changed (or those named on the command line), and every other note's catalog
    looked orphaned, so a new note took a live note's translation of another sentence as the
    old text of its own. A source folder that cannot be listed leaves no catalog orphaned (its
    notes would look gone); only the live catalogs' obsolete entries are offered then."""
    site = select_notes(config, ())
    expected = {catalog_file(config, name, lang) for name in site.names}
    found = find_sources(config, lang, expected)
    if site.unlisted:
        found = found._replace(orphans=[])
    orphans, sources = read_sources(found)
    if orphans:
        _remember_human_work(memory, config, lang, orphans)
    return sources


def _mark(entry: polib.POEntry, translation: str, comment: str, fuzzy: bool) -> None:
    entry.msgstr = translation
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    lines = [line for line in (entry.tcomment or "").split("\n") if line and not line.startswith(("mt: ", "tm: "))]
    entry.tcomment = "\n".join([*lines, comment])


def _file_stamp(path: Path | None) -> tuple[int, int, int, int] | None:
    """Size, mtime, change time and inode of ``path``: a save by another program moves the
    change time (or the inode, saved by rename) even when it keeps the size and puts the mtime
    back (git's racy-git.txt; :func:`l10n.store.state.stat_identity`)."""
    try:
        st = path.stat() if path else None
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) if st else None


def _take_disk_edits(catalog: Catalog, filled: set[tuple[str | None, str]]) -> None:
    """The file was saved by someone else (a translator in Poedit) since it was read: read it
    again and put this run's translations (the ``filled`` keys) into its still-empty entries, so
    their work is merged, never overwritten (issue 15). Entries they filled keep their text."""
    assert catalog.path is not None
    disk = Catalog.load(catalog.path)  # a damaged save is a CatalogError: this catalog is not written
    for key in filled:
        ours = catalog[key]
        if key not in disk:
            continue
        theirs = disk[key]
        stale_machine = theirs.previous_msgid is not None and is_machine_made(theirs.tcomment)
        placeholder = is_placeholder_output(theirs) and not is_placeholder_output(ours)  # pseudo output, replaced
        if not theirs.msgstr or (stale_machine and ours.previous_msgid is None) or placeholder:  # not their work
            theirs.msgstr, theirs.tcomment, theirs.flags = ours.msgstr, ours.tcomment, list(ours.flags)
            theirs.previous_msgid, theirs.previous_msgctxt = ours.previous_msgid, ours.previous_msgctxt
    catalog.po = disk.po
    catalog._index = disk._index  # the merged entries are this catalog's from now on


def translate_language(
    config: Config,
    notes: Sequence[Note],
    lang: str,
    engine: Engine,
    *,
    memory: Memory | None,
    jobs: int | None = None,
    dry_run: bool = False,
    on_progress: Progress | None = None,
    today: dt.date | None = None,
    state: RunState | None = None,
    retry_refused: bool = False,
) -> LanguageRun:
    """Fill the empty entries of ``notes``' catalogs in ``lang``.

    With ``state``, a catalog left complete by an earlier run and untouched since is not even
    read. The rest is worked through in chunks of :data:`CHUNK` catalogs so memory stays flat
    on big sites; identical texts in later chunks come from the translation memory for free.
    Entries whose replies this engine had refused before are withheld (:func:`refusals_for`)
    unless ``retry_refused``.
    """
    run = LanguageRun(lang, engine.name)
    real = bool(getattr(engine, "real_language", True))
    # catalogs left holding pseudo output: complete for pseudo, read again for a real engine
    marked = placeholder_notes(state, lang)
    refusals = refusals_for(config, lang, engine, retry_refused)
    verdicts.attach(config.locales)  # the replies check_reply passes are recorded: build needs not validate them again
    counted: set[str] = set()  # dry run: a text is counted once, even across chunks
    # Each note goes to the engines from its own language (front matter ``lang`` or file name);
    # a note written in ``lang`` has no catalog in it.
    # Each catalog to fill is held as its note's index in ``notes`` (8 bytes in an array), its
    # path and Note made again a chunk at a time: a Path and a Note per catalog of the whole
    # run held 1.7 kB each, 35 MB at 20,000 notes (issue 19: peak memory flat in the notes).
    by_source: dict[str, array.array[int]] = {}
    for index, note in enumerate(notes):
        path = catalog_path(config, note, lang)
        key = translate_key(lang, path)
        if state is None or not state.is_fresh(key, [path]) or (real and note.name in marked):
            own = read_language(config, note)
            if own != lang:
                by_source.setdefault(own, array.array("q")).append(index)
            elif state is not None and not dry_run:
                # nothing to do until its catalog in lang appears (the note says it is written
                # in another language, and extract makes it) or changes: without the record,
                # every sync read the note again and never said "nothing to translate"
                state.record(key, [path])
    total = sum(len(todo) for todo in by_source.values())
    if on_progress is not None and total:
        on_progress(lang, 0, total)
    offset = 0  # catalogs of the earlier source languages: one bar over all of them
    @functools.cache
    def harvest_orphans() -> list[Source]:  # once a run, and only where a catalog starts empty
        return _remember_orphaned_work(memory, config, lang) if memory is not None else []

    # No automatic garbage collection while the stage allocates and frees its entries (7-10 %
    # of its CPU, for almost no garbage): one sweep per chunk instead (l10n.mt.collector).
    with paused_collector() as sweep:
        for own, todo in by_source.items():
            source_config = config if own == config.source_language else dataclasses.replace(config, source_language=own)
            _translate_paths(
                source_config, notes, todo, lang, engine, memory, jobs, dry_run, on_progress, today, state, run,
                counted, offset, total, refusals, sweep, harvest_orphans, marked,
            )
            offset += len(todo)
            if run.error:
                break
    return run


def _translate_paths(
    config: Config,
    notes: Sequence[Note],
    todo: Sequence[int],
    lang: str,
    engine: Engine,
    memory: Memory | None,
    jobs: int | None,
    dry_run: bool,
    on_progress: Progress | None,
    today: dt.date | None,
    state: RunState | None,
    run: LanguageRun,
    counted: set[str],
    offset: int,
    total: int,
    refusals: Refusals,
    sweep: Callable[[], None] | None = None,
    harvest_orphans: Callable[[], list[Source]] | None = None,
    marked: Collection[str] = (),
) -> None:
    """Translate the catalogs in ``lang`` of the notes ``notes[i]`` for ``i`` in ``todo``, all
    written in ``config.source_language``;
    progress is told as catalogs ``offset + done`` of ``total``. ``sweep`` is called after
    each chunk but the last (:func:`l10n.mt.collector.paused_collector`); ``harvest_orphans``
    before the memory is asked for a chunk holding a catalog with no translation at all (a new
    or moved note's: :func:`_remember_orphaned_work`), whose catalogs it read then fill such a
    catalog first (:func:`l10n.mt.carry.carry_over`). ``marked``: the notes whose catalogs held placeholder
    output when the run began (:func:`placeholder_notes`), whose record goes once they no longer do."""
    real = bool(getattr(engine, "real_language", True))
    for start in range(0, len(todo), CHUNK):
        if start and sweep is not None:
            sweep()  # the chunk before is let go: its cyclic garbage with it
        chunk = [notes[index] for index in todo[start : start + CHUNK]]
        notes_by_catalog = {catalog_path(config, note, lang): note for note in chunk}
        catalogs = _load_catalogs(config, list(notes_by_catalog), run, notes_by_catalog)
        if dry_run:  # the segmentation cache is only read: a dry run writes nothing
            references = _references_by_text(config, catalogs, notes_by_catalog, store=False, real=real)
            _plan_chunk(config, catalogs, lang, engine, memory, run, counted, refusals, references)
            continue
        carried: list[Catalog] = []
        if memory is not None:
            fresh = [catalog for catalog in catalogs if _untranslated_throughout(catalog)]
            if harvest_orphans is not None and fresh:
                orphans = harvest_orphans()
                carried = [catalog for catalog in fresh if orphans and carry_over(catalog, orphans)]
            _remember_human_work(memory, config, lang, catalogs)
        references = _references_by_text(config, catalogs, notes_by_catalog, real=real)
        written = _translate_chunk(
            config, catalogs, lang, engine, memory, jobs, _within(on_progress, offset + start, len(catalogs), total), today,
            run, references, refusals, carried,
        )
        if on_progress is not None:
            on_progress(lang, offset + start + len(catalogs), total)
        if state is not None:
            state.restamp(written, f"extract:{lang}:")
            for catalog in catalogs:
                key = translate_key(lang, catalog.path)
                if catalog.path and not any(needs_machine(e, config.on_source_change, real) for e in catalog):
                    state.record(key, [catalog.path])
                else:
                    state.forget(key)
                _mark_placeholders(state, lang, catalog, notes_by_catalog, marked)
        if run.error:
            break


def _mark_placeholders(
    state: RunState, lang: str, catalog: Catalog, notes_by_catalog: Mapping[Path, Note], marked: Collection[str]
) -> None:
    """Record that ``catalog`` holds placeholder output (:data:`PLACEHOLDER_KEY`), or forget a
    record of it (``marked``) once it holds none, so that a real engine's run finds the catalogs
    a ``pseudo`` run left complete without reading every catalog."""
    note = notes_by_catalog.get(catalog.path) if catalog.path is not None else None
    if note is None or catalog.path is None:
        return
    key = f"{PLACEHOLDER_KEY}:{lang}:{note.name}"
    if any(is_placeholder_output(entry) for entry in catalog):
        state.record(key, [catalog.path])
    elif note.name in marked:
        state.forget(key)


def _within(on_progress: Progress | None, start: int, size: int, total: int) -> Progress | None:
    """Progress inside one chunk of catalogs told as progress over all ``total`` of them, so a
    bar never restarts per chunk (texts of later chunks are not known before they are read)."""
    if on_progress is None:
        return None
    report = on_progress

    def inner(lang: str, done: float, count: int) -> None:
        report(lang, start + (size * done / count if count else size), total)

    return inner


def _references_by_text(
    config: Config,
    catalogs: Sequence[Catalog],
    notes_by_catalog: Mapping[Path, Note],
    store: bool = True,
    known: Mapping[Path, Mapping[str, str]] | None = None,
    real: bool = False,
) -> dict[str, dict[str, str]]:
    """The link definitions of the note of each entry sent to the engine (empty, or stale:
    :func:`needs_machine`) that has a bracket, so that the engine is sent its shortcut references
    as full ones (see :func:`l10n.markdown.protect.protect`). Notes are read through the
    segmentation cache (without ``store``, a note segmented afresh is not stored: dry runs),
    unless ``known`` has its definitions by catalog path (a dry run's notes already read); one
    that cannot be read adds nothing."""
    found: dict[str, dict[str, str]] = {}
    for catalog in catalogs:
        texts = [e.msgid for e in catalog if "[" in e.msgid and needs_machine(e, config.on_source_change, real)]
        note = notes_by_catalog.get(catalog.path) if catalog.path and texts else None
        if note is None:
            continue
        from l10n.pipeline import load_note  # the build side; imported only when needed

        definitions = known.get(catalog.path) if known is not None and catalog.path is not None else None
        if definitions is None:
            try:
                definitions = load_note(config, note, use_cache=True, store=store).references
            except L10nError:
                continue
        if definitions:
            for text in texts:
                found.setdefault(text, {}).update(definitions)
    return found




def needs_machine(entry: polib.POEntry, policy: str = "machine", real: bool = False) -> str | None:
    """What machine translation ``entry`` needs: ``"fill"`` (empty), ``"replace"`` (stale
    machine output, or, for a ``real`` engine, a placeholder engine's output:
    :func:`is_placeholder_output`), ``"suggest"`` (stale human work, policy ``machine`` for it
    (:func:`l10n.po.policy.stale_policy`), no suggestion yet) or ``None`` (nothing: a translation that stands, or human work under
    another policy)."""
    if entry.obsolete or entry.msgid_plural:
        return None
    if not entry.msgstr:
        return "fill"
    if real and is_placeholder_output(entry):
        return "replace"
    if not is_stale(entry):
        return None
    if is_machine_made(entry.tcomment):
        return "replace"
    if stale_policy(policy, entry.tcomment) == "machine" and suggestion(entry.tcomment) is None:
        return "suggest"
    return None


def is_placeholder_output(entry: polib.POEntry) -> bool:
    """Whether ``entry``'s msgstr is a placeholder engine's output waiting for a real
    translation: fuzzy (never approved), with an ``mt:`` line naming an engine whose output is
    not the target language (``pseudo``, the quick start's engine:
    :func:`l10n.mt.engines.registry.is_placeholder_engine`). A real engine translates over it,
    and the memory never hands it to one; an approved entry is a person's decision and stands."""
    if not entry.msgstr or not entry.fuzzy:
        return False
    name = machine_engine(entry.tcomment)
    if name is None:
        return False
    from l10n.mt.engines.registry import is_placeholder_engine

    return is_placeholder_engine(name)


Waiting = dict[str, list[tuple[Catalog, polib.POEntry, str]]]


def keep_edited_machine_output(
    waiting: Waiting, memory: Memory | None, source: str, target: str, policy: str = "machine"
) -> tuple[Waiting, list[Catalog]]:
    """``waiting`` (:func:`_waiting`) without the stale machine output a person has edited since.

    An entry :func:`needs_machine` calls ``"replace"`` still says ``mt:``, but its msgstr may no
    longer be what the engine gave for its previous msgid (``#|``): a translator corrected it
    and left the fuzzy flag and the comment, as Weblate's "needs editing", Lokalize and a text
    editor do. The translation memory holds what the engine gave (machine origin) for that
    previous text; where it holds something else, the msgstr is a person's work: its ``mt:``
    line goes, and it is treated as a human translation whose source changed (a suggestion
    beside it under ``on_source_change = "machine"``, left alone otherwise), never replaced.
    Without a memory row for the previous text nothing can be told, and the entry is replaced
    as before. Returns the waiting entries and the catalogs whose entries lost their ``mt:``
    line (to be saved). Raises what :meth:`Memory.lookup` raises."""
    # the text the machine output was made for: the previous msgid of stale output, the msgid of
    # a placeholder engine's output (pseudo) that a real engine replaces (needs_machine)
    stale = {
        entry.previous_msgid or entry.msgid: entry
        for places in waiting.values()
        for _, entry, need in places
        if need == "replace" and (entry.previous_msgid or not is_stale(entry))
    }
    if memory is None or not stale:
        return waiting, []
    remembered = memory.lookup(source, target, list(stale))
    kept: Waiting = {}
    edited: dict[int, Catalog] = {}
    for text, places in waiting.items():
        for catalog, entry, need in places:
            machine = remembered.get(entry.previous_msgid or entry.msgid) if need == "replace" else None
            if machine is not None and entry.previous_msgid is None and not _placeholder_origin(machine.origin):
                machine = None  # a real engine's row beside pseudo output: nothing tells an edit
            if machine is not None and not machine.human and machine.translation != entry.msgstr:
                entry.tcomment = without_lines(entry.tcomment, MT_COMMENT)
                edited[id(catalog)] = catalog
                own = stale_policy(policy, entry.tcomment)
                need = "suggest" if own == "machine" and suggestion(entry.tcomment) is None else ""
                if not need:
                    continue
            kept.setdefault(text, []).append((catalog, entry, need))
    return kept, list(edited.values())


def _placeholder_origin(origin: str) -> bool:
    """Whether a memory row's ``origin`` is a placeholder engine's (``machine:pseudo``)."""
    from l10n.mt.engines.registry import is_placeholder_engine

    return origin.startswith("machine:") and is_placeholder_engine(origin.removeprefix("machine:"))


def _waiting(
    catalogs: Sequence[Catalog], policy: str = "machine", real: bool = False
) -> tuple[Waiting, dict[str, str], dict[str, str]]:
    """Entries needing machine translation by source text (with :func:`needs_machine`'s verdict),
    each text's block kinds (for validation) and the title of the first note it comes from
    (context for the engine, and what keeps a note's texts in one batch)."""
    waiting: Waiting = {}
    kinds: dict[str, str] = {}
    titles: dict[str, str] = {}
    for catalog in catalogs:
        title: str | None = None
        for entry in catalog:
            need = needs_machine(entry, policy, real)
            if need is not None:
                if title is None:
                    title = note_title(catalog)
                waiting.setdefault(entry.msgid, []).append((catalog, entry, need))
                kinds.setdefault(entry.msgid, entry.comment or "")
                titles.setdefault(entry.msgid, title)
    return waiting, kinds, titles


def note_title(catalog: Catalog) -> str:
    """The note's title: its front matter ``title``, else its first heading, else its file name."""
    heading = None
    for entry in catalog:
        if entry.msgctxt == "front-matter:title":
            return str(entry.msgid)
        if heading is None and (entry.comment or "").startswith("heading"):
            heading = str(entry.msgid)
    if heading is not None:
        return heading
    name = catalog.path.name if catalog.path else ""
    return name.removesuffix(".po")


def refusals_for(config: Config, lang: str, engine: Engine, retry: bool = False) -> Refusals:
    """The refusal records of ``engine`` in ``lang`` (:class:`l10n.store.refusals.Refusals`),
    with the engine's declaration ``deterministic`` (absent: False, the cautious reading)."""
    return Refusals(config.locales, lang, engine.name, bool(getattr(engine, "deterministic", False)), retry)


WithheldPlaces = dict[str, list[tuple[Catalog, polib.POEntry, Refusal]]]


def _withheld(waiting: Waiting, refusals: Refusals, catalogs: Sequence[Catalog]) -> WithheldPlaces:
    """The texts of ``waiting`` every entry of which ``refusals`` withholds, with those entries
    (a text also waited for by an entry not withheld, in another note, is sent). Reads the
    chunk's records (one query per 500 catalogs); nothing to do when it has none."""
    refusals.read([catalog.path for catalog in catalogs if catalog.path is not None])
    found: WithheldPlaces = {}
    if not refusals.rows or refusals.retry:
        return found
    for text, places in waiting.items():
        rows = []
        for catalog, entry, _ in places:
            row = refusals.withheld(catalog.path, entry) if catalog.path is not None else None
            if row is None:
                break
            rows.append((catalog, entry, row))
        else:
            found[text] = rows
    return found


def _note_withheld(run: LanguageRun, places: Sequence[tuple[Catalog, polib.POEntry, Refusal]]) -> None:
    for catalog, entry, row in places:
        where = ":".join(filter(None, entry.occurrences[0])) if entry.occurrences else ""
        run.withheld.append(Withheld(catalog.path, where, entry.msgid, row))
        run.withheld_texts.add(entry.msgid)


def _plan_chunk(
    config: Config,
    catalogs: Sequence[Catalog],
    lang: str,
    engine: Engine,
    memory: Memory | None,
    run: LanguageRun,
    counted: set[str],
    refusals: Refusals,
    references: Mapping[str, Mapping[str, str]] | None = None,
) -> set[str]:
    """Count into ``run`` what translating ``catalogs`` would send (dry runs): each text not in
    ``counted`` once, its shortcut references expanded with ``references``
    (:func:`_references_by_text`) as the real run sends them, and the texts ``refusals``
    withholds apart. Returns the texts withheld in these catalogs (their entries stay empty)."""
    real = bool(getattr(engine, "real_language", True))
    waiting, _, titles = _waiting(catalogs, config.on_source_change, real)
    source, target = config.language_tag(config.source_language), config.language_tag(lang)
    waiting, _ = keep_edited_machine_output(waiting, memory, source, target, config.on_source_change)
    if real:
        run.placeholders_replaced += sum(
            1 for places in waiting.values() for _, entry, need in places if need == "replace" and is_placeholder_output(entry)
        )
    withheld = _withheld(waiting, refusals, catalogs)
    texts = [text for text in waiting if text not in counted]
    # A text met in an earlier chunk is not planned again, but the real run withholds its
    # entries here too when it withheld them there (the memory has no translation of it).
    kept = {text for text in withheld.keys() & counted if text in run.withheld_texts}
    for text in kept:
        _note_withheld(run, withheld[text])
    counted.update(texts)
    planned = functools.partial(
        plan,
        engine=engine,
        source=config.language_tag(config.source_language),
        target=config.language_tag(lang),
        memory=memory,
        glossary=config.glossary,
        references=references,
    )
    figures = planned(texts, contexts=titles, withhold=withheld)
    for text in figures.withheld:
        _note_withheld(run, withheld[text])
    if refusals.retry and refusals.most == 1:
        # --retry-refused to a deterministic engine: what it refused before it refuses again,
        # and a refused reply is asked for once more, alone (l10n.mt.batch): certain, so counted
        again = _withheld(waiting, refusals_for(config, lang, engine), catalogs)
        retried = planned([text for text in again if text in texts])
        run.retries += retried.segments
        run.characters += retried.characters
        run.requests += retried.segments
        run.tokens += retried.tokens
    run.translated += figures.translated  # as the real run counts them (texts, not sends)
    run.reused += figures.from_memory
    run.characters += figures.characters
    run.requests += figures.requests
    run.tokens += figures.tokens
    return kept | set(figures.withheld)


def _translate_chunk(
    config: Config,
    catalogs: Sequence[Catalog],
    lang: str,
    engine: Engine,
    memory: Memory | None,
    jobs: int | None,
    on_progress: Progress | None,
    today: dt.date | None,
    run: LanguageRun,
    references: Mapping[str, Mapping[str, str]] | None = None,
    refusals: Refusals | None = None,
    changed: Sequence[Catalog] = (),
) -> list[Path]:
    """Translate one chunk of catalogs; the paths of the catalogs it saved. Refusals are
    recorded in ``refusals`` (default: :func:`refusals_for` this engine) and the entries it
    withholds are not sent. ``changed``: catalogs already changed in memory (saved whatever
    the engine does)."""
    real = bool(getattr(engine, "real_language", True))
    waiting, kinds, titles = _waiting(catalogs, config.on_source_change, real)
    source, target = config.language_tag(config.source_language), config.language_tag(lang)
    waiting, edited = keep_edited_machine_output(waiting, memory, source, target, config.on_source_change)
    if refusals is None:
        refusals = refusals_for(config, lang, engine)
    withheld = _withheld(waiting, refusals, catalogs)
    if refusals.rows:  # the records of entries that no longer wait (translated by hand, edited) go
        by_catalog: dict[int, list[polib.POEntry]] = {}
        for places in waiting.values():
            for catalog, entry, _ in places:
                by_catalog.setdefault(id(catalog), []).append(entry)
        for catalog in catalogs:
            if catalog.path is not None and refusals.has_rows(catalog.path):
                refusals.tidy(catalog.path, by_catalog.get(id(catalog), []))
    saved: list[Path] = []
    stamp = (today or dt.date.today()).isoformat()
    dirty: dict[int, Catalog] = {id(catalog): catalog for catalog in (*edited, *changed)}  # saved at the end at the latest
    on_disk = {id(c): _file_stamp(c.path) for c in catalogs}  # to notice a translator's save
    filled: dict[int, set[tuple[str | None, str]]] = {id(c): set() for c in catalogs}
    # Distinct texts each catalog still waits for: at 0 it is done and saved, once.
    remaining: dict[int, int] = {}
    for places in waiting.values():
        for catalog_id in {id(catalog) for catalog, _, _ in places}:
            remaining[catalog_id] = remaining.get(catalog_id, 0) + 1

    def save(catalog: Catalog) -> None:
        try:
            if _file_stamp(catalog.path) != on_disk[id(catalog)]:
                _take_disk_edits(catalog, filled[id(catalog)])
            digest = verdicts.catalog_hasher(config.on_source_change)
            saved.append(catalog.save(digest=digest))
            on_disk[id(catalog)] = _file_stamp(catalog.path)
            _hand_on(config, catalog, digest.digest())
            run.catalogs_written += 1
        except L10nError as exc:
            run.catalog_errors.append(exc.relative_to(config.root))

    def done(text: str) -> None:
        for catalog in {id(catalog): catalog for catalog, _, _ in waiting.get(text, [])}.values():
            remaining[id(catalog)] -= 1
            if not remaining[id(catalog)] and id(catalog) in dirty:
                save(dirty.pop(id(catalog)))

    def checkpoint() -> None:
        for catalog in dirty.values():
            save(catalog)
        dirty.clear()

    progress = (lambda done, total: on_progress(lang, done, total)) if on_progress else None
    glossary: Any = config.glossary
    try:
        for outcome in translate_texts(
            list(waiting),
            engine=engine,
            source=config.language_tag(config.source_language),
            target=config.language_tag(lang),
            memory=memory,
            glossary=glossary,
            jobs=jobs,
            kinds=kinds,
            contexts=titles,
            on_progress=progress,
            references=references,
            withhold=withheld,
        ):
            run.characters += outcome.chars_sent
            if outcome.origin == "withheld":
                _note_withheld(run, withheld[outcome.source_text])
                done(outcome.source_text)
                continue
            if outcome.translation is None:
                problem = outcome.problem or "rejected"
                run.failed.append((outcome.source_text, problem))
                for catalog, read, _ in waiting.get(outcome.source_text, []):
                    if catalog.path is not None:
                        refusals.refused(catalog.path, read, problem)
                done(outcome.source_text)
                continue
            if outcome.origin == "memory":
                run.reused += 1
                human = outcome.memory_origin == "human"
                origin = (outcome.memory_origin or "").removeprefix("machine:")
                comment = "tm: reused human translation" if human else f"mt: {origin} (memory) {stamp}"
            else:
                run.translated += 1
                human, comment = False, f"mt: {engine.name} {stamp}"
            engine_name = "memory" if outcome.origin == "memory" else engine.name
            for catalog, read, need in waiting.get(outcome.source_text, []):
                key = entry_key(read)
                entry = catalog[key] if key in catalog else read  # noqa: SIM401 - after a translator's save, the merged entry
                if need == "fill" and not entry.msgstr:
                    _mark(entry, outcome.translation, comment, fuzzy=not human)
                elif need == "replace" and is_machine_made(entry.tcomment):
                    if real and is_placeholder_output(entry):
                        run.placeholders_replaced += 1
                    _mark(entry, outcome.translation, comment, fuzzy=not human)
                    entry.previous_msgid = entry.previous_msgctxt = None
                    if human and "fuzzy" in entry.flags:  # a reviewed translation of this very text
                        entry.flags.remove("fuzzy")
                elif need == "suggest":
                    line = suggestion_line(engine_name, stamp, outcome.translation)
                    entry.tcomment = "\n".join(filter(None, [without_lines(entry.tcomment, SUGGESTION_COMMENT), line]))
                else:  # changed meanwhile (never overwrite)
                    continue
                filled[id(catalog)].add(key)
                if catalog.path is not None:
                    refusals.settled(catalog.path, read)
                run.entries_filled += 1
                dirty[id(catalog)] = catalog
            done(outcome.source_text)
    except L10nError as exc:
        run.error = str(exc)
    finally:
        checkpoint()
        refusals.flush()
    return saved


def _hand_on(config: Config, catalog: Catalog, digest: bytes) -> None:
    """What the stages after translate would read again from the catalog just saved (bytes of
    digest ``digest``): its publication, which the build then reads unparsed
    (:func:`l10n.po.scan.remember_saved`), and its counts, which ``status`` then takes without
    counting (:func:`l10n.status.handoff.remember_saved_counts`)."""
    from l10n.status.handoff import remember_saved_counts, saved_publication_and_counts

    if catalog.path is None:
        return
    # one walk of the entries for both (l10n.status.handoff.publication_and_counts)
    translations, counts = saved_publication_and_counts(catalog, config.on_source_change)
    remember_saved(catalog, digest, config.on_source_change, translations)
    remember_saved_counts(catalog, counts, digest, config.locales, config.on_source_change)


def open_memory(config: Config) -> Memory:
    """The project's translation memory: SQLite by default, or PostgreSQL (:func:`l10n.mt.memory.open_memory`)."""
    return _open_memory(config)
