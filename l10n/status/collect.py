"""Locale coverage: how much of each note is translated in each language, and is its output current.

:func:`collect_status` returns a :class:`StatusReport` (data only; :mod:`l10n.status.report` renders it).
For every selected note and language it counts the catalog's segments and the source words in
them as translated, fuzzy, untranslated and obsolete, and says whether the built note is
``current``, ``stale`` or ``missing``.

Definitions (those of :meth:`l10n.po.catalog.Catalog.coverage`, which ignores plural forms):

* **translated** (approved): a non-empty translation without the ``fuzzy`` flag; a plural entry
  needs every ``msgstr[N]`` filled (as polib's ``POEntry.translated()``).
* **fuzzy**: a non-empty translation flagged ``fuzzy`` (machine output, or a near match that needs
  review). A fuzzy entry with an *empty* msgstr counts as untranslated, since nothing of it is
  published (polib's ``fuzzy_entries()`` would count it as fuzzy).
* **untranslated**: no translation; **obsolete**: ``#~`` entries, which are not part of ``total``.
* **coverage** = (translated + fuzzy) / total segments, because fuzzy machine output is published;
  **approved** = translated / total. Both are 100 for a note without segments.
* A note without a catalog in a language counts every segment as untranslated: they come from the
  note's template (POT) when it exists, else from segmenting the note itself. So does a note whose
  catalog cannot be read (a syntax error, another encoding than UTF-8): its error is reported,
  naming file and line, and the language's coverage is never 100 % while it stands (the catalog
  was left out before, and its language looked complete).
* A note whose English changed since its catalog was extracted (:meth:`_Collector.behind`) is
  counted from the catalog ``extract`` would make now, in memory: its new and edited segments
  untranslated, as the build publishes them (coverage against the current text, not the
  catalog's old one; ``sync``'s line needs not, as it extracted what it counts).
* **Words** are counted in the msgid (the English source) by :func:`count_words`.
* **Output state**: ``missing`` when the built note does not exist; ``stale`` when the next
  ``build`` would redo it: its note, catalog or output differ from the run state's record of its
  last build, or were recorded under other settings, or a file its links read changed
  (:mod:`l10n.status.freshness`, the build's own test, so ``status`` and ``sync --dry-run``
  agree; a ``touch`` is no change). A language without build records (no bookkeeping file)
  falls back to mtimes: stale when older than its catalog or its source note. A catalog edit
  may leave the output's bytes as they were (approving a fuzzy entry, say); with
  ``verify=True`` a stale output is rendered again and only called stale when its bytes
  differ (the verdict is cached; about 7 ms per note, so it is opt-in).

The jobs are split: words are counted by :mod:`l10n.status.wordcount`, catalogs by
:mod:`l10n.status.po_counts` (with the build's own PO reader, :func:`l10n.po.scan.scan_catalog`), the
result model is :mod:`l10n.status.model`, and counts are cached per file by size and
change time by :mod:`l10n.status.cache`, so a repeat run only stats the files. This module
collects: it walks the notes, and a first run on a big site counts in worker processes.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.config import Config
from l10n.errors import CatalogError, L10nError
from l10n.fsutil import open_file, read_bytes_if_exists
from l10n.po.policy import Coverage
from l10n.site.layout import (
    Note,
    NoteList,
    catalog_file,
    named_notes,
    orphaned_catalogs,
    output_file,
    source_file,
    template_file,
)
from l10n.site.site_layout import name_language
from l10n.status.cache import CACHE_NAME, CACHE_VERSION, StatusCache, fingerprint, summed_counts
from l10n.status.model import (
    TITLE_CONTEXT,
    FileCounts,
    LanguageInfo,
    LanguageStatus,
    LanguageSummary,
    NoteStatus,
    OutputState,
    StatusReport,
)
from l10n.status.refused import count_refused
from l10n.status.wordcount import count_words

if TYPE_CHECKING:
    from l10n.status.freshness import BuildRecords  # the run state: imported when an output is asked about
    from l10n.store.verdicts import Verdicts  # the build's records: imported when first needed

__all__ = [
    "CACHE_NAME",
    "CACHE_VERSION",
    "TITLE_CONTEXT",
    "FileCounts",
    "LanguageInfo",
    "LanguageStatus",
    "LanguageSummary",
    "NoteStatus",
    "OutputState",
    "StatusReport",
    "collect_status",
    "count_words",
]

PARALLEL_MIN = 1_000
"""Files to count before worker processes pay for their start-up."""
MAX_WORKERS = 8

Progress = Callable[[int, int], None]


# -- collecting -----------------------------------------------------------------------------------


def _stat(path: Path | str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _use_stored_verdicts(locales: Path | None) -> None:
    """Let the validator the counts run take the passes ``translate`` and ``build`` stored in the
    project of ``locales`` (:func:`l10n.store.verdicts.attach`; in a worker process too), so
    that a translation validated before is not validated again: without them the first
    ``status`` after a first ``sync`` validated every translation, 10 ms per catalog (issue 19)."""
    if locales is not None:
        from l10n.store import verdicts

        verdicts.attach(locales)


def _count_group(
    paths: list[str], policy: str = "machine", locales: Path | None = None
) -> list[tuple[FileCounts, bytes | None] | str]:
    """Count one note's catalogs (they share msgids, hence the word memo): the counts and the
    digest of the bytes counted (:func:`l10n.store.verdicts.catalog_digest`), or an error's text.
    ``locales``: the project's, whose stored verdicts the validation takes (:func:`_use_stored_verdicts`)."""
    from l10n.status.po_counts import count_catalog_file

    _use_stored_verdicts(locales)
    memo: dict[str, int] = {}
    results: list[tuple[FileCounts, bytes | None] | str] = []
    for path in paths:
        digests: dict[str, bytes] = {}
        try:
            counts = count_catalog_file(Path(path), memo, policy if path.endswith(".po") else None, digests)
        except L10nError as exc:
            results.append(str(exc))
            continue
        results.append((counts, digests.get(path)))
    return results


def _file_digest(path: str, policy: str) -> Callable[[], bytes | None]:
    """A reader of file ``path``'s :func:`l10n.store.verdicts.catalog_digest` under ``policy``
    (None when it cannot be read), for :meth:`l10n.status.cache.StatusCache.counts` to call only
    when a row needs its bytes checked."""

    def read() -> bytes | None:
        from l10n.store.catalog_digests import catalog_digest  # only when a row is checked by its bytes

        try:
            with open_file(path) as handle:
                return catalog_digest(handle.read(), policy)
        except OSError:
            return None

    return read


class _Collector:
    """Paths, stats and cached counts for one run; paths are plain strings for speed."""

    def __init__(self, config: Config, cache: StatusCache, verify: bool = False, segments_only: bool = False) -> None:
        self.config = config
        self.cache = cache
        self.verify = verify
        self.segments_only = segments_only
        """Only ``segments`` are read from the counts (the coverage line): they may then come
        from the build's record of a catalog (:meth:`from_build`), words and title left empty."""
        self.build_records: Verdicts | None = None
        """The store of those records, made when first asked."""
        self.root_prefix = str(config.root) + os.sep
        self.counted: dict[str, FileCounts | str] = {}
        """Files counted in this run (by :meth:`prefetch`): counts, or the error message."""
        self.behind_notes: Counter[str] = Counter()
        """Per language: the notes counted against their current English (:meth:`behind`)."""
        self.languages: tuple[str, ...] = ()
        """The languages whose output states are asked (:meth:`builds` reads their records)."""
        self.build_records_read = False
        self.build_state: BuildRecords | None = None
        """:meth:`builds`' answer, once :attr:`build_records_read`."""

    def rel(self, path: str) -> str:
        return path.removeprefix(self.root_prefix).replace(os.sep, "/")

    def rel_error(self, exc: L10nError) -> str:
        """``exc``'s message with a path under the project root made relative to it, as the
        stages print theirs (``locales/hi/b.po:38: …``, not the absolute path)."""
        return str(exc).replace(self.root_prefix, "", 1) if str(exc).startswith(self.root_prefix) else str(exc)

    def paths(self, name: str, lang: str) -> tuple[str, str]:
        """Note ``name``'s catalog and output path in ``lang`` (:func:`l10n.site.layout.catalog_file`,
        :func:`~l10n.site.layout.output_file`: without the checks that guard writes)."""
        return catalog_file(self.config, name, lang), output_file(self.config, name, lang)

    def template(self, name: str) -> str:
        """Note ``name``'s template path (:func:`l10n.site.layout.template_file`)."""
        return template_file(self.config, name)

    def digest_policy(self, path: str) -> str:
        """The policy of file ``path``'s digest in the cache: the project's for a catalog, as its
        count decides by it; the default for a template (:func:`l10n.status.po_counts.count_catalog_file`)."""
        return self.config.on_source_change if path.endswith(".po") else "machine"

    def store(self, path: str, st: os.stat_result, counts: FileCounts, digest: bytes | None) -> None:
        """Keep the counts of ``path`` (stat ``st``) with the digest of the bytes counted: a row
        a fresh clone's change time can take over; none within the racy window, as before."""
        fp = fingerprint(st)
        self.cache.store_counts(path, fp, counts, digest if fp[1] < self.cache.horizon else None)

    def needs_count(self, path: str, st: os.stat_result) -> bool:
        if path in self.counted:
            return False
        cached = self.cache.counts(path, fingerprint(st), _file_digest(path, self.digest_policy(path)))
        if cached is None:
            return True
        self.counted[path] = cached  # looked up once: pass 2 takes it from here
        return False

    def from_build(self, path: str, st: os.stat_result) -> bool:
        """Whether the segment counts of catalog ``path`` came from the build's record of its
        bytes (:func:`l10n.status.published.published_segments`), kept for :meth:`catalog_counts`.
        Only with :attr:`segments_only`; the cache gets a segment row (what later runs sum in
        SQLite) for a catalog older than its racy window."""
        if not self.segments_only or not path.endswith(".po"):
            return False
        from l10n.status.published import published_segments

        if self.build_records is None:
            from l10n.store.verdicts import Verdicts

            self.build_records = Verdicts(self.config.locales)
        segments = published_segments(self.build_records, self.config.on_source_change, path)
        if segments is None:
            return False
        self.counted[path] = FileCounts(segments, Coverage())
        self.cache.store_segments(path, fingerprint(st), segments)
        return True

    def prefetch(self, groups: list[list[tuple[str, os.stat_result]]], on_progress: Progress | None) -> None:
        """Count the files the cache does not know, a group (one note's catalogs) at a time.

        Many files (a first run on a big site) are shared out to worker processes: counting is
        CPU-bound pure Python, so threads would not help.
        """
        total = sum(len(group) for group in groups)
        if not total:
            return
        names = [[path for path, _ in group] for group in groups]
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        done = 0
        with contextlib.ExitStack() as stack:
            results: Iterable[list[tuple[FileCounts, bytes | None] | str]]
            if total >= PARALLEL_MIN and workers > 1:
                from concurrent.futures import ProcessPoolExecutor  # a slow import, needed only here

                from l10n.pipeline import _watch_parent

                # workers end with this process: a killed sync or status leaves none behind
                pool = stack.enter_context(
                    ProcessPoolExecutor(workers, initializer=_watch_parent, initargs=(os.getpid(),))
                )
                count = functools.partial(_count_group, policy=self.config.on_source_change, locales=self.config.locales)
                results = pool.map(count, names, chunksize=max(1, len(names) // (workers * 16)))
            else:
                results = map(
                    functools.partial(_count_group, policy=self.config.on_source_change, locales=self.config.locales), names
                )
            for group, counted in zip(groups, results):
                for (path, st), result in zip(group, counted):
                    if isinstance(result, str):
                        self.counted[path] = result
                        continue
                    self.counted[path] = result[0]
                    self.store(path, st, *result)
                done += len(group)
                if on_progress:
                    on_progress(done, total)

    def catalog_counts(self, path: str, st: os.stat_result, word_memo: dict[str, int]) -> FileCounts:
        counted = self.counted.get(path)
        if isinstance(counted, str):
            raise CatalogError(counted)
        if counted is not None:
            return counted
        fp = fingerprint(st)
        counts = self.cache.counts(path, fp, _file_digest(path, self.digest_policy(path)))
        if counts is None:
            from l10n.status.po_counts import count_catalog_file

            policy = self.config.on_source_change if path.endswith(".po") else None
            if policy is not None:
                _use_stored_verdicts(self.config.locales)
            digests: dict[str, bytes] = {}
            counts = count_catalog_file(Path(path), word_memo, policy, digests)
            self.store(path, st, counts, digests.get(path))
        return counts

    def source_counts(
        self, name: str, note: Callable[[], Note], note_st: os.stat_result, word_memo: dict[str, int]
    ) -> FileCounts:
        """Counts of note ``name`` without a catalog: from its template if there is one, else
        the note (``note`` makes its :class:`Note`)."""
        pot = self.template(name)
        pot_st = _stat(pot)
        if pot_st is not None:
            return self.catalog_counts(pot, pot_st, word_memo)
        made = note()
        key, fp = str(made.path), fingerprint(note_st)
        counts = self.cache.counts(key, fp)
        if counts is None:
            from l10n.pipeline import load_note  # the parser: only for a note never extracted
            from l10n.status.po_counts import count_document

            # its segmentation kept only where the bookkeeping file is (a report makes none)
            counts = count_document(load_note(self.config, made, store=self.cache.connection is not None))
            self.cache.store_counts(key, fp, counts)
        return counts

    def behind(self, name: str, lang: str, source: tuple[str, os.stat_result], cat: str, cat_st: os.stat_result) -> bool:
        """Whether the catalog of note ``name`` in ``lang`` may be older than the note's English
        text (``source``: its path and stat): the run state's record of its extract no longer
        holds (the note, its template or its catalog changed since), or, without extract records,
        the note is newer than the catalog. Either may be a change that leaves the segments as
        they were (a catalog edit, a whitespace edit): :meth:`current_counts` then counts what
        the catalog file holds."""
        builds = self.builds()
        if builds is not None:
            pot = self.template(name)
            held = builds.extracted(name, lang, (source, (pot, _stat(pot)), (cat, cat_st)))
            if held is not None:
                return not held
        return source[1].st_mtime_ns > cat_st.st_mtime_ns

    def current_counts(self, note: Note, lang: str, word_memo: dict[str, int]) -> FileCounts | None:
        """The counts of the catalog ``extract`` would make now from ``note`` as it stands, in
        memory (:func:`l10n.mt.plan.extracted_catalog`: its new and edited segments untranslated,
        as the build publishes them in English): a note whose English changed since its last
        extract is measured against its current text, never its catalog's old coverage. None
        when the note or its catalog cannot be read (their errors are said as usual)."""
        import datetime as dt

        from l10n.mt.plan import extracted_catalog
        from l10n.status.po_counts import count_catalog

        created = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
        try:
            _, catalog, _, _ = extracted_catalog(self.config, note, lang, created)
            if catalog is None or catalog.path is None:
                return None
            _use_stored_verdicts(self.config.locales)
            return count_catalog(catalog.text(), catalog.path, word_memo, self.config.on_source_change)
        except L10nError:
            return None

    def builds(self) -> BuildRecords | None:
        """The run state's build records (:mod:`l10n.status.freshness`), opened when first
        asked; None without a bookkeeping file (nothing is created for it)."""
        if not self.build_records_read:
            from l10n.store import cachedb

            self.build_records_read = True
            if cachedb.connect(self.config.locales, create=False) is not None:
                from l10n.status.freshness import BuildRecords

                self.build_state = BuildRecords(self.config, self.languages)
        return self.build_state

    def output_state(
        self,
        name: str,
        note: Callable[[], Note],
        lang: str,
        out: str,
        cat: str,
        cat_st: os.stat_result | None,
        source: tuple[str, os.stat_result],
    ) -> OutputState:
        """``missing``, ``current`` or ``stale`` (module docstring): as the build's skip decides
        where the run state has build records for ``lang``, else by mtime. ``source`` is the
        note's path and stat."""
        note_st = source[1]
        out_st = _stat(out)
        if out_st is None:
            return OutputState.MISSING
        builds = self.builds()
        if builds is not None and builds.knows(lang):
            if builds.current(name, lang, (source, (cat, cat_st), (out, out_st))):
                return OutputState.CURRENT
        elif out_st.st_mtime_ns >= max(note_st.st_mtime_ns, cat_st.st_mtime_ns if cat_st else 0):
            return OutputState.CURRENT
        if not self.verify:
            return OutputState.STALE
        fps = [fingerprint(out_st), fingerprint(cat_st) if cat_st else None, fingerprint(note_st)]
        state = self.cache.verdict(out, fps)
        if state is None:
            state = self.rebuild_matches(note(), lang, Path(out), Path(cat))
            self.cache.store_verdict(out, fps, state)
        return state

    def rebuild_matches(self, note: Note, lang: str, out: Path, cat: Path) -> OutputState:
        """Found stale: the output is still current if a build would write the same bytes."""
        from l10n.pipeline import encode_note, load_catalog, load_note, translate_document

        doc = load_note(self.config, note)  # a note that cannot be read is the caller's error to say
        try:
            catalog = load_catalog(cat)
            expected = encode_note(doc, translate_document(doc, catalog or {}, lang))
        except L10nError:
            return OutputState.STALE
        return OutputState.CURRENT if read_bytes_if_exists(out) == expected else OutputState.STALE


def collect_status(
    config: Config,
    notes: Sequence[Note],
    languages: Sequence[str],
    *,
    orphans: bool = True,
    use_cache: bool = True,
    verify: bool = False,
    on_progress: Progress | None = None,
    per_note: bool = True,
) -> StatusReport:
    """Count every note in every language; see the module docstring for the definitions.

    ``orphans`` also lists catalogs whose note is gone (meaningful when ``notes`` is the whole
    site). ``use_cache`` reads and updates the status cache (:mod:`l10n.status.cache`). ``verify``
    re-renders outputs found stale and calls them current when their bytes would not change.
    The run state is only read (output states, :mod:`l10n.status.freshness`).
    Without ``per_note``, each language keeps only its totals (:class:`LanguageSummary`), so
    memory does not grow with the number of notes.
    """
    # a report makes no bookkeeping file (nor locales folder) in a project that has none
    cache = StatusCache.open(config.locales if use_cache else None, config.on_source_change, create=False)
    collector = _Collector(config, cache, verify)
    collector.languages = tuple(languages)
    per_lang: dict[str, list[NoteStatus]] = {lang: [] for lang in languages}
    totals: dict[str, list[NoteStatus]] = {lang: [] for lang in languages}  # folded as they come
    summaries = {lang: LanguageSummary(0, Coverage(), Coverage(), ()) for lang in languages}
    errors: list[str] = []
    for lang, note, counts, cat, state, _ in _results(collector, notes, languages, errors, True, on_progress):
        result = NoteStatus(note, counts.title, cat, state or OutputState.MISSING, counts.segments, counts.words)
        if per_note:
            per_lang[lang].append(result)
        else:
            pending = totals[lang]
            pending.append(result)
            if len(pending) >= CHUNK:
                summaries[lang] = _added(summaries[lang], LanguageSummary.of(pending))
                pending.clear()
    orphan_lists = _orphans(config, notes, languages, collector) if orphans else {}
    full_run = orphans and set(languages) == set(config.languages)
    cache.save(prune=full_run)
    return StatusReport(
        tuple(
            LanguageStatus(
                LanguageInfo.of(lang, config.language_tag(lang)),
                tuple(per_lang[lang]),
                tuple(orphan_lists.get(lang, ())),
                None if per_note else _added(summaries[lang], LanguageSummary.of(totals[lang])),
                count_refused(config, notes, lang),
                collector.behind_notes[lang],
            )
            for lang in languages
        ),
        tuple(errors),
    )


def _added(a: LanguageSummary, b: LanguageSummary) -> LanguageSummary:
    outputs = dict(a.outputs)
    for state, count in b.outputs:
        outputs[state] = outputs.get(state, 0) + count
    return LanguageSummary(a.notes + b.notes, a.segments + b.segments, a.words + b.words, tuple(outputs.items()))


def collect_coverage(
    config: Config,
    notes: Sequence[Note],
    languages: Sequence[str],
    on_progress: Progress | None = None,
    changed: Collection[str] | None = None,
    unreadable: Counter[str] | None = None,
    uncounted: Counter[str] | None = None,
    counted: Counter[str] | None = None,
) -> dict[str, Coverage]:
    """Segment coverage per language over ``notes``: the ``segments`` of
    :func:`collect_status`'s languages, without the per-note results or output states, so that
    memory does not grow with the notes (the coverage line of ``sync``). Uses and updates the
    status cache. As there, a catalog that cannot be read is counted from its template, every
    segment untranslated: ``unreadable`` (when given) gets, per language, how many were; a note
    that cannot be counted at all (neither its catalog nor its template or note can be read) is
    left out, and ``uncounted`` gets, per language, how many were. ``counted`` (when given)
    gets, per language, the notes whose counts the totals hold: never a note written in that
    language, which has no catalog in it.

    ``changed`` (``sync`` over the whole site, ``notes`` a :class:`~l10n.site.layout.NoteList`):
    the names whose files may differ from their build's record in the run state (the notes the
    run worked on, and every note with stale work). Every other note's catalog is then known
    unchanged since its build was recorded, and its counts are taken from the totals SQLite
    keeps of the status-cache rows made for those very files
    (:func:`l10n.status.cache.summed_counts`, :mod:`l10n.status.sums`); only the changed notes,
    and those without such a row, are read here (issue 19)."""
    cache = StatusCache.open(config.locales, config.on_source_change)
    collector = _Collector(config, cache, segments_only=True)
    totals = dict.fromkeys(languages, Coverage())
    unsummed: dict[str, set[str]] | None = None  # per language, the notes SQLite's sums leave out
    if changed is not None and isinstance(notes, NoteList):
        summed = summed_counts(cache, config, languages, changed)
        if summed is not None:
            totals, unsummed, summed_notes = summed
            if counted is not None:
                counted.update(summed_notes)
            left_out = set().union(*unsummed.values())
            notes = NoteList(notes.source, [name for name in notes.names if name in changed or name in left_out])
    for lang, name, counts, _, _, broken in _results(collector, notes, languages, [], False, on_progress, uncounted):
        # a note counted for one language's missing row is in the other languages' sums already
        if unsummed is None or changed is None or name in changed or name in unsummed[lang]:
            totals[lang] += counts.segments
            if counted is not None:
                counted[lang] += 1
        if broken and unreadable is not None:
            unreadable[lang] += 1
    collector.cache.save(prune=False)
    return totals


CHUNK = 2_000
"""Notes stat-ed and counted at a time: what a run holds besides its results."""


def _results(
    collector: _Collector,
    notes: Sequence[Note],
    languages: Sequence[str],
    errors: list[str],
    outputs: bool,
    on_progress: Progress | None,
    left_out: Counter[str] | None = None,
) -> Iterator[tuple[str, str, FileCounts, str | None, OutputState | None, bool]]:
    """``(lang, note name, counts, catalog relative to the root or None, output state, whether the
    catalog could not be read and its template's counts stand for it)`` for each
    note and language in order, a chunk of :data:`CHUNK` notes at a time: pass 1 stats a chunk
    and gathers the files the cache cannot answer for, which are counted together (in worker
    processes when there are many); pass 2 assembles. Problems are appended to ``errors``;
    the output state is only looked at with ``outputs``; ``left_out`` (when given) gets, per
    language, the notes given no counts for a problem."""
    done = 0
    config = collector.config
    codes = config.language_codes
    for start in range(0, len(notes), CHUNK):
        chunk = notes[start : start + CHUNK]
        plan: list[tuple[str, Callable[[], Note], tuple[str, os.stat_result], list[tuple[str, str, str, os.stat_result | None]]]] = []
        present: list[list[tuple[str, os.stat_result]]] = []  # per note: its catalogs (or template) on disk
        for name, note in named_notes(chunk):  # Note objects (pathlib) only where needed
            path = source_file(config, name)
            note_st = _stat(path)
            if note_st is None:
                errors.append(f"{collector.rel(path)}: note not found")
                if left_out is not None:
                    left_out.update(languages)
                continue
            files = []
            found: list[tuple[str, os.stat_result]] = []
            own = name_language(name, codes, config.source_language)  # never translated into its own language
            written_in: str | None = None
            if own == config.source_language and own in languages:
                # the source language is a target for the notes whose front matter says they
                # are written in another: read only when the project lists it (README "Languages")
                written_in = own = _front_matter_language(config, note())
            for lang in languages:
                if lang == own:
                    continue
                cat = catalog_file(config, name, lang)
                out = output_file(config, name, lang) if outputs else ""  # the coverage line needs none
                try:
                    cat_st: os.stat_result | None = os.stat(cat)
                except (FileNotFoundError, NotADirectoryError):
                    cat_st = None
                except OSError as exc:  # a folder that cannot be searched: said, counted as missing
                    errors.append(f"{collector.rel(cat)}: cannot read: {exc.strerror or exc} (its segments counted untranslated)")
                    cat_st = None
                files.append((lang, cat, out, cat_st))
            if files and written_in is None and _lacks_page(files, config, name):
                # a note whose front matter says it is written in a target language has no page
                # (and, made from scratch, no catalog) in it: read where one is missing only,
                # as reading every note's head would cost three times its stat
                written_in = _front_matter_language(config, note())
                if written_in != own:
                    files = [entry for entry in files if entry[0] != written_in]
            found.extend((cat, cat_st) for _, cat, _, cat_st in files if cat_st is not None)
            if any(f[3] is None for f in files):
                pot = collector.template(name)
                pot_st = _stat(pot)
                if pot_st is not None:
                    found.append((pot, pot_st))
            present.append(found)
            plan.append((name, note, (path, note_st), files))
        # the cache rows of the whole chunk in a few queries, not one per file
        collector.cache.load(path for found in present for path, _ in found)
        to_count = [
            group
            for found in present
            if (group := [f for f in found if collector.needs_count(*f) and not collector.from_build(*f)])
        ]
        del present
        collector.prefetch(to_count, None)

        def say(exc: L10nError, said: set[str]) -> None:
            message = collector.rel_error(exc)
            if message not in said:
                said.add(message)
                errors.append(message)

        for name, note, (path, note_st), files in plan:
            source: FileCounts | None = None
            word_memo: dict[str, int] = {}  # the note's catalogs share their msgids
            said: set[str] = set()  # a problem of the note itself (its front matter) is the same in every language: said once
            for lang, cat, out, cat_st in files:
                broken = False
                try:
                    if cat_st is not None:
                        try:
                            counts = collector.catalog_counts(cat, cat_st, word_memo)
                            # status: measured against the note's English as it stands (sync's
                            # line needs not: it extracted the notes it counts)
                            if outputs and collector.behind(name, lang, (path, note_st), cat, cat_st):
                                current = collector.current_counts(note(), lang, word_memo)
                                if current is not None and current != counts:
                                    counts = current
                                    collector.behind_notes[lang] += 1
                        except L10nError as exc:
                            # counted as a missing catalog would be: its segments untranslated
                            errors.append(f"{collector.rel_error(exc)} (its segments counted untranslated)")
                            broken = True
                            source = source or collector.source_counts(name, note, note_st, word_memo)
                            counts = source
                    else:
                        source = source or collector.source_counts(name, note, note_st, word_memo)
                        counts = source
                except L10nError as exc:
                    say(exc, said)
                    if left_out is not None:
                        left_out[lang] += 1
                    continue
                state = None
                if outputs:
                    try:
                        state = collector.output_state(name, note, lang, out, cat, cat_st, (path, note_st))
                    except L10nError as exc:
                        # its catalog is counted; whether the page still matches a note that
                        # cannot be read is unknown, so it is stale until the note is fixed
                        say(exc, said)
                        state = OutputState.STALE
                    if state is OutputState.STALE and not os.access(path, os.R_OK):
                        # the page is stale because its note changed; one that cannot be read
                        # is said, as check and the stages say it (status reads no note here)
                        say(L10nError(f"cannot read: {os.strerror(errno.EACCES)}", path), said)
                yield lang, name, counts, collector.rel(cat) if cat_st is not None else None, state, broken
        collector.counted.clear()  # counted files are in the cache now
        done += len(chunk)
        if on_progress:
            on_progress(done, len(notes))


def _lacks_page(files: Sequence[tuple[str, str, str, os.stat_result | None]], config: Config, name: str) -> bool:
    """Whether one of a note's ``(lang, catalog, output, catalog's stat)`` lacks its catalog or
    its built page (the output is stat-ed here when ``files`` does not name it)."""
    for lang, _, out, cat_st in files:
        if cat_st is None or not os.path.exists(out or output_file(config, name, lang)):
            return True
    return False


def _front_matter_language(config: Config, note: Note) -> str:
    """:func:`l10n.site.relink.read_language` (its front matter's ``lang``, else its name's),
    asked only of a note whose first 64 KB (what that reads) open front matter and hold ``lang``:
    the reader and its imports cost more than the rest of a status that only stats."""
    try:
        with open_file(note.path) as handle:
            head = handle.read(65536).removeprefix(b"\xef\xbb\xbf")
    except OSError:
        head = b""
    if not head.startswith((b"---", b"+++", b"{")) or b"lang" not in head:
        return name_language(note.name, config.language_codes, config.source_language)
    from l10n.site.relink import read_language

    return read_language(config, note)


def _orphans(
    config: Config, notes: Iterable[Note], languages: Sequence[str], collector: _Collector
) -> dict[str, list[str]]:
    """Catalogs in each language folder that belong to no selected note."""
    found: dict[str, list[str]] = {}
    for lang in languages:
        expected = {collector.paths(name, lang)[0] for name, _ in named_notes(notes)}
        found[lang] = [collector.rel(path) for path in orphaned_catalogs(config, lang, expected)]
    return found
