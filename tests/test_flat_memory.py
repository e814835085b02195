"""Issue 19's flat memory (session 16): what a first sync holds per note is the run's list of
names and little else. Each test below fails on the code before it: a second set of every name
read back from SQLite, a digest per recorded key kept in the run state, a tuple per output
claim, memos emptied when full, a folder-listing count that drifted from what it held."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.memo import FirstByHash, SortedNames, give_back, keep
from l10n.site import links
from l10n.site.links import FolderListings
from l10n.site.relink import OutputClaims
from l10n.status import collect
from l10n.store import cachedb
from l10n.store import state as state_module
from l10n.store.changes import find_changes
from l10n.store.state import RunState, translate_key
from tests.conftest import Runner


@given(
    most=st.integers(min_value=1, max_value=12),
    keys=st.lists(st.integers(min_value=0, max_value=9), max_size=40),
)
def test_a_kept_memo_holds_the_most_recent_first_insertions_at_most(most: int, keys: list[int]) -> None:
    memo: dict[int, int] = {}
    model: list[int] = []  # keys in first-insertion order, the oldest first
    for step, key in enumerate(keys):
        assert keep(memo, key, step, most) == step
        if key not in model:
            if len(model) >= most:  # full: the oldest quarter goes at once (one at least)
                model = model[max(1, most // 4) :]
            model = [*model, key]
        assert list(memo) == model
        assert memo[key] == step
        assert len(memo) <= most


def test_folder_listings_stay_bounded_and_answer_as_the_file_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(links, "_MOST_LISTED", 7)
    files = [f"d{folder}/f{index}.md" for folder in range(12) for index in range(3)]
    for rel in files:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    listings = FolderListings(str(tmp_path))
    asked = [*files, *(f"d{folder}/gone.md" for folder in range(12)), "nowhere/f0.md"]
    for round_ in range(3):
        for index, rel in enumerate(asked[round_:] + asked[:round_]):
            assert listings.exists(rel) == os.path.exists(tmp_path / rel), rel
            if index % 5 == 0:  # a page written there: its folders' listings go
                listings.forget(str(tmp_path / rel))
            held = sum(1 if listing is None else len(listing[0]) for listing in listings.listed.values())
            assert listings.held == held <= 7


def test_the_notes_to_work_on_are_the_runs_own_names(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "# A\n", "b-en.md": "# B\n", "c/d-en.md": "# D\n"})
    config = load_config(root)
    names = ["a-en.md", "b-en.md", "c/d-en.md"]
    changes = find_changes(config, RunState.load(config), names, ["hi"])
    assert changes is not None
    assert changes.work == names and changes.unbuilt == names  # a first run: every note, never built
    # the very objects of the run's list, not a copy of each read back from the database
    assert all(any(found is name for name in names) for found in [*changes.work, *changes.unbuilt])


def test_a_key_recorded_in_this_run_is_fresh_without_its_digest_held(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"a-en.md": "# A\n", "b-en.md": "# B\n"})
    config = load_config(root)
    a, b = root / "source_notes/a-en.md", root / "source_notes/b-en.md"
    state = RunState.load(config)
    assert not state.is_fresh("build:hi:a-en.md", [a]) and not state.is_fresh("build:hi:b-en.md", [b])
    state.record("build:hi:a-en.md", [a])
    assert state.loaded["build:hi:"] == {}  # nothing held per recorded key
    assert state.is_fresh("build:hi:a-en.md", [a])
    assert not state.is_fresh("build:hi:b-en.md", [b])
    # a filter whose every bit is set asks the rows of every key: never a wrong answer
    monkeypatch.setattr(state_module, "_RECORDED_BITS", 8)
    state.recorded_here = bytearray(b"\xff")
    assert not state.is_fresh("build:hi:b-en.md", [b])
    assert state.is_fresh("build:hi:a-en.md", [a])
    b.write_text("# B edited\n", encoding="utf-8")
    state.record("build:hi:b-en.md", [b])
    a.write_text("# A edited\n", encoding="utf-8")
    assert state.is_fresh("build:hi:b-en.md", [b]) and not state.is_fresh("build:hi:a-en.md", [a])


def test_output_claims_in_the_first_language_hold_the_runs_own_names(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "# A\n"}, languages=("hi", "fr"))
    config = load_config(root)
    names = ["a-en.md", "b-en.md"]
    claims = OutputClaims(config, names)
    for name in names:
        for lang in ("hi", "fr"):
            assert claims.conflict(name, lang) is None
    first = [claim for claim in claims.owner.values() if isinstance(claim, str)]
    assert len(first) == 2 and all(any(claim is name for name in names) for claim in first)
    # the site's names: the run's own strings in one sorted list, no set of them
    assert isinstance(claims.sources, SortedNames) and not isinstance(claims.sources, (set, frozenset))
    assert all(any(held is name for name in names) for held in claims.sources) and "c-en.md" not in claims.sources
    assert sorted(claim for claim in claims.owner.values() if isinstance(claim, tuple)) == [("a-en.md", "fr"), ("b-en.md", "fr")]
    assert isinstance(claims.owner, FirstByHash)  # no dict of an int key per output (88 bytes an output)


def test_dependencies_recorded_in_this_run_are_forgotten_when_they_go(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "# A\n", "b-en.md": "# B\n"})
    config = load_config(root)
    b = str(root / "source_notes/b-en.md")
    state = RunState.load(config)
    state.record_dependencies("deps:hi:a-en.md", [b])
    assert state.dependencies["deps:hi:"][1] == set()  # no hash held per key recorded
    state.record_dependencies("deps:hi:a-en.md", [])  # the same run: its links no longer lead there
    state.save()
    db = state.connection.db
    assert db is not None
    assert db.execute("SELECT count(*) FROM stamps WHERE key = 'deps:hi:a-en.md'").fetchone() == (0,)


def test_stale_keys_held_for_their_record_are_only_those_of_stages_that_record_a_read(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "# A\n", "b-en.md": "# B\n"})
    config = load_config(root)
    state = RunState.load(config)
    catalogs = [str(root / f"locales/hi/{name}.po") for name in ("a-en", "b-en")]
    for catalog in catalogs:  # as sync and the translate stage ask about every catalog before filling one
        assert not state.is_fresh(translate_key("hi", catalog), [catalog])
    assert state.seen == {}  # its record reads none: nothing to hold through the stage
    note = str(root / "source_notes/a-en.md")
    assert not state.is_fresh("extract:hi:a-en.md", [note])
    assert list(state.seen) == ["extract:hi:a-en.md"]  # the note's stamps as seen before it is read
    # the note edited while its work ran: recorded with the stamps seen, so the next run redoes it
    before = os.stat(note).st_mtime_ns
    Path(note).write_text("# A, edited during the run\n", encoding="utf-8")
    os.utime(note, ns=(before + 10**9, before + 10**9))
    state.record("extract:hi:a-en.md", [note], [note])
    assert state.seen == {}
    assert not state.is_fresh("extract:hi:a-en.md", [note])


def test_sync_holds_no_set_of_every_note_through_its_coverage_count(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = {f"n{index}-en.md": f"# Note {index}\n\nText {index}.\n" for index in range(12)}
    root = project(notes)
    held: list[int] = []
    asked: list[Collection[str] | None] = []
    count = collect.collect_coverage

    def counting(*args: Any, **kwargs: Any) -> Any:
        caller = sys._getframe(1).f_locals  # the sync command's own variables
        held.extend(len(value) for value in caller.values() if isinstance(value, (set, frozenset)))
        asked.append(kwargs["changed"])
        return count(*args, **kwargs)

    monkeypatch.setattr(collect, "collect_coverage", counting)
    l10n.sync(root)  # a first sync: every note changed
    first = asked.pop()
    assert first is not None and not isinstance(first, (set, frozenset)) and sorted(first) == sorted(notes)
    assert all(name in first for name in notes) and "n12-en.md" not in first
    with (root / "source_notes/n0-en.md").open("a", encoding="utf-8") as handle:
        handle.write("\nAn edit.\n")
    (root / "source_notes/n11-en.md").unlink()  # a gone note: its pages are pruned, by a set of the names made then
    output = l10n.sync(root)
    assert "its note is gone from the source" in output  # the gone note's page was pruned
    assert held  # the sync's sets were seen (failed, placeheld, ...)
    assert max(held) < 11  # no set of the site's names, in either run
    assert sorted(asked.pop() or ()) == ["n0-en.md", "n11-en.md"]


def test_select_in_reads_its_values_a_list_at_a_time() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (key TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [(f"k{index}",) for index in range(0, 1300, 3)])
    pulled = 0

    def keys() -> Iterator[str]:  # as the coverage count makes a key per changed note
        nonlocal pulled
        for index in range(1300):
            pulled += 1
            yield f"k{index}"

    rows = cachedb.select_in(db, "SELECT key FROM t WHERE key IN ({marks})", keys())
    first = next(rows)
    assert pulled <= cachedb.IN_LIST_MOST + 1  # one list asked, not every value made first
    found = [first[0], *(key for (key,) in rows)]
    assert sorted(found) == sorted(f"k{index}" for index in range(0, 1300, 3))
    assert pulled == 1300


def _resident_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="the resident size is read from Linux's /proc")
def test_give_back_returns_the_free_pages_a_stage_left_inside_the_heap() -> None:
    # 40 MB of objects past Python's small-object allocator (malloc's), then one kept after them
    # (so glibc cannot trim the freed ones from the heap's top by itself), then the rest freed
    # as a stage's data goes
    blocks = [bytes(2048) + bytes([index % 256]) for index in range(20_000)]
    kept_after = bytes(4096) + b"!"
    blocks.clear()
    before = _resident_kb()
    if not give_back():
        pytest.skip("this C library has no malloc_trim")
    assert before - _resident_kb() > 20_000  # KB: most of the 40 MB freed goes back to the system
    assert kept_after.endswith(b"!")


@given(st.lists(st.text(alphabet="ab/-", max_size=4), max_size=30), st.lists(st.text(alphabet="ab/-", max_size=4), max_size=30))
def test_sorted_names_answer_as_the_set_of_their_names(names: list[str], asked: list[str]) -> None:
    held = SortedNames(names[::2], names[1::2], names[:3])
    assert len(held) == len(set(names)) and list(held) == sorted(set(names))
    assert all((name in held) == (name in set(names)) for name in [*names, *asked])
    assert object() not in held  # not a name: never held


def test_each_sqlite_file_a_run_opens_holds_a_page_cache_of_a_fixed_size(project: Callable[..., Path]) -> None:
    from l10n.mt.memory import TranslationMemory

    root = project({"a-en.md": "# A\n"})
    config = load_config(root)
    connection = cachedb.connect(config.locales, create=True)
    assert connection is not None and connection.db is not None
    # SQLite's default (2,000 KiB) filled with the files' size: 2 MB more per connection on big sites
    assert connection.db.execute("PRAGMA cache_size").fetchone() == (-cachedb.PAGE_CACHE_KIB,)
    with TranslationMemory(root / "locales/memory.sqlite3") as memory:
        assert memory._db.execute("PRAGMA cache_size").fetchone() == (-cachedb.PAGE_CACHE_KIB,)
    assert cachedb.PAGE_CACHE_KIB < 2000


@given(st.lists(st.tuples(st.sampled_from([0, 1, -1, 8, 16, 2**63 - 1, -(2**63), 24, 7]) | st.integers(-(2**63), 2**63 - 1), st.integers())))
def test_first_by_hash_keeps_the_first_value_of_each_hash_as_a_dict_does(pairs: list[tuple[int, int]]) -> None:
    table: FirstByHash[int] = FirstByHash()
    model: dict[int, int] = {}
    for key, value in pairs:
        # 0 and 1 are one key in the table (0 marks a free slot): the claims compare the paths themselves
        assert table.setdefault(key, value) == model.setdefault(key or 1, value)
    assert len(table) == len(model) and sorted(table.values()) == sorted(model.values())


def test_first_by_hash_holds_an_entry_in_a_third_of_a_dicts_bytes() -> None:
    import tracemalloc

    keys = [hash(f"c{index // 127:04d}/book/chapter-{index}.hi.md") for index in range(20_000)]
    tracemalloc.start()
    try:
        table: FirstByHash[str] = FirstByHash()
        for key in keys:
            table.setdefault(key, "a-en.md")
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(table) == len(set(keys)) and held / len(table) < 40  # a dict[int, str]: 88 bytes an entry


def test_the_memos_keyed_by_note_hold_a_few_hundred_notes_whatever_the_site(project: Callable[..., Path]) -> None:
    """Session 20: the memos of a note's paths, its language, its files' digests and whether a
    link leads to it filled up to 1,024-4,096 entries between 1,000 and 5,000 notes (a first
    sync's peak grew by about 10 MB there); a stage asks about a note a few times in a row."""
    from l10n import pipeline
    from l10n.markdown import validate
    from l10n.memo import MOST_PER_NOTE
    from l10n.site import layout, relink
    from l10n.status import handoff

    root = project({"a-en.md": "# A\n"})
    config = load_config(root)
    names = [f"c{index // 100:02d}/n{index}-en.md" for index in range(1_500)]
    for name in names:
        note = layout.NoteList(config.source, [name])[0]
        assert layout.catalog_path(config, note, "hi") == root / "locales/hi" / name.replace(".md", ".po")
        assert layout.template_path(config, note) == root / "locales/templates" / name.replace(".md", ".pot")
        assert layout.output_rel_name(config, name, "hi").endswith(name.rsplit("/", 1)[1].replace("-en.md", "-hi.md"))
        relink.note_name_of(config, f"source_notes/{name}")
        state_module._keep_digest(str(root / name), (1, 2, 3, 4), 5)
    assert layout._output_rel_cached.cache_info().currsize <= MOST_PER_NOTE
    assert layout._placed.cache_info().currsize <= MOST_PER_NOTE
    assert relink._name_in_sources.cache_info().currsize <= 1_024
    assert len(state_module._KNOWN_DIGESTS) <= 1_024
    assert relink._MOST_IS_SOURCE <= 1_024 and pipeline._MOST_LANGUAGES <= 1_024
    assert validate._VERDICTS_KEPT <= 2_048 and handoff._MOST_WORDS <= 1_024  # a chunk's texts, twice
