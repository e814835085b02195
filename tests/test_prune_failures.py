"""A page the prune cannot remove (its folder read-only): one error line names it and why it
would go, the run exits 1, and the run state keeps it as l10n's, so the next run removes it
(never "kept … changed since l10n built it": its bytes did not change).

Root removes files whatever the modes, so the runs go through ``as_user`` (the kernel's own
permission check, as for any other user)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Runner, as_user, write_project
from tests.test_unreadable_note import NOTE


@pytest.fixture
def synced(tmp_path: Path, l10n: Runner) -> Iterator[Path]:
    """A synced project of notes a and b in hi and fr, whose folder translated/hi/ and
    translated/fr/ are then read-only (the test makes them so after its change)."""
    write_project(tmp_path, {"a.md": NOTE.format("a"), "b.md": NOTE.format("b")}, ("hi", "fr"))
    l10n.sync(tmp_path)
    yield tmp_path
    for lang in ("hi", "fr"):
        if (tmp_path / "translated" / lang).is_dir():  # so that pytest can remove it
            (tmp_path / "translated" / lang).chmod(0o755)


def _read_only(root: Path, *langs: str) -> None:
    for lang in langs:
        (root / "translated" / lang).chmod(0o555)


def test_a_gone_notes_page_that_cannot_be_removed_is_said_and_removed_later(synced: Path) -> None:
    (synced / "source_notes/b.md").unlink()
    _read_only(synced, "hi", "fr")
    done = as_user(synced, "sync", "--engine", "pseudo")
    assert done.returncode == 1, done.stderr
    assert (
        "error: translated/hi/b.md: cannot remove it (its note is gone from the source): Permission denied; the next run tries again"
        in done.stderr.splitlines()
    )
    assert (synced / "translated/hi/b.md").is_file()
    for lang in ("hi", "fr"):
        (synced / "translated" / lang).chmod(0o755)
    again = as_user(synced, "sync", "--engine", "pseudo")
    assert again.returncode == 0, again.stderr
    assert "removed translated/hi/b.md: its note is gone from the source" in again.stderr.splitlines()
    assert "changed since" not in again.stderr
    assert not (synced / "translated/hi/b.md").exists() and not (synced / "translated/fr/b.md").exists()


def test_a_dropped_languages_page_that_cannot_be_removed_is_said_and_removed_later(synced: Path) -> None:
    config = synced / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('["hi", "fr"]', '["hi"]'), encoding="utf-8")
    _read_only(synced, "fr")
    done = as_user(synced, "sync", "--engine", "pseudo")
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: translated/fr/{n}.md: cannot remove it (its language (fr) is no longer configured): Permission denied; the next run tries again"
        for n in "ab"
    ]
    (synced / "translated/fr").chmod(0o755)
    again = as_user(synced, "sync", "--engine", "pseudo")
    assert again.returncode == 0, again.stderr
    assert "fr: no longer configured: removed 2 built pages, as l10n wrote them" in again.stderr.splitlines()
    assert "changed since" not in again.stderr and not (synced / "translated/fr").exists()


def test_the_page_of_a_note_now_in_that_language_that_cannot_be_removed_is_said_and_removed_later(synced: Path) -> None:
    note = synced / "source_notes/a.md"
    note.write_text(note.read_text(encoding="utf-8").replace("title: Note a", "title: Note a\nlang: hi"), encoding="utf-8")
    _read_only(synced, "hi")
    done = as_user(synced, "sync", "--engine", "pseudo")
    assert done.returncode == 1, done.stderr
    assert (
        "error: translated/hi/a.md: cannot remove it (its note is now written in that language): Permission denied; the next run tries again"
        in done.stderr.splitlines()
    )
    (synced / "translated/hi").chmod(0o755)
    again = as_user(synced, "sync", "--engine", "pseudo")
    assert again.returncode == 0, again.stderr
    assert "removed translated/hi/a.md: its note is now written in that language" in again.stderr.splitlines()
    assert not (synced / "translated/hi/a.md").exists()


def test_a_page_the_settings_moved_that_cannot_be_removed_is_said(synced: Path) -> None:
    """After ``output`` changed, the page at the old place that cannot be removed is named and
    the run exits 1; the build records the new place over the old, so the line says to remove
    it by hand rather than promise a retry."""
    config = synced / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'output = "site/{lang}"\n', encoding="utf-8")
    _read_only(synced, "hi")
    done = as_user(synced, "sync", "--engine", "pseudo")
    assert done.returncode == 1, done.stderr
    assert (
        "error: translated/hi/a.md: cannot remove it (the settings now put its note's page elsewhere): Permission denied; remove it by hand"
        in done.stderr.splitlines()
    )
    assert (synced / "translated/hi/a.md").is_file() and (synced / "site/hi/a.md").is_file()
