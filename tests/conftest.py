"""Shared fixtures: temporary projects and a CLI runner that lets exceptions through."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from l10n.cli import cli

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"


def write_project(root: Path, notes: dict[str, bytes | str], languages: tuple[str, ...] = ("hi",), extra: str = "") -> Path:
    """A project folder with a pyproject.toml and the given notes under source_notes/."""
    langs = ", ".join(f'"{lang}"' for lang in languages)
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "demo"\nversion = "0"\n\n[tool.l10n]\nlanguages = [{langs}]\n{extra}',
        encoding="utf-8",
    )
    for name, content in notes.items():
        path = root / "source_notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
    (root / "source_notes").mkdir(exist_ok=True)
    return root


@pytest.fixture(autouse=True, scope="session")
def pattern_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """``l10n`` processes the tests start keep their compiled regular expressions and dataclass
    methods (:mod:`l10n.cli.compiled`) in a folder of the session's, not in the user's cache."""
    before = os.environ.get("L10N_CACHE_DIR")
    os.environ["L10N_CACHE_DIR"] = str(tmp_path_factory.mktemp("l10n-cache"))
    yield
    if before is None:
        del os.environ["L10N_CACHE_DIR"]
    else:
        os.environ["L10N_CACHE_DIR"] = before


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    def make(notes: dict[str, bytes | str], languages: tuple[str, ...] = ("hi",), extra: str = "") -> Path:
        return write_project(tmp_path, notes, languages, extra)

    return make


@pytest.fixture
def corpus_project(tmp_path: Path) -> Path:
    """A project whose source_notes/ holds the bundled corpus sample."""
    write_project(tmp_path, {})
    for folder in ("rust-book", "opensource-guide", "notes"):
        for note in (CORPUS / folder).glob("*.md"):
            target = tmp_path / "source_notes" / folder / note.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(note, target)
    return tmp_path


def as_user(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``l10n -C root ARGS`` in a process whose file permissions are checked
    (:func:`permissions_checked`)."""
    command = permissions_checked([sys.executable, "-m", "l10n.cli", "-C", str(root), *args])
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def permissions_checked(command: list[str]) -> list[str]:
    """``command`` run so that the kernel checks its file permissions: as root, without the two
    capabilities that let root read and write any file whatever its mode (``setpriv
    --bounding-set -dac_override,-dac_read_search``); the test is skipped where that cannot be."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: every file is readable")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *command]


class Runner:
    """Invoke the CLI in a project folder; exceptions that are not L10nError propagate."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, root: Path, *args: str) -> Result:
        return self.runner.invoke(cli, ["-C", str(root), *args], catch_exceptions=False)

    def sync(self, root: Path, *args: str) -> str:
        """``l10n sync --engine pseudo ARGS`` in ``root``, asserted to exit 0; its output."""
        done = self(root, "sync", "--engine", "pseudo", *args)
        assert done.exit_code == 0, done.output
        return done.output


@pytest.fixture
def l10n() -> Runner:
    return Runner()


@pytest.fixture
def counts_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The status cache keeps (and moves to a new stat, :func:`l10n.store.state.counts_follow`)
    the counts of files changed however recently, in this process. Its racy window is on the
    change time, which a test cannot put in the past as it can the mtime (``os.utime`` sets it
    to now); the window itself is tested by waiting it out (tests/test_status.py)."""
    from l10n.status import cache
    from l10n.store import state

    monkeypatch.setattr(cache, "RACY_NS", 0)
    monkeypatch.setattr(state, "COUNTS_RACY_NS", 0)


def wait_for(condition: Callable[[], bool], timeout: float = 60.0, poll: float = 0.01) -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds (generous: CI machines are
    shared). Tests wait for the event they need this way, never for a fixed time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {getattr(condition, '__name__', 'a condition')}")
        time.sleep(poll)


def require_tool(name: str) -> str:
    """The path of an external tool; skip when absent, but fail under CI, which installs it."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("L10N_REQUIRE_TOOLS"):
            pytest.fail(f"{name} is required (L10N_REQUIRE_TOOLS is set) but not installed")
        pytest.skip(f"{name} is not installed")
    return path


# CI explores the same examples on every run (found problems become reproducible, never flaky);
# local runs keep exploring new ones.
# Hypothesis' timing checks (input generation too slow, a deadline per example) fail on a loaded
# shared machine without any bug: timing is never what these tests check.
_patient = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("patient", **_patient)
settings.register_profile("ci", derandomize=True, database=None, **_patient)
settings.load_profile("ci" if os.environ.get("CI") else "patient")


# -- PostgreSQL translation memory (l10n.mt.memory_pg) ------------------------------------------------

POSTGRES_VARIABLE = "L10N_TEST_POSTGRES_URL"
"""A server the PostgreSQL tests may use (each test gets a schema of its own); .ci/run starts one."""


def postgres_server() -> str:
    """The test server's URL; skip when there is none, but fail under CI (L10N_REQUIRE_TOOLS)."""

    def missing(reason: str) -> None:
        if os.environ.get("L10N_REQUIRE_TOOLS"):
            pytest.fail(f"{reason} (L10N_REQUIRE_TOOLS is set)")
        pytest.skip(reason)

    url = os.environ.get(POSTGRES_VARIABLE, "")
    if not url:
        missing(f"no PostgreSQL server for the tests: set {POSTGRES_VARIABLE} (.ci/run starts one)")
    try:
        import psycopg
    except ImportError:
        missing("psycopg is not installed: pip install -e '.[postgres]'")
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        missing(f"the PostgreSQL server in {POSTGRES_VARIABLE} is not reachable: {str(exc).strip()}")
    return url


def with_schema(url: str, schema: str) -> str:
    """``url`` with its search_path set to ``schema`` (a libpq ``options`` parameter)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose tables live in a fresh schema, dropped after the test."""
    import psycopg

    url = postgres_server()
    schema = f"l10n_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield with_schema(url, schema)
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
