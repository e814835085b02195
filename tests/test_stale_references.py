"""A stale entry sent again to the engine gets its note's link definitions, as an empty one does.

Found by the session-10 review: after an English edit, the fuzzy entry is replaced by a new
machine translation (``needs_machine`` "replace"), but only empty entries were given the note's
definitions, so a shortcut reference ``[Example]`` lost its label and a collapsed one
``[the spec][]`` was sent whole and stayed English; a run from scratch translated both.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.conftest import Runner, write_project

NOTE = (
    "# T\n\nRead [Example] and [the spec][] for {what}.\n\n"
    "[Example]: https://example.com/\n[the spec]: https://example.org/spec\n"
)


def _msgstr(root: Path, prefix: str) -> str:
    catalog = polib.pofile(str(root / "locales/hi/a-en.po"))
    (entry,) = [e for e in catalog if e.msgid.startswith(prefix) and not e.obsolete]
    return str(entry.msgstr)


@pytest.mark.parametrize("memory", [True, False])
def test_an_edited_sentence_with_references_is_translated_as_from_scratch(
    tmp_path: Path, l10n: Runner, memory: bool
) -> None:
    edited, fresh = tmp_path / "edited", tmp_path / "fresh"
    for root in (edited, fresh):
        root.mkdir()
    write_project(edited, {"a-en.md": NOTE.format(what="the details")}, extra='engine = "pseudo"\n')
    assert l10n(edited, "sync").exit_code == 0
    (edited / "source_notes/a-en.md").write_text(NOTE.format(what="all the details"), encoding="utf-8")
    if not memory:
        (edited / "locales/.l10n-memory.sqlite3").unlink()
    result = l10n(edited, "sync")
    assert result.exit_code == 0, result.output
    write_project(fresh, {"a-en.md": NOTE.format(what="all the details")}, extra='engine = "pseudo"\n')
    assert l10n(fresh, "sync").exit_code == 0
    translated = _msgstr(edited, "Read")
    assert translated == _msgstr(fresh, "Read")
    assert "[Example]" in translated and "[the spec]" in translated and "[the spec][]" not in translated
    assert (edited / "translated/hi/a-hi.md").read_bytes() == (fresh / "translated/hi/a-hi.md").read_bytes()
