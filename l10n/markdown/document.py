"""The byte-exact document model: a note's source text cut into skeleton and segments.

A :class:`Document` never re-renders Markdown. It keeps the decoded source text and a list of
:class:`Segment` slots, each pointing at the exact characters of one translatable unit. Rendering
copies the source through and splices translations into the slots, so rendering with no
translations gives back the source byte for byte (BOM and line endings included).
"""

from __future__ import annotations

import enum
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from l10n.markdown.scalars import json_string, shortcode_string, toml_string, yaml_block_lines, yaml_scalar

if TYPE_CHECKING:  # for the annotation only: frontmatter builds on this module, not the reverse
    from l10n.markdown.frontmatter import FrontMatter

BOM = "\ufeff"
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_START_END = operator.itemgetter(0, 1)  # a splice piece's (start, end): the order pieces are applied in


class SegmentKind(str, enum.Enum):
    """What a segment is; written to the catalog as the ``#.`` extracted comment."""

    FRONT_MATTER = "front matter"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    TABLE_CELL = "table cell"
    BLOCKQUOTE = "blockquote"
    FOOTNOTE = "footnote"
    HTML_MARKDOWN = "html markdown"
    HTML_TEXT = "html text"
    """The text of an HTML block's element a reader sees (``<summary>…</summary>``), on one line."""
    IMAGE_ALT = "image alt text"
    TITLE = "title"
    """The title of an admonition, container, alert or content tab (its syntax is skeleton)."""


class Style(str, enum.Enum):
    """How a translation is written into its slot."""

    LINES = "lines"
    """Prose: each line after the first gets the container prefix (``> ``, list indentation)."""
    SINGLE_LINE = "single-line"
    """A heading: a line break would end it, so lines are joined."""
    TABLE_CELL = "table-cell"
    """Joined to one line, with bare pipes escaped, so the table keeps its layout."""
    YAML_PLAIN = "yaml-plain"
    YAML_SINGLE = "yaml-single"
    YAML_DOUBLE = "yaml-double"
    YAML_BLOCK = "yaml-block"
    YAML_FLOW_PLAIN = "yaml-flow-plain"
    """A plain item of a YAML flow sequence (``[a, b]``): quoted when ``,[]{}`` are in the text."""
    """A front-matter value, quoted as the source value was when that still loads back the same."""
    TOML_BASIC = "toml-basic"
    TOML_LITERAL = "toml-literal"
    """A TOML front-matter string: ``"…"`` or ``'…'`` as in the source, when the value allows."""
    TOML_MULTILINE_BASIC = "toml-multiline-basic"
    TOML_MULTILINE_LITERAL = "toml-multiline-literal"
    """The content of a TOML multi-line string (between its triple quotes or apostrophes and their
    newlines): the delimiters stay, the translation is written escaped for that kind of string."""
    JSON_STRING = "json-string"
    """A JSON front-matter string: the translation written as a JSON string, escapes and all."""
    SHORTCODE_ARGUMENT = "shortcode-argument"
    """The text of a double-quoted Hugo shortcode argument: one line, quotes escaped."""
    YAML_BLOCK_LINES = "yaml-block-lines"
    """The content lines of a YAML block scalar (``|``, ``>``, with any chomping indicator): the
    header stays; each translated line is written at the source's indentation."""


class Segment(NamedTuple):
    """One translatable unit of a note.

    ``text`` is the msgid: the segment's Markdown with soft line breaks joined by one space and
    hard breaks kept as a newline. ``start``/``end`` delimit the source characters it replaces.

    A named tuple, not a frozen dataclass: as immutable, and about five times cheaper to make (a
    frozen dataclass sets each of its ten fields through ``object.__setattr__``), which a build
    does for every segment of every note it reads from the segmentation cache (session 14: with
    :class:`~l10n.site.links.Link`, 7.7 % of the build stage's instructions). Its fields
    compare, hash and pickle as a tuple's.
    """

    text: str
    kind: SegmentKind
    line: int
    """1-based line of the segment's first character in the source file."""
    start: int
    """0-based offset, in characters (not bytes), of the segment's first character in
    :attr:`Document.source` (the text after any BOM)."""
    end: int
    """0-based character offset just past the segment's last character (``source[start:end]``)."""
    context: str | None = None
    """msgctxt: only front-matter keys have one (``front-matter:title``)."""
    line_prefixes: tuple[str, ...] = ()
    """Prefix (container markers, indentation) to put before each line after the first."""
    eol: str = "\n"
    style: Style = Style.LINES

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.text)

    escape_pipes: bool = False
    """Next to a line that looks like a table's delimiter row: a new ``|`` could make a table."""

    def render(self, translation: str) -> str:
        if self.escape_pipes:
            translation = _UNESCAPED_PIPE.sub(r"\\|", translation)
        style = self.style
        if style is Style.LINES:
            if "\n" not in translation:  # one line (most segments): nothing to prefix
                return translation
            lines = translation.split("\n")
            out = [lines[0]]
            for index, line in enumerate(lines[1:]):
                prefix = self.line_prefixes[min(index, len(self.line_prefixes) - 1)] if self.line_prefixes else ""
                out.append(self.eol + prefix + line)
            return "".join(out)
        if style is Style.SINGLE_LINE:
            return " ".join(translation.split("\n"))
        if style is Style.TABLE_CELL:
            cell = _UNESCAPED_PIPE.sub(r"\\|", " ".join(translation.split("\n")))
            # A backslash at the end would escape the pipe that closes the cell.
            return cell + " " if cell.endswith("\\") else cell
        if style is Style.SHORTCODE_ARGUMENT:
            return shortcode_string(translation)
        if style is Style.YAML_BLOCK_LINES:
            return yaml_block_lines(translation, self.line_prefixes[0] if self.line_prefixes else "  ", self.eol)
        if style is Style.JSON_STRING:
            return json_string(translation)
        if style.value.startswith("toml-"):
            return toml_string(translation, style.value.removeprefix("toml-"), self.eol)
        return yaml_scalar(translation, style.value.removeprefix("yaml-"))


@dataclass(frozen=True, slots=True)
class Edit:
    """A fixed replacement of source characters (front-matter ``lang``/``translated`` lines)."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Document:
    """A parsed note: the text after the BOM, whether a BOM was there, and its segments."""

    source: str
    segments: list[Segment]
    bom: bool = False
    front_matter: FrontMatter | None = None
    """The note's front matter block, if it has one."""
    references: dict[str, str] = field(default_factory=dict)
    """Normalized link labels defined in the note mapped to their destinations."""
    path: str = "<note>"
    unclosed_fence: int = 0
    """The 1-based line of a code fence that is never closed and so runs to the note's end
    (CommonMark 4.5: the rest of the note is its code); 0 when there is none. Found by
    :func:`l10n.markdown.segment.parse_note`; a segmentation read back from the cache does not
    keep it (0), so ``extract``, which parses, is what says it."""

    def render(
        self,
        translate: Callable[[Segment], str | None] | Mapping[tuple[str | None, str], str],
        edits: list[Edit] | None = None,
    ) -> str:
        """Splice translations into the source; ``None``/missing keeps the source text."""
        lookup = translate.get if isinstance(translate, Mapping) else None
        pieces: list[tuple[int, int, str]] = []
        for segment in self.segments:
            value = lookup(segment.key) if lookup is not None else translate(segment)  # type: ignore[operator]
            if value is None or value == "" or value == segment.text:
                continue
            pieces.append((segment.start, segment.end, segment.render(value)))
        for edit in edits or ():
            pieces.append((edit.start, edit.end, edit.text))
        pieces.sort(key=_START_END)  # itemgetter: no Python call per piece
        out: list[str] = [BOM] if self.bom else []
        cursor = 0
        for start, end, text in pieces:
            if start < cursor:  # overlapping edits never happen by construction; keep source
                continue
            out.append(self.source[cursor:start])
            out.append(text)
            cursor = end
        out.append(self.source[cursor:])
        return "".join(out)
