"""Gettext catalogs: templates made from documents, PO files read, merged, counted and saved.

A thin, typed wrapper over polib that avoids its traps: files are always loaded from a path
(polib re-splits *text* with ``str.splitlines()``, corrupting U+2028), lines polib accepts
silently (unterminated strings) are rejected with their line number, entries are indexed by
``(msgctxt, msgid)`` instead of polib's linear ``find()``, and saving is atomic with
``wrapwidth=0`` and ``\\n`` line endings, so the output equals ``msgcat --no-wrap``.

Merge policy (what :func:`merge` does when the source changed), as ``msgmerge --previous``:

* an unchanged msgid keeps its msgstr, flags and comments;
* a new msgid close enough to an old translated entry (:func:`close_enough`: difflib ratio
  >= 0.6, and on short texts every changed word a near spelling of the old one, so
  ``Delete all photos`` never inherits ``Select all photos``) gets its msgstr marked fuzzy, with
  the old msgid as ``#| msgid`` so editors show the difference — a *stale* entry;
* a removed entry that has a translation becomes obsolete (``#~``); untranslated ones go;
* entries follow the note's order, obsolete ones at the end.

What a stale entry becomes (the policy for a source that changed):

* **machine-made** (``# mt:`` comment, never approved): ``translate`` re-translates it — only
  such entries and empty ones are sent — and drops the ``#|``; until then nothing is published;
* **human-made or approved**: never discarded; msgstr and ``#| msgid`` stay for the reviewer.
  ``translate`` adds a fresh machine translation of the new text as a translator comment
  (``# mt-suggestion: <engine> <date> "<text>"``), and the build publishes, per
  ``on_source_change``: ``machine`` (default) that suggestion, ``previous`` the old human
  translation, ``source`` the English text. Such entries count as *needs review*.

Whatever is chosen is published only if :func:`l10n.markdown.validate.validate_translation` finds nothing
(:func:`decide`); otherwise the segment keeps its source text and is counted *rejected*.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import polib

from l10n import __version__
from l10n.errors import CatalogError
from l10n.fsutil import atomic_write
from l10n.langdata import language_name, plural_forms
from l10n.markdown.document import Document

Key = tuple[str | None, str]
FUZZY = "fuzzy"
FUZZY_CUTOFF = 0.6
SHORT_WORDS = 8
"""Texts of fewer words than this are *short*: each changed word must be a near spelling."""
WORD_CUTOFF = 0.75
"""How alike (difflib ratio) a changed word of a short text must be to the old one: a typo
fix passes (``recieve``/``receive`` 0.86), another word does not (``Select``/``Delete`` 0.67)."""
MT_COMMENT = "mt: "
SUGGESTION_COMMENT = "mt-suggestion: "
_VOLATILE_HEADERS = frozenset({"POT-Creation-Date", "PO-Revision-Date", "X-Generator"})
_STRING_LINE = re.compile(
    r'^(?:#~\s*|#\|\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"\s*$'
)
_KEYWORD_LINE = re.compile(r'^(?:#~\s*|#\|\s*)?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\b|^(?:#~\s*|#\|\s*)?"')


def now_stamp(clock: dt.datetime | None = None) -> str:
    """A PO header timestamp, e.g. ``2026-11-26 20:36+0000``."""
    moment = clock or dt.datetime.now(dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M%z")


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


def is_machine_made(tcomment: str | None) -> bool:
    """Whether an entry's translator comment says its msgstr is machine output (``mt: …``)."""
    return any(line.startswith(MT_COMMENT) for line in (tcomment or "").split("\n"))


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


@dataclass(frozen=True)
class Decision:
    """What the build does with one entry (see :func:`decide`)."""

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
) -> Decision:
    """The translation the build publishes for an entry, per the policy in the module docstring.

    ``stale``: the entry carries ``#| msgid`` (it translates an older source text); ``machine``:
    its msgstr is machine output; ``suggested``: the fresh machine translation of a stale human
    entry; ``policy``: one of :data:`ON_SOURCE_CHANGE`. The candidate is checked with
    :func:`l10n.markdown.validate.validate_translation` against ``msgid`` and ``kinds`` (the ``#.`` comment).
    """
    from l10n.markdown.validate import validate_translation

    if not msgstr:
        return Decision(None, "untranslated")
    review = stale and not machine
    if not stale:
        candidate: str | None = msgstr
    elif machine:
        candidate = None  # waits for re-translation by the next translate
    else:
        candidate = {"machine": suggested, "previous": msgstr}.get(policy)
    if candidate is None:
        return Decision(None, "untranslated", review)
    findings = validate_translation(msgid, candidate, kinds or None)
    if findings:
        return Decision(None, "untranslated", review, findings)
    return Decision(candidate, "fuzzy" if fuzzy or stale else "translated", review)


def entry_decision(entry: polib.POEntry, policy: str = "machine") -> Decision:
    """:func:`decide` for a polib entry (an obsolete or plural entry publishes nothing it checks)."""
    if entry.obsolete:
        return Decision(None, "untranslated")
    if entry.msgid_plural:
        done = bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
        return Decision(None, ("fuzzy" if entry.fuzzy else "translated") if done else "untranslated")
    return decide(
        entry.msgid,
        entry.msgstr,
        kinds=entry.comment,
        fuzzy=entry.fuzzy,
        stale=entry.fuzzy and entry.previous_msgid is not None,
        machine=is_machine_made(entry.tcomment),
        suggested=suggestion(entry.tcomment),
        policy=policy,
    )


def is_publishable(entry: polib.POEntry, policy: str = "machine") -> bool:
    """Whether the build publishes a translation for ``entry`` (:func:`decide`).

    A fuzzy entry carrying ``#| msgid`` translates an *older* source text: it is published only
    as the ``on_source_change`` policy says; and nothing that fails validation is published.
    """
    return entry_decision(entry, policy).published is not None


class Catalog:
    """One PO (or POT) file: entries indexed by ``(msgctxt, msgid)``."""

    def __init__(self, po: polib.POFile, path: Path | None = None, wrap_width: int = 0) -> None:
        self.po = po
        self.path = path
        self.wrap_width = wrap_width
        """The width the file on disk was wrapped at (0: not wrapped); kept when it is written."""
        self.original_text: str | None = None
        """The file's text when it was loaded wrapped (its unchanged entries are written as they were)."""
        self._index: dict[Key, polib.POEntry] = {}
        for entry in po:
            if entry.obsolete:
                continue
            key = entry_key(entry)
            if key in self._index:
                where = f"{path}" if path else "<catalog>"
                line = getattr(entry, "linenum", None)
                raise CatalogError(f"duplicate entry for msgid {entry.msgid[:60]!r}", where, line)
            self._index[key] = entry

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> Catalog:
        """Read and validate a PO/POT file; raise :class:`CatalogError` naming the line."""
        if path.is_dir():
            raise CatalogError("is a directory, not a catalog", path)
        if not path.is_file():
            raise CatalogError("catalog not found", path)
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise CatalogError("not valid UTF-8", path, line) from None
        except OSError as exc:
            raise CatalogError(f"cannot read: {exc.strerror}", path) from None
        validate_po_text(text, path)
        width = detect_wrap_width(text)
        original = text if width else None
        del raw, text  # polib reads the file itself: hold neither copy through its parse
        try:
            po = _pofile(str(path))
        except (OSError, ValueError) as exc:
            match = re.search(r"line (\d+)", str(exc))
            message = re.sub(r"\s*\(line \d+\)", "", str(exc)).replace(f" {path}", "")
            raise CatalogError(f"syntax error: {message}", path, int(match.group(1)) if match else None) from None
        catalog = cls(po, path, width)
        catalog.original_text = original
        return catalog

    # -- mapping protocol -----------------------------------------------------------------------

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __getitem__(self, key: Key) -> polib.POEntry:
        return self._index[key]

    def __iter__(self) -> Iterator[polib.POEntry]:
        return iter(self._index.values())

    def __len__(self) -> int:
        return len(self._index)

    @property
    def language(self) -> str | None:
        return self.po.metadata.get("Language") or None

    def lookup(self, key: Key, policy: str = "machine") -> str | None:
        """The translation to publish for ``key``, or ``None`` (a miss, not an empty string)."""
        entry = self._index.get(key)
        if entry is None:
            return None
        return entry_decision(entry, policy).published

    def translations(self, policy: str = "machine") -> dict[Key, str]:
        return self.publication(policy).published

    def publication(self, policy: str = "machine") -> Translations:
        """What the build publishes from this catalog, and the counts (see :func:`decide`)."""
        tally = _Tally(track_done=True)
        for key, entry in self._index.items():
            tally.add(key, entry.msgid, entry_decision(entry, policy))
        return tally.result(sum(1 for e in self.po if e.obsolete))

    def coverage(self, policy: str = "machine") -> Coverage:
        return self.publication(policy).coverage

    # -- output ---------------------------------------------------------------------------------

    def text(self) -> str:
        return render_po(self.po)

    def save(self, path: Path | None = None) -> Path:
        """Write the catalog (atomically) as a changed one: ``PO-Revision-Date`` becomes now, and
        a file that was wrapped keeps its wrapping (:func:`render_changed`)."""
        target = path or self.path
        if target is None:
            raise CatalogError("no path to save the catalog to")
        atomic_write(target, changed_parts(self.po, self), CatalogError)
        self.path = target
        return target


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


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*$')


def read_translations(path: Path, policy: str = "machine") -> Translations:
    """Read a PO file for building, several times faster than polib.

    The fast path reads the layout gettext tools write (entries separated by blank lines, the
    usual comments, strings on keyword and continuation lines); anything else — plural forms,
    odd spacing, a syntax error — goes through :meth:`Catalog.load`, which decides. So the
    result is always what :meth:`Catalog.publication` would give (tests compare both).
    """
    try:
        text = path.read_bytes().decode("utf-8")  # the bytes are let go at once
    except (UnicodeDecodeError, OSError):
        return Catalog.load(path).publication(policy)  # raises the precise error
    return translations_of_text(text, path, policy)


def has_kind(kinds: str | None, kind: str) -> bool:
    """Whether an entry's ``#.`` comment (block kinds joined by ", ", one line or several)
    names ``kind``."""
    return kind in (kinds or "").replace("\n", ", ").split(", ")


def read_published(path: Path, kind: str, policy: str = "machine") -> dict[Key, str]:
    """:attr:`Translations.published` of :func:`read_translations`, for the entries of one block
    ``kind`` only (``"heading"``): a link from another note needs only the target's headings,
    and the other entries are passed over unparsed and unvalidated. Raises
    :class:`CatalogError` as :func:`read_translations` does."""
    try:
        text = path.read_bytes().decode("utf-8")
        return {
            (entry.context, entry.msgid): entry.decision.published
            for entry in _scan_usual(text, policy, kind)
            if not entry.obsolete and entry.decision.published is not None
        }
    except (UnicodeDecodeError, OSError, _UnusualCatalogError):
        catalog = Catalog.load(path)  # raises the precise error
    published = catalog.publication(policy).published
    return {
        entry_key(entry): published[entry_key(entry)]
        for entry in catalog
        if has_kind(entry.comment, kind) and entry_key(entry) in published
    }


def translations_of_text(text: str, path: Path, policy: str = "machine") -> Translations:
    """:func:`read_translations` of a catalog already read (``path`` for the slow path)."""
    try:
        return _parse_translations(text, policy)
    except _UnusualCatalogError:
        return Catalog.load(path).publication(policy)


def load_catalog(path: Path) -> Catalog:
    """:meth:`Catalog.load`, about 4× faster on the layout l10n and gettext tools write.

    The header block goes through polib; every other block must be one usual live entry (the
    comment lines ``# ``, ``#.``, ``#:``, ``#,`` without surrounding spaces, then ``msgctxt``,
    ``msgid`` and ``msgstr`` strings) and is built into a :class:`polib.POEntry` here, field by
    field as polib's parser fills it. Anything else — obsolete or previous (``#|``) entries,
    plural forms, a BOM, CRLF line ends, a syntax error, duplicates — is read by
    :meth:`Catalog.load`, which decides and names the line. Tests compare both readers.
    """
    try:
        text = path.read_bytes().decode("utf-8")
        blocks = text.split("\n\n")
        if "\r" in text or text.startswith("\ufeff") or not blocks[0].endswith(("\"", "\" ")):
            raise _UnusualCatalogError
        po = _pofile(blocks[0] + "\n")
        if len(po) or "msgid" not in blocks[0]:
            raise _UnusualCatalogError  # the first block is not the header alone
        for block in blocks[1:]:
            if block.strip():
                po.append(_usual_po_entry(block))
        po.fpath = str(path)
        return Catalog(po, path)
    except (_UnusualCatalogError, OSError, ValueError, CatalogError):
        return Catalog.load(path)


def _pofile(source: str) -> polib.POFile:
    """``polib.pofile(source, wrapwidth=0, encoding="utf-8")`` (a path or a catalog's text),
    without leaving the catalog to the cycle collector.

    polib's parser refers to itself (its table of transitions holds its own bound methods) and
    to the catalog it builds, so a catalog let go stayed in memory until a full collection: a
    1 MB note's catalog (18 MB of entries) was still held while ``check`` read the built note.
    Raises what :func:`polib.pofile` raises (OSError, ValueError naming the line).
    """
    parser_class = getattr(polib, "_POFileParser", None)  # private: polib.pofile when it is gone
    if parser_class is None:
        return polib.pofile(source, wrapwidth=0, encoding="utf-8")
    parser = parser_class(source, encoding="utf-8", check_for_duplicates=False)
    try:
        po: polib.POFile = parser.parse()
    finally:
        parser.transitions.clear()  # the cycle
    po.wrapwidth = 0
    return po


def _usual_po_entry(block: str) -> polib.POEntry:
    match = _USUAL_ENTRY.fullmatch(block.removesuffix("\n"))
    if match is None:
        raise _UnusualCatalogError
    tcomment: list[str] = []
    comment: list[str] = []
    occurrences: list[tuple[str, str]] = []
    flags: list[str] = []
    for line in match.group("comments").split("\n")[:-1]:
        if line != line.strip() or len(line) < 3 or (line[1] != " " and line[2] != " "):
            raise _UnusualCatalogError  # polib strips such lines, or skips empty ones: let it
        kind, rest = line[:2], line[3:]
        if kind == "# ":
            tcomment.append(line[2:])
        elif kind == "#.":
            comment.append(rest)
        elif kind == "#:":
            for occurrence in rest.split():
                where, _, number = occurrence.rpartition(":")
                occurrences.append((where, number) if where and number.isdigit() else (occurrence, ""))
        elif kind == "#,":
            flags.extend(flag.strip() for flag in rest.split(","))
        else:
            raise _UnusualCatalogError  # "#|", "##" and other comment kinds
    context = match.group("msgctxt")
    return polib.POEntry(
        msgctxt=None if context is None else _field_value(context),
        msgid=_field_value(match.group("msgid")),
        msgstr=_field_value(match.group("msgstr")),
        tcomment="\n".join(tcomment),
        comment="\n".join(comment),
        occurrences=occurrences,
        flags=flags,
    )


class _UnusualCatalogError(Exception):
    """Outside the fast reader's grammar: let polib (and our validation) read it."""


class ScannedEntry(NamedTuple):
    """One entry of a catalog or template as :func:`scan_catalog` reads it (header left out)."""

    context: str | None
    msgid: str
    obsolete: bool
    kinds: str
    """The ``#.`` comment lines (the block kinds l10n writes there), joined by newlines."""
    decision: Decision
    """What the build does with it (:func:`decide`); an obsolete entry's is ``untranslated``."""


_OBSOLETE = Decision(None, "untranslated")


def scan_catalog(text: str, path: Path, policy: str = "machine") -> list[ScannedEntry]:
    """Every entry of the PO/POT file ``path`` (whose decoded ``text`` is given), in file order.

    The one PO reader of builds and status (:func:`read_translations` and
    :mod:`l10n.status.po_counts` fold its entries): the fast reader takes the layout gettext tools and
    l10n write (blank-line separated blocks, the usual comments); anything else — plural forms,
    a BOM, odd spacing, duplicates, a syntax error — is read from ``path`` by :meth:`Catalog.load`
    (polib), which decides, and raises :class:`CatalogError` naming the line. Both give the same
    entries (tests compare them, with hypothesis). Linear in the text.
    """
    try:
        return list(_scan_usual(text, policy))
    except _UnusualCatalogError:
        catalog = Catalog.load(path)
    return [
        ScannedEntry(entry.msgctxt, entry.msgid, entry.obsolete, entry.comment, _OBSOLETE if entry.obsolete else entry_decision(entry, policy))
        for entry in catalog.po
    ]


def _scan_usual(text: str, policy: str, only_kind: str | None = None) -> Iterator[ScannedEntry]:
    """The fast reader's entries; raises :class:`_UnusualCatalogError` outside its grammar.
    ``only_kind``: only the live entries whose ``#.`` comment names that block kind, the
    blocks that do not even hold the word passed over unparsed."""
    seen: set[Key] = set()
    entries = 0
    for block in _blocks(text.replace("\r\n", "\n") if "\r\n" in text else text):
        if only_kind is not None and only_kind not in block:
            continue
        match = _USUAL_ENTRY.fullmatch(block)
        entry = _usual_entry(match) if match is not None else _read_entry(block)
        if entry is None:
            continue
        if entry.obsolete:
            yield ScannedEntry(entry.context, entry.msgid, True, entry.kinds, _OBSOLETE)
            continue
        entries += 1
        if not entry.msgid:
            if entry.context is not None or entries > 1:
                raise _UnusualCatalogError  # a second header, or one with a context
            continue
        key = (entry.context, entry.msgid)
        if key in seen:
            raise _UnusualCatalogError  # duplicates: Catalog.load names the line
        seen.add(key)
        if only_kind is not None and not has_kind(entry.kinds, only_kind):
            continue
        decision = decide(
            entry.msgid,
            entry.msgstr,
            kinds=entry.kinds,
            fuzzy=entry.fuzzy,
            stale=entry.fuzzy and entry.previous,
            machine=is_machine_made(entry.tcomment),
            suggested=suggestion(entry.tcomment),
            policy=policy,
        )
        yield ScannedEntry(entry.context, entry.msgid, False, entry.kinds, decision)


def _parse_translations(text: str, policy: str = "machine") -> Translations:
    tally = _Tally()
    obsolete = 0
    for entry in _scan_usual(text, policy):
        if entry.obsolete:
            obsolete += 1
        else:
            tally.add((entry.context, entry.msgid), entry.msgid, entry.decision)
    return tally.result(obsolete)


def _blocks(text: str) -> Iterator[str]:
    """``text.split("\\n\\n")`` one block at a time: a list of every block was a second copy
    of the catalog held through the whole read."""
    start = 0
    while (end := text.find("\n\n", start)) >= 0:
        yield text[start:end]
        start = end + 2
    yield text[start:]


class _Tally:
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


class _Entry(NamedTuple):
    context: str | None
    msgid: str
    msgstr: str
    fuzzy: bool
    previous: bool
    obsolete: bool
    kinds: str = ""
    """The ``#.`` comment (the block kinds)."""
    tcomment: str = ""
    """The translator comment lines (without ``# ``), joined by newlines."""


_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"[ \t]*'
# The usual live entry, whole: comment lines, then msgctxt, msgid and msgstr, each a quoted
# string optionally continued on the next lines. Other blocks go through _read_entry.
_USUAL_ENTRY = re.compile(
    r"(?P<comments>(?:#(?:[,|.: ][^\n]*)?\n)*)"
    rf"(?:msgctxt (?P<msgctxt>{_STRING}(?:\n{_STRING})*)\n)?"
    rf"msgid (?P<msgid>{_STRING}(?:\n{_STRING})*)\n"
    rf"msgstr (?P<msgstr>{_STRING}(?:\n{_STRING})*)\n?"
)
_STRING_VALUE = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')


class _Comments:
    """What an entry's comment lines say, read one line at a time by both entry readers (GNU
    gettext manual, "The Format of PO Files": ``#,`` flags, ``#|`` previous, ``#.`` extracted,
    ``# `` translator comments, ``#:`` references)."""

    __slots__ = ("fuzzy", "kinds", "previous", "tcomment")

    def __init__(self) -> None:
        self.fuzzy = self.previous = False
        self.kinds: list[str] = []
        self.tcomment: list[str] = []

    def add(self, line: str) -> bool:
        """Take one ``#`` line; False for a kind of comment line the readers do not know."""
        if line.startswith("#,"):
            self.fuzzy = self.fuzzy or has_fuzzy_flag(line)
        elif line.startswith("#|"):
            self.previous = True
        elif line.startswith("#."):
            self.kinds.append(line[3:])
        elif line.startswith("# ") or line == "#":
            self.tcomment.append(line[2:])
        else:
            return line.startswith("#:")
        return True

    def entry(self, context: str | None, msgid: str, msgstr: str, obsolete: bool) -> _Entry:
        return _Entry(
            context, msgid, msgstr, self.fuzzy, self.previous, obsolete, "\n".join(self.kinds), "\n".join(self.tcomment)
        )


def _usual_entry(match: re.Match[str]) -> _Entry:
    comments = _Comments()
    for line in match.group("comments").split("\n"):
        comments.add(line)
    context = match.group("msgctxt")
    return comments.entry(
        None if context is None else _field_value(context),
        _field_value(match.group("msgid")),
        _field_value(match.group("msgstr")),
        False,
    )


def _field_value(quoted_lines: str) -> str:
    value = "".join(_STRING_VALUE.findall(quoted_lines))
    return polib.unescape(value) if "\\" in value else value


def _read_entry(block: str) -> _Entry | None:
    """One entry, line by line: obsolete entries and layouts the usual pattern does not take;
    None for a block without lines."""
    lines = [line for line in block.split("\n") if line]
    if not lines:
        return None
    obsolete = False
    comments = _Comments()
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for number, line in enumerate(lines):
        if line.startswith("#~"):
            if line.startswith("#~|"):
                continue
            if not line.startswith("#~ ") or (fields and not obsolete) or (number and not obsolete and fields):
                raise _UnusualCatalogError
            obsolete = True
            line = line[3:]
        elif obsolete:
            raise _UnusualCatalogError  # live lines after obsolete ones
        if line.startswith("#"):
            if not comments.add(line):
                raise _UnusualCatalogError
            if fields:
                raise _UnusualCatalogError  # a comment inside the strings of an entry
            continue
        if line.startswith('"'):
            if current is None:
                raise _UnusualCatalogError
            fields[current].append(_fast_unquote(line))
            continue
        keyword, space, rest = line.partition(" ")
        have = set(fields) if keyword == "msgctxt" else set(fields) - {"msgctxt"}
        if not space or have != _BEFORE.get(keyword):
            raise _UnusualCatalogError
        current = keyword
        fields[keyword] = [_fast_unquote(rest)]
    if "msgid" not in fields or "msgstr" not in fields:
        raise _UnusualCatalogError
    context = "".join(fields["msgctxt"]) if "msgctxt" in fields else None
    return comments.entry(context, "".join(fields["msgid"]), "".join(fields["msgstr"]), obsolete)


_BEFORE: dict[str, set[str]] = {"msgctxt": set(), "msgid": set(), "msgstr": {"msgid"}}
"""The fields an entry has when each keyword comes (msgctxt, when present, is dropped first)."""


def has_fuzzy_flag(line: str) -> bool:
    """Whether a ``#,`` flags line holds ``fuzzy``."""
    return FUZZY in (flag.strip() for flag in line[2:].split(","))


def _fast_unquote(quoted: str) -> str:
    match = _QUOTED.match(quoted)
    if match is None:
        raise _UnusualCatalogError
    value = match.group(1)
    return polib.unescape(value) if "\\" in value else value


def render_po(po: polib.POFile, entry_blocks: Sequence[str] | None = None) -> str:
    """The catalog as gettext text without wrapping: what ``str(po)`` gives with ``wrapwidth=0``
    (and ``msgcat --no-wrap``), written here directly because polib's generic writer was a
    quarter of ``extract``'s time. Catalogs with plural entries go through polib.

    ``entry_blocks`` are the entries already rendered by :func:`render_entries`: a new catalog's
    entries are its template's, so extract renders them once for both files.
    """
    return "".join(po_parts(po, entry_blocks))


def po_parts(po: polib.POFile, entry_blocks: Sequence[str] | None = None) -> Iterator[str]:
    """:func:`render_po`'s text in parts (header, then one entry at a time), made as they are
    read: writing them one by one holds one entry's text, not the whole catalog's (a catalog
    as one string, then as bytes, was a large part of a big note's peak memory)."""
    po.wrapwidth = 0
    if entry_blocks is None and any(e.msgid_plural or e.msgstr_plural for e in po):
        text = str(po)
        yield text if text.endswith("\n") else text + "\n"
        return
    yield _header_comment(po)
    yield _metadata_block(tuple(po.metadata.items()), bool(po.metadata_is_fuzzy))
    if entry_blocks is not None:
        for block in entry_blocks:
            yield "\n"
            yield block
        return
    for obsolete in (False, True):  # obsolete entries last, as render_entries orders them
        for entry in po:
            if bool(entry.obsolete) is obsolete:
                yield "\n"
                yield _entry_lines(entry)


def _header_comment(po: polib.POFile) -> str:
    """The catalog's header comment lines (``# …``), each ending in a line break."""
    lines = ("#" if not line else f"#{line}" if line[:1] in (",", ":") else f"# {line}" for line in (po.header or "").split("\n"))
    return "\n".join(lines) + "\n"


# -- keeping the wrapping of a file saved by another tool (Poedit, msgcat: 79 columns) -------------


def detect_wrap_width(text: str) -> int:
    r"""The column width a PO file's strings are wrapped at, or 0 when they are not wrapped.

    A string is wrapped when one of its continuation lines (other than its last) does not end
    with an escaped newline: that break was made for width, not by the text. The width is then
    the longest line of the file that belongs to a string, as gettext counts it (characters,
    quotes included; GNU gettext's default is 79).

    >>> detect_wrap_width('msgid ""\n"Line one\\n"\n"Line two"\n')
    0
    >>> detect_wrap_width('msgid ""\n"A long sentence that "\n"goes on."\n')
    23
    """
    lines = text.split("\n")
    wrapped = False
    longest = 0
    for index, line in enumerate(lines):
        stripped = line.removeprefix("#~ ").removeprefix("#| ")
        if not stripped.startswith('"'):
            continue
        following = lines[index + 1].removeprefix("#~ ").removeprefix("#| ") if index + 1 < len(lines) else ""
        if following.startswith('"') and not line.endswith('\\n"') and line.rstrip() != '""':
            wrapped = True
        longest = max(longest, len(line))
    if not wrapped:
        return 0
    for line in lines:  # the first line of a wrapped string: msgid ""
        if line.lstrip("#~| ").startswith(("msgid", "msgstr", "msgctxt")):
            longest = max(longest, len(line))
    return longest


def _fingerprint(entry: polib.POEntry) -> tuple[object, ...]:
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        tuple(entry.flags),
        entry.obsolete,
        tuple(entry.occurrences),
        entry.comment,
        entry.tcomment,
        entry.previous_msgid,
        entry.previous_msgctxt,
    )


def _original_blocks(text: str) -> dict[tuple[object, ...], str]:
    """Each entry's text in a PO file, by what it says (blocks are separated by blank lines)."""
    blocks: dict[tuple[object, ...], str] = {}
    for block in re.split(r"\n[ \t]*\n", text):
        try:
            # After a header entry: polib takes a file's leading comments for the file's header.
            parsed = polib.pofile('msgid ""\nmsgstr ""\n\n' + block + "\n", wrapwidth=0)
        except (OSError, ValueError):
            continue
        entries = list(parsed)
        if len(entries) == 1:
            blocks[_fingerprint(entries[0])] = block.strip("\n") + "\n"
    return blocks


def render_changed(po: polib.POFile, old: Catalog | None) -> str:
    """The text of a catalog l10n has changed: ``PO-Revision-Date`` set to now (catalogs only, not
    templates), and when ``old`` — the file as it was — was wrapped, its unchanged entries are
    written exactly as they were and changed ones wrapped at the same width (by polib, close
    to gettext's), so a reviewer's diff shows only what changed.
    """
    return "".join(changed_parts(po, old))


def changed_parts(po: polib.POFile, old: Catalog | None) -> Iterator[str]:
    """:func:`render_changed`'s text in parts, as :func:`po_parts` gives them."""
    if po.metadata.get("Language"):
        po.metadata["PO-Revision-Date"] = now_stamp()
    if old is None or not old.wrap_width or old.original_text is None:
        yield from po_parts(po)
        return
    known = _original_blocks(old.original_text)
    yield _header_comment(po)
    yield _metadata_block(tuple(po.metadata.items()), bool(po.metadata_is_fuzzy))
    for obsolete in (False, True):
        for entry in po:
            if bool(entry.obsolete) is obsolete:
                original = known.get(_fingerprint(entry))
                yield "\n"
                yield original if original is not None else _wrapped_entry(entry, old.wrap_width)


# Break opportunities as gettext finds them (Unicode line breaking, UAX #14, through libunistring),
# the common cases: after spaces, and after a slash or hyphen inside a word (URLs, compounds).
_BREAK_AFTER = re.compile(r".*?(?: +|/(?=[^/ ])|-(?=[^- ])|\](?=\())|.+")


def _wrap_field(keyword: str, value: str, prefix: str, width: int) -> list[str]:
    """A field wrapped the way GNU gettext writes it (``write-po.c``): lines of at most ``width``
    columns, broken after spaces, slashes and hyphens and after each ``\\n``; a wrapped string
    starts with ``""``.
    Written here because polib's wrapping (textwrap) breaks before spaces instead."""
    escaped = [polib.escape(part) for part in value.splitlines(True)] or [""]
    single = f'{prefix}{keyword} "{"".join(escaped)}"'
    if len(escaped) == 1 and len(single) <= width:
        return [single]
    lines = [f'{prefix}{keyword} ""']
    for part in escaped:
        current = ""
        for chunk in _BREAK_AFTER.findall(part):
            if current and len(prefix) + len(current) + len(chunk) + 2 > width:
                lines.append(f'{prefix}"{current}"')
                current = ""
            current += chunk
        lines.append(f'{prefix}"{current}"')
    return lines


def _wrapped_entry(entry: polib.POEntry, width: int) -> str:
    """One entry as :func:`_entry_lines` writes it, its strings wrapped at ``width``."""
    plain = _entry_lines(entry).split("\n")
    fields = [(k, v) for k, v in (("msgctxt", entry.msgctxt), ("msgid", entry.msgid), ("msgstr", entry.msgstr)) if v is not None]
    delflag = "#~ " if entry.obsolete else ""
    head = [line for line in plain if line.startswith("#") and not line.startswith(("#~ msg", '#~ "'))]
    body = [line for key, value in fields for line in _wrap_field(key, value, delflag, width)]
    return "\n".join([*head, *body]) + "\n"


@functools.lru_cache(maxsize=64)
def _metadata_block(items: tuple[tuple[str, str], ...], fuzzy: bool) -> str:
    """The header entry's text; a run's catalogs share a few headers (one per language)."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = dict(items)
    po.metadata_is_fuzzy = fuzzy
    return _entry_lines(po.metadata_as_entry())


def render_entries(po: polib.POFile) -> list[str]:
    """Each entry of a catalog without plural forms as text, obsolete ones last."""
    blocks = [_entry_lines(e) for e in po if not e.obsolete]
    blocks.extend(_entry_lines(e) for e in po if e.obsolete)
    return blocks


# What needs escaping in a PO string, or makes str.splitlines (which polib follows) cut it.
_ESCAPE_OR_LINE_BREAK = re.compile(r'[\\"\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]')


def _field(keyword: str, value: str, prefix: str) -> list[str]:
    if not _ESCAPE_OR_LINE_BREAK.search(value):
        return [f'{prefix}{keyword} "{value}"']  # most strings: one line, nothing to escape
    lines = value.splitlines(True)  # polib splits where str.splitlines does (U+2028 included)
    if len(lines) > 1:
        return [f'{prefix}{keyword} ""', *(f'{prefix}"{polib.escape(line)}"' for line in lines)]
    return [f'{prefix}{keyword} "{polib.escape(value)}"']


def _entry_lines(entry: polib.POEntry) -> str:
    lines: list[str] = []
    if entry.tcomment:
        lines.extend(f"# {line}" for line in entry.tcomment.split("\n"))
    if entry.comment and not entry.obsolete:
        lines.extend(f"#. {line}" for line in entry.comment.split("\n"))
    if entry.occurrences and not entry.obsolete:
        lines.append("#: " + " ".join(f"{path}:{number}" if number else path for path, number in entry.occurrences))
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    previous = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines.extend(_field("msgctxt", entry.previous_msgctxt, previous))
    if entry.previous_msgid is not None:
        lines.extend(_field("msgid", entry.previous_msgid, previous))
    delflag = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines.extend(_field("msgctxt", entry.msgctxt, delflag))
    lines.extend(_field("msgid", entry.msgid, delflag))
    lines.extend(_field("msgstr", entry.msgstr, delflag))
    return "\n".join(lines) + "\n"


_LINE = re.compile(r"^[^\n]*", re.MULTILINE)  # finditer: the lines str.split("\n") gives


def validate_po_text(text: str, path: Path) -> None:
    """Reject what polib would accept silently: unterminated or malformed quoted strings."""
    for number, match in enumerate(_LINE.finditer(text), start=1):  # no list of every line
        stripped = match.group().strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith(("#~", "#|"))):
            continue
        if _KEYWORD_LINE.match(stripped) and not _STRING_LINE.match(stripped):
            raise CatalogError("malformed or unterminated string", path, number)


# -- templates and merging ------------------------------------------------------------------------


def header(project: str, lang: str | None, created: str) -> dict[str, str]:
    meta = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE" if lang is None else created,
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>" if lang is None else language_name(lang),
        "Language": lang or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang) if lang else "",
        "X-Generator": f"l10n {__version__}",
    }
    if lang is None:  # a template has no plural rule; gettext tools expect the field absent
        del meta["Plural-Forms"]
    return meta


_TEMPLATE_HEADER = "Template for {reference}, made by l10n."


def template_subject(template: polib.POFile) -> str:
    """The note a template was made for, read back from its header comment."""
    match = re.fullmatch(re.escape(_TEMPLATE_HEADER).replace(r"\{reference\}", "(.*)"), template.header or "")
    return match.group(1) if match else "a note"


def make_template(doc: Document, reference: str, project: str, created: str) -> polib.POFile:
    """The POT of one note: one entry per distinct segment (msgctxt, msgid), in source order.

    ``reference`` is written as each entry's ``#:`` occurrence with the segment's 1-based line,
    ``created`` as POT-Creation-Date (``YYYY-MM-DD HH:MM+ZZZZ``, GNU gettext manual, "The Format
    of PO Files"); the segment kind becomes the ``#.`` comment. Raises nothing.
    """
    po = polib.POFile(wrapwidth=0, check_for_duplicates=False)
    po.header = _TEMPLATE_HEADER.format(reference=reference)
    po.metadata = header(project, None, created)
    po.metadata_is_fuzzy = True  # as xgettext does: the header still holds placeholders
    entries: dict[Key, polib.POEntry] = {}
    for segment in doc.segments:
        entry = entries.get(segment.key)
        occurrence = (reference, str(segment.line))
        if entry is None:
            entry = polib.POEntry(
                msgid=segment.text,
                msgstr="",
                msgctxt=segment.context,
                occurrences=[occurrence],
                comment=segment.kind.value,
            )
            entries[segment.key] = entry
            po.append(entry)
        else:
            entry.occurrences.append(occurrence)
            kinds = entry.comment.split(", ")
            if segment.kind.value not in kinds:
                entry.comment = ", ".join([*kinds, segment.kind.value])
    return po


_WORDS = re.compile(r"\w+|[^\w\s]")


def close_enough(old: str, new: str) -> bool:
    """Whether ``old``'s translation is a useful start for ``new`` (its character ratio has
    already passed :data:`FUZZY_CUTOFF`).

    Long texts: yes. Short texts (fewer than :data:`SHORT_WORDS` words), where one word is the
    whole meaning: only when every word that changed is a near spelling of the word it replaces
    (difflib ratio >= :data:`WORD_CUTOFF`) and at most one word was added or removed (none in
    texts under four words) — a typo fix, a changed capital or punctuation, an added adjective, not ``Select all photos`` → ``Delete all photos``.

    >>> close_enough("Select all photos", "Delete all photos")
    False
    >>> close_enough("How to recieve mail", "How to receive mail")
    True
    """
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    if len(new_words) >= SHORT_WORDS and len(old_words) >= SHORT_WORDS:
        return True
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    spare = 1 if min(len(old_words), len(new_words)) >= 4 else 0  # one word added or removed
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or not any(w[0].isalnum() or w[0] == "_" for w in [*old_words[i1:i2], *new_words[j1:j2]]):
            continue  # punctuation only
        if tag in ("insert", "delete") and (i2 - i1) + (j2 - j1) <= spare:
            spare = 0
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return False
        for a, b in zip(old_words[i1:i2], new_words[j1:j2]):
            if difflib.SequenceMatcher(None, a.lower(), b.lower(), autojunk=False).ratio() < WORD_CUTOFF:
                return False
    return True


LONG_TEXT = 2000
"""Characters above which a msgid is compared with the old ones by words, not characters:
difflib's ``ratio()`` is quadratic in the length (editing one word of a 6,000-word paragraph
made ``extract`` take two minutes); for long texts the share of words in common
(``quick_ratio()`` on word tokens: linear) decides."""


def _closest(msgid: str, candidates: Mapping[Key, polib.POEntry]) -> polib.POEntry | None:
    """The candidate most similar to ``msgid`` (ratio >= FUZZY_CUTOFF and :func:`close_enough`);
    the first wins ties. Time: linear in the candidates' length for a msgid over
    :data:`LONG_TEXT` characters."""
    if not candidates:  # a new catalog: building the matcher would cost more than the rest
        return None
    if len(msgid) > LONG_TEXT:
        return _closest_by_words(msgid, candidates)
    best: tuple[float, polib.POEntry] | None = None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(msgid)
    for entry in candidates.values():
        matcher.set_seq1(entry.msgid)
        floor = best[0] if best else FUZZY_CUTOFF
        # The cheap upper bounds skip most candidates before the quadratic ratio().
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if ratio >= FUZZY_CUTOFF and (best is None or ratio > best[0]) and close_enough(entry.msgid, msgid):
            best = (ratio, entry)
    return best[1] if best else None


def _closest_by_words(msgid: str, candidates: Mapping[Key, polib.POEntry]) -> polib.POEntry | None:
    """:func:`_closest` for a long ``msgid``: the ratio is the share of word tokens in common."""
    best: tuple[float, polib.POEntry] | None = None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(_WORDS.findall(msgid))
    for entry in candidates.values():
        matcher.set_seq1(_WORDS.findall(entry.msgid))
        floor = best[0] if best else FUZZY_CUTOFF
        if matcher.real_quick_ratio() < floor:
            continue
        ratio = matcher.quick_ratio()
        if ratio >= FUZZY_CUTOFF and (best is None or ratio > best[0]) and close_enough(entry.msgid, msgid):
            best = (ratio, entry)
    return best[1] if best else None


def merge(template: polib.POFile, existing: Catalog | None, lang: str, project: str, created: str) -> polib.POFile:
    """The catalog for ``lang`` that follows ``template``, keeping ``existing`` work.

    Matches ``msgmerge --previous``: a new msgid without an exact match takes the closest old
    translated entry (active or obsolete, any msgctxt, even one still in use) that is
    :func:`close_enough` as a fuzzy suggestion; an old entry that was already a stale fuzzy keeps the previous msgid it
    translates; old entries neither kept nor used as a suggestion become obsolete.
    """
    po = polib.POFile(wrapwidth=0, check_for_duplicates=False)
    if existing is None:
        _new_catalog_header(po, template, lang, project, created)
    else:
        po.header = existing.po.header
        po.metadata = dict(existing.po.metadata)
        po.metadata_is_fuzzy = existing.po.metadata_is_fuzzy
        # Fill in only what tools need: a header written by Poedit or Weblate keeps its own
        # fields (no placeholder Last-Translator added), so an unchanged catalog is not rewritten.
        if not po.metadata.get("Language"):
            po.metadata["Language"] = lang
        for name in ("Plural-Forms", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"):
            po.metadata.setdefault(name, header(project, lang, created)[name])
        po.metadata["POT-Creation-Date"] = template.metadata.get("POT-Creation-Date", created)
        if SOURCE_LANGUAGE in po.metadata:  # kept up to date, never added: see _copy_source_language
            _copy_source_language(template, po)
    old_active: dict[Key, polib.POEntry] = dict(existing._index) if existing else {}
    old_obsolete: dict[Key, polib.POEntry] = (
        {entry_key(e): e for e in existing.po if e.obsolete} if existing else {}
    )
    template_keys = {entry_key(e) for e in template}
    # Like msgmerge: every old translation is a candidate, including ones still in use.
    candidates = {k: e for k, e in old_active.items() if e.msgstr}
    candidates.update((k, e) for k, e in old_obsolete.items() if e.msgstr and k not in candidates)
    used: set[int] = set()
    for source in template:
        key = entry_key(source)
        old = old_active.get(key) or old_obsolete.get(key)
        entry = polib.POEntry(
            msgid=source.msgid,
            msgctxt=source.msgctxt,
            occurrences=list(source.occurrences),
            comment=source.comment,
            msgstr="",
        )
        if old is not None:
            entry.msgstr = old.msgstr
            entry.flags = list(old.flags)
            # once reviewed (fuzzy cleared), a machine suggestion has served its purpose
            entry.tcomment = old.tcomment if old.fuzzy else without_lines(old.tcomment, SUGGESTION_COMMENT)
            entry.previous_msgid = old.previous_msgid
            entry.previous_msgctxt = old.previous_msgctxt
        else:
            match = _closest(source.msgid, candidates)
            if match is not None:
                used.add(id(match))
                entry.msgstr = match.msgstr
                entry.flags = [FUZZY, *(f for f in match.flags if f != FUZZY)]
                # A suggestion translated the old text; an approved machine translation is the
                # reviewer's now (human-made: never discarded, never re-translated over).
                drop = (SUGGESTION_COMMENT,) if match.fuzzy else (SUGGESTION_COMMENT, MT_COMMENT)
                entry.tcomment = without_lines(match.tcomment, *drop)
                stale = match.fuzzy and match.previous_msgid
                entry.previous_msgid = match.previous_msgid if stale else match.msgid
                entry.previous_msgctxt = match.previous_msgctxt if stale else match.msgctxt
        po.append(entry)
    for key, old in list(old_active.items()) + list(old_obsolete.items()):
        if key in template_keys or not old.msgstr or id(old) in used:
            continue
        gone = polib.POEntry(
            msgid=old.msgid,
            msgstr=old.msgstr,
            msgctxt=old.msgctxt,
            flags=list(old.flags),
            tcomment=old.tcomment,
            previous_msgid=old.previous_msgid,
            previous_msgctxt=old.previous_msgctxt,
            obsolete=True,
        )
        po.append(gone)
    return po


def _new_catalog_header(po: polib.POFile, template: polib.POFile, lang: str, project: str, created: str) -> None:
    po.header = f"{language_name(lang)} translation of {template_subject(template)}."
    po.metadata = header(project, lang, created)
    _copy_source_language(template, po)


SOURCE_LANGUAGE = "X-Source-Language"
"""The header naming the note's own language (Poedit reads it), set on templates by extract."""


def _copy_source_language(template: polib.POFile, po: polib.POFile) -> None:
    """New catalogs get their template's source language; an existing catalog without the
    header is left without it, so one saved by an editor is not rewritten for it alone."""
    if SOURCE_LANGUAGE in template.metadata:
        po.metadata[SOURCE_LANGUAGE] = template.metadata[SOURCE_LANGUAGE]


def render_new_catalog(
    template: polib.POFile, template_entries: Sequence[str], lang: str, project: str, created: str
) -> tuple[str, Coverage]:
    """The text and coverage of ``merge(template, None, ...)``, without copying the entries: a
    new catalog's entries are its template's, untranslated, and ``template_entries`` are
    already rendered (:func:`render_entries`)."""
    po = polib.POFile(wrapwidth=0, check_for_duplicates=False)
    _new_catalog_header(po, template, lang, project, created)
    count = len(template)
    return render_po(po, template_entries), Coverage(total=count, untranslated=count)


def new_catalog_parts(template: polib.POFile, template_entries: Sequence[str], lang: str, project: str, created: str) -> Iterator[str]:
    """:func:`render_new_catalog`'s text in parts (:func:`po_parts`), for writing as they come."""
    po = polib.POFile(wrapwidth=0, check_for_duplicates=False)
    _new_catalog_header(po, template, lang, project, created)
    return po_parts(po, template_entries)


def signature(po: polib.POFile) -> tuple[object, ...]:
    """What a catalog says, ignoring timestamps, wrapping and the generator's name."""
    meta = tuple(sorted((k, v) for k, v in po.metadata.items() if k not in _VOLATILE_HEADERS))
    entries = tuple(
        (
            e.msgctxt,
            e.msgid,
            e.msgstr,
            tuple(e.flags),
            e.obsolete,
            tuple(e.occurrences),
            e.comment,
            e.tcomment,
            e.previous_msgid,
            e.previous_msgctxt,
        )
        for e in po
    )
    return (meta, entries)
