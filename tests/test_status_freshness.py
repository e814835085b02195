"""``status`` calls a built note stale exactly when the next ``build`` would redo it.

Found by a review (session 13): ``status`` compared mtimes while the build's skip compares the
run state's records (size, mtime, change time, inode, and a digest when only the times moved).
After a ``touch`` of a note or a catalog (or a tool writing the same bytes again) every later
``sync`` and ``build`` skipped the note, so its output stayed older and ``status`` said "1 stale
of 1" for ever; and a same-size catalog edit whose mtime was put back showed "all current"
while ``sync --dry-run -v`` said "would build a.md: changed since its last build". Here each
verdict is read from what the commands say, ``status`` beside ``sync --dry-run``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.status.collect import CACHE_NAME
from l10n.store import cachedb, verdicts
from tests.conftest import Runner, write_project

EXTRA = 'engine = "pseudo"\nmarkdown = "gfm"\n'
NOTES = {
    "a.md": "# Alpha\n\nThe first note has a paragraph.\n\n## Run it\n\nThen run it.\n",
    "guide/b.md": "---\ntitle: Beta guide\n---\n\n# Beta\n\nRead about [running it](../a.md#run-it).\n",
    "c.md": "# Gamma\n\nA note nobody links to.\n",
}
LANGUAGES = ("hi", "ar")


@pytest.fixture(autouse=True)
def _own_verdict_store() -> None:
    verdicts.detach()  # another test's project stays out of the validator's pass store


@pytest.fixture
def site(project: Callable[..., Path], l10n: Runner) -> Path:
    root = project(NOTES, LANGUAGES, EXTRA)
    result = l10n(root, "sync")
    assert result.exit_code == 0, result.output
    return root


def _outputs(l10n: Runner, root: Path) -> dict[tuple[str, str], str]:
    """``(lang, note) -> current|stale|missing`` from ``status --format json``."""
    result = l10n(root, "status", "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)  # stderr may say notes were edited since their extract
    return {(lang["lang"], note["note"]): note["output"] for lang in data["languages"] for note in lang["notes"]}


def _stale(l10n: Runner, root: Path) -> set[str]:
    return {note for (_, note), state in _outputs(l10n, root).items() if state != "current"}


def _would_build_by_reason(l10n: Runner, root: Path) -> tuple[set[str], set[str]]:
    """The notes ``sync --dry-run -v`` says build would redo for their own files, and those for
    their links alone."""
    result = l10n(root, "sync", "--dry-run", "-v")
    assert result.exit_code == 0, result.output
    own = set(re.findall(r"^  would build (\S+): changed since its last build", result.output, re.MULTILINE))
    links = set(re.findall(r"^  would build (\S+): a note its links read changed", result.output, re.MULTILINE))
    return own, links - own


def _would_build(l10n: Runner, root: Path) -> set[str]:
    """The notes ``sync --dry-run -v`` says build would redo for their own files or links."""
    result = l10n(root, "sync", "--dry-run", "-v")
    assert result.exit_code == 0, result.output
    return set(re.findall(r"^  would build (\S+): (?:changed since its last build|a note its links read changed)", result.output, re.MULTILINE))


def _stamps(root: Path) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(root / "locales" / CACHE_NAME)
    try:
        return db.execute("SELECT * FROM stamps ORDER BY key, path").fetchall()
    finally:
        db.close()


def _touch(path: Path) -> None:
    """New mtime and change time, the same bytes."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))


def _rewrite(path: Path) -> None:
    """The same bytes written again through a new file (``sed -i`` that changes nothing): a new
    inode and change time."""
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)
    _touch(path)


def _edit_keeping_mtime(path: Path, old: bytes, new: bytes) -> None:
    """A same-size edit whose mtime is put back (``touch -d``, a tool keeping mtimes)."""
    assert len(old) == len(new)
    info = path.stat()
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns


SAME_BYTES = {
    "touched note": lambda root: _touch(root / "source_notes/a.md"),
    "touched note with front matter": lambda root: _touch(root / "source_notes/guide/b.md"),
    "touched catalog": lambda root: _touch(root / "locales/hi/a.po"),
    "rewritten note": lambda root: _rewrite(root / "source_notes/c.md"),
    "rewritten catalog": lambda root: _rewrite(root / "locales/ar/guide/b.po"),
    "touched output": lambda root: _touch(root / "translated/hi/a.md"),
}


@pytest.mark.parametrize("change", list(SAME_BYTES))
def test_the_same_bytes_leave_every_output_current(site: Path, l10n: Runner, change: str) -> None:
    assert _stale(l10n, site) == set()
    SAME_BYTES[change](site)
    # before any run too: the digests recorded prove the bytes unchanged (an output's is the
    # digest of the bytes build wrote, kept from the write)
    assert _stale(l10n, site) == _would_build(l10n, site) == set()
    for command in ("sync", "build"):
        result = l10n(site, command)
        assert result.exit_code == 0, result.output
        assert _stale(l10n, site) == _would_build(l10n, site) == set(), command


def test_status_writes_no_run_state(site: Path, l10n: Runner) -> None:
    _touch(site / "source_notes/a.md")  # a record the next run would refresh: status must not
    before = _stamps(site)
    assert _stale(l10n, site) == set()
    assert _stamps(site) == before


CHANGED = {
    "catalog": ("locales/hi/c.po", b"msgid \"A note nobody links to.\"\nmsgstr \"[", b"msgid \"A note nobody links to.\"\nmsgstr \"]"),
    "note": ("source_notes/c.md", b"nobody", b"NOBODY"),
}


@pytest.mark.parametrize("what", list(CHANGED))
def test_a_same_size_edit_with_its_mtime_put_back_is_stale(site: Path, l10n: Runner, what: str) -> None:
    path, old, new = CHANGED[what]
    note = "c.md"  # no note's links read it
    _edit_keeping_mtime(site / path, old, new)
    outputs = _outputs(l10n, site)
    assert {key for key, state in outputs.items() if state == "stale"} == (
        {("hi", note)} if what == "catalog" else {("hi", note), ("ar", note)}
    )
    assert _would_build(l10n, site) == {note}
    assert l10n(site, "sync").exit_code == 0
    assert _stale(l10n, site) == _would_build(l10n, site) == set()


def test_a_note_whose_links_read_a_changed_note_is_stale(site: Path, l10n: Runner) -> None:
    """The build redoes a note whose links lead into a note that changed (its ``deps:``
    records); status says so of that note too, as the dry run does."""
    a = site / "source_notes/a.md"
    a.write_text(a.read_text().replace("## Run it", "## Run it now"), encoding="utf-8")
    assert _stale(l10n, site) == _would_build(l10n, site) == {"a.md", "guide/b.md"}
    assert l10n(site, "sync").exit_code == 0
    assert _stale(l10n, site) == set()


def test_without_build_records_status_compares_mtimes(site: Path, l10n: Runner) -> None:
    """A fresh clone without its bookkeeping file: an output older than its note is stale."""
    cachedb.close()  # the commands ran in this process: let go of the file before it goes
    (site / "locales" / CACHE_NAME).unlink()
    for suffix in ("-wal", "-shm"):
        (site / "locales" / (CACHE_NAME + suffix)).unlink(missing_ok=True)
    assert _stale(l10n, site) == set()
    _touch(site / "source_notes/c.md")
    assert _stale(l10n, site) == {"c.md"}
    (site / "translated/hi/c.md").unlink()
    assert _outputs(l10n, site)[("hi", "c.md")] == "missing"


def test_a_note_never_built_with_a_page_on_disk_is_stale(site: Path, l10n: Runner) -> None:
    """A new note whose page is already there (copied by hand): the build would write it."""
    (site / "source_notes/d.md").write_text("# Delta\n\nNew.\n", encoding="utf-8")
    for lang in LANGUAGES:
        (site / "translated" / lang / "d.md").write_text("# Delta\n\nNew.\n", encoding="utf-8")
    assert "d.md" in _would_build(l10n, site)
    assert _outputs(l10n, site)[("hi", "d.md")] == "stale"


# -- any sequence of edits, runs and same-byte writes: status and the dry run agree -------------------

def _append(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\nAn added paragraph.\n")


def _same_size_note_edit(path: Path) -> None:
    data = path.read_bytes()
    _edit_keeping_mtime(path, data[-2:-1], b"!" if data[-2:-1] != b"!" else b"?")


def _same_size_catalog_edit(path: Path) -> None:
    data = path.read_bytes()
    at = data.rindex(b'msgstr "') + len(b'msgstr "')
    _edit_keeping_mtime(path, data[at - 8 : at + 1], data[at - 8 : at] + (b"X" if data[at : at + 1] != b"X" else b"Y"))


def _rename_heading(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("## Run it", "## Run it again", 1), encoding="utf-8")


STEPS: dict[str, Callable[[Path, str], None]] = {
    "touch note": lambda root, note: _touch(root / "source_notes" / note),
    "rewrite note": lambda root, note: _rewrite(root / "source_notes" / note),
    "touch catalog": lambda root, note: _touch(root / "locales/hi" / note.replace(".md", ".po")),
    "rewrite catalog": lambda root, note: _rewrite(root / "locales/ar" / note.replace(".md", ".po")),
    "same-size note edit": lambda root, note: _same_size_note_edit(root / "source_notes" / note),
    "same-size catalog edit": lambda root, note: _same_size_catalog_edit(root / "locales/hi" / note.replace(".md", ".po")),
    "edit note": lambda root, note: _append(root / "source_notes" / note),
    "rename a heading": lambda root, note: _rename_heading(root / "source_notes/a.md"),
}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.sampled_from([*STEPS, "sync", "build"]), st.sampled_from(sorted(NOTES))), min_size=1, max_size=4
    )
)
def test_status_agrees_with_the_dry_run_after_any_steps(
    tmp_path_factory: pytest.TempPathFactory, l10n: Runner, steps: list[tuple[str, str]]
) -> None:
    verdicts.detach()
    root = write_project(tmp_path_factory.mktemp("steps"), NOTES, LANGUAGES, EXTRA)
    assert l10n(root, "sync").exit_code == 0
    for step, note in steps:
        if step in STEPS:
            STEPS[step](root, note)
        else:
            assert l10n(root, step).exit_code == 0
        # the dry run may name more notes for their links than the build redoes: its "a note its
        # links read changed" compares the linked files' stamps only, where the build also reads
        # what its links use (heading ids); status follows the build (a note edited, then `build`
        # alone: guide/b.md is named by the dry run, not rebuilt by the next build)
        stale, (own, links) = _stale(l10n, root), _would_build_by_reason(l10n, root)
        assert own <= stale <= own | links, (step, note, stale, own, links)
    assert l10n(root, "sync").exit_code == 0
    assert _stale(l10n, root) == _would_build(l10n, root) == set()
