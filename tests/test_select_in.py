"""``cachedb.select_in``: the rows of an ``IN`` query over any number of values, with few
statement texts (``sqlite3`` keeps one prepared statement per text, up to 128 per connection:
one text per list length held hundreds of statements of up to 500 parameters in memory)."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.store.cachedb import IN_LIST_MOST, select_in

QUERY = "SELECT key, value FROM t WHERE kind = ? AND key IN ({marks})"


def _table() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (kind TEXT, key TEXT, value INTEGER, PRIMARY KEY (kind, key))")
    db.executemany("INSERT INTO t VALUES (?, ?, ?)", [(kind, f"k{i}", i) for kind in "ab" for i in range(1200)])
    return db


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=1500), max_size=1300))
def test_the_rows_are_those_of_the_values_asked(numbers: list[int]) -> None:
    db = _table()
    keys = [f"k{n}" for n in numbers]
    rows = list(select_in(db, QUERY, keys, ("a",)))
    expected = {(f"k{n}", n) for n in numbers if n < 1200}
    assert set(rows) == expected
    # a value asked twice in one list is one row; across lists (beyond IN_LIST_MOST) as often as asked
    assert len(rows) == sum(len({k for k in keys[i : i + IN_LIST_MOST] if int(k[1:]) < 1200}) for i in range(0, len(keys), IN_LIST_MOST))


class _Recording:
    """A connection that notes the text of every statement it is asked to run."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.texts: set[str] = set()

    def execute(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Cursor:
        self.texts.add(sql)
        return self.db.execute(sql, parameters)


def test_every_length_shares_a_few_statement_texts() -> None:
    db = _Recording(_table())
    for length in range(1, 2 * IN_LIST_MOST + 2):
        rows = list(select_in(db, QUERY, [f"k{i}" for i in range(length)], ("b",)))  # type: ignore[arg-type]
        assert len(rows) == min(length, 1200)
    # 1, 2, 4, … 256 and IN_LIST_MOST: one text each, where every length had its own
    assert len(db.texts) <= 10, len(db.texts)
