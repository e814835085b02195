"""A build run resolves each link path of a folder once (``rewrite_links``' memo, session 11):
every note naming it still gets the same rewritten link and records the same files it depends
on, and the next run resolves afresh."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
