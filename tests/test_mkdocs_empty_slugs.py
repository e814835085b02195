"""MkDocs heading ids as Python-Markdown's ``toc`` makes them, and links to headings whose
translation gets no id of its own.

Python-Markdown's ``slugify`` keeps ASCII only, so a heading translated into Devanagari (or one
of emoji and punctuation) slugs to ``""``; its ``unique`` never uses an empty id but numbers it
``_1``, ``_2``, … in document order, counting on from an id that already ends in ``_N``, after
taking every id the page sets itself. l10n wrote ``(#)`` for such a link (the anchor lost) and
``check`` said nothing. The ids are checked against Python-Markdown itself (MkDocs' renderer, a
test dependency through ``mkdocs``).
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.site.links import anchors_of, generated_ids
from tests.conftest import Runner

_HEADINGS = [
    "Set up the tool", "उपकरण सेट करें", "🚀", "!!!", "🚀 Launch", "Echo", "Echo", "Echo_1", "echo 1", "_1", "_2",
    "Café au lait", "a_b_3", "Set up {#setup}", "Setup", "Other {#_1}", "ß", "Ünïcödé",
]
_ID = re.compile(r'<h[1-6] id="([^"]*)"')


def _python_markdown_ids(text: str, attr_list: bool) -> list[str]:
    extensions = ["toc", "attr_list"] if attr_list else ["toc"]
    return _ID.findall(markdown.markdown(text, extensions=extensions))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_HEADINGS), min_size=1, max_size=8), st.booleans())
def test_heading_ids_are_python_markdowns(headings: list[str], attr_list: bool) -> None:
    if not attr_list:  # without attr_list "{#x}" is text, which l10n reads as an id: not this test's case
        headings = [h for h in headings if "{" not in h] or ["Echo"]
    text = "".join(f"## {h}\n\nText.\n\n" for h in headings)
    expected = _python_markdown_ids(text, attr_list)
    assert anchors_of(text, "mkdocs") == set(expected)
    explicit = {m.group(1) for h in headings if (m := re.search(r"\{#([^}]*)\}", h))}
    assert generated_ids(text, "mkdocs") == set(expected) - explicit


NOTE = "# Title\n\n## Set up the tool\n\nText.\n\nGo to [setup](#set-up-the-tool).\n\n## Then\n\nMore.\n"
OTHER = "# B\n\nSee [setup](a-en.md#set-up-the-tool) and [then](a-en.md#then).\n"


def _site(root: Path, generator: str, attr_list: bool = False) -> None:
    (root / "l10n.toml").write_text(
        f'[tool.l10n]\nsource = "source_notes"\nlanguages = ["hi"]\nengine = "pseudo"\nmarkdown = "{generator}"\n',
        encoding="utf-8",
    )
    if attr_list:
        (root / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions:\n  - attr_list\n  - toc\n", encoding="utf-8")
    (root / "source_notes").mkdir()
    (root / "source_notes/a-en.md").write_text(NOTE, encoding="utf-8")
    (root / "source_notes/b-en.md").write_text(OTHER, encoding="utf-8")


def _translate(catalog: Path, msgid: str, msgstr: str) -> None:
    blocks = catalog.read_text(encoding="utf-8").split("\n\n")
    for index, block in enumerate(blocks):
        if f'msgid "{msgid}"' in block:
            lines = [line for line in block.splitlines() if line != "#, fuzzy" and not line.startswith(("msgstr", "# mt:"))]
            blocks[index] = "\n".join([*lines, f'msgstr "{msgstr}"'])
    catalog.write_text("\n\n".join(blocks), encoding="utf-8")


@pytest.mark.parametrize("heading", ["उपकरण सेट करें", "🚀"])
def test_a_link_to_a_heading_translated_out_of_ascii_follows_its_numbered_id(tmp_path: Path, l10n: Runner, heading: str) -> None:
    _site(tmp_path, "mkdocs")
    l10n.sync(tmp_path)
    _translate(tmp_path / "locales/hi/a-en.po", "Set up the tool", heading)
    _translate(tmp_path / "locales/hi/a-en.po", "Then", "फिर")
    l10n.sync(tmp_path)
    page = (tmp_path / "translated/hi/a-hi.md").read_text(encoding="utf-8")
    other = (tmp_path / "translated/hi/b-hi.md").read_text(encoding="utf-8")
    ids = _python_markdown_ids(page, attr_list=False)
    assert ids[1:] == ["_1", "_2"]  # the two headings, as MkDocs renders the built page
    assert "](#_1)" in page and "](#)" not in page
    assert "(a-hi.md#_1)" in other and "(a-hi.md#_2)" in other
    done = l10n(tmp_path, "check")
    assert done.exit_code == 0 and "0 problems" in done.output, done.output


def test_with_attr_list_the_source_id_is_written(tmp_path: Path, l10n: Runner) -> None:
    _site(tmp_path, "mkdocs", attr_list=True)
    l10n.sync(tmp_path)
    _translate(tmp_path / "locales/hi/a-en.po", "Set up the tool", "उपकरण सेट करें")
    l10n.sync(tmp_path)
    page = (tmp_path / "translated/hi/a-hi.md").read_text(encoding="utf-8")
    assert "## उपकरण सेट करें {#set-up-the-tool}" in page and "](#set-up-the-tool)" in page
    assert "set-up-the-tool" in _python_markdown_ids(page, attr_list=True)


def test_check_reports_a_link_whose_anchor_the_build_emptied(tmp_path: Path, l10n: Runner) -> None:
    # GitHub's rule (github-slugger) gives a heading of emoji alone an empty id, and GitHub no
    # {#id} syntax: the build can only write "#", which check must name
    _site(tmp_path, "gfm")
    (tmp_path / "source_notes/a-en.md").write_text(NOTE + "\n[back to top](#)\n", encoding="utf-8")
    l10n.sync(tmp_path)
    _translate(tmp_path / "locales/hi/a-en.po", "Set up the tool", "🚀")
    l10n.sync(tmp_path)
    page = (tmp_path / "translated/hi/a-hi.md").read_text(encoding="utf-8")
    assert "](#)" in page
    done = l10n(tmp_path, "check")
    lost = [line for line in done.output.splitlines() if "anchor lost" in line]
    assert done.exit_code != 0
    assert len(lost) == 2, done.output  # in a-hi.md and b-hi.md; the source's own "(#)" is no problem
    assert any("a-hi.md:7" in line and "anchor lost: #" in line for line in lost), lost
    assert any("b-hi.md" in line and "a-hi.md#" in line for line in lost), lost
