"""A character a translation glues to a bare URL becomes part of the link the generators read
(GFM 6.9: a URL runs to white space or ``<``; only ``?!.,:*_~`` at its end and an unmatched
``)`` are left out, so ``।`` and ``。`` are taken in; markdown-it's linkify, VitePress's, also
takes a ``.``, ``,``, ``;``, ``:``, ``!`` or ``?`` followed by anything but white space). A human
translation doing it is reported by ``check`` and not published by ``build``, as a machine one is
refused: one rule (Session 20, s20-gen, found with the real generators)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.cli import cli
from l10n.markdown.markup import elements
from l10n.markdown.validate import check_reply, validate_translation
from tests.test_linear_time import Shape, assert_linear, paragraph

pytestmark = pytest.mark.timeout(120)

# (source paragraph, a human translation that breaks its URL, the link the generators read)
BROKEN = [
    ("See https://x.dev/a.", "देखें https://x.dev/a।", "https://x.dev/a।"),
    ("See https://x.dev/a.", "请见 https://x.dev/a。", "https://x.dev/a。"),
    ("See https://x.dev/a, then go on.", "请见 https://x.dev/a，然后继续。", "https://x.dev/a，然后继续。"),
    ("(see https://x.dev/a).", "(siehe https://x.dev/a.)", "https://x.dev/a."),
    ("See https://x.dev/a. Then go on.", "Siehe https://x.dev/a.Dann weiter.", "https://x.dev/a.Dann"),
    ("See www.x.dev/a.", "देखें www.x.dev/a।", "www.x.dev/a।"),
    ("(see www.x.dev/a).", "(siehe www.x.dev/a.)", "www.x.dev/a."),
]
# translations that keep the link as the generators read it
KEPT = [
    ("See https://x.dev/a.", "देखें https://x.dev/a ।"),
    ("See https://x.dev/a.", "Siehe https://x.dev/a."),
    ("See https://x.dev/a, then go on.", "Siehe https://x.dev/a, dann weiter."),
    ("(see https://x.dev/a.)", "(siehe https://x.dev/a.)"),
    ("(see https://x.dev/a).", "(siehe https://x.dev/a)."),
    ("See **https://x.dev/a**.", "Siehe **https://x.dev/a**."),
    ("See [https://x.dev/a](https://x.dev/a).", "Siehe [https://x.dev/a](https://x.dev/a)."),
    ("See [https://x.dev/a](https://x.dev/a).", "देखें [https://x.dev/a](https://x.dev/a)।"),
    ("See [www.x.dev/a](https://x.dev/a).", "देखें [www.x.dev/a](https://x.dev/a)।"),
    ("See https://en.wikipedia.org/wiki/Foo_(bar).", "Siehe https://en.wikipedia.org/wiki/Foo_(bar)."),
    ("See https://de.wikipedia.org/wiki/Straße.", "Siehe https://de.wikipedia.org/wiki/Straße."),
    ("Run `curl https://x.dev/a`.", "`curl https://x.dev/a` चलाएँ।"),
    ("See <https://x.dev/a>.", "देखें <https://x.dev/a>।"),
]


def _human(tmp_path: Path, source: str, translation: str) -> tuple[Path, str]:
    """A project whose one paragraph has ``translation`` as a translator's msgstr (not fuzzy)."""
    (tmp_path / "l10n.toml").write_text('[tool.l10n]\nmarkdown = "gfm"\n')
    (tmp_path / "source_notes").mkdir()
    (tmp_path / "source_notes" / "a-en.md").write_text(f"# T\n\n{source}\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    catalog = tmp_path / "locales" / "hi" / "a-en.po"
    po = catalog.read_text()
    quoted = source.replace('"', '\\"')
    at = po.index(f'msgid "{quoted}"')
    end = po.index("\n", po.index("msgstr", at))
    catalog.write_text(po[:at] + f'msgid "{quoted}"\nmsgstr "{translation}"' + po[end:])
    return catalog, po


@pytest.mark.parametrize(("source", "translation", "link"), BROKEN)
def test_check_reports_and_build_keeps_back_a_glued_url(
    tmp_path: Path, source: str, translation: str, link: str
) -> None:
    catalog, _ = _human(tmp_path, source, translation)
    assert "fuzzy" not in catalog.read_text()
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "-C", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "not published" in result.output
    built = (tmp_path / "translated" / "hi" / "a-hi.md").read_text()
    assert translation not in built
    assert source in built
    result = runner.invoke(cli, ["check", "-C", str(tmp_path)])
    assert result.exit_code != 0, result.output
    assert re.search(r"a-en\.po:\d+: link destination changed: .* became '" + re.escape(link) + r"' \[link\]",
                     result.output), result.output


@pytest.mark.parametrize(("source", "translation"), KEPT)
def test_a_url_the_generators_read_alike_passes(tmp_path: Path, source: str, translation: str) -> None:
    assert validate_translation(source, translation) == ()
    _human(tmp_path, source, translation)
    result = CliRunner().invoke(cli, ["build", "-C", str(tmp_path)])
    assert result.exit_code == 0 and "not published" not in result.output, result.output
    assert translation in (tmp_path / "translated" / "hi" / "a-hi.md").read_text()
    result = CliRunner().invoke(cli, ["check", "-C", str(tmp_path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("source", "translation", "link"), BROKEN)
def test_machine_and_human_paths_agree(source: str, translation: str, link: str) -> None:
    """The same rule refuses the reply: its finding names the link as the generators read it."""
    assert any(link in problem for problem in check_reply(source, translation, "hi", check_language=False))
    assert any(link in finding.message for finding in validate_translation(source, translation))


GLUE = st.sampled_from(["।", "。", "，", "、", "」", "”", "»", ".x", ",x", ";x", "!x", "?x", ":x", "a"])


@settings(max_examples=200, deadline=None)
@given(path=st.from_regex(r"/([a-z0-9_\-]{0,6}[a-z0-9])?(/[a-z0-9]{1,4})?", fullmatch=True), glue=GLUE)
def test_any_glued_character_changes_the_link(path: str, glue: str) -> None:
    url = "https://x.dev" + path
    source, translation = f"See {url} now.", f"See {url}{glue} now."
    assert ("link", url) in elements(source)
    assert ("link", url) not in elements(translation)
    assert validate_translation(source, translation) != ()


LINEAR_SHAPES = [
    paragraph("https://x.dev/।"),
    paragraph("https://x.dev/{"),
    paragraph("https://x.dev/a.)"),
    Shape("a URL's tail of glued periods", lambda k: "See https://x.dev/" + ".a" * k + "\n"),
    Shape("a URL's tail of ')'", lambda k: "See https://x.dev/a" + ")" * k + "\n"),
    Shape("a www link's tail of glued commas", lambda k: "See www.x.dev/" + ",a" * k + "\n"),
]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("stage", ["compare", "validate_translation"])
@pytest.mark.parametrize("shape", LINEAR_SHAPES, ids=lambda s: s.name)
def test_reading_links_is_linear(shape: Shape, stage: str) -> None:
    assert_linear(stage, shape)  # the ratio of CPU times for n and 4n repetitions
