"""The walk of the notes in path order without a sort, and its kept folder listings (session 12).

A folder's listing is kept in the bookkeeping (``note_listings``) and used while the folder's
mtime, change time and inode are as recorded; each test holds the walk with kept listings to
the walk without them (every folder listed), on trees hypothesis makes and on changes a person
makes (a note added, a folder renamed, an mtime put back after an edit of the folder).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.site.layout import Listings, _discovered_names, _in_path_order
from l10n.store import cachedb
from l10n.store.listings import kept_listings, record_listings
from tests.conftest import Runner, write_project

_OLD = time.time_ns() - 3_600 * 10**9  # an hour ago: past the racy window


def _age(root: Path) -> None:
    """Put every folder under ``root``'s mtime an hour back (as on a site checked out earlier)."""
    for folder, _, _ in os.walk(root):
        os.utime(folder, ns=(_OLD, _OLD))


def _every_note(source: Path) -> list[str]:
    """The oracle: every ``*.md`` under ``source`` by ``os.walk``, in :func:`_in_path_order`."""
    found = []
    for folder, _, files in os.walk(source):
        rel = os.path.relpath(folder, source).replace(os.sep, "/")
        found += [name if rel == "." else f"{rel}/{name}" for name in files if name.endswith(".md")]
    return _in_path_order(found)


_PART = st.sampled_from(["a", "b", "a-b", "a.b", "a b", "ab", "é", "z", "a_", "0", "A"])
_TREE = st.lists(st.lists(_PART, min_size=1, max_size=4), min_size=1, max_size=14)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TREE)
def test_the_walk_gives_path_order_with_and_without_kept_listings(tmp_path_factory: pytest.TempPathFactory, tree: list[list[str]]) -> None:
    root = tmp_path_factory.mktemp("site")
    write_project(root, {})
    source = root / "source_notes"
    for parts in tree:
        folder = source.joinpath(*parts[:-1])
        if any(p.is_file() for p in [folder, *folder.parents] if p != source and source in p.parents):
            continue  # a note where a folder would be
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / f"{parts[-1]}.md").is_dir():
            (folder / f"{parts[-1]}.md").write_text("# A note\n", encoding="utf-8")
    _age(source)
    config = load_config(root)
    expected = _every_note(source)
    listings = Listings({})
    assert _discovered_names(config, None, listings) == expected
    kept = Listings({folder: tuple(row) for folder, *row in listings.fresh})  # type: ignore[misc]
    assert len(kept.known) == sum(1 for _ in os.walk(source))
    assert _discovered_names(config, None, kept) == expected
    assert kept.fresh == []  # every folder taken from its kept listing


@pytest.fixture
def kept(project: Callable[..., Path], l10n: Runner) -> Path:
    """A synced site whose folders were modified an hour ago, synced again: listings kept."""
    root = project({"guide/a-en.md": "# A\n\nOne.\n", "guide/deep/b-en.md": "# B\n\nTwo.\n", "c-en.md": "# C\n\nThree.\n"})
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    _age(root / "source_notes")
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    assert len(kept_listings(root / "locales").known) == 3
    cachedb.close()
    return root


def _walk_with_kept(root: Path) -> tuple[list[str], Listings]:
    config = load_config(root)
    listings = kept_listings(config.locales)
    names = _discovered_names(config, None, listings)
    assert names == _every_note(root / "source_notes")  # as a walk listing every folder finds them
    record_listings(config.locales, listings)
    return names, listings


def test_a_no_op_walk_lists_no_folder(kept: Path) -> None:
    names, listings = _walk_with_kept(kept)
    assert names == ["c-en.md", "guide/a-en.md", "guide/deep/b-en.md"] and listings.fresh == []


def test_a_note_added_is_found(kept: Path) -> None:
    (kept / "source_notes/guide/deep/d-en.md").write_text("# D\n", encoding="utf-8")
    assert "guide/deep/d-en.md" in _walk_with_kept(kept)[0]


def test_a_note_added_with_the_folders_mtime_put_back_is_found(kept: Path) -> None:
    """The change time, which ``os.utime`` cannot put back, shows the folder changed."""
    folder = kept / "source_notes/guide"
    (folder / "e-en.md").write_text("# E\n", encoding="utf-8")
    os.utime(folder, ns=(_OLD, _OLD))
    assert "guide/e-en.md" in _walk_with_kept(kept)[0]


def test_a_renamed_folder_is_found_at_its_new_name(kept: Path) -> None:
    (kept / "source_notes/guide").rename(kept / "source_notes/manual")
    assert _walk_with_kept(kept)[0] == ["c-en.md", "manual/a-en.md", "manual/deep/b-en.md"]


def test_a_folder_replaced_by_another_is_listed_again(kept: Path) -> None:
    """A folder deleted and made again (a new inode), its mtime set to the old one."""
    folder = kept / "source_notes/guide/deep"
    shutil.rmtree(folder)
    folder.mkdir()
    (folder / "f-en.md").write_text("# F\n", encoding="utf-8")
    os.utime(folder, ns=(_OLD, _OLD))
    assert _walk_with_kept(kept)[0] == ["c-en.md", "guide/a-en.md", "guide/deep/f-en.md"]


def test_a_folder_changed_just_now_or_holding_a_link_is_not_kept(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": "# A\n", "docs/b-en.md": "# B\n"})
    (root / "source_notes/link").symlink_to(root / "source_notes/docs")
    os.utime(root / "source_notes/docs", ns=(_OLD, _OLD))
    os.utime(root / "source_notes", ns=(_OLD, _OLD), follow_symlinks=False)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    kept = kept_listings(root / "locales").known
    cachedb.close()
    # the top holds a link (listed every time); the link leads to a folder of the notes, which
    # is walked at its own place only (session 15), its listing kept under its own path
    assert list(kept) == [str(root / "source_notes/docs")]


def test_sync_finds_a_note_added_to_a_kept_folder(kept: Path, l10n: Runner) -> None:
    (kept / "source_notes/guide/g-en.md").write_text("# G\n\nNew.\n", encoding="utf-8")
    done = l10n(kept, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    assert (kept / "translated/hi/guide/g-hi.md").is_file()
    assert "4 notes" in done.output


def test_a_folder_modified_within_the_racy_window_is_listed_again_next_time(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "# A\n", "docs/b-en.md": "# B\n"})
    listings = Listings({})
    assert _discovered_names(load_config(root), None, listings) == ["a-en.md", "docs/b-en.md"]
    assert listings.fresh == []  # both folders were written just now
