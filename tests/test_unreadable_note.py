"""A note the user cannot read (mode 000): every command names it from the project's root,
exits non-zero, and carries on with the other notes.

Root reads any file whatever its mode, so as root the commands run without the two
capabilities that let it (``setpriv --bounding-set -dac_override,-dac_read_search``): the
permission check is then the kernel's own, as for any other user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Runner, as_user, write_project

NOTE = "---\ntitle: Note {0}\n---\n\n# Heading {0}\n\nSome text {0}.\n"


@pytest.fixture
def unreadable(tmp_path: Path, l10n: Runner) -> Iterator[Path]:
    """A synced project of notes a, b, c in which b.md then lost its read permission and
    c.md was edited."""
    write_project(tmp_path, {f"{n}.md": NOTE.format(n) for n in "abc"})
    l10n.sync(tmp_path)
    (tmp_path / "source_notes/b.md").chmod(0)
    with (tmp_path / "source_notes/c.md").open("a") as handle:
        handle.write("\nA new paragraph.\n")
    yield tmp_path
    (tmp_path / "source_notes/b.md").chmod(0o644)  # so that pytest can remove it


def test_sync_names_the_note_and_translates_the_others(unreadable: Path) -> None:
    done = as_user(unreadable, "sync", "--engine", "pseudo")
    assert done.returncode == 1, done.stderr
    assert "error: source_notes/b.md: cannot read: Permission denied" in done.stderr.splitlines()
    assert "ñééŵ þááŕááĝŕááþĥ" in (unreadable / "translated/hi/c.md").read_text(encoding="utf-8")


def test_status_says_why_the_page_is_stale(unreadable: Path) -> None:
    as_user(unreadable, "sync", "--engine", "pseudo")
    done = as_user(unreadable, "status")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error: source_notes/b.md: cannot read: Permission denied" in done.stderr.splitlines()
    assert "1 stale of 3" in done.stdout


def test_check_names_the_note_from_the_root(unreadable: Path) -> None:
    done = as_user(unreadable, "check")
    assert done.returncode == 1
    assert "source_notes/b.md: cannot read: Permission denied [source]" in done.stdout.splitlines()
    assert str(unreadable) not in done.stdout + done.stderr


@pytest.fixture
def unlisted(tmp_path: Path, l10n: Runner) -> Iterator[Path]:
    """A synced project whose folder of notes sub/ then lost its permissions."""
    write_project(tmp_path, {"a.md": NOTE.format("a"), "sub/b.md": NOTE.format("b"), "sub/c.md": NOTE.format("c")})
    l10n.sync(tmp_path)
    (tmp_path / "source_notes/sub").chmod(0)
    yield tmp_path
    (tmp_path / "source_notes/sub").chmod(0o755)


@pytest.mark.parametrize(
    "command",
    [("sync", "--engine", "pseudo"), ("sync", "--dry-run"), ("extract",), ("build",), ("status",), ("check",)],
)
def test_a_folder_that_cannot_be_listed_is_an_error_and_nothing_is_removed(
    unlisted: Path, command: tuple[str, ...]
) -> None:
    """Its notes would look gone from the source, and a whole-site sync removed their pages
    (exit 0, "its note is gone from the source"): it is one error line, exit 1, and every
    page stays."""
    pages = sorted(path.relative_to(unlisted) for path in (unlisted / "translated").rglob("*.md"))
    done = as_user(unlisted, *command)
    assert done.returncode == 1, done.stdout + done.stderr
    error = "error: source_notes/sub: cannot list the folder (Permission denied); its notes are left out, and no page is removed as gone"
    assert done.stderr.splitlines().count(error) == 1, done.stderr
    assert "removed translated" not in done.stderr and "would remove" not in done.stdout + done.stderr
    assert sorted(path.relative_to(unlisted) for path in (unlisted / "translated").rglob("*.md")) == pages


@pytest.mark.parametrize(
    ("folder", "shown"), [("locales/hi/sub", "locales/hi/sub/b.po"), ("translated/hi/sub", "translated/hi/sub/b.md")]
)
def test_a_catalog_or_page_folder_that_cannot_be_read_is_one_error(unlisted: Path, folder: str, shown: str) -> None:
    """A traceback ended the run (PermissionError from Path.exists, from reading the page);
    now the file is named in one error line and the other notes are built."""
    (unlisted / "source_notes/sub").chmod(0o755)
    (unlisted / folder).chmod(0)
    try:
        for note in ("a", "b"):
            with (unlisted / f"source_notes/{'sub/' if note == 'b' else ''}{note}.md").open("a") as handle:
                handle.write("\nA new paragraph.\n")
        done = as_user(unlisted, "sync", "--engine", "pseudo", "--force")
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert f"error: {shown}: cannot read: Permission denied" in done.stderr.splitlines(), done.stderr
        assert "ñééŵ þááŕááĝŕááþĥ" in (unlisted / "translated/hi/a.md").read_text(encoding="utf-8")
    finally:
        (unlisted / folder).chmod(0o755)


@pytest.mark.parametrize(
    "command",
    [("check",), ("translate", "--engine", "pseudo"), ("status",), ("sync", "--dry-run"), ("build", "--force")],
)
def test_a_catalog_folder_that_cannot_be_searched_is_named_in_every_command(
    unlisted: Path, command: tuple[str, ...]
) -> None:
    """check and translate ended in a PermissionError traceback (pathlib's is_file), status
    counted the catalog as missing and exited 0: each names the catalog, exits 1, no traceback."""
    (unlisted / "source_notes/sub").chmod(0o755)
    (unlisted / "locales/hi/sub").chmod(0)
    try:
        done = as_user(unlisted, *command)
    finally:
        (unlisted / "locales/hi/sub").chmod(0o755)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "locales/hi/sub/b.po: " in done.stderr and "Permission denied" in done.stderr, done.stderr


def test_an_output_folder_that_cannot_be_read_still_gets_its_coverage_line(tmp_path: Path, l10n: Runner) -> None:
    """The build's read of the page ended the whole run (no coverage line, no other note
    built); now each page is named on its error line, and sync counts the catalogs."""
    write_project(tmp_path, {f"{n}.md": NOTE.format(n) for n in "ab"})
    l10n.sync(tmp_path)
    (tmp_path / "source_notes/a.md").write_text(NOTE.format("a") + "\nA new paragraph.\n", encoding="utf-8")
    (tmp_path / "translated/hi").chmod(0)
    try:
        done = as_user(tmp_path, "sync", "--engine", "pseudo")
    finally:
        (tmp_path / "translated/hi").chmod(0o755)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "error: translated/hi/a.md: cannot read: Permission denied" in done.stderr.splitlines(), done.stderr
    assert done.stdout.startswith("hi (Hindi): 100.0% translated"), done.stdout
