"""The reply checks of a first translate, replayed: ``python bench/check_replies.py PROJECT ROUNDS CHECKOUT...``.

PROJECT is extracted, not translated (``l10n extract`` run on a ``bench/synth.py`` site). A child
process of the first CHECKOUT runs ``translate --engine pseudo`` on a copy of it with
:func:`l10n.markdown.validate.check_reply` wrapped to record every call's arguments (pickled to a
scratch file). Then, each round and each checkout in turn (``PYTHONPATH``; the order reversed
every other round), a child replays all the calls in one loop, its validator's caches emptied
first (as a new process has them), and prints the thread CPU of the loop (:func:`time.thread_time`,
no profiler) and a digest of the answers: the checkouts must give the same answers, and the
seconds are comparable within a round (the same load). Made for session 18: the validator is a
third of the translate stage, in about thirty steps of a few microseconds each, which whole
commands on a busy machine cannot tell apart.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RECORD = r'''
import atexit, pickle, sys
import l10n.mt.batch as batch
calls = []
target = sys.argv[2]
checked = batch.check_reply
def recording(*args, **kwargs):
    calls.append((args, kwargs))
    return checked(*args, **kwargs)
batch.check_reply = recording
def dump():
    with open(target, "wb") as handle:
        pickle.dump(calls, handle)
atexit.register(dump)
from l10n.cli import main
sys.argv = ["l10n", "-C", sys.argv[1], "-q", "translate", "--engine", "pseudo"]
main()
'''

REPLAY = r'''
import functools, gc, hashlib, pickle, sys, time
from l10n.markdown import validate
with open(sys.argv[1], "rb") as handle:
    calls = pickle.load(handle)
validate._VERDICTS.clear()
for name in dir(validate):
    cached = getattr(validate, name)
    if isinstance(cached, functools._lru_cache_wrapper):
        cached.cache_clear()
gc.collect()
start = time.thread_time()
answers = [validate.check_reply(*args, **kwargs) for args, kwargs in calls]
seconds = time.thread_time() - start
print(f"{seconds:.3f} {len(calls)} {hashlib.sha1(repr(answers).encode()).hexdigest()[:12]}")
'''


def main(argv: list[str]) -> None:
    project, rounds, codes = Path(argv[0]).resolve(), int(argv[1]), [Path(c).resolve() for c in argv[2:]]
    scratch = Path(tempfile.mkdtemp(prefix="check-replies-"))
    try:
        work, recorded = scratch / "site", scratch / "calls.pickle"
        shutil.copytree(project, work, symlinks=True)
        env = {**os.environ, "PYTHONPATH": str(codes[0])}
        subprocess.run([sys.executable, "-c", RECORD, str(work), str(recorded)], cwd=codes[0], env=env, check=True)
        seconds: dict[Path, list[float]] = {code: [] for code in codes}
        for turn in range(rounds):
            for code in codes if turn % 2 == 0 else codes[::-1]:
                done = subprocess.run(
                    [sys.executable, "-c", REPLAY, str(recorded)],
                    cwd=code, env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True, check=True,
                )
                cpu, count, digest = done.stdout.split()
                seconds[code].append(float(cpu))
                print(f"round {turn + 1} {code}: {cpu} s for {count} replies, answers {digest}", flush=True)
        for code in codes:
            print(f"{code}: median {statistics.median(seconds[code]):.3f} s")
        if len(codes) == 2:
            ratios = [a / b for a, b in zip(seconds[codes[0]], seconds[codes[1]])]
            print(f"first ÷ second per round: {', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f}")
        print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
