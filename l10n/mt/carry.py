"""A new catalog takes a translator's work from the catalogs its text came from.

A note renamed, moved, split in two or merged with another starts with an empty catalog
(extract makes one per note name). The translations of its segments are elsewhere in the same
language's folder: in the *orphaned* catalog of a note gone from the source (renamed, moved,
merged into this one: :func:`l10n.site.layout.orphaned_catalogs`), or among the obsolete
(``#~``) entries of a note still there that lost those segments (split off into this one).
:func:`carry_over` fills the new catalog from them as ``msgmerge --previous`` would have filled
it, had the note kept its name: an unchanged segment takes the entry as it stands (fuzzy flag,
comments, ``#|``), an edited one the closest old entry (:func:`l10n.po.merge.closest_entry`),
fuzzy with the old text as ``#| msgid`` (GNU gettext manual, "msgmerge Invocation").
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import NamedTuple

import polib

from l10n.config import Config
from l10n.errors import L10nError
from l10n.fsutil import read_file
from l10n.po.catalog import Catalog, load_catalog
from l10n.po.policy import CARRIED_COMMENT, FUZZY, Key, entry_key, is_machine_made, without_lines
from l10n.site.layout import IGNORED_FOLDERS

MOST_SOURCES = 200
"""Catalogs of each kind (orphaned; live with obsolete entries) read by one run, the most
recently saved: a site that deleted thousands of notes keeps their catalogs, and a run's memory
stays flat (issue 19)."""


class Source(NamedTuple):
    """A catalog a new one may continue, and the entries it offers, by key."""

    catalog: Catalog
    offered: dict[Key, polib.POEntry]
    gone: bool = True
    """Whether the catalog's note is gone (an orphan), not a live note's (a donor)."""


def orphan_source(catalog: Catalog) -> Source:
    """An orphaned catalog (its note gone) offers its live entries."""
    return Source(catalog, {entry_key(e): e for e in catalog if not e.obsolete and not e.msgid_plural})


def donor_source(catalog: Catalog) -> Source:
    """A live note's catalog offers only its obsolete entries: the segments it lost (split off
    into another note); its live ones are its own note's, and in the memory when approved."""
    return Source(catalog, {entry_key(e): e for e in catalog.po if e.obsolete and not e.msgid_plural}, gone=False)


class Found(NamedTuple):
    """The catalogs of one language's folder besides the run's notes', as absolute paths."""

    orphans: list[str]
    """Catalogs of no note, oldest saved first (at most :data:`MOST_SOURCES`, the latest)."""
    donors: list[str]
    """Live notes' catalogs holding obsolete entries, among the :data:`MOST_SOURCES` latest saved."""


def find_sources(config: Config, lang: str, expected: Collection[str]) -> Found:
    """The orphaned catalogs of ``lang`` (not among ``expected``, the run's notes' catalog paths
    as :func:`l10n.site.layout.catalog_file` gives them) and the donors (``expected`` ones whose
    file holds a ``#~`` line: a new catalog has none). One walk of the folder, a ``stat`` per
    catalog; a donor candidate is read as bytes before it is parsed. Files that vanish or cannot
    be read are passed over (``status`` and ``check`` name them)."""
    orphans: list[tuple[int, str]] = []
    live: list[tuple[int, str]] = []
    for directory, subdirs, files in os.walk(config.catalog_dir(lang)):
        subdirs[:] = sorted(d for d in subdirs if d not in IGNORED_FOLDERS)
        for name in sorted(files):
            path = directory + os.sep + name
            if not name.endswith(".po"):
                continue
            with contextlib.suppress(OSError):
                (live if path in expected else orphans).append((os.stat(path).st_mtime_ns, path))
    donors: list[str] = []
    for _, path in sorted(live)[-MOST_SOURCES:]:
        with contextlib.suppress(OSError):
            if b"\n#~ msgid " in read_file(path):  # obsolete entries: the only ones a donor offers
                donors.append(path)
    return Found([path for _, path in sorted(orphans)[-MOST_SOURCES:]], donors)


def read_sources(found: Found) -> tuple[list[Catalog], list[Source]]:
    """The orphaned catalogs of ``found`` that parse (oldest first: the memory takes their
    approved work in that order) and every source, orphans and donors alike."""
    orphans: list[Catalog] = []
    for path in found.orphans:
        with contextlib.suppress(L10nError, OSError):
            orphans.append(load_catalog(Path(path)))
    sources = [orphan_source(c) for c in orphans]
    for path in found.donors:
        with contextlib.suppress(L10nError, OSError):
            sources.append(donor_source(load_catalog(Path(path))))
    return orphans, sources


def _carried(entry: polib.POEntry) -> bool:
    """Whether ``entry`` is a person's work worth carrying: a translation that is not unreviewed
    machine output (that one the memory gives back, or the engine makes again). Approved machine
    output (``mt:`` without fuzzy) is the reviewer's now, as :func:`l10n.po.merge.take_close_match`
    treats it."""
    if not entry.msgstr:
        return False
    return not (FUZZY in entry.flags and is_machine_made(entry.tcomment))


def carry_over(catalog: Catalog, sources: Sequence[Source]) -> bool:
    """Fill the empty entries of ``catalog`` (a new, moved, split-off or merged note's) from the
    ``sources`` it continues, and return whether an entry was filled.

    A source *continues* into the catalog when the keys they share are more than half of the
    catalog's (a rename, a note split off) or of the entries the source offers (a rename, a note
    merged into this one): an entry whose key it offers is copied as it stands (the most-shared
    source first) — before the memory, which may hold the older text of a note that only shares
    a paragraph. An entry whose text changed takes the closest entry (by the rule of
    :func:`l10n.po.merge.closest_entry`) offered by any source sharing a key with the catalog (a
    half split off under a new heading shares less than half), kept fuzzy with the old text as
    ``#| msgid`` (:func:`l10n.po.merge.take_close_match`), as ``msgmerge --compendium`` takes a
    fuzzy match from any catalog: the memory has no such match, and one that is wrong waits for
    a reviewer. A match from any catalog but a gone note's that the catalog continues (the same
    note renamed or moved) is another note's sentence: it also says so
    (:data:`l10n.po.policy.CARRIED_COMMENT`), and ``on_source_change = "previous"`` does not
    publish it. A source that shares no key offers nothing.
    """
    from l10n.po.merge import closest_entry, take_close_match

    live = [entry for entry in catalog if not entry.obsolete and not entry.msgid_plural]
    keys = {entry_key(entry) for entry in live}
    ranked: list[tuple[int, int, Source]] = []
    for order, source in enumerate(sources):
        common = sum(1 for key in keys if key in source.offered)
        if common:
            ranked.append((common, order, source))
    if not ranked:
        return False
    ranked.sort(key=lambda item: (item[0], item[1]), reverse=True)  # a tie: the later saved
    theirs: dict[Key, polib.POEntry] = {}  # copied as they stand
    close: dict[Key, polib.POEntry] = {}  # offered for an edited text
    other: dict[int, Source] = {}  # id of a close entry -> its catalog, when another note's
    for common, _, source in ranked:
        continues = 2 * common > len(keys) or 2 * common > len(source.offered)
        for key, entry in source.offered.items():
            if _carried(entry):
                if continues:
                    theirs.setdefault(key, entry)
                if key not in keys and close.setdefault(key, entry) is entry and not (continues and source.gone):
                    other[id(entry)] = source
    filled = False
    for entry in live:
        if entry.msgstr:
            continue
        old = theirs.get(entry_key(entry))
        if old is not None:
            entry.msgstr, entry.flags, entry.tcomment = old.msgstr, list(old.flags), old.tcomment
            entry.previous_msgid, entry.previous_msgctxt = old.previous_msgid, old.previous_msgctxt
            filled = True
            continue
        if any(entry_key(entry) in source.offered for _, _, source in ranked):
            continue  # unchanged: the memory gives its approved text back
        match = closest_entry(entry.msgid, close)
        if match is not None:
            close.pop(entry_key(match), None)
            take_close_match(entry, match)
            donor = other.get(id(match))
            if donor is not None:
                _mark_carried(entry, catalog, donor.catalog)
            filled = True
    return filled


def _mark_carried(entry: polib.POEntry, catalog: Catalog, source: Catalog) -> None:
    """Say on ``entry`` (a close match just taken) which catalog its translation came from:
    another note's sentence, which ``on_source_change = "previous"`` does not publish
    (:data:`l10n.po.policy.CARRIED_COMMENT`). The path is relative to ``catalog``'s folder."""
    where = source.path.name if source.path is not None else "?"
    if source.path is not None and catalog.path is not None:
        where = Path(os.path.relpath(source.path, catalog.path.parent)).as_posix()
    lines = [line for line in without_lines(entry.tcomment, CARRIED_COMMENT).split("\n") if line]
    entry.tcomment = "\n".join([*lines, CARRIED_COMMENT + where])
