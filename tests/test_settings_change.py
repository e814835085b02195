"""Changing ``layout``, ``output`` or ``source_language`` moves where build writes pages: the
first whole-site ``sync`` after it removes the pages l10n wrote at the old places (as l10n wrote
them; one edited since is kept and named) and the folders that leaves empty, before it reads
the notes (pages a layout put among the sources are not notes), and the project ends as a run
from scratch with the new settings leaves it. Catalogs never move: their path follows the
note's name and ``locales`` only."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner

NOTES = {
    "2024-01-01-first-en.md": "---\ntitle: First\n---\n# First\n\nSee [the second](2024-01-02-second-en.md).\n",
    "2024-01-02-second-en.md": "# Second\n\nText.\n",
    "sub/third-en.md": "# Third\n\nMore text.\n",
}


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".l10n")
    }


def _folders(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_dir()}


def _from_scratch(root: Path, scratch: Path, l10n: Runner) -> Path:
    """The project as a first sync with its present settings leaves it: its configuration,
    sources and catalogs copied, nothing else."""
    fresh = scratch / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    shutil.copy2(root / "pyproject.toml", fresh / "pyproject.toml")
    shutil.copytree(root / "_posts", fresh / "_posts", ignore=shutil.ignore_patterns("hi", "*.hi.md"))
    shutil.copytree(root / "locales", fresh / "locales", ignore=shutil.ignore_patterns(".l10n*", "templates"))
    assert l10n(fresh, "sync", "--engine", "pseudo").exit_code == 0
    return fresh


def _set(root: Path, before: str, after: str) -> None:
    config = root / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    assert before in text
    config.write_text(text.replace(before, after), encoding="utf-8")


CHANGES = {
    "layout among the sources, to the default": ('layout = "jekyll"\n', 'layout = "default"\n'),
    "default layout, to one among the sources": ('layout = "default"\n', 'layout = "hugo-suffix"\n'),
    "output": ('output = "translated/{lang}"\n', 'output = "site/{lang}"\n'),
    "source_language": ('source_language = "en"\n', 'source_language = "en-GB"\n'),
}


def _settings(change: str) -> str:
    return f'source = "_posts"\nmarkdown = "gfm"\n{CHANGES[change][0]}'


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_pages_of_the_old_settings_go(
    change: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, l10n: Runner
) -> None:
    root = tmp_path
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "demo"\nversion = "0"\n\n[tool.l10n]\nlanguages = ["hi"]\n{_settings(change)}', encoding="utf-8"
    )
    for name, text in NOTES.items():
        (root / "_posts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "_posts" / name).write_text(text, encoding="utf-8")
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    old = set(_files(root))
    _set(root, *CHANGES[change])
    plan = l10n(root, "-v", "sync", "--dry-run", "--engine", "pseudo")
    would = sorted(line.removeprefix("  would remove ") for line in plan.output.splitlines() if line.startswith("  would remove "))
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    assert "that the settings (source, layout, output, source_language) now put elsewhere" in done.output
    gone = sorted(old - set(_files(root)))
    assert gone and would == gone
    fresh = _from_scratch(root, tmp_path_factory.mktemp("scratch"), l10n)
    assert _files(root) == _files(fresh)  # no page of the old settings read as a note, none left
    assert _folders(root) == _folders(fresh)  # and no folder they leave empty
    again = l10n(root, "sync", "--engine", "pseudo")
    assert "now put elsewhere" not in again.output


def test_a_page_edited_since_is_kept_and_named(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": "# A\n\nText.\n", "b-en.md": "# B\n\nText.\n"}, extra='output = "translated/{lang}"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    edited = root / "translated/hi/a-hi.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA line by hand.\n", encoding="utf-8")
    _set(root, 'output = "translated/{lang}"', 'output = "site/{lang}"')
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    assert edited.exists() and not (root / "translated/hi/b-hi.md").exists()
    assert "kept translated/hi/a-hi.md: the settings now put its note's page elsewhere" in done.output
    assert (root / "site/hi/a-hi.md").is_file() and (root / "site/hi/b-hi.md").is_file()
    assert sorted(p.name for p in (root / "locales/hi").iterdir()) == ["a-en.po", "b-en.po"]  # catalogs stay


def test_sync_force_after_a_change_removes_the_old_pages_too(project: Callable[..., Path], l10n: Runner) -> None:
    """--force forgets the records of every stage: the old pages are found before it does."""
    root = project({"a-en.md": "# A\n\nText.\n"}, extra='output = "translated/{lang}"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    _set(root, 'output = "translated/{lang}"', 'output = "site/{lang}"')
    assert l10n(root, "sync", "--force", "--engine", "pseudo").exit_code == 0
    assert not (root / "translated").exists()
    assert (root / "site/hi/a-hi.md").is_file()


@pytest.mark.parametrize("before", ['layout = "hugo-suffix"\n', 'layout = "jekyll"\n'])
def test_an_edited_page_kept_among_the_sources_is_never_read_as_a_note(
    before: str, project: Callable[..., Path], l10n: Runner
) -> None:
    """The review's case: a page the old layout put among the sources, edited by hand, is kept
    when the layout changes; it is a translation (``translated: true``), so neither this run nor
    a later one reads it as a note (no template, no page of it in any language)."""
    root = project({"guide-en.md": "---\ntitle: Guide\n---\n# Guide\n\nText.\n"}, extra=before)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    (page,) = [p for p in (root / "source_notes").rglob("*.md") if p.name != "guide-en.md"]
    page.write_text(page.read_text(encoding="utf-8") + "\nA line by hand.\n", encoding="utf-8")
    _set(root, before, 'layout = "default"\n')
    for _ in range(2):
        done = l10n(root, "sync", "--engine", "pseudo")
        assert done.exit_code == 0, done.output
        assert "in 1 note)" in done.output
    assert page.is_file()
    assert [p.name for p in (root / "locales/templates").rglob("*.pot")] == ["guide-en.pot"]
