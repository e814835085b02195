"""The segments machine translation refused and no longer sends, counted per language for ``status``.

The translate stage withholds a segment whose replies were refused before
(:mod:`l10n.store.refusals`); such a segment waits for a translator. The records are as the last
translate run left them, so each is checked against its catalog: only an entry that still waits
for a machine translation (:func:`l10n.mt.translate.needs_machine`: empty, or stale machine
output) is counted, so a segment translated by hand since is not. Only the catalogs the records
name are read: nothing when there are none.
"""

from __future__ import annotations

from collections.abc import Sequence

from l10n.config import Config
from l10n.errors import L10nError
from l10n.site.layout import Note, catalog_path
from l10n.store.refusals import catalog_name, segment_digest, withheld_segments  # light: sqlite3 and hashlib


def count_refused(config: Config, notes: Sequence[Note], lang: str) -> int:
    """How many entries of ``notes``' catalogs in ``lang`` machine translation no longer sends
    because an engine's replies for them were refused (withheld from at least one engine; each
    entry counted once). A catalog that cannot be read counts nothing (status reports it
    elsewhere). Reads the bookkeeping once, then only the catalogs it names. Raises nothing."""
    rows = withheld_segments(config.locales, lang)
    if not rows:
        return 0
    from l10n.mt.translate import needs_machine  # the translate stage's own test, loaded only here
    from l10n.po.catalog import load_catalog

    found = 0
    for note in notes:
        try:
            path = catalog_path(config, note, lang)
            segments = rows.get(catalog_name(config.locales, path))
            catalog = load_catalog(path) if segments else None
        except (L10nError, OSError):
            continue
        if catalog is not None and segments:
            found += sum(
                1
                for entry in catalog
                if needs_machine(entry, config.on_source_change) and segment_digest(entry.msgctxt, entry.msgid) in segments
            )
    return found
