"""``sync`` works on what changed (issue 19), and what it writes is what a full run writes.

A run finds the changed files once (:mod:`l10n.store.changes`) and the stages see only the notes
behind them, plus the notes whose links read a changed note; the coverage line sums the other
notes' counts in SQLite. Each test below changes a site the way a push does and holds the
result to the oracle of a full run: every output equal to what ``build --force`` writes in a
copy of the project, and the coverage line equal to one counted from every catalog.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import pipeline
from l10n.cli.app import coverage_line
from l10n.config import load_config
from l10n.site.layout import catalog_file, select_notes
from l10n.status import sums
from l10n.status.collect import collect_coverage
from l10n.store import cachedb
from l10n.store.changes import translate_keys
from l10n.store.state import translate_key
from tests.conftest import Runner, write_project

GFM = 'markdown = "gfm"\n'
"""A dialect without ``{#id}`` heading attributes, and not a guess: links to a translated
heading follow its new id, so a note's build reads the notes it links to."""


def _notes() -> dict[str, str]:
    return {
        "a-en.md": "# Setup\n\nInstall it first.\n\n## Usage\n\nRun it.\n",
        "b-en.md": "# Guide\n\nSee [the setup](a-en.md#setup) and [usage](a-en.md#usage).\n",
        "c-en.md": "# Other\n\nNothing links here.\n",
    }


def _outputs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "translated").rglob("*.md"))}


def _full_build(root: Path, scratch: Path) -> dict[str, bytes]:
    """The outputs ``build --force`` writes in a copy of the project (every note rebuilt)."""
    copy = scratch / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".l10n-cache.sqlite3*"))
    assert Runner()(copy, "build", "--force").exit_code == 0
    return _outputs(copy)


def _full_coverage(root: Path) -> str:
    """The coverage line counted from every note's catalog (no run state involved)."""
    config = load_config(root)
    notes = select_notes(config, ())
    (total,) = collect_coverage(config, list(notes), ["hi"]).values()
    return coverage_line("hi", total, len(notes))


def _sync(root: Path, l10n: Runner, scratch: Path, rendered: list[str] | None = None) -> Any:
    """Sync, hold outputs and coverage to a full run's; ``rendered`` keeps only the notes this
    sync built (the full run's copy is built in this process too)."""
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    ours = list(rendered or ())
    assert _outputs(root) == _full_build(root, scratch)
    assert done.stdout.strip().splitlines()[-1] == _full_coverage(root)
    if rendered is not None:
        rendered[:] = ours
    return done


@pytest.fixture
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the project (which is ``tmp_path`` itself) for its copies."""
    return tmp_path_factory.mktemp("scratch")


def _count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The list of notes each later build renders (in this process), filled as they are."""
    rendered: list[str] = []
    real = pipeline._render_for_site

    def counting(config: Any, note: Any, *args: Any) -> Any:
        rendered.append(note.name)
        return real(config, note, *args)

    monkeypatch.setattr(pipeline, "_render_for_site", counting)
    return rendered


@pytest.fixture
def built(project: Callable[..., Path], l10n: Runner, scratch: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A synced three-note site, and the list of notes each later build renders."""
    root = project(_notes(), extra=GFM)
    _sync(root, l10n, scratch)
    return root, _count_renders(monkeypatch)


def test_a_no_op_sync_builds_nothing(built: tuple[Path, list[str]], l10n: Runner, scratch: Path) -> None:
    root, rendered = built
    _sync(root, l10n, scratch, rendered)
    assert rendered == []


def test_editing_a_heading_rebuilds_the_notes_linking_to_it(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path
) -> None:
    root, rendered = built
    before = (root / "translated/hi/b-hi.md").read_bytes()
    note = root / "source_notes/a-en.md"
    note.write_text(note.read_text(encoding="utf-8").replace("## Usage", "## Using it"), encoding="utf-8")
    plan = l10n(root, "sync", "--dry-run", "--engine", "pseudo")
    assert "build: would redo 2 of 3 notes: a-en.md, b-en.md" in plan.stdout, plan.output
    _sync(root, l10n, scratch, rendered)
    assert sorted(set(rendered)) == ["a-en.md", "b-en.md"]  # c links nowhere: untouched
    assert (root / "translated/hi/b-hi.md").read_bytes() != before  # '#usage' no longer renamed


def test_a_translators_edit_of_a_catalog_is_picked_up(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path
) -> None:
    root, rendered = built
    catalog = root / "locales/hi/a-en.po"
    text = catalog.read_text(encoding="utf-8")
    # approve the heading with a translator's own words (no fuzzy flag any more)
    entry = re.search(r'#, fuzzy\n(msgctxt "[^"]*"\n)?msgid "Setup"\nmsgstr "[^"]*"\n', text)
    assert entry is not None, text
    approved = entry.group(0).replace("#, fuzzy\n", "")
    approved = re.sub(r'msgstr "[^"]*"', 'msgstr "स्थापना"', approved)
    catalog.write_text(text.replace(entry.group(0), approved), encoding="utf-8")
    done = _sync(root, l10n, scratch, rendered)
    assert "स्थापना" in (root / "translated/hi/a-hi.md").read_text(encoding="utf-8")
    assert "(1 approved," in done.stdout
    assert sorted(set(rendered)) == ["a-en.md", "b-en.md"]  # b's link follows the new heading id


@pytest.mark.parametrize("what", ["output", "catalog", "template", "note"])
def test_a_deleted_file_is_noticed(built: tuple[Path, list[str]], l10n: Runner, scratch: Path, what: str) -> None:
    root, rendered = built
    path = {
        "output": root / "translated/hi/c-hi.md",
        "catalog": root / "locales/hi/c-en.po",
        "template": root / "locales/templates/c-en.pot",
        "note": root / "source_notes/c-en.md",
    }[what]
    path.unlink()
    done = _sync(root, l10n, scratch, rendered)  # outputs and coverage as a full run's
    if what == "note":
        assert "in 2 notes" in done.stdout
        assert rendered == []
    else:
        assert path.exists()  # written again
        assert "in 3 notes" in done.stdout


def test_an_added_note_is_built_and_counted(built: tuple[Path, list[str]], l10n: Runner, scratch: Path) -> None:
    root, rendered = built
    (root / "source_notes/d-en.md").write_text("# New\n\nSee [setup](a-en.md#setup).\n", encoding="utf-8")
    done = _sync(root, l10n, scratch, rendered)
    assert "in 4 notes" in done.stdout
    assert "d-en.md" in rendered


_PART = st.text(alphabet=st.sampled_from("ab.-_ é"), min_size=1, max_size=6).filter(lambda p: p not in (".", ".."))


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(_PART, min_size=1, max_size=3), suffix=st.sampled_from([".md", ".MD", ".markdown", "", ".md.md"]))
def test_translate_keys_spell_the_keys_as_the_translate_stage_does(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str], suffix: str
) -> None:
    """The fast spelling of a catalog's translate key (no ``splitext``) is the stage's own,
    dot-files (``.md``, ``..md``) and names without the suffix included."""
    config = load_config(write_project(tmp_path_factory.mktemp("keys"), {}))
    name = "/".join(parts) + suffix
    keys = translate_keys(config)
    assert keys(name, "hi") == translate_key("hi", catalog_file(config, name, "hi"))


def _sync_with_a_damaged_row(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path, update: str, *values: str
) -> None:
    """Sync once so note a's catalog is counted and cached (``counts_kept``), damage its status row with
    ``update`` (SQL whose last parameter is the catalog's path, ``values`` before it), and sync
    again: the coverage line must be the one counted from every catalog (``_sync`` checks it)."""
    root, _ = built
    catalog = str(load_config(root).locales / "hi" / "a-en.po")
    _sync(root, l10n, scratch)  # cached now (its segment row)
    # status counts it whole (words, title) and caches its count row too: sync takes a catalog's
    # segments from the build's record of it, and writes the segment row alone
    assert l10n(root, "status").exit_code == 0
    db = sqlite3.connect(root / "locales" / ".l10n-cache.sqlite3")
    with db:
        assert db.execute(update, (*values, catalog)).rowcount == 1
    db.close()
    _sync(root, l10n, scratch)


@pytest.mark.parametrize("data", ['[["1", 2, 3, 4, 5, 6, 7], [], null]', "not json", "[]", "[[1, 2]]"])
def test_a_damaged_count_row_is_counted_again(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path, counts_kept: None, data: str
) -> None:
    """The coverage line of a no-op sync sums the status cache's rows; one that is not what
    the cache writes (issue 15) is not summed but counted from its catalog again."""
    _sync_with_a_damaged_row(built, l10n, scratch, "UPDATE status_counts SET data = ? WHERE path = ?", data)


@pytest.mark.parametrize("value", ["'seven'", "NULL", "1.5", "x'07'"])
def test_a_damaged_segment_row_is_counted_again(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path, counts_kept: None, value: str
) -> None:
    """The coverage line sums the integer segment rows in SQLite: one whose counts are not all
    integers is not summed (SQLite would read it as some number) but counted from its catalog."""
    _sync_with_a_damaged_row(built, l10n, scratch, f"UPDATE status_segments SET total = {value} WHERE path = ?")


def test_a_new_note_claiming_an_existing_output_is_weighed_as_in_a_full_run(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path
) -> None:
    """A new note sorted before an untouched one whose output path it shares (its language
    suffix read without regard to case: both are ``b-hi.md`` on every file system): the
    untouched note, though not changed, is told of the conflict as a full run tells it."""
    root, _ = built
    (root / "source_notes/b-EN.md").write_text("# Bee\n\nOther text.\n", encoding="utf-8")
    copy = scratch / "forced"
    # the bookkeeping copied too: it says b-hi.md is l10n's page (without it, a page unlike
    # what the build writes is a person's, never overwritten); --force redoes every note
    shutil.copytree(root, copy)
    ours = l10n(root, "sync", "--engine", "pseudo")
    full = l10n(copy, "sync", "--engine", "pseudo", "--force")

    def errors(result: Any, base: Path) -> list[str]:
        return sorted(line.replace(str(base), "") for line in result.stderr.splitlines() if line.startswith("error:"))

    assert ours.exit_code == full.exit_code == 1
    assert errors(ours, root) == errors(full, copy)
    assert "b-EN.md and b-en.md both map to" in ours.stderr
    assert _outputs(root) == _outputs(copy)


@pytest.mark.parametrize("command", ["sync", "build"])
def test_a_file_a_link_names_rebuilds_the_note_when_it_appears_or_goes(
    project: Callable[..., Path], l10n: Runner, scratch: Path, command: str
) -> None:
    """A link to a note or a file that does not exist yet is left as written; once the file
    appears, the linking note is built again, as a full run builds it (found by the review)."""
    root = project(
        {"a-en.md": "# A\n\nSee [C](d-en.md#part-two), ![Logo](img/logo.png) and [data](files/data.csv).\n"}, extra=GFM
    )
    _sync(root, l10n, scratch)
    (root / "source_notes/d-en.md").write_text("# D\n\n## Part two\n\nText.\n", encoding="utf-8")
    for name in ("img/logo.png", "files/data.csv"):
        (root / "source_notes" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "source_notes" / name).write_bytes(b"x")
    if command == "sync":
        _sync(root, l10n, scratch)
    else:
        for stage in (["extract"], ["translate", "--engine", "pseudo"], ["build"]):
            assert l10n(root, *stage).exit_code == 0
        assert _outputs(root) == _full_build(root, scratch)
    built = next(p for p in (root / "translated").rglob("a-*.md")).read_text(encoding="utf-8")
    assert "d-hi.md#" in built and "source_notes/img/logo.png" in built and "source_notes/files/data.csv" in built
    # and goes again: the links are left as written once more (found by the session-8 review)
    for name in ("img/logo.png", "files/data.csv"):
        (root / "source_notes" / name).unlink()
    if command == "sync":
        _sync(root, l10n, scratch)
    else:
        assert l10n(root, "build").exit_code == 0
        assert _outputs(root) == _full_build(root, scratch)
    built = next(p for p in (root / "translated").rglob("a-*.md")).read_text(encoding="utf-8")
    assert "(img/logo.png)" in built and "(files/data.csv)" in built


def test_a_catalog_extracted_and_built_but_not_translated_is_translated(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path
) -> None:
    """A note edited, then ``extract`` and ``build`` run alone: their records are fresh, only
    translate's record of the catalog is stale, and ``sync`` must still translate it."""
    root, _ = built
    note = root / "source_notes/c-en.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    for stage in ("extract", "build"):
        assert l10n(root, stage).exit_code == 0
    assert "0 untranslated" not in _full_coverage(root)
    done = _sync(root, l10n, scratch)
    assert "0 untranslated" in done.stdout.strip().splitlines()[-1]


def test_a_hand_edited_output_is_left_to_build(built: tuple[Path, list[str]], l10n: Runner, scratch: Path) -> None:
    """``sync`` stats the notes, catalogs and outputs (templates, which only l10n writes, are
    noticed by their folder's names): an output edited in place is built again, and the build
    finds it edited since l10n wrote it and keeps it, saying so
    (l10n.site.keep.edited_since_written), as ``build`` does; ``build --force`` writes it again."""
    root, rendered = built
    output = root / "translated/hi/c-hi.md"
    written = output.read_bytes()
    output.write_bytes(written + b"\nA line added by hand.\n")
    planned = l10n(root, "sync", "--dry-run", "--engine", "pseudo")
    assert "build: would redo 1 of 3 notes" in planned.output and planned.exit_code == 1, planned.output  # as sync does
    rendered.clear()  # the dry run read the edited page to say whether a build would keep it
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 1 and "translated/hi/c-hi.md: not overwritten: edited since l10n wrote it" in done.output
    assert rendered == ["c-en.md"] and output.read_bytes() == written + b"\nA line added by hand.\n"
    rendered.clear()
    kept = l10n(root, "build")
    assert kept.exit_code == 1 and "translated/hi/c-hi.md: not overwritten: edited since l10n wrote it" in kept.output
    assert rendered == ["c-en.md"] and output.read_bytes() == written + b"\nA line added by hand.\n"
    assert l10n(root, "build", "--force", "c-en.md").exit_code == 0
    assert output.read_bytes() == written


def test_written_folders_hold_only_what_l10n_writes(tmp_path: Path) -> None:
    """The templates folder, and an output folder only when it is apart from the notes."""
    from l10n.site.layout import written_folders

    for layout, outputs in (("", ["translated/hi", "translated/fr"]), ('layout = "jekyll"\n', [])):
        (tmp_path / "l10n.toml").write_text(f'languages = ["hi", "fr"]\n{layout}', encoding="utf-8")
        config = load_config(tmp_path)
        expected = [f"{config.locales}{os.sep}templates{os.sep}"]
        expected += [f"{config.root}{os.sep}{rel.replace('/', os.sep)}{os.sep}" for rel in outputs]
        assert written_folders(config, ["hi", "fr"]) == expected


def test_a_link_still_waiting_for_its_file_rebuilds_nothing(
    project: Callable[..., Path], l10n: Runner, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file recorded as missing (a link waiting for it) and still missing is no change: a
    second sync builds nothing (every no-op sync rebuilt such notes)."""
    root = project({"a-en.md": "# A\n\nSee [D](d-en.md#two) and ![Logo](img/logo.png).\n", "c-en.md": "# C\n\nText.\n"}, extra=GFM)
    _sync(root, l10n, scratch)
    rendered = _count_renders(monkeypatch)
    _sync(root, l10n, scratch, rendered)
    assert rendered == []


def test_the_translation_of_a_note_gone_from_the_source_goes_too(
    project: Callable[..., Path], l10n: Runner, scratch: Path
) -> None:
    """A note moved or deleted: its built page, unchanged since l10n wrote it, is removed, as a
    run from scratch would never write it; one edited by hand since is kept and named; a sync of
    some notes only removes nothing (found by the review)."""
    root = project({"a-en.md": "# A\n\nSee [B](sub/b-en.md).\n", "sub/b-en.md": "# B\n\nText b.\n", "c-en.md": "# C\n\nText c.\n"}, extra=GFM)
    _sync(root, l10n, scratch)
    old_b, old_c = (next((root / "translated").rglob(name)) for name in ("b-hi.md", "c-hi.md"))
    (root / "source_notes/other").mkdir()
    (root / "source_notes/sub/b-en.md").rename(root / "source_notes/other/b-en.md")
    (root / "source_notes/c-en.md").unlink()
    assert l10n(root, "sync", "--engine", "pseudo", "a-en.md").exit_code == 0  # a selection: nothing removed
    assert old_b.exists() and old_c.exists() and (root / "locales/templates/c-en.pot").exists()
    old_c.write_text(old_c.read_text(encoding="utf-8") + "\nA line added by hand.\n", encoding="utf-8")
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    assert not old_b.exists() and old_c.exists()
    assert f"kept {old_c.relative_to(root).as_posix()}" in done.output and f"removed {old_b.relative_to(root).as_posix()}" in done.output
    old_c.unlink()  # what a full run writes, the page kept by hand aside
    assert _outputs(root) == _full_build(root, scratch)
    # the templates too: what extract makes from the notes there are now (found by a review)
    templates = root / "locales" / "templates"
    assert sorted(str(p.relative_to(templates)) for p in templates.rglob("*.pot")) == ["a-en.pot", "other/b-en.pot"]
    # and the folders the move left empty, which a run from scratch never makes (found by a review)
    assert not (templates / "sub").exists() and not old_b.parent.exists()


def test_a_row_missing_in_one_language_is_counted_in_that_language_only(
    project: Callable[..., Path], l10n: Runner, counts_kept: None
) -> None:
    """A note whose count row is missing for one language (its catalog just edited, counted
    again) is counted in that language; the other languages' SQLite sums hold it already, and
    counting it there too doubled it (found by a review: ``6 of 6 segments`` for 4)."""
    languages = ("hi", "de")
    root = project(_notes(), languages=languages, extra=GFM)
    config = load_config(root)

    def lines() -> list[str]:
        done = l10n(root, "sync", "--engine", "pseudo")
        assert done.exit_code == 0, done.output
        return done.stdout.strip().splitlines()[-len(languages) :]

    def full() -> list[str]:
        notes = select_notes(config, ())
        totals = collect_coverage(config, list(notes), list(languages))
        return [coverage_line(lang, totals[lang], len(notes)) for lang in languages]

    lines()
    assert lines() == full()  # every row cached now (counts_kept)
    catalog = config.locales / "hi" / "a-en.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # as an editor saves it
    for _ in range(3):  # the edit is seen and counted, then its row is read
        assert lines() == full()


def _put_back(path: Path, data: bytes) -> None:
    """Write ``data`` (as many bytes as the file holds) and put the file's mtime back, as a
    tool that keeps modification times does: size and mtime then say nothing changed."""
    before = path.stat()
    assert len(data) == before.st_size and data != path.read_bytes()
    path.write_bytes(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_same_size_edit_of_a_note_with_its_mtime_put_back_is_published(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path
) -> None:
    """Issue 19: the change time (and inode) recorded with size and mtime show the edit."""
    root, rendered = built
    note = root / "source_notes/c-en.md"
    before = (root / "translated/hi/c-hi.md").read_bytes()
    _put_back(note, note.read_bytes().replace(b"Nothing links here.", b"Nothing links hare."))
    _sync(root, l10n, scratch, rendered)  # outputs as a full build of the edited note writes them
    assert rendered == ["c-en.md"]
    assert (root / "translated/hi/c-hi.md").read_bytes() != before
    assert "Nothing links hare." in (root / "locales/hi/c-en.po").read_text(encoding="utf-8")


def test_a_same_size_edit_of_a_catalog_with_its_mtime_put_back_is_published(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path
) -> None:
    """A translator's msgstr edit of equal length, the catalog's mtime put back (the same for
    the catalog as for the note: a file a person edits)."""
    root, rendered = built
    catalog = root / "locales/hi/c-en.po"
    data = catalog.read_bytes()
    entry = re.search(rb'msgid "Nothing links here\."\nmsgstr "([^"]*)"\n', data)
    assert entry is not None, data
    mine = b"Z" * len(entry.group(1))
    _put_back(catalog, data.replace(entry.group(0), entry.group(0).replace(entry.group(1), mine)))
    _sync(root, l10n, scratch, rendered)
    assert rendered == ["c-en.md"]
    assert mine.decode() in (root / "translated/hi/c-hi.md").read_text(encoding="utf-8")


def _approved_with_its_mtime_put_back(catalog: Path) -> None:
    """Approve the first fuzzy entry of ``catalog`` (its ``#, fuzzy`` line dropped, its msgstr
    padded by as many bytes) and put the mtime back: size and mtime as before."""
    data = catalog.read_bytes()
    entry = re.search(rb'#, fuzzy\n((?:msgctxt "[^"]*"\n)?msgid "[^"]*"\nmsgstr "[^"]*)"', data)
    assert entry is not None, data
    approved = entry.group(1) + b"x" * len(b"#, fuzzy\n") + b'"'
    _put_back(catalog, data.replace(entry.group(0), approved, 1))


@pytest.mark.parametrize("command", ["status", "sync", "build", "extract"])
def test_counts_of_a_same_size_catalog_edit_with_its_mtime_put_back_are_counted_again(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path, counts_kept: None, command: str
) -> None:
    """The status cache's count rows are keyed by size and change time, which an edit moves
    whatever it does to the mtime (git's racy-git.txt): an entry approved in a same-size edit
    whose mtime was put back is counted as approved by ``status`` and by sync's coverage line,
    as in a copy of the project without the bookkeeping file (found by a review: both still
    said 0 approved, after a ``sync``, a ``build`` or an ``extract`` too)."""
    root, _ = built
    before = l10n(root, "status").stdout  # every catalog counted, and its row kept
    _approved_with_its_mtime_put_back(root / "locales/hi/c-en.po")
    if command != "status":
        done = l10n(root, command, *(("--engine", "pseudo") if command == "sync" else ()))
        assert done.exit_code == 0, done.output
    copy = scratch / "uncached"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".l10n-cache.sqlite3*"))
    expected = l10n(copy, "status").stdout
    assert expected != before.replace(str(root), str(copy))  # one more approved segment
    line = _full_coverage(copy)
    if command == "sync":
        assert done.stdout.strip().splitlines()[-1] == line
    assert _sync(root, l10n, scratch).stdout.strip().splitlines()[-1] == line
    assert l10n(root, "status").stdout.replace(str(root), str(copy)) == expected


def test_a_chmod_or_a_copy_of_the_same_bytes_rebuilds_nothing(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path
) -> None:
    """A change time or inode that moved while the bytes stayed (chmod, a file copied over
    itself) is no change: the content digest says so, and the records take the new change
    time, so the next run compares stats only."""
    root, rendered = built
    note, catalog = root / "source_notes/a-en.md", root / "locales/hi/b-en.po"
    note.chmod(0o600)
    copy = scratch / "b-en.po"
    shutil.copy2(catalog, copy)
    os.replace(copy, catalog)  # a new inode, the same bytes and mtime
    _sync(root, l10n, scratch, rendered)
    assert rendered == []
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    for path in (note, catalog):
        info = path.stat()
        rows = db.execute("SELECT DISTINCT ctime_ns, ino FROM stamps WHERE path = ?", (str(path),)).fetchall()
        assert rows == [(info.st_ctime_ns, info.st_ino)], path
    db.close()


def test_a_bookkeeping_file_of_before_the_change_times_works_and_learns_them(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path
) -> None:
    """A database whose stamps have no change time, inode or digest (made by an older version):
    its records are kept and trusted on size and mtime (a no-op stays a no-op), the first sync
    gives them the files' identities, and from then on an edit with its mtime put back shows."""
    root, rendered = built
    path = root / "locales/.l10n-cache.sqlite3"
    cachedb.close()  # the older version's file, as a new process finds it (no connection of this one held)
    db = sqlite3.connect(path)
    with db:
        for trigger in ("stamps_replacing", "stamps_inserted", "stamps_deleted", "stamps_updated"):
            db.execute(f"DROP TRIGGER {trigger}")
        for trigger in sums._TRIGGERS:  # those of this version read the change time
            db.execute(f"DROP TRIGGER {trigger}")
        db.execute("DROP TABLE stamped_files")
        db.execute("DROP TABLE stamp_groups")  # made in session 18
        for column in ("ctime_ns", "ino", "digest"):
            db.execute(f"ALTER TABLE stamps DROP COLUMN {column}")
    db.close()
    _sync(root, l10n, scratch, rendered)
    assert rendered == []
    db = sqlite3.connect(path)
    # the files sync stats (notes, catalogs) have them; templates and outputs, only listed by
    # sync, get theirs when a stage checks their note
    edited = (f"{root / 'source_notes'}{os.sep}%", f"{root / 'locales/hi'}{os.sep}%")
    query = "SELECT count(*) FROM stamps WHERE ctime_ns IS NULL AND (path LIKE ? OR path LIKE ?)"
    assert db.execute(query, edited).fetchone() == (0,)
    db.close()
    note = root / "source_notes/c-en.md"
    _put_back(note, note.read_bytes().replace(b"Nothing links here.", b"Nothing links hare."))
    _sync(root, l10n, scratch, rendered)
    assert rendered == ["c-en.md"]


def test_a_note_written_during_its_extract_is_recorded_without_a_digest(project: Callable[..., Path]) -> None:
    """The racy case: the record keeps the identity seen before the work read the note and no
    digest (the bytes read are gone), so the next check redoes the work even when the write
    kept size and mtime."""
    from l10n.store.state import RunState

    root = project({"a-en.md": "# A\n\nOne.\n"})
    config = load_config(root)
    note = str(root / "source_notes/a-en.md")
    state = RunState(config)
    assert not state.is_fresh("extract:hi:a-en.md", [note])
    _put_back(Path(note), b"# A\n\nTwo.\n")  # saved while the work read the old text
    state.record("extract:hi:a-en.md", [note], read=[note])
    state.save()
    assert not RunState(config).is_fresh("extract:hi:a-en.md", [note])


def test_work_whose_record_is_deleted_is_redone_by_the_next_sync(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path
) -> None:
    """A sync that found every piece of work recorded leaves a manifest of its names, and the
    next sync of the same names looks only at what changed; deleting any stamp (another
    command, another version, by hand) forgets the manifest, so the missing work is found."""
    root, rendered = built
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    assert db.execute("SELECT count(*) FROM sync_manifest").fetchone() == (1,)
    with db:
        db.execute("DELETE FROM stamps WHERE key = 'build:hi:c-en.md'")
    assert db.execute("SELECT count(*) FROM sync_manifest").fetchone() == (0,)
    db.close()
    # what a build redoes (l10n's page by its front matter: its record is gone)
    (root / "translated/hi/c-hi.md").write_text("---\ntranslated: true\n---\nstale\n", encoding="utf-8")
    _sync(root, l10n, scratch, rendered)
    assert rendered == ["c-en.md"]
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    assert db.execute("SELECT count(*) FROM sync_manifest").fetchone() == (1,)
    db.close()


@pytest.mark.parametrize("what", ["output", "template"])
def test_a_file_deleted_from_a_folder_found_as_recorded_before_is_noticed(
    built: tuple[Path, list[str]], l10n: Runner, scratch: Path, what: str
) -> None:
    """The templates' folder, whose file names a sync found as recorded, is skipped while its
    mtime stays (``listed_folders``); deleting a file there moves that mtime, so the next sync
    lists the folder again and writes the file again. An output is stat-ed: its deletion is
    seen as an edit in place is."""
    root, rendered = built
    folder = root / ("translated/hi" if what == "output" else "locales/templates")
    old = time.time_ns() - 3_600 * 10**9  # modified an hour ago: past the racy window
    os.utime(folder, ns=(old, old))
    _sync(root, l10n, scratch, rendered)
    assert rendered == []
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    query = "SELECT mtime_ns FROM listed_folders WHERE folder = ?"
    assert (db.execute(query, (f"{folder}{os.sep}",)).fetchone() == (old,)) == (what == "template")
    db.close()
    (folder / ("c-hi.md" if what == "output" else "c-en.pot")).unlink()
    _sync(root, l10n, scratch, rendered)  # every output and template as a full run has them
    assert rendered == (["c-en.md"] if what == "output" else [])
    assert (folder / ("c-hi.md" if what == "output" else "c-en.pot")).is_file()


def test_a_waiting_link_target_appearing_in_a_folder_found_as_recorded_is_noticed(
    project: Callable[..., Path], l10n: Runner, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files recorded as missing are looked for by their folder: a gone folder cannot hold
    them, and one whose mtime is as when a run found them all still missing is not looked into
    again; a file appearing there (or the folder appearing) moves that mtime, so the linking
    note is built again, as a full run builds it."""
    root = project({"a-en.md": "# A\n\nSee ![Logo](img/logo.png) and [data](data.csv).\n", "c-en.md": "# C\n\nText.\n"}, extra=GFM)
    _sync(root, l10n, scratch)
    source = root / "source_notes"
    old = time.time_ns() - 3_600 * 10**9  # past the racy window
    os.utime(source, ns=(old, old))
    rendered = _count_renders(monkeypatch)
    _sync(root, l10n, scratch, rendered)
    assert rendered == []
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    assert db.execute("SELECT mtime_ns FROM listed_folders WHERE folder = ?", (f"{source}{os.sep}",)).fetchone() == (old,)
    db.close()
    (source / "data.csv").write_bytes(b"x")  # moves the folder's mtime
    _sync(root, l10n, scratch, rendered)
    assert rendered == ["a-en.md"]
    (source / "img").mkdir()
    (source / "img/logo.png").write_bytes(b"x")  # in a folder that did not exist
    rendered.clear()
    _sync(root, l10n, scratch, rendered)
    assert rendered == ["a-en.md"]
    assert "source_notes/img/logo.png" in (root / "translated/hi/a-hi.md").read_text(encoding="utf-8")


def test_a_dry_run_learns_nothing(built: tuple[Path, list[str]], l10n: Runner, scratch: Path) -> None:
    """``sync --dry-run`` writes nothing, the bookkeeping included: a file whose change time
    alone moved is judged by its bytes but its records keep their change time."""
    root, _ = built
    note = root / "source_notes/a-en.md"
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    query = "SELECT DISTINCT ctime_ns FROM stamps WHERE path = ?"
    before = db.execute(query, (str(note),)).fetchall()
    note.chmod(0o600)
    assert "extract: would redo 0 of 3 notes" in l10n(root, "sync", "--dry-run", "--engine", "pseudo").output
    from l10n.store import cachedb

    cachedb.close()  # what the run deferred is written now, as at its exit
    assert db.execute(query, (str(note),)).fetchall() == before != [(note.stat().st_ctime_ns,)]
    db.close()


def _kept_files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime of every file of the project but the bookkeeping (cache, memory, lock)."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".l10n")
    }


# build after a copy renders every note again: it stats the outputs, which carry no digest
@pytest.mark.parametrize(("command", "how"), [("sync", "touch"), ("sync", "copy"), ("build", "touch")])
def test_a_touched_or_cloned_site_redoes_only_what_changed(
    built: tuple[Path, list[str]],
    l10n: Runner,
    scratch: Path,
    monkeypatch: pytest.MonkeyPatch,
    counts_kept: None,
    how: str,
    command: str,
) -> None:
    """Issue 19: a fresh ``git clone`` (or a ``cp`` without ``-p``, or a ``touch``) gives every
    note and catalog a new mtime, change time and inode and the same bytes; with the
    bookkeeping file restored, nothing is extracted or built again and no file is written,
    the content digests say so. A same-size edit among the touched files is still seen, and
    the records take the new stats, so the next run reads no file to compare it."""
    root, rendered = built

    def touch(ago: int) -> list[Path]:
        """Every note and catalog given the mtime of ``ago`` seconds before now: whole seconds
        (no clock's step hides the move). Their change times are now: the status cache keeps
        and moves their count rows all the same (``counts_kept``), as it does outside its racy
        window (bench/fresh_clone.py waits it out)."""
        touched = [*(root / "source_notes").glob("*.md"), *(root / "locales/hi").glob("*.po")]
        when = time.time_ns() - ago * 1_000_000_000
        for path in touched:
            os.utime(path, ns=(when, when))
        return touched

    touch(30)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0  # the catalogs counted, and kept
    if how == "copy":  # a clone elsewhere, bookkeeping restored with it; no mtime kept
        clone = scratch / "clone"
        shutil.copytree(root, clone, copy_function=shutil.copyfile)
        root = clone
    edited = root / "source_notes/c-en.md"
    _put_back(edited, edited.read_bytes().replace(b"Nothing links here.", b"Nothing links hare."))
    touched = touch(10)
    rendered.clear()
    before = _kept_files(root)
    extracted: list[str] = []
    real = pipeline.extract_note
    monkeypatch.setattr(pipeline, "extract_note", lambda config, note, *args: extracted.append(note.name) or real(config, note, *args))
    from l10n.status import po_counts, published

    counted: list[str] = []
    count = po_counts.count_catalog_file
    monkeypatch.setattr(po_counts, "count_catalog_file", lambda path, *args: counted.append(path.name) or count(path, *args))
    looked_up: list[str] = []  # catalogs whose counts the coverage line takes from the build's read
    record = published.published_segments
    monkeypatch.setattr(
        published, "published_segments", lambda store, policy, path: looked_up.append(Path(path).name) or record(store, policy, path)
    )
    done = l10n(root, command, *(("--engine", "pseudo") if command == "sync" else ()))
    assert done.exit_code == 0, done.output
    ours = list(rendered)
    after = _kept_files(root)
    redone = {"source_notes/c-en.md", "locales/templates/c-en.pot", "locales/hi/c-en.po", "translated/hi/c-hi.md"}
    if command == "sync":
        assert extracted == ["c-en.md"]
        assert ours == ["c-en.md"]
        # the coverage line: c-en.po's counts from the translate stage's save of it (its
        # digest checked: l10n.status.handoff), neither counted again nor looked up in the
        # build's read; the other counts follow the new mtimes
        assert (looked_up, counted) == ([], [])
        assert {name for name in before if before[name] != after.get(name)} <= redone
        assert "Nothing links hare." in (root / "locales/hi/c-en.po").read_text(encoding="utf-8")
    else:  # build does not extract: it builds the edited note from its catalog as it stands
        assert extracted == []
        assert ours == ["c-en.md"]
        assert {name for name in before if before[name] != after.get(name)} <= {"translated/hi/c-hi.md"}
    assert set(after) == set(before)
    assert _outputs(root) == _full_build(root, scratch)
    db = sqlite3.connect(root / "locales/.l10n-cache.sqlite3")
    stale = [
        str(path)
        for path in touched
        if db.execute("SELECT 1 FROM stamps WHERE path = ? AND mtime_ns != ?", (str(path), path.stat().st_mtime_ns)).fetchone()
    ]
    db.close()
    if command == "sync":  # each file stat-ed by sync: its records refreshed
        assert stale == []
        hashed: list[str] = []
        from l10n.store import changes

        monkeypatch.setattr(changes, "content_digest", lambda path: hashed.append(path) or None)
        rendered.clear()
        extracted.clear()
        counted.clear()
        _sync(root, l10n, scratch, rendered)
        assert (hashed, extracted, rendered) == ([], [], [])
        assert set(counted) <= {"c-en.po"}  # rewritten by the sync, within the racy window: not cached
