"""A first sync against its floor, paired: ``python bench/first_sync_pair.py SITE ROUNDS CHECKOUT...``.

Issue 19's goal "first ``sync --engine pseudo`` CPU ≤ 2× a fresh ``extract`` + ``build`` of the
same notes". Each round, each checkout in turn (the order reversed every other round, so neither
always runs first under the same load): a fresh copy of the project SITE (made by
``bench/synth.py``), ``extract`` then ``build`` timed apart (the floor), then a first
``sync --engine pseudo`` on another fresh copy. CPU is user + system of the whole command with its
worker processes, from :func:`os.wait4` (seconds). Printed per round and checkout: the three CPU
figures and sync ÷ (extract + build); then the medians per checkout, and with two checkouts the
first's sync CPU ÷ the second's per round (paired: the same round, the same load).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def cpu(code: Path, work: Path, *args: str) -> float:
    """User + system CPU seconds of ``l10n -C work ARGS`` run from checkout ``code``, children included."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    # cwd=code: ``-m`` puts the working folder first on sys.path, before PYTHONPATH.
    process = subprocess.Popen(
        [sys.executable, "-m", "l10n.cli", "-C", str(work), *args],
        cwd=code,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed in {work} ({process.returncode}):\n{err.decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> None:
    site, rounds, codes = Path(argv[0]), int(argv[1]), [Path(c).resolve() for c in argv[2:]]
    figures: dict[Path, list[tuple[float, float, float]]] = {code: [] for code in codes}
    scratch = Path(tempfile.mkdtemp(prefix="first-sync-pair-"))
    try:
        for turn in range(rounds):
            order = codes if turn % 2 == 0 else codes[::-1]
            for code in order:
                work = scratch / "floor"
                shutil.copytree(site, work, symlinks=True)
                extract = cpu(code, work, "extract")
                build = cpu(code, work, "build")
                shutil.rmtree(work)
                shutil.copytree(site, work, symlinks=True)
                sync = cpu(code, work, "sync", "--engine", "pseudo")
                shutil.rmtree(work)
                figures[code].append((extract, build, sync))
                print(
                    f"round {turn + 1} {code}: extract {extract:.2f} + build {build:.2f} s, "
                    f"sync {sync:.2f} s: {sync / (extract + build):.2f}×",
                    flush=True,
                )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for code, rows in figures.items():
        ratios = [s / (e + b) for e, b, s in rows]
        print(
            f"{code}: median extract {statistics.median(e for e, _, _ in rows):.2f} s, "
            f"build {statistics.median(b for _, b, _ in rows):.2f} s, sync {statistics.median(s for _, _, s in rows):.2f} s; "
            f"sync ÷ (extract + build) median {statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})"
        )
    if len(codes) == 2:
        paired = [a[2] / b[2] for a, b in zip(figures[codes[0]], figures[codes[1]])]
        print(f"sync CPU, first ÷ second per round: {', '.join(f'{p:.2f}' for p in paired)}; median {statistics.median(paired):.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
