"""The machine-translation engines and the registry that builds one by name.

Each engine is one class in one module of this package (or a third-party class registered in
the ``l10n.engines`` entry point group); :mod:`l10n.mt.engines.registry` collects them.

>>> get_engine("pseudo").name
'pseudo'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from l10n.errors import EngineError, UnknownEngineError
from l10n.mt.engines.registry import EngineClass, EngineOptions, engine_class, engine_names, key_variables

if TYPE_CHECKING:
    from l10n.markdown.protect import Glossary
    from l10n.mt.engines.base import Engine, ReplyError

__all__ = ["Engine", "EngineClass", "EngineOptions", "ReplyError", "engine_names", "get_engine", "key_variables"]


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
    """Build the engine called ``name`` (``libre``, ``openai/llama3``; case and spaces ignored).

    ``url`` (``--engine-url``) and ``model`` go to the engines that use them and are ignored by
    the others, so a project default does not break a one-off ``--engine pseudo``. Keys are read
    from ``env`` (default: the process environment) only, from the variable the engine class
    names. ``timeout`` and ``backoff`` are seconds; ``backoff`` is the first retry delay and
    doubles on each retry.

    Raises :class:`~l10n.errors.UnknownEngineError` (an ``EngineError``) for an unknown name
    (with the closest one), :class:`~l10n.errors.EngineError` for a required key that is missing
    or malformed, or an engine that cannot be built.
    """
    from l10n.markdown.protect import Glossary
    from l10n.mt.engines.base import api_key

    env = os.environ if env is None else env
    kind, _, variant = name.strip().lower().partition("/")
    cls = engine_class(kind)
    if variant and not cls.takes_variant:
        raise UnknownEngineError(f"unknown engine {name!r}; valid engines: {', '.join(engine_names())}")
    key = api_key(cls.key_var, env) if cls.key_var else None
    if cls.key_required and not key:
        raise EngineError(f"{kind}: no API key; set the {cls.key_var} environment variable")
    options = EngineOptions(
        name=kind,
        variant=variant,
        url=url,
        model=model,
        key=key,
        env=env,
        glossary=Glossary.from_config(glossary),
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        key_var=cls.key_var,
    )
    return cls.create(options)


def __getattr__(name: str) -> Any:
    # The protocol and the reply error live with the HTTP plumbing (requests): loaded on use.
    if name in ("Engine", "ReplyError"):
        from l10n.mt.engines import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
