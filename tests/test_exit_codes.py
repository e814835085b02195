"""Every unknown name a user can give exits 2, as click's usage errors do (README, "Exit codes"):
on the command line it is a wrong option value, in the configuration a wrong setting; either
way one ``error:`` line that says where the name came from, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Runner

NOTE = {"a.md": "# Title\n\nText.\n"}


@pytest.mark.parametrize(
    ("setting", "args", "line"),
    [
        # engines: translate and sync, named on the command line or in the configuration
        ('engine = "pseudo"', ("translate", "--engine", "nosuch"), "error: --engine: unknown engine 'nosuch'; valid engines: "),
        ('engine = "pseudo"', ("sync", "--engine", "nosuch"), "error: --engine: unknown engine 'nosuch'; valid engines: "),
        ('engine = "pseudo"', ("translate", "--engine", "pseudo/x"), "error: --engine: unknown engine 'pseudo/x'; valid engines: "),
        ('engine = "gogle"', ("translate",), "error: pyproject.toml:7: [tool.l10n] engine: unknown engine 'gogle'; did you mean 'google'?"),
        ('engine = "gogle"', ("sync",), "error: pyproject.toml:7: [tool.l10n] engine: unknown engine 'gogle'; did you mean 'google'?"),
        # a wrong engine setting is an error even when --engine names a right one (the option
        # wins over the value, not over its check), and so is an engine table of no engine
        ('engine = "gogle"', ("translate", "--engine", "pseudo"), "error: pyproject.toml:7: [tool.l10n] engine: unknown engine 'gogle'; did you mean 'google'?"),
        ('engine = "gogle"', ("sync", "--engine", "pseudo"), "error: pyproject.toml:7: [tool.l10n] engine: unknown engine 'gogle'; did you mean 'google'?"),
        ('engine = "pseudo/x"', ("sync", "--engine", "pseudo"), "error: pyproject.toml:7: [tool.l10n] engine: unknown engine 'pseudo/x'; valid engines: "),
        ('engine = "pseudo"\n[tool.l10n.engines.gogle]\nurl = "http://h"', ("sync",), "error: pyproject.toml:8: [tool.l10n.engines.gogle]: unknown engine 'gogle'; did you mean 'google'?"),
        # ... and whatever the command: a wrong setting is one even where the engine is not used
        ('engine = "gogle"', ("extract",), "error: pyproject.toml:7: [tool.l10n] engine: unknown engine 'gogle'; did you mean 'google'?"),
        ('engine = "gogle"', ("build",), "error: pyproject.toml:7: [tool.l10n] engine: unknown engine 'gogle'; did you mean 'google'?"),
        ('engine = "gogle"', ("status",), "error: pyproject.toml:7: [tool.l10n] engine: unknown engine 'gogle'; did you mean 'google'?"),
        ('engine = "gogle"', ("check",), "error: pyproject.toml:7: [tool.l10n] engine: unknown engine 'gogle'; did you mean 'google'?"),
        ('engine = "pseudo"\n[tool.l10n.engines.gogle]\nurl = "http://h"', ("status",), "error: pyproject.toml:8: [tool.l10n.engines.gogle]: unknown engine 'gogle'; did you mean 'google'?"),
        # engine URLs and models: a value no engine can use, whatever --engine-url or --engine says
        ('engine_url = "htp:/h"', ("sync", "--engine", "pseudo"), "pyproject.toml:7: [tool.l10n] engine_url: 'htp:/h' is not an http:// or https:// URL"),
        ('engine_url = "localhost:5000"', ("sync", "--engine-url", "http://h"), "[tool.l10n] engine_url: 'localhost:5000' is not an http:// or https:// URL"),
        ('engine = "pseudo"\n[tool.l10n.engines.libre]\nurl = "h:5000"', ("extract",), "[tool.l10n] engines.libre.url: 'h:5000' is not an http:// or https:// URL"),
        ('model = ""', ("sync", "--engine", "pseudo", "--model", "m"), "pyproject.toml:7: [tool.l10n] model must not be empty"),
        ('jobs = 0', ("sync", "--engine", "pseudo", "--jobs", "2"), "pyproject.toml:7: [tool.l10n] jobs must be at least 1, got 0"),
        ('min_coverage = 200', ("build", "--min-coverage", "50"), "[tool.l10n] min_coverage must be between 0 and 100, got 200"),
        # language codes
        ('engine = "pseudo"', ("build", "--lang", "jp"), "error: --lang: unknown language tag 'jp'; did you mean 'ja' (Japanese)?"),
        ('source_language = "english"', ("extract",), "error: pyproject.toml:7: [tool.l10n] source_language: unknown language tag 'english'"),
        # layout presets and Markdown dialects
        ('layout = "jekyl"', ("extract",), "[tool.l10n] layout: unknown preset 'jekyl'; did you mean 'jekyll'?"),
        ('markdown = "kramdwn"', ("extract",), "[tool.l10n] markdown: unknown dialect 'kramdwn'; did you mean 'kramdown'?"),
        # memory backends: the setting, and a memory named on the command line
        ('memory = "mysql://u:secret@h/db"', ("translate", "--engine", "pseudo"), "error: pyproject.toml:7: [tool.l10n] memory: unknown memory backend 'mysql'"),
        ('engine = "pseudo"', ("memory", "copy", "--to", "redis://h/0"), "error: --to: unknown memory backend 'redis'"),
        ('engine = "pseudo"', ("memory", "export", "--memory", "mysql://h/db", "out.tmx"), "error: --memory: unknown memory backend 'mysql'"),
    ],
)
def test_an_unknown_name_is_a_usage_error_on_one_line(
    project: Callable[..., Path], l10n: Runner, setting: str, args: tuple[str, ...], line: str
) -> None:
    root = project(NOTE, ("hi",), setting + "\n")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = l10n(root, *args)
    assert result.exit_code == 2, result.output
    (shown,) = result.stderr.strip().splitlines()
    assert line in shown and shown.startswith("error: "), shown
    assert shown.count("pyproject.toml") <= 1, shown  # the file is named once (the review saw it twice)
    assert "secret" not in result.output
    made = sorted(p.relative_to(root) for p in root.rglob("*"))
    # nothing named like the URL (a memory "file" mysql:/…), no catalog or page written
    assert not [p for p in made if p not in before and p.parts[0] != "locales"], made
    assert not list(root.glob("locales/hi/*.po")) and not (root / "translated").exists()


def test_an_unknown_memory_url_in_the_environment_is_a_usage_error(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(NOTE, ("hi",), 'engine = "pseudo"\n')
    assert l10n(root, "extract").exit_code == 0
    monkeypatch.setenv("L10N_MEMORY_URL", "mysql://u:secret@h/db")
    result = l10n(root, "translate")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: L10N_MEMORY_URL: unknown memory backend 'mysql'; give a SQLite file path (or sqlite:///path)"
        " or a postgresql:// URL"
    )
    assert not (Path.cwd() / "mysql:").exists() and not (root / "mysql:").exists()


@pytest.mark.parametrize(("command", "value"), [("status", "yaml"), ("check", "html")])
def test_an_unknown_report_format_is_clicks_usage_error(
    project: Callable[..., Path], l10n: Runner, command: str, value: str
) -> None:
    root = project(NOTE)
    result = l10n(root, command, "--format", value)
    assert result.exit_code == 2
    assert f"Invalid value for '--format': '{value}' is not one of" in result.stderr


def test_a_known_engine_that_fails_is_still_an_error_not_a_usage_error(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A right name whose engine cannot work (no key) is an error of the run: exit 1."""
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    root = project(NOTE)
    assert l10n(root, "extract").exit_code == 0
    result = l10n(root, "translate", "--engine", "deepl")
    assert result.exit_code == 1 and "DEEPL_API_KEY" in result.stderr
