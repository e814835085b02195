"""Where a ``disk`` stage's CPU goes, and what is left if a part cost nothing, for any checkout:
``python bench/stage_shares.py SNAPSHOT STAGE WORK [VARIANT]``.

Prepares ``bench/tools.py``'s ``STAGE`` (``extract`` or ``build``) ``disk`` stage of
``SNAPSHOT`` as ``bench/stage_cpu.py`` does (untimed), runs it and prints one JSON line: the
stage's CPU seconds (user + system of this process, ``time.process_time``) and the CPU spent
inside each of its main parts (functions of ``l10n.pipeline`` and the modules it calls, wrapped
with ``time.process_time``; nested parts are inside their callers' figures).

``VARIANT`` gives the bound of any cut in one part (only for measuring: its outputs are not
what l10n writes):

- ``normal``: the stage as it ships;
- ``norelink`` (build): ``rewrite_links`` returns the page as rendered, so no link is found,
  resolved or rewritten and no other note is read for its heading ids or language;
- ``noparse`` (extract): each note's segmentation is parsed in the untimed set-up, and the
  stage's ``parse_note`` hands it back (the note is still read, decoded and stored);
- ``nowalk`` (extract): markdown-it's block parse runs, but l10n's walk over its tokens (the
  segments made of each block) does nothing: ``normal`` less ``nowalk`` is the walk, ``nowalk``
  less ``noparse`` the rest of the parse (markdown-it, the dialect's line view, the parser's
  choice of rules); no catalog entry is written then but the front matter's.

Run it from a folder that is not a checkout, each snapshot and variant in turns with mdpo
(``bench/stage_cpu.py SNAPSHOT mdpo STAGE disk WORK``), each its own WORK (made as
``bench/stage_cpu.py`` says; for build, then ``stage_cpu.py SNAP l10n prepare - WORK``), and
read medians of several turns: one turn moves by a quarter on a shared machine.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

PARTS = {
    "build": [
        ("l10n.pipeline", "load_note"),
        ("l10n.store.segcache", "load"),
        ("l10n.pipeline", "_read_catalog"),
        ("l10n.pipeline", "plan_headings"),
        ("l10n.pipeline", "translate_document"),
        ("l10n.pipeline", "rewrite_links"),
        ("l10n.site.relink", "find_links"),
        ("l10n.site.relink", "_link_target"),
        ("l10n.pipeline", "_renamed_in"),
        ("l10n.pipeline", "atomic_write"),
        ("l10n.pipeline", "_record"),
        ("l10n.pipeline", "catalog_path"),
        ("l10n.pipeline", "output_path"),
    ],
    "extract": [
        ("l10n.pipeline", "load_note"),
        ("l10n.pipeline", "parse_note"),
        ("l10n.markdown.segment", "parse_top_level_blocks"),
        ("l10n.markdown.segment", "line_view"),
        ("l10n.markdown.segment", "parser_for"),
        ("l10n.store.segcache", "store"),
        ("l10n.pipeline", "note_template"),
        ("l10n.pipeline", "render_template_entries"),
        ("l10n.pipeline", "atomic_write"),
        ("l10n.pipeline", "_record"),
    ],
}


def snapshot_tools(snapshot: str) -> Any:
    """The snapshot's own ``bench/tools.py``, with the snapshot first on ``sys.path`` (so the
    l10n it imports is the snapshot's)."""
    sys.path[:0] = [snapshot, os.path.join(snapshot, "bench")]
    spec = importlib.util.spec_from_file_location("tools", os.path.join(snapshot, "bench", "tools.py"))
    assert spec is not None and spec.loader is not None
    tools = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tools)
    return tools


def main(argv: list[str]) -> None:
    snapshot, stage, work = argv[:3]
    variant = argv[3] if len(argv) > 3 else "normal"
    tools = snapshot_tools(snapshot)
    run = tools.STAGES["l10n"](stage, "disk", Path(work))
    import l10n
    from l10n import pipeline

    if not os.path.abspath(l10n.__file__).startswith(os.path.abspath(snapshot)):
        raise SystemExit(f"l10n imported from {l10n.__file__}, not from {snapshot}")
    if (stage, variant) == ("build", "norelink"):
        pipeline.rewrite_links = lambda config, note, lang, text, *args, **kwargs: (text, 0)  # type: ignore[assignment]
    elif (stage, variant) == ("extract", "noparse"):
        _parse_in_setup(pipeline, Path(work))
    elif (stage, variant) == ("extract", "nowalk"):
        from l10n.markdown import segment

        segment._Segmenter.walk = lambda self, tokens, first: None  # type: ignore[method-assign]
    elif variant != "normal":
        raise SystemExit(f"unknown variant {variant!r} for {stage}: normal, norelink (build), noparse or nowalk (extract)")
    spent: dict[str, float] = {}
    for module, name in PARTS[stage]:
        _time_part(importlib.import_module(module), name, spent)
    os.sync()  # earlier runs' writes are not this stage's
    cpu = time.process_time()
    files = run()
    cpu = time.process_time() - cpu
    print(json.dumps({"variant": variant, "cpu": cpu, **spent, "files": files, "l10n": l10n.__file__}))


def _time_part(owner: Any, name: str, spent: dict[str, float]) -> None:
    """Wrap ``owner.name`` to add the CPU spent inside it to ``spent[name]``."""
    original = getattr(owner, name)
    spent.setdefault(name, 0.0)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            found = original(*args, **kwargs)
            # a generator (find_links) does its work as it is read: read it here
            return iter(list(found)) if inspect.isgenerator(found) else found
        finally:
            spent[name] += time.process_time() - start

    setattr(owner, name, wrapper)


def _parse_in_setup(pipeline: Any, work: Path) -> None:
    """Parse every note of ``work`` now (untimed) and make the stage's ``parse_note`` hand the
    segmentation back by text: the bound of any cut in the parse."""
    from l10n.config import load_config
    from l10n.site.layout import discover_notes

    config = load_config(work)
    parse = pipeline.parse_note
    parsed: dict[str, Any] = {}
    for note in discover_notes(config):
        doc = pipeline.load_note(config, note, store=False)
        parsed[doc.source] = doc

    def served(text: str, *args: Any, **kwargs: Any) -> Any:
        doc = parsed.get(text)
        return parse(text, *args, **kwargs) if doc is None else doc

    pipeline.parse_note = served


if __name__ == "__main__":
    main(sys.argv[1:])
