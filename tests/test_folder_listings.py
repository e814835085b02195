"""A build run answers "does this file exist?" for link paths from folder listings
(:class:`l10n.site.links.FolderListings`, session 13): held to ``os.path.exists`` and to
:func:`l10n.site.links.resolve` without listings on generated trees, and a file the run itself
writes is seen by the notes built after it, as a ``stat`` would."""

from __future__ import annotations

import os
import posixpath
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.site.links import FolderListings, resolve
from tests.conftest import Runner, write_project

# Names that collide under case folding or Unicode decomposition, index pages, extensions,
# dots: the candidates resolve tries.
_NAMES = st.sampled_from(
    ["a", "A", "b.md", "B.md", "index.md", "README.md", "readme.md", "x.html", "x.md", "x.mdx", "é.md", "e\u0301.md", "c d", "docs", "Docs", "x.html.md", "y.markdown", "Y.MD"]
)
_REL = st.lists(_NAMES, min_size=1, max_size=4).map("/".join)


def _make(root: Path, files: list[str], folders: list[str], broken: list[str]) -> None:
    """Folders, files and broken symlinks at the generated paths; a path that an earlier one
    blocks (a file or a link where a folder would go) is left out."""

    def make(rel: str, how: str) -> None:
        path = root / rel
        try:
            if how == "folder":
                path.mkdir(parents=True, exist_ok=True)
                return
            if os.path.lexists(path):
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            if how == "file":
                path.write_text("x", encoding="utf-8")
            else:  # a symlink to nothing: listed, yet os.path.exists says no
                path.symlink_to(root / "nowhere")
        except (FileExistsError, FileNotFoundError, NotADirectoryError):
            pass

    for rel in folders:
        make(rel, "folder")
    for rel in files:
        make(rel, "file")
    for rel in broken:
        make(rel, "broken")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    files=st.lists(_REL, max_size=12),
    folders=st.lists(_REL, max_size=4),
    broken=st.lists(_REL, max_size=2),
    asked=st.lists(_REL, min_size=1, max_size=25),
    bases=st.lists(st.sampled_from(["", "a", "docs", "a/b.md", "Docs/x"]), min_size=1, max_size=3),
)
def test_listings_answer_as_stat_does(
    tmp_path_factory: pytest.TempPathFactory, files: list[str], folders: list[str], broken: list[str], asked: list[str], bases: list[str]
) -> None:
    root = tmp_path_factory.mktemp("tree")
    _make(root, files, folders, broken)
    listings = FolderListings(str(root))
    for rel in asked:  # asked twice: the second answer comes from the kept listing
        for _ in range(2):
            assert listings.exists(rel) == os.path.exists(os.path.join(root, rel)), rel
    stems = [rel.rpartition(".")[0] or rel for rel in asked]  # x.md asked as x, x.html, x/
    for base in bases:
        for path in [*asked, *stems, *(rel + "/" for rel in stems), *(rel + ".html" for rel in stems), "../" + asked[0], ".", ""]:
            found = resolve(str(root), base, path)
            assert resolve(str(root), base, path, listings.exists) == found, (base, path)
            target = posixpath.normpath(posixpath.join(base, unquote(path)))
            if target not in (".", "..") and not target.startswith(("../", "/")) and listings.lacks(target):
                assert found is None, (base, path)  # no candidate of resolve's is there
    shutil.rmtree(root)


def test_a_written_file_is_seen_once_forgotten(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    listings = FolderListings(str(tmp_path))
    assert not listings.exists("out/hi/docs/a.md")  # every folder missing: no listing of them
    assert not listings.exists("docs/a.md")
    written = tmp_path / "out/hi/docs/a.md"
    written.parent.mkdir(parents=True)
    written.write_text("x", encoding="utf-8")
    listings.forget(str(written))
    assert listings.exists("out/hi/docs/a.md")
    (tmp_path / "docs/a.md").write_text("x", encoding="utf-8")  # not written by the run: a run sees its start
    assert listings.exists("docs/a.md") is False


def test_unlisted_folders_and_unreadable_ones_are_stat_ed(tmp_path: Path) -> None:
    (tmp_path / "locales").mkdir()
    listings = FolderListings(str(tmp_path), (str(tmp_path / "locales") + os.sep,))
    assert not listings.exists("locales/x.db")
    (tmp_path / "locales/x.db").write_text("x", encoding="utf-8")
    assert listings.exists("locales/x.db")


def test_a_link_to_a_file_the_run_writes_resolves_as_on_the_next_run(tmp_path: Path, l10n: Runner) -> None:
    """``a.md`` links to ``m.md``'s output before it is written, ``y.md`` (built after ``m.md``)
    to the same output through another spelling (so the run's memo of link paths does not
    answer): ``y.md``'s page equals the one a later run, with every output there, builds."""
    out = "../../translated/hi/docs/m.md"
    root = write_project(
        tmp_path,
        {
            "docs/a.md": f"# A\n\nSee [m]({out}).\n",
            "docs/m.md": "# M\n\nText.\n",
            "docs/y.md": "# Y\n\nSee [m](./../../translated/hi/docs/m.md) and [again](../../translated/hi/./docs/m.md).\n",
        },
        extra='markdown = "gfm"\n',
    )
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    first = (root / "translated/hi/docs/y.md").read_text(encoding="utf-8")
    assert first.count("(./m.md)") == 1 and first.count("(m.md)") == 1  # resolved from the output's folder
    assert l10n(root, "build", "--force").exit_code == 0
    assert (root / "translated/hi/docs/y.md").read_text(encoding="utf-8") == first
