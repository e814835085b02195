"""The segmentation cache: build reuses extract's parse, and never trusts a stale or broken file."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from l10n import pipeline
from l10n.config import load_config
from l10n.pipeline import load_note, translate_document
from l10n.site.layout import discover_notes
from l10n.store import cachedb, segcache
from l10n.workers import usable_cores
from tests.conftest import Runner

NOTE = "---\ntitle: T\n---\n\n# Head\n\n> quote\n> more  \n> lines\n\n| a | b |\n|---|---|\n| c | d |\n"


def test_cached_document_renders_like_a_parsed_one(corpus_project: Path, l10n: Runner) -> None:
    assert l10n(corpus_project, "extract").exit_code == 0
    config = load_config(corpus_project)
    for note in discover_notes(config):
        cached = segcache.load(config, note, load_note(config, note).source)
        assert cached is not None, note.name
        parsed = load_note(config, note)
        assert cached.segments == parsed.segments
        translations = {s.key: "अनुवाद " + s.text + "\nदूसरी पंक्ति" for s in parsed.segments}
        assert translate_document(cached, translations, "hi") == translate_document(parsed, translations, "hi")


def test_stale_or_broken_cache_is_not_used(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": NOTE})
    l10n(root, "extract")
    config = load_config(root)
    (note,) = discover_notes(config)
    source = note.path.read_text(encoding="utf-8")
    assert segcache.load(config, note, source) is not None
    # same size, new content: the modification time gives it away
    note.path.write_text(NOTE.replace("Head", "Hxad"), encoding="utf-8")
    stat = note.path.stat()
    os.utime(note.path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert segcache.load(config, note, note.path.read_text(encoding="utf-8")) is None
    l10n(root, "build")
    assert "# Hxad" in (root / "translated/hi/a-hi.md").read_text(encoding="utf-8")
    cachedb.close()
    cachedb.cache_path(config.locales).write_bytes(b"not a database" * 100)
    assert segcache.load(config, note, source) is None
    assert l10n(root, "extract", "--force").exit_code == 0  # the damaged file is replaced
    assert segcache.load(config, note, note.path.read_text(encoding="utf-8")) is not None
    assert l10n(root, "build", "--force").exit_code == 0
    assert "# Hxad" in (root / "translated/hi/a-hi.md").read_text(encoding="utf-8")


def test_cache_is_one_file_that_worker_processes_share(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    from l10n import pipeline, workers

    # small notes: let a worker start per 100 bytes of them (not per 1 MB), and see that two do
    monkeypatch.setattr(workers, "BYTES_PER_WORKER", 100)
    monkeypatch.setattr(pipeline, "BYTES_PER_WORKER", 100)
    started: list[int] = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def pool(max_workers: int, **options: Any) -> Any:
        started.append(max_workers)
        return real_pool(max_workers, **options)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)
    root = project({f"n{i}-en.md": NOTE.replace("Head", f"Head {i}") for i in range(200)})
    assert l10n(root, "extract", "--jobs", "2").exit_code == 0
    assert started == ([2] if usable_cores() >= 2 else [])
    cachedb.close()
    config = load_config(root)
    assert not (root / "locales" / ".l10n-cache").exists()
    for note in discover_notes(config):
        cached = segcache.load(config, note, note.path.read_text(encoding="utf-8"))
        assert cached is not None and cached.segments == load_note(config, note).segments, note.name


def test_rows_are_written_when_extract_ends(project: Callable[..., Path], l10n: Runner) -> None:
    import sqlite3

    root = project({f"n{i}-en.md": NOTE.replace("Head", f"Head {i}") for i in range(5)})
    assert l10n(root, "extract", "--jobs", "1").exit_code == 0
    # another process (here: another connection) sees every note's segmentation and run state
    with sqlite3.connect(cachedb.cache_path(root / "locales")) as other:
        assert other.execute("SELECT count(*) FROM segmentation").fetchone() == (5,)
        assert other.execute("SELECT count(DISTINCT key) FROM stamps").fetchone() == (5,)


def test_build_from_the_cache_never_loads_the_parser(corpus_project: Path, l10n: Runner) -> None:
    """markdown-it is a fifth of l10n's start-up: a build that finds every note cached skips it."""
    import subprocess
    import sys

    assert l10n(corpus_project, "extract").exit_code == 0
    script = (
        "import sys\n"
        "from l10n.cli import main\n"
        "try:\n"
        f"    main(['-C', {str(corpus_project)!r}, '-q', 'build', '--jobs', '1'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('markdown_it', 'yaml')))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]", loaded.stdout + loaded.stderr
    assert any((corpus_project / "translated").rglob("*.md"))


def test_row_writes_kinds_and_styles_as_their_values() -> None:
    """The row names each segment's kind and style by its value (``"list item"``), as build's
    reader expects, for every member: marshal writes plain strings only (a str enum member is
    refused), so the encoder must give the values."""
    import marshal

    from l10n.markdown.document import Document, Segment, SegmentKind, Style

    pairs = list(itertools.zip_longest(SegmentKind, Style, fillvalue=None))
    segments = [
        Segment("t", kind or SegmentKind.PARAGRAPH, 1, 0, 1, None, ("> ",), "\n", style or Style.LINES) for kind, style in pairs
    ]
    row = marshal.loads(segcache._encode(Document(source="t", segments=segments)))
    assert [(s[1], s[8]) for s in row[4]] == [(s.kind.value, s.style.value) for s in segments]
    assert all(type(s[1]) is str and type(s[8]) is str for s in row[4])
    doc = Document(source="t", segments=segments, bom=True, references={"a": "b.md"})
    assert segcache._decode(segcache._encode(doc), "t") == doc


def test_rows_of_another_format_or_damaged_are_parsed_again(project: Callable[..., Path], l10n: Runner) -> None:
    """A row written as JSON (before session 11), or whose bytes are damaged, is never misread:
    the note is parsed, and its build is the same as from a fresh parse."""
    import json
    import sqlite3

    root = project({"a-en.md": NOTE})
    assert l10n(root, "extract").exit_code == 0
    config = load_config(root)
    (note,) = discover_notes(config)
    source = note.path.read_text(encoding="utf-8")
    assert segcache.load(config, note, source) is not None
    cachedb.close()
    path = cachedb.cache_path(config.locales)
    with sqlite3.connect(path) as db:
        key = db.execute("SELECT config FROM segmentation").fetchone()[0]
        old_key = key.replace(f"|{segcache._FORMAT}|", "|")  # without the format, as JSON rows had it
    assert old_key != key
    for config_key, data in (
        (key, b"\xff\x00 not marshal"),
        (key, segcache._encode(load_note(config, note, store=False))[:-7]),  # cut short
        (key, json.dumps({"bom": False, "segments": []})),
        (old_key, json.dumps({"bom": False, "front_matter": None, "references": {}, "segments": []})),
    ):
        with sqlite3.connect(path) as db:
            db.execute("UPDATE segmentation SET config = ?, data = ?", (config_key, data))
        cachedb.close()
        assert segcache.load(config, note, source) is None, data
        cachedb.close()
    assert l10n(root, "build", "--force").exit_code == 0
    assert "# Head" in (root / "translated/hi/a-hi.md").read_text(encoding="utf-8")


def test_a_note_whose_front_matter_names_a_target_language_is_not_built_from_the_cache(
    project: Callable[..., Path], l10n: Runner
) -> None:
    """The stored segmentation keeps the front matter's ``lang``: a note written in Hindi (by
    its front matter, not its name) is not built into Hindi, whether build reads the
    segmentation extract stored or parses the note (before session 11 the cached front matter
    had no data, so build took the note for English and wrote a copy of it as its translation)."""
    hindi = "---\ntitle: नमस्ते\nlang: hi\n---\n\n# नमस्ते\n\nयह पाठ है।\n"
    for extract_first in (True, False):
        root = project({"a-en.md": NOTE, "b-en.md": hindi})
        if extract_first:
            assert l10n(root, "extract").exit_code == 0
            config = load_config(root)
            note = next(n for n in discover_notes(config) if n.name == "b-en.md")
            cached = segcache.load(config, note, hindi)
            assert cached is not None and cached.front_matter is not None
            assert cached.front_matter.data == {"lang": "hi"}
        assert l10n(root, "build").exit_code == 0
        assert (root / "translated/hi/a-hi.md").exists()
        assert not (root / "translated/hi/b-hi.md").exists(), extract_first
        cachedb.close()


def test_build_reads_a_cached_note_with_one_stat(project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """``load_note`` hands the stamp it took before reading the note to the cache (session 12),
    which then does not stat the note again; the cache is still used, and still refused when
    that stamp is not the stored one."""
    root = project({"a-en.md": NOTE})
    assert l10n(root, "extract").exit_code == 0
    config = load_config(root)
    (note,) = discover_notes(config)
    parsed = load_note(config, note)
    stats: list[str] = []
    real_stat, real_parse = os.stat, pipeline.parse_note

    def counting_stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.fspath(path) == os.fspath(note.path):
            stats.append(os.fspath(path))
        return real_stat(path, *args, **kwargs)

    def refused_parse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("parsed again: the cache was not used")

    monkeypatch.setattr(os, "stat", counting_stat)
    monkeypatch.setattr(pipeline, "parse_note", refused_parse)
    assert load_note(config, note, use_cache=True).segments == parsed.segments
    assert len(stats) == 1  # the stamp load_note took, not a second stat
    assert segcache.load(config, note, parsed.source, [-1, -1]) is None  # another stamp: refused
    monkeypatch.setattr(pipeline, "parse_note", real_parse)
