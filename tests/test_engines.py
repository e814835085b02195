"""The engines against stub servers on 127.0.0.1 (Libre, OpenAI) and `responses` (deep-translator paths)."""

from __future__ import annotations

import json
import logging
import socket
import time
import traceback
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from l10n.errors import EngineError
from l10n.mt.engines import ReplyError, get_engine
from l10n.mt.engines.deep import microsoft_code
from l10n.mt.engines.pseudo import pseudo_localize
from tests.stubs import LibreStub, OpenAIStub, fake_translate

pytestmark = pytest.mark.timeout(20)
FAST: dict[str, Any] = {"timeout": 2.0, "backoff": 0.01}
SENTINEL = "sk-SENTINEL-123"


@pytest.fixture
def libre() -> Iterator[LibreStub]:
    with LibreStub() as stub:
        yield stub


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as stub:
        yield stub


@pytest.fixture(autouse=True)
def _no_real_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("DEEPL_API_KEY", "LIBRE_API_KEY", "OPENAI_API_KEY", "MICROSOFT_API_KEY", "MICROSOFT_REGION"):
        monkeypatch.delenv(var, raising=False)


def _body(request: requests.PreparedRequest) -> Any:
    body = request.body
    return json.loads(body if isinstance(body, (bytes, str)) else b"null")


# --- registry ----------------------------------------------------------------------------------


def test_unknown_engine_suggests_the_closest_name() -> None:
    with pytest.raises(EngineError, match=r"unknown engine 'libra'; did you mean 'libre'\? valid engines: google, "):
        get_engine("libra")


@pytest.mark.parametrize(
    ("name", "var"), [("deepl", "DEEPL_API_KEY"), ("microsoft", "MICROSOFT_API_KEY"), ("openai", "OPENAI_API_KEY")]
)
def test_missing_key_names_the_environment_variable(name: str, var: str) -> None:
    with pytest.raises(EngineError, match=f"set the {var} environment variable"):
        get_engine(name)


def test_openai_model_and_names() -> None:
    assert get_engine("openai", url="http://127.0.0.1:9/v1").name == "openai/gpt-4o-mini"
    assert get_engine("openai/llama3", url="http://127.0.0.1:9/v1").name == "openai/llama3"
    assert get_engine("openai", url="http://127.0.0.1:9/v1", model="qwen2").name == "openai/qwen2"


def test_pseudo_engine_is_deterministic_longer_and_bracketed() -> None:
    engine = get_engine("pseudo")
    text = "The quick brown fox jumps over the lazy dog with {1} and **bold**."
    first, again = (
        engine.translate([text], source="en", target="hi"),
        engine.translate([text], source="en", target="hi"),
    )
    assert first == again
    out = first[0]
    assert out.startswith("[") and out.endswith("]")
    assert 1.2 <= len(out) / len(text) <= 1.5
    assert "{1}" in out and out.count("**") == 2
    assert [c for c in out if not c.isalpha()] == [c for c in f"[{text}]" if not c.isalpha()]
    assert pseudo_localize("  Hi \n") == "  [Ĥíí] \n"


# --- language codes ----------------------------------------------------------------------------


def test_microsoft_codes() -> None:
    assert [microsoft_code(t) for t in ("zh-CN", "zh-TW", "pt-BR", "pt-PT", "sr-Latn", "he")] == [
        "zh-Hans",
        "zh-Hant",
        "pt",
        "pt-pt",
        "sr-Latn",
        "he",
    ]


@responses.activate
def test_deepl_has_no_hindi_and_says_what_to_do() -> None:
    engine = get_engine("deepl", env={"DEEPL_API_KEY": "abc:fx"})
    with pytest.raises(EngineError) as info:
        engine.translate(["Hello"], source="en", target="hi")
    assert str(info.value) == (
        "deepl (en→hi): the engine does not support the language 'hi'; "
        "choose another engine with --engine (google supports most languages) or drop the language"
    )
    assert len(responses.calls) == 0


@responses.activate
def test_deepl_batches_with_header_auth_and_maps_codes() -> None:
    def reply(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        body = _body(request)
        assert (body["source_lang"], body["target_lang"]) == ("EN", "PT-BR")
        return 200, {}, json.dumps({"translations": [{"text": t.upper()} for t in body["text"]]})

    responses.add_callback(responses.POST, "https://api-free.deepl.com/v2/translate", callback=reply)
    engine = get_engine("deepl", env={"DEEPL_API_KEY": "abc:fx"})
    assert engine.translate(["one", "two"], source="en", target="pt-BR") == ["ONE", "TWO"]
    call = responses.calls[0].request
    assert call.headers["Authorization"] == "DeepL-Auth-Key abc:fx"
    assert "abc" not in (call.url or "")


@responses.activate
def test_microsoft_batches_and_maps_codes() -> None:
    def reply(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        query = parse_qs(urlsplit(request.url or "").query)
        assert (query["from"], query["to"]) == (["en"], ["zh-Hans"])
        texts = [item["Text"] for item in _body(request)]
        return 200, {}, json.dumps([{"translations": [{"text": f"zh:{t}", "to": "zh-Hans"}]} for t in texts])

    responses.add_callback(responses.POST, "https://api.cognitive.microsofttranslator.com/translate", callback=reply)
    engine = get_engine("microsoft", env={"MICROSOFT_API_KEY": "k" * 8})
    assert engine.translate(["a", "b"], source="en", target="zh-CN") == ["zh:a", "zh:b"]
    assert responses.calls[0].request.headers["Ocp-Apim-Subscription-Key"] == "k" * 8


# --- LibreTranslate stub -----------------------------------------------------------------------


def test_libre_translates_a_batch_in_one_request(libre: LibreStub) -> None:
    engine = get_engine("libre", url=libre.url + "/", env={"LIBRE_API_KEY": "any"}, **FAST)
    texts = ["Hello {1} world", "**Bold** move", "Third"]
    assert engine.translate(texts, source="en", target="hi") == [fake_translate(t, "hi") for t in texts]
    posts = libre.posts
    assert len(posts) == 1 and posts[0]["path"] == "/translate"
    assert posts[0]["body"] == {"q": texts, "source": "en", "target": "hi", "format": "text", "api_key": "any"}


def test_libre_without_key_sends_none(libre: LibreStub) -> None:
    engine = get_engine("libre", url=libre.url, env={}, **FAST)
    engine.translate(["Hello"], source="en", target="de")
    assert "api_key" not in libre.posts[0]["body"]


def test_libre_unsupported_language_is_reported_before_sending(libre: LibreStub) -> None:
    engine = get_engine("libre", url=libre.url, **FAST)
    with pytest.raises(EngineError, match=r"libre \(en→ta\): the engine does not support the language 'ta'; choose"):
        engine.translate(["Hello"], source="en", target="ta")
    assert libre.posts == []


def test_libre_retries_429_honouring_retry_after(libre: LibreStub, caplog: pytest.LogCaptureFixture) -> None:
    libre.fail_first, libre.retry_after = 3, "0.2"  # the first is GET /languages
    engine = get_engine("libre", url=libre.url, retries=3, **FAST)
    start = time.monotonic()
    with caplog.at_level(logging.INFO, logger="l10n.engines"):
        assert engine.translate(["Hi"], source="en", target="de") == ["hI"]
    assert time.monotonic() - start >= 0.6
    assert len(libre.requests) == 5
    assert "HTTP 429" in caplog.text and "retrying in 0.20 s" in caplog.text


def test_libre_gives_up_after_retries_with_a_hint(libre: LibreStub) -> None:
    libre.fail_first = 100
    engine = get_engine("libre", url=libre.url, retries=2, **FAST)
    with pytest.raises(EngineError, match=r"HTTP 429 from 127\.0\.0\.1 after 3 attempts; rate limited .*lower --jobs"):
        engine.translate(["Hi"], source="en", target="de")


def test_libre_long_retry_after_fails_at_once(libre: LibreStub) -> None:
    libre.fail_first, libre.retry_after = 100, "3600"
    engine = get_engine("libre", url=libre.url, **FAST)
    start = time.monotonic()
    with pytest.raises(EngineError, match=r"retry after 3600 s"):
        engine.translate(["Hi"], source="en", target="de")
    assert time.monotonic() - start < 10  # not the 3600 s asked for (generous: shared CI machines)


def test_stalled_server_times_out(libre: LibreStub) -> None:
    libre.mode = "stall"
    engine = get_engine("libre", url=libre.url, timeout=0.3, retries=1, backoff=0.01)
    start = time.monotonic()
    with pytest.raises(
        EngineError, match=r"libre \(en→hi\): no answer from 127\.0\.0\.1 within 0\.3 s after 2 attempts"
    ):
        engine.translate(["Hi"], source="en", target="hi")
    assert time.monotonic() - start < 10  # two 0.3 s timeouts, not the 30 s the stub stalls for


def test_connection_refused_is_one_clear_line() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    engine = get_engine("libre", url=f"http://127.0.0.1:{port}", retries=1, **FAST)
    with pytest.raises(EngineError) as info:
        engine.translate(["Hi"], source="en", target="hi")
    message = str(info.value)
    assert message.startswith("libre (en→hi): cannot connect to 127.0.0.1 after 2 attempts; is the server running")
    assert "\n" not in message


def test_dns_failure_is_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fail(*args: object, **kwargs: object) -> requests.Response:
        calls.append(args)
        raise requests.exceptions.ConnectionError("NameResolutionError: Failed to resolve 'mt.example'")

    monkeypatch.setattr(requests.Session, "request", fail)
    engine = get_engine("libre", url="https://mt.example", **FAST)
    with pytest.raises(EngineError, match=r"cannot resolve mt\.example; check the network connection"):
        engine.translate(["Hi"], source="en", target="hi")
    assert len(calls) == 1


def test_api_key_never_appears_in_errors_logs_or_repr(
    libre: LibreStub, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("LIBRE_API_KEY", SENTINEL)
    libre.mode = "auth"  # the stub's 401 body echoes the key it received
    engine = get_engine("libre", url=libre.url, **FAST)
    with caplog.at_level(logging.DEBUG), pytest.raises(EngineError) as info:
        engine.translate(["Hi"], source="en", target="hi")
    assert libre.posts[0]["body"]["api_key"] == SENTINEL  # the key was really sent and echoed back
    message = str(info.value)
    assert (
        message
        == "libre (en→hi): HTTP 401 from 127.0.0.1: Invalid API key: ***; check the LIBRE_API_KEY environment variable"
    )
    shown = "".join(traceback.format_exception(info.value)) + caplog.text + repr(engine) + repr(info.value)
    assert SENTINEL not in shown
    assert caplog.records  # urllib3 did log the requests: scrubbing is not vacuous


def test_openai_key_is_scrubbed_too(openai_stub: OpenAIStub) -> None:
    openai_stub.mode = "auth"
    engine = get_engine("openai", url=openai_stub.url, env={"OPENAI_API_KEY": SENTINEL}, **FAST)
    with pytest.raises(EngineError) as info:
        engine.translate(["Hi"], source="en", target="hi")
    assert openai_stub.requests[0]["headers"]["Authorization"] == f"Bearer {SENTINEL}"
    assert SENTINEL not in str(info.value)
    assert "check the OPENAI_API_KEY environment variable" in str(info.value)


# --- OpenAI-compatible stub --------------------------------------------------------------------


def test_openai_sends_json_object_and_reads_the_reply(openai_stub: OpenAIStub) -> None:
    engine = get_engine(
        "openai",
        url=openai_stub.url,
        model="tiny",
        glossary={"hi": {"pull request": "पुल रिक्वेस्ट"}},
        **FAST,
    )
    texts = ["Open a pull request", "Keep {1} as is"]
    assert engine.translate(texts, source="en", target="hi") == [fake_translate(t, "hi") for t in texts]
    (request,) = openai_stub.posts
    body = request["body"]
    assert body["model"] == "tiny" and body["response_format"] == {"type": "json_object"}
    assert json.loads(body["messages"][-1]["content"]) == {"1": texts[0], "2": texts[1]}
    system = body["messages"][0]["content"]
    assert "from English to Hindi" in system and "{1}" in system and "Devanagari" in system
    assert "'pull request' → 'पुल रिक्वेस्ट'" in system
    assert "Authorization" not in request["headers"]  # local servers need no key


def test_openai_retries_a_wrong_shape_once(openai_stub: OpenAIStub) -> None:
    openai_stub.mode, openai_stub.bad_replies = "wrong-shape", 1
    engine = get_engine("openai", url=openai_stub.url, **FAST)
    assert engine.translate(["One", "Two"], source="en", target="de") == ["oNE", "tWO"]
    assert len(openai_stub.posts) == 2


@pytest.mark.parametrize(
    ("variant", "problem"),
    [
        (0, "the reply content is not JSON"),
        (1, "the reply is JSON list, not an object"),
        (2, r"the reply's keys differ \(missing \['1'\], unexpected \[\]\)"),
        (3, r"the reply's keys differ \(missing \[\], unexpected \['extra'\]\)"),
        (4, "the reply maps some keys to non-strings"),
    ],
)
def test_openai_wrong_shape_twice_is_a_failed_reply(openai_stub: OpenAIStub, variant: int, problem: str) -> None:
    openai_stub.mode, openai_stub.wrong_variant = "wrong-shape", variant
    engine = get_engine("openai", url=openai_stub.url, **FAST)
    with pytest.raises(ReplyError, match=problem):
        engine.translate(["One", "Two"], source="en", target="de")
    assert len(openai_stub.posts) == 2


# --- deep-translator paths through `responses` -----------------------------------------------

GOOGLE = "https://translate.google.com/m"
HTML = "text/html; charset=utf-8"


def _google_reply(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
    query = parse_qs(urlsplit(request.url or "").query)
    text = query["q"][0]
    out = text if not any(c.isalnum() for c in text) else fake_translate(text, query["tl"][0])
    return 200, {}, f'<html><body><div class="result-container">{out}</div></body></html>'


@responses.activate
def test_google_reattaches_whitespace_and_maps_codes() -> None:
    responses.add_callback(responses.GET, GOOGLE, callback=_google_reply, content_type=HTML)
    engine = get_engine("google", **FAST)
    assert engine.translate(["  Hello world \n", "…"], source="en", target="de") == ["  hELLO WORLD \n", "…"]
    assert engine.translate(["Hi"], source="en", target="zh")
    query = parse_qs(urlsplit(responses.calls[-1].request.url or "").query)
    assert (query["sl"], query["tl"]) == (["en"], ["zh-CN"])


@responses.activate
def test_google_long_text_is_split_by_sentence_and_joined() -> None:
    responses.add_callback(responses.GET, GOOGLE, callback=_google_reply, content_type=HTML)
    text = " ".join(f"Sentence number {i} is here." for i in range(300))  # about 8,000 characters
    engine = get_engine("google", **FAST)
    assert engine.translate([text], source="en", target="de") == [text.swapcase()]
    sent = [parse_qs(urlsplit(c.request.url or "").query)["q"][0] for c in responses.calls]
    assert len(sent) == 2 and all(len(q) < 5000 for q in sent)


@responses.activate
def test_google_429_is_retried() -> None:
    responses.add(responses.GET, GOOGLE, status=429, headers={"Retry-After": "0"})
    responses.add_callback(responses.GET, GOOGLE, callback=_google_reply, content_type=HTML)
    assert get_engine("google", **FAST).translate(["Hi"], source="en", target="de") == ["hI"]
    assert len(responses.calls) == 2


@responses.activate
def test_google_403_and_missing_result_are_mapped() -> None:
    responses.add(responses.GET, GOOGLE, status=403, body="blocked")
    with pytest.raises(EngineError, match=r"google \(en→de\): HTTP 403 from translate\.google\.com: blocked"):
        get_engine("google", **FAST).translate(["Hi"], source="en", target="de")
    responses.replace(responses.GET, GOOGLE, status=200, body="<html>no result</html>")
    with pytest.raises(ReplyError, match="unusable reply"):
        get_engine("google", **FAST).translate(["Hi"], source="en", target="de")


@responses.activate
def test_deep_translator_used_directly_still_works() -> None:
    from deep_translator import GoogleTranslator

    responses.add_callback(responses.GET, GOOGLE, callback=_google_reply, content_type=HTML)
    assert GoogleTranslator(source="en", target="de").translate("Hi") == "hI"


MYMEMORY = "http://api.mymemory.translated.net/get"


@responses.activate
def test_mymemory_splits_over_500_chars_and_uses_its_codes() -> None:
    def reply(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        query = parse_qs(urlsplit(request.url or "").query)
        assert query["langpair"] == ["en-US|hi-IN"]
        translated = fake_translate(query["q"][0], "hi")
        return 200, {}, json.dumps({"responseData": {"translatedText": translated}, "matches": []})

    responses.add_callback(responses.GET, MYMEMORY, callback=reply)
    text = " ".join(f"This is sentence {i}." for i in range(60))  # about 1,200 characters
    assert get_engine("mymemory", **FAST).translate([text], source="en", target="hi") == [fake_translate(text, "hi")]
    sizes = [len(parse_qs(urlsplit(c.request.url or "").query)["q"][0]) for c in responses.calls]
    assert len(sizes) == 3 and max(sizes) < 500


@responses.activate
def test_mymemory_quota_warning_is_an_engine_error() -> None:
    warning = "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY"
    responses.add(responses.GET, MYMEMORY, json={"responseData": {"translatedText": warning}, "matches": []})
    with pytest.raises(EngineError, match=r"mymemory \(en→hi\): MYMEMORY WARNING.*set MYMEMORY_EMAIL"):
        get_engine("mymemory", **FAST).translate(["Hi"], source="en", target="hi")
