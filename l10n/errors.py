"""The exception hierarchy of l10n: every error a user can cause, with its location.

Messages read ``path:line: what; hint`` so that editors and CI logs can jump to the spot.
The CLI catches :class:`L10nError` only; anything else is a bug and shows a traceback.
"""

from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """Base class: a problem in the user's input, configuration or environment."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None) -> None:
        """``message`` about the file ``path`` (its ``line``, 1-based, when known). A message that
        already begins with the file's name (``l10n.toml: [tool.l10n] layout: …``, as the
        configuration's checks write them) keeps it once: the location prefix (``file:line:``)
        names the file."""
        self.path = Path(path) if path is not None else None
        if self.path is not None and message.startswith(self.path.name + ": "):
            message = message[len(self.path.name) + 2 :]
        self.message = message
        self.line = line
        super().__init__(self.location_prefix() + message)

    def relative_to(self, root: Path) -> str:
        """The message with the path shown relative to ``root`` when it lies inside it."""
        if self.path is None or not self.path.is_absolute():
            return str(self)
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            return str(self)
        return f"{shown}{':' + str(self.line) if self.line is not None else ''}: {self.message}"

    def location_prefix(self) -> str:
        if self.path is None:
            return ""
        if self.line is None:
            return f"{self.path}: "
        return f"{self.path}:{self.line}: "


class ConfigError(L10nError):
    """The ``[tool.l10n]`` table (or a command-line option) is invalid."""


class DocumentError(L10nError):
    """A note cannot be read or parsed (encoding, front matter, binary data)."""


class CatalogError(L10nError):
    """A PO/POT catalog cannot be read, is malformed, or cannot be written."""


class EngineError(L10nError):
    """A translation engine failed (network, authentication, quota, unsupported language)."""


class UnknownEngineError(ConfigError, EngineError):
    """An engine name that no registered engine has: a wrong ``--engine`` or ``engine`` value,
    so the command line exits 2 as for any :class:`ConfigError`; still an :class:`EngineError`
    for callers that catch those around :func:`l10n.mt.engines.get_engine`."""


class BuildError(L10nError):
    """A translated note cannot be written."""


class LockError(L10nError):
    """Another l10n run holds the project lock."""
