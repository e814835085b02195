"""Memos of a bounded size, the oldest entries going first (issue 19: memory flat in the notes).

A run's memos (link targets, renamed heading ids, notes' languages, folder listings) serve the
notes built near each other: the build goes in path order and a folder's links lead near. A
memo that is emptied when full loses the entries the next notes need; one that lets its oldest
entry go keeps them, and so can be a few times smaller for the same reads (session 16).
"""

from __future__ import annotations

import array
import bisect
import itertools
from collections.abc import Collection, Iterable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


MOST_PER_NOTE = 256
"""Entries a memo keyed by note (or by one of its files) holds at most, where a stage asks
about a note a few times in a row and the next stages come back to it only after every other
note: a memo that would span the stages fills up to its bound by the first few thousand notes,
and its entries, made one by one between each note's short-lived objects, are spread over the
heap (issue 19: a first ``sync``'s peak memory grew by about 10 MB between 1,000 and 5,000
notes while the run's memos filled to 1,024-8,192 entries)."""


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


def give_back() -> bool:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim(0)``, which since
    glibc 2.8 also releases whole free pages inside the heap, not only at its top). Whether it
    could be asked: False where the C library has no such call (musl, macOS, Windows).

    For ``sync``, between its stages: a stage's freed objects larger than Python's small-object
    allocator takes (512 bytes: catalogs' texts, lists, dicts) leave free pages among live ones,
    which glibc keeps in the process; the next stage then grows from the last one's high-water
    mark. Measured on a first ``sync`` (``bench/memory_trace.py --trace``): 4 MB given back after
    translate and 3.3 MB after build at 1,000 notes, the run's peak 1.7 MB lower (issue 19: the
    peak memory of every command flat in the notes). A few milliseconds a call."""
    import ctypes  # loaded by runs that worked only: a no-op sync starts without it

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library
    except (OSError, AttributeError, TypeError):  # TypeError: Windows' CDLL takes no None
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
    return True


class SortedNames(Collection[str]):
    """A read-only set of note names held as one sorted list of the given strings (8 bytes a
    name, the strings themselves shared with the caller's), asked by binary search: what a run
    asks of many names a few times, where a :class:`set` took 50-100 bytes a name (the notes a
    first ``sync`` changed, every one of them, through its coverage count; the site's notes
    through a build, :class:`~l10n.site.relink.OutputClaims`: issue 19's flat memory). ``in`` costs O(log n) string comparisons, a microsecond at 20,000 names."""

    def __init__(self, *parts: Iterable[str]) -> None:
        names = sorted(itertools.chain(*parts))
        # duplicates out in place (a note both worked on and stale): no second list is made
        kept = 0
        for name in names:
            if not kept or names[kept - 1] != name:
                names[kept] = name
                kept += 1
        del names[kept:]
        self._names = names

    def __contains__(self, name: object) -> bool:
        names = self._names
        at = bisect.bisect_left(names, name) if isinstance(name, str) else len(names)
        return at < len(names) and names[at] == name

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class FirstByHash(Generic[V]):
    """The first value given for each hash (an ``int`` of 64 bits at most, as :func:`hash`
    gives), as :meth:`dict.setdefault` keeps it, in one open-addressed table: an 8-byte slot of
    ``array('q')`` and a list entry per slot, at most two thirds full (about 30 bytes an entry,
    the values themselves the caller's), where a ``dict[int, V]`` took about 88 bytes with its
    ``int`` keys. For what a run adds once per note and keeps to its end (the build's output
    claims, :class:`~l10n.site.relink.OutputClaims`: issue 19's flat memory)."""

    def __init__(self) -> None:
        self._hashes = array.array("q", bytes(8 * 8))  # 0: an empty slot (a hash of 0 is kept as 1)
        self._values: list[V | None] = [None] * 8
        self._used = 0

    def setdefault(self, key: int, value: V) -> V:
        """The value first given for ``key`` (``value`` when ``key`` is new, which it then keeps)."""
        key = key or 1  # a hash is never 0 in the table: 0 marks a free slot
        hashes = self._hashes
        mask = len(hashes) - 1
        slot = key & mask
        while True:
            held = hashes[slot]
            if held == key:
                return self._values[slot]  # type: ignore[return-value]  # a used slot holds a V
            if not held:
                break
            slot = (slot + 1) & mask  # linear probing: the hashes' low bits are spread already
        hashes[slot] = key
        self._values[slot] = value
        self._used += 1
        if 3 * self._used > 2 * len(hashes):
            self._grow()
        return value

    def _grow(self) -> None:
        old = zip(self._hashes, self._values)
        size = 2 * len(self._hashes)
        self._hashes = array.array("q", bytes(8 * size))
        self._values = [None] * size
        self._used = 0
        for key, value in old:
            if key:
                self.setdefault(key, value)  # type: ignore[arg-type]  # a used slot holds a V

    def values(self) -> Iterator[V]:
        """The values kept, in no particular order."""
        return (value for key, value in zip(self._hashes, self._values) if key)  # type: ignore[misc]

    def __len__(self) -> int:
        return self._used
