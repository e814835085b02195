"""Where a translate run's wall time goes: ``python bench/translate_phases.py [--base DIR] [--code DIR] [--rounds 2]``.

``translate --engine openai --jobs J`` against the stub of ``tests/stubs.py`` (300 ms per
request) on a synthetic site (``bench/synth.py``) of ``--notes`` notes in ``--languages``
languages, each checkout in turns on a fresh copy of its extracted site. The stub notes when
each request arrives and is answered, so each run splits into: *before the first request*
(start-up, catalogs read, texts protected and split: CPU no request overlaps), *requests*
(first arrival to last answer: the requests and the CPU that overlaps them), and *after the
last reply* (the last catalogs saved, the memory closed, exit). Printed per checkout: the
medians of each phase, the requests, the most in flight at once, and the floor of the request
phase for that many in flight, ``ceil(requests / jobs) × latency``.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bigsite import _extract  # noqa: E402
from jobs import _restore, _site  # noqa: E402

from tests.stubs import OpenAIStub  # noqa: E402


class TimedStub(OpenAIStub):
    """The OpenAI stub, with the time each request arrived and was answered."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.times: list[tuple[float, float]] = []
        self._times_lock = threading.Lock()

    def answer(self, method: str, path: str, body: Any, handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], Any]:
        arrived = time.monotonic() - self.latency  # the base class slept before answering
        found = super().answer(method, path, body, handler)
        with self._times_lock:
            self.times.append((arrived, time.monotonic()))
        return found


def one_run(code: Path, work: Path, stub: TimedStub, jobs: int) -> dict[str, float]:
    stub.times.clear()
    stub.max_active = 0
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "l10n.cli", "-C", str(work), "translate", "--engine", "openai", "--engine-url", stub.url,
         "--jobs", str(jobs)],
        env=env, cwd=code, capture_output=True, check=True,
    )
    end = time.monotonic()
    first = min(a for a, _ in stub.times)
    last = max(b for _, b in stub.times)
    return {"before": first - start, "requests": last - first, "after": end - last, "wall": end - start,
            "count": len(stub.times), "in_flight": stub.max_active}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="an old checkout, run in turns beside --code")
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--notes", type=int, default=30)
    parser.add_argument("--languages", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--latency", type=float, default=0.3)
    args = parser.parse_args()
    codes = {"new": args.code.resolve()}
    if args.base is not None:
        codes = {"old": args.base.resolve(), **codes}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in codes}
    with tempfile.TemporaryDirectory(prefix="l10n-phases-") as tmp, TimedStub(latency=args.latency) as stub:
        scratch = Path(tmp)
        for name, code in codes.items():
            _site(scratch / f"work-{name}", args.notes, args.languages)
            _extract(code, scratch / f"work-{name}")
            shutil.copytree(scratch / f"work-{name}", scratch / f"pristine-{name}")
        for turn in range(args.rounds):
            order = list(codes.items()) if turn % 2 == 0 else list(reversed(codes.items()))
            for name, code in order:
                _restore(scratch / f"pristine-{name}", scratch / f"work-{name}")
                runs[name].append(one_run(code, scratch / f"work-{name}", stub, args.jobs))
                print(name, {k: round(v, 2) for k, v in runs[name][-1].items()}, flush=True)
    for name, found in runs.items():
        med = {key: statistics.median(r[key] for r in found) for key in found[0]}
        floor = math.ceil(med["count"] / args.jobs) * args.latency
        print(
            f"{name}: wall {med['wall']:.2f} s = before the first request {med['before']:.2f} + requests "
            f"{med['requests']:.2f} (floor {floor:.2f} for {med['count']:.0f} requests, {med['in_flight']:.0f} in flight) "
            f"+ after the last reply {med['after']:.2f}"
        )


if __name__ == "__main__":
    main()
