"""English names and gettext plural rules of languages, answered without loading babel's data.

Asking babel for "Hindi" unpickles and merges the whole English locale (about 15 ms) and its
plural table imports ``babel.messages`` (about 5 ms): on a small site that was a tenth of an
``l10n extract``. Bare language codes (``hi``, ``de``) are answered from ``_langdata.py``, a
snapshot of the installed babel that ``tests/test_langdata.py`` holds equal to it; anything else
(``pt-BR``, ``zh-Hant``) is asked of babel. Regenerate the snapshot after upgrading babel::

    python -m l10n.langdata > l10n/_langdata.py
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from l10n._langdata import LANGUAGES

DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


@functools.lru_cache(maxsize=64)
def language_name(lang: str) -> str:
    """The language's English name (``Portuguese (Brazil)``), or the tag itself if babel has none."""
    known = LANGUAGES.get(lang)
    return known[0] if known else _babel_data(lang)[0]


@functools.lru_cache(maxsize=64)
def plural_forms(lang: str) -> str:
    """The ``Plural-Forms`` header value gettext tools expect for the language."""
    known = LANGUAGES.get(lang)
    return known[1] if known else _babel_data(lang)[1]


@functools.lru_cache(maxsize=64)
def text_direction(lang: str) -> str:
    """``"rtl"`` or ``"ltr"``: how the language's script runs, from babel's CLDR data
    (``character_order``); ``"ltr"`` for a tag babel does not know. Pass the BCP 47 tag, not an
    alias (:meth:`l10n.config.Config.language_tag`).

    >>> text_direction("ar"), text_direction("zh-Hant-HK")
    ('rtl', 'ltr')
    """
    from babel import Locale, UnknownLocaleError

    try:
        return "rtl" if Locale.parse(lang, sep="-").text_direction == "rtl" else "ltr"
    except (ValueError, LookupError, UnknownLocaleError):
        return "ltr"


@functools.lru_cache(maxsize=256)
def tag_parts(tag: str) -> tuple[str, str, str, bool] | None:
    """``(language, script, region, region given)`` of a BCP 47 tag or POSIX locale name, any
    case: the script and region the tag names, else CLDR's likely ones (babel's
    ``likely_subtags``, as RFC 5646 §4.1 "maximizes" a tag: ``zh`` is ``zh-Hans-CN``, ``zh-TW``
    ``zh-Hant-TW``, ``pt`` ``pt-Latn-BR``); the last item says whether the tag named a region
    itself. None for a tag babel does not know.

    >>> tag_parts("zh"), tag_parts("zh_tw"), tag_parts("zh-Hans-CN")
    (('zh', 'Hans', 'CN', False), ('zh', 'Hant', 'TW', True), ('zh', 'Hans', 'CN', True))
    """
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        locale = Locale.parse(tag.strip().replace("_", "-"), sep="-")
    except (ValueError, LookupError, UnknownLocaleError):
        return None
    likely: Mapping[str, str] = get_global("likely_subtags")
    region = locale.territory or ""
    guess = (likely.get(f"{locale.language}_{locale.script}") if locale.script else None) or (
        likely.get(f"{locale.language}_{region}") if region else None
    ) or likely.get(locale.language, "")
    _, script, likely_region = [*guess.split("_"), "", "", ""][:3]
    return locale.language, locale.script or script, region or likely_region, bool(region)


@functools.lru_cache(maxsize=256)
def script_given(tag: str) -> bool:
    """Whether the BCP 47 tag or POSIX locale name ``tag`` names its script itself (``zh-Hans``,
    ``sr_Latn``), not left to the likely subtags (``zh``, ``zh-CN``); False for a tag babel
    does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        return bool(Locale.parse(tag.strip().replace("_", "-"), sep="-").script)
    except (ValueError, LookupError, UnknownLocaleError):
        return False


def closest_tag(tag: str, candidates: Iterable[str], *, narrower: bool = True) -> str | None:
    """The one of ``candidates`` (BCP 47 tags, a project's languages) that ``tag`` (a CAT tool's,
    a TMX file's) is best read as, or None. In order: the same tag but for case and ``_``/``-``
    (``pt_br`` for ``pt-BR``); the same language, script and region once both are maximized
    (:func:`tag_parts`: ``zh-Hans-CN`` for ``zh-CN``); a candidate that names no region, of the
    same language and script (``zh-Hans-CN`` and ``zh-SG`` for ``zh`` or ``zh-Hans``, ``de-DE``
    for ``de``). Never another script (``zh-Hant`` and ``zh-TW`` are not ``zh`` nor
    ``zh-Hans``) nor another region (``pt-PT`` is not ``pt-BR``); of two candidates equally
    close, the first.

    ``narrower`` False: never a candidate that names what ``tag`` leaves to the likely subtags, a
    region (``pt-BR`` for ``pt``, ``zh-Hant-TW`` for ``zh-Hant``) or a script where the tag
    names neither script nor region (``zh-Hans`` for ``zh``, ``sr-Cyrl`` for ``sr``; ``zh-CN``
    names its script by its region, so it is still ``zh-Hans``'s): where a tag decides which
    stored row a text replaces (the translation memory), a bare ``pt`` unit, perhaps European,
    never takes the place of ``pt-BR``'s.

    >>> closest_tag("zh-Hans-CN", ["en", "zh"]), closest_tag("ZH_hans_cn", ["zh-Hans"]), closest_tag("zh-TW", ["zh"])
    ('zh', 'zh-Hans', None)
    >>> closest_tag("pt", ["pt-BR"]), closest_tag("pt", ["pt-BR"], narrower=False), closest_tag("zh-CN", ["zh-Hans"], narrower=False)
    ('pt-BR', None, 'zh-Hans')
    """
    listed = list(candidates)
    folded = tag.strip().replace("_", "-").lower()
    exact = next((c for c in listed if c.strip().replace("_", "-").lower() == folded), None)
    if exact is not None:
        return exact
    parts = tag_parts(tag)
    if parts is None:
        return None
    script_named = narrower or script_given(tag)
    ranked: list[tuple[int, int, str]] = []
    for index, candidate in enumerate(listed):
        other = tag_parts(candidate)
        if other is None or other[:2] != parts[:2]:
            continue
        if not narrower and (
            (other[3] and not parts[3]) or (script_given(candidate) and not script_named and not parts[3])
        ):
            continue  # the candidate names a region or script the tag leaves open
        if other[2] == parts[2]:
            ranked.append((0 if other[3] == parts[3] else 1, index, candidate))
        elif not other[3]:  # the language in that script, whatever the region
            ranked.append((2, index, candidate))
    return min(ranked)[2] if ranked else None


def _babel_data(lang: str) -> tuple[str, str]:
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        locale = Locale.parse(lang, sep="-")
    except (ValueError, LookupError, UnknownLocaleError):
        return lang, DEFAULT_PLURAL_FORMS
    plural = get_plural(locale)
    name = locale.get_display_name("en")
    return name or lang, f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def snapshot() -> dict[str, tuple[str, str]]:
    """What babel says for every bare language code it has locale data for."""
    from babel import localedata

    return {code: _babel_data(code) for code in sorted(localedata.locale_identifiers()) if "_" not in code}


def render_snapshot() -> str:
    lines = [
        '"""Generated by ``python -m l10n.langdata`` from babel: do not edit (see l10n/langdata.py)."""',
        "",
        "LANGUAGES: dict[str, tuple[str, str]] = {",
        *(f"    {code!r}: ({name!r}, {plural!r})," for code, (name, plural) in snapshot().items()),
        "}",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_snapshot(), end="")
