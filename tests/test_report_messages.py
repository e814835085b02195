"""What ``check``, ``build``, ``sync`` and ``status`` tell the user (review 18's defect 3): a
top-of-page link is no broken anchor, a kept hand translation is named as such, held-back
languages are said, and every percentage is rounded by one rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner

TOP_LINKS = """# Guide

Go [up](#) or [to the top](#top) or [TOP](#Top) or [the guide](#guide), see [b](b-en.md#) and [b's top](b-en.md#top).

A [broken one](#nope).
"""


def _warnings(output: str) -> list[str]:
    return [line.split(" (by GitHub")[0].rsplit(" [", 1)[0] for line in output.splitlines() if "no such anchor" in line]


@pytest.mark.parametrize("markdown", ["gfm", "mkdocs", "hugo"])
def test_a_link_to_the_top_of_the_page_is_no_broken_anchor(project: Callable[..., Path], l10n: Runner, markdown: str) -> None:
    root = project({"a-en.md": TOP_LINKS, "b-en.md": "# B\n\nText.\n"}, ("hi",), f'markdown = "{markdown}"\n')
    l10n.sync(root)
    done = l10n(root, "check")
    # only the anchor that names no heading: '#', '#top' (any case) scroll to the top (HTML)
    assert _warnings(done.output) == ["source_notes/a-en.md:5: warning: no such anchor in the source: #nope"], done.output
