"""Where a stage's CPU goes: ``python bench/stage_profile.py [--out FILE] PROJECT -- ARGS…``.

Runs ``l10n -C PROJECT ARGS`` in this process under :mod:`cProfile` with CPU time (user, this
process's threads) as the clock, and prints the share of the run spent in each part of the
translate stage: validation of replies, catalog reads and writes, protection, the
translation memory, the link definitions read for references (the engine itself is called
from a worker thread, which the profiler does not see). The profiler adds a cost per
Python call, so the shares lean towards call-heavy code; read them as a ranking, and the stage's
CPU from ``/usr/bin/time`` (``bench/bigsite.py``). The l10n imported is the one first on
``sys.path``: run it from the checkout to measure (``cd CHECKOUT && python …/stage_profile.py``).
The cyclic garbage collector's own time, which no profiled function shows, is timed apart
(``gc.callbacks``, CPU clock): its last row.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import sys
import time
from pathlib import Path

PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("validation of replies (check_reply)", ("validate.py", "check_reply")),
    ("catalog reads (load_catalog)", ("catalog.py", "load_catalog")),
    ("catalog writes (Catalog.save)", ("catalog.py", "save")),
    ("protection of sources (batch._split)", ("batch.py", "_split")),
    ("memory writes (store_many)", ("memory.py", "store_many")),
    ("link definitions for references", ("translate.py", "_references_by_text")),
    ("entries waiting (translate._waiting)", ("translate.py", "_waiting")),
)


def shares(stats: pstats.Stats) -> list[tuple[str, float]]:
    """``(part, cumulative CPU seconds)`` for :data:`PARTS`, then the whole run."""
    table = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (cc, nc, tt, ct, callers)}
    found = []
    for label, (file_end, name) in PARTS:
        seconds = sum(row[3] for (file, _, func), row in table.items() if file.endswith(file_end) and func == name)
        found.append((label, seconds))
    found.append(("whole run", float(stats.total_tt)))  # type: ignore[attr-defined]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--out", type=Path, help="also keep the profile (pstats) here")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    args = [a for a in options.args if a != "--"]
    sys.path.insert(0, os.getcwd())
    from l10n.cli import main as l10n_main

    profile = cProfile.Profile(time.process_time)
    sys.argv = ["l10n", "-C", str(options.project), "-q", *args]
    collecting = [0.0, 0.0]  # seconds in the collector, the start of the current collection

    def timed_collection(phase: str, _: dict[str, int]) -> None:
        if phase == "start":
            collecting[1] = time.process_time()
        else:
            collecting[0] += time.process_time() - collecting[1]

    gc.callbacks.append(timed_collection)
    profile.enable()
    try:
        l10n_main()
    except SystemExit:
        pass
    finally:
        profile.disable()
        gc.callbacks.remove(timed_collection)
    if options.out:
        profile.dump_stats(options.out)
    found = shares(pstats.Stats(profile))
    total = found[-1][1]
    print("| part | CPU s (profiled) | share |")
    print("|---|---:|---:|")
    for label, seconds in found:
        print(f"| {label} | {seconds:.2f} | {100 * seconds / total:.0f} % |")
    print(f"| garbage collection (not profiled: CPU s of the collector) | {collecting[0]:.2f} | |")


if __name__ == "__main__":
    main()
