"""``l10n init`` reads where the Docusaurus docs plugin takes its pages from (``path`` of the
classic preset's ``docs`` options, or of ``@docusaurus/plugin-content-docs``; Docusaurus
"plugin-content-docs": relative to the site folder, ``docs`` unless set), as jestjs/jest keeps
its site in ``website/`` and its docs in ``../docs``: init run in ``website/`` made an empty
``website/docs/`` its source (Session 20, s20-gen)."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.config import load_config
from l10n.site.site_config import docusaurus_docs_path
from tests.conftest import Runner

JEST_LIKE = """module.exports = {
  title: 'Jest',
  i18n: {defaultLocale: 'en', locales: ['en', 'hi']},
  presets: [
    [
      '@docusaurus/preset-classic',
      {
        docs: {
          path: '../docs',
          sidebarPath: require.resolve('./sidebars.json'),
        },
        blog: {showReadingTime: true},
      },
    ],
  ],
};
"""


def _jest_like(root: Path, config: str = JEST_LIKE) -> None:
    (root / "website").mkdir()
    (root / "website/docusaurus.config.js").write_text(config, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/intro.md").write_text("# Intro\n\nHello world.\n", encoding="utf-8")


def test_init_in_website_takes_the_docs_plugin_path(tmp_path: Path, l10n: Runner) -> None:
    _jest_like(tmp_path)
    site = tmp_path / "website"
    done = l10n(site, "init")
    assert done.exit_code == 0, done.output
    assert not (site / "docs").exists()
    assert load_config(site).source.resolve() == (tmp_path / "docs").resolve()
    assert 'source = "../docs"' in (site / "l10n.toml").read_text()
    l10n.sync(site)
    assert (site / "i18n/hi/docusaurus-plugin-content-docs/current/intro.md").is_file()
    checked = l10n(site, "check")
    assert checked.exit_code == 0, checked.output


def test_init_at_the_root_takes_the_docs_plugin_path_too(tmp_path: Path, l10n: Runner) -> None:
    _jest_like(tmp_path)
    (tmp_path / "website/docs").mkdir()  # a folder the docs plugin does not read
    (tmp_path / "website/docs/stray.md").write_text("# Stray\n\nNot a page.\n", encoding="utf-8")
    done = l10n(tmp_path, "init")
    assert done.exit_code == 0, done.output
    assert load_config(tmp_path).source.resolve() == (tmp_path / "docs").resolve()
    l10n.sync(tmp_path)
    assert (tmp_path / "website/i18n/hi/docusaurus-plugin-content-docs/current/intro.md").is_file()


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (JEST_LIKE, "../docs"),
        ("module.exports = {presets: [['classic', {docs: {path: 'guides'}}]]};", "guides"),
        ("export default {presets: [['classic', /** @type {any} */ ({docs: {path: \"./guides/\"}})]]};", "guides"),
        ("const docs = {path: 'guides'};\nmodule.exports = {presets: [['classic', {docs}]]};", "guides"),
        ("module.exports = {plugins: [['@docusaurus/plugin-content-docs', {path: 'guides'}]]};", "guides"),
        ("module.exports = {plugins: [['@docusaurus/plugin-content-docs', {id: 'api', path: 'api'}]]};", None),
        ("module.exports = {presets: [['classic', {docs: {path: process.env.DOCS}}]]};", None),
        ("module.exports = {presets: [['classic', {docs: false}]]};", None),
        ("module.exports = {presets: [['classic', {blog: {path: 'news'}}]]};", None),
        ("module.exports = {title: 'x'};", None),
    ],
)
def test_the_docs_path_is_read_from_literals_only(tmp_path: Path, config: str, expected: str | None) -> None:
    (tmp_path / "docusaurus.config.js").write_text(config, encoding="utf-8")
    assert docusaurus_docs_path(tmp_path, "") == expected
