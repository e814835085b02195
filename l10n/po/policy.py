"""What the build publishes from a catalog entry: the policy, its decisions and their counts.

What a stale entry becomes (the policy for a source that changed; a *stale* entry is a fuzzy
one carrying ``#| msgid``, made by :func:`l10n.po.merge.merge`):

* **machine-made** (``# mt:`` comment, never approved): ``translate`` re-translates it — only
  such entries and empty ones are sent — and drops the ``#|``; until then nothing is published;
* **human-made or approved**: never discarded; msgstr and ``#| msgid`` stay for the reviewer.
  ``translate`` adds a fresh machine translation of the new text as a translator comment
  (``# mt-suggestion: <engine> <date> "<text>"``), and the build publishes, per
  ``on_source_change``: ``machine`` (default) that suggestion, ``previous`` the old human
  translation, ``source`` the English text. Such entries count as *needs review*.

Whatever is chosen is published only if :func:`l10n.markdown.validate.validate_translation` finds nothing
(:func:`decide`); otherwise the segment keeps its source text and is counted *rejected*.
:class:`Tally` folds the decisions of one catalog into :class:`Translations`, for both readers
(:mod:`l10n.po.scan` and the polib-facing :class:`l10n.po.catalog.Catalog`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import polib  # annotations only: the coverage of a no-op sync does not load polib

Key = tuple[str | None, str]
FUZZY = "fuzzy"
MT_COMMENT = "mt: "
SUGGESTION_COMMENT = "mt-suggestion: "
CARRIED_COMMENT = "carried-from: "
"""A translator-comment line (``# carried-from: <catalog>``) on a stale entry whose old text and
translation are another note's (:mod:`l10n.mt.carry`: a note split off, or merged with others):
not an older version of *this* sentence, so ``on_source_change = "previous"`` does not publish
it (:func:`stale_policy`)."""


@dataclass(frozen=True)
class Coverage:
    """Entry counts of one catalog (or a sum of several), as the build publishes them.

    ``translated + fuzzy + untranslated == total``; ``review`` and ``rejected`` are counted
    apart (each entry they count is also in one of the three).
    """

    total: int = 0
    translated: int = 0
    """Approved and published: a non-empty msgstr without the fuzzy flag that passes validation."""
    fuzzy: int = 0
    """Published but not approved: machine output, or a stale entry published per the policy."""
    untranslated: int = 0
    """Nothing published: empty, stale and waiting, or rejected by validation."""
    obsolete: int = 0
    review: int = 0
    """Needs review: human translations whose source changed (``#| msgid``)."""
    rejected: int = 0
    """Translations validation keeps out of the built note."""

    @property
    def percent(self) -> float:
        """Published coverage: translated and fuzzy entries over all; 100 for an empty catalog."""
        if self.total == 0:
            return 100.0
        return 100.0 * (self.translated + self.fuzzy) / self.total

    @property
    def approved_percent(self) -> float:
        if self.total == 0:
            return 100.0
        return 100.0 * self.translated / self.total

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(
            self.total + other.total,
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
            self.obsolete + other.obsolete,
            self.review + other.review,
            self.rejected + other.rejected,
        )


def entry_key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def is_carried(tcomment: str | None) -> bool:
    """Whether a translator comment holds a :data:`CARRIED_COMMENT` line. A substring test first:
    almost no comment has one."""
    return (
        tcomment is not None
        and CARRIED_COMMENT in tcomment
        and any(line.startswith(CARRIED_COMMENT) for line in tcomment.split("\n"))
    )


def stale_policy(policy: str, tcomment: str | None) -> str:
    """The ``on_source_change`` policy for one stale entry whose translator comment is
    ``tcomment``: ``policy``, but ``machine`` in place of ``previous`` for a translation carried
    from another note's catalog (:func:`is_carried`): ``previous`` publishes the old translation
    of the same sentence, and another note's sentence is not that (it waits for a reviewer, and
    the fresh machine suggestion is published meanwhile, as by default)."""
    return "machine" if policy == "previous" and is_carried(tcomment) else policy


def is_machine_made(tcomment: str | None) -> bool:
    """Whether an entry's translator comment says its msgstr is machine output (``mt: …``)."""
    return any(line.startswith(MT_COMMENT) for line in (tcomment or "").split("\n"))


def machine_engine(tcomment: str | None) -> str | None:
    """The engine an entry's ``mt:`` line names (``pseudo`` of ``mt: pseudo 2026-12-02`` and of
    ``mt: pseudo (memory) 2026-12-02``, ``openai/gpt-4o`` of ``mt: openai/gpt-4o …``), None
    without such a line."""
    for line in (tcomment or "").split("\n"):
        if line.startswith(MT_COMMENT):
            return line[len(MT_COMMENT) :].strip().partition(" ")[0] or None
    return None


def is_stale(entry: polib.POEntry) -> bool:
    """Whether ``entry`` translates an older source text: fuzzy, and carrying ``#| msgid`` or
    l10n's ``mt-suggestion:`` line (:func:`has_suggestion`; GNU gettext manual, "Fuzzy Entries")."""
    return bool(entry.fuzzy) and (entry.previous_msgid is not None or has_suggestion(entry.tcomment))


def has_suggestion(tcomment: str | None) -> bool:
    """Whether a translator comment holds l10n's ``mt-suggestion:`` line, which ``translate``
    adds only beside a human translation whose source changed: with the fuzzy flag it marks the
    entry stale even when its ``#| msgid`` lines are gone (``msgmerge -U`` without
    ``--previous`` drops them). A substring test first: most comments are machine output's."""
    return tcomment is not None and SUGGESTION_COMMENT in tcomment and suggestion(tcomment) is not None


def suggestion(tcomment: str | None) -> str | None:
    """The machine translation of the *current* msgid kept beside a stale human translation."""
    for line in (tcomment or "").split("\n"):
        if line.startswith(SUGGESTION_COMMENT) and '"' in line:
            try:
                value = json.loads(line[line.index('"') :])
            except ValueError:
                return None
            return value if isinstance(value, str) else None
    return None


def suggestion_line(engine: str, date: str, text: str) -> str:
    """The translator-comment line :func:`suggestion` reads (one line: the text is JSON-quoted)."""
    return f"{SUGGESTION_COMMENT}{engine} {date} {json.dumps(text, ensure_ascii=False)}"


def without_lines(tcomment: str | None, *prefixes: str) -> str:
    """A translator comment without its lines that start with ``prefixes`` (else unchanged)."""
    lines = (tcomment or "").split("\n")
    if not any(line.startswith(prefixes) for line in lines):
        return tcomment or ""
    return "\n".join(line for line in lines if not line.startswith(prefixes))


class Decision(NamedTuple):
    """What the build does with one entry (see :func:`decide`). A named tuple, not a frozen
    dataclass: one is made per entry of every catalog read, and a frozen dataclass sets each
    field through ``object.__setattr__`` (a tenth of reading a catalog)."""

    published: str | None
    bucket: str
    """``translated``, ``fuzzy`` or ``untranslated`` (the :class:`Coverage` field it counts in)."""
    review: bool = False
    findings: tuple[object, ...] = ()
    """Why the chosen translation was not published (:class:`l10n.markdown.validate.Finding`)."""


def decide(
    msgid: str,
    msgstr: str,
    *,
    kinds: str | None,
    fuzzy: bool,
    stale: bool,
    machine: bool,
    suggested: str | None,
    policy: str = "machine",
    validated: bool = False,
) -> Decision:
    """The translation the build publishes for an entry, per the policy in the module docstring.

    ``stale``: the entry carries ``#| msgid`` (it translates an older source text); ``machine``:
    its msgstr is machine output; ``suggested``: the fresh machine translation of a stale human
    entry; ``policy``: one of :data:`l10n.config.ON_SOURCE_CHANGE`. The candidate is checked with
    :func:`l10n.markdown.validate.validate_translation` against ``msgid`` and ``kinds`` (the ``#.`` comment),
    unless ``validated`` says it passed already: the whole catalog it comes from, byte for byte,
    passed under the same rules (:func:`l10n.store.verdicts.catalog_digest`).
    """
    if not msgstr:
        return Decision(None, "untranslated")
    review = stale and not machine
    candidate = chosen(msgstr, stale=stale, machine=machine, suggested=suggested, policy=policy)
    if candidate is None:
        return Decision(None, "untranslated", review)
    if validated:
        return Decision(candidate, "fuzzy" if fuzzy or stale else "translated", review)
    from l10n.markdown.validate import validate_translation

    findings = validate_translation(msgid, candidate, kinds or None)
    if findings:
        return Decision(None, "untranslated", review, findings)
    return Decision(candidate, "fuzzy" if fuzzy or stale else "translated", review)


def chosen(msgstr: str, *, stale: bool, machine: bool, suggested: str | None, policy: str = "machine") -> str | None:
    """The translation :func:`decide` would check and publish for an entry (arguments as there),
    before validation; None when nothing is chosen. Lets a reader ask the verdict store about a
    whole catalog's candidates at once (:func:`l10n.store.verdicts.passes`)."""
    if not msgstr:
        return None
    if not stale:
        return msgstr
    if machine:
        return None  # waits for re-translation by the next translate
    return {"machine": suggested, "previous": msgstr}.get(policy)


def entry_decision(entry: polib.POEntry, policy: str = "machine") -> Decision:
    """:func:`decide` for a polib entry (an obsolete or plural entry publishes nothing it checks)."""
    if entry.obsolete:
        return Decision(None, "untranslated")
    if entry.msgid_plural:
        done = bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
        return Decision(None, ("fuzzy" if entry.fuzzy else "translated") if done else "untranslated")
    stale = is_stale(entry)
    return decide(
        entry.msgid,
        entry.msgstr,
        kinds=entry.comment,
        fuzzy=entry.fuzzy,
        stale=stale,
        # what the comment says matters only for a stale entry (decide, chosen): not read for the
        # others, as the fast reader does (two scans of every comment were most of a publication)
        machine=stale and is_machine_made(entry.tcomment),
        suggested=suggestion(entry.tcomment) if stale else None,
        policy=stale_policy(policy, entry.tcomment) if stale else policy,
    )


def is_publishable(entry: polib.POEntry, policy: str = "machine") -> bool:
    """Whether the build publishes a translation for ``entry`` (:func:`decide`).

    A fuzzy entry carrying ``#| msgid`` translates an *older* source text: it is published only
    as the ``on_source_change`` policy says; and nothing that fails validation is published.
    """
    return entry_decision(entry, policy).published is not None


@dataclass(frozen=True)
class Translations:
    """What ``build`` needs from a catalog: the translations to publish and the counts."""

    published: dict[Key, str]
    coverage: Coverage
    rejected: tuple[tuple[str, tuple[object, ...]], ...] = ()
    """(msgid, findings) of the translations validation kept out."""
    review_keys: frozenset[Key] = frozenset()
    rejected_keys: frozenset[Key] = frozenset()
    done_keys: frozenset[Key] | None = None
    """Keys counted translated or fuzzy (``published`` and plural entries); None: ``published``'s."""

    def is_done(self, key: Key) -> bool:
        return key in (self.published if self.done_keys is None else self.done_keys)

    def lookup(self, key: Key) -> str | None:
        return self.published.get(key)


class Tally:
    """Entry decisions (:func:`decide`) folded into what a catalog publishes and its counts; one
    fold for both readers (polib's and the fast one)."""

    def __init__(self, track_done: bool = False) -> None:
        self.published: dict[Key, str] = {}
        self.counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
        self.review: set[Key] = set()
        self.rejected: set[Key] = set()
        self.refused: list[tuple[str, tuple[object, ...]]] = []
        self.done: set[Key] | None = set() if track_done else None

    def add(self, key: Key, msgid: str, decision: Decision) -> None:
        self.counts[decision.bucket] += 1
        if self.done is not None and decision.bucket != "untranslated":
            self.done.add(key)
        if decision.review:
            self.review.add(key)
        if decision.findings:
            self.rejected.add(key)
            self.refused.append((msgid, decision.findings))
        if decision.published is not None:
            self.published[key] = decision.published

    def result(self, obsolete: int) -> Translations:
        counts = self.counts
        coverage = Coverage(
            counts["translated"] + counts["fuzzy"] + counts["untranslated"],
            counts["translated"],
            counts["fuzzy"],
            counts["untranslated"],
            obsolete,
            len(self.review),
            len(self.rejected),
        )
        done = None if self.done is None else frozenset(self.done)
        return Translations(
            self.published, coverage, tuple(self.refused), frozenset(self.review), frozenset(self.rejected), done
        )
