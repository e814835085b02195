"""Where a translated note goes: an output path pattern, named presets, and a note's language.

A layout is a path pattern relative to the project folder, with these fields:

==================  =================================================================================
field               value (for the note ``_notes/en/2025-09-12-topic-en.md`` translated into ``hi``,
                    ``source = "_notes"``)
==================  =================================================================================
``{lang}``          the target language's code as used in paths (an alias such as ``hant`` stays so): ``hi``
``{source}``        the source folder, relative to the project: ``_notes`` (empty when it is the project)
``{dir}``           the note's folder relative to the source folder: ``en``
``{lang_dir}``      the note's folder relative to the project, its first folder named after the note's
                    language replaced by ``{lang}``: ``_notes/hi``; with no such folder,
                    ``{source}/{lang}/{dir}``
``{collection_lang_dir}``  ``{lang_dir}``, except where the note's path has no folder named after its
                    language and its first ``_``-folder is a Jekyll collection (``_episodes``, or
                    ``my_collections/_episodes`` under ``collections_dir``; not
                    ``_posts`` or ``_drafts``, which Jekyll also reads inside a ``{lang}``
                    folder): ``{lang}`` goes inside it, ``_episodes/hi/…``, since Jekyll reads
                    other collections only at the site's root ("Collections", jekyllrb.com)
``{name}``          the file name without its extension: ``2025-09-12-topic-en``
``{stem}``          the same without its language suffix (``-en``, ``.en``): ``2025-09-12-topic``
``{lang_suffix}``   the suffix's separator and ``{lang}`` when the name had one, else empty: ``-hi``
``{ext}``           the extension with its dot: ``.md``
``{source_lang}``   the note's language code as its name tells it: ``en``
==================  =================================================================================

A language suffix or folder is one of the project's codes (``source_language`` and
``languages``), compared without regard to case or to ``_`` and ``-`` (``e.pt-br.md`` is in
``pt_BR``). ``{lang}`` is the code as configured, unless the site already spells it otherwise
where the page goes (:meth:`l10n.site.layout.Layout.output_rel`). Empty fields leave no empty folder behind
(``a//b`` reads ``a/b``).

Presets, each where that generator reads translations (its documentation in brackets):

=================  ===================================================================  ==========================================
``default``        ``translated/{lang}/{dir}/{stem}{lang_suffix}{ext}``                 l10n's own (``output`` sets its folder)
``jekyll``         ``{collection_lang_dir}/{stem}-{lang}{ext}``                         one folder per language in each collection
``hugo-dir``       ``{lang_dir}/{stem}{lang_suffix}{ext}``                              Hugo "Multilingual", translation by content directory
``hugo-suffix``    ``{source}/{dir}/{stem}.{lang}{ext}``                                Hugo "Multilingual", translation by file name
``mkdocs-suffix``  ``{source}/{dir}/{stem}.{lang}{ext}``                                mkdocs-static-i18n ``docs_structure: suffix``
``mkdocs-folder``  ``{lang_dir}/{stem}{lang_suffix}{ext}``                              mkdocs-static-i18n ``docs_structure: folder`` (``source`` = ``docs/<default locale>``)
``docusaurus``     ``i18n/{lang}/docusaurus-plugin-content-docs/current/{dir}/{name}{ext}``  Docusaurus "i18n" (``source`` = the docs folder)
=================  ===================================================================  ==========================================
"""

from __future__ import annotations

import functools
import posixpath
import re
import string
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError

PRESETS: dict[str, str] = {
    "default": "translated/{lang}/{dir}/{stem}{lang_suffix}{ext}",
    "jekyll": "{collection_lang_dir}/{stem}-{lang}{ext}",
    "hugo-dir": "{lang_dir}/{stem}{lang_suffix}{ext}",
    "hugo-suffix": "{source}/{dir}/{stem}.{lang}{ext}",
    "mkdocs-suffix": "{source}/{dir}/{stem}.{lang}{ext}",
    "mkdocs-folder": "{lang_dir}/{stem}{lang_suffix}{ext}",
    "docusaurus": "i18n/{lang}/docusaurus-plugin-content-docs/current/{dir}/{name}{ext}",
}
"""Named layouts (see the module documentation)."""

FIELDS = ("lang", "source", "dir", "lang_dir", "collection_lang_dir", "name", "stem", "lang_suffix", "ext", "source_lang")
"""Every field a layout pattern may use."""

_SEPARATORS = "-."


def resolve_layout(layout: Any, output: str, origin: str = "", config_file: Path | None = None) -> str:
    """The pattern of a ``layout`` setting (a preset name or a pattern); ``None`` or
    ``"default"`` gives the default preset in the folder ``output`` names
    (``translated/{lang}`` unless set), or ``output`` itself when it is a whole path pattern (it
    uses fields besides ``{lang}``): naming the default layout never drops ``output``.

    Raises :class:`~l10n.errors.ConfigError` for an unknown field or preset, a pattern without
    ``{lang}`` (every language would write the same file) or one that leaves the project.
    """
    if layout is None or layout == "default":
        fields = {name for _, name, _, _ in string.Formatter().parse(output) if name}
        if fields - {"lang"} or output.endswith(".md"):
            layout = output  # a whole path (``content/{name}.{lang}.md``), not a folder
        else:
            return output.rstrip("/") + "/{dir}/{stem}{lang_suffix}{ext}"
    text = str(layout)
    if text in PRESETS:
        return PRESETS[text]
    if "{" not in text:
        import difflib

        close = difflib.get_close_matches(text, list(PRESETS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; presets: {', '.join(PRESETS)}"
        raise ConfigError(f"{origin}layout: unknown preset {text!r}{hint}", config_file)
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise ConfigError(f"{origin}layout: bad pattern {text!r} ({exc})", config_file) from None
    unknown = sorted(names - set(FIELDS))
    if unknown:
        raise ConfigError(f"{origin}layout: unknown field {{{unknown[0]}}}; fields: {', '.join(FIELDS)}", config_file)
    if not names & {"lang", "lang_dir", "collection_lang_dir"}:
        raise ConfigError(f"{origin}layout must contain {{lang}}, {{lang_dir}} or {{collection_lang_dir}}, got {text!r}", config_file)
    if text.startswith("/") or ".." in text.split("/"):
        raise ConfigError(f"{origin}layout must stay inside the project, got {text!r}", config_file)
    return text


def folded_code(code: str) -> str:
    """A language code as codes are compared: without case (BCP 47 tags are case-insensitive,
    RFC 5646 §2.1.1) and with ``_`` read as ``-`` (POSIX and gettext locale names write
    ``pt_BR``, BCP 47 ``pt-BR``, Hugo ``pt-br``).

    >>> folded_code("pt_BR") == folded_code("pt-br") == folded_code("PT-BR")
    True
    """
    return code.strip().replace("_", "-").lower()


def spelt_any_way(code: str) -> str:
    """A regular expression matching ``code`` however spelt (case aside: the caller's flag)."""
    return "[-_]".join(re.escape(part) for part in re.split("[-_]", code))


@functools.lru_cache(maxsize=64)
def _code_pattern(codes: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(spelt_any_way(c) for c in sorted(codes, key=len, reverse=True))
    return re.compile(rf"([{re.escape(_SEPARATORS)}])({alternatives})$", re.IGNORECASE)


def _canonical(code: str, codes: Sequence[str]) -> str:
    return _lowered(tuple(codes)).get(folded_code(code), code)


def split_language_suffix(stem: str, codes: Sequence[str]) -> tuple[str, str, str] | None:
    """``("post", "-", "en")`` for ``post-en`` when ``en`` is one of ``codes``, however spelt
    (:func:`folded_code`); the code as ``codes`` spell it. ``None`` without.

    >>> split_language_suffix("2025-09-12-topic-EN", ("en", "zh"))
    ('2025-09-12-topic', '-', 'en')
    >>> split_language_suffix("e.pt-br", ("en", "pt_BR"))
    ('e', '.', 'pt_BR')
    >>> split_language_suffix("index.fr", ("en", "fr"))
    ('index', '.', 'fr')
    >>> split_language_suffix("getting-started", ("en",)) is None
    True
    """
    match = _code_pattern(tuple(codes)).search(stem)
    if not match or match.start() == 0:
        return None
    return stem[: match.start()], match.group(1), _canonical(match.group(2), codes)


def name_language(rel: str, codes: Sequence[str], default: str) -> str:
    """The language a note's name tells: its suffix (``-zh.md``), else the first folder named
    after a language (``content/ja/…``), else ``default``. ``rel`` is a POSIX path."""
    folder, _, name = rel.rpartition("/")
    split = split_language_suffix(posixpath.splitext(name)[0], codes)
    if split:
        return split[2]
    if not folder:
        return default
    lowered = _lowered(tuple(codes))
    for part in folder.split("/"):
        known = lowered.get(folded_code(part))
        if known is not None:
            return known
    return default


@functools.lru_cache(maxsize=16)
def _lowered(codes: tuple[str, ...]) -> dict[str, str]:
    """Each of ``codes`` by its :func:`folded_code` (the first of two that fold alike)."""
    found: dict[str, str] = {}
    for code in codes:
        found.setdefault(folded_code(code), code)
    return found


def output_rel(pattern: str, source_rel: str, note_rel: str, lang: str, codes: Sequence[str], default: str) -> str:
    """The project-relative POSIX path of ``note_rel`` (relative to the source folder, itself at
    ``source_rel`` in the project, ``""`` for the project) translated into ``lang``.

    >>> output_rel(PRESETS["jekyll"], "_notes", "en/2025-09-12-topic-en.md", "hant", ("en", "hant"), "en")
    '_notes/hant/2025-09-12-topic-hant.md'
    >>> output_rel(PRESETS["jekyll"], "", "_episodes/01-intro.md", "hi", ("en", "hi"), "en")
    '_episodes/hi/01-intro-hi.md'
    >>> output_rel(PRESETS["jekyll"], "", "_posts/2025-09-12-topic.md", "hi", ("en", "hi"), "en")
    'hi/_posts/2025-09-12-topic-hi.md'
    >>> output_rel(PRESETS["jekyll"], "my_collections", "_articles/a.md", "hi", ("en", "hi"), "en")
    'my_collections/_articles/hi/a-hi.md'
    >>> output_rel(PRESETS["hugo-suffix"], "content", "posts/intro.md", "hi", ("en", "hi"), "en")
    'content/posts/intro.hi.md'
    """
    folder, _, filename = note_rel.rpartition("/")
    name, ext = posixpath.splitext(filename)
    split = split_language_suffix(name, codes)
    stem, lang_suffix = (split[0], split[1] + lang) if split else (name, "")
    note_lang = split[2] if split else name_language(note_rel, codes, default)
    fields = {
        "lang": lang,
        "source": source_rel,
        "dir": folder,
        "lang_dir": _lang_dir(source_rel, folder, note_lang, lang) if "{lang_dir}" in pattern else "",
        "collection_lang_dir": (
            _lang_dir(source_rel, folder, note_lang, lang, collections=True) if "{collection_lang_dir}" in pattern else ""
        ),
        "name": name,
        "stem": stem,
        "lang_suffix": lang_suffix,
        "ext": ext,
        "source_lang": note_lang,
    }
    path = pattern.format(**fields)
    return "/".join(part for part in path.split("/") if part and part != ".")


_READ_IN_SUBFOLDERS = ("_posts", "_drafts")
"""Jekyll's folders it also reads inside another folder (``hi/_posts/…``: posts of category ``hi``)."""


def _lang_dir(source_rel: str, folder: str, note_lang: str, lang: str, collections: bool = False) -> str:
    """``{lang_dir}`` (``collections``: ``{collection_lang_dir}``) of the note in ``folder``."""
    full = [p for p in (source_rel + "/" + folder).split("/") if p]
    for index, part in enumerate(full):
        if folded_code(part) == folded_code(note_lang):
            return "/".join([*full[:index], lang, *full[index + 1 :]])
    if collections:
        # the first _-folder is the collection (<collections_dir>/_<label>: Jekyll reads it
        # nowhere else); _posts and _drafts are also read inside a {lang} folder before them
        first = next((index for index, part in enumerate(full) if part.startswith("_")), None)
        if first is not None and full[first] not in _READ_IN_SUBFOLDERS:
            return "/".join([*full[: first + 1], lang, *full[first + 1 :]])
    return "/".join(p for p in (source_rel, lang, folder) if p)


def literal_prefix(pattern: str) -> str:
    """The folder part of ``pattern`` before its first field (``translated`` for the default)."""
    head = pattern.split("{", 1)[0]
    return head.rpartition("/")[0]
