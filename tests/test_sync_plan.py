"""``sync --dry-run`` tells what the real run then does, and writes nothing.

The translate line of a dry run used to count the catalogs on disk, before extract: an edited
note's new paragraphs and a new note (no catalog yet) were not counted ("would send 0
segments"). The plan now makes those catalogs in memory as extract would (:mod:`l10n.mt.plan`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from l10n.store import verdicts
from tests.conftest import Runner


@pytest.fixture(autouse=True)
def _own_verdict_store() -> None:
    """Start without another test's project attached to the validator's pass store: attaching
    this one writes that one's passes first, which closes this project's bookkeeping connection
    in mid-run (one process, two projects: never in a CLI run) and loses the run's records."""
    verdicts.detach()


EXTRA = 'engine = "pseudo"\nmarkdown = "gfm"\n'


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` (hidden ones and the bookkeeping database included): its bytes
    and ``mtime_ns``."""
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            found[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def _would_send(output: str) -> dict[str, int]:
    return {lang: int(n.replace(",", "")) for lang, n in re.findall(r"^(\w+): would send ([\d,]+) segment", output, re.MULTILINE)}


def _translated(output: str) -> dict[str, int]:
    return {lang: int(n.replace(",", "")) for lang, n in re.findall(r"^(\w+): ([\d,]+) translated by", output, re.MULTILINE)}


def _from_memory(output: str) -> list[str]:
    return re.findall(r"([\d,]+) (?:reused )?from memory", output)


def test_the_dry_run_counts_what_extract_would_add_and_writes_nothing(project: Callable[..., Path], l10n: Runner) -> None:
    root = project(
        {
            "a-en.md": "# Setup\n\nInstall it first.\n\nThen run it.\n",
            "b-en.md": "# Guide\n\nRead the [setup](a-en.md).\n",
        },
        ("hi", "de"),
        EXTRA,
    )
    assert l10n(root, "sync").exit_code == 0
    # an edited note (one sentence changed, one paragraph added) and a new note
    (root / "source_notes/a-en.md").write_text(
        "# Setup\n\nInstall it first, then check it.\n\nThen run it.\n\nA paragraph added later.\n", encoding="utf-8"
    )
    (root / "source_notes/c-en.md").write_text("# Other\n\nA new note.\n\nInstall it first.\n", encoding="utf-8")
    before = _tree(root)
    plan = l10n(root, "sync", "--dry-run")
    assert plan.exit_code == 0, plan.output
    assert _tree(root) == before  # not a byte nor a timestamp changed, the database's included
    planned = _would_send(plan.stdout)
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    # two new texts in each note; the new note's 'Install it first.' comes from the memory
    assert _translated(done.stderr) == planned == {"hi": 4, "de": 4}, (plan.stdout, done.stderr)
    assert _from_memory(done.stderr) == _from_memory(plan.stdout) == ["1", "1"]
    again = l10n(root, "sync", "--dry-run")
    assert _would_send(again.stdout) == {"hi": 0, "de": 0}


def test_a_note_in_its_own_language_and_a_forced_plan_count_as_the_run_does(
    project: Callable[..., Path], l10n: Runner
) -> None:
    root = project({"a-en.md": "# Setup\n\nInstall it first.\n"}, ("hi", "de"), EXTRA)
    assert l10n(root, "sync").exit_code == 0
    (root / "source_notes/d-de.md").write_text("# Anleitung\n\nZuerst installieren.\n", encoding="utf-8")
    plan = l10n(root, "sync", "--dry-run", "--force")
    assert plan.exit_code == 0, plan.output
    done = l10n(root, "sync")
    # the German note goes to Hindi only; a's catalogs are complete
    assert _translated(done.stderr) == _would_send(plan.stdout) == {"hi": 2, "de": 0}, (plan.stdout, done.stderr)
