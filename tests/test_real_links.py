"""Links, references and notes as real sites write them (issue 12, part A): a collapsed
reference after a self-closing Hugo shortcode, collapsed references to labels the note does not
define (MkDocs autorefs' ``[`set`][]``), links in HTML comments, destinations on the next line,
notes in dot-folders, menu titles in front matter. Siblings on the real-site corpus are checked
when it is present."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n.check import check_project
from l10n.config import load_config
from l10n.markdown.dialect import line_view, make_dialect
from l10n.markdown.protect import protect
from l10n.markdown.references import brackets, reference_links
from l10n.markdown.segment import read_note
from l10n.site.layout import discover_notes
from l10n.site.links import anchors_of, find_links
from tests.conftest import Runner, write_project

SITES = Path("/work/shared/corpus/sites")
_COMMONMARK = MarkdownIt("commonmark")

# Hugo's readfile is self-closing: no {{% /readfile %}} follows, so it has no body.
HUGO_NOTE = """---
title: Shortcodes
---
Intro.

{{% readfile "includes/installation.md" %}}

Using the bracket styled [shortcode delimiter][], tells Hugo that the inner content is HTML.

{{< highlight go >}}
[not a link][] in code
{{< /highlight >}}

[shortcode delimiter]: https://gohugo.io/content-management/shortcodes/#notation
"""

AUTOREFS_NOTE = """# Sets

Allows [`set`][], [`frozenset`][] and [`list`][] instances, or any iterable that is *not* a
[string][str], [bytes][], [dict][] or [mapping][]. Produces a [`set`][] instance, see [Docs][].

[Docs]: https://docs.pydantic.dev/
"""


def test_a_self_closing_code_shortcode_has_no_body_and_later_references_resolve(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a.md": HUGO_NOTE}, extra='markdown = "hugo"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    assert "Using the bracket" not in built  # translated: the shortcode did not swallow it
    assert "[not a link][] in code" in built  # a shortcode with a closing tag keeps its code body
    body = built.split("---\n", 2)[2]
    assert [label for label, _ in reference_links(body)] == ["SHORTCODE DELIMITER"]
    assert [i for i in check_project(load_config(root), list(discover_notes(load_config(root))), ["hi"]) if i.severity == "error"] == []


def test_a_code_shortcode_with_a_closing_tag_keeps_its_body() -> None:
    lines = ["{{< highlight go >}}", "x := [a][]", "{{< /highlight >}}", "{{% readfile \"a.md\" %}}", "Text [b][]."]
    view = line_view(lines, 0, make_dialect("hugo"))
    assert view is not None
    assert [line.strip() == "" for line in view.masked] == [True, True, True, True, False]


def test_undefined_collapsed_references_keep_their_label_byte_exact(tmp_path: Path, l10n: Runner) -> None:
    """The label of ``[bytes][]`` is an identifier (autorefs resolves it at site build), never
    prose: the engine never sees it, and the validator no longer rejects the segment."""
    root = write_project(tmp_path, {"sets.md": AUTOREFS_NOTE}, extra='markdown = "mkdocs"\n')
    result = l10n(root, "sync", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    assert "not published" not in result.output
    built = (root / "translated/hi/sets.md").read_text(encoding="utf-8")
    for kept in ("[`set`][]", "[`frozenset`][]", "[`list`][]", "[bytes][]", "[dict][]", "[mapping][]", "][str]"):
        assert kept in built, kept
    assert "Allows" not in built and "[string]" not in built  # the prose around them is translated
    assert re.search(r"\[[^\]]*\]\[Docs\]", built)  # the defined one still resolves


_LABEL = st.text(st.characters(codec="utf-8", exclude_characters="[]\\\n\r`"), min_size=1, max_size=12).filter(
    lambda s: s.strip() and not s.startswith("^")
)


@given(_LABEL, st.booleans())
def test_protect_sends_no_collapsed_reference_to_an_engine(label: str, defined: bool) -> None:
    text = f"See [{label}][] now."
    references = {" ".join(label.split()).casefold().upper(): "/x"} if defined else {}
    protected = protect(text, references=references)
    assert "][]" not in protected.text
    assert protected.restore(protected.text) == (protected.expanded or text)
    if not defined:
        assert f"[{label}][]" in protected.originals


@pytest.mark.skipif(not SITES.is_dir(), reason="the shared real-site corpus is not here")
def test_on_the_corpus_no_collapsed_reference_reaches_an_engine_and_no_definition_is_swallowed() -> None:
    problems: list[str] = []
    for path in sorted(SITES.glob("*/*/**/*.md")):
        ecosystem = path.relative_to(SITES).parts[0]
        dialect = make_dialect({"jekyll": "kramdown"}.get(ecosystem, ecosystem))
        doc = read_note(path.read_bytes(), str(path), dialect=dialect)
        for segment in doc.segments:
            sent = protect(segment.text, references=doc.references).text
            if any(b.form == "collapsed" for b in brackets(sent, {})):
                problems.append(f"{path}: {segment.text[:60]!r}")
        # every definition CommonMark reads is one the note defines: no construct of the
        # dialect (a code shortcode without a closing tag) swallows it
        env: dict[str, Any] = {}
        _COMMONMARK.parse(doc.source, env)
        swallowed = {label for label in env.get("references", {}) if not label.startswith("^")} - set(doc.references)
        if swallowed:
            problems.append(f"{path}: definitions not read: {sorted(swallowed)}")
    assert problems == []


def test_every_markdown_file_is_a_note_but_in_tool_folders_and_excluded_ones(tmp_path: Path, l10n: Runner) -> None:
    """Dot-folders hold pages people read (``.github/pull_request_template.md``); version
    control, dependencies and caches do not; ``exclude`` names more."""
    notes = {
        "index.md": "# Home\n\nSee [the template](.github/pull_request_template.md).\n",
        ".github/pull_request_template.md": "## Description\n\nSay what changed.\n",
        ".gitlab/issue_templates/bug.md": "Steps to reproduce.\n",
        ".git/description.md": "Not a note.\n",
        "node_modules/pkg/README.md": "Not a note.\n",
        "docs/.venv/lib/x.md": "Not a note.\n",
        "drafts/wip.md": "Not yet.\n",
        "docs/CHANGELOG.md": "Changes.\n",
    }
    root = write_project(tmp_path, notes, extra='exclude = ["drafts", "*/CHANGELOG.md"]\n')
    assert [n.name for n in discover_notes(load_config(root))] == [
        ".github/pull_request_template.md",
        ".gitlab/issue_templates/bug.md",
        "index.md",
    ]
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = (root / "translated/hi/.github/pull_request_template.md").read_text(encoding="utf-8")
    assert "Say what changed" not in built
    index = (root / "translated/hi/index.md").read_text(encoding="utf-8")
    assert "](.github/pull_request_template.md)" in index  # the translation beside it


def test_one_exclude_pattern_may_be_written_alone(tmp_path: Path) -> None:
    """``exclude = "drafts"`` is ``exclude = ["drafts"]``, as ``source`` takes one folder or a list."""
    notes = {"index.md": "# Home\n", "drafts/wip.md": "Not yet.\n"}
    (tmp_path / "alone").mkdir()
    (tmp_path / "listed").mkdir()
    alone = write_project(tmp_path / "alone", notes, extra='exclude = "drafts"\n')
    listed = write_project(tmp_path / "listed", notes, extra='exclude = ["drafts"]\n')
    assert [n.name for n in discover_notes(load_config(alone))] == [n.name for n in discover_notes(load_config(listed))] == ["index.md"]


COMMENTED_NOTE = """# Serialization

<!-- Note: keep this section updated with [the validator one](./validators.md#what). -->

See [validators](validators.md) and ![logo](img/logo.png).

<!--
**Note:** copy [the template](../NNNN/README.md) and ![x](img/logo.png)
--> After it: [again](validators.md) <!---->[and](validators.md)
"""


def test_links_inside_html_comments_are_not_rewritten(tmp_path: Path, l10n: Runner) -> None:
    """A comment's text is no link (CommonMark 4.6, 6.6): build copies it as it is, while the
    links around it follow the output's folder."""
    root = write_project(
        tmp_path,
        {"docs/serialization.md": COMMENTED_NOTE, "docs/validators.md": "# Validators\n", "docs/img/logo.png": "png"},
        extra='markdown = "gfm"\n',
    )
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = (root / "translated/hi/docs/serialization.md").read_text(encoding="utf-8")
    comments = re.findall(r"<!--.*?-->", built, re.DOTALL)
    assert comments == re.findall(r"<!--.*?-->", COMMENTED_NOTE, re.DOTALL)
    outside = re.sub(r"<!--.*?-->", "", built, flags=re.DOTALL)
    assert outside.count("](validators.md)") == 3  # the translation beside it, in the output folder
    assert "](../../../source_notes/docs/img/logo.png)" in outside


def test_menu_and_sidebar_titles_are_translated_by_default(tmp_path: Path, l10n: Runner) -> None:
    """Hugo's ``linkTitle`` (TOML or YAML) and Docusaurus' ``sidebar_label`` are the page's
    title in menus and sidebars; other keys stay as they are."""
    notes = {
        "hugo.md": '+++\ntitle = "Shortcodes"\nlinkTitle = "Short codes"\nweight = 3\n+++\nText.\n',
        "docs.md": "---\nsidebar_label: Getting started\nslug: /start\n---\nText.\n",
    }
    root = write_project(tmp_path, notes)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    hugo = (root / "translated/hi/hugo.md").read_text(encoding="utf-8")
    docs = (root / "translated/hi/docs.md").read_text(encoding="utf-8")
    assert "Short codes" not in hugo and re.search(r'^linkTitle = "\[.+\]"$', hugo, re.MULTILINE)
    assert "weight = 3" in hugo
    assert "Getting started" not in docs and "slug: /start" in docs and "sidebar_label:" in docs


MULTILINE_NOTE = """# Loops

[![Output from the first iteration of the for loop](
fig/plot.png)](fig/plot.png)

> Error [ERR_REQUIRE_ESM]: require() of ES Module
> [a label [with] brackets]: is-not-a-definition.md
"""


def test_a_destination_on_the_next_line_is_a_link_and_a_bracketed_label_no_definition(tmp_path: Path, l10n: Runner) -> None:
    """CommonMark 6.3 allows a line ending between "](" and the destination; a link label
    holds no unescaped bracket (4.7), so "[a [b]]: x" defines nothing."""
    assert [(link.url, link.line) for link in find_links(MULTILINE_NOTE)] == [("fig/plot.png", 4), ("fig/plot.png", 4)]
    root = write_project(tmp_path, {"loops.md": MULTILINE_NOTE, "fig/plot.png": "png"}, extra='markdown = "gfm"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = (root / "translated/hi/loops.md").read_text(encoding="utf-8")
    assert built.count("../../source_notes/fig/plot.png)") == 2
    result = l10n(root, "check")
    assert result.exit_code == 0, result.output


def test_headings_inside_html_comment_blocks_have_no_anchor() -> None:
    text = "# A\n<!--\n## Not a heading\n-->\n## B\n<!-->\n# C\n   <!-- x\n# no\n-->\nSetext\n---\n"
    assert anchors_of(text, "gfm") == {"a", "b", "c", "setext"}


def test_a_catalog_of_a_gone_note_in_a_dot_folder_is_an_orphan(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {".github/pull_request_template.md": "Say what changed.\n", "a.md": "Text.\n"})
    assert l10n(root, "extract").exit_code == 0
    assert (root / "locales/hi/.github/pull_request_template.po").is_file()
    (root / "source_notes/.github/pull_request_template.md").unlink()
    result = l10n(root, "status", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["languages"][0]["orphans"] == ["locales/hi/.github/pull_request_template.po"]


def test_a_link_that_leads_where_it_led_keeps_its_bytes(tmp_path: Path, l10n: Runner) -> None:
    """A destination with spaces in angle brackets (CommonMark 6.3) or percent-encoded, to a
    page that keeps its place beside the link's page, is left as written: only a path that
    changes is written anew (and encoded then)."""
    notes = {
        "index.md": "# Top\n\nSee [s](<sub dir/my note.md#a-b>), [t](sub%20dir/my%20note.md) and [u](<sub dir/>).\n",
        "sub dir/my note.md": "# A b\n\nText.\n",
    }
    root = write_project(tmp_path, notes)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    page = (root / "translated/hi/index.md").read_text(encoding="utf-8")
    for destination in ("(<sub dir/my note.md#a-b>)", "(sub%20dir/my%20note.md)", "(<sub dir/>)"):
        assert destination in page, page
