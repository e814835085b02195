"""The translate stage's CPU, checkouts side by side: ``python bench/translate_stage.py ROUNDS NOTES CHECKOUT...``.

Each checkout extracts its own copy of one synthetic site (``bench/synth.py``) at a path of its
own and keeps a pristine copy; then, round after round, each checkout in turn (the order
reversed every other round) runs ``translate --engine pseudo`` on a fresh copy of its extracted
site restored to the path it was extracted at (the segmentation cache holds), timed by
``/usr/bin/time -v`` (:func:`bigsite.timed`). Prints each round and the medians of CPU (user +
system) seconds. Compile every checkout first (``python -m compileall``): a shell with
``PYTHONDONTWRITEBYTECODE=1`` would otherwise recompile each run. Made for issue 19's goal
"the translate stage's own CPU at least 3x lower" (BENCHMARKS, "Translate stage", part G).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bigsite import _extract, timed  # this folder, first on sys.path when run as a script
from synth import make_site


def main(argv: list[str]) -> int:
    rounds, notes, checkouts = int(argv[0]), int(argv[1]), [Path(a).resolve() for a in argv[2:]]
    codes = {f"{index}:{path.name}": path for index, path in enumerate(checkouts)}
    with tempfile.TemporaryDirectory(prefix="l10n-translate-stage-") as folder:
        scratch = Path(folder)
        make_site(scratch / "site", notes)
        for name, code in codes.items():
            work = scratch / f"work-{name}"
            shutil.copytree(scratch / "site", work)
            _extract(code, work)
            shutil.copytree(work, scratch / f"pristine-{name}")
        cpu: dict[str, list[float]] = {name: [] for name in codes}
        for turn in range(rounds):
            order = list(codes.items()) if turn % 2 == 0 else list(reversed(codes.items()))
            for name, code in order:
                work = scratch / f"work-{name}"
                shutil.rmtree(work)
                shutil.copytree(scratch / f"pristine-{name}", work)
                cpu[name].append(timed(code, work, "translate", "--engine", "pseudo")["cpu"])
            print(f"round {turn + 1}: " + ", ".join(f"{name} {values[-1]:.2f} s" for name, values in cpu.items()), flush=True)
    print("medians: " + ", ".join(f"{name} {statistics.median(values):.2f} s" for name, values in cpu.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
