"""Where the translation memory is (:func:`memory_url`), and whether a SQLite memory there can
be read and written (:func:`check_memory_writable`), without opening it: what a command asks
before any work, kept apart from :mod:`l10n.mt.memory` so that asking costs no import of the
memory's classes (a no-op ``sync`` asks too)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.errors import ConfigError, L10nError
from l10n.store.access import Problem, read_problem, write_problem

if TYPE_CHECKING:
    from l10n.config import Config

MEMORY_FILE = ".l10n-memory.sqlite3"
MEMORY_URL_VARIABLE = "L10N_MEMORY_URL"
"""Environment variable with the memory's URL; it wins over the ``memory`` setting."""


def memory_url(config: Config) -> str:
    """The memory's location: :data:`MEMORY_URL_VARIABLE`, else the ``memory`` setting, else the
    SQLite file in the locales folder. A relative SQLite path is relative to the project root.
    Raises :class:`~l10n.errors.ConfigError` for a URL of an unknown scheme in the variable
    (:func:`check_memory_location`)."""
    url = os.environ.get(MEMORY_URL_VARIABLE, "").strip()
    check_memory_location(url, MEMORY_URL_VARIABLE)  # the memory setting was checked with the configuration
    url = url or (config.memory or "").strip()
    if not url:
        return str(config.locales / MEMORY_FILE)
    if is_postgres_url(url):
        return url
    path = Path(url.removeprefix("sqlite:///").removeprefix("sqlite://"))
    return str(path if path.is_absolute() else config.root / path)


_BACKENDS = ("postgresql", "postgres", "sqlite")
"""The URL schemes a memory location may have (any other location is a SQLite file path)."""


def check_memory_location(location: str, origin: str) -> None:
    """Raise :class:`~l10n.errors.ConfigError` (exit 2) when ``location`` is a URL whose scheme
    no memory backend has (``mysql://…``, ``Postgres://…``: schemes are matched as written, as
    :func:`is_postgres_url` does): it would otherwise be taken for a SQLite file path named like
    the URL, and a run would fill a new, empty memory there. ``origin`` names where it was given
    (``L10N_MEMORY_URL``, ``--to``). The message names the scheme only, never the URL (it may
    hold a password)."""
    scheme, found, _ = location.strip().partition("://")
    if found and scheme not in _BACKENDS and scheme[:1].isalpha() and all(c.isalnum() or c in "+.-" for c in scheme):
        raise ConfigError(
            f"{origin}: unknown memory backend {scheme!r}; give a SQLite file path (or sqlite:///path)"
            " or a postgresql:// URL"
        )


def is_postgres_url(url: str) -> bool:
    """True for ``postgresql://`` and ``postgres://`` URLs (libpq's two schemes)."""
    return url.startswith(("postgresql://", "postgres://"))


def check_memory_writable(config: Config) -> None:
    """Raise :class:`~l10n.errors.L10nError` as :func:`open_memory` would for a SQLite memory
    that cannot be read or written, without opening it (nothing is made or touched): a command
    that will write it (``sync``) says so before any work. A PostgreSQL memory is not asked."""
    url = memory_url(config)
    if is_postgres_url(url):
        return
    path = Path(url.removeprefix("sqlite:///").removeprefix("sqlite://"))
    check_readable(path)
    problem = write_problem(path)
    if problem is not None:
        raise cannot_write(path, problem)


def check_readable(path: Path) -> None:
    """Raise :class:`~l10n.errors.L10nError` when the memory file ``path`` exists and cannot be
    read, or is not a file (a folder)."""
    problem = read_problem(path)
    if problem is not None:
        raise L10nError(f"cannot read the translation memory: {problem.reason}", problem.path)
    if path.exists() and not path.is_file():
        raise L10nError("the translation memory is not a file", path)


def cannot_write(path: Path, problem: Problem) -> L10nError:
    """The error of a memory that cannot be written: the file, a side file or the folder named."""
    if problem.path == path:
        return L10nError(f"cannot write the translation memory: {problem.reason}", path)
    if problem.path.name.startswith(path.name):  # its -wal or -shm file
        return L10nError(f"cannot write the translation memory's {problem.path.name[len(path.name):]} file: {problem.reason}", problem.path)
    return L10nError(
        f"cannot write in the folder of the translation memory ({path.name}): {problem.reason}", problem.path
    )
