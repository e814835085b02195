"""Templates and new catalogs written from entry tuples (no polib entries) say byte for byte
what the polib path wrote: the path extract took before, kept here as the reference."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.markdown.document import Document
from l10n.markdown.segment import read_note
from l10n.po.merge import (
    _TEMPLATE_HEADER,
    SOURCE_LANGUAGE,
    header,
    make_template,
    merge,
    new_catalog_parts,
    signature,
    template_entries,
    template_head,
    template_with_entries,
)
from l10n.po.writer import TemplateEntry, _entry_lines, po_parts, render_entries, render_po, render_template_entries
from tests.conftest import DATA

SHARED = Path("/work/shared/corpus")
STAMP = "2026-01-01 00:00+0000"


def reference_template(doc: Document, reference: str, project: str, created: str) -> polib.POFile:
    """``make_template`` as it was before entry tuples: a polib entry per distinct segment."""
    po = polib.POFile(wrapwidth=0, check_for_duplicates=False)
    po.header = _TEMPLATE_HEADER.format(reference=reference)
    po.metadata = header(project, None, created)
    po.metadata_is_fuzzy = True
    entries: dict[object, polib.POEntry] = {}
    for segment in doc.segments:
        entry = entries.get(segment.key)
        occurrence = (reference, str(segment.line))
        if entry is None:
            entry = polib.POEntry(
                msgid=segment.text, msgstr="", msgctxt=segment.context, occurrences=[occurrence], comment=segment.kind.value
            )
            entries[segment.key] = entry
            po.append(entry)
        else:
            if occurrence not in entry.occurrences:  # a repeat on one line: one reference, as gettext writes it
                entry.occurrences.append(occurrence)
            kinds = entry.comment.split(", ")
            if segment.kind.value not in kinds:
                entry.comment = ", ".join([*kinds, segment.kind.value])
    return po


def check_note(path: Path) -> None:
    """Both paths on one note, as ``extract_note`` writes its template and a new catalog."""
    doc = read_note(path.read_bytes(), path.name)
    reference = f"source_notes/{path.name}"
    old = reference_template(doc, reference, "demo", STAMP)
    old.metadata[SOURCE_LANGUAGE] = "en"
    old_blocks = render_entries(old)

    head, entries = template_head(reference, "demo", STAMP), template_entries(doc, reference)
    head.metadata[SOURCE_LANGUAGE] = "en"
    blocks = render_template_entries(entries)
    assert blocks == old_blocks, path
    assert "".join(po_parts(head, blocks)) == "".join(po_parts(old, old_blocks)) == render_po(old), path
    new = "".join(new_catalog_parts(head, blocks, "hi", "demo", STAMP))
    assert new == "".join(new_catalog_parts(old, old_blocks, "hi", "demo", STAMP)), path
    assert new == render_po(merge(old, None, "hi", "demo", STAMP)), path
    # What merging with a catalog reads: the same template, as polib entries.
    full = template_with_entries(head, entries)
    assert signature(full) == signature(old) and render_po(full) == render_po(old), path
    assert full.header == old.header and full.metadata_is_fuzzy == old.metadata_is_fuzzy
    fresh = make_template(doc, reference, "demo", STAMP)
    fresh.metadata[SOURCE_LANGUAGE] = "en"
    assert render_po(fresh) == render_po(old), path


def test_entry_tuples_write_what_polib_entries_wrote_on_test_notes() -> None:
    notes = sorted(DATA.rglob("*.md"))
    assert len(notes) > 20
    for path in notes:
        check_note(path)


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is not on this machine")
def test_entry_tuples_write_what_polib_entries_wrote_on_the_shared_corpus() -> None:
    for path in sorted(SHARED.rglob("*.md")):
        check_note(path)


def test_the_head_is_not_changed_by_making_the_full_template() -> None:
    doc = read_note(b"# Title\n\nText\n\nText\n", "n.md")
    head, entries = template_head("n.md", "demo", STAMP), template_entries(doc, "n.md")
    full = template_with_entries(head, entries)
    assert len(head) == 0 and len(full) == 2
    full.metadata["Language"] = "xx"
    assert head.metadata["Language"] == ""
    assert [e.occurrences for e in full] == [[("n.md", "1")], [("n.md", "3"), ("n.md", "5")]]


ODD_TEXT = st.text(
    st.one_of(
        st.sampled_from(['"', "\\", "\b", "\t", "\n", "\r", "\v", "\f", "\x1c", "\x85", "\u2028", "\u2029", " ", "#", "é", "字", "😀"]),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=40,
)
LONG_LINE = st.builds(lambda text, n: text * n, st.text(min_size=1, max_size=5), st.integers(200, 2000))


@settings(max_examples=300, deadline=None)
@given(
    msgctxt=st.none() | ODD_TEXT,
    msgid=ODD_TEXT | LONG_LINE,
    comment=st.sampled_from(["", "paragraph", "heading, list item"]) | ODD_TEXT,
    occurrences=st.lists(st.tuples(st.sampled_from(["n.md", "a b/é.md", ""]), st.sampled_from(["", "1", "42"])), max_size=3),
)
def test_an_entry_tuple_is_written_like_its_polib_entry(
    msgctxt: str | None, msgid: str, comment: str, occurrences: list[tuple[str, str]]
) -> None:
    entry = TemplateEntry(msgctxt, msgid, comment, tuple(occurrences))
    polib_entry = polib.POEntry(msgid=msgid, msgstr="", msgctxt=msgctxt, comment=comment, occurrences=list(occurrences))
    assert render_template_entries([entry]) == [_entry_lines(polib_entry)]


@settings(max_examples=300, deadline=None)
@given(msgctxt=st.none() | ODD_TEXT, msgid=ODD_TEXT | LONG_LINE, msgstr=ODD_TEXT)
def test_a_field_is_escaped_and_split_as_polib_writes_it(msgctxt: str | None, msgid: str, msgstr: str) -> None:
    # _field decides with a scan per character whether a string needs escaping or splitting;
    # polib's own writer (wrapwidth 0: no wrapping) is the reference for every such character
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt)
    assert _entry_lines(entry) == entry.__unicode__(wrapwidth=0)
