"""Safe YAML loading with the YAML 1.2 core schema, on PyYAML's C parser (libyaml).

Front matter is read once per note, so the loader's cost is paid thousands of times on a blog:
PyYAML's ``CSafeLoader`` reads a typical front matter four times faster than ruamel.yaml (even
with its C parser). PyYAML resolves plain scalars by YAML 1.1, where ``on: yes`` is a boolean and
``010`` is octal; this loader swaps in the 1.2 core schema's rules, so those stay text and
decimal, as ruamel.yaml and current YAML parsers read them. It also rejects duplicate keys, which
PyYAML would silently resolve to the last value. Only the safe constructors are used: a tag such
as ``!!python/object`` is an error, never code.
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["YamlError", "load", "load_simple_mapping"]


class YamlError(ValueError):
    """Text that is not valid YAML (or not safe to load); ``line`` counts from 0 in that text."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


# (tag, pattern, first characters) of the YAML 1.2 core schema; timestamps as YAML 1.1 and
# ruamel.yaml resolve them (a `date:` stays a date).
_RESOLVERS = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    ("int", r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$", "-+0123456789"),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN\0"),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
)
_COMPILED = [(tag, re.compile(pattern, re.VERBOSE), first) for tag, pattern, first in _RESOLVERS]


@functools.cache
def loader() -> Any:
    """PyYAML's safe loader with the 1.2 rules, built on first use: most front matter never
    needs it, and importing PyYAML costs a tenth of ``l10n extract`` on a few notes."""
    import yaml
    from yaml.constructor import ConstructorError

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012  # filled below, with the 1.2 rules only

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:  # unhashable: the constructor below reports it
                    continue
                if duplicate:
                    raise ConstructorError(
                        "while constructing a mapping", node.start_mark, f'found duplicate key "{key}"', key_node.start_mark
                    )
            return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

        def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
            """YAML 1.2: ``0o17`` is octal, ``017`` is seventeen."""
            value = str(self.construct_scalar(node)).replace("_", "")
            sign = -1 if value.startswith("-") else 1
            value = value.lstrip("+-")
            for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
                if value.startswith(prefix):
                    return sign * int(value[2:], base)
            return sign * int(value)

    for tag, pattern, first in _COMPILED:
        Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", pattern, [c if c != "\0" else "" for c in first])
    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
    return Loader


def load(text: str) -> Any:
    """The value of one YAML document (raises :class:`YamlError`)."""
    try:
        simple = load_simple_mapping(text)
    except ValueError as exc:  # int("9" * 4301): Python's limit on converting long numbers
        raise YamlError(f"a value cannot be read ({str(exc).split(';')[0]})", None) from None
    if simple is not None:
        return simple
    import yaml  # not needed for the common front matter: importing it costs more than reading it

    try:
        return yaml.load(text, Loader=loader())  # a safe loader: only the safe constructors
    except ValueError as exc:  # int("9" * 4301): Python's limit on converting long numbers
        raise YamlError(f"a value cannot be read ({str(exc).split(';')[0]})", None) from None
    except RecursionError:
        raise YamlError("nested too deeply", None) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.context and ("flow" in exc.context or "quoted" in exc.context):
            # An unclosed bracket or quote is noticed lines later (often at the end of the
            # text); the line that opened it is the one to fix.
            mark = exc.context_mark
        raise YamlError((exc.problem or exc.context or "invalid YAML").strip(), mark.line if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc), None) from None


# -- the common case without libyaml ---------------------------------------------------------------
# Most front matter is a flat list of ``key: plain value`` lines. Reading those needs no parser:
# splitting the lines and resolving each scalar by the same rules as ``_Loader`` gives the same
# mapping in a fraction of the time (libyaml's events and PyYAML's constructors cost about 0.1 ms
# per note). Anything else (quotes, nesting, lists, comments after a value, floats, dates,
# duplicate keys, unusual characters) goes to the loader; tests hold the two equal.

# Linear: the value starts at a non-space and ends at the last one (a lazy ``.*?`` before
# ``[ ]*`` was quadratic in a run of spaces inside the value).
_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(?=[^ ])(.*[^ ]))?[ ]*")
_PLAIN_START = re.compile(r"[^\s#&*!|>'\"%@`\[\]{},?:-]")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')  # no escapes: the text is the value
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
def _simple_scalar(text: str) -> tuple[bool, Any]:
    """``(True, value)`` for a plain scalar this reader resolves exactly as the loader; else False."""
    first = text[:1] or "\0"
    for tag, pattern, chars in _COMPILED:
        if first in chars and pattern.match(text):
            if tag == "bool":
                return True, text[0] in "tT"
            if tag == "null":
                return True, None
            if tag == "int" and text.lstrip("+-").isdigit():
                return True, int(text)
            return False, None  # floats, dates, prefixed ints, merge keys: the loader knows them
    return True, text


def _simple_value(text: str) -> tuple[bool, Any]:
    """``(True, value)`` for a one-line scalar read exactly as the loader reads it; else False."""
    if text[:1] == '"':
        quoted = _DOUBLE_QUOTED.fullmatch(text)
        return (True, quoted.group(1)) if quoted and quoted.group(1).isprintable() else (False, None)
    if text[:1] == "'":
        quoted = _SINGLE_QUOTED.fullmatch(text)
        return (True, quoted.group(1).replace("''", "'")) if quoted and quoted.group(1).isprintable() else (False, None)
    if text and not _PLAIN_START.match(text):
        return False, None
    if ": " in text or text.endswith(":") or " #" in text or not text.isprintable():
        return False, None
    return _simple_scalar(text)


def load_simple_mapping(text: str) -> dict[str, Any] | None:
    """The mapping of a front matter made only of ``key: scalar`` lines, or None."""
    result: dict[str, Any] = {}
    for raw in text.split("\n"):
        line = raw.removesuffix("\r")
        if not line or (line.startswith("#") and line[1:2] in ("", " ")):
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None:
            return None
        key_ok, key = _simple_scalar(match.group(1))
        value_ok, value = _simple_value(match.group(2) or "")
        if not (key_ok and value_ok and isinstance(key, str)) or key in result:
            return None
        result[key] = value
    return result or None  # no keys: the loader says whether that is null or an error
