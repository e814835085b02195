"""Memos of a bounded size, the oldest entries going first (issue 19: memory flat in the notes).

A run's memos (link targets, renamed heading ids, notes' languages, folder listings) serve the
notes built near each other: the build goes in path order and a folder's links lead near. A
memo that is emptied when full loses the entries the next notes need; one that lets its oldest
entry go keeps them, and so can be a few times smaller for the same reads (session 16).
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def keep(memo: dict[K, V], key: K, value: V, most: int) -> V:
    """Store ``value`` under ``key`` in ``memo``, first letting the oldest entries go (in
    insertion order, as :class:`dict` keeps it) so that ``memo`` holds at most ``most`` entries
    (``most`` >= 1). Returns ``value``. A dict's first live entry is found in amortized constant
    time: CPython compacts the entries when the table is rebuilt on growth."""
    if key not in memo:
        while len(memo) >= most:
            del memo[next(iter(memo))]
    memo[key] = value
    return value
