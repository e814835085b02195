"""Session 20, s20-cli: what looking for gone notes' pages costs ``sync`` when the list of notes
changed but no record is stale (a note added): ``python bench/gone_lookup.py --base DIR [--notes 2000] [--turns 3]``.

Before, ``sync`` looked for the pages of gone notes only when a record was stale, and so left
the pages of a file that stopped being a note with its records unchanged (session 20, defect
4); now it also looks when the names differ from the last clean run's
(:func:`l10n.store.changes.gone_notes_possible`). Measured: a synthetic site
(:func:`synth.make_site`) of N notes, one language, ``pseudo``; first ``sync`` with each
checkout (each its own copy: the bookkeeping is keyed by the code version), then in turns
(old, new, old, new…) one new note is added and ``sync`` timed (wall, CPU), and a no-op
``sync`` after it. ``--base``: the old checkout (``git archive main | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigsite import ROOT, timed
from synth import make_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args(argv)
    codes = {"old": args.base.resolve(), "new": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed"
        make_site(seed, args.notes)
        sites = {}
        for label, code in codes.items():
            sites[label] = Path(tmp) / label
            shutil.copytree(seed, sites[label])
            timed(code, sites[label], "sync", "--engine", "pseudo")
        results: dict[str, dict[str, list[float]]] = {
            label: {"added wall": [], "added cpu": [], "noop wall": [], "noop cpu": []} for label in codes
        }
        for turn in range(args.turns):
            for label, code in codes.items():
                (sites[label] / "source_notes" / f"added-{turn}.md").write_text(f"# Added {turn}\n\nOne more note.\n", encoding="utf-8")
                for step in ("added", "noop"):
                    run = timed(code, sites[label], "sync", "--engine", "pseudo")
                    results[label][f"{step} wall"].append(run["wall"])
                    results[label][f"{step} cpu"].append(run["cpu"])
    print(f"| {args.notes:,} notes, median of {args.turns} turns | old (s) | new (s) | new/old |")
    print("|---|---|---|---|")
    names = {"added": "sync after one note added", "noop": "no-op sync after it"}
    for step in ("added wall", "added cpu", "noop wall", "noop cpu"):
        old, new = statistics.median(results["old"][step]), statistics.median(results["new"][step])
        what, kind = step.split()
        print(f"| {names[what]}, {kind} | {old:.2f} | {new:.2f} | {new / old:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
