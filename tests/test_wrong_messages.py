"""Messages a reviewer found wrong: a command run from a subfolder, catalogs that cannot be
read (coverage must count them, not leave them out), anchors broken in the source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner

NOTE = "# Title {n}\n\nPara one {n}.\n\nPara two {n}.\n"
COMMANDS = [("sync",), ("extract",), ("translate",), ("build",), ("status",), ("check",), ("sync", "--dry-run"),
            ("sync", "--force"), ("sync", "a.md"), ("build", "a.md")]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_without_configuration_or_notes_says_so(
    project: Callable[..., Path], l10n: Runner, command: tuple[str, ...]
) -> None:
    """From source_notes/ every command said "source folder not found: .../source_notes/source_notes"
    (or "not inside the source folder" with a NOTE): it names what is missing and the way out."""
    root = project({"a.md": NOTE.format(n="a")})
    result = l10n(root / "source_notes", *command)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: no l10n.toml, or pyproject.toml with [tool.l10n], in {root / 'source_notes'}, and no "
        "source_notes/ folder of notes: run l10n from the project's root folder, or give that folder with -C DIR\n"
    )


def test_defaults_without_a_configuration_file_still_work(tmp_path: Path, l10n: Runner) -> None:
    """A project with no configuration file but the default source folder runs on the defaults."""
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "a.md").write_text(NOTE.format(n="a"), encoding="utf-8")
    result = l10n(tmp_path, "extract")
    assert result.exit_code == 0, result.stderr
