"""The command line's shape: one module per command, loaded only when that command is used."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import click
from click.testing import CliRunner

import l10n.cli.commands
from l10n.cli import cli, command_names


def test_each_command_is_one_module_named_after_it() -> None:
    modules = {info.name for info in pkgutil.iter_modules(l10n.cli.commands.__path__)}
    assert modules == set(command_names()) >= {"extract", "translate", "build", "sync", "status", "check", "adopt", "init", "memory"}
    for name in command_names():
        command = getattr(importlib.import_module(f"l10n.cli.commands.{name}"), name)
        assert isinstance(command, click.Command) and command.name == name
        assert command.help and command.help.strip(), name  # `l10n --help` lists its first line


def test_group_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"], catch_exceptions=False)
    listed = result.output.split("Commands:\n", 1)[1].split()
    assert [word for word in listed if word in command_names()] == command_names()
    assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2


def test_version_and_group_import_no_command_and_no_stage() -> None:
    code = (
        "import sys\nfrom l10n.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('l10n.cli.commands.', 'l10n.pipeline', 'l10n.po.'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip().splitlines()[-1] == "[]"
