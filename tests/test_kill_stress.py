"""Runs that die leave nothing behind: ``kill -9`` of ``sync`` at random moments (issue 15).

Each trial copies a fresh 200-note project, starts ``l10n sync --jobs 2`` (worker processes for
extract and build, concurrent engine requests for translate), kills it with SIGKILL after a
random delay within an uninterrupted run's duration, then runs ``sync`` again and checks:

* no process of the killed run is left (forked workers die with their parent);
* no stale lock: the second run gets the lock at once (``L10N_LOCK_WAIT=0``);
* no temporary file is left anywhere in the project;
* every catalog passes ``msgfmt --check`` and both SQLite databases pass ``PRAGMA
  integrity_check``;
* the translated notes are byte for byte those of an uninterrupted run, and every catalog
  holds the same entries (msgid, msgstr, fuzzy) — dates aside.

The default suite runs ``L10N_KILL_TRIALS`` trials (2); set it to 30 for the full stress test.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from tests.conftest import require_tool, write_project

TRIALS = int(os.environ.get("L10N_KILL_TRIALS", "2"))
NOTES = 200


def _note(i: int) -> str:
    rng = random.Random(i)
    words = ["alpha", "river", "stone", "light", "garden", "window", "paper", "signal", "forest", "engine"]

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(4, 12))).capitalize() + "."

    parts = [f"---\ntitle: Note {i} {rng.choice(words)}\ndescription: {sentence()}\n---\n", f"# Heading {i}\n"]
    for k in range(rng.randint(3, 8)):
        parts.append(f"{sentence()} {sentence()} See [the page](https://example.com/{i}/{k}).\n")
        if k % 3 == 0:
            parts.append("".join(f"- {sentence()}\n" for _ in range(3)))
    return "\n".join(parts)


def _project(root: Path) -> Path:
    return write_project(root, {f"part{i % 7}/note{i}-en.md": _note(i) for i in range(NOTES)}, ("hi", "fr"))


def _sync(root: Path, **popen: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "L10N_LOCK_WAIT": "0"}
    command = [sys.executable, "-m", "l10n.cli", "-C", str(root), "-q", "sync", "--engine", "pseudo", "--jobs", "2"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)  # type: ignore[call-overload]


def _processes_of(root: Path) -> list[int]:
    """PIDs of live processes whose command line names ``root`` (the run and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if str(root).encode() in command and state != "Z":
                found.append(int(entry.name))
    return found


def _entries(root: Path) -> dict[str, list[tuple[str, str, str, bool]]]:
    return {
        str(path.relative_to(root)): sorted((e.msgctxt or "", e.msgid, e.msgstr, e.fuzzy) for e in polib.pofile(str(path)))
        for path in sorted((root / "locales").rglob("*.po"))
    }


def _outputs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "translated").rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    root = _project(tmp_path_factory.mktemp("reference"))
    start = time.monotonic()
    process = _sync(root)
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr.decode()
    return root, time.monotonic() - start


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc to find orphan processes")
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_9_of_sync_leaves_nothing_behind(tmp_path: Path, reference: tuple[Path, float], trial: int) -> None:
    msgfmt = require_tool("msgfmt")
    reference_root, duration = reference
    root = tmp_path / "project"
    shutil.copytree(reference_root / "source_notes", root / "source_notes")
    shutil.copy(reference_root / "pyproject.toml", root / "pyproject.toml")
    delay = random.Random(trial).uniform(0.2, duration)

    process = _sync(root, start_new_session=True)
    time.sleep(delay)  # the moment of the kill is the point of the test, not a wait for an event
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    deadline = time.monotonic() + 10  # the kernel signals workers at once; the fallback polls every 0.5 s
    while _processes_of(root) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_of(root) == [], "workers of the killed run are still alive"

    rerun = _sync(root)
    _, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, f"killed after {delay:.2f}s; the next run said: {stderr.decode()}"

    leftovers = [p for p in root.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == [], leftovers
    for path in (root / "locales").rglob("*.po"):
        check = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True)
        assert check.returncode == 0, check.stderr.decode()
    for database in (root / "locales").glob("*.sqlite3"):
        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (root / "locales/.l10n.lock").read_bytes() == b""  # the second run ended: nothing stale
    assert _outputs(root) == _outputs(reference_root)
    assert _entries(root) == _entries(reference_root)
