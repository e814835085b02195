"""What a translation must keep from its source, and the structure it must not break.

One place lists the *protected elements* of a segment, the things a translator may move but
never change: link and image destinations (``](dest "title")``: the destination, anchor
included; the title is prose and may be translated), autolinks ``<https://…>``, bare URLs and
GFM's extended autolinks (``www.…``, emails, ``mailto:``, ``xmpp:``; GFM 6.9),
labels of full references ``][label]``, inline code spans, HTML tags (tag name and attributes,
except attributes that hold prose such as ``alt`` and ``title``), footnote references ``[^x]``
template tags (``{{ … }}``, ``{% … %}``, ``{# … #}``, also inside a link destination),
icon or emoji shortcodes (``:material-download:``, ``:smile:``) and MDX expressions
(``{props.value}``, ``{/* comment */}``: :mod:`l10n.markdown.mdx`).

:func:`compare` checks a translation against its source: the protected elements as multisets
(order may change, text may not), no new line break in single-line blocks (headings, table
cells, front-matter values), no blank line that would split the block, and the same emphasis
delimiters. Emphasis is counted the way CommonMark decides it (flanking delimiter runs), so
Devanagari punctuation, scripts without letter case and reordered words raise no false alarm.

``l10n.markdown.protect`` has its own tokenizer, tuned for engines (placeholders, glossary terms,
entities); this module stays independent so that checking human translations does not follow
changes made for machine translation.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from l10n.markdown.autolink import extended_autolinks, has_candidate, read_link_end
from l10n.markdown.dialect import ATTRIBUTE_LIST, INLINE_MATH
from l10n.markdown.mdx import EXPRESSION
from l10n.markdown.references import normalize_label

# Alternatives are tried left to right at each position: code first (nothing inside code is
# markup), then template tags (they may hold brackets and quotes of their own).
_MARK_CHARACTERS = r"`{<\[\]:\\$"
_ELEMENT_LEAD = rf"(?=[{_MARK_CHARACTERS}]|(?:https?|ftp)://)"
"""How every alternative of :data:`_ELEMENT` starts (its first character; ``$``: math), a URL by its
scheme whole: a lookahead on it lets the regex engine pass over most positions of prose at once
(the matches are the same; about 4x faster on the corpus's segments, measured for issue 19). Not
``h``/``f`` alone: those letters start one English word in ten, and each tried every alternative
(as :mod:`l10n.markdown.protect`'s lookahead already did, issue 19)."""
ELEMENT_HINT = re.compile(f"[{_MARK_CHARACTERS}]")
"""A character every element :func:`element_problems` counts contains: its first character, or
for a URL (first ``h``/``f``) the ``:`` of ``://``. A text pair with none of them in either text
has no element problem, so a validator may skip the scan (derived from :data:`_ELEMENT_LEAD`,
not a second list), unless it holds a GFM extended autolink (``@`` or ``www.``:
:func:`l10n.markdown.autolink.has_candidate`)."""
_ELEMENT = re.compile(
    _ELEMENT_LEAD
    # a backtick string follows no backtick but an escaped one (CommonMark 6.1), as protect's rule
    + r"(?:(?P<code>(?<!(?<!\\)`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)"
    # HTML's code element with its text (as protect's "HTML code" rule)
    r"|<(?P<element>code)(?:[ \t][^<>\n]*)?>[^<\n]*</(?P=element)>)"
    # lazy scans stop at the next opening of their kind: failed attempts never rescan text, so
    # runs of ``{{`` or ``<!--`` cost linear time
    r"|(?P<template>\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}|\{#(?:(?!\{#).)*?#\})"
    r"|(?P<comment><!--(?:(?!<!--).)*?-->)"
    r"|(?P<autolink><(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9][A-Za-z0-9.\-]*)>)"
    r"|(?P<html></?[A-Za-z][A-Za-z0-9\-]*(?:\s(?:\"[^\"]*\"|'[^']*'|[^<>{`\"']|(?>" + EXPRESSION + r"|\{))*)?/?>)"
    r"|(?P<math>" + INLINE_MATH + ")"
    r"|(?P<footnote>\[\^[^\[\]\s]+\])"
    # A destination may sit on the next line and may hold Liquid or Hugo tags with spaces
    # (``]({% link a.md %}#x)``, ``]({{< ref "x.md" >}})``): compared whole. Every character has
    # one way to match (a ``{`` starts a tag or stands alone), so failing scans stay linear.
    r"|(?P<destination>\]\([ \t]*(?:\n[ \t]*)?(?P<dest><[^<>\n]*>|(?:\{\{(?:(?!\{\{|\}\})[^\n])*\}\}"
    r"|\{%(?:(?!\{%|%\})[^\n])*%\}|[^()\s{]|\{(?![{%])|\([^()\s]*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\))"
    r"|(?P<label>\]\[(?P<name>[^\]\n]+)\])"
    r"|(?P<icon>(?<![\w:]):[+\-]?[a-z0-9_]+(?:[+\-][a-z0-9_]+)*:(?![\w:]))"
    r"|(?P<url>\b(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9\-_~/#=&%+])"
    r"|(?P<attributes>" + ATTRIBUTE_LIST + ")"
    r"|(?P<expression>" + EXPRESSION + ")"
    r"|(?P<escape>\\[!-/:-@\[-`{-~]))",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9\-]*)")
# Attributes whose value is prose a translator is expected to translate.
_PROSE_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "aria-description", "placeholder", "label"})
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_DELIMITER_RUN = re.compile(r"\*+|_+")
_ELEMENT_ENDS = frozenset(")]`*_:>")
"""The last character of an inline element an attribute list can follow (Python-Markdown
attr_list and kramdown span IALs: links, images, references, code, emphasis, icons, HTML)."""
_SINGLE_LINE_KINDS = frozenset({"heading", "table cell", "front matter", "image alt text", "html text"})

CATEGORIES = {
    "link": "link destination",
    "code": "inline code",
    "html": "HTML tag",
    "reference": "reference label",
    "footnote": "footnote reference",
    "template": "template tag",
    "icon": "icon shortcode",
    "math": "math",
    "attributes": "attribute list",
    "expression": "MDX expression",
}


@dataclass(frozen=True)
class Problem:
    """One way a translation breaks its source's markup; ``code`` names the rule."""

    code: str
    message: str


def _html_key(tag: str) -> str:
    """A tag by name and attributes; prose attributes count by name only."""
    name_match = _TAG_NAME.match(tag)
    name = name_match.group(1).lower() if name_match else tag
    closing = tag.startswith("</")
    body = tag[name_match.end() : -1].rstrip("/") if name_match else ""
    attributes = []
    for attr, value in _ATTRIBUTE.findall(body):
        attr = attr.lower()
        plain = value.strip("\"'") if value else ""
        attributes.append(attr if attr in _PROSE_ATTRIBUTES or not value else f"{attr}={plain}")
    return ("/" if closing else "") + " ".join([name, *sorted(attributes)])


def _classify(match: re.Match[str]) -> tuple[str, str] | None:
    """(category, comparable text) of one element match; ``None`` for what is not compared."""
    group = match.lastgroup
    text = match.group(0)
    if group in ("code", "template", "icon", "math", "expression"):
        return (group, text)
    if group == "html":
        return ("html", _html_key(text))
    if group == "footnote":
        return ("footnote", text)
    if group == "destination":
        return ("link", match.group("dest").strip("<>"))
    if group == "autolink":
        return ("link", text[1:-1])
    if group == "url":
        return ("link", match.string[match.start() : read_link_end(match.string, match.start())])
    if group == "attributes":
        # attached to the element that ends right before it (a link or image's ")", a label's
        # "]", a code span's backtick, emphasis, an icon's ":"), or not: a change either way
        start = match.start()
        attached = start > 0 and match.string[start - 1] in _ELEMENT_ENDS
        return ("attributes", text if attached else "(detached) " + text)
    if group == "label":
        return ("reference", normalize_label(match.group("name")))
    return None  # comments and escapes: masked, not compared


def elements(text: str) -> Counter[tuple[str, str]]:
    """The protected elements of ``text`` as a multiset of ``(category, text)``.

    >>> sorted(elements("See [the guide](/guide#setup \\"Guide\\") and `make`."))
    [('code', '`make`'), ('link', '/guide#setup')]
    """
    return scan_elements(text)[2]


def _mask(text: str) -> str:
    """``text`` with every element replaced by one neutral character (for emphasis counting).

    Elements begin and end with punctuation (backticks, brackets, ``<>``), so a punctuation
    stand-in keeps CommonMark's flanking rules deciding as they would on the real text.
    """
    return _ELEMENT.sub(lambda m: "u" if m.lastgroup == "url" else "!", text)


def mask_elements(text: str) -> str:
    """``text`` with every element replaced by one punctuation character (see :func:`_mask`)."""
    return _mask(text)


def mask_elements_where(text: str) -> tuple[str, dict[int, tuple[str, str]]]:
    """``text`` masked as :func:`mask_elements` does, and what stands at each masked position:
    ``{index in the masked text: (kind, original text)}``, the kind being the element's group
    name (``"destination"``, ``"label"``, ``"code"``, ``"url"``, …)."""
    masked, where, _ = scan_elements(text)
    return masked, where


def scan_elements(text: str) -> tuple[str, dict[int, tuple[str, str]], Counter[tuple[str, str]]]:
    """:func:`mask_elements_where` and :func:`elements` of ``text`` from one scan: the validator
    asks both of every source and translation (issue 19: one pass over the text, not two)."""
    parts: list[str] = []
    where: dict[int, tuple[str, str]] = {}
    # An empty Counter without Counter.__init__ (a Python call to update() per text); the
    # lookups below go through dict.get. A fifth of this function for a text with no element.
    found: Counter[tuple[str, str]] = Counter.__new__(Counter)
    end = length = 0
    linked_to = -1  # where the last bare URL ends as the generators read it
    for match in element_matches(text):
        start, stop = match.span()
        parts.append(text[end:start])
        length += start - end
        kind: str = match.lastgroup  # type: ignore[assignment]  # every alternative is a named group
        original = match.group()
        where[length] = (kind, original)
        length += 1
        end = stop
        # _classify's usual cases inline, and counts by dict.get (Counter's __missing__ is a
        # Python call per new element): a third of this function's time (issue 19)
        if kind in _AS_WRITTEN:
            item: tuple[str, str] | None = (kind, original)
        elif kind == "destination":
            item = ("link", match.group("dest").strip("<>"))
        elif kind == "url":  # as the generators read it: with what a translation glued to it
            if start < linked_to:
                item = None  # inside the last URL as the generators read it (each run read once)
            else:
                linked_to = read_link_end(text, start)
                item = ("link", text[start:linked_to])
        else:
            item = _classify(match)
        if item is not None:
            found[item] = found.get(item, 0) + 1
        parts.append("u" if kind == "url" else "!")
    masked = "".join([*parts, text[end:]]) if where else text
    if has_candidate(masked):
        _count_autolinks(masked, found)
    return masked, where, found


def _count_autolinks(masked: str, found: Counter[tuple[str, str]]) -> None:
    """Count the GFM extended autolinks (``www.…``, emails, ``mailto:``, ``xmpp:``; GFM 6.9) of a
    masked text as links. Looked for in the masked text, so nothing inside code, a destination or
    a URL counts; a masked element never ends in what may stand before one (whitespace, ``*_~(``)."""
    for start, end in extended_autolinks(masked):
        if masked.startswith("www.", start):  # linkify's glued punctuation too (GFM's end is end)
            end = read_link_end(masked, start)
        item = ("link", masked[start:end])
        found[item] = found.get(item, 0) + 1


_AS_WRITTEN = frozenset({"code", "template", "icon", "math", "footnote", "expression"})
"""Element kinds :func:`_classify` compares as written, under their own name."""


def element_matches(text: str) -> Iterator[re.Match[str]]:
    """``_ELEMENT.finditer(text)``, the same matches, found faster (:func:`finditer_at_leads`
    with :data:`ELEMENT_HINT`): 1.8x faster than ``finditer`` on the synthetic site's texts and
    pseudo replies (issue 19)."""
    return finditer_code_first(_ELEMENT, ELEMENT_HINT, text, _gives_way_to_code)


_ABOVE_CODE = frozenset({"code", "comment", "autolink", "html", "destination"})
"""Element kinds a code span never cuts (CommonMark 6.1: raw HTML and autolinks; a link's
destination, read whole once its ``](`` stands outside code, 6.3; code itself)."""


def _gives_way_to_code(match: re.Match[str]) -> bool:
    return match.lastgroup not in _ABOVE_CODE


def finditer_at_leads(pattern: re.Pattern[str], lead: re.Pattern[str], text: str, start: int = 0) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, the same matches, found faster in text without ``://``.

    There a match can start only at a character ``lead`` (one character class) matches, which
    the regex engine finds in C at full speed, while ``pattern``'s lookahead (an alternation) is
    tried at every position by its generic loop: ``pattern`` is matched at those characters
    alone, going on as ``finditer`` does (after a match at its end, after a miss one character
    on). With ``://`` in the text (a URL may start at any letter) it is ``finditer`` itself.
    ``start`` (a character index): the scan begins there, as ``pattern.finditer(text, start)``
    does (lookbehinds still see the text before it).
    Held to ``finditer`` by hypothesis tests (tests/test_markup.py, tests/test_protect.py).
    """
    if "://" in text:
        yield from pattern.finditer(text, start)
        return
    search, match = lead.search, pattern.match
    at = start
    while (hint := search(text, at)) is not None:
        found = match(text, hint.start())
        if found is None:
            at = hint.start() + 1
        else:
            yield found
            at = found.end()


def without_elements(text: str) -> str:
    """``text`` with every element (code, links, tags…) replaced by a space: the prose left."""
    return _ELEMENT.sub(" ", text)


def _is_space(char: str) -> bool:
    return char == "" or char.isspace()


def _is_punctuation(char: str) -> bool:
    return char != "" and unicodedata.category(char)[0] in "PS"


def _can_delimit(char: str, before: str, after: str) -> bool:
    """Whether a delimiter run can open or close emphasis (CommonMark 6.2 flanking rules)."""
    left = not _is_space(after) and (not _is_punctuation(after) or _is_space(before) or _is_punctuation(before))
    right = not _is_space(before) and (not _is_punctuation(before) or _is_space(after) or _is_punctuation(after))
    if char == "*":
        return left or right
    can_open = left and (not right or _is_punctuation(before))
    can_close = right and (not left or _is_punctuation(after))
    return can_open or can_close


def emphasis_delimiters(text: str) -> Counter[str]:
    """Emphasis delimiters outside code and links: ``**``/``__`` pairs and single ``*``/``_``.

    Runs that cannot open or close emphasis (``2 * 3``, ``snake_case``) are not counted.

    >>> dict(emphasis_delimiters("यह **ज़रूरी** है। 2 * 3, snake_case"))
    {'**': 2}
    """
    masked = _mask(text)
    counts: Counter[str] = Counter()
    for run in _DELIMITER_RUN.finditer(masked):
        before = masked[run.start() - 1] if run.start() > 0 else ""
        after = masked[run.end()] if run.end() < len(masked) else ""
        char = run.group()[0]
        if not _can_delimit(char, before, after):
            continue
        size = len(run.group())
        if size // 2:
            counts[char * 2] += size // 2
        if size % 2:
            counts[char] += 1
    return counts


def _describe(category: str, lost: list[str], added: list[str]) -> list[Problem]:
    name = CATEGORIES[category]
    problems: list[Problem] = []
    for old, new in zip(lost, added):
        # Same target page, different fragment: say so, translated anchors are a common slip.
        if category == "link" and "#" in old and old.split("#", 1)[0] == new.split("#", 1)[0]:
            problems.append(Problem("anchor", f"anchor changed: {old!r} became {new!r}"))
        else:
            problems.append(Problem(category, f"{name} changed: {old!r} became {new!r}"))
    for old in lost[len(added) :]:
        problems.append(Problem(category, f"{name} lost: {old!r}"))
    for new in added[len(lost) :]:
        problems.append(Problem(category, f"{name} added: {new!r}"))
    return problems


def element_problems(
    source: str, translation: str, counted: tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]] | None = None
) -> list[Problem]:
    """Protected elements the translation lost, changed or added (order does not matter).

    ``counted``: :func:`elements` of the source and of the translation when the caller has them
    (:func:`scan_elements`); they are not changed."""
    before, after = counted if counted is not None else (elements(source), elements(translation))
    # dict's comparison first (in C): Counter's own is a Python loop over both, and the counts
    # are equal for almost every pair; it still decides when they differ (it ignores zeros).
    if dict.__eq__(before, after) or before == after:
        return []
    added_labels = [text for (cat, text) in after - before if cat == "reference"]
    if added_labels:
        before = Counter(before)  # counted below: the caller's stays as it was
        # "[Example]" in the source written "[उदाहरण][Example]": the form the build (and the
        # machine path) gives a shortcut reference whose text is translated; not an addition.
        from l10n.markdown.references import COLLAPSED, SHORTCUT, brackets

        for bracket in brackets(source, {}):
            item = ("reference", str(bracket.label))
            if bracket.form in (SHORTCUT, COLLAPSED) and after[item] > before[item]:
                before[item] += 1
    problems: list[Problem] = []
    for category in CATEGORIES:
        lost = sorted((text for (cat, text), n in (before - after).items() if cat == category for _ in range(n)))
        added = sorted((text for (cat, text), n in (after - before).items() if cat == category for _ in range(n)))
        problems.extend(_describe(category, lost, added))
    return problems


def structure_problems(source: str, translation: str, kinds: str | None = None) -> list[Problem]:
    """Line breaks and emphasis; ``kinds`` is the entry's ``#.`` comment ("heading", …)."""
    problems: list[Problem] = []
    kind_set = {k.strip() for k in (kinds or "").split(",")}
    single = sorted(kind_set & _SINGLE_LINE_KINDS)
    if single and "\n" not in source and "\n" in translation:
        problems.append(Problem("line-break", f"line break added in a {single[0]}"))
    if not _BLANK_LINE.search(source) and _BLANK_LINE.search(translation):
        problems.append(Problem("block-split", "blank line added: it would split the block in two"))
    before, after = emphasis_delimiters(source), emphasis_delimiters(translation)
    for marker in ("**", "__", "*", "_"):
        if before[marker] != after[marker]:
            problems.append(
                Problem(
                    "emphasis",
                    f"emphasis markers {marker!r}: {before[marker]} in the source, {after[marker]} in the translation",
                )
            )
    return problems


def compare(source: str, translation: str, kinds: str | None = None) -> list[Problem]:
    """Every markup problem of ``translation`` against ``source``; empty when it is faithful.

    >>> compare("Run `make` in [the repo](https://x.org).", "[रिपॉज़िटरी](https://x.org) में `make` चलाएँ।")
    []
    >>> [p.code for p in compare("Run `make`.", "`मेक` चलाएँ।")]
    ['code']
    """
    if not translation:
        return []
    return (
        element_problems(source, translation)
        + structure_problems(source, translation, kinds)
        + control_problems(source, translation)
    )


def _hard_break_marker(line: str) -> str:
    """What makes the line break after ``line`` a hard one (CommonMark 6.7): its trailing
    spaces and tabs when they end in two spaces, or an odd run of backslashes; else ``""``."""
    body = line.rstrip(" \t")
    trailing = line[len(body) :]
    if trailing.endswith("  "):
        return trailing
    if not trailing and (len(body) - len(body.rstrip("\\"))) % 2 == 1:
        return "\\"
    return ""


def restore_hard_breaks(source: str, translation: str) -> str:
    r"""Give the translation's line breaks back the hard-break markers of the source's.

    A msgid keeps each hard break of its block as a newline after the marker (two trailing
    spaces or a backslash). Translators, editors and engines often drop trailing spaces, which
    turns the hard break into a soft one (the lines would join). When the translation has as
    many lines as the source, each line that ended in a marker in the source and ends in none
    in the translation gets the source's marker back; a break inside a code span is content,
    not a hard break, and is left alone.

    >>> restore_hard_breaks("12 Quay Street  \nSpringfield", "12 क्वे स्ट्रीट\nस्प्रिंगफ़ील्ड")
    '12 क्वे स्ट्रीट  \nस्प्रिंगफ़ील्ड'
    >>> restore_hard_breaks("Call us\\\non weekdays.", "हमें कॉल करें\nसप्ताह में।")
    'हमें कॉल करें\\\nसप्ताह में।'
    """
    if "\n" not in translation or "\n" not in source:
        return translation
    source_lines = source.split("\n")
    lines = translation.split("\n")
    if len(lines) != len(source_lines):
        return translation
    from l10n.markdown.segment import code_span_contents  # segment builds on this package's modules

    in_code_source = _breaks_in_code_spans(source, code_span_contents)
    in_code = _breaks_in_code_spans(translation, code_span_contents)
    changed = False
    for number, line in enumerate(lines[:-1]):
        marker = _hard_break_marker(source_lines[number])
        if marker and number not in in_code_source and number not in in_code and not _hard_break_marker(line):
            lines[number] = line.rstrip(" \t") + marker if marker != "\\" else line + marker
            changed = True
    return "\n".join(lines) if changed else translation


def _breaks_in_code_spans(text: str, spans_of: Callable[[str], list[tuple[int, int]]]) -> set[int]:
    """Numbers (0-based) of the line breaks of ``text`` that fall inside a code span."""
    spans = spans_of(text)
    if not spans:
        return set()
    numbers: set[int] = set()
    position = -1
    for number in range(text.count("\n")):
        position = text.index("\n", position + 1)
        if any(start <= position < end for start, end in spans):
            numbers.add(number)
    return numbers


# C0/C1 controls but tab and line feed, U+FFFD and lone surrogates (issue 15): ESC or BEL in a
# catalog would reach built notes and terminals.
CONTROL_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\ud800-\udfff"
"""The characters :func:`control_problems` reports, as the inside of a regular-expression class."""
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


def control_problems(source: str, translation: str) -> list[Problem]:
    """A problem when ``translation`` holds control, replacement or surrogate characters that
    ``source`` has not."""
    found = sorted({c for c in _CONTROL.findall(translation) if c not in source})
    if not found:
        return []
    shown = ", ".join(f"U+{ord(c):04X}" for c in found)
    return [Problem("control", f"control, replacement or surrogate characters ({shown}); the source has none")]


_CODE_SPAN_AT = re.compile(r"(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)
"""A code span whose opening backtick string starts where it is matched (CommonMark 6.1)."""


def crosses_code_span(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` (character indices) holds the opening backtick string of a
    code span that closes after ``end``: a construct matched there would cut that code span
    in two. Backtick strings are read as CommonMark 6.1 reads them: a backslash-escaped backtick
    is literal and the rest of its string opens; a string without an equally long closer is
    literal; a code span closed before ``end`` is passed over whole."""
    at = text.find("`", start, end)
    while at != -1:
        run_end = at
        while run_end < len(text) and text[run_end] == "`":
            run_end += 1
        backslashes = 0
        while at - backslashes > 0 and text[at - backslashes - 1] == "\\":
            backslashes += 1
        opener = at + backslashes % 2  # an escaped backtick is literal; the rest of its string opens
        span = _CODE_SPAN_AT.match(text, opener) if opener < run_end else None
        if span is not None and span.end() > end:
            return True
        after = span.end() if span is not None else run_end
        at = text.find("`", after, end) if after < end else -1
    return False


def finditer_code_first(
    pattern: re.Pattern[str], lead: re.Pattern[str], text: str, gives_way: Callable[[re.Match[str]], bool]
) -> Iterator[re.Match[str]]:
    """:func:`finditer_at_leads`, with code spans taking precedence: a match for which
    ``gives_way`` is true (a construct CommonMark ranks below code spans: everything but raw HTML
    and autolinks, CommonMark 6.1 "Code span backticks have higher precedence than any other
    inline constructs except HTML tags and autolinks") is dropped when it would cut a code span
    in two (:func:`crosses_code_span`: ``$HOME … `$PATH``` is no math), and the scan goes on
    one character after its start. A text without a backtick is scanned as before."""
    if "`" not in text:
        yield from finditer_at_leads(pattern, lead, text)
        return
    at = 0
    while True:
        for match in finditer_at_leads(pattern, lead, text, at):
            start, end = match.span()
            if text.find("`", start, end) >= 0 and gives_way(match) and crosses_code_span(text, start, end):
                at = start + 1
                break
            yield match
        else:
            return
