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


# -- catalogs that cannot be read ------------------------------------------------------------------


def _latin1(text: str) -> bytes:
    """The catalog as ``msgconv --to-code=ISO-8859-1`` writes it (which ``msgfmt -c`` accepts):
    its header's charset changed, a translation with a non-ASCII letter, Latin-1 bytes."""
    text = text.replace("charset=UTF-8", "charset=ISO-8859-1")
    text = text.replace('msgid "Para one b."\nmsgstr "', 'msgid "Para one b."\nmsgstr "Grüße ', 1)
    return text.encode("iso-8859-1", errors="replace")


BREAKAGES: dict[str, Callable[[Path], str]] = {}


def _breakage(name: str) -> Callable[[Callable[[Path], str]], Callable[[Path], str]]:
    def register(function: Callable[[Path], str]) -> Callable[[Path], str]:
        BREAKAGES[name] = function
        return function

    return register


@_breakage("unterminated")
def _unterminated(path: Path) -> str:
    with path.open("ab") as handle:
        handle.write(b'msgid "broken\n')
    lines = path.read_bytes().count(b"\n")
    return f"locales/hi/b.po:{lines}: malformed or unterminated string"


@_breakage("latin-1")
def _latin_1(path: Path) -> str:
    path.write_bytes(_latin1(path.read_text(encoding="utf-8").replace("\n#, fuzzy\n", "\n")))
    data = path.read_bytes()
    line = data[: next(i for i, byte in enumerate(data) if byte >= 0x80)].count(b"\n") + 1
    return (
        f"locales/hi/b.po:{line}: not valid UTF-8 (its header declares charset ISO-8859-1, which l10n does "
        "not read): convert it with msgconv --to-code=UTF-8"
    )


@_breakage("duplicate")
def _duplicate(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgid "Para two b."\nmsgstr "x"\n', encoding="utf-8")
    return f"locales/hi/b.po:{text.count(chr(10)) + 2}: duplicate entry for msgid 'Para two b.'"


@pytest.fixture
def three_notes(project: Callable[..., Path], l10n: Runner) -> Path:
    root = project({f"{n}.md": NOTE.format(n=n) for n in "abc"}, ("hi", "de"))
    result = l10n(root, "sync", "--engine", "pseudo")
    assert result.exit_code == 0, result.stderr
    return root


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_sync_counts_an_unreadable_catalog_untranslated(three_notes: Path, l10n: Runner, breakage: str) -> None:
    """One language's broken catalog hid its note from every language's coverage line ("in 2
    notes" for both), and its own language said 100 %: now the other language counts it, and
    its own counts its template's segments untranslated and says so; exit 1, the error named."""
    error = BREAKAGES[breakage](three_notes / "locales" / "hi" / "b.po")
    for args in (("sync", "--engine", "pseudo"), ("sync", "--engine", "pseudo", "--force")):
        result = l10n(three_notes, *args)
        assert result.exit_code == 1
        assert error in result.stderr
        hi, de = result.stdout.splitlines()
        assert hi == (
            "hi (Hindi): 66.6% translated, 0.0% approved (0 approved, 6 fuzzy, 3 untranslated of 9 segments "
            "in 3 notes); 1 catalog unreadable, counted untranslated"
        )
        assert de.startswith("de (German): 100.0% translated") and de.endswith("of 9 segments in 3 notes)")
    if breakage == "latin-1":
        # nothing lost: the file that could not be read is left as it was
        assert b"Gr\xfc" in (three_notes / "locales" / "hi" / "b.po").read_bytes()


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_status_counts_an_unreadable_catalog_untranslated(three_notes: Path, l10n: Runner, breakage: str) -> None:
    """status left the note out of the broken catalog's language ("all 2 current", 100 %)."""
    import json

    error = BREAKAGES[breakage](three_notes / "locales" / "hi" / "b.po")
    result = l10n(three_notes, "status", "--format", "json", "--by-note")
    assert result.exit_code == 1
    assert result.stderr == f"error: {error} (its segments counted untranslated)\n"
    report = json.loads(result.stdout)
    hi, de = report["languages"]
    assert hi["segments"]["total"] == de["segments"]["total"] == 9
    assert (hi["segments"]["untranslated"], hi["coverage"]) == (3, 66.66)
    assert de["coverage"] == 100
    assert len(hi["notes"]) == len(de["notes"]) == 3
    gate = l10n(three_notes, "status", "--fail-under", "100", "--lang", "hi")
    assert gate.exit_code == 1


# -- anchors broken in the source ------------------------------------------------------------------

LAYOUTS = [
    ("default", "a.md", "b.md"),
    ("default", "a-en.md", "b-en.md"),
    ("hugo-suffix", "a.md", "b.md"),
    ("mkdocs-suffix", "a.md", "b.md"),
    ("jekyll", "a.md", "b.md"),
    ("hugo-dir", "a.md", "b.md"),
    ("docusaurus", "a.md", "b.md"),
]


@pytest.mark.parametrize(("layout", "a", "b"), LAYOUTS, ids=[f"{lay}-{a}" for lay, a, _ in LAYOUTS])
def test_an_anchor_broken_in_the_source_is_one_warning_on_the_source(
    project: Callable[..., Path], l10n: Runner, layout: str, a: str, b: str
) -> None:
    """``[bad](b.md#missing)`` was an error blamed on the translation (``no such anchor:
    b.de.md#missing``) where the layout renames the target, and nothing where it does not:
    now a warning naming the source note's line, in every layout, once for all languages."""
    root = project(
        {a: f"# A\n\nSee [bad]({b}#missing) and [self](#nope).\n", b: "# B\n\nText.\n"},
        ("de", "hi"),
        f'layout = "{layout}"\n',
    )
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    result = l10n(root, "check")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert [line.split(" (by GitHub")[0].removesuffix(" [source-anchor]") for line in lines] == [
        f"source_notes/{a}:3: warning: no such anchor in the source: {b}#missing",
        f"source_notes/{a}:3: warning: no such anchor in the source: #nope",
    ]
    assert result.stderr.endswith("check: 2 notes, de, hi: 0 problems, 2 warnings\n")


def test_an_anchor_the_translation_breaks_is_still_an_error(project: Callable[..., Path], l10n: Runner) -> None:
    """Only the source's broken anchors are excused: one a built note breaks is the build's."""
    root = project({"a.md": "# A\n\nSee [good](b.md#b).\n", "b.md": "# B\n\nText.\n"}, ("de",), 'layout = "hugo-suffix"\n')
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    built = root / "source_notes" / "a.de.md"
    built.write_text(built.read_text(encoding="utf-8").replace("#b)", "#gone)"), encoding="utf-8")
    result = l10n(root, "check")
    assert result.exit_code == 1
    assert "source_notes/a.de.md:3: no such anchor: b.de.md#gone [unresolved]" in result.stdout


def test_a_source_problem_is_said_once_for_all_languages(project: Callable[..., Path], l10n: Runner) -> None:
    """A note whose front matter broke after its last sync: one line, not one per language."""
    root = project({"a.md": "---\ntitle: ok\n---\n# A\n\nText.\n"}, ("de", "hi"))
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    (root / "source_notes" / "a.md").write_text("---\ntitle: [unclosed\n---\n# A\n\nText.\n", encoding="utf-8")
    result = l10n(root, "check")
    assert result.exit_code == 1
    assert result.stdout.count("source_notes/a.md:2: invalid YAML in front matter") == 1
