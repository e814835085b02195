"""Keep reference-style links resolving after translation.

A shortcut or collapsed reference (``[Example]``, ``[Example][]``) resolves by its *text*.
Once the text is translated it no longer names a definition, so the build rewrites it as a full
reference that keeps the original label: ``[उदाहरण][Example]``. Full references keep their
label untouched, and definitions are never translated, so every link keeps its destination.

Which brackets are references is decided by markdown-it-py's own inline parser (CommonMark
6.3 "Links" and 6.4 "Images"): its ``link`` and ``image`` rules are wrapped to record where each
link starts and ends and which form it has, and one last rule records every ``[`` that all the
rules left as literal text and that *would* be a shortcut or collapsed reference if its label
were defined (``[x]`` task boxes, ``[!NOTE]``, ``[`code`][]`` of an undefined label, literal
``[...]``). Brackets are never counted by hand, so a code span, an escape, an autolink or HTML
that holds a bracket is read exactly as the site's renderer reads it.

Only a bracket that a translation turned from a resolving reference into literal text is
rewritten; literal brackets of the source that come back unchanged are never touched, and when
it cannot be told which literal bracket of the translation stands for which reference, nothing
is rewritten (``l10n check`` reports the link instead of the build pointing it elsewhere).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

# A "]" that ends neither a link text followed by "(" (an inline link) nor one followed by a
# non-empty "[label]" (a full reference): without one, a text has no shortcut or collapsed
# reference, and the inline parse is skipped (most links in real notes are inline). Hand-written
# as a prefilter only: what is a reference is still decided by markdown-it.
_MAYBE_BY_TEXT = re.compile(r"\](?!\()(?!\[[^\]])")
_PAIR = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]")
_PLAIN_LINK_TEXT = re.compile(r"(?!\^)[^\[\]\\`<>]*")
"""A link text that surely opens a link where it stands (:func:`_may_name_by_text`): no bracket,
backslash, backtick or angle bracket (nothing a code span, tag, autolink or escape could hide it
in or take from it), not a footnote's ``^``."""
_NESTED = re.compile(r"\[[^\]]*\[")
SHORTCUT = "shortcut"
COLLAPSED = "collapsed"
FULL = "full"
INLINE = "inline"
_BY_TEXT = (SHORTCUT, COLLAPSED)
_RECORD = "l10n_brackets"


def normalize_label(label: str) -> str:
    """A reference label as markdown-it matches it (whitespace collapsed, case folded).

    Imported on first use: a build that meets no shortcut reference never loads markdown-it."""
    from markdown_it.common.utils import normalizeReference

    return normalizeReference(label)


@dataclass(frozen=True, slots=True)
class Bracket:
    """One link, image or would-be reference of a text, as markdown-it's inline parser reads it.

    Offsets are 0-based character positions in the text: ``start`` is the ``[`` (the ``!`` of an
    image), ``text_end`` the ``]`` that closes the link text, ``end`` the position after the
    whole construct (after ``[label]``, ``[]`` or ``(destination)``).
    """

    start: int
    text_end: int
    end: int
    image: bool
    form: str
    """``shortcut``, ``collapsed``, ``full`` or ``inline``."""
    label: str | None
    """The normalized label a reference form names (``None`` for inline links)."""
    resolved: bool
    """A link or image the renderer makes; False for brackets left as literal text."""

    @property
    def text_start(self) -> int:
        """First character of the link text (after ``[`` or ``![``)."""
        return self.start + (2 if self.image else 1)


def _classify(state: StateInline, text_end: int, end: int) -> tuple[str, str | None]:
    """The form and normalized label of a construct whose text closes at ``text_end``."""
    tail = state.src[text_end + 1 : end]
    if tail.startswith("("):
        return INLINE, None
    if tail.startswith("[") and tail != "[]":
        return FULL, normalize_label(tail[1:-1])
    return (COLLAPSED if tail == "[]" else SHORTCUT), None


def _recording(rule: Any, image: bool) -> Any:
    """Wrap markdown-it's ``link`` or ``image`` rule to record each construct it makes."""

    def wrapped(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if silent or _RECORD not in state.env:
            return bool(rule(state, silent))
        opening = start + 1 if image else start
        if state.src[start : opening + 1] != ("![" if image else "["):
            return False
        text_end = state.md.helpers.parseLinkLabel(state, opening, not image)
        if not rule(state, silent):
            return False
        form, label = _classify(state, text_end, state.pos)
        if label is None and form != INLINE:
            label = normalize_label(state.src[opening + 1 : text_end])
        state.env[_RECORD].append(Bracket(start, text_end, state.pos, image, form, label, True))
        return True

    return wrapped


def _literal_bracket(state: StateInline, silent: bool) -> bool:
    """The last inline rule: record a ``[`` (or ``![``) every other rule left as text when it has
    the shape of a shortcut or collapsed reference; never consumes anything."""
    if silent or _RECORD not in state.env:
        return False
    start = state.pos
    image = state.src.startswith("![", start)
    opening = start + 1 if image else start
    if state.src[opening : opening + 1] != "[" or state.src.startswith("[^", opening):
        return False  # "[^x]" is a footnote reference where the note defines x
    text_end = state.md.helpers.parseLinkLabel(state, opening, not image)
    if text_end < 0:
        return False
    end = text_end + 1
    form = SHORTCUT
    if state.src.startswith("[", end):
        label_end = state.md.helpers.parseLinkLabel(state, end)
        if label_end >= 0:
            if label_end == end + 1:
                form, end = COLLAPSED, label_end + 1
            else:
                form, end = FULL, label_end + 1
    label_text = state.src[opening + 1 : text_end] if form != FULL else state.src[text_end + 2 : end - 1]
    label = normalize_label(label_text)
    if not label or len(label_text) > 999:  # CommonMark: a label has a non-blank character, ≤ 999
        return False
    state.env[_RECORD].append(Bracket(start, text_end, end, image, form, label, False))
    return False


@functools.cache
def _parser() -> MarkdownIt:
    """CommonMark with footnote references: the inline syntax every supported generator shares."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark").use(footnote_plugin)
    ruler = md.inline.ruler
    for name, image in (("link", False), ("image", True)):
        index = ruler.__find__(name)
        ruler.__rules__[index].fn = _recording(ruler.__rules__[index].fn, image)
    ruler.push("l10n_literal_bracket", _literal_bracket)
    ruler.__compile__()
    return md


def brackets(text: str, references: Mapping[str, str]) -> list[Bracket]:
    """Every link, image and would-be reference of ``text`` (one segment's Markdown), in order.

    ``references`` maps normalized labels (see :func:`normalize_label`) to destinations: the
    note's link reference definitions. Resolved constructs nested in a link's text (an image in
    a link) are listed too.

    >>> [(b.form, b.label, b.resolved) for b in brackets("[a] and [`b`][] and [x]", {"A": "/a"})]
    [('shortcut', 'A', True), ('collapsed', '`B`', False), ('shortcut', 'X', False)]
    """
    md = _parser()
    # markdown-it's normalize step would turn CR LF into LF and NUL into U+FFFD; keep offsets.
    src = text.replace("\r", " ").replace("\0", "\ufffd")
    found: list[Bracket] = []
    env: dict[str, Any] = {
        "references": {label: {"href": href, "title": ""} for label, href in references.items()},
        _RECORD: found,
    }
    md.inline.parse(src, md, env, [])
    links_at = {b.start for b in found if b.resolved}
    images_at = {b.start for b in found if b.image and not b.resolved}
    # "![x][y]" left as text may still hold the link "[x][y]": then the image was no construct;
    # otherwise its "[x][y]" is the same would-be construct as the image, not a second one.
    kept = [
        b
        for b in found
        if b.resolved or (not b.image and b.start - 1 not in images_at) or (b.image and b.start + 1 not in links_at)
    ]
    return sorted(kept, key=lambda b: (b.start, -b.end))


def shortcut_labels(text: str, references: Mapping[str, str]) -> list[str]:
    """The shortcut/collapsed references of ``text`` that resolve, in order (raw label text)."""
    return [text[b.text_start : b.text_end] for b in brackets(text, references) if b.resolved and b.form in _BY_TEXT]


def _names_by_text(bracket: Bracket) -> bool:
    """A reference whose text is its label: a shortcut or collapsed one that resolves.

    A collapsed reference the note does not define (``[Heading][]``, which MkDocs autorefs
    resolve when the site is built) stays literal text here: in CommonMark and GFM it renders
    as it is written, and writing it as ``[शीर्षक][Heading]`` would show the label there."""
    return bracket.resolved and bracket.form in _BY_TEXT


def _innermost(candidates: Sequence[Bracket]) -> list[Bracket]:
    """Candidates that enclose no other candidate: a bracket a translator (or the pseudo engine)
    put around a whole sentence is never taken for the link inside it."""
    return [
        outer
        for outer in candidates
        if not any(inner is not outer and outer.start <= inner.start and inner.end <= outer.end for inner in candidates)
    ]


def _pairs(missing: Sequence[Bracket], candidates: Sequence[Bracket]) -> list[tuple[Bracket, Bracket]]:
    """Which literal bracket of the translation stands for which lost reference of the source.

    Paired by kind (link or image) and form first, then by kind alone, and only when the group
    is unambiguous: as many literal brackets as lost references, all of one label. With one
    bracket too many, or two labels (a translation may put the links in another order), any
    choice could be the wrong one: the links stay unresolved and ``l10n check`` names them.
    (Machine translations never need this: the engine gets full references, see
    :func:`as_full_references`.)
    """
    pairs: list[tuple[Bracket, Bracket]] = []
    for image in (False, True):
        lost = [b for b in missing if b.image is image]
        free = [b for b in candidates if b.image is image]
        if not lost or not free:
            continue
        left_lost: list[Bracket] = []
        left_free: list[Bracket] = []
        for form in _BY_TEXT:
            lost_form = [b for b in lost if b.form == form]
            free_form = [b for b in free if b.form == form]
            if len(lost_form) == len(free_form) and len({b.label for b in lost_form}) <= 1:
                pairs.extend(zip(lost_form, free_form))
            else:
                left_lost.extend(lost_form)
                left_free.extend(free_form)
        if left_lost and len(left_lost) == len(left_free) and len({b.label for b in left_lost}) == 1:
            left_lost.sort(key=lambda b: b.start)
            left_free.sort(key=lambda b: b.start)
            pairs.extend(zip(left_lost, left_free))
    return pairs


def keep_references_resolving(source: str, translation: str, references: Mapping[str, str]) -> str:
    """Rewrite the shortcut and collapsed references of ``source`` that ``translation`` turned
    into literal text (by translating their text) into full references with the source label.

    Literal brackets of the source that the translation keeps as they were (``[ ]``,
    ``[!NOTE]``, an undefined ``[x][]``) are not candidates; a rewrite that would not make
    exactly the intended links resolve (checked by parsing the result again) is not made.

    >>> refs = {"EXAMPLE": "https://example.com"}
    >>> keep_references_resolving("See [Example].", "देखें [उदाहरण]।", refs)
    'देखें [उदाहरण][Example]।'
    >>> keep_references_resolving("[x] See [Example][].", "[x] देखें [उदाहरण][]।", refs)
    '[x] देखें [उदाहरण][Example]।'
    """
    if (
        "[" not in translation
        or _MAYBE_BY_TEXT.search(source) is None
        or not references
    ):
        return translation
    if not _NESTED.search(source):
        # Without nesting, a shortcut or collapsed reference's label is the text of one "[…]"
        # pair; when each such text is still written as "[text]" in the translation (the machine
        # path sends full references; an untranslated text still resolves), nothing is lost.
        labels = Counter(
            text
            for text in _PAIR.findall(source)
            if normalize_label(text) in references
        )
        if all(translation.count(f"[{text}]") >= count for text, count in labels.items()):
            return translation
    source_brackets = brackets(source, references)
    by_text = [b for b in source_brackets if _names_by_text(b)]
    if not by_text:
        return translation
    labels = Counter(source[b.text_start : b.text_end] for b in by_text)
    if all(translation.count(f"[{label}]") >= count for label, count in labels.items()):
        # Each label is still written in the translation (the machine path sends full
        # references; a text left as it was still resolves): nothing to rewrite.
        return translation
    out_brackets = brackets(translation, references)
    have = Counter((b.image, b.label) for b in out_brackets if b.resolved)
    missing: list[Bracket] = []
    for bracket in by_text:
        key = (bracket.image, bracket.label)
        if have[key] > 0:
            have[key] -= 1
        else:
            missing.append(bracket)
    if not missing:
        return translation
    literal_in_source = Counter(source[b.start : b.end] for b in source_brackets if not b.resolved)
    candidates: list[Bracket] = []
    for bracket in out_brackets:
        if bracket.resolved or bracket.form not in _BY_TEXT:
            continue
        raw = translation[bracket.start : bracket.end]
        if literal_in_source[raw] > 0:  # a literal bracket of the source, kept as it was
            literal_in_source[raw] -= 1
            continue
        candidates.append(bracket)
    pairs = _pairs(missing, _innermost(candidates))
    if not pairs:
        return translation
    rewritten = _rewrite(source, translation, pairs)
    before = Counter((b.image, b.label) for b in out_brackets if b.resolved)
    after = Counter((b.image, b.label) for b in brackets(rewritten, references) if b.resolved)
    if after != before + Counter((lost.image, lost.label) for lost, _ in pairs):
        return translation  # the rewrite changed more than the intended links: leave it
    return rewritten


def _rewrite(source: str, translation: str, pairs: Sequence[tuple[Bracket, Bracket]]) -> str:
    """``translation`` with each paired bracket given its reference's label as written."""
    out: list[str] = []
    cursor = 0
    for lost, found in sorted(pairs, key=lambda pair: pair[1].start):
        label = source[lost.text_start : lost.text_end]
        out.append(translation[cursor : found.text_end + 1])
        out.append(f"[{label}]")
        cursor = found.end
    out.append(translation[cursor:])
    return "".join(out)


def image_reference_edit(source: str, start: int, end: int, translation: str, references: Mapping[str, str]) -> tuple[int, int, str] | None:
    """The edit that keeps an image resolving when only its alt text is a segment.

    ``source[start:end]`` is the alt text of an image that stands alone (``![Alt]``,
    ``![Alt][]``, ``[![Alt]][Alt]``); when that image is a shortcut or collapsed reference and
    ``translation`` no longer names its label, the image must become a full reference. The edit
    is ``(start, end, text)`` in source offsets: text inserted after the alt for a shortcut
    (``![अल्ट`` + ``][Alt`` + ``]``), or the ``[]`` of a collapsed reference replaced by
    ``[Alt]``; ``None`` when nothing needs to change.
    """
    if not references or normalize_label(translation) in references:
        return None
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line = source[line_start : len(source) if line_end < 0 else line_end]
    for bracket in brackets(line, references):
        if bracket.image and bracket.resolved and bracket.text_start == start - line_start and bracket.form in _BY_TEXT:
            if line[bracket.text_start : bracket.text_end] != source[start:end]:
                return None
            if bracket.form == SHORTCUT:
                return (end, end, "][" + source[start:end])
            return (end + 1, end + 3, "[" + source[start:end] + "]")
    return None


def as_full_references(text: str, references: Mapping[str, str]) -> str:
    """``text`` with every shortcut and collapsed reference that resolves written as a full one.

    Done before a segment goes to an engine: the label then travels as a protected placeholder
    right after the link text, so the translated link keeps its destination wherever the
    engine moves it (an engine that reorders two links cannot swap their targets).

    >>> as_full_references("[x] Use [Example] and ![Logo][] or [y] or [Heading][].", {"EXAMPLE": "/e", "LOGO": "/l.png"})
    '[x] Use [Example][Example] and ![Logo][Logo] or [y] or [Heading][].'
    """
    if not references or _MAYBE_BY_TEXT.search(text) is None or not _may_name_by_text(text, references):
        return text
    return _parsed_full_references(text, references)


def _parsed_full_references(text: str, references: Mapping[str, str]) -> str:
    """:func:`as_full_references` by the inline parse, without its prefilters."""
    out: list[str] = []
    cursor = 0
    for bracket in brackets(text, references):
        if not _names_by_text(bracket) or bracket.start < cursor:
            continue
        out.append(text[cursor : bracket.text_end + 1])
        out.append(f"[{text[bracket.text_start : bracket.text_end]}]")
        cursor = bracket.end
    out.append(text[cursor:])
    return "".join(out)


def _may_name_by_text(text: str, references: Mapping[str, str]) -> bool:
    """Whether ``text`` may hold a shortcut or collapsed reference that resolves in ``references``
    (False: it surely holds none, and :func:`as_full_references` needs no inline parse: the
    parse was 49 ms of a first translate of 300 notes, for 2 texts changed in 650, issue 19).

    Such a reference's text is its label (CommonMark 6.3), which holds no unescaped bracket: it
    is one "[…]" pair of :data:`_PAIR`, whose text (as :func:`brackets` reads it: CR as a space,
    NUL as U+FFFD) normalizes to a defined label. A pair found inside an earlier pair is one the
    parse cannot read as a link's text either: its "[" is then escaped. A pair directly after a
    plain link text (:data:`_PLAIN_LINK_TEXT`, its "[" after no backslash, no "]" and no "^": an
    escape, a label, a Pandoc inline footnote ``^[…]`` as markdown-it's footnote plugin reads it) is
    that text's full-reference label, never a reference by text: with the label defined the two
    are one full reference, without it neither resolves. Held to the parse by hypothesis tests
    (tests/test_references.py)."""
    src = text.replace("\r", " ").replace("\0", "\ufffd")
    before: re.Match[str] | None = None
    for pair in _PAIR.finditer(src):
        if normalize_label(pair.group(1)) in references:
            after_link_text = (
                before is not None
                and before.end() == pair.start()
                and _PLAIN_LINK_TEXT.fullmatch(before.group(1)) is not None
                and src[before.start() - 1 : before.start()] not in ("\\", "]", "^")
            )
            if not after_link_text:
                return True
        before = pair
    return False


def lost_references(source: str, translation: str, references: Mapping[str, str]) -> list[str]:
    """Labels of the links and images of ``source`` that ``translation`` no longer resolves to,
    even after :func:`keep_references_resolving` (raw label text, in source order)."""
    if not references or "[" not in source:
        return []
    rendered = keep_references_resolving(source, translation, references)
    have = Counter((b.image, b.label) for b in brackets(rendered, references) if b.resolved and b.form != INLINE)
    lost: list[str] = []
    for bracket in brackets(source, references):
        if not bracket.resolved or bracket.form == INLINE:
            continue
        key = (bracket.image, bracket.label)
        if have[key] > 0:
            have[key] -= 1
        else:
            lost.append(str(bracket.label))
    return lost


@functools.cache
def _labelling_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"store_labels": True}).enable("table").use(footnote_plugin)


def reference_links(body: str) -> list[tuple[str, int]]:
    """Links and images of a note body (front matter removed) made from a reference definition:
    their normalized label and the 1-based line of their block, in order."""
    found: list[tuple[str, int]] = []
    for token in _labelling_parser().parse(body):
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] + 1 if token.map else 1
        for child in token.children:
            label = child.meta.get("label") if child.type in ("link_open", "image") and child.meta else None
            if label:
                found.append((str(label), line))
    return found
