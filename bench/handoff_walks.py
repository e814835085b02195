"""Translate's hand-off, in-process and paired: ``python bench/handoff_walks.py PROJECT ROUNDS CHECKOUT...``.

PROJECT is translated (a ``bench/synth.py`` site after ``l10n sync --engine pseudo`` or
``extract`` then ``translate``). Each round, each checkout in turn (``PYTHONPATH``; the order
reversed every other round), a child process loads every catalog of PROJECT's first language and
times, per catalog, by thread CPU (:func:`time.thread_time`, no profiler):

* ``two walks``: what main's hand-off did, :meth:`Catalog.publication` then
  :func:`l10n.status.po_counts.count_entries` of :func:`l10n.status.handoff.saved_entries`;
* ``one walk``: :func:`l10n.status.handoff.publication_and_counts` (session 18, s18-save), where
  the checkout has it;
* ``count_words``: every msgid's :func:`l10n.status.wordcount.count_words`, no memo.

The word memo is the hand-off's (cleared past 4,096 msgids). Before each catalog is timed its
publication is made once, so its translations' verdicts are in the validator's memory, as they
are when translate saves a chunk's catalog right after checking its replies. Prints each part's
seconds per round (the sum over the catalogs) and a digest of the counts, which must agree. Made
for session 18: the hand-off is about an eighth of the stage, which whole commands on a busy
machine cannot resolve.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = r'''
import glob, hashlib, sys, time
from pathlib import Path
from l10n.po.catalog import load_catalog
from l10n.status import handoff, po_counts
from l10n.status.wordcount import count_words
languages = sorted(p.name for p in Path(sys.argv[1], "locales").iterdir() if p.is_dir() and not p.name.startswith("."))
paths = sorted(glob.glob(str(Path(sys.argv[1], "locales", languages[0], "**", "*.po")), recursive=True))
catalogs = [load_catalog(Path(p)) for p in paths]
one = getattr(handoff, "publication_and_counts", None)
times = {"two walks": 0.0, "one walk": 0.0, "count_words": 0.0}
memos = ({}, {})
digest = hashlib.sha256()
for catalog in catalogs:
    catalog.publication("machine")
    for memo in memos:
        if len(memo) > 4096:
            memo.clear()
    start = time.thread_time()
    counts = po_counts.count_entries(handoff.saved_entries(catalog, catalog.publication("machine")), memos[0])
    times["two walks"] += time.thread_time() - start
    digest.update(repr(counts).encode())
    if one is not None:
        start = time.thread_time()
        _, folded = one(catalog, "machine", memos[1])
        times["one walk"] += time.thread_time() - start
        assert folded == counts, catalog.path
    start = time.thread_time()
    for entry in catalog.po:
        count_words(entry.msgid)
    times["count_words"] += time.thread_time() - start
print(" ".join(f"{label}={seconds:.3f}" for label, seconds in times.items() if seconds), digest.hexdigest()[:12])
'''


def main(argv: list[str]) -> None:
    project, rounds, checkouts = Path(argv[0]).resolve(), int(argv[1]), [Path(c).resolve() for c in argv[2:]]
    for number in range(rounds):
        order = checkouts if number % 2 == 0 else checkouts[::-1]
        for checkout in order:
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(project)],
                cwd=checkout,
                env={**os.environ, "PYTHONPATH": str(checkout)},
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"round {number + 1} {checkout}: {done.stdout.strip()}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
