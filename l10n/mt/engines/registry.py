"""The engine registry: every engine class, built-in or third-party, by name.

An engine class declares what the registry needs as class attributes (:class:`EngineClass`):
its ``name``, the environment variable of its API key (``key_var``), whether that key is
required, its default URL and model, and a ``create`` class method building an engine from
:class:`EngineOptions`. The registry is built from those classes only, so the ``--engine``
choices, their help text, the key check and the scrubbing of keys from messages
(:func:`l10n.mt.engines.base.scrub`) cannot miss an engine.

Built-in engines are the classes defined in the modules of :mod:`l10n.mt.engines` (adding one is
adding one module). Third-party engines are classes named by entry points in the group
``l10n.engines`` (``[project.entry-points."l10n.engines"] myengine = "pkg.mod:MyEngine"``), as
babel finds its extractors (``babel.extractors``) and sqlite-utils its plugins; the entry
point's name is the engine's name. A built-in name cannot be taken by a third-party engine.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from l10n.errors import EngineError, UnknownEngineError
from l10n.mt.builtin_engines import BUILT_IN, PLACEHOLDERS

if TYPE_CHECKING:
    import logging

    from l10n.markdown.protect import Glossary
    from l10n.mt.engines.base import Engine
    from l10n.mt.engines.http import HttpClient

ENTRY_POINT_GROUP = "l10n.engines"
"""The entry point group third-party engines register in."""

_NOT_ENGINES = frozenset({"base", "http", "registry"})
"""Modules of :mod:`l10n.mt.engines` that hold plumbing, not engine classes."""


@dataclass(frozen=True)
class EngineOptions:
    """What :func:`l10n.mt.engines.get_engine` hands an engine class's ``create``."""

    name: str
    """The registry name (``openai``)."""
    variant: str
    """What followed ``/`` in the name given (``llama3`` in ``openai/llama3``); "" when none."""
    url: str | None
    """``--engine-url`` or the configured URL; None: the class's ``default_url``."""
    model: str | None
    key: str | None
    """The API key read from ``key_var`` (stripped), None when unset."""
    env: Mapping[str, str]
    """The environment keys and other settings (``MICROSOFT_REGION``) are read from."""
    glossary: Glossary
    timeout: float = 30.0
    """Seconds to wait for each read of a reply."""
    retries: int = 3
    backoff: float = 0.5
    """First retry delay in seconds; it doubles on each retry."""
    key_var: str | None = field(default=None)

    def http_client(self) -> HttpClient:
        """An :class:`~l10n.mt.engines.http.HttpClient` with these timeouts and the key as its secret."""
        from l10n.mt.engines.http import HttpClient

        return HttpClient(
            engine=self.name,
            timeout=self.timeout,
            retries=self.retries,
            backoff=self.backoff,
            key_var=self.key_var,
            secrets=(self.key,) if self.key else (),
        )


@runtime_checkable
class EngineClass(Protocol):
    """What an engine class declares for the registry (class attributes and one class method)."""

    name: str
    """The name users give to ``--engine``; instances may refine it (``openai/gpt-4o-mini``)."""
    key_var: ClassVar[str | None]
    """Environment variable holding the API key; its value is scrubbed from every message."""
    key_required: ClassVar[bool]
    """True: building the engine without a key is an :class:`~l10n.errors.EngineError`."""
    default_url: ClassVar[str | None]
    default_model: ClassVar[str | None]
    takes_variant: ClassVar[bool]
    """True when ``<name>/<variant>`` is accepted (``openai/<model>``)."""

    @classmethod
    def create(cls, options: EngineOptions) -> Engine:
        """Build the engine; raises :class:`~l10n.errors.EngineError` when it cannot work."""
        ...


@dataclass(frozen=True)
class _Registry:
    classes: dict[str, type[EngineClass]]
    broken: dict[str, str]
    """Third-party entry points that failed to load: name → why."""


@functools.cache
def _registry() -> _Registry:
    import l10n.mt.engines as package

    classes: dict[str, type[EngineClass]] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name in _NOT_ENGINES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():  # definition order: the order of --help
            if inspect.isclass(value) and value.__module__ == module.__name__ and isinstance(value, EngineClass):
                classes[value.name] = value
    from importlib.metadata import entry_points  # 40 ms of imports: only for the whole registry

    broken: dict[str, str] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name in classes:
            _log().warning("engine %r from %s ignored: a built-in engine has that name", point.name, point.value)
            continue
        try:
            loaded = point.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin, whatever its error, must not stop the other engines
            broken[point.name] = f"{type(exc).__name__}: {exc}"
            continue
        if not (inspect.isclass(loaded) and isinstance(loaded, EngineClass)):
            broken[point.name] = "not an engine class (name, key_var, key_required, default_url, default_model, takes_variant, create)"
            continue
        classes[point.name] = loaded
    return _Registry(classes, broken)


def _log() -> logging.Logger:
    """The engines' logger; :mod:`logging` is imported only when there is something to say (a
    run that only checks an engine's name does not load it, ``tests/test_startup.py``)."""
    import logging

    return logging.getLogger("l10n.engines")


def engine_names() -> tuple[str, ...]:
    """Every engine's name, built-ins first in the order their modules define them."""
    return tuple(_registry().classes)


def engine_class(name: str) -> type[EngineClass]:
    """The class registered as ``name`` (exact, lower-case).

    Raises :class:`~l10n.errors.UnknownEngineError` (an :class:`~l10n.errors.EngineError` and a
    :class:`~l10n.errors.ConfigError`) when ``name`` is unknown, with the closest name and the
    list, and :class:`~l10n.errors.EngineError` when it names a third-party entry point that
    cannot be loaded.
    """
    own = _own_module_class(name)
    if own is not None:
        return own
    registry = _registry()
    if name in registry.classes:
        return registry.classes[name]
    if name in registry.broken:
        raise EngineError(f"engine {name!r} cannot be loaded ({registry.broken[name]}); reinstall the package that provides it")
    import difflib

    names = engine_names()
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise UnknownEngineError(f"unknown engine {name!r}; {hint}valid engines: {', '.join(names)}")


@functools.cache
def _own_module_class(name: str) -> type[EngineClass] | None:
    """The built-in engine class ``name``, from its module in :data:`BUILT_IN` (``pseudo``,
    ``google`` in ``deep``), found without the registry: importing every engine module and reading the
    entry points (``importlib.metadata``) cost about 70 ms of a ``sync`` that translates one
    note with the pseudo engine (issue 19). The answer is the registry's: a built-in name is
    never taken by a third-party engine, and the registry takes the classes of this module too."""
    if name not in BUILT_IN:
        return None
    module = importlib.import_module(f"l10n.mt.engines.{BUILT_IN[name]}")
    for value in vars(module).values():
        if inspect.isclass(value) and value.__module__ == module.__name__ and isinstance(value, EngineClass) and value.name == name:
            return value
    return None


def check_engine_name(name: str) -> None:
    """Raise :class:`~l10n.errors.UnknownEngineError` as :func:`l10n.mt.engines.get_engine` would
    for an unknown engine ``name`` (``libre``, ``openai/llama3``; case and spaces ignored), without
    building it (no key asked for): a run with nothing to translate still reports a misspelt
    engine. A built-in engine's name (:data:`BUILT_IN`) costs nothing; any other name, or a
    variant (``openai/llama3``), loads the registry (its entry points) or the engine's module."""
    kind, _, variant = name.strip().lower().partition("/")
    if not variant and kind in BUILT_IN:
        return
    cls = engine_class(kind)
    if variant and not cls.takes_variant:
        raise UnknownEngineError(f"unknown engine {name!r}; valid engines: {', '.join(engine_names())}")


def key_variables() -> tuple[str, ...]:
    """The environment variables of every registered engine's API key (each once)."""
    return tuple(dict.fromkeys(c.key_var for c in _registry().classes.values() if c.key_var))


def reload() -> None:
    """Forget the registry, so entry points installed since are found (tests, long-lived hosts)."""
    _registry.cache_clear()
    _own_module_class.cache_clear()


@functools.cache
def is_placeholder_engine(name: str) -> bool:
    """Whether the engine ``name`` (as a catalog's ``# mt:`` line or a memory row's
    ``machine:<engine>`` origin names it: ``pseudo``, ``openai/gpt-4o-mini``) writes placeholder
    text rather than the target language: its class says ``real_language = False`` (the
    ``pseudo`` engine of the quick start). Such output is never taken from the memory for a real
    engine, and a real engine translates over it (:mod:`l10n.mt.translate`). A name no
    installed engine has (an uninstalled plugin's) is taken for a real engine's, whose work is
    kept. Built-in names load one engine module at most; another name loads the registry."""
    kind = name.strip().lower().partition("/")[0]
    if not kind:
        return False
    if kind in BUILT_IN:  # no module imported: a no-op sync asks
        return kind in PLACEHOLDERS
    try:
        found = engine_class(kind)
    except EngineError:
        return False
    return getattr(found, "real_language", True) is False
