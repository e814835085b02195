"""The ``l10n`` process ends without the interpreter's teardown (``l10n.cli._leave``), and
loses nothing by it: the output is whole, the exit code kept, the bookkeeping committed and
closed (its ``-wal`` file checkpointed away, as at a normal exit)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def _l10n(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "l10n.cli", "-C", str(root), *args], capture_output=True, text=True, env=env, check=False
    )


def test_a_run_ends_with_its_output_its_code_and_its_records(project: Callable[..., Path]) -> None:
    notes = {f"n{i:02d}-en.md": f"# Note {i}\n\nParagraph {i}.\n" for i in range(30)}
    root = project(notes)
    done = _l10n(root, "sync", "--engine", "pseudo")
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("of 60 segments in 30 notes)"), done.stdout
    locales = root / "locales"
    assert not (locales / ".l10n-cache.sqlite3-wal").exists()  # closed: every record written
    assert not (locales / ".l10n-memory.sqlite3-wal").exists()
    plan = _l10n(root, "sync", "--dry-run", "--engine", "pseudo")
    assert "extract: would redo 0 of 30 notes" in plan.stdout, plan.stdout
    shown = _l10n(root, "status", "--by-note")  # a long table through a pipe: whole
    assert shown.returncode == 0 and all(f"n{i:02d}-en.md" in shown.stdout for i in range(30)), shown.stdout
    wrong = _l10n(root, "sync", "--engine", "no-such-engine")
    assert wrong.returncode == 2 and "no-such-engine" in wrong.stderr, wrong.stderr
    (root / "source_notes/n00-en.md").write_bytes(b"---\ntitle: [unclosed\n---\n\nText.\n")
    failed = _l10n(root, "sync", "--engine", "pseudo")
    assert failed.returncode == 1 and "error: " in failed.stderr, failed.stderr


def test_a_profiler_still_writes_its_results(project: Callable[..., Path], tmp_path: Path) -> None:
    """``python -m cProfile -o FILE -m l10n.cli …`` writes FILE after the program returns: with a
    profiler (or tracer) installed the process takes the interpreter's normal exit."""
    root = project({"a-en.md": "# A\n\nText.\n"})
    stats = tmp_path / "run.prof"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "l10n.cli", "-C", str(root), "status"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert stats.stat().st_size > 0


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [("status",), ("--version",), ("--help",), ("sync", "--help")])
def test_a_full_output_stream_is_one_line(project: Callable[..., Path], args: tuple[str, ...]) -> None:
    """``l10n status > /dev/full``: one error line and exit 1, not a traceback; also for what
    click prints before any command runs (``--version``, ``--help``)."""
    root = project({"a-en.md": "# A\n\nText.\n"})
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "l10n.cli", "-C", str(root), *args], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert done.returncode == 1
    assert done.stderr == "error: cannot write the output: No space left on device\n", done.stderr
