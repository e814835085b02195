"""Whether a file already at a note's output path is l10n's to overwrite.

l10n never destroys a translation it did not write. A page at an output path is l10n's when

- the run state records that a build wrote it (:func:`l10n.store.written_pages.recorded_as_output`;
  before ``--force`` forgets the records, :attr:`l10n.store.state.RunState.known_outputs`), or
- its front matter says ``translated: true`` (as every page build writes for a note with front
  matter; :func:`l10n.site.layout.head_written_by_hand`), or
- its bytes are what the build would write now (the caller compares them first): a note without
  front matter has a page without any, and the bookkeeping file is a cache a person may delete,
  so a site's own earlier, unchanged output is still l10n's, or
- it has no front matter and the note's catalog in that language holds a translation
  (:func:`catalog_speaks_for`): the bookkeeping is git-ignored, so a fresh clone (CI) has no
  record of the pages a build wrote, and after an English edit or a translator's msgstr edit
  they are no longer the bytes the build writes now. A hand translation waiting for
  ``adopt`` has an empty catalog: ``sync`` holds its note back from translate.

Anything else is a person's work (a hand translation in Docusaurus' ``i18n/`` folder, in Hugo's
``content/fr``, in mkdocs-static-i18n's folders, in the ``output`` folder): it is not written,
and the build says which page and what to do (:func:`refusal`). The same rule holds where
outputs sit among the sources (Jekyll, ``hugo-suffix``), where such a page is a source note
(:class:`l10n.site.relink.OutputClaims`).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from l10n.config import Config
from l10n.po.policy import Coverage
from l10n.site.layout import head_has_front_matter, head_written_by_hand


def is_l10ns(config: Config, page: Path, head: bytes, forgotten: Collection[str] = (), keep: bool = False) -> bool:
    """Whether the file at ``page`` (absolute), whose first bytes are ``head`` (64 KB are
    enough), is a page l10n wrote: its front matter says ``translated: true``, or a build record
    lists it (``forgotten``: the records ``--force`` cleared in this run). One read-only query of
    the bookkeeping file when the front matter does not say (``keep``: its connection kept for
    the next question, :func:`l10n.store.written_pages.recorded_as_output`). Raises nothing."""
    if head_has_front_matter(head) and not head_written_by_hand(head, str(page)):
        return True
    if str(page) in forgotten:
        return True
    from l10n.store.written_pages import recorded_as_output  # the bookkeeping: only for such a page

    return recorded_as_output(config.locales, str(config.source), str(page), keep)


def catalog_speaks_for(head: bytes, coverage: Coverage) -> bool:
    """Whether a page whose first bytes are ``head`` is taken as built from its note's catalog,
    whose counts are ``coverage``: the page has no front matter (a page build writes for a note
    without any) and the catalog holds a translation (translated or fuzzy entries). Once the
    catalog speaks for the note in that language, the page is its rendering (after ``adopt``
    too: the hand translation is in the catalog then). Raises nothing."""
    return not head_has_front_matter(head) and coverage.translated + coverage.fuzzy > 0


def refusal(lang: str) -> str:
    """The message of a page l10n does not overwrite, saying what to do; the error line puts the
    page's path (from the project's root) before it."""
    return "not overwritten: l10n did not write this page (no build record, no translated: true in its front matter); " + advice(lang)


def source_note_refusal(shown: str, lang: str) -> str:
    """The message of a note whose output ``shown`` (from the project's root) is a source note
    someone wrote among the sources (front matter without ``translated: true``); the error line
    puts the note's path before it."""
    return f"output {shown} is a source note (its front matter lacks translated: true); " + advice(lang)


def advice(lang: str) -> str:
    """What to do with a page l10n will not overwrite."""
    return f"run 'l10n adopt --lang {lang}' to take its translations into the catalog, or delete it to let l10n build it"
