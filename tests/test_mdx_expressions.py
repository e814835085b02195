"""MDX expressions ``{…}`` are JavaScript: kept byte for byte, never sent to an engine, validated
in replies and in human translations (session 19 review: in a Docusaurus site ``{props.value}``
came back ``{þŕóóþš.ṽááĺúúéé}``, which breaks the MDX compile, and ``{/* comments */}`` were sent).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from l10n.markdown.dialect import make_dialect
from l10n.markdown.mdx import expression_end
from l10n.markdown.protect import protect
from l10n.markdown.segment import read_note
from l10n.markdown.validate import check_reply, validate_translation
from l10n.mt.engines.pseudo import pseudo_localize
from tests.conftest import Runner

INLINE = [
    ("Text with {props.value} here.", ["{props.value}"]),
    ("Sum {1 + 1} and {a({b: {c}})} done.", ["{1 + 1}", "{a({b: {c}})}"]),
    ("A brace in a string {'}'} and {\"{\"} and {`a}b`} stays.", ["{'}'}", '{"{"}', "{`a}b`}"]),
    ("Escaped {'{'}npm{'}'} braces.", ["{'{'}", "{'}'}"]),
    ("A paragraph {/* inline note */} with a comment.", ["{/* inline note */}"]),
    ("A comment {/* with } inside */} too.", ["{/* with } inside */}"]),
    ("JSX {cond && <p>Don't do it</p>} inside.", ["{cond && <p>Don't do it</p>}"]),
]


@pytest.mark.parametrize(("text", "kept"), INLINE)
def test_inline_expressions_are_placeholders(text: str, kept: list[str]) -> None:
    protected = protect(text)
    assert list(protected.originals) == kept
    assert "{" not in re.sub(r"\{\d\}", "", protected.text)
    assert protected.restore(protected.text) == text


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("<Tabs groupId={tabGroup}>Label</Tabs>", "<Tabs groupId={tabGroup}>"),
        ('<Button onClick={() => alert("hi")}>Click me</Button>', '<Button onClick={() => alert("hi")}>'),
        ("<Cmp render={(a) => a > 1 ? <b>x</b> : null} />", "<Cmp render={(a) => a > 1 ? <b>x</b> : null} />"),
    ],
)
def test_jsx_attribute_values_stay_in_their_tag(text: str, tag: str) -> None:
    """An attribute's expression may hold ``>`` (an arrow function, a comparison): the tag is
    one placeholder all the same, and its text is what is sent."""
    protected = protect(text)
    assert protected.originals[0] == tag
    assert protected.restore(protected.text) == text


def test_expression_ends_where_mdx_ends_it() -> None:
    assert expression_end("{a} b}", 0) == 3
    assert expression_end("{a {b}", 0) is None
    assert expression_end("x {'}'} y", 2) == 7


def test_the_rules_before_win_at_the_same_brace() -> None:
    """Placeholders, template tags and attribute lists keep their own rule (and name)."""
    protected = protect("A {1} and {{ site.url }} and [x](y){: .cls} and {#id}")
    assert protected.kinds == ("placeholder", "template tag", "link destination", "attribute list")


def test_a_reply_that_changes_an_expression_is_refused() -> None:
    source = "Text with {props.value} here."
    problems = check_reply(source, "पाठ {þŕóóþš.ṽááĺúúéé} यहाँ।", "hi", check_language=False)
    assert any("MDX expression" in problem for problem in problems), problems
    assert not check_reply(source, "पाठ {props.value} यहाँ।", "hi", check_language=False)


def test_a_human_translation_that_changes_an_expression_is_a_finding() -> None:
    findings = validate_translation("Text with {props.value} here.", "पाठ {प्रॉप्स} यहाँ।", "paragraph")
    assert [finding.code for finding in findings] == ["expression"]
    assert validate_translation("Text with {props.value} here.", "यहाँ {props.value} पाठ।", "paragraph") == ()


MDX_NOTE = """\
import Tabs from '@theme/Tabs';

Text with {props.value} and {1 + 1} in it.

{/* A comment for editors */}

{/*
  A comment over
  several lines
*/}

{items.map((item) => (
  <li key={item.id}>{item.name}</li>
))}

{props.children}   

- List item with {count} items.
- {/* item comment */}

> Quote with {value}.
> {/* quoted comment */}

{a} and text after it.

The end.
"""


def test_block_expressions_are_skeleton_in_mdx() -> None:
    doc = read_note(MDX_NOTE.encode(), "intro.md", dialect=make_dialect("docusaurus"))
    assert [s.text for s in doc.segments] == [
        "Text with {props.value} and {1 + 1} in it.",
        "List item with {count} items.",
        "Quote with {value}.",
        "{a} and text after it.",
        "The end.",
    ]
    assert doc.render({}) == MDX_NOTE

    def machine(text: str) -> str:  # as translate sends a segment: protected, then restored
        protected = protect(text)
        return protected.restore(pseudo_localize(protected.text))

    out = doc.render(lambda segment: machine(segment.text))
    for kept in ("{/* A comment for editors */}", "{/*\n  A comment over\n  several lines\n*/}", "<li key={item.id}>{item.name}</li>\n))}",
                 "{props.children}   \n", "- {/* item comment */}", "> {/* quoted comment */}", "{props.value}", "{count}", "{value}"):
        assert kept in out


def test_block_expressions_are_text_where_mdx_is_not_read() -> None:
    """Without the ``mdx_expressions`` construct a line of braces is a paragraph (GFM shows it)."""
    doc = read_note(b"{/* shown as text in GFM */}\n", "a.md", dialect=make_dialect("gfm"))
    assert [s.text for s in doc.segments] == ["{/* shown as text in GFM */}"]
    off = make_dialect("docusaurus", {"mdx_expressions": False})
    assert [s.text for s in read_note(b"{/* x y */}\n", "a.md", dialect=off).segments] == ["{/* x y */}"]


def test_a_docusaurus_site_keeps_its_expressions(tmp_path: Path, l10n: Runner) -> None:
    """The review's case through the CLI: a docusaurus.config.js makes the notes MDX."""
    (tmp_path / "docusaurus.config.js").write_text("module.exports = {};\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('[tool.l10n]\nlanguages = ["hi"]\nsource = "docs"\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/intro.md").write_text(MDX_NOTE, encoding="utf-8")
    l10n.sync(tmp_path)
    built = next(tmp_path.rglob("hi/**/intro.md")).read_text(encoding="utf-8")
    for kept in ("{props.value}", "{1 + 1}", "{/* A comment for editors */}", "{count}", "{item.name}"):
        assert kept in built
    catalog = next(tmp_path.rglob("hi/intro.po")).read_text(encoding="utf-8")
    assert "comment" not in catalog.replace("#.", "")  # no comment is a msgid, none was sent
    assert l10n(tmp_path, "check").exit_code == 0
    po = next(tmp_path.rglob("hi/intro.po"))
    text = po.read_text(encoding="utf-8")
    lines = [line.replace("{props.value}", "{þŕóóþš.ṽááĺúúéé}") if line.startswith("msgstr") else line for line in text.split("\n")]
    po.write_text("\n".join(lines), encoding="utf-8")
    checked = l10n(tmp_path, "check")
    assert checked.exit_code != 0 and "MDX expression changed" in checked.output, checked.output


BLANK_LINE_NOTE = """# Page

{/* A note for editors that runs on

over a blank line, then ends. */}

{[
  'first',

  'second',
].map((word) => <li key={word}>{word}</li>)}

Closing text.
"""


def test_a_block_expression_runs_over_blank_lines(tmp_path: Path, l10n: Runner) -> None:
    """MDX reads a flow expression from ``{`` to its matching ``}`` whatever lines lie between,
    blank ones too (micromark-extension-mdx-expression: a line ending inside is white space;
    only the file's end stops it, as an error): one skeleton block, none of its parts a segment,
    in Docusaurus, which reads ``.md`` notes as MDX (Docusaurus "MDX vs. CommonMark")."""
    doc = read_note(BLANK_LINE_NOTE.encode(), "a.md", dialect=make_dialect("docusaurus"))
    assert [s.text for s in doc.segments] == [
        "Page",
        "Closing text.",
    ]
    assert doc.render({}) == BLANK_LINE_NOTE
    (tmp_path / "docusaurus.config.js").write_text("module.exports = {};\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('[tool.l10n]\nlanguages = ["hi"]\nsource = "docs"\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.md").write_text(BLANK_LINE_NOTE, encoding="utf-8")
    l10n.sync(tmp_path)
    built = next(tmp_path.rglob("hi/**/a.md")).read_text(encoding="utf-8")
    assert BLANK_LINE_NOTE[BLANK_LINE_NOTE.index("{/*") : BLANK_LINE_NOTE.index("Closing")] in built
    catalog = next(tmp_path.rglob("hi/a.po")).read_text(encoding="utf-8")
    assert "editors" not in catalog and "second" not in catalog
