"""The digest that stands for a whole catalog file's bytes under a policy: what the verdict store
keys a catalog's pass and publication by (:mod:`l10n.store.verdicts`) and the status cache
checks its rows by (:mod:`l10n.status.cache`). A module of its own, without the validator's
imports (0.2 s), so that ``status`` can check a file's bytes without loading the validator."""

from __future__ import annotations

from l10n.blake2 import blake2b

PUBLICATION_FORMAT = "publication-1"
"""First in a stored publication (:func:`l10n.po.scan._encode_publication`'s marshal bytes): a
row of another format (JSON text before session 14) is never misread as one."""

def catalog_digest(data: bytes, policy: str) -> bytes:
    """The 16-byte BLAKE2 digest that stands for a whole catalog's pass: every translation the
    build chooses from the catalog file of bytes ``data`` under ``policy`` (``on_source_change``)
    passed validation. Its input starts with ``catalog\\0``, never the 8-byte length that starts
    :func:`l10n.markdown.validate.verdict_digest`'s, so the two never stand for each other;
    stored like any pass, it is keyed with the rules' fingerprint. Raises nothing."""
    digest = catalog_hasher(policy)
    digest.update(data)
    return digest.digest()


def catalog_hasher(policy: str) -> blake2b:
    """:func:`catalog_digest` before the catalog's bytes: fed them (in parts, as a writer makes
    them), its ``digest()`` is :func:`catalog_digest` of their concatenation. Raises nothing."""
    digest = blake2b(b"catalog\0", digest_size=16)
    digest.update(policy.encode("utf-8", "surrogatepass") + b"\0")
    return digest
