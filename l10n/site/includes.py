"""Include and import paths of a note: the files its generator reads into the page, found so
the build can lead each page-relative one to the same file from the output's folder, as it
does links (:func:`l10n.site.relink.rewrite_links`).

Found per generator, each by its own reading (sources in brackets):

==============  ==================================================================================
dialect         paths read relative to the page's file
==============  ==================================================================================
``mdbook``      ``{{#include path:…}}``, ``{{#rustdoc_include path:…}}``, ``{{#playground path …}}``
                (and the old ``{{#playpen}}``), anywhere in the text, code blocks too, but not
                after a backslash (mdBook's ``links`` preprocessor: its ``LINK`` regex runs on the
                chapter's raw text; a path is the first word of the arguments, up to a ``:``)
``docusaurus``  MDX ``import … from "./x"`` / ``export … from "../x"`` statements at a line's start
                outside code (mdxjs.com "ESM"; a statement runs on to a blank line), and
                ``require("./x")`` outside code (JSX: ``<img src={require('./a.png').default} />``);
                only specifiers starting ``./`` or ``../`` are page-relative (Node's resolution:
                ``@site/…``, ``@theme/…`` and bare names are aliases or packages); a webpack
                loader prefix (``!!raw-loader!./x.js``) is kept, the path after it rewritten
``vitepress``   ``<<< path`` code imports (a line of its own outside fences),
                ``<!--@include: path-->`` (anywhere: VitePress expands it in the raw text), and the
                ``./``/``../`` imports of a ``<script setup>`` block (Vite resolves them from the
                page's file: ``import { data } from './_data/a.data'``); a path starting ``@/``
                is the source root's (VitePress "Markdown Extensions": "Import Code Snippets",
                "Markdown File Inclusion"; "Using Vue in Markdown")
``kramdown``    Jekyll ``{% include_relative path %}`` outside ``{% raw %}`` (Jekyll "Includes":
                relative to the page's file, and never through ``..``, which Jekyll refuses)
==============  ==================================================================================

Not page-relative, so never found: Hugo's ``readFile``/``readfile`` (the project's or the content
folder's path; Docsy's ``readfile`` shortcode reads a relative path in the page's own folder
only, which a translation in a language's content folder cannot name), pymdownx.snippets'
``--8<-- "file"`` (relative to ``base_path``, the folder MkDocs runs in), Jekyll's
``{% include %}`` (the ``_includes`` folder). A guessed dialect (no generator known) finds none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from l10n.site.links import CODE_SPAN, fence_step

INCLUDE_DIALECTS = frozenset({"mdbook", "docusaurus", "vitepress", "kramdown"})
"""Dialects whose pages may read other files by a page-relative path."""


class Include(NamedTuple):
    """One include or import path in a note: its characters ``[start, end)`` (the path alone:
    no anchor, line range, loader prefix or query), the path, its 1-based line, and whether it is
    a JavaScript module specifier (which must go on starting ``./`` or ``../``: a bare name is a
    package)."""

    start: int
    end: int
    path: str
    line: int
    module: bool = False


# mdBook's LINK regex (src/preprocess/links.rs): an escaped "\{{#" is the link's text, not a link
_MDBOOK = re.compile(r"(\\)?\{\{\s*#(?:include|rustdoc_include|playground|playpen)\s+([^}]+)\}\}")
# the first line of an ESM statement, read as l10n.markdown.dialect reads MDX lines: an import of
# a quoted module (or one whose names run over lines), an export; prose "Import the data from"
# is none of these
_ESM_START = re.compile(
    r"import[ \t]*(?:[\w$*{][^\n\"']*?[ \t}]from[ \t]*)?[\"'][^\"'\n]+[\"']"
    r"|import[ \t]+(?:type[ \t]+)?(?:[\w$]+[ \t]*,[ \t]*)?\{[^}\n]*$"
    r"|export[ \t]+(?:const|let|var|function|async|class|default|type|interface)\b|export[ \t]*[{*]"
)
_ESM_FROM = re.compile(r"""(?:\bfrom|^import|\bimport)[ \t]*(["'])([^"'\n]+)\1""")
_REQUIRE = re.compile(r"""\brequire\([ \t]*(["'])([^"'\n]+)\1[ \t]*\)""")
_CODE_IMPORT = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*<<<[ \t]*([^\s#{\[]+)")
_SCRIPT_OPEN = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
_VITEPRESS_INCLUDE = re.compile(r"<!--\s*@include:\s*([^#{}\s]+?)(?=[#{\s]|-->)")
_INCLUDE_RELATIVE = re.compile(r"\{%-?[ \t]*include_relative[ \t]+([^\s%}]+)")
_RAW = re.compile(r"\{%-?[ \t]*(end)?raw[ \t]*-?%\}")


def find_includes(text: str, dialect: str) -> Iterator[Include]:
    """Every page-relative include or import path of a note written in ``dialect`` (the module
    documentation's table), in order. Paths that are absolute, a URL, an alias (``@/``,
    ``@site/``) or a template expression are left out."""
    if dialect == "mdbook":
        found = _mdbook(text)
    elif dialect == "docusaurus":
        found = _mdx(text)
    elif dialect == "vitepress":
        found = _vitepress(text)
    elif dialect == "kramdown":
        found = _jekyll(text)
    else:
        return
    for include in sorted(found):
        if _page_relative(include.path, include.module):
            yield include


def _page_relative(path: str, module: bool) -> bool:
    if module:
        return path.startswith(("./", "../"))
    return bool(path) and not (
        path.startswith(("/", "\\", "@", "~", "{", "$", "#"))
        or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", path) is not None
        or "{{" in path
        or "{%" in path
    )


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _mdbook(text: str) -> list[Include]:
    if "{{" not in text:
        return []
    found = []
    for match in _MDBOOK.finditer(text):
        if match.group(1):
            continue
        args = match.group(2)
        word = re.match(r"\s*([^\s:]+)", args)
        if word is None or args[word.end(1) : word.end(1) + 3] == "://":
            continue  # no path, or a URL (which mdBook would read as a file named "https")
        start = match.start(2) + word.start(1)
        found.append(Include(start, start + len(word.group(1)), word.group(1), _line_of(text, start)))
    return found


def _code_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """``(offset, 1-based number, line)`` of each line outside fenced code, with its code spans
    blanked (same length)."""
    fence: str | None = None
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        start, offset = offset, offset + len(line) + 1
        fence, skipped = fence_step(fence, line)
        if skipped:
            continue
        if "`" in line:
            line = CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        yield start, number, line


def _module(start: int, number: int, line: str, match: re.Match[str]) -> Include:
    """A module specifier's path, after any webpack loader prefix (``!!raw-loader!``) and
    before any query or fragment (``?raw``)."""
    spec_start = match.start(2)
    spec = match.group(2)
    bang = spec.rfind("!")
    if bang >= 0:
        spec_start += bang + 1
        spec = spec[bang + 1 :]
    spec = re.split(r"[?#]", spec, maxsplit=1)[0]
    return Include(start + spec_start, start + spec_start + len(spec), spec, number, module=True)


def _mdx(text: str) -> list[Include]:
    if "import" not in text and "export" not in text and "require(" not in text:
        return []
    found: list[Include] = []
    in_esm = False
    for start, number, line in _code_lines(text):
        if not line.strip():
            in_esm = False
            continue
        if not in_esm and _ESM_START.match(line):
            in_esm = True
        if in_esm:
            found.extend(_module(start, number, line, m) for m in _ESM_FROM.finditer(line))
        if "require(" in line:
            found.extend(_module(start, number, line, m) for m in _REQUIRE.finditer(line))
    return found


def _vitepress(text: str) -> list[Include]:
    found: list[Include] = []
    if "@include" in text:
        for match in _VITEPRESS_INCLUDE.finditer(text):
            found.append(Include(match.start(1), match.end(1), match.group(1), _line_of(text, match.start(1))))
    if "<<<" not in text and "<script" not in text:
        return found
    in_script = False
    for start, number, line in _code_lines(text):
        code = _CODE_IMPORT.match(line) if not in_script else None
        if code:
            found.append(Include(start + code.start(1), start + code.end(1), code.group(1), number))
            continue
        opening = _SCRIPT_OPEN.search(line) if not in_script else None
        if opening is not None or in_script:
            # a Vue <script> block's imports: Vite resolves them from the page's file
            after = opening.end() if opening is not None else 0
            closing = line.find("</script>", after)
            body = line[after : len(line) if closing < 0 else closing]
            found.extend(_module(start + after, number, body, m) for m in _ESM_FROM.finditer(body))
            in_script = closing < 0
    return found


# Jekyll 4's IncludeTag#validate_file_name (lib/jekyll/tags/include.rb, jekyll/jekyll#8618):
# Ruby's \w is ASCII; a run of two of "." and "/" ("..", "./", "/.", "//") is refused
_JEKYLL_FILE_CHARS = re.compile(r"[\w/.\-()+~#@]+", re.ASCII)
_JEKYLL_INVALID_SEQUENCE = re.compile(r"[./]{2,}")


def jekyll_refuses(path: str) -> bool:
    """Whether Jekyll's ``include``/``include_relative`` tags refuse the file name ``path`` (as
    written in the tag) and fail the build ("Invalid syntax for include tag. File contains
    invalid characters or sequences"): a character outside ASCII letters, digits and
    ``_/.-()+~#@``, or two of ``.`` and ``/`` in a row (``../x``, ``./x``, ``a//b``). Jekyll 4's
    ``validate_file_name``; Jekyll "Includes": "you cannot use the ``../`` syntax".

    >>> jekyll_refuses("../snippets/x.md"), jekyll_refuses("./x.md"), jekyll_refuses("part/x-1.md")
    (True, True, False)
    """
    return _JEKYLL_FILE_CHARS.fullmatch(path) is None or _JEKYLL_INVALID_SEQUENCE.search(path) is not None


def _jekyll(text: str) -> list[Include]:
    if "include_relative" not in text:
        return []
    raw = [(m.start(), m.group(1) is not None) for m in _RAW.finditer(text)]
    found = []
    for match in _INCLUDE_RELATIVE.finditer(text):
        # inside {% raw %} … {% endraw %}: the tag is text (Liquid "raw")
        before = [closing for at, closing in raw if at < match.start()]
        if before and not before[-1]:
            continue
        found.append(Include(match.start(1), match.end(1), match.group(1), _line_of(text, match.start(1))))
    return found
