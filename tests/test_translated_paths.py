"""Paths in translated pages (session 19): a page written elsewhere than its source reads the
same files as its links and images do: include and import paths (l10n.site.includes), every URL
attribute of raw HTML, percent-encoded fragments (relink)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.site.includes import find_includes
from l10n.site.links import find_links
from tests.conftest import Runner, write_project

SITES = Path("/work/shared/corpus/sites")

MDBOOK_CHAPTER = """# Chapter

Intro text.

```rust
{{#include ../listings/main.rs:2:5}}
```

{{#rustdoc_include ../listings/lib.rs:anchor}}

{{#playground ./example.rs editable}}

{{#include part.md}}

\\{{#include escaped.rs}}

Text [a link](../listings/main.rs) too.
"""


def _built(root: Path, name: str, lang: str = "hi") -> str:
    return (root / "translated" / lang / name).read_text(encoding="utf-8")


def test_mdbook_includes_lead_to_the_same_files_from_the_translation(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(
        tmp_path, {"book/ch1.md": MDBOOK_CHAPTER, "book/part.md": "Part text.\n"}, extra='markdown = "mdbook"\n'
    )
    (root / "source_notes/listings").mkdir()
    for name in ("main.rs", "lib.rs"):
        (root / "source_notes/listings" / name).write_text("fn main() {}\n", encoding="utf-8")
    (root / "source_notes/book/example.rs").write_text("fn main() {}\n", encoding="utf-8")
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root, "book/ch1.md")
    # translated/hi/book/ -> source_notes/listings/: the same file, as the link beside it
    assert "{{#include ../../../source_notes/listings/main.rs:2:5}}" in built
    assert "{{#rustdoc_include ../../../source_notes/listings/lib.rs:anchor}}" in built
    assert "{{#playground ../../../source_notes/book/example.rs editable}}" in built
    assert "{{#include part.md}}" in built  # a translated chapter: its translation sits beside it
    assert "\\{{#include escaped.rs}}" in built  # escaped: mdBook shows it as text
    assert "](../../../source_notes/listings/main.rs)" in built
    for path in re.findall(r"(?<!\\)\{\{#(?:include|rustdoc_include|playground) ([^:\s}]+)", built):
        assert (root / "translated/hi/book" / path).resolve().is_file(), path
    check = l10n(root, "check")  # the rewritten include lines are the source's constructs
    assert check.exit_code == 0, check.output


DOCUSAURUS_PAGE = """---
title: Page
---

import Foo from '../src/components/Foo';
import Snip from '!!raw-loader!./snippet.js';
import Note from './_note.md';
import TOCInline from '@theme/TOCInline';
import {
  Bar,
} from "../src/components/Bar";

Text <img src={require('./img/x.png').default} /> here.

```js
import Other from './other';
const y = require('./in-code.png');
```

Prose with `require('./in-span.png')` in code.
"""


def test_docusaurus_imports_and_requires_lead_to_the_same_files(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "docusaurus.config.js").write_text("module.exports = {};\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "docs"\nlayout = "docusaurus"\nlanguages = ["fr"]\nmarkdown = "docusaurus"\n', encoding="utf-8"
    )
    docs = tmp_path / "docs/guide"
    docs.mkdir(parents=True)
    (docs / "page.md").write_text(DOCUSAURUS_PAGE, encoding="utf-8")
    (docs / "_note.md").write_text("A note.\n", encoding="utf-8")
    (docs / "snippet.js").write_text("x();\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = (tmp_path / "i18n/fr/docusaurus-plugin-content-docs/current/guide/page.md").read_text(encoding="utf-8")
    up = "../../../../../"  # i18n/fr/docusaurus-plugin-content-docs/current/guide/ -> the project
    assert f"import Foo from '{up}docs/src/components/Foo';" in built
    assert f"import Snip from '!!raw-loader!{up}docs/guide/snippet.js';" in built
    assert "import Note from './_note.md';" in built  # the partial's translation is beside it
    assert "import TOCInline from '@theme/TOCInline';" in built
    assert f'}} from "{up}docs/src/components/Bar";' in built
    assert f"require('{up}docs/guide/img/x.png')" in built
    assert "import Other from './other';" in built and "require('./in-code.png')" in built  # code
    assert "`require('./in-span.png')`" in built
    out = tmp_path / "i18n/fr/docusaurus-plugin-content-docs/current/guide"
    assert posixpath.normpath(str(out / f"{up}docs/guide/snippet.js")) == str(docs / "snippet.js")
    check = l10n(tmp_path, "check")
    assert check.exit_code == 0, check.output


def test_vitepress_code_imports_and_includes(tmp_path: Path, l10n: Runner) -> None:
    page = (
        "<script setup>\nimport { computed } from 'vue'\nimport { data } from './_data/team.data'\n"
        "import svg from '../images/a.svg?raw'\n</script>\n\n"
        "# A\n\n<<< ./snippets/a.js{2} [a.js]\n\n<<< @/snippets/b.js\n\n<!--@include: ./parts/p.md{3,}-->\n"
    )
    root = write_project(tmp_path, {"guide/a.md": page}, extra='markdown = "vitepress"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root, "guide/a.md")
    assert "<<< ../../../source_notes/guide/snippets/a.js{2} [a.js]" in built
    assert "<<< @/snippets/b.js" in built
    assert "<!--@include: ../../../source_notes/guide/parts/p.md{3,}-->" in built
    assert "import { computed } from 'vue'" in built
    assert "import { data } from '../../../source_notes/guide/_data/team.data'" in built
    assert "import svg from '../../../source_notes/images/a.svg?raw'" in built
    check = l10n(root, "check")
    assert check.exit_code == 0, check.output


def test_jekyll_include_relative_leads_to_the_translated_part_and_never_through_dot_dot(tmp_path: Path, l10n: Runner) -> None:
    page = (
        "# A\n\n{% include_relative part.md %}\n\n{% include_relative data.txt %}\n\n"
        "{% raw %}{% include_relative part.md %}{% endraw %}\n"
    )
    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "."\nlayout = "jekyll"\nlanguages = ["hi"]\nmarkdown = "kramdown"\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text(page, encoding="utf-8")
    (tmp_path / "part.md").write_text("Part.\n", encoding="utf-8")
    (tmp_path / "data.txt").write_text("data\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = (tmp_path / "hi/a-hi.md").read_text(encoding="utf-8")
    assert (tmp_path / "hi/part-hi.md").is_file()
    assert "{% include_relative part-hi.md %}" in built  # the part's translation, beside the page
    assert "{% include_relative data.txt %}" in built  # "../data.txt": Jekyll refuses "..", kept
    assert "{% raw %}{% include_relative part.md %}{% endraw %}" in built  # text, not a tag


def test_a_guessed_dialect_rewrites_no_include(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"book/ch1.md": "# A\n\n{{#include ../x.rs}}\n"})
    (root / "source_notes/x.rs").write_text("x\n", encoding="utf-8")
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    assert "{{#include ../x.rs}}" in _built(root, "book/ch1.md")


@pytest.mark.parametrize(
    ("dialect", "text", "paths"),
    [
        ("mdbook", "{{#include a.rs:1:2}} {{ #include  b.rs }} {{#title T}} {{#include}}", ["a.rs", "b.rs"]),
        ("mdbook", "{{#include /abs.rs}} {{#include https://x/y.rs}}", []),
        ("docusaurus", "import a from 'pkg';\nimport b from \"@site/x\";\nimport c from './c?raw';\n", ["./c"]),
        ("docusaurus", "Import the data from './x' as shown.\n", []),
        ("vitepress", "   <<< ../s.ts#region{1} [l]\n", ["../s.ts"]),
        ("gfm", "{{#include a.rs}}\n", []),
    ],
)
def test_find_includes(dialect: str, text: str, paths: list[str]) -> None:
    assert [i.path for i in find_includes(text, dialect)] == paths
    for include in find_includes(text, dialect):
        assert text[include.start : include.end] == include.path


@pytest.mark.skipif(not (SITES / "mdbook").is_dir(), reason="the corpus is not here")
def test_every_mdbook_include_of_the_corpus_is_found() -> None:
    """Siblings: every ``{{#include``-like tag of the mdBook corpus that mdBook reads (not
    escaped, with a path) is found, and its path is the first word up to a colon."""
    for page in sorted((SITES / "mdbook").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        tags = [m for m in re.finditer(r"(\\)?\{\{\s*#(include|rustdoc_include|playground)\s+([^}]+)\}\}", text) if not m.group(1)]
        found = list(find_includes(text, "mdbook"))
        wanted = [m.group(3).split()[0].split(":")[0] for m in tags]
        assert [i.path for i in found] == [p for p in wanted if not p.startswith("/")], page


HTML_PAGE = """# Media

<picture>
  <source srcset="../img/logo.png 1x, ../img/logo@2x.png 2x" media="(min-width: 600px)">
  <img src="../img/logo.png" srcset="../img/logo.png, ../img/logo@2x.png 2x" alt="Logo">
</picture>

<video poster="../img/poster.jpg" src="../img/clip.mp4"></video>

<object data="../img/chart.svg" type="image/svg+xml"></object>

<link rel="preload" as="image" imagesrcset="../img/logo.png 1x" href="../img/logo.png">

<div x-data="{ open: false }" data-note="../img/none.png">Alpine and data- attributes stay.</div>
"""


def test_every_url_attribute_of_raw_html_follows_the_output(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"guide/media.md": HTML_PAGE})
    (root / "source_notes/img").mkdir()
    for name in ("logo.png", "logo@2x.png", "poster.jpg", "clip.mp4", "chart.svg", "none.png"):
        (root / "source_notes/img" / name).write_bytes(b"x")
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = _built(root, "guide/media.md")
    up = "../../../source_notes/img/"
    assert f'srcset="{up}logo.png 1x, {up}logo@2x.png 2x" media="(min-width: 600px)"' in built
    assert f'src="{up}logo.png" srcset="{up}logo.png, {up}logo@2x.png 2x"' in built
    assert f'poster="{up}poster.jpg" src="{up}clip.mp4"' in built
    assert f'data="{up}chart.svg"' in built
    assert f'imagesrcset="{up}logo.png 1x" href="{up}logo.png"' in built
    assert 'x-data="{ open: false }" data-note="../img/none.png"' in built


@pytest.mark.parametrize(
    ("value", "urls"),
    [
        ("a.png", ["a.png"]),
        ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
        ("a.png,b.png 2x", ["a.png,b.png"]),  # HTML: a URL is a run of non-spaces; only trailing commas split
        ("a.png, b.png", ["a.png", "b.png"]),
        (" ,a.png 100w,, b.png 200w (x, y), c.png", ["a.png", "b.png", "c.png"]),
    ],
)
def test_srcset_candidates(value: str, urls: list[str]) -> None:
    assert [link.url for link in find_links(f'<img srcset="{value}">')] == urls


def test_a_percent_encoded_fragment_follows_the_translated_heading(tmp_path: Path, l10n: Runner) -> None:
    """``#%C3%BCberblick`` is ``#überblick`` percent-encoded (RFC 3986 2.1): both follow the
    translated heading's slug where the generator's ids cannot be written (GitHub), each in
    the form the source wrote it; and check finds both resolving."""
    notes = {
        "café-en.md": "# Café\n\n## Überblick\n\nText.\n\nSee [top](#%C3%BCberblick) and [raw](#überblick).\n",
        "other-en.md": "# Other\n\nSee [enc](café-en.md#%C3%BCberblick) and [raw](café-en.md#überblick).\n",
    }
    root = write_project(tmp_path, notes, extra='markdown = "gfm"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    cafe, other = _built(root, "café-hi.md"), _built(root, "other-hi.md")
    slug = re.search(r"^## (.*)$", cafe, re.MULTILINE)
    assert slug is not None
    from urllib.parse import quote

    from l10n.site.links import github_slug, heading_plain_text

    new = github_slug(heading_plain_text(slug.group(1)))
    assert new != "überblick"
    assert f"(#{quote(new)})" in cafe and f"(#{new})" in cafe
    assert f"(café-hi.md#{quote(new)})" in other and f"(café-hi.md#{new})" in other
    result = l10n(root, "check")
    assert "no such anchor" not in result.output, result.output


VITEPRESS_INDEX = """# Home

[Foo](/guide/foo), [guide](/guide/), [home](/), [md](/guide/foo.md#setup), [html](/guide/foo.html?x=1),
[logo](/logo.png), [already](/fr/guide/foo), [cdn](//cdn.example.org/x.js), [rel](guide/foo.md).

<a href="/guide/foo">HTML</a>
"""


def test_vitepress_root_absolute_links_get_the_locale_prefix(tmp_path: Path, l10n: Runner) -> None:
    """VitePress serves a locale's pages under its folder (``docs/fr/`` at ``/fr/``, VitePress
    "Internationalization") and prefixes no link: a root-absolute link to a translated page
    leads to its translation; public files and links already in a locale stay."""
    (tmp_path / "docs/.vitepress").mkdir(parents=True)
    (tmp_path / "docs/.vitepress/config.ts").write_text(
        "export default { locales: { root: { lang: 'en' }, fr: { lang: 'fr' } } }\n", encoding="utf-8"
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "docs"\nlayout = "docs/{lang}/{dir}/{name}{ext}"\nexclude = ["fr"]\nlanguages = ["fr"]\n',
        encoding="utf-8",
    )
    (tmp_path / "docs/guide").mkdir()
    (tmp_path / "docs/public").mkdir()
    (tmp_path / "docs/public/logo.png").write_bytes(b"x")
    (tmp_path / "docs/index.md").write_text(VITEPRESS_INDEX, encoding="utf-8")
    (tmp_path / "docs/guide/index.md").write_text("# Guide\n\nText.\n", encoding="utf-8")
    (tmp_path / "docs/guide/foo.md").write_text("# Foo\n\n## Setup\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = (tmp_path / "docs/fr/index.md").read_text(encoding="utf-8")
    for url in ("/fr/guide/foo", "/fr/guide/", "/fr/", "/fr/guide/foo.md#setup", "/fr/guide/foo.html?x=1", "guide/foo.md"):
        assert f"]({url})" in built, (url, built)
    for url in ("/logo.png", "/fr/guide/foo", "//cdn.example.org/x.js"):
        assert f"]({url})" in built, (url, built)
    assert '<a href="/fr/guide/foo">' in built


def test_root_absolute_links_stay_where_the_generator_prefixes_them(tmp_path: Path, l10n: Runner) -> None:
    """Docusaurus (each locale is built with its own baseUrl, which Link adds) and Hugo (its
    link render hook finds the page in the page's language) prefix root-absolute links
    themselves: they stay as written."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "docs"\nlayout = "docusaurus"\nlanguages = ["fr"]\nmarkdown = "docusaurus"\n', encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.md").write_text("# A\n\n[B](/docs/b) and [B](/b).\n", encoding="utf-8")
    (tmp_path / "docs/b.md").write_text("# B\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = (tmp_path / "i18n/fr/docusaurus-plugin-content-docs/current/a.md").read_text(encoding="utf-8")
    assert "](/docs/b)" in built and "](/b)" in built


_URL = st.text(alphabet="abcxyz./-_@%0123456789", min_size=1, max_size=12)
_DESCRIPTOR = st.sampled_from(["", " 1x", " 2x", " 480w", " 1.5x"])


# a comma right after a URL belongs to it unless a space follows (HTML: "a.png,b.png" is one URL)
@given(st.lists(st.tuples(_URL, _DESCRIPTOR), min_size=1, max_size=5), st.sampled_from([", ", " ,  ", ",\t", ",,  "]))
def test_every_srcset_candidate_url_is_found(candidates: list[tuple[str, str]], separator: str) -> None:
    value = separator.join(url + descriptor for url, descriptor in candidates)
    links = list(find_links(f'<img srcset="{value}">'))
    assert [link.url for link in links] == [url for url, _ in candidates]


def test_a_require_after_unmatched_backtick_runs_is_led_like_a_link(tmp_path: Path, l10n: Runner) -> None:
    """Code spans are read once, by ``links.CODE_SPAN`` (CommonMark 6.1: a backtick string
    closes only on one of the same length): ``a … ``` holds no code span, so its require
    path leads from the translation as the link beside it does."""
    (tmp_path / "docusaurus.config.js").write_text("module.exports = {};\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "docs"\nlayout = "docusaurus"\nlanguages = ["fr"]\nmarkdown = "docusaurus"\n', encoding="utf-8"
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("``a <img src={require('./x.png').default} /> [b](./x.png) ```\n", encoding="utf-8")
    (docs / "x.png").write_bytes(b"")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = (tmp_path / "i18n/fr/docusaurus-plugin-content-docs/current/page.md").read_text(encoding="utf-8")
    assert "require('../../../../docs/x.png')" in built
    assert "](../../../../docs/x.png)" in built


@pytest.mark.parametrize(
    ("line", "spans"),
    [
        ("``a [x](y.md) ```", []),  # no closing run of two: no code span
        ("`a``b` [x](y.md) `c`", ["`a``b`", "`c`"]),
        ("``a`b`` and `` ` ``", ["``a`b``", "`` ` ``"]),
    ],
)
def test_one_code_span_rule_for_links_and_includes(line: str, spans: list[str]) -> None:
    """links.py once defined ``CODE_SPAN`` twice, the second (CommonMark's equal-length closing
    run) being the one in force when find_links ran, and includes.py copied the first: one
    definition now, the one find_links always used, shared by includes.py."""
    from l10n.site import includes, links

    assert includes.CODE_SPAN is links.CODE_SPAN
    assert [m.group() for m in links.CODE_SPAN.finditer(line)] == spans
    assert [link.url for link in find_links(line + "\n")] == (["y.md"] if "[x]" in line else [])


def _jekyll_project(root: Path, page: str) -> None:
    (root / "_config.yml").write_text("title: x\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "."\nlayout = "jekyll"\nlanguages = ["hi"]\nmarkdown = "kramdown"\n', encoding="utf-8"
    )
    (root / "docs").mkdir()
    (root / "docs/a.md").write_text(page, encoding="utf-8")
    (root / "snippets").mkdir()
    (root / "snippets/x.md").write_text("Part.\n", encoding="utf-8")


def test_check_warns_of_an_include_relative_path_jekyll_refuses(tmp_path: Path, l10n: Runner) -> None:
    """Jekyll's include tags refuse a path with ``..`` or ``./`` (``validate_file_name``:
    ``INVALID_SEQUENCES = [./]{2,}``; Jekyll "Includes": "you cannot use the ``../`` syntax"):
    the source page already fails to build, so the build has nothing to lead; check says so
    of the source, once, and not of the translation that copies it."""
    page = "# A\n\n{% include_relative ../snippets/x.md %}\n\n{% include_relative ./b.md %}\n"
    _jekyll_project(tmp_path, page)
    (tmp_path / "docs/b.md").write_text("B.\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = (tmp_path / "hi/docs/a-hi.md").read_text(encoding="utf-8")
    assert "{% include_relative ../snippets/x.md %}" in built  # nothing to rewrite: refused either way
    check = l10n(tmp_path, "check")
    lines = [line for line in check.output.splitlines() if "include" in line]
    assert lines == [
        ("docs/a.md:3: warning: Jekyll refuses this include_relative path (no '..', './' or '//'): "
        "../snippets/x.md [source-include]"),
        ("docs/a.md:5: warning: Jekyll refuses this include_relative path (no '..', './' or '//'): "
        "./b.md [source-include]"),
    ], check.output


def test_check_names_an_include_relative_the_translation_cannot_reach(tmp_path: Path, l10n: Runner) -> None:
    """A file outside the translation's folder needs ``..``, which Jekyll refuses, so the build
    keeps the path as written and Jekyll's build of the translation stops ("Could not locate the
    included file"): check says so of the built page, where a part that is a note (its
    translation beside the page) and a file in the page's own folder are fine."""
    _jekyll_project(tmp_path, "# A\n\n{% include_relative part.md %}\n\n{% include_relative code/x.py %}\n")
    (tmp_path / "docs/part.md").write_text("Part.\n", encoding="utf-8")
    (tmp_path / "docs/code").mkdir()
    (tmp_path / "docs/code/x.py").write_text("x = 1\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = (tmp_path / "hi/docs/a-hi.md").read_text(encoding="utf-8")
    assert "{% include_relative part-hi.md %}" in built
    assert "{% include_relative code/x.py %}" in built  # kept: ../../docs/code/x.py is refused
    check = l10n(tmp_path, "check")
    assert check.exit_code == 1
    lines = [line for line in check.output.splitlines() if "include" in line]
    assert lines == [
        ("hi/docs/a-hi.md:5: include_relative code/x.py: no such file beside the translation, and Jekyll reads "
        "no '..' to reach it (its build stops): move the file into _includes and read it with {% include %} "
        "[unresolved-include]")
    ], check.output
