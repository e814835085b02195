"""``status`` right after a ``sync`` counts no catalog: translate hands its counts to the status
cache (:mod:`l10n.status.handoff`), and rows are checked by the digest of the bytes they count.

The counts a hand-off stores must be those a count from scratch makes; an edit the fingerprint
cannot see (same size, mtime put back, inside the racy window) must be counted again; a
fresh copy of the project (new change times, the same bytes) must not.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.cli import cli
from l10n.config import ON_SOURCE_CHANGE
from l10n.po.catalog import Catalog
from l10n.status import po_counts, wordcount
from l10n.status.cache import CACHE_NAME
from l10n.status.handoff import publication_and_counts, saved_entries
from l10n.status.po_counts import count_catalog_file, count_entries
from l10n.store import verdicts
from tests.test_po_scan import _catalog, entries

NOTES = {
    "alpha-en.md": (
        "---\ntitle: Alpha\n---\n\n# Alpha heading\n\nThe first paragraph has `code` and a [link](https://example.com/x).\n\n"
        "- One item that's listed\n- Another item\n\nSecond paragraph about catalogs and fuzzy matches.\n"
    ),
    "guide/beta-en.md": "# Beta\n\nBeta has a paragraph.\n\n> A quote in beta.\n\n| Column | Other |\n|---|---|\n| cell one | cell two |\n",
    "gamma-en.md": "# Gamma\n\nGamma has one paragraph, and [a link to beta](guide/beta-en.md).\n",
}


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _status(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_run(root, "status", "--format", "json"))
    return data


@pytest.fixture
def synced(tmp_path: Path) -> Path:
    """Three notes in two languages after a ``sync`` with the offline pseudo engine."""
    root = tmp_path / "site"
    (root / "source_notes" / "guide").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\n\n[tool.l10n]\nlanguages = ["hi", "ar"]\n')
    for name, text in NOTES.items():
        (root / "source_notes" / name).write_text(text, encoding="utf-8")
    _run(root, "-q", "sync", "--engine", "pseudo")
    return root


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files ``status`` parses and counts (through the real counter)."""
    calls: list[Path] = []

    def spy(path: Path, *args: Any) -> Any:
        calls.append(path)
        return count_catalog_file(path, *args)

    monkeypatch.setattr(po_counts, "count_catalog_file", spy)
    return calls


def _from_scratch(root: Path) -> dict[str, Any]:
    """``status`` with the status cache's rows deleted: every catalog counted again."""
    db = sqlite3.connect(root / "locales" / CACHE_NAME)
    with db:
        db.execute("DELETE FROM status_counts")
        db.execute("DELETE FROM status_segments")
    db.close()
    return _status(root)


def test_status_after_a_sync_parses_no_catalog_and_counts_the_same(synced: Path, counted: list[Path]) -> None:
    after = _status(synced)
    assert counted == []  # every catalog's counts came from the sync that wrote it
    assert after["languages"][0]["segments"]["fuzzy"] > 0
    assert _status(synced) == after and counted == []
    assert _from_scratch(synced) == after
    assert len(counted) == 6  # three notes, two languages: the scratch run counted each


def test_status_after_an_edit_sync_counts_only_what_the_sync_did_not_write(synced: Path, counted: list[Path]) -> None:
    _status(synced)
    note = synced / "source_notes/gamma-en.md"
    note.write_text(NOTES["gamma-en.md"] + "\nA paragraph added later.\n", encoding="utf-8")
    _run(synced, "-q", "sync", "--engine", "pseudo")
    after = _status(synced)
    assert counted == []
    assert _from_scratch(synced) == after


def test_a_same_size_edit_with_its_mtime_put_back_is_counted_again(synced: Path, counted: list[Path]) -> None:
    """The hand-off's rows are younger than the racy window: the digest of the bytes decides."""
    catalog = synced / "locales/hi/guide/beta-en.po"
    text = catalog.read_text(encoding="utf-8")
    st = catalog.stat()
    # approve a fuzzy translation: drop ", fuzzy" and pad the line to keep the size
    edited = text.replace("#, fuzzy\n", "#       \n", 1)
    assert edited != text and len(edited.encode()) == st.st_size
    catalog.write_text(edited, encoding="utf-8")
    os.utime(catalog, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = _status(synced)
    assert counted == [catalog]
    beta = next(n for n in after["languages"][0]["notes"] if n["note"] == "guide/beta-en.md")
    assert beta["segments"]["translated"] == 1
    assert _from_scratch(synced) == after


def test_a_fresh_copy_of_the_project_counts_no_catalog_again(synced: Path, counted: list[Path], counts_kept: None) -> None:
    """New change times, the same bytes (a clone restoring the bookkeeping file, ``cp -r``):
    the digests carry the rows over, and the next run trusts the new fingerprints."""
    expected = _status(synced)
    assert counted == []
    aside = synced.parent / "aside"
    shutil.move(synced, aside)
    shutil.copytree(aside, synced)  # every file new: another change time (and inode)
    assert _status(synced) == expected
    assert counted == []
    assert _from_scratch(synced) == expected


def test_a_row_with_a_damaged_digest_is_counted_again(synced: Path, counted: list[Path]) -> None:
    expected = _status(synced)
    catalog = synced / "locales/ar/alpha-en.po"
    db = sqlite3.connect(synced / "locales" / CACHE_NAME)
    with db:
        (data,) = db.execute("SELECT data FROM status_counts WHERE path = ?", (str(catalog),)).fetchone()
        parts = json.loads(data)
        assert len(parts) == 5 and parts[4] is False  # the hand-off's unproven row
        for damaged in ('"not hex"', '"00"', "null, true", "7"):
            db.execute("UPDATE status_counts SET data = ? WHERE path = ?", (data.rsplit(",", 2)[0] + f", {damaged}]", str(catalog)))
    db.close()
    assert _status(synced) == expected
    assert counted == [catalog]


@settings(max_examples=80, deadline=None)
@given(st.lists(entries(), max_size=12), st.sampled_from(ON_SOURCE_CHANGE))
def test_handed_off_counts_equal_a_count_of_the_saved_bytes(drawn: list[dict[str, object]], policy: str) -> None:
    """What translate stores from the entries it saved (:func:`saved_entries`) is what
    ``status`` counts from the file's bytes (:func:`count_catalog_file`): every bucket,
    review, rejection, obsolete entry, plural form and title."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        _catalog(drawn).save(str(path))
        catalog = Catalog.load(path)
        hasher = verdicts.catalog_hasher(policy)
        catalog.save(digest=hasher)
        handed = count_entries(saved_entries(catalog, catalog.publication(policy)))
        assert handed == count_catalog_file(path, None, policy)
        # the one walk translate's hand-off makes: the same publication, the same counts
        folded, counts = publication_and_counts(catalog, policy, {})
        assert folded == catalog.publication(policy)
        assert list(folded.published) == list(catalog.publication(policy).published)  # the order stored
        assert counts == handed
        assert hasher.digest() == verdicts.catalog_digest(path.read_bytes(), policy)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60) | st.sampled_from(["don't", "a''b", "'x'", "_a_ b9"]))
def test_ascii_text_counts_as_the_full_word_pattern_counts_it(text: str) -> None:
    """The ASCII fast path of :func:`count_words` (the hand-off's main cost) counts what the
    general pattern counts."""
    stripped = wordcount._NOT_PROSE.sub(" ", text)
    assert wordcount.count_words(text) == len(wordcount._word_pattern().findall(stripped))
