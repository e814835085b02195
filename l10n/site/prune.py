"""Translated pages and templates whose note is gone, and pages of a language dropped from the
configuration: a page is removed when l10n wrote it and nobody changed it since; a template
(l10n's own extraction, made again from the note) always.

A note deleted, moved or renamed in the source leaves its built translations behind; a site
generator would go on publishing them (and links elsewhere would still resolve to them). The run
state knows which outputs ``build`` wrote, with their size and ``mtime_ns`` when it wrote them
(keys ``build:<lang>:<note>``): an output that still has exactly that stamp is l10n's own file,
unchanged, and is removed; one changed since (edited by hand) is kept and reported. Catalogs are
never removed: they hold translators' work (``status`` lists them as orphans).

A language removed from ``languages`` leaves its built pages as a gone note does: they would go
on being published (a site generator serves what is in its folders), stale and no longer
updated, so the pages l10n wrote and nobody changed go the same way (:func:`prune_dropped`), and
the folders they leave empty. Its catalogs stay, and ``sync`` and ``status`` say that the
language is no longer configured (:func:`unconfigured_catalogs`): adding it back uses them.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from l10n.config import Config
from l10n.site.layout import catalog_file, output_file, says_translated, source_file, template_file, written_by_hand
from l10n.store.state import RunState, content_digest, stat_stamp


@dataclass
class Pruned:
    """Paths (absolute, as strings) of the outputs :func:`prune_outputs` removed, and of those it
    kept because they changed after l10n wrote them."""

    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    """``(path, reason)`` of the outputs to remove that could not be (a read-only folder): their
    build records are kept, so the next run tries again."""


def prune_outputs(
    config: Config, state: RunState, names: Collection[str], languages: Sequence[str], dry_run: bool = False
) -> Pruned:
    """Remove the outputs in ``languages`` of the notes the run state recorded as built that are
    not in ``names`` (the whole site's notes, POSIX names relative to the source folder), when
    each is byte for byte the file build wrote (same size and ``mtime_ns``) and no note of the
    site now writes that path; remove those notes' templates (``locales/templates``, nobody's
    work but extract's) unless a note of the site makes the same one; forget those notes'
    extract, build and link records, and the folders the removals leave empty (as a run from
    scratch would not make them). Call it only
    with every note of the site (never with a selection or a shard). ``dry_run``: remove
    nothing, and return what would be removed and kept (``sync --dry-run``; the records it
    forgets are then those of an in-memory copy, :func:`l10n.store.cachedb.reading`). Raises
    nothing: a database or file error leaves the file where it is."""
    pruned = Pruned()
    db = state.connection.db
    if db is None:
        return pruned
    state.save()
    gone_notes: set[str] = set()
    for lang in languages:
        prefix = f"build:{lang}:"
        try:
            gone = [
                key[len(prefix):]
                for (key,) in db.execute("SELECT DISTINCT key FROM stamps WHERE key >= ? AND key < ?", (prefix, prefix[:-1] + ";"))
                if key[len(prefix):] not in names
            ]
        except sqlite3.Error:
            return pruned
        if not gone:
            continue
        gone_notes.update(gone)
        claimed = {output_file(config, name, lang) for name in names}  # a moved note may write the same path
        for name in gone:
            path = output_file(config, name, lang)
            try:
                row = db.execute("SELECT size, mtime_ns, digest FROM stamps WHERE key = ? AND path = ?", (prefix + name, path)).fetchone()
            except sqlite3.Error:
                continue
            if os.path.normpath(path) == os.path.normpath(config.source / name):
                continue  # the file itself: a note in its own language has no page but itself, never pruned
            if path not in claimed and _adopted(config, name, lang, path):
                pruned.kept.append(path)  # its owner's page, adopt took it in: never l10n's to remove
            elif path not in claimed and not _remove_as_written(path, row, pruned, str(config.root), dry_run):
                continue  # not removed: the record stays l10n's claim on the page, for the next run
            for stage in ("extract", "build", "deps"):
                state.forget(f"{stage}:{lang}:{name}")
    made = {template_file(config, name) for name in names} if gone_notes else set()
    for name in sorted(gone_notes):
        path = template_file(config, name)
        if path in made:
            continue
        try:
            if dry_run:
                os.stat(path)
            else:
                os.remove(path)
        except OSError:
            continue  # already gone
        pruned.removed.append(path)
        if not dry_run:
            _remove_empty_folders(os.path.dirname(path), str(config.root))
    return pruned


def prune_own_language(config: Config, state: RunState, name: str, lang: str, dry_run: bool = False) -> Pruned:
    """Remove the page build wrote for note ``name`` (POSIX, relative to the source folder) in
    ``lang`` before the note said it is written in ``lang`` (front matter ``lang:``): build makes
    no page in a note's own language, and a run from scratch has none. Call it when
    :func:`l10n.pipeline.build_note` has just found the note in ``lang``, before the records of
    that build are written again; they then mark it as one in the note's own language
    (:data:`OWN_LANGUAGE_MARK`). The page goes when the last build of the note in ``lang`` was not
    such a one and had the catalog (so it wrote the page: the file at that place is otherwise
    someone's), the page is as build wrote it (the rule of :func:`prune_outputs`; one changed
    since is kept, and named once) and it is not a page someone wrote among the sources (front
    matter without ``translated: true``, :func:`l10n.site.layout.written_by_hand`); the folders
    that leaves empty go too. Returns what was removed and kept (absolute paths). ``dry_run``
    (``sync --dry-run``, which asks for a note the build would redo): sorted the same way, nothing
    removed. Raises nothing."""
    pruned = Pruned()
    db = state.connection.db
    if db is None:
        return pruned
    key = f"build:{lang}:{name}"
    try:
        state.connection.flush_for(key)
        state.connection.flush_for(f"deps:{lang}:{name}")
        if db.execute("SELECT 1 FROM stamps WHERE key = ? AND path = ?", (f"deps:{lang}:{name}", source_file(config, name))).fetchone():
            return pruned  # built in its own language before: whatever is at the place is not l10n's
        rows = {
            path: (size, mtime_ns, digest)
            for path, size, mtime_ns, digest in db.execute("SELECT path, size, mtime_ns, digest FROM stamps WHERE key = ?", (key,))
        }
    except sqlite3.Error:
        return pruned
    page, catalog = output_file(config, name, lang), rows.get(catalog_file(config, name, lang))
    if page not in rows or catalog is None or catalog[0] < 0:
        return pruned
    if page.startswith(str(config.source) + os.sep) and written_by_hand(Path(page)):
        return pruned
    _remove_as_written(page, rows[page], pruned, str(config.root), dry_run)
    return pruned


OWN_LANGUAGE_MARK = "the note's own path among the files its build read"
"""How a build of a note in its own language is told from one that wrote a page: its ``deps:``
record (the files of other notes a build read, :mod:`l10n.pipeline`) names the note itself,
which a build that read the note's links never lists. :func:`prune_own_language` reads it."""


def recorded_languages(db: sqlite3.Connection) -> list[str]:
    """The languages with ``build:<lang>:`` records, in order: one seek in the stamps' primary
    key per language (a skip scan), not a row per note. Raises :class:`sqlite3.Error`."""
    found: list[str] = []
    low = "build:"
    while (row := db.execute("SELECT key FROM stamps WHERE key > ? AND key < 'build;' ORDER BY key LIMIT 1", (low,)).fetchone()):
        lang = row[0][len("build:"):].partition(":")[0]
        found.append(lang)
        low = f"build:{lang};"  # past every key of that language (';' sorts right after ':')
    return found


def prune_dropped(config: Config, state: RunState, dry_run: bool = False) -> dict[str, Pruned]:
    """Remove the built pages of every language the run state has build records of that is not
    in ``config.languages`` any more, by the rule of :func:`prune_outputs` (a page is removed
    when it is byte for byte as build wrote it, same size and ``mtime_ns``; one changed since is
    kept), and the folders that leaves empty (never the project's root); forget that language's
    extract, build, link and translate records, so the next run looks no further. Catalogs are
    never touched. Returns what was removed and kept, by language (no entry when no language
    was dropped); ``dry_run``: what would be (see :func:`prune_outputs`). Call it only on a run
    over the whole site. Raises nothing: a database or file error leaves the file where it is."""
    dropped: dict[str, Pruned] = {}
    db = state.connection.db
    if db is None:
        return dropped
    state.save()
    try:
        languages = [lang for lang in recorded_languages(db) if lang not in config.languages]
    except sqlite3.Error:
        return dropped
    for lang in languages:
        pruned = dropped[lang] = Pruned()
        try:
            # where build wrote them, whatever the layout then; not a page that is its note's
            # output in a configured language now (the code spelt anew, pt-br -> pt_BR, whose
            # pages stay where the site spells it: the build writes them there)
            rows = [
                row for row in _recorded_outputs(db, config, lang)
                if not any(row[1] == output_file(config, row[0], kept) for kept in config.languages)
            ]
            keys = [
                key
                for stage in ("extract", "build", "deps", "translate")
                for (key,) in db.execute("SELECT DISTINCT key FROM stamps WHERE key >= ? AND key < ?", (f"{stage}:{lang}:", f"{stage}:{lang};"))
            ]
        except sqlite3.Error:
            continue
        stuck = {
            f"build:{lang}:{name}" for name, path, *recorded in rows if not _remove_as_written(path, recorded, pruned, str(config.root), dry_run)
        }
        for key in keys:
            if key not in stuck:  # a page that could not be removed stays recorded: the next run tries again
                state.forget(key)
    return dropped


def layout_changed(state: RunState, languages: Sequence[str]) -> bool:
    """Whether the build records of some of ``languages`` were made under other settings than
    the run's (``layout``, ``output`` and ``source_language`` among them): the first record of
    each language, one seek in the stamps' primary key each (a change of settings leaves every
    record of the old ones until its note is built again). Raises nothing."""
    db = state.connection.db
    if db is None:
        return False
    state.save()
    try:
        for lang in languages:
            row = db.execute(
                "SELECT config FROM stamps WHERE key > ? AND key < ? ORDER BY key LIMIT 1", (f"build:{lang}:", f"build:{lang};")
            ).fetchone()
            if row is not None and row[0] != state.fingerprint:
                return True
    except sqlite3.Error:
        return False
    return False


def prune_moved(
    config: Config, state: RunState, names: Collection[str], languages: Sequence[str], dry_run: bool = False
) -> Pruned:
    """Remove the pages build wrote for ``languages`` where the settings of the run no longer put
    them (``source``, ``layout``, ``output`` or ``source_language`` changed), by the rule of
    :func:`prune_outputs`: a page as build wrote it (same size and ``mtime_ns``) goes, with the
    folders that leaves empty; one changed since is kept and named; a path that a note of
    ``names`` (the whole site's) writes now is left to that note's build. Call it before the
    notes are read (a layout that put pages among the sources, ``jekyll`` or ``hugo-suffix``,
    would have them read as notes) and before the build records the new paths; only when
    :func:`layout_changed` says so (it reads every build record). Catalogs and templates are
    never touched: their paths follow the note's name and ``locales`` only, so these settings
    do not move them. ``dry_run``: as for :func:`prune_outputs`. Raises nothing."""
    pruned = Pruned()
    db = state.connection.db
    if db is None:
        return pruned
    state.save()
    root = str(config.root)
    for lang in languages:
        claimed = {output_file(config, name, lang) for name in names}
        for name, path, *recorded in _recorded_outputs(db, config, lang):
            if path != output_file(config, name, lang) and path not in claimed:
                _remove_as_written(path, recorded, pruned, root, dry_run)
    return pruned


def _recorded_outputs(db: sqlite3.Connection, config: Config, lang: str) -> list[tuple[str, str, int, int, int | None]]:
    """``(note, output, size, mtime_ns, digest)`` of each ``build:<lang>:<note>`` record: of the files a
    build records (the note, its catalog and its output: :func:`l10n.pipeline.build_inputs`),
    the one that is neither the note nor a catalog, whatever the settings that placed it. Where
    ``source`` changed, the note's own path is not the one the settings give now, and two files
    are left: the one whose front matter says ``translated: true`` is the page
    (:func:`l10n.site.layout.says_translated`); a record where that is not one file is passed
    over (never a note removed for a page). Raises :class:`sqlite3.Error`."""
    prefix = f"build:{lang}:"
    files: dict[str, list[tuple[str, int, int, int | None]]] = {}
    for key, path, size, mtime_ns, digest in db.execute(
        "SELECT key, path, size, mtime_ns, digest FROM stamps WHERE key >= ? AND key < ?", (prefix, prefix[:-1] + ";")
    ):
        name = key[len(prefix) :]
        if path != source_file(config, name) and not path.endswith(".po"):
            files.setdefault(name, []).append((path, size, mtime_ns, digest))
    outputs = []
    for name, found in files.items():
        if len(found) == 2:  # the note under another source folder, and its page: the note is
            # what extract read too (l10n.pipeline.extract_inputs), else the one saying translated
            read = {row[0] for row in db.execute("SELECT path FROM stamps WHERE key = ?", (f"extract:{lang}:{name}",))}
            found = [row for row in found if row[0] not in read] if read else [row for row in found if says_translated(Path(row[0]))]
        if len(found) == 1:
            outputs.append((name, *found[0]))
    return outputs


def _adopted(config: Config, name: str, lang: str, path: str) -> bool:
    """Whether the page at ``path`` is the one ``adopt`` took in for note ``name`` in ``lang``
    (its catalog's :data:`l10n.site.keep.ADOPTED_HEADER` holds the page's digest): a person's
    page, which build keeps byte for byte and prune never removes. False when either file
    cannot be read."""
    from l10n.site.keep import adopted_kept

    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return False
    return adopted_kept(Path(catalog_file(config, name, lang)), data)


def _remove_as_written(
    path: str, recorded: Sequence[int | None] | None, pruned: Pruned, root: str, dry_run: bool = False
) -> bool:
    """Remove ``path`` when it is as build wrote it, and the folders that leaves empty up to
    ``root``; a file changed since (or with no record) goes to ``pruned.kept``, a removed one to
    ``pruned.removed``; a missing one is passed over. ``recorded`` is build's record of it,
    ``(size, mtime_ns, digest)``: the same size and mtime, or the same size and bytes that hash
    to the recorded digest (a ``touch``, a copy without ``-p``, a fresh clone: the page is
    still as l10n wrote it), is "as written". A file as written that cannot be removed (its
    folder read-only) goes to ``pruned.failed`` with the reason. ``dry_run``: sorted the same
    way, nothing removed. Returns False only for such a failure: the caller keeps the record."""
    current = stat_stamp(path)
    if current == [-1, -1]:
        return True  # gone already
    if not _as_written(path, current, recorded):
        pruned.kept.append(path)
        return True
    if dry_run:
        pruned.removed.append(path)
        return True
    try:
        os.remove(path)
    except FileNotFoundError:
        return True
    except OSError as exc:
        pruned.failed.append((path, exc.strerror or str(exc)))
        return False
    pruned.removed.append(path)
    _remove_empty_folders(os.path.dirname(path), root)
    return True


def _as_written(path: str, current: list[int], recorded: Sequence[int | None] | None) -> bool:
    """Whether ``path``, stat-ed as ``current`` (``[size, mtime_ns]``), holds what build wrote by
    its record ``recorded`` (``(size, mtime_ns, digest)``; see :func:`_remove_as_written`)."""
    if recorded is None or current[0] != recorded[0]:
        return False
    if current[1] == recorded[1]:
        return True
    digest = recorded[2] if len(recorded) > 2 else None
    return digest is not None and content_digest(path) == digest


def _remove_empty_folders(folder: str, root: str) -> None:
    """Remove ``folder`` and its parents while they are empty, up to (not including) ``root``."""
    root = os.path.normpath(root)
    while os.path.normpath(folder) != root and os.path.normpath(folder).startswith(root + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            return  # not empty (or not ours to remove)
        folder = os.path.dirname(folder)


def unconfigured_catalogs(config: Config) -> list[str]:
    """The codes of the folders of ``locales/`` that hold catalogs (``*.po``, in the folder or
    below) of a language not in ``config.languages``, in name order; ``templates`` is not a
    language. One listing of ``locales/``, and a walk of each such folder up to its first catalog."""
    try:
        entries = sorted(os.scandir(config.locales), key=lambda entry: entry.name)
    except OSError:
        return []
    found = []
    used = {*config.languages, *(config.catalog_folder(lang) for lang in config.languages)}
    for entry in entries:
        if entry.name in used or entry.name == "templates" or entry.name.startswith(".") or not entry.is_dir():
            continue
        if any(name.endswith(".po") for _, _, files in os.walk(entry.path) for name in files):
            found.append(entry.name)
    return found
