"""Counts of one catalog, template or note: segments and source words per state, and the title.

Catalogs and templates are read by :func:`l10n.po.scan.scan_catalog`, the same reader the build
uses, so status counts exactly what the build publishes. Definitions of the states are in
:mod:`l10n.status.collect`'s docstring.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from l10n.errors import CatalogError
from l10n.fsutil import read_file
from l10n.markdown.document import Document, SegmentKind
from l10n.po.policy import Coverage
from l10n.po.scan import ScannedEntry, scan_catalog
from l10n.status.model import TITLE_CONTEXT, FileCounts
from l10n.status.wordcount import count_words

_SLOT = {"translated": 0, "fuzzy": 1, "untranslated": 2}
_OBSOLETE, _REVIEW, _REJECTED = 3, 4, 5
_HEADING = SegmentKind.HEADING.value


def count_catalog(
    text: str, path: Path, word_memo: dict[str, int] | None = None, policy: str | None = None, validated: bool = False
) -> FileCounts:
    """Count the entries of the PO/POT file ``path``, whose decoded ``text`` is given.

    ``word_memo`` (msgid to words) can be shared between the catalogs of one note, which repeat
    their msgids. ``policy`` (the ``on_source_change`` setting) decides, as in the build, which
    translations count as translated or fuzzy (:func:`l10n.po.policy.decide`: validation passed,
    a stale entry per the policy); entries needing review and translations rejected by
    validation are counted apart too. Templates take the default. ``validated``: every
    translation chosen from ``text`` is known to pass (the whole file's pass is stored,
    :func:`l10n.store.verdicts.catalog_digest`), so none is looked up or validated. Raises
    :class:`~l10n.errors.CatalogError` (with the line) for a file the build would refuse.
    """
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return count_entries(scan_catalog(text, path, policy or "machine", validated), word_memo)


def count_entries(entries: Iterable[ScannedEntry], word_memo: dict[str, int] | None = None) -> FileCounts:
    """Fold the entries of :func:`l10n.po.scan.scan_catalog` (in file order) into a file's counts,
    as :func:`count_catalog` defines them; ``word_memo`` as there."""
    memo = {} if word_memo is None else word_memo
    seg = [0, 0, 0, 0, 0, 0]  # translated, fuzzy, untranslated, obsolete, review, rejected
    words = [0, 0, 0, 0, 0, 0]
    title: str | None = None
    heading: str | None = None
    for entry in entries:
        msgid = entry.msgid
        n_words = memo.get(msgid)
        if n_words is None:
            n_words = memo[msgid] = count_words(msgid)
        if entry.obsolete:
            seg[_OBSOLETE] += 1
            words[_OBSOLETE] += n_words
            continue
        decision = entry.decision
        slot = _SLOT[decision.bucket]
        seg[slot] += 1
        words[slot] += n_words
        if decision.review:
            seg[_REVIEW] += 1
            words[_REVIEW] += n_words
        if decision.findings:
            seg[_REJECTED] += 1
            words[_REJECTED] += n_words
        if entry.context == TITLE_CONTEXT:
            title = title if title is not None else msgid
        elif heading is None and entry.context is None and _HEADING in entry.kinds:
            heading = msgid
    return FileCounts(
        Coverage(seg[0] + seg[1] + seg[2], *seg),
        Coverage(words[0] + words[1] + words[2], *words),
        title if title is not None else heading,
    )


def count_catalog_file(
    path: Path, word_memo: dict[str, int] | None = None, policy: str | None = None, digests: dict[str, bytes] | None = None
) -> FileCounts:
    """Read and count one PO/POT file (see :func:`count_catalog`); raises
    :class:`~l10n.errors.CatalogError` for a file that cannot be read or decoded (UTF-8).

    ``digests``: gets ``str(path)`` -> the :func:`l10n.store.verdicts.catalog_digest` of the bytes
    counted under ``policy`` (the default for a template), which the status cache keeps with the
    counts. A catalog whose bytes passed whole before (that digest's pass is stored, as the build
    and translate store it) is counted without looking up or validating any translation."""
    from l10n.store import verdicts  # the PO reader's validation loads it anyway

    try:
        raw = read_file(path)
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror or exc}", path) from None
    digest = verdicts.catalog_digest(raw, policy or "machine")
    if digests is not None:
        digests[str(path)] = digest
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        from l10n.po.grammar import undecodable

        message, line = undecodable(raw, exc)
        raise CatalogError(message, path, line) from None
    del raw
    return count_catalog(text, path, word_memo, policy, policy is not None and verdicts.passed_before(digest))


def count_document(doc: Document) -> FileCounts:
    """Counts of a note that has no catalog and no template: every segment untranslated."""
    seen: set[tuple[str | None, str]] = set()
    n_words = 0
    title: str | None = None
    heading: str | None = None
    for segment in doc.segments:
        if segment.key in seen:
            continue
        seen.add(segment.key)
        n_words += count_words(segment.text)
        if segment.context == TITLE_CONTEXT and title is None:
            title = segment.text
        elif segment.kind is SegmentKind.HEADING and heading is None:
            heading = segment.text
    n = len(seen)
    return FileCounts(Coverage(n, 0, 0, n, 0), Coverage(n_words, 0, 0, n_words, 0), title or heading)
