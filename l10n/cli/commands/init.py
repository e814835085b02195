"""``l10n init``: start a project in one command — configuration and .gitignore entries.

It tells the site generator from its files (:func:`l10n.markdown.generator.detect_dialect`), picks the
folder of notes that generator uses, and writes a commented ``[tool.l10n]`` table into
``pyproject.toml`` (appended) or a new ``l10n.toml``. It never overwrites: an existing
``[tool.l10n]`` or ``l10n.toml`` is left alone and said so.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from l10n.cli.app import App, Exit, handle_errors
from l10n.config import CONFIG_FILES, checked_language
from l10n.markdown.generator import GENERATOR_OF_DIALECT, detect_dialect
from l10n.messages import counted
from l10n.site.site_layout import PRESETS

# dialect -> (generator's usual folder of pages, output preset where that generator reads translations)
_SITES: dict[str, tuple[str, str | None]] = {
    "kramdown": ("_posts", "jekyll"),
    "hugo": ("content", "hugo-dir"),
    "mkdocs": ("docs", "mkdocs-suffix"),
    "docusaurus": ("docs", "docusaurus"),
    "vitepress": ("docs", None),
    "mdbook": ("src", None),
}
_FALLBACK_FOLDERS = ("source_notes", "docs", "content", "_posts")


GITIGNORE_LINES = (
    "locales/.l10n.lock",
    "locales/.l10n-cache.sqlite3*",
)
"""l10n's bookkeeping files (safe to delete, rebuilt when missing). The translation memory
(``locales/.l10n-memory.sqlite3``) is not among them: keep it, so nothing is paid for twice."""


JEKYLL_NOT_PAGES = ("_includes", "_layouts", "_sass", "_data", "_drafts", "_site", ".jekyll-cache", "vendor")
"""Folders of a Jekyll site whose ``.md`` files are not pages (Jekyll docs, "Directory
Structure": includes, layouts, Sass partials, data, unpublished drafts, the built site; ``vendor``
holds bundled gems): excluded when the whole site is the source."""


def jekyll_excludes(root: Path) -> list[str]:
    """The ``exclude:`` entries of the Jekyll site's ``_config.yml`` in ``root`` (paths and globs
    relative to the site's source that Jekyll leaves out of the site, Jekyll docs
    "Configuration Options"), strings only; empty when there is no such file or it cannot be
    read (``init`` then writes only :data:`JEKYLL_NOT_PAGES`)."""
    from l10n.markdown.yaml12 import YamlError, load

    try:
        data = load((root / "_config.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlError):
        return []
    entries = data.get("exclude") if isinstance(data, dict) else None
    return [entry.strip("/") for entry in entries if isinstance(entry, str) and entry.strip("/")] if isinstance(entries, list) else []


def site_folder(root: Path, dialect: str) -> str:
    """The folder, relative to ``root``, that holds the generator's site: ``website`` for a
    Docusaurus site kept there (Docusaurus "Project structure", the monorepo layout), else
    ``""`` (the root itself)."""
    if dialect == "docusaurus" and not any(root.glob("docusaurus.config.*")) and any((root / "website").glob("docusaurus.config.*")):
        return "website"
    return ""


def _source_folder(root: Path, dialect: str) -> str:
    usual = _SITES.get(dialect, ("source_notes", None))[0]
    if dialect == "hugo" and (root / usual / "en").is_dir():
        # Hugo's translation by content directory: content/en/ holds the English pages and
        # content/fr/… others' translations, which are no notes to translate from English
        return f"{usual}/en"
    site = site_folder(root, dialect)
    if site and not (root / usual).is_dir() and (root / site / usual).is_dir():
        return f"{site}/{usual}"  # docs/ beside the configuration, not at the repository's root
    if (root / usual).is_dir():
        return usual
    found = next((name for name in _FALLBACK_FOLDERS if (root / name).is_dir()), None)
    if found is not None:
        return found
    if dialect == "kramdown" and any(root.glob("*.md")):
        # A Jekyll site of pages and collections (_episodes/, _extras/…) without _posts/: Jekyll
        # renders every page from the site's root, so the root is the source.
        return "."
    return usual


def layout_preset(root: Path, dialect: str, source: str) -> tuple[str | None, bool]:
    """The output preset for the site in ``root`` and whether ``init`` writes it (True) or only
    suggests it in a comment (False: the generator needs a plugin l10n cannot see configured).

    Hugo: ``hugo-dir`` when the content folder has a folder of the source language
    (``content/en/``: init writes no ``source_language``, so it is ``en``; Hugo's
    "translation by content directory"), which is then the source (the other languages'
    folders beside it hold their translations), else ``hugo-suffix`` (``a.hi.md``, "translation by file
    name", which needs no per-language ``contentDir``). Jekyll and Docusaurus: their presets.
    MkDocs: ``mkdocs-suffix`` is written only when ``mkdocs.yml`` names the i18n plugin
    (mkdocs-static-i18n); without it MkDocs would publish ``a.hi.md`` as a page of its own."""
    preset = _SITES.get(dialect, ("", None))[1]
    if preset is None:
        return None, False
    if dialect == "hugo":
        by_folder = source.endswith("/en") or (root / source / "en").is_dir()
        return ("hugo-dir" if by_folder else "hugo-suffix"), True
    if dialect == "mkdocs":
        config = next((root / name for name in ("mkdocs.yml", "mkdocs.yaml") if (root / name).is_file()), None)
        text = config.read_text(encoding="utf-8", errors="replace") if config is not None else ""
        return preset, re.search(r"^[ \t]*-?[ \t]*i18n\b", text, re.MULTILINE) is not None
    return preset, True


def config_text(root: Path, languages: list[str]) -> str:
    """The commented ``[tool.l10n]`` table ``init`` writes for the project in ``root``: with the
    generator's ``layout`` preset (:func:`layout_preset`) set, so outputs land where it reads them."""
    dialect = detect_dialect(root)
    generator = GENERATOR_OF_DIALECT[dialect]
    source = _source_folder(root, dialect)
    preset, write_preset = layout_preset(root, dialect, source)
    found = f"{generator} site (found by its files)" if generator != "github" else "project (no site generator found)"
    lines = [
        "",
        f"# l10n: localize the Markdown notes of this {found}. Written by `l10n init`;",
        "# every key is optional (see the README's Configuration section).",
        "[tool.l10n]",
        f'source = "{source}"              # folder of notes, searched recursively',
    ]
    if source == "." and dialect == "kramdown":
        # Jekyll also leaves out every dot-folder (.github/) and what its _config.yml excludes
        excluded = list(dict.fromkeys([*JEKYLL_NOT_PAGES, ".*", *jekyll_excludes(root)]))
        lines.append(f"exclude = {excluded!r}  # what Jekyll leaves out of the site".replace("'", '"'))
    site = site_folder(root, dialect)
    if preset and write_preset and site:
        # the preset's folders are the site's: i18n/ lies beside the configuration
        pattern = f"{site}/{PRESETS[preset]}"
        lines.append(f'layout = "{pattern}"  # where the {generator} site in {site}/ reads translations (README: Site layout)')
    elif preset and write_preset:
        lines.append(f'layout = "{preset}"             # where a {generator} site reads translations (README: Site layout)')
    else:
        lines.append('output = "translated/{lang}"    # where translated notes are written ({lang}: the language tag)')
    if preset and not write_preset:
        lines.append(f'# layout = "{preset}"           # with the mkdocs-static-i18n plugin (docs_structure: suffix)')
    langs = ", ".join(f'"{lang}"' for lang in languages)
    lines += [
        f"languages = [{langs}]              # target languages (BCP 47 tags)",
        'engine = "pseudo"               # offline demo engine; google, deepl, libre, openai… for real text',
        '# markdown = "auto"             # the Markdown dialect, told by the generator\'s files'
        + ("" if generator != "github" else "; none found: name it (gfm, kramdown, hugo, mkdocs…) so #anchors to translated headings follow its ids"),
        "",
    ]
    return "\n".join(lines)


@click.command("init")
@click.option(
    "--lang", "-l", "langs", multiple=True, metavar="LANG",
    help="A target language, kept as typed (it names folders: zh-TW, pt-br) (repeatable). Default: hi.",
)
@click.pass_obj
@handle_errors
def init(app: App, langs: tuple[str, ...]) -> None:
    """Start a project: write a commented configuration and .gitignore entries.

    The site generator (Jekyll, Hugo, MkDocs, Docusaurus, VitePress, mdBook) is told by its
    files; its folder of notes becomes the source. The table goes into pyproject.toml when there
    is one (appended), else into a new l10n.toml. Nothing is ever overwritten.
    """
    root = app.root
    if not root.is_dir():
        app.abort(f"project folder not found: {root} (given with -C/--project)", Exit.USAGE)
    languages = [checked_language(tag, "--lang") for tag in langs or ("hi",)]  # as written: it names folders
    pyproject, own = root / CONFIG_FILES[0], root / CONFIG_FILES[1]
    if own.exists():
        app.abort(f"{own.name} exists already; nothing written (edit it, or remove it to start again)")
    text = config_text(root, languages)
    if pyproject.exists():
        current = pyproject.read_text(encoding="utf-8")
        if "[tool.l10n" in current:
            app.abort(f"{pyproject.name} has a [tool.l10n] table already; nothing written")
        with pyproject.open("a", encoding="utf-8") as out:
            out.write(text if current.endswith("\n") else "\n" + text)
        click.echo(f"added [tool.l10n] to {pyproject.name}")
    else:
        own.write_text(text.lstrip("\n"), encoding="utf-8")
        click.echo(f"wrote {own.name}")
    source = root / _source_folder(root, detect_dialect(root))
    if not source.exists():  # an empty project: the first sync finds the folder to fill
        source.mkdir(parents=True)
        click.echo(f"created {source.name}/ (put the notes to translate there)")
    ignore = root / ".gitignore"
    present = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
    missing = [line for line in GITIGNORE_LINES if line not in present]
    if missing:
        block = "\n".join(["# l10n bookkeeping (rebuilt when missing)", *missing]) + "\n"
        with ignore.open("a", encoding="utf-8") as out:
            out.write(("\n" if present and present[-1] != "" else "") + block)
        click.echo(f"added {counted(len(missing), 'line')} to .gitignore")
    click.echo("next: l10n sync   (then l10n status)")
