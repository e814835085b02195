"""What l10n syncs to disk before a rename (``l10n.fsutil.atomic_write``'s rule: what a re-run
cannot make again). A catalog it replaces is fsynced when it holds a translator's work (a msgstr
that is not machine output, a translator comment); one holding only empty entries and machine
output is not (a re-run makes it again from the translation memory), nor a template or a built
page (derived from the note, written again once its stamp no longer matches)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.po.catalog import holds_translators_work
from tests.conftest import Runner

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names an fd through /proc")


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files fsynced from here on (the real sync runs too)."""
    names: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        names.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return names


def _translate_by_hand(catalog: Path, msgid: str, msgstr: str) -> None:
    po = polib.pofile(str(catalog))
    entry = po.find(msgid)
    assert entry is not None
    entry.msgstr = msgstr
    po.save(str(catalog))


def _edit(root: Path) -> None:
    (root / "source_notes" / "a.md").write_text("# Title\n\nFirst paragraph, edited.\n\nA second one.\n", encoding="utf-8")


@pytest.mark.parametrize("by_hand", [True, False], ids=["translator's work", "nothing but l10n's"])
def test_extract_syncs_a_catalog_only_with_a_translators_work(
    project: Callable[..., Path], l10n: Runner, synced: list[str], by_hand: bool
) -> None:
    root = project({"a.md": "# Title\n\nFirst paragraph.\n"})
    assert l10n(root, "extract").exit_code == 0
    if by_hand:
        _translate_by_hand(root / "locales/hi/a.po", "Title", "शीर्षक")
    _edit(root)
    synced.clear()
    assert l10n(root, "extract", "--jobs", "1").exit_code == 0
    template = (root / "locales" / "templates" / "a.pot").read_text(encoding="utf-8")
    catalog = (root / "locales" / "hi" / "a.po").read_text(encoding="utf-8")
    assert 'msgid "A second one."' in template and 'msgid "A second one."' in catalog  # both replaced
    assert any(name.startswith(".a.po.") for name in synced) is by_hand, synced
    assert not any(name.startswith(".a.pot.") for name in synced), synced


@pytest.mark.parametrize("by_hand", [True, False], ids=["translator's work", "nothing but l10n's"])
def test_translate_syncs_a_catalog_only_with_a_translators_work(
    project: Callable[..., Path], l10n: Runner, synced: list[str], by_hand: bool
) -> None:
    root = project({"a.md": "# Title\n\nFirst paragraph.\n\nA second one.\n"})
    assert l10n(root, "extract").exit_code == 0
    if by_hand:
        _translate_by_hand(root / "locales/hi/a.po", "Title", "शीर्षक")
    synced.clear()
    assert l10n(root, "translate", "--engine", "pseudo").exit_code == 0
    assert "mt: pseudo" in (root / "locales/hi/a.po").read_text(encoding="utf-8")  # replaced
    assert any(name.startswith(".a.po.") for name in synced) is by_hand, synced


def test_a_built_page_is_not_synced(project: Callable[..., Path], l10n: Runner, synced: list[str]) -> None:
    root = project({"a.md": "# Title\n\nFirst paragraph.\n"})
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    page = next((root / "translated" / "hi").rglob("a*.md"))
    page.write_text("stale\n", encoding="utf-8")  # build replaces it
    synced.clear()
    assert l10n(root, "build", "--force").exit_code == 0
    assert page.read_text(encoding="utf-8") != "stale\n"
    assert not any(name.startswith(f".{page.name}.") for name in synced), synced


def _entry(msgstr: str = "", tcomment: str = "", plural: bool = False, obsolete: bool = False) -> polib.POEntry:
    if plural:
        return polib.POEntry(msgid="one", msgid_plural="many", msgstr_plural={0: msgstr, 1: ""}, tcomment=tcomment)
    return polib.POEntry(msgid="x", msgstr=msgstr, tcomment=tcomment, obsolete=obsolete)


@pytest.mark.parametrize(
    ("entry", "work"),
    [
        (_entry(), False),
        (_entry("मशीन", "mt: pseudo 2026-12-01"), False),
        (_entry("", "mt-suggestion: मशीन"), False),
        (_entry("इंसान"), True),
        (_entry("इंसान", "mt-suggestion: मशीन"), True),  # a person's translation beside a suggestion
        (_entry("", "check the glossary"), True),  # a translator's note
        (_entry("मशीन", "mt: pseudo 2026-12-01\nreviewed by Asha"), True),
        (_entry("इंसान", plural=True), True),
        (_entry("इंसान", "mt-suggestion: मशीन", plural=True), True),  # a person's plural forms beside a suggestion
        (_entry("इंसान", obsolete=True), True),
    ],
)
def test_what_counts_as_a_translators_work(entry: polib.POEntry, work: bool) -> None:
    assert holds_translators_work([_entry(), entry]) is work


def _translators_work_by_lines(entries: list[polib.POEntry]) -> bool:
    """holds_translators_work's rule, every comment split into its lines (before issue 19's one-line path)."""
    from l10n.po.policy import MT_COMMENT, SUGGESTION_COMMENT, is_machine_made

    for entry in entries:
        comment = entry.tcomment
        if comment and not all(line.startswith((MT_COMMENT, SUGGESTION_COMMENT)) for line in comment.split("\n")):
            return True
        if (entry.msgstr or any(entry.msgstr_plural.values())) and not is_machine_made(comment):
            return True
    return False


_COMMENT_LINES = st.sampled_from(["mt: pseudo 2026-12-01", "mt-suggestion: मशीन", "mt:", "mt-", "note", "", " mt: x", "tm: reused"])


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(_COMMENT_LINES, max_size=3).map("\n".join), st.sampled_from(["", "अनुवाद"]), st.booleans(), st.booleans()),
        max_size=4,
    )
)
def test_a_translators_work_is_told_as_by_the_comments_lines(drawn: list[tuple[str, str, bool, bool]]) -> None:
    entries = [_entry(msgstr, comment, plural, obsolete and not plural) for comment, msgstr, plural, obsolete in drawn]
    assert holds_translators_work(entries) is _translators_work_by_lines(entries)


@pytest.mark.parametrize("data", [b"bytes \xe0\xa4\x85", ["text ", "अनुवाद\n"], ["x" * 50_000, "é" * 30_000, "tail\n"] * 3])
def test_atomic_write_feeds_its_digest_the_bytes_it_writes(tmp_path: Path, data: bytes | list[str]) -> None:
    # issue 19: a catalog's digest is fed the chunks as they are written (text encoded once),
    # in chunks of 64 K characters and more: the digest of the file's bytes all the same
    import hashlib

    from l10n.fsutil import atomic_write

    path = tmp_path / "x.po"
    digest = hashlib.blake2b(digest_size=16)
    atomic_write(path, data, digest=digest)
    assert digest.digest() == hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
