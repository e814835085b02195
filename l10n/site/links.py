"""Links, images and anchors of built notes: rewritten to resolve from the output's folder, and
checked against the built tree.

Heading ids follow each generator's own rules (sources in each function). A generator that reads
an explicit ``{#id}`` after a heading (kramdown, Hugo's goldmark, MkDocs with ``attr_list``,
Docusaurus, VitePress) gets the source heading's id written after its translation, so every
anchor keeps working; elsewhere links to a translated heading are rewritten to the slug the
generator computes for the translation. When the dialect is only guessed (no generator known)
the slug rule is unknown, and fragments are left as written (:func:`l10n.site.relink.rewrite_links`).

Link destinations are found with regular expressions over the rendered note rather than a
Markdown parser: the rewrite must change only the destination's characters (a parser gives
no character offsets for inline links), and the rules below cover the syntax that carries a
path: inline links and images (CommonMark 6.3/6.4), link reference definitions (4.7), and
URL attributes of raw HTML (``href``, ``src``, ``poster``, ``data``, and each candidate of
``srcset``/``imagesrcset``). Fenced code, inline code spans and HTML comments are
skipped.
"""

from __future__ import annotations

import bisect
import functools
import html
import html.entities
import os
import posixpath
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, unquote

from l10n.markdown.generator import DEFAULT_HEADING_IDS, HeadingIdSettings

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from l10n.markdown.dialect import Dialect

ID_DIALECTS = frozenset({"kramdown", "hugo", "docusaurus", "vitepress"})
"""Dialects whose generator always honours ``## Heading {#id}`` (MkDocs: with ``attr_list``)."""

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")


def fence_step(fence: str | None, line: str) -> tuple[str | None, bool]:
    """One line of a line-by-line scan through fenced code (CommonMark 4.5): ``fence`` is the
    open fence's marker (None outside code); returns the marker after ``line`` and whether
    ``line`` is code or a fence line (a scan skips it). A closing fence is the opening
    character, at least as many of it; an opening one is three or more backticks or tildes,
    after any indent or blockquote markers."""
    marker = _FENCE.match(line)
    if fence is not None:
        if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
            return None, True
        return fence, True
    if marker:
        return marker.group(1), True
    return None, False


CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
"""A code span (CommonMark 6.1): a backtick run, then the content, up to a run of the same length
(neither longer nor shorter: ``a ``` holds none). Groups: the run, the content. Used by
:func:`find_links`' scanner (each line's spans blanked), :func:`kramdown_gfm_slug` and
:mod:`l10n.site.includes`."""
_INLINE = re.compile(r"\]\([ \t]*(<[^<>\n]*>|[^\s()<]*(?:\([^\s()]*\)[^\s()]*)*)")
# not [^1]: footnotes; a label holds no unescaped bracket (CommonMark 4.7)
_DEFINITION = re.compile(r"^[ \t>]{0,8}\[(?!\^)(?:[^\[\]\\\n]|\\.)+\]:[ \t]*(<[^<>\n]*>|\S+)")
# "](" ending a line: the destination starts on the next one (CommonMark 6.3 allows one line
# ending between them), where _NEXT_LINE_DESTINATION reads it
_OPEN_AT_END = re.compile(r"\]\([ \t]*$")
_NEXT_LINE_DESTINATION = re.compile(r"^[ \t>]*(<[^<>\n]*>|[^\s()<]+(?:\([^\s()]*\)[^\s()]*)*)")
# URL attributes of raw HTML (HTML "Attributes" index: href, src, poster on <video>, data on
# <object>; srcset on <img> and <source>, imagesrcset on <link>: a list of candidates). "data" is
# one only as a whole name: not "x-data", ":data" (Vue) or "data-src".
_HTML_ATTR = re.compile(
    r"""(?:\b(?:href|src|poster)|(?<![\w:.@-])data|\b(?:image)?srcset)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)')""",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# a "{" right after a backslash is text (CommonMark 2.4 backslash escapes): "## a \{#b}" sets no id
_EXPLICIT_ID = re.compile(r"[ \t]*(?<!\\)\{[:]?[ \t]*(?:[^{}\n]*?[ \t])?#([\w:.\-]+)[^{}\n]*\}[ \t]*#*[ \t]*$")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HTML_ID = re.compile(r"""<[A-Za-z][^>]*?\b(?:id|name)[ \t]*=[ \t]*["']([^"'\n]+)["']""")


class Link(NamedTuple):
    """One link destination in a note: its characters ``[start, end)`` (the destination only,
    without ``<>`` or quotes), its text, and the 1-based line it is on. A named tuple, as
    :class:`~l10n.markdown.document.Segment`: immutable, and made without a frozen dataclass's
    ``object.__setattr__`` per field (:func:`find_links` yields one per link of every page built)."""

    start: int
    end: int
    url: str
    line: int


def find_links(text: str) -> Iterator[Link]:
    """Every link, image, reference-definition and raw HTML URL destination of a note (each
    ``srcset`` candidate on its own: :func:`attribute_urls`),
    in order, outside fenced code, inline code spans and HTML comments (``<!-- [x](a.md) -->``
    is no link: CommonMark 4.6 and 6.6 keep a comment's text as it is).

    Lines are read one by one only where one can matter (the reference is the plain per-line
    scan, ``tests/test_find_links_fast.py``): with nothing open, the scan jumps to the next line
    holding a :data:`_TRIGGERS` mark, and inside a fence to the next line holding the fence's
    character three times; the lines in between change no state and hold no destination."""
    fence: str | None = None
    in_comment = False
    opened = False  # the previous line ended with "](" (a destination on this line)
    length = len(text)
    body_start = _front_matter_end(text)
    if body_start == 0 or text[body_start - 1] == "\n":
        pos = body_start
    else:  # the first line that starts at or after the body's start
        pos = text.find("\n", body_start) + 1 or length + 1
    number = text.count("\n", 0, pos) + 1  # 1-based, of the line starting at pos
    ahead = [-2] * len(_TRIGGERS)  # each mark's next offset at or after pos (-1: none left)
    while pos <= length:
        if fence is None and not in_comment and not opened:
            hit = -1
            for index, mark in enumerate(_TRIGGERS):
                at = ahead[index]
                if -1 != at < pos:  # each mark is searched for again only once passed
                    at = ahead[index] = text.find(mark, pos)
                if at >= 0 and (hit < 0 or at < hit):
                    hit = at
            if hit < 0:
                return
        elif fence is not None:
            hit = text.find(fence[0] * 3, pos)  # only such a line can close the fence
            if hit < 0:
                return
        else:
            hit = pos
        if hit > pos:
            skipped = text.rfind("\n", pos, hit)
            if skipped >= 0:
                number += text.count("\n", pos, skipped + 1)
                pos = skipped + 1
        start = pos
        end = text.find("\n", start)
        if end < 0:
            end = length
        line = text[start:end]
        pos = end + 1
        number += 1
        fence, skipped = fence_step(fence, line)
        if skipped:
            continue
        if not (
            opened
            or in_comment
            or "](" in line
            or "]:" in line
            or "<!--" in line
            or ("=" in line and _may_hold_attribute(line))  # masking makes no "href" or "src"
        ):
            continue  # a fence-less line of code spans, tildes or "=": nothing to mask or find
        masked = CODE_SPAN.sub(_blank, line) if "`" in line else line
        if in_comment or "<!--" in masked:
            masked, in_comment = _mask_comments(masked, in_comment)
        # Each pattern below needs its literal ("](", "]:", "="): a line of code spans alone
        # (most of those that reach here) is passed over without running them.
        inline, definition = "](" in masked, "]:" in masked
        attribute = "=" in masked and _may_hold_attribute(masked)
        if not (opened or inline or definition or attribute):
            continue
        found: list[tuple[int, int]] = []
        if opened:
            carried = _NEXT_LINE_DESTINATION.match(masked)
            if carried and carried.group(1):
                found.append(_strip_brackets(carried.start(1), carried.end(1), line))
        opened = inline and _OPEN_AT_END.search(masked) is not None
        if inline:
            for match in _INLINE.finditer(masked):
                if match.start(1) == match.end(1) and not masked[match.end() :].strip():
                    continue  # "](" ending the line: its destination is on the next one
                found.append(_strip_brackets(match.start(1), match.end(1), line))
        if definition and (matched := _DEFINITION.match(masked)):
            found.append(_strip_brackets(matched.start(1), matched.end(1), line))
        if attribute:
            for match in _HTML_ATTR.finditer(masked):
                found.extend(attribute_urls(match))
        for a, b in sorted(set(found)):
            yield Link(start + a, start + b, line[a:b], number - 1)


# With nothing open (no fence, comment or destination carried to the next line), a line can
# hold a destination or change the scan's state only if it holds one of these: "](", "]:" and
# "=" for the patterns, "<!--" for a comment, and a fence's opening run (a lone backtick or
# tilde only opens a code span, which masks its own line). str.find jumps to the next one in C.
# Looked for are "]" and "~" rather than "](", "]:" and "~~~": reading a few more lines changes
# nothing (the line's own checks decide), and a one-character search is about twice as fast on
# the non-ASCII text of a translation (find_links of the 127 corpus notes, built and source:
# 36 -> 30 ms; of their 19,049 built lines, 4,518 are then read instead of 4,344).
_TRIGGERS = ("]", "=", "<!--", "```", "~")


def attribute_urls(match: re.Match[str]) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each URL in an :data:`_HTML_ATTR` match's value: the whole value,
    or each image candidate's URL of a ``srcset`` (HTML "Parse a srcset attribute": candidates
    split at commas, a URL is the run of non-space characters, commas ending it are separators,
    descriptors such as ``2x`` or ``480w`` follow it)."""
    group = 1 if match.group(1) is not None else 2
    start, end = match.start(group), match.end(group)
    name = match.group()[: match.group().index("=")].rstrip(" \t").lower()
    if not name.endswith("srcset"):
        return [(start, end)]
    value = match.group(group)
    urls: list[tuple[int, int]] = []
    at = 0
    while at < len(value):
        while at < len(value) and value[at] in " \t\r\f,":
            at += 1
        first = at
        while at < len(value) and value[at] not in " \t\r\f":
            at += 1
        last = at
        while last > first and value[last - 1] == ",":
            last -= 1
        if last > first:
            urls.append((start + first, start + last))
        if at > last:  # the URL ended in commas: no descriptors
            continue
        depth = 0
        while at < len(value) and (depth or value[at] != ","):  # descriptors, up to the next comma
            depth += {"(": 1, ")": -1}.get(value[at], 0)
            at += 1
    return urls


def _may_hold_attribute(line: str) -> bool:
    """Whether ``line`` may hold a URL attribute that ``_HTML_ATTR`` matches (``href``, ``src``,
    ``srcset``, ``poster``, ``data``): a lower-cased name, or a long s (``re.IGNORECASE`` matches "ſ" to "s", and "ſ".lower() is "ſ").

    The pattern has no literal prefix, so the regex engine tries it at every position of a line
    (8 µs a line with "=", most of them prose or front matter: a quarter of ``find_links``)."""
    low = line.lower()
    return "href" in low or "src" in low or "poster" in low or "data" in low or "ſ" in line


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _mask_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """``line`` with the parts inside HTML comments blanked, and whether a comment is still open
    at its end. ``<!-->`` and ``<!--->`` are empty comments (CommonMark 0.31, 6.6)."""
    out: list[str] = []
    cursor = 0
    while cursor < len(line):
        if in_comment:
            close = line.find("-->", cursor)
            if close < 0:
                out.append(" " * (len(line) - cursor))
                return "".join(out), True
            out.append(" " * (close + 3 - cursor))
            cursor, in_comment = close + 3, False
            continue
        start = line.find("<!--", cursor)
        if start < 0:
            break
        out.append(line[cursor:start])
        rest = start + 4
        for empty in (">", "->"):
            if line.startswith(empty, rest):
                out.append(" " * (rest + len(empty) - start))
                cursor = rest + len(empty)
                break
        else:
            out.append(" " * 4)
            cursor, in_comment = rest, True
    out.append(line[cursor:])
    return "".join(out), in_comment


def _strip_brackets(a: int, b: int, line: str) -> tuple[int, int]:
    if b - a >= 2 and line[a] == "<" and line[b - 1] == ">":
        return a + 1, b - 1
    return a, b


def _front_matter_end(text: str) -> int:
    if not text.startswith(("---\n", "---\r\n")):
        return 0
    match = re.search(r"^(?:---|\.\.\.)[ \t]*\r?$", text[4:], re.MULTILINE)
    return 4 + match.end() if match else 0


def is_relative(url: str) -> bool:
    """Whether a destination is a path relative to the note (not ``#x``, ``/x``, ``https:``,
    ``mailto:``, or a template expression)."""
    return bool(url) and not (
        url.startswith(("#", "/", "\\", "?", "{", "%", "$", "@"))
        or _SCHEME.match(url)
        or "{{" in url
        or "{%" in url
    )


def split_url(url: str) -> tuple[str, str, str]:
    """``(path, query, fragment)``; query with its ``?``, fragment without ``#``."""
    path, _, fragment = url.partition("#")
    path, mark, query = path.partition("?")
    return path, mark + query if mark else "", fragment


# -- resolving a path in a tree ----------------------------------------------------------------

_NOTE_EXTENSIONS = (".md", ".mdx", ".markdown")
_INDEX_NAMES = ("index.md", "README.md", "_index.md", "index.mdx", "readme.md")


@dataclass(frozen=True)
class Resolved:
    """Where a relative path leads: the file (project-relative, POSIX) and how the link named it:
    ``exact``, ``extension`` (``intro`` for ``intro.md``), ``index`` (a folder), ``html``
    (``intro.html`` for ``intro.md``)."""

    file: str
    how: str


def resolve(root: str, base: str, path: str, exists: Callable[[str], bool] | None = None) -> Resolved | None:
    """The file that ``path`` (a link's path part, percent-encoded) names from the folder ``base``
    (project-relative, POSIX) in the tree at ``root``, the way site generators read it: the file
    itself, the path plus a Markdown extension, a folder's index page, or ``.html`` for its
    Markdown page. ``None`` when nothing matches or the path leaves the project."""
    check = exists or (lambda rel: os.path.exists(os.path.join(root, rel)))
    target = posixpath.normpath(posixpath.join(base, unquote(path)))
    if target.startswith(("../", "/")) or target == "..":
        return None
    target = "" if target == "." else target
    if target and not path.endswith("/") and (_is_file_on_disk(root, target) if exists is None else _is_file(root, target, check)):
        return Resolved(target, "exact")
    if target and not path.endswith("/"):
        for ext in _NOTE_EXTENSIONS:
            if check(target + ext):
                return Resolved(target + ext, "extension")
        if target.endswith(".html"):
            for ext in _NOTE_EXTENSIONS:
                if check(target[:-5] + ext):
                    return Resolved(target[:-5] + ext, "html")
    for name in _INDEX_NAMES:
        candidate = f"{target}/{name}" if target else name  # posixpath.join: target never ends with "/" (normpath)
        if check(candidate):
            return Resolved(candidate, "index")
    return None


class FolderListings:
    """The names in each project folder, listed once (``os.scandir``) and asked for by name:
    :meth:`exists` is ``os.path.exists`` of a project-relative path without a ``stat`` for a
    name the folder does not hold. :func:`resolve` tries up to twelve names per link path
    (the file, three extensions, three more for ``.html``, five index pages), and most of them are missing:
    on the 127 corpus notes, 13,440 ``stat`` calls for 1,722 paths, a third of the build's link
    work (session 13, measured with ``bench/stage_shares.py``).

    Exact, not a guess: only a missing name is answered from a listing; a name a listing
    holds is ``stat``-ed as before (a broken symlink, a race). A name another name of the
    folder equals under case folding and Unicode decomposition (a case-insensitive or
    normalizing file system: macOS, ``vfat``, ext4's ``casefold``) is ``stat``-ed too. Folders
    that cannot be listed, folders under ``unlisted`` (absolute prefixes ending in ``os.sep``:
    the bookkeeping folder, written during the run) and every folder off POSIX (Windows also
    matches short ``8.3`` names and drops trailing dots) are ``stat``-ed. The caller calls
    :meth:`forget` with each file it writes, so a listing never misses a file the run made.
    Holds at most :data:`_MOST_LISTED` names (then starts again): memory stays flat."""

    def __init__(self, root: str, unlisted: tuple[str, ...] = ()) -> None:
        self.root = root
        self.unlisted = unlisted
        self.listed: dict[str, tuple[frozenset[str], frozenset[str]] | None] = {}
        """Project-relative folder (``""``: the root) -> its names, and their folded forms with
        the folded stems (names without their extension); None: no such folder."""
        self.held = 0

    def exists(self, rel: str) -> bool:
        """``os.path.exists`` of the project-relative POSIX path ``rel``."""
        folder, _, name = rel.rpartition("/")
        listing = self.listed[folder] if folder in self.listed else self._list(folder)
        if listing is None:
            return False
        names, folded = listing
        if name not in names and _folded(name) not in folded:
            return False
        return os.path.exists(os.path.join(self.root, rel))

    def lacks(self, target: str) -> bool:
        """Whether none of the files :func:`resolve` tries for the normalized project-relative
        path ``target`` (not ``""``) exists: neither ``target``, nor ``target`` plus a Markdown
        extension (or instead of ``.html``), nor a folder ``target`` (its index pages). Every one
        of them is a name in ``target``'s folder whose stem or name is ``target``'s last part,
        so one look-up in the folder's stems answers them all (most link paths of the corpus
        lead nowhere in the project)."""
        folder, _, name = target.rpartition("/")
        listing = self.listed[folder] if folder in self.listed else self._list(folder)
        if listing is None:
            return True
        folded = listing[1]
        return _folded(name) not in folded and not (name.endswith(".html") and _folded(name[:-5]) in folded)

    def forget(self, path: str) -> None:
        """Drop the listings of the folders holding ``path`` (absolute), up to the root: the
        caller has just written it (its folders may have been made for it)."""
        prefix = self.root.rstrip(os.sep) + os.sep
        if not path.startswith(prefix):
            return
        folder = path[len(prefix) :].replace(os.sep, "/")
        while folder:
            folder = folder.rpartition("/")[0]
            if folder in self.listed:
                self._drop(folder)

    def _list(self, folder: str) -> tuple[frozenset[str], frozenset[str]] | None:
        if folder:  # a folder its parent's listing lacks is missing: no system call for it
            parent, _, name = folder.rpartition("/")
            above = self.listed[parent] if parent in self.listed else self._list(parent)
            if above is None or (name not in above[0] and _folded(name) not in above[1]):
                self._keep(folder, None, 1)
                return None
        path = os.path.join(self.root, *folder.split("/")) if folder else self.root
        if os.name != "posix" or (path + os.sep).startswith(self.unlisted):
            return _EVERY_NAME
        try:
            with os.scandir(path) as entries:
                names = frozenset(entry.name for entry in entries)
        except (FileNotFoundError, NotADirectoryError):
            self._keep(folder, None, 1)
            return None
        except (OSError, ValueError):  # not readable (but perhaps searchable): stat each name
            return _EVERY_NAME
        # folded names and stems (a.md -> a): exists() stat-s a name found here, lacks() reads stems
        listing = (names, frozenset([*map(_folded, names), *(_folded(posixpath.splitext(n)[0]) for n in names)]))
        self._keep(folder, listing, len(names))
        return listing

    def _keep(self, folder: str, listing: tuple[frozenset[str], frozenset[str]] | None, size: int) -> None:
        # the oldest folders go first: the build goes folder by folder, and links lead near
        listed = self.listed
        if folder in listed:
            self._drop(folder)
        while listed and self.held + size > _MOST_LISTED:
            self._drop(next(iter(listed)))
        self.held += size
        listed[folder] = listing

    def _drop(self, folder: str) -> None:
        """Let the listing of ``folder`` (held) go, and its names from :attr:`held`."""
        listing = self.listed.pop(folder)
        self.held -= 1 if listing is None else len(listing[0])


class _Everything(frozenset[str]):
    """A set that holds every name: a folder not listed, each of its names ``stat``-ed."""

    def __contains__(self, name: object) -> bool:
        return True


_EVERY_NAME = (_Everything(), _Everything())
_MOST_LISTED = 8192
"""Names :class:`FolderListings` holds at most (about 100 bytes each, twice: 2 MB; 262,144
held up to 50 MB, issue 19), the oldest folders going first. A build goes folder by folder, so
few are listed again."""


def _folded(name: str) -> str:
    """``name`` as a case-insensitive, normalizing file system compares it."""
    if name.isascii():  # NFD leaves ASCII as it is, and casefold is lower there
        return name.lower()
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name).casefold())


def _is_file(root: str, rel: str, check: Callable[[str], bool]) -> bool:
    return check(rel) and not os.path.isdir(os.path.join(root, rel))


def _is_file_on_disk(root: str, rel: str) -> bool:
    """:func:`_is_file` with the default check: one ``stat``, not two (a link may name anything
    that is not a folder: a file, a device, a socket)."""
    try:
        return not stat.S_ISDIR(os.stat(os.path.join(root, rel)).st_mode)
    except (OSError, ValueError):
        return False


def restyle(new_file: str, how: str, original: str) -> str:
    """A path to ``new_file`` (relative, POSIX) written the way ``original`` named its target."""
    if how == "extension":
        new_file = posixpath.splitext(new_file)[0]
    elif how == "html":
        new_file = posixpath.splitext(new_file)[0] + ".html"
    elif how == "index":
        new_file = posixpath.dirname(new_file) or "."
        new_file += "/" if original.endswith("/") or not original else ""
    if original.startswith("./") and not new_file.startswith("."):
        new_file = "./" + new_file
    if "%" in original or " " in new_file:
        new_file = quote(new_file, safe="/._-~()+,;=!*'@")
    return new_file


# -- heading ids ------------------------------------------------------------------------------


def heading_plain_text(markdown: str) -> str:
    """A heading's text as a generator renders it, the input of its slugger: entities and
    backslash escapes decoded, code spans kept as their content, links and images as their text,
    emphasis markers and HTML tags dropped, an ending attribute block (``{#id}``) removed.

    The inline is parsed by markdown-it-py (CommonMark 6), the reading github-slugger gets from
    Docusaurus' mdast, Python-Markdown's ``toc`` (``unescape(strip_tags(...))``) and mdBook's
    pulldown-cmark text events; kramdown slugs the raw text instead (:func:`slug_input`).

    >>> heading_plain_text("Save &amp; `x` [y](z.md) <b>now</b> {#id}")
    'Save & x y now'
    """
    # spaces and tabs only: a heading's content is stripped of those (CommonMark 4.2), not of U+00A0
    text = _drop_ending(_EXPLICIT_ID, markdown).strip(" \t")
    if not _INLINE_MARKUP.search(text):
        return text  # most headings: nothing for the parser to decode
    simple = _simple_plain_text(text)
    if simple is not None:
        return simple
    tokens = _inline_parser().parseInline(text)
    return "".join(_token_text(token) for token in tokens[0].children or ()).strip(" \t") if tokens else text


_INLINE_MARKUP = re.compile(r"[&\\`*_\[\]<~]")  # "!" is markup only before "["
_OTHER_MARKUP = re.compile(r"[\\*_\[\]<~]")
_BACKTICKS = re.compile(r"`+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decode(match: re.Match[str]) -> str:
    """An entity reference's character(s); a name HTML5 does not define stays as written
    (``&ampx;``: ``html.unescape`` would read ``&amp`` there, CommonMark reads no entity)."""
    name = match.group()[1:]
    return html.unescape(match.group()) if name.startswith("#") else html.entities.html5.get(name, match.group())


def _simple_plain_text(text: str) -> str | None:
    """The rendered text of a heading whose only markup is code spans and entity references
    (CommonMark 6.1, 2.5), or ``None`` for any other markup. Hand-written because a build whose
    notes are all cached must not import markdown-it (a fifth of l10n's start-up, measured by
    tests/test_segcache.py), and most headings with markup have only these two."""
    out: list[str] = []
    cursor = 0
    while cursor < len(text):
        opener = _BACKTICKS.search(text, cursor)
        if opener is None:
            break
        closer = _BACKTICKS.search(text, opener.end())
        while closer is not None and len(closer.group()) != len(opener.group()):
            closer = _BACKTICKS.search(text, closer.end())
        if closer is None:
            return None  # a literal backtick run: leave it to the parser
        before = text[cursor : opener.start()]
        if _OTHER_MARKUP.search(before):
            return None
        out.append(_ENTITY.sub(_decode, before))
        code = text[opener.end() : closer.start()]
        if len(code) >= 2 and code[0] == code[-1] == " " and code.strip(" "):
            code = code[1:-1]
        out.append(code)
        cursor = closer.end()
    rest = text[cursor:]
    if _OTHER_MARKUP.search(rest):
        return None
    out.append(_ENTITY.sub(_decode, rest))
    return "".join(out).strip(" \t")


@functools.lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("strikethrough")


def _token_text(token: Token) -> str:
    if token.type in ("text", "text_special", "code_inline"):
        return token.content
    if token.type == "image":  # its alt, as text: the children hold the alt's inline
        return "".join(_token_text(child) for child in token.children or ())
    if token.type in ("softbreak", "hardbreak"):
        return " "
    return ""  # html_inline, emphasis and link markers: no text


def slug_input(markdown: str, dialect: str) -> str:
    """The text a dialect's generator slugs for a heading whose Markdown is ``markdown``:
    kramdown takes the header's raw text (``options[:raw_text]`` in its HTML converter, so
    ``&amp;`` gives ``amp``), every other generator the rendered text (:func:`heading_plain_text`).
    Where attribute blocks are syntax (kramdown, Hugo, MkDocs, Docusaurus, VitePress) one
    ending the heading is no text; in Hugo neither is a shortcode (``{{% param icon %}} Title``
    gets the id ``title`` on docsy.dev)."""
    # a block that ends a heading is syntax there (mdBook: pulldown-cmark's heading attributes)
    if dialect in ID_DIALECTS or dialect in ("mkdocs", "mdbook"):
        markdown = _CLOSING_SEQUENCE.sub("", _drop_ending(_ENDING_ATTRIBUTES, markdown))
    if dialect == "hugo":  # shortcodes run first; what they print in a heading is markup (an icon)
        markdown = _SHORTCODE.sub("", markdown)
    if dialect == "kramdown":
        return _drop_ending(_EXPLICIT_ID, markdown).strip()
    return heading_plain_text(markdown)


_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}")


# "## Title ## {.cls}": the closing sequence before the block is syntax too (CommonMark 4.2)
_CLOSING_SEQUENCE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_ENDING_ATTRIBUTES = re.compile(r"[ \t]*(?<!\\)\{:?[ \t]*[#.][^{}\n]*\}[ \t]*(?:#+[ \t]*)?$")


def github_slug(text: str) -> str:
    """GitHub's heading id, as github-slugger makes it (also Docusaurus; Hugo's goldmark
    ``github`` mode agrees on headings of letters, digits, ``_`` and ``-``): lower case (full
    Unicode mapping), then every character removed but letters, marks, decimal and letter
    numbers, connector punctuation (``_``, ``‿``) and ``-``, and the symbols that are letters
    (Unicode Alphabetic: circled and squared Latin letters); each space (U+0020 only) becomes
    ``-``. Nothing is trimmed or merged. Source: github-slugger 2's ``script/generate-regex.mjs``
    (the General Categories it removes: Other_Number, punctuation but Connector_Punctuation,
    Symbol, Control, Private_Use, Format, Unassigned, Separator; minus Alphabetic, space and
    ``-``). Categories come from Python's :mod:`unicodedata`, whose Unicode version may be newer
    than github-slugger's 13.0 (a letter assigned since is kept here, removed there).

    >>> github_slug("Set up `l10n` — quickly!"), github_slug("सेटअप करें"), github_slug("x² ‿ Ⓐ")
    ('set-up-l10n--quickly', 'सेटअप-करें', 'x-‿-ⓐ')
    """
    return text.lower().translate(_GITHUB_TABLE)


class _GithubTable(dict[int, "int | None"]):
    """:func:`github_slug`'s rule as a :meth:`str.translate` table, each character's entry made
    the first time it is seen: kept, a space made ``-``, or dropped. A loop over the characters
    was most of a build's heading work."""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        category = unicodedata.category(char)
        kept = (
            char == "-"
            or category[0] in "LM"
            or category in ("Nd", "Nl", "Pc", "Cs")
            # Alphabetic symbols (Other_Alphabetic So: Ⓐ, 🄰) are the cased ones: Other_Uppercase
            # and Other_Lowercase hold exactly these symbols, and Alphabetic includes both
            or (category[0] == "S" and (char.isupper() or char.islower()))
        )
        value = code if kept else _HYPHEN if char == " " else None
        self[code] = value
        return value


_HYPHEN = ord("-")
_GITHUB_TABLE = _GithubTable()


def hugo_slug(text: str) -> str:
    """Hugo's default heading id (``autoHeadingIDType = "github"``: ``sanitizeAnchorNameWithHook``
    in Hugo's markup/goldmark/autoid.go), which is not github-slugger's: white space trimmed;
    each space (U+0020) and ``-`` a ``-``; letters (Go's ``unicode.IsLetter``: categories L),
    decimal digits (Nd) and ``_`` kept, each lower-cased by Go's simple case mapping; everything
    else dropped, vowel signs and other marks too (``सेटअप करें`` is ``सटअप-कर``, where GitHub keeps
    ``सेटअप-करें``). ``heading`` when nothing is left (Hugo's ``idFactory``).

    >>> hugo_slug("Set up `l10n` — now!"), hugo_slug("सेटअप करें"), hugo_slug("İstanbul ½")
    ('set-up-l10n--now', 'सटअप-कर', 'istanbul-')
    """
    return text.strip().translate(_HUGO_TABLE) or "heading"


class _HugoTable(dict[int, "str | None"]):
    """:func:`hugo_slug`'s rule as a :meth:`str.translate` table, filled as characters are met."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        category = unicodedata.category(char)
        value = (
            "-" if char in " -"
            # Go's unicode.ToLower maps one rune to one (U+0130 İ to i); str.lower may give more
            else char.lower()[0] if char == "_" or category[0] == "L" or category == "Nd"
            else None
        )
        self[code] = value
        return value


_HUGO_TABLE = _HugoTable()


def mdbook_slug(text: str) -> str:
    """mdBook's heading id (``normalize_id`` in mdBook's src/utils/mod.rs): alphanumeric
    characters, ``_`` and ``-`` kept with ``to_ascii_lowercase`` (so ``Über`` stays ``Über``,
    ``Šé`` stays ``Šé``), each whitespace character a ``-``, everything else dropped.

    Rust's ``char::is_alphanumeric`` is Unicode Alphabetic or Numeric; Python's unicodedata has
    no Other_Alphabetic property, so marks count when they are the vowel signs, anusvara,
    candrabindu and visarga of Indic scripts (the Other_Alphabetic marks headings use), not
    viramas, nuktas or accents (U+0300–U+036F).

    >>> mdbook_slug("Über `--passes`: add"), mdbook_slug("Šééááŕçĥ"), mdbook_slug("सेटअप करें")
    ('Über---passes-add', 'Šééááŕçĥ', 'सेटअप-करें')
    """
    out: list[str] = []
    for c in text:
        if c in "_-" or _rust_alphanumeric(c):
            out.append(c.lower() if c.isascii() else c)
        elif c.isspace():
            out.append("-")
    return "".join(out)


_ALPHABETIC_MARKS = ("VOWEL SIGN", "SIGN ANUSVARA", "SIGN CANDRABINDU", "SIGN VISARGA")


@functools.lru_cache(maxsize=4096)
def _rust_alphanumeric(c: str) -> bool:
    category = unicodedata.category(c)
    if category[0] in "LN":
        return True
    return category in ("Mn", "Mc") and any(part in unicodedata.name(c, "") for part in _ALPHABETIC_MARKS)


def kramdown_slug(text: str) -> str:
    """kramdown's ``auto_ids`` (kramdown docs, "Automatic Header IDs"): leading non-letters
    removed, then every character but ASCII letters, digits, spaces and dashes; spaces become
    dashes; lower case; ``section`` when nothing is left.

    >>> kramdown_slug("1. Getting Started!"), kramdown_slug("सेटअप")
    ('getting-started', 'section')
    """
    slug = re.sub(r"^[^a-zA-Z]+", "", text)
    slug = re.sub(r"[^a-zA-Z0-9 \-]", "", slug).replace(" ", "-").lower()
    return slug or "section"


def kramdown_gfm_slug(text: str) -> str:
    """The heading id of Jekyll's default Markdown, kramdown with ``input: GFM``
    (kramdown-parser-gfm's ``generate_gfm_header_id``, which sets every heading's id before
    kramdown's own rule would): ``text`` is the heading's raw Markdown, read as that parser's
    ``raw_text`` with ``auto_id_stripping`` (markup dropped, code spans as their content,
    entities decoded, and kramdown's typographic ``--``/``---`` outside code made dashes that
    the rule then removes); lower-cased per character (Ruby's ``downcase``, no final-sigma
    rule); every character removed but word characters (``\\p{Word}``: letters, marks, decimal
    digits, connector punctuation), ``-``, space and tab; each space and tab a ``-``. Nothing
    is trimmed; nothing left gives no id (``""``), where kramdown's own rule says ``section``.

    >>> kramdown_gfm_slug("1. Getting Started!"), kramdown_gfm_slug("सेटअप करें"), kramdown_gfm_slug("A -- `b--c` &amp; snake_case")
    ('1-getting-started', 'सेटअप-करें', 'a--b--c--snake_case')
    """
    parts = CODE_SPAN.split(text)
    # the odd parts are the code spans' backtick runs and contents, kept as written
    plain = "".join(_TYPOGRAPHIC_DASH.sub("\u2013", part) if i % 3 == 0 else part for i, part in enumerate(parts))
    return "".join(c.lower() for c in heading_plain_text(plain)).translate(_GFM_WORD_TABLE)


_TYPOGRAPHIC_DASH = re.compile(r"---|--")  # kramdown's em and en dashes (kramdown syntax, "Typographic Symbols")


class _GfmWordTable(dict[int, "str | None"]):
    """:func:`kramdown_gfm_slug`'s removal as a :meth:`str.translate` table, filled as
    characters are met: Onigmo's ``\\p{Word}`` (L, M, Nd, Pc) and ``-`` kept, space and tab
    made ``-``, anything else dropped."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        category = unicodedata.category(char)
        value = "-" if char in " \t-" else char if category[0] in "LM" or category in ("Nd", "Pc") else None
        self[code] = value
        return value


_GFM_WORD_TABLE = _GfmWordTable()


def mkdocs_slug(text: str) -> str:
    """Python-Markdown's ``toc`` ``slugify`` (MkDocs' default): NFKD, ASCII only, ``[^\\w\\s-]``
    removed, lower case, runs of spaces and dashes become one dash."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


_TAGS = re.compile(r"</?[^>]*>")


def toc_slug(text: str, style: str = "", separator: str = "-") -> str:
    """A heading id as MkDocs makes it with the ``toc`` extension's ``slugify`` and ``separator``
    (:class:`l10n.markdown.generator.HeadingIdSettings`): ``""``, Python-Markdown's ``slugify``
    (:func:`mkdocs_slug`'s rule); ``"unicode"``, its ``slugify_unicode`` (the same, Unicode
    kept); ``"pymdownx:CASE:NORMALIZE:ENCODE"``, pymdown-extensions' ``pymdownx.slugs.slugify``
    (normalized, HTML tags removed, stripped, cased, then every character but word characters,
    ``-`` and spaces removed, each space a separator; percent-encoded as UTF-8 when ENCODE is 1).

    >>> toc_slug("Über Café!", "unicode"), toc_slug("Über Café!", "pymdownx:none:NFC:0")
    ('über-café', 'Über-Café')
    """
    if not style.startswith("pymdownx:"):
        if style != "unicode":
            text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        value = re.sub(r"[^\w\s-]", "", text).strip().lower()
        return re.sub(rf"[{re.escape(separator)}\s]+", separator, value)
    _, case, form, encode = style.split(":")
    slug = _TAGS.sub("", unicodedata.normalize(form, text)).strip()  # type: ignore[arg-type]
    if case == "lower":
        slug = slug.lower()
    elif case == "lower-ascii":
        slug = re.sub(r"[A-Z]", lambda m: m.group().lower(), slug)
    elif case == "fold":
        slug = slug.casefold()
    slug = re.sub(r"[^\w\- ]", "", slug).replace(" ", separator)
    return quote(slug.encode("utf-8")) if encode == "1" else slug


# @mdit-vue/shared's slugify, VitePress' default (markdown.anchor.slugify): its character classes
_VITEPRESS_CONTROL = re.compile(r"[\u0000-\u001f]")
_VITEPRESS_SPECIAL = re.compile(r"[\s~`!@#$%^&*()\-_+=\[\]{}|\\;:\"'\u201c\u201d\u2018\u2019<>,.?/]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def vitepress_slug(text: str) -> str:
    """VitePress' heading id (``slugify`` of @mdit-vue/shared, set as markdown-it-anchor's rule):
    NFKD with combining marks U+0300–U+036F removed, control characters removed, each run of
    spaces and ASCII punctuation one dash, no dash at either end, ``_`` before a leading digit,
    lower case.

    >>> vitepress_slug("server.fs.allow"), vitepress_slug("Dev Containers / VS Code"), vitepress_slug("3. Café")
    ('server-fs-allow', 'dev-containers-vs-code', '_3-cafe')
    """
    slug = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    slug = _VITEPRESS_SPECIAL.sub("-", _VITEPRESS_CONTROL.sub("", slug))
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    return re.sub(r"^(\d)", r"_\1", slug).lower()


def hugo_ascii_slug(text: str) -> str:
    """Hugo's ``autoHeadingIDType = "github-ascii"`` (``sanitizeAnchorNameWithHook`` in Hugo's
    markup/goldmark/autoid.go): accents removed (NFD, nonspacing marks dropped, NFC), then every
    non-ASCII character dropped; each space and ``-`` a ``-`` (a tab is dropped: Hugo 0.168's
    output, which the source's ``isSpace`` no longer matches); ASCII letters, digits and
    ``_`` kept, lower-cased; anything else dropped. ``heading`` when nothing is left (Hugo's
    ``idFactory``).

    >>> hugo_ascii_slug("Über café"), hugo_ascii_slug("Set up `l10n` — now!"), hugo_ascii_slug("सेटअप")
    ('uber-cafe', 'set-up-l10n--now', 'heading')
    """
    plain = unicodedata.normalize("NFC", _without_marks(unicodedata.normalize("NFD", text)))
    out = [c.lower() if c.isalnum() or c == "_" else "-" for c in plain if c.isascii() and (c.isalnum() or c in " -_")]
    return "".join(out) or "heading"


def blackfriday_slug(text: str) -> str:
    """Hugo's ``autoHeadingIDType = "blackfriday"`` (``SanitizedAnchorName`` in Hugo's
    markup/blackfriday/anchors.go, from Blackfriday): letters and numbers (Unicode) kept,
    lower-cased; each run of anything else one ``-`` between them, none at either end;
    ``heading`` when nothing is left (Hugo's ``idFactory``).

    >>> blackfriday_slug("Über café"), blackfriday_slug("Set up `l10n` — now!")
    ('über-café', 'set-up-l10n-now')
    """
    out: list[str] = []
    dash = False
    for c in text:
        if unicodedata.category(c)[0] in "LN":
            if dash and out:
                out.append("-")
            dash = False
            out.append(c.lower())
        else:
            dash = True
    return "".join(out) or "heading"


def _without_marks(text: str) -> str:
    """``text`` without its nonspacing marks (Unicode category Mn: Go's ``unicode.Mn``, which
    Hugo's ``RemoveAccents`` removes after NFD)."""
    return "".join(c for c in text if unicodedata.category(c) != "Mn")

# Latin letters NFD does not decompose, as kramdown's transliteration (stringex's unidecoder
# data, the tables of Perl's Text::Unidecode) spells them
_LATIN_ASCII = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D",
    "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i", "ħ": "h", "Ħ": "H",
})


def transliterate(text: str) -> str:
    """``text`` in ASCII as kramdown's ``transliterated_header_ids`` writes it before making an
    id (``Kramdown::Utils::Unidecoder.decode``, stringex's tables): accented Latin letters lose
    their accents (``Über`` ``Uber``), the Latin letters of :data:`_LATIN_ASCII` are spelt out
    (``ß`` ``ss``). Other scripts are kept (then dropped by :func:`kramdown_slug`): stringex spells
    them in Latin letters, which this does not attempt.

    >>> transliterate("Über café ß")
    'Uber cafe ss'
    """
    return _without_marks(unicodedata.normalize("NFKD", text.translate(_LATIN_ASCII)))


def slugger(dialect: str, settings: HeadingIdSettings | None = None) -> Callable[[str], str]:
    """The heading-id rule of a dialect's generator, as its configuration ``settings`` set it
    (:func:`l10n.markdown.generator.heading_id_settings`: Hugo's ``autoHeadingIDType``,
    kramdown's ``transliterated_header_ids`` and ``auto_id_prefix``; None: the defaults).
    kramdown numbers a repeated id before it puts the prefix on; :func:`unique` counts per
    slug, so a prefix put on first numbers the same ids."""
    if settings is not None and settings != DEFAULT_HEADING_IDS:
        return _configured_slugger(dialect, settings)
    return _slugger(dialect)


@functools.lru_cache(maxsize=16)
def _configured_slugger(dialect: str, settings: HeadingIdSettings) -> Callable[[str], str]:
    if dialect == "hugo" and settings.style == "github-ascii":
        return hugo_ascii_slug
    if dialect == "hugo" and settings.style == "blackfriday":
        return blackfriday_slug
    if dialect == "mkdocs":
        return functools.partial(toc_slug, style=settings.style, separator=settings.separator)
    if dialect != "kramdown":
        return _slugger(dialect)
    if settings.style == "gfm":
        gfm_prefix = settings.prefix
        return (lambda text: gfm_prefix + kramdown_gfm_slug(text)) if gfm_prefix else kramdown_gfm_slug
    prefix, ascii_first = settings.prefix, settings.style == "transliterated"
    if not prefix and not ascii_first:
        return kramdown_slug
    return lambda text: prefix + kramdown_slug(transliterate(text) if ascii_first else text)


def _slugger(dialect: str) -> Callable[[str], str]:
    if dialect == "kramdown":
        return kramdown_slug
    if dialect == "vitepress":
        return vitepress_slug
    if dialect == "mkdocs":
        return mkdocs_slug
    if dialect == "mdbook":
        return mdbook_slug
    if dialect == "hugo":
        return hugo_slug
    return github_slug


def unique(slug: str, seen: dict[str, int], dialect: str) -> str:
    """A repeated id gets a number, as the generator numbers it (``-1`` kramdown/GitHub,
    ``_1`` Python-Markdown). ``seen`` is the page's ids so far (updated). GitHub's rule
    (github-slugger's ``BananaSlug.slug``, also Hugo's ``idFactory``) skips a number an earlier
    heading already took as its own id (``Echo``, ``Echo``, ``Echo 1`` get ``echo``,
    ``echo-1``, ``echo-1-1``); kramdown and mdBook count per slug without that check, and so
    does this function for VitePress, whose numbering is kept as it was. MkDocs follows
    Python-Markdown's ``toc`` ``unique`` (:func:`_toc_unique`): an empty slug is never an id."""
    if dialect == "mkdocs":
        return _toc_unique(slug, seen)
    if dialect not in _NUMBERED_BY_COUNT:
        found = slug
        while found in seen:
            seen[slug] += 1
            found = f"{slug}-{seen[slug]}"
        seen[found] = 0
        return found
    count = seen.get(slug)
    seen[slug] = 0 if count is None else count + 1
    if count is None:
        return slug
    return f"{slug}_{count + 1}" if dialect == "mkdocs" else f"{slug}-{count + 1}"


_NUMBERED_BY_COUNT = frozenset({"kramdown", "mdbook", "vitepress"})
"""Dialects whose duplicate ids :func:`unique` numbers by a count per slug, as before."""

_TOC_COUNTED = re.compile(r"^(.*)_([0-9]+)$")


def _toc_unique(slug: str, seen: dict[str, int]) -> str:
    """Python-Markdown's ``toc`` ``unique`` (markdown/extensions/toc.py, 3.x; MkDocs' heading
    ids): an id already taken, or empty, gets ``_N`` with the first N from 1 up that is free;
    an id that already ends in ``_N`` counts on from N (``a_1`` taken gives ``a_2``), so a
    heading whose slug is empty (all non-ASCII: ``उपकरण सेट करें``, or only punctuation and
    emoji) gets ``_1``, the next ``_2``. ``seen``'s keys are the ids taken (updated); its
    values are unused here."""
    if slug in seen or not slug:
        counted = _TOC_COUNTED.match(slug)
        base, count = (counted.group(1), int(counted.group(2))) if counted else (slug, 0)
        count += 1
        while f"{base}_{count}" in seen:
            count += 1
        slug = f"{base}_{count}"
    seen[slug] = 0
    return slug


_ANY_ATTRIBUTES = re.compile(r"[ \t]*(?<!\\)\{:?[ \t]*[#.][^{}\n]*\}")


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` character offsets of each code span of one inline text, backticks
    included (CommonMark 6.1: a backtick string up to the next string of the same length; a
    backslash escapes a backtick before the opener, never inside the span; an opener with no
    closer is literal). Hand-written so a cached build need not import markdown-it; checked
    against markdown-it with hypothesis (tests/test_heading_code.py). Each opener looks up its
    closer among the runs of its length by bisection: O(n log n), never a rescan per opener."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(index)
    cursor = 0
    index = 0
    while index < len(runs):
        start, end = runs[index]
        if start < cursor:
            index += 1
            continue
        slash = start
        while slash > cursor and text[slash - 1] == "\\":
            slash -= 1
        if (start - slash) % 2:  # "\`": the first backtick is literal, the rest of the run may open
            start += 1
        same = by_length.get(end - start, [])
        at = bisect.bisect_right(same, index)
        if start == end or at == len(same):
            index += 1
            continue
        closer = runs[same[at]]
        yield start, closer[1]
        cursor = closer[1]
        index = same[at] + 1


def _outside_code(text: str) -> str:
    """``text`` with each code span replaced by as many line feeds: attribute-block patterns
    (which exclude ``\n``) then never match in or across a code span, and offsets still hold."""
    parts: list[str] = []
    cursor = 0
    for start, end in code_spans(text):
        parts += (text[cursor:start], "\n" * (end - start))
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def _drop_ending(pattern: re.Pattern[str], text: str) -> str:
    """``text`` without ``pattern``'s match at its end when that match is outside code spans
    (``pattern``: an attribute block, which holds a ``{``)."""
    if "{" not in text:  # most headings: no block, and no code spans to mask
        return text
    match = pattern.search(_outside_code(text))
    return text[: match.start()] if match and match.end() == len(text) else text


def _ending_block(heading: str) -> re.Match[str] | None:
    """The id-setting attribute block at the end of a heading's line, outside code spans."""
    if "{" not in heading:  # most headings: no block, and no code spans to mask
        return None
    match = _EXPLICIT_ID.search(_outside_code(heading))
    return match if match and match.end() == len(heading) else None


def strip_attributes(text: str) -> str:
    """``text`` without attribute blocks (``{#id}``, ``{: .cls}``) anywhere outside its code
    spans (a ``{#x}`` inside `````{#x}````` is code, CommonMark 6.1)."""
    if "{" not in text:  # no block to strip, and no code spans to mask
        return text.rstrip()
    masked = _outside_code(text)
    out: list[str] = []
    cursor = 0
    for match in _ANY_ATTRIBUTES.finditer(masked):
        out.append(text[cursor : match.start()])
        cursor = match.end()
    out.append(text[cursor:])
    return "".join(out).rstrip()


def attribute_block(heading: str) -> str | None:
    """The attribute block that ends a heading and sets its id (``{#id .cls}``), or ``None``."""
    match = _ending_block(heading)
    return heading[match.start() : match.end()].strip().rstrip("#").strip() if match else None


def explicit_id(heading: str) -> str | None:
    """The id a heading sets itself (``{#id}``, ``{: #id}``, ``{.cls #id}``) in a block ending
    its line outside code spans, or ``None``."""
    match = _ending_block(heading)
    return match.group(1) if match else None


_QUOTE_PREFIX = re.compile(r"^(?: {0,3}> ?)+")
# list item markers (CommonMark 5.2: 1-4 spaces after the marker), with quote markers between
_ITEM_PREFIX = re.compile(r"^(?:[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]{1,4}(?![ \t])(?:[ \t]*> ?)*)+")


def heading_texts(text: str, markdown: Dialect | None = None) -> Iterator[tuple[int, str]]:
    """``(1-based line, heading text)`` of every ATX and setext heading, in blockquotes too
    (and ATX headings opening a list item),
    outside fenced code and HTML comment blocks (CommonMark 4.6, type 2: from a line starting ``<!--`` to one holding
    ``-->``; a ``## x`` inside one is no heading).

    With ``markdown``, the note's constructs are read first, as the segmenter (and so the build)
    reads them (:func:`l10n.markdown.dialect.line_view`): a heading in an admonition or tab body
    (indented 4 columns) is a heading of the page, a shortcode or marker line is no setext
    underline nor a heading's text. The heading text is still the line as written (its
    ``{#id}`` kept)."""
    fence: str | None = None
    in_comment = False
    lines = text.split("\n")
    body_start = text[: _front_matter_end(text)].count("\n")
    view = None
    if markdown is not None:
        from l10n.markdown.dialect import line_view

        view = line_view([line.rstrip("\r") for line in lines], body_start, markdown)
    previous = previous_raw = ""
    for index, raw in enumerate(lines):
        if index < body_start:
            continue
        # a heading in a blockquote is a heading too (CommonMark 5.1): "> ## Our apologies!"
        written = _QUOTE_PREFIX.sub("", raw.rstrip("\r"))
        line = written if view is None else _QUOTE_PREFIX.sub("", view.parsed[index])
        fence, skipped = fence_step(fence, line)
        if skipped:
            previous = ""
            continue
        indent = len(line) - len(line.lstrip(" "))
        if in_comment or (indent < 4 and line.startswith("<!--", indent)):
            opening = line.find("<!--") + 2 if not in_comment else 0  # "<!-->" ends where it starts
            in_comment = "-->" not in line[opening:]
            previous = ""
            continue
        # a heading opening a list item is a heading too (CommonMark 5.2): "- ## In a list"
        item = _ITEM_PREFIX.match(line)
        atx = _ATX.match(line[item.end() :] if item else line)
        if atx:
            if view is not None:  # the text as written: attribute blocks are masked in the view
                item = _ITEM_PREFIX.match(written)
                atx = _ATX.match((written[item.end() :] if item else written).lstrip(" \t")) or atx
            yield index + 1, atx.group(2) or ""
            previous = ""
            continue
        if _SETEXT.match(line) and previous.strip() and not previous.startswith(("    ", "\t")):
            if not (line.strip().startswith("-") and _ATX.match(previous)):
                yield index, previous_raw.strip()
            previous = ""
            continue
        previous, previous_raw = (line, written) if line.strip() else ("", "")


# kramdown's {:auto_ids} (or {:auto_ids-PREFIX}) IAL before a definition list, among other refs
_AUTO_IDS_IAL = re.compile(r"^ {0,3}\{:[ \t]*(?:[^{}\n]*?[ \t])?auto_ids(?:-([\w-]+))?(?:[ \t][^{}\n]*)?\}[ \t]*$")
_DEFINITION_LINE = re.compile(r"^ {0,3}:[ \t]")  # a definition of a kramdown definition list
# an IAL opening a term (kramdown's LIST_ITEM_IAL): "{:#own} term", not an ALD "{:name: ...}"
_TERM_IAL = re.compile(r"^[ \t]*\{:(?![\w-]*:|/)([^{}\n]+)\}[ \t]*")
_IAL_ID = re.compile(r"(?:^|[ \t])#([\w:.\-]+)")


class TermId(NamedTuple):
    """A definition term's id in a kramdown ``{:auto_ids}`` list: ``start``, the character offset
    of the term's text (after its indentation and any IAL of its own), the id, and whether the
    term sets it itself (``{:#id} term``)."""

    start: int
    id: str
    own: bool


def definition_term_ids(text: str) -> list[TermId]:
    """The ids kramdown gives the terms of each definition list that an ``{:auto_ids}`` IAL line
    (or ``{:auto_ids-PREFIX}``) comes right before (kramdown syntax, "Definition Lists"; its HTML
    converter's ``convert_dt``): PREFIX, then the term's raw text as ``basic_generate_id`` makes
    ids (:func:`kramdown_slug` without ``section`` for nothing left; no ``auto_id_prefix``, no
    transliteration, no numbering of repeats); a term opening with ``{:#id}`` keeps that id. A
    list is term lines (one or more, each a term) then ``:`` definition lines, their indented or
    lazy continuation lines, and after a blank line further groups of that shape. Fenced code
    is skipped."""
    if "auto_ids" not in text:
        return []
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    found: list[TermId] = []
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index].rstrip("\r")
        marker = _FENCE.match(line)
        if marker:
            fence = None if fence is not None and marker.group(1)[0] == fence[0] else fence or marker.group(1)
            index += 1
            continue
        ial = _AUTO_IDS_IAL.match(line) if fence is None else None
        index += 1
        if ial is None:
            continue
        prefix = ial.group(1) or ""
        while True:  # one group: terms, then definitions
            terms = index
            while index < len(lines) and lines[index].strip() and not _DEFINITION_LINE.match(lines[index]):
                index += 1
            if index == terms or index >= len(lines) or not _DEFINITION_LINE.match(lines[index]):
                index = terms
                break
            for at in range(terms, index):
                found.append(_term_id(lines[at].rstrip("\r"), offsets[at], prefix))
            index += 1
            while index < len(lines):  # the definitions: a line after a blank one must be indented
                line = lines[index]
                if _DEFINITION_LINE.match(line) or not line.strip() or line[:1] in (" ", "\t") or lines[index - 1].strip():
                    index += 1
                    continue
                break
            while index > terms and not lines[index - 1].strip():
                index -= 1  # back to the blank lines before the next group, which starts after them
            while index < len(lines) and not lines[index].strip():
                index += 1
    return found


def _term_id(line: str, offset: int, prefix: str) -> TermId:
    own = _TERM_IAL.match(line)
    if own:
        explicit = _IAL_ID.search(own.group(1))
        if explicit:
            return TermId(offset + own.end(), explicit.group(1), True)
        line = line[own.end() :]
        offset += own.end()
    indent = len(line) - len(line.lstrip(" \t"))
    raw = line.strip()
    slug = re.sub(r"^[^a-zA-Z]+", "", raw)
    slug = re.sub(r"[^a-zA-Z0-9 \-]", "", slug).replace(" ", "-").lower()
    return TermId(offset + indent, (prefix + slug).lstrip(), False)


def generated_ids(
    text: str, dialect: str, markdown: Dialect | None = None, settings: HeadingIdSettings | None = None
) -> set[str]:
    """The ids a dialect's generator makes for a note's headings that set none themselves: the
    ids the build writes after their translations (:func:`l10n.site.relink.plan_headings`);
    ``markdown``: the note's constructs, as in :func:`heading_texts`; ``settings``: the
    generator's (:func:`slugger`; none at all when its automatic ids are off)."""
    if settings is not None and not settings.auto:
        return set()
    make = slugger(dialect, settings)
    headings = [heading for _, heading in heading_texts(text, markdown)]
    seen = taken_ids(headings, dialect)
    return {unique(make(slug_input(heading, dialect)), seen, dialect) for heading in headings if not explicit_id(heading)}


def taken_ids(headings: Iterable[str], dialect: str) -> dict[str, int]:
    """The ``seen`` that :func:`unique` starts a page with: for MkDocs the ids its headings set
    themselves (``{#id}``), which Python-Markdown's ``toc`` takes before it makes any
    (``TocTreeprocessor.run`` collects every ``id`` first: ``Setup {#setup}`` after ``Setup``
    still gives the first ``setup_1``); empty for other dialects, which number as they go."""
    if dialect != "mkdocs":
        return {}
    return {found: 0 for heading in headings if (found := explicit_id(heading))}


def anchors_of(
    text: str, dialect: str, markdown: Dialect | None = None, settings: HeadingIdSettings | None = None
) -> set[str]:
    """Every id a note's page has: headings' explicit and generated ids, and HTML ``id``/``name``;
    ``markdown``: the note's constructs, as in :func:`heading_texts`; ``settings``: the
    generator's (:func:`slugger`; explicit ids only when its automatic ids are off)."""
    make = slugger(dialect, settings)
    auto = settings is None or settings.auto
    headings = [heading for _, heading in heading_texts(text, markdown)]
    seen = taken_ids(headings, dialect)
    ids: set[str] = set()
    for heading in headings:
        explicit = explicit_id(heading)
        if explicit:
            ids.add(explicit)
            continue
        if not auto:
            continue
        ids.add(unique(make(slug_input(heading, dialect)), seen, dialect))
    if dialect == "kramdown":
        ids.update(term.id for term in definition_term_ids(text))
    ids.update(_HTML_ID.findall(text))
    return ids
