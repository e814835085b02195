"""``l10n extract``: write each note's template and create or update its catalogs."""

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
    report_warnings,
    run_state,
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
from l10n.site.layout import NoteList


@click.command("extract")
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
    spelling of the old one (a typo fix, not another word). MDX pages (*.mdx) are not notes:
    extract says how many it left.
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = stage_notes(config, notes, shard)
    from l10n.pipeline import run_extract  # here: sync imports say_unread, and may not need the stages

    with stage_lock(config), run_state(config, force, "extract") as state:
        report = timed(app, "extract", lambda: run_extract(
            config, selected, languages, progress_for(app, "extract"), worker_jobs(jobs, len(selected)), state
        ))
    report_errors(app, report)
    report_warnings(app, report)
    named = stage_languages(app, config, languages, not notes and not shard)
    left_out = [lang for lang in languages if lang not in named]
    app.info(f"extract: {counted(len(selected), 'note')}, {', '.join(named)}: {summary(report, 'catalog', left_out=left_out)}")
    say_unread(app, selected)
    if report.errors or selected.unlisted:
        raise SystemExit(Exit.ERROR)


def say_unread(app: App, selected: NoteList) -> None:
    """Say once that MDX pages were found and left, so none is dropped silently; and each
    symbolic link the walk of the notes did not follow (a loop, a folder outside the project)."""
    say_skipped(app, selected)
    if selected.unread:
        count = len(selected.unread)
        app.info(
            f"extract: {counted(count, 'MDX page')} not read ({selected.unread[0]}"
            f"{', …' if count > 1 else ''}): l10n translates Markdown notes (*.md); JSX and "
            "{expressions} in .mdx cannot be rebuilt byte for byte"
        )
