"""The run state: stamps in the bookkeeping database decide what a run may skip."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from l10n import pipeline
from l10n.config import Config, load_config
from l10n.store import cachedb
from l10n.store.state import NOT_IN_FINGERPRINT, RunState, config_fingerprint
from tests.conftest import Runner


def _touch(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def _edit(path: Path) -> None:
    """Another byte at the end, and a later mtime."""
    with open(path, "ab") as handle:
        handle.write(b"x")
    _touch(path)


def test_recorded_work_is_fresh_until_a_file_changes(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "Text.\n"})
    config = load_config(root)
    note, other = root / "source_notes/a-en.md", root / "locales/hi/a-en.po"
    state = RunState.load(config)
    assert not state.is_fresh("extract:hi:a-en.md", [note, other])
    state.record("extract:hi:a-en.md", [note, other])  # the catalog is missing: that is recorded too
    cachedb.close()  # a later run, in a new connection
    state = RunState.load(config)
    assert state.is_fresh("extract:hi:a-en.md", [note, other])
    assert not state.is_fresh("extract:hi:a-en.md", [note])  # other files than recorded
    _touch(note)  # a new mtime, the same bytes (a touch, a fresh clone): the digest says so
    assert state.is_fresh("extract:hi:a-en.md", [note, other])
    _edit(note)
    assert not state.is_fresh("extract:hi:a-en.md", [note, other])
    state.record("extract:hi:a-en.md", [note, other])
    assert state.is_fresh("extract:hi:a-en.md", [note, other])
    state.forget("extract:hi:a-en.md")
    assert not state.is_fresh("extract:hi:a-en.md", [note, other])


def test_restamp_updates_only_the_keys_under_the_prefix(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "Text.\n"})
    config = load_config(root)
    note = root / "source_notes/a-en.md"
    catalog = root / "locales/hi_IN/a-en.po"  # "_" must not act as a LIKE wildcard
    catalog.parent.mkdir(parents=True)
    catalog.write_text("", encoding="utf-8")
    state = RunState.load(config)
    state.record("extract:hi_IN:a-en.md", [note, catalog])
    state.record("extract:hiXIN:a-en.md", [note, catalog])
    _edit(catalog)
    state.restamp([catalog], "extract:hi_IN:")
    assert state.is_fresh("extract:hi_IN:a-en.md", [note, catalog])
    assert not state.is_fresh("extract:hiXIN:a-en.md", [note, catalog])


def test_other_settings_or_clear_make_everything_stale(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "Text.\n"})
    config = load_config(root)
    note = root / "source_notes/a-en.md"
    RunState.load(config).record("build:hi:a-en.md", [note])
    changed = dataclasses.replace(config, project="another project")
    assert not RunState.load(changed).is_fresh("build:hi:a-en.md", [note])
    state = RunState.load(config)
    assert state.is_fresh("build:hi:a-en.md", [note])
    state.clear()
    assert not state.is_fresh("build:hi:a-en.md", [note])


def test_a_damaged_database_is_replaced(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "Text.\n"})
    config = load_config(root)
    note = root / "source_notes/a-en.md"
    RunState.load(config).record("build:hi:a-en.md", [note])
    cachedb.close()
    cachedb.cache_path(config.locales).write_bytes(b"\0garbage" * 512)
    state = RunState.load(config)
    assert not state.is_fresh("build:hi:a-en.md", [note])
    state.record("build:hi:a-en.md", [note])
    assert state.is_fresh("build:hi:a-en.md", [note])


def test_clear_of_one_stage_keeps_the_others(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "Text.\n"})
    config = load_config(root)
    note = root / "source_notes/a-en.md"
    state = RunState.load(config)
    keys = ["extract:hi:a-en.md", "translate:hi:a-en.po", "build:hi:a-en.md", "build:hi:b-en.md"]
    for key in keys:
        state.record(key, [note])  # deferred: clear must still see them
    state.clear("build")
    assert [state.is_fresh(key, [note]) for key in keys] == [True, True, False, False]
    state.clear("extract", "translate")
    assert not any(state.is_fresh(key, [note]) for key in keys)


def test_build_force_leaves_extract_skipping(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"a-en.md": "# A\n\nText.\n", "b-en.md": "# B\n\nMore text.\n"})
    assert l10n(root, "extract").exit_code == 0
    assert l10n(root, "build").exit_code == 0
    parsed: list[str] = []  # notes read (and segmented, or taken from the cache)
    real = pipeline.load_note

    def counting(*args: Any, **kwargs: Any) -> Any:
        parsed.append(str(args[1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load_note", counting)
    assert l10n(root, "build", "--force").exit_code == 0
    forced = len(parsed)
    assert forced == 2  # every note rebuilt
    assert l10n(root, "extract").exit_code == 0
    assert l10n(root, "build").exit_code == 0
    assert len(parsed) == forced  # neither the next extract nor the next build reads a note again
    assert l10n(root, "extract", "--force").exit_code == 0
    assert len(parsed) == forced + 2


def _changed(value: Any, annotation: str) -> Any:
    """Another value of a Config field's type (from its value, or its annotation when None)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, Path):
        return value / "x"
    if isinstance(value, dict):
        return {**value, "changed": "x"}
    if isinstance(value, tuple):
        return (*value, ("x", True) if "tuple[str, bool]" in annotation else "x")
    assert value is None, (value, annotation)
    if annotation.startswith("int"):
        return 7
    if annotation.startswith("tuple"):
        return ("x",)
    if annotation.startswith("Path"):
        return Path("/elsewhere")
    return "x"


def _moved(config: Config, root: Path) -> Config:
    """``config`` of the same project copied to ``root``: every path under its root moved too."""

    def move(value: Any) -> Any:
        if isinstance(value, Path) and value.is_relative_to(config.root):
            return root / value.relative_to(config.root)
        if isinstance(value, tuple):
            return tuple(move(v) for v in value)
        return value

    return dataclasses.replace(config, **{item.name: move(getattr(config, item.name)) for item in dataclasses.fields(config)})


def test_every_config_field_changes_the_fingerprint_or_is_listed_with_a_reason(project: Callable[..., Path]) -> None:
    config = load_config(project({"note-en.md": "# Hi\n"}))
    base = config_fingerprint(config)
    names = {item.name for item in dataclasses.fields(config)}
    assert set(NOT_IN_FINGERPRINT) <= names, set(NOT_IN_FINGERPRINT) - names  # no stale entry
    assert all(reason.strip() for reason in NOT_IN_FINGERPRINT.values())
    for item in dataclasses.fields(config):
        other = dataclasses.replace(config, **{item.name: _changed(getattr(config, item.name), str(item.type))})
        if item.name == "root":  # the whole project moved: its paths with it (a copy, another checkout)
            other = _moved(config, Path("/elsewhere"))
        if item.name in NOT_IN_FINGERPRINT:
            assert config_fingerprint(other) == base, item.name
        else:
            assert config_fingerprint(other) != base, item.name


def test_the_fingerprint_does_not_depend_on_mapping_order(project: Callable[..., Path]) -> None:
    config = dataclasses.replace(load_config(project({"note-en.md": "# Hi\n"})), language_aliases={"a": "1", "b": "2"})
    again = dataclasses.replace(config, language_aliases={"b": "2", "a": "1"})
    assert config_fingerprint(config) == config_fingerprint(again)
def test_sync_after_one_edited_note_works_on_that_note_only(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19: the work follows what changed. Every stage reads the run state of all notes
    in one query and touches (reads, translates, builds) only the edited note."""
    notes = {f"n{i}-en.md": f"# Note {i}\n\nText of note {i}.\n" for i in range(5)}
    root = project(notes)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    noop = l10n(root, "sync", "--engine", "pseudo")
    assert noop.exit_code == 0
    assert "hi: nothing to translate" in noop.stderr  # no engine was even made
    loaded: list[str] = []
    real = pipeline.load_note

    def counting(*args: Any, **kwargs: Any) -> Any:
        loaded.append(args[1].name)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load_note", counting)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    assert loaded == []
    with (root / "source_notes/n3-en.md").open("a", encoding="utf-8") as handle:
        handle.write("\nAn added paragraph.\n")
    edited = l10n(root, "sync", "--engine", "pseudo")
    assert edited.exit_code == 0
    assert "hi: 1 translated by pseudo" in edited.stderr
    assert set(loaded) == {"n3-en.md"}  # extract and build read the edited note only
    built = (root / "translated/hi/n3-hi.md").read_text(encoding="utf-8")
    assert "An added paragraph" not in built  # translated (pseudo marks every word)
    assert "100.0% translated" in edited.stdout


def test_state_read_in_one_query_sees_this_runs_records(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": "# A\n", "b-en.md": "# B\n"})
    config = load_config(root)
    a, b = root / "source_notes/a-en.md", root / "source_notes/b-en.md"
    state = RunState.load(config)
    assert not state.is_fresh("build:hi:a-en.md", [a])  # loads build:hi: (empty)
    state.record("build:hi:a-en.md", [a])
    assert state.is_fresh("build:hi:a-en.md", [a]) and not state.is_fresh("build:hi:b-en.md", [b])
    state.record("extract:hi:b-en.md", [b])  # another stage: read again when asked
    assert state.is_fresh("extract:hi:b-en.md", [b])
    assert state.is_fresh("build:hi:a-en.md", [a])
    state.forget("build:hi:a-en.md")
    assert not state.is_fresh("build:hi:a-en.md", [a])
    state.record("build:hi:a-en.md", [a])
    state.save()
    other = RunState.load(config)  # another run reads what this one saved
    assert other.is_fresh("build:hi:a-en.md", [a]) and other.is_fresh("extract:hi:b-en.md", [b])
    _edit(a)
    assert not other.is_fresh("build:hi:a-en.md", [a])
    state.clear("build")
    assert not state.is_fresh("build:hi:a-en.md", [a]) and state.is_fresh("extract:hi:b-en.md", [b])


def test_a_segmentation_change_makes_extract_and_build_redo_every_note(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: after an upgrade that changes segmentation (SEGMENTATION_VERSION), the run
    state lets neither extract nor build skip a note, so old segments are never served."""
    from l10n.markdown import dialect

    root = project({"a-en.md": "# Title\n\nText.\n"})
    for stage in ("extract", "build"):
        assert l10n(root, stage).exit_code == 0
    loaded: list[str] = []
    real = pipeline.load_note

    def counting(*args: Any, **kwargs: Any) -> Any:
        loaded.append(args[1].name)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load_note", counting)
    for stage in ("extract", "build"):
        assert l10n(root, stage).exit_code == 0
    assert loaded == []  # nothing changed: both stages skipped the note
    cachedb.close()
    monkeypatch.setattr(dialect, "SEGMENTATION_VERSION", dialect.SEGMENTATION_VERSION + 1)
    for stage in ("extract", "build"):
        assert l10n(root, stage).exit_code == 0
        assert loaded.count("a-en.md") >= 1, stage  # read (and segmented) again
        loaded.clear()


def test_an_edit_saved_while_the_note_is_worked_on_is_seen_by_the_next_run(
    project: Callable[..., Path], l10n: Runner
) -> None:
    """Git's racy-clean case: the stamp recorded for the note is the one seen before the work
    read it, so an edit saved between the read and the record is not taken for what was read."""
    root = project({"a-en.md": "First text.\n"})
    config = load_config(root)
    note = str(root / "source_notes/a-en.md")
    state = RunState.load(config)
    assert not state.is_fresh("extract:hi:a-en.md", [note])  # stale: the work follows and reads it
    Path(note).write_text("Other text.\n", encoding="utf-8")  # saved during the work
    state.record("extract:hi:a-en.md", [note], read=[note])
    assert not state.is_fresh("extract:hi:a-en.md", [note])
    # without the edit, the record stands
    state.record("extract:hi:a-en.md", [note], read=[note])
    assert state.is_fresh("extract:hi:a-en.md", [note])
    # end to end: the segmentation stored for a note stands for the text read, not a later one
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    assert "Other text." in (root / "locales/hi/a-en.po").read_text(encoding="utf-8")



def test_the_stamped_files_are_the_stamps_folded_after_every_kind_of_write(project: Callable[..., Path]) -> None:
    """``stamped_files`` (one row per recorded file, what sync stats) is kept by triggers: after
    records, a record replacing another, restamping, forgetting and clearing, it holds what
    folding the stamps gives, and a database made before it gets it once, filled."""
    root = project({"a-en.md": "# A\n", "b-en.md": "# B\n"})
    config = load_config(root)
    files = [root / "source_notes/a-en.md", root / "source_notes/b-en.md", root / "gone.md"]
    state = RunState(config)
    db = state.connection.db
    assert db is not None
    fold = (
        "SELECT path, min(size), min(mtime_ns), min(config), min(size) = max(size) AND min(mtime_ns) = max(mtime_ns) "
        "AND min(config) = max(config) AND min(ctime_ns) IS max(ctime_ns) AND min(ino) IS max(ino) "
        "AND min(digest) IS max(digest), min(ctime_ns), min(ino), CASE WHEN count(digest) = count(ctime_ns) THEN min(digest) END "
        "FROM stamps GROUP BY path ORDER BY path"
    )

    def check() -> None:
        state.save()
        assert db.execute("SELECT * FROM stamped_files ORDER BY path").fetchall() == db.execute(fold).fetchall()

    state.record("extract:hi:a-en.md", files[:1])
    state.record("build:hi:a-en.md", files)
    check()
    _edit(files[0])
    state.record("extract:hi:a-en.md", files[:2])  # replaces the key's rows: a-en.md's stamps now differ
    check()
    assert db.execute("SELECT same FROM stamped_files WHERE path = ?", (str(files[0]),)).fetchone() == (0,)
    state.restamp(files[:1], "build:")
    check()
    state.forget("extract:hi:a-en.md")
    check()
    state.clear("build")
    check()
    assert db.execute("SELECT count(*) FROM stamped_files").fetchone() == (0,)
    state.record("build:hi:b-en.md", files[1:])
    state.save()
    with db:  # a file of before: no table, no triggers; opened again, it gets them, filled
        for trigger in ("stamps_inserted", "stamps_deleted", "stamps_updated"):
            db.execute(f"DROP TRIGGER {trigger}")
        db.execute("DROP TABLE stamped_files")
    cachedb.close()
    again = RunState(config)
    assert again.connection.db is not None
    assert again.connection.db.execute("SELECT count(*) FROM stamped_files").fetchone() == (2,)


def test_the_note_digest_taken_from_the_bytes_read_is_the_files_and_an_edit_after_the_read_is_seen(
    project: Callable[..., Path],
) -> None:
    """load_note keeps the digest of the bytes it read for the record (state.remember_read): it is
    the digest of the file's bytes, and a same-size edit saved after the read with its mtime put
    back gets another identity (change time), so the record hashes the file itself and the next
    run redoes the work."""
    from l10n.site.layout import NoteList
    from l10n.store.state import content_digest

    root = project({"a-en.md": "First text.\n"})
    config = load_config(root)
    note = NoteList(config.source, ()).note("a-en.md")
    key, path = "extract:hi:a-en.md", str(note.path)
    state = RunState.load(config)
    assert not state.is_fresh(key, [path])
    pipeline.load_note(config, note)
    state.record(key, [path], read=[path])
    state.save()
    db = state.connection.db
    assert db is not None
    assert db.execute("SELECT digest FROM stamps WHERE key = ?", (key,)).fetchone() == (content_digest(path),)

    pipeline.load_note(config, note)  # read, then edited: same size, mtime put back
    before = os.stat(path)
    Path(path).write_text("Other text.\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    state = RunState.load(config)
    state.record(key, [path])
    state.save()
    db = state.connection.db
    assert db is not None
    # the edited bytes' digest, not that of the bytes read before the edit
    assert db.execute("SELECT digest FROM stamps WHERE key = ?", (key,)).fetchone() == (content_digest(path),)
