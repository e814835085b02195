"""``l10n check``: validate catalogs and built notes; exit 1 on any error (warnings do not fail)."""

from __future__ import annotations

import json

import click

from l10n.check import ERROR, Issue, check_project
from l10n.cli.app import (
    App,
    Exit,
    handle_errors,
    languages_option,
    notes_argument,
    pick_languages,
    require_notes,
    say_skipped,
    stage_languages,
)
from l10n.messages import counted
from l10n.site.layout import select_notes


def _render_json(issues: list[Issue]) -> str:
    errors = sum(1 for issue in issues if issue.severity == ERROR)
    return json.dumps({"problems": errors, "warnings": len(issues) - errors, "issues": [i.to_dict() for i in issues]}, ensure_ascii=False, indent=2)


@click.command("check")
@languages_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one 'path:line: problem [code]' line each; json: a document for scripts.",
)
@click.option(
    "--catalogs",
    "catalogs_only",
    is_flag=True,
    help="Check the catalogs only (no build needed): a gate for translators' pull requests.",
)
@notes_argument
@click.pass_obj
@handle_errors
def check(app: App, langs: tuple[str, ...], output_format: str, catalogs_only: bool, notes: tuple[str, ...]) -> None:
    """Validate catalogs and translated notes.

    Catalogs: syntax, duplicates, Language and Plural-Forms headers, and every translation the
    build would publish, with the validator translate and build use: links and images still
    parse with the same targets (']' directly before '('), reference labels, inline code, HTML
    tags, footnote references, template tags and icon shortcodes kept, emphasis still parsing as emphasis
    ('** word **' does not), and no new block structure (no line break of any kind where the
    source had none, no fence, '===' underline, list marker, table row or '---' front matter).
    What this reports is what build leaves out. Built notes (unless --catalogs): present,
    reference definitions byte-exact, every reference link still resolving,
    front matter valid, relative links, images and anchors resolving. Exits 1 when an error is
    found; warnings (an anchor that may not resolve because the Markdown dialect is only
    guessed: set markdown or layout; an anchor already broken in the source, said once of the
    source note's line in every layout) are printed but do not fail.
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = select_notes(config, notes)
    require_notes(config, selected, notes)
    issues = check_project(config, selected, languages, catalogs_only)
    if output_format == "json":
        click.echo(_render_json(issues))
    else:
        for issue in issues:
            click.echo(str(issue))
        errors = sum(1 for issue in issues if issue.severity == ERROR)
        warned = len(issues) - errors
        tail = f", {counted(warned, 'warning')}" if warned else ""
        named = stage_languages(app, config, languages, not notes)
        app.info(f"check: {counted(len(selected), 'note')}, {', '.join(named)}: {counted(errors, 'problem')}{tail}")
    say_skipped(app, selected)
    if any(issue.severity == ERROR for issue in issues) or selected.unlisted:
        raise SystemExit(Exit.ERROR)
