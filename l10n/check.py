"""Validate catalogs and built notes; problems are returned as :class:`Issue` data, not raised.

Catalog checks: syntax (what :meth:`Catalog.load` rejects, including the unterminated strings
polib accepts silently), duplicate entries, the ``Language`` header against the catalog's folder,
a valid ``Plural-Forms``, and the markup of every translation the build would publish
(:mod:`l10n.markdown.validate`, the validator ``translate`` and ``build`` use). A stale fuzzy entry (with
``#| msgid``) is checked as the ``on_source_change`` policy would publish it: its suggestion, its
old translation, or not at all.

Built-note checks: the output exists, keeps every reference definition of the source byte for
byte (but for a relative destination the build rewrote), every relative link, image and
``#anchor`` resolves in the built tree (unless it did not from the source either), no link
ends in an empty ``#`` that the source's did not (a heading whose translation gets an empty
id in the generator's rule, such as GitHub's for emoji alone: the link lost its heading), and it has
valid front matter (a YAML mapping with ``lang`` and ``translated: true``). When the dialect
is only guessed (``Config.dialect_guessed``) an ``#anchor`` that no longer resolves is a
warning, not an error: build keeps fragments as written there, and whether they resolve
depends on a slug rule l10n does not know. An ``#anchor`` that names no heading already in the
source is a warning on the source note's line (:func:`source_link_issues`), whatever the layout
did to the link's path, and is said once for all languages, as a problem of the source note is.
"""

from __future__ import annotations

import functools
import gettext
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote

import polib

from l10n.config import Config
from l10n.errors import CatalogError, L10nError
from l10n.fsutil import read_file, read_text
from l10n.markdown.dialect import Dialect
from l10n.markdown.document import Document
from l10n.markdown.frontmatter import find_front_matter
from l10n.markdown.references import reference_links
from l10n.markdown.segment import decode_note, markdown_parser
from l10n.markdown.validate import validate_translation
from l10n.pipeline import load_note
from l10n.po.catalog import Catalog
from l10n.po.merge import same_language as _same_language  # one rule for check and extract
from l10n.po.policy import entry_decision, entry_key
from l10n.site.includes import INCLUDE_DIALECTS, find_includes, jekyll_refuses
from l10n.site.keep import ADOPTED, EDITED
from l10n.site.layout import Note, catalog_path, output_path
from l10n.site.links import (
    Link,
    anchors_of,
    code_spans,
    find_links,
    generated_ids,
    heading_texts,
    is_relative,
    resolve,
    split_url,
)
from l10n.site.relink import heading_id_rules, hugo_bundle, hugo_page_folders, in_bundle, names_file, read_language

ERROR = "error"
WARNING = "warning"
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
_PLURAL_SAMPLES = range(1001)


@dataclass(frozen=True)
class Issue:
    """One problem found by ``check``; ``line`` is 1-based, ``None`` for the whole file."""

    code: str
    severity: str
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        level = "warning: " if self.severity == WARNING else ""
        return f"{where}: {level}{self.message} [{self.code}]"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


# -- catalogs ---------------------------------------------------------------------------------


def _plural_problem(value: str | None) -> str | None:
    """Why a Plural-Forms header is unusable, or ``None`` when it is fine."""
    if not value:
        return "header has no Plural-Forms"
    match = _PLURAL_FORMS.match(value)
    if match is None:
        return f"Plural-Forms is not 'nplurals=N; plural=EXPRESSION;': {value!r}"
    count = int(match.group(1))
    try:
        # The stdlib compiles C plural expressions safely (a whitelist tokenizer, no eval of input).
        rule = gettext.c2py(match.group(2))
        forms = {rule(n) for n in _PLURAL_SAMPLES}
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):
        return f"Plural-Forms has an invalid expression: {match.group(2)!r}"
    if count < 1 or not all(0 <= form < count for form in forms):
        return f"Plural-Forms gives a form outside 0..{count - 1}: {value!r}"
    return None


def _header_issues(po: polib.POFile, where: str, lang: str | None) -> list[Issue]:
    issues: list[Issue] = []
    language = po.metadata.get("Language", "")
    if lang is not None and not _same_language(language, lang):
        shown = repr(language) if language else "missing"
        issues.append(Issue("header-language", ERROR, where, 1, f"Language header is {shown}, expected {lang!r}"))
    problem = _plural_problem(po.metadata.get("Plural-Forms"))
    if problem:
        issues.append(Issue("header-plural", ERROR, where, 1, problem))
    return issues


def _duplicate_issues(path: Path, where: str) -> list[Issue]:
    """Every duplicate (msgctxt, msgid) of a catalog polib can parse; empty when it cannot."""
    try:
        po = polib.pofile(str(path), wrapwidth=0, encoding="utf-8")
    except (OSError, ValueError):
        return []
    seen: set[tuple[str | None, str]] = set()
    issues: list[Issue] = []
    for entry in po:
        key = entry_key(entry)
        if entry.obsolete:
            continue
        if key in seen:
            issues.append(Issue("duplicate", ERROR, where, entry.linenum, f"duplicate entry for msgid {entry.msgid[:60]!r}"))
        seen.add(key)
    return issues


def _entry_issues(entry: polib.POEntry, where: str, policy: str, lines: Callable[[], Sequence[str]]) -> list[Issue]:
    """What :mod:`l10n.markdown.validate` finds in the translation the build would publish for ``entry``
    (the msgstr, or for a stale human entry the one ``on_source_change`` picks), each on the line
    of the ``msgstr`` (``msgstr[N]`` of the plural form at fault) that holds it: where a
    translator's editor should jump, not the entry's first comment line. ``lines``: the
    catalog's lines, read only when there is something to report."""
    if entry.msgid_plural:
        return [
            Issue(f.code, ERROR, where, _msgstr_line(lines(), entry.linenum, f"msgstr[{index}]"), f.message)
            for index, translation in sorted(entry.msgstr_plural.items())
            for f in validate_translation(entry.msgid, translation, entry.comment or None)
        ]
    decision = entry_decision(entry, policy)
    if not decision.findings:
        return []
    line = _msgstr_line(lines(), entry.linenum, "msgstr")
    return [Issue(str(getattr(f, "code", "markup")), ERROR, where, line, str(f)) for f in decision.findings]


def _msgstr_line(lines: Sequence[str], start: int | None, keyword: str) -> int | None:
    """The 1-based line, at or after the entry's first line ``start`` (polib's ``linenum``), that
    opens with ``keyword`` (``msgstr`` or ``msgstr[N]``) followed by its string; ``start`` when
    none does (the file changed since it was read)."""
    if start is None:
        return None
    for number in range(start - 1, len(lines)):
        text = lines[number]
        if text.startswith(keyword) and text[len(keyword) : len(keyword) + 1] in (" ", "\t", '"'):
            return number + 1
    return start


def check_catalog(
    path: Path, lang: str | None = None, display: str | None = None, policy: str = "machine"
) -> list[Issue]:
    """Problems of the PO file at ``path``; ``lang`` is the language its folder stands for.

    Translations are checked by :func:`l10n.markdown.validate.validate_translation`, the validator
    ``translate`` and ``build`` use: what it reports here is exactly what the build leaves out.
    """
    where = display or str(path)
    try:
        catalog = Catalog.load(path)
    except CatalogError as exc:
        duplicates = _duplicate_issues(path, where)
        if any(issue.line == exc.line for issue in duplicates):
            return duplicates  # the load stopped at the first duplicate: list them all
        return [Issue("syntax", ERROR, where, exc.line, exc.message), *duplicates]
    issues = _header_issues(catalog.po, where, lang)

    @functools.cache
    def lines() -> Sequence[str]:
        try:
            return read_file(path).decode("utf-8", "replace").split("\n")
        except OSError:  # gone since it was read: the entries' first lines stand
            return ()

    for entry in catalog:
        issues.extend(_entry_issues(entry, where, policy, lines))
    return issues


# -- built notes ------------------------------------------------------------------------------


def reference_definitions(text: str) -> dict[str, tuple[int, str]]:
    """Link reference definitions of a note: normalized label -> (1-based line, exact text).

    The whole text is parsed, front matter included: it parses as a thematic break and a
    setext heading, which no definition can follow into, and a damaged YAML block must not
    hide the definitions below it.
    """
    env: dict[str, object] = {}
    markdown_parser().parse(text, env)
    references = env.get("references")
    lines = text.split("\n")
    found: dict[str, tuple[int, str]] = {}
    for label, ref in (references.items() if isinstance(references, dict) else []):
        span = ref.get("map") if isinstance(ref, dict) else None
        if span:
            found[str(label)] = (span[0] + 1, "\n".join(lines[span[0] : span[1]]).rstrip("\n"))
    return found


def _reference_issues(source: Document, output: str, where: str) -> list[Issue]:
    expected = reference_definitions(source.source)
    actual = reference_definitions(output)
    issues: list[Issue] = []
    for label, (_line, text) in expected.items():
        found = actual.get(label)
        if found is None:
            issues.append(Issue("reference-definition", ERROR, where, None, f"reference definition lost: {text!r}"))
        elif found[1] != text and not _only_path_rewritten(text, found[1]):
            issues.append(
                Issue("reference-definition", ERROR, where, found[0], f"reference definition changed: {text!r} became {found[1]!r}")
            )
    return issues


def _only_path_rewritten(before: str, after: str) -> bool:
    """Whether a reference definition changed only in a relative destination (the build
    rewrites those to resolve from the output's folder; :func:`_unresolved_issues` checks them)."""
    old = list(find_links(before))
    new = list(find_links(after))
    if len(old) != len(new) or not all(is_relative(link.url) for link in old):
        return False
    masked_old, masked_new = before, after
    for link in reversed(old):
        masked_old = masked_old[: link.start] + masked_old[link.end :]
    for link in reversed(new):
        masked_new = masked_new[: link.start] + masked_new[link.end :]
    return masked_old == masked_new


def _unresolved_issues(
    config: Config, source: Document, note: Note, output: str, target: Path, where: str
) -> list[Issue]:
    """Relative links, images and ``#anchors`` of a built note that lead nowhere in the built
    tree, unless the same destination led nowhere from the source note either."""
    root = str(config.root)
    src_base = posixpath.dirname(_display(config, note.path))
    out_base = posixpath.dirname(_display(config, target))
    issues: list[Issue] = []
    source_urls = {link.url for link in find_links(source.source)}
    # Anchors broken in the source (:func:`source_link_issues` warns of them, on the source):
    # the build may have rewritten the link's path for the output's folder or the target's
    # translated name (b.md#x -> b.de.md#x), but it keeps a fragment that names no heading as
    # written, so the fragment tells the copy of a broken source anchor in every layout.
    broken_fragments = Counter(
        _fragment(link.url)
        for link in find_links(source.source)
        if link_problem(config, root, src_base, link.url, source.source) == "no such anchor"
    )
    built = list(find_links(output))
    for link in _emptied_by_build(list(find_links(source.source)), built):
        message = f"anchor lost: {link.url} (the generator gives the translated heading an empty id: reword its translation)"
        issues.append(Issue("unresolved", ERROR, where, link.line, message))
    # a Hugo bundle's resources are the source bundle's, shared by its translation (relink.hugo_bundle)
    bundle = hugo_bundle(config, _display(config, note.path), _display(config, target))
    # a regular Hugo page's files resolve against its URL, not a content path (relink.hugo_page_folders):
    # where they lead is the published site's, which check does not see
    by_url = bundle is None and hugo_page_folders(config, note.name, _display(config, note.path), _display(config, target), "", source.source) is not None
    for link in built:
        if by_url and is_relative(link.url) and names_file(link.url):
            continue
        shared = bundle is not None and is_relative(link.url) and in_bundle(bundle, src_base, split_url(link.url)[0])
        problem = link_problem(config, root, src_base if shared else out_base, link.url, output)
        if problem is None:
            continue
        if problem == "no such anchor" and broken_fragments[_fragment(link.url)] > 0:
            broken_fragments[_fragment(link.url)] -= 1
            continue  # already broken in the source: said once, of the source, not blamed on the translation
        if link.url in source_urls and link_problem(config, root, src_base, link.url, source.source) is not None:
            continue  # copied as it was, already broken in the source: not the build's doing
        if problem == "no such anchor" and config.dialect_guessed:
            # build kept the fragment as written (relink.rewrite_links): whether it resolves
            # depends on the renderer's slug rule, which a guessed dialect does not know
            issues.append(Issue("unresolved", WARNING, where, link.line, f"{problem}: {link.url}{_GUESSED_HINT}"))
            continue
        issues.append(Issue("unresolved", ERROR, where, link.line, f"{problem}: {link.url}"))
    return issues


def _include_issues(config: Config, source: Document, note: Note, output: str, target: Path, where: str) -> list[Issue]:
    """An error for each include path of a built note (:func:`l10n.site.includes.find_includes`,
    module specifiers aside: Node tries extensions) that names no file from the output's folder
    where the source's counterpart (the same include, in order) names one from the source's: the
    generator fails or shows nothing there. In Jekyll this is an ``include_relative`` the build
    could not lead, since the way from the translation's folder needs ``..``, which Jekyll
    refuses: Jekyll's build stops ("Could not locate the included file")."""
    if config.dialect not in INCLUDE_DIALECTS:
        return []
    built = [i for i in find_includes(output, config.dialect) if not i.module]
    if not built:
        return []
    kept = [i for i in find_includes(source.source, config.dialect) if not i.module]
    if len(kept) != len(built):
        return []
    root = config.root
    src_base = posixpath.dirname(_display(config, note.path))
    out_base = posixpath.dirname(_display(config, target))
    issues: list[Issue] = []
    for before, after in zip(kept, built, strict=True):
        if config.dialect == "kramdown" and jekyll_refuses(before.path):
            continue  # the source's to fix (source_include_issues), in every language
        if not (root / posixpath.normpath(posixpath.join(src_base, before.path))).is_file():
            continue  # led nowhere from the source either
        if (root / posixpath.normpath(posixpath.join(out_base, after.path))).is_file():
            continue
        if config.dialect == "kramdown":
            message = (
                f"include_relative {after.path}: no such file beside the translation, and Jekyll reads no '..' "
                "to reach it (its build stops): move the file into _includes and read it with {% include %}"
            )
        else:
            message = f"include path leads nowhere: {after.path}"
        issues.append(Issue("unresolved-include", ERROR, where, after.line, message))
    return issues


def _emptied_by_build(source: Sequence[Link], built: Sequence[Link]) -> list[Link]:
    """The links of a built note whose ``#fragment`` the build emptied (``#set-up`` became ``#``:
    the translated heading's id is empty in the generator's rule, GitHub's for a heading of
    emoji alone, so the link no longer reaches it), where the source's ``#`` (top of the page)
    is fine. The build keeps every link, in order: with as many links as the source's, each is
    told by its counterpart; else the ones past the source's count of bare ``#`` are."""
    if len(source) == len(built):
        return [b for s, b in zip(source, built, strict=True) if _emptied(b.url) and not _emptied(s.url)]
    emptied = [b for b in built if _emptied(b.url)]
    return emptied[sum(1 for s in source if _emptied(s.url)) :]


def _emptied(url: str) -> bool:
    """Whether a link destination ends in an empty ``#fragment`` (``#``, ``b.md#``)."""
    return "#" in url and not _fragment(url)


def _fragment(url: str) -> str:
    """The ``#fragment`` of a link destination, without the ``#`` (empty without one)."""
    return url.partition("#")[2]


def source_link_issues(config: Config, source: Document, note: Note) -> list[Issue]:
    """A warning for each ``#anchor`` of the source note that names no heading of its target
    (another note, or the note itself) already in the source: its translations copy it, so it
    is the source's to fix. Said of the source note and its line, the same in every layout and
    once however many languages are checked (:func:`check_project` drops repeats); the
    built notes' checks (:func:`_unresolved_issues`) then leave those links alone."""
    root = str(config.root)
    where = _display(config, note.path)
    base = posixpath.dirname(where)
    issues: list[Issue] = []
    for link in find_links(source.source):
        if link_problem(config, root, base, link.url, source.source) == "no such anchor":
            hint = _GUESSED_HINT if config.dialect_guessed else ""
            message = f"no such anchor in the source: {link.url}{hint}"
            issues.append(Issue("source-anchor", WARNING, where, link.line, message))
    return issues


def source_include_issues(config: Config, source: Document, note: Note) -> list[Issue]:
    """A warning for each Jekyll ``{% include_relative %}`` path of the source note that Jekyll
    refuses (:func:`l10n.site.includes.jekyll_refuses`: ``..``, ``./``, ``//`` or a character
    outside its set): the source page already fails Jekyll's build, and there is nothing for a
    build to lead (the translation copies the path as written), so it is the source's to fix
    (the file moved into the page's folder or below, or into ``_includes`` and read with
    ``{% include %}``). Said of the source note, once for all languages, like
    :func:`source_link_issues`."""
    if config.dialect != "kramdown":
        return []
    where = _display(config, note.path)
    return [
        Issue(
            "source-include",
            WARNING,
            where,
            include.line,
            f"Jekyll refuses this include_relative path (no '..', './' or '//'): {include.path}",
        )
        for include in find_includes(source.source, "kramdown")
        if jekyll_refuses(include.path)
    ]


_GUESSED_HINT = (
    " (by GitHub's heading ids; no generator found, so l10n cannot know the renderer's:"
    ' set markdown = "<generator>" or layout = "<preset>")'
)


def link_problem(config: Config, root: str, base: str, url: str, text: str) -> str | None:
    """Why ``url`` in a note at folder ``base`` (project-relative) of the tree ``root`` does not
    resolve (``"no such file"``, ``"no such anchor"``), or ``None`` when it does or is not
    relative. A bare ``#`` and ``#top`` (any case) always resolve: the HTML standard scrolls to
    the top of the document for an empty fragment and for ``top`` ("scroll to the fragment",
    https://html.spec.whatwg.org/multipage/browsing-the-web.html#scroll-to-the-fragment-identifier),
    so ``[back to top](#)`` is no broken anchor, in the note or in a page it links to."""
    if url.startswith("#"):
        fragment = url[1:]
        return None if _top_of_page(fragment) or _names_anchor(fragment, _anchors(text, config)) else "no such anchor"
    if not is_relative(url):
        return None
    path, _query, fragment = split_url(url)
    if not path:
        return None
    found = resolve(root, base, path)
    if found is None:
        return "no such file"
    if fragment and found.file.endswith((".md", ".mdx", ".markdown")):
        try:
            target = read_text(Path(root, found.file), errors="replace")
        except OSError:
            return "no such file"
        if not _top_of_page(fragment) and not _names_anchor(fragment, _anchors(target, config)):
            return "no such anchor"
    return None


def _names_anchor(fragment: str, anchors: Collection[str]) -> bool:
    """Whether a link's ``fragment`` names one of ``anchors``: as written, or percent-decoded
    (HTML "find a potential indicated element" tries both: ``#%C3%BCberblick`` is ``überblick``)."""
    return fragment in anchors or ("%" in fragment and unquote(fragment) in anchors)


def _top_of_page(fragment: str) -> bool:
    """Whether a link's ``fragment`` (after ``#``) means the top of the page whatever ids the
    page has: empty, or ``top`` in any case (HTML: "If decodedFragid is an ASCII
    case-insensitive match for the string top, then return the top of the document")."""
    return not fragment or fragment.lower() == "top"


def _anchors(text: str, config: Config) -> set[str]:
    return anchors_of(text.removeprefix("\ufeff"), config.dialect, config.markdown_dialect, heading_id_rules(config))


def _construct_issues(source: Document, output: str, where: str, config: Config) -> list[Issue]:
    """A marker, attribute list or code shortcode line of the dialect (:mod:`l10n.markdown.dialect`)
    that the translation lost, changed, or joined to text: the first one that differs."""
    from l10n.markdown.dialect import construct_marks

    dialect = config.markdown_dialect
    expected = construct_marks(_without_include_paths(source.source, config), dialect)
    added = generated_ids(source.source, config.dialect, dialect, heading_id_rules(config))
    actual = _without_heading_ids(construct_marks(_without_include_paths(output, config), dialect), output, added, dialect)
    for want, got in zip(expected, actual):
        if want[1] != got[1]:
            message = f"{_mark_name(want[1])} of source line {want[0]} became {_mark_name(got[1])}"
            return [Issue("construct", ERROR, where, got[0], message)]
    if len(expected) > len(actual):
        line, mark = expected[len(actual)]
        return [Issue("construct", ERROR, where, None, f"{_mark_name(mark)} of source line {line} is missing")]
    if len(actual) > len(expected):
        line, mark = actual[len(expected)]
        return [Issue("construct", ERROR, where, line, f"{_mark_name(mark)} is not in the source")]
    return []


def _without_include_paths(text: str, config: Config) -> str:
    """``text`` without its include and import paths (:func:`l10n.site.includes.find_includes`),
    which the build leads to the output's folder (:func:`l10n.site.relink.rewrite_links`): a
    ``{{#playground x.rs}}`` or ``import X from './x'`` line is the same construct with its path
    rewritten. Line numbers stay (a path holds no line break)."""
    if config.dialect_guessed or config.dialect not in INCLUDE_DIALECTS or not config.rewrite_links:
        return text
    parts: list[str] = []
    cursor = 0
    for include in find_includes(text, config.dialect):
        parts.append(text[cursor : include.start])
        cursor = include.end
    parts.append(text[cursor:])
    return "".join(parts)


# "{#id" or "{:#id" as build writes it: a block of its own or merged into the heading's block
_ADDED_ID = re.compile(r"(\{:?)#([^\s{}.#]+)")


def _without_heading_ids(
    marks: list[tuple[int, str]], text: str, added: set[str], markdown: Dialect
) -> list[tuple[int, str]]:
    """``marks`` without the ``#id`` the build writes on a heading's line (ATX, or a setext
    heading's text line) when it is one of ``added``, the ids generated for the source's headings
    (:func:`l10n.site.links.generated_ids`); ``_link_issues`` checks that anchors resolve."""
    if not added:
        return marks
    headings = {line for line, _ in heading_texts(text, markdown)}
    kept: list[tuple[int, str]] = []
    for line, mark in marks:
        if line in headings and mark.startswith("end "):
            mark = _ADDED_ID.sub(lambda m: m.group(1) if m.group(2) in added else m.group(), mark)
            if mark.removeprefix("end ").replace("{}", "").replace("{:}", "").strip("#") == "":
                continue
        kept.append((line, mark))
    return kept


def _heading_code_issues(source: Document, output: str, where: str, markdown: Dialect) -> list[Issue]:
    """A built heading whose code spans differ from its source heading's (compared as sorted
    contents, since a translation may reorder them; headings paired in order): the build cut
    or changed code the catalog kept (a ``{#x}`` inside `````{#x}````` read as an id block)."""
    pairs = zip(heading_texts(source.source, markdown), heading_texts(output, markdown))
    for (source_line, source_heading), (line, heading) in pairs:
        want = sorted(source_heading[a:b] for a, b in code_spans(source_heading))
        got = sorted(heading[a:b] for a, b in code_spans(heading))
        if want != got:
            message = f"the heading's code spans {', '.join(got) or 'none'} differ from source line {source_line}'s {', '.join(want) or 'none'}"
            return [Issue("heading-code", ERROR, where, line, message)]
    return []


def _mark_name(mark: str) -> str:
    where, syntax = mark.split(" ", 1)
    return f"{syntax!r} ({'on its own line' if where == 'line' else 'ending a line of text'})"


def _link_issues(source: Document, output: str, where: str) -> list[Issue]:
    """Reference links and images of the source that no longer resolve in the built note (a
    translated shortcut reference the build could not tell apart from other brackets)."""
    if not source.references:
        return []
    front = source.front_matter.end if source.front_matter else 0
    try:
        output_front = find_front_matter(output, where)
    except L10nError:
        output_front = None
    have = Counter(label for label, _ in reference_links(output[output_front.end if output_front else 0 :]))
    offset = source.source.count("\n", 0, front)
    issues: list[Issue] = []
    for label, line in reference_links(source.source[front:]):
        if have[label] > 0:
            have[label] -= 1
            continue
        issues.append(
            Issue(
                "reference-link",
                ERROR,
                where,
                None,
                f"the link to [{label}] (source line {line + offset}) no longer resolves:"
                " write its translated text as [text][label]",
            )
        )
    return issues


def _front_matter_issues(output: str, lang: str, where: str) -> list[Issue]:
    try:
        front = find_front_matter(output, where)
    except L10nError as exc:
        return [Issue("front-matter", ERROR, where, exc.line, exc.message)]
    if front is None:
        return [Issue("front-matter", ERROR, where, 1, "front matter missing (the source has one)")]
    issues: list[Issue] = []
    if str(front.data.get("lang", "")) != lang:
        issues.append(Issue("front-matter", ERROR, where, 1, f"front matter lang is {front.data.get('lang')!r}, expected {lang!r}"))
    if front.data.get("translated") is not True:
        issues.append(Issue("front-matter", ERROR, where, 1, "front matter lacks 'translated: true'"))
    return issues


def _display(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def check_output(note: Note, lang: str, config: Config) -> list[Issue]:
    """Problems of the built note of ``note`` in ``lang``."""
    try:
        source = load_note(config, note)
        target = output_path(config, note, lang)
    except L10nError as exc:
        return [_unreadable_source(config, note, exc)]
    where = _display(config, target)
    if not target.is_file():
        return [Issue("output-missing", ERROR, where, None, f"not built yet; run: l10n build --lang {lang}")]
    try:
        raw = read_file(target)
        output, _ = decode_note(raw, where)
    except OSError as exc:
        return [Issue("output", ERROR, where, None, f"cannot read: {exc.strerror or exc}")]
    except L10nError as exc:
        return [Issue("output", ERROR, where, exc.line, exc.message)]
    issues = source_link_issues(config, source, note) + source_include_issues(config, source, note)
    issues += _reference_issues(source, output, where) + _link_issues(source, output, where)
    issues.extend(_unresolved_issues(config, source, note, output, target, where))
    issues.extend(_include_issues(config, source, note, output, target, where))
    issues.extend(_construct_issues(source, output, where, config))
    issues.extend(_heading_code_issues(source, output, where, config.markdown_dialect))
    if source.front_matter is not None:
        kept = _kept_page(config, note, lang, target)
        if kept is not None:  # a page build keeps: a person's, or l10n's edited since
            # one adopt took in is as its owner chose (build says so on a note: line): told, not failed
            issues.append(Issue("kept-page", WARNING if kept.startswith(ADOPTED) else ERROR, where, None, kept))
        if kept is None or kept.startswith(EDITED):  # a person's own page is not a build that lost its front matter
            issues.extend(_front_matter_issues(output, lang, where))
    return issues


def _kept_page(config: Config, note: Note, lang: str, target: Path) -> str | None:
    """What to say of the page at ``target`` of a note with front matter when build will not
    overwrite it (build's own test, :func:`l10n.pipeline.page_refusal`): a person's page, or
    l10n's page someone edited since it was written (:mod:`l10n.site.keep`). None for a page
    l10n wrote, whose missing front matter lines are then its problem. Reads no cache it would
    write (``store=False``). The connections it keeps are closed by :func:`check_project`."""
    from l10n.pipeline import page_refusal

    why = page_refusal(config, note, lang, store=False)
    if why is None:
        return None
    shown = f"{target.relative_to(config.root).as_posix()}: "
    return why.removeprefix(shown)


# -- projects ---------------------------------------------------------------------------------


def check_note(config: Config, note: Note, lang: str, catalogs_only: bool = False) -> list[Issue]:
    """Catalog and built-note problems of one note in one language (catalogs only: no output
    needs to exist, so a translator's pull request can be checked before any build); none in
    the note's own language, which it is never translated into."""
    if read_language(config, note) == lang:
        return []
    path = catalog_path(config, note, lang)
    if not path.is_file():
        # extract makes no catalog of a note it cannot read: its problem, not advice that fails
        unreadable = _source_issues(config, note)
        if unreadable:
            return unreadable
        message = f"no catalog; run: l10n extract --lang {lang}"
        return [Issue("catalog-missing", ERROR, _display(config, path), None, message)]
    # The Language header holds the BCP 47 tag of an aliased code (hant -> zh-Hant-HK).
    issues = check_catalog(path, config.language_tag(lang), _display(config, path), config.on_source_change)
    return issues if catalogs_only else issues + check_output(note, lang, config)


def _unreadable_source(config: Config, note: Note, exc: L10nError) -> Issue:
    """The ``source`` error of a note that cannot be read, its file named from the project's
    root as every other issue's is."""
    where = _display(config, exc.path) if exc.path is not None else note.name
    return Issue("source", ERROR, where, exc.line, exc.message)


def _source_issues(config: Config, note: Note) -> list[Issue]:
    """The ``source`` error of a note that cannot be read (its front matter, encoding, size),
    as :func:`check_output` reports it; none for a readable note. The segmentation extract
    stored is used when it is the note's (a note that cannot be read has none), and nothing
    is stored."""
    try:
        load_note(config, note, use_cache=True, store=False)
    except L10nError as exc:
        return [_unreadable_source(config, note, exc)]
    return []


def check_project(
    config: Config, notes: Sequence[Note], languages: Iterable[str], catalogs_only: bool = False
) -> list[Issue]:
    """Every problem of ``notes`` in ``languages``, note by note; a problem of the source note
    itself (its front matter, an anchor broken in it) once, not once per language. With
    ``catalogs_only`` no built note is read, but a source note that cannot be read is still
    named (once per note, before its catalogs): its catalogs cannot be brought up to date."""
    from l10n.site.keep import close_memories
    from l10n.store.written_pages import close_kept

    try:
        return _check_notes(config, notes, list(languages), catalogs_only)
    finally:  # the connections build's page test keeps from one page to the next (_kept_page)
        close_kept()
        close_memories()


def _check_notes(config: Config, notes: Sequence[Note], langs: Sequence[str], catalogs_only: bool) -> list[Issue]:
    """:func:`check_project`'s loop, note by note and language by language."""
    issues: list[Issue] = []
    for note in notes:
        own = _source_issues(config, note) if catalogs_only else []
        issues.extend(own)
        said = bool(own)  # the note's own problems, the same in every language: from the first that has them
        for lang in langs:
            found = check_note(config, note, lang, catalogs_only)
            if said:
                found = [issue for issue in found if issue.code not in _SOURCE_CODES]
            said = said or any(issue.code in _SOURCE_CODES for issue in found)
            issues.extend(found)
    return issues


_SOURCE_CODES = frozenset({"source", "source-anchor", "source-include"})
"""Codes of problems of the source note itself, which every language's check finds alike."""
