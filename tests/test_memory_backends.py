"""The Memory protocol on both backends (SQLite, PostgreSQL), and what only PostgreSQL does:
versioned schema, claims between runners, claims freed by a killed runner, connection errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.errors import ConfigError, L10nError
from l10n.mt.memory import MEMORY_URL_VARIABLE, Memory, Record, memory_from_url, memory_url, open_memory
from tests.conftest import postgres_server, with_schema

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(params=["sqlite", "postgresql"])
def memory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Memory]:
    url = str(tmp_path / "memory.sqlite3") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with memory_from_url(url) as opened:
        yield opened


def test_lookup_store_and_human_wins(memory: Memory) -> None:
    texts = [f"Segment {i}" for i in range(6000)]  # more than one chunk on both backends
    memory.store_many("en", "hi", [(t, f"hi:{t}") for t in texts], origin="machine:libre")
    long_text = "A long paragraph. " * 400  # longer than a B-tree entry may be (about 2,700 bytes)
    memory.store_many("en", "hi", [(long_text, "लंबा")], origin="machine:libre")
    found = memory.lookup("en", "hi", [*texts, "unknown", long_text])
    assert len(found) == 6001 and found[long_text].translation == "लंबा"
    assert found["Segment 7"].origin == "machine:libre" and not found["Segment 7"].human
    memory.store_many("en", "hi", [("Segment 1", "human 1")], origin="human")
    memory.store_many("en", "hi", [("Segment 1", "machine again")], origin="machine:deepl")
    assert memory.lookup("en", "hi", ["Segment 1"])["Segment 1"].translation == "human 1"
    memory.store_many("en", "hi", [("Segment 1", "human 2"), ("Segment 1", "human 3")], origin="human")
    assert memory.lookup("en", "hi", ["Segment 1"])["Segment 1"].translation == "human 3"
    assert memory.lookup("en", "de", texts) == {}
    assert len(memory) == 6001
    with pytest.raises(ValueError, match="origin must be"):
        memory.store_many("en", "hi", [("a", "b")], origin="libre")


def test_records_and_import_rule(memory: Memory) -> None:
    memory.store_many("en", "hi", [("b", "machine b"), ("a", "machine a")], origin="machine:libre")
    memory.store_many("en", "hi", [("c", "human c")], origin="human")
    rows = list(memory.records())
    assert [(r.source_text, r.translation, r.origin) for r in rows] == [
        ("a", "machine a", "machine:libre"),
        ("b", "machine b", "machine:libre"),
        ("c", "human c", "human"),
    ]
    old, new = "2000-01-01T00:00:00+00:00", "2999-01-01T00:00:00+00:00"
    read = memory.add_records(
        [
            Record("en", "hi", "a", "older machine", "machine:x", old),  # older: ignored
            Record("en", "hi", "b", "newer machine", "machine:x", new),  # newer, same kind: wins
            Record("en", "hi", "c", "newer machine", "machine:x", new),  # machine never beats human
            Record("en", "hi", "a", "human a", "human", old),  # human beats machine, however old
            Record("en", "de", "a", "Mensch a", "human", old),
        ]
    )
    assert read == 5
    found = memory.lookup("en", "hi", ["a", "b", "c"])
    assert {k: v.translation for k, v in found.items()} == {"a": "human a", "b": "newer machine", "c": "human c"}
    assert found["b"].updated == new
    assert len(memory) == 4


def test_any_text_round_trips(memory: Memory) -> None:
    pairs = iter(range(10**6))  # a language pair per example: examples share the memory

    @settings(max_examples=40, deadline=None)
    @given(texts=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=20, unique=True))
    def check(texts: list[str]) -> None:
        target = f"x-{next(pairs)}"
        memory.store_many("en", target, [(t, t[::-1]) for t in texts], origin="machine:x")
        # PostgreSQL text cannot hold NUL: such pairs are not remembered there (never an error).
        storable = [t for t in texts if "\0" not in t or not isinstance(memory, PostgresMemory)]
        found = memory.lookup("en", target, texts)
        assert {k: v.translation for k, v in found.items()} == {t: t[::-1] for t in storable}

    from l10n.mt.memory_pg import PostgresMemory

    check()


def test_claims_are_trivial_in_sqlite(tmp_path: Path) -> None:
    with memory_from_url(str(tmp_path / "m.sqlite3")) as memory:
        assert memory.claim("en", "hi", ["a", "b"]) == {"a", "b"}
        memory.store_many("en", "hi", [("a", "A")], origin="machine:x")
        found, mine = memory.wait_for("en", "hi", ["a", "b"])
        assert list(found) == ["a"] and mine == ["b"]


def test_config_chooses_the_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MEMORY_URL_VARIABLE, raising=False)
    (tmp_path / "l10n.toml").write_text('languages = ["hi"]\n', encoding="utf-8")
    assert memory_url(load_config(tmp_path)) == str(tmp_path / "locales" / ".l10n-memory.sqlite3")
    (tmp_path / "l10n.toml").write_text('languages = ["hi"]\nmemory = "tm/shared.sqlite3"\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert memory_url(config) == str(tmp_path / "tm" / "shared.sqlite3")
    with open_memory(config) as memory:
        memory.store_many("en", "hi", [("x", "y")], origin="human")
    assert (tmp_path / "tm" / "shared.sqlite3").is_file()
    monkeypatch.setenv(MEMORY_URL_VARIABLE, "postgresql://ci@db.example/l10n")
    assert memory_url(config) == "postgresql://ci@db.example/l10n"  # the environment wins


def test_a_password_in_the_config_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('memory = "postgresql://ci:s3cret@db/l10n"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"holds a password.*L10N_MEMORY_URL") as caught:
        load_config(tmp_path)
    assert "s3cret" not in str(caught.value)


def test_unreachable_server_is_one_line_without_the_password() -> None:
    pytest.importorskip("psycopg")
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(L10nError, match="cannot connect to the translation memory") as caught:
        memory_from_url(f"postgresql://ci:s3cret@127.0.0.1:{port}/l10n?connect_timeout=2")
    assert "s3cret" not in str(caught.value) and "\n" not in str(caught.value)


# -- PostgreSQL only ------------------------------------------------------------------------------


def test_schema_is_versioned_and_a_newer_one_refused(postgres_url: str) -> None:
    import psycopg

    from l10n.mt.memory_pg import MIGRATIONS, PostgresMemory

    with PostgresMemory(postgres_url) as memory:
        assert memory.schema_version == len(MIGRATIONS)
    with PostgresMemory(postgres_url) as memory:  # a second open migrates nothing
        memory.store_many("en", "hi", [("a", "b")], origin="human")
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        assert admin.execute("SELECT version FROM l10n_schema").fetchall() == [(len(MIGRATIONS),)]
        admin.execute("UPDATE l10n_schema SET version = version + 1")
    with pytest.raises(L10nError, match="newer than this l10n knows"):
        PostgresMemory(postgres_url)


def test_runners_starting_together_migrate_once(postgres_url: str) -> None:
    from l10n.mt.memory_pg import PostgresMemory

    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            PostgresMemory(postgres_url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_a_claimed_text_is_left_to_its_claimant(postgres_url: str) -> None:
    from l10n.mt.memory_pg import PostgresMemory

    with PostgresMemory(postgres_url) as a, PostgresMemory(postgres_url) as b:
        assert a.claim("en", "hi", ["shared", "only a"]) == {"shared", "only a"}
        assert b.claim("en", "hi", ["shared", "only b"]) == {"only b"}
        assert a.claim("en", "de", ["shared"]) == {"shared"}  # claims are per language pair
        results: list[tuple[dict[str, object], list[str]]] = []
        waiter = threading.Thread(target=lambda: results.append(b.wait_for("en", "hi", ["shared"])))
        waiter.start()
        a.store_many("en", "hi", [("shared", "साझा")], origin="machine:libre")  # ends a's claim
        waiter.join(30)
        ((found, mine),) = results
        assert list(found) == ["shared"] and mine == []
        # Stored by a after b's lookup: b's claim finds it in the memory and leaves it.
        assert b.claim("en", "hi", ["shared"]) == set()


def test_a_killed_runner_frees_its_claims_and_keeps_what_it_stored(postgres_url: str) -> None:
    from l10n.mt.memory_pg import PostgresMemory

    script = textwrap.dedent(
        f"""
        import sys
        from l10n.mt.memory_pg import PostgresMemory
        memory = PostgresMemory({postgres_url!r})
        memory.store_many("en", "hi", [("stored", "रखा")], origin="machine:libre")
        assert memory.claim("en", "hi", ["held"]) == {{"held"}}
        print("claimed", flush=True)
        sys.stdin.read()  # until killed
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "claimed"
        with PostgresMemory(postgres_url) as other:
            assert other.claim("en", "hi", ["held"]) == set()
            child.kill()
            child.wait(30)
            found, mine = other.wait_for("en", "hi", ["held", "stored"])  # returns once the server drops the session
            assert mine == ["held"] and found["stored"].translation == "रखा"
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()


def test_two_memories_in_one_database_do_not_share_claims(postgres_url: str) -> None:
    import psycopg

    from l10n.mt.memory_pg import PostgresMemory

    other_url = with_schema(postgres_server(), "l10n_test_other_" + postgres_url[-12:].replace("=", ""))
    schema = other_url.rsplit("%3D", 1)[1]
    with psycopg.connect(postgres_server(), autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            with PostgresMemory(postgres_url) as a, PostgresMemory(other_url) as b:
                assert a.claim("en", "hi", ["x"]) == {"x"}
                assert b.claim("en", "hi", ["x"]) == {"x"}
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
