"""Hugo, Jekyll/kramdown and GitHub constructs found by review (issue 12, part B).

Each class is tested for identity (no translation gives the source back byte for byte), for the
segments it gives (what reaches a catalog and an engine), and for its structure under a pseudo
translation and under an engine that reorders words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.markdown.dialect import construct_marks, make_dialect
from l10n.markdown.document import Document, Segment
from l10n.markdown.protect import protect
from l10n.markdown.segment import read_note
from l10n.mt.engines.pseudo import pseudo_localize
from tests.conftest import Runner, write_project


def parse(text: str, dialect: str, guessed: bool = False) -> Document:
    return read_note(text.encode(), "note.md", dialect=make_dialect(dialect, guessed=guessed))


def texts(doc: Document) -> list[str]:
    return [s.text for s in doc.segments]


def pseudo(segment: Segment) -> str:
    return pseudo_localize(segment.text)


def reordered(segment: Segment) -> str:
    """An engine that puts the words of each line in reverse order (markup tokens move too)."""
    return "\n".join(" ".join(reversed(line.split(" "))) for line in segment.text.split("\n"))


def marks(text: str, dialect: str) -> list[str]:
    return [mark for _, mark in construct_marks(text, make_dialect(dialect))]


# -- kramdown extensions, Liquid comment and raw ------------------------------------------------

KRAMDOWN_EXTENSIONS = """\
# Title

Intro text here.

{::comment}
This text is ignored by kramdown.

Another paragraph of the comment.
{:/comment}

{::nomarkdown}
<div>raw html here</div>
{:/}

{::options parse_block_html="true" /}

{% raw %}
Show {{ page.title }} like this.
{% endraw %}

{%- comment -%}
Never rendered, never translated.
{%- endcomment -%}

Text with {::comment}inline hidden words{:/comment} and {% raw %}{{ x }}{% endraw %} in it.
"""


@pytest.mark.parametrize(("dialect", "guessed"), [("kramdown", False), ("gfm", True)])
def test_kramdown_extensions_and_liquid_blocks_are_skeleton(dialect: str, guessed: bool) -> None:
    doc = parse(KRAMDOWN_EXTENSIONS, dialect, guessed)
    assert doc.render({}) == KRAMDOWN_EXTENSIONS
    assert texts(doc) == [
        "Title",
        "Intro text here.",
        "Text with {::comment}inline hidden words{:/comment} and {% raw %}{{ x }}{% endraw %} in it.",
    ]
    for translate in (pseudo, reordered):
        out = doc.render(translate)
        for kept in ("{::comment}\nThis text is ignored by kramdown.\n", "{:/comment}", "{% raw %}\nShow {{ page.title }}"):
            assert kept in out


def test_inline_comment_and_raw_bodies_never_reach_an_engine() -> None:
    text = "See {::comment}hidden words{:/comment} and {% raw %}{{ x }}{% endraw %} and {%- comment -%}a {{ b }}{%- endcomment -%}."
    protected = protect(text)
    assert protected.text == "See {1} and {2} and {3}."
    assert not re.search(r"hidden|\{\{", protected.text)
    assert protected.restore(protected.text) == text


def test_a_kramdown_extension_never_closed_is_text() -> None:
    """kramdown would read the rest of the note as the body; l10n keeps translating it rather
    than losing the note's text to a typo."""
    doc = parse("{::comment}\nStill text.\n", "kramdown")
    assert texts(doc) == ["Still text."]


@settings(max_examples=60, deadline=None)
@given(
    body=st.lists(st.text(alphabet="ab {}%:/\n", min_size=0, max_size=12), min_size=1, max_size=4),
    opener=st.sampled_from(["{::comment}", "{::nomarkdown}", "{% raw %}", "{% comment %}"]),
)
def test_skeleton_blocks_keep_identity_and_bodies(body: list[str], opener: str) -> None:
    closer = {"{::comment}": "{:/comment}", "{::nomarkdown}": "{:/}", "{% raw %}": "{% endraw %}", "{% comment %}": "{% endcomment %}"}[opener]
    inner = "\n".join(line for line in body)
    text = f"Before it.\n\n{opener}\n{inner}\n{closer}\n\nAfter it.\n"
    doc = parse(text, "kramdown")
    assert doc.render({}) == text
    out = doc.render(pseudo)
    if closer not in inner and "{:/" not in inner and "{%" not in inner:
        assert f"{opener}\n{inner}\n{closer}\n" in out


# -- references to definitions whose destination is a template tag ------------------------------

TAGGED_REFERENCES = """\
# Links

Read the [Setup] page, the [Lesson Home][] and [the guide][contributing] first.

[Setup]: {{ relative_root_path }}{% link setup.md %}
[Lesson Home]: {{ site.url }}/index.html
[contributing]: {{ repo_url }}/blob/{{ source_branch }}/CONTRIBUTING.md
"""


def machine(segment: Segment, doc: Document, engine: Callable[[str], str]) -> str:
    """``segment`` translated as ``l10n translate`` sends it: protected with the note's references."""
    protected = protect(segment.text, references=doc.references)
    return protected.restore(engine(protected.text))


def _resolving_labels(text: str, dialect: str) -> list[str]:
    """Labels of the links of ``text`` that resolve, as l10n reads the note in ``dialect``
    (its tagged definitions included: they are definitions once Liquid or Hugo has run)."""
    from l10n.markdown.references import brackets

    doc = parse(text, dialect)
    body = text.split("\n\n[Setup]:", 1)[0]
    return [b.label for b in brackets(body, doc.references) if b.resolved]


@pytest.mark.parametrize("dialect", ["kramdown", "hugo", "mdbook"])
def test_references_to_tagged_definitions_resolve_after_translation(dialect: str) -> None:
    doc = parse(TAGGED_REFERENCES, dialect)
    assert doc.render({}) == TAGGED_REFERENCES
    assert {"SETUP", "LESSON HOME", "CONTRIBUTING"} <= set(doc.references)
    expected = _resolving_labels(TAGGED_REFERENCES, dialect)
    assert expected == ["SETUP", "LESSON HOME", "CONTRIBUTING"]
    # the machine path: protected with the note's references, restored, as translate does it
    for engine in (pseudo_localize, lambda t: " ".join(reversed(t.split(" ")))):
        out = doc.render(lambda segment, engine=engine: machine(segment, doc, engine))
        assert sorted(_resolving_labels(out, dialect)) == sorted(expected), out
    # the human path: a translator translates the text of shortcut references; build rewrites them
    from l10n.markdown.references import keep_references_resolving

    human = {doc.segments[1].text: "Lisez la page [Configuration] et [le guide][contributing] d'abord."}
    out = doc.render(lambda s: keep_references_resolving(s.text, human[s.text], doc.references) if s.text in human else None)
    assert "[Configuration][Setup]" in out and "[le guide][contributing]" in out


def test_references_to_tagged_definitions_in_a_built_site(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"links.md": TAGGED_REFERENCES}, extra='markdown = "kramdown"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = (root / "translated/hi/links.md").read_text(encoding="utf-8")
    assert sorted(_resolving_labels(built, "kramdown")) == ["CONTRIBUTING", "LESSON HOME", "SETUP"], built
    assert built.endswith(TAGGED_REFERENCES.split("first.\n\n", 1)[1])  # definitions byte-exact


# -- front matter: every string style of TOML and YAML -----------------------------------------

TOML_MULTILINE = '''+++
title = \'\'\'Adding Content\'\'\'
description = """
A special section
with a "docs" layout.
"""
linkTitle = \'\'\'
Short title\'\'\'
summary = """Not translated."""
weight = 1
[params]
title = "not top level"
+++

Body.
'''

YAML_BLOCKS = """---
title: >-
  Release report
  and upgrade guide
description: |
  First line.
  Second line.
linkTitle: |+
  Kept chomping

author: >-
  Not translated.
weight: 1
---

Body.
"""


def _front(text: str) -> dict[str, object]:
    import tomllib

    from l10n.markdown.yaml12 import load

    delimiter = text[:3]
    body = text.split(delimiter + "\n", 2)[1] if delimiter == "---" else text.split("+++\n", 2)[1]
    data = tomllib.loads(body) if delimiter == "+++" else load(body)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TOML_MULTILINE, ["Adding Content", 'A special section\nwith a "docs" layout.', "Short title", "Body."]),
        (YAML_BLOCKS, ["Release report and upgrade guide", "First line.\nSecond line.", "Kept chomping", "Body."]),
    ],
    ids=["toml", "yaml"],
)
def test_front_matter_strings_of_every_style_are_segments(text: str, expected: list[str]) -> None:
    keys = ("title", "description", "linkTitle")
    doc = read_note(text.encode(), "note.md", front_matter_keys=keys, dialect=make_dialect("hugo"))
    assert doc.render({}) == text
    assert texts(doc) == expected
    source = _front(text)
    for translate in (pseudo, reordered):
        out = doc.render(translate)
        data = _front(out)
        for key, value in source.items():
            if key in keys:
                segment = next(s for s in doc.segments if s.context == f"front-matter:{key}")
                assert isinstance(value, str)
                # the value is the translation, with the line breaks the style adds or keeps
                tail = value[len(value.rstrip("\n")) :]
                written = str(data[key])
                assert written.endswith(tail) and written.rstrip("\n") == translate(segment).rstrip("\n")
            else:
                assert data[key] == value, key
        assert out.split("+++\n" if text.startswith("+") else "---\n", 2)[2] == "\n" + translate(doc.segments[-1]) + "\n"


def test_toml_multiline_keeps_its_delimiters_and_crlf() -> None:
    text = TOML_MULTILINE.replace("\n", "\r\n")
    doc = read_note(text.encode(), "note.md", front_matter_keys=("description",), dialect=make_dialect("hugo"))
    assert doc.render({}) == text
    out = doc.render(lambda s: "Eins\nZwei \\ \"drei\"" if s.context else None)
    assert 'description = """\r\nEins\r\nZwei \\\\ \\"drei\\"\r\n"""\r\n' in out
    assert _front(out.replace("\r\n", "\n"))["description"] == 'Eins\nZwei \\ "drei"\n'


_VALUE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"), blacklist_characters="\ufeff")
    | st.sampled_from(["\n", "\t", '"', "'", "\\", "#", ":", " "]),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


@settings(max_examples=150, deadline=None)
@given(translation=_VALUE_TEXT, literal=st.booleans())
def test_any_translation_of_a_toml_multiline_string_loads_back(translation: str, literal: bool) -> None:
    delimiter = "'''" if literal else '"""'
    text = f"+++\ndescription = {delimiter}\nSome text.\n{delimiter}\nweight = 1\n+++\n"
    doc = read_note(text.encode(), "note.md", front_matter_keys=("description",), dialect=make_dialect("hugo"))
    data = _front(doc.render(lambda s: translation))
    assert data["weight"] == 1
    if not literal:
        assert data["description"] == translation + "\n"
    else:  # a literal string cannot hold three apostrophes in a row: the third is U+2019
        # (compared with U+2019 read as an apostrophe on both sides: the translation may hold one)
        assert str(data["description"]).replace("\u2019", "'") == translation.replace("\u2019", "'") + "\n"


@settings(max_examples=150, deadline=None)
@given(translation=_VALUE_TEXT, header=st.sampled_from(["|", "|-", "|+", ">", ">-"]))
def test_any_translation_of_a_yaml_block_scalar_loads_back(translation: str, header: str) -> None:
    text = f"---\ndescription: {header}\n  Some text.\n  More text.\nweight: 1\n---\n"
    doc = read_note(text.encode(), "note.md", front_matter_keys=("description",), dialect=make_dialect("hugo"))
    data = _front(doc.render(lambda s: translation))
    assert data["weight"] == 1
    lines = [line.lstrip(" \t") for line in translation.split("\n")]
    if header.startswith("|"):
        assert str(data["description"]).rstrip("\n") == "\n".join(lines).rstrip("\n")
    else:  # folded: what a reader sees is the same words
        assert str(data["description"]).split() == " ".join(lines).split()


# -- link titles ---------------------------------------------------------------------------------

LINK_TITLES = (
    'See [the docs](https://x.org/a_b "The docs page"), ![a logo](img/logo.png \'The logo\'), '
    '[more](<a b.md> (More about it)), [code](/c "`x` here"), [same](/s "123") and '
    '[tag]({{< ref "a.md" >}} "Hugo ref").'
)


def _links(text: str) -> list[tuple[str, str]]:
    from markdown_it import MarkdownIt

    found = []
    for token in MarkdownIt("commonmark").parseInline(text)[0].children or []:
        if token.type in ("link_open", "image"):
            found.append((str(token.attrGet("href") or token.attrGet("src")), str(token.attrGet("title") or "")))
    return found


def test_link_titles_reach_the_engine_and_urls_stay() -> None:
    protected = protect(LINK_TITLES)
    for title in ("The docs page", "The logo", "More about it", "here", "Hugo ref"):
        assert title in protected.text
    for kept in ("https://x.org/a_b", "img/logo.png", "a b.md", '"123"', "{{< ref", "`x`"):
        assert kept not in protected.text
    source_links = _links(LINK_TITLES)
    # pseudo, and an engine that moves clauses (each link with its title) to another order
    for engine in (pseudo_localize, lambda t: ", ".join(reversed(t.split(", ")))):
        out = protected.restore(engine(protected.text))
        links = sorted(_links(out))
        assert [href for href, _ in links] == sorted(href for href, _ in source_links), out
        translated = dict(links)
        assert translated["/s"] == "123"  # no letter: kept with its destination
        if engine is pseudo_localize:
            assert all(translated[href] != title for href, title in source_links if href != "/s"), out


# -- Hugo shortcode arguments that hold text ------------------------------------------------------

SHORTCODES = """\
{{% alert title="Warning" color="warning" %}}
Be careful here.
{{% /alert %}}

{{% notice tip "A useful tip" %}}
Tip body.
{{% /notice %}}

{{< card header="**Highlights**" title="Card title" footer="hugo.toml" >}}
Card body.
{{< /card >}}

{{< tabpane text=true >}} {{< tab header="From the CLI" >}}
Run it.
{{< /tab >}}
{{< tab header="hugo.toml" lang="toml" >}}
title = "x"
{{< /tab >}}
{{< /tabpane >}}

{{< blocks/cover title="Welcome to Docsy"
  image_anchor="top" subtitle="A theme for docs" >}}

{{< figure src="a.png" caption="A \\"quoted\\" caption" alt="yaml" >}}
"""


def _tags(text: str) -> list[str]:
    """Every shortcode tag of ``text`` with its translatable arguments' values blanked."""
    tags = re.findall(r"\{\{[<%].*?[>%]\}\}", text, re.DOTALL)
    assert tags
    return [re.sub(r'((?:title|header|subtitle|caption)=|tip )"(?:[^"\\]|\\.)*"', r'\1""', tag) for tag in tags]


@pytest.mark.parametrize(("dialect", "guessed"), [("hugo", False), ("gfm", True)])
def test_shortcode_titles_are_segments_and_the_tags_stay(dialect: str, guessed: bool) -> None:
    doc = parse(SHORTCODES, dialect, guessed)
    assert doc.render({}) == SHORTCODES
    titles = [s.text for s in doc.segments if s.kind.value == "title"]
    assert titles == [
        "Warning", "A useful tip", "**Highlights**", "Card title", "From the CLI", "Welcome to Docsy", "A theme for docs",
        "A \\\"quoted\\\" caption",  # as written: the translator keeps or writes \" (build escapes a bare quote)
    ]
    assert "hugo.toml" not in texts(doc) and 'title = "x"' not in "".join(texts(doc))
    for translate in (pseudo, reordered, lambda s: f'Ein "{s.text}" \\\\'):
        out = doc.render(translate)
        assert _tags(out) == _tags(SHORTCODES), out
        assert marks(out, dialect) == marks(SHORTCODES, dialect)  # what l10n check compares
        # each translated value is one Hugo-quoted string: no bare quote ends it early
        for value in re.findall(r'(?:title|header|subtitle|caption)="((?:[^"\\\n]|\\.)*)"', out):
            assert not value.endswith("\\")


def test_shortcode_arguments_are_configurable(tmp_path: Path, l10n: Runner) -> None:
    note = '{{% notice tip "A useful tip" %}}\nTip body.\n{{% /notice %}}\n\n{{< alert title="Note" >}}\nText.\n{{< /alert >}}\n'
    root = write_project(tmp_path, {"a.md": note}, extra='markdown = "hugo"\nshortcode_arguments = ["title"]\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    assert '{{% notice tip "A useful tip" %}}' in built and 'title="Note"' not in built
    assert l10n(root, "check").exit_code == 0


def test_a_standing_alone_image_with_a_title_is_translated_whole() -> None:
    """mdBook's images.md: the alt alone was the segment, so the title stayed English."""
    text = '![Image with title](https://x.org/logo.png "Some title")\n\n![Plain](a.png)\n\n![x](y.png "123")\n'
    doc = parse(text, "mdbook")
    assert doc.render({}) == text
    assert texts(doc) == ['![Image with title](https://x.org/logo.png "Some title")', "Plain", "x"]
    out = doc.render(lambda s: machine(s, doc, pseudo_localize))
    ((href, title),) = _links(out.split("\n")[0])
    assert href == "https://x.org/logo.png" and title == pseudo_localize("Some title").strip("[]")
    assert '(y.png "123")' in out
