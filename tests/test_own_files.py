"""l10n's own files — the translation memory, the bookkeeping file, the project lock, the
compile cache — when they cannot be read or written: one ``error:`` line naming the file (or
folder) from the project's root with the operating system's reason, a non-zero exit, never a
traceback, and the file left as it was (a memory that cannot be read is not "damaged": only a
file SQLite reports as not a database or malformed is set aside).

Commands run without root's override of file modes (:func:`tests.conftest.as_user`)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from l10n.store import cachedb
from tests.conftest import Runner, as_user, permissions_checked, write_project

NOTE = "---\ntitle: Note {0}\n---\n\n# Heading {0}\n\nSome text {0}.\n"
MEMORY = "locales/.l10n-memory.sqlite3"
BOOKKEEPING = "locales/.l10n-cache.sqlite3"
BOOKKEEPING_NAME = ".l10n-cache.sqlite3"
LOCK = "locales/.l10n.lock"
READ_ONLY_COMMANDS = (("status",), ("check",))


class Modes:
    """chmod files of a project, and give them their modes back at the end (so that pytest, run
    as another user than root, can remove them)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.before: list[tuple[Path, int]] = []

    def __call__(self, name: str, mode: int) -> Path:
        path = self.root / name
        self.before.append((path, path.stat().st_mode & 0o7777))
        path.chmod(mode)
        return path

    def restore(self) -> None:
        for path, mode in reversed(self.before):
            path.chmod(mode)


@pytest.fixture
def synced(tmp_path: Path, l10n: Runner) -> Iterator[tuple[Path, Modes]]:
    """A synced project of notes a, b, c whose note c then gained a paragraph (so translate has
    a segment to send), and a way to chmod its files."""
    write_project(tmp_path, {f"{n}.md": NOTE.format(n) for n in "abc"})
    l10n.sync(tmp_path)
    cachedb.close()  # this process's connection: the files are as a finished run leaves them
    with (tmp_path / "source_notes/c.md").open("a") as handle:
        handle.write("\nA new paragraph.\n")
    modes = Modes(tmp_path)
    yield tmp_path, modes
    modes.restore()


def _files(folder: Path, but: str = "") -> dict[str, tuple[bytes, int]]:
    """The bytes and mode of each file of ``folder`` (l10n's own files included), by name; of
    the file named ``but`` (which the commands run may write), the name alone."""
    found: dict[str, tuple[bytes, int]] = {}
    for path in sorted(folder.iterdir()):
        if path.name == but:
            found[path.name] = (b"", 0)
        elif path.is_file():
            info = path.stat()
            path.chmod(info.st_mode | 0o400)  # readable here, whoever runs the tests
            found[path.name] = (path.read_bytes(), info.st_mode & 0o7777)
            path.chmod(info.st_mode & 0o7777)
    return found


def _errors(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in done.stderr, done.stderr
    return [line for line in done.stderr.splitlines() if line.startswith(("error:", "warning:"))]


# -- the translation memory ---------------------------------------------------------------


def test_an_unreadable_memory_is_named_and_kept(synced: tuple[Path, Modes]) -> None:
    """Issue: it was taken for a damaged file, renamed ``.damaged-<date>`` and a new, empty
    memory started, exit 0 (every translation paid for again)."""
    root, chmod = synced
    chmod(MEMORY, 0)
    before = _files(root / "locales", but=BOOKKEEPING_NAME)
    for command in (("translate", "--engine", "pseudo"), ("sync", "--engine", "pseudo"),
                    ("sync", "--engine", "pseudo", "--dry-run"), ("memory", "export", str(root / "out.tmx"))):
        done = as_user(root, *command)
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert _errors(done) == [f"error: {MEMORY}: cannot read the translation memory: Permission denied"], command
    assert _files(root / "locales", but=BOOKKEEPING_NAME) == before  # nothing renamed, made or changed
    for command in READ_ONLY_COMMANDS:  # they never open the memory
        assert as_user(root, *command).returncode == 0, command


def test_a_read_only_memory_serves_readers_and_stops_writers(synced: tuple[Path, Modes]) -> None:
    """Issue: a traceback, and ``-wal``/``-shm`` files of the file's read-only mode left
    beside it, which broke every later run once the file was writable again."""
    root, chmod = synced
    chmod(MEMORY, 0o444)
    before = _files(root / "locales", but=BOOKKEEPING_NAME)
    catalogs = _files(root / "locales/hi")
    for command in (("translate", "--engine", "pseudo"), ("sync", "--engine", "pseudo")):
        done = as_user(root, *command)
        assert done.returncode == 1, (command, done.stderr)
        assert _errors(done) == [f"error: {MEMORY}: cannot write the translation memory: Permission denied"]
    assert _files(root / "locales/hi") == catalogs  # sync said it before extract worked
    for command in (*READ_ONLY_COMMANDS, ("build",), ("sync", "--engine", "pseudo", "--dry-run")):
        done = as_user(root, *command)
        assert done.returncode == 0 and _errors(done) == [], (command, done.stderr)
    exported = as_user(root, "memory", "export", "-")  # reads it: from a copy
    assert exported.returncode == 0 and "9 units of pseudo-localized text left out" in exported.stderr, exported.stderr
    assert _files(root / "locales", but=BOOKKEEPING_NAME) == before
    assert not list((root / "locales").glob(".l10n-memory.sqlite3-*"))
    chmod(MEMORY, 0o644)
    done = as_user(root, "sync", "--engine", "pseudo")  # nothing left behind stops the next run
    assert done.returncode == 0 and _errors(done) == [], done.stderr


def test_a_side_file_left_read_only_is_named(synced: tuple[Path, Modes]) -> None:
    """The ``-shm`` file an older version left, of a read-only memory's mode."""
    root, chmod = synced
    shm = root / f"{MEMORY}-shm"
    shm.write_bytes(b"")
    chmod(f"{MEMORY}-shm", 0o444)
    done = as_user(root, "translate", "--engine", "pseudo")
    assert done.returncode == 1
    assert _errors(done) == [f"error: {MEMORY}-shm: cannot write the translation memory's -shm file: Permission denied"]


def test_a_read_only_locales_folder_is_said_and_the_memory_kept(synced: tuple[Path, Modes]) -> None:
    """Issue: the healthy memory was called "not a usable database", by its absolute path,
    with the advice to delete it. (Writing commands stop at the bookkeeping file, in the same
    folder, first: the memory's own case is :func:`test_a_configured_memory_path_that_cannot_be`.)"""
    root, chmod = synced
    before = _files(root / "locales")
    chmod("locales", 0o555)
    for command in (("translate", "--engine", "pseudo"), ("sync", "--engine", "pseudo")):
        done = as_user(root, *command)
        assert done.returncode == 1
        assert _errors(done) == [
            "error: locales: cannot write in the folder of l10n's bookkeeping file (.l10n-cache.sqlite3): Permission denied"
        ]
        assert str(root) not in done.stderr and "delete" not in done.stderr
    exported = as_user(root, "memory", "export", "-")
    assert exported.returncode == 0 and "9 units of pseudo-localized text left out" in exported.stderr, exported.stderr
    for command in READ_ONLY_COMMANDS:
        done = as_user(root, *command)
        assert done.returncode == 0 and _errors(done) == [], (command, done.stderr)
    assert _files(root / "locales") == before


@pytest.mark.parametrize(
    ("setting", "make", "expected"),
    [
        ("notes.txt/tm.sqlite3", "file", "error: notes.txt: cannot write in the folder of the translation memory (tm.sqlite3): Not a directory"),
        ("shared/deeper/tm.sqlite3", "read-only folder", "error: shared: cannot write in the folder of the translation memory (tm.sqlite3): Permission denied"),
        ("shared", "folder", "error: shared: the translation memory is not a file"),
        ("shared/tm.sqlite3", "memory in a read-only folder", "error: shared: cannot write in the folder of the translation memory (tm.sqlite3): Permission denied"),
    ],
    ids=["under-a-file", "under-a-read-only-folder", "a-folder", "in-a-read-only-folder"],
)
def test_a_configured_memory_path_that_cannot_be(
    synced: tuple[Path, Modes], setting: str, make: str, expected: str
) -> None:
    root, chmod = synced
    with (root / "pyproject.toml").open("a") as handle:
        handle.write(f'memory = "{setting}"\n')
    if make == "file":
        (root / "notes.txt").write_text("a file\n")
    else:
        (root / "shared").mkdir()
        if make == "memory in a read-only folder":
            (root / "shared/tm.sqlite3").write_bytes((root / MEMORY).read_bytes())
        if make != "folder":
            chmod("shared", 0o555)
    done = as_user(root, "translate", "--engine", "pseudo")
    assert done.returncode == 1, done.stderr
    assert _errors(done) == [expected]
    assert str(root) not in done.stderr and "delete" not in done.stderr
    if make == "file":
        assert (root / "notes.txt").read_text() == "a file\n"
    if make == "memory in a read-only folder":
        assert (root / "shared/tm.sqlite3").read_bytes() == (root / MEMORY).read_bytes()
        exported = as_user(root, "memory", "export", "-")  # read where it is
        assert exported.returncode == 0 and "9 units of pseudo-localized text left out" in exported.stderr, exported.stderr


def test_a_memory_in_a_folder_not_made_yet_is_made(synced: tuple[Path, Modes]) -> None:
    root, _ = synced
    with (root / "pyproject.toml").open("a") as handle:
        handle.write('memory = "tm/here/shared.sqlite3"\n')
    done = as_user(root, "translate", "--engine", "pseudo")
    assert done.returncode == 0, done.stderr
    assert (root / "tm/here/shared.sqlite3").is_file()


def test_a_memory_sqlite_says_is_not_a_database_is_still_set_aside(synced: tuple[Path, Modes]) -> None:
    root, _ = synced
    (root / MEMORY).write_bytes(b"not a database at all" * 100)
    done = as_user(root, "translate", "--engine", "pseudo")
    assert done.returncode == 0, done.stderr
    (warning,) = _errors(done)
    assert warning.startswith(f"warning: {MEMORY}: not a usable database (file is not a database); set aside as ")
    assert str(root) not in done.stderr  # named from the project's root, as errors are
    assert "set aside as .l10n-memory.sqlite3.damaged-" in warning
    (aside,) = (root / "locales").glob(".l10n-memory.sqlite3.damaged-*[0-9]")
    assert aside.read_bytes() == b"not a database at all" * 100


# -- the bookkeeping file -------------------------------------------------------------------


def test_an_unreadable_bookkeeping_file_is_named_and_kept(synced: tuple[Path, Modes]) -> None:
    """It was deleted and made again, silently."""
    root, chmod = synced
    chmod(BOOKKEEPING, 0)
    before = _files(root / "locales")
    line = f"error: {BOOKKEEPING}: cannot read l10n's bookkeeping file: Permission denied"
    status = as_user(root, "status")  # a report does without it, and says so
    assert status.returncode == 1 and _errors(status) == [line]
    assert "1 stale of 3" in status.stdout
    for command in (("check",), ("sync", "--engine", "pseudo", "--dry-run"), ("sync", "--engine", "pseudo"), ("build",)):
        done = as_user(root, *command)
        assert done.returncode == 1 and _errors(done) == [line], (command, done.stderr)
    assert _files(root / "locales") == before


def test_a_read_only_bookkeeping_file_serves_reports_and_stops_writers(synced: tuple[Path, Modes]) -> None:
    root, chmod = synced
    chmod(BOOKKEEPING, 0o444)
    before = _files(root / "locales")
    for command in (*READ_ONLY_COMMANDS, ("sync", "--engine", "pseudo", "--dry-run")):
        done = as_user(root, *command)
        assert done.returncode == 0 and _errors(done) == [], (command, done.stderr)
    for command in (("extract",), ("build",), ("sync", "--engine", "pseudo")):
        done = as_user(root, *command)
        assert done.returncode == 1, (command, done.stderr)
        assert _errors(done) == [f"error: {BOOKKEEPING}: cannot write l10n's bookkeeping file: Permission denied"]
    assert _files(root / "locales") == before
    assert not list((root / "locales").glob(".l10n-cache.sqlite3-*"))
    chmod(BOOKKEEPING, 0o644)
    done = as_user(root, "sync", "--engine", "pseudo")
    assert done.returncode == 0 and _errors(done) == [], done.stderr


def test_a_read_only_locales_folder_stops_writers_before_any_work(synced: tuple[Path, Modes]) -> None:
    root, chmod = synced
    chmod("locales", 0o555)
    page = root / "translated/hi/c.md"
    page_before = page.read_bytes()
    for command in (("extract",), ("build",), ("sync", "--engine", "pseudo")):
        done = as_user(root, *command)
        assert done.returncode == 1, (command, done.stderr)
        assert _errors(done) == [
            "error: locales: cannot write in the folder of l10n's bookkeeping file (.l10n-cache.sqlite3): Permission denied"
        ], command
    assert page.read_bytes() == page_before


def test_a_bookkeeping_file_that_is_not_a_database_is_made_again(synced: tuple[Path, Modes]) -> None:
    root, _ = synced
    (root / BOOKKEEPING).write_bytes(b"not a database at all" * 100)
    done = as_user(root, "sync", "--engine", "pseudo")
    assert done.returncode == 0 and _errors(done) == [], done.stderr
    with sqlite3.connect(root / BOOKKEEPING) as db:
        assert db.execute("SELECT count(*) FROM stamps").fetchone()[0] > 0


# -- the project lock -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0, 0o444])
def test_a_lock_file_that_cannot_be_opened_is_named(synced: tuple[Path, Modes], mode: int) -> None:
    root, chmod = synced
    chmod(LOCK, mode)
    for command in (("extract",), ("build",), ("sync", "--engine", "pseudo")):
        done = as_user(root, *command)
        assert done.returncode == 1
        assert _errors(done) == [f"error: {LOCK}: cannot open the project lock: Permission denied"], command
    for command in READ_ONLY_COMMANDS:
        assert as_user(root, *command).returncode == 0


def test_a_missing_lock_file_in_a_read_only_folder_is_said(synced: tuple[Path, Modes]) -> None:
    root, chmod = synced
    (root / LOCK).unlink()
    chmod("locales", 0o555)
    done = as_user(root, "build")
    assert done.returncode == 1
    assert _errors(done) == ["error: locales: cannot make the project lock: cannot write in the folder: Permission denied"]


# -- the compile cache ----------------------------------------------------------------------


@pytest.mark.parametrize("case", ["read-only-folder", "unreadable-files", "a-file"])
def test_a_compile_cache_that_cannot_be_used_never_stops_a_command(
    synced: tuple[Path, Modes], tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    root, _ = synced
    cache = tmp_path_factory.mktemp("compile-cache")
    monkeypatch.setenv("L10N_CACHE_DIR", str(cache))
    assert as_user(root, "status").returncode == 0  # fills it
    files = sorted(cache.iterdir())
    assert files
    modes = Modes(cache)
    if case == "read-only-folder":
        for path in files:
            path.unlink()
        modes(".", 0o555)
    elif case == "unreadable-files":
        for path in files:
            modes(path.name, 0)
    else:
        monkeypatch.setenv("L10N_CACHE_DIR", str(files[0] / "cache"))
    try:
        for command in (("status",), ("sync", "--engine", "pseudo")):
            done = as_user(root, *command)
            assert done.returncode == 0 and _errors(done) == [], (command, done.stderr)
        if case == "read-only-folder":
            assert list(cache.iterdir()) == []
    finally:
        modes.restore()


# -- reports and no-op runs write nothing -----------------------------------------------------


def test_status_in_a_fresh_project_makes_no_file(tmp_path: Path, l10n: Runner) -> None:
    """A report writes nothing: no bookkeeping file (nor locales folder) where there was none."""
    root = write_project(tmp_path, {f"{n}.md": NOTE.format(n) for n in "ab"})
    before = sorted(path.relative_to(root) for path in root.rglob("*"))
    for command in (("status",), ("status", "--by-note"), ("status", "--format", "json")):
        assert l10n(root, *command).exit_code == 0
    cachedb.close()  # anything deferred would be written now, as at the process's exit
    assert sorted(path.relative_to(root) for path in root.rglob("*")) == before


def test_a_no_op_sync_leaves_the_bookkeeping_file_and_the_lock_as_they_were(
    synced: tuple[Path, Modes], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It rewrote the sync manifest (the same value) at every sync, and the memory's record of
    a sound file (the same row) at every translate, moving the file's mtime; the lock file's
    mtime moved with the PID each run writes in it (now put back once it is empty again)."""
    from l10n.status import cache as status_cache
    from l10n.store import changes, state

    # Every file counts as old enough to trust its stats (no run has to look again at a file
    # written in the same clock tick as its record), so the runs below have nothing to redo.
    for module, name in ((changes, "RACY_NS"), (status_cache, "RACY_NS"), (state, "COUNTS_RACY_NS")):
        monkeypatch.setattr(module, name, 0)
    root, _ = synced
    for _ in range(2):  # the edit of c.md, then the records of what that run wrote
        l10n.sync(root)
        cachedb.close()
    before = _bytes_and_mtimes(root)
    assert "nothing to translate" in l10n.sync(root)
    cachedb.close()
    assert _bytes_and_mtimes(root) == before
    assert "0 translated by pseudo" in l10n(root, "translate", "--engine", "pseudo").output  # opens the memory
    cachedb.close()
    assert _bytes_and_mtimes(root) == before


def _bytes_and_mtimes(root: Path) -> dict[str, tuple[bytes, int]]:
    """The bytes and mtime of the bookkeeping file and the lock file of the project in ``root``."""
    return {name: ((root / name).read_bytes(), (root / name).stat().st_mtime_ns) for name in (BOOKKEEPING, LOCK)}


def test_each_command_of_a_process_says_the_unreadable_bookkeeping_file(synced: tuple[Path, Modes]) -> None:
    """In one process (a library user's, the tests'), each command says it, not only the first."""
    root, chmod = synced
    chmod(BOOKKEEPING, 0)
    line = f"error: {BOOKKEEPING}: cannot read l10n's bookkeeping file: Permission denied"
    script = (
        "from l10n.cli.group import cli\n"
        "import sys\n"
        "for _ in range(2):\n"
        f"    try: cli.main(['-C', {str(root)!r}, 'status'], prog_name='l10n')\n"
        "    except SystemExit as done: print('exit', done.code, file=sys.stderr)\n"
    )
    done = subprocess.run(permissions_checked([sys.executable, "-c", script]), capture_output=True, text=True, check=False)
    assert done.stderr.splitlines().count(line) == 2, done.stderr
    assert done.stderr.splitlines().count("exit 1") == 2, done.stderr
