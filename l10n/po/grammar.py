"""The layout of a usual PO entry, as gettext tools and l10n write it, for the fast readers.

Both fast readers (:mod:`l10n.po.scan` into decisions, :func:`l10n.po.catalog.load_catalog` into
polib entries) take this layout and raise :class:`UnusualCatalogError` outside it, so that polib
(and :func:`l10n.po.writer.validate_po_text`) reads the file and decides.
"""

from __future__ import annotations

import re

_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*$')


class UnusualCatalogError(Exception):
    """Outside the fast reader's grammar: let polib (and our validation) read it."""


_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"[ \t]*'
# The usual live entry, whole: comment lines, then msgctxt, msgid and msgstr, each a quoted
# string optionally continued on the next lines. Other blocks go through _read_entry.
USUAL_ENTRY = re.compile(
    r"(?P<comments>(?:#(?:[,|.: ][^\n]*)?\n)*)"
    rf"(?:msgctxt (?P<msgctxt>{_STRING}(?:\n{_STRING})*)\n)?"
    rf"msgid (?P<msgid>{_STRING}(?:\n{_STRING})*)\n"
    rf"msgstr (?P<msgstr>{_STRING}(?:\n{_STRING})*)\n?"
)
PLAIN_ENTRY = re.compile(
    r"(?:#\. ([^\n]*)\n)?(?:#:[^\n]*\n)*"
    r'(?:msgctxt "([^"\\\n]*)"\n)?'
    r'msgid "([^"\\\n]*)"\n'
    r'msgstr "([^"\\\n]*)"\n?'
)
"""The entry l10n writes for a segment (``msgcat --no-wrap`` layout), a special case of
:data:`USUAL_ENTRY`: at most one ``#.`` line (the block kinds, group 1), then ``#:`` lines, and
each field one string without escapes, so the groups (msgctxt, msgid, msgstr) are the values
themselves. Most entries of a catalog take it: read without a step per comment line or an
unescape per field."""
_STRING_VALUE = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')


def field_value(quoted_lines: str) -> str:
    """The value of a field's strings as :data:`USUAL_ENTRY` matched them (one quoted string
    per line, perhaps followed by blanks), unescaped as polib does."""
    if quoted_lines[-1] == '"' and "\n" not in quoted_lines:  # one string, nothing after it
        value = quoted_lines[1:-1]
    else:
        value = "".join(_STRING_VALUE.findall(quoted_lines))
    return _unescape(value) if "\\" in value else value


def fast_unquote(quoted: str) -> str:
    match = _QUOTED.match(quoted)
    if match is None:
        raise UnusualCatalogError
    value = match.group(1)
    return _unescape(value) if "\\" in value else value


_ESCAPE = re.compile(r'\\(\\|n|t|r|v|b|f|")')
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}


def _unescape(value: str) -> str:
    """``value`` read as polib 1.2's ``unescape`` reads it (``\\\\``, ``\\n``, ``\\t``, ``\\r``,
    ``\\v``, ``\\b``, ``\\f`` and ``\\"``; any other backslash stays), so the fast readers give
    what polib's parser gives (``tests/test_po_grammar.py`` holds the two equal on any text).
    Written here rather than called: importing polib, and the PO writer with it, cost a build
    that reads its catalogs with the fast reader 3 ms of CPU a run."""
    return _ESCAPE.sub(lambda match: _ESCAPED[match.group(1)], value)


_CHARSET = re.compile(rb'^"Content-Type:[^"\n]*charset=([A-Za-z0-9_.:-]+)', re.MULTILINE | re.IGNORECASE)


def undecodable(raw: bytes, exc: UnicodeDecodeError) -> tuple[str, int]:
    """The message and 1-based line for a catalog ``raw`` that is not UTF-8 where ``exc`` says.

    GNU gettext reads a catalog in the charset its header's ``Content-Type`` declares
    (``msgconv --to-code=ISO-8859-1`` writes one that ``msgfmt -c`` accepts); l10n reads and
    writes UTF-8 only, as its writer, fast readers, digests and the memory work on UTF-8 text.
    So the message names the declared charset and the conversion that fixes it, losslessly:
    ``msgconv --to-code=UTF-8``.

    >>> undecodable(b'msgid ""\\nmsgstr ""\\n"Content-Type: text/plain; charset=ISO-8859-1\\\\n"\\n\\nmsgid "x"\\nmsgstr "\\xfc"\\n',
    ...             UnicodeDecodeError("utf-8", b"", 0, 1, "invalid"))[0]
    'not valid UTF-8 (its header declares charset ISO-8859-1, which l10n does not read): convert it with msgconv --to-code=UTF-8'
    """
    line = raw[: exc.start].count(b"\n") + 1
    declared = _CHARSET.search(raw[:4096])
    charset = declared.group(1).decode("ascii") if declared else None
    if charset and charset.replace("-", "").lower() != "utf8":
        message = (
            f"not valid UTF-8 (its header declares charset {charset}, which l10n does not read): "
            "convert it with msgconv --to-code=UTF-8"
        )
        return message, line
    return f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); convert it to UTF-8", line
