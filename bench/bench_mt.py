"""Benchmark (not a test): our batched, concurrent Libre path vs deep-translator's translate_batch.

Both translate the same distinct segments to Hindi against one local LibreTranslate stub that
answers every request after a fixed latency (50 ms by default, like a nearby server). Run from
the repository root::

    .venv/bin/python bench/bench_mt.py [--segments 1000] [--latency 0.05]

Prints both times and the ratio and writes them to ``bench/results/mt.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.stubs when run as a script

from deep_translator import LibreTranslator  # noqa: E402

from l10n.mt.batch import translate_texts  # noqa: E402
from l10n.mt.engines import get_engine  # noqa: E402
from tests.stubs import LibreStub  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    args = parser.parse_args()
    texts = [f"Segment {i}: the quick brown fox jumps over the lazy dog." for i in range(args.segments)]

    with LibreStub(latency=args.latency) as stub:
        engine = get_engine("libre", url=stub.url)
        start = time.perf_counter()
        ours = {o.source_text: o.translation for o in translate_texts(texts, engine=engine, source="en", target="hi")}
        ours_s = time.perf_counter() - start
        our_requests = len(stub.requests)

        # Where the gain comes from: the same path with batching off (concurrency only).
        stub.requests.clear()
        single = get_engine("libre", url=stub.url)
        single.max_batch = 1
        start = time.perf_counter()
        unbatched = {
            o.source_text: o.translation for o in translate_texts(texts, engine=single, source="en", target="hi")
        }
        unbatched_s = time.perf_counter() - start

        stub.requests.clear()
        translator = LibreTranslator(source="en", target="hi", api_key="any", custom_url=stub.url + "/")
        start = time.perf_counter()
        theirs = translator.translate_batch(texts)
        theirs_s = time.perf_counter() - start
        their_requests = len(stub.requests)

    assert [ours[t] for t in texts] == theirs == [unbatched[t] for t in texts], "all paths must agree"
    result = {
        "segments": args.segments,
        "latency_s": args.latency,
        "ours": {
            "seconds": round(ours_s, 3),
            "requests": our_requests,
            "jobs": engine.default_jobs,
            "batch": engine.max_batch,
        },
        "ours_unbatched": {"seconds": round(unbatched_s, 3), "requests": args.segments, "jobs": single.default_jobs},
        "deep_translator_translate_batch": {"seconds": round(theirs_s, 3), "requests": their_requests},
        "speedup": round(theirs_s / ours_s, 1),
    }
    print(
        f"ours (l10n.mt.batch, libre, {engine.default_jobs} jobs, batches of {engine.max_batch}): {ours_s:.2f} s, {our_requests} requests"
    )
    print(f"ours without batching ({single.default_jobs} jobs, 1 text per request): {unbatched_s:.2f} s")
    print(f"deep-translator LibreTranslator.translate_batch: {theirs_s:.2f} s, {their_requests} requests")
    print(f"speedup: {result['speedup']}x")
    out = ROOT / "bench" / "results" / "mt.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
