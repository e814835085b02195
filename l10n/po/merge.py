"""Templates made from notes, and catalogs merged with them when the source changes.

Merge policy (what :func:`merge` does when the source changed), as ``msgmerge --previous``:

* an unchanged msgid keeps its msgstr, flags and comments;
* a new msgid close enough to an old translated entry (:func:`close_enough`: difflib ratio
  >= 0.6, case ignored, and on short texts every changed word a near spelling of the old one
  but one word when three stay the same, or the same words joined, split, hyphenated or
  re-cased, so
  ``Delete all photos`` never inherits ``Select all photos``) gets its msgstr marked fuzzy, with
  the old msgid as ``#| msgid`` so editors show the difference — a *stale* entry
  (:mod:`l10n.po.policy` says what the build publishes for it);
* a removed entry that has a translation becomes obsolete (``#~``); untranslated ones go;
* entries follow the note's order, obsolete ones at the end — unless the catalog's entries were
  sorted by msgid (``msgcat --sort-output``, ``msgmerge --sort-output``: :func:`sorted_by_msgid`),
  which is then kept, as ``msgmerge --sort-output`` keeps it, so a one-word edit does not
  reorder the whole file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence

import polib

from l10n import __version__
from l10n.langdata import language_name, plural_forms
from l10n.markdown.document import Document, SegmentKind
from l10n.po.catalog import Catalog
from l10n.po.policy import (
    CARRIED_COMMENT,
    FUZZY,
    MT_COMMENT,
    SUGGESTION_COMMENT,
    Coverage,
    Key,
    entry_key,
    without_lines,
)
from l10n.po.references import references_key
from l10n.po.writer import TemplateEntry, po_parts, render_po

FUZZY_CUTOFF = 0.6
SHORT_WORDS = 8
"""Texts of fewer words than this are *short*: each changed word must be a near spelling."""
WORD_CUTOFF = 0.75
"""How alike (difflib ratio) a changed word of a short text must be to the old one: a typo
fix passes (``recieve``/``receive`` 0.86), another word does not (``Select``/``Delete`` 0.67)."""
JOINED_CUTOFF = 0.9
"""How alike (difflib ratio, case ignored) the letters of a changed run of words must be to the
old ones when the number of words changed too (words joined or split, and a letter changed):
``Wi-Fi setings``/``WiFi settings`` 0.96 passes, ``on Wi-Fi``/``off WiFi`` 0.77 does not."""
KEPT_FOR_A_WORD = 3
"""Words a short text must keep unchanged for one other word of it to be replaced by any word
(a synonym, another number, a typo past :data:`WORD_CUTOFF`): ``Beta sentence two here.`` →
``Beta sentence 2 here.`` keeps three, ``Select all photos`` → ``Delete all photos`` two."""
_NUMBERS = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen", "twenty",
        ]
    )
}
"""English number words and their digits: ``two`` → ``2`` is the same word respelt."""
_IGNORED = re.compile(r"[\s\-\u00ad\u2010\u2011]+")
"""What a joined or split word changes besides its words: spaces, hyphens (ASCII, soft,
Unicode and non-breaking)."""
_VOLATILE_HEADERS = frozenset({"POT-Creation-Date", "PO-Revision-Date", "X-Generator"})





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
    return template_with_entries(template_head(reference, project, created), template_entries(doc, reference))


def template_head(reference: str, project: str, created: str) -> polib.POFile:
    """:func:`make_template`'s header comment and metadata, without entries: what writing a
    template or a new catalog needs besides the entry text (:func:`template_entries`)."""
    po = polib.POFile(wrapwidth=0, check_for_duplicates=False)
    po.header = _TEMPLATE_HEADER.format(reference=reference)
    po.metadata = header(project, None, created)
    po.metadata_is_fuzzy = True  # as xgettext does: the header still holds placeholders
    return po


def template_entries(doc: Document, reference: str) -> list[TemplateEntry]:
    """:func:`make_template`'s entries as plain tuples, in source order (one per distinct
    (msgctxt, msgid); each later segment adds an occurrence — once per line: GNU gettext's tools
    write a ``file:line`` reference once, so ``msgcat`` would drop a repeat, as in a table row
    ``| Same | Same |`` — and its kind to the comment when new)."""
    # per (msgctxt, msgid): its kinds (str enum members: joined as their values) and lines
    grouped: dict[Key, tuple[list[SegmentKind], list[int]]] = {}
    for segment in doc.segments:
        key = (segment.context, segment.text)  # not segment.key: a property call per segment
        found = grouped.get(key)
        if found is None:
            grouped[key] = ([segment.kind], [segment.line])
            continue
        kinds, lines = found
        if lines[-1] != segment.line:  # segments come in source order: a repeat is the last one
            lines.append(segment.line)
        if segment.kind not in kinds:
            kinds.append(segment.kind)
    return [
        TemplateEntry(ctxt, msgid, ", ".join(kinds), tuple([(reference, str(line)) for line in lines]))
        for (ctxt, msgid), (kinds, lines) in grouped.items()
    ]


def template_with_entries(head: polib.POFile, entries: Sequence[TemplateEntry]) -> polib.POFile:
    """A template with ``head``'s header and metadata (copied as they are now) and ``entries``
    as polib entries: what :func:`merge` reads. ``head`` is left as it was."""
    po = polib.POFile(wrapwidth=0, check_for_duplicates=False)
    po.header = head.header
    po.metadata = dict(head.metadata)
    po.metadata_is_fuzzy = head.metadata_is_fuzzy
    for entry in entries:
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr="",
                msgctxt=entry.msgctxt,
                occurrences=list(entry.occurrences),
                comment=entry.comment,
            )
        )
    return po


_WORDS = re.compile(r"\w+|[^\w\s]")


def close_enough(old: str, new: str) -> bool:
    """Whether ``old``'s translation is a useful start for ``new`` (its character ratio has
    already passed :data:`FUZZY_CUTOFF`).

    Long texts: yes. Short texts (fewer than :data:`SHORT_WORDS` words), where one word is the
    whole meaning: only when every word that changed is a near spelling of the word it replaces
    (:func:`_near_spelling`: difflib ratio >= :data:`WORD_CUTOFF`, two letters swapped, a number
    word for its digits) and at most one word was added or removed — a typo
    fix, a changed capital or punctuation, an added adjective or article, not
    ``Select all photos`` → ``Delete all photos``; a text that keeps :data:`KEPT_FOR_A_WORD`
    words unchanged may also have one word replaced by any other (``Click the big button`` →
    ``Click the large red button``: :func:`_one_word_replaced`), as msgmerge's character ratio
    carries it and a long text is
    carried: the sentence around the word is the same. A heading of one to three words takes a word
    too (``Guide`` → ``Guide book``): the character ratio, as msgmerge's, passes it, and a
    translation dropped there was replaced by machine output with no one asked to review. Words
    joined or split (``Setup`` → ``Set up``, ``Log in`` → ``Login``, ``E-mail`` → ``Email``)
    are a run of words replaced by a run of another length: it passes when its letters are the
    same once spaces, hyphens and case are ignored, or at least :data:`JOINED_CUTOFF` alike.

    >>> close_enough("Select all photos", "Delete all photos")
    False
    >>> close_enough("How to recieve mail", "How to receive mail")
    True
    >>> close_enough("Configure the server", "Configure the web server")
    True
    >>> close_enough("Guide", "Install")
    False
    >>> close_enough("E-mail settings", "Email settings")
    True
    >>> close_enough("Beta sentence two here.", "Beta sentence 2 here.")
    True
    >>> close_enough("Turn on Wi-Fi", "Turn off WiFi")
    False
    """
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    if len(new_words) >= SHORT_WORDS and len(old_words) >= SHORT_WORDS:
        return True
    if _IGNORED.sub("", old).casefold() == _IGNORED.sub("", new).casefold():
        return True  # words joined or split, a hyphen or the case changed: the same words
    import difflib  # here: a run that merges no edited entry (a first extract, a build) does not load it

    longer, shorter = (old_words, new_words) if len(old_words) > len(new_words) else (new_words, old_words)
    if len(longer) == len(shorter) + 1 and any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))):
        return True  # one word added or removed (difflib's blocks can split it: ``a a b`` → ``a b a b``)
    if _one_word_replaced(old_words, new_words):
        return True
    opcodes = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes()
    spare = 1  # one word added or removed
    kept = sum(1 for tag, i1, i2, _, _ in opcodes if tag == "equal" for w in old_words[i1:i2] if _is_word(w))
    free = 1 if kept >= KEPT_FOR_A_WORD else 0  # one word replaced by any word
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal" or not any(_is_word(w) for w in [*old_words[i1:i2], *new_words[j1:j2]]):
            continue  # punctuation only
        if tag in ("insert", "delete") and (i2 - i1) + (j2 - j1) <= spare:
            spare = 0
            continue
        if tag != "replace":
            return False
        if i2 - i1 != j2 - j1:
            if not _same_letters(old_words[i1:i2], new_words[j1:j2]):
                return False
            continue
        for a, b in zip(old_words[i1:i2], new_words[j1:j2]):
            if _near_spelling(a, b):
                continue
            if not free:
                return False
            free = 0
    return True


def _one_word_replaced(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether the tokens ``new`` are ``old``'s, each one that differs a near spelling
    (:func:`_near_spelling`) but one word when :data:`KEPT_FOR_A_WORD` words stay the same, and
    at most one token added or removed: compared position by position, with each token of the
    longer left out in turn (at most :data:`SHORT_WORDS` tries of a short text). difflib's
    blocks can see a word replaced as one removed and one added (``server guide guide`` →
    ``guide guide guide``), and a word replaced and one added as a run of two for one
    (``the big button`` → ``the large red button``)."""
    if len(old) == len(new):
        return _replaced(old, new)
    if abs(len(old) - len(new)) != 1:
        return False
    if len(old) > len(new):
        return any(_replaced([*old[:i], *old[i + 1 :]], new) for i in range(len(old)))
    return any(_replaced(old, [*new[:i], *new[i + 1 :]]) for i in range(len(new)))


def _replaced(old: Sequence[str], new: Sequence[str]) -> bool:
    """:func:`_one_word_replaced` for tokens as many as ``old``'s, position by position."""
    other = 0
    kept = 0
    for a, b in zip(old, new, strict=True):
        if a == b:
            kept += _is_word(a)
        elif not _near_spelling(a, b):
            other += 1
    return other == 0 or (other == 1 and kept >= KEPT_FOR_A_WORD)


def _is_word(token: str) -> bool:
    """Whether a token of :data:`_WORDS` is a word (letters, digits, ``_``), not punctuation."""
    return token[0].isalnum() or token[0] == "_"


def _near_spelling(a: str, b: str) -> bool:
    """Whether word ``b`` respells word ``a`` (:func:`close_enough`): difflib ratio, case ignored,
    of at least :data:`WORD_CUTOFF` (``recieve``/``receive``), two neighbouring letters swapped
    (``Teh``/``The``: the commonest typo, 0.67), or a number word and its digits (``two``/``2``)."""
    import difflib  # as in close_enough

    a, b = a.casefold(), b.casefold()
    if _NUMBERS.get(a, a) == _NUMBERS.get(b, b):
        return True
    if len(a) == len(b) and len(a) > 2:
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= WORD_CUTOFF


def _same_letters(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether the word tokens ``new`` join or split ``old`` (:func:`close_enough`): their text,
    punctuation tokens left out as a punctuation-only change is, without spaces and hyphens and
    case-folded, the same or :data:`JOINED_CUTOFF` alike."""
    import difflib  # as in close_enough

    def letters(words: Sequence[str]) -> str:
        return _IGNORED.sub("", "".join(w for w in words if _is_word(w))).casefold()

    a, b = letters(old), letters(new)
    return a == b or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= JOINED_CUTOFF


LONG_TEXT = 2000
"""Characters above which a msgid is compared with the old ones by words, not characters:
difflib's ``ratio()`` is quadratic in the length (editing one word of a 6,000-word paragraph
made ``extract`` take two minutes); for long texts the share of words in common
(``quick_ratio()`` on word tokens: linear) decides."""


def _closest(msgid: str, candidates: Mapping[Key, polib.POEntry]) -> polib.POEntry | None:
    """The candidate most similar to ``msgid`` (ratio >= FUZZY_CUTOFF and :func:`close_enough`);
    the first wins ties. The ratio ignores case (``FAQ`` → ``Faq`` is an edit of the same
    heading, 0.33 by msgmerge's case-sensitive ratio). Time: linear in the candidates' length for
    a msgid over :data:`LONG_TEXT` characters."""
    if not candidates:  # a new catalog: building the matcher would cost more than the rest
        return None
    if len(msgid) > LONG_TEXT:
        return _closest_by_words(msgid, candidates)
    import difflib  # as in close_enough

    best: tuple[float, polib.POEntry] | None = None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(msgid.casefold())
    for entry in candidates.values():
        matcher.set_seq1(entry.msgid)
        floor = best[0] if best else FUZZY_CUTOFF
        # The cheap upper bounds skip most candidates before the quadratic ratio(); the first
        # reads the lengths only, which case-folding seldom changes (an upper bound still
        # when it does not), so most candidates are not case-folded at all.
        if matcher.real_quick_ratio() < floor:
            continue
        matcher.set_seq1(entry.msgid.casefold())
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if ratio < FUZZY_CUTOFF and _IGNORED.sub("", entry.msgid).casefold() == _IGNORED.sub("", msgid).casefold():
            # the same words respelt: difflib's greedy blocks can miss what msgmerge's diff finds
            # (``all all a`` → ``allall a``: 0.59, msgmerge 0.94)
            ratio = FUZZY_CUTOFF
        if ratio >= FUZZY_CUTOFF and (best is None or ratio > best[0]) and close_enough(entry.msgid, msgid):
            best = (ratio, entry)
    return best[1] if best else None


def take_close_match(entry: polib.POEntry, match: polib.POEntry) -> None:
    """Give ``entry`` (a new msgid) the translation of ``match``, the old entry it most likely
    replaces (:func:`closest_entry`), as msgmerge does: fuzzy, with the old text as ``#| msgid``
    (the one ``match`` itself translated, when it was stale already)."""
    entry.msgstr = match.msgstr
    entry.flags = [FUZZY, *(f for f in match.flags if f != FUZZY)]
    # A suggestion translated the old text; an approved machine translation is the reviewer's
    # now (human-made: never discarded, never re-translated over), and so is an approved one
    # carried from another note (the reviewer made it this note's).
    drop = (SUGGESTION_COMMENT,) if match.fuzzy else (SUGGESTION_COMMENT, MT_COMMENT, CARRIED_COMMENT)
    entry.tcomment = without_lines(match.tcomment, *drop)
    stale = match.fuzzy and match.previous_msgid
    entry.previous_msgid = match.previous_msgid if stale else match.msgid
    entry.previous_msgctxt = match.previous_msgctxt if stale else match.msgctxt


def closest_entry(msgid: str, candidates: Mapping[Key, polib.POEntry]) -> polib.POEntry | None:
    """The entry of ``candidates`` (key to entry) an edited text ``msgid`` most likely replaces,
    by the rule ``extract`` matches an edited segment with (a difflib ratio of at least
    :data:`FUZZY_CUTOFF` and :func:`close_enough`, as msgmerge's fuzzy matching); None when
    none is close."""
    return _closest(msgid, candidates)


def _closest_by_words(msgid: str, candidates: Mapping[Key, polib.POEntry]) -> polib.POEntry | None:
    """:func:`_closest` for a long ``msgid``: the ratio is the share of word tokens in common."""
    import difflib  # as in close_enough

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


def msgid_order(key: Key) -> tuple[str, bool, str]:
    """The sort key of GNU gettext's ``--sort-output`` (``cmp_by_msgid`` in its
    ``write-po.c``): the msgid compared as bytes (UTF-8 bytes sort as code points, so as Python
    compares ``str``), then no msgctxt before any, then the msgctxt."""
    msgctxt, msgid = key
    return (msgid, msgctxt is not None, msgctxt or "")


def sorted_by_msgid(existing: Catalog, template: polib.POFile) -> bool:
    """Whether ``existing``'s live entries are in ``--sort-output`` order (:func:`msgid_order`)
    on purpose: at least three of them, sorted, and not in the note's order as their own ``#:``
    line numbers tell it (l10n writes a catalog in that order; a short note that happens to be
    alphabetical stays in the note's order, whatever its author does to it next) — or, in a
    catalog without line numbers (``--no-location``), the order ``template`` gives the keys it
    still has."""
    live = [e for e in existing.po if not e.obsolete]
    keys = [entry_key(e) for e in live]
    if len(keys) < 3 or any(msgid_order(a) > msgid_order(b) for a, b in itertools.pairwise(keys)):
        return False
    lines = [line for line in map(_first_line, live) if line is not None]
    if len(lines) == len(live):
        return lines != sorted(lines)
    place = {entry_key(e): i for i, e in enumerate(template)}
    positions = [place[key] for key in keys if key in place]
    return positions != sorted(positions)


def _first_line(entry: polib.POEntry) -> int | None:
    """The line number of ``entry``'s first ``#:`` reference, None without one."""
    for _path, line in entry.occurrences[:1]:
        if line.isdigit():
            return int(line)
    return None


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
        follow_language(po.metadata, lang)
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
    renamed = _indexed_items(old_active, old_obsolete)
    for source in template:
        key = entry_key(source)
        old = old_active.get(key) or old_obsolete.get(key)
        if old is None and renamed:
            old = renamed.get(key)
            if old is not None:
                used.add(id(old))
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
            # once reviewed (fuzzy cleared), a machine suggestion has served its purpose, and the
            # translation carried from another note is this note's
            entry.tcomment = old.tcomment if old.fuzzy else without_lines(old.tcomment, SUGGESTION_COMMENT, CARRIED_COMMENT)
            entry.previous_msgid = old.previous_msgid
            entry.previous_msgctxt = _without_index(old.previous_msgctxt)
        else:
            match = _closest(source.msgid, candidates)
            if match is not None:
                used.add(id(match))
                take_close_match(entry, match)
        if entry.previous_msgid == entry.msgid and (entry.previous_msgctxt or None) == (entry.msgctxt or None):
            # The source went back to the very text this translation was made for (an edit
            # reverted): nothing is left to review, and no suggestion for a text gone again. The
            # fuzzy flag stays, as msgmerge keeps it: whether the entry was approved before the
            # edit is recorded nowhere.
            entry.previous_msgid = entry.previous_msgctxt = None
            entry.tcomment = without_lines(entry.tcomment, SUGGESTION_COMMENT, CARRIED_COMMENT)
        po.append(entry)
    if existing is not None and sorted_by_msgid(existing, template):
        po.sort(key=lambda entry: msgid_order(entry_key(entry)))  # before the obsolete ones, which stay last
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


_ITEM_INDEX = re.compile(r"^(front-matter:.+)\[\d+\]$")
"""The msgctxt of a front-matter list item as l10n wrote it before segmentation 15
(``front-matter:questions[2]``): the item's index, since dropped (an inserted item renumbered
every item after it, and their approved translations turned fuzzy)."""


def _without_index(ctxt: str | None) -> str | None:
    """``ctxt`` without a front-matter list item's old ``[index]`` suffix (:data:`_ITEM_INDEX`)."""
    match = _ITEM_INDEX.match(ctxt) if ctxt and ctxt.endswith("]") else None
    return match.group(1) if match else ctxt


def _indexed_items(*olds: Mapping[Key, polib.POEntry]) -> dict[Key, polib.POEntry]:
    """The old entries of front-matter list items written with an index in their msgctxt, by
    the key the item has now (``front-matter:questions``, msgid): a catalog made before the index
    was dropped keeps its translations exactly, approved ones approved, instead of each becoming
    a fuzzy suggestion for the renamed entry (msgmerge's rule for a changed msgctxt). The first
    found wins: active entries before obsolete ones, in catalog order. Empty (and cheap) for a
    catalog with no such entry."""
    found: dict[Key, polib.POEntry] = {}
    for old in olds:
        for (ctxt, msgid), entry in old.items():
            bare = _without_index(ctxt)
            if bare != ctxt:
                found.setdefault((bare, msgid), entry)
    return found


def same_language(a: str, b: str) -> bool:
    """Whether two ``Language`` values name the same language: compared as BCP 47 tags are,
    case aside, with ``_`` (gettext's ``pt_BR``) read as ``-`` (BCP 47's ``pt-BR``)."""
    return a.replace("_", "-").lower() == b.replace("_", "-").lower()


def follow_language(metadata: dict[str, str], lang: str) -> None:
    """Make an existing catalog's header name ``lang`` (the BCP 47 tag its folder's code stands
    for, through ``language_aliases``): its ``Language`` is set when missing or when it names
    another language (the alias changed: ``zh-Hant-TW`` to ``zh-Hant-HK``), and then its
    ``Plural-Forms`` becomes ``lang``'s rule (CLDR's, :func:`l10n.langdata.plural_forms`), since
    msgfmt and PO editors pick the plural forms by it. A value spelled another way
    (``pt_BR`` for ``pt-BR``) is the same language and stays; every other field stays too
    (a translator's ``Language-Team`` and ``Last-Translator`` are theirs)."""
    current = metadata.get("Language", "")
    if current and same_language(current, lang):
        return
    metadata["Language"] = lang
    if current:  # another language: its plural rule may differ (a missing rule is filled in below)
        metadata["Plural-Forms"] = plural_forms(lang)


def _new_catalog_header(po: polib.POFile, template: polib.POFile, lang: str, project: str, created: str) -> None:
    po.header = f"{language_name(lang)} translation of {template_subject(template)}."
    # the template's package name, as msginit copies it (GNU gettext manual, "msginit Invocation")
    po.metadata = header(template.metadata.get("Project-Id-Version") or project, lang, created)
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
    already rendered (:func:`l10n.po.writer.render_entries`)."""
    po = polib.POFile(wrapwidth=0, check_for_duplicates=False)
    _new_catalog_header(po, template, lang, project, created)
    count = len(template)
    return render_po(po, template_entries), Coverage(total=count, untranslated=count)


def new_catalog_parts(template: polib.POFile, template_entries: Sequence[str], lang: str, project: str, created: str) -> Iterator[str]:
    """:func:`render_new_catalog`'s text in parts (:func:`l10n.po.writer.po_parts`), for writing as they come."""
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
            references_key(e.occurrences),  # a name with spaces reads the same in either form
            e.comment,
            e.tcomment,
            e.previous_msgid,
            e.previous_msgctxt,
        )
        for e in po
    )
    return (meta, entries)
