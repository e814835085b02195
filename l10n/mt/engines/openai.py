"""The ``openai`` engine: any OpenAI-compatible chat-completions endpoint (OpenAI, OpenRouter,
Ollama, vLLM, LM Studio), many segments per request.

The last user message is a JSON object mapping keys ``"1"``, ``"2"``, … to the (protected)
source texts; the model is asked for a JSON object with the same keys mapping to translations.
A user message before it names the notes the texts come from (their titles), so the model
translates a batch as parts of documents rather than as unrelated strings. The system prompt
is the one fixed cost of a request: it is kept short and sent once per request.
A reply that is not exactly that shape is a failed reply: asked once more, then reported as
:class:`~l10n.mt.engines.base.ReplyError` so the caller retries the segments one by one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from l10n.errors import EngineError
from l10n.langdata import language_name
from l10n.markdown.protect import Glossary, expected_script
from l10n.mt.engines.base import ReplyError, bad_reply

if TYPE_CHECKING:  # only annotations: an offline run never imports requests
    from l10n.mt.engines.http import HttpClient
    from l10n.mt.engines.registry import EngineOptions

DEFAULT_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
_SCRIPT_NAMES = {
    "Deva": "Devanagari",
    "Arab": "Arabic",
    "Hans": "Simplified Chinese characters",
    "Hant": "Traditional Chinese characters",
    "Cyrl": "Cyrillic",
}
_FENCED = re.compile(r"\A\s*```(?:json)?\s*\n(.*)\n\s*```\s*\Z", re.DOTALL)


class OpenAIEngine:
    """Chat completions with JSON output; the glossary's fixed translations go in the prompt."""

    default_jobs = 4
    max_batch = 200
    max_chars = 24_000
    """Characters of protected source text per request. The reply is about as long, and its
    tokens are what limits a request: 24,000 characters of English are about 6,000 tokens, and
    their translation stays within the 16,384 output tokens of gpt-4o-mini even in scripts that
    cost 2-3 tokens per character's worth of English (Devanagari). Small local models with a
    short context need less: see the ``mt_batch_characters`` setting."""
    accepts_glossary = True
    real_language = True
    name = "openai"
    """``openai/<model>`` once built."""
    key_var: ClassVar[str | None] = "OPENAI_API_KEY"
    key_required: ClassVar[bool] = False
    default_url: ClassVar[str | None] = DEFAULT_URL
    default_model: ClassVar[str | None] = DEFAULT_MODEL
    takes_variant: ClassVar[bool] = True

    @classmethod
    def create(cls, options: EngineOptions) -> OpenAIEngine:
        """The engine for model ``options.variant`` or ``options.model`` (default gpt-4o-mini).

        Raises :class:`~l10n.errors.EngineError` without a key for OpenAI's own server; local
        servers given with ``--engine-url`` need none.
        """
        if not options.key and (options.url or DEFAULT_URL).rstrip("/") == DEFAULT_URL:
            raise EngineError(
                "openai: no API key; set the OPENAI_API_KEY environment variable (local servers given with --engine-url need none)"
            )
        client = options.http_client()
        engine = cls(client, options.url, options.variant or options.model, options.key, options.glossary)
        client.engine = engine.name
        return engine

    def __init__(
        self, client: HttpClient, url: str | None, model: str | None, key: str | None, glossary: Glossary | None = None
    ) -> None:
        self.client = client
        self.url = (url or DEFAULT_URL).rstrip("/")
        self.model = model or DEFAULT_MODEL
        self.name = f"openai/{self.model}"
        self.glossary = glossary or Glossary()
        self._key = key

    def __repr__(self) -> str:
        return f"OpenAIEngine(url={self.url!r}, model={self.model!r})"

    def system_prompt(self, source: str, target: str) -> str:
        src, tgt = language_name(source), language_name(target)
        lines = [
            (
                f"Translate Markdown from {src} to {tgt}. The user sends a JSON object of texts; reply with "
                "only a JSON object with the same keys, each mapped to its text's translation."
            ),
            "Keep placeholders like {1} exactly, once each; keep Markdown syntax (* _ ` [ ] # > |) and line breaks.",
        ]
        script = expected_script(target)
        if script in _SCRIPT_NAMES:
            lines.append(f"Write {tgt} in {_SCRIPT_NAMES[script]}, never in Latin letters.")
        terms = self.glossary.terms_for(target)
        if terms:
            lines.append("Always use these fixed translations:")
            lines.extend(f"- {term!r} → {fixed!r}" for term, fixed in terms.items())
        return "\n".join(lines)

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        return self.translate_in_context(texts, [""] * len(texts), source=source, target=target)

    def translate_in_context(
        self, texts: Sequence[str], titles: Sequence[str], *, source: str, target: str
    ) -> list[str]:
        """Translate ``texts``; ``titles[i]`` is the title of the note ``texts[i]`` comes from
        ("" when unknown), told to the model once per run of texts from the same note."""
        keys = [str(i) for i in range(1, len(texts) + 1)]
        messages = [{"role": "system", "content": self.system_prompt(source, target)}]
        context = context_message(titles)
        if context:
            messages.append({"role": "user", "content": context})
        messages.append({"role": "user", "content": json.dumps(dict(zip(keys, texts)), ensure_ascii=False)})
        payload = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": messages,
        }
        headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
        problem = ""
        for _attempt in range(2):  # a malformed reply is asked for once more
            try:
                data = self.client.post_json(
                    f"{self.url}/chat/completions", payload, headers=headers, source=source, target=target
                )
            except ReplyError as exc:
                problem = exc.message
                continue
            found, problem = _parse_reply(data, keys)
            if found is not None:
                return found
        raise bad_reply(self.name, source, target, problem)


def context_message(titles: Sequence[str]) -> str:
    """Which note each text comes from, as runs of keys: ``Texts 1-12 are from the note "Setup".``
    Empty when no title is known. Keys are 1-based, as in the JSON object sent."""
    runs: list[tuple[int, int, str]] = []
    for number, title in enumerate(titles, start=1):
        if runs and runs[-1][2] == title:
            runs[-1] = (runs[-1][0], number, title)
        else:
            runs.append((number, number, title))
    parts = [
        (f"Text {first} is" if first == last else f"Texts {first}-{last} are")
        + f" from the note {json.dumps(title, ensure_ascii=False)}."
        for first, last, title in runs
        if title
    ]
    return " ".join(parts)


def _parse_reply(data: Any, keys: list[str]) -> tuple[list[str] | None, str]:
    """The translations in key order, or None and what is wrong with the reply."""
    try:
        choice = data["choices"][0]
        content = choice["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return None, "the reply has no choices[0].message.content"
    if not isinstance(content, str):
        return None, "the reply content is not text"
    fenced = _FENCED.match(content)  # some local models wrap JSON in a fence despite response_format
    try:
        obj = json.loads(fenced.group(1) if fenced else content)
    except ValueError:
        cut = " (cut off: max tokens reached)" if choice.get("finish_reason") == "length" else ""
        return None, f"the reply content is not JSON{cut}"
    if not isinstance(obj, dict):
        return None, f"the reply is JSON {type(obj).__name__}, not an object"
    if set(obj) != set(keys):
        missing, extra = sorted(set(keys) - set(obj), key=int), sorted(set(obj) - set(keys))
        return None, f"the reply's keys differ (missing {missing}, unexpected {extra})"
    if not all(isinstance(obj[k], str) for k in keys):
        return None, "the reply maps some keys to non-strings"
    return [obj[k] for k in keys], ""
