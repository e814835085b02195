"""Token estimates for ``l10n translate --dry-run``: what a run would cost before it is paid for.

Character-billed engines (DeepL, Google, Microsoft) charge by the characters the dry run
already counts; LLM engines (openai) charge by tokens, which depend on the model's tokenizer.
This is a heuristic on purpose: tiktoken would be exact for OpenAI's models, but it downloads
its vocabulary files on first use (CI runners may be offline) and other providers' tokenizers
differ anyway. The rule of thumb OpenAI publishes is about 4 characters of English per token;
Han, kana and Hangul characters take about one token each; other non-ASCII letters
(Cyrillic, Devanagari, Arabic…) take about two characters per token in the BPE vocabularies of
current models. The estimate counts the protected text sent, not the prompt around it.
"""

from __future__ import annotations

import math

# Han (CJK unified ideographs and extension A, compatibility ideographs), kana, Hangul.
_WIDE = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF))


def estimate_tokens(text: str) -> int:
    """Estimated LLM tokens for ``text`` (a count, never negative; 0 for the empty string).

    >>> estimate_tokens("Hello, world!")
    4
    >>> estimate_tokens("你好世界")
    4
    """
    ascii_chars = wide = other = 0
    for char in text:
        code = ord(char)
        if code < 0x80:
            ascii_chars += 1
        elif any(low <= code <= high for low, high in _WIDE):
            wide += 1
        else:
            other += 1
    return math.ceil(ascii_chars / 4 + wide + other / 2)
