"""Markup protection around machine translation, and validation of any translation.

Before a segment goes to an engine, everything in it that must come back byte for byte —
inline code, URLs and autolinks (GFM's extended ones too: ``www.…``, emails, ``mailto:``,
``xmpp:``), link destinations ``](…)``, reference labels ``][label]``,
collapsed references to labels the note does not define (``[name][]``, whole),
HTML tags and comments, footnote references ``[^x]``, template tags ``{{ … }}`` / ``{% … %}``,
MDX expressions ``{props.value}`` / ``{/* comment */}`` (:mod:`l10n.markdown.mdx`),
entities, backslash escapes and the glossary's do-not-translate terms — is replaced by a
numbered placeholder; :meth:`Protected.restore` puts the originals back.

Placeholders are ``{1}``, ``{2}``, … : the ICU/.NET/``str.format`` style that MT services and
LLMs are trained to copy through untouched (``⟦1⟧`` style brackets get dropped or spaced out by
Google and Argos more often). Restoring tolerates what engines do to them in practice: inner
spaces (``{ 1 }``) and full-width braces (``｛1｝``). Text that already looks like a
placeholder is itself protected, so a literal ``{1}`` in a note can never be confused with one.

:mod:`l10n.markdown.validate` (the one validator of translations) uses :func:`protect` to compare a
machine reply's protected parts with its source's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from l10n.errors import ConfigError
from l10n.markdown.autolink import extended_autolinks, has_candidate
from l10n.markdown.dialect import ATTRIBUTE_LIST, INLINE_MATH, LIQUID_SKELETON_BLOCKS
from l10n.markdown.markup import finditer_code_first
from l10n.markdown.mdx import EXPRESSION


@lru_cache(maxsize=1)
def _likely_subtags() -> Mapping[str, str]:
    """CLDR likely subtags, loaded when first asked: babel's global data cost every build that
    imports the validator (and never asks) about 20 ms."""
    from babel.core import get_global

    likely: Mapping[str, str] = get_global("likely_subtags")
    return likely


def subtags(tag: str) -> tuple[str, str | None, str | None]:
    """Language, script and region of a tag, the missing ones filled from CLDR likely subtags.

    >>> subtags("zh-TW")
    ('zh', 'Hant', 'TW')
    >>> subtags("hi")
    ('hi', 'Deva', 'IN')
    """
    parts = tag.replace("_", "-").split("-")
    lang, script, region = parts[0].lower(), None, None
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            script = part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            region = part.upper()
    for key in (f"{lang}_{region}", f"{lang}_{script}", lang):
        likely = _likely_subtags().get(key)
        if likely:
            _, l_script, l_region = [*likely.split("_"), "", ""][:3]
            script = script or l_script or None
            region = region or l_region or None
            break
    return lang, script, region


# Liquid and Hugo tags inside a link destination (Hugo's "{{< ref >}}" shortcodes included).
# Tempered: a tag scan stops at the next opening, so runs of ``{{`` cost linear time.
_TAG_IN_DESTINATION = r"\{\{(?:(?!\{\{|\}\})[^\n])*\}\}|\{%(?:(?!\{%|%\})[^\n])*%\}"
_AROUND = r"[ \t]*(?:\n[ \t]*)?"
# Every character has one way to match (a ``{`` starts a tag or stands alone): failing scans stay linear.
_DESTINATION = rf"(?:<[^<>\n]*>|(?:{_TAG_IN_DESTINATION}|[^()\s{{]|\{{(?![{{%])|\([^()\s]*\))*)"
_TITLE = r"""(?:[ \t]*(?:\n[ \t]*)?[ \t](?:"[^"]*"|'[^']*'|\([^)]*\))|\n[ \t]*(?:"[^"]*"|'[^']*'|\([^)]*\)))?"""
ICON_SHORTCODE = r"(?<![\w:]):[+\-]?[a-z0-9_]+(?:[+\-][a-z0-9_]+)*:(?![\w:])"
"""Emoji and icon shortcodes: ``:smile:``, ``:+1:``, ``:material-download:``,
``:fontawesome-brands-github:`` (pymdownx.emoji in MkDocs, GitHub, Hugo's ``enableEmoji``)."""

_LIQUID_NAMES = "|".join(LIQUID_SKELETON_BLOCKS)
_HTML_CODE = r"<(?P<element>code)(?:[ \t][^<>\n]*)?>[^<\n]*</(?P=element)>"
""":mod:`l10n.markdown.markup` compares the same elements (its ``code`` group)."""

_UNDEFINED_REFERENCE = r"\[(?!\^)(?:[^\[\]\\\n]++|\\.)++\]\[\]"
"""A collapsed reference ``[text][]`` (its text without unescaped brackets or line ends)."""

# An attribute list right after an element belongs to it (Python-Markdown attr_list, kramdown
# span IALs): it is part of that element's placeholder, so no engine can detach it.
_ATTACHED = f"(?:{ATTRIBUTE_LIST})?"

_RULES: tuple[tuple[str, str], ...] = (
    ("placeholder", r"[{｛][ \t]*\d+[ \t]*[}｝]"),
    # A backtick string is not preceded by a backtick, unless that one is escaped (CommonMark
    # 6.1: "\`" is a literal backtick, and the string of backticks after it opens a code span).
    ("code span", r"(?<!(?<!\\)`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)" + _ATTACHED),
    # Each lazy scan is tempered to stop at the next opening of its kind, so failed attempts
    # never scan the same text twice and a run of ``{{`` or ``<!--`` costs linear time.
    # Liquid {% comment %}/{% raw %}, code blocks ({% highlight %}…: LIQUID_SKELETON_BLOCKS) and
    # kramdown {::comment}/{::nomarkdown} spans, bodies included: never prose to translate
    # (Liquid docs "comment", "raw"; Jekyll "highlight"; kramdown syntax "Extensions").
    # Each body scan stops at the next opening or closing of its kind: linear time.
    (
        "template comment",
        (
            rf"\{{%-?[ \t]*(?P<liquid>{_LIQUID_NAMES})(?:[ \t][^%\n]*?)?[ \t]*-?%\}}"
            rf"(?:(?!\{{%-?[ \t]*(?:end)?(?:{_LIQUID_NAMES})\b).)*"
            r"\{%-?[ \t]*end(?P=liquid)[ \t]*-?%\}"
            r"|\{::(?P<extension>comment|nomarkdown)\b[^{}\n]*\}(?:(?!\{::|\{:/).)*\{:/(?P=extension)?\}"
        ),
    ),
    ("template tag", r"\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}|\{#(?:(?!\{#).)*?#\}"),
    # comments, processing instructions, CDATA and declarations: CommonMark's other raw HTML
    (
        "HTML comment",
        r"<!--(?:(?!<!--).)*?-->|<\?(?:(?!<\?).)*?\?>|<!\[CDATA\[(?:(?!<!\[CDATA\[).)*?\]\]>|<![A-Za-z][^<>]*>",
    ),
    (
        "autolink",
        r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9][A-Za-z0-9.\-]*)>",
    ),
    # HTML's code element with its text, on one line and without tags inside: code as much as a
    # code span is (<code>make</code>), most often in HTML blocks' text. Not <kbd>: key names
    # are translated in some languages (German "Strg" for Ctrl)
    ("HTML code", _HTML_CODE),
    # an attribute's value may be an MDX expression holding "<" or ">" (<Button onClick={() => go()}>)
    ("HTML tag", rf"""</?[A-Za-z][A-Za-z0-9\-]*(?:\s+(?:"[^"]*"|'[^']*'|[^<>{{`"']|(?>{EXPRESSION}|\{{))*?)?/?>"""),
    ("math", INLINE_MATH),
    ("footnote reference", r"\[\^[^\[\]\s]+\]"),
    # A destination may start and end on another line (CommonMark 6.3: spaces or tabs and up
    # to one line ending around it) and may hold Liquid or Hugo tags with spaces and quotes
    # (``]({% link a.md %}#x)``, ``]({{< ref "x.md" >}})``): all of it stays as it is.
    ("link destination", r"\]\(" + _AROUND + _DESTINATION + _TITLE + _AROUND + r"\)" + _ATTACHED),
    # A collapsed reference left after the note's own are made full (:func:`protect`) names a
    # label the note does not define (MkDocs autorefs' ``[`set`][]``, resolved at site build):
    # its text is that identifier, so all of it stays as written.
    # Possessive runs (a character of text has one way to match, so nothing is given back; the
    # matches are those of ``(?:[^\[\]\\\n]|\\.)+``): that pattern's repeat of an alternation,
    # tried at every "[", was two thirds of protect()'s time on a bracketed reply (52 → 18 µs, issue 19).
    ("undefined reference", _UNDEFINED_REFERENCE + _ATTACHED),
    ("reference label", r"\]\[[^\]\n]*\]" + _ATTACHED),
    ("icon shortcode", ICON_SHORTCODE + _ATTACHED),
    # one after emphasis (``*word*{: .x}``) or standing alone: kept whole all the same
    ("attribute list", ATTRIBUTE_LIST),
    # MDX's {props.value}, {/* comment */}: JavaScript, whatever the dialect (l10n.markdown.mdx);
    # after the rules above, which win at the same "{" (placeholders, tags, attribute lists)
    ("MDX expression", EXPRESSION),
    # no backtick: a code span after a URL is code (GFM reads extended autolinks in text only)
    ("URL", r"\b(?:https?|ftp)://[^\s<>()\[\]`]*[^\s<>()\[\].,;:!?'\"*_`]"),
    ("entity", r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"),
    ("escape", r"\\[!-/:-@\[-`{-~]"),
)
_TOKEN = re.compile(r"[{｛][ \t]*(\d+)[ \t]*[}｝]")
_RULE_COUNT = len(_RULES)
_UNDEFINED_RULE = next(index for index, (name, _) in enumerate(_RULES) if name == "undefined reference")


_ABOVE_CODE = frozenset({"placeholder", "code span", "template comment", "HTML comment", "autolink", "HTML code", "HTML tag", "link destination"})
"""Rules whose matches a code span never cuts: raw HTML and autolinks (CommonMark 6.1), a link's
destination once its ``](`` stands outside code (CommonMark 6.3 reads it whole: ``[a](b`c)`` is
a link; markdown-it and commonmark.js agree), Liquid blocks (Liquid runs before Markdown: a
``{% raw %}`` body is opaque), code itself and placeholders."""
_GIVES_WAY = frozenset(f"r{index}" for index, (name, _) in enumerate(_RULES) if name not in _ABOVE_CODE)


def _gives_way_to_code(match: re.Match[str]) -> bool:
    return match.lastgroup in _GIVES_WAY or int(str(match.lastgroup)[1:]) >= _RULE_COUNT


_COLLAPSED = "][]"
"""What every match of the ``undefined reference`` rule holds (:data:`_UNDEFINED_REFERENCE` ends
with it): a text without it is protected by :func:`_pattern` without that rule (``collapsed``)."""
_NEVER = "(?!)"
"""A rule that matches nowhere: stands in for a rule left out, so the group numbers stay."""


@lru_cache(maxsize=64)
def _pattern(keep: tuple[str, ...], collapsed: bool = True) -> re.Pattern[str]:
    """The rules (and ``keep``'s glossary terms) as one pattern, group ``r<i>`` per rule.

    ``collapsed=False``: the ``undefined reference`` rule matches nowhere, for a text without
    :data:`_COLLAPSED`, where it cannot match (the same matches). Its possessive run was tried at
    every ``[`` of such a text and went to the next bracket: a fifth of :func:`protect` on the
    pseudo engine's bracketed replies (session 18)."""
    rules = list(_RULES)
    if not collapsed:
        rules[_UNDEFINED_RULE] = (rules[_UNDEFINED_RULE][0], _NEVER)
    if keep:
        terms = "|".join(re.escape(t) for t in sorted(keep, key=len, reverse=True))
        rules.append(("glossary term", rf"(?<!\w)(?:{terms})(?!\w)"))
    names = [f"r{i}" for i in range(len(rules))]
    alternatives = "|".join(f"(?P<{n}>{rx})" for n, (_, rx) in zip(names, rules))
    # Every rule's match starts with one of _LEAD or a URL's scheme (a glossary term with its
    # own first letter): a lookahead on them lets the regex engine pass over most positions at
    # once instead of trying each rule there, about 6× faster on prose; what matches is
    # unchanged. The scheme whole, not its "h" or "f": those letters start one English word in
    # ten, and each tried every rule (protect 1.3-1.6× faster on the synthetic site, issue 19).
    lead = _LEAD + "".join(sorted({re.escape(t[0]) for t in keep if t}))
    return re.compile(f"(?=[{lead}]|{_URL_LEAD})(?:{alternatives})", re.DOTALL)


@lru_cache(maxsize=64)
def _lead(keep: tuple[str, ...]) -> re.Pattern[str]:
    """One character class of the characters :func:`_pattern`'s matches start with, URLs aside."""
    return re.compile(f"[{_LEAD}{''.join(sorted({re.escape(t[0]) for t in keep if t}))}]")


_LEAD = r"{｛`<\[\]&\\:$"
"""First characters of the rules' matches but URLs': braces, backtick, ``<``, brackets, ``&``,
backslash, colon (icons) and ``$`` (math)."""
_URL_LEAD = "https?://|ftp://"
"""How the URL rule's matches start (``http``, ``https`` and ``ftp`` schemes)."""


def _rule_name(match: re.Match[str]) -> str:
    # The rule's group ``r<i>`` encloses any group of its own, so it is the last one closed.
    index = int(str(match.lastgroup)[1:])
    return _RULES[index][0] if index < len(_RULES) else "glossary term"


class Protected(NamedTuple):
    """A segment with its protected parts replaced by ``{1}``, ``{2}``, …

    A named tuple, not a frozen dataclass: as immutable, and made without an
    ``object.__setattr__`` per field (two are made per machine-translated text, issue 19)."""

    source: str
    text: str
    """What is sent to the engine."""
    originals: tuple[str, ...]
    """``originals[i - 1]`` is what ``{i}`` stands for."""
    kinds: tuple[str, ...] = ()
    """Rule that protected each original ("code span", "URL", …), for messages."""
    expanded: str = ""
    """The source with its shortcut references written as full ones, when protected with the
    note's references (empty otherwise): what a restored reply is to be compared with."""

    @property
    def compared(self) -> str:
        """The text a restored translation must keep the markup of."""
        return self.expanded or self.source

    def restore(self, translation: str) -> str:
        """Put the originals back; unknown placeholder numbers are left as they are."""
        if not self.originals:
            return translation

        def put_back(match: re.Match[str]) -> str:
            number = int(match.group(1))
            return self.originals[number - 1] if 1 <= number <= len(self.originals) else match.group(0)

        return _TOKEN.sub(put_back, translation)


def protect(text: str, keep: Sequence[str] = (), references: Mapping[str, str] | None = None) -> Protected:
    """Replace everything an engine must not touch by placeholders.

    With ``references`` (the note's link definitions, normalized label → destination), shortcut
    and collapsed references that resolve are first written as full references, so their label
    is protected next to the link text and survives any reordering; ``Protected.expanded`` is
    then that expanded text, the one a restored translation is to be compared with.

    >>> p = protect("Run `make` and see [docs](https://x.org/a_b).")
    >>> p.text
    'Run {1} and see [docs{2}.'
    >>> p.restore("Lancez {1} et voyez [la doc{2}.")
    'Lancez `make` et voyez [la doc](https://x.org/a_b).'
    """
    source = text
    if references is not None and "[" in text:
        from l10n.markdown.references import as_full_references  # loads markdown-it: only when needed

        text = as_full_references(text, references)
    keep_terms = tuple(t for t in keep if t) if keep else ()
    originals: list[str] = []
    kinds: list[str] = []
    pattern = _pattern(keep_terms, _COLLAPSED in text)
    parts: list[str] = []
    end = 0
    # pattern.sub(replace, text), found faster; the usual match is held inline, not by a
    # callback per match (the callbacks were half of protect()'s time, issue 19)
    # GFM extended autolinks (www., emails, mailto:, xmpp:) are looked for in the text between
    # the rules' matches (nothing inside code or a destination is one): their start is any
    # letter, which the rules' lead lookahead could not pass over (l10n.markdown.autolink)
    linkable = has_candidate(text)
    for match in finditer_code_first(pattern, _lead(keep_terms), text, _gives_way_to_code):
        start = match.start()
        if end != start:
            if linkable:
                _hold_autolinks(text, end, start, parts, originals, kinds)
            else:
                parts.append(text[end:start])
        index = int(str(match.lastgroup)[1:])  # _rule_name, inline
        kind = _RULES[index][0] if index < _RULE_COUNT else "glossary term"
        original = match.group()
        titled = _split_link_title(original) if kind == "link destination" else None
        if titled is not None:  # the title is text a reader sees: only what surrounds it is kept
            parts.append(_hold_titled(titled, kind, pattern, originals, kinds))
        else:
            originals.append(original)
            kinds.append(kind)
            parts.append("{" + str(len(originals)) + "}")
        end = match.end()
    if linkable and end != len(text):
        _hold_autolinks(text, end, len(text), parts, originals, kinds)
    if not originals:
        return Protected(source, text, (), (), "" if text == source else text)
    if not linkable:
        parts.append(text[end:])
    return Protected(source, "".join(parts), tuple(originals), tuple(kinds), "" if text == source else text)


def _hold_autolinks(text: str, start: int, end: int, parts: list[str], originals: list[str], kinds: list[str]) -> None:
    """``text[start:end]`` (between two rules' matches) onto ``parts``, its extended autolinks
    (:func:`l10n.markdown.autolink.extended_autolinks`, GFM 6.9) held as placeholders."""
    gap = text[start:end]
    at = 0
    for link_start, link_end in extended_autolinks(gap, text[start - 1] if start else ""):
        if at != link_start:
            parts.append(gap[at:link_start])
        originals.append(gap[link_start:link_end])
        kinds.append("extended autolink")
        parts.append("{" + str(len(originals)) + "}")
        at = link_end
    if at != len(gap):
        parts.append(gap[at:])


def _hold_titled(titled: tuple[str, str, str], kind: str, pattern: re.Pattern[str], originals: list[str], kinds: list[str]) -> str:
    """A link destination with a title (:func:`_split_link_title`): what surrounds the title
    held as two placeholders, the title's own text protected by ``pattern`` in between, as
    :func:`protect` holds a match (``originals`` and ``kinds`` grow)."""

    def hold(original: str, kind: str) -> str:
        originals.append(original)
        kinds.append(kind)
        return "{" + str(len(originals)) + "}"

    def replace(match: re.Match[str]) -> str:
        kind = _rule_name(match)
        inner = _split_link_title(match.group(0)) if kind == "link destination" else None
        if inner is not None:
            return hold(inner[0], kind) + pattern.sub(replace, inner[1]) + hold(inner[2], kind)
        return hold(match.group(0), kind)

    return hold(titled[0], kind) + pattern.sub(replace, titled[1]) + hold(titled[2], kind)


_LINK_TITLE = re.compile(r"""(?<=[ \t\n])(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|\((?P<paren>[^()]*)\))[ \t]*(?:\n[ \t]*)?\)\Z""")
_LETTER = re.compile(r"[^\W\d_]")


def _split_link_title(destination: str) -> tuple[str, str, str] | None:
    """``](url "Title")`` as (``](url "``, ``Title``, ``")``) when it has a title with a letter
    (CommonMark 6.3: a title is text a reader sees, in a tooltip); None otherwise. Only the
    title's text goes to the engine; the destination and the delimiters stay as they are."""
    found = _LINK_TITLE.search(destination)
    if found is None:
        return None
    group = next(name for name in ("double", "single", "paren") if found.group(name) is not None)
    if not _LETTER.search(found.group(group)):
        return None
    return destination[: found.start(group)], found.group(group), destination[found.end(group) :]


# --- glossary --------------------------------------------------------------------------------

_KEEP_KEYS = ("keep", "do_not_translate", "do-not-translate")


@dataclass(frozen=True)
class Glossary:
    """Terms that stay as they are, and fixed translations per target language.

    Read from ``[tool.l10n.glossary]`` (or the file it names)::

        keep = ["Obsidian", "GitHub"]          # do-not-translate terms
        [tool.l10n.glossary.hi]
        "pull request" = "पुल रिक्वेस्ट"
    """

    keep: tuple[str, ...] = ()
    fixed: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def from_config(cls, table: Mapping[str, Any] | Glossary | None) -> Glossary:
        if isinstance(table, Glossary):
            return table
        keep: list[str] = []
        fixed: dict[str, dict[str, str]] = {}
        for key, value in (table or {}).items():
            if key in _KEEP_KEYS:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ConfigError(f"glossary: {key!r} must be a list of strings")
                keep.extend(value)
            elif isinstance(value, Mapping):
                if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                    raise ConfigError(f"glossary: [{key}] must map terms to their translations (strings)")
                fixed[key] = dict(value)
            else:
                import difflib  # here: only a wrong glossary needs it, not every build's start-up

                close = difflib.get_close_matches(key, _KEEP_KEYS, n=1)
                hint = f"did you mean {close[0]!r}?" if close else "use 'keep = [...]' or a table per language"
                raise ConfigError(f"glossary: unexpected key {key!r}; {hint}")
        return cls(tuple(dict.fromkeys(keep)), fixed)

    def terms_for(self, target: str) -> dict[str, str]:
        """Fixed translations for ``target``: its own table, else its language's (``pt`` for ``pt-BR``)."""
        language = subtags(target)[0]
        return dict(self.fixed.get(target) or self.fixed.get(language) or {})


# --- validation ------------------------------------------------------------------------------

_SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "Deva": ((0x0900, 0x097F), (0xA8E0, 0xA8FF)),
    "Arab": ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "Hans": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)),
    "Kana": ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)),
    "Hang": ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)),
    "Cyrl": ((0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)),
    "Grek": ((0x0370, 0x03FF), (0x1F00, 0x1FFF)),
    "Hebr": ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    "Thai": ((0x0E00, 0x0E7F),),
    "Laoo": ((0x0E80, 0x0EFF),),
    "Beng": ((0x0980, 0x09FF),),
    "Guru": ((0x0A00, 0x0A7F),),
    "Gujr": ((0x0A80, 0x0AFF),),
    "Orya": ((0x0B00, 0x0B7F),),
    "Taml": ((0x0B80, 0x0BFF),),
    "Telu": ((0x0C00, 0x0C7F),),
    "Knda": ((0x0C80, 0x0CFF),),
    "Mlym": ((0x0D00, 0x0D7F),),
    "Sinh": ((0x0D80, 0x0DFF),),
    "Tibt": ((0x0F00, 0x0FFF),),
    "Mymr": ((0x1000, 0x109F),),
    "Geor": ((0x10A0, 0x10FF), (0x2D00, 0x2D2F), (0x1C90, 0x1CBF)),
    "Armn": ((0x0530, 0x058F),),
    "Ethi": ((0x1200, 0x139F),),
    "Khmr": ((0x1780, 0x17FF),),
    "Thaa": ((0x0780, 0x07BF),),
}
# Scripts that mix: Japanese writes Han and kana, Korean may include Han, Traditional = Han.
_COMPOSITE = {"Hant": ("Hans",), "Jpan": ("Hans", "Kana"), "Kore": ("Hang", "Hans")}


def expected_script(target: str) -> str | None:
    """ISO 15924 code of the script ``target`` is written in, or None for Latin and unknown.

    >>> expected_script("hi"), expected_script("zh-TW"), expected_script("de")
    ('Deva', 'Hant', None)
    """
    script = subtags(target)[1]
    return script if script in _SCRIPTS or script in _COMPOSITE else None


def _in_script(char: str, script: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for part in _COMPOSITE.get(script, (script,)) for lo, hi in _SCRIPTS[part])


def validate(source: str, translation: str, target: str, **options: Any) -> list[str]:
    """Moved to :func:`l10n.markdown.validate.check_reply` (the one validator); kept for old callers."""
    from l10n.markdown.validate import check_reply

    return check_reply(source, translation, target, **options)
