"""Requests of several languages overlap up to --jobs (l10n.mt.schedule, issue 19), and what is
written stays what the languages one after another write."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from l10n.mt.schedule import run_languages, wait_for_replies
from tests.conftest import Runner, write_project
from tests.stubs import OpenAIStub

NOTES = {
    "a-en.md": "# First note\n\nA paragraph of the first note, with `code` and a [link](b-en.md).\n",
    "b-en.md": "# Second note\n\nThe second note's paragraph, about **bold** words.\n\n- an item\n- another\n",
}
SMALL_BATCHES = "mt_batch_characters = 100\n"
"""Each note's texts in a request of their own: two requests per language."""


def test_languages_take_turns_and_wait_for_each_other() -> None:
    """Language "a" waits for a reply only language "b"'s work gives: it must be let go meanwhile."""
    reply: Future[str] = Future()
    inside: list[str] = []
    trace: list[str] = []

    def work(lang: str) -> str:
        assert not inside, f"{lang} runs while {inside} does"
        inside.append(lang)
        trace.append(f"{lang} starts")
        if lang == "a":
            inside.remove(lang)
            (done,) = wait_for_replies([reply])  # b's turn comes now
            inside.append(lang)
            trace.append("a has its reply")
            result = done.result()
        else:
            reply.set_result("from b")
            result = "b done"
        inside.remove(lang)
        return result

    assert list(run_languages(["a", "b"], 2, work)) == [("a", "from b"), ("b", "b done")]
    assert trace == ["a starts", "b starts", "a has its reply"]


def test_one_job_runs_languages_one_after_another_in_this_thread() -> None:
    threads = []
    results = list(run_languages(["a", "b"], 1, lambda lang: threads.append(threading.current_thread()) or lang))
    assert results == [("a", "a"), ("b", "b")] and threads == [threading.main_thread()] * 2


def test_an_error_of_one_language_stops_the_others_and_is_raised() -> None:
    never: Future[None] = Future()

    def work(lang: str) -> str:
        if lang == "b":
            raise ValueError("b failed")
        wait_for_replies([never])  # only the cancellation wakes it
        return lang

    with pytest.raises(ValueError, match="b failed"):
        list(run_languages(["a", "b"], 2, work))
    assert not never.done()


def _catalogs(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted((root / "locales").rglob("*.po"))}


def test_overlapping_languages_write_what_one_job_writes(tmp_path: Path, l10n: Runner) -> None:
    """Catalogs, outputs and messages of three languages: the same bytes with --jobs 1 and 4, a
    reply refused in every language included (mangled at each try, so withheld)."""
    notes = {**NOTES, "c-en.md": "# Third\n\nA text that the engine mangles: dropme {x} `y`.\n"}
    languages = ("hi", "de", "ru")
    roots = {}
    outputs = {}
    with OpenAIStub("mangle") as stub:
        for jobs in ("1", "4"):
            (tmp_path / jobs).mkdir()
            root = roots[jobs] = write_project(tmp_path / jobs, notes, languages, SMALL_BATCHES)
            assert l10n(root, "extract").exit_code == 0
            result = l10n(root, "translate", "--engine", "openai", "--engine-url", stub.url, "--jobs", jobs)
            assert l10n(root, "build").exit_code == 0
            outputs[jobs] = result.output.replace(str(root), "ROOT")
    assert _catalogs(roots["1"]) == _catalogs(roots["4"]) and len(_catalogs(roots["1"])) == 9
    built = sorted(p.relative_to(roots["1"]) for p in (roots["1"] / "translated").rglob("*.md"))
    assert len(built) == 9 and all((roots["1"] / p).read_bytes() == (roots["4"] / p).read_bytes() for p in built)
    assert outputs["1"] == outputs["4"] and "not translated" in outputs["1"]


def test_requests_of_two_languages_overlap_and_ctrl_c_stops_both(tmp_path: Path) -> None:
    """Two requests per language, --jobs 4: all four are in flight at once (one language after
    the other would hold two), and Ctrl-C then stops both languages with the usual message."""
    write_project(tmp_path, NOTES, ("hi", "de"), SMALL_BATCHES)
    before = {}
    with OpenAIStub() as stub:
        stub.hold_after = 0  # no reply ever: every request stays in flight
        run = [sys.executable, "-m", "l10n.cli", "-C", str(tmp_path)]
        assert subprocess.run([*run, "extract"], capture_output=True).returncode == 0
        before = _catalogs(tmp_path)
        # SIGINT as a terminal sends it (see tests/test_cli.py, test_ctrl_c_says_what_is_kept)
        ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            process = subprocess.Popen(
                [*run, "translate", "--engine", "openai", "--engine-url", stub.url, "--jobs", "4"],
                stderr=subprocess.PIPE, text=True,
            )
        finally:
            signal.signal(signal.SIGINT, ignored)
        stub.wait_for_posts(4)
        prompts = [post["body"]["messages"][0]["content"] for post in stub.posts]
        assert stub.max_active == 4
        assert sum(" to Hindi." in p for p in prompts) == sum(" to German." in p for p in prompts) == 2
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    last = err.splitlines()[-1]
    assert last.startswith("error: interrupted: kept what was finished (") and last.endswith("); run the command again to continue")
    assert "translate hi: 0 of 2 catalogs" in last and "translate de: 0 of 2 catalogs" in last
    assert _catalogs(tmp_path) == before  # nothing was finished: nothing changed
