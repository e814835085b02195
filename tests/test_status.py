"""``l10n status``: counts against polib, the gate, output states, the cache and the fast counter."""

from __future__ import annotations

import concurrent.futures
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner, Result

from l10n.cli import cli
from l10n.config import load_config
from l10n.errors import CatalogError
from l10n.pipeline import _watch_parent, run_build, run_extract
from l10n.po import scan as scan_module
from l10n.po.catalog import Catalog
from l10n.po.grammar import UnusualCatalogError
from l10n.po.policy import suggestion
from l10n.po.scan import scan_catalog
from l10n.site.layout import catalog_path, discover_notes, output_path, template_path
from l10n.status import collect as status_module
from l10n.status import po_counts
from l10n.status.cache import RACY_NS, StatusCache
from l10n.status.collect import (
    CACHE_NAME,
    StatusReport,
    _Collector,
    collect_status,
    count_words,
)
from l10n.status.po_counts import count_catalog, count_catalog_file
from l10n.status.report import as_dict, markdown, table, text_width
from l10n.status.report import json as report_json
from tests.conftest import wait_for

NOTES = {
    "alpha-en.md": (
        "---\ntitle: Alpha <script>alert(1)</script>\ndescription: First note\n---\n\n"
        "# Alpha heading\n\nThe first paragraph has `code` and a [link](https://example.com/x).\n\n"
        "- One item that's listed\n- Another item\n\n"
        "```python\nprint('not prose')\n```\n\n"
        "Second paragraph, written to be changed later.\n\n"
        "Third paragraph about catalogs and fuzzy matches.\n"
    ),
    "guide/beta-en.md": (
        "# Beta\n\nBeta has a paragraph.\n\n> A quote in beta.\n\n| Column | Other |\n|---|---|\n| cell one | cell two |\n"
    ),
    "gamma.md": "# Gamma\n\nGamma was never extracted into any catalog.\n",
}
PAST = time.time() - 3600  # older than the cache's racy window


def _age(root: Path, seconds_ago: float = 3600) -> None:
    """Set every file's mtime in the past, in the order builds would leave them."""
    stamp = time.time() - seconds_ago
    for folder, offset in (("source_notes", 0), ("locales", 10), ("translated", 20)):
        for path in (root / folder).rglob("*"):
            if path.is_file():
                os.utime(path, (stamp + offset, stamp + offset))


def _fill(path: Path, plan: dict[str, str]) -> None:
    """Translate entries whose msgid starts with a key: value "ok" approves, "fuzzy" marks fuzzy."""
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        for prefix, how in plan.items():
            if entry.msgid.startswith(prefix):
                entry.msgstr = f"[{how}] {entry.msgid}"
                entry.flags = ["fuzzy"] if how == "fuzzy" else []
    po.save(str(path))


@pytest.fixture
def site(tmp_path: Path, counts_kept: None) -> Path:
    """Three notes, two languages: approved, fuzzy, untranslated and obsolete entries, built;
    the status cache keeps the counts of files however young (``counts_kept``)."""
    root = tmp_path / "site"
    (root / "source_notes" / "guide").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\n\n[tool.l10n]\nlanguages = ["hi", "ar"]\n')
    for name, text in NOTES.items():
        if name != "gamma.md":
            (root / "source_notes" / name).write_text(text, encoding="utf-8")
    config = load_config(root)
    assert not run_extract(config, list(discover_notes(config)), config.languages).errors
    locales = root / "locales"
    _fill(locales / "hi/alpha-en.po", {"Alpha": "ok", "The first": "ok", "One item": "fuzzy", "Second": "ok"})
    _fill(locales / "ar/alpha-en.po", {"Second": "ok", "Third": "fuzzy"})
    _fill(locales / "hi/guide/beta-en.po", {"Beta": "ok", "A quote": "ok", "Column": "ok", "Other": "ok"})
    # Drop a translated paragraph from the source: its entry becomes obsolete in both languages.
    alpha = root / "source_notes/alpha-en.md"
    alpha.write_text(NOTES["alpha-en.md"].replace("Second paragraph, written to be changed later.\n\n", ""))
    assert not run_extract(config, list(discover_notes(config)), config.languages).errors
    # A note added after the last extract: no template, no catalog.
    (root / "source_notes/gamma.md").write_text(NOTES["gamma.md"], encoding="utf-8")
    assert not run_build(config, list(discover_notes(config)), config.languages).errors
    _age(root)
    return root


def invoke(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), "status", *args], catch_exceptions=False, env=env)


def status_json(root: Path, *args: str) -> dict[str, Any]:
    result = invoke(root, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _polib_counts(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Segments and words of a catalog, counted with polib's parser (the reference)."""
    seg = dict.fromkeys(("total", "translated", "fuzzy", "untranslated", "obsolete", "review", "rejected"), 0)
    words = dict(seg)
    for entry in polib.pofile(str(path), wrapwidth=0):
        n = count_words(entry.msgid)
        if entry.obsolete:
            kind = "obsolete"
        else:
            # published: filled, not stale (#| msgid, or l10n's suggestion line without it) or
            # stale human work with a suggestion
            filled = entry.msgstr != "" or (bool(entry.msgstr_plural) and all(entry.msgstr_plural.values()))
            stale = entry.fuzzy and (entry.previous_msgid is not None or suggestion(entry.tcomment) is not None)
            if stale and "mt: " not in (entry.tcomment or ""):
                seg["review"] += 1
                words["review"] += n
            filled = filled and (not stale or "mt-suggestion: " in (entry.tcomment or ""))
            kind = ("fuzzy" if "fuzzy" in entry.flags else "translated") if filled else "untranslated"
            seg["total"] += 1
            words["total"] += n
        seg[kind] += 1
        words[kind] += n
    return seg, words


# -- JSON against catalogs counted independently -------------------------------------------------------


def test_json_agrees_with_catalogs_counted_by_polib(site: Path) -> None:
    data = status_json(site)
    assert data["version"] == 1
    assert [lang["lang"] for lang in data["languages"]] == ["hi", "ar"]
    for lang in data["languages"]:
        code = lang["lang"]
        totals_seg = dict.fromkeys(lang["segments"], 0)
        totals_words = dict.fromkeys(lang["words"], 0)
        assert [n["note"] for n in lang["notes"]] == ["alpha-en.md", "gamma.md", "guide/beta-en.md"]
        for note in lang["notes"]:
            rel = note["note"].removesuffix(".md")
            catalog = site / "locales" / code / f"{rel}.po"
            if catalog.exists():
                seg, words = _polib_counts(catalog)
                assert note["catalog"] == f"locales/{code}/{rel}.po"
                cov = Catalog.load(catalog).coverage()  # the library's own definition agrees too
                assert (cov.total, cov.translated, cov.fuzzy, cov.obsolete) == (
                    seg["total"],
                    seg["translated"],
                    seg["fuzzy"],
                    seg["obsolete"],
                )
            else:
                assert note["catalog"] is None
                continue
            assert note["segments"] == seg, note["note"]
            assert note["words"] == words, note["note"]
            expected = 100 * (seg["translated"] + seg["fuzzy"]) / seg["total"]
            assert note["coverage"] == pytest.approx(expected, abs=0.01)
            assert note["approved"] <= note["coverage"]
        for note in lang["notes"]:
            for key in totals_seg:
                totals_seg[key] += note["segments"][key]
                totals_words[key] += note["words"][key]
        assert lang["segments"] == totals_seg
        assert lang["words"] == totals_words
    hi, ar = data["languages"]
    assert (hi["name"], hi["native_name"], hi["direction"]) == ("Hindi", "हिन्दी", "ltr")
    assert (ar["name"], ar["native_name"], ar["direction"]) == ("Arabic", "العربية", "rtl")
    # The fixture made every kind of entry: the comparison above is not vacuous.
    assert hi["segments"]["translated"] and hi["segments"]["fuzzy"] and hi["segments"]["obsolete"] == 1
    assert ar["segments"]["obsolete"] == 1 and ar["segments"]["fuzzy"] == 1
    alpha = hi["notes"][0]
    assert alpha["title"] == "Alpha <script>alert(1)</script>"
    assert hi["notes"][2]["title"] == "Beta"


def test_note_without_catalog_counts_everything_untranslated(site: Path) -> None:
    data = status_json(site)
    gamma = next(n for n in data["languages"][0]["notes"] if n["note"] == "gamma.md")
    assert gamma["segments"] == {"total": 2, "translated": 0, "fuzzy": 0, "untranslated": 2, "obsolete": 0, "review": 0, "rejected": 0}
    assert gamma["words"]["total"] == gamma["words"]["untranslated"] == 1 + 7
    assert gamma["coverage"] == 0 and gamma["title"] == "Gamma"
    # With a template but no catalog, the template's entries are counted.
    (site / "locales/hi/guide/beta-en.po").unlink()
    beta = next(n for n in status_json(site)["languages"][0]["notes"] if n["note"] == "guide/beta-en.md")
    seg, words = _polib_counts(site / "locales/templates/guide/beta-en.pot")
    assert beta["segments"] == seg and beta["words"] == words and seg["untranslated"] == seg["total"] > 0


def test_orphan_catalogs_are_listed(site: Path) -> None:
    (site / "source_notes/guide/beta-en.md").unlink()
    data = status_json(site)
    assert [lang["orphans"] for lang in data["languages"]] == [
        ["locales/hi/guide/beta-en.po"],
        ["locales/ar/guide/beta-en.po"],
    ]
    assert all(n["note"] != "guide/beta-en.md" for n in data["languages"][0]["notes"])
    # Orphans only make sense for the whole site, not for the notes named on the command line.
    assert status_json(site, "gamma.md")["languages"][0]["orphans"] == []


def test_notes_and_languages_can_be_selected(site: Path) -> None:
    data = status_json(site, "--lang", "ar", "source_notes/guide")
    assert [lang["lang"] for lang in data["languages"]] == ["ar"]
    assert [n["note"] for n in data["languages"][0]["notes"]] == ["guide/beta-en.md"]


def test_status_paths_follow_the_layout(site: Path) -> None:
    """status computes paths without layout's write checks (for speed): they must still agree."""
    config = load_config(site)
    collector = _Collector(config, StatusCache(None))
    for note in discover_notes(config):
        assert collector.template(note.name) == str(template_path(config, note))
        for lang in config.languages:
            assert collector.paths(note.name, lang) == (
                str(catalog_path(config, note, lang)),
                str(output_path(config, note, lang)),
            )


# -- the gate ---------------------------------------------------------------------------------------


def test_fail_under_exits_1_and_names_languages_below(site: Path) -> None:
    data = status_json(site)
    hi, ar = (lang["coverage"] for lang in data["languages"])
    assert ar < hi < 100
    between = f"{(hi + ar) / 2:.2f}"
    result = invoke(site, "--fail-under", between)
    assert result.exit_code == 1
    assert "ar (Arabic)" in result.stderr and "hi (Hindi)" not in result.stderr
    assert "Hindi" in result.stdout  # the report is still printed
    assert invoke(site, "--fail-under", f"{ar - 0.01:.2f}").exit_code == 0
    both = invoke(site, "--fail-under", "100")
    assert both.exit_code == 1 and "hi (Hindi)" in both.stderr and "ar (Arabic)" in both.stderr
    only_hi = invoke(site, "--fail-under", between, "--lang", "hi")
    assert only_hi.exit_code == 0, only_hi.stderr
    assert invoke(site, "--fail-under", "101").exit_code == 2  # click rejects the value


# -- output states ----------------------------------------------------------------------------------


def _outputs(root: Path, lang: str = "hi", *args: str) -> dict[str, str]:
    langs = status_json(root, *args)["languages"]
    return {n["note"]: n["output"] for n in next(x for x in langs if x["lang"] == lang)["notes"]}


def test_output_current_stale_missing(site: Path) -> None:
    assert _outputs(site) == {"alpha-en.md": "current", "gamma.md": "current", "guide/beta-en.md": "current"}
    # A translation that changes the output, saved after the build: stale.
    catalog = site / "locales/hi/alpha-en.po"
    _fill(catalog, {"Third": "ok"})
    assert _outputs(site)["alpha-en.md"] == "stale"
    assert _outputs(site, "ar")["alpha-en.md"] == "current"
    # A source edit after the build: stale in every language.
    beta = site / "source_notes/guide/beta-en.md"
    beta.write_text(beta.read_text() + "\nA new paragraph.\n")
    assert _outputs(site)["guide/beta-en.md"] == _outputs(site, "ar")["guide/beta-en.md"] == "stale"
    # No output at all: missing.
    (site / "translated/hi/gamma.md").unlink()
    assert _outputs(site)["gamma.md"] == "missing"
    data = status_json(site)["languages"][0]
    assert data["outputs"] == {"current": 0, "stale": 2, "missing": 1} and data["stale"] == 3


def test_verify_stale_sees_an_unchanged_output_as_current(site: Path) -> None:
    """Approving a fuzzy entry changes the catalog but not the built note, which build leaves alone."""
    catalog = site / "locales/hi/alpha-en.po"
    po = polib.pofile(str(catalog), wrapwidth=0)
    entry = next(e for e in po if e.msgid.startswith("One item"))
    assert entry.fuzzy and entry.msgstr
    entry.flags.remove("fuzzy")  # approved: same msgstr, so the same output
    po.save(str(catalog))
    assert os.stat(catalog).st_mtime_ns > os.stat(site / "translated/hi/alpha-hi.md").st_mtime_ns
    assert _outputs(site)["alpha-en.md"] == "stale"  # by mtime
    assert _outputs(site, "hi", "--verify-stale")["alpha-en.md"] == "current"
    # A real change is still stale when verified.
    _fill(catalog, {"Third": "ok"})
    assert _outputs(site, "hi", "--verify-stale")["alpha-en.md"] == "stale"


# -- the cache --------------------------------------------------------------------------------------


def _cached(site: Path, table: str = "status_counts") -> dict[str, str]:
    """The status cache's rows in the project's bookkeeping database: path -> data."""
    db = sqlite3.connect(site / "locales" / CACHE_NAME)
    try:
        return dict(db.execute(f"SELECT path, data FROM {table}").fetchall())
    finally:
        db.close()


def test_cache_is_used_and_invalidated_when_a_catalog_changes(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = status_json(site)
    keys = _cached(site)
    assert str(site / "locales/hi/alpha-en.po") in keys

    def fail(path: Path, *args: Any) -> Any:
        raise AssertionError(f"{path} counted again although it did not change")

    # Warm: nothing is parsed.
    monkeypatch.setattr(po_counts, "count_catalog_file", fail)
    assert status_json(site) == first
    monkeypatch.undo()
    # Change one catalog: only it is counted again, and the new counts show.
    catalog = site / "locales/ar/guide/beta-en.po"
    _fill(catalog, {"Beta": "ok"})
    os.utime(catalog, (PAST + 100, PAST + 100))
    counted: list[Path] = []
    real = count_catalog_file

    def spy(path: Path, *args: Any) -> Any:
        counted.append(path)
        return real(path, *args)

    monkeypatch.setattr(po_counts, "count_catalog_file", spy)
    second = status_json(site)
    assert counted == [catalog]
    beta = next(n for n in second["languages"][1]["notes"] if n["note"] == "guide/beta-en.md")
    assert beta["segments"] == _polib_counts(catalog)[0] and beta["segments"]["translated"] >= 1


def test_parallel_counting_gives_the_same_report(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "locales/ar/alpha-en.po").write_text('msgid "x"\nmsgstr "unterminated\n')
    config = load_config(site)
    notes = list(discover_notes(config))
    serial = collect_status(config, notes, config.languages, use_cache=False)
    monkeypatch.setattr(status_module, "PARALLEL_MIN", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    pool_used: list[int] = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def pool(workers: int, **options: Any) -> Any:
        pool_used.append(workers)
        assert options["initializer"] is _watch_parent  # workers end with a killed run
        return real_pool(workers, **options)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)
    parallel = collect_status(config, notes, config.languages, use_cache=False)
    assert pool_used == [2]
    assert as_dict(parallel) == as_dict(serial)
    assert len(serial.errors) == 1 and "alpha-en.po:2" in serial.errors[0]


def test_json_text_is_the_documented_structure(site: Path) -> None:
    config = load_config(site)
    report = collect_status(config, list(discover_notes(config)), config.languages)
    text = report_json(report)
    assert json.loads(text) == as_dict(report)
    assert text.count("\n") == 6 + 2 * (1 + 3 + 1)  # a line per language summary, per note, per "]}"
    empty = StatusReport(())
    assert json.loads(report_json(empty)) == {"version": 1, "languages": [], "errors": []}


@pytest.mark.parametrize(
    "damaged",
    [
        "{not json",
        "[1, 2]",
        "5",
        '[["a", "b", "c", "d", "e", "f", "g"], [1, 2, 3, 4, 5, 6, 7], null]',
        "[[1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7], 7]",
        "[[null, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7], null]",
        "[" * 100_000,
    ],
    ids=["not-json", "short", "number", "strings-for-counts", "number-title", "null-count", "nested-deeply"],
)
def test_damaged_cache_rows_are_ignored(site: Path, damaged: str) -> None:
    """A row of wrong shape or types (written by hand, or by another program) is counted again
    (issue 15: wrong types would fail later, in arithmetic)."""
    expected = status_json(site)
    catalog = str(site / "locales/hi/alpha-en.po")
    assert catalog in _cached(site)
    db = sqlite3.connect(site / "locales" / CACHE_NAME)
    with db:
        db.execute("UPDATE status_counts SET data = ? WHERE path = ?", (damaged, catalog))
    db.close()
    assert status_json(site) == expected
    assert json.loads(_cached(site)[catalog])[0][0] > 0  # counted again, and stored right


def test_a_json_cache_of_an_earlier_version_is_removed(site: Path) -> None:
    old = site / "locales" / ".l10n-status-cache.json"
    old.write_text('{"version": 2, "files": {}, "outputs": {}}')
    status_json(site)
    assert not old.exists()


def test_a_full_run_prunes_the_rows_of_catalogs_that_are_gone(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from l10n.status import cache as cache_module

    status_json(site)
    gone = site / "locales/ar/guide/beta-en.po"
    assert str(gone) in _cached(site)
    gone.unlink()
    monkeypatch.setattr(cache_module, "PRUNE_SLACK", 0)
    status_json(site)
    rows = _cached(site)
    assert str(gone) not in rows and str(site / "locales/hi/alpha-en.po") in rows


def test_the_cache_is_read_a_chunk_of_notes_at_a_time(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory flat in the notes (issue 19): each chunk's rows replace the last chunk's."""
    expected = status_json(site)
    held: list[int] = []
    real_load = StatusCache.load

    def load(self: StatusCache, paths: Any) -> None:
        real_load(self, paths)
        held.append(len(self.rows))

    monkeypatch.setattr(StatusCache, "load", load)
    monkeypatch.setattr(status_module, "CHUNK", 1)
    assert status_json(site) == expected
    assert len(held) == 3 and max(held) <= 3  # a note's catalogs in two languages, or its template


def test_files_changed_just_now_are_not_cached(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose change time is within RACY_NS of now gets no row (a second write in the
    same clock tick would keep its size and change time); the others, older, do: the test
    waits until the site's files are that old (a change time cannot be put in the past)."""
    from l10n.status import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_NS", RACY_NS)  # the real window, not counts_kept's
    changed = max(p.stat().st_ctime_ns for p in site.rglob("*") if p.is_file())
    wait_for(lambda: time.time_ns() - RACY_NS > changed, timeout=RACY_NS / 1e9 + 60)
    catalog = site / "locales/hi/alpha-en.po"
    _fill(catalog, {"Third": "fuzzy"})  # changed now: inside the racy window
    status_json(site)
    keys = _cached(site)
    assert str(catalog) not in keys and str(site / "locales/ar/alpha-en.po") in keys


def test_unreadable_catalog_is_reported(site: Path) -> None:
    (site / "locales/ar/alpha-en.po").write_text('msgid "x"\nmsgstr "unterminated\n')
    result = invoke(site, "--format", "json")
    assert result.exit_code == 1
    assert "locales/ar/alpha-en.po:2: malformed or unterminated string" in result.stderr
    data = json.loads(result.stdout)
    # counted as a missing catalog is (its template's segments untranslated), not left out
    notes = data["languages"][1]["notes"]
    assert data["errors"] and [n["note"] for n in notes] == ["alpha-en.md", "gamma.md", "guide/beta-en.md"]
    alpha = notes[0]["segments"]
    assert alpha["untranslated"] == alpha["total"] > 0


# -- formats ----------------------------------------------------------------------------------------


def test_table_is_aligned_and_coloured_only_when_asked(site: Path) -> None:
    plain = invoke(site, "--by-note")
    assert plain.exit_code == 0 and "\x1b[" not in plain.stdout
    lines = plain.stdout.splitlines()
    header = lines[0]
    assert header.split()[:4] == ["Lang", "Language", "Native", "Unit"]
    hi_row = next(line for line in lines if line.startswith("hi "))
    assert "Hindi" in hi_row and "हिन्दी" in hi_row and "segments" in hi_row
    # Right-aligned numbers end under their header, in display columns (Devanagari has marks).
    coverage = next(cell for cell in hi_row.split() if cell.endswith("%"))
    end = hi_row.index(coverage) + len(coverage)
    assert text_width(hi_row[:end]) == header.index("Coverage") + len("Coverage")
    assert "alpha-en.md" in plain.stdout and "missing" not in plain.stdout
    coloured = CliRunner().invoke(cli, ["-C", str(site), "--color", "status"], catch_exceptions=False)
    assert "\x1b[" in coloured.stdout
    no_color = invoke(site, env={"NO_COLOR": "1", "FORCE_COLOR": ""})
    assert "\x1b[" not in no_color.stdout


def test_markdown_and_html_outputs(site: Path, tmp_path: Path) -> None:
    md = invoke(site, "--format", "markdown", "--by-note")
    assert md.exit_code == 0
    assert "| Language | Coverage |" in md.stdout and "Arabic (العربية) `ar`" in md.stdout
    assert "Alpha &lt;script&gt;alert(1)&lt;/script&gt;" in md.stdout and "<script>" not in md.stdout
    target = tmp_path / "out" / "status.html"
    result = invoke(site, "--format", "html", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "Alpha &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<span class="native" lang="ar" dir="rtl">العربية</span>' in page


# -- the fast counter agrees with polib ------------------------------------------------------------------

VARIED = {
    "header-only": 'msgid ""\nmsgstr ""\n"Language: hi\\n"\n',
    "kinds": (
        '# Translator comment\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. paragraph\n#: a.md:1\nmsgid "Done"\nmsgstr "Fait"\n\n'
        '#, fuzzy\nmsgid "Machine output here"\nmsgstr "Sortie"\n\n'
        '#, fuzzy\nmsgid "Fuzzy but empty"\nmsgstr ""\n\n'
        'msgid "Not yet"\nmsgstr ""\n\n'
        '#, c-format, fuzzy\n#| msgid "Old text"\nmsgid "New text %s"\nmsgstr "Nouveau %s"\n\n'
        '#~ msgid "Gone entry words"\n#~ msgstr "Parti"\n\n'
        '#, fuzzy\n#~| msgid "older"\n#~ msgid "Gone fuzzy"\n#~ msgstr "x"\n'
    ),
    "context-and-multiline": (
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n\n'
        'msgctxt "front-matter:title"\nmsgid "A title"\nmsgstr ""\n\n'
        'msgctxt "other"\nmsgid "A title"\nmsgstr "Un titre"\n\n'
        'msgid ""\n"Line one continues "\n"and \\"quoted\\" ends\\n"\n"next line"\nmsgstr ""\n"Ligne"\n\n'
        'msgid "Empty continuation"\nmsgstr ""\n""\n""\n\n'
        '#~ msgctxt "ctx"\n#~ msgid ""\n#~ "obsolete "\n#~ "multi"\n#~ msgstr "z"\n'
    ),
    "plurals": (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Un fichier"\nmsgstr[1] "%d fichiers"\n\n'
        'msgid "One dir"\nmsgid_plural "%d dirs"\nmsgstr[0] "Un dossier"\nmsgstr[1] ""\n\n'
        '#, fuzzy\nmsgid "One link"\nmsgid_plural ""\n"%d links"\nmsgstr[0] ""\n"Un lien"\nmsgstr[1] "Liens"\n'
    ),
    "no-header-crlf-bom": '\ufeffmsgid "Windows"\r\nmsgstr ""\r\n"Fenêtres"\r\n\r\nmsgid "Two"\r\nmsgstr ""\r\n',
    "no-blank-lines": 'msgid "a b"\nmsgstr "x"\nmsgid "c d e"\nmsgstr ""\n#, fuzzy\nmsgid "f"\nmsgstr "y"',
    "unicode": 'msgid "हिन्दी में अनुवाद — naïve café, don’t\\tstop"\nmsgstr "ok"\n\nmsgid "翻訳の状態 and more"\nmsgstr ""\n',
    # Outside the regular expression's layout: indented lines, a trailing comment, a tab.
    "irregular": '  msgid "Indented words"\n  msgstr "x"\n\nmsgid\t"Tabbed here"\nmsgstr ""\n# trailing comment\n',
}
FAST_DECLINES = {"plurals", "irregular", "no-blank-lines"}
"""Outside the build's fast PO reader: polib reads them (and decides)."""


@pytest.mark.parametrize("name", list(VARIED), ids=str)
def test_counts_agree_with_polib(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.po"
    path.write_bytes(VARIED[name].encode("utf-8"))
    seg, words = _polib_counts(path)
    assert seg["total"] + seg["obsolete"] > 0 or name == "header-only"
    counts = count_catalog_file(path, policy="machine")
    assert (_as_dict(counts.segments), _as_dict(counts.words)) == (seg, words)
    text = VARIED[name].removeprefix("\ufeff").replace("\r\n", "\n")
    try:
        scan_module._parse_translations(text)
        fast = True
    except UnusualCatalogError:
        fast = False
    assert fast is (name not in FAST_DECLINES)


def test_counts_agree_with_polib_on_real_catalogs(site: Path) -> None:
    paths = sorted((site / "locales").rglob("*.po*"))
    assert len(paths) >= 6
    for path in paths:
        seg, words = _polib_counts(path)
        counts = count_catalog_file(path)
        assert (_as_dict(counts.segments), _as_dict(counts.words)) == (seg, words), path
        # l10n's own catalogs take the fast reader (else big sites would be slow again).
        text = path.read_text(encoding="utf-8")
        assert list(scan_module._scan_usual(text, "machine")) == scan_catalog(text, path), path


def _as_dict(c: Any) -> dict[str, int]:
    return {
        "total": c.total,
        "translated": c.translated,
        "fuzzy": c.fuzzy,
        "untranslated": c.untranslated,
        "obsolete": c.obsolete,
        "review": c.review,
        "rejected": c.rejected,
    }


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('msgid "a"\nmsgstr "b\n', 2),
        ('msgid "a"\nmsgstr "b" junk\n', 2),
        ('msgid "a"\nmsgstr "b"\nbogus "c"\n', 3),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4),
        ('msgid "a "quoted" b"\nmsgstr ""\n', 1),
    ],
    ids=["unterminated", "trailing", "keyword", "duplicate", "quote"],
)
def test_counter_rejects_what_catalog_rejects(text: str, line: int, tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        count_catalog(text, path)
    assert caught.value.line == line
    with pytest.raises(CatalogError) as loaded:
        Catalog.load(path)
    assert loaded.value.line == line


def test_words_skip_markup_and_keep_marks() -> None:
    assert count_words("See [the docs](https://x.org/a b) and <b>bold</b> `code here` text.") == 6
    assert count_words("<https://example.com>") == 0
    assert count_words("हिन्दी") == 1 and count_words("العربية الفصحى") == 2
    assert count_words("it’s l'état") == 2


@pytest.fixture(autouse=True)
def _no_tty_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("NO_COLOR", "FORCE_COLOR", "CI"):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_coverage_totals_equal_the_status_report_in_any_chunking(
    site: Path, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sync's coverage line (:func:`collect_coverage`, no per-note results) counts what status
    counts, whatever the number of notes held at a time."""
    (site / "locales/ar/alpha-en.po").write_text('msgid "x"\nmsgstr "unterminated\n')  # left out by both
    monkeypatch.setattr(status_module, "CHUNK", chunk)
    config = load_config(site)
    notes = list(discover_notes(config))
    report = collect_status(config, notes, config.languages, use_cache=False)
    totals = status_module.collect_coverage(config, notes, config.languages)
    assert totals == {lang.lang: lang.segments for lang in report.languages}
    assert report.errors and sum(t.total for t in totals.values()) > 0


@pytest.mark.parametrize("chunk", [1, 1000])
def test_totals_without_per_note_results_render_the_same(
    site: Path, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``status`` as a table (no --by-note) or Markdown keeps totals only: same text."""
    monkeypatch.setattr(status_module, "CHUNK", chunk)
    config = load_config(site)
    notes = list(discover_notes(config))
    full = collect_status(config, notes, config.languages, use_cache=False)
    lean = collect_status(config, notes, config.languages, use_cache=False, per_note=False)
    assert all(not lang.notes for lang in lean.languages)
    assert [lang.outputs() for lang in lean.languages] == [lang.outputs() for lang in full.languages]
    assert table(lean) == table(full) and markdown(lean) == markdown(full)


def test_a_sync_with_nothing_to_do_loads_neither_babel_nor_a_process_pool(tmp_path: Path) -> None:
    """The coverage line of a sync on every push counts from the cache: it needs no language
    names (babel) nor worker processes, slow imports a big site pays on every run (issue 19)."""
    import subprocess
    import sys

    from tests.conftest import write_project

    root = write_project(tmp_path, {"a-en.md": "# A note\n\nA paragraph.\n"})
    script = (
        "import sys\n"
        "from l10n.cli import main\n"
        "try:\n"
        f"    main(['-C', {str(root)!r}, '-q', 'sync', '--engine', 'pseudo'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'babel' or name == 'concurrent.futures.process'))\n"
    )
    subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)  # the first sync
    _age(root)  # files written within the cache's racy window are counted again, not cached
    subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)  # caches the counts
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip().splitlines()[-1] == "[]", loaded.stdout + loaded.stderr
    assert (root / "translated/hi/a-hi.md").is_file()


def test_the_generated_mark_ranges_are_unicodedatas() -> None:
    """``l10n/status/_marks.py`` (word counting's combining marks, generated so that a run need
    not scan 135,000 code points) holds what :mod:`unicodedata` says for its Unicode version;
    another version scans (``python -m l10n.status.wordcount`` writes the file again)."""
    import unicodedata

    from l10n.status import _marks
    from l10n.status.wordcount import mark_ranges

    if unicodedata.unidata_version != _marks.UNIDATA_VERSION:
        pytest.skip(f"made from Unicode {_marks.UNIDATA_VERSION}, this Python has {unicodedata.unidata_version}")
    assert mark_ranges() == _marks.MARK_RANGES
