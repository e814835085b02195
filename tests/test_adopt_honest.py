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


# -- 1: a pairing only position tells is not approved -----------------------------------------


def approved(catalog: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in Catalog.load(catalog) if e.msgstr and not e.fuzzy}


def test_two_swapped_paragraphs_of_one_shape_are_left_for_review(tmp_path: Path) -> None:
    """Nothing on either side tells the two paragraphs apart but their order: the translator
    exchanged them, and adopt approved each with the other's translation."""
    catalog = project(
        tmp_path,
        "# Notes\n\nAlpha is the first letter of the Greek alphabet here.\n\n"
        "Beta comes right after it in the usual order of things.\n\nGamma is the third one.\n",
        "# नोट्स\n\nबीटा सामान्य क्रम में इसके ठीक बाद आता है।\n\nअल्फ़ा यहाँ ग्रीक वर्णमाला का पहला अक्षर है।\n\nगामा तीसरा है।\n",
    )
    result = l10n(tmp_path, "adopt", "--lang", "hi", "--from", str(tmp_path / "old"))
    assert result.exit_code == 0, result.output
    done = approved(catalog)
    assert "Alpha is the first letter of the Greek alphabet here." not in done
    assert "Beta comes right after it in the usual order of things." not in done
    assert done["Notes"] == "नोट्स" and done["Gamma is the third one."] == "गामा तीसरा है।"  # its length tells it
    comments = "\n".join(e.tcomment for e in Catalog.load(catalog) if e.fuzzy)
    assert "could as well translate another paragraph near it (nothing but their order tells them apart)" in comments


def test_what_survives_translation_tells_two_paragraphs_apart(tmp_path: Path) -> None:
    """A question, a sentence count: prose keeps them, so paragraphs of one length are told
    apart by them and approved in order (and a swap of them is not)."""
    english = "# Notes\n\nWhy would anyone write this down at all?\n\nThe first of two. The second of two.\n"
    straight = "# नोट्स\n\nकोई इसे लिखेगा ही क्यों?\n\nदो में से पहला। दो में से दूसरा।\n"
    catalog = project(tmp_path, english, straight)
    assert l10n(tmp_path, "adopt", "--lang", "hi", "--from", str(tmp_path / "old")).exit_code == 0
    assert approved(catalog)["Why would anyone write this down at all?"] == "कोई इसे लिखेगा ही क्यों?"


def test_paragraphs_with_the_same_anchors_are_not_told_apart_by_them(tmp_path: Path) -> None:
    """Both paragraphs hold the number 3: equal anchors on both sides prove no pairing when
    a neighbour has the very same ones."""
    catalog = project(
        tmp_path,
        "# Steps\n\nRun the tests 3 times on the main branch.\n\nWait 3 minutes before the next try.\n\n## End\n\nDone here.\n",
        "# चरण\n\n3 मिनट प्रतीक्षा करें फिर अगला प्रयास करें।\n\nमुख्य शाखा पर परीक्षण 3 बार चलाएँ।\n\n## अंत\n\nयहाँ समाप्त।\n",
    )
    assert l10n(tmp_path, "adopt", "--lang", "hi", "--from", str(tmp_path / "old")).exit_code == 0
    done = approved(catalog)
    assert "Run the tests 3 times on the main branch." not in done and "Wait 3 minutes before the next try." not in done
    assert done["End"] == "अंत"


# -- 3 and 6: a page adopt took in stays its owner's; no message loops back -------------------

ENGLISH = (
    "# Guide\n\nInstall the tool first, see [install](https://example.org/install).\n\n"
    "Then configure it for your project.\n\n## Run\n\nStart the server with `serve` on port 8080.\n"
)
GERMAN = (
    "# Anleitung\n\nInstallieren Sie zuerst das Werkzeug, siehe [Installation](https://example.org/install).\n\n"
    "## Ausführen\n\nStarten Sie den Server mit `serve` auf Port 8080.\n"
)


def test_a_hand_page_adopted_with_a_block_left_out_is_never_rewritten(tmp_path: Path) -> None:
    """guide.de.md lacks the English's second paragraph: after adopt, sync machine-translated
    it and wrote the page over (heading ids added), though README says the page is kept."""
    page = hugo(tmp_path, ENGLISH, GERMAN)
    assert l10n(tmp_path, "adopt", "--lang", "de").exit_code == 0
    for args in (("sync", "--dry-run"), ("sync",), ("build",), ("sync",)):
        done = l10n(tmp_path, *args)
        assert done.exit_code == 0, (args, done.output)
        assert "note: content/guide.de.md: kept as its owner wrote it" in done.output, (args, done.output)
        assert page.read_text(encoding="utf-8") == GERMAN
    assert "0 characters sent" in l10n(tmp_path, "sync").output  # nothing spent on a page nobody publishes
    entry = Catalog.load(tmp_path / "locales" / "de" / "guide.po")[(None, "Then configure it for your project.")]
    assert not entry.msgstr
    forced = l10n(tmp_path, "build", "--force", "guide.md")  # the owner says otherwise
    assert forced.exit_code == 0 and page.read_text(encoding="utf-8") != GERMAN, forced.output
    again = l10n(tmp_path, "build")
    assert again.exit_code == 0 and "kept as its owner wrote it" not in again.output, again.output


def test_no_message_leads_back_to_adopt_once_adopt_kept_the_page(tmp_path: Path) -> None:
    """A page split in two where the English has one paragraph: adopt PAGE reported it kept,
    and build went on saying 'run l10n adopt PAGE' (and sync --dry-run 'run adopt' where sync
    said the page says more than its catalog gives back)."""
    english = (
        "# Guide\n\nInstall the tool first and then configure it for your project, which takes a few minutes.\n\n"
        "## Configure\n\nOpen the settings and pick a language.\n"
    )
    german = (
        "# Anleitung\n\nInstallieren Sie zuerst das Werkzeug.\n\nKonfigurieren Sie es dann, was ein paar Minuten dauert.\n\n"
        "## Konfigurieren\n\nÖffnen Sie die Einstellungen und wählen Sie eine Sprache.\n"
    )
    page = hugo(tmp_path, english, german)
    before = l10n(tmp_path, "sync", "--dry-run")
    assert before.exit_code == 1 and "l10n adopt" in before.output  # a hand page: adopt is the way on
    for args in (("adopt", "--lang", "de"), ("adopt", "content/guide.de.md"), ("sync", "--dry-run"), ("build",), ("sync",)):
        done = l10n(tmp_path, *args)
        assert done.exit_code == 0, (args, done.output)
        assert "run 'l10n adopt" not in done.output and "error:" not in done.output, (args, done.output)
        assert page.read_text(encoding="utf-8") == german


# -- 2: a paragraph the page splits in two ----------------------------------------------------


def test_a_paragraph_split_in_two_is_adopted_joined_for_review_and_the_headings_after_it_align(tmp_path: Path) -> None:
    english = (
        "# Guide\n\nInstall the tool first and then configure it for your project, which takes a few minutes.\n\n"
        "## Configure\n\nOpen the settings.\n\n## Run\n\nStart the server.\n\n## Stop\n\nStop the server when you are done with it.\n"
    )
    german = (
        "# Anleitung\n\nInstallieren Sie zuerst das Werkzeug.\n\nKonfigurieren Sie es dann für Ihr Projekt, was ein paar Minuten dauert.\n\n"
        "## Konfigurieren\n\nÖffnen Sie die Einstellungen.\n\n## Ausführen\n\nStarten Sie den Server.\n\n"
        "## Anhalten\n\nHalten Sie den Server an, wenn Sie fertig sind.\n"
    )
    hugo(tmp_path, english, german)
    assert l10n(tmp_path, "adopt", "--lang", "de").exit_code == 0
    catalog = Catalog.load(tmp_path / "locales" / "de" / "guide.po")
    split = catalog[(None, "Install the tool first and then configure it for your project, which takes a few minutes.")]
    assert split.msgstr == "Installieren Sie zuerst das Werkzeug. Konfigurieren Sie es dann für Ihr Projekt, was ein paar Minuten dauert."
    assert split.fuzzy and "the page splits it in two paragraphs, joined here" in split.tcomment
    headings = {e.msgid: (e.msgstr, e.fuzzy) for e in catalog if "heading" in e.comment}
    assert headings == {
        "Guide": ("Anleitung", False), "Configure": ("Konfigurieren", False), "Run": ("Ausführen", False), "Stop": ("Anhalten", False),
    }


def test_check_tells_a_page_adopt_kept_without_failing(tmp_path: Path) -> None:
    """check said 'kept-page' as an error (exit 1) for the page build keeps as its owner chose."""
    english = "---\ntitle: Guide\n---\n\n" + ENGLISH
    german = "---\ntitle: Anleitung\n---\n\n" + GERMAN
    hugo(tmp_path, english, german)
    assert l10n(tmp_path, "adopt", "--lang", "de").exit_code == 0
    checked = l10n(tmp_path, "check")
    assert "kept as its owner wrote it" in checked.output and "[kept-page]" in checked.output, checked.output
    assert checked.exit_code == 0, checked.output


def test_two_headings_side_by_side_exchanged_are_left_for_review(tmp_path: Path) -> None:
    """Two headings of one level with nothing between them, exchanged: the sequence of heading
    levels is the same, and each was approved with the other's text."""
    catalog = project(
        tmp_path,
        "# Guide\n\n## Your first steps\n\n## Your next steps\n\nSome text here.\n",
        "# गाइड\n\n## आपके अगले कदम\n\n## आपके पहले कदम\n\nयहाँ कुछ पाठ।\n",
    )
    assert l10n(tmp_path, "adopt", "--lang", "hi", "--from", str(tmp_path / "old")).exit_code == 0
    done = approved(catalog)
    assert "Your first steps" not in done and "Your next steps" not in done
    assert done["Guide"] == "गाइड"
