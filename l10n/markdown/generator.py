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
``hugo.toml|yaml|json``, ``config.toml|yaml`` + content/  ``hugo``
``mkdocs.yml`` / ``mkdocs.yaml``                          ``mkdocs``
``docusaurus.config.{js,ts,mjs,cjs}``                      ``docusaurus``
``.vitepress/`` (at the root or in ``docs/``)              ``vitepress``
``book.toml``                                              ``mdbook``
anything else                                              ``gfm``
========================================================  ============

Where no generator's file is found, a ``layout`` preset names the generator (``jekyll`` →
``kramdown``, ``hugo-dir``/``hugo-suffix`` → ``hugo``, ``mkdocs-suffix`` → ``mkdocs``,
``docusaurus`` → ``docusaurus``); only without one is the dialect a guess (``gfm``).

Sources: each generator's documentation of its configuration file (Jekyll "Configuration",
Hugo "Configure Hugo", MkDocs "Configuration", Docusaurus "docusaurus.config.js", VitePress
"Site Config", mdBook "Configuration").
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

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
    ("docusaurus", ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs")),
    ("vitepress", (".vitepress", "docs/.vitepress", "src/.vitepress")),
    ("mdbook", ("book.toml",)),
    ("hugo", ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")),
    ("kramdown", ("_config.yml", "_config.yaml", "_config.toml")),
)
# Hugo before 0.110 read config.toml/config.yaml; such a file names Hugo only beside a content/ folder.
_OLD_HUGO_CONFIGS = ("config.toml", "config.yaml", "config.yml", "config.json")


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
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "attr_list" in handle.read()
    except OSError:
        return False
