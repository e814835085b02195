"""A folder of l10n's own templates is skipped by ``sync`` while its identity stays: its mtime,
and its change time and inode, which ``os.utime`` cannot put back (git's racy-git.txt). Built
pages are stat-ed one by one (an edit in place must be seen): their deletion is seen whatever
their folder's times say."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner

NOTES = {"a-en.md": "# A\n\nFirst.\n", "b-en.md": "# B\n\nSecond.\n"}


@pytest.mark.parametrize("what", ["output", "template"])
def test_a_deleted_file_is_written_again_when_its_folders_mtime_is_put_back(
    project: Callable[..., Path], l10n: Runner, what: str
) -> None:
    root = project(NOTES, extra='markdown = "gfm"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    folder = root / ("translated/hi" if what == "output" else "locales/templates")
    page = folder / ("b-hi.md" if what == "output" else "b-en.pot")
    written = _undated(page.read_bytes())
    old = time.time_ns() - 3_600 * 10**9  # an hour ago: past the racy window
    os.utime(folder, ns=(old, old))
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0  # records the folder as found
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    query = "SELECT mtime_ns FROM listed_folders WHERE folder = ?"
    assert (db.execute(query, (f"{folder}{os.sep}",)).fetchone() == (old,)) == (what == "template")
    db.close()
    page.unlink()
    os.utime(folder, ns=(old, old))  # the mtime back as recorded; the change time moved
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    assert _undated(page.read_bytes()) == written


def _undated(data: bytes) -> bytes:
    """``data`` without the template's creation date, written to the minute: a template
    written again a minute later differs there alone."""
    return b"".join(line for line in data.splitlines(keepends=True) if not line.startswith(b'"POT-Creation-Date:'))
