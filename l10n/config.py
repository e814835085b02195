"""Project configuration: the ``[tool.l10n]`` table of ``pyproject.toml`` (or ``l10n.toml``).

Every key is optional. Unknown keys and unknown language tags are errors that name the file and
suggest the closest valid spelling, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n._langdata import LANGUAGES
from l10n.errors import ConfigError
from l10n.fsutil import open_text, read_file, read_text
from l10n.markdown.dialect import CONSTRUCTS, Dialect, make_dialect
from l10n.markdown.generator import (
    DEFAULT_HEADING_IDS,
    DIALECTS,
    HeadingIdSettings,
    heading_id_settings,
    resolve_dialect,
)

ON_SOURCE_CHANGE = ("machine", "previous", "source")
"""Values of ``on_source_change`` (the same as :func:`l10n.po.policy.decide`)."""

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_FILES = ("pyproject.toml", "l10n.toml")
UNNAMED_PROJECT = "PACKAGE VERSION"
"""The Project-Id-Version of a new template when the project names no package: what xgettext
writes without ``--package-name`` (GNU gettext manual, "Header Entry"). Not the folder's name,
which differs between checkouts of one project."""


@dataclass(frozen=True)
class Config:
    """Resolved settings of one project; paths are absolute."""

    root: Path
    source: Path
    locales: Path
    output: str
    """Output folder pattern relative to ``root``; ``{lang}`` is replaced by the language tag."""
    source_language: str = "en"
    languages: tuple[str, ...] = ("hi",)
    front_matter_keys: tuple[str, ...] = ("title", "description", "linkTitle", "sidebar_label")
    """Front-matter keys whose values are translated: by default the page's title and
    description, Hugo's ``linkTitle`` (its menu and breadcrumb title, Hugo docs "Front matter")
    and Docusaurus' ``sidebar_label`` (docs plugin, "Markdown front matter")."""
    min_coverage: float = 0.0
    engine: str = "google"
    engine_url: str | None = None
    model: str | None = None
    jobs: int | None = None
    glossary: dict[str, Any] = field(default_factory=dict)
    project: str = "PACKAGE VERSION"
    """The catalogs' Project-Id-Version: ``[tool.l10n] project``, else ``pyproject.toml``'s
    ``[project] name``, else :data:`UNNAMED_PROJECT` (never the folder's name: a project's
    catalogs do not depend on where it is checked out)."""
    project_named: bool = False
    """Whether :attr:`project` was configured; when not, each template keeps the
    Project-Id-Version it already has (:func:`l10n.pipeline.kept_project_id`), and the name
    does not count in the run state's settings (l10n.store.state)."""
    config_file: Path | None = None
    markdown: str = "auto"
    """The ``markdown`` setting: a dialect name of :data:`l10n.markdown.generator.DIALECTS`, or ``"auto"``."""
    dialect: str = "gfm"
    """The resolved Markdown dialect (``markdown``, or the one detected from the project's files)."""
    dialect_guessed: bool = False
    """``markdown = "auto"`` found neither a generator's files nor a generator's ``layout``
    preset: ``gfm`` plus the constructs of :data:`l10n.markdown.dialect.GUESSED_CONSTRUCTS`, and build
    leaves ``#fragment``s as written (the renderer's slug rule is unknown)."""
    # -- site layout, language codes and output front matter (README "Site layout") ------------
    layout: str = ""
    """The output path pattern (a preset's pattern, or ``layout``/``output`` as written); see
    :mod:`l10n.site.site_layout` for its fields. Empty: the default built from ``output``."""
    exclude: tuple[str, ...] = ()
    """``exclude``: glob patterns of notes and folders (relative to ``source``) that are not
    notes, besides the tool folders of :data:`l10n.site.layout.IGNORED_FOLDERS`."""
    source_dirs: tuple[Path, ...] = ()
    """Every source folder when ``source`` lists several; notes are named relative to
    :attr:`source`, their common parent. Empty: just :attr:`source`."""
    language_aliases: dict[str, str] = field(default_factory=dict)
    """Code used in paths and front matter -> BCP 47 tag for babel and engines (``hant`` ->
    ``zh-Hant-HK``)."""
    catalog_folders: dict[str, str] = field(default_factory=dict)
    """Code -> the folder of ``locales/`` holding its catalogs, for the codes that have no
    folder of their own but one naming the same language otherwise: spelt otherwise (``pt-br``
    for ``pt_BR``, after the code was re-spelt in ``languages``) or under the BCP 47 form an
    earlier version used (``zh-TW`` -> ``zh-Hant-TW``): used there rather than moved or
    started anew (:func:`legacy_catalog_folders`). Empty for every other project."""
    rewrite_links: bool = True
    """Rewrite relative links, images and anchors so they resolve from the output's folder."""
    set_front_matter: dict[str, Any] = field(default_factory=dict)
    """Keys set (added or replaced) in every output's front matter."""
    translator_key: str | None = None
    """A front-matter key that names the engine and model that translated the note."""
    direction_key: str | None = None
    """A front-matter key set to ``rtl`` or ``ltr`` (the target language's text direction)."""
    # -- big sites (issue 19) --
    mt_batch_characters: int | None = None
    """Most characters of source text per engine request (None: the engine's own limit, e.g.
    24,000 for ``openai``); lower it for local models with a short context window."""
    engines: dict[str, dict[str, str]] = field(default_factory=dict)
    """``[tool.l10n.engines.<name>]`` tables: ``url`` and ``model`` of each engine."""
    # -- Markdown constructs (issue 12) --
    markdown_constructs: tuple[tuple[str, bool], ...] = ()
    """``[tool.l10n.markdown_constructs]``: constructs switched on or off over the dialect's own."""
    code_shortcodes: tuple[str, ...] | None = None
    """Hugo shortcodes whose body is code (None: :data:`l10n.markdown.dialect.DEFAULT_CODE_SHORTCODES`)."""
    shortcode_arguments: tuple[str, ...] | None = None
    """Hugo shortcode arguments holding text (``title``, ``notice:1``; None:
    :data:`l10n.markdown.dialect.DEFAULT_SHORTCODE_ARGUMENTS`)."""

    @property
    def markdown_dialect(self) -> Dialect:
        """The dialect notes are segmented with: ``dialect`` and the constructs switched in config."""
        return make_dialect(
            self.dialect, dict(self.markdown_constructs), self.code_shortcodes, self.dialect_guessed, self.shortcode_arguments
        )
    # -- hardening (issue 15) --
    max_note_bytes: int = 10_000_000
    """Largest note read, in bytes (``max_note_bytes``; 0: no limit): a run needs 18 (extract) to
    45 (check) times a note's size in memory above its start while it works on it
    (``bench/note_memory.py``), so one huge file cannot exhaust the machine."""
    allow_outside_project: bool = False
    """``allow_outside_project``: let ``locales``, ``output`` or symlinked folders in them lead
    writes outside the project folder (refused by default)."""
    # -- i13: translations whose source changed --
    on_source_change: str = "machine"
    """What ``build`` publishes for a human translation whose source changed: ``machine`` (a
    fresh machine translation, made by the next ``translate``), ``previous`` (the old human
    translation) or ``source`` (the source text). See :mod:`l10n.po.policy`."""
    # -- translation memory (l10n.mt.memory) --
    memory: str | None = None
    """The ``memory`` setting: a ``postgresql://`` URL without a password, or a SQLite file path
    relative to the root; None for ``locales/.l10n-memory.sqlite3``. ``L10N_MEMORY_URL`` wins."""

    def output_dir(self, lang: str) -> Path:
        return self.root / self.output.replace("{lang}", lang)

    def language_tag(self, code: str) -> str:
        """The BCP 47 tag of a language code as used in paths and front matter: its alias
        (``hant`` -> ``zh-Hant-HK``), else babel's CLDR form of the code (``zh-TW`` ->
        ``zh-Hant-TW``, ``pt_BR`` -> ``pt-BR``: plural forms, engines, text direction and the
        catalogs' ``Language`` header want it), else the code itself (a tag babel does not know,
        such as a note's unmatched ``lang:``)."""
        alias = self.language_aliases.get(code)
        return alias if alias is not None else bcp47_tag(code)

    def language_code(self, tag: str) -> str | None:
        """The configured code (source or target) ``tag`` names, or None: the code as written,
        else one equal but for case and ``_``/``-`` (``zh_tw`` for ``zh-TW``), else the one whose
        BCP 47 tag it is (``zh-Hant-TW`` for ``zh-TW``)."""
        codes = (*self.language_codes, *self.language_aliases)
        if tag in codes:
            return tag
        folded = _folded(tag)
        for code in codes:
            if _folded(code) == folded:
                return code
        wanted = _folded(bcp47_tag(tag.strip()))
        return next((code for code in codes if _folded(self.language_tag(code)) == wanted), None)

    def catalog_folder(self, code: str) -> str:
        """The name of the folder of ``locales/`` holding ``code``'s catalogs: the code itself,
        unless :attr:`catalog_folders` keeps an older folder for it."""
        return self.catalog_folders.get(code, code)

    @functools.cached_property  # asked for several times per note (issue 19)
    def language_codes(self) -> tuple[str, ...]:
        """Every code a note's name or folder may carry: the source language, then the targets."""
        return (self.source_language, *(c for c in self.languages if c != self.source_language))

    @functools.cached_property  # asked for by every note's build and every anchor check
    def heading_ids(self) -> HeadingIdSettings:
        """The site generator's heading-id settings, read once per loaded configuration (a run):
        :func:`l10n.markdown.generator.heading_id_settings` of ``root`` and ``dialect``; the
        defaults when the dialect is only guessed (no generator's file to read)."""
        if self.dialect_guessed:
            return DEFAULT_HEADING_IDS
        return heading_id_settings(str(self.root), self.dialect)

    @property
    def template_dir(self) -> Path:
        return self.locales / "templates"

    def catalog_dir(self, lang: str) -> Path:
        return self.locales / self.catalog_folder(lang)


_KEYS: dict[str, type | tuple[type, ...]] = {
    "project": str,
    "source": str,
    "locales": str,
    "output": str,
    "source_language": str,
    "languages": list,
    "front_matter_keys": list,
    "min_coverage": (int, float),
    "engine": str,
    "engine_url": str,
    "model": str,
    "jobs": int,
    "glossary": (dict, str),
    "markdown": str,
    # site layout, language codes and output front matter
    "layout": str,
    "exclude": (list, str),  # one pattern may be written alone, as `source` may
    "language_aliases": dict,
    "rewrite_links": bool,
    "set_front_matter": dict,
    "translator_key": str,
    "direction_key": str,
    "mt_batch_characters": int,
    # issue 18: settings per engine ([tool.l10n.engines.openai] url = "...", model = "...")
    "engines": dict,
    "markdown_constructs": dict,
    "code_shortcodes": list,
    "shortcode_arguments": list,
    # hardening (issue 15)
    "max_note_bytes": int,
    "allow_outside_project": bool,
    "on_source_change": str,
    "memory": str,  # l10n.mt.memory
}


def normalize_language(tag: str, origin: str = "languages", aliases: dict[str, str] | None = None) -> str:
    """Validate a BCP 47 / POSIX tag with babel and return it in the ``pt-BR`` spelling.

    >>> normalize_language("pt_BR")
    'pt-BR'
    >>> normalize_language("hi")
    'hi'
    """
    cleaned = tag.strip().replace("_", "-")
    if aliases and tag.strip() in aliases:  # a project's own code (``hant``), kept as written
        return tag.strip()
    if cleaned in LANGUAGES:  # a bare code babel knows, spelled as babel spells it
        return cleaned
    from babel import Locale, UnknownLocaleError  # a slow import: only other tags need it

    try:
        locale = Locale.parse(cleaned, sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        close = suggest_language(cleaned)
        hint = f"; did you mean {close!r} ({LANGUAGES[close][0]})?" if close else f" ({exc})"
        raise ConfigError(f"{origin}: unknown language tag {tag!r}{hint}") from None
    parts = [locale.language]
    if locale.script:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    return "-".join(parts)


def checked_language(tag: str, origin: str = "languages", aliases: dict[str, str] | None = None) -> str:
    """Validate ``tag`` as :func:`normalize_language` does and return it as written (stripped):
    the code a project's paths and front matter carry (README "Site layout": ``{lang}`` is the
    code as written in ``languages``; Docusaurus reads ``i18n/zh-TW``, Hugo ``content/zh-tw``).
    Raises :class:`~l10n.errors.ConfigError` as :func:`normalize_language` does.

    >>> checked_language(" zh-TW "), checked_language("pt_BR")
    ('zh-TW', 'pt_BR')
    """
    normalize_language(tag, origin, aliases)
    return tag.strip()


@functools.lru_cache(maxsize=256)
def bcp47_tag(code: str) -> str:
    """:func:`normalize_language` of ``code`` (``zh-TW`` -> ``zh-Hant-TW``), or ``code`` itself
    when babel does not know it. Raises nothing."""
    try:
        return normalize_language(code)
    except ConfigError:
        return code


def _folded(code: str) -> str:
    """A code compared without case or the ``_``/``-`` difference (BCP 47 tags are
    case-insensitive, RFC 5646 §2.1.1; POSIX locales write ``_``)."""
    return code.strip().replace("_", "-").lower()


def legacy_catalog_folders(locales: Path, codes: Sequence[str], aliases: dict[str, str]) -> dict[str, str]:
    """Code -> folder of ``locales`` for each code that has no folder of its own but whose
    catalogs are in a folder naming the same language otherwise: spelt otherwise (``pt-br``
    for ``pt_BR``: BCP 47 tags are case-insensitive, RFC 5646 §2.1.1, and POSIX locales write
    ``_``), or under the code's BCP 47 form, where earlier versions put them
    (``locales/zh-Hant-TW`` for ``zh-TW``). Moving them without a word, or starting empty
    catalogs beside them, would lose a translator's work: they are used where they are
    (``sync`` and ``status`` say so, :func:`l10n.cli.commands.sync.say_unconfigured`). A
    folder spelt like the code wins over one of its tag; a folder that is another configured
    code's own is never taken. One listing of ``locales``."""
    try:
        present = sorted(entry.name for entry in os.scandir(locales) if entry.is_dir() and not entry.name.startswith("."))
    except OSError:
        return {}
    taken = set(codes) | {"templates"}
    found: dict[str, str] = {}
    for code in codes:
        if code in present:
            continue
        free = [name for name in present if name not in taken]
        if not free:
            continue
        tag = _folded(aliases.get(code) or bcp47_tag(code))
        spelt = [name for name in free if _folded(name) == _folded(code)]
        tagged = [name for name in free if code not in aliases and _folded(bcp47_tag(name)) == tag]
        folder = next(iter(spelt or tagged or _same_language(code, aliases, free)), None)
        if folder is not None:
            found[code] = folder
            taken.add(folder)
    return found


def _same_language(code: str, aliases: dict[str, str], names: Sequence[str]) -> list[str]:
    """Those of ``names`` that name ``code``'s language once both are maximized by CLDR's likely
    subtags (:func:`l10n.langdata.tag_parts`: ``zh``, ``zh-Hans``, ``zh-CN`` and ``zh-Hans-CN``
    are one language; ``zh-TW`` another), when ``code`` is no alias (whose tag is the
    project's choice)."""
    if code in aliases:
        return []
    from l10n.langdata import tag_parts  # babel: only for a code whose catalogs are not found otherwise

    wanted = tag_parts(code)
    return [name for name in names if wanted is not None and (found := tag_parts(name)) is not None and found[:3] == wanted[:3]]


# -- spelling suggestions for language tags (issue 18) -------------------------------------------


def suggest_language(wrong: str) -> str | None:
    """The language code a user most likely meant by ``wrong``, or None.

    Tried in order: an English language name (``hindi`` → ``hi``), a country code the way people
    confuse them with language codes (``jp`` → ``ja``, the country's first official language in
    CLDR, via babel), and a close spelling of a name (``hindu`` → ``hi``).

    >>> suggest_language("Hindi"), suggest_language("jp"), suggest_language("germn"), suggest_language("zzzz")
    ('hi', 'ja', 'de', None)
    """
    folded = wrong.strip().casefold()
    by_name = {name.casefold(): code for code, (name, _) in LANGUAGES.items()}
    if folded in by_name:
        return by_name[folded]
    if len(folded) == 2 and folded.isalpha():
        from babel.languages import get_official_languages

        official = [code for code in get_official_languages(folded.upper()) if code in LANGUAGES]
        if official:
            return official[0]
    import difflib  # here: only a language no name matches needs it, not every run's start-up

    close = difflib.get_close_matches(folded, list(by_name), n=1, cutoff=0.8)
    return by_name[close[0]] if close else None


def find_config_file(root: Path) -> Path | None:
    """The configuration file in ``root`` (``pyproject.toml``, then ``l10n.toml``), or None. A
    FIFO, socket or device so named is returned too, for loading to refuse it in one line
    (read, it would block or never end; passed over, the defaults would run silently)."""
    for name in CONFIG_FILES:
        candidate = root / name
        if candidate.is_file() or (os.path.exists(candidate) and not candidate.is_dir()):
            return candidate
    return None


def pyproject_configures_l10n(path: Path | str) -> bool:
    """Whether the ``pyproject.toml`` at ``path`` holds a ``[tool.l10n]`` table (a plain text
    search: enough to tell an l10n project from another tool's file). False when it is missing
    or cannot be read."""
    try:
        with open_text(path, errors="replace") as handle:
            return "[tool.l10n" in handle.read()
    except OSError:
        return False


PROJECT_FOLDERS = ("source_notes", "locales")
"""The default source folder and the catalogs' folder: a folder holding one is a project that
runs on the defaults (no configuration file), never a folder inside another project."""


def holds_project_folders(subfolders: Iterable[str]) -> bool:
    """Whether a folder whose sub-folders are named ``subfolders`` is a project on l10n's
    defaults: it holds the default ``source_notes/`` or a ``locales/`` (:data:`PROJECT_FOLDERS`).
    The one rule for :func:`find_project_root` and for the walk of the notes, which leaves such
    a folder inside the source to its own project."""
    return any(name in PROJECT_FOLDERS for name in subfolders)


def find_project_root(start: Path) -> Path:
    """The project folder of a command run in ``start`` without ``-C``: ``start`` itself when
    it holds a configuration file (:func:`find_config_file`), the default ``source_notes/`` or
    a ``locales/`` folder (:func:`holds_project_folders`), or nothing is found above it,
    else the nearest folder above that holds ``l10n.toml`` or a ``pyproject.toml`` with a
    ``[tool.l10n]`` table (a ``pyproject.toml`` without one belongs to another tool, and the
    search goes on), or, with no configuration file at all, the default ``source_notes/``. The search stops at the first folder holding ``.git``, a repository's
    root, as git's own search for its repository does, so a project never reaches into the
    folders that hold its checkout. Never raises: a folder that cannot be read holds nothing."""
    if find_config_file(start) is not None or holds_project_folders(name for name in PROJECT_FOLDERS if (start / name).is_dir()):
        return start  # a project of its own: with a configuration, or run on the defaults
    here = start.absolute()
    for folder in (here, *here.parents):
        try:
            if folder != here and (folder / CONFIG_FILES[1]).is_file():
                return folder
            pyproject = folder / CONFIG_FILES[0]
            if folder != here and pyproject_configures_l10n(pyproject):
                return folder
            if folder != here and not pyproject.is_file() and (folder / "source_notes").is_dir():
                return folder  # a project on the defaults, run from its source_notes/ or deeper
            if (folder / ".git").exists():
                break
        except OSError:
            break
    return start


def _read_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(read_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ConfigError(f"cannot read: {why}", path) from None
    except tomllib.TOMLDecodeError as exc:
        message, line = _toml_error(exc, path)
        raise ConfigError(f"invalid TOML: {message}", path, line) from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("l10n", {})
        project = data.get("project", {}).get("name")
        if isinstance(project, str):
            table = {"__project__": project, **table}
        return dict(table)
    return dict(data.get("tool", {}).get("l10n", data))


def _toml_error(exc: ValueError, path: Path) -> tuple[str, int | None]:
    """tomllib's message without its position, and the line it names (``lineno`` from Python
    3.14; before, the message's ``(at line 3, column 1)``; ``(at end of document)``: the last
    line), so the error reads ``file:line: what`` as every other one."""
    text = str(exc)
    line = getattr(exc, "lineno", None)
    at = re.search(r" \(at line (\d+), column \d+\)$", text)
    if at:
        return text[: at.start()], line or int(at.group(1))
    if text.endswith(" (at end of document)"):
        try:
            last = len(read_text(path).splitlines()) or 1
        except (OSError, UnicodeDecodeError):
            last = None
        return text.removesuffix(" (at end of document)") + " at the end of the file", line or last
    return text, line


def _did_you_mean(name: str, valid: Sequence[str], listing: str = "valid") -> str:
    """``"; did you mean 'x'?"`` for the closest of ``valid``, else the list of ``valid`` values."""
    import difflib  # here: only a wrong setting needs it, not every run's start-up

    close = difflib.get_close_matches(name, list(valid), n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; {listing}: {', '.join(valid)}"


_TOML_KEY = re.compile(r"""\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
"""A key-value line's key (bare, quoted or dotted: TOML 1.0, "Keys")."""
_TOML_HEADER = re.compile(r"""\s*\[\[?\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*\]""")
"""A table's (or array of tables') header line: ``[tool.l10n.engines.openai]``."""


def _dotted(key: str) -> tuple[str, ...]:
    """A TOML key's parts, unquoted: ``tool . "l10n"`` -> ``("tool", "l10n")`` (escapes are
    not undone: a setting's name never needs one)."""
    parts = re.findall(r""""[^"]*"|'[^']*'|[A-Za-z0-9_-]+""", key)
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in parts)


def key_line(path: Path | None, key: str) -> int | None:
    """The 1-based line of the configuration file ``path`` where the setting ``key`` (dotted
    below ``[tool.l10n]``: ``languages``, ``engines.openai.url``) is written, or None.

    tomllib reports no positions for the values it returns, so the file's text is scanned:
    each table header (``[tool.l10n.engines.openai]``) and each ``key =`` line (dotted keys
    too), their full names compared with the setting's (TOML 1.0, "Table" and "Keys"). A
    setting written inside an inline table or an array is found at its nearest enclosing key
    that starts a line. In ``l10n.toml`` the settings may also stand at the top level."""
    if path is None:
        return None
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError):
        return None
    wanted = _dotted(key)
    prefixes = [("tool", "l10n")] + ([()] if path.name != "pyproject.toml" else [])
    targets = [prefix + wanted[:size] for size in range(len(wanted), 0, -1) for prefix in prefixes]
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = _TOML_HEADER.match(line)
        if header:
            table = _dotted(header.group(1))
            found.setdefault(table, number)
            continue
        pair = _TOML_KEY.match(line)
        if pair:
            found.setdefault(table + _dotted(pair.group(1)), number)
    return next((found[name] for name in targets if name in found), None)


@contextlib.contextmanager
def _at_key(path: Path | None, key: str) -> Iterator[None]:
    """Give a :class:`ConfigError` raised inside, which names no file and line (or the
    configuration file without a line), the configuration file and ``key``'s line there."""
    try:
        yield
    except ConfigError as exc:
        if path is None or exc.line is not None or exc.path not in (None, path):
            raise
        raise type(exc)(exc.message, path, key_line(path, key)) from None


def _check_types(table: dict[str, Any], path: Path) -> None:
    for key, value in table.items():
        if key == "__project__":
            continue
        if key not in _KEYS:
            hint = _did_you_mean(key, list(_KEYS), "valid keys")
            raise ConfigError(f"[tool.l10n]: unknown key {key!r}{hint}", path, key_line(path, key))
        expected = _KEYS[key]
        if key == "source" and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            continue  # several source folders
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise ConfigError(f"[tool.l10n]: {key!r} has the wrong type ({type(value).__name__})", path, key_line(path, key))


def _front_matter_keys(value: list[Any], origin: str, path: Path | None) -> tuple[str, ...]:
    """The ``front_matter_keys`` setting: a list of key names (strings); ConfigError otherwise."""
    wrong = [key for key in value if not isinstance(key, str) or not key]
    if wrong:
        raise ConfigError(
            f"{origin}front_matter_keys must list key names (strings), not {wrong[0]!r}", path, key_line(path, "front_matter_keys")
        )
    return tuple(value)


def _patterns(value: str | list[Any]) -> tuple[str, ...]:
    """The ``exclude`` setting as a tuple of patterns: one pattern written alone, or a list."""
    return (value,) if isinstance(value, str) else tuple(str(pattern) for pattern in value)


def load_config(root: Path | str = ".", overrides: dict[str, Any] | None = None) -> Config:
    """Read the configuration of the project in ``root``; ``overrides`` win over the file."""
    root = Path(root).resolve()
    path = find_config_file(root)
    table: dict[str, Any] = _read_table(path) if path else {}
    if path:
        _check_types(table, path)
    given = {key for key, value in (overrides or {}).items() if value is not None}
    for key in given:
        table[key] = (overrides or {})[key]

    def at(key: str) -> contextlib.AbstractContextManager[None]:
        """Errors of setting ``key`` name its line in the file (not when the command line gave it)."""
        return _at_key(None if key.split(".")[0] in given else path, key)

    origin = f"{path.name}: [tool.l10n] " if path else ""
    aliases = _language_aliases(table.get("language_aliases", {}), origin, path)
    # Codes stay as written: they name folders and files and go into front matter, where the
    # site generator looks for what the user configured; only babel, engines and catalog
    # headers get the BCP 47 form (Config.language_tag).
    with at("source_language"):
        source_language = checked_language(table.get("source_language", "en"), origin + "source_language", aliases)
    with at("languages"):
        languages = tuple(
            checked_language(str(tag), origin + "languages", aliases) for tag in table.get("languages", ["hi"])
        )
        same = [code if code in aliases else bcp47_tag(code) for code in languages]
        if len(set(same)) != len(same):
            raise ConfigError(f"{origin}languages lists a language twice: {list(languages)}", path)
        if not languages:  # every command would do nothing, and say nothing
            raise ConfigError(f"{origin}languages is empty: name the target languages (languages = [\"hi\"])", path)
    # The source language may be a target too: notes written in another language (told by their
    # front matter or file name) are translated into it, and a note never into its own language.
    # Spelt otherwise there ("EN", "en_us" beside "en_US"), it is still the source language: as
    # a code of its own it had notes translated into their own language (English into "EN").
    source_tag = _folded(aliases.get(source_language) or bcp47_tag(source_language))
    languages = tuple(
        source_language if _folded(aliases.get(code) or bcp47_tag(code)) == source_tag else code for code in languages
    )
    min_coverage = float(table.get("min_coverage", 0))
    if not 0 <= min_coverage <= 100:
        with at("min_coverage"):
            raise ConfigError(f"{origin}min_coverage must be between 0 and 100, got {min_coverage}", path)
    jobs = table.get("jobs")
    if jobs is not None and int(jobs) < 1:
        with at("jobs"):
            raise ConfigError(f"{origin}jobs must be at least 1, got {jobs}", path)
    output = str(table.get("output", "translated/{lang}"))
    if "{lang}" not in output:
        with at("output"):
            raise ConfigError(f"{origin}output must contain '{{lang}}', got {output!r}", path)
    from l10n.site.site_layout import resolve_layout  # the pattern language lives with the layouts

    with at("layout" if "layout" in table else "output"):
        layout = resolve_layout(table.get("layout"), output, origin, path)
    sources = table.get("source", "source_notes")
    # Lexical, not resolve(): a source folder that is a symbolic link keeps its own name, so
    # notes, the catalogs' references and links are named as the site generator sees them,
    # not by where the link leads (another checkout's absolute path).
    source_dirs = tuple(Path(os.path.normpath(root / str(s))) for s in (sources if isinstance(sources, list) else [sources]))
    source = source_dirs[0] if len(source_dirs) == 1 else Path(os.path.commonpath(source_dirs))
    front = table.get("set_front_matter", {})
    markdown = str(table.get("markdown", "auto"))
    try:
        preset = table.get("layout")
        dialect, guessed = resolve_dialect(markdown, root, preset if isinstance(preset, str) else None)
    except ValueError:
        hint = _did_you_mean(markdown, ["auto", *DIALECTS], "valid")
        with at("markdown"):
            raise ConfigError(f"{origin}markdown: unknown dialect {markdown!r}{hint}", path) from None
    batch_chars = table.get("mt_batch_characters")
    if batch_chars is not None and int(batch_chars) < 100:
        with at("mt_batch_characters"):
            raise ConfigError(f"{origin}mt_batch_characters must be at least 100, got {batch_chars}", path)
    constructs = table.get("markdown_constructs", {})
    for name, value in constructs.items():
        with at(f"markdown_constructs.{name}"):
            if name not in CONSTRUCTS:
                hint = _did_you_mean(name, CONSTRUCTS, "valid")
                raise ConfigError(f"{origin}markdown_constructs: unknown construct {name!r}{hint}", path)
            if not isinstance(value, bool):
                raise ConfigError(f"{origin}markdown_constructs: {name} must be true or false", path)
    code_shortcodes = table.get("code_shortcodes")
    shortcode_arguments = table.get("shortcode_arguments")
    on_source_change = str(table.get("on_source_change", "machine"))
    if on_source_change not in ON_SOURCE_CHANGE:
        hint = _did_you_mean(on_source_change, ON_SOURCE_CHANGE, "valid")
        with at("on_source_change"):
            raise ConfigError(f"{origin}on_source_change: unknown value {on_source_change!r}{hint}", path)
    with at("memory"):
        memory = _check_memory(table.get("memory"), origin, path)
    glossary = table.get("glossary", {})
    if isinstance(glossary, str):
        glossary = _load_glossary_file(root / glossary)
    if glossary:  # checked with the other settings, so that no command writes (prunes) before it fails
        from l10n.markdown.protect import Glossary  # only a project with a glossary loads it here

        for key, value in glossary.items():  # each part on its own, to name its line
            with at(f"glossary.{key}"):
                Glossary.from_config({key: value})
    max_note_bytes = int(table.get("max_note_bytes", 10_000_000))
    if max_note_bytes < 0:
        with at("max_note_bytes"):
            raise ConfigError(f"{origin}max_note_bytes must be 0 (no limit) or more, got {max_note_bytes}", path)
    _check_engine_values(table, origin, path)
    allow_outside = bool(table.get("allow_outside_project", False))
    if not allow_outside:
        _refuse_outside(root, origin, path, locales=str(table.get("locales", "locales")), output=output)
    locales = (root / str(table.get("locales", "locales"))).resolve()
    return Config(
        root=root,
        source=source,
        locales=locales,
        output=output,
        source_language=source_language,
        languages=languages,
        front_matter_keys=_front_matter_keys(table.get("front_matter_keys", list(Config.front_matter_keys)), origin, path),
        min_coverage=min_coverage,
        engine=str(table.get("engine", "google")),
        engine_url=table.get("engine_url"),
        model=table.get("model"),
        jobs=int(jobs) if jobs is not None else None,
        glossary=dict(glossary),
        project=str(table.get("project", table.get("__project__", UNNAMED_PROJECT))),
        project_named="project" in table or "__project__" in table,
        config_file=path,
        markdown=markdown,
        dialect=dialect,
        dialect_guessed=guessed,
        layout=layout,
        source_dirs=source_dirs if len(source_dirs) > 1 else (),
        exclude=_patterns(table.get("exclude", [])),
        language_aliases=aliases,
        catalog_folders=legacy_catalog_folders(locales, (source_language, *languages), aliases),
        rewrite_links=bool(table.get("rewrite_links", True)),
        set_front_matter=dict(front),
        translator_key=table.get("translator_key"),
        direction_key=table.get("direction_key"),
        mt_batch_characters=int(batch_chars) if batch_chars is not None else None,
        engines=_engine_tables(table.get("engines", {}), path, origin),
        markdown_constructs=tuple(sorted(constructs.items())),
        code_shortcodes=None if code_shortcodes is None else tuple(str(name) for name in code_shortcodes),
        shortcode_arguments=None if shortcode_arguments is None else tuple(str(name) for name in shortcode_arguments),
        max_note_bytes=max_note_bytes,
        allow_outside_project=allow_outside,
        on_source_change=on_source_change,
        memory=memory,
    )


def _language_aliases(table: dict[str, Any], origin: str, path: Path | None) -> dict[str, str]:
    """``[tool.l10n.language_aliases]``: each code (as used in paths) and its BCP 47 tag, validated."""
    aliases: dict[str, str] = {}
    for code, tag in table.items():
        if not isinstance(tag, str) or not code.strip() or "/" in code or code.startswith("."):
            raise ConfigError(
                f"{origin}language_aliases: {code!r} must map to a language tag string", path, key_line(path, f"language_aliases.{code}")
            )
        with _at_key(path, f"language_aliases.{code}"):
            aliases[code] = normalize_language(tag, f"{origin}language_aliases.{code}")
    return aliases


@dataclass(frozen=True)
class EngineSettings:
    """The server URL and model configured for one engine (None: the engine's own default)."""

    url: str | None = None
    model: str | None = None


_ENGINE_KEYS = ("url", "model")


def _check_engine_values(table: dict[str, Any], origin: str, path: Path | None) -> None:
    """Raise :class:`ConfigError` for an ``engine_url`` (or an engine table's ``url``) that is not
    an ``http://`` or ``https://`` URL with a host (every engine speaks HTTP: any other value
    failed only when the engine was used, and not at all under ``--engine-url``), or an empty
    ``model``. Checked whatever the command line overrides, as every setting is. Engine names
    are checked by every command (:func:`l10n.cli.app.chosen_engine` and the command line's
    configuration loading), not here: a name that is not built in loads the engine registry."""
    from urllib.parse import urlsplit

    engines = table.get("engines", {})
    places = [("", table)] + [(f"engines.{name}.", sub) for name, sub in engines.items() if isinstance(sub, dict)]
    for prefix, values in places:
        url = values.get("url" if prefix else "engine_url")
        if isinstance(url, str):  # (a value of another type is reported as such)
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                key = f"{prefix}url" if prefix else "engine_url"
                raise ConfigError(f"{origin}{key}: {url!r} is not an http:// or https:// URL", path, key_line(path, key))
        model = values.get("model")
        if isinstance(model, str) and not model.strip():
            raise ConfigError(f"{origin}{prefix}model must not be empty", path, key_line(path, f"{prefix}model"))


def _engine_tables(tables: dict[str, Any], path: Path | None, origin: str) -> dict[str, dict[str, str]]:
    checked: dict[str, dict[str, str]] = {}
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{origin}engines.{name} must be a table (url = ..., model = ...)", path, key_line(path, f"engines.{name}"))
        for key, value in table.items():
            if key not in _ENGINE_KEYS:
                hint = _did_you_mean(key, _ENGINE_KEYS, "valid keys")
                raise ConfigError(f"{origin}engines.{name}: unknown key {key!r}{hint}", path, key_line(path, f"engines.{name}.{key}"))
            if not isinstance(value, str):
                raise ConfigError(f"{origin}engines.{name}.{key} must be a string", path, key_line(path, f"engines.{name}.{key}"))
        checked[name] = dict(table)
    return checked


def engine_settings(config: Config, name: str) -> EngineSettings:
    """URL and model for engine ``name``: its ``[tool.l10n.engines.<name>]`` table first, then
    the top-level ``engine_url``/``model`` — but those only for the engine the configuration
    chooses (``engine``), so ``--engine libre`` is never sent the OpenAI server's URL."""
    table = config.engines.get(name, {})
    chosen = name == config.engine
    return EngineSettings(
        url=table.get("url") or (config.engine_url if chosen else None),
        model=table.get("model") or (config.model if chosen else None),
    )


def _check_memory(value: Any, origin: str, path: Path | None) -> str | None:
    """The ``memory`` setting, refused when its URL carries a password (files get committed) or
    names no memory backend."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    from l10n.mt.memory import check_memory_location  # only for a project that sets a memory

    check_memory_location(text, f"{origin}memory")
    if text.startswith(("postgresql://", "postgres://")):
        from urllib.parse import parse_qs, urlsplit

        split = urlsplit(text)
        if split.password is not None or "password" in parse_qs(split.query):
            raise ConfigError(
                f"{origin}memory: the URL holds a password; put the password in PGPASSWORD or ~/.pgpass, "
                "or the whole URL in the environment variable L10N_MEMORY_URL",
                path,
            )
    return text


def _refuse_outside(root: Path, origin: str, path: Path | None, **settings: str) -> None:
    """ConfigError when a folder l10n writes to (``locales``, ``output``) lies outside the
    project, through ``..``, an absolute path or a symlink; ``allow_outside_project`` allows it."""
    real_root = root.resolve()
    for key, value in settings.items():
        folder = (root / value.split("{lang}", 1)[0]).resolve()
        if folder != real_root and real_root not in folder.parents:
            raise ConfigError(
                f"{origin}{key} = {value!r} leads outside the project (to {folder}); "
                "set allow_outside_project = true to write there",
                path,
                key_line(path, key),
            )


def _load_glossary_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError("glossary file not found", path)
    try:
        data = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        message, line = _toml_error(exc, path)
        raise ConfigError(f"invalid glossary TOML: {message}", path, line) from None
    except UnicodeDecodeError as exc:  # issue 15: one line, not a traceback
        line = read_file(path)[: exc.start].count(b"\n") + 1
        raise ConfigError("the glossary is not valid UTF-8; save it as UTF-8", path, line) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the glossary: {exc.strerror or exc}", path) from None
    return dict(data.get("glossary", data))

