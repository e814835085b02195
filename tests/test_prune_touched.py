"""A page l10n built is still "as l10n wrote it" after a ``touch``, a ``cp`` without ``-p`` or a
fresh ``git clone`` (new mtimes, the same bytes): when its note is deleted, its language dropped
or the layout moves it, the next ``sync`` removes it, as it does in the original project; a page
edited by hand is still kept and named (found by the session-11 review)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner

NOTES = {"a-en.md": "# A\n\nFirst note.\n", "b-en.md": "# B\n\nSecond note.\n"}


def _touch_all(root: Path) -> None:
    """Every file of the project given one new mtime, a minute ago (past any racy window)."""
    when = time.time_ns() - 60 * 10**9
    for folder, _, files in os.walk(root):
        for name in files:
            if not name.startswith(".l10n-"):
                os.utime(os.path.join(folder, name), ns=(when, when))


@pytest.mark.parametrize(("how", "jobs"), [("touch", "1"), ("copy", "1"), ("touch", "2")])
@pytest.mark.parametrize("change", ["note deleted", "language dropped", "output moved"])
def test_a_touched_page_as_built_is_removed(
    project: Callable[..., Path], l10n: Runner, tmp_path: Path, how: str, jobs: str, change: str
) -> None:
    root = project(NOTES, ("hi", "de"))
    assert l10n(root, "sync", "--engine", "pseudo", "--jobs", jobs).exit_code == 0
    if how == "copy":
        clone = tmp_path / "clone"
        shutil.copytree(root, clone, copy_function=shutil.copyfile)  # new mtimes, bookkeeping restored
        root = clone
    else:
        _touch_all(root)
    if change == "note deleted":
        (root / "source_notes/b-en.md").unlink()
        gone = [root / "translated/hi/b-hi.md", root / "translated/de/b-de.md"]
    elif change == "language dropped":
        config = root / "pyproject.toml"
        config.write_text(config.read_text().replace('languages = ["hi", "de"]', 'languages = ["hi"]'))
        gone = [root / "translated/de/a-de.md", root / "translated/de/b-de.md"]
    else:
        config = root / "pyproject.toml"
        config.write_text(config.read_text() + 'output = "built/{lang}"\n')
        gone = [root / "translated/hi/a-hi.md", root / "translated/de/b-de.md"]
    assert all(page.is_file() for page in gone)
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    assert not any(page.exists() for page in gone), done.output
    assert "changed since" not in done.output, done.output


def test_a_touched_page_edited_by_hand_is_kept(project: Callable[..., Path], l10n: Runner) -> None:
    root = project(NOTES)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    page = root / "translated/hi/b-hi.md"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"#", b"=", 1))  # the same size, other bytes
    _touch_all(root)
    (root / "source_notes/b-en.md").unlink()
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    assert page.is_file() and "b-hi.md" in done.output, done.output
