"""Text a reader sees inside an HTML block (session 19 review: the 64 ``<summary>`` titles of
gemini-cli's ``<details>`` blocks stayed English). CommonMark leaves an HTML block as HTML, so
the tags are skeleton; with the ``html_text`` construct on (a project's choice: by default an
HTML block is kept byte for byte) the text of an element opened and closed on one line is a
segment."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.markdown.dialect import make_dialect
from l10n.markdown.document import SegmentKind
from l10n.markdown.segment import parse_note
from tests.conftest import Runner, write_project

DETAILS = """\
# Reference

<details><summary>Click to see</summary>

Body text in Markdown.

</details>

<details>
<summary>Technical update details</summary>
<p>A paragraph with <code>make</code> &amp; a <a href="x.md">link</a>.</p>
<figure><img src="a.png"><figcaption>A caption here</figcaption></figure>
<table><tr><th>Name</th><td>Cell text</td><td>42</td></tr></table>
</details>
"""


@pytest.mark.parametrize("dialect", ["commonmark", "gfm", "kramdown", "hugo", "mkdocs", "docusaurus", "vitepress", "mdbook"])
def test_visible_text_of_html_blocks_is_segmented(dialect: str) -> None:
    doc = parse_note(DETAILS, "a.md", dialect=make_dialect(dialect, {"html_text": True}))
    html = [(s.line, s.text) for s in doc.segments if s.kind is SegmentKind.HTML_TEXT]
    assert html == [
        (3, "Click to see"),
        (10, "Technical update details"),
        (11, 'A paragraph with <code>make</code> &amp; a <a href="x.md">link</a>.'),
        (12, "A caption here"),
        (13, "Name"),
        (13, "Cell text"),
    ]
    assert doc.render({}) == DETAILS
    out = doc.render(lambda s: f"«{s.text}»")
    assert "<details><summary>«Click to see»</summary>\n" in out
    assert "<figcaption>«A caption here»</figcaption></figure>" in out
    assert "<td>42</td>" in out


@pytest.mark.parametrize(
    "text",
    [
        "<!-- <summary>Old title</summary> -->\n",
        "<details>\n<!--\n<p>Commented out</p>\n-->\n</details>\n",
        "<pre><p>Shown as code</p></pre>\n",
        "<script>const s = '<p>Not text</p>';</script>\n",
        '<p align="center">\n  Over several lines\n</p>\n',  # not on one line: stays as it is
        "<div>\n<summary>Unclosed title\n</div>\n",
        "<details>\n<summary><div>Block inside</div></summary>\n</details>\n",
    ],
)
def test_comments_code_and_elements_over_lines_are_not(text: str) -> None:
    doc = parse_note(text, "a.md", dialect=make_dialect("gfm", {"html_text": True}))
    assert [s.text for s in doc.segments if s.kind is SegmentKind.HTML_TEXT] == []
    assert doc.render({}) == text


def test_html_text_is_off_by_default() -> None:
    for dialect in (make_dialect("gfm"), make_dialect("gfm", guessed=True), make_dialect("gfm", {"html_text": False})):
        assert [s.text for s in parse_note(DETAILS, "a.md", dialect=dialect).segments] == ["Reference", "Body text in Markdown."]


def test_summaries_translated_in_a_built_site(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a.md": DETAILS}, extra="[tool.l10n.markdown_constructs]\nhtml_text = true\n")
    l10n.sync(root)
    built = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    assert "<summary>Click to see</summary>" not in built and "<details><summary>[" in built
    assert '<a href="x.md">' in built and "<code>make</code>" in built and "&amp;" in built
    assert l10n(root, "check").exit_code == 0


def test_html_code_elements_never_reach_an_engine() -> None:
    """``<code>make</code>`` is code as much as `` `make` `` is: one placeholder, compared whole;
    ``<kbd>`` keeps only its tags (key names are translated in some languages: "Strg")."""
    from l10n.markdown.protect import protect
    from l10n.markdown.validate import validate_translation

    text = "Run <code>make test</code> or press <kbd>Ctrl</kbd>."
    protected = protect(text)
    assert protected.text == "Run {1} or press {2}Ctrl{3}."
    assert [f.code for f in validate_translation(text, "चलाएँ <code>मेक</code> या <kbd>Strg</kbd>।", "paragraph")] == ["code"]
