"""Hostile engine servers: bounded time and memory, keys kept with their server (issue 15).

Each case runs a real engine (the HTTP code of :mod:`l10n.mt.engines`) against a server on
127.0.0.1 that misbehaves in one way, and states what must come of it: a one-line error within
a bounded time, a reply rejected before it is read whole, no key sent to another origin.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polib
import pytest

from l10n.errors import EngineError
from l10n.mt.engines import get_engine
from l10n.mt.engines.base import ReplyError
from l10n.mt.engines.http import HttpClient
from tests.conftest import write_project
from tests.stubs import fake_translate

KEY = "k3y-SECRET-value-0123456789"


@dataclass
class Seen:
    """What a server received: (path, headers, body) per request."""

    requests: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)


Behaviour = Callable[[BaseHTTPRequestHandler, Seen, dict[str, str]], None]


class _Server:
    def __init__(self, behaviour: Behaviour, urls: dict[str, str]) -> None:
        seen = self.seen = Seen()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen.requests.append((self.path, dict(self.headers), body))
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    behaviour(self, seen, urls)

            do_GET = do_POST = _any  # noqa: N815 - the names http.server calls

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> _Server:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _reply(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def trickle(handler: BaseHTTPRequestHandler, seen: Seen, urls: dict[str, str]) -> None:
    """Headers at once, then one byte of body every 0.5 s: no read ever times out."""
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    for _ in range(1000):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.5)


def trickle_headers(handler: BaseHTTPRequestHandler, seen: Seen, urls: dict[str, str]) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for i in range(1000):
        handler.wfile.write(b"X-Slow-%d: y\r\n" % i)
        handler.wfile.flush()
        time.sleep(0.5)


def huge(handler: BaseHTTPRequestHandler, seen: Seen, urls: dict[str, str]) -> None:
    """A 50 MB reply, sent without a Content-Length (chunked, so nothing warns in advance)."""
    handler.send_response(200)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"[" + b'"x",' * 16384
    for _ in range(50 * 1024 * 1024 // len(chunk)):
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    handler.wfile.write(b"0\r\n\r\n")


def huge_declared(handler: BaseHTTPRequestHandler, seen: Seen, urls: dict[str, str]) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", str(50 * 1024 * 1024))
    handler.end_headers()
    handler.wfile.write(b"[" * 1024)


def redirect(status: int, where: str) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler, seen: Seen, urls: dict[str, str]) -> None:
        if handler.path.startswith("/moved"):
            _reply(handler, 200, json.dumps([{"translations": [{"text": "नमस्ते"}]}]).encode())
            return
        target = urls[where] + "/moved" + handler.path
        _reply(handler, status, b"", {"Location": target})

    return behave


def echo_key_late(handler: BaseHTTPRequestHandler, seen: Seen, urls: dict[str, str]) -> None:
    """A 401 whose message echoes the key it was sent at character 190 (a cut at 200 splits it)."""
    key = seen.requests[-1][1].get("Ocp-Apim-Subscription-Key", "")
    message = "x" * 190 + " " + key + " is not a valid key"
    _reply(handler, 401, json.dumps({"error": {"message": message}}).encode())


@pytest.fixture
def servers() -> Iterator[Callable[[Behaviour], _Server]]:
    started: list[_Server] = []
    urls: dict[str, str] = {}

    def start(behaviour: Behaviour, name: str = "main") -> _Server:
        server = _Server(behaviour, urls).start()
        urls[name] = server.url
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def test_a_trickling_server_is_cut_off_at_the_deadline(servers: Callable[..., _Server]) -> None:
    for behaviour in (trickle, trickle_headers):
        server = servers(behaviour)
        client = HttpClient("libre", timeout=1.0, retries=0)  # deadline: twice the timeout
        start = time.monotonic()
        with pytest.raises(EngineError, match=r"no complete answer from 127\.0\.0\.1 within 2 s"):
            client.request("GET", server.url, source="en", target="hi")
        assert time.monotonic() - start < 6


@pytest.mark.parametrize("behaviour", [huge, huge_declared], ids=["chunked", "content-length"])
def test_a_huge_reply_is_refused_before_it_is_read_whole(servers: Callable[..., _Server], behaviour: Behaviour) -> None:
    import resource

    server = servers(behaviour)
    client = HttpClient("libre", timeout=10.0, retries=0, max_reply_bytes=1024 * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ReplyError, match="the reply is too large"):
        client.request("POST", server.url, json={}, source="en", target="hi")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 40  # reading 50 MB whole (and decoding it) costs far more


@dataclass(frozen=True)
class RedirectCase:
    name: str
    engine: str
    env: dict[str, str]
    status: int
    where: str
    """'main' (same origin) or 'other' (another server)."""
    followed: bool


REDIRECTS = [
    RedirectCase(f"{engine}-{status}-{where}", engine, env, status, where, where == "main")
    for engine, env in (("microsoft", {"MICROSOFT_API_KEY": KEY}), ("libre", {"LIBRE_API_KEY": KEY}))
    for status in (301, 302, 303, 307, 308)
    for where in ("main", "other")
]


@pytest.mark.parametrize("case", REDIRECTS, ids=lambda c: c.name)
def test_keys_never_follow_a_redirect_to_another_server(servers: Callable[..., _Server], case: RedirectCase) -> None:
    other = servers(redirect(case.status, "other"), "other")
    main = servers(redirect(case.status, case.where), "main")
    engine = get_engine(case.engine, url=main.url, retries=0, timeout=5, env=case.env)
    try:
        engine.translate(["Hello"], source="en", target="hi")
        outcome = ""
    except EngineError as exc:
        outcome = str(exc)
    assert KEY not in str(other.seen.requests)
    if case.followed:
        assert any(path.startswith("/moved") for path, _, _ in main.seen.requests)
    else:
        assert other.seen.requests == []
        assert "redirects to another server" in outcome and "\n" not in outcome


def test_a_key_echoed_late_in_an_error_body_is_scrubbed_before_the_cut(servers: Callable[..., _Server]) -> None:
    server = servers(echo_key_late)
    engine = get_engine("microsoft", url=server.url, retries=0, env={"MICROSOFT_API_KEY": KEY})
    with pytest.raises(EngineError) as caught:
        engine.translate(["Hello"], source="en", target="hi")
    message = str(caught.value)
    assert "HTTP 401" in message
    for size in range(4, len(KEY) + 1):
        assert KEY[:size] not in message


@pytest.mark.parametrize("value", ["ключ-123456", "abc\u00e9def", "abc\ndef", "abc\x1bdef"])
def test_an_api_key_that_cannot_be_sent_is_one_line(value: str) -> None:
    with pytest.raises(EngineError) as caught:
        get_engine("deepl", env={"DEEPL_API_KEY": value})
    assert "DEEPL_API_KEY" in str(caught.value) and value not in str(caught.value)




# -- replies carrying characters no note may hold -----------------------------------------------

HOSTILE_REPLIES = {
    "escape": '"\\u001b[31mलाल\\u001b[0m"',
    "bell": '"घंटी\\u0007"',
    "nul": '"शून्य\\u0000"',
    "c1": '"नियंत्रण\\u009b"',
    "surrogate": '"टूटा \\ud800 पाठ"',
    "replacement": '"टूटा \\ufffd पाठ"',
}
"""Keyword in a source text → the JSON string a hostile engine replies for it."""


def hostile_libre(handler: BaseHTTPRequestHandler, seen: Seen, urls: dict[str, str]) -> None:
    """LibreTranslate that answers texts holding a keyword of HOSTILE_REPLIES (or 'rawbytes',
    answered with bytes that are not UTF-8) with damaged text, and the others properly."""
    if handler.path.startswith("/languages"):
        _reply(handler, 200, json.dumps([{"code": c, "targets": ["hi", "en"]} for c in ("en", "hi")]).encode())
        return
    texts = json.loads(seen.requests[-1][2])["q"]
    parts = []
    for text in texts:
        word = next((w for w in HOSTILE_REPLIES if w in text), None)
        if word:
            parts.append(HOSTILE_REPLIES[word].encode())
        elif "rawbytes" in text:
            parts.append(b'"\xff\xfe \xe0\xa4"')
        else:
            parts.append(json.dumps(fake_translate(text, "hi")).encode())
    _reply(handler, 200, b'{"translatedText": [' + b", ".join(parts) + b"]}", {"Content-Type": "application/json"})


def test_replies_with_control_characters_are_refused_and_the_rest_is_kept(
    servers: Callable[..., _Server], tmp_path: Path
) -> None:
    server = servers(hostile_libre)
    words = [*HOSTILE_REPLIES, "rawbytes"]
    body = "".join(f"Paragraph with {word} inside.\n\n" for word in words) + "A good paragraph.\n"
    root = write_project(tmp_path, {"note-en.md": "# Title\n\n" + body})
    command = [sys.executable, "-m", "l10n.cli", "-C", str(root)]
    assert subprocess.run([*command, "extract"], capture_output=True).returncode == 0
    result = subprocess.run(
        [*command, "translate", "--engine", "libre", "--engine-url", server.url],
        capture_output=True,
        text=True,
        env={**os.environ, "LIBRE_API_KEY": ""},
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    catalog = (root / "locales/hi/note-en.po").read_text(encoding="utf-8")
    entries = {e.msgid: e.msgstr for e in polib.pofile(str(root / "locales/hi/note-en.po"))}
    assert entries["A good paragraph."] == fake_translate("A good paragraph.", "hi")  # the rest is kept
    assert entries["Title"] == fake_translate("Title", "hi")
    for word in words:
        assert entries[f"Paragraph with {word} inside."] == "", word  # refused (after a retry)
    for char in ("\x1b", "\x07", "\x00", "\x9b", "\ufffd"):
        assert char not in catalog
    built = subprocess.run([*command, "build"], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "\x1b" not in (root / "translated/hi/note-hi.md").read_text(encoding="utf-8")
