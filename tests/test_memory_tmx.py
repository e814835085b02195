"""`l10n memory export/import/copy`: TMX 1.4 both ways, other tools' TMX, moving between backends;
and the dry run's per-language estimate."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import L10nError
from l10n.mt.estimate import estimate_tokens
from l10n.mt.memory import MEMORY_FILE, MEMORY_URL_VARIABLE, Record, memory_from_url
from l10n.mt.memory_tmx import read_tmx, write_tmx
from tests.conftest import Runner

pytestmark = pytest.mark.timeout(120)

ROWS = [
    Record(
        "en", "hi", "Hello <b>world</b> & friends", "नमस्ते <b>दुनिया</b> & मित्र", "human", "2026-01-02T03:04:05+00:00"
    ),
    Record("en", "hi", "Line one\r\nline two  ", "पंक्ति\r\nदो  ", "machine:deepl", "2026-02-03T04:05:06+00:00"),
    Record(
        "en", "pt-BR", "]]> \"quotes\" 'and' {0}", "]]> \"aspas\" 'e' {0}", "machine:libre", "2025-12-31T23:59:59+00:00"
    ),
]


def test_export_then_import_gives_the_same_rows(tmp_path: Path) -> None:
    out = io.StringIO()
    result = write_tmx(ROWS, out, source_lang="en")
    assert (result.written, result.skipped) == (3, 0)
    document = ET.fromstring(out.getvalue())
    assert document.get("version") == "1.4" and document.find("header") is not None
    path = tmp_path / "memory.tmx"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert list(read_tmx(path, default_source="en")) == ROWS


_XML_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\x0b\x0c\ufffe\uffff"
        + "".join(map(chr, range(1, 9)))
        + "".join(map(chr, range(14, 32))),
    ),
    min_size=1,
)


@settings(max_examples=60, deadline=None)
@given(pairs=st.lists(st.tuples(_XML_TEXT, _XML_TEXT), min_size=1, max_size=8))
def test_any_xml_text_round_trips(pairs: list[tuple[str, str]], tmp_path_factory: pytest.TempPathFactory) -> None:
    rows = [Record("en", "de", s, t, "human", "2026-01-01T00:00:00+00:00") for s, t in pairs]
    path = tmp_path_factory.mktemp("tmx") / "m.tmx"
    with path.open("w", encoding="utf-8", newline="\n") as out:
        write_tmx(rows, out)
    assert list(read_tmx(path, default_source="en")) == rows


def test_rows_xml_cannot_carry_are_skipped_and_counted() -> None:
    out = io.StringIO()
    result = write_tmx([*ROWS, Record("en", "hi", "bell \x07", "x", "human", ROWS[0].updated)], out)
    assert (result.written, result.skipped) == (3, 1)


OTHER_TOOL = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="Weblate" creationtoolversion="5" segtype="sentence" o-tmf="weblate"
          adminlang="en" srclang="en-US" datatype="plaintext"/>
  <body>
    <tu creationdate="20250101T120000Z">
      <tuv xml:lang="en-US"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> now</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Jetzt <bpt i="1">&lt;b&gt;</bpt>Speichern<ept i="1">&lt;/b&gt;</ept> drücken</seg></tuv>
      <tuv lang="fr"><seg>Appuyez</seg></tuv>
    </tu>
    <tu><tuv xml:lang="de-DE"><seg>Nur Ziel</seg></tuv></tu>
  </body>
</tmx>
"""


def test_other_tools_tmx_inline_codes_and_several_targets(tmp_path: Path) -> None:
    path = tmp_path / "weblate.tmx"
    path.write_text(OTHER_TOOL, encoding="utf-8")
    rows = list(read_tmx(path, default_source="en", normalize=lambda tag: tag.replace("-US", "")))
    assert [(r.source_lang, r.target_lang, r.source_text, r.translation, r.origin) for r in rows] == [
        ("en", "de-DE", "Press <b>Save</b> now", "Jetzt <b>Speichern</b> drücken", "human"),
        ("en", "fr", "Press <b>Save</b> now", "Appuyez", "human"),
    ]
    assert rows[0].updated == "2025-01-01T12:00:00+00:00"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('<tmx version="1.4"><body><tu>', r"invalid TMX: .*line 1"),
        ("<xliff/>", "not a TMX file"),
        (
            '<tmx><body><tu changedate="yesterday"><tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>',
            "<tu> number 1: date 'yesterday'",
        ),
        (
            '<tmx><body><tu><prop type="x-l10n-origin">robot</prop><tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>',
            "<tu> number 1: x-l10n-origin 'robot'",
        ),
    ],
)
def test_bad_tmx_is_one_line_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(L10nError, match=message) as caught:
        list(read_tmx(path, default_source="en"))
    assert str(path) in str(caught.value)


def _sqlite_rows(path: Path) -> list[Record]:
    with memory_from_url(str(path)) as memory:
        return list(memory.records())


def test_cli_export_import_round_trip(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MEMORY_URL_VARIABLE, raising=False)
    root = project({"note-en.md": "# Title\n\nA paragraph.\n"}, languages=("hi", "de"))
    (root / "locales").mkdir(exist_ok=True)
    with memory_from_url(str(root / "locales" / MEMORY_FILE)) as memory:
        memory.add_records(
            Record("en", lang, text, f"{text} ({lang})", origin, "2026-11-30T02:15:00+00:00")
            for lang, origin in (("hi", "human"), ("de", "machine:deepl"))
            for text in ("Title", "A paragraph.")
        )
    rows = _sqlite_rows(root / "locales" / MEMORY_FILE)
    assert len(rows) == 4
    result = l10n(root, "memory", "export", str(root / "all.tmx"))
    assert result.exit_code == 0, result.stderr
    assert "4 translation units" in result.stderr
    only_de = l10n(root, "memory", "export", "--lang", "de", str(root / "de.tmx"))
    assert "2 translation units" in only_de.stderr
    fresh = root / "fresh.sqlite3"
    result = l10n(root, "memory", "import", "--memory", str(fresh), str(root / "all.tmx"))
    assert result.exit_code == 0, result.stderr
    assert _sqlite_rows(fresh) == rows
    bad = l10n(root, "memory", "import", "--origin", "robot", str(root / "all.tmx"))
    assert bad.exit_code == 2 and "origin must be" in bad.stderr
    missing = l10n(root, "memory", "export", "--memory", str(root / "typo.sqlite3"), str(root / "x.tmx"))
    assert missing.exit_code == 1 and "typo.sqlite3: no translation memory here" in missing.stderr
    assert not (root / "typo.sqlite3").exists() and not (root / "x.tmx").exists()


@pytest.mark.parametrize(
    ("spelling", "exported"),
    [("zh", {"zh"}), ("zh-CN", {"zh"}), ("zh_cn", {"zh"}), ("ZH-Hans", {"zh"}), ("zh-Hans-CN", {"zh"}), ("zh-TW", set()),
     ("de-DE", {"de"}), ("DE", {"de"}), ("pt-PT", {"pt"}), ("ja", set())],
)
def test_cli_export_takes_a_language_in_any_spelling_import_reads(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch, spelling: str, exported: set[str]
) -> None:
    """Issue s19-left 4: ``export --lang zh-CN`` of a project whose language is ``zh`` wrote
    nothing (an exact match only), while ``import`` reads a unit's zh-CN as that zh. Both now
    name a project's language as :func:`l10n.langdata.closest_tag` does: never across scripts
    (zh-TW); a project's language without a region takes any (pt-PT for pt, as de-DE for de)."""
    monkeypatch.delenv(MEMORY_URL_VARIABLE, raising=False)
    root = project({"note-en.md": "# Title\n\nA paragraph.\n"}, languages=("zh", "de", "pt"))
    (root / "in.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" '
        'adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>\n<tu><tuv xml:lang="en-US"><seg>Title</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>标题</seg></tuv><tuv xml:lang="de_DE"><seg>Titel</seg></tuv><tuv xml:lang="pt"><seg>Título</seg></tuv>'
        "</tu>\n</body></tmx>\n",
        encoding="utf-8",
    )
    assert l10n(root, "memory", "import", str(root / "in.tmx")).exit_code == 0
    assert {row.target_lang for row in _sqlite_rows(root / "locales" / MEMORY_FILE)} == {"zh", "de", "pt"}
    done = l10n(root, "memory", "export", "--lang", spelling, str(root / "out.tmx"))
    if not exported:  # no unit in that language: an error, no file (test_export_of_a_language_the_memory_lacks)
        assert done.exit_code == 1 and "(it holds de, pt, zh); nothing written" in done.stderr, done.stderr
        assert not (root / "out.tmx").exists()
        return
    assert done.exit_code == 0, done.stderr
    targets = set(re.findall(r'<tuv xml:lang="([^"]+)">', (root / "out.tmx").read_text(encoding="utf-8"))) - {"en"}
    assert targets == exported


def test_cli_copy_sqlite_to_postgresql_and_back(
    project: Callable[..., Path], l10n: Runner, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MEMORY_URL_VARIABLE, raising=False)
    root = project({"note-en.md": "# Title\n\nA paragraph.\n\nAnother one.\n"})
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    local = root / "locales" / MEMORY_FILE
    rows = _sqlite_rows(local)
    with memory_from_url(str(local)) as memory:
        memory.store_many("en", "hi", [("A paragraph.", "एक अनुच्छेद।")], origin="human")
    rows = _sqlite_rows(local)
    result = l10n(root, "memory", "copy", "--to", postgres_url)
    assert result.exit_code == 0, result.stderr
    assert f"{len(rows)} rows from {local}" in result.stderr
    back = root / "back.sqlite3"
    monkeypatch.setenv(MEMORY_URL_VARIABLE, postgres_url)  # the configured memory is now the server
    result = l10n(root, "memory", "copy", "--to", str(back))
    assert result.exit_code == 0, result.stderr
    assert _sqlite_rows(back) == rows
    same = l10n(root, "memory", "copy", "--from", postgres_url)
    assert same.exit_code == 2 and "the same memory" in same.stderr


def test_dry_run_estimates_per_language_after_the_memory(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MEMORY_URL_VARIABLE, raising=False)
    root = project({"note-en.md": "# Caching\n\nShared paragraph about caches.\n\n你好世界\n"}, languages=("hi", "de"))
    assert l10n(root, "extract").exit_code == 0
    with memory_from_url(str(root / "locales" / MEMORY_FILE)) as memory:
        memory.store_many("en", "de", [("Caching", "Zwischenspeichern")], origin="human")
    result = l10n(root, "translate", "--engine", "pseudo", "--dry-run")
    assert result.exit_code == 0, result.stderr
    texts = ["Caching", "Shared paragraph about caches.", "你好世界"]
    hi_tokens = sum(estimate_tokens(t) for t in texts)
    de_tokens = sum(estimate_tokens(t) for t in texts[1:])
    chars = sum(len(t) for t in texts)
    assert (
        f"hi: would send 3 segments ({chars} characters, ~{hi_tokens} tokens, 1 request) to pseudo; 0 from memory"
        in result.stderr
    )
    assert (
        f"de: would send 2 segments ({chars - 7} characters, ~{de_tokens} tokens, 1 request) to pseudo; 1 from memory"
        in result.stderr
    )


def test_token_estimate_by_script() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("a" * 400) == 100  # about 4 characters of English per token
    assert estimate_tokens("漢" * 10) == 10  # Han: about one token each
    assert estimate_tokens("д" * 10) == 5  # other scripts: about two characters per token


def test_regional_tags_of_cat_tools_are_the_projects_languages(tmp_path: Path) -> None:
    """A vendor's TMX tags its segments en-US and de-DE under srclang="en": the unit was
    dropped without a word (no source segment), or stored as de-DE, which a project
    translating into "de" never matched, so a human translation lost to machine output. Now
    the regional source counts, de-DE is the project's de, a unit without a source segment
    is counted, and pt-PT stays itself beside a project's pt-BR."""
    from click.testing import CliRunner

    from l10n.cli import cli
    from l10n.mt.memory import TranslationMemory
    from tests.conftest import write_project

    root = write_project(tmp_path, {"a.md": "# Getting Started\n"}, languages=("de", "pt-BR"))
    tmx = tmp_path / "vendor.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" segtype="sentence" '
        'adminlang="en" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>Getting Started</seg></tuv><tuv xml:lang="de-DE"><seg>Erste Schritte</seg></tuv>'
        '<tuv xml:lang="pt-PT"><seg>Primeiros passos</seg></tuv></tu>'
        '<tu><tuv xml:lang="fr-FR"><seg>Bonjour</seg></tuv><tuv xml:lang="de-DE"><seg>Hallo</seg></tuv></tu>'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    done = CliRunner().invoke(cli, ["-C", str(root), "memory", "import", str(tmx)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert (
        "2 translations read" in done.stderr
        and "1 unit without a segment in its source language skipped" in done.stderr
    )
    with TranslationMemory(root / "locales/.l10n-memory.sqlite3") as memory:
        assert memory.lookup("en", "de", ["Getting Started"])["Getting Started"].translation == "Erste Schritte"
        assert memory.lookup("en", "pt-PT", ["Getting Started"])["Getting Started"].translation == "Primeiros passos"
    built = CliRunner().invoke(cli, ["-C", str(root), "sync", "--engine", "pseudo"], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    assert "# Erste Schritte" in (root / "translated/de/a.md").read_text(encoding="utf-8")


# -- encodings: as an XML parser reads them (XML 1.0 §4.3.3, Appendix F) -----------------------

_UNIT = (
    '<tmx version="1.4">\n<header srclang="en" segtype="sentence" adminlang="en" datatype="plaintext" o-tmf="x" '
    'creationtool="x" creationtoolversion="1"/>\n<body>\n<tu><tuv xml:lang="en"><seg>Hello world</seg></tuv>'
    '<tuv xml:lang="ja"><seg>{text}</seg></tuv></tu>\n</body>\n</tmx>\n'
)


@pytest.mark.parametrize(
    ("declared", "codec", "bom", "text"),
    [
        ("UTF-16", "utf-16-le", b"\xff\xfe", "こんにちは世界 €"),  # Trados, memoQ
        ("UTF-16", "utf-16-be", b"\xfe\xff", "こんにちは世界 €"),
        ("UTF-8", "utf-16-le", b"\xff\xfe", "こんにちは世界 €"),  # a BOM and a declaration that disagree: the BOM wins
        ("UTF-16LE", "utf-16-le", b"", "こんにちは世界 €"),
        (None, "utf-16-le", b"\xff\xfe", "こんにちは世界 €"),
        ("UTF-32", "utf-32-le", b"\xff\xfe\x00\x00", "こんにちは世界 €"),
        ("UTF-8", "utf-8", b"\xef\xbb\xbf", "こんにちは世界 €"),
        ("Shift_JIS", "shift_jis", b"", "こんにちは世界"),
        ("windows-1252", "cp1252", b"", "Olá €"),
    ],
)
def test_tmx_is_read_in_the_encoding_xml_says(tmp_path: Path, declared: str | None, codec: str, bom: bytes, text: str) -> None:
    declaration = f'<?xml version="1.0" encoding="{declared}"?>\n' if declared else ""
    path = tmp_path / "vendor.tmx"
    path.write_bytes(bom + (declaration + _UNIT.format(text=text)).encode(codec))
    records = list(read_tmx(path, default_source="en"))
    assert [(r.source_lang, r.target_lang, r.source_text, r.translation) for r in records] == [("en", "ja", "Hello world", text)]


@pytest.mark.parametrize(("codec", "bom"), [("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-16-le", b"\xff\xfe"), ("shift_jis", b"")])
def test_tmx_errors_name_the_line_in_any_encoding(tmp_path: Path, codec: str, bom: bytes) -> None:
    declared = {"utf-32-le": "UTF-32", "utf-16-le": "UTF-16", "shift_jis": "Shift_JIS"}[codec]
    broken = _UNIT.format(text="世界").replace("<seg>Hello", "<seg>Hello <")
    path = tmp_path / "vendor.tmx"
    path.write_bytes(bom + (f'<?xml version="1.0" encoding="{declared}"?>\n' + broken).encode(codec))
    with pytest.raises(L10nError) as caught:
        list(read_tmx(path, default_source="en"))
    assert str(caught.value).startswith(f"{path}:5: invalid TMX")


@pytest.mark.parametrize("declared", ["x-no-such-encoding", "base64"])
def test_an_unknown_encoding_is_a_clear_error(tmp_path: Path, declared: str) -> None:
    path = tmp_path / "vendor.tmx"
    path.write_text(f'<?xml version="1.0" encoding="{declared}"?>\n' + _UNIT.format(text="x"), encoding="ascii")
    with pytest.raises(L10nError, match=rf"^{re.escape(str(path))}:1: invalid TMX: unknown encoding '{declared}'"):
        list(read_tmx(path, default_source="en"))


def test_posix_language_tags_match_as_bcp47_ones(tmp_path: Path, l10n: Runner) -> None:
    """``en_US``/``de_DE``/``pt_BR`` (POSIX spelling, as some CAT tools write them) under a
    header saying ``en-US``: the source segment is found, and the targets are the project's
    ``de`` and ``pt-BR``; a project's ``zh-TW`` takes a ``zh_TW`` unit (kept under the BCP
    47 tag translate asks the memory in), written in UTF-16 as Trados writes it."""
    from tests.conftest import write_project

    root = write_project(tmp_path, {"a.md": "# Getting Started\n"}, languages=("de", "pt-BR", "zh-TW"))
    tmx = tmp_path / "vendor.tmx"
    tmx.write_bytes(
        (
            '\ufeff<?xml version="1.0" encoding="UTF-16"?>\n<tmx version="1.4"><header srclang="en-US" segtype="sentence" '
            'adminlang="en" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
            '<tu><tuv xml:lang="en_US"><seg>Getting Started</seg></tuv><tuv xml:lang="de_DE"><seg>Erste Schritte</seg></tuv>'
            '<tuv xml:lang="pt_BR"><seg>Primeiros passos</seg></tuv><tuv xml:lang="zh_TW"><seg>入門</seg></tuv></tu>'
            "</body></tmx>\n"
        ).encode("utf-16-le")
    )
    done = l10n(root, "memory", "import", str(tmx))
    assert done.exit_code == 0, done.output
    assert "3 translations read" in done.stderr and "skipped" not in done.stderr
    l10n.sync(root)
    assert "# Erste Schritte" in (root / "translated/de/a.md").read_text(encoding="utf-8")
    assert "# Primeiros passos" in (root / "translated/pt-BR/a.md").read_text(encoding="utf-8")
    assert "# 入門" in (root / "translated/zh-TW/a.md").read_text(encoding="utf-8")


def test_export_leaves_pseudo_localized_rows_out(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick start's pseudo engine fills the memory with bracketed text no CAT tool may take
    for a translation: export leaves those rows out and says how many; other rows go."""
    monkeypatch.delenv(MEMORY_URL_VARIABLE, raising=False)
    root = project({"note-en.md": "# Title\n\nA paragraph.\n"}, languages=("hi",))
    assert l10n(root, "sync", "--engine", "pseudo").exit_code == 0
    with memory_from_url(str(root / "locales" / MEMORY_FILE)) as memory:
        memory.add_records([Record("en", "hi", "Title", "शीर्षक", "human", "2026-11-30T02:15:00+00:00")])
    assert {row.origin for row in _sqlite_rows(root / "locales" / MEMORY_FILE)} == {"human", "machine:pseudo"}
    result = l10n(root, "memory", "export", str(root / "all.tmx"))
    assert result.exit_code == 0, result.stderr
    assert "1 translation unit " in result.stderr and "1 unit of pseudo-localized text left out" in result.stderr
    units = list(read_tmx(root / "all.tmx", default_source="en"))
    assert [(unit.source_text, unit.translation, unit.origin) for unit in units] == [("Title", "शीर्षक", "human")]


@pytest.mark.parametrize("target", ["out.tmx", "-"])
def test_export_of_a_language_the_memory_lacks_is_an_error_and_writes_nothing(
    project: Callable[..., Path], l10n: Runner, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    """Session 20, defect 3: ``export --lang fr`` of a memory holding no French wrote an empty
    TMX and exited 0. Now one line names the language and the languages the memory holds, the
    exit is 1, and no file (nor any TMX on standard output) is written; a language the project
    does not target is exported when the memory holds it (a memory shared between projects)."""
    monkeypatch.delenv(MEMORY_URL_VARIABLE, raising=False)
    root = project({"note-en.md": "# Title\n"}, languages=("hi",))
    with memory_from_url(str(root / "locales" / MEMORY_FILE)) as memory:
        memory.store_many("en", "hi", [("Title", "शीर्षक")], origin="human")
        memory.store_many("en", "de", [("Title", "Titel")], origin="human")
        memory.store_many("en", "ja", [("Title", "[Títlé]")], origin="machine:pseudo")
    out = root / "out.tmx"
    where = "-" if target == "-" else str(out)
    missing = l10n(root, "memory", "export", "--lang", "fr", where)
    assert missing.exit_code == 1, missing.output
    lines = missing.stderr.strip().splitlines()
    assert lines == [f"error: locales/{MEMORY_FILE}: no translation units for fr (it holds de, hi, ja); nothing written"], lines
    assert "<tmx" not in missing.stdout and not out.exists() and not list(root.glob("*.part"))
    both = l10n(root, "memory", "export", "--lang", "hi", "--lang", "fr", where)
    assert both.exit_code == 1 and "no translation units for fr (" in both.stderr and not out.exists()
    pseudo = l10n(root, "memory", "export", "--lang", "ja", where)
    assert pseudo.exit_code == 1 and "no translation units for ja but 1 pseudo-localized unit, left out" in pseudo.stderr
    other = l10n(root, "memory", "export", "--lang", "de", where)  # not a target of this project: held, so exported
    assert other.exit_code == 0, other.stderr
    text = other.stdout if target == "-" else out.read_text(encoding="utf-8")
    assert '<tuv xml:lang="de"><seg>Titel</seg>' in text and "शीर्षक" not in text
