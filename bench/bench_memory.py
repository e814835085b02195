"""Benchmark (not a test): translation-memory stores and lookups per second, SQLite vs PostgreSQL.

Both backends get the same 100,000 distinct segments (sentences of 40–120 characters, like a
site's paragraphs and list items), stored and looked up the way the translate stage uses them:
``store_many`` per batch of engine replies and ``lookup`` per chunk of catalogs. Reported:

* stores/s — rows per second through ``store_many`` in batches of ``--batch`` (default 32, a
  LibreTranslate request; the translate stage commits one batch per reply);
* lookups/s — texts per second through ``lookup`` in chunks of ``--chunk`` (default 5,000);
  hits, then the same count of misses;
* claims/s (PostgreSQL only) — texts per second through ``claim`` + ``store_many`` in chunks.

Run from the repository root, with a server for PostgreSQL (``.ci/run`` starts one the same way)::

    .venv/bin/python bench/bench_memory.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

The PostgreSQL run uses a schema of its own, dropped at the end. Writes
``bench/results/memory.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n.mt.memory import Memory, memory_from_url  # noqa: E402

WORDS = ["the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "with", "was", "on", "be", "by", "this", "are", "or", "from", "at", "which", "an", "have", "not", "they", "cache", "build", "server", "request", "page", "note", "translation", "memory", "segment", "catalog", "engine", "runner"]


def segments(count: int, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(7, 20))]
        texts.append(f"{' '.join(words).capitalize()} ({i}).")
    return texts


def timed(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(memory: Memory, texts: list[str], batch: int, chunk: int, claims: bool) -> dict[str, float]:
    translations = [text[::-1] for text in texts]

    def store() -> None:
        for start in range(0, len(texts), batch):
            memory.store_many("en", "hi", zip(texts[start : start + batch], translations[start : start + batch]), origin="machine:bench")

    def lookup(items: list[str]) -> Callable[[], None]:
        def run() -> None:
            found = 0
            for start in range(0, len(items), chunk):
                found += len(memory.lookup("en", "hi", items[start : start + chunk]))
            assert found in (0, len(items)), found

        return run

    misses = [f"missing {text}" for text in texts]
    figures = {
        "stores_per_s": len(texts) / timed(store),
        "lookup_hits_per_s": len(texts) / timed(lookup(texts)),
        "lookup_misses_per_s": len(texts) / timed(lookup(misses)),
    }
    if claims:

        def claim_and_store() -> None:
            for start in range(0, len(misses), chunk):
                part = misses[start : start + chunk]
                mine = memory.claim("en", "de", part)
                memory.store_many("en", "de", ((t, t) for t in part if t in mine), origin="machine:bench")

        figures["claim_and_store_per_s"] = len(misses) / timed(claim_and_store)
    figures["rows"] = float(len(memory))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=32, help="texts per store_many (one engine reply)")
    parser.add_argument("--chunk", type=int, default=5000, help="texts per lookup")
    parser.add_argument("--postgres", metavar="URL", default=None, help="server to measure (skipped when absent)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "memory.json")
    args = parser.parse_args()
    texts = segments(args.segments)
    results: dict[str, Any] = {
        "segments": args.segments,
        "batch": args.batch,
        "chunk": args.chunk,
        "python": platform.python_version(),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    with tempfile.TemporaryDirectory() as folder, memory_from_url(str(Path(folder) / "bench.sqlite3")) as sqlite:
        results["sqlite"] = measure(sqlite, texts, args.batch, args.chunk, claims=False)
        print("sqlite    ", _line(results["sqlite"]), flush=True)
    if args.postgres:
        import psycopg

        schema = f"l10n_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            results["postgres_version"] = admin.info.server_version
            admin.execute(f'CREATE SCHEMA "{schema}"')
            try:
                url = f"{args.postgres}{'&' if '?' in args.postgres else '?'}options=-csearch_path%3D{schema}"
                with memory_from_url(url) as postgres:
                    results["postgresql"] = measure(postgres, texts, args.batch, args.chunk, claims=True)
                    print("postgresql", _line(results["postgresql"]), flush=True)
            finally:
                admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def _line(figures: dict[str, float]) -> str:
    return ", ".join(f"{key} {value:,.0f}" for key, value in figures.items())


if __name__ == "__main__":
    main()
