"""translate_texts and plan: dedupe, memory, batching, concurrency, validation, retries, errors."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from l10n.errors import EngineError
from l10n.mt.batch import TextOutcome, plan, translate_texts
from l10n.mt.engines import get_engine
from l10n.mt.engines.pseudo import PseudoEngine, pseudo_localize
from l10n.mt.memory import TranslationMemory
from tests.stubs import LibreStub, OpenAIStub, fake_translate

pytestmark = pytest.mark.timeout(30)
FAST: dict[str, Any] = {"timeout": 2.0, "backoff": 0.01}


class CountingPseudo(PseudoEngine):
    """The pseudo engine, recording every call and with small batches."""

    max_batch = 2
    in_process = False  # stands for an engine behind a network, whose requests may overlap

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        self.calls.append(list(texts))
        return super().translate(texts, source=source, target=target)


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    with TranslationMemory(tmp_path / "tm.sqlite3") as tm:
        yield tm


@pytest.fixture
def libre() -> Iterator[LibreStub]:
    with LibreStub() as stub:
        yield stub


def by_text(outcomes: list[TextOutcome]) -> dict[str, TextOutcome]:
    return {o.source_text: o for o in outcomes}


def test_dedupes_reuses_memory_and_second_run_sends_nothing(memory: TranslationMemory) -> None:
    engine = CountingPseudo()
    texts = ["Hello world", "Second text", "Hello world", "Third one", "2024", "`code`"]
    progress: list[tuple[int, int]] = []
    first = list(
        translate_texts(
            texts,
            engine=engine,
            source="en",
            target="hi",
            memory=memory,
            on_progress=lambda d, t: progress.append((d, t)),
        )
    )
    assert [o.source_text for o in first if o.origin == "engine"][:2] == ["2024", "`code`"]  # no letters: no request
    assert sorted(o.source_text for o in first) == sorted(set(texts))
    assert sorted(t for call in engine.calls for t in call) == ["Hello world", "Second text", "Third one"]
    assert max(len(call) for call in engine.calls) == 2
    assert by_text(first)["Hello world"] == TextOutcome("Hello world", "[Ĥééĺĺóó ŵóóŕĺđ]", "engine", None, 11)
    assert progress[-1] == (5, 5) and len(progress) == 5

    engine.calls.clear()
    second = list(translate_texts(texts, engine=engine, source="en", target="hi", memory=memory))
    assert engine.calls == []
    assert by_text(second)["Hello world"].origin == "memory"
    assert by_text(second)["Hello world"].memory_origin == "machine:pseudo"


def test_human_memory_entries_are_reused_as_human(memory: TranslationMemory) -> None:
    memory.store_many("en", "hi", [("Hello world", "नमस्ते दुनिया")], origin="human")
    (outcome,) = translate_texts(["Hello world"], engine=CountingPseudo(), source="en", target="hi", memory=memory)
    assert (outcome.translation, outcome.origin, outcome.memory_origin) == ("नमस्ते दुनिया", "memory", "human")


def test_plan_counts_what_would_be_sent_without_sending(libre: LibreStub, memory: TranslationMemory) -> None:
    memory.store_many("en", "hi", [("Known text", "ज्ञात")], origin="human")
    engine = get_engine("libre", url=libre.url, **FAST)
    texts = ["Known text", "Use `make` now", "Use `make` now", "Other words", "42"]
    result = plan(texts, engine=engine, source="en", target="hi", memory=memory)
    assert (result.unique, result.from_memory, result.segments, result.requests) == (4, 1, 2, 1)
    assert result.characters == len("Use {1} now") + len("Other words")
    assert libre.requests == []


def test_libre_protects_markup_batches_and_stores(libre: LibreStub, memory: TranslationMemory) -> None:
    engine = get_engine("libre", url=libre.url, **FAST)
    engine.max_batch = 4
    texts = [f"Open **Obsidian** with `obsidian --safe` and read [notes {i}](https://x.org/n_{i})." for i in range(10)]
    outcomes = by_text(
        list(
            translate_texts(
                texts, engine=engine, source="en", target="hi", memory=memory, glossary={"keep": ["Obsidian"]}
            )
        )
    )
    out = outcomes[texts[3]]
    assert out.origin == "engine" and out.problem is None
    assert out.translation == fake_translate("Open **{1}** with {2} and read [notes 3{3}.", "hi").replace(
        "{1}", "Obsidian"
    ).replace("{2}", "`obsidian --safe`").replace("{3}", "](https://x.org/n_3)")
    assert len(libre.posts) == 3  # 10 texts in batches of 4
    assert all("Obsidian" not in t for p in libre.posts for t in p["body"]["q"])
    assert len(memory.lookup("en", "hi", texts)) == 10


def test_requests_run_concurrently(libre: LibreStub) -> None:
    libre.latency = 0.1
    engine = get_engine("libre", url=libre.url, **FAST)
    engine.max_batch = 1
    outcomes = list(
        translate_texts([f"Text number {i}" for i in range(12)], engine=engine, source="en", target="hi", jobs=4)
    )
    assert len(outcomes) == 12 and all(o.origin == "engine" for o in outcomes)
    assert libre.max_active == 4


MANGLED = {
    "Please dropme the `code` here": "lost code span '`code`'",
    "Please dupme the `code` here": "duplicated code span '`code`'",
    "Please inventme something here": "invented placeholder '{99}'",
    "A **boldme** word here": "strong emphasis (**…**): 1 in the source, 0",
    "Please be chatty about it": "reply adds commentary",
    "Please romanize this sentence": "wrong script",
    "Heading newlineme here": "line break added (\\n) in a single-line heading",
    "Add a fenceme here": "a code fence",
}


def test_mangled_replies_are_retried_once_then_failed(libre: LibreStub, memory: TranslationMemory) -> None:
    libre.mode = "mangle"
    engine = get_engine("libre", url=libre.url, **FAST)
    texts = [*MANGLED, "A clean sentence"]
    kinds = {"Heading newlineme here": "heading"}
    outcomes = by_text(
        list(translate_texts(texts, engine=engine, source="en", target="hi", memory=memory, kinds=kinds))
    )
    assert outcomes["A clean sentence"].origin == "engine"
    for text, problem in MANGLED.items():
        outcome = outcomes[text]
        assert (outcome.origin, outcome.translation) == ("failed", None), text
        assert problem in (outcome.problem or ""), (text, outcome.problem)
        assert outcome.chars_sent == 2 * len(text.replace("`code`", "{1}"))
    sent = [t for p in libre.posts for t in p["body"]["q"]]
    assert all(sent.count(t.replace("`code`", "{1}")) == 2 for t in MANGLED)  # once in a batch, once alone
    assert list(memory.lookup("en", "hi", texts)) == ["A clean sentence"]  # failures are never stored


def test_a_reply_mangled_once_succeeds_on_retry(libre: LibreStub) -> None:
    libre.mode, libre.mangle_times = "mangle", 1
    engine = get_engine("libre", url=libre.url, **FAST)
    outcomes = list(
        translate_texts(
            list(MANGLED), engine=engine, source="en", target="hi", kinds={"Heading newlineme here": "heading"}
        )
    )
    assert all(o.origin == "engine" for o in outcomes), [o.problem for o in outcomes]


def test_openai_wrong_shape_fails_the_items_not_the_language() -> None:
    with OpenAIStub("wrong-shape") as stub:
        engine = get_engine("openai", url=stub.url, **FAST)
        outcomes = list(translate_texts(["One text", "Two text"], engine=engine, source="en", target="hi"))
    assert [o.origin for o in outcomes] == ["failed", "failed"]
    assert all("the reply" in (o.problem or "") for o in outcomes)
    assert len(stub.posts) == 2 + 2 * 2  # batch asked twice, then each item asked twice


def test_openai_glossary_translations_are_checked() -> None:
    glossary = {"hi": {"pull request": "पुल रिक्वेस्ट"}}
    with OpenAIStub() as stub:  # the stub ignores the glossary instruction
        engine = get_engine("openai", url=stub.url, glossary=glossary, **FAST)
        outcomes = by_text(
            list(
                translate_texts(
                    ["Open a pull request", "Close it now"], engine=engine, source="en", target="hi", glossary=glossary
                )
            )
        )
    assert outcomes["Close it now"].origin == "engine"
    assert outcomes["Open a pull request"].problem == "glossary: 'pull request' must be translated as 'पुल रिक्वेस्ट'"


def test_outcomes_stream_while_other_requests_are_in_flight() -> None:
    gate = threading.Event()

    class Gated(CountingPseudo):
        max_batch = 1

        def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
            if texts[0] == "Slow one":
                assert gate.wait(10)
            return super().translate(texts, source=source, target=target)

    outcomes = translate_texts(["Slow one", "Fast one"], engine=Gated(), source="en", target="hi", jobs=2)
    first = next(outcomes)
    assert first.source_text == "Fast one"  # yielded while "Slow one" is still blocked
    gate.set()
    assert [o.source_text for o in outcomes] == ["Slow one"]


def test_engine_error_stops_the_language_and_keeps_earlier_outcomes(memory: TranslationMemory) -> None:
    class Failing(CountingPseudo):
        max_batch = 1

        def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
            if texts[0] == "Second":
                self.calls.append(list(texts))
                raise EngineError("failing (en→hi): the network is down; check the network connection")
            return super().translate(texts, source=source, target=target)

    engine = Failing()
    outcomes = translate_texts(
        ["First", "Second", "Third", "Fourth"], engine=engine, source="en", target="hi", memory=memory, jobs=1
    )
    assert next(outcomes).translation == pseudo_localize("First")
    with pytest.raises(EngineError, match="the network is down"):
        next(outcomes)
    assert engine.calls == [["First"], ["Second"]]  # nothing queued behind the failure was sent
    assert list(memory.lookup("en", "hi", ["First", "Second"])) == ["First"]


def test_authentication_failure_propagates_promptly(libre: LibreStub) -> None:
    libre.mode = "auth"
    engine = get_engine("libre", url=libre.url, **FAST)
    engine.max_batch = 1
    with pytest.raises(EngineError, match="HTTP 401"):
        list(translate_texts([f"Text {i} here" for i in range(40)], engine=engine, source="en", target="hi", jobs=2))
    assert len(libre.posts) <= 2


def test_an_engine_computing_in_this_process_gets_one_thread_whatever_jobs_says() -> None:
    # issue 19: pseudo-localization holds the GIL; threads would only take turns
    threads: set[str] = set()

    class Recording(PseudoEngine):
        max_batch = 1

        def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
            threads.add(threading.current_thread().name)
            return super().translate(texts, source=source, target=target)

    outcomes = list(translate_texts([f"Text {i} here" for i in range(20)], engine=Recording(), source="en", target="hi", jobs=4))
    assert len(outcomes) == 20 and len(threads) == 1
