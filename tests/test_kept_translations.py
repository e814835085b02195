"""l10n never overwrites a page it did not write: a translation someone made at a note's output
path (Docusaurus' ``i18n/`` folder, Hugo's ``content/fr``, mkdocs-static-i18n's language folders,
the ``output`` folder), with no build record and no ``translated: true`` in its front matter,
is kept byte for byte; the run names it, says what to do and exits 1 (as the refusal of a
hand-written page among the sources, ``hugo-suffix`` or ``jekyll``, always did); its note is
not sent to the engine; ``adopt`` takes its translations; deleting it lets l10n build it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.store import cachedb
from tests.conftest import Runner

HAND = "# Introduction\n\nDu texte écrit à la main.\n\nEncore du texte.\n"

LAYOUTS = {
    # layout settings, source note, page at its output
    "docusaurus": ('source = "docs"\nlayout = "docusaurus"\n', "docs/intro.md", "i18n/fr/docusaurus-plugin-content-docs/current/intro.md"),
    "hugo-dir": ('source = "content"\nlayout = "hugo-dir"\n', "content/en/intro.md", "content/fr/intro.md"),
    "mkdocs-folders": ('source = "docs"\nlayout = "{lang_dir}/{name}{ext}"\n', "docs/en/intro.md", "docs/fr/intro.md"),
    "output": ('source = "notes"\noutput = "site/{lang}"\n', "notes/intro.md", "site/fr/intro.md"),
}


def _site(root: Path, layout: str, hand: str = HAND) -> Path:
    settings, note, page = LAYOUTS[layout]
    (root / "pyproject.toml").write_text(f'[tool.l10n]\nlanguages = ["fr"]\n{settings}', encoding="utf-8")
    for name, text in ((note, "# Intro\n\nSome text written here.\n\nMore text.\n"), (note.replace("intro", "other"), "# Other\n\nOther text.\n")):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / page).parent.mkdir(parents=True, exist_ok=True)
    (root / page).write_text(hand, encoding="utf-8")
    return root / page


def _catalog(root: Path, layout: str) -> Path:
    """The catalog of intro.md in French: its path under the source folder, in locales/fr/."""
    note = LAYOUTS[layout][1]
    return root / "locales/fr" / note.split("/", 1)[1].replace(".md", ".po")


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_hand_translation_at_the_output_is_kept_and_named(tmp_path: Path, l10n: Runner, layout: str) -> None:
    page = _site(tmp_path, layout)
    shown = page.relative_to(tmp_path).as_posix()
    expected = (
        f"error: {shown}: not overwritten: l10n did not write this page (no build record, no translated: true in its front matter);"
        " run 'l10n adopt --lang fr' to take its translations into the catalog, or delete it to let l10n build it"
    )
    tree = _snapshot(tmp_path)
    planned = l10n(tmp_path, "sync", "--engine", "pseudo", "--dry-run")
    assert planned.exit_code == 1 and _errors(planned.output) == [expected], planned.output
    assert _snapshot(tmp_path) == tree  # the dry run's look at the page wrote nothing
    assert "would send 2 segments" in planned.output  # other.md only: intro.md is not translated
    done = l10n(tmp_path, "sync", "--engine", "pseudo")
    assert done.exit_code == 1 and _errors(done.output) == [expected], done.output
    assert page.read_text(encoding="utf-8") == HAND
    assert "[ÓÓţĥééŕ ţééẋţ.]" in page.with_name("other.md").read_text(encoding="utf-8")  # the other notes carry on
    assert 'msgstr ""' in _catalog(tmp_path, layout).read_text(encoding="utf-8")  # nothing paid for it
    again = l10n(tmp_path, "build", "--force")
    assert again.exit_code == 1 and _errors(again.output) == [expected] and page.read_text(encoding="utf-8") == HAND
    # adopt takes the person's translations; deleting the page lets l10n build it
    adopted = l10n(tmp_path, "adopt", "--lang", "fr")
    assert adopted.exit_code == 0, adopted.output
    assert 'msgstr "Du texte écrit à la main."' in _catalog(tmp_path, layout).read_text(encoding="utf-8")
    page.unlink()
    l10n.sync(tmp_path)
    assert "Du texte écrit à la main." in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_l10ns_own_pages_are_overwritten_without_their_bookkeeping(tmp_path: Path, l10n: Runner, layout: str) -> None:
    """A page l10n wrote stays l10n's: by its build record, its ``translated: true``, or (the
    bookkeeping file deleted, a note without front matter) its bytes being what the build
    writes; ``--force`` keeps what the records it clears said."""
    page = _site(tmp_path, layout)
    page.unlink()
    l10n.sync(tmp_path)
    catalog = _catalog(tmp_path, layout)
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("[Šóóɱéé", "[Edited"), encoding="utf-8")
    l10n.sync(tmp_path, "--force")  # the records cleared, the page rewritten from the edited catalog
    assert "[Edited" in page.read_text(encoding="utf-8")
    cachedb.close()  # the runs are in this process: a connection kept open would write to the deleted file
    for path in (tmp_path / "locales").glob(".l10n-cache.sqlite3*"):
        path.unlink()
    assert not _errors(l10n.sync(tmp_path))
    adopted = l10n(tmp_path, "adopt", "--lang", "fr")  # l10n's own page holds no person's work
    assert "is l10n's own page" in adopted.output and "0 catalogs written" in adopted.output, adopted.output


@pytest.mark.parametrize("edit", ["english", "msgstr", "both"])
@pytest.mark.parametrize("layout", ["docusaurus", "output"])
def test_a_fresh_clone_builds_over_l10ns_pages_after_an_edit(tmp_path: Path, l10n: Runner, layout: str, edit: str) -> None:
    """The bookkeeping is git-ignored: a fresh clone (CI) has the catalogs and the built pages
    of notes without front matter, no record. After an English edit or a translator's msgstr
    edit, the page is no longer the bytes the build writes now, yet its catalog holds the note's
    translations, so the page is the catalog's rendering and is built again."""
    page = _site(tmp_path, layout)
    page.unlink()
    assert not _errors(l10n.sync(tmp_path))
    cachedb.close()  # the runs are in this process: a connection kept open would write to the deleted file
    for path in (tmp_path / "locales").glob(".l10n-cache.sqlite3*"):
        path.unlink()
    note = tmp_path / LAYOUTS[layout][1]
    if edit in ("english", "both"):
        note.write_text(note.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    if edit in ("msgstr", "both"):
        catalog = _catalog(tmp_path, layout)
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("[Šóóɱéé", "[Edited"), encoding="utf-8")
    done = l10n.sync(tmp_path)
    assert not _errors(done), done
    built = page.read_text(encoding="utf-8")
    assert ("[Edited" in built) == (edit != "english")
    assert ("ñééŵ þááŕááĝŕááþĥ" in built) == (edit != "msgstr"), built


def test_sync_builds_over_a_hand_translation_once_adopted(tmp_path: Path, l10n: Runner) -> None:
    """After ``adopt`` the catalog holds the hand translation: the page is its rendering, and
    the next sync builds it (no loop of 'run adopt')."""
    page = _site(tmp_path, "docusaurus")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 1
    adopted = l10n(tmp_path, "adopt", "--lang", "fr")
    assert adopted.exit_code == 0, adopted.output
    assert not _errors(l10n.sync(tmp_path)), adopted.output
    assert "Du texte écrit à la main." in page.read_text(encoding="utf-8")


def test_a_page_saying_translated_true_is_l10ns(tmp_path: Path, l10n: Runner) -> None:
    page = _site(tmp_path, "docusaurus", "---\ntranslated: true\n---\n\n# Vieux\n")
    assert not _errors(l10n.sync(tmp_path))
    assert "[ÍÍñţŕóó]" in page.read_text(encoding="utf-8")


def test_a_hand_written_source_note_at_the_output_is_said_alike_by_the_dry_run(tmp_path: Path, l10n: Runner) -> None:
    """Where outputs sit among the sources, a page with front matter of its own is a note: the
    dry run names it as the run does (the note and the page), and neither sends it."""
    page = _site(tmp_path, "hugo-dir", "---\ntitle: Intro\n---\n\n" + HAND)
    planned = l10n(tmp_path, "sync", "--engine", "pseudo", "--dry-run")
    done = l10n(tmp_path, "sync", "--engine", "pseudo")
    expected = [
        (
            "error: content/en/intro.md: output content/fr/intro.md is a source note (its front matter lacks translated: true);"
            " run 'l10n adopt --lang fr' to take its translations into the catalog, or delete it to let l10n build it"
        )
    ]
    assert (planned.exit_code, done.exit_code) == (1, 1)
    assert _errors(planned.output) == expected and _errors(done.output) == expected, planned.output + done.output
    assert page.read_text(encoding="utf-8").endswith(HAND)
    catalog = tmp_path / "locales/fr/en/intro.po"
    assert 'msgstr ""' in catalog.read_text(encoding="utf-8")
    # adopt takes it (the page, a note in French, has no French catalog to fill: passed over)
    adopted = l10n(tmp_path, "adopt", "--lang", "fr")
    assert adopted.exit_code == 0 and "fr/intro.md [fr]" not in adopted.output, adopted.output
    assert 'msgstr "Du texte écrit à la main."' in catalog.read_text(encoding="utf-8")
    page.unlink()
    l10n.sync(tmp_path)
    assert "Du texte écrit à la main." in page.read_text(encoding="utf-8")


def test_adopt_in_jekyll_takes_the_hand_translation_among_the_sources(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nsource = "_posts"\nlayout = "jekyll"\nlanguages = ["fr"]\n', encoding="utf-8")
    (tmp_path / "_posts/fr").mkdir(parents=True)
    (tmp_path / "_posts/2026-01-01-hello.md").write_text("---\ntitle: Hello\n---\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "_posts/fr/2026-01-01-hello-fr.md").write_text("---\ntitle: Bonjour\n---\n\nDu texte.\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 1  # a source note at the output: kept
    adopted = l10n(tmp_path, "adopt", "--lang", "fr")
    assert adopted.exit_code == 0 and "skipped:" not in adopted.output, adopted.output
    assert 'msgstr "Du texte."' in (tmp_path / "locales/fr/2026-01-01-hello.po").read_text(encoding="utf-8")


def test_init_names_the_translations_l10n_did_not_write(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "docusaurus.config.js").write_text('module.exports = {i18n: {locales: ["en", "fr"]}};\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    for name in ("intro", "other", "third"):
        (tmp_path / f"docs/{name}.md").write_text(f"# {name}\n\nText.\n", encoding="utf-8")
    pages = tmp_path / "i18n/fr/docusaurus-plugin-content-docs/current"
    pages.mkdir(parents=True)
    (pages / "intro.md").write_text(HAND, encoding="utf-8")
    (pages / "other.md").write_text("---\ntitle: Autre\n---\n\nTexte.\n", encoding="utf-8")
    (pages / "third.md").write_text("---\ntranslated: true\n---\n\nTexte.\n", encoding="utf-8")  # l10n's
    done = l10n(tmp_path, "init", "--lang", "fr", "--lang", "de")
    assert done.exit_code == 0, done.output
    assert (
        "fr: 2 translations l10n did not write (i18n/fr/docusaurus-plugin-content-docs/current/intro.md and 1 more):"
        " sync never overwrites them; run 'l10n adopt --lang fr' first to take them into the catalogs"
    ) in done.output.splitlines()
    assert "de:" not in done.output


HEADS = {
    "none": ("", False),
    "yaml": ("---\ntitle: Intro\n---\n\n", False),
    "yaml-false": ("---\ntranslated: false\n---\n\n", False),
    "yaml-true": ("---\ntitle: Intro\ntranslated: true\n---\n\n", True),
    "toml": ('+++\ntitle = "Intro"\n+++\n\n', False),
    "toml-true": ('+++\ntranslated = true\n+++\n\n', True),
    "toml-true-in-a-table": ('+++\n[params]\ntranslated = true\n+++\n\n', False),
    "json": ('{\n  "title": "Intro"\n}\n\n', False),
    "json-true": ('{\n  "translated": true\n}\n\n', True),
    "bom-yaml-true": ("\ufeff---\ntranslated: true\n---\n\n", True),
}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=st.sampled_from(sorted(HEADS)), body=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_only_a_page_saying_translated_true_is_overwritten(l10n: Runner, head: str, body: str) -> None:
    """Whatever front matter (YAML, TOML, JSON, none) and body a page at the output has, the
    build overwrites it (no build record of it: a project of its own per example) only when it
    says translated: true at its top level."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        text, ours = HEADS[head]
        page = _site(root, "docusaurus", text + body + "\n")
        before = page.read_bytes()
        done = l10n(root, "build")
        after = page.read_bytes()
    if ours:
        assert done.exit_code == 0 and after != before, done.output
    else:
        assert done.exit_code == 1 and after == before, done.output
        assert "current/intro.md: not overwritten" in done.output
