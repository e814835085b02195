"""Notes behind symbolic links: the walk follows a linked folder or note as MkDocs reads its
``docs_dir`` (``os.walk(followlinks=True)``) and Jekyll outside safe mode, naming each note by
the link's path (where the generator puts its page); it leaves a link out of the project (unless
``allow_outside_project``) and a link to a folder that holds it (a loop), with a ``warning:``
line naming it. Links in built pages and the pages built agree: a link leads to a note's
translation only when that translation is built, else to the file it named."""

from __future__ import annotations

import os
import posixpath
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.site.links import find_links, is_relative, resolve, split_url
from tests.conftest import Runner

HOME = "# Home\n\nSee [setup](guide/setup-en.md), [the guide](guide/) and [a picture](../assets/a.png).\n"
SETUP = "# Setup\n\nBack [home](../index-en.md).\n"


def _project(root: Path, extra: str = "") -> Path:
    """A project without a package name: ``l10n.toml``, ``source_notes/index-en.md`` and
    ``assets/a.png``."""
    (root / "source_notes").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "assets/a.png").write_bytes(b"png\n")
    (root / "l10n.toml").write_text(f'languages = ["hi"]\nmarkdown = "gfm"\n{extra}', encoding="utf-8")
    (root / "source_notes/index-en.md").write_text(HOME, encoding="utf-8")
    return root


def _guide(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "setup-en.md").write_text(SETUP, encoding="utf-8")
    (folder / "index.md").write_text("# Guide\n\nSee [setup](setup-en.md).\n", encoding="utf-8")
    return folder


def _sync(l10n: Runner, root: Path, *args: str) -> str:
    done = l10n(root, "sync", "--engine", "pseudo", *args)
    assert done.exit_code == 0, done.output
    return done.stderr


def _broken_links(root: Path) -> list[str]:
    """Relative links of the built pages that lead to no file (every link of the notes here
    leads to one in the source), as ``page: url``."""
    broken = []
    for page in sorted((root / "translated").rglob("*.md")):
        rel = page.relative_to(root).as_posix()
        for link in find_links(page.read_text(encoding="utf-8")):
            path = split_url(link.url)[0]
            if is_relative(link.url) and path and resolve(str(root), posixpath.dirname(rel), path) is None:
                broken.append(f"{rel}: {link.url}")
    return broken


def _built(root: Path) -> list[str]:
    return sorted(p.relative_to(root / "translated/hi").as_posix() for p in (root / "translated/hi").rglob("*.md"))


def test_a_linked_folder_inside_the_project_is_read_where_the_link_is(tmp_path: Path, l10n: Runner) -> None:
    """``source_notes/guide -> ../elsewhere/guide``: its note is a note named ``guide/…``
    (its catalog's references too), built, and the link to it leads to its translation."""
    root = _project(tmp_path / "site")
    _guide(root / "elsewhere/guide")
    (root / "source_notes/guide").symlink_to("../elsewhere/guide", target_is_directory=True)
    assert "warning" not in _sync(l10n, root)
    assert _built(root) == ["guide/index.md", "guide/setup-hi.md", "index-hi.md"]
    assert "](guide/setup-hi.md)" in (root / "translated/hi/index-hi.md").read_text(encoding="utf-8")
    assert "#: source_notes/guide/setup-en.md:1\n" in (root / "locales/hi/guide/setup-en.po").read_text(
        encoding="utf-8"
    )
    assert _broken_links(root) == []


def test_a_linked_source_folder_keeps_its_name(tmp_path: Path, l10n: Runner) -> None:
    """The whole source folder a link (into the project, and out of it): notes, references and
    links are named by the link, no file holds where it leads, and links reach built pages."""
    for target in ("content", "../shared-notes"):
        root = _project(tmp_path / target.strip("./") / "site")
        real = root / target
        (root / "source_notes").rename(real)
        _guide(real / "guide")
        (root / "source_notes").symlink_to(target, target_is_directory=True)
        _sync(l10n, root)
        assert _built(root) == ["guide/index.md", "guide/setup-hi.md", "index-hi.md"]
        assert _broken_links(root) == [], target
        for path in (root / "locales").rglob("*.po*"):
            text = path.read_text(encoding="utf-8")
            assert str(tmp_path) not in text and "source_notes/" in text, path


def test_a_linked_folder_outside_the_project_is_named_and_not_linked_to(tmp_path: Path, l10n: Runner) -> None:
    """Left unread with a warning naming it: no page is built for its note, and the link to it
    leads to the file it named, not to a translation no build writes; a NOTE argument there is
    an error of its own. ``allow_outside_project = true`` reads it (a setting: the next run
    builds it and relinks the notes that lead to it)."""
    root = _project(tmp_path / "site")
    _guide(tmp_path / "outside/guide")
    (root / "source_notes/guide").symlink_to(tmp_path / "outside/guide", target_is_directory=True)
    said = _sync(l10n, root)
    assert f"warning: source_notes/guide: a symbolic link to {tmp_path / 'outside/guide'}, outside the project" in said
    assert _built(root) == ["index-hi.md"]
    assert "](../../source_notes/guide/setup-en.md)" in (root / "translated/hi/index-hi.md").read_text(encoding="utf-8")
    assert _broken_links(root) == []
    planned = l10n(root, "sync", "--dry-run", "--engine", "pseudo")
    assert "warning: source_notes/guide: a symbolic link to " in planned.stderr, planned.output
    for command in ("extract", "build"):
        one = l10n(root, command, "source_notes/guide/setup-en.md")
        assert one.exit_code == 1 and one.stderr.startswith(
            "error: source_notes/guide/setup-en.md: source_notes/guide: "
        )
    (root / "l10n.toml").write_text(
        'languages = ["hi"]\nmarkdown = "gfm"\nallow_outside_project = true\n', encoding="utf-8"
    )
    assert "warning" not in _sync(l10n, root)
    assert _built(root) == ["guide/index.md", "guide/setup-hi.md", "index-hi.md"]
    assert "](guide/setup-hi.md)" in (root / "translated/hi/index-hi.md").read_text(encoding="utf-8")
    assert _broken_links(root) == []


def test_symlink_loops_are_named_and_the_other_notes_built(tmp_path: Path, l10n: Runner) -> None:
    """A folder linking to the source folder, to the project, or to its own parent: the run
    ends (the walk reads each real folder once), says which link it did not follow, and builds
    the other notes."""
    root = _project(tmp_path / "site")
    _guide(root / "source_notes/guide")
    (root / "source_notes/up").symlink_to("..", target_is_directory=True)
    (root / "source_notes/again").symlink_to(".", target_is_directory=True)
    (root / "source_notes/guide/parent").symlink_to("..", target_is_directory=True)
    said = _sync(l10n, root)
    for link in ("source_notes/again", "source_notes/up", "source_notes/guide/parent"):
        assert f"warning: {link}: a symbolic link to a folder that holds it (a loop), not followed" in said
    assert _built(root) == ["guide/index.md", "guide/setup-hi.md", "index-hi.md"]
    assert _broken_links(root) == []


def test_a_link_into_what_l10n_writes_is_not_read(tmp_path: Path, l10n: Runner) -> None:
    """A link to the output folder or the catalogs' would have l10n translate its own pages
    again, one level deeper at each run: named and left, and runs after the first build the same pages."""
    root = _project(tmp_path / "site")
    _guide(root / "source_notes/guide")
    (root / "translated").mkdir()
    (root / "source_notes/out").symlink_to("../translated", target_is_directory=True)
    (root / "source_notes/po").symlink_to("../locales/hi", target_is_directory=True)
    said = _sync(l10n, root) + _sync(l10n, root)
    assert "warning: source_notes/out: a symbolic link to translated, where l10n writes (translated), not read" in said
    assert "warning: source_notes/po: a symbolic link to locales/hi, where l10n writes (locales), not read" in said
    assert _built(root) == ["guide/index.md", "guide/setup-hi.md", "index-hi.md"]
    assert _broken_links(root) == []


def test_a_link_to_a_dropped_languages_pages_is_not_read(tmp_path: Path, l10n: Runner) -> None:
    """The pages of a language dropped from ``languages`` are l10n's until the next whole-site
    sync prunes them: a link to them is no way in for them as notes (translated again into the
    languages left, their text sent to the engine, an orphan catalog left)."""
    root = _project(tmp_path / "site")
    (root / "l10n.toml").write_text('languages = ["hi", "de"]\nmarkdown = "gfm"\n', encoding="utf-8")
    _sync(l10n, root)
    (root / "source_notes/old").symlink_to("../translated/de", target_is_directory=True)
    _sync(l10n, root)
    (root / "l10n.toml").write_text('languages = ["hi"]\nmarkdown = "gfm"\n', encoding="utf-8")
    planned = l10n(root, "sync", "--engine", "pseudo", "--dry-run")
    assert planned.exit_code == 0 and "of 1 note" in planned.output and "old/" not in planned.output, planned.output
    said = _sync(l10n, root)
    assert "where l10n writes (translated), not read" in said, said
    assert _built(root) == ["index-hi.md"]
    assert sorted(p.relative_to(root / "locales").as_posix() for p in (root / "locales").rglob("*.po")) == [
        "de/index-en.po",
        "hi/index-en.po",
    ]


def test_a_folder_reached_two_ways_is_read_once_and_links_to_both_resolve(tmp_path: Path, l10n: Runner) -> None:
    root = _project(tmp_path / "site")
    _guide(root / "source_notes/guide")
    (root / "source_notes/manual").symlink_to("guide", target_is_directory=True)
    (root / "source_notes/index-en.md").write_text(
        HOME + "\nAlso [the manual](manual/setup-en.md).\n", encoding="utf-8"
    )
    _sync(l10n, root)
    assert len(_built(root)) == 3
    assert _broken_links(root) == []


TARGETS = ("elsewhere", "outside", "source", "root", "guide", "missing", "note-outside", "note-inside", "output")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(TARGETS), min_size=1, max_size=4), st.booleans())
def test_any_arrangement_of_links_builds_what_its_links_lead_to(links: list[str], allow: bool) -> None:
    """Links of every kind (into the project, out of it, loops, a folder twice, a broken one,
    linked notes) under the source folder: the run ends and succeeds, and every link of every
    built page leads to a file."""
    from click.testing import CliRunner

    from l10n.cli import cli

    with tempfile.TemporaryDirectory() as temp:
        top = Path(temp)
        root = _project(top / "site", "allow_outside_project = true\n" if allow else "")
        _guide(root / "source_notes/guide")
        _guide(root / "elsewhere")
        _guide(top / "outside")
        where = {
            "elsewhere": root / "elsewhere",
            "outside": top / "outside",
            "source": root / "source_notes",
            "root": root,
            "guide": root / "source_notes/guide",
            "missing": root / "nowhere",
            "note-outside": top / "plain-en.md",
            "note-inside": root / "plain-en.md",
            "output": root / "translated",
        }
        for plain in (top, root):  # a linked note's own links would resolve from the link's folder
            (plain / "plain-en.md").write_text("# Plain\n\nNo links.\n", encoding="utf-8")
        (root / "translated").mkdir()
        inside = {
            "source": "/index-en.md",
            "root": "/source_notes/index-en.md",
            "missing": None,
            "output": None,
        }  # else a guide
        body = HOME
        for number, kind in enumerate(links):
            name = f"l{number}" + ("-en.md" if kind.startswith("note") else "")
            os.symlink(where[kind], root / "source_notes" / name)
            path = name if kind.startswith("note") else inside.get(kind, "/setup-en.md")
            if path is not None:  # a link that leads somewhere in the source
                body += f"\n[{kind}]({name + path if path.startswith('/') else path})\n"
        (root / "source_notes/index-en.md").write_text(body, encoding="utf-8")
        for _ in range(2):  # the second run reads what the first wrote, as a site's next push would
            done = CliRunner().invoke(cli, ["-C", str(root), "sync", "--engine", "pseudo"])
            assert done.exit_code == 0, done.output
            assert _broken_links(root) == [], links


@pytest.mark.parametrize("link_name", ["innerlink", "aaa"])
def test_a_link_to_a_folder_of_the_notes_is_not_a_second_name_for_them(tmp_path: Path, link_name: str) -> None:
    """source_notes/innerlink -> inner: the notes of inner/ are built under inner/, whatever
    the link's name sorts before or after, and a link to inner/i.md leads to its translation
    (it led to the English source when the walk met the folder through the link first)."""
    from click.testing import CliRunner

    from l10n.cli import cli
    from tests.conftest import write_project

    root = write_project(tmp_path, {"inner/i.md": "# Inner\n\nText.\n", "foo.md": "# Foo\n\nSee [i](inner/i.md).\n"})
    (root / "source_notes" / link_name).symlink_to("inner", target_is_directory=True)
    done = CliRunner().invoke(cli, ["-C", str(root), "sync", "--engine", "pseudo"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    pages = sorted(p.relative_to(root / "translated/hi").as_posix() for p in (root / "translated/hi").rglob("*.md"))
    assert pages == ["foo.md", "inner/i.md"]
    assert "(inner/i.md)" in (root / "translated/hi/foo.md").read_text(encoding="utf-8")
    assert f"warning: source_notes/{link_name}: a link to a folder of the notes (inner)" in done.stderr


def test_links_to_files_follow_the_rule_of_links_to_folders(tmp_path: Path, l10n: Runner) -> None:
    """A link to a note of the source folder is not a second name for it (it was translated
    twice: two catalogs, two pages) and a link that leads nowhere is no unreadable note on every
    run: each is left with one warning line per run, and the run succeeds; a link to a note
    outside the source folder is still read under the link's name."""
    root = _project(tmp_path)
    notes = root / "source_notes"
    (notes / "sub").mkdir()
    (notes / "sub/alias-en.md").symlink_to("../index-en.md")
    (notes / "gone-en.md").symlink_to("missing-en.md")
    (root / "shared").mkdir()
    (root / "shared/faq-en.md").write_text("# FAQ\n\nAsk.\n", encoding="utf-8")
    (notes / "faq-en.md").symlink_to("../shared/faq-en.md")
    for _ in range(2):
        done = l10n(root, "sync", "--engine", "pseudo")
        assert done.exit_code == 0, done.output
        warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
        assert warnings == [
            "warning: source_notes/gone-en.md: a symbolic link to missing-en.md, which does not exist, not read",
            "warning: source_notes/sub/alias-en.md: a link to a note (index-en.md), which is read there",
        ], done.stderr
    pages = sorted(p.relative_to(root / "translated/hi").as_posix() for p in (root / "translated/hi").rglob("*.md"))
    assert pages == ["faq-hi.md", "index-hi.md"]
    assert sorted(p.name for p in (root / "locales/hi").rglob("*.po")) == ["faq-en.po", "index-en.po"]
    named = l10n(root, "extract", "source_notes/sub/alias-en.md")
    assert named.exit_code != 0 and "a link to a note (index-en.md), which is read there" in named.output
