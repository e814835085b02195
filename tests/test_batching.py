"""Engine batches sized by characters, a note's segments kept together with its title as context."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.markdown.protect import protect
from l10n.mt.batch import _batches, _Item, plan
from l10n.mt.engines import get_engine
from l10n.mt.engines.openai import OpenAIEngine, context_message
from tests.conftest import Runner
from tests.stubs import OpenAIStub, fake_translate


def _items(groups: list[list[int]]) -> list[_Item]:
    """Items of texts of the given lengths; each inner list is one note's texts."""
    return [
        _Item(f"{g}:{i}:" + "x" * length, protect(f"{g}:{i}:" + "x" * length), context=f"note {g}")
        for g, lengths in enumerate(groups)
        for i, length in enumerate(lengths)
    ]


@given(
    st.lists(st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=12), min_size=1, max_size=12),
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=50, max_value=2000),
)
@settings(deadline=None)
def test_batches_keep_limits_order_and_notes(groups: list[list[int]], max_batch: int, max_chars: int) -> None:
    items = _items(groups)
    batches = _batches(items, max_batch, max_chars)
    assert [item for batch in batches for item in batch] == items  # every item once, in order
    for batch in batches:
        size = sum(len(i.protected.text) for i in batch)
        assert batch and len(batch) <= max_batch and (size <= max_chars or len(batch) == 1)
    where = {id(item): n for n, batch in enumerate(batches) for item in batch}
    for g in range(len(groups)):
        note = [i for i in items if i.context == f"note {g}"]
        if len(note) <= max_batch and sum(len(i.protected.text) for i in note) <= max_chars:
            assert len({where[id(i)] for i in note}) == 1, "a note that fits in a batch is not split"
    greedy = _batches([_Item(i.text, i.protected) for i in items], max_batch, max_chars)  # one context
    assert len(batches) <= len(greedy) + len(groups)


def test_context_message_names_runs_of_keys() -> None:
    assert context_message(["A", "A", "B", ""]) == 'Texts 1-2 are from the note "A". Text 3 is from the note "B".'
    assert context_message(["", ""]) == ""


NOTE = """---
title: Note {n}
---

# Heading {n}

{paragraphs}
"""


def _site(notes: int, seed: int = 7) -> dict[str, str]:
    """Notes of 5-40 paragraphs of 40-400 characters, each paragraph distinct."""
    rng = random.Random(seed)
    site = {}
    for n in range(notes):
        paragraphs = [
            f"Paragraph {n}.{p} "
            + " ".join(rng.choice(["cache", "header", "proxy", "browser", "server"]) for _ in range(rng.randint(5, 60)))
            for p in range(rng.randint(5, 40))
        ]
        site[f"n{n:03d}-en.md"] = NOTE.format(n=n, paragraphs="\n\n".join(paragraphs))
    return site


def test_openai_requests_per_segments_stay_below_notes(project: Callable[..., Path], l10n: Runner) -> None:
    site = _site(40)
    root = project(site)
    assert l10n(root, "extract").exit_code == 0
    with OpenAIStub() as stub:
        result = l10n(root, "translate", "--engine", "openai", "--engine-url", stub.url)
        assert result.exit_code == 0, result.stderr
        posts = stub.posts
    segments = sum(len(polib.pofile(str(p))) for p in (root / "locales/hi").glob("*.po"))
    assert segments > 500
    assert len(posts) <= len(site) // 4  # 20 segments a request took more requests than notes
    assert len(posts) * 1000 / segments <= len(site)  # issue 19: per 1,000 segments, fewer requests than notes
    systems = set()
    for post in posts:
        messages = post["body"]["messages"]
        assert [m["role"] for m in messages] == ["system", "user", "user"]  # the prompt once per request
        systems.add(messages[0]["content"])
        texts = json.loads(messages[-1]["content"])
        assert 'from the note "Note ' in messages[1]["content"]
        # every text travels with its own note's title (Paragraph 3.x and Heading 3 are "Note 3")
        for first, last, title in re.findall(r'Texts? (\d+)(?:-(\d+))? (?:is|are) from the note "([^"]+)"', messages[1]["content"]):
            number = title.removeprefix("Note ")
            for key in range(int(first), int(last or first) + 1):
                text = texts[str(key)]
                assert text == title or text.startswith((f"Paragraph {number}.", f"Heading {number}")), (text, title)
        assert sum(len(t) for t in texts.values()) <= OpenAIEngine.max_chars
    assert len(systems) == 1 and len(systems.pop()) < 350  # 517 characters before it was trimmed
    po = polib.pofile(str(root / "locales/hi/n000-en.po"))
    assert all(e.msgstr == fake_translate(e.msgid, "hi") for e in po)


def test_a_smaller_batch_setting_means_more_requests(project: Callable[..., Path], l10n: Runner) -> None:
    root = project(_site(6), extra="mt_batch_characters = 1000\n")
    assert l10n(root, "extract").exit_code == 0
    with OpenAIStub() as stub:
        assert l10n(root, "translate", "--engine", "openai", "--engine-url", stub.url).exit_code == 0
        for post in stub.posts:
            texts = json.loads(post["body"]["messages"][-1]["content"])
            assert sum(len(t) for t in texts.values()) <= 1000 or len(texts) == 1


def test_plan_counts_the_same_batches() -> None:
    texts = [f"Text number {i} " + "word " * (i % 50) for i in range(300)]
    contexts = {t: f"note {i // 10}" for i, t in enumerate(texts)}
    engine = get_engine("openai", url="http://127.0.0.1:9/v1")
    figures = plan(texts, engine=engine, source="en", target="hi", contexts=contexts)
    items = [_Item(t, protect(t), contexts[t]) for t in texts]
    assert figures.requests == len(_batches(items, engine.max_batch, engine.max_chars))
