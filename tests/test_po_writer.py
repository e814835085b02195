"""The PO writer keeps a file's wrapping (Poedit, msgcat: 79 columns) and stamps PO-Revision-Date."""

from __future__ import annotations

import difflib
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from l10n.po.catalog import Catalog
from l10n.po.shape import detect_wrap_width
from tests.conftest import CORPUS, Runner, require_tool

REVISION = re.compile(r'^"PO-Revision-Date: ([^"]*)\\n"$', re.MULTILINE)


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_wrapped_catalog_keeps_its_wrapping_when_one_entry_changes(project: Callable[..., Path], l10n: Runner) -> None:
    source = (CORPUS / "opensource-guide/how-to-contribute.md").read_text(encoding="utf-8")
    root = project({"guide-en.md": source}, extra='engine = "pseudo"\n')
    assert l10n(root, "sync").exit_code == 0
    path = root / "locales/hi/guide-en.po"
    subprocess.run([require_tool("msgcat"), str(path), "-o", str(path)], check=True)  # as Poedit saves it
    poedit = path.read_text(encoding="utf-8")
    assert detect_wrap_width(poedit) == 79
    catalog = Catalog.load(path)
    entry = next(e for e in catalog if e.msgid.startswith("A common misconception"))
    entry.msgstr = "बदला हुआ अनुवाद।"
    catalog.save()
    changed = _changed_lines(poedit, path.read_text(encoding="utf-8"))
    revision = [line for line in changed if "PO-Revision-Date" in line]
    assert len(revision) in (0, 2)  # the same minute, or the old and the new stamp
    rest = [line for line in changed if "PO-Revision-Date" not in line]
    assert rest[-1] == '+msgstr "बदला हुआ अनुवाद।"' and all(line.startswith(("-", '+msgstr "')) for line in rest)
    assert all(line.startswith(('-"', "-msgstr")) for line in rest if line.startswith("-"))
    subprocess.run([require_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)], check=True)


def test_revision_date_changes_when_l10n_changes_a_catalog(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": "# Title\n\nText.\n"})
    l10n(root, "extract")
    path = root / "locales/hi/a-en.po"
    old = path.read_text(encoding="utf-8").replace(REVISION.search(path.read_text(encoding="utf-8")).group(1), "2001-01-01 00:00+0000")  # type: ignore[union-attr]
    path.write_text(old, encoding="utf-8")
    (root / "source_notes/a-en.md").write_text("# Title\n\nText.\n\nMore text.\n", encoding="utf-8")
    l10n(root, "extract")
    stamp = REVISION.search(path.read_text(encoding="utf-8"))
    assert stamp is not None and stamp.group(1) != "2001-01-01 00:00+0000"
    unchanged = path.read_text(encoding="utf-8")
    l10n(root, "extract", "--force")  # nothing changed: the file (and its date) stays
    assert path.read_text(encoding="utf-8") == unchanged
