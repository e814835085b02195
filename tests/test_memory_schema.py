"""The SQLite memory's schema (session 15, issue 19): rows appended in insertion order (table
``memory_rows``) and found through a 64-bit hash of their key, so a commit writes its rows once at
the end of the table instead of rewriting random leaves of a table keyed by text. Files of the
schema before it (table ``memory``) are converted once, in place and atomically, and rows an older
version writes there later are merged back; hash collisions never give a wrong answer."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import L10nError
from l10n.mt import memory as memory_module
from l10n.mt.memory import Record, TranslationMemory

pytestmark = pytest.mark.timeout(120)

# The schema l10n wrote before session 15 (l10n/mt/memory.py at cd78838), copied here so this
# test keeps making files of that format whatever the module becomes.
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS memory (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source_text TEXT NOT NULL,
    translation TEXT NOT NULL,
    origin      TEXT NOT NULL,  -- "human" or "machine:<engine>"
    updated     TEXT NOT NULL,  -- ISO 8601, UTC
    PRIMARY KEY (source_lang, target_lang, source_text)
) WITHOUT ROWID
"""

OLD_ROWS = [
    ("en", "hi", f"Segment {i}", f"खंड {i}", "machine:pseudo" if i % 3 else "human", f"2026-11-{1 + i % 28:02d}T00:00:00+00:00")
    for i in range(1500)
] + [
    ("en", "de", "Segment 1", "Abschnitt 1", "human", "2026-11-30T00:00:00+00:00"),
    ("en", "hi", "A long paragraph. " * 400, "लंबा", "machine:libre", "2026-10-01T00:00:00+00:00"),
    ("en", "hi", "", "empty", "machine:x", "2026-10-01T00:00:00+00:00"),
]


def _old_file(path: Path) -> None:
    """A memory file as the code before session 15 made it (16 KiB pages, WAL)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA page_size=16384")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(OLD_SCHEMA)
    db.executemany("INSERT INTO memory VALUES (?, ?, ?, ?, ?, ?)", OLD_ROWS)
    db.close()


def _tables(path: Path) -> dict[str, set[str]]:
    """The memory tables of the file ``path`` and their columns."""
    db = sqlite3.connect(path)
    try:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: {row[1] for row in db.execute(f"PRAGMA table_info({name})")} for name in names}
    finally:
        db.close()


def _all_found(memory: TranslationMemory) -> None:
    for source_lang, target_lang in {(row[0], row[1]) for row in OLD_ROWS}:
        rows = [row for row in OLD_ROWS if row[:2] == (source_lang, target_lang)]
        found = memory.lookup(source_lang, target_lang, [row[2] for row in rows])
        assert {text: (e.translation, e.origin, e.updated) for text, e in found.items()} == {
            row[2]: row[3:] for row in rows
        }
    assert len(memory) == len(OLD_ROWS)
    assert [tuple(vars(r).values()) for r in memory.records()] == sorted(OLD_ROWS)


def test_an_old_file_is_converted_once_and_every_row_found(tmp_path: Path) -> None:
    path = tmp_path / "locales" / ".l10n-memory.sqlite3"
    _old_file(path)
    assert set(_tables(path)) == {"memory"}
    with TranslationMemory(path) as memory:
        _all_found(memory)
        # Oldest first: the converted rows keep the order of their dates.
        dates = [row[0] for row in memory._db.execute("SELECT updated FROM memory_rows ORDER BY id")]
        assert dates == sorted(dates)
        memory.store_many("en", "hi", [("Segment 1", "new machine"), ("Segment 0", "machine over human")], origin="machine:x")
        found = memory.lookup("en", "hi", ["Segment 0", "Segment 1"])
        assert found["Segment 1"].translation == "new machine"  # machine over machine
        assert found["Segment 0"].translation == "खंड 0"  # row 0 is human: kept
    tables = _tables(path)
    assert set(tables) == {"memory_rows"} and {"id", "source_hash"} <= tables["memory_rows"]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA page_size").fetchone() == (16384,)
    db.close()
    with TranslationMemory(path) as memory:  # opened again: nothing more to convert
        assert len(memory) == len(OLD_ROWS)


def test_a_conversion_that_fails_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / ".l10n-memory.sqlite3"
    _old_file(path)
    calls = 0
    real = memory_module.source_key_hash

    def failing(source_lang: str, target_lang: str, text: str) -> int:
        nonlocal calls
        calls += 1
        if calls > 700:  # half way through the copy (as a full disk or a kill would stop it)
            raise OSError("disk full")
        return real(source_lang, target_lang, text)

    monkeypatch.setattr(memory_module, "source_key_hash", failing)
    with pytest.raises(L10nError, match="cannot open the translation memory"):
        TranslationMemory(path)
    assert set(_tables(path)) == {"memory"}  # no new table left half filled
    db = sqlite3.connect(path)
    assert sorted(db.execute("SELECT * FROM memory")) == sorted(OLD_ROWS)
    db.close()
    monkeypatch.setattr(memory_module, "source_key_hash", real)
    with TranslationMemory(path) as memory:
        _all_found(memory)


def test_a_dry_run_reads_an_old_file_without_converting_it(project: Callable[..., Path]) -> None:
    from l10n.config import load_config
    from l10n.mt.memory import open_memory_to_read

    root = project({"a-en.md": "# A\n"})
    config = load_config(root)
    path = config.locales / ".l10n-memory.sqlite3"
    _old_file(path)
    before = path.read_bytes()
    with open_memory_to_read(config) as memory:
        assert isinstance(memory, TranslationMemory)
        _all_found(memory)
    assert path.read_bytes() == before
    assert set(_tables(path)) == {"memory"}


def test_rows_an_older_version_wrote_after_the_conversion_are_merged(tmp_path: Path) -> None:
    """An older l10n given a converted file (a memory committed to git, a teammate's older
    version) finds no ``memory`` table, makes one as it always did and stores there (it would
    fail at its first store on a table of the new shape); the next opening merges those rows in
    by the import rule and drops the table."""
    path = tmp_path / ".l10n-memory.sqlite3"
    with TranslationMemory(path) as memory:
        memory.store_many("en", "hi", [("kept", "रखा"), ("older", "पुराना"), ("human", "मानव")], origin="machine:x")
        memory.store_many("en", "hi", [("human", "मानव (human)")], origin="human")
    db = sqlite3.connect(path, isolation_level=None)  # what the older version does
    db.execute(OLD_SCHEMA)
    db.executemany(
        "INSERT INTO memory VALUES (?, ?, ?, ?, ?, ?)",
        [
            ("en", "hi", "older", "नया", "machine:y", "2999-01-01T00:00:00+00:00"),  # newer: wins
            ("en", "hi", "human", "machine again", "machine:y", "2999-01-01T00:00:00+00:00"),  # never over a human row
            ("en", "hi", "new", "नई", "machine:y", "2026-01-01T00:00:00+00:00"),
        ],
    )
    db.close()
    with TranslationMemory(path) as memory:
        found = memory.lookup("en", "hi", ["kept", "older", "human", "new"])
        assert {t: e.translation for t, e in found.items()} == {
            "kept": "रखा", "older": "नया", "human": "मानव (human)", "new": "नई"
        }
        assert len(memory) == 4
    assert set(_tables(path)) == {"memory_rows"}


def test_an_older_version_works_with_a_converted_file(tmp_path: Path) -> None:
    """The older version's own statements (l10n/mt/memory.py at cd78838) on a converted file:
    its lookup finds nothing (no failure), its store succeeds."""
    path = tmp_path / ".l10n-memory.sqlite3"
    with TranslationMemory(path) as memory:
        memory.store_many("en", "hi", [("a", "ए")], origin="machine:x")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(OLD_SCHEMA)
    assert db.execute("SELECT source_text FROM memory WHERE source_lang = 'en' AND target_lang = 'hi' AND source_text IN ('a')").fetchall() == []
    db.execute(
        "INSERT INTO memory (source_lang, target_lang, source_text, translation, origin, updated) VALUES "
        "('en', 'hi', 'b', 'बी', 'machine:old', '2026-01-01') ON CONFLICT (source_lang, target_lang, source_text) DO UPDATE SET "
        "translation = excluded.translation WHERE excluded.origin = 'human' OR memory.origin <> 'human'"
    )
    db.close()
    with TranslationMemory(path) as memory:
        assert set(memory.lookup("en", "hi", ["a", "b"])) == {"a", "b"}


def test_texts_that_share_a_hash_are_told_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory_module, "source_key_hash", lambda *key: 7)  # every row in one bucket
    with TranslationMemory(tmp_path / "m.sqlite3") as memory:
        memory.store_many("en", "hi", [("a", "ए"), ("b", "बी")], origin="machine:x")
        memory.store_many("en", "de", [("a", "A-de")], origin="human")
        memory.store_many("en", "hi", [("a", "ए 2")], origin="machine:y")
        found = memory.lookup("en", "hi", ["a", "b", "c"])
        assert {t: e.translation for t, e in found.items()} == {"a": "ए 2", "b": "बी"}
        assert {t: e.translation for t, e in memory.lookup("en", "de", ["a", "b"]).items()} == {"a": "A-de"}
        assert len(memory) == 3


TEXTS = st.sampled_from(["a", "b", "c", "ab", "", "नमस्ते", "a\0b"])
ORIGINS = st.sampled_from(["human", "machine:x", "machine:y"])
DATES = st.sampled_from(["2026-01-01T00:00:00+00:00", "2026-06-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00"])
NOW = "2026-06-01T00:00:00+00:00"
PAIRS = st.sampled_from([("en", "hi"), ("en", "de")])
STORE = st.tuples(st.just("store"), PAIRS, ORIGINS, st.lists(st.tuples(TEXTS, st.text(max_size=3)), max_size=6))
IMPORT = st.tuples(st.just("import"), st.lists(st.tuples(PAIRS, TEXTS, st.text(max_size=3), ORIGINS, DATES), max_size=6))


@settings(max_examples=60, deadline=None)
@given(operations=st.lists(st.one_of(STORE, IMPORT), max_size=8), buckets=st.sampled_from([1, 2, 3, 2**64]))
def test_matches_a_dictionary_whatever_the_hash_collides(
    tmp_path_factory: pytest.TempPathFactory, operations: list[tuple[object, ...]], buckets: int
) -> None:
    """Stores and imports against a model dictionary, with the hash cut to ``buckets`` values
    (1: every row collides) so rows of one bucket must be told apart by their text."""
    real = memory_module.source_key_hash
    model: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(memory_module, "source_key_hash", lambda *key: real(*key) % buckets - buckets // 2)
        patch.setattr(memory_module, "utc_now", lambda: NOW)  # a store's date, which imports compare with
        with TranslationMemory(tmp_path_factory.mktemp("m") / "m.sqlite3") as memory:
            for operation in operations:
                if operation[0] == "store":
                    _, (src, tgt), origin, pairs = operation
                    memory.store_many(src, tgt, pairs, origin=origin)  # type: ignore[arg-type]
                    for text, translation in pairs:  # type: ignore[attr-defined]
                        old = model.get((src, tgt, text))  # type: ignore[has-type]
                        if old is None or origin == "human" or old[1] != "human":
                            model[src, tgt, text] = (translation, origin, NOW)  # type: ignore[has-type]
                else:
                    records = [Record(src, tgt, text, tr, origin, date) for (src, tgt), text, tr, origin, date in operation[1]]  # type: ignore[attr-defined]
                    assert memory.add_records(records) == len(records)
                    for r in records:
                        old = model.get((r.source_lang, r.target_lang, r.source_text))
                        human, was_human = r.origin == "human", old is not None and old[1] == "human"
                        if old is None or (human and not was_human) or (human == was_human and r.updated >= old[2]):
                            model[r.source_lang, r.target_lang, r.source_text] = (r.translation, r.origin, r.updated)
            assert len(memory) == len(model)
            for src, tgt in {("en", "hi"), ("en", "de")}:
                found = memory.lookup(src, tgt, ["a", "b", "c", "ab", "", "नमस्ते", "a\0b", "zz"])
                expected = {k[2]: v for k, v in model.items() if k[:2] == (src, tgt)}
                assert {t: (e.translation, e.origin, e.updated) for t, e in found.items()} == expected
            assert [(r.source_lang, r.target_lang, r.source_text) for r in memory.records()] == sorted(model)
