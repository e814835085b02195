"""What ``l10n status`` found: data only (:mod:`l10n.status.collect` collects it, :mod:`l10n.status.report`
renders it). Definitions of the counts are in :mod:`l10n.status.collect`'s docstring."""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from l10n.po.policy import Coverage

TITLE_CONTEXT = "front-matter:title"
"""The msgctxt of a note's front-matter title (its title in reports)."""


@dataclass(frozen=True)
class FileCounts:
    """Counts of one catalog, template or note: segments and source words, plus the note's title."""

    segments: Coverage
    words: Coverage
    title: str | None = None
    """The front-matter title, else the first heading, else ``None`` (Markdown source text)."""


class OutputState(str, enum.Enum):
    """Whether a note's built translation reflects its current catalog and source."""

    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True)
class LanguageInfo:
    """A language as people name it: ``hi`` is Hindi / हिन्दी, written left to right."""

    code: str
    name: str
    native_name: str
    direction: str
    """``"ltr"`` or ``"rtl"``."""

    @classmethod
    def of(cls, code: str, tag: str | None = None) -> LanguageInfo:
        """Names and direction from babel's CLDR data; the code itself when babel does not know it.
        ``tag`` is the BCP 47 tag of an aliased code (``hant`` -> ``zh-Hant-HK``).

        >>> LanguageInfo.of("ar")
        LanguageInfo(code='ar', name='Arabic', native_name='العربية', direction='rtl')
        """
        from babel import Locale, UnknownLocaleError  # a slow import, for reports only (not sync's coverage line)

        try:
            locale = Locale.parse(tag or code, sep="-")
        except (UnknownLocaleError, ValueError):
            return cls(code, code, code, "ltr")
        name = locale.get_display_name("en") or code
        native = locale.get_display_name(locale) or name
        direction = "rtl" if locale.text_direction == "rtl" else "ltr"
        return cls(code, str(name), str(native), direction)


@dataclass(frozen=True)
class NoteStatus:
    """One note in one language."""

    note: str
    """The note's path relative to the source folder, with ``/``."""
    title: str | None
    catalog: str | None
    """The catalog's path relative to the project root, or ``None`` when it does not exist."""
    output: OutputState
    segments: Coverage
    words: Coverage

    @property
    def coverage(self) -> float:
        return self.segments.percent

    @property
    def approved(self) -> float:
        return self.segments.approved_percent


@dataclass(frozen=True)
class LanguageSummary:
    """The totals of a language without its per-note results (see :class:`LanguageStatus`)."""

    notes: int
    segments: Coverage
    words: Coverage
    outputs: tuple[tuple[str, int], ...]
    """``(output state, notes)`` for ``current``, ``stale`` and ``missing``."""

    @classmethod
    def of(cls, notes: Iterable[NoteStatus]) -> LanguageSummary:
        """The totals of ``notes`` (consumed once, so they need not be held)."""
        count, segments, words = 0, Coverage(), Coverage()
        outputs = dict.fromkeys((s.value for s in OutputState), 0)
        for note in notes:
            count += 1
            segments += note.segments
            words += note.words
            outputs[note.output.value] += 1
        return cls(count, segments, words, tuple(outputs.items()))


@dataclass(frozen=True)
class LanguageStatus:
    """All selected notes in one language, plus the catalogs whose note is gone.

    With a ``summary``, ``notes`` may be left empty: the totals come from the summary, so a
    report that shows no note (``status`` as a table without ``--by-note``) holds none and
    its memory does not grow with the site."""

    info: LanguageInfo
    notes: tuple[NoteStatus, ...]
    orphans: tuple[str, ...] = ()
    """Catalogs (paths relative to the project root) whose source note no longer exists."""
    summary: LanguageSummary | None = None
    refused: int = 0
    """Segments machine translation no longer sends, as their replies were refused: for a
    translator (:mod:`l10n.status.refused`)."""
    behind: int = 0
    """Notes edited since their catalogs were extracted, counted against their current English
    text (:meth:`l10n.status.collect._Collector.behind`): run ``extract`` or ``sync``."""

    @property
    def lang(self) -> str:
        return self.info.code

    @functools.cached_property
    def totals(self) -> LanguageSummary:
        return self.summary if self.summary is not None else LanguageSummary.of(self.notes)

    @property
    def note_count(self) -> int:
        """How many notes (with a result) the language has."""
        return self.totals.notes

    @property
    def segments(self) -> Coverage:
        return self.totals.segments

    @property
    def words(self) -> Coverage:
        return self.totals.words

    @property
    def coverage(self) -> float:
        return self.segments.percent

    @property
    def approved(self) -> float:
        return self.segments.approved_percent

    def outputs(self) -> dict[str, int]:
        """How many notes have a current, stale or missing output."""
        return dict(self.totals.outputs)

    @property
    def stale(self) -> int:
        """Notes whose output is stale *or* missing: the ones a build would change."""
        counts = self.outputs()
        return counts[OutputState.STALE.value] + counts[OutputState.MISSING.value]


@dataclass(frozen=True)
class StatusReport:
    """What :func:`collect_status` found."""

    languages: tuple[LanguageStatus, ...]
    errors: tuple[str, ...] = ()
    """Notes or catalogs that could not be read (they are left out of the counts)."""

    def below(self, percent: float) -> list[LanguageStatus]:
        """The languages whose coverage is under ``percent`` (the ``--fail-under`` gate)."""
        return [lang for lang in self.languages if lang.coverage < percent]
