"""``l10n translate``: fill empty entries, and re-translate changed machine output, by machine translation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from l10n.cli.app import (
    App,
    Exit,
    engine_options,
    handle_errors,
    languages_option,
    notes_argument,
    pick_languages,
    retry_refused_option,
    run_state,
    say_skipped,
    stage_lock,
    stage_notes,
    translate_languages,
)
from l10n.messages import counted, plural

if TYPE_CHECKING:
    from l10n.config import Config
    from l10n.site.layout import Note
    from l10n.store.state import RunState


@click.command("translate")
@languages_option
@engine_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Concurrent requests, shared by the notes and languages of the run (default: per engine; the pseudo engine, which runs in this process, uses one).")
@click.option("--dry-run", "-n", is_flag=True, help="Say what would be sent after consulting the memory (segments, characters, estimated tokens, requests; shortcut references expanded as sent; retries of replies refused for the first time not counted); send and write nothing, and take no lock.")
@retry_refused_option
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
    retry_refused: bool,
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
    new line breaks or blocks) and retried once, then left empty; such a segment is not sent to
    the same engine (and model) again until its English changes (after one refused run for
    pseudo, google, deepl, microsoft and libre, which answer alike each time; after two for
    the others), and the summary counts it (-v names it; 'l10n status' counts it per
    language): translate it by hand, or send it again with --retry-refused. A reply equal to the English
    is accepted when nothing translatable is left once names, numbers and code are masked, or
    after one retry. Text translated before (in any note) and texts identical once code and
    links are masked cost one request. Keys come from the environment only.

    The pseudo engine's output (init's offline default) is a placeholder: a real engine
    translates over its fuzzy '# mt: pseudo' entries, in every catalog that holds some, never
    takes it from the memory, and says how many entries it replaced.
    """
    config = app.config()
    languages = pick_languages(config, langs)
    selected = stage_notes(config, notes)
    say_skipped(app, selected)
    if dry_run:  # reads only: no lock (it reads one committed state of the bookkeeping, in memory)
        from l10n.store.cachedb import reading

        with reading(config.locales), run_state(config, False) as state:
            kept = kept_pages(app, config, selected, languages, state, dry_run=True)
            ok = translate_languages(app, config, selected, languages, engine, engine_url, model, jobs, True, state, retry_refused, kept)
    else:
        with stage_lock(config), run_state(config, False) as state:
            kept = kept_pages(app, config, selected, languages, state)
            ok = translate_languages(app, config, selected, languages, engine, engine_url, model, jobs, False, state, retry_refused, kept)
    if not ok or selected.unlisted:
        raise SystemExit(Exit.ERROR)


def kept_pages(
    app: App, config: Config, notes: Sequence[Note], languages: Sequence[str], state: RunState, dry_run: bool = False
) -> dict[str, set[str]]:
    """Per language, the notes whose page the build keeps (:func:`l10n.pipeline.page_refusal`:
    a hand translation l10n did not write, or a page it wrote that someone edited since), said
    in one line per language: a human translation beats a machine one, so no engine request is
    spent on them; ``adopt`` takes them into the catalogs. One ``open`` per note and language
    whose catalog translate did not leave complete and untouched (one it did sends nothing:
    its page is not looked at, so a run on a big site reads only the pages of changed notes)."""
    from l10n.pipeline import page_refusal, refused_pages
    from l10n.site.layout import catalog_file
    from l10n.store.state import translate_key

    def refusal(config: Config, note: Note, lang: str) -> str | None:
        catalog = catalog_file(config, note.name, lang)
        if state.is_fresh(translate_key(lang, catalog), [catalog]):
            return None  # nothing to send: its page is not looked at
        return page_refusal(config, note, lang, store=not dry_run, owned=state.known_outputs)

    from l10n.site.keep import ADOPTED

    found = refused_pages(config, notes, languages, refusal)
    kept = {lang: set(names) for lang, names in found.items()}
    for lang, whys in found.items():
        adopted = [name for name, why in whys.items() if ADOPTED in why]
        if adopted:  # adopt ran: no loop back to it
            app.info(
                f"{lang}: {counted(len(adopted), 'note')} not sent: {plural(len(adopted), 'its page is the hand translation', 'their pages are the hand translations')} "
                f"'l10n adopt' took in, which the build keeps; 'l10n build --force NOTE' writes a page from its catalog instead"
            )
        names = [name for name in whys if name not in adopted]
        if not names:
            continue
        app.info(
            f"{lang}: {counted(len(names), 'note')} not sent: {plural(len(names), 'its page is a translation', 'their pages are translations')} "
            f"made or edited by hand, which the build keeps; run 'l10n adopt --lang {lang}' to take {plural(len(names), 'it', 'them')} into the catalogs"
        )
    return kept
