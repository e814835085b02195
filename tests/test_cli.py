"""The extract and build commands end to end, including bad input."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polib
import pytest
import yaml
from click.testing import CliRunner

from l10n.cli import cli
from l10n.cli.app import App, progress_for, summary
from l10n.config import EngineSettings, engine_settings, load_config
from l10n.pipeline import Action, Outcome, Report
from l10n.po.catalog import Catalog
from l10n.site.layout import select_notes
from tests.conftest import Runner, require_tool, write_project
from tests.stubs import LibreStub

REPO = Path(__file__).parent.parent

GOOD = """---
title: A good note
lang: en
layout: post
---

## Heading

Text with a citation. ([Source][1])

[1]: https://example.com/a "A title"
"""


def strip_language_lines(data: bytes) -> bytes:
    return b"".join(line for line in data.splitlines(keepends=True) if not line.startswith((b"lang:", b"translated:")))


def test_extract_then_build_gives_the_source_back(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"blog/2025-09-12-post-en.md": GOOD, "plain.md": "# No front matter\n\nText.\n"})
    result = l10n(root, "extract")
    assert result.exit_code == 0, result.output
    assert (root / "locales/templates/blog/2025-09-12-post-en.pot").is_file()
    assert (root / "locales/hi/blog/2025-09-12-post-en.po").is_file()
    result = l10n(root, "build")
    assert result.exit_code == 0, result.output
    built = (root / "translated/hi/blog/2025-09-12-post-hi.md").read_bytes()
    assert strip_language_lines(built) == strip_language_lines(GOOD.encode())
    assert b"lang: hi\n" in built and b"translated: true\n" in built
    assert (root / "translated/hi/plain.md").read_bytes() == b"# No front matter\n\nText.\n"


def test_translations_reach_the_built_note(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"post-en.md": GOOD})
    l10n(root, "extract")
    path = root / "locales/hi/post-en.po"
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        entry.msgstr = {"A good note": "एक अच्छा नोट", "Heading": "शीर्षक"}.get(entry.msgid, "")
    po.save(str(path))
    l10n(root, "build")
    built = (root / "translated/hi/post-hi.md").read_text(encoding="utf-8")
    assert "title: एक अच्छा नोट\n" in built
    assert "## शीर्षक\n" in built
    assert "Text with a citation. ([Source][1])" in built
    assert '[1]: https://example.com/a "A title"\n' in built


def test_rerun_rewrites_nothing(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD, "sub/b.md": "Text.\n"})
    l10n(root, "extract")
    l10n(root, "build")
    bookkeeping = (".l10n.lock", ".l10n-cache.sqlite3")  # l10n's own state and caches
    files = [
        p
        for p in root.rglob("*")
        if p.is_file() and "source_notes" not in p.parts and not any(part.startswith(bookkeeping) for part in p.parts)
    ]
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    past = 1_000_000_000
    for p in [*files, *(root / "source_notes").rglob("*.md")]:
        os.utime(p, ns=(past, past))
    assert l10n(root, "extract").exit_code == 0
    assert l10n(root, "build").exit_code == 0
    for p in files:
        assert p.stat().st_mtime_ns == past, f"{p} was rewritten"
        assert p.read_bytes() == before[p][1]


def test_min_coverage_keeps_the_old_output(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD})
    l10n(root, "extract")
    out = root / "translated/hi/a-hi.md"
    out.parent.mkdir(parents=True)
    out.write_text("old translation\n", encoding="utf-8")
    result = l10n(root, "-v", "build", "--min-coverage", "50")  # -v: each note held back
    assert result.exit_code == 0
    assert "a-en.md [hi]: 0% translated, below the minimum 50%" in result.stderr
    assert out.read_text(encoding="utf-8") == "old translation\n"


def test_select_notes_and_languages(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD, "b-en.md": GOOD}, languages=("hi", "ar"))
    result = l10n(root, "extract", "--lang", "ar", "source_notes/a-en.md")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(root / "locales").as_posix() for p in (root / "locales").rglob("*.po")) == ["ar/a-en.po"]
    assert Catalog.load(root / "locales/ar/a-en.po").po.metadata["Plural-Forms"].startswith("nplurals=6")


def test_unknown_language_is_a_clear_error(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD}, languages=("hi", "xx-bogus"))
    result = l10n(root, "extract")
    assert result.exit_code == 2  # a configuration mistake is a usage error
    assert result.stderr.startswith("error: pyproject.toml:6: [tool.l10n] languages: unknown language tag 'xx-bogus'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_config_key_suggests_the_right_one(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD}, extra='langauges = ["hi"]\n')
    result = l10n(root, "extract")
    assert result.exit_code == 2
    assert "unknown key 'langauges'; did you mean 'languages'?" in result.stderr


BAD_NOTES: dict[str, tuple[bytes, str]] = {
    "invalid-yaml.md": (b"---\ntitle: [unclosed\n---\nText.\n", "invalid-yaml.md:2: invalid YAML in front matter"),
    "list-yaml.md": (b"---\n- a\n- b\n---\nText.\n", "list-yaml.md:2: front matter must be a mapping"),
    "unterminated.md": (b"---\ntitle: x\nText.\n", "unterminated.md:1: front matter is not terminated"),
    "latin1.md": ("Caf\u00e9 au lait\n".encode("latin-1"), "latin1.md:1: not valid UTF-8"),
    "nul.md": (b"Text\n\x00binary\n", "nul.md:2: contains NUL bytes"),
    "binary.md": (bytes(range(256)), "binary.md:1: contains NUL bytes"),
}


def test_bad_notes_are_reported_and_others_carry_on(project: Callable[..., Path], l10n: Runner) -> None:
    notes: dict[str, bytes | str] = {name: data for name, (data, _) in BAD_NOTES.items()}
    notes["good-en.md"] = GOOD
    root = project(notes)
    (root / "source_notes/dir.md").mkdir()
    result = l10n(root, "extract")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    for _, expected in BAD_NOTES.values():
        assert any(line.startswith(f"error: source_notes/{expected}") for line in lines), (expected, lines)
    assert "Traceback" not in result.output
    assert (root / "locales/hi/good-en.po").is_file()
    assert not (root / "locales/hi/invalid-yaml.po").exists()
    result = l10n(root, "build")
    assert result.exit_code == 1
    assert (root / "translated/hi/good-hi.md").is_file()


def test_broken_catalog_is_never_replaced(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD, "b-en.md": GOOD})
    l10n(root, "extract")
    broken = root / "locales/hi/a-en.po"
    damaged = broken.read_bytes().replace(b'msgstr ""\n\n#. heading', b'msgstr "oops\n\n#. heading', 1)
    broken.write_bytes(damaged)
    (root / "source_notes/a-en.md").write_text(GOOD + "\nNew paragraph.\n", encoding="utf-8")
    (root / "source_notes/b-en.md").write_text(GOOD + "\nNew paragraph.\n", encoding="utf-8")
    result = l10n(root, "extract")
    assert result.exit_code == 1
    assert "error: " in result.stderr and "a-en.po:" in result.stderr and "unterminated" in result.stderr
    assert broken.read_bytes() == damaged
    assert "New paragraph." in (root / "locales/hi/b-en.po").read_text(encoding="utf-8")


def test_corpus_catalogs_pass_msgfmt(corpus_project: Path, l10n: Runner) -> None:
    assert l10n(corpus_project, "extract").exit_code == 0
    catalogs = sorted((corpus_project / "locales").rglob("*.po*"))
    assert len(catalogs) > 10
    for path in catalogs:
        result = subprocess.run([require_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, (path, result.stderr)


def test_corpus_identity_through_the_cli(corpus_project: Path, l10n: Runner) -> None:
    assert l10n(corpus_project, "extract").exit_code == 0
    assert l10n(corpus_project, "build").exit_code == 0
    sources = sorted((corpus_project / "source_notes").rglob("*.md"))
    for source in sources:
        rel = source.relative_to(corpus_project / "source_notes")
        name = rel.name[: -len("-en.md")] + "-hi.md" if rel.name.endswith("-en.md") else rel.name
        built = corpus_project / "translated/hi" / rel.parent / name
        assert strip_language_lines(built.read_bytes()) == strip_language_lines(source.read_bytes()), rel


def test_help_for_every_command(l10n: Runner, tmp_path: Path) -> None:
    import click

    from l10n.cli import cli

    context = click.Context(cli)
    names = cli.list_commands(context)  # status, check and adopt are loaded only when asked for
    assert set(names) == {"extract", "translate", "build", "sync", "status", "check", "adopt", "init", "memory"}
    listing = l10n(tmp_path, "--help").output
    for name in names:
        command = cli.get_command(context, name)
        assert command is not None and command.help, name
        assert f"  {name} " in listing, name
        result = l10n(tmp_path, name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_noop_run_skips_untouched_notes_but_sees_edits(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD, "b-en.md": GOOD})
    l10n(root, "extract")
    l10n(root, "build")
    result = l10n(root, "extract")
    assert "0 catalogs written, 2 unchanged" in result.stderr
    (root / "source_notes/a-en.md").write_text(GOOD + "\nAdded.\n", encoding="utf-8")
    result = l10n(root, "extract")
    assert "1 catalog written, 1 unchanged" in result.stderr
    po = root / "locales/hi/b-en.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "Heading"\nmsgstr ""', 'msgid "Heading"\nmsgstr "शीर्षक"'), encoding="utf-8")
    result = l10n(root, "build")
    assert "2 notes written, 0 unchanged" in result.stderr  # a changed (source) and b (catalog)
    assert "## शीर्षक" in (root / "translated/hi/b-hi.md").read_text(encoding="utf-8")


def test_shards_partition_the_notes(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({f"n{i}-en.md": GOOD for i in range(12)})
    seen: list[str] = []
    for k in (1, 2, 3):
        before = set((root / "locales/hi").glob("*.po")) if (root / "locales/hi").exists() else set()
        assert l10n(root, "extract", "--shard", f"{k}/3").exit_code == 0
        after = set((root / "locales/hi").glob("*.po"))
        seen.extend(p.name for p in after - before)
    assert sorted(seen) == sorted(f"n{i}-en.po" for i in range(12))
    assert l10n(root, "extract", "--shard", "4/3").exit_code == 2


# -- the first hour (issue 18): messages, exit codes, options ----------------------------------


def test_global_options_are_accepted_after_the_command(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD})
    assert l10n(root, "extract").exit_code == 0
    quiet = CliRunner().invoke(cli, ["status", "-q", "-C", str(root), "--no-color"], catch_exceptions=False)
    assert quiet.exit_code == 0, quiet.output
    assert "hi" in quiet.stdout and quiet.stderr == ""
    verbose = CliRunner().invoke(cli, ["extract", "-vv", "--project", str(root)], catch_exceptions=False)
    assert verbose.exit_code == 0 and f"project {root}" in verbose.stderr


def test_verbose_says_more(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD})
    plain, verbose = l10n(root, "extract", "--force"), l10n(root, "-v", "extract", "--force")
    assert len(verbose.stderr.splitlines()) > len(plain.stderr.splitlines())
    assert re.search(r"^extract: \d+\.\d\d s$", verbose.stderr, re.MULTILINE)


def test_language_typos_get_a_suggestion_and_exit_2(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD}, languages=("hindi",))
    result = l10n(root, "extract")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: pyproject.toml:6: [tool.l10n] languages: unknown language tag 'hindi'; did you mean 'hi' (Hindi)?\n"
    )
    root = project({"a-en.md": GOOD})
    result = l10n(root, "status", "--lang", "jp")
    assert result.exit_code == 2
    assert result.stderr == "error: --lang: unknown language tag 'jp'; did you mean 'ja' (Japanese)?\n"


def test_a_missing_project_folder_is_named(tmp_path: Path, l10n: Runner) -> None:
    result = l10n(tmp_path / "nonexistent", "sync")
    assert result.exit_code == 2
    assert result.stderr == f"error: project folder not found: {tmp_path / 'nonexistent'} (given with -C/--project)\n"


def test_an_empty_source_folder_says_there_are_no_notes(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({})
    for command in ("sync", "extract", "status"):
        result = l10n(root, command)
        assert result.exit_code == 1, command
        assert result.stderr.startswith("error: no notes: the source folder source_notes/ holds no *.md files"), command
        assert "100.0" not in result.output


def test_broken_notes_are_one_line_each_in_sync(project: Callable[..., Path], l10n: Runner) -> None:
    bad = "---\ntitle: A\nfoo: [unclosed\nbar: 1\nbaz: 2\nqux: 3\n---\n\nText.\n"
    root = project({"a-en.md": bad, "b-en.md": bad, "good-en.md": GOOD}, extra='engine = "pseudo"\n')
    result = l10n(root, "sync")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: source_notes/{name}:3: invalid YAML in front matter: did not find expected ',' or ']'"
        for name in ("a-en.md", "b-en.md")
    ]
    assert (root / "translated/hi/good-hi.md").is_file()


def test_sync_takes_notes_and_a_dry_run_writes_nothing(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD, "b-en.md": GOOD.replace("Heading", "Other")}, extra='engine = "pseudo"\n')
    before = sorted(p for p in root.rglob("*") if p.is_file())
    plan = l10n(root, "sync", "--dry-run")
    assert plan.exit_code == 0, plan.output
    assert sorted(p for p in root.rglob("*") if p.is_file() and ".l10n-" not in p.name) == before
    assert "extract: would redo 2 of 2 notes: a-en.md, b-en.md" in plan.stdout
    assert "hi: would send 4 segments (" in plan.stdout  # the new notes' catalogs, made in memory
    result = l10n(root, "sync", "source_notes/a-en.md")
    assert result.exit_code == 0, result.output
    assert (root / "translated/hi/a-hi.md").is_file() and not (root / "translated/hi/b-hi.md").exists()
    assert "in 1 note)" in result.stdout
    plan = l10n(root, "sync", "--dry-run")
    assert "extract: would redo 1 of 2 notes: b-en.md" in plan.stdout
    # --force in a dry run: every note would be redone, and the run state is left as it was
    plan = l10n(root, "sync", "--dry-run", "--force")
    assert "extract: would redo 2 of 2 notes: a-en.md, b-en.md" in plan.stdout
    assert "build: would redo 2 of 2 notes" in plan.stdout
    plan = l10n(root, "sync", "--dry-run")
    assert "extract: would redo 1 of 2 notes: b-en.md" in plan.stdout


def test_engine_url_goes_only_to_its_engine(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text(
        'engine = "openai"\nengine_url = "http://127.0.0.1:1/v1"\nmodel = "m"\n'
        '[engines.libre]\nurl = "http://127.0.0.1:2/"\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert engine_settings(config, "openai") == EngineSettings("http://127.0.0.1:1/v1", "m")
    assert engine_settings(config, "libre") == EngineSettings("http://127.0.0.1:2/", None)
    assert engine_settings(config, "deepl") == EngineSettings(None, None)


def test_counts_are_written_with_separators() -> None:
    report = Report()
    report.extend(Outcome(f"n{i}", Action.WRITTEN) for i in range(51_000))
    assert summary(report, "catalog") == "51,000 catalogs written, 0 unchanged, 0 errors"


def test_translate_progress_never_restarts(project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    import l10n.mt.translate as stage
    from l10n.mt.engines import get_engine

    root = project({f"n{i}-en.md": GOOD.replace("Heading", f"Heading {i}") for i in range(7)})
    l10n(root, "extract")
    monkeypatch.setattr(stage, "CHUNK", 2)  # four chunks of catalogs
    seen: list[tuple[float, int]] = []
    config = load_config(root)
    stage.translate_language(
        config, select_notes(config, []), "hi", get_engine("pseudo"), memory=None,
        on_progress=lambda lang, done, total: seen.append((done, total)),
    )
    assert seen and {total for _, total in seen} == {7}
    assert [done for done, _ in seen] == sorted(done for done, _ in seen) and seen[-1][0] == 7


def test_plain_progress_lines_only_grow(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import l10n.cli.app

    monkeypatch.setattr(l10n.cli.app, "PLAIN_PROGRESS_SECONDS", 0.0)
    app = App(root=Path("."))
    update = progress_for(app, "extract")
    for done in range(1, 5):
        update(done, 5)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"extract: {n} of 5 notes done ({20 * n}%)" for n in range(1, 5)]
    assert app.kept == {"extract": "extract: 4 of 5 notes"}


def test_ctrl_c_says_what_is_kept(tmp_path: Path) -> None:
    write_project(tmp_path, {f"n{i}-en.md": GOOD.replace("Heading", f"Heading {i}") for i in range(3)})
    with LibreStub() as stub:
        stub.hold_after = 0  # the first batch is never answered
        run = [sys.executable, "-m", "l10n.cli", "-C", str(tmp_path)]
        assert subprocess.run([*run, "extract"], capture_output=True).returncode == 0
        # A shell starts a background job with SIGINT ignored, which a child inherits (and
        # Python then installs no KeyboardInterrupt handler); a handled signal is reset to its
        # default by exec, so the child gets Ctrl-C as in a terminal.
        ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            process = subprocess.Popen(
                [*run, "translate", "--engine", "libre", "--engine-url", stub.url], stderr=subprocess.PIPE, text=True
            )
        finally:
            signal.signal(signal.SIGINT, ignored)
        stub.wait_for_posts(1)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.splitlines()[-1] == (
        "error: interrupted: kept what was finished (translate hi: 0 of 3 catalogs); run the command again to continue"
    )


def test_shell_completion_script() -> None:
    for shell in ("bash", "zsh", "fish"):
        result = subprocess.run(
            [sys.executable, "-m", "l10n.cli"], env={**os.environ, "_L10N_COMPLETE": f"{shell}_source"},
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 0 and "_L10N_COMPLETE" in result.stdout, shell


def test_pre_commit_hook_definition_and_its_command(project: Callable[..., Path], l10n: Runner) -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    (hook,) = clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "l10n-check" and hook["language"] == "python" and not hook["pass_filenames"]
    root = project({"a-en.md": GOOD})
    l10n(root, "extract")
    l10n(root, "build")
    # Running the hook through pre-commit would pip-install this repository into a fresh
    # virtualenv (network); its entry command is what that would run, so run it here.
    command = [str(Path(sys.executable).parent / "l10n"), *shlex.split(hook["entry"])[1:]]
    assert subprocess.run(command, cwd=root, capture_output=True).returncode == 0
    catalog = root / "locales/hi/a-en.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgid "Heading"\nmsgstr ""', 'msgid "Heading"\nmsgstr "`x`"'), encoding="utf-8")
    failed = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert failed.returncode == 1 and "a-en.po" in failed.stdout


def test_github_action_steps(project: Callable[..., Path], tmp_path: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    steps = {step.get("name"): step for step in action["runs"]["steps"]}
    assert "$GITHUB_ACTION_PATH" in steps["Install l10n from this action's own checkout"]["run"]
    root = project({"a-en.md": GOOD})
    summary_file = tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary_file),
        "L10N_PROJECT": str(root),
        "L10N_ENGINE": "pseudo",
        "L10N_ARGS": "--lang hi",
        "L10N_FAIL_UNDER": "90",
    }
    for name in ("Sync", "Coverage into the job summary"):
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", steps[name]["run"]], env=env, capture_output=True, text=True)
        assert result.returncode == 0, (name, result.stderr)
    assert "| hi |" in summary_file.read_text(encoding="utf-8") or "hi" in summary_file.read_text(encoding="utf-8")
    gate = subprocess.run(
        ["bash", "-c", steps["Coverage into the job summary"]["run"]], env={**env, "L10N_FAIL_UNDER": "100.0"},
        capture_output=True, text=True,
    )
    assert gate.returncode == 0  # pseudo fills everything: 100 % is met
    (root / "source_notes/b-en.md").write_text("# New\n\nUntranslated.\n", encoding="utf-8")
    gate = subprocess.run(["bash", "-c", steps["Coverage into the job summary"]["run"]], env=env, capture_output=True, text=True)
    assert gate.returncode == 1 and "coverage below" in gate.stderr


def test_status_calls_unbuilt_outputs_missing(project: Callable[..., Path], l10n: Runner) -> None:
    root = project({"a-en.md": GOOD, "b-en.md": GOOD})
    l10n(root, "extract")
    table = l10n(root, "status").stdout
    assert "2 missing of 2" in table and "stale" not in table
    l10n(root, "build")
    assert "all 2 current" in l10n(root, "status").stdout
    assert "| all 2 current |" in l10n(root, "status", "--format", "markdown").stdout


class _WebPage(BaseHTTPRequestHandler):
    """A web server that is not a translation API: every request gets an HTML page."""

    def _page(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        data = b"<!doctype html><html><head><title>Chat UI</title></head><body>...</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._page()

    def do_POST(self) -> None:
        self._page()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_an_html_reply_is_one_readable_error(project: Callable[..., Path]) -> None:
    root = project({"a-en.md": GOOD, "b-en.md": GOOD.replace("Heading", "Other")})
    run = [sys.executable, "-m", "l10n.cli", "-C", str(root)]
    subprocess.run([*run, "extract"], check=True, capture_output=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _WebPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for engine in ("libre", "openai"):
            result = subprocess.run(
                [*run, "translate", "--engine", engine, "--engine-url", url],
                capture_output=True, text=True, timeout=120, env={**os.environ, "OPENAI_API_KEY": "k", "LIBRE_API_KEY": "k"},
            )
            assert result.returncode == 1, engine
            errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
            assert len(errors) == 1 and 'answered with a web page ("Chat UI")' in errors[0], (engine, result.stderr)
            assert "<html" not in result.stderr
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("marker", "folder", "generator", "preset", "written", "output"),
    [
        ("hugo.toml", "content", "hugo", "hugo-suffix", True, "content/sub/post.de.md"),
        ("hugo.toml", "content/en", "hugo", "hugo-dir", True, "content/de/sub/post.md"),
        ("_config.yml", "_posts", "jekyll", "jekyll", True, "_posts/de/sub/post-de.md"),
        (
            "docusaurus.config.js",
            "docs",
            "docusaurus",
            "docusaurus",
            True,
            "i18n/de/docusaurus-plugin-content-docs/current/sub/post.md",
        ),
        ("mkdocs.yml", "docs", "mkdocs", "mkdocs-suffix", False, "translated/de/sub/post.md"),
        ("book.toml", "src", "mdbook", None, False, "translated/de/sub/post.md"),
    ],
)
def test_init_writes_a_commented_configuration_once(
    tmp_path: Path,
    l10n: Runner,
    marker: str,
    folder: str,
    generator: str,
    preset: str | None,
    written: bool,
    output: str,
) -> None:
    """init sets the generator's layout preset (issue 12), so the first sync writes each
    translation where that generator reads it; MkDocs needs a plugin, so it is only suggested."""
    (tmp_path / marker).write_text("", encoding="utf-8")
    (tmp_path / folder / "sub").mkdir(parents=True)
    (tmp_path / folder / "sub/post.md").write_text("# Title\n\nText.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n', encoding="utf-8")
    (tmp_path / ".gitignore").write_text("node_modules/\nlocales/.l10n.lock\n", encoding="utf-8")
    result = l10n(tmp_path, "init", "--lang", "de", "--lang", "pt_BR")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith('[project]\nname = "site"\n') and f"{generator} site" in text
    source = folder if folder == "content/en" else folder.split("/")[0]  # Hugo by folder: the English one
    assert f'source = "{source}"' in text and 'languages = ["de", "pt_BR"]' in text
    assert (f'\nlayout = "{preset}"' in text) == written
    assert (f'# layout = "{preset}"' in text) == (preset is not None and not written)
    config = load_config(tmp_path)
    assert config.source == tmp_path / source and config.languages == ("de", "pt_BR")  # as typed: it names folders (tests/test_language_codes.py)
    ignore = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ignore.count("locales/.l10n.lock") == 1 and "locales/.l10n-cache.sqlite3*" in ignore
    assert "node_modules/" in ignore and not any("memory" in line for line in ignore)
    again = l10n(tmp_path, "init")
    assert again.exit_code == 1 and "has a [tool.l10n] table already; nothing written" in again.stderr
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == text
    assert l10n(tmp_path, "sync").exit_code == 0
    assert (tmp_path / output).is_file()


def test_init_on_a_multilingual_hugo_site_reads_only_the_english_folder(tmp_path: Path, l10n: Runner) -> None:
    """content/en/ and content/fr/ (Hugo's translation by content directory, as docsy.dev):
    the French pages are a translation, not notes to translate from English (they were read as
    English, sent to the engine and built as content/hi/fr/…); catalogs are named without en/."""
    (tmp_path / "hugo.toml").write_text("[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n", encoding="utf-8")
    for lang, text in (("en", "# Doc\n\nText.\n"), ("fr", "# Le doc\n\nTexte.\n")):
        (tmp_path / "content" / lang / "docs").mkdir(parents=True)
        (tmp_path / "content" / lang / "docs/a.md").write_text(text, encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "hi").exit_code == 0
    assert 'source = "content/en"' in (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    assert l10n(tmp_path, "sync").exit_code == 0
    assert (tmp_path / "content/hi/docs/a.md").is_file() and not (tmp_path / "content/hi/fr").exists()
    assert (tmp_path / "locales/hi/docs/a.po").is_file()


@pytest.mark.parametrize("name", ["mkdocs.yml", "mkdocs.yaml"])
def test_init_writes_mkdocs_suffix_when_the_i18n_plugin_is_configured(tmp_path: Path, l10n: Runner, name: str) -> None:
    (tmp_path / name).write_text("site_name: x\nplugins:\n  - search\n  - i18n:\n      docs_structure: suffix\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Title\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "de").exit_code == 0
    assert '\nlayout = "mkdocs-suffix"' in (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    assert l10n(tmp_path, "sync").exit_code == 0
    assert (tmp_path / "docs/index.de.md").is_file()


@pytest.mark.parametrize(
    ("docs", "source"), [("docs", "docs"), ("website/docs", "website/docs")]
)
def test_init_finds_a_docusaurus_site_kept_in_website(tmp_path: Path, l10n: Runner, docs: str, source: str) -> None:
    """Docusaurus's monorepo layout keeps the site in website/ (its docs in ../docs or in
    website/docs): init names the site, its docs folder, and the i18n folder beside the
    configuration, where Docusaurus reads translations; the dialect is Docusaurus's."""
    (tmp_path / "website").mkdir()
    (tmp_path / "website/docusaurus.config.ts").write_text("export default {};\n", encoding="utf-8")
    (tmp_path / docs).mkdir(parents=True)
    (tmp_path / docs / "intro.md").write_text("# Intro\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "de").exit_code == 0
    text = (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    assert "docusaurus site" in text and f'source = "{source}"' in text
    assert load_config(tmp_path).dialect == "docusaurus"
    assert l10n(tmp_path, "sync").exit_code == 0
    assert (tmp_path / "website/i18n/de/docusaurus-plugin-content-docs/current/intro.md").is_file()


@pytest.mark.parametrize("config", ["config/_default/hugo.yaml", "config/_default/config.toml"])
def test_a_hugo_site_configured_in_its_config_directory_is_a_hugo_site(tmp_path: Path, l10n: Runner, config: str) -> None:
    """Hugo's configuration directory (config/_default/, Hugo "Configuration directory") names
    the site as its root file does: init writes hugo-dir, and its heading-id settings there count."""
    (tmp_path / config).parent.mkdir(parents=True)
    (tmp_path / config).write_text("title = 'x'\n" if config.endswith(".toml") else "title: x\n", encoding="utf-8")
    (tmp_path / "config/_default/markup.toml").write_text('[goldmark.parser]\nautoHeadingIDType = "github-ascii"\n', encoding="utf-8")
    (tmp_path / "content/en").mkdir(parents=True)
    (tmp_path / "content/en/a.md").write_text("---\ntitle: A\n---\n## Ärger über Öl\n\nSee [x](#arger-uber-ol).\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "hi").exit_code == 0
    assert '\nlayout = "hugo-dir"' in (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    assert l10n(tmp_path, "sync").exit_code == 0
    assert "{#arger-uber-ol}" in (tmp_path / "content/hi/a.md").read_text(encoding="utf-8")


def test_init_on_a_jekyll_site_without_posts_takes_its_pages_from_the_root(tmp_path: Path, l10n: Runner) -> None:
    """A Jekyll site of pages and collections (no _posts/): the site's root is the source, its
    include and layout folders, dot-folders and what its _config.yml excludes left out; init
    creates no empty _posts/ and the first sync works. A collection's pages go into a language
    folder inside it (Jekyll reads collections at the site's root only), a second sync is a no-op."""
    (tmp_path / "_config.yml").write_text("title: x\nexclude:\n  - bin/\n  - Gemfile\n", encoding="utf-8")
    for name, text in {
        "index.md": "# Home\n\nWelcome.\n",
        "_episodes/01-intro.md": "# Intro\n\nFirst lesson.\n",
        "_includes/links.md": "[home]: {{ site.url }}\n",
        "bin/boilerplate/index.md": "# Template\n\nNot a page.\n",
        ".github/PULL_REQUEST_TEMPLATE.md": "# Pull request\n\nNot a page.\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert l10n(tmp_path, "init").exit_code == 0
    assert not (tmp_path / "_posts").exists()
    config = load_config(tmp_path)
    assert config.source == tmp_path and "_includes" in config.exclude
    result = l10n(tmp_path, "sync")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "hi/index-hi.md").is_file() and (tmp_path / "_episodes/hi/01-intro-hi.md").is_file()
    assert not list(tmp_path.rglob("links-hi.md"))  # an include is not a page
    built = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*-hi.md"))
    assert built == ["_episodes/hi/01-intro-hi.md", "hi/index-hi.md"], built  # not bin/, not .github/
    again = l10n(tmp_path, "sync")
    assert again.exit_code == 0 and "nothing to translate" in again.output, again.output
    assert not list((tmp_path / "locales").rglob("*-hi.po")), "a built page was read as a note"


def test_init_without_pyproject_writes_l10n_toml(tmp_path: Path, l10n: Runner) -> None:
    assert l10n(tmp_path, "init").exit_code == 0
    written = (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    assert "this project (no site generator found)" in written and 'source = "source_notes"' in written
    assert load_config(tmp_path).languages == ("hi",)
    assert (tmp_path / "source_notes").is_dir()  # an empty project gets the folder its first sync reads
    result = l10n(tmp_path, "init")
    assert result.exit_code == 1 and "l10n.toml exists already" in result.stderr
    assert (tmp_path / "l10n.toml").read_text(encoding="utf-8") == written


def test_translation_progress_makes_its_kept_line_once_per_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 19: progress is told once per text; the line told after Ctrl-C is made only when the
    # catalog count it shows changes (a formatted line per text was 1 % of a first translate)
    from l10n.cli import app as app_module

    made: list[int] = []
    counted = app_module.counted
    monkeypatch.setattr(app_module, "counted", lambda count, *words: made.append(count) or counted(count, *words))
    monkeypatch.setenv("CI", "1")  # plain lines, no bar
    app = app_module.App(root=Path("."))
    with app_module.translation_progress(app, ["hi"]) as update:
        for tenth in range(30):
            update("hi", tenth / 10, 300)
    assert app.kept == {"translate hi": "translate hi: 2 of 300 catalogs"}
    assert len(made) == 3  # 0, 1 and 2 catalogs done
