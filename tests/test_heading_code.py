"""Code spans in headings and mdBook's heading ids (reviewer findings on issues 12/14).

An attribute block counts only at the very end of a heading's line and outside code spans
(CommonMark 6.1: code spans take precedence), so ``## Code `{#x}` end`` keeps its code through
build; ``l10n check`` reports a built heading whose code spans changed. mdBook slugs with its own
``normalize_id`` (ASCII-only lower-casing), and reads an ending ``{.cls}`` as syntax.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n.site.links import (
    anchors_of,
    attribute_block,
    code_spans,
    explicit_id,
    find_links,
    mdbook_slug,
    slug_input,
    strip_attributes,
)
from tests.conftest import Runner, write_project

_PARSER = MarkdownIt("commonmark")


def _rendered_code(text: str) -> list[str]:
    tokens = _PARSER.parseInline(text)
    return [t.content for t in tokens[0].children or () if t.type == "code_inline"] if tokens else []


def _own_code(text: str) -> list[str]:
    out = []
    for start, end in code_spans(text):
        ticks = len(text[start:end]) - len(text[start:end].lstrip("`"))
        code = text[start + ticks : end - ticks].replace("\n", " ")
        if len(code) >= 2 and code[0] == code[-1] == " " and code.strip(" "):
            code = code[1:-1]
        out.append(code)
    return out


_PIECES = ["a", " ", "`", "``", "{", "}", "#", "#x", ".cls", "{#x}", "{.cls}", "{: #y}", "\\", "é"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_code_spans_are_the_ones_markdown_it_finds(text: str) -> None:
    assert _own_code(text) == _rendered_code(text)


_CODE = st.lists(st.sampled_from(["{#x}", "{.cls}", "{", "}", "#", " # ", "a", "`", "{: #y}"]), min_size=1, max_size=6)


@given(
    st.sampled_from(["Code", "Use", "Çóóđéé"]),
    # two "`" pieces side by side would close the "``" span early: not a span holding the block
    _CODE.map("".join).filter(lambda code: "``" not in code),
    st.sampled_from(["", " end", " here {", " #"]),
    st.sampled_from(["", " {#own}", " {.fancy}", " {: #k .c}"]),
)
def test_an_attribute_block_inside_a_code_span_is_code(before: str, code: str, after: str, block: str) -> None:
    ticks = "``" if "`" in code else "`"
    span = f"{ticks} {code} {ticks}" if "`" in code else f"{ticks}{code}{ticks}"
    heading = f"{before} {span}{after}{block}"
    stripped = strip_attributes(heading)
    # the code span survives: the same code renders before and after
    assert _rendered_code(stripped) == _rendered_code(heading) == _rendered_code(f"{before} {span}{after}")
    if "#" in block:
        assert explicit_id(heading) == re.search(r"#([\w-]+)", block).group(1)  # type: ignore[union-attr]
        assert attribute_block(heading) == block.strip()
    elif not block and not after.endswith("#"):
        assert explicit_id(heading) is None and attribute_block(heading) is None


@pytest.mark.parametrize("dialect", ["hugo", "kramdown", "docusaurus", "vitepress"])
def test_build_keeps_the_code_of_a_heading_and_check_sees_it_cut(tmp_path: Path, l10n: Runner, dialect: str) -> None:
    # the last heading is gemini-cli's docs/cli/custom-commands.md (the corpus): "{...}" reads as a class block
    note = (
        "## Code `{#x}` end\n\n## Use `{.cls}` here\n\n## Keep `a {#b}` {#own}\n\n"
        "### 3. Executing shell commands with `!{...}`\n\nSee [c](#code-x-end).\n"
    )
    root = write_project(tmp_path, {"note-en.md": note}, extra=f'engine = "pseudo"\nmarkdown = "{dialect}"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = (root / "translated/hi/note-hi.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^## .*`\{#x\}`.* \{#code-x-end\}$", built, re.MULTILINE)) == 1, built
    assert len(re.findall(r"^## .*`\{\.cls\}`.*\{#.+\}$", built, re.MULTILINE)) == 1, built
    assert len(re.findall(r"^## .*`a \{#b\}`.* \{#own\}$", built, re.MULTILINE)) == 1, built
    assert len(re.findall(r"^### .*`!\{\.\.\.\}`.*\{#.+\}$", built, re.MULTILINE)) == 1, built
    assert {link.url[1:] for link in find_links(built) if link.url.startswith("#")} <= anchors_of(built, dialect)
    assert l10n(root, "check").exit_code == 0
    # the build of this morning: the block inside the code span cut out
    (root / "translated/hi/note-hi.md").write_text(built.replace("`{#x}`", "``"), encoding="utf-8")
    result = l10n(root, "check")
    assert result.exit_code == 1 and "[heading-code]" in result.output, result.output


# -- mdBook ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        # mdBook's own tests of normalize_id / id_from_content (src/utils/mod.rs)
        ("Method-call expressions", "method-call-expressions"),
        ("--passes: add more rustdoc passes", "--passes-add-more-rustdoc-passes"),
        ("中文標題 CJK title", "中文標題-cjk-title"),
        ("Über", "Über"),
        ("Method-call 🐙 expressions \U0001f47c", "method-call--expressions-"),
        ("_-_12345", "_-_12345"),
        # non-ASCII capitals stay: to_ascii_lowercase
        ("Šééááŕçĥ Ж", "Šééááŕçĥ-Ж"),
        ("सेटअप करें", "सेटअप-करें"),
    ],
)
def test_mdbook_slug_is_normalize_id(text: str, slug: str) -> None:
    assert mdbook_slug(text) == slug


def test_mdbook_reads_an_ending_attribute_block_as_syntax() -> None:
    assert slug_input("Hello {.fancy}", "mdbook") == "Hello"


def test_mdbook_build_and_check_agree_on_translated_ids(tmp_path: Path, l10n: Runner) -> None:
    notes = {
        "guide/reading.md": "# Reading\n\n## Search\n\nText.\n",
        "a.md": "## Hello {.fancy}\n\nSee [c](#hello).\n\nAnd [search].\n\n[search]: guide/reading.md#search\n",
    }
    root = write_project(tmp_path, notes, extra='markdown = "mdbook"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    fragments = [link.url.split("#")[1] for link in find_links(built) if "#" in link.url]
    assert len(fragments) == 2
    assert fragments[0] in anchors_of(built, "mdbook")
    reading = (root / "translated/hi/guide/reading.md").read_text(encoding="utf-8")
    assert fragments[1] in anchors_of(reading, "mdbook")
    # the pseudo engine's capitals are not ASCII: mdBook keeps them upper-case (Ĥ, Š)
    assert fragments[0].startswith("Ĥ") and fragments[1].startswith("Š"), fragments
    result = l10n(root, "check")
    assert result.exit_code == 0, result.output
