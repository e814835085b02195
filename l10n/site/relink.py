"""The build's part of the site: a note's language, heading ids, links rewritten for the output
folder, output front matter, and two notes claiming one output.

Everything here works on project-relative POSIX paths and the layout of :mod:`l10n.site.layout`.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from l10n.config import Config
from l10n.errors import L10nError
from l10n.fsutil import case_insensitive, folded_path, open_file, read_text
from l10n.langdata import text_direction
from l10n.markdown.document import Document, Edit, SegmentKind
from l10n.markdown.frontmatter import find_front_matter, set_keys_edits
from l10n.markdown.generator import HeadingIdSettings, mkdocs_attr_list
from l10n.memo import FirstByHash, SortedNames, keep
from l10n.site.includes import INCLUDE_DIALECTS, find_includes
from l10n.site.keep import source_note_refusal
from l10n.site.layout import (
    NOTE_SUFFIX,
    Layout,
    Note,
    _inside,
    drop_outputs,
    is_excluded,
    note_name_language,
    output_rel_name,
    select_notes,
    source_file,
    source_rel,
    unfollowed_link,
)
from l10n.site.links import (
    ID_DIALECTS,
    FolderListings,
    attribute_block,
    definition_term_ids,
    explicit_id,
    find_links,
    is_relative,
    resolve,
    restyle,
    slug_input,
    slugger,
    split_url,
    taken_ids,
    unique,
)

Lookup = Callable[[tuple[str | None, str]], str | None]


# -- a note's language ---------------------------------------------------------------------------


def language_of(config: Config, name: str, front_matter: Mapping[str, Any] | None) -> str:
    """The code of the language note ``name`` is written in: its front matter's ``lang`` matched
    to the project's codes (:meth:`l10n.config.Config.language_code`: however spelt, or by its
    tag; else :func:`l10n.langdata.closest_tag` of the codes' tags: ``zh-CN`` and
    ``zh-Hans-CN`` are ``zh`` or ``zh-Hans`` when that is configured, never across scripts:
    ``zh-TW`` is not ``zh``), else its file name's suffix or language folder, else
    ``source_language``."""
    value = front_matter.get("lang") if front_matter else None
    if isinstance(value, str) and value.strip():
        wanted = value.strip().replace("_", "-")
        code = config.language_code(wanted)
        if code is not None:
            return code
        from l10n.langdata import closest_tag  # babel's likely subtags: only for a tag not configured

        tags = {config.language_tag(c): c for c in (*config.language_codes, *config.language_aliases)}
        close = closest_tag(wanted, list(tags))
        return tags[close] if close is not None else wanted
    return note_name_language(config, name)


def read_language(config: Config, note: Note) -> str:
    """:func:`language_of` a note on disk (reads only its front matter); name rules on a note
    that cannot be read (the stage that reads it reports why)."""
    try:
        with open_file(note.path) as handle:
            head = handle.read(65536).decode("utf-8", "replace").removeprefix("\ufeff")
        front = find_front_matter(head, str(note.path))
    except Exception:  # noqa: BLE001 - any unreadable note falls back to its name
        front = None
    return language_of(config, note.name, front.data if front else None)


# -- heading ids ---------------------------------------------------------------------------------


def heading_id_rules(config: Config) -> HeadingIdSettings:
    """The site generator's heading-id settings (:attr:`l10n.config.Config.heading_ids`: Hugo's
    ``markup.goldmark.parser``, Jekyll's ``kramdown:`` options), read once per run."""
    return config.heading_ids


def heading_ids_supported(config: Config) -> bool:
    """Whether the site's generator reads ``{#id}`` after a heading: always for kramdown,
    Docusaurus and VitePress; for Hugo unless its ``markup.goldmark.parser.attribute.title`` is
    false; for MkDocs when ``mkdocs.yml`` enables ``attr_list``."""
    if config.dialect in ID_DIALECTS:
        return config.dialect != "hugo" or heading_id_rules(config).attributes
    if config.dialect == "mkdocs":
        return mkdocs_attr_list(str(config.root))
    return False


@dataclass
class HeadingPlan:
    """For one note in one language: the attribute block (`` {#id}``) to write after each
    translated heading, by the segment's start offset (any block in the translation is dropped
    first), and, where ids cannot be written, each changed id's new slug."""

    suffixes: dict[int, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)
    """Insertions of ``#id `` into an attribute block the heading already ends with."""
    prefixes: dict[int, str] = field(default_factory=dict)
    """The IAL (``{:#id} ``) to write before each translated term of a kramdown ``{:auto_ids}``
    definition list, by the segment's start offset (:func:`plan_terms`)."""


# An attribute block without an id after the heading's text (``{.fancy}``, ``{: .fancy}``), then
# an ATX closing sequence or not: markdown-it-attrs, kramdown and Python-Markdown attr_list read
# only the last block, so the id goes inside it (group 1: where), not in a second block.
_OPEN_BLOCK = re.compile(r"[ \t]*(?:#+[ \t]+)?\{:?[ \t]*()[.\w][^{}\n]*\}[ \t]*#*[ \t]*\r?$")


def plan_headings(
    doc: Document, lookup: Lookup, dialect: str, write_ids: bool, settings: HeadingIdSettings | None = None
) -> HeadingPlan:
    """Keep every translated heading's id: add the source heading's id (``{#id}``) when the
    generator reads one (inside the attribute block the heading already ends with, if any), else
    record the slug the translation will get. A heading that sets
    its own id keeps it untouched; ids of untranslated headings do not change. ``settings``:
    the generator's (:func:`heading_id_rules`): its slug rule, and no id to keep at all where
    its automatic ids are off."""
    plan = HeadingPlan()
    auto = settings is None or settings.auto  # off: a heading has only the id it sets itself
    make = slugger(dialect, settings)
    lines = [
        doc.source[s.start : len(doc.source) if (end := doc.source.find("\n", s.start)) < 0 else end]
        for s in doc.segments
        if s.kind is SegmentKind.HEADING
    ]
    seen_source, seen_built = taken_ids(lines, dialect), taken_ids(lines, dialect)
    for segment in doc.segments:
        if segment.kind is not SegmentKind.HEADING:
            continue
        translation = lookup(segment.key)
        own = attribute_block(segment.text)
        if own:  # an id the note sets itself is never translated: the source's block is kept
            if translation and translation != segment.text:
                plan.suffixes[segment.start] = " " + own
            continue
        line_end = doc.source.find("\n", segment.start)
        if explicit_id(doc.source[segment.start : len(doc.source) if line_end < 0 else line_end]):
            continue  # the id is in the note's text outside the segment
        if not auto:
            continue
        source_id = unique(make(slug_input(segment.text, dialect)), seen_source, dialect)
        if not translation or translation == segment.text:
            unique(source_id, seen_built, dialect)
            continue
        if explicit_id(translation):
            continue
        rest = doc.source[segment.end : len(doc.source) if line_end < 0 else line_end]
        block = _OPEN_BLOCK.match(rest) if write_ids and source_id else None
        if block:
            at = segment.end + block.start(1)
            plan.edits.append(Edit(at, at, "#" + source_id + " "))
            plan.suffixes[segment.start] = ""  # a block in the translation is still dropped
            unique(source_id, seen_built, dialect)
        elif write_ids and source_id:
            plan.suffixes[segment.start] = " {#" + source_id + "}"
            unique(source_id, seen_built, dialect)
        else:
            built_id = unique(make(slug_input(translation, dialect)), seen_built, dialect)
            if built_id != source_id:
                plan.renamed[source_id] = built_id
    return plan


def plan_terms(doc: Document, lookup: Lookup, plan: HeadingPlan) -> None:
    """Keep the id of every translated term of a kramdown ``{:auto_ids}`` definition list
    (:func:`l10n.site.links.definition_term_ids`: links such as the Carpentries glossaries'
    ``#argument`` name them): the source term's id goes before the translation as kramdown's
    term IAL, ``{:#argument} तर्क``, in ``plan.prefixes``. A term that sets its own id keeps it
    as written (its IAL is outside the segment); a segment holding more than the term (several
    terms read as one paragraph) is left alone."""
    terms = {term.start: term for term in definition_term_ids(doc.source) if not term.own}
    if not terms:
        return
    for segment in doc.segments:
        term = terms.get(segment.start)
        if term is None or "\n" in segment.text:
            continue
        translation = lookup(segment.key)
        if translation and translation != segment.text and not translation.lstrip().startswith("{:"):
            plan.prefixes[segment.start] = "{:#" + term.id + "} "


# -- links ---------------------------------------------------------------------------------------


def note_name_of(config: Config, rel: str, site: Collection[str] | None = None) -> str | None:
    """The note name of the project-relative file ``rel`` when it is a source note: a Markdown
    file inside a source folder that is not a translation (:func:`l10n.site.layout.drop_outputs`)
    and that the walk of the notes reads, so a link is never led to a page no build writes:
    one of ``site`` (the names of every note of the site, when the caller has them), else one
    no symbolic link on its path keeps from the walk (:func:`~l10n.site.layout.unfollowed_link`)."""
    if not rel.endswith(NOTE_SUFFIX):
        return None
    root = str(config.root)
    dirs = tuple(str(d) for d in config.source_dirs or (config.source,))
    name = _name_in_sources(root, dirs, str(config.source), rel)
    if name is None or is_excluded(config, name):
        return None
    if site is not None and name not in site:
        return None
    path = os.path.join(root, rel)  # rel is normalized (resolve): the str of config.root / rel
    try:
        key = (path, os.stat(path).st_mtime_ns, site is None)
    except OSError:
        return None
    known = _IS_SOURCE.get(key)
    if known is None:  # many links lead to the same few notes: read each once
        known = keep(_IS_SOURCE, key, bool(drop_outputs(config, [name], every=True)) and (
            site is not None or unfollowed_link(config, name) is None
        ), _MOST_IS_SOURCE)
    return name if known else None


_IS_SOURCE: dict[tuple[str, int, bool], bool] = {}
_MOST_IS_SOURCE = 1024
"""Notes :data:`_IS_SOURCE` holds at most (about 250 bytes each: 0.25 MB), the oldest going first
(:func:`l10n.memo.keep`); it held every note linked to, 12 MB at 50,000 notes (issue 19), and
4,096 filled up between 1,000 and 5,000 notes. Links lead near (a folder's notes to each other)."""


@functools.lru_cache(maxsize=1024)
def _name_in_sources(root: str, dirs: tuple[str, ...], source: str, rel: str) -> str | None:
    """The note name of ``rel`` when it lies in one of the source folders ``dirs`` (paths only:
    no file is read), remembered: many links lead to the same few notes."""
    path = Path(root, rel)
    if not any(_inside(path, d) for d in dirs):
        return None
    return path.relative_to(source).as_posix()


def relative_path(target: str, base: str) -> str:
    """``posixpath.relpath(target, base or ".")`` for project-relative POSIX paths: ``target``
    (a file) as seen from the folder ``base`` (``""`` is the project's root). Paths made only of
    plain names are compared as strings; others (absolute, ``.``/``..`` or empty parts) go to
    ``posixpath.relpath``, whose two ``abspath`` calls (each asking the OS for the working
    folder) were a tenth of rewriting a note's links."""
    if not (_plain(target) and _plain(base)):
        return posixpath.relpath(target, base or ".")
    to = target.split("/") if target else []
    start = base.split("/") if base else []
    common = 0
    for a, b in zip(to, start):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start) - common) + to[common:]
    return "/".join(parts) if parts else "."


def _plain(path: str) -> bool:
    """Whether ``path`` is empty or names only plain parts (no ``.``, ``..`` or empty one)."""
    if not path:
        return True
    framed = f"/{path}/"
    return "//" not in framed and "/./" not in framed and "/../" not in framed


LinkMemo = dict[tuple[str, str, str, str], tuple[str | None, str | None, tuple[str, ...]]]
"""A run's link targets (:func:`rewrite_links`): ``(source folder, output folder, path, language)``
-> ``(new path or None when the path stays, the note it leads to or None, files depended on)``."""

_MOST_MEMO = 2048
"""Link targets a memo keeps at most (about 400 bytes each, 1 MB), the oldest going first
(:func:`l10n.memo.keep`): memory stays flat on big sites (65,536 held 26 MB; a build goes in
path order and a folder's links repeat, issue 19)."""


def rewrite_links(
    config: Config,
    note: Note,
    lang: str,
    text: str,
    renamed: Mapping[str, str],
    renamed_in: Callable[[str, str], Mapping[str, str]],
    note_lang: Callable[[str], str],
    keep_fragments: bool = False,
    depends_on: Callable[[str], None] | None = None,
    memo: LinkMemo | None = None,
    listings: FolderListings | None = None,
    site: Collection[str] | None = None,
) -> tuple[str, int]:
    """``(text, kept)``: ``text`` (the built note of ``note`` in ``lang``) with every relative
    link and image pointing where it pointed from the source: another note's translation in
    ``lang`` (its own file when it is written in ``lang``), any other file from the output's
    folder; ``#anchors`` follow renamed heading ids (``renamed`` in this note,
    ``renamed_in(name, lang)`` in another; a percent-encoded fragment compared decoded).
    Include and import paths follow too (:func:`_with_includes`); a Hugo bundle's resources
    stay (:func:`hugo_bundle`); in VitePress a root-absolute link to a note leads to its
    translation's URL in the locale's folder. Other absolute and external URLs and paths
    that resolve to nothing are left alone. ``depends_on`` (if given) is told the absolute path of each file
    other than a note that a link names, found or missing (notes are read through
    ``note_lang`` and ``renamed_in``): the link's rewriting depends on whether it is there, so
    the caller builds the note again when that file appears or goes; it is told the source of
    each note a link leads to as well (what ``note_lang`` reads).

    With ``keep_fragments`` (the dialect is only guessed, :attr:`Config.dialect_guessed`) every
    ``#fragment`` stays byte-exact, since the renderer's slug rule is unknown (GitHub keeps
    Unicode in ids, kramdown and Python-Markdown drop it); ``kept`` counts the links left
    pointing at a renamed heading id (0 without ``keep_fragments``). A link whose fragment
    alone changes keeps its path as written (``../cli/b.md#x`` stays ``../cli/b.md#y``).

    ``memo`` (a run's, empty at its start: :data:`LinkMemo`) keeps where each link path leads
    from a folder, so a path that many notes of one folder name is resolved once per run: the
    files it depends on are told to ``depends_on`` again each time (``note_lang``'s reads
    included), and the run is taken to see the tree as it was when the path was first
    resolved (a third of the links of the corpus repeat one). ``listings`` (a run's, the
    same way) answers which candidate files exist (:class:`~l10n.site.links.FolderListings`:
    the same answers as ``stat``, without one per missing name). ``site``: the names of every
    note of the site (the run's): a link leads to the translation of one of them only, and to
    any other Markdown file as to a file (:func:`note_name_of`)."""
    src = source_rel(config)
    note_rel = src + "/" + note.name if src else note.name
    out_rel = output_rel_name(config, note.name, lang)
    base_src, base_out = posixpath.dirname(note_rel), posixpath.dirname(out_rel)
    bundle = hugo_bundle(config, note_rel, out_rel)
    page_folders = hugo_page_folders(config, note.name, note_rel, out_rel, lang, text) if bundle is None else None
    site_root = src if config.dialect == "vitepress" and not config.dialect_guessed else None
    pieces: list[tuple[int, int, str]] = []
    kept = 0
    for link in find_links(text):
        url = link.url
        if url.startswith("#"):
            moved = _renamed_fragment(renamed, url[1:])
            if moved is not None and keep_fragments:
                kept += 1
            elif moved is not None:
                pieces.append((link.start, link.end, "#" + moved))
            continue
        absolute = site_root is not None and url.startswith("/") and not url.startswith("//")
        if not (absolute or is_relative(url)):
            continue
        path, query, fragment = split_url(url)
        if not path:
            continue
        # a root-absolute path is the site root's (the source folder): looked up from there
        lookup, key_src, key_out = (path[1:] or "./", site_root, site_root) if absolute and site_root is not None else (path, base_src, base_out)
        key = (key_src, key_out, lookup, lang)
        known = memo.get(key) if memo is not None else None
        if known is None:
            known = _link_target(config, lang, key_src, key_out, lookup, note_lang, listings, site)
            if memo is not None:
                keep(memo, key, known, _MOST_MEMO)
        new_path, name, files = known
        if depends_on is not None:
            for file in files:
                depends_on(file)
        if new_path is not None and name is None and bundle is not None and in_bundle(bundle, base_src, path):
            new_path = None  # a resource of the bundle: Hugo finds it from the translation too
        if page_folders is not None and name is None and not absolute and names_file(path):
            # a regular Hugo page's file: the browser resolves it against the page's URL
            pieces.append((link.start, link.end, hugo_page_path(page_folders, url) or url))
            continue
        if absolute and new_path is not None:
            # only a note's translation inside the site (a locale's folder) gets a new URL
            new_path = None if name is None or new_path.startswith("../") else "/" + new_path.removeprefix("./")
        new_fragment = fragment
        if name is not None and fragment:
            renamed_there = _renamed_fragment(renamed_in(name, lang), fragment)
            if renamed_there is not None and keep_fragments:
                kept += 1
            elif renamed_there is not None:
                new_fragment = renamed_there
        if new_path is None:
            if new_fragment == fragment:
                continue
            new_path = path  # only the fragment changes: the path stays as written (../cli/b.md)
        new_url = new_path + query + ("#" + new_fragment if fragment else "")
        pieces.append((link.start, link.end, new_url))
    if config.dialect in INCLUDE_DIALECTS and not config.dialect_guessed:
        pieces = _with_includes(config, lang, text, base_src, base_out, pieces, note_lang, depends_on, site)
    out: list[str] = []
    cursor = 0
    for start, end, value in pieces:
        out.append(text[cursor:start])
        out.append(value)
        cursor = end
    out.append(text[cursor:])
    return "".join(out), kept


def _renamed_fragment(renamed: Mapping[str, str], fragment: str) -> str | None:
    """The new form of a link's ``fragment`` (without ``#``) when it names a heading id that
    ``renamed`` renames, else None. Compared percent-decoded (RFC 3986 2.1; HTML finds the
    element by the decoded fragment too), written back in the source's form: ``#%C3%BCberblick``
    gets the new id percent-encoded, ``#überblick`` as it is."""
    if fragment in renamed:
        return renamed[fragment]
    if "%" not in fragment:
        return None
    new = renamed.get(unquote(fragment))
    return None if new is None else quote(new, safe="!$&'()*+,;=:@/?")


def hugo_bundle(config: Config, note_rel: str, out_rel: str) -> tuple[str, bool] | None:
    """``(folder, leaf)`` when note ``note_rel`` heads a Hugo page bundle (``index.md``: a leaf,
    ``_index.md``: a branch) and its output ``out_rel`` is that bundle's translation in a
    language's content folder (a layout with ``{lang_dir}``: ``hugo-dir``); else None.

    Hugo reads a page-relative link or image destination as the page's bundle resource (its
    embedded link and image render hooks, on by default in a multilingual site since 0.123),
    and a translated bundle without its own copy of a resource shares the default language's
    (Hugo "Multilingual mode", "Page resources"): ``![A](pic.png)`` in ``content/fr/post/index.md``
    shows ``content/en/post/pic.png``, published once at ``/post/pic.png``. Led to the file
    instead (``../../../en/post/pic.png``), it names a content path Hugo never publishes."""
    if config.dialect != "hugo" or "{lang_dir}" not in Layout.of(config).pattern:
        return None
    stem = posixpath.basename(note_rel).partition(".")[0]
    if stem not in ("index", "_index") or posixpath.basename(out_rel).partition(".")[0] != stem:
        return None
    return posixpath.dirname(note_rel), stem == "index"


_PAGE_EXTENSIONS = frozenset({".md", ".markdown", ".mdx", ".html", ".htm"})


def hugo_page_folders(config: Config, note_name: str, note_rel: str, out_rel: str, lang: str, text: str) -> tuple[str, str] | None:
    """``(source, translation)``: the URL folders (``/docs/x/``, ``/fr/docs/x/``) of a regular
    Hugo page (``docs/x.md``, not a bundle's ``index.md``/``_index.md``: :func:`hugo_bundle`)
    and of its translation in ``lang``'s content folder (a layout with ``{lang_dir}``); None
    when the page is no such page or its URL is not the one its content path gives.

    Hugo's embedded image render hook looks a relative destination up among the page's
    resources, which a regular page has none of, then among global assets; else the HTML keeps
    it as written and the browser resolves it against the page's URL, not its content file
    (Hugo "Page resources", "Image render hooks"; checked with Hugo 0.168: ``![A](c.png)`` in
    ``content/en/docs/x.md`` is ``/docs/x/c.png``, and a section's resource
    ``content/en/docs/sec.png`` is published once, at ``/docs/sec.png``, for every language).
    The URL is the content path without its extension, lower-cased (``disablePathToLower``
    false), under ``/<lang>/`` for a language other than the default one and for the default
    one with ``defaultContentLanguageInSubdir``. A page with a ``url`` in its front matter, or a
    site with ``uglyURLs`` or ``permalinks``, has another URL: None."""
    if config.dialect != "hugo" or "{lang_dir}" not in Layout.of(config).pattern:
        return None
    if posixpath.basename(note_rel).partition(".")[0] in ("index", "_index"):
        return None
    if hugo_bundle(config, note_rel, out_rel) is not None:
        return None
    settings = _hugo_url_settings(str(config.root))
    if settings is None:
        return None
    if text.startswith(("---", "+++", "{")):
        try:
            front = find_front_matter(text, note_rel)
        except L10nError:
            front = None
        if front is not None and "url" in front.data:
            return None
    default, in_subdir, lower = settings
    page = posixpath.splitext(note_name)[0]
    if lower:
        page = page.lower()
    source = ("/" + default if in_subdir else "") + "/" + page + "/"
    return source, "/" + lang + "/" + page + "/"


@functools.lru_cache(maxsize=16)
def _hugo_url_settings(root: str) -> tuple[str, bool, bool] | None:
    """``(default language, defaultContentLanguageInSubdir, lower-cased paths)`` of the Hugo
    site at ``root``; None when its pages' URLs are not their content paths (``uglyURLs``,
    ``permalinks``) or its configuration cannot be read."""
    from l10n.site.site_config import SiteConfigError, hugo_configuration

    try:
        found = hugo_configuration(Path(root))
    except SiteConfigError:
        return None
    data = found[0] if found is not None else {}
    if data.get("uglyurls") or data.get("permalinks"):
        return None
    default = str(data.get("defaultcontentlanguage") or "en").lower()
    return default, bool(data.get("defaultcontentlanguageinsubdir")), not data.get("disablepathtolower")


def names_file(path: str) -> bool:
    """Whether a link path names a file (``c.png``, ``a.pdf?x``), not a page (``../y/``,
    ``z.md``, ``guide``): its last part has an extension other than a page's."""
    last = split_url(path)[0].rstrip("/").rpartition("/")[2]
    extension = posixpath.splitext(last)[1].lower()
    return bool(extension) and not path.endswith("/") and extension not in _PAGE_EXTENSIONS


def hugo_page_path(folders: tuple[str, str], path: str) -> str | None:
    """The path that leads a regular Hugo page's translation (URL folder ``folders[1]``) to the
    URL its source (``folders[0]``) reaches with the relative file path ``path`` (query and
    fragment kept): None when ``path`` climbs above the site's root or already leads there."""
    bare, query, fragment = split_url(path)
    target = posixpath.normpath(posixpath.join(folders[0], bare))
    if target.startswith("/.."):
        return None
    new = posixpath.relpath(target, folders[1])
    if new == bare:
        return None
    return new + query + ("#" + fragment if fragment else "")


def in_bundle(bundle: tuple[str, bool], base_src: str, path: str) -> bool:
    """Whether the link path ``path`` of a note in ``base_src`` names a file of the bundle
    ``bundle`` (:func:`hugo_bundle`): anywhere in a leaf bundle's folder, in a branch bundle's
    folder itself (its subfolders are sections: Hugo "Page bundles")."""
    folder, leaf = bundle
    named = posixpath.normpath(posixpath.join(base_src, unquote(split_url(path)[0])))
    inside = posixpath.dirname(named) == folder or (leaf and named.startswith(folder + "/"))
    return inside and not named.startswith("../")


def _with_includes(
    config: Config,
    lang: str,
    text: str,
    base_src: str,
    base_out: str,
    pieces: list[tuple[int, int, str]],
    note_lang: Callable[[str], str],
    depends_on: Callable[[str], None] | None,
    site: Collection[str] | None,
) -> list[tuple[int, int, str]]:
    """``pieces`` (a note's link rewrites, in order) and the rewrites of its include and import
    paths (:func:`l10n.site.includes.find_includes`), in order: each path leads from the output's
    folder to the file it named from the source's, or to that file's translation in ``lang``
    when it is a note (an included chapter, a Docusaurus partial), as links do. A Jekyll path
    that would need ``..`` stays as written (Jekyll refuses one)."""
    taken = [(start, end) for start, end, _ in pieces]
    added = False
    for include in find_includes(text, config.dialect):
        if any(start < include.end and include.start < end for start, end in taken):
            continue  # already a link's destination
        new_path, files = _include_target(config, lang, base_src, base_out, include.path, note_lang, site)
        if depends_on is not None:
            for file in files:
                depends_on(file)
        if new_path is None:
            continue
        if include.module and not new_path.startswith("."):
            new_path = "./" + new_path  # "x/y" would name a package
        if config.dialect == "kramdown" and ".." in new_path.split("/"):
            continue
        pieces.append((include.start, include.end, new_path))
        added = True
    return sorted(pieces) if added else pieces


def _include_target(
    config: Config,
    lang: str,
    base_src: str,
    base_out: str,
    path: str,
    note_lang: Callable[[str], str],
    site: Collection[str] | None,
) -> tuple[str | None, tuple[str, ...]]:
    """Where the include path ``path`` (a file's path as written, no percent-encoding) of a note
    in the folder ``base_src`` leads from its output's folder ``base_out``: the new path (None
    when the path written still leads there), and the files the answer depends on (absolute).
    The path names a file exactly (no extension or index page is tried): a module specifier
    without its extension (``../src/Foo``) is led to the same place, found or not."""
    root = str(config.root)
    named = posixpath.normpath(posixpath.join(base_src, path))
    if named == "." or named.startswith("/"):
        return None, ()
    target, files = named, []
    if not named.startswith("../") and named != "..":
        name = note_name_of(config, named, site)
        if name is None:
            files.append(os.path.join(root, *named.split("/")))
        else:
            files.append(source_file(config, name))
            if note_lang(name) != lang:
                target = output_rel_name(config, name, lang)
    new_path = relative_path(target, base_out)
    if posixpath.normpath(posixpath.join(base_out, new_path)) == posixpath.normpath(posixpath.join(base_out, path)):
        return None, tuple(files)
    if path.startswith("./") and not new_path.startswith("."):
        new_path = "./" + new_path
    return new_path, tuple(files)


def _link_target(
    config: Config,
    lang: str,
    base_src: str,
    base_out: str,
    path: str,
    note_lang: Callable[[str], str],
    listings: FolderListings | None = None,
    site: Collection[str] | None = None,
) -> tuple[str | None, str | None, tuple[str, ...]]:
    """Where the link path ``path`` of a note in the folder ``base_src`` leads from its output's
    folder ``base_out`` in ``lang`` (:data:`LinkMemo`'s value): the new path (None when the path
    written still leads there), the note whose translation it leads to (None for a file that is
    not a note, or a note written in ``lang``: its fragments are its own), and the files the
    answer depends on (absolute: a file named, found or missing, and what ``note_lang`` read)."""
    root = str(config.root)
    files: list[str] = []
    named = posixpath.normpath(posixpath.join(base_src, unquote(path)))  # what resolve tries first
    if listings is None:
        found = resolve(root, base_src, path)
    elif named in (".", "..") or named.startswith(("../", "/")) or listings.lacks(named):
        found = None if named != "." else resolve(root, base_src, path, listings.exists)
    else:
        found = resolve(root, base_src, path, listings.exists)
    if found is None:
        if not named.startswith(("../", "/")):
            files.append(os.path.join(root, *named.split("/")))
        return None, None, tuple(files)
    target, linked = found.file, None
    name = note_name_of(config, found.file, site)
    if name is None:
        files.append(os.path.join(root, *found.file.split("/")))
    else:
        files.append(source_file(config, name))  # what note_lang reads: told again on each use
        if note_lang(name) != lang:
            target, linked = output_rel_name(config, name, lang), name
    new_path = restyle(relative_path(target, base_out), found.how, path)
    # compared decoded: a path that leads where it led is kept as written, spaces in <…> included
    # (restyle writes a space as %20, which a destination without angle brackets needs)
    before = posixpath.normpath(posixpath.join(base_out, unquote(path)))
    if posixpath.normpath(posixpath.join(base_out, unquote(new_path))) == before:
        return None, linked, tuple(files)
    return new_path, linked, tuple(files)


# -- output front matter -------------------------------------------------------------------------

_MT_COMMENT = re.compile(r"^# mt: (\S+)", re.MULTILINE)


def translator_name(config: Config, catalog: Path) -> str | None:
    """The engines (and model) whose output a catalog holds, from its ``# mt:`` comments."""
    try:
        text = read_text(catalog, errors="replace")
    except OSError:
        return None
    engines = sorted({m.group(1) for m in _MT_COMMENT.finditer(text)})
    if not engines:
        return None
    return ", ".join(f"{e} {config.model}" if config.model and e == "openai" else e for e in engines)


def front_matter_values(config: Config, lang: str, catalog: Path) -> dict[str, str]:
    """The YAML text of each extra key to set in an output's front matter: ``set_front_matter``,
    the direction (``direction_key``) and the translating engine (``translator_key``). Keys that
    l10n writes itself (``lang``, ``translated``, the translated keys) are left out."""
    values: dict[str, str] = {}
    reserved = {"lang", "translated", *config.front_matter_keys}
    for key, value in config.set_front_matter.items():
        if key not in reserved:
            values[key] = _yaml_value(value)
    if config.direction_key:
        values[config.direction_key] = text_direction(config.language_tag(lang))
    if config.translator_key:
        who = translator_name(config, catalog)
        if who:
            values[config.translator_key] = _yaml_value(who)
    return values


def _yaml_value(value: Any) -> str:
    from l10n.markdown.scalars import yaml_scalar

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return yaml_scalar(value)
    return json.dumps(value, ensure_ascii=False, default=str)  # a JSON value is YAML flow style


def extra_edits(doc: Document, values: Mapping[str, str]) -> list[Edit]:
    """The front-matter edits that set ``values`` (none for a note without YAML or JSON front matter)."""
    if not values or doc.front_matter is None or doc.front_matter.format == "toml":
        return []  # TOML front matter (Hugo's +++) gets lang/translated only
    return set_keys_edits(doc.source, doc.front_matter, values)


# -- two notes, one output -----------------------------------------------------------------------


class OutputClaims:
    """Which notes may write their output in a language, asked note by note in the run's order:
    a note whose output another note asked about earlier also claims (paths compared as the
    project's file system compares names, as :meth:`~l10n.site.layout.Layout.collisions`:
    ``Foo.hi.md`` and ``foo.hi.md`` are one file on a case-insensitive file system only), or
    whose output is a hand-written source note, may not (:meth:`conflict` says why).

    ``site_names``: the names of every source note of the project when the caller has them (a
    run over the whole site), so the source folder is not walked a second time (issue 19). It
    holds a hash per output and a set of the note names, so memory stays small on big sites,
    and the build asks as it goes, so each output path is made once per note.
    """

    def __init__(self, config: Config, site_names: Sequence[str] | None = None) -> None:
        self.layout = Layout.of(config)
        src = source_rel(config)
        self.prefix = src + "/" if src else ""
        self.sources: Collection[str] = SortedNames(site_names if site_names is not None else select_notes(config, ()).names)
        """Every source note's name, as a sorted list (:class:`~l10n.memo.SortedNames`: 8 bytes a
        name where a frozenset took about 100, through the whole build: issue 19's flat memory)."""
        self.fold_case = case_insensitive(config.root)
        """Whether outputs differing in case only are one file (:func:`l10n.fsutil.case_insensitive`)."""
        self.owner: FirstByHash[str | tuple[str, str]] = FirstByHash()
        """Hash of an output's path (case-folded when :attr:`fold_case`) -> the first note
        claiming it, and in which language: its name alone in :attr:`first_lang` (the run's
        own string, where a tuple per note and language was 56 bytes more: issue 19), in a
        table of about 30 bytes an output where a dict took 88 (:class:`~l10n.memo.FirstByHash`)."""
        self.first_lang: str | None = None
        """The language of the first claim (most runs have one)."""

    def conflict(self, name: str, lang: str) -> str | None:
        """Why note ``name`` may not write its output in ``lang``; None when it may (or when
        ``lang`` is its own language, in which it has no output). Notes must be asked about in
        the run's order: the first claimant of an output keeps it."""
        layout = self.layout
        if lang == layout.note_language(name):
            return None
        shown = layout.output_rel(name, lang)
        key = folded_path(shown) if self.fold_case else shown
        if self.first_lang is None:
            self.first_lang = lang
        claim = self.owner.setdefault(hash(key), name if lang == self.first_lang else (name, lang))
        first, first_lang = (claim, self.first_lang) if isinstance(claim, str) else claim
        if first != name:
            claimed = layout.output_rel(first, first_lang)
            if claimed == shown:
                return f"{first} and {name} both map to {shown}"
            if self.fold_case and folded_path(claimed) == key:
                return f"{first} and {name} map to {claimed} and {shown}, one file on this case-insensitive file system"
        prefix = self.prefix
        if shown.startswith(prefix) and shown[len(prefix) :] in self.sources and shown[len(prefix) :] != name:
            return source_note_refusal(shown, lang)
        return None
