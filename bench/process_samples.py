"""Where a whole ``l10n`` process spends its CPU, sampled: ``python bench/process_samples.py OUT [--runs N] -- ARGS…``.

Runs ``python -m l10n.cli ARGS…`` N times (default 10), each in a new process whose Python stack
is sampled on ``SIGPROF`` (every 0.5 ms of the process's CPU, as the kernel's timer delivers it),
and adds the samples to the file ``OUT`` (marshal: stack -> count). Then prints the shares of the
phases of a command (imports, the compile cache, the run state's opening and closing, the
stage: the notes' work, writing files, skip checks and records, imports on first use; the exit)
and the functions with the most samples, inclusive and their own. The interpreter's start
before the first Python line (``python -S -c pass``: ~6 ms) is not sampled; ``site`` is.

cProfile's own cost falls on every call and inflates small functions and imports (a build of
the corpus: 0.19 s of CPU, 0.37 s profiled); sampling leaves the process as it runs. Run it
from a folder that is not a checkout, with ``PYTHONPATH`` naming the snapshot measured; an
argument ``{n}`` in ARGS is replaced by the run's number. Between runs, ``--aside DIR`` moves
DIR (a command's outputs: ``translated``, ``locales``) into ``.bench-trash`` beside it, as
``bench/tools.py`` does before a timed stage. Session 15 (s15-ex) used it for the table in
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import collections
import marshal
import os
import subprocess
import sys
import time
from pathlib import Path

_CHILD = r"""
import marshal, os, signal, sys
out = sys.argv[1]
samples = {}
def sample(signum, frame):
    stack = []
    while frame is not None:
        code = frame.f_code
        stack.append((code.co_filename, code.co_firstlineno, code.co_name))
        frame = frame.f_back
    key = tuple(stack)
    samples[key] = samples.get(key, 0) + 1
def dump():
    signal.setitimer(signal.ITIMER_PROF, 0)
    old = {}
    if os.path.exists(out):
        with open(out, "rb") as handle:
            old = marshal.load(handle)
    for key, count in samples.items():
        old[key] = old.get(key, 0) + count
    with open(out, "wb") as handle:
        marshal.dump(old, handle)
leave = os._exit
def _exit(code):  # l10n ends with os._exit after its atexit handlers (l10n.cli._leave)
    dump()
    leave(code)
os._exit = _exit
import atexit
atexit.register(dump)
signal.signal(signal.SIGPROF, sample)
signal.setitimer(signal.ITIMER_PROF, 0.0005, 0.0005)
import runpy
sys.argv = ["l10n", *sys.argv[2:]]
runpy.run_module("l10n.cli", run_name="__main__", alter_sys=True)
"""

Stacks = dict[tuple[tuple[str, int, str], ...], int]


def phase(stack: tuple[tuple[str, int, str], ...]) -> str:
    """The phase of a command a sampled stack (innermost frame first) belongs to."""
    names = [name for _, _, name in reversed(stack)]
    files = [file for file, _, _ in reversed(stack)]
    for index, (name, file) in enumerate(zip(names, files)):
        if name == "_map" and file.endswith("pipeline.py"):
            inner = names[index:]
            if "finish" in inner or ("work" in inner and "_build_job" not in inner and "_extract_job" not in inner):
                return "stage: skip checks and records (SQLite)"
            if "atomic_write" in inner:
                return "stage: writing files"
            if "_find_and_load" in inner:
                return "stage: imports on first use"
            return "stage: the notes' work"
        if name in ("run_state", "__enter__", "__exit__") and any(f.endswith("state.py") for f in files[index:]):
            return "run state: open, --force clear, last commit"
        if name == "_leave":
            return "exit (atexit: commit, compile cache)"
        if name == "install" and file.endswith("compiled.py"):
            return "compile cache load"
        if name == "_find_and_load":
            return "imports"
    return "other (click, settings, note list)"


def report(samples: Stacks, top: int) -> None:
    total = sum(samples.values())
    phases: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    for stack, count in samples.items():
        phases[phase(stack)] += count
        names = {f"{Path(file).name}:{line}:{name}" for file, line, name in stack}
        for name in names:
            inclusive[name] += count
        file, line, name = stack[0]
        own[f"{Path(file).name}:{line}:{name}"] += count
    print(f"{total} samples")
    for title, counter in (("phases", phases), ("inclusive", inclusive), ("own", own)):
        print(f"-- {title}")
        for name, count in counter.most_common(top if title != "phases" else None):
            print(f"{count / total * 100:5.1f} % {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--aside", type=Path, action="append", default=[])
    parser.add_argument("--top", type=int, default=30)
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    options = parser.parse_args(argv[:cut])
    args = argv[cut + 1 :]
    for run in range(options.runs):
        for folder in options.aside:
            if folder.exists():
                trash = folder.parent / ".bench-trash"
                trash.mkdir(exist_ok=True)
                folder.rename(trash / f"{folder.name}-{time.time_ns()}")
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(options.out), *(a.replace("{n}", str(run)) for a in args)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=os.environ, check=False,
        )
        if done.returncode != 0:
            sys.exit(f"run {run} failed:\n{done.stderr[-2000:]}")
    with open(options.out, "rb") as handle:
        report(marshal.load(handle), options.top)


if __name__ == "__main__":
    main()
