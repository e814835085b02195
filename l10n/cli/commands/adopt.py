"""``l10n adopt``: fill catalogs from translated notes that already exist."""

from __future__ import annotations

from pathlib import Path

import click

from l10n.cli.app import App, Exit, handle_errors, notes_argument, pick_languages, require_notes
from l10n.messages import counted, shown_percent
from l10n.site.adopt import AdoptResult
from l10n.site.adopt import adopt as adopt_notes
from l10n.site.layout import select_notes
from l10n.store.lock import project_lock


def _line(result: AdoptResult) -> str:
    counts = f"{result.aligned} aligned, {result.uncertain} uncertain, {result.unaligned} unaligned"
    if result.kept:
        counts += f", {result.kept} already translated"
    return f"{result.note} [{result.lang}]: {counts}"


def _totals(results: list[AdoptResult]) -> str:
    done = [r for r in results if not r.error]
    aligned = sum(r.aligned for r in done)
    uncertain = sum(r.uncertain for r in done)
    unaligned = sum(r.unaligned for r in done)
    kept = sum(r.kept for r in done)
    total = aligned + uncertain + unaligned + kept
    share = 100 * (aligned + uncertain + kept) / total if total else 100.0
    return (
        f"adopt: {counted(len(done), 'note')}, {aligned:,} aligned, {uncertain:,} uncertain (fuzzy), {unaligned:,} unaligned, "
        f"{kept:,} already translated; {shown_percent(share, 1):.1f}% of entries translated; "
        f"{counted(sum(r.written for r in done), 'catalog')} written, {counted(len(results) - len(done), 'note')} skipped"
    )


@click.command("adopt")
@click.option("--lang", "-l", "lang", required=True, metavar="LANG", help="Language of the existing translations.")
@click.option(
    "--from",
    "from_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of translated notes, laid out like the source folder, each named as the output layout names "
    "it (post-en.md as post-LANG.md by default). "
    "Default: the configured output folder of LANG.",
)
@click.option("--fuzzy", is_flag=True, help="Mark even certain pairs fuzzy (needs review) instead of approved.")
@notes_argument
@click.pass_obj
@handle_errors
def adopt(app: App, lang: str, from_dir: Path | None, fuzzy: bool, notes: tuple[str, ...]) -> None:
    """Fill catalogs from existing translated notes, aligned block by block with their source.

    Certain pairs are approved (fuzzy with --fuzzy), uncertain ones fuzzy; a translation
    already in a catalog is never overwritten. Notes without a translation are skipped.
    """
    config = app.config()
    language = pick_languages(config, [lang])[0]
    selected = select_notes(config, notes)
    require_notes(config, selected, notes)
    with project_lock(config.locales):  # adopt writes catalogs, like extract
        results = adopt_notes(config, selected, language, from_dir.resolve() if from_dir else None, fuzzy)
    for result in results:
        if result.error:
            app.info(f"skipped: {result.note} [{result.lang}]: {result.error}")
        else:
            click.echo(_line(result))
    app.info(_totals(results))
    if any(r.error and not r.missing for r in results):
        raise SystemExit(Exit.ERROR)
