"""Is peak memory flat in the notes? ``python bench/memory_flat.py [--sizes 1000,4000] [--code DIR]``.

Issue 19 asks every command to stay within a fixed memory whatever the number of notes
(<= 60 MB at 50,000 notes). For each size, a synthetic site (:func:`synth.make_site`, one
language, the offline ``pseudo`` engine) goes through: first ``sync``; a no-op ``sync``; ``sync``
after one note is edited; ``status``; ``build --force``; ``extract --force``. Each command is a
child process of checkout ``--code`` (default: this one) under ``/usr/bin/time -v``, with
``--jobs 1`` where the command takes it, so that all its work is in the one process measured
(worker processes are measured apart by the kernel's ``ru_maxrss`` of the largest, which a pool
of forked workers would blur). Prints peak RSS per command and size, and the growth per 1,000
notes between the smallest and the largest size.

Exit status 1 when a command's peak at the largest size exceeds ``--most`` MB (default 60) or
grows by more than ``--slope`` MB per 1,000 notes (default 1.0): a check of flatness, not a
timing (the figures are memory, which the machine's load does not move).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bigsite import timed  # noqa: E402
from synth import make_site  # noqa: E402

STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("first sync", ("sync", "--engine", "pseudo", "--jobs", "1")),
    ("no-op sync", ("sync", "--engine", "pseudo", "--jobs", "1")),
    ("one edited note", ("sync", "--engine", "pseudo", "--jobs", "1")),
    ("status", ("status",)),
    ("build --force", ("build", "--force", "--jobs", "1")),
    ("extract --force", ("extract", "--force", "--jobs", "1")),
)


def measure(code: Path, notes: int, scratch: Path, steps: int = len(STEPS)) -> dict[str, float]:
    """Peak RSS (MB) of the first ``steps`` of :data:`STEPS` on a fresh site of ``notes`` notes."""
    site = scratch / f"site-{notes}"
    make_site(site, notes)
    peaks: dict[str, float] = {}
    for step, args in STEPS[:steps]:
        if step == "one edited note":
            first = min((site / "source_notes").rglob("*.md"))
            with first.open("a", encoding="utf-8") as handle:
                handle.write("\n\nAn edited paragraph, added by the benchmark.\n")
        peaks[step] = timed(code, site, *args)["rss_mb"]
        print(f"{notes} notes, {step}: {peaks[step]:.0f} MB", file=sys.stderr)
    shutil.rmtree(site)
    return peaks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,4000", help="notes per site, comma-separated")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout of l10n to measure")
    parser.add_argument("--most", type=float, default=60.0, help="MB a command may peak at")
    parser.add_argument("--slope", type=float, default=1.0, help="MB per 1,000 notes a peak may grow")
    parser.add_argument(
        "--steps", type=int, choices=range(1, len(STEPS) + 1), default=len(STEPS),
        help="measure the first N steps only (1: the first sync, the slowest and the largest)",
    )
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="l10n-flat-") as scratch:
        peaks = {size: measure(args.code.resolve(), size, Path(scratch), args.steps) for size in sizes}
    print("| step | " + " | ".join(f"{size:,} notes" for size in sizes) + " | MB per 1,000 notes |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    ok = True
    for step, _ in STEPS[: args.steps]:
        low, high = peaks[sizes[0]][step], peaks[sizes[-1]][step]
        slope = (high - low) / max(1, sizes[-1] - sizes[0]) * 1000
        flat = high <= args.most and slope <= args.slope
        ok = ok and flat
        cells = " | ".join(f"{peaks[size][step]:.0f}" for size in sizes)
        print(f"| {step} | {cells} | {slope:+.2f}{'' if flat else ' (not flat)'} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
