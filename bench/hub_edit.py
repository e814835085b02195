"""A hub note that every note links to, edited: ``sync`` CPU at N notes, for checkouts side by side.

``python bench/hub_edit.py SIZES CHECKOUT...`` (SIZES such as ``1000,2000,4000``): for each size
and each checkout, a fresh project in a temporary folder (the shape of session 18's report:
``source_notes/s{i%50}/n{i}-en.md`` linking to ``../hub-en.md#main-part`` and to the next note,
``engine = "pseudo"``, ``markdown = "gfm"``, one language), then, each timed as a child process
(user + system CPU): the first ``sync``; a no-op ``sync``; an edit of the hub's text only (its
heading and ids unchanged) and ``sync``. The floor beside them: a child that stats every note.
Printed per row: the CPUs, and the hub-edit sync's ratio to the no-op and to the floor; the
issue's goal is work that follows what changed (a hub edit near a no-op, linear in N).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

STAT_EVERY_FILE = "import os,sys\nfor d,_,fs in os.walk(sys.argv[1]):\n    for f in fs: os.stat(os.path.join(d,f))\n"
CONFIG = '[tool.l10n]\nsource = "source_notes"\nlanguages = ["hi"]\nengine = "pseudo"\nmarkdown = "gfm"\n'


def make_project(root: Path, n: int) -> None:
    """The hub and ``n`` notes, each linking to the hub's heading and to the next note."""
    (root / "l10n.toml").write_text(CONFIG, encoding="utf-8")
    source = root / "source_notes"
    source.mkdir()
    (source / "hub-en.md").write_text("# Hub\n\n## Main part\n\nHub text.\n", encoding="utf-8")
    for i in range(n):
        folder = source / f"s{i % 50}"
        folder.mkdir(exist_ok=True)
        (folder / f"n{i}-en.md").write_text(
            f"# Note {i}\n\nSee [hub](../hub-en.md#main-part) and [next](n{i + 1}-en.md).\n", encoding="utf-8"
        )


def cpu_of(*command: str, cwd: Path, env: dict[str, str] | None = None) -> float:
    """User + system CPU seconds of ``command`` run as a child in ``cwd`` (asserted to exit 0)."""
    before = os.times()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    after = os.times()
    return after.children_user - before.children_user + after.children_system - before.children_system


def one(checkout: Path, n: int) -> dict[str, float]:
    """The CPUs of one checkout on a fresh project of ``n`` notes."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    sync = (sys.executable, "-c", "import sys; from l10n.cli import main; sys.argv[0] = 'l10n'; main()", "-q", "sync", "--jobs", "1")
    with tempfile.TemporaryDirectory(prefix="hub-edit-") as folder:
        root = Path(folder)
        make_project(root, n)
        first = cpu_of(*sync, cwd=root, env=env)
        noop = cpu_of(*sync, cwd=root, env=env)
        hub = root / "source_notes/hub-en.md"
        hub.write_text(hub.read_text(encoding="utf-8").replace("Hub text.", "Hub text, edited."), encoding="utf-8")
        edited = cpu_of(*sync, cwd=root, env=env)
        floor = cpu_of(sys.executable, "-S", "-c", STAT_EVERY_FILE, str(root / "source_notes"), cwd=root)
    return {"first": first, "noop": noop, "hub": edited, "floor": floor}


def main() -> None:
    sizes, checkouts = [int(s) for s in sys.argv[1].split(",")], [Path(c).resolve() for c in sys.argv[2:]]
    print("load average at the start", " ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(f"{'checkout':<28} {'N':>6} {'first':>7} {'no-op':>7} {'hub edit':>8} {'stat floor':>10} {'hub/no-op':>9} {'hub/floor':>9}")
    for n in sizes:
        for checkout in checkouts:
            row = one(checkout, n)
            print(
                f"{str(checkout)[-28:]:<28} {n:>6} {row['first']:>7.2f} {row['noop']:>7.2f} {row['hub']:>8.2f} "
                f"{row['floor']:>10.3f} {row['hub'] / row['noop']:>9.1f} {row['hub'] / row['floor']:>9.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
