"""Writers of one front-matter value: a TOML string or a YAML scalar that loads back exactly.

Used by :class:`l10n.markdown.document.Segment` (to render a translated front-matter value) and by
:mod:`l10n.markdown.frontmatter` (to edit ``lang``/``translated``); kept apart so that those two modules
do not import each other. Rules: TOML 1.0 strings (toml.io, "String"), YAML 1.2 flow scalars
(yaml.org/spec/1.2.2, section 7.3), checked by loading the result back with :mod:`l10n.markdown.yaml12`.
"""

from __future__ import annotations

import json
import re

from l10n.markdown.yaml12 import YamlError
from l10n.markdown.yaml12 import load as load_yaml

__all__ = ["json_string", "shortcode_string", "toml_multiline_content", "toml_string", "yaml_block_lines", "yaml_scalar"]

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")


def toml_string(value: str, style: str = "basic", eol: str = "\n") -> str:
    """Write ``value`` as a one-line TOML string that loads back to exactly ``value``: a literal
    string (``'…'``) when the source used one and ``value`` allows it, else a basic string.
    Styles ``multiline-basic`` and ``multiline-literal`` give the *content* of a multi-line
    string instead (:func:`toml_multiline_content`), its line breaks written as ``eol``.

    >>> print(toml_string('Notes "1.0"', "literal"), toml_string("नमस्ते"))
    'Notes "1.0"' "नमस्ते"
    """
    if style.startswith("multiline-"):
        return toml_multiline_content(value, style == "multiline-literal", eol)
    if style == "literal" and not any(c == "'" or (c < " " and c != "\t") or c == "\x7f" for c in value):
        return "'" + value + "'"
    # JSON's escapes (\" \\ \b \f \n \r \t \uHHHH) are all TOML basic-string escapes; TOML also
    # forbids DEL unescaped.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def json_string(value: str) -> str:
    r"""Write ``value`` as a JSON string (RFC 8259, section 7) that loads back to exactly
    ``value``: quotes, backslashes and control characters escaped, other characters as they
    are (UTF-8, as Hugo reads a page), U+2028 and U+2029 escaped too (valid in JSON, line
    breaks to JavaScript and to editors).

    >>> print(json_string('Notes "1.0"\nनमस्ते'))
    "Notes \"1.0\"\nनमस्ते"
    """
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_TOML_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_THREE_APOSTROPHES = "'" * 3


def toml_multiline_content(value: str, literal: bool, eol: str = "\n") -> str:
    r"""The text between the delimiters of a TOML multi-line string (TOML 1.0, "String") that
    loads back to ``value``, line breaks written as ``eol``. In a basic string (three quotes)
    backslashes, quotes and control characters are escaped; a literal string (three
    apostrophes) has no escapes, so its control characters other than tab are dropped and a run
    of three apostrophes, the one text it cannot hold, is broken by U+2019.

    >>> print(toml_multiline_content('Say "hi" \\ bye', False))
    Say \"hi\" \\ bye
    >>> print(toml_multiline_content("it" + "'" * 3 + "s", True))
    it''’s
    """
    text = value.replace("\r\n", "\n")
    if literal:
        text = _TOML_CONTROL.sub("", text.replace("\r", ""))
        while _THREE_APOSTROPHES in text:
            text = text.replace(_THREE_APOSTROPHES, "''\u2019")
    else:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
        text = _TOML_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace("\n", eol)


_QUOTE_AFTER_BACKSLASHES = re.compile(r'(\\*)"')


def shortcode_string(value: str) -> str:
    r"""The text between the quotes of a Hugo shortcode argument (``title="…"``) reading
    ``value``: one line, each ``"`` not already escaped given a backslash (Hugo's shortcode
    lexer reads escaped quotes in a quoted value; a msgid keeps the source's ``\"`` as
    written), trailing backslashes dropped so none escapes the closing quote.

    >>> print(shortcode_string('Ein "Hinweis"\nhier, \\"so\\"'))
    Ein \"Hinweis\" hier, \"so\"
    """
    one_line = " ".join(value.split("\n"))
    escaped = _QUOTE_AFTER_BACKSLASHES.sub(
        lambda m: m.group(1) + ("\\" if len(m.group(1)) % 2 == 0 else "") + '"', one_line
    )
    return escaped.rstrip("\\")


def yaml_block_lines(value: str, indent: str, eol: str = "\n") -> str:
    r"""The content lines of a YAML block scalar (``|`` or ``>``; YAML 1.2, section 8.1) that
    hold ``value``: each line after the first at ``indent`` (the first line's indentation is
    already in the source), leading blanks of a line dropped (a line indented more than the
    block reads differently), empty lines left empty.

    >>> print(yaml_block_lines("Eins\n\n  Zwei", "  "))
    Eins
    <BLANKLINE>
      Zwei
    """
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = [lines[0].lstrip(" \t")]
    for line in lines[1:]:
        stripped = line.lstrip(" \t")
        out.append(eol + (indent + stripped if stripped else ""))
    return "".join(out)


def yaml_scalar(value: str, style: str = "plain") -> str:
    """Write ``value`` as a YAML scalar that loads back to exactly ``value``: plain when the
    source's ``style`` was (``plain``, ``block``, or ``flow-plain`` for an item of a flow sequence,
    where ``,[]{}`` are not plain text) and plain text reads back the same, single-quoted when
    the source's was and that does, else double-quoted.

    >>> yaml_scalar("नमस्ते दुनिया")
    'नमस्ते दुनिया'
    >>> yaml_scalar("a: b")
    '"a: b"'
    """
    flow = style == "flow-plain"  # an item of a flow sequence ("[a, b]"): ",[]{}" end a plain scalar there
    plain = style in ("plain", "block", "flow-plain") and _PLAIN_SAFE.match(value) and value == value.strip()
    if plain and flow and _FLOW_INDICATORS.search(value):
        plain = False
    if plain and ": " not in value and " #" not in value and _loads_as(value, value, flow):
        return value
    if style == "single" and "\n" not in value and value == value.strip():
        candidate = "'" + value.replace("'", "''") + "'"
        if _loads_as(candidate, value):
            return candidate
    quoted = json.dumps(value, ensure_ascii=False)
    # YAML 1.1 readers (PyYAML, Jekyll's Psych) treat these as line breaks inside quotes.
    for char, escape in (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\x85")):
        quoted = quoted.replace(char, escape)
    return quoted


_FLOW_INDICATORS = re.compile(r"[,\[\]{}]")


def _loads_as(text: str, expected: str, flow: bool = False) -> bool:
    """Whether ``text`` loads back as ``expected``: as a mapping's value, or as the one item of
    a flow sequence (``flow``)."""
    try:
        if flow:
            return bool(load_yaml("k: [" + text + "]") == {"k": [expected]})
        return bool(load_yaml("k: " + text) == {"k": expected})
    except YamlError:
        return False
