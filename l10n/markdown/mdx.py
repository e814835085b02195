r"""MDX expressions ``{…}``: JavaScript inside Markdown, never prose to translate.

MDX (mdxjs.com, "What is MDX?", "Expressions"; the grammar of micromark-extension-mdx-expression
and markdown-rs ``partial_mdx_expression``: ``'{' *(expression_text | expression) '}'``) reads
every unescaped ``{`` in text as the start of an expression that runs to its matching ``}``:
``{props.value}``, ``{1 + 1}``, ``{/* a comment */}``, and attribute values of JSX tags
(``<Tabs groupId={x}>``). Docusaurus reads ``.md`` notes as MDX by default. A translated
expression breaks the page's compile (``{þŕóóþš.ṽááĺúúéé}`` is no identifier), so an
expression is kept whole: protected as a placeholder (:mod:`l10n.markdown.protect`), compared in
translations (:mod:`l10n.markdown.markup`), and a block that is one expression is skeleton
(:mod:`l10n.markdown.dialect`, the ``mdx_expressions`` construct).

Where an expression ends is found as MDX.js finds it (acorn's parse, retried at each ``}``):
braces nest, and a ``}`` inside a JavaScript string or comment does not close it
(``{'}'}``, ``{"{"}`` and ``` {`a}b`} ``` are one expression each). A quote opens a string only
where JavaScript reads one: after ``{``, ``(``, ``[``, an operator or a comma, maybe after a
space (so the apostrophe of JSX text, ``<p>Don't</p>``, stays text); a string ends on its line.

The pattern nests braces :data:`DEPTH` deep (deeper is not an expression here, and stays
text). Every scan is linear: each character has one way to match (atomic groups), a string
stops at its quote or the line's end, a comment at ``*/`` or the next ``/*``, and a failed
attempt never gets past the :data:`DEPTH` + 1-th unclosed ``{``.
"""

from __future__ import annotations

import re

DEPTH = 6
"""How deep braces nest inside an expression that this module reads (``{a({b: {c}})}`` is 3)."""

# Where JavaScript reads a quote as the start of a string: after one of these, with or without
# one space or tab between (fixed-width look-behinds, as Python's ``re`` requires).
_CONTEXT = r"[{(\[,=:?&|+\-*/%<>;!~^]"
_OPENS_STRING = rf"(?:(?<={_CONTEXT})|(?<={_CONTEXT}[ \t]))"
_STRING = r"""'(?:[^'\\\n]|\\.)*+'|"(?:[^"\\\n]|\\.)*+"|`(?:[^`\\\n]|\\.)*+`"""
# a comment stops at "*/" or at the next "/*" (JavaScript's do not nest): a failing scan is
# never repeated from a later opening
_COMMENT = r"/\*(?:[^*/]|\*(?!/)|/(?!\*))*+\*/"
_ATOM = rf"""[^{{}}'"`/]++|(?>{_OPENS_STRING}(?:{_STRING})|{_COMMENT}|['"`/])"""


def _nested(depth: int) -> str:
    inner = _ATOM if depth == 0 else f"{_ATOM}|{_nested(depth - 1)}"
    return rf"\{{(?:{inner})*+\}}"


EXPRESSION = _nested(DEPTH)
"""One MDX expression ``{…}`` (a regex, to be compiled with ``re.DOTALL`` where an expression
may run over lines). Not anchored; callers put it after the rules that must win at the same
``{`` (placeholders, template tags, attribute lists)."""

COMMENT_ONLY = re.compile(r"\{[ \t\n]*(?:/\*(?:[^*]|\*(?!/))*\*/[ \t\n]*)+\}")
"""An expression that holds comments only (``{/* note for editors */}``): MDX renders nothing."""

_EXPRESSION = re.compile(EXPRESSION, re.DOTALL)


def expression_end(text: str, start: int) -> int | None:
    """Where the MDX expression opening at ``text[start]`` (a ``{``) ends (the index after its
    ``}``), or None when it is not closed within :data:`DEPTH` levels.

    >>> expression_end("a {b({c: '}'})} d", 2)
    15
    >>> expression_end("{ unclosed", 0) is None
    True
    """
    found = _EXPRESSION.match(text, start)
    return found.end() if found else None
