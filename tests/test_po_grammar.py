"""The fast PO readers unescape strings as polib does (:func:`l10n.po.grammar._unescape`)."""

from __future__ import annotations

import polib
from hypothesis import example, given
from hypothesis import strategies as st

from l10n.po.grammar import _unescape, fast_unquote, field_value

# text rich in backslashes and the letters that follow them in escapes
_TEXT = st.text(alphabet=st.sampled_from(list('\\\\\\"ntrvbfqa x\u0939\n')), max_size=40) | st.text(max_size=40)


@given(_TEXT)
@example("a \\\\n b")  # an escaped backslash before n: one backslash and an "n", no newline
@example('\\"quoted\\" \\q \\')  # an unknown escape and a trailing backslash stay as written
def test_unescape_reads_as_polib(value: str) -> None:
    assert _unescape(value) == polib.unescape(value)


@given(_TEXT)
def test_fields_read_as_polib(text: str) -> None:
    escaped = polib.escape(text)  # a string's content as a PO file holds it
    assert field_value(f'"{escaped}"') == polib.unescape(escaped)
    assert fast_unquote(f'"{escaped}"') == polib.unescape(escaped)
