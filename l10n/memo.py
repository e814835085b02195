"""Memos of a bounded size, the oldest entries going first (issue 19: memory flat in the notes).

A run's memos (link targets, renamed heading ids, notes' languages, folder listings) serve the
notes built near each other: the build goes in path order and a folder's links lead near. A
memo that is emptied when full loses the entries the next notes need; one that lets its oldest
entry go keeps them, and so can be a few times smaller for the same reads (session 16).
"""

from __future__ import annotations

import itertools
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def keep(memo: dict[K, V], key: K, value: V, most: int) -> V:
    """Store ``value`` under ``key`` in ``memo``, first letting the oldest entries go (in
    insertion order, as :class:`dict` keeps it) so that ``memo`` holds at most ``most`` entries
    (``most`` >= 1). Returns ``value``.

    A full memo lets its oldest quarter go at once (at least one entry), so it holds between
    3/4 of ``most`` and ``most`` entries. Not one entry per new key: a dict's first live entry
    is found by skipping the entries deleted before it, which CPython compacts only when the
    table is rebuilt, so taking the oldest one at a time cost ~1.5 µs an eviction at 8,192
    entries, ten times a quarter's sweep (session 18, s18-perf)."""
    if key not in memo and len(memo) >= most:
        for old in list(itertools.islice(memo, max(1, most // 4))):
            del memo[old]
    memo[key] = value
    return value
