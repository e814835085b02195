"""Safe file writing: never leave a half-written catalog or note behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from l10n.errors import L10nError


def atomic_write(path: Path, data: bytes, error: type[L10nError] = L10nError, durable: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    A crash at any moment leaves either the old file or the new one, never a mix; on failure
    (disk full, read-only folder) the old file is untouched and ``error`` names the path.
    The data is fsynced before it replaces an existing file (a translator's work must survive
    a power cut); a new file is not, since losing it loses nothing a re-run cannot redo, and
    neither is anything written with ``durable=False`` (caches).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror or exc}", path) from None
    try:
        replacing = path.exists()
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if replacing and durable:
                stream.flush()
                os.fsync(stream.fileno())
        # mkstemp creates 0600 files; give new files the usual permissions (umask applied).
        os.chmod(temp_name, path.stat().st_mode & 0o7777 if replacing else 0o666 & ~_umask())
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise error(f"cannot write: {exc.strerror or exc}", path) from None


def read_bytes_if_exists(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
