"""``adopt`` of an edited page gives the catalog back every link destination the build rewrote.

The build leads a segment's links to the output's folder and its ``#fragment``s to the
translated headings' ids (:func:`l10n.site.relink.rewrite_links`); a translator who fixes the
sentence on the page keeps what the build wrote. ``adopt`` undoes that rewriting
(:func:`l10n.site.adopt._unrendered`): each destination goes back whole to the catalog's, however
the text around it was lengthened or shortened (a character diff spliced at wrong offsets:
``#how-itit-works``, which the next build rejected as an anchor changed, asking for adopt again).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.site.adopt import _unrendered
from tests.conftest import Runner

NOTE = (
    "# Intro\n\nIt is fast. See [below](#how-it-works), ![pic](img/x.png) and [setup](b-en.md#the-steps).\n\n"
    "## How it works\n\nWell.\n"
)
OTHER = "# B\n\n## The steps\n\nSteps.\n"
HELD_LINKS = ("(#how-it-works)", "(img/x.png)", "(b-en.md#the-steps)")


def _site(root: Path) -> Path:
    (root / "l10n.toml").write_text(
        '[tool.l10n]\nsource = "source_notes"\nlanguages = ["hi"]\nengine = "pseudo"\nmarkdown = "gfm"\n', encoding="utf-8"
    )
    (root / "source_notes/img").mkdir(parents=True)
    (root / "source_notes/img/x.png").write_bytes(b"\x89PNG")
    (root / "source_notes/a-en.md").write_text(NOTE, encoding="utf-8")
    (root / "source_notes/b-en.md").write_text(OTHER, encoding="utf-8")
    return root / "translated/hi/a-hi.md"


def _approve(catalog: Path, translations: dict[str, str]) -> None:
    """Set each msgid's msgstr, not fuzzy (a translator's work in the catalog)."""
    blocks = catalog.read_text(encoding="utf-8").split("\n\n")
    for index, block in enumerate(blocks):
        for msgid, msgstr in translations.items():
            if f'msgid "{msgid}"' in block:
                lines = [line for line in block.splitlines() if line != "#, fuzzy" and not line.startswith(("msgstr", "# mt:"))]
                blocks[index] = "\n".join([*lines, f'msgstr "{msgstr}"'])
    catalog.write_text("\n\n".join(blocks), encoding="utf-8")


def _msgstr(catalog: Path, msgid_start: str) -> str:
    for block in catalog.read_text(encoding="utf-8").split("\n\n"):
        if f'msgid "{msgid_start}' in block:
            return block.split('msgstr "', 1)[1].rsplit('"', 1)[0]
    raise AssertionError(f"no entry {msgid_start!r}")


EDITS = {
    "lengthened-after": lambda line: line.replace("देखें।", "देखें, कृपया।"),
    "shortened-before": lambda line: line.replace("यह तेज़ है। ", "तेज़। "),
    "both": lambda line: line.replace("यह तेज़ है। ", "यह").replace("देखें।", "देखें, यह कैसे काम करता है।"),
    "link-text": lambda line: line.replace("[नीचे]", "[यहाँ नीचे]").replace("[चित्र]", "[ची]"),
}


@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("heading", ["यह कैसे काम करता है", ""], ids=["translated-heading", "machine-heading"])
def test_adopt_gives_back_the_sources_destinations(tmp_path: Path, l10n: Runner, edit: str, heading: str) -> None:
    page = _site(tmp_path)
    l10n.sync(tmp_path)
    catalog = tmp_path / "locales/hi/a-en.po"
    msgid = NOTE.split("\n\n")[1]
    translation = "यह तेज़ है। [नीचे](#how-it-works), ![चित्र](img/x.png) और [सेटअप](b-en.md#the-steps) देखें।"
    _approve(catalog, {msgid: translation, **({"How it works": heading} if heading else {})})
    l10n.sync(tmp_path)
    built = page.read_text(encoding="utf-8")
    assert "(#how-it-works)" not in built and "(../../source_notes/img/x.png)" in built  # the build rewrote them
    line = next(x for x in built.splitlines() if x.startswith("यह तेज़"))
    edited = EDITS[edit](line)
    page.write_text(built.replace(line, edited), encoding="utf-8")

    done = l10n(tmp_path, "adopt", str(page))
    assert done.exit_code == 0, done.output

    held = _msgstr(catalog, msgid[:20])
    expected = edited
    for written, source in zip(_destinations(line), HELD_LINKS, strict=True):
        expected = expected.replace(written, source)
    assert held == expected
    again = l10n.sync(tmp_path)
    assert "kept" not in again and "anchor changed" not in again, again
    assert page.read_text(encoding="utf-8") == built.replace(line, edited)  # l10n's own page again, as edited


def _destinations(line: str) -> list[str]:
    """The ``(destination)`` parts of a line's links, in order."""
    from l10n.site.links import find_links

    return [f"({link.url})" for link in find_links(line)]


# -- the undoing itself, with the text around links edited at random ------------------------------

_HELD = ["#how-it-works", "#how", "b-en.md#the-steps", "img/x.png", "../a/b-en.md", "#", "https://example.org/x#y"]
_WRITTEN = {
    "#how-it-works": "#यह-कैसे-काम-करता-है",
    "#how": "#ĥóóŵ-íit-works",
    "b-en.md#the-steps": "b-hi.md#चरण",
    "img/x.png": "../../source_notes/img/x.png",
    "../a/b-en.md": "../a/b-hi.md",
}
# text with the very characters of the destinations, so that a stray match would show
_WORDS = st.sampled_from(["how", "it", "works", "-", "#", "यह", "कैसे", "काम", " ", ".", "img", "x.png", "चरण", "hi", "en", "।"])
_TEXT = st.lists(_WORDS, max_size=8).map("".join)
_FORMS = st.sampled_from(["[{t}]({u})", "![{t}]({u})", '[{t}]({u} "title")', "[{t}](<{u}>)", '<a href="{u}">{t}</a>'])


@st.composite
def _segments(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """``(held, rendered, page, expected)``: a catalog text with links, the build's rendering of
    it, the page a translator edited from it (text around and inside the links' text changed at
    random), and what adopt must give back (the page's text with the held destinations)."""
    count = draw(st.integers(1, 4))
    forms = [draw(_FORMS) for _ in range(count)]
    urls = [draw(st.sampled_from(_HELD)) for _ in range(count)]

    def text(pieces: list[str], titles: list[str], chosen: list[str]) -> str:
        out = pieces[0]
        for form, title, url, piece in zip(forms, titles, chosen, pieces[1:], strict=True):
            out += form.format(t=title or "x", u=url) + piece
        return out

    pieces = [draw(_TEXT) for _ in range(count + 1)]
    titles = [draw(_TEXT).strip("#") for _ in range(count)]
    new_pieces = [draw(_TEXT) for _ in range(count + 1)]
    new_titles = [draw(_TEXT).strip("#") for _ in range(count)]
    written = [_WRITTEN.get(url, url) for url in urls]
    return (
        text(pieces, titles, urls),
        text(pieces, titles, written),
        text(new_pieces, new_titles, written),
        text(new_pieces, new_titles, urls),
    )


@settings(max_examples=300, deadline=None)
@given(_segments())
def test_every_rewritten_destination_goes_back_exactly(case: tuple[str, str, str, str]) -> None:
    held, rendered, page, expected = case
    assert _unrendered(page, rendered, held) == expected


def test_a_destination_the_translator_changed_stays_as_the_page_has_it() -> None:
    held = "See [below](#how-it-works)."
    rendered = "See [below](#यह-कैसे-काम-करता-है)."
    assert _unrendered("देखें [नीचे](#elsewhere)।", rendered, held) == "देखें [नीचे](#elsewhere)।"
