"""Writing catalogs: gettext text without wrapping (``msgcat --no-wrap``), or keeping the
wrapping of a file saved by another tool; and the check of what polib would accept silently.

Written here, not by polib's generic writer, which was a quarter of ``extract``'s time; saving
is atomic with ``\\n`` line endings (:meth:`l10n.po.catalog.Catalog.save`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import polib

from l10n.errors import CatalogError

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
        text = str(po)
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


# -- keeping the wrapping of a file saved by another tool (Poedit, msgcat: 79 columns) -------------


def detect_wrap_width(text: str) -> int:
    r"""The column width a PO file's strings are wrapped at, or 0 when they are not wrapped.

    A string is wrapped when one of its continuation lines (other than its last) does not end
    with an escaped newline: that break was made for width, not by the text. The width is then
    the longest line of the file that belongs to a string, as gettext counts it (characters,
    quotes included; GNU gettext's default is 79).

    >>> detect_wrap_width('msgid ""\n"Line one\\n"\n"Line two"\n')
    0
    >>> detect_wrap_width('msgid ""\n"A long sentence that "\n"goes on."\n')
    23
    """
    lines = text.split("\n")
    wrapped = False
    longest = 0
    for index, line in enumerate(lines):
        stripped = line.removeprefix("#~ ").removeprefix("#| ")
        if not stripped.startswith('"'):
            continue
        following = lines[index + 1].removeprefix("#~ ").removeprefix("#| ") if index + 1 < len(lines) else ""
        if following.startswith('"') and not line.endswith('\\n"') and line.rstrip() != '""':
            wrapped = True
        longest = max(longest, len(line))
    if not wrapped:
        return 0
    for line in lines:  # the first line of a wrapped string: msgid ""
        if line.lstrip("#~| ").startswith(("msgid", "msgstr", "msgctxt")):
            longest = max(longest, len(line))
    return longest


def _fingerprint(entry: polib.POEntry) -> tuple[object, ...]:
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


def _original_blocks(text: str) -> dict[tuple[object, ...], str]:
    """Each entry's text in a PO file, by what it says (blocks are separated by blank lines)."""
    blocks: dict[tuple[object, ...], str] = {}
    for block in re.split(r"\n[ \t]*\n", text):
        try:
            # After a header entry: polib takes a file's leading comments for the file's header.
            parsed = polib.pofile('msgid ""\nmsgstr ""\n\n' + block + "\n", wrapwidth=0)
        except (OSError, ValueError):
            continue
        entries = list(parsed)
        if len(entries) == 1:
            blocks[_fingerprint(entries[0])] = block.strip("\n") + "\n"
    return blocks


def render_changed(po: polib.POFile, old: Catalog | None) -> str:
    """The text of a catalog l10n has changed: ``PO-Revision-Date`` set to now (catalogs only, not
    templates), and when ``old`` — the file as it was — was wrapped, its unchanged entries are
    written exactly as they were and changed ones wrapped at the same width (by polib, close
    to gettext's), so a reviewer's diff shows only what changed.
    """
    return "".join(changed_parts(po, old))


def changed_parts(po: polib.POFile, old: Catalog | None) -> Iterator[str]:
    """:func:`render_changed`'s text in parts, as :func:`po_parts` gives them."""
    if po.metadata.get("Language"):
        po.metadata["PO-Revision-Date"] = now_stamp()
    if old is None or not old.wrap_width or old.original_text is None:
        yield from po_parts(po)
        return
    known = _original_blocks(old.original_text)
    yield _header_comment(po)
    yield _metadata_block(tuple(po.metadata.items()), bool(po.metadata_is_fuzzy))
    for obsolete in (False, True):
        for entry in po:
            if bool(entry.obsolete) is obsolete:
                original = known.get(_fingerprint(entry))
                yield "\n"
                yield original if original is not None else _wrapped_entry(entry, old.wrap_width)


# Break opportunities as gettext finds them (Unicode line breaking, UAX #14, through libunistring),
# the common cases: after spaces, and after a slash or hyphen inside a word (URLs, compounds).
_BREAK_AFTER = re.compile(r".*?(?: +|/(?=[^/ ])|-(?=[^- ])|\](?=\())|.+")


def _wrap_field(keyword: str, value: str, prefix: str, width: int) -> list[str]:
    """A field wrapped the way GNU gettext writes it (``write-po.c``): lines of at most ``width``
    columns, broken after spaces, slashes and hyphens and after each ``\\n``; a wrapped string
    starts with ``""``.
    Written here because polib's wrapping (textwrap) breaks before spaces instead."""
    escaped = [polib.escape(part) for part in value.splitlines(True)] or [""]
    single = f'{prefix}{keyword} "{"".join(escaped)}"'
    if len(escaped) == 1 and len(single) <= width:
        return [single]
    lines = [f'{prefix}{keyword} ""']
    for part in escaped:
        current = ""
        for chunk in _BREAK_AFTER.findall(part):
            if current and len(prefix) + len(current) + len(chunk) + 2 > width:
                lines.append(f'{prefix}"{current}"')
                current = ""
            current += chunk
        lines.append(f'{prefix}"{current}"')
    return lines


def _wrapped_entry(entry: polib.POEntry, width: int) -> str:
    """One entry as :func:`_entry_lines` writes it, its strings wrapped at ``width``."""
    plain = _entry_lines(entry).split("\n")
    fields = [(k, v) for k, v in (("msgctxt", entry.msgctxt), ("msgid", entry.msgid), ("msgstr", entry.msgstr)) if v is not None]
    delflag = "#~ " if entry.obsolete else ""
    head = [line for line in plain if line.startswith("#") and not line.startswith(("#~ msg", '#~ "'))]
    body = [line for key, value in fields for line in _wrap_field(key, value, delflag, width)]
    return "\n".join([*head, *body]) + "\n"


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
        if occurrences:
            text += "#: " + " ".join(f"{path}:{number}" if number else path for path, number in occurrences) + "\n"
        if msgctxt is not None:
            text += "\n".join(_field("msgctxt", msgctxt, "")) + "\n"
        blocks.append(text + "\n".join(_field("msgid", msgid, "")) + '\nmsgstr ""\n')
    return blocks


def render_entries(po: polib.POFile) -> list[str]:
    """Each entry of a catalog without plural forms as text, obsolete ones last."""
    blocks = [_entry_lines(e) for e in po if not e.obsolete]
    blocks.extend(_entry_lines(e) for e in po if e.obsolete)
    return blocks


# What needs escaping in a PO string, or makes str.splitlines (which polib follows) cut it.
_ESCAPE_OR_LINE_BREAK = re.compile(r'[\\"\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]')


def _field(keyword: str, value: str, prefix: str) -> list[str]:
    if not _ESCAPE_OR_LINE_BREAK.search(value):
        return [f'{prefix}{keyword} "{value}"']  # most strings: one line, nothing to escape
    lines = value.splitlines(True)  # polib splits where str.splitlines does (U+2028 included)
    if len(lines) > 1:
        return [f'{prefix}{keyword} ""', *(f'{prefix}"{polib.escape(line)}"' for line in lines)]
    return [f'{prefix}{keyword} "{polib.escape(value)}"']


def _entry_lines(entry: polib.POEntry) -> str:
    lines: list[str] = []
    if entry.tcomment:
        lines.extend(f"# {line}" for line in entry.tcomment.split("\n"))
    if entry.comment and not entry.obsolete:
        lines.extend(f"#. {line}" for line in entry.comment.split("\n"))
    if entry.occurrences and not entry.obsolete:
        lines.append("#: " + " ".join(f"{path}:{number}" if number else path for path, number in entry.occurrences))
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
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
