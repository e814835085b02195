"""Where one ``sync`` spends its CPU, phase by phase: ``python bench/sync_phases.py SITE ROUNDS CHECKOUT...``.

Each round, for each checkout in turn (``PYTHONPATH``), a child process appends a paragraph to a
note of SITE's copy for that checkout (``SITE`` may list one site per checkout, comma-separated,
as ``bench/sync_edit.py`` takes them) and runs ``sync --engine pseudo`` in-process with the main
phases wrapped by a CPU clock (``time.process_time``, no profiler: cProfile's cost per call
distorts code that makes many small calls): the imports of the command line, of the stages and
of the status counters, the walk of the notes (with the reading of the kept folder listings,
where a checkout keeps them), the look for changes, each stage, the coverage
line; and the child's whole CPU as its parent sees it, whose difference with the last clock
reading (taken by the first ``atexit`` handler) is what the exit costs (connections closed and
committed, interpreter teardown). The child runs ``main()`` as the ``l10n`` script does, so a
checkout's own way of ending the process is measured. Medians per phase and checkout are printed in milliseconds. Made for issue 19's breakdown
of one edited note at 20,000 notes.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r'''
import functools, importlib, json, os, sys, time
site, edit = sys.argv[1], sys.argv[2]
with open(os.path.join(site, edit), "a", encoding="utf-8") as handle:
    handle.write("\n\nAn edited paragraph, added by bench/sync_phases.py.\n")
start = time.process_time()
times = {"python start-up": start}
def take(label, module):
    t = time.process_time(); importlib.import_module(module); times[label] = times.get(label, 0) + time.process_time() - t
take("import command line", "l10n.cli"); take("import command line", "l10n.cli.app"); take("import command line", "l10n.cli.commands.sync")
def wrap(module, name, label):
    m = importlib.import_module(module)
    if not hasattr(m, name):
        return
    f = getattr(m, name)
    @functools.wraps(f)
    def timed(*a, **k):
        t = time.process_time()
        try:
            return f(*a, **k)
        finally:
            times[label] = times.get(label, 0) + time.process_time() - t
    setattr(m, name, timed)
S = "l10n.cli.commands.sync"
wrap(S, "stage_notes", "walk of the notes"); wrap(S, "kept_listings", "walk of the notes"); wrap(S, "find_changes", "look for changes")
wrap(S, "translate_languages", "translate (engine, memory, one note)")
take("import stages", "l10n.pipeline"); take("import status counters", "l10n.status.collect")
wrap("l10n.pipeline", "run_extract", "extract"); wrap("l10n.pipeline", "run_build", "build")
wrap("l10n.status.collect", "collect_coverage", "coverage line")
import atexit
from l10n.cli import main
t = time.process_time()
def report():  # the first atexit handler to run: before the bookkeeping closes, as at any exit
    times["whole sync command"] = time.process_time() - t
    times["total (before exit)"] = time.process_time()
    print(json.dumps(times), flush=True)
atexit.register(report)
sys.argv = ["l10n", "-C", site, "-q", "sync", "--engine", "pseudo"]
main()  # as the l10n script runs it, its way of ending included (l10n.cli._leave, when it has one)
'''


def main() -> None:
    given, rounds, codes = sys.argv[1].split(","), int(sys.argv[2]), [Path(c) for c in sys.argv[3:]]
    sites = [Path(s) for s in (given if len(given) > 1 else given * len(codes))]
    names = sorted(str(p.relative_to(sites[0])) for p in (sites[0] / "source_notes").rglob("*.md"))
    runs: dict[Path, list[dict[str, float]]] = {code: [] for code in codes}
    edited = 0
    for _ in range(rounds):
        for code, site in zip(codes, sites):
            edited += 1
            note = names[(len(names) // 5 + edited * 11) % len(names)]
            env = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": ""}
            before = os.times()
            done = subprocess.run([sys.executable, "-c", CHILD, str(site), note], env=env, cwd=code,
                                  capture_output=True, text=True, check=True)
            after = os.times()
            row = json.loads(done.stdout.strip().splitlines()[-1])
            # the child's whole CPU (user + system, as the parent sees it): what goes after the
            # last phase (interpreter teardown, SQLite closes at exit) is the difference
            row["whole process (os.times of the child)"] = (
                after.children_user - before.children_user + after.children_system - before.children_system
            )
            row["after the work (exit)"] = row["whole process (os.times of the child)"] - row["total (before exit)"]
            runs[code].append(row)
    labels = list(dict.fromkeys(label for rows in runs.values() for row in rows for label in row))
    print("phase".ljust(40) + "".join(code.name.rjust(16) for code in codes))
    for label in labels:
        cells = [statistics.median(row.get(label, 0.0) for row in runs[code]) * 1000 for code in codes]
        print(label.ljust(40) + "".join(f"{cell:13.0f} ms" for cell in cells))
    print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
