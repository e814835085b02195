"""``l10n init`` on a Jekyll site reads its ``_config.yml``'s ``collections:`` and
``collections_dir:`` (Jekyll "Collections": a collection lives in
``<collections_dir>/_<label>``; its documents are pages when ``output`` is true; posts always
are) and proposes the folders that hold pages: posts, collections with output, or the site's
root when it has pages of its own. It proposed ``_posts`` (and made an empty one) for a site
whose pages live only in ``_articles/`` (session 20, defect 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.config import load_config
from tests.conftest import Runner

PAGE = "---\ntitle: {0}\n---\n# {0}\n\nText of {0}.\n"


def _site(root: Path, config: str, files: dict[str, str]) -> Path:
    (root / "_config.yml").write_text(config, encoding="utf-8")
    for name, title in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(PAGE.format(title), encoding="utf-8")
    return root


def _built(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*-hi.md"))


@pytest.mark.parametrize(
    "collections", ["collections:\n  articles:\n    output: true\n", "collections: {articles: {output: true, permalink: /a/:name}}\n"]
)
def test_a_site_whose_pages_are_one_collection_takes_that_collection(tmp_path: Path, l10n: Runner, collections: str) -> None:
    root = _site(tmp_path, "title: x\n" + collections, {"_articles/a.md": "A", "_articles/sub/b.md": "B", "README.md": "Readme"})
    (root / "README.md").write_text("# About this repository\n", encoding="utf-8")  # no front matter: no page
    done = l10n(root, "init")
    assert done.exit_code == 0, done.output
    assert 'source = "_articles"' in (root / "l10n.toml").read_text(encoding="utf-8")
    assert not (root / "_posts").exists()  # no empty folder made
    assert load_config(root).source == root / "_articles"
    l10n.sync(root)
    assert _built(root) == ["_articles/hi/a-hi.md", "_articles/hi/sub/b-hi.md"]  # where Jekyll reads the collection
    assert "nothing to translate" in l10n.sync(root)


def test_posts_and_collections_with_output_are_listed_and_others_left_out(tmp_path: Path, l10n: Runner) -> None:
    root = _site(
        tmp_path,
        "collections:\n  articles:\n    output: true\n  staff:\n    output: false\n  recipes: {}\n",
        {"_posts/2025-01-01-p.md": "P", "_articles/a.md": "A", "_staff/s.md": "S", "_recipes/r.md": "R"},
    )
    assert l10n(root, "init").exit_code == 0
    assert 'source = ["_posts", "_articles"]' in (root / "l10n.toml").read_text(encoding="utf-8")
    l10n.sync(root)
    assert _built(root) == ["_articles/hi/a-hi.md", "hi/_posts/2025-01-01-p-hi.md"]  # not _staff, not _recipes


def test_a_site_with_pages_of_its_own_is_read_from_its_root_without_data_collections(tmp_path: Path, l10n: Runner) -> None:
    root = _site(
        tmp_path,
        "collections: [staff]\nexclude:\n  - notes/\n",
        {"about.md": "About", "docs/guide.md": "Guide", "_posts/2025-01-01-p.md": "P", "_staff/s.md": "S", "notes/n.md": "N"},
    )
    assert l10n(root, "init").exit_code == 0
    text = (root / "l10n.toml").read_text(encoding="utf-8")
    assert 'source = "."' in text and '"_staff"' in text and '"notes"' in text, text
    l10n.sync(root)
    assert _built(root) == ["hi/_posts/2025-01-01-p-hi.md", "hi/about-hi.md", "hi/docs/guide-hi.md"]


def test_collections_dir_is_where_the_collections_are(tmp_path: Path, l10n: Runner) -> None:
    root = _site(
        tmp_path,
        "collections_dir: my_collections\ncollections:\n  articles:\n    output: true\n",
        {"my_collections/_articles/a.md": "A", "my_collections/_posts/2025-01-01-p.md": "P"},
    )
    assert l10n(root, "init").exit_code == 0
    assert 'source = ["my_collections/_posts", "my_collections/_articles"]' in (root / "l10n.toml").read_text(encoding="utf-8")
    l10n.sync(root)
    # Jekyll reads a collection only in <collections_dir>/_<label>, posts in <collections_dir>/…/_posts
    assert _built(root) == ["my_collections/_articles/hi/a-hi.md", "my_collections/hi/_posts/2025-01-01-p-hi.md"]


def test_a_blog_of_posts_alone_still_takes_its_posts(tmp_path: Path, l10n: Runner) -> None:
    root = _site(tmp_path, "title: blog\n", {"_posts/2025-01-01-p.md": "P"})
    (root / "README.md").write_text("# My blog\n", encoding="utf-8")
    assert l10n(root, "init").exit_code == 0
    assert 'source = "_posts"' in (root / "l10n.toml").read_text(encoding="utf-8")
