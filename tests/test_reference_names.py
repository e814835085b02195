"""Note file names with spaces (and tabs, ``#``, ``:``, non-ASCII letters) in catalogs' ``#:``
references: written as GNU gettext after 0.21 writes them (the name between U+2068 and U+2069),
read in either form, and never the reason an unchanged catalog is written again."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import polib
from hypothesis import given
from hypothesis import strategies as st

from l10n.fsutil import printable
from l10n.po.catalog import Catalog, load_catalog
from l10n.po.references import (
    FSI,
    PDI,
    format_references,
    isolated_names,
    parse_references,
    polib_text,
    references_key,
)
from l10n.po.writer import TemplateEntry, _reference_lines, render_template_entries
from tests.conftest import Runner, require_tool, write_project

# Names a site may hold: spaces, tabs, '#', ':', digits after a colon, accents, Devanagari, CJK.
_NAME = st.text(alphabet="ab Z9#:.-_\téüहि日", min_size=1, max_size=12).filter(lambda n: n.strip() and "/" not in n)
_OCCURRENCES = st.lists(st.tuples(_NAME.map(lambda n: "source_notes/" + printable(n) + ".md"), st.integers(1, 999).map(str)), min_size=1, max_size=4)


def _bare(occurrences: list[tuple[str, str]]) -> str:
    """The ``#:`` text l10n (and GNU gettext 0.21) wrote before: names as they are."""
    return " ".join(f"{path}:{number}" for path, number in occurrences)


@given(occurrences=_OCCURRENCES)
def test_references_read_back_as_written_and_the_old_form_says_the_same(occurrences: list[tuple[str, str]]) -> None:
    text = format_references(occurrences)
    assert parse_references(text) == occurrences
    for path, number in occurrences:  # isolates exactly around the names GNU gettext isolates
        isolated = f"{FSI}{path}{PDI}:{number}" in text
        assert isolated == (" " in path or "\t" in path)
    # the form written before (bare names) is read as other references, yet says the same
    assert references_key(parse_references(_bare(occurrences))) == references_key(occurrences)


@given(occurrences=_OCCURRENCES)
def test_polib_and_both_l10n_readers_give_the_written_names(occurrences: list[tuple[str, str]]) -> None:
    """polib splits an isolated name at its spaces; the catalog readers (the fast one and the
    one through polib) give it back whole."""
    (block,) = render_template_entries([TemplateEntry(None, "Hello", "paragraph", tuple(occurrences))])
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + block
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        path.write_text(text, encoding="utf-8")
        for catalog in (load_catalog(path), Catalog.load(path)):  # fast reader, polib's
            (entry,) = list(catalog)
            assert entry.occurrences == occurrences
        po = polib.pofile(str(path))
        isolated_names(po)  # polib's pieces joined again: runs of spaces become one
        assert references_key(po[0].occurrences) == references_key(occurrences)
        po = polib.pofile(str(path))
        isolated_names(po, text.split("\n"))  # read again from the lines: exact
        assert po[0].occurrences == occurrences


def test_reference_lines_wrap_as_gnu_gettext_counts_columns() -> None:
    """write-po.c counts a name's own length, not its isolates, when it wraps ``#:`` lines."""
    name = "a b" + "x" * 34  # "#:" then " name:1" twice: 2 + (1 + 37 + 2) * 2 = 82 columns
    assert _reference_lines([(name, "1"), (name, "2")], 79) == [f"#: {FSI}{name}{PDI}:1", f"#: {FSI}{name}{PDI}:2"]
    short = "a b" + "x" * 33  # 2 + (1 + 36 + 2) * 2 = 80 columns: still two lines
    assert len(_reference_lines([(short, "1"), (short, "2")], 79)) == 2
    shorter = "a b" + "x" * 32  # 2 + (1 + 35 + 2) * 2 = 78 columns: one line, though 82 characters
    assert _reference_lines([(shorter, "1"), (shorter, "2")], 79) == [f"#: {FSI}{shorter}{PDI}:1 {FSI}{shorter}{PDI}:2"]


def test_polib_written_entries_isolate_names_and_keep_the_entry() -> None:
    """Plural entries are written by polib, which writes a name with spaces bare."""
    entry = polib.POEntry(msgid="one", msgid_plural="many", msgstr_plural={0: "", 1: ""}, occurrences=[("my note.md", "3")])
    assert f"#: {FSI}my note.md{PDI}:3" in polib_text(entry, [entry])
    assert entry.occurrences == [("my note.md", "3")]


_NOTES = {
    "my note.md": "# Hello world\n\nSome text here.\n\n# Hello world\n",
    "a#b.md": "# Hash\n\nBody.\n",
    "c:d.md": "# Colon\n\nBody.\n",
    "ünï cödé.md": "# Accents\n\nBody with accents.\n",
    "x y:2.md": "# Colon and space\n\nBody.\n",
    "tab\tname.md": "# Tab\n\nBody.\n",
    "dir with space/inner note.md": "# Inner\n\nBody.\n",
}


def _files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Each file under locales/ (bookkeeping aside): its bytes and modification time."""
    found = {}
    for path in sorted((root / "locales").rglob("*.po*")):
        found[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def test_a_forced_or_plain_run_leaves_catalogs_of_such_names_alone(tmp_path: Path, l10n: Runner) -> None:
    """Before: ``extract --force`` rewrote the catalog of every note with a space in its name,
    every time (its references, read back, were two names)."""
    root = write_project(tmp_path, _NOTES)
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    template = (root / "locales/templates/my note.pot").read_text(encoding="utf-8")
    assert f"#: {FSI}source_notes/my note.md{PDI}:1 {FSI}source_notes/my note.md{PDI}:5\n" in template
    assert "#: source_notes/a#b.md:1\n" in (root / "locales/templates/a#b.pot").read_text(encoding="utf-8")
    assert "#: source_notes/tab\\tname.md:1\n" in (root / "locales/hi/tab\tname.po").read_text(encoding="utf-8")
    before = _files(root)
    for command in (("extract", "--force"), ("sync", "--engine", "pseudo"), ("build", "--force"), ("translate", "--engine", "pseudo")):
        result = l10n(root, *command)
        assert result.exit_code == 0, result.output
        assert _files(root) == before, command
    assert "0 catalogs written, 7 unchanged" in l10n(root, "extract", "--force").output
    assert l10n(root, "check").exit_code == 0
    assert l10n(root, "sync", "--dry-run", "--engine", "pseudo").exit_code == 0
    for catalog in (root / "locales").rglob("*.po"):
        subprocess.run([require_tool("msgfmt"), "--check", "-o", os.devnull, str(catalog)], check=True, capture_output=True)


def test_catalogs_written_the_old_way_are_read_alike_and_upgraded_only_when_they_change(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"my note.md": _NOTES["my note.md"]})
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    catalog = root / "locales/hi/my note.po"
    old_form = catalog.read_text(encoding="utf-8").replace(FSI, "").replace(PDI, "")
    catalog.write_text(old_form, encoding="utf-8")  # as l10n wrote it before (and gettext 0.21)
    os.utime(catalog, ns=(1, 1))  # and a time no run wrote it at
    for command in (("sync", "--engine", "pseudo"), ("extract", "--force"), ("translate", "--engine", "pseudo"), ("build", "--force")):
        result = l10n(root, *command)
        assert result.exit_code == 0, result.output
        assert catalog.read_text(encoding="utf-8") == old_form, command
        assert catalog.stat().st_mtime_ns == 1, command
    assert "0 untranslated of 2 segments" in l10n(root, "sync", "--engine", "pseudo").output
    # An edit of the note rewrites the catalog: every reference in the current form.
    (root / "source_notes/my note.md").write_text(_NOTES["my note.md"] + "\nA new paragraph.\n", encoding="utf-8")
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    references = [line for line in catalog.read_text(encoding="utf-8").split("\n") if line.startswith("#:")]
    assert references == [
        f"#: {FSI}source_notes/my note.md{PDI}:1 {FSI}source_notes/my note.md{PDI}:5",
        f"#: {FSI}source_notes/my note.md{PDI}:3",
        f"#: {FSI}source_notes/my note.md{PDI}:7",
    ]
