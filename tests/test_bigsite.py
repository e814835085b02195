"""The shortcuts that make big sites fast give the same results as the plain ways."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError
from l10n.markdown.protect import _RULES, _pattern, protect
from l10n.po.catalog import Catalog, load_catalog
from l10n.po.writer import render_po
from tests.conftest import CORPUS, Runner

_ALPHABET = st.sampled_from([*"ab hf:/.{}｛｝`<>[]()&#;\\^!-_*\n1x", "http://", "https://", "ftp://", "&amp;", "{1}"])
_TEXTS = st.lists(_ALPHABET, max_size=40).map("".join)
_TERMS = st.lists(st.text(alphabet="aO-\\^]x.", min_size=1, max_size=4), max_size=3)


def _plain(keep: tuple[str, ...]) -> re.Pattern[str]:
    """The rules joined without the first-character lookahead (what the pattern was before)."""
    rules = list(_RULES)
    if keep:
        terms = "|".join(re.escape(t) for t in sorted(keep, key=len, reverse=True))
        rules.append(("glossary term", rf"(?<!\w)(?:{terms})(?!\w)"))
    return re.compile("|".join(f"(?P<r{i}>{rx})" for i, (_, rx) in enumerate(rules)), re.DOTALL)


@settings(deadline=None)  # timing is not the point; the machine may be busy
@given(_TEXTS, _TERMS)
def test_the_lookahead_changes_no_match(text: str, terms: list[str]) -> None:
    keep = tuple(t for t in terms if t)
    fast, plain = _pattern(keep), _plain(keep)
    assert [(m.span(), m.lastgroup) for m in fast.finditer(text)] == [
        (m.span(), m.lastgroup) for m in plain.finditer(text)
    ]
    assert protect(text, keep).restore(protect(text, keep).text) == text


_FIELDS = (
    "msgctxt",
    "msgid",
    "msgstr",
    "tcomment",
    "comment",
    "occurrences",
    "flags",
    "previous_msgid",
    "previous_msgctxt",
    "obsolete",
    "msgid_plural",
    "msgstr_plural",
)


def _same_catalogs(a: Catalog, b: Catalog) -> None:
    assert [[getattr(e, f) for f in _FIELDS] for e in a.po] == [[getattr(e, f) for f in _FIELDS] for e in b.po]
    assert (a.po.header, a.po.metadata, a.po.metadata_is_fuzzy) == (b.po.header, b.po.metadata, b.po.metadata_is_fuzzy)
    assert render_po(a.po) == render_po(b.po)


_LINE = st.text(alphabet=st.sampled_from([*'ab "\\\t:,#.', "\n", "\u2028", "é", "x"]), max_size=12)


@given(
    st.lists(
        st.tuples(
            _LINE,
            _LINE,
            _LINE,
            st.none() | _LINE,
            _LINE,
            _LINE,
            st.lists(
                st.tuples(st.sampled_from(["a.md", "b c.md", "x:y"]), st.sampled_from(["", "3", "12"])), max_size=2
            ),
            st.lists(st.sampled_from(["fuzzy", "python-format", " odd "]), max_size=2),
        ),
        max_size=5,
    ),
    st.booleans(),
)
@settings(deadline=None)  # writes a file per example: slow on a busy disk
def test_the_fast_catalog_reader_reads_what_polib_reads(entries: list[Any], obsolete: bool) -> None:
    po = polib.POFile(wrapwidth=0)
    po.header = "A header\n\nwith a blank line"
    po.metadata = {"Language": "hi", "Content-Type": "text/plain; charset=UTF-8"}
    for n, (msgid, msgstr, tcomment, context, comment, _, occurrences, flags) in enumerate(entries):
        po.append(
            polib.POEntry(
                msgid=f"{n}{msgid}",
                msgstr=msgstr,
                tcomment=tcomment,
                msgctxt=context,
                comment=comment,
                occurrences=occurrences,
                flags=flags,
                obsolete=obsolete and n == 1,
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        path.write_text(render_po(po), encoding="utf-8")
        try:
            expected = Catalog.load(path)
        except CatalogError:
            with pytest.raises(CatalogError):
                load_catalog(path)
            return
        _same_catalogs(load_catalog(path), expected)


def test_the_fast_catalog_reader_on_translated_catalogs(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = {f"{p.parent.name}/{p.name}": p.read_bytes() for p in sorted(CORPUS.rglob("*.md"))}
    root = project(notes)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    catalogs = sorted((root / "locales").rglob("*.po"))
    # notes in a "hi" folder are Hindi already (a language folder): no Hindi catalog for them
    assert len(catalogs) >= len([name for name in notes if "/hi/" not in f"/{name}"])
    fast = {path: load_catalog(path) for path in catalogs}
    polib_reads: list[Path] = []
    monkeypatch.setattr(Catalog, "load", classmethod(lambda cls, path: polib_reads.append(path)))
    for path in catalogs:
        load_catalog(path)
    assert not polib_reads  # the fast reader took every catalog l10n wrote
    monkeypatch.undo()
    for path in catalogs:
        _same_catalogs(fast[path], Catalog.load(path))
