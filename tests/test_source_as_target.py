"""The source language among the targets (``source_language = "en"``, ``languages = ["en",
"hi"]``) is a target only for notes written in another language (README "Languages"). With
none, it used to show as "en: 0 notes" in ``status`` and ``sync``, and every ``sync`` ran
translate again (never "nothing to translate"); now one warning names the configuration file
and line, the language is left out, and the second ``sync`` writes nothing. A note written in a
target language (its front matter ``lang:`` or its name) kept ``sync`` from ever being a no-op
the same way: its catalog in its own language never exists (review 18, defect 4)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Runner, write_project

NOTE = "# Hello\n\nInstall it first.\n"


def _files(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*") if p.is_file()}


def test_the_source_language_alone_is_skipped_with_one_warning(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a.md": NOTE, "b.md": NOTE.replace("Hello", "Bye")}, ("en", "hi"), 'source_language = "en"\n')
    first = l10n.sync(root)
    warnings = [line for line in first.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, first
    assert warnings[0].startswith("warning: pyproject.toml:6: languages lists the source language en") and "skipped" in warnings[0]
    assert not [line for line in first.splitlines() if line.startswith("en")], first
    assert not (root / "translated/en").exists() and not (root / "locales/en").exists()

    second = l10n.sync(root)
    assert "hi: nothing to translate" in second and not [line for line in second.splitlines() if line.startswith("en")]
    before = _files(root)
    third = l10n.sync(root)
    assert _files(root) == before, third  # a no-op writes nothing

    status = l10n(root, "status")
    assert status.exit_code == 0
    assert [line.split()[0] for line in status.stdout.splitlines()[1:] if line and not line[0].isspace()] == ["hi"]
    assert status.stderr.count("languages lists the source language en") == 1
    data = json.loads(l10n(root, "status", "--format", "json").stdout)
    assert [lang["lang"] for lang in data["languages"]] == ["hi"]


def test_the_stages_summaries_leave_out_the_skipped_source_language(tmp_path: Path, l10n: Runner) -> None:
    """Issue s19-left 5: extract, build and check named the skipped source language in their
    summary lines ("extract: 2 notes, en, hi: 2 catalogs written, 2 unchanged") and counted its
    notes unchanged; they now leave it out, and say the one warning sync and status say, on the
    whole site (on some notes, another note may need the language: nothing is said)."""
    root = write_project(tmp_path, {"a.md": NOTE, "b.md": NOTE.replace("Hello", "Bye")}, ("en", "hi"), 'source_language = "en"\n')
    for command, line in (
        (("extract",), "extract: 2 notes, hi: 2 catalogs written, 0 unchanged, 0 errors"),
        (("build",), "build: 2 notes, hi: 2 notes written, 0 unchanged, 0 errors"),
        (("check",), "check: 2 notes, hi: 0 problems"),
        (("check", "--catalogs"), "check: 2 notes, hi: 0 problems"),
        (("extract", "--force"), "extract: 2 notes, hi: 0 catalogs written, 2 unchanged, 0 errors"),
    ):
        done = l10n(root, *command)
        assert done.exit_code == 0 and line in done.stderr.splitlines(), (command, done.stderr)
        assert done.stderr.count("languages lists the source language en") == 1, done.stderr
    some = l10n(root, "build", "a.md")
    assert "build: 1 note, hi: 0 notes written, 1 unchanged, 0 errors" in some.stderr and "warning:" not in some.stderr, some.stderr


@pytest.mark.parametrize(
    ("name", "text"),
    [("zh/b-zh.md", "# 你好\n\n先安装。\n"), ("b.md", "---\nlang: zh\n---\n\n# 你好\n\n先安装。\n")],
)
def test_the_source_language_is_a_target_for_a_note_written_in_another(tmp_path: Path, l10n: Runner, name: str, text: str) -> None:
    root = write_project(tmp_path, {"a.md": NOTE, name: text}, ("en", "zh"), 'source_language = "en"\n')
    first = l10n.sync(root)
    assert "warning:" not in first
    assert any(line.startswith("en (English): 100.0% translated") and "in 1 note" in line for line in first.splitlines()), first
    for command in (("extract", "--force"), ("build",), ("check",)):  # named: a note needs it
        done = l10n(root, *command)
        assert ", en, zh: " in done.stderr and "warning:" not in done.stderr, (command, done.stderr)
    assert "nothing to translate" in l10n.sync(root)
    before = _files(root)
    l10n.sync(root)
    assert _files(root) == before
    data = json.loads(l10n(root, "status", "--format", "json").stdout)
    assert [(lang["lang"], len(lang["notes"])) for lang in data["languages"]] == [("en", 1), ("zh", 1)]


@pytest.mark.parametrize("own", ["---\nlang: hi\n---\n\n# Namaste\n\nPahle.\n", None])
def test_a_note_written_in_a_target_language_lets_sync_be_a_no_op(tmp_path: Path, l10n: Runner, own: str | None) -> None:
    notes = {"a.md": NOTE, "b.md": own} if own else {"a.md": NOTE, "b-hi.md": "# Namaste\n\nPahle.\n"}
    root = write_project(tmp_path, notes, ("hi", "de"))
    l10n.sync(root)
    second = l10n.sync(root)
    assert "hi: nothing to translate" in second and "de: nothing to translate" in second, second
    before = _files(root)
    l10n.sync(root)
    assert _files(root) == before
    if own:  # its front matter no longer says hi: translated into hi by the next sync
        (root / "source_notes/b.md").write_text(own.replace("lang: hi", "title: B"), encoding="utf-8")
        output = l10n.sync(root)
        assert re.search(r"^hi: [1-9]\d* translated", output, re.MULTILINE), output
        assert (root / "translated/hi/b.md").is_file()



@pytest.mark.parametrize(("source", "listed"), [("en", "EN"), ("en", "En"), ("en_US", "en-us"), ("pt-BR", "pt_br")])
def test_the_source_language_spelt_otherwise_among_the_targets_is_the_source(
    tmp_path: Path, l10n: Runner, source: str, listed: str
) -> None:
    """``languages = ["EN", "hi"]`` beside ``source_language = "en"`` made "EN" a language of its
    own: every English note was translated into English, under ``translated/EN``."""
    root = write_project(tmp_path, {"a.md": NOTE}, (listed, "hi"), f'source_language = "{source}"\n')
    output = l10n.sync(root)
    assert f"languages lists the source language {source}" in output
    assert sorted(p.name for p in (root / "translated").iterdir()) == ["hi"]
    assert sorted(p.name for p in (root / "locales").iterdir() if p.is_dir()) == ["hi", "templates"]
