"""Whether a file already at a note's output path is l10n's to overwrite.

l10n never destroys a translation it did not write. A page at an output path is l10n's when

- the run state records that a build wrote it (:func:`l10n.store.written_pages.recorded_as_output`;
  before ``--force`` forgets the records, :attr:`l10n.store.state.RunState.known_outputs`), or
- its front matter says ``translated: true`` (as every page build writes for a note with front
  matter; :func:`l10n.site.layout.head_written_by_hand`), or
- its bytes are what the build would write now (the caller compares them first): a note without
  front matter has a page without any, and the bookkeeping file is a cache a person may delete,
  so a site's own earlier, unchanged output is still l10n's, or
- it has no front matter and one of its segments reads as one of the translations of the
  note's catalog in that language, or as the machine output the memory holds for the note
  (:func:`catalog_speaks_for`): the bookkeeping is git-ignored, so a fresh clone (CI) has no
  record of the pages a build wrote, and after an English edit or a translator's msgstr edit
  they are no longer the bytes the build writes now. A hand translation shows none of them,
  even after ``translate`` filled the catalog with machine text (``translate`` and ``sync``
  hold its note back: :func:`l10n.pipeline.page_refusal`).

A page a build wrote whose bytes are not those its record's digest stands for was edited since
(:func:`edited_since_written`): it is not overwritten while it says something the build would
not write (:func:`nothing_lost`), whatever else holds (``translated: true`` included), and the
build says to ``adopt`` it or to ``build --force`` the note (:func:`edited_refusal`).

Anything else is a person's work (a hand translation in Docusaurus' ``i18n/`` folder, in Hugo's
``content/fr``, in mkdocs-static-i18n's folders, in the ``output`` folder): it is not written,
and the build says which page and what to do (:func:`refusal`). The same rule holds where
outputs sit among the sources: in a suffix layout (``hugo-suffix``, ``mkdocs-suffix``) such a
page beside its note is its translation (:func:`l10n.site.layout.drop_outputs`); in Jekyll and
``hugo-dir`` one with front matter of its own is a source note
(:class:`l10n.site.relink.OutputClaims`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.config import Config
from l10n.site.layout import head_has_front_matter, head_written_by_hand

if TYPE_CHECKING:
    from l10n.markdown.document import Document, Segment
    from l10n.mt.memory import Entry, Memory


def is_l10ns(config: Config, page: Path, head: bytes, forgotten: Collection[str] = (), keep: bool = False) -> bool:
    """Whether the file at ``page`` (absolute), whose first bytes are ``head`` (64 KB are
    enough), is a page l10n wrote: its front matter says ``translated: true``, or a build record
    lists it (``forgotten``: the records ``--force`` cleared in this run). One read-only query of
    the bookkeeping file when the front matter does not say (``keep``: its connection kept for
    the next question, :func:`l10n.store.written_pages.recorded_as_output`). Raises nothing."""
    if head_has_front_matter(head) and not head_written_by_hand(head, str(page)):
        return True
    if str(page) in forgotten:
        return True
    from l10n.store.written_pages import recorded_as_output  # the bookkeeping: only for such a page

    return recorded_as_output(config.locales, str(config.source), str(page), keep)


def catalog_speaks_for(
    config: Config,
    page: Path,
    data: bytes,
    published: Mapping[tuple[str | None, str], str],
    lang: str | None = None,
    sources: Sequence[str] = (),
    with_front_matter: bool = False,
) -> bool:
    """Whether the page at ``page``, whose bytes are ``data``, is taken as built from its note's
    catalog, which publishes ``published`` (msgctxt and msgid to msgstr): the page has no front
    matter (a page build writes for a note without any) and some segment of it reads as one of
    the catalog's translations (one that differs from its English). A page build wrote shows
    the catalog's translations, and after an English edit or a translator's edit of some
    msgstrs still shows the others; a hand translation, made apart from the catalog, shows none
    of them, even once ``translate`` has filled the catalog with machine text (so a person's
    page is never taken for the rendering of a machine translation made after it). After
    ``adopt`` the page's own text is in the catalog: it is the catalog's rendering then. A page
    that cannot be read as a note is not. ``with_front_matter``: a page with front matter is
    asked too (one saying ``translated: true`` without a record: is it l10n's rendering, or
    a page someone handed over to l10n?). Raises nothing."""
    if not with_front_matter and head_has_front_matter(data[:65536]):
        return False
    shown = {text for (_, msgid), text in published.items() if text != msgid}
    if not shown:
        return False
    texts = {segment.text for segment in _segments(config, page, data)}
    if not texts.isdisjoint(shown):
        return True
    # Every msgstr the page shows was edited since (a reviewer went through the whole note in
    # the catalog): the page still shows what the engine gave for the note's text, which the
    # translation memory holds (``lang`` and ``sources``, the note's msgids: asked only then).
    return lang is not None and not texts.isdisjoint(remembered_machine_output(config, lang, sources))


def remembered_machine_output(config: Config, lang: str, sources: Sequence[str]) -> set[str]:
    """What the translation memory holds as machine output for ``sources`` (English texts) in
    ``lang``, but the texts equal to their source. Raises nothing: a memory that cannot be read
    (or none) holds nothing."""
    found = _remembered(config, lang, sources)
    return {entry.translation for text, entry in found.items() if not entry.human and entry.translation != text}


TYPED = "typed"
""":func:`typed_on_page`: the memory holds the note's texts and does not explain the page's."""
UNTOLD = "untold"
""":func:`typed_on_page`: no memory (nor any of its rows for the note) to tell a msgstr edited
since the page was built from text typed on the page."""


def typed_on_page(config: Config, page: Path, data: bytes, catalog: Path, lang: str) -> str | None:
    """Whether the page at ``page`` (bytes ``data``), which no build record lists (a fresh
    clone) and the catalog speaks for, holds a segment someone typed on it: one that neither
    the catalog at ``catalog`` (an English text, a msgstr, an obsolete one: all the build writes
    now, and what it wrote before many edits) nor the translation memory
    (what it holds for those English texts, the older ones too: what the build wrote before a
    msgstr or English edit) explains. Link destinations are left out of the comparison (the
    build leads them to the output's folder). Without a memory (or one that does not hold the
    note's texts) a msgstr edited since the page was built cannot be told from text typed on
    the page, and the page is kept: the build says so, ``build --force`` writes it (a loud
    stop, never a silent loss; README: keep the memory). Returns None when nothing was typed on
    the page, :data:`TYPED` when something was, :data:`UNTOLD` when it cannot be told (no
    memory rows for the note's texts). Raises nothing."""
    left = {_plain(s.text) for s in _segments(config, page, data)}
    from l10n.errors import L10nError
    from l10n.po.catalog import Catalog

    try:
        loaded = Catalog.load(catalog)
    except L10nError:
        return None
    po = loaded.po
    sources = {text for entry in po for text in (entry.msgid, entry.previous_msgid) if text}
    # every msgstr, obsolete ones and those the build does not publish (a stale one, the
    # validator's refusal) too: a page showing one holds nothing the catalog does not keep
    shown = [entry.msgstr for entry in po if entry.msgstr]
    left -= {_plain(text) for text in (*sources, *shown) if text}
    if not left:
        return None
    found = _remembered(config, lang, sorted(sources))
    known = {_plain(text) for text in (*sources, *shown, *(entry.translation for entry in found.values())) if text}
    if all(_explained(text, known) for text in left - known):
        return None
    return TYPED if found else UNTOLD


def _explained(text: str, known: set[str]) -> bool:
    """Whether ``text`` (a segment of a page, :func:`_plain`) is made of texts in ``known`` and
    Markdown alone: the page, read as a note, may cut a segment otherwise than its source was
    (an image standing alone whose alt text holds brackets is one segment with its syntax).
    What is left once each known text in it is taken out holds no letter."""
    for piece in sorted((k for k in known if k and k in text), key=len, reverse=True):
        text = text.replace(piece, "")
    return not any(char.isalpha() for char in text)


_DESTINATION = re.compile(r"\]\((?:[^()\\\s]|\\.|\([^()\s]*\))*(?:\s+[^)]*)?\)")


def _plain(text: str) -> str:
    """A segment's text with its link and image destinations left out and blanks squeezed."""
    return " ".join(_DESTINATION.sub("]()", text).split())


_MEMORIES: dict[tuple[int, str], tuple[object, Memory]] = {}
"""Per process and memory location, the memory :func:`_remembered` read, with the identity of
its file then (a SQLite memory is read as an in-memory copy: read again once the file changes)."""


def close_memories() -> None:
    """Close this process's memories :func:`_remembered` opened (the end of a build, an adopt,
    a translate's look at the pages: a later run reads the memory afresh)."""
    import os

    pid = os.getpid()
    for key in [key for key in _MEMORIES if key[0] == pid]:
        _MEMORIES.pop(key)[1].close()
    _LAST_READ.clear()


def _remembered(config: Config, lang: str, sources: Sequence[str]) -> dict[str, Entry]:
    """:meth:`Memory.lookup` of ``sources`` in ``lang``, the memory opened read-only once per
    process (:func:`l10n.mt.memory.open_memory_to_read`); empty when it cannot be read."""
    import os
    import sqlite3

    from l10n.errors import L10nError
    from l10n.mt.memory import open_memory_to_read
    from l10n.mt.memory_location import is_postgres_url, memory_url

    try:
        url = memory_url(config)
        identity: object = None
        if not is_postgres_url(url):
            path = Path(url.removeprefix("sqlite:///").removeprefix("sqlite://"))
            info = os.stat(path if path.is_absolute() else config.root / path)
            identity = (info.st_size, info.st_mtime_ns, info.st_ino)
        key = (os.getpid(), url)
        held = _MEMORIES.get(key)
        if held is None or held[0] != identity:
            if held is not None:
                _MEMORIES.pop(key)[1].close()
            _MEMORIES[key] = (identity, open_memory_to_read(config))
        memory = _MEMORIES[key][1]
        return memory.lookup(config.language_tag(config.source_language), config.language_tag(lang), list(sources))
    except (L10nError, OSError, sqlite3.Error):
        return {}


def edited_since_written(config: Config, page: Path, data: bytes, keep: bool = False) -> bool:
    """Whether the page at ``page`` (absolute), whose bytes are ``data``, is one a build wrote
    (a build record lists it) and someone changed since: its bytes are not those the record's
    digest stands for. Such a page is a translator's work on l10n's page, which the build does
    not overwrite (:func:`edited_refusal`) and ``adopt`` takes in. A record without a digest
    (an older version's) cannot tell: not edited. Without the bookkeeping (a fresh clone) no
    page is known as edited. ``keep``: as for :func:`is_l10ns`. Raises nothing."""
    from l10n.store.state import bytes_digest
    from l10n.store.written_pages import recorded_digests

    digests = recorded_digests(config.locales, str(config.source), str(page), keep)
    if not digests or None in digests:
        return False
    return bytes_digest(data) not in digests


def nothing_lost(config: Config, page: Path, data: bytes, built: bytes) -> bool:
    """Whether the bytes ``built`` the build would write hold everything the page bytes
    ``data`` say: the page's segments (msgctxt and text, blanks squeezed) and the words of its
    Markdown around them come, in order, among those of ``built`` (which may hold more: a
    paragraph the English note gained since). A translator who wrapped a paragraph the build
    writes on one line loses nothing either. What ``adopt`` took from an edited page is in the
    catalog, so the page's text is the build's again and the build may write it. Raises
    nothing: a page that cannot be read as a note is never taken as held."""
    mine, theirs = _tokens(config, page, data), _tokens(config, page, built)
    if mine is None or theirs is None:
        return False
    left = iter(theirs)
    return all(any(token == other for other in left) for token in mine)  # a subsequence: greedy is exact


def _tokens(config: Config, page: Path, data: bytes) -> list[tuple[str | None, str]] | None:
    """The segments of ``data`` (``(msgctxt or "", text)``) and the words of its Markdown
    outside them (``(None, word)``), in order, blanks squeezed; None when it cannot be read as
    a note."""
    doc = _read_page(config, page, data)
    if doc is None:
        return None
    tokens: list[tuple[str | None, str]] = []
    at = 0
    for segment in sorted(doc.segments, key=lambda s: s.start):
        tokens.extend((None, word) for word in doc.source[at : segment.start].split())
        tokens.append((segment.context or "", " ".join(segment.text.split())))
        at = max(at, segment.end)
    tokens.extend((None, word) for word in doc.source[at:].split())
    return tokens


def _segments(config: Config, page: Path, data: bytes) -> Sequence[Segment]:
    """The segments of the page bytes ``data`` (none when they cannot be read as a note)."""
    doc = _read_page(config, page, data)
    return doc.segments if doc is not None else ()


def _read_page(config: Config, page: Path, data: bytes) -> Document | None:
    """The page bytes ``data`` read as a note (None when they cannot be); the last page's kept,
    as the build asks :func:`catalog_speaks_for`, :func:`typed_on_page` and :func:`nothing_lost`
    of one page in turn."""
    from l10n.errors import L10nError
    from l10n.markdown.segment import read_note

    key = (str(page), data)
    if _LAST_READ and _LAST_READ[0][0] == key:
        return _LAST_READ[0][1]
    try:
        found: Document | None = read_note(data, str(page), config.front_matter_keys, config.markdown_dialect)
    except L10nError:
        found = None
    _LAST_READ[:] = [(key, found)]
    return found


_LAST_READ: list[tuple[tuple[str, bytes], Document | None]] = []


def refusal(lang: str, adopted: bool = False) -> str:
    """The message of a page l10n does not overwrite, saying what to do; the error line puts the
    page's path (from the project's root) before it. ``adopted``: the catalog holds the page's
    text already (``adopt`` ran), yet the page says more than the build would write: adopting
    it again would not help."""
    if adopted:
        return (
            "not overwritten: l10n did not write this page, and it says more than its catalog gives back"
            " (a block 'l10n adopt' could not pair with the English, text outside the segments);"
            " put that text in the catalog or the English note, or delete the page to let l10n build it"
        )
    return "not overwritten: l10n did not write this page (no build record, no translated: true in its front matter); " + advice(lang)


def source_note_refusal(shown: str, lang: str) -> str:
    """The message of a note whose output ``shown`` (from the project's root) is a source note
    someone wrote among the sources (front matter without ``translated: true``); the error line
    puts the note's path before it."""
    return f"output {shown} is a source note (its front matter lacks translated: true); " + advice(lang)


ADOPTED_HEADER = "X-Adopted-Page"
"""The catalog header ``adopt`` writes when it takes in a hand translation at the note's own
output: the digest (:func:`l10n.store.state.bytes_digest`, in hex) of that page's bytes. The
catalog is committed, so a fresh clone knows it too: a page with those bytes is the person's,
kept byte for byte (:func:`adopted_kept`) until ``build --force`` writes the note's page or
the page is deleted."""

ADOPTED = "kept as its owner wrote it"
"""How :func:`adopted_message` starts."""


def page_digest(data: bytes) -> str:
    """What :data:`ADOPTED_HEADER` holds for a page whose bytes are ``data``."""
    from l10n.store.state import bytes_digest

    return f"{bytes_digest(data) & (2**64 - 1):016x}"


def adopted_digest(catalog: Path) -> str | None:
    """The :data:`ADOPTED_HEADER` value of the catalog at ``catalog`` (read from its header block
    alone), or None: none, or no catalog. Raises nothing."""
    try:
        with catalog.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return None
    found = re.search(rb'^"' + ADOPTED_HEADER.encode() + rb': *([0-9a-f]+)\\n"$', head.split(b"\n\n", 1)[0], re.MULTILINE)
    return found.group(1).decode() if found else None


def adopted_kept(catalog: Path, data: bytes) -> bool:
    """Whether the page bytes ``data`` are the hand translation ``adopt`` took in, as the
    catalog at ``catalog`` records (:data:`ADOPTED_HEADER`): the build keeps such a page and
    translate sends none of its note's segments."""
    digest = adopted_digest(catalog)
    return digest is not None and digest == page_digest(data)


def adopted_message(note: str) -> str:
    """What the build says of a page :func:`adopted_kept` (the page's path before it): not an
    error, the page is as its owner chose; how to let l10n write it instead."""
    return (
        f"{ADOPTED} ('l10n adopt' took its translations into the catalog; the page stays byte for byte, even where"
        f" its English changes); 'l10n build --force {note}' writes it from the catalog instead"
    )


EDITED = "not overwritten: edited since l10n wrote it"
"""How :func:`edited_refusal`'s message starts."""


def edited_refusal(shown: str, note: str, untold: bool = False) -> str:
    """The message of a page l10n wrote and someone edited since (:func:`edited_since_written`),
    whose path from the project's root is ``shown`` and whose note (from the source folder) is
    ``note``; the error line puts the page's path before it. ``untold``: it is not known
    whether the page or its catalog was edited (:data:`UNTOLD`: no build record, no memory),
    and the message says so and what to run in either case."""
    if untold:
        return (
            f"{EDITED}, or its catalog was: with no build record nor translation memory here (a fresh clone?) l10n cannot"
            f" tell which; if the page was, run 'l10n adopt {shown}' to take the edits into the catalog; if the catalog was,"
            f" 'l10n build --force {note}' writes the page from it (keep the memory, and this is told for you)"
        )
    return (
        f"{EDITED}; run 'l10n adopt {shown}' to take the edits into the catalog, or 'l10n build --force {note}' to overwrite them"
    )


def advice(lang: str) -> str:
    """What to do with a page l10n will not overwrite."""
    return f"run 'l10n adopt --lang {lang}' to take its translations into the catalog, or delete it to let l10n build it"
