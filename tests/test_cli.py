"""The extract and build commands end to end, including bad input."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib

from l10n.catalog import Catalog
from tests.conftest import Runner, require_tool

GOOD = """---
title: A good note
lang: en
layout: post
---

## Heading

Text with a citation. ([Source][1])

[1]: https://example.com/a "A title"
"""


def strip_language_lines(data: bytes) -> bytes:
    return b"".join(line for line in data.splitlines(keepends=True) if not line.startswith((b"lang:", b"translated:")))


def test_extract_then_build_gives_the_source_back(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"blog/2025-09-12-post-en.md": GOOD, "plain.md": "# No front matter\n\nText.\n"})
    result = l10n(root, "extract")
    assert result.exit_code == 0, result.output
    assert (root / "locales/templates/blog/2025-09-12-post-en.pot").is_file()
    assert (root / "locales/hi/blog/2025-09-12-post-en.po").is_file()
    result = l10n(root, "build")
    assert result.exit_code == 0, result.output
    built = (root / "translated/hi/blog/2025-09-12-post-hi.md").read_bytes()
    assert strip_language_lines(built) == strip_language_lines(GOOD.encode())
    assert b"lang: hi\n" in built and b"translated: true\n" in built
    assert (root / "translated/hi/plain.md").read_bytes() == b"# No front matter\n\nText.\n"


def test_translations_reach_the_built_note(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"post-en.md": GOOD})
    l10n(root, "extract")
    path = root / "locales/hi/post-en.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        entry.msgstr = {"A good note": "एक अच्छा नोट", "Heading": "शीर्षक"}.get(entry.msgid, "")
    po.save(str(path))
    l10n(root, "build")
    built = (root / "translated/hi/post-hi.md").read_text(encoding="utf-8")
    assert "title: एक अच्छा नोट\n" in built
    assert "## शीर्षक\n" in built
    assert "Text with a citation. ([Source][1])" in built
    assert '[1]: https://example.com/a "A title"\n' in built


def test_rerun_rewrites_nothing(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD, "sub/b.md": "Text.\n"})
    l10n(root, "extract")
    l10n(root, "build")
    bookkeeping = (".l10n.lock", ".l10n-cache.sqlite3")  # l10n's own state and caches
    files = [
        p
        for p in root.rglob("*")
        if p.is_file() and "source_notes" not in p.parts and not any(part.startswith(bookkeeping) for part in p.parts)
    ]
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    past = 1_000_000_000
    for p in [*files, *(root / "source_notes").rglob("*.md")]:
        os.utime(p, ns=(past, past))
    assert l10n(root, "extract").exit_code == 0
    assert l10n(root, "build").exit_code == 0
    for p in files:
        assert p.stat().st_mtime_ns == past, f"{p} was rewritten"
        assert p.read_bytes() == before[p][1]


def test_min_coverage_keeps_the_old_output(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD})
    l10n(root, "extract")
    out = root / "translated/hi/a-hi.md"
    out.parent.mkdir(parents=True)
    out.write_text("old translation\n", encoding="utf-8")
    result = l10n(root, "build", "--min-coverage", "50")
    assert result.exit_code == 0
    assert "a-en.md [hi]: 0% translated, below the minimum 50%" in result.stderr
    assert out.read_text(encoding="utf-8") == "old translation\n"


def test_select_notes_and_languages(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD, "b-en.md": GOOD}, languages=("hi", "ar"))
    result = l10n(root, "extract", "--lang", "ar", "source_notes/a-en.md")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(root / "locales").as_posix() for p in (root / "locales").rglob("*.po")) == ["ar/a-en.po"]
    assert Catalog.load(root / "locales/ar/a-en.po").po.metadata["Plural-Forms"].startswith("nplurals=6")


def test_unknown_language_is_a_clear_error(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD}, languages=("hi", "xx-bogus"))
    result = l10n(root, "extract")
    assert result.exit_code == 2  # a configuration mistake is a usage error
    assert result.stderr.startswith("error: pyproject.toml: [tool.l10n] languages: unknown language tag 'xx-bogus'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_config_key_suggests_the_right_one(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD}, extra='langauges = ["hi"]\n')
    result = l10n(root, "extract")
    assert result.exit_code == 2
    assert "unknown key 'langauges'; did you mean 'languages'?" in result.stderr


BAD_NOTES: dict[str, tuple[bytes, str]] = {
    "invalid-yaml.md": (b"---\ntitle: [unclosed\n---\nText.\n", "invalid-yaml.md:2: invalid YAML in front matter"),
    "list-yaml.md": (b"---\n- a\n- b\n---\nText.\n", "list-yaml.md:2: front matter must be a mapping"),
    "unterminated.md": (b"---\ntitle: x\nText.\n", "unterminated.md:1: front matter is not terminated"),
    "latin1.md": ("Caf\u00e9 au lait\n".encode("latin-1"), "latin1.md:1: not valid UTF-8"),
    "nul.md": (b"Text\n\x00binary\n", "nul.md:2: contains NUL bytes"),
    "binary.md": (bytes(range(256)), "binary.md:1: contains NUL bytes"),
}


def test_bad_notes_are_reported_and_others_carry_on(project: Callable[..., Path], l10n: Runner) -> None:
    notes: dict[str, bytes | str] = {name: data for name, (data, _) in BAD_NOTES.items()}
    notes["good-en.md"] = GOOD
    root = project(notes)
    (root / "source_notes/dir.md").mkdir()
    result = l10n(root, "extract")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    for _, expected in BAD_NOTES.values():
        assert any(line.startswith(f"error: source_notes/{expected}") for line in lines), (expected, lines)
    assert "Traceback" not in result.output
    assert (root / "locales/hi/good-en.po").is_file()
    assert not (root / "locales/hi/invalid-yaml.po").exists()
    result = l10n(root, "build")
    assert result.exit_code == 1
    assert (root / "translated/hi/good-hi.md").is_file()


def test_broken_catalog_is_never_replaced(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD, "b-en.md": GOOD})
    l10n(root, "extract")
    broken = root / "locales/hi/a-en.po"
    damaged = broken.read_bytes().replace(b'msgstr ""\n\n#. heading', b'msgstr "oops\n\n#. heading', 1)
    broken.write_bytes(damaged)
    (root / "source_notes/a-en.md").write_text(GOOD + "\nNew paragraph.\n", encoding="utf-8")
    (root / "source_notes/b-en.md").write_text(GOOD + "\nNew paragraph.\n", encoding="utf-8")
    result = l10n(root, "extract")
    assert result.exit_code == 1
    assert "error: " in result.stderr and "a-en.po:" in result.stderr and "unterminated" in result.stderr
    assert broken.read_bytes() == damaged
    assert "New paragraph." in (root / "locales/hi/b-en.po").read_text(encoding="utf-8")


def test_corpus_catalogs_pass_msgfmt(corpus_project: Path, l10n: Runner) -> None:
    assert l10n(corpus_project, "extract").exit_code == 0
    catalogs = sorted((corpus_project / "locales").rglob("*.po*"))
    assert len(catalogs) > 10
    for path in catalogs:
        result = subprocess.run([require_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, (path, result.stderr)


def test_corpus_identity_through_the_cli(corpus_project: Path, l10n: Runner) -> None:
    assert l10n(corpus_project, "extract").exit_code == 0
    assert l10n(corpus_project, "build").exit_code == 0
    sources = sorted((corpus_project / "source_notes").rglob("*.md"))
    for source in sources:
        rel = source.relative_to(corpus_project / "source_notes")
        name = rel.name[: -len("-en.md")] + "-hi.md" if rel.name.endswith("-en.md") else rel.name
        built = corpus_project / "translated/hi" / rel.parent / name
        assert strip_language_lines(built.read_bytes()) == strip_language_lines(source.read_bytes()), rel


def test_help_for_every_command(l10n: Runner, tmp_path: Path) -> None:
    import click

    from l10n.cli import cli

    context = click.Context(cli)
    names = cli.list_commands(context)  # status, check and adopt are loaded only when asked for
    assert set(names) == {"extract", "translate", "build", "sync", "status", "check", "adopt"}
    listing = l10n(tmp_path, "--help").output
    for name in names:
        command = cli.get_command(context, name)
        assert command is not None and command.help, name
        assert f"  {name} " in listing, name
        result = l10n(tmp_path, name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_noop_run_skips_untouched_notes_but_sees_edits(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD, "b-en.md": GOOD})
    l10n(root, "extract")
    l10n(root, "build")
    result = l10n(root, "extract")
    assert "0 catalogs written, 2 unchanged" in result.stderr
    (root / "source_notes/a-en.md").write_text(GOOD + "\nAdded.\n", encoding="utf-8")
    result = l10n(root, "extract")
    assert "1 catalogs written, 1 unchanged" in result.stderr
    po = root / "locales/hi/b-en.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "Heading"\nmsgstr ""', 'msgid "Heading"\nmsgstr "शीर्षक"'), encoding="utf-8")
    result = l10n(root, "build")
    assert "2 notes written, 0 unchanged" in result.stderr  # a changed (source) and b (catalog)
    assert "## शीर्षक" in (root / "translated/hi/b-hi.md").read_text(encoding="utf-8")


def test_shards_partition_the_notes(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({f"n{i}-en.md": GOOD for i in range(12)})
    seen: list[str] = []
    for k in (1, 2, 3):
        before = set((root / "locales/hi").glob("*.po")) if (root / "locales/hi").exists() else set()
        assert l10n(root, "extract", "--shard", f"{k}/3").exit_code == 0
        after = set((root / "locales/hi").glob("*.po"))
        seen.extend(p.name for p in after - before)
    assert sorted(seen) == sorted(f"n{i}-en.po" for i in range(12))
    assert l10n(root, "extract", "--shard", "4/3").exit_code == 2
