"""A segment whose replies are always refused is not paid for on every sync (l10n.store.refusals).

Through the real command line: the pseudo engine (deterministic) refuses a paragraph that reads
like two link reference definitions run together (as in kubernetes-enhancements' KEP 2299: its
reply changes a link destination), and a local OpenAI-compatible server (:class:`tests.stubs.OpenAIStub`,
not deterministic) refuses a text with the keyword ``inventme`` (its reply invents a placeholder).
Every figure is counted from what the engines were sent and what the commands said.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest

from l10n.store import cachedb
from l10n.store.refusals import segment_digest
from tests.conftest import Runner, write_project
from tests.stubs import OpenAIStub

REFUSED = "[the site]: https://example.org/[other]: https://example.org/other"
"""Pseudo's reply to it changes the first link destination: the validator refuses it, every time."""
NOTE = f"# Title\n\nSee [the site] now.\n\n{REFUSED}\n"
LLM_REFUSED = "Please inventme a placeholder here."


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub("mangle") as server:
        yield server


def summary(output: str, lang: str = "hi") -> str:
    """The translate stage's summary line of ``lang`` (real or dry run)."""
    return next(line for line in output.splitlines() if re.match(rf"{lang}: (would send|\d)", line))


def characters_sent(output: str, lang: str = "hi") -> int:
    return int(re.search(r"([\d,]+) characters? sent", summary(output, lang)).group(1).replace(",", ""))  # type: ignore[union-attr]


def withheld(output: str, lang: str = "hi") -> int:
    found = re.search(r"(\d+) segments? (?:would not be|not) sent, refused by", summary(output, lang))
    return int(found.group(1)) if found else 0


def would_send(output: str) -> int:
    return int(re.search(r"would send ([\d,]+) segment", summary(output)).group(1).replace(",", ""))  # type: ignore[union-attr]


def refused_in_status(root: Path, l10n: Runner) -> dict[str, int]:
    data: dict[str, Any] = json.loads(l10n(root, "status", "--format", "json").stdout)
    return {lang["lang"]: lang["refused"] for lang in data["languages"]}


def sent(stub: OpenAIStub) -> list[str]:
    texts: list[str] = []
    for post in stub.posts:
        texts.extend(json.loads(post["body"]["messages"][-1]["content"]).values())
    return texts


def catalog(root: Path, note: str = "a-en.po", lang: str = "hi") -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(root / "locales" / lang / note), wrapwidth=0)}


def fill_by_hand(root: Path, msgid: str, msgstr: str, note: str = "a-en.po") -> None:
    path = root / "locales/hi" / note
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid == msgid:
            entry.msgstr = msgstr
    po.save(str(path))


def run(l10n: Runner, root: Path, *args: str) -> str:
    result = l10n(root, *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_a_segment_pseudo_refused_is_not_sent_again_and_is_counted(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a-en.md": NOTE}, ("hi",), 'engine = "pseudo"\n')
    first = run(l10n, root, "sync")
    assert "1 failed" in summary(first) and characters_sent(first) > 0
    assert catalog(root)[REFUSED].msgstr == ""
    assert refused_in_status(root, l10n) == {"hi": 1}
    plan = run(l10n, root, "sync", "--dry-run")
    assert would_send(plan) == 0 and withheld(plan) == 1
    assert "1 segment would not be sent, refused by pseudo before" in summary(plan)
    second = run(l10n, root, "sync", "-v")
    assert characters_sent(second) == 0 and withheld(second) == 1  # the dry run said so
    assert "0 failed" in summary(second)
    assert "1 segment not sent, refused by pseudo before (--retry-refused sends it)" in summary(second)
    named = next(line for line in second.splitlines() if "not sent:" in line)
    assert "a-en.md:5: [the site]:" in named and "link destination changed" in named
    assert "locales/hi/a-en.po" in named
    assert "1 segment no longer sent to machine translation, its replies refused: translate it by hand" in run(
        l10n, root, "status"
    )
    # translate withholds it as sync does
    assert withheld(run(l10n, root, "translate")) == 1


def test_editing_the_english_sends_the_segment_afresh(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a-en.md": NOTE}, ("hi",), 'engine = "pseudo"\n')
    run(l10n, root, "sync")
    (root / "source_notes/a-en.md").write_text(NOTE.replace("example.org/other", "example.org/else"), encoding="utf-8")
    edited = run(l10n, root, "sync")
    assert withheld(edited) == 0 and characters_sent(edited) > 0 and "1 failed" in summary(edited)
    assert withheld(run(l10n, root, "sync")) == 1  # and the edited one is withheld in turn


def test_retry_refused_sends_it_again(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a-en.md": NOTE}, ("hi",), 'engine = "pseudo"\n')
    run(l10n, root, "sync")
    plan = run(l10n, root, "sync", "--dry-run", "--retry-refused")
    assert would_send(plan) == 1 and withheld(plan) == 0
    # pseudo is deterministic: the plan counts the retry of the reply it refuses again
    planned = int(re.search(r"\((\d+) characters", summary(plan)).group(1))  # type: ignore[union-attr]
    assert "1 segment refused before counted with its retry" in summary(plan)
    once = planned // 2
    again = run(l10n, root, "sync", "--retry-refused")
    assert characters_sent(again) == once * 2 == planned  # asked twice (a retry), as on the first run
    assert withheld(again) == 0 and "1 failed" in summary(again)
    assert characters_sent(run(l10n, root, "translate", "--retry-refused")) == once * 2
    assert withheld(run(l10n, root, "translate")) == 1


def test_another_engine_is_sent_it(tmp_path: Path, l10n: Runner, stub: OpenAIStub) -> None:
    root = write_project(tmp_path, {"a-en.md": NOTE}, ("hi",), 'engine = "pseudo"\n')
    run(l10n, root, "sync")
    stub.mode = "normal"
    other = run(l10n, root, "translate", "--engine", "openai", "--engine-url", stub.url)
    assert withheld(other) == 0
    assert characters_sent(other) > 0
    assert [text for text in sent(stub) if "[the site]" in text or "example.org" in text]


def test_a_translation_by_hand_ends_the_matter(tmp_path: Path, l10n: Runner) -> None:
    root = write_project(tmp_path, {"a-en.md": NOTE}, ("hi",), 'engine = "pseudo"\n')
    run(l10n, root, "sync")
    fill_by_hand(root, REFUSED, REFUSED)
    assert refused_in_status(root, l10n) == {"hi": 0}  # at once, before any translate run
    after = run(l10n, root, "sync")
    assert withheld(after) == 0 and characters_sent(after) == 0
    assert catalog(root)[REFUSED].msgstr == REFUSED
    # The record went with it: emptied again, the segment is sent again.
    fill_by_hand(root, REFUSED, "")
    emptied = run(l10n, root, "sync")
    assert withheld(emptied) == 0 and characters_sent(emptied) > 0


def test_an_llm_gets_a_second_run_then_its_refusal_is_withheld(tmp_path: Path, l10n: Runner, stub: OpenAIStub) -> None:
    body = f"# Title\n\nA clean paragraph.\n\n{LLM_REFUSED}\n"
    config = f'engine = "openai"\nengine_url = "{stub.url}"\n'
    root = write_project(tmp_path, {"a-en.md": body, "b-en.md": body.replace("clean", "tidy")}, ("hi", "ru"), config)
    run(l10n, root, "sync")
    assert sent(stub).count(LLM_REFUSED) == 2 * 2  # one text for two notes; in a batch, then alone; per language
    assert refused_in_status(root, l10n) == {"hi": 0, "ru": 0}  # not yet: an LLM may answer otherwise
    plan = run(l10n, root, "sync", "--dry-run")
    assert would_send(plan) == 1 and withheld(plan) == 0
    run(l10n, root, "sync")
    assert sent(stub).count(LLM_REFUSED) == 4 * 2
    assert refused_in_status(root, l10n) == {"hi": 2, "ru": 2}  # both notes' entries, per language
    plan = run(l10n, root, "sync", "--dry-run")
    assert would_send(plan) == 0 and withheld(plan) == 2
    third = run(l10n, root, "sync")
    assert sent(stub).count(LLM_REFUSED) == 4 * 2  # nothing more
    assert characters_sent(third) == 0 and withheld(third) == 2
    assert withheld(third, "ru") == 2
    # another model is another engine: asked again
    run(l10n, root, "translate", "--model", "other-model", "--lang", "hi")
    assert sent(stub).count(LLM_REFUSED) == 4 * 2 + 2


def test_dry_run_counts_as_the_real_run_across_chunks(
    tmp_path: Path, l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same refused text in catalogs of two chunks: the real run withholds both entries
    (the memory has no translation of it), and the dry run counts both."""
    import l10n.mt.translate as stage

    monkeypatch.setattr(stage, "CHUNK", 1)
    monkeypatch.setattr("l10n.mt.plan.CHUNK", 1)
    root = write_project(tmp_path, {"a-en.md": NOTE, "b-en.md": NOTE}, ("hi",), 'engine = "pseudo"\n')
    run(l10n, root, "sync")
    plan = run(l10n, root, "sync", "--dry-run")
    real = run(l10n, root, "sync")
    assert withheld(plan) == withheld(real) == 2
    assert would_send(plan) == 0 and characters_sent(real) == 0


def test_an_older_bookkeeping_file_gets_the_table(tmp_path: Path) -> None:
    """A file of the same version made before the refusals table keeps its rows and gains it."""
    locales = tmp_path / "locales"
    cachedb.connect(locales)
    cachedb.close()
    path = cachedb.cache_path(locales)
    db = sqlite3.connect(path)
    db.execute("INSERT INTO verdicts VALUES (x'00')")
    db.execute("DROP TABLE refusals")
    db.commit()
    db.close()
    connection = cachedb.connect(locales)
    assert connection is not None and connection.db is not None
    assert connection.db.execute("SELECT count(*) FROM refusals").fetchone() == (0,)
    assert connection.db.execute("SELECT count(*) FROM verdicts").fetchone() == (1,)
    cachedb.close()


def test_a_context_is_part_of_the_segment() -> None:
    assert segment_digest(None, "Title") != segment_digest("", "Title") != segment_digest("front-matter:title", "Title")
