"""The HTTP client the network engines share: deadlines, retries, redirects, bounded replies.

Split from :mod:`l10n.mt.engines.base` so that importing an engine's protocol does not import
``requests`` and ``urllib3`` (about 0.1 s and 10 MB of a run that translates one edited note
with an offline engine, measured with ``python -X importtime``).
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import random
import re
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import requests.adapters
import urllib3
import urllib3.connection
import urllib3.exceptions

from l10n.errors import EngineError
from l10n.messages import counted
from l10n.mt.engines.base import ReplyError, bad_reply, scrub

log = logging.getLogger("l10n.engines")

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_MOST_REDIRECTS = 5
_CHUNK = 64 * 1024


class _Deadline:
    """Shut the sockets of one request down when its overall deadline passes.

    Socket timeouts bound each read, not the whole reply: a server trickling a byte every few
    seconds never trips them. The connection classes below record each socket a request uses
    in the calling thread's current ``_Deadline``; a timer shuts them down at the deadline,
    which ends the blocked read with an error in the requesting thread.
    """

    def __init__(self, seconds: float) -> None:
        self.sockets: list[Any] = []
        self.expired = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: Any) -> None:
        with self._lock:
            if sock is not None and all(sock is not s for s in self.sockets):
                self.sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: Any) -> None:
        with contextlib.suppress(OSError, AttributeError):
            sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:  # noqa: PYI034 - a private class, never subclassed
        _watching.current = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _watching.current = None


_watching = threading.local()


def _watch_socket(sock: Any) -> None:
    deadline: _Deadline | None = getattr(_watching, "current", None)
    if deadline is not None:
        deadline.watch(sock)


class _WatchedHTTPConnection(urllib3.connection.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _watch_socket(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:  # a kept-alive connection is not connected again
        _watch_socket(self.sock)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(urllib3.connection.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watch_socket(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watch_socket(self.sock)
        super().request(*args, **kwargs)


class _WatchedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter, with connections whose sockets a :class:`_Deadline` can shut down."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port


@dataclass
class HttpClient:
    """A requests session with timeouts, retries with backoff, and user-facing error messages.

    Retries 429, 5xx, timeouts and dropped connections with exponential backoff plus jitter
    (``backoff * 2**attempt``, up to ``max_delay``), honouring ``Retry-After`` up to
    ``max_retry_after`` seconds. Everything else becomes an :class:`EngineError` at once.

    Bounds: each attempt must be answered completely within ``deadline`` seconds (default: twice
    ``timeout``), headers and body, however slowly the server trickles; a reply body larger than
    ``max_reply_bytes`` is not read further (a :class:`ReplyError`). Redirects are followed by
    hand (at most 5): within the same origin (scheme, host, port) always, to another origin only
    when the client holds no secret — a key in a header or a JSON body must never reach a server
    it does not belong to, so such a redirect is an :class:`EngineError` naming the new address.
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
    deadline: float | None = None
    """Seconds for one whole attempt (connect, headers and body); None: twice ``timeout``."""
    max_reply_bytes: int = 16 * 1024 * 1024

    def __post_init__(self) -> None:
        # Keep-alive connections for up to 32 concurrent jobs per host (requests keeps 10).
        adapter = _WatchedAdapter(pool_connections=4, pool_maxsize=32)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def request(self, method: str, url: str, *, source: str, target: str, **kwargs: Any) -> requests.Response:
        """Send one request; return a 2xx response (its body read) or raise EngineError / ReplyError."""
        host = urlsplit(url).hostname or url
        connect = min(self.timeout, 10.0)
        deadline = self.deadline if self.deadline is not None else 2 * self.timeout
        kwargs.pop("allow_redirects", None)
        kwargs.pop("stream", None)
        for attempt in range(self.retries + 1):
            delay = self._delay(attempt)
            watch = _Deadline(deadline)
            try:
                with watch:
                    response = self._send(method, url, (connect, self.timeout), source, target, kwargs)
                if watch.expired:  # a connection shut at the deadline may read as a short body
                    raise requests.exceptions.Timeout()
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                if watch.expired or isinstance(exc, requests.exceptions.Timeout):
                    what = (
                        f"no complete answer from {host} within {deadline:g} s"
                        if watch.expired
                        else f"no answer from {host} within {self.timeout:g} s"
                    )
                    hint = "the server is slow or stalled; try again later or raise the timeout"
                elif isinstance(exc, requests.exceptions.ConnectionError):
                    if _is_dns_failure(exc):
                        raise self._error(source, target, f"cannot resolve {host}", _NETWORK_HINT) from None
                    what = f"cannot connect to {host}"
                    hint = "is the server running and --engine-url right? " + _NETWORK_HINT
                else:
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
                raise self._error(source, target, what + f" after {counted(self.retries + 1, 'attempt')}", hint)
            log.info("%s", scrub(f"{self.engine}: {what}; retrying in {delay:.2f} s", self.secrets))
            time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns or raises

    def _send(
        self,
        method: str,
        url: str,
        timeout: tuple[float, float],
        source: str,
        target: str,
        kwargs: dict[str, Any],
    ) -> requests.Response:
        """One attempt: send, follow redirects by hand (see the class), read the body capped."""
        for _ in range(_MOST_REDIRECTS + 1):
            response = self.session.request(method, url, timeout=timeout, allow_redirects=False, stream=True, **kwargs)
            location = response.headers.get("Location")
            if response.status_code not in _REDIRECT_STATUS or not location:
                self._read_body(response, source, target)
                return response
            response.close()
            new_url = urljoin(url, location)
            if _origin(new_url) != _origin(url) and self.secrets:
                shown = urlsplit(new_url).netloc or new_url
                raise self._error(
                    source,
                    target,
                    f"{urlsplit(url).netloc} redirects to another server ({shown}); not followed, so the API key "
                    "is not sent there",
                    "if that server is the engine's, give its address with --engine-url",
                )
            if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
                method = "GET"  # as browsers and requests do: the body is not sent again
                kwargs = {k: v for k, v in kwargs.items() if k not in ("json", "data", "files")}
            url = new_url
            kwargs = {k: v for k, v in kwargs.items() if k != "params"}  # the new address has its query
        raise self._error(source, target, f"more than {_MOST_REDIRECTS} redirects", "check --engine-url")

    def _read_body(self, response: requests.Response, source: str, target: str) -> None:
        """Read the body into ``response.content``, at most ``max_reply_bytes`` (decoded) bytes.

        A success reply over the limit is a :class:`ReplyError` (read no further); an error
        reply is cut there (only its first line is shown anyway).
        """
        cap = self.max_reply_bytes
        error_reply = response.status_code >= 400
        length = response.headers.get("Content-Length", "")
        if not error_reply and length.isdigit() and int(length) > cap:
            response.close()
            raise bad_reply(self.engine, source, target, f"the reply is too large ({counted(int(length), 'byte')}; at most {cap})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > cap:
                response.close()
                if error_reply:
                    chunks.append(chunk[: cap - size + len(chunk)])
                    break
                raise bad_reply(self.engine, source, target, f"the reply is too large (over {counted(cap, 'byte')})")
            chunks.append(chunk)
        # requests' own attributes for a body already read (as Response.content sets them)
        response._content = b"".join(chunks)
        response._content_consumed = True  # type: ignore[attr-defined]

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
        detail = _server_message(response, self.secrets)
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


def _server_message(response: requests.Response, secrets: Iterable[str] = ()) -> str:
    """A short one-line excerpt of the server's error text (JSON ``error``/``message`` if any);
    of an HTML page, its title only."""
    page = _html_title(response)
    if page is not None:
        return f"a web page{page}"
    text = response.text or ""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if isinstance(data, dict):
        found = data.get("error", data.get("message", data.get("detail")))
        if isinstance(found, dict):
            found = found.get("message", found)
        text = str(found) if found is not None else text
    return scrub(" ".join(text.split()), secrets)[:200]  # scrubbed before it is cut: no key prefix survives
