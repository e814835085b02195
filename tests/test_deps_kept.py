"""A build records a note's ``deps:`` rows (the files its links read) only when they change
(:meth:`l10n.store.state.RunState.record_dependencies`, session 13), and what a build keeps from
earlier runs never changes a page: after a linked note's heading is edited, a note renamed, a
file moved or a missing page made, the built pages equal those of a build from scratch."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from l10n.store import cachedb
from tests.conftest import Runner, write_project

NOTES = {
    "docs/a.md": "# A\n\nSee [the part](b.md#a-part), [a picture](img.png), [gone](missing.md) and [c](sub/c.md).\n",
    "docs/b.md": "# B\n\n## A part\n\nText of b.\n",
    "docs/sub/c.md": "# C\n\nBack to [b](../b.md#a-part).\n",
    "docs/plain.md": "# Plain\n\nNo links here.\n",
    "docs/img.png": b"\x89PNG",
}


def _project(tmp_path: Path) -> Path:
    (tmp_path / "p").mkdir()
    return write_project(tmp_path / "p", NOTES, extra='markdown = "gfm"\n')


def _deps(root: Path) -> list[tuple[int, str, str]]:
    cachedb.close()
    with sqlite3.connect(cachedb.cache_path(root / "locales")) as db:
        return sorted(db.execute("SELECT rowid, key, path FROM stamps WHERE key >= 'deps:' AND key < 'deps;'").fetchall())


def _built(root: Path) -> dict[str, bytes]:
    out = root / "translated"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _from_scratch(root: Path, work: Path, l10n: Runner) -> dict[str, bytes]:
    """The pages a build makes of ``root``'s notes and catalogs with nothing kept: no outputs,
    no bookkeeping file."""
    cachedb.close()
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(root, work, symlinks=True)
    shutil.rmtree(work / "translated", ignore_errors=True)
    for name in [p for p in (work / "locales").iterdir() if p.name.startswith(cachedb.CACHE_NAME)]:
        name.unlink()
    assert l10n(work, "build").exit_code == 0
    return _built(work)


def test_a_forced_build_keeps_unchanged_dependency_rows(tmp_path: Path, l10n: Runner) -> None:
    root = _project(tmp_path)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    before = _deps(root)
    assert {key for _, key, _ in before} == {"deps:hi:docs/a.md", "deps:hi:docs/sub/c.md"}
    built = _built(root)
    assert l10n(root, "build", "--force").exit_code == 0
    assert _deps(root) == before  # the same rows, not written again (their rowids kept)
    assert _built(root) == built
    (root / "source_notes/docs/plain.md").write_text("# Plain\n\nNow [b](b.md).\n", encoding="utf-8")
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    after = _deps(root)
    assert [row for row in after if row[1] != "deps:hi:docs/plain.md"] == before  # the others kept
    assert {path for _, key, path in after if key == "deps:hi:docs/plain.md"} == {str(root / "source_notes/docs/b.md")}
    (root / "source_notes/docs/plain.md").write_text("# Plain\n\nNo links again.\n", encoding="utf-8")
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    assert _deps(root) == before  # a note that no longer links has no rows left


def test_pages_equal_a_build_from_scratch_after_edits_elsewhere(tmp_path: Path, l10n: Runner) -> None:
    root = _project(tmp_path)
    scratch = tmp_path / "scratch"
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    assert _built(root) == _from_scratch(root, scratch, l10n)
    src = root / "source_notes/docs"
    steps = [
        lambda: (src / "b.md").write_text("# B\n\n## Another part\n\nText of b.\n", encoding="utf-8"),  # a linked heading edited
        lambda: (src / "b.md").rename(src / "b2.md"),  # a linked note renamed: the links lead nowhere
        lambda: (src / "b2.md").rename(src / "b.md"),  # and back
        lambda: (src / "img.png").rename(src / "sub/img.png"),  # a linked file moved away
        lambda: (src / "missing.md").write_text("# Here now\n", encoding="utf-8"),  # a missing page made
        lambda: (src / "sub").rename(src / "sub2"),  # a folder of linked notes moved
    ]
    for number, step in enumerate(steps):
        step()
        for command in (("sync", "--engine", "pseudo"), ("build", "--force")):
            assert l10n(root, *command).exit_code == 0
            expected = _from_scratch(root, scratch, l10n)
            assert _built(root).keys() >= expected.keys()  # a moved note's old page stays until pruned
            assert {name: _built(root)[name] for name in expected} == expected, (number, command)
