"""Pseudo-localization: an offline, deterministic engine for demos and tests.

``Hello *world*`` becomes ``[Ĥééĺĺóó *ŵóóŕĺđ*]``: ASCII letters turn into accented look-alikes
(so untranslated strings stand out), vowels are doubled (about 30% longer, to show layouts
that break on longer languages) and the text is bracketed (to show truncation). Only letters
change: digits, punctuation, Markdown syntax and ``{1}`` placeholders pass through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from l10n.markdown.protect import Protected
    from l10n.mt.engines.registry import EngineOptions

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "áƀçđéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÁßÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ"
_UNSAFE_BRACKETS = re.compile(r"\A\^|\\\Z|\]\[[^\]\n]*\Z|\[\^[^\]\s]*\Z")
_MAPPED = {ord(p): a * 2 if p in "aeiouAEIOU" else a for p, a in zip(_PLAIN, _ACCENTED)}
# str.translate with a list indexed by code point up to "z": a character past its end raises
# IndexError, which str.translate reads as "unchanged". About twice as fast as the dict
# (measured on the 300-note synthetic site's texts, issue 19); the output is the same.
_TABLE = [_MAPPED.get(code, chr(code)) for code in range(ord("z") + 1)]
_BARE_LINKS = frozenset({"URL", "extended autolink"})
"""The protection rules (:data:`l10n.markdown.protect._RULES`) of links a generator finds in text."""


def pseudo_localize(text: str, *, brackets: bool = True) -> str:
    """Pseudo-translate one text, keeping its surrounding whitespace outside the brackets.
    ``brackets=False``: no brackets (a text holding a bare URL: :meth:`PseudoEngine.reply_for`).

    >>> pseudo_localize("Run {1} now.")
    '[Ŕúúñ {1} ñóóŵ.]'
    >>> pseudo_localize("See {1}.", brackets=False)
    'Šéééé {1}.'
    """
    core = text.strip()
    if not core:
        return text
    if len(core) == len(text):  # most texts: no surrounding whitespace to keep
        head = tail = ""
    else:
        head = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()) :]
    accented = core.translate(_TABLE)
    if not brackets:
        return head + accented + tail
    # Each of the pattern's cases needs one of these (its "\\Z" alternatives were tried at every
    # position: a third of the engine's time on the synthetic site, issue 19).
    if (core[0] == "^" or core[-1] == "\\" or "][" in core or "[^" in core) and _UNSAFE_BRACKETS.search(core):
        # The brackets must not complete Markdown: a leading "^" would make "[^…]" a footnote
        # reference, a trailing backslash would escape "]", and an open "][label" or "[^note"
        # at the end would be closed by our "]".
        return head + accented + tail
    return f"{head}[{accented}]{tail}"


class PseudoEngine:
    """The ``pseudo`` engine: :func:`pseudo_localize` for any language, no network."""

    name = "pseudo"
    default_jobs = 1
    max_batch = 1000
    max_chars = 1_000_000
    accepts_glossary = False
    real_language = False
    deterministic = True
    """The same text always gets the same output: a refused one is not asked for again (l10n.store.refusals)."""
    key_var: ClassVar[str | None] = None
    key_required: ClassVar[bool] = False
    default_url: ClassVar[str | None] = None
    default_model: ClassVar[str | None] = None
    takes_variant: ClassVar[bool] = False

    @classmethod
    def create(cls, options: EngineOptions) -> PseudoEngine:
        """The engine; it takes no option."""
        return cls()
    in_process = True
    """Runs on this process's CPU, holding the GIL: more threads would only take turns (issue 19)."""
    letters_only = True
    """A reply differs from the text sent only in its ASCII letters (each now another letter or
    two) and, perhaps, one pair of brackets around it inside its leading and trailing spaces: the
    validator skips its rules for a reply of plain prose (:func:`l10n.markdown.validate.letters_apart`)."""

    def __repr__(self) -> str:
        return "PseudoEngine()"

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        return [pseudo_localize(text) for text in texts]

    def reply_for(self, reply: str, protected: Protected) -> str:
        """``reply`` (to ``protected.text``) as the text ``protected`` gets it: without the
        brackets when one of its placeholders stands for a bare URL or a GFM extended autolink
        (``www.``, an e-mail address). Bracketed, the link is lost or changed once the page is
        built: remark-gfm (Docusaurus) links no literal URL after an unclosed ``[`` of its
        paragraph (micromark-extension-gfm-autolink-literal; ``[See https://x.dev]`` stays text),
        and markdown-it's linkify (VitePress) takes a ``.`` before the ``]`` into the URL
        (``https://x.dev/a.]`` links ``https://x.dev/a.``): found building the vite docs and
        jest's site with the real generators (``bench/real_generators.py``)."""
        if _BARE_LINKS.isdisjoint(protected.kinds):
            return reply
        return pseudo_localize(protected.text, brackets=False)
