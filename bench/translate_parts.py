"""The translate stage's CPU by part, without a profiler: ``python bench/translate_parts.py PROJECT [ROUNDS]``.

Run from the checkout to measure (``cd CHECKOUT && python …/translate_parts.py``: the l10n
imported is the first on ``sys.path``). Each round copies PROJECT (extracted, not translated:
``l10n extract`` run on a ``bench/synth.py`` site) and runs ``translate --engine pseudo`` on the
copy in a child process whose main functions are wrapped by a thread CPU clock
(:func:`time.thread_time`, the calling thread's own; a wrapped function called inside another
call of itself counts once). No profiler: cProfile's cost per Python call inflates call-heavy
code 2-3×, which :mod:`bench.stage_profile`'s shares then lean towards. Parts nest (the
validator's rows are inside ``check_reply``, the catalog rows inside the hand-off and the save);
"engine" is the pseudo engine's own thread; "collector" is the cyclic garbage collector (``gc.callbacks``);
"whole process" is the process's CPU (every thread) from the first wrapped import to the exit
handlers. Prints the median of the rounds per part, in seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r'''
import functools, gc, importlib, json, sys, time
start = time.process_time()
times = {}
def wrap(module, name, label, owner=None):
    m = importlib.import_module(module)
    holder = getattr(m, owner) if owner else m
    f = getattr(holder, name, None)
    if f is None:
        return
    inside = []
    @functools.wraps(f)
    def timed(*a, **k):
        if inside:
            return f(*a, **k)
        inside.append(1)
        t = time.thread_time()
        try:
            return f(*a, **k)
        finally:
            inside.pop()
            times[label] = times.get(label, 0.0) + time.thread_time() - t
    setattr(holder, name, timed)
for args in json.loads(sys.argv[2]):
    wrap(*args)
collecting = [0.0]
def collector(phase, _):
    if phase == "start":
        collecting.append(time.thread_time())
    else:
        times["collector"] = times.get("collector", 0.0) + time.thread_time() - collecting.pop()
gc.callbacks.append(collector)
import atexit
from l10n.cli import main
def report():
    times["whole process"] = time.process_time() - start
    print(json.dumps(times), flush=True)
atexit.register(report)
sys.argv = ["l10n", "-C", sys.argv[1], "-q", "translate", "--engine", "pseudo"]
main()
'''

WRAPPED: tuple[tuple[str, ...], ...] = (
    ("l10n.mt.translate", "translate_language", "translate stage (main thread)"),
    ("l10n.mt.translate", "load_catalog", "catalog reads (load_catalog)"),
    ("l10n.mt.translate", "_references_by_text", "link definitions (_references_by_text)"),
    ("l10n.mt.translate", "_waiting", "entries waiting (_waiting)"),
    ("l10n.mt.batch", "_split", "protection of the sources (_split)"),
    ("l10n.mt.memory", "lookup", "memory lookups", "TranslationMemory"),
    ("l10n.mt.memory", "store_many", "memory writes", "TranslationMemory"),
    ("l10n.mt.batch", "prefetch_verdicts", "verdict prefetch (digests and query)"),
    ("l10n.mt.batch", "check_reply", "reply checks (check_reply)"),
    ("l10n.markdown.validate", "protect", "· the reply protected"),
    ("l10n.markdown.validate", "validate_translation", "· validate_translation"),
    ("l10n.markdown.validate", "_scanned", "·· element scans, both texts (_scanned)"),
    ("l10n.markdown.validate", "_needs_parser", "·· skeletons (_needs_parser)"),
    ("l10n.markdown.validate", "_added_markup", "·· literal markup (_added_markup)"),
    ("l10n.mt.engines.pseudo", "translate", "engine (its own thread)", "PseudoEngine"),
    ("l10n.po.catalog", "save", "catalog saves (Catalog.save)", "Catalog"),
    ("l10n.po.catalog", "atomic_write", "· render and write (atomic_write)"),
    ("l10n.mt.translate", "_hand_on", "hand-off to build and status (_hand_on)"),
    ("l10n.po.catalog", "publication", "· publication (Catalog.publication)", "Catalog"),
    ("l10n.status.handoff", "count_entries", "· word counts (count_entries)"),
)


def main(argv: list[str]) -> None:
    project, rounds = Path(argv[0]).resolve(), int(argv[1]) if len(argv) > 1 else 3
    runs: list[dict[str, float]] = []
    scratch = Path(tempfile.mkdtemp(prefix="translate-parts-"))
    try:
        for _ in range(rounds):
            work = scratch / "site"
            shutil.copytree(project, work, symlinks=True)
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(work), json.dumps(WRAPPED)],
                cwd=os.getcwd(),
                env={**os.environ, "PYTHONPATH": os.getcwd()},
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            shutil.rmtree(work)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    labels = [row[2] for row in WRAPPED] + ["collector", "whole process"]
    for label in labels:
        print(f"{label:48} {statistics.median(run.get(label, 0.0) for run in runs):7.3f} s")
    print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main(sys.argv[1:])
