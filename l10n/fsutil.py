"""Safe file writing: never leave a half-written catalog or note behind."""

from __future__ import annotations

import contextlib
import errno
import io
import itertools
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Protocol, TextIO

from l10n.errors import L10nError


def atomic_write(
    path: Path,
    data: bytes | Iterable[str],
    error: type[L10nError] = L10nError,
    durable: bool = True,
    digest: Hasher | None = None,
) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    ``data`` is bytes, or text parts written UTF-8-encoded one after the other as they are
    produced, so a large catalog is never held whole as text and again as bytes (issue 15).
    ``digest`` (a :mod:`hashlib` object), when given, is fed the bytes written, as they are
    written: the caller knows what the file holds without reading it back nor encoding the
    text a second time (a second encoding of every catalog was 1 % of a first translate, issue 19).

    A crash at any moment leaves either the old file or the new one, never a mix; on failure
    (disk full, read-only folder) the old file is untouched and ``error`` names the path.
    The data is fsynced before it replaces an existing file (a translator's work must survive
    a power cut); a new file is not, since losing it loses nothing a re-run cannot redo, and
    neither is anything written with ``durable=False`` (what a re-run makes again: caches,
    templates, built pages, catalogs holding no translator's work).
    """
    try:
        old_mode: int | None = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        old_mode = None
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror or exc}", path) from None
    try:
        temp, handle = _create_temp(path)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror or exc}", path) from None
    try:
        try:
            if old_mode is not None:
                os.fchmod(handle, old_mode)  # keep the replaced file's permissions
            if isinstance(data, bytes):
                _write_all(handle, data)
                if digest is not None:
                    digest.update(data)
            else:
                _write_parts(handle, data, digest)
            if old_mode is not None and durable:
                os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise error(f"cannot write: {exc.strerror or exc}", path) from None
    except BaseException:  # the parts' producer failed (or Ctrl-C): the old file stays as it was
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


class Hasher(Protocol):
    """What :func:`atomic_write` feeds the bytes it writes: a :mod:`hashlib` object."""

    def update(self, data: bytes, /) -> None:
        """Take the next bytes."""


_WRITE_BUFFER = 1 << 16  # characters gathered before a write: few system calls, little memory


def _write_parts(handle: int, parts: Iterable[str], digest: Hasher | None = None) -> None:
    pending: list[str] = []
    size = 0
    for part in parts:
        pending.append(part)
        size += len(part)
        if size >= _WRITE_BUFFER:
            _write_chunk(handle, "".join(pending).encode("utf-8"), digest)
            pending, size = [], 0
    if pending:
        _write_chunk(handle, "".join(pending).encode("utf-8"), digest)


def _write_chunk(handle: int, chunk: bytes, digest: Hasher | None) -> None:
    _write_all(handle, chunk)
    if digest is not None:
        digest.update(chunk)


_temp_numbers = itertools.count()


def _create_temp(path: Path) -> tuple[str, int]:
    """Create a new temporary file beside ``path`` (and its folder, if missing)."""
    for _ in range(100):
        temp = os.path.join(path.parent, f".{path.name}.{os.getpid()}-{next(_temp_numbers)}.tmp")
        try:
            # 0o666 less the umask, as for any new file; no mkstemp: its random names cost time
            return temp, os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # left by a process that had our pid and was killed
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


class NotRegularFileError(OSError):
    """Raised by :func:`open_regular` for a path that is no regular file (a FIFO, a socket, a
    device, a folder); ``strerror`` says which, as reports show an ``OSError``."""


def not_regular(mode: int) -> str:
    """What a file of ``mode`` (``st_mode``) that is not a regular file is, for a report: "not a
    regular file (a FIFO)"."""
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    )
    kind = next((name for test, name in kinds if test(mode)), "of another kind")
    return f"not a regular file ({kind})"


# Windows has no O_NONBLOCK nor O_CLOEXEC (nor FIFOs in its file systems), and needs O_BINARY
# for os.open's descriptor to read bytes as they are (no CRLF translation by its C library)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def open_regular(path: os.PathLike[str] | str) -> int:
    """A file descriptor open for reading on ``path``, which must be a regular file (symbolic
    links followed). Notes, catalogs, pages and configuration files are read only through it:
    ``open()`` on a FIFO waits for a writer, forever, and a device may never end. The file is
    opened with ``O_NONBLOCK`` (a FIFO's open then returns at once), checked with ``fstat``
    (no race between a check and the open), and set blocking again.

    Raises the ``OSError`` that ``open`` raises (``FileNotFoundError``…), or
    :class:`NotRegularFileError` whose ``strerror`` is "not a regular file (a FIFO)"."""
    handle = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY)
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(errno.EINVAL, not_regular(mode), str(path))
        if _NONBLOCK:
            os.set_blocking(handle, True)
    except BaseException:
        os.close(handle)
        raise
    return handle


def open_file(path: os.PathLike[str] | str) -> BinaryIO:
    """``open(path, "rb")`` for a regular file only (:func:`open_regular`)."""
    return os.fdopen(open_regular(path), "rb")


def read_file(path: os.PathLike[str] | str) -> bytes:
    """``Path(path).read_bytes()`` for a regular file only (:func:`open_regular`)."""
    with open_file(path) as handle:
        return handle.read()


def open_text(path: os.PathLike[str] | str, encoding: str = "utf-8", errors: str = "strict") -> TextIO:
    """``open(path, encoding=..., errors=...)`` (universal newlines) for a regular file only."""
    return io.TextIOWrapper(open_file(path), encoding=encoding, errors=errors)


def read_text(path: os.PathLike[str] | str, encoding: str = "utf-8", errors: str = "strict") -> str:
    """``Path(path).read_text(...)`` (universal newlines) for a regular file only
    (:func:`open_regular`)."""
    with open_text(path, encoding, errors) as handle:
        return handle.read()


def read_bytes_if_exists(path: Path | str, error: type[L10nError] = L10nError) -> bytes | None:
    """The bytes of file ``path``; None when there is no such file. Raises ``error`` naming the
    file when it exists but cannot be read (its permissions, its folder's), so that a stage
    reports it as one note's problem rather than stopping."""
    try:
        return read_file(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path) from None


_TEMP_NAME = re.compile(r"\..+\.(\d+)-\d+\.tmp")
"""The name :func:`_create_temp` gives: ``.<name>.<pid>-<n>.tmp``."""


def _alive(pid: int) -> bool:
    """Whether process ``pid`` may still write to its temporary file.

    A zombie may not: it has ended and closed its files, and only waits for its parent to
    collect its exit status. Yet ``kill(pid, 0)`` finds it. A worker killed with its parent
    (``kill -9`` of ``l10n``, see :func:`l10n.pipeline._watch_parent`) is such an orphan until
    init reaps it, which some inits do only every second or two: long after the next run has
    started and cleaned up.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OverflowError:
        return True  # not a pid this system gives out: not ours to judge
    except PermissionError:
        pass  # another user's process: alive unless it has ended
    return not _ended(pid)


def _ended(pid: int) -> bool:
    """Whether ``pid`` is a zombie (or already reaped), as Linux's ``/proc`` tells; False
    where there is no ``/proc`` to ask."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except FileNotFoundError:
        return os.path.isdir("/proc/self")  # reaped since the kill(), unless there is no /proc
    except OSError:
        return False
    # "<pid> (<command>) <state> ...": the command may hold spaces and parentheses
    fields = stat[stat.rfind(b")") + 1 :].split()
    return bool(fields) and fields[0] in (b"Z", b"X")


def remove_stale_temps(folders: Iterable[Path]) -> int:
    """Delete the temporary files a killed run left in ``folders`` (recursively): files named
    as :func:`atomic_write` names them whose process no longer runs. Returns how many.

    Symbolic links are not followed, and nothing else is touched.
    """
    removed = 0
    for folder in folders:
        for parent, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(parent, d))]
            for name in files:
                match = _TEMP_NAME.fullmatch(name)
                if match and not _alive(int(match.group(1))):
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(parent, name))
                        removed += 1
    return removed


def temp_folders(root: Path, output: str) -> list[Path]:
    """Where translated notes are written, besides the locales folder: the part of the
    ``output`` setting before its first ``{lang}`` (the project root when it starts with it)."""
    head = output.split("{lang}", 1)[0].rstrip("/")
    folder = root / head if head else root
    return [folder] if folder != root else []


# C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder how a
# line is shown (CVE-2021-42574, "Trojan Source").
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\n``, ``\\x1b``, ``\\u202e``),
    for file names shown in reports and PO references: a name may hold any character but
    ``/`` and NUL, and a newline or an escape sequence in it must not forge a line of output
    or of a catalog.

    >>> printable("a\\nb\\x1b[31m.md")
    'a\\\\nb\\\\x1b[31m.md'
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def case_insensitive(folder: Path) -> bool:
    """Whether the file system holding ``folder`` compares names without regard to case
    (macOS's APFS and HFS+, Windows' NTFS, by default), so ``Foo.hi.md`` and ``foo.hi.md``
    there are one file.

    Read-only, a few ``stat`` calls: the nearest existing folder at or above ``folder`` whose
    name has a cased letter is looked up again under its name with the case swapped; True when
    that finds the same folder (device and inode). False when nothing on the way has a cased
    letter (the POSIX default), or the swapped name is missing or another folder.
    """
    path = Path(os.path.abspath(folder))
    for candidate in (path, *path.parents):
        name = candidate.name
        swapped = name.swapcase()
        if swapped == name:
            continue
        try:
            own = os.stat(candidate)
        except OSError:
            continue  # not made yet: ask its parent
        try:
            other = os.stat(candidate.with_name(swapped))
        except OSError:
            return False
        return (own.st_dev, own.st_ino) == (other.st_dev, other.st_ino)
    return False


def folded_path(path: str) -> str:
    """``path`` as a case-insensitive file system compares it, near enough: case-folded
    (Unicode case folding; APFS and NTFS fold a few letters such as ``ß`` otherwise) and in NFC
    (APFS also takes a name's NFC and NFD spellings for one file). Used only where
    :func:`case_insensitive` holds."""
    import unicodedata

    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", path).casefold())
