"""Cut a note into translatable segments, at the positions markdown-it-py reports.

Extraction principles:

1. One segment per leaf block of prose: heading, paragraph, list item paragraph, blockquote
   paragraph, footnote paragraph, table cell, translatable front-matter value, the text lines of
   a kramdown ``markdown="1"`` HTML block, and the alt text of an image that stands alone.
2. The msgid is the block's own Markdown, inline markup included, with soft line breaks joined
   by one space (translators and engines see flowing text) and hard breaks kept as newlines.
3. Everything else is skeleton and is copied byte for byte: container markers, indentation,
   fences and code, HTML, math, thematic breaks, link reference definitions, footnote labels,
   template tags, blank lines, line endings and the front matter around the translated values.
4. A block whose text holds nothing to translate (no letters outside code, URLs, HTML and
   template tags) is not a segment.
5. Markdown is parsed block-level only (the inline core rule is off): segmenting never needs
   inline tokens, and skipping them roughly halves parse time.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from l10n.errors import DocumentError
from l10n.markdown.dialect import ATTRIBUTE_LIST, Dialect, LineView, line_view, starts_markdown_block
from l10n.markdown.document import BOM, Document, Segment, SegmentKind, Style
from l10n.markdown.frontmatter import find_front_matter, front_matter_segments
from l10n.markdown.references import normalize_label

if TYPE_CHECKING:  # markdown-it is imported when a note is first parsed: build usually never is
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token

_LINE_BREAK_KEPT = re.compile(r"(\r\n|\r|\n)")
_TEMPLATE_TAG = re.compile(r"\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}|\{#(?:(?!\{#).)*?#\}", re.DOTALL)
_NON_TEXT = re.compile(
    r"`+[^`]*`+"  # inline code
    # html tags, comments and autolinks (CommonMark 6.5, 6.6: a letter, /, ! or ? after <); no
    # "<" inside, so a run of "<" is scanned once
    r"|<[A-Za-z/!?][^<>\n]*>"
    r"|\]\((?:[^)\]]|\](?!\())*\)"  # link destinations
    r"|\]\[[^\]]*\]"  # reference labels
    r"|\[\^[^\[\]]*\]"  # footnote references
    r"|https?://\S+"
    r"|&[#\w]+;"
    r"|\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}"
)
# Linear time: a match attempt that fails scans no further than the next place where the same
# alternative could start (a ``<`` does not look past the next ``<``, ``](`` past the next
# ``](``, ``{{`` past the next ``{{``), so failed attempts never scan the same text twice: runs
# of ``<``, ``"](x"`` or ``{{`` with no closing mark cost time linear in their length, where
# ``[^)]*\)`` from every ``](`` was cubic.
# Where a _NON_TEXT match can start: the first character of each of its alternatives ("h" for
# a URL). One character class is searched 4x faster than the same with "https?://" as an
# alternative; an "h" that starts no URL only sends a text with no letter before it to the full
# substitution, which gives the same answer.
_NON_TEXT_START = re.compile(r"[`<\]\[&{h]")
_LETTER = re.compile(r"[^\W\d_]")
# An image alone (linked or not), with an attribute list after it (``{ width="100" }``) or none
_IMAGE_ALONE = re.compile(
    r"^(?P<pre>\[?!\[)(?P<alt>(?:[^\[\]\\]|\\.)*)(?P<post>\](?:\([^)]*\)|\[[^\]]*\])?(?:" + ATTRIBUTE_LIST + r")?"
    r"(?:\]\([^)]*\)|\]\[[^\]]*\])?(?:" + ATTRIBUTE_LIST + r")?)$"
)
# The title of a standing-alone image's destination, with a letter (CommonMark 6.4): text too.
_IMAGE_TITLE = re.compile(r"""[ \t](?:"[^"]*[^\W\d_][^"]*"|'[^']*[^\W\d_][^']*')[ \t]*\)""")
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?)*[ \t]*")
_DELIMITER_CHARS = " \t>|:-"
_DELIMITER_ROW = re.compile(r"^[\s>]*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_THEMATIC_BREAK = re.compile(r"^[ \t]*(?:([*_-])[ \t]*)(?:\1[ \t]*){2,}$")
_BLOCK_START = re.compile(r"[#>=+*`~<-]|\d{1,9}[.)]")
_LIST_MARKER_START = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_ENDS_WITH_LIST_MARKER = re.compile(r"(?:^|[ \t>])(?:[-+*]|\d{1,9}[.)])[ \t]+$")
_NOT_CONTAINER_MARK = re.compile(r"[^>\s]")
_DEFINITION_MARKER = re.compile(r":[ \t]+")
_DEFINITION_LINE = re.compile(r"[ \t>]*:[ \t]+\S")
# A task list item's box (GFM "task list items"), as mdit-py-plugins' tasklists rule reads it.
_BARE_MARKER = re.compile(r"#{1,6}|[-+*>]|\d{1,9}[.)]|=+|-+|(?:[-*_][ \t]*){3,}|`{3,}|~{3,}")
"""A line text that is a block marker alone (an empty ATX heading, list item or quote, a setext
underline, a thematic break, a fence) when nothing but spaces or tabs follows it."""
_TASK_BOX = re.compile(r"\[[ xX]\][ \t]")
# An element of an HTML block whose text a reader sees, opened and closed on one line, its text
# plain or with inline tags only (HTML "phrasing content"): <summary>Click to see</summary>.
_HTML_TEXT = re.compile(
    r"<(?P<tag>summary|figcaption|caption|legend|h[1-6]|p|li|dt|dd|td|th|label|button)(?:[ \t][^<>\n]*)?>"
    r"(?P<text>[^<\n]*(?:</?(?:a|abbr|b|br|cite|code|em|i|img|kbd|mark|q|s|small|span|strong|sub|sup|u)"
    r"(?:[ \t/][^<>\n]*)?>[^<\n]*)*)"
    r"</(?P=tag)[ \t]*>",
    re.IGNORECASE,
)
# Where an HTML block's text is never shown as prose: comments, and the bodies of pre, script,
# style and textarea (each scan stops at its own closing).
_HTML_RAW = re.compile(
    r"<!--(?:(?!-->).)*(?:-->|$)|<(?P<raw>pre|script|style|textarea)\b(?:(?!</(?P=raw)\s*>).)*", re.DOTALL | re.IGNORECASE
)
_MARKDOWN_ATTR = re.compile(r"""\bmarkdown\s*=\s*["']?(?:1|block|span)["']?""")


def markdown_parser(skipped_rules: frozenset[str] = frozenset(), deflist: bool = False) -> MarkdownIt:
    """The block-level parser, configured once per process (and per set of ``skipped_rules``);
    ``deflist`` adds mdit-py-plugins' definition lists (the ``deflist`` construct)."""
    return _configured_parser(skipped_rules, deflist)


def markdown_factory(deflist: bool = False, inline: bool = True) -> MarkdownIt:
    """A fresh markdown-it parser for l10n's Markdown: CommonMark, GFM tables, footnotes,
    ``$$`` math blocks, and definition lists when ``deflist``; with inline parsing unless
    ``inline`` is False. Tests and checks read notes with this, so they see what l10n sees."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(dollarmath_plugin)
    if deflist:
        md.use(deflist_plugin)
    if not inline:
        md.disable(["inline", "text_join"])
    return md


@functools.cache
def _configured_parser(skipped_rules: frozenset[str], deflist: bool = False) -> MarkdownIt:
    md = markdown_factory(deflist)
    # Keep footnote definitions where they stand (the tail rule would move them to the end)
    # and skip inline parsing entirely.
    md.disable(["inline", "text_join", "footnote_tail", *sorted(skipped_rules)])
    # Reference definitions matter for their labels; their destinations are compared only with
    # each other. Normalizing each one (percent-encoding, punycode) was a tenth of the parse of
    # a note with citation references. (Whether a definition is valid does not depend on it:
    # the javascript:/data: test reads the scheme, which normalizing leaves alone.)
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    if "reference" not in skipped_rules:
        md.block.ruler.at("reference", _fast_reference)
    _silence_rule_loggers()
    for chain in ("", "paragraph"):  # block starts, and the lines that might end a paragraph
        _dispatch_by_first_character(md, chain)
    return md


# The block rules that give up unless a line's first character (after its indentation) is one
# of these; the others (table, code, setext heading, paragraph) can start with anything.
_RULE_FIRST_CHARACTERS = {
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
    "footnote_def": "[",
    "math_block": "$",
}
# Asked silently (whether a line ends a paragraph, CommonMark 4.8), mdit-py-plugins' deflist rule
# reads only a definition's marker (its skipMarker: ":" or "~" first): not a term line.
_SILENT_FIRST_CHARACTERS = {**_RULE_FIRST_CHARACTERS, "deflist": ":~"}

Rule = Callable[["StateBlock", int, int, bool], bool]


def _dispatch_by_first_character(md: MarkdownIt, chain: str) -> None:
    """Ask, of a rule chain, only the rules that can match a line starting with its character.

    markdown-it-py calls every block rule in turn at each block start (each list item's too),
    and every paragraph-ending rule on every line of a paragraph; most of them look at the
    first character and give up: a third of the parse of a blog post. Rules are still tried in
    their order and each one that can match is asked, so the tokens are the same (tests compare
    them with the stock parser). Skipped quietly if markdown-it's rule cache is not what this
    expects."""
    ruler = md.block.ruler
    rules = ruler.getRules(chain)  # builds the cache
    cache = getattr(ruler, "__cache__", None)
    named = [
        (rule.name, rule.fn)
        for rule in getattr(ruler, "__rules__", [])
        if rule.enabled and (not chain or chain in rule.alt)
    ]
    if not isinstance(cache, dict) or cache.get(chain) is not rules or [fn for _, fn in named] != rules:
        return
    every_rule = tuple(rules)
    # the rules for each first character, asked to match (0) or silently (1)
    by_character: tuple[dict[str, tuple[Rule, ...]], ...] = ({}, {})

    def rules_for(character: str, silent: bool) -> tuple[Rule, ...]:
        firsts = _SILENT_FIRST_CHARACTERS if silent else _RULE_FIRST_CHARACTERS
        chosen = tuple(fn for name, fn in named if character in firsts.get(name, character))
        by_character[silent][character] = chosen
        return chosen

    def any_rule(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        start = state.bMarks[line] + state.tShift[line]
        if start >= state.eMarks[line]:
            candidates = every_rule
        else:
            character = state.src[start]
            found = by_character[silent].get(character)
            candidates = rules_for(character, silent) if found is None else found
        for rule in candidates:  # noqa: SIM110  # a plain loop: any() and its generator cost more here
            if rule(state, line, end, silent):
                return True
        return False

    cache[chain] = [any_rule]


# Searched in "\n" + text: a line start is then always after a line break (3x faster than ^ with
# re.MULTILINE and a look-behind for "\r").
_SETEXT_UNDERLINE = re.compile(r"[\r\n][ \t>]*(?:=+|-+)[ \t]*(?=[\r\n]|\Z)")
_UNDERLINE_LINE = re.compile(r"[ \t>]*(?:=+|-+)[ \t]*")
_UNDERLINE_ENDS = ("=", "-", " ", "\t")


def _has_setext_underline(text: str, lines: Sequence[str] | None = None) -> bool:
    """Whether a line of ``text`` is a setext heading underline: a run of ``=`` or ``-`` after
    container markers (CommonMark 4.3). Without CR, lines are split (or ``lines``, the split
    already made, are read) and only those ending like one are matched: 6x faster than the regex
    search, which tries every character of a note."""
    if "\r" in text:
        return _SETEXT_UNDERLINE.search("\n" + text) is not None
    return any(
        line.endswith(_UNDERLINE_ENDS) and _UNDERLINE_LINE.fullmatch(line)
        for line in (text.split("\n") if lines is None else lines)
    )

# What each optional block rule needs to find in a text before it can match anywhere in it
# (a table's header row has a pipe, a setext underline is a line of = or - after container
# markers, a reference definition has "]:"...).
_RULE_NEEDS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("table", lambda text: "|" in text),
    ("math_block", lambda text: "$$" in text),
    ("fence", lambda text: "```" in text or "~~~" in text),
    ("blockquote", lambda text: ">" in text),
    ("footnote_def", lambda text: "[^" in text),
    ("reference", lambda text: "]:" in text),
    ("html_block", lambda text: "<" in text),
    ("heading", lambda text: "#" in text),
    ("lheading", _has_setext_underline),
    ("deflist", lambda text: ":" in text or "~" in text),  # a definition starts with ":" or "~"
)


def parser_for(text: str, deflist: bool = False, math: bool = True, lines: Sequence[str] | None = None) -> MarkdownIt:
    """The parser for ``text`` without the block rules that cannot match in it (and without
    ``$$`` math blocks when ``math`` is False: the ``math`` construct switched off); ``lines``
    is ``text.split("\\n")`` when the caller has it.

    markdown-it-py tries every block rule at each block start, and the paragraph-ending rules at
    every paragraph line; the setext heading rule even reads each paragraph twice. A rule that
    cannot match returns False and changes no state, so leaving it out gives the same tokens
    (tests compare the two parsers) in less time (the corpus: 15 % less parse time).
    """
    skipped = frozenset(
        name
        for name, needed in _RULE_NEEDS
        if (name == "math_block" and not math)
        or (
            not (_has_setext_underline(text, lines) if name == "lheading" else needed(text))
            and (deflist or name != "deflist")
        )
    )
    return markdown_parser(skipped, deflist)


def parse_top_level_blocks(
    md: MarkdownIt,
    src: str,
    env: dict[str, object],
    on_block: Callable[[list[Token]], None],
    lines: Sequence[str] | None = None,
) -> None:
    """Block-parse ``src`` as ``md.parse(src, env)`` does, handing the tokens of each top-level
    block (balanced: a whole list, blockquote, table, paragraph...) to ``on_block``, then
    dropping them. ``lines`` is ``src.split("\\n")`` when the caller has it (read only when
    ``src`` needs no normalizing).

    The whole token tree of a long note was most of a run's peak memory (about 26 bytes of
    tokens per byte of note: a 16-field object per token); one block at a time it is bounded by
    the largest block. The loop is markdown-it-py's ``ParserBlock.tokenize`` at the top level
    (blkIndent 0); no block rule reads the tokens of an earlier top-level block (list, deflist
    and footnote rules look back only at their own), and with inline parsing off no core rule
    runs after ``block``. When the core chain is other than that, the whole tree is parsed and
    handed over at once. Raises RuntimeError as markdown-it-py does when no rule matches.
    """
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore, normalize

    if md.core.ruler.get_active_rules() != ["normalize", "block"]:
        on_block(md.parse(src, env))
        return
    if "\r" in src or "\0" in src:
        # line endings to "\n", NUL to U+FFFD, as the core chain does first; with neither,
        # normalizing is a copy (its regex replaces every "\n" by itself: 4 % of a parse)
        core = StateCore(src, md, env)
        normalize(core)
        src = core.src
        del core
        lines = None  # of the text before normalizing
    if not src:
        return
    state = StateBlock("", md, env, [])  # every field at its start value, no line read yet
    state.src = src
    state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount = line_marks(src, lines)
    state.lineMax = len(state.bMarks) - 1  # the last entry is the fake line after the end
    rules = md.block.ruler.getRules("")
    line, end = state.line, state.lineMax
    has_empty_lines = False
    while line < end:
        state.line = line = state.skipEmptyLines(line)
        if line >= end or state.level >= md.options.maxNesting:
            break
        for rule in rules:
            if rule(state, line, end, False):
                if state.line <= line:
                    raise RuntimeError("block rule didn't increment state.line")
                break
        else:
            raise RuntimeError("none of the block rules matched")
        state.tight = not has_empty_lines
        line = state.line
        if (line - 1) < end and state.isEmpty(line - 1):
            has_empty_lines = True
        if line < end and state.isEmpty(line):
            has_empty_lines = True
            line += 1
            state.line = line
        on_block(state.tokens)
        state.tokens = []


def line_marks(src: str, lines: Sequence[str] | None = None) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """markdown-it-py's per-line caches of ``StateBlock`` for ``src`` (line endings already
    "\\n"): where each line begins and ends, its indentation in characters and in columns (a
    tab to the next multiple of 4), and ``bsCount`` (0), each with the fake entry for the line
    after the end. A last line of spaces and tabs alone without a line break has none, as in
    markdown-it. Offsets are characters of ``src``; ``lines`` is ``src.split("\\n")`` when the
    caller has it (not changed here).

    Hand-written from ``StateBlock.__init__``, whose loop runs Python code per line (3 % of an
    extract): here a split and list comprehensions. Tests compare the two.
    """
    lines = src.split("\n") if lines is None else list(lines)  # a copy: the last line may go
    last = lines.pop()  # after the last line break: a line only if it holds more than spaces and tabs
    if last.strip(" \t"):
        lines.append(last)
    begins = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    length = len(src)
    begins[-1] = length
    ends = [begin + len(line) for begin, line in zip(begins, lines)]
    ends.append(length)
    shifts = [len(line) - len(line.lstrip(" \t")) for line in lines]
    if "\t" in src:
        counts = [_columns(line[:shift]) if "\t" in line[:shift] else shift for line, shift in zip(lines, shifts)]
    else:
        counts = shifts.copy()
    shifts.append(0)
    counts.append(0)
    return begins, ends, shifts, counts, [0] * len(begins)


def _columns(indent: str) -> int:
    """Columns of spaces and tabs (a tab to the next multiple of 4, CommonMark 2.2)."""
    column = 0
    for character in indent:
        column += 4 - column % 4 if character == "\t" else 1
    return column


def _as_written(url: str) -> str:
    return url


# A reference definition on one line, in its plainest form: a label without brackets or
# escapes, a destination without spaces, parentheses, escapes, entities or control characters,
# and an optional quoted title. Anything else goes to markdown-it's own rule.
_SIMPLE_DEFINITION = re.compile(
    r"""\[([^\[\]\\\n]+)\]:[ \t]+([^\s<>()\\&\x00-\x1f\x7f]+)"""
    r"""(?:[ \t]+("[^"\\&\n]*"|'[^'\\&\n]*'))?[ \t]*"""
)


def _fast_reference(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """markdown-it's reference rule, with the plainest one-line definitions read by one regex.

    markdown-it-py reads a definition character by character through three helpers (a blog
    note with six citation links spent a fifth of its parse there). The result for a plain
    definition is the same (tests compare labels, titles and tokens with the stock parser)."""
    from markdown_it.rules_block import reference as stock_reference

    start = state.bMarks[line] + state.tShift[line]
    if state.src[start : start + 1] != "[" or state.is_code_block(line):
        return False
    match = _SIMPLE_DEFINITION.fullmatch(state.src, start, state.eMarks[line])
    if match is None or state.md.options.get("inline_definitions", False):
        return stock_reference(state, line, end, silent)
    label, href, title = normalize_label(match[1]), match[2], match[3]
    following = line + 1
    if (
        not label
        or not state.md.validateLink(href)
        or (
            title is None  # a title may follow on the next line: let the stock rule decide
            and following < state.lineMax
            and not state.isEmpty(following)
            and state.src[state.bMarks[following] + state.tShift[following]] in "\"'("
        )
    ):
        return stock_reference(state, line, end, silent)
    if silent:
        return True
    references = state.env.setdefault("references", {})
    state.line = following
    entry = {"title": title[1:-1] if title else "", "href": href, "map": [line, following]}
    if label in references:
        state.env.setdefault("duplicate_refs", []).append({**entry, "label": label})
    else:
        references[label] = entry
    return True


def _silence_rule_loggers() -> None:
    """markdown-it-py calls ``LOGGER.debug`` at the start of every block rule on every line
    (about 200,000 calls for 1.5 MB), a tenth of the parse time even when nothing is logged."""
    import logging  # loaded by markdown-it already

    for name, logger in logging.Logger.manager.loggerDict.items():
        if name.startswith("markdown_it.") and isinstance(logger, logging.Logger):
            logger.debug = _no_debug  # type: ignore[method-assign]


def _no_debug(*args: object, **kwargs: object) -> None:
    return None


def _utf16_variant(data: bytes) -> str | None:
    """``"UTF-16LE"``/``"UTF-16BE"`` when ``data`` looks like UTF-16 (a byte-order mark, or the
    zero byte of every ASCII character on the same side of each pair, as Windows tools write it)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16LE" if data[:2] == b"\xff\xfe" else "UTF-16BE"
    head = data[:512]
    if len(head) >= 4 and len(head) % 2 == 0:
        odd, even = head[1::2], head[0::2]
        if odd.count(0) == len(odd) and 0 not in even:
            return "UTF-16LE"
        if even.count(0) == len(even) and 0 not in odd:
            return "UTF-16BE"
    return None


def decode_note(data: bytes, path: str = "<note>") -> tuple[str, bool]:
    """Decode a note's bytes as UTF-8; return the text without BOM and whether it had one."""
    utf16 = _utf16_variant(data)
    if utf16:
        raise DocumentError(
            f"encoded as {utf16}, not UTF-8; convert it, e.g.: iconv -f {utf16} -t UTF-8 {path} > tmp && mv tmp {path}",
            path,
            1,
        )
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise DocumentError("contains NUL bytes; is this a binary file?", path, line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert the file to UTF-8",
            path,
            line,
        ) from None
    if text.startswith(BOM):
        return text[1:], True
    return text, False


@dataclass(frozen=True, slots=True)
class _Lines:
    """Every source line: its text (without line ending), start offset and line ending."""

    texts: list[str]
    starts: list[int]
    eols: list[str]

    @classmethod
    def of(cls, text: str) -> _Lines:
        if "\r" in text:
            parts = _LINE_BREAK_KEPT.split(text)
            texts, eols = parts[0::2], parts[1::2]
        else:  # the usual case, three times faster
            texts = text.split("\n")
            eols = ["\n"] * (len(texts) - 1)
        eols.append("")
        starts = list(itertools.accumulate((len(t) + len(e) for t, e in zip(texts, eols)), initial=0))
        starts.pop()
        if "\0" in text:  # markdown-it reads NUL as U+FFFD; compare lines the way it read them
            texts = [t.replace("\0", "\ufffd") for t in texts]
        return cls(texts, starts, eols)


def has_translatable_text(text: str) -> bool:
    """True when ``text`` has letters outside code, URLs, HTML and template tags.

    >>> has_translatable_text("`code` <br> https://example.com")
    False
    >>> has_translatable_text("Read **this**")
    True
    """
    first_mark = _NON_TEXT_START.search(text)
    if first_mark is None:
        return bool(_LETTER.search(text))  # nothing _NON_TEXT could remove
    if _LETTER.search(text, 0, first_mark.start()):
        return True  # a letter before anything that could be code, a URL, HTML or a tag
    return bool(_LETTER.search(_NON_TEXT.sub(" ", text)))


class _Segmenter:
    def __init__(self, source: str, path: str, front_matter_keys: Sequence[str], dialect: Dialect) -> None:
        self.source = source
        self.path = path
        self.front_matter_keys = front_matter_keys
        self.dialect = dialect
        self.lines = _Lines.of(source)
        self.segments: list[Segment] = []
        self._delimiter_rows: set[int] | None = None
        self._sorted_delimiter_rows: list[int] | None = None
        self._definitions: set[int] | None = None
        self._deflist = "deflist" in dialect  # asked for every block: Dialect.__contains__ once
        self.view: LineView | None = None
        self.source_texts = self.lines.texts
        self.unclosed_fence = 0  # the 1-based line of a fence that runs to the note's end (0: none)

    def line_text(self, index: int) -> str:
        return self.lines.texts[index]

    # -- text blocks -------------------------------------------------------------------------

    def add_text_block(
        self, line_indices: Sequence[int], content_lines: Sequence[str], kind: SegmentKind, keep_breaks: bool = False
    ) -> None:
        """Segment a block of prose given the content markdown-it read from each line."""
        if len(line_indices) != len(content_lines) or not line_indices:
            return
        pieces: list[tuple[int, int, int]] = []  # line index, start col, end col
        lines = self.lines.texts
        for index, content in zip(line_indices, content_lines):
            raw = lines[index]
            line_end, text = raw.rstrip(" \t"), content.strip(" \t")
            if not text or (text == "\\" and not line_end.endswith(text)):
                continue  # or the line scanner's placeholder for a construct masked whole: no text
            if not line_end.endswith(text):
                # Markdown strips only spaces and tabs around lines; markdown-it-py also strips
                # other Unicode spaces (U+2028…) at the ends of a block, so try that second.
                line_end, text = raw.rstrip(), content.strip()
                if not line_end.endswith(text):
                    return  # unexpected layout (tab expansion…): leave the block in the skeleton
                if _BARE_MARKER.fullmatch(text):
                    # "#\f", "-\u00a0", "1.\v": only a space or a tab (or the line's end) makes
                    # these a block marker (CommonMark 4.2, 4.3, 5.2), so the other white space
                    # keeps the line text; left out, "#" would read as a heading (and a translation
                    # "# …" would make one): it stays in the segment.
                    pieces.append((index, len(line_end) - len(text), len(raw.rstrip(" \t"))))
                    continue
            pieces.append((index, len(line_end) - len(text), len(line_end)))
        if kind is SegmentKind.LIST_ITEM and pieces:
            # A task box is syntax: it stays byte-exact at the item's start, never sent anywhere.
            index, start, end = pieces[0]
            box = _TASK_BOX.match(lines[index], start, end)
            if box and _ENDS_WITH_LIST_MARKER.search(lines[index][:start]):
                pieces[0] = (index, box.end(), end)
        self._add_pieces(pieces, kind, keep_breaks)

    def _add_pieces(
        self,
        pieces: Sequence[tuple[int, int, int]],
        kind: SegmentKind,
        keep_breaks: bool = False,
        single_line: bool = False,
    ) -> None:
        """Make a segment of ``pieces`` (line, start column, end column); ``single_line`` for an
        ATX heading, which a line break would end."""
        if not pieces:
            return
        lines = self.lines.texts
        view = self.view
        if (
            view is not None
            and view.changed
            and len(pieces) > 1
            and any(
                index in view.changed and self.source_texts[index][end:] != lines[index][end:]
                for index, _, end in pieces[:-1]
            )
        ):
            # Masked syntax (an attribute list) ends a line inside the block: a translation in
            # one piece would replace it. Leave the block as it is.
            return
        fixed_lines: set[int] = set()
        if self._deflist and len(pieces) > 1 and self._definition_lines():
            # A term line (the next line is a definition, ": …") starts its own line.
            definitions = self._definition_lines()
            fixed_lines.update(
                number for number, (index, _, _) in enumerate(pieces[1:], 1) if index + 1 in definitions
            )
        if self._deflist and any(lines[index].startswith(":", start) for index, start, _ in pieces):
            # A definition's ": " (first line) and a line starting with ": " inside a block
            # (a nested definition in kramdown, Python-Markdown and pulldown-cmark) are
            # skeleton; such a line and the line above it (its term) keep their line breaks,
            # so every term and definition keeps its own line at any depth.
            moved = []
            for number, (index, start, end) in enumerate(pieces):
                marker = _DEFINITION_MARKER.match(lines[index], start, end)
                if marker:
                    start = marker.end()
                    fixed_lines.update(n for n in (number - 1, number) if n > 0)
                moved.append((index, start, end))
            pieces = [piece for piece in moved if piece[1] < piece[2]]
            if not pieces:
                return
        piece_texts = [lines[index][start:end] for index, start, end in pieces]
        near_delimiter = False
        if self._delimiter_row_within(pieces[0][0], pieces[-1][0] + 1):  # rare: a few per note
            fixed_lines |= self._lines_next_to_delimiter_rows(pieces)
            near_delimiter = bool(fixed_lines) or self._is_delimiter_row(pieces[-1][0] + 1)
            if near_delimiter and any("|" in text for text in piece_texts):
                # Whether this line is a table header depends on its pipes: leave it as it is.
                return
        prefixes: list[str] = []
        if len(pieces) == 1:
            text = piece_texts[0]
        else:
            text = self._join_lines(pieces, piece_texts, fixed_lines, keep_breaks, prefixes)
            if not keep_breaks and any(
                not line.strip(" \t*_-") and _THEMATIC_BREAK.match(line) for line in text.split("\n") if line
            ):
                # Joined lines that read as a thematic break ("__" + "_" -> "__ _") would end the
                # block there: keep this block's line breaks instead.
                self._add_pieces(pieces, kind, keep_breaks=True)
                return
        if ("{" in text and _TEMPLATE_TAG.sub("", text).strip() == "") or not has_translatable_text(text):
            return
        if "\n" in text and any(_LIST_MARKER_START.match(line) for line in text.split("\n")[1:]):
            # A line after a kept break that starts like a list item ("1.", "- x") continues the
            # paragraph only because that item would be empty or may not interrupt a paragraph;
            # a translation that adds words to it could start a list: leave the block as it is.
            return
        first_index, first_start, _ = pieces[0]
        # Lines a translation adds beyond those get the container's continuation prefix.
        prefixes.append(_NOT_CONTAINER_MARK.sub(" ", lines[first_index][:first_start]) if first_start else "")
        last_index, _, last_end = pieces[-1]
        start = self.lines.starts[first_index] + first_start
        end = self.lines.starts[last_index] + last_end
        if len(pieces) == 1 and kind is not SegmentKind.HEADING and text[:1] in ("!", "["):
            alt = _IMAGE_ALONE.match(text)
            if alt and _IMAGE_TITLE.search(alt.group("post")) is None:
                if not has_translatable_text(alt.group("alt")):
                    return
                start, end = start + alt.start("alt"), start + alt.end("alt")
                text, kind = alt.group("alt"), SegmentKind.IMAGE_ALT
            # (an image with a title is one segment whole: its title is text a reader sees too)
        # positional: a keyword call of the frozen dataclass costs a third more, once per segment
        self.segments.append(
            Segment(
                text,
                kind,
                first_index + 1,
                start,
                end,
                None,
                tuple(prefixes),
                self.lines.eols[first_index] or "\n",
                _SINGLE_LINE if single_line and kind in _SINGLE_LINE_KINDS else _LINES,
                near_delimiter,
            )
        )

    def _join_lines(
        self,
        pieces: Sequence[tuple[int, int, int]],
        piece_texts: list[str],
        fixed_lines: set[int],
        keep_breaks: bool,
        prefixes: list[str],
    ) -> str:
        """The msgid of a block over several lines: soft breaks become one space; hard breaks,
        and breaks inside raw text, stay. Appends the prefix of each kept break's next line."""
        lines = self.lines.texts
        # What the pieces hold, read once from them joined: a space cannot make "<", "`", "{{",
        # "{%" or "\\" appear where no piece has it.
        joined = " ".join(piece_texts)
        # Raw text (code spans, inline HTML) can only run across lines when a line has ` or <;
        # a template tag (Hugo shortcode, Liquid) over several lines keeps its line breaks.
        in_code = _breaks_in_code(piece_texts) if "`" in joined else _NO_BREAKS
        if (
            not in_code
            and "<" not in joined
            and "{{" not in joined
            and "{%" not in joined
            and not keep_breaks
            and not fixed_lines
            and all(len(lines[index]) == end for index, _, end in pieces)
            and ("\\" not in joined or not any(text.endswith("\\") for text in piece_texts))
        ):
            # The usual block (code spans, if any, open and close on one line): no line ends
            # in spaces or a backslash, and nothing raw, tagged or fixed runs across a break,
            # so every break is soft, as the loop below finds one by one.
            return joined
        return self._join_lines_by_piece(pieces, piece_texts, fixed_lines, keep_breaks, prefixes, in_code)

    def _join_lines_by_piece(
        self,
        pieces: Sequence[tuple[int, int, int]],
        piece_texts: list[str],
        fixed_lines: set[int],
        keep_breaks: bool,
        prefixes: list[str],
        in_code: AbstractSet[int],
    ) -> str:
        """:meth:`_join_lines` break by break, for any block (the reference its shortcut is
        tested against); ``in_code`` are the breaks inside code spans (:func:`_breaks_in_code`)."""
        lines = self.lines.texts
        raw_possible = any("`" in text or "<" in text for text in piece_texts)
        tag_possible = any("{{" in text or "{%" in text for text in piece_texts)
        parts: list[str] = []
        last = len(pieces) - 1
        # the last piece holding each closing mark: does the rest of the block close an opening?
        closed_by: dict[str, int] = {}
        if any("<" in text for text in piece_texts):  # every opening starts with "<"
            for number, text in enumerate(piece_texts):
                if ">" in text:  # every closing mark holds ">"
                    for mark in ("-->", "?>", "]]>", ">"):
                        if mark in text:
                            closed_by[mark] = number
        # Raw HTML is tracked up to the last piece with a closing mark: a break after it cannot
        # be inside HTML that the rest of the block closes (then it was never HTML).
        html_until = closed_by.get(">", -1)
        html = _RawHtmlTracker() if html_until >= 0 else None
        fed = 0
        inside_tag = False  # does the text so far end inside a template tag? (kept per piece: linear)
        for number, (index, _, end) in enumerate(pieces):
            text = piece_texts[number]
            parts.append(text)
            if number == last:
                break
            if tag_possible:
                inside_tag = _ends_inside_template_tag(text, inside_tag)
            if html is not None and number < html_until:  # the separator before this piece, and the piece
                for part in parts[fed:]:
                    html.feed(part)
                fed = len(parts)
            trailing = lines[index][end:]
            if (
                not trailing
                and not keep_breaks
                and not raw_possible
                and not tag_possible
                and not fixed_lines
                and text[-1:] != "\\"
            ):
                parts.append(" ")  # the usual soft break
                continue
            backslashes = len(text) - len(text.rstrip("\\"))
            # CommonMark 6.7: two spaces or more end the line; tabs may come before them.
            hard_break = trailing.endswith("  ")
            if backslashes % 2 == 1 and not trailing:  # "\" right before the line end: a hard break
                parts.append("\n")
            elif (
                hard_break
                or keep_breaks
                or number + 1 in fixed_lines
                # inside raw text (HTML, code spans) spaces and line breaks are content
                or number in in_code
                or (tag_possible and inside_tag)
                or (html is not None and number < html_until and self._inside_inline_html(html, closed_by, number))
            ):
                parts.append(trailing + "\n")
            else:
                parts.append(" ")
            if parts[-1].endswith("\n"):  # one prefix per line break kept in the msgid
                next_index, next_start, _ = pieces[number + 1]
                prefixes.append(lines[next_index][:next_start])
        return "".join(parts)

    @staticmethod
    def _inside_inline_html(html: _RawHtmlTracker, closed_by: dict[str, int], number: int) -> bool:
        """True when the text so far ends inside raw HTML that a later piece closes: there a
        newline is content, not a space. (Without its closing mark it was never HTML.)"""
        closing = html.closing()
        return closing is not None and closed_by.get(closing, -1) > number

    def _lines_next_to_delimiter_rows(self, pieces: Sequence[tuple[int, int, int]]) -> set[int]:
        """Pieces that must start their own line: a line that could be a table's delimiter row
        and the line above it. Joined into one line, they could become a table header."""
        fixed: set[int] = set()
        numbers = {index: number for number, (index, _, _) in enumerate(pieces)}
        for index in [*numbers, pieces[-1][0] + 1]:
            if self._is_delimiter_row(index):
                fixed.update(numbers[i] for i in (index - 1, index) if i in numbers)
        return fixed

    def _is_delimiter_row(self, index: int) -> bool:
        return index in self._delimiter_row_set()

    def _delimiter_row_within(self, first: int, last: int) -> bool:
        """Whether a line that could be a delimiter row is on lines [first, last] (0-based).
        By bisection of the sorted rows: asked once per block, so a note with many tables
        costs O(log rows) a block, where a scan of every row made it quadratic."""
        rows = self._sorted_delimiter_rows
        if rows is None:
            rows = self._sorted_delimiter_rows = sorted(self._delimiter_row_set())
        if not rows:  # most notes have no table
            return False
        found = bisect.bisect_left(rows, first)
        return found < len(rows) and rows[found] <= last

    def _definition_lines(self) -> set[int]:
        """The lines that read as a definition (``: …`` after container markers), found once
        per note."""
        if self._definitions is None:
            self._definitions = {
                number for number, line in enumerate(self.lines.texts) if ":" in line and _DEFINITION_LINE.match(line)
            }
        return self._definitions

    def _delimiter_row_set(self) -> set[int]:
        if self._delimiter_rows is None:  # found once per note
            self._delimiter_rows = {
                number
                for number, line in enumerate(self.lines.texts)
                if "-" in line and not line.strip(_DELIMITER_CHARS) and _DELIMITER_ROW.match(line)
            }
        return self._delimiter_rows

    # -- blocks with their own layout -----------------------------------------------------------

    def add_atx_heading(self, index: int, content: str) -> None:
        line = self.line_text(index)
        text = content.strip()
        marker = line.find("#")
        if not text or marker < 0:
            return
        while marker < len(line) and line[marker] == "#":
            marker += 1
        start = line.find(text, marker)
        if start < 0:
            return
        self._add_pieces([(index, start, start + len(text))], SegmentKind.HEADING, single_line=True)

    def add_table_row(self, index: int, nested: bool) -> None:
        line = self.line_text(index)
        prefix = (_CONTAINER_PREFIX if nested else re.compile(r"^[ \t]*")).match(line)
        position = prefix.end() if prefix else 0
        cells: list[tuple[int, int]] = []
        cell_start = position
        for column in range(position, len(line)):
            # As GFM (and markdown-it) split rows: a pipe right after any backslash is part of
            # the cell, even after an escaped backslash (a, two backslashes, a pipe, b: one cell).
            if line[column] == "|" and (column == position or line[column - 1] != "\\"):
                cells.append((cell_start, column))
                cell_start = column + 1
        cells.append((cell_start, len(line)))
        for start, end in cells:
            raw = line[start:end]
            text = raw.strip()
            if not text or not has_translatable_text(text):
                continue
            if start == position and _BLOCK_START.match(text):
                # A row without a leading pipe that starts like another block ("# x|"): what the
                # line is depends on its first characters, so a translation must not change them.
                continue
            left = start + len(raw) - len(raw.lstrip())
            self.segments.append(
                Segment(
                    text=text,
                    kind=SegmentKind.TABLE_CELL,
                    line=index + 1,
                    start=self.lines.starts[index] + left,
                    end=self.lines.starts[index] + left + len(text),
                    eol=self.lines.eols[index] or "\n",
                    style=Style.TABLE_CELL,
                )
            )

    def _is_loose_table(self, first: int, last: int) -> bool:
        """Whether the paragraph on lines [first, last) is a table to Python-Markdown's
        ``tables`` (MkDocs) though not to GFM: every line has a pipe, and the second is a
        delimiter row with a space inside a dash run (``| ---- ----- |``), which GFM refuses.
        Its cells are then segments one by one, so it stays a table there and keeps its lines
        as a paragraph here."""
        rule = self.line_text(first + 1)
        if "|" not in rule or "-" not in rule or rule.strip(_DELIMITER_CHARS) or _DELIMITER_ROW.match(rule):
            return False
        return all("|" in self.line_text(index) for index in range(first, last))

    def add_paragraph(self, first: int, last: int, lines: list[str], kind: SegmentKind) -> None:
        """A paragraph on lines [first, last) with markdown-it's content of each line, cut where
        an admonition or tab body ended inside it (:attr:`LineView.breaks`): markdown-it joins
        a lazy line to the body's paragraph, Python-Markdown starts a new one there."""
        breaks = self.view.breaks if self.view is not None else ()
        if not breaks:  # the usual case (a longer content is cut to the range, as below)
            self.add_text_block(range(first, last), lines if len(lines) <= last - first else lines[: last - first], kind)
            return
        cuts = [first, *sorted(b for b in breaks if first < b < last), last]
        for start, end in itertools.pairwise(cuts):
            self.add_text_block(range(start, end), lines[start - first : end - first], kind)

    def add_markdown_html(self, first: int, last: int) -> None:
        """kramdown ``markdown="1"`` blocks: runs of lines that are not tags are prose; a line
        that starts a list item or a blockquote is a block of its own (its text after the
        marker is the segment), never joined to the lines around it."""
        run: list[int] = []
        for index in range(first + 1, last + 1):
            text = self.line_text(index) if index < len(self.lines.starts) else ""
            stripped = text.strip()
            if stripped and not stripped.startswith("<") and index < last and not starts_markdown_block(text):
                run.append(index)
                continue
            if run:
                self.add_text_block(run, [self.line_text(i) for i in run], SegmentKind.HTML_MARKDOWN)
                run = []
            if stripped and index < last and starts_markdown_block(text):
                content = _CONTAINER_PREFIX.sub("", text, count=1)
                self.add_text_block([index], [content], SegmentKind.HTML_MARKDOWN)

    def add_html_text(self, first: int, last: int) -> None:
        """The HTML block on lines [first, last): the text of each element a reader sees
        (:data:`_HTML_TEXT`, on one line) is a segment; the tags, comments and code bodies
        stay skeleton. In an HTML block CommonMark reads no Markdown (4.6), so the text is
        HTML as written; its inline tags and entities are protected like any segment's."""
        lines = self.lines.texts
        block = "\n".join(lines[first:last])
        if "</" not in block:
            return
        raw = [match.span() for match in _HTML_RAW.finditer(block)]
        starts = list(itertools.accumulate((len(line) + 1 for line in lines[first:last]), initial=0))
        for match in _HTML_TEXT.finditer(block):
            begin, end = match.span("text")
            if any(a < end and begin < b for a, b in raw) or any(a <= match.start() < b for a, b in raw):
                continue
            number = bisect.bisect_right(starts, begin) - 1
            column = begin - starts[number]
            text = match["text"]
            stripped = text.strip(" \t")
            if not stripped:
                continue
            column += len(text) - len(text.lstrip(" \t"))
            self._add_pieces([(first + number, column, column + len(stripped))], SegmentKind.HTML_TEXT, single_line=True)

    # -- driver ---------------------------------------------------------------------------------

    def run(self, body_start_line: int, body: str) -> dict[str, str]:
        env: dict[str, object] = {}
        self.view = line_view(self.lines.texts, body_start_line, self.dialect)
        if self.view is not None:
            view = self.view
            # Segments are cut from the masked lines (same lengths, so the same offsets).
            self.source_texts = self.lines.texts
            self.lines = _Lines(view.masked, self.lines.starts, self.lines.eols)
            eols = self.lines.eols
            body = "".join(view.parsed[i] + eols[i] for i in range(body_start_line, len(view.parsed)))
            for title in view.titles:
                added = len(self.segments)
                self._add_pieces([(title.line, title.start, title.end)], SegmentKind.TITLE, single_line=True)
                if title.quote and len(self.segments) > added:  # a shortcode argument: quotes escaped
                    self.segments[-1] = self.segments[-1]._replace(style=Style.SHORTCODE_ARGUMENT)
        # The body's lines, split once for the parser's rule choice and its line caches: the
        # note's own lines when the body is the note's text from a line start (each full split
        # was about 1 % of an extract's instructions)
        body_lines: Sequence[str] | None = None
        if "\r" not in body and "\0" not in body:
            if self.view is not None:
                body_lines = body.split("\n")
            elif body_start_line < len(self.lines.starts) and self.lines.starts[body_start_line] + len(body) == len(self.source):
                body_lines = self.lines.texts[body_start_line:]
        md = parser_for(body, "deflist" in self.dialect, "math" in self.dialect, body_lines)
        parse_top_level_blocks(md, body, env, lambda tokens: self.walk(tokens, body_start_line), body_lines)
        references = env.get("references", {})
        found = {
            label: str(ref.get("href", ""))
            for label, ref in (references.items() if isinstance(references, dict) else [])
        }
        if self.view is not None and self.view.definitions:
            _add_tagged_definitions(found, self.view.definitions)
        return found

    def walk(self, tokens: Sequence[Token], offset: int) -> None:
        containers: list[str] = []
        heading: Token | None = None
        in_table = False
        tasklists = "tasklists" in self.dialect
        for number, token in enumerate(tokens):
            kind = token.type
            if kind == "inline":
                if not token.map or in_table:
                    continue
                first, last = token.map[0] + offset, token.map[1] + offset
                if last <= first:  # mdit-py-plugins' deflist maps a term to an empty range
                    last = first + 1
                if tasklists and number >= 2 and tokens[number - 2].type == "list_item_open":
                    box = _TASK_BOX.match(token.content)
                    if box:  # a task list item: its box "[ ] " is skeleton, as the tasklists rule reads it
                        lines = token.content.split("\n")
                        lines[0] = lines[0][box.end() :]
                        self.add_text_block(range(first, last), lines, SegmentKind.LIST_ITEM)
                        continue
                if heading is not None and heading.markup.startswith("#"):
                    self.add_atx_heading(first, token.content)
                elif heading is not None:  # a setext heading: its lines join like a paragraph's
                    self.add_text_block(range(first, last), token.content.split("\n"), SegmentKind.HEADING)
                elif last - first > 2 and self._is_loose_table(first, last):
                    for index in range(first, last):
                        if index != first + 1:
                            self.add_table_row(index, nested=bool(containers))
                else:
                    kind_of_paragraph = _CONTAINER_KINDS.get(containers[-1], _PARAGRAPH) if containers else _PARAGRAPH
                    self.add_paragraph(first, last, token.content.split("\n"), kind_of_paragraph)
            elif kind in _PASSED_OVER:  # most of the rest
                continue
            elif kind == "fence":
                if token.map and not self.unclosed_fence:
                    self._note_unclosed_fence(token.map[0] + offset, token.map[1] + offset, token.markup)
            elif kind in ("list_item_open", "blockquote_open", "footnote_reference_open"):
                containers.append(kind)
            elif kind in ("list_item_close", "blockquote_close", "footnote_reference_close"):
                if containers:
                    containers.pop()
            elif kind == "heading_open":
                heading = token
            elif kind == "heading_close":
                heading = None
            elif kind == "table_open":
                in_table = True
            elif kind == "table_close":
                in_table = False
            elif kind == "tr_open" and token.map:
                self.add_table_row(token.map[0] + offset, nested=bool(containers))
            elif kind == "html_block" and token.map:
                first_line = token.content.split("\n", 1)[0]
                if "markdown_html" in self.dialect and _MARKDOWN_ATTR.search(first_line):
                    self.add_markdown_html(token.map[0] + offset, token.map[1] + offset)
                elif "html_text" in self.dialect:
                    self.add_html_text(token.map[0] + offset, token.map[1] + offset)


    def _note_unclosed_fence(self, first: int, end: int, markup: str) -> None:
        """Record line ``first`` (0-based) in :attr:`unclosed_fence` when the code fence on lines
        [first, end) has no closing fence and nothing but blank lines follows it: CommonMark
        4.5 reads the rest of the document as its code (correct, and what the generators do),
        which is a typo more often than not. A fence that ends with its list item or quote
        is not reported: the note goes on after it."""
        texts = self.source_texts
        if end - first > 1 and _closes_fence(texts[end - 1], markup):
            return
        if any(line.strip() for line in itertools.islice(texts, end, None)):
            return
        self.unclosed_fence = first + 1


def _closes_fence(line: str, markup: str) -> bool:
    """Whether ``line`` (container markers and indentation taken off) is a closing fence for an
    opening fence ``markup``: the same character, at least as many, nothing but spaces or tabs
    after (CommonMark 4.5)."""
    rest = line.lstrip(" \t>").rstrip(" \t")
    return len(rest) >= len(markup) and rest == markup[0] * len(rest)


_LINES, _SINGLE_LINE, _PARAGRAPH = Style.LINES, Style.SINGLE_LINE, SegmentKind.PARAGRAPH
_SINGLE_LINE_KINDS = (SegmentKind.HEADING, SegmentKind.TITLE, SegmentKind.HTML_TEXT)

# Tokens the walk has nothing to do for, tested first since they are most of a note's tokens.
_PASSED_OVER = frozenset(
    f"{name}_{side}"
    for name in ("paragraph", "bullet_list", "ordered_list", "thead", "tbody", "th", "td")
    for side in ("open", "close")
) | {"tr_close", "hr", "code_block"}


class _RawHtmlTracker:
    """Whether a text being built part by part ends inside raw HTML (a comment, processing
    instruction, CDATA section, declaration or tag), and the mark that would close it.

    Hand-written rather than a regex searched over the whole text at each line break (as it
    was): that cost time quadratic in the number of lines of a block; here each part is scanned
    once, keeping only where each mark was last seen. An opening is open when no closing mark
    starts after its own text (``<!-->`` is an open comment, as the regex
    ``<!--(?:(?!-->).)*$`` said).
    """

    _MARKS = ("<!--", "-->", "<?", "?>", "<![CDATA[", "]]>", ">")
    _DECLARATION = re.compile(r"<![A-Za-z]")
    _TAG_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz/")

    def __init__(self) -> None:
        self.size = 0
        self.last = dict.fromkeys(self._MARKS, -1)
        self.declaration = -1
        self.tag_open = False

    def feed(self, part: str) -> None:
        if "<" not in part and ">" not in part and "`" not in part:
            # Every mark holds "<" or ">", and so does a declaration; with no "<", ">" or "`"
            # the tag state stands as it was: most parts (separators, plain lines) end here.
            self.size += len(part)
            return
        for mark in self._MARKS:
            found = part.rfind(mark)
            if found >= 0:
                self.last[mark] = self.size + found
        for match in self._DECLARATION.finditer(part):
            self.declaration = self.size + match.start()
        # a tag ``<x`` is open when no ``<``, ``>`` or backtick follows it
        found = max(part.rfind("<"), part.rfind(">"), part.rfind("`"))
        if found >= 0:
            self.tag_open = part[found] == "<" and part[found + 1 : found + 2] in self._TAG_START and found + 1 < len(part)
        self.size += len(part)

    def closing(self) -> str | None:
        """The mark that closes the raw HTML the text ends inside; None when it ends outside."""
        last = self.last
        for opening, closing in (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>")):
            if last[opening] >= 0 and last[closing] < last[opening] + len(opening):
                return closing
        if self.declaration >= 0 and last[">"] < self.declaration:
            return ">"
        return ">" if self.tag_open else None


_TAG_OPENER = re.compile(r"\{\{|\{%")
_TAG_CLOSER = re.compile(r"\}\}|%\}")


def _ends_inside_template_tag(text: str, inside: bool) -> bool:
    """Whether a text that began inside a template tag (``inside``) or not ends inside one
    (``{{ … }}``, ``{% … %}``): its last opener comes after its last closer; with neither, as it
    began. Asked once per line of a block, so a block costs time linear in its length.

    >>> _ends_inside_template_tag("a {{< x", False), _ends_inside_template_tag("y >}} b", True)
    (True, False)
    """
    opener = closer = -1
    for match in _TAG_OPENER.finditer(text):
        opener = match.start()
    for match in _TAG_CLOSER.finditer(text):
        closer = match.start()
    if opener < 0 and closer < 0:
        return inside
    return opener > closer


_BACKTICKS = re.compile(r"`+")


def code_span_contents(text: str) -> list[tuple[int, int]]:
    r"""Where the content of each code span in ``text`` starts and ends, found as CommonMark
    does: a backtick run opens a span only if a later run has the same length (else it is
    literal text), and outside code a backslash escapes the backtick after it.

    >>> code_span_contents("a `b` c `d")
    [(3, 4)]
    >>> code_span_contents("`:``a ``")  # the single backtick never closes: literal
    [(4, 6)]
    >>> code_span_contents(r"\\`x` \`y`")  # an escaped backslash, then an escaped backtick
    [(3, 4)]
    """
    runs = [match.span() for match in _BACKTICKS.finditer(text)]
    sizes = [end - start for start, end in runs]
    contents: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        before = start
        while before and text[before - 1] == "\\":
            before -= 1
        size = sizes[index] - (start - before) % 2  # an escaped first backtick is literal
        try:
            closing = sizes.index(size, index + 1) if size else -1
        except ValueError:
            closing = -1
        if closing < 0:
            index += 1
            continue
        contents.append((end, runs[closing][0]))
        index = closing + 1
    return contents


_NO_BREAKS: frozenset[int] = frozenset()


def _breaks_in_code(piece_texts: Sequence[str]) -> set[int]:
    """The numbers of the pieces whose following line break falls inside a code span."""
    if all(text.count("`") % 2 == 0 and "``" not in text and "\\`" not in text for text in piece_texts):
        # Single unescaped backticks, an even number on each line: CommonMark pairs each one
        # with the next (6.1), so every span opens and closes on its own line.
        return set()
    spans = iter(code_span_contents("\n".join(piece_texts)))
    span = next(spans, None)
    breaks: set[int] = set()
    position = -1
    for number, text in enumerate(piece_texts[:-1]):
        position += len(text) + 1  # the "\n" after this piece
        while span is not None and span[1] <= position:
            span = next(spans, None)
        if span is None:
            break
        if span[0] <= position:
            breaks.add(number)
    return breaks


def _add_tagged_definitions(references: dict[str, str], definitions: Mapping[str, str]) -> None:
    """Add the tagged reference definitions of the line view (``[x]: {{ site.url }}/a``: a
    definition once Liquid or Hugo has run, though CommonMark reads none) to ``references``
    (normalized label -> destination as written), so a translated shortcut or collapsed
    reference to one is rewritten as a full reference like any other. A label defined twice
    keeps the definition CommonMark reads, else the first (CommonMark 4.7: the first wins)."""
    for label, destination in definitions.items():
        references.setdefault(normalize_label(label), destination)


_CONTAINER_KINDS = {
    "list_item_open": SegmentKind.LIST_ITEM,
    "blockquote_open": SegmentKind.BLOCKQUOTE,
    "footnote_reference_open": SegmentKind.FOOTNOTE,
}


def parse_note(
    text: str,
    path: str = "<note>",
    front_matter_keys: Sequence[str] = ("title", "description"),
    bom: bool = False,
    dialect: Dialect | None = None,
) -> Document:
    """Segment a note's decoded text (without BOM) into a :class:`Document`, reading the
    constructs of ``dialect`` (default: GitHub-flavoured, :mod:`l10n.markdown.dialect`).

    Blocks and inlines follow CommonMark 0.31 through markdown-it-py, plus the dialect's
    extensions; ``front_matter_keys`` are the front-matter keys whose values are segments.
    Raises :class:`~l10n.errors.DocumentError` (with ``path`` and a 1-based line) for front
    matter that does not parse.
    """
    front_matter = find_front_matter(text, path)
    segmenter = _Segmenter(text, path, front_matter_keys, dialect or Dialect())
    body_start = front_matter.end if front_matter else 0
    if front_matter:
        segmenter.segments.extend(front_matter_segments(text, front_matter, front_matter_keys, path))
    body_start_line = bisect.bisect_left(segmenter.lines.starts, body_start)  # the body starts a line
    references = segmenter.run(body_start_line, text[body_start:])
    segments = sorted(segmenter.segments, key=lambda s: s.start)
    return Document(
        source=text,
        segments=segments,
        bom=bom,
        front_matter=front_matter,
        references=references,
        path=path,
        unclosed_fence=segmenter.unclosed_fence,
    )


def read_note(
    data: bytes,
    path: str = "<note>",
    front_matter_keys: Sequence[str] = ("title", "description"),
    dialect: Dialect | None = None,
) -> Document:
    """Decode and segment a note's bytes (see :func:`parse_note`).

    Raises :class:`~l10n.errors.DocumentError` (with ``path`` and a 1-based line) for bytes that
    are not UTF-8 (UTF-16 is named, with the command that converts it), NUL bytes, and the
    errors of :func:`parse_note`.
    """
    text, bom = decode_note(data, path)
    return parse_note(text, path, front_matter_keys, bom=bom, dialect=dialect)
