"""The SQLite translation memory: bulk lookups, human-wins rule, durability."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from l10n.mt.memory import MEMORY_FILE, TranslationMemory

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "locales" / MEMORY_FILE


def test_store_and_bulk_lookup_by_language_pair(path: Path) -> None:
    texts = [f"Segment {i}" for i in range(1200)]  # more than one SQL chunk
    with TranslationMemory(path) as memory:
        memory.store_many("en", "hi", [(t, f"hi:{t}") for t in texts], origin="machine:libre")
        memory.store_many("en", "de", [("Segment 1", "Abschnitt 1")], origin="human")
        found = memory.lookup("en", "hi", [*texts, "unknown", "Segment 1"])
        assert len(found) == 1200 and "unknown" not in found
        assert found["Segment 7"].translation == "hi:Segment 7"
        assert found["Segment 7"].origin == "machine:libre" and not found["Segment 7"].human
        assert memory.lookup("en", "de", texts)["Segment 1"].human
        assert memory.lookup("fr", "hi", texts) == {}
        assert len(memory) == 1201


def test_human_beats_machine_never_the_reverse(path: Path) -> None:
    with TranslationMemory(path) as memory:
        memory.store_many("en", "hi", [("a", "machine 1")], origin="machine:google")
        memory.store_many("en", "hi", [("a", "machine 2")], origin="machine:libre")
        assert memory.lookup("en", "hi", ["a"])["a"].translation == "machine 2"
        memory.store_many("en", "hi", [("a", "human 1")], origin="human")
        memory.store_many("en", "hi", [("a", "machine 3")], origin="machine:libre")
        assert memory.lookup("en", "hi", ["a"])["a"].translation == "human 1"
        memory.store_many("en", "hi", [("a", "human 2")], origin="human")
        entry = memory.lookup("en", "hi", ["a"])["a"]
        assert (entry.translation, entry.origin) == ("human 2", "human")


def test_origin_is_validated(path: Path) -> None:
    with TranslationMemory(path) as memory, pytest.raises(ValueError, match="origin must be"):
        memory.store_many("en", "hi", [("a", "b")], origin="libre")


def test_survives_reopen_and_uses_wal(path: Path) -> None:
    with TranslationMemory(path) as memory:
        memory.store_many("en", "hi", [("x", "y")], origin="human")
    with TranslationMemory(path) as memory:
        assert memory.lookup("en", "hi", ["x"])["x"].translation == "y"
    (mode,) = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"


def test_kill_9_loses_at_most_the_batch_in_progress(path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal
        from l10n.mt.memory import TranslationMemory, source_key_hash
        memory = TranslationMemory({str(path)!r})
        memory.store_many("en", "hi", [("first", "1"), ("second", "2")], origin="machine:pseudo")
        # A second batch is half written when the process dies.
        memory._db.execute("BEGIN IMMEDIATE")
        memory._db.execute(
            "INSERT INTO memory_rows (source_hash, source_lang, target_lang, source_text, translation, origin, updated) "
            "VALUES (?, 'en', 'hi', 'third', '3', 'machine:pseudo', 'now')",
            (source_key_hash("en", "hi", "third"),),
        )
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, timeout=20)
    assert result.returncode == -9, result.stderr
    with TranslationMemory(path) as memory:
        assert sorted(memory.lookup("en", "hi", ["first", "second", "third"])) == ["first", "second"]


def test_a_file_that_is_not_a_database_is_set_aside_not_deleted(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    with TranslationMemory(path) as memory:  # issue 15: set aside with a warning, a new one started
        assert len(memory) == 0
    (aside,) = path.parent.glob(path.name + ".damaged-*")
    assert aside.read_bytes() == b"this is not a database" * 100
