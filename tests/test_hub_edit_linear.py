"""A note that every other note links to: its edit costs the bookkeeping work linear in the notes.

Each linking note's ``deps:`` record holds a stamp of the hub; the hub's edit rewrites each of
them. The triggers that keep ``stamped_files`` folded every stamp of the hub again at each row
written (N rows per record, N records: quadratic; session 18); they now fold its few distinct
stamps (``stamp_groups``). The work is counted in SQLite virtual-machine steps (a progress
handler), not timed: linear work gives about 4 for 4 times the notes, quadratic about 16.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.store import cachedb
from tests.conftest import Runner

STEP = 100
"""SQLite virtual-machine instructions per progress-handler call."""


def _hub_project(root: Path, n: int) -> Path:
    """The reviewer's shape: ``n`` notes in 50 folders, each linking to the hub's heading and to the next note."""
    root.mkdir(parents=True)
    (root / "l10n.toml").write_text(
        '[tool.l10n]\nsource = "source_notes"\nlanguages = ["hi"]\nengine = "pseudo"\nmarkdown = "gfm"\n', encoding="utf-8"
    )
    source = root / "source_notes"
    source.mkdir()
    (source / "hub-en.md").write_text("# Hub\n\n## Main part\n\nHub text.\n", encoding="utf-8")
    for i in range(n):
        folder = source / f"s{i % 50}"
        folder.mkdir(exist_ok=True)
        (folder / f"n{i}-en.md").write_text(
            f"# Note {i}\n\nSee [hub](../hub-en.md#main-part) and [next](n{i + 1}-en.md).\n", encoding="utf-8"
        )
    return root


class _Steps:
    """Counts the virtual-machine steps of every SQLite connection opened while installed."""

    def __init__(self) -> None:
        self.calls = 0

    def tick(self) -> int:
        self.calls += 1
        return 0  # go on

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        connect = sqlite3.connect

        def counted(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            db: sqlite3.Connection = connect(*args, **kwargs)
            db.set_progress_handler(self.tick, STEP)
            return db

        monkeypatch.setattr(sqlite3, "connect", counted)


def _hub_edit_steps(root: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch) -> int:
    """Sync, edit the hub's text, and count the steps of the second sync."""
    done = l10n(root, "-q", "sync", "--jobs", "1")
    assert done.exit_code == 0, done.output
    cachedb.close()
    hub = root / "source_notes/hub-en.md"
    hub.write_text(hub.read_text(encoding="utf-8").replace("Hub text.", "Hub text, edited."), encoding="utf-8")
    steps = _Steps()
    with monkeypatch.context() as patch:
        steps.install(patch)
        done = l10n(root, "-q", "sync", "--jobs", "1")
        cachedb.close()
    assert done.exit_code == 0, done.output
    return steps.calls


def test_a_hub_edit_costs_sqlite_work_linear_in_the_linking_notes(
    tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = _hub_edit_steps(_hub_project(tmp_path / "small", 60), l10n, monkeypatch)
    large = _hub_edit_steps(_hub_project(tmp_path / "large", 240), l10n, monkeypatch)
    assert small > 0
    # linear: about 4 (fixed costs make it less); main's fold of every stamp gave 12 here
    assert large / small < 6, (small, large)


def _as_folded(db: sqlite3.Connection) -> None:
    """``stamped_files`` and ``stamp_groups`` are what the stamps fold and group into now."""
    fold = cachedb._FOLD.removeprefix("INSERT INTO stamped_files ") + " GROUP BY path ORDER BY path"
    assert db.execute("SELECT * FROM stamped_files ORDER BY path").fetchall() == db.execute(fold).fetchall()
    groups = cachedb._FILL_GROUPS.removeprefix("INSERT INTO stamp_groups ")
    assert sorted(db.execute("SELECT * FROM stamp_groups").fetchall(), key=repr) == sorted(
        db.execute(groups).fetchall(), key=repr
    )


_INSERT = "INSERT OR REPLACE INTO stamps (key, path, size, mtime_ns, ctime_ns, ino, digest, config) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_values = st.sampled_from([None, 1, 2])
_stamp = st.tuples(
    st.sampled_from(["k1", "k2", "k3"]), st.sampled_from(["/a", "/b"]), st.sampled_from([-1, 5]), st.sampled_from([-1, 7]),
    _values, _values, _values, st.sampled_from(["c1", "c2"]),
)
_change = st.one_of(
    st.tuples(st.just("insert"), _stamp),
    st.tuples(st.just("delete"), st.tuples(st.sampled_from(["k1", "k2", "k3"]), st.sampled_from(["/a", "/b"]))),
    st.tuples(st.just("delete key"), st.tuples(st.sampled_from(["k1", "k2", "k3"]))),
    st.tuples(st.just("update"), st.tuples(_values, st.sampled_from(["/a", "/b"]))),
)


@settings(max_examples=60, deadline=None)
@given(changes=st.lists(_change, max_size=25))
def test_the_triggers_keep_the_groups_and_the_fold_as_the_stamps_make_them(
    changes: list[tuple[str, tuple[object, ...]]],
) -> None:
    """Every way l10n writes stamps (INSERT OR REPLACE, whose replaced row fires no delete
    trigger; DELETE by key and path or by key; UPDATE by path, as restamp and refresh do) leaves
    ``stamp_groups`` and ``stamped_files`` as grouping and folding the stamps afresh would."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    for statement in cachedb._SCHEMA:
        db.execute(statement)
    for kind, values in changes:
        if kind == "insert":
            db.execute(_INSERT, values)
        elif kind == "delete":
            db.execute("DELETE FROM stamps WHERE key = ? AND path = ?", values)
        elif kind == "delete key":
            db.execute("DELETE FROM stamps WHERE key = ?", values)
        else:
            db.execute("UPDATE stamps SET ctime_ns = ?, mtime_ns = mtime_ns + 1 WHERE path = ?", values)
        _as_folded(db)
    db.close()


def test_a_file_whose_triggers_fold_every_stamp_gets_the_groups(tmp_path: Path) -> None:
    """A bookkeeping file of before session 18 (or whose triggers an older version made again):
    opened, its triggers are this version's and its groups are filled from its stamps."""
    path = tmp_path / cachedb.CACHE_NAME
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA user_version = {cachedb._VERSION}")
    for statement in cachedb._SCHEMA:
        db.execute(statement)
    old_refold = "DELETE FROM stamped_files WHERE path = {row}.path; " + cachedb._FOLD + " WHERE path = {row}.path GROUP BY path;"
    for name in ("stamps_replacing", "stamps_inserted", "stamps_deleted", "stamps_updated"):
        db.execute(f"DROP TRIGGER {name}")
    db.execute("DROP TABLE stamp_groups")
    for name, event, rows in (("inserted", "INSERT", ("NEW",)), ("deleted", "DELETE", ("OLD",)), ("updated", "UPDATE", ("OLD", "NEW"))):
        body = " ".join(old_refold.format(row=row) for row in rows)
        db.execute(f"CREATE TRIGGER stamps_{name} AFTER {event} ON stamps BEGIN {body} END")
    for key in ("k1", "k2", "k3"):
        db.execute(_INSERT, (key, "/hub", 5, 7, 1, 2, 3, "c"))
    db.execute(_INSERT, ("k1", "/hub", 6, 8, 1, 2, 4, "c"))
    db.close()
    opened = cachedb._open(path)
    assert opened is not None
    assert opened.execute("SELECT sql FROM sqlite_master WHERE name = 'stamps_inserted'").fetchone()[0] == cachedb._GROUPED[
        "stamps_inserted"
    ]
    _as_folded(opened)
    opened.execute(_INSERT, ("k2", "/hub", 6, 8, 1, 2, 4, "c"))
    _as_folded(opened)
    opened.close()


def _built_by_sync(root: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch, *args: str) -> list[str]:
    """The notes a ``sync`` builds (each :func:`l10n.pipeline.build_note` call, the real one run)."""
    from l10n import pipeline

    built: list[str] = []
    real = pipeline.build_note

    def counted(*given: Any) -> Any:
        built.append(given[1].name)
        return real(*given)

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "build_note", counted)
        done = l10n(root, "sync", "--jobs", "1", *args)
    cachedb.close()
    assert done.exit_code == 0, done.output
    return sorted(built)


def _pages(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted((root / "translated").rglob("*.md"))}


@pytest.mark.parametrize(("markdown", "ids_renamed"), [("gfm", True), ("kramdown", False)])
def test_a_text_edit_of_a_linked_note_builds_it_alone_and_a_heading_rename_builds_its_linkers(
    tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch, markdown: str, ids_renamed: bool
) -> None:
    """What a linking note's build reads from the note it links to is its language and heading
    ids (its output path follows from its name): an edit of its text alone builds it alone
    (``--dry-run`` says so too), the pages that link to it stay as they are; a renamed heading
    builds every linking note again where the translated ids differ from the source's (GFM);
    where the build keeps the source's ids (kramdown's ``{#id}``) the links read none, and the
    linking pages stay; a language of its own builds them all again."""
    root = _hub_project(tmp_path / "p", 6)
    toml = root / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"gfm"', f'"{markdown}"'), encoding="utf-8")
    hub = root / "source_notes/hub-en.md"
    everything = sorted(["hub-en.md", *(f"s{i}/n{i}-en.md" for i in range(6))])
    assert _built_by_sync(root, l10n, monkeypatch) == everything
    before = _pages(root)

    hub.write_text("# Hub\n\n## Main part\n\nHub text, edited.\n", encoding="utf-8")
    assert "build: would redo 1 of 7 notes: hub-en.md" in l10n(root, "sync", "--dry-run").output
    cachedb.close()
    assert _built_by_sync(root, l10n, monkeypatch) == ["hub-en.md"]
    after = _pages(root)
    assert {name: data for name, data in after.items() if name != "translated/hi/hub-hi.md"} == {
        name: data for name, data in before.items() if name != "translated/hi/hub-hi.md"
    }

    hub.write_text("# Hub\n\n## Main section\n\nHub text, edited.\n", encoding="utf-8")  # #main-part is gone
    assert f"build: would redo {7 if ids_renamed else 1} of 7 notes" in l10n(root, "sync", "--dry-run").output
    cachedb.close()
    assert _built_by_sync(root, l10n, monkeypatch) == (everything if ids_renamed else ["hub-en.md"])
    assert (_pages(root)["translated/hi/s1/n1-hi.md"] != after["translated/hi/s1/n1-hi.md"]) == ids_renamed

    hub.write_text("---\nlang: hi\n---\n# Hub\n\n## Main section\n\nHub text, edited.\n", encoding="utf-8")  # its own language
    assert _built_by_sync(root, l10n, monkeypatch) == everything
    assert "source_notes/hub-en.md" in _pages(root)["translated/hi/s1/n1-hi.md"].decode()


def test_an_edit_of_a_linked_file_that_is_not_a_note_builds_its_linkers_as_before(
    tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only notes have a face (language, heading ids): a linked image or other file counts by
    its stamp, so its edit builds the notes that link to it, as before this rule."""
    root = _hub_project(tmp_path / "p", 3)
    (root / "source_notes/s1/n1-en.md").write_text("# Note 1\n\n![logo](logo.png) and [hub](../hub-en.md).\n", encoding="utf-8")
    (root / "source_notes/s1/logo.png").write_bytes(b"\x89PNG one")
    _built_by_sync(root, l10n, monkeypatch)
    (root / "source_notes/s1/logo.png").write_bytes(b"\x89PNG two, longer")
    assert _built_by_sync(root, l10n, monkeypatch) == ["s1/n1-en.md"]
