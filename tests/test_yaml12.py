"""Front matter YAML: the 1.2 core schema on PyYAML's safe loader."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from l10n import yaml12


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),  # YAML 1.1 booleans stay text
        ("no", "no"),
        ("on", "on"),
        ("Off", "Off"),
        ("y", "y"),
        ("true", True),
        ("FALSE", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("010", 10),  # decimal, not octal
        ("0o10", 8),
        ("0x1F", 31),
        ("0b101", 5),
        ("-1_000", -1000),
        ("1.10", 1.1),
        ("1e3", 1000.0),
        ("-.inf", -math.inf),
        ("12:30", "12:30"),  # no sexagesimal numbers
        ("2025-09-12", dt.date(2025, 9, 12)),
        ("'010'", "010"),
        ("!!str 10", "10"),
        ("नमस्ते दुनिया", "नमस्ते दुनिया"),
    ],
)
def test_scalars_resolve_as_yaml_12(text: str, value: object) -> None:
    assert yaml12.load(f"k: {text}\n") == {"k": value}


def test_on_as_a_key_is_text() -> None:
    assert yaml12.load("on: push\nno: 3\n") == {"on": "push", "no": 3}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: a\ntitle: b\n", 1),  # duplicate keys are an error, not the last value
        ("x: !!python/object/apply:os.system ['true']\n", 0),  # no code, ever
        ("title: [oops\n", 1),
    ],
)
def test_errors_name_their_line(text: str, line: int) -> None:
    with pytest.raises(yaml12.MarkedYAMLError) as error:
        yaml12.load(text)
    mark = error.value.problem_mark or error.value.context_mark
    assert mark is not None and mark.line == line


def test_merge_keys_are_not_duplicates() -> None:
    assert yaml12.load("base: &b {a: 1}\nk:\n  <<: *b\n  a: 2\n") == {"base": {"a": 1}, "k": {"a": 2}}
