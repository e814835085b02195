"""Big sites, old code beside new: ``python bench/bigsite.py --base DIR [--sizes 1000,5000]``.

Two tables, each measured for two checkouts of l10n in the same run, step by step in turns
(old, new, old, new…) so that the load of a shared machine weighs on both alike:

* **big site** — on a synthetic site of N notes (:func:`synth.make_site`), one language, the
  offline ``pseudo`` engine: first ``sync``; a no-op ``sync``; ``sync`` after one note is
  edited; ``status``, and ``status`` again (the first counts every catalog the sync's coverage
  line took from the build's records); ``build --force`` and the ``sync`` after it. Each command is a child
  process (``python -m l10n.cli`` started in the checkout, which it imports) timed by
  ``/usr/bin/time -v``: wall clock, CPU (user + system) and peak RSS. The floor for noticing
  edits, a child process that ``os.stat``s every note, is measured beside them.
* **translate stage** — ``translate --engine openai`` against the local OpenAI-compatible stub
  (``tests/stubs.py``) answering each request after 300 ms, for ``--jobs`` 1, 4 and 8, on a
  fresh copy of an extracted site each time: requests, characters sent, wall clock.

``--base DIR`` is the old checkout (e.g. ``git worktree add /tmp/base19 908f2eb``, or
``git archive 908f2eb | tar -x -C /tmp/base19``); the new one is this file's repository, or
``--new DIR`` (a snapshot, so that edits made during a long run do not mix into it).
``--no-translate-stage`` measures the big-site table only. ``--old-up-to N`` runs the old checkout
on sites of at most N notes only: the bigger sites are replicated from the new checkout's synced
site, whose bookkeeping an old checkout of another format cannot read (it would redo every note). Results go to ``bench/results/bigsite.json``; ``--table FILE``
prints the Markdown tables of an earlier run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from replicate import replicate  # noqa: E402
from synth import make_site  # noqa: E402

from tests.stubs import OpenAIStub  # noqa: E402

_TIME = re.compile(
    r"User time \(seconds\): (?P<user>[\d.]+).*?System time \(seconds\): (?P<sys>[\d.]+).*?"
    r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?P<wall>[\d:.]+).*?"
    r"Maximum resident set size \(kbytes\): (?P<rss>\d+)",
    re.DOTALL,
)
EDIT = "\n\nAn edited paragraph, added by the benchmark.\n"
KEPT_FOLDERS = ("source_notes", "locales/templates", "locales/hi", "translated/hi")
"""The folders of every file l10n keeps for a note: its source, template, catalog and output."""


def _seconds(clock: str) -> float:
    total = 0.0
    for part in clock.split(":"):
        total = total * 60 + float(part)
    return total


def timed(code: Path, work: Path, *args: str) -> dict[str, Any]:
    """Run ``l10n ARGS`` of checkout ``code`` in ``work`` under /usr/bin/time -v."""
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": ""}
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "l10n.cli", "-C", str(work), *args]
    # cwd=code: ``-m`` puts the working folder first on sys.path, before PYTHONPATH.
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=code, check=False)
    found = _TIME.search(done.stderr)
    if found is None or done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed in {work} ({done.returncode}):\n{done.stderr[-2000:]}")
    return {
        "wall": _seconds(found["wall"]),
        "cpu": round(float(found["user"]) + float(found["sys"]), 2),
        "rss_mb": round(int(found["rss"]) / 1024, 1),
        "out": (done.stdout + done.stderr.split("\tCommand being timed")[0])[-600:],
    }


def stat_floor(work: Path, folders: tuple[str, ...] = ("source_notes",)) -> dict[str, Any]:
    """A child process that stats every note (every file under ``folders`` of ``work``): what
    any tool that notices edits must pay. With the catalog, template and output folders too,
    it is the floor of a tool that notices edits to every file it keeps (four per note)."""
    script = (
        "import os,sys\n"
        "n=0\n"
        "for top in sys.argv[1:]:\n"
        "    for d,_,fs in os.walk(top):\n"
        "        for f in fs:\n"
        "            os.stat(os.path.join(d,f)); n+=1\n"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-S", "-c", script, *(str(work / f) for f in folders)], check=True)
    return {"wall": round(time.perf_counter() - start, 3)}


def check_code(code: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(code)}
    where = subprocess.run(
        [sys.executable, "-c", "import l10n; print(l10n.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
        check=True,
    ).stdout.strip()
    if not where.startswith(str(code)):
        raise SystemExit(f"PYTHONPATH={code} imports l10n from {where}")


def big_site(
    codes: dict[str, Path], size: int, scratch: Path, synced: tuple[Path, int, Path] | None = None, force: bool = True
) -> dict[str, Any]:
    """The steps on a site of ``size`` notes: made by :func:`synth.make_site` and synced by each
    checkout, or, with ``synced`` (a site of N notes after its first sync, ``size`` a multiple
    of N, and the folder it was synced in), replicated from it (:mod:`replicate`) so that the first sync is not run (it is
    reported for the smaller site). ``force``: also ``build --force`` and the sync after it."""
    works = {}
    if synced is None:
        source = scratch / f"site{size}"
        make_site(source, size)
        for name in codes:
            works[name] = scratch / f"{name}{size}"
            shutil.copytree(source, works[name])
        shutil.rmtree(source, ignore_errors=True)
    else:
        for name in codes:
            works[name] = scratch / f"{name}{size}"
            replicate(synced[0], size // synced[1], works[name], synced_at=synced[2])
    rows: dict[str, dict[str, Any]] = {name: {} for name in codes}

    def step(label: str, *args: str, before: Any = None) -> None:
        for name, code in codes.items():
            if before is not None:
                before(works[name])
            rows[name][label] = timed(code, works[name], *args)
            print(
                f"  {size} {name} {label}: {rows[name][label]['wall']:.2f} s wall, "
                f"{rows[name][label]['cpu']:.2f} s CPU, {rows[name][label]['rss_mb']} MB",
                flush=True,
            )

    if synced is None:
        step("first sync", "sync", "--engine", "pseudo")
    step("no-op sync", "sync", "--engine", "pseudo")
    if synced is None:  # kept for the bigger sites, which are made from it
        shutil.copytree(works["new"], scratch / f"synced{size}", symlinks=True)

    def edit(work: Path) -> None:
        note = sorted((work / "source_notes").rglob("*.md"))[size // 2]
        with note.open("a", encoding="utf-8") as handle:
            handle.write(EDIT)

    step("one edited note", "sync", "--engine", "pseudo", before=edit)
    step("status", "status")
    step("status again", "status")  # the first status after a sync counts what the sync's coverage line did not
    if force:
        step("build --force", "build", "--force")
        step("sync after --force", "sync", "--engine", "pseudo")
    for name in codes:
        rows[name]["stat every note"] = stat_floor(works[name])
        rows[name]["stat every kept file"] = stat_floor(works[name], KEPT_FOLDERS)
    for work in works.values():
        shutil.rmtree(work, ignore_errors=True)
    return rows


def _extract(code: Path, work: Path) -> None:
    """``extract`` in ``work`` itself (untimed): the segmentation cache it fills is keyed by the
    project's absolute paths, so a copied extracted site would make the next stage re-parse."""
    subprocess.run(
        [sys.executable, "-m", "l10n.cli", "-C", str(work), "extract"],
        env={**os.environ, "PYTHONPATH": str(code)},
        cwd=code,
        capture_output=True,
        check=True,
    )


def first_sync(codes: dict[str, Path], notes: int, scratch: Path) -> dict[str, Any]:
    """Per checkout, in turns, on fresh copies of one synthetic site: the floor (a fresh
    ``extract`` then ``build``), the first ``sync --engine pseudo``, and the translate stage
    alone (``translate --engine pseudo`` after an untimed ``extract``)."""
    source = scratch / "first-sync-site"
    make_site(source, notes)
    rows: dict[str, dict[str, Any]] = {name: {} for name in codes}
    for name, code in codes.items():
        work = scratch / f"floor-{name}"
        shutil.copytree(source, work)
        rows[name]["extract"] = timed(code, work, "extract")
        rows[name]["build"] = timed(code, work, "build")
        shutil.rmtree(work, ignore_errors=True)
    for name, code in codes.items():
        work = scratch / f"sync-{name}"
        shutil.copytree(source, work)
        rows[name]["first sync"] = timed(code, work, "sync", "--engine", "pseudo")
        shutil.rmtree(work, ignore_errors=True)
    for name, code in codes.items():
        work = scratch / f"translate-{name}"
        shutil.copytree(source, work)
        _extract(code, work)
        rows[name]["translate"] = timed(code, work, "translate", "--engine", "pseudo")
        shutil.rmtree(work, ignore_errors=True)
    for name in codes:
        row = rows[name]
        print(
            f"  {notes} notes {name}: extract {row['extract']['cpu']:.1f} + build {row['build']['cpu']:.1f} s CPU; "
            f"first sync {row['first sync']['cpu']:.1f} s; translate stage {row['translate']['cpu']:.1f} s",
            flush=True,
        )
    shutil.rmtree(source, ignore_errors=True)
    return {"notes": notes, "rows": rows}


def translate_stage(codes: dict[str, Path], notes: int, latency: float, scratch: Path) -> dict[str, Any]:
    source = scratch / "translate-site"
    make_site(source, notes)
    rows: dict[str, dict[str, Any]] = {name: {} for name in codes}
    with OpenAIStub(latency=latency) as stub:
        for jobs in (1, 4, 8):
            for name, code in codes.items():
                work = scratch / f"translate-{name}-{jobs}"
                shutil.copytree(source, work)
                _extract(code, work)
                stub.requests.clear()
                result = timed(
                    code, work, "translate", "--engine", "openai", "--engine-url", stub.url, "--jobs", str(jobs)
                )
                posts = stub.posts
                sent = sum(sum(len(m["content"]) for m in p["body"]["messages"]) for p in posts)
                segments = sum(len(json.loads(p["body"]["messages"][-1]["content"])) for p in posts)
                system = sum(len(p["body"]["messages"][0]["content"]) for p in posts)
                rows[name][f"jobs {jobs}"] = {
                    **result,
                    "requests": len(posts),
                    "segments": segments,
                    "characters": sent,
                    "system_characters": system,
                }
                print(
                    f"  translate {name} jobs {jobs}: {len(posts)} requests, {sent} characters, {result['wall']:.2f} s",
                    flush=True,
                )
                shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(source, ignore_errors=True)
    return {"notes": notes, "latency_s": latency, "rows": rows}


def _ratio(old: float, new: float) -> str:
    return f"{old / new:.1f}×" if new else "–"


def tables(result: dict[str, Any]) -> str:
    old_name, new_name = result["codes"]
    lines = [
        (
            f"Old: {result['labels'][old_name]}; new: {result['labels'][new_name]}. "
            f"Load average {result['load'][0]:.1f} at the start, {result['load'][1]:.1f} at the end."
        ),
    ]
    if result["big_site"]:  # a run of other parts only (--parts first-sync) has no big-site rows
        lines += [
            "",
            "| notes | step | wall old → new | CPU s old → new (old/new) | peak RSS MB old → new |",
            "|---:|---|---|---|---|",
        ]
    for size, rows in result["big_site"].items():
        old, new = rows.get(old_name, {}), rows[new_name]
        base = result.get("replicated", {}).get(size)
        if base:
            lines.append(f"| {size} | (replicated from the {base}-note site after its first sync) | | | |")
        if not old:
            lines.append(f"| {size} | (the old checkout not run: see `--old-up-to`) | | | |")
        for step in new:
            if step.startswith("stat every"):
                continue
            n = new[step]
            o = old.get(step)
            if o is None:
                lines.append(f"| {size} | {step} | – → {n['wall']:.2f} | – → {n['cpu']:.2f} | – → {n['rss_mb']:.0f} |")
                continue
            lines.append(
                f"| {size} | {step} | {o['wall']:.2f} → {n['wall']:.2f} | {o['cpu']:.2f} → {n['cpu']:.2f} "
                f"({_ratio(o['cpu'], n['cpu'])}) | {o['rss_mb']:.0f} → {n['rss_mb']:.0f} |"
            )
        floor = new["stat every note"]["wall"]
        lines.append(f"| {size} | stat every note (floor) | {floor:.2f} | – | – |")
        kept = new.get("stat every kept file", {}).get("wall")
        if kept:
            lines.append(f"| {size} | stat every kept file (source, template, catalog, output) | {kept:.2f} | – | – |")
        for step in ("no-op sync", "one edited note"):
            if step in new:
                before = f"{old[step]['wall'] / floor:.1f}" if step in old else "–"
                lines.append(f"| {size} | {step} ÷ floor | {before} → {new[step]['wall'] / floor:.1f} | | |")
                if kept:
                    before = f"{old[step]['wall'] / kept:.1f}" if step in old else "–"
                    lines.append(f"| {size} | {step} ÷ kept-file floor | {before} → {new[step]['wall'] / kept:.1f} | | |")
    lines += _first_sync_table(result)
    stage = result.get("translate")
    if stage is None:
        return "\n".join(lines)
    lines += [
        "",
        (
            f"Translate stage: {stage['notes']} notes, openai engine against the local stub at "
            f"{stage['latency_s'] * 1000:.0f} ms per request."
        ),
        "",
        (
            "| jobs | requests old → new | segments | characters old → new | of which system prompt | "
            "wall s old → new (old/new) |"
        ),
        "|---:|---|---:|---|---|---|",
    ]
    for jobs in stage["rows"][old_name]:
        o, n = stage["rows"][old_name][jobs], stage["rows"][new_name][jobs]
        lines.append(
            f"| {jobs.split()[1]} | {o['requests']} → {n['requests']} | {n['segments']} | "
            f"{o['characters']:,} → {n['characters']:,} | {o['system_characters']:,} → {n['system_characters']:,} | "
            f"{o['wall']:.1f} → {n['wall']:.1f} ({_ratio(o['wall'], n['wall'])}) |"
        )
    return "\n".join(lines)


def _first_sync_table(result: dict[str, Any]) -> list[str]:
    found = result.get("first_sync")
    if found is None:
        return []
    old_name, new_name = result["codes"]
    old, new = found["rows"][old_name], found["rows"][new_name]
    lines = [
        "",
        f"First sync against its floor: {found['notes']} notes, one language, the pseudo engine (CPU s, user + system).",
        "",
        "| run | CPU s old → new (old/new) | wall s old → new | peak RSS MB old → new |",
        "|---|---|---|---|",
    ]
    for step in ("extract", "build", "first sync", "translate"):
        o, n = old[step], new[step]
        name = "translate --engine pseudo (after extract)" if step == "translate" else step
        lines.append(
            f"| {name} | {o['cpu']:.1f} → {n['cpu']:.1f} ({_ratio(o['cpu'], n['cpu'])}) | "
            f"{o['wall']:.1f} → {n['wall']:.1f} | {o['rss_mb']:.0f} → {n['rss_mb']:.0f} |"
        )
    ratios = [row["first sync"]["cpu"] / (row["extract"]["cpu"] + row["build"]["cpu"]) for row in (old, new)]
    lines.append(f"| first sync ÷ (extract + build) | {ratios[0]:.2f} → {ratios[1]:.2f} | | |")
    return lines


def _label(code: Path) -> str:
    commit = subprocess.run(
        ["git", "-C", str(code), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(code), "status", "--porcelain", "--", "l10n"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not commit:  # a snapshot (git archive) named after its commit
        return f"`{code.name}`"
    return f"`{commit}`" + (" + uncommitted changes" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="the old checkout")
    parser.add_argument("--sizes", default="1000,5000", help="notes per site, comma-separated")
    parser.add_argument("--translate-notes", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "bigsite.json")
    parser.add_argument("--new", type=Path, default=ROOT, help="the new checkout (default: this one)")
    parser.add_argument(
        "--synced",
        nargs=3,
        metavar=("DIR", "WHERE", "NOTES"),
        help="start from a site of NOTES notes already synced (DIR, synced in the folder WHERE): "
        "every size is replicated from it, and its rows are added to --out",
    )
    parser.add_argument("--force-up-to", type=int, default=5000, help="build --force only on sites this big or smaller")
    parser.add_argument(
        "--old-up-to",
        type=int,
        default=None,
        help="run the old checkout only on sites this big or smaller (a replicated site's bookkeeping is the new "
        "checkout's: an old checkout of another format would redo every note, which is no step of its own)",
    )
    parser.add_argument("--no-translate-stage", action="store_true", help="skip the translate-stage table")
    parser.add_argument("--table", type=Path, help="print the tables of an earlier run and exit")
    parser.add_argument("--first-sync-notes", type=int, default=1000)
    parser.add_argument(
        "--parts", default="translate,first-sync,big-site", help="which tables to measure, comma-separated"
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    if args.table:
        print(tables(json.loads(args.table.read_text(encoding="utf-8"))))
        return
    if args.base is None:
        parser.error("--base is required")
    codes = {"old": args.base.resolve(), "new": args.new.resolve()}
    for code in codes.values():
        check_code(code)
    result: dict[str, Any] = {
        "codes": list(codes),
        "labels": {name: _label(code) for name, code in codes.items()},
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "big_site": {},
    }
    if args.synced and args.out.is_file():  # adding sizes to an earlier run's table
        result = json.loads(args.out.read_text(encoding="utf-8"))
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="bigsite-") as tmp:
        scratch = Path(tmp)
        if "translate" in parts and not args.no_translate_stage:
            print(f"translate stage ({args.translate_notes} notes, {args.latency * 1000:.0f} ms per request)", flush=True)
            result["translate"] = translate_stage(codes, args.translate_notes, args.latency, scratch)
            _write(args.out, result, [*load, os.getloadavg()[0]])
        if "first-sync" in parts:
            print(f"first sync against extract + build ({args.first_sync_notes} notes)", flush=True)
            result["first_sync"] = first_sync(codes, args.first_sync_notes, scratch)
            _write(args.out, result, [*load, os.getloadavg()[0]])
        synced: tuple[Path, int, Path] | None = None
        if args.synced:
            synced = (Path(args.synced[0]), int(args.synced[2]), Path(args.synced[1]))
        for size in (int(s) for s in args.sizes.split(",") if "big-site" in parts):
            print(f"big site: {size} notes", flush=True)
            made = synced if synced is not None and size > synced[1] and size % synced[1] == 0 else None
            sized = codes if args.old_up_to is None or size <= args.old_up_to else {"new": codes["new"]}
            result["big_site"][str(size)] = big_site(sized, size, scratch, made, size <= args.force_up_to)
            result.setdefault("replicated", {})[str(size)] = made[1] if made is not None else None
            if made is None:
                synced = (scratch / f"synced{size}", size, scratch / f"new{size}")
            _write(args.out, result, [*load, os.getloadavg()[0]])
    _write(args.out, result, [*load, os.getloadavg()[0]])
    print(tables(result))


def _write(out: Path, result: dict[str, Any], load: list[float]) -> None:
    result["load"] = load
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
