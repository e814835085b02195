"""One run at a time per project: an advisory lock on a file in the locales folder.

The lock is an ``flock`` on ``locales/.l10n.lock``: the kernel releases it when the holding
process dies, even by ``kill -9``, so a stale lock can never block the next run. The file holds
the holder's PID for the message a waiting run prints.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from l10n.errors import LockError

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


@contextlib.contextmanager
def project_lock(locales: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the project lock; wait up to ``wait`` seconds for another run, then raise LockError."""
    if wait is None:
        wait = default_wait()
    if fcntl is None:  # pragma: no cover - no advisory locks: run unlocked
        yield
        return
    locales.mkdir(parents=True, exist_ok=True)
    path = locales / LOCK_NAME
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
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
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(handle)  # closing releases the flock


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
