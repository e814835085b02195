"""``l10n adopt``: fill catalogs from translated notes that already exist."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import click

from l10n.cli.app import App, Exit, handle_errors, pick_languages, require_notes
from l10n.config import Config
from l10n.messages import counted, shown_percent
from l10n.site.adopt import AdoptResult
from l10n.site.adopt import adopt as adopt_notes
from l10n.site.layout import Note, output_path, select_notes
from l10n.store.lock import project_lock


def _line(result: AdoptResult) -> str:
    counts = f"{result.aligned} aligned, {result.uncertain} uncertain, {result.unaligned} unaligned"
    if result.replaced:
        counts += f", {result.replaced} {'edited' if result.edited else 'machine or fuzzy'} replaced"
    if result.refused:
        counts += f", {result.refused} the build would not publish (fuzzy, see their comments)"
    if result.kept:
        counts += f", {result.kept} already translated"
    return f"{result.note} [{result.lang}]: {counts}"


def _totals(results: list[AdoptResult]) -> str:
    done = [r for r in results if not r.error]
    if not done:
        return _nothing_adopted(results)
    aligned = sum(r.aligned for r in done)
    uncertain = sum(r.uncertain for r in done)
    unaligned = sum(r.unaligned for r in done)
    kept = sum(r.kept for r in done)
    replaced = sum(r.replaced for r in done)
    refused = sum(r.refused for r in done)
    total = aligned + uncertain + unaligned + kept + replaced + refused
    share = 100 * (aligned + uncertain + kept + replaced) / total if total else 100.0  # what the build publishes
    return (
        f"adopt: {counted(len(done), 'note')}, {aligned:,} aligned, {uncertain:,} uncertain (fuzzy), {unaligned:,} unaligned, "
        f"{replaced:,} replaced, {refused:,} the build would not publish, {kept:,} already translated; "
        f"{shown_percent(share, 1):.1f}% of entries translated; "
        f"{counted(sum(r.written for r in done), 'catalog')} written, {counted(len(results) - len(done), 'note')} skipped"
    )


def _nothing_adopted(results: list[AdoptResult]) -> str:
    """The summary when no note was adopted: no percent (of nothing), and why, by cause."""
    found = sum(r.missing and not r.own for r in results)
    own = sum(r.own for r in results)
    failed = len(results) - found - own
    why = [
        f"{counted(found, 'note')} without a translated page where adopt looked" if found else "",
        f"{counted(own, 'page')} l10n built (nothing to adopt)" if own else "",
        f"{counted(failed, 'note')} that could not be read" if failed else "",
    ]
    reasons = "; ".join(filter(None, why)) or "no note selected"
    return f"adopt: nothing adopted: {reasons}; 0 catalogs written"


@click.command("adopt")
@click.option("--lang", "-l", "lang", default=None, metavar="LANG", help="Language of the existing translations (needed unless PAGEs are named).")
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
@click.argument("notes", nargs=-1, metavar="[NOTE|PAGE]...", type=click.Path())
@click.pass_obj
@handle_errors
def adopt(app: App, lang: str | None, from_dir: Path | None, fuzzy: bool, notes: tuple[str, ...]) -> None:
    """Fill catalogs from existing translated notes, aligned block by block with their source.

    A hand translation fills the empty entries and replaces machine-made or fuzzy ones (a
    human translation beats a machine one); an approved translation already in a catalog is
    never overwritten. Blocks pair by what must survive translation (links, code, numbers,
    structure, length), not by position: pairs that evidence corroborates are approved (fuzzy
    with --fuzzy), the others fuzzy with why in a comment; a translation the build would not
    publish is put in fuzzy with the validator's reason, and counted apart.
    A page l10n built and someone edited since gives its edited sentences, which replace what
    the catalog held; the next build writes that page again as l10n's own. A PAGE (a note's
    translated page, as the build names it) needs no --lang. Notes without a translation are
    skipped.
    """
    config = app.config()
    named, note_names = _pages(config, notes, lang)
    if lang is None and (note_names or not named):
        raise click.UsageError("--lang is needed, unless every argument is a translated page")
    results: list[AdoptResult] = []
    with project_lock(config.locales), _memories_closed():  # adopt writes catalogs, like extract
        for page_lang, page_notes in named.items():
            results += adopt_notes(config, page_notes, page_lang, None, fuzzy)
        if lang is not None and (note_names or not named):
            language = pick_languages(config, [lang])[0]
            selected = select_notes(config, note_names)
            require_notes(config, selected, note_names)
            results += adopt_notes(config, selected, language, from_dir.resolve() if from_dir else None, fuzzy)
    for result in results:
        if result.error:
            app.info(f"skipped: {result.note} [{result.lang}]: {result.error}")
        else:
            click.echo(_line(result))
            if result.left:
                app.info(f"kept: {result.left}")
    app.info(_totals(results))
    if any(r.error and not r.missing for r in results):
        raise SystemExit(Exit.ERROR)


@contextlib.contextmanager
def _memories_closed() -> Iterator[None]:
    """Close the memories read to tell a page's text (:func:`l10n.site.keep.close_memories`)."""
    from l10n.site.keep import close_memories

    try:
        yield
    finally:
        close_memories()


def _pages(config: Config, args: tuple[str, ...], lang: str | None) -> tuple[dict[str, list[Note]], list[str]]:
    """The arguments that name a note's translated page (from the current folder or the
    project's), as ``{language: [note]}``, and the others (notes, as ``select_notes`` reads
    them). Only looked for when an argument is a file outside the source folder, or among the
    sources where the layout puts pages there (one walk of the notes for all)."""
    found: dict[str, list[Note]] = {}
    rest: list[str] = []
    wanted: dict[Path, str] = {}
    for arg in args:
        path = next((p for p in (Path.cwd() / arg, config.root / arg) if p.is_file()), None)
        if path is None:
            rest.append(arg)
        else:
            wanted[Path(os.path.normpath(path.absolute()))] = arg
    if not wanted:
        return found, rest
    languages = pick_languages(config, [lang]) if lang else list(config.languages)
    hits: dict[Path, tuple[str, Note]] = {}
    for note in select_notes(config, ()):
        for code in languages:
            page = Path(os.path.normpath(output_path(config, note, code)))
            if page in wanted and page != note.path:
                hits[page] = (code, note)
    for path, arg in wanted.items():
        if path in hits:
            code, note = hits[path]
            found.setdefault(code, []).append(note)
        else:
            rest.append(arg)
    return found, rest
