"""Do links, images and anchors still resolve after translation? Per repository of the corpus.

    .venv/bin/python bench/links.py [CORPUS_SITES] [--json bench/results/links.json]

For each ``<ecosystem>/<repo>/`` of ``corpus/sites/`` (default: ``/work/shared/corpus/sites``):
copy it into a temporary project as ``site/``, set the ``markdown`` dialect of its ecosystem,
extract, translate with the offline ``pseudo`` engine (every segment changes, headings too) and
build, once with link rewriting on (l10n today) and once off (links copied as they are, as before).
Then, for every note, the link destinations of the source and of the built note are paired in
order (the pseudo engine keeps them in order), and each relative link, image and ``#anchor``
that resolves in the source tree is checked in the built tree with the rules of ``l10n check``
(:func:`l10n.check.link_problem`).

Prints, per repository: destinations that resolve in the source, how many of those resolve in
the translated tree with rewriting off and on, by kind (``#anchor`` in the note, a file, a file
with ``#anchor``), and notes whose destinations could not be paired.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from l10n.check import link_problem
from l10n.config import Config, load_config
from l10n.mt.engines.pseudo import PseudoEngine
from l10n.mt.translate import translate_language
from l10n.pipeline import run_build, run_extract
from l10n.site.layout import discover_notes, output_path
from l10n.site.links import find_links, is_relative, split_url

DIALECT = {
    "hugo": "hugo",
    "jekyll": "kramdown",
    "mkdocs": "mkdocs",
    "docusaurus": "docusaurus",
    "vitepress": "vitepress",
    "mdbook": "mdbook",
    "gfm": "gfm",
}


def kind_of(url: str) -> str | None:
    if url.startswith("#"):
        return "anchor" if len(url) > 1 else None
    if not is_relative(url):
        return None
    path, _query, fragment = split_url(url)
    if not path:
        return None
    return "file#anchor" if fragment else "file"


def measure(config: Config) -> tuple[Counter[str], Counter[str], int]:
    """(resolving in the source by kind, of those resolving in the build by kind, unpaired notes)."""
    root = str(config.root)
    source_ok: Counter[str] = Counter()
    built_ok: Counter[str] = Counter()
    unpaired = 0
    for note in discover_notes(config):
        for lang in config.languages:
            target = output_path(config, note, lang)
            if not target.is_file():
                continue
            src_text = note.path.read_text(encoding="utf-8", errors="replace")
            out_text = target.read_text(encoding="utf-8", errors="replace")
            src_links = list(find_links(src_text))
            out_links = list(find_links(out_text))
            if len(src_links) != len(out_links):
                unpaired += 1
                continue
            src_base = posixpath.dirname(note.path.relative_to(config.root).as_posix())
            out_base = posixpath.dirname(target.relative_to(config.root).as_posix())
            for before, after in zip(src_links, out_links):
                kind = kind_of(before.url)
                if kind is None or link_problem(config, root, src_base, before.url, src_text) is not None:
                    continue
                source_ok[kind] += 1
                if link_problem(config, root, out_base, after.url, out_text) is None:
                    built_ok[kind] += 1
    return source_ok, built_ok, unpaired


def run_site(site: Path, ecosystem: str, rewrite: bool) -> tuple[Counter[str], Counter[str], int, int]:
    with tempfile.TemporaryDirectory(prefix="l10n-links-") as tmp:
        root = Path(tmp)
        shutil.copytree(site, root / "site", ignore=shutil.ignore_patterns("LICENSE*"))
        (root / "l10n.toml").write_text(
            'source = "site"\nlanguages = ["hi"]\nengine = "pseudo"\n'
            f'markdown = "{DIALECT[ecosystem]}"\nrewrite_links = {"true" if rewrite else "false"}\n',
            encoding="utf-8",
        )
        if ecosystem == "mkdocs":  # pydantic's mkdocs.yml enables attr_list (heading ids)
            (root / "mkdocs.yml").write_text("markdown_extensions:\n  - attr_list\n", encoding="utf-8")
        config = load_config(root)
        notes = list(discover_notes(config))
        run_extract(config, notes, config.languages)
        translate_language(config, notes, "hi", PseudoEngine(), memory=None)  # type: ignore[arg-type]
        report = run_build(config, notes, config.languages)
        source_ok, built_ok, unpaired = measure(config)
        return source_ok, built_ok, unpaired, len(report.errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sites", nargs="?", default="/work/shared/corpus/sites")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    results = []
    kinds = ("anchor", "file", "file#anchor")
    print(f"{'repository':38} {'resolving in source':>20} {'after, rewrite off':>20} {'after, rewrite on':>20}  by kind (on)")
    for eco_dir in sorted(Path(args.sites).iterdir()):
        if not eco_dir.is_dir() or eco_dir.name not in DIALECT:
            continue
        for site in sorted(p for p in eco_dir.iterdir() if p.is_dir()):
            off_src, off_ok, _, _ = run_site(site, eco_dir.name, rewrite=False)
            on_src, on_ok, unpaired, errors = run_site(site, eco_dir.name, rewrite=True)
            total = sum(on_src.values())
            name = f"{eco_dir.name}/{site.name}"
            detail = ", ".join(f"{k} {on_ok[k]}/{on_src[k]}" for k in kinds if on_src[k])
            off_pct = 100 * sum(off_ok.values()) / max(1, sum(off_src.values()))
            on_pct = 100 * sum(on_ok.values()) / max(1, total)
            print(
                f"{name:38} {total:>20} {sum(off_ok.values()):>12} ({off_pct:5.1f}%) "
                f"{sum(on_ok.values()):>12} ({on_pct:5.1f}%)  {detail}; unpaired notes {unpaired}, build errors {errors}"
            )
            results.append(
                {
                    "repository": name,
                    "resolving_in_source": dict(on_src),
                    "resolving_after_rewrite_off": dict(off_ok),
                    "resolving_after_rewrite_on": dict(on_ok),
                    "unpaired_notes": unpaired,
                    "build_errors": errors,
                }
            )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
