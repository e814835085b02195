"""Start-up cost of the command line, this tree against another revision, side by side.

    .venv/bin/python bench/cli_startup.py                 # against HEAD~1
    .venv/bin/python bench/cli_startup.py --against main --runs 21

Exports ``l10n/`` of the other revision (``git archive``) into a temporary folder and, taking
turns in every repetition so machine load hits both alike, runs in a fresh process each:

* ``import l10n.cli`` — the cumulative microseconds ``python -X importtime`` reports for it;
* ``l10n --version`` and ``l10n --help`` — wall-clock seconds of the whole process.

Prints the minimum and median of each and the ratio this/other of the medians of the paired
per-run ratios (below 1: this tree starts faster). The byte-code of both trees is compiled first.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _export(revision: str, into: Path) -> Path:
    data = subprocess.run(["git", "archive", revision, "l10n"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    return into


def _import_us(path: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(path)}
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import l10n.cli"],
        env=env, cwd=path, capture_output=True, text=True, check=True,
    ).stderr
    line = next(line for line in reversed(err.splitlines()) if line.rstrip().endswith("| l10n.cli"))
    return float(line.split("|")[1])


def _wall(path: Path, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(path)}
    start = time.perf_counter()
    # cwd: the tree itself, so the interpreter's first path entry ("") finds that tree's l10n
    subprocess.run(
        [sys.executable, "-c", "from l10n.cli import main; main()", *args], env=env, cwd=path, capture_output=True, check=True
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", default="HEAD~1", help="git revision to compare with (default HEAD~1)")
    parser.add_argument("--runs", type=int, default=11)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        other = _export(options.against, Path(tmp))
        for tree in (ROOT / "l10n", other / "l10n"):
            compileall.compile_dir(str(tree), quiet=1)
        probes = {
            "import l10n.cli (µs)": _import_us,
            "l10n --version (s)": lambda p: _wall(p, "--version"),
            "l10n --help (s)": lambda p: _wall(p, "--help"),
        }
        print(f"{'':24} {'this min':>10} {'this med':>10} {'other min':>10} {'other med':>10} {'ratio':>7}")
        for label, probe in probes.items():
            mine: list[float] = []
            theirs: list[float] = []
            for _ in range(options.runs):
                mine.append(probe(ROOT))
                theirs.append(probe(other))
            ratio = statistics.median(a / b for a, b in zip(mine, theirs))
            print(
                f"{label:24} {min(mine):10.3f} {statistics.median(mine):10.3f} "
                f"{min(theirs):10.3f} {statistics.median(theirs):10.3f} {ratio:7.2f}"
            )


if __name__ == "__main__":
    main()
