"""A big synced site made from a small one: ``python bench/replicate.py SITE COPIES TARGET``.

A first ``sync`` of 20,000 or 50,000 notes takes hours of CPU on a shared 2-core machine; the
steps that follow it (no-op, one edited note, status) only need a site in the state a first sync
leaves. This copies a synced site ``COPIES`` times into ``r00/``, ``r01/``… sub-folders of its
source, catalog, template and output folders (modification times kept), and rewrites its
bookkeeping to match, as a first sync of the bigger site would have written it: the run state,
segmentation and status-cache rows (counts, segments, verdicts) of ``locales/.l10n-cache.sqlite3`` (keys, paths and the settings
fingerprint, which names the project's folders) and the status cache of older versions (JSON). The translation memory is
copied as it is. Every copy's segments repeat the original's, which the steps measured here do
not look at (they are skipped by stamps).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

FOLDERS = ("source_notes", "locales/templates", "translated/{lang}", "locales/{lang}")


def _identity(path: str) -> tuple[int | None, int | None]:
    """``(ctime_ns, inode)`` of ``path`` as l10n records them; None, None for a file not there."""
    try:
        st = os.stat(path)
    except OSError:
        return None, None
    return st.st_ctime_ns, st.st_ino


def _stat_moved(row: tuple[Any, ...], original: str, path: str, table: str) -> tuple[Any, ...]:
    """A status-cache row of the file at ``original``, for its copy at ``path``: count and
    segment rows of version 3 on (kind ``3:…``) are keyed by size and change time
    (:func:`l10n.status.cache.fingerprint`, in their ``mtime_ns`` column), so a row valid for
    the original takes the copy's change time, as a first sync of the copy would have counted
    it; older rows are keyed by the mtime, which the copy keeps. Verdict rows are left as they
    are (a status recomputes those of version 3 from the stats)."""
    version = str(row[1]).split(":", 1)[0]
    if table == "status_verdicts" or not version.isdigit() or int(version) < 3 or _identity(original)[0] != row[3]:
        return (path, *row[1:])
    return (path, row[1], row[2], _identity(path)[0], *row[4:])


def replicate(site: Path, copies: int, target: Path, lang: str = "hi", synced_at: Path | None = None) -> None:
    """Write ``copies`` copies of the synced ``site`` into ``target`` (which must not exist);
    ``synced_at``: where the site was when it was synced (its bookkeeping names that folder)."""
    origin = synced_at or site
    from l10n.config import load_config  # the checkout running this script
    from l10n.store.state import config_fingerprint

    target.mkdir(parents=True)
    shutil.copy2(site / "pyproject.toml", target / "pyproject.toml")
    moves: list[tuple[str, list[str]]] = []
    for pattern in FOLDERS:
        folder = pattern.format(lang=lang)
        for i in range(copies):
            shutil.copytree(site / folder, target / folder / f"r{i:02d}")
        moves.append((f"{origin / folder}{os.sep}", [f"{target / folder / f'r{i:02d}'}{os.sep}" for i in range(copies)]))
    (target / "locales").mkdir(exist_ok=True)
    shutil.copy2(site / "locales/.l10n-memory.sqlite3", target / "locales/.l10n-memory.sqlite3")
    new_fp = config_fingerprint(load_config(target))

    def at_site(path: str) -> str:
        """Where the file recorded at ``path`` (under ``origin``) is now, under ``site``."""
        head = f"{origin}{os.sep}"
        return f"{site}{os.sep}{path[len(head) :]}" if path.startswith(head) else path

    def moved(path: str, i: int) -> str:
        for prefix, news in moves:
            if path.startswith(prefix):
                return news[i] + path[len(prefix) :]
        raise ValueError(f"{path} is in none of {FOLDERS}")

    def key(old: str, i: int) -> str:
        stage, _, rest = old.partition(":")
        code, _, name = rest.partition(":")
        return f"{stage}:{code}:" + (moved(name, i) if stage == "translate" else f"r{i:02d}/{name}")

    source_db = sqlite3.connect(site / "locales/.l10n-cache.sqlite3")
    (old_fp,) = source_db.execute("SELECT config FROM stamps LIMIT 1").fetchone()  # one run's settings
    shutil.copy2(site / "locales/.l10n-cache.sqlite3", target / "locales/.l10n-cache.sqlite3")
    db = sqlite3.connect(target / "locales/.l10n-cache.sqlite3")
    with db:
        # the file names the project it was written for (l10n.store.cachedb.relocate): this one,
        # else the first run takes every path here for another place's and drops it
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'project_root'").fetchone() is not None:
            db.execute("UPDATE project_root SET root = ?", (str(target.resolve()),))
        db.execute("DELETE FROM stamps")
        db.execute("DELETE FROM segmentation")
        for i in range(copies):
            # the copies' change times and inodes are their own, read from the copies as a first
            # sync would have recorded them; the content digests are the original's (same bytes)
            db.executemany(
                "INSERT INTO stamps (key, path, size, mtime_ns, config, ctime_ns, ino, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (key(k, i), moved(p, i), size, mtime, new_fp if config == old_fp else config, *_identity(moved(p, i)), digest)
                    for k, p, size, mtime, config, digest in source_db.execute(
                        "SELECT key, path, size, mtime_ns, config, digest FROM stamps"
                    )
                ),
            )
            db.executemany(
                "INSERT INTO segmentation VALUES (?, ?, ?, ?, ?)",
                (
                    (f"r{i:02d}/{note}", size, mtime, config.replace(old_fp, new_fp, 1), data)
                    for note, size, mtime, config, data in source_db.execute("SELECT * FROM segmentation")
                ),
            )
    status_tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE name LIKE 'status_%'")}
    # The status cache, in both of its forms so that either checkout finds its own: the tables
    # of l10n.status.cache, and the JSON document of earlier versions (made from the tables when
    # the site has none; its rows are [size, mtime_ns, segments, words, title]).
    legacy: dict[str, Any] = {"version": 2, "policy": "machine", "files": {}, "outputs": {}}
    with db:
        for table in sorted(status_tables & {"status_counts", "status_verdicts", "status_segments"}):
            rows = db.execute(f"SELECT * FROM {table}").fetchall()
            if not rows:
                continue
            db.execute(f"DELETE FROM {table}")
            marks = ",".join("?" * len(rows[0]))
            for i in range(copies):
                db.executemany(f"INSERT INTO {table} VALUES ({marks})", (_stat_moved(r, at_site(r[0]), moved(r[0], i), table) for r in rows))
            for row in rows:
                if row[1] != "2:machine" or table == "status_segments":  # no JSON form
                    continue
                for i in range(copies):
                    if table == "status_counts":
                        legacy["files"][moved(row[0], i)] = [row[2], row[3], *json.loads(row[4])]
                    else:
                        legacy["outputs"][moved(row[0], i)] = json.loads(row[2])
    db.execute("VACUUM")
    db.close()
    source_db.close()
    cache = site / "locales/.l10n-status-cache.json"
    if cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        for table in ("files", "outputs"):
            data[table] = {moved(p, i): row for p, row in data[table].items() for i in range(copies)}
    else:
        data = legacy
    (target / "locales/.l10n-status-cache.json").write_text(json.dumps(data), encoding="utf-8")


if __name__ == "__main__":
    replicate(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
