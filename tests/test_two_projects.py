"""Two projects handled one after the other in one process (tests, library callers): each
project's bookkeeping (run stamps, segmentations, validator passes) lands in its own
``locales/.l10n-cache.sqlite3``, and connecting one project's file never closes the connection
a run of another still holds (:mod:`l10n.store.cachedb`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import l10n
from l10n.markdown import validate
from l10n.store import cachedb, verdicts
from l10n.store.state import RunState
from tests.conftest import Runner, write_project

NOTES = {
    "a-en.md": "# Setup\n\nInstall the tool with **pip**.\n\nSee [usage](b-en.md).\n",
    "b-en.md": "# Usage\n\nRun it in the project folder.\n\nIt reads `pyproject.toml`.\n",
    "c-en.md": "# Notes\n\nNothing links here.\n",
}


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    """Each test starts as a new process would: no pass store attached, no connection open."""
    verdicts.detach()
    cachedb.close()
    yield
    verdicts.detach()
    cachedb.close()


def _project(root: Path, notes: dict[str, str]) -> Path:
    root.mkdir()
    return write_project(root, notes, extra='markdown = "gfm"\n')


def _count(root: Path, query: str) -> int:
    with sqlite3.connect(root / "locales" / cachedb.CACHE_NAME) as db:
        return int(db.execute(query).fetchone()[0])


def _library_run(root: Path) -> None:
    """Extract, translate (pseudo) and build every note through the public API, as the README's
    Library section shows; the validator's passes are left waiting in memory, as a library
    caller leaves them (only the commands write them at the end of a build)."""
    config = l10n.load_config(root)
    engine = l10n.get_engine("pseudo")
    notes = list(l10n.select_notes(config, []))
    for note in notes:
        l10n.extract_note(config, note, ["hi"])
    for path in (root / "locales" / "hi").rglob("*.po"):
        catalog = l10n.load_catalog(path)
        assert catalog is not None
        for entry in catalog:
            entry.msgstr = engine.translate([entry.msgid], source="en", target="hi")[0]
        catalog.save(path)
    for note in notes:
        assert l10n.build_note(config, note, "hi").action.name != "ERROR"


def test_a_second_projects_run_records_all_land(tmp_path: Path, l10n_cli: Runner) -> None:
    """The report: a library run of one project leaves passes waiting; a run of another project
    then attaches the pass store, which wrote the first project's passes through a connection
    that closed the second run's, so that run's records were dropped: its next sync built
    every note again. Now each project's passes go to its own file and the run's records land."""
    first = _project(tmp_path / "first", NOTES)
    second = _project(tmp_path / "second", NOTES)
    _library_run(first)
    assert verdicts._CURRENT is not None and verdicts._CURRENT.pending  # passes still waiting
    done = l10n_cli(second, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    assert _count(second, "SELECT count(DISTINCT key) FROM stamps WHERE key LIKE 'build:%'") == len(NOTES)
    again = l10n_cli(second, "sync", "--dry-run", "--engine", "pseudo")
    assert again.exit_code == 0, again.output
    assert "build: would redo 0 of 3 notes" in again.stdout, again.stdout
    # the first project's passes went to its own file, the second's to its own
    verdicts.flush()
    assert _count(first, "SELECT count(*) FROM verdicts") > 0
    assert _count(second, "SELECT count(*) FROM verdicts") > 0


def test_connecting_another_project_keeps_the_held_connection_open(tmp_path: Path) -> None:
    """A run's state holds its project's connection; the pass store of another project writes
    its passes meanwhile: both files get their own rows, and the run's connection stays open
    (its later records land), one connection per file."""
    first = _project(tmp_path / "first", {"a-en.md": "# A\n"})
    second = _project(tmp_path / "second", {"a-en.md": "# A\n"})
    cachedb.connect(first / "locales")  # the first project's file exists
    verdicts.attach(first / "locales").record(validate.verdict_digest("Source.", "स्रोत।", None))
    state = RunState(l10n.load_config(second))
    held = state.connection
    verdicts.attach(second / "locales")  # writes the first project's passes first
    assert held.db is not None  # still open
    assert cachedb.connect(second / "locales") is held  # the same connection, not a second one
    state.record("build:hi:a-en.md", [second / "source_notes" / "a-en.md"])
    state.save()
    assert _count(second, "SELECT count(DISTINCT key) FROM stamps WHERE key = 'build:hi:a-en.md'") == 1
    assert _count(first, "SELECT count(*) FROM verdicts") == 1
    assert _count(second, "SELECT count(*) FROM verdicts") == 0


def test_a_connection_no_one_holds_is_closed(tmp_path: Path) -> None:
    """Connections are not piled up by a process that handles many projects: one that no run
    holds any more is closed once another file is connected."""
    roots = [_project(tmp_path / str(n), {"a-en.md": "# A\n"}) for n in range(3)]
    first = cachedb.connect(roots[0] / "locales")
    assert first is not None
    db = first.db
    assert db is not None
    del first
    for root in roots[1:]:
        cachedb.connect(root / "locales")
    with pytest.raises(sqlite3.ProgrammingError):  # closed: no one held it
        db.execute("SELECT 1")


@pytest.fixture
def l10n_cli() -> Runner:
    return Runner()
