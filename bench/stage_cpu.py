"""CPU of one stage of ``bench/tools.py``, for any checkout: ``python bench/stage_cpu.py SNAPSHOT TOOL STAGE MODE WORK``.

Loads ``SNAPSHOT/bench/tools.py`` with ``SNAPSHOT`` first on ``sys.path`` (so the l10n measured
is the snapshot's own, checked against ``l10n.__file__``), prepares the stage as that harness
does (untimed), then prints one JSON line: the stage's CPU seconds (user + system of this
process, ``time.process_time``), its wall seconds and the l10n imported. ``STAGE`` may be
``prepare`` (extract, then fill every catalog: build's input). Run it from a folder that is
not a checkout (``python -m`` and script folders put the current or script folder first).

Old and new side by side, in turns, is how a change is measured on a shared machine::

    git archive REV | tar -x -C /tmp/snap-REV && python -m compileall -q /tmp/snap-REV
    python bench/stage_cpu.py /tmp/snap-REV l10n extract disk /tmp/work-REV   # each side its own WORK

(``bench/synth.py``'s ``make_site(WORK, len(files), files)`` with ``corpus_files()`` makes a WORK
of the corpus, as ``bench/run.py`` does.) Read the medians of several turns, or of the ratios
of each turn's pair; one figure is noise.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    snapshot, tool, stage, mode, work = argv[:5]
    sys.path[:0] = [snapshot, os.path.join(snapshot, "bench")]
    spec = importlib.util.spec_from_file_location("tools", os.path.join(snapshot, "bench", "tools.py"))
    assert spec is not None and spec.loader is not None
    tools = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tools)
    if stage == "prepare":
        print(json.dumps(tools.prepare(tool, Path(work))))
        return
    run = tools.STAGES[tool](stage, mode, Path(work))
    import l10n

    if not os.path.abspath(l10n.__file__).startswith(os.path.abspath(snapshot)):
        raise SystemExit(f"l10n imported from {l10n.__file__}, not from {snapshot}")
    os.sync()  # earlier runs' writes are not this stage's
    cpu, wall = time.process_time(), time.perf_counter()
    files = run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"cpu": cpu, "wall": wall, "files": files, "l10n": l10n.__file__}))


if __name__ == "__main__":
    main(sys.argv[1:])
