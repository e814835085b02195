"""Bad input, faults and security: one clear line, a non-zero exit, nothing lost, others carry on."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError
from l10n.po.catalog import Catalog
from l10n.po.scan import read_translations
from l10n.store.lock import project_lock
from tests.conftest import Runner, require_tool, wait_for, write_project

GOOD = "---\ntitle: Good note\nlang: en\n---\n\n# Good\n\nA good paragraph.\n"


@dataclass(frozen=True)
class Case:
    name: str
    setup: Callable[[Path], None]
    error: str | None
    """Expected start of the error line (after 'error: '), or None when the input is fine."""


def note(name: str, data: bytes) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / "source_notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return setup


def catalog(text: bytes, name: str = "good-en.po") -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / "locales/hi" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)

    return setup


def symlink(name: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / "source_notes" / name).symlink_to(target(root))

    return setup


def folder(name: str) -> Callable[[Path], None]:
    return lambda root: (root / name).mkdir(parents=True)


HEADER = b'msgid ""\nmsgstr ""\n"Language: hi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
POEDIT = (
    HEADER.replace(b'"Language: hi\\n"\n', b'"Language: hi\\n"\n"X-Generator: Poedit 3.4\\n"\n"X-Poedit-SourceCharset: UTF-8\\n"\n')
    + b'#. heading\n#: source_notes/good-en.md:6\nmsgid "Good"\nmsgstr "\xe0\xa4\x85\xe0\xa4\x9a\xe0\xa5\x8d\xe0\xa4\x9b\xe0\xa4\xbe"\n\n'
    + b'#. paragraph\n#: source_notes/good-en.md:8\nmsgid "A good "\n"paragraph."\nmsgstr ""\n'
)
CASES = [
    Case("yaml-unclosed-bracket", note("bad-en.md", b"---\ntitle: [oops\n---\nx\n"), "source_notes/bad-en.md:2: invalid YAML"),
    Case("yaml-list", note("bad-en.md", b"---\n- a\n---\nx\n"), "source_notes/bad-en.md:2: front matter must be a mapping"),
    Case("yaml-scalar", note("bad-en.md", b"---\njust text\n---\nx\n"), "source_notes/bad-en.md:2: front matter must be a mapping"),
    Case("yaml-unterminated", note("bad-en.md", b"---\ntitle: x\n\nBody\n"), "source_notes/bad-en.md:1: front matter is not terminated"),
    Case("yaml-tab-indent", note("bad-en.md", b"---\ntitle:\n\t- x\n---\nx\n"), "source_notes/bad-en.md:3: invalid YAML"),
    Case("yaml-duplicate-key", note("bad-en.md", b"---\ntitle: a\ntitle: b\n---\nx\n"), "source_notes/bad-en.md:3: invalid YAML"),
    Case("yaml-python-tag", note("bad-en.md", b"---\nx: !!python/object/apply:os.system ['touch pwned']\n---\nx\n"), "source_notes/bad-en.md:2: invalid YAML"),
    Case("yaml-1.1-on-yes", note("ok-en.md", b"---\non: yes\nno: off\nversion: 1.10\n---\nText.\n"), None),
    Case("yaml-4301-digit-int", note("bad-en.md", b"---\nn: " + b"9" * 4301 + b"\n---\nx\n"), "source_notes/bad-en.md:1: invalid YAML"),
    Case("yaml-4301-digit-int-in-list", note("bad-en.md", b"---\nn: [" + b"9" * 4301 + b"]\n---\nx\n"), "source_notes/bad-en.md:1: invalid YAML"),
    Case("yaml-key-nested-250", note("deep-en.md", b"---\n" + b"".join(b"  " * i + b"k%d:\n" % i for i in range(250)) + b"  " * 250 + b"v: 1\n---\nx\n"), None),
    Case("yaml-flow-nested-1000", note("bad-en.md", b"---\na: " + b"[" * 1000 + b"]" * 1000 + b"\n---\nx\n"), "source_notes/bad-en.md:2: invalid YAML"),
    Case("latin-1", note("bad-en.md", "Caf\u00e9\n".encode("latin-1")), "source_notes/bad-en.md:1: not valid UTF-8"),
    Case("utf-16", note("bad-en.md", "\ufeffHello\n".encode("utf-16-le")), "source_notes/bad-en.md:1: encoded as UTF-16LE, not UTF-8; convert it"),
    Case("mixed-encoding", note("bad-en.md", b"ok\nstill ok \xe2\x9c\x93\nlatin \xe9t\xe9\n"), "source_notes/bad-en.md:3: not valid UTF-8"),
    Case("nul-byte", note("bad-en.md", b"a\nb\x00c\n"), "source_notes/bad-en.md:2: contains NUL bytes"),
    Case("binary-png", note("bad-en.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "source_notes/bad-en.md:3: contains NUL bytes"),
    Case("empty-file", note("empty-en.md", b""), None),
    Case("whitespace-only", note("blank-en.md", b"\n  \n\t\n"), None),
    Case("directory-named-md", folder("source_notes/folder.md"), None),
    Case("symlink-outside", symlink("outside-en.md", lambda root: root / "pyproject.toml"), None),
    Case("symlink-loop", symlink("loop", lambda root: root / "source_notes"), None),
    # a link that leads nowhere is left with a warning, as a link to a folder of the notes is
    Case("broken-symlink", symlink("broken-en.md", lambda root: root / "source_notes/missing.md"), None),
    Case("huge-paragraph", note("huge-en.md", b"word " * 1_000_000 + b"\n"), None),
    Case("ten-thousand-headings", note("heads-en.md", b"".join(b"# Heading %d\n\n" % i for i in range(10_000))), None),
    Case("crlf-bom", note("crlf-en.md", b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n# H\r\n"), None),
    Case("unicode-name", note("नोट एक-en.md", GOOD.encode()), None),
    Case("catalog-unterminated", catalog(HEADER + b'msgid "Good"\nmsgstr "oops\n'), "locales/hi/good-en.po:7: malformed or unterminated string"),
    Case("catalog-duplicates", catalog(HEADER + b'msgid "Good"\nmsgstr "a"\n\nmsgid "Good"\nmsgstr "b"\n'), "locales/hi/good-en.po:9: duplicate entry"),
    Case("catalog-not-utf8", catalog(HEADER + b'msgid "Good"\nmsgstr "\xe9"\n'), "locales/hi/good-en.po:7: not valid UTF-8"),
    Case("catalog-garbage", catalog(b"\x89PNG garbage\n"), "locales/hi/good-en.po:"),
    Case("catalog-is-a-folder", folder("locales/hi/good-en.po"), "locales/hi/good-en.po: is a directory"),
    Case("catalog-empty-file", catalog(b""), None),
    Case("catalog-of-deleted-note", catalog(HEADER + b'msgid "Gone"\nmsgstr "x"\n', "deleted-en.po"), None),
    Case("catalog-wrong-language-header", catalog(HEADER.replace(b"Language: hi", b"Language: fr")), None),
    Case("catalog-saved-by-poedit", catalog(POEDIT), None),
    # a template is derived data: a damaged one is written anew
    Case("template-damaged", lambda root: (root / "locales/templates").mkdir(parents=True) or (root / "locales/templates/good-en.pot").write_bytes(b'msgid "x\n'), None),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input(tmp_path: Path, l10n: Runner, case: Case) -> None:
    root = write_project(tmp_path, {"good-en.md": GOOD, "other/also-good-en.md": GOOD})
    case.setup(root)
    existing = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink() and "locales" in p.parts}
    extract = l10n(root, "extract")
    build = l10n(root, "build")
    for result in (extract, build):
        assert "Traceback" not in result.output
    errors = [line for line in (extract.stderr + build.stderr).splitlines() if line.startswith("error: ")]
    if case.error is None:
        assert extract.exit_code == 0 and build.exit_code == 0, extract.stderr + build.stderr
        assert errors == []
    else:
        assert extract.exit_code == 1 or build.exit_code == 1
        assert errors and all(line.startswith("error: " + case.error) for line in errors), errors
        for path, data in existing.items():  # a damaged file is reported, never replaced
            if case.error.startswith(str(path.relative_to(root))):
                assert path.read_bytes() == data
    # the other notes were processed either way
    assert (root / "translated/hi/other/also-good-hi.md").read_text(encoding="utf-8").startswith("---\ntitle: Good note")
    assert not (root / "pwned").exists()


def test_yaml_11_surprises_stay_text(tmp_path: Path, l10n: Runner) -> None:
    data = b"---\non: yes\nno: off\nversion: 1.10\ntitle: 'Yes'\n---\nText.\n"
    root = write_project(tmp_path, {"ok-en.md": data})
    assert l10n(root, "extract").exit_code == 0
    assert l10n(root, "build").exit_code == 0
    built = (root / "translated/hi/ok-hi.md").read_bytes()
    assert built == data.replace(b"---\nText", b"lang: hi\ntranslated: true\n---\nText")


def test_nothing_is_written_through_a_symlinked_output_folder(tmp_path: Path, l10n: Runner) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "project").mkdir()
    root = write_project(tmp_path / "project", {"blog/a-en.md": GOOD, "b-en.md": GOOD})
    (root / "translated/hi").mkdir(parents=True)
    (root / "translated/hi/blog").symlink_to(outside, target_is_directory=True)
    l10n(root, "extract")
    result = l10n(root, "build")
    assert result.exit_code == 1
    assert "refusing to write outside" in result.stderr
    assert list(outside.iterdir()) == []
    assert (root / "translated/hi/b-hi.md").is_file()


def test_unwritable_output_is_a_clear_error(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a-en.md": GOOD})
    (root / "translated").mkdir()
    (root / "translated/hi").write_text("a file where a folder should be\n")
    l10n(root, "extract")
    catalogs = {p: p.read_bytes() for p in (root / "locales").rglob("*.po*")}
    result = l10n(root, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "a-hi.md: cannot write" in result.stderr
    assert {p: p.read_bytes() for p in catalogs} == catalogs
    assert (root / "source_notes/a-en.md").read_text(encoding="utf-8") == GOOD


def _limit_file_size() -> None:
    # A file-size limit makes every large write fail as a full disk would (EFBIG, not a signal).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_disk_full_keeps_catalogs_intact(tmp_path: Path) -> None:
    long_note = GOOD + "".join(f"\nParagraph number {i} with enough words to grow the catalog.\n" for i in range(200))
    root = write_project(tmp_path, {"a-en.md": GOOD})
    cli = [sys.executable, "-m", "l10n.cli", "-C", str(root)]
    assert subprocess.run([*cli, "extract"], capture_output=True).returncode == 0
    before = {p: p.read_bytes() for p in (root / "locales").rglob("*.po*")}
    (root / "source_notes/a-en.md").write_text(long_note, encoding="utf-8")
    result = subprocess.run([*cli, "extract"], capture_output=True, text=True, preexec_fn=_limit_file_size)
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert not list((root / "locales").rglob("*.tmp"))


def test_a_second_run_waits_then_says_why(tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path, {"a-en.md": GOOD})
    monkeypatch.setenv("L10N_LOCK_WAIT", "0.3")
    with project_lock(root / "locales"):
        result = l10n(root, "extract")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "another l10n run (pid " in result.stderr
    assert l10n(root, "extract").exit_code == 0


HOLD_LOCK = """
import pathlib, time
from l10n.store.lock import project_lock
with project_lock(pathlib.Path({locales!r})):
    print("held", flush=True)
    time.sleep(60)
"""


def test_lock_of_a_killed_run_is_not_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a-en.md": GOOD})
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK.format(locales=str(root / "locales"))],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    monkeypatch.setenv("L10N_LOCK_WAIT", "1")
    assert l10n(root, "extract").exit_code == 0


def _state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see a zombie")
def test_temps_of_a_zombie_worker_are_removed(tmp_path: Path) -> None:
    """A worker killed with its run (``kill -9``) is an orphan zombie until init reaps it, which
    some inits do only every second or two; the next run's cleanup must not take it for a live
    process that may still write its temporary file."""
    root = write_project(tmp_path, {"a-en.md": GOOD})
    locales, translated = root / "locales", root / "translated"
    worker = subprocess.Popen([sys.executable, "-c", ""])  # ended, and not waited for: a zombie
    try:
        wait_for(lambda: _state(worker.pid) == "Z")
        locales.mkdir(exist_ok=True)
        (locales / ".l10n.lock").write_text(f"{worker.pid}\n")  # the run before did not end
        stale = translated / "hi" / f".a-hi.md.{worker.pid}-7.tmp"
        live = translated / "hi" / f".b-hi.md.{os.getpid()}-8.tmp"  # a process that still runs
        stale.parent.mkdir(parents=True)
        stale.write_bytes(b"half a note")
        live.write_bytes(b"being written")
        with project_lock(locales, temp_folders=[translated]):
            assert not stale.exists()
            assert live.exists()
    finally:
        worker.wait()


def test_sync_writes_nothing_after_its_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, l10n: Runner) -> None:
    """Every file sync writes is written while the lock file names the run: a temporary file that
    a kill leaves behind is then removed by the next run, which finds that PID there. (The status
    cache of its coverage line is rows of the bookkeeping database, with no temporary file.)"""
    from l10n import fsutil
    from l10n.status import cache as status_cache

    monkeypatch.setattr(status_cache, "RACY_NS", 0)  # counts of files just written are cached too
    root = write_project(tmp_path, {"a-en.md": GOOD})
    lock = root / "locales" / ".l10n.lock"
    written: list[tuple[str, bytes]] = []
    create_temp = fsutil._create_temp

    def recording(path: Path) -> tuple[str, int]:
        written.append((path.name, lock.read_bytes() if lock.exists() else b""))
        return create_temp(path)

    monkeypatch.setattr(fsutil, "_create_temp", recording)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    assert {"a-en.pot", "a-en.po"} <= {name for name, _ in written}
    assert [name for name, holder in written if holder != f"{os.getpid()}\n".encode()] == []


def _site(root: Path, count: int) -> None:
    root.mkdir()
    notes = {f"n{i:03}-en.md": GOOD + f"\nUnique paragraph {i}.\n\n- item {i}\n" for i in range(count)}
    write_project(root, notes)


@pytest.mark.timeout(600)  # seven runs over 400 notes: minutes on a loaded 2-core machine
@pytest.mark.parametrize("command", ["extract", "build"])
def test_kill_9_leaves_valid_files_and_a_rerun_converges(tmp_path: Path, command: str) -> None:
    cli = [sys.executable, "-m", "l10n.cli"]
    reference, victim = tmp_path / "reference", tmp_path / "victim"
    for root in (reference, victim):
        _site(root, 400)
        if command == "build":
            subprocess.run([*cli, "-C", str(root), "extract"], check=True, capture_output=True)
    subprocess.run([*cli, "-C", str(reference), command, "--jobs", "1"], check=True, capture_output=True)
    interrupted = 0
    for files in (1, 40, 80, 160):  # kill each run once it has written this many of the 400 files
        process = subprocess.Popen([*cli, "-C", str(victim), command, "--jobs", "1"], stderr=subprocess.DEVNULL)
        wait_for(lambda p=process, n=files: p.poll() is not None or _count(written_files(victim, command)) >= n)
        interrupted += process.poll() is None
        process.kill()
        process.wait()
        for path in (victim / "locales").rglob("*.po"):
            Catalog.load(path)  # every catalog on disk is complete and valid
    assert interrupted, "no run was killed while working"
    subprocess.run([*cli, "-C", str(victim), command], check=True, capture_output=True)
    for tree in ("locales", "translated"):
        ref = {p.relative_to(reference): p for p in (reference / tree).rglob("*.*") if not _hidden(p)}
        got = {p.relative_to(victim): p for p in (victim / tree).rglob("*.*") if not _hidden(p)}
        assert sorted(ref) == sorted(got)
        for rel, path in ref.items():
            if rel.suffix in (".po", ".pot"):
                a, b = polib.pofile(str(path)), polib.pofile(str(got[rel]))
                assert [(e.msgid, e.msgstr, e.flags) for e in a] == [(e.msgid, e.msgstr, e.flags) for e in b]
            else:
                assert path.read_bytes() == got[rel].read_bytes()


# -- generated catalogs: a load either works or says where it failed -------------------------------

_PO_LINES = st.sampled_from(
    [
        'msgid ""',
        'msgstr ""',
        '"Language: hi\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        "",
        "#. paragraph",
        "#: source_notes/a-en.md:3",
        "#, fuzzy",
        "#| msgid \"old\"",
        'msgctxt "front-matter:title"',
        'msgid "Hello"',
        'msgid "Hello \\"quoted\\""',
        'msgstr "नमस्ते"',
        'msgstr "unterminated',
        '"continued line"',
        'msgid_plural "Hellos"',
        'msgstr[0] "a"',
        'msgstr[1] "b"',
        '#~ msgid "gone"',
        '#~ msgstr "गया"',
        "garbage line",
        "msgstr",
        '"\\u2028 escaped?"',
        "\u2028",
        '"\\',
    ]
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_PO_LINES, max_size=30), crlf=st.booleans())
def test_generated_catalogs_load_or_fail_cleanly(tmp_path: Path, lines: list[str], crlf: bool) -> None:
    path = tmp_path / "gen.po"
    path.write_bytes(("\r\n" if crlf else "\n").join(lines).encode("utf-8"))
    try:
        catalog = Catalog.load(path)
    except CatalogError as exc:
        assert str(exc).startswith(str(path))
        with pytest.raises(CatalogError):  # the reader build uses rejects it too
            read_translations(path)
        return
    for entry in catalog:  # whatever loaded is usable
        assert isinstance(entry.msgid, str) and isinstance(entry.msgstr, str)
    fast = read_translations(path)  # and the reader build uses agrees with it
    assert fast.published == catalog.translations()
    assert fast.coverage == catalog.coverage()


def written_files(root: Path, command: str) -> Iterator[Path]:
    """The files ``extract`` (catalogs) or ``build`` (translated notes) writes, one per note."""
    return (root / "locales/hi").glob("*.po") if command == "extract" else (root / "translated/hi").glob("*.md")


def _count(paths: Iterator[Path]) -> int:
    return sum(1 for _ in paths)


def _hidden(path: Path) -> bool:
    """l10n's own bookkeeping (state, caches, lock) lives in dot-files and dot-folders."""
    return any(part.startswith(".") for part in path.parts)


@pytest.mark.parametrize(
    "name", ["line\nbreak-en.md", 'quote"\nmsgid "x-en.md', "esc\x1b[31mred-en.md", "bell\x07-en.md", "rlo\u202eevil-en.md"]
)
def test_control_characters_in_a_note_name_never_inject_a_catalog_entry_or_a_raw_escape(
    tmp_path: Path, l10n: Runner, name: str
) -> None:
    root = write_project(tmp_path, {name: GOOD})
    assert l10n(root, "extract").exit_code == 0
    catalogs = list((root / "locales/hi").glob("*.po"))
    assert len(catalogs) == 1
    text = catalogs[0].read_text(encoding="utf-8")
    assert [e.msgid for e in polib.pofile(text)] == ["Good note", "Good", "A good paragraph."]
    result = subprocess.run(
        [require_tool("msgfmt"), "--check", "-o", os.devnull, str(catalogs[0])], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for command in (("status", "--by-note"), ("status", "--by-note", "--format", "markdown")):
        shown = l10n(root, *command).output
        assert "\x1b[31m" not in shown and "\x07" not in shown and "\u202e" not in shown
        assert "\nbreak" not in shown


def _damage_a_page(path: Path) -> None:
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536  # the header's page size (1 means 65,536)
    data[page + 8 : page + 600] = b"\x55" * 592  # the cells of the table's first page (page 2)
    path.write_bytes(bytes(data))


def _wrong_schema(path: Path) -> None:
    import sqlite3

    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE memory (id INTEGER PRIMARY KEY, text TEXT)")
        db.execute("INSERT INTO memory (text) VALUES ('keep me')")


@pytest.mark.parametrize(
    "damage",
    [_damage_a_page, _wrong_schema, lambda path: path.write_bytes(b"not a database at all" * 100)],
    ids=["damaged-page", "wrong-schema", "not-a-database"],
)
def test_a_damaged_memory_database_is_set_aside_not_deleted(
    tmp_path: Path, l10n: Runner, damage: Callable[[Path], None]
) -> None:
    root = write_project(tmp_path, {"good-en.md": GOOD})
    assert l10n(root, "extract").exit_code == 0
    assert l10n(root, "translate", "--engine", "pseudo").exit_code == 0
    memory = root / "locales/.l10n-memory.sqlite3"
    damage(memory)
    damaged = memory.read_bytes()
    (root / "locales/hi/good-en.po").unlink()
    assert l10n(root, "extract").exit_code == 0
    result = subprocess.run(
        [sys.executable, "-m", "l10n.cli", "-C", str(root), "translate", "--engine", "pseudo"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and "set aside as .l10n-memory.sqlite3.damaged-" in warnings[0], result.stderr
    (aside,) = (root / "locales").glob(".l10n-memory.sqlite3.damaged-*[0-9]")
    assert aside.read_bytes() == damaged  # kept as it was, for recovery
    assert "3 translated by pseudo" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("counts", "verdict"),
    [
        ('[["a", "b", "c", "d", "e", "f", "g"], [1, 2, 3, 4, 5, 6, 7], 7]', "[]"),
        ('"oops"', '{"x": [1]}'),
        ("[null, null, null]", "5"),
        ("[[1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7]]", '[[["a"]], "nonsense"]'),
        ("[" * 100_000, "[" * 100_000),
    ],
    ids=["strings-for-counts", "string-row", "null-row", "bad-verdict", "nested-deeply"],
)
def test_a_status_cache_of_wrong_types_is_ignored(tmp_path: Path, l10n: Runner, counts: str, verdict: str) -> None:
    """Rows of the status cache that match the files' fingerprints but hold the wrong shapes or
    types (written by hand or by another program) are counted again, never a traceback."""
    import sqlite3

    from l10n.status.cache import CACHE_VERSION

    root = write_project(tmp_path, {"good-en.md": GOOD})
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    assert l10n(root, "status").exit_code == 0
    catalog = root / "locales/hi/good-en.po"
    output = next((root / "translated").rglob("*.md"))
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    with db:
        info = catalog.stat()
        db.execute(
            "INSERT OR REPLACE INTO status_counts VALUES (?, ?, ?, ?, ?)",
            (str(catalog.resolve()), f"{CACHE_VERSION}:machine", info.st_size, info.st_mtime_ns, counts),
        )
        db.execute(
            "INSERT OR REPLACE INTO status_verdicts VALUES (?, ?, ?)",
            (str(output.resolve()), f"{CACHE_VERSION}:machine", verdict),
        )
    db.close()
    os.utime(output, ns=(1, 1))  # older than its catalog: --verify-stale asks for a verdict
    for args in (("status",), ("status", "--by-note", "--format", "json", "--verify-stale")):
        result = l10n(root, *args)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output


def test_a_glossary_that_is_not_utf8_is_one_line(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"good-en.md": GOOD}, extra='glossary = "glossary.toml"\n')
    (root / "glossary.toml").write_bytes(b'[glossary]\nkeep = ["Caf\xe9"]\n')
    result = l10n(root, "translate", "--engine", "pseudo")
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].endswith("glossary.toml:2: the glossary is not valid UTF-8; save it as UTF-8")


OUTSIDE = [
    ("symlinked-translated", lambda root, out: (root / "translated").symlink_to(out, target_is_directory=True)),
    ("symlinked-translated-lang", lambda root, out: (root / "translated").mkdir() or (root / "translated/hi").symlink_to(out, target_is_directory=True)),
    ("symlinked-locales-lang", lambda root, out: (root / "locales").mkdir() or (root / "locales/hi").symlink_to(out, target_is_directory=True)),
    ("symlinked-locales", lambda root, out: (root / "locales").symlink_to(out, target_is_directory=True)),
]


@pytest.mark.parametrize("make", [m for _, m in OUTSIDE], ids=[n for n, _ in OUTSIDE])
def test_nothing_is_written_outside_the_project_through_a_symlinked_folder(
    tmp_path: Path, l10n: Runner, make: Callable[[Path, Path], None]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "project").mkdir()
    root = write_project(tmp_path / "project", {"a-en.md": GOOD})
    make(root, outside)
    results = [l10n(root, command) for command in ("extract", "build")]
    assert list(outside.rglob("*")) == []
    errors = [line for r in results for line in r.stderr.splitlines() if line.startswith("error: ")]
    assert errors and all("outside the project" in line for line in errors), errors
    assert all("Traceback" not in r.output for r in results)


@pytest.mark.parametrize(
    "setting", ['locales = "../elsewhere"', 'output = "/tmp/l10n-absolute-{lang}"', 'output = "../out/{lang}"']
)
def test_settings_leading_outside_the_project_are_refused_unless_allowed(
    tmp_path: Path, l10n: Runner, setting: str
) -> None:
    (tmp_path / "project").mkdir()
    root = write_project(tmp_path / "project", {"a-en.md": GOOD}, extra=setting + "\n")
    result = l10n(root, "extract")
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "leads outside the project" in errors[0] and "allow_outside_project" in errors[0]
    assert not (tmp_path / "elsewhere").exists() and not (tmp_path / "out").exists()
    allowed = write_project(
        tmp_path / "project", {"a-en.md": GOOD}, extra=setting.replace("/tmp/", f"{tmp_path}/") + "\nallow_outside_project = true\n"
    )
    assert l10n(allowed, "extract").exit_code == 0


def test_a_note_over_the_size_limit_is_one_line_and_the_others_carry_on(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"big-en.md": "word " * 3000, "good-en.md": GOOD}, extra="max_note_bytes = 10000\n")
    for command in ("extract", "build"):
        result = l10n(root, command)
        assert result.exit_code == 1
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        expected = (
            "error: source_notes/big-en.md: the note is 15,000 bytes, more than max_note_bytes (10,000); "
            "split it, or raise max_note_bytes in [tool.l10n]"
        )
        assert errors == [expected]
    assert (root / "translated/hi/good-hi.md").exists()


FRONT_MATTER_SHAPES = [
    ("value-on-next-line", "---\ntitle:\n  Hello world\n---\nBody text.\n"),
    ("anchored-title-used-as-alias", "---\ntitle: &t Hello world\nog_title: *t\n---\nBody text.\n"),
    ("title-inside-multiline-flow-mapping", "---\nmeta: {a: 1,\n  title: Hello there}\ntitle: Top\n---\nBody text.\n"),
    ("title-at-column-0-inside-flow-mapping", "---\nmeta: {a: 1,\n title: Hello there}\n---\nBody text.\n"),
    ("one-flow-mapping", "---\n{title: Hello world, lang: en}\n---\nBody text.\n"),
    ("one-flow-mapping-json", '---\n{"title": "Hello world"}\n---\nBody text.\n'),
    ("folded-block", "---\ntitle: >\n  Hello\n  world\n---\nBody text.\n"),
    ("comment-after-value", "---\ntitle: Hello # note\n---\nBody text.\n"),
]


@pytest.mark.parametrize("text", [t for _, t in FRONT_MATTER_SHAPES], ids=[n for n, _ in FRONT_MATTER_SHAPES])
def test_build_never_writes_front_matter_that_does_not_parse(tmp_path: Path, l10n: Runner, text: str) -> None:
    import yaml

    root = write_project(tmp_path, {"shape-en.md": text})
    assert l10n(root, "extract").exit_code == 0
    assert l10n(root, "translate", "--engine", "pseudo").exit_code == 0
    result = l10n(root, "build")
    assert result.exit_code == 0, result.output
    built = (root / "translated/hi/shape-hi.md").read_text(encoding="utf-8")
    front = built.split("---\n")[1]
    data = yaml.safe_load(front)
    source = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    for key, value in source.items():  # every key kept; a translated one is a string still
        assert key in data and (data[key] == value or (key in ("title", "lang") and isinstance(data[key], str)))


def test_a_translators_save_during_translate_is_merged_not_overwritten(tmp_path: Path) -> None:
    from tests.stubs import LibreStub, fake_translate

    root = write_project(tmp_path, {"note-en.md": "# First heading\n\nSecond paragraph here.\n\nThird one.\n"})
    command = [sys.executable, "-m", "l10n.cli", "-C", str(root)]
    assert subprocess.run([*command, "extract"], capture_output=True).returncode == 0
    path = root / "locales/hi/note-en.po"
    with LibreStub(latency=2.0) as stub:
        process = subprocess.Popen(
            [*command, "translate", "--engine", "libre", "--engine-url", stub.url, "--jobs", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        wait_for(lambda: bool(stub.posts))  # translate has read the catalog
        po = polib.pofile(str(path), wrapwidth=0)
        po.find("Second paragraph here.").msgstr = "अनुवादक का अनुवाद"  # a translator saves in Poedit
        po.save(str(path))
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()
    entries = {e.msgid: e for e in polib.pofile(str(path))}
    assert entries["Second paragraph here."].msgstr == "अनुवादक का अनुवाद"  # kept
    assert not entries["Second paragraph here."].fuzzy
    assert entries["First heading"].msgstr == fake_translate("First heading", "hi")  # and the machine's work too
    assert entries["Third one."].msgstr == fake_translate("Third one.", "hi")


@pytest.mark.parametrize("bad", ["\x1b[31mलाल", "घंटी\x07", "नियंत्रण\x9b", "टूटा \ufffd पाठ"])
def test_a_catalog_translation_with_control_characters_never_reaches_a_built_note(
    tmp_path: Path, l10n: Runner, bad: str
) -> None:
    root = write_project(tmp_path, {"good-en.md": GOOD})
    assert l10n(root, "extract").exit_code == 0
    path = root / "locales/hi/good-en.po"
    text = path.read_text(encoding="utf-8").replace('msgid "A good paragraph."\nmsgstr ""', f'msgid "A good paragraph."\nmsgstr "{bad}"')
    path.write_text(text, encoding="utf-8")
    assert l10n(root, "build").exit_code == 0
    built = (root / "translated/hi/good-hi.md").read_text(encoding="utf-8")
    assert "A good paragraph." in built
    assert not any(c in built for c in "\x1b\x07\x9b\ufffd")
    checked = l10n(root, "check")
    assert checked.exit_code == 1 and "control, replacement or surrogate characters" in checked.output


# -- memory per byte of note (issue 15): what keeps a note's data alive after its step -------------


def test_a_catalog_let_go_is_freed_at_once(tmp_path: Path) -> None:
    """polib's parser is a reference cycle through the catalog it builds: a catalog dropped by
    its reader must not wait for the cycle collector (it held 18 MB per MB of note)."""
    import gc
    import weakref

    from l10n.po.catalog import load_catalog

    path = tmp_path / "a.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: hi\\n"\n\n#. paragraph\nmsgid "One."\nmsgstr "एक।"\n', encoding="utf-8")
    gc.disable()
    try:
        for read in (Catalog.load, load_catalog):
            catalog = read(path)
            assert len(catalog) == 1
            po = weakref.ref(catalog.po)
            del catalog
            assert po() is None, read.__name__
    finally:
        gc.enable()


def test_a_failed_producer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """atomic_write of text parts: a producer that fails midway keeps the old file whole."""
    from l10n.fsutil import atomic_write

    target = tmp_path / "a.po"
    target.write_text("old\n", encoding="utf-8")

    def parts() -> Iterator[str]:
        yield "new " * 50_000  # past the write buffer: some bytes reach the temporary file
        raise CatalogError("no more", target)

    with pytest.raises(CatalogError):
        atomic_write(target, parts(), CatalogError)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]
    atomic_write(target, iter(["new ", "text\n"]), CatalogError)
    assert target.read_text(encoding="utf-8") == "new text\n"
