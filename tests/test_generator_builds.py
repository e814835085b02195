"""What building l10n's trees with the real generators showed (session 20, ``bench/real_generators.py``:
VitePress 1.6.4 on the vite docs, Docusaurus 3.10.2 on jest's docs and blog, ``sync --engine
pseudo`` into ``hi`` and ``de``), held here in Python on the pages l10n writes: no Node needed.

Bare URLs and GFM extended autolinks in pseudo output. The pseudo engine bracketed every text,
``[Šéé https://x.dev/a.]``: markdown-it's linkify (VitePress) then takes the ``.`` before the
``]`` into the URL (vite's ``guide/troubleshooting.md``, whose built Hindi page linked
``…too-large.``), and remark-gfm (Docusaurus, micromark-extension-gfm-autolink-literal) links no
literal URL, ``www.`` link or e-mail address after an unclosed ``[`` of its paragraph, so each one
lost its link. What a bare link is followed by, up to the next space, and whether a ``[`` opens
before it are the two things both linkifiers read; the built page must leave both as the source
has them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.markdown.autolink import extended_autolinks
from l10n.mt.batch import translate_texts
from l10n.mt.engines import get_engine
from tests.conftest import Runner

_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"*_]")


def bare_links(text: str) -> list[tuple[str, str, str]]:
    """(link, what follows it up to the next white space, the text before it on its line) of each
    bare URL and extended autolink of ``text``, in order."""
    spans = sorted([m.span() for m in _URL.finditer(text)] + extended_autolinks(text))
    found = []
    for start, end in spans:
        after = re.match(r"\S*", text[end:])
        line_start = text.rfind("\n", 0, start) + 1
        found.append((text[start:end], after.group() if after else "", text[line_start:start]))
    return found


def unclosed_bracket(before: str) -> bool:
    """Whether ``before`` (a line up to a link) leaves a ``[`` open: remark-gfm then links nothing."""
    depth = 0
    for char in before:
        if char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
    return depth > 0


# vite's guide/troubleshooting.md, and siblings: a URL ending the sentence, in the middle, in a
# list item and a block quote; www. links and e-mail addresses (GFM extended autolinks)
NOTE = """\
# Troubleshooting

> Server responded with status code 431. See https://vite.dev/guide/troubleshooting.html#_431-request-header-fields-too-large.

Open https://vite.dev/guide/ in a browser, then read www.example.com/docs, or mail team@vite.dev.

- Read https://rolldown.rs/guide, and `vite --debug`.
- Ask at https://chat.vite.dev!
"""


@pytest.mark.parametrize("dialect", ["vitepress", "docusaurus"])
def test_pseudo_output_keeps_bare_links_linked(project: Callable[..., Path], l10n: Runner, dialect: str) -> None:
    root = project({"guide/troubleshooting.md": NOTE}, ("hi",), f'markdown = "{dialect}"\n')
    l10n.sync(root)
    built = (root / "translated" / "hi" / "guide" / "troubleshooting.md").read_text(encoding="utf-8")
    assert "Šééŕṽééŕ" in built  # translated
    source_links = [(link, after) for link, after, _ in bare_links(NOTE)]
    assert [(link, after) for link, after, _ in bare_links(built)] == source_links, built
    for link, _, before in bare_links(built):
        assert not unclosed_bracket(before), (link, before)


def test_pseudo_output_of_texts_without_bare_links_stays_bracketed(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a.md": "Run `vite build` and see [the guide](https://vite.dev/guide/).\n"}, ("hi",), 'markdown = "vitepress"\n')
    l10n.sync(root)
    built = (root / "translated" / "hi" / "a.md").read_text(encoding="utf-8")
    assert built.startswith("[Ŕúúñ `vite build`") and built.endswith("(https://vite.dev/guide/).]\n"), built


def test_twins_get_each_their_own_reply() -> None:
    # "See {1}." twice: a code span in one, a URL in the other; the engine is asked once
    texts = ["See `vite`.", "See https://vite.dev/a."]
    outcomes = {o.source_text: o.translation for o in translate_texts(texts, engine=get_engine("pseudo"), source="en", target="hi")}
    assert outcomes == {"See `vite`.": "[Šéééé `vite`.]", "See https://vite.dev/a.": "Šéééé https://vite.dev/a."}


_WORDS = st.lists(st.sampled_from(["See", "the", "guide", "at", "or", "run", "it", "now", "(", ")", ","]), max_size=4)
_LINKS = st.sampled_from(["https://vite.dev/a#b", "http://x.org/p?q=1", "www.example.com/docs", "team@vite.dev"])
_TAILS = st.sampled_from(["", ".", ",", "!", "?", ":", ")"])


@settings(max_examples=150, deadline=None)
@given(before=_WORDS, link=_LINKS, tail=_TAILS, after=_WORDS)
def test_pseudo_reply_never_brackets_a_bare_link(before: list[str], link: str, tail: str, after: list[str]) -> None:
    text = " ".join(["Read", *before, link + tail, *after]).strip()
    [outcome] = translate_texts([text], engine=get_engine("pseudo"), source="en", target="hi")
    assert outcome.translation is not None, outcome
    links = bare_links(text)
    assert [(a, b) for a, b, _ in bare_links(outcome.translation)] == [(a, b) for a, b, _ in links], outcome.translation
    for found, _, line in bare_links(outcome.translation):
        assert not unclosed_bracket(line), (found, outcome.translation)
