"""The translate and sync commands with the offline pseudo engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import polib
import pytest

from tests.conftest import Runner

NOTE = """---
title: Caching notes
lang: en
---

# Caching

Shared paragraph about caches.

- Use `max-age` wisely. ([MDN][1])

[1]: https://developer.mozilla.org "MDN"
"""
OTHER = "# Other\n\nShared paragraph about caches.\n"


def entries(root: Path, name: str) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(root / "locales/hi" / name), wrapwidth=0)}


def test_sync_runs_the_whole_job_offline(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"blog/note-en.md": NOTE})
    result = l10n(root, "sync", "--engine", "pseudo")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("hi (Hindi): 100.0% translated, 0.0% approved")
    found = entries(root, "blog/note-en.po")
    item = found["Use `max-age` wisely. ([MDN][1])"]
    assert item.fuzzy and item.tcomment.startswith("mt: pseudo ")
    assert "`max-age`" in item.msgstr and "][1])" in item.msgstr
    built = (root / "translated/hi/blog/note-hi.md").read_text(encoding="utf-8")
    assert "lang: hi\n" in built and "translated: true\n" in built
    assert '[1]: https://developer.mozilla.org "MDN"\n' in built
    assert item.msgstr in built


def test_second_run_sends_nothing(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"note-en.md": NOTE})
    l10n(root, "extract")
    first = l10n(root, "translate", "--engine", "pseudo")
    assert "hi: 4 translated by pseudo" in first.stderr
    second = l10n(root, "translate", "--engine", "pseudo")
    assert "hi: 0 translated by pseudo, 0 reused from memory, 0 failed, 0 characters sent" in second.stderr


def test_human_work_is_never_overwritten_and_is_reused(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": NOTE, "b-en.md": OTHER})
    l10n(root, "extract")
    path = root / "locales/hi/a-en.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid == "Shared paragraph about caches.":
            entry.msgstr = "कैश के बारे में साझा अनुच्छेद।"
        if entry.msgid == "Caching":
            entry.msgstr = "पुराना मशीन अनुवाद"
            entry.flags.append("fuzzy")
    po.save(str(path))
    result = l10n(root, "translate", "--engine", "pseudo")
    assert result.exit_code == 0, result.stderr
    a = entries(root, "a-en.po")
    assert a["Shared paragraph about caches."].msgstr == "कैश के बारे में साझा अनुच्छेद।"
    assert a["Caching"].msgstr == "पुराना मशीन अनुवाद"
    b = entries(root, "b-en.po")
    reused = b["Shared paragraph about caches."]
    assert reused.msgstr == "कैश के बारे में साझा अनुच्छेद।" and not reused.fuzzy  # from memory: a human's work
    assert "1 reused from memory" in result.stderr


def test_dry_run_sends_and_writes_nothing(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"note-en.md": NOTE})
    l10n(root, "extract")
    before = (root / "locales/hi/note-en.po").read_bytes()
    result = l10n(root, "translate", "--engine", "pseudo", "--dry-run")
    assert result.exit_code == 0
    assert "hi: would send 4 segments (" in result.stderr
    assert (root / "locales/hi/note-en.po").read_bytes() == before


def test_unknown_engine_is_one_clear_line(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"note-en.md": NOTE})
    l10n(root, "extract")
    result = l10n(root, "translate", "--engine", "gogle")
    assert result.exit_code == 2  # a wrong option value: a usage error, as click's own
    assert result.stderr.strip().splitlines() == [
        "error: --engine: unknown engine 'gogle'; did you mean 'google'? valid engines: "
        + result.stderr.split("valid engines: ")[1].strip()
    ]


def test_after_sync_nothing_looks_edited(project: Callable[..., Path], l10n: Runner) -> None:
    """translate rewrites catalogs extract has just made; the next run must not take that for an edit."""
    from l10n.config import load_config
    from l10n.pipeline import build_inputs, extract_inputs
    from l10n.site.layout import discover_notes
    from l10n.store.state import RunState

    root = project({"a-en.md": NOTE, "b-en.md": OTHER})
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    config = load_config(root)
    state = RunState.load(config)
    for note in discover_notes(config):
        assert state.is_fresh(f"extract:hi:{note.name}", extract_inputs(config, note, "hi"))
        assert state.is_fresh(f"build:hi:{note.name}", build_inputs(config, note, "hi"))


def test_translate_holds_the_notes_of_one_chunk_at_a_time(project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19 (peak memory flat in the notes): the stage makes each note's ``Note`` and
    catalog path when its chunk comes, not all of them up front. Counted as the ``Note``
    objects alive when the engine is called (weak references), with chunks of 3 catalogs."""
    import weakref

    from l10n.config import load_config
    from l10n.mt import translate
    from l10n.mt.engines.pseudo import PseudoEngine
    from l10n.pipeline import run_extract
    from l10n.site.layout import Note, NoteList

    root = project({f"n{i:02}.md": f"# Note {i}\n\nParagraph {i}.\n" for i in range(20)})
    config = load_config(root)
    made: list[weakref.ref[Note]] = []

    class Watched(NoteList):
        def note(self, name: str) -> Note:
            note = super().note(name)
            made.append(weakref.ref(note))
            return note

        def __iter__(self) -> Iterator[Note]:
            for name in self.names:
                yield self.note(name)

        def __getitem__(self, index: Any) -> Any:
            if isinstance(index, int):
                return self.note(self.names[index])
            return super().__getitem__(index)

    notes = Watched(config.source, [f"n{i:02}.md" for i in range(20)])
    run_extract(config, notes, config.languages)
    alive: list[int] = []

    class Counting(PseudoEngine):
        def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
            alive.append(sum(ref() is not None for ref in made))
            return super().translate(texts, source=source, target=target)

    monkeypatch.setattr(translate, "CHUNK", 3)
    made.clear()
    translate.translate_language(config, notes, "hi", Counting(), memory=None)
    assert alive and max(alive) <= 2 * 3, alive
    assert all(entry.msgstr for entry in entries(root, "n19.po").values())
