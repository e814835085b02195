"""Hugo's JSON front matter (a note that opens with an object; https://gohugo.io/content-management/front-matter/):
read as front matter, translated values written back as JSON strings, every other byte kept,
``lang``/``translated`` added; notes that merely start with ``{`` stay text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import DocumentError
from l10n.markdown.dialect import make_dialect
from l10n.markdown.document import Document, Segment
from l10n.markdown.frontmatter import find_front_matter, language_edits, set_keys_edits
from l10n.markdown.segment import read_note
from l10n.mt.engines.pseudo import pseudo_localize
from l10n.site.layout import written_by_hand
from tests.conftest import Runner, write_project

KEYS = ("title", "description", "linkTitle")

NOTE = """{
  "title": "JSON front matter",
  "description": "Say \\"hi\\" \\u00e0 la \\\\ carte",
  "date": "2024-01-01",
  "tags": ["a", "b"],
  "params": {"title": "nested, not translated", "n": [1, {"x": "}"}]},
  "weight": 3
}

Body.
"""


def parse(text: str, dialect: str = "hugo") -> Document:
    return read_note(text.encode(), "note.md", front_matter_keys=KEYS, dialect=make_dialect(dialect))


def pseudo(segment: Segment) -> str:
    return pseudo_localize(segment.text)


def front(text: str) -> dict[str, Any]:
    data, _ = json.JSONDecoder().raw_decode(text)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("dialect", ["hugo", "gfm", "kramdown"])
@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_json_front_matter_round_trips_and_translates_its_strings(dialect: str, eol: str) -> None:
    text = NOTE.replace("\n", eol)
    doc = parse(text, dialect)
    assert doc.front_matter is not None and doc.front_matter.format == "json"
    assert doc.render({}) == text  # byte-identical without translations
    assert [(s.context, s.text, s.line) for s in doc.segments] == [
        ("front-matter:title", "JSON front matter", 2),
        ("front-matter:description", 'Say "hi" \u00e0 la \\ carte', 3),
        (None, "Body.", 10),
    ]
    out = doc.render(pseudo, language_edits(doc.source, doc.front_matter, "fr"))
    data = front(out)
    assert data["title"] == pseudo_localize("JSON front matter")
    assert data["description"] == pseudo_localize('Say "hi" \u00e0 la \\ carte')
    assert (data["lang"], data["translated"]) == ("fr", True)
    source = front(text)
    assert {k: v for k, v in data.items() if k not in (*KEYS, "lang", "translated")} == {
        k: v for k, v in source.items() if k not in KEYS
    }
    # nested objects, arrays and the other members stay byte for byte; the new members follow
    # the last one at the first member's indentation
    tail = text[text.index('  "date"') : text.index(eol + "}")]
    assert tail in out
    assert f'"weight": 3,{eol}  "lang": "fr",{eol}  "translated": true{eol}}}{eol}' in out
    assert out.endswith(eol + eol + pseudo_localize("Body.") + eol)


@pytest.mark.parametrize(
    "text",
    [
        "{{< youtube KIRah9Niuss >}}\n\nBody.\n",
        "{{% notice %}}\nText.\n{{% /notice %}}\n",
        "{{ .Title }} and more.\n",
        "{% include note.html %}\n\nBody.\n",
        "{::options parse_block_html=\"true\" /}\n\nBody.\n",
        "{: .lead}\nBody.\n",
        "{#anchor}\n\nBody.\n",
        '{"a": 1} and text on the same line.\n',
        "{\n\nBody.\n",
    ],
    ids=["shortcode", "shortcode-percent", "template", "liquid", "kramdown-options", "ial", "id", "text-after", "brace-alone"],
)
def test_a_note_that_merely_starts_with_a_brace_has_no_front_matter(text: str) -> None:
    assert find_front_matter(text, "note.md") is None
    assert parse(text, "hugo").front_matter is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n  "title": "x",\n}\n\nBody.\n', 3),  # trailing comma
        ('{\n  "title": "x"\n  "date": "y"\n}\n', 3),  # missing comma
        ('{"title": "x" ]}\n', 1),
        ('{\n  "title": "x",\n  "n": 01\n}\n', 3),  # no leading zeros in JSON
    ],
)
def test_json_that_does_not_parse_is_one_error_naming_the_line(text: str, line: int) -> None:
    with pytest.raises(DocumentError) as caught:
        find_front_matter(text, "note.md")
    assert caught.value.line == line
    assert "invalid JSON in front matter" in caught.value.message


def test_an_object_never_closed_is_unterminated_front_matter() -> None:
    with pytest.raises(DocumentError) as caught:
        find_front_matter('{\n  "title": "x {"\n\nBody { with a } brace.\n', "note.md")
    assert (caught.value.line, caught.value.message) == (1, "front matter is not terminated (no closing '}' of its JSON object)")


def test_empty_and_compact_objects_get_lang_in_their_style() -> None:
    for text, expected in [
        ("{}\n\nBody.\n", '{"lang": "fr", "translated": true}\n\nBody.\n'),
        ('{"title":"T"}\nBody.\n', '{"title":"[Ţ]","lang":"fr","translated":true}\nBody.\n'),
        (
            '{"title": "T", "lang": "en", "translated": false}\n',
            '{"title": "[Ţ]", "lang": "fr", "translated": true}\n',
        ),
        ('{"title": "T", "date": "2024"}\n', '{"title": "[Ţ]", "date": "2024", "lang": "fr", "translated": true}\n'),
        ('{"title": "T"}\n', '{"title": "[Ţ]", "lang": "fr", "translated": true}\n'),
        ('{\n  "title": "T"\n}\n', '{\n  "title": "[Ţ]",\n  "lang": "fr",\n  "translated": true\n}\n'),
    ]:
        doc = parse(text)
        assert doc.front_matter is not None
        out = doc.render(lambda s: "[Ţ]" if s.context else None, language_edits(doc.source, doc.front_matter, "fr"))
        assert out == expected


def test_set_front_matter_values_are_written_as_json() -> None:
    doc = parse('{\n  "title": "T",\n  "dir": "ltr"\n}\n')
    assert doc.front_matter is not None
    edits = set_keys_edits(doc.source, doc.front_matter, {"dir": "rtl", "audio": "false", "who": '"a: b"', "list": "[1, 2]"})
    out = doc.render({}, edits)
    assert front(out) == {"title": "T", "dir": "rtl", "audio": False, "who": "a: b", "list": [1, 2]}


_JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_TRANSLATABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(['"', "\\", "\n", "\u2028", "/"]),
    min_size=1,
    max_size=20,
).filter(lambda t: t.strip() != "")


@settings(max_examples=150, deadline=None)
@given(
    others=st.dictionaries(st.text(max_size=8).filter(lambda k: k not in (*KEYS, "lang", "translated")), _JSON_VALUES, max_size=5),
    translated=st.dictionaries(st.sampled_from(KEYS), _TRANSLATABLE, max_size=3),
    indent=st.sampled_from([None, 0, 2, 4, "\t"]),
    separators=st.sampled_from([None, (",", ":"), (", ", ": "), (" , ", " : ")]),
    ensure_ascii=st.booleans(),
    translation=_TRANSLATABLE,
    first=st.booleans(),
)
def test_any_json_front_matter_builds_to_json_with_the_same_other_values(
    others: dict[str, Any],
    translated: dict[str, str],
    indent: int | str | None,
    separators: tuple[str, str] | None,
    ensure_ascii: bool,
    translation: str,
    first: bool,
) -> None:
    data = {**translated, **others} if first else {**others, **translated}
    text = json.dumps(data, indent=indent, separators=separators, ensure_ascii=ensure_ascii) + "\n\nBody.\n"
    doc = parse(text)
    assert doc.front_matter is not None and doc.front_matter.data == data
    assert doc.render({}) == text
    assert {s.context for s in doc.segments if s.context} == {f"front-matter:{k}" for k, v in translated.items() if v.strip()}
    out = doc.render(lambda s: translation if s.context else None, language_edits(doc.source, doc.front_matter, "hi"))
    built = front(out)
    assert {k: v for k, v in built.items() if k not in KEYS} == {**others, "lang": "hi", "translated": True}
    assert {k: v for k, v in built.items() if k in KEYS} == dict.fromkeys(translated, translation)
    assert out.endswith("\n\nBody.\n")


# -- the commands ------------------------------------------------------------------------------


@pytest.mark.parametrize("markdown", ["", 'markdown = "hugo"\n'])
def test_sync_check_status_agree_on_json_front_matter(tmp_path: Path, l10n: Runner, markdown: str) -> None:
    french = '{"title": "Bonjour", "lang": "fr"}\n\nDéjà en français.\n'  # written in a target language
    notes = {"note.md": NOTE, "plain.md": "{{< youtube x >}}\n\nBody two.\n", "french.md": french}
    root = write_project(tmp_path, notes, ("fr",), markdown)
    result = l10n(root, "sync", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    built = (root / "translated/fr/note.md").read_text(encoding="utf-8")
    data = front(built)
    assert (data["title"], data["lang"], data["translated"]) == (pseudo_localize("JSON front matter"), "fr", True)
    assert data["params"] == front(NOTE)["params"]
    catalog = (root / "locales/fr/note.po").read_text(encoding="utf-8")
    assert 'msgctxt "front-matter:title"' in catalog and '"date"' not in catalog
    check = l10n(root, "check")
    assert check.exit_code == 0 and "0 problems" in check.output, check.output
    # the built note's front matter is checked like YAML's: lang dropped is reported
    (root / "translated/fr/note.md").write_text(built.replace('"lang": "fr"', '"lang": "de"'), encoding="utf-8")
    check = l10n(root, "check")
    assert check.exit_code != 0 and "lang is 'de'" in check.output, check.output
    assert "edited since l10n wrote it" in check.output  # and build keeps the page (l10n.site.keep) ...
    assert l10n(root, "build").exit_code == 1
    assert '"lang": "de"' in (root / "translated/fr/note.md").read_text(encoding="utf-8")
    assert l10n(root, "build", "--force").exit_code == 0  # ... until forced
    assert (root / "translated/fr/note.md").read_text(encoding="utf-8") == built
    status = l10n(root, "status")
    assert status.exit_code == 0 and "all 2 current" in status.output, status.output
    assert not (root / "translated/fr/french.md").exists()
    plain = (root / "translated/fr/plain.md").read_text(encoding="utf-8")
    assert plain.startswith("{{< youtube x >}}\n\n" + pseudo_localize("Body two."))


def test_broken_json_front_matter_names_file_and_line_and_others_carry_on(tmp_path: Path, l10n: Runner) -> None:
    broken = '{\n  "title": "x",\n}\n\nBody.\n'
    root = write_project(tmp_path, {"broken.md": broken, "good.md": NOTE}, ("fr",), 'markdown = "hugo"\n')
    result = l10n(root, "sync", "--engine", "pseudo")
    assert result.exit_code != 0
    assert "broken.md:3: invalid JSON in front matter" in result.output
    assert (root / "translated/fr/good.md").is_file()
    assert (root / "source_notes/broken.md").read_text(encoding="utf-8") == broken
    check = l10n(root, "check")
    # the note's own error, once, as for broken YAML (not "no catalog; run extract", which fails alike)
    assert check.exit_code != 0 and check.output.count("broken.md:3: invalid JSON in front matter") == 1, check.output
    assert "no catalog" not in check.output
    dry = l10n(root, "sync", "--dry-run", "--engine", "pseudo")  # the run's error, and its exit code
    assert dry.exit_code == 1 and "would redo 1 of 2 notes: broken.md" in dry.output, dry.output
    assert dry.stderr.count("broken.md:3: invalid JSON in front matter") == 1, dry.stderr
    assert (root / "source_notes/broken.md").read_text(encoding="utf-8") == broken


def test_outputs_beside_their_sources_are_not_read_again(tmp_path: Path, l10n: Runner) -> None:
    toml = '+++\ntitle = "TOML page"\n+++\n\nBody.\n'
    root = write_project(
        tmp_path, {"note.md": NOTE, "toml.md": toml}, ("fr",), 'markdown = "hugo"\nlayout = "hugo-suffix"\n'
    )
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    for name in ("note.fr.md", "toml.fr.md"):
        page = root / "source_notes" / name
        assert page.is_file() and not written_by_hand(page)
    # a note where an output goes, written by hand (no translated: true), is one
    for name, text in (("note.fr.md", NOTE), ("toml.fr.md", toml)):
        assert written_by_hand(root / "source_notes" / name) is False
        (root / "source_notes" / name).write_text(text, encoding="utf-8")
        assert written_by_hand(root / "source_notes" / name) is True
    (root / "source_notes/toml.fr.md").write_text(toml.replace("+++\n\n", "translated = true\n+++\n\n"), encoding="utf-8")
    assert written_by_hand(root / "source_notes/toml.fr.md") is False
    (root / "source_notes/toml.fr.md").write_text(toml.replace("+++\n\n", "[params]\ntranslated = true\n+++\n\n"), encoding="utf-8")
    assert written_by_hand(root / "source_notes/toml.fr.md") is True
