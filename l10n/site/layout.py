"""Where things live: source notes, templates, catalogs and translated notes.

Layout (documented in the README)::

    source_notes/blog/post-en.md
    locales/templates/blog/post-en.pot      one template per note
    locales/hi/blog/post-en.po              one catalog per note per language
    translated/hi/blog/post-hi.md           the built note, where the output layout says
                                            (:mod:`l10n.site.site_layout`; ``-en`` becomes ``-hi``)

:class:`Layout` owns these formulas, both ways (note → files, output → note) and the
collisions between outputs; the module functions below are its shorthands. Every path is
computed from a note's path *relative to the source folder*, and checked to stay inside its
folder, so no note name, sub-folder or symlink can make l10n write elsewhere.
"""

from __future__ import annotations

import bisect
import errno
import fnmatch
import functools
import itertools
import marshal
import os
import posixpath
import re
import stat
import time
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import overload

from l10n.config import PROJECT_FOLDERS, Config, holds_project_folders, pyproject_configures_l10n
from l10n.errors import ConfigError, DocumentError
from l10n.fsutil import case_insensitive, folded_path, not_regular, open_file
from l10n.memo import MOST_PER_NOTE
from l10n.site.site_layout import folded_code, literal_prefix, name_language, output_rel, resolve_layout, spelt_any_way

NOTE_SUFFIX = ".md"


@dataclass(frozen=True, order=True)
class Note:
    """One source note, identified by its POSIX path relative to the source folder."""

    rel: PurePosixPath
    path: Path

    @property
    def name(self) -> str:
        return self.rel.as_posix()


class NoteList(Sequence[Note]):
    """The notes of a run, held as their names and made into :class:`Note` objects as they are
    read: a note's two pathlib paths cost about 1 KB, its name a tenth of that, so a run over
    many notes holds little more than the list of their names."""

    def __init__(
        self,
        source: Path,
        names: Iterable[str],
        unread: Sequence[str] = (),
        skipped: Sequence[str] = (),
        unlisted: Sequence[tuple[str, str]] = (),
        foreign: Sequence[str] = (),
    ) -> None:
        self.source = source
        self.names = list(names)
        self.unread = tuple(unread)
        """Names of MDX pages (``*.mdx``) found among the notes, which l10n does not read."""
        self.skipped = tuple(skipped)
        """One line per symbolic link the walk of the notes did not follow, saying why
        (:func:`_unfollowed`)."""
        self.unlisted = tuple(unlisted)
        """``(folder, why)`` for each folder among the notes that could not be listed (its
        permissions): its notes are missing from :attr:`names`, so the list is not the whole
        site, and nothing may be removed as gone from it."""
        self.foreign = tuple(foreign)
        """Names of pages in a language the site's configuration declares that is not a target
        (``index.fr.md`` with ``languages = ["de"]``): translations, left out of the notes."""

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, index: int) -> Note: ...

    @overload
    def __getitem__(self, index: slice) -> NoteList: ...

    def __getitem__(self, index: int | slice) -> Note | NoteList:
        if isinstance(index, slice):
            return NoteList(self.source, self.names[index])
        return self.note(self.names[index])

    def __iter__(self) -> Iterator[Note]:
        return map(self.note, self.names)

    def note(self, name: str) -> Note:
        """The :class:`Note` of ``name`` (a name of this list, or any name under its source)."""
        return Note(PurePosixPath(name), self.source / name)


def _in_path_order(names: Iterable[str]) -> list[str]:
    """Distinct names in the order of their paths (part by part, as pathlib compares them).

    The key is the name with ``/`` made the lowest character (NUL, which no file name holds),
    which orders as the list of its parts would, without a list per name: at 50,000 notes
    those lists were 15 MB of the walk's peak memory (issue 19)."""
    return sorted(set(names), key=lambda name: name.replace("/", "\0"))


def _inside(path: Path | str, folder: Path | str) -> bool:
    inner, outer = os.path.normpath(path), os.path.normpath(folder)
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


IGNORED_FOLDERS = frozenset(
    {
        # version control
        ".git", ".hg", ".svn", ".bzr", "_darcs", ".jj", "CVS",
        # dependencies, environments and tool caches: never a site's own pages
        "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox", ".cache",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs", ".direnv",
    }
)
"""Folders whose Markdown files are never notes. Every other ``*.md`` under ``source`` is one,
dot-folders included (``.github/pull_request_template.md`` is a page people read), unless the
``exclude`` setting names it or it is a translation l10n wrote (:func:`drop_outputs`)."""


def is_excluded(config: Config, name: str) -> bool:
    """Whether the note name ``name`` (POSIX, relative to ``source``) lies in an ignored folder
    (:data:`IGNORED_FOLDERS`) or matches an ``exclude`` pattern: ``fnmatch`` against the name or
    any folder that holds it (``*`` crosses ``/``; ``drafts`` excludes the folder ``drafts``)."""
    parts = name.split("/")
    if any(part in IGNORED_FOLDERS for part in parts[:-1]) or parts[-1].startswith(".#"):
        return True  # ".#note.md": an editor's lock file, not a note
    if not config.exclude:
        return False
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(fnmatch.fnmatchcase(prefix, pattern) for pattern in config.exclude for prefix in prefixes)


def discover_notes(config: Config) -> Iterator[Note]:
    """Yield every ``*.md`` file under the source folder, sorted, following no symlink loops,
    but for those :func:`is_excluded` leaves out.

    Symlinked files and folders are followed only while they resolve inside the source folder.
    """
    yield from NoteList(config.source, _discovered_names(config))


def _discovered_names(
    config: Config,
    unread: list[str] | None = None,
    listings: Listings | None = None,
    skipped: list[str] | None = None,
    unlisted: list[tuple[str, str]] | None = None,
    foreign: list[str] | None = None,
) -> list[str]:
    """The POSIX names of every note under the source folder(s), in path order; translated
    notes the layout puts among the sources are left out (:func:`drop_outputs`), those in a
    language the site declares and l10n does not target added to ``foreign``. The MDX
    pages found on the way are added to ``unread`` when it is given, and why each symbolic
    link left unfollowed was left to ``skipped`` (:func:`_walk`). ``listings``: folder
    listings kept from an earlier walk (:class:`Listings`); a folder that cannot be listed goes
    to ``unlisted`` with why (:attr:`NoteList.unlisted`)."""
    folders = config.source_dirs or (config.source,)
    if len(folders) == 1 and str(folders[0]) == str(config.source):  # the walk's own order is path order
        return drop_outputs(config, _walk(config, folders[0], unread, listings, skipped, unlisted), foreign=foreign)
    found: list[str] = []
    for folder in folders:
        found.extend(_walk(config, folder, unread, listings, skipped, unlisted))
    return drop_outputs(config, _in_path_order(found), foreign=foreign)


@dataclass
class Listings:
    """Listings of source folders kept between runs (``note_listings`` in the bookkeeping,
    :mod:`l10n.store.listings`), each trusted while the folder's ``(mtime_ns, ctime_ns, inode)``
    stays as recorded: adding, removing or renaming an entry moves the folder's mtime and
    change time (POSIX ``rename``, ``unlink``, ``open`` with ``O_CREAT``), so one ``stat``
    stands for a listing (``os.scandir``, sorting and a look at each entry: half the walk of
    20,000 notes, session 12). Only folders without symbolic links among their entries are
    kept (a link's target can change without its folder's mtime moving), and only those
    modified at least :data:`LISTING_RACY_NS` before the walk (git's "racy clean" rule)."""

    known: dict[str, tuple[int, int, int, bytes]]
    """Folder path (as the walk spells it) to its identity and its entries, ``marshal``-ed
    ``(name, is a folder)`` pairs in name order."""
    fresh: list[tuple[str, int, int, int, bytes]] = field(default_factory=list)
    """Listings this walk made that are worth keeping: ``(folder, mtime_ns, ctime_ns, inode,
    entries)``, for the caller to record."""


LISTING_RACY_NS = 2_000_000_000
"""A folder modified less than this long before the walk (nanoseconds) has its listing made
again next time: a change within the same clock tick would not move its mtime."""


MDX_SUFFIX = ".mdx"
"""MDX pages (Docusaurus, Astro, Nextra): JSX components and ``{expressions}`` are part of their
syntax, which CommonMark reads as HTML or text, so l10n could not promise to rebuild them byte
for byte; they are not notes, and extract says how many it left (:attr:`NoteList.unread`)."""


def _walk(
    config: Config,
    start: Path,
    unread: list[str] | None = None,
    listings: Listings | None = None,
    skipped: list[str] | None = None,
    unlisted: list[tuple[str, str]] | None = None,
) -> list[str]:
    """The notes under ``start``, named relative to ``config.source`` (MDX pages into
    ``unread``), in path order (:func:`_in_path_order`'s; a folder's entries in name order, each
    folder's notes where its name falls among them). ``listings``: kept folder listings, used
    while they hold, and added to (:class:`Listings`).

    Symbolic links to folders and notes are followed, as MkDocs reads its ``docs_dir``
    (``os.walk(..., followlinks=True)``) and Jekyll outside safe mode: a note is named by the
    link's path, where the site generator puts its page. Not followed, each with a line in
    ``skipped`` (:func:`_unfollowed`): a link leading outside both the project and the source
    folder (unless ``allow_outside_project``), as Jekyll refuses links out of its site; and a
    link to a folder that holds it (a loop, which ``os.walk`` would follow forever). A link to
    a folder inside the source folder is not followed either: that folder's notes are read at
    their own place, under their own names. A folder reached a second way (another link to it)
    is walked once."""
    root = start
    if not root.is_dir():
        raise ConfigError(f"source folder not found: {root}", config.config_file)
    # Strings and os.scandir, not pathlib: a Path per file was most of the walk's time. A
    # folder's real path is its parent's plus its name unless it is a symlink (realpath, which
    # stats every component, only then): the real paths catch symlink loops.
    real_root = os.path.realpath(root)
    allowed = (real_root, os.path.realpath(config.root))
    own = _own_folders(config)
    # this project's own source and catalogs' folders, which make no folder holding them a nested project
    mine = frozenset((str(config.locales), *(str(folder) for folder in config.source_dirs or (config.source,))))
    prefix = str(config.source) + os.sep
    sep = os.sep
    known = listings.known if listings is not None else {}
    recent = time.time_ns() - LISTING_RACY_NS
    seen_dirs: set[str] = set()
    stack = [(str(root), real_root)]
    # Per folder walked: its notes and its sub-folders' paths, in name order (a str is a note's
    # name, a 1-tuple a sub-folder); read into path order at the end, without a sort.
    items: dict[str, list[str | tuple[str]]] = {}
    while stack:
        folder, real = stack.pop()
        if real in seen_dirs:
            continue
        seen_dirs.add(real)
        entries = _listing(folder, known.get(folder), listings, recent)
        if entries is None:
            if unlisted is not None:
                why = _unlistable(folder)
                if why:
                    unlisted.append((folder, why))
            continue
        nested = _holds_a_project(folder, entries, mine) if folder != str(root) else None
        if nested is not None:
            items.pop(folder, None)
            if skipped is not None:
                shown = os.path.relpath(folder, config.root).replace(os.sep, "/")
                skipped.append(f"{shown}: a project of its own ({nested}): its notes are not this project's")
            continue
        # is_excluded() per note was a third of the walk: without exclude patterns, a name is
        # excluded by its folder (the same for the whole folder) or its own ".#" prefix.
        folder_name: str | None = None
        if folder + sep == prefix:
            folder_name = ""
        elif folder.startswith(prefix):
            folder_name = folder[len(prefix) :].replace(sep, "/") + "/"
        folder_out = folder_name is not None and not config.exclude and is_excluded(config, folder_name + "x")
        base = folder if folder.endswith(sep) else folder + sep
        found = items[folder] = []
        for name, is_dir, linked in entries:
            if is_dir:
                if name not in IGNORED_FOLDERS:
                    path = base + name
                    target = os.path.realpath(path) if linked else real + sep + name
                    if linked and _unfollowed(config, path, target, real, allowed, own, skipped):
                        continue
                    if linked and _inside(target, real_root):
                        # a folder of the notes already: read at its own place, under its own
                        # name (which won depended on the walk's order, and links to it broke)
                        if skipped is not None:
                            shown = os.path.relpath(path, config.root).replace(os.sep, "/")
                            at = os.path.relpath(target, real_root).replace(os.sep, "/")
                            skipped.append(f"{shown}: a link to a folder of the notes ({at}), whose notes are read there")
                        continue
                    stack.append((path, target))
                    found.append((path,))
            elif name.endswith(NOTE_SUFFIX) or (unread is not None and name.endswith(MDX_SUFFIX)):
                if linked and _not_a_note(config, base + name, allowed, own, skipped):
                    continue
                if folder_name is not None:
                    note = folder_name + name
                    if folder_out or name.startswith(".#") or (config.exclude and is_excluded(config, note)):
                        continue
                else:
                    note = Path(base + name).relative_to(config.source).as_posix()
                    if is_excluded(config, note):
                        continue
                if unread is not None and note.endswith(MDX_SUFFIX):
                    unread.append(note)
                else:
                    found.append(note)
    return _in_walk_order(items, str(root))


def _own_folders(config: Config) -> tuple[str, ...]:
    """The real paths of the folders only l10n writes into (the catalogs' and templates' folder,
    the output folders when they are apart from the sources: :func:`written_folders`), and the
    layout's fixed folder above every language's outputs when it is apart from the sources and
    the catalogs (``translated``): the pages of a language dropped from ``languages`` wait
    there for the next whole-site ``sync`` to prune them, and are no notes meanwhile."""
    folders = {str(config.locales), *(f.rstrip(os.sep) for f in written_folders(config, config.languages))}
    prefix, src = literal_prefix(layout_pattern(config)), source_rel(config)
    if prefix and not (_path_within(prefix, src) or _path_within(src, prefix)):
        folder = os.path.join(str(config.root), *prefix.split("/"))
        if not (_inside(folder, str(config.locales)) or _inside(str(config.locales), folder)):
            folders.add(folder)
    return tuple(os.path.realpath(folder) for folder in sorted(folders))


def _unfollowed(
    config: Config,
    path: str,
    target: str,
    holder: str | None,
    allowed: tuple[str, ...],
    own: tuple[str, ...],
    skipped: list[str] | None,
) -> bool:
    """Whether the walk leaves the symbolic link ``path`` (to ``target``, its real path) alone,
    saying why in ``skipped``: a folder that holds ``holder`` (the real path of the folder the
    link is in; None for a link to a file) is a loop; a target in or holding one of ``own`` (the
    folders only l10n writes, :func:`_own_folders`) would have l10n translate its own output
    again; and
    a target outside every folder of ``allowed`` (the source folder's and the project's real
    paths) is outside the project, unless ``allow_outside_project`` lets the walk read it. A link
    to a file (``holder`` None) is left too when it leads nowhere (it would be an unreadable
    note on every run) or to a file in the source folder (``allowed[0]``): that note is read at
    its own place, under its own name, as a link to a folder of the notes is (:func:`_walk`);
    read under the link's name too, it would be translated twice, into two catalogs."""
    shown = os.path.relpath(path, config.root).replace(os.sep, "/")
    mine = next((folder for folder in own if _inside(target, folder) or _inside(folder, target)), None)
    if holder is not None and _inside(holder, target):
        why = f"{shown}: a symbolic link to a folder that holds it (a loop), not followed"
    elif holder is None and os.path.islink(path) and _symlink_loop(path):
        why = f"{shown}: a symbolic link loop ({shown} -> {os.readlink(path)}), not read"
    elif holder is None and not os.path.exists(path):
        why = f"{shown}: a symbolic link to {os.readlink(path) if os.path.islink(path) else target}, which does not exist, not read"
    elif holder is None and _inside(target, allowed[0]):
        at = os.path.relpath(target, allowed[0]).replace(os.sep, "/")
        why = f"{shown}: a link to a note ({at}), which is read there"
    elif mine is not None:
        real_root = os.path.realpath(config.root)
        to, where = (os.path.relpath(p, real_root).replace(os.sep, "/") for p in (target, mine))
        why = f"{shown}: a symbolic link to {to}, where l10n writes ({where}), not read"
    elif config.allow_outside_project or any(_inside(target, folder) for folder in allowed):
        return False
    else:
        why = f"{shown}: a symbolic link to {target}, outside the project, not read (allow_outside_project = true reads it)"
    if skipped is not None:
        skipped.append(why)
    return True


def _not_a_note(
    config: Config, path: str, allowed: tuple[str, ...], own: tuple[str, ...], skipped: list[str] | None
) -> bool:
    """Whether the walk leaves the entry ``path`` named as a note alone, which :func:`_listing`
    marked for a closer look (a symbolic link, or not a regular file), saying why in
    ``skipped``: a link :func:`_unfollowed` leaves, and anything but a regular file at the end
    of it (a FIFO, a socket, a device: opening a FIFO to read it waits for a writer, forever).
    One ``lstat`` and one ``stat``, for such entries only."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None  # a loop, a link to nothing (which _unfollowed names), or gone since listed
    if mode is None or stat.S_ISREG(mode):
        linked = os.path.islink(path)
        return (mode is None and not linked) or (
            linked and _unfollowed(config, path, os.path.realpath(path), None, allowed, own, skipped)
        )
    if skipped is not None:
        skipped.append(f"{_shown_path(config, path)}: {not_regular(mode)}, not read")
    return True


def _shown_path(config: Config, path: str) -> str:
    return os.path.relpath(path, config.root).replace(os.sep, "/")


def _symlink_loop(path: str) -> bool:
    """Whether following the symbolic link ``path`` runs into a loop (ELOOP: a link to itself,
    ``a`` to ``b`` to ``a``), rather than to nothing."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def unfollowed_link(config: Config, name: str) -> str | None:
    """Why the walk of the notes (:func:`_walk`) does not read note ``name`` through a symbolic
    link on its path (one line, as ``NoteList.skipped`` gives it), or None when no link on its
    path stops it. One ``lstat`` per folder of the name; for a note named on the command line,
    and for a link's target when the build has no list of the site's notes."""
    folder = next((str(d) for d in config.source_dirs or (config.source,) if _inside(config.source / name, d)), None)
    if folder is None:
        return None
    allowed = (os.path.realpath(folder), os.path.realpath(config.root))
    own = _own_folders(config)
    path = folder
    parts = os.path.relpath(config.source / name, folder).split(os.sep)
    for at, part in enumerate(parts):
        holder, path = path, os.path.join(path, part)
        if os.path.islink(path):
            why: list[str] = []
            last = at == len(parts) - 1
            holds = None if last else os.path.realpath(holder)
            if _unfollowed(config, path, os.path.realpath(path), holds, allowed, own, why):
                return why[0]
    return None


def _listing(
    folder: str, kept: tuple[int, int, int, bytes] | None, listings: Listings | None, recent: int
) -> list[tuple[str, bool, bool]] | None:
    """``(name, is a folder, is a symbolic link)`` of each entry of ``folder``, in name order:
    the ``kept`` listing while the folder's identity is the one recorded with it, else
    ``os.scandir`` (a listing worth keeping is added to ``listings.fresh``). None when the
    folder cannot be read."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    identity = (info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    if kept is not None and kept[:3] == identity:
        try:
            return [(name, is_dir, False) for name, is_dir in marshal.loads(kept[3])]
        except (ValueError, EOFError, TypeError):
            pass  # unreadable: listed again
    try:
        with os.scandir(folder) as scan:
            entries = sorted((_entry(entry) for entry in scan), key=_first)
    except OSError:
        return None
    if listings is not None and identity[0] < recent and not any(linked for _, _, linked in entries):
        listings.fresh.append((folder, *identity, marshal.dumps(tuple((name, is_dir) for name, is_dir, _ in entries))))
    return entries


def _entry(entry: os.DirEntry[str]) -> tuple[str, bool, bool]:
    """``(name, is a folder, needs a closer look)`` of a listed entry: the last is True for a
    symbolic link and for anything but a regular file or a folder (a FIFO, a socket, a device),
    which :func:`_not_a_note` looks at before a note is read there. A link that cannot be
    followed (a loop: ``is_dir`` raises ELOOP) is no folder: the walk says why it is left.
    Costs no ``stat`` where the system gives each entry's type (``d_type``)."""
    try:
        is_dir = entry.is_dir()
    except OSError:
        is_dir = False
    try:
        closer = entry.is_symlink() or not (is_dir or entry.is_file(follow_symlinks=False))
    except OSError:
        closer = True
    return entry.name, is_dir, closer


def _holds_a_project(folder: str, entries: list[tuple[str, bool, bool]], mine: frozenset[str]) -> str | None:
    """What makes ``folder`` (listed as ``entries``) an l10n project of its own, whose notes a
    project above it must not take for its own (a clone of another site, a nested project):
    ``l10n.toml``, or a ``pyproject.toml`` with a ``[tool.l10n]`` table, or, on the defaults, a
    ``source_notes/`` or ``locales/`` folder (:func:`l10n.config.holds_project_folders`, the
    rule the search for the project follows) other than this project's own (``mine``: its
    source and catalogs' folders' paths); None when nothing does."""
    names = {name for name, is_dir, _ in entries if not is_dir}
    if "l10n.toml" in names or ("pyproject.toml" in names and pyproject_configures_l10n(os.path.join(folder, "pyproject.toml"))):
        return "its l10n configuration"
    subfolders = [name for name, is_dir, _ in entries if is_dir and os.path.join(folder, name) not in mine]
    if holds_project_folders(subfolders):
        found = [name + "/" for name in PROJECT_FOLDERS if name in subfolders]
        return f"its {' and '.join(found)} on l10n's defaults"
    return None


def _unlistable(folder: str) -> str | None:
    """Why the folder ``folder``, which :func:`_listing` could not read, cannot be listed (the
    system's reason: permission denied…); None when it is gone (removed during the walk)."""
    try:
        with os.scandir(folder):
            return None
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or str(exc)


def _first(entry: tuple[str, bool, bool]) -> str:
    return entry[0]


def _in_walk_order(items: dict[str, list[str | tuple[str]]], root: str) -> list[str]:
    """The notes of :func:`_walk`'s ``items``, each folder's sub-folders read where their names
    fall among its entries: path order, as :func:`_in_path_order` sorts (a folder's name sorts
    before any sibling it is a prefix of, as ``/`` made NUL does), without a key per note."""
    found: list[str] = []
    if root not in items:
        return found
    stack = [iter(items[root])]
    while stack:
        for item in stack[-1]:
            if isinstance(item, str):
                found.append(item)
            elif item[0] in items:  # walked (not a link to a folder walked elsewhere)
                stack.append(iter(items[item[0]]))
                break
        else:
            stack.pop()
    return found


def source_rel(config: Config) -> str:
    """The source folder relative to the project, as a POSIX path (``""`` for the project)."""
    return _source_rel(config.source, config.root)


@functools.lru_cache(maxsize=64)
def _source_rel(source: Path, root: Path) -> str:
    # Asked once per note and language: os.path.relpath each time was a third of a no-op sync.
    rel = os.path.relpath(source, root).replace(os.sep, "/")
    return "" if rel == "." else rel


def layout_pattern(config: Config) -> str:
    """The output path pattern of ``config`` (see :mod:`l10n.site.site_layout`)."""
    return config.layout or resolve_layout(None, config.output)


def output_rel_name(config: Config, name: str, lang: str) -> str:
    """The project-relative POSIX path of note ``name``'s output in ``lang`` (unchecked)."""
    return Layout.of(config).output_rel(name, lang)


# Each stage asks about a note's output a few times in a row: a small cache catches those, and
# memory stays flat on big sites (65,536 entries held about 13 MB at 50,000 notes, issue 19;
# 4,096 filled up between 1,000 and 5,000 notes, and a stage's asks about a note come in a row).
@functools.lru_cache(maxsize=MOST_PER_NOTE)
def _output_rel_cached(pattern: str, src: str, name: str, lang: str, codes: tuple[str, ...], default: str) -> str:
    return output_rel(pattern, src, name, lang, codes, default)


def note_name_language(config: Config, name: str) -> str:
    """The language note ``name`` is written in as its name tells (:func:`name_language`)."""
    return name_language(name, config.language_codes, config.source_language)


def _other_site_languages(config: Config) -> frozenset[str]:
    """The codes of the languages the site generator's configuration declares (mkdocs-static-i18n,
    Hugo: where translations sit beside their sources) that are neither the source language nor a
    target: their pages are translations someone else made, never notes. Empty when the
    configuration cannot be read (the commands that read it say why)."""
    from l10n.site.site_config import SiteConfigError, hugo_languages, mkdocs_languages

    reader = {"mkdocs": mkdocs_languages, "hugo": hugo_languages}.get(config.dialect)
    try:
        site = reader(config.root) if reader is not None else None
    except (SiteConfigError, OSError):
        return frozenset()
    if site is None:
        return frozenset()
    return frozenset(c for c in (site.default, *site.others) if c and config.language_code(c) is None)


def drop_outputs(config: Config, names: list[str], every: bool = False, foreign: list[str] | None = None) -> list[str]:
    """``names`` without the translated notes among them: a note that is another note's output
    (by the layout) and whose front matter is missing or says ``translated: true``.

    Jekyll and Hugo keep translations beside their sources (``_posts/hi/``, ``post.hi.md``):
    read again as sources, they would be translated a second time (``_posts/hi/hi/…``).
    A note that is another's output but was written by hand (front matter without
    ``translated: true``) stays a source in a folder layout (``_posts/hi/post-hi.md``); building over it is
    refused (:func:`output_path`'s callers report it). Beside its note with a target's suffix
    (``post.hi.md``) it is left out whoever wrote it (:func:`_named_as_translations`), and so
    is a page under its note's own name in a target's folder beside the note
    (``_articles/hi/legal.md`` for ``_articles/legal.md``, :func:`_in_language_folders`). So is a page a former layout put among the sources and ``sync`` kept
    because it was edited (:func:`_drop_former_outputs`), and a page build wrote for a note
    that is gone (:func:`_drop_built_pages`, by the run state's records). Costs one path computation per note
    and language, and a read of the first bytes of each such candidate only.
    """
    src = source_rel(config)
    prefix = literal_prefix(layout_pattern(config))
    if prefix and not (_path_within(prefix, src) or _path_within(src, prefix)):
        # outputs land in a folder of their own; a page in a target's folder beside its note is
        # still that note's translation (_articles/hi/legal.md), whoever wrote it
        if beside := _in_language_folders(config, names):
            names = [n for n in names if n not in beside]
        return _drop_former_outputs(config, names)
    if not every and (others := _other_site_languages(config)):
        # index.fr.md on a site that declares fr, with only de targeted: a translation, not an English note
        codes = (*config.language_codes, *others)
        theirs = [n for n in names if name_language(n, codes, config.source_language) in others]
        if theirs:
            if foreign is not None:
                foreign.extend(theirs)
            names = [n for n in names if n not in set(theirs)]
    if targeted := _named_as_translations(config, names) | _in_language_folders(config, names):
        # guide.de.md with de a target: the German page, whoever wrote it, never an English note
        # (read as one, hi was built from the German text and collided with guide.md's); so is
        # _articles/hi/legal.md beside _articles/legal.md (opensource.guide's naming)
        names = [n for n in names if n not in targeted]
    if every:  # names picked one by one: any that has a translation's front matter is one
        return [n for n in names if written_by_hand(config.source / n) or not _has_front_matter(config.source / n)]
    # the names themselves, not project-relative copies: memory stays small on big sites
    present = frozenset(names)
    head = src + "/" if src else ""
    # out -> the first name whose page it is; names without a target language's code first, so
    # a page's producer is its note wherever one is there
    producer: dict[str, str] = {}
    # the languages of the catalogs too: a language dropped from the configuration keeps its
    # catalogs (translators' work), and its built pages, until sync prunes them, are outputs
    languages = (*config.languages, *_catalog_languages(config))
    coded = _named_with_codes(names, [lang for lang in languages if lang != config.source_language])
    for index in (*(i for i in range(len(names)) if i not in coded), *sorted(coded)):
        name = names[index]
        for lang in languages:
            out = output_rel_name(config, name, lang)
            if out.startswith(head) and out[len(head) :] in present and out[len(head) :] != name:
                producer.setdefault(out[len(head) :], name)
    outputs = set(producer)
    if suspects := [out for out, name in producer.items() if name in producer]:
        # a page whose only producers are pages themselves (seul.fr.md, a French note with no
        # English beside it, and seul.de.md, its German page, each the other's by the layout):
        # the records tell which one build wrote; the other is a note (read as an output, the
        # French note was dropped and sync pruned it as a gone note's page)
        from l10n.store.written_pages import built_for_others

        recorded = built_for_others(config.locales, str(config.source), suspects)
        outputs -= {out for out in suspects if out not in recorded}
    kept = [n for n in names if n not in outputs or written_by_hand(config.source / n)] if outputs else names
    return _drop_former_outputs(config, _drop_built_pages(config, kept, languages))


def _named_as_translations(config: Config, names: Sequence[str]) -> set[str]:
    """Those of ``names`` that stand where the layout puts a translation into a target language
    beside its note: ``guide.de.md`` (or ``guide.de-DE.md``, ``guide.de_de.md``: the suffix read
    as :meth:`Config.language_code` reads a tag) when ``de`` is a target and the layout writes
    ``guide.md``'s German page there (``hugo-suffix``, ``mkdocs-suffix``, a custom
    ``{stem}.{lang}{ext}``) and ``guide.md`` (or ``guide.en.md``) is there: such a page is that
    note's translation whether or not l10n wrote it, never a source note (read as one, the other
    languages were built from its text, into the English note's outputs). Build keeps one it did
    not write (:mod:`l10n.site.keep`); ``adopt`` takes it. A page with no note beside it
    (``alone.de.md``) is a note written in German, as a site may have pages in one language
    only. The source language's suffix (``guide.en.md``) names a note. Only names that pass
    :func:`_named_with_codes`' sieve are looked at, and their notes looked for among ``names``,
    then on disk (a note excluded from the run still has its page: one stat per such page); layouts that put ``{lang}`` in a folder
    (``jekyll``, ``hugo-dir``) match none here."""
    targets = [code for code in config.languages if code != config.source_language]
    if not targets or not names:
        return set()
    spellings = {folded_code(s) for code in targets for s in (code, config.language_tag(code))}
    head = source_rel(config)
    head = head + "/" if head else ""
    found: set[str] = set()
    present: frozenset[str] | None = None  # made at the first candidate: most sites have none
    for name in (names[line] for line in sorted(_named_with_codes(names, spellings))):
        folder, slash, filename = name.rpartition("/")
        stem, ext = posixpath.splitext(filename)
        folded = folded_code(stem)
        for spelling in spellings:
            at = len(stem) - len(spelling) - 1
            if at <= 0 or not folded.endswith(spelling) or stem[at] not in ".-":
                continue
            code = config.language_code(stem[at + 1 :])
            if code is None or code == config.source_language:
                continue
            place = head + folder + slash + stem[: at + 1]  # where the layout writes, up to the code
            out = output_rel_name(config, folder + slash + stem[:at] + ext, code)
            if not (out.startswith(place) and out.endswith(ext) and folded_code(out[len(place) : len(out) - len(ext)]) == folded_code(code)):
                continue
            present = present if present is not None else frozenset(names)
            bases = [f"{folder}{slash}{stem[:at]}{tail}{ext}" for tail in ("", stem[at] + config.source_language)]
            # the note among the names, else on disk (one excluded from the run still has its page)
            if any(b in present for b in bases) or any((config.source / b).is_file() for b in bases):
                found.add(name)
                break
    return found


def _in_language_folders(config: Config, names: Sequence[str]) -> set[str]:
    """Those of ``names`` in a folder named after a target language (``_articles/hi/legal.md``,
    ``hi/about.md``; the folder's name read as :meth:`Config.language_code` reads a tag) whose
    note stands where the page stands with that folder taken out: the same name
    (``_articles/legal.md``) or, for a page without a language suffix, the same stem with the
    source language's (``_articles/legal-en.md``, ``legal.en.md``). Such a page is that note's
    translation whoever wrote it (opensource.guide keeps its human Hindi pages so), never a
    note: read as one, it was extracted again and the next target's pages of it and of its
    note collided. The folder analogue of :func:`_named_as_translations`; a page there with no
    such note (``_articles/hi/only-hindi.md``) is a note in that language. Only names that
    pass :func:`_named_with_codes`' sieve are looked at; their notes are looked for among
    ``names``, then in a listing of the note's folder (a note excluded from the run still
    has its page; one listing per such folder, not a stat per page: 5,000 of l10n's own
    pages in ``_articles/hi/`` cost 3 stats each otherwise)."""
    targets = [code for code in config.languages if code != config.source_language]
    if not targets or not names:
        return set()
    spellings = {folded_code(s) for code in targets for s in (code, config.language_tag(code))}
    source = config.source_language
    suffixes = {folded_code(code) for code in config.language_codes}
    codes: dict[str, str | None] = {}
    listings: dict[str, frozenset[str]] = {}
    found: set[str] = set()
    present: frozenset[str] | None = None
    for name in (names[line] for line in sorted(_named_with_codes(names, spellings))):
        parts = name.split("/")
        for at, part in enumerate(parts[:-1]):
            if folded_code(part) not in spellings:
                continue
            code = codes[part] if part in codes else codes.setdefault(part, config.language_code(part))
            if code is None or code == source:
                continue
            folder = "/".join(parts[:at] + parts[at + 1 : -1])
            filename = parts[-1]
            stem, ext = posixpath.splitext(filename)
            candidates = [filename]
            if folded_code(re.split(r"[-.]", stem)[-1]) not in suffixes or ("-" not in stem and "." not in stem):
                candidates += [f"{stem}{sep}{source}{ext}" for sep in "-."]  # legal.md's note may be legal-en.md
            present = present if present is not None else frozenset(names)
            head = folder + "/" if folder else ""
            if any(head + c in present for c in candidates):
                found.add(name)
                break
            if folder not in listings:
                try:
                    listings[folder] = frozenset(os.listdir(config.source / folder))
                except OSError:
                    listings[folder] = frozenset()
            if any(c in listings[folder] and (config.source / folder / c).is_file() for c in candidates):
                found.add(name)
                break
    return found


def _drop_built_pages(config: Config, names: list[str], languages: Sequence[str]) -> list[str]:
    """``names`` without the pages build wrote for a note that is no longer there to claim
    them (deleted, renamed, excluded, or now written in the page's language): named in one of
    ``languages`` (its suffix or folder, :func:`name_language`; every preset's outputs are),
    recorded by the run state as another note's output
    (:func:`l10n.store.written_pages.built_for_others`) and without front matter of their own
    (:func:`written_by_hand`). Without this, such a page with no front matter is read as a
    note in its language: extracted, its template made, and never pruned (the rule of
    :func:`drop_outputs` needs the note present). Only names that pass the sieve
    (:func:`_named_with_codes`) are looked up, so a site without such pages costs no query; a
    custom layout that puts ``{lang}`` elsewhere than a folder or a suffix is not sieved so."""
    targets = {lang for lang in languages if lang != config.source_language}
    lines = _named_with_codes(names, targets) if targets else set()
    candidates = [
        name
        for name in (names[line] for line in sorted(lines))
        if name_language(name, (*config.language_codes, *languages), config.source_language) in targets
    ]
    if not candidates:
        return names
    from l10n.store.written_pages import built_for_others  # the bookkeeping, only when a page may be one

    recorded = built_for_others(config.locales, str(config.source), candidates)
    built = {name for name in recorded if not written_by_hand(config.source / name)}
    return [name for name in names if name not in built] if built else names


def _drop_former_outputs(config: Config, names: list[str]) -> list[str]:
    """``names`` without the pages a former layout put among the sources that are still there
    (``sync`` keeps one edited since l10n built it, :func:`l10n.site.prune.prune_moved`): named
    as a translation into a configured language (its suffix or folder, :func:`name_language`)
    and saying ``translated: true``. Only such names are opened (none on most sites)."""
    targets = {lang for lang in config.languages if lang != config.source_language}
    if not targets:
        return names
    lines = _named_with_codes(names, targets)
    former = {
        name
        for name in (names[line] for line in lines)
        if name_language(name, config.language_codes, config.source_language) in targets
        and not written_by_hand(config.source / name)
        and _has_front_matter(config.source / name)
    }
    return [name for name in names if name not in former] if former else names


def _named_with_codes(names: Sequence[str], targets: Iterable[str]) -> set[int]:
    """The indexes of ``names`` in which one of the language codes ``targets`` stands as a
    folder or a suffix (after the start, ``-``, ``.`` or ``/``; before ``/`` or a last
    ``.suffix``), compared without case: the sieve of :func:`_drop_former_outputs` (it passes
    a few more names than :func:`name_language` takes, never fewer).

    One pattern over all the names at once: name_language on every note cost 0.13 s at 20,000
    notes, on every sync, and a search per name 0.05 s; this, 2 ms. The pattern is tried only
    where a code occurs (``str.find``): re's own scan, which cannot skip ahead to a literal
    behind the separator, was 0.02 s at 20,000 notes (session 12)."""
    # folded as codes are compared (folded_code: pt_BR is pt-br), the names with them: one
    # character for one, so positions hold, and a name's "_" passes the sieve as a "-" would
    lowered = {folded_code(code) for code in targets if code}
    if not lowered or not names:
        return set()
    codes = "|".join(re.escape(code) for code in sorted(lowered, key=len, reverse=True))
    pattern = re.compile(rf"(?<![^\n./-])(?:{codes})(?:/|\.[^./\n]*$)", re.MULTILINE)
    text = "\n".join(names).lower().replace("_", "-")
    starts: list[int] = []
    for code in lowered:
        at = text.find(code)
        while at >= 0:
            if pattern.match(text, at):
                starts.append(at)
            at = text.find(code, at + 1)
    if not starts:
        return set()
    ends = list(itertools.accumulate(len(name) + 1 for name in names))  # each name's end, "\n" included
    return {bisect.bisect_right(ends, start) for start in starts}


def _catalog_languages(config: Config) -> list[str]:
    """The names of the folders of ``locales/`` other than the configured languages and
    ``templates`` (a language's catalogs, kept when it left the configuration); one listing."""
    try:
        entries = list(os.scandir(config.locales))
    except OSError:
        return []
    skip = {*config.languages, "templates"}
    return sorted(e.name for e in entries if e.name not in skip and not e.name.startswith(".") and e.is_dir())


def _path_within(inner: str, outer: str) -> bool:
    return not outer or inner == outer or inner.startswith(outer + "/")


_TRANSLATED = re.compile(rb"^translated:[ \t]*(?:true|True|TRUE|yes)[ \t]*\r?$", re.MULTILINE)
_TOML_TRANSLATED = re.compile(rb"^translated[ \t]*=[ \t]*true[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)
_JSON_OPEN = re.compile(rb'\{[ \t\r\n]*["}]')  # as l10n.markdown.frontmatter reads Hugo's JSON front matter


def _has_front_matter(path: Path) -> bool:
    """Whether the note at ``path`` opens front matter: YAML ``---``, TOML ``+++`` or a JSON
    object (Hugo's three formats), after any BOM."""
    try:
        with open_file(path) as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return head_has_front_matter(head)


def head_has_front_matter(head: bytes) -> bool:
    """:func:`_has_front_matter` of a file whose first bytes are ``head``."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    return head.startswith((b"---", b"+++")) or _JSON_OPEN.match(head) is not None


def orphaned_catalogs(config: Config, lang: str, expected: Collection[str]) -> list[str]:
    """The catalogs (``*.po``, absolute paths as strings) in ``lang``'s folder of ``locales`` that
    are not among ``expected`` (the catalog paths of the notes that are there, as
    :func:`catalog_file` gives them): a note moved, renamed, deleted or excluded leaves its
    catalog, translators' work, which l10n never removes. In path order; dot-folders are looked
    in (notes in ``.github/`` have catalogs there), tool folders (:data:`IGNORED_FOLDERS`) not."""
    found: list[str] = []
    for directory, subdirs, files in os.walk(config.catalog_dir(lang)):
        subdirs[:] = sorted(d for d in subdirs if d not in IGNORED_FOLDERS)
        for name in sorted(files):
            path = directory + os.sep + name
            if name.endswith(".po") and path not in expected:
                found.append(path)
    return found


def says_translated(path: Path) -> bool:
    """Whether the file at ``path`` opens front matter that says ``translated: true`` (in any of
    the three formats, :func:`written_by_hand`): a page as build writes it."""
    return _has_front_matter(path) and not written_by_hand(path)


def written_by_hand(path: Path) -> bool:
    """Whether the file at ``path`` has front matter that does not say ``translated: true``: a
    page among the sources someone wrote, a note even where the layout puts a translation
    (:func:`drop_outputs`). A file that cannot be read counts as written by hand, and so does
    JSON front matter that does not parse. ``translated`` is read as each format writes it:
    ``translated: true`` (YAML), ``translated = true`` (TOML, before the first table),
    ``"translated": true`` (JSON, a member of the top-level object)."""
    try:
        with open_file(path) as handle:
            head = handle.read(65536)
    except OSError:
        return True
    return head_written_by_hand(head, str(path))


def head_written_by_hand(head: bytes, shown: str = "") -> bool:
    """:func:`written_by_hand` of a file whose first bytes (64 KB are enough) are ``head``
    (``shown``: its path, for a parse error's message only)."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"+++"):
        end = re.search(rb"^\+\+\+[ \t]*\r?$", head[3:], re.MULTILINE)
        block = head[3 : 3 + end.start()] if end else head
        block = re.split(rb"^[ \t]*\[", block, maxsplit=1, flags=re.MULTILINE)[0]  # top-level keys only
        return _TOML_TRANSLATED.search(block) is None
    if _JSON_OPEN.match(head):
        from l10n.markdown.frontmatter import find_front_matter  # rare: only notes opening a JSON object

        try:
            front = find_front_matter(head.decode("utf-8", "replace"), shown)
        except Exception:  # noqa: BLE001 - damaged (or cut at 64 KB): never taken for l10n's page
            return True
        return front is not None and front.data.get("translated") is not True
    if not head.startswith(b"---"):
        return False
    end = re.search(rb"^(?:---|\.\.\.)[ \t]*\r?$", head[3:], re.MULTILINE)
    block = head[3 : 3 + end.start()] if end else head
    return _TRANSLATED.search(block) is None


def select_notes(config: Config, names: Iterable[str], listings: Listings | None = None) -> NoteList:
    """Resolve command-line NOTE arguments (paths or names relative to the source folder); with
    none, every note, found with the kept folder ``listings`` when given (:class:`Listings`)."""
    wanted = list(names)
    if not wanted:
        unread: list[str] = []
        skipped: list[str] = []
        unlisted: list[tuple[str, str]] = []
        foreign: list[str] = []
        names = _discovered_names(config, unread, listings, skipped, unlisted, foreign)
        return NoteList(config.source, names, sorted(unread), skipped, unlisted, foreign)
    notes: list[str] = []
    for name in wanted:
        candidate = Path(name)
        if not candidate.is_absolute():
            # A NOTE may be given from the current folder, the project folder or the source folder.
            options = [Path.cwd() / candidate, config.root / candidate, config.source / candidate]
            found = next((path for path in options if path.exists()), None)
            if found is None:
                # missing wherever it is read from: say so, not where one reading would put it
                inside = [path for path in options if _within_sources(config, Path(os.path.normpath(path.absolute())))]
                if inside:
                    there = next((path for path in inside if os.path.lexists(path)), None)
                    raise DocumentError("note not found" if there is None else _not_a_file(there), name)
            candidate = found or options[-1]
        candidate = Path(os.path.normpath(candidate.absolute()))
        if not _within_sources(config, candidate):
            raise DocumentError("not inside the source folder " + str(config.source), name)
        if candidate.is_dir():
            notes.extend(n.name for n in discover_notes(config) if _inside(n.path, candidate))
            continue
        if not candidate.is_file():
            raise DocumentError(_not_a_file(candidate), name)
        note = candidate.relative_to(config.source).as_posix()
        why = unfollowed_link(config, note)
        if why is not None:  # the walk of the whole site would not read it either
            raise DocumentError(why, name)
        if not drop_outputs(config, [note], every=True):  # nor a page l10n wrote among the sources
            if written_by_hand(config.source / note) and (_named_as_translations(config, [note]) or _in_language_folders(config, [note])):
                lang = note_name_language(config, note)
                raise DocumentError(f"the {lang} translation of the note beside it (where the layout puts it), not a note", name)
            raise DocumentError("a translation l10n wrote (its front matter says translated: true), not a note", name)
        notes.append(note)
    return NoteList(config.source, _in_path_order(notes))


def _not_a_file(path: Path) -> str:
    """Why NOTE ``path``, which is no regular file nor folder, is not read."""
    try:
        return f"{not_regular(os.stat(path).st_mode)}, not read"
    except OSError as exc:
        return "a symbolic link loop, not read" if exc.errno == errno.ELOOP else "note not found"


def _within_sources(config: Config, path: Path) -> bool:
    return any(_inside(path, folder) for folder in config.source_dirs or (config.source,))


def _checked(path: Path, folder: Path) -> Path:
    # Resolve symlinks too: a linked sub-folder must not lead writes out of the folder.
    if not _inside(path, folder) or not _inside(_resolved(str(path.parent)), _resolved(str(folder))):
        raise DocumentError(f"refusing to write outside {folder}", path)
    return path


@functools.lru_cache(maxsize=4096)
def _resolved_cached(folder: str, generation: int) -> Path:
    return Path(os.path.realpath(folder))


_GENERATION = [0]


def _resolved(folder: str) -> Path:
    """``realpath`` of a folder, remembered for the run (thousands of notes share a few folders)."""
    return _resolved_cached(folder, _GENERATION[0])


def forget_resolved_folders() -> None:
    """Drop remembered folder resolutions (after creating or relinking folders)."""
    _GENERATION[0] += 1


def template_path(config: Config, note: Note) -> Path:
    """:meth:`Layout.template` of ``config``'s layout."""
    return Layout.of(config).template(note)


def catalog_path(config: Config, note: Note, lang: str) -> Path:
    """:meth:`Layout.catalog` of ``config``'s layout."""
    return Layout.of(config).catalog(note, lang)


@functools.lru_cache(maxsize=MOST_PER_NOTE)
def _placed(locales: Path, folder_name: str, rel: PurePosixPath, suffix: str, generation: int) -> Path:
    """A note's template or catalog path, checked once per run: a run asks for each several
    times (state, extract, coverage), and building and checking a path is costly in pathlib."""
    folder = locales / folder_name
    return _checked(folder / rel.with_suffix(suffix), folder)


def templates_folder(config: Config) -> str:
    """The templates' folder (absolute, as a string ending in ``os.sep``): only l10n writes
    there, and no one edits a template (extract makes it again from its note)."""
    return f"{config.locales}{os.sep}templates{os.sep}"


def written_folders(config: Config, languages: Sequence[str]) -> list[str]:
    """Folders (absolute, as strings ending in ``os.sep``, prefixes of the paths
    :func:`template_file` and :func:`output_file` give) that hold only files l10n writes: the
    templates folder, and each language's output folder (the layout pattern's fixed part up to
    its first note-dependent field) when it is apart from the source and locales folders. Empty
    for a layout that puts outputs among the sources (``jekyll``, ``hugo-suffix``…).

    Their files are recorded without a digest of their own bytes unless the stage kept it
    (:attr:`l10n.store.state.RunState.unhashed`)."""
    sep = os.sep
    found = [templates_folder(config)]
    fixed, rest = "", layout_pattern(config)
    while True:  # the pattern up to its first field that differs from note to note
        text, brace, after = rest.partition("{")
        fixed += text
        field, _, rest = after.partition("}")
        if not brace or field not in ("lang", "source"):
            break
        fixed += "{" + field + "}"
    fixed = fixed.rpartition("/")[0]
    source, locales = str(config.source), str(config.locales)
    layout = Layout.of(config)
    for lang in languages:
        spelt = _MARK if _may_be_spelt_otherwise(lang) else lang
        rel = "/".join(p for p in fixed.format(lang=spelt, source=source_rel(config)).split("/") if p and p != ".")
        rel = layout.respelt(rel, lang) if spelt == _MARK else rel
        if not rel:
            continue
        folder = os.path.join(str(config.root), *rel.split("/"))
        if not any(_inside(folder, other) or _inside(other, folder) for other in (source, locales)):
            found.append(folder + sep)
    return found


def source_file(config: Config, name: str) -> str:
    """The path of note ``name`` (relative, POSIX) as a string (``Note.path``, without pathlib;
    concatenated, as ``os.path.join`` of a relative name would, at a third of its cost)."""
    return f"{config.source}{os.sep}{name}"


def template_file(config: Config, name: str) -> str:
    """:func:`template_path` of note ``name`` as a string, without its checks (no symlink is
    resolved): for reading stamps and counts, never for writing. Tests keep the two equal."""
    return f"{config.locales}{os.sep}templates{os.sep}{os.path.splitext(name)[0]}.pot"


def catalog_file(config: Config, name: str, lang: str) -> str:
    """:func:`catalog_path` as a string, unchecked (see :func:`template_file`)."""
    return f"{config.locales}{os.sep}{config.catalog_folder(lang)}{os.sep}{os.path.splitext(name)[0]}.po"


def output_file(config: Config, name: str, lang: str) -> str:
    """:func:`output_path` as a string, unchecked (see :func:`template_file`)."""
    return os.path.join(str(config.root), output_rel_name(config, name, lang))


def output_path(config: Config, note: Note, lang: str) -> Path:
    """:meth:`Layout.output` of ``config``'s layout."""
    return Layout.of(config).output(note, lang)


@dataclass(frozen=True)
class Collision:
    """Two notes whose outputs in one language are the same file (the second would overwrite the first)."""

    output: str
    """The output, a project-relative POSIX path."""
    lang: str
    notes: tuple[str, str]
    """The note that claimed the output first and the one that claims it again (names
    relative to the source folder)."""


@dataclass(frozen=True)
class Layout:
    """Every path of one project: sources, templates, catalogs and outputs, both ways.

    Note names are POSIX paths relative to the source folder (``blog/post-en.md``); outputs
    are placed by the output layout pattern (:mod:`l10n.site.site_layout`), templates and catalogs
    mirror the note's path under ``locales/templates`` and ``locales/<lang>``. Build one with
    :meth:`of` (remembered for the last configuration asked about).
    """

    config: Config
    pattern: str
    """The output path pattern (:func:`l10n.site.site_layout.resolve_layout`)."""
    source_rel: str
    """The source folder relative to the project, POSIX (``""`` for the project itself)."""

    @classmethod
    def of(cls, config: Config) -> Layout:
        """The layout of ``config`` (the same object while ``config`` is the same object)."""
        global _last_layout
        if _last_layout is None or _last_layout.config is not config:
            _last_layout = cls(config, layout_pattern(config), source_rel(config))
        return _last_layout

    # -- note -> files -------------------------------------------------------------------------

    def template(self, note: Note) -> Path:
        """``locales/templates/<note>.pot``; raises :class:`~l10n.errors.DocumentError` when it
        would leave its folder or the project (symlinks resolved; see ``allow_outside_project``)."""
        path = _placed(self.config.locales, "templates", note.rel, ".pot", _GENERATION[0])
        return path if self.config.allow_outside_project else _in_project(path, self.config.root)

    def catalog(self, note: Note, lang: str) -> Path:
        """``locales/<lang>/<note>.po``; errors as for :meth:`template`."""
        path = _placed(self.config.locales, self.config.catalog_folder(lang), note.rel, ".po", _GENERATION[0])
        return path if self.config.allow_outside_project else _in_project(path, self.config.root)

    listed: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    """Folder (project-relative, POSIX) -> its entries' names, listed once for :meth:`respelt`."""

    def output_rel(self, name: str, lang: str) -> str:
        """The project-relative POSIX path of note ``name``'s output in ``lang`` (unchecked):
        ``{lang}`` is the code as configured, or as the site already spells it where the page
        goes (:meth:`respelt`)."""
        config = self.config
        if not _may_be_spelt_otherwise(lang):
            return _output_rel_cached(self.pattern, self.source_rel, name, lang, config.language_codes, config.source_language)
        marked = _output_rel_cached(self.pattern, self.source_rel, name, _MARK, config.language_codes, config.source_language)
        return self.respelt(marked, lang)

    def respelt(self, marked: str, lang: str) -> str:
        """``marked`` (a project-relative POSIX path with :data:`_MARK` where ``{lang}`` goes)
        with each mark replaced by ``lang`` as the site already spells it there: the folder or
        file that is there, spelt otherwise (``content/pt-br`` for ``pt_BR``: codes are
        compared by :func:`~l10n.site.site_layout.folded_code`), else the spelling of the other
        pages of that folder (``f.pt-br.md`` beside a hand-written ``e.pt-br.md``), else
        ``lang`` as configured. The page l10n writes is then the one the site generator reads,
        and a translation the site has is recognised as this note's (:func:`drop_outputs`,
        :mod:`l10n.site.keep`). One listing per folder a mark stands in, per run."""
        parts = marked.split("/")
        spelt = lang  # a folder's spelling goes on to the names in it (_notes/pt-br/a-pt-br.md)
        for index, part in enumerate(parts):
            if _MARK not in part:
                continue
            prefix, _, suffix = part.partition(_MARK)
            if _MARK in suffix:  # twice in one name: no custom layout does that usefully
                parts[index] = part.replace(_MARK, spelt)
                continue
            spelt = _spelling_among(self._entries("/".join(parts[:index])), prefix, suffix, spelt)
            parts[index] = prefix + spelt + suffix
        return "/".join(parts)

    def _entries(self, folder: str) -> frozenset[str]:
        """The names in ``folder`` (project-relative, POSIX), listed once per layout (a run)."""
        entries = self.listed.get(folder)
        if entries is None:
            try:
                entries = frozenset(os.listdir(os.path.join(str(self.config.root), *folder.split("/")) if folder else str(self.config.root)))
            except OSError:  # not there (yet): nothing spelt otherwise
                entries = frozenset()
            self.listed[folder] = entries
        return entries

    def output(self, note: Note, lang: str) -> Path:
        """Where ``note`` translated into ``lang`` goes.

        Raises :class:`~l10n.errors.DocumentError` for a path inside the locales folder, or outside
        the project (symlinks resolved) unless ``allow_outside_project`` is set."""
        config = self.config
        path = config.root / self.output_rel(note.name, lang)
        if _inside(path, config.locales):
            raise DocumentError(f"the layout puts this note's output inside {config.locales}", note.path)
        if config.allow_outside_project:
            return path
        return _checked(_in_project(path, config.root), config.root)

    def output_in(self, folder: Path, note: Note, lang: str) -> Path:
        """The note's output as if ``folder`` held the translated tree laid out like the source
        folder: the note's sub-folder, with the file name the layout gives the output
        (``post-en.md`` → ``post-hi.md``, ``intro.md`` → ``intro.hi.md`` for ``hugo-suffix``)."""
        return folder / note.rel.with_name(self.output_rel(note.name, lang).rpartition("/")[2])

    def read_paths(self, name: str, lang: str) -> tuple[str, str]:
        """The catalog and output path of note ``name`` in ``lang``, as strings, unchecked
        (:func:`catalog_file`, :func:`output_file`: for readers such as status, without the
        checks that guard *writes* and resolve symlinks)."""
        return catalog_file(self.config, name, lang), output_file(self.config, name, lang)

    def note_language(self, name: str) -> str:
        """The language note ``name`` is written in as its name tells (:func:`l10n.site.site_layout.name_language`)."""
        return name_language(name, self.config.language_codes, self.config.source_language)

    # -- outputs -> notes ----------------------------------------------------------------------

    def outputs(self, names: Iterable[str], languages: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Each output (project-relative POSIX path) of ``names`` in ``languages`` → (note, language).

        When two notes share an output the first in path order keeps it (see :meth:`collisions`).
        """
        found: dict[str, tuple[str, str]] = {}
        for name in _in_path_order(names):
            for lang in languages:
                found.setdefault(self.output_rel(name, lang), (name, lang))
        return found

    def note_of(self, output: str, names: Iterable[str]) -> str | None:
        """The note among ``names`` whose output (in any configured language) is ``output``
        (a project-relative POSIX path), or None."""
        hit = self.outputs(names, self.config.languages).get(output)
        return hit[0] if hit else None

    def note_of_catalog(self, catalog: Path) -> str:
        """The note name a catalog or template belongs to (the note may be gone: an orphan).

        >>> from l10n.config import Config
        >>> layout = Layout.of(Config(Path("/p"), Path("/p/notes"), Path("/p/locales"), "translated/{lang}"))
        >>> layout.note_of_catalog(Path("/p/locales/hi/blog/post-en.po"))
        'blog/post-en.md'

        Raises :class:`ValueError` for a path outside ``locales/<folder>/``.
        """
        rel = catalog.relative_to(self.config.locales)
        if len(rel.parts) < 2:
            raise ValueError(f"{catalog} is not a catalog or template of {self.config.locales}")
        return PurePosixPath(*rel.parts[1:]).with_suffix(NOTE_SUFFIX).as_posix()

    def collisions(self, names: Iterable[str], languages: Sequence[str], fold_case: bool | None = None) -> list[Collision]:
        """Outputs that two of ``names`` would both write, in the order ``names`` are given.

        A note has no output in its own language. Paths are compared as the project's file
        system compares names (``fold_case``; None: :func:`l10n.fsutil.case_insensitive` of the
        project folder): on a case-sensitive one ``Foo.hi.md`` and ``foo.hi.md`` are two files,
        on a case-insensitive one (macOS, Windows) one file (:func:`l10n.fsutil.folded_path`).

        >>> from l10n.config import Config
        >>> config = Config(Path("/p"), Path("/p/content"), Path("/p/l"), "", layout="{source}/{dir}/{stem}.{lang}{ext}")
        >>> [(c.output, c.notes) for c in Layout.of(config).collisions(["intro.md", "intro.en.md"], ["hi"])]
        [('content/intro.hi.md', ('intro.md', 'intro.en.md'))]
        """
        if fold_case is None:
            fold_case = case_insensitive(self.config.root)
        owner: dict[str, str] = {}
        found: list[Collision] = []
        for name in names:
            own = self.note_language(name)
            for lang in languages:
                if lang == own:
                    continue
                out = self.output_rel(name, lang)
                first = owner.setdefault(folded_path(out) if fold_case else out, name)
                if first != name:
                    found.append(Collision(out, lang, (first, name)))
        return found


_last_layout: Layout | None = None

_MARK = "\0"
"""Stands for ``{lang}`` in an output path whose code's spelling is looked up on disk (no file
name holds NUL)."""


def _may_be_spelt_otherwise(code: str) -> bool:
    """Whether a site may spell ``code`` otherwise in a way that names another file on a
    case-sensitive file system and that sites do use: a code with a subtag (``pt_BR``,
    ``pt-br``, ``zh-Hans``) or capitals. A bare lower-case code (``hi``) is looked for as
    written, so most sites list no folder for it."""
    return "-" in code or "_" in code or code != code.lower()


def _spelling_among(entries: frozenset[str], prefix: str, suffix: str, lang: str) -> str:
    """The spelling of ``lang`` to put between ``prefix`` and ``suffix`` in a folder holding
    ``entries``: ``lang`` when that name is there; else the spelling of the entry that is the
    same name with ``lang`` spelt otherwise; else, for a name with a language suffix
    (``prefix`` ends in ``-``, ``.`` or ``_``), the spelling most entries of the folder use in that
    place (ties: the first in name order); else ``lang``."""
    if prefix + lang + suffix in entries:
        return lang
    wanted = folded_code(lang)
    low, high = len(prefix), -len(suffix) if suffix else None
    same = sorted(
        entry[low:high]
        for entry in entries
        if entry.startswith(prefix) and entry.endswith(suffix) and len(entry) > low + len(suffix) and folded_code(entry[low:high]) == wanted
    )
    if same:
        return same[0]
    if not prefix or prefix[-1] not in "-._":
        return lang
    pattern = re.compile(rf"{re.escape(prefix[-1])}({spelt_any_way(lang)}){re.escape(suffix)}$", re.IGNORECASE)
    used = Counter(match.group(1) for entry in sorted(entries) if (match := pattern.search(entry)))
    return used.most_common(1)[0][0] if used else lang


def _in_project(path: Path, root: Path) -> Path:
    """``path``, when its folder (symlinks resolved: a linked ``locales/hi`` or
    ``translated/hi``) lies inside the project; otherwise a DocumentError (issue 15)."""
    if not _inside(_resolved(str(path.parent)), _resolved(str(root))):
        raise DocumentError("refusing to write outside the project (a symlinked folder?); set allow_outside_project = true to allow it", path)
    return path


_SHARD = re.compile(r"^(\d+)/(\d+)$")


def parse_shard(value: str) -> tuple[int, int]:
    """``"2/4"`` -> ``(2, 4)``: this runner's 1-based index and the number of runners."""
    match = _SHARD.match(value.strip())
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ConfigError(f"--shard must look like K/N with 1 <= K <= N, got {value!r}")
    return int(match.group(1)), int(match.group(2))


def shard(notes: NoteList, index: int, count: int) -> NoteList:
    """The notes of runner ``index`` (1-based) out of ``count``: a stable partition by name.

    Every note lands in exactly one shard, decided by a CRC32 of its path, so the same runner
    gets the same notes on every run and machine (Python's ``hash()`` is salted per process).
    """
    return NoteList(
        notes.source, (name for name in notes.names if zlib.crc32(name.encode("utf-8")) % count == index - 1)
    )


def named_notes(notes: Iterable[Note]) -> Iterator[tuple[str, Callable[[], Note]]]:
    """Each note's name, with a function giving its :class:`Note`: a :class:`NoteList` makes its
    pathlib objects only for the notes that have work to do (most notes of a run on every push
    are skipped by their name and stamps alone)."""
    if isinstance(notes, NoteList):
        for name in notes.names:
            yield name, functools.partial(notes.note, name)
    else:
        for note in notes:
            yield note.name, functools.partial(_itself, note)


def _itself(note: Note) -> Note:
    return note
