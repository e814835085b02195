"""What ``check``, ``build``, ``sync`` and ``status`` tell the user (review 18's defect 3): a
top-of-page link is no broken anchor, a kept hand translation is named as such, held-back
languages are said, and every percentage is rounded by one rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner

TOP_LINKS = """# Guide

Go [up](#) or [to the top](#top) or [TOP](#Top) or [the guide](#guide), see [b](b-en.md#) and [b's top](b-en.md#top).

A [broken one](#nope), an [empty destination]() and [b's top in capitals](b-en.md#TOP).
"""


def _warnings(output: str) -> list[str]:
    return [line.split(" (by GitHub")[0].rsplit(" [", 1)[0] for line in output.splitlines() if "no such anchor" in line]


@pytest.mark.parametrize("markdown", ["gfm", "mkdocs", "hugo"])
def test_a_link_to_the_top_of_the_page_is_no_broken_anchor(project: Callable[..., Path], l10n: Runner, markdown: str) -> None:
    root = project({"a-en.md": TOP_LINKS, "b-en.md": "# B\n\nText.\n"}, ("hi",), f'markdown = "{markdown}"\n')
    l10n.sync(root)
    done = l10n(root, "check")
    # only the anchor that names no heading: '#', '#top' (any case) scroll to the top (HTML)
    assert _warnings(done.output) == ["source_notes/a-en.md:5: warning: no such anchor in the source: #nope"], done.output


def test_every_percentage_is_rounded_by_one_rule(project: Callable[..., Path], l10n: Runner) -> None:
    """2 of 3 segments: 66.7 % in status' table, Markdown and JSON (66.67) as in adopt's and sync's
    lines, where status truncated to 66.6 % and adopt rounded to 66.7 %."""
    import json

    import polib

    root = project({"a-en.md": "# Guide\n\nInstall it first.\n\nThen run it.\n"})
    l10n.sync(root)
    po = polib.pofile(str(root / "locales/hi/a-en.po"))
    for entry in po:
        entry.flags = []  # approved
    po.find("Then run it.").msgstr = ""
    po.save()
    table = l10n(root, "status").output
    assert "66.7%" in table and "66.6%" not in table, table
    assert "66.7%" in l10n(root, "status", "--format", "markdown").output
    report = json.loads(l10n(root, "status", "--format", "json").stdout)
    assert report["languages"][0]["coverage"] == 66.67 and report["languages"][0]["approved"] == 66.67


@pytest.mark.parametrize("page", ["# गाइड\n\nपाठ।\n", "---\nlang: hi\n---\n# गाइड\n\nपाठ।\n"])
def test_check_names_a_kept_hand_translation_as_such(project: Callable[..., Path], l10n: Runner, page: str) -> None:
    """A hand translation at the output of a note with front matter, which build keeps (sync
    says so): check said "front matter missing", as if a build had lost it."""
    root = project({"a-en.md": "---\ntitle: A\n---\n# Guide\n\nText.\n"}, ("hi",), 'markdown = "gfm"\n')
    (root / "translated/hi").mkdir(parents=True)
    (root / "translated/hi/a-hi.md").write_text(page, encoding="utf-8")
    synced = l10n(root, "sync", "--engine", "pseudo")
    assert synced.exit_code == 1 and "translated/hi/a-hi.md: not overwritten" in synced.output, synced.output
    done = l10n(root, "check")
    assert done.exit_code == 1
    lines = [line for line in done.output.splitlines() if line.startswith("translated/")]
    assert lines == [
        (
            "translated/hi/a-hi.md: not overwritten: l10n did not write this page (no build record, no translated: true "
            "in its front matter); run 'l10n adopt --lang hi' to take its translations into the catalog, or delete it "
            "to let l10n build it [kept-page]"
        )
    ], done.output


def test_check_still_names_front_matter_a_built_page_lost(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": "---\ntitle: A\n---\n# Guide\n\nText.\n"}, ("hi",), 'markdown = "gfm"\n')
    l10n.sync(root)
    page = root / "translated/hi/a-hi.md"
    page.write_text(page.read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")
    done = l10n(root, "check")
    assert "translated/hi/a-hi.md:1: front matter missing (the source has one) [front-matter]" in done.output, done.output


@pytest.mark.parametrize("bookkeeping", [True, False])
def test_status_measures_coverage_against_the_current_english(project: Callable[..., Path], l10n: Runner, bookkeeping: bool) -> None:
    """An English note edited, then only ``build`` run: status said 100 % of the catalog's old
    segments; the edited and the new paragraph are untranslated until extract and translate
    run (review 18's defect 2). Without the bookkeeping file (a fresh clone), the same."""
    import json

    root = project({"a-en.md": "# Guide\n\nInstall it first.\n\nThen run it.\n"}, ("hi",), 'engine = "pseudo"\n')
    l10n.sync(root)
    (root / "source_notes/a-en.md").write_text("# Guide\n\nInstall it first.\n\nThen run it again.\n\nNew one.\n", encoding="utf-8")
    assert l10n(root, "build").exit_code == 0
    if not bookkeeping:
        (root / "locales/.l10n-cache.sqlite3").unlink()
    report = json.loads(l10n(root, "status", "--format", "json").stdout)["languages"][0]
    assert (report["segments"]["total"], report["segments"]["untranslated"], report["coverage"]) == (4, 2, 50.0), report
    assert report["behind"] == 1
    gate = l10n(root, "status", "--fail-under", "90")
    assert gate.exit_code == 1 and "coverage below 90%: hi (Hindi) 50%" in gate.output, gate.output
    assert (
        "hi: 1 note edited since its catalog was extracted, counted against the current English "
        "(its new and edited segments untranslated): run 'l10n sync'"
    ) in gate.output
    l10n.sync(root)  # extract and translate: complete again
    again = json.loads(l10n(root, "status", "--format", "json").stdout)["languages"][0]
    assert (again["coverage"], again["behind"]) == (100.0, 0)
    touched = root / "source_notes/a-en.md"  # a touch, the same bytes: not behind
    touched.write_bytes(touched.read_bytes())
    assert json.loads(l10n(root, "status", "--format", "json").stdout)["languages"][0]["behind"] == 0


def test_min_coverage_is_measured_against_the_current_english_and_said_per_language(
    project: Callable[..., Path], l10n: Runner
) -> None:
    """``build`` alone after an English edit: the page was published at the catalog's old 100 %;
    a held-back language is one line (build as sync), exit 0 as documented."""
    root = project(
        {"a-en.md": "# Guide\n\nInstall it first.\n\nThen run it.\n", "b-en.md": "# B\n\nText.\n"},
        ("hi", "de"),
        'engine = "pseudo"\nmin_coverage = 90\n',
    )
    l10n.sync(root)
    before = (root / "translated/hi/a-hi.md").read_bytes()
    (root / "source_notes/a-en.md").write_text("# Guide\n\nInstall it first.\n\nThen run it again.\n\nNew one.\n", encoding="utf-8")
    done = l10n(root, "build")
    assert done.exit_code == 0, done.output
    said = [line for line in done.output.splitlines() if "min_coverage" in line]
    assert said == [
        "hi: 1 note not published, coverage below min_coverage 90%: a-en.md (-v: each note's coverage)",
        "de: 1 note not published, coverage below min_coverage 90%: a-en.md (-v: each note's coverage)",
    ], done.output
    assert (root / "translated/hi/a-hi.md").read_bytes() == before
    verbose = l10n(root, "-v", "build")
    assert "  kept: a-en.md [hi]: 50% translated, below the minimum 90%; existing output kept" in verbose.output
