"""Peak memory of a first translate against the number of notes: ``python bench/translate_memory.py
--base OLD [--new NEW] [--sizes 1000,3000]``.

For each size, a synthetic site (:func:`synth.make_site`) is extracted once, and a copy of it is
translated with the offline ``pseudo`` engine by each checkout in turn (old, new), as a child
process (``python -m l10n.cli``, started in the checkout) whose resident set size is read from
``/proc`` every half second: its peak, and, per checkout, the peak's growth per 1,000 notes from
the smallest size to each larger one. Issue 19 asks every command's peak to stay flat in the
notes, at most 60 MB at 50,000 notes: a growth above zero is what would break that at scale.
Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_site  # noqa: E402


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _translate(checkout: Path, project: Path) -> tuple[float, list[float], float]:
    """(CPU seconds, RSS samples in MB, wall seconds) of ``translate --engine pseudo`` in ``project``."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "L10N_CACHE_DIR": ""}
    start = time.monotonic()
    before = os.times()
    child = subprocess.Popen([sys.executable, "-m", "l10n.cli", "translate", "-q", "--engine", "pseudo"],
                             cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[float] = []
    while child.poll() is None:
        rss = _rss_mb(child.pid)
        if rss is not None:
            samples.append(rss)
        time.sleep(0.5)
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return cpu, samples, time.monotonic() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the old checkout")
    parser.add_argument("--new", type=Path, default=ROOT, help="the new checkout (default: this one)")
    parser.add_argument("--sizes", default="1000,3000", help="notes per site, comma-separated")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="translate-memory-"))
    print("| notes | checkout | CPU s | peak RSS MB | peak's growth per 1,000 notes since the smallest size, MB |")
    print("|---:|---|---:|---:|---:|")
    first: dict[str, tuple[int, float]] = {}
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            site = work / f"site{size}"
            make_site(site, size)
            subprocess.run([sys.executable, "-m", "l10n.cli", "extract", "-q"], cwd=site, check=True,
                           env={**os.environ, "PYTHONPATH": str(args.new)})
            for name, checkout in (("old", args.base), ("new", args.new)):
                copy = work / f"run-{name}"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(site, copy, symlinks=True)
                cpu, samples, _ = _translate(checkout, copy)
                peak = max(samples, default=0.0)
                smallest, peak_there = first.setdefault(name, (size, peak))
                growth = f"{(peak - peak_there) / ((size - smallest) / 1000):.1f}" if size > smallest else "–"
                print(f"| {size} | {name} | {cpu:.1f} | {peak:.0f} | {growth} |", flush=True)
                shutil.rmtree(copy, ignore_errors=True)
            shutil.rmtree(site, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
