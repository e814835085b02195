"""sync's closing coverage line and ``status`` give the same figures, whatever came before.

sync sums the counts the bookkeeping keeps (:mod:`l10n.status.sums`), status counts the
catalogs of the notes as they are; a stale row of ``coverage_pairs`` once made them disagree
after a catalog run through ``msgmerge`` by hand, a rename, a YAML error and a note switched to
``lang: hi``. The state machine below makes random sequences of such changes (small notes, the
pseudo engine) and, after each sync, holds its figures to ``status --format json``'s.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from l10n.status import cache, sums
from l10n.store import state
from tests.conftest import Runner, write_project

NAMES = ("a.md", "b.md", "sub/c.md", "d.md")
SENTENCES = ("Install it first.", "Then run it.", "Read the guide.", "It works offline.", "See the notes.")
LANGUAGES = ("hi", "pt-BR")  # a region: a note says it as it likes (pt_br)

_LINE = re.compile(
    r"^(?P<lang>[\w-]+) \(.*?\): (?:[\d.]+% translated, [\d.]+% approved \((?P<approved>[\d,]+) approved, "
    r"(?P<fuzzy>[\d,]+) fuzzy, (?P<untranslated>[\d,]+) untranslated of (?P<total>[\d,]+) segments? in "
    r"(?P<notes>[\d,]+) notes?\)|no segments to translate in (?P<none>[\d,]+) notes?)",
    re.MULTILINE,
)


def sync_figures(output: str) -> dict[str, tuple[int, int, int, int, int]]:
    """``lang -> (approved, fuzzy, untranslated, total, notes)`` of sync's coverage lines."""
    found = {}
    for match in _LINE.finditer(output):
        if match["none"] is not None:
            found[match["lang"]] = (0, 0, 0, 0, int(match["none"].replace(",", "")))
        else:
            found[match["lang"]] = tuple(
                int(match[key].replace(",", "")) for key in ("approved", "fuzzy", "untranslated", "total", "notes")
            )  # type: ignore[assignment]
    return found


def status_figures(text: str) -> dict[str, tuple[int, int, int, int, int]]:
    """The same figures from ``status --format json``."""
    data = json.loads(text)
    return {
        lang["lang"]: (
            lang["segments"]["translated"],
            lang["segments"]["fuzzy"],
            lang["segments"]["untranslated"],
            lang["segments"]["total"],
            len(lang["notes"]),
        )
        for lang in data["languages"]
    }


def note_text(sentences: list[str], lang: str | None, title: str) -> str:
    front = f"---\ntitle: {title}\n" + (f"lang: {lang}\n" if lang else "") + "---\n\n"
    return front + "# " + title + "\n\n" + "\n\n".join(sentences) + "\n"


class SyncAgreesWithStatus(RuleBasedStateMachine):
    """Random edits of a small project, each followed (when a rule says so) by a sync."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="l10n-agree-"))
        self.l10n = Runner()
        # Counts of files changed however recently are kept, as a run a few seconds after the
        # last keeps them (tests/conftest.py counts_kept): the path sync's figures take then.
        self.racy = (cache.RACY_NS, state.COUNTS_RACY_NS)
        cache.RACY_NS = state.COUNTS_RACY_NS = 0

    @initialize()
    def start(self) -> None:
        # keep.md is never changed: a source folder without notes is an error of its own
        notes = {"keep.md": note_text(list(SENTENCES[:2]), None, "K"), "a.md": note_text(list(SENTENCES[2:]), None, "A")}
        write_project(self.root, notes, LANGUAGES, 'engine = "pseudo"\n')
        self.sync()

    def teardown(self) -> None:
        cache.RACY_NS, state.COUNTS_RACY_NS = self.racy
        shutil.rmtree(self.root, ignore_errors=True)

    def _notes(self) -> list[str]:
        source = self.root / "source_notes"
        return sorted(p.relative_to(source).as_posix() for p in source.rglob("*.md") if p.name != "keep.md")

    def _catalogs(self) -> list[Path]:
        return sorted(path for lang in LANGUAGES for path in (self.root / "locales" / lang).rglob("*.po"))

    # -- changes ---------------------------------------------------------------------------------

    @rule(name=st.sampled_from(NAMES), sentences=st.lists(st.sampled_from(SENTENCES), min_size=0, max_size=3),
          lang=st.sampled_from([None, None, "hi", "pt_br", "en"]), title=st.sampled_from(["A", "B"]))
    def write(self, name: str, sentences: list[str], lang: str | None, title: str) -> None:
        path = self.root / "source_notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note_text(sentences, lang, title), encoding="utf-8")

    @precondition(lambda self: bool(self._notes()))
    @rule(data=st.data(), lang=st.sampled_from([None, "hi", "PT-BR"]))
    def switch_language(self, data: st.DataObject, lang: str | None) -> None:
        name = data.draw(st.sampled_from(self._notes()))
        path = self.root / "source_notes" / name
        text = re.sub(r"^lang: .*\n", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        if lang and text.startswith("---\n"):
            text = text.replace("---\n", f"---\nlang: {lang}\n", 1)
        path.write_text(text, encoding="utf-8")

    @precondition(lambda self: bool(self._notes()))
    @rule(data=st.data())
    def break_front_matter(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(self._notes()))
        path = self.root / "source_notes" / name
        path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: [oops ", 1), encoding="utf-8")

    @precondition(lambda self: bool(self._notes()))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        (self.root / "source_notes" / data.draw(st.sampled_from(self._notes()))).unlink()

    @precondition(lambda self: bool(self._notes()))
    @rule(data=st.data(), new=st.sampled_from(NAMES))
    def rename(self, data: st.DataObject, new: str) -> None:
        old = data.draw(st.sampled_from(self._notes()))
        target = self.root / "source_notes" / new
        if old != new and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            (self.root / "source_notes" / old).rename(target)

    @precondition(lambda self: bool(self._catalogs()))
    @rule(data=st.data())
    def approve_by_hand(self, data: st.DataObject) -> None:
        """A translator's edit: the first fuzzy entry approved, as an editor saves it."""
        path = data.draw(st.sampled_from(self._catalogs()))
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\n#, fuzzy\n(msgid \"[^\"])", r"\n\1", text, count=1), encoding="utf-8")

    @precondition(lambda self: bool(self._catalogs()) and shutil.which("msgmerge") is not None)
    @rule(data=st.data())
    def msgmerge_by_hand(self, data: st.DataObject) -> None:
        """``msgmerge -U`` of a catalog with its template (GNU gettext rewrites the whole file)."""
        path = data.draw(st.sampled_from(self._catalogs()))
        rel = path.relative_to(self.root / "locales").parts[1:]
        template = (self.root / "locales/templates").joinpath(*rel).with_suffix(".pot")
        if template.exists():
            subprocess.run(["msgmerge", "-q", "-U", "--backup=none", str(path), str(template)], check=True)

    @rule(command=st.sampled_from([("extract",), ("translate",), ("build",), ("sync", "--lang", "hi"), ("sync", "NOTE")]),
          data=st.data())
    def partial_run(self, command: tuple[str, ...], data: st.DataObject) -> None:
        """A stage alone, or a sync of one language or one note: records of part of the site."""
        if command[-1] == "NOTE":
            notes = self._notes()
            if not notes:
                return
            command = (*command[:-1], str(self.root / "source_notes" / data.draw(st.sampled_from(notes))))
        result = self.l10n(self.root, *command)
        assert result.exit_code in (0, 1), result.output

    # -- the check -------------------------------------------------------------------------------

    @rule()
    def sync(self) -> None:
        result = self.l10n(self.root, "sync")
        assert result.exit_code in (0, 1), result.output  # 1: a note's error, said and left out
        figures = sync_figures(result.stdout)
        assert set(figures) == set(LANGUAGES), result.output
        status = self.l10n(self.root, "status", "--format", "json")
        assert status_figures(status.stdout) == figures, (result.output, status.stdout)
        self.pairs_are_the_join()

    @rule()
    def status(self) -> None:
        """A status between syncs: it writes the counts the bookkeeping's pairs take."""
        assert self.l10n(self.root, "status", "--format", "json").exit_code in (0, 1)  # 1: a note's error

    def pairs_are_the_join(self) -> None:
        """The bookkeeping's kept pairs and sums are what joining its tables afresh gives."""
        db = sqlite3.connect(self.root / "locales" / ".l10n-cache.sqlite3")
        try:
            columns = "key, path, lang, folder, size, ctime_ns, kind, " + ", ".join(sums.COUNTS)
            kept = set(db.execute(f"SELECT {columns} FROM coverage_pairs"))
            fresh = set(db.execute(sums.PAIRS))
            assert kept == fresh, (kept - fresh, fresh - kept)
            totals = ", ".join(f"sum(coalesce({column}, 0))" for column in sums.COUNTS)
            summed = {row[:3]: row[3:] for row in db.execute(f"SELECT lang, folder, kind, count(*), {totals} FROM coverage_pairs GROUP BY 1, 2, 3")}
            stored = {row[:3]: row[3:] for row in db.execute(f"SELECT lang, folder, kind, pairs, {', '.join(sums.COUNTS)} FROM coverage_sums") if row[3]}
            assert stored == summed
        finally:
            db.close()


def _agree(l10n: Runner, root: Path) -> dict[str, tuple[int, int, int, int, int]]:
    result = l10n(root, "sync")
    assert result.exit_code in (0, 1), result.output
    status = l10n(root, "status", "--format", "json")
    assert status_figures(status.stdout) == sync_figures(result.stdout), (result.output, status.stdout)
    return sync_figures(result.stdout)


@pytest.mark.usefixtures("counts_kept")
def test_a_note_switched_to_a_target_language_leaves_its_sums(project: Callable[..., Path], l10n: Runner) -> None:
    """The reviewer's sequence: a catalog through msgmerge, a rename, a YAML error, then a note
    switched to ``lang: hi``. Its catalog in hi stays (a translator's work) and its build in its
    own language is recorded with it: that pair of the bookkeeping kept it in sync's sums, from
    the second sync on (the first counts it apart, as changed), and back when it switches again."""
    notes = {name: note_text(list(SENTENCES[i : i + 2]), None, name[0].upper()) for i, name in enumerate(("a.md", "b.md", "c.md", "d.md"))}
    root = project(notes, LANGUAGES, 'engine = "pseudo"\n')
    assert _agree(l10n, root)["hi"][4] == 4
    if shutil.which("msgmerge"):
        subprocess.run(["msgmerge", "-q", "-U", "--backup=none", str(root / "locales/hi/a.po"), str(root / "locales/templates/a.pot")], check=True)
    _agree(l10n, root)
    (root / "source_notes/b.md").rename(root / "source_notes/e.md")
    _agree(l10n, root)
    (root / "source_notes/c.md").write_text("---\ntitle: [oops\n---\n\n# C\n", encoding="utf-8")
    _agree(l10n, root)
    d = root / "source_notes/d.md"
    d.write_text(d.read_text(encoding="utf-8").replace("---\n", "---\nlang: hi\n", 1), encoding="utf-8")
    for _ in range(2):
        figures = _agree(l10n, root)
        assert (figures["hi"][4], figures["pt-BR"][4]) == (3, 4)
    d.write_text(d.read_text(encoding="utf-8").replace("lang: hi\n", ""), encoding="utf-8")
    for _ in range(2):
        figures = _agree(l10n, root)
        assert (figures["hi"][4], figures["pt-BR"][4]) == (4, 4)


SyncAgreesWithStatus.TestCase.settings = settings(max_examples=25, stateful_step_count=10, deadline=None)
test_sync_agrees_with_status = SyncAgreesWithStatus.TestCase
