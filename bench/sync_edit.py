"""No-op and one-edited-note ``sync`` of checkouts side by side on one synced site, in turns.

``python bench/sync_edit.py SITE ROUNDS CHECKOUT...``: each round runs, for each checkout in
turn, a no-op ``sync --engine pseudo`` on SITE, then (again in turn) appends a paragraph to a
different note and syncs; then a child process that stats every note (the floor). Each command
is timed by ``/usr/bin/time -v``; the medians of CPU (user + system) and wall and the peak RSS
are printed per checkout. All checkouts work on the same site and bookkeeping database, so
each edit is synced by the checkout that made it and every run does the same work (SITE is
left synced). Made for issue 19's goal: one edited note within 2x of the stat floor.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bigsite import EDIT, timed  # this folder, first on sys.path when run as a script


def floor(site: Path) -> tuple[float, float]:
    """CPU (user + system) and wall seconds of a child process that stats every file under SITE's notes."""
    script = "import os,sys\nfor d,_,fs in os.walk(sys.argv[1]):\n    for f in fs: os.stat(os.path.join(d,f))\n"
    start, before = time.perf_counter(), os.times()
    subprocess.run([sys.executable, "-S", "-c", script, str(site / "source_notes")], check=True)
    after = os.times()
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return cpu, time.perf_counter() - start


def main() -> None:
    site, rounds, codes = Path(sys.argv[1]), int(sys.argv[2]), [Path(c) for c in sys.argv[3:]]
    notes = sorted(str(p) for p in (site / "source_notes").rglob("*.md"))
    rows: dict[Path, dict[str, list[dict[str, float]]]] = {code: {"no-op": [], "one edited note": []} for code in codes}
    floors = []
    edited = 0
    for _ in range(rounds):
        for code in codes:
            rows[code]["no-op"].append(timed(code, site, "sync", "--engine", "pseudo"))
        for code in codes:
            edited += 1
            with open(notes[(len(notes) // 3 + edited * 7) % len(notes)], "a", encoding="utf-8") as handle:
                handle.write(EDIT)
            rows[code]["one edited note"].append(timed(code, site, "sync", "--engine", "pseudo"))
        floors.append(floor(site))
    for code in codes:
        for step, runs in rows[code].items():
            cpu = [r["cpu"] for r in runs]
            wall = [r["wall"] for r in runs]
            print(
                f"{code.name} {step}: CPU median {statistics.median(cpu):.2f} s {cpu}, "
                f"wall median {statistics.median(wall):.2f} s {wall}, peak RSS {max(r['rss_mb'] for r in runs):.0f} MB"
            )
    cpu_floor = [round(f[0], 2) for f in floors]
    wall_floor = [round(f[1], 2) for f in floors]
    print(
        f"stat every note (floor): CPU median {statistics.median(cpu_floor):.2f} s {cpu_floor}, "
        f"wall median {statistics.median(wall_floor):.2f} s {wall_floor}"
    )
    print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
