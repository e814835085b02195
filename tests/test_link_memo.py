"""A build run resolves each link path of a folder once (``rewrite_links``' memo, session 11):
every note naming it still gets the same rewritten link and records the same files it depends
on, and the next run resolves afresh."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from l10n.site.links import anchors_of, find_links
from l10n.store import cachedb
from tests.conftest import Runner, write_project

LINKING = "# {title}\n\nSee [the intro](c.md#intro), [a picture](img.png) and [a gone page](missing.md).\n"


def _links(text: str) -> list[str]:
    return [link.url for link in find_links(text)]


def _deps(root: Path) -> dict[str, set[str]]:
    cachedb.close()
    with sqlite3.connect(cachedb.cache_path(root / "locales")) as db:
        rows = db.execute("SELECT key, path FROM stamps WHERE key LIKE 'deps:hi:%'").fetchall()
    found: dict[str, set[str]] = {}
    for key, path in rows:
        found.setdefault(key.removeprefix("deps:hi:"), set()).add(Path(path).relative_to(root).as_posix())
    return found


def test_notes_of_one_folder_naming_one_path_get_the_same_link_and_dependencies(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(
        tmp_path,
        {
            "docs/a.md": LINKING.format(title="A"),
            "docs/b.md": LINKING.format(title="B"),
            "docs/c.md": "# Intro\n\nText.\n",
            "docs/img.png": b"\x89PNG",
        },
        extra='markdown = "gfm"\n',
    )
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = {name: (root / "translated/hi/docs" / name).read_text(encoding="utf-8") for name in ("a.md", "b.md", "c.md")}
    links = _links(built["a.md"])
    assert links == _links(built["b.md"])  # the second note's link came from the memo
    intro, picture, gone = links
    assert intro.startswith("c.md#") and intro != "c.md#intro"  # the heading was translated: its new id
    assert intro.partition("#")[2] in anchors_of(built["c.md"], "gfm")
    assert picture == "../../../source_notes/docs/img.png" and gone == "missing.md"
    deps = _deps(root)
    expected = {
        "source_notes/docs/c.md",  # read for its language
        "locales/hi/docs/c.po",  # read for its renamed heading ids
        "source_notes/docs/img.png",  # a file that is no note, found
        "source_notes/docs/missing.md",  # named and missing: built again when it appears
    }
    assert deps["docs/a.md"] == expected
    assert deps["docs/b.md"] == expected

    # the next run resolves afresh: the missing page now exists, and both notes link to its translation
    (root / "source_notes/docs/missing.md").write_text("# Here now\n", encoding="utf-8")
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    for name in ("a.md", "b.md"):
        assert _links((root / "translated/hi/docs" / name).read_text(encoding="utf-8"))[2] == "missing.md"
        assert (root / "translated/hi/docs/missing.md").exists()
    (root / "source_notes/docs/img.png").unlink()
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    for name in ("a.md", "b.md"):  # a path that leads nowhere is left as written
        assert _links((root / "translated/hi/docs" / name).read_text(encoding="utf-8"))[1] == "img.png"


def _chain_of_notes(root: Path) -> Path:
    notes = {f"docs/n{i}.md": f"# Intro {i}\n\nSee [the next](n{i + 1}.md#intro-{i + 1}) and [the first](n0.md#intro-0).\n" for i in range(8)}
    root.mkdir()
    return write_project(root, notes, extra='markdown = "gfm"\n')


def test_a_build_holds_a_bounded_number_of_notes_renamed_ids_and_links_the_same(
    tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19 (peak memory flat in the notes): a build keeps at most ``_MOST_RENAMED`` notes'
    renamed heading ids, and none in the process-wide memo (a note linked to before its own build
    was held there for the process: every note of a big site); a note dropped from the memo is
    read again, so the built pages are those of a build that drops nothing."""
    from l10n import pipeline

    unbounded = _chain_of_notes(tmp_path / "unbounded")
    assert l10n(unbounded, "sync", "--engine", "pseudo").exit_code == 0
    held: list[int] = []
    keep = pipeline._keep_renamed

    def counting(*args: Any) -> None:
        keep(*args)
        held.append(sum(map(len, pipeline._RUN_RENAMED.values())))

    pipeline._RENAMED.clear()
    monkeypatch.setattr(pipeline, "_keep_renamed", counting)
    monkeypatch.setattr(pipeline, "_MOST_RENAMED", 2, raising=False)
    bounded = _chain_of_notes(tmp_path / "bounded")
    assert l10n(bounded, "sync", "--engine", "pseudo").exit_code == 0
    assert held and max(held) <= 2, held
    assert not pipeline._RENAMED
    for i in range(8):
        page = f"translated/hi/docs/n{i}.md"
        assert (bounded / page).read_bytes() == (unbounded / page).read_bytes()


def test_which_linked_files_are_notes_is_remembered_for_a_bounded_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19: the memo of which linked files are source notes keeps at most
    ``_MOST_IS_SOURCE`` of them (it held every note linked to), and answers the same."""
    from l10n.config import load_config
    from l10n.site import relink

    root = write_project(tmp_path, {f"docs/n{i}.md": f"# N{i}\n" for i in range(6)})
    config = load_config(root)
    relink._IS_SOURCE.clear()
    monkeypatch.setattr(relink, "_MOST_IS_SOURCE", 2, raising=False)
    for _ in range(2):
        for i in range(6):
            assert relink.note_name_of(config, f"source_notes/docs/n{i}.md") == f"docs/n{i}.md"
            assert len(relink._IS_SOURCE) <= 2
    assert relink.note_name_of(config, "source_notes/docs/gone.md") is None
