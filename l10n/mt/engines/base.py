"""What every translation engine is: the protocol, its errors, keys and text helpers.

The HTTP plumbing the network engines share is :mod:`l10n.mt.engines.http`, apart so that an
engine without a network (``pseudo``) and the runs that only build never import ``requests``.

An engine turns a list of texts into a list of translations for one language pair. Texts arrive
already protected (see :mod:`l10n.markdown.protect`): placeholders like ``{1}`` must come back unchanged.

Failures come in two kinds, because the caller reacts differently:

* :class:`~l10n.errors.EngineError` — the engine cannot work for this language at all (no network,
  bad key, unsupported language, rate limit after retries). The caller stops that language.
* :class:`ReplyError` (a subclass) — the engine answered, but this batch's reply is unusable (wrong
  JSON shape, payload too large). The caller retries the items one by one and moves on.

API keys come only from environment variables and never appear in a message, a log line or a
``repr``: every message built here goes through :func:`scrub`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from l10n.errors import EngineError
from l10n.markdown.protect import subtags


class Engine(Protocol):
    """A machine-translation backend for many texts at once."""

    name: str
    """Shown to users and written to catalogs, e.g. ``libre``, ``openai/gpt-4o-mini``, ``pseudo``."""
    default_jobs: int
    """Concurrent requests when the user does not choose ``--jobs``."""
    max_batch: int
    """Most texts one :meth:`translate` call should receive."""
    max_chars: int
    """Most characters (sum over texts) one :meth:`translate` call should receive."""
    accepts_glossary: bool
    """True when the engine is told the glossary's fixed translations (so replies are checked)."""
    real_language: bool
    """False for pseudo-localization: the output is not the target language (no script check)."""

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        """Translate ``texts`` from ``source`` to ``target`` (canonical BCP 47 tags), in order."""
        ...


class ReplyError(EngineError):
    """The engine answered, but the reply for this batch cannot be used; other batches may work."""


def engine_error(engine: str, source: str, target: str, what: str, hint: str) -> EngineError:
    """The one-line error users see: engine, language pair, what happened, what to do."""
    return EngineError(scrub(f"{engine} ({source}→{target}): {what}; {hint}"))


def bad_reply(engine: str, source: str, target: str, what: str) -> ReplyError:
    """A reply that cannot be used for this batch; the caller retries its items one by one."""
    return ReplyError(scrub(f"{engine} ({source}→{target}): {what}; the items are retried one by one"))


# --- secrets ---------------------------------------------------------------------------------


def secret_values(env: Mapping[str, str] | None = None) -> list[str]:
    """The values (4 characters or more) of every registered engine's key variable in ``env``
    (default: the process environment); the registry names the variables, so none is missed."""
    from l10n.mt.engines.registry import key_variables

    env = os.environ if env is None else env
    return [v for v in (env.get(name, "") for name in key_variables()) if len(v) >= 4]


def scrub(text: str, extra: Iterable[str] = ()) -> str:
    """Replace every known API key value in ``text`` by ``***``.

    >>> scrub("bad key abc123", ["abc123"])
    'bad key ***'
    """
    # a value under 4 characters is no real key (a test's "x"): hiding it would garble words
    for secret in [*secret_values(), *extra]:
        if len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def api_key(var: str, env: Mapping[str, str] | None = None) -> str | None:
    """The key in environment variable ``var``, stripped; None when unset or blank.

    Raises EngineError (naming the variable, never the value) when the value holds characters an
    HTTP header cannot carry (RFC 9110 field values: visible ASCII and spaces; anything
    outside Latin-1 would otherwise end in a UnicodeEncodeError deep inside ``http.client``).
    """
    value = (os.environ if env is None else env).get(var, "").strip()
    if value and not all(" " <= char <= "~" for char in value):
        raise EngineError(
            f"the {var} environment variable holds characters an API key cannot have (control or non-ASCII "
            "characters); copy the key again from the engine's account page"
        )
    return value or None


# --- language codes --------------------------------------------------------------------------


def resolve_language(tag: str, codes: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    """Map a canonical tag to one of an engine's ``codes``, or None when it has no match.

    Tries an alias, the exact tag, then ``lang-REGION``, ``lang-Script`` and finally the bare
    language — the bare language only when its default script is the tag's script, so that
    ``zh-TW`` (Traditional) never silently becomes ``zh`` (Simplified).

    >>> resolve_language("hi", ["hi-IN", "en-GB"])
    'hi-IN'
    >>> resolve_language("zh-TW", ["zh", "en"]) is None
    True
    """
    by_lower = {code.lower(): code for code in codes}
    if aliases and tag in aliases:
        return aliases[tag]
    lang, script, region = subtags(tag)
    candidates = [tag, f"{lang}-{region}", f"{lang}-{script}"]
    if script == subtags(lang)[1]:
        candidates.append(lang)
    for candidate in candidates:
        if aliases and candidate in aliases:
            return aliases[candidate]
        if candidate.lower() in by_lower:
            return by_lower[candidate.lower()]
    return None


def unsupported_language(engine: str, source: str, target: str, tag: str) -> EngineError:
    return engine_error(
        engine,
        source,
        target,
        f"the engine does not support the language {tag!r}",
        "choose another engine with --engine (google supports most languages) or drop the language",
    )


# --- text splitting --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?。！？।])\s+")


def split_for_limit(text: str, limit: int) -> list[str]:
    """Cut ``text`` into pieces shorter than ``limit`` whose concatenation is exactly ``text``.

    Cuts after sentence ends first, then at whitespace, and only as a last resort inside a word.

    >>> split_for_limit("One. Two. Three.", 11)
    ['One. Two. ', 'Three.']
    """
    if len(text) < limit:
        return [text]
    pieces = _cut_keep(text, _SENTENCE_END)
    pieces = [q for p in pieces for q in (_cut_keep(p, re.compile(r"\s+")) if len(p) >= limit else [p])]
    pieces = [p[i : i + limit - 1] for p in pieces for i in range(0, len(p), limit - 1)]
    chunks: list[str] = []
    for piece in pieces:
        if chunks and len(chunks[-1]) + len(piece) < limit:
            chunks[-1] += piece
        else:
            chunks.append(piece)
    return chunks


def _cut_keep(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split after each separator match, keeping the separator with the piece before it."""
    pieces, start = [], 0
    for match in separator.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return [p for p in pieces if p]


def strip_keep(text: str, translate: Callable[[str], str]) -> str:
    """Translate the stripped core of ``text`` and put its surrounding whitespace back."""
    core = text.strip()
    if not core:
        return text
    head = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    return head + translate(core) + tail
