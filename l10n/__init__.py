"""l10n: localize Markdown notes through gettext PO catalogs, byte-exact and link-safe.

The stable library API is :data:`__all__`; each name is imported on first use (PEP 562 module
``__getattr__``), so ``import l10n`` stays cheap and a command pays only for what it uses.

>>> import l10n
>>> doc = l10n.read_note(b"# Caching\\n\\nKeep it *short*.\\n")
>>> [(s.kind.value, s.text, s.start, s.end) for s in doc.segments]
[('heading', 'Caching', 2, 9), ('paragraph', 'Keep it *short*.', 11, 27)]
>>> template = l10n.make_template(doc, "note-en.md", "demo", "2025-01-01 00:00+0000")
>>> catalog = l10n.merge(template, None, "hi", "demo", "2025-01-01 00:00+0000")
>>> engine = l10n.get_engine("pseudo")
>>> for entry in catalog:
...     entry.msgstr = engine.translate([entry.msgid], source="en", target="hi")[0]
>>> print(l10n.translate_document(doc, {(e.msgctxt, e.msgid): e.msgstr for e in catalog}, "hi"), end="")
# [Çááçĥííñĝ]
<BLANKLINE>
[Ķééééþ ííţ *šĥóóŕţ*.]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it; the one table both __getattr__ and type checkers follow.
_API = {
    # configuration and where files go
    "Config": "l10n.config",
    "load_config": "l10n.config",
    "Layout": "l10n.site.layout",
    "Note": "l10n.site.layout",
    "select_notes": "l10n.site.layout",
    # read and segment a note
    "Document": "l10n.markdown.document",
    "Segment": "l10n.markdown.document",
    "SegmentKind": "l10n.markdown.document",
    "read_note": "l10n.markdown.segment",
    "parse_note": "l10n.markdown.segment",
    # catalogs
    "Catalog": "l10n.po.catalog",
    "load_catalog": "l10n.po.catalog",
    "make_template": "l10n.po.merge",
    "merge": "l10n.po.merge",
    # translate and build
    "translate_document": "l10n.pipeline",
    "build_note": "l10n.pipeline",
    "extract_note": "l10n.pipeline",
    "translate_texts": "l10n.mt.batch",
    "get_engine": "l10n.mt.engines",
    "Engine": "l10n.mt.engines.base",
    # translation memory
    "Memory": "l10n.mt.memory",
    "memory_from_url": "l10n.mt.memory",
    "open_memory": "l10n.mt.memory",
    # errors
    "L10nError": "l10n.errors",
    "ConfigError": "l10n.errors",
    "DocumentError": "l10n.errors",
    "CatalogError": "l10n.errors",
    "EngineError": "l10n.errors",
    "BuildError": "l10n.errors",
}

__all__ = [
    "BuildError",
    "Catalog",
    "CatalogError",
    "Config",
    "ConfigError",
    "Document",
    "DocumentError",
    "Engine",
    "EngineError",
    "L10nError",
    "Layout",
    "Memory",
    "Note",
    "Segment",
    "SegmentKind",
    "build_note",
    "extract_note",
    "get_engine",
    "load_catalog",
    "load_config",
    "make_template",
    "memory_from_url",
    "merge",
    "open_memory",
    "parse_note",
    "read_note",
    "select_notes",
    "translate_document",
    "translate_texts",
]
"""The stable library API (each name also a key of the lazy-import table above)."""

if TYPE_CHECKING:
    from l10n.config import Config, load_config
    from l10n.errors import BuildError, CatalogError, ConfigError, DocumentError, EngineError, L10nError
    from l10n.markdown.document import Document, Segment, SegmentKind
    from l10n.markdown.segment import parse_note, read_note
    from l10n.mt.batch import translate_texts
    from l10n.mt.engines import get_engine
    from l10n.mt.engines.base import Engine
    from l10n.mt.memory import Memory, memory_from_url, open_memory
    from l10n.pipeline import build_note, extract_note, translate_document
    from l10n.po.catalog import Catalog, load_catalog
    from l10n.po.merge import make_template, merge
    from l10n.site.layout import Layout, Note, select_notes


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'l10n' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
