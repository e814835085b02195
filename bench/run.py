"""The benchmark of issue 6, in one command (from the repository root)::

    .venv/bin/python bench/run.py            # full: peers x5, a 10,000-note site
    .venv/bin/python bench/run.py --quick    # smoke: peers x1, a 1,000-note site

Needs ``mdpo==2.1.4`` and ``translate-toolkit[markdown]`` in the same environment (``pip install -r
bench/requirements.txt``). Everything it generates goes to a temporary folder, removed at the end.

1. Peers, side by side on the same notes (the corpus, one copy): l10n, mdpo and translate-toolkit,
   extract and build, each measurement in a fresh process (``bench/tools.py``) so its peak RSS is
   its own; the tools take turns in every repetition; median, min and max are reported, and the
   l10n/peer ratio is the median of the per-repetition ratios (paired, so drift cancels out).
2. A synthetic site (``bench/synth.py``) through the ``l10n`` CLI: ``extract`` and ``build`` with
   ``--jobs 1`` and ``--jobs 2``, ``sync --engine pseudo`` from nothing, then again with nothing
   changed (the no-op).
3. Peak RSS of ``l10n extract --jobs 1`` on a small site and on the large one.
4. The figures of ``bench/results/mt.json`` and ``status.json`` when other benchmarks wrote them.

Prints a table and writes ``bench/results/bench.json`` (``--quick``: ``bench-quick.json``).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synth import corpus_files, make_blog, make_site  # noqa: E402
from tools import set_aside  # noqa: E402

TOOLS = ("l10n", "mdpo", "ttk")
TOOL_NAMES = {"l10n": "l10n", "mdpo": "mdpo 2.1.4", "ttk": "translate-toolkit"}
MODES = ("disk", "nowrite", "command")
MB = 1_000_000


# -- processes -------------------------------------------------------------------------------------


def child(cmd: list[str], cwd: Path | None = None) -> dict[str, Any]:
    """Run ``cmd``; its wall time (parent's clock), CPU, exit code, output and own peak RSS.

    ``os.wait4`` gives the rusage of this child alone (and of the children it waited for, such as
    a process pool's workers: ``ru_maxrss`` is then the largest of them, not their sum).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "wall_s": wall,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_kb": usage.ru_maxrss,
            "rc": process.returncode,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def must(result: dict[str, Any], what: str) -> dict[str, Any]:
    if result["rc"] != 0:
        sys.exit(f"{what} failed (exit {result['rc']}):\n{result['stdout'][-2000:]}\n{result['stderr'][-3000:]}")
    return result


def l10n_command() -> list[str]:
    script = Path(sys.executable).parent / "l10n"
    return [str(script)] if script.exists() else [sys.executable, "-m", "l10n.cli"]


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- 1. peers --------------------------------------------------------------------------------------


def tool_run(tool: str, stage: str, mode: str, work: Path) -> dict[str, Any]:
    result = must(child([sys.executable, str(HERE / "tools.py"), tool, stage, mode, str(work)]), f"{tool} {stage} {mode}")
    figures = json.loads(result["stdout"].strip().splitlines()[-1])
    peak = figures.get("command_rss_kb", result["peak_rss_kb"])  # a command's own, not the timer's
    return {**figures, "peak_rss_kb": peak, "process_wall_s": result["wall_s"]}


def peers(work: Path, reps: int, warmup: bool, blog: int = 0) -> dict[str, Any]:
    """The three tools side by side on the corpus, or (``blog`` > 0) on a blog of short posts."""
    if blog:
        count, size = make_blog(work, blog)
    else:
        _, files = corpus_files()
        count, size = make_site(work, len(files), files)
    say(f"peers: {count} {'blog posts' if blog else 'notes'}, {size / MB:.2f} MB, {reps} repetition(s)")
    runs: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    prepared: dict[str, Any] = {}
    loads = {"start": load()}
    for stage in ("extract", "build"):
        if stage == "build":
            for tool in TOOLS:  # extract (again) and fill every catalog: build then translates all
                prepared[tool] = json.loads(must(child([sys.executable, str(HERE / "tools.py"), tool, "prepare", "-",
                                                        str(work)]), f"{tool} prepare")["stdout"].strip().splitlines()[-1])
        for mode in MODES:
            if warmup:
                for tool in TOOLS:
                    tool_run(tool, stage, mode, work)
            for rep in range(reps):
                order = TOOLS[rep % 3:] + TOOLS[: rep % 3]
                for tool in order:
                    runs.setdefault((tool, stage, mode), []).append(tool_run(tool, stage, mode, work))
            say(f"  {stage} {mode}: " + ", ".join(
                f"{t} {statistics.median(r['seconds'] for r in runs[(t, stage, mode)]):.2f}s" for t in TOOLS))
    loads["end"] = load()
    rows = []
    for (tool, stage, mode), measured in runs.items():
        seconds = [m["seconds"] for m in measured]
        row: dict[str, Any] = {
            "tool": tool,
            "stage": stage,
            "mode": mode,
            "files": measured[0]["files"],
            "seconds": spread(seconds),
            "files_per_s": count / statistics.median(seconds),
            "mb_per_s": size / MB / statistics.median(seconds),
            "peak_rss_mb": spread([m["peak_rss_kb"] / 1024 for m in measured]),
            "rss_after_import_mb": statistics.median(m["setup_rss_kb"] / 1024 for m in measured),
        }
        if tool != "l10n":
            ours = [m["seconds"] for m in runs[("l10n", stage, mode)]]
            paired = [theirs / mine for theirs, mine in zip(seconds, ours)]
            row["l10n_speed_ratio"] = spread(paired)
        rows.append(row)
    return {"notes": count, "bytes": size, "reps": reps, "load": loads, "units": prepared, "rows": rows}


# -- 2. and 3. the synthetic site ------------------------------------------------------------------


def site_runs(folder: Path, count: int, small: int, noops: int) -> dict[str, Any]:
    l10n = l10n_command()
    site = folder / "site"
    made, size = make_site(site, count)
    say(f"site: {made} notes, {size / MB:.1f} MB")
    runs: dict[str, Any] = {"notes": made, "bytes": size, "load": {"start": load()}}

    def cli(name: str, *args: str, clear: tuple[str, ...] = ()) -> dict[str, Any]:
        for sub in clear:
            set_aside(site / sub)  # deleted with the site, after the timed runs
        result = must(child([*l10n, "-C", str(site), *args]), name)
        kept = {k: result[k] for k in ("wall_s", "cpu_s", "peak_rss_kb")}
        kept["load"] = load()
        kept["says"] = result["stdout"].strip().splitlines()[-3:]
        say(f"  {name}: {result['wall_s']:.1f}s wall, {result['cpu_s']:.1f}s cpu, {result['peak_rss_kb'] / 1024:.0f} MB")
        return kept

    runs["extract_jobs1"] = cli("extract --jobs 1", "extract", "--jobs", "1", clear=("locales", "translated"))
    runs["extract_jobs2"] = cli("extract --jobs 2", "extract", "--jobs", "2", clear=("locales", "translated"))
    runs["sync_first"] = cli("sync (first run)", "sync", "--engine", "pseudo", clear=("locales", "translated"))
    runs["sync_noop"] = [cli("sync (no-op)", "sync", "--engine", "pseudo") for _ in range(noops)]
    runs["build_jobs1"] = cli("build --jobs 1", "build", "--jobs", "1", "--force", clear=("translated",))
    runs["build_jobs2"] = cli("build --jobs 2", "build", "--jobs", "2", "--force", clear=("translated",))
    runs["load"]["end"] = load()
    # The first re-run after a sync and the ones after it can differ (translate rewrites catalogs
    # after extract recorded them): each gets its ratio.
    runs["noop_speedup"] = [runs["sync_first"]["wall_s"] / r["wall_s"] for r in runs["sync_noop"]]
    runs["extract_jobs_speedup"] = runs["extract_jobs1"]["wall_s"] / runs["extract_jobs2"]["wall_s"]
    runs["build_jobs_speedup"] = runs["build_jobs1"]["wall_s"] / runs["build_jobs2"]["wall_s"]
    shutil.rmtree(site)

    small_site = folder / "small"
    small_made, small_size = make_site(small_site, small)
    say(f"small site: {small_made} notes")
    result = must(child([*l10n, "-C", str(small_site), "extract", "--jobs", "1"]), "extract small")
    shutil.rmtree(small_site)
    runs["memory"] = {
        "small_notes": small_made,
        "small_bytes": small_size,
        "small_extract_wall_s": result["wall_s"],
        "small_peak_rss_kb": result["peak_rss_kb"],
        "large_notes": made,
        "large_peak_rss_kb": runs["extract_jobs1"]["peak_rss_kb"],
        "ratio": runs["extract_jobs1"]["peak_rss_kb"] / result["peak_rss_kb"],
    }
    return runs


# -- 4. figures from other benchmarks --------------------------------------------------------------


def others() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in ("mt", "status"):
        path = HERE / "results" / f"{name}.json"
        if path.is_file():
            try:
                found[name] = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                found[name] = {"error": f"unreadable: {exc}"}
    return found


# -- the machine -----------------------------------------------------------------------------------


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def filesystem(path: Path) -> str:
    best, kind = "", "?"
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            if len(parts) > 2 and str(path).startswith(parts[1]) and len(parts[1]) >= len(best):
                best, kind = parts[1], parts[2]
    except OSError:
        pass
    return kind


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("l10n", "mdpo", "translate-toolkit", "markdown-it-py", "polib", "pymd4c", "mistletoe"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    return found


def snapshot(folder: Path) -> str:
    """Copy the working tree's ``l10n`` package and put it first on the children's PYTHONPATH.

    Others edit the tree while a run takes many minutes: every measurement of one run then uses
    the same code, the code as it was when the run started. Returns where it was imported from.
    """
    target = folder / "snapshot"
    shutil.copytree(ROOT / "l10n", target / "l10n", ignore=shutil.ignore_patterns("__pycache__"))
    # Byte-compiled as pip installs it: with PYTHONDONTWRITEBYTECODE set (as on this machine),
    # every l10n command would otherwise compile its modules again, which no installed copy does.
    compileall.compile_dir(target / "l10n", quiet=1)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH")]))
    check = must(child([sys.executable, "-c", "import l10n.cli, l10n.pipeline; print(l10n.__file__)"], cwd=folder), "importing l10n")
    where = check["stdout"].strip()
    if not where.startswith(str(target)):
        sys.exit(f"the snapshot of l10n is not the one imported: {where}")
    return where


def machine(folder: Path) -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "temp_filesystem": filesystem(folder),
        "versions": versions(),
        "git_head": git("rev-parse", "--short", "HEAD"),
        "l10n_uncommitted_files": [x[3:] for x in git("status", "--porcelain", "--", "l10n").splitlines() if x],
        "corpus": corpus_files()[0],
    }


# -- the table -------------------------------------------------------------------------------------


def _scalars(data: Any, prefix: str = "", depth: int = 0) -> str:
    """``key=value`` for the numbers and short strings of a JSON object, two levels deep."""
    if not isinstance(data, dict):
        return str(data)[:200]
    parts = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and depth < 1:
            inner = _scalars(value, name + ".", depth + 1)
            if inner:
                parts.append(inner)
        elif isinstance(value, float):
            parts.append(f"{name}={value:.3g}")
        elif isinstance(value, (int, bool)) or (isinstance(value, str) and len(value) <= 60):
            parts.append(f"{name}={value}")
    return ", ".join(parts)


def table(result: dict[str, Any]) -> str:
    lines: list[str] = []
    for key, what in (("peers", "corpus notes"), ("peers_blog", "blog posts (one _posts/ folder)")):
        p = result.get(key)
        if not p:
            continue
        if lines:
            lines.append("")
        lines.append(
            f"Peers: {p['notes']} {what}, {p['bytes'] / MB:.2f} MB, median of {p['reps']} (min-max); "
            f"ratio = l10n files/s / peer files/s (paired per repetition)"
        )
        lines.append("| stage | mode | tool | seconds | files/s | MB/s | peak RSS MB | l10n/peer |")
        lines.append("|---|---|---|---|---|---|---|---|")
        for row in p["rows"]:
            s = row["seconds"]
            r = row.get("l10n_speed_ratio")
            ratio = f"{r['median']:.2f}x ({r['min']:.2f}-{r['max']:.2f})" if r else ""
            lines.append(
                f"| {row['stage']} | {row['mode']} | {TOOL_NAMES[row['tool']]} | {s['median']:.2f} ({s['min']:.2f}-{s['max']:.2f}) "
                f"| {row['files_per_s']:.0f} | {row['mb_per_s']:.2f} | {row['peak_rss_mb']['median']:.0f} "
                f"| {ratio} |"
            )
    s = result.get("site")
    if s:
        lines.append("")
        lines.append(f"Site: {s['notes']:,} notes, {s['bytes'] / MB:.0f} MB, one language, the l10n CLI (whole process)")
        lines.append("| run | wall s | cpu s | files/s | peak RSS MB | |")
        lines.append("|---|---|---|---|---|---|")

        def row(label: str, r: dict[str, Any], note: str = "") -> None:
            lines.append(f"| {label} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | {s['notes'] / r['wall_s']:.0f} "
                         f"| {r['peak_rss_kb'] / 1024:.0f} | {note} |")

        row("extract --jobs 1 (fresh)", s["extract_jobs1"])
        row("extract --jobs 2 (fresh)", s["extract_jobs2"], f"speed-up {s['extract_jobs_speedup']:.2f}x")
        row("build --jobs 1 --force", s["build_jobs1"])
        row("build --jobs 2 --force", s["build_jobs2"], f"speed-up {s['build_jobs_speedup']:.2f}x")
        row("sync --engine pseudo, first run", s["sync_first"])
        for i, r in enumerate(s["sync_noop"], 1):
            row(f"sync --engine pseudo, no-op #{i}", r, f"first/no-op {s['sync_first']['wall_s'] / r['wall_s']:.1f}x")
        m = s["memory"]
        lines.append(
            f"| extract --jobs 1, {m['small_notes']:,} notes | {m['small_extract_wall_s']:.1f} | | "
            f"{m['small_notes'] / m['small_extract_wall_s']:.0f} | {m['small_peak_rss_kb'] / 1024:.0f} "
            f"| RSS {m['large_notes']:,}/{m['small_notes']:,} notes: {m['ratio']:.2f}x |"
        )
        lines.append("")
        ratios = ", ".join(f"#{i} {s['sync_first']['wall_s'] / r['wall_s']:.1f}x" for i, r in enumerate(s["sync_noop"], 1))
        lines.append(f"no-op sync: first run / no-op = {ratios} (goal >= 20x)")
    o = result.get("others")
    if o:
        lines.append("")
        for name, data in o.items():
            lines.append(f"from bench/results/{name}.json (not run here): {_scalars(data)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="l10n benchmark (issue 6)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 repetition, 1,000-note site")
    parser.add_argument("--notes", type=int, help="notes in the synthetic site (default 10,000; --quick 1,000)")
    parser.add_argument("--small", type=int, help="notes in the small site for RSS (default 1,000; --quick 100)")
    parser.add_argument("--reps", type=int, help="repetitions of each peer measurement (default 5; --quick 1)")
    parser.add_argument("--blog", type=int, default=200, help="posts in the blog the peers also run on (default 200)")
    parser.add_argument("--noops", type=int, help="no-op sync runs after the first (default 2: the first re-run, then a steady one)")
    parser.add_argument("--no-snapshot", action="store_true", help="import l10n from the tree, not from a copy")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--skip-site", action="store_true")
    parser.add_argument("--out", type=Path, help="JSON output (default bench/results/bench.json; --quick bench-quick.json)")
    parser.add_argument("--table", type=Path, metavar="JSON", help="only print the table of an earlier run's JSON")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text(encoding="utf-8"))))
        return
    notes = args.notes or (1000 if args.quick else 10000)
    small = args.small or (100 if args.quick else 1000)
    reps = args.reps or (1 if args.quick else 5)
    noops = args.noops or 2
    out = args.out or HERE / "results" / ("bench-quick.json" if args.quick else "bench.json")

    folder = Path(tempfile.mkdtemp(prefix="l10n-bench-"))
    # the CLI and the tools' workers run as children: they import l10n from the snapshot
    started = time.perf_counter()
    result: dict[str, Any] = {
        "command": " ".join([".venv/bin/python", "bench/run.py", *sys.argv[1:]]),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(folder),
        "load_at_start": load(),
    }
    try:
        if args.no_snapshot:
            result["measured"] = "the working tree as it was during the run"
        else:
            result["l10n_imported_from"] = snapshot(folder)
            result["measured"] = "a copy of the working tree's l10n/ taken when the run started"
        if not args.skip_peers:
            result["peers"] = peers(folder / "peers", reps, warmup=not args.quick)
            result["peers_blog"] = peers(folder / "blog", reps, warmup=not args.quick, blog=args.blog)
        if not args.skip_site:
            result["site"] = site_runs(folder, notes, small, noops)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result["others"] = others()
    result["load_at_end"] = load()
    result["total_s"] = time.perf_counter() - started
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    print(f"\n{result['date']}, {result['machine']['cores']} cores, Python {result['machine']['python']}, "
          f"load {result['load_at_start']} -> {result['load_at_end']}, {result['total_s'] / 60:.1f} min; wrote {out}")


if __name__ == "__main__":
    main()
