"""A human translation whose English changed stays "needs review" exactly while its source
differs from the text it was made for: back to that text (an edit reverted), nothing is left to
review; with its ``#|`` lines gone (``msgmerge -U`` without ``--previous``), l10n's
``mt-suggestion:`` line still marks it (GNU gettext manual, "Fuzzy Entries")."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from tests.conftest import Runner

OLD = "Keep the cache small."
NEW = "Keep the cache very small."
HUMAN = "कैश छोटा रखें।"


def _note(root: Path, text: str) -> None:
    (root / "source_notes/a.md").write_text(f"# Title\n\n{text}\n", encoding="utf-8")


def _stale_human_entry(project: Callable[..., Path], l10n: Runner) -> Path:
    """A project whose one paragraph has an approved human translation, then a changed source."""
    root = project({"a.md": f"# Title\n\n{OLD}\n"})
    l10n.sync(root)
    po = polib.pofile(str(root / "locales/hi/a.po"))
    entry = po.find(OLD)
    assert entry is not None
    entry.msgstr, entry.flags, entry.tcomment = HUMAN, [], ""
    po.save(str(root / "locales/hi/a.po"))
    l10n.sync(root)
    _note(root, NEW)
    assert "1 needs review" in l10n.sync(root)
    return root


def _entry(root: Path, msgid: str) -> polib.POEntry:
    entry = polib.pofile(str(root / "locales/hi/a.po")).find(msgid)
    assert entry is not None
    return entry


def test_a_reverted_edit_leaves_nothing_to_review(project: Callable[..., Path], l10n: Runner) -> None:
    root = _stale_human_entry(project, l10n)
    _note(root, OLD)
    said = l10n.sync(root)
    entry = _entry(root, OLD)
    assert entry.msgstr == HUMAN and entry.previous_msgid is None and "mt-suggestion" not in entry.tcomment
    assert "needs review" not in said, said
    assert HUMAN in (root / "translated/hi/a.md").read_text(encoding="utf-8")


def _drop_previous(root: Path) -> None:
    """What ``msgmerge -U`` without ``--previous`` does to the catalog: the ``#|`` lines go."""
    catalog, template = root / "locales/hi/a.po", root / "locales/templates/a.pot"
    if shutil.which("msgmerge"):
        subprocess.run(["msgmerge", "-q", "-U", "--backup=none", str(catalog), str(template)], check=True)
    else:
        po = polib.pofile(str(catalog))
        for entry in po:
            entry.previous_msgid = entry.previous_msgctxt = None
        po.save(str(catalog))
    assert "#|" not in catalog.read_text(encoding="utf-8")


@pytest.mark.parametrize(("policy", "published"), [("machine", "suggestion"), ("previous", HUMAN)])
def test_the_suggestion_line_marks_a_stale_entry_without_its_previous_msgid(
    project: Callable[..., Path], l10n: Runner, policy: str, published: str
) -> None:
    root = _stale_human_entry(project, l10n)
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text(encoding="utf-8") + f'on_source_change = "{policy}"\n', encoding="utf-8"
    )
    _drop_previous(root)
    said = l10n.sync(root)
    assert "1 needs review" in said, said
    page = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    suggestion = _entry(root, NEW).tcomment.split('"', 1)[1].rsplit('"', 1)[0]
    assert (suggestion if published == "suggestion" else HUMAN) in page, page
    status = l10n(root, "status", "--format", "json")
    assert status.exit_code == 0, status.output
    assert json.loads(status.output)["languages"][0]["segments"]["review"] == 1, status.output
