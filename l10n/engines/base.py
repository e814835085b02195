"""What every translation engine is, and the HTTP plumbing the network engines share.

An engine turns a list of texts into a list of translations for one language pair. Texts arrive
already protected (see :mod:`l10n.protect`): placeholders like ``{1}`` must come back unchanged.

Failures come in two kinds, because the caller reacts differently:

* :class:`~l10n.errors.EngineError` — the engine cannot work for this language at all (no network,
  bad key, unsupported language, rate limit after retries). The caller stops that language.
* :class:`ReplyError` (a subclass) — the engine answered, but this batch's reply is unusable (wrong
  JSON shape, payload too large). The caller retries the items one by one and moves on.

API keys come only from environment variables and never appear in a message, a log line or a
``repr``: every message built here goes through :func:`scrub`.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from l10n.errors import EngineError
from l10n.protect import subtags

log = logging.getLogger("l10n.engines")

API_KEY_VARS = (
    "DEEPL_API_KEY",
    "LIBRE_API_KEY",
    "OPENAI_API_KEY",
    "MICROSOFT_API_KEY",
)
"""Every environment variable that may hold a secret; their values are scrubbed everywhere."""


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
    env = os.environ if env is None else env
    return [v for v in (env.get(name, "") for name in API_KEY_VARS) if len(v) >= 4]


def scrub(text: str, extra: Iterable[str] = ()) -> str:
    """Replace every known API key value in ``text`` by ``***``.

    >>> scrub("bad key abc123", ["abc123"])
    'bad key ***'
    """
    for secret in [*secret_values(), *extra]:
        if secret:
            text = text.replace(secret, "***")
    return text


def api_key(var: str, env: Mapping[str, str] | None = None) -> str | None:
    value = (os.environ if env is None else env).get(var, "").strip()
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


# --- HTTP ------------------------------------------------------------------------------------

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass
class HttpClient:
    """A requests session with timeouts, retries with backoff, and user-facing error messages.

    Retries 429, 5xx, timeouts and dropped connections with exponential backoff plus jitter
    (``backoff * 2**attempt``, up to ``max_delay``), honouring ``Retry-After`` up to
    ``max_retry_after`` seconds. Everything else becomes an :class:`EngineError` at once.
    """

    engine: str
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 120.0
    key_var: str | None = None
    """Environment variable of the engine's key, named in authentication hints."""
    secrets: tuple[str, ...] = field(default=(), repr=False)
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    def __post_init__(self) -> None:
        # Keep-alive connections for up to 32 concurrent jobs per host (requests keeps 10).
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def request(self, method: str, url: str, *, source: str, target: str, **kwargs: Any) -> requests.Response:
        """Send one request; return a 2xx/3xx response or raise EngineError / ReplyError."""
        host = urlsplit(url).hostname or url
        connect = min(self.timeout, 10.0)
        for attempt in range(self.retries + 1):
            delay = self._delay(attempt)
            try:
                response = self.session.request(method, url, timeout=(connect, self.timeout), **kwargs)
            except requests.exceptions.Timeout:
                what = f"no answer from {host} within {self.timeout:g} s"
                hint = "the server is slow or stalled; try again later or raise the timeout"
            except requests.exceptions.ConnectionError as exc:
                if _is_dns_failure(exc):
                    raise self._error(source, target, f"cannot resolve {host}", _NETWORK_HINT) from None
                what = f"cannot connect to {host}"
                hint = "is the server running and --engine-url right? " + _NETWORK_HINT
            except requests.exceptions.RequestException as exc:
                raise self._error(
                    source, target, f"request failed ({type(exc).__name__})", "check --engine-url"
                ) from None
            else:
                if response.status_code < 400:
                    return response
                if response.status_code not in _RETRY_STATUS:
                    raise self._status_error(response, host, source, target)
                what = f"HTTP {response.status_code} from {host}"
                hint = "rate limited or server error; lower --jobs or try again later"
                retry_after = _retry_after(response)
                if retry_after is not None:
                    if retry_after > self.max_retry_after:
                        raise self._error(source, target, what + f" (retry after {retry_after:.0f} s)", hint)
                    delay = retry_after
                response.close()
            if attempt == self.retries:
                raise self._error(source, target, what + f" after {self.retries + 1} attempts", hint)
            log.info("%s", scrub(f"{self.engine}: {what}; retrying in {delay:.2f} s", self.secrets))
            time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns or raises

    def post_json(
        self, url: str, payload: object, *, source: str, target: str, headers: Mapping[str, str] | None = None
    ) -> Any:
        response = self.request("POST", url, json=payload, headers=dict(headers or {}), source=source, target=target)
        try:
            return response.json()
        except ValueError:
            page = _html_title(response)
            if page is not None:  # a web page, not an API: the URL is wrong, no retry will help
                host = urlsplit(url).netloc
                raise self._error(
                    source, target, f"{host} answered with a web page{page}, not the {self.engine} API",
                    f"check the engine's URL (--engine-url, or url in [tool.l10n.engines.{self.engine}])",
                ) from None
            raise ReplyError(scrub(f"{self.engine} ({source}→{target}): the reply is not JSON", self.secrets)) from None

    def _delay(self, attempt: int) -> float:
        delay = min(self.backoff * 2.0**attempt, self.max_delay)
        return delay + random.uniform(0, delay / 2)

    def _error(self, source: str, target: str, what: str, hint: str) -> EngineError:
        return EngineError(scrub(f"{self.engine} ({source}→{target}): {what}; {hint}", self.secrets))

    def _status_error(self, response: requests.Response, host: str, source: str, target: str) -> EngineError:
        status = response.status_code
        detail = _server_message(response)
        what = f"HTTP {status} from {host}" + (f": {detail}" if detail else "")
        if status in (401, 403):
            hint = f"check the {self.key_var} environment variable" if self.key_var else "the server refused access"
            return self._error(source, target, what, hint)
        if status == 413:
            return ReplyError(scrub(f"{self.engine} ({source}→{target}): {what}; the batch is too large", self.secrets))
        if status == 456:
            return self._error(source, target, what, "the account's quota is used up")
        if status in (400, 422) and re.search(r"language|lang|not supported", detail, re.IGNORECASE):
            return self._error(source, target, what, "the engine may not support this language; try another engine")
        if status == 404:
            return self._error(source, target, what, "check --engine-url (and --model)")
        return self._error(source, target, what, "check --engine-url and the engine's options")


_NETWORK_HINT = "check the network connection (and any proxy settings)"


def _is_dns_failure(exc: BaseException) -> bool:
    text = repr(exc)
    return any(
        s in text
        for s in ("NameResolutionError", "Name or service not known", "getaddrinfo failed", "nodename nor servname")
    )


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if "," in value else None
        return max(0.0, when.timestamp() - time.time()) if when else None


def _html_title(response: requests.Response) -> str | None:
    """``' ("Title")'`` (or ``''``) when the reply is an HTML page; None when it is not HTML."""
    text = (response.text or "")[:4096]
    if "html" not in response.headers.get("Content-Type", "") and not text.lstrip().startswith("<"):
        return None
    found = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    title = " ".join(found.group(1).split())[:80] if found else ""
    return f' ("{title}")' if title else ""


def _server_message(response: requests.Response) -> str:
    """A short one-line excerpt of the server's error text (JSON ``error``/``message`` if any);
    of an HTML page, its title only."""
    page = _html_title(response)
    if page is not None:
        return f"a web page{page}"
    text = response.text or ""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        found = data.get("error", data.get("message", data.get("detail")))
        if isinstance(found, dict):
            found = found.get("message", found)
        text = str(found) if found is not None else text
    return " ".join(text.split())[:200]
