"""Notes whose names differ only by case (``Foo.md`` and ``foo.md``), in every layout: on a
case-sensitive file system two notes with two pages; where the file system takes two outputs
for one file (case-insensitive: macOS, Windows), or where the layout itself gives both one path,
one line naming both notes, a non-zero exit, and the other notes built."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.config import Config
from l10n.fsutil import case_insensitive
from l10n.site import relink
from l10n.site.layout import Layout
from l10n.site.relink import OutputClaims
from l10n.site.site_layout import PRESETS
from tests.conftest import Runner, write_project


def _note(word: str) -> str:
    return f"---\ntitle: {word}\n---\n\n# {word} heading\n\nThe `{word}` body.\n"


def _project(root: Path, preset: str, names: list[str]) -> Path:
    return write_project(root, {name: _note(name.replace("/", " ")) for name in names}, extra=f'layout = "{preset}"\nengine = "pseudo"\n')


def _outputs(root: Path, preset: str, names: list[str]) -> dict[str, Path]:
    from l10n.config import load_config

    layout = Layout.of(load_config(root))
    return {name: root / layout.output_rel(name, "hi") for name in names}


def test_the_probe_tells_the_file_system(tmp_path: Path) -> None:
    (tmp_path / "Probe").mkdir()
    folds = os.path.exists(tmp_path / "pROBE")  # what this file system does
    assert case_insensitive(tmp_path / "Probe") is folds
    assert case_insensitive(tmp_path / "Probe" / "not made" / "yet") is folds  # asks the nearest folder
    if not folds:  # another folder of the swapped name is not the same folder
        (tmp_path / "pROBE").mkdir()
        assert case_insensitive(tmp_path / "Probe") is False


@pytest.mark.parametrize("preset", sorted(PRESETS))
@pytest.mark.parametrize("command", ["build", "sync"])
def test_notes_differing_in_case_are_two_pages_on_a_case_sensitive_file_system(
    tmp_path: Path, l10n: Runner, preset: str, command: str
) -> None:
    """Before: 'Foo.md and foo.md both map to …/foo.hi.md' (the path of one, lower-cased
    paths compared), exit 1, and foo.md's page never built."""
    if case_insensitive(tmp_path):
        pytest.skip("this file system folds case: Foo.md and foo.md cannot both exist")
    names = ["Foo.md", "foo.md", "bar.md"]
    root = _project(tmp_path, preset, names)
    assert l10n(root, "extract").exit_code == 0
    result = l10n(root, command)
    assert result.exit_code == 0, result.output
    assert "map to" not in result.output
    outputs = _outputs(root, preset, names)
    assert len({path.as_posix() for path in outputs.values()}) == 3
    for name, path in outputs.items():
        assert f"`{name}`" in path.read_text(encoding="utf-8"), name
    again = l10n(root, "build")
    assert again.exit_code == 0 and "0 notes written, 3 unchanged" in again.output
    assert l10n(root, "check").exit_code == 0


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_outputs_one_file_on_a_case_insensitive_file_system_are_one_error_line(
    tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch, preset: str
) -> None:
    """As on macOS or Windows (the probe answered so): the first in path order keeps the file."""
    monkeypatch.setattr(relink, "case_insensitive", lambda folder: True)
    names = ["Foo.md", "foo.md", "bar.md"]
    root = _project(tmp_path, preset, names)
    assert l10n(root, "extract").exit_code == 0
    result = l10n(root, "build")
    assert result.exit_code == 1
    outputs = _outputs(root, preset, names)
    shown = {name: path.relative_to(root).as_posix() for name, path in outputs.items()}
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    both = f"Foo.md and foo.md map to {shown['Foo.md']} and {shown['foo.md']}"
    assert errors == [f"error: source_notes/foo.md: {both}, one file on this case-insensitive file system"]
    assert "`Foo.md`" in outputs["Foo.md"].read_text(encoding="utf-8")
    assert "`bar.md`" in outputs["bar.md"].read_text(encoding="utf-8")  # the others carry on
    assert not outputs["foo.md"].exists()  # (a case-sensitive test machine: nothing overwritten)


@pytest.mark.parametrize(
    ("preset", "names", "output"),
    [
        ("jekyll", ["post-EN.md", "post-en.md"], "source_notes/hi/post-hi.md"),
        ("default", ["post-EN.md", "post-en.md"], "translated/hi/post-hi.md"),
        ("hugo-dir", ["EN/x.md", "en/x.md"], "source_notes/hi/x.md"),
        ("hugo-suffix", ["intro.EN.md", "intro.md"], "source_notes/intro.hi.md"),
    ],
)
def test_names_the_layout_gives_one_output_are_an_error_on_every_file_system(
    tmp_path: Path, l10n: Runner, preset: str, names: list[str], output: str
) -> None:
    """Language codes in names are read without regard to case, so these pairs are one path."""
    root = _project(tmp_path, preset, [*names, "bar.md"])
    assert l10n(root, "extract").exit_code == 0
    result = l10n(root, "sync")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: source_notes/{names[1]}: {names[0]} and {names[1]} both map to {output}"]
    assert f"`{names[0].replace('/', ' ')}`" in (root / output).read_text(encoding="utf-8")
    assert _outputs(root, preset, ["bar.md"])["bar.md"].exists()


_FILES = st.sampled_from(["foo", "Foo", "FOO", "post-en", "post-EN", "Post-en", "intro.en", "intro", "x.hi", "X.HI"])
_FOLDERS = st.lists(st.sampled_from(["a", "A", "en", "EN", "hi"]), max_size=2)
_NAMES = st.lists(st.builds(lambda d, f: "/".join([*d, f + ".md"]), _FOLDERS, _FILES), unique=True, max_size=8)


@given(names=_NAMES, preset=st.sampled_from(sorted(PRESETS)), fold_case=st.booleans())
def test_the_build_refuses_exactly_the_collisions_the_layout_finds(names: list[str], preset: str, fold_case: bool) -> None:
    config = Config(Path("/p"), Path("/p/content"), Path("/p/locales"), "", layout=PRESETS[preset], languages=("hi", "fr"))
    names = sorted(names)  # the run's order: path order
    claims = OutputClaims(config, names)
    claims.fold_case = fold_case
    refused = {(name, lang) for name in names for lang in config.languages if claims.conflict(name, lang)}
    expected = {(c.notes[1], c.lang) for c in Layout.of(config).collisions(names, config.languages, fold_case)}
    # a note whose output is another source note is refused too, not a collision of outputs
    layout = Layout.of(config)
    sources = {"content/" + name for name in names}
    expected |= {(n, lang) for n in names for lang in config.languages if lang != layout.note_language(n) and layout.output_rel(n, lang) in sources and layout.output_rel(n, lang) != "content/" + n}
    assert refused == expected
