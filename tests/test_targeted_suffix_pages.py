"""A page whose name carries a target language's suffix where the layout puts translations
beside their notes (``guide.de.md`` in ``hugo-suffix`` or ``mkdocs-suffix`` with ``de`` a
target) is that language's page, hand-written or not: never an English note, so no other
language is built from it, and ``adopt`` takes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.cli import cli

HUGO = 'title = "T"\ndefaultContentLanguage = "en"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n[languages.{de}]\nweight = 3\n'
MKDOCS = """site_name: T
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
        - locale: {de}
          name: Deutsch
"""
HAND = "---\ntitle: Anleitung\n---\n\n# Anleitung\n\nHallo Welt.\n"


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("config_name", "config_text", "folder", "code", "suffix"),
    [
        ("hugo.toml", HUGO, "content", "de", "de"),
        ("mkdocs.yml", MKDOCS, "docs", "de", "de"),
        ("mkdocs.yml", MKDOCS, "docs", "de-DE", "de-DE"),  # languages spells it de_DE (init: the tag)
        ("hugo.toml", HUGO, "content", "de-de", "de-DE"),  # the page spelt otherwise than the site
    ],
    ids=["hugo", "mkdocs", "mkdocs-region", "hugo-spelt-otherwise"],
)
def test_a_hand_page_in_a_target_language_is_that_language_s_page(
    tmp_path: Path, config_name: str, config_text: str, folder: str, code: str, suffix: str
) -> None:
    (tmp_path / config_name).write_text(config_text.replace("{de}", code), encoding="utf-8")
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "guide.md").write_text("---\ntitle: Guide\n---\n\n# Guide\n\nHello world.\n", encoding="utf-8")
    hand = tmp_path / folder / f"guide.{suffix}.md"
    hand.write_text(HAND, encoding="utf-8")
    (tmp_path / folder / f"alone.{suffix}.md").write_text(HAND, encoding="utf-8")  # no English note: a German one
    lang = code.replace("-", "_") if code == "de-DE" else code
    assert _run(tmp_path, "init", "--lang", lang, "--lang", "hi")[0] == 0
    code_, output = _run(tmp_path, "sync", "--engine", "pseudo")
    assert "both map to" not in output and "is a source note" not in output, output
    assert f"{folder}/guide.{suffix}.md: not overwritten" in output  # build keeps the page it did not write
    assert hand.read_text(encoding="utf-8") == HAND
    catalogs = sorted(str(p.relative_to(tmp_path / "locales")) for p in (tmp_path / "locales").rglob("*.po*"))
    assert not [p for p in catalogs if "guide." in p and not p.endswith(("/guide.po", "/guide.pot"))], catalogs
    hindi = (tmp_path / folder / "guide.hi.md").read_text(encoding="utf-8")
    assert "Hallo" not in hindi and "Anleitung" not in hindi  # built from the English note
    assert not list((tmp_path / folder).glob(f"*.{suffix}.hi.md"))
    assert (tmp_path / folder / f"alone.{suffix}.md").read_text(encoding="utf-8") == HAND
    named, said = _run(tmp_path, "sync", "--engine", "pseudo", f"{folder}/guide.{suffix}.md")
    assert named == 1 and "translation of the note beside it" in said, said
    # adopt --lang takes the hand page into the catalog, and the next sync is clean
    adopted, said = _run(tmp_path, "adopt", "--lang", lang)
    assert adopted == 0 and "3 aligned" in said, said
    assert any('msgstr "Hallo Welt."' in p.read_text(encoding="utf-8") for p in (tmp_path / "locales").rglob("guide.po"))
    code_, output = _run(tmp_path, "sync", "--engine", "pseudo")
    assert code_ == 0, output
    assert "Hallo Welt." in hand.read_text(encoding="utf-8")
