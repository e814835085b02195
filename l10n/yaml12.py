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

import re
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError
from yaml.error import MarkedYAMLError, YAMLError

__all__ = ["MarkedYAMLError", "YAMLError", "load"]

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}  # filled below, with the 1.2 rules only

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


for _tag, _pattern, _first in _RESOLVERS:
    _Loader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(_pattern, re.VERBOSE), [c if c != "\0" else "" for c in _first]
    )
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def load(text: str) -> Any:
    """The value of one YAML document (raises :class:`YAMLError`)."""
    return yaml.load(text, Loader=_Loader)  # a safe loader: only the safe constructors
