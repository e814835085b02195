"""Benchmark (not a test): peak memory per byte of one large note, per command (issue 15).

A note of realistic Markdown (headings, paragraphs with links, emphasis and inline code, lists,
fenced code, tables, blockquotes; every sentence distinct, so catalogs hold as many entries as a
real note of that size) is generated at each size and run through ``extract``, ``translate
--engine pseudo``, ``build`` and ``check`` as whole ``l10n`` processes, in that order, in a plain
project. Peak RSS is the child's ``ru_maxrss`` from ``os.wait4``.

Reported per command and size: the *ratio* (peak RSS of the command on the big note minus peak
RSS of the same command on a one-paragraph note, the interpreter and imports, divided by the
note's bytes), beside the *floor*: a Python process that reads and decodes the file
(``Path.read_bytes().decode()``), measured the same way. The floor is about 2 (the bytes and the
decoded text are both held for a moment).

Run from the repository root::

    .venv/bin/python bench/note_memory.py --sizes 1 4 16

Writes ``bench/results/note_memory.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
L10N = ROOT / ".venv" / "bin" / "l10n"
PYTHON = ROOT / ".venv" / "bin" / "python"
COMMANDS = (["extract"], ["translate", "--engine", "pseudo"], ["build"], ["check"])
WORDS = ["the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "with", "was", "on", "be", "by", "this", "are", "or", "from", "at", "which", "an", "have", "not", "they", "cache", "build", "server", "request", "page", "note", "translation", "memory", "segment", "catalog", "engine", "runner", "deploy", "config", "option", "value", "theme", "layout", "plugin", "output", "folder", "language", "release", "version", "update"]
PYPROJECT = '[project]\nname = "note-memory"\n\n[tool.l10n]\nlanguages = ["hi"]\nmax_note_bytes = 0\n'


def sentence(rng: random.Random, serial: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    pick = rng.random()
    if pick < 0.2:
        words[2] = f"[{words[2]}](https://example.com/{words[3]}/{serial})"
    elif pick < 0.35:
        words[1] = f"`{words[1]}_{serial}`"
    elif pick < 0.45:
        words[3] = f"**{words[3]}**"
    return f"{' '.join(words).capitalize()} ({serial})."


def make_note(size: int, seed: int = 15) -> str:
    """Markdown of about ``size`` bytes (ASCII, so characters = bytes); every sentence distinct."""
    rng = random.Random(seed)
    parts: list[str] = ["---\ntitle: A long note\ndescription: Generated for the memory benchmark\n---\n\n"]
    length = len(parts[0])
    serial = 0

    def text(count: int) -> str:
        nonlocal serial
        serial += count
        return " ".join(sentence(rng, serial - i) for i in range(count))

    while length < size:
        shape = serial % 7
        if shape == 0:
            block = f"## {text(1)[:60].rstrip('.')} {serial}\n\n{text(4)}\n{text(3)}\n\n"
        elif shape == 1:
            block = "".join(f"- {text(1)}\n" for _ in range(4)) + "\n"
        elif shape == 2:
            block = f"```python\ndef f_{serial}(x):\n    return x * {serial}\n```\n\n{text(2)}\n\n"
        elif shape == 3:
            rows = "".join(f"| {text(1)[:40]} | `{serial}` |\n" for _ in range(3))
            block = f"| Name | Value |\n|---|---|\n{rows}\n"
        elif shape == 4:
            block = f"> {text(2)}\n> {text(1)}\n\n"
        elif shape == 5:
            block = "".join(f"{n}. {text(1)}\n" for n in range(1, 4)) + "\n"
        else:
            block = f"{text(5)}\n\n![{text(1)[:30]}](img/{serial}.png)\n\n"
        parts.append(block)
        length += len(block)
    return "".join(parts)


def peak_rss(argv: list[str], cwd: Path) -> tuple[int, float, int]:
    """Run ``argv``; return (peak RSS in bytes, seconds, exit status)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss * 1024, time.perf_counter() - start, process.returncode


def run_project(folder: Path, note: str) -> dict[str, tuple[int, float, int]]:
    (folder / "source_notes").mkdir(parents=True)
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (folder / "source_notes" / "big.md").write_text(note, encoding="utf-8")
    return {command[0]: peak_rss([str(L10N), *command], folder) for command in COMMANDS}


def floor(path: Path) -> int:
    code = "import sys; from pathlib import Path; t = Path(sys.argv[1]).read_bytes().decode()"
    return peak_rss([str(PYTHON), "-c", code, str(path)], path.parent)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16], help="note sizes in MB (10^6 bytes)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "note_memory.json")
    args = parser.parse_args()
    results: dict[str, Any] = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        base = run_project(Path(tmp) / "base", make_note(200))
        empty = Path(tmp) / "empty.md"
        empty.write_text("x\n", encoding="utf-8")
        floor_base = floor(empty)
        print(f"{'MB':>5} {'command':<10} {'peak MB':>8} {'ratio':>6} {'floor':>6} {'seconds':>8}")
        for size in args.sizes:
            note = make_note(int(size * 1_000_000))
            nbytes = len(note.encode("utf-8"))
            folder = Path(tmp) / f"n{size:g}"
            measured = run_project(folder, note)
            floor_ratio = (floor(folder / "source_notes" / "big.md") - floor_base) / nbytes
            row: dict[str, Any] = {"bytes": nbytes, "floor": round(floor_ratio, 2)}
            for name, (peak, seconds, code) in measured.items():
                ratio = (peak - base[name][0]) / nbytes
                row[name] = {"peak_mb": round(peak / 1e6, 1), "ratio": round(ratio, 2), "seconds": round(seconds, 2), "exit": code}
                print(f"{size:>5g} {name:<10} {peak / 1e6:>8.1f} {ratio:>6.2f} {floor_ratio:>6.2f} {seconds:>8.2f}" + ("" if code in (0, 1) else f"  exit {code}"), flush=True)
            results["sizes"][f"{size:g}"] = row
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
