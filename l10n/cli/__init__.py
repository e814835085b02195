"""The ``l10n`` command line: :func:`main`, which the ``l10n`` script and ``python -m l10n.cli`` run.

The group, its global options and its lazily loaded commands are in :mod:`l10n.cli.group`, which
:func:`main` imports only after it has installed the cache of compiled regular expressions and
dataclass methods (:mod:`l10n.cli.compiled`): click's imports compile some too. ``from l10n.cli import cli`` (and
the group module's other names) still works, through the module's ``__getattr__`` (PEP 562).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from l10n.cli.group import CONTEXT_SETTINGS, SUMMARIES, LazyGroup, cli, command_names, hoist_global_options

_GROUP_NAMES = frozenset({"CONTEXT_SETTINGS", "SUMMARIES", "LazyGroup", "cli", "command_names", "hoist_global_options"})

__all__ = ["CONTEXT_SETTINGS", "SUMMARIES", "LazyGroup", "cli", "command_names", "hoist_global_options", "main"]


def __getattr__(name: str) -> Any:
    """The names of :mod:`l10n.cli.group`, imported on first use."""
    if name in _GROUP_NAMES:
        from l10n.cli import group

        return getattr(group, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line on ``argv`` (default: the process's own arguments). Ends with
    :class:`SystemExit`, as click does; without ``argv`` (the ``l10n`` script, ``python -m
    l10n.cli``) regular expressions and dataclass methods compile through the cache of
    :mod:`l10n.cli.compiled` and the
    process ends at once after the command (:func:`_leave`)."""
    if argv is None:  # the process is l10n's own: its compiles may come from the cache
        from l10n.cli.compiled import install

        install()
    from l10n.cli.group import cli

    try:
        try:
            cli.main(args=list(argv) if argv is not None else None, prog_name="l10n")
        except OSError as exc:
            raise _unwritable_output(exc) from None
    except SystemExit as done:
        if argv is None:
            _leave(done)
        raise


def _unwritable_output(exc: OSError) -> SystemExit:
    """Exit 1 with one ``error:`` line on standard error for what click itself prints before any
    command runs (``l10n --version > /dev/full``: ENOSPC), as commands do for their own output
    (:func:`l10n.cli.app.handle_errors`); any other :class:`OSError` is raised again."""
    import errno

    if exc.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG):
        raise exc
    sys.stderr.write(f"error: cannot write the output: {exc.strerror}\n")
    import contextlib

    with contextlib.suppress(OSError):  # what is still buffered would fail again at exit: a second report
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 -- lives until the process ends
    return SystemExit(1)


def _leave(done: SystemExit) -> None:
    """End the process with ``done``'s exit code without the interpreter's teardown, which
    frees every object and module one by one: 40-80 ms of CPU after a sync of 20,000 notes
    (``bench/sync_phases.py``), 5 % of one edited note's run. Standard output and error are
    flushed and every ``atexit`` handler runs first, as at a normal exit (they close and commit
    the bookkeeping connections, :func:`l10n.store.cachedb.close`; logging flushes its handlers;
    ``weakref.finalize`` objects run), so nothing written is lost. Returns, for the normal exit,
    when anything is unusual: another thread still running (a normal exit waits for it), an
    exit code that is not a number (click prints a message), a profiler or tracer installed
    (``python -m cProfile``, coverage, a debugger write their results after the program), or a stream that cannot be
    flushed (a closed pipe: Python's own exit reports it)."""
    import atexit
    import os

    code = 0 if done.code is None else done.code
    threading = sys.modules.get("threading")
    if not isinstance(code, int) or (threading is not None and threading.active_count() > 1):
        return
    if sys.getprofile() is not None or sys.gettrace() is not None:  # cProfile, coverage, a debugger: they write at exit
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 -- any trouble: the normal exit, which reports it
        return
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
