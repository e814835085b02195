"""TMX 1.4 (Translation Memory eXchange) export and import of a translation memory.

TMX is the exchange format of CAT tools, Weblate and Pontoon
(https://www.gala-global.org/tmx-14b). One ``<tu>`` per memory row: a source ``<tuv>`` and a
target ``<tuv>``, each with its ``<seg>``; the row's origin travels in
``<prop type="x-l10n-origin">`` (``human`` or ``machine:<engine>``) and its time in
``changedate`` (TMX's ISO 8601 basic format, ``20261130T021500Z``).

Hand-written on the standard library, on purpose: the TMX packages on PyPI are unmaintained
(``tmx`` 2018, ``tmxpy`` reads whole files) or pull in a toolkit (translate-toolkit's
``tmxfile`` needs lxml and holds the whole document in memory), while the subset needed here is
small. Writing streams one ``<tu>`` at a time and reading uses ``iterparse``, clearing each
``<tu>``, so memory stays flat on a memory of millions of rows.

Reading accepts what other tools write: any encoding XML allows (a byte order mark, else the
declaration: Trados and memoQ write UTF-16 with a BOM, TMX 1.4b §3 allows any); language tags
in POSIX spelling (``en_US``); ``xml:lang`` or TMX 1.1's ``lang``; a ``<tu>`` with
several target languages (one row each); inline markup (``<bpt>``, ``<ept>``, ``<ph>``,
``<it>`` hold native codes, ``<hi>`` holds text: a segment's text is all of it, in order, and
``<sub>`` texts are left out, being subflows rather than part of the segment).
"""

from __future__ import annotations

import codecs
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, BinaryIO
from xml.sax.saxutils import escape, quoteattr

from l10n import __version__
from l10n.errors import L10nError
from l10n.fsutil import open_file
from l10n.mt.memory import Record

ORIGIN_PROP = "x-l10n-origin"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry (§2.2): such a row cannot be exported.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class ExportResult:
    """What :func:`write_tmx` wrote."""

    written: int = 0
    skipped: int = 0
    """Rows holding characters XML 1.0 cannot represent (control characters)."""


def tmx_date(iso: str) -> str:
    """``2026-11-30T02:15:00+00:00`` → ``20261130T021500Z`` (TMX's UTC date format).

    >>> tmx_date("2026-11-30T02:15:00+00:00")
    '20261130T021500Z'
    """
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def iso_date(tmx: str) -> str:
    """``20261130T021500Z`` → ``2026-11-30T02:15:00+00:00``; raises ValueError for other shapes.

    >>> iso_date("20261130T021500Z")
    '2026-11-30T02:15:00+00:00'
    """
    moment = datetime.strptime(tmx.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    return moment.isoformat(timespec="seconds")


def _text(value: str) -> str:
    """Element content: ``&``, ``<``, ``>`` escaped, and CR as a character reference (an XML
    parser turns a literal CR or CRLF into LF, XML 1.0 §2.11; CRLF notes have CRs in segments)."""
    return escape(value, {"\r": "&#13;"})


def write_tmx(records: Iterable[Record], out: IO[str], *, source_lang: str | None = None) -> ExportResult:
    """Write ``records`` as a TMX 1.4 document to the text stream ``out`` (UTF-8 by the caller).

    ``source_lang`` goes into the header's ``srclang`` (``*all*`` when None: rows of several
    source languages). Rows XML cannot carry are skipped and counted.
    """
    result = ExportResult()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    out.write(
        f'  <header creationtool="l10n" creationtoolversion={quoteattr(__version__)} datatype="plaintext" '
        f'segtype="paragraph" adminlang="en" srclang={quoteattr(source_lang or "*all*")} o-tmf="l10n"/>\n  <body>\n'
    )
    for record in records:
        if _NOT_XML.search(record.source_text) or _NOT_XML.search(record.translation):
            result.skipped += 1
            continue
        date = quoteattr(tmx_date(record.updated))
        out.write(
            f"    <tu srclang={quoteattr(record.source_lang)} changedate={date}>"
            f'<prop type="{ORIGIN_PROP}">{escape(record.origin)}</prop>'
            f"<tuv xml:lang={quoteattr(record.source_lang)}><seg>{_text(record.source_text)}</seg></tuv>"
            f"<tuv xml:lang={quoteattr(record.target_lang)}><seg>{_text(record.translation)}</seg></tuv></tu>\n"
        )
        result.written += 1
    out.write("  </body>\n</tmx>\n")
    return result


def _segment_text(seg: ET.Element) -> str:
    parts = [seg.text or ""]
    for child in seg:
        if child.tag != "sub":
            parts.append(_segment_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lang(element: ET.Element) -> str | None:
    return element.get(_XML_LANG) or element.get("lang")


def read_tmx(
    path: Path,
    *,
    default_source: str,
    default_origin: str = "human",
    normalize: Callable[[str], str] | None = None,
    skipped: list[int] | None = None,
) -> Iterator[Record]:
    """The rows of the TMX file at ``path``, streamed.

    The source language of a ``<tu>`` is its ``srclang``, else the header's, else
    ``default_source`` (also when it is ``*all*``). ``default_origin`` applies to units without
    an ``x-l10n-origin`` property (other tools' files). ``normalize`` maps language tags to the
    project's spelling (``pt_br`` → ``pt-BR``). The source segment is the ``<tuv>`` of the
    source language, else the one of a regional variant of it (``en-US`` under
    ``srclang="en"``, as CAT tools write them). Units with no source segment are skipped, and
    counted in ``skipped`` (one element, added to) when it is given.

    Raises :class:`~l10n.errors.L10nError` naming the file and the 1-based line for malformed XML,
    and the 1-based ``<tu>`` number for a bad date or origin (``iterparse`` gives no line there).
    """
    fix = normalize or (lambda tag: tag)
    try:
        handle = open_file(path)
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror or exc}", path) from None
    with handle:
        yield from _records(handle, path, default_source, default_origin, fix, skipped)


def _records(
    handle: BinaryIO, path: Path, default_source: str, default_origin: str, fix: Callable[[str], str], skipped: list[int] | None
) -> Iterator[Record]:
    """:func:`read_tmx` of the open file ``handle``."""
    header_source: str | None = None
    try:
        parser = _parser(handle, path)
        root: ET.Element | None = None
        number = 0
        for event, element in parser:
            if root is None:
                root = element
                if element.tag != "tmx":
                    raise L10nError(f"not a TMX file (root element <{element.tag}>)", path, 1)
            if event == "end" and element.tag == "header":
                srclang = element.get("srclang")
                header_source = srclang if srclang and srclang != "*all*" else None
            if event != "end" or element.tag != "tu":
                continue
            number += 1
            found = False
            for record in _unit(element, path, number, header_source or default_source, default_origin, fix):
                found = True
                yield record
            if not found and skipped is not None:
                skipped[0] += 1
            element.clear()
            root.clear()  # drop finished units: flat memory
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise L10nError(f"invalid TMX: {exc}", path, line) from None
    except UnicodeDecodeError as exc:
        raise L10nError(f"invalid TMX: not {exc.encoding} throughout as its start says ({exc.reason})", path) from None
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror or exc}", path) from None


# Byte order marks, longest first (UTF-32 LE's starts as UTF-16 LE's): XML 1.0 Appendix F.1.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")
# What expat reads itself (the rest of Python's single-byte codecs it reads through them too).
_EXPAT_READS = {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "ascii"}


def _parser(handle: BinaryIO, path: Path) -> Iterator[tuple[str, ET.Element]]:
    """``iterparse`` events of the XML document ``handle``, read in the encoding XML says it
    is in (XML 1.0 §4.3.3 and Appendix F): its byte order mark, which wins over a declaration
    that names another (CAT tools write UTF-16 files with a BOM, some still declaring UTF-8;
    libxml2 reads them by the BOM too), else its declaration (``encoding="UTF-16"``,
    ``"Shift_JIS"``), else UTF-8. UTF-32 and multi-byte encodings, which expat does not
    read, are decoded here and handed on as UTF-8, line for line (error lines stay right).
    Raises :class:`~l10n.errors.L10nError` for an encoding Python does not know."""
    head = handle.peek(64)[:64] if isinstance(handle, io.BufferedReader) else b""
    codec = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    if codec is None:
        declared = _DECLARED.match(head)
        if declared is None:
            return ET.iterparse(handle, events=("start", "end"))
        name = declared.group(1).decode("ascii")
        try:
            codec = codecs.lookup(name).name
            "".encode(codec)  # a text encoding, not base64 or zlib
        except LookupError:
            raise L10nError(f"invalid TMX: unknown encoding {name!r} in its XML declaration", path, 1) from None
        if codec in _EXPAT_READS or _single_byte(codec):
            return ET.iterparse(handle, events=("start", "end"))
    return ET.iterparse(_AsUtf8(handle, codec), events=("start", "end"), parser=ET.XMLParser(encoding="utf-8"))


def _single_byte(codec: str) -> bool:
    """Whether ``codec`` maps each byte to one character (pyexpat reads those through Python's
    codec; it refuses the others: ``multi-byte encodings are not supported``)."""
    try:
        return len(bytes(range(256)).decode(codec, "replace")) == 256
    except (LookupError, TypeError, ValueError):  # not a text codec (base64, rot13…)
        return False


class _AsUtf8:
    """A binary file in ``codec``, read as UTF-8 bytes (what ``iterparse`` calls: ``read(n)``)."""

    def __init__(self, handle: BinaryIO, codec: str) -> None:
        self.text = io.TextIOWrapper(handle, encoding=codec, newline="")

    def read(self, size: int = -1) -> bytes:
        return self.text.read(size).encode("utf-8")


def _unit(
    tu: ET.Element, path: Path, number: int, default_source: str, default_origin: str, fix: Callable[[str], str]
) -> Iterator[Record]:
    srclang = tu.get("srclang")
    source_lang = srclang if srclang and srclang != "*all*" else default_source
    origin = default_origin
    for prop in tu.findall("prop"):
        if prop.get("type") == ORIGIN_PROP and prop.text:
            origin = prop.text.strip()
    if origin != "human" and not (origin.startswith("machine:") and len(origin) > len("machine:")):
        raise L10nError(f"invalid TMX: <tu> number {number}: {ORIGIN_PROP} {origin!r} is neither 'human' nor 'machine:<engine>'", path)
    stamp = tu.get("changedate") or tu.get("creationdate")
    try:
        updated = iso_date(stamp) if stamp else datetime.now(timezone.utc).isoformat(timespec="seconds")
    except ValueError:
        raise L10nError(f"invalid TMX: <tu> number {number}: date {stamp!r} is not YYYYMMDDThhmmssZ", path) from None
    variants: list[tuple[str, str]] = []
    for tuv in tu.findall("tuv"):
        lang, seg = _lang(tuv), tuv.find("seg")
        if lang and seg is not None:
            variants.append((lang, _segment_text(seg)))
    wanted = _folded(source_lang)
    sources = [(lang, text) for lang, text in variants if _folded(lang) == wanted]
    if not sources:  # a regional variant of the source language (en-US under srclang="en")
        sources = [(lang, text) for lang, text in variants if _folded(lang).split("-")[0] == wanted.split("-")[0]][:1]
    if not sources or not sources[0][1]:
        return
    source_tag, source_text = sources[0]
    source = fix(source_lang)
    for lang, text in variants:
        if lang != source_tag and text:
            yield Record(source, fix(lang), source_text, text, origin, updated)



def _folded(tag: str) -> str:
    """A language tag compared as BCP 47 compares them, without case (RFC 5646 §2.1.1), and
    with a POSIX locale's ``_`` read as ``-`` (``en_US``, as some CAT tools write them)."""
    return tag.strip().replace("_", "-").lower()
