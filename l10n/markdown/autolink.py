"""GFM extended autolinks without a scheme: ``www.`` links, email addresses, ``mailto:`` and ``xmpp:``.

GitHub Flavored Markdown spec 0.29, section 6.9 "Autolinks (extension)": GitHub, remark-gfm
(Docusaurus), markdown-it's ``linkify`` (VitePress) and goldmark's Linkify (Hugo) turn such text
into links, so a translation must keep it byte for byte. Bare ``http://``/``https://`` URLs are
found by :mod:`l10n.markdown.protect`'s and :mod:`l10n.markdown.markup`'s own URL rules.

Hand-written rather than linkify-it-py (markdown-it-py's ``linkify`` backend): that library is not
a dependency here, and its boundaries are linkify-it's (a TLD list for links without a scheme,
its own trailing-character rules), not the GFM spec's, which is what GitHub and remark-gfm follow.
Time is linear in the text: each ``www.`` and ``@`` is looked at once, and each scan stops at the
next whitespace.
"""

from __future__ import annotations

import re

_BEFORE_WWW = frozenset("*_~(")
"""Besides the start of the text and whitespace, what may stand before a ``www.`` autolink."""
_TRAILING = frozenset("?!.,:*_~")
"""Trailing punctuation that is never part of an autolink (though it may be inside one)."""
_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_DOMAIN = _ALNUM | frozenset("-_")
_RESOURCE = _ALNUM | frozenset("@.")
_WWW_DOMAIN = re.compile(r"www\.[\w\-]+(?:\.[\w\-]*)*")


def has_candidate(text: str) -> bool:
    """Whether ``text`` may hold an extended autolink at all (an ``@`` or ``www.``): a cheap gate."""
    return "@" in text or "www." in text


def extended_autolinks(text: str, before: str = "") -> list[tuple[int, int]]:
    """Spans ``(start, end)`` (character offsets, end exclusive, in order, not overlapping) of the
    extended www, email and protocol (``mailto:``, ``xmpp:``) autolinks of ``text``.

    ``before`` is the character just before ``text`` in its line ("" at a line's start): a
    ``www.`` link must follow the start of a line, whitespace, ``*``, ``_``, ``~`` or ``(``.

    Rules (GFM 6.9): after ``www.`` a valid domain (alphanumeric, ``_`` and ``-`` labels between
    periods, no ``_`` in the last two labels), then anything up to whitespace or ``<``; trailing
    ``?!.,:*_~`` dropped, a trailing ``)`` dropped while unmatched, a trailing entity-like
    ``&name;`` dropped. An email is ``[A-Za-z0-9.+\\-_]+@`` then alphanumeric, ``-`` or ``_`` labels
    between periods (one period at least, last character not ``-`` or ``_``, a final period
    left out); ``mailto:`` or ``xmpp:`` right before it belongs to the link, and ``xmpp:`` takes a
    ``/resource`` of alphanumerics, ``@`` and ``.``.

    >>> text = "Visit www.example.com. Or mail a+b@x.org."
    >>> [text[s:e] for s, e in extended_autolinks(text)]
    ['www.example.com', 'a+b@x.org']
    """
    spans = _www_links(text, before) if "www." in text else []
    if "@" in text:
        spans.extend(_email_links(text))
        spans.sort()
        kept: list[tuple[int, int]] = []
        for span in spans:  # an address inside a www link's path is that link's
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        spans = kept
    return spans


_URL_STOPS = frozenset("<`{}|\\")
"""Besides white space and a link's ``](`` or ``][``, where :func:`read_link_end` stops a bare
URL's run: GFM 6.9 stops at ``<``; the others open or close markup l10n compares on its own (code,
templates, table cells), which a generator parses before it looks for bare URLs."""
_GLUED = frozenset(".,;:!?")
"""What markdown-it's linkify (linkify-it, VitePress) takes into a link when a character other
than white space follows it (``.`` not before another ``.``), though GFM leaves it out at a
link's end."""


def read_link_end(text: str, start: int) -> int:
    """Where the generators end the bare link (``https://…``, ``www.…``) that starts at
    ``text[start]``: the character offset after the last character any of them links.

    GFM 6.9 (GitHub, remark-gfm for Docusaurus, goldmark for Hugo): the link runs to white space
    or ``<`` (here also to the markup of :data:`_URL_STOPS`, and to ``](`` or ``][``:
    ``[https://x.dev](https://x.dev)`` is link text and a destination), less trailing
    ``?!.,:*_~``, an unmatched ``)`` and an entity (:func:`_trimmed`), so a ``।`` or ``。`` a
    translation glues to it is linked.
    markdown-it's linkify (VitePress) also takes :data:`_GLUED` punctuation followed by a
    character other than white space (``(see https://x.dev/a.)`` links ``…/a.``): the later of
    the two ends is returned. Linear in the link's length. Raises nothing.

    >>> text = "देखें https://x.dev/a। (siehe https://x.dev/b.)"
    >>> [text[s:read_link_end(text, s)] for s in (6, 30)]
    ['https://x.dev/a।', 'https://x.dev/b.']
    """
    size = len(text)
    stop = start
    while stop < size and not text[stop].isspace() and text[stop] not in _URL_STOPS:
        if text[stop] == "]" and text.startswith(("(", "["), stop + 1):
            break  # "[https://x.dev](…)": link text, whose link ends at its "]"
        stop += 1
    gfm = start + _trimmed(text[start:stop])
    linked = gfm
    while linked < stop and text[linked] in _GLUED:
        following = linked + 1
        if following >= size or text[following].isspace() or text[following] == "<":
            break
        if text[linked] == "." and text[following] == ".":
            break
        linked = following
    return linked


def _www_links(text: str, before: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    size = len(text)
    at = text.find("www.")
    while at >= 0:
        previous = text[at - 1] if at else before
        end = at
        if previous == "" or previous.isspace() or previous in _BEFORE_WWW:
            domain = _WWW_DOMAIN.match(text, at)
            if domain is not None and not _valid_domain(domain.group()):
                # a later "www." inside this domain ends where it ends, with the same last two
                # labels: as invalid (skipping it keeps "_www._www…" linear)
                end = domain.end()
            elif domain is not None:
                end = at + 4
                while end < size and not text[end].isspace() and text[end] != "<":
                    end += 1
                end = at + _trimmed(text[at:end])
                if end > at + 4:
                    spans.append((at, end))
                else:
                    end = at
        at = text.find("www.", max(end, at + 1))
    return spans


def _valid_domain(domain: str) -> bool:
    labels = domain.rstrip(".").split(".")
    return len(labels) > 1 and "_" not in labels[-1] and "_" not in labels[-2]


def _trimmed(link: str) -> int:
    """Length of ``link`` once its trailing punctuation, unmatched ``)`` and entity are dropped."""
    end = len(link)
    opened, closed = link.count("("), link.count(")")
    while end:
        last = link[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ")" and closed > opened:
            end -= 1
            closed -= 1
        elif last == ";" and (entity := _entity_start(link, end - 1)) >= 0:
            end = entity
        else:
            break
    return end


def _entity_start(link: str, semicolon: int) -> int:
    """Where ``&name;`` ending at ``link[semicolon]`` starts, or -1 (read backwards, so that
    stripping a run of them stays linear)."""
    at = semicolon
    while at > 0 and link[at - 1] in _ALNUM:
        at -= 1
    return at - 1 if at < semicolon and at > 0 and link[at - 1] == "&" else -1


def _email_links(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    size = len(text)
    at = text.find("@")
    done = 0  # where the last address ended: an address does not start inside another
    while at >= 0:
        start = at
        while start > done and text[start - 1] in _LOCAL:
            start -= 1
        end = at + 1
        periods = 0
        while end < size:
            char = text[end]
            if char in _DOMAIN:
                end += 1
            elif char == "." and end + 1 < size and text[end + 1] in _ALNUM:
                periods += 1
                end += 1
            else:
                break
        if start < at and periods and text[end - 1] not in "-_":
            if text.endswith("mailto:", 0, start):
                start -= 7
            elif text.endswith("xmpp:", 0, start):
                start -= 5
                if end + 1 < size and text[end] == "/" and text[end + 1] in _RESOURCE:
                    stop = end + 1
                    while stop < size and text[stop] in _RESOURCE:
                        stop += 1
                    while text[stop - 1] == ".":  # as text[:stop].rstrip("."), without copying the text before
                        stop -= 1
                    end = stop
            spans.append((start, end))
            done = end
        at = text.find("@", max(at + 1, done))
    return spans
