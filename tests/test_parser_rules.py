"""l10n's parser (rules a text cannot use left out, rules tried by a line's first character,
plain reference definitions read by a regex, tokens handed over one top-level block at a time)
gives exactly the stock markdown-it parser's tokens."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from l10n.markdown.segment import decode_note, markdown_factory, markdown_parser, parse_top_level_blocks, parser_for
from tests.test_roundtrip import corpus_files, markdown_documents

# markdown-it as l10n configures it (plugins on, inline parsing off), without any of its speed-ups
_STOCK = markdown_factory(inline=False).disable("footnote_tail")
_STOCK_DEFLIST = markdown_factory(deflist=True, inline=False).disable("footnote_tail")


def tokens(text: str, pruned: bool, deflist: bool = False) -> tuple[list[tuple[object, ...]], list[tuple[str, object, object]]]:
    """Every token's fields and the reference definitions found (label, title, lines), read as
    the segmenter reads this text (``pruned``: its parser, block by block) or by the stock
    parser. Destinations are left out: l10n keeps them as written, the stock parser normalizes
    them (tested below)."""
    env: dict[str, Any] = {}
    if not pruned:
        return [_fields(t) for t in (_STOCK_DEFLIST if deflist else _STOCK).parse(text, env)], _definitions(env)
    fields: list[tuple[object, ...]] = []
    blocks: list[int] = []

    def take(block: list[Token]) -> None:
        assert sum(t.nesting for t in block) == 0, "a top-level block is balanced"
        blocks.append(len(block))
        fields.extend(_fields(t) for t in block)

    parse_top_level_blocks(parser_for(text, deflist), text, env, take)
    return fields, _definitions(env)


def _definitions(env: dict[str, Any]) -> list[tuple[str, object, object]]:
    refs = [(label, r["title"], r["map"]) for label, r in env.get("references", {}).items()]
    return refs + [(r["label"], r["title"], r["map"]) for r in env.get("duplicate_refs", [])]


def _fields(token: Token) -> tuple[object, ...]:
    return (
        token.type,
        token.tag,
        token.nesting,
        token.map,
        token.level,
        token.content,
        token.markup,
        token.info,
        tuple(sorted(token.attrs.items())),
        token.meta,
        token.block,
        token.hidden,
    )


def test_rules_are_left_out_only_when_their_marker_is_absent() -> None:
    assert parser_for("plain text\n\nmore") is markdown_parser(
        frozenset(
            {
                "table",
                "math_block",
                "fence",
                "blockquote",
                "footnote_def",
                "reference",
                "html_block",
                "heading",
                "lheading",
            }
        )
    )
    assert parser_for("# T\n| a |\n> q\n```\n<b>\n[^1]: x\n[a]: /u\n$$\nTitle\n===\n") is markdown_parser()
    # setext underlines inside containers and after CR line ends still keep the rule
    for text in ("> a\n> ---\n", "- a\n\n  b\n  ===\n", "a\r---\r", "a\r\n  --  \r\n"):
        assert tokens(text, pruned=True) == tokens(text, pruned=False)
        assert any(t[0] == "heading_open" for t in tokens(text, pruned=True)[0]), text


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_tokens_are_the_same(path: object) -> None:
    text, _ = decode_note(path.read_bytes())  # type: ignore[attr-defined]
    assert tokens(text, pruned=True) == tokens(text, pruned=False)


_fragment = st.sampled_from(
    [
        "Title",
        "===",
        "---",
        "  ---",
        "> ---",
        ">   ===",
        "- a",
        "  ===",
        "1. b",
        "    ===",
        "| a |",
        "|---|",
        "a | b",
        "-|-",
        "```",
        "~~~",
        "> ```",
        "<div>",
        "<!-- c -->",
        "# h",
        "#h",
        "[a]: /u",
        "[^1]: n",
        "$$",
        "x $$ y",
        "",
        "\t---",
        "> > ==",
        "* * *",
        "text",
        "- ---",
        "+ x",
        "2) y",
        "_ _ _",
        "~~~ts",
        "   # h",
        "<p>",
        "#",
        "Ab",
        "9.",
        "  text",
        "\tcode",
    ]
)


@st.composite
def block_soup(draw: st.DrawFn) -> str:
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return eol.join(draw(st.lists(_fragment, max_size=12)))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(block_soup(), markdown_documents().map(lambda data: decode_note(data)[0])))
def test_generated_tokens_are_the_same(text: str) -> None:
    assert tokens(text, pruned=True) == tokens(text, pruned=False)


_deflist_fragment = st.sampled_from(["Term", ":   definition", ": def", "~ tilde", "  : nested", "    more", "- item", "", "> q", "Term 2"])


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_fragment, _deflist_fragment), max_size=14), st.sampled_from(["\n", "\r\n"]))
def test_definition_lists_are_the_same_block_by_block(lines: list[str], eol: str) -> None:
    text = eol.join(lines)
    assert tokens(text, pruned=True, deflist=True) == tokens(text, pruned=False, deflist=True)


def test_reference_definitions_are_the_stock_parser_s_without_normalizing_destinations() -> None:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    stock = MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(dollarmath_plugin)
    destinations = [
        "javascript:x",
        "JavaScript:alert(1)",
        "<javascript:x>",
        "data:image/png;base64,AA",
        "data:text/html,x",
        "http://exämple.com/ä",
        "vbscript:x",
        "file:///etc",
        "jav&#x09;ascript:x",
        "<jav\tascript:x>",
        "%6Aavascript:x",
        "//host/p",
        "mailto:ü@ü.de",
        "https://[::1]/x",
    ]
    text = "".join(f"[l{i}]: {d} 't'\n\n" for i, d in enumerate(destinations)) + "text [l0]\n"
    ours: dict[str, dict[str, object]] = {}
    theirs: dict[str, dict[str, object]] = {}
    assert [t.type for t in markdown_parser().parse(text, ours)] == [t.type for t in stock.parse(text, theirs)]
    assert set(ours["references"]) == set(theirs["references"])  # the same definitions are valid
    assert ours["references"]["L5"]["href"] == "http://exämple.com/ä"  # as written, not punycoded


_definition_line = st.sampled_from(
    [
        "[a]: /url",
        "[A]: /url 'title'",
        '[b]:  https://example.com/x?y=1#z  "T"',
        "[c]: /u (paren title)",
        "[d]: <with space>",
        "[e]: /u\\)x",
        "[f]: /u &amp; 'x'",
        "[g]: javascript:alert(1)",
        "[h]:/nospace",
        "[i]: /u 'unclosed",
        "'continued title'",
        '"title on the next line"',
        "(title)",
        "[j]: /u 'x' garbage",
        "[ k  ]: /u",
        "[]: /u",
        '[l]: /u\t"t"',
        "[a]: /dup",
        "   [m]: /indented",
        "    [n]: /code",
        "> [o]: /quoted",
        "- [p]: /listed",
        "text",
        "",
        "[q]:",
        "/dest-on-next-line",
        "[r]: /ü",
        "[s]: /u ''",
    ]
)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_definition_line, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_reference_definitions_read_as_the_stock_parser_reads_them(lines: list[str], eol: str) -> None:
    text = eol.join(lines) + eol
    ours: dict[str, Any] = {}
    theirs: dict[str, Any] = {}
    assert [_fields(t) for t in markdown_parser().parse(text, ours)] == [_fields(t) for t in _STOCK.parse(text, theirs)]
    assert _definitions(ours) == _definitions(theirs)
