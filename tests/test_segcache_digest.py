"""A note's bytes are hashed once per read (session 14): the run state's digest of the file
(:func:`l10n.store.state.bytes_digest`) is the segmentation cache's text key too when the file
has no BOM, and with a BOM the key is the digest of the bytes after it, so the cache serves
both kinds of note and never a text it was not made from."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import pipeline
from l10n.config import load_config
from l10n.markdown.segment import decode_note
from l10n.site.layout import discover_notes
from l10n.store import cachedb, segcache, state
from tests.conftest import Runner

NOTE = "---\ntitle: T\n---\n\n# Head\n\nSome *text* with `code`, ünïcödé and 😀.\n"


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0")), st.booleans())
def test_the_text_digest_is_that_of_the_file_less_its_bom(text: str, bom: bool) -> None:
    data = ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")
    decoded, had_bom = decode_note(data)
    assert had_bom == bom or (not bom and text.startswith("\ufeff"))
    assert segcache.text_digest(decoded) == state.bytes_digest(data[3:] if had_bom else data)


def _keys(root: Path) -> dict[str, str]:
    cachedb.close()
    with sqlite3.connect(root / "locales" / cachedb.CACHE_NAME) as db:
        return dict(db.execute("SELECT note, config FROM segmentation"))


@pytest.mark.parametrize("bom", [False, True])
def test_the_cache_key_is_the_read_bytes_digest_and_serves_the_next_build(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch, bom: bool
) -> None:
    data = ("\ufeff" + NOTE if bom else NOTE).encode("utf-8")
    root = project({"a-en.md": data})
    assert l10n(root, "extract").exit_code == 0
    key = _keys(root)["a-en.md"]
    assert key.endswith(f"|{state.bytes_digest(data[3:] if bom else data)}")  # not a second digest
    config = load_config(root)
    (note,) = discover_notes(config)
    monkeypatch.setattr(pipeline, "parse_note", lambda *args, **kwargs: pytest.fail("parsed again"))
    doc = pipeline.load_note(config, note, use_cache=True)
    assert doc.bom is bom and doc.source == NOTE
    # the same size with other bytes and the modification time put back: the key tells
    info = note.path.stat()
    note.path.write_bytes(data.replace(b"Head", b"Hxad"))
    os.utime(note.path, ns=(info.st_atime_ns, info.st_mtime_ns))
    monkeypatch.undo()
    assert pipeline.load_note(config, note, use_cache=True).source == NOTE.replace("Head", "Hxad")
