"""Code spans win over every inline construct but raw HTML and autolinks (CommonMark 0.31, 6.1:
"Code span backticks have higher precedence than any other inline constructs except HTML tags
and autolinks"): a ``$``, ``{{``, ``{``, ``\\(`` or ``](`` in prose whose closer lies inside a later
code span must not be protected as math, a template tag, an MDX expression or a link
destination, or the code span's text would be sent to the engine as prose (review, session 20:
``Copy it to $HOME and add it to your `$PATH` with `export`.`` had both code spans translated)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n.markdown.protect import protect, validate
from tests.conftest import Runner

MD = MarkdownIt("commonmark")

CROSSING = [
    "Copy it to $HOME and add it to your `$PATH` with `export`.",
    "Write $$ and then `$$` to call `render` now.",
    "Escape it as \\( … `\\)` then call `compile`.",
    "Open with {{ and close with `}}` then call `render`.",
    "Open a block with { and close it with `}` then call `render`.",
    "Type <span then `>` to call `render` here.",
    "See [the page](a`b) and `c)` then `d`.",
    "Tag {% if `%}` here and `x`.",
]


def code_spans(text: str) -> list[str]:
    tokens = MD.parseInline(text)[0].children or []
    return [token.content for token in tokens if token.type == "code_inline"]


def shout(protected_text: str) -> str:
    """An engine that changes every letter of what it is sent (placeholders are digits in braces)."""
    return protected_text.swapcase()


@pytest.mark.parametrize("text", CROSSING)
def test_code_spans_stay_whole_when_prose_opens_a_construct_they_close(text: str) -> None:
    p = protect(text)
    assert code_spans(p.restore(shout(p.text))) == code_spans(text), p


ALPHABET = ["word", "Word", " ", "`", "``", "$", "$$", "{{", "}}", "{", "}", "{%", "%}", "\\(", "\\)", "<span", "<b>", "</b>", ">", "[", "]", "(", ")", "](", "x=1", "\\`"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=14).map("".join))
def test_an_engine_that_changes_every_letter_never_changes_code(text: str) -> None:
    p = protect(text)
    assert code_spans(p.restore(shout(p.text))) == code_spans(text), (text, p)


def test_sync_keeps_the_code_of_a_note_whose_dollar_opens_before_a_code_span(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "source_notes").mkdir()
    note = "Copy it to $HOME and add it to your `$PATH` with `export`.\n"
    (tmp_path / "source_notes/m-en.md").write_text(note, encoding="utf-8")
    result = l10n(tmp_path, "sync", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    built = (tmp_path / "translated/hi/m-hi.md").read_text(encoding="utf-8")
    assert code_spans(built) == ["$PATH", "export"], built
    assert "add it to your" not in built, built


@pytest.mark.parametrize("text", CROSSING)
def test_validation_sees_a_changed_code_span_behind_an_opener_in_prose(text: str) -> None:
    first = code_spans(text)[0]
    changed = text.replace(f"`{first}`", f"`{first}x`")
    assert changed != text
    assert validate(text, changed, "hi"), changed
