"""``l10n adopt``: existing translated notes aligned with their source fill the catalogs."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from l10n.cli import cli
from l10n.config import Config, load_config
from l10n.markdown.segment import parse_note
from l10n.pipeline import Action, extract_note
from l10n.po.catalog import Catalog
from l10n.site.adopt import adopt_note, pair_segments
from l10n.site.layout import Note, catalog_path, output_path, select_notes

ENGLISH = """---
title: Backups for small teams
description: How to keep copies of your data.
layout: post
---

# Backups for small teams

Keep three copies of your data, on two kinds of storage, with one off site. See [the 3-2-1 rule](https://example.org/321).

## Choosing a tool

Use `restic` or `borg`; both encrypt and deduplicate.

- Schedule a nightly job.
- Test a restore every month.
- Store the password in a password manager, never in the script.

## Checking the result

A backup you have never restored is only a hope.

Run `restic check` after every 10 snapshots.
"""

# The translator added a note of their own after "Choosing a tool" and left out the last
# list item: both must fall out as gaps without shifting the pairs after them.
HINDI = """---
title: छोटी टीमों के लिए बैकअप
description: अपने डेटा की प्रतियाँ कैसे रखें।
layout: post
lang: hi
---

# छोटी टीमों के लिए बैकअप

अपने डेटा की तीन प्रतियाँ रखें, दो तरह के स्टोरेज पर, जिनमें से एक साइट से बाहर हो। [3-2-1 नियम](https://example.org/321) देखें।

## टूल चुनना

अनुवादक की टिप्पणी: यह अनुभाग हिंदी पाठकों के लिए थोड़ा विस्तार से लिखा गया है ताकि नए लोग भी समझ सकें।

`restic` या `borg` का उपयोग करें; दोनों एन्क्रिप्ट और डीडुप्लिकेट करते हैं।

- हर रात एक जॉब शेड्यूल करें।
- हर महीने रीस्टोर का परीक्षण करें।

## नतीजे की जाँच

जिस बैकअप को आपने कभी रीस्टोर नहीं किया, वह केवल एक उम्मीद है।

हर 10 स्नैपशॉट के बाद `restic check` चलाएँ।
"""

EXPECTED = {
    (None, "Backups for small teams"): "छोटी टीमों के लिए बैकअप",
    (
        None,
        (
            "Keep three copies of your data, on two kinds of storage, with one off site. "
            "See [the 3-2-1 rule](https://example.org/321)."
        ),
    ): (
        "अपने डेटा की तीन प्रतियाँ रखें, दो तरह के स्टोरेज पर, जिनमें से एक साइट से बाहर हो। "
        "[3-2-1 नियम](https://example.org/321) देखें।"
    ),
    (None, "Choosing a tool"): "टूल चुनना",
    (None, "Checking the result"): "नतीजे की जाँच",
    (None, "Use `restic` or `borg`; both encrypt and deduplicate."): "`restic` या `borg` का उपयोग करें; दोनों एन्क्रिप्ट और डीडुप्लिकेट करते हैं।",
    (None, "Schedule a nightly job."): "हर रात एक जॉब शेड्यूल करें।",
    (None, "Test a restore every month."): "हर महीने रीस्टोर का परीक्षण करें।",
    (None, "A backup you have never restored is only a hope."): "जिस बैकअप को आपने कभी रीस्टोर नहीं किया, वह केवल एक उम्मीद है।",
    (None, "Run `restic check` after every 10 snapshots."): "हर 10 स्नैपशॉट के बाद `restic check` चलाएँ।",
    ("front-matter:title", "Backups for small teams"): "छोटी टीमों के लिए बैकअप",
    ("front-matter:description", "How to keep copies of your data."): "अपने डेटा की प्रतियाँ कैसे रखें।",
}
MISSING = (None, "Store the password in a password manager, never in the script.")


def make_project(tmp_path: Path, translated: Path | None = None) -> tuple[Config, Note]:
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlanguages = ["hi"]\n', encoding="utf-8")
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "backups-en.md").write_text(ENGLISH, encoding="utf-8")
    config = load_config(tmp_path)
    [note] = select_notes(config, [])
    target = translated or output_path(config, note, "hi")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(HINDI, encoding="utf-8")
    return config, note


def catalog_of(config: Config, note: Note) -> Catalog:
    return Catalog.load(catalog_path(config, note, "hi"))


def test_alignment_pairs_blocks_across_an_inserted_and_a_missing_block() -> None:
    pairs = pair_segments(parse_note(ENGLISH), parse_note(HINDI))
    found = {pair.source.key: pair.translation.text for pair in pairs}
    assert {key: found.get(key) for key in EXPECTED} == EXPECTED
    assert MISSING not in found
    assert not any(text.startswith("अनुवादक की टिप्पणी") for text in found.values())


def test_adopt_fills_the_catalog_and_counts_per_note(tmp_path: Path) -> None:
    config, note = make_project(tmp_path)
    result = adopt_note(config, note, "hi")
    assert (result.error, result.written) == ("", True)
    assert (result.aligned + result.uncertain, result.unaligned, result.kept) == (len(EXPECTED), 1, 0)
    catalog = catalog_of(config, note)
    assert {key: catalog[key].msgstr for key in EXPECTED} == EXPECTED
    assert catalog[MISSING].msgstr == ""
    certain = [catalog[key] for key in EXPECTED if not catalog[key].fuzzy]
    assert len(certain) == result.aligned >= len(EXPECTED) - 2


def test_fuzzy_option_marks_every_adopted_entry_for_review(tmp_path: Path) -> None:
    config, note = make_project(tmp_path)
    adopt_note(config, note, "hi", fuzzy=True)
    catalog = catalog_of(config, note)
    assert all(catalog[key].fuzzy for key in EXPECTED)


def test_existing_translations_are_never_overwritten(tmp_path: Path) -> None:
    config, note = make_project(tmp_path)
    extract_note(config, note, ["hi"])
    catalog = catalog_of(config, note)
    catalog[(None, "Choosing a tool")].msgstr = "उपकरण का चयन"
    catalog.save()
    result = adopt_note(config, note, "hi")
    assert result.kept == 1
    assert catalog_of(config, note)[(None, "Choosing a tool")].msgstr == "उपकरण का चयन"


def test_adopting_twice_changes_nothing_and_extract_agrees(tmp_path: Path) -> None:
    config, note = make_project(tmp_path)
    adopt_note(config, note, "hi")
    path = catalog_path(config, note, "hi")
    before = path.read_bytes()
    again = adopt_note(config, note, "hi")
    assert (again.written, again.kept) == (False, len(EXPECTED))
    [outcome] = extract_note(config, note, ["hi"])
    assert outcome.action is Action.UNCHANGED
    assert path.read_bytes() == before


def test_a_translation_identical_to_its_source_is_not_adopted(tmp_path: Path) -> None:
    config, note = make_project(tmp_path)
    translated = output_path(config, note, "hi")
    translated.write_text(HINDI.replace("## नतीजे की जाँच", "## Checking the result"), encoding="utf-8")
    adopt_note(config, note, "hi")
    assert catalog_of(config, note)[(None, "Checking the result")].msgstr == ""


def test_command_with_from_folder_and_renamed_files(tmp_path: Path) -> None:
    elsewhere = tmp_path / "old-site" / "hi"
    config, note = make_project(tmp_path, elsewhere / "backups-hi.md")
    (tmp_path / "source_notes" / "untranslated-en.md").write_text("# Not yet\n\nNobody did this one.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "adopt", "--lang", "hi", "--from", str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert "backups-en.md [hi]: " in result.output and "1 unaligned" in result.output
    assert "skipped: untranslated-en.md [hi]: no translation found" in result.output
    assert catalog_of(config, note)[(None, "Choosing a tool")].msgstr == "टूल चुनना"


def test_command_reads_the_configured_output_by_default(tmp_path: Path) -> None:
    config, note = make_project(tmp_path)
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "adopt", "--lang", "hi", "--fuzzy", "backups-en.md"])
    assert result.exit_code == 0, result.output
    assert "adopt: 1 note," in result.output
    assert catalog_of(config, note)[(None, "Checking the result")].fuzzy
