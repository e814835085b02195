"""Segment counts of a catalog the build has read, from what that read stored.

A build's read of a catalog (:func:`l10n.po.scan.read_translations`) stores what those exact
bytes publish, counts included, keyed by the file and a digest of its bytes
(:func:`l10n.store.verdicts.remember_publication`). The coverage line of ``sync`` runs right
after the build, which has just read every catalog the run wrote: taking its stored counts
spares a second parse and validation of each catalog (issue 19: 0.8 s of a 12 s first sync of
150 notes was counting them again).
"""

from __future__ import annotations

import dataclasses
import marshal
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.fsutil import read_file
from l10n.po.policy import Coverage

if TYPE_CHECKING:
    from l10n.store.verdicts import Verdicts


def published_segments(store: Verdicts, policy: str, path: str) -> Coverage | None:
    """The segment counts of the catalog file ``path`` (absolute), as the build's read of its
    current bytes under ``policy`` (``on_source_change``) stored them in ``store`` (the
    project's, :class:`l10n.store.verdicts.Verdicts`; made apart from the one the process's
    validator may be attached to, which a status reader leaves alone); None when there is no
    such record (never read by a build, read by polib's reader, a translation rejected, other
    bytes since, another validator or reader version) or the file cannot be read.

    Equal to the ``segments`` of :func:`l10n.status.po_counts.count_catalog` of the same bytes:
    both fold the entries of :func:`l10n.po.scan.scan_catalog` (tests compare them). Sound for
    a file written again within one ``mtime`` tick, since the record is found by the digest of
    the bytes read here, not by the file's stat. Raises nothing."""
    from l10n.store import cachedb, catalog_digests, verdicts  # the build's store: loaded by the build that ran before

    try:
        data = read_file(Path(path))
    except OSError:
        return None
    connection = cachedb.connect(store.locales, create=False)
    if connection is not None:
        connection.flush()  # records this process's build made wait in the batch until written
    remembered = store.publication(path, verdicts.catalog_digest(data, policy))
    if remembered is None:
        return None
    try:
        form, _, counts, _ = marshal.loads(remembered)  # l10n.po.scan._encode_publication's bytes
        if form == catalog_digests.PUBLICATION_FORMAT and type(counts) is tuple and len(counts) == len(dataclasses.fields(Coverage)) and all(type(n) is int for n in counts):
            return Coverage(*counts)
    except (ValueError, TypeError, IndexError, KeyError, EOFError):
        pass
    return None  # a damaged row: the caller counts the file
