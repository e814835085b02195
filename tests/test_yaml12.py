"""Front matter YAML: the 1.2 core schema on PyYAML's safe loader."""

from __future__ import annotations

import datetime as dt
import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.markdown import yaml12


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
        ("title: [oops\n", 0),  # the line that opened the bracket, not where the text ended
    ],
)
def test_errors_name_their_line(text: str, line: int) -> None:
    with pytest.raises(yaml12.YamlError) as error:
        yaml12.load(text)
    assert error.value.line == line


def test_merge_keys_are_not_duplicates() -> None:
    assert yaml12.load("base: &b {a: 1}\nk:\n  <<: *b\n  a: 2\n") == {"base": {"a": 1}, "k": {"a": 2}}


# -- the reader for flat front matter must say what the loader says, or nothing -------------------

_KEYS = st.sampled_from(["title", "a", "b-c", "_x", "Yes", "k1", "x_2", "date", "tags", "z"] * 3 + ["true", "null"])
_SEPARATORS = st.sampled_from([": "] * 6 + [":", ":  ", ":\t", " : ", ": \t"])
_TRAPS = [*list("#:'\"[]{},&*!|>%@`~?-.+ \t\r"), "\x85", "\u2028", "\ufeff", "\x7f", "\u200b", ""]
_TEXT = st.text(st.sampled_from(list("abZ09eé न")), max_size=5)
_TRAPPED = st.tuples(_TEXT, st.sampled_from(_TRAPS), _TEXT, st.sampled_from(_TRAPS), _TEXT).map("".join)
_VALUES = st.one_of(
    _TRAPPED,  # a trap or two among plain text
    _TRAPPED,
    _TRAPPED.map(lambda text: f'"{text}"'),
    _TRAPPED.map(lambda text: f"'{text}'"),
    st.sampled_from(["true", "False", "~", "NULL", "12", "-3", "010", "0x1F", "1.5", "2025-09-12", ".inf", "1_000"]),
)
_KEY_VALUE = st.tuples(_KEYS, _SEPARATORS, _VALUES).map("".join)
_LINES = st.one_of(
    _KEY_VALUE,
    _KEY_VALUE,
    _KEY_VALUE,
    st.sampled_from(["", "# comment", "#x", "  indented: x", "- item", "...", "%YAML 1.2", "\r"]),
)


def _loaded(text: str) -> tuple[bool, object]:
    try:
        return True, yaml.load(text, Loader=yaml12.loader())
    except yaml.YAMLError:
        return False, None


@given(st.lists(_LINES, min_size=1, max_size=5), st.sampled_from(["\n", "\r\n"]))
@settings(max_examples=3000)
def test_flat_reader_agrees_with_the_loader(lines: list[str], eol: str) -> None:
    text = eol.join(lines) + eol
    simple = yaml12.load_simple_mapping(text)
    if simple is None:
        return
    ok, loaded = _loaded(text)
    assert ok, f"the loader rejects {text!r}, the flat reader read {simple!r}"
    assert loaded == simple
    assert [type(v) for v in loaded.values()] == [type(v) for v in simple.values()]  # True is not 1


def test_flat_reader_reads_typical_front_matter() -> None:
    text = "layout: post\ntitle: Jingren Zhou, CTO of Alibaba Cloud (2024) [draft]\nlang: en\ntranslated: false\nweight: 3\nimage:\n"
    assert yaml12.load_simple_mapping(text) == {
        "layout": "post",
        "title": "Jingren Zhou, CTO of Alibaba Cloud (2024) [draft]",
        "lang": "en",
        "translated": False,
        "weight": 3,
        "image": None,
    }
    assert yaml12.load(text) == yaml.load(text, Loader=yaml12.loader())
