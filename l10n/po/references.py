"""``#:`` references (``file:line``) as GNU gettext writes and reads them, file names with
spaces included.

GNU gettext after 0.21 (``write-po.c``, ``pos.c``: ``pos_filename_has_spaces``, 2021) writes a
file name holding a space or a tab between U+2068 FIRST STRONG ISOLATE and U+2069 POP
DIRECTIONAL ISOLATE in a UTF-8 catalog, ``#: \\u2068my note.md\\u2069:3`` (written here as
escapes: the characters are invisible), and its PO reader takes what lies between the two as
one name; 0.21 and earlier (Debian 12's ``xgettext`` and ``msgcat`` included, checked) wrote
the name bare, ``#: my note.md:3``, which every reader, GNU's and polib's, takes for two
references (``my`` and ``note.md:3``). polib (1.2) writes the occurrences it holds as they are
and reads by splitting the line on whitespace, so it sees an isolated name as two pieces,
``("\\u2068my", "")`` and ``("note.md\\u2069", "3")``: :func:`rejoin_isolated` puts them back.

l10n writes names as current GNU gettext does (:func:`format_reference`), reads both forms
(:func:`parse_references`), and compares references by :func:`references_key`, which reads
the old bare form and the isolated form alike, so a catalog written either way is not
rewritten for its references' form alone.

A tab or any other control character never reaches a reference raw: l10n writes file names
through :func:`l10n.fsutil.printable` (``\\t``), which also escapes a name's own U+2068/U+2069,
so an isolate in a ``#:`` line is always one l10n or gettext put there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polib

FSI = "\u2068"
"""U+2068 FIRST STRONG ISOLATE: opens a file name holding spaces."""
PDI = "\u2069"
"""U+2069 POP DIRECTIONAL ISOLATE: closes it."""


def needs_isolates(path: str) -> bool:
    """Whether GNU gettext encloses ``path`` in isolates: it holds a space or a tab (``pos.c``)."""
    return " " in path or "\t" in path


def format_reference(path: str, number: str) -> str:
    """One reference as GNU gettext after 0.21 writes it in a UTF-8 catalog: ``path:number``, or
    ``path`` alone when ``number`` is empty; ``path`` between U+2068 and U+2069 when it holds a
    space or a tab (``\\u2068my note.md\\u2069:3``)."""
    if " " in path or "\t" in path:
        path = FSI + path + PDI
    return f"{path}:{number}" if number else path


def format_references(occurrences: Iterable[tuple[str, str]]) -> str:
    """The references of a ``#:`` line (without ``#: ``), separated by one space."""
    return " ".join(format_reference(path, number) for path, number in occurrences)


def reference_width(path: str, number: str) -> int:
    """The columns GNU gettext counts for one reference when it wraps ``#:`` lines
    (``write-po.c``: the name's length and ``:number``'s; the isolates are not counted)."""
    return len(path) + (len(number) + 1 if number else 0)


def _occurrence(token: str) -> tuple[str, str]:
    """A bare token as polib and l10n read it: ``name:digits`` is (name, digits); anything
    else is the name alone."""
    where, _, number = token.rpartition(":")
    return (where, number) if where and number.isdigit() else (token, "")


def parse_references(text: str) -> list[tuple[str, str]]:
    """The (path, line) pairs of a ``#:`` line's text (after ``#:``), line ``""`` when none.

    A name from U+2068 to the next U+2069 is one name, spaces and all, followed by an optional
    ``:line`` (GNU gettext's reader); any other token ends at whitespace (as polib splits the
    line, and as l10n read references before). An isolate without its closing U+2069 is read as
    a bare token. Raises nothing.

    >>> parse_references("\\u2068my note.md\\u2069:3 b.md:4 c.md")
    [('my note.md', '3'), ('b.md', '4'), ('c.md', '')]
    """
    if FSI not in text:  # the usual line: polib's own reading, as fast
        return [_occurrence(token) for token in text.split()]
    found: list[tuple[str, str]] = []
    position, size = 0, len(text)
    while position < size:
        if text[position].isspace():
            position += 1
            continue
        if text[position] == FSI:
            close = text.find(PDI, position + 1)
            if close != -1:
                end = close + 1
                while end < size and not text[end].isspace():
                    end += 1
                name, rest = text[position + 1 : close], text[close + 1 : end]
                if not rest:
                    found.append((name, ""))
                    position = end
                    continue
                if rest[0] == ":" and rest[1:].isdigit():
                    found.append((name, rest[1:]))
                    position = end
                    continue
        end = position
        while end < size and not text[end].isspace():
            end += 1
        found.append(_occurrence(text[position:end]))
        position = end
    return found


def rejoin_isolated(occurrences: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """polib's reading of a ``#:`` line (split at whitespace, so ``\\u2068my note.md\\u2069:3`` came back
    as ``\\u2068my`` and ``note.md\\u2069:3``) as :func:`parse_references` reads it. Occurrences without an
    isolate come back as they are."""
    if not any(FSI in path for path, _ in occurrences):
        return list(occurrences)
    return parse_references(" ".join(f"{path}:{number}" if number else path for path, number in occurrences))


def references_key(occurrences: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """What a catalog's references say, whichever form wrote them: each reference bare, its
    runs of whitespace as one space, split at whitespace. ``[("my note.md", "3")]`` (the isolated
    form, read) and ``[("my", ""), ("note.md", "3")]`` (the bare form GNU gettext 0.21 wrote,
    read) have the same key, so neither form makes a catalog differ from the other."""
    return tuple(" ".join(f"{path}:{number}" if number else path for path, number in occurrences).split())


def isolated_names(entries: Iterable[polib.POEntry], lines: Sequence[str] | None = None) -> None:
    """Give each entry polib read the references :func:`parse_references` reads in its ``#:``
    lines, in place; entries without an isolate are not touched. With the file's ``lines``
    (split at ``\n``), they are read again from the entry's own comment lines (from polib's
    ``linenum``, its first line), so a name's runs of spaces stay as written; without, polib's
    pieces are joined again (:func:`rejoin_isolated`: one space between them)."""
    for entry in entries:
        occurrences = entry.occurrences
        if not occurrences or not any(FSI in path for path, _ in occurrences):
            continue
        reread = _reread(lines, entry.linenum) if lines is not None and entry.linenum else None
        entry.occurrences = reread if reread is not None else rejoin_isolated(occurrences)


def _reread(lines: Sequence[str], first: int) -> list[tuple[str, str]] | None:
    """The references of the ``#:`` lines among the comment lines from line ``first`` (1-based)
    on, or None when there are none."""
    found: list[tuple[str, str]] = []
    seen = False
    for line in lines[first - 1 :]:
        line = line.rstrip("\r")
        if not line.startswith("#") or line.startswith("#~"):
            break
        if line.startswith("#:"):
            seen = True
            found.extend(parse_references(line[2:]))
    return found if seen else None


def polib_text(item: polib.POFile | polib.POEntry, entries: Iterable[polib.POEntry], wrapwidth: int = 0) -> str:
    """``item`` (a catalog, or one entry of ``entries``) as polib writes it at ``wrapwidth``,
    with the references of ``entries`` in GNU gettext's form: polib writes a name with spaces
    bare, which every reader takes for two references. The entries are left as they were."""
    changed: list[tuple[polib.POEntry, list[tuple[str, str]]]] = []
    for entry in entries:
        if any(needs_isolates(path) for path, _ in entry.occurrences):
            changed.append((entry, entry.occurrences))
            entry.occurrences = [(FSI + path + PDI if needs_isolates(path) else path, number) for path, number in entry.occurrences]
    try:
        if isinstance(item, polib.POFile):
            return str(item)
        return str(item.__unicode__(wrapwidth=wrapwidth))
    finally:
        for entry, occurrences in changed:
            entry.occurrences = occurrences
