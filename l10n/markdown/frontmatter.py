"""Front matter: find the YAML, TOML or JSON block, read its values safely, rewrite single keys in place.

YAML (``---`` … ``---``, Jekyll, Hugo, MkDocs, Docusaurus) is read with a safe loader and the
YAML 1.2 core schema (:mod:`l10n.markdown.yaml12`: ``on: yes`` stays text, no object construction). TOML
(``+++`` … ``+++``, Hugo's own front matter, https://gohugo.io/content-management/front-matter/)
is read with the standard library's ``tomllib``. JSON (an object at the very start of the note,
Hugo's third format; its own braces delimit it) is read with :mod:`json`. None is ever dumped again: output front
matter is the source text with only the translated values and the ``lang``/``translated`` values
replaced, so key order, quoting, comments and every other byte survive (python-frontmatter's
``dumps`` loses all of these; a TOML round trip through a writer would too).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from l10n.errors import DocumentError
from l10n.markdown.document import Edit, Segment, SegmentKind, Style
from l10n.markdown.scalars import json_string, toml_string, yaml_scalar
from l10n.markdown.yaml12 import YamlError
from l10n.markdown.yaml12 import load as load_yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_OPEN = re.compile(r"---[ \t]*(\r\n|\r|\n)")
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*(\r\n|\r|\n)")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r\n|\r|\n|\Z)", re.MULTILINE)
_TOML_ERROR_LINE = re.compile(r"at line (\d+)")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)", re.MULTILINE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")


@dataclass(frozen=True)
class FrontMatter:
    """The front matter block of a note: spans are character offsets into the note text."""

    start: int
    end: int
    """End of the closing delimiter line (its line ending included)."""
    body_start: int
    """First character of the YAML text."""
    body_end: int
    """First character of the closing delimiter line."""
    data: dict[str, Any]
    eol: str
    first_line: int = 1
    format: str = "yaml"
    """``yaml`` (``---`` delimiters), ``toml`` (``+++``) or ``json`` (an object: its braces are
    part of the body, which runs from the opening ``{`` to the closing ``}``)."""

    def text(self, source: str) -> str:
        return source[self.body_start : self.body_end]


def find_front_matter(source: str, path: str = "<note>") -> FrontMatter | None:
    """Locate and parse the front matter at the very start of ``source`` (BOM removed).

    Raises :class:`DocumentError` (with the 1-based line) for an unterminated block, invalid
    YAML, TOML or JSON, or front matter that is not a mapping of keys to values."""
    if source.startswith("+++"):
        return _find_toml_front_matter(source, path)
    if source.startswith("{"):
        return _find_json_front_matter(source, path)
    opening = _OPEN.match(source)
    if not opening:
        return None
    closing = _CLOSE.search(source, opening.end())
    if closing is None:
        raise DocumentError("front matter is not terminated (no closing '---' line)", path, 1)
    body = source[opening.end() : closing.start()]
    try:
        data = load_yaml(body) if body.strip() else {}
    except YamlError as exc:
        line = exc.line + 2 if exc.line is not None else 1  # + the opening delimiter, from 1
        raise DocumentError(f"invalid YAML in front matter: {exc.problem}", path, line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DocumentError(f"front matter must be a mapping of keys to values, got a {type(data).__name__}", path, 2)
    return FrontMatter(
        start=0,
        end=closing.end(),
        body_start=opening.end(),
        body_end=closing.start(),
        data={str(k): v for k, v in data.items()},
        eol=opening.group(1),
    )


def _find_toml_front_matter(source: str, path: str) -> FrontMatter | None:
    opening = _TOML_OPEN.match(source)
    if not opening:
        return None
    closing = _TOML_CLOSE.search(source, opening.end())
    if closing is None:
        raise DocumentError("front matter is not terminated (no closing '+++' line)", path, 1)
    body = source[opening.end() : closing.start()]
    try:
        data = tomllib.loads(body.replace("\r\n", "\n"))
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_ERROR_LINE.search(str(exc))
        line = int(where.group(1)) + 1 if where else 1  # + the opening delimiter
        problem = str(exc).split(" (at ", 1)[0]
        raise DocumentError(f"invalid TOML in front matter: {problem}", path, line) from None
    return FrontMatter(
        start=0,
        end=closing.end(),
        body_start=opening.end(),
        body_end=closing.start(),
        data=data,
        eol=opening.group(1),
        format="toml",
    )


# Hugo's page lexer (parser/pageparser/pagelexer_intro.go, lexFrontMatterJSON) takes any "{" at
# the start for JSON front matter and fails the build when it is no object ("{{< youtube >}}"
# first: gohugoio/hugo#7176). A JSON object's first member is a string key, so only "{" then
# blanks then '"' (or the '}' of an empty object) opens one: a template tag ("{{ … }}",
# "{% … %}") or a kramdown extension ("{::options … /}", "{: .class}") starting a note is text.
_JSON_OPEN = re.compile(r'\{[ \t\r\n]*["}]')
_JSON_SPACE = re.compile(r"[ \t\r\n]*")  # JSON's whitespace (RFC 8259, section 2)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_JSON_DECODER = json.JSONDecoder()


def _skip_space(source: str, pos: int) -> int:
    """The first offset at or after ``pos`` that is no JSON whitespace."""
    blanks = _JSON_SPACE.match(source, pos)
    return blanks.end() if blanks else pos


def _line_of(source: str, offset: int) -> int:
    """The 1-based line of ``source[offset]`` (CRLF, CR and LF each end a line)."""
    return len(_LINE_BREAK.findall(source, 0, offset)) + 1


def _find_json_front_matter(source: str, path: str) -> FrontMatter | None:
    """Hugo's JSON front matter: an object from the note's first character to the ``}`` that
    closes it (Hugo's lexer counts braces outside strings; for an object that parses, that is
    where :meth:`json.JSONDecoder.raw_decode` ends), then the end of that line. None when the
    note does not open an object (:data:`_JSON_OPEN`) or text follows the ``}`` on its line
    (Hugo would read that text as the body's start; l10n leaves such a note whole as text)."""
    if not _JSON_OPEN.match(source):
        return None
    try:
        data, end = _JSON_DECODER.raw_decode(source)
    except json.JSONDecodeError as exc:
        if not _json_braces_close(source):
            raise DocumentError("front matter is not terminated (no closing '}' of its JSON object)", path, 1) from None
        raise DocumentError(f"invalid JSON in front matter: {exc.msg}", path, _line_of(source, exc.pos)) from None
    closing = _JSON_CLOSE.match(source, end)
    if closing is None:
        return None
    first_break = _LINE_BREAK.search(source, 0, closing.end())
    return FrontMatter(
        start=0,
        end=closing.end(),
        body_start=0,
        body_end=end,
        data=data,
        eol=first_break.group() if first_break else "\n",
        format="json",
    )


_JSON_CLOSE = re.compile(r"[ \t]*(?:\r\n|\r|\n|\Z)")
_JSON_BRACE_TOKENS = re.compile(r'[{}"]|\\.', re.DOTALL)


def _json_braces_close(source: str) -> bool:
    """Whether the brace opening ``source`` is closed as Hugo's lexer counts (braces outside
    double quotes, a backslash escaping the next character): only asked for an error message."""
    level, quoted = 0, False
    for token in _JSON_BRACE_TOKENS.finditer(source):
        char = token.group()
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "{}":
            level += 1 if char == "{" else -1
            if level == 0:
                return True
    return False


def _json_members(source: str, fm: FrontMatter) -> list[tuple[str, int, int, int]]:
    """The members of a JSON front matter's object in source order: (key, key start, value
    start, value end), offsets into ``source``; the value span is the JSON text of the value,
    quotes included. ``fm`` must be a JSON front matter that parsed (so every step holds)."""
    members: list[tuple[str, int, int, int]] = []
    pos = _skip_space(source, fm.body_start + 1)
    if source[pos] == "}":
        return members
    while True:
        key_start = pos
        key, pos = json.decoder.scanstring(source, pos + 1)  # type: ignore[attr-defined]
        pos = _skip_space(source, pos) + 1  # past ":"
        value_start = _skip_space(source, pos)
        _, value_end = _JSON_DECODER.raw_decode(source, value_start)
        members.append((str(key), key_start, value_start, value_end))
        pos = _skip_space(source, value_end)
        if source[pos] == "}":
            return members
        pos = _skip_space(source, pos + 1)  # past ","


def _json_key_spans(source: str, fm: FrontMatter, wanted: Collection[str]) -> dict[str, _KeySpan]:
    """The span of each ``wanted`` top-level key's value in a JSON front matter. A key written
    twice is its last occurrence: the one JSON readers keep (Python's :mod:`json`; Go's
    ``encoding/json``, Hugo's, overwrites a map entry with each occurrence)."""
    spans: dict[str, _KeySpan] = {}
    for key, key_start, value_start, value_end in _json_members(source, fm):
        if key in wanted:
            style = "string" if source[value_start] == '"' else "array" if source[value_start] == "[" else "other"
            spans[key] = _KeySpan(_line_of(source, key_start), value_start, value_end, style)
    return spans


@dataclass(frozen=True)
class _KeySpan:
    line: int
    value_start: int
    value_end: int
    style: str
    """plain, single, double or block: how the value is written in the source."""


# Linear in the line: no lazy key before ``[ \t]*`` (the caller strips the key's spaces), and a
# comment's blanks are matched from the start of their run only.
_KEY = re.compile(r"""(?:"([^"]+)"[ \t]*|'([^']+)'[ \t]*|([^\s#'"][^:#]*)):(?=[ \t]|\r|\n|$)""")
_LINE_END = re.compile(r"[^\r\n]*")
_COMMENT = re.compile(r"(?<![ \t])[ \t]+#")
_DOUBLE_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_SINGLE_QUOTED = re.compile(r"'(?:[^']|'')*'")
_STYLES = {'"': "double", "'": "single", "|": "block", ">": "block"}


def _key_spans(source: str, fm: FrontMatter, wanted: Collection[str] | None = None) -> dict[str, _KeySpan]:
    """Map each top-level key (or each ``wanted`` one) to the span of its value text (comments excluded)."""
    found: list[tuple[str, int, int, int]] = []  # key, line, value_start, value_end
    current: tuple[str, int, int, int] | None = None
    line_no = 1
    for match in _LINE.finditer(source, fm.body_start, fm.body_end):
        raw = match.group()
        if not raw:
            continue
        line_no += 1
        offset = match.start()
        text = raw.rstrip("\r\n")
        key_match = _KEY.match(text)
        if key_match:
            if current:
                found.append(current)
            name = (key_match.group(1) or key_match.group(2) or key_match.group(3)).strip()
            rest = text[key_match.end() :].lstrip(" \t")
            if rest.startswith("#"):  # "key:  # comment": no value on this line
                value_start = value_end = offset + key_match.end()
            else:
                value_start, value_end = offset + len(text) - len(rest), offset + len(text.rstrip(" \t"))
            current = (name, line_no, value_start, value_end)
        elif current and (text[:1] in (" ", "\t") or not text.strip()):
            stripped = text.strip()
            if stripped and not stripped.startswith("#"):
                start = current[2]
                if start == current[3]:  # "key:" alone: the value starts on this line
                    start = offset + len(text) - len(text.lstrip(" \t"))
                current = (current[0], current[1], start, offset + len(text.rstrip(" \t")))
        elif current:
            found.append(current)
            current = None
    if current:
        found.append(current)
    spans: dict[str, _KeySpan] = {}
    for key, line, value_start, value_end in found:
        if key in spans or (wanted is not None and key not in wanted):
            continue
        value = source[value_start:value_end]
        style = _STYLES.get(value[:1], "plain")
        single_line = "\n" not in value and "\r" not in value
        if style == "plain" and single_line:
            comment = _COMMENT.search(value)
            if comment:
                value_end = value_start + comment.start()
        elif style in ("double", "single") and single_line:
            quoted = (_DOUBLE_QUOTED if style == "double" else _SINGLE_QUOTED).match(value)
            if quoted:
                value_end = value_start + quoted.end()
        spans[key] = _KeySpan(line, value_start, value_end, style)
    return spans


# A top-level TOML key/value line (TOML 1.0 "Keys", "String"): a bare or quoted key, then a
# one-line basic or literal string, or any other value up to a comment.
_TOML_KEY_VALUE = re.compile(
    r"""[ \t]*(?:([A-Za-z0-9_-]+)|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)')[ \t]*=[ \t]*"""
    r"""(?P<value>"(?!"")(?:[^"\\\n]|\\.)*"|'(?!'')[^'\n]*'|[^\s#"'\[{][^#\r\n]*?)[ \t]*(?:#[^\r\n]*)?$"""
)
_TOML_TABLE = re.compile(r"[ \t]*\[")
_TOML_STYLES = {'"': "basic", "'": "literal"}
# A key whose value is a multi-line string (TOML 1.0 "String": three quotes or apostrophes);
# its content runs to the first run of 3 to 5 delimiter characters (up to two belong to it).
_TOML_MULTILINE_OPEN = re.compile(
    r"""[ \t]*(?:([A-Za-z0-9_-]+)|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)')[ \t]*=[ \t]*(?P<delimiter>\"\"\"|\'\'\')"""
)
_TOML_MULTILINE_BODY = {
    '"': re.compile(r'(?:[^"\\]|\\.|"{1,2}(?!"))*"{3,5}', re.DOTALL),
    "'": re.compile(r"(?:[^']|'{1,2}(?!'))*'{3,5}", re.DOTALL),
}


def _toml_multiline_span(source: str, content_start: int, delimiter: str, limit: int) -> tuple[int, int, int] | None:
    """(content start, content end, string end) of the multi-line string whose opening
    delimiter ends at ``content_start``, or None when it is not closed before ``limit``. The
    content leaves out the newline right after the opening delimiter (TOML trims it) and the
    line breaks before the closing one, so both stay as written."""
    body = _TOML_MULTILINE_BODY[delimiter[0]].match(source, content_start, limit)
    if body is None:
        return None
    run = len(body.group()) - len(body.group().rstrip(delimiter[0]))
    end = body.end() - 3
    start = content_start
    for newline in ("\r\n", "\n"):
        if source.startswith(newline, start):
            start += len(newline)
            break
    if run == 3:  # (quotes right before the closing delimiter are content, kept in the span)
        while end > start and source[end - 1] in "\r\n":
            end -= 1
    return start, end, body.end()


_TOML_ARRAY_OPEN = re.compile(
    r"""[ \t]*(?:([A-Za-z0-9_-]+)|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)')[ \t]*=[ \t]*\["""
)
_TOML_GAP = re.compile(r"(?:[ \t\r\n]|#[^\r\n]*)*")  # whitespace, newlines and comments between array items
_TOML_ONE_LINE = {'"': re.compile(r'"(?:[^"\\\r\n]|\\.)*"'), "'": re.compile(r"'[^'\r\n]*'")}
_TOML_OTHER_VALUE = re.compile(r"[^,\]\[{}\"'#\s]+")  # a number, boolean or date: up to a separator


def _toml_skip_gap(source: str, pos: int, limit: int) -> int:
    gap = _TOML_GAP.match(source, pos, limit)
    return gap.end() if gap else pos


def _toml_string_item(source: str, pos: int, limit: int) -> tuple[int, int, str, int] | None:
    """The string starting at ``pos``: (replaced span start, end, style, end of the string);
    the span of a one-line string holds its quotes, that of a multi-line one its content
    (as :func:`_toml_key_spans` gives them). None when it is not closed before ``limit``."""
    if source.startswith(('"""', "'''"), pos):
        delimiter = source[pos : pos + 3]
        found = _toml_multiline_span(source, pos + 3, delimiter, limit)
        if found is None:
            return None
        style = "multiline-basic" if delimiter[0] == '"' else "multiline-literal"
        return found[0], found[1], style, found[2]
    one_line = _TOML_ONE_LINE[source[pos]].match(source, pos, limit)
    if one_line is None:
        return None
    return pos, one_line.end(), _TOML_STYLES[source[pos]], one_line.end()


def _toml_skip_value(source: str, pos: int, limit: int) -> int | None:
    """The end of the non-string value (number, boolean, date, array, inline table) at ``pos``."""
    depth = 0
    while pos < limit:
        char = source[pos]
        if char in "\"'":
            string = _toml_string_item(source, pos, limit)
            if string is None:
                return None
            pos = string[3]
            continue
        if char == "#":
            pos = _toml_skip_gap(source, pos, limit)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}" or (char == "," and depth == 0):
            if depth == 0:
                return pos
            depth -= 1
            if depth == 0:
                return pos + 1
        elif depth == 0:
            other = _TOML_OTHER_VALUE.match(source, pos, limit)
            return other.end() if other else None
        pos += 1
    return None


def _toml_array_items(source: str, open_at: int, limit: int) -> tuple[list[tuple[int, int, str] | None], int] | None:
    """The items of the TOML array whose ``[`` is at ``open_at`` (TOML 1.0, "Array": values
    separated by commas, with whitespace, newlines and comments between them, a trailing comma
    allowed): each string item's replaced span and style (as :func:`_toml_string_item`),
    None for any other value; and the offset after the closing ``]``. None when the array is
    not one this scanner reads before ``limit`` (the caller then leaves it alone)."""
    items: list[tuple[int, int, str] | None] = []
    pos = _toml_skip_gap(source, open_at + 1, limit)
    while pos < limit:
        if source[pos] == "]":
            return items, pos + 1
        if source[pos] in "\"'":
            string = _toml_string_item(source, pos, limit)
            if string is None:
                return None
            items.append(string[:3])
            pos = string[3]
        else:
            end = _toml_skip_value(source, pos, limit)
            if end is None or end == pos:
                return None
            items.append(None)
            pos = end
        pos = _toml_skip_gap(source, pos, limit)
        if source[pos : pos + 1] == ",":
            pos = _toml_skip_gap(source, pos + 1, limit)
        elif source[pos : pos + 1] != "]":
            return None
    return None


def _toml_key_spans(source: str, fm: FrontMatter, wanted: Collection[str]) -> tuple[dict[str, _KeySpan], int]:
    """Top-level keys of a TOML front matter (those before the first table header) with the
    span of their one-line value; and where the top-level part ends (the first header line)."""
    spans: dict[str, _KeySpan] = {}
    line_no = 1
    resume = -1  # the end of a multi-line string: its lines are no keys
    for match in _LINE.finditer(source, fm.body_start, fm.body_end):
        raw = match.group()
        if not raw:
            continue
        line_no += 1
        if match.start() < resume:
            continue
        text = raw.rstrip("\r\n")
        if _TOML_TABLE.match(text):
            return spans, match.start()
        multiline = _TOML_MULTILINE_OPEN.match(text) if ('"""' in text or "'''" in text) else None
        if multiline is not None:
            delimiter = multiline.group("delimiter")
            found = _toml_multiline_span(source, match.start() + multiline.end(), delimiter, fm.body_end)
            if found is None:
                continue
            resume = found[2]
            key = multiline.group(1) or multiline.group(2) or multiline.group(3) or ""
            if key in wanted and key not in spans:
                style = "multiline-basic" if delimiter[0] == '"' else "multiline-literal"
                spans[key] = _KeySpan(line_no, found[0], found[1], style)
            continue
        array = _TOML_ARRAY_OPEN.match(text) if "[" in text else None
        if array is not None:
            open_at = match.start() + array.end() - 1
            scanned = _toml_array_items(source, open_at, fm.body_end)
            if scanned is not None:
                resume = scanned[1]  # its lines are no keys
                key = array.group(1) or array.group(2) or array.group(3) or ""
                if key in wanted and key not in spans:
                    spans[key] = _KeySpan(line_no, open_at, scanned[1], "array")
                continue
        pair = _TOML_KEY_VALUE.match(text)
        if pair is None:
            continue
        key = pair.group(1) or pair.group(2) or pair.group(3) or ""
        if key in wanted and key not in spans:
            start = match.start() + pair.start("value")
            style = _TOML_STYLES.get(pair.group("value")[:1], "other")
            spans[key] = _KeySpan(line_no, start, match.start() + pair.end("value"), style)
    return spans, fm.body_end


def _rewrites_safely(
    source: str, fm: FrontMatter, edits: Sequence[Edit], changed: dict[str, Any], parsed: bool = False
) -> bool:
    """True when the front matter with ``edits`` applied still parses, to the same mapping but
    for ``changed``. The splice never re-renders YAML, so shapes the key finder does not
    understand (an anchored value used by an alias, a value on the next line, a key inside a
    multi-line flow mapping, front matter that is one flow mapping) are caught here instead of
    producing front matter that no longer parses (issue 15). ``parsed``: ``fm.data`` is the
    mapping just read from ``source`` (else the original is parsed again: a front matter from
    the segmentation cache has no data)."""
    body = original = source[fm.body_start : fm.body_end]
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        body = body[: edit.start - fm.body_start] + edit.text + body[edit.end - fm.body_start :]
    try:
        data = load_yaml(body)
        before = fm.data if parsed else load_yaml(original) if original.strip() else {}
    except YamlError:
        return False
    if not isinstance(data, dict) or not isinstance(before or {}, dict):
        return False
    return {str(k): v for k, v in data.items()} == {**{str(k): v for k, v in (before or {}).items()}, **changed}


def _warn(path: str, line: int, what: str) -> None:
    logging.getLogger("l10n").warning("warning: %s:%d: %s", path, line, what)


def _drop_unsafe_yaml_keys(
    source: str, fm: FrontMatter, candidates: dict[str, tuple[int, _KeySpan]], path: str
) -> None:
    """Remove from ``candidates`` (key: (value start, span)) the keys whose value cannot be
    replaced in place without changing what the YAML means, warning for each (issue 15)."""

    def probe(key: str) -> tuple[Edit, dict[str, Any]]:
        start, span = candidates[key]
        text = f"l10n probe {key}"
        return Edit(start, span.value_end, yaml_scalar(text, span.style)), {key: text}

    probes = {key: probe(key) for key in candidates}
    everything = [edit for edit, _ in probes.values()]
    if _rewrites_safely(source, fm, everything, {k: v for _, c in probes.values() for k, v in c.items()}, parsed=True):
        return
    for key in list(candidates):  # find which ones (rare: one parse per key)
        if not _rewrites_safely(source, fm, [probes[key][0]], probes[key][1], parsed=True):
            line = candidates[key][1].line
            _warn(path, line, f"front-matter key {key!r} is left untranslated: its value cannot be rewritten in place safely")
            del candidates[key]


def front_matter_segments(source: str, fm: FrontMatter, keys: Sequence[str], path: str = "<note>") -> list[Segment]:
    """One segment per translatable key whose value is a non-empty string whatever its style
    (for TOML, a string at the top level: basic, literal or multi-line, whose content is
    replaced between its delimiters; for JSON, a string member of the top-level object, the
    msgid its decoded text and the translation written back as a JSON string; for YAML plain, quoted or a block scalar ``|``/``>``, whose
    content lines are replaced under its header) and, in YAML, can be rewritten in place
    safely (see :func:`_rewrites_safely`); a key that cannot is left untranslated, with a
    warning naming its line. Segment offsets are characters of ``source``."""
    if fm.format == "toml":
        spans = {k: v for k, v in _toml_key_spans(source, fm, keys)[0].items() if v.style != "other"}
    elif fm.format == "json":
        spans = {k: v for k, v in _json_key_spans(source, fm, keys).items() if v.style != "other"}
    else:
        spans = _key_spans(source, fm, keys)
    candidates: dict[str, tuple[int, _KeySpan]] = {}
    lists: dict[str, list[Segment]] = {}
    for key in keys:
        value = fm.data.get(key)
        span = spans.get(key)
        if isinstance(value, list) and value:
            if any(isinstance(item, str) for item in value):
                lists[key] = _list_segments(source, fm, key, path)
            else:
                _warn(path, _key_line(source, fm, key, span), f"front-matter key {key!r} is left untranslated: its list holds no string")
            continue
        if value is not None and not isinstance(value, (str, list)):
            what = _TYPE_NAMES.get(type(value).__name__, type(value).__name__)
            _warn(path, _key_line(source, fm, key, span), f"front-matter key {key!r} is left untranslated: its value is a {what}, not a string or a list of strings")
            continue
        if not isinstance(value, str) or not value.strip() or span is None:
            continue
        start = span.value_start
        if source[start : start + 1] in ("\n", "\r"):
            # A plain value that starts on the next line ("description:" then an indented
            # line): the translation goes where the value starts, after the line break and
            # indentation, so "key:" keeps its separator (issue 12, Docsy pages).
            start += len(source[start : span.value_end]) - len(source[start : span.value_end].lstrip())
        candidates[key] = (start, span)
    if candidates and fm.format == "yaml":
        _drop_unsafe_yaml_keys(source, fm, candidates, path)
    scalars: dict[str, Segment] = {}
    for key, (start, span) in candidates.items():
        value = fm.data[key]
        style = Style(f"{fm.format}-{span.style}")
        prefixes: tuple[str, ...] = ()
        if span.style.startswith("multiline-"):
            value = value.strip("\r\n")  # the line breaks next to the delimiters stay in the source
            if not value.strip():
                continue
        elif span.style == "block":
            body = _yaml_block_body(source, fm, key, start, span)
            if body is not None:
                start, indent = body
                value, style, prefixes = value.rstrip("\n"), Style.YAML_BLOCK_LINES, (indent,)
        scalars[key] = Segment(
            text=value,
            kind=SegmentKind.FRONT_MATTER,
            line=span.line,
            start=start,
            end=span.value_end,
            context=f"front-matter:{key}",
            line_prefixes=prefixes,
            eol=fm.eol,
            style=style,
        )
    segments: list[Segment] = []
    for key in dict.fromkeys(keys):  # in the order of front_matter_keys, as before lists were read
        if key in scalars:
            segments.append(scalars[key])
        segments.extend(lists.get(key, ()))
    return segments


_TYPE_NAMES = {"dict": "mapping", "int": "number", "float": "number", "bool": "boolean", "date": "date", "datetime": "date"}


def _key_line(source: str, fm: FrontMatter, key: str, span: _KeySpan | None) -> int:
    """The line of ``key`` for a warning: its span's, else (a TOML table or inline table, which
    the key finder does not read) the first line that names it, else the front matter's first."""
    if span is not None:
        return span.line
    named = re.search(rf"^[ \t]*\[?[ \t]*[\"']?{re.escape(key)}\b", source[fm.body_start : fm.body_end], re.MULTILINE)
    return _line_of(source, fm.body_start + named.start()) if named else fm.first_line


@dataclass(frozen=True)
class _Item:
    """A string item of a list-valued key: the span its translation replaces and how it is written."""

    index: int
    start: int
    end: int
    style: Style
    text: str
    """The msgid: the item's value (a block scalar's without its final line breaks)."""
    tail: str = ""
    """What the value keeps after the replaced text (a block scalar's final line breaks)."""
    prefixes: tuple[str, ...] = ()


def _list_segments(source: str, fm: FrontMatter, key: str, path: str) -> list[Segment]:
    """One segment per non-empty string item of the list-valued top-level ``key``, msgctxt
    ``front-matter:key`` (no index: an item inserted or removed does not rename the items after
    it, whose translations then stay approved, as po4a's contexts carry no position; two equal
    items share one entry, as two equal paragraphs do), its translation written
    back in the item's own style: a YAML block sequence's plain, quoted or block scalar item,
    a YAML flow sequence's item (quoted when the text holds ``,[]{}``), a TOML array's basic,
    literal or multi-line string, a JSON array's string. Other items (numbers, maps, nested
    lists) stay as they are. When the items cannot be replaced in place safely (checked by
    writing a probe into each and parsing the result, as for scalar keys) or not found, the key
    is left untranslated with one warning naming its line."""
    value = fm.data[key]
    found = {"yaml": _yaml_items, "toml": _toml_items, "json": _json_items}[fm.format](source, fm, key)
    items = [item for item in found or () if item.text.strip()]
    if found is None or not _items_rewrite_safely(source, fm, key, value, items):
        line = _key_line(source, fm, key, None if fm.format != "yaml" else _key_spans(source, fm, (key,)).get(key))
        _warn(path, line, f"front-matter key {key!r} is left untranslated: its list items cannot be rewritten in place safely")
        return []
    return [
        Segment(
            text=item.text,
            kind=SegmentKind.FRONT_MATTER,
            line=_line_of(source, item.start),
            start=item.start,
            end=item.end,
            context=f"front-matter:{key}",
            line_prefixes=item.prefixes,
            eol=fm.eol,
            style=item.style,
        )
        for item in items
    ]


_PROBE = "l10n probe {key} {index}"


def _items_rewrite_safely(source: str, fm: FrontMatter, key: str, value: list[Any], items: Sequence[_Item]) -> bool:
    """Whether writing a probe text into every item of ``items`` (rendered in its style) gives
    front matter that parses to the same data but for those items of ``key``."""
    if not items:
        return True
    edits: list[Edit] = []
    expected = list(value)
    for item in items:
        probe = _PROBE.format(key=key, index=item.index)
        segment = Segment(probe, SegmentKind.FRONT_MATTER, 1, item.start, item.end, line_prefixes=item.prefixes, eol=fm.eol, style=item.style)
        edits.append(Edit(item.start, item.end, segment.render(probe)))
        expected[item.index] = probe + item.tail
    if fm.format == "yaml":
        return _rewrites_safely(source, fm, edits, {key: expected}, parsed=True)
    body = source[fm.body_start : fm.body_end]
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        body = body[: edit.start - fm.body_start] + edit.text + body[edit.end - fm.body_start :]
    try:
        data = tomllib.loads(body.replace("\r\n", "\n")) if fm.format == "toml" else json.loads(body)
    except ValueError:  # TOMLDecodeError and JSONDecodeError are ValueErrors
        return False
    return isinstance(data, dict) and data == {**fm.data, key: expected}


def _yaml_items(source: str, fm: FrontMatter, key: str) -> list[_Item] | None:
    """The string items of the sequence that is the value of top-level ``key``, found with
    PyYAML's composer on the parser the loader uses (libyaml when there: PyYAML's pure-Python
    scanner rejects some flow plain scalars libyaml reads, ``[0?]``); both give marks that
    count characters, as offsets into ``source`` do. None when the front matter does not
    compose or the value is no sequence of the root mapping."""
    import yaml

    body = source[fm.body_start : fm.body_end]
    try:
        root = yaml.compose(body, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    node = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if not isinstance(node, yaml.SequenceNode):
        return None
    value = fm.data[key]
    items: list[_Item] = []
    for index, child in enumerate(node.value):
        if not isinstance(child, yaml.ScalarNode) or not isinstance(value[index], str):
            continue  # a map, a nested list, or a scalar the 1.2 loader read as a number, date, …
        if not node.start_mark.index <= child.start_mark.index < node.end_mark.index:
            continue  # an alias ("- *name"): the composer gives the anchored node, written elsewhere
        start, end = fm.body_start + child.start_mark.index, fm.body_start + child.end_mark.index
        text = value[index]
        node_style = child.style or None  # libyaml's composer says "" for plain, PyYAML's None
        if node_style in ("|", ">"):
            block = _block_item(source, start, end)
            if block is None:  # an explicit indentation indicator: replaced by a flow scalar
                items.append(_Item(index, start, end, Style.YAML_BLOCK, text))
            else:
                content, content_end, indent = block
                stripped = text.rstrip("\n")
                items.append(_Item(index, content, content_end, Style.YAML_BLOCK_LINES, stripped, text[len(stripped) :], (indent,)))
            continue
        if node_style is None and node.flow_style:
            style = Style.YAML_FLOW_PLAIN
        else:
            style = {None: Style.YAML_PLAIN, "'": Style.YAML_SINGLE, '"': Style.YAML_DOUBLE}.get(node_style, Style.YAML_DOUBLE)
        items.append(_Item(index, start, end, style, text))
    return items


def _block_item(source: str, start: int, end: int) -> tuple[int, int, str] | None:
    """(content start, content end, indentation) of the block scalar whose header is at
    ``start`` and which ends by ``end``: the content runs from the first non-blank line's text
    to the last non-blank character; None with an explicit indentation indicator."""
    header = _BLOCK_HEADER.match(source, start, end)
    if header is None or header.group()[1:2].isdigit():
        return None
    content_end = start + len(source[start:end].rstrip())
    line_start = header.end()
    while line_start < content_end:
        line_end = source.find("\n", line_start, content_end)
        line = source[line_start : line_end if line_end >= 0 else content_end].rstrip("\r")
        if line.strip():
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            return line_start + len(indent), content_end, indent
        if line_end < 0:
            break
        line_start = line_end + 1
    return None


def _toml_items(source: str, fm: FrontMatter, key: str) -> list[_Item] | None:
    """The string items of the top-level TOML array of ``key`` (:func:`_toml_array_items`)."""
    span = _toml_key_spans(source, fm, (key,))[0].get(key)
    if span is None or span.style != "array":
        return None
    scanned = _toml_array_items(source, span.value_start, fm.body_end)
    value = fm.data[key]
    if scanned is None or len(scanned[0]) != len(value):
        return None
    items: list[_Item] = []
    for index, found in enumerate(scanned[0]):
        if found is None or not isinstance(value[index], str):
            continue
        start, end, style = found
        text, tail = value[index], ""
        if style.startswith("multiline-"):  # the line breaks before the closing delimiter stay
            text = text.strip("\r\n")
            tail = value[index][len(value[index].rstrip("\r\n")) :]
        items.append(_Item(index, start, end, Style(f"toml-{style}"), text, tail))
    return items


def _json_items(source: str, fm: FrontMatter, key: str) -> list[_Item] | None:
    """The string items of the top-level JSON array of ``key`` (its last occurrence)."""
    span = _json_key_spans(source, fm, (key,)).get(key)
    if span is None or span.style != "array":
        return None
    value = fm.data[key]
    items: list[_Item] = []
    pos = _skip_space(source, span.value_start + 1)
    index = 0
    while source[pos] != "]":
        item_end = _JSON_DECODER.raw_decode(source, pos)[1]
        if source[pos] == '"' and isinstance(value[index], str):
            items.append(_Item(index, pos, item_end, Style.JSON_STRING, value[index]))
        pos = _skip_space(source, item_end)
        if source[pos] == ",":
            pos = _skip_space(source, pos + 1)
        index += 1
    return items


_BLOCK_HEADER = re.compile(r"[|>](?:[1-9][+-]?|[+-][1-9]?)?[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)")


def _yaml_block_body(source: str, fm: FrontMatter, key: str, start: int, span: _KeySpan) -> tuple[int, str] | None:
    """Where the content of the block scalar of ``key`` starts (after its header line and the
    first content line's indentation) and that indentation, when replacing the content lines
    alone keeps the YAML meaning the same but for the value (checked by a probe, like
    :func:`_drop_unsafe_yaml_keys`); None otherwise, and the whole value is then replaced by a
    flow scalar as before. The header (``|``, ``>-``, ``|+``, an indentation indicator) stays."""
    header = _BLOCK_HEADER.match(source, start, span.value_end)
    if header is None or header.group()[1:2].isdigit():  # an explicit indentation: rare, left as a flow scalar
        return None
    line_start = header.end()
    while line_start < span.value_end:
        line_end = source.find("\n", line_start)
        line = source[line_start : line_end if line_end >= 0 else span.value_end].rstrip("\r")
        if line.strip():
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            content = line_start + len(indent)
            tail = fm.data[key][len(fm.data[key].rstrip("\n")) :]  # chomping: what follows the text
            probe = "l10n probe " + key
            if _rewrites_safely(source, fm, [Edit(content, span.value_end, probe)], {key: probe + tail}):
                return content, indent
            return None
        if line_end < 0:
            break
        line_start = line_end + 1
    return None


def language_edits(source: str, fm: FrontMatter, lang: str, path: str = "<note>") -> list[Edit]:
    """Set ``lang: <lang>`` and ``translated: true``, adding the keys when they are absent.

    In TOML the values are ``lang = "<lang>"`` and ``translated = true``; absent keys are added
    before the first table header, where they still belong to the top level. In JSON they are
    ``"lang": "<lang>"`` and ``"translated": true``, absent members added after the object's
    last one with its first member's indentation and separator (:func:`_json_set_edits`). In YAML, no edits
    (with a warning) when the front matter would no longer parse with them (one flow mapping,
    ``{title: x}``): the built note then keeps the source's front matter."""
    if fm.format == "toml":
        return _toml_language_edits(source, fm, lang)
    if fm.format == "json":
        json_edits = _json_set_edits(source, fm, {"lang": json_string(lang), "translated": "true"})
        if not _json_rewrites_safely(source, fm, json_edits, {"lang": lang, "translated": True}):
            _warn(path, 1, f"front matter left without \"lang\": \"{lang}\" and \"translated\": true: it does not parse with them")
            return []
        return json_edits
    spans = _key_spans(source, fm, ("lang", "translated"))
    edits: list[Edit] = []
    missing: list[str] = []
    for key, value in (("lang", lang), ("translated", "true")):
        span = spans.get(key)
        if span is None:
            missing.append(f"{key}: {value}{fm.eol}")
        else:
            empty = span.value_start == span.value_end and source[span.value_start - 1 : span.value_start] == ":"
            edits.append(Edit(span.value_start, span.value_end, " " + value if empty else value))
    if missing:
        body = source[fm.body_start : fm.body_end]
        prefix = "" if not body or body.endswith(("\n", "\r")) else fm.eol
        edits.append(Edit(fm.body_end, fm.body_end, prefix + "".join(missing)))
    # Appending key lines to a block mapping that parses keeps it parsing; only a front matter
    # that is one flow mapping, or a value replaced in place, needs the check (which may load
    # the YAML parser, never needed otherwise when building from the segmentation cache).
    flow = source[fm.body_start : fm.body_end].lstrip().startswith(("{", "["))
    unusual = any(
        not (old := source[edit.start : edit.end]) or "\n" in old or "\r" in old or old[0] in "&*!{[|>"
        for edit in edits
        if edit.end > edit.start
    )
    if (flow or unusual) and not _rewrites_safely(
        source, fm, edits, {"lang": lang, "translated": True}
    ):
        _warn(path, 2, f"front matter left without 'lang: {lang}' and 'translated: true': its shape does not allow adding them safely")
        return []
    return edits


def set_keys_edits(source: str, fm: FrontMatter, values: Mapping[str, str]) -> list[Edit]:
    """Set each top-level key of ``values`` to its YAML text (already a valid scalar or flow
    value), replacing the value in place or adding ``key: value`` lines at the end. In a JSON
    front matter each YAML text is loaded and written as JSON (:func:`_json_set_edits`); a text
    that is no YAML value raises :class:`~l10n.markdown.yaml12.YamlError`."""
    if fm.format == "json":
        return _json_set_edits(source, fm, {key: _json_text(value) for key, value in values.items()})
    spans = _key_spans(source, fm, tuple(values))
    edits: list[Edit] = []
    missing: list[str] = []
    for key, value in values.items():
        span = spans.get(key)
        if span is None:
            missing.append(f"{key}: {value}{fm.eol}")
        elif span.style != "block":
            edits.append(Edit(span.value_start, span.value_end, value))
    if missing:
        body = source[fm.body_start : fm.body_end]
        prefix = "" if not body or body.endswith(("\n", "\r")) else fm.eol
        edits.append(Edit(fm.body_end, fm.body_end, prefix + "".join(missing)))
    return edits


def _toml_language_edits(source: str, fm: FrontMatter, lang: str) -> list[Edit]:
    spans, top_end = _toml_key_spans(source, fm, ("lang", "translated"))
    edits: list[Edit] = []
    missing: list[str] = []
    for key, value in (("lang", lang), ("translated", "true")):
        span = spans.get(key)
        if key == "lang":
            value = toml_string(value, span.style if span else "basic")
        if span is None:
            missing.append(f"{key} = {value}{fm.eol}")
        else:
            edits.append(Edit(span.value_start, span.value_end, value))
    if missing:
        before = source[fm.body_start : top_end]
        prefix = "" if not before or before.endswith(("\n", "\r")) else fm.eol
        edits.append(Edit(top_end, top_end, prefix + "".join(missing)))
    return edits


def _json_text(yaml_text: str) -> str:
    """The JSON text of the value a YAML flow text (``true``, ``"x"``, ``[1, 2]``) loads to."""
    value = load_yaml("k: " + yaml_text)["k"]
    return json_string(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _json_set_edits(source: str, fm: FrontMatter, values: Mapping[str, str]) -> list[Edit]:
    """Set each top-level member of ``values`` (key: JSON text of its value) in a JSON front
    matter: an existing value (its last occurrence) is replaced in place; absent members are
    added after the last member, each after a comma and the whitespace the object puts between
    its first two members (a pretty-printed object gets lines at that indentation, a one-line
    one ``", "``, a compact one stays compact; with one member, the whitespace before it when
    it has a line of its own, else a space when ``": "`` has one), key and value joined as the
    first member joins them (``": "``, ``":"``).
    In an empty object they go right after ``{`` with ``", "`` between them."""
    members = _json_members(source, fm)
    last = {key: (value_start, value_end) for key, _, value_start, value_end in members}
    edits: list[Edit] = []
    missing: list[tuple[str, str]] = []
    for key, value in values.items():
        if key in last:
            edits.append(Edit(last[key][0], last[key][1], value))
        else:
            missing.append((json_string(key), value))
    if not missing:
        return edits
    if not members:
        text = ", ".join(f"{key}: {value}" for key, value in missing)
        return [*edits, Edit(fm.body_start + 1, fm.body_start + 1, text)]
    _, first_key, first_value, _ = members[0]
    lead = source[fm.body_start + 1 : first_key]
    key_end = json.decoder.scanstring(source, first_key + 1)[1]  # type: ignore[attr-defined]
    separator = source[key_end:first_value]
    if len(members) > 1:  # after the comma, what the object puts between its first two members
        gap = source[members[0][3] : members[1][1]].partition(",")[2]
    else:  # one member: a line of its own when the object is laid out, else a space as ": " has
        gap = lead if "\n" in lead else (" " if " " in separator else "")
    end = members[-1][3]
    text = "".join(f",{gap}{key}{separator}{value}" for key, value in missing)
    return [*edits, Edit(end, end, text)]


def _json_rewrites_safely(source: str, fm: FrontMatter, edits: Sequence[Edit], changed: Mapping[str, Any]) -> bool:
    """True when the JSON front matter with ``edits`` applied still parses to an object whose
    ``changed`` members have their new values: a net under :func:`_json_set_edits`."""
    body = source[fm.body_start : fm.body_end]
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        body = body[: edit.start - fm.body_start] + edit.text + body[edit.end - fm.body_start :]
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and all(data.get(key) == value for key, value in changed.items())
