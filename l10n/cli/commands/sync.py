"""``l10n sync``: extract, translate and build every language, then one coverage line each."""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import click

from l10n.cli.app import (
    App,
    Exit,
    chosen_engine,
    coverage_line,
    describe_run,
    engine_options,
    handle_errors,
    idle_source_run,
    languages_option,
    listing,
    notes_argument,
    pick_languages,
    progress_for,
    replaced_placeholders,
    report_errors,
    report_kept,
    report_rejected,
    report_warnings,
    retry_refused_option,
    run_state,
    say_errors,
    say_held_back,
    say_skipped,
    say_unremoved,
    say_withheld,
    stage_lock,
    stage_notes,
    timed,
    translate_languages,
    worker_jobs,
)
from l10n.cli.commands.extract import say_unread
from l10n.config import Config, engine_settings
from l10n.fsutil import printable
from l10n.memo import SortedNames, give_back
from l10n.messages import counted, plural
from l10n.site.layout import Note, NoteList, source_file
from l10n.store.changes import dependents, find_changes
from l10n.store.listings import kept_listings, record_listings
from l10n.store.state import RunState

if TYPE_CHECKING:
    from l10n.mt.plan import LanguagePlan
    from l10n.pipeline import Outcome  # loaded by the stages: not at start-up
    from l10n.site.prune import Pruned
    from l10n.store.changes import Changes


@click.command("sync")
@languages_option
@engine_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Concurrent requests, shared by the notes and languages of the run (default: per engine; the pseudo engine, which runs in this process, uses one).")
@click.option(
    "--min-coverage", type=click.FloatRange(0, 100), default=None, metavar="PCT", help="As for build."
)
@click.option(
    "--shard", metavar="K/N", default=None, help="Work only on shard K of N of the notes (for CI matrices)."
)
@click.option("--force", is_flag=True, help="Redo every note, even those untouched since the last run.")
@click.option(
    "--dry-run", "-n", is_flag=True,
    help="Write nothing and take no lock: say which notes extract and build would redo (build: also those whose "
    "catalogs translate would fill, and those whose links read them; -v: each note and why), what translate would send "
    "(new and edited notes included: their catalogs are made in memory as extract would; retries of replies refused "
    "for the first time not counted) and, on the whole site, which files the run would remove (-v: each one).",
)
@retry_refused_option
@notes_argument
@click.pass_obj
@handle_errors
def sync(
    app: App,
    langs: tuple[str, ...],
    engine: str | None,
    engine_url: str | None,
    model: str | None,
    jobs: int | None,
    min_coverage: float | None,
    shard: str | None,
    force: bool,
    dry_run: bool,
    retry_refused: bool,
    notes: tuple[str, ...],
) -> None:
    """Bring every language up to date: extract, translate, build, then one coverage line each.

    Each note, catalog and built page is stat-ed once (size, modification and change time: an
    edit whose mtime was put back is seen) and the stages see only the notes that changed (and
    the notes whose links lead into them), so running it on every push is cheap. A built page
    edited in place is kept and named (exit 1), as 'l10n build' does: 'l10n adopt PAGE' takes
    the edits. Templates are only looked for: a deleted one is written again. An edited
    paragraph is re-translated (machine output) or gets a fresh suggestion next to the kept human
    translation (see 'l10n translate --help'); the coverage line counts what build published,
    and the segments that need review apart. Notes whose coverage is below min_coverage are
    not published and are named per language (-v: each one's coverage). A note whose
    extract fails is left out of translate and build (its error is said once). Run on the
    whole site, it removes the built pages of notes gone from the source (moved, renamed,
    deleted, excluded, no longer read as notes) when they are as l10n wrote them, and their templates; a page edited
    since is kept and named, and catalogs stay; so goes the page of a note in a language its
    front matter now says it is written in. So go the built pages of a language removed
    from 'languages'; its catalogs stay (they are used again when it is added back), and sync
    and status name it. After a change of layout, output or source_language, the pages built
    at the old places go the same way, before the notes are read (catalogs do not move).
    A file at a note's output that l10n did not write is never overwritten (see 'l10n build
    --help'): it is named (exit 1, --dry-run too) and its note is not sent to the engine.
    """
    config = app.config()
    languages = pick_languages(config, langs)
    chosen_engine(config, engine)  # a misspelt engine is a usage error before any stage runs
    # the kept listings of the source folders (a dry run must not open the bookkeeping file)
    listings = None if dry_run or notes else kept_listings(config.locales)
    selected = stage_notes(config, notes, shard, listings)
    # the whole site, whose notes gone from it lose their pages: not when a folder of notes
    # could not be listed (its notes would look gone)
    whole = not notes and not shard and not selected.unlisted
    threshold = config.min_coverage if min_coverage is None else min_coverage
    if dry_run:  # reads only: no lock, and the bookkeeping read as one committed state, in memory
        from l10n.store.cachedb import reading

        say_skipped(app, selected)  # what the run would leave unread, as the run says it
        with reading(config.locales):
            ok = _sync_plan(
                app, config, selected, languages, engine, engine_url, model, jobs, force, whole, retry_refused
            )
        if not ok or selected.unlisted:  # an error the run would meet: exit 1 as the run would (and as translate --dry-run does)
            raise SystemExit(Exit.ERROR)
        return
    with stage_lock(config), run_state(config, False) as state:
        from l10n.mt.memory_location import check_memory_writable

        check_memory_writable(config)  # the translate stage writes it: said before extract works
        moved_stuck = False
        if whole:  # before the notes are read, and before --force forgets where pages went
            selected, moved_stuck = _prune_moved_outputs(app, config, state, selected, languages, notes, shard)
        if force:
            state.clear()
        # One stat per recorded file for the whole run, then every stage works on the notes
        # that changed only (--force: every note of the stage it clears, so every note).
        changes = None if force else find_changes(config, state, selected.names, languages)
        if listings is not None:
            record_listings(config.locales, listings)
        if changes is not None and len(changes.work) <= BY_KEY_MOST:
            state.by_key = True  # a few notes: their stamps one query each, not every note's
        todo = selected if changes is None else NoteList(selected.source, changes.work)
        extracted = None  # nothing changed: the stages (and their parser) are not even loaded
        if todo:
            from l10n.pipeline import run_extract

            extracted = timed(app, "extract", lambda: run_extract(
                config, todo, languages, progress_for(app, "extract"), worker_jobs(None, len(todo)), state
            ))
            report_errors(app, extracted)
            report_warnings(app, extracted)
            give_back()  # the stage's freed pages, before translate grows (see give_back)
        say_unread(app, selected)
        state.save()
        failed = {outcome.note for outcome in extracted.errors} if extracted else set()
        good = NoteList(selected.source, [name for name in selected.names if name not in failed]) if failed else selected
        # after extract, which may have changed the catalogs of the notes it redid
        untranslated = _to_translate(config, good if changes is None else _without(todo, failed), languages, state)
        # catalogs a pseudo run left complete hold placeholder text a real engine translates over
        placeheld = _placeholder_notes(config, good, languages, state, engine) if changes is not None else set()
        if placeheld - set(untranslated.names):
            wanted = set(untranslated.names) | placeheld
            untranslated = NoteList(good.source, [name for name in good.names if name in wanted])
        if not untranslated:
            _check_glossary(config)
            for lang in languages:  # the engines (requests, …) are not even imported
                if lang != config.source_language:  # a target only for notes in another language
                    app.info(_nothing_to_translate(lang, extracted.errors if extracted else [], failed))
            ok = True
        else:
            from l10n.pipeline import page_refusal, refused_pages

            known: set[str] = set()  # l10n's earlier pages, by their bytes: the build overwrites them
            kept_back = refused_pages(config, untranslated, languages, functools.partial(page_refusal, known=known, owned=state.known_outputs))
            state.known_outputs |= known
            ok = translate_languages(
                app, config, untranslated, languages, engine, engine_url, model, jobs, False, state, retry_refused,
                kept_back,
            )
            give_back()
        state.save()
        to_build, relink, claims, faced = good, None, None, set[str]()
        if changes is not None:
            # plus the notes whose links read a note this run changed (its headings, its language)
            read_changed = changes.relink | dependents(state, config, changes.work, languages)
            relink = read_changed | placeheld
            faced = read_changed - placeheld  # kept when what they read there is as it was
            to_build = NoteList(selected.source, _wanted(good.names, changes.work, relink))
            if any(name not in failed for name in changes.unbuilt):  # a new note may claim another's output: weigh every note's
                claims = good.names
        built = None
        if to_build:
            from l10n.pipeline import run_build

            built = timed(app, "build", lambda: run_build(
                config, to_build, languages, threshold, progress_for(app, "build"), worker_jobs(None, len(to_build)),
                state, None if notes or shard else selected.names,  # the whole site: not walked again
                relink, claims, faced,
            ))
            report_errors(app, built)
            report_kept(app, built)
            report_rejected(app, built)
            say_held_back(app, built, threshold)
            give_back()  # before the coverage count, the run's last growth
        unremoved = moved_stuck or (built is not None and bool(built.unremoved))  # a page to prune that stays: exit 1
        # the whole site: translations of notes gone from it go too (looked for when a stale
        # record or a new list of names can name one: store.changes.gone_notes_possible)
        if whole:
            unremoved = _prune_gone_notes(app, config, state, selected.names, languages, changes) or unremoved
        if whole:
            unremoved = _prune_dropped_languages(app, config, state) or unremoved
        if changes is not None and not failed and not (built and built.errors) and ok and not selected.unlisted and not unremoved:
            from l10n.store.changes import remember_complete

            remember_complete(state, config, changes, relink or (), languages)
        # Under the lock: counting saves the status cache, and a temporary file that a kill
        # leaves there is removed by the next run only if this one is known not to have ended.
        from l10n.status.collect import collect_coverage

        changed = None  # the whole site: the untouched notes' counts are summed by SQLite
        if changes is not None and not notes and not shard:
            changed = SortedNames(changes.work, changes.stale, relink or ())
        # every selected note, those extract failed on too: their catalogs as they stand (a
        # catalog that cannot be read counted from its template, all untranslated), so that
        # one language's broken catalog neither hides the note from the others nor lets its
        # own language claim 100 %
        unreadable: Counter[str] = Counter()
        counted: Counter[str] = Counter()  # per language: never a note written in it
        coverage = collect_coverage(config, selected, languages, changed=changed, unreadable=unreadable, counted=counted)
    for lang, total in coverage.items():
        if lang == config.source_language and not counted[lang] and not unreadable[lang]:
            if not notes and not shard:  # the whole site: no note is written in another language
                say_source_skipped(app, config)
            continue
        app.echo(coverage_line(lang, total, counted[lang], unreadable[lang], config.language_tag(lang)))
    if (extracted and extracted.errors) or (built and built.errors) or not ok or selected.unlisted or unremoved:
        raise SystemExit(Exit.ERROR)


BY_KEY_MOST = 2_000
"""Notes to work on up to which the stages read their stamps key by key (see
:attr:`~l10n.store.state.RunState.by_key`); above it, a stage's stamps in one query."""


def _prune_gone_notes(
    app: App, config: Config, state: RunState, names: Sequence[str], languages: Sequence[str], changes: Changes | None
) -> bool:
    """Remove the translations of notes gone from the whole site ``names`` (when ``changes``,
    the run's look at what changed, can name one: :func:`l10n.store.changes.gone_notes_possible`,
    as ``sync --dry-run`` asks it), saying each page removed or kept; whether one could not be removed. The set of every name made here goes
    with the call: held by ``sync`` through its coverage count it was 100 bytes a note
    (issue 19's flat memory)."""
    from l10n.store.changes import gone_notes_possible

    site = set(names)
    if not gone_notes_possible(changes, site):
        return False
    from l10n.site.prune import prune_outputs

    pruned = prune_outputs(config, state, site, languages)
    for path in pruned.removed:
        app.info(f"removed {_shown(config, path)}: its note is gone from the source")
    for path in pruned.kept:
        app.info(f"kept {_shown(config, path)}: its note is gone, but the file changed since l10n built it")
    say_unremoved(app, pruned.failed, "its note is gone from the source")
    return bool(pruned.failed)


def _wanted(names: Sequence[str], work: Sequence[str], relink: set[str]) -> list[str]:
    """The names of ``names`` in ``work`` or ``relink``, in ``names``' order. The set of
    ``work`` made here goes with the call: held by ``sync`` through the build it was a set of
    every note on a first run (2 MB at 50,000 notes, issue 19's flat memory)."""
    wanted = set(work) | relink
    return [name for name in names if name in wanted]


def _without(notes: NoteList, failed: set[str]) -> NoteList:
    return NoteList(notes.source, [name for name in notes.names if name not in failed]) if failed else notes


def _to_translate(config: Config, notes: NoteList, languages: Sequence[str], state: RunState) -> NoteList:
    """The notes whose catalog in some language the run state does not know as left complete by
    translate and untouched since (the translate stage's own skip test, made here on names and
    strings so that a run on every push touches only what changed)."""
    from l10n.site.layout import catalog_file
    from l10n.store.state import translate_key

    def fresh(name: str) -> bool:
        return all(
            state.is_fresh(translate_key(lang, path), [path])
            for lang in languages
            for path in (catalog_file(config, name, lang),)
        )

    return NoteList(notes.source, [name for name in notes.names if not fresh(name)])


def _placeholder_notes(
    config: Config, notes: NoteList, languages: Sequence[str], state: RunState, engine: str | None
) -> set[str]:
    """The names of ``notes`` whose catalog in some of ``languages`` a placeholder engine's run
    (``pseudo``) left holding its output, when this run's engine is a real one: they are
    translated (and built) again although nothing of theirs changed. Empty for the pseudo
    engine. One query per language (:func:`l10n.mt.translate.placeholder_notes`)."""
    from l10n.mt.engines.registry import is_placeholder_engine

    if is_placeholder_engine(chosen_engine(config, engine)):
        return set()
    from l10n.store.state import placeholder_notes

    marked: set[str] = set()
    for lang in languages:
        marked |= placeholder_notes(state, lang)
    return marked & set(notes.names) if marked else set()


def _nothing_to_translate(lang: str, errors: Sequence[Outcome], failed: set[str]) -> str:
    """The translate stage's line for ``lang`` when no catalog needs the engine. Every catalog
    is complete only when extract read every note: a note it could not read (its front matter,
    or its catalog in some language: ``failed``) was left out of translate, so the line says
    how many, and how many of ``lang``'s own catalogs could not be read."""
    if not failed:
        return f"{lang}: nothing to translate (every catalog complete and untouched since the last run)"
    unreadable = {outcome.note for outcome in errors if outcome.lang == lang}
    others = len(failed - unreadable)
    left = [f"{counted(len(unreadable), 'catalog')} unreadable ({plural(len(unreadable), 'its error', 'their errors')} above)"] if unreadable else []
    if others:
        left.append(f"{counted(others, 'note')} {'' if not unreadable else 'more '}left out for {plural(others, 'its error', 'their errors')} above")
    return (
        f"{lang}: nothing to translate in the catalogs read (each complete and untouched since the last run); "
        + ", ".join(left)
    )


def _check_glossary(config: Config) -> None:
    """Raise the error translate would for a malformed glossary, when the run has nothing to
    translate and builds no engine: a wrong setting is said on the first run, not on the first
    run with work (found by the review). The engine's name is checked when the run starts."""
    if config.glossary:  # an empty one has nothing to check (and the protector is not loaded)
        from l10n.markdown.protect import Glossary

        Glossary.from_config(config.glossary)


def _sync_plan(
    app: App,
    config: Config,
    selected: NoteList,
    languages: Sequence[str],
    engine: str | None,
    engine_url: str | None,
    model: str | None,
    jobs: int | None,
    force: bool,
    whole_site: bool,
    retry_refused: bool = False,
) -> bool:
    """``sync --dry-run``: what each stage would do, from the run state, and on the ``whole_site``
    the files the run would remove; no file is written (the caller holds
    :func:`l10n.store.cachedb.reading`). False when it met an error the run would meet too
    (a note or catalog that cannot be read), said once on its ``error:`` line."""
    from l10n.pipeline import build_inputs, extract_inputs

    state = RunState.load(config)  # only read: --force says every note, and clears nothing
    state.learn = False
    moved = None
    if whole_site:  # pages the settings now put elsewhere go first: those among the sources are no notes then
        from l10n.site.prune import layout_changed, prune_moved

        if layout_changed(state, languages):
            moved = prune_moved(config, state, selected.names, languages, dry_run=True)
            gone = set(moved.removed)
            selected = NoteList(selected.source, [name for name in selected.names if source_file(config, name) not in gone])
    # the notes a real run would give its stages (find_changes), each then asked as its stages ask
    changes = None if force else find_changes(config, state, selected.names, languages, learn=False)
    candidates = selected if changes is None else NoteList(selected.source, changes.work)
    # notes whose links lead into a changed note
    relink = changes.relink if changes is not None else state.stale_dependencies(languages)

    def stale(stage: str, inputs: Callable[[Config, Note, str], list[str]]) -> list[str]:
        if force:
            return list(selected.names)
        return [
            note.name
            for note in candidates
            if not all(state.is_fresh(f"{stage}:{lang}:{note.name}", inputs(config, note, lang)) for lang in languages)
            # what it read from the notes its links lead to changed (not their text only: run_build's faced)
            or (stage == "build" and note.name in relink and not read_same(note.name))
        ]

    def read_same(name: str) -> bool:
        """What the note's build read from the notes its links lead to is as it was (run_build's ``faced``)."""
        from l10n.pipeline import faces_hold

        return all(
            state.is_fresh(f"build:{lang}:{name}", build_inputs(config, name, lang))
            and faces_hold(config, state, name, lang, False)
            for lang in languages
        )

    # a person's page at a note's output: not translated, not built (the run says so)
    from l10n.pipeline import page_refusal, refused_pages
    from l10n.site.keep import ADOPTED, EDITED

    refused = refused_pages(config, selected, languages, functools.partial(page_refusal, store=False))
    # translate is planned first: build redoes the notes whose catalogs the run rewrites
    plans = _plan_translation(
        config, selected, languages, engine, engine_url, model, state, force or changes is None, set(candidates.names),
        retry_refused, lambda name, lang: name in refused.get(lang, {}),
    )
    todo = stale("extract", extract_inputs)
    app.echo(f"extract: would redo {len(todo):,} of {counted(len(selected), 'note')}" + (f": {_listing(todo)}" if todo else ""))
    why = why_built = _build_reasons(state, selected, stale("build", build_inputs), relink, plans, read_same)
    built = [name for name in selected.names if name in why]
    app.echo(f"build: would redo {len(built):,} of {counted(len(selected), 'note')}" + (f": {_listing(built)}" if built else ""))
    if app.verbosity >= 1:
        for name in built:
            app.echo(f"  would build {name}: {why[name]}")
    said: set[str] = set()  # a note's own problem, met by every language's plan: said once
    for plan in plans:
        say_errors(app, plan.run.catalog_errors, said)
        if not idle_source_run(config, plan.run):
            app.echo(describe_run(plan.run, True))
        if plan.run.placeholders_replaced:
            app.echo(replaced_placeholders(plan.run, True))
        say_withheld(app, config, plan.run)
    # an edited page of l10n's is said by the build of its note: only where the run builds it
    # (sync notices a page edited in place when its note or catalog changes, README)
    say_errors(
        app,
        (
            why for lang in languages for name, why in refused.get(lang, {}).items()
            if (name in why_built or EDITED not in why) and ADOPTED not in why
        ),
        said,
    )
    for lang in languages:  # kept as their owner chose, as the build will say: not an error
        for kept in refused.get(lang, {}).values():
            if ADOPTED in kept:
                app.echo(f"note: {kept}")
    own = _own_language_removals(config, state, [note for note in selected if note.name in why], languages)
    if whole_site or any(found.removed or found.kept for found in own):
        _plan_removals(
            app, config, state, selected.names, languages, [*([] if moved is None else [moved]), *own], whole_site, changes
        )
    return not said


def _own_language_removals(config: Config, state: RunState, notes: Sequence[Note], languages: Sequence[str]) -> list[Pruned]:
    """The pages the build of ``notes`` (those the run would build again) would remove because
    their note now says it is written in that language (:func:`l10n.site.prune.prune_own_language`,
    asked to remove nothing): one front matter read per note."""
    from l10n.site.prune import prune_own_language
    from l10n.site.relink import read_language

    found: list[Pruned] = []
    for note in notes:
        lang = read_language(config, note)
        if lang in languages:
            found.append(prune_own_language(config, state, note.name, lang, dry_run=True))
    return found


def _plan_removals(
    app: App,
    config: Config,
    state: RunState,
    names: Sequence[str],
    languages: Sequence[str],
    found_first: Sequence[Pruned],
    whole_site: bool,
    changes: Changes | None = None,
) -> None:
    """``sync --dry-run``'s removal line: the files the real run would remove (on the
    ``whole_site``, the pages and templates of gone notes and the pages of dropped languages:
    :mod:`l10n.site.prune`, asked to remove nothing), named with -v, and those it would keep
    because they changed since l10n built them, named always (the real run names them too).
    ``found_first``: what was found before (the pages the settings now put elsewhere,
    :func:`l10n.site.prune.prune_moved`; the pages of notes now in that language). The gone
    notes' pages are looked for when the run would look (``changes``, the run's look at what
    changed: :func:`l10n.store.changes.gone_notes_possible`)."""
    from l10n.site.prune import prune_dropped, prune_outputs
    from l10n.store.changes import gone_notes_possible

    pruned = [*found_first]
    if whole_site:
        site = set(names)
        if gone_notes_possible(changes, site):
            pruned.append(prune_outputs(config, state, site, languages, dry_run=True))
        pruned += prune_dropped(config, state, dry_run=True).values()
    removed = [_shown(config, path) for found in pruned for path in found.removed]
    line = f"prune: would remove {counted(len(removed), 'file')}"
    app.echo(line + (f": {_listing(removed)}" if removed and app.verbosity < 1 else ""))
    if app.verbosity >= 1:
        for path in removed:
            app.echo(f"  would remove {path}")
    for path in (path for found in pruned for path in found.kept):
        app.echo(f"  would keep {_shown(config, path)}: changed since l10n built it")


def _shown(config: Config, path: str) -> str:
    """``path`` relative to the project root, for a listing."""
    return printable(os.path.relpath(path, config.root))


def _plan_translation(
    config: Config,
    selected: NoteList,
    languages: Sequence[str],
    engine_name: str | None,
    engine_url: str | None,
    model: str | None,
    state: RunState,
    every: bool,
    candidates: set[str],
    retry_refused: bool = False,
    kept_back: Callable[[str, str], bool] | None = None,
) -> list[LanguagePlan]:
    """``sync --dry-run``'s plan of the translate stage, per language: what the real run would
    send and which catalogs it would rewrite, the catalogs of the notes extract would redo made
    in memory first (:mod:`l10n.mt.plan`; with ``every``, --force or no run state, extract
    redoes each note). Writes nothing."""
    from l10n.mt.engines import get_engine
    from l10n.mt.memory import open_memory_to_read
    from l10n.mt.plan import plan_languages
    from l10n.pipeline import extract_inputs

    name = chosen_engine(config, engine_name)
    settings = engine_settings(config, name)
    engine = get_engine(name, url=engine_url or settings.url, model=model or settings.model, glossary=config.glossary)
    if config.mt_batch_characters:
        engine.max_chars = config.mt_batch_characters

    def redoes(note: str, lang: str) -> bool:
        return every or (note in candidates and not state.is_fresh(f"extract:{lang}:{note}", extract_inputs(config, note, lang)))

    with open_memory_to_read(config) as memory:  # each note parsed once for all languages
        return plan_languages(config, selected, languages, engine, memory, redoes, retry_refused, kept_back)


def _build_reasons(
    state: RunState, selected: NoteList, stale: Sequence[str], relink: set[str], plans: Sequence[LanguagePlan],
    kept: Callable[[str], bool] = lambda name: False,
) -> dict[str, str]:
    """Why build would redo each note it would redo, by name (``sync --dry-run``): ``stale``,
    the notes whose build inputs changed since the last run (or were never built; ``relink``
    among them: the notes their links read changed); the notes whose catalog extract or
    translate would rewrite (:attr:`~l10n.mt.plan.LanguagePlan.rewritten`); and the notes whose
    last build read one of those catalogs (their ``deps:`` records: the real run finds them
    after translate, :func:`l10n.store.changes.dependents`), unless ``kept`` says what they read
    from the notes their links lead to is as it was (the real run keeps them then: its files as
    they are now are asked, a heading's translation taken to stay while its text does)."""
    why: dict[str, str] = {name: ("a note its links read changed" if name in relink else "changed since its last build") for name in stale}
    by_path: dict[str, str] = {}
    for plan in plans:
        for name, (path, stage) in plan.rewritten.items():
            by_path[str(path)] = name
            if name not in why:
                why[name] = f"{stage} would rewrite its catalog ({plan.run.lang})"
    known = set(selected.names)
    for name, read in _reading(state, list(by_path)).items():
        if name in known and name not in why and not kept(name):
            why[name] = f"its links read {by_path[read]}, whose catalog would be rewritten"
    return why


def _reading(state: RunState, paths: Sequence[str]) -> dict[str, str]:
    """The notes whose last build read one of ``paths`` (their ``deps:<lang>:<note>`` records),
    each with one such path. Nothing when the bookkeeping cannot be read."""
    import sqlite3

    from l10n.store.cachedb import select_in

    db = state.connection.db
    found: dict[str, str] = {}
    if db is None or not paths:
        return found
    query = "SELECT key, path FROM stamps WHERE key >= 'deps:' AND key < 'deps;' AND path IN ({marks})"
    try:
        for key, path in select_in(db, query, paths):
            found.setdefault(key.split(":", 2)[2], path)
    except sqlite3.Error:
        return {}
    return found


def _prune_moved_outputs(
    app: App,
    config: Config,
    state: RunState,
    selected: NoteList,
    languages: Sequence[str],
    notes: tuple[str, ...],
    shard: str | None,
) -> tuple[NoteList, bool]:
    """On a whole-site run after a change of ``layout``, ``output`` or ``source_language``:
    remove the pages build wrote where the settings no longer put them, as l10n wrote them
    (:func:`l10n.site.prune.prune_moved`), and read the notes again when some went (a layout
    that put them among the sources had them read as notes). Returns the notes to work on,
    and whether a page could not be removed (said on an ``error:`` line: the run exits 1)."""
    from l10n.site.prune import layout_changed, prune_moved

    if not layout_changed(state, languages):
        return selected, False
    pruned = prune_moved(config, state, selected.names, languages)
    if pruned.removed:
        count = len(pruned.removed)
        app.info(
            f"removed {counted(count, 'built page')} that the settings (source, layout, output, source_language) now put elsewhere,"
            f" as l10n wrote {plural(count, 'it', 'them')}" + ("" if app.verbosity >= 1 else " (-v: each one)")
        )
        for path in pruned.removed if app.verbosity >= 1 else ():
            app.info(f"  removed {_shown(config, path)}")
    for path in pruned.kept:
        app.info(f"kept {_shown(config, path)}: the settings now put its note's page elsewhere, but the file changed since l10n built it")
    # the build records the new places over the old: no record is left to try again with
    say_unremoved(app, pruned.failed, "the settings now put its note's page elsewhere", retried=False)
    return (stage_notes(config, notes, shard) if pruned.removed else selected), bool(pruned.failed)


def _prune_dropped_languages(app: App, config: Config, state: RunState) -> bool:
    """On a whole-site run: remove the built pages of languages no longer configured, as l10n
    wrote them (:func:`l10n.site.prune.prune_dropped`), and name each language whose catalogs
    are still there (kept: translators' work). True when a page could not be removed (said on
    an ``error:`` line)."""
    from l10n.site.prune import prune_dropped

    stuck = False
    renamed = {folder: code for code, folder in config.catalog_folders.items()}
    for lang, pruned in prune_dropped(config, state).items():
        say_unremoved(app, pruned.failed, f"its language ({lang}) is no longer configured")
        stuck = stuck or bool(pruned.failed)
        if pruned.removed:
            count = len(pruned.removed)
            why = f"now {renamed[lang]}, as written in languages" if lang in renamed else "no longer configured"
            app.info(f"{lang}: {why}: removed {counted(count, 'built page')}, as l10n wrote {plural(count, 'it', 'them')}")
        for path in pruned.kept:
            app.info(f"kept {_shown(config, path)}: its language ({lang}) is no longer configured, but the file changed since l10n built it")
    say_unconfigured(app, config)
    return stuck


def say_source_skipped(app: App, config: Config) -> None:
    """The warning for ``languages`` listing the source language when no note of the site is
    written in another language (its front matter ``lang:``, a language suffix or folder): no
    note is translated into it, so ``sync`` and ``status`` leave it out (README "Languages").
    Names the configuration file and the line of ``languages``."""
    from l10n.config import key_line

    where = ""
    if config.config_file is not None:
        line = key_line(config.config_file, "languages")
        where = f"{printable(os.path.relpath(config.config_file, config.root))}{f':{line}' if line else ''}: "
    app.info(
        f"warning: {where}languages lists the source language {config.source_language}, and no note is written in"
        " another language (front matter lang:, a language suffix or folder): nothing is translated into it; skipped"
    )


def say_unconfigured(app: App, config: Config) -> None:
    """Name each language whose catalogs are in the locales folder but that is not configured,
    and each configured one whose catalogs are kept in a folder of another spelling
    (:attr:`l10n.config.Config.catalog_folders`)."""
    from l10n.site.prune import unconfigured_catalogs

    for code, folder in config.catalog_folders.items():
        shown = printable(os.path.relpath(os.path.join(config.locales, folder), config.root))
        app.info(
            f"{code}: its catalogs stay in {shown}/, the same language spelt otherwise"
            f" (rename the folder to {code} to match languages)"
        )
    for lang in unconfigured_catalogs(config):
        shown = printable(os.path.relpath(os.path.join(config.locales, lang), config.root))
        app.info(
            f"{lang}: not among the configured languages; its catalogs in {shown}/ are kept"
            " (add it back to languages to use them, or remove the folder)"
        )


def _listing(names: Sequence[str], most: int = 10) -> str:
    return listing(names, most)
