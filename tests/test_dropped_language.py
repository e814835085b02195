"""A language removed from the configuration: its built pages go, its catalogs stay and are named.

Built pages of a language no longer configured would go on being published, stale: a
whole-site ``sync`` removes those l10n wrote and nobody changed since (the rule for the pages of
a deleted note, :mod:`l10n.site.prune`), keeps and names one edited since, and keeps the
catalogs (translators' work); ``sync`` and ``status`` say the language is no longer configured.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner

NOTES = {
    "a-en.md": "# Setup\n\nInstall it first.\n",
    "guide/b-en.md": "# Guide\n\nRead the [setup](../a-en.md).\n",
}


def _languages(root: Path, before: str, after: str) -> None:
    config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")


def test_a_dropped_languages_pages_go_and_its_catalogs_stay(project: Callable[..., Path], l10n: Runner) -> None:
    root = project(NOTES, ("fr", "de"), 'engine = "pseudo"\nmarkdown = "gfm"\n')
    assert l10n(root, "sync").exit_code == 0
    de = root / "translated/de"
    assert sorted(p.relative_to(de).as_posix() for p in de.rglob("*.md")) == ["a-de.md", "guide/b-de.md"]
    edited = de / "a-de.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA line someone added.\n", encoding="utf-8")
    catalogs = {p: p.read_bytes() for p in (root / "locales/de").rglob("*.po")}
    french = {p: p.read_bytes() for p in (root / "translated/fr").rglob("*.md")}
    _languages(root, 'languages = ["fr", "de"]', 'languages = ["fr"]')

    # a run on some notes only does not prune
    some = l10n(root, "sync", "source_notes/a-en.md")
    assert some.exit_code == 0 and (de / "guide/b-de.md").exists()

    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    assert not (de / "guide").exists(), done.stderr  # the page as l10n wrote it, and the folder it left empty
    assert edited.exists()  # changed by someone since: kept, and named
    assert f"kept {edited.relative_to(root).as_posix()}: its language (de) is no longer configured" in done.stderr
    assert "de: no longer configured: removed 1 built page, as l10n wrote it\n" in done.stderr
    assert "de: not among the configured languages; its catalogs in locales/de/ are kept" in done.stderr
    assert {p: p.read_bytes() for p in (root / "locales/de").rglob("*.po")} == catalogs  # translators' work
    assert {p: p.read_bytes() for p in (root / "translated/fr").rglob("*.md")} == french
    # said once: the records of the language are gone with its pages
    again = l10n(root, "sync")
    assert "no longer configured" not in again.stderr and "not among the configured languages" in again.stderr
    status = l10n(root, "status")
    assert "de: not among the configured languages; its catalogs in locales/de/ are kept" in status.stderr

    # added back: its catalogs are used again, its pages built from them; the page someone
    # edited is l10n's rendering (l10n.site.keep.catalog_speaks_for) with a line nothing
    # explains (not the catalog, not the memory: l10n.site.keep.typed_on_page), so it is kept
    # and named, the line never lost, until build --force drops it
    _languages(root, 'languages = ["fr"]', 'languages = ["fr", "de"]')
    back = l10n(root, "sync")
    assert back.exit_code == 1, back.output
    assert "error: translated/de/a-de.md: not overwritten: edited since l10n wrote it" in back.output
    assert "A line someone added." in edited.read_text(encoding="utf-8")
    assert "not among the configured languages" not in back.stderr
    assert (de / "guide/b-de.md").is_file()
    assert "de: nothing to translate" in back.stderr or "de: 0 translated" in back.stderr  # the catalogs were complete
    assert l10n(root, "build", "--force", "a-en.md").exit_code == 0
    assert "A line someone added." not in edited.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("layout", "source", "note", "page"),
    [
        ("jekyll", "_posts", "2026-01-01-hello.md", "de/2026-01-01-hello-de.md"),
        ("hugo-suffix", "content/posts", "a.md", "a.de.md"),
    ],
)
def test_a_dropped_languages_pages_among_the_sources_are_not_read_as_notes(
    tmp_path: Path, l10n: Runner, layout: str, source: str, note: str, page: str
) -> None:
    """Layouts that put translations beside their sources (Jekyll's ``_posts/de/``, Hugo's
    ``a.de.md``): once ``de`` leaves ``languages``, its built pages are still translations (its
    catalogs are kept), never notes to extract and send to the engine; sync removes them."""
    root = tmp_path
    (root / source).mkdir(parents=True)
    (root / source / note).write_text("---\ntitle: Hello\n---\nFirst post.\n", encoding="utf-8")
    config = root / "l10n.toml"
    config.write_text(
        f'source = "{source}"\nlayout = "{layout}"\nlanguages = ["hi", "de"]\nengine = "pseudo"\nmarkdown = "gfm"\n',
        encoding="utf-8",
    )
    assert l10n(root, "sync").exit_code == 0
    assert (root / source / page).is_file()
    config.write_text(config.read_text(encoding="utf-8").replace('["hi", "de"]', '["hi"]'), encoding="utf-8")
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if ".l10n" not in p.name)

    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    assert not re.search(r"[1-9][\d,]* translated by", done.stderr), done.stderr  # nothing sent to the engine
    assert not (root / source / page).exists()
    after = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if ".l10n" not in p.name)
    assert set(after) <= set(before), set(after) - set(before)  # no page or catalog of a page made
    assert "segments in 1 note)" in done.stdout, done.stdout  # the coverage of the one note
