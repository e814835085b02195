"""The ``l10n status`` command: coverage per language (and note) as a table, JSON, Markdown or HTML.

Thin: it selects notes and languages, calls :func:`l10n.status.collect.collect_status`, renders with
:mod:`l10n.status.report` and applies the ``--fail-under`` gate. Colour only on a terminal, never with
``NO_COLOR`` or ``--no-color``, and never in a file.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from l10n.cli.app import (
    App,
    Exit,
    handle_errors,
    languages_option,
    notes_argument,
    pick_languages,
    progress_for,
    require_notes,
    say_skipped,
)
from l10n.config import Config
from l10n.errors import BuildError
from l10n.fsutil import atomic_write
from l10n.messages import counted, plural
from l10n.site.layout import select_notes
from l10n.status.collect import collect_status
from l10n.status.model import StatusReport
from l10n.status.report import FORMATS, RenderOptions, percent

_COLOURS = {"good": "green", "warn": "yellow", "bad": "red", "dim": "bright_black", "head": None}


def _style(text: str, role: str) -> str:
    if role == "head":
        return click.style(text, bold=True)
    return click.style(text, fg=_COLOURS.get(role))


@click.command("status")
@languages_option
@click.option("--by-note", is_flag=True, help="Also show every note (JSON always lists them).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="table",
    show_default=True,
    help="table for people, json for programs, markdown for a PR comment, html for a page.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="PCT",
    help="Exit 1 when a selected language's coverage (what build publishes: translated + fuzzy) is below PCT%.",
)
@click.option(
    "--verify-stale",
    is_flag=True,
    help="Render the outputs a build would redo, and call them stale only if it would change "
    "their bytes (slower; approving a fuzzy entry, say, leaves the output as it was).",
)
@notes_argument
@click.pass_obj
@handle_errors
def status(
    app: App,
    langs: tuple[str, ...],
    by_note: bool,
    fmt: str,
    output: Path | None,
    fail_under: float | None,
    verify_stale: bool,
    notes: tuple[str, ...],
) -> None:
    """Show how much of each language is translated, and which built notes are stale.

    Coverage counts the segments build publishes translated: approved and fuzzy (machine or
    unreviewed), not a translation the validator rejects nor a changed human translation that
    on_source_change does not publish; "approved" counts approved ones only. "Review" (human
    translations whose source changed) and "rejected" are counted apart. A built note is stale when the next
    build would redo it (its note, catalog or output changed since its last build, by the
    build's records; by mtime where there are none), and missing when it was never built.
    Counts are cached in the locales folder, so repeated runs are fast.
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = select_notes(config, notes)
    require_notes(config, selected, notes)
    report = collect_status(
        config,
        selected,
        languages,
        orphans=not notes,
        verify=verify_stale,
        on_progress=progress_for(app, "status"),
        per_note=by_note or fmt in ("json", "html"),  # else totals only: flat memory on big sites
    )
    report, idle_source = _without_idle_source(config, report)
    colour = output is None and fmt == "table" and app.out.is_terminal and not app.out.no_color
    # an unnamed project's report has no name: not the folder's, which differs between checkouts
    title = f"Translation status: {config.project}" if config.project_named else "Translation status"
    options = RenderOptions(by_note, title, _style if colour else None)
    text = FORMATS[fmt](report, options)
    if output is not None:
        atomic_write(output, text.encode("utf-8"), BuildError, durable=False)  # a report a re-run makes again
        app.info(f"status: wrote {output}")
    else:
        click.echo(text, nl=False, color=colour)
    for problem in report.errors:
        app.error(problem)
    for lang in report.languages:
        if lang.behind:
            app.info(
                f"{lang.lang}: {counted(lang.behind, 'note')} edited since {plural(lang.behind, 'its catalog was', 'their catalogs were')} "
                "extracted, counted against the current English (its new and edited segments untranslated): run 'l10n sync'"
            )
    say_skipped(app, selected)
    from l10n.cli.commands.sync import say_source_skipped, say_unconfigured  # one message for sync and status

    if idle_source and not notes:
        say_source_skipped(app, config)
    say_unconfigured(app, config)
    failed = False
    if fail_under is not None:
        below = report.below(fail_under)
        if below:
            names = ", ".join(f"{lang.lang} ({lang.info.name}) {percent(lang.coverage)}" for lang in below)
            app.error(f"coverage below {percent(fail_under)}: {names}")
            failed = True
    if failed or report.errors or selected.unlisted:
        raise SystemExit(Exit.ERROR)


def _without_idle_source(config: Config, report: StatusReport) -> tuple[StatusReport, bool]:
    """``report`` without the source language when ``languages`` lists it and no selected note
    is written in another language (it has no note, and no catalog of a gone note): nothing is
    translated into it, and a row of "0 notes, 100 %" said nothing (review 18). True when it
    was left out."""
    kept = tuple(
        lang for lang in report.languages if not (lang.lang == config.source_language and not lang.note_count and not lang.orphans)
    )
    if len(kept) == len(report.languages):
        return report, False
    return dataclasses.replace(report, languages=kept), True
