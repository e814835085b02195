"""Benchmark of ``l10n status`` on a synthetic 10,000-note site in three languages.

Generates the site in a temporary folder (notes, templates, catalogs and built outputs, written
directly in l10n's PO layout because running ``extract`` on 10,000 notes would take minutes),
then times the real command line in a subprocess, so interpreter start-up and imports count:

* **cold**: no status cache, every catalog is read and counted;
* **warm**: the cache is in place, nothing changed, files are only ``stat``-ed;
* **touched**: 1% of the catalogs changed since the cache was written.

Catalogs mix approved, fuzzy (some with ``#|`` previous msgids), untranslated and obsolete
entries; 5% of outputs are missing and 0.5% are older than their catalog (stale). Prints the
figures and writes them to ``bench/results/status.json``.

    python bench/bench_status.py [--notes 10000] [--languages hi,ar,fr] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "status.json"
SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "zel", "pri", "dun", "shi", "ga", "bel", "tor", "qua", "nix", "ol"]
HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n"Report-Msgid-Bugs-To: \\n"\n'
    '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n'
    '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"\n"Language-Team: {team}\\n"\n"Language: {lang}\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    '"X-Generator: l10n 0.1.0\\n"\n'
)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [_word(rng) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"[{_word(rng)}](https://example.com/{_word(rng)})")
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"`{_word(rng)}()`")
    return (" ".join(words) + ".").capitalize()


def _note(rng: random.Random, title: str) -> tuple[str, list[tuple[str | None, str, str, int]]]:
    """Markdown text and its segments as (msgctxt, msgid, kind, line)."""
    lines = ["---", f"title: {title}", "---", ""]
    segments: list[tuple[str | None, str, str, int]] = [("front-matter:title", title, "front matter", 2)]
    for section in range(rng.randint(2, 4)):
        heading = _sentence(rng, 2, 5).rstrip(".")
        segments.append((None, heading, "heading", len(lines) + 1))
        lines += [f"## {heading}", ""]
        for _ in range(rng.randint(2, 5)):
            text = _sentence(rng, 12, 40)
            segments.append((None, text, "paragraph", len(lines) + 1))
            lines += [text, ""]
        if section % 2 == 0:
            for _ in range(rng.randint(2, 4)):
                item = _sentence(rng, 3, 10)
                segments.append((None, item, "list item", len(lines) + 1))
                lines.append(f"- {item}")
            lines += ["", "```sh", "cargo run", "```", ""]
    return "\n".join(lines), segments


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _po(lang: str, ref: str, segments: list[tuple[str | None, str, str, int]], rng: random.Random, share: float) -> str:
    """A catalog: ``share`` of the entries approved, a quarter fuzzy; a template when ``lang`` is empty."""
    out = [HEADER.replace("{lang}", lang).replace("{team}", lang)]
    for ctxt, msgid, kind, line in segments:
        out.append(f"\n#. {kind}\n#: {ref}:{line}\n")
        roll = rng.random() if lang else 1.0
        msgstr = ""
        if roll < share:
            msgstr = f"[{lang}] {msgid}"
        elif roll < share + 0.25:
            out.append("#, fuzzy\n")
            if rng.random() < 0.2:
                out.append(f"#| msgid {_quote(msgid[:-1])}\n")
            msgstr = f"[{lang}~] {msgid}"
        if ctxt:
            out.append(f"msgctxt {_quote(ctxt)}\n")
        out.append(f"msgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n")
    if lang and rng.random() < 0.2:
        out.append(f"\n#~ msgid {_quote('An old paragraph that was removed.')}\n#~ msgstr {_quote('[old]')}\n")
    return "".join(out)


def generate(root: Path, n_notes: int, languages: list[str], seed: int = 5) -> dict[str, int]:
    rng = random.Random(seed)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "bench"\n\n[tool.l10n]\nlanguages = [' + ", ".join(f'"{lang}"' for lang in languages) + "]\n"
    )
    counts = {"notes": 0, "catalogs": 0, "outputs": 0, "missing_outputs": 0, "old_outputs": 0}
    shares = {lang: 0.8 - 0.2 * i for i, lang in enumerate(languages)}
    past = time.time() - 86_400
    for index in range(n_notes):
        section = f"section-{index % 40:02d}"
        rel = f"{section}/note-{index:05d}-en"
        text, segments = _note(rng, _sentence(rng, 3, 7).rstrip("."))
        note = root / "source_notes" / f"{rel}.md"
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(text, encoding="utf-8")
        os.utime(note, (past, past))
        ref = f"source_notes/{rel}.md"
        pot = root / "locales" / "templates" / f"{rel}.pot"
        pot.parent.mkdir(parents=True, exist_ok=True)
        pot.write_text(_po("", ref, segments, rng, 0.0), encoding="utf-8")
        counts["notes"] += 1
        for lang in languages:
            catalog = root / "locales" / lang / f"{rel}.po"
            catalog.parent.mkdir(parents=True, exist_ok=True)
            catalog.write_text(_po(lang, ref, segments, rng, shares[lang]), encoding="utf-8")
            os.utime(catalog, (past + 100, past + 100))
            counts["catalogs"] += 1
            roll = rng.random()
            if roll < 0.05:
                counts["missing_outputs"] += 1
                continue
            output = root / "translated" / lang / f"{section}/note-{index:05d}-{lang}.md"
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
            stamp = past + 50 if roll < 0.055 else past + 200  # 0.5%: older than the catalog
            counts["old_outputs"] += roll < 0.055
            os.utime(output, (stamp, stamp))
            counts["outputs"] += 1
    return counts


def _l10n() -> list[str]:
    candidate = Path(sys.executable).with_name("l10n")
    return [str(candidate)] if candidate.exists() else [sys.executable, "-m", "l10n.cli"]


def timed(root: Path, *args: str) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [*_l10n(), "-C", str(root), "-q", "status", *args], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"l10n status failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--languages", default="hi,ar,fr")
    parser.add_argument("--keep", type=Path, help="generate the site here and keep it")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the best is kept)")
    args = parser.parse_args(argv)
    languages = args.languages.split(",")
    root = args.keep or Path(tempfile.mkdtemp(prefix="l10n-bench-status-"))
    try:
        if args.keep and root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        counts = generate(root, args.notes, languages)
        generated = time.perf_counter() - start
        print(f"generated {counts['notes']:,} notes, {counts['catalogs']:,} catalogs in {generated:.1f} s")
        cache = root / "locales" / ".l10n-cache.sqlite3"  # the status cache's tables are in it
        out = root / "status.json"
        cold = []
        for _ in range(args.repeat):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{cache}{suffix}").unlink(missing_ok=True)
            cold.append(timed(root, "--format", "json", "--output", str(out)))
        warm = [timed(root, "--format", "json", "--output", str(out)) for _ in range(args.repeat)]
        warm_table = [timed(root) for _ in range(args.repeat)]
        touched_runs = []
        rng = random.Random(11)
        catalogs = sorted((root / "locales" / languages[0]).rglob("*.po"))
        for run in range(args.repeat):
            for path in rng.sample(catalogs, len(catalogs) * len(languages) // 100):
                path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
                stamp = time.time() - 3600 + run
                os.utime(path, (stamp, stamp))
            touched_runs.append(timed(root, "--format", "json", "--output", str(out)))
        report = json.loads(out.read_text(encoding="utf-8"))
        result = {
            "notes": counts["notes"],
            "languages": languages,
            "catalogs": counts["catalogs"],
            "segments_per_language": report["languages"][0]["segments"]["total"],
            "words_per_language": report["languages"][0]["words"]["total"],
            "cold_seconds": round(min(cold), 3),
            "warm_seconds": round(min(warm), 3),
            "warm_table_seconds": round(min(warm_table), 3),
            "touched_1pct_seconds": round(min(touched_runs), 3),
            "cache_bytes": cache.stat().st_size,
            "json_bytes": out.stat().st_size,
            "runs": {"cold": cold, "warm": warm, "warm_table": warm_table, "touched_1pct": touched_runs},
            "measured": "wall time of the l10n CLI in a subprocess (start-up and imports included), best of runs",
            "python": platform.python_version(),
            "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        }
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(
            f"status over {counts['notes']:,} notes x {len(languages)} languages: "
            f"cold {result['cold_seconds']:.2f} s, warm {result['warm_seconds']:.2f} s "
            f"(table {result['warm_table_seconds']:.2f} s), 1% changed {result['touched_1pct_seconds']:.2f} s"
        )
        print(f"wrote {RESULTS}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
