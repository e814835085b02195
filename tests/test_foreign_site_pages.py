"""Pages in a language the site declares but ``languages`` does not list (``index.fr.md`` on a
mkdocs-static-i18n or Hugo suffix site translated into ``de`` only) are translations, never
English notes: not extracted, not translated, named once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.cli import cli

MKDOCS = """site_name: T
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
        - locale: de
          name: Deutsch
        - locale: fr
          name: Français
"""
HUGO = 'title = "T"\ndefaultContentLanguage = "en"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n'


@pytest.mark.parametrize(
    ("config_name", "config_text", "folder", "layout"),
    [("mkdocs.yml", MKDOCS, "docs", "mkdocs-suffix"), ("hugo.toml", HUGO, "content", "hugo-suffix")],
)
def test_a_declared_language_s_pages_are_not_sources(tmp_path: Path, config_name: str, config_text: str, folder: str, layout: str) -> None:
    (tmp_path / config_name).write_text(config_text, encoding="utf-8")
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "index.md").write_text("# Home\n\nHello world.\n", encoding="utf-8")
    (tmp_path / folder / "index.fr.md").write_text("# Accueil\n\nBonjour le monde.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        f'[tool.l10n]\nsource = "{folder}"\nlayout = "{layout}"\nlanguages = ["de"]\nengine = "pseudo"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "sync"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / folder).iterdir()) == ["index.de.md", "index.fr.md", "index.md"]
    assert "Bonjour" not in "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "locales").rglob("*.po*"))
    assert result.output.count("index.fr.md: in a language the site declares") == 1
    assert (tmp_path / folder / "index.fr.md").read_text(encoding="utf-8") == "# Accueil\n\nBonjour le monde.\n"
