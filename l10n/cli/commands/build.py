"""``l10n build``: write translated notes from the catalogs."""

from __future__ import annotations

import click

from l10n.cli.app import (
    App,
    Exit,
    handle_errors,
    languages_option,
    notes_argument,
    pick_languages,
    progress_for,
    report_errors,
    report_kept,
    report_rejected,
    run_state,
    say_held_back,
    say_skipped,
    scale_options,
    stage_languages,
    stage_lock,
    stage_notes,
    summary,
    timed,
    worker_jobs,
)
from l10n.messages import counted
from l10n.pipeline import run_build


@click.command("build")
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
    `translated: true`; every other byte of the note is copied from the source, but for
    relative links rewritten to resolve from the output's folder. When no generator is known
    (markdown = "auto" found none, no generator's layout preset), #fragments are kept as
    written and a notice counts the links that point at translated headings. A file at a
    note's output that l10n did not write (no build record, no translated: true in its front
    matter, not the bytes it would write) is never overwritten: an error names it (exit 1);
    'l10n adopt' takes its translations, or delete it to let l10n build it. Nor is a page l10n
    wrote that someone edited since: 'l10n adopt PAGE' takes the edits into the catalog, or
    'build --force NOTE' overwrites them.
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = stage_notes(config, notes, shard)
    say_skipped(app, selected)
    threshold = config.min_coverage if min_coverage is None else min_coverage
    # a run on some notes forgets no other note's records (an edited page's tells it edited)
    with stage_lock(config), run_state(config, force, "build", within=selected.names if notes or shard else None) as state:
        report = timed(app, "build", lambda: run_build(
            config, selected, languages, threshold, progress_for(app, "build"), worker_jobs(jobs, len(selected)), state,
            None if notes or shard else selected.names,  # the whole site: not walked again
        ))
    report_errors(app, report)
    report_kept(app, report)
    say_held_back(app, report, threshold)
    report_rejected(app, report)
    named = stage_languages(app, config, languages, not notes and not shard)
    left_out = [lang for lang in languages if lang not in named]
    app.info(f"build: {counted(len(selected), 'note')}, {', '.join(named)}: {summary(report, 'note', left_out=left_out)}")
    if report.errors or selected.unlisted or report.unremoved:
        raise SystemExit(Exit.ERROR)
