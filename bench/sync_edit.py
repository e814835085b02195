"""No-op and one-edited-note ``sync`` of checkouts side by side on one synced site, in turns.

``python bench/sync_edit.py SITE[,SITE...] ROUNDS CHECKOUT...``: each round runs, for each
checkout in turn, a no-op ``sync --engine pseudo`` on its site, then (again in turn) appends a
paragraph to a different note and syncs; then the floors, each a child process: one that stats
every note, one that stats every note and every catalog (a tool that must notice a translator's
edit too), and the bare start-up of ``python -S -c pass`` and ``python -c pass``. Each command is
timed by ``/usr/bin/time -v``; the medians of CPU (user + system) and wall and the peak RSS are
printed per checkout, with the ratios to each floor. One SITE: every checkout works on the same
site and bookkeeping database (each edit is synced by the checkout that made it, so every run
does the same work). A SITE per checkout (copies made by ``bench/replicate.py`` from one synced
site): for checkouts whose bookkeeping differs (session 9 added columns an older version
cannot write). Sites are left synced. Made for issue 19's goal: one edited note within 2x of
the stat floor.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bigsite import EDIT, timed  # this folder, first on sys.path when run as a script

STAT_EVERY_FILE = "import os,sys\nfor top in sys.argv[1:]:\n    for d,_,fs in os.walk(top):\n        for f in fs: os.stat(os.path.join(d,f))\n"


def child(*args: str) -> tuple[float, float]:
    """CPU (user + system) and wall seconds of ``python ARGS`` as a child process."""
    start, before = time.perf_counter(), os.times()
    subprocess.run([sys.executable, *args], check=True)
    after = os.times()
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return cpu, time.perf_counter() - start


def floors(site: Path, lang: str = "hi") -> dict[str, tuple[float, float]]:
    """The floors of one round: stat every note; every note and every catalog; bare start-ups."""
    return {
        "stat every note (floor)": child("-S", "-c", STAT_EVERY_FILE, str(site / "source_notes")),
        "stat every note and catalog": child("-S", "-c", STAT_EVERY_FILE, str(site / "source_notes"), str(site / "locales" / lang)),
        "python -S -c pass": child("-S", "-c", "pass"),
        "python -c pass": child("-c", "pass"),
    }


def main() -> None:
    given, rounds, codes = sys.argv[1].split(","), int(sys.argv[2]), [Path(c) for c in sys.argv[3:]]
    sites = [Path(s) for s in (given if len(given) > 1 else given * len(codes))]
    if len(sites) != len(codes):
        raise SystemExit("give one SITE, or one per CHECKOUT")
    names = sorted(str(p.relative_to(sites[0])) for p in (sites[0] / "source_notes").rglob("*.md"))
    rows: dict[Path, dict[str, list[dict[str, float]]]] = {code: {"no-op": [], "one edited note": []} for code in codes}
    measured: dict[str, list[tuple[float, float]]] = {}
    edited = 0
    print("load average at the start", " ".join(f"{x:.1f}" for x in os.getloadavg()))
    for _ in range(rounds):
        for code, site in zip(codes, sites):
            rows[code]["no-op"].append(timed(code, site, "sync", "--engine", "pseudo"))
        for code, site in zip(codes, sites):
            edited += 1
            with open(site / names[(len(names) // 3 + edited * 7) % len(names)], "a", encoding="utf-8") as handle:
                handle.write(EDIT)
            rows[code]["one edited note"].append(timed(code, site, "sync", "--engine", "pseudo"))
        for name, figures in floors(sites[0]).items():
            measured.setdefault(name, []).append(figures)
    medians = {name: (statistics.median(f[0] for f in fs), statistics.median(f[1] for f in fs)) for name, fs in measured.items()}
    for name, fs in measured.items():
        print(
            f"{name}: CPU median {medians[name][0]:.3f} s {[round(f[0], 3) for f in fs]}, "
            f"wall median {medians[name][1]:.3f} s {[round(f[1], 3) for f in fs]}"
        )
    for code in codes:
        for step, runs in rows[code].items():
            cpu = [r["cpu"] for r in runs]
            wall = [r["wall"] for r in runs]
            cpu_median, wall_median = statistics.median(cpu), statistics.median(wall)
            print(
                f"{code.name} {step}: CPU median {cpu_median:.2f} s {cpu}, "
                f"wall median {wall_median:.2f} s {wall}, peak RSS {max(r['rss_mb'] for r in runs):.0f} MB"
            )
            print("   CPU ÷ " + ", ".join(f"{name} {cpu_median / max(m[0], 1e-3):.1f}" for name, m in medians.items()))
    print("load average at the end", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
