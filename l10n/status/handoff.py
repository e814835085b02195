"""Counts handed to the status cache by the stage that has just written a catalog.

The first ``l10n status`` after a ``sync`` parsed, validated and counted again every catalog the
sync had written (3.7 s of CPU at 1,000 notes, 71 s at 20,000: issue 19), because the status
cache's rows are keyed by the file's size and change time, which the sync's writes moved. The
translate stage has each catalog's entries in hand when it saves it, and what the build
publishes from them: :func:`publication_and_counts` decides each entry once and folds the
decisions into that publication (for :func:`l10n.po.scan.remember_saved`) and into the counts
``status`` would make (:func:`l10n.status.po_counts.count_entries`, the one fold), and
:func:`remember_saved_counts` stores those under the key ``status`` looks up, with the digest of
the bytes written. The file was written just now, inside the cache's racy window, so the row is
*unproven*: ``status`` checks the digest against the file's bytes before it takes the counts
(:meth:`l10n.status.cache.StatusCache.counts`), which costs a read and a BLAKE2 of the file
instead of a parse, a validation lookup per translation and a word count per msgid.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

from l10n.po.catalog import Catalog
from l10n.po.policy import Decision, Tally, Translations, entry_decision, entry_key
from l10n.po.scan import ScannedEntry
from l10n.status.cache import StatusCache, fingerprint
from l10n.status.model import FileCounts
from l10n.status.po_counts import count_entries
from l10n.store import cachedb

_MADE: weakref.WeakSet[cachedb.Connection] = weakref.WeakSet()
"""The connections whose status tables this process has made or found (a deferred row must never
name a table that is missing: its error would roll back the other rows of its batch)."""
_WORDS: dict[str, int] = {}
"""Words per msgid (:func:`l10n.status.wordcount.count_words`), across the catalogs this process
saves: a note's catalogs in several languages repeat its msgids, and a catalog saved at a
checkpoint and again when done repeats its own."""
_MOST_WORDS = 1_024
"""Msgids kept in :data:`_WORDS` before it starts again: about the msgids of two chunks of
catalogs (:data:`l10n.mt.translate.CHUNK`), where they repeat. 20,000 held 13 MB more at the
peak of a first translate of 3,000 notes, and 4,096 (each msgid's text kept alive after its
catalog went, about 650 bytes an entry) 1.7 MB at the end of a first sync of 2,000 (issue 19's
flat memory)."""
_REJECTED = ("rejected",)
"""Stands for a translation validation kept out (only its presence is counted)."""
_OBSOLETE = Decision(None, "untranslated")
"""An obsolete entry's decision, as :func:`l10n.po.scan.scan_catalog` gives it."""


def publication_and_counts(
    catalog: Catalog, policy: str = "machine", word_memo: dict[str, int] | None = None
) -> tuple[Translations, FileCounts]:
    """``catalog``'s :meth:`~l10n.po.catalog.Catalog.publication` under ``policy`` and the counts
    ``status`` makes of its saved bytes (:func:`l10n.status.po_counts.count_entries` of
    :func:`saved_entries`), from one walk of its entries, each decided once
    (:func:`l10n.po.policy.entry_decision`), in place of the publication's walk then
    :func:`saved_entries`' (about 8 % of translate's hand-off, issue 19). The counts take
    each entry's own bucket, which :func:`saved_entries` rebuilds from the publication's keys
    (tests hold both, and a count of the file's bytes, equal). ``word_memo`` as
    :func:`~l10n.status.po_counts.count_entries`'."""
    tally = Tally(track_done=True)
    add = tally.add
    obsolete = 0
    # catalog.po in file order: its live entries are the catalog's index in the same order
    # (Catalog indexes them so, duplicates refused), which Catalog.publication walks. A list,
    # then count_entries: a generator feeding it cost more than the second walk it spared
    # (1,000 catalogs: 0.78 s against 0.69, and 0.63 as a list).
    entries: list[ScannedEntry] = []
    append = entries.append
    for entry in catalog.po:
        if entry.obsolete:
            obsolete += 1
            append(ScannedEntry(entry.msgctxt, entry.msgid, True, entry.comment, _OBSOLETE))
            continue
        decision = entry_decision(entry, policy)
        msgctxt, msgid = entry.msgctxt, entry.msgid
        add((msgctxt, msgid), msgid, decision)
        append(ScannedEntry(msgctxt, msgid, False, entry.comment, decision))
    return tally.result(obsolete), count_entries(entries, word_memo)


def saved_entries(catalog: Catalog, translations: Translations) -> list[ScannedEntry]:
    """The entries of ``catalog`` in file order as :func:`l10n.po.scan.scan_catalog` would read
    them from its saved bytes, each with the bucket, review and rejection that ``translations``
    (its :meth:`~l10n.po.catalog.Catalog.publication`) gives it: a translated or fuzzy entry is
    one the publication counts done (fuzzy when flagged, as :func:`l10n.po.policy.decide` and
    plural entries count), an obsolete entry's decision is ``untranslated``. The published text
    is left out (counts do not need it). Tests hold :func:`publication_and_counts` to it."""
    done = translations.done_keys if translations.done_keys is not None else translations.published
    review, rejected = translations.review_keys, translations.rejected_keys
    entries: list[ScannedEntry] = []
    for entry in catalog.po:
        if entry.obsolete:
            entries.append(ScannedEntry(entry.msgctxt, entry.msgid, True, entry.comment, Decision(None, "untranslated")))
            continue
        key = entry_key(entry)
        bucket = ("fuzzy" if entry.fuzzy else "translated") if key in done else "untranslated"
        findings = _REJECTED if key in rejected else ()
        entries.append(ScannedEntry(key[0], key[1], False, entry.comment, Decision(None, bucket, key in review, findings)))
    return entries


def _status_cache(locales: Path, policy: str) -> StatusCache:
    """The status cache of the project of ``locales`` through this process's connection to its
    bookkeeping file (the one the run writes through: :func:`l10n.store.cachedb.connect`), its
    tables made the first time only (:meth:`StatusCache.open` looks them up each time)."""
    connection = cachedb.connect(locales, create=False)
    if connection is None or connection in _MADE:
        return StatusCache(connection, policy)
    cache = StatusCache.open(locales, policy)
    if cache.connection is not None:
        _MADE.add(cache.connection)
    return cache


def saved_publication_and_counts(catalog: Catalog, policy: str) -> tuple[Translations, FileCounts]:
    """:func:`publication_and_counts` of a catalog translate has just saved, its msgids' words
    kept across the catalogs of the run (:data:`_WORDS`)."""
    if len(_WORDS) > _MOST_WORDS:
        _WORDS.clear()
    return publication_and_counts(catalog, policy, _WORDS)


def remember_saved_counts(catalog: Catalog, counts: FileCounts, digest: bytes, locales: Path, policy: str) -> None:
    """Store ``counts`` (:func:`saved_publication_and_counts`) of ``catalog``, just saved to
    ``catalog.path`` with bytes of :func:`l10n.store.verdicts.catalog_digest` ``digest`` under
    ``policy`` (``on_source_change``), in the status cache of the project of ``locales``:
    an unproven row under the file's current size and change time, which ``status`` takes once
    the file's bytes show that digest. Raises nothing: a file gone or replaced meanwhile is
    counted by ``status`` as ever."""
    if catalog.path is None:
        return
    try:
        st = os.stat(catalog.path)
    except OSError:
        return
    cache = _status_cache(locales, policy)
    cache.store_counts(str(catalog.path), fingerprint(st), counts, digest)
