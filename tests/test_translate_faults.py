"""translate against a real HTTP server on 127.0.0.1: kill -9, secrets, dead servers, languages."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from l10n.mt.memory import MEMORY_FILE
from l10n.po.catalog import Catalog
from tests.conftest import require_tool, wait_for, write_project
from tests.stubs import LibreStub

NOTE = "---\ntitle: Note {i}\n---\n\n# Heading {i}\n\nParagraph number {i} about caching.\n\n- Item {i} of the list\n"


def _site(root: Path, count: int, languages: tuple[str, ...] = ("hi",)) -> None:
    root.mkdir(exist_ok=True)
    write_project(root, {f"n{i:03}-en.md": NOTE.format(i=i) for i in range(count)}, languages)


def _cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "l10n.cli", "-C", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def _sent(stub: LibreStub) -> list[str]:
    texts: list[str] = []
    for request in stub.posts:
        q = request["body"].get("q")
        texts.extend(q if isinstance(q, list) else [q])
    return texts


def _remembered(root: Path) -> int:
    """How many translations the project's translation memory has committed (0 before it exists)."""
    path = root / "locales" / MEMORY_FILE
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as db:
        try:
            return int(db.execute("SELECT count(*) FROM memory_rows").fetchone()[0])
        except sqlite3.OperationalError:  # the table is being created
            return 0


def _translations(root: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    found = {}
    for path in sorted((root / "locales/hi").glob("*.po")):
        for entry in polib.pofile(str(path)):
            found[(path.name, entry.msgid)] = (entry.msgstr, entry.fuzzy)
    return found


def test_kill_9_during_translate_loses_nothing_and_resends_nothing(tmp_path: Path) -> None:
    reference, victim = tmp_path / "reference", tmp_path / "victim"
    with LibreStub(latency=0.15) as stub:
        args = ("translate", "--engine", "libre", "--engine-url", stub.url, "--jobs", "1")
        for root in (reference, victim):
            _site(root, 120)
            assert _cli(root, "extract").returncode == 0
        assert _cli(reference, *args).returncode == 0
        total = len(set(_sent(stub)))
        assert len(stub.posts) > 5, "too few requests to interrupt the run in the middle"
        stub.requests.clear()
        stub.hold_after = 3  # three batches answered, the fourth sent and never answered
        process = subprocess.Popen(
            [sys.executable, "-m", "l10n.cli", "-C", str(victim), *args], stderr=subprocess.DEVNULL
        )
        stub.wait_for_posts(4)
        answered = sum(len(request["body"]["q"]) for request in stub.posts[:3])
        wait_for(lambda: _remembered(victim) >= answered)  # the memory commits a batch after its reply
        assert process.poll() is None, "the run finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        stub.hold_after = None
        first = _sent(stub)
        last_batch = stub.posts[-1]["body"]["q"]
        assert 0 < len(set(first)) < total
        for path in (victim / "locales").rglob("*.po"):
            Catalog.load(path)
            result = subprocess.run([require_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)], capture_output=True)
            assert result.returncode == 0, result.stderr
        stub.requests.clear()
        assert _cli(victim, *args).returncode == 0
        again = set(_sent(stub)) & set(first)
        assert again <= set(last_batch), "finished segments were sent to the engine again"
    assert _translations(victim) == _translations(reference)


def test_api_key_appears_nowhere(tmp_path: Path) -> None:
    sentinel = "sk-SENTINEL-4b1d"
    _site(tmp_path, 2)
    _cli(tmp_path, "extract")
    with LibreStub(mode="auth") as stub:
        result = _cli(tmp_path, "translate", "--engine", "libre", "--engine-url", stub.url, env={"LIBRE_API_KEY": sentinel})
    assert result.returncode == 1
    assert sentinel not in result.stdout + result.stderr
    assert "LIBRE_API_KEY" in result.stderr  # says which variable to check
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert sentinel.encode() not in path.read_bytes(), path


def test_dead_server_is_one_clear_line_and_catalogs_stay(tmp_path: Path) -> None:
    _site(tmp_path, 2)
    _cli(tmp_path, "extract")
    before = {p: p.read_bytes() for p in (tmp_path / "locales").rglob("*.po")}
    result = _cli(tmp_path, "translate", "--engine", "libre", "--engine-url", "http://127.0.0.1:9/")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "libre" in errors[0] and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in before} == before


def test_unsupported_language_stops_only_that_language(tmp_path: Path) -> None:
    _site(tmp_path, 2, languages=("ta", "hi"))
    _cli(tmp_path, "extract")
    with LibreStub() as stub:
        result = _cli(tmp_path, "translate", "--engine", "libre", "--engine-url", stub.url)
    assert result.returncode == 1
    assert any(line.startswith("error: ") and "ta" in line for line in result.stderr.splitlines())
    hi = [e for p in (tmp_path / "locales/hi").glob("*.po") for e in polib.pofile(str(p))]
    assert hi and all(e.msgstr and e.fuzzy for e in hi)
    ta = [e for p in (tmp_path / "locales/ta").glob("*.po") for e in polib.pofile(str(p))]
    assert ta and not any(e.msgstr for e in ta)


@pytest.mark.parametrize("mode", ["mangle"])
def test_mangled_replies_are_never_written(tmp_path: Path, mode: str) -> None:
    root = tmp_path
    root.mkdir(exist_ok=True)
    write_project(root, {"m-en.md": "# Title dropme `{x}` here\n\nKeep **bold** boldme text.\n\nchatty words here\n\nFine text.\n"})
    _cli(root, "extract")
    with LibreStub(mode=mode) as stub:
        result = _cli(root, "translate", "--engine", "libre", "--engine-url", stub.url)
    assert result.returncode == 0, result.stderr
    entries = {e.msgid: e for e in polib.pofile(str(root / "locales/hi/m-en.po"))}
    assert entries["Fine text."].msgstr
    for msgid in ("Keep **bold** boldme text.", "chatty words here"):
        assert entries[msgid].msgstr == "", msgid
    assert "2 failed" in result.stderr or "3 failed" in result.stderr
    assert "not translated: chatty words here" in result.stderr
