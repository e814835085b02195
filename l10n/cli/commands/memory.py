"""``l10n memory``: export, import and move the translation memory (TMX 1.4, SQLite, PostgreSQL)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from l10n.cli.app import App, handle_errors
from l10n.config import Config, normalize_language
from l10n.errors import ConfigError, L10nError
from l10n.messages import counted
from l10n.mt.memory import Record, check_memory_location, is_postgres_url, memory_from_url, memory_url


def _location(value: str | None, app: App, option: str) -> str:
    """A memory given on the command line with ``option`` (URL or SQLite path, relative to the
    current folder), or the configured one."""
    if value:
        check_memory_location(value, option)
        return value if is_postgres_url(value) else str(Path(value.removeprefix("sqlite:///")).resolve())
    return memory_url(app.config(need_notes=False))


def _existing(location: str) -> str:
    """``location``, refused when it names a SQLite file that does not exist (reading it would
    create an empty one and report 0 rows, hiding a mistyped path)."""
    if not is_postgres_url(location) and not Path(location).is_file():
        raise L10nError("no translation memory here", location)
    return location


def _shown(location: str) -> str:
    from l10n.mt.memory_pg import _redact

    return _redact(location)


@click.group("memory")
def memory() -> None:
    """Export, import or move the translation memory.

    The memory is the configured one: L10N_MEMORY_URL, else the 'memory' setting, else
    locales/.l10n-memory.sqlite3. Exchange files are TMX 1.4 (CAT tools, Weblate, Pontoon).
    """


def _project_tags(config: Config) -> list[str]:
    """The project's languages, source first, as the memory holds them: BCP 47 tags, the form
    translate asks it in (:meth:`Config.language_tag`)."""
    return list(dict.fromkeys(config.language_tag(code) for code in (config.source_language, *config.languages)))


def _project_tag(tag: str, project: Sequence[str], where: str, strict: bool) -> str:
    """The tag of ``project`` (:func:`_project_tags`) that ``tag`` names, however spelt (pt_br,
    zh-CN or zh-Hans-CN for a project's zh, de-DE for de; never across scripts or regions, and
    never a tag naming more than ``tag`` does: a bare pt is not the project's pt-BR, nor zh its
    zh-Hans, so a less specific unit never replaces a more specific one's row:
    :func:`l10n.langdata.closest_tag` with ``narrower`` False), else ``tag`` checked as a language (``where`` names it
    in the error); ``strict``: a tag that is no language is a :class:`ConfigError` (``--lang``),
    else it is kept as written (a unit's or row's tag). Export and import read tags alike."""
    from l10n.langdata import closest_tag

    closest = closest_tag(tag, project, narrower=False)
    if closest is not None:
        return closest
    try:
        return normalize_language(tag, where)
    except ConfigError:
        if strict:
            raise
        return tag


@memory.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "-l", "langs", multiple=True, metavar="LANG", help="Only this target language (repeatable).")
@click.option("--memory", "location", metavar="URL|PATH", default=None, help="Memory to read (default: configured).")
@click.pass_obj
@handle_errors
def export(app: App, file: Path, langs: tuple[str, ...], location: str | None) -> None:
    """Write the memory to FILE as TMX 1.4 ('-' for standard output).

    Rows of the offline pseudo engine are left out (and counted): other tools would take them
    for translations. --lang takes any language the memory holds, targeted by the project or
    not (a memory shared between projects); one it holds no unit for is an error naming the
    languages it holds, and nothing is written."""
    from l10n.mt.engines.registry import is_placeholder_engine
    from l10n.mt.memory_tmx import write_tmx

    config = app.config(need_notes=False)
    url = _existing(_location(location, app, "--memory"))
    project = _project_tags(config)
    # A configured code (zh-TW, an alias) stands for its tag; any other spelling of a project's
    # language names it as import reads a unit's tag (zh-CN or zh_Hans for a project's zh).
    wanted = {
        config.language_tag(code) if (code := config.language_code(tag)) else _project_tag(tag, project, "--lang", strict=True)
        for tag in langs
    }
    # A row's tag is read the same way: a memory shared with a project that spells it otherwise.
    row_tag = functools.lru_cache(maxsize=None)(lambda tag: _project_tag(tag, project, "", strict=False))
    # The header names the project's source language; each unit names its own as well.
    source = config.language_tag(config.source_language)
    found: dict[str, int] = dict.fromkeys(wanted, 0)  # units exported per language asked for
    pseudo: dict[str, int] = dict.fromkeys(wanted, 0)  # and left out as pseudo-localized
    held: set[str] = set()  # every target language of the memory's rows, as stored
    with memory_from_url(url, write=False, root=app.root.resolve()) as store:  # a read-only file is read from a copy
        placeholders = [0]  # rows of a placeholder engine (pseudo) left out: no CAT tool may take them for translations

        def exported(record: Record) -> bool:
            held.add(record.target_lang)
            lang = ""
            if wanted:
                lang = record.target_lang if record.target_lang in wanted else row_tag(record.target_lang)
                if lang not in wanted:
                    return False
            if record.origin.startswith("machine:") and is_placeholder_engine(record.origin.removeprefix("machine:")):
                placeholders[0] += 1
                if wanted:
                    pseudo[lang] += 1
                return False
            if wanted:
                found[lang] += 1
            return True

        if str(file) == "-":
            if wanted:  # what stdout gets cannot be taken back: the languages are looked for first
                for _ in filter(exported, store.records()):
                    pass
                _refuse_missing(found, pseudo, held, url)
                placeholders[0] = 0
            result = write_tmx(filter(exported, store.records()), sys.stdout, source_lang=source)
        else:
            partial = file.with_name(file.name + ".part")
            try:
                with partial.open("w", encoding="utf-8", newline="\n") as out:
                    result = write_tmx(filter(exported, store.records()), out, source_lang=source)
                _refuse_missing(found, pseudo, held, url)
                os.replace(partial, file)
            except OSError as exc:
                raise L10nError(f"cannot write: {exc.strerror or exc}", file) from None
            finally:
                partial.unlink(missing_ok=True)
    skipped = f"; {result.skipped:,} skipped (characters XML cannot hold)" if result.skipped else ""
    if placeholders[0]:
        skipped += f"; {counted(placeholders[0], 'unit')} of pseudo-localized text left out"
    app.info(f"memory export: {counted(result.written, 'translation unit')} from {_shown(url)} to {file}{skipped}")


def _refuse_missing(found: dict[str, int], pseudo: dict[str, int], held: set[str], url: str) -> None:
    """Raise :class:`L10nError` (one line naming the memory) when a language ``export --lang``
    asked for has no unit to export (``found``: units per language asked for; ``pseudo``: those
    left out as pseudo-localized; ``held``: every target language the memory's rows name): an
    empty TMX would read as a successful export of nothing."""
    missing = [lang for lang, count in found.items() if not count]
    if not missing:
        return
    them = ", ".join(missing)
    left = sum(pseudo[lang] for lang in missing)
    why = f" but {counted(left, 'pseudo-localized unit')}, left out" if left else ""
    holds = f"it holds {', '.join(sorted(held))}" if held else "it is empty"
    raise L10nError(f"no translation units for {them}{why} ({holds}); nothing written", _shown(url))


@memory.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--origin",
    default="human",
    show_default=True,
    metavar="human|machine:ENGINE",
    help="Origin of units that do not say (files from other tools). Human translations are "
    "reused as approved, machine ones as fuzzy.",
)
@click.option("--memory", "location", metavar="URL|PATH", default=None, help="Memory to fill (default: configured).")
@click.pass_obj
@handle_errors
def import_(app: App, file: Path, origin: str, location: str | None) -> None:
    """Add the translation units of the TMX FILE to the memory.

    A unit replaces a remembered translation when it is human and that one is machine, or when
    both are of the same kind and the unit is at least as recent.
    """
    from l10n.mt.memory import check_origin
    from l10n.mt.memory_tmx import read_tmx

    try:
        check_origin(origin)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--origin") from None
    config = app.config(need_notes=False)
    url = _location(location, app, "--memory")

    project = _project_tags(config)

    def normalize(tag: str) -> str:
        return _project_tag(tag, project, f"{file}: language", strict=False)

    skipped = [0]
    with memory_from_url(url, root=app.root.resolve()) as store:
        count = store.add_records(
            read_tmx(file, default_source=config.language_tag(config.source_language), default_origin=origin, normalize=normalize, skipped=skipped)
        )
        total = len(store)
    left = f"; {counted(skipped[0], 'unit')} without a segment in its source language skipped" if skipped[0] else ""
    app.info(f"memory import: {counted(count, 'translation')} read from {file} into {_shown(url)} ({counted(total, 'row')} now){left}")



@memory.command("copy")
@click.option("--from", "source", metavar="URL|PATH", default=None, help="Memory to read (default: configured).")
@click.option("--to", "target", metavar="URL|PATH", default=None, help="Memory to fill (default: configured).")
@click.pass_obj
@handle_errors
def copy(app: App, source: str | None, target: str | None) -> None:
    """Copy every row of one memory into another: SQLite to PostgreSQL or back, in one command.

    Rows merge as for import (human wins, then the more recent). Example, moving the project's
    SQLite memory to a server: l10n memory copy --from locales/.l10n-memory.sqlite3
    --to postgresql://l10n@db.example.org/l10n (the password in PGPASSWORD or ~/.pgpass).
    """
    if source is None and target is None:
        raise click.UsageError("give --from, --to or both (the other is the configured memory)")
    src, dst = _location(source, app, "--from"), _location(target, app, "--to")  # both named right first
    src = _existing(src)
    if src == dst:
        raise click.UsageError(f"--from and --to are the same memory: {_shown(src)}")
    root = app.root.resolve()
    with memory_from_url(src, write=False, root=root) as reader, memory_from_url(dst, root=root) as writer:
        count = writer.add_records(reader.records())
        total = len(writer)
    app.info(f"memory copy: {counted(count, 'row')} from {_shown(src)} to {_shown(dst)} ({counted(total, 'row')} there now)")
