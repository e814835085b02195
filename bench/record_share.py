"""The run state's share of ``build disk``, for any checkout: ``python bench/record_share.py SNAPSHOT WORK [VARIANT]``.

Prepares ``bench/tools.py``'s ``build disk`` stage of ``SNAPSHOT`` (untimed, as
``bench/stage_cpu.py`` does: the run state cleared, so every note is built and recorded), runs
it and prints one JSON line of CPU seconds (user + system of this process,
``time.process_time``): the whole stage, the part inside ``RunState.record`` (stat, digest and
queueing a note's stamp rows) and the part inside ``cachedb.Connection.write`` (the SQL of every
deferred row, with its triggers, and the commits). ``VARIANT`` ``notriggers`` drops the
per-row triggers on ``stamps`` (``cachedb._PER_ROW_TRIGGERS``) in the connection the stage
opens, to see what they cost (the next opening makes them again, filled); ``norecord`` makes
``record`` do nothing (the bound of any cut in the recording). Only for measuring: the
variants leave a run state sync would not trust.

Run it from a folder that is not a checkout, old and new snapshots in turns, each its own
WORK (made as ``bench/stage_cpu.py`` says, then ``stage_cpu.py SNAP l10n prepare - WORK``),
and read medians of several turns: the stage's CPU varies by a third between runs on a
shared machine, the shares much less.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from stage_shares import snapshot_tools  # bench/, first on sys.path when run as a script


def main(argv: list[str]) -> None:
    snapshot, work = argv[:2]
    variant = argv[2] if len(argv) > 2 else "normal"
    tools = snapshot_tools(snapshot)
    run = tools.STAGES["l10n"]("build", "disk", Path(work))
    import l10n
    from l10n.store import cachedb, state

    if not os.path.abspath(l10n.__file__).startswith(os.path.abspath(snapshot)):
        raise SystemExit(f"l10n imported from {l10n.__file__}, not from {snapshot}")
    spent = {"record": 0.0, "write": 0.0}

    def timed(owner: Any, name: str, part: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[part] += time.process_time() - start

        setattr(owner, name, wrapper)

    if variant == "norecord":
        state.RunState.record = lambda self, key, paths, read=(): None  # type: ignore[method-assign]
    elif variant == "notriggers":
        connect = cachedb.connect

        def without_triggers(locales: Path, create: bool = True) -> Any:
            connection = connect(locales, create)
            if connection is not None and connection.db is not None:
                for trigger in cachedb._PER_ROW_TRIGGERS:
                    connection.db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            return connection

        cachedb.connect = without_triggers  # type: ignore[assignment]
    elif variant != "normal":
        raise SystemExit(f"unknown variant {variant!r}: normal, notriggers or norecord")
    timed(state.RunState, "record", "record")
    timed(cachedb.Connection, "write", "write")
    os.sync()  # earlier runs' writes are not this stage's
    cpu = time.process_time()
    files = run()
    cpu = time.process_time() - cpu
    print(json.dumps({"variant": variant, "cpu": cpu, **spent, "files": files, "l10n": l10n.__file__}))


if __name__ == "__main__":
    main(sys.argv[1:])
