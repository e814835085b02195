"""Translated pages and templates whose note is gone: a page is removed when l10n wrote it and
nobody changed it since; a template (l10n's own extraction, made again from the note) always.

A note deleted, moved or renamed in the source leaves its built translations behind; a site
generator would go on publishing them (and links elsewhere would still resolve to them). The run
state knows which outputs ``build`` wrote, with their size and ``mtime_ns`` when it wrote them
(keys ``build:<lang>:<note>``): an output that still has exactly that stamp is l10n's own file,
unchanged, and is removed; one changed since (edited by hand) is kept and reported. Catalogs are
never removed: they hold translators' work (``status`` lists them as orphans).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from l10n.config import Config
from l10n.site.layout import output_file, template_file
from l10n.store.state import RunState, stat_stamp


@dataclass
class Pruned:
    """Paths (absolute, as strings) of the outputs :func:`prune_outputs` removed, and of those it
    kept because they changed after l10n wrote them."""

    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def prune_outputs(config: Config, state: RunState, names: Collection[str], languages: Sequence[str]) -> Pruned:
    """Remove the outputs in ``languages`` of the notes the run state recorded as built that are
    not in ``names`` (the whole site's notes, POSIX names relative to the source folder), when
    each is byte for byte the file build wrote (same size and ``mtime_ns``) and no note of the
    site now writes that path; remove those notes' templates (``locales/templates``, nobody's
    work but extract's) unless a note of the site makes the same one; forget those notes'
    extract, build and link records. Call it only
    with every note of the site (never with a selection or a shard). Raises nothing: a database
    or file error leaves the file where it is."""
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
                row = db.execute("SELECT size, mtime_ns FROM stamps WHERE key = ? AND path = ?", (prefix + name, path)).fetchone()
            except sqlite3.Error:
                continue
            current = stat_stamp(path)
            if path not in claimed and current != [-1, -1]:
                if row is None or current != [row[0], row[1]]:
                    pruned.kept.append(path)
                    continue
                try:
                    os.remove(path)
                except OSError:
                    pruned.kept.append(path)
                    continue
                pruned.removed.append(path)
            for stage in ("extract", "build", "deps"):
                state.forget(f"{stage}:{lang}:{name}")
    made = {template_file(config, name) for name in names} if gone_notes else set()
    for name in sorted(gone_notes):
        path = template_file(config, name)
        if path in made:
            continue
        try:
            os.remove(path)
        except OSError:
            continue  # already gone
        pruned.removed.append(path)
    return pruned
