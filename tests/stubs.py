"""Stub translation servers on 127.0.0.1 for the tests and the benchmark (helpers only, no tests).

:class:`LibreStub` speaks the LibreTranslate API (``GET /languages``, ``POST /translate``, with a
JSON, form or query-string body as deep-translator sends it); :class:`OpenAIStub` speaks
OpenAI chat completions. Both translate with :func:`fake_translate`, a deterministic transform
that keeps ``{n}`` placeholders and Markdown characters and writes Hindi in Devanagari.

Modes (the ``mode`` attribute, changeable while running):

* ``normal`` — translate; the first ``fail_first`` requests get 429 with ``Retry-After``.
* ``stall`` — hold the request until the server shuts down (past any test timeout).
* ``mangle`` — damage texts according to a keyword in them (see :data:`MANGLERS`), at most
  ``mangle_times`` times per text (then translate properly), always when None.
* ``auth`` — 401 with an error body that echoes the API key it was sent (tests scrubbing).
* ``wrong-shape`` (OpenAI only) — ``bad_replies`` replies of the wrong JSON shape, then normal.

``hold_after = n`` holds every POST after the n-th unanswered until the server shuts down, so a
test can kill a client at a known point; :meth:`StubServer.wait_for_posts` waits (with a timeout,
never a fixed sleep) until a number of POSTs has arrived.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from typing_extensions import Self

_TOKEN = re.compile(r"(\{\d+\})")
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_SCRIPTS = {  # 26 letters of the target script, one per Latin letter
    "hi": "".join(chr(0x0915 + i) for i in range(26)),  # Devanagari consonants
    "ru": "".join(chr(0x0430 + i) for i in range(26)),  # Cyrillic
    "zh": "".join(chr(0x4E00 + 0x100 + i) for i in range(26)),  # Han
}


def fake_translate(text: str, target: str) -> str:
    """Deterministic stand-in for a translation: letters change, everything else stays.

    Hindi, Russian and Chinese get letters of their script; other targets get swapped case.
    """
    letters = _SCRIPTS.get(target.split("-")[0].lower())
    table = {ord(a): b for a, b in zip(_LOWER, letters)} if letters else None
    table_upper = {ord(a.upper()): b for a, b in zip(_LOWER, letters)} if letters else None

    def one(part: str) -> str:
        if _TOKEN.fullmatch(part):
            return part
        if table and table_upper:
            return part.translate(table).translate(table_upper)
        return part.swapcase()

    return "".join(one(part) for part in _TOKEN.split(text))


def _first_token(text: str) -> str:
    found = _TOKEN.search(text)
    return found.group(0) if found else ""


MANGLERS: dict[str, Callable[[str, str], str]] = {
    "dropme": lambda text, out: out.replace(_first_token(out), "", 1) if _first_token(out) else out,
    "dupme": lambda text, out: out + " " + _first_token(out),
    "inventme": lambda text, out: out + " {99}",
    "boldme": lambda text, out: out.replace("**", "", 1),
    "chatty": lambda text, out: "Here is the translation: " + out,
    "romanize": lambda text, out: _TOKEN.sub(lambda m: m.group(0), text.lower()) + " hai",
    "echome": lambda text, out: text,
    "VACUUM": lambda text, out: text,  # a product term an engine rightly leaves alone
    "newlineme": lambda text, out: out.replace(" ", "\n", 1),
    "fenceme": lambda text, out: out + "\n```\n",
    "spaceboldme": lambda text, out: re.sub(r"\*\*(.+?)\*\*", r"** \1 **", out, count=1),
    # the reply puts "] " before the link destination's placeholder: "[text] ](url)" once restored
    "splitlinkme": lambda text, out: _TOKEN.sub(lambda m: "] " + m.group(0), out, count=1),
    "crme": lambda text, out: out.replace(" ", "\r", 1),
    "frontme": lambda text, out: "---\ntitle: x\n---\n" + out,
    "underlineme": lambda text, out: out + "\n===",
    "listme": lambda text, out: "- " + out,
}
"""Keyword in a source text → how the ``mangle`` mode damages its translation."""


class StubServer:
    """A threaded HTTP server on an ephemeral port; use as a context manager."""

    def __init__(
        self, mode: str = "normal", *, latency: float = 0.0, fail_first: int = 0, retry_after: str = "0"
    ) -> None:
        self.mode = mode
        self.latency = latency
        self.fail_first = fail_first
        self.retry_after = retry_after
        self.mangle_times: int | None = None
        self.hold_after: int | None = None
        self.requests: list[dict[str, Any]] = []
        self.max_active = 0
        self._active = 0
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._arrived = threading.Condition(self._lock)
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stub._handle(self, "GET")

            def do_POST(self) -> None:
                stub._handle(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    # -- request handling -----------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        split = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        body: Any
        if "json" in (handler.headers.get("Content-Type") or ""):
            body = json.loads(raw or b"null")
        else:
            fields = parse_qs(raw.decode("utf-8")) or parse_qs(split.query)
            body = {k: v if len(v) > 1 else v[0] for k, v in fields.items()}
        with self._lock:
            self.requests.append({"method": method, "path": split.path, "headers": dict(handler.headers), "body": body})
            count = len(self.requests)
            posts = sum(1 for r in self.requests if r["method"] == "POST")
            self._active += 1
            self.max_active = max(self.max_active, self._active)
            self._arrived.notify_all()
        try:
            if self.latency:
                time.sleep(self.latency)
            held = method == "POST" and self.hold_after is not None and posts > self.hold_after
            if self.mode == "stall" or held:
                self._release.wait(30)
                return
            status, headers, payload = self._answer(method, split.path, body, count, handler)
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(data)
        finally:
            with self._lock:
                self._active -= 1

    def _answer(
        self, method: str, path: str, body: Any, count: int, handler: BaseHTTPRequestHandler
    ) -> tuple[int, dict[str, str], Any]:
        if count <= self.fail_first:
            return 429, {"Retry-After": self.retry_after}, {"error": "Too many requests"}
        return self.answer(method, path, body, handler)

    def answer(
        self, method: str, path: str, body: Any, handler: BaseHTTPRequestHandler
    ) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    def translate_one(self, text: str, target: str) -> str:
        out = fake_translate(text, target)
        if self.mode != "mangle":
            return out
        for keyword, mangle in MANGLERS.items():
            if keyword in text:
                with self._lock:
                    self._seen[text] += 1
                    times = self._seen[text]
                if self.mangle_times is None or times <= self.mangle_times:
                    return mangle(text, out)
        return out

    def wait_for_posts(self, count: int, timeout: float = 60.0) -> None:
        """Block until at least ``count`` POST requests have arrived; AssertionError after ``timeout`` s."""
        with self._arrived:
            arrived = self._arrived.wait_for(lambda: len(self.posts) >= count, timeout)
        assert arrived, f"{len(self.posts)} of {count} requests arrived within {timeout} s"

    @property
    def posts(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == "POST"]


class LibreStub(StubServer):
    """LibreTranslate: ``GET /languages`` and ``POST /translate``."""

    languages = ("en", "hi", "de", "zh", "ru", "ar")

    def answer(
        self, method: str, path: str, body: Any, handler: BaseHTTPRequestHandler
    ) -> tuple[int, dict[str, str], Any]:
        if method == "GET" and path.rstrip("/") == "/languages":
            listing = [{"code": c, "name": c, "targets": [t for t in self.languages if t != c]} for c in self.languages]
            return 200, {}, listing
        if method != "POST" or path.rstrip("/") != "/translate":
            return 404, {}, {"error": "Not Found"}
        if self.mode == "auth":
            return 401, {}, {"error": f"Invalid API key: {body.get('api_key')}"}
        source, target, q = body.get("source"), body.get("target"), body.get("q")
        if source not in self.languages or target not in self.languages:
            return 400, {}, {"error": f"{target} is not supported"}
        if isinstance(q, list):
            return 200, {}, {"translatedText": [self.translate_one(t, target) for t in q]}
        return 200, {}, {"translatedText": self.translate_one(str(q), target)}


class OpenAIStub(StubServer):
    """OpenAI chat completions: ``POST /chat/completions`` with a JSON object of texts."""

    LANGUAGE_NAMES: ClassVar[dict[str, str]] = {"Hindi": "hi", "Russian": "ru", "Chinese": "zh", "German": "de"}
    """Target language names in the system prompt → the code :func:`fake_translate` takes."""
    bad_replies: int | None = None
    """How many wrong-shape replies the ``wrong-shape`` mode sends before normal ones (None: all)."""
    wrong_variant: int | None = None
    """Which of :attr:`WRONG` to send; None cycles through them."""

    WRONG: tuple[Callable[[dict[str, str]], str], ...] = (
        lambda obj: "Sure! Here are the translations you asked for.",
        lambda obj: json.dumps(list(obj.values())),
        lambda obj: json.dumps({k: v for i, (k, v) in enumerate(obj.items()) if i}),
        lambda obj: json.dumps({**obj, "extra": "x"}),
        lambda obj: json.dumps({k: [v] for k, v in obj.items()}),
    )

    def answer(
        self, method: str, path: str, body: Any, handler: BaseHTTPRequestHandler
    ) -> tuple[int, dict[str, str], Any]:
        if method != "POST" or path.rstrip("/") != "/chat/completions":
            return 404, {}, {"error": {"message": "Not Found"}}
        if self.mode == "auth":
            key = handler.headers.get("Authorization", "")
            return 401, {}, {"error": {"message": f"Incorrect API key provided: {key}"}}
        texts: dict[str, str] = json.loads(body["messages"][-1]["content"])
        prompt = body["messages"][0]["content"]
        target = next((code for name, code in self.LANGUAGE_NAMES.items() if f" to {name}." in prompt), "de")
        obj = {k: self.translate_one(v, target) for k, v in texts.items()}
        content = json.dumps(obj, ensure_ascii=False)
        if self.mode == "wrong-shape":
            with self._lock:
                wrong = sum(1 for r in self.requests if r["method"] == "POST")
            if self.bad_replies is None or wrong <= self.bad_replies:
                variant = (wrong - 1) % len(self.WRONG) if self.wrong_variant is None else self.wrong_variant
                content = self.WRONG[variant](obj)
        choice = {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        return 200, {}, {"id": "stub", "object": "chat.completion", "choices": [choice]}
