"""A build in worker processes records its pages as a one-process build does: with the digest
of the bytes written, so that a page touched, or a project copied, is still known as l10n
wrote it and goes when its note goes (a review found such pages recorded without a digest,
and sync then kept them as "changed since l10n built it")."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from l10n.store import cachedb
from l10n.workers import usable_cores
from tests.conftest import Runner, write_project

NOTE = "# Heading {0}\n\nSome text of note {0}.\n"


def test_pages_built_by_workers_are_recorded_with_their_digest(
    tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    if usable_cores() < 2:
        pytest.skip("one core: a build never starts worker processes")
    from l10n import pipeline, workers

    monkeypatch.setattr(workers, "BYTES_PER_WORKER", 100)  # a worker per 100 bytes of notes
    monkeypatch.setattr(pipeline, "BYTES_PER_WORKER", 100)
    root = write_project(tmp_path, {f"n{i}.md": NOTE.format(i) for i in range(40)})
    assert l10n(root, "extract").exit_code == 0
    assert l10n(root, "translate", "--engine", "pseudo").exit_code == 0
    done = l10n(root, "build", "--jobs", "2")
    assert done.exit_code == 0, done.output
    cachedb.close()
    with sqlite3.connect(root / "locales/.l10n-cache.sqlite3") as db:
        rows = db.execute(
            "SELECT count(*), count(digest) FROM stamped_files WHERE path LIKE ?", (f"{root}/translated/%",)
        ).fetchone()
    assert rows == (40, 40)
    page = root / "translated/hi/n7.md"
    os.utime(page)  # a touch: the bytes are as l10n wrote them
    (root / "source_notes/n7.md").unlink()
    removed = l10n.sync(root)
    assert "removed translated/hi/n7.md: its note is gone from the source" in removed and not page.exists(), removed
