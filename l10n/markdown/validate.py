"""The one validator of translations: what ``translate``, ``build`` and ``check`` all ask.

:func:`validate_translation` compares a translation (human or machine, placeholders restored)
with its source segment and returns :class:`Finding` s; an empty list means it may be published.
``translate`` rejects and retries a reply with findings, ``build`` never publishes it (it falls
back as the ``on_source_change`` policy says and lists the segment), ``check`` reports it.

The questions are put to the Markdown parser (markdown-it-py, CommonMark with GFM tables and
strikethrough, footnotes and front matter), not answered by counting substrings:

* **links and images**: every link and image of the source still parses as one, with the same
  destination (``[text] (url)`` or ``] (`` no longer does), in any order; reference labels,
  footnote references, template tags, inline code, HTML tags and bare URLs survive
  (:func:`l10n.markdown.markup.element_problems`, a tokenizer that knows code spans hide everything);
* **emphasis**: as many emphasis, strong and strikethrough spans parse as in the source, so
  ``** word **`` (spaces inside: literal asterisks per CommonMark 6.2) is rejected;
* **no new block structure**: no line break of any kind (``\\n``, ``\\r``, U+2028, …) where the
  source segment had none, no blank line, and no block the source did not have once both are
  parsed on their own — a code fence, a setext heading underline (``===``), a list marker, an
  ATX heading, a block quote, a thematic break, a table, or ``---`` front matter; in a table cell
  no new unescaped ``|`` (it would split the cell, GFM "Tables");
* **no markup shown as text**: no stray ``**``, ``_``, ``~~``, backtick, unpaired bracket, ``<``
  before a word or backslash the parser would leave as literal text where the source shows
  fewer (:func:`added_markup_findings`).

:func:`check_reply` adds what only a machine reply gets wrong: lost, duplicated or invented
placeholders, commentary, a reply far longer than its source, the wrong script (romanised
Hindi), an echo of the English, and the glossary's fixed translations.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from l10n.blake2 import blake2b
from l10n.markdown.autolink import has_candidate
from l10n.markdown.markup import CONTROL_CHARACTERS, ELEMENT_HINT, control_problems, element_problems, scan_elements
from l10n.markdown.protect import _TOKEN, Glossary, Protected, _in_script, expected_script, protect
from l10n.markdown.references import keep_references_resolving
from l10n.memo import keep
from l10n.messages import counted, plural

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
"""Every character ``str.splitlines`` breaks on: any of them may end a Markdown line somewhere."""
_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")
_BLANK_LINE = re.compile(r"(?:\r\n|[\n\r])[ \t]*(?:\r\n|[\n\r])")
_SINGLE_LINE_KINDS = ("heading", "table", "front matter", "front_matter", "title", "image alt", "image_alt", "html text")
# Characters without which a text holds no Markdown the parser could see (no inline markup, no
# block start): such a pair skips the parser. Letters, digits, spaces and most punctuation of
# every script stay out of this set.
_MARKUP_CHARS = re.compile(r"[*_`\[\]()<>!#|\\{}~=+\-:&^$%" + f"{LINE_BREAKS}]")
_NUMBERED_START = re.compile(r"\s*\d+[.)]")
"""With :data:`_MARKUP_CHARS`: a text that may start a numbered list. Matched at the start only
(the ``^`` of one pattern ``class|^…|class`` kept the regex engine from skipping to the class's
characters in C: it tried the alternation at every position, 3x slower, issue 19)."""
_BREAK_OR_CONTROL = re.compile(f"[{LINE_BREAKS}{CONTROL_CHARACTERS}]")
"""What :func:`_line_break_findings` or :func:`l10n.markdown.markup.control_problems` could report
in a translation: a translation without any has neither finding (one scan of it, not two)."""
_ELEMENT_HINT = ELEMENT_HINT
_PIPE = re.compile(r"(?<!\\)\|")
_BRACKETED = re.compile(r"\[((?:[^\[\]\\\n]|\\.)+)\]")
_BLOCK_NAMES = {
    "fence": "a code fence",
    "code_block": "an indented code block",
    "heading": "a heading (a '#' or a '===' / '---' underline)",
    "bullet_list": "a list (a '-', '*' or '+' marker)",
    "ordered_list": "a numbered list",
    "blockquote": "a block quote ('>')",
    "hr": "a thematic break",
    "table": "a table row",
    "front_matter": "front matter ('---')",
    "html_block": "an HTML block",
    "paragraph": "a second paragraph",
    "footnote_reference": "a footnote definition ('[^x]:')",
    "math_block": "a math block",
}
_INLINE_SPANS = {"em_open": "emphasis (*…* or _…_)", "strong_open": "strong emphasis (**…**)", "s_open": "strikethrough (~~…~~)"}


@dataclass(frozen=True)
class Finding:
    """One reason a translation must not be published; ``code`` names the rule (stable, for
    ``check --format json``), ``message`` says what happened in one line."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin).use(front_matter_plugin)
    # Pandoc's inline notes (^[…]) are not in GFM or the generators' Markdown; the tail rule
    # would only move definitions to the end.
    md.disable(["footnote_inline", "footnote_tail"])
    return md


_REFERENCE_LABEL = re.compile(r"\]\[((?:[^\[\]\\\n]|\\.)+)\]|\[((?:[^\[\]\\\n]|\\.)+)\]\[\]")
"""The label of a full (``[text][label]``) or collapsed (``[label][]``) reference."""


def _labels(*texts: str) -> dict[str, dict[str, str]]:
    """A reference for every label of a full or collapsed reference in ``texts``, so those parse
    as links whose destination names their label (the real definitions never reach a segment)."""
    refs: dict[str, dict[str, str]] = {}
    if not any("][" in text for text in texts):
        return refs  # most texts (an import statement per call was half of this function, issue 19)
    from markdown_it.common.utils import normalizeReference

    for text in texts:
        if "][" not in text:
            # Both of the pattern's forms hold "][": the search is skipped, not its result (it
            # tried both alternatives at every position, 20 µs a text, for 1 % of texts, issue 19).
            continue
        for match in _REFERENCE_LABEL.finditer(text):
            label = normalizeReference(match.group(1) or match.group(2))
            refs.setdefault(label, {"href": "ref:" + label, "title": ""})
    return refs


@dataclass(frozen=True)
class _Parsed:
    blocks: Counter[str]
    top: int
    """Blocks at the top level: more in the translation means the segment would split."""
    links: Counter[str]
    images: Counter[str]
    spans: Counter[str]


def _parse(text: str, refs: dict[str, dict[str, str]]) -> _Parsed:
    tokens: list[Token] = _parser().parse(text, {"references": dict(refs)})
    blocks: Counter[str] = Counter()
    top = 0
    links: Counter[str] = Counter()
    images: Counter[str] = Counter()
    spans: Counter[str] = Counter()
    for token in tokens:
        if token.nesting == 1 or token.type in ("fence", "code_block", "hr", "front_matter", "html_block", "math_block"):
            blocks[token.type.removesuffix("_open")] += 1
            top += token.level == 0
        for child in token.children or ():
            if child.type == "link_open":
                links[str(child.attrs.get("href", ""))] += 1
            elif child.type == "image":
                images[str(child.attrs.get("src", ""))] += 1
                # an image's alt text is inline markup too
                for grandchild in child.children or ():
                    if grandchild.type in _INLINE_SPANS:
                        spans[grandchild.type] += 1
            elif child.type in _INLINE_SPANS:
                spans[child.type] += 1
    return _Parsed(blocks, top, links, images, spans)


@functools.lru_cache(maxsize=512)
def _source_parse(source: str) -> _Parsed:
    """The source segment parsed with its own labels: asked once per source text, not once per
    translation of it (one per language, two per retried reply)."""
    return _parse(source, _labels(source))


def _is_single_line(kind: str | None) -> bool:
    block = str(getattr(kind, "value", kind) or "").lower()
    return any(part.strip().startswith(_SINGLE_LINE_KINDS) or "cell" in part for part in block.split(","))


_NOT_IN_STRINGS = frozenset({"reference", "footnote", "attributes"})
"""Codes of :func:`l10n.markdown.markup.element_problems` about Markdown constructs only: a
front-matter string's ``[^1]`` or ``[x][y]`` is text."""


def _is_front_matter(kind: str | None) -> bool:
    """Whether every kind listed in ``kind`` (the ``#.`` comment) is a front-matter value: a
    msgid of a ``front-matter:…`` msgctxt is never a body segment as well."""
    block = str(getattr(kind, "value", kind) or "").lower()
    parts = [part.strip() for part in block.split(",")]
    return bool(block) and all(part in ("front matter", "front_matter") for part in parts)


def _break_name(char: str) -> str:
    return {"\n": "\\n", "\r": "\\r"}.get(char, f"U+{ord(char):04X}")


def _line_break_findings(source: str, translation: str, kind: str | None) -> list[Finding]:
    if _LINE_BREAK.search(translation) is None:
        return []  # most segments: no line break to add, no blank line (one search, not four)
    found = set(_LINE_BREAK.findall(translation.strip()))
    allowed = set(_LINE_BREAK.findall(source.strip()))  # a setext heading may span lines
    new = sorted(found - allowed)
    findings = []
    if new:
        where = f"a single-line {kind}" if _is_single_line(kind) else "a segment that had none"
        names = ", ".join(_break_name(c) for c in new)
        findings.append(Finding("line-break", f"line break added ({names}) in {where}"))
    if not _BLANK_LINE.search(source) and _BLANK_LINE.search(translation):
        findings.append(Finding("block-split", "blank line added: it would split the block in two"))
    return findings


_VERDICTS: dict[bytes, tuple[Finding, ...]] = {}
_VERDICTS_KEPT = 2048
# The last verdicts, and the parses of the last 512 texts (the lru caches above): enough for
# the texts of one chunk of catalogs, which is where they are asked again. 65,536 verdicts and
# 4,096 texts a cache held 20 MB more in a first translate (77 -> 56 MB at 1,000 notes with the
# smaller chunks of l10n.mt.translate.CHUNK), for 3-5 % of its CPU (issue 19's flat memory);
# 8,192 verdicts (0.9 MB) were four chunks' of 10 catalogs (about 430 pairs a chunk).
VALIDATOR_VERSION = 5
"""Raise it whenever a rule of this validator changes. Passes remembered across runs
(:mod:`l10n.store.verdicts`) are keyed on :func:`rules_fingerprint`, which holds it: a pass
found under other rules is then never served."""
_RULE_MODULES = ("validate", "markup", "protect", "autolink", "references", "dialect", "segment", "mdx")
"""The modules of :mod:`l10n.markdown` whose code decides a verdict (this one and what it calls)."""


class VerdictStore(Protocol):
    """Where passes outlive the process (:class:`l10n.store.verdicts.Verdicts`): ``digest`` is
    :func:`verdict_digest` of (source, translation, kind)."""

    def passed(self, digest: bytes) -> bool:
        """Whether the translation of ``digest`` was validated before and found nothing."""
        ...

    def record(self, digest: bytes) -> None:
        """Remember that the translation of ``digest`` was validated and found nothing."""
        ...


_STORE: VerdictStore | None = None


def use_verdict_store(store: VerdictStore | None) -> None:
    """Have :func:`validate_translation` read passes from ``store`` and record new ones in it,
    for this process (None: stop). Verdicts with findings are never stored: they are found
    again, with their messages, each time they are asked for."""
    global _STORE
    _STORE = store


def rules_fingerprint() -> bytes:
    """32 bytes that change whenever the rules may: :data:`VALIDATOR_VERSION`, the source code of
    the modules that decide (:data:`_RULE_MODULES`) and of the ``__init__`` of markdown-it-py and
    mdit-py-plugins, which holds their version (their parser is consulted). The constant alone
    would trust every editor of the rules to raise it; the source digest does not. Modules are
    found, not imported (``importlib.metadata`` alone took 0.1 s); reads about 150 KB. Raises
    nothing: a module without a readable source counts by the package version instead."""
    digest = blake2b(digest_size=32)
    digest.update(f"validator {VALIDATOR_VERSION}\n".encode())
    add_module_sources(digest, (*(f"l10n.markdown.{module}" for module in _RULE_MODULES), "markdown_it", "mdit_py_plugins"))
    return digest.digest()


def add_module_sources(digest: blake2b, modules: Iterable[str]) -> None:
    """Feed ``digest`` the source bytes of each module named in ``modules`` (found, not
    imported), so that what it keys changes with their code. Raises nothing: a module without a
    readable source (a zipped install) is fed its name and l10n's version instead."""
    from importlib.util import find_spec
    from pathlib import Path

    from l10n import __version__

    for name in modules:
        try:
            spec = find_spec(name)
            digest.update(Path(str(spec.origin if spec else None)).read_bytes())
        except (OSError, ImportError, ValueError):
            digest.update(f"{name} of l10n {__version__}\n".encode())


def validate_translation(
    source: str, translation: str, kind: str | None = None, *, plain: bool = False
) -> tuple[Finding, ...]:
    """Why ``translation`` must not stand for ``source`` (empty: it may be published).

    ``kind`` is the segment's block kind as the catalog's ``#.`` comment says it ("heading",
    "table cell", "paragraph, list item", …): headings, table cells, front-matter values and
    image alt texts must stay on one line. Both texts are parsed alone, as segments (msgids);
    each verdict is remembered (a site repeats its pairs across languages and runs) under a
    128-bit BLAKE2 digest of the three, not the texts: remembering the texts kept every
    catalog read alive (a 1 MB note's catalog cost 15 MB after it was read, issue 15). The
    last 1,536 to 2,048 verdicts are kept (:data:`_VERDICTS_KEPT`); passes are also read from and recorded in the store of
    :func:`use_verdict_store`, when there is one (a build then re-validates only what changed
    since ``translate`` or an earlier build validated it). Raises nothing.

    ``plain``: the caller found the pair to differ in letters only
    (:func:`letters_apart`, on both texts protected): nothing can be found, so the rules are not
    run; the pass is remembered and recorded as any other.

    >>> validate_translation("Some **bold** text.", "कुछ ** मोटा ** पाठ।")[0].code
    'emphasis'
    >>> validate_translation("See [docs](https://x.org).", "देखें [दस्तावेज़] (https://x.org)।")[0].code
    'link'
    >>> validate_translation("Some **bold** [docs](/d).", "कुछ **मोटा** [दस्तावेज़](/d)।")
    ()
    """
    if not translation:
        return ()
    # Asked again by the publication of the catalog just filled (l10n.po.scan.remember_saved):
    # its digest is read, not computed again (one BLAKE2 of both texts a translation, issue 19).
    key = _PREFETCHED.get((source, translation, kind)) or verdict_digest(source, translation, kind)
    verdict = _VERDICTS.get(key)
    if verdict is None:
        store = _STORE
        if store is not None and store.passed(key):
            verdict = ()
        else:
            verdict = () if plain else _findings(source, translation, kind, fast=True)
            if store is not None and not verdict:
                store.record(key)
        keep(_VERDICTS, key, verdict, _VERDICTS_KEPT)  # the oldest quarter goes when full
    return verdict


def prefetch_verdicts(triples: Iterable[tuple[str, str, object]]) -> None:
    """Have the verdict store read at once the passes of many ``(source, translation, kind)``
    triples (``kind`` as :func:`check_reply` takes it) about to be validated, so that
    :func:`validate_translation` asks no query per pair: the translate stage validates an
    engine batch of replies together. Does nothing without a store, or with one that has no
    ``prefetch``; the verdicts are unchanged either way. Raises nothing."""
    prefetch = getattr(_STORE, "prefetch", None)
    if prefetch is not None:
        _PREFETCHED.clear()  # one batch's digests at a time: what was not asked for since is let go
        for source, translation, kind in triples:
            if translation:
                name = _kind_name(kind)
                _PREFETCHED[(source, translation, name)] = verdict_digest(source, translation, name)
        prefetch([digest for digest in _PREFETCHED.values() if digest not in _VERDICTS])


_PREFETCHED: dict[tuple[str, str, str | None], bytes] = {}
"""The digests :func:`prefetch_verdicts` computed, read by :func:`validate_translation` as it
asks for each triple, and again when the catalogs those replies filled are saved and publish
them: a digest is computed once per pair, not two or three times (issue 19). One engine batch's
at a time (:func:`forget_prefetched` lets the last one go)."""


def forget_prefetched() -> None:
    """Let go of the digests of the last :func:`prefetch_verdicts` call (and of the texts they
    key): the caller is done with that batch's translations. Raises nothing."""
    _PREFETCHED.clear()


def _kind_name(kind: object) -> str | None:
    """A block kind as the catalog's ``#.`` comment says it: an enum's value, or the text; None for none."""
    return str(getattr(kind, "value", kind) or "") or None


def verdict_digest(source: str, translation: str, kind: str | None = None) -> bytes:
    """The 16-byte BLAKE2 digest that stands for a verdict of :func:`validate_translation` on
    these three texts (no kind and an empty one are the same). Raises nothing."""
    first = source.encode("utf-8", "surrogatepass")
    second = translation.encode("utf-8", "surrogatepass")
    third = kind.encode("utf-8", "surrogatepass") if kind else b""
    # Lengths first, so no two triples read alike; fed in one update (the same bytes, so the
    # same digest as one update per part, with a sixth of the calls: issue 19).
    return blake2b(
        b"".join((len(first).to_bytes(8, "little"), first, len(second).to_bytes(8, "little"), second,
                  len(third).to_bytes(8, "little"), third)),
        digest_size=16,
    ).digest()


def _findings(source: str, translation: str, kind: str | None, *, fast: bool) -> tuple[Finding, ...]:
    """:func:`validate_translation`, not remembered, with the parse skipped where
    :func:`_needs_parser` says it cannot find anything (``fast``) or always made (the reference
    the tests hold it to)."""
    if not translation:
        return ()
    if _BREAK_OR_CONTROL.search(translation) is None:
        findings: list[Finding] = []  # most translations: neither check below can find anything
    else:
        findings = _line_break_findings(source, translation, kind)
        # issue 15: ESC, BEL, other controls, U+FFFD (invalid UTF-8 on the way), lone surrogates
        # (the extends only when there is something: almost every pair has nothing, issue 19)
        problems = control_problems(source, translation)
        if problems:
            findings.extend(Finding(p.code, p.message) for p in problems)
    if _ELEMENT_HINT.search(source) or _ELEMENT_HINT.search(translation) or has_candidate(source) or has_candidate(translation):
        counted = (_scanned(source)[2], _scanned(translation)[2])
        problems = element_problems(source, translation, counted)
        if problems:
            findings.extend(Finding(p.code, p.message) for p in problems)
    if _is_front_matter(kind):
        # A front-matter value is a YAML, TOML or JSON string, not Markdown: a backslash, a
        # leading "- " or "*" are text there, and the writers (l10n.markdown.scalars) quote and
        # escape what the format needs. Only the checks above hold for it, less those of
        # constructs a string does not have (reference labels, footnotes, attribute lists).
        return tuple(f for f in findings if f.code not in _NOT_IN_STRINGS)
    if kind and "cell" in str(kind) and len(_PIPE.findall(translation)) > len(_PIPE.findall(source)):
        findings.append(Finding("table-cell", "unescaped '|' added: it would split the table cell"))
    added = _added_markup(source, translation, kind)
    if not fast or _needs_parser(source, translation):
        if kind in ("heading", "title") and "\n" not in source + translation:
            # A heading's or title's text is inline only: parsed alone, "<!-- x --> Title" would
            # read as an HTML block, so both are read as the ATX heading they stand in.
            source, translation = "# " + source, "# " + translation
        findings.extend(_parsed_findings(source, translation, findings))
    if added:
        findings.extend(_not_reported(added, findings))
    return tuple(findings)


_BLOCK_START = re.compile(
    r"[ \t]*(?:[#>\-=|:]|`{3}|~{3}|<|[*+](?:[ \t]|$)|(?:[*_][ \t]*){3,}$|\d{1,9}[.)]|\[\^)|[ \t]{4}", re.MULTILINE
)
"""A line that may open a block: ``*`` and ``+`` only as a list marker (followed by a space, a tab
or the line's end) or in a thematic break, so ``**Tip:**`` is not one (CommonMark 4.1, 5.2);
backticks and tildes only three or more (a code fence, 4.5: a code span may start a line); a
``<`` only where :func:`_html_block_start` says so (the match ends with it).
Matched at the start of each line of a text whose lines are joined by ``\\n`` only (``$`` then
marks exactly the ends of the lines ``str.split("\\n")`` gives): a search with ``^`` tried every
position of the text, and most segments are one line (issue 19)."""
_MARKUP_RUN = re.compile(r"[*_~\[\]()!<>`\\|](?:(?<=[*_~])[*_~]*)?")
"""A run of ``*``, ``_`` and ``~`` (mixed), or one bracket, parenthesis, ``!``, ``<``, ``>``, backtick,
backslash or ``|``: what ``[*_~]+|[…]`` matches, written to start with one character class so that
the regex engine skips the text between them in C (a pattern starting with an alternation is
tried at every position: half the time of the skeletons, issue 19)."""
_LINK_TAIL = re.compile(r"\][(\[:]")
"""In masked text: a ``]`` that may end a link, a reference or a definition the mask left whole."""
_CLOSERS = ("destination", "label")
_BRACKET_OR_STAND_IN = re.compile(r"[\[\]!]")
_LINK_RUN = re.compile(r"[*_~\[!<>`\\|](?:(?<=[*_~])[*_~]*)?")
""":data:`_MARKUP_RUN` without ``(``, ``)`` and ``]``, which :func:`_link_skeleton` always drops: a
stand-in is ``!`` or ``u``, so a mask position never holds one (about half the matches of prose
with pseudo-localized brackets, issue 19)."""


def _char_class(char: str) -> int:
    """0: start, end or white space; 1: punctuation or symbol; 2: anything else (CommonMark 6.2)."""
    if char == "" or char.isspace():
        return 0
    return 1 if unicodedata.category(char)[0] in "PS" else 2


Skeleton = tuple[tuple[str, int, int], ...]


def _run(masked: str, start: int, end: int) -> tuple[str, int, int]:
    return (masked[start:end], _char_class(masked[start - 1 : start]), _char_class(masked[end : end + 1]))


@functools.lru_cache(maxsize=512)
def _skeleton(text: str) -> Skeleton:
    """The inline markup of ``text`` in order: each delimiter run or bracket with the kind of
    character on either side, once code, links' destinations, tags and escapes are masked.

    CommonMark's inline parse reads nothing else (runs, their lengths and flanking, brackets and
    what directly follows them), so two texts with the same skeleton parse to the same
    structure: the parser is asked only when the skeletons differ. Hand-written because the
    parser costs about a millisecond a call, and most translations keep their markup in order.
    Cached: a source text is asked once per language and run.
    """
    masked, where = _masked(text)
    kept = []
    for match in _MARKUP_RUN.finditer(masked):
        run = _run(masked, match.start(), match.end())
        stand_in = where.get(match.start())
        # A stand-in by the kind of element it hides: a literal "!" and a masked code span or
        # label read alike otherwise, though the parser reads them apart (hypothesis found
        # "!][a]" against "][a]][a]" passing without the parse that rejects it).
        kept.append(run if stand_in is None else (stand_in[0], run[1], run[2]))
    return tuple(kept)


@functools.lru_cache(maxsize=512)
def _scanned(text: str) -> tuple[str, dict[int, tuple[str, str]], Counter[tuple[str, str]]]:
    """:func:`l10n.markdown.markup.scan_elements`, once per text for the element check and both
    skeletons (cached: the caller must not change what it gets)."""
    return scan_elements(text)


def _masked(text: str) -> tuple[str, dict[int, tuple[str, str]]]:
    """:func:`l10n.markdown.markup.mask_elements_where` of ``text`` (from :func:`_scanned`)."""
    masked, where, _ = _scanned(text)
    return masked, where


@functools.lru_cache(maxsize=512)
def _link_skeleton(text: str) -> Skeleton | None:
    """:func:`_skeleton` without the brackets, parentheses and ``!`` that cannot take part in a
    link, for a segment parsed with no reference definitions, or with those of its own full
    references' labels only where they resolve nothing else (:func:`_labelled_only`); ``None``
    when that cannot be told without the parser.

    With no definitions, a ``[`` opens a link only when its matching ``]`` (brackets nest;
    code, tags, escapes and links hide theirs: the markdown-it ``parseLinkLabel`` rule) is
    followed by ``(`` and a destination (CommonMark 6.3), which the mask has replaced by one
    stand-in: such a ``[`` and its stand-in (written ``]destination`` or ``]label``) are kept. Any other bracket, a
    parenthesis, and a ``!`` not before ``[`` is literal text, which the parse reads only as
    punctuation beside a delimiter run (kept in the runs' flanking classes). So a reply that
    adds brackets around the text (pseudo-localization) or parentheses needs no parse. It cannot
    be told when the masked text still holds ``](``, ``][`` or ``]:`` (a destination the mask
    did not take, a reference, a definition) or a ``<`` (raw HTML the mask did not take may hide
    a bracket); templates and URLs hiding brackets are sent to the parser before (:func:`_hides_markup`).
    """
    masked, where = _masked(text)
    if "<" in masked or _LINK_TAIL.search(masked):
        return None
    has_closer = False
    for at, (kind, _) in where.items():
        if kind in ("footnote", "label") and masked[at + 1 : at + 2] in ("(", "["):
            # "[^1](y)": a footnote reference only where the note defines [^1]; parsed alone, a link.
            # "][a](y)": the mask read a label, the parser reads "]" and the link "[a](y)".
            return None
        has_closer = has_closer or kind in _CLOSERS
    live: set[int] = set()  # the '[' of links, by position
    closers: set[int] = set()
    opened: list[int] = []
    # Without a destination or label stand-in no '[' can be live: the bracket walk would find
    # nothing, and pseudo-localized replies are mostly brackets (a fifth of this function, issue 19).
    for bracket in _BRACKET_OR_STAND_IN.finditer(masked) if has_closer else ():
        index, char = bracket.start(), bracket.group()
        if char == "[" and index not in where:
            opened.append(index)
        elif char == "]" and opened:
            opened.pop()
        elif index in where and where[index][0] in _CLOSERS:
            closers.add(index)
            if opened:
                live.add(opened.pop())
    kept = []
    for match in _LINK_RUN.finditer(masked):
        start, char = match.start(), match.group()
        # Only a delimiter run's neighbours (its flanking) and a backslash's (a hard break before
        # a line end) change the parse; a bracket's or a stand-in's do not. One lookup of the
        # position among the stand-ins, the usual cases first (session 18: 14 % of this function).
        stand_in = where.get(start)
        if stand_in is not None:  # a stand-in ("!"): a link closer or the element it hides
            kept.append(("]" + stand_in[0], 0, 0) if start in closers else (stand_in[0], 0, 0))
        elif char == "[":
            if start in live or masked[start - 1 : start] == "!":
                kept.append(("[", 0, 0))
        elif char == "!":
            if masked[start + 1 : start + 2] == "[":
                kept.append(("!", 0, 0))
        elif char[0] in "*_~":
            kept.append(_delimiter_run(masked, start, match.end()))
        elif char == "\\":
            kept.append(_run(masked, start, match.end()))
        else:
            kept.append((char, 0, 0))
    return tuple(kept)


def _delimiter_run(masked: str, start: int, end: int) -> tuple[str, int, int]:
    """A delimiter run as what its neighbours make of it: whether it can open and whether it can
    close emphasis (CommonMark 6.2: left- and right-flanking, and ``_``'s stricter rule), so that
    a run after ``[`` reads the same as one at the start of the text."""
    run, before, after = _run(masked, start, end)
    left = after != 0 and (after != 1 or before != 2)
    right = before != 0 and (before != 1 or after != 2)
    if run[0] == "_":
        return (run, left and (not right or before == 1), right and (not left or after == 1))
    return (run, left, right)


def _needs_parser(source: str, translation: str) -> bool:
    """Whether the texts may differ in structure: a line break or a block start in either (the
    block parse decides), or different inline skeletons (:func:`_skeleton`, and
    :func:`_link_skeleton` when the labels of the source's full references resolve nothing
    else)."""
    if not source.strip():
        return bool(translation.strip())  # a blank source is no block: any text would add one
    if not (_MARKUP_CHARS.search(source) or _MARKUP_CHARS.search(translation) or _NUMBERED_START.match(source)
            or _NUMBERED_START.match(translation)):
        return False
    if not (_one_paragraph(source) and _one_paragraph(translation)):
        return True
    if _hides_markup(source) or _hides_markup(translation):
        return True
    refs = _labels(source)
    if not refs or (_labelled_only(source, refs) and _labelled_only(translation, refs)):
        reduced = _link_skeleton(source)
        if reduced is not None and reduced == _link_skeleton(translation):
            return False
    return _skeleton(source) != _skeleton(translation)


_BRACKET_PAIR = re.compile(r"\[([^\[\]]*)\]")
"""In masked text: a pair of brackets with none inside (a link label holds no unescaped bracket)."""


def _labelled_only(text: str, refs: dict[str, dict[str, str]]) -> bool:
    """Whether, parsed with the definitions ``refs`` (a segment's own labels, :func:`_labels`),
    ``text`` can link through them only as :func:`_link_skeleton` counts: by full references
    whose label ``refs`` defines. False when a full reference names a label ``refs`` lacks (it
    stays text), or a bracket pair's text is a defined label (a shortcut reference ``[label]``
    resolves, CommonMark 6.3) or holds masked code, tags or escapes the label would include:
    the parser decides those. A pair around a link's end (a destination or label stand-in) is
    not a label: its ``[`` is that link's."""
    from markdown_it.common.utils import normalizeReference

    masked, where = _masked(text)
    for kind, original in where.values():
        if kind == "label" and normalizeReference(original[2:-1]) not in refs:
            return False
    for pair in _BRACKET_PAIR.finditer(masked):
        inside = [where[at][0] for at in where if pair.start() < at < pair.end()]
        if any(kind in _CLOSERS for kind in inside):
            continue  # its "[" opens the link that stand-in closes: this "]" is text
        if inside or normalizeReference(pair.group(1)) in refs:
            return False
    return True


_OTHER_BREAK = re.compile(f"[{LINE_BREAKS.replace(chr(10), '')}]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*(?:\n|\Z)|\A[ \t]*\n")


@functools.lru_cache(maxsize=512)
def _one_paragraph(text: str) -> bool:
    """Whether ``text`` is sure to parse as one paragraph: its lines are joined by ``\\n`` only,
    none is blank and none starts what could open or interrupt a block (:data:`_BLOCK_START`:
    a heading, list item, quote, fence, table row, setext underline, HTML block, footnote
    definition or indented code; CommonMark 4 and 5). Such lines are soft or hard breaks inside
    the paragraph, read by the inline parse as white space or the ``\\`` kept in the skeleton."""
    if _OTHER_BREAK.search(text) or ("\n" in text and _PARAGRAPH_BREAK.search(text)):
        return False
    if text.lstrip(" \t").startswith("[") and "]:" in text:
        return False  # may be a link reference definition, a block of its own (CommonMark 4.7)
    line = 0
    while True:
        start = _BLOCK_START.match(text, line)
        if start is not None:
            indent = start.group()[:-1]
            if not start.group().endswith("<") or "\t" in indent or len(indent) > 3 or _html_block_start(text, start.end() - 1):
                return False
        end = text.find("\n", line)
        if end < 0:
            return True
        line = end + 1


def _html_block_start(text: str, at: int) -> bool:
    """Whether the line of ``text`` from its ``<`` at ``at`` opens an HTML block, by the
    parser's own start conditions (markdown-it's ``HTML_SEQUENCES``, CommonMark 4.6): most lines
    that start with an inline tag (``<span class="x">Text</span>``) do not."""
    from markdown_it.rules_block.html_block import HTML_SEQUENCES

    end = text.find("\n", at)
    line = text[at : end if end >= 0 else len(text)]
    return any(opener.search(line) for opener, _, _ in HTML_SEQUENCES)


_HIDDEN_MARKUP = re.compile(r"[\[\]*~]|(?<![^\W_])_|_(?![^\W_])")
"""Markup inside a template tag or a bare URL that the parser reads though the mask hides it:
brackets, ``*`` and ``~`` runs, and a ``_`` not between letters or digits (CommonMark 6.2: a
``_`` inside a word neither opens nor closes emphasis)."""


@functools.lru_cache(maxsize=512)
def _hides_markup(text: str) -> bool:
    """Whether a template tag or a URL of ``text`` holds :data:`_HIDDEN_MARKUP`: Markdown knows
    neither (no linkify), so its parse reads them as text and the skeletons cannot stand for it."""
    if "{" not in text and "://" not in text:
        return False
    where = _masked(text)[1]
    return any(kind in ("template", "url") and _HIDDEN_MARKUP.search(original) for kind, original in where.values())


def _parsed_findings(source: str, translation: str, earlier: Sequence[Finding]) -> list[Finding]:
    refs = _labels(source)  # a label the translation invents resolves to nothing (and is reported as a label)
    if refs:
        # as the build does: a collapsed reference whose text was translated keeps its label
        translation = keep_references_resolving(source, translation, dict.fromkeys(refs, ""))
    before, after = _source_parse(source), _parse(translation, refs)
    findings: list[Finding] = []
    for block in after.blocks - before.blocks:
        if block in ("paragraph", "list_item", "thead", "tbody", "tr", "th", "td", "footnote"):
            continue  # parts of a list, table or footnote block, reported as that block
        what = _BLOCK_NAMES.get(block, block.replace("_", " "))
        findings.append(Finding("block-structure", f"the translation starts {what} the source segment does not have"))
    if after.top > before.top and not findings and not any(f.code == "block-split" for f in earlier):
        findings.append(Finding("block-structure", "the translation parses as more blocks than the source segment"))
    reported_links = any(f.code in ("link", "anchor", "reference") for f in earlier)
    for name, source_count, translated in (
        ("link", before.links, after.links),
        ("image", before.images, after.images),
    ):
        lost, added = source_count - translated, translated - source_count
        if (lost or added) and not reported_links:
            if sum(lost.values()) > sum(added.values()):
                message = f"{counted(sum(lost.values()), name)} no longer {plural(sum(lost.values()), 'parses', 'parse')} as a {name} (is ']' still directly before '(' ?)"
            else:
                message = f"{name} targets differ: the source has {sorted(source_count)}, the translation {sorted(translated)}"
            findings.append(Finding(name, message))
    for span, what in _INLINE_SPANS.items():
        if before.spans[span] != after.spans[span]:
            findings.append(
                Finding(
                    "emphasis",
                    f"{what}: {before.spans[span]} in the source, {after.spans[span]} in the translation "
                    "(a space inside the markers, or a marker lost?)",
                )
            )
    return findings


# --- markup a translation adds that would be published literally -------------------------------

_LITERAL_CANDIDATES = "*_~`<\\"
"""Characters that, added where the source had fewer, may be markup the parser leaves as text
(brackets are asked separately: pseudo-localization wraps every reply in a pair)."""
_LITERAL_NAMES = {
    "*": "'*' (emphasis marker)",
    "_": "'_' (emphasis marker)",
    "~": "'~' (strikethrough marker)",  # counted in characters, as the others: '~~' is 2
    "`": "'`' (code span marker)",
    "<": "'<' (tag opener)",
    "\\": "'\\' (backslash)",
    "[": "'[' or ']' (link bracket)",
}
_LITERAL_REPORTED_AS = {"*": "emphasis", "_": "emphasis", "~": "emphasis", "`": "code", "<": "html", "[": "link"}
"""The finding that already reports a lost or broken span of that marker: the literal marker
is then its consequence, not a second problem."""
_LITERAL_RUN = re.compile(r"\*+|_+|~+|`|<|\\|[\[\]]")


@functools.cache
def _parser_keeping_escapes() -> MarkdownIt:
    """:func:`_parser` without its ``text_join`` rule, so that backslash escapes and entities
    stay tokens of their own (``text_special``): a written ``\\*`` is then told from a ``*``
    the parser left as text."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin).use(front_matter_plugin)
    md.disable(["footnote_inline", "footnote_tail", "text_join"])
    return md


def _may_add_literal_markup(source: str, translation: str) -> bool:
    """Whether ``translation`` holds more of a :data:`_LITERAL_CANDIDATES` character than
    ``source``, or more ``[`` or ``]`` once a pair wrapping the whole reply (pseudo-localization)
    is set aside. A literal marker the translation has without more of its character is one of
    the source's spans broken, which the emphasis, link and element rules report."""
    for char in _LITERAL_CANDIDATES:
        if translation.count(char) > source.count(char):
            return True
    core = translation.strip()
    if core.startswith("[") and core.endswith("]"):
        core = core[1:-1]
    return core.count("[") > source.count("[") or core.count("]") > source.count("]")


def _rendered_inline(tokens: Sequence[Token]) -> list[str]:
    """The text of every inline run of ``tokens`` as the reader sees it, with each inline
    element (span markers, code, links, tags, escapes, entities) as one ``!`` (punctuation, as
    the markers it replaces are for CommonMark's flanking rules) and line breaks as ``\\n``: what
    is left of the markup characters is what the parser did not read as markup. An image's alt
    text is a run of its own."""
    runs: list[str] = []

    def render(children: Sequence[Token]) -> str:
        parts: list[str] = []
        for child in children:
            if child.type == "text" or (child.type == "text_special" and child.content == child.markup):
                parts.append(child.content)  # text_special as written: a backslash before a non-punctuation
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            else:
                parts.append("!")
                if child.type == "image" and child.children:
                    runs.append(render(child.children))
        return "".join(parts)

    for token in tokens:
        if token.type == "inline":
            runs.append(render(token.children or ()))
    return runs


def _literal_markup(text: str, refs: dict[str, dict[str, str]]) -> Counter[str]:
    """How many markup characters of ``text`` (parsed alone with the reference definitions
    ``refs``) the parser leaves as literal text, by :data:`_LITERAL_NAMES` key: ``*`` and ``_``
    in runs that could open or close emphasis (left- or right-flanking, CommonMark 6.2, so
    ``2 * 3`` and ``snake_case`` are prose) or of two or more, ``~`` in runs of two or more (GFM
    strikethrough; a lone ``~`` is "about"), every backtick (an unmatched code span marker, CommonMark 6.1) and
    backslash (not an escape or a hard break, 2.4 and 6.7), a ``<`` before a letter, a digit
    or ``/`` (a tag that did not parse, 6.6; ``a < b`` is prose) and ``[``/``]`` left unpaired
    (balanced brackets are punctuation)."""
    counts: Counter[str] = Counter()
    for run in _rendered_inline(_parser_keeping_escapes().parse(text, {"references": dict(refs)})):
        opened = 0
        for match in _LITERAL_RUN.finditer(run):
            char, start, end = match.group()[0], match.start(), match.end()
            if char in "*_~":
                before, after = _char_class(run[start - 1 : start]), _char_class(run[end : end + 1])
                left = after != 0 and (after != 1 or before != 2)
                right = before != 0 and (before != 1 or after != 2)
                if char == "_":
                    left, right = left and (not right or before == 1), right and (not left or after == 1)
                # a doubled marker is never prose, flanking or not ("** bold **" shows its stars)
                if (char != "~" and (left or right)) or end - start >= 2:
                    counts[char] += end - start
            elif char == "<":
                counts["<"] += _char_class(run[end : end + 1]) == 2 or run[end : end + 1] == "/"
            elif char == "[":
                opened += 1
            elif char == "]":
                if opened:
                    opened -= 1
                else:
                    counts["["] += 1
            else:
                counts[char] += 1
        counts["["] += opened
    return +counts


def added_markup_findings(source: str, translation: str, kind: str | None = None) -> list[Finding]:
    """Markup characters ``translation`` adds that would be published as literal text: a stray
    ``**``, ``_``, ``~~``, backtick, unpaired bracket, ``<`` or backslash where the source has
    none (or fewer), each kind counted by :func:`_literal_markup` on both texts parsed alone
    (headings and titles as the ATX heading they stand in). Reordered elements, and characters
    the source itself shows literally as often, are fine. Findings have the code
    ``markup-added``, one per kind of character. Raises nothing."""
    return [finding for _, finding in _added_markup(source, translation, kind)]


def _added_markup(source: str, translation: str, kind: str | None) -> list[tuple[str, Finding]]:
    """:func:`added_markup_findings`, each with its :data:`_LITERAL_NAMES` key."""
    if not _may_add_literal_markup(source, translation):
        return []
    if kind in ("heading", "title") and "\n" not in source + translation:
        source, translation = "# " + source, "# " + translation
    refs = _labels(source)
    if refs:
        translation = keep_references_resolving(source, translation, dict.fromkeys(refs, ""))
    before, after = _literal_markup(source, refs), _literal_markup(translation, refs)
    found = []
    for char, count in sorted(after.items()):
        if count > before[char]:
            message = (
                f"{_LITERAL_NAMES[char]} added that would be published as literal text: {count} in the "
                f"translation, {before[char]} in the source (escape it with '\\' if it is meant)"
            )
            found.append((char, Finding("markup-added", message)))
    return found


def _not_reported(added: list[tuple[str, Finding]], findings: Sequence[Finding]) -> list[Finding]:
    """``added`` less what a finding of ``findings`` already explains (a lost emphasis, link,
    code span or tag leaves its markers literal)."""
    codes = {finding.code for finding in findings}
    kept = []
    for char, finding in added:
        reported = _LITERAL_REPORTED_AS.get(char)
        if reported not in codes and not (reported == "link" and codes & {"image", "reference", "anchor"}):
            kept.append(finding)
    return kept


# --- machine replies ---------------------------------------------------------------------------

_COMMENTARY = re.compile(
    r"\s*(?:here(?:'s| is| are)\b|sure\b|certainly\b|of course\b|translation\s*:|translated(?: text)?\s*:|"
    r"the translation\b|note\s*:|as an ai\b|i'm sorry\b|i cannot\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_NAME_LIKE = re.compile(r"\b\w*[A-Z]\w*[A-Z0-9]\w*\b|\b\w*\d\w*\b|(?<=[\w,;:] )[A-Z]\w*")
_SCRIPT_NAMES = {
    "Deva": "Devanagari",
    "Arab": "Arabic",
    "Hans": "Han",
    "Hant": "Han",
    "Jpan": "Japanese",
    "Kore": "Korean",
    "Cyrl": "Cyrillic",
    "Grek": "Greek",
    "Hebr": "Hebrew",
    "Beng": "Bengali",
    "Taml": "Tamil",
}
ECHO = "translation is the source text unchanged"
"""The start of the finding for an echoed reply (``l10n.mt.batch`` accepts it after one retry)."""


def translatable_words(text: str, keep: Sequence[str] = ()) -> int:
    """Words left to translate once glossary terms, code, URLs, tags, numbers and names are masked.

    A name is a word with a capital letter after its first (``SQLite``, ``VACUUM``), with a
    digit (``mp3``), or capitalised after another word (``with Poedit``). A segment with none,
    such as ``VACUUM INTO`` or ``GitHub Actions``, may rightly stay as it is in any language.

    >>> translatable_words("VACUUM INTO"), translatable_words("Select all photos")
    (0, 3)
    """
    plain = _TOKEN.sub(" ", protect(text, keep).text)
    return len(_WORD.findall(_NAME_LIKE.sub(" ", plain)))


def check_reply(
    source: str,
    translation: str,
    target: str,
    *,
    kind: str | None = None,
    glossary: Glossary | None = None,
    check_language: bool = True,
    check_glossary: bool = False,
    protected: Protected | None = None,
    letters_only: bool = False,
    reply: str | None = None,
) -> list[str]:
    """Problems of a machine reply (placeholders restored) for ``source``; empty when fine.

    :func:`validate_translation`'s findings, then the engine's own slips. ``check_language=False``
    skips the script and echo checks (for pseudo-localization); ``check_glossary`` checks the
    glossary's fixed translations (for engines that were told about them). An echo is only a
    problem when the source has :func:`translatable_words`; its message starts with :data:`ECHO`.
    ``protected`` is ``source`` as :func:`l10n.markdown.protect.protect` gave it with the same glossary,
    when the caller has it (the machine path: protected once per segment, not once per check).
    ``letters_only``: the engine's replies differ from the text sent only in letters and a pair of
    brackets around it (:func:`letters_apart`): such a reply of plain prose is not checked
    against the rules, which could find nothing in it. ``reply``: the reply as the engine wrote
    it (placeholders in; ``translation`` is it restored): with ``letters_only`` and no glossary,
    a reply of a plain source is taken as protected already (:func:`_sent_back`), not protected
    again.
    """
    keep = glossary.keep if glossary else ()
    src = protected if protected is not None else protect(source, keep)
    out = _sent_back(src, translation, reply) if letters_only and reply is not None and not keep else None
    if out is not None:
        plain = True
    else:
        out = protect(translation, keep)
        plain = letters_apart(src, out, letters_only=letters_only)
    problems = _placeholder_problems(src, out)
    found = validate_translation(source, translation, _kind_name(kind), plain=plain)
    if found:
        problems.extend(str(f) for f in found)
    # Without originals the text holds no placeholder to blank out (a literal "{1}" is one).
    plain_out = _TOKEN.sub(" ", out.text) if out.originals else out.text
    if _COMMENTARY.match(plain_out) and not _COMMENTARY.match(_TOKEN.sub(" ", src.text)):
        problems.append(f"reply adds commentary: {translation.strip()[:40]!r}")
    elif len(translation) > 3 * len(source) + 40:
        problems.append(
            f"reply is much longer than the source ({len(translation)} vs {counted(len(source), 'character')}; commentary?)"
        )
    if check_language:
        if translation.strip() == source.strip():
            words = translatable_words(source, keep)
            if words:
                problems.append(f"{ECHO} ({counted(words, 'translatable word')})")
        else:
            problems.extend(_script_problems(target, plain_out))
    if check_glossary and glossary:
        for term, fixed in glossary.terms_for(target).items():
            if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", source, re.IGNORECASE) and fixed not in translation:
                problems.append(f"glossary: {term!r} must be translated as {fixed!r}")
    return problems


_LETTERS = re.compile(r"[^\W\d_]+")
"""A run of letters (and of other alphanumerics that are not decimal digits: ``½``): what a reply
may change at will without touching markup. To CommonMark each such character is neither white
space nor punctuation (6.2's flanking classes), and none starts or ends a construct."""
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9 .,;?!'’\"“”()/—–:{}*_-]|:(?! |\Z)|\{(?![0-9]+\})")
"""In a protected source: a character other than ASCII letters and digits, spaces, the
emphasis delimiters ``*`` and ``_`` (held to :data:`_EDGE_DELIMITERS` besides) and the
punctuation no Markdown construct is made of without one of the characters left out (``[``,
``]``, ``<``, ``&``, ``~``, backslash, ``|``, ``#``, ``=``, ``+``, ``@``, ``$``, line ends,
tabs); a colon but before a space or at the end (a URL scheme, an icon shortcode ``:name:``);
a ``{`` but a placeholder's."""
_EDGE_DELIMITERS = re.compile(
    r"\A *(?:\*+(?![A-Za-z0-9*])|_+(?![A-Za-z0-9_]))|(?:(?<![A-Za-z0-9*])\*+|(?<![A-Za-z0-9_])_+) *\Z"
)
"""In a protected source: a run of ``*`` or of ``_`` that opens or closes the text (inside its
spaces) without a letter or digit on its inner side. The wrapping pair of brackets stands
beside such a run where the line's start or end stood (white space to CommonMark 6.2, the
bracket punctuation): a run followed (or, at the end, preceded) by a letter or digit keeps
its left- and right-flanking, any other may gain one (``*(a)** b`` → ``[*(á)** ƀ]`` loses
its emphasis by the rule of three). A run inside the text has the same neighbours' classes in
the reply (letters stay letters), so the same flanking; ``* x`` (a list item) and ``***``
(a thematic break) are such edge runs too."""


def letters_apart(src: Protected, out: Protected, *, letters_only: bool = False) -> bool:
    """Whether ``validate_translation(src.compared, reply)`` is sure to find nothing, told from the
    source and the restored reply as :func:`protect` gave them (``src``, ``out``).

    True when the source's protected parts are code spans only and the reply's are the same, in
    the same order; the source holds around them only ASCII letters, digits, spaces, plain
    punctuation (:data:`_NOT_PLAIN`) and runs of ``*`` or ``_`` that cannot flank otherwise
    once the reply is wrapped (:data:`_EDGE_DELIMITERS`); and the reply is the source with other letters (any script)
    in place of its runs of letters, a run for a run (:data:`_LETTERS`: none dropped, none
    added, every other character in place), optionally wrapped in one pair of brackets inside
    its leading and trailing spaces (as pseudo-localization does). Every character the parser and
    the element and markup rules read is then the same in both, among the same classes of
    neighbours; the wrapping pair cannot resolve as a link (the source has no label outside code)
    and :func:`_may_add_literal_markup` sets it aside. ``letters_only``: the engine is known to
    change nothing else (:attr:`l10n.mt.engines.pseudo.PseudoEngine.letters_only`), so the reply
    is not compared character by character. The tests hold this to the rules (no pair it accepts
    has a finding, hypothesis). Issue 19: most pseudo-localized replies of prose are such pairs,
    and the rules were a third of the translate stage's CPU. Raises nothing."""
    if src.originals != out.originals or src.kinds.count("code span") != len(src.kinds):
        return False
    if not _plain(src.text):
        return False
    return letters_only or _same_shape(src.text, out.text)


def _sent_back(src: Protected, translation: str, reply: str) -> Protected | None:
    """``translation`` as :func:`protect` gives it, for a ``letters_only`` engine's ``reply`` (the
    reply before its placeholders were restored) to a plain source (:func:`letters_apart`'s
    source side); None when the source is not plain or the reply does not hold each placeholder
    once, in order. Such a reply holds, besides the restored code spans, only letters no rule
    starts with, the source's digits and plain punctuation, and the brackets around it, none of
    which a rule of :func:`protect` matches: protecting the translation would give ``reply`` and
    the source's originals again (the tests hold it so for the pseudo engine)."""
    kinds = src.kinds
    count = len(kinds)
    if kinds.count("code span") != count or reply.count("{") != count or reply.count("}") != count:
        return None
    if count and _PLACEHOLDER_NUMBER.findall(reply) != [str(number) for number in range(1, count + 1)]:
        return None
    if not _plain(src.text):
        return None
    return Protected(translation, reply, src.originals, kinds)


_PLACEHOLDER_NUMBER = re.compile(r"\{([0-9]+)\}")


def _plain(text: str) -> bool:
    """Whether a protected source holds only what :data:`_NOT_PLAIN` lets through, each ``{``
    opening a placeholder."""
    if _NOT_PLAIN.search(text) is not None or text.count("{") != text.count("}"):
        return False
    return ("*" not in text and "_" not in text) or _EDGE_DELIMITERS.search(text) is None


def _same_shape(source: str, reply: str) -> bool:
    """Whether ``reply`` is ``source`` with its runs of letters changed (:func:`letters_apart`),
    perhaps wrapped in a pair of brackets inside its leading and trailing spaces."""
    before, after = _LETTERS.sub("a", source), _LETTERS.sub("a", reply)
    if before == after:
        return True
    core = before.strip(" ")
    head = len(before) - len(before.lstrip(" "))
    return bool(core) and after == f"{before[:head]}[{core}]{before[head + len(core):]}"


def _placeholder_problems(src: Protected, out: Protected) -> list[str]:
    if src.originals == out.originals:
        return []  # the same parts in the same order (most replies): nothing lost, added or doubled
    kind_of = dict(zip(src.originals, src.kinds))
    kind_of.update((o, k) for o, k in zip(out.originals, out.kinds) if o not in kind_of)
    before, after = Counter(src.originals), Counter(out.originals)
    problems = []
    for item in dict.fromkeys([*src.originals, *out.originals]):
        what, shown = kind_of[item], _short(item)
        if after[item] < before[item]:
            problems.append(
                f"lost {what} {shown}"
                + (f" ({before[item] - after[item]} of {before[item]})" if before[item] > 1 else "")
            )
        elif after[item] > before[item] and before[item]:
            problems.append(f"duplicated {what} {shown}")
        elif after[item] > before[item]:
            problems.append(f"invented {what} {shown}")
    return problems


def _script_problems(target: str, plain_out: str) -> list[str]:
    script = expected_script(target)
    letters = [c for c in plain_out if c.isalpha()]
    # A lone word may be a name that stays in Latin letters ("GitHub"); prose may not.
    if script is None or len(_WORD.findall(plain_out)) < 2:
        return []
    share = sum(_in_script(c, script) for c in letters) / len(letters)
    if share < 0.5:
        name = _SCRIPT_NAMES.get(script, script)
        return [f"wrong script: only {share:.0%} of the letters are {name} (expected for {target}; romanised?)"]
    return []


def _short(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")
