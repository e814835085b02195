"""Words of a segment as a reader counts them: what ``l10n status`` reports beside segments."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

# Markup that is not prose: inline code, HTML tags and autolinks, link destinations and reference
# labels (the link *text* stays), footnote references, bare URLs, entities and template tags.
_NOT_PROSE = re.compile(
    r"`+[^`]*`+"
    r"|<[^>\n]*>"
    r"|\]\([^)]*\)"
    r"|\]\[[^\]]*\]"
    r"|\[\^[^\]]*\]"
    r"|https?://\S+"
    r"|&#?\w+;"
    r"|\{\{.*?\}\}|\{%.*?%\}"
)
# Han ideographs and kana: scripts written without spaces, counted one word per character.
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK = re.compile(f"[{_CJK_CHARS}]")


@functools.lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern[str]:
    """A word: a letter or digit, then letters, digits and combining marks, with inner apostrophes.

    Python's ``\\w`` leaves out combining marks (Devanagari vowel signs, Arabic harakat), which
    would cut ``हिन्दी`` into three "words", so the marks are added as an explicit class, built
    once from :mod:`unicodedata` (a few hundredths of a second, only when a file is counted).
    """
    ranges: list[str] = []
    start = previous = -2
    # Marks live in planes 0, 1 and 14 only; scanning just those is ten times quicker.
    for code in itertools.chain(range(0x20000), range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(code))[0] != "M":
            continue
        if code != previous + 1:
            if start >= 0:
                ranges.append(_char_range(start, previous))
            start = code
        previous = code
    ranges.append(_char_range(start, previous))
    marks = "".join(ranges)
    return re.compile(rf"\w[\w{marks}]*(?:['’][\w{marks}]+)*")


def _char_range(first: int, last: int) -> str:
    return f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}"


def count_words(text: str) -> int:
    """Count the words of a segment's Markdown, as a reader would.

    Words are runs of letters, digits and combining marks (``don't`` is one word); Markdown and
    HTML syntax, code spans, link destinations and URLs are not words. Han and kana characters
    count one word each. Scripts written without spaces between words that are not Han or kana
    (Thai, Khmer, …) count one word per run: full UAX #29 segmentation would need ICU.

    >>> count_words("The [GNU manual](https://www.gnu.org/) says `msgid` isn't *optional*.")
    6
    >>> count_words("हिन्दी में अनुवाद")
    3
    >>> count_words("翻訳の状態")
    5
    """
    text = _NOT_PROSE.sub(" ", text)
    cjk = 0
    if _CJK.search(text):
        cjk = len(_CJK.findall(text))
        text = _CJK.sub(" ", text)
    return cjk + len(_word_pattern().findall(text))
