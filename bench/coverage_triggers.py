"""What the coverage triggers (l10n/status/sums.py) cost a build's records, old triggers beside new:
``python bench/coverage_triggers.py --base REV [--notes 20000] [--rounds 5]``.

A build records, per note and language, three ``build:`` rows (note, catalog, page) and its
``deps:`` rows (here three); every one fires the triggers. The two versions of ``sums.py`` (the
base taken with ``git show REV:l10n/status/sums.py``, the new one from this checkout) each get a
fresh in-memory bookkeeping database and the same inserts in one transaction, in turns, in one
process; printed are each round's seconds and the median of the paired ratios new/old (the
machine is shared: single timings are noise).
"""

from __future__ import annotations

import argparse
import importlib.util
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n.status import cache as status_cache  # noqa: E402 - after the checkout is on the path
from l10n.status import sums as new_sums  # noqa: E402
from l10n.store import cachedb  # noqa: E402


def _sums_of(rev: str, folder: Path) -> ModuleType:
    """``l10n/status/sums.py`` as it is at git revision ``rev``, loaded as a module."""
    text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:l10n/status/sums.py"], check=True, capture_output=True, text=True).stdout
    path = folder / "base_sums.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("base_sums", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def records(sums: ModuleType, notes: int) -> float:
    """Seconds to insert the build and deps rows of ``notes`` notes under ``sums``' triggers."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    for statement in cachedb._SCHEMA:
        db.execute(statement)
    status_cache._create_tables(db)
    assert sums.ensure(db)
    start = time.perf_counter()
    db.execute("BEGIN")
    for i in range(notes):
        name = f"n{i:06d}.md"
        for path in (f"/src/{name}", f"/locales/hi/n{i:06d}.po", f"/out/hi/{name}"):
            db.execute("INSERT INTO stamps (key, path, size, ctime_ns) VALUES (?, ?, 1, 1)", (f"build:hi:{name}", path))
        for j in range(1, 4):  # the files its links read: other notes
            db.execute("INSERT INTO stamps (key, path, size, ctime_ns) VALUES (?, ?, 1, 1)", (f"deps:hi:{name}", f"/src/n{(i + j) % notes:06d}.md"))
    db.execute("COMMIT")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="git revision of the old triggers")
    parser.add_argument("--notes", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = _sums_of(args.base, Path(folder))
        ratios = []
        for number in range(args.rounds):
            old, new = records(base, args.notes), records(new_sums, args.notes)
            ratios.append(new / old)
            print(f"round {number + 1}: base {old:.3f} s, new {new:.3f} s, new/base {new / old:.2f}")
    print(f"median new/base over {args.rounds} rounds, {args.notes:,} notes: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
