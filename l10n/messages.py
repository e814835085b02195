"""Counts in the tool's own messages, in agreement with their number: "1 note", "2 notes".

Every message that states a count ("extract: 1 note", "0 errors", "1 needs review") takes its
noun (or verb) from :func:`plural`, so none says "1 notes" again. The tool's messages are in
English only, so one rule serves, English's own as the GNU gettext manual gives it (section
"Plural forms": ``nplurals=2; plural=(n != 1);``, the form of zero being the plural). It is asked
through :meth:`gettext.NullTranslations.ngettext`, which applies exactly that rule, so the day
the messages get catalogs of their own, installing one here is the only change. Not the module
function :func:`gettext.ngettext`: that searches the system's locale folders for a catalog of
the default domain on every call (file lookups, and another program's ``messages.mo`` would
be taken), and babel's plural rules would be one more import for the one rule needed.
"""

from __future__ import annotations

import gettext

_MESSAGES = gettext.NullTranslations()
"""Where the messages' plural forms come from: English's rule, no catalog."""


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The form of a word that agrees with ``count``: ``singular`` for 1, else ``plural_form``
    (default: ``singular`` + "s"), as in English ("0 notes", "1 note", "2 notes"; "1 needs",
    "2 need")."""
    return _MESSAGES.ngettext(singular, f"{singular}s" if plural_form is None else plural_form, count)


def counted(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` (with thousands separators, as every count in the messages) and the noun that
    agrees with it: ``counted(1, "note")`` is ``"1 note"``, ``counted(1200, "note")`` is
    ``"1,200 notes"``, ``counted(2, "reply", "replies")`` is ``"2 replies"``."""
    return f"{count:,} {plural(count, singular, plural_form)}"


def shown_percent(value: float, digits: int) -> float:
    """A percentage as every message and report shows it (``status`` in each format, ``sync``'s
    coverage line, ``build``'s held-back notes, ``adopt``, progress): rounded half up to
    ``digits`` decimals, the decimal written as Python writes the float (``66.666…`` → 66.7,
    ``12.5`` → 13 with none), except that a value under 100 never shows as 100, so that only a
    complete language shows 100 (99.96 → 99.9).

    >>> shown_percent(200 / 3, 1)
    66.7
    >>> shown_percent(12.5, 0)
    13.0
    >>> shown_percent(99.96, 1)
    99.9
    >>> shown_percent(100.0, 2)
    100.0
    """
    from decimal import ROUND_HALF_UP, Decimal

    step = Decimal(1).scaleb(-digits)
    shown = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    if shown >= 100 and value < 100:
        shown = Decimal(100) - step
    return float(shown)
