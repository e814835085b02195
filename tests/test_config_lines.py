"""A wrong setting is named ``file:line:``, where its key is written, and the file is named the
same way by every command and from every folder (reviewer, session 14: no line, and the file
sometimes ``l10n.toml``, sometimes its absolute path)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.config import key_line
from tests.conftest import Runner

NOTE = "# Title\n\nText.\n"
COMMANDS = [("status",), ("extract",), ("build",), ("check",), ("check", "--catalogs"), ("sync", "--dry-run"),
            ("sync", "--force", "--engine", "pseudo"), ("translate", "--engine", "pseudo")]

# (file name, its text, the expected message after "error: NAME:LINE: ")
CASES = [
    ("l10n.toml", '[tool.l10n]\nlanguages = ["hi"]\n\nlanguage = "de"\n', 4,
     "[tool.l10n]: unknown key 'language'; did you mean 'languages'?"),
    ("l10n.toml", 'languages = ["hi"]\n# jobs\njobs = "2"\n', 3, "[tool.l10n]: 'jobs' has the wrong type (str)"),
    ("pyproject.toml", '[project]\nname = "x"\n[tool.other]\njobs = 0\n[tool.l10n]\n# workers\njobs = 0\n', 7,
     "[tool.l10n] jobs must be at least 1, got 0"),
    ("pyproject.toml", '[tool.l10n]\n"min_coverage" = 101\n', 2, "[tool.l10n] min_coverage must be between 0 and 100, got 101.0"),
    ("l10n.toml", '[tool.l10n]\nlanguages = [\n  "hi",\n  "hi",\n]\n', 2, "[tool.l10n] languages lists a language twice: ['hi', 'hi']"),
    ("l10n.toml", 'languages = ["hi"]\nsource_language = "english"\n', 2,
     "[tool.l10n] source_language: unknown language tag 'english'; did you mean 'en' (English)?"),
    ("l10n.toml", 'languages = ["hi"]\nengine = "gogle"\n', 2, "[tool.l10n] engine: unknown engine 'gogle'; did you mean 'google'?"),
    ("l10n.toml", '[tool.l10n]\nlanguages = ["hi"]\n[tool.l10n.engines.openai]\nmodel = "m"\nurl = 3\n', 5,
     "[tool.l10n] engines.openai.url must be a string"),
    ("l10n.toml", '[tool.l10n]\nlanguages = ["hi"]\nengines.openai.url = "ftp://h"\n', 3,
     "[tool.l10n] engines.openai.url: 'ftp://h' is not an http:// or https:// URL"),
    ("l10n.toml", 'languages = ["hi"]\n[language_aliases]\nhant = "zzz-Q"\n', 3,
     "[tool.l10n] language_aliases.hant: unknown language tag 'zzz-Q'"),
    ("l10n.toml", 'languages = ["hi"]\n\n[markdown_constructs]\nmath = true\nfoo = true\n', 5,
     "[tool.l10n] markdown_constructs: unknown construct 'foo'"),
    ("l10n.toml", 'languages = ["hi"]\nlocales = "../elsewhere"\n', 2, "[tool.l10n] locales = '../elsewhere' leads outside"),
    ("l10n.toml", 'languages = ["hi"]\nmemory = "mysql://h/db"\n', 2, "[tool.l10n] memory: unknown memory backend 'mysql'"),
    ("l10n.toml", '[tool.l10n]\nlanguages = ["hi"\n', 2, "invalid TOML: Unclosed array at the end of the file"),
    ("l10n.toml", '[tool.l10n]\nlanguages = ["hi"]\nx ==\n', 3, "invalid TOML: Invalid value"),
]


@contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.mark.parametrize(("name", "text", "line", "message"), CASES, ids=[f"{c[0]}-{c[2]}-{c[3][:30]}" for c in CASES])
def test_a_wrong_setting_is_named_by_file_and_line(
    tmp_path: Path, l10n: Runner, name: str, text: str, line: int, message: str
) -> None:
    """Every command, from the project, from its subfolder (``-C ..``) and from outside it
    (``-C /abs``): the same ``error: NAME:LINE: message``, exit 2."""
    root = tmp_path / "site"
    (root / "source_notes").mkdir(parents=True)
    (root / "source_notes" / "a.md").write_text(NOTE, encoding="utf-8")
    (root / name).write_text(text, encoding="utf-8")
    where = [(root, "."), (root / "source_notes", ".."), (tmp_path, str(root))]
    for command in COMMANDS:
        for folder, given_root in where:
            with _inside(folder):
                result = l10n(Path(given_root), *command)
            assert result.exit_code == 2, (command, result.stderr)
            assert result.stderr.startswith(f"error: {name}:{line}: {message}"), (command, folder, result.stderr)


def test_a_glossary_file_names_its_line(tmp_path: Path, l10n: Runner) -> None:
    """The glossary's own TOML errors name its line too (and the glossary file, not l10n.toml)."""
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "a.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["hi"]\nglossary = "terms.toml"\n', encoding="utf-8")
    (tmp_path / "terms.toml").write_text('[glossary]\nl10n = "l10n"\nbad = \n', encoding="utf-8")
    result = l10n(tmp_path, "status")
    assert result.exit_code == 2
    assert result.stderr == "error: terms.toml:3: invalid glossary TOML: Invalid value\n"


_BARE = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
_FILLER = st.lists(
    st.sampled_from(["", "# a comment", 'other = "x = 1"', "[tool.other]", "jobs = 3", "[tool.l10n.engines.x]", 'url = "u"']),
    max_size=6,
)


@given(before=_FILLER, after=_FILLER, key=_BARE, quoted=st.booleans(), spaces=st.sampled_from(["", " ", "  "]))
def test_key_line_finds_the_key_in_its_table(
    tmp_path_factory: pytest.TempPathFactory, before: list[str], after: list[str], key: str, quoted: bool, spaces: str
) -> None:
    """Whatever comes before and after the ``[tool.l10n]`` table (other tables holding keys of
    the same name, comments, blank lines), the key's line is the one in that table."""
    written = f'"{key}"' if quoted else key
    lines = [*before, "[tool.l10n]", "", f"{spaces}{written}{spaces}= 1", *after]
    path = tmp_path_factory.mktemp("toml") / "pyproject.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert key_line(path, key) == len(before) + 3


@pytest.mark.parametrize(
    ("table", "line"),
    [('[tool.l10n.glossary.hi]\nfoo = 3\n', 4), ('[tool.l10n.glossary]\nkeep = "x"\n', 6), ('[tool.l10n.glossary]\nbogus = 1\n', 6)],
)
def test_a_wrong_glossary_stops_every_command_before_it_writes(tmp_path: Path, l10n: Runner, table: str, line: int) -> None:
    """The glossary is checked with the other settings: a sync that would remove a gone note's
    page first (the whole site) stops before, naming the glossary's line."""
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    (tmp_path / "source_notes/b.md").write_text("# B\n\nText.\n", encoding="utf-8")
    config = tmp_path / "l10n.toml"
    config.write_text('[tool.l10n]\nlanguages = ["hi"]\nengine = "pseudo"\n', encoding="utf-8")
    assert l10n(tmp_path, "sync").exit_code == 0
    (tmp_path / "source_notes/b.md").unlink()
    config.write_text(config.read_text(encoding="utf-8") + ("\n" if table.startswith("[tool.l10n.glossary]") else "") + table, encoding="utf-8")
    for command in ("sync", "status", "build", "check"):
        done = l10n(tmp_path, command)
        assert done.exit_code == 2 and f"l10n.toml:{line}: glossary:" in done.output, (command, done.output)
    assert (tmp_path / "translated/hi/b.md").is_file()  # not pruned by a run that could not go on


@pytest.mark.parametrize(
    ("setting", "message"),
    [("languages = []", "languages is empty"), ('front_matter_keys = ["title", 3]', "front_matter_keys must list key names")],
)
def test_settings_that_would_do_nothing_or_fail_later_are_named(tmp_path: Path, l10n: Runner, setting: str, message: str) -> None:
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes/a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(f'[tool.l10n]\nengine = "pseudo"\n{setting}\n', encoding="utf-8")
    for command in ("sync", "status", "check"):
        done = l10n(tmp_path, command)
        assert done.exit_code == 2 and f"l10n.toml:3: [tool.l10n] {message}" in done.output, (command, done.output)
