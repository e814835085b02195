"""The ``l10n`` group: its global options, and its commands loaded only when asked for.

Each command is one module, ``l10n/cli/commands/<command>.py``, imported only when that command runs
(as hatch's ``cli/__init__.py`` does), so ``l10n --version``, ``l10n --help`` or ``l10n extract``
never pays for rich, babel's number formats or the engines. Shared options and helpers live in
:mod:`l10n.cli.app`. Commands parse options, call one library function and render the result it
returns. Errors the user can fix (:class:`~l10n.errors.L10nError`) print one line and exit 1;
anything else is a bug and shows a traceback. :func:`l10n.cli.main` runs the group.
"""

from __future__ import annotations

import importlib
import re
from gettext import gettext
from pathlib import Path

import click

from l10n import __version__

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


SUMMARIES = {
    "adopt": "Fill catalogs from existing translated notes, aligned block by block with their source.",
    "build": "Write translated notes from the catalogs.",
    "check": "Validate catalogs and translated notes.",
    "extract": "Write each note's template and create or update its catalogs.",
    "init": "Start a project: write a commented configuration and .gitignore entries.",
    "memory": "Export, import or move the translation memory.",
    "status": "Show how much of each language is translated, and which built notes are stale.",
    "sync": "Bring every language up to date: extract, translate, build, then one coverage line each.",
    "translate": "Fill empty entries, and re-translate changed machine output, by machine translation.",
}
"""The first paragraph of each command's help, which ``l10n --help`` lists without importing the
commands (a test holds each to its command's own help)."""


def command_names() -> list[str]:
    """Every command, sorted: the modules of :mod:`l10n.cli.commands` (listed, not imported), each
    defining the click command of its name — so adding a command is adding one module."""
    import pkgutil

    import l10n.cli.commands

    return sorted(info.name for info in pkgutil.iter_modules(l10n.cli.commands.__path__) if not info.name.startswith("_"))


class LazyGroup(click.Group):
    """A group whose commands are imported only when asked for (:func:`commands`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Accept the global options after the command too (``l10n status -q``): they are moved
        in front of it before click parses (click itself takes group options only before)."""
        return super().parse_args(ctx, hoist_global_options(self, ctx, args))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return command_names()

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The help's list of commands, as click writes it, from :data:`SUMMARIES`: click's own
        imports every command to read its help, and each command its library stages (0.2 s of
        CPU, two thirds of ``l10n --help``). ``tests/test_startup.py`` holds the two equal."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))  # click's: three times the default spacing
        rows = [(name, click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit)) for name in names]
        with formatter.section(gettext("Commands")):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        # SUMMARIES names every command (tests/test_startup.py holds it to command_names()):
        # asked twice a run, it spares the listing of the commands' folder and pkgutil's import
        if cmd_name not in SUMMARIES:
            return None
        command = getattr(importlib.import_module(f"l10n.cli.commands.{cmd_name}"), cmd_name)
        assert isinstance(command, click.Command)
        return command


_GLOBAL_FLAGS = {"-v", "--verbose", "-q", "--quiet", "--color", "--no-color"}
_GLOBAL_VALUES = {"-C", "--project"}
_SPELLED_OUT = {"-C": "--project", "-q": "--quiet", "-v": "--verbose"}
"""The global options given to click by their long names (the same options, values and error
messages): click's parser tries every option as a long one first, and a short one's miss builds
a :class:`click.NoSuchOption` whose "did you mean" hint imports :mod:`difflib` and compares the
option with every long name (about 1 ms of CPU, in every ``l10n -C DIR …`` run)."""


def hoist_global_options(group: click.Group, ctx: click.Context, args: list[str]) -> list[str]:
    """``args`` with the global options found after the command name moved in front of it.

    Tokens that are values of the command's own options (``--output -q``) and everything after
    ``--`` stay where they are. Global options are given by their long names (:data:`_SPELLED_OUT`).
    """
    args = list(args)
    position, index = None, 0
    while index < len(args):  # find the command name: the first token that is not a global option
        token = args[index]
        if token in _GLOBAL_VALUES:
            if token in _SPELLED_OUT and index + 1 < len(args):
                args[index] = _SPELLED_OUT[token]
            index += 2
        elif token.startswith("-"):
            args[index] = _SPELLED_OUT.get(token, token)
            index += 1
        else:
            position = index
            break
    if position is None:
        return args
    command = group.get_command(ctx, args[position])
    takes_value: set[str] = set()
    if command is not None:
        for param in command.params:
            if isinstance(param, click.Option) and not param.is_flag and not param.count:
                takes_value.update(param.opts)
    hoisted: list[str] = []
    rest: list[str] = []
    index = position + 1
    while index < len(args):
        token = args[index]
        if token == "--":
            rest.extend(args[index:])
            break
        if token in takes_value:
            rest.extend(args[index : index + 2])
            index += 2
            continue
        if token in _GLOBAL_VALUES and index + 1 < len(args):
            hoisted.extend((_SPELLED_OUT.get(token, token), args[index + 1]))
            index += 2
            continue
        if token in _GLOBAL_FLAGS or re.fullmatch(r"-(v+|q+)", token) or token.startswith("--project="):
            hoisted.append(_SPELLED_OUT.get(token, token))
        else:
            rest.append(token)
        index += 1
    return [*args[:position], *hoisted, args[position], *rest]


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="l10n")
@click.option(
    "-C",
    "--project",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Project folder (holds pyproject.toml or l10n.toml). Default: the current folder, or the nearest one above it with a configuration.",
)
@click.option("-v", "--verbose", count=True, help="Say more (repeatable).")
@click.option("-q", "--quiet", count=True, help="Say less: only errors and the result on stdout (the status table, sync's coverage lines).")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: on a terminal, unless NO_COLOR).")
@click.pass_context
def cli(ctx: click.Context, root: Path, verbose: int, quiet: int, color: bool | None) -> None:
    """Localize Markdown notes through gettext PO catalogs.

    \b
    Workflow:
      l10n extract     notes -> templates (POT) and catalogs (PO) per language
      l10n translate   machine translation fills empty entries (marked fuzzy)
      l10n build       catalogs -> translated notes
      l10n sync        all three, for every language, then a coverage line each
      l10n status      coverage per language and note (table, JSON, Markdown, HTML)
      l10n check       catalogs and built notes keep links, code and structure
      l10n adopt       fill catalogs from translated notes you already have
      l10n init        start a project: configuration and .gitignore entries
    """
    from l10n.cli.app import App  # with the library stages: only once a command runs

    given = ctx.get_parameter_source("root") is not click.core.ParameterSource.DEFAULT
    ctx.obj = App(root=root, verbosity=verbose - quiet, color=color, search_parents=not given)
    if verbose:  # -v: the engines' retries; -vv: everything, each HTTP request included
        import logging  # only then: 10 ms of a no-op sync's start-up

        logging.basicConfig(format="%(name)s: %(message)s", level=logging.INFO if verbose == 1 else logging.DEBUG)
