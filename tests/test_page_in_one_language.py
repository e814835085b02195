"""A page written only in a target language (``seul.fr.md`` with no ``seul.md`` beside it, MkDocs
suffix layout) is a note in that language: its page in another language (``seul.de.md``) maps
back onto it by the layout, yet it is never read as that page's output, and sync never prunes it
as "a gone note's page" (review, session 20: adding any note made sync remove it)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Runner

MKDOCS = (
    "site_name: T\nplugins:\n  - i18n:\n      docs_structure: suffix\n      languages:\n"
    "        - locale: en\n          default: true\n          name: English\n        - locale: fr\n          name: Français\n"
)


def test_a_french_only_page_survives_every_sync(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (tmp_path / "docs/index.md").write_text("# Home\n\nHello world.\n", encoding="utf-8")
    alone = tmp_path / "docs/seul.fr.md"
    alone.write_text("# Seul\n\nBonjour le monde.\n", encoding="utf-8")
    assert l10n(tmp_path, "init").exit_code == 0
    assert l10n(tmp_path, "sync").exit_code == 0
    config = tmp_path / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('languages = ["fr"]', 'languages = ["fr", "de"]'), encoding="utf-8")
    assert l10n(tmp_path, "sync").exit_code == 0
    assert (tmp_path / "docs/seul.de.md").is_file()
    (tmp_path / "docs/more.md").write_text("# More\n\nMore text.\n", encoding="utf-8")
    plan = l10n(tmp_path, "-v", "sync", "--dry-run")
    assert "would remove docs/seul" not in plan.output, plan.output
    done = l10n(tmp_path, "sync")
    assert done.exit_code == 0, done.output
    assert "removed" not in done.output, done.output
    assert alone.read_text(encoding="utf-8") == "# Seul\n\nBonjour le monde.\n"
    assert (tmp_path / "docs/seul.de.md").is_file() and (tmp_path / "locales/templates/seul.fr.pot").is_file()
    again = l10n(tmp_path, "sync")
    assert again.exit_code == 0 and "removed" not in again.output and alone.is_file(), again.output


def test_an_adopted_page_stays_when_its_english_note_goes(tmp_path: Path, l10n: Runner) -> None:
    # review, session 20: the page adopt took in was pruned as "as l10n wrote it" (build's record
    # of the kept page matched it) once the English note was deleted
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (tmp_path / "docs/index.md").write_text("# Home\n\nHello world.\n", encoding="utf-8")
    (tmp_path / "docs/about.md").write_text("# About\n\nAbout us.\n", encoding="utf-8")
    human = tmp_path / "docs/index.fr.md"
    human.write_text("# Accueil\n\nBonjour le monde.\n", encoding="utf-8")
    assert l10n(tmp_path, "init").exit_code == 0
    assert l10n(tmp_path, "adopt", "--lang", "fr").exit_code == 0
    assert l10n(tmp_path, "sync").exit_code == 0
    (tmp_path / "docs/index.md").unlink()
    plan = l10n(tmp_path, "-v", "sync", "--dry-run")
    assert "would remove docs/index.fr.md" not in plan.output, plan.output
    done = l10n(tmp_path, "sync")
    assert "removed docs/index.fr.md" not in done.output, done.output
    assert human.read_text(encoding="utf-8") == "# Accueil\n\nBonjour le monde.\n"


def test_what_adopt_approves_reaches_the_translation_memory(tmp_path: Path, l10n: Runner) -> None:
    # review, session 20: a page adopt took in is kept by the build and never reaches translate,
    # which is where approved entries went into the memory: none did ("Pay once")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (tmp_path / "docs/index.md").write_text("# Home\n\nHello world.\n", encoding="utf-8")
    (tmp_path / "docs/index.fr.md").write_text("# Accueil\n\nBonjour le monde.\n", encoding="utf-8")
    assert l10n(tmp_path, "init").exit_code == 0
    assert l10n(tmp_path, "adopt", "--lang", "fr").exit_code == 0
    assert l10n(tmp_path, "sync").exit_code == 0
    exported = l10n(tmp_path, "memory", "export", "--lang", "fr", str(tmp_path / "fr.tmx"))
    assert exported.exit_code == 0, exported.output
    tmx = (tmp_path / "fr.tmx").read_text(encoding="utf-8")
    assert "Bonjour le monde." in tmx and "Accueil" in tmx, tmx
