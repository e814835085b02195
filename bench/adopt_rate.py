"""Measure ``l10n adopt`` on opensource.guide: English articles and their human Hindi translations.

Makes a temporary project whose ``source_notes/`` holds the English articles, extracts the Hindi
catalogs, adopts ``hi/`` with ``--from`` (file names are equal: no ``-en`` suffix), then reports
how many catalog entries were filled and prints every heading pair for a spot check.

Precision comes first (a wrong approved translation is worse than none), so it also counts the
filled entries whose protected elements differ from their source's — link destinations, inline
code, URLs, numbers (:func:`l10n.markdown.markup.elements`, digits of any script) — approved and
fuzzy apart, and those the build's validator would not publish. An approved pair whose elements
differ is a pair of different blocks, or a translator's change: either way not to approve
unread. Run side by side against main with ``PYTHONPATH=/work/main``.

    .venv/bin/python bench/adopt_rate.py [CORPUS_DIR] [--headings] [--show] [--swaps]

CORPUS_DIR defaults to ``../shared/corpus/opensource-guide`` next to the project.
"""

from __future__ import annotations

import itertools
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from l10n.cli import cli
from l10n.markdown.markup import elements, without_elements
from l10n.markdown.validate import validate_translation
from l10n.po.catalog import Catalog

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "opensource-guide"


def make_project(folder: Path, corpus: Path) -> None:
    (folder / "source_notes").mkdir()
    for article in sorted((corpus / "en").glob("*.md")):
        shutil.copy(article, folder / "source_notes" / article.name)
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "osg"\n\n[tool.l10n]\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8"
    )


def run(folder: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["-C", str(folder), *args], catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"l10n {' '.join(args)} failed ({result.exit_code}):\n{result.output}")
    return result.output


def fill_rates(folder: Path, corpus: Path) -> tuple[int, int, int, int]:
    """(filled, total) over the notes that have a translation, then over all notes."""
    filled = total = filled_all = total_all = 0
    for po_path in sorted((folder / "locales" / "hi").glob("*.po")):
        entries = list(Catalog.load(po_path))
        done = sum(1 for e in entries if e.msgstr)
        filled_all, total_all = filled_all + done, total_all + len(entries)
        if (corpus / "hi" / po_path.with_suffix(".md").name).exists():
            filled, total = filled + done, total + len(entries)
    return filled, total, filled_all, total_all


def _protected(text: str) -> Counter[str]:
    found = Counter(f"{cat}:{value}" for (cat, value), n in elements(text).items() for _ in range(n))
    found.update(f"n:{int(n)}" for n in re.findall(r"\d+", without_elements(text)))
    return found


def quality(folder: Path, show: bool) -> Counter[str]:
    """Counts of filled entries: approved/fuzzy, those whose protected elements differ from the
    source's (``*-differ``), and those the validator refuses (``refused``)."""
    counts: Counter[str] = Counter()
    for po_path in sorted((folder / "locales" / "hi").glob("*.po")):
        filled = [e for e in Catalog.load(po_path) if e.msgstr]
        ratio = (sum(len(e.msgstr) for e in filled) + 10) / (sum(len(e.msgid) for e in filled) + 10)
        for entry in filled:
            state = "fuzzy" if entry.fuzzy else "approved"
            counts[state] += 1
            relative = (len(entry.msgstr) + 10) / (len(entry.msgid) + 10) / ratio
            if len(entry.msgid) > 40 and not 0.5 <= relative <= 2:  # a paragraph merged, split or cut
                counts[f"{state}-length"] += 1
                if show and state == "approved":
                    print(f"length {relative:.2f} {entry.msgid[:50]!r} | {entry.msgstr[:50]!r}")
            if _protected(entry.msgid) != _protected(entry.msgstr):
                counts[f"{state}-differ"] += 1
                if show and state == "approved":
                    print(f"{po_path.stem[:18]:18} {entry.msgid[:60]!r} | {entry.msgstr[:60]!r}")
            if validate_translation(entry.msgid, entry.msgstr, entry.comment or None):
                counts[f"{state}-refused"] += 1
    return counts


def print_headings(folder: Path) -> None:
    for po_path in sorted((folder / "locales" / "hi").glob("*.po")):
        for entry in Catalog.load(po_path):
            if "heading" in entry.comment.split(", "):
                flag = "~" if entry.fuzzy else " "
                print(f"{po_path.stem[:18]:18} {flag} {entry.msgid[:45]:45} | {entry.msgstr[:45]}")


def swaps(corpus: Path) -> Counter[str]:
    """Precision against the human site under exchanged blocks: for each two neighbouring blocks
    of the same kind in a human page (paragraphs, list items…), the page with the two exchanged
    is aligned again (:func:`l10n.site.adopt.pair_segments`), and every certain pair whose
    translation is not the one the untouched page gives its source is a wrong approval. The
    untouched page's pairs stand for the truth (its certain pairs are checked by the counts above)."""
    from l10n.markdown.segment import parse_note
    from l10n.site.adopt import pair_segments

    counts: Counter[str] = Counter()
    for page in sorted((corpus / "hi").glob("*.md")):
        english = parse_note((corpus / "en" / page.name).read_text(encoding="utf-8"))
        text = page.read_text(encoding="utf-8")
        hindi = parse_note(text)
        truth = {p.source.key: p.translation.text for p in pair_segments(english, hindi)}
        body = [s for s in hindi.segments if s.context is None]
        for one, two in itertools.pairwise(body):
            if one.kind is not two.kind or one.text == two.text or one.end > two.start:
                continue
            first, second = text[one.start : one.end], text[two.start : two.end]
            swapped = text[: one.start] + second + text[one.end : two.start] + first + text[two.end :]
            counts["exchanges"] += 1
            for pair in pair_segments(english, parse_note(swapped)):
                if not pair.certain or pair.source.key not in truth:
                    continue
                counts["approved"] += 1
                if pair.translation.text != truth[pair.source.key]:
                    counts["wrong"] += 1
    return counts


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    if not (corpus / "en").is_dir():
        raise SystemExit(f"corpus not found: {corpus}")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        make_project(folder, corpus)
        run(folder, "extract", "--lang", "hi")
        started = time.perf_counter()
        output = run(folder, "adopt", "--lang", "hi", "--from", str(corpus / "hi"))
        elapsed = time.perf_counter() - started
        print(output.rstrip())
        filled, total, filled_all, total_all = fill_rates(folder, corpus)
        print(f"filled {filled}/{total} = {100 * filled / total:.1f}% of entries in the translated notes")
        print(f"filled {filled_all}/{total_all} = {100 * filled_all / total_all:.1f}% of all entries; adopt took {elapsed:.2f}s")
        counts = quality(folder, "--show" in argv)
        print(
            f"approved {counts['approved']} ({counts['approved-differ']} with other elements than the source, "
            f"{counts['approved-refused']} refused by the validator, {counts['approved-length']} of a length "
            f"outside 0.5-2x the note's ratio); fuzzy {counts['fuzzy']} "
            f"({counts['fuzzy-differ']} differ, {counts['fuzzy-refused']} refused)"
        )
        if "--swaps" in argv:
            found = swaps(corpus)
            print(
                f"exchanged neighbours: {found['exchanges']} pages, {found['approved']} approved pairs, "
                f"{found['wrong']} of them wrong ({100 * found['wrong'] / max(1, found['approved']):.2f}%)"
            )
        if "--headings" in argv:
            print_headings(folder)


if __name__ == "__main__":
    main(sys.argv[1:])
