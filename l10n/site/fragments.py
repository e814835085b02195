"""A hand translation's links to translated headings, led back to the English headings' ids.

A translator who links ``[…](../building-community/#अपने-प्रोजेक्ट-का-स्वामित्व-साझा-करें)``
points at the id the translated heading gets on the translated page: right on that page, but a
catalog holds the English note's text, whose fragment is the English heading's id
(``#sharing-ownership-of-your-project``), and the build writes each translated heading's id
itself (:func:`l10n.site.relink.plan_headings`: the English id kept as ``{#id}`` where the
generator reads one, else the link led to the translated slug). So the build's validator,
comparing destinations, refuses the translator's form, while the English form publishes the
same working link. :func:`heading_ids` maps each translated heading's id to its English
heading's id, over the pages being adopted, and :func:`restore_fragments` writes a link's
fragment back in the English form when the map names it — the build then publishes the
translator's link as they meant it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import unquote

from l10n.markdown.document import Document, SegmentKind
from l10n.markdown.generator import HeadingIdSettings
from l10n.site.align import align, block_of
from l10n.site.links import find_links, slug_input, slugger, split_url


def heading_ids(
    pages: Iterable[tuple[Document, Document]], dialect: str, settings: HeadingIdSettings | None = None
) -> dict[str, str]:
    """``{translated heading id: English heading id}`` over ``pages`` (``(English note,
    translation)`` pairs), from the headings :func:`~l10n.site.align.align` pairs as certain
    (the same sequence of heading levels, or anchored) and whose ids differ; ids are the
    generator's slugs (:func:`~l10n.site.links.slugger` of ``dialect`` and its ``settings``) of
    the headings' text.
    A translated id two English ids claim is left out (cannot be told)."""
    make = slugger(dialect, settings)
    found: dict[str, str] = {}
    clashes: set[str] = set()
    for source, translation in pages:
        src = [s for s in source.segments if s.kind is SegmentKind.HEADING and s.context is None]
        tr = [s for s in translation.segments if s.kind is SegmentKind.HEADING and s.context is None]
        for step in align([block_of(source, s) for s in src], [block_of(translation, s) for s in tr]):
            if not step.certain:
                continue
            english = make(slug_input(src[step.src[0]].text, dialect))
            translated = make(slug_input(tr[step.tr[0]].text, dialect))
            if not english or not translated or english == translated:
                continue
            if found.setdefault(translated, english) != english:
                clashes.add(translated)
    return {t: e for t, e in found.items() if t not in clashes}


def restore_fragments(text: str, ids: Mapping[str, str]) -> str:
    """``text`` with each link fragment that ``ids`` names (a translated heading's id, read
    percent-decoded) written as the English heading's id; anything else as it is."""
    if not ids or "#" not in text:
        return text
    out: list[str] = []
    cursor = 0
    for link in find_links(text):
        path, query, fragment = split_url(link.url)
        english = ids.get(unquote(fragment)) if fragment else None
        if english is None:
            continue
        out.append(text[cursor : link.start])
        out.append(f"{path}{query}#{english}")
        cursor = link.end
    if not out:
        return text
    out.append(text[cursor:])
    return "".join(out)
