"""GFM extended autolinks (``www.…``, emails, ``mailto:``, ``xmpp:``) are never sent to an engine,
come back byte-exact, and a translation that breaks one is refused (GFM spec 0.29, 6.9)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.cli import cli
from l10n.markdown.autolink import extended_autolinks
from l10n.markdown.markup import compare, elements
from l10n.markdown.protect import protect
from l10n.markdown.validate import check_reply
from l10n.mt.engines.pseudo import pseudo_localize
from tests.test_linear_time import Shape, assert_linear, paragraph

pytestmark = pytest.mark.timeout(60)


def links(text: str) -> list[str]:
    return [text[start:end] for start, end in extended_autolinks(text)]


# The spec's own examples (GFM 0.29, examples 621-634): input, the autolinks it renders.
SPEC = [
    ("www.commonmark.org", ["www.commonmark.org"]),
    ("Visit www.commonmark.org/help for more information.", ["www.commonmark.org/help"]),
    ("Visit www.commonmark.org.", ["www.commonmark.org"]),
    ("Visit www.commonmark.org/a.b.", ["www.commonmark.org/a.b"]),
    ("www.google.com/search?q=Markup+(business)", ["www.google.com/search?q=Markup+(business)"]),
    ("www.google.com/search?q=Markup+(business)))", ["www.google.com/search?q=Markup+(business)"]),
    ("(www.google.com/search?q=Markup+(business))", ["www.google.com/search?q=Markup+(business)"]),
    ("(www.google.com/search?q=Markup+(business)", ["www.google.com/search?q=Markup+(business)"]),
    ("www.google.com/search?q=(business))+ok", ["www.google.com/search?q=(business))+ok"]),
    ("www.google.com/search?q=commonmark&hl=en", ["www.google.com/search?q=commonmark&hl=en"]),
    ("www.google.com/search?q=commonmark&hl;", ["www.google.com/search?q=commonmark"]),
    ("www.commonmark.org/he<lp", ["www.commonmark.org/he"]),
    ("foo@bar.baz", ["foo@bar.baz"]),
    ("hello@mail+xyz.example isn't valid, but hello+xyz@mail.example is.", ["hello+xyz@mail.example"]),
    ("a.b-c_d@a.b", ["a.b-c_d@a.b"]),
    ("a.b-c_d@a.b.", ["a.b-c_d@a.b"]),
    ("a.b-c_d@a.b-", []),
    ("a.b-c_d@a.b_", []),
    ("mailto:foo@bar.baz", ["mailto:foo@bar.baz"]),
    ("mailto:a.b-c_d@a.b", ["mailto:a.b-c_d@a.b"]),
    ("mailto:a.b-c_d@a.b.", ["mailto:a.b-c_d@a.b"]),
    ("mailto:a.b-c_d@a.b/", ["mailto:a.b-c_d@a.b"]),
    ("mailto:a.b-c_d@a.b-", []),
    ("mailto:a.b-c_d@a.b_", []),
    ("xmpp:foo@bar.baz", ["xmpp:foo@bar.baz"]),
    ("xmpp:foo@bar.baz.", ["xmpp:foo@bar.baz"]),
    ("xmpp:foo@bar.baz/txt", ["xmpp:foo@bar.baz/txt"]),
    ("xmpp:foo@bar.baz/txt@bin", ["xmpp:foo@bar.baz/txt@bin"]),
    ("xmpp:foo@bar.baz/txt@bin.com", ["xmpp:foo@bar.baz/txt@bin.com"]),
    ("xmpp:foo@bar.baz/txt/bin", ["xmpp:foo@bar.baz/txt"]),
]

SIBLINGS = [
    ("See the site (www.example.com/docs).", ["www.example.com/docs"]),
    ("A wiki page (www.example.org/wiki/Foo_(bar)) here", ["www.example.org/wiki/Foo_(bar)"]),
    ("Is it www.example.com? Yes: www.example.com!", ["www.example.com", "www.example.com"]),
    ("Emphasis *www.example.com* and ~www.example.net~", ["www.example.com", "www.example.net"]),
    ("awww.example.com and foo.www.example.com are not links", []),
    ("www.a_b.example.com but not www.example.a_b.com", ["www.a_b.example.com"]),
    ("Write to first.last+tag@mail.example.co.uk, please.", ["first.last+tag@mail.example.co.uk"]),
    ("Write to mailto:team@example.org; or xmpp:me@chat.example.org/phone.", ["mailto:team@example.org", "xmpp:me@chat.example.org/phone"]),
    ("no address in @mentions or a@b", []),
]


@pytest.mark.parametrize(("text", "expected"), SPEC + SIBLINGS)
def test_extended_autolinks_follow_the_gfm_spec(text: str, expected: list[str]) -> None:
    assert links(text) == expected


@pytest.mark.parametrize(("text", "expected"), SPEC + SIBLINGS)
def test_protect_holds_every_extended_autolink_and_restores_it(text: str, expected: list[str]) -> None:
    protected = protect(text)
    held = [o for o, kind in zip(protected.originals, protected.kinds) if kind == "extended autolink"]
    assert held == expected
    assert all(link not in protected.text for link in expected)
    assert protected.restore(protected.text) == text
    # pseudo's brackets would stand before a "www." that opens the text (see the next test)
    reply = protected.restore(pseudo_localize(protected.text)[1:-1])
    assert links(reply) == expected
    assert check_reply(text, reply, "hi", check_language=False) == []


def test_a_www_link_needs_its_boundary_in_the_reply_too() -> None:
    # GFM 6.9: "www." follows a line start, whitespace, "*", "_", "~" or "(" (cmark-gfm's
    # www_match); pseudo's "[" before it, or a CJK letter, leaves plain text: refused.
    for reply in ("[www.example.com ííš ĥééŕéé]", "访问www.example.com了解更多"):
        problems = check_reply("www.example.com is here", reply, "hi", check_language=False)
        assert any("lost extended autolink 'www.example.com'" in p for p in problems), problems
    assert check_reply("www.example.com is here", "访问 www.example.com 了解更多", "zh", check_language=False) == []
    # and a "]" glued to its end is part of the link
    problems = check_reply("Visit www.example.com", "[Ṽííšííţ www.example.com]", "hi", check_language=False)
    assert any("lost extended autolink 'www.example.com'" in p for p in problems), problems


def test_inside_code_links_and_urls_an_address_is_theirs() -> None:
    text = "Run `git clone git@example.com:a/b` or see [www.example.com](https://www.example.com/x@y.org) and https://x.org/a@b.com"
    protected = protect(text)
    assert "extended autolink" not in protected.kinds
    assert protected.restore(protected.text) == text


def test_a_reply_that_breaks_an_autolink_is_refused() -> None:
    source = "Visit www.example.com for more, or write to someone@example.com."
    broken = "Visitez ŵŵŵ.example.com, ou écrivez à someone@exemple.com."
    problems = check_reply(source, broken, "fr", check_language=False)
    assert any("www.example.com" in p for p in problems)
    assert any("someone@example.com" in p for p in problems)
    codes = [p.code for p in compare(source, broken)]
    assert codes.count("link") == 2
    assert elements(source)[("link", "www.example.com")] == 1


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü", min_size=1, max_size=8)
LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=6).filter(
    lambda s: not s.startswith("-") and not s.endswith("-")
)
DOMAIN = st.lists(LABEL, min_size=1, max_size=3).map(".".join).map(lambda d: d + ".org")
PATH = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/-=&?._~", max_size=10).map(
    lambda p: "/" + p + "x" if p else ""
)
LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.+-_", min_size=1, max_size=8)
LINK = st.one_of(
    st.builds(lambda d, p: "www." + d + p, DOMAIN, PATH),
    st.builds(lambda local, d: local + "@" + d, LOCAL, DOMAIN),
    st.builds(lambda local, d: "mailto:" + local + "@" + d, LOCAL, DOMAIN),
    st.builds(lambda local, d: "xmpp:" + local + "@" + d, LOCAL, DOMAIN),
)
AFTER = st.sampled_from(["", ".", ",", "!", "?", ":", ")"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(WORD, min_size=1, max_size=4), st.one_of(st.none(), st.tuples(LINK, AFTER))), min_size=1, max_size=5))
def test_random_prose_keeps_exactly_its_autolinks(parts: list[tuple[list[str], tuple[str, str] | None]]) -> None:
    pieces: list[str] = []
    expected: list[str] = []
    for words, link in parts:
        pieces.append(" ".join(words))
        if link is not None:
            opening = "(" if link[1] == ")" else ""
            pieces.append(opening + link[0] + link[1])
            expected.append(link[0])
    text = " ".join(pieces)
    assert links(text) == expected
    protected = protect(text)
    assert list(protected.originals) == expected
    # without pseudo's brackets: a "]" right after a www link would be part of it (GFM 6.9 ends
    # one at whitespace or "<" only), which the validator refuses (tested below)
    reply = protected.restore(pseudo_localize(protected.text)[1:-1])
    assert links(reply) == expected
    assert check_reply(text, reply, "hi", check_language=False) == []


def test_the_reviews_note_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('[tool.l10n]\nmarkdown = "gfm"\n')
    (tmp_path / "source_notes").mkdir()
    note = "# T\n\nVisit www.example.com for more, or write to someone@example.com.\n"
    (tmp_path / "source_notes" / "a-en.md").write_text(note)
    runner = CliRunner()
    for command in (["extract"], ["translate", "--engine", "pseudo"], ["build"]):
        result = runner.invoke(cli, [*command, "-C", str(tmp_path)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    built = (tmp_path / "translated" / "hi" / "a-hi.md").read_text()
    line = built.splitlines()[2]
    # no brackets around a text holding an autolink (remark-gfm would link none after the "[")
    pseudo = pseudo_localize("Visit {1} for more, or write to {2}.", brackets=False)
    assert line == pseudo.replace("{1}", "www.example.com").replace("{2}", "someone@example.com")
    assert links(built) == ["www.example.com", "someone@example.com"]
    result = runner.invoke(cli, ["check", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output

    # a hand-edited msgstr that breaks the link: reported with its file and line
    catalog = tmp_path / "locales" / "hi" / "a-en.po"
    po = catalog.read_text()
    at = po.index("www.example.com", po.index("msgstr", po.index("Visit")))
    catalog.write_text(po[:at] + "ŵŵŵ" + po[at + 3 :])
    assert "ŵŵŵ.example.com" in catalog.read_text()
    result = runner.invoke(cli, ["check", "-C", str(tmp_path)])
    assert result.exit_code != 0
    assert re.search(r"a-en\.po:\d+: .*'www\.example\.com'", result.output), result.output


LINEAR_SHAPES = [
    paragraph("_www."),
    paragraph("(www.a_"),
    paragraph("www."),
    paragraph("a@"),
    paragraph("a.@b"),
    paragraph("@a."),
    paragraph("xmpp:a@b.c/"),
    Shape("a www link's tail of entities", lambda k: "See www.example.com/" + "&a;" * k + "\n"),
    Shape("a www link's tail of ')'", lambda k: "See www.example.com/" + ")" * k + "\n"),
    Shape("a long address", lambda k: "Mail " + "a." * k + "@" + "b." * k + "c\n"),
]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("stage", ["protect", "compare", "validate_translation"])
@pytest.mark.parametrize("shape", LINEAR_SHAPES, ids=lambda s: s.name)
def test_finding_autolinks_is_linear(shape: Shape, stage: str) -> None:
    assert_linear(stage, shape)  # the ratio of CPU times for n and 4n repetitions
