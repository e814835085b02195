"""Whether two checkouts' first syncs write the same: ``python bench/same_outputs.py SITE SCRATCH CHECKOUT CHECKOUT``.

Each CHECKOUT runs ``sync --engine pseudo`` then ``status --format json`` on a fresh copy of the
project SITE at the same path (``SCRATCH/work``, so stored paths agree), with one clock
(:func:`l10n.po.writer.now_stamp` fixed) and one rules fingerprint
(:func:`l10n.markdown.validate.rules_fingerprint` 32 zero bytes: the key of stored verdicts and
publications holds the validator's source, which a change to the validator changes by design).
The trees are kept as ``SCRATCH/<n>`` (n = 0, 1). Printed: the files that differ (``diff -rq``; the
SQLite files always do), whether the status JSON is the same, and per SQLite table whether its
rows are the same with the stat fields left out (``size``, ``mtime_ns``, ``ctime_ns``, ``ino``;
the memory's rows by language pair, texts and origin, not their time). Session 20; session 19
ran the same by hand.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

RUN = r'''
import sys
import l10n.po.writer as writer
writer.now_stamp.__code__ = (lambda clock=None: "2026-01-01 00:00+0000").__code__
import l10n.markdown.validate as validate
validate.rules_fingerprint = lambda: bytes(32)
from l10n.cli import main
sys.argv = ["l10n", "-C", sys.argv[1], "-q", *sys.argv[2:]]
main()
'''
STAT = {"size", "mtime_ns", "ctime_ns", "ino"}


def tables(root: Path) -> dict[tuple[str, str], list[str]]:
    """Every SQLite table under ``root``: (file, table) → its rows as sorted reprs, stat fields left out."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(root.rglob("*.sqlite3")):
        con = sqlite3.connect(path)
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            columns = [row[1] for row in con.execute(f'PRAGMA table_info("{table}")')]
            if table == "memory_rows":
                columns = ["source_lang", "target_lang", "source_text", "translation", "origin"]
            kept = ", ".join(f'"{c}"' for c in columns if c not in STAT)
            found[(path.name, table)] = sorted(repr(r) for r in con.execute(f'SELECT {kept} FROM "{table}"'))
        con.close()
    return found


def main(argv: list[str]) -> None:
    site, scratch, codes = Path(argv[0]), Path(argv[1]), [Path(c).resolve() for c in argv[2:4]]
    scratch.mkdir(parents=True, exist_ok=True)
    statuses = []
    for number, code in enumerate(codes):
        work, kept = scratch / "work", scratch / str(number)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(site, work, symlinks=True)
        env = {**os.environ, "PYTHONPATH": str(code)}
        subprocess.run([sys.executable, "-c", RUN, str(work), "sync", "--engine", "pseudo"], cwd=code, env=env, check=True)
        statuses.append(
            subprocess.run(
                [sys.executable, "-m", "l10n.cli", "-C", str(work), "status", "--format", "json"],
                cwd=code, env=env, capture_output=True, check=False,
            ).stdout
        )
        work.rename(kept)
    first, second = scratch / "0", scratch / "1"
    subprocess.run(["diff", "-rq", str(first), str(second)], check=False)
    print("files:", sum(1 for p in first.rglob("*") if p.is_file()))
    print("status --format json:", "same" if statuses[0] == statuses[1] else "DIFFERENT")
    left, right = tables(first), tables(second)
    for key in sorted(set(left) | set(right)):
        same = left.get(key) == right.get(key)
        print(f"{key[0]} {key[1]}: {len(left.get(key, []))} rows, {'same' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main(sys.argv[1:])
