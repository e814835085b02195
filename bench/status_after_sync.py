"""``status`` right after a ``sync``, old code beside new: what CI pays (``action.yml`` runs both).

    python bench/status_after_sync.py --base OLD --new NEW [--notes 300] [--rounds 3] [--edit 20]
    python bench/status_after_sync.py --base OLD --new NEW --replicate SYNCED --synced-at DIR --copies 20 --edit 300

Each round, each side in turn (the order reversed every other round, so the load of a shared
machine weighs on both alike), on its own fresh copy of one :func:`synth.make_site` site of
``--notes`` notes, one language, the ``pseudo`` engine: a first ``sync``, then ``status``
("status after sync"), then ``status`` again (nothing changed: a stat per file). With
``--edit K``, then K notes get a paragraph appended (every ``notes // K``-th note) and another
``sync`` and ``status`` run ("status after an edit sync"). Each command is a child process timed
by ``/usr/bin/time -v`` (:func:`bigsite.timed`): CPU is user + system, workers included.

Prints per step the CPU of each round and the medians, old → new, the ratio of the medians, and
the sums CI pays (sync + status) per round; writes ``bench/results/status_after_sync.json``.
The ``status --format json`` of both sides is compared after each round: the counts must be
the same (the tool exits 1 when they differ).

``--replicate SYNCED`` measures a big site instead: a site of 1,000 notes synced by the old code
(``SYNCED``, synced in ``--synced-at``), replicated ``--copies`` times for each side
(:mod:`replicate`), counted once by a ``status``, then ``--edit`` notes edited and ``sync``,
``status`` and ``status`` again timed, once, side by side (a first ``sync`` of 20,000 notes would
take an hour per side).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bigsite import EDIT, check_code, timed  # noqa: E402
from synth import make_site  # noqa: E402


def _status_json(code: Path, work: Path) -> Any:
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "l10n.cli", "-C", str(work), "status", "--format", "json"],
        capture_output=True, text=True, env=env, cwd=code, check=False,
    )
    return json.loads(done.stdout)


def _edit(work: Path, count: int) -> None:
    notes = sorted((work / "source_notes").rglob("*.md"))
    for note in notes[:: max(1, len(notes) // count)][:count]:
        with note.open("a", encoding="utf-8") as handle:
            handle.write(EDIT)


def big(codes: dict[str, Path], synced: Path, synced_at: Path, copies: int, edit: int, scratch: Path) -> dict[str, dict[str, float]]:
    """``--replicate``: each side on its own replica (:func:`replicate.replicate`) of ``copies``
    copies of the ``synced`` site (synced in ``synced_at``): ``status`` once untimed (it counts
    every catalog, as the first ``status`` on any replica must), then ``edit`` notes edited,
    ``sync``, ``status`` and ``status`` again timed, the two sides in turns step by step."""
    from replicate import replicate

    works = {name: scratch / f"big-{name}" for name in codes}
    for name, work in works.items():
        replicate(synced, copies, work, synced_at=synced_at)
        timed(codes[name], work, "status")
        _edit(work, edit)
        print(f"{name}: replicated and counted once", flush=True)
    cpu: dict[str, dict[str, float]] = {name: {} for name in codes}
    for step, args in (("edit sync", ("-q", "sync", "--engine", "pseudo")), ("status after sync", ("status",)), ("status again", ("status",))):
        for name, code in codes.items():
            run = timed(code, works[name], *args)
            cpu[name][step] = run["cpu"]
            print(f"{name} {step}: {run['cpu']:.2f} s CPU, {run['wall']:.2f} s wall, {run['rss_mb']} MB", flush=True)
    same = _status_json(codes["old"], works["old"]) == _status_json(codes["new"], works["new"])
    print(f"status reports the same: {same}", flush=True)
    for work in works.values():
        shutil.rmtree(work, ignore_errors=True)
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the old checkout or snapshot")
    parser.add_argument("--new", type=Path, default=ROOT, help="the new checkout or snapshot (default: this one)")
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--edit", type=int, default=0, help="notes to edit before a second sync and status")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/status_after_sync.json")
    parser.add_argument("--replicate", type=Path, help="a synced site to replicate instead (see big())")
    parser.add_argument("--synced-at", type=Path, help="where --replicate's site was synced (its bookkeeping names it)")
    parser.add_argument("--copies", type=int, default=20, help="copies of --replicate's site")
    args = parser.parse_args()
    codes = {"old": args.base.resolve(), "new": args.new.resolve()}
    for code in codes.values():
        check_code(code)
    if args.replicate:
        with tempfile.TemporaryDirectory(prefix="status-after-sync-", dir=args.out.parent) as scratch:
            cpu_big = big(codes, args.replicate, args.synced_at or args.replicate, args.copies, args.edit, Path(scratch))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"replicated": str(args.replicate), "copies": args.copies, "edit": args.edit, "cpu": cpu_big}, indent=1))
        return
    steps = ["sync", "status after sync", "status again"]
    if args.edit:
        steps += ["edit sync", "status after edit sync"]
    cpu: dict[str, dict[str, list[float]]] = {name: {step: [] for step in steps} for name in codes}
    differ = False
    with tempfile.TemporaryDirectory(prefix="status-after-sync-") as scratch:
        site = Path(scratch) / "site"
        make_site(site, args.notes)
        for round_ in range(args.rounds):
            order = list(codes) if round_ % 2 == 0 else list(reversed(codes))
            reports = {}
            for name in order:
                work = Path(scratch) / f"{name}{round_}"
                shutil.copytree(site, work)
                code = codes[name]
                runs = {
                    "sync": timed(code, work, "-q", "sync", "--engine", "pseudo"),
                    "status after sync": timed(code, work, "status"),
                    "status again": timed(code, work, "status"),
                }
                if args.edit:
                    _edit(work, args.edit)
                    runs["edit sync"] = timed(code, work, "-q", "sync", "--engine", "pseudo")
                    runs["status after edit sync"] = timed(code, work, "status")
                for step, run in runs.items():
                    cpu[name][step].append(run["cpu"])
                reports[name] = _status_json(code, work)
                print(f"round {round_ + 1} {name}: " + ", ".join(f"{s} {r['cpu']:.2f}" for s, r in runs.items()), flush=True)
                shutil.rmtree(work, ignore_errors=True)
            if reports["old"] != reports["new"]:
                differ = True
                print(f"round {round_ + 1}: the status reports differ", flush=True)
    lines = ["| step | old CPU s (rounds) | new CPU s (rounds) | median old → new | old ÷ new |", "|---|---|---|---|---|"]
    sums = [("sync + status", "sync", "status after sync")]
    if args.edit:
        sums.append(("edit sync + status", "edit sync", "status after edit sync"))
    for name in codes:
        for label, first, second in sums:
            cpu[name][label] = [a + b for a, b in zip(cpu[name][first], cpu[name][second], strict=True)]
    for step in [*steps, *(label for label, _, _ in sums)]:
        old, new = statistics.median(cpu["old"][step]), statistics.median(cpu["new"][step])
        lines.append(
            f"| {step} | {', '.join(f'{v:.2f}' for v in cpu['old'][step])} | {', '.join(f'{v:.2f}' for v in cpu['new'][step])} "
            f"| {old:.2f} → {new:.2f} | {old / new if new else float('inf'):.2f} |"
        )
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"notes": args.notes, "edit": args.edit, "cpu": cpu, "same_reports": not differ}, indent=1))
    if differ:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
