"""The fixed cost of a command, held without timing: what a process imports for the work asked.

Each test starts ``l10n`` as its script does (``main()`` on the process's arguments) and reads
``sys.modules`` at exit: a module a command does not need must not be there, so a change that
loads it again at start-up fails here instead of showing as a few milliseconds in ``bench/start.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from l10n.cli import SUMMARIES, cli, command_names, hoist_global_options
from l10n.site.layout import LISTING_RACY_NS
from l10n.status.cache import RACY_NS as STATUS_RACY_NS
from l10n.store.changes import RACY_NS
from l10n.store.state import COUNTS_RACY_NS
from tests.conftest import wait_for

_LOADED_AT_EXIT = """
import atexit, json, sys
atexit.register(lambda: print("\\nMODULES " + json.dumps(sorted(sys.modules)), flush=True))
sys.argv = ["l10n", *sys.argv[1:]]
from l10n.cli import main
main()
"""

# Libraries and stages of real work: reading notes, catalogs, translating, YAML, number formats.
_WORK = ("markdown_it", "mdit_py_plugins", "yaml", "babel", "polib", "l10n.pipeline", "l10n.markdown.segment", "l10n.mt.batch")


def _modules(*args: str, cwd: Path | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED_AT_EXIT, *args],
        capture_output=True, text=True, check=False, cwd=cwd, env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    line = done.stdout.rsplit("\nMODULES ", 1)[1]
    return set(json.loads(line))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """The modules that are one of ``names`` or inside one (a name ending in "." : inside only)."""
    return sorted(m for m in modules if any(m == name or m.startswith(name if name.endswith(".") else name + ".") for name in names))


def test_version_loads_no_command_no_settings_and_no_library() -> None:
    modules = _modules("--version")
    assert _loaded(modules, ("l10n.cli.commands.", "l10n.cli.app", "l10n.config", "sqlite3", "tomllib", *_WORK)) == []


def test_help_lists_the_commands_without_importing_them() -> None:
    modules = _modules("--help")
    assert _loaded(modules, ("l10n.cli.commands.", "l10n.cli.app", "l10n.config", "sqlite3", *_WORK)) == []


def test_a_no_op_sync_loads_no_parser_catalog_reader_engine_or_logging(project: Callable[..., Path]) -> None:
    root = project({f"n{i}-en.md": f"# Note {i}\n\nA paragraph with a [link](n{i}-en.md#note-{i}).\n" for i in range(3)})
    def sync() -> None:
        done = subprocess.run([sys.executable, "-m", "l10n.cli", "-C", str(root), "-q", "sync", "--engine", "pseudo"],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr

    sync()  # the work
    sync()  # the coverage the build recorded, counted
    # a file changed within the racy window is read again (hashed, counted) by the next run
    newest = max(path.stat().st_ctime_ns for path in root.rglob("*"))
    wait_for(lambda: time.time_ns() - newest > max(RACY_NS, COUNTS_RACY_NS, STATUS_RACY_NS, LISTING_RACY_NS))
    sync()  # the counts of files now out of the window, kept
    modules = _modules("-C", str(root), "-q", "sync", "--engine", "pseudo")
    assert "l10n.store.changes" in modules and "l10n.status.collect" in modules  # it did look, and count
    heavy = ("logging", "hashlib", "l10n.mt.engines.pseudo", "l10n.markdown.protect", "l10n.site.links", *_WORK)
    assert _loaded(modules, heavy) == []


@pytest.mark.parametrize("width", [40, 60, 80, 100, 140])
def test_help_lists_each_command_as_its_own_help_would(width: int) -> None:
    ctx = click.Context(cli, max_content_width=width)
    assert sorted(SUMMARIES) == command_names()
    for limit in range(width):
        for name in command_names():
            command = cli.get_command(ctx, name)
            assert command is not None and command.help is not None
            assert command.help.partition("\n\n")[0].split() == SUMMARIES[name].split(), name
            assert click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit) == command.get_short_help_str(limit)


@pytest.mark.parametrize("width", [50, 80, 120])
def test_help_is_what_clicks_own_listing_writes(width: int) -> None:
    ours = CliRunner().invoke(cli, ["--help"], terminal_width=width, catch_exceptions=False).output
    ctx = click.Context(cli, terminal_width=width, max_content_width=100)
    formatter = ctx.make_formatter()
    click.Group.format_commands(cli, ctx, formatter)  # click's: imports every command for its help
    assert formatter.getvalue() in ours
    assert ours.endswith(formatter.getvalue())


@pytest.mark.parametrize("command", [["extract"], ["build", "--force"], ["sync", "--engine", "pseudo"]])
def test_work_loads_neither_openssl_nor_difflib(project: Callable[..., Path], command: list[str]) -> None:
    """Extract, build and sync hash notes, catalogs and segments with BLAKE2b alone
    (:mod:`l10n.blake2`): ``hashlib`` would load OpenSSL's ``_hashlib`` for it (1.7-2 ms a run).
    ``difflib`` (0.8 ms) serves "did you mean" hints and the merge of edited entries only."""
    root = project({
        "a-en.md": "---\ntitle: A\n---\n# A note\n\nA paragraph with a [link](b-en.md#b).\n",
        "b-en.md": "# B\n\nText, *emphasis* and `code`.\n",
    })
    if command[0] == "build":
        _modules("-C", str(root), "-q", "sync", "--engine", "pseudo")
    modules = _modules("-C", str(root), "-q", *command, "--jobs", "1")
    assert "l10n.pipeline" in modules and "_blake2" in modules  # it did the work, and hashed
    assert _loaded(modules, ("hashlib", "_hashlib", "difflib")) == []


_SHORT_TO_LONG = {"-C": "--project", "-q": "--quiet", "-v": "--verbose"}


@given(
    before=st.lists(st.sampled_from(["-C", "--project", "-q", "--quiet", "-v", "--verbose", "--no-color"]), max_size=4),
    after=st.lists(st.sampled_from(["-C", "--project", "-q", "--quiet", "-v", "--verbose", "-vv", "--jobs", "--"]), max_size=5),
    command=st.sampled_from(["extract", "build", "status"]),
)
def test_global_options_reach_click_by_their_long_names(before: list[str], after: list[str], command: str) -> None:
    """Whatever the spelling, click is handed the long names of the global options (so its
    parser never builds a NoSuchOption, which imports difflib) and the same arguments as for
    the options spelled out: values (``-C`` and ``--jobs`` take the next token) are left alone."""

    def tokens(options: list[str]) -> list[str]:
        out: list[str] = []
        for option in options:
            out.append(option)
            if option in ("-C", "--project", "--jobs"):
                out.append("-q")  # a value that looks like an option: it must stay as written
        return out

    args = [*tokens(before), command, *tokens(after)]
    ctx = click.Context(cli)
    hoisted = hoist_global_options(cli, ctx, args)
    spelled = [_SHORT_TO_LONG.get(t, t) if i == 0 or args[i - 1] not in ("-C", "--project", "--jobs") else t
               for i, t in enumerate(args)]
    if "--" in after:  # everything after "--" stays as written
        cut = len(tokens(before)) + 1 + len(tokens(after[: after.index("--")]))
        spelled[cut:] = args[cut:]
    assert hoisted == hoist_global_options(cli, ctx, spelled)
    values = {i + 1 for i, t in enumerate(hoisted[:-1]) if t in ("--project", "--jobs")}
    assert not any(t in _SHORT_TO_LONG for i, t in enumerate(hoisted) if i not in values and "--" not in hoisted[:i])


def test_build_loads_no_po_writer_nor_polib(project: Callable[..., Path]) -> None:
    """A build reads catalogs with the fast reader (escapes included: ``\\"`` and ``\\\\`` in
    the entries here) or from the stored publications: polib, the PO writer and merge are
    extract's (3 ms of a build's start-up)."""
    root = project({
        "a-en.md": '# A "quoted" title\n\nA path like C:\\\\temp and "quotes" in a [link](b-en.md).\n',
        "b-en.md": "# B\n\nText.\n",
    })
    _modules("-C", str(root), "-q", "sync", "--engine", "pseudo")
    catalog = (root / "locales" / "hi" / "a-en.po").read_text(encoding="utf-8")
    assert '\\"' in catalog and "\\\\" in catalog  # entries with escapes: read by the fast reader
    modules = _modules("-C", str(root), "-q", "build", "--force", "--jobs", "1")
    assert "l10n.po.scan" in modules  # it did read the catalogs
    assert _loaded(modules, ("polib", "l10n.po.catalog", "l10n.po.writer", "l10n.po.merge")) == []
