"""The fixed cost of every l10n command, old and new side by side: ``python bench/start.py OLD NEW [options]``.

OLD and NEW are checkouts (compiled snapshots: ``git archive REV | tar -x -C DIR && python -m
compileall -q DIR/l10n``), each put first on ``PYTHONPATH`` of its commands. Every round runs,
for each command, the old side then the new side as whole processes (``python -m l10n.cli``,
as the ``l10n`` script runs), each timed by ``os.wait4``: CPU = user + system of the process.
The commands:

* ``l10n --version`` and ``l10n --help``;
* with ``--site DIR`` (a synced site: a copy of ``/tmp/s9-sync-1k``, or of a bigger one made by
  ``bench/replicate.py``; repeatable): a no-op ``sync``, and one edited note (a paragraph
  appended to a note outside the timed process, then ``sync --engine pseudo``);
* with ``--corpus WORK`` (a folder this script fills with the 127-note corpus on first use):
  ``l10n extract --jobs 1`` and ``l10n build --jobs 1 --force`` as whole processes, against
  mdpo's stage in-process (``bench/stage_cpu.py``, the steering's shape: mdpo's ``md2po``/
  ``po2md`` loop timed inside its process, l10n's whole command from outside).

And the floors, in the same rounds: ``python -c pass`` and, per site, a Python that stats every
note (the floor issue 19 sets for a tool that must notice edits). Both sides get the same
``L10N_CACHE_DIR`` (a folder of this run; the old side ignores it), and every command runs once
before the rounds, uncounted, so the new side's cache of compiled code is warm, as on any
machine after its first run. Prints the medians, old ÷ new (the median of each round's pair),
each side ÷ its floors, and mdpo ÷ l10n.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAT_NOTES = "import os,sys\nfor d,_,fs in os.walk(sys.argv[1]):\n    for f in fs: os.stat(os.path.join(d,f))\n"
EDIT = "\nAn edited paragraph, added by bench/start.py.\n"


def run(args: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float]:
    """CPU (user + system) and wall seconds of one child process; exits on failure."""
    wall = time.perf_counter()
    process = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - wall
    assert process.stdout is not None and process.stderr is not None
    out, err = process.stdout.read(), process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(args[:6])} … failed:\n{out.decode()[-1500:]}\n{err.decode()[-1500:]}")
    return usage.ru_utime + usage.ru_stime, wall


def env_for(checkout: Path | None, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    env["L10N_CACHE_DIR"] = str(cache)
    env["NO_COLOR"] = "1"
    return env


def edited_note(site: Path) -> Path:
    notes = sorted((site / "source_notes").rglob("*.md"))
    return notes[len(notes) // 3]


def prepare_corpus(work: Path, new: Path) -> tuple[Path, Path]:
    """Two folders of the 127 corpus notes under ``work``: one for extract, one prepared for
    build by checkout ``new`` (l10n's and mdpo's catalogs filled), as ``bench/run.py`` makes
    them. Each side of a run gets a ``work`` of its own: two versions whose bookkeeping differs
    (another segmentation version) invalidate each other's in one folder, and the corpus build
    then cost 0.53-0.74 s of CPU a run on either side instead of 0.23 s (session 14)."""
    extract, build = work / "extract", work / "build"
    if not (build / "prepared").exists():
        sys.path.insert(0, str(HERE))
        from synth import corpus_files, make_site

        files = corpus_files()[1]
        for folder in (extract, build):
            make_site(folder, 127, files)
        for tool in ("l10n", "mdpo"):
            run([sys.executable, str(HERE / "stage_cpu.py"), str(new), tool, "prepare", "-", str(build)], dict(os.environ), cwd=work)
        (build / "prepared").write_text("", encoding="utf-8")
    return extract, build


def stage_cpu(snapshot: Path, tool: str, stage: str, mode: str, work: Path, env: dict[str, str]) -> tuple[float, float]:
    """``bench/stage_cpu.py``'s figure: the stage's CPU in-process, or a whole command's from ``wait4``."""
    out = subprocess.run(
        [sys.executable, str(HERE / "stage_cpu.py"), str(snapshot), tool, stage, mode, str(work)],
        env=env, cwd=work.parent, capture_output=True, text=True, check=True,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return float(figures["cpu"]), float(figures["wall"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--site", type=Path, action="append", default=[], help="a synced site (repeatable)")
    parser.add_argument("--corpus", type=Path, help="a work folder for the 127-note corpus's extract and build")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write every figure there too")
    options = parser.parse_args()
    old, new = options.old.resolve(), options.new.resolve()
    cache = Path(tempfile.mkdtemp(prefix="start-cache-"))
    sides = {"old": env_for(old, cache), "new": env_for(new, cache)}
    python = [sys.executable]
    l10n = [*python, "-m", "l10n.cli"]

    # name -> (side -> the callable that measures it once); floors have one side, "floor"
    plan: dict[str, dict[str, Callable[[], tuple[float, float]]]] = {}
    for side, env in sides.items():
        plan.setdefault("l10n --version", {})[side] = lambda env=env: run([*l10n, "--version"], env)
        plan.setdefault("l10n --help", {})[side] = lambda env=env: run([*l10n, "--help"], env)
    plan["python -c pass"] = {"floor": lambda: run([*python, "-c", "pass"], sides["new"])}
    for site in options.site:
        site = site.resolve()
        count = sum(1 for _ in (site / "source_notes").rglob("*.md"))
        label = f"{count:,} notes"
        note = edited_note(site)
        for side, env in sides.items():
            plan.setdefault(f"no-op sync, {label}", {})[side] = lambda env=env, site=site: run([*l10n, "-C", str(site), "-q", "sync"], env)

            def edit(env: dict[str, str] = env, site: Path = site, note: Path = note) -> tuple[float, float]:
                with open(note, "a", encoding="utf-8") as handle:
                    handle.write(EDIT)
                return run([*l10n, "-C", str(site), "-q", "sync", "--engine", "pseudo"], env)

            plan.setdefault(f"one edited note, {label}", {})[side] = edit
        plan[f"stat every note, {label}"] = {
            "floor": lambda site=site: run([*python, "-c", STAT_NOTES, str(site / "source_notes")], sides["new"])
        }
    if options.corpus:
        options.corpus.mkdir(parents=True, exist_ok=True)
        folders = {side: prepare_corpus(options.corpus.resolve() / side, checkout) for side, checkout in (("old", old), ("new", new))}
        extract, build = folders["new"]  # mdpo's stages read the new side's folders
        for side, checkout in (("old", old), ("new", new)):
            env = sides[side]
            plan.setdefault("extract, corpus (whole l10n process)", {})[side] = (
                lambda env=env, checkout=checkout, work=folders[side][0]: stage_cpu(checkout, "l10n", "extract", "command", work, env)
            )
            plan.setdefault("build, corpus (whole l10n process)", {})[side] = (
                lambda env=env, checkout=checkout, work=folders[side][1]: stage_cpu(checkout, "l10n", "build", "command", work, env)
            )
        plan["mdpo extract stage (in-process)"] = {"floor": lambda: stage_cpu(new, "mdpo", "extract", "disk", extract, sides["new"])}
        plan["mdpo build stage (in-process)"] = {"floor": lambda: stage_cpu(new, "mdpo", "build", "disk", build, sides["new"])}

    for measures in plan.values():  # warm-up, uncounted: the cache fills, the sites settle
        for measure in measures.values():
            measure()
    figures: dict[str, dict[str, list[tuple[float, float]]]] = {name: {side: [] for side in m} for name, m in plan.items()}
    loads = [os.getloadavg()[0]]
    for _ in range(options.rounds):
        for name, measures in plan.items():
            for side, measure in measures.items():
                figures[name][side].append(measure())
        loads.append(os.getloadavg()[0])
    shutil.rmtree(cache, ignore_errors=True)
    report(figures, loads)
    if options.json:
        options.json.write_text(json.dumps({"figures": figures, "load": loads}, indent=1), encoding="utf-8")


def cpu(values: list[tuple[float, float]]) -> float:
    return statistics.median(c for c, _ in values)


def report(figures: dict[str, dict[str, list[tuple[float, float]]]], loads: list[float]) -> None:
    """Print the table: medians, paired old ÷ new, each side ÷ its floors, mdpo ÷ l10n."""
    floor_pass = cpu(figures["python -c pass"]["floor"])
    print(f"rounds: {len(figures['python -c pass']['floor'])}; load average {min(loads):.1f}-{max(loads):.1f}")
    print("| command | CPU s old → new | old ÷ new (median of pairs) | wall s old → new | ÷ `python -c pass` old → new | ÷ stat floor old → new |")
    print("|---|---|---|---|---|---|")
    for name, sides in figures.items():
        if "floor" in sides:
            print(f"| {name} (floor) | {cpu(sides['floor']):.3f} | | {statistics.median(w for _, w in sides['floor']):.3f} | | |")
            continue
        o, n = cpu(sides["old"]), cpu(sides["new"])
        pairs = statistics.median(a / b for (a, _), (b, _) in zip(sides["old"], sides["new"]))
        wall = f"{statistics.median(w for _, w in sides['old']):.3f} → {statistics.median(w for _, w in sides['new']):.3f}"
        stat = ""
        if ", " in name and "notes" in name:
            floor = cpu(figures[f"stat every note, {name.split(', ', 1)[1]}"]["floor"])
            stat = f"{o / floor:.1f} → {n / floor:.1f}"
        print(f"| {name} | {o:.3f} → {n:.3f} | {pairs:.2f}× | {wall} | {o / floor_pass:.1f} → {n / floor_pass:.1f} | {stat} |")
    for stage in ("extract", "build"):
        key = f"{stage}, corpus (whole l10n process)"
        if key in figures:
            mdpo = figures[f"mdpo {stage} stage (in-process)"]["floor"]
            ratios = {side: statistics.median(m / ours for (m, _), (ours, _) in zip(mdpo, figures[key][side])) for side in ("old", "new")}
            print(f"| mdpo ÷ l10n, {stage} (mdpo's stage in-process ÷ l10n's whole process, median of rounds) | "
                  f"{ratios['old']:.2f}× → {ratios['new']:.2f}× | | | | |")


if __name__ == "__main__":
    main()
