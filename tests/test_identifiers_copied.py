"""A segment that is one snake_case identifier (a parameter table's cell: ``image_anchor``) is a
name, copied as it is, never sent to an engine; emphasis (``_Note_``) and words are prose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from l10n.markdown.protect import Glossary
from l10n.mt.batch import _split
from tests.conftest import Runner


@pytest.mark.parametrize(
    ("text", "copied"),
    [
        ("image_anchor", True),
        ("url_text", True),
        ("a_b_c2", True),
        (" image_anchor ", True),
        ("_Note_", False),
        ("__init__", True),
        ("Parameter", False),
        ("imageAnchor", False),
        ("use image_anchor here", False),
        ("image-anchor", False),
        ("_private_name", True),
        ("site.params.ui.sidebar_menu_compact", True),
        ("foo_bar()", True),
        ("README.md", True),
        ("v1.2.3", True),
        ("e.g.", False),
        ("Node", False),
        ("foo_bar, baz_qux", False),
    ],
)
def test_which_texts_are_names(text: str, copied: bool) -> None:
    _, _, copies, items, _ = _split([text], "en", "hi", None, Glossary.from_config(None))
    assert (copies == [text]) is copied and (not items) is copied


def test_a_parameter_table_keeps_its_names(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a.md": "# Params\n\n| Parameter | Description |\n| --- | --- |\n| image_anchor | Where the image sits. |\n"})
    done = l10n(root, "sync", "--engine", "pseudo")
    assert done.exit_code == 0, done.output
    page = (root / "translated/hi/a.md").read_text(encoding="utf-8")
    assert "| image_anchor |" in page and "Where the image sits" not in page
