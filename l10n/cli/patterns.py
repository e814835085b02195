"""Compiled regular expressions kept across runs: the start-up cost of a command's patterns.

Every ``l10n`` process compiles about 300 regular expressions (markdown-it's, its plugins', PyYAML's,
tomllib's and l10n's own), and CPython's :mod:`re` compiles each from its source text in Python
code (``re._parser`` then ``re._compiler``): 100-130 ms of CPU for one edited note, a third of
the fixed cost of a run (issue 19, ``bench/start.py``). Only the last step, ``_sre.compile``, is
C. So, as the interpreter keeps bytecode in ``__pycache__``, the command line keeps what the
Python steps produce for each pattern (the flags, the SRE code, the group count and names) in one
file per interpreter build, and rebuilds a pattern it finds there with ``_sre.compile`` alone.

The same arguments give the same pattern object as ``re.compile`` (``Pattern.__eq__`` compares
the flags, the source and the code; ``tests/test_pattern_cache.py``). The file is read on the
first compile of a run and written, when the run compiled a pattern it did not hold, by an
``atexit`` handler (a temporary file renamed over it, so concurrent runs never see half a file).
It lives in ``$L10N_CACHE_DIR``, else ``$XDG_CACHE_HOME/l10n``, else ``~/.cache/l10n``
(the XDG Base Directory specification); ``L10N_CACHE_DIR=""`` turns it off. Anything unusual is
the normal compile: an interpreter without ``re._compiler`` (3.10), a file from another build
(it records ``sys.version``, ``_sre.MAGIC`` and ``_sre.CODESIZE``), a file that
cannot be read or unmarshalled, code that ``_sre`` refuses (it validates every code it is
given), patterns with ``re.DEBUG`` or ``re.LOCALE``, and patterns given as parsed trees.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # CPython's regular expression engine: no stubs
import atexit
import contextlib
import os
import re
import sys
from collections.abc import Callable
from typing import Any

_ENTRY_LIMIT = 1000
"""Beyond this many patterns in the file, a save keeps only the patterns its own run used: the
file would otherwise grow with every pattern ever built from settings or text, and by one a run
from markdown-it-py's inline terminators (a class built from a set, so in each process's hash
order). A run holds about 300."""

_UNCACHED = int(re.DEBUG | re.LOCALE)  # flags whose patterns compile as usual (an int: RegexFlag's & is Python code)

_Key = tuple[object, int]  # (the pattern's source, str or bytes; its flags as an int)
_Args = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]  # _sre.compile's, less the source


def cache_file() -> str | None:
    """The cache's path for this interpreter build, or None when it is turned off or unsupported.

    The folder is ``$L10N_CACHE_DIR`` (empty: off), else ``$XDG_CACHE_HOME/l10n``, else
    ``~/.cache/l10n``; the name ``patterns-<8 hex digits>.marshal`` carries a CRC-32 of
    :func:`_build`."""
    import zlib

    folder = os.environ.get("L10N_CACHE_DIR")
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "l10n")
    if not folder or not hasattr(re, "_compiler"):
        return None
    return os.path.join(folder, f"patterns-{zlib.crc32(_build().encode()):08x}.marshal")


def _build() -> str:
    """What makes the compiler's output valid: the interpreter's version and build, SRE's magic
    number and code unit size (the file's name carries its CRC-32; the file holds it whole)."""
    return f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.maxunicode}"


class PatternCache:
    """The compiled patterns of one cache file, and the compile function that uses them.

    ``compile(pattern, flags)`` has the signature and result of ``re._compiler.compile`` (which
    ``re.compile``, ``re.match`` and the rest call on a miss of their own in-process cache).
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: dict[_Key, _Args] | None = None  # read on the first compile
        self.used: set[_Key] = set()
        self.added = 0
        compiler: Any = re._compiler  # type: ignore[attr-defined]
        self._original: Callable[..., re.Pattern[Any]] = compiler.compile
        self._compiler = compiler

    def _load(self) -> dict[_Key, _Args]:
        import marshal

        try:
            with open(self.path, "rb") as handle:
                loaded = marshal.loads(handle.read())  # marshal.load(handle) reads object by object: 25× slower
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == _build() and isinstance(loaded[1], dict):
            return loaded[1]
        return {}

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        """``re._compiler.compile(pattern, flags)``, from the cache when it holds the pattern."""
        if not isinstance(pattern, (str, bytes)) or flags & _UNCACHED:
            return self._original(pattern, flags)
        if self.entries is None:
            self.entries = self._load()
        key = (pattern, int(flags))
        args = self.entries.get(key)
        if args is not None:
            try:
                compiled: re.Pattern[Any] = _sre.compile(pattern, *args)
            except (TypeError, ValueError, RuntimeError, OverflowError):  # not ours, or SRE refused it
                del self.entries[key]
            else:
                self.used.add(key)
                return compiled
        # re._compiler.compile's steps, keeping what it hands to _sre.compile
        parsed = self._compiler._parser.parse(pattern, flags)
        code = list(map(int, self._compiler._code(parsed, flags)))  # opcodes are int subclasses marshal refuses
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        self.entries[key] = args
        self.used.add(key)
        self.added += 1
        return _sre.compile(pattern, *args)  # type: ignore[no-any-return]

    def save(self) -> None:
        """Write the patterns to the file when this run compiled any it did not hold (a
        temporary file, then a rename). Errors are ignored: the cache only saves time."""
        if not self.added or self.entries is None:
            return
        import marshal

        entries = self.entries
        if len(entries) > _ENTRY_LIMIT:
            entries = {key: entries[key] for key in self.used}
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as handle:
                handle.write(marshal.dumps((_build(), entries)))
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(temporary)


_installed: list[PatternCache] = []


def install() -> PatternCache | None:
    """Make ``re`` compile through the cache for the rest of the process (once), and save it at
    exit. Returns the cache, or None when it is off or the interpreter is not supported."""
    if _installed:
        return _installed[0]
    path = cache_file()
    if path is None:
        return None
    cache = PatternCache(path)
    cache._compiler.compile = cache.compile
    atexit.register(cache.save)
    _installed.append(cache)
    return cache
