"""Heading ids as each generator makes them, kept on translated headings (issue 12/14).

The slug input is the heading's rendered text (entities decoded, markup dropped; kramdown: its
raw text); the id build adds goes inside an attribute block the heading already ends with;
``l10n check`` accepts exactly the ids build adds, on ATX and setext headings; attribute blocks
that end a container title are syntax, not text.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.markdown.dialect import make_dialect
from l10n.markdown.segment import read_note
from l10n.site.links import (
    ID_DIALECTS,
    anchors_of,
    explicit_id,
    find_links,
    github_slug,
    heading_plain_text,
    kramdown_slug,
    slug_input,
    slugger,
    vitepress_slug,
)
from tests.conftest import Runner, write_project

SITES = Path("/work/shared/corpus/sites")
ROOT = Path(__file__).resolve().parent.parent


# -- the slug input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "heading", "slug"),
    [
        # jest docs/Configuration.md: links to #testmatch-arraystring (github-slugger)
        ("docusaurus", "`testMatch` [array&lt;string&gt;]", "testmatch-arraystring"),
        ("docusaurus", "Heading &lt;T&gt; here", "heading-t-here"),
        ("gfm", "Save &amp; restore", "save--restore"),
        ("gfm", "Use `a_b` and __bold__ &#35;1", "use-a_b-and-bold-1"),
        ("gfm", "See [the guide](guide.md) ![logo](l.png) <kbd>Ctrl</kbd>", "see-the-guide-logo-ctrl"),
        ("mkdocs", "Using `json_schema_extra`", "using-json_schema_extra"),
        ("mkdocs", "Caf&eacute; \\*now\\*", "cafe-now"),
        ("mdbook", "Ampersand &amp; co", "ampersand--co"),
        # kramdown slugs the header's raw text: the entity's name is letters
        ("kramdown", "Save &amp; restore", "save-amp-restore"),
        # VitePress: @mdit-vue/shared slugify (vite docs link #server-fs-allow)
        ("vitepress", "server.fs.allow", "server-fs-allow"),
        ("vitepress", "Dev Containers / VS Code &amp; more", "dev-containers-vs-code-more"),
        # Hugo runs shortcodes first; docsy.dev's icon shortcode prints no text
        ("hugo", "{{% _param FAS robot info %}} Upgrading with AI?", "upgrading-with-ai"),
        # an attribute block ending a heading is syntax where generators read one
        ("docusaurus", "Styled heading {.fancy}", "styled-heading"),
        ("hugo", "Closed heading ## {.fancy}", "closed-heading"),
    ],
)
def test_the_slug_is_made_from_the_text_the_generator_renders(dialect: str, heading: str, slug: str) -> None:
    assert slugger(dialect)(slug_input(heading, dialect)) == slug


def test_plain_text_drops_markup_and_keeps_text() -> None:
    assert heading_plain_text("Save &amp; `x` [y](z.md) <b>now</b> {#id}") == "Save & x y now"
    assert heading_plain_text("**Bold** _and_ ~~gone~~ \\[kept\\]") == "Bold and gone [kept]"
    assert heading_plain_text("Plain words") == "Plain words"


_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40))
def test_escaped_text_renders_back_to_itself(text: str) -> None:
    """Any text written with every ASCII punctuation backslash-escaped and ``&<>`` as entities
    (CommonMark 2.4, 2.5) is rendered as the text itself."""
    escaped = _PUNCTUATION.sub(r"\\\1", text)
    escaped = escaped.replace("\\&", "&amp;").replace("\\<", "&lt;").replace("\\>", "&gt;")
    # markdown-it-py normalizes U+0000 and collapses nothing else on one line
    assert heading_plain_text(escaped) == text.strip(" \t")


_PIECES = ["`", "``", " ", "a", "&amp;", "&ampx;", "&#35;", "&#x41;", "&#0;", "&lt;", "&bogus;", "&", ";", "é"]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_the_fast_path_renders_code_spans_and_entities_as_markdown_it_does(text: str) -> None:
    from markdown_it import MarkdownIt

    from l10n.site.links import _simple_plain_text

    fast = _simple_plain_text(text)
    if fast is not None:
        tokens = MarkdownIt("commonmark").parseInline(text)[0].children or []
        assert fast == "".join(t.content for t in tokens if t.type in ("text", "code_inline")).strip(" \t")


def test_vitepress_slug_follows_mdit_vue() -> None:
    assert vitepress_slug("3. Café  ") == "_3-cafe"
    assert vitepress_slug("“Quoted” (x)") == "quoted-x"
    assert github_slug("“Quoted” (x)") == "quoted-x"
    assert kramdown_slug("1. Getting Started!") == "getting-started"


@pytest.mark.skipif(not SITES.is_dir(), reason="needs the shared corpus")
@pytest.mark.parametrize(("folder", "dialect"), [("docusaurus", "docusaurus"), ("vitepress", "vitepress"), ("hugo", "hugo")])
def test_on_the_corpus_every_in_page_anchor_the_authors_wrote_resolves(folder: str, dialect: str) -> None:
    """The pages' own ``](#fragment)`` links work on the real sites: every one must name an id
    the slugger finds (jest: entities in headings; vite: dots; docsy: icon shortcodes)."""
    missing = []
    for path in sorted((SITES / folder).rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        fragments = [link.url[1:] for link in find_links(text) if link.url.startswith("#") and len(link.url) > 1]
        if fragments:
            anchors = anchors_of(text, dialect)
            missing += [f"{path.name}#{f}" for f in fragments if f not in anchors]
    assert missing == []


# -- build and check -------------------------------------------------------------------------------

NOTE = """# Title

## Heading &lt;T&gt; here

## Styled heading {.fancy}

## Closed heading ## {.fancy}

## Own {#own .x}

Setext heading
==============

Second setext
-------------

::: details Click to open {open}
Body.
:::

::: tip Custom title {#tip-id}
Body.
:::

See [a](#heading-t-here), [b](#styled-heading), [c](#closed-heading), [d](#setext-heading), [e](#second-setext).
"""


def _built(root: Path) -> str:
    return (root / "translated/hi/a.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("dialect", ["docusaurus", "vitepress", "hugo"])
def test_build_writes_each_source_id_where_the_generator_reads_it(tmp_path: Path, l10n: Runner, dialect: str) -> None:
    root = write_project(tmp_path, {"a.md": NOTE}, extra=f'markdown = "{dialect}"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root)
    make = slugger(dialect)
    heading = make(slug_input("Heading &lt;T&gt; here", dialect))
    assert re.search(r"^## \[.+\] \{#" + re.escape(heading) + r"\}$", built, re.MULTILINE)
    # one block, the id merged into it: generators read only the last block
    assert re.search(r"^## \[.+\] \{#styled-heading \.fancy\}$", built, re.MULTILINE)
    assert re.search(r"^## \[.+\] ## \{#closed-heading \.fancy\}$", built, re.MULTILINE)
    assert re.search(r"^## \[.+\] \{#own \.x\}$", built, re.MULTILINE)
    assert re.search(r"^\[.+\] \{#setext-heading\}\n=+$", built, re.MULTILINE)
    assert re.search(r"^\[.+\] \{#second-setext\}\n-+$", built, re.MULTILINE)
    if dialect != "hugo":  # container title attributes stay syntax, out of the catalog
        assert re.search(r"^::: details \[.+\] \{open\}$", built, re.MULTILINE)
        assert re.search(r"^::: tip \[.+\] \{#tip-id\}$", built, re.MULTILINE)
        catalog = (root / "locales/hi/a.po").read_text(encoding="utf-8")
        assert 'msgid "Click to open"' in catalog and 'msgid "Custom title"' in catalog
        assert "{open}" not in catalog and "{#tip-id}" not in catalog
    # every link of the source still resolves in the build
    fragments = [link.url[1:] for link in find_links(built) if link.url.startswith("#")]
    assert fragments and set(fragments) <= anchors_of(built, dialect)
    assert l10n(root, "check").exit_code == 0


def test_kramdown_keeps_its_block_style_when_the_id_is_merged(tmp_path: Path, l10n: Runner) -> None:
    note = "## Styled heading {: .fancy}\n\nSetext\n======\n\nSee [a](#styled-heading).\n"
    root = write_project(tmp_path, {"a.md": note}, extra='markdown = "kramdown"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root)
    assert re.search(r"^## \[.+\] \{: #styled-heading \.fancy\}$", built, re.MULTILINE)
    assert re.search(r"^\[.+\] \{#setext\}\n=+$", built, re.MULTILINE)
    assert l10n(root, "check").exit_code == 0


@pytest.mark.parametrize("heading", ["## Setup guide", "Setup guide\n==========", "Setup guide\n-----------"])
def test_check_accepts_exactly_the_ids_build_adds(tmp_path: Path, l10n: Runner, heading: str) -> None:
    root = write_project(tmp_path, {"a.md": heading + "\n\nBody.\n"}, extra='markdown = "hugo"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root)
    assert "{#setup-guide}" in built
    assert l10n(root, "check").exit_code == 0
    (root / "translated/hi/a.md").write_text(built.replace("{#setup-guide}", "{#other-id}"), encoding="utf-8")
    result = l10n(root, "check")
    assert result.exit_code == 1
    assert "{#other-id}" in result.output and "[construct]" in result.output


def test_a_heading_in_a_blockquote_gets_its_id_and_check_accepts_it(tmp_path: Path, l10n: Runner) -> None:
    """python-novice-inflammation's 404.md: ``> ## Our apologies!`` then ``{: .caution}``."""
    note = "> ## Our apologies!\n>\n> Body.\n{: .caution}\n\nSee [it](#our-apologies).\n"
    root = write_project(tmp_path, {"a.md": note}, extra='markdown = "kramdown"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root)
    assert re.search(r"^> ## \[.+\] \{#our-apologies\}$", built, re.MULTILINE)
    assert "our-apologies" in anchors_of(built, "kramdown")
    assert l10n(root, "check").exit_code == 0


@pytest.mark.parametrize("dialect", sorted(ID_DIALECTS))
@pytest.mark.parametrize(
    ("note", "heading", "slug"),
    [
        ("- ## In a list\n\nPlain text.\n", r"- ## \[.+\]", "in-a-list"),
        ("1. ### Ordered item\n\nPlain text.\n", r"1\. ### \[.+\]", "ordered-item"),
        ("- > ## Quote in item\n\nPlain text.\n", r"- > ## \[.+\]", "quote-in-item"),
        ("> - ## Item in quote\n\nPlain text.\n", r"> - ## \[.+\]", "item-in-quote"),
    ],
)
def test_a_heading_opening_a_list_item_gets_its_id_and_check_accepts_it(
    tmp_path: Path, l10n: Runner, dialect: str, note: str, heading: str, slug: str
) -> None:
    """The reviewer's ``- ## In a list``: build wrote the id, check called it foreign to the source."""
    source = note + f"\nSee [it](#{slug}).\n"
    root = write_project(tmp_path, {"a.md": source}, extra=f'markdown = "{dialect}"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root)
    assert re.search(rf"^{heading} \{{#{slug}\}}$", built, re.MULTILINE), built
    assert slug in anchors_of(built, dialect)
    result = l10n(root, "check")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("dialect", sorted(ID_DIALECTS))
def test_an_escaped_brace_is_text_not_an_id(tmp_path: Path, l10n: Runner, dialect: str) -> None:
    """``## Escaped \\{#notid}``: a backslash-escaped ``{`` is text (CommonMark 2.4), so the
    whole heading is the msgid and the build adds the generated id after it."""
    root = write_project(tmp_path, {"a.md": "## Escaped \\{#notid}\n\nText.\n"}, extra=f'markdown = "{dialect}"\n')
    doc = read_note(b"## Escaped \\{#notid}\n", "a.md", dialect=make_dialect(dialect))
    assert [s.text for s in doc.segments] == ["Escaped \\{#notid}"]
    assert explicit_id("Escaped \\{#notid}") is None and explicit_id("Escaped \\\\ {#real}") == "real"
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root)
    assert re.search(r"^## \[.+\\\{#.+\}\] \{#[\w-]+\}$", built, re.MULTILINE), built
    assert l10n(root, "check").exit_code == 0


@pytest.mark.parametrize(("dialect", "segments"), [("kramdown", ["Glued{#id}"]), ("hugo", ["Glued"])])
def test_kramdown_needs_a_space_before_a_heading_id(dialect: str, segments: list[str]) -> None:
    """kramdown's HEADER_ID needs a space or tab before ``{#id}`` (kramdown/parser/kramdown/header.rb);
    goldmark's attribute parser does not."""
    doc = read_note(b"## Glued{#id}\n", "a.md", dialect=make_dialect(dialect))
    assert [s.text for s in doc.segments] == segments


def test_gfm_links_follow_a_heading_whose_text_has_an_entity(tmp_path: Path, l10n: Runner) -> None:
    note = "## Save &amp; restore\n\nSee [below](#save--restore).\n"
    root = write_project(tmp_path, {"a.md": note}, extra='markdown = "gfm"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root)
    fragments = [link.url[1:] for link in find_links(built) if link.url.startswith("#")]
    assert fragments != ["save--restore"]
    assert set(fragments) <= anchors_of(built, "gfm")


# -- bench/synth.py's arguments ----------------------------------------------------------------------


def _synth(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "bench/synth.py"), *args], capture_output=True, text=True, check=False)


def test_synth_help_and_bad_arguments_are_argparse_messages() -> None:
    shown = _synth("--help")
    assert shown.returncode == 0 and "PROJECT" in shown.stdout
    missing = _synth()
    assert missing.returncode == 2 and "required: PROJECT" in missing.stderr


def test_synth_given_a_source_notes_folder_does_not_nest_it(tmp_path: Path) -> None:
    made = _synth(str(tmp_path / "site" / "source_notes"), "3")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "site/pyproject.toml").is_file()
    assert len(list((tmp_path / "site/source_notes").rglob("*.md"))) == 3
    assert not (tmp_path / "site/source_notes/source_notes").exists()


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "é", ".", "..", "", "c.md", " x"]), min_size=1, max_size=4).map("/".join).filter(bool),
    st.lists(st.sampled_from(["a", "b", "é", ".", "..", "", "c.md", " x"]), max_size=4).map("/".join),
)
def test_relative_path_is_posixpath_relpath(target: str, base: str) -> None:
    from l10n.site.relink import relative_path

    assert relative_path(target, base) == posixpath.relpath(target, base or ".")


@pytest.mark.parametrize("enabled_first", [True, False])
def test_an_edit_of_mkdocs_yml_that_turns_attr_list_on_or_off_rebuilds_as_a_fresh_run(
    tmp_path: Path, l10n: Runner, enabled_first: bool
) -> None:
    """MkDocs writes ``{#id}`` only with ``attr_list`` (l10n.site.relink): editing ``mkdocs.yml``
    must give what a run from scratch gives (the ids and the links that follow them), not the
    pages built under the old file (found by the review: stale ids until ``build --force``)."""
    with_ids = "site_name: x\nmarkdown_extensions:\n  - attr_list\n"
    without = "site_name: x\n"
    notes = {"a.md": "# Title\n\n## Second part\n\nSee [below](#second-part).\n"}
    extra = 'engine = "pseudo"\nmarkdown = "mkdocs"\n'
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    for root in (kept, fresh):
        root.mkdir()
        write_project(root, notes, ("hi",), extra)
    (kept / "mkdocs.yml").write_text(with_ids if enabled_first else without, encoding="utf-8")
    assert l10n(kept, "sync").exit_code == 0
    (kept / "mkdocs.yml").write_text(without if enabled_first else with_ids, encoding="utf-8")
    (fresh / "mkdocs.yml").write_text(without if enabled_first else with_ids, encoding="utf-8")
    for root in (kept, fresh):
        done = l10n(root, "sync")
        assert done.exit_code == 0, done.output
    page = (kept / "translated/hi/a.md").read_text(encoding="utf-8")
    assert page == (fresh / "translated/hi/a.md").read_text(encoding="utf-8")
    assert ("{#second-part}" in page) is not enabled_first


# -- issue 12 session review: a tag line is no setext underline, an admonition's heading is one --


@pytest.mark.parametrize("marker", ["- ", "+ ", "* ", "1. "])
@pytest.mark.parametrize(
    ("dialect", "tag"),
    [
        ("hugo", "{{% param BREAKING %}}"),  # docsy blog/2026/0.15.0.md
        ("hugo", "{{< tab >}}"),
        ("kramdown", "{% include note.html %}"),
        ("mdbook", "{{#include ../listing.rs}}"),
    ],
)
def test_an_item_whose_sub_item_is_a_tag_line_stays_a_list_item(
    tmp_path: Path, l10n: Runner, marker: str, dialect: str, tag: str
) -> None:
    """``- Review the changes:`` / ``  - {{% param BREAKING %}}``: the generator reads the
    sub-item with content (Hugo a shortcode's placeholder), not the empty item ``  -`` that would
    be a setext underline (CommonMark 4.3) or a lazy line; the build wrote ``{#review-the-changes}``
    on the list item, literal text on the page."""
    note = f"## Upgrade\n\n- Review the changes:\n  {marker}{tag}\n- Another item\n  {marker}{tag}\nlazy text\n"
    doc = read_note(note.encode(), "a.md", dialect=make_dialect(dialect))
    assert [(s.kind.value, s.text) for s in doc.segments] == [
        ("heading", "Upgrade"),
        ("list item", "Review the changes:"),
        ("list item", "Another item"),
        ("list item", "lazy text"),
    ]
    root = write_project(tmp_path, {"a.md": note}, extra=f'markdown = "{dialect}"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root)
    # mdBook's include is led to the same file from translated/hi/ (relink: include paths)
    shown = tag.replace("../listing.rs", "../../listing.rs")
    assert "{#review" not in built and f"  {marker}{shown}\n" in built, built
    result = l10n(root, "check")
    assert result.exit_code == 0, result.output


ADMONITION_NOTE = """# Title

{opener}

    Some text here.

    #### Number of fields

    !!! note
        This metric was added.

    More text.

See [fields](#number-of-fields).
"""


@pytest.mark.parametrize("attr_list", [True, False])
@pytest.mark.parametrize("opener", ['??? info "Smart mode"', '!!! tip "Smart mode"', '=== "Smart mode"'])
def test_a_heading_in_an_admonition_body_is_a_heading_of_the_page(
    tmp_path: Path, l10n: Runner, attr_list: bool, opener: str
) -> None:
    """pydantic ``concepts/unions.md``: ``#### Number of fields`` in a ``???`` body, then
    ``!!! note``. Python-Markdown reads the body as Markdown, so the heading has its id; check
    read the indented line as code: with ``attr_list`` it took the id build writes for a foreign
    construct, without it the link the build rewrote for an anchor the page lacks."""
    note = ADMONITION_NOTE.format(opener=opener)
    root = write_project(tmp_path, {"a.md": note}, extra='markdown = "mkdocs"\nsource = "source_notes"\n')
    extensions = ["admonition", "pymdownx.details", "pymdownx.tabbed"] + (["attr_list"] if attr_list else [])
    (root / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n" + "".join(f"  - {e}\n" for e in extensions), encoding="utf-8"
    )
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root)
    assert ("    #### " in built) and (("{#number-of-fields}" in built) == attr_list), built
    result = l10n(root, "check")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("text", ["", " text=true"])
def test_a_docsy_tab_holds_code_unless_told_text(tmp_path: Path, l10n: Runner, text: str) -> None:
    """Docsy ``docs/content/print.md``: ``{{< tab yaml >}}`` in a ``tabpane`` holds code (Docsy
    "Tabbed panes": tabs are assumed to contain code, ``text=true`` makes them text); read as
    Markdown, its ``---`` made the YAML a setext heading and build wrote ``{#-disable_toc-true-}``."""
    tabs = (
        '{{< tab header="CLI:" disabled=true />}}\n'  # self-closing (Hugo "Shortcodes"): no body to skip
        '{{< tab header="Unix shell" lang="Bash" >}}\n#include <stdio.h>\n{{< /tab >}}\n'
        "{{< tab yaml >}}\n---\n…\ndisable_toc: true\n…\n---\n{{< /tab >}}\n"
    )
    note = f"Set it:\n\n{{{{< tabpane langEqualsHeader=true{text} >}}}}\n{tabs}{{{{< /tabpane >}}}}\n\nAfter.\n"
    doc = read_note(note.encode(), "a.md", dialect=make_dialect("hugo"))
    assert [s.text for s in doc.segments if s.kind.value == "title"] == ["CLI:", "Unix shell"]
    texts = [(s.kind.value, s.text) for s in doc.segments if s.kind.value != "title"]
    if text:  # text tabs are Markdown: the YAML's "---" is a setext underline there
        # (a tab given lang= stays code: its own text=true is what makes it text)
        assert texts == [("paragraph", "Set it:"), ("heading", "… disable_toc: true\n…"), ("paragraph", "After.")]
        return
    assert texts == [("paragraph", "Set it:"), ("paragraph", "After.")]
    root = write_project(tmp_path, {"a.md": note}, extra='markdown = "hugo"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root)
    assert "{{< tab yaml >}}\n---\n…\ndisable_toc: true\n…\n---\n{{< /tab >}}\n" in built, built
    assert "\n#include <stdio.h>\n" in built and "{#" not in built, built
    assert l10n(root, "check").exit_code == 0
