"""In-page anchors by GitHub's rule: with ``markdown = "gfm"`` build rewrites links to translated
headings to github-slugger's ids, in the note and from other notes, duplicates numbered as GitHub
numbers them; a project whose dialect is only guessed (no generator's file, no ``markdown``
setting) keeps them as written and says so once.

The oracle is written apart from :func:`l10n.site.links.github_slug` (tests/test_github_slug.py's
``reference``, github-slugger's removal list), applied to the heading's text as markdown-it
renders it to HTML, with github-slugger's numbering of duplicates.
"""

from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n import build_note, extract_note, load_config
from l10n.site.layout import catalog_path, discover_notes
from l10n.site.links import find_links, github_slug, heading_texts, unique
from tests.conftest import Runner, write_project
from tests.test_github_slug import reference as oracle_slug


def oracle_ids(headings: list[str]) -> list[str]:
    """github-slugger's ``BananaSlug.slug`` over a page's headings, in order."""
    occurrences: dict[str, int] = {}
    ids = []
    for heading in headings:
        slug = original = oracle_slug(heading)
        while slug in occurrences:
            occurrences[original] += 1
            slug = f"{original}-{occurrences[original]}"
        occurrences[slug] = 0
        ids.append(slug)
    return ids


_MD = MarkdownIt("commonmark")


def rendered_text(inline: str) -> str:
    """A heading's text content as a browser sees it: markdown-it's HTML, tags dropped."""
    return html.unescape(re.sub(r"<[^>]*>", "", _MD.renderInline(inline))).strip()


def test_duplicates_are_numbered_as_github_numbers_them() -> None:
    """github-slugger's fixtures: a number an earlier heading took as its own id is skipped."""
    headings = ["echo", "echo", "echo 1", "echo-1", "echo", "foxtrot-1", "foxtrot", "foxtrot"]
    seen: dict[str, int] = {}
    made = [unique(github_slug(h), seen, "gfm") for h in headings]
    assert made == oracle_ids(headings)
    assert made == ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2", "foxtrot-1", "foxtrot", "foxtrot-2"]


def build_gfm(root: Path, notes: dict[str, str], translate: Callable[[str], str]) -> dict[str, str]:
    """Each note built in ``hi`` in a project with ``markdown = "gfm"``, every catalog entry
    translated by ``translate`` (as a translator would: catalogs are what build reads)."""
    write_project(root, notes, extra='markdown = "gfm"\n')
    config = load_config(root)
    assert not config.dialect_guessed and config.dialect == "gfm"
    found = list(discover_notes(config))
    for note in found:
        extract_note(config, note, ["hi"])
    for note in found:
        catalog = polib.pofile(str(catalog_path(config, note, "hi")))
        for entry in catalog:
            entry.msgstr = translate(entry.msgid)
        catalog.save()
    for note in found:
        outcome = build_note(config, note, "hi")
        assert outcome.action.value in ("written", "unchanged"), outcome
    return {str(note.name): (root / "translated/hi" / str(note.name)).read_text(encoding="utf-8") for note in found}


HINDI = {
    "Setup": "सेटअप करें",
    "Usage": "उपयोग",
    "Install `l10n` now": "`l10n` अभी इंस्टॉल करें",
    "Read [the guide](guide.md) first": "पहले [गाइड](guide.md) पढ़ें",
    "A *bold* move": "एक *साहसी* क़दम",
    "Caf&eacute; &amp; more": "कैफ़े &amp; और",
    "Notes": "टिप्पणियाँ",
    "Notes 1": "टिप्पणियाँ 1",
    "Cafe\u0301 time": "Cafe\u0301 समय",
}


def to_hindi(msgid: str) -> str:
    return HINDI.get(msgid, msgid)


def fragments(text: str) -> list[str]:
    return [link.url.partition("#")[2] for link in find_links(text) if "#" in link.url]


def built_ids(text: str) -> list[str]:
    """The ids GitHub gives a built page's headings (the oracle over their rendered text)."""
    return oracle_ids([rendered_text(heading) for _, heading in heading_texts(text)])


@pytest.mark.parametrize(
    ("heading", "source_id", "built_id"),
    [
        ("Setup", "setup", "सेटअप-करें"),  # virama and vowel signs (Mn, Mc) are kept
        ("Install `l10n` now", "install-l10n-now", "l10n-अभी-इंस्टॉल-करें"),
        ("Read [the guide](guide.md) first", "read-the-guide-first", "पहले-गाइड-पढ़ें"),  # nukta (Mn) kept
        ("A *bold* move", "a-bold-move", "एक-साहसी-क़दम"),
        ("Caf&eacute; &amp; more", "café--more", "कैफ़े--और"),
        ("Cafe\u0301 time", "cafe\u0301-time", "cafe\u0301-समय"),  # a combining acute stays, not composed
    ],
)
def test_links_to_a_translated_heading_follow_its_github_id(
    tmp_path: Path, heading: str, source_id: str, built_id: str
) -> None:
    """``[x](#setup)`` to ``## Setup`` in the note, and ``a.md#setup`` from another note, both
    lead to GitHub's id of the translated heading."""
    built = build_gfm(
        tmp_path,
        {"a.md": f"## {heading}\n\nSee [it](#{source_id}).\n", "b.md": f"Read [a](a.md#{source_id}).\n"},
        to_hindi,
    )
    assert built_ids(built["a.md"]) == [built_id]
    assert fragments(built["a.md"]) == [built_id]
    assert fragments(built["b.md"]) == [built_id]


def test_a_link_whose_fragment_alone_changes_keeps_its_path_as_written(tmp_path: Path) -> None:
    """gemini-cli's plan-mode.md: ``../cli/telemetry.md#model-routing`` from docs/cli/ leads to
    the same file from the output's folder; only its fragment follows the translated heading
    (it was rewritten ``telemetry.md#…``, a change the judge counts and a reader need not see)."""
    built = build_gfm(
        tmp_path,
        {
            "cli/a.md": "See [b](../cli/b.md#setup), [b again](./b.md#setup) and [q](b.md?x=1#setup).\n",
            "cli/b.md": "## Setup\n\nText.\n",
        },
        to_hindi,
    )
    urls = [link.url for link in find_links(built["cli/a.md"])]
    assert urls == ["../cli/b.md#सेटअप-करें", "./b.md#सेटअप-करें", "b.md?x=1#सेटअप-करें"]


def test_duplicate_headings_keep_their_numbers(tmp_path: Path) -> None:
    """``Notes``, ``Notes 1``, ``Notes`` are ``notes``, ``notes-1``, ``notes-2`` on GitHub (the
    third skips ``-1``, taken by the second); the translations keep that order."""
    note = "## Notes\n\n## Notes 1\n\n## Notes\n\n## Setup\n\n## Setup\n\n[a](#notes) [b](#notes-1) [c](#notes-2) [d](#setup-1)\n"
    built = build_gfm(tmp_path, {"a.md": note}, to_hindi)["a.md"]
    ids = built_ids(built)
    assert ids == ["टिप्पणियाँ", "टिप्पणियाँ-1", "टिप्पणियाँ-2", "सेटअप-करें", "सेटअप-करें-1"]
    assert fragments(built) == [ids[0], ids[1], ids[2], ids[4]]


def test_a_guessed_dialect_keeps_fragments_and_says_so_once(tmp_path: Path, l10n: Runner) -> None:
    """No generator known: the renderer's slug rule is unknown, so every ``#fragment`` stays as
    written and one notice says how to name the generator; ``markdown = "gfm"`` rewrites them."""
    write_project(
        tmp_path,
        {"a.md": "## Setup\n\n[x](#setup) [y](#setup)\n", "b.md": "[a](a.md#setup)\n"},
        extra='engine = "pseudo"\n',
    )
    result = l10n(tmp_path, "sync")
    assert result.exit_code == 0, result.output
    notices = [line for line in result.output.splitlines() if line.startswith("notice:")]
    assert len(notices) == 1 and notices[0].startswith("notice: 3 links to translated headings kept their #fragment as written")
    assert 'markdown = "<generator>"' in notices[0]
    assert fragments((tmp_path / "translated/hi/a.md").read_text(encoding="utf-8")) == ["setup", "setup"]
    assert fragments((tmp_path / "translated/hi/b.md").read_text(encoding="utf-8")) == ["setup"]
    # a named dialect says nothing: its rule is known
    (tmp_path / "pyproject.toml").write_text(
        (tmp_path / "pyproject.toml").read_text(encoding="utf-8") + 'markdown = "gfm"\n', encoding="utf-8"
    )
    result = l10n(tmp_path, "build", "--force")
    assert result.exit_code == 0 and "notice:" not in result.output, result.output
    assert "setup" not in fragments((tmp_path / "translated/hi/a.md").read_text(encoding="utf-8"))


# a heading of words, code spans, emphasis and links; reversing the words keeps the markup whole
_WORD = st.text(
    alphabet=st.sampled_from("abcxyzAÉéü1²_-.'’!Ⓐ‿" + "कसटपरम" + "ािीुेोंँ़्" + "\u0301"), min_size=1, max_size=6
).filter(lambda w: not w.startswith(("-", "_", "'")) and w.strip("-_.'’!") != "" and "__" not in w)
_TOKEN = st.one_of(
    _WORD,
    _WORD.map(lambda w: f"`{w}`"),
    _WORD.filter(lambda w: "_" not in w).map(lambda w: f"*{w}*"),
    _WORD.map(lambda w: f"[{w}](x.md)"),
)


@settings(max_examples=40, deadline=None)
@given(tokens=st.lists(_TOKEN, min_size=1, max_size=5), repeat=st.booleans())
def test_every_rewritten_fragment_is_githubs_id_of_the_built_heading(tokens: list[str], repeat: bool) -> None:
    """For any heading: the fragment build writes for a link to it is the id GitHub gives the
    built heading (the oracle over markdown-it's rendering of the built page)."""
    heading = " ".join(tokens)
    headings = [heading, heading] if repeat else [heading]
    source_ids = oracle_ids([rendered_text(h) for h in headings])
    if any(not i.strip("-") for i in source_ids):
        return  # no text to slug: nothing links to it
    body = "".join(f"## {h}\n\n" for h in headings) + " ".join(f"[s](#{i})" for i in source_ids) + "\n"

    def reverse(msgid: str) -> str:
        return " ".join(reversed(msgid.split(" "))) if msgid == heading else msgid

    with tempfile.TemporaryDirectory() as folder:
        built = build_gfm(Path(folder), {"a.md": body}, reverse)["a.md"]
    assert fragments(built) == built_ids(built)
