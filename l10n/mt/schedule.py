"""Engine requests of several languages in flight at once (``--jobs``, issue 19).

A translate run goes through its languages one after another, and within one language its
requests overlap up to ``--jobs`` (:func:`l10n.mt.batch.translate_texts`). With an engine that
answers slowly (an LLM: seconds per request) each language then ends on a tail of a few
requests while the workers idle, and its catalogs are read, protected and split before its
first request leaves. :func:`run_languages` works on several languages at once instead, each in
a thread of its own, with one pool of ``jobs`` request threads shared by all of them, so the
requests of every note and language overlap up to ``jobs``, and one language's catalog work goes
on while the others' requests are in flight.

The languages' own work (catalogs, validation, the translation memory, the run state and the
bookkeeping database) is not made thread-safe by this: it runs one language at a time, as it
did when the languages ran one after another. A language thread holds the *turn* (a lock)
whenever it runs, and lets it go only while it waits for replies (:func:`wait_for_replies`). So what is
written is what the languages one after another write: each language's catalogs are its own
files, and the memory is keyed by language pair.

Ctrl-C (KeyboardInterrupt, which only the main thread receives) is passed on to every language
thread (:meth:`Schedule.cancel`): each stops at its next wait, unwinds as it would have in the
main thread (its catalogs saved with what was finished) and the main thread raises it again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

from l10n.mt.collector import paused_collector

R = TypeVar("R")

_local = threading.local()
"""``schedule``: the :class:`Schedule` a language thread works under (absent elsewhere)."""


class Schedule:
    """One run's shared request threads (``pool``, ``jobs`` of them), the turn of the language
    threads, and the event that cancels them."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="l10n-mt")
        self.turn = threading.Lock()
        self.cancelled: Future[None] = Future()
        """Done once the run is cancelled: a wait on replies includes it, so it wakes up."""

    def cancel(self) -> None:
        """Stop every language thread at its next wait (each raises KeyboardInterrupt there)."""
        if not self.cancelled.done():
            self.cancelled.set_result(None)

    def close(self) -> None:
        """Drop the requests not started yet; the threads of those in flight end with them."""
        self.pool.shutdown(wait=False, cancel_futures=True)


def current() -> Schedule | None:
    """The schedule of the calling language thread; None outside :func:`run_languages`."""
    schedule: Schedule | None = getattr(_local, "schedule", None)
    return schedule


def wait_for_replies(pending: Iterable[Future[R]]) -> set[Future[R]]:
    """The futures of ``pending`` that are done, waiting until one is (``FIRST_COMPLETED``).

    Under a schedule the turn is let go while waiting, so the other languages work meanwhile,
    and a cancelled schedule raises KeyboardInterrupt (before or after the wait)."""
    schedule = current()
    if schedule is None:
        return wait(pending, return_when=FIRST_COMPLETED).done
    if schedule.cancelled.done():
        raise KeyboardInterrupt
    futures: list[Future[Any]] = [*pending, schedule.cancelled]
    schedule.turn.release()
    try:
        done = wait(futures, return_when=FIRST_COMPLETED).done
    finally:
        schedule.turn.acquire()
    if schedule.cancelled.done():
        raise KeyboardInterrupt
    return {future for future in done if future is not schedule.cancelled}


def run_languages(languages: Sequence[str], jobs: int, work: Callable[[str], R]) -> Iterator[tuple[str, R]]:
    """``work(lang)`` for every language, up to ``jobs`` languages at a time, their engine requests
    sharing ``jobs`` threads; yields ``(lang, result)`` in the order of ``languages``, each as
    soon as it and the languages before it are done (so messages come in the usual order).

    With one language or ``jobs`` 1 the languages run one after another in this thread, as
    before. An exception of ``work`` is raised here as soon as it happens, and KeyboardInterrupt
    in this thread likewise: the other languages are cancelled first (they unwind, saving what
    they finished) and it is raised once they have."""
    if len(languages) < 2 or jobs < 2:
        for lang in languages:
            yield lang, work(lang)
        return
    schedule = Schedule(jobs)

    def in_turn(lang: str) -> R:
        _local.schedule = schedule
        with schedule.turn:
            return work(lang)

    # The collector is paused for the whole run here: a language's own pause
    # (l10n.mt.collector) ending would otherwise turn it back on under the others.
    with paused_collector():
        runners = ThreadPoolExecutor(max_workers=min(jobs, len(languages)), thread_name_prefix="l10n-lang")
        results = [runners.submit(in_turn, lang) for lang in languages]
        try:
            for index, (lang, result) in enumerate(zip(languages, results)):
                while not result.done():  # a language after this one failing is raised at once
                    wait(results[index:], return_when=FIRST_EXCEPTION)
                    for later in results[index + 1 :]:
                        if later.done() and not later.cancelled() and later.exception() is not None:
                            later.result()
                yield lang, result.result()
        except BaseException:
            # Ctrl-C here, an error of one language, or the caller closing early: the others
            # stop at their next wait and unwind, saving their catalogs, before this raises.
            schedule.cancel()
            for result in results:
                result.cancel()  # languages not started yet never start
            wait(results)
            raise
        finally:
            runners.shutdown(wait=True)
            schedule.close()
