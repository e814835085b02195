"""The machine-translation engines and the registry that builds one by name.

>>> get_engine("pseudo").name
'pseudo'
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from typing import Any

from l10n.engines.base import Engine, HttpClient, ReplyError, api_key
from l10n.engines.openai import DEFAULT_URL as OPENAI_URL
from l10n.engines.openai import OpenAIEngine
from l10n.engines.pseudo import PseudoEngine
from l10n.errors import EngineError
from l10n.protect import Glossary

__all__ = ["ENGINES", "Engine", "ReplyError", "get_engine"]

ENGINES = ("google", "mymemory", "libre", "deepl", "microsoft", "openai", "pseudo")
"""Valid ``--engine`` names; ``openai/<model>`` is accepted as a shorthand for ``--model``."""

_KEY_VARS = {
    "libre": "LIBRE_API_KEY",
    "deepl": "DEEPL_API_KEY",
    "microsoft": "MICROSOFT_API_KEY",
    "openai": "OPENAI_API_KEY",
}
LIBRE_URL = "https://libretranslate.com"


def get_engine(
    name: str,
    *,
    url: str | None = None,
    model: str | None = None,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    glossary: Glossary | Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> Engine:
    """Build the engine called ``name``.

    ``url`` (``--engine-url``) is used by libre, deepl, microsoft and openai and ignored by the
    others, as is ``model`` by all but openai, so a project default does not break a one-off
    ``--engine pseudo``. Keys are read from ``env`` (default: the process environment) only.
    ``backoff`` is the first retry delay in seconds; it doubles on each retry.
    """
    env = os.environ if env is None else env
    kind, _, suffix = name.strip().lower().partition("/")
    if kind not in ENGINES or (suffix and kind != "openai"):
        close = difflib.get_close_matches(kind, ENGINES, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise EngineError(f"unknown engine {name!r}; {hint}valid engines: {', '.join(ENGINES)}")
    if kind == "pseudo":
        return PseudoEngine()
    key_var = _KEY_VARS.get(kind)
    key = api_key(key_var, env) if key_var else None
    client = HttpClient(
        engine=kind, timeout=timeout, retries=retries, backoff=backoff, key_var=key_var, secrets=(key,) if key else ()
    )
    # deep-translator and BeautifulSoup take a third of a second to import: only for their engines.
    from l10n.engines.deep import DeepLEngine, GoogleEngine, LibreEngine, MicrosoftEngine, MyMemoryEngine

    if kind == "google":
        return GoogleEngine(client)
    if kind == "mymemory":
        return MyMemoryEngine(client, email=env.get("MYMEMORY_EMAIL") or None)
    if kind == "libre":
        return LibreEngine(client, url or LIBRE_URL, key)
    if kind == "openai":
        if not key and (url or OPENAI_URL).rstrip("/") == OPENAI_URL:
            raise EngineError(
                "openai: no API key; set the OPENAI_API_KEY environment variable (local servers given with --engine-url need none)"
            )
        engine = OpenAIEngine(client, url, suffix or model, key, Glossary.from_config(glossary))
        client.engine = engine.name
        return engine
    if not key:
        raise EngineError(f"{kind}: no API key; set the {key_var} environment variable")
    if kind == "deepl":
        return DeepLEngine(client, key, url)
    return MicrosoftEngine(client, key, url, region=env.get("MICROSOFT_REGION") or None)
