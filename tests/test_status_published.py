"""sync's coverage line takes a catalog's counts from the build's read of it (issue 19).

:func:`l10n.status.published.published_segments` gives the segment counts the build's reader
stored for a catalog's exact bytes; they must be what :func:`l10n.status.po_counts.count_catalog`
counts from the file (the reference), for every kind of entry and file layout, and never the
counts of other bytes, even when the file keeps its size and ``mtime``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.errors import CatalogError
from l10n.po.policy import Coverage
from l10n.po.scan import read_translations
from l10n.site.layout import catalog_file, select_notes
from l10n.status import cache as cache_module
from l10n.status import po_counts
from l10n.status.collect import collect_coverage
from l10n.status.published import published_segments
from l10n.store import cachedb, verdicts
from tests.conftest import Runner, write_project
from tests.test_po_scan import _catalog, entries


def _read_by_build(locales: Path, path: Path, policy: str) -> None:
    """What the build does to a catalog: read it with the project's verdict store attached (in
    the project's bookkeeping file, which a run has made before its build)."""
    connection = cachedb.connect(locales)
    assert connection is not None
    verdicts.attach(locales)
    with contextlib.suppress(CatalogError):  # the build reports it; nothing is stored
        read_translations(path, policy)
    connection.flush()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(entries(), max_size=8),
    st.sampled_from(["machine", "previous", "source"]),
    st.sampled_from(["", "\ufeff"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from([0, 20, 78]),
)
def test_build_record_counts_as_the_catalog_is_counted(
    drawn: list[dict[str, object]], policy: str, bom: str, newline: str, wrap: int
) -> None:
    # fuzzy, stale (#| msgid), obsolete, empty, machine-made and refused entries (backquotes
    # and brackets the translation may drop), plural forms, BOM, CRLF or CR line ends, wrapped strings
    po = _catalog(drawn)
    po.wrapwidth = wrap
    text = bom + (str(po) + "\n").replace("\n", newline)
    with tempfile.TemporaryDirectory() as tmp:
        locales = Path(tmp) / "locales"
        path = locales / "hi" / "note.po"
        path.parent.mkdir(parents=True)
        path.write_bytes(text.encode("utf-8"))
        try:
            _read_by_build(locales, path, policy)
            found = published_segments(verdicts.Verdicts(locales), policy, str(path))
        finally:
            verdicts.detach()
        try:
            expected = po_counts.count_catalog_file(path, policy=policy).segments
        except CatalogError:
            assert found is None
            return
        assert found is None or found == expected
        plural = any(e.msgid_plural for e in po)
        if not (bom or plural or expected.rejected or newline == "\r"):  # what the fast reader takes and stores
            assert found == expected


def test_other_bytes_of_the_same_size_and_mtime_are_not_served(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    path = locales / "hi" / "note.po"
    path.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    first = header + '# noted.\nmsgid "one"\nmsgstr "uno"\n'
    second = header + '#, fuzzy\nmsgid "one"\nmsgstr "uno"\n'
    assert len(first) == len(second)
    path.write_text(first, encoding="utf-8")
    try:
        _read_by_build(locales, path, "machine")
        assert published_segments(verdicts.Verdicts(locales), "machine", str(path)) == Coverage(1, 1, 0, 0)
        stamp = path.stat()
        path.write_text(second, encoding="utf-8")  # written again within the same mtime tick
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (stamp.st_size, stamp.st_mtime_ns)
        assert published_segments(verdicts.Verdicts(locales), "machine", str(path)) is None
        _read_by_build(locales, path, "machine")
        assert published_segments(verdicts.Verdicts(locales), "machine", str(path)) == Coverage(1, 0, 1, 0)
        assert published_segments(verdicts.Verdicts(locales), "previous", str(path)) is None  # another policy's rules
    finally:
        verdicts.detach()


def test_first_sync_coverage_reads_no_catalog_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a first sync's translate and build, the coverage line counts no catalog itself,
    and its totals are those counted from every catalog file."""
    notes = {
        "a-en.md": "# Setup\n\nInstall it first.\n\n## Usage\n\nRun `it` with [a link](https://example.com).\n",
        "b-en.md": "---\ntitle: Guide\n---\n\nSee [the setup](a-en.md#setup).\n\n- one\n- two\n",
        "c-en.md": "# Other\n\n> [!NOTE]\n> Nothing links here.\n",
    }
    root = write_project(tmp_path, notes, languages=("hi", "fr"))
    l10n = Runner()
    for step in (("extract",), ("translate", "--engine", "pseudo"), ("build",)):
        assert l10n(root, *step).exit_code == 0
    config = load_config(root)
    names = select_notes(config, ())
    # a human translation the build refuses (its code span dropped): counted, not published
    refused = Path(catalog_file(config, "a-en.md", "fr"))
    po = polib.pofile(str(refused), wrapwidth=0)
    for entry in po:
        if "`it`" in entry.msgid:
            entry.msgstr, entry.flags, entry.tcomment = "Lancez-le.", [], ""
    po.save(str(refused))
    assert l10n(root, "build").exit_code == 0
    expected = {
        lang: sum(
            (po_counts.count_catalog_file(Path(catalog_file(config, name, lang)), policy=config.on_source_change).segments
             for name in names.names),
            Coverage(),
        )
        for lang in ("hi", "fr")
    }
    assert expected["fr"].rejected == 1
    counted: list[Path] = []
    real = po_counts.count_catalog_file

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        counted.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(po_counts, "count_catalog_file", counting)
    assert collect_coverage(config, names, ["hi", "fr"]) == expected
    assert counted == [refused]  # only the catalog whose read stored nothing


def test_prune_drops_segment_rows_of_files_gone_or_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counts_kept: None) -> None:
    """A segment row alone (no words known) is dropped with the count rows when its file is
    gone or changed, and kept while its file is as counted (rows written however young the
    files, ``counts_kept``)."""
    monkeypatch.setattr(cache_module, "PRUNE_SLACK", 0)
    locales = tmp_path / "locales"
    files = {name: locales / "hi" / f"{name}.po" for name in ("kept", "gone", "changed", "counted")}
    files["kept"].parent.mkdir(parents=True)
    for path in files.values():
        path.write_text("x", encoding="utf-8")
    cache = cache_module.StatusCache.open(locales)
    for name in ("kept", "gone", "changed"):
        cache.store_segments(str(files[name]), cache_module.fingerprint(files[name].stat()), Coverage(1, 1))
    cache.save(prune=False)
    db = cache._db()
    assert db is not None
    # a count row of another file, stale, so that the prune runs (more rows than this run used)
    db.execute("INSERT INTO status_counts VALUES (?, ?, 0, 0, '[]')", (str(files["counted"]), cache.kind))
    files["gone"].unlink()
    files["changed"].write_text("xy", encoding="utf-8")
    cache_module.StatusCache.open(locales).save(prune=True)
    left = {row[0] for row in db.execute("SELECT path FROM status_segments")}
    assert left == {str(files["kept"])}


def test_status_after_a_sync_validates_no_translation_the_sync_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``status`` counts what sync's coverage line took from the build's record (words and
    titles are not in it), but takes the passes translate and build stored: no pseudo
    translation is validated again, and the report is the one a status without stored passes
    gives."""
    from l10n.markdown import validate

    notes = {
        "a-en.md": "# Setup\n\nInstall it **first**.\n\n## Usage\n\nRun `it` with [a link](https://example.com).\n",
        "b-en.md": "---\ntitle: Guide\n---\n\nSee [the setup](a-en.md#setup).\n\n- one\n- two\n",
    }
    root = write_project(tmp_path, notes, languages=("hi", "fr"))
    l10n = Runner()
    monkeypatch.setattr(validate, "_VERDICTS", {})  # as in a new process: earlier tests' verdicts would not be stored
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    calls: list[str] = []
    real = validate._findings

    def counting(source: str, translation: str, *args: object, **kwargs: object) -> object:
        calls.append(translation)
        return real(source, translation, *args, **kwargs)  # type: ignore[arg-type]

    # as the sync's process ends (its passes written) and a new one starts: no verdict in memory
    verdicts.detach()
    cachedb.close()
    monkeypatch.setattr(validate, "_VERDICTS", {})
    monkeypatch.setattr(validate, "_findings", counting)
    said = l10n(root, "status")
    assert said.exit_code == 0
    assert calls == []
    monkeypatch.undo()
    verdicts.detach()
    cachedb.close()
    (root / "locales" / ".l10n-cache.sqlite3").unlink()  # no stored passes, no status cache
    monkeypatch.setattr(validate, "_VERDICTS", {})
    again = l10n(root, "status")
    assert again.output == said.output
