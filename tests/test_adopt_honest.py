"""``l10n adopt`` says what it did and does no more: it approves no pairing that only position
tells, rewrites no catalog whose content it did not change, prints no percent of nothing, and
a hand page it took in stays the human's, byte for byte, until the user says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner, Result

from l10n.cli import cli
from l10n.po.catalog import Catalog


def l10n(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def project(root: Path, english: str, translated: str, lang: str = "hi") -> Path:
    """A project whose note ``source_notes/a-en.md`` has a hand translation in ``old/``."""
    (root / "l10n.toml").write_text(f'[tool.l10n]\nlanguages = ["{lang}"]\nengine = "pseudo"\n', encoding="utf-8")
    (root / "source_notes").mkdir()
    (root / "source_notes" / "a-en.md").write_text(english, encoding="utf-8")
    (root / "old").mkdir()
    (root / "old" / f"a-{lang}.md").write_text(translated, encoding="utf-8")
    return root / "locales" / lang / "a-en.po"


def hugo(root: Path, english: str, german: str) -> Path:
    """A ``hugo-suffix`` project: ``content/guide.md`` and its hand translation ``guide.de.md`` beside it."""
    (root / "l10n.toml").write_text(
        '[tool.l10n]\nlanguages = ["de"]\nengine = "pseudo"\nsource = "content"\nlayout = "hugo-suffix"\n', encoding="utf-8"
    )
    (root / "content").mkdir()
    (root / "content" / "guide.md").write_text(english, encoding="utf-8")
    page = root / "content" / "guide.de.md"
    page.write_text(german, encoding="utf-8")
    return page


def stamp(path: Path) -> tuple[int, int]:
    found = os.stat(path)
    return found.st_ino, found.st_mtime_ns


# -- 4: only changed catalogs are written -----------------------------------------------------


def test_adopting_again_writes_no_catalog_whose_content_is_unchanged(tmp_path: Path) -> None:
    """A translation the build refuses (emphasis dropped) was counted again on every run and
    its catalog written anew: a new mtime, and the next sync extracted every note again."""
    catalog = project(
        tmp_path,
        "# Rules\n\nA report that does not _technically_ break 3 rules.\n",
        "# नियम\n\nएक रिपोर्ट जो तकनीकी रूप से 3 नियम नहीं तोड़ती।\n",
    )
    first = l10n(tmp_path, "adopt", "--lang", "hi", "--from", str(tmp_path / "old"))
    assert first.exit_code == 0 and "1 catalog written" in first.output, first.output
    before = stamp(catalog)
    again = l10n(tmp_path, "adopt", "--lang", "hi", "--from", str(tmp_path / "old"))
    assert again.exit_code == 0, again.output
    assert "1 the build would not publish" in again.output  # still told
    assert "0 catalogs written" in again.output, again.output
    assert stamp(catalog) == before


# -- 5: no percent of nothing -----------------------------------------------------------------


def test_nothing_adopted_says_so_and_why_instead_of_a_full_percent(tmp_path: Path) -> None:
    project(tmp_path, "# A\n\nText.\n", "# अ\n\nपाठ।\n")
    result = l10n(tmp_path, "adopt", "--lang", "hi")  # the layout's outputs: no page there
    assert result.exit_code == 0, result.output
    assert "100.0%" not in result.output and "% of entries" not in result.output
    assert "adopt: nothing adopted: 1 note without a translated page where adopt looked" in result.output
    assert l10n(tmp_path, "build").exit_code == 0
    built = l10n(tmp_path, "adopt", "--lang", "hi")  # the page there is l10n's own
    assert "adopt: nothing adopted: 1 page l10n built (nothing to adopt)" in built.output, built.output
