"""CPU of one stage of ``bench/tools.py``, for any checkout: ``python bench/stage_cpu.py SNAPSHOT TOOL STAGE MODE WORK``.

Loads ``SNAPSHOT/bench/tools.py`` with ``SNAPSHOT`` first on ``sys.path`` (so the l10n measured
is the snapshot's own, checked against ``l10n.__file__``), prepares the stage as that harness
does (untimed), then prints one JSON line: the stage's CPU seconds (user + system of this
process, ``time.process_time``), its wall seconds and the l10n imported. ``STAGE`` may be
``prepare`` (extract, then fill every catalog: build's input). ``MODE`` ``command`` runs the
whole command instead (``tools.command``: a new process, ``SNAPSHOT`` first on its
``PYTHONPATH``) and prints its CPU (user + system, from ``wait4``) and wall seconds. Run it from
a folder that is not a checkout (``python -m`` and script folders put the current or script
folder first).

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
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


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
    if mode == "command":
        print(json.dumps(_command_cpu(tools, snapshot, tool, stage, Path(work))))
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


def _command_cpu(tools: Any, snapshot: str, tool: str, stage: str, work: Path) -> dict[str, object]:
    """The whole command of ``tools.command`` (a new process: interpreter start, imports, the
    stage) with ``snapshot`` first on its ``PYTHONPATH``: its CPU (user + system of the process,
    from ``wait4``) and wall seconds, after its earlier outputs are set aside as
    ``tools.time_command`` does."""
    aside, written = tools.OUTPUTS[(tool, stage)]
    tools.set_aside(work / aside)
    (work / "ttk").mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([snapshot, os.environ.get("PYTHONPATH", "")])}
    os.sync()
    wall = time.perf_counter()
    process = subprocess.Popen(tools.command(tool, stage, work), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - wall
    assert process.stderr is not None
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{tool} {stage} failed: {process.stderr.read().decode()[-2000:]}")
    files = len(list(work.glob(written)))
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "files": files, "snapshot": snapshot}


if __name__ == "__main__":
    main(sys.argv[1:])
