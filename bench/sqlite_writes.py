"""What a first sync writes through SQLite, and what a first translate costs, old code beside new:
``python bench/sqlite_writes.py --base OLD [--new NEW] [--notes 1000] [--translate-notes 300] [--rounds 3]``.

Two measurements (issue 19, session 15):

* **Bytes written per file**: a synthetic site (:func:`synth.make_site`) is synced once by each
  checkout, from nothing, with the offline ``pseudo`` engine, under
  ``strace -f -y -e trace=pwrite64,write``; the return values of the writes are summed per file
  kind (the memory and its ``-wal``, the bookkeeping file and its ``-wal``, SQLite's temporary
  files, everything else), with the count of writes and the final file sizes.
* **Translate wall and CPU**: a site of ``--translate-notes`` notes is extracted once; copies of it
  are translated by each checkout in turns (``--rounds`` rounds, old first then new, then the other
  way round), as child processes whose user and system CPU come from ``wait4``. Medians per side
  and the median of the paired ratios new/old: the machine is shared, single figures are noise.

Linux only (``strace``, ``wait4``).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_site  # noqa: E402

_WRITE = re.compile(r'^(?:\[pid\s+\d+\]\s+|\d+\s+)?p?write(?:64)?\((\d+)<([^>]*)>, "([^"]*)"(?:\.\.\.)?, (\d+)(?:, \d+)?\)\s+=\s+(\d+)')
"""A write as ``strace -y -xx -s 4`` shows it: fd, path and first bytes (hex escapes), size, result."""
_HEX = re.compile(r"\\x([0-9a-f]{2})")


def _unhex(text: str) -> bytes:
    return bytes(int(h, 16) for h in _HEX.findall(text))


def _kind(path: str) -> str:
    name = os.path.basename(path)
    if name.startswith(".l10n-memory.sqlite3"):
        return "memory" + name[len(".l10n-memory.sqlite3") :]
    if name.startswith(".l10n-cache.sqlite3"):
        return "bookkeeping" + name[len(".l10n-cache.sqlite3") :]
    if name.startswith("etilqs_") or "/var/tmp/" in path or path.startswith("/tmp/etilqs"):
        return "sqlite temp"
    if path.startswith(("pipe:", "socket:", "/dev/")):
        return "pipes, terminal"
    return "other files"


def _env(checkout: Path, cache: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(checkout), "L10N_CACHE_DIR": str(cache)}


def _run(checkout: Path, cache: Path, project: Path, *args: str, strace: Path | None = None) -> tuple[float, float, float]:
    """(wall, user CPU, system CPU) seconds of ``l10n ARGS`` in ``project``, run by ``checkout``."""
    command = [sys.executable, "-m", "l10n.cli", *args]
    if strace is not None:
        command = ["strace", "-f", "-y", "-xx", "-s", "4", "-e", "trace=pwrite64,write", "-o", str(strace), *command]
    start = time.monotonic()
    child = subprocess.Popen(command, cwd=project, env=_env(checkout, cache), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - start
    assert child.stderr is not None
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{checkout}: l10n {' '.join(args)} failed:\n{err[-2000:]}")
    return wall, usage.ru_utime, usage.ru_stime


def _bytes_written(trace: Path) -> tuple[dict[str, tuple[int, int]], dict[str, collections.Counter[int]]]:
    """Per file kind: (bytes, writes); and per SQLite file path, the pages its WAL frames held
    (a frame's 24-byte header starts with its page number, written by a call of its own)."""
    found: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    frames: dict[str, collections.Counter[int]] = collections.defaultdict(collections.Counter)
    with open(trace, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            match = _WRITE.match(line)
            if match:
                path = _unhex(match.group(2)).decode(errors="replace")
                entry = found[_kind(path)]
                entry[0] += int(match.group(5))
                entry[1] += 1
                if path.endswith("-wal") and int(match.group(4)) == 24:
                    frames[path[: -len("-wal")]][int.from_bytes(_unhex(match.group(3))[:4], "big")] += 1
    return {kind: (total, count) for kind, (total, count) in found.items()}, frames


def _frames_by_table(path: str, pages: collections.Counter[int]) -> dict[str, float]:
    """MB of WAL frames per table or index of the SQLite file ``path`` (each page's owner as the
    file has it at the end: SQLite's ``dbstat``; pages freed meanwhile count as "?")."""
    import sqlite3

    db = sqlite3.connect(path)
    try:
        size = int(db.execute("PRAGMA page_size").fetchone()[0])
        owner = {int(page): str(name) for name, page in db.execute("SELECT name, pageno FROM dbstat")}
    finally:
        db.close()
    by_table: collections.Counter[str] = collections.Counter()
    for page, count in pages.items():
        by_table[owner.get(page, "?")] += count * (size + 24)
    return {name: total / 1e6 for name, total in by_table.most_common()}


def _checkouts(args: argparse.Namespace) -> list[tuple[str, Path]]:
    return [("old", Path(args.base).resolve()), ("new", Path(args.new).resolve())]


def writes(args: argparse.Namespace, work: Path) -> None:
    site = work / "site"
    make_site(site, args.notes)
    print(f"## Bytes written by a first `sync --engine pseudo` of {args.notes:,} notes (strace)\n")
    results = {}
    by_table: dict[str, dict[str, dict[str, float]]] = {}
    for side, checkout in _checkouts(args):
        project = work / f"sync-{side}"
        shutil.copytree(site, project)
        trace = work / f"trace-{side}.txt"
        wall, user, system = _run(checkout, work / f"cache-{side}", project, "sync", "-q", "--engine", "pseudo", strace=trace)
        sizes = {p.name: p.stat().st_size for p in (project / "locales").glob(".l10n-*.sqlite3")}
        written, frames = _bytes_written(trace)
        tables = {Path(path).name: _frames_by_table(path, pages) for path, pages in frames.items() if Path(path).exists()}
        results[side] = (written, sizes, wall, user, system)
        by_table[side] = tables
        trace.unlink()
        shutil.rmtree(project)
    kinds = sorted({kind for written, *_ in results.values() for kind in written})
    print("| file | old MB | old writes | new MB | new writes |")
    print("|---|---:|---:|---:|---:|")
    for kind in [*kinds, "total SQLite"]:
        cells = []
        for side in ("old", "new"):
            written = results[side][0]
            if kind == "total SQLite":
                chosen = [v for k, v in written.items() if k.startswith(("memory", "bookkeeping", "sqlite"))]
                total, count = sum(v[0] for v in chosen), sum(v[1] for v in chosen)
            else:
                total, count = written.get(kind, (0, 0))
            cells += [f"{total / 1e6:,.1f}", f"{count:,}"]
        print(f"| {kind} | " + " | ".join(cells) + " |")
    for side in ("old", "new"):
        _, sizes, wall, user, system = results[side]
        files = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sorted(sizes.items()))
        print(f"\n{side}: final {files}; under strace wall {wall:.1f} s, user {user:.1f} s, system {system:.1f} s")
        for name, shares in sorted(by_table[side].items()):
            top = ", ".join(f"{table} {mb:.1f}" for table, mb in list(shares.items())[:8])
            print(f"  WAL frames of {name} by table (MB): {top}")


def translate(args: argparse.Namespace, work: Path) -> None:
    site = work / "tsite"
    make_site(site, args.translate_notes)
    old = _checkouts(args)[0][1]
    _run(old, work / "cache-old", site, "extract", "-q")  # both sides translate the same extracted tree
    rows: dict[str, list[tuple[float, float, float]]] = {"old": [], "new": []}
    for round_ in range(args.rounds):
        order = _checkouts(args) if round_ % 2 == 0 else _checkouts(args)[::-1]
        for side, checkout in order:
            project = work / f"t-{side}"
            shutil.copytree(site, project)
            rows[side].append(_run(checkout, work / f"cache-{side}", project, "translate", "-q", "--engine", "pseudo"))
            shutil.rmtree(project)
    print(f"\n## `translate --engine pseudo` of {args.translate_notes:,} extracted notes, {args.rounds} rounds "
          f"(load {os.getloadavg()[0]:.1f})\n")
    print("| | old median | new median | median of new/old |")
    print("|---|---:|---:|---:|")
    for index, name in enumerate(("wall s", "user CPU s", "system CPU s", "CPU s")):
        def pick(row: tuple[float, float, float], index: int = index) -> float:
            return row[1] + row[2] if index == 3 else row[index]
        old_values = [pick(r) for r in rows["old"]]
        new_values = [pick(r) for r in rows["new"]]
        ratio = statistics.median(n / o for n, o in zip(new_values, old_values) if o > 0)
        print(f"| {name} | {statistics.median(old_values):.2f} | {statistics.median(new_values):.2f} | {ratio:.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the old checkout")
    parser.add_argument("--new", default=str(ROOT), help="the new checkout (default: this one)")
    parser.add_argument("--notes", type=int, default=1000, help="notes of the strace'd first sync (0: skip)")
    parser.add_argument("--translate-notes", type=int, default=300, help="notes of the translate rounds (0: skip)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="l10n-sqlite-writes-") as folder:
        work = Path(folder)
        if args.notes:
            writes(args, work)
        if args.translate_notes:
            translate(args, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
