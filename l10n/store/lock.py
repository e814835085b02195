"""One run at a time per project: an advisory lock on a file in the locales folder.

The lock is an ``flock`` on ``locales/.l10n.lock``: the kernel releases it when the holding
process dies, even by ``kill -9``, so a stale lock can never block the next run. The file holds
the holder's PID for the message a waiting run prints; a run that ends empties it, so a PID
found there by the next holder tells that the run before was killed: its temporary files
(see :func:`l10n.fsutil.remove_stale_temps`) are then deleted.

A forked worker process inherits the lock's file descriptor, and with it the lock: it would
keep the project locked after its parent was killed. The descriptor is therefore closed in
every forked child (``os.register_at_fork``), and workers end when their parent does (see
:func:`l10n.pipeline._map`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from l10n.errors import LockError
from l10n.fsutil import read_text, remove_stale_temps
from l10n.store.cachedb import check_writable

LOCK_NAME = ".l10n.lock"

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def default_wait() -> float:
    """Seconds to wait for another run: ``L10N_LOCK_WAIT`` or 10."""
    try:
        return float(os.environ.get("L10N_LOCK_WAIT", "10"))
    except ValueError:
        return 10.0


_held: list[int] = []  # this process's lock descriptors (closed in forked children)


def _close_in_child() -> None:
    for handle in _held:
        with contextlib.suppress(OSError):
            os.close(handle)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


@contextlib.contextmanager
def project_lock(locales: Path, wait: float | None = None, temp_folders: Sequence[Path] = ()) -> Iterator[None]:
    """Hold the project lock; wait up to ``wait`` seconds for another run, then raise LockError.

    When the run before was killed (its PID is still in the lock file), the temporary files it
    left in ``locales`` and ``temp_folders`` are deleted first. Raises LockError too when the
    lock file cannot be opened or made, and :class:`~l10n.errors.L10nError` when the
    bookkeeping file cannot be written (:func:`l10n.store.cachedb.check_writable`), each naming
    the file or folder with the operating system's reason.
    """
    if wait is None:
        wait = default_wait()
    if fcntl is None:  # pragma: no cover - no advisory locks: run unlocked
        yield
        return
    path = locales / LOCK_NAME
    handle = _open_lock_file(path)
    locked = False
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(path)
                    raise LockError(
                        f"another l10n run{holder} is working on this project; wait for it to finish", path
                    ) from None
                time.sleep(0.1)
        # A writing stage must record what it did: said before any work, and before the lock
        # file is touched (a killed run's PID there stays for the next run to clean up after).
        check_writable(locales)
        found = os.fstat(handle)
        locked = True
        _held.append(handle)
        if _holder(path):  # the run before did not end: it was killed
            remove_stale_temps([locales, *temp_folders])
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        yield
    finally:
        if locked:
            with contextlib.suppress(OSError):
                os.ftruncate(handle, 0)  # ended: the next run need not look for leftovers
                if found.st_size == 0:  # empty again, as found: its mtime too (a no-op run moves none)
                    os.utime(handle, ns=(found.st_atime_ns, found.st_mtime_ns))
        if handle in _held:
            _held.remove(handle)
        os.close(handle)  # closing releases the flock


def _open_lock_file(path: Path) -> int:
    """The lock file's descriptor (the file and its folders made when missing). Raises
    :class:`~l10n.errors.LockError` naming the file, or the folder that cannot be made, with
    the operating system's reason."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = exc.filename if isinstance(exc.filename, str) else path.parent
        raise LockError(f"cannot make the folder of the project lock: {exc.strerror or exc}", where) from None
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EROFS) and not path.exists():
            raise LockError(f"cannot make the project lock: cannot write in the folder: {exc.strerror}", path.parent) from None
        raise LockError(f"cannot open the project lock: {exc.strerror or exc}", path) from None


def _holder(path: Path) -> str:
    try:
        pid = read_text(path, "ascii").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
