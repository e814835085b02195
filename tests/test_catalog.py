"""Catalogs: templates from documents, validation, saving, msgfmt's approval."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from l10n.errors import CatalogError
from l10n.markdown.segment import read_note
from l10n.po.catalog import Catalog
from l10n.po.merge import make_template, merge, signature
from l10n.po.writer import render_po
from tests.conftest import require_tool

NOTE = b"""---
title: Same
description: Same
---

# Same

Same

- Same
- Other with `code` and [link](https://x.example)
"""



def template() -> polib.POFile:
    doc = read_note(NOTE, "note.md")
    return make_template(doc, "source_notes/note.md", "demo", "2026-01-01 00:00+0000")


def test_template_merges_duplicates_and_keeps_front_matter_apart() -> None:
    pot = template()
    keys = [(e.msgctxt, e.msgid) for e in pot]
    assert keys == [
        ("front-matter:title", "Same"),
        ("front-matter:description", "Same"),
        (None, "Same"),
        (None, "Other with `code` and [link](https://x.example)"),
    ]
    same = pot[2]
    assert same.occurrences == [("source_notes/note.md", "6"), ("source_notes/note.md", "8"), ("source_notes/note.md", "10")]
    assert same.comment == "heading, paragraph, list item"


def test_written_po_is_exact_gettext_text(tmp_path: Path) -> None:
    po = merge(template(), None, "hi", "demo", "2026-01-01 00:00+0000")
    text = render_po(po)
    assert '"Language: hi\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in text
    assert '#. front matter\n#: source_notes/note.md:2\nmsgctxt "front-matter:title"\nmsgid "Same"\nmsgstr ""\n' in text


@pytest.mark.parametrize("lang", ["hi", "ar", "zh-CN", "pt-BR", "ru"])
def test_msgfmt_accepts_catalogs_and_templates(tmp_path: Path, lang: str) -> None:
    pot = template()
    po = merge(pot, None, lang, "demo", "2026-01-01 00:00+0000")
    for entry in po:
        entry.msgstr = "50% off \u2028 “quoted” \\ back\tslash"
    for name, catalog in (("t.pot", pot), ("c.po", po)):
        path = tmp_path / name
        path.write_text(render_po(catalog), encoding="utf-8")
        result = subprocess.run([require_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_u2028_survives_save_and_load(tmp_path: Path) -> None:
    po = merge(template(), None, "hi", "demo", "2026-01-01 00:00+0000")
    po[0].msgstr = "line\u2028separator"
    path = tmp_path / "x.po"
    Catalog(po).save(path)
    assert Catalog.load(path)[("front-matter:title", "Same")].msgstr == "line\u2028separator"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "unterminated\n', 5, "unterminated"),
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', None, "duplicate"),
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "x" junk\n', 5, "unterminated"),
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgwhat "x"\n', None, "syntax error"),
    ],
    ids=["unterminated", "duplicate", "junk-after-string", "unknown-keyword"],
)
def test_bad_catalogs_are_rejected_with_their_line(tmp_path: Path, text: str, line: int | None, message: str) -> None:
    path = tmp_path / "bad.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        Catalog.load(path)
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))
    if line is not None:
        assert info.value.line == line


def test_missing_catalog_is_an_error_not_text(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not found"):
        Catalog.load(tmp_path / "missing.po")


def test_merge_keeps_work_and_marks_changes() -> None:
    old = merge(template(), None, "hi", "demo", "2026-01-01 00:00+0000")
    old_catalog = Catalog(old)
    old_catalog[(None, "Same")].msgstr = "वही"
    old_catalog[(None, "Other with `code` and [link](https://x.example)")].msgstr = "अन्य `code` [लिंक](https://x.example)"
    changed = read_note(NOTE.replace(b"- Other with", b"- Another with").replace(b"# Same", b"# New"), "note.md")
    new_pot = make_template(changed, "source_notes/note.md", "demo", "2026-01-02 00:00+0000")
    merged = Catalog(merge(new_pot, old_catalog, "hi", "demo", "2026-01-02 00:00+0000"))
    assert merged[(None, "Same")].msgstr == "वही" and not merged[(None, "Same")].fuzzy
    moved = merged[(None, "Another with `code` and [link](https://x.example)")]
    assert moved.fuzzy and moved.previous_msgid == "Other with `code` and [link](https://x.example)"
    assert merged.lookup(moved_key := (None, moved.msgid)) is None  # stale fuzzy is not published
    assert moved_key in merged
    assert merged[(None, "New")].msgstr == ""


def test_signature_ignores_dates() -> None:
    a = merge(template(), None, "hi", "demo", "2026-01-01 00:00+0000")
    b = merge(template(), None, "hi", "demo", "2027-05-05 10:00+0000")
    assert signature(a) == signature(b)


def _polib_text(po: polib.POFile) -> str:
    po.wrapwidth = 0
    text = str(po)
    return text if text.endswith("\n") else text + "\n"


def test_our_writer_equals_polib_no_wrap() -> None:
    po = polib.POFile(wrapwidth=0)
    po.header = "Line one\n\n,odd\n:colon"
    po.metadata = {"Language": "hi", "X-A": "b", "Content-Type": "text/plain; charset=UTF-8"}
    po.metadata_is_fuzzy = True
    po.append(polib.POEntry(
        msgid='a\nb\u2028c"q\\', msgstr="x\ty", msgctxt="ctx", tcomment="t1\nt2", comment="c",
        occurrences=[("p.md", "3"), ("q.md", "")], flags=["fuzzy", "python-format"],
        previous_msgid="old\nline", previous_msgctxt="pc",
    ))
    po.append(polib.POEntry(msgid="gone", msgstr="गया", obsolete=True, tcomment="tc", flags=["fuzzy"], previous_msgid="o"))
    po.append(polib.POEntry(msgid="", msgstr="", msgctxt="front-matter:title"))
    assert render_po(po) == _polib_text(po)
    assert render_po(polib.POFile()) == _polib_text(polib.POFile())


def test_our_writer_equals_polib_on_corpus_catalogs() -> None:
    from tests.conftest import CORPUS

    for path in sorted(CORPUS.rglob("*.md")):
        doc = read_note(path.read_bytes(), path.name)
        pot = make_template(doc, path.name, "demo", "2026-01-01 00:00+0000")
        po = merge(pot, None, "hi", "demo", "2026-01-01 00:00+0000")
        for entry in list(po)[::3]:
            entry.msgstr, entry.flags, entry.tcomment = entry.msgid.upper(), ["fuzzy"], "mt: pseudo 2026-01-01"
        for catalog in (pot, po):
            assert render_po(catalog) == _polib_text(catalog), path


def test_fast_reader_reads_what_tools_write_like_polib(tmp_path: Path) -> None:
    from l10n.po.scan import _parse_translations, read_translations
    from tests.conftest import CORPUS

    for index, path in enumerate(sorted(CORPUS.rglob("*.md"))):
        pot = make_template(read_note(path.read_bytes(), path.name), path.name, "demo", "2026-01-01 00:00+0000")
        po = merge(pot, None, "hi", "demo", "2026-01-01 00:00+0000")
        entries = list(po)
        for n, entry in enumerate(entries):
            if n % 3 == 0:
                entry.msgstr = f"अनुवाद {entry.msgid}\nline"
            if n % 4 == 0:
                entry.flags.append("fuzzy")
            if n % 5 == 0:
                entry.previous_msgid = "older text"
            if n % 7 == 0:
                entry.tcomment = "mt: pseudo 2026-01-01\nsecond"
        po.append(polib.POEntry(msgid="gone", msgstr="गया", obsolete=True, flags=["fuzzy"], previous_msgid="old"))
        target = tmp_path / f"{index}.po"
        text = render_po(po)
        target.write_text(text.replace("\n", "\r\n") if index % 2 else text, encoding="utf-8")
        fast = _parse_translations(target.read_text(encoding="utf-8"))  # no fallback needed
        catalog = Catalog.load(target)
        assert fast.published == catalog.translations()
        assert fast.coverage == catalog.coverage()
        assert read_translations(target) == fast


def test_a_new_catalog_renders_its_entries_like_its_template() -> None:
    from l10n.po.merge import render_new_catalog
    from l10n.po.writer import render_entries
    from tests.conftest import CORPUS

    for path in sorted(CORPUS.rglob("*.md")):
        pot = make_template(read_note(path.read_bytes(), path.name), path.name, "demo", "2026-01-01 00:00+0000")
        po = merge(pot, None, "hi", "demo", "2026-01-01 00:00+0000")
        assert render_po(po, render_entries(pot)) == render_po(po) == str(po) + ("" if str(po).endswith("\n") else "\n")
        text, coverage = render_new_catalog(pot, render_entries(pot), "hi", "demo", "2026-01-01 00:00+0000")
        assert text == render_po(po)
        assert coverage == Catalog(po).coverage()
