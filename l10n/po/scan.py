"""The one fast PO reader of build and status: a catalog's entries and what the build publishes.

It reads the layout gettext tools and l10n write (:mod:`l10n.po.grammar`); anything else goes
through :meth:`l10n.po.catalog.Catalog.load` (polib), which decides, so the result is always
what :meth:`~l10n.po.catalog.Catalog.publication` would give (tests compare both).
"""

from __future__ import annotations

import contextlib
import dataclasses
import marshal
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from l10n.fsutil import read_file
from l10n.po.grammar import PLAIN_ENTRY, USUAL_ENTRY, UnusualCatalogError, fast_unquote, field_value
from l10n.po.policy import (
    FUZZY,
    Coverage,
    Decision,
    Key,
    Tally,
    Translations,
    chosen,
    decide,
    entry_decision,
    entry_key,
    has_suggestion,
    is_machine_made,
    stale_policy,
    suggestion,
)
from l10n.store.catalog_digests import PUBLICATION_FORMAT

if TYPE_CHECKING:
    from l10n.po.catalog import Catalog


def _load(path: Path) -> Catalog:
    """:meth:`Catalog.load <l10n.po.catalog.Catalog.load>` (polib), which decides what the fast
    readers leave: imported here, so a build whose catalogs the fast reader or the stored
    publications answer never loads polib and the PO writer (3 ms of CPU a run)."""
    from l10n.po.catalog import Catalog

    return Catalog.load(path)


def read_translations(path: Path, policy: str = "machine", data: bytes | None = None) -> Translations:
    """Read a PO file for building, several times faster than polib; ``data``: its bytes, when
    the caller has just read them (the build keeps their digest for its record).

    The fast path reads the layout gettext tools write (entries separated by blank lines, the
    usual comments, strings on keyword and continuation lines); anything else — plural forms,
    odd spacing, a syntax error — goes through :meth:`Catalog.load`, which decides. So the
    result is always what :meth:`Catalog.publication` would give (tests compare both).
    """
    from l10n.store import verdicts  # loads the validator: only when a catalog is read to build

    try:
        data = read_file(path) if data is None else data
    except OSError:
        return _load(path).publication(policy)  # raises the precise error
    # One verdict for the whole file instead of one per entry (a SELECT and a digest each were
    # a third of reading it): these exact bytes passed before, under the same rules.
    digest = verdicts.catalog_digest(data, policy)
    # What these bytes publish, stored by an earlier read: no parse at all, and no decoding
    # (these bytes were decoded when it was stored; decoding them was 1.5 % of a build's instructions).
    remembered = verdicts.publication(path, digest)
    if remembered is not None:
        with contextlib.suppress(ValueError, TypeError, KeyError, EOFError):
            return _decode_publication(remembered)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _load(path).publication(policy)  # raises the precise error
    del data
    passed = verdicts.passed_before(digest)
    try:
        translations = _parse_translations(text, policy, validated=passed)
    except UnusualCatalogError:
        return _load(path).publication(policy)
    if not translations.rejected:
        if not passed:
            verdicts.remember_pass(digest)
        verdicts.remember_publication(path, digest, _encode_publication(translations))
    return translations


def remember_saved(
    catalog: Catalog, digest: bytes, policy: str = "machine", translations: Translations | None = None
) -> Translations | None:
    """Store what ``catalog``, just saved with :meth:`Catalog.save` whose bytes have the
    :func:`l10n.store.verdicts.catalog_digest` ``digest`` under ``policy``, publishes, as
    :func:`read_translations` stores it after a read: the next read of those exact bytes (the
    build of the same ``sync``) is then neither parsed nor validated. The translate stage has
    the entries in hand, and has just validated the translations it wrote: what a build re-read
    was a third of a first sync's build (issue 19). The publication comes from the entries
    (:meth:`Catalog.publication`, which tests hold equal to this reader's): the translations
    this process validated are answered from the validator's memory, with no query (asking the
    store about the whole catalog first cost more than it saved on a first sync); nothing is
    stored when a translation it would choose has findings (a read then reports them). A file
    changed since (another digest) is read as ever. ``translations``: that publication, when the
    caller has made it (:func:`l10n.status.handoff.saved_publication_and_counts`, with the
    counts). Returns the publication (None for a catalog without a path), for the status
    cache's counts (:mod:`l10n.status.handoff`). Raises nothing."""
    from l10n.store import verdicts

    if catalog.path is None:
        return None
    if translations is None:
        translations = catalog.publication(policy)
    if translations.rejected:
        return translations
    verdicts.remember_pass(digest)
    verdicts.remember_publication(catalog.path, digest, _encode_publication(translations))
    return translations


def _encode_publication(translations: Translations) -> bytes | None:
    """A :class:`Translations` of the fast reader with nothing rejected, as :mod:`marshal` bytes
    of plain values (str, int, None, tuples, lists; never pickle: the bookkeeping file may come
    from elsewhere and must not be able to run code, and marshal only builds values and calls
    nothing, what it gives being used as data only, a shape other than this one failing to
    unpack, as :mod:`l10n.store.segcache` does). They replaced JSON text, whose string scanning
    was most of reading a publication back (session 14). None when a value is one marshal
    cannot write (a str subclass): nothing is stored then."""
    try:
        return marshal.dumps(
            (
                PUBLICATION_FORMAT,
                [(context, msgid, text) for (context, msgid), text in translations.published.items()],
                # the fields in order, as dataclasses.astuple gives them, without its deep copy
                tuple([getattr(translations.coverage, field.name) for field in _COVERAGE_FIELDS]),
                list(translations.review_keys),
            )
        )
    except ValueError:
        return None


_COVERAGE_FIELDS = dataclasses.fields(Coverage)


def _decode_publication(data: bytes) -> Translations:
    """:func:`_encode_publication`'s bytes read back; raises ValueError, TypeError, KeyError or
    EOFError on damaged bytes or a row of another format (the caller then reads the catalog)."""
    form, published, coverage, review = marshal.loads(data)
    if form != PUBLICATION_FORMAT:
        raise ValueError(f"a publication of format {form!r}")
    return Translations(
        {(context, msgid): value for context, msgid, value in published},
        Coverage(*coverage),
        (),
        frozenset((context, msgid) for context, msgid in review),
        frozenset(),
        None,
    )


def has_kind(kinds: str | None, kind: str) -> bool:
    """Whether an entry's ``#.`` comment (block kinds joined by ", ", one line or several)
    names ``kind``."""
    return kind in (kinds or "").replace("\n", ", ").split(", ")


def read_published(path: Path, kind: str, policy: str = "machine") -> dict[Key, str]:
    """:attr:`Translations.published` of :func:`read_translations`, for the entries of one block
    ``kind`` only (``"heading"``): a link from another note needs only the target's headings,
    and the other entries are passed over unparsed and unvalidated. Raises
    :class:`CatalogError` as :func:`read_translations` does. A catalog whose bytes passed whole
    (:func:`l10n.store.verdicts.catalog_digest`) is not validated again."""
    from l10n.store import verdicts

    try:
        data = read_file(path)
        text = data.decode("utf-8")
        passed = verdicts.passed_before(verdicts.catalog_digest(data, policy))
        del data
        return {
            (entry.context, entry.msgid): entry.decision.published
            for entry in _scan_usual(text, policy, kind, validated=passed)
            if not entry.obsolete and entry.decision.published is not None
        }
    except (UnicodeDecodeError, OSError, UnusualCatalogError):
        catalog = _load(path)  # raises the precise error
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
    except UnusualCatalogError:
        return _load(path).publication(policy)


class ScannedEntry(NamedTuple):
    """One entry of a catalog or template as :func:`scan_catalog` reads it (header left out)."""

    context: str | None
    msgid: str
    obsolete: bool
    kinds: str
    """The ``#.`` comment lines (the block kinds l10n writes there), joined by newlines."""
    decision: Decision
    """What the build does with it (:func:`l10n.po.policy.decide`); an obsolete entry's is ``untranslated``."""


_OBSOLETE = Decision(None, "untranslated")


def scan_catalog(text: str, path: Path, policy: str = "machine", validated: bool = False) -> list[ScannedEntry]:
    """Every entry of the PO/POT file ``path`` (whose decoded ``text`` is given), in file order.

    The one PO reader of builds and status (:func:`read_translations` and
    :mod:`l10n.status.po_counts` fold its entries): the fast reader takes the layout gettext tools and
    l10n write (blank-line separated blocks, the usual comments); anything else — plural forms,
    a BOM, odd spacing, duplicates, a syntax error — is read from ``path`` by :meth:`Catalog.load`
    (polib), which decides, and raises :class:`CatalogError` naming the line. Both give the same
    entries (tests compare them, with hypothesis). Linear in the text. ``validated``: every
    translation chosen from ``text`` is known to pass (:func:`_scan_usual`; polib's path validates).
    """
    try:
        return _scan_usual(text, policy, validated=validated)
    except UnusualCatalogError:
        catalog = _load(path)
    return [
        ScannedEntry(entry.msgctxt, entry.msgid, entry.obsolete, entry.comment, _OBSOLETE if entry.obsolete else entry_decision(entry, policy))
        for entry in catalog.po
    ]


def _scan_usual(text: str, policy: str, only_kind: str | None = None, validated: bool = False) -> list[ScannedEntry]:
    """The fast reader's entries; raises :class:`UnusualCatalogError` outside its grammar.
    ``only_kind``: only the live entries whose ``#.`` comment names that block kind, the
    blocks that do not even hold the word passed over unparsed; ``validated``: every
    translation chosen from ``text`` is known to pass (:func:`l10n.po.policy.decide`).

    Two passes over one catalog's entries: read them all, then ask the verdict store about
    every chosen translation at once (:func:`l10n.store.verdicts.passes`, one query per 500
    where one per entry was a tenth of a first build after a translate), then decide."""
    from l10n.store import verdicts

    seen: set[Key] = set()
    entries = 0
    # an obsolete entry's ScannedEntry, or a live one's (entry, stale, machine, suggested, chosen,
    # the policy for it: stale_policy)
    rows: list[ScannedEntry | tuple[_Entry, bool, bool, str | None, str | None, str]] = []
    asked: list[tuple[str, str, str | None]] = []
    for block in _blocks(text.replace("\r\n", "\n") if "\r\n" in text else text):
        if only_kind is not None and only_kind not in block:
            continue
        plain = PLAIN_ENTRY.fullmatch(block)
        entry: _Entry | None
        if plain is not None:  # the groups are the values: no comment loop, nothing to unescape
            kinds, context, msgid, msgstr = plain.groups()
            entry = _Entry(context, msgid, msgstr, False, False, False, kinds or "")
        else:
            match = USUAL_ENTRY.fullmatch(block)
            entry = _usual_entry(match) if match is not None else _read_entry(block)
        if entry is None:
            continue
        if entry.obsolete:
            rows.append(ScannedEntry(entry.context, entry.msgid, True, entry.kinds, _OBSOLETE))
            continue
        entries += 1
        if not entry.msgid:
            if entry.context is not None or entries > 1:
                raise UnusualCatalogError  # a second header, or one with a context
            continue
        key = (entry.context, entry.msgid)
        if key in seen:
            raise UnusualCatalogError  # duplicates: Catalog.load names the line
        seen.add(key)
        if only_kind is not None and not has_kind(entry.kinds, only_kind):
            continue
        stale = entry.fuzzy and (entry.previous or has_suggestion(entry.tcomment))
        # what the comment says matters only for a stale entry: not read for the others
        machine = stale and is_machine_made(entry.tcomment)
        suggested = suggestion(entry.tcomment) if stale else None
        own = stale_policy(policy, entry.tcomment) if stale else policy
        candidate = chosen(entry.msgstr, stale=stale, machine=machine, suggested=suggested, policy=own)
        if candidate is not None and not validated:
            asked.append((entry.msgid, candidate, entry.kinds or None))
        rows.append((entry, stale, machine, suggested, candidate, own))
    passed = iter(verdicts.passes(asked) if asked else ())
    scanned: list[ScannedEntry] = []
    for row in rows:
        if isinstance(row, ScannedEntry):
            scanned.append(row)
            continue
        entry, stale, machine, suggested, candidate, own = row
        decision = decide(
            entry.msgid,
            entry.msgstr,
            kinds=entry.kinds,
            fuzzy=entry.fuzzy,
            stale=stale,
            machine=machine,
            suggested=suggested,
            policy=own,
            # a pass the store holds for exactly this (msgid, translation, kind) under these rules
            validated=validated or (candidate is not None and next(passed)),
        )
        scanned.append(ScannedEntry(entry.context, entry.msgid, False, entry.kinds, decision))
    return scanned


def _parse_translations(text: str, policy: str = "machine", validated: bool = False) -> Translations:
    tally = Tally()
    obsolete = 0
    for entry in _scan_usual(text, policy, validated=validated):
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
    """:class:`_Comments` read inline: the usual entry's comment lines are known to be ``#``
    then one of ``,|.:`` or a space (or nothing), so the first two characters decide; the
    object and a call per line were a third of reading a catalog."""
    context, msgid, msgstr = match.group("msgctxt", "msgid", "msgstr")
    kinds: list[str] = []
    tcomment: list[str] = []
    fuzzy = previous = False
    for line in match.group("comments").split("\n"):
        head = line[:2]
        if head == "#.":
            kinds.append(line[3:])
        elif head == "# " or line == "#":
            tcomment.append(line[2:])
        elif head == "#,":
            fuzzy = fuzzy or has_fuzzy_flag(line)
        elif head == "#|":
            previous = True
    return _Entry(
        None if context is None else field_value(context),
        field_value(msgid),
        field_value(msgstr),
        fuzzy,
        previous,
        False,
        "\n".join(kinds),
        "\n".join(tcomment),
    )


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
                raise UnusualCatalogError
            obsolete = True
            line = line[3:]
        elif obsolete:
            raise UnusualCatalogError  # live lines after obsolete ones
        if line.startswith("#"):
            if not comments.add(line):
                raise UnusualCatalogError
            if fields:
                raise UnusualCatalogError  # a comment inside the strings of an entry
            continue
        if line.startswith('"'):
            if current is None:
                raise UnusualCatalogError
            fields[current].append(fast_unquote(line))
            continue
        keyword, space, rest = line.partition(" ")
        have = set(fields) if keyword == "msgctxt" else set(fields) - {"msgctxt"}
        if not space or have != _BEFORE.get(keyword):
            raise UnusualCatalogError
        current = keyword
        fields[keyword] = [fast_unquote(rest)]
    if "msgid" not in fields or "msgstr" not in fields:
        raise UnusualCatalogError
    context = "".join(fields["msgctxt"]) if "msgctxt" in fields else None
    return comments.entry(context, "".join(fields["msgid"]), "".join(fields["msgstr"]), obsolete)


_BEFORE: dict[str, set[str]] = {"msgctxt": set(), "msgid": set(), "msgstr": {"msgid"}}
"""The fields an entry has when each keyword comes (msgctxt, when present, is dropped first)."""


def has_fuzzy_flag(line: str) -> bool:
    """Whether a ``#,`` flags line holds ``fuzzy``."""
    return FUZZY in (flag.strip() for flag in line[2:].split(","))
