"""What a refused segment costs on every sync, before and after the refusal record, side by side.

``python bench/refusals.py FOLDER [CHECKOUT...]``: the Markdown pages under FOLDER (default: the
corpus's kubernetes-enhancements repository) are copied into one plain project per checkout
(default: this one, and ``/tmp/base10``, a compiled snapshot of main); each checkout then runs
``sync`` three times, in turns, against one local OpenAI-compatible server
(:class:`tests.stubs.OpenAIStub`, whose replies the validator refuses wherever it would refuse
an LLM's that change a link destination or a placeholder), and once more with the ``pseudo``
engine on a copy of its own. Printed per checkout and sync: the characters of segment text the
server received (counted from its requests: the prompts are not included), the requests, and
the segments the summary says were not sent; pseudo's from its summary line. Run from the
repository root; nothing is timed (characters are the cost a paid engine bills).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.stubs when run as a script

from tests.stubs import OpenAIStub  # noqa: E402

CORPUS = Path("/work/shared/corpus/sites/gfm/kubernetes-enhancements")
PROJECT = '[project]\nname = "bench"\nversion = "0"\n\n[tool.l10n]\nlanguages = ["hi"]\nsource = "docs"\n{extra}'


def make_project(pages: Path, where: Path, extra: str) -> Path:
    for page in sorted(pages.rglob("*.md")):
        target = where / "docs" / page.relative_to(pages)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    (where / "pyproject.toml").write_text(PROJECT.format(extra=extra), encoding="utf-8")
    return where


def sync(checkout: Path, project: Path) -> str:
    """``l10n sync`` of ``checkout`` (a worktree: its venv; else a compiled snapshot on PYTHONPATH)."""
    env = dict(os.environ, OPENAI_API_KEY="bench-key")
    python = checkout / ".venv/bin/python"
    if not python.exists():
        python = ROOT / ".venv/bin/python"
        env["PYTHONPATH"] = str(checkout)
    done = subprocess.run(
        [str(python), "-m", "l10n.cli", "-C", str(project), "sync"],
        check=False, env=env, capture_output=True, text=True, cwd=project,
    )
    return done.stdout + done.stderr


def figures(output: str) -> tuple[int, int]:
    """(characters sent, segments withheld) from the summary line."""
    line = next((x for x in output.splitlines() if re.match(r"hi: \d", x)), "")
    sent = re.search(r"([\d,]+) characters? sent", line)
    held = re.search(r"(\d+) segments? not sent", line)
    return (int(sent.group(1).replace(",", "")) if sent else 0, int(held.group(1)) if held else 0)


def main() -> None:
    pages = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    checkouts = [Path(p) for p in sys.argv[2:]] or [ROOT, Path("/tmp/base10")]
    with tempfile.TemporaryDirectory() as tmp, OpenAIStub() as stub:
        projects = {
            c: make_project(pages, Path(tmp) / f"openai-{n}", f'engine = "openai"\nengine_url = "{stub.url}"\n')
            for n, c in enumerate(checkouts)
        }
        pseudo = {c: make_project(pages, Path(tmp) / f"pseudo-{n}", 'engine = "pseudo"\n') for n, c in enumerate(checkouts)}
        rows: dict[Path, list[str]] = {c: [] for c in checkouts}
        for round_ in range(1, 4):
            for checkout in checkouts:  # in turns
                before = len(stub.posts)
                output = sync(checkout, projects[checkout])
                posts = stub.posts[before:]
                chars = sum(len(t) for p in posts for t in json.loads(p["body"]["messages"][-1]["content"]).values())
                _, held = figures(output)
                pseudo_chars, pseudo_held = figures(sync(checkout, pseudo[checkout]))
                rows[checkout].append(
                    f"  sync {round_}: openai stub {chars:,} characters in {len(posts)} requests, {held} not sent; "
                    f"pseudo {pseudo_chars:,} characters, {pseudo_held} not sent"
                )
        for checkout in checkouts:
            print(f"{checkout}:")
            print("\n".join(rows[checkout]))


if __name__ == "__main__":
    main()
