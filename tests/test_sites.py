"""The real-site corpus (``/work/shared/corpus/sites``, when present): every page, read in its
generator's dialect, builds back byte for byte with no translation; under pseudo translation it
keeps its construct lines and gains no indented code block (issue 12, item 11: a paragraph of a
list item inside a definition became code when the term and definition were joined).

The whole pipeline (extract → translate → build) and the structure judge run in
``bench/sites.py``; this test is the in-process part of it, fast enough for every run."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.markdown.dialect import construct_marks, make_dialect
from l10n.markdown.document import Segment
from l10n.markdown.frontmatter import find_front_matter
from l10n.markdown.protect import protect
from l10n.markdown.references import normalize_label
from l10n.markdown.segment import markdown_factory, read_note
from l10n.mt.engines.pseudo import pseudo_localize

SITES = Path("/work/shared/corpus/sites")
DIALECT_OF_ECOSYSTEM = {"jekyll": "kramdown"}
_PAGES = sorted(p for p in SITES.glob("*/*/**/*.md")) if SITES.is_dir() else []
_MD = markdown_factory(deflist=True)


def _code_blocks(text: str) -> int:
    return sum(token.type == "code_block" for token in _MD.parse(text))


@pytest.mark.skipif(not _PAGES, reason="the shared real-site corpus is not here")
def test_every_site_page_round_trips_and_keeps_its_constructs() -> None:
    broken: list[str] = []
    for path in _PAGES:
        ecosystem = path.relative_to(SITES).parts[0]
        dialect = make_dialect(DIALECT_OF_ECOSYSTEM.get(ecosystem, ecosystem))
        data = path.read_bytes()
        doc = read_note(data, str(path), dialect=dialect)
        name = str(path.relative_to(SITES))
        if doc.render({}).encode("utf-8") != data:
            broken.append(f"{name}: identity")
            continue
        out = doc.render(lambda segment: pseudo_localize(segment.text))
        if [m for _, m in construct_marks(out, dialect)] != [m for _, m in construct_marks(doc.source, dialect)]:
            broken.append(f"{name}: construct lines")
        if _code_blocks(out) > _code_blocks(doc.source):
            broken.append(f"{name}: a new indented code block")
    assert broken == []


_MKDOCS_PAGES = [p for p in _PAGES if p.relative_to(SITES).parts[0] == "mkdocs"]
_PYTHON_MARKDOWN_EXTENSIONS = ["admonition", "fenced_code", "tables", "def_list", "attr_list", "footnotes", "md_in_html"]


@pytest.mark.skipif(not _MKDOCS_PAGES, reason="the shared real-site corpus is not here")
def test_mkdocs_pages_keep_their_structure_in_python_markdown() -> None:
    """MkDocs renders with Python-Markdown, which reads admonition bodies as Markdown (the
    structure judge's CommonMark reads them as indented code): under pseudo translation each
    MkDocs page gives the same sequence of HTML tags there as its source."""
    import re

    markdown = pytest.importorskip("markdown")
    tag = re.compile(r"<(/?[a-zA-Z0-9]+)")
    dialect = make_dialect("mkdocs")
    broken: list[str] = []
    for path in _MKDOCS_PAGES:
        doc = read_note(path.read_bytes(), str(path), dialect=dialect)
        body_start = doc.front_matter.end if doc.front_matter else 0
        # as the pipeline sends a segment: protected, pseudo-translated, restored
        references = {normalize_label(label): href for label, href in doc.references.items()}

        def engine(segment: Segment, references: dict[str, str] = references) -> str:
            protected = protect(segment.text, references=references)
            return protected.restore(pseudo_localize(protected.text))

        out = doc.render(engine)
        out_front = find_front_matter(out, "out.md")
        out_start = out_front.end if out_front else 0
        before = tag.findall(markdown.markdown(doc.source[body_start:], extensions=_PYTHON_MARKDOWN_EXTENSIONS))
        after = tag.findall(markdown.markdown(out[out_start:], extensions=_PYTHON_MARKDOWN_EXTENSIONS))
        if before != after:
            broken.append(str(path.relative_to(SITES)))
    assert broken == []
