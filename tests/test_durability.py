"""What extract syncs to disk before a rename (``l10n.fsutil.atomic_write``'s rule): a catalog it
replaces, which may hold a translator's work, is fsynced; a template it replaces, derived from the
note and written again by the next extract once its stamp no longer matches, is not."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names an fd through /proc")


def test_an_edited_note_syncs_its_catalog_not_its_template(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"a.md": "# Title\n\nFirst paragraph.\n"})
    assert l10n(root, "extract").exit_code == 0
    note = root / "source_notes" / "a.md"
    note.write_text("# Title\n\nFirst paragraph, edited.\n\nA second one.\n", encoding="utf-8")

    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # the real sync, with the name of the file it was asked for
        synced.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert l10n(root, "extract", "--jobs", "1").exit_code == 0
    template = (root / "locales" / "templates" / "a.pot").read_text(encoding="utf-8")
    catalog = (root / "locales" / "hi" / "a.po").read_text(encoding="utf-8")
    assert 'msgid "A second one."' in template and 'msgid "A second one."' in catalog  # both replaced
    assert any(name.startswith(".a.po.") for name in synced), synced  # the catalog's temporary file
    assert not any(name.startswith(".a.pot.") for name in synced), synced
