"""A ``language_aliases`` change reaches the catalogs' headers, and nothing else of them.

``language_aliases`` maps the code of a language folder (``pt``, ``hant``) to the BCP 47 tag
written in the catalogs' ``Language`` header and sent to engines. Changing it used to leave
every existing catalog naming the old tag (``check`` then failed on each of them); the next
``extract`` or ``sync`` now rewrites ``Language`` (and ``Plural-Forms`` when the rule changes
with the language), and every entry, a translator's work included, stays byte for byte.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from l10n.po.merge import follow_language
from tests.conftest import Runner

NOTES = {
    "a-en.md": "# Setup\n\nInstall it first.\n\nThen run it.\n",
    "b-en.md": "---\ntitle: A guide\n---\n\nRead the [setup](a-en.md).\n",
}


def _config(pt: str, hant: str) -> str:
    return f'engine = "pseudo"\n\n[tool.l10n.language_aliases]\npt = "{pt}"\nhant = "{hant}"\n'


def _header_and_entries(data: bytes) -> tuple[dict[str, str], bytes]:
    """The header's fields and the bytes after the header block (every entry)."""
    head, _, rest = data.partition(b"\n\n")
    fields = dict(re.findall(r'^"([\w-]+): (.*)\\n"$', head.decode("utf-8"), re.MULTILINE))
    return fields, rest


def _coverage(root: Path, l10n: Runner) -> dict[str, Any]:
    data = json.loads(l10n(root, "status", "--format", "json").stdout)
    return {lang["lang"]: (lang["coverage"], lang["segments"]) for lang in data["languages"]}


@pytest.mark.parametrize("command", ["extract", "sync"])
def test_changing_an_alias_rewrites_the_language_header_only(
    project: Callable[..., Path], l10n: Runner, command: str
) -> None:
    root = project(NOTES, ("pt", "hant"), _config("pt-BR", "zh-Hant-TW"))
    assert l10n(root, "sync").exit_code == 0
    # a translator's work: an approved translation, a comment, their name in the header
    po = root / "locales/pt/a-en.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"', '"Last-Translator: Ana <ana@example.org>\\n"')
    text = re.sub(r'#\. paragraph\n(#: [^\n]*\n)#, fuzzy\nmsgid "Install it first."\nmsgstr "[^"]*"',
                  '# Ana: checked\n#. paragraph\n\\1msgid "Install it first."\nmsgstr "Instale primeiro."', text)
    assert "Instale primeiro." in text
    po.write_text(text, encoding="utf-8")
    catalogs = sorted((root / "locales").glob("*/*.po"))
    before = {path: path.read_bytes() for path in catalogs}
    coverage = _coverage(root, l10n)

    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(_config("pt-BR", "zh-Hant-TW"), _config("pt-PT", "zh-Hant-HK")), encoding="utf-8")
    result = l10n(root, command)
    assert result.exit_code == 0, result.output

    expected = {"pt": ("pt-PT", "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);"),
                "hant": ("zh-Hant-HK", "nplurals=1; plural=0;")}
    for path in catalogs:
        old_header, old_entries = _header_and_entries(before[path])
        header, entries = _header_and_entries(path.read_bytes())
        assert entries == old_entries, path  # every entry byte for byte
        language, rule = expected[path.parent.name]
        assert (header["Language"], header["Plural-Forms"]) == (language, rule)
        changed = {key for key in header.keys() | old_header.keys() if header.get(key) != old_header.get(key)}
        # the two dates the writer stamps on every write of a catalog, and the language's own
        assert changed <= {"Language", "Plural-Forms", "PO-Revision-Date", "POT-Creation-Date"}, (path, changed)
        assert ("Plural-Forms" in changed) == (path.parent.name == "pt")  # zh-Hant's rule is the same
    assert "Last-Translator: Ana <ana@example.org>" in (root / "locales/pt/a-en.po").read_text(encoding="utf-8")
    check = l10n(root, "check", "--catalogs")
    assert check.exit_code == 0, check.output  # no 'Language header is ..., expected ...'
    assert _coverage(root, l10n) == coverage  # the same translations, counted the same


def test_a_language_spelled_another_way_is_left_as_written() -> None:
    metadata = {"Language": "pt_BR", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    follow_language(metadata, "pt-BR")  # gettext's spelling of the same tag: the translator's
    assert metadata == {"Language": "pt_BR", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    follow_language(metadata, "pt-PT")
    assert metadata["Language"] == "pt-PT" and metadata["Plural-Forms"].startswith("nplurals=3;")
    missing: dict[str, str] = {}
    follow_language(missing, "de")  # filled in; the plural rule is filled in by merge as before
    assert missing == {"Language": "de"}
