"""The language snapshot answers exactly what babel would, and tags it lacks still go to babel."""

from __future__ import annotations

import pytest

from l10n import langdata
from l10n._langdata import LANGUAGES


def test_snapshot_equals_the_installed_babel() -> None:
    assert langdata.snapshot() == LANGUAGES, "babel changed: run python -m l10n.langdata > l10n/_langdata.py"


def test_snapshot_file_is_what_the_generator_writes() -> None:
    from pathlib import Path

    assert Path(langdata.__file__).with_name("_langdata.py").read_text(encoding="utf-8") == langdata.render_snapshot()


@pytest.mark.parametrize(
    ("tag", "name", "plural"),
    [
        ("hi", "Hindi", "nplurals=2; plural=(n > 1);"),
        ("de", "German", "nplurals=2; plural=(n != 1);"),
        ("pt-BR", "Portuguese (Brazil)", "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"),
        ("zh-Hant", "Chinese (Traditional)", "nplurals=1; plural=0;"),
        ("xx", "xx", langdata.DEFAULT_PLURAL_FORMS),  # unknown to babel: the tag itself
    ],
)
def test_names_and_plural_forms(tag: str, name: str, plural: str) -> None:
    assert langdata.language_name(tag) == name
    assert langdata.plural_forms(tag) == plural


def test_bare_codes_do_not_load_babel_locale_data(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(lang: str) -> tuple[str, str]:
        raise AssertionError(f"babel asked about {lang}")

    monkeypatch.setattr(langdata, "_babel_data", refuse)
    langdata.language_name.cache_clear()
    langdata.plural_forms.cache_clear()
    try:
        assert langdata.language_name("ta") == "Tamil"
        assert langdata.plural_forms("ta") == LANGUAGES["ta"][1]
    finally:
        langdata.language_name.cache_clear()
        langdata.plural_forms.cache_clear()


def test_config_takes_snapshot_codes_as_babel_spells_them() -> None:
    """config.normalize_language answers bare snapshot codes without babel: babel must agree."""
    from babel import Locale

    for code in LANGUAGES:
        locale = Locale.parse(code, sep="-")
        assert (locale.language, locale.script, locale.territory) == (code, None, None), code
