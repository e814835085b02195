"""Whether a built note is current: the question ``build`` asks before it skips a note.

``build`` skips a note in a language when the run state's record of its last build
(``build:<lang>:<note>``: the note, its catalog and its output, each by size, mtime, change
time and inode, :mod:`l10n.store.state`) still holds under the same settings, and no file its
links read changed since (``deps:<lang>:<note>``). ``status`` asks the same: an output is
stale exactly when the next ``build`` would redo it, which is also when ``sync --dry-run``
says "would build …: changed since its last build". Comparing mtimes instead called a
``touch``-ed note stale for ever (the build skips it, so nothing made the output newer), and
called a same-size catalog edit whose mtime was put back current.

The records are read, never written (:attr:`~l10n.store.state.RunState.learn` off): a file
whose change time alone moved is hashed and compared with its record's digest on every
``status`` until the next run refreshes its record. Without any build record in a language (a
fresh clone without its bookkeeping file, a site built by an older version, ``build --force``
killed before its first record), the answer falls back to the mtimes: an output older than its
note or catalog is stale.
"""

from __future__ import annotations

import os
import sqlite3

from l10n.config import Config
from l10n.store.state import RunState, Stamped, identity_of


class BuildRecords:
    """The run state's records of the builds, asked per note and language without writing.

    ``languages`` are those the caller will ask about; each one's records are read in one query
    when first asked (:meth:`RunState.is_fresh_as`), and the notes whose links read a changed
    file are found once for all of them (:meth:`RunState.stale_dependencies`, one ``stat`` per
    file those records name)."""

    def __init__(self, config: Config, languages: tuple[str, ...]) -> None:
        self.state = RunState(config)
        self.state.learn = False  # status writes no run state
        self.recorded = frozenset(lang for lang in languages if self._has_builds(lang))
        """Languages with at least one build record: the others fall back to mtimes."""
        self.relink = self.state.stale_dependencies(sorted(self.recorded)) if self.recorded else set()
        """Notes the build would redo in every language for their links (as ``run_build``)."""
        self.config = config
        self.extract_state: RunState | None = None
        self.extracts: dict[str, bool] = {}
        """Per language asked about: whether it has extract records (:meth:`extracted`)."""

    def _has_builds(self, lang: str) -> bool:
        return self._has_records("build", lang)

    def _has_records(self, stage: str, lang: str) -> bool:
        db = self.state.connection.db
        if db is None:
            return False
        try:
            prefix = f"{stage}:{lang}:"
            # a range on the primary key, as RunState.clear: LIKE could not use the index
            row = db.execute("SELECT 1 FROM stamps WHERE key >= ? AND key < ? LIMIT 1", (prefix, prefix[:-1] + ";")).fetchone()
        except sqlite3.Error:
            return False
        return row is not None

    def extracted(self, name: str, lang: str, files: tuple[tuple[str, os.stat_result | None], ...]) -> bool | None:
        """Whether the catalog of note ``name`` in ``lang`` is as ``extract`` left it from the
        note as it stands: ``files`` are extract's inputs (:func:`l10n.pipeline.extract_inputs`:
        the note, its template, its catalog) as ``(path, stat or None)``; True when the run
        state's record of that extract still holds (a ``touch`` is no change). None when
        ``lang`` has no extract record at all (the caller compares mtimes)."""
        if lang not in self.extracts:
            found = self._has_records("extract", lang)
            self.extracts[lang] = found
        if not self.extracts[lang]:
            return None
        if self.extract_state is None:
            # a state of its own: one holds one stage's digests at a time, and status asks
            # about a note's build and its extract in turn (one read of each prefix, not one a note)
            self.extract_state = RunState(self.config)
            self.extract_state.learn = False
        stamped: list[Stamped] = [(path, *identity_of(info)) for path, info in files]
        return self.extract_state.is_fresh_as(f"extract:{lang}:{name}", stamped)

    def knows(self, lang: str) -> bool:
        """Whether ``lang`` has build records to judge by (else: compare mtimes)."""
        return lang in self.recorded

    def current(
        self,
        name: str,
        lang: str,
        files: tuple[tuple[str, os.stat_result | None], ...],
    ) -> bool:
        """Whether the next ``build`` would skip note ``name`` in ``lang``: ``files`` are its
        build inputs (:func:`l10n.pipeline.build_inputs`: the note, its catalog, its output) as
        ``(path, stat or None when missing)``. A note without a record (never built, or its
        build failed or was held back by ``min_coverage``) is not current."""
        stamped: list[Stamped] = [(path, *identity_of(info)) for path, info in files]
        if not self.state.is_fresh_as(f"build:{lang}:{name}", stamped):
            return False
        if name not in self.relink:
            return True
        from l10n.pipeline import faces_hold  # only for a note whose links read a changed file

        # as run_build: kept when what it read from the notes its links lead to is as it was
        return faces_hold(self.config, self.state, name, lang, False)
