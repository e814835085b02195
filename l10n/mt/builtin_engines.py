"""The built-in engines' names, in a module that imports nothing.

Every command checks the configured engine names (a misspelt ``engine = "gogle"`` is an error
whatever the command, as every other setting is); for the built-in names that costs a look-up
here, where importing :mod:`l10n.mt.engines.registry` would cost every run about 60 ms.
"""

from __future__ import annotations

BUILT_IN: dict[str, str] = {
    "google": "deep",
    "mymemory": "deep",
    "libre": "deep",
    "deepl": "deep",
    "microsoft": "deep",
    "openai": "openai",
    "pseudo": "pseudo",
}
"""Each built-in engine's name → the module of :mod:`l10n.mt.engines` defining its class, so that
checking a name (every run checks the configured ``engine``, ``google`` by default) or building a
built-in engine imports one module at most, not every engine module and the entry points (the
registry: 30-70 ms). ``tests/test_engine_registry.py`` holds it equal to the registry's built-ins."""


PLACEHOLDERS: frozenset[str] = frozenset({"pseudo"})
"""The built-in engines whose output is not the target language (their class says
``real_language = False``), known without importing their module: a no-op ``sync`` asks
(:func:`l10n.mt.engines.registry.is_placeholder_engine`). ``tests/test_engine_registry.py``
holds it equal to the classes' declarations."""


def is_built_in(name: str) -> bool:
    """Whether ``name`` (case and surrounding spaces ignored) is a built-in engine's, with no
    ``/variant``: such a name needs no look-up in the registry."""
    return name.strip().lower() in BUILT_IN
