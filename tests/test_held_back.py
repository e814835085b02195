"""``sync`` names the notes ``min_coverage`` holds back, per language.

A translated page is published only when its coverage reaches ``min_coverage``; ``build`` said
which notes it kept back, ``sync`` said nothing, so a page was missing (or old) without a
reason given. Here a translator's approved translation breaks a link: the validator keeps it
out, the note's coverage falls to 50 % and the note is held back in that language only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Runner

NOTES = {
    "a-en.md": "# Open it\n\nOpen a [pull request](https://x.org/) now.\n",
    "b-en.md": "# Fine\n\nAll good.\n",
    "c-en.md": "# Also fine\n\nOpen a [pull request](https://x.org/) now.\n",
}


def _break_the_link(root: Path, note: str) -> None:
    """Approve a translation of the link paragraph whose '[' is lost (build rejects it)."""
    po = root / "locales/fr" / note
    text, count = re.subn(
        r'#, fuzzy\nmsgid "Open a \[pull request\]\(https://x.org/\) now."\nmsgstr "[^"]*"',
        'msgid "Open a [pull request](https://x.org/) now."\nmsgstr "Ouvrez une demande](https://x.org/) maintenant."',
        po.read_text(encoding="utf-8"),
    )
    assert count == 1
    po.write_text(text, encoding="utf-8")


def test_sync_names_the_notes_held_back_by_min_coverage(project: Callable[..., Path], l10n: Runner) -> None:
    root = project(NOTES, ("fr", "de"), 'engine = "pseudo"\nmarkdown = "gfm"\nmin_coverage = 80\n')
    first = l10n(root, "sync")
    assert first.exit_code == 0, first.output
    assert "not published" not in first.stderr
    _break_the_link(root, "a-en.po")
    _break_the_link(root, "c-en.po")
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    said = [line for line in done.stderr.splitlines() if "min_coverage" in line]
    assert said == ["fr: 2 notes not published, coverage below min_coverage 80%: a-en.md, c-en.md (-v: each note's coverage)"]
    # said again by a run with nothing new to do: the pages are still missing (the notes are
    # not recorded as built), and -v gives each note's coverage
    again = l10n(root, "-v", "sync")
    assert "fr: 2 notes not published, coverage below min_coverage 80%: a-en.md, c-en.md\n" in again.stderr
    assert "  kept: a-en.md [fr]: 50% translated, below the minimum 80%; existing output kept\n" in again.stderr
    assert "de: " not in "".join(line for line in again.stderr.splitlines() if "min_coverage" in line)
    # --min-coverage on the command line is the threshold said
    lower = l10n(root, "sync", "--min-coverage", "60")
    assert "fr: 2 notes not published, coverage below min_coverage 60%" in lower.stderr
    # one note: the singular
    (root / "source_notes/c-en.md").unlink()
    one = l10n(root, "sync")
    assert "fr: 1 note not published, coverage below min_coverage 80%: a-en.md (" in one.stderr
