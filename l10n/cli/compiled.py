"""What every run compiles the same way, kept across runs: regular expressions and dataclass methods.

Every ``l10n`` process compiles about 300 regular expressions (markdown-it's, its plugins', PyYAML's,
tomllib's, click's and l10n's own), and CPython's :mod:`re` compiles each from its source text in
Python code (``re._parser`` then ``re._compiler``): 60-80 ms of CPU for one edited note, a
fifth of a run (issue 19, ``bench/start.py``). Only the last step, ``_sre.compile``, is C. And
each of the 50 dataclasses a run defines has its ``__init__``, ``__eq__``, ``__repr__`` … written
as source text and compiled by ``exec`` (0.3-0.9 ms a class, four fifths of it the compile).

So, as the interpreter keeps bytecode in ``__pycache__``, the command line keeps the results of
those compiles in one file per interpreter build: for a pattern, what the Python steps hand to
``_sre.compile`` (the flags, the SRE code, the group count and names), rebuilt with
``_sre.compile`` alone; for a dataclass method, the code object of its source (what ``exec``
would compile: file name ``<string>``, no inherited ``__future__`` flags, as in
:mod:`dataclasses`), run by ``exec`` as the source would be.

The results are the ones a compile gives (``Pattern.__eq__`` compares flags, source and SRE code;
code objects are compared by their marshalled bytes; ``tests/test_compiled_cache.py``). Each of
the two files (patterns, code) is read on its first use in a run and written, when the run
compiled something it did not hold, by an ``atexit`` handler (a temporary file renamed over it,
so concurrent runs never see half a file). It lives in ``$L10N_CACHE_DIR``, else ``$XDG_CACHE_HOME/l10n``, else
``~/.cache/l10n`` (the XDG Base Directory specification); ``L10N_CACHE_DIR=""`` turns it off.
Anything unusual is the normal compile: an interpreter without ``re._compiler`` (3.10), a file
from another build (it records ``sys.version``, ``_sre.MAGIC`` and ``_sre.CODESIZE``), a file
that cannot be read or unmarshalled, code that ``_sre`` refuses (it validates every code it is
given), patterns with ``re.DEBUG`` or ``re.LOCALE``, and patterns given as parsed trees.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # CPython's regular expression engine: no stubs
import atexit
import builtins
import contextlib
import os
import re
import sys
from collections.abc import Callable
from types import CodeType
from typing import Any

from l10n.fsutil import open_file

_ENTRY_LIMIT = 1000
"""Beyond this many entries in a file, a save keeps only those its own run used: the file
would otherwise grow with every pattern ever built from settings or text, and by one a run from
markdown-it-py's inline terminators (a class built from a set, so in each process's hash order).
A run uses about 300 patterns and 270 dataclass methods."""

_UNCACHED = int(re.DEBUG | re.LOCALE)  # flags whose patterns compile as usual (an int: RegexFlag's & is Python code)
_UNSORTED = int(re.IGNORECASE | re.VERBOSE)  # flags under which a class's key keeps its source (see _class_key)

_Key = tuple[object, int]  # (the pattern's source, str or bytes; its flags as an int)
_Args = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]  # _sre.compile's, less the source


def cache_folder() -> str | None:
    """The cache's folder, or None when it is turned off or the interpreter is not supported:
    ``$L10N_CACHE_DIR`` (empty: off), else ``$XDG_CACHE_HOME/l10n``, else ``~/.cache/l10n``."""
    folder = os.environ.get("L10N_CACHE_DIR")
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "l10n")
    if not folder or not hasattr(re, "_compiler"):
        return None
    return folder


def _file_name(kind: str) -> str:
    """``patterns-<8 hex digits>.marshal`` or ``code-…``: a CRC-32 of :func:`_build`. Two files,
    so that a run that defines no dataclass (``l10n --version``) reads the patterns only."""
    import zlib

    return f"{kind}-{zlib.crc32(_build().encode()):08x}.marshal"


def _build() -> str:
    """What makes the compiles' output valid: the interpreter's version and build, SRE's magic
    number and code unit size (the file's name carries its CRC-32; the file holds it whole)."""
    return f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.maxunicode}"


def _class_key(pattern: str) -> str:
    """The cache key of ``pattern``: ``pattern`` itself, except for a character class of literal
    characters alone (``[`` + characters, each plain or a backslash and a character that is no
    letter or digit + ``]``: no negation, range, nested class, escape sequence or character
    beyond U+FFFF), three different ones or more, whose key lists its characters in sorted order.

    markdown-it-py builds its inline terminators' class from a set (``re.escape("".join(...))``),
    so each process writes it in its own hash order: a miss in every run, and the cache file
    written again at every exit (190 KB, growing by one entry a run). The SRE code of such a
    class does not depend on the order: ``re._compiler`` (``_optimize_charset``) writes its
    literals as a bitmap of the Basic Multilingual Plane, or as at most two literals or ranges
    in ascending order when that is shorter than the class (always, from three different
    characters on; one or two it keeps as written, once each), so the code kept under the
    sorted key is the code of any order, and the pattern is rebuilt with the process's own source
    (``tests/test_compiled_cache.py`` holds them equal). Case folding and verbose mode keep the
    source as the key (not needed, and their class handling differs)."""
    if len(pattern) < 3 or pattern[0] != "[" or pattern[-1] != "]" or pattern[1] == "^":
        return pattern
    units: list[str] = []
    index, end = 1, len(pattern) - 1
    while index < end:
        character = pattern[index]
        if character == "\\":
            escaped = pattern[index + 1] if index + 1 < end else ""
            if not escaped or escaped.isalnum() or escaped > "\uffff":
                return pattern  # \d, \n, \u0041...: a category or an escape sequence, not one literal
            units.append(pattern[index : index + 2])
            index += 2
        elif character in "[]-" or character > "\uffff":
            return pattern  # a range, a nested class (or a set operation), a character beyond the BMP
        else:
            units.append(character)
            index += 1
    if len({unit[-1] for unit in units}) < 3:
        return pattern  # one or two characters (repeated or not) keep their written order in the code
    return "[" + "".join(sorted(units)) + "]"


class _Store:
    """One cache file: a dict read on first use, written back at exit when it gained entries."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: dict[Any, Any] | None = None
        self.used: set[object] = set()
        self.added = 0

    def load(self) -> dict[Any, Any]:
        import marshal

        self.entries = {}
        try:
            with open_file(self.path) as handle:
                loaded = marshal.loads(handle.read())  # marshal.load(handle) reads object by object: 25× slower
        except (OSError, EOFError, ValueError, TypeError):
            return self.entries
        if isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == _build() and isinstance(loaded[1], dict):
            self.entries = loaded[1]
        return self.entries

    def save(self) -> None:
        """Write the file when this run added entries (a temporary file, then a rename). Errors
        are ignored: the cache only saves time."""
        if not self.added or self.entries is None:
            return
        import marshal

        entries = self.entries
        if len(entries) > _ENTRY_LIMIT:
            entries = {key: value for key, value in entries.items() if key in self.used}
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as handle:
                handle.write(marshal.dumps((_build(), entries)))
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(temporary)


class CompileCache:
    """The compiled patterns and code objects of one cache folder, and the functions that use them.

    :meth:`compile` has the signature and result of ``re._compiler.compile`` (which
    ``re.compile``, ``re.match`` and the rest call on a miss of their own in-process cache);
    :meth:`exec` those of the built-in ``exec`` with source text. Each file is read on its
    first use; :meth:`save` writes those that gained entries.
    """

    def __init__(self, folder: str) -> None:
        self.patterns = _Store(os.path.join(folder, _file_name("patterns")))
        self.codes = _Store(os.path.join(folder, _file_name("code")))
        self._compiler: Any = re._compiler  # type: ignore[attr-defined]
        self._original: Callable[..., re.Pattern[Any]] = self._compiler.compile

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        """``re._compiler.compile(pattern, flags)``, from the cache when it holds the pattern."""
        if not isinstance(pattern, (str, bytes)) or flags & _UNCACHED:
            return self._original(pattern, flags)
        store = self.patterns
        entries = store.entries if store.entries is not None else store.load()
        key = (_class_key(pattern) if isinstance(pattern, str) and not flags & _UNSORTED else pattern, int(flags))
        args = entries.get(key)
        if args is not None:
            try:
                compiled: re.Pattern[Any] = _sre.compile(pattern, *args)
            except (TypeError, ValueError, RuntimeError, OverflowError):  # not ours, or SRE refused it
                del entries[key]
            else:
                store.used.add(key)
                return compiled
        try:  # re._compiler.compile's steps, keeping what it hands to _sre.compile
            parsed = self._compiler._parser.parse(pattern, flags)
            code = list(map(int, self._compiler._code(parsed, flags)))  # opcodes are int subclasses marshal refuses
            groupindex = dict(parsed.state.groupdict)
            indexgroup: list[str | None] = [None] * parsed.state.groups
            for name, index in groupindex.items():
                indexgroup[index] = name
            args = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
            compiled = _sre.compile(pattern, *args)
        except Exception:  # noqa: BLE001 -- a bad pattern, or a Python whose steps differ: re's own compile says it
            return self._original(pattern, flags)
        entries[key] = args
        store.used.add(key)
        store.added += 1
        return compiled

    def exec(self, source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /) -> None:
        """``exec(source, globals, locals)``, the source's code object from the cache when it
        holds it. Source text is compiled as ``exec`` compiles it in :mod:`dataclasses` (file
        name ``<string>``, no ``__future__`` flags inherited); anything else runs as given."""
        if globals is None:  # exec(source) alone runs in its caller's namespaces
            caller = sys._getframe(1)
            globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
        if not isinstance(source, str):
            builtins.exec(source, globals, locals)  # noqa: S102 -- as the caller asked
            return
        store = self.codes
        entries = store.entries if store.entries is not None else store.load()
        code = entries.get(source)
        if not isinstance(code, CodeType):
            code = compile(source, "<string>", "exec", dont_inherit=True)
            entries[source] = code
            store.added += 1
        store.used.add(source)
        builtins.exec(code, globals, locals)  # noqa: S102 -- the code of dataclasses' own source

    def save(self) -> None:
        """Write each file that gained entries in this run."""
        self.patterns.save()
        self.codes.save()


_installed: list[CompileCache] = []


def install() -> CompileCache | None:
    """Make ``re`` compile, and :mod:`dataclasses` run its generated source, through the cache for
    the rest of the process (once), and save it at exit. Returns the cache, or None when it is
    off or the interpreter is not supported."""
    if _installed:
        return _installed[0]
    folder = cache_folder()
    if folder is None:
        return None
    import dataclasses

    cache = CompileCache(folder)
    cache._compiler.compile = cache.compile
    dataclasses.exec = cache.exec  # type: ignore[attr-defined]  # a module global shadows the built-in
    atexit.register(cache.save)
    _installed.append(cache)
    return cache
