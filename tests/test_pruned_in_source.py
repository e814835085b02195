"""A page l10n built among the sources is never read as a source note, and a sync after its note
is deleted (or written in the page's language) leaves what a run from scratch leaves.

Found by the session-13 review: with a layout that writes inside the source folder, one target
language and a note without front matter, deleting the note left its built page, which the next
sync read as a new note in that language (its template made, counted "in 2 notes") and never
pruned; a note given ``lang: hi`` kept its old Hindi page, and ``status`` still counted it in hi.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Runner

IN_SOURCE = ("hugo-dir", "hugo-suffix", "jekyll", "mkdocs-suffix")
"""Every preset whose pages land in the source folder (l10n.site.site_layout.PRESETS)."""

FRONT = "---\ntitle: {title}\n---\n"


def _notes(layout: str, front: bool) -> dict[str, str]:
    """Three notes, ``a`` linking ``c``, named as the layout's generator names its sources."""
    folder, suffix = ("en/posts/", "-en") if layout == "hugo-dir" else ("posts/", "")
    head = FRONT if front else ""
    return {
        f"{folder}a{suffix}.md": head.format(title="A") + f"# A\n\nA text, see [C](c{suffix}.md).\n",
        f"{folder}b{suffix}.md": head.format(title="B") + "# B\n\nB text.\n",
        f"{folder}c{suffix}.md": head.format(title="C") + "# C\n\nC text.\n",
    }


def _project(folder: Path, layout: str, languages: tuple[str, ...], notes: dict[str, str]) -> Path:
    root = folder / "site"  # one name for every project: the catalogs' headers carry it
    root.mkdir(parents=True)
    quoted = ", ".join(f'"{lang}"' for lang in languages)
    where = "" if layout == "default" else f'layout = "{layout}"\n'
    settings = f'[tool.l10n]\n{where}source = "content"\nlanguages = [{quoted}]\nengine = "pseudo"\n'
    (root / "pyproject.toml").write_text(settings)
    for name, text in notes.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file of the project but the bookkeeping and the catalogs of ``skip`` (note stems),
    which sync keeps by design (translators' work), by POSIX path; the dates in the catalogs'
    headers left out (a run from scratch is made later)."""
    found = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not path.name.startswith(".l10n") and not (path.suffix == ".po" and path.stem in skip):
            found[rel] = re.sub(rb'(?m)^"(?:POT-Creation|PO-Revision)-Date: .*\n', b"", path.read_bytes())
    return found


def _sync(l10n: Runner, root: Path, *args: str) -> str:
    done = l10n(root, "sync", *args)
    assert done.exit_code == 0, done.output
    return done.output


@pytest.mark.parametrize("front", [False, True], ids=["no front matter", "front matter"])
@pytest.mark.parametrize("languages", [("hi",), ("hi", "de")], ids=["one language", "two languages"])
@pytest.mark.parametrize("layout", IN_SOURCE)
def test_a_deleted_note_leaves_what_a_run_from_scratch_leaves(
    l10n: Runner, tmp_path: Path, layout: str, languages: tuple[str, ...], front: bool
) -> None:
    notes = _notes(layout, front)
    gone = next(name for name in notes if "/c" in name)
    root = _project(tmp_path / "edited", layout, languages, notes)
    _sync(l10n, root)
    (root / "content" / gone).unlink()
    said = _sync(l10n, root, "-v")
    assert "in 2 notes" in said, said
    fresh = _project(tmp_path / "fresh", layout, languages, {k: v for k, v in notes.items() if k != gone})
    _sync(l10n, fresh)
    stem = gone.rpartition("/")[2].removesuffix(".md")
    assert _tree(root, (stem,)) == _tree(fresh)
    assert "in 2 notes" in _sync(l10n, root)  # and it stays so
    assert _tree(root, (stem,)) == _tree(fresh)


@pytest.mark.parametrize("command", ["extract", "status", "build"])
@pytest.mark.parametrize("layout", IN_SOURCE)
def test_every_command_leaves_a_built_page_of_a_deleted_note_alone(
    l10n: Runner, tmp_path: Path, layout: str, command: str
) -> None:
    """The stage commands read the notes as sync does: the page is not a note to them either
    (no template made for it, not counted), before a sync prunes it."""
    notes = _notes(layout, False)
    gone = next(name for name in notes if "/c" in name)
    root = _project(tmp_path / "p", layout, ("hi",), notes)
    _sync(l10n, root)
    (root / "content" / gone).unlink()
    before = {path for path in _tree(root) if path.endswith(".pot")}
    done = l10n(root, command)
    assert done.exit_code == 0, done.output
    assert {path for path in _tree(root) if path.endswith(".pot")} == before
    if command == "status":
        assert "3 notes" not in done.output and "c-hi" not in done.output and "c.hi" not in done.output, done.output
    _sync(l10n, root)
    fresh = _project(tmp_path / "fresh", layout, ("hi",), {k: v for k, v in notes.items() if k != gone})
    _sync(l10n, fresh)
    assert _tree(root, (gone.rpartition("/")[2].removesuffix(".md"),)) == _tree(fresh)


def test_a_page_written_by_hand_over_a_gone_note_stays_a_note(l10n: Runner, tmp_path: Path) -> None:
    """A page put at a built page's place by hand, with front matter of its own (the rule of
    l10n.site.layout.drop_outputs), is a note in its language: kept and extracted."""
    notes = _notes("hugo-suffix", False)
    root = _project(tmp_path / "p", "hugo-suffix", ("hi",), notes)
    _sync(l10n, root)
    (root / "content/posts/c.md").unlink()
    page = root / "content/posts/c.hi.md"
    page.write_text("---\ntitle: सी\n---\n# सी\n\nहाथ से लिखा।\n")
    said = _sync(l10n, root)
    assert page.read_text().endswith("हाथ से लिखा।\n"), said
    assert (root / "locales/templates/posts/c.hi.pot").is_file()


def _in_hindi(text: str) -> str:
    """The note's text with front matter saying it is written in Hindi."""
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    return "---\nlang: hi\n---\n" + body


def _by_note(l10n: Runner, root: Path, lang: str) -> str:
    """``status --by-note``'s table of ``lang``."""
    done = l10n(root, "status", "--by-note")
    assert done.exit_code == 0, done.output
    section = re.search(rf"(?m)^{lang} [^\n]*: by note\n(.*?)(?:\n\n|\Z)", done.output, re.DOTALL)
    assert section is not None, done.output
    return section.group(1)


@pytest.mark.parametrize("layout", ("default", *IN_SOURCE))
def test_a_note_now_in_a_target_language_loses_its_page_in_it(l10n: Runner, tmp_path: Path, layout: str) -> None:
    notes = _notes(layout, False)
    switched = next(name for name in notes if "/c" in name)
    root = _project(tmp_path / "edited", layout, ("hi", "de"), notes)
    _sync(l10n, root)
    (root / "content" / switched).write_text(_in_hindi(notes[switched]))
    before = _tree(root)
    planned = [_sync(l10n, root, "--dry-run", "-v", *args) for args in ((), (f"content/{switched}",))]  # site, note
    assert _tree(root) == before
    said = _sync(l10n, root)
    assert "removed" in said and "now written in that language" in said, said
    gone = [path for path in before if not (root / path).exists()]
    assert len(gone) == 1, gone
    for plan in planned:  # the dry run named what the run removed
        assert f"prune: would remove 1 file\n  would remove {gone[0]}\n" in plan, plan
    fresh = _project(tmp_path / "fresh", layout, ("hi", "de"), {**notes, switched: _in_hindi(notes[switched])})
    _sync(l10n, fresh)
    stem = switched.rpartition("/")[2].removesuffix(".md")
    assert _tree(root, (stem,)) == _tree(fresh, (stem,))
    for project in (root, fresh):  # with the status cache and without
        for _ in range(2):
            table = _by_note(l10n, project, "hi")
            assert switched.rpartition("/")[2] not in table and "a" in table, table
            assert switched.rpartition("/")[2] in _by_note(l10n, project, "de")
            (project / "locales/.l10n-cache.sqlite3").unlink(missing_ok=True)


def test_a_page_at_the_place_of_a_note_always_in_that_language_stays(l10n: Runner, tmp_path: Path) -> None:
    """A note that always said it is in Hindi has no Hindi page of l10n's: a file someone put at
    that place is theirs, kept when the note changes and is built again."""
    notes = _notes("default", False)
    name = next(name for name in notes if "/c" in name)
    notes[name] = _in_hindi(notes[name])
    root = _project(tmp_path / "p", "default", ("hi",), notes)
    page = root / "translated/hi/posts/c.md"
    page.parent.mkdir(parents=True)
    page.write_text("# सी\n\nकिसी का पन्ना।\n")
    _sync(l10n, root)
    (root / "content" / name).write_text(notes[name] + "\nMore.\n")
    said = _sync(l10n, root)
    assert page.read_text() == "# सी\n\nकिसी का पन्ना।\n", said


def _stats(root: Path) -> dict[str, tuple[int, int]]:
    return {path.relative_to(root).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns) for path in root.rglob("*")}


@pytest.mark.parametrize("layout", IN_SOURCE)
def test_a_dry_run_names_the_page_and_writes_nothing(l10n: Runner, tmp_path: Path, layout: str) -> None:
    """``sync --dry-run`` reads the build records to leave the page out of the notes, without
    making a file beside the bookkeeping (SQLite's read-only mode makes a -wal and a -shm)."""
    notes = _notes(layout, False)
    gone = next(name for name in notes if "/c" in name)
    root = _project(tmp_path / "p", layout, ("hi",), notes)
    _sync(l10n, root)
    (root / "content" / gone).unlink()
    before = _stats(root)
    said = _sync(l10n, root, "--dry-run")
    assert _stats(root) == before
    assert "prune: would remove 2 files" in said and "extract: would redo 0 of 2 notes" in said, said


def test_an_edited_page_of_a_note_now_in_that_language_is_kept_for_good(l10n: Runner, tmp_path: Path) -> None:
    """The page edited by hand since l10n built it is kept and named when its note turns to
    that language, and stays through later builds of the note (its catalog is still there)."""
    notes = _notes("default", False)
    name = next(name for name in notes if "/c" in name)
    root = _project(tmp_path / "p", "default", ("hi", "de"), notes)
    _sync(l10n, root)
    page = root / "translated/hi/posts/c.md"
    page.write_text(page.read_text() + "\nहाथ से जोड़ा।\n")
    (root / "content" / name).write_text(_in_hindi(notes[name]))
    said = _sync(l10n, root)
    assert "kept" in said and "changed since" in said and page.is_file(), said
    for more in ("\nMore.\n", "\nMore again.\n"):
        (root / "content" / name).write_text(_in_hindi(notes[name]) + more)
        said = _sync(l10n, root)
        assert page.read_text().endswith("हाथ से जोड़ा।\n") and "kept" not in said, said


def test_a_new_source_folder_prunes_the_pages_the_old_one_placed(tmp_path: Path, l10n: Runner) -> None:
    """Jekyll, `source` changed from `_posts` to the site's root: each note's page moves
    (`_posts/hi/x-hi.md` → `hi/_posts/x-hi.md`); the old one goes, as for a layout change,
    and never the note, whose record under the old folder looks like a second output."""
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: S\n", encoding="utf-8")
    (root / "_posts/2024-01-01-hello.md").write_text("---\ntitle: Hello\n---\n\nBody.\n", encoding="utf-8")
    (root / "_posts/2024-01-02-plain.md").write_text("# Plain\n\nNo front matter.\n", encoding="utf-8")
    (root / "index.md").write_text("---\ntitle: Home\n---\n\nHome.\n", encoding="utf-8")
    (root / "l10n.toml").write_text('[tool.l10n]\nsource = "_posts"\nlayout = "jekyll"\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8")
    _sync(l10n, root)
    old = sorted(p.relative_to(root).as_posix() for p in root.rglob("*-hi.md"))
    assert old == ["_posts/hi/2024-01-01-hello-hi.md", "_posts/hi/2024-01-02-plain-hi.md"]
    (root / "l10n.toml").write_text('[tool.l10n]\nsource = "."\nlayout = "jekyll"\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8")
    planned = _sync(l10n, root, "--dry-run", "-v")
    for page in old:
        assert f"would remove {page}" in planned, planned
    _sync(l10n, root)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*-hi.md")) == [
        "hi/_posts/2024-01-01-hello-hi.md",
        "hi/_posts/2024-01-02-plain-hi.md",
        "hi/index-hi.md",
    ]
    assert (root / "_posts/2024-01-01-hello.md").is_file() and (root / "_posts/2024-01-02-plain.md").is_file()


@pytest.mark.parametrize("layout", IN_SOURCE)
def test_a_built_page_named_as_a_note_is_refused(l10n: Runner, tmp_path: Path, layout: str) -> None:
    """A page l10n built among the sources, named on the command line, is no note: translating
    it would send machine output to the engine and overwrite its note's pages in the other
    languages. One error naming it, nothing written."""
    root = _project(tmp_path / "p", layout, ("hi", "de"), _notes(layout, True))
    _sync(l10n, root)
    before = _tree(root)
    page = next(
        path for path in sorted((root / "content").rglob("*.md"))
        if "translated: true" in path.read_text(encoding="utf-8") and ("hi" in path.name or "/hi/" in path.as_posix())
    )
    done = l10n(root, "sync", str(page))
    assert done.exit_code != 0 and "a translation l10n wrote" in done.output, done.output
    assert _tree(root) == before


def test_removals_are_named_from_the_projects_root(l10n: Runner, tmp_path: Path) -> None:
    """As every other message names a file: from the project's root, never the absolute path."""
    root = _project(tmp_path / "p", "default", ("hi",), _notes("default", True))
    _sync(l10n, root)
    (root / "content/posts/b.md").unlink()
    said = _sync(l10n, root)
    removed = [line for line in said.splitlines() if line.startswith("removed ")]
    assert removed and all(str(root) not in line for line in removed), said
    assert any(line.startswith("removed translated/hi/posts/b.md") for line in removed), said
