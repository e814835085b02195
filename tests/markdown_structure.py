"""Helpers for tests: what a Markdown text *means*, apart from its prose."""

from __future__ import annotations

from l10n.markdown.segment import markdown_factory

# The same Markdown l10n parses (its one factory): CommonMark, GFM tables, footnotes, $$ math
# blocks; with definition lists for the dialects that have them.
_FULL = markdown_factory()
_WITH_DEFLIST = markdown_factory(deflist=True)


def structure(text: str, deflist: bool = False) -> list[tuple[object, ...]]:
    """Block and inline structure with prose removed: token types, markup, targets, code."""
    out: list[tuple[object, ...]] = []
    env: dict[str, object] = {}
    for token in (_WITH_DEFLIST if deflist else _FULL).parse(text, env):
        children = token.children or []
        if token.type == "inline":
            for child in children:
                if child.type == "text" or child.type == "softbreak":
                    continue
                keep = child.content if child.type in ("code_inline", "html_inline") else ""
                # alt and title are prose a reader sees (CommonMark 6.3, 6.4): translated
                attrs = tuple(sorted((k, v) for k, v in child.attrs.items() if k not in ("alt", "title")))
                out.append((child.type, child.markup, keep, attrs))
            continue
        keep = token.content if token.type in ("fence", "code_block", "html_block") else ""
        if token.type == "html_block" and 'markdown="1"' in token.content:
            keep = "kramdown block: its text lines are translated"
        out.append((token.type, token.tag, token.level, token.markup, token.info, keep, tuple(sorted(token.attrs.items()))))
    return out


def references(text: str) -> dict[str, object]:
    env: dict[str, object] = {}
    _FULL.parse(text, env)
    refs = env.get("references", {})
    assert isinstance(refs, dict)
    return {k: (v["href"], v.get("title")) for k, v in refs.items()}
