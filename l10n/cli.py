"""The ``l10n`` command line: thin click commands over the library stages.

Commands parse options, call one library function and render the result it returns. Errors the
user can fix (:class:`~l10n.errors.L10nError`) print one line and exit 1; anything else is a bug
and shows a traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import ClassVar, TypeVar

import click

from l10n import __version__
from l10n.cliapp import (
    CONTEXT_SETTINGS,
    App,
    Exit,
    F,
    coverage_line,
    describe_run,
    handle_errors,
    languages_option,
    notes_argument,
    pick_languages,
    progress_for,
    report_errors,
    require_notes,
    scale_options,
    short,
    summary,
    translation_progress,
)
from l10n.config import Config, engine_settings
from l10n.fsutil import temp_folders
from l10n.layout import Note, NoteList, catalog_path, parse_shard, select_notes, shard
from l10n.lock import project_lock
from l10n.pipeline import Report, run_build, run_extract
from l10n.state import RunState

T = TypeVar("T")


class LazyGroup(click.Group):
    """A group whose reporting commands are imported only when asked for.

    ``status``, ``check`` and ``adopt`` pull in rich, babel's number formats and the report
    renderers; ``extract`` or ``build`` on a few notes would spend most of their time importing them.
    """

    lazy_commands: ClassVar[dict[str, str]] = {name: f"l10n.commands.{name}" for name in ("adopt", "check", "init", "memory", "status")}

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Accept the global options after the command too (``l10n status -q``): they are moved
        in front of it before click parses (click itself takes group options only before)."""
        return super().parse_args(ctx, hoist_global_options(self, ctx, args))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_commands])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = self.lazy_commands.get(cmd_name)
        if module is None:
            return super().get_command(ctx, cmd_name)
        command = getattr(importlib.import_module(module), cmd_name)
        assert isinstance(command, click.Command)
        return command


_GLOBAL_FLAGS = {"-v", "--verbose", "-q", "--quiet", "--color", "--no-color"}
_GLOBAL_VALUES = {"-C", "--project"}


def hoist_global_options(group: click.Group, ctx: click.Context, args: list[str]) -> list[str]:
    """``args`` with the global options found after the command name moved in front of it.

    Tokens that are values of the command's own options (``--output -q``) and everything after
    ``--`` stay where they are.
    """
    position, index = None, 0
    while index < len(args):  # find the command name: the first token that is not a global option
        token = args[index]
        if token in _GLOBAL_VALUES:
            index += 2
        elif token.startswith("-"):
            index += 1
        else:
            position = index
            break
    if position is None:
        return args
    command = group.get_command(ctx, args[position])
    takes_value: set[str] = set()
    if command is not None:
        for param in command.params:
            if isinstance(param, click.Option) and not param.is_flag and not param.count:
                takes_value.update(param.opts)
    hoisted: list[str] = []
    rest: list[str] = []
    index = position + 1
    while index < len(args):
        token = args[index]
        if token == "--":
            rest.extend(args[index:])
            break
        if token in takes_value:
            rest.extend(args[index : index + 2])
            index += 2
            continue
        if token in _GLOBAL_VALUES and index + 1 < len(args):
            hoisted.extend(args[index : index + 2])
            index += 2
            continue
        if token in _GLOBAL_FLAGS or re.fullmatch(r"-(v+|q+)", token) or token.startswith("--project="):
            hoisted.append(token)
        else:
            rest.append(token)
        index += 1
    return [*args[:position], *hoisted, args[position], *rest]


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="l10n")
@click.option(
    "-C",
    "--project",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder (holds pyproject.toml or l10n.toml).",
)
@click.option("-v", "--verbose", count=True, help="Say more (repeatable).")
@click.option("-q", "--quiet", count=True, help="Say less: only errors.")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: on a terminal, unless NO_COLOR).")
@click.pass_context
def cli(ctx: click.Context, root: Path, verbose: int, quiet: int, color: bool | None) -> None:
    """Localize Markdown notes through gettext PO catalogs.

    \b
    Workflow:
      l10n extract     notes -> templates (POT) and catalogs (PO) per language
      l10n translate   machine translation fills empty entries (marked fuzzy)
      l10n build       catalogs -> translated notes
      l10n sync        all three, for every language, then a coverage line each
      l10n status      coverage per language and note (table, JSON, Markdown, HTML)
      l10n check       catalogs and built notes keep links, code and structure
      l10n adopt       fill catalogs from translated notes you already have
      l10n init        start a project: configuration and .gitignore entries
    """
    ctx.obj = App(root=root, verbosity=verbose - quiet, color=color)
    if verbose:  # -v: the engines' retries; -vv: everything, each HTTP request included
        logging.basicConfig(format="%(name)s: %(message)s", level=logging.INFO if verbose == 1 else logging.DEBUG)


def _notes(config: Config, names: Sequence[str], shard_spec: str | None = None) -> NoteList:
    notes = select_notes(config, names)
    require_notes(config, notes, names)
    if shard_spec:
        notes = shard(notes, *parse_shard(shard_spec))
    return notes


def _jobs(jobs: int | None, count: int) -> int:
    # Worker processes cost ~0.2 s to start: only worth it for more than a few dozen notes.
    wanted = jobs if jobs is not None else (os.cpu_count() or 1)
    return wanted if count >= 64 or jobs is not None else 1


@cli.command()
@languages_option
@scale_options
@notes_argument
@click.pass_obj
@handle_errors
def extract(
    app: App, langs: tuple[str, ...], jobs: int | None, shard: str | None, force: bool, notes: tuple[str, ...]
) -> None:
    """Write each note's template and create or update its catalogs.

    Unchanged notes rewrite no file. Translations survive source edits: a changed paragraph
    keeps its old translation as fuzzy with the previous msgid ('#|'), a removed one becomes
    obsolete. Short texts inherit an old translation only when every changed word is a near
    spelling of the old one (a typo fix, not another word).
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = _notes(config, notes, shard)
    with project_lock(config.locales, temp_folders=temp_folders(config.root, config.output)), _run_state(config, force, "extract") as state:
        report = _timed(app, "extract", lambda: run_extract(
            config, selected, languages, progress_for(app, "extract"), _jobs(jobs, len(selected)), state
        ))
    report_errors(app, report)
    app.info(f"extract: {len(selected):,} notes, {', '.join(languages)}: {summary(report, 'catalogs written')}")
    if report.errors:
        raise SystemExit(Exit.ERROR)


@cli.command()
@languages_option
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="PCT",
    help="Build only notes whose catalog is at least PCT% translated; others keep their old output. "
    "Default: min_coverage from the configuration (0).",
)
@scale_options
@notes_argument
@click.pass_obj
@handle_errors
def build(
    app: App,
    langs: tuple[str, ...],
    min_coverage: float | None,
    jobs: int | None,
    shard: str | None,
    force: bool,
    notes: tuple[str, ...],
) -> None:
    """Write translated notes from the catalogs.

    A segment without a translation keeps its English text, and so does one whose translation
    the validator rejects (broken links, emphasis, code, tags, or new line breaks or blocks):
    those are listed as 'not published'. A human translation whose source changed is published
    as on_source_change says: machine (default: the fresh machine suggestion), previous (the
    old human translation) or source (the English). Front matter gets `lang` and
    `translated: true`; every other byte of the note is copied from the source.
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = _notes(config, notes, shard)
    threshold = config.min_coverage if min_coverage is None else min_coverage
    with project_lock(config.locales, temp_folders=temp_folders(config.root, config.output)), _run_state(config, force, "build") as state:
        report = _timed(app, "build", lambda: run_build(
            config, selected, languages, threshold, progress_for(app, "build"), _jobs(jobs, len(selected)), state
        ))
    report_errors(app, report)
    for outcome in report.skipped:
        app.info(f"kept: {outcome.note} [{outcome.lang}]: {outcome.message}")
    _report_rejected(app, report)
    app.info(f"build: {len(selected):,} notes, {', '.join(languages)}: {summary(report, 'notes written')}")
    if report.errors:
        raise SystemExit(Exit.ERROR)


@contextlib.contextmanager
def _run_state(config: Config, force: bool, *stages: str) -> Iterator[RunState]:
    """The run state, saved when the block ends — after Ctrl-C too, so a re-run skips the notes
    finished before it (each note is recorded only once its files are written). ``force`` clears
    the records of ``stages`` (every stage when none is named)."""
    state = RunState.load(config)
    if force:
        state.clear(*stages)
    try:
        yield state
    finally:
        state.save()


def _timed(app: App, stage: str, work: Callable[[], T]) -> T:
    """Run one stage; with -v, say how long it took."""
    start = time.monotonic()
    result = work()
    if app.verbosity >= 1:
        app.info(f"{stage}: {time.monotonic() - start:.2f} s")
    return result


def _report_rejected(app: App, report: Report) -> None:
    """List the translations the build kept out because they would break the note's markup."""
    for outcome in report.rejected:
        for line in outcome.rejected:
            app.info(f"not published: {outcome.note} [{outcome.lang}]: {line}")


def engine_options(fn: F) -> F:
    fn = click.option("--model", "-m", default=None, help="Model for the openai engine.")(fn)
    fn = click.option("--engine-url", default=None, metavar="URL", help="Server URL (libre, openai-compatible).")(fn)
    fn = click.option(
        "--engine",
        "-e",
        default=None,
        metavar="NAME",
        help="pseudo, google, mymemory, libre, deepl, microsoft or openai. Default: engine from the configuration.",
    )(fn)
    return fn


def _translate(
    app: App,
    config: Config,
    selected: Sequence[Note],
    languages: Sequence[str],
    engine_name: str | None,
    engine_url: str | None,
    model: str | None,
    jobs: int | None,
    dry_run: bool,
    state: RunState | None = None,
    echo: bool = False,
) -> bool:
    """Run the translate stage for each language and print its summary (on standard output with
    ``echo``, as ``sync --dry-run`` reports); False on errors."""
    # Imported here: the engines pull in requests and deep-translator, which extract, build and
    # status never need (a third of the start-up time).
    from l10n.engines import get_engine
    from l10n.translate import open_memory, translate_language

    name = engine_name or config.engine
    settings = engine_settings(config, name)
    if app.verbosity >= 1:
        app.info(f"translate: engine {name}" + (f" at {engine_url or settings.url}" if engine_url or settings.url else ""))
    engine = get_engine(
        name,
        url=engine_url or settings.url,
        model=model or settings.model,
        glossary=config.glossary,
    )
    if config.mt_batch_characters:
        engine.max_chars = config.mt_batch_characters
    ok = True
    with open_memory(config) as memory, translation_progress(app, languages) as progress:
        for lang in languages:
            notes = selected
            if echo:  # sync --dry-run: notes without a catalog yet are extract's to create
                notes = [note for note in selected if catalog_path(config, note, lang).exists()]
                if len(notes) < len(selected):
                    app.echo(f"{lang}: {len(selected) - len(notes):,} notes have no catalog yet (not counted)")
            run = translate_language(
                config, notes, lang, engine, memory=memory, jobs=jobs or config.jobs, dry_run=dry_run,
                on_progress=progress, state=state,
            )
            for message in run.catalog_errors:
                app.error(message)
            if run.error:
                app.error(run.error)
            ok = ok and not run.error and not run.catalog_errors
            (app.echo if echo else app.info)(describe_run(run, dry_run))
            for text, problem in run.failed:
                app.info(f"  not translated: {short(text)}: {problem}")
    return ok


@cli.command()
@languages_option
@engine_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Concurrent requests (default: per engine).")
@click.option("--dry-run", "-n", is_flag=True, help="Say what would be sent after consulting the memory (segments, characters, estimated tokens, requests); send nothing.")
@notes_argument
@click.pass_obj
@handle_errors
def translate(
    app: App,
    langs: tuple[str, ...],
    engine: str | None,
    engine_url: str | None,
    model: str | None,
    jobs: int | None,
    dry_run: bool,
    notes: tuple[str, ...],
) -> None:
    """Fill empty entries, and re-translate changed machine output, by machine translation.

    \b
    When the source of an entry changed ('#| msgid'):
      machine-made ('# mt:', never approved)  re-translated; only such entries and
                                              empty ones are sent
      human-made or approved                  never discarded: msgstr and '#|' stay for
                                              the reviewer; with on_source_change =
                                              "machine" (default) a fresh machine
                                              translation is added as '# mt-suggestion:'
                                              and published until someone reviews

    A translation someone wrote is never overwritten. Machine output is marked fuzzy with a
    '# mt: <engine> <date>' comment. Every reply is validated (links, emphasis, code, tags, no
    new line breaks or blocks) and retried once, then left empty. A reply equal to the English
    is accepted when nothing translatable is left once names, numbers and code are masked, or
    after one retry. Text translated before (in any note) and texts identical once code and
    links are masked cost one request. Keys come from the environment only.
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = _notes(config, notes)
    with project_lock(config.locales, temp_folders=temp_folders(config.root, config.output)), _run_state(config, False) as state:
        ok = _translate(app, config, selected, languages, engine, engine_url, model, jobs, dry_run, state)
    if not ok:
        raise SystemExit(Exit.ERROR)


@cli.command()
@languages_option
@engine_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Concurrent requests (default: per engine).")
@click.option(
    "--min-coverage", type=click.FloatRange(0, 100), default=None, metavar="PCT", help="As for build."
)
@click.option(
    "--shard", metavar="K/N", default=None, help="Work only on shard K of N of the notes (for CI matrices)."
)
@click.option("--force", is_flag=True, help="Redo every note, even those untouched since the last run.")
@click.option(
    "--dry-run", "-n", is_flag=True,
    help="Write nothing: say which notes extract and build would redo and what translate would send.",
)
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
    notes: tuple[str, ...],
) -> None:
    """Bring every language up to date: extract, translate, build, then one coverage line each.

    Untouched notes are skipped at every stage, so running it on every push is cheap. An edited
    paragraph is re-translated (machine output) or gets a fresh suggestion next to the kept human
    translation (see 'l10n translate --help'); the coverage line counts what build published,
    and the segments that need review apart. A note whose
    extract fails is left out of translate and build (its error is said once).
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = _notes(config, notes, shard)
    threshold = config.min_coverage if min_coverage is None else min_coverage
    if dry_run:
        _sync_plan(app, config, selected, languages, engine, engine_url, model, jobs, force)
        return
    with project_lock(config.locales, temp_folders=temp_folders(config.root, config.output)), _run_state(config, force) as state:
        extracted = _timed(app, "extract", lambda: run_extract(
            config, selected, languages, progress_for(app, "extract"), _jobs(None, len(selected)), state
        ))
        report_errors(app, extracted)
        state.save()
        failed = {outcome.note for outcome in extracted.errors}
        good = NoteList(selected.source, [name for name in selected.names if name not in failed]) if failed else selected
        untranslated = _to_translate(config, good, languages, state)
        if not untranslated:
            for lang in languages:  # the engines (requests, …) are not even imported
                app.info(f"{lang}: nothing to translate (every catalog complete and untouched since the last run)")
            ok = True
        else:
            ok = _translate(app, config, untranslated, languages, engine, engine_url, model, jobs, False, state)
        state.save()
        built = _timed(app, "build", lambda: run_build(
            config, good, languages, threshold, progress_for(app, "build"), _jobs(None, len(good)), state
        ))
        report_errors(app, built)
        _report_rejected(app, built)
    from l10n.status import collect_coverage

    for lang, total in collect_coverage(config, good, languages).items():
        app.echo(coverage_line(lang, total, len(good)))
    if extracted.errors or built.errors or not ok:
        raise SystemExit(Exit.ERROR)


def _to_translate(config: Config, notes: NoteList, languages: Sequence[str], state: RunState) -> NoteList:
    """The notes whose catalog in some language the run state does not know as left complete by
    translate and untouched since (the translate stage's own skip test, made here on names and
    strings so that a run on every push touches only what changed)."""
    from l10n.layout import catalog_file

    def fresh(name: str) -> bool:
        for lang in languages:
            path = catalog_file(config, name, lang)
            if not state.is_fresh(f"translate:{lang}:{path}", [path]):
                return False
        return True

    return NoteList(notes.source, [name for name in notes.names if not fresh(name)])


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
) -> None:
    """``sync --dry-run``: what each stage would do, from the run state; no file is written."""
    from l10n.pipeline import build_inputs, extract_inputs

    state = RunState.load(config)
    if force:
        state.clear()

    def stale(stage: str, inputs: Callable[[Config, Note, str], list[str]]) -> list[str]:
        return [
            note.name
            for note in selected
            if not all(state.is_fresh(f"{stage}:{lang}:{note.name}", inputs(config, note, lang)) for lang in languages)
        ]

    for stage, inputs in (("extract", extract_inputs), ("build", build_inputs)):
        todo = stale(stage, inputs)
        app.echo(f"{stage}: would redo {len(todo):,} of {len(selected):,} notes" + (f": {_listing(todo)}" if todo else ""))
    _translate(app, config, selected, languages, engine, engine_url, model, jobs, True, None, echo=True)


def _listing(names: Sequence[str], most: int = 10) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most:,} more" if len(names) > most else "")


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="l10n")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
