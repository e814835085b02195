"""Pages l10n wrote for a file that is no longer a note, while that file and its records stand
unchanged (``index.fr.de.md``, built when ``index.fr.md`` was read as an English note, before
the site declared French): ``sync --dry-run`` said "would remove" and ``sync`` left them, since
it looked for gone notes only when some record was stale. What the dry run says is what the run
does, and a page someone else wrote is never removed."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Runner

HUGO = 'baseURL = "x"\n'
HUGO_FR = 'baseURL = "x"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n[languages.de]\nweight = 3\n'


def _site(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO, encoding="utf-8")
    (root / "l10n.toml").write_text(
        '[tool.l10n]\nsource = "content"\nlayout = "hugo-suffix"\nlanguages = ["de"]\nengine = "pseudo"\n', encoding="utf-8"
    )
    (root / "content/index.md").write_text("---\ntitle: Home\n---\n# Home\n\nText.\n", encoding="utf-8")
    (root / "content/index.fr.md").write_text("---\ntitle: Accueil\n---\n# Accueil\n\nTexte.\n", encoding="utf-8")
    return root


def test_a_page_of_a_file_that_stopped_being_a_note_goes_as_the_dry_run_says(tmp_path: Path, l10n: Runner) -> None:
    root = _site(tmp_path)
    l10n.sync(root)
    assert (root / "content/index.fr.de.md").is_file()  # index.fr.md read as an English note
    (root / "content/by-hand.de.md").write_text("# Von Hand\n", encoding="utf-8")  # a person's page: never removed
    (root / "hugo.toml").write_text(HUGO_FR, encoding="utf-8")  # now a French page, not a note
    plan = l10n(root, "sync", "--dry-run")
    assert plan.exit_code == 0, plan.output
    assert "prune: would remove 2 files: content/index.fr.de.md, locales/templates/index.fr.pot" in plan.output
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    assert "removed content/index.fr.de.md" in done.output
    assert not (root / "content/index.fr.de.md").exists() and not (root / "locales/templates/index.fr.pot").exists()
    assert (root / "content/index.fr.md").is_file() and (root / "content/index.de.md").is_file()
    assert (root / "content/by-hand.de.md").is_file()
    again = l10n(root, "sync", "--dry-run")
    assert "prune: would remove 0 files" in again.output, again.output


def test_an_edited_page_of_such_a_file_is_kept_and_named_by_both(tmp_path: Path, l10n: Runner) -> None:
    root = _site(tmp_path)
    l10n.sync(root)
    page = root / "content/index.fr.de.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEdited by hand.\n", encoding="utf-8")
    (root / "hugo.toml").write_text(HUGO_FR, encoding="utf-8")
    plan = l10n(root, "sync", "--dry-run")
    assert "would keep content/index.fr.de.md: changed since l10n built it" in plan.output, plan.output
    done = l10n(root, "sync")
    assert "kept content/index.fr.de.md" in done.output, done.output
    assert page.is_file()
