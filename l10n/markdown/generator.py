"""Which site generator a project uses, and so which Markdown dialect its notes are written in.

A project's notes are Markdown as one generator reads it: kramdown for Jekyll, goldmark with
shortcodes for Hugo, Python-Markdown with pymdown extensions for MkDocs, MDX-flavoured CommonMark
for Docusaurus, markdown-it with containers for VitePress, pulldown-cmark for mdBook, and
GitHub-flavoured Markdown elsewhere. The ``markdown`` setting names the dialect; its default,
``"auto"``, is told by the files each generator keeps at the project's root:

========================================================  ============
file or folder at the root                                dialect
========================================================  ============
``_config.yml`` / ``_config.yaml`` / ``_config.toml``     ``kramdown``
``hugo.toml|yaml|json``, ``config.toml|yaml`` + content/  ``hugo`` (at the root or in ``config/_default/``)
``mkdocs.yml`` / ``mkdocs.yaml``                          ``mkdocs``
``docusaurus.config.{js,ts,mjs,cjs}``                      ``docusaurus`` (at the root or in ``website/``)
``.vitepress/`` (at the root or in ``docs/``)              ``vitepress``
``book.toml``                                              ``mdbook``
anything else                                              ``gfm``
========================================================  ============

Where no generator's file is found, a ``layout`` preset names the generator (``jekyll`` →
``kramdown``, ``hugo-dir``/``hugo-suffix`` → ``hugo``, ``mkdocs-suffix``/``mkdocs-folder`` → ``mkdocs``,
``docusaurus`` → ``docusaurus``); only without one is the dialect a guess (``gfm``).

Docusaurus keeps its site in ``website/`` in a repository that holds more than the site
(Docusaurus "Installation", "Project structure": the monorepo layout, its docs folder often
``../docs``), so its configuration is looked for there too.

Sources: each generator's documentation of its configuration file (Jekyll "Configuration",
Hugo "Configure Hugo", MkDocs "Configuration", Docusaurus "docusaurus.config.js", VitePress
"Site Config", mdBook "Configuration").
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from l10n.fsutil import open_file, open_text

DIALECTS = ("gfm", "commonmark", "kramdown", "hugo", "mkdocs", "docusaurus", "vitepress", "mdbook")
"""Every value of the ``markdown`` setting besides ``"auto"``."""

GENERATOR_OF_DIALECT = {
    "kramdown": "jekyll",
    "hugo": "hugo",
    "mkdocs": "mkdocs",
    "docusaurus": "docusaurus",
    "vitepress": "vitepress",
    "mdbook": "mdbook",
    "gfm": "github",
    "commonmark": "github",
}
"""The site generator that reads each dialect (``github``: plain GitHub rendering)."""

_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("mkdocs", ("mkdocs.yml", "mkdocs.yaml")),
    ("docusaurus", tuple(f"{folder}docusaurus.config.{ext}" for folder in ("", "website/") for ext in ("js", "ts", "mjs", "cjs"))),
    ("vitepress", (".vitepress", "docs/.vitepress", "src/.vitepress")),
    ("mdbook", ("book.toml",)),
    ("hugo", tuple(f"{folder}hugo.{ext}" for folder in ("", "config/_default/") for ext in ("toml", "yaml", "yml", "json"))),
    ("kramdown", ("_config.yml", "_config.yaml", "_config.toml")),
)
# Hugo before 0.110 read config.toml/config.yaml; such a file names Hugo only beside a content/ folder.
# Its configuration directory (Hugo "Configuration directory") holds them in config/_default/.
_OLD_HUGO_CONFIGS = tuple(f"{folder}config.{ext}" for folder in ("", "config/_default/") for ext in ("toml", "yaml", "yml", "json"))


def find_dialect(root: Path) -> str | None:
    """The dialect told by a generator's files in ``root`` (see above), or None when there is
    none. Never raises: an unreadable folder reads as holding nothing."""
    try:
        for dialect, names in _MARKERS:
            if any((root / name).exists() for name in names):
                return dialect
        if (root / "content").is_dir() and any((root / name).is_file() for name in _OLD_HUGO_CONFIGS):
            return "hugo"
    except OSError:
        pass
    return None


def detect_dialect(root: Path) -> str:
    """The Markdown dialect of the project in ``root``, told by its generator's files (see above).

    Returns one of :data:`DIALECTS`; ``"gfm"`` when no generator's file is found. Never raises:
    an unreadable folder reads as holding nothing.

    >>> detect_dialect(Path("/nonexistent"))
    'gfm'
    """
    return find_dialect(root) or "gfm"


DIALECT_OF_PRESET = {
    "jekyll": "kramdown",
    "hugo-dir": "hugo",
    "hugo-suffix": "hugo",
    "mkdocs-suffix": "mkdocs",
    "mkdocs-folder": "mkdocs",
    "docusaurus": "docusaurus",
}
"""The dialect each generator's ``layout`` preset (:data:`l10n.site.site_layout.PRESETS`) implies."""


def resolve_dialect(setting: str, root: Path, preset: str | None = None) -> tuple[str, bool]:
    """The dialect a ``markdown`` setting stands for, and whether it is only guessed.

    ``"auto"`` is told by the generator's files in ``root`` (:func:`find_dialect`), else by the
    ``layout`` preset named ``preset`` (:data:`DIALECT_OF_PRESET`), else guessed as ``"gfm"``
    (``("gfm", True)``); any other setting is itself, not guessed.

    Raises ``ValueError`` for a name that is neither ``"auto"`` nor one of :data:`DIALECTS`
    (the config loader turns it into a :class:`~l10n.errors.ConfigError` with a suggestion).
    """
    if setting == "auto":
        found = find_dialect(root) or DIALECT_OF_PRESET.get(preset or "")
        return (found, False) if found else ("gfm", True)
    if setting not in DIALECTS:
        raise ValueError(f"unknown Markdown dialect {setting!r}; valid: auto, {', '.join(DIALECTS)}")
    return setting, False


def mkdocs_attr_list(root: str) -> bool:
    """Whether the ``mkdocs.yml`` (or ``mkdocs.yaml``) in folder ``root`` enables Python-Markdown's
    ``attr_list`` extension, which reads ``{#id}`` after a heading (MkDocs docs, "Writing your
    docs": ``markdown_extensions``); False without the file. The file is stat-ed on each call and
    read again when it changes, so a long-lived process never answers from an old file. Raises
    nothing."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        path = os.path.join(root, name)
        try:
            info = os.stat(path)
        except OSError:
            continue
        return _attr_list_in(path, info.st_mtime_ns, info.st_size, info.st_ctime_ns)
    return False


@functools.lru_cache(maxsize=16)
def _attr_list_in(path: str, mtime_ns: int, size: int, ctime_ns: int) -> bool:
    """The reading of one version of the file (the stat fields are the cache key)."""
    try:
        with open_text(path, errors="replace") as handle:
            return "attr_list" in handle.read()
    except OSError:
        return False


# -- the generator's heading-id settings ----------------------------------------------------------


@dataclass(frozen=True)
class HeadingIdSettings:
    """How the site's generator makes heading ids, as its configuration file sets it; the
    default instance is each generator's default (what l10n assumed before reading the file).

    ``style``: the slug rule when it is not the dialect's default: Hugo's
    ``markup.goldmark.parser.autoHeadingIDType`` ``"github-ascii"`` or ``"blackfriday"`` (Hugo
    docs, "Configure markup"; ``"github"``, the default, is ``""``), kramdown's
    ``transliterated_header_ids`` as ``"transliterated"`` (kramdown docs, "Options"), and
    ``"gfm"`` for a Jekyll site whose kramdown ``input`` is ``GFM``, Jekyll's default
    (kramdown-parser-gfm's ids, :func:`l10n.site.links.kramdown_gfm_slug`), unless ids are to
    be transliterated: that parser then leaves them to kramdown's rule. kramdown without a Jekyll configuration file has kramdown's rule.
    For MkDocs, the ``toc`` extension's ``slugify`` (``mkdocs.yml``, Python-Markdown docs "Table
    of Contents"): ``"unicode"`` for ``markdown.extensions.toc.slugify_unicode``, and
    ``"pymdownx:CASE:NORMALIZE:ENCODE"`` for pymdown-extensions' ``pymdownx.slugs.slugify``
    (its ``case``, ``normalize`` and ``percent_encode``, 0 or 1; the older names ``uslugify``,
    ``uslugify_cased`` and their ``_encoded`` forms are such calls); ``separator``: the ``toc``
    extension's ``separator``.
    ``prefix``: kramdown's ``auto_id_prefix``, put before every generated id. ``auto``: whether
    headings get ids at all without an explicit ``{#id}`` (kramdown's ``auto_ids``, Hugo's
    ``markup.goldmark.parser.autoHeadingID``). ``attributes``: whether ``{#id}`` after a heading
    is read (Hugo's ``markup.goldmark.parser.attribute.title``; always for kramdown)."""

    style: str = ""
    prefix: str = ""
    auto: bool = True
    attributes: bool = True
    separator: str = "-"


DEFAULT_HEADING_IDS = HeadingIdSettings()

_HUGO_CONFIGS = tuple(
    f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
) + tuple(f"config/_default/{stem}.{ext}" for stem in ("hugo", "config", "markup") for ext in ("toml", "yaml", "yml", "json"))
"""Where Hugo reads its configuration (Hugo docs, "Configure Hugo": ``hugo.*``, the older
``config.*``, and a ``config/_default/`` folder whose ``markup.*`` file is the ``markup`` table)."""

_JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")

HUGO_ID_TYPES = ("github", "github-ascii", "blackfriday")
"""The values of Hugo's ``autoHeadingIDType`` (Hugo docs, "Configure markup")."""


def heading_id_settings(root: str, dialect: str) -> HeadingIdSettings:
    """The heading-id settings of the generator of ``dialect`` in the project folder ``root``:
    for Hugo, ``[markup.goldmark.parser]`` of the first of its configuration files found
    (:data:`_HUGO_CONFIGS`; keys compared without case, as Hugo does); for Jekyll, the
    ``kramdown:`` mapping of ``_config.yml`` (none: Jekyll's defaults, GFM input). Each file is stat-ed on every call and read again
    when it changes, as :func:`mkdocs_attr_list`. A missing or unreadable file, one that does
    not parse (the generator itself reports it), or a value of the wrong type gives the
    defaults (:data:`DEFAULT_HEADING_IDS`); other dialects always get them. Raises nothing."""
    if dialect == "hugo":
        names: tuple[str, ...] = _HUGO_CONFIGS
    elif dialect == "kramdown":
        names = _JEKYLL_CONFIGS
    elif dialect == "mkdocs":
        names = ("mkdocs.yml", "mkdocs.yaml")
    else:
        return DEFAULT_HEADING_IDS
    found: list[tuple[str, int, int, int]] = []
    for name in names:
        path = os.path.join(root, *name.split("/"))
        try:
            info = os.stat(path)
        except OSError:
            continue
        found.append((path, info.st_mtime_ns, info.st_size, info.st_ctime_ns))
        if dialect != "hugo" or not name.startswith("config/"):
            break  # one root file; in config/_default/ the markup file may hold the table
    for path, mtime_ns, size, ctime_ns in found:
        settings = _settings_in(path, dialect, mtime_ns, size, ctime_ns)
        if settings is not None:
            return settings
    return DEFAULT_HEADING_IDS


@functools.lru_cache(maxsize=16)
def _settings_in(path: str, dialect: str, mtime_ns: int, size: int, ctime_ns: int) -> HeadingIdSettings | None:
    """The settings one version of one file sets (the stat fields are the cache key); None when
    it sets none of them."""
    data = _load_mapping(path)
    if data is None:
        return None
    if dialect == "mkdocs":
        return _toc_settings(data)
    if dialect == "kramdown":
        # Jekyll's defaults ("Configuration Options": kramdown input GFM): a site's file that
        # sets no kramdown options still has GFM's heading ids
        options = _get(data, "kramdown")
        options = options if isinstance(options, dict) else {}
        prefix = options.get("auto_id_prefix", "")
        # kramdown takes the parser's class name as written: only "GFM" is that parser; it leaves
        # ids to kramdown's own rule when they are to be transliterated (kramdown-parser-gfm's
        # test/testcases/header_ids_with_transliteration.html: "192 abc 192" is abc-192)
        transliterated = options.get("transliterated_header_ids") is True
        gfm = options.get("input", "GFM") == "GFM" and not transliterated
        return HeadingIdSettings(
            style="gfm" if gfm else "transliterated" if transliterated else "",
            prefix=prefix if isinstance(prefix, str) else "",
            auto=options.get("auto_ids", True) is not False,
        )
    markup = data if os.path.basename(path).startswith("markup.") else _get(data, "markup")
    parser = _get(_get(markup, "goldmark"), "parser")
    if not isinstance(parser, dict):
        return None
    style = _get(parser, "autoheadingidtype")
    title = _get(_get(parser, "attribute"), "title")
    return HeadingIdSettings(
        style=style.lower() if isinstance(style, str) and style.lower() in HUGO_ID_TYPES[1:] else "",
        auto=_get(parser, "autoheadingid") is not False,
        attributes=title is not False,
    )


# pymdown-extensions' older slugify functions: (case, percent_encode) of the same call
_PYMDOWNX_NAMES = {
    "uslugify": ("lower", False),
    "uslugify_encoded": ("lower", True),
    "uslugify_cased": ("none", False),
    "uslugify_cased_encoded": ("none", True),
}


def _toc_settings(data: dict[str, object]) -> HeadingIdSettings | None:
    """The ``toc`` extension's ``slugify`` and ``separator`` in ``mkdocs.yml``'s
    ``markdown_extensions`` (a list of names and one-key mappings, or a mapping)."""
    extensions = data.get("markdown_extensions")
    if isinstance(extensions, list):
        entries = [item for item in extensions if isinstance(item, dict)]
    elif isinstance(extensions, dict):
        entries = [extensions]
    else:
        return None
    for entry in entries:
        options = entry.get("toc", entry.get("markdown.extensions.toc"))
        if not isinstance(options, dict):
            continue
        separator = options.get("separator", "-")
        separator = separator if isinstance(separator, str) else "-"
        return HeadingIdSettings(style=_slugify_style(options.get("slugify")), separator=separator)
    return None


def _slugify_style(value: object) -> str:
    """The :attr:`HeadingIdSettings.style` of a ``toc`` ``slugify`` value as :func:`_load_mapping`
    reads the YAML tags (``("python/name", dotted name)``, ``("python/object/apply", dotted
    name, keywords)``); ``""`` (Python-Markdown's default) for any other."""
    if not isinstance(value, tuple) or len(value) < 2:
        return ""
    name = str(value[1])
    if value[0] == "python/name":
        if name == "markdown.extensions.toc.slugify_unicode":
            return "unicode"
        short = name.removeprefix("pymdownx.slugs.")
        if short != name and short in _PYMDOWNX_NAMES:
            case, encode = _PYMDOWNX_NAMES[short]
            return f"pymdownx:{case}:NFC:{int(encode)}"
        return ""
    if value[0] == "python/object/apply" and name == "pymdownx.slugs.slugify":
        keywords = value[2] if len(value) > 2 and isinstance(value[2], dict) else {}
        case, normalize = keywords.get("case", "none"), keywords.get("normalize", "NFC")
        if case not in ("none", "lower", "lower-ascii", "fold") or normalize not in ("NFC", "NFD", "NFKC", "NFKD"):
            return ""
        return f"pymdownx:{case}:{normalize}:{int(keywords.get('percent_encode', False) is True)}"
    return ""


def _get(table: object, key: str) -> object:
    """``table[key]`` with the key's case ignored (Hugo's keys are case-insensitive); None when
    ``table`` is no mapping or lacks the key."""
    if not isinstance(table, dict):
        return None
    if key in table:
        return table[key]
    for name, value in table.items():
        if isinstance(name, str) and name.lower() == key:
            return value
    return None


def _load_mapping(path: str) -> dict[str, object] | None:
    """A TOML, YAML or JSON file's top-level mapping, by its extension; None when it cannot be
    read or parsed, or is no mapping."""
    try:
        with open_file(path) as handle:
            raw = handle.read()
        text = raw.decode("utf-8-sig", errors="replace")
        if path.endswith(".toml"):
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # pragma: no cover - exercised on Python 3.10 only
                import tomli as tomllib
            data: object = tomllib.loads(text)
        elif path.endswith(".json"):
            import json

            data = json.loads(text)
        else:
            import yaml

            data = yaml.load(text, Loader=_tolerant_loader())
    except Exception:  # noqa: BLE001 - a broken file is the generator's to report; defaults here
        return None
    return data if isinstance(data, dict) else None


@functools.lru_cache(maxsize=1)
def _tolerant_loader() -> type:
    """PyYAML's ``SafeLoader``, reading the tags generator files use as data instead of failing:
    ``!!python/name:x.y`` as ``("python/name", "x.y")``, ``!!python/object/apply:x.y`` as
    ``("python/object/apply", "x.y", keywords)`` (MkDocs' ``slugify`` settings), and any local
    tag (MkDocs' ``!ENV``, ``!relative``) as None. Nothing is imported or called."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
        return ("python/name", suffix)

    def python_apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
        keywords: object = {}
        if isinstance(node, yaml.MappingNode):
            keywords = loader.construct_mapping(node, deep=True).get("kwds", {})
        return ("python/object/apply", suffix, keywords)

    def local(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
        return None

    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", python_name)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", python_apply)
    Loader.add_multi_constructor("!", local)
    return Loader
