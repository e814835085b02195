"""``l10n init`` in a repository no site generator renders (kubernetes/enhancements' KEPs,
gemini-cli's docs: GitHub shows the pages): the source is the folder that holds the pages, and
where the repository shows it is GitHub's (its ``.github/`` folder, a ``.git/config`` remote on
github.com) the dialect is ``gfm``, so a table of contents' ``#fragments`` follow the translated
headings' GitHub ids instead of dying."""

from __future__ import annotations

from pathlib import Path

from l10n.config import load_config
from l10n.site.links import github_slug
from tests.conftest import Runner

KEP = (
    "# KEP-1: Writable cgroups\n\n<!-- toc -->\n- [Summary](#summary)\n- [Design Details](#design-details)\n<!-- /toc -->\n\n"
    "## Summary\n\nA short summary.\n\n## Design Details\n\nSee [the summary](#summary).\n"
)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def kep_repository(root: Path) -> None:
    files = {"README.md": "# Enhancements\n\nSee keps/.\n", "docs/process.md": "# Process\n\nText.\n", "docs/faq.md": "# FAQ\n\nText.\n"}
    files |= {f"keps/sig-{n}/{n}-kep/README.md": KEP for n in range(5)}
    write(root, files)


def test_init_takes_the_folder_that_holds_the_pages_not_a_near_empty_docs(tmp_path: Path, l10n: Runner) -> None:
    kep_repository(tmp_path)
    (tmp_path / ".github").mkdir()
    result = l10n(tmp_path, "init")
    assert result.exit_code == 0, result.output
    assert load_config(tmp_path).source == tmp_path / "keps"


def test_docs_stays_the_source_where_it_holds_most_pages(tmp_path: Path, l10n: Runner) -> None:
    write(tmp_path, {f"docs/page{n}.md": "# Page\n\nText.\n" for n in range(4)} | {"examples/one/README.md": "# One\n", "CONTRIBUTING.md": "# How\n"})
    assert l10n(tmp_path, "init").exit_code == 0
    assert load_config(tmp_path).source == tmp_path / "docs"


def test_github_repository_gets_gfm_and_its_toc_follows_the_translated_headings(tmp_path: Path, l10n: Runner) -> None:
    kep_repository(tmp_path)
    (tmp_path / ".github/workflows").mkdir(parents=True)
    assert l10n(tmp_path, "init").exit_code == 0
    written = (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    assert 'markdown = "gfm"' in written and ".github/" in written, written
    config = load_config(tmp_path)
    assert config.dialect == "gfm" and not config.dialect_guessed
    result = l10n(tmp_path, "sync")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "translated/hi/sig-0/0-kep/README.md").read_text(encoding="utf-8")
    headings = [line.lstrip("#").strip() for line in page.splitlines() if line.startswith("## ")]
    ids = [github_slug(heading) for heading in headings]
    assert len(ids) == 2 and ids[0] != "summary", headings
    assert f"](#{ids[0]})" in page and f"](#{ids[1]})" in page and "](#summary)" not in page, page
    check = l10n(tmp_path, "check")
    assert check.exit_code == 0 and "warning" not in check.output, check.output


def test_a_github_remote_in_git_config_is_github_too(tmp_path: Path, l10n: Runner) -> None:
    kep_repository(tmp_path)
    write(tmp_path, {".git/config": '[remote "origin"]\n\turl = git@github.com:kubernetes/enhancements.git\n'})
    assert l10n(tmp_path, "init").exit_code == 0
    assert load_config(tmp_path).dialect == "gfm" and not load_config(tmp_path).dialect_guessed


def test_without_a_sign_of_github_the_dialect_stays_a_guess(tmp_path: Path, l10n: Runner) -> None:
    kep_repository(tmp_path)
    write(tmp_path, {".git/config": '[remote "origin"]\n\turl = https://gitlab.example.org/team/docs.git\n'})
    assert l10n(tmp_path, "init").exit_code == 0
    written = (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    assert '# markdown = "auto"' in written and load_config(tmp_path).dialect_guessed
