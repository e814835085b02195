"""A project's files do not depend on where it is checked out: a copy (``cp -a``, ``cp -r``) or
a ``git clone`` under another folder name, synced again with nothing changed, writes nothing
that differs from the original (catalogs, templates, built pages, the translation memory).

Only the run bookkeeping (``locales/.l10n-cache.sqlite3``, ``locales/.l10n.lock``) is left out
of the comparison: it is local to a checkout by design (README "Layout": safe to delete, kept
out of git by ``l10n init``) and records absolute paths, which its first run there moves
(:func:`l10n.store.cachedb.relocate`)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner, require_tool

LOCAL = (".l10n-cache.sqlite3", ".l10n.lock")
"""The bookkeeping files local to a checkout (their SQLite side files start with these names)."""

NOTES = {
    # links to folders (with and without a slash, with an index page and without), to the
    # source folder itself and to the project's root: their records are folders, not files
    "index-en.md": "---\ntitle: Home\n---\n# Home\n\nSee [the guide](guide/), [again](guide), [assets](assets/), "
    "[here](./), [the site](../) and [setup](guide/setup-en.md).\n",
    "guide/setup-en.md": "# Setup\n\nBack [home](../index-en.md), or [up](../).\n",
    "guide/index.md": "# Guide\n\nThe guide.\n",
    "assets/x.png": "not really a picture\n",
}


def _unnamed_project(root: Path) -> Path:
    """A project without a package name (``l10n.toml``, as ``l10n init`` writes it for a site
    without a ``pyproject.toml``), with the notes of :data:`NOTES`."""
    root.mkdir(parents=True)
    (root / "l10n.toml").write_text('languages = ["hi"]\nmarkdown = "gfm"\n', encoding="utf-8")
    (root / ".gitignore").write_text("".join(f"locales/{name}*\n" for name in LOCAL), encoding="utf-8")
    for name, text in NOTES.items():
        path = root / "source_notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but git's and the local bookkeeping: bytes by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts and not path.name.startswith(LOCAL)
    }


def _sync(l10n: Runner, root: Path) -> None:
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output


def _cp_a(root: Path, to: Path) -> None:
    subprocess.run([require_tool("cp"), "-a", str(root), str(to)], check=True)


def _cp_r(root: Path, to: Path) -> None:
    """``cp -r`` without ``-p``: every file and folder gets a new mtime, change time and inode."""
    subprocess.run([require_tool("cp"), "-r", str(root), str(to)], check=True)


def _git_clone(root: Path, to: Path) -> None:
    """A commit of the project (the bookkeeping ignored) cloned under another name: no
    bookkeeping at all in the clone, as in CI."""
    git = require_tool("git")
    run = [git, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*run, "init", "-q", str(root)], check=True)
    subprocess.run([*run, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*run, "-C", str(root), "commit", "-q", "-m", "site"], check=True)
    subprocess.run([git, "clone", "-q", str(root), str(to)], check=True)


@pytest.mark.parametrize("checkout", [_cp_a, _cp_r, _git_clone], ids=["cp-a", "cp-r", "git-clone"])
def test_a_checkout_under_another_name_syncs_to_the_same_bytes(
    tmp_path: Path, l10n: Runner, checkout: Callable[[Path, Path], None]
) -> None:
    root = _unnamed_project(tmp_path / "site")
    _sync(l10n, root)
    original = _files(root)
    assert "Project-Id-Version: site" not in original["locales/templates/index-en.pot"].decode()
    other = tmp_path / "elsewhere" / "another-name"
    other.parent.mkdir()
    checkout(root, other)
    _sync(l10n, other)
    assert _files(other) == original
    _sync(l10n, root)  # and the original, synced again, is as it was
    assert _files(root) == original
    # a report a CI job commits names no folder either
    reports = [l10n(at, "status", "--format", "markdown").stdout for at in (root, other)]
    assert reports[0] == reports[1] and "site" not in reports[0]


@pytest.mark.parametrize("checkout", [_cp_a, _cp_r], ids=["cp-a", "cp-r"])
def test_a_copy_redoes_no_note_that_links_to_a_folder(tmp_path: Path, l10n: Runner, checkout: Callable[[Path, Path], None]) -> None:
    """A folder a link leads to is recorded by its entries' names: a copy (a new inode and
    change time, with ``cp -r`` a new mtime) is no change, as a copied file's bytes are not."""
    root = _unnamed_project(tmp_path / "site")
    _sync(l10n, root)
    other = tmp_path / "copy"
    checkout(root, other)
    planned = l10n(other, "sync", "--dry-run", "--engine", "pseudo")
    assert planned.exit_code == 0, planned.output
    assert "extract: would redo 0 of 3 notes" in planned.output and "build: would redo 0 of 3 notes" in planned.output
    (other / "source_notes/assets/y.png").write_text("another\n", encoding="utf-8")  # a folder's names changing is one
    planned = l10n(other, "sync", "--dry-run", "--engine", "pseudo")
    assert "build: would redo 1 of 3 notes: index-en.md" in planned.output, planned.output


def test_a_template_keeps_the_project_id_it_was_written_with(tmp_path: Path, l10n: Runner) -> None:
    """Templates and catalogs an older version wrote with the folder's name keep it: a clone
    elsewhere (no bookkeeping, so every note is extracted again) rewrites none of them, and a
    new note's catalog takes its template's name, as ``msginit`` does."""
    root = _unnamed_project(tmp_path / "site")
    _sync(l10n, root)
    for path in (root / "locales").rglob("*.po*"):
        path.write_bytes(path.read_bytes().replace(b"Project-Id-Version: PACKAGE VERSION\\n", b"Project-Id-Version: site\\n"))
    (root / "locales/.l10n-cache.sqlite3").unlink()
    before = _files(root)
    _sync(l10n, root)
    assert _files(root) == before
    (root / "source_notes/new-en.md").write_text("# New\n", encoding="utf-8")
    _sync(l10n, root)
    for made in ("locales/templates/new-en.pot", "locales/hi/new-en.po"):
        assert "Project-Id-Version: PACKAGE VERSION\\n" in (root / made).read_text(encoding="utf-8")


def test_a_configured_name_is_the_project_id(tmp_path: Path, l10n: Runner) -> None:
    """``[tool.l10n] project`` names the package of an ``l10n.toml`` project; a template takes a
    configured name that changes (it is a setting), and a new catalog its template's."""
    root = _unnamed_project(tmp_path / "site")
    _sync(l10n, root)
    config = root / "l10n.toml"
    config.write_text('project = "my-docs"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    _sync(l10n, root)
    assert "Project-Id-Version: my-docs\\n" in (root / "locales/templates/index-en.pot").read_text(encoding="utf-8")
    shutil.rmtree(root / "locales/hi")
    _sync(l10n, root)
    assert "Project-Id-Version: my-docs\\n" in (root / "locales/hi/index-en.po").read_text(encoding="utf-8")


def test_forced_stages_in_a_copy_write_the_same_bytes(tmp_path: Path, l10n: Runner) -> None:
    """``--force`` redoes every note of a stage: in a copy under another name, its catalogs,
    templates and pages are still the original's."""
    root = _unnamed_project(tmp_path / "site")
    _sync(l10n, root)
    original = _files(root)
    other = tmp_path / "another-name"
    _cp_r(root, other)
    for command in (("extract", "--force"), ("build", "--force"), ("sync", "--force", "--engine", "pseudo")):
        done = l10n(other, *command)
        assert done.exit_code == 0, done.output
        assert _files(other) == original, command
