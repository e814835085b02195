"""Real sites through the whole pipeline: identity, structure and English left, per repository.

Usage (from the repository root)::

    .venv/bin/python bench/sites.py [--corpus /work/shared/corpus/sites] [--show 5] [--repo NAME]

For each repository of the corpus (``<ecosystem>/<repo>/``, as in ``/work/shared/corpus/sites``),
its ``.md`` pages are copied into a temporary project whose ``markdown`` setting is the
ecosystem's dialect; then ``l10n sync --engine pseudo`` (extract → translate → build) runs, and
every built page is compared with its source. Reported per repository:

- **identity**: pages whose build with no translation gives back the source byte for byte
  (through :func:`l10n.pipeline.load_note` and :meth:`Document.render`, front matter edits
  left out, as ``build`` writes them only with a translation);
- **structure kept**: pages whose rendered structure (``structure_judge.compare`` of
  ``/work/shared/tools`` when present, else :func:`tests.markdown_structure.structure`) is the
  same after pseudo translation;
  Shortcode arguments l10n translates (``{{< alert title="…" >}}``, see
  ``shortcode_arguments``) have their quoted values blanked in both texts first, since the
  judge compares template tags byte for byte; ``--raw-tags`` compares them as they are (the
  count is printed too);
- **English left**: ASCII words in rendered prose after pseudo translation over those before
  (``structure_judge.english_words``; pseudo output has no ASCII words);
- **English left, l10n's view**: the same count on the text as l10n reads it in the dialect
  (:func:`l10n.markdown.dialect.line_view`: construct syntax, code shortcode bodies, MDX lines, Liquid
  comments blanked, MkDocs bodies dedented; in MkDocs, the labels of references the page does not
  define, mkdocs-autorefs identifiers, left out: :func:`without_autorefs`), so code and link
  targets the judge takes for prose are not counted;
- **prose left** (``--residue``): of those, the words that are not in a URL, an e-mail
  address, inline math, an emoji shortcode or a reference label (:data:`_NOT_PROSE`), with
  examples of the text they are in: what is left to translate.

Exit status 0; ``--fail`` makes it 1 when identity is below 100 %.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

DIALECT_OF_ECOSYSTEM = {
    "hugo": "hugo",
    "jekyll": "kramdown",
    "mkdocs": "mkdocs",
    "docusaurus": "docusaurus",
    "vitepress": "vitepress",
    "mdbook": "mdbook",
    "gfm": "gfm",
}
JUDGE = Path("/work/shared/tools/structure_judge.py")
CORPUS = Path("/work/shared/corpus/sites")


def load_judge(path: Path = JUDGE) -> ModuleType | None:
    """The shared structure judge as a module, or None when it is not there."""
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("structure_judge", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def repositories(corpus: Path) -> list[tuple[str, Path]]:
    """(dialect, folder) of every ``<ecosystem>/<repo>`` of the corpus."""
    found = []
    for ecosystem in sorted(p for p in corpus.iterdir() if p.is_dir()):
        for repo in sorted(p for p in ecosystem.iterdir() if p.is_dir()):
            found.append((DIALECT_OF_ECOSYSTEM.get(ecosystem.name, "gfm"), repo))
    return found


def identity_failures(project: Path) -> list[str]:
    """Pages of ``project`` whose untranslated render is not their source byte for byte."""
    from l10n.config import load_config
    from l10n.pipeline import encode_note, load_note
    from l10n.site.layout import discover_notes

    config = load_config(project)
    failures = []
    for note in discover_notes(config):
        doc = load_note(config, note)
        if encode_note(doc, doc.render({})) != note.path.read_bytes():
            failures.append(note.rel.as_posix())
    return failures


def _line_view(text: str, dialect: str) -> tuple[list[str], Any]:
    """``text``'s lines and l10n's reading of them in ``dialect`` (a ``LineView``, or None)."""
    from l10n.markdown.dialect import line_view, make_dialect
    from l10n.markdown.frontmatter import find_front_matter

    lines = text.split("\n")
    try:
        front = find_front_matter(text, "<note>")
    except Exception:  # noqa: BLE001  # a damaged front matter: read the whole text
        front = None
    return lines, line_view(lines, text[: front.end].count("\n") if front else 0, make_dialect(dialect))


def dialect_view(text: str, dialect: str) -> str:
    """``text`` as l10n reads it in ``dialect`` (see the module's docstring)."""
    view = _line_view(text, dialect)[1]
    read = text if view is None else "\n".join(view.parsed)
    return without_autorefs(read) if dialect == "mkdocs" else read


_DEFINITION = re.compile(r"^[ ]{0,3}\[([^\]\n]+)\]:", re.MULTILINE)
_FULL_REFERENCE = re.compile(r"\]\[([^\]\n]+)\]")
_COLLAPSED_REFERENCE = re.compile(r"\[([^\[\]\n]+)\]\[\]")


def without_autorefs(text: str) -> str:
    """``text`` without the labels of references it does not define: in MkDocs they are
    mkdocs-autorefs identifiers (``[`Field`][pydantic.fields.Field]``, ``[dict][]``), link
    targets resolved at site build, which l10n protects and never counts as prose (CommonMark,
    not knowing autorefs, shows them as literal text)."""
    from l10n.markdown.references import normalize_label

    defined = {normalize_label(label) for label in _DEFINITION.findall(text)}
    text = _FULL_REFERENCE.sub(lambda m: m.group(0) if normalize_label(m.group(1)) in defined else "]", text)
    return _COLLAPSED_REFERENCE.sub(lambda m: m.group(0) if normalize_label(m.group(1)) in defined else " ", text)


def without_shortcode_text(text: str, dialect: str) -> str:
    """``text`` with the quoted values of the shortcode arguments l10n translates emptied
    (``title="Note"`` -> ``title=""``), found by l10n's own reading of the note in ``dialect``."""
    lines, view = _line_view(text, dialect)
    if view is None:
        return text
    for title in sorted((t for t in view.titles if t.quote), key=lambda t: (t.line, -t.start)):
        line = lines[title.line]
        lines[title.line] = line[: title.start] + line[title.end :]
    return "\n".join(lines)


# Text the judge's word count reads that no reader takes for prose: URLs (link texts that are
# the URL, bare URLs), e-mail addresses, inline math, emoji shortcodes without a hyphen
# (``:heart:``; the judge's icon pattern needs one) and the labels of references whose
# definition is in another file (``[text][lesson-setup]`` from a Jekyll ``{% include links.md %}``).
_NOT_PROSE = re.compile(
    r"(?:https?|ftp)://\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+|\$[^$\n]+\$|\\\\?\(.*?\\\\?\)"
    r"|(?<![\w:]):[a-z0-9_+-]+:(?![\w:])|\]\[[^\[\]\n]+\]"
)


def prose_left(judge: ModuleType, text: str) -> tuple[int, list[str]]:
    """English words of ``text`` (l10n's view of a built page) outside URLs, e-mail addresses
    and math, and the text tokens that hold them."""
    words, examples = 0, []
    for token in judge.walk(judge.MD.parse(judge.prose_view(judge.body_of(text)))):
        if token.type == "text":
            found = judge.ASCII_WORD.findall(_NOT_PROSE.sub(" ", token.content))
            if found:
                words += len(found)
                examples.append(token.content[:120])
    return words, examples


def run_repository(
    dialect: str, repo: Path, judge: ModuleType | None, work: Path, rewrite_links: bool = True, raw_tags: bool = False
) -> dict[str, Any]:
    """Run one repository through sync and measure it; returns the figures and failing pages.
    ``rewrite_links`` False sets ``rewrite_links = false`` (no heading ids or anchors added by
    build, so the other categories show alone)."""
    project = work / repo.name
    source = project / "source_notes"
    pages = sorted(repo.rglob("*.md"))
    for page in pages:
        target = source / page.relative_to(repo)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    (project / "l10n.toml").write_text(
        f'languages = ["hi"]\nengine = "pseudo"\nmarkdown = "{dialect}"\n'
        + ("" if rewrite_links else "rewrite_links = false\n"),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "l10n.cli", "-C", str(project), "-q", "sync", "--engine", "pseudo"],
        capture_output=True,
        check=False,
        text=True,
        cwd=ROOT,
    )
    identity_bad = identity_failures(project)
    kept = 0
    bad: list[str] = []
    english_before = english_after = view_before = view_after = kept_raw = prose = 0
    residue: list[str] = []
    out_root = project / "translated" / "hi"
    for page in sorted(source.rglob("*.md")):
        rel = page.relative_to(source)
        out = out_root / rel.parent / re.sub(r"-en(\.[A-Za-z]+)$", r"-hi\1", rel.name)
        src = page.read_text("utf-8-sig", errors="replace")
        built = out.read_text("utf-8-sig", errors="replace") if out.exists() else None
        if built is None:
            differs = ["no output"]
        elif judge is not None:
            raw = list(judge.compare(src, built))
            kept_raw += not raw
            differs = raw if raw_tags or not raw else list(
                judge.compare(without_shortcode_text(src, dialect), without_shortcode_text(built, dialect))
            )
        else:
            from tests.markdown_structure import structure

            differs = [] if structure(src) == structure(built) else ["structure"]
        if differs:
            bad.append(f"{rel}: {', '.join(differs)}")
        else:
            kept += 1
        if judge is not None:
            english_before += judge.english_words(src)
            english_after += judge.english_words(built or src)
            view_before += judge.english_words(dialect_view(src, dialect))
            view_after += judge.english_words(dialect_view(built or src, dialect))
            if built is not None:
                words, examples = prose_left(judge, dialect_view(built, dialect))
                prose += words
                residue.extend(f"{rel}: {example!r}" for example in examples)
    return {
        "repo": f"{repo.parent.name}/{repo.name}",
        "dialect": dialect,
        "pages": len(pages),
        "identity": len(pages) - len(identity_bad),
        "identity_failures": identity_bad,
        "kept": kept,
        "kept_raw": kept_raw,
        "broken": bad,
        "english_before": english_before,
        "english_after": english_after,
        "view_before": view_before,
        "view_after": view_after,
        "prose_after": prose,
        "residue": residue,
        "sync_status": result.returncode,
        "sync_errors": result.stderr.strip().splitlines()[-5:],
    }


def run(
    corpus: Path, only: str | None = None, keep: Path | None = None, rewrite_links: bool = True, raw_tags: bool = False
) -> list[dict[str, Any]]:
    """Every repository of ``corpus`` (or the one whose name contains ``only``), measured; the
    projects are made in ``keep`` (kept) or in a temporary folder (removed)."""
    judge = load_judge()
    results = []
    with tempfile.TemporaryDirectory(prefix="l10n-sites-") as tmp:
        work = keep or Path(tmp)
        for dialect, repo in repositories(corpus):
            if only and only not in repo.name:
                continue
            if (work / repo.name).exists():
                shutil.rmtree(work / repo.name)
            results.append(run_repository(dialect, repo, judge, work, rewrite_links, raw_tags))
    return results


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f} %" if whole else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--show", type=int, default=5, help="broken pages to list per repository")
    parser.add_argument("--repo", help="only the repository whose name contains this")
    parser.add_argument("--keep", type=Path, help="make the projects in this folder and keep them")
    parser.add_argument(
        "--no-rewrite-links", action="store_true", help="set rewrite_links = false (no added heading ids)"
    )
    parser.add_argument("--fail", action="store_true", help="exit 1 when identity is below 100 %%")
    parser.add_argument("--residue", type=int, default=0, help="examples of the prose left to list per repository")
    parser.add_argument(
        "--raw-tags", action="store_true", help="compare shortcode tags with their translated titles as they are"
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no corpus here", file=sys.stderr)
        return 1
    results = run(args.corpus, args.repo, args.keep, not args.no_rewrite_links, args.raw_tags)
    print(f"{'repository':40} {'pages':>5} {'identity':>9} {'structure':>10} {'English left':>12} {'(l10n view)':>11}")
    totals = [0, 0, 0, 0, 0, 0, 0]
    for r in results:
        print(
            f"{r['repo']:40} {r['pages']:5} {_percent(r['identity'], r['pages']):>9} "
            f"{_percent(r['kept'], r['pages']):>10} {_percent(r['english_after'], r['english_before']):>12} "
            f"{_percent(r['view_after'], r['view_before']):>11}"
        )
        for line in r["identity_failures"][: args.show]:
            print(f"    identity: {line}")
        for line in r["broken"][: args.show]:
            print(f"    {line}")
        for line in r["sync_errors"] if r["sync_status"] else []:
            print(f"    sync: {line}")
        if args.residue or r["prose_after"]:
            print(f"    prose left: {r['prose_after']} words ({_percent(r['prose_after'], r['view_before'])})")
        for line in r["residue"][: args.residue]:
            print(f"      {line}")
        if r["kept_raw"] != r["kept"]:
            print(f"    ({r['kept_raw']}/{r['pages']} with shortcode tags compared as they are, titles translated)")
        keys = ("pages", "identity", "kept", "english_after", "english_before", "view_after", "view_before")
        for index, key in enumerate(keys):
            totals[index] += r[key]
    pages, identity, kept, after, before, view_after, view_before = totals
    print(
        f"{'all':40} {pages:5} {_percent(identity, pages):>9} {_percent(kept, pages):>10} "
        f"{_percent(after, before):>12} {_percent(view_after, view_before):>11}"
    )
    print(f"(identity {identity}/{pages}, structure kept {kept}/{pages}, English words {after}/{before})")
    return 1 if args.fail and identity < pages else 0


if __name__ == "__main__":
    raise SystemExit(main())
