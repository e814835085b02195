"""Rewriting changed catalogs, old code beside new: ``python bench/catalog_shape.py --base DIR``.

On a synthetic site of N notes (:func:`synth.make_site`, default 1,000) synced once with the
offline ``pseudo`` engine, each round changes one translation in every catalog and saves it
(:meth:`l10n.po.catalog.Catalog.save`, the path ``translate`` and ``extract`` rewrite a
catalog through), in a child process per checkout, in turns (old, new, old, new…) so that
the load of a shared machine weighs on both alike. Each side works on its own copy of the
catalogs, so both do the same work. The child reports the CPU time (``time.process_time``)
spent in ``save`` alone, and in ``Catalog.load``; the medians and the pairwise new/old ratio
are printed for two shapes: l10n's own format, and the catalogs as ``msgcat`` saves them
(79 columns) with CRLF line ends (the old code rewrites those in its own format, the new one
keeps their shape, so that ratio is the price of keeping it).

Then linearity, new code only: one catalog of 1,000, 4,000 and 16,000 wrapped CRLF entries,
every tenth changed, saved; CPU per entry should stay flat.

``--base DIR`` is the old checkout (``git archive main | tar -x -C DIR``, or a compiled
snapshot); the new one is this file's repository.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from synth import make_site  # this folder, first on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
from pathlib import Path
from l10n.po.catalog import Catalog
folder, stamp = Path(sys.argv[1]), sys.argv[2]
load = save = 0.0
count = 0
for path in sorted(folder.rglob("*.po")):
    start = time.process_time()
    catalog = Catalog.load(path)
    middle = time.process_time()
    entry = next(iter(catalog), None)
    if entry is not None:
        entry.msgstr = "changed " + stamp
        catalog.save()
        count += 1
    load += middle - start
    save += time.process_time() - middle
print(json.dumps({"load": load, "save": save, "catalogs": count}))
"""

LINEAR = r"""
import json, sys, time
from pathlib import Path
import polib
from l10n.po.catalog import Catalog
n, folder = int(sys.argv[1]), Path(sys.argv[2])
po = polib.POFile(wrapwidth=79)
po.metadata = {"Project-Id-Version": "demo", "Language": "hi", "Content-Type": "text/plain; charset=UTF-8"}
words = "the quick brown fox jumps over a lazy dog while translators keep catalogs in version control".split()
for i in range(n):
    text = " ".join(words[(i + k) % len(words)] for k in range(8 + i % 20)) + f" {i}."
    po.append(polib.POEntry(msgid=text, msgstr=text.upper(), occurrences=[("note-en.md", str(i + 1))], comment="paragraph"))
path = folder / f"big{n}.po"
path.write_bytes(str(po).replace("\n", "\r\n").encode("utf-8"))
catalog = Catalog.load(path)
for index, entry in enumerate(catalog):
    if index % 10 == 0:
        entry.msgstr = "changed " + entry.msgstr
start = time.process_time()
catalog.save()
print(json.dumps({"entries": n, "save": time.process_time() - start}))
"""


def child(code: str, pythonpath: Path, *args: str) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=tempfile.gettempdir(),
                         capture_output=True, text=True, check=True).stdout
    result: dict[str, float] = json.loads(out)
    return result


def reshape(folder: Path) -> None:
    """Every catalog as ``msgcat`` saves it (79 columns), then with CRLF line ends."""
    for path in folder.rglob("*.po"):
        subprocess.run(["msgcat", str(path), "-o", str(path)], check=True)
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the old checkout (its l10n package is imported)")
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--shapes", default="usual,msgcat-79-crlf", help="comma-separated, of: usual, msgcat-79-crlf")
    parser.add_argument("--no-linearity", action="store_true")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "catalog-shape-bench")
    args = parser.parse_args()
    site = args.work / "site"
    if not (site / "locales").is_dir():
        make_site(site, args.notes)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-m", "l10n.cli", "-q", "sync", "--engine", "pseudo"], cwd=site, env=env,
                       check=True, capture_output=True)
    sides = {"old": args.base, "new": ROOT}
    for shape in args.shapes.split(","):
        copies = {}
        for name in sides:
            copies[name] = args.work / f"{shape}-{name}"
            if copies[name].exists():
                shutil.rmtree(copies[name])
            shutil.copytree(site / "locales", copies[name])
            if shape != "usual":
                reshape(copies[name])
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
        for round_ in range(args.rounds):
            for name, checkout in sides.items():
                runs[name].append(child(CHILD, checkout, str(copies[name]), f"round {round_}"))
        print(f"\n{shape}: {runs['new'][0]['catalogs']:.0f} catalogs saved per run, {args.rounds} runs each, in turns")
        for what in ("save", "load"):
            old = [run[what] for run in runs["old"]]
            new = [run[what] for run in runs["new"]]
            ratios = [n / o for n, o in zip(new, old)]
            print(f"  {what:4} CPU s: old median {statistics.median(old):.3f}, new median {statistics.median(new):.3f}, "
                  f"new/old median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})")
    if args.no_linearity:
        return 0
    print("\nlinearity (new): one wrapped CRLF catalog, every tenth entry changed, save CPU")
    with tempfile.TemporaryDirectory() as folder:
        for n in (1000, 4000, 16000):
            runs_n = [child(LINEAR, ROOT, str(n), folder)["save"] for _ in range(3)]
            best = statistics.median(runs_n)
            print(f"  {n:6} entries: {best:.3f} s, {best / n * 1e6:.1f} µs per entry")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
