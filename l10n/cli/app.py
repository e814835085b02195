"""Shared pieces of the command line: the App object, option decorators, error handling, and
the helpers the stage commands (extract, build, translate, sync) share.

Only the CLI modules (``cli.py``, this one and ``commands/``) import click or rich. Each command
is one module of :mod:`l10n.cli.commands`, loaded by the group in :mod:`l10n.cli` when asked for.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import functools
import os
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from l10n.config import Config, engine_settings, find_project_root, key_line, load_config, normalize_language
from l10n.errors import ConfigError, L10nError, UnknownEngineError
from l10n.fsutil import printable, temp_folders
from l10n.langdata import language_name
from l10n.messages import counted, plural, shown_percent
from l10n.site.layout import Listings, Note, NoteList, forget_resolved_folders, parse_shard, select_notes, shard
from l10n.store import cachedb
from l10n.store.lock import project_lock
from l10n.store.state import RunState
from l10n.workers import default_jobs, usable_cores

if TYPE_CHECKING:
    from rich.console import Console

    from l10n.mt.translate import LanguageRun
    from l10n.pipeline import Report  # loaded by the stages that make one: not at start-up
    from l10n.po.policy import Coverage

PLAIN_PROGRESS_SECONDS = 5.0
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class Exit(enum.IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130
    """Ctrl-C, as shells report a process stopped by SIGINT (128 + 2)."""


@dataclass
class App:
    """Shared state of one invocation: where the project is and how to talk to the user.

    Plain lines go out through click; rich (a slow import) is loaded only for progress bars and
    the status table.
    """

    root: Path
    verbosity: int = 0
    color: bool | None = None
    search_parents: bool = False
    """``-C`` was not given: with no configuration file in ``root``, the nearest folder above
    that holds one is the project (:func:`l10n.config.find_project_root`), as git finds its
    repository from a subfolder."""
    kept: dict[str, str] = field(default_factory=dict)
    """How far each stage of this run got ("extract: 120 of 400 notes"), by stage: told after Ctrl-C."""

    @functools.cached_property
    def colour(self) -> bool | None:
        """True or False when forced (``--color``, ``FORCE_COLOR``, ``NO_COLOR``); None: a terminal decides."""
        if self.color is not None:
            return self.color
        if "NO_COLOR" in os.environ:
            return False
        return True if "FORCE_COLOR" in os.environ else None

    @functools.cached_property
    def out(self) -> Console:
        return self._console(stderr=False)

    @functools.cached_property
    def err(self) -> Console:
        return self._console(stderr=True)

    def _console(self, stderr: bool) -> Console:
        from rich.console import Console

        options: dict[str, Any] = {"markup": False, "highlight": False, "emoji": False, "soft_wrap": True}
        if self.colour is False:
            options["no_color"] = True
        if self.colour is True:
            options["force_terminal"] = True
        return Console(stderr=stderr, **options)

    @property
    def interactive(self) -> bool:
        """Progress bars only on a real terminal: a forced colour (a CI log) gets plain lines."""
        return sys.stderr.isatty() and self.verbosity >= 0 and not os.environ.get("CI")

    def echo(self, text: str) -> None:
        """A line of results on standard output."""
        click.echo(text, color=self.colour)

    def config(self, *, need_notes: bool = True, **overrides: Any) -> Config:
        """The project's configuration; :class:`ConfigError` when the project folder is missing, or
        (``need_notes``: every command but ``memory``) when it has neither a configuration file nor
        the default source folder."""
        forget_resolved_folders()  # a new command may find folders relinked since the last one
        if not self.root.is_dir():
            what = "is not a folder" if self.root.exists() else "not found"
            raise ConfigError(f"project folder {what}: {self.root} (given with -C/--project)")
        if self.search_parents:
            self.search_parents = False
            self.root = find_project_root(self.root)
        config = load_config(self.root, overrides)
        if need_notes and config.config_file is None and not any(folder.is_dir() for folder in config.source_dirs or (config.source,)):
            # No configuration and no notes where the defaults look: most often a command run
            # from a subfolder (source_notes/), which would otherwise be told its own name is missing.
            raise ConfigError(
                f"no l10n.toml, or pyproject.toml with [tool.l10n], in {printable(str(config.root))}, and no "
                f"{printable(os.path.relpath(config.source, config.root))}/ folder of notes: run l10n in the "
                "project's folder or a folder inside it, or give the project's folder with -C DIR"
            )
        _check_configured_engine_names(config)
        if self.verbosity >= 1:
            where = config.config_file.name if config.config_file else "no configuration file (defaults)"
            self.info(f"project {config.root}: {where}; notes in {config.source}, {config.dialect} Markdown")
        return config

    def info(self, text: str) -> None:
        if self.verbosity >= 0:
            click.echo(text, err=True, color=self.colour)

    def error(self, text: str) -> None:
        # escaped: a control character in a file name must not forge output (issue 15)
        click.echo(click.style(f"error: {printable(text)}", fg="red"), err=True, color=self.colour)

    def abort(self, text: str, code: int = Exit.ERROR) -> NoReturn:
        self.error(text)
        raise SystemExit(code)


def languages_option(fn: F) -> F:
    return click.option(
        "--lang",
        "-l",
        "langs",
        multiple=True,
        metavar="LANG",
        help="Language to work on (repeatable). Default: every language in the configuration.",
    )(fn)


def notes_argument(fn: F) -> F:
    return click.argument("notes", nargs=-1, metavar="[NOTE]...", type=click.Path())(fn)


def scale_options(fn: F) -> F:
    """--jobs, --shard and --force: for big sites and CI matrices."""
    fn = click.option(
        "--force", is_flag=True, help="Redo this stage for every note, even those untouched since the last run."
    )(fn)
    fn = click.option(
        "--shard",
        metavar="K/N",
        default=None,
        help="Work only on shard K of N (a stable partition of the notes by path), for CI matrices.",
    )(fn)
    fn = click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help=(
            "Worker processes at most (default: the CPU cores this process may use that other "
            "programs leave idle, by the load average). Never more than those cores nor one per "
            "1 MB of notes left after skipping: smaller runs stay in one process."
        ),
    )(fn)
    return fn


_CANNOT_WRITE = frozenset({errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG})
"""errno values of a write that failed for want of room or a device, not of a wrong path."""


def handle_errors(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        app = click.get_current_context().find_object(App)
        assert app is not None
        cachedb.take_problems()  # an earlier command's in this process (the tests run many) is not this one's
        try:
            try:
                done = fn(*args, **kwargs)
            except SystemExit as leaving:
                if _said_unreadable_bookkeeping(app) and not leaving.code:
                    raise SystemExit(Exit.ERROR) from None
                raise
            if _said_unreadable_bookkeeping(app):
                raise SystemExit(Exit.ERROR)
            return done
        except ConfigError as exc:  # the configuration or an option is wrong: a usage error
            app.abort(exc.relative_to(app.root.resolve()), Exit.USAGE)
        except L10nError as exc:
            # a file of the project is named from its root, as the stages' errors name notes
            app.abort(exc.relative_to(app.root.resolve()))
        except PermissionError as exc:
            # a file or folder of the project whose permissions a stage did not expect (the
            # stages name the notes, catalogs and pages they cannot read themselves, and carry
            # on): one line naming it, never a traceback; what the run finished is kept
            where = exc.filename if isinstance(exc.filename, str) else ""
            shown = os.path.relpath(where, app.root) if where and os.path.isabs(where) else where
            app.abort(f"{shown or 'a file'}: {exc.strerror or 'permission denied'}; check the permissions of it and its folders")
        except OSError as exc:
            if exc.errno not in _CANNOT_WRITE:
                raise
            # l10n's own files report their path (L10nError); what is left is its output
            # stream (`l10n status > /dev/full`): one line, not a traceback (click answers EPIPE)
            app.abort(f"cannot write the output: {exc.strerror}")
        except KeyboardInterrupt:
            done = "; ".join(app.kept.values())
            kept = f"kept what was finished ({done})" if done else "before anything was finished"
            app.error(f"interrupted: {kept}; run the command again to continue")
            # Files, run state, lock and memory were settled while the stack unwound; what can
            # remain are engine requests in flight in worker threads, which Python would wait
            # for at exit (up to their timeout). Leave at once instead.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(Exit.INTERRUPTED)

    return wrapper  # type: ignore[return-value]


def _said_unreadable_bookkeeping(app: App) -> bool:
    """Say, one ``error:`` line each, the bookkeeping files the command could not read and did
    without (:func:`l10n.store.cachedb.take_problems`): its work is done, slower, and the exit code
    tells. True when there was one. Commands that write stopped before any work
    (:func:`l10n.store.cachedb.check_writable`)."""
    found = cachedb.take_problems()
    for path, problem in found.items():
        app.error(L10nError(problem, path).relative_to(app.root.resolve()))
    return bool(found)


def pick_languages(config: Config, langs: Sequence[str]) -> list[str]:
    if not langs:
        return list(config.languages)
    chosen: list[str] = []
    unknown: list[str] = []
    for tag in langs:
        code = config.language_code(tag)  # zh-tw, zh_TW and zh-Hant-TW all name a configured zh-TW
        if code is None or code not in config.languages:
            unknown.append(normalize_language(tag, "--lang"))  # a misspelling is named as such
        else:
            chosen.append(code)
    if unknown:
        raise ConfigError(
            f"--lang {', '.join(unknown)} is not among the configured languages "
            f"({', '.join(config.languages)}); add it to [tool.l10n] languages"
        )
    return chosen


def progress_for(app: App, stage: str, unit: str = "note") -> Callable[[int, int], None]:
    """A progress callback ``(done, total)`` for one stage.

    On a terminal it draws one bar for the whole stage; elsewhere (a CI log) it writes a plain
    line every few seconds with a count that only grows. Either way it remembers how far the
    stage got, which is said after Ctrl-C.
    """
    plain = _Ticker(app, stage, unit)
    bar = None if not app.interactive else _Bar(app, stage)

    def update(done: int, total: int) -> None:
        app.kept[stage] = f"{stage}: {done:,} of {counted(total, unit)}"
        if bar is not None:
            bar.update(done, total)
        else:
            plain.update(done, total)

    return update


class _Ticker:
    """Plain progress lines for logs: at most one every :data:`PLAIN_PROGRESS_SECONDS`."""

    def __init__(self, app: App, stage: str, unit: str) -> None:
        self.app, self.stage, self.unit = app, stage, unit
        self.last = time.monotonic()

    def update(self, done: float, total: int) -> None:
        if done < total and time.monotonic() - self.last >= PLAIN_PROGRESS_SECONDS:
            self.last = time.monotonic()
            self.app.info(f"{self.stage}: {int(done):,} of {counted(total, self.unit)} done ({shown_percent(100 * done / total, 0):.0f}%)")


class _Bar:
    """One rich progress bar (rich is a slow import: made only on a terminal)."""

    def __init__(self, app: App, label: str) -> None:
        from rich.progress import Progress

        self.bar = Progress(console=app.err, transient=True)
        self.task = self.bar.add_task(label, total=None)
        self.bar.start()

    def update(self, done: float, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total)
        if done >= total:
            self.bar.stop()


def require_notes(config: Config, notes: Sequence[object], names: Sequence[str]) -> None:
    """Raise :class:`L10nError` when the source folder holds no note at all (or the NOTE
    arguments name only folders without notes).

    An empty run is an error (exit 1), not a success: almost always ``-C`` or the ``source``
    setting points at the wrong folder, and in CI a green run that did nothing would hide it.
    """
    if notes:
        return
    shown = _shown(config.source, config.root)
    if names:
        raise L10nError(f"no notes (*.md) in {', '.join(names)} (under the source folder {shown})")
    setting = f"the 'source' setting in {config.config_file.name}" if config.config_file else "'source' in [tool.l10n]"
    raise L10nError(f"no notes: the source folder {shown} holds no *.md files; add notes there or change {setting}")


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() + "/"
    except ValueError:
        return str(path)


def number(value: int) -> str:
    """Counts are written one way in every message: with thousands separators (``8,500``)."""
    return f"{value:,}"


def report_errors(app: App, report: Report) -> None:
    """An ``error:`` line for each of a stage's errors: a problem of the note itself (its front
    matter), which every language's work on it meets alike, once."""
    say_errors(app, (outcome.message for outcome in report.errors), set())


def report_warnings(app: App, report: Report) -> None:
    """A ``warning:`` line for each of a stage's warnings (``FILE:LINE: message``), each once:
    nothing failed, but the author should look (a code fence never closed)."""
    for warning in report.warnings:
        app.info(f"warning: {printable(warning)}")


def report_kept(app: App, report: Report) -> None:
    """A ``note:`` line for each page the build kept as its owner chose (a hand translation
    ``adopt`` took in, :func:`l10n.site.keep.adopted_message`): not an error, nor a warning."""
    for kept in report.warnings:
        app.info(f"note: {printable(kept)}")


def say_errors(app: App, messages: Iterable[str], said: set[str]) -> None:
    """An ``error:`` line for each of ``messages`` not in ``said`` (those already told, by the
    run's earlier languages), which it adds to ``said``."""
    for message in messages:
        if message not in said:
            said.add(message)
            app.error(message)


def error_count(report: Report) -> int:
    """A stage's errors as :func:`report_errors` says them: each distinct message once."""
    return len({outcome.message for outcome in report.errors})


def idle_source(config: Config, languages: Sequence[str]) -> bool:
    """Whether ``languages`` (a stage's) list the source language and no note needs it: its
    catalogs' folder holds no catalog (extract makes one only for a note written in another
    language; a gone note's is kept, and counts, as ``status`` counts it). A stage's summary
    then leaves the language out, as ``sync`` and ``status`` do
    (:func:`l10n.cli.commands.sync.say_source_skipped`). Stops at the first catalog found: a
    site without such notes has no such folder (one failed ``stat``)."""
    if config.source_language not in languages:
        return False
    for _, _, files in os.walk(config.catalog_dir(config.source_language)):
        if any(name.endswith(".po") for name in files):
            return False
    return True


def stage_languages(app: App, config: Config, languages: Sequence[str], whole: bool) -> list[str]:
    """The languages a stage's summary line names: ``languages`` without an idle source
    language (:func:`idle_source`), which is warned about once on a ``whole`` site's run (not
    on some notes: another note may need it), as ``sync`` warns."""
    if not idle_source(config, languages):
        return list(languages)
    if whole:
        from l10n.cli.commands.sync import say_source_skipped  # one message for every command

        say_source_skipped(app, config)
    return [lang for lang in languages if lang != config.source_language]


def summary(report: Report, noun: str, verb: str = "written", left_out: Collection[str] = ()) -> str:
    """A stage's counts: ``"1 catalog written, 2 unchanged, 0 errors"`` (``noun`` singular),
    without the unchanged outcomes of the languages ``left_out`` (:func:`stage_languages`)."""
    from l10n.pipeline import Action

    unchanged = report.count(Action.UNCHANGED) - sum(report.unchanged_in[lang] for lang in left_out)
    parts = [f"{counted(report.count(Action.WRITTEN), noun)} {verb}", f"{unchanged:,} unchanged"]
    if report.count(Action.SKIPPED):
        parts.append(f"{report.count(Action.SKIPPED):,} kept (coverage below minimum)")
    parts.append(counted(error_count(report), "error"))
    return ", ".join(parts)


def short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def describe_run(run: LanguageRun, dry_run: bool) -> str:
    """The translate stage's summary line for one language (with ``dry_run``: what it would send).

    A dry run counts the retry of a reply it knows will be refused (a deterministic engine's,
    refused before: :attr:`~l10n.mt.translate.LanguageRun.retries`) and says that the retry of
    a reply refused for the first time is not counted: which replies the validator refuses is
    known only once the engine answers, so a paid engine's user reads the figure as the cost
    when every reply passes, and at most one more send of each segment."""
    withheld = (
        f"; {counted(len(run.withheld), 'segment')} {'would not be' if dry_run else 'not'} sent, "
        f"refused by {run.engine} before (--retry-refused sends {plural(len(run.withheld), 'it', 'them')})"
        if run.withheld
        else ""
    )
    if dry_run:
        return (
            f"{run.lang}: would send {counted(run.translated, 'segment')} ({counted(run.characters, 'character')}, "
            f"~{counted(run.tokens, 'token')}, {counted(run.requests, 'request')}) to {run.engine}; "
            f"{run.reused:,} from memory{withheld}"
            + (f"; {counted(run.retries, 'segment')} refused before counted with {plural(run.retries, 'its retry', 'their retries')}" if run.retries else "")
            + "; a retry of a reply refused for the first time not counted"
        )
    stopped = "; stopped by the error above: the segments left were not sent (run again to send them)" if run.error else ""
    return (
        f"{run.lang}: {run.translated:,} translated by {run.engine}, {run.reused:,} reused from memory, "
        f"{len(run.failed):,} failed, {counted(run.characters, 'character')} sent{withheld}{stopped}"
    )


def idle_source_run(config: Config, run: LanguageRun) -> bool:
    """Whether ``run`` is the source language's, listed among the targets, and found nothing
    to do (no note written in another language needed it): its line is left out, as the
    language is (:func:`l10n.cli.commands.sync.say_source_skipped`)."""
    return run.lang == config.source_language and not (
        run.translated or run.reused or run.failed or run.error or run.catalog_errors or run.withheld or run.entries_filled
    )


def replaced_placeholders(run: LanguageRun, dry_run: bool) -> str:
    """The line that says how many entries held a placeholder engine's output (``pseudo``, the
    quick start's) that the run's real engine translated (or, ``dry_run``, would translate) over."""
    entries = counted(run.placeholders_replaced, "entry", "entries")
    verb = "would be" if dry_run else plural(run.placeholders_replaced, "was", "were")
    return f"{run.lang}: {entries} of pseudo-localized text {verb} replaced by {run.engine}'s translations"


def say_withheld(app: App, config: Config, run: LanguageRun) -> None:
    """With -v, name each segment the run did not send because its replies were refused before:
    the note's path and line (the catalog's ``#:`` reference), the text, the catalog to fill it in."""
    if app.verbosity < 1:
        return
    for item in run.withheld:
        catalog = printable(os.path.relpath(item.catalog, config.root)) if item.catalog else ""
        app.info(
            f"  not sent: {item.where or catalog}: {short(item.text)}: refused {counted(item.refusal.refused, 'time')} "
            f"(last {item.refusal.at}: {item.refusal.reason}); translate it in {catalog}"
        )


def coverage_line(lang: str, total: Coverage, notes: int, unreadable: int = 0, tag: str | None = None) -> str:
    """One line per language after sync: published and approved coverage over the notes.
    ``lang`` is the configured code, ``tag`` its BCP 47 tag (Config.language_tag; default
    ``lang``), whose English name is shown (``hant (Chinese (Traditional, Hong Kong SAR China))``).

    With no segment at all (an empty ``--shard``, notes of code only) the line says so instead of
    a percentage of nothing. ``unreadable``: catalogs that could not be read, whose segments
    are counted untranslated (from their template); the line says how many."""
    broken = f"; {counted(unreadable, 'catalog')} unreadable, counted untranslated" if unreadable else ""
    name = language_name(tag or lang)
    if not total.total:
        return f"{lang} ({name}): no segments to translate in {counted(notes, 'note')}{broken}"
    return (
        f"{lang} ({name}): {shown_percent(total.percent, 1):.1f}% translated, "
        f"{shown_percent(total.approved_percent, 1):.1f}% approved "
        f"({total.translated:,} approved, {total.fuzzy:,} fuzzy, {total.untranslated:,} untranslated of "
        f"{counted(total.total, 'segment')} in {counted(notes, 'note')})"
        + (f"; {total.review:,} {plural(total.review, 'needs', 'need')} review (source changed)" if total.review else "")
        + (f"; {total.rejected:,} rejected (would break markup)" if total.rejected else "")
        + broken
    )


@contextlib.contextmanager
def translation_progress(app: App, languages: Sequence[str]) -> Iterator[Callable[[str, float, int], None]]:
    """Progress of the translate stage: ``(lang, catalogs done, catalogs to do)``.

    One bar per language over all its catalogs on a terminal (``done`` may be fractional: part of
    a chunk of catalogs); elsewhere a plain line every few seconds whose count only grows.
    """
    tickers = {lang: _Ticker(app, f"translate {lang}", "catalog") for lang in languages}
    bar = None
    if app.interactive:
        from rich.progress import Progress

        bar = Progress(console=app.err, transient=True)
    tasks = {lang: bar.add_task(f"translate {lang}", total=None) for lang in languages} if bar else {}

    shown: dict[str, tuple[int, int]] = {}

    def update(lang: str, done: float, total: int) -> None:
        # told once per text, a line made once per catalog (a formatted count per text was 1 %
        # of a first translate, issue 19)
        if shown.get(lang) != (int(done), total):
            shown[lang] = (int(done), total)
            app.kept[f"translate {lang}"] = f"translate {lang}: {int(done):,} of {counted(total, 'catalog')}"
        if bar is not None:
            bar.update(tasks[lang], completed=done, total=total)
        else:
            tickers[lang].update(done, total)

    if bar is None:
        yield update
        return
    with bar:
        yield update


# -- shared by the stage commands -------------------------------------------------------------


def stage_notes(
    config: Config, names: Sequence[str], shard_spec: str | None = None, listings: Listings | None = None
) -> NoteList:
    """The notes a stage works on: NOTE arguments (all notes when none, found with the kept
    folder ``listings`` when given), then ``--shard K/N``.

    Raises :class:`~l10n.errors.DocumentError` for a NOTE outside the source folder or missing,
    :class:`~l10n.errors.ConfigError` for a bad ``--shard``, and exits when nothing matches.
    """
    notes = select_notes(config, names, listings)
    require_notes(config, notes, names)
    if shard_spec:
        notes = shard(notes, *parse_shard(shard_spec))
    return notes


def say_skipped(app: App, notes: NoteList) -> None:
    """A ``warning:`` line for each symbolic link the walk of the notes did not follow (a loop,
    a folder outside the project: :func:`l10n.site.layout.unfollowed_link`), naming it; an
    ``error:`` line for each folder of notes that could not be listed (:attr:`NoteList.unlisted`:
    the command then exits 1 and removes nothing)."""
    for why in notes.skipped:
        app.info(f"warning: {printable(why)}")
    if notes.foreign:
        first = printable(notes.foreign[0])
        more = f" and {len(notes.foreign) - 1} more" if len(notes.foreign) > 1 else ""
        app.info(
            f"note: {first}{more}: in a language the site declares but languages does not list: "
            "a translation, not a note (left as it is; add the language to languages to translate into it)"
        )
    for folder, why in notes.unlisted:
        shown = os.path.relpath(folder, app.root) if os.path.isabs(folder) else folder
        app.error(f"{shown}: cannot list the folder ({why}); its notes are left out, and no page is removed as gone")


def worker_jobs(jobs: int | None, count: int) -> int:
    """The most worker processes a stage over ``count`` notes may use: ``jobs`` (``--jobs``;
    default: the CPU cores this process may use that other programs leave idle,
    :func:`l10n.workers.default_jobs`), never more than those cores nor than the notes. How
    many of them start is decided by the work left after skipping
    (:func:`l10n.workers.worker_count`, in :func:`l10n.pipeline._map`), so that a run is never
    slower than one process: more processes than cores only take turns on them."""
    wanted = jobs if jobs is not None else default_jobs()
    return max(1, min(wanted, usable_cores(), count))


@contextlib.contextmanager
def run_state(config: Config, force: bool, *stages: str, within: Collection[str] | None = None) -> Iterator[RunState]:
    """The run state, saved when the block ends — after Ctrl-C too, so a re-run skips the notes
    finished before it (each note is recorded only once its files are written). ``force`` redoes
    ``stages`` (every stage when none is named): their records not made again by the run are
    deleted at its end (:meth:`~l10n.store.state.RunState.force`), of the notes ``within`` only
    when given (a run on some notes)."""
    state = RunState.load(config)
    if force:
        state.force(*stages, within=within)
    try:
        yield state
    finally:
        state.end_force()
        state.save()


def timed(app: App, stage: str, work: Callable[[], T]) -> T:
    """Run one stage; with -v, say how long it took."""
    start = time.monotonic()
    result = work()
    if app.verbosity >= 1:
        app.info(f"{stage}: {time.monotonic() - start:.2f} s")
    return result


def say_unremoved(app: App, failed: Iterable[tuple[str, str]], why: str, retried: bool = True) -> None:
    """An ``error:`` line for each page l10n meant to remove (``why`` it would go) but could not
    (``failed``: absolute path and reason, :attr:`l10n.site.prune.Pruned.failed`): ``retried``,
    its record is kept, so the next run tries again; else the line says to remove it by hand.
    The caller exits 1."""
    then = "the next run tries again" if retried else "remove it by hand"
    for path, reason in failed:
        app.error(f"{printable(os.path.relpath(path, app.root))}: cannot remove it ({why}): {reason}; {then}")


def say_held_back(app: App, built: Report, threshold: float) -> None:
    """Name, per language, the notes this run's build held back because their coverage is below
    ``threshold`` (``min_coverage``): one line per language (``build`` and ``sync`` alike), as no
    page is written for them (an earlier one stays), so a missing or old page has its reason
    said. With -v, each note and its coverage. Holding back is the setting at work, not an
    error: the exit status stays 0 (``status --fail-under`` is the gate for CI)."""
    held: dict[str, list[str]] = {}
    said: dict[str, list[str]] = {}
    for outcome in built.skipped:
        held.setdefault(outcome.lang or "", []).append(outcome.note)
        said.setdefault(outcome.lang or "", []).append(f"  kept: {outcome.note} [{outcome.lang}]: {outcome.message}")
    for lang, names in held.items():
        app.info(
            f"{lang}: {counted(len(names), 'note')} not published, coverage below min_coverage {threshold:g}%: "
            + listing(names)
            + ("" if app.verbosity >= 1 else " (-v: each note's coverage)")
        )
        if app.verbosity >= 1:
            for line in said[lang]:
                app.info(line)


def listing(names: Sequence[str], most: int = 10) -> str:
    """``names`` joined by commas, the first ``most`` of them and how many more."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most:,} more" if len(names) > most else "")


def report_rejected(app: App, report: Report) -> None:
    """List the translations the build kept out because they would break the note's markup, and
    say once how many human translations a source edit left unpublished (English shown instead)
    and how many ``#fragment``s a guessed dialect left as written."""
    for outcome in report.rejected:
        for line in outcome.rejected:
            app.info(f"not published: {outcome.note} [{outcome.lang}]: {line}")
    for path in report.removed:
        app.info(f"removed {printable(os.path.relpath(path, app.root))}: its note is now written in that language")
    for path in report.kept:
        app.info(f"kept {printable(os.path.relpath(path, app.root))}: its note is now written in that language, but the file changed since l10n built it")
    say_unremoved(app, report.unremoved, "its note is now written in that language")
    if report.stale_in_english:  # the English changed under a human translation
        count = report.stale_in_english
        app.info(
            f"notice: {counted(count, 'segment')} whose English changed since the human translation"
            f" kept in the catalog (fuzzy, with #| the old msgid) {plural(count, 'is', 'are')} published in English until"
            f" translated: run 'l10n translate' for a machine suggestion, review {plural(count, 'it', 'them')} in the catalogs, or set"
            " on_source_change = \"previous\" to keep publishing the old translation"
        )
    if report.fragments_kept:  # the dialect is only guessed: relink.rewrite_links kept them
        count = report.fragments_kept
        app.info(
            f"notice: {counted(count, 'link')} to translated headings kept {plural(count, 'its', 'their')} #fragment as"
            " written (no generator found, so heading ids are unknown); set markdown = \"<generator>\""
            " (gfm, kramdown, hugo, mkdocs, …) or layout = \"<preset>\" in the configuration"
        )


class _EngineOption(click.Option):
    """``--engine``, whose help lists the registered engines (built-in and third-party).

    The list is read from the registry only when help is shown: the registry imports every
    engine module, which ``extract`` and ``build`` never need.
    """

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from l10n.mt.engines import engine_names

        names = engine_names()
        self.help = f"{', '.join(names[:-1])} or {names[-1]}. Default: engine from the configuration."
        return super().get_help_record(ctx)


def chosen_engine(config: Config, given: str | None) -> str:
    """The engine a run uses: ``given`` (``--engine``), else the configuration's ``engine``.

    Raises :class:`~l10n.errors.UnknownEngineError`, a usage error (exit 2) like any wrong option
    or setting, naming where the name came from: ``--engine: unknown engine 'gogle'; …`` or
    ``pyproject.toml: [tool.l10n] engine: unknown engine 'gogle'; …``."""
    from l10n.mt.engines.registry import check_engine_name

    _check_configured_engines(config)
    name = given or config.engine
    try:
        check_engine_name(name)
    except UnknownEngineError as exc:
        if given or config.config_file is None:
            raise UnknownEngineError(f"{'--engine' if given else 'engine'}: {exc.message}") from None
        file = config.config_file
        raise UnknownEngineError(f"[tool.l10n] engine: {exc.message}", file, key_line(file, "engine")) from None
    return name


def _check_configured_engine_names(config: Config) -> None:
    """:func:`_check_configured_engines` for every command, not only those that use an engine (a
    misspelt ``engine`` is a wrong setting, reported whatever the command, as every other
    setting is), at the cost of a dictionary look-up when every configured name is a built-in
    one (the registry is loaded only for another name)."""
    from l10n.mt.builtin_engines import is_built_in

    if not all(is_built_in(name) for name in (config.engine, *config.engines)):
        _check_configured_engines(config)


def _check_configured_engines(config: Config) -> None:
    """Raise :class:`~l10n.errors.UnknownEngineError` for an unknown engine the configuration
    names (``engine``, or a ``[tool.l10n.engines.<name>]`` table), even when ``--engine`` names
    another: a wrong setting is an error whatever overrides it, as every other setting is."""
    from l10n.mt.engines.registry import check_engine_name

    file = config.config_file
    settings = (("engine", "[tool.l10n] engine"), *((f"engines.{n}", f"[tool.l10n.engines.{n}]") for n in config.engines))
    for (key, where), name in zip(settings, (config.engine, *config.engines)):
        try:
            check_engine_name(name)
        except UnknownEngineError as exc:
            if file is None:
                raise UnknownEngineError(f"configuration: {where}: {exc.message}") from None
            raise UnknownEngineError(f"{where}: {exc.message}", file, key_line(file, key)) from None


def engine_options(fn: F) -> F:
    """``--engine``, ``--engine-url`` and ``--model`` (translate and sync)."""
    fn = click.option("--model", "-m", default=None, help="Model for the openai engine.")(fn)
    fn = click.option("--engine-url", default=None, metavar="URL", help="Server URL (libre, openai-compatible).")(fn)
    fn = click.option("--engine", "-e", cls=_EngineOption, default=None, metavar="NAME")(fn)
    return fn


retry_refused_option = click.option(
    "--retry-refused", is_flag=True,
    help="Send again the segments whose replies this engine refused before (withheld otherwise).",
)
"""``--retry-refused`` (translate and sync): see :mod:`l10n.store.refusals`."""


def translate_languages(
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
    retry_refused: bool = False,
    kept_back: Mapping[str, Collection[str]] | None = None,
) -> bool:
    """Run the translate stage for each language and print its summary; False on errors.
    ``retry_refused``: send the segments whose replies were refused before, too.
    ``kept_back``: per language, the names of notes not to translate into it (their page is a
    person's, which the build will not overwrite: no engine request is spent on it)."""
    # Imported here: the engines pull in requests and deep-translator, which extract, build and
    # status never need (a third of the start-up time).
    from l10n.mt.engines import get_engine
    from l10n.mt.schedule import run_languages
    from l10n.mt.translate import open_memory, translate_language

    name = chosen_engine(config, engine_name)
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
    if dry_run:  # reads the memory, and writes nothing: not even the file's -wal and -shm
        from l10n.mt.memory import open_memory_to_read as open_memory
    # Languages overlap (their requests share ``jobs`` threads, l10n.mt.schedule) where there are
    # requests to wait for: not for an engine computing in this process, nor for a dry run.
    requests = jobs or config.jobs or engine.default_jobs
    overlap = 1 if dry_run or getattr(engine, "in_process", False) else requests
    with open_memory(config) as memory, translation_progress(app, languages) as progress:

        def one(lang: str) -> LanguageRun:
            skip = kept_back.get(lang) if kept_back else None
            notes = [note for note in selected if note.name not in skip] if skip else selected
            return translate_language(
                config, notes, lang, engine, memory=memory, jobs=jobs or config.jobs, dry_run=dry_run,
                on_progress=progress, state=state, retry_refused=retry_refused,
            )

        said: set[str] = set()
        for _, run in run_languages(languages, overlap, one):
            say_errors(app, run.catalog_errors, said)
            if run.error:
                app.error(run.error)
            ok = ok and not run.error and not run.catalog_errors
            if not idle_source_run(config, run):
                app.info(describe_run(run, dry_run))
            if run.placeholders_replaced:
                app.info(replaced_placeholders(run, dry_run))
            say_withheld(app, config, run)
            for text, problem in run.failed:
                app.info(f"  not translated: {short(text)}: {problem}")
    return ok


def stage_lock(config: Config) -> contextlib.AbstractContextManager[None]:
    """The project lock every writing stage holds (:func:`l10n.store.lock.project_lock`)."""
    return project_lock(config.locales, temp_folders=temp_folders(config.root, config.output))
