"""Front-matter values are YAML, TOML or JSON strings, not Markdown: validated as such (issue s18-fm).

A translation of a title or description holding a backslash, starting with ``- `` or ``*`` was
rejected as Markdown ("would be published as literal text", "starts a list"); the writers of
:mod:`l10n.markdown.scalars` already quote and escape those, so they are published. The checks
that make sense for a string still hold: template tags and placeholders kept, no control
character, no line break in a one-line value.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.markdown.frontmatter import find_front_matter
from l10n.markdown.scalars import json_string, toml_string, yaml_scalar
from l10n.markdown.validate import validate_translation
from l10n.markdown.yaml12 import load as load_yaml
from l10n.pipeline import build_note, extract_note
from l10n.po.catalog import Catalog
from l10n.site.layout import catalog_path, output_path, select_notes
from tests.conftest import write_project

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# (source value, translation) pairs a Markdown block would reject and a string takes
PLAIN_STRINGS = [
    ("Paths on Windows", "Windows पर पथ: C:\\Users\\नाम"),
    ("Steps to install", "- इंस्टॉल करने के चरण"),
    ("Important notes", "*ज़रूरी* टिप्पणियाँ"),
    ("Notes", "** टिप्पणियाँ **"),
    ("Why `make`?", "`make` क्यों?"),
    ("Headings", "# शीर्षक"),
    ("A quote", "> एक उद्धरण"),
    ("Version one", "1. संस्करण"),
]


@pytest.mark.parametrize(("source", "translation"), PLAIN_STRINGS)
def test_a_front_matter_value_is_validated_as_a_string(source: str, translation: str) -> None:
    assert validate_translation(source, translation, "front matter") == ()
    # the same pair in the body is still Markdown (the rule is the kind's, not the text's)
    if translation[0] in "-*\\#>1" or "\\" in translation or "** " in translation:
        assert validate_translation(source, translation, "paragraph") != ()


@pytest.mark.parametrize(
    ("source", "translation", "code"),
    [
        ("Hello {{ site.title }}", "नमस्ते {{ साइट.शीर्षक }}", "template"),
        ("Run `make` now", "अभी `मेक` चलाएँ", "code"),
        ("One line", "एक\nपंक्ति", "line-break"),
        ("One line", "एक\u2028पंक्ति", "line-break"),
        ("One line", "एक\x1b[31mपंक्ति", "control"),
    ],
)
def test_string_checks_still_hold_for_front_matter(source: str, translation: str, code: str) -> None:
    codes = {finding.code for finding in validate_translation(source, translation, "front matter")}
    assert any(c.startswith(code) for c in codes), codes


def test_a_multi_line_block_scalar_value_may_keep_its_line_breaks() -> None:
    assert validate_translation("First line\nsecond line", "पहली पंक्ति\n- दूसरी", "front matter") == ()


NOTES = {
    "yaml": "---\ntitle: Paths on Windows\ndescription: 'Steps to install'\nsummary: \"Important notes\"\n---\n\nBody.\n",
    "toml": "+++\ntitle = \"Paths on Windows\"\ndescription = 'Steps to install'\nsummary = '''\nImportant notes'''\n+++\n\nBody.\n",
    "json": '{\n  "title": "Paths on Windows",\n  "description": "Steps to install",\n  "summary": "Important notes"\n}\n\nBody.\n',
}
WANTED = {"title": "Windows पर पथ: C:\\Users\\नाम", "description": "- इंस्टॉल करने के चरण", "summary": "*ज़रूरी* टिप्पणियाँ"}


def _data(text: str, fmt: str) -> dict[str, object]:
    front = find_front_matter(text)
    assert front is not None and front.format == fmt
    body = text[front.body_start : front.body_end]
    if fmt == "yaml":
        return dict(load_yaml(body))
    if fmt == "toml":
        return tomllib.loads(body)
    return dict(json.loads(body))


@pytest.mark.parametrize("fmt", sorted(NOTES))
def test_the_build_publishes_front_matter_strings_markdown_would_reject(tmp_path: Path, fmt: str) -> None:
    extra = 'front_matter_keys = ["title", "description", "summary"]\n'
    root = write_project(tmp_path, {"note.md": NOTES[fmt]}, extra=extra)
    config = load_config(root)
    [note] = select_notes(config, [])
    extract_note(config, note, ["hi"])
    path = catalog_path(config, note, "hi")
    catalog = Catalog.load(path)
    filled = 0
    for entry in catalog.po:
        key = (entry.msgctxt or "").removeprefix("front-matter:")
        if key in WANTED:
            entry.msgstr, filled = WANTED[key], filled + 1
    assert filled == 3
    catalog.save()
    outcome = build_note(config, note, "hi")
    assert outcome.rejected == ()
    data = _data(output_path(config, note, "hi").read_text(encoding="utf-8"), fmt)
    assert {key: data[key] for key in WANTED} == WANTED


# Text without the characters of the elements still checked in a string (tags, code, template
# tags, links, math, icons) and without U+FFFD (the control check): any such translation passes.
PROSE = st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\ufffd<>`{}[]$:&"), max_size=30)


@settings(deadline=None, max_examples=300)
@given(PROSE)
def test_any_prose_passes_as_a_front_matter_value_and_each_writer_keeps_it(translation: str) -> None:
    assert validate_translation("A title", translation, "front matter") == ()
    for style in ("plain", "single", "double", "block"):
        assert load_yaml("k: " + yaml_scalar(translation, style)) == {"k": translation}
    for style in ("basic", "literal"):
        assert tomllib.loads("k = " + toml_string(translation, style)) == {"k": translation}
    assert json.loads(json_string(translation)) == translation


@pytest.mark.parametrize("translation", ["शीर्षक[^1]", "[शीर्षक][ref]", "शीर्षक {: .class}"])
def test_markdown_only_constructs_are_text_in_a_front_matter_value(translation: str) -> None:
    assert validate_translation("A title", translation, "front matter") == ()
    assert validate_translation("A title", translation, "paragraph") != ()
