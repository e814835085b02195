"""Locale coverage: how much of each note is translated in each language, and is its output current.

:func:`collect_status` returns a :class:`StatusReport` (data only; :mod:`l10n.report` renders it).
For every selected note and language it counts the catalog's segments and the source words in
them as translated, fuzzy, untranslated and obsolete, and says whether the built note is
``current``, ``stale`` or ``missing``.

Definitions (those of :meth:`l10n.catalog.Catalog.coverage`, which ignores plural forms):

* **translated** (approved): a non-empty translation without the ``fuzzy`` flag; a plural entry
  needs every ``msgstr[N]`` filled (as polib's ``POEntry.translated()``).
* **fuzzy**: a non-empty translation flagged ``fuzzy`` (machine output, or a near match that needs
  review). A fuzzy entry with an *empty* msgstr counts as untranslated, since nothing of it is
  published (polib's ``fuzzy_entries()`` would count it as fuzzy).
* **untranslated**: no translation; **obsolete**: ``#~`` entries, which are not part of ``total``.
* **coverage** = (translated + fuzzy) / total segments, because fuzzy machine output is published;
  **approved** = translated / total. Both are 100 for a note without segments.
* A note without a catalog in a language counts every segment as untranslated: they come from the
  note's template (POT) when it exists, else from segmenting the note itself.
* **Words** are counted in the msgid (the English source) by :func:`count_words`.
* **Output state**: ``missing`` when the built note does not exist; ``stale`` when it is older
  (mtime) than its catalog or its source note. ``build`` leaves an output untouched when its
  bytes would not change (after approving a fuzzy entry, say), so such an output stays older than
  its catalog; with ``verify=True`` an output the mtimes flag is rendered again and only called
  stale when its bytes differ (the verdict is cached; about 7 ms per note, so it is opt-in).

Speed: catalogs are counted by :func:`count_catalog` without polib: one regular expression
matches the entries of well-formed files, and a line-by-line state machine that follows polib's
grammar (and reports errors by line) handles the rest; both agree with polib (tested). Counts are
cached per file by size and ``mtime_ns`` in ``<locales>/.l10n-status-cache.json``, so a repeat
run only stats the files, and a first run on a big site counts in worker processes. Files
modified within the last two seconds are never cached: on file systems with coarse timestamps a
second write in the same tick could keep both size and mtime. The cache belongs in
``.gitignore``.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import itertools
import json
import os
import posixpath
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from l10n.catalog import Coverage, Translations, has_fuzzy_flag, translations_of_text
from l10n.config import Config
from l10n.document import Document, SegmentKind
from l10n.errors import CatalogError, L10nError
from l10n.fsutil import atomic_write, read_bytes_if_exists
from l10n.layout import IGNORED_FOLDERS, Layout, Note, note_name_language
from l10n.pipeline import encode_note, load_catalog, load_note, translate_document

CACHE_NAME = ".l10n-status-cache.json"
CACHE_VERSION = 2
"""2: counts follow what the build publishes (validation, ``on_source_change``)."""
PARALLEL_MIN = 1_000
"""Files to count before worker processes pay for their start-up."""
MAX_WORKERS = 8
RACY_NS = 2_000_000_000
"""Files younger than this are not cached (see the module docstring)."""
TITLE_CONTEXT = "front-matter:title"

Progress = Callable[[int, int], None]


# -- words ----------------------------------------------------------------------------------------

# Markup that is not prose: inline code, HTML tags and autolinks, link destinations and reference
# labels (the link *text* stays), footnote references, bare URLs, entities and template tags.
_NOT_PROSE = re.compile(
    r"`+[^`]*`+"
    r"|<[^>\n]*>"
    r"|\]\([^)]*\)"
    r"|\]\[[^\]]*\]"
    r"|\[\^[^\]]*\]"
    r"|https?://\S+"
    r"|&#?\w+;"
    r"|\{\{.*?\}\}|\{%.*?%\}"
)
# Han ideographs and kana: scripts written without spaces, counted one word per character.
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK = re.compile(f"[{_CJK_CHARS}]")


@functools.lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern[str]:
    """A word: a letter or digit, then letters, digits and combining marks, with inner apostrophes.

    Python's ``\\w`` leaves out combining marks (Devanagari vowel signs, Arabic harakat), which
    would cut ``हिन्दी`` into three "words", so the marks are added as an explicit class, built
    once from :mod:`unicodedata` (a few hundredths of a second, only when a file is counted).
    """
    ranges: list[str] = []
    start = previous = -2
    # Marks live in planes 0, 1 and 14 only; scanning just those is ten times quicker.
    for code in itertools.chain(range(0x20000), range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(code))[0] != "M":
            continue
        if code != previous + 1:
            if start >= 0:
                ranges.append(_char_range(start, previous))
            start = code
        previous = code
    ranges.append(_char_range(start, previous))
    marks = "".join(ranges)
    return re.compile(rf"\w[\w{marks}]*(?:['’][\w{marks}]+)*")


def _char_range(first: int, last: int) -> str:
    return f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}"


def count_words(text: str) -> int:
    """Count the words of a segment's Markdown, as a reader would.

    Words are runs of letters, digits and combining marks (``don't`` is one word); Markdown and
    HTML syntax, code spans, link destinations and URLs are not words. Han and kana characters
    count one word each. Scripts written without spaces between words that are not Han or kana
    (Thai, Khmer, …) count one word per run: full UAX #29 segmentation would need ICU.

    >>> count_words("The [GNU manual](https://www.gnu.org/) says `msgid` isn't *optional*.")
    6
    >>> count_words("हिन्दी में अनुवाद")
    3
    >>> count_words("翻訳の状態")
    5
    """
    text = _NOT_PROSE.sub(" ", text)
    cjk = 0
    if _CJK.search(text):
        cjk = len(_CJK.findall(text))
        text = _CJK.sub(" ", text)
    return cjk + len(_word_pattern().findall(text))


# -- counting one file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FileCounts:
    """Counts of one catalog, template or note: segments and source words, plus the note's title."""

    segments: Coverage
    words: Coverage
    title: str | None = None
    """The front-matter title, else the first heading, else ``None`` (Markdown source text)."""


_ESCAPE = re.compile(r'\\(\\|n|t|r|v|b|f|")')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}
_UNESCAPED_QUOTE = re.compile(r'(?:[^\\]|^)(?:\\\\)*"')


def _unescape(text: str) -> str:
    # Same escapes as polib.unescape, so msgids compare equal to polib's.
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], text)


class _Entry:
    __slots__ = ("comment", "ctxt", "fuzzy", "has_msgid", "line", "msgid", "msgstr", "obsolete", "plural")

    def __init__(self) -> None:
        self.msgid: list[str] = []
        self.ctxt: list[str] | None = None
        self.msgstr = False
        self.plural: dict[str, bool] = {}
        self.fuzzy = False
        self.obsolete = False
        self.has_msgid = False
        self.comment = ""
        self.line = 0


class _Tally:
    """Sums entries into counts, finds the header, duplicates and the title (shared by both parsers)."""

    def __init__(self, path: Path | str, word_memo: dict[str, int], publication: Translations | None = None) -> None:
        self.path = path
        self.word_memo = word_memo
        self.publication = publication
        """What the build publishes from this catalog (None for a template): it decides."""
        self.seg = [0, 0, 0, 0, 0, 0]  # translated, fuzzy, untranslated, obsolete, review, rejected
        self.words = [0, 0, 0, 0, 0, 0]
        self.keys: set[tuple[str | None, str]] = set()
        self.header_seen = False
        self.fm_title: str | None = None
        self.heading: str | None = None

    def add(
        self, msgid: str, ctxt: str | None, obsolete: bool, done: bool, fuzzy: bool, heading: bool, line: int
    ) -> bool:
        """Count one entry (``msgid``/``ctxt`` unescaped); ``False`` for a duplicate."""
        n_words = self.word_memo.get(msgid)
        if n_words is None:
            n_words = self.word_memo[msgid] = count_words(msgid)
        if obsolete:
            self.seg[3] += 1
            self.words[3] += n_words
            return True
        if msgid == "" and not self.header_seen:
            self.header_seen = True
            return True
        key = (ctxt, msgid)
        if key in self.keys:
            return False
        self.keys.add(key)
        publication = self.publication
        if publication is not None:
            done = publication.is_done(key)
            for slot, keys in ((4, publication.review_keys), (5, publication.rejected_keys)):
                if key in keys:
                    self.seg[slot] += 1
                    self.words[slot] += n_words
        slot = (1 if fuzzy else 0) if done else 2
        self.seg[slot] += 1
        self.words[slot] += n_words
        if ctxt == TITLE_CONTEXT and self.fm_title is None:
            self.fm_title = msgid
        elif heading and self.heading is None and ctxt is None:
            self.heading = msgid
        return True

    def result(self) -> FileCounts:
        seg, words = self.seg, self.words
        return FileCounts(
            Coverage(seg[0] + seg[1] + seg[2], *seg),
            Coverage(words[0] + words[1] + words[2], *words),
            self.fm_title if self.fm_title is not None else self.heading,
        )


def count_catalog(
    text: str, path: Path | str = "<catalog>", word_memo: dict[str, int] | None = None, policy: str | None = None
) -> FileCounts:
    """Count a PO/POT file's entries without building polib objects.

    Well-formed files in the usual layout (what l10n, msgcat and polib write) are matched entry by
    entry with one regular expression; anything else goes through :func:`_count_lines`, a state
    machine over lines that follows polib's parser and reports errors by line. ``word_memo``
    (msgid to words) can be shared between the catalogs of one note, which repeat their msgids.

    With ``policy`` (the ``on_source_change`` setting; catalogs, not templates) an entry counts as
    translated or fuzzy only when the build publishes it (:func:`l10n.catalog.decide`: validation
    passed, a stale entry per the policy); entries needing review and translations rejected by
    validation are counted apart too.
    """
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    memo = {} if word_memo is None else word_memo
    publication: Translations | None = None
    if policy is not None:
        try:
            publication = translations_of_text(text, Path(path), policy)
        except CatalogError:
            publication = None  # the line parser below names the line
    tally = _Tally(path, memo, publication)
    if _count_entries(text, tally):
        return tally.result()
    tally = _Tally(path, memo, publication)
    _count_lines(text, path, tally)
    return tally.result()


# One quoted string (no raw quote or newline inside), optionally continued on the next lines.
_STR = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_MULTI = rf"{_STR}(?:\n{_STR})*"
_OBS_MULTI = rf"{_STR}(?:\n#~ {_STR})*"
_ENTRY = re.compile(
    rf"(?P<comments>(?:#(?:[^~\n][^\n]*|~\|[^\n]*)?\n)*)"
    rf"(?:(?:msgctxt (?P<ctxt>{_MULTI})\n)?msgid (?P<id>{_MULTI})\n(?:msgid_plural {_MULTI}\n)?"
    rf"(?:msgstr (?P<str>{_MULTI})|(?P<plural>msgstr\[\d+\] {_MULTI}(?:\nmsgstr\[\d+\] {_MULTI})*))"
    rf"|(?:#~ msgctxt {_OBS_MULTI}\n)?#~ msgid (?P<oid>{_OBS_MULTI})\n(?:#~ msgid_plural {_OBS_MULTI}\n)?"
    rf"#~ msgstr(?:\[\d+\])? {_OBS_MULTI}(?:\n#~ msgstr\[\d+\] {_OBS_MULTI})*)"
    rf"(?:\n+|\Z)"
)
_FUZZY_FLAG = re.compile(r"^#,(?:[^\n]*,)?[ \t]*fuzzy[ \t]*(?:,|$)", re.MULTILINE)
_HEADING_COMMENT = re.compile(rf"^#\.[^\n]*{SegmentKind.HEADING.value}", re.MULTILINE)
_PLURAL_FORM = re.compile(rf"msgstr\[\d+\] ({_MULTI})")


def _joined(value: str, obsolete: bool = False) -> str:
    """The unescaped text of a (possibly multi-line) quoted string matched by ``_MULTI``."""
    if "\n" not in value:
        return _unescape(value[1:-1])
    lines = value.split("\n")
    if obsolete:
        lines = [lines[0], *(line[3:] for line in lines[1:])]
    return _unescape("".join(line[1:-1] for line in lines))


def _filled(value: str) -> bool:
    """Whether a matched quoted string (maybe multi-line) holds any text."""
    return value != '""' and value.replace('""', "").strip() != ""


def _count_entries(text: str, tally: _Tally) -> bool:
    """The fast path: ``False`` (nothing trusted) unless the entries tile the whole text."""
    pos = len(text) - len(text.lstrip("\n"))
    end = len(text)
    match = _ENTRY.match
    while pos < end:
        m = match(text, pos)
        if m is None or m.end() == pos:
            return False
        pos = m.end()
        comments = m["comments"]
        oid = m["oid"]
        if oid is not None:
            tally.add(_joined(oid, obsolete=True), None, True, False, False, False, 0)
            continue
        if m["str"] is not None:
            done = _filled(m["str"])
        else:
            done = all(_filled(form) for form in _PLURAL_FORM.findall(m["plural"]))
        ctxt = m["ctxt"]
        added = tally.add(
            _joined(m["id"]),
            _joined(ctxt) if ctxt is not None else None,
            False,
            done,
            "fuzzy" in comments and _FUZZY_FLAG.search(comments) is not None,
            "heading" in comments and _HEADING_COMMENT.search(comments) is not None,
            0,
        )
        if not added:
            return False  # a duplicate: let the line parser report it with its line
    return True


def _count_lines(text: str, path: Path | str, tally: _Tally) -> None:
    """The reference parser: polib's grammar, line by line, errors with their line number.

    An entry ends when a comment, ``msgctxt`` or ``msgid`` follows its ``msgstr``; blank lines
    mean nothing; ``#~`` on the msgid line makes an entry obsolete; ``#|`` and ``#~|``
    (previous strings) are skipped; the first non-obsolete entry with an empty msgid is the
    header. Lines polib would reject (and unterminated strings, which polib accepts silently)
    raise :class:`CatalogError`, as do duplicate entries, which :class:`~l10n.catalog.Catalog`
    rejects.
    """
    entry = _Entry()
    target = ""  # what a continuation line extends: "ctxt", "id", "str", "str[N]", or "" (skip)
    after_msgstr = False

    def finish(current: _Entry) -> None:
        if not current.has_msgid:
            return
        msgid = _unescape("".join(current.msgid))
        ctxt = _unescape("".join(current.ctxt)) if current.ctxt is not None else None
        if current.msgstr:
            done = True
        elif current.plural:
            done = all(current.plural.values())
        else:
            done = False
        heading = SegmentKind.HEADING.value in current.comment
        if not tally.add(msgid, ctxt, current.obsolete, done, current.fuzzy, heading, current.line):
            raise CatalogError(f"duplicate entry for msgid {msgid[:60]!r}", path, current.line)

    def quoted(value: str, number: int) -> str:
        if len(value) < 2 or value[0] != '"' or value[-1] != '"':
            raise CatalogError("malformed or unterminated string", path, number)
        inner = value[1:-1]
        if '"' in inner and _UNESCAPED_QUOTE.search(inner):
            raise CatalogError("unescaped double quote", path, number)
        return inner

    number = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        obsolete = False
        if line[0] == "#":
            second = line[1:2]
            if second == "~":
                rest = line[2:].lstrip()
                if rest.startswith("|") or not rest:
                    continue
                line = rest
                obsolete = True
            else:
                if after_msgstr:
                    finish(entry)
                    entry = _Entry()
                    after_msgstr = False
                target = ""
                if second == ",":
                    if has_fuzzy_flag(line):
                        entry.fuzzy = True
                elif second == ".":
                    entry.comment += line[2:]
                elif second == "|":
                    previous = line[2:].strip()  # "#| msgid ..." or a continuation "#| ..."
                    quoted(previous if previous.startswith('"') else previous.partition(" ")[2].strip(), number)
                continue
        if line[0] == '"':
            inner = quoted(line, number)
            if target == "id":
                entry.msgid.append(inner)
            elif target == "ctxt" and entry.ctxt is not None:
                entry.ctxt.append(inner)
            elif target == "str":
                entry.msgstr = entry.msgstr or inner != ""
            elif target.startswith("str["):
                entry.plural[target] = entry.plural[target] or inner != ""
            elif not target:
                raise CatalogError("string without a keyword", path, number)
            # "id_plural": skipped
            continue
        parts = line.split(None, 1)
        if len(parts) != 2:
            raise CatalogError("malformed line", path, number)
        keyword, value = parts
        inner = quoted(value, number)
        if keyword in ("msgctxt", "msgid"):
            if after_msgstr:
                finish(entry)
                entry = _Entry()
                after_msgstr = False
            if keyword == "msgctxt":
                if entry.has_msgid:
                    raise CatalogError("msgctxt after a msgid", path, number)
                entry.ctxt = [inner]
                target = "ctxt"
            else:
                if entry.has_msgid:
                    raise CatalogError("msgid without a msgstr before it", path, number)
                entry.has_msgid = True
                entry.line = number
                entry.obsolete = obsolete
                entry.msgid = [inner]
                target = "id"
        elif keyword == "msgid_plural":
            if not entry.has_msgid:
                raise CatalogError("msgid_plural without a msgid", path, number)
            target = "id_plural"  # not needed for the counts: its continuations are skipped
        elif keyword == "msgstr":
            if not entry.has_msgid:
                raise CatalogError("msgstr without a msgid", path, number)
            entry.msgstr = inner != ""
            target = "str"
            after_msgstr = True
        elif keyword.startswith("msgstr[") and keyword.endswith("]") and keyword[7:-1].isdigit():
            if not entry.has_msgid:
                raise CatalogError("msgstr without a msgid", path, number)
            target = f"str[{int(keyword[7:-1])}]"
            entry.plural[target] = inner != ""
            after_msgstr = True
        else:
            raise CatalogError(f"unknown keyword {keyword!r}", path, number)
    finish(entry)


def count_catalog_file(path: Path, word_memo: dict[str, int] | None = None, policy: str | None = None) -> FileCounts:
    """Read and count one PO/POT file (see :func:`count_catalog`; ``policy`` for catalogs)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror or exc}", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError("not valid UTF-8", path, raw[: exc.start].count(b"\n") + 1) from None
    return count_catalog(text, path, word_memo, policy)


def count_document(doc: Document) -> FileCounts:
    """Counts of a note that has no catalog and no template: every segment untranslated."""
    seen: set[tuple[str | None, str]] = set()
    n_words = 0
    title: str | None = None
    heading: str | None = None
    for segment in doc.segments:
        if segment.key in seen:
            continue
        seen.add(segment.key)
        n_words += count_words(segment.text)
        if segment.context == TITLE_CONTEXT and title is None:
            title = segment.text
        elif segment.kind is SegmentKind.HEADING and heading is None:
            heading = segment.text
    n = len(seen)
    return FileCounts(Coverage(n, 0, 0, n, 0), Coverage(n_words, 0, 0, n_words, 0), title or heading)


# -- results --------------------------------------------------------------------------------------


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
class LanguageStatus:
    """All selected notes in one language, plus the catalogs whose note is gone."""

    info: LanguageInfo
    notes: tuple[NoteStatus, ...]
    orphans: tuple[str, ...] = ()
    """Catalogs (paths relative to the project root) whose source note no longer exists."""

    @property
    def lang(self) -> str:
        return self.info.code

    @functools.cached_property
    def segments(self) -> Coverage:
        return sum((n.segments for n in self.notes), Coverage())

    @functools.cached_property
    def words(self) -> Coverage:
        return sum((n.words for n in self.notes), Coverage())

    @property
    def coverage(self) -> float:
        return self.segments.percent

    @property
    def approved(self) -> float:
        return self.segments.approved_percent

    def outputs(self) -> dict[str, int]:
        """How many notes have a current, stale or missing output."""
        counts = dict.fromkeys((s.value for s in OutputState), 0)
        for note in self.notes:
            counts[note.output.value] += 1
        return counts

    @property
    def stale(self) -> int:
        """Notes whose output is stale *or* missing: the ones a build would change."""
        return sum(1 for n in self.notes if n.output is not OutputState.CURRENT)


@dataclass(frozen=True)
class StatusReport:
    """What :func:`collect_status` found."""

    languages: tuple[LanguageStatus, ...]
    errors: tuple[str, ...] = ()
    """Notes or catalogs that could not be read (they are left out of the counts)."""

    def below(self, percent: float) -> list[LanguageStatus]:
        """The languages whose coverage is under ``percent`` (the ``--fail-under`` gate)."""
        return [lang for lang in self.languages if lang.coverage < percent]


# -- the cache ------------------------------------------------------------------------------------

Fingerprint = tuple[int, int]


def _fingerprint(st: os.stat_result) -> Fingerprint:
    return (st.st_size, st.st_mtime_ns)


@dataclass
class _Cache:
    """Counts per file and output verdicts, keyed by absolute path and valid for one fingerprint."""

    path: Path | None
    files: dict[str, list[Any]] = field(default_factory=dict)
    verdicts: dict[str, list[Any]] = field(default_factory=dict)
    used_files: dict[str, list[Any]] = field(default_factory=dict)
    used_verdicts: dict[str, list[Any]] = field(default_factory=dict)
    dirty: bool = False
    horizon: int = field(default_factory=lambda: time.time_ns() - RACY_NS)
    policy: str = "machine"
    """The ``on_source_change`` setting the counts were made with."""

    @classmethod
    def open(cls, path: Path | None, policy: str = "machine") -> _Cache:
        """The cache at ``path``, empty unless it was written for this version and ``policy``."""
        cache = cls(path, policy=policy)
        data = read_bytes_if_exists(path) if path else None
        if data:
            try:
                loaded = json.loads(data)
            except (ValueError, RecursionError):
                loaded = None  # a damaged cache is only a slower run
            if isinstance(loaded, dict) and loaded.get("version") == CACHE_VERSION and loaded.get("policy") == policy:
                files, verdicts = loaded.get("files"), loaded.get("outputs")
                cache.files = files if isinstance(files, dict) else {}
                cache.verdicts = verdicts if isinstance(verdicts, dict) else {}
        return cache

    def counts(self, key: str, fp: Fingerprint) -> FileCounts | None:
        row = self.files.get(key)
        try:
            if row is None or row[0] != fp[0] or row[1] != fp[1]:
                return None
            if not (_int_list(row[2]) and _int_list(row[3]) and (row[4] is None or isinstance(row[4], str))):
                return None  # wrong types (issue 15): they would fail later, in arithmetic
            counts = FileCounts(Coverage(*row[2]), Coverage(*row[3]), row[4])
        except (TypeError, IndexError, KeyError):
            return None  # a row written by hand or by another version: count again
        self.used_files[key] = row
        return counts

    def store_counts(self, key: str, fp: Fingerprint, counts: FileCounts) -> None:
        if fp[1] >= self.horizon:
            return
        row = [fp[0], fp[1], _coverage_list(counts.segments), _coverage_list(counts.words), counts.title]
        self.used_files[key] = row
        self.dirty = True

    def verdict(self, key: str, fps: list[Fingerprint | None]) -> OutputState | None:
        row = self.verdicts.get(key)
        try:
            if row is None or row[0] != [list(f) if f else None for f in fps]:
                return None
            state = OutputState(row[1])
        except (TypeError, IndexError, KeyError, ValueError):
            return None
        self.used_verdicts[key] = row
        return state

    def store_verdict(self, key: str, fps: list[Fingerprint | None], state: OutputState) -> None:
        if any(f is not None and f[1] >= self.horizon for f in fps):
            return
        self.used_verdicts[key] = [[list(f) if f else None for f in fps], state.value]
        self.dirty = True

    def save(self, prune: bool) -> None:
        """Write the cache; ``prune`` drops entries this run did not use (a run over everything)."""
        if self.path is None or not self.path.parent.is_dir():
            return
        if prune:
            self.dirty = self.dirty or len(self.used_files) != len(self.files)
            files, verdicts = self.used_files, self.used_verdicts
        else:
            files = {**self.files, **self.used_files}
            verdicts = {**self.verdicts, **self.used_verdicts}
        if not self.dirty:
            return
        data = {"version": CACHE_VERSION, "policy": self.policy, "files": files, "outputs": verdicts}
        # A read-only locales folder: status still works, only slower next time.
        with contextlib.suppress(L10nError):
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _int_list(value: object) -> bool:
    """A list of Coverage's counts, as the cache writes it (:func:`_coverage_list`)."""
    return isinstance(value, list) and len(value) == _COVERAGE_FIELDS and all(type(v) is int for v in value)


def _coverage_list(c: Coverage) -> list[int]:
    return [c.total, c.translated, c.fuzzy, c.untranslated, c.obsolete, c.review, c.rejected]


_COVERAGE_FIELDS = len(_coverage_list(Coverage()))


def cache_path(config: Config) -> Path:
    return config.locales / CACHE_NAME


# -- collecting -----------------------------------------------------------------------------------


def _stat(path: Path | str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _count_group(paths: list[str], policy: str = "machine") -> list[FileCounts | str]:
    """Count one note's catalogs (they share msgids, hence the word memo); errors as their text."""
    memo: dict[str, int] = {}
    results: list[FileCounts | str] = []
    for path in paths:
        try:
            results.append(count_catalog_file(Path(path), memo, policy if path.endswith(".po") else None))
        except L10nError as exc:
            results.append(str(exc))
    return results


class _Collector:
    """Paths, stats and cached counts for one run; paths are plain strings for speed."""

    def __init__(self, config: Config, cache: _Cache, verify: bool = False) -> None:
        self.config = config
        self.cache = cache
        self.verify = verify
        self.root_prefix = str(config.root) + os.sep
        self.template_dir = str(config.template_dir)
        self.catalog_dirs: dict[str, str] = {}
        self.output_dirs: dict[str, str] = {}
        self.counted: dict[str, FileCounts | str] = {}
        """Files counted in this run (by :meth:`prefetch`): counts, or the error message."""

    def rel(self, path: str) -> str:
        return path.removeprefix(self.root_prefix).replace(os.sep, "/")

    def paths(self, note: Note, lang: str) -> tuple[str, str]:
        """The note's catalog and output path in ``lang`` (:meth:`l10n.layout.Layout.read_paths`)."""
        return Layout.of(self.config).read_paths(note.name, lang)

    def template(self, note: Note) -> str:
        """The note's template path (:func:`l10n.layout.template_path`, unchecked as above)."""
        return self.template_dir + os.sep + posixpath.splitext(note.name)[0].replace("/", os.sep) + ".pot"

    def needs_count(self, path: str, st: os.stat_result) -> bool:
        return path not in self.counted and self.cache.counts(path, _fingerprint(st)) is None

    def prefetch(self, groups: list[list[tuple[str, os.stat_result]]], on_progress: Progress | None) -> None:
        """Count the files the cache does not know, a group (one note's catalogs) at a time.

        Many files (a first run on a big site) are shared out to worker processes: counting is
        CPU-bound pure Python, so threads would not help.
        """
        total = sum(len(group) for group in groups)
        if not total:
            return
        names = [[path for path, _ in group] for group in groups]
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        done = 0
        with contextlib.ExitStack() as stack:
            results: Iterable[list[FileCounts | str]]
            if total >= PARALLEL_MIN and workers > 1:
                pool = stack.enter_context(ProcessPoolExecutor(workers))
                count = functools.partial(_count_group, policy=self.config.on_source_change)
                results = pool.map(count, names, chunksize=max(1, len(names) // (workers * 16)))
            else:
                results = map(functools.partial(_count_group, policy=self.config.on_source_change), names)
            for group, counted in zip(groups, results):
                for (path, st), result in zip(group, counted):
                    self.counted[path] = result
                    if isinstance(result, FileCounts):
                        self.cache.store_counts(path, _fingerprint(st), result)
                done += len(group)
                if on_progress:
                    on_progress(done, total)

    def catalog_counts(self, path: str, st: os.stat_result, word_memo: dict[str, int]) -> FileCounts:
        counted = self.counted.get(path)
        if isinstance(counted, str):
            raise CatalogError(counted)
        if counted is not None:
            return counted
        fp = _fingerprint(st)
        counts = self.cache.counts(path, fp)
        if counts is None:
            policy = self.config.on_source_change if path.endswith(".po") else None
            counts = count_catalog_file(Path(path), word_memo, policy)
            self.cache.store_counts(path, fp, counts)
        return counts

    def source_counts(self, note: Note, note_st: os.stat_result, word_memo: dict[str, int]) -> FileCounts:
        """Counts of a note without a catalog: from its template if there is one, else the note."""
        pot = self.template(note)
        pot_st = _stat(pot)
        if pot_st is not None:
            return self.catalog_counts(pot, pot_st, word_memo)
        key, fp = str(note.path), _fingerprint(note_st)
        counts = self.cache.counts(key, fp)
        if counts is None:
            counts = count_document(load_note(self.config, note))
            self.cache.store_counts(key, fp, counts)
        return counts

    def output_state(
        self,
        note: Note,
        lang: str,
        out: str,
        cat: str,
        cat_st: os.stat_result | None,
        note_st: os.stat_result,
    ) -> OutputState:
        out_st = _stat(out)
        if out_st is None:
            return OutputState.MISSING
        newest = max(note_st.st_mtime_ns, cat_st.st_mtime_ns if cat_st else 0)
        if out_st.st_mtime_ns >= newest:
            return OutputState.CURRENT
        if not self.verify:
            return OutputState.STALE
        fps = [_fingerprint(out_st), _fingerprint(cat_st) if cat_st else None, _fingerprint(note_st)]
        state = self.cache.verdict(out, fps)
        if state is None:
            state = self.rebuild_matches(note, lang, Path(out), Path(cat))
            self.cache.store_verdict(out, fps, state)
        return state

    def rebuild_matches(self, note: Note, lang: str, out: Path, cat: Path) -> OutputState:
        """Older by mtime: the output is still current if a build would write the same bytes."""
        try:
            doc = load_note(self.config, note)
            catalog = load_catalog(cat)
            expected = encode_note(doc, translate_document(doc, catalog or {}, lang))
        except L10nError:
            return OutputState.STALE
        return OutputState.CURRENT if read_bytes_if_exists(out) == expected else OutputState.STALE


def collect_status(
    config: Config,
    notes: Sequence[Note],
    languages: Sequence[str],
    *,
    orphans: bool = True,
    use_cache: bool = True,
    verify: bool = False,
    on_progress: Progress | None = None,
) -> StatusReport:
    """Count every note in every language; see the module docstring for the definitions.

    ``orphans`` also lists catalogs whose note is gone (meaningful when ``notes`` is the whole
    site). ``use_cache`` reads and updates ``<locales>/.l10n-status-cache.json``. ``verify``
    re-renders outputs that look stale by mtime and calls them current when nothing changed.
    """
    cache = _Cache.open(cache_path(config) if use_cache else None, config.on_source_change)
    collector = _Collector(config, cache, verify)
    per_lang: dict[str, list[NoteStatus]] = {lang: [] for lang in languages}
    errors: list[str] = []
    # Pass 1: stat everything and gather the files the cache cannot answer for.
    plan: list[tuple[Note, os.stat_result, list[tuple[str, str, str, os.stat_result | None]]]] = []
    to_count: list[list[tuple[str, os.stat_result]]] = []
    for note in notes:
        note_st = _stat(note.path)
        if note_st is None:
            errors.append(f"{note.path}: note not found")
            continue
        files = []
        group: list[tuple[str, os.stat_result]] = []
        own = note_name_language(config, note.name)  # a note is never translated into its own language
        for lang in languages:
            if lang == own:
                continue
            cat, out = collector.paths(note, lang)
            cat_st = _stat(cat)
            files.append((lang, cat, out, cat_st))
            if cat_st is not None and collector.needs_count(cat, cat_st):
                group.append((cat, cat_st))
        if any(f[3] is None for f in files):
            pot = collector.template(note)
            pot_st = _stat(pot)
            if pot_st is not None and collector.needs_count(pot, pot_st):
                group.append((pot, pot_st))
        if group:
            to_count.append(group)
        plan.append((note, note_st, files))
    collector.prefetch(to_count, on_progress)
    # Pass 2: assemble, from the cache and this run's counts.
    for note, note_st, files in plan:
        source: FileCounts | None = None
        word_memo: dict[str, int] = {}  # the note's catalogs share their msgids
        for lang, cat, out, cat_st in files:
            try:
                if cat_st is not None:
                    counts = collector.catalog_counts(cat, cat_st, word_memo)
                else:
                    source = source or collector.source_counts(note, note_st, word_memo)
                    counts = source
                state = collector.output_state(note, lang, out, cat, cat_st, note_st)
            except L10nError as exc:
                errors.append(str(exc))
                continue
            per_lang[lang].append(
                NoteStatus(
                    note.name,
                    counts.title,
                    collector.rel(cat) if cat_st is not None else None,
                    state,
                    counts.segments,
                    counts.words,
                )
            )
    if on_progress:
        on_progress(len(plan), len(plan))  # complete, also when there was nothing to count
    orphan_lists = _orphans(config, notes, languages, collector) if orphans else {}
    full_run = orphans and set(languages) == set(config.languages)
    cache.save(prune=full_run)
    return StatusReport(
        tuple(
            LanguageStatus(LanguageInfo.of(lang, config.language_tag(lang)), tuple(per_lang[lang]), tuple(orphan_lists.get(lang, ())))
            for lang in languages
        ),
        tuple(errors),
    )


def _orphans(
    config: Config, notes: Iterable[Note], languages: Sequence[str], collector: _Collector
) -> dict[str, list[str]]:
    """Catalogs in each language folder that belong to no selected note."""
    found: dict[str, list[str]] = {}
    for lang in languages:
        expected = {collector.paths(note, lang)[0] for note in notes}
        extra: list[str] = []
        for directory, subdirs, files in os.walk(config.catalog_dir(lang)):
            # notes in dot-folders (.github/) have catalogs there too (l10n.layout.IGNORED_FOLDERS)
            subdirs[:] = sorted(d for d in subdirs if d not in IGNORED_FOLDERS)
            for name in sorted(files):
                if name.endswith(".po"):
                    path = directory + os.sep + name
                    if path not in expected:
                        extra.append(collector.rel(path))
        found[lang] = extra
    return found
