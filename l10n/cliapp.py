"""Shared pieces of the command line: the App object, option decorators, error handling.

Only the CLI modules (``cli.py`` and ``commands/``) import click or rich.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from l10n.catalog import Coverage
from l10n.config import Config, load_config, normalize_language
from l10n.errors import ConfigError, L10nError
from l10n.fsutil import printable
from l10n.langdata import language_name
from l10n.layout import forget_resolved_folders
from l10n.pipeline import Action, Report

if TYPE_CHECKING:
    from rich.console import Console

    from l10n.translate import LanguageRun

PLAIN_PROGRESS_SECONDS = 5.0
F = TypeVar("F", bound=Callable[..., Any])
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Exit(enum.IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2


@dataclass
class App:
    """Shared state of one invocation: where the project is and how to talk to the user.

    Plain lines go out through click; rich (a slow import) is loaded only for progress bars and
    the status table.
    """

    root: Path
    verbosity: int = 0
    color: bool | None = None

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

    def config(self, **overrides: Any) -> Config:
        forget_resolved_folders()  # a new command may find folders relinked since the last one
        return load_config(self.root, overrides)

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
        help="Worker processes (default: the number of CPU cores, for 64 notes or more).",
    )(fn)
    return fn


def handle_errors(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        app = click.get_current_context().find_object(App)
        try:
            return fn(*args, **kwargs)
        except L10nError as exc:
            assert app is not None
            app.abort(str(exc))

    return wrapper  # type: ignore[return-value]


def pick_languages(config: Config, langs: Sequence[str]) -> list[str]:
    if not langs:
        return list(config.languages)
    chosen = [normalize_language(tag, "--lang") for tag in langs]
    unknown = [tag for tag in chosen if tag not in config.languages]
    if unknown:
        raise ConfigError(
            f"--lang {', '.join(unknown)} is not among the configured languages "
            f"({', '.join(config.languages)}); add it to [tool.l10n] languages"
        )
    return chosen


def progress_for(app: App, label: str) -> Callable[[int, int], None] | None:
    """A callback drawing a progress bar on a terminal; ``None`` elsewhere (logs stay clean)."""
    if not app.interactive:
        return None
    from rich.progress import Progress

    bar = Progress(console=app.err, transient=True)
    task = bar.add_task(label, total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        if done >= total:
            bar.stop()

    return update


def report_errors(app: App, report: Report) -> None:
    for outcome in report.errors:
        app.error(outcome.message)


def summary(report: Report, verb: str) -> str:
    parts = [f"{report.count(Action.WRITTEN)} {verb}", f"{report.count(Action.UNCHANGED)} unchanged"]
    if report.count(Action.SKIPPED):
        parts.append(f"{report.count(Action.SKIPPED)} kept (coverage below minimum)")
    parts.append(f"{len(report.errors)} error{'s' if len(report.errors) != 1 else ''}")
    return ", ".join(parts)


def short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def describe_run(run: LanguageRun, dry_run: bool) -> str:
    if dry_run:
        return (
            f"{run.lang}: would send {run.translated} segments ({run.characters:,} characters, "
            f"~{run.tokens:,} tokens, {run.requests} request{'s' if run.requests != 1 else ''}) to {run.engine}; "
            f"{run.reused} from memory"
        )
    return (
        f"{run.lang}: {run.translated} translated by {run.engine}, {run.reused} reused from memory, "
        f"{len(run.failed)} failed, {run.characters:,} characters sent"
    )


def coverage_line(lang: str, total: Coverage, notes: int) -> str:
    """One line per language after sync: published and approved coverage over the notes."""
    return (
        f"{lang} ({language_name(lang)}): {total.percent:.1f}% translated, {total.approved_percent:.1f}% approved "
        f"({total.translated} approved, {total.fuzzy} fuzzy, {total.untranslated} untranslated of {total.total} "
        f"segments in {notes} notes)"
        + (f"; {total.review} need review (source changed)" if total.review else "")
        + (f"; {total.rejected} rejected (would break markup)" if total.rejected else "")
    )


@contextlib.contextmanager
def translation_progress(app: App, languages: Sequence[str]) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar per language on a terminal; elsewhere (CI logs) a plain line every few
    seconds, so a long run shows it is alive without flooding the log."""
    if not app.interactive:
        if app.verbosity < 0:
            yield None
            return
        last = time.monotonic()

        def line(lang: str, done: int, total: int) -> None:
            nonlocal last
            if done < total and time.monotonic() - last >= PLAIN_PROGRESS_SECONDS:
                last = time.monotonic()
                app.info(f"{lang}: {done:,} of {total:,} segments done")

        yield line
        return
    from rich.progress import Progress

    with Progress(console=app.err, transient=True) as bar:
        tasks = {lang: bar.add_task(f"translate {lang}", total=None) for lang in languages}

        def update(lang: str, done: int, total: int) -> None:
            bar.update(tasks[lang], completed=done, total=total)

        yield update
