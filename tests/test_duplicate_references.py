"""A segment repeated on one line gets its ``file:line`` reference once, as GNU gettext writes it.

Found by the session-10 review: a table row ``| Same | Same |`` gave ``#: a-en.md:5 a-en.md:5``;
``msgcat`` merges the repeat, so a catalog a translator saved with it differed from l10n's
rendering of that entry, and a sync with nothing to do rewrote the catalog.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib

from tests.conftest import Runner, require_tool, write_project

NOTE = "# T\n\n| Col | Col |\n|-----|-----|\n| Same | Same |\n| Same | Other |\n"


def test_a_repeat_on_one_line_is_one_reference(tmp_path: Path, l10n: Runner) -> None:
    write_project(tmp_path, {"a-en.md": NOTE}, extra='engine = "pseudo"\n')
    assert l10n(tmp_path, "sync").exit_code == 0
    template = polib.pofile(str(tmp_path / "locales/templates/a-en.pot"))
    (same,) = [e for e in template if e.msgid == "Same"]
    assert [line for _, line in same.occurrences] == ["5", "6"]
    (col,) = [e for e in template if e.msgid == "Col"]
    assert [line for _, line in col.occurrences] == ["3"]


def test_a_catalog_saved_by_msgcat_is_left_alone_by_a_sync_with_nothing_to_do(tmp_path: Path, l10n: Runner) -> None:
    write_project(tmp_path, {"a-en.md": NOTE}, extra='engine = "pseudo"\n')
    assert l10n(tmp_path, "sync").exit_code == 0
    catalog = tmp_path / "locales/hi/a-en.po"
    subprocess.run([require_tool("msgcat"), "--width=79", str(catalog), "-o", str(catalog)], check=True)
    saved = catalog.read_bytes()
    result = l10n(tmp_path, "sync")
    assert result.exit_code == 0, result.output
    assert catalog.read_bytes() == saved
