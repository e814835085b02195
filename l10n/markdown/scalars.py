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

__all__ = ["toml_string", "yaml_scalar"]

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")


def toml_string(value: str, style: str = "basic") -> str:
    """Write ``value`` as a one-line TOML string that loads back to exactly ``value``: a literal
    string (``'…'``) when the source used one and ``value`` allows it, else a basic string.

    >>> print(toml_string('Notes "1.0"', "literal"), toml_string("नमस्ते"))
    'Notes "1.0"' "नमस्ते"
    """
    if style == "literal" and not any(c == "'" or (c < " " and c != "\t") or c == "\x7f" for c in value):
        return "'" + value + "'"
    # JSON's escapes (\" \\ \b \f \n \r \t \uHHHH) are all TOML basic-string escapes; TOML also
    # forbids DEL unescaped.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def yaml_scalar(value: str, style: str = "plain") -> str:
    """Write ``value`` as a YAML scalar that loads back to exactly ``value``.

    >>> yaml_scalar("नमस्ते दुनिया")
    'नमस्ते दुनिया'
    >>> yaml_scalar("a: b")
    '"a: b"'
    """
    plain = style in ("plain", "block") and _PLAIN_SAFE.match(value) and value == value.strip()
    if plain and ": " not in value and " #" not in value and _loads_as(value, value):
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


def _loads_as(text: str, expected: str) -> bool:
    try:
        return bool(load_yaml("k: " + text) == {"k": expected})
    except YamlError:
        return False
