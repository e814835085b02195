"""What :mod:`l10n.store.access` answers about a SQLite file agrees with what SQLite does, for
every mode of the file, its ``-wal`` and ``-shm`` files and its folder (each present or not,
empty or holding a killed writer's frames): a file said writable takes a write transaction, and
a file said readable is copied (:func:`l10n.store.cachedb.copy_problem`), or the copy says why
not. The whole matrix runs in one process whose permissions the kernel checks
(:func:`tests.conftest.permissions_checked`), as the reviewer's reports (a memory that cannot
be read, a read-only one, a read-only folder) came from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import permissions_checked

_MATRIX = r'''
import itertools, json, os, sqlite3, sys, tempfile
from pathlib import Path
from l10n.store.access import read_problem, write_problem
from l10n.store.cachedb import copy_problem

base = Path(sys.argv[1])
found = []
READ_WRITE, READ_ONLY, NONE = 0o644, 0o444, 0o000
cases = [
    *((f, w, s, d, False) for f, w, s, d in itertools.product(
        (READ_WRITE, READ_ONLY, NONE), (None, READ_WRITE, READ_ONLY), (None, READ_WRITE, READ_ONLY), (0o755, 0o555))),
    *((f, w, s, d, True) for f, w, s, d in itertools.product(
        (READ_WRITE, READ_ONLY), (READ_WRITE, READ_ONLY), (None, READ_WRITE, READ_ONLY), (0o755, 0o555))),
]
for file_mode, wal_mode, shm_mode, folder_mode, frames in cases:
    folder = Path(tempfile.mkdtemp(dir=base))
    path = folder / "db.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (x)")
    db.execute("INSERT INTO t VALUES (1)")
    db.close()
    if frames:  # a writer killed before its checkpoint: its row only in the -wal
        child = os.fork()
        if child == 0:
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("PRAGMA wal_autocheckpoint=0")
            db.execute("INSERT INTO t VALUES (2)")
            os._exit(0)
        os.waitpid(child, 0)
        if shm_mode is None:
            os.unlink(f"{path}-shm")
    for suffix, mode in (("-wal", wal_mode), ("-shm", shm_mode)):
        if mode is not None:
            if not frames:
                Path(f"{path}{suffix}").write_bytes(b"")
            os.chmod(f"{path}{suffix}", mode)
    os.chmod(path, file_mode)
    os.chmod(folder, folder_mode)
    case = [oct(file_mode), wal_mode and oct(wal_mode), shm_mode and oct(shm_mode), oct(folder_mode), frames]
    if (read_problem(path) is None) != bool(file_mode & 0o400):
        found.append([*case, "read_problem is wrong"])
    if write_problem(path) is None:
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=1)
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO t VALUES (3)")
            db.execute("COMMIT")
            db.close()
        except sqlite3.Error as exc:
            found.append([*case, f"said writable, SQLite: {exc}"])
    if file_mode & 0o400:
        copy = sqlite3.connect(":memory:")
        problem = copy_problem(path, copy)
        if problem is None:
            rows = copy.execute("SELECT count(*) FROM t").fetchone()[0]
            if rows < (2 if frames else 1):
                found.append([*case, f"the copy holds {rows} rows"])
        elif not (frames and shm_mode is None and folder_mode == 0o555 and problem.startswith("its -wal file holds")):
            found.append([*case, f"not copied: {problem}"])
    os.chmod(folder, 0o755)
print(json.dumps(found))
'''


def test_access_answers_as_sqlite_does(tmp_path: Path) -> None:
    script = tmp_path / "matrix.py"
    script.write_text(_MATRIX, encoding="utf-8")
    folder = tmp_path / "cases"
    folder.mkdir()
    done = subprocess.run(
        permissions_checked([sys.executable, str(script), str(folder)]),
        capture_output=True, text=True, check=False, cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
