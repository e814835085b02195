"""The translate stage's fast paths (issue 19, session 9) give what the plain code gives."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.markdown import markup, protect
from l10n.mt.engines.pseudo import _TABLE, pseudo_localize
from l10n.mt.memory import TranslationMemory
from l10n.po import catalog
from l10n.po.grammar import UnusualCatalogError

_UNSAFE = re.compile(r"\A\^|\\\Z|\]\[[^\]\n]*\Z|\[\^[^\]\s]*\Z")


def _plain_pseudo(text: str) -> str:
    """pseudo_localize as it was written before its prefilter (the reference)."""
    core = text.strip()
    if not core:
        return text
    head = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    accented = core.translate(_TABLE)
    if _UNSAFE.search(core):
        return head + accented + tail
    return f"{head}[{accented}]{tail}"


_MARKUP = st.text(alphabet=st.sampled_from("ab^\\[]\n \t\u2003\u00a0x{1}é"), max_size=24)


@settings(max_examples=3000, deadline=None)
@given(_MARKUP)
def test_pseudo_prefilter_matches_the_plain_pattern(text: str) -> None:
    assert pseudo_localize(text) == _plain_pseudo(text)


def test_pseudo_keeps_unsafe_ends_unbracketed() -> None:
    assert pseudo_localize("^note") == "^ñóóţéé"
    assert pseudo_localize("see [^1") == "šéééé [^1"
    assert pseudo_localize("a ][label") == "áá ][ĺááƀééĺ"
    assert pseudo_localize(" end\\\n") == " ééñđ\\\n"


def test_memory_store_in_key_order_keeps_the_last_pair_of_a_text(tmp_path: Path) -> None:
    """store_many sorts its rows: a text given twice in one call still ends with its last pair,
    and the human-wins rule holds whatever the order."""
    with TranslationMemory(tmp_path / "m.sqlite3") as memory:
        memory.store_many("en", "hi", [("b", "1"), ("a", "x"), ("b", "2"), ("c", "y")], origin="machine:pseudo")
        memory.store_many("en", "hi", [("c", "human")], origin="human")
        memory.store_many("en", "hi", [("c", "machine"), ("a", "z")], origin="machine:pseudo")
        found = memory.lookup("en", "hi", ["a", "b", "c"])
    assert {text: entry.translation for text, entry in found.items()} == {"a": "z", "b": "2", "c": "human"}


def test_new_memory_file_has_large_pages_and_old_ones_keep_theirs(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    with sqlite3.connect(old) as db:  # a file made before: 4 KiB pages, WAL
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE memory (source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, source_text TEXT NOT NULL,"
            " translation TEXT NOT NULL, origin TEXT NOT NULL, updated TEXT NOT NULL,"
            " PRIMARY KEY (source_lang, target_lang, source_text)) WITHOUT ROWID"
        )
    db.close()
    for path, size in ((tmp_path / "new.sqlite3", 16384), (old, 4096)):
        with TranslationMemory(path) as memory:
            memory.store_many("en", "hi", [("a", "b")], origin="machine:pseudo")
            assert memory.lookup("en", "hi", ["a"])["a"].translation == "b"
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA page_size").fetchone()[0] == size
        db.close()


# --- protect() and scan_elements() with their per-match work inline --------------------------


def _plain_protect(text: str, keep: tuple[str, ...]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """protect() as ``pattern.sub`` with a callback per match (the reference)."""
    originals: list[str] = []
    kinds: list[str] = []
    pattern = protect._pattern(tuple(t for t in keep if t))

    def hold(original: str, kind: str) -> str:
        originals.append(original)
        kinds.append(kind)
        return "{" + str(len(originals)) + "}"

    def replace(match: re.Match[str]) -> str:
        kind = protect._rule_name(match)
        titled = protect._split_link_title(match.group(0)) if kind == "link destination" else None
        if titled is not None:
            return hold(titled[0], kind) + pattern.sub(replace, titled[1]) + hold(titled[2], kind)
        return hold(match.group(0), kind)

    parts: list[str] = []
    end = 0
    # every position tried (no lead skipping), code spans first as protect() has them (CommonMark 6.1)
    for match in markup.finditer_code_first(pattern, _ANY, text, protect._gives_way_to_code):
        parts += [text[end : match.start()], replace(match)]
        end = match.end()
    return "".join([*parts, text[end:]]), tuple(originals), tuple(kinds)


_ANY = re.compile(r"(?s:.)")
"""A lead every character matches: the reference scans try the pattern at every position."""


def _plain_scan(text: str) -> tuple[str, dict[int, tuple[str, str]], Counter[tuple[str, str]]]:
    """scan_elements() with finditer, _classify for every match and a Counter (the reference)."""
    parts: list[str] = []
    where: dict[int, tuple[str, str]] = {}
    found: Counter[tuple[str, str]] = Counter()
    end = length = 0
    linked_to = -1
    for match in markup.finditer_code_first(markup._ELEMENT, _ANY, text, markup._gives_way_to_code):
        parts.append(text[end : match.start()])
        length += match.start() - end
        kind = str(match.lastgroup)
        where[length] = (kind, match.group(0))
        parts.append("u" if kind == "url" else "!")
        length += 1
        end = match.end()
        if kind == "url":  # the URL as the generators read it, a URL inside it read once
            if match.start() < linked_to:
                item = None
            else:
                linked_to = markup.read_link_end(text, match.start())
                item = ("link", text[match.start() : linked_to])
        else:
            item = markup._classify(match)
        if item is not None:
            found[item] += 1
    parts.append(text[end:])
    return "".join(parts), where, found


_INLINE = st.lists(
    st.sampled_from(
        [
            "a", " ", "Go", "`x`", "`", "[", "]", "(", ")", "](/u)", '](/u "Title `c` here")', "](<a b>)", "][1]",
            "[^1]", "{{ x }}", "{%", "<b>", "</b>", "<!-- c -->", "<https://a.b>", "https://x.org/p_q", "&amp;",
            "\\*", "*", "_", ":smile:", "{: .c}", "$x$", "\n", "{1}", "GitHub", "{", "}",
        ]
    ),
    max_size=14,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_INLINE, st.sampled_from([(), ("GitHub",), ("", "Go")]))
def test_protect_inline_matches_the_callback_form(text: str, keep: tuple[str, ...]) -> None:
    found = protect.protect(text, keep)
    assert (found.text, found.originals, found.kinds) == _plain_protect(text, keep)
    assert found.source == text and found.expanded == ""


@settings(max_examples=2000, deadline=None)
@given(_INLINE)
def test_scan_elements_inline_matches_the_plain_scan(text: str) -> None:
    masked, where, found = markup.scan_elements(text)
    plain = _plain_scan(text)
    assert (masked, where, found) == plain
    assert list(found.items()) == list(plain[2].items()) and isinstance(found, Counter)


# --- catalog headers read without polib's parser --------------------------------------------
_COMMENT = st.sampled_from(["#", "# Hindi translation of a.md.", "#  two spaces", "# ", "#, fuzzy", "#. x", "# tab\t"])
_META = st.sampled_from(
    [
        "Project-Id-Version: site\\n", "Language: hi\\n", "X-Empty:\\n", "no colon here\\n", "Key:  spaced  \\n",
        "Quote: \\\"q\\\"\\n", "Tab:\\tx\\n", "Plural-Forms: nplurals=2; plural=(n > 1);\\n", "", "Last: no newline",
        "A: b\\nC: d\\n",
    ]
)


def _header_block(comments: list[str], meta: list[str]) -> str:
    return "\n".join([*comments, 'msgid ""', 'msgstr ""', *(f'"{m}"' for m in meta)])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_COMMENT, max_size=4), st.lists(_META, max_size=6))
def test_usual_header_is_what_polib_makes(comments: list[str], meta: list[str]) -> None:
    block = _header_block(comments, meta)
    fast = catalog._usual_header(block)
    plain = catalog._pofile(block + "\n")
    if fast is None:  # outside the usual layout: polib reads it
        assert any(not (c == "#" or (c.startswith("# ") and c == c.strip())) for c in comments)
        return
    assert vars(fast) == vars(plain) and list(fast.metadata) == list(plain.metadata) and not len(fast)
    assert fast.metadata_is_fuzzy == plain.metadata_is_fuzzy == []


def test_load_catalog_reads_a_header_as_polib_does(tmp_path: Path) -> None:
    text = _header_block(["# Hindi translation of a.md."], ["Language: hi\\n", "X-Source-Language: en\\n"])
    path = tmp_path / "a.po"
    path.write_text(text + '\n\n#. paragraph\nmsgid "Hello"\nmsgstr ""\n', encoding="utf-8")
    fast, plain = catalog.load_catalog(path), catalog.Catalog.load(path)
    assert fast.po.header == plain.po.header == "Hindi translation of a.md."
    assert fast.po.metadata == plain.po.metadata and fast.text() == plain.text()


def test_load_catalog_reads_a_usual_header_without_polib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _header_block(["# Hindi translation of a.md."], ["Language: hi\\n"])
    path = tmp_path / "a.po"
    path.write_text(text + '\n\n#. paragraph\nmsgid "Hello"\nmsgstr ""\n', encoding="utf-8")
    expected = catalog.Catalog.load(path).po.metadata

    def no_parser(source: str) -> None:
        raise AssertionError(f"polib's parser was asked to read {source[:20]!r}")

    monkeypatch.setattr(catalog, "_pofile", no_parser)
    assert catalog.load_catalog(path).po.metadata == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=8)), st.text(max_size=8), st.text(max_size=8))
def test_fast_entry_has_polibs_attributes(msgctxt: str | None, msgid: str, msgstr: str) -> None:
    def field(keyword: str, value: str) -> str:
        return f'{keyword} "{polib.escape(value)}"'

    fields = [field("msgid", msgid), field("msgstr", msgstr)]
    block = "\n".join(["# mt: pseudo 2026-11-30", "#. paragraph", "#: a.md:3", "#, fuzzy", *([field("msgctxt", msgctxt)] if msgctxt is not None else []), *fields])
    try:
        fast = catalog._usual_po_entry(block)
    except UnusualCatalogError:
        return  # a layout the fast reader leaves to polib (its own tests)
    plain = polib.POEntry(
        msgctxt=msgctxt, msgid=msgid, msgstr=msgstr, tcomment="mt: pseudo 2026-11-30", comment="paragraph",
        occurrences=[("a.md", "3")], flags=["fuzzy"],
    )
    assert vars(fast) == vars(plain)
    assert list(vars(fast)) == list(vars(plain))
