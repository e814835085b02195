"""The polib-facing catalog: one PO (or POT) file, loaded, indexed and saved.

A thin, typed wrapper over polib that avoids its traps: files are always loaded from a path
(polib re-splits *text* with ``str.splitlines()``, corrupting U+2028), lines polib accepts
silently (unterminated strings) are rejected with their line number, entries are indexed by
``(msgctxt, msgid)`` instead of polib's linear ``find()``, and saving is atomic: a new file
in l10n's format, ``msgcat --no-wrap`` with ``\\n`` line ends, and an existing one in the shape
it has (line ends, BOM, wrapping: :mod:`l10n.po.shape`, :mod:`l10n.po.writer`). What it
publishes follows :mod:`l10n.po.policy`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import polib

from l10n.errors import CatalogError
from l10n.fsutil import Hasher, atomic_write, not_regular, read_file
from l10n.po.grammar import USUAL_ENTRY, UnusualCatalogError, field_value
from l10n.po.policy import (
    MT_COMMENT,
    SUGGESTION_COMMENT,
    Coverage,
    Key,
    Tally,
    Translations,
    entry_decision,
    entry_key,
    is_machine_made,
)
from l10n.po.references import FSI, isolated_names, parse_references
from l10n.po.writer import changed_parts, render_po, validate_po_text


class Catalog:
    """One PO (or POT) file: entries indexed by ``(msgctxt, msgid)``."""

    def __init__(self, po: polib.POFile, path: Path | None = None) -> None:
        self.po = po
        self.path = path
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
        try:
            mode = os.stat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            raise CatalogError("catalog not found", path) from None
        except OSError as exc:  # a folder on its path that cannot be searched
            raise CatalogError(f"cannot read: {exc.strerror or exc}", path) from None
        if stat.S_ISDIR(mode):
            raise CatalogError("is a directory, not a catalog", path)
        if not stat.S_ISREG(mode):  # a FIFO would block the read forever
            raise CatalogError(f"{not_regular(mode)}, not a catalog", path)
        try:
            raw = read_file(path)
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            from l10n.po.grammar import undecodable

            message, line = undecodable(raw, exc)
            raise CatalogError(message, path, line) from None
        except OSError as exc:
            raise CatalogError(f"cannot read: {exc.strerror}", path) from None
        validate_po_text(text, path)
        # polib splits a name isolated for its spaces (U+2068) where it has spaces: its
        # references are read again from the file's lines (rare: only then are they kept)
        lines = text.split("\n") if FSI in text else None
        del raw, text  # polib reads the file itself: hold neither copy through its parse
        try:
            po = _pofile(str(path))
        except (OSError, ValueError) as exc:
            match = re.search(r"line (\d+)", str(exc))
            message = re.sub(r"\s*\(line \d+\)", "", str(exc)).replace(f" {path}", "")
            raise CatalogError(f"syntax error: {message}", path, int(match.group(1)) if match else None) from None
        isolated_names(po, lines)
        return cls(po, path)

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
        """What the build publishes from this catalog, and the counts (see :func:`l10n.po.policy.decide`)."""
        tally = Tally(track_done=True)
        for key, entry in self._index.items():
            tally.add(key, entry.msgid, entry_decision(entry, policy))
        return tally.result(sum(1 for e in self.po if e.obsolete))

    def coverage(self, policy: str = "machine") -> Coverage:
        return self.publication(policy).coverage

    # -- output ---------------------------------------------------------------------------------

    def text(self) -> str:
        return render_po(self.po)

    def save(self, path: Path | None = None, digest: Hasher | None = None) -> Path:
        """Write the catalog (atomically) as a changed one: ``PO-Revision-Date`` becomes now, and
        the file it replaces keeps its shape — line ends, BOM, wrapping, its unchanged entries'
        bytes (:func:`l10n.po.writer.changed_parts`). ``digest`` (a :mod:`hashlib` object) is
        fed the exact bytes written, as they are made: the caller knows what the file holds
        without reading it back (where a translator's save may already have replaced it).
        Raises :class:`CatalogError` when it cannot be written (the old file is then untouched)."""
        target = path or self.path
        if target is None:
            raise CatalogError("no path to save the catalog to")
        parts = changed_parts(self.po, self, target)
        atomic_write(target, parts, CatalogError, durable=holds_translators_work(self.po), digest=digest)
        self.path = target
        return target


def holds_translators_work(entries: Iterable[polib.POEntry]) -> bool:
    """Whether any of ``entries`` (live or obsolete) holds what only a person can give back: a
    msgstr (any plural form) that is not machine output (no ``mt:`` line in its translator
    comment, :func:`l10n.po.policy.is_machine_made`), or a translator comment line that is not
    l10n's own (``mt:``, ``mt-suggestion:``). A catalog without such work is written without an
    fsync (:func:`l10n.fsutil.atomic_write`'s ``durable``): after a power cut a re-run makes it
    again, its machine output served by the translation memory. An fsync per catalog was most of
    the wall time of a first ``translate`` (300 notes: 5.7 s against 3.5 s wall for 2.3 s of
    CPU, the disk shared)."""
    own = (MT_COMMENT, SUGGESTION_COMMENT)
    for entry in entries:
        comment = entry.tcomment
        if comment and "\n" not in comment:
            # one line (the usual machine comment): the same two tests without splitting it
            # (the splits were 0.7 % of a first translate, issue 19)
            if not comment.startswith(own):
                return True
            if (entry.msgstr or any(entry.msgstr_plural.values())) and not comment.startswith(MT_COMMENT):
                return True
            continue
        if comment and not all(line.startswith(own) for line in comment.split("\n")):
            return True
        if (entry.msgstr or any(entry.msgstr_plural.values())) and not is_machine_made(comment):
            return True
    return False


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
        text = read_file(path).decode("utf-8")
        blocks = text.split("\n\n")
        if "\r" in text or text.startswith("\ufeff") or not blocks[0].endswith(("\"", "\" ")):
            raise UnusualCatalogError
        # "is None", not "or": a header alone is an empty POFile, a list, which is false (the
        # header's own reader was never used, and polib parsed every header: issue 19)
        po = _usual_header(blocks[0])
        if po is None:
            po = _pofile(blocks[0] + "\n")
        if len(po) or "msgid" not in blocks[0]:
            raise UnusualCatalogError  # the first block is not the header alone
        for block in blocks[1:]:
            if block.strip():
                po.append(_usual_po_entry(block))
        po.fpath = str(path)
        return Catalog(po, path)
    except (UnusualCatalogError, OSError, ValueError, CatalogError):
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


def _usual_header(block: str) -> polib.POFile | None:
    """The catalog polib makes of a header block in the usual layout (``# `` comment lines,
    ``msgid ""``, ``msgstr ""`` continued by quoted lines), built here as polib's parser fills
    it: ``header``, ``metadata`` (``Key: value`` lines, a line without ``:`` continuing the
    last value) and ``metadata_is_fuzzy`` (the header's flags: none). None for any other
    block, which polib then reads. A parser per header was a quarter of a catalog's read
    (issue 19); tests compare both on every header layout they make."""
    match = USUAL_ENTRY.fullmatch(block)
    if match is None or match.group("msgctxt") is not None or match.group("msgid") != '""':
        return None
    header = ""
    for line in match.group("comments").split("\n")[:-1]:
        if line != "#" and not (line.startswith("# ") and line == line.strip()):
            return None  # flags, other comment kinds, blanks polib strips: polib decides
        header += ("\n" if header else "") + line[2:]  # as polib: empty leading lines vanish
    po = polib.POFile(encoding="utf-8", check_for_duplicates=False)
    po.wrapwidth = 0
    po.header = header
    po.metadata_is_fuzzy = []  # type: ignore[assignment]  # polib sets the header entry's flags
    key = None
    for line in field_value(match.group("msgstr")).splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            po.metadata[key] = value.strip()
        elif key is not None:
            po.metadata[key] += "\n" + line.strip()
    return po


def _usual_po_entry(block: str) -> polib.POEntry:
    match = USUAL_ENTRY.fullmatch(block.removesuffix("\n"))
    if match is None:
        raise UnusualCatalogError
    tcomment: list[str] = []
    comment: list[str] = []
    occurrences: list[tuple[str, str]] = []
    flags: list[str] = []
    for line in match.group("comments").split("\n")[:-1]:
        if line != line.strip() or len(line) < 3 or (line[1] != " " and line[2] != " "):
            raise UnusualCatalogError  # polib strips such lines, or skips empty ones: let it
        kind, rest = line[:2], line[3:]
        if kind == "# ":
            tcomment.append(line[2:])
        elif kind == "#.":
            comment.append(rest)
        elif kind == "#:":
            occurrences.extend(parse_references(rest))  # a name with spaces between U+2068 and U+2069
        elif kind == "#,":
            flags.extend(flag.strip() for flag in rest.split(","))
        else:
            raise UnusualCatalogError  # "#|", "##" and other comment kinds
    context = match.group("msgctxt")
    # The attributes POEntry.__init__ sets, in its order, without its two keyword-reading
    # __init__ (a third of this function, issue 19); assigned one by one, not by __dict__.update,
    # so the entries share their attribute keys as polib's do (update cost 3 MB on 300 notes).
    # A test holds vars() to polib's own entry's.
    entry: polib.POEntry = _NEW_ENTRY(polib.POEntry)
    entry.msgid = field_value(match.group("msgid"))
    entry.msgstr = field_value(match.group("msgstr"))
    entry.msgid_plural = ""
    entry.msgstr_plural = {}
    entry.msgctxt = None if context is None else field_value(context)  # type: ignore[assignment]  # None: no msgctxt, as polib keeps it
    entry.obsolete = False
    entry.encoding = polib.default_encoding
    entry.comment = "\n".join(comment)
    entry.tcomment = "\n".join(tcomment)
    entry.occurrences = occurrences
    entry.flags = flags
    entry.previous_msgctxt = None
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.linenum = None
    return entry


_NEW_ENTRY = polib.POEntry.__new__
