"""Peak memory of a first sync, and what holds it by stage: ``python bench/memory_trace.py``.

Issue 19 asks every command's peak RSS to stay flat in the number of notes (<= 60 MB at 50,000
notes). Two modes:

- ``--sizes 1000,5000,20000 [--code DIR ...]``: for each size, a synthetic site
  (:func:`synth.make_site`, one language, the offline ``pseudo`` engine) is made once and copied
  for each checkout; a first ``sync --engine pseudo --jobs 1`` of each copy runs as a whole process
  under ``/usr/bin/time -v``. Prints the peak RSS (MB) per checkout and size, the slope (MB per
  1,000 notes) between the smallest and the largest size, and with ``--compare`` the two
  output trees diffed (``diff -r`` of ``translated/``) and ``status --format json`` compared. The
  commands run on one CPU core (``--cores 1``, the default): the stages then start no worker
  processes, whose number follows the machine's load (:func:`l10n.workers.default_jobs`), so
  that all the work is in the one process measured and two checkouts run at different
  loads compare.
- ``--commands``: instead of one sync, the stages as their own commands on each copy, one
  after the other, each a whole process under ``/usr/bin/time -v``: :data:`COMMANDS` (``extract``,
  ``translate``, ``build``, ``status``, ``check``): the peak of each command alone, per checkout
  and size (with ``--compare``, the trees and ``status`` as above).
- ``--trace SITE [--code DIR] [--frames N]``: one first sync of the project SITE (a fresh copy is
  made) in a child process with :mod:`tracemalloc` on. Before and after each stage (extract,
  each language's translate, build, the status count at the end), and at the largest traced
  size a sampling thread saw during the stage, it prints the process's RSS (``VmRSS``,
  ``VmHWM`` from ``/proc/self/status``), the traced size, and the allocation sites that grew
  most since the run started (``Snapshot.compare_to`` by line, or by traceback with
  ``--frames``): the structures that grow with the notes. ``--frames 0``: RSS only, without
  tracemalloc (the command's own figures, at the stages' ends); where glibc and the system's
  SQLite library are there, each line also gives the C heap's bytes in use and free inside it
  (``mallinfo2``) and SQLite's share (``sqlite3_memory_used``). tracemalloc slows the run 2-3× and
  adds its own bookkeeping to RSS: read its RSS figures as relative, not as the command's.

The figures are memory, which the machine's load does not move; the CPU of a first sync is
paired in ``bench/first_sync_pair.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bigsite import timed  # noqa: E402
from synth import make_site  # noqa: E402

FIRST_SYNC = ("sync", "--engine", "pseudo", "--jobs", "1")
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("extract", "--jobs", "1"),
    ("translate", "--engine", "pseudo", "--jobs", "1"),
    ("build", "--jobs", "1"),
    ("status",),
    ("check",),
)
"""``--commands``: a first run of each stage as its own command, then the two that only read."""

# Run in the child: the sync command's stage calls wrapped so that each reports its memory.
_TRACER = r'''
import sys, threading, time, tracemalloc
FRAMES, TOP, EVERY, STOP = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
sys.argv = ["l10n", *sys.argv[5:]]
if FRAMES:
    tracemalloc.start(FRAMES)
from l10n.cli.commands import sync as sync_module
from l10n.status import collect as collect_module

KEY = "traceback" if FRAMES > 1 else "lineno"
state = {"best": None, "most": 0, "run": False}

def _native():
    # glibc's heap (mallinfo2: in use, free inside it) and SQLite's own allocations, where the
    # libraries have them: what RSS holds beside Python's objects
    import ctypes
    class Info(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
    try:
        libc = ctypes.CDLL(None)
        libc.mallinfo2.restype = Info
        sqlite = ctypes.CDLL("libsqlite3.so.0")
        sqlite.sqlite3_memory_used.restype = ctypes.c_int64
    except (OSError, AttributeError):
        return None
    return libc, sqlite

NATIVE = _native()

def status() -> str:
    fields = {}
    with open("/proc/self/status") as handle:
        for line in handle:
            name, _, value = line.partition(":")
            fields[name] = value.split()[0] if value.split() else ""
    shown = f"VmRSS {int(fields['VmRSS']) / 1024:.1f} MB, VmHWM {int(fields['VmHWM']) / 1024:.1f} MB"
    if NATIVE is not None:
        heap = NATIVE[0].mallinfo2()
        shown += (f" (C heap {heap.uordblks / 2**20:.1f} MB in use, {heap.fordblks / 2**20:.1f} free in it;"
                  f" SQLite {NATIVE[1].sqlite3_memory_used() / 2**20:.1f} MB of the heap's)")
    return shown

def snap():
    if not FRAMES:
        return None
    return tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])

START = snap()

def show(label: str, snapshot) -> None:
    if snapshot is None:  # --frames 0: the process's memory only, as it runs without tracemalloc
        print(f"== {label}: {status()}", file=sys.stderr)
        return
    current, peak = tracemalloc.get_traced_memory()
    print(f"== {label}: {status()}; traced {current / 2**20:.1f} MB (peak {peak / 2**20:.1f} MB)", file=sys.stderr)
    for stat in snapshot.compare_to(START, KEY)[:TOP]:
        where = stat.traceback.format()
        place = " <- ".join(line.strip() for line in where if not line.startswith("    "))
        print(f"   {stat.size_diff / 2**20:+7.2f} MB {stat.count_diff:+8d} blocks  {place}", file=sys.stderr)

def sample() -> None:
    while True:
        time.sleep(EVERY)
        if state["run"] and FRAMES:
            current = tracemalloc.get_traced_memory()[0]
            if current > state["most"]:
                state["most"], state["best"] = current, snap()

threading.Thread(target=sample, daemon=True).start()

def wrapped(label, call):
    show(f"before {label}", snap())
    if label == STOP:
        import os
        os._exit(0)
    if FRAMES:
        tracemalloc.reset_peak()
    state["most"], state["best"], state["run"] = 0, None, True
    try:
        return call()
    finally:
        state["run"] = False
        if state["best"] is not None:
            show(f"{label}, at its largest sample ({state['most'] / 2**20:.1f} MB traced)", state["best"])
        state["best"] = None
        show(f"after {label}", snap())

real_timed, real_translate, real_collect = sync_module.timed, sync_module.translate_languages, collect_module.collect_coverage
sync_module.timed = lambda app, label, call: wrapped(label, lambda: real_timed(app, label, call))
sync_module.translate_languages = lambda *a, **k: wrapped("translate", lambda: real_translate(*a, **k))
collect_module.collect_coverage = lambda *a, **k: wrapped("status count", lambda: real_collect(*a, **k))
from l10n.cli import main
try:
    main()
finally:
    show("end of sync", snap())
'''


def trace(code: Path, site: Path, frames: int, top: int, every: float, stop: str = "") -> None:
    """One first sync of a copy of ``site`` from checkout ``code``, traced stage by stage (stderr)."""
    with tempfile.TemporaryDirectory(prefix="memory-trace-") as scratch:
        work = Path(scratch) / "site"
        shutil.copytree(site, work, symlinks=True)
        env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}
        subprocess.run(
            [sys.executable, "-c", _TRACER, str(frames), str(top), str(every), stop, "-C", str(work), *FIRST_SYNC],
            cwd=code, env=env, check=False,
        )


def _tree_differences(one: Path, other: Path) -> str:
    done = subprocess.run(["diff", "-r", str(one / "translated"), str(other / "translated")], capture_output=True, text=True, check=False)
    return done.stdout[-2000:]


def _status(code: Path, work: Path) -> object:
    done = subprocess.run(
        [sys.executable, "-m", "l10n.cli", "-C", str(work), "status", "--format", "json"],
        capture_output=True, text=True, cwd=code, env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}, check=False,
    )
    return json.loads(done.stdout.replace(str(work), "WORK"))  # the copies' own folders aside


def peaks(
    codes: list[Path], sizes: list[int], scratch: Path, compare: bool, commands: Sequence[tuple[str, ...]] = (FIRST_SYNC,)
) -> dict[str, dict[int, list[float]]]:
    """Peak RSS (MB) per command of ``commands`` (run in that order on each copy) and size, one
    figure per checkout of ``codes`` (each on its own copy of the site)."""
    found: dict[str, dict[int, list[float]]] = {" ".join(command[:1]): {} for command in commands}
    for notes in sizes:
        site = scratch / f"site-{notes}"
        make_site(site, notes)
        copies = []
        for figures in found.values():
            figures[notes] = []
        for index, code in enumerate(codes):
            work = scratch / f"work-{notes}-{index}"
            shutil.copytree(site, work, symlinks=True)
            for command in commands:
                result = timed(code, work, *command)
                found[command[0]][notes].append(result["rss_mb"])
                print(f"{notes} notes, {code}, {command[0]}: {result['rss_mb']:.1f} MB, {result['cpu']:.1f} s CPU", file=sys.stderr)
            copies.append(work)
        if compare and len(copies) > 1:
            for code, work in zip(codes[1:], copies[1:]):
                differences = _tree_differences(copies[0], work)
                same_status = _status(codes[0], copies[0]) == _status(code, work)
                print(f"{notes} notes, {code} against {codes[0]}: trees {'identical' if not differences else 'DIFFER'},"
                      f" status --json {'identical' if same_status else 'DIFFERS'}", file=sys.stderr)
                if differences:
                    print(differences, file=sys.stderr)
        for work in copies:
            shutil.rmtree(work)
        shutil.rmtree(site)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="notes per site, comma-separated")
    parser.add_argument("--code", action="append", type=Path, help="checkout to run (repeatable; default: this one)")
    parser.add_argument("--compare", action="store_true", help="diff the outputs and status of each checkout against the first's")
    parser.add_argument("--scratch", type=Path, default=None, help="folder for the sites (default: a temporary one)")
    parser.add_argument("--cores", type=int, default=1, help="CPU cores the commands may use (0: as the machine gives; default 1)")
    parser.add_argument("--commands", action="store_true", help="extract, translate, build, status and check as commands of their own, each measured")
    parser.add_argument("--trace", type=Path, metavar="SITE", help="trace one first sync of a copy of SITE instead")
    parser.add_argument("--frames", type=int, default=1, help="--trace: frames per allocation (1: group by line; 0: no tracemalloc, RSS only)")
    parser.add_argument("--top", type=int, default=12, help="--trace: allocation sites shown per report")
    parser.add_argument("--stop", default="", metavar="STAGE", help="--trace: end the run as STAGE starts (extract, translate, build, status count)")
    parser.add_argument("--every", type=float, default=2.0, help="--trace: seconds between samples during a stage")
    options = parser.parse_args()
    codes = [code.resolve() for code in (options.code or [ROOT])]
    if options.cores:  # inherited by the commands: no worker processes, however loaded the machine
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[: options.cores])
    if options.trace:
        trace(codes[0], options.trace.resolve(), options.frames, options.top, options.every, options.stop)
        return 0
    sizes = [int(size) for size in options.sizes.split(",")]
    commands = COMMANDS if options.commands else (FIRST_SYNC,)
    if options.scratch:
        options.scratch.mkdir(parents=True, exist_ok=True)
        found = peaks(codes, sizes, options.scratch, options.compare, commands)
    else:
        with tempfile.TemporaryDirectory(prefix="memory-trace-") as scratch:
            found = peaks(codes, sizes, Path(scratch), options.compare, commands)
    for command, by_size in found.items():
        print(f"{command}: notes\t" + "\t".join(str(code) for code in codes))
        for notes, figures in by_size.items():
            print(f"{notes}\t" + "\t".join(f"{figure:.1f}" for figure in figures))
        if len(sizes) > 1:
            low, high = sizes[0], sizes[-1]
            slopes = [(by_size[high][index] - by_size[low][index]) / (high - low) * 1000 for index in range(len(codes))]
            print("MB per 1,000 notes\t" + "\t".join(f"{slope:+.2f}" for slope in slopes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
