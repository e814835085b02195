"""The cyclic garbage collector, paused while the translate stage runs.

The stage allocates a few container objects per entry (catalog entries, protected texts, scans,
verdict digests) and frees almost all of them by reference counting: on the 300-note synthetic
site the collector found 474 unreachable objects in a whole run, yet its automatic collections
took 0.38-0.53 s of a 5.3 s stage (7-10 % of its CPU, measured with ``gc.callbacks``): each
young collection walks the new objects, each full one every object the imports left (issue 19).

:func:`paused_collector` turns the automatic collections off for the stage and moves the
objects that exist when it starts (modules, configuration, the note list) out of the
collector's sight (:func:`gc.freeze`); the caller sweeps once per chunk of catalogs
(:data:`l10n.mt.translate.CHUNK`), so cyclic garbage stays bounded by one chunk's, and memory
stays flat on big sites. Python documents both calls (the ``gc`` module: ``freeze``,
``disable``); everything is put back as it was on the way out, exceptions included.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def paused_collector() -> Iterator[Callable[[], None]]:
    """Pause automatic garbage collection for the ``with`` block; yields ``sweep()``, which
    collects the cyclic garbage made since the block began (call it between chunks of work).

    On exit the frozen objects are handed back (:func:`gc.unfreeze`) and automatic collection
    is on again if it was on before. Nested use is harmless: an inner block leaves the
    collector as the outer one set it. Raises nothing of its own."""
    was_enabled = gc.isenabled()
    if not was_enabled:  # paused already (an outer block, or the embedding program): leave it so
        yield _sweep
        return
    gc.freeze()
    gc.disable()
    try:
        yield _sweep
    finally:
        gc.unfreeze()
        gc.enable()


_FULL_EVERY = 8
"""Sweeps between two full collections (:func:`_sweep`): one every 200 catalogs
(:data:`l10n.mt.translate.CHUNK` 25)."""
_sweeps = 0


def _sweep() -> None:
    """Collect what is unreachable among the objects the collector sees: those made since
    :func:`paused_collector` froze the rest. The young generations every time, all of them
    every :data:`_FULL_EVERY` th sweep: what outlives a young collection is mostly what the run
    keeps (the validator's and the memory's caches), which a full collection walked every chunk
    for nothing (0.15 s of a first translate of 1,000 notes, issue 19); garbage that reaches the
    old generation waits at most that many chunks."""
    global _sweeps
    _sweeps += 1
    gc.collect(2 if _sweeps % _FULL_EVERY == 0 else 1)
