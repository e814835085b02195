"""Every count the CLI states agrees in number with it: "1 note", "2 notes", "0 errors".

The counts go through :mod:`l10n.messages`; below, each command's summary is read through the
real CLI with one of everything and with two, and the sources are searched for a count still
written straight before a plural noun (the way "1 notes" was written).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from l10n.messages import counted, plural
from l10n.mt.memory import MEMORY_FILE
from tests.conftest import Runner

PACKAGE = Path(__file__).parent.parent / "l10n"
PSEUDO = 'engine = "pseudo"\n'


def test_counted_follows_englishs_plural_rule() -> None:
    assert [counted(n, "note") for n in (0, 1, 2, 1_200)] == ["0 notes", "1 note", "2 notes", "1,200 notes"]
    assert counted(1, "reply", "replies") == "1 reply" and counted(3, "reply", "replies") == "3 replies"
    assert [plural(n, "needs", "need") for n in (0, 1, 2)] == ["need", "needs", "need"]


_COUNT_THEN_PLURAL = re.compile(
    r"\{[^{}\n]*\}\)? (?:notes|segments|catalogs|characters|tokens|requests|errors|problems|warnings|rows"
    r"|translations|lines|attempts|replies|texts|words|languages|pages|links|units|bytes|entries)\b"
    r"|['\"]s['\"] if "
)


def test_no_message_writes_a_count_straight_before_a_plural_noun() -> None:
    """A count interpolated before a fixed plural (``f"{n} notes"``) or a hand-made ``'s' if``
    is the kind of message that said "1 notes": each goes through :func:`counted` instead."""
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _COUNT_THEN_PLURAL.search(line)
    ]
    assert found == []


def _site(make: Callable[..., Path], count: int) -> Path:
    """``count`` notes of one paragraph each (one segment), in one language (hi)."""
    return make({f"n{i}-en.md": f"Paragraph number {i} of the site.\n" for i in range(count)}, extra=PSEUDO)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (
            1,
            {
                "extract": "extract: 1 note, hi: 1 catalog written, 0 unchanged, 0 errors",
                "plan": "build: would redo 1 of 1 note",
                "send": "hi: would send 1 segment (",
                "translate": "hi: 1 translated by pseudo",
                "build": "build: 1 note, hi: 1 note written, 0 unchanged, 0 errors",
                "sync": "of 1 segment in 1 note)",
                "check": "check: 1 note, hi: 0 problems",
                "orphans": "hi: 1 catalog without a note",
                "memory": "memory export: 1 translation unit from",
                "adopt": "adopt: 1 note, ",
                "import": "memory import: 1 translation read from",
                "rows": "(1 row now)",
            },
        ),
        (
            2,
            {
                "extract": "extract: 2 notes, hi: 2 catalogs written, 0 unchanged, 0 errors",
                "plan": "build: would redo 2 of 2 notes",
                "send": "hi: would send 2 segments (",
                "translate": "hi: 2 translated by pseudo",
                "build": "build: 2 notes, hi: 2 notes written, 0 unchanged, 0 errors",
                "sync": "of 2 segments in 2 notes)",
                "check": "check: 2 notes, hi: 0 problems",
                "orphans": "hi: 2 catalogs without a note",
                "memory": "memory export: 2 translation units from",
                "adopt": "adopt: 2 notes, ",
                "import": "memory import: 2 translations read from",
                "rows": "(2 rows now)",
            },
        ),
    ],
)
def test_each_commands_summary_agrees_with_its_count(
    project: Callable[..., Path], l10n: Runner, tmp_path: Path, count: int, expected: dict[str, str]
) -> None:
    root = _site(project, count)
    said: dict[str, str] = {}
    said["extract"] = l10n(root, "extract").stderr
    said["plan"] = l10n(root, "sync", "--dry-run").stdout
    said["send"] = l10n(root, "translate", "--dry-run").stderr
    said["translate"] = l10n(root, "translate").stderr
    said["build"] = l10n(root, "build").stderr
    said["sync"] = l10n(root, "sync").stdout
    said["check"] = l10n(root, "check").stderr
    # the pseudo engine's rows stay out of an export: the rows are made a real engine's
    with sqlite3.connect(root / "locales" / MEMORY_FILE) as db:
        db.execute("UPDATE memory_rows SET origin = 'machine:deepl'")
    db.close()
    said["memory"] = l10n(root, "memory", "export", str(tmp_path / "memory.tmx")).stderr
    # the built pages, copied (at their own place they are l10n's, not adopted): already translated
    shutil.copytree(root / "translated/hi", tmp_path / "pages")
    said["adopt"] = l10n(root, "adopt", "--lang", "hi", "--from", str(tmp_path / "pages")).stderr
    said["import"] = said["rows"] = l10n(
        root, "memory", "import", str(tmp_path / "memory.tmx"), "--memory", str(tmp_path / "other.sqlite3")
    ).stderr
    for i in range(count):  # catalogs whose note is gone
        (root / f"locales/hi/gone{i}-en.po").write_bytes((root / "locales/hi/n0-en.po").read_bytes())
    said["orphans"] = l10n(root, "status").stdout
    for name, text in expected.items():
        assert text in said[name], (name, said[name])


def test_the_sync_coverage_line_never_shows_100_for_less_as_status_does() -> None:
    """One untranslated segment of 2,000 is 99.95 %: 99.9 % as ``status`` shows it (only a
    complete language says 100), never 100.0 % beside '1 untranslated'; 2 of 3 is 66.7 %
    (rounded half up, as every percentage is shown: l10n.messages.shown_percent)."""
    from l10n.cli.app import coverage_line
    from l10n.po.policy import Coverage

    line = coverage_line("hi", Coverage(total=2000, translated=1999, untranslated=1), 1)
    assert line.startswith("hi (Hindi): 99.9% translated, 99.9% approved"), line
    assert coverage_line("hi", Coverage(total=2, translated=2), 1).startswith("hi (Hindi): 100.0% translated, 100.0% approved")
    line = coverage_line("hi", Coverage(total=3, translated=2, untranslated=1), 1)
    assert line.startswith("hi (Hindi): 66.7% translated, 66.7% approved"), line


def test_the_sync_coverage_line_of_nothing_gives_no_percentage() -> None:
    """An empty ``--shard`` (or notes of code only) has no segments: 100 % of 0 would read as work done."""
    from l10n.cli.app import coverage_line
    from l10n.po.policy import Coverage

    assert coverage_line("hi", Coverage(), 0) == "hi (Hindi): no segments to translate in 0 notes"
    assert coverage_line("hi", Coverage(), 1) == "hi (Hindi): no segments to translate in 1 note"
