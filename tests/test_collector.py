"""The collector pause of the translate stage (l10n.mt.collector): collection is off inside,
back on after (exceptions included), and a sweep frees the cycles made inside."""

from __future__ import annotations

import gc
import weakref

import pytest

from l10n.mt.collector import paused_collector


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    with paused_collector():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > frozen_before
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before


def test_sweep_frees_a_cycle_made_inside() -> None:
    with paused_collector() as sweep:
        alive = _cycle()
        assert alive() is not None  # no automatic collection, and a cycle outlives its names
        sweep()
        assert alive() is None


def test_restored_after_an_exception() -> None:
    frozen_before = gc.get_freeze_count()
    with pytest.raises(RuntimeError), paused_collector():
        raise RuntimeError("engine down")
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before


def test_left_alone_when_already_paused() -> None:
    gc.disable()
    try:
        with paused_collector() as sweep:
            assert not gc.isenabled()
            assert gc.get_freeze_count() == 0  # nothing frozen: the outer owner decides
            alive = _cycle()
            sweep()
            assert alive() is None
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_cycle_let_go_after_surviving_sweeps_is_freed_within_a_full_round() -> None:
    """A cycle alive at a sweep reaches the old generation, which only a full collection walks:
    once let go it is freed by the next :data:`_FULL_EVERY` sweeps at the latest."""
    from l10n.mt.collector import _FULL_EVERY

    with paused_collector() as sweep:
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        alive = weakref.ref(first)
        for _ in range(3):
            sweep()  # held by its names: it survives, and ages
        assert alive() is not None
        del first, second
        for _ in range(_FULL_EVERY):
            sweep()
        assert alive() is None
