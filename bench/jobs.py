"""``--jobs`` side by side: ``python bench/jobs.py [--code DIR] [--rounds 3] [--parts extract,build,translate]``.

Issue 19's goal "``--jobs`` chooses a worker count that never makes a run slower than one
process", measured for every stage with the fixed counts 1, 2, 4, 8 and the default (no
``--jobs``) in turns, round after round (the order rotated each round, so the load of a shared
machine weighs on every count alike):

* **extract** of a fresh synthetic site (:func:`synth.make_site`) of 50, 100, 300 and 1,000 notes;
* **build** of the same site once extracted and translated by ``pseudo`` (untimed), restored to
  the path it was made at before each run (the segmentation cache is keyed by that path);
* **translate** with the ``openai`` engine against the stub of ``tests/stubs.py`` answering
  each request after 300 ms and after 0 ms, on ``--translate-notes`` notes in
  ``--languages`` languages (requests of every note and language may overlap).

Each run is a child process (``python -m l10n.cli`` of ``--code``, default this checkout) under
``/usr/bin/time -v`` (:func:`bigsite.timed`): wall and CPU (user + system) seconds; with
``--base DIR`` an old checkout runs beside it, count by count in turns. Printed per
row: the median wall and CPU of each count, the best fixed count, and the default's wall
divided by the best fixed count's and by one process's (the goal: default ÷ jobs 1 ≤ 1, and no
explicit count above jobs 1 by more than the noise). For translate, the stub's most requests in
flight at once is given too. Results go to ``bench/results/jobs.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bigsite import _extract, timed  # noqa: E402
from synth import make_site  # noqa: E402

from tests.stubs import OpenAIStub  # noqa: E402

COUNTS: tuple[str | None, ...] = ("1", "2", "4", "8", None)
"""``--jobs`` values in each round; None is the default (no ``--jobs``)."""

LANGUAGES = ("hi", "ru", "zh", "de")
"""Targets the stub writes in their own script (German: swapped case)."""


def _label(jobs: str | None) -> str:
    return "default" if jobs is None else f"jobs {jobs}"


def _options(jobs: str | None) -> list[str]:
    return [] if jobs is None else ["--jobs", jobs]


def _site(folder: Path, notes: int, languages: int = 1) -> None:
    make_site(folder, notes)
    if languages > 1:  # the synthetic site's one language, widened
        config = folder / "pyproject.toml"
        wanted = ", ".join(f'"{lang}"' for lang in LANGUAGES[:languages])
        config.write_text(config.read_text(encoding="utf-8").replace('["hi"]', f"[{wanted}]"), encoding="utf-8")


def _restore(pristine: Path, work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(pristine, work)


def _rounds(rounds: int, codes: dict[str, Path], run: Any) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """``run(name, code, jobs)`` for every checkout and every count in :data:`COUNTS`, ``rounds``
    times: per count the checkouts one after the other, the order of counts rotated each round
    and that of the checkouts reversed every other round."""
    found: dict[str, dict[str, list[dict[str, Any]]]] = {name: {_label(j): [] for j in COUNTS} for name in codes}
    for turn in range(rounds):
        shift = turn % len(COUNTS)
        order = list(codes.items()) if turn % 2 == 0 else list(reversed(codes.items()))
        for jobs in COUNTS[shift:] + COUNTS[:shift]:
            for name, code in order:
                found[name][_label(jobs)].append(run(name, code, jobs))
    return found


def _summary(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    wall = {label: statistics.median(r["wall"] for r in rows) for label, rows in runs.items()}
    cpu = {label: statistics.median(r["cpu"] for r in rows) for label, rows in runs.items()}
    fixed = {label: value for label, value in wall.items() if label != "default"}
    best = min(fixed, key=lambda label: fixed[label])
    return {
        "wall": wall,
        "cpu": cpu,
        "best": best,
        "default_to_best": round(wall["default"] / wall[best], 2),
        "default_to_one": round(wall["default"] / wall["jobs 1"], 2),
        "worst_to_one": round(max(fixed.values()) / wall["jobs 1"], 2),
    }


def stage(codes: dict[str, Path], part: str, notes: int, rounds: int, scratch: Path) -> dict[str, dict[str, Any]]:
    """extract or build of ``notes`` notes, every checkout and count in turns."""
    for name, code in codes.items():
        work = scratch / f"work-{name}"
        _site(work, notes)
        if part == "build":  # extracted and translated at the path the runs use (untimed)
            _extract(code, work)
            timed(code, work, "translate", "--engine", "pseudo")
        shutil.copytree(work, scratch / f"pristine-{name}")

    def run(name: str, code: Path, jobs: str | None) -> dict[str, Any]:
        _restore(scratch / f"pristine-{name}", scratch / f"work-{name}")
        return timed(code, scratch / f"work-{name}", part, *_options(jobs))

    found = _rounds(rounds, codes, run)
    for name in codes:
        shutil.rmtree(scratch / f"pristine-{name}", ignore_errors=True)
        shutil.rmtree(scratch / f"work-{name}", ignore_errors=True)
    return {name: _summary(runs) for name, runs in found.items()}


def translate(
    codes: dict[str, Path], notes: int, languages: int, latency: float, rounds: int, scratch: Path
) -> dict[str, dict[str, Any]]:
    """``translate --engine openai`` against the stub, every checkout and count in turns;
    requests and the stub's most requests in flight at once per count (the same every round)."""
    for name, code in codes.items():
        work = scratch / f"work-{name}"
        _site(work, notes, languages)
        _extract(code, work)
        shutil.copytree(work, scratch / f"pristine-{name}")
    flight: dict[str, dict[str, int]] = {name: {} for name in codes}
    requests: dict[str, dict[str, int]] = {name: {} for name in codes}
    with OpenAIStub(latency=latency) as stub:

        def run(name: str, code: Path, jobs: str | None) -> dict[str, Any]:
            work = scratch / f"work-{name}"
            _restore(scratch / f"pristine-{name}", work)
            stub.requests.clear()
            stub.max_active = 0
            done = timed(code, work, "translate", "--engine", "openai", "--engine-url", stub.url, *_options(jobs))
            flight[name][_label(jobs)] = stub.max_active
            requests[name][_label(jobs)] = len(stub.posts)
            return done

        found = _rounds(rounds, codes, run)
    for name in codes:
        shutil.rmtree(scratch / f"pristine-{name}", ignore_errors=True)
        shutil.rmtree(scratch / f"work-{name}", ignore_errors=True)
    return {name: {**_summary(runs), "in_flight": flight[name], "requests": requests[name]} for name, runs in found.items()}


def table(rows: dict[str, dict[str, Any]]) -> str:
    """Markdown: one line per measured row, median wall (CPU) seconds per count."""
    labels = [_label(jobs) for jobs in COUNTS]
    lines = [
        "| row | " + " | ".join(labels) + " | best fixed | default ÷ best | default ÷ jobs 1 | worst ÷ jobs 1 |",
        "|---|" + "---:|" * (len(labels) + 4),
    ]
    for name, row in rows.items():
        cells = [f"{row['wall'][label]:.2f} ({row['cpu'][label]:.2f})" for label in labels]
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {row['best']} | {row['default_to_best']:.2f} | "
            f"{row['default_to_one']:.2f} | {row['worst_to_one']:.2f} |"
        )
        if "in_flight" in row:
            flights = ", ".join(f"{label} {row['in_flight'][label]}" for label in labels)
            lines.append(f"| ↳ requests {row['requests']['jobs 1']}, most in flight | {flights} |" + " |" * (len(labels) + 3))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to run (default: this one)")
    parser.add_argument("--base", type=Path, help="an old checkout, run in turns beside --code")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="50,100,300,1000", help="notes of the extract and build sites")
    parser.add_argument("--parts", default="translate,extract,build")
    parser.add_argument("--translate-notes", type=int, default=30)
    parser.add_argument("--languages", type=int, default=2, help=f"target languages of the translate site (≤ {len(LANGUAGES)})")
    parser.add_argument("--latencies", default="0.3,0", help="seconds per stub request, comma-separated")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "jobs.json")
    parser.add_argument("--table", type=Path, help="print the table of an earlier run and exit")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text(encoding="utf-8"))["rows"]))
        return
    codes = {"new": args.code.resolve()}
    if args.base is not None:
        codes = {"old": args.base.resolve(), **codes}
    parts = args.parts.split(",")
    result: dict[str, Any] = {
        "codes": {name: str(code) for name, code in codes.items()},
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": len(os.sched_getaffinity(0)),
        "load": [os.getloadavg()[0]],
        "rows": {},
    }
    rows: dict[str, dict[str, Any]] = result["rows"]
    with tempfile.TemporaryDirectory(prefix="l10n-jobs-") as tmp:
        scratch = Path(tmp)
        if "translate" in parts:
            for latency in (float(s) for s in args.latencies.split(",")):
                row = f"translate {args.translate_notes} notes × {args.languages} languages, {latency * 1000:.0f} ms"
                found = translate(codes, args.translate_notes, args.languages, latency, args.rounds, scratch)
                rows.update({f"{row}, {name}": value for name, value in found.items()})
                print(table({f"{row}, {name}": value for name, value in found.items()}), flush=True)
        for part in (p for p in ("extract", "build") if p in parts):
            for notes in (int(s) for s in args.sizes.split(",")):
                found = stage(codes, part, notes, args.rounds, scratch)
                rows.update({f"{part} {notes} notes, {name}": value for name, value in found.items()})
                print(table({f"{part} {notes} notes, {name}": value for name, value in found.items()}), flush=True)
    result["load"].append(os.getloadavg()[0])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
