"""What a site generator's own configuration says about its languages, for ``l10n init``.

Each reader returns a :class:`SiteLanguages` (or None when the generator's configuration names
no languages): the site's default language, its other languages, the folder holding the default
language's pages and where the generator reads each translation. Only what ``init`` needs is
read, by each generator's documented rules (sources on each function). A configuration that
cannot be read is no error here: ``init`` then falls back to its usual folders and says so.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from l10n.errors import L10nError
from l10n.fsutil import read_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@dataclass(frozen=True)
class SiteLanguages:
    """The languages a generator's configuration names and where their pages live.

    ``source``: the default language's folder of pages, relative to the project (POSIX);
    ``default``: that language's code as the site spells it; ``others``: the other configured
    languages' codes, in the configuration's order; ``layout``: a preset name or a pattern of
    :mod:`l10n.site.site_layout` putting each translation where the generator reads it, None
    when no single pattern does (``problem`` then says why); ``config``: the file read."""

    source: str
    default: str
    others: tuple[str, ...]
    layout: str | None
    config: str
    problem: str | None = None
    folders: dict[str, str] = field(default_factory=dict)
    """Each configured language's folder of pages (relative to the project), where the
    generator gives each its own."""
    tags: dict[str, str] = field(default_factory=dict)
    """A language's BCP 47 tag where the configuration gives one apart from its code
    (VitePress: the locale ``zh`` with ``lang: 'zh-CN'``)."""
    advice: str | None = None
    """A change to the generator's configuration the layout needs, for ``init`` to say."""
    unread: tuple[str, ...] = ()
    """What the configuration computes, so that it could not be read for certain: one line each,
    ``FILE:LINE: what; what to do`` (``default`` is then ``""`` when it is the default
    language, ``others`` the languages read for certain)."""
    complete: bool = True
    """Whether ``others`` is every language the site configures (False: some are computed)."""
    notes: tuple[str, ...] = ()
    """Lines for ``init`` to say of how the configuration was read (a language named twice)."""


class SiteConfigError(L10nError):
    """A generator's configuration file that cannot be read: ``FILE:LINE: message`` (or
    ``FILE: message`` without a line), the shape of every l10n error (:mod:`l10n.errors`),
    whichever generator's file it is. ``path`` is the file as shown (relative to the project)."""


def _undecodable(exc: UnicodeDecodeError, shown: str) -> SiteConfigError:
    """The error for a configuration file that is not UTF-8, at the line of its first bad byte
    (as a note's, :func:`l10n.markdown.segment`)."""
    data = exc.object if isinstance(exc.object, bytes) else bytes(exc.object)
    line = data.count(b"\n", 0, exc.start) + 1
    return SiteConfigError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); convert the file to UTF-8", shown, line)


def _toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, int | None]:
    """tomllib's message without its ``(at line N, column M)`` and that line (1-based); for
    ``(at end of document)`` the last line of ``text``, the file's."""
    said = str(exc)
    where = re.search(r" \(at line (\d+), column \d+\)$", said)
    if where:
        return said[: where.start()], int(where.group(1))
    if said.endswith(" (at end of document)"):
        return said[: -len(" (at end of document)")], text.count("\n") + 1
    return said, None


# -- MkDocs with mkdocs-static-i18n --------------------------------------------------------------


class _MkdocsLoader:
    """A YAML loader for ``mkdocs.yml``: MkDocs' own tags (``!ENV``, ``!relative``,
    ``!!python/name:…``) read as None instead of failing, as only plain keys are needed."""

    @staticmethod
    def load(text: str) -> Any:
        import yaml

        class Loader(yaml.SafeLoader):
            pass

        def unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
            return None

        Loader.add_multi_constructor("!", unknown)
        Loader.add_multi_constructor("tag:yaml.org,2002:python/", unknown)
        return yaml.load(text, Loader=Loader)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _read_yaml(path: Path, shown: str) -> Any:
    import yaml

    try:
        return _MkdocsLoader.load(read_text(path))
    except OSError as exc:
        raise SiteConfigError(f"cannot be read ({_why(exc)})", shown) from None
    except UnicodeDecodeError as exc:
        raise _undecodable(exc, shown) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise SiteConfigError(f"not valid YAML ({getattr(exc, 'problem', None) or exc})", shown, line) from None


def mkdocs_docs_dir(root: Path) -> str | None:
    """The MkDocs site's ``docs_dir`` (relative to ``root``; MkDocs "Configuration", ``docs``
    unless set), None without ``mkdocs.yml``/``mkdocs.yaml``. Raises :class:`SiteConfigError`
    for a file that is not YAML."""
    path = next((root / name for name in ("mkdocs.yml", "mkdocs.yaml") if (root / name).is_file()), None)
    if path is None:
        return None
    data = _read_yaml(path, path.name)
    value = data.get("docs_dir") if isinstance(data, dict) else None
    return (value.strip("/") or ".") if isinstance(value, str) and value.strip() else "docs"


def mkdocs_languages(root: Path) -> SiteLanguages | None:
    """The languages of the MkDocs site in ``root`` as its mkdocs-static-i18n plugin configures
    them, or None without ``mkdocs.yml``/``mkdocs.yaml`` or without the plugin's ``languages``.

    Rules (mkdocs-static-i18n 1.x "Setup", and its ``config_update_to_v1.py`` for 0.x):
    ``languages`` is a list of ``{locale, default, build…}`` (1.x; the ``default: true`` one is
    the default, a ``null`` locale or ``build: false`` is not built) or a mapping of locale to
    a name or a table (0.x, with ``default_language``). ``docs_structure: suffix`` (the
    default) reads ``page.<locale>.md`` beside ``page.md`` in ``docs_dir`` (MkDocs' own
    setting, ``docs`` by default); ``folder`` reads ``<docs_dir>/<locale>/page.md``, the
    default language's pages in ``<docs_dir>/<default locale>/``.

    Raises :class:`SiteConfigError` for a file that is not YAML."""
    path = next((root / name for name in ("mkdocs.yml", "mkdocs.yaml") if (root / name).is_file()), None)
    if path is None:
        return None
    data = _read_yaml(path, path.name)
    if not isinstance(data, dict):
        return None
    docs = mkdocs_docs_dir(root) or "docs"
    plugin = _mkdocs_plugin(data.get("plugins"), "i18n")
    if plugin is None:
        return None
    listed = plugin.get("languages")
    codes: list[str] = []
    default: str | None = None
    if isinstance(listed, list):  # 1.x
        for entry in listed:
            if not isinstance(entry, dict) or not isinstance(entry.get("locale"), str):
                continue
            locale = entry["locale"]
            if locale == "null" or (entry.get("build") is False and not entry.get("default")):
                continue
            if entry.get("default") is True and default is None:
                default = locale
            codes.append(locale)
    elif isinstance(listed, dict):  # 0.x
        named = plugin.get("default_language")
        for locale, entry in listed.items():
            if not isinstance(locale, str) or locale == "default":
                continue
            if isinstance(entry, dict) and entry.get("default") is True and default is None:
                default = locale
            if isinstance(entry, dict) and entry.get("build") is False and locale != named:
                continue
            codes.append(locale)
        if default is None and isinstance(named, str):
            default = named
    if not codes:
        return None
    default = default or codes[0]
    others = tuple(code for code in codes if code != default)
    if plugin.get("docs_structure", "suffix") == "folder":
        source = _join(docs, default)
        folders = {code: _join(docs, code) for code in codes}
        return SiteLanguages(source, default, others, "mkdocs-folder", path.name, folders=folders)
    return SiteLanguages(docs, default, others, "mkdocs-suffix", path.name)


def _mkdocs_plugin(plugins: Any, name: str) -> dict[str, Any] | None:
    """The options of plugin ``name`` in MkDocs' ``plugins`` (a list of names and one-key
    mappings, or a mapping: MkDocs "Configuration", plugins); ``{}`` for one without options."""
    entries: list[Any] = list(plugins.items()) if isinstance(plugins, dict) else list(plugins or [])
    for entry in entries:
        if entry == name:
            return {}
        if isinstance(entry, tuple) and entry[0] == name:
            return entry[1] if isinstance(entry[1], dict) else {}
        if isinstance(entry, dict) and name in entry:
            options = entry[name]
            return options if isinstance(options, dict) else {}
    return None


def _join(*parts: str) -> str:
    return posixpath.normpath("/".join(p for p in parts if p and p != ".")) if any(p and p != "." for p in parts) else "."


# -- Hugo -----------------------------------------------------------------------------------------

_HUGO_NAMES = ("hugo", "config")
_HUGO_EXTENSIONS = ("toml", "yaml", "yml", "json")


def _read_any(path: Path, shown: str) -> Any:
    """The value of the TOML, JSON or YAML file at ``path`` (by its extension), named ``shown``
    in errors. Raises :class:`SiteConfigError`."""
    if path.suffix == ".toml":
        try:
            text = read_text(path)
            return tomllib.loads(text)
        except OSError as exc:
            raise SiteConfigError(f"cannot be read ({_why(exc)})", shown) from None
        except UnicodeDecodeError as exc:
            raise _undecodable(exc, shown) from None
        except tomllib.TOMLDecodeError as exc:
            problem, line = _toml_error(exc, text)
            raise SiteConfigError(f"not valid TOML ({problem})", shown, line) from None
    if path.suffix == ".json":
        try:
            return json.loads(read_text(path))
        except OSError as exc:
            raise SiteConfigError(f"cannot be read ({_why(exc)})", shown) from None
        except UnicodeDecodeError as exc:
            raise _undecodable(exc, shown) from None
        except json.JSONDecodeError as exc:
            raise SiteConfigError(f"not valid JSON ({exc.msg})", shown, exc.lineno) from None
    return _read_yaml(path, shown)


def _lowered(value: Any, clashes: dict[str, list[str]] | None = None) -> Any:
    """``value`` with every mapping's keys in lower case: Hugo's configuration keys are not
    case-sensitive (Hugo "Configure Hugo": ``defaultContentLanguage`` is ``defaultcontentlanguage``).
    Of keys that differ only by case the first is kept, as Hugo does (0.168, ``hugo config
    mounts`` of ``[languages.pt-BR]`` before ``[languages.pt-br]``: the first's contentDir);
    ``clashes`` collects each such key's spellings."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        spellings: dict[str, list[str]] = {}
        for key, item in value.items():
            low = str(key).lower()
            spellings.setdefault(low, []).append(str(key))
            if low not in out:
                out[low] = _lowered(item, clashes)
        if clashes is not None:
            clashes.update({low: named for low, named in spellings.items() if len(named) > 1})
        return out
    if isinstance(value, list):
        return [_lowered(item, clashes) for item in value]
    return value


def hugo_configuration(root: Path, clashes: dict[str, list[str]] | None = None) -> tuple[dict[str, Any], str] | None:
    """The Hugo site's configuration in ``root`` (keys in lower case) and the file it came from:
    the first of ``hugo.{toml,yaml,yml,json}`` and (before Hugo 0.110) ``config.*`` at the root,
    merged over the configuration directory's ``config/_default/`` files, where a file named
    after a key (``languages.toml``, ``params.yaml``) holds that key's value (Hugo "Configure
    Hugo": configuration file, configuration directory). None when there is none.

    ``clashes`` collects keys spelled twice but for case (:func:`_lowered`). Raises
    :class:`SiteConfigError` for a file that cannot be read."""
    merged: dict[str, Any] = {}
    named: str | None = None
    folder = root / "config" / "_default"
    if folder.is_dir():
        try:
            listed = sorted(folder.iterdir())
        except OSError as exc:
            raise SiteConfigError(f"cannot be listed ({_why(exc)})", "config/_default") from None
        for path in listed:
            stem, _, ext = path.name.rpartition(".")
            if ext not in _HUGO_EXTENSIONS or not path.is_file():
                continue
            data = _lowered(_read_any(path, path.relative_to(root).as_posix()), clashes)
            if not isinstance(data, dict):
                continue
            if stem in _HUGO_NAMES:
                merged.update(data)
            else:
                merged[stem.lower()] = data
            named = named or path.relative_to(root).as_posix()
    for stem in _HUGO_NAMES:
        top = next((root / f"{stem}.{ext}" for ext in _HUGO_EXTENSIONS if (root / f"{stem}.{ext}").is_file()), None)
        if top is not None:
            data = _lowered(_read_any(top, top.name), clashes)
            if isinstance(data, dict):
                merged.update(data)
            return merged, top.name
    return (merged, named) if named else None


def hugo_languages(root: Path) -> SiteLanguages | None:
    """The languages of the Hugo site in ``root``, or None when its configuration names none.

    Rules (Hugo "Multilingual mode" and "Configure languages"): ``defaultContentLanguage``
    (``en`` unless set) is the default; each key of ``languages`` is a language, ``disabled``
    ones left out; a language's pages are in its ``contentDir``, else the site's
    ``contentDir`` (``content``), or the first module mount with ``target = "content"`` and its
    ``lang``. Languages sharing the default language's folder are
    "translation by file name" (``page.fr.md``, preset ``hugo-suffix``); a language with a
    folder of its own is "translation by content directory": where each target's folder is
    the default's with its language code swapped (``content/en`` → ``content/fr``) the
    preset is ``hugo-dir``, else a pattern when the folders differ only by the code
    (``content_fr``), else no layout fits (``problem`` says which folders).

    A language key spelled twice but for case (``pt-BR``, ``pt-br``) is one language, the
    first, as for Hugo: ``notes`` says so. Raises :class:`SiteConfigError` for a
    configuration file that cannot be read."""
    clashes: dict[str, list[str]] = {}
    found = hugo_configuration(root, clashes)
    if found is None:
        return None
    data, config = found
    languages = data.get("languages")
    if not isinstance(languages, dict) or not languages:
        return None
    site = _hugo_languages(root, data, config, languages)
    twice = [
        f"{config} names {low} more than once ({', '.join(named)}): Hugo reads the first, and so does init"
        for low, named in clashes.items()
        if low in languages
    ]
    return replace(site, notes=tuple(twice)) if twice else site


def _hugo_languages(root: Path, data: dict[str, Any], config: str, languages: dict[str, Any]) -> SiteLanguages:
    """:func:`hugo_languages` of the configuration ``data`` (from the file ``config``) with its
    ``languages`` table."""
    default = str(data.get("defaultcontentlanguage") or "en").lower()
    site_dir = str(data.get("contentdir") or "content").strip("/") or "."
    folders: dict[str, str] = {}
    tags: dict[str, str] = {}
    for code, settings in languages.items():
        settings = settings if isinstance(settings, dict) else {}
        if settings.get("disabled") is True or code in _lower_list(data.get("disablelanguages")):
            continue
        folders[code] = posixpath.normpath(str(settings.get("contentdir") or site_dir).strip("/") or ".")
        told = settings.get("languagecode")
        if isinstance(told, str) and told.strip() and code != default and _is_tag(told):
            # the language's RFC 5646 tag where the key is shorter (pt with "pt-BR"; Hugo
            # "Configure languages"); not the default's: a site's "en-us" changes no source text
            tags[code] = told.strip()
    if default not in folders:
        folders = {default: site_dir, **folders}
    # Hugo Modules' mounts give a language its content folder too (Hugo "Module configuration":
    # mounts with target "content" and lang); the first for a language is its own, later ones
    # fill its gaps from another language's folder (Hugo 0.96 "vertical merging")
    module = data.get("module")
    mounts = module.get("mounts") if isinstance(module, dict) else None
    mounted: set[str] = set()
    for mount in mounts if isinstance(mounts, list) else []:
        if not isinstance(mount, dict) or str(mount.get("target", "")).strip("/") != "content":
            continue
        code, where = str(mount.get("lang", "")).lower(), mount.get("source")
        if code in folders and code not in mounted and isinstance(where, str) and where.strip("/"):
            folders[code] = posixpath.normpath(where.strip("/"))
            mounted.add(code)
    source = folders[default]
    others = tuple(code for code in folders if code != default)
    if all(folders[code] == source for code in others):
        # by file name Hugo reads the lower-case key (page.zh-tw.md; hugoDocs issue 3308)
        if (root / source / default).is_dir():
            # content/en/ beside content/fr/…: by content directory in intent, and Hugo reads it
            # so once each language's contentDir names its folder (init's rule before Hugo's
            # configuration was read, kept: the other folders are translations, never notes)
            mine = f"{source}/{default}" if source != "." else default
            advice = f"{config} gives the languages no contentDir of their own: set {default}'s to {mine} and each other's likewise, or Hugo reads {mine}/ as pages of every language"
            split = {code: mine.rsplit("/", 1)[0] + "/" + code if "/" in mine else code for code in folders}
            return SiteLanguages(mine, default, others, "hugo-dir", config, folders=split, tags=tags, advice=advice)
        return SiteLanguages(source, default, others, "hugo-suffix", config, folders=folders, tags=tags)
    if any(folders[code] == source for code in others):
        shared = ", ".join(code for code in others if folders[code] == source)
        apart = ", ".join(code for code in others if folders[code] != source)
        problem = f"{config}: languages {shared} share {source}/ with {default} while {apart} have folders of their own"
        return SiteLanguages(source, default, others, None, config, problem, folders, tags)
    # Hugo lower-cases the languages' keys (its Lang, "Configure languages") but a contentDir
    # keeps its case (content/zh-TW for zh-tw): the code in l10n's paths is the folder's spelling
    spelled = {code: _spelling_in(folders[code], code) for code in folders}
    folders = {spelled[code]: folder for code, folder in folders.items()}
    tags = {spelled[code]: tag for code, tag in tags.items()}
    default, others = spelled[default], tuple(spelled[code] for code in others)
    layout = _folder_pattern(source, default, {code: folders[code] for code in others})
    if layout is None:
        listed = ", ".join(f"{code}: {folders[code]}/" for code in others)
        problem = f"{config}: the languages' content folders ({listed}) are not {source}/ with the language code swapped"
        return SiteLanguages(source, default, others, None, config, problem, folders, tags)
    return SiteLanguages(source, default, others, layout, config, folders=folders, tags=tags)


def _spelling_in(folder: str, code: str) -> str:
    """``code`` as ``folder`` spells it where it stands apart there once, whatever its case
    (``zh-TW`` in ``content/zh-TW`` for Hugo's ``zh-tw``), else ``code`` itself."""
    found = list(re.finditer(rf"(?<![^/_.-]){re.escape(code)}(?![^/_.-])", folder, re.IGNORECASE))
    return found[0].group(0) if len(found) == 1 else code


def _is_tag(text: str) -> bool:
    """Whether ``text`` is a language tag l10n knows (:func:`l10n.config.normalize_language`)."""
    from l10n.config import normalize_language
    from l10n.errors import ConfigError

    try:
        normalize_language(text)
    except ConfigError:
        return False
    return True


def _lower_list(value: Any) -> list[str]:
    return [str(item).lower() for item in value] if isinstance(value, list) else []


def _folder_pattern(source: str, default: str, folders: dict[str, str]) -> str | None:
    """The layout putting each language's translation in its own folder: ``hugo-dir`` when every
    folder is ``source`` with its folder named ``default`` swapped for the code; else a pattern
    when every folder is one text with the code in it (``site/content_fr``); else None."""
    parts = source.split("/")
    if default in parts:
        at = parts.index(default)
        if all(folders[code] == "/".join([*parts[:at], code, *parts[at + 1 :]]) for code in folders):
            return "hugo-dir"
    templates = {_template(folder, code) for code, folder in folders.items()}
    if len(templates) == 1:
        template = templates.pop()
        if template is not None:
            return f"{template}/{{dir}}/{{name}}{{ext}}"
    return None


def _template(folder: str, code: str) -> str | None:
    """``folder`` with its one occurrence of ``code`` as ``{lang}``, the code standing apart
    (between ``/``, ``_``, ``-``, ``.`` or the ends: ``content_fr``, not ``content/french``,
    where another language's folder would be ``content/hiench``); None: not exactly once."""
    found = [m.start() for m in re.finditer(rf"(?<![^/_.-]){re.escape(code)}(?![^/_.-])", folder)]
    if len(found) != 1:
        return None
    return folder[: found[0]] + "{lang}" + folder[found[0] + len(code) :]


def hugo_content_dir(root: Path) -> str | None:
    """The Hugo site's ``contentDir`` (relative to ``root``), None when its configuration sets
    none or there is none. Raises :class:`SiteConfigError` for a file that cannot be read."""
    found = hugo_configuration(root)
    value = found[0].get("contentdir") if found else None
    return (str(value).strip("/") or ".") if isinstance(value, str) and value.strip() else None


# -- Jekyll and mdBook ---------------------------------------------------------------------------

_JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")


def jekyll_configuration(root: Path) -> dict[str, Any] | None:
    """The Jekyll site's configuration in ``root``: the first of ``_config.yml``,
    ``_config.yaml``, ``_config.toml`` (Jekyll's ``Configuration#config_files``), ``{}`` when
    it holds no mapping, None without one. Raises :class:`SiteConfigError` for a file that
    cannot be read or parsed (Jekyll itself stops there)."""
    path = next((root / name for name in _JEKYLL_CONFIGS if (root / name).is_file()), None)
    if path is None:
        return None
    data = _read_any(path, path.name)
    return data if isinstance(data, dict) else {}


def jekyll_collections(root: Path) -> tuple[str, dict[str, bool]] | None:
    """``(collections_dir, {label: output})`` of the Jekyll site's configuration in ``root``
    (:func:`jekyll_configuration`), None without one. Rules (Jekyll "Collections" and its
    ``Configuration#add_default_collections``, ``Collection#directory`` and ``#write?``): each
    collection lives in ``<collections_dir>/_<label>`` (``collections_dir`` empty unless set);
    ``collections:`` is a mapping of labels to their settings, or a list of labels (no settings);
    a collection's documents are pages only when its ``output`` is true; ``posts`` is always
    one, and always output. Raises :class:`SiteConfigError` as :func:`jekyll_configuration`."""
    data = jekyll_configuration(root)
    if data is None:
        return None
    folder = data.get("collections_dir")
    collections_dir = posixpath.normpath(folder.strip().strip("/")) if isinstance(folder, str) and folder.strip().strip("/") else ""
    declared = data.get("collections")
    labels: dict[str, bool] = {"posts": True}  # first: the site's posts, then its collections in order
    if isinstance(declared, dict):
        for label, settings in declared.items():
            labels[str(label)] = isinstance(settings, dict) and bool(settings.get("output", False))
    elif isinstance(declared, list):
        labels.update((str(label), False) for label in declared if isinstance(label, (str, int)))
    labels["posts"] = True
    return collections_dir, labels


def mdbook_src_dir(root: Path) -> str | None:
    """The mdBook book's folder of chapters (``[book] src`` of ``book.toml``, ``src`` unless set:
    mdBook "Configuration", General), None without ``book.toml``. Raises
    :class:`SiteConfigError` for a file that cannot be read or parsed."""
    path = root / "book.toml"
    if not path.is_file():
        return None
    data = _read_any(path, path.name)
    book = data.get("book") if isinstance(data, dict) else None
    value = book.get("src") if isinstance(book, dict) else None
    return posixpath.normpath(value.strip("/")) if isinstance(value, str) and value.strip("/") else "src"


# -- Docusaurus ------------------------------------------------------------------------------------

_JS_STRING = r"""(['"`])([^'"`\n]+)\1"""


def docusaurus_languages(root: Path, site: str, source: str) -> SiteLanguages | None:
    """The languages of the Docusaurus site whose configuration is in ``root/site``
    (``docusaurus.config.{js,ts,mjs,cjs}``) with docs in ``source``, or None when it has no
    ``i18n``.

    Rules (Docusaurus "i18n" and "docusaurus.config.js": ``i18n.defaultLocale``,
    ``i18n.locales``, ``i18n.path``, ``i18n.localeConfigs.<locale>.path``): the docs folder
    holds the default locale's pages; each other locale's translations of the docs are read
    from ``<i18n.path>/<locale's path>/docusaurus-plugin-content-docs/current/`` beside the
    configuration (``i18n`` and the locale's name unless set: preset ``docusaurus``). A locale
    whose path is not its name has the path as its code, the locale as its tag.

    Only literals are read (strings, arrays and objects of them, a name declared once with
    one: ``const locales = [...]`` for the shorthand ``locales,``; a key set after a
    ``...spread`` in ``i18n``); what JavaScript computes (``process.env.X ?? ['en']``,
    ``[...base, 'fr']``, a key a spread may set) is named in ``unread``, never guessed.
    Raises :class:`SiteConfigError` for a file that cannot be read."""
    read = _docusaurus_config(root, site)
    if read is None:
        return None
    shown, text = read
    member = _top_member(text, "i18n")
    if member is None:
        return None
    unread: list[str] = []
    lang = "name the target languages with --lang"
    body, at = _literal(text, *member)
    if body is None or not body.startswith("{"):
        unread.append(f"{shown}:{_line(text, at)}: i18n is computed or imported ({_shown(member[0])}), which init cannot read without running JavaScript: {lang}; set source_language if the default locale is not en")
        return SiteLanguages(source, "", (), "docusaurus", shown, unread=tuple(unread), complete=False)
    i18n, spreads = _certain(text, body, at)
    todo = {
        "defaultLocale": "set source_language if it is not en",
        "locales": lang,
        "localeConfigs": "set layout by hand if translations are not in i18n/<locale>/",
        "path": "set layout by hand if translations are not in i18n/<locale>/",
    }
    for where, (spread, keys) in spreads.items():
        unsure = [key for key in todo if key in keys]
        if unsure:
            unread.append(
                f"{shown}:{_line(text, where)}: i18n's ...{_shown(spread)} may set {', '.join(unsure)}, which init cannot read "
                f"without running JavaScript: {'; '.join(dict.fromkeys(todo[key] for key in unsure))}"
            )
    if "defaultLocale" not in i18n and not spreads:
        unread.append(f"{shown}:{_line(text, at)}: i18n sets no defaultLocale, which Docusaurus requires: {todo['defaultLocale']}")
    for key, (literal, where, raw) in i18n.items():
        if literal is None and key in todo and where >= 0:
            unread.append(f"{shown}:{_line(text, where)}: i18n.{key} is computed ({_shown(raw)}), which init cannot read without running JavaScript: {todo[key]}")

    def value(key: str) -> str | None:
        found = i18n.get(key)
        return found[0] if found else None

    default = _string(value("defaultLocale")) or ""
    listed = value("locales")
    locales: list[str] = []
    complete = listed is not None and listed.startswith("[")
    if complete and listed is not None:
        elements = _entries(listed)
        locales = [locale for locale in (_string(entry.value) for entry in elements) if locale]
        if len(locales) != len(elements):
            complete = False
            where = i18n["locales"][1]
            unread.append(f"{shown}:{_line(text, where)}: i18n.locales is partly computed ({_shown(listed)}), which init cannot read without running JavaScript: it read {', '.join(locales) or 'none'}; {lang}")
    configs = value("localeConfigs")
    configs_of = _members(configs) if configs and configs.startswith("{") else {}
    codes: dict[str, str] = {}  # locale -> its folder's name (its code in l10n)
    for locale in locales:
        own = configs_of.get(locale, "")
        codes[locale] = (_string(_members(own).get("path")) if own.startswith("{") else None) or locale
    tags = {code: locale for locale, code in codes.items() if code != locale}
    others = tuple(codes[locale] for locale in locales if locale != default)
    base = _join(site, _string(value("path")) or "i18n")
    layout = "docusaurus" if base == _join(site, "i18n") else f"{base}/{{lang}}/docusaurus-plugin-content-docs/current/{{dir}}/{{name}}{{ext}}"
    folders = {code: f"{base}/{code}/docusaurus-plugin-content-docs/current" for code in others}
    return SiteLanguages(
        source, codes.get(default, default), others, layout, shown, folders=folders, tags=tags, unread=tuple(unread), complete=complete
    )


def _docusaurus_config(root: Path, site: str) -> tuple[str, str] | None:
    """The Docusaurus configuration of the site in ``root/site`` (``docusaurus.config.js``,
    ``.ts``, ``.mjs`` or ``.cjs``): its path relative to ``root`` and its text without comments;
    None when there is none. Raises :class:`SiteConfigError` for a file that cannot be read."""
    folder = root / site if site else root
    path = next((folder / f"docusaurus.config.{ext}" for ext in ("js", "ts", "mjs", "cjs") if (folder / f"docusaurus.config.{ext}").is_file()), None)
    if path is None:
        return None
    shown = path.relative_to(root).as_posix()
    try:
        return shown, _without_comments(read_text(path))
    except OSError as exc:
        raise SiteConfigError(f"cannot be read ({_why(exc)})", shown) from None
    except UnicodeDecodeError as exc:
        raise _undecodable(exc, shown) from None


_CLASSIC_PRESETS = frozenset({"classic", "@docusaurus/preset-classic", "docusaurus-preset-classic"})
_DOCS_PLUGINS = frozenset({"content-docs", "@docusaurus/plugin-content-docs", "docusaurus-plugin-content-docs"})


def docusaurus_docs_path(root: Path, site: str) -> str | None:
    """The folder, relative to ``root`` (``/``-separated, normalized: it may start with ``..``),
    that the Docusaurus site in ``root/site`` reads its docs from: the ``path`` of the classic
    preset's ``docs`` options (``presets: [['classic', {docs: {path: '../docs'}}]]``) or of the
    default ``@docusaurus/plugin-content-docs`` instance in ``plugins`` (Docusaurus
    "plugin-content-docs": relative to the site folder). None when there is no configuration,
    it sets no such path, or what it sets is not a literal (a name declared once with a literal
    is read, as in :func:`docusaurus_languages`; what JavaScript computes is never guessed).
    Raises :class:`SiteConfigError` for a file that cannot be read."""
    read = _docusaurus_config(root, site)
    if read is None:
        return None
    text = read[1]
    found: list[str | None] = []
    for key, names, options_of in (("presets", _CLASSIC_PRESETS, "docs"), ("plugins", _DOCS_PLUGINS, "")):
        member = _top_member(text, key)
        listed = _literal(text, *member)[0] if member is not None else None
        if listed is None or not listed.startswith("["):
            continue
        for entry in _entries(listed):
            pair = _literal(text, _unwrapped(entry.value), 0)[0]
            if pair is None or not pair.startswith("["):
                continue
            parts = _entries(pair)
            if len(parts) < 2 or _string(parts[0].value) not in names:
                continue
            options = _object_value(text, parts[1].value)
            if options is not None and options_of:
                options = _object_value(text, options.get(options_of, ""))
            if options is None or _string(options.get("id", "'default'")) != "default":
                continue
            configured = options.get("path")
            found.append(_string(_literal(text, configured, 0)[0]) if configured else None)
    configured = next((value for value in found if value), None)
    if configured is None:
        return None
    joined = posixpath.normpath(posixpath.join(site, configured.strip()))
    return None if joined == "." or posixpath.isabs(joined) else joined


def _unwrapped(value: str) -> str:
    """``value`` without the parentheses around it (``/** @type … */ ({…})``, comments blanked)."""
    value = value.strip()
    while value.startswith("(") and value.endswith(")") and _object_at(value, 0) == (value, len(value)):
        value = value[1:-1].strip()
    return value


def _object_value(text: str, value: str) -> dict[str, str] | None:
    """The members of the object literal ``value`` is (or its name's one declaration is, see
    :func:`_literal`), a shorthand member read as its declared value; None when it is not one."""
    literal = _literal(text, _unwrapped(value), 0)[0] if value else None
    if literal is None or not literal.startswith("{"):
        return None
    members: dict[str, str] = {}
    for entry in _entries(literal):
        if entry.kind == "pair" and entry.key is not None:
            members[entry.key] = entry.value
        elif entry.kind == "shorthand" and entry.key is not None:
            members[entry.key] = entry.value  # a name: read through its declaration where used
    return members


def _certain(text: str, body: str, at: int, depth: int = 0) -> tuple[dict[str, tuple[str | None, int, str]], dict[int, tuple[str, set[str]]]]:
    """Each key of the object literal ``body`` (found at ``text[at]``): its literal value
    (:func:`_literal`; None: computed), where it is in ``text`` (negative: a later spread may
    have changed it) and its text; a ``...name`` whose name is declared once with an object
    literal adds that object's keys in its place. Also each other spread (by where it is):
    its text and the keys it may set (every key: those set after it are left out)."""
    found: dict[str, tuple[str | None, int, str]] = {}
    spreads: dict[int, tuple[str, set[str]]] = {}
    for entry in _entries(body):
        where = at + entry.at
        if entry.kind == "spread":
            literal, inner = _literal(text, entry.value, where)
            if literal is not None and literal.startswith("{") and depth < 4:
                keys, more = _certain(text, literal, inner, depth + 1)
                found.update(keys)
                spreads.update(more)
                continue
            found = {key: (None, -1, raw) for key, (_, _, raw) in found.items()}
            spreads[where] = (entry.value, {"defaultLocale", "locales", "localeConfigs", "path"})
        elif entry.kind in ("pair", "shorthand") and entry.key is not None:
            literal, inner = _literal(text, entry.value, where)
            found[entry.key] = (literal, where, entry.value)
            for _, unsure in spreads.values():
                unsure.discard(entry.key)  # set after the spread: the literal wins
    return found, spreads


# -- VitePress -------------------------------------------------------------------------------------

_VITEPRESS_HOMES = ("docs", ".", "src")
_VITEPRESS_CONFIGS = tuple(f"config{tail}" for tail in (".js", ".ts", ".mjs", ".mts", "/index.js", "/index.ts", "/index.mjs", "/index.mts"))
_JS_KEY = re.compile(r"""(?:(['"])([^'"\n]+)\1|([A-Za-z_$][\w$-]*))\s*:""")
# a key quoted or not ('lang': as JavaScript allows)
_SRC_DIR = re.compile(r"""(?:(?<![\w$.'"])srcDir|'srcDir'|"srcDir")\s*:\s*""" + _JS_STRING)
_LANG = re.compile(r"""(?:(?<![\w$.'"])lang|'lang'|"lang")\s*:\s*""" + _JS_STRING)


def _without_comments(text: str) -> str:
    """JavaScript ``text`` with its ``//`` and ``/* */`` comments blanked (strings kept), so
    a commented-out setting is not read as one."""
    out: list[str] = []
    index, quote = 0, ""
    while index < len(text):
        char = text[index]
        if quote:
            out.append(char)
            if char == "\\" and index + 1 < len(text):
                out.append(text[index + 1])
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
            out.append(char)
        elif text.startswith("//", index) or text.startswith("/*", index):
            end = text.find("\n", index) if text[index + 1] == "/" else text.find("*/", index + 2) + 2
            end = len(text) if end < 2 or (end == -1) else end
            out.append(re.sub(r"[^\n]", " ", text[index:end]))
            index = end
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _object_at(text: str, start: int) -> tuple[str, int] | None:
    """The JavaScript object literal opening at ``text[start]`` (``{``) and where it ends;
    strings and comments skipped; None when it does not close."""
    depth, index, quote = 0, start, ""
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif text.startswith("//", index):
            index = text.find("\n", index)
            if index < 0:
                return None
        elif text.startswith("/*", index):
            index = text.find("*/", index)
            if index < 0:
                return None
            index += 1
        elif char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
            if depth == 0:
                return text[start : index + 1], index + 1
        index += 1
    return None


def _string_end(text: str, start: int) -> int:
    """The index after the JavaScript string opening at ``text[start]`` (its quote)."""
    index = start + 1
    while index < len(text) and text[index] != text[start]:
        index += 2 if text[index] == "\\" else 1
    return index + 1


@dataclass(frozen=True)
class _Member:
    """One member of a JavaScript object or array literal: ``kind`` ``pair`` (``key: value``),
    ``shorthand`` (``locales,``: ``value`` is the name), ``spread`` (``...x``: ``value`` is
    ``x``) or ``other`` (an array's element, a method, a computed key); ``at``: where
    ``value`` starts in the literal's text."""

    kind: str
    key: str | None
    value: str
    at: int


_NAME = re.compile(r"[A-Za-z_$][\w$]*")


def _value_end(body: str, at: int, end: int) -> int | None:
    """Where the value starting at ``body[at]`` ends: the next ``,`` or closing bracket outside
    strings and brackets, or ``end``; None when a bracket does not close."""
    while at < end and body[at] not in ",}])":
        if body[at] in "'\"`":
            at = _string_end(body, at)
        elif body[at] in "{[(":
            found = _object_at(body, at)
            if found is None:
                return None
            at = found[1]
        else:
            at += 1
    return min(at, end)


def _entries(body: str) -> list[_Member]:
    """The members of the object or array literal ``body`` (``{…}`` or ``[…]``, comments
    blanked), in order; those after a bracket that does not close are left out."""
    entries: list[_Member] = []
    index, end = 1, len(body) - 1
    while index < end:
        while index < end and body[index] in " \t\r\n,":
            index += 1
        if index >= end:
            break
        match = _JS_KEY.match(body, index) if body[index] != "[" else None
        start = match.end() if match else index
        stop = _value_end(body, start, end)
        if stop is None:
            break
        raw = body[start:stop]
        value = raw.strip()
        at = start + len(raw) - len(raw.lstrip())
        if match:
            entries.append(_Member("pair", match.group(2) or match.group(3), value, at))
        elif value.startswith("..."):
            entries.append(_Member("spread", None, value[3:].strip(), at))
        elif _NAME.fullmatch(value):
            entries.append(_Member("shorthand", value, value, at))
        else:
            entries.append(_Member("other", None, value, at))
        index = stop + 1
    return entries


def _members(body: str) -> dict[str, str]:
    """Each ``key: value`` member of the object literal ``body`` (``{…}``, comments blanked)
    and its value's text; spreads (``...x``) and shorthand members are skipped."""
    return {entry.key: entry.value for entry in _entries(body) if entry.kind == "pair" and entry.key is not None}


_TS_TAIL = re.compile(r"""\s*(?:(?:as|satisfies)\s+[\w$.<>\[\]|'" ]+)?\s*;?\s*""")
"""What may follow a literal without changing its value: TypeScript's ``as const``,
``as string[]``, ``satisfies Config`` and a semicolon."""


def _declared(text: str, name: str) -> tuple[str, int] | None:
    """The value text of the one ``const``/``let``/``var`` declaration of ``name`` in ``text``
    (a literal up to its end, else up to the line's end) and its offset; None when there is
    not exactly one."""
    found = list(re.finditer(rf"(?<![\w$.])(?:const|let|var)\s+{re.escape(name)}\s*(?::[^=\n]+)?=(?!=)\s*", _code_only(text)))
    if len(found) != 1:
        return None
    start = found[0].end()
    if text[start : start + 1] in ("{", "["):
        literal = _object_at(text, start)
        if literal is not None:
            line_end = text.find("\n", literal[1])
            return text[start : line_end if line_end >= 0 else len(text)].strip(), start
    line_end = text.find("\n", start)
    return text[start : line_end if line_end >= 0 else len(text)].strip().rstrip(";"), start


def _literal(text: str, value: str, at: int) -> tuple[str | None, int]:
    """The literal ``value`` is, for certain, and where it is: itself when it is an object,
    array or string literal (a TypeScript ``as …``/``satisfies …`` after it allowed), else,
    for a name, the literal of its one declaration in ``text`` (``const locales = […]``);
    None (with where ``value`` is) when it is computed."""
    for _ in range(2):  # a name, then its declaration's value
        if value[:1] in ("{", "["):
            found = _object_at(value, 0)
            if found is not None and _TS_TAIL.fullmatch(value[found[1] :]):
                return found[0], at
            return None, at
        string = re.match(_JS_STRING, value)
        if string and _TS_TAIL.fullmatch(value[string.end() :]) and "${" not in string.group(2):
            return string.group(0), at
        declared = _declared(text, value) if _NAME.fullmatch(value) else None
        if declared is None:
            return None, at
        value, at = declared
    return None, at


def _code_only(text: str) -> str:
    """``text`` (comments blanked) with the insides of its string literals blanked too, same
    length: a search for a key or a declaration finds none inside a string (``'…/i18n: x'``)."""
    out = list(text)
    index = 0
    while index < len(text):
        if text[index] in "'\"`":
            end = min(_string_end(text, index), len(text))
            for at in range(index + 1, end - 1):
                if out[at] != "\n":
                    out[at] = " "
            index = end
        else:
            index += 1
    return "".join(out)


def _top_member(text: str, name: str) -> tuple[str, int] | None:
    """The value text of the first member ``name`` of an object in ``text`` (``name: value``,
    its key quoted or not, ``'i18n': value``, as JavaScript allows any property name; else the
    first shorthand ``name,``: then the name itself) and its offset; None when none."""
    code = _code_only(text)
    pair = re.search(rf"(?<![\w$.'\"]){re.escape(name)}\s*:(?!:)\s*", code)
    # a quoted key: its quotes are the string's own (kept by _code_only), not within another string
    quoted = next(
        (
            match
            for match in re.finditer(rf"(['\"]){re.escape(name)}\1\s*:(?!:)\s*", text)
            if code[match.start()] == match.group(1) and code[match.start() + len(name) + 1] == match.group(1)
        ),
        None,
    )
    if quoted is not None and (pair is None or quoted.start() < pair.start()):
        pair = quoted
    short = next(
        (
            match
            for match in re.finditer(rf"(?<=[{{,\s]){re.escape(name)}\s*(?=[,}}])", code)
            if not re.match(r"\s*(?:import|export\s*\{)", text[text.rfind("\n", 0, match.start()) + 1 :])
        ),
        None,
    )
    if pair is not None:  # before a shorthand: ``import { locales } from …`` is no setting
        end = _value_end(text, pair.end(), len(text))
        return text[pair.end() : end if end is not None else len(text)].strip(), pair.end()
    if short is not None:
        return name, short.start()
    return None


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _shown(value: str) -> str:
    """``value`` on one line, shortened to 60 characters, for a message."""
    flat = " ".join(value.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."


def _string(value: str | None) -> str | None:
    """The text of ``value`` when it is one JavaScript string literal (no ``${}`` in it)."""
    match = re.fullmatch(_JS_STRING, value or "")
    return match.group(2) if match and "${" not in match.group(2) else None


def vitepress_languages(root: Path) -> SiteLanguages | None:
    """The languages of the VitePress site in ``root`` (its ``.vitepress/config.*`` in ``docs/``,
    the root or ``src/``), or None when its ``locales`` names none other than ``root``. Only
    literals are read, as for Docusaurus (:func:`docusaurus_languages`): a computed
    ``locales``, or a spread in it, is named in ``unread``.

    Rules (VitePress "Internationalization", "Site Config" ``srcDir``, ``lang``): the pages of
    the ``root`` locale are in the source folder (``srcDir`` of the folder holding
    ``.vitepress/``), each other locale's in the folder named by its key (``fr/``), so the
    layout is ``<source>/{lang}/{dir}/{name}{ext}`` with the keys as codes; a locale's
    ``lang`` (``root``'s, else the site's, else ``en-US``) is its language."""
    for home in _VITEPRESS_HOMES:
        folder = root / home / ".vitepress"
        path = next((folder / name for name in _VITEPRESS_CONFIGS if (folder / name).is_file()), None)
        if path is not None:
            break
    else:
        return None
    try:
        text = read_text(path)
    except OSError as exc:
        raise SiteConfigError(f"cannot be read ({_why(exc)})", path.relative_to(root).as_posix()) from None
    except UnicodeDecodeError as exc:
        raise _undecodable(exc, path.relative_to(root).as_posix()) from None
    text = _without_comments(text)
    shown = path.relative_to(root).as_posix()
    member = _top_member(text, "locales")
    if member is None:
        return None
    body, at = _literal(text, *member)
    unread: list[str] = []
    lang = "name the target languages with --lang"
    members: dict[str, str] = {}
    if body is None or not body.startswith("{"):
        unread.append(f"{shown}:{_line(text, at)}: locales is computed or imported ({_shown(member[0])}), which init cannot read without running JavaScript: {lang}")
    else:
        for entry in _entries(body):
            if entry.kind in ("pair", "shorthand") and entry.key is not None:
                # a locale's key is its folder whatever its value; its lang only from a literal
                literal = _literal(text, entry.value, at + entry.at)[0]
                members[entry.key] = literal if literal is not None and literal.startswith("{") else ""
            else:
                unread.append(f"{shown}:{_line(text, at + entry.at)}: locales has {_shown(entry.value if entry.kind != 'spread' else '...' + entry.value)}, which init cannot read without running JavaScript: {lang}")
    others = tuple(key for key in members if key != "root" and "/" not in key)
    if not others and not unread:
        return None
    opening = text.rfind("locales", 0, member[1])
    told = _LANG.search(members.get("root", "")) or _LANG.search(text[: opening] if opening >= 0 else text)
    default = told.group(2) if told else "en-US"
    if unread and "root" not in members:  # the root locale's lang may be in what is not read
        default = ""
        unread[-1] += "; set source_language if the root locale's lang is not en"
    tags = {key: found_lang.group(2) for key in others if (found_lang := _LANG.search(members[key]))}
    src = _SRC_DIR.search(text)
    inner = posixpath.normpath(src.group(2)) if src else "."
    source = _join(home, inner if not inner.startswith("..") else "")
    folders = {key: _join(source, key) for key in others}
    layout = f"{source}/{{lang}}/{{dir}}/{{name}}{{ext}}" if source != "." else "{lang}/{dir}/{name}{ext}"
    return SiteLanguages(source, default, others, layout, shown, folders=folders, tags=tags, unread=tuple(unread), complete=not unread)
