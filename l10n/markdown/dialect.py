r"""Markdown dialects as named sets of constructs, and the line view the segmenter parses.

Each site generator reads Markdown with its own extensions. l10n names those extensions
*constructs*; a dialect (:data:`l10n.markdown.generator.DIALECTS`) is a set of them
(:data:`DIALECT_CONSTRUCTS`), and the ``[tool.l10n.markdown_constructs]`` table switches any one
on or off (``deflist = false``).

============================  ==============================================================
construct                     what it is (source of the syntax)
============================  ==============================================================
``alerts``                    GitHub alerts ``> [!NOTE]`` (GitHub Docs, "Alerts"; mdBook 0.4.41,
                              VitePress "GitHub-flavored Alerts", Hugo blockquote render hooks)
``colon_containers``          ``:::tip`` / ``:::note[Title]`` / ``:::info Title`` … ``:::``
                              (Docusaurus "Admonitions"), ``::: tip Title`` / ``::: details`` /
                              ``::: code-group`` (VitePress "Custom Containers")
``admonitions``               ``!!! type "Title"``, ``??? type``, ``???+ type`` with bodies
                              indented 4 spaces (Python-Markdown "Admonition", pymdownx.details)
``content_tabs``              ``=== "Label"`` with indented bodies (pymdownx.tabbed)
``pymdown_blocks``            ``/// type | Title`` … ``///`` (pymdownx.blocks)
``mkdocstrings``              ``::: package.module`` and its indented options (mkdocstrings)
``attributes``                kramdown IALs and ALDs on their own line (``{: .class }``,
                              ``{:toc}``), heading ids ``{#id}``, attribute lists
                              ``{ #id .class key="v" }`` ending a heading or a line (kramdown
                              "Attribute List Definitions"; Python-Markdown "Attribute Lists";
                              goldmark/Hugo "attribute"; Docusaurus/VitePress/mdBook heading ids)
``deflist``                   definition lists ``term`` / ``: definition`` (kramdown, PHP
                              Markdown Extra, Python-Markdown "Definition Lists", goldmark)
``code_shortcodes``           bodies of Hugo shortcodes that hold code (``highlight``,
                              ``code-toggle`` …: the ``code_shortcodes`` setting), kept like code
``template_tags``             a ``{{< … >}}`` / ``{{% … %}}`` / ``{% … %}`` tag over several
                              lines is never segmented (one never closed is text), a line of
                              tags alone is a block of its own, the bodies of ``{% comment %}``,
                              ``{% raw %}`` and the code blocks ``{% highlight %}``,
                              ``{% codeblock %}``, ``{% code %}`` are skeleton, a reference definition whose destination holds a tag
                              is skeleton (Hugo shortcodes, Liquid, mdBook ``{{#include}}``);
                              the text arguments of a shortcode tag (``title="…"``,
                              :data:`DEFAULT_SHORTCODE_ARGUMENTS`) are titles; a Liquid
                              ``{% capture x %}`` of one word the note never shows is skeleton,
                              another on one line has its body as a title (:func:`shown_captures`)
``mdx_lines``                 MDX ``import`` / ``export`` statements (Docusaurus reads ``.md`` as
                              MDX): an ``import`` naming a quoted module, an ``export`` of a
                              declaration, and the lines that continue either up to a blank line
``mdx_expressions``           a block that is one MDX expression (``{props.items.map(…)}``,
                              ``{/* a comment */}``, over lines, blank ones too): skeleton
                              (mdxjs.com "Expressions"); inline ones are protected in every
                              dialect (:mod:`l10n.markdown.mdx`)
``toc_markers``               a table-of-contents marker alone on its line: ``[[toc]]``
                              (VitePress "Markdown Extensions", "Table of Contents") and
                              ``[TOC]`` (Python-Markdown "Table of Contents")
``code_imports``              VitePress code imports ``<<< @/snippets/a.js{2} [label]`` (VitePress
                              "Markdown Extensions", "Import Code Snippets")
``snippets``                  pymdownx.snippets ``--8<-- "file.md"`` lines and ``--8<--`` … ``--8<--``
                              blocks of file names (pymdown-extensions "Snippets")
``abbreviations``             ``*[HTML]: Hyper Text Markup Language``: the expansion is a segment,
                              ``*[HTML]:`` is syntax (Python-Markdown "Abbreviations", kramdown
                              "Abbreviations", PHP Markdown Extra)
``kramdown_extensions``       kramdown ``{::comment}`` … ``{:/comment}``, ``{::nomarkdown}`` …
                              ``{:/nomarkdown}`` (end tag also ``{:/}``) and ``{::options … /}``:
                              markers and bodies are skeleton (kramdown syntax, "Extensions")
``markdown_html``             kramdown ``markdown="1"`` HTML blocks: their text is segmented
``html_text``                 the text of an HTML block's ``<summary>``, ``<figcaption>``,
                              ``<p>``, ``<h1>``…, ``<li>``, ``<td>`` … element opened and closed on
                              one line (``<details><summary>Click to see</summary>``): a
                              segment, the tags skeleton (:func:`l10n.markdown.segment` reads it).
                              Off in every dialect: switched on with ``html_text = true``
                              (an HTML block is otherwise kept byte for byte, as DESIGN says)
``tasklists``                 a task list item's box ``[ ]`` / ``[x]`` is skeleton (GFM "Task
                              list items"; pymdownx.tasklist; goldmark; mdBook)
``math``                      display math is skeleton: ``$$`` … ``$$`` blocks (GitHub "Writing
                              mathematical expressions", pymdownx.arithmatex, remark-math,
                              VitePress ``markdown.math``, kramdown math blocks) and lines of
                              ``\\[`` … ``\\]`` (mdBook ``mathjax-support``) or ``\[`` … ``\]``
                              (arithmatex, Hugo passthrough) standing alone; inline math
                              (``$…$``, ``$$…$$``, ``\\(…\\)``) is protected in every dialect
                              (:mod:`l10n.markdown.protect`)
============================  ==============================================================

How they are applied: before markdown-it parses a note, :func:`line_view` gives each line a
*masked* version of the same length (marker syntax and attributes replaced by spaces, so they
are never part of a segment and their line stays apart from the prose around it), and a
*parsed* version (the masked line, with the 4 columns of each enclosing MkDocs admonition or tab
taken off, so its body is read as Markdown instead of an indented code block). Titles of
markers become segments of their own (:class:`Title`). Each line is read after its blockquote
markers (``>``, CommonMark 5.1), which masking keeps: a construct inside a quote is the same
construct, as Python-Markdown (which parses a quote's content as blocks again) and Hugo (which
runs shortcodes before Markdown) read it; an admonition's body is dedented at its quote level.

Why a line pre-pass instead of mdit-py-plugins' ``admon``/``container``/``attrs`` rules: those
rules re-render (the admon rule reads only ``!!!``/``???`` with the Python-Markdown title rule but
produces tokens with no source column for the title; ``container`` needs a fixed name list and
does not accept Docusaurus's ``:::note[Title]``; ``attrs`` reads only ``{…}`` after inline
elements and blocks, not kramdown's ``{: …}``), and l10n needs the byte positions of the
syntax to keep it out of segments. ``deflist`` does fit exactly and is used as the plugin
(:func:`l10n.markdown.segment.markdown_parser`). Every regex here is linear in the line's length (no
nested quantifiers over the same characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from l10n.markdown.mdx import expression_end

CONSTRUCTS = (
    "alerts",
    "colon_containers",
    "admonitions",
    "content_tabs",
    "pymdown_blocks",
    "mkdocstrings",
    "attributes",
    "deflist",
    "code_shortcodes",
    "template_tags",
    "mdx_lines",
    "mdx_expressions",
    "kramdown_extensions",
    "markdown_html",
    "html_text",
    "tasklists",
    "math",
    "toc_markers",
    "code_imports",
    "snippets",
    "abbreviations",
)
"""Every construct name the ``markdown_constructs`` table accepts."""

DIALECT_CONSTRUCTS: dict[str, frozenset[str]] = {
    "commonmark": frozenset({"alerts", "markdown_html"}),
    "gfm": frozenset({"alerts", "markdown_html", "tasklists", "math"}),
    "kramdown": frozenset(
        {"alerts", "attributes", "deflist", "template_tags", "kramdown_extensions", "markdown_html", "tasklists", "math", "abbreviations"}
    ),
    "hugo": frozenset(
        {"alerts", "attributes", "deflist", "code_shortcodes", "template_tags", "markdown_html", "tasklists", "math"}
    ),
    "mkdocs": frozenset(
        {
            "alerts",
            "admonitions",
            "content_tabs",
            "pymdown_blocks",
            "mkdocstrings",
            "attributes",
            "deflist",
            "markdown_html",
            "tasklists",
            "math",
            "toc_markers",
            "snippets",
            "abbreviations",
        }
    ),
    "docusaurus": frozenset(
        {"alerts", "colon_containers", "attributes", "mdx_lines", "mdx_expressions", "markdown_html", "tasklists", "math"}
    ),
    "vitepress": frozenset(
        {"alerts", "colon_containers", "attributes", "markdown_html", "tasklists", "math", "toc_markers", "code_imports"}
    ),
    "mdbook": frozenset({"alerts", "attributes", "deflist", "template_tags", "markdown_html", "tasklists", "math"}),
}
"""What each dialect turns on (the README's table says the same)."""

GUESSED_CONSTRUCTS = frozenset(
    {
        "colon_containers",
        "admonitions",
        "content_tabs",
        "pymdown_blocks",
        "mkdocstrings",
        "attributes",
        "deflist",
        "code_shortcodes",
        "template_tags",
        "mdx_lines",
        "toc_markers",
        "code_imports",
        "snippets",
        "abbreviations",
        "kramdown_extensions",
    }
)
"""Constructs also read when ``markdown = "auto"`` finds no generator's files (notes copied out
of their site, a docs folder without its config): each one's syntax is a line that plain GFM
would only show as literal text, so reading it as the construct keeps the page's structure
wherever it came from; ``::: name`` is then mkdocstrings only when the name is dotted
(``::: package.module``), else a VitePress container. ``mdx_lines`` is read by its strict
JavaScript form only (``import X from "m";``, ``export const …``), which prose does not take.
GitHub alerts are read in every dialect: a ``> [!NOTE]`` marker is never joined to its text
(GitHub, VitePress, mdBook and MkDocs' github-admonitions plugin render it; elsewhere it is a
line of its own either way)."""

DEFAULT_SHORTCODE_ARGUMENTS = (
    "title",
    "header",
    "subtitle",
    "footer",
    "caption",
    "alt",
    "summary",
    "url_text",
    "notice:1",
    "expand:0",
    "details:0",
    "tab:0",
)
"""Hugo shortcode arguments that hold text a reader sees, by default: a name is a named argument
of any shortcode (``{{< alert title="Note" >}}``; Docsy's ``alert``, ``card`` ``header``/
``title``/``subtitle``/``footer``, ``tab`` ``header``, ``blocks/*`` ``title``/``url_text``;
Hugo's ``figure`` ``title``/``caption``/``alt`` and ``details`` ``summary``), ``name:N`` the
0-based positional argument N of shortcode ``name`` (``.Get N`` in its template: the title of
hugo-theme-relearn's ``{{% notice tip "Title" %}}``, of ``expand`` and hugo-book's ``details``,
the label of Docsy's ``{{< tab "Label" >}}``). Only double-quoted values are read."""

DEFAULT_CODE_SHORTCODES = ("highlight", "code-toggle", "code", "codeblock", "output", "readfile", "comment")
"""Hugo shortcodes whose body is code or configuration (Hugo's own ``highlight``; ``code-toggle``
of the Hugo docs; ``code``/``codeblock``/``output`` of common themes), by default; and Hugo's
and Docsy's ``comment``, whose body is never shown. An angle-bracket shortcode with a ``lang``
parameter (Docsy's ``{{< tab lang="toml" >}}``) holds code too, and so does Docsy's angle-bracket
``{{< tab >}}`` in a ``tabpane`` without ``text=true``."""

INLINE_MATH = (
    r"\\\\\((?:(?!\\\\\()[^\n])*?\\\\\)"
    r"|(?<!\\)\\\((?:(?!\\\()[^\n])*?\\\)"
    r"|\\\\\[(?:(?!\\\\\[)[^\n])*?\\\\\]"
    r"|\$\$(?:[^$\n]|\$(?!\$))+?\$\$"
    r"|(?<![\\$\w])\$(?![\s$])[^$\n]*(?<![\s\\])\$(?![\d$])"
)
r"""Inline math, never sent to an engine: mdBook's MathJax ``\\(…\\)`` and ``\\[…\\]`` (the
doubled backslash survives CommonMark's escape), arithmatex's ``\(…\)`` (pymdownx.arithmatex
reads the source before escapes; to CommonMark it is an escaped parenthesis pair), ``$$…$$``, and ``$…$`` by Pandoc's rule
(``tex_math_dollars``: no space inside either dollar, none right before the closing one, no digit
after it) so that prices (``$5 and $10``) and shell variables (``$HOME and $PATH``) stay prose.
Each scan stops at the next opening of its kind (or, for ``$``, at the next dollar): linear time."""

ATTRIBUTE_LIST = r"\{:?[ \t]*(?:[#.][\w-]|[\w-]+=)[^{}\n]*\}"
"""An attribute list ``{ #id .class key="v" }`` / kramdown IAL ``{: .class}`` within a line
(Python-Markdown "Attribute Lists", kramdown "Inline Attribute Lists"): protection keeps one
attached to the element before it (:mod:`l10n.markdown.protect`), and ``l10n check`` reports a
translation that detaches it (:mod:`l10n.markdown.markup`)."""

SEGMENTATION_VERSION = 18
"""Bumped whenever segmentation changes what it cuts: cached segmentations of another version
are never used (:mod:`l10n.store.segcache`). 14: list-valued front-matter keys give a segment per string item.
15: their msgctxt names the key alone (``front-matter:questions``), not the item's index.
16: Liquid ``highlight``/``codeblock``/``code`` bodies are skeleton (:data:`LIQUID_SKELETON_BLOCKS`).
17: a block that is one MDX expression is skeleton (``mdx_expressions``).
18: the text of an HTML block's ``<summary>``, ``<p>`` … elements is a segment (``html_text``)."""


@dataclass(frozen=True, slots=True)
class Dialect:
    """The constructs a note is read with, and the Hugo shortcodes that hold code."""

    name: str = "gfm"
    constructs: frozenset[str] = DIALECT_CONSTRUCTS["gfm"]
    code_shortcodes: tuple[str, ...] = DEFAULT_CODE_SHORTCODES
    shortcode_arguments: tuple[str, ...] = DEFAULT_SHORTCODE_ARGUMENTS

    def __contains__(self, construct: str) -> bool:
        return construct in self.constructs

    @property
    def key(self) -> str:
        """A stable text naming the segmentation this dialect gives (a cache key part)."""
        return (
            f"{SEGMENTATION_VERSION}:{self.name}:{','.join(sorted(self.constructs))}:{','.join(self.code_shortcodes)}"
            f":{','.join(self.shortcode_arguments)}"
        )


def make_dialect(
    name: str,
    switches: Mapping[str, bool] | None = None,
    code_shortcodes: Iterable[str] | None = None,
    guessed: bool = False,
    shortcode_arguments: Iterable[str] | None = None,
) -> Dialect:
    """The dialect ``name`` with constructs switched on or off by ``switches``; ``guessed``
    (no generator's files told the dialect) adds :data:`GUESSED_CONSTRUCTS` before the switches.

    Raises ``KeyError`` naming an unknown dialect or construct (the config loader reports it
    as a :class:`~l10n.errors.ConfigError`)."""
    constructs = set(DIALECT_CONSTRUCTS[name]) | (GUESSED_CONSTRUCTS if guessed else set())
    for construct, on in (switches or {}).items():
        if construct not in CONSTRUCTS:
            raise KeyError(construct)
        if on:
            constructs.add(construct)
        else:
            constructs.discard(construct)
    shortcodes = tuple(code_shortcodes) if code_shortcodes is not None else DEFAULT_CODE_SHORTCODES
    arguments = tuple(shortcode_arguments) if shortcode_arguments is not None else DEFAULT_SHORTCODE_ARGUMENTS
    return Dialect(name, frozenset(constructs), shortcodes, arguments)


@dataclass(frozen=True, slots=True)
class Title:
    """The translatable title of a marker line: 0-based line index and columns [start, end);
    ``quote`` is the delimiter around it when it is a shortcode argument (``"``), whose
    translation must escape it."""

    line: int
    start: int
    end: int
    quote: str = ""


@dataclass(slots=True)
class LineView:
    """Per source line: ``masked`` (same length as the line; syntax blanked with spaces, titles
    kept) and ``parsed`` (what markdown-it reads: titles blanked too), with the titles found and
    the indices of the lines masked."""

    masked: list[str]
    parsed: list[str]
    titles: list[Title]
    changed: set[int]
    definitions: dict[str, str] = field(default_factory=dict)
    """Labels (as written) of the reference definitions whose destination holds a template tag
    with a space (``[x]: {{ site.url }}/a``), which CommonMark does not read: their destinations
    as written. References to them resolve once the template engine has run."""
    breaks: frozenset[int] = frozenset()
    """Lines where an admonition or tab body ended: a paragraph never runs across one (to
    Python-Markdown the line after the body starts a new block, lazy or not)."""


_PREFIX = r"(?P<prefix>[ \t]*(?:>[ \t]?)*)"
_FENCE = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)")
_ALERT = re.compile(_PREFIX + r"(?P<mark>\[![A-Za-z]+\][+-]?)(?P<rest>.*)")
_COLON = re.compile(_PREFIX + r"(?P<colons>:{3,})(?P<rest>.*)")
_COLON_TITLE = re.compile(
    r"[ \t]*(?P<type>[\w-]*)(?:\[(?P<bracket>[^\n]*)\](?:\{[^{}\n]*\})?[ \t]*$|[ \t]*\{[^{}\n]*\}[ \t]*$"
    r"|[ \t]+(?P<title>\S(?:.*\S)?)[ \t]*$|[ \t]*$)"
)
_MKDOCSTRINGS = re.compile(r"[ \t]*:::[ \t]+[\w.]+[ \t]*")
# Python-Markdown's admonition and pymdownx.details read "!!! ?type": the space is optional.
_ADMONITION = re.compile(
    r"(?P<prefix>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+[\w-]+)*(?:[ \t]+\"(?P<title>.*)\")?[ \t]*"
)
_TAB = re.compile(r"(?P<prefix>[ \t]*)===[!+]?[ \t]+\"(?P<title>.*)\"[ \t]*")
_BLOCKS = re.compile(_PREFIX + r"/{3,}(?:[ \t]*[\w-]+(?:[ \t]*\|[ \t]*(?P<title>\S(?:.*\S)?))?)?[ \t]*")
_ATTRIBUTE_LINE = re.compile(
    _PREFIX + r"\{(?::[^{}\n]*|[ \t]*(?:[#.][\w-]|[\w-]+=)[^{}\n]*)\}[ \t]*"
)
_TRAILING_ATTRIBUTES = re.compile(r"(?<=[^\s{])[ \t]*\{(?::[ \t]*|[ \t]*)(?:[#.][\w-]|[\w-]+=)[^{}\n]*\}[ \t]*$")
_SHORTCODE_OPEN = re.compile(r"[ \t]*\{\{[<%][ \t]*(?P<name>[\w/-]+)")
_SHORTCODE_CLOSE = re.compile(r"\{\{[<%][ \t]*/[ \t]*(?P<name>[\w/-]+)[ \t]*[>%]\}\}")
_TAG_OPEN = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?P<open>\{\{[<%#]|\{%)")
# A definition whose destination (not in <…>) holds a tag with a space: CommonMark ends the
# destination at the space, so reads no definition; one it does read keeps its label (a reference)
_TAGGED_DEFINITION = re.compile(r"[ ]{0,3}\[(?P<label>[^\[\]\n]+)\]:[ \t]*(?!<)[^\s{]*(?:\{\{|\{%)[^}%\s]*[ \t]")
_TAG_CLOSERS = {"{{<": ">}}", "{{%": "%}}", "{{#": "}}", "{%": "%}"}
LIQUID_SKELETON_BLOCKS = ("comment", "raw", "highlight", "codeblock", "code")
"""Liquid block tags whose body is never Markdown to translate: ``{% comment %}`` is never
rendered, ``{% raw %}`` shows template code as it is (Liquid docs, "Template / comment, raw");
``{% highlight LANG [linenos] %}`` holds code (Jekyll "Code snippet highlighting", Eleventy's
syntaxhighlight plugin), and so do ``{% codeblock [title] [lang:LANG] %}`` and its alias
``{% code %}`` (Octopress, Hexo "Tag Plugins"). Each closes with ``{% endNAME %}``; ``{%-`` and
``-%}`` trim white space (Liquid "Whitespace control") and change nothing here."""
# The opening tag, with any arguments (``python linenos``), and its matching end tag
_LIQUID_BLOCK = re.compile(
    r"\{%-?[ \t]*(?P<name>" + "|".join(LIQUID_SKELETON_BLOCKS) + r")(?:[ \t][^%\n]*?)?[ \t]*-?%\}"
)
_LIQUID_BLOCK_END = {
    name: re.compile(r"\{%-?[ \t]*end" + name + r"[ \t]*-?%\}") for name in LIQUID_SKELETON_BLOCKS
}
_CAPTURE = re.compile(r"\{%-?[ \t]*capture[ \t]+(?P<name>[\w-]+)[ \t]*-?%\}")
_END_CAPTURE = re.compile(r"\{%-?[ \t]*endcapture[ \t]*-?%\}")
# a capture's variable shown: output ({{ x }}, {{ x | markdownify }}) outside an HTML tag, or
# handed to an include ({% include notice.html content=x %}), which a theme's include shows
_OUTPUT = re.compile(r"\{\{-?[ \t]*(?P<name>[\w-]+)[ \t]*(?:\||-?\}\})")
_INCLUDE_ARGUMENT = re.compile(r"\{%-?[ \t]*include(?:_relative)?[ \t][^%]*?%\}", re.DOTALL)
_ARGUMENT_VALUE = re.compile(r"[\w-]+[ \t]*=[ \t]*(?P<name>[A-Za-z_][\w-]*)(?=[\s%])")
_LIQUID_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# kramdown "Extensions": {::name attrs}body{:/name} (or {:/}), body-less {::name attrs /}
_KRAMDOWN_EXTENSION = re.compile(r"\{::(?P<name>[\w-]+)(?P<attrs>[^{}\n]*?)(?P<close>/)?\}")
_LANG_PARAM = re.compile(r"[ \t]lang[ \t]*=")
_SELF_CLOSING = re.compile(r"/[ \t]*[>%]\}\}")  # {{< name />}}: no body, no closing tag (Hugo "Shortcodes")
_TEXT_PARAM = re.compile(r"[ \t]text[ \t]*=[ \t]*[\"']?true")


def _only_tags(line: str, start: int) -> bool:
    """True when ``line`` from ``start`` holds only template tags and spaces (one scan: each
    tag's closer is found with str.find, so the time is linear in the line)."""
    position, end = start, len(line.rstrip())
    while position < end:
        if line[position] in " \t":
            position += 1
            continue
        opener = next((o for o in _TAG_CLOSERS if line.startswith(o, position)), None)
        if opener is None:
            return False
        closing = line.find(_TAG_CLOSERS[opener], position + len(opener))
        if closing < 0:
            return False
        position = closing + len(_TAG_CLOSERS[opener])
    return True
# MDX's ESM statements (mdxjs.com "What is MDX?": "ESM"): an import of a quoted module (or the
# first line of one whose names run over several lines), an export of a declaration or of names.
# Prose beginning "Import the data from the file" is none of these.
_MDX = re.compile(
    r"import[ \t]*(?:[\w$*{][^\n\"']*?[ \t}]from[ \t]*)?[\"'][^\"'\n]+[\"'][ \t]*;?[ \t]*$"
    r"|import[ \t]+(?:type[ \t]+)?(?:[\w$]+[ \t]*,[ \t]*)?\{[^}\n]*$"
    r"|export[ \t]+(?:const|let|var|function|async|class|default|type|interface)\b|export[ \t]*[{*]"
)
_MDX_LINES_READ = 200
"""How many lines an MDX block expression may run over (each is read once per opening line
that does not close on its own: the bound keeps a paragraph of unclosed braces linear)."""
_TOC_MARKER = re.compile(r"[ ]{0,3}(?:\[\[toc\]\]|\[TOC\])[ \t]*")
_CODE_IMPORT = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*<<<[ \t]*[@./~\w][^\n]*")
# pymdownx.snippets' RE_SNIPPET (a quoted file name after the scissors) and RE_ALL_SNIPPETS (the
# scissors alone, opening and closing a block of file names), any indentation, fullmatched
_SNIPPET_LINE = re.compile(r"""[ \t]*-+8<-+[ \t]+(?:"(?:\\.|[^"\\\n])+"|'(?:\\.|[^'\\\n])+')[ \t]*""")
_SNIPPET_BLOCK = re.compile(r"[ \t]*-+8<-+[ \t]*")
_SCISSORS_ALONE = re.compile(r"[ \t]*(?:>[ \t]*)*-+8<-+[ \t]*")  # after quote markers too
_SNIPPET_BLOCK_END = re.compile(r"\A[ \t]*-+8<-+[ \t]*\Z")
# Python-Markdown abbr's "^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$" on one line
# (indented: in an admonition or tab body, which Python-Markdown parses again without the indent)
_ABBREVIATION = re.compile(r"[ \t]*\*\[(?P<abbr>[^\\\]\n]+)\][ ]?:[ \t]*(?P<title>[^\n]*)")
# Display math standing alone from its line's start: mdBook's "\\[" (MathJax's "\[" after
# CommonMark's backslash escape) and arithmatex's or Hugo passthrough's "\[", closed by the same
# mark with "]" at a line's end (the same line or a later one before a blank line).
_DISPLAY_MATH = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?P<open>\\{1,2})\[")
_CONTAINER_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
_QUOTE_MARKER = re.compile(r"[ \t]*>[ \t]?")
# List item markers (CommonMark 5.2: "-", "+", "*", or 1-9 digits and "." or ")", then 1-4 columns
# of spaces; 5 or more make the rest indented code) with blockquote markers between them, as
# "- > " and "1. - " open nested containers on one line.
_ITEM_PREFIX = re.compile(r"(?:[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]{1,4}(?![ \t])|(?=[\r\n]|$))(?:[ \t]*>[ \t]?)*)+")
_LIST_OR_QUOTE = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)|[ \t]*>")


def shown_captures(text: str) -> frozenset[str]:
    """The names of the Liquid variables ``text`` shows: ``{{ name }}`` or ``{{ name | filter }}``
    outside an HTML tag (not ``class="{{ name }}"``), or ``name`` handed to an include as an
    argument's value (``{% include notice.html content=name %}``: the theme's include shows it).

    A ``{% capture name %}`` body is a string assigned to ``name`` (Liquid "Variable"); Jekyll
    shows it only where it is output. A capture whose name is not among these and whose body is
    one word at most, its Liquid tags aside (:func:`_value_like`), is a value (a CSS class, a
    language compared in ``{% if %}``, a URL built for an attribute): skeleton. Prose not
    shown in the page may still be shown by an include that reads the page's variables
    (includes share the page's context): it stays a segment.

    >>> sorted(shown_captures('<div class="{{ cls }}">{{ note | markdownify }}</div>{% include a.html text=t %}'))
    ['note', 't']
    """
    shown: set[str] = set()
    for match in _OUTPUT.finditer(text):
        before = text.rfind("<", 0, match.start())
        if before < 0 or text.rfind(">", 0, match.start()) > before:
            shown.add(match["name"])
    for tag in _INCLUDE_ARGUMENT.finditer(text):
        shown.update(value["name"] for value in _ARGUMENT_VALUE.finditer(tag.group()))
    return frozenset(shown)


def _value_like(body: str) -> bool:
    """Whether a capture's ``body`` is one word at most once its Liquid tags are taken out
    (``notice--info``, ``{{ site.baseurl }}/docs/``, ``english``): a value, not prose."""
    return len(_LIQUID_TAG.sub("", body).split()) <= 1


def _quote_marker_ends(line: str) -> list[int]:
    """The column after each blockquote marker (``>`` and one optional space or tab, CommonMark
    5.1) at the start of ``line``, outermost first; indentation before a marker is allowed
    (inside an admonition body a quote is indented)."""
    if ">" not in line[:1] and ">" not in line.lstrip(" \t")[:1]:
        return []
    ends: list[int] = []
    position = 0
    while (marker := _QUOTE_MARKER.match(line, position)) is not None:
        position = marker.end()
        ends.append(position)
    return ends


def _quote_levels(line: str, ends: Sequence[int]) -> list[tuple[int, int]]:
    """For each quote level of ``line`` (0: before its first marker; ``ends`` from
    :func:`_quote_marker_ends`): where its first character that is not a space or tab is (the
    next ``>``, or the content at the last level; ``len(line)`` when none), and that
    character's indentation in columns. Columns are visual (a tab to the next
    multiple of 4, over the whole line, as Python-Markdown expands tabs before reading quotes)
    and a level's text starts one column after its ``>`` when a space or tab follows it (that
    column is the marker's). One pass over the line's prefix: linear in its length."""
    levels: list[tuple[int, int]] = []
    position = column = start_column = 0
    for level in range(len(ends) + 1):
        while position < len(line) and line[position] in " \t":
            column += 1 if line[position] == " " else 4 - column % 4
            position += 1
        levels.append((position, column - start_column))
        if level < len(ends):  # the ">" and its optional space or tab
            marker_column = column
            column += 1
            position += 1
            start_column = marker_column + 1
            if position < ends[level]:
                start_column += 1
                column += 1 if line[position] == " " else 4 - column % 4
                position = ends[level]
    return levels


def _columns(line: str, start: int, end: int) -> int:
    """Visual columns of ``line[start:end]`` counted from ``start`` (a tab to the next
    multiple of 4): where a list item's content starts, past its markers."""
    column = 0
    for character in line[start:end]:
        column += 4 - column % 4 if character == "\t" else 1
    return column


def _indent(line: str) -> int:
    """Columns of leading whitespace (a tab to the next multiple of 4)."""
    column = 0
    for character in line:
        if character == " ":
            column += 1
        elif character == "\t":
            column += 4 - column % 4
        else:
            break
    return column


def _dedent(line: str, columns: int) -> str:
    """``line`` without its first ``columns`` columns of indentation (fewer if it has fewer)."""
    column = index = 0
    while index < len(line) and column < columns and line[index] in " \t":
        column += 1 if line[index] == " " else 4 - column % 4
        index += 1
    return " " * max(0, column - columns) + line[index:]


def _blank(line: str, start: int = 0, end: int | None = None) -> str:
    end = len(line) if end is None else end
    return line[:start] + " " * (end - start) + line[end:]


def _title(index: int, line: str, start: int | None, end: int | None, out: list[Title], quote: str = "") -> None:
    if start is None or end is None or start < 0:
        return
    text = line[start:end]
    stripped = text.strip()
    if stripped:
        start += len(text) - len(text.lstrip())
        out.append(Title(index, start, start + len(stripped), quote))


# " {open}", " {#tip-id .cls}" ending a container title: VitePress reads it with markdown-it-attrs
# ("::: details Click me {open}", VitePress "Markdown Extensions", Custom Containers)
_TITLE_ATTRIBUTES = re.compile(r"[ \t]+\{[^{}\n]*\}[ \t]*$")


def title_end(line: str, start: int, end: int) -> int:
    """Where the text of a container title ``line[start:end]`` ends (0-based column): before an
    attribute block that ends it, which is syntax and stays out of the segment; ``end`` when
    there is none or the block is all the title holds."""
    found = _TITLE_ATTRIBUTES.search(line, start, end)
    return found.start() if found and found.start() > start else end


def line_view(lines: Sequence[str], first: int, dialect: Dialect) -> LineView | None:
    """The masked and parsed lines of a note's body (lines ``first`` to the end).

    ``lines`` are the note's lines without line endings. Returns None when nothing in the body
    is a construct of ``dialect`` (the usual case for plain CommonMark: no copy is made)."""
    if not dialect.constructs - {"markdown_html", "html_text", "deflist", "tasklists", "math"} and not (
        "math" in dialect and any("\\[" in line for line in lines)
    ):
        return None
    scanner = _Scanner(lines, dialect, first)
    may_start = _MAY_START_CONSTRUCT.match
    for index in range(first, len(lines)):
        # Most lines are prose or code that no construct can start on or end: when nothing
        # is open but a fence, such a line leaves every state as it was and stays unmasked,
        # so the full reading (a tenth of a note's segmentation) is skipped for it. Tests
        # compare the two readings on every corpus page and on generated ones.
        if (
            not scanner.frames
            and scanner.skip_until is None
            and scanner.skip_indented < 0
            and index > scanner.skip_to
            and not scanner.quote_depth
        ):
            line = lines[index]
            if scanner.fence is None:
                # each mark found with ``in`` (a fast substring scan): one search for all of them
                # tested a character class at every character (1.8 % of an extract's instructions)
                if (
                    may_start(line) is None
                    and "{" not in line
                    and "```" not in line
                    and "~~~" not in line
                    and "\\[" not in line
                    and "[!" not in line
                    and ":::" not in line
                    and "///" not in line
                ):
                    continue
            elif not scanner.fence_quotes and "```" not in line and "~~~" not in line:
                continue  # inside a fence at the top level, and no fence mark to close it
        scanner.line(index)
    if not scanner.changed and not scanner.dedented:
        return None
    return LineView(
        scanner.masked, scanner.parsed, scanner.titles, scanner.changed, scanner.definitions, frozenset(scanner.breaks)
    )


# What a line must start with (after any whitespace) or hold for :class:`_Scanner` to read it as
# anything but text: the starts that ``_Scanner.line`` and ``classify`` test (quote and list
# markers, an ordered list's digits, ``{``, ``[``, ``<<<``, ``!!!``, ``???``, ``===``, MDX's
# ``import``/``export``) and the marks they look for anywhere in a line (a fence's three
# backticks or tildes, ``{``, ``\\[``, ``[!``, ``:::``, ``///``).
_MAY_START_CONSTRUCT = re.compile(r"\s*+(?:[>+*\-\d{\[]|<<<|!!!|\?\?\?|===|import|export)")


class _Scanner:
    """One pass over a note's lines, tracking fences, admonition bodies and skipped regions."""

    def __init__(self, lines: Sequence[str], dialect: Dialect, first: int = 0) -> None:
        self.lines = lines
        self.first = first  # the body's first line
        self.dialect = dialect
        self.masked = list(lines)
        self.parsed = list(lines)
        self.titles: list[Title] = []
        self.definitions: dict[str, str] = {}  # tagged reference definitions: label -> destination
        self.changed: set[int] = set()
        self.dedented = False
        self.fence: tuple[str, int] | None = None  # the open fence's character and length
        self.fence_quotes = 0  # the quote markers before the open fence
        # each enclosing admonition or tab: the quote markers before its marker and the
        # indentation of its marker after them
        self.frames: list[tuple[int, int]] = []
        self.breaks: set[int] = set()  # lines where an admonition or tab body ended
        self.offset = 0  # the column after the current line's quote markers: classify reads from it
        self.quotes = 0  # how many quote markers the current line starts with
        self.content_indent = 0  # the columns of indentation of the line's content (after them)
        self.in_item = False  # the line opens a list item: classify reads past its markers
        self.item_quoted = False  # a quote marker came after the line's list item marker ("- > ")
        self.skip_quotes = 0  # the quote markers of the line that opened a skipped region
        self.skip_until: re.Pattern[str] | None = None  # the closing line of a code shortcode or tag
        self.in_tag = False  # skip_until closes a shortcode tag written over several lines
        self.skip_indented = -1  # mkdocstrings: blank following lines indented more than this
        self.mdx = False  # MDX: blank following lines up to a blank one
        self.skip_to = -1  # the last line of the display math being passed over
        self.shown: frozenset[str] | None = None  # the Liquid variables the note shows (shown_captures)
        self.closings: dict[str, int] | None = None  # each shortcode name's last closing line
        self.tabpane_text: bool | None = None  # inside a Docsy tabpane: whether told text=true
        self.last_lines: dict[str, int] = {}  # each template tag closer's last line
        self.scissors: list[int] | None = None  # the lines of pymdownx.snippets' scissors alone
        # MkDocs: the quote depth of Python-Markdown's current block (see lazy_quote_markers)
        self.lazy_quotes = dialect.name == "mkdocs"
        self.quote_depth = 0

    def mask(self, index: int, start: int = 0, end: int | None = None) -> None:
        self.masked[index] = _blank(self.lines[index], start, end)
        self.changed.add(index)

    def hide(self, index: int, start: int = 0, end: int | None = None) -> None:
        """Mask columns [start, end) of the current line's content, counted from its quote
        markers (which stay: the blockquote goes on around the construct)."""
        self.mask(index, self.offset + start, None if end is None else self.offset + end)

    def closed_later(self, name: str, index: int) -> bool:
        """Whether a closing tag of shortcode ``name`` comes after line ``index`` (Hugo pairs a
        shortcode with its closing tag only when there is one; ``readfile`` never has one).
        The closing tags are found once per note, so the note costs linear time."""
        if self.closings is None:
            self.closings = {}
            for number, text in enumerate(self.lines):
                if "/" in text and "{{" in text:
                    for match in _SHORTCODE_CLOSE.finditer(text):
                        self.closings[match["name"]] = number
        return self.closings.get(name, -1) > index

    def last_line_with(self, mark: str) -> int:
        """The last line holding ``mark`` (-1: none), found once per mark and note."""
        if mark not in self.last_lines:
            self.last_lines[mark] = next((n for n in range(len(self.lines) - 1, -1, -1) if mark in self.lines[n]), -1)
        return self.last_lines[mark]

    def skip_block(self, index: int, line: str, body_start: int, end: re.Pattern[str]) -> bool:
        """Mask a block opened on line ``index`` whose body (from column ``body_start``) is
        skeleton up to the match of ``end``: this line, and the following ones through the
        closing line. Returns False (nothing masked) when it closes on this line with text after
        it: the line is then prose with an inline span, which protection keeps whole."""
        closing = end.search(line, body_start)
        if closing is not None and line[closing.end() :].strip():
            return False
        self.hide(index)
        if closing is None:
            self.skip_until = end
        return True

    def kramdown_extension(self, index: int, line: str, extension: re.Match[str]) -> bool:
        """A kramdown extension starting line ``index``: ``{::options … /}`` and
        ``{::comment /}`` alone on their line, or a ``{::name}`` … ``{:/name}`` block (its
        end tag may be ``{:/}``) whose body is skeleton (kramdown syntax, "Extensions":
        comment and nomarkdown bodies are never Markdown text). True when masked."""
        if extension["close"]:
            if line[extension.end() :].strip():
                return False
            self.hide(index)
            return True
        end = re.compile(r"\{:/(?:" + re.escape(extension["name"]) + r")?\}")
        if not end.search(line, extension.end()) and self.last_line_with("{:/") <= index:
            return False  # never closed: kramdown reads the rest of the note as its body; keep it text
        return self.skip_block(index, line, extension.end(), end)

    def display_math_end(self, index: int, backslashes: str) -> int | None:
        """The line that closes the display math opened on line ``index`` (``backslashes`` + "]"
        ending a line), or None when a blank line or the note's end comes first (then it is
        text: MathJax would not read it either, the block having ended)."""
        closing = backslashes + "]"
        for number in range(index, len(self.lines)):
            text = self.lines[number].rstrip()
            if not text.strip(" \t>"):
                return None
            if text.endswith(closing) and (number > index or text.rfind(closing) > text.find(backslashes + "[")):
                return number
        return None

    def line(self, index: int) -> None:
        line = self.lines[index]
        ends = _quote_marker_ends(line)
        if index <= self.skip_to:  # masked with the display math that covers it
            self.parsed[index] = self.without_body_indent(index, ends, self.frames)
            return
        stripped = line.strip()
        if self.fence is not None and len(ends) < self.fence_quotes:
            # the quote ends, and a fence left open in it with it (CommonMark 4.5: a code
            # fence ends with its container block)
            self.fence = None
            self.quote_depth = 0  # and this line is not a lazy line of that quote
        if self.frames and stripped and self.fence is None:
            self.leave_frames(index, line, ends)
        frames = tuple(self.frames)  # a marker line is not in its own body
        skipping = self.skip_until is not None or self.skip_indented >= 0 or self.fence is not None
        if self.skip_until is not None or self.skip_indented >= 0:
            # inside a skipped region only the markers of the quote it opened in stay
            self.quotes = min(len(ends), self.skip_quotes)
        else:
            self.quotes = self.skip_quotes = len(ends)
        self.offset = ends[self.quotes - 1] if self.quotes else 0
        self.content_indent = _quote_levels(line, ends[: self.quotes])[-1][1] if self.offset else _indent(line)
        self.item_quoted = False
        item = None if skipping else _ITEM_PREFIX.match(line, self.offset)
        self.in_item = item is not None
        if item is not None:
            # A construct on a list item's first line (after its markers, CommonMark 5.2) is the
            # construct it is on the item's later lines: read from the item's content, markers kept.
            self.item_quoted = item[0].rstrip(" \t").endswith(">")  # "- > [!NOTE]", not "> - [!NOTE]"
            self.content_indent = _columns(line, self.offset, item.end())
            self.offset = item.end()
        titles = len(self.titles)
        content = line[self.offset :] if self.offset else line
        self.classify(index, content, content.strip() if self.offset else stripped)
        if self.offset:  # titles were found in the content: columns of the whole line
            self.titles[titles:] = [
                Title(t.line, t.start + self.offset, t.end + self.offset, t.quote) for t in self.titles[titles:]
            ]
        lazy = self.lazy_quote_markers(line, ends, frames, skipping or item is not None) if self.lazy_quotes else 0
        self.parsed[index] = self.without_body_indent(index, ends, frames, lazy) if frames or lazy else self.masked[index]
        if (
            item is not None
            and index in self.changed
            and line[self.offset :].strip()  # a construct was there, now masked
            and not self.parsed[index][self.offset :].strip()
        ):
            # A construct masked whole opening a list item: the generator reads an item with
            # content there (Hugo a shortcode's placeholder), so markdown-it must too. An empty
            # item ends at the next blank line and cannot interrupt a paragraph, so "  -" after
            # an item's text would be a setext underline making that text a heading (CommonMark
            # 4.3, 5.2). It reads a lone backslash there; segments are cut from the masked line.
            self.parsed[index] = self.parsed[index][: self.offset] + "\\" + self.parsed[index][self.offset + 1 :]
        for title in reversed(self.titles):  # the titles are text, not syntax
            if title.line != index:
                break
            masked = self.masked[index]
            self.masked[index] = masked[: title.start] + line[title.start : title.end] + masked[title.end :]

    def leave_frames(self, index: int, line: str, ends: Sequence[int]) -> None:
        """Close the admonitions and tabs that line ``index`` (not blank) is outside of: it has
        fewer quote markers than the marker's line, or is indented less than 4 columns past
        the marker at that quote level. Python-Markdown's admonition (and pymdownx.tabbed,
        pymdownx.details) ends the body at such a line, lazy paragraph continuation or not
        (its ``detab`` hands the rest back as new blocks); the line is recorded in ``breaks``
        so the segmenter never joins it to the body's last paragraph."""
        kept = 0
        levels = _quote_levels(line, ends)
        for quotes, indent in self.frames:
            first, level_indent = levels[min(quotes, len(ends))]
            if quotes > len(ends) and first == len(line):
                break  # a quote line with no text ends the deeper quote
            # a line with fewer markers is a lazy line of the deeper quote (CommonMark 5.1;
            # Python-Markdown keeps such lines in the quote): its text is measured as is
            if first < len(line) and level_indent < indent + 4:
                break
            kept += 1
        if kept < len(self.frames):
            del self.frames[kept:]
            self.breaks.add(index)

    def lazy_quote_markers(
        self, line: str, ends: Sequence[int], frames: Sequence[tuple[int, int]], kept: bool
    ) -> int:
        """How many quote markers the current line (MkDocs dialect) lacks to be read in the
        quote Python-Markdown puts it in; updates :attr:`quote_depth`. Python-Markdown's
        blockquote takes every line of a block (up to a blank line) after its first quote line
        and strips the markers of those that have them (``BlockQuoteProcessor.clean``): a line
        with fewer markers stays in the deeper quote as written, whatever came before it.
        CommonMark (5.1) keeps such a lazy line only when it continues a paragraph, so after
        indented code or a heading in the quote markdown-it would end the quote there (and
        read the quote lines after it as a new quote, their indented text as code). The line
        is given the markers it lacks instead. ``kept`` (a fence, skipped region or list item
        line) reads as CommonMark does. Quotes are followed only where their markers are
        indented at most 1 column (after admonition and tab bodies' 4): indented 2 or more a
        quote may be in a list item, whose lazy lines would need the item's indentation too."""
        depth = len(ends)
        if not line.strip():
            self.quote_depth = 0  # a blank line ends Python-Markdown's block
            return 0
        if not kept and self.fence is None and depth < self.quote_depth and line[ends[-1] if ends else 0 :].strip():
            return self.quote_depth - depth
        if depth:
            levels = _quote_levels(line, ends)
            per_level = [0] * (depth + 1)
            for quotes, _ in frames:
                per_level[min(quotes, depth)] += 1
            if any(levels[level][1] - 4 * per_level[level] > 1 for level in range(depth)):
                depth = 0
        self.quote_depth = depth
        return 0

    def without_body_indent(
        self, index: int, ends: Sequence[int], frames: Sequence[tuple[int, int]], lazy: int = 0
    ) -> str:
        """The masked line ``index`` as markdown-it reads it: at each quote level, 4 columns
        taken off per enclosing admonition or tab of that level (their bodies are Markdown, not
        indented code); quote markers kept, and ``lazy`` more added before its text (a lazy
        line of a deeper quote: :meth:`lazy_quote_markers`). ``ends`` are the columns after
        its quote markers, ``frames`` the admonitions and tabs around it."""
        masked = self.masked[index]
        if not frames and not lazy:
            return masked
        # Indentation is rewritten as spaces (a tab after ">" counts as CommonMark and
        # Python-Markdown count it: to the next multiple of 4, one column being the marker's space)
        pieces: list[str] = []
        levels = _quote_levels(self.lines[index], ends)
        # frames per level, counted once (time linear in markers + frames); a lazy line (fewer
        # markers than a frame's) is that frame's body at its last level
        per_level = [0] * len(levels)
        for quotes, _ in frames:
            per_level[min(quotes, len(ends))] += 1
        for level, (first, indent) in enumerate(levels):
            columns = 4 * per_level[level]
            if level == len(ends) and lazy:
                pieces.append("> " * lazy)  # the text as written stays the text of the quote
            pieces.append(" " * max(0, indent - columns))
            if level < len(ends):
                pieces.append(">" if ends[level] == first + 1 else "> ")
            else:
                pieces.append(masked[first:])
        self.dedented = True
        return "".join(pieces)

    def line_construct(self, index: int, line: str, stripped: str) -> bool:
        """Mask a line that is one construct whole: a TOC marker, a VitePress code import, a
        snippet line or block, an abbreviation (its expansion a title). True when it was one."""
        dialect = self.dialect
        if stripped[0] == "[" and "toc_markers" in dialect and _TOC_MARKER.fullmatch(line):
            self.hide(index)
            return True
        if stripped.startswith("<<<") and "code_imports" in dialect and _CODE_IMPORT.fullmatch(line):
            prefix = _CONTAINER_PREFIX.match(line)
            self.hide(index, prefix.end() if prefix else 0)
            return True
        if stripped[0] == "-" and "snippets" in dialect and "8<" in stripped:
            if _SNIPPET_LINE.fullmatch(line):
                self.hide(index)
                return True
            if _SNIPPET_BLOCK.fullmatch(line) and self.snippet_block_closed(index):
                self.hide(index)
                self.skip_until = _SNIPPET_BLOCK_END
                return True
        if stripped.startswith("*[") and "abbreviations" in dialect:
            abbreviation = _ABBREVIATION.fullmatch(line)
            if abbreviation:
                self.hide(index)
                _title(index, line, abbreviation.start("title"), abbreviation.end("title"), self.titles)
                return True
        return False

    def mdx_expression(self, index: int, line: str) -> bool:
        """Mask a block that is one MDX expression opening line ``index`` (``line`` is its
        content after any quote and list markers): the expression ends a line, with only spaces
        or tabs after it (mdxjs.com "Expressions": a flow expression). One that runs over
        lines is read at the top level only, over blank lines too, up to
        :data:`_MDX_LINES_READ` lines. True when masked."""
        start = len(line) - len(line.lstrip(" \t"))
        end = expression_end(line, start)
        last = index
        if end is None:
            if self.quotes or self.offset:
                return False
            # MDX reads on to the matching "}" over any lines, blank ones too (micromark's
            # mdx-expression factory takes a line ending inside as white space; only the file's
            # end stops it): a {/* comment */} or a JSX object with a blank line is one block
            following = self.lines[index + 1 : index + _MDX_LINES_READ]
            if not following:
                return False
            line = "\n".join([line, *following])
            end = expression_end(line, start)
            if end is None:
                return False
            last = index + line.count("\n", 0, end)
        if line[end:].split("\n", 1)[0].strip(" \t"):
            return False  # text after it: a paragraph with an expression in it (protected there)
        self.hide(index)
        for number in range(index + 1, last + 1):
            self.mask(number)
        self.skip_to = last
        return True

    def capture(self, index: int, line: str, start: int) -> bool:
        """A Liquid ``{% capture name %}`` opening at column ``start`` of line ``index``: a value
        (one word at most, :func:`_value_like`) the note never shows (:func:`shown_captures`)
        is skeleton through its ``{% endcapture %}``, on this line or (at the top level) a
        later one; any other opened and closed on this line with nothing after it has its body
        as a segment, the tags skeleton. A body over lines that is not such a value is Markdown
        the theme renders (Minimal Mistakes' notices: ``{{ notice | markdownify }}``): its
        lines are read as any others. True when the line is taken care of."""
        opening = _CAPTURE.match(line, start)
        if opening is None:
            return False
        closing = _END_CAPTURE.search(line, opening.end())
        if closing is not None and line[closing.end() :].strip():
            return False  # text after it: a paragraph line
        if self.shown is None:
            self.shown = shown_captures("\n".join(self.lines))
        shown = opening["name"] in self.shown
        if closing is not None:
            self.hide(index, start)
            if shown or not _value_like(line[opening.end() : closing.start()]):
                _title(index, line, opening.end(), closing.start(), self.titles)
            return True
        if shown or self.quotes or self.offset:
            return False
        for last in range(index + 1, len(self.lines)):
            end = _END_CAPTURE.search(self.lines[last])
            if end is not None:
                break
        else:
            return False  # never closed: Liquid fails the page; its text stays text
        body = "\n".join([line[opening.end() :], *self.lines[index + 1 : last], self.lines[last][: end.start()]])
        if self.lines[last][end.end() :].strip() or not _value_like(body):
            return False
        self.hide(index)
        for number in range(index + 1, last + 1):
            self.mask(number)
        self.skip_to = last
        return True

    def starts_block(self, index: int) -> bool:
        """Whether line ``index`` starts a block: the body's first line or one after a blank
        line. MDX reads ESM only there (an ``import`` inside ``<script setup>`` is the
        script's; mdxjs.com "ESM")."""
        return index <= self.first or not self.lines[index - 1].strip()

    def snippet_block_closed(self, index: int) -> bool:
        """Whether a scissors line alone comes after line ``index`` (an opening never closed is
        text). The scissors lines are found once per note, so the note costs linear time."""
        if self.scissors is None:
            self.scissors = [n for n, text in enumerate(self.lines) if "8<" in text and _SCISSORS_ALONE.fullmatch(text)]
        return bool(self.scissors) and self.scissors[-1] > index

    def classify(self, index: int, line: str, stripped: str) -> None:
        dialect = self.dialect
        if self.skip_until is not None:
            self.hide(index)
            if self.in_tag:  # a line inside a shortcode tag over several lines: its named arguments
                shortcode_argument_titles(index, line, self.dialect.shortcode_arguments, self.titles, False)
            if self.skip_until.search(line):
                self.skip_until, self.in_tag = None, False
            return
        if self.skip_indented >= 0:
            if (self.mdx and stripped) or (not self.mdx and (not stripped or _indent(line) > self.skip_indented)):
                self.hide(index)
                return
            self.skip_indented, self.mdx = -1, False
        fence_match = _FENCE.match(line) if ("`" in line or "~" in line) else None
        if self.fence is not None:
            if (
                fence_match
                and fence_match["fence"][0] == self.fence[0]
                and len(fence_match["fence"]) >= self.fence[1]
                and not fence_match["info"].strip()
            ):
                self.fence = None
            return
        if fence_match and not (fence_match["fence"][0] == "`" and "`" in fence_match["info"]):
            self.fence = (fence_match["fence"][0], len(fence_match["fence"]))
            self.fence_quotes = self.quotes
            return
        if not stripped:
            return
        first_character = stripped[0]
        if first_character == "{" and "mdx_expressions" in dialect and self.mdx_expression(index, line):
            return
        if first_character == "{" and "code_shortcodes" in dialect and stripped.startswith(("{{<", "{{%")):
            opened = _SHORTCODE_OPEN.match(line)
            if opened and opened["name"] in ("tabpane", "/tabpane"):
                self.tabpane_text = None if opened["name"] == "/tabpane" else _TEXT_PARAM.search(line) is not None
            if opened and (
                opened["name"] in dialect.code_shortcodes
                # {{< tab lang="toml" >}} (Docsy's tabpane): an angle-bracket shortcode given a
                # language highlights its body as code unless told text=true
                or (stripped.startswith("{{<") and _LANG_PARAM.search(line) and not _TEXT_PARAM.search(line))
                # so does any {{< tab >}} of a tabpane not told text=true (Docsy "Tabbed panes":
                # "By default tabs are assumed to contain code"; langEqualsHeader=true takes the
                # language from the header)
                or (
                    opened["name"] == "tab"
                    and stripped.startswith("{{<")
                    and self.tabpane_text is False
                    and not _TEXT_PARAM.search(line)
                )
            ):
                closing = re.compile(r"\{\{[<%][ \t]*/[ \t]*" + re.escape(opened["name"]) + r"[ \t]*[>%]\}\}")
                self.hide(index)
                shortcode_argument_titles(index, line, dialect.shortcode_arguments, self.titles)
                if not closing.search(line) and not _SELF_CLOSING.search(line) and self.closed_later(opened["name"], index):
                    self.skip_until = closing
                # else one tag, not a pair ({{% readfile "x.md" %}}, a self-closing
                # {{< tab header="CLI:" disabled=true />}}): its line alone is skeleton
                return
        if first_character == "{" and "kramdown_extensions" in dialect and stripped.startswith("{::"):
            extension = _KRAMDOWN_EXTENSION.match(line, len(line) - len(line.lstrip(" \t")))
            if extension and self.kramdown_extension(index, line, extension):
                return
        if "{" in stripped and "template_tags" in dialect:
            tagged = _TAGGED_DEFINITION.match(line) if first_character == "[" else None
            if tagged:
                self.definitions.setdefault(tagged["label"], line[tagged.end("label") + 2 :].strip())
                # [label]: {{ site.url }}/x — a link reference definition once the template
                # engine has run (Liquid and Hugo run before Markdown), though not to
                # CommonMark (a space in the destination): skeleton, never a paragraph line.
                # (<{{% param x %}}/a> and {{site.url}}/a are definitions to CommonMark too.)
                self.hide(index)
                return
            tag = _TAG_OPEN.match(line)
            if tag:
                if tag["open"] == "{%" and "capture" in line and self.capture(index, line, tag.start("open")):
                    return
                block = _LIQUID_BLOCK.match(line, tag.start("open")) if tag["open"] == "{%" else None
                if block and self.skip_block(index, line, block.end(), _LIQUID_BLOCK_END[block["name"]]):
                    return
                closer = _TAG_CLOSERS[tag["open"]]
                # a tag over several lines; never closed, it is text (the rest of the note stays)
                if closer not in line[tag.end() :] and self.last_line_with(closer) > index:
                    self.hide(index)
                    self.skip_until = re.compile(re.escape(closer))
                    self.in_tag = tag["open"] in ("{{<", "{{%")
                    shortcode_argument_titles(index, line, dialect.shortcode_arguments, self.titles)
                    return
                if _only_tags(line, tag.start("open")):
                    # A line of template tags alone is a block of its own (a Liquid include, a
                    # shortcode pair, an mdBook include): never joined to the text around it.
                    self.hide(index, tag.start("open"))
                    shortcode_argument_titles(index, line, dialect.shortcode_arguments, self.titles)
                    return
        if "\\[" in stripped and "math" in dialect:
            display = _DISPLAY_MATH.match(line)
            last = self.display_math_end(index, display["open"]) if display else None
            if display and last is not None:
                self.hide(index, display.start("open"))
                for number in range(index + 1, last + 1):  # quote markers stay: the block goes on
                    ends = _quote_marker_ends(self.lines[number])
                    self.mask(number, ends[-1] if ends else 0)
                self.skip_to = last
                return
        if first_character in "[<-*" and self.line_construct(index, line, stripped):
            return
        if (
            first_character in "ie"
            and "mdx_lines" in dialect
            and not self.quotes  # ESM is read at the top level only (mdxjs.com "ESM")
            and self.offset == 0
            and self.starts_block(index)
            and _MDX.match(line)
        ):
            self.hide(index)
            self.skip_indented, self.mdx = 0, True
            return
        if "[!" in stripped and "alerts" in dialect:
            alert = _ALERT.fullmatch(line)
            if alert and (self.item_quoted if self.in_item else self.quotes or ">" in alert["prefix"]):
                self.hide(index, alert.start("mark"))
                _title(index, line, alert.start("rest"), len(line.rstrip()), self.titles)
                return
        if ":::" in stripped:
            # with containers read too, only a dotted name (``::: package.module``) is mkdocstrings
            if (
                "mkdocstrings" in dialect
                and _MKDOCSTRINGS.fullmatch(line)
                and ("colon_containers" not in dialect or "." in stripped)
            ):
                self.hide(index)
                self.skip_indented = self.content_indent  # past a list item marker too
                return
            colon = _COLON.fullmatch(line) if "colon_containers" in dialect else None
            rest = _COLON_TITLE.fullmatch(colon["rest"]) if colon else None
            if colon and rest:
                self.hide(index, colon.start("colons"))
                offset = colon.start("rest")
                for group in ("bracket", "title"):
                    if rest[group] is not None:
                        end = offset + rest.end(group)
                        if group == "title":
                            end = title_end(line, offset + rest.start(group), end)
                        _title(index, line, offset + rest.start(group), end, self.titles)
                return
        if first_character in "!?" and "admonitions" in dialect:
            admonition = _ADMONITION.fullmatch(line)
            if admonition:
                self.hide(index, admonition.end("prefix"))
                if admonition["title"] is not None:
                    _title(index, line, admonition.start("title"), admonition.end("title"), self.titles)
                self.frames.append((self.quotes, self.content_indent))
                return
        if first_character == "=" and "content_tabs" in dialect:
            tab = _TAB.fullmatch(line)
            if tab:
                self.hide(index, tab.end("prefix"))
                _title(index, line, tab.start("title"), tab.end("title"), self.titles)
                self.frames.append((self.quotes, self.content_indent))
                return
        if "///" in stripped and "pymdown_blocks" in dialect:
            block = _BLOCKS.fullmatch(line)
            if block:
                self.hide(index, block.end("prefix"))
                if block["title"] is not None:
                    _title(index, line, block.start("title"), block.end("title"), self.titles)
                return
        if "{" in stripped and "attributes" in dialect:
            attribute = _ATTRIBUTE_LINE.fullmatch(line)
            if attribute:
                self.hide(index, attribute.end("prefix"))
                return
            trailing = _TRAILING_ATTRIBUTES.search(line) if stripped.endswith("}") else None
            if (
                trailing
                and "{{" not in line[trailing.start() :]
                and "{%" not in line[trailing.start() :]
                and not _inline_attributes(line, trailing.start())
                and not _literal_brace(line, trailing.start(), dialect)
            ):
                self.hide(index, trailing.start())


def _literal_brace(line: str, start: int, dialect: Dialect) -> bool:
    """Whether the attribute list found at column ``start`` of ``line`` is text: its ``{``
    backslash-escaped (an odd run of backslashes right before it, CommonMark 2.4), or, in
    kramdown, a heading's ``{#id}`` with no space or tab before it (kramdown's HEADER_ID
    requires one: kramdown/parser/kramdown/header.rb)."""
    if line[start] != "{":
        return False
    before = start  # the run of backslashes right before, read backwards: no copy of the line
    while before and line[before - 1] == "\\":
        before -= 1
    if (start - before) % 2:
        return True
    return dialect.name == "kramdown" and line.lstrip(" \t>").startswith("#") and line.startswith("{#", start)


def _inline_attributes(line: str, start: int) -> bool:
    """Whether the attribute list at column ``start`` of ``line`` belongs to the inline element
    right before it (``[Go](x.md){ .md-button }``, ``:material-x:{ .heart }``, ``*word*{: .x}``):
    nothing between them, on a line that is not a heading. Python-Markdown's attr_list (INLINE_RE
    after an element) and kramdown's span IALs read it so; it then stays in its segment, where
    protection keeps it attached (:data:`ATTRIBUTE_LIST`). A heading's list, or one after a
    space, belongs to the block and stays skeleton."""
    if line[start] != "{" or line.endswith("[]()", 0, start):
        # autorefs' anchor "[](){#id}": no text to go with, so skeleton like a line of its own
        return False
    head = _CONTAINER_PREFIX.match(line)
    return not line.startswith("#", head.end() if head else 0)


# A Hugo shortcode's opening ({{< name or {{% name, not a closing tag) and its arguments (Hugo
# "Shortcodes": positional or named, a value quoted, in backticks or bare), up to ">}}"/"%}}".
_SHORTCODE_NAME = re.compile(r"\{\{[<%]-?[ \t]*(?P<name>[\w.-][\w/.-]*)")
_SHORTCODE_ARGUMENT = re.compile(
    r"[ \t]+(?:(?P<key>[\w-]+)[ \t]*=[ \t]*)?(?P<value>\"(?P<text>(?:[^\"\\\n]|\\.)*)\"|`[^`\n]*`|(?:(?![>%]\}\})[^\s\"`])+)"
)
_NAMED_ARGUMENT = re.compile(r"(?<![\w-])(?P<key>[\w-]+)[ \t]*=[ \t]*\"(?P<text>(?:[^\"\\\n]|\\.)*)\"")
_NAME_LIKE = re.compile(r"[^\s]*[./_\\][^\s]*|[a-z0-9-]+|[^\w]*")


def _argument_is_text(value: str) -> bool:
    """Whether a shortcode argument's value reads as text for a reader: it has a letter, no
    template tag, and is not a name (one word that is all lower case, or holds ``.``, ``/``,
    ``_``: a file name, a language or an identifier such as ``hugo.toml`` or ``yaml``)."""
    return (
        any(character.isalpha() for character in value)
        and "{{" not in value
        and _NAME_LIKE.fullmatch(value) is None
    )


def shortcode_argument_titles(
    index: int, line: str, arguments: Sequence[str], out: list[Title], positional: bool = True
) -> None:
    """Add to ``out`` a :class:`Title` for each double-quoted argument of a Hugo shortcode on
    line ``index`` that ``arguments`` names (see :data:`DEFAULT_SHORTCODE_ARGUMENTS`) and that
    reads as text; ``positional`` False (a line inside a tag over several lines, whose shortcode
    name is on an earlier line) reads named arguments only. Columns are 0-based characters of
    ``line``; the quotes and everything else of the tag stay syntax. Linear in the line."""
    if not arguments or ("{{" not in line and positional):
        return
    names = {a for a in arguments if ":" not in a}
    places = {a for a in arguments if ":" in a}
    if not positional:
        for match in _NAMED_ARGUMENT.finditer(line):
            if match["key"] in names and _argument_is_text(match["text"]):
                _title(index, line, match.start("text"), match.end("text"), out, '"')
        return
    for opened in _SHORTCODE_NAME.finditer(line):
        name, position, number = opened["name"], opened.end(), 0
        while True:
            argument = _SHORTCODE_ARGUMENT.match(line, position)
            if argument is None:
                break
            position = argument.end()
            key = argument["key"]
            wanted = key in names if key else f"{name}:{number}" in places
            number += key is None
            if wanted and argument["text"] is not None and _argument_is_text(argument["text"]):
                _title(index, line, argument.start("text"), argument.end("text"), out, '"')


def starts_markdown_block(line: str) -> bool:
    """True when ``line`` starts a list item or a blockquote (in a kramdown ``markdown="1"``
    block such a line is its own block, never joined to the lines around it)."""
    return _LIST_OR_QUOTE.match(line) is not None


def explicit_heading_id(line: str) -> tuple[int, int] | None:
    """Where a heading line's explicit id attribute (``{#id}``, ``{: #id}``, ``{ #id .x }``)
    is, as columns [start, end) of ``line``, or None when it has none.

    >>> explicit_heading_id("## Settings {#settings}")
    (11, 23)
    >>> explicit_heading_id("## Plain") is None
    True
    """
    match = _TRAILING_ATTRIBUTES.search(line)
    if match is None or "#" not in match.group():
        return None
    if line[match.start()] == "{" and (len(line[: match.start()]) - len(line[: match.start()].rstrip("\\"))) % 2:
        return None  # "\{#x}": an escaped brace is text (CommonMark 2.4)
    return match.start(), match.end()


def construct_marks(text: str, dialect: Dialect) -> list[tuple[int, str]]:
    """The syntax of every construct line of a note's body, in order: (1-based line, mark).

    A mark is the masked syntax without spaces (``!!!warning``, ``{:.note}``, ``>[!NOTE]``),
    prefixed by ``"line "`` when the syntax (and its title) is all its line holds and by
    ``"end "`` when it ends a line of text: an attribute line joined to the text above reads
    as another mark. ``l10n check`` compares a source's marks with its translation's."""
    from l10n.markdown.frontmatter import find_front_matter  # frontmatter builds on document, not on this

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    try:
        front = find_front_matter(text, "<note>")
    except Exception:  # noqa: BLE001  # a damaged front matter is reported by the front-matter check
        front = None
    first = text[: front.end].count("\n") if front is not None else 0
    view = line_view(lines, first, dialect)
    if view is None:
        return []
    titles = {title.line: title for title in view.titles}
    marks: list[tuple[int, str]] = []
    for index in sorted(view.changed):
        line, masked = lines[index], view.masked[index]
        title = titles.get(index)
        start, end = (title.start, title.end) if title is not None else (0, 0)
        syntax = "".join(
            c for column, (c, m) in enumerate(zip(line, masked)) if c != m and not c.isspace() and not start <= column < end
        )
        if title is not None:
            masked = _blank(masked, title.start, title.end)
        alone = not masked.strip(" \t>")
        marks.append((index + 1, ("line " if alone else "end ") + syntax))
    return marks
