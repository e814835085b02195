"""l10n: localize Markdown notes through gettext PO catalogs, byte-exact and link-safe."""

from __future__ import annotations

__version__ = "0.1.0"
