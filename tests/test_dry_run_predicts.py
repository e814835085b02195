"""``sync --dry-run`` predicts what the real run then does: the notes build redoes, the
segments and characters translate sends (retries included where they are certain).

Found by a review: after a sync whose translate step failed, the dry run said build would redo
none of the notes whose catalogs translate then filled (and their pages changed); it counted
shortcut and collapsed references as written where translate sends them expanded with the
note's link definitions (808 characters predicted, 819 sent for the bundled HTTP-caching note);
and it left out the retry of a reply refused again. Every figure here is read from what the
commands said and what they left on disk, the dry run's beside the real run's that follows.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from l10n.store import verdicts
from tests.conftest import Runner
from tests.stubs import LibreStub

REPOSITORY_NOTES = Path(__file__).resolve().parents[1] / "source_notes"
"""The notes bundled with the repository (the project's own sample site, under its licence)."""
EXTRA = 'engine = "pseudo"\nmarkdown = "gfm"\n'


@pytest.fixture(autouse=True)
def _own_verdict_store() -> None:
    """Start without another test's project attached to the validator's pass store (see
    tests/test_sync_plan.py)."""
    verdicts.detach()


def _pages(root: Path) -> dict[str, bytes]:
    found = {}
    for folder, _, files in os.walk(root / "translated"):
        for name in files:
            path = Path(folder, name)
            found[str(path.relative_to(root))] = path.read_bytes()
    return found


def _would_build(output: str) -> tuple[int, list[str]]:
    """The count of the dry run's build line and the notes its -v lines name."""
    count = re.search(r"^build: would redo ([\d,]+) of", output, re.MULTILINE)
    assert count is not None, output
    return int(count.group(1).replace(",", "")), re.findall(r"^  would build (\S+): ", output, re.MULTILINE)


def _planned(output: str, lang: str = "hi") -> tuple[int, int, int]:
    """Segments, characters and requests of the dry run's translate line."""
    found = re.search(rf"^{lang}: would send ([\d,]+) segments? \(([\d,]+) characters?, ~[\d,]+ tokens?, ([\d,]+) requests?\)", output, re.MULTILINE)
    assert found is not None, output
    return tuple(int(n.replace(",", "")) for n in found.groups())  # type: ignore[return-value]


def _sent(output: str, lang: str = "hi") -> tuple[int, int]:
    """Segments translated by the engine and characters sent, from the real run's summary."""
    found = re.search(rf"^{lang}: ([\d,]+) translated by \S+, [\d,]+ reused from memory, ([\d,]+) failed, ([\d,]+) characters? sent", output, re.MULTILINE)
    assert found is not None, output
    translated, failed, characters = (int(n.replace(",", "")) for n in found.groups())
    return translated + failed, characters


def test_after_a_failed_translate_the_dry_run_builds_what_translate_then_fills(
    project: Callable[..., Path], l10n: Runner
) -> None:
    root = project({"b-en.md": "# Guide\n\nRead about [running it](a-en.md#run-it).\n"}, ("hi",), EXTRA)
    assert l10n(root, "sync").exit_code == 0  # b complete; a, the note its link reads, is missing
    (root / "source_notes/a-en.md").write_text("# Setup\n\nInstall it first.\n\n## Run it\n\nThen run it.\n", encoding="utf-8")
    (root / "source_notes/c-en.md").write_text("# Other\n\nNothing to do with the others.\n", encoding="utf-8")
    with LibreStub("auth") as stub:  # the engine refuses the key: translate fails, the pages stay English
        failed = l10n(root, "sync", "--engine", "libre", "--engine-url", stub.url)
    assert failed.exit_code != 0 and "0 translated by" in failed.output, failed.output
    before = _pages(root)
    plan = l10n(root, "-v", "sync", "--dry-run")
    assert plan.exit_code == 0, plan.output
    assert _pages(root) == before
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    after = _pages(root)
    changed = sorted(re.sub(r"^translated/hi/(.*)-hi\.md$", r"\1-en.md", page) for page in after if before.get(page) != after[page])
    # a and c get their translations, b's link follows a's translated heading
    assert changed == ["a-en.md", "b-en.md", "c-en.md"]
    count, named = _would_build(plan.output)
    assert (count, sorted(named)) == (3, changed), plan.output
    assert "  would build b-en.md: its links read a-en.md, whose catalog would be rewritten" in plan.output
    assert "  would build c-en.md: translate would rewrite its catalog (hi)" in plan.output
    assert _planned(plan.output)[:2] == _sent(done.output)
    again = l10n(root, "-v", "sync", "--dry-run")
    assert _would_build(again.output) == (0, [])


def _with_references(root: Path) -> None:
    (root / "source_notes/refs-en.md").write_text(
        "# References\n\n"
        "Read [the guide] first, then [the manual][] and [the FAQ][faq].\n\n"
        "- A list item with [the guide] again.\n\n"
        "[the guide]: https://example.org/guide\n"
        "[the manual]: https://example.org/manual \"The manual\"\n"
        "[faq]: https://example.org/faq\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("notes", ["generated", "bundled"])
def test_the_dry_run_counts_the_characters_translate_sends_for_shortcut_references(
    project: Callable[..., Path], l10n: Runner, notes: str
) -> None:
    root = project({}, ("hi",), EXTRA)
    if notes == "bundled":  # the repository's own sample site: its HTTP-caching note has shortcut references
        shutil.copytree(REPOSITORY_NOTES, root / "source_notes", dirs_exist_ok=True)
    else:
        _with_references(root)
    plan = l10n(root, "sync", "--dry-run")
    assert plan.exit_code == 0, plan.output
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    segments, characters, _ = _planned(plan.output)
    assert (segments, characters) == _sent(done.output), (plan.output, done.output)
    # and for a stale entry sent again: an English edit that keeps the references
    note = next((root / "source_notes").rglob("*.md")) if notes == "generated" else root / "source_notes/blog/2025-12-14-http-caching-en.md"
    text = note.read_text(encoding="utf-8")
    edited = re.sub(r"^([^#\-\[\n].*\[[^\]\n]+\].*)$", r"\1 Edited.", text, count=1, flags=re.MULTILINE)
    assert edited != text
    note.write_text(edited, encoding="utf-8")
    plan = l10n(root, "sync", "--dry-run")
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    assert _planned(plan.output)[:2] == _sent(done.output) != (0, 0), (plan.output, done.output)


REFUSED = "[the site]: https://example.org/[other]: https://example.org/other"
"""Pseudo's reply to it changes the first link destination: the validator refuses it, every time
(see tests/test_refusals.py)."""


def test_a_certain_retry_is_counted_and_an_unknown_one_said(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": f"# Title\n\nSee [the site] now.\n\n{REFUSED}\n"}, ("hi",), EXTRA)
    first_plan = l10n(root, "sync", "--dry-run")
    assert "a retry of a reply refused for the first time not counted" in first_plan.output
    first = l10n(root, "sync")
    assert "1 failed" in first.output
    # --retry-refused to a deterministic engine: it is refused again, and asked again, for sure
    plan = l10n(root, "sync", "--dry-run", "--retry-refused")
    assert "1 segment refused before counted with its retry" in plan.output
    segments, characters, requests = _planned(plan.output)
    again = l10n(root, "sync", "--retry-refused")
    assert _sent(again.output) == (segments, characters) == (1, characters), (plan.output, again.output)
    assert requests == 2  # the batch, then the retry alone
    # the first run: which reply is refused is known only once the engine answers, so the plan
    # counted one send of it, and the run sent it twice (the retry the line says is not counted)
    planned_segments, planned_characters, _ = _planned(first_plan.output)
    assert _sent(first.output) == (planned_segments, planned_characters + characters // 2), (first_plan.output, first.output)


def test_the_dry_run_counts_the_texts_translate_counts(project: Callable[..., Path], l10n: Runner) -> None:
    """Texts that read the same once their code is masked are sent once: the real run counts
    each as translated, and the dry run's segments are the same texts (characters and requests:
    what is sent). The paragraphs without words are no segments at all (extract leaves them)."""
    root = project(
        {"a-en.md": "# Numbers\n\nRun `make` now.\n\nRun `test` now.\n\n2024\n\n`VACUUM INTO`\n\nA plain sentence.\n"},
        ("hi",),
        EXTRA,
    )
    plan = l10n(root, "sync", "--dry-run")
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    segments, characters, requests = _planned(plan.output)
    assert (segments, characters) == _sent(done.output), (plan.output, done.output)
    assert segments == 4 and requests == 1  # the two "Run … now." texts: one send


def test_the_dry_run_parses_each_note_once_for_all_its_languages(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The planner made each note's catalogs in memory language by language, and parsed the
    # note again for each: three languages, three parses. The figures stay those of the real run.
    pipeline = importlib.import_module("l10n.pipeline")  # ("l10n" is the runner here)
    root = project(
        {"a-en.md": "# Setup\n\nInstall [it](b-en.md) first.\n", "b-en.md": "# Other\n\nRead [the guide].\n\n[the guide]: https://e.x/g\n"},
        ("hi", "fr", "de"),
        EXTRA,
    )
    parsed: list[str] = []
    real = pipeline.load_note

    def counting(config: object, note: object, *args: object, **kwargs: object) -> object:
        parsed.append(getattr(note, "name", ""))
        return real(config, note, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "load_note", counting)  # a spy: the real parser still runs
    plan = l10n(root, "sync", "--dry-run")
    assert plan.exit_code == 0, plan.output
    assert sorted(parsed) == ["a-en.md", "b-en.md"], parsed
    monkeypatch.undo()
    done = l10n(root, "sync")
    assert done.exit_code == 0, done.output
    for lang in ("hi", "fr", "de"):
        assert _planned(plan.output, lang)[:2] == _sent(done.output, lang) != (0, 0), (lang, plan.output, done.output)
