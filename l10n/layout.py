"""Where things live: source notes, templates, catalogs and translated notes.

Layout (documented in the README)::

    source_notes/blog/post-en.md
    locales/templates/blog/post-en.pot      one template per note
    locales/hi/blog/post-en.po              one catalog per note per language
    translated/hi/blog/post-hi.md           the built note (``-en`` suffix becomes ``-hi``)

Every path is computed from a note's path *relative to the source folder*, and checked to stay
inside its folder, so no note name, sub-folder or symlink can make l10n write elsewhere.
"""

from __future__ import annotations

import functools
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import overload

from l10n.config import Config
from l10n.errors import ConfigError, DocumentError
from l10n.site_layout import literal_prefix, name_language, output_rel, resolve_layout

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

    def __init__(self, source: Path, names: Iterable[str]) -> None:
        self.source = source
        self.names = list(names)

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
    """Distinct names in the order of their paths (part by part, as pathlib compares them)."""
    return sorted(set(names), key=lambda name: name.split("/"))


def _inside(path: Path | str, folder: Path | str) -> bool:
    inner, outer = os.path.normpath(path), os.path.normpath(folder)
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


def discover_notes(config: Config) -> Iterator[Note]:
    """Yield every ``*.md`` file under the source folder, sorted, following no symlink loops.

    Symlinked files and folders are followed only while they resolve inside the source folder.
    """
    yield from NoteList(config.source, _discovered_names(config))


def _discovered_names(config: Config) -> list[str]:
    """The POSIX names of every note under the source folder(s), in path order; translated
    notes the layout puts among the sources are left out (:func:`drop_outputs`)."""
    found: list[str] = []
    for folder in config.source_dirs or (config.source,):
        found.extend(_walk(config, folder))
    return drop_outputs(config, _in_path_order(found))


def _walk(config: Config, start: Path) -> list[str]:
    """The notes under ``start``, named relative to ``config.source``."""
    root = start
    if not root.is_dir():
        raise ConfigError(f"source folder not found: {root}", config.config_file)
    # Strings and os.scandir, not pathlib: a Path per file was most of the walk's time. A
    # folder's real path is its parent's plus its name unless it is a symlink (realpath, which
    # stats every component, only then): the real paths catch symlink loops.
    real_root = os.path.realpath(root)
    prefix = str(config.source) + os.sep
    seen_dirs: set[str] = set()
    stack = [(str(root), real_root)]
    found: list[str] = []
    while stack:
        folder, real = stack.pop()
        if real in seen_dirs or not _inside(real, real_root):
            continue
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                if not entry.name.startswith("."):
                    linked = entry.is_symlink()
                    stack.append((entry.path, os.path.realpath(entry.path) if linked else real + os.sep + entry.name))
            elif entry.name.endswith(NOTE_SUFFIX) and not entry.name.startswith("."):
                if entry.is_symlink() and not _inside(os.path.realpath(entry.path), real_root):
                    continue
                if entry.path.startswith(prefix):
                    found.append(entry.path[len(prefix) :].replace(os.sep, "/"))
                else:
                    found.append(Path(entry.path).relative_to(config.source).as_posix())
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
    """The output path pattern of ``config`` (see :mod:`l10n.site_layout`)."""
    return config.layout or resolve_layout(None, config.output)


def output_rel_name(config: Config, name: str, lang: str) -> str:
    """The project-relative POSIX path of note ``name``'s output in ``lang`` (unchecked)."""
    return _output_rel_cached(
        layout_pattern(config), source_rel(config), name, lang, config.language_codes, config.source_language
    )


@functools.lru_cache(maxsize=65536)
def _output_rel_cached(pattern: str, src: str, name: str, lang: str, codes: tuple[str, ...], default: str) -> str:
    return output_rel(pattern, src, name, lang, codes, default)


def note_name_language(config: Config, name: str) -> str:
    """The language note ``name`` is written in as its name tells (:func:`name_language`)."""
    return name_language(name, config.language_codes, config.source_language)


def drop_outputs(config: Config, names: list[str], every: bool = False) -> list[str]:
    """``names`` without the translated notes among them: a note that is another note's output
    (by the layout) and whose front matter is missing or says ``translated: true``.

    Jekyll and Hugo keep translations beside their sources (``_posts/hi/``, ``post.hi.md``):
    read again as sources, they would be translated a second time (``_posts/hi/hi/…``).
    A note that is another's output but was written by hand (front matter without
    ``translated: true``) stays a source; building over it is refused (:func:`output_path`'s
    callers report it). Costs one path computation per note and language, and a read of the
    first bytes of each such candidate only.
    """
    src = source_rel(config)
    prefix = literal_prefix(layout_pattern(config))
    if prefix and not (_path_within(prefix, src) or _path_within(src, prefix)):
        return names  # outputs land in a folder of their own
    if every:  # names picked one by one: any that has a translation's front matter is one
        return [n for n in names if _written_by_hand(config.source / n) or not _has_front_matter(config.source / n)]
    present = {(src + "/" + n if src else n): n for n in names}
    outputs: set[str] = set()
    for name in names:
        for lang in config.languages:
            out = output_rel_name(config, name, lang)
            if out in present and present[out] != name:
                outputs.add(present[out])
    if not outputs:
        return names
    return [n for n in names if n not in outputs or _written_by_hand(config.source / n)]


def _path_within(inner: str, outer: str) -> bool:
    return not outer or inner == outer or inner.startswith(outer + "/")


_TRANSLATED = re.compile(rb"^translated:[ \t]*(?:true|True|TRUE|yes)[ \t]*\r?$", re.MULTILINE)


def _has_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(6).removeprefix(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False


def _written_by_hand(path: Path) -> bool:
    """Whether a note has front matter that does not say ``translated: true``."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return True
    head = head.removeprefix(b"\xef\xbb\xbf")
    if not head.startswith(b"---"):
        return False
    end = re.search(rb"^(?:---|\.\.\.)[ \t]*\r?$", head[3:], re.MULTILINE)
    block = head[3 : 3 + end.start()] if end else head
    return _TRANSLATED.search(block) is None


def select_notes(config: Config, names: Iterable[str]) -> NoteList:
    """Resolve command-line NOTE arguments (paths or names relative to the source folder)."""
    wanted = list(names)
    if not wanted:
        return NoteList(config.source, _discovered_names(config))
    notes: list[str] = []
    for name in wanted:
        candidate = Path(name)
        if not candidate.is_absolute():
            # A NOTE may be given from the current folder, the project folder or the source folder.
            options = [Path.cwd() / candidate, config.root / candidate, config.source / candidate]
            candidate = next((path for path in options if path.exists()), options[-1])
        candidate = Path(os.path.normpath(candidate.absolute()))
        if not any(_inside(candidate, folder) for folder in config.source_dirs or (config.source,)):
            raise DocumentError("not inside the source folder " + str(config.source), name)
        if candidate.is_dir():
            notes.extend(n.name for n in discover_notes(config) if _inside(n.path, candidate))
            continue
        if not candidate.is_file():
            raise DocumentError("note not found", name)
        notes.append(candidate.relative_to(config.source).as_posix())
    return NoteList(config.source, _in_path_order(notes))


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
    path = _placed(config.locales, "templates", note.rel, ".pot", _GENERATION[0])
    return path if config.allow_outside_project else _in_project(path, config.root)


def catalog_path(config: Config, note: Note, lang: str) -> Path:
    path = _placed(config.locales, lang, note.rel, ".po", _GENERATION[0])
    return path if config.allow_outside_project else _in_project(path, config.root)


@functools.lru_cache(maxsize=1024)
def _placed(locales: Path, folder_name: str, rel: PurePosixPath, suffix: str, generation: int) -> Path:
    """A note's template or catalog path, checked once per run: a run asks for each several
    times (state, extract, coverage), and building and checking a path is costly in pathlib."""
    folder = locales / folder_name
    return _checked(folder / rel.with_suffix(suffix), folder)


def source_file(config: Config, name: str) -> str:
    """The path of note ``name`` as a string (``Note.path``, without pathlib)."""
    return os.path.join(str(config.source), name)


def template_file(config: Config, name: str) -> str:
    """:func:`template_path` of note ``name`` as a string, without its checks (no symlink is
    resolved): for reading stamps and counts, never for writing. Tests keep the two equal."""
    return f"{config.locales}{os.sep}templates{os.sep}{os.path.splitext(name)[0]}.pot"


def catalog_file(config: Config, name: str, lang: str) -> str:
    """:func:`catalog_path` as a string, unchecked (see :func:`template_file`)."""
    return f"{config.locales}{os.sep}{lang}{os.sep}{os.path.splitext(name)[0]}.po"


def output_file(config: Config, name: str, lang: str) -> str:
    """:func:`output_path` as a string, unchecked (see :func:`template_file`)."""
    return os.path.join(str(config.root), output_rel_name(config, name, lang))


def output_name(name: str, source_language: str, lang: str) -> str:
    """``post-en.md`` becomes ``post-hi.md``; a name without the suffix stays as it is.

    >>> output_name("2025-09-12-jingren-zhou-en.md", "en", "hi")
    '2025-09-12-jingren-zhou-hi.md'
    >>> output_name("ch01-00-getting-started.md", "en", "hi")
    'ch01-00-getting-started.md'
    """
    suffix = f"-{source_language}{NOTE_SUFFIX}"
    if name.lower().endswith(suffix.lower()):
        return name[: -len(suffix)] + f"-{lang}{NOTE_SUFFIX}"
    return name


def output_path(config: Config, note: Note, lang: str) -> Path:
    """Where ``note`` translated into ``lang`` goes, by the layout (:mod:`l10n.site_layout`).

    Raises :class:`~l10n.errors.DocumentError` for a path inside the locales folder, or outside
    the project (symlinks resolved) unless ``allow_outside_project`` is set."""
    path = config.root / output_rel_name(config, note.name, lang)
    if _inside(path, config.locales):
        raise DocumentError(f"the layout puts this note's output inside {config.locales}", note.path)
    if config.allow_outside_project:
        return path
    return _checked(_in_project(path, config.root), config.root)


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
