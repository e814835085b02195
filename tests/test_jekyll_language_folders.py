"""A Jekyll site translated as opensource.guide is (English in ``_articles/*.md``, the human
Hindi pages under the same names in ``_articles/hi/*.md``): a page in a folder named after a
target language whose note stands in the folder above (same name, or the same stem with the
source language's suffix) is that note's translation, whoever wrote it, never a note; ``init``
writes a layout that puts l10n's pages exactly there, names them as translations it did not
write, ``adopt`` takes them and ``sync`` keeps them (session 20, s20-jekfold)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.config import load_config
from l10n.site.layout import _in_language_folders, drop_outputs
from tests.conftest import Runner

CONFIG = "title: Guide\ncollections:\n  articles:\n    output: true\n"
EN = "---\ntitle: {0}\n---\n\n# {0}\n\nEnglish text of {0}.\n"
HI = "---\ntitle: {0}\nlang: hi\n---\n\n# हिंदी {0}\n\nहिंदी पाठ {0}.\n"
CORPUS = Path("/work/shared/corpus/opensource-guide")


def _site(root: Path, names: tuple[str, ...] = ("legal", "starting-a-project")) -> Path:
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "_articles" / "hi").mkdir(parents=True)
    (root / "index.md").write_text(EN.format("Home"), encoding="utf-8")
    for name in names:
        (root / "_articles" / f"{name}.md").write_text(EN.format(name), encoding="utf-8")
        (root / "_articles" / "hi" / f"{name}.md").write_text(HI.format(name), encoding="utf-8")
    return root


def _pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md") if "locales" not in p.parts)


def _templates(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root / "locales" / "templates").as_posix()
        for p in (root / "locales" / "templates").rglob("*.pot")
    )


def test_human_pages_in_a_language_folder_are_translations_not_notes(tmp_path: Path, l10n: Runner) -> None:
    root = _site(tmp_path)
    hand = {p: p.read_bytes() for p in (root / "_articles" / "hi").iterdir()}
    done = l10n(root, "init", "--lang", "hi")
    assert done.exit_code == 0, done.output
    toml = (root / "l10n.toml").read_text(encoding="utf-8")
    assert 'layout = "{collection_lang_dir}/{stem}{ext}"' in toml, toml
    assert "hi: 2 translations l10n did not write (_articles/hi/legal.md and 1 more)" in done.output, done.output
    adopted = l10n(root, "adopt", "--lang", "hi")
    assert adopted.exit_code == 0, adopted.output
    output = l10n.sync(root)
    assert _templates(root) == ["_articles/legal.pot", "_articles/starting-a-project.pot", "index.pot"], output
    assert _pages(root) == [
        "_articles/hi/legal.md",
        "_articles/hi/starting-a-project.md",
        "_articles/legal.md",
        "_articles/starting-a-project.md",
        "hi/index.md",
        "index.md",
    ]
    for page, text in hand.items():
        assert page.read_bytes() == text  # sync never overwrites them
    assert any(
        'msgstr "हिंदी पाठ legal."' in p.read_text(encoding="utf-8") for p in (root / "locales" / "hi").rglob("legal.po")
    )
    # a second target: no page is read as a note twice over
    toml = (root / "l10n.toml").read_text(encoding="utf-8").replace('languages = ["hi"]', 'languages = ["hi", "de"]')
    (root / "l10n.toml").write_text(toml, encoding="utf-8")
    output = l10n.sync(root)
    assert "both map to" not in output
    assert (root / "_articles" / "de" / "legal.md").is_file()
    assert not list(root.rglob("*-hi.md")) and not (root / "_articles" / "de" / "hi").exists()


def test_the_jekyll_preset_site_does_not_read_them_as_notes_either(tmp_path: Path, l10n: Runner) -> None:
    root = _site(tmp_path)
    (root / "l10n.toml").write_text(
        '[tool.l10n]\nsource = "."\nexclude = ["_site", ".*"]\nlayout = "jekyll"\nlanguages = ["hi", "de"]\n',
        encoding="utf-8",
    )
    output = l10n.sync(root)
    assert "both map to" not in output
    assert _templates(root) == ["_articles/legal.pot", "_articles/starting-a-project.pot", "index.pot"], output
    named = l10n(root, "sync", "--engine", "pseudo", "_articles/hi/legal.md")
    assert named.exit_code == 1 and "translation of the note" in named.output, named.output


def test_a_source_suffixed_note_owns_the_page_of_its_stem(tmp_path: Path, l10n: Runner) -> None:
    root = _site(tmp_path, ("legal",))
    (root / "_articles" / "legal.md").rename(root / "_articles" / "legal-en.md")
    assert l10n(root, "init", "--lang", "hi").exit_code == 0
    assert l10n(root, "adopt", "--lang", "hi").exit_code == 0
    l10n.sync(root)
    assert "_articles/hi/legal.pot" not in _templates(root)
    assert (root / "_articles" / "hi" / "legal.md").read_text(encoding="utf-8") == HI.format("legal")


def test_a_page_in_a_language_folder_without_a_note_stays_a_note(tmp_path: Path, l10n: Runner) -> None:
    root = _site(tmp_path)
    (root / "_articles" / "hi" / "only-hindi.md").write_text(HI.format("only"), encoding="utf-8")
    assert l10n(root, "init", "--lang", "hi").exit_code == 0
    assert l10n(root, "adopt", "--lang", "hi").exit_code == 0
    l10n.sync(root)
    assert "_articles/hi/only-hindi.pot" in _templates(root)


def test_a_blog_with_l10n_s_own_naming_keeps_the_jekyll_preset(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "_config.yml").write_text("title: Blog\n", encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2025-01-01-x.md").write_text(EN.format("X"), encoding="utf-8")
    assert l10n(tmp_path, "init", "--lang", "hi").exit_code == 0
    assert 'layout = "jekyll"' in (tmp_path / "l10n.toml").read_text(encoding="utf-8")
    l10n.sync(tmp_path)
    assert (tmp_path / "_posts" / "hi" / "2025-01-01-x-hi.md").is_file() or (
        tmp_path / "hi" / "_posts" / "2025-01-01-x-hi.md"
    ).is_file()
    assert "nothing to translate" in l10n.sync(tmp_path)
    assert l10n(tmp_path, "sync", "--engine", "pseudo").exit_code == 0


@pytest.mark.skipif(not (CORPUS / "hi").is_dir(), reason="opensource.guide corpus not present")
def test_opensource_guide_pages(tmp_path: Path, l10n: Runner) -> None:
    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "_articles" / "hi").mkdir(parents=True)
    (tmp_path / "index.md").write_text(EN.format("Home"), encoding="utf-8")
    for page in (CORPUS / "en").glob("*.md"):
        (tmp_path / "_articles" / page.name).write_bytes(page.read_bytes())
    for page in (CORPUS / "hi").glob("*.md"):
        (tmp_path / "_articles" / "hi" / page.name).write_bytes(page.read_bytes())
    hindi = sorted(p.name for p in (CORPUS / "hi").glob("*.md"))
    both = [n for n in hindi if (CORPUS / "en" / n).is_file()]
    done = l10n(tmp_path, "init", "--lang", "hi")
    assert f"hi: {len(both)} translations l10n did not write" in done.output, done.output
    assert l10n(tmp_path, "adopt", "--lang", "hi").exit_code == 0
    output = l10n.sync(tmp_path)
    assert not [
        t
        for t in _templates(tmp_path)
        if t.startswith("_articles/hi/") and t[len("_articles/hi/") : -4] + ".md" in both
    ], output
    assert not list((tmp_path / "_articles" / "hi").glob("*-hi.md"))
    for name in both:
        assert (tmp_path / "_articles" / "hi" / name).read_bytes() == (CORPUS / "hi" / name).read_bytes()


_PART = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True).filter(lambda p: p not in {"hi", "de", "en"})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    folders=st.lists(_PART, max_size=2),
    inner=st.lists(_PART, max_size=2),
    stem=_PART,
    lang=st.sampled_from(["hi", "de", "HI", "De"]),
)
def test_a_page_is_dropped_exactly_when_its_note_stands_above_its_language_folder(
    tmp_path_factory: pytest.TempPathFactory, folders: list[str], inner: list[str], stem: str, lang: str
) -> None:
    root = tmp_path_factory.mktemp("site")
    (root / "l10n.toml").write_text(
        '[tool.l10n]\nsource = "."\nlanguages = ["hi", "de"]\nlayout = "{collection_lang_dir}/{stem}{ext}"\n',
        encoding="utf-8",
    )
    config = load_config(root)
    note = "/".join([*folders, *inner, f"{stem}.md"])
    page = "/".join([*folders, lang, *inner, f"{stem}.md"])
    alone = "/".join([*folders, lang, *inner, f"{stem}x.md"])
    for name in (note, page, alone):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("---\ntitle: t\n---\n\nText.\n", encoding="utf-8")
    assert _in_language_folders(config, [note, page, alone]) == {page}
    assert drop_outputs(config, [note, page, alone]) == [note, alone]
