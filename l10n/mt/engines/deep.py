"""Adapters for the classic MT services: Google, MyMemory, LibreTranslate, DeepL and Microsoft.

Google and MyMemory go through deep-translator, which knows their unofficial endpoints and their
HTML/JSON answers. Its module-level ``requests`` calls have no timeout, no retry and leak raw
``requests`` exceptions, so :class:`_RequestsShim` replaces the ``requests`` name in those two
modules once: inside our calls each request goes through the calling thread's :class:`HttpClient`
(timeouts, retries, scrubbed errors); outside them it is plain ``requests`` plus a timeout.
A thread-local, not a temporary swap of the attribute, keeps concurrent jobs independent.

LibreTranslate, DeepL and Microsoft have documented JSON APIs that take many texts per request;
they are called directly, because deep-translator sends one text per request (what makes its
``translate_batch`` slow), puts the Libre and DeepL keys in the URL query (they would end up in
logs and exception texts) and, for Microsoft, fetches the language list at construction time
with no timeout at all.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

from l10n.errors import EngineError
from l10n.markdown.protect import subtags
from l10n.mt.engines.base import (
    ReplyError,
    bad_reply,
    engine_error,
    resolve_language,
    split_for_limit,
    strip_keep,
    unsupported_language,
)

if TYPE_CHECKING:  # only annotations: an offline run never imports requests
    import requests

    from l10n.mt.engines.http import HttpClient
    from l10n.mt.engines.registry import EngineOptions

DEFAULT_TIMEOUT = 30.0

# --- deep-translator shim -----------------------------------------------------------------------

_active = threading.local()


class _RequestsShim:
    """Stands in for the ``requests`` module inside deep-translator's google and mymemory modules."""

    def __init__(self, real: ModuleType) -> None:
        self._real = real

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self._send("GET", url, kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self._send("POST", url, kwargs)

    def _send(self, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        current: tuple[HttpClient, str, str] | None = getattr(_active, "value", None)
        if current is None:
            kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
            response: requests.Response = self._real.request(method, url, **kwargs)
            return response
        client, source, target = current
        return client.request(method, url, source=source, target=target, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@functools.cache
def _deep_translator() -> ModuleType:
    """deep-translator, imported on first use with the shim installed.

    Imported here rather than at the top: it and BeautifulSoup take a third of a second, and the
    engine registry reads this module's classes for every engine (their names and key variables).
    """
    import deep_translator
    import requests
    from deep_translator import google, mymemory

    for module in (google, mymemory):
        if not isinstance(getattr(module, "requests", None), _RequestsShim):
            module.requests = _RequestsShim(requests)
    package: ModuleType = deep_translator
    return package


@contextmanager
def _through(client: HttpClient, source: str, target: str) -> Iterator[None]:
    previous = getattr(_active, "value", None)
    _active.value = (client, source, target)
    try:
        yield
    finally:
        _active.value = previous


def _call_deep_translator(engine: str, client: HttpClient, source: str, target: str, call: Any, text: str) -> str:
    """Run one deep-translator call and turn its exceptions into ours."""
    errors = _deep_translator().exceptions
    try:
        with _through(client, source, target):
            result = call(text)
    except EngineError:
        raise
    except (errors.TooManyRequests, errors.RequestError) as exc:
        raise engine_error(
            engine,
            source,
            target,
            f"the service refused the request ({exc.__class__.__name__})",
            "try again later or lower --jobs",
        ) from None
    except errors.BaseError as exc:
        raise bad_reply(engine, source, target, f"unusable reply ({exc.__class__.__name__})") from None
    except (ValueError, KeyError, AttributeError, TypeError, StopIteration) as exc:
        raise bad_reply(engine, source, target, f"unexpected reply ({exc.__class__.__name__})") from None
    # Google answers None when the result equals the input but has no letters or digits
    # (e.g. "…" or "—"): the text needs no translation, so it is its own translation.
    return text if result is None else str(result)


def _codes(source: str, target: str, engine: str, codes: Sequence[str], aliases: Mapping[str, str]) -> tuple[str, str]:
    pair = []
    for tag in (source, target):
        code = resolve_language(tag, codes, aliases)
        if code is None:
            raise unsupported_language(engine, source, target, tag)
        pair.append(code)
    return pair[0], pair[1]


# --- Google ------------------------------------------------------------------------------------

@functools.cache
def _google_codes() -> list[str]:
    return sorted(set(_deep_translator().constants.GOOGLE_LANGUAGES_TO_CODES.values()))


_GOOGLE_ALIASES = {
    "he": "iw",
    "jv": "jw",
    "fil": "tl",
    "mni": "mni-Mtei",
    "zh-Hant": "zh-TW",
    "zh-HK": "zh-TW",
    "zh-MO": "zh-TW",
}


class GoogleEngine:
    """Google Translate's free web endpoint via deep-translator; one text per request."""

    name = "google"
    default_jobs = 4
    max_batch = 1
    max_chars = 4999
    accepts_glossary = False
    real_language = True
    deterministic = True
    """The same request gets the same reply: a refused one is not asked for again (l10n.store.refusals)."""
    limit = 5000
    """deep-translator rejects texts of this length or more."""

    key_var: ClassVar[str | None] = None
    key_required: ClassVar[bool] = False
    default_url: ClassVar[str | None] = None
    default_model: ClassVar[str | None] = None
    takes_variant: ClassVar[bool] = False

    @classmethod
    def create(cls, options: EngineOptions) -> GoogleEngine:
        """The engine; it needs no key."""
        return cls(options.http_client())

    def __init__(self, client: HttpClient) -> None:
        self.client = client

    def __repr__(self) -> str:
        return "GoogleEngine()"

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        src, tgt = _codes(source, target, self.name, _google_codes(), _GOOGLE_ALIASES)

        def one(core: str) -> str:
            translator = _deep_translator().google.GoogleTranslator(source=src, target=tgt)
            return _call_deep_translator(self.name, self.client, source, target, translator.translate, core)

        # deep-translator strips the text; strip_keep puts the whitespace back around each piece.
        return ["".join(strip_keep(piece, one) for piece in split_for_limit(text, self.limit)) for text in texts]


# --- MyMemory ----------------------------------------------------------------------------------

@functools.cache
def _mymemory_codes() -> list[str]:
    return sorted(set(_deep_translator().constants.MY_MEMORY_LANGUAGES_TO_CODES.values()))


_MYMEMORY_FAILURE = re.compile(r"MYMEMORY WARNING|IS AN INVALID|INVALID LANGUAGE PAIR|QUERY LENGTH LIMIT")


class MyMemoryEngine:
    """MyMemory's free API via deep-translator; segments over 500 characters go by sentence."""

    name = "mymemory"
    default_jobs = 2
    max_batch = 1
    max_chars = 499
    accepts_glossary = False
    real_language = True
    limit = 500

    key_var: ClassVar[str | None] = None
    key_required: ClassVar[bool] = False
    default_url: ClassVar[str | None] = None
    default_model: ClassVar[str | None] = None
    takes_variant: ClassVar[bool] = False

    @classmethod
    def create(cls, options: EngineOptions) -> MyMemoryEngine:
        """The engine; ``MYMEMORY_EMAIL`` (optional) raises the free quota."""
        return cls(options.http_client(), email=options.env.get("MYMEMORY_EMAIL") or None)

    def __init__(self, client: HttpClient, email: str | None = None) -> None:
        self.client = client
        self.email = email

    def __repr__(self) -> str:
        return "MyMemoryEngine()"

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        src, tgt = _codes(source, target, self.name, _mymemory_codes(), {})

        def one(core: str) -> str:
            translator = _deep_translator().mymemory.MyMemoryTranslator(source=src, target=tgt, email=self.email)
            result = _call_deep_translator(self.name, self.client, source, target, translator.translate, core)
            # MyMemory reports quota and language errors as HTTP 200 with the message as "translation".
            if _MYMEMORY_FAILURE.search(result):
                raise engine_error(
                    self.name,
                    source,
                    target,
                    result.strip()[:160],
                    "set MYMEMORY_EMAIL for a higher quota, or use another engine",
                )
            return result

        return ["".join(strip_keep(piece, one) for piece in split_for_limit(text, self.limit)) for text in texts]


# --- LibreTranslate ----------------------------------------------------------------------------


@functools.cache
def _libre_codes() -> list[str]:
    """LibreTranslate's languages when a server has no ``/languages`` list."""
    return sorted({*_deep_translator().constants.LIBRE_LANGUAGES_TO_CODES.values(), *_LIBRE_EXTRA})


_LIBRE_EXTRA = sorted(
    {
        *[
            "bn",
            "ca",
            "cs",
            "da",
            "el",
            "eo",
            "et",
            "fa",
            "fi",
            "he",
            "hu",
            "lt",
            "lv",
            "ms",
            "nb",
            "nl",
            "ro",
            "sk",
            "sl",
            "sq",
            "sv",
            "th",
            "tl",
            "uk",
            "ur",
        ],
    }
    | {"zh-Hans", "zh-Hant", "zt"}
)


class LibreEngine:
    """A LibreTranslate server (``POST {url}/translate``), many texts per request.

    Called directly rather than through deep-translator's ``LibreTranslator``: that sends one text
    per request with the key in the URL query, and needs ``custom_url`` to end with ``/``; here any
    spelling of ``--engine-url`` works. Self-hosted servers need no key (LIBRE_API_KEY is sent only
    when set). The server's ``/languages`` list is read once, so an unsupported language is
    reported before any text is sent; servers without it fall back to a built-in list.
    """

    name = "libre"
    default_jobs = 4
    max_batch = 32
    max_chars = 5000
    accepts_glossary = False
    real_language = True
    deterministic = True
    """The same request gets the same reply: a refused one is not asked for again (l10n.store.refusals)."""

    key_var: ClassVar[str | None] = "LIBRE_API_KEY"
    key_required: ClassVar[bool] = False
    default_url: ClassVar[str | None] = "https://libretranslate.com"
    default_model: ClassVar[str | None] = None
    takes_variant: ClassVar[bool] = False

    @classmethod
    def create(cls, options: EngineOptions) -> LibreEngine:
        """The engine at ``options.url`` (default: libretranslate.com); the key is optional."""
        return cls(options.http_client(), options.url or cls.default_url or "", options.key)

    def __init__(self, client: HttpClient, url: str, key: str | None) -> None:
        self.client = client
        self.url = url.rstrip("/")
        self._key = key
        self._lock = threading.Lock()
        self._languages: dict[str, set[str] | None] | None = None

    def __repr__(self) -> str:
        return f"LibreEngine(url={self.url!r})"

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        src, tgt = self._codes(source, target)
        payload: dict[str, Any] = {"q": list(texts), "source": src, "target": tgt, "format": "text"}
        if self._key:
            payload["api_key"] = self._key
        data = self.client.post_json(f"{self.url}/translate", payload, source=source, target=target)
        found = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(found, str) and len(texts) == 1:
            found = [found]
        if not (isinstance(found, list) and len(found) == len(texts) and all(isinstance(t, str) for t in found)):
            raise bad_reply(self.name, source, target, "the reply does not hold one translation per text")
        return found

    def _codes(self, source: str, target: str) -> tuple[str, str]:
        languages = self._server_languages(source, target)
        codes = sorted(languages) if languages else _libre_codes()
        pair = []
        for tag in (source, target):
            code = resolve_language(tag, codes)
            if code is None and subtags(tag)[1] == "Hant" and "zt" in codes:
                code = "zt"  # older LibreTranslate servers spell Traditional Chinese "zt"
            if code is None:
                raise unsupported_language(self.name, source, target, tag)
            pair.append(code)
        src, tgt = pair
        targets = languages.get(src) if languages else None
        if targets is not None and tgt not in targets:
            raise unsupported_language(self.name, source, target, target)
        return src, tgt

    def _server_languages(self, source: str, target: str) -> dict[str, set[str] | None] | None:
        """``{code: target codes or None}`` from ``GET /languages``; None when the server has no list."""
        with self._lock:
            if self._languages is None:
                self._languages = {}
                try:
                    response = self.client.request("GET", f"{self.url}/languages", source=source, target=target)
                    listing = response.json()
                except (ReplyError, ValueError):
                    listing = None
                except EngineError as exc:
                    if "HTTP 404" not in exc.message:
                        self._languages = None
                        raise
                    listing = None
                for item in listing if isinstance(listing, list) else []:
                    if isinstance(item, dict) and isinstance(item.get("code"), str):
                        targets = item.get("targets")
                        self._languages[item["code"]] = set(targets) if isinstance(targets, list) else None
            return self._languages or None


# --- DeepL -------------------------------------------------------------------------------------

_DEEPL_SOURCES = [
    "AR",
    "BG",
    "CS",
    "DA",
    "DE",
    "EL",
    "EN",
    "ES",
    "ET",
    "FI",
    "FR",
    "HU",
    "ID",
    "IT",
    "JA",
    "KO",
    "LT",
    "LV",
    "NB",
    "NL",
    "PL",
    "PT",
    "RO",
    "RU",
    "SK",
    "SL",
    "SV",
    "TR",
    "UK",
    "ZH",
]
_DEEPL_TARGETS = [
    *(c for c in _DEEPL_SOURCES if c not in ("EN", "PT", "ZH")),
    "EN-GB",
    "EN-US",
    "PT-BR",
    "PT-PT",
    "ZH-HANS",
    "ZH-HANT",
]


class DeepLEngine:
    """The DeepL API (``POST {url}/translate``), up to 50 texts per request, key in a header.

    Direct rather than deep-translator's ``DeeplTranslator``, which sends the key as the
    ``auth_key`` query parameter (DeepL no longer accepts that, and URLs end up in logs).
    DeepL has no Hindi: such a language is reported before anything is sent.
    """

    name = "deepl"
    default_jobs = 4
    max_batch = 50
    max_chars = 30000
    accepts_glossary = False
    real_language = True
    deterministic = True
    """The same request gets the same reply: a refused one is not asked for again (l10n.store.refusals)."""

    key_var: ClassVar[str | None] = "DEEPL_API_KEY"
    key_required: ClassVar[bool] = True
    default_url: ClassVar[str | None] = None
    default_model: ClassVar[str | None] = None
    takes_variant: ClassVar[bool] = False

    @classmethod
    def create(cls, options: EngineOptions) -> DeepLEngine:
        """The engine; the default URL follows the key's plan (free keys end with ``:fx``)."""
        return cls(options.http_client(), options.key or "", options.url)

    def __init__(self, client: HttpClient, key: str, url: str | None = None) -> None:
        self.client = client
        self._key = key
        free = key.endswith(":fx")  # DeepL's free-plan keys end with ":fx" and use their own host
        self.url = (url or ("https://api-free.deepl.com/v2" if free else "https://api.deepl.com/v2")).rstrip("/")

    def __repr__(self) -> str:
        return f"DeepLEngine(url={self.url!r})"

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        src = resolve_language(subtags(source)[0], _DEEPL_SOURCES)
        tgt = resolve_language(target, _DEEPL_TARGETS)
        for tag, code in ((source, src), (target, tgt)):
            if code is None:
                raise unsupported_language(self.name, source, target, tag)
        payload = {"text": list(texts), "source_lang": src, "target_lang": tgt}
        headers = {"Authorization": f"DeepL-Auth-Key {self._key}"}
        data = self.client.post_json(f"{self.url}/translate", payload, source=source, target=target, headers=headers)
        found = data.get("translations") if isinstance(data, dict) else None
        out = [item.get("text") for item in found if isinstance(item, dict)] if isinstance(found, list) else []
        if len(out) != len(texts) or not all(isinstance(t, str) for t in out):
            raise bad_reply(self.name, source, target, "the reply does not hold one translation per text")
        return [str(t) for t in out]


# --- Microsoft ---------------------------------------------------------------------------------


def microsoft_code(tag: str) -> str:
    """Microsoft Translator's spelling of a canonical tag (the server validates the rest).

    >>> microsoft_code("zh-TW"), microsoft_code("pt-PT"), microsoft_code("hi")
    ('zh-Hant', 'pt-pt', 'hi')
    """
    lang, script, region = subtags(tag)
    if lang == "zh":
        return f"zh-{script or 'Hans'}"
    if lang == "pt" and region == "PT":
        return "pt-pt"
    if lang in ("sr", "mn") and script:
        return f"{lang}-{script}"
    return {"he": "he", "nb": "nb", "no": "nb", "fil": "fil", "tl": "fil"}.get(lang, lang)


class MicrosoftEngine:
    """Microsoft Translator v3 (``POST {url}/translate``), up to 100 texts per request.

    Direct rather than deep-translator's ``MicrosoftTranslator``, whose constructor downloads the
    language list with no timeout. The key goes in ``Ocp-Apim-Subscription-Key``; a regional
    resource also needs ``MICROSOFT_REGION``.
    """

    name = "microsoft"
    default_jobs = 4
    max_batch = 100
    max_chars = 10000
    accepts_glossary = False
    real_language = True
    deterministic = True
    """The same request gets the same reply: a refused one is not asked for again (l10n.store.refusals)."""

    key_var: ClassVar[str | None] = "MICROSOFT_API_KEY"
    key_required: ClassVar[bool] = True
    default_url: ClassVar[str | None] = "https://api.cognitive.microsofttranslator.com"
    default_model: ClassVar[str | None] = None
    takes_variant: ClassVar[bool] = False

    @classmethod
    def create(cls, options: EngineOptions) -> MicrosoftEngine:
        """The engine; a regional resource also needs ``MICROSOFT_REGION``."""
        return cls(options.http_client(), options.key or "", options.url, region=options.env.get("MICROSOFT_REGION") or None)

    def __init__(self, client: HttpClient, key: str, url: str | None = None, region: str | None = None) -> None:
        self.client = client
        self._key = key
        self.region = region
        self.url = (url or self.default_url or "").rstrip("/")

    def __repr__(self) -> str:
        return f"MicrosoftEngine(url={self.url!r})"

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        headers = {"Ocp-Apim-Subscription-Key": self._key}
        if self.region:
            headers["Ocp-Apim-Subscription-Region"] = self.region
        params = {"api-version": "3.0", "from": microsoft_code(source), "to": microsoft_code(target)}
        response = self.client.request(
            "POST",
            f"{self.url}/translate",
            params=params,
            json=[{"Text": t} for t in texts],
            headers=headers,
            source=source,
            target=target,
        )
        try:
            data = response.json()
            out = [item["translations"][0]["text"] for item in data]
        except (ValueError, KeyError, IndexError, TypeError):
            out = []
        if len(out) != len(texts) or not all(isinstance(t, str) for t in out):
            raise bad_reply(self.name, source, target, "the reply does not hold one translation per text")
        return [str(t) for t in out]
