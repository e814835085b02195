"""``l10n init``: start a project in one command — configuration and .gitignore entries.

It tells the site generator from its files (:func:`l10n.markdown.generator.detect_dialect`), picks the
folder of notes that generator uses (or, where the generator's configuration names its
languages, :mod:`l10n.site.site_config`, the default language's folder and the layout that
puts each translation where the generator reads it), and writes a commented ``[tool.l10n]`` table into
``pyproject.toml`` (appended) or a new ``l10n.toml``. It never overwrites: an existing
``[tool.l10n]`` or ``l10n.toml`` is left alone and said so.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click

from l10n.cli.app import App, Exit, handle_errors
from l10n.config import CONFIG_FILES, checked_language, normalize_language
from l10n.fsutil import open_file, read_text
from l10n.langdata import closest_tag
from l10n.markdown.generator import GENERATOR_OF_DIALECT, detect_dialect
from l10n.messages import counted, plural
from l10n.site.site_config import (
    SiteConfigError,
    SiteLanguages,
    docusaurus_docs_path,
    docusaurus_languages,
    hugo_content_dir,
    hugo_languages,
    jekyll_collections,
    jekyll_configuration,
    mdbook_src_dir,
    mkdocs_docs_dir,
    mkdocs_languages,
    vitepress_languages,
)
from l10n.site.site_layout import PRESETS

# dialect -> (generator's usual folder of pages, output preset where that generator reads translations)
_SITES: dict[str, tuple[str, str | None]] = {
    "kramdown": ("_posts", "jekyll"),
    "hugo": ("content", "hugo-dir"),
    "mkdocs": ("docs", "mkdocs-suffix"),
    "docusaurus": ("docs", "docusaurus"),
    "vitepress": ("docs", None),
    "mdbook": ("src", None),
}
_FALLBACK_FOLDERS = ("source_notes", "docs", "content", "_posts")


GITIGNORE_LINES = (
    "locales/.l10n.lock",
    "locales/.l10n-cache.sqlite3*",
)
"""l10n's bookkeeping files (safe to delete, rebuilt when missing). The translation memory
(``locales/.l10n-memory.sqlite3``) is not among them: keep it, so nothing is paid for twice."""


JEKYLL_NOT_PAGES = ("_includes", "_layouts", "_sass", "_data", "_drafts", "_site", ".jekyll-cache", "vendor")
"""Folders of a Jekyll site whose ``.md`` files are not pages (Jekyll docs, "Directory
Structure": includes, layouts, Sass partials, data, unpublished drafts, the built site; ``vendor``
holds bundled gems): excluded when the whole site is the source."""


def jekyll_excludes(root: Path) -> list[str]:
    """The ``exclude:`` entries of the Jekyll site's ``_config.yml`` in ``root`` (paths and globs
    relative to the site's source that Jekyll leaves out of the site, Jekyll docs
    "Configuration Options"; ``_config.yaml``/``_config.toml`` where Jekyll reads one of them
    instead), strings only; empty when there is no such file or it cannot be
    read (:func:`plan` stops at one that cannot: ``init`` then writes nothing)."""
    try:
        data = jekyll_configuration(root)
    except SiteConfigError:
        return []
    entries = data.get("exclude") if data else None
    return [entry.strip("/") for entry in entries if isinstance(entry, str) and entry.strip("/")] if isinstance(entries, list) else []


def site_folder(root: Path, dialect: str) -> str:
    """The folder, relative to ``root``, that holds the generator's site: ``website`` for a
    Docusaurus site kept there (Docusaurus "Project structure", the monorepo layout), else
    ``""`` (the root itself)."""
    if dialect == "docusaurus" and not any(root.glob("docusaurus.config.*")) and any((root / "website").glob("docusaurus.config.*")):
        return "website"
    return ""


JEKYLL_PAGE_SUFFIXES = (".md", ".markdown")
"""The Markdown files init looks at for a Jekyll site's pages (Jekyll's default ``markdown_ext``
names more spellings; l10n reads ``.md``)."""


def jekyll_sources(root: Path) -> tuple[list[str], list[str]] | None:
    """The folders (relative to ``root``, POSIX) that hold the pages of the Jekyll site in
    ``root``, and folders to exclude from them; None when its ``_config.yml`` does not decide
    (none there, or it names no collection with pages and the site has no page of its own:
    init then takes the usual folder). Jekyll's rules ("Collections", "Front Matter"): the
    posts (``<collections_dir>/_posts``) and each collection whose ``output`` is true
    (``<collections_dir>/_<label>``, :func:`~l10n.site.site_config.jekyll_collections`) are
    pages, when they hold Markdown; a file with front matter outside the folders Jekyll leaves
    out (``_``- and dot-folders, :data:`JEKYLL_NOT_PAGES`, what ``exclude:`` names) is a page
    of its own. With such pages the site's root is the one source (``["."]``, the
    collections without ``output`` excluded: their documents are data); else the folders of
    pages, one or several. Raises :class:`~l10n.site.site_config.SiteConfigError` for a
    configuration that cannot be read."""
    found = jekyll_collections(root)
    if found is None:
        return None
    collections_dir, labels = found
    base = root / collections_dir if collections_dir else root

    def folder(label: str) -> str:
        return f"{collections_dir}/_{label}" if collections_dir else f"_{label}"

    def has_markdown(path: Path) -> bool:
        return path.is_dir() and any(p.suffix in JEKYLL_PAGE_SUFFIXES and p.is_file() for p in path.rglob("*"))

    pages = [folder(label) for label, output in labels.items() if output and has_markdown(base / f"_{label}")]
    data = [folder(label) for label, output in labels.items() if not output and (base / f"_{label}").is_dir()]
    if collections_dir and (root / "_posts").is_dir():
        data.append("_posts")  # Jekyll reads posts only inside collections_dir
    if _has_own_pages(root, jekyll_excludes(root)):
        return ["."], data
    return (pages, []) if pages else None


JEKYLL_SAME_NAME = "{collection_lang_dir}/{stem}{ext}"
"""The layout ``init`` writes for a Jekyll site whose translations keep their notes' names in a
folder per language (opensource.guide: ``_articles/hi/legal.md`` for ``_articles/legal.md``),
so l10n's pages are those pages (:func:`jekyll_same_name_translations`)."""


def jekyll_same_name_translations(root: Path, folders: list[str], languages: list[str]) -> str:
    """The first page (relative to ``root``, POSIX) of the Jekyll site in ``root`` that is a
    translation named as its note is named, in a folder named after one of ``languages``
    (compared as codes: without case, ``_`` read as ``-``) inside one of ``folders`` (the
    sources; the site's root ``.`` stands for itself and its collections): ``_articles/hi/legal.md``
    beside ``_articles/legal.md`` (or ``legal-en.md``, ``legal.en.md``); empty when there is
    none. The ``_posts`` folders are not looked in: Jekyll reads posts in a language folder
    outside them too, and the ``jekyll`` preset's ``-hi`` names are l10n's own. One listing per
    such folder and a stat per Markdown page in it."""
    wanted = {code.replace("_", "-").lower() for code in languages}
    places = [folder for folder in folders if folder != "."]
    if "." in folders:
        places.append(".")
        found = jekyll_collections(root)
        if found is not None:
            collections_dir, labels = found
            places += [f"{collections_dir}/_{label}" if collections_dir else f"_{label}" for label, output in labels.items() if output]
    for place in dict.fromkeys(places):
        if place.rsplit("/", 1)[-1] == "_posts":
            continue
        base = root / place
        try:
            entries = sorted(os.scandir(base), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.replace("_", "-").lower() not in wanted or not entry.is_dir():
                continue
            for page in sorted(Path(entry.path).rglob("*")):
                if page.suffix not in JEKYLL_PAGE_SUFFIXES or not page.is_file():
                    continue
                rel = page.relative_to(entry.path)
                stem = rel.stem
                notes = [rel, *(rel.with_name(f"{stem}{sep}en{page.suffix}") for sep in "-.")]
                if any((base / note).is_file() for note in notes):
                    return page.relative_to(root).as_posix()
    return ""


def _has_own_pages(root: Path, excluded: list[str]) -> bool:
    """Whether the Jekyll site in ``root`` has a page outside its collections: a Markdown file
    with front matter (``---`` on its first line) in the root or a folder Jekyll reads (not
    ``_``- or dot-named, not :data:`JEKYLL_NOT_PAGES`, not excluded)."""
    import fnmatch

    for folder, dirs, files in os.walk(root):
        rel = Path(folder).relative_to(root).as_posix()
        dirs[:] = [
            name
            for name in dirs
            if not name.startswith(("_", ".")) and name not in JEKYLL_NOT_PAGES and name != "node_modules"
            and not any(fnmatch.fnmatch(f"{rel}/{name}".removeprefix("./"), pattern) for pattern in excluded)
        ]
        for name in files:
            path = f"{rel}/{name}".removeprefix("./")
            if not name.endswith(JEKYLL_PAGE_SUFFIXES) or any(fnmatch.fnmatch(path, pattern) for pattern in excluded):
                continue
            try:
                with open_file(Path(folder) / name) as handle:
                    if handle.read(4).rstrip(b"\r") in (b"---\n", b"---"):
                        return True
            except OSError:
                continue
    return False


def _source_folder(root: Path, dialect: str) -> str:
    usual = _SITES.get(dialect, ("source_notes", None))[0]
    if dialect == "hugo":
        usual = hugo_content_dir(root) or usual
    elif dialect == "mkdocs":
        usual = mkdocs_docs_dir(root) or usual
    elif dialect == "mdbook":
        usual = mdbook_src_dir(root) or usual
    elif dialect == "docusaurus":
        try:
            configured = docusaurus_docs_path(root, site_folder(root, dialect))
        except SiteConfigError:
            configured = None  # reported where the languages are read (site_languages)
        if configured is not None and (root / configured).is_dir():
            return configured  # as the docs plugin reads it ("../docs": a folder beside the project)
    if dialect == "hugo" and (root / usual / "en").is_dir():
        # Hugo's translation by content directory: content/en/ holds the English pages and
        # content/fr/… others' translations, which are no notes to translate from English
        return f"{usual}/en"
    site = site_folder(root, dialect)
    if site and not (root / usual).is_dir() and (root / site / usual).is_dir():
        return f"{site}/{usual}"  # docs/ beside the configuration, not at the repository's root
    if (root / usual).is_dir():
        return usual
    found = next((name for name in _FALLBACK_FOLDERS if (root / name).is_dir()), None)
    if dialect == "gfm" and found != "source_notes":
        # no generator: GitHub shows every page of the repository, so the folder is the one
        # that holds them (kubernetes/enhancements: keps/, 39 pages, not docs/ with 2)
        found = busiest_folder(root, found)
    if found is not None:
        return found
    if dialect == "kramdown" and any(root.glob("*.md")):
        # A Jekyll site of pages and collections (_episodes/, _extras/…) without _posts/: Jekyll
        # renders every page from the site's root, so the root is the source.
        return "."
    return usual


NOT_PAGE_FOLDERS = frozenset({"node_modules", "vendor", "venv", "env", "target", "translated", "locales", "site", "_site", "build", "dist"})
"""Top-level folders of a repository whose Markdown is not its pages: installed packages and
virtual environments, Cargo's ``target``, l10n's own output and catalogs, generators' built sites."""


def busiest_folder(root: Path, usual: str | None) -> str | None:
    """The top-level folder of ``root`` (a name) that holds the most Markdown pages (``.md``,
    ``.markdown``, at any depth), when ``usual`` (a conventional folder, or ``None``) holds
    fewer than half of the pages of all such folders; else ``usual``. Dot-folders and
    :data:`NOT_PAGE_FOLDERS` are left out; ties go to the first name in sorted order. An
    unreadable folder counts as empty."""
    counts: dict[str, int] = {}
    try:
        folders = sorted(path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".") and path.name not in NOT_PAGE_FOLDERS)
    except OSError:
        return usual
    for folder in folders:
        try:
            counts[folder.name] = sum(1 for path in folder.rglob("*") if path.suffix in (".md", ".markdown") and ".git" not in path.parts)
        except OSError:
            counts[folder.name] = 0
    total = sum(counts.values())
    if not total or (usual is not None and 2 * counts.get(usual, 0) >= total):
        return usual
    return max(counts, key=lambda name: counts[name])


def github_hosted(root: Path) -> str | None:
    """What shows that GitHub renders the Markdown of the repository in ``root``: ``".github/"``
    (the folder of its workflows and templates, GitHub docs "About the .github directory"), or
    ``".git/config"`` when a remote's URL is on github.com; ``None`` when neither does."""
    if (root / ".github").is_dir():
        return ".github/"
    try:
        config = read_text(root / ".git" / "config")
    except (OSError, UnicodeDecodeError):
        return None
    return ".git/config" if re.search(r"^\s*url\s*=\s*\S*github\.com[:/]", config, re.MULTILINE) else None


def docusaurus_blog_note(root: Path, dialect: str) -> list[str]:
    """A line saying that a Docusaurus site's blog (``blog/`` beside its configuration, the
    classic preset's blog plugin) is left out, when it holds posts: its translations go to
    ``i18n/<locale>/docusaurus-plugin-content-blog/`` (Docusaurus "i18n", "Translate your site"),
    a layout of their own beside the docs' one layout of a project."""
    if dialect != "docusaurus":
        return []
    site = site_folder(root, dialect)
    blog = root / site / "blog"
    posts = sum(1 for path in blog.rglob("*") if path.suffix in (".md", ".mdx") and path.is_file()) if blog.is_dir() else 0
    if not posts:
        return []
    shown = f"{site}/blog" if site else "blog"
    line = (
        f"note: {shown} ({counted(posts, 'post')}) is not translated: Docusaurus reads its translations from "
        f"i18n/<locale>/docusaurus-plugin-content-blog/; a second l10n project in {site or '.'} with source = \"blog\" "
        f"and layout = \"i18n/{{lang}}/docusaurus-plugin-content-blog/{{dir}}/{{name}}{{ext}}\" translates it"
    )
    return [line]


def layout_preset(root: Path, dialect: str, source: str) -> tuple[str | None, bool]:
    """The output preset for the site in ``root`` when its configuration names no languages
    (:func:`site_languages` found none), and whether ``init`` writes it (True) or only
    suggests it in a comment (False: the generator needs a plugin l10n cannot see configured).

    Hugo: ``hugo-dir`` when the content folder has a folder of the source language
    (``content/en/``: init writes no ``source_language``, so it is ``en``; Hugo's
    "translation by content directory"), which is then the source (the other languages'
    folders beside it hold their translations), else ``hugo-suffix`` (``a.hi.md``, "translation by file
    name", which needs no per-language ``contentDir``). Jekyll and Docusaurus: their presets.
    MkDocs: ``mkdocs-suffix`` is written only when ``mkdocs.yml`` names the i18n plugin
    (mkdocs-static-i18n); without it MkDocs would publish ``a.hi.md`` as a page of its own."""
    preset = _SITES.get(dialect, ("", None))[1]
    if preset is None:
        return None, False
    if dialect == "hugo":
        by_folder = source.endswith("/en") or (root / source / "en").is_dir()
        return ("hugo-dir" if by_folder else "hugo-suffix"), True
    if dialect == "mkdocs":
        config = next((root / name for name in ("mkdocs.yml", "mkdocs.yaml") if (root / name).is_file()), None)
        text = read_text(config, errors="replace") if config is not None else ""
        return preset, re.search(r"^[ \t]*-?[ \t]*i18n\b", text, re.MULTILINE) is not None
    return preset, True


_READERS: dict[str, Callable[[Path], SiteLanguages | None]] = {
    "mkdocs": mkdocs_languages,
    "hugo": hugo_languages,
    "vitepress": vitepress_languages,
}


def site_languages(root: Path, dialect: str) -> SiteLanguages | None:
    """What the generator's configuration in ``root`` says of its languages and their folders
    (:mod:`l10n.site.site_config`), None when it names none. Raises
    :class:`~l10n.site.site_config.SiteConfigError` for a configuration that cannot be read."""
    if dialect == "docusaurus":
        return docusaurus_languages(root, site_folder(root, dialect), _source_folder(root, dialect))
    reader = _READERS.get(dialect)
    return reader(root) if reader is not None else None


@dataclass(frozen=True)
class Plan:
    """What ``init`` writes for a project: its source folder, source language (``None``: l10n's
    default, ``en``), target languages as the site spells them, their aliases (site code ->
    BCP 47 tag, where the two differ), the layout (a preset or a pattern) or a suggested one,
    and lines to tell the user."""

    dialect: str
    source: str
    source_language: str | None
    languages: list[str]
    aliases: dict[str, str]
    layout: str | None
    suggested: str | None
    notes: list[str]
    exclude: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    """Several folders of notes (a Jekyll site's posts and collections), written as ``source``'s
    list; empty: ``source`` alone."""
    layout_why: str = ""
    """Why ``layout`` is not the generator's preset (the comment init writes beside it); empty: it is."""


def collapsed(codes: list[str], tag_of: Callable[[str], str], where: str) -> tuple[list[str], list[str]]:
    """``codes`` with each language once, as its first spelling (``pt-BR`` of ``pt-BR``,
    ``pt_br``: one BCP 47 tag, by ``tag_of``; RFC 5646 §2.1.1, tags compare without case),
    and a note per language named more than once (``where``: what named it). l10n's
    configuration refuses a language listed twice (:func:`l10n.config.load_config`), and the
    generator reads one folder per language: the rule for every generator and for ``--lang``."""
    first: dict[str, str] = {}
    again: dict[str, list[str]] = {}
    for code in codes:
        tag = tag_of(code)
        if tag in first:
            again.setdefault(tag, []).append(code)
        else:
            first[tag] = code
    notes = [
        f"note: {where} names {tag} more than once ({', '.join(dict.fromkeys([first[tag], *spellings]))}): init takes {first[tag]}"
        for tag, spellings in again.items()
    ]
    return list(first.values()), notes


def plan(root: Path, given: list[str]) -> Plan:
    """The :class:`Plan` for the project in ``root``; ``given``: the ``--lang`` tags
    (normalized; none: ``hi``), each spelled as the site spells it where its configuration
    names it. Raises
    :class:`~l10n.site.site_config.SiteConfigError` for a generator's configuration that
    cannot be read, :class:`~l10n.errors.ConfigError` for a language it names that l10n does not know."""
    dialect = detect_dialect(root)
    if dialect == "kramdown":
        jekyll_configuration(root)  # one that cannot be read stops init, as it stops Jekyll
    site = site_languages(root, dialect)
    notes: list[str] = []
    if site is None:
        pages = jekyll_sources(root) if dialect == "kramdown" else None
        source = pages[0][0] if pages else _source_folder(root, dialect)
        preset, write = layout_preset(root, dialect, source)
        languages, notes = collapsed(list(given or ("hi",)), lambda code: normalize_language(code, "--lang"), "--lang")
        notes += docusaurus_blog_note(root, dialect)
        why = ""
        if preset == "jekyll" and (found := jekyll_same_name_translations(root, pages[0] if pages else [source], languages)):
            preset = JEKYLL_SAME_NAME
            why = f"the site's own translations keep their notes' names ({found})"
        return Plan(
            dialect, source, None, languages, {}, preset if write else None, None if write else preset, notes,
            pages[1] if pages else [], pages[0] if pages and len(pages[0]) > 1 else [], why,
        )
    generator = GENERATOR_OF_DIALECT[dialect]
    aliases: dict[str, str] = {}

    def tag_of(code: str) -> str:
        return normalize_language(site.tags.get(code, code), f"{site.config}: language")

    def spelled(code: str) -> str:
        tag = tag_of(code)
        if tag != code:
            aliases[code] = tag
        return code

    # what the configuration computes is said, never guessed (a Docusaurus locales from
    # process.env): its default then stays l10n's, en, and --lang names the targets
    notes += [f"warning: {line}" for line in site.unread] + [f"note: {line}" for line in site.notes]
    source_language = spelled(site.default) if site.default else None
    listed = site.others
    # a language the site lists twice (pt_BR and pt-br, a Hugo key and another's languageCode)
    # is one language: its first spelling, as for --lang
    head = [site.default] if site.default else []
    site_others, twice = collapsed([*head, *site.others], tag_of, site.config)
    others = site_others[len(head) :]
    notes += twice
    by_tag = {tag_of(code): code for code in others}
    by_key = {code.replace("_", "-").lower(): code for code in others}
    # The site's own spelling of a language it names (pt_BR, zh-cn), so paths are its paths.
    # --lang as typed (checked_language), matched to the site's codes: its key in any case
    # (Hugo's fr for FR, though its languageCode says fr-FR: Hugo's Lang is the lower-cased key,
    # "Configure languages"), else by tag, else as a note's lang: is (langdata.closest_tag:
    # zh-Hans for a key zh whose languageCode is zh-CN; never another script or region)
    def site_code(code: str) -> str:
        mine = by_key.get(code.strip().replace("_", "-").lower())
        if mine is not None:
            return mine
        tag = normalize_language(code, "--lang")
        return by_tag.get(tag) or by_tag.get(closest_tag(tag, by_tag) or "", code)

    # two spellings of one language typed, or two the site's tags join (zh-CN and zh for
    # VitePress' zh with lang zh-CN), are one target
    # no --lang: the languages the site already builds (what its configuration asks for), hi
    # when it names none but its default
    typed, twice = collapsed(list(given or others or ("hi",)), lambda code: tag_of(mine) if (mine := site_code(code)) in others else normalize_language(code, "--lang"), "--lang")
    notes += twice
    languages = [spelled(site_code(code)) if site_code(code) in others else code for code in typed]
    missing = [lang for lang in languages if lang not in others] if site.complete else []
    if missing:
        them = len(missing) > 1
        notes.append(
            f"note: {', '.join(missing)} {'are' if them else 'is'} not among the {generator} site's languages ({site.config}): "
            f"add {'them' if them else 'it'} there, or {generator} builds no pages in {'them' if them else 'it'}"
        )
    # the site's languages init did not write (--lang named others), compared by tag: pt_BR is pt-br
    written = {tag_of(code) for code in languages if code in others}
    rest = [code for code in others if tag_of(code) not in written]
    if rest:
        them = len(rest) > 1
        notes.append(
            f"note: the {generator} site also has {', '.join(rest)} ({site.config}): "
            f"add {'them' if them else 'it'} to languages to translate into {'them' if them else 'it'}"
        )
    if site.advice:
        notes.append(f"note: {site.advice}")
    if site.layout is None:
        notes.append(f"warning: {site.problem}; translations go to translated/{{lang}} (set layout by hand)")
    notes += docusaurus_blog_note(root, dialect)
    # VitePress reads other locales' pages inside the root locale's folder: those folders hold
    # translations, never notes to translate
    exclude = sorted({*listed, *languages}) if dialect == "vitepress" else []
    return Plan(
        dialect, site.source, None if source_language == "en" else source_language, languages, aliases, site.layout, None, notes, exclude
    )


def config_text(root: Path, chosen: Plan) -> str:
    """The commented ``[tool.l10n]`` table ``init`` writes for the project in ``root``: with the
    generator's ``layout`` (:func:`plan`) set, so outputs land where it reads them."""
    dialect = chosen.dialect
    generator = GENERATOR_OF_DIALECT[dialect]
    source = chosen.source
    found = f"{generator} site (found by its files)" if generator != "github" else "project (no site generator found)"
    lines = [
        "",
        f"# l10n: localize the Markdown notes of this {found}. Written by `l10n init`;",
        "# every key is optional (see the README's Configuration section).",
        "[tool.l10n]",
    ]
    if chosen.sources:
        listed = ", ".join(f'"{folder}"' for folder in chosen.sources)
        lines.append(f"source = [{listed}]  # folders of notes (the site's posts and collections), searched recursively")
    else:
        lines.append(f'source = "{source}"              # folder of notes, searched recursively')
    if source == "." and dialect == "kramdown":
        # Jekyll also leaves out every dot-folder (.github/) and what its _config.yml excludes,
        # and a collection without output holds no pages
        excluded = list(dict.fromkeys([*JEKYLL_NOT_PAGES, ".*", *jekyll_excludes(root), *chosen.exclude]))
        lines.append(f"exclude = {excluded!r}  # what Jekyll leaves out of the site".replace("'", '"'))
    elif chosen.exclude:
        lines.append(f"exclude = {chosen.exclude!r}  # folders of the other locales: translations, not notes".replace("'", '"'))
    site = site_folder(root, dialect)
    layout = chosen.layout
    if layout in PRESETS and site:
        # the preset's folders are the site's: i18n/ lies beside the configuration
        lines.append(f'layout = "{site}/{PRESETS[layout]}"  # where the {generator} site in {site}/ reads translations (README: Site layout)')
    elif layout and chosen.layout_why:
        lines.append(f'layout = "{layout}"             # {chosen.layout_why}: l10n\'s pages go there too')
    elif layout:
        lines.append(f'layout = "{layout}"             # where the {generator} site reads translations (README: Site layout)')
    else:
        lines.append('output = "translated/{lang}"    # where translated notes are written ({lang}: the language tag)')
    if chosen.suggested:
        lines.append(f'# layout = "{chosen.suggested}"           # with the mkdocs-static-i18n plugin (docs_structure: suffix)')
    if chosen.source_language:
        lines.append(f'source_language = "{chosen.source_language}"      # the {generator} site\'s default language')
    langs = ", ".join(f'"{lang}"' for lang in chosen.languages)
    lines += [
        f"languages = [{langs}]              # target languages (BCP 47 tags, or the site's codes below)",
        'engine = "pseudo"               # offline demo engine; google, deepl, libre, openai… for real text',
    ]
    hosted = github_hosted(root) if generator == "github" else None
    if hosted:
        # GitHub renders the pages: its ids are known, so #anchors to translated headings can follow them
        lines.append(f'markdown = "gfm"               # GitHub shows these pages (found {hosted}): #anchors follow its heading ids')
    else:
        lines.append(
            '# markdown = "auto"             # the Markdown dialect, told by the generator\'s files'
            + ("" if generator != "github" else "; none found: name it (gfm, kramdown, hugo, mkdocs…) so #anchors to translated headings follow its ids")
        )
    if chosen.aliases:
        lines += ["", f"# the {generator} site's language codes, as its paths spell them, and their BCP 47 tags", "[tool.l10n.language_aliases]"]
        lines += [f'"{code}" = "{tag}"' for code, tag in chosen.aliases.items()]
    lines.append("")
    return "\n".join(aligned(lines))


_TRAILING_COMMENT = re.compile(r"(.*?\S) {2,}(# .*)")
"""A written line ``key = value  # why``: the setting, then the comment after two or more spaces."""

COMMENT_COLUMN_MAX = 60
"""A setting longer than this (a Jekyll site's ``exclude`` list) has its comment on the line
above it rather than push every comment of the table that far right."""


def aligned(lines: list[str]) -> list[str]:
    """``lines`` with every trailing comment starting in one column: two spaces after the
    longest setting of at most :data:`COMMENT_COLUMN_MAX` characters; a longer setting's
    comment goes on its own line above it."""
    split = [_TRAILING_COMMENT.fullmatch(line) for line in lines]
    width = max((len(m.group(1)) for m in split if m and len(m.group(1)) <= COMMENT_COLUMN_MAX), default=0)
    out: list[str] = []
    for line, match in zip(lines, split):
        if match is None:
            out.append(line)
        elif len(match.group(1)) > COMMENT_COLUMN_MAX:
            out += [match.group(2), match.group(1)]
        else:
            out.append(f"{match.group(1):<{width}}  {match.group(2)}")
    return out


@click.command("init")
@click.option(
    "--lang", "-l", "langs", multiple=True, metavar="LANG",
    help=(
        "A target language, kept as typed (it names folders: zh-TW, pt-br) (repeatable). "
        "Default: the languages the site's configuration names besides its default, else hi."
    ),
)
@click.pass_obj
@handle_errors
def init(app: App, langs: tuple[str, ...]) -> None:
    """Start a project: write a commented configuration and .gitignore entries.

    The site generator (Jekyll, Hugo, MkDocs, Docusaurus, VitePress, mdBook) is told by its
    files; its folder of notes becomes the source (Jekyll: the folders of pages its
    _config.yml names, posts and collections with output, or the site's root when it has
    pages of its own); when the site's translations keep their notes' names in a folder per
    language (_articles/hi/legal.md), l10n's pages go there too. Where its configuration names languages
    (mkdocs-static-i18n, Hugo, Docusaurus, VitePress), its default language's folder is the
    source and translations go where it reads each language; of a JavaScript configuration
    only literals are read, and what it computes is named (pass --lang then). A language
    named twice (pt_BR, pt-br) is one, its first spelling. The table goes into
    pyproject.toml when there is one (appended), else into a new l10n.toml. Nothing is ever
    overwritten. Translations already at the notes' outputs that l10n did not write are
    counted per language: run 'l10n adopt' on them before the first sync, which never
    overwrites them.
    """
    root = app.root
    if not root.is_dir():
        app.abort(f"project folder not found: {root} (given with -C/--project)", Exit.USAGE)
    languages = [checked_language(tag, "--lang") for tag in langs]  # as written: it names folders
    pyproject, own = root / CONFIG_FILES[0], root / CONFIG_FILES[1]
    if own.exists():
        app.abort(f"{own.name} exists already; nothing written (edit it, or remove it to start again)")
    try:
        current = read_text(pyproject) if pyproject.exists() else None
    except OSError as exc:  # a FIFO would have blocked: read only from regular files
        app.abort(f"{pyproject.name}: cannot read: {exc.strerror or exc}; nothing written")
    if current is not None and "[tool.l10n" in current:
        app.abort(f"{pyproject.name} has a [tool.l10n] table already; nothing written")
    try:
        chosen = plan(root, languages)
    except SiteConfigError as exc:
        app.abort(f"{exc}; nothing written")
    text = config_text(root, chosen)
    if current is not None:
        with pyproject.open("a", encoding="utf-8") as out:
            out.write(text if current.endswith("\n") else "\n" + text)
        click.echo(f"added [tool.l10n] to {pyproject.name}")
    else:
        own.write_text(text.lstrip("\n"), encoding="utf-8")
        click.echo(f"wrote {own.name}")
    for line in chosen.notes:
        app.info(line)
    source = root / chosen.source
    if not source.exists():  # an empty project: the first sync finds the folder to fill
        source.mkdir(parents=True)
        click.echo(f"created {source.name}/ (put the notes to translate there)")
    ignore = root / ".gitignore"
    try:
        present = read_text(ignore).splitlines() if ignore.exists() else []
    except OSError as exc:
        present = list(GITIGNORE_LINES)  # nothing appended to what cannot be read
        app.info(f"warning: .gitignore: cannot read: {exc.strerror or exc}; add l10n's bookkeeping files to it by hand")
    missing = [line for line in GITIGNORE_LINES if line not in present]
    if missing:
        block = "\n".join(["# l10n bookkeeping (rebuilt when missing)", *missing]) + "\n"
        with ignore.open("a", encoding="utf-8") as out:
            out.write(("\n" if present and present[-1] != "" else "") + block)
        click.echo(f"added {counted(len(missing), 'line')} to .gitignore")
    _say_existing_translations(root)
    click.echo("next: l10n sync   (then l10n status)")


def _say_existing_translations(root: Path) -> None:
    """Name, per language, the translations already at the notes' outputs that l10n did not
    write (:mod:`l10n.site.keep`): ``sync`` never overwrites them, and ``adopt`` takes their
    translations into the catalogs, so it is the step before the first ``sync``. One ``open``
    per note and language; nothing said when the new configuration cannot be read."""
    from l10n.config import load_config
    from l10n.errors import L10nError
    from l10n.site.keep import is_l10ns
    from l10n.site.layout import output_path, select_notes

    try:
        config = load_config(root)
        notes = select_notes(config, ())
    except L10nError:
        return
    for lang in config.languages:
        found = []
        for note in notes:
            page = output_path(config, note, lang)
            try:
                with open_file(page) as handle:
                    head = handle.read(65536)
            except OSError:
                continue
            if page != note.path and not is_l10ns(config, page, head):
                found.append(page.relative_to(config.root).as_posix() if page.is_relative_to(config.root) else str(page))
        if found:
            click.echo(
                f"{lang}: {counted(len(found), 'translation')} l10n did not write ({found[0]}"
                + (f" and {len(found) - 1:,} more" if len(found) > 1 else "")
                + f"): sync never overwrites {plural(len(found), 'it', 'them')}; run 'l10n adopt --lang {lang}' first to take {plural(len(found), 'it', 'them')} into the catalogs"
            )
