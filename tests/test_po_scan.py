"""The one PO reader (:func:`l10n.po.scan.scan_catalog`) against polib, on generated catalogs.

Build and status both read catalogs with it; polib is the reference: the same entries (context,
msgid, obsolete, ``#.`` kinds) and the same build decision for each, whether the fast reader
takes the file or hands it to polib; and status's counts equal counts made from polib entries.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError
from l10n.po import scan as scan_module
from l10n.po.policy import entry_decision
from l10n.po.scan import has_kind, read_published, read_translations, scan_catalog
from l10n.status.model import TITLE_CONTEXT
from l10n.status.po_counts import count_catalog_file
from l10n.status.wordcount import count_words

TEXT = st.text(
    alphabet=st.sampled_from([*"ab yz.,-*[]()`#", '"', "\\", "\n", "\t", "é", "ह", "ि", "翻", "\u2028"]),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() != "")


@st.composite
def entries(draw: st.DrawFn) -> dict[str, object]:
    return {
        "msgctxt": draw(st.one_of(st.none(), st.just(TITLE_CONTEXT), TEXT)),
        "msgid": draw(TEXT),
        "msgstr": draw(st.one_of(st.just(""), TEXT)),
        "fuzzy": draw(st.booleans()),
        "previous": draw(st.one_of(st.none(), TEXT)),
        "obsolete": draw(st.booleans()),
        "plural": draw(st.one_of(st.none(), st.tuples(TEXT, st.just(""), TEXT), st.tuples(TEXT, TEXT, TEXT))),
        "tcomment": draw(
            st.sampled_from(["", "mt: pseudo 2026-11-30", 'mt-suggestion: pseudo 2026-11-30 "x"', "a note", "a heading"])
        ),
        "kinds": draw(st.sampled_from(["", "paragraph", "heading", "list item", "list item, heading", "subheading"])),
    }


def _catalog(drawn: list[dict[str, object]]) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "hi"}
    keys: set[tuple[object, object]] = set()
    for e in drawn:
        if (e["msgctxt"], e["msgid"]) in keys:
            continue
        keys.add((e["msgctxt"], e["msgid"]))
        entry = polib.POEntry(
            msgctxt=e["msgctxt"], msgid=e["msgid"], tcomment=e["tcomment"], comment=e["kinds"], obsolete=e["obsolete"]
        )
        plural = e["plural"]
        if isinstance(plural, tuple):
            entry.msgid_plural = plural[0]
            entry.msgstr_plural = {0: plural[1], 1: plural[2]}
        else:
            entry.msgstr = e["msgstr"]
        if e["fuzzy"]:
            entry.flags.append("fuzzy")
            if e["previous"] is not None and not e["obsolete"]:
                entry.previous_msgid = e["previous"]
        po.append(entry)
    return po


def _reference(path: Path, policy: str) -> list[tuple[object, ...]]:
    return [
        (e.msgctxt, e.msgid, e.obsolete, e.comment, None if e.obsolete else entry_decision(e, policy))
        for e in polib.pofile(str(path), wrapwidth=0)
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(entries(), max_size=8), st.sampled_from(["machine", "previous", "source"]))
def test_scanner_agrees_with_polib(drawn: list[dict[str, object]], policy: str) -> None:
    po = _catalog(drawn)
    text = str(po) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "note.po"
        path.write_text(text, encoding="utf-8")
        scanned = scan_catalog(text, path, policy)
        got = [(e.context, e.msgid, e.obsolete, e.kinds, None if e.obsolete else e.decision) for e in scanned]
        assert got == _reference(path, policy)
        if not any(e.msgid_plural for e in po):  # plural entries are polib's to read
            assert list(scan_module._scan_usual(text, policy)) == scanned
        counts = count_catalog_file(path, policy=policy)
        live = [e for e in scanned if not e.obsolete]
        assert counts.segments.total == len(live)
        assert counts.segments.obsolete == len(scanned) - len(live)
        assert counts.segments.fuzzy == sum(1 for e in live if e.decision.bucket == "fuzzy")
        assert counts.segments.translated == sum(1 for e in live if e.decision.bucket == "translated")
        assert counts.words.total == sum(count_words(e.msgid) for e in live)
        titles = [e.msgid for e in live if e.context == TITLE_CONTEXT]
        if titles:
            assert counts.title == titles[0]


@settings(max_examples=150, deadline=None)
@given(st.lists(entries(), max_size=8), st.sampled_from(["machine", "previous", "source"]), st.booleans())
def test_published_of_one_kind_is_the_whole_read_filtered(drawn: list[dict[str, object]], policy: str, bom: bool) -> None:
    # a BOM sends both readers to polib; "a heading" in a translator comment and the kind
    # "subheading" hold the word without being the kind
    text = ("\ufeff" if bom else "") + str(_catalog(drawn)) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "note.po"
        path.write_text(text, encoding="utf-8")
        try:
            whole = read_translations(path, policy)
        except CatalogError:
            with pytest.raises(CatalogError):
                read_published(path, "heading", policy)
            return
        kinds = {(e.msgctxt, e.msgid): e.comment for e in polib.pofile(str(path), wrapwidth=0)}
        expected = {key: text for key, text in whole.published.items() if has_kind(kinds.get(key), "heading")}
        assert read_published(path, "heading", policy) == expected


def test_published_of_one_kind_takes_the_kind_not_the_word(tmp_path: Path) -> None:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "hi"}
    po.append(polib.POEntry(msgid="Setup", msgstr="सेटअप", comment="heading"))
    po.append(polib.POEntry(msgid="Both", msgstr="दोनों", comment="paragraph\nheading"))
    po.append(polib.POEntry(msgid="Sub", msgstr="उप", comment="subheading"))
    po.append(polib.POEntry(msgid="The heading word", msgstr="शब्द", comment="paragraph"))
    po.append(polib.POEntry(msgid="Noted", msgstr="नोट", comment="list item", tcomment="a heading"))
    po.append(polib.POEntry(msgid="Gone", msgstr="गया", comment="heading", obsolete=True))
    path = tmp_path / "note.po"
    for bom in ("", "\ufeff"):  # the fast reader, then polib's
        path.write_text(bom + str(po) + "\n", encoding="utf-8")
        assert read_published(path, "heading") == {(None, "Setup"): "सेटअप", (None, "Both"): "दोनों"}


# The layout l10n writes for a segment (:data:`l10n.po.grammar.PLAIN_ENTRY`, read without a
# step per comment line) and its near misses, which the general readers take: each read as polib does.
_PLAIN_COMMENTS = st.lists(
    st.sampled_from(["#. paragraph", "#. list item, heading", "#: a.md:3", "#: b.md:1 c.md:2", "#:", "# a note", "#, fuzzy"]),
    max_size=3,
)
_PLAIN_STRING = st.sampled_from(['"x y"', '""', '"é ह"', '"a \\"b\\""', '"a\\nb"', '"x"  ', '""\n"p"\n"q"', '"[a](b.md)"'])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(_PLAIN_COMMENTS, st.one_of(st.none(), _PLAIN_STRING), _PLAIN_STRING, _PLAIN_STRING), max_size=6),
    st.sampled_from(["machine", "previous", "source"]),
)
def test_plain_entries_and_near_misses_read_as_polib_reads_them(
    drawn: list[tuple[list[str], str | None, str, str]], policy: str
) -> None:
    blocks = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"']
    for comments, context, msgid, msgstr in drawn:
        lines = [*comments, *([] if context is None else [f"msgctxt {context}"]), f"msgid {msgid}", f"msgstr {msgstr}"]
        blocks.append("\n".join(lines))
    text = "\n\n".join(blocks) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "note.po"
        path.write_text(text, encoding="utf-8")
        try:
            expected = _reference(path, policy)
        except OSError:  # polib refuses it: so does the reader, naming the line
            with pytest.raises(CatalogError):
                scan_catalog(text, path, policy)
            return
        if len({(e[0], e[1]) for e in expected}) < len(expected):
            return  # duplicates: reported by the reader (tested elsewhere)
        got = [(e.context, e.msgid, e.obsolete, e.kinds, None if e.obsolete else e.decision) for e in scan_catalog(text, path, policy)]
        assert got == expected
