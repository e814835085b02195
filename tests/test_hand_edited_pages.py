"""Pages people translate or edit, and what build, translate and adopt do with them.

A page l10n built and a translator then edited (fixing a sentence on the page itself) is kept:
the build record says what l10n wrote there (its digest), so the build sees the edit, names the
page and says what to do; ``adopt PAGE`` takes the edited sentences into the catalog, after
which the build writes that very page again and it is l10n's own once more; ``build --force``
overwrites it. A hand translation l10n never wrote is not sent to the engine by ``translate``
alone, is never taken for the rendering of a machine translation made after it, and ``adopt``
puts its text in place of machine (or fuzzy) msgstrs: a human translation beats a machine one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.store import cachedb
from tests.conftest import Runner, as_user

NOTE = "# Intro\n\nSome text written here, see [the other note](other.md).\n\nMore text.\n"
OTHER = "# Other\n\nOther text.\n"
HEAD = "---\ntitle: Intro\n---\n\n"

LAYOUTS = {
    # layout settings, folder of the source notes, page of intro.md in French
    "folder": ("", "source_notes", "translated/fr/intro.md"),
    "output": ('source = "notes"\noutput = "site/{lang}"\n', "notes", "site/fr/intro.md"),
    "docusaurus": ('source = "docs"\nlayout = "docusaurus"\n', "docs", "i18n/fr/docusaurus-plugin-content-docs/current/intro.md"),
    "hugo-dir": ('source = "content"\nlayout = "hugo-dir"\n', "content/en", "content/fr/intro.md"),
    "hugo-suffix": ('source = "content"\nlayout = "hugo-suffix"\n', "content", "content/intro.fr.md"),
    "mkdocs-folders": ('source = "docs"\nlayout = "{lang_dir}/{name}{ext}"\n', "docs/en", "docs/fr/intro.md"),
    "jekyll": ('source = "_posts"\nlayout = "jekyll"\n', "_posts", "_posts/fr/intro-fr.md"),
}
MACHINE = "[Šóóɱéé ţééẋţ ŵŕííţţééñ ĥééŕéé, šéééé [ţĥéé óóţĥééŕ ñóóţéé]("
EDITED = "Du texte corrigé à la main, voir [l'autre note]("


def _site(root: Path, layout: str, head: str = "") -> Path:
    settings, folder, page = LAYOUTS[layout]
    (root / "pyproject.toml").write_text(f'[tool.l10n]\nlanguages = ["fr"]\n{settings}', encoding="utf-8")
    (root / folder).mkdir(parents=True, exist_ok=True)
    (root / folder / "intro.md").write_text(head + NOTE, encoding="utf-8")
    (root / folder / "other.md").write_text(OTHER, encoding="utf-8")
    return root / page


def _edit(page: Path) -> bytes:
    """Fix the first paragraph of l10n's page by hand (its link kept); the page's new bytes."""
    text = page.read_text(encoding="utf-8").replace(MACHINE, EDITED).replace(".md).]\n", ".md).\n")
    page.write_text(text, encoding="utf-8")
    return page.read_bytes()


def _name(layout: str) -> str:
    """intro.md's name, from the source folder."""
    folder = LAYOUTS[layout][1]
    return (Path(folder).relative_to(Path(folder).parts[0]) / "intro.md").as_posix()


def _catalog(root: Path, layout: str) -> Path:
    return root / "locales/fr" / _name(layout).replace(".md", ".po")


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def _entry(catalog: Path, msgid: str) -> str:
    """The lines of the entry of ``msgid`` in ``catalog``, comments and flags included."""
    for block in catalog.read_text(encoding="utf-8").split("\n\n"):
        if f'msgid "{msgid}' in block:
            return block
    raise AssertionError(f"no entry {msgid!r} in {catalog}")


@pytest.mark.parametrize("head", ["", HEAD], ids=["no-front-matter", "front-matter"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_an_edited_page_is_kept_adopted_and_l10ns_again(tmp_path: Path, l10n: Runner, layout: str, head: str) -> None:
    page = _site(tmp_path, layout, head)
    l10n.sync(tmp_path)
    built = page.read_text(encoding="utf-8")
    assert MACHINE in built
    edited = _edit(page)
    shown = page.relative_to(tmp_path).as_posix()
    expected = [
        (
            f"error: {shown}: not overwritten: edited since l10n wrote it; run 'l10n adopt {shown}' to take the edits into the"
            f" catalog, or 'l10n build --force {_name(layout)}' to overwrite them"
        )
    ]
    for command in (("build",), ("build", _name(layout))):
        done = l10n(tmp_path, *command)
        assert done.exit_code == 1 and _errors(done.output) == expected, (command, done.output)
        assert page.read_bytes() == edited
    # sync sees a page edited in place when it builds the note again (an English edit): the
    # page is still kept, and said, by the dry run as by the run
    note = tmp_path / LAYOUTS[layout][1] / "intro.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    for command in (("sync", "--engine", "pseudo", "--dry-run"), ("sync", "--engine", "pseudo")):
        done = l10n(tmp_path, *command)
        assert done.exit_code == 1 and _errors(done.output) == expected, (command, done.output)
        assert page.read_bytes() == edited
    # adopt PAGE (no --lang): the edited sentence goes into the catalog, nothing is lost
    adopted = l10n(tmp_path, "adopt", shown)
    assert adopted.exit_code == 0 and "1 edited replaced" in adopted.output and "kept:" not in adopted.output, adopted.output
    entry = _entry(_catalog(tmp_path, layout), "Some text written here")
    assert EDITED in entry and "mt: " not in entry, entry
    # the link as the catalog holds it, not as the build led it from the page's folder (hugo-suffix: other.fr.md)
    assert f'msgstr "{EDITED}other.md)."' in entry, entry
    assert page.read_bytes() == edited
    done = l10n(tmp_path, "sync", "--engine", "pseudo")  # translates the new paragraph, writes the page
    assert done.exit_code == 0, done.output
    rebuilt = page.read_text(encoding="utf-8")
    assert EDITED in rebuilt and "ñééŵ þááŕááĝŕááþĥ" in rebuilt, rebuilt
    # l10n's own again: a translator's msgstr edit is built over it
    catalog = _catalog(tmp_path, layout)
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("corrigé", "revu"), encoding="utf-8")
    assert not _errors(l10n.sync(tmp_path))
    assert "Du texte revu à la main" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_sync_sees_a_page_edited_in_place_with_its_note_and_catalog_untouched(tmp_path: Path, l10n: Runner, layout: str) -> None:
    """Issue s19-left 2: sync stat-ed notes and catalogs only, so a page edited in place in an
    output folder of its own was called current (exit 0, nothing said) until its note or catalog
    changed, while build named it. Now sync, its dry run and build say the same."""
    page = _site(tmp_path, layout)
    l10n.sync(tmp_path)
    edited = _edit(page)
    shown = page.relative_to(tmp_path).as_posix()
    expected = [
        (
            f"error: {shown}: not overwritten: edited since l10n wrote it; run 'l10n adopt {shown}' to take the edits into the"
            f" catalog, or 'l10n build --force {_name(layout)}' to overwrite them"
        )
    ]
    for command in (("sync", "--engine", "pseudo", "--dry-run"), ("sync", "--engine", "pseudo"), ("sync", "--engine", "pseudo"), ("build",)):
        done = l10n(tmp_path, *command)
        assert done.exit_code == 1 and _errors(done.output) == expected, (command, done.output)
        assert page.read_bytes() == edited
    status = l10n(tmp_path, "status", "--by-note")
    assert "1 stale of 2" in status.output, status.output
    assert l10n(tmp_path, "adopt", shown).exit_code == 0
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    assert page.read_bytes() == edited


def test_an_edited_page_whose_catalog_is_untouched_is_rebuilt_as_edited(tmp_path: Path, l10n: Runner) -> None:
    """The note and catalog unchanged since the build: the edited sentence is approved, and
    the build then finds the very bytes of the page (nothing written, no error)."""
    page = _site(tmp_path, "folder")
    l10n.sync(tmp_path)
    page.write_text(page.read_text(encoding="utf-8").replace("[Ṁóóŕéé ţééẋţ.]", "Encore du texte."), encoding="utf-8")
    edited = page.read_bytes()
    adopted = l10n(tmp_path, "adopt", "--lang", "fr", "intro.md")
    assert adopted.exit_code == 0, adopted.output
    entry = _entry(_catalog(tmp_path, "folder"), "More text.")
    assert 'msgstr "Encore du texte."' in entry and "fuzzy" not in entry and "mt: " not in entry, entry
    done = l10n(tmp_path, "build")
    assert done.exit_code == 0 and "0 notes written" in done.output, done.output
    assert page.read_bytes() == edited


def test_build_force_overwrites_an_edited_page(tmp_path: Path, l10n: Runner) -> None:
    page = _site(tmp_path, "docusaurus")
    l10n.sync(tmp_path)
    built = page.read_bytes()
    _edit(page)
    assert l10n(tmp_path, "build").exit_code == 1
    done = l10n(tmp_path, "build", "--force", "intro.md")
    assert done.exit_code == 0 and not _errors(done.output), done.output
    assert page.read_bytes() == built


def test_a_page_l10n_wrote_unchanged_is_not_adopted(tmp_path: Path, l10n: Runner) -> None:
    page = _site(tmp_path, "folder")
    l10n.sync(tmp_path)
    adopted = l10n(tmp_path, "adopt", page.relative_to(tmp_path).as_posix())
    assert "is l10n's own page" in adopted.output and "0 catalogs written" in adopted.output, adopted.output


def test_what_the_catalog_cannot_hold_keeps_the_page(tmp_path: Path, l10n: Runner) -> None:
    """A paragraph the translator added (the English note lacks it) cannot go into the catalog:
    adopt says so, and the build keeps the page — as the page adopt took in (a note, exit 0), not
    an error asking to run adopt again (a loop)."""
    page = _site(tmp_path, "folder")
    l10n.sync(tmp_path)
    page.write_text(page.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n", encoding="utf-8")
    edited = page.read_bytes()
    adopted = l10n(tmp_path, "adopt", "translated/fr/intro.md")
    assert adopted.exit_code == 0 and "kept: translated/fr/intro.md says more than its catalog gives back" in adopted.output, adopted.output
    built = l10n(tmp_path, "build")
    assert built.exit_code == 0 and page.read_bytes() == edited, built.output
    assert "note: translated/fr/intro.md: kept as its owner wrote it" in built.output
    assert "l10n adopt translated/fr/intro.md" not in built.output


HAND = "# Introduction\n\nDu texte écrit à la main, voir [l'autre note](other.md).\n\nEncore du texte.\n"


@pytest.mark.parametrize("layout", ["docusaurus", "hugo-dir", "output"])
def test_translate_alone_spends_nothing_on_a_hand_translation(tmp_path: Path, l10n: Runner, layout: str) -> None:
    page = _site(tmp_path, "docusaurus" if layout == "docusaurus" else layout)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(HAND, encoding="utf-8")
    assert l10n(tmp_path, "extract").exit_code == 0
    for args in (("--dry-run",), ()):
        done = l10n(tmp_path, "translate", "--engine", "pseudo", *args)
        assert done.exit_code == 0, done.output
        assert (
            "fr: 1 note not sent: its page is a translation made or edited by hand, which the build keeps;"
            " run 'l10n adopt --lang fr' to take it into the catalogs"
        ) in done.output.splitlines(), done.output
        assert ("would send 2 segments" if args else "fr: 2 translated by pseudo") in done.output, done.output  # other.md's
    assert "mt: " not in _catalog(tmp_path, layout).read_text(encoding="utf-8")
    adopted = l10n(tmp_path, "adopt", "--lang", "fr")
    assert adopted.exit_code == 0 and "3 aligned" in adopted.output, adopted.output
    assert l10n(tmp_path, "build").exit_code == 0
    assert "Du texte écrit à la main" in page.read_text(encoding="utf-8")


def test_a_hand_translation_beats_machine_text_in_a_fresh_clone(tmp_path: Path) -> None:
    """The catalog filled by machine before the hand translation came (and no bookkeeping: a
    fresh clone): the page is not the machine text's rendering, so build keeps it; adopt puts
    the page's text in place of the machine msgstrs, and the build then writes it."""
    page = _site(tmp_path, "docusaurus")
    assert as_user(tmp_path, "sync", "--engine", "pseudo").returncode == 0
    for path in (tmp_path / "locales").glob(".l10n-cache.sqlite3*"):
        path.unlink()
    page.write_text(HAND, encoding="utf-8")
    done = as_user(tmp_path, "build")
    assert done.returncode == 1 and "current/intro.md: not overwritten: l10n did not write this page" in done.stderr, done.stderr
    assert page.read_text(encoding="utf-8") == HAND
    adopted = as_user(tmp_path, "adopt", "--lang", "fr")
    assert adopted.returncode == 0 and "3 machine or fuzzy replaced" in adopted.stdout, adopted.stdout + adopted.stderr
    entry = _entry(_catalog(tmp_path, "docusaurus"), "More text.")
    assert 'msgstr "Encore du texte."' in entry and "mt: " not in entry and "fuzzy" not in entry, entry
    assert as_user(tmp_path, "sync", "--engine", "pseudo").returncode == 0
    assert "Encore du texte." in page.read_text(encoding="utf-8")


def test_an_approved_translation_is_not_replaced_by_a_hand_page(tmp_path: Path, l10n: Runner) -> None:
    page = _site(tmp_path, "docusaurus")
    l10n.sync(tmp_path)
    catalog = _catalog(tmp_path, "docusaurus")
    text = catalog.read_text(encoding="utf-8")
    block = _entry(catalog, "More text.")
    catalog.write_text(text.replace(block, 'msgid "More text."\nmsgstr "Plus de texte."'), encoding="utf-8")
    cachedb.close()  # the runs are in this process: a connection kept open would write to the deleted file
    page.write_text(HAND, encoding="utf-8")
    for path in (tmp_path / "locales").glob(".l10n-cache.sqlite3*"):
        path.unlink()
    adopted = l10n(tmp_path, "adopt", "--lang", "fr")
    assert adopted.exit_code == 0 and "1 already translated" in adopted.output, adopted.output
    assert 'msgstr "Plus de texte."' in catalog.read_text(encoding="utf-8")


def test_no_other_run_forgets_that_a_page_was_edited(tmp_path: Path, l10n: Runner) -> None:
    """The build record is what tells the page edited: neither a forced build of another note
    nor a build that fails (a catalog that cannot be read) may forget it, or the next build
    would take the page for the catalog's rendering and overwrite it."""
    page = _site(tmp_path, "folder")
    l10n.sync(tmp_path)
    edited = _edit(page)
    assert l10n(tmp_path, "build", "--force", "other.md").exit_code == 0
    catalog = _catalog(tmp_path, "folder")
    good = catalog.read_bytes()
    catalog.write_bytes(good + b'\nmsgid "broken\n')
    failed = l10n(tmp_path, "build")
    assert failed.exit_code == 1 and "intro.po" in failed.output, failed.output
    catalog.write_bytes(good)
    done = l10n(tmp_path, "build")
    assert done.exit_code == 1 and "edited since l10n wrote it" in done.output, done.output
    assert page.read_bytes() == edited


def test_adopt_keeps_what_a_person_wrote_in_the_catalog(tmp_path: Path, l10n: Runner) -> None:
    """A hand page replaces machine output, but not machine output a translator corrected (it
    still says ``mt:``, the memory holds what the engine gave) and never loses a person's fuzzy
    msgstr (kept in a comment beside the page's text)."""
    page = _site(tmp_path, "docusaurus")
    l10n.sync(tmp_path)
    catalog = _catalog(tmp_path, "docusaurus")
    text = catalog.read_text(encoding="utf-8")
    corrected = _entry(catalog, "More text.")
    assert "# mt: pseudo" in corrected and "#, fuzzy" in corrected
    text = text.replace(corrected, corrected.replace('msgstr "[Ṁóóŕéé ţééẋţ.]"', 'msgstr "Plus de texte."'))
    person = _entry(catalog, "Intro")
    text = text.replace(person, '#, fuzzy\nmsgid "Intro"\nmsgstr "Intro à revoir"')
    catalog.write_text(text, encoding="utf-8")
    page.write_text(HAND, encoding="utf-8")
    cachedb.close()  # the runs are in this process: a connection kept open would write to the deleted file
    for path in (tmp_path / "locales").glob(".l10n-cache.sqlite3*"):
        path.unlink()
    adopted = l10n(tmp_path, "adopt", "--lang", "fr")
    assert adopted.exit_code == 0 and "2 machine or fuzzy replaced, 1 already translated" in adopted.output, adopted.output
    assert 'msgstr "Plus de texte."' in _entry(catalog, "More text.")
    intro = _entry(catalog, "Intro")
    assert 'msgstr "Introduction"' in intro and '# adopt: replaced "Intro à revoir"' in intro, intro
    assert 'msgstr "Du texte écrit à la main' in _entry(catalog, "Some text written here")


def test_a_fresh_clone_builds_after_every_msgstr_of_a_page_was_edited(tmp_path: Path, l10n: Runner) -> None:
    """No record, and no segment of the page shows a msgstr of the catalog (a reviewer went
    through the whole note in the PO file): the page still shows what the engine gave, which
    the translation memory holds, so it is the catalog's earlier rendering and is built again."""
    page = _site(tmp_path, "output")
    l10n.sync(tmp_path)
    catalog = _catalog(tmp_path, "output")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "[', 'msgstr "Revu ['), encoding="utf-8")
    cachedb.close()  # the runs are in this process: a connection kept open would write to the deleted file
    for path in (tmp_path / "locales").glob(".l10n-cache.sqlite3*"):
        path.unlink()
    done = l10n(tmp_path, "build")
    assert done.exit_code == 0 and not _errors(done.output), done.output
    assert page.read_text(encoding="utf-8").count("Revu [") == 3


@pytest.mark.parametrize("head", ["", HEAD], ids=["no-front-matter", "front-matter"])
@pytest.mark.parametrize("layout", ["folder", "docusaurus", "hugo-dir"])
def test_a_fresh_clone_keeps_a_page_someone_typed_on(tmp_path: Path, layout: str, head: str) -> None:
    """No bookkeeping (a fresh clone), the translation memory kept: a segment of l10n's page
    that neither the catalog nor the memory explains was typed on the page. The build keeps the
    page and says so; adopt takes the edit for review; the build then writes that page again."""
    page = _site(tmp_path, layout, head)
    assert as_user(tmp_path, "sync", "--engine", "pseudo").returncode == 0
    for path in (tmp_path / "locales").glob(".l10n-cache.sqlite3*"):
        path.unlink()
    edited = _edit(page)
    shown = page.relative_to(tmp_path).as_posix()
    for command in (("sync", "--engine", "pseudo", "--dry-run"), ("build",), ("sync", "--engine", "pseudo")):
        done = as_user(tmp_path, *command)
        assert done.returncode == 1 and f"error: {shown}: not overwritten: edited since l10n wrote it;" in done.stderr, done.stderr
        assert page.read_bytes() == edited  # the memory tells: the page was edited, not its catalog
    adopted = as_user(tmp_path, "adopt", shown)
    assert adopted.returncode == 0 and "1 edited replaced" in adopted.stdout, adopted.stdout + adopted.stderr
    entry = _entry(_catalog(tmp_path, layout), "Some text written here")
    assert EDITED in entry and "please review" in entry and "#, fuzzy" in entry, entry
    done = as_user(tmp_path, "build")
    assert done.returncode == 0, done.stderr
    assert page.read_bytes() == edited


def test_a_fresh_clone_still_builds_after_a_msgstr_and_an_english_edit(tmp_path: Path, l10n: Runner) -> None:
    """What the memory explains is no one's typing: a page showing an older msgstr (the
    catalog edited since) and the translation of an older English text is rebuilt."""
    page = _site(tmp_path, "docusaurus")
    l10n.sync(tmp_path)
    cachedb.close()  # the runs are in this process: a connection kept open would write to the deleted file
    for path in (tmp_path / "locales").glob(".l10n-cache.sqlite3*"):
        path.unlink()
    catalog = _catalog(tmp_path, "docusaurus")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("[Ṁóóŕéé ţééẋţ.]", "Plus de texte."), encoding="utf-8")
    note = tmp_path / "docs/intro.md"
    note.write_text(note.read_text(encoding="utf-8").replace("# Intro", "# Introduction"), encoding="utf-8")
    done = l10n(tmp_path, "sync", "--engine", "pseudo")
    assert done.exit_code == 0 and not _errors(done.output), done.output
    built = page.read_text(encoding="utf-8")
    assert "Plus de texte." in built and "[ÍÍñţŕóóđúúçţííóóñ]" in built, built


def test_adopt_needs_a_language_or_pages(tmp_path: Path, l10n: Runner) -> None:
    _site(tmp_path, "folder")
    for args in ((), ("intro.md",)):
        done = l10n(tmp_path, "adopt", *args)
        assert done.exit_code == 2 and "--lang is needed, unless every argument is a translated page" in done.output, done.output


@pytest.mark.parametrize("extra", ["", "\nUn paragraphe que l'anglais n'a pas.\n"], ids=["all-taken", "a-block-more"])
def test_a_hand_page_with_front_matter_is_kept_once_adopted(tmp_path: Path, l10n: Runner, extra: str) -> None:
    """A hand translation with front matter of its own (no translated: true) stays its owner's,
    byte for byte, once adopt put its text in the catalog — whether or not the build would write
    all it says: sync says so on a note line (exit 0), never 'run adopt' again, and sends none
    of its segments; 'build --force NOTE' (the owner saying otherwise) writes it from the catalog."""
    page = _site(tmp_path, "docusaurus", HEAD)
    hand = "---\ntitle: Introduction\n---\n\n" + HAND + extra
    page.parent.mkdir(parents=True)
    page.write_text(hand, encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 1
    assert l10n(tmp_path, "adopt", "--lang", "fr").exit_code == 0
    for args in (("sync", "--dry-run"), ("sync", "--engine", "pseudo"), ("build",)):
        done = l10n(tmp_path, *args)
        assert done.exit_code == 0 and not _errors(done.output), done.output
        assert "note: i18n/fr/docusaurus-plugin-content-docs/current/intro.md: kept as its owner wrote it" in done.output
        assert "l10n adopt" not in done.output.replace("'l10n adopt' took", "")
        assert page.read_text(encoding="utf-8") == hand
    assert l10n(tmp_path, "build", "--force", "intro.md").exit_code == 0
    assert "translated: true" in page.read_text(encoding="utf-8")
    assert l10n(tmp_path, "build").exit_code == 0  # l10n's page now


def test_a_hand_page_adopted_in_part_is_never_written_over(tmp_path: Path, l10n: Runner) -> None:
    """A hand translation without front matter with a block the English lacks: adopt takes the
    rest, and the page, though it now shows the catalog's text, still says more than the build
    would write (and no memory knows that block): kept, not written over."""
    page = _site(tmp_path, "docusaurus")
    hand = HAND + "\nUn paragraphe que l'anglais n'a pas.\n"
    page.parent.mkdir(parents=True)
    page.write_text(hand, encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 1
    assert l10n(tmp_path, "adopt", "--lang", "fr").exit_code == 0
    done = l10n(tmp_path, "sync", "--engine", "pseudo")
    assert done.exit_code == 0 and "current/intro.md: kept as its owner wrote it" in done.output, done.output
    assert page.read_text(encoding="utf-8") == hand


def test_a_fresh_clone_without_the_memory_stops_rather_than_guess(tmp_path: Path, l10n: Runner) -> None:
    """No bookkeeping and no memory: a msgstr edited since the page was built cannot be told
    from text typed on the page. The build keeps the page and says so (never a silent loss);
    build --force writes it."""
    page = _site(tmp_path, "folder")
    l10n.sync(tmp_path)
    cachedb.close()  # the runs are in this process: a connection kept open would write to the deleted file
    for path in (tmp_path / "locales").glob(".l10n-*.sqlite3*"):
        path.unlink()
    catalog = _catalog(tmp_path, "folder")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("[Ṁóóŕéé ţééẋţ.]", "Plus de texte."), encoding="utf-8")
    done = l10n(tmp_path, "build")
    assert done.exit_code == 1 and "translated/fr/intro.md: not overwritten: edited since l10n wrote it, or its catalog was" in done.output, done.output
    assert "cannot tell which" in done.output and "'l10n build --force intro.md' writes the page from it" in done.output
    assert l10n(tmp_path, "build", "--force").exit_code == 0
    assert "Plus de texte." in page.read_text(encoding="utf-8")


def test_a_fresh_clone_without_the_memory_builds_after_an_english_edit(tmp_path: Path, l10n: Runner) -> None:
    """No bookkeeping, no memory, an English edit: the page shows the catalog's older msgstrs
    (kept beside the changed source, or obsolete), which explain it: built again."""
    page = _site(tmp_path, "folder")
    l10n.sync(tmp_path)
    cachedb.close()  # the runs are in this process: a connection kept open would write to the deleted file
    for path in (tmp_path / "locales").glob(".l10n-*.sqlite3*"):
        path.unlink()
    note = tmp_path / "source_notes/intro.md"
    note.write_text(note.read_text(encoding="utf-8").replace("More text.", "More text here.") + "\nNew.\n", encoding="utf-8")
    done = l10n(tmp_path, "sync", "--engine", "pseudo")
    assert done.exit_code == 0 and not _errors(done.output), done.output
    assert "[Ñééŵ.]" in page.read_text(encoding="utf-8")
