"""Entries of the source folder that are no readable note: a symbolic link loop (to itself, or
``a`` to ``b`` to ``a``), a link to a folder holding it, and a FIFO, socket or device named
``*.md``. Each is left with one ``warning:`` line naming it and why, and the other notes are
processed (a dangling link's rule). No file l10n reads (a note, a catalog, a page at an output
path) is opened unless it is a regular file: ``open()`` on a FIFO waits for a writer forever,
so the FIFO tests carry a timeout guard."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from l10n.fsutil import NotRegularFileError, read_bytes_if_exists, read_file, read_text
from tests.conftest import Runner


def _project(root: Path) -> Path:
    (root / "source_notes/sub").mkdir(parents=True)
    (root / "l10n.toml").write_text(
        '[tool.l10n]\nsource = "source_notes"\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8"
    )
    (root / "source_notes/a-en.md").write_text("# A\n\nHello.\n", encoding="utf-8")
    (root / "source_notes/sub/b-en.md").write_text("# B\n\nWorld.\n", encoding="utf-8")
    return root


def _warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("warning:")]


def _pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root / "translated/hi").as_posix() for p in (root / "translated/hi").rglob("*.md"))


@pytest.mark.parametrize("command", [("sync",), ("sync", "--dry-run"), ("status",), ("extract",)])
def test_a_symlink_loop_among_the_notes_is_named_and_the_others_read(
    tmp_path: Path, l10n: Runner, command: tuple[str, ...]
) -> None:
    """A link to itself beside a real note stopped every command with "holds no *.md files"
    (listing the folder raised ELOOP); in a sub-folder a loop ``x -> y -> x`` hid that folder's
    notes without a word."""
    root = _project(tmp_path)
    (root / "source_notes/loop-en.md").symlink_to("loop-en.md")
    (root / "source_notes/sub/x-en.md").symlink_to("y-en.md")
    (root / "source_notes/sub/y-en.md").symlink_to("x-en.md")
    done = l10n(root, *command)
    assert done.exit_code == 0, done.output
    assert _warnings(done.stderr) == [
        "warning: source_notes/loop-en.md: a symbolic link loop (source_notes/loop-en.md -> loop-en.md), not read",
        "warning: source_notes/sub/x-en.md: a symbolic link loop (source_notes/sub/x-en.md -> y-en.md), not read",
        "warning: source_notes/sub/y-en.md: a symbolic link loop (source_notes/sub/y-en.md -> x-en.md), not read",
    ], done.stderr
    if command == ("sync",):
        assert _pages(root) == ["a-hi.md", "sub/b-hi.md"]
        named = l10n(root, "extract", "source_notes/loop-en.md")
        assert named.exit_code != 0 and "a symbolic link loop, not read" in named.output


def test_a_folder_link_loop_in_a_sub_folder_ends_and_duplicates_nothing(tmp_path: Path, l10n: Runner) -> None:
    """``sub/up -> ..`` (and ``sub/self -> .``): the walk ends, reads each note once, and names
    the links; a dangling link beside them gets its own line, and the exit code is the same."""
    root = _project(tmp_path)
    (root / "source_notes/sub/up").symlink_to("..", target_is_directory=True)
    (root / "source_notes/sub/self").symlink_to(".", target_is_directory=True)
    (root / "source_notes/sub/gone-en.md").symlink_to("missing-en.md")
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    assert _warnings(done.stderr) == [
        "warning: source_notes/sub/gone-en.md: a symbolic link to missing-en.md, which does not exist, not read",
        "warning: source_notes/sub/self: a symbolic link to a folder that holds it (a loop), not followed",
        "warning: source_notes/sub/up: a symbolic link to a folder that holds it (a loop), not followed",
    ], done.stderr
    assert _pages(root) == ["a-hi.md", "sub/b-hi.md"]
    assert sorted(p.relative_to(root / "locales/hi").as_posix() for p in (root / "locales/hi").rglob("*.po")) == [
        "a-en.po",
        "sub/b-en.po",
    ]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", [("sync",), ("sync", "--dry-run"), ("status",), ("check",)])
def test_a_fifo_named_as_a_note_is_skipped_not_opened(tmp_path: Path, l10n: Runner, command: tuple[str, ...]) -> None:
    """A FIFO ``pipe-en.md`` hung every run (open() waits for a writer); a link to it too."""
    root = _project(tmp_path)
    os.mkfifo(root / "source_notes/pipe-en.md")
    (root / "source_notes/sub/via-en.md").symlink_to("../pipe-en.md")
    l10n(root, "sync")  # pages to check
    done = l10n(root, *command)
    assert done.exit_code == 0, done.output
    assert _warnings(done.stderr) == [
        "warning: source_notes/pipe-en.md: not a regular file (a FIFO), not read",
        "warning: source_notes/sub/via-en.md: not a regular file (a FIFO), not read",
    ], done.stderr
    assert _pages(root) == ["a-hi.md", "sub/b-hi.md"]
    named = l10n(root, "extract", "source_notes/pipe-en.md")
    assert named.exit_code != 0 and "source_notes/pipe-en.md: not a regular file (a FIFO), not read" in named.output


@pytest.mark.timeout(60)
def test_a_fifo_at_a_catalog_path_is_reported_not_opened(tmp_path: Path, l10n: Runner) -> None:
    """A FIFO where a catalog goes: one error line naming it, the other note still built."""
    root = _project(tmp_path)
    l10n.sync(root)
    catalog = root / "locales/hi/a-en.po"
    catalog.unlink()
    os.mkfifo(catalog)
    done = l10n(root, "status")
    assert "locales/hi/a-en.po: cannot read: not a regular file (a FIFO)" in done.output, done.output
    done = l10n(root, "sync")
    assert "locales/hi/a-en.po: not a regular file (a FIFO), not a catalog" in done.output, done.output
    assert (root / "translated/hi/sub/b-hi.md").is_file()


@pytest.mark.timeout(60)
def test_reading_refuses_what_is_no_regular_file_without_blocking(tmp_path: Path) -> None:
    """The readers every note, catalog, page and configuration file goes through."""
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    for read in (read_file, read_text):
        with pytest.raises(NotRegularFileError, match=r"not a regular file \(a FIFO\)"):
            read(fifo)
    with pytest.raises(NotRegularFileError, match=r"not a regular file \(a folder\)"):
        read_file(tmp_path)
    with pytest.raises(Exception, match=r"cannot read: not a regular file \(a character device\)"):
        read_bytes_if_exists("/dev/null")
    text = tmp_path / "crlf.md"
    text.write_bytes(b"a\r\nb\n")
    assert read_text(text) == "a\nb\n" and read_file(text) == b"a\r\nb\n"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", ["l10n.toml", "pyproject.toml"])
def test_a_fifo_as_the_configuration_file_is_an_error_naming_it(tmp_path: Path, l10n: Runner, name: str) -> None:
    """A FIFO ``l10n.toml`` was passed over (the defaults ran: another engine, another source);
    read, it would block. One error line naming it, exit 2 as for a bad configuration."""
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes/a-en.md").write_text("# A\n", encoding="utf-8")
    os.mkfifo(tmp_path / name)
    done = l10n(tmp_path, "status")
    assert done.exit_code == 2, done.output
    assert f"{name}: cannot read: not a regular file (a FIFO)" in done.output, done.output


@pytest.mark.timeout(60)
def test_init_reads_no_fifo_and_says_so(tmp_path: Path, l10n: Runner) -> None:
    """init appends to ``pyproject.toml`` and ``.gitignore``: as FIFOs they blocked it (or it
    ended in a traceback). pyproject.toml stops init with nothing written; .gitignore is a warning."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.md").write_text("# A\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pyproject.toml")
    done = l10n(tmp_path, "init")
    assert done.exit_code == 1 and "pyproject.toml: cannot read: not a regular file (a FIFO); nothing written" in done.output
    assert not (tmp_path / "l10n.toml").exists()
    (tmp_path / "pyproject.toml").unlink()
    os.mkfifo(tmp_path / ".gitignore")
    done = l10n(tmp_path, "init")
    assert done.exit_code == 0, done.output
    assert "warning: .gitignore: cannot read: not a regular file (a FIFO)" in done.output
    assert (tmp_path / "l10n.toml").is_file()
