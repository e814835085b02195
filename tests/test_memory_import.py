"""Imports into the SQLite memory follow the import rule, not the upsert of fresh translations."""

from __future__ import annotations

from pathlib import Path

from l10n.mt.memory import Record, memory_from_url


def test_an_older_import_does_not_replace_a_newer_row(tmp_path: Path) -> None:
    with memory_from_url(str(tmp_path / "m.sqlite3")) as memory:
        memory.store_many("en", "hi", [("a", "machine today")], origin="machine:libre")
        memory.add_records([Record("en", "hi", "a", "machine of 2000", "machine:x", "2000-01-01T00:00:00+00:00")])
        assert memory.lookup("en", "hi", ["a"])["a"].translation == "machine today"
        memory.add_records([Record("en", "hi", "a", "machine of 2999", "machine:x", "2999-01-01T00:00:00+00:00")])
        assert memory.lookup("en", "hi", ["a"])["a"].translation == "machine of 2999"
