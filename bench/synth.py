"""The benchmark's inputs: the shared corpus, and synthetic sites of N notes made from it.

A synthetic site copies the corpus notes round-robin into numbered folders (``c0000/``,
``c0001/``, ...) until it holds N notes. Every copy after the first gets a small textual variation
(a marker appended to the first line of each prose paragraph and to each ATX heading, outside
front matter and fenced code), so the same paragraph differs from copy to copy: catalogs,
templates and the translation memory see N notes' worth of distinct segments, not 127 repeated.

A blog (:func:`make_blog`) is the same idea for short posts: copies of the corpus's two blog
notes in one ``_posts/`` folder, as a Jekyll site keeps them.

Run alone it writes a project, e.g. ``python bench/synth.py /tmp/site 10000`` (notes in
``/tmp/site/source_notes/``; ``--help`` for the options).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _shared_corpus() -> Path:
    """``../shared/corpus`` beside the checkout, or beside the main checkout when this one is a
    ``git worktree`` elsewhere (else the benchmark would quietly run on the 9 test notes)."""
    here = ROOT.parent / "shared" / "corpus"
    if here.is_dir():
        return here
    try:
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return here
    return Path(common).parent.parent / "shared" / "corpus"


SHARED = _shared_corpus()
SHARED_GLOB = "*/en/*.md"
FALLBACK = ROOT / "tests" / "data" / "corpus"
FALLBACK_GLOB = "*/*.md"

PYPROJECT = """\
[project]
name = "bench-site"

[tool.l10n]
languages = ["hi"]
engine = "pseudo"
"""

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_PROSE = re.compile(r"^[A-Za-z]")
_HEADING = re.compile(r"^#{1,6} \S")


def corpus_files() -> tuple[str, list[Path]]:
    """``(where, files)``: the shared corpus when present, else the copy kept in the tests."""
    files = sorted(SHARED.glob(SHARED_GLOB)) if SHARED.is_dir() else []
    if files:
        return str(SHARED), files
    return str(FALLBACK), sorted(FALLBACK.glob(FALLBACK_GLOB))


def vary(text: str, copy: int) -> str:
    """``text`` with ``copy`` marked on each paragraph's first line and each heading (0: unchanged)."""
    if copy == 0:
        return text
    mark = f" (v{copy})"
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":  # leave YAML front matter alone
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                start = i + 1
                break
    fence: str | None = None
    previous_blank = True
    for i in range(start, len(lines)):
        line = lines[i]
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            previous_blank = False
            continue
        if opened:
            fence = opened.group(1)
        elif _HEADING.match(line) or (previous_blank and _PROSE.match(line)):
            lines[i] = line.rstrip("\r") + mark + ("\r" if line.endswith("\r") else "")
        previous_blank = not line.strip()
    return "\n".join(lines)


def _book(path: Path) -> str:
    """``rust-book`` for ``.../rust-book/en/ch01.md`` (shared) or ``.../rust-book/ch01.md`` (tests)."""
    return path.parent.parent.name if path.parent.name == "en" else path.parent.name


def make_site(target: Path, count: int, files: list[Path] | None = None) -> tuple[int, int]:
    """Write a project with ``count`` notes under ``target/source_notes``; ``(notes, bytes)``."""
    if files is None:
        files = corpus_files()[1]
    if target.exists():
        shutil.rmtree(target)
    (target / "source_notes").mkdir(parents=True)
    (target / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    texts = [path.read_bytes().decode("utf-8") for path in files]
    # c0000/rust-book/ch01.md: the book's folder keeps names from different books apart
    books = [_book(path) for path in files]
    total = 0
    made: set[Path] = set()
    for index in range(count):
        copy, which = divmod(index, len(files))
        folder = target / "source_notes" / f"c{copy:04d}" / books[which]
        if folder not in made:
            folder.mkdir(parents=True)
            made.add(folder)
        data = vary(texts[which], copy).encode("utf-8")
        (folder / files[which].name).write_bytes(data)
        total += len(data)
    return count, total


def blog_files() -> list[Path]:
    """The corpus's blog notes (Jekyll front matter, citation references)."""
    files = sorted((SHARED / "notes" / "en").glob("*.md")) if SHARED.is_dir() else []
    return files or sorted((FALLBACK / "notes").glob("*.md"))


def make_blog(target: Path, count: int) -> tuple[int, int]:
    """A Jekyll-like blog: ``count`` short posts in one ``_posts/`` folder, varied copies of the
    corpus's blog notes (``2025-09-12-jingren-zhou-v3-en.md``); ``(notes, bytes)``."""
    files = blog_files()
    if target.exists():
        shutil.rmtree(target)
    posts = target / "source_notes" / "_posts"
    posts.mkdir(parents=True)
    (target / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    texts = [path.read_bytes().decode("utf-8") for path in files]
    total = 0
    for index in range(count):
        copy, which = divmod(index, len(files))
        data = vary(texts[which], copy).encode("utf-8")
        (posts / files[which].name.replace("-en.md", f"-v{copy}-en.md")).write_bytes(data)
        total += len(data)
    return count, total


def main(argv: list[str] | None = None) -> int:
    """Write a synthetic site from the command line (``--help``); exit status 0, 2 on bad arguments."""
    parser = argparse.ArgumentParser(
        description="Write a synthetic l10n project of N notes made from the corpus.",
        epilog="PROJECT is replaced when it exists. A path ending in source_notes names its parent "
        "(the notes always go to PROJECT/source_notes/).",
    )
    parser.add_argument("project", type=Path, metavar="PROJECT", help="project folder to write")
    parser.add_argument("notes", type=int, nargs="?", default=1000, metavar="N", help="notes to write (default 1000)")
    parser.add_argument("--blog", action="store_true", help="short posts in one _posts/ folder (a Jekyll blog)")
    args = parser.parse_args(argv)
    if args.notes < 1:
        parser.error("N must be at least 1")
    project: Path = args.project
    if project.name == "source_notes":  # else the notes would land in source_notes/source_notes/
        project = project.parent
    notes, size = (make_blog if args.blog else make_site)(project, args.notes)
    # the fallback is the 9 test notes: a figure made from it is not the corpus's
    where = "the blog notes" if args.blog else f"copies of the {len(corpus_files()[1])} notes in {corpus_files()[0]}"
    print(f"{notes} notes, {size / 1e6:.1f} MB in {project / 'source_notes'} ({where})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
