"""Whether l10n's own SQLite files (the translation memory, the bookkeeping file) can be read
and written, asked before SQLite opens them, with the operating system's reason when not.

SQLite reports a file it cannot open, or a folder where it cannot make its ``-wal`` and ``-shm``
files, as ``unable to open database file`` or ``attempt to write a readonly database`` — errors
of the same class as a damaged file's, which must be told apart: a damaged file is set aside, a
file that cannot be read or written is named with the reason and left as it is. And a
connection to a read-only file in a writable folder makes ``-wal`` and ``-shm`` files of the
file's mode, which stop every later run (SQLite cannot write them) until they are deleted;
asking first makes none.

Nothing here writes: a file is opened and closed (which moves no time stamp), a folder is
asked with ``access(2)``, which checks the caller's real permissions (not root's override when
it has been dropped).
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

SIDE_FILES = ("-wal", "-shm")
"""The files SQLite keeps beside a database in WAL mode (https://sqlite.org/wal.html)."""


@dataclass(frozen=True)
class Problem:
    """What stops a file from being read or written: the file or folder (``path``) and the
    operating system's reason (``reason``, as ``strerror`` words it)."""

    path: Path
    reason: str


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_problem(path: Path) -> Problem | None:
    """Why the existing file ``path`` cannot be read, or None (also when there is no file, or it
    is not a regular file: the caller's own opening says that)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):  # no file (a folder on the way may be a file)
        return None
    except OSError as exc:
        return Problem(path, _reason(exc))
    os.close(handle)
    return None


def folder_problem(folder: Path) -> Problem | None:
    """Why no file can be made or removed in the existing ``folder``, or None. A missing folder
    is that of its nearest existing parent (the one the folder would be made in); a path that
    is not a folder is named as such."""
    while not folder.exists() and not folder.is_symlink() and folder.parent != folder:
        folder = folder.parent
    if not folder.is_dir():
        return Problem(folder, os.strerror(errno.ENOTDIR))
    if os.access(folder, os.W_OK | os.X_OK):
        return None
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        read_only = False
    return Problem(folder, os.strerror(errno.EROFS if read_only else errno.EACCES))


def write_problem(path: Path, side_files: tuple[str, ...] = SIDE_FILES) -> Problem | None:
    """Why the SQLite file ``path`` (made when missing) cannot be written, or None: the file
    itself, one of its ``side_files`` that exists, or its folder when a file must be made there
    (the file, or a side file that is missing). Raises nothing."""
    missing = not path.exists()
    for name in (path, *(Path(f"{path}{suffix}") for suffix in side_files)):
        try:
            handle = os.open(name, os.O_RDWR | os.O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):  # to be made: the folder says whether it can be
            missing = True
            continue
        except OSError as exc:
            return Problem(name, _reason(exc))
        os.close(handle)
    return folder_problem(path.parent) if missing else None
