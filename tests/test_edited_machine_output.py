"""Machine output a translator corrected but left marked (``#, fuzzy`` and ``# mt:``, as
Weblate's "needs editing", Lokalize and a text editor leave it) is a person's work: when its
English changes, it is kept beside the new source (``#|``), never replaced by the engine
(l10n.mt.translate.keep_edited_machine_output)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from tests.conftest import Runner

BEFORE = "The quick brown fox jumps over the lazy dog today."
AFTER = "The quick brown fox jumps over the lazy dog tonight."
CORRECTED = "आज तेज़ भूरी लोमड़ी आलसी कुत्ते के ऊपर से कूदती है।"


def _entry(root: Path, msgid: str) -> polib.POEntry:
    entry = polib.pofile(str(root / "locales/hi/a.po")).find(msgid)
    assert entry is not None
    return entry


def _correct_by_hand(root: Path, msgid: str, msgstr: str) -> None:
    po = polib.pofile(str(root / "locales/hi/a.po"))
    entry = po.find(msgid)
    assert entry is not None and "fuzzy" in entry.flags and entry.tcomment.startswith("mt: ")
    entry.msgstr = msgstr  # flag and comment left as they were
    po.save(str(root / "locales/hi/a.po"))


@pytest.mark.parametrize("policy", ["machine", "previous", "source"])
def test_a_corrected_machine_translation_survives_a_source_edit(
    project: Callable[..., Path], l10n: Runner, policy: str
) -> None:
    root = project({"a.md": f"# Title\n\n{BEFORE}\n"}, extra=f'on_source_change = "{policy}"\n')
    l10n.sync(root)
    _correct_by_hand(root, BEFORE, CORRECTED)
    l10n.sync(root)  # published as it is meanwhile
    assert CORRECTED in (root / "translated/hi/a.md").read_text(encoding="utf-8")
    (root / "source_notes/a.md").write_text(f"# Title\n\n{AFTER}\n", encoding="utf-8")
    l10n.sync(root)
    entry = _entry(root, AFTER)
    assert entry.msgstr == CORRECTED and entry.previous_msgid == BEFORE and "fuzzy" in entry.flags
    assert "mt: " not in entry.tcomment.replace("mt-suggestion: ", "")  # a person's work now
    assert ("mt-suggestion: " in entry.tcomment) is (policy == "machine")
    page = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    assert (CORRECTED in page) is (policy == "previous"), page
    l10n.sync(root)  # and stays so
    assert _entry(root, AFTER).msgstr == CORRECTED


def test_untouched_machine_output_is_still_replaced(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a.md": f"# Title\n\n{BEFORE}\n"})
    l10n.sync(root)
    old = _entry(root, BEFORE).msgstr
    (root / "source_notes/a.md").write_text(f"# Title\n\n{AFTER}\n", encoding="utf-8")
    l10n.sync(root)
    entry = _entry(root, AFTER)
    assert entry.msgstr != old and entry.previous_msgid is None and entry.tcomment.startswith("mt: pseudo")


def test_the_dry_run_counts_no_request_for_a_corrected_entry(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a.md": f"# Title\n\n{BEFORE}\n"}, extra='on_source_change = "previous"\n')
    l10n.sync(root)
    _correct_by_hand(root, BEFORE, CORRECTED)
    (root / "source_notes/a.md").write_text(f"# Title\n\n{AFTER}\n", encoding="utf-8")
    assert l10n(root, "extract").exit_code == 0
    planned = l10n(root, "translate", "--engine", "pseudo", "--dry-run")
    assert planned.exit_code == 0 and "would send 0 segments" in planned.output, planned.output
