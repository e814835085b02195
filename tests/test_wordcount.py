"""count_words' shortcuts (no markup to take out; ASCII words among non-ASCII punctuation) give
the count of its full rule: markup taken out, Han and kana one word each, then the Unicode word
pattern with marks (l10n.status.wordcount._word_pattern)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.status import wordcount
from l10n.status.wordcount import count_words


def _full_rule(text: str) -> int:
    text = wordcount._NOT_PROSE.sub(" ", text)
    cjk = len(wordcount._CJK.findall(text))
    return cjk + len(wordcount._word_pattern().findall(wordcount._CJK.sub(" ", text)))


_PIECES = st.sampled_from(
    [
        "word", "don't", "isn’t", "’", "'", "“quoted”", "—", "–", "…", "\u00a0", "\u200a", "\u200d", "😇",
        "é", "e\u0301", "हिन्दी", "\u093f", "翻訳", "カナ", "\U0002ebe1", "Зал", "٣", "½", "²", "_", "a_b", "x1",
        "`code`", "`", "<b>", "<", "[link](http://x.y/z)", "](", "][", "[^1]", "https://a.b/c",
        "&amp;", "&", "{{ x }}", "{% y %}", "{{", " ", "\n", ".", ",", "-",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=4), max_size=12).map("".join))
def test_the_count_is_the_full_rule(text: str) -> None:
    assert count_words(text) == _full_rule(text)


def test_english_with_typographic_quotes_takes_the_ascii_pattern() -> None:
    assert count_words("It’s “fine” — really 😇, isn’t it?") == 5
    assert count_words("Ça va") == 2  # a letter outside ASCII: the full rule
    assert count_words("हिन्दी में") == 2  # marks
    assert count_words("\U0002ebe1 ok") == 2  # a Han code point this Python's Unicode may not assign yet


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES | st.sampled_from(["]", "[", "(", ")", "}", "%}", "}}", "{", "#", ";", "\\"]), max_size=14).map("".join))
def test_markup_is_taken_out_as_the_pattern_does(text: str) -> None:
    # the scan from the pattern's first characters (issue 19) against the substitution it replaces
    assert wordcount._without_markup(text) == wordcount._NOT_PROSE.sub(" ", text)


_APOSTROPHE_HEAVY = st.lists(
    st.sampled_from(["'", "''", "'''", "’", "’’", "a", "b9", "_", " ", "\n", ".", "-", "?", "“", "—", "😇", "\u00a0", "\ud800"]),
    max_size=16,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_APOSTROPHE_HEAVY | st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_the_byte_count_is_both_ascii_patterns(text: str) -> None:
    """:func:`wordcount._ascii_words` (bytes.translate and split) counts what the regex
    definitions count: ``_ASCII_WORD`` on ASCII text, ``_QUOTED_ASCII_WORD`` where ``’`` joins
    too and the other non-ASCII characters are separators (issue 19's hand-off)."""
    if text.isascii():
        assert wordcount._ascii_words(text) == len(wordcount._ASCII_WORD.findall(text))
    assert all(map(wordcount._is_separator, wordcount._NON_ASCII.findall(text)))
    assert wordcount._ascii_words(text.replace("’", "'")) == len(wordcount._QUOTED_ASCII_WORD.findall(text))


def test_apostrophe_runs_break_or_join_as_the_pattern_does() -> None:
    for text, words in [("don't", 1), ("a''b", 2), ("a'''b", 2), ("'x'", 1), ("'", 0), ("rock'n'roll", 1), ("a' b", 2), ("isn’t", 1)]:
        assert wordcount._ascii_words(text.replace("’", "'")) == words == count_words(text)
