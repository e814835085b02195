"""A code fence never closed runs to the end of the note (CommonMark 4.5), so the rest of the note
is code and stays English: correct parsing, but the author is told where the fence opened
(session 19 review: extract said nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.markdown.segment import parse_note
from tests.conftest import Runner, write_project


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# T\n\nText.\n\n```python\nprint(1)\n\nMore prose.\n", 5),
        ("# T\n\n~~~\ncode\n", 3),
        ("Text.\n\n````\ncode\n```\n", 3),  # a shorter fence does not close it
        ("Text.\n\n```\n", 3),  # opened on the last line
        ("Text.\n\n```\ncode\n\n\n", 3),  # blank lines after it are its code too
        ("- item\n\n  ```\n  code\n", 3),  # in a list item that runs to the end
        ("> Quote.\n>\n> ```\n> code\n", 3),
        ("---\ntitle: T\n---\n\nText.\n\n```\ncode\n", 7),  # counted from the file's first line
    ],
)
def test_a_fence_running_to_the_end_is_found(text: str, line: int) -> None:
    assert parse_note(text, "a.md").unclosed_fence == line


@pytest.mark.parametrize(
    "text",
    [
        "Text.\n\n```python\ncode\n```\n\nMore.\n",
        "Text.\n\n~~~\ncode\n~~~~\n",  # a longer closing fence closes it
        "Text.\n\n```\ncode\n```   \n",
        "- item\n\n  ```\n  code\n\nAfter the list.\n",  # ends with its item; the note goes on
        "> ```\n> quoted\n\nText.\n",  # ends with its quote
        "> ```\n> quoted\n> ```\n",
        "Text with ``` in it.\n",  # not a fence
    ],
)
def test_closed_fences_and_fences_ending_with_their_container_are_not(text: str) -> None:
    assert parse_note(text, "a.md").unclosed_fence == 0


def test_extract_warns_once_with_the_line_and_carries_on(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(
        tmp_path,
        {"a.md": "# Title\n\nText one.\n\n```python\nprint(1)\n\nMore prose.\n", "b.md": "# B\n\nFine.\n"},
        languages=("hi", "fr"),
    )
    done = l10n(root, "extract")
    assert done.exit_code == 0, done.output
    warning = "source_notes/a.md:5: fence opened here is never closed; the rest of the note is code"
    assert done.output.count(warning) == 1, done.output  # once, not once per language
    assert "b.md" not in done.output
    for lang in ("hi", "fr"):
        assert (root / f"locales/{lang}/a.po").is_file() and (root / f"locales/{lang}/b.po").is_file()
    (root / "source_notes/a.md").write_text("# Title\n\nText two.\n\n```python\nprint(1)\n```\n", encoding="utf-8")
    synced = l10n(root, "sync", "--engine", "pseudo")
    assert synced.exit_code == 0 and "never closed" not in synced.output, synced.output


def test_sync_warns_too(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a.md": "Text.\n\n~~~\ncode\n"})
    output = l10n.sync(root)
    assert "warning: source_notes/a.md:3: fence opened here is never closed" in output
