"""The coverage totals kept by triggers (:mod:`l10n.status.sums`) are the join they replace.

sync's coverage line sums, per language, the status cache's segment rows of the catalogs whose
build the run state recorded with the same size and change time. The triggers keep that sum as the
two tables change (whoever writes them: inserts, ``INSERT OR REPLACE``, updates, deletes, a
table made again); here random writes are applied to both tables and the kept totals are held,
after each write, to the join made from scratch (:func:`l10n.status.cache._joined_sums`).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n.config import Config
from l10n.status import cache as status_cache
from l10n.status import sums
from l10n.store import cachedb

KIND = f"{status_cache.CACHE_VERSION}:machine"
# notes named as l10n names their catalogs, a note named otherwise (".md" has the catalog
# ".md.po"), a catalog of an older locales folder, a template, a source: every shape of row
STAMPS = [
    ("build:hi:a.md", "/L/hi/a.po"),
    ("build:hi:sub/b.md", "/L/hi/sub/b.po"),
    ("build:hi:.md", "/L/hi/.md.po"),
    ("build:hi:a.md", "/old/hi/a.po"),
    ("build:de:a.md", "/L/de/a.po"),
    ("build:hi:a.md", "/src/a.md"),
    ("extract:hi:a.md", "/L/hi/a.po"),
    ("translate:hi:/L/hi/a.po", "/L/hi/a.po"),
    ("build:hi:c.md", "/L/hi/c.PO"),
    # a build in the note's own language: its deps record names the note (prune.OWN_LANGUAGE_MARK)
    ("deps:hi:a.md", "/src/a.md"),
    ("deps:hi:a.md", "/src/b.md"),
]
PATHS = sorted({path for _, path in STAMPS})
USUAL = STAMPS[:2]
"""Drawn as often as all the others: the writes that must meet each other do, in short runs."""
stamp = st.one_of(st.sampled_from(USUAL), st.sampled_from(STAMPS))
path = st.one_of(st.sampled_from([p for _, p in USUAL]), st.sampled_from(PATHS))
# seven integer counts, or now and then one of them not an integer (not summed, as the join)
COUNTS = st.tuples(st.lists(st.integers(0, 50), min_size=7, max_size=7), st.integers(0, 20), st.sampled_from([2.5, "7", None])).map(
    lambda drawn: [drawn[2] if i == drawn[1] else value for i, value in enumerate(drawn[0])]
)
FILE = st.sampled_from([(1, 1), (1, 1), (1, 1), (2, 1), (1, 2)])  # size, change time: mostly the same, so they meet

write = st.one_of(
    st.tuples(st.just("stamp"), stamp, FILE),
    st.tuples(st.just("unstamp"), stamp),
    st.tuples(st.just("restamp"), stamp, FILE),
    st.tuples(st.just("count"), path, st.sampled_from([KIND, KIND, KIND, "2:review", None]), FILE, COUNTS),
    st.tuples(st.just("uncount"), path),
    st.tuples(st.just("recount"), path, FILE, st.integers(0, 9)),
)


def _database() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None)
    for statement in cachedb._SCHEMA:
        db.execute(statement)
    status_cache._create_tables(db)
    return db


def _apply(db: sqlite3.Connection, step: tuple[Any, ...]) -> None:
    what = step[0]
    if what == "stamp":
        (key, path), (size, ctime) = step[1], step[2]  # a count row matches a record's change time
        db.execute("INSERT OR REPLACE INTO stamps (key, path, size, ctime_ns, config) VALUES (?, ?, ?, ?, 'c')", (key, path, size, ctime))
    elif what == "unstamp":
        db.execute("DELETE FROM stamps WHERE key = ? AND path = ?", step[1])
    elif what == "restamp":
        (key, path), (size, ctime) = step[1], step[2]
        db.execute("UPDATE stamps SET size = ?, ctime_ns = ? WHERE key = ? AND path = ?", (size, ctime, key, path))
    elif what == "count":
        path, kind, (size, ctime), counts = step[1:]
        db.execute("INSERT OR REPLACE INTO status_segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (path, kind, size, ctime, *counts))
    elif what == "uncount":
        db.execute("DELETE FROM status_segments WHERE path = ?", (step[1],))
    else:
        path, (size, ctime), total = step[1:]
        db.execute("UPDATE status_segments SET size = ?, mtime_ns = ?, total = ? WHERE path = ?", (size, ctime, total, path))


def _both(db: sqlite3.Connection, changed: set[str]) -> tuple[Any, Any]:
    config = Config(Path("/"), Path("/notes"), Path("/L"), "translated/{lang}", languages=("hi", "de"))
    kept = status_cache._kept_sums(db, KIND, config, ["hi", "de"], changed)
    joined = status_cache._joined_sums(db, KIND, config, ["hi", "de"], changed)
    return kept, joined


MET = [("stamp", STAMPS[0], (1, 1)), ("count", STAMPS[0][1], KIND, (1, 1), [5, 1, 1, 3, 0, 0, 0])]
"""A catalog's build record and its count row, met: summed."""


@settings(max_examples=500, deadline=None)
@example([*MET, ("uncount", STAMPS[0][1])], 0, set())
@example([*MET, ("recount", STAMPS[0][1], (1, 1), 9)], 1, set())
@example([*MET, ("restamp", STAMPS[0], (2, 1)), ("stamp", STAMPS[1], (1, 1))], 0, {"a.md"})
@example([*MET, ("unstamp", STAMPS[0])], 2, set())
# the note turns to its own language (marked after its build's rows, or before) and back
@example([*MET, ("stamp", STAMPS[5], (1, 1)), ("stamp", STAMPS[9], (1, 1)), ("unstamp", STAMPS[9])], 0, set())
@example([("stamp", STAMPS[9], (1, 1)), ("stamp", STAMPS[5], (1, 1)), *MET, ("unstamp", STAMPS[5])], 0, set())
@given(st.lists(write, max_size=30), st.integers(0, 8), st.sets(st.sampled_from(["a.md", "sub/b.md", ".md", "c.md"])))
def test_kept_totals_are_the_join(steps: list[tuple[Any, ...]], made_at: int, changed: set[str]) -> None:
    """After any writes, made before or after the triggers exist, the totals, the names left
    unsummed and the changed notes taken off are the join's."""
    db = _database()
    for number, step in enumerate(steps):
        if number == made_at:
            assert sums.ensure(db)
        _apply(db, step)
        if number >= made_at:
            kept, joined = _both(db, changed)
            assert kept == joined
    assert sums.ensure(db)
    kept, joined = _both(db, changed)
    assert kept == joined


def test_totals_made_again_when_stamps_are() -> None:
    """``stamps`` dropped and made again (another version's file is emptied that way) drops its
    triggers: the next look makes the totals again from the tables as they are."""
    db = _database()
    assert sums.ensure(db)
    db.execute("INSERT INTO status_segments VALUES ('/L/hi/a.po', ?, 1, 1, 5, 1, 1, 3, 0, 0, 0)", (KIND,))
    db.execute("INSERT INTO stamps (key, path, size, ctime_ns) VALUES ('build:hi:a.md', '/L/hi/a.po', 1, 1)")
    db.execute("DROP TABLE stamps")
    db.execute(cachedb._SCHEMA[1])
    db.execute("INSERT INTO stamps (key, path, size, ctime_ns) VALUES ('build:hi:b.md', '/L/hi/b.po', 1, 1)")
    db.execute("INSERT INTO status_segments VALUES ('/L/hi/b.po', ?, 1, 1, 4, 4, 0, 0, 0, 0, 0)", (KIND,))
    assert sums.ensure(db)
    kept, joined = _both(db, set())
    assert kept == joined
    assert kept[0]["hi"].total == 4


def test_totals_of_another_version_are_made_again() -> None:
    """A file whose triggers another version made (they joined the count rows on the records'
    mtime, before the rows were keyed by the change time) gets this version's: a record that
    takes a new change time (a ``touch``, a copy) then leaves the sums as the join says."""
    db = _database()
    assert sums.ensure(db)
    db.execute("DROP TRIGGER coverage_stamp_changed")
    older = sums._TRIGGERS["coverage_stamp_changed"].replace("size, ctime_ns ON stamps", "size, mtime_ns ON stamps")
    db.execute(older)
    assert sums.ensure(db)
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'coverage_stamp_changed'").fetchone()
    assert sql == sums._TRIGGERS["coverage_stamp_changed"]
    for step in (*MET, ("restamp", STAMPS[0], (1, 2)), ("recount", STAMPS[0][1], (1, 2), 7)):
        _apply(db, step)
    kept, joined = _both(db, set())
    assert kept == joined and kept[0]["hi"].total == 7


def test_the_coverage_line_counts_no_note_written_in_that_language(tmp_path: Path) -> None:
    """sync's "in N notes" is the notes translated into the language: a note whose front matter
    says it is written in Hindi has no catalog in Hindi, so it is not among them, on a first
    sync (every note counted) and on a later one (the untouched notes' counts summed by SQLite)."""
    from tests.conftest import Runner, write_project

    l10n = Runner()
    root = write_project(
        tmp_path,
        {
            "a.md": "# A\n\nText a.\n",
            "b.md": "# B\n\nText b.\n",
            "own.md": "---\ntitle: Own\nlang: hi\n---\n\nनमस्ते।\n",
        },
        languages=("hi", "de"),
    )
    first = l10n.sync(root)
    assert "hi (Hindi): 100.0% translated" in first and "segments in 2 notes)" in first.splitlines()[-2], first
    assert "segments in 3 notes)" in first.splitlines()[-1], first  # German: the Hindi note too
    (root / "source_notes/a.md").write_text("# A\n\nText a, edited.\n", encoding="utf-8")
    again = l10n.sync(root)
    assert "segments in 2 notes)" in again.splitlines()[-2] and "segments in 3 notes)" in again.splitlines()[-1], again
    assert "segments in 2 notes)" in l10n.sync(root).splitlines()[-2]  # a no-op: all from the sums


def test_a_note_linking_to_its_own_headings_is_counted_on_a_no_op_sync(tmp_path: Path) -> None:
    """A link to the note's own heading by its file name (``[x](a.md#title)``, as mdBook's and
    Docusaurus's pages write) makes the build read the note's own catalog: that read is no
    dependency on another note, and was once taken for the mark of a note written in the
    language, so the no-op sync after summed nothing for it ("no segments ... in 0 notes")."""
    from tests.conftest import Runner, write_project

    l10n = Runner()
    root = write_project(
        tmp_path,
        {
            "a.md": "# Title\n\nSee [this](a.md#title) and [that](sub/b.md#other).\n",
            "sub/b.md": "# Other\n\nSee [back](../a.md#title) and [here](b.md#other).\n",
            "c.md": "# C\n\nNo links.\n",
        },
    )
    first = l10n.sync(root).splitlines()[-1]
    assert "segments in 3 notes)" in first, first
    assert l10n.sync(root).splitlines()[-1] == first
    status = l10n(root, "status", "--format", "json")
    assert status.exit_code == 0 and json.loads(status.output)["languages"][0]["segments"]["total"] == 6
