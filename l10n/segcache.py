"""Parse once: a cache of each note's segmentation, so ``build`` need not parse Markdown again.

``extract`` parses a note and stores where its segments are (offsets, kinds, prefixes) in
``locales/.l10n-cache/<note>.json``; ``build`` reads that instead of running markdown-it, when
the note's size and modification time and the settings that shape segments are unchanged. It is
plain JSON (never pickle: a cache file in a shared repository must not be able to run code) and
any doubt — a missing, damaged or stale file — means parsing the note as usual.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from l10n.config import Config
from l10n.document import Document, Segment, SegmentKind, Style
from l10n.errors import L10nError
from l10n.frontmatter import FrontMatter
from l10n.fsutil import atomic_write, read_bytes_if_exists
from l10n.layout import Note
from l10n.state import config_fingerprint

CACHE_DIR = ".l10n-cache"
_VERSION = 1


def cache_path(config: Config, note: Note) -> Path:
    return config.locales / CACHE_DIR / note.rel.with_suffix(".json")


def _stamp(path: Path) -> list[int]:
    info = os.stat(path)
    return [info.st_size, info.st_mtime_ns]


def store(config: Config, note: Note, doc: Document) -> None:
    """Remember ``doc``'s segmentation for ``note``; failing to do so costs only speed."""
    fm = doc.front_matter
    data = {
        "version": _VERSION,
        "config": config_fingerprint(config),
        "stamp": _stamp(note.path),
        "bom": doc.bom,
        "front_matter": None
        if fm is None
        else [fm.start, fm.end, fm.body_start, fm.body_end, fm.eol, fm.first_line],
        "references": doc.references,
        "segments": [
            [s.text, s.kind.value, s.line, s.start, s.end, s.context, list(s.line_prefixes), s.eol, s.style.value,
             s.escape_pipes]
            for s in doc.segments
        ],
    }
    encoded = json.dumps(data, ensure_ascii=False).encode("utf-8")
    path = cache_path(config, note)
    with contextlib.suppress(L10nError, OSError):
        if read_bytes_if_exists(path) != encoded:
            atomic_write(path, encoded, durable=False)


def load(config: Config, note: Note, source: str) -> Document | None:
    """The cached segmentation of ``note`` over its decoded ``source``, or None."""
    try:
        data: dict[str, Any] = json.loads(cache_path(config, note).read_bytes())
        if (
            data.get("version") != _VERSION
            or data.get("stamp") != _stamp(note.path)
            or data.get("config") != config_fingerprint(config)
        ):
            return None
        fm = data["front_matter"]
        segments = [
            Segment(
                text=text,
                kind=SegmentKind(kind),
                line=line,
                start=start,
                end=end,
                context=context,
                line_prefixes=tuple(prefixes),
                eol=eol,
                style=Style(style),
                escape_pipes=escape_pipes,
            )
            for text, kind, line, start, end, context, prefixes, eol, style, escape_pipes in data["segments"]
        ]
        if any(s.end > len(source) for s in segments):
            return None
        return Document(
            source=source,
            segments=segments,
            bom=bool(data["bom"]),
            front_matter=None if fm is None else FrontMatter(fm[0], fm[1], fm[2], fm[3], {}, fm[4], fm[5]),
            references=dict(data["references"]),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
