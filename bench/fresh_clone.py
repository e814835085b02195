"""The first ``sync`` after a fresh clone, of checkouts side by side, in turns (issue 19).

``python bench/fresh_clone.py SITE ROUNDS CHECKOUT...``: each round, for each checkout in turn,
copies the synced ``SITE`` without keeping modification times (``cp -r``, as ``git clone`` and a
CI cache restore of the bookkeeping file leave a project: every note and catalog new mtime,
change time and inode, the same bytes) into ``SITE-clone``, runs ``sync --engine pseudo`` there
under ``/usr/bin/time -v`` 3 s later (past the 2 s racy window: a CI job installs Python and
l10n between the two), then a second ``sync`` (is the clone settled?), counts the files of
the clone's catalogs and outputs the first sync rewrote (mtime moved) and removes the copy.
Prints per checkout the medians of CPU (user + system) and wall, the peak RSS, and the ratio
of the first CPU medians (first checkout ÷ each other). ``SITE`` itself is left as it is.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bigsite import timed  # this folder, first on sys.path when run as a script

KEPT = ("locales", "translated")
"""The folders whose files a sync that redoes nothing leaves as they are (notes are never written)."""


def mtimes(site: Path) -> dict[str, int]:
    """``mtime_ns`` of every file under the :data:`KEPT` folders but the bookkeeping ones."""
    found: dict[str, int] = {}
    for folder in KEPT:
        for top, _, files in os.walk(site / folder):
            for name in files:
                if not name.startswith(".l10n"):
                    path = os.path.join(top, name)
                    found[path] = os.stat(path).st_mtime_ns
    return found


def main() -> None:
    site, rounds, codes = Path(sys.argv[1]), int(sys.argv[2]), [Path(c) for c in sys.argv[3:]]
    clone = site.with_name(f"{site.name}-clone")
    rows: dict[Path, list[dict[str, object]]] = {code: [] for code in codes}
    print("load average at the start", " ".join(f"{x:.1f}" for x in os.getloadavg()))
    for _ in range(rounds):
        for code in codes:
            shutil.rmtree(clone, ignore_errors=True)
            subprocess.run(["cp", "-r", str(site), str(clone)], check=True)  # no -p: new mtimes
            # a CI job sets up Python and l10n between the clone and the sync; files younger
            # than 2 s are not trusted by the status cache (racy window), so wait past it
            time.sleep(3)
            before = mtimes(clone)
            first = timed(code, clone, "sync", "--engine", "pseudo")
            after = mtimes(clone)
            second = timed(code, clone, "sync", "--engine", "pseudo")
            rewritten = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
            rows[code].append({"first": first, "second": second, "rewritten": rewritten})
            shutil.rmtree(clone)
    medians: dict[Path, float] = {}
    for code in codes:
        runs = rows[code]
        for step in ("first", "second"):
            cpu = [r[step]["cpu"] for r in runs]  # type: ignore[index]
            wall = [r[step]["wall"] for r in runs]  # type: ignore[index]
            rss = max(r[step]["rss_mb"] for r in runs)  # type: ignore[index]
            if step == "first":
                medians[code] = statistics.median(cpu)
            print(
                f"{code.name} {step} sync after cp -r: CPU median {statistics.median(cpu):.2f} s {cpu}, "
                f"wall median {statistics.median(wall):.2f} s {wall}, peak RSS {rss:.0f} MB"
            )
        print(f"{code.name} files of locales/ and translated/ the first sync rewrote: {[r['rewritten'] for r in runs]}")
    for code in codes[1:]:
        print(f"first sync CPU {codes[0].name} ÷ {code.name}: {medians[codes[0]] / max(medians[code], 1e-3):.1f}")
    print("load average at the end", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
