"""Runs read their notes one at a time: the note list holds names, work is handed out in a window,
and none of it changes what is written or in which order outcomes arrive."""

from __future__ import annotations

import operator
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import polib
import pytest

from l10n.config import load_config
from l10n.pipeline import _map
from l10n.site.layout import Note, NoteList, select_notes, shard
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

    _map(operator.neg, items(), 2, on_done, expected=1000)
    assert seen == [(number, -number) for number in range(1000)]
    # chunks of 1000 // (2 * 4) = 64 at most, and at most 2 * 4 of them in flight
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


def test_two_workers_write_what_one_process_writes(tmp_path: Path, l10n: Runner) -> None:
    # 200 notes: with fewer, --jobs 2 stays in one process (one worker per 100 notes at most)
    notes = {f"d{i % 3}/n{i:03}-en.md": f"# Note {i}\n\nParagraph {i}.\n\n- item {i}\n" for i in range(200)}
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one, two = write_project(tmp_path / "one", notes), write_project(tmp_path / "two", notes)
    for root, jobs in ((one, "1"), (two, "2")):
        assert l10n(root, "extract", "--jobs", jobs).exit_code == 0
        assert l10n(root, "build", "--jobs", jobs).exit_code == 0
    assert _catalogs(one) == _catalogs(two) and len(_catalogs(one)) == 400
    built = sorted(p.relative_to(one) for p in (one / "translated").rglob("*.md"))
    assert len(built) == 200
    assert all((one / rel).read_bytes() == (two / rel).read_bytes() for rel in built)


def test_worker_count_never_exceeds_cores_or_one_per_hundred_notes() -> None:
    from l10n.cli.app import NOTES_PER_WORKER, worker_jobs

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    assert worker_jobs(None, NOTES_PER_WORKER - 1) == worker_jobs(8, 10) == 1  # small runs stay in one process
    assert worker_jobs(2, 2 * NOTES_PER_WORKER) == min(2, cores)
    assert worker_jobs(64, 100_000) == worker_jobs(None, 100_000) == cores  # never more workers than cores
    assert worker_jobs(1, 100_000) == 1
def test_map_works_alone_when_little_is_left_after_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    """One edited note on a big site: no worker pool for one item (its start costs more)."""
    import concurrent.futures

    from l10n import pipeline

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    seen: list[tuple[int, int]] = []
    few = range(pipeline.PARALLEL_MIN_ITEMS - 1)
    _map(operator.neg, iter(few), 2, lambda item, result: seen.append((item, result)), expected=20_000)
    assert seen == [(n, -n) for n in few]
    with pytest.raises(AssertionError, match="pool"):
        _map(operator.neg, iter(range(100)), 2, lambda item, result: None, expected=20_000)
