"""How many worker processes a stage's work pays for (``--jobs``, issue 19).

A worker pool has a fixed price: starting the processes, each worker's caches starting cold
(the link targets a build resolves, the settings a note's parse needs), and the hand-over of
every note and result between processes. It pays only when the work it shares out is bigger,
and the work of extract and build is in proportion to the bytes of the notes they read. So the
count is chosen from the work left *after skipping* the untouched notes, in bytes, never above
the cores this process may use (more processes than cores only take turns on them) nor above
what the user asked for.

The default also leaves alone the cores other programs keep busy, as GNU make's ``-l`` does
(``make -l N`` starts no job while the load average is N or more): measured on this project's
2-core machine shared with other sessions (load average 5-9, ``bench/jobs.py``, BENCHMARKS
"Session 12, s12-jobs"), the old default of a worker per core and 100 notes made ``build`` of
1,000 notes 1.7x slower than one process and ``extract`` of 300 notes 2.0x slower: the workers
and the process handing them the notes only took turns with the other programs' processes, for
more CPU (hand-over, caches rebuilt per worker). The load average (one minute) counts this run
itself and the stage before it in a ``sync``: one unit of it is taken as ours. An explicit
``--jobs N`` is not lowered for the load (the user asked), only for the cores and the work.
"""

from __future__ import annotations

import os

BYTES_PER_WORKER = 1_000_000
"""Bytes of notes to extract or build (after skipping) for each worker process, at least.
Measured on 2 cores (BENCHMARKS, "Big sites"; synthetic notes of 9.5 KB on average): two
workers were 15-50 % slower than one process at 100 notes (0.95 MB), 1.7-2x faster at 300
(2.9 MB) on a machine other programs left idle."""


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity mask, as ``taskset`` or a container
    sets it: :func:`os.sched_getaffinity`), or the machine's count where that call is missing."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def load_average() -> float | None:
    """The one-minute load average (:func:`os.getloadavg`), None where the system has none."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def default_jobs(cores: int | None = None, load: float | None = None) -> int:
    """The worker processes a run without ``--jobs`` may use at most: the cores (default
    :func:`usable_cores`) the other programs leave idle: ``1.5 * cores + 2 - load`` rounded
    down, between 1 and ``cores`` (``load``: the one-minute load average, default
    :func:`load_average`; this run and the stage before it count in it). Half a core more per
    core, and two units for this run, because the load average also counts processes that
    wait for a disk or run in short bursts, and on 2 cores two
    workers still built 1,000 notes 1.3-1.4x faster than one process at a load of 2-4, while
    they were 1.7x slower at 5-9 (BENCHMARKS, "Session 12, s12-jobs"). So on 2 cores: two
    workers up to a load of 3, one above. Raises nothing."""
    cores = usable_cores() if cores is None else cores
    load = load_average() if load is None else load
    if load is None:
        return cores
    return max(1, min(cores, int(cores * 1.5 + 2 - load)))


def worker_count(requested: int, work_bytes: int, cores: int | None = None) -> int:
    """Worker processes for ``work_bytes`` bytes of notes left to extract or build, of at most
    ``requested`` (``--jobs``, or :func:`default_jobs`): never more than ``cores`` (default
    :func:`usable_cores`) nor one per :data:`BYTES_PER_WORKER` bytes of work; 1 means the work
    is done in this process, without a pool. Raises nothing."""
    cores = usable_cores() if cores is None else cores
    return max(1, min(requested, cores, work_bytes // BYTES_PER_WORKER))
