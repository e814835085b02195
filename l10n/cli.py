"""The ``l10n`` command line: thin click commands over the library stages.

Commands parse options, call one library function and render the result it returns. Errors the
user can fix (:class:`~l10n.errors.L10nError`) print one line and exit 1; anything else is a bug
and shows a traceback.
"""

from __future__ import annotations

import enum
import functools
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console

from l10n import __version__
from l10n.config import Config, load_config, normalize_language
from l10n.errors import ConfigError, L10nError
from l10n.layout import Note, select_notes
from l10n.pipeline import Action, Report, run_build, run_extract

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Exit(enum.IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2


@dataclass
class App:
    """Shared state of one invocation: where the project is and how to talk to the user."""

    root: Path
    verbosity: int = 0
    color: bool | None = None
    out: Console = field(init=False)
    err: Console = field(init=False)

    def __post_init__(self) -> None:
        no_color = self.color is False or (self.color is None and "NO_COLOR" in os.environ)
        force = self.color is True or (self.color is None and "FORCE_COLOR" in os.environ)
        options: dict[str, Any] = {"markup": False, "highlight": False, "emoji": False, "soft_wrap": True}
        if no_color:
            options["no_color"] = True
        if force:
            options["force_terminal"] = True
        self.out = Console(**options)
        self.err = Console(stderr=True, **options)

    @property
    def interactive(self) -> bool:
        return self.err.is_terminal and self.verbosity >= 0 and not os.environ.get("CI")

    def config(self, **overrides: Any) -> Config:
        return load_config(self.root, overrides)

    def info(self, text: str) -> None:
        if self.verbosity >= 0:
            self.err.print(text)

    def error(self, text: str) -> None:
        self.err.print(f"error: {text}", style="red")

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


@click.group(context_settings=CONTEXT_SETTINGS)
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
      l10n build       catalogs -> translated notes
    """
    ctx.obj = App(root=root, verbosity=verbose - quiet, color=color)


def _notes(config: Config, names: Sequence[str]) -> list[Note]:
    return select_notes(config, names)


@cli.command()
@languages_option
@notes_argument
@click.pass_obj
@handle_errors
def extract(app: App, langs: tuple[str, ...], notes: tuple[str, ...]) -> None:
    """Write each note's template and create or update its catalogs.

    Unchanged notes rewrite no file. Translations survive source edits: a changed paragraph
    keeps its old translation as fuzzy, a removed one becomes obsolete.
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = _notes(config, notes)
    report = run_extract(config, selected, languages, progress_for(app, "extract"))
    report_errors(app, report)
    app.info(f"extract: {len(selected)} notes, {', '.join(languages)}: {summary(report, 'catalogs written')}")
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
@notes_argument
@click.pass_obj
@handle_errors
def build(app: App, langs: tuple[str, ...], min_coverage: float | None, notes: tuple[str, ...]) -> None:
    """Write translated notes from the catalogs.

    A segment without a translation keeps its English text. Front matter gets `lang` and
    `translated: true`; every other byte of the note is copied from the source.
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = _notes(config, notes)
    threshold = config.min_coverage if min_coverage is None else min_coverage
    report = run_build(config, selected, languages, threshold, progress_for(app, "build"))
    report_errors(app, report)
    for outcome in report.outcomes:
        if outcome.action is Action.SKIPPED:
            app.info(f"kept: {outcome.note} [{outcome.lang}]: {outcome.message}")
    app.info(f"build: {len(selected)} notes, {', '.join(languages)}: {summary(report, 'notes written')}")
    if report.errors:
        raise SystemExit(Exit.ERROR)


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="l10n")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
