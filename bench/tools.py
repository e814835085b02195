"""One measurement in a fresh process: ``python bench/tools.py TOOL STAGE MODE WORK``.

``bench/run.py`` starts this script once per measurement, so each tool's peak RSS is its own (the
parent reads it with ``os.wait4``). The script imports the tool, prepares the folder (untimed),
then times only the stage itself with ``time.perf_counter`` and prints one JSON line.

TOOL   l10n | mdpo | ttk (translate-toolkit)
STAGE  extract | build | prepare (untimed: extract, then fill every catalog entry, for build)
MODE   disk     inputs read from files, outputs written to files, the way each tool's CLI does:
                l10n: ``run_extract`` / ``run_build`` with a ``RunState`` (as ``l10n extract``/
                ``build``), one POT + one PO per note, each written atomically;
                mdpo: ``markdown_to_pofile(md, po_filepath=..., save=True)`` and
                ``pofile_to_markdown(md, po, save=out)`` per note (the Python API, in-process);
                ttk: the ``md2po`` / ``po2md`` converters' ``main()`` called in-process in batch
                over the folder (``-i notes -o po`` / ``-i po -t notes -o out``), as the console
                scripts do, without the interpreter start-up.
       nowrite  the same inputs read from files, the outputs rendered to text in memory and not
                written (what is left is parse + extract/render + PO serialization). l10n: the
                steps of ``extract_note`` (a new catalog) and ``build_note`` (catalog read with
                the store of passes attached, heading ids and links rewritten, as every build
                does), each note parsed: no stored segmentation is read or written.
       command  the whole command a user runs, timed as a child process from start to exit
                (interpreter start, imports, the stage): ``python -m l10n.cli -C WORK extract
                --jobs 1`` (build: ``--force``), a script looping over mdpo's API as above, the
                ``md2po``/``po2md`` console scripts.
WORK   a folder made by ``synth.make_site`` (``WORK/source_notes``, ``WORK/pyproject.toml``);
       l10n writes ``WORK/locales`` and ``WORK/translated``, the peers ``WORK/mdpo`` and
       ``WORK/ttk``.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

LANG = "hi"


def pseudo(msgid: str) -> str:
    """The translation every tool's catalogs get before build: markup untouched, text marked."""
    return f"«{msgid}»"


def notes_of(work: Path) -> list[Path]:
    return sorted((work / "source_notes").rglob("*.md"))


def set_aside(folder: Path) -> None:
    """Move ``folder`` into a trash folder beside it instead of deleting it.

    Deleting thousands of files just before a timed stage slows that stage's file creation:
    for a few seconds ext4's inode allocator skips the freed inodes one by one
    (``recently_deleted`` in ``find_inode_bit``, seen with ``perf``), a cost that grows with
    each file created and that no real run pays. ``bench/run.py`` empties the trash at the end.
    """
    if folder.exists():
        trash = folder.parent / TRASH
        trash.mkdir(exist_ok=True)
        folder.rename(trash / f"{folder.name}-{time.time_ns()}")


TRASH = ".bench-trash"


def _fill(folder: Path) -> tuple[int, int]:
    """Translate every entry of every PO file under ``folder``; ``(files, entries)``."""
    import polib

    files = entries = 0
    for path in sorted(folder.rglob("*.po")):
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            if entry.msgid and not entry.obsolete:
                entry.msgstr = pseudo(entry.msgid)
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entries += 1
        po.save(str(path))
        files += 1
    return files, entries


# -- l10n ------------------------------------------------------------------------------------------


def l10n_stage(stage: str, mode: str, work: Path) -> Callable[[], int]:
    from l10n import pipeline
    from l10n.config import load_config
    from l10n.markdown import yaml12
    from l10n.markdown.segment import markdown_parser
    from l10n.pipeline import Action, Report, run_build, run_extract
    from l10n.po.merge import new_catalog_parts
    from l10n.po.scan import read_translations
    from l10n.po.writer import now_stamp, po_parts, render_template_entries
    from l10n.site.layout import Note, catalog_path, discover_notes
    from l10n.store import verdicts
    from l10n.store.state import RunState

    config = load_config(work)
    # What l10n loads on first use (the parser, PyYAML) is loaded here, untimed, as the peers'
    # imports are: the timed stage is the work alone.
    markdown_parser()
    yaml12.loader()
    importlib.import_module("l10n.store.verdicts")  # the validator, which build loads at its first note

    def check(report: Report, notes: list[Note]) -> int:
        if report.errors:
            raise SystemExit(f"l10n: {len(report.errors)} errors, first: {report.errors[0]}")
        if report.count(Action.WRITTEN) != len(notes):  # one language: one catalog or note per note
            raise SystemExit("l10n: not every note was written")
        return len(notes)

    if stage == "extract" and mode == "disk":
        set_aside(config.locales)

        def run() -> int:
            notes = list(discover_notes(config))
            state = RunState.load(config)
            report = run_extract(config, notes, [LANG], state=state)
            state.save()
            return check(report, notes)

    elif stage == "build" and mode == "disk":
        set_aside(config.output_dir(LANG))
        cleared = RunState.load(config)  # build every note (the segmentation cache stays)
        cleared.clear()
        cleared.save()

        def run() -> int:
            notes = list(discover_notes(config))
            state = RunState.load(config)
            report = run_build(config, notes, [LANG], state=state)
            state.save()
            return check(report, notes)

    elif stage == "extract":

        def run() -> int:
            # extract_note's steps for a new catalog (pipeline.load_note, note_template, the
            # template's and the catalog's text), the texts made and not written
            notes = list(discover_notes(config))
            stamp = now_stamp()
            size = 0
            tag = config.language_tag(LANG)
            for note in notes:
                doc = pipeline.load_note(config, note, store=False)
                _, template, entries = pipeline.note_template(config, note, doc, stamp)
                blocks = render_template_entries(entries)
                size += len("".join(po_parts(template, blocks)))
                size += len("".join(new_catalog_parts(template, blocks, tag, config.project, stamp)))
            return len(notes)

    else:
        # build_note's steps without the write: the note parsed (no stored segmentation, as the
        # peers parse), its catalog read with the project's store of passes attached and the
        # page rendered for the site (heading ids, links), as every build does
        verdicts.attach(config.locales)

        def run() -> int:
            notes = list(discover_notes(config))
            for note in notes:
                doc = pipeline.load_note(config, note, store=False)
                catalog = catalog_path(config, note, LANG)
                translations = read_translations(catalog, config.on_source_change)
                text, _ = pipeline._render_for_site(config, note, doc, LANG, translations.published, catalog)
                pipeline.encode_note(doc, text)
                pipeline._READ_ELSEWHERE.clear()  # as pipeline._build_job does after each note
            return len(notes)

    return run


# -- mdpo ------------------------------------------------------------------------------------------


def mdpo_stage(stage: str, mode: str, work: Path) -> Callable[[], int]:
    from mdpo.md2po import markdown_to_pofile
    from mdpo.po2md import pofile_to_markdown

    src, po_dir, out_dir = work / "source_notes", work / "mdpo" / "po", work / "mdpo" / "out"
    if stage == "extract" and mode == "disk":
        set_aside(po_dir)
    if stage == "build" and mode == "disk":
        set_aside(out_dir)

    def run() -> int:
        notes = notes_of(work)
        for md in notes:
            rel = md.relative_to(src)
            po = po_dir / rel.with_suffix(".po")
            if stage == "extract" and mode == "disk":
                po.parent.mkdir(parents=True, exist_ok=True)
                markdown_to_pofile(str(md), po_filepath=str(po), save=True)
            elif stage == "extract":
                markdown_to_pofile(str(md)).__unicode__()
            elif mode == "disk":
                out = out_dir / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                pofile_to_markdown(str(md), str(po), save=str(out))
            else:
                pofile_to_markdown(str(md), str(po))
        return len(notes)

    return run


# -- translate-toolkit ------------------------------------------------------------------------------


def ttk_stage(stage: str, mode: str, work: Path) -> Callable[[], int]:
    from translate.convert import md2po, po2md
    from translate.storage import po as ttk_po

    src, po_dir, out_dir = work / "source_notes", work / "ttk" / "po", work / "ttk" / "out"
    (work / "ttk").mkdir(exist_ok=True)  # the converters create only the last folder of -o
    if stage == "extract" and mode == "disk":
        set_aside(po_dir)

        def run() -> int:
            md2po.main(["--progress=none", "-i", str(src), "-o", str(po_dir)])
            return len(list(po_dir.rglob("*.po")))

    elif stage == "build" and mode == "disk":
        set_aside(out_dir)

        def run() -> int:
            po2md.main(["--progress=none", "-i", str(po_dir), "-t", str(src), "-o", str(out_dir)])
            return len(list(out_dir.rglob("*.md")))

    elif stage == "extract":

        def run() -> int:
            notes = notes_of(work)
            for md in notes:
                store = ttk_po.pofile()
                with md.open("rb") as stream:
                    md2po.MD2POOptionParser._parse_and_extract(stream, store)
                store.removeduplicates("msgctxt")
                store.serialize(io.BytesIO())
            return len(notes)

    else:

        def run() -> int:
            notes = notes_of(work)
            for md in notes:
                with (po_dir / md.relative_to(src).with_suffix(".po")).open("rb") as stream:
                    store = ttk_po.pofile(stream)
                translator = po2md.MarkdownTranslator(store, False, None, po2md.DEFAULT_MAX_LINE_LENGTH)
                with md.open("rb") as stream:
                    translator.translate(stream, io.BytesIO())
            return len(notes)

    return run


STAGES = {"l10n": l10n_stage, "mdpo": mdpo_stage, "ttk": ttk_stage}
CATALOGS = {"l10n": Path("locales") / LANG, "mdpo": Path("mdpo") / "po", "ttk": Path("ttk") / "po"}


def prepare(tool: str, work: Path) -> dict[str, int]:
    """Extract with ``tool``, then fill every entry of its catalogs (build's input).

    For l10n the filled entries are then validated with the project's store of passes attached,
    as ``l10n translate`` validates every translation it writes (``l10n.store.verdicts``): the
    build that follows then finds them validated, as it does after a real ``translate``.
    """
    STAGES[tool]("extract", "disk", work)()
    files, entries = _fill(work / CATALOGS[tool])
    if tool == "l10n":
        _validate_as_translate_does(work)
    return {"catalogs": files, "entries": entries}


def _validate_as_translate_does(work: Path) -> None:
    import polib

    from l10n.markdown.validate import validate_translation
    from l10n.store import verdicts

    verdicts.attach(work / "locales")
    for path in sorted((work / CATALOGS["l10n"]).rglob("*.po")):
        for entry in polib.pofile(str(path), wrapwidth=0):
            if entry.msgstr and not entry.obsolete:
                validate_translation(entry.msgid, entry.msgstr, entry.comment or None)
    verdicts.detach()


# -- whole commands --------------------------------------------------------------------------------

# The loop an mdpo user writes for one PO per note (mdpo's md2po CLI merges a glob into one PO).
MDPO_SCRIPT = """
import sys
from pathlib import Path
from mdpo.md2po import markdown_to_pofile
from mdpo.po2md import pofile_to_markdown
stage, work = sys.argv[1], Path(sys.argv[2])
src = work / "source_notes"
for md in sorted(src.rglob("*.md")):
    rel = md.relative_to(src)
    po = work / "mdpo" / "po" / rel.with_suffix(".po")
    if stage == "extract":
        po.parent.mkdir(parents=True, exist_ok=True)
        markdown_to_pofile(str(md), po_filepath=str(po), save=True)
    else:
        out = work / "mdpo" / "out" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        pofile_to_markdown(str(md), str(po), save=str(out))
"""
OUTPUTS = {  # (folder set aside before the command, what it writes) per tool and stage
    ("l10n", "extract"): ("locales", "locales/hi/**/*.po"),
    ("l10n", "build"): ("translated", "translated/**/*.md"),
    ("mdpo", "extract"): ("mdpo/po", "mdpo/po/**/*.po"),
    ("mdpo", "build"): ("mdpo/out", "mdpo/out/**/*.md"),
    ("ttk", "extract"): ("ttk/po", "ttk/po/**/*.po"),
    ("ttk", "build"): ("ttk/out", "ttk/out/**/*.md"),
}


def command(tool: str, stage: str, work: Path) -> list[str]:
    """The whole command a user of ``tool`` runs for ``stage`` over the folder, one process."""
    if tool == "l10n":  # one process, like the peers; --force: build every note
        return [sys.executable, "-m", "l10n.cli", "-C", str(work), stage, "--jobs", "1", *(["--force"] if stage == "build" else [])]
    if tool == "mdpo":
        return [sys.executable, "-c", MDPO_SCRIPT, stage, str(work)]
    # translate-toolkit's console scripts, started as they start (mdpo installs scripts of the
    # same names, so the entry points are called directly)
    src, po_dir = work / "source_notes", work / "ttk" / "po"
    if stage == "extract":
        args = ["md2po", "--progress=none", "-i", str(src), "-o", str(po_dir)]
    else:
        args = ["po2md", "--progress=none", "-i", str(po_dir), "-t", str(src), "-o", str(work / "ttk" / "out")]
    script = f"import sys; from translate.convert.{args[0]} import main; sys.argv[0] = {args[0]!r}; sys.exit(main())"
    return [sys.executable, "-c", script, *args[1:]]


def time_command(tool: str, stage: str, work: Path) -> dict[str, object]:
    """Wall time, CPU and peak RSS of the whole command: interpreter start, imports and the stage."""
    aside, written = OUTPUTS[(tool, stage)]
    set_aside(work / aside)
    (work / "ttk").mkdir(exist_ok=True)  # md2po creates only the last folder of -o
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command(tool, stage, work), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    assert process.stderr is not None
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{tool} {stage} failed: {process.stderr.read().decode()[-2000:]}")
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,  # the process's user + system CPU seconds
        "files": len(list(work.glob(written))),
        "command_rss_kb": usage.ru_maxrss,
    }


def main(argv: list[str]) -> None:
    tool, stage, mode, work = argv[0], argv[1], argv[2], Path(argv[3])
    if stage == "prepare":
        print(json.dumps(prepare(tool, work)))
        return
    if mode == "command":
        setup_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({**time_command(tool, stage, work), "setup_rss_kb": setup_kb, "pid": os.getpid()}))
        return
    run = STAGES[tool](stage, mode, work)
    setup_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Flush what earlier runs (and the setup's deletions) left for the kernel to write, so no
    # tool's timed stage pays for another's disk writes.
    os.sync()
    start = time.perf_counter()
    files = run()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "files": files, "setup_rss_kb": setup_kb, "pid": os.getpid()}))


if __name__ == "__main__":
    main(sys.argv[1:])
