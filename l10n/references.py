"""Keep reference-style links resolving after translation.

A shortcut or collapsed reference (``[Example]``, ``[Example][]``) resolves by its *text*.
Once the text is translated it no longer names a definition, so the build rewrites it as a full
reference that keeps the original label: ``[उदाहरण][Example]``. Full references keep their
label untouched, and definitions are never translated, so every link keeps its destination.
"""

from __future__ import annotations

import re
from collections.abc import Mapping


def normalize_label(label: str) -> str:
    """A reference label as markdown-it matches it (whitespace collapsed, case folded).

    Imported on first use: a build that meets no shortcut reference never loads markdown-it."""
    from markdown_it.common.utils import normalizeReference

    return normalizeReference(label)

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
# "[text]" or "[text][]" that is neither a full reference, an inline link nor a footnote; the
# lookbehind skips escaped brackets and the tail of a previous "[a][b]". ("[x]:" inside a segment
# is a link too: a definition cannot interrupt a paragraph, so it never reaches a segment.)
_SHORTCUT = re.compile(r"(?<![\\\]])\[(?!\^)((?:[^\[\]\\]|\\.)+)\](\[\])?(?![\[(])")


def _mask_code(text: str) -> str:
    return _CODE_SPAN.sub(lambda m: " " * len(m.group()), text)


def shortcut_labels(text: str, references: Mapping[str, str]) -> list[str]:
    """The shortcut/collapsed references of ``text`` that resolve, in order (raw label text)."""
    masked = _mask_code(text)
    return [m.group(1) for m in _SHORTCUT.finditer(masked) if normalize_label(m.group(1)) in references]


def keep_references_resolving(source: str, translation: str, references: Mapping[str, str]) -> str:
    """Rewrite translated shortcut references of ``source`` into full references.

    >>> refs = {"EXAMPLE": "https://example.com"}
    >>> keep_references_resolving("See [Example].", "देखें [उदाहरण]।", refs)
    'देखें [उदाहरण][Example]।'
    >>> keep_references_resolving("See [Example][].", "देखें [Example][]।", refs)
    'देखें [Example][]।'
    """
    if not references or "[" not in translation:
        return translation
    pending = shortcut_labels(source, references)
    if not pending:
        return translation
    masked = _mask_code(translation)
    unresolved: list[re.Match[str]] = []
    for match in _SHORTCUT.finditer(masked):
        label = normalize_label(match.group(1))
        if label in references:
            for index, raw in enumerate(pending):
                if normalize_label(raw) == label:
                    del pending[index]
                    break
        else:
            unresolved.append(match)
    if not unresolved or not pending:
        return translation
    out: list[str] = []
    cursor = 0
    for match, label in zip(unresolved, pending):
        out.append(translation[cursor : match.start()])
        out.append(f"[{translation[match.start(1) : match.end(1)]}][{label}]")
        cursor = match.end()
    out.append(translation[cursor:])
    return "".join(out)
