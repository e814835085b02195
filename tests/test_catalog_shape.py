"""A catalog keeps the shape its translator's tools gave it (CRLF, BOM, msgcat's wrapping) when
l10n rewrites it, and every reader reads such a catalog as it reads l10n's own format."""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.po.catalog import Catalog, load_catalog
from l10n.po.scan import scan_catalog
from l10n.po.shape import detect_wrap_width, shape_of_text
from tests.conftest import Runner, require_tool

NOTE = """---
title: A note long enough to be wrapped by editors at forty columns
---

# Keeping the shape of a catalog

Poedit and Weblate wrap long strings at about seventy nine columns, while this tool writes every string on one line.

A short one.

Another paragraph that is long enough to be wrapped by msgcat at forty columns for sure, with a [link](https://example.org/docs/page.html).

- First item of a list that is also rather long, so that it wraps
- Second item

The last paragraph says goodbye to the reader in a sentence of moderate length.

See above.

| Name | Note |
|------|------|
| one  | See above. |
| two  | See above. |
"""
EDITED = NOTE.replace("A short one.", "A short one, now edited.")

SHAPES = ("msgcat-40", "msgcat-79", "msgcat-no-wrap", "polib-40", "crlf", "bom", "bom-crlf-msgcat-40")


def _reshape(path: Path, shape: str) -> None:
    """Save ``path`` as a translator's tool would (``shape`` names the tool and its options)."""
    if "msgcat" in shape:
        option = "--no-wrap" if shape.endswith("no-wrap") else f"--width={shape.rsplit('-', 1)[1]}"
        subprocess.run([require_tool("msgcat"), option, str(path), "-o", str(path)], check=True)
    if shape.startswith("polib"):
        po = polib.pofile(str(path), wrapwidth=40)
        path.write_bytes(str(po).encode("utf-8"))
    data = path.read_bytes()
    if "crlf" in shape:
        data = data.replace(b"\n", b"\r\n")
    if "bom" in shape:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)


def _blocks(data: bytes) -> list[bytes]:
    """A catalog's blocks (entries, the header first) as written, line ends included."""
    text = data.removeprefix(b"\xef\xbb\xbf")
    return [block for block in re.split(rb"(?:\r?\n){2,}", text.strip(b"\r\n")) if block]


_DATE_FIELD = re.compile(rb'^"(?:POT-Creation|PO-Revision)-Date: |^"\d\d:\d\d[+-]\d{4}\\n"')


def _header_changes(old: bytes, new: bytes) -> list[bytes]:
    """The header lines that differ, the creation and revision dates aside (l10n sets them)."""
    old_lines = [line for line in old.splitlines() if not _DATE_FIELD.match(line)]
    new_lines = [line for line in new.splitlines() if not _DATE_FIELD.match(line)]
    return list(set(old_lines) ^ set(new_lines))


@pytest.mark.parametrize("shape", SHAPES)
def test_an_english_edit_changes_only_its_entries_in_a_catalog_of_any_shape(
    project: Callable[..., Path], l10n: Runner, shape: str
) -> None:
    root = project({"note-en.md": NOTE}, extra='engine = "pseudo"\n')
    assert l10n(root, "sync").exit_code == 0
    path = root / "locales/hi/note-en.po"
    _reshape(path, shape)
    before = path.read_bytes()
    (root / "source_notes/note-en.md").write_text(EDITED, encoding="utf-8")
    assert l10n(root, "sync").exit_code == 0
    after = path.read_bytes()

    assert after.startswith(b"\xef\xbb\xbf") is before.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in before:
        assert after.count(b"\n") == after.count(b"\r\n")
    else:
        assert b"\r" not in after
    old, new = _blocks(before), _blocks(after)
    assert _header_changes(old[0], new[0]) == []
    gone = [block for block in old[1:] if block not in new]
    added = [block for block in new[1:] if block not in old]
    # Only the edited paragraph's entry changed: its new entry, and its old one made obsolete.
    assert len(gone) == 1 and b"A short one." in gone[0]
    assert len(added) == 2 and all(b"A short one" in block for block in added)
    assert sum(block.count(b"#~ msgid") for block in added) == 1
    if "msgcat" in shape:  # the new entries are wrapped as msgcat itself would
        option = "--no-wrap" if shape.endswith("no-wrap") else f"--width={shape.rsplit('-', 1)[1]}"
        plain = after.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
        again = subprocess.run([require_tool("msgcat"), option, "-"], input=plain, capture_output=True, check=True).stdout
        assert again == plain


def test_a_catalog_nobody_reshaped_is_written_as_before(project: Callable[..., Path], l10n: Runner) -> None:
    """l10n's own format (LF, no BOM, one line per string) stays l10n's format: the rewrite
    keeping the file's shape gives what l10n's writer gives for the same catalog."""
    root = project({"note-en.md": NOTE}, extra='engine = "pseudo"\n')
    assert l10n(root, "sync").exit_code == 0
    path = root / "locales/hi/note-en.po"
    assert shape_of_text(path.read_text(encoding="utf-8")).usual
    (root / "source_notes/note-en.md").write_text(EDITED, encoding="utf-8")
    assert l10n(root, "sync").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert Catalog.load(path).text() == text


@pytest.mark.parametrize("shape", SHAPES)
def test_readers_read_every_shape_as_the_plain_one(project: Callable[..., Path], l10n: Runner, shape: str) -> None:
    root = project({"note-en.md": NOTE}, extra='engine = "pseudo"\n')
    assert l10n(root, "sync").exit_code == 0
    path = root / "locales/hi/note-en.po"
    built = root / "translated/hi/note-hi.md"
    if not built.exists():
        built = next(p for p in (root / "translated").rglob("*.md"))
    page = built.read_bytes()
    status = l10n(root, "status").output
    plain = path.read_bytes()

    def read() -> tuple[object, ...]:
        catalog = Catalog.load(path)
        fast = load_catalog(path)
        scanned = scan_catalog(path.read_bytes().decode("utf-8"), path)
        return (
            catalog.publication().published,
            catalog.coverage(),
            fast.publication().published,
            fast.coverage(),
            [(e.context, e.msgid, e.obsolete, e.kinds, e.decision.published, e.decision.bucket) for e in scanned],
        )

    expected = read()
    _reshape(path, shape)
    assert path.read_bytes() != plain
    assert read() == expected
    assert l10n(root, "build", "--force").exit_code == 0
    assert built.read_bytes() == page
    assert l10n(root, "status").output == status


def test_wrap_width_is_told_from_the_lines() -> None:
    wrapped = (
        'msgid ""\n"Poedit and Weblate wrap long strings at about seventy nine columns, while "\n'
        '"this tool writes every string on one line, and a careless tool would rewrite "\n"it all."\n'
    )
    assert detect_wrap_width(wrapped) == 79  # the lines allow gettext's default (76 and 79 columns)
    narrow = 'msgid ""\n"A long sentence that "\n"goes on."\n'
    assert detect_wrap_width(narrow) == 23  # the longest line with a break in it
    assert detect_wrap_width('msgid ""\n"Line one\\n"\n"Line two"\n') == 0  # broken by the text only
    assert detect_wrap_width('msgid "' + "word " * 30 + '"\n') == 0  # long strings on one line: --no-wrap


# -- the property: a merge that changes nothing rewrites nothing; one that changes k entries
# leaves every other entry's bytes alone -------------------------------------------------------

_WORD = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
    st.sampled_from(["नमस्ते", "लपेटा", "日本語", "の文章で、", "https://example.org/a/b", "well-known", "x.md", '"q"', "a\\b"]),
)
_TEXT = st.lists(_WORD, min_size=1, max_size=30).map(" ".join) | st.lists(_WORD, min_size=1, max_size=6).map("\n".join)


@st.composite
def _catalogs(draw: st.DrawFn) -> tuple[polib.POFile, int]:
    po = polib.POFile(wrapwidth=0)
    po.header = "Hindi translation of a note."
    po.metadata = {"Project-Id-Version": "demo", "PO-Revision-Date": "2001-01-01 00:00+0000", "Language": "hi",
                   "Content-Type": "text/plain; charset=UTF-8", "Language-Team": draw(_TEXT).replace("\n", " ")}
    seen: set[tuple[str | None, str]] = set()
    for _ in range(draw(st.integers(1, 12))):
        msgid = draw(_TEXT)
        context = draw(st.none() | st.sampled_from(["front-matter:title", "heading"]))
        if (context, msgid) in seen:
            continue
        seen.add((context, msgid))
        refs = [("note-en.md", str(draw(st.integers(1, 999)))) for _ in range(draw(st.integers(0, 9)))]
        po.append(
            polib.POEntry(
                msgid=msgid,
                msgctxt=context,
                msgstr=draw(st.sampled_from(["", msgid.upper()]) | _TEXT),
                occurrences=refs,
                comment=draw(st.sampled_from(["", "paragraph", "list item"])),
                tcomment=draw(st.sampled_from(["", "mt: pseudo 2026-11-30", "checked by Asha"])),
                flags=draw(st.sampled_from([[], ["fuzzy"]])),
            )
        )
    return po, draw(st.sampled_from([0, 30, 40, 79]))


def _write_shaped(po: polib.POFile, width: int, crlf: bool, bom: bool, path: Path) -> bytes:
    text = str(polib.pofile(_plain(po), wrapwidth=width)) if width else _plain(po)  # polib's wrapping
    data = (("\ufeff" if bom else "") + (text.replace("\n", "\r\n") if crlf else text)).encode("utf-8")
    path.write_bytes(data)
    return data


def _plain(po: polib.POFile) -> str:
    po.wrapwidth = 0
    return str(po)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_catalogs(), st.booleans(), st.booleans(), st.data())
def test_saving_keeps_every_unchanged_entry_byte_for_byte(
    catalog: tuple[polib.POFile, int], crlf: bool, bom: bool, data: st.DataObject
) -> None:
    """Unchanged: only the revision date differs. Then k entries changed, some removed and the
    rest reordered (as a merge may): every other entry's block is in the file as it was."""
    po, width = catalog
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hi.po"
        before = _write_shaped(po, width, crlf, bom, path)

        Catalog.load(path).save()  # nothing changed but the revision date
        after = path.read_bytes()
        old_lines, new_lines = before.splitlines(True), after.splitlines(True)
        assert len(old_lines) == len(new_lines)
        differ = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
        assert all(b"PO-Revision-Date" in a or b"2001-01-01" in a for a, _ in differ), differ
        assert after.startswith(b"\xef\xbb\xbf") is bom
        assert (after.count(b"\r\n") == after.count(b"\n")) is crlf or b"\n" not in after

        loaded = Catalog.load(path)
        entries = list(loaded)
        chosen = data.draw(st.sets(st.sampled_from(range(len(entries))), max_size=len(entries)))
        for index in chosen:
            entries[index].msgstr = f"बदला {index} " + "word " * index
        # as a merge may: entries removed, the rest in another order
        removed = data.draw(st.sets(st.sampled_from(range(len(entries))), max_size=len(entries) // 2))
        order = data.draw(st.permutations([index for index in range(len(entries)) if index not in removed]))
        loaded.po[:] = [entries[index] for index in order]
        entries = [entries[index] for index in order]
        loaded.save()
        final = path.read_bytes()
        assert final.startswith(b"\xef\xbb\xbf") is bom
        if crlf:
            assert final.count(b"\n") == final.count(b"\r\n")
        else:
            assert b"\r" not in final
        reread = Catalog.load(path)
        assert [(e.msgctxt, e.msgid, e.msgstr, e.flags, e.occurrences) for e in reread] == [
            (e.msgctxt, e.msgid, e.msgstr, e.flags, e.occurrences) for e in entries
        ]
        final_blocks = set(_blocks(final)[1:])
        kept = [block for index, block in enumerate(_blocks(after)[1:]) if index not in chosen and index not in removed]
        assert all(block in final_blocks for block in kept)


def test_a_mixed_file_keeps_the_line_end_most_of_its_lines_have() -> None:
    mostly_crlf = '# c\r\nmsgid ""\r\nmsgstr ""\r\n"Language: hi\\n"\n\r\nmsgid "a"\r\nmsgstr "b"\r\n'
    assert shape_of_text(mostly_crlf).newline == "\r\n"
    mostly_lf = '# c\nmsgid ""\nmsgstr ""\r\n"Language: hi\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    assert shape_of_text(mostly_lf).newline == "\n"
    shape = shape_of_text("\ufeff" + mostly_crlf)
    assert shape.bom and shape.header.startswith("# c\n") and shape.blocks == {'msgid "a"\nmsgstr "b"\n'}
