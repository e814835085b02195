"""Writing catalogs: new ones as gettext text without wrapping (``msgcat --no-wrap``, ``\\n``
line ends), changed ones in the shape of the file they replace (:mod:`l10n.po.shape`: line ends,
BOM, wrapping, unchanged entries byte for byte); and the check of what polib would accept
silently.

Written here, not by polib's generic writer, which was a quarter of ``extract``'s time; saving
is atomic (:meth:`l10n.po.catalog.Catalog.save`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import polib

from l10n.errors import CatalogError
from l10n.po.references import format_reference, format_references, isolated_names, polib_text, reference_width
from l10n.po.shape import BOM, FileShape, measure, read_shape

if TYPE_CHECKING:
    from l10n.po.catalog import Catalog

_STRING_LINE = re.compile(
    r'^(?:#~\s*|#\|\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"\s*$'
)
_KEYWORD_LINE = re.compile(r'^(?:#~\s*|#\|\s*)?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\b|^(?:#~\s*|#\|\s*)?"')


def now_stamp(clock: dt.datetime | None = None) -> str:
    """A PO header timestamp, e.g. ``2026-11-26 20:36+0000``."""
    moment = clock or dt.datetime.now(dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M%z")


def render_po(po: polib.POFile, entry_blocks: Sequence[str] | None = None) -> str:
    """The catalog as gettext text without wrapping: what ``str(po)`` gives with ``wrapwidth=0``
    (and ``msgcat --no-wrap``), written here directly because polib's generic writer was a
    quarter of ``extract``'s time. Catalogs with plural entries go through polib.

    ``entry_blocks`` are the entries already rendered by :func:`render_entries`: a new catalog's
    entries are its template's, so extract renders them once for both files.
    """
    return "".join(po_parts(po, entry_blocks))


def po_parts(po: polib.POFile, entry_blocks: Sequence[str] | None = None) -> Iterator[str]:
    """:func:`render_po`'s text in parts (header, then one entry at a time), made as they are
    read: writing them one by one holds one entry's text, not the whole catalog's (a catalog
    as one string, then as bytes, was a large part of a big note's peak memory)."""
    po.wrapwidth = 0
    if entry_blocks is None and any(e.msgid_plural or e.msgstr_plural for e in po):
        text = polib_text(po, po)
        yield text if text.endswith("\n") else text + "\n"
        return
    yield _header_comment(po)
    yield _metadata_block(tuple(po.metadata.items()), bool(po.metadata_is_fuzzy))
    if entry_blocks is not None:
        for block in entry_blocks:
            yield "\n"
            yield block
        return
    for obsolete in (False, True):  # obsolete entries last, as render_entries orders them
        for entry in po:
            if bool(entry.obsolete) is obsolete:
                yield "\n"
                yield _entry_lines(entry)


def _header_comment(po: polib.POFile) -> str:
    """The catalog's header comment lines (``# …``), each ending in a line break."""
    lines = ("#" if not line else f"#{line}" if line[:1] in (",", ":") else f"# {line}" for line in (po.header or "").split("\n"))
    return "\n".join(lines) + "\n"


# -- keeping the shape of a file saved by another tool (Poedit, msgcat: CRLF, BOM, 79 columns) ------


def _fingerprint(entry: polib.POEntry) -> tuple[object, ...]:
    """Everything polib reads from an entry: two entries with equal fingerprints say the same."""
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        tuple(entry.flags),
        entry.obsolete,
        tuple(entry.occurrences),
        entry.comment,
        entry.tcomment,
        entry.previous_msgid,
        entry.previous_msgctxt,
    )


def _block_entry(block: str) -> polib.POEntry | None:
    """The one entry a file's block holds, or None (a block of comments only, a damaged one)."""
    from l10n.po.catalog import _pofile, _usual_po_entry  # catalog imports this module
    from l10n.po.grammar import UnusualCatalogError

    try:
        return _usual_po_entry(block)
    except UnusualCatalogError:
        pass
    try:
        # After a header entry: polib takes a file's leading comments for the file's header.
        entries = list(_pofile('msgid ""\nmsgstr ""\n\n' + block))
    except (OSError, ValueError):
        return None
    isolated_names(entries)
    return entries[0] if len(entries) == 1 else None


def render_changed(po: polib.POFile, old: Catalog | None, previous: Path | None = None) -> str:
    """The text of a catalog l10n has changed (:func:`changed_parts`)."""
    return "".join(changed_parts(po, old, previous))


def changed_parts(po: polib.POFile, old: Catalog | None, previous: Path | None = None) -> Iterator[str]:
    """The text of a catalog l10n has changed, in parts as :func:`po_parts` gives them.

    ``PO-Revision-Date`` is set to now (catalogs only, not templates). The file it replaces —
    ``previous``, else ``old``'s path — is read for its shape (:func:`l10n.po.shape.shape_of_text`):
    its line ends (CRLF kept CRLF) and BOM are kept; every entry that says what one of its
    blocks says is written as that block, byte for byte; other entries are wrapped at the
    file's width (as GNU gettext's ``msgcat --width``, :func:`_wrap_field`; none for an
    unwrapped file); the header keeps its comment lines and every field line whose value did
    not change, in the file's order. So a reviewer's diff shows only the entries that changed.
    Without a file (a new catalog) the text is l10n's own format, :func:`po_parts`'s.
    """
    if po.metadata.get("Language"):
        po.metadata["PO-Revision-Date"] = now_stamp()
    target = previous or (old.path if old is not None else None)
    shape = read_shape(target, measure_widths=False) if target is not None else None
    if shape is None or not shape.header:  # no file, or an empty one
        yield from po_parts(po)
        return
    parts = _shaped_parts(po, shape)
    if shape.newline != "\n":
        parts = (part.replace("\n", shape.newline) for part in parts)
    if shape.bom:
        yield BOM
    yield from parts


def _shaped_parts(po: polib.POFile, shape: FileShape) -> Iterator[str]:
    """:func:`changed_parts`'s text with ``\\n`` line ends, in ``shape``."""
    # Each entry as l10n writes it; most are found as they are among the file's blocks.
    plain = [
        (entry, _plain_entry(entry) if entry.msgid_plural or entry.msgstr_plural else _entry_lines(entry))
        for obsolete in (False, True)
        for entry in po
        if bool(entry.obsolete) is obsolete
    ]
    found, left = _walk(plain, shape.body)
    # A wrapped string or wrapped references are never l10n's own rendering: the header and
    # the blocks the walk passed over tell the widths (measuring the whole file was a fifth
    # of a save).
    shape = measure(shape, shape.header + left)
    # The blocks the walk passed over: the old text of changed entries, entries in another
    # layout (wrapped, other comments), or moved: looked up by text, and read only when no
    # entry is written as they are.
    blocks = frozenset(block + "\n" for block in left[:-1].split("\n\n")) if left else frozenset()
    # A block whose msgstr is empty cannot say what a changed entry with a translation says:
    # when no changed entry is empty (translate fills them all), such blocks are not parsed
    # (parsing every filled entry's old block was a tenth of the translate stage).
    empty_sought = any(not entry.msgstr and not entry.msgstr_plural for index, (entry, _) in enumerate(plain) if not found[index])
    known: dict[tuple[object, ...], str] = {}
    for block in blocks - {text for index, (_, text) in enumerate(plain) if not found[index]}:
        if not empty_sought and block.endswith('\nmsgstr ""\n'):
            continue
        entry = _block_entry(block)
        if entry is not None:
            known.setdefault(_fingerprint(entry), block)
    plain_layout = not shape.width and not shape.reference_width  # _shaped_entry would give text
    for index, (entry, text) in enumerate(plain):
        if not found[index] and text not in blocks:
            # (no fingerprint to make when no block was read: every entry translate fills)
            plain[index] = (entry, (known and known.get(_fingerprint(entry))) or (text if plain_layout else _shaped_entry(entry, shape)))
    yield _shaped_header(po, shape)
    for _, text in plain:
        yield "\n"
        yield text


def _walk(plain: Sequence[tuple[polib.POEntry, str]], body: str) -> tuple[list[bool], str]:
    """Which entries, as l10n writes them, are the file's blocks in the same order (``body``:
    :attr:`FileShape.body`), and the blocks passed over, as one text. A comparison in place, not
    a parse nor a hash: the usual file's entries are all found so, but for the changed ones. An
    entry is looked for at the block the walk is at and at the one after it (an entry changed
    in place or removed); after two changed entries in a row the rest is left to the caller."""
    found = [False] * len(plain)
    left: list[str] = []
    pos, size = 0, len(body)
    for index, (_, text) in enumerate(plain):
        if pos >= size:
            break
        end = pos + len(text)
        if body.startswith(text, pos) and (end == size or body[end] == "\n"):
            found[index] = True
            pos = end + 1
            continue
        after = body.find("\n\n", pos) + 2
        end = after + len(text)
        if after > 1 and body.startswith(text, after) and (end == size or body[end] == "\n"):
            found[index] = True
            left.append(body[pos : after - 1])
            pos = end + 1
    if pos < size:
        left.append(body[pos:])
    return found, "\n".join(left)


def _plain_entry(entry: polib.POEntry) -> str:
    """One entry in l10n's own format (polib's for plural entries)."""
    if entry.msgid_plural or entry.msgstr_plural:
        return polib_text(entry, [entry]) + "\n"
    return _entry_lines(entry)


def _shaped_entry(entry: polib.POEntry, shape: FileShape) -> str:
    """An entry l10n adds or changes, wrapped as the file's own (plural entries by polib)."""
    if not shape.width and not shape.reference_width:
        return _plain_entry(entry)
    if entry.msgid_plural or entry.msgstr_plural:
        return polib_text(entry, [entry], shape.width) + "\n"
    return _wrapped_entry(entry, shape.width, shape.reference_width)


def _header_says(lines: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """What a header's comment lines say as polib reads them (comment text, flags), blank
    comment lines at either end aside: two line lists saying the same are interchangeable."""
    said: list[tuple[str, ...]] = []
    for line in lines:
        if line.startswith("#,"):
            said.append(("flags", *(flag.strip() for flag in line[2:].split(","))))
        elif line == "#" or line.startswith("# "):
            said.append(("comment", line[2:]))
        else:
            said.append(("other", line))
    while said and said[0] == ("comment", ""):
        said.pop(0)
    while said and said[-1] == ("comment", ""):
        said.pop()
    return tuple(said)


_DATE_FIELDS = ('"PO-Revision-Date: ', '"POT-Creation-Date: ')
_HEADER_FIELD_END = re.compile(r'\\n"[ \t]*$')


def _shaped_header(po: polib.POFile, shape: FileShape) -> str:
    """The header entry (comments and metadata) as the file wrote it, with only the changed
    fields' lines rewritten (wrapped at its width), in the file's order of fields; l10n's own
    text when the file's header is not the usual ``msgid ""`` / ``msgstr ""`` then one quoted
    line or more per ``Key: value\\n`` field."""
    fresh = _header_comment(po) + _metadata_block(tuple(po.metadata.items()), bool(po.metadata_is_fuzzy))
    if fresh == shape.header:
        return fresh
    lines = shape.header.split("\n")[:-1]
    fresh_lines = fresh.split("\n")[:-1]
    if not shape.width and len(lines) == len(fresh_lines):
        # The usual case, a header in l10n's format whose dates changed: the fields' lines
        # below would be the file's own but for those dates, each one line as l10n writes it.
        differ = [line for line, new in zip(lines, fresh_lines) if line != new]
        if all(line.startswith(_DATE_FIELDS) for line in differ):
            return fresh
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    if lines[start : start + 2] != ['msgid ""', 'msgstr ""'] or not all(line.startswith('"') for line in lines[start + 2 :]):
        return fresh if not shape.width else _header_comment(po) + _wrapped_entry(po.metadata_as_entry(), shape.width)
    fresh_start = fresh_lines.index('msgid ""')
    comments = fresh_lines[:fresh_start]
    if _header_says(lines[:start]) == _header_says(comments):
        comments = lines[:start]
    # The file's field lines, grouped by field: a wrapped field runs to its line ending in \n".
    fields: dict[str, tuple[str, list[str]]] = {}
    group: list[str] = []
    for line in lines[start + 2 :]:
        group.append(line)
        if _HEADER_FIELD_END.search(line):
            value = "".join(polib.unescape(g.strip()[1:-1]) for g in group)
            fields.setdefault(value.partition(":")[0], (value, group))
            group = []
    wanted = [(name, f"{name}: {value}\n") for name, value in po.ordered_metadata()]
    order = [name for name in fields if name in dict(wanted)]
    if order != [name for name, _ in wanted if name in fields]:  # the file's own order of fields
        wanted = sorted(wanted, key=lambda item: order.index(item[0]) if item[0] in fields else len(order))
    body: list[str] = []
    for name, value in wanted:
        old = fields.get(name)
        body.extend(old[1] if old is not None and old[0] == value else _continuation_lines(value, "", shape.width))
    return "\n".join([*comments, 'msgid ""', 'msgstr ""', *body]) + "\n"


# Break opportunities as gettext finds them (Unicode line breaking, UAX #14, through libunistring),
# the common cases; measured against msgcat --width 40/79/100 on 4,728 entries of the test corpus
# (English, pseudo-accented, Hindi, Japanese, URLs): 98.5 % byte for byte.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3\uff01-\uff60"
_CLOSING = "、。，．・ー…」』）〕］｝〉》！？：；ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〜"
"""Closing punctuation and small kana: no break before them (UAX #14 classes CL, NS, CJ)."""
_BREAK_AFTER = (
    r".*?(?: +|/(?=[^/ \d])|-(?=[^- \d])|\](?=\()|[.,:;](?=[^\W\d_])"
    rf"|[{_CJK}{_CLOSING}](?=[^{_CLOSING}\s\\]))|.+"
)
"""The pattern of the chunks a string breaks into: after spaces, a slash or hyphen inside a word (not before a
digit: "ch09-03", UAX #14 LB25), ``](``, a full stop, comma, colon or semicolon before a letter
(``name.md``, as gettext's libunistring breaks), and between CJK characters except before
closing punctuation. Compiled on first use (:func:`_break_after`): 4 ms of every start-up,
and only catalogs a PO editor wrapped need it."""


@functools.cache
def _break_after() -> re.Pattern[str]:
    return re.compile(_BREAK_AFTER)


def _columns(text: str) -> int:
    """The columns ``text`` takes as gettext counts them (libunistring's ``uc_width``): East
    Asian wide and fullwidth characters two, combining marks and format characters none."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _wrap_field(keyword: str, value: str, prefix: str, width: int) -> list[str]:
    """A field wrapped the way GNU gettext writes it (``write-po.c``): lines of at most ``width``
    columns, broken after spaces, slashes and hyphens and after each ``\\n``; a wrapped string
    starts with ``""``.
    Written here because polib's wrapping (textwrap) breaks before spaces instead."""
    escaped = [polib.escape(part) for part in value.splitlines(True)] or [""]
    single = f'{prefix}{keyword} "{"".join(escaped)}"'
    if len(escaped) == 1 and _columns(single) <= width:
        return [single]
    return [f'{prefix}{keyword} ""', *(line for part in escaped for line in _wrapped_part(part, prefix, width))]


def _continuation_lines(value: str, prefix: str, width: int) -> list[str]:
    """``value``'s quoted lines as they follow a ``msgstr ""`` line: broken after each ``\\n``,
    and wrapped at ``width`` as :func:`_wrap_field` wraps them (0: not wrapped)."""
    escaped = [polib.escape(part) for part in value.splitlines(True)] or [""]
    if not width:
        return [f'{prefix}"{part}"' for part in escaped]
    return [line for part in escaped for line in _wrapped_part(part, prefix, width)]


def _wrapped_part(part: str, prefix: str, width: int) -> list[str]:
    """One escaped line of a string (up to and with its ``\\n``) as quoted lines of at most
    ``width`` columns where break opportunities allow."""
    lines: list[str] = []
    current = ""
    for chunk in _break_after().findall(part):
        if current and len(prefix) + _columns(current) + _columns(chunk) + 2 > width:
            lines.append(f'{prefix}"{current}"')
            current = ""
        current += chunk
    lines.append(f'{prefix}"{current}"')
    return lines


def _wrapped_entry(entry: polib.POEntry, width: int, reference_width: int = 0) -> str:
    """One entry as :func:`_entry_lines` writes it, its strings (``#|`` previous ones too) wrapped
    at ``width`` columns (0: not wrapped) and its ``#:`` references at ``reference_width``
    (0: one line), as GNU gettext's ``write-po.c`` does."""
    lines = _comment_lines(entry, _reference_lines(entry.occurrences, reference_width) if entry.occurrences else [])
    previous = "#~| " if entry.obsolete else "#| "
    delflag = "#~ " if entry.obsolete else ""
    fields = (
        ("msgctxt", entry.previous_msgctxt, previous),
        ("msgid", entry.previous_msgid, previous),
        ("msgctxt", entry.msgctxt, delflag),
        ("msgid", entry.msgid, delflag),
        ("msgstr", entry.msgstr, delflag),
    )
    for keyword, value, prefix in fields:
        if value is not None:
            lines.extend(_wrap_field(keyword, value, prefix, width) if width else _field(keyword, value, prefix))
    return "\n".join(lines) + "\n"


def _reference_lines(occurrences: Sequence[tuple[str, str]], width: int) -> list[str]:
    """``#:`` lines holding the references, a new line when the next would pass ``width``
    columns (GNU gettext's ``message_print_comment_filepos``, which wraps them at 79 even under
    ``--no-wrap``); 0: all on one line, as l10n writes them."""
    if not width:
        return ["#: " + format_references(occurrences)]
    lines: list[str] = []
    current, column = "#:", 2  # the isolates around a name with spaces take no column (write-po.c)
    for path, number in occurrences:
        columns = reference_width(path, number) + 1
        if column > 2 and column + columns > width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + format_reference(path, number)
        column += columns
    return [*lines, current]


@functools.lru_cache(maxsize=64)
def _metadata_block(items: tuple[tuple[str, str], ...], fuzzy: bool) -> str:
    """The header entry's text; a run's catalogs share a few headers (one per language)."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = dict(items)
    po.metadata_is_fuzzy = fuzzy
    return _entry_lines(po.metadata_as_entry())


class TemplateEntry(NamedTuple):
    """One entry of a note's template, as the fields a polib entry would hold (``msgstr`` empty,
    no flags, not obsolete): what extract makes and writes, polib entries being made only to
    merge with an existing catalog."""

    msgctxt: str | None
    msgid: str
    comment: str
    """The ``#.`` comment: the segment kinds, comma-separated."""
    occurrences: tuple[tuple[str, str], ...]
    """``#:`` references as (path, 1-based line as text)."""


def render_template_entries(entries: Iterable[TemplateEntry]) -> list[str]:
    """Each entry as :func:`render_entries` writes the polib entry with the same fields, made
    from the fields directly. Hand-written for speed, measured: making and writing the 127-note
    corpus's templates took 92 ms CPU through polib entries, 51 ms through these tuples (median
    of 30 pairs); the text is tested byte for byte against the polib path."""
    blocks: list[str] = []
    for msgctxt, msgid, comment, occurrences in entries:
        text = "#. " + comment.replace("\n", "\n#. ") + "\n" if comment else ""
        if len(occurrences) == 1 and " " not in occurrences[0][0] and "\t" not in occurrences[0][0]:  # most entries: one line
            path, number = occurrences[0]
            text += "#: " + path + ":" + number + "\n" if number else "#: " + path + "\n"
        elif occurrences:  # (a name with spaces: between isolates, as GNU gettext writes it)
            text += "#: " + format_references(occurrences) + "\n"
        if msgctxt is not None:
            text += "\n".join(_field("msgctxt", msgctxt, "")) + "\n"
        blocks.append(text + "\n".join(_field("msgid", msgid, "")) + '\nmsgstr ""\n')
    return blocks


def render_entries(po: polib.POFile) -> list[str]:
    """Each entry of a catalog without plural forms as text, obsolete ones last."""
    blocks = [_entry_lines(e) for e in po if not e.obsolete]
    blocks.extend(_entry_lines(e) for e in po if e.obsolete)
    return blocks


def _comment_lines(entry: polib.POEntry, references: list[str]) -> list[str]:
    """An entry's comment lines in GNU gettext's order: translator (``#``), extracted (``#.``),
    ``references`` (the ``#:`` lines, dropped for an obsolete entry), flags (``#,``). An item
    holds all the lines of one comment joined by ``\\n`` (callers join the items with ``\\n``):
    a generator and an item per line were a fifth of writing an entry (issue 19)."""
    lines: list[str] = []
    if entry.tcomment:
        lines.append("# " + entry.tcomment.replace("\n", "\n# "))
    if entry.comment and not entry.obsolete:
        lines.append("#. " + entry.comment.replace("\n", "\n#. "))
    if not entry.obsolete:
        lines.extend(references)
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    return lines


# What polib.escape escapes in a PO string (backspace too, as polib and GNU gettext write it),
# or makes str.splitlines (which polib follows) cut it. Each is looked for with ``in`` (a
# memchr-like scan): over the corpus's msgids 2-3x faster than one character class, which sre
# tests character by character (its search was 2.4 % of an extract's instructions, callgrind).
_ESCAPED_OR_BREAKING = ('"', "\\", "\n", "\t", "\r", "\v", "\b", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _field(keyword: str, value: str, prefix: str) -> list[str]:
    for character in _ESCAPED_OR_BREAKING:
        if character in value:
            break
    else:  # most strings: one line, nothing to escape
        return [f'{prefix}{keyword} "{value}"']
    lines = value.splitlines(True)  # polib splits where str.splitlines does (U+2028 included)
    if len(lines) > 1:
        return [f'{prefix}{keyword} ""', *(f'{prefix}"{polib.escape(line)}"' for line in lines)]
    return [f'{prefix}{keyword} "{polib.escape(value)}"']


def _entry_lines(entry: polib.POEntry) -> str:
    references = (
        ["#: " + format_references(entry.occurrences)]
        if entry.occurrences and not entry.obsolete
        else []
    )
    lines = _comment_lines(entry, references)
    previous = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines.extend(_field("msgctxt", entry.previous_msgctxt, previous))
    if entry.previous_msgid is not None:
        lines.extend(_field("msgid", entry.previous_msgid, previous))
    delflag = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines.extend(_field("msgctxt", entry.msgctxt, delflag))
    lines.extend(_field("msgid", entry.msgid, delflag))
    lines.extend(_field("msgstr", entry.msgstr, delflag))
    return "\n".join(lines) + "\n"


_LINE = re.compile(r"^[^\n]*", re.MULTILINE)  # finditer: the lines str.split("\n") gives


def validate_po_text(text: str, path: Path) -> None:
    """Reject what polib would accept silently: unterminated or malformed quoted strings."""
    for number, match in enumerate(_LINE.finditer(text), start=1):  # no list of every line
        stripped = match.group().strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith(("#~", "#|"))):
            continue
        if _KEYWORD_LINE.match(stripped) and not _STRING_LINE.match(stripped):
            raise CatalogError("malformed or unterminated string", path, number)
