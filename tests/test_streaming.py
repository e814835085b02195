"""Runs read their notes one at a time: the note list holds names, work is handed out in a window,
and none of it changes what is written or in which order outcomes arrive."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.pipeline import _map
from l10n.site.layout import Note, NoteList, select_notes, shard
from l10n.workers import BYTES_PER_WORKER, default_jobs, usable_cores, worker_count
from tests.conftest import Runner, write_project


def test_map_in_workers_keeps_order_and_reads_items_as_needed() -> None:
    pulled = 0

    def items() -> Iterator[int]:
        nonlocal pulled
        for number in range(1000):
            pulled += 1
            yield number

    seen: list[tuple[int, int]] = []
    pulled_at_first_result: list[int] = []

    def on_done(item: int, result: int) -> None:
        if not seen:
            pulled_at_first_result.append(pulled)
        seen.append((item, result))

    _map(operator.neg, items(), 2, on_done, expected=1000, size_of=lambda item: BYTES_PER_WORKER // 100)
    assert seen == [(number, -number) for number in range(1000)]
    # read ahead until the work fills two workers (200 items), then chunks of 1000 // (2 * 4)
    # = 64 at most, and at most 2 * 4 of them in flight
    assert pulled_at_first_result[0] <= 2 * 4 * 64


def test_note_list_is_in_path_order_and_makes_the_same_notes(tmp_path: Path) -> None:
    names = ["a-b/x-en.md", "a/b-en.md", "a-en.md", "ab/c-en.md", "a/b/c-en.md", "Z-en.md"]
    root = write_project(tmp_path, dict.fromkeys(names, "# T\n\nText.\n"))
    config = load_config(root)
    notes = select_notes(config, [])
    assert isinstance(notes, NoteList) and len(notes) == len(names)
    expected = sorted(Note(PurePosixPath(n), config.source / n) for n in names)  # pathlib's order
    assert list(notes) == expected
    assert notes[1] == expected[1] and list(notes[2:4]) == expected[2:4]
    halves = [shard(notes, k, 2) for k in (1, 2)]
    assert sorted(n.name for half in halves for n in half) == sorted(names)
    assert select_notes(config, ["a", "Z-en.md"]).names == ["Z-en.md", "a/b/c-en.md", "a/b-en.md"]  # as pathlib sorts


def _catalogs(root: Path) -> dict[str, list[tuple[str, str]]]:
    return {
        str(path.relative_to(root)): [(entry.msgid, entry.msgstr) for entry in polib.pofile(str(path))]
        for path in sorted((root / "locales").rglob("*.po*"))
    }


def test_two_workers_write_what_one_process_writes(tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    # 200 notes of about 10 KB: 2 MB of work, what two workers need (one per BYTES_PER_WORKER)
    import concurrent.futures

    started: list[int | None] = []

    class Counted(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, max_workers: int | None = None, **kwargs: Any) -> None:
            started.append(max_workers)
            super().__init__(max_workers, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    body = "\n\n".join(f"Paragraph {k} of a long note, in words enough to weigh ten kilobytes." for k in range(150))
    notes = {f"d{i % 3}/n{i:03}-en.md": f"# Note {i}\n\n{body}\n\n- item {i}\n" for i in range(200)}
    assert sum(len(text.encode()) for text in notes.values()) >= 2 * BYTES_PER_WORKER
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one, two = write_project(tmp_path / "one", notes), write_project(tmp_path / "two", notes)
    for root, jobs in ((one, "1"), (two, "2")):
        assert l10n(root, "extract", "--jobs", jobs).exit_code == 0
        assert l10n(root, "build", "--jobs", jobs).exit_code == 0
    assert started == ([2, 2] if usable_cores() >= 2 else [])  # extract and build of "two" only
    assert _catalogs(one) == _catalogs(two) and len(_catalogs(one)) == 400
    built = sorted(p.relative_to(one) for p in (one / "translated").rglob("*.md"))
    assert len(built) == 200
    assert all((one / rel).read_bytes() == (two / rel).read_bytes() for rel in built)


def test_worker_count_follows_the_work_and_never_exceeds_cores_or_the_request() -> None:
    from l10n.cli.app import worker_jobs

    cores = usable_cores()
    assert worker_jobs(64, 100_000) == cores  # never more workers than cores
    assert 1 <= worker_jobs(None, 100_000) <= cores
    assert worker_jobs(8, 1) == 1 and worker_jobs(1, 100_000) == 1
    # the work after skipping decides how many start: one per BYTES_PER_WORKER bytes
    assert worker_count(8, 0, cores=8) == worker_count(8, BYTES_PER_WORKER - 1, cores=8) == 1
    assert worker_count(8, 2 * BYTES_PER_WORKER, cores=8) == 2
    assert worker_count(8, 100 * BYTES_PER_WORKER, cores=8) == 8
    assert worker_count(8, 100 * BYTES_PER_WORKER, cores=1) == 1  # one core: never a pool
    assert worker_count(3, 100 * BYTES_PER_WORKER, cores=8) == 3
    assert worker_count(1, 100 * BYTES_PER_WORKER, cores=8) == 1


def test_default_jobs_leave_the_cores_other_programs_use() -> None:
    assert default_jobs(cores=2, load=0.0) == default_jobs(cores=2, load=0.9) == 2  # idle, or only this run
    assert default_jobs(cores=2, load=2.9) == 2  # measured: two workers still pay
    assert default_jobs(cores=2, load=3.1) == 1
    assert default_jobs(cores=2, load=9.0) == 1  # a shared, busy machine: one process
    assert default_jobs(cores=8, load=3.2) == 8
    assert default_jobs(cores=8, load=10.0) == 4
    assert default_jobs(cores=1, load=0.0) == 1


@given(
    requested=st.integers(min_value=1, max_value=64),
    work=st.integers(min_value=0, max_value=10**10),
    cores=st.integers(min_value=1, max_value=256),
    load=st.floats(min_value=0, max_value=1000),
)
def test_worker_count_is_within_its_bounds(requested: int, work: int, cores: int, load: float) -> None:
    count = worker_count(requested, work, cores)
    assert 1 <= count <= min(cores, requested)
    assert count == 1 or count * BYTES_PER_WORKER <= work
    assert worker_count(requested, work + BYTES_PER_WORKER, cores) >= count  # more work, never fewer
    assert 1 <= default_jobs(cores, load) <= cores
    assert default_jobs(cores, load + 1) <= default_jobs(cores, load)  # busier, never more


def _no_pool(*args: object, **kwargs: object) -> None:
    raise AssertionError("a worker pool was started")


def test_map_works_alone_when_little_is_left_after_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    """One edited note on a big site: no worker pool for little work (its start costs more)."""
    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _no_pool)
    seen: list[tuple[int, int]] = []
    few = range(15)
    note_size = BYTES_PER_WORKER // 10  # 15 notes: 1.5 workers' worth of work
    _map(operator.neg, iter(few), 2, lambda item, result: seen.append((item, result)), 20_000, lambda item: note_size)
    assert seen == [(n, -n) for n in few]
    with pytest.raises(AssertionError, match="pool"):
        _map(operator.neg, iter(range(100)), 2, lambda item, result: None, 20_000, lambda item: note_size)


def test_map_reads_ahead_a_bounded_number_of_items(monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty notes on a huge site: the work is weighed on at most PEEK_ITEMS items, not all."""
    import concurrent.futures

    from l10n import pipeline

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _no_pool)
    pulled = 0
    pulled_at_first_result: list[int] = []

    def items() -> Iterator[int]:
        nonlocal pulled
        for number in range(3 * pipeline.PEEK_ITEMS):
            pulled += 1
            yield number

    def on_done(item: int, result: int) -> None:
        if not pulled_at_first_result:
            pulled_at_first_result.append(pulled)

    _map(operator.neg, items(), 2, on_done, 3 * pipeline.PEEK_ITEMS, lambda item: 0)
    assert pulled_at_first_result == [pipeline.PEEK_ITEMS] and pulled == 3 * pipeline.PEEK_ITEMS
