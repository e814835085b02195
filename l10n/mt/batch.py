"""Machine translation of many texts for one language pair, independent of catalogs.

:func:`translate_texts` is the whole pay-once pipeline for one language: identical texts are
translated once, translation-memory hits need no request, the rest is protected
(:mod:`l10n.markdown.protect`), batched to the engine's limits and sent concurrently; every reply is
restored and validated (:func:`l10n.markdown.validate.check_reply`), a bad item is retried once on its
own and then reported as failed — never returned as a translation. Texts that read the same once
their code, links and tags are masked are sent once. A reply that only echoes the English is
accepted without a retry when the text has no translatable words (``VACUUM INTO``), and after one
retry otherwise; the memory then keeps it, so it is never sent again. Texts whose replies were
refused in earlier runs (``withhold``, :mod:`l10n.store.refusals`) are not sent, unless the memory
has them. Outcomes are yielded as soon as each text is done, so the
caller can checkpoint its catalogs while requests are still in flight. :func:`plan` says what
would be sent, for ``--dry-run``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from l10n.errors import EngineError
from l10n.markdown.protect import Glossary, Protected, protect
from l10n.markdown.validate import ECHO, check_reply, forget_prefetched, prefetch_verdicts
from l10n.messages import counted
from l10n.mt.engines.base import Engine, ReplyError
from l10n.mt.estimate import estimate_tokens
from l10n.mt.memory import Entry, Memory
from l10n.mt.schedule import current as current_schedule
from l10n.mt.schedule import wait_for_replies

Origin = Literal["memory", "engine", "failed", "withheld"]


class TextOutcome(NamedTuple):
    """What became of one unique source text. A named tuple, not a frozen dataclass: as
    immutable, made without an ``object.__setattr__`` per field (one per text, issue 19)."""

    source_text: str
    translation: str | None
    """None when ``origin == "failed"``."""
    origin: Origin
    """``memory``: reused, no request; ``engine``: translated now (texts without letters, such as
    ``2024`` or a lone code span, are their own translation and cost no request); ``failed``;
    ``withheld``: not sent, as its replies were refused before (no translation)."""
    problem: str | None = None
    """Why the engine's reply was rejected (for ``failed``)."""
    chars_sent: int = 0
    """Characters sent to the engine for this text, retries included."""
    memory_origin: str | None = None
    """For memory hits: ``"human"`` or ``"machine:<engine>"`` (machine hits stay fuzzy)."""


@dataclass(frozen=True)
class Plan:
    """What :func:`translate_texts` would send, for ``--dry-run``."""

    unique: int
    """Distinct texts."""
    from_memory: int
    segments: int
    """Distinct texts that would go to the engine."""
    characters: int
    """Characters that would be sent (protected texts)."""
    requests: int
    """Engine calls (batches), retries not counted."""
    tokens: int = 0
    """Estimated LLM tokens of the texts that would be sent (:func:`l10n.mt.estimate.estimate_tokens`)."""
    withheld: tuple[str, ...] = ()
    """Texts of ``withhold`` that the memory does not have: not sent."""
    translated: int = 0
    """Distinct texts the engine's outcomes would translate: ``segments``, the texts that read
    the same as one of them once masked (one send for all), and texts without letters (their
    own translation, not sent); what :func:`translate_texts` yields as ``engine`` outcomes when
    every reply passes."""


@dataclass
class _Item:
    """One text to send: the first of the texts that read the same once protected (``{1}``
    stands for different code in each), which all get the one reply, each restored with its
    own originals and validated on its own."""

    text: str
    protected: Protected
    context: str = ""
    """Title of the note the text comes from ("" when unknown)."""
    chars: int = 0
    retried: bool = False
    twins: list[Protected] = field(default_factory=list)
    """Other source texts (their :class:`Protected`) identical to this one after masking."""


class _StoppedError(Exception):
    """A queued batch found the language stopped by an engine-level error."""


_SNAKE_CASE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:[._][A-Za-z0-9_]+)+(?:\(\))?")
"""A text that is one name of code or data: an identifier with inner underscores or dots
(``image_anchor``, ``_private_name``, ``site.params.ui.sidebar_menu_compact``, ``foo_bar()``,
``README.md``, ``v1.2.3``: a parameter table's cells in Docsy's docs), copied rather than sent,
where an engine would translate it as prose. ``_word_`` (emphasis), ``e.g.`` and a camelCase or
single word are not: they are prose to every tokenizer, and are sent."""


def _split(
    texts: Sequence[str],
    source: str,
    target: str,
    memory: Memory | None,
    glossary: Glossary,
    references: Mapping[str, Mapping[str, str]] | None = None,
    contexts: Mapping[str, str] | None = None,
    withhold: Collection[str] = (),
    real: bool = True,
) -> tuple[list[str], dict[str, Entry], list[str], list[_Item], list[str]]:
    """Unique texts, memory hits, texts copied as they are (without letters, or one snake_case
    identifier: :data:`_SNAKE_CASE`), the items that need the engine, and the texts of
    ``withhold`` that are not memory hits (after the lookup: a hit costs nothing). For a
    ``real`` engine (one writing the target language), a placeholder engine's rows (``pseudo``:
    :func:`~l10n.mt.engines.registry.is_placeholder_engine`) are no hits: their text is sent."""
    unique = list(dict.fromkeys(texts))
    hits = memory.lookup(source, target, unique) if memory is not None else {}
    if real and hits:
        hits = {text: entry for text, entry in hits.items() if not _placeholder_row(entry)}
    copies: list[str] = []
    items: dict[str, _Item] = {}
    withheld: list[str] = []
    for text in unique:
        if text in hits:
            continue
        if withhold and text in withhold:
            withheld.append(text)
            continue
        protected = protect(text, glossary.keep, references.get(text) if references is not None else None)
        if not any(c.isalpha() for c in protected.text) or _SNAKE_CASE.fullmatch(protected.text.strip()):
            copies.append(text)
        elif protected.text in items:  # same words, other code or links: sent once
            items[protected.text].twins.append(protected)
        else:
            items[protected.text] = _Item(text, protected, contexts.get(text, "") if contexts else "")
    return unique, hits, copies, list(items.values()), withheld


def _placeholder_row(entry: Entry) -> bool:
    """Whether a memory row holds a placeholder engine's output (``machine:pseudo``)."""
    if not entry.origin.startswith("machine:"):
        return False
    from l10n.mt.engines.registry import is_placeholder_engine

    return is_placeholder_engine(entry.origin.removeprefix("machine:"))


def _batches(items: list[_Item], max_batch: int, max_chars: int) -> list[list[_Item]]:
    """Consecutive groups within the engine's count and size limits (a long text goes alone).

    The texts of one note (consecutive items with the same context) stay in one batch when they
    fit in one: a note that does not fit in what is left of the current batch starts the next
    one, so a batch is a few whole notes, not the tail of one and the head of another. A note
    too big for any batch fills batches greedily. The number of batches never exceeds the
    greedy packing's by more than one per note.
    """
    batches: list[list[_Item]] = []
    size = 0
    start = 0
    while start < len(items):
        end = start + 1
        while end < len(items) and items[end].context == items[start].context:
            end += 1
        group = items[start:end]
        group_size = sum(len(item.protected.text) for item in group)
        fits_alone = len(group) <= max_batch and group_size <= max_chars
        if fits_alone and batches and (len(batches[-1]) + len(group) > max_batch or size + group_size > max_chars):
            batches.append([])
            size = 0
        for item in group:
            length = len(item.protected.text)
            if batches and len(batches[-1]) < max_batch and size + length <= max_chars:
                batches[-1].append(item)
                size += length
            else:
                batches.append([item])
                size = length
        start = end
    return batches


def plan(
    texts: Sequence[str],
    *,
    engine: Engine,
    source: str,
    target: str,
    memory: Memory | None = None,
    glossary: Glossary | Mapping[str, Any] | None = None,
    contexts: Mapping[str, str] | None = None,
    withhold: Collection[str] = (),
    references: Mapping[str, Mapping[str, str]] | None = None,
) -> Plan:
    """Count what would be sent for ``texts``, ``withhold`` left out as :func:`translate_texts`
    leaves it out, and each text's shortcut references expanded with ``references`` as it sends
    them (characters, tokens and batches are those of the protected texts); sends nothing."""
    unique, hits, copies, items, withheld = _split(
        texts, source, target, memory, Glossary.from_config(glossary), references, contexts, withhold,
        real=getattr(engine, "real_language", True),
    )
    return Plan(
        unique=len(unique),
        from_memory=len(hits),
        segments=len(items),
        characters=sum(len(i.protected.text) for i in items),
        requests=len(_batches(items, engine.max_batch, engine.max_chars)),
        tokens=sum(estimate_tokens(i.protected.text) for i in items),
        withheld=tuple(withheld),
        translated=len(items) + sum(len(i.twins) for i in items) + len(copies),
    )


def translate_texts(
    texts: Sequence[str],
    *,
    engine: Engine,
    source: str,
    target: str,
    memory: Memory | None = None,
    glossary: Glossary | Mapping[str, Any] | None = None,
    jobs: int | None = None,
    kinds: Mapping[str, str] | None = None,
    contexts: Mapping[str, str] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    references: Mapping[str, Mapping[str, str]] | None = None,
    withhold: Collection[str] = (),
) -> Iterator[TextOutcome]:
    """Translate ``texts``, yielding one :class:`TextOutcome` per unique text as soon as it is done.

    Memory hits come first. Engine successes are stored in ``memory`` (one commit per batch)
    before they are yielded. ``kinds`` maps a text to its block kind ("heading", …) for
    validation; ``contexts`` maps a text to the title of the note it comes from: the texts of one
    note are batched together where they fit, and engines that take context (``openai``) are told
    the titles. ``on_progress(done, total)`` counts unique texts. ``references`` maps a text to
    the link definitions of its note: its shortcut references then come back as full ones.
    ``withhold``: texts not to send (their replies were refused before): each gets a
    ``withheld`` outcome unless the memory has it.

    An engine-level :class:`EngineError` (authentication, unsupported language, network down
    after retries) stops the queued requests and propagates; outcomes yielded before stay valid.
    Closing the generator early (Ctrl-C in the caller) cancels the queued requests too.
    """
    terms = Glossary.from_config(glossary)
    unique, hits, copies, items, withheld = _split(
        texts, source, target, memory, terms, references, contexts, withhold, real=getattr(engine, "real_language", True)
    )
    total, done = len(unique), 0
    # Texts another runner sharing the memory is translating now are left to it and collected
    # once this runner's own requests are done (l10n.mt.memory.Memory.claim, wait_for).
    deferred: list[_Item] = []
    if memory is not None and items:
        mine = memory.claim(source, target, [item.text for item in items])
        deferred = [item for item in items if item.text not in mine]
        items = [item for item in items if item.text in mine]

    def progressed(outcome: TextOutcome) -> TextOutcome:
        nonlocal done
        done += 1
        if on_progress:
            on_progress(done, total)
        return outcome

    for text, entry in hits.items():
        yield progressed(TextOutcome(text, entry.translation, "memory", memory_origin=entry.origin))
    for text in copies:
        yield progressed(TextOutcome(text, text, "engine"))
    for text in withheld:
        yield progressed(TextOutcome(text, None, "withheld"))
    if not items and not deferred:
        return

    stop = threading.Event()
    failure: list[EngineError] = []
    in_context = getattr(engine, "translate_in_context", None)  # engines that take note titles
    letters_only = getattr(engine, "letters_only", False)  # pseudo: its replies of plain prose pass
    reply_for = getattr(engine, "reply_for", None)  # pseudo: its brackets kept off bare URLs

    def fit(reply: str, protected: Protected) -> str:
        return reply if reply_for is None else str(reply_for(reply, protected))

    def call(batch: list[_Item]) -> list[str]:
        if stop.is_set():
            raise _StoppedError
        try:
            texts = [i.protected.text for i in batch]
            if in_context is not None and any(i.context for i in batch):
                replies: list[str] = in_context(texts, [i.context for i in batch], source=source, target=target)
                return replies
            return engine.translate(texts, source=source, target=target)
        except ReplyError:
            raise
        except EngineError as exc:
            # Set here, in the worker, so the batches queued behind this one never start.
            failure.append(exc)
            stop.set()
            raise

    def check(protected: Protected, translation: str, retried: bool, sent: str) -> tuple[str, str | None]:
        problems = check_reply(
            protected.compared,
            translation,
            target,
            kind=kinds.get(protected.source) if kinds else None,
            glossary=terms,
            check_language=engine.real_language,
            check_glossary=engine.accepts_glossary,
            protected=protected,
            letters_only=letters_only,
            reply=sent,
        )
        if retried and problems and all(p.startswith(ECHO) for p in problems):
            # Asked twice, the same words came back: a name or a term that stays as it is
            # (the memory keeps it, so it is never sent again).
            problems = []
        return translation, "; ".join(problems) or None

    batches = _batches(items, engine.max_batch, engine.max_chars)
    # Requests of several languages share one run's threads (l10n.mt.schedule); else this call's
    # own, never more than its batches (more threads cannot help). An engine computing in this
    # process (pseudo) gains nothing from threads, only turn-taking.
    in_process = getattr(engine, "in_process", False)
    schedule = None if in_process else current_schedule()
    if schedule is not None:
        pool = schedule.pool
    else:
        workers = 1 if in_process else max(1, min(jobs or engine.default_jobs, len(batches)))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="l10n-mt")
    pending: dict[Future[list[str]], list[_Item]] = {}
    try:
        for batch in batches:
            pending[pool.submit(call, batch)] = batch
        while pending or deferred:
            if not pending and memory is not None:  # ours are done: collect what others translated
                # with the turn held (l10n.mt.schedule): the memory's connection is not shared meanwhile
                found, given_up = memory.wait_for(source, target, [item.text for item in deferred])
                for text, entry in found.items():
                    yield progressed(TextOutcome(text, entry.translation, "memory", memory_origin=entry.origin))
                again = [item for item in deferred if item.text in set(given_up)]
                deferred = []
                for batch in _batches(again, engine.max_batch, engine.max_chars):
                    pending[pool.submit(call, batch)] = batch
                continue
            for future in wait_for_replies(pending):
                batch = pending.pop(future)
                for item in batch:
                    item.chars += len(item.protected.text)
                checked: list[list[tuple[str | None, str | None]]]
                try:
                    replies = future.result()
                    if len(replies) != len(batch):
                        raise ReplyError(f"{engine.name}: {counted(len(replies), 'reply', 'replies')} for {counted(len(batch), 'text')}")
                    # each text's reply, as the engine would give it that text (the twins
                    # share one reply, though {1} may be a URL in one and code in another)
                    restored = [
                        [(p, fitted, p.restore(fitted)) for p in (item.protected, *item.twins) for fitted in (fit(reply, p),)]
                        for item, reply in zip(batch, replies)
                    ]
                    # one query for the batch's remembered passes, not one per reply
                    prefetch_verdicts(
                        (p.compared, translation, kinds.get(p.source) if kinds else None)
                        for triples in restored
                        for p, _, translation in triples
                    )
                    checked = [
                        [check(p, translation, item.retried, fitted) for p, fitted, translation in triples]
                        for item, triples in zip(batch, restored)
                    ]
                except _StoppedError:
                    raise failure[0] from None
                except ReplyError as exc:
                    checked = [[(None, exc.message)] * (1 + len(item.twins)) for item in batch]
                good: list[tuple[str, str, int]] = []
                failed: list[TextOutcome] = []
                for item, results in zip(batch, checked):
                    if not item.retried and any(problem is not None for _, problem in results):
                        item.retried = True
                        pending[pool.submit(call, [item])] = [item]
                        continue
                    for number, (protected, (translation, problem)) in enumerate(zip((item.protected, *item.twins), results)):
                        chars = item.chars if number == 0 else 0  # the twins cost nothing more
                        if problem is None and translation is not None:
                            good.append((protected.source, translation, chars))
                        else:
                            failed.append(TextOutcome(protected.source, None, "failed", problem, chars))
                if memory is not None and good:
                    memory.store_many(source, target, [(t, tr) for t, tr, _ in good], origin=f"machine:{engine.name}")
                for text, translation, chars in good:
                    yield progressed(TextOutcome(text, translation, "engine", None, chars))
                for outcome in failed:
                    yield progressed(outcome)
    finally:
        stop.set()
        forget_prefetched()  # the batches' texts, held for the publications of their catalogs
        if schedule is None:
            pool.shutdown(wait=False, cancel_futures=True)
        else:  # the pool is the run's: drop only this call's requests not started yet
            for future in pending:
                future.cancel()
