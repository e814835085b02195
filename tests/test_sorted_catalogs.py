"""A catalog a translator's tool sorted by msgid (``msgcat --sort-output``, ``msgmerge -s``)
keeps that order through an edit of its note, as ``msgmerge --sort-output`` keeps it, so the
diff shows the edit and not a reordered file; one in the note's order stays in it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.pipeline import extract_note
from l10n.po.policy import entry_key
from l10n.site.layout import catalog_path
from tests.test_merge import make_project

NOTE = """---
title: Zebra handbook
---

# Zebra handbook

Mind the stripes on every animal you meet.

## Apples

Apples are red or green and grow on trees.

## Keys

Keys open doors; keep them with you.

| Name | Meaning |
|------|---------|
| Beta | Second |
"""


def msgid_order(key: tuple[str | None, str]) -> tuple[bytes, bool, bytes]:
    """GNU gettext's cmp_by_msgid (write-po.c): strcmp of the msgids, then no context first."""
    return (key[1].encode(), key[0] is not None, (key[0] or "").encode())


def _sort(path: Path, tool: str) -> None:
    if tool == "msgcat":
        subprocess.run(["msgcat", "--sort-output", "-o", str(path), str(path)], check=True)
        return
    po = polib.pofile(str(path), wrapwidth=0)
    live = sorted((e for e in po if not e.obsolete), key=lambda e: msgid_order(entry_key(e)))
    po[:] = [*live, *(e for e in po if e.obsolete)]
    po.save(str(path))


def _live_order(path: Path) -> list[tuple[str | None, str]]:
    return [entry_key(e) for e in polib.pofile(str(path)) if not e.obsolete]


@pytest.mark.parametrize("tool", ["polib", pytest.param("msgcat", marks=pytest.mark.skipif(not shutil.which("msgcat"), reason="no GNU gettext"))])
def test_a_sorted_catalog_stays_sorted_after_an_edit(tmp_path: Path, tool: str) -> None:
    config, note = make_project(tmp_path, NOTE)
    path = catalog_path(config, note, "hi")
    _sort(path, tool)
    before = path.read_text(encoding="utf-8").splitlines()
    note.path.write_text(NOTE.replace("Keys open doors", "Keys open the doors") + "\nA new last line.\n", encoding="utf-8")
    extract_note(config, note, ["hi"])
    order = _live_order(path)
    assert order == sorted(order, key=msgid_order)
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [line for line in after if line not in before] + [line for line in before if line not in after]
    assert len(changed) < 12, changed  # the edited entry, the new one, the revision date
    if shutil.which("msgmerge"):  # the order msgmerge --sort-output gives
        out = tmp_path / "msgmerge.po"
        pot = tmp_path / "locales" / "templates" / "guide-en.pot"
        subprocess.run(["msgmerge", "-q", "--sort-output", "-o", str(out), str(path), str(pot)], check=True)
        assert _live_order(out) == order


def test_a_catalog_in_the_notes_order_stays_in_it(tmp_path: Path) -> None:
    config, note = make_project(tmp_path, NOTE)
    path = catalog_path(config, note, "hi")
    first = _live_order(path)
    note.path.write_text(NOTE + "\nAaa comes last in the note.\n", encoding="utf-8")
    extract_note(config, note, ["hi"])
    assert _live_order(path) == [*first, (None, "Aaa comes last in the note.")]


def test_a_short_alphabetical_note_is_not_taken_for_a_sorted_catalog(tmp_path: Path) -> None:
    text = "# Alpha\n\nBeta.\n\nGamma.\n"
    config, note = make_project(tmp_path, text)
    path = catalog_path(config, note, "hi")
    note.path.write_text(text + "\nAardvark.\n", encoding="utf-8")
    extract_note(config, note, ["hi"])
    assert _live_order(path)[-1] == (None, "Aardvark.")


def test_an_alphabetical_note_reordered_by_its_author_takes_the_new_order(tmp_path: Path) -> None:
    """Three segments alphabetical by chance, written in the note's order: not a sorted catalog."""
    config, note = make_project(tmp_path, "# Alpha\n\nBeta.\n\nGamma.\n")
    path = catalog_path(config, note, "hi")
    note.path.write_text("# Alpha\n\nGamma.\n\nBeta.\n", encoding="utf-8")
    extract_note(config, note, ["hi"])
    assert _live_order(path) == [(None, "Alpha"), (None, "Gamma."), (None, "Beta.")]
