"""Session 20, s20-jekfold: what reading pages in a target language's folder as their notes'
translations (:func:`l10n.site.layout._in_language_folders`) costs the sieve of notes every
command runs (:func:`l10n.site.layout.drop_outputs`):
``python bench/language_folders.py --base DIR [--notes 5000] [--turns 5]``.

A Jekyll site of N notes in ``_articles/`` (``source = "."``, layout ``jekyll``, ``hi`` and
``de``) with l10n's pages beside them (``_articles/hi/a-hi.md``, ``_articles/de/a-de.md``: every
one passes the language sieve and is looked for a note) and, as opensource.guide, N human pages
``_articles/hi/a.md``. ``drop_outputs`` over the 4N names is timed (best of 3) in a fresh
process per checkout, in turns old, new, old, new… ``--base``: the old checkout
(``git archive main | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = "---\ntitle: {0}\n---\n\nText of {0}.\n"
BUILT = "---\ntitle: {0}\ntranslated: true\n---\n\nText of {0}.\n"
TIMER = """
import sys, time
from l10n.config import load_config
from l10n.site.layout import drop_outputs
config = load_config(sys.argv[1])
names = open(sys.argv[2], encoding="utf-8").read().split()
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    kept = drop_outputs(config, list(names))
    best = min(best, time.perf_counter() - start)
print(best, len(kept))
"""


def make(root: Path, notes: int) -> list[str]:
    (root / "_config.yml").write_text("collections:\n  articles:\n    output: true\n", encoding="utf-8")
    (root / "l10n.toml").write_text('[tool.l10n]\nsource = "."\nlayout = "jekyll"\nlanguages = ["hi", "de"]\n', encoding="utf-8")
    names = []
    for folder in ("_articles", "_articles/hi", "_articles/de"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for i in range(notes):
        for name, text in ((f"_articles/a{i}.md", PAGE), (f"_articles/hi/a{i}-hi.md", BUILT), (f"_articles/de/a{i}-de.md", BUILT), (f"_articles/hi/a{i}.md", PAGE)):
            (root / name).write_text(text.format(i), encoding="utf-8")
            names.append(name)
    return sorted(names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--turns", type=int, default=5)
    args = parser.parse_args(argv)
    codes = {"old": args.base.resolve(), "new": ROOT}
    times: dict[str, list[float]] = {label: [] for label in codes}
    kept: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        names = make(site, args.notes)
        listed = Path(tmp) / "names.txt"
        listed.write_text("\n".join(names), encoding="utf-8")
        for _ in range(args.turns):
            for label, code in codes.items():
                run = [sys.executable, "-c", TIMER, str(site), str(listed)]
                out = subprocess.run(run, cwd=code, env={"PYTHONPATH": str(code)}, capture_output=True, text=True, check=True)
                best, count = out.stdout.split()
                times[label].append(float(best))
                kept[label] = int(count)
    old, new = statistics.median(times["old"]), statistics.median(times["new"])
    print(f"{len(names):,} names ({args.notes:,} notes), {args.turns} turns, median of best-of-3 drop_outputs:")
    print(f"  old {old * 1000:.1f} ms ({kept['old']:,} notes kept)   new {new * 1000:.1f} ms ({kept['new']:,} notes kept)   new/old {new / old:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
