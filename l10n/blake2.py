"""BLAKE2b (RFC 7693) without loading OpenSSL: the hash every digest of l10n's bookkeeping uses.

:mod:`hashlib` loads OpenSSL's ``_hashlib`` when it is imported, whatever hash is then asked
for: 1.7-2 ms of CPU, about 1 % of a whole ``l10n build`` of the 127 corpus notes (``python -X
importtime``, session 15). BLAKE2 is not OpenSSL's in CPython: ``hashlib.blake2b`` *is*
``_blake2.blake2b``, the module this one imports directly (the same type, so the same digests).
An interpreter without ``_blake2`` (CPython built without it) gets :mod:`hashlib`'s.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover -- every CPython l10n supports has it
    from hashlib import blake2b

__all__ = ["blake2b"]
