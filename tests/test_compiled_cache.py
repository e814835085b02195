"""The command line's cache of compiled regular expressions and dataclass methods (:mod:`l10n.cli.compiled`).

A pattern rebuilt from the cache must be the pattern ``re`` compiles (``Pattern.__eq__`` compares
flags, source and SRE code), for every pattern a real run compiles; the cache must be invisible in
a run's output, and anything unusual about its file must fall back to the normal compile.
"""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.cli import compiled
from tests.conftest import write_project

pytestmark = pytest.mark.skipif(not hasattr(re, "_compiler"), reason="the cache needs re._compiler (Python 3.11+)")

NOTES = {
    "guide-en.md": "---\ntitle: A guide\ntags: [a, b]\n---\n# Start here\n\nRead [the docs](https://example.org/docs) first.\n\n"
    "| a | b |\n|---|---|\n| `x` | **y** |\n\n> [!NOTE]\n> A note with <kbd>Ctrl</kbd>.\n\n```python\nprint(1)\n```\n",
    "more-en.md": "# More\n\nSee [Start here](guide-en.md#start-here).[^1]\n\n[^1]: A footnote &amp; an entity.\n",
}


def _run(root: Path, cache: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "L10N_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "l10n.cli", "-C", str(root), *args], capture_output=True, text=True, env=env, check=False
    )


def _files(root: Path) -> dict[str, bytes]:
    """The catalogs, templates and built notes, their creation and revision dates left out."""
    dated = re.compile(rb'^"(POT-Creation|PO-Revision)-Date: .*\n', re.MULTILINE)
    return {
        str(path.relative_to(root)): dated.sub(b"", path.read_bytes())
        for folder in ("locales", "translated")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file() and path.suffix in {".po", ".pot", ".md"}
    }


def _contents(cache: Path) -> tuple[dict[tuple[object, int], tuple[object, ...]], dict[str, CodeType]]:
    found = []
    for kind in ("patterns", "code"):
        (file,) = cache.glob(f"{kind}-*.marshal")
        build, entries = marshal.loads(file.read_bytes())
        assert build == compiled._build() and isinstance(entries, dict)
        found.append(entries)
    return found[0], found[1]


def _entries(cache: Path) -> dict[tuple[object, int], tuple[object, ...]]:
    return _contents(cache)[0]


def test_every_pattern_of_a_run_rebuilds_as_re_compiles_it(project: Callable[..., Path], tmp_path: Path) -> None:
    root = project(NOTES)
    cache = tmp_path / "cache"
    done = _run(root, cache, "sync", "--engine", "pseudo")
    assert done.returncode == 0, done.stderr
    patterns, codes = _contents(cache)
    assert len(patterns) > 100  # markdown-it's, PyYAML's, tomllib's, click's and l10n's own patterns
    import _sre  # type: ignore[import-not-found]

    for (source, flags), args in patterns.items():
        assert _sre.compile(source, *args) == re._compiler.compile(source, flags), source  # type: ignore[attr-defined]
    assert len(codes) > 100  # the methods of every dataclass the run defined
    for source, code in codes.items():  # the code exec(source) compiles in dataclasses
        assert marshal.dumps(code) == marshal.dumps(compile(source, "<string>", "exec", dont_inherit=True))


def test_a_run_from_the_cache_writes_what_a_run_without_it_writes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for name in ("warm", "cached", "plain"):
        (tmp_path / name).mkdir()
    warm, cached, plain = (write_project(tmp_path / name, NOTES) for name in ("warm", "cached", "plain"))
    assert _run(warm, cache, "sync", "--engine", "pseudo").returncode == 0
    known = set(_entries(cache))
    file = next(cache.glob("patterns-*.marshal"))
    before = file.stat().st_mtime_ns, file.stat().st_ino
    with_cache = _run(cached, cache, "sync", "--engine", "pseudo")  # its patterns from the cache
    # every pattern found there: markdown-it's class built from a set, in each run's hash order,
    # too (under its sorted key), so the file is not written again
    assert set(_entries(cache)) == known and (file.stat().st_mtime_ns, file.stat().st_ino) == before
    without = _run(plain, "", "sync", "--engine", "pseudo")
    assert with_cache.returncode == without.returncode == 0, (with_cache.stderr, without.stderr)
    assert (with_cache.stdout, with_cache.stderr) == (without.stdout, without.stderr)
    assert _files(cached) == _files(plain)


def test_turned_off_by_an_empty_folder_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("L10N_CACHE_DIR", "")
    assert compiled.cache_folder() is None
    monkeypatch.delenv("L10N_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert compiled.cache_folder() == str(tmp_path / "xdg" / "l10n")


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal at all", marshal.dumps(("another build", {("a+", 0): (32, [1, 2, 3], 0, {}, (None,))}))],
    ids=["empty", "garbage", "another build"],
)
def test_a_file_that_is_not_this_builds_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    cache = compiled.CompileCache(str(tmp_path))
    file = Path(cache.patterns.path)
    file.write_bytes(content)
    assert cache.compile("a+", 0) == re._compiler.compile("a+", 0)  # type: ignore[attr-defined]
    cache.save()
    build, patterns = marshal.loads(file.read_bytes())
    assert build == compiled._build() and list(patterns) == [("a+", 0)]
    assert not Path(cache.codes.path).exists()  # no dataclass defined: no code file written


def test_code_that_sre_refuses_is_compiled_again(tmp_path: Path) -> None:
    cache = compiled.CompileCache(str(tmp_path))
    Path(cache.patterns.path).write_bytes(marshal.dumps((compiled._build(), {("a+", 0): (32, [999, 1, 2], 0, {}, (None,))})))
    assert cache.compile("a+", 0) == re._compiler.compile("a+", 0)  # type: ignore[attr-defined]


_SOURCES = [
    r"(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<value>.+?)$",
    r"(?i)hello|(?x) wo rld",
    r"^\s{0,3}(`{3,}|~{3,})(?P=name)?",
    r"[\u0900-\u097f\U00020000-\U0002a6df]+",
    r"(?<!\\)\$(?:\{(?P<braced>[^}]*)\}|(?P<named>\w+))",
]


@given(st.sampled_from(_SOURCES), st.sampled_from([0, re.IGNORECASE, re.MULTILINE | re.DOTALL, re.VERBOSE, re.ASCII]), st.booleans())
def test_patterns_with_groups_flags_and_bytes(source: str, flags: int, as_bytes: bool) -> None:
    pattern: str | bytes = source.encode("ascii") if as_bytes else source
    try:
        expected = re._compiler.compile(pattern, int(flags))  # type: ignore[attr-defined]
    except re.error:  # a \\u escape in a bytes pattern
        return
    with tempfile.TemporaryDirectory() as folder:
        first = compiled.CompileCache(folder)
        built = first.compile(pattern, int(flags))
        first.save()
        again = compiled.CompileCache(folder).compile(pattern, int(flags))
    for rebuilt in (built, again):
        assert rebuilt == expected
        assert rebuilt.groupindex == expected.groupindex and rebuilt.groups == expected.groups


def test_dataclass_methods_from_the_cache_behave_as_compiled_ones(tmp_path: Path) -> None:
    """A dataclass whose methods were compiled in an earlier process: the same fields, defaults,
    frozen-ness, ordering, equality, hash and repr as one made without the cache."""
    code = (
        "import sys\n"
        "from l10n.cli.compiled import install\n"
        "install()\n"
        "from dataclasses import dataclass, field, FrozenInstanceError\n"
        "@dataclass(frozen=True, order=True)\n"
        "class Span:\n"
        "    start: int\n"
        "    end: int = 0\n"
        "    tags: tuple[str, ...] = field(default=())\n"
        "@dataclass\n"
        "class Bag:\n"
        "    items: list[int] = field(default_factory=list)\n"
        "    name: 'str | None' = None\n"
        "a, b = Span(1, 2, ('x',)), Span(1, 3)\n"
        "try:\n"
        "    a.start = 5\n"
        "    frozen = False\n"
        "except FrozenInstanceError:\n"
        "    frozen = True\n"
        "bag = Bag(); bag.items.append(1)\n"
        "print(repr(a), a < b, a == Span(1, 2, ('x',)), hash(a) == hash(Span(1, 2, ('x',))), frozen, repr(bag), Bag().items,\n"
        "      Span.__init__.__annotations__, Span.__init__.__defaults__, Bag.__init__.__code__.co_filename)\n"
    )
    runs = []
    for cache in ("", str(tmp_path / "cache"), str(tmp_path / "cache")):  # none, filled, read
        env = {**os.environ, "L10N_CACHE_DIR": cache}
        runs.append(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout)
    assert runs[0] == runs[1] == runs[2]
    assert "Span(start=1, end=2, tags=('x',)) True True True True Bag(items=[1], name=None) []" in runs[0]
    (file,) = (tmp_path / "cache").glob("code-*.marshal")
    codes = marshal.loads(file.read_bytes())[1]
    assert any("def __init__(self,start:_type_start,end:_type_end=_dflt_end" in source for source in codes)


def test_exec_of_source_without_namespaces_runs_in_its_callers(tmp_path: Path) -> None:
    cache = compiled.CompileCache(str(tmp_path))
    here = 1
    cache.exec("seen = here + 1")
    namespace: dict[str, object] = {"x": 2}
    cache.exec("y = x * 3", namespace)
    assert namespace["y"] == 6 and here == 1


def test_a_bad_pattern_raises_as_re_says_and_is_not_kept(tmp_path: Path) -> None:
    cache = compiled.CompileCache(str(tmp_path))
    with pytest.raises(re.error, match="missing \\), unterminated subpattern"):
        cache.compile("(a", 0)
    cache.save()
    assert not Path(cache.patterns.path).exists()


_CLASS_CHARACTERS = st.sampled_from(list("\n\t !#$%&*+-:;<=>@[\\]^_`{|}~.,'\"/?()aZ9\u00e9\u0939\u4e00\U0001f600"))


@given(st.lists(_CLASS_CHARACTERS, min_size=1, max_size=30, unique=True), st.randoms(use_true_random=False),
       st.sampled_from([0, re.MULTILINE, re.ASCII, re.IGNORECASE]))
def test_a_class_of_characters_in_another_order_rebuilds_as_re_compiles_it(
    characters: list[str], random: Any, flags: int
) -> None:
    """markdown-it-py's way (``"[" + re.escape("".join(a_set)) + "]"``): the class written in
    any order is one cache entry, and rebuilt from it it is what ``re`` compiles from that order."""
    flags = int(flags)  # as re hands flags to its compiler
    first = "[" + re.escape("".join(characters)) + "]"
    random.shuffle(characters)
    second = "[" + re.escape("".join(characters)) + "]"
    with tempfile.TemporaryDirectory() as folder:
        writer = compiled.CompileCache(folder)
        assert writer.compile(first, flags) == re._compiler.compile(first, flags)  # type: ignore[attr-defined]
        writer.save()
        reader = compiled.CompileCache(folder)
        rebuilt = reader.compile(second, flags)
        assert rebuilt == re._compiler.compile(second, flags) and rebuilt.pattern == second  # type: ignore[attr-defined]
    shared = len(set(characters)) >= 3 and not flags & re.IGNORECASE and "\U0001f600" not in characters
    if shared or first == second:  # one entry for both orders: the second compiled nothing
        assert reader.patterns.added == 0


@pytest.mark.parametrize("pattern", ["[\\\n\\ ]", r"[ab]", r"[<<Q]", r"[a-z]", r"[-az]", r"[^ab]", r"[\d_]", r"[_\d]", r"[]a]", r"[\u0041b]", "[\U0001f600a]", r"[a\]"])
def test_only_classes_of_literals_share_a_key(pattern: str) -> None:
    """A range, a negation, a category, an escape sequence, a leading "]" or a character beyond
    the BMP keeps its source as its key: their code may depend on the order."""
    assert compiled._class_key(pattern) == pattern
