"""Answers kept for the data version they were computed from.

The data only changes when a curator edits a file, and frontends send the same few requests again
and again, so a successful answer is kept and sent again without running the operation. The key
is everything the answer depends on: the data version, the document, the variables (in a
canonical form, so key order does not matter) and the operation name. The same key gives the
``ETag`` of ``GET`` answers, so a client's cached copy and the server's agree on what "the same
answer" means.

The cache is bounded by the bytes of the answers it holds; the least recently used answers go
first. A data reload clears it (the version in the key already keeps old answers from being
served; clearing frees their memory at once).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from graphservice import jsonio

__all__ = [
    "MAX_ALIAS_BODY",
    "RESPONSE_CACHE_BYTES",
    "CacheKey",
    "CachedAnswer",
    "ResponseCache",
    "cache_key",
    "etag_of",
]

RESPONSE_CACHE_BYTES = 64 * 1024 * 1024
"""Most bytes of answers kept (the answers' bodies; the overhead per entry is a few hundred bytes)."""
_MAX_ANSWER_BYTES = 4 * 1024 * 1024
"""Answers larger than this are not kept: one must not push out hundreds of small, hot ones."""
MAX_ALIAS_BODY = 16 * 1024
"""Request bodies up to this size are remembered byte for byte (see ``ResponseCache.alias``)."""
_MAX_ALIASES = 4096
_MAX_ALIAS_BYTES = 8 * 1024 * 1024
"""Most bytes of remembered request bodies (a few thousand small ones, or fewer large ones)."""

CacheKey = tuple[str, str, bytes, str | None]
"""(data version, document, canonical variables, operation name)."""


def cache_key(
    version: str, query: str, variables: dict[str, Any] | None, operation_name: str | None
) -> CacheKey:
    """The key of an answer: no variables and an empty object are the same request."""
    return (version, query, jsonio.canonical(variables or {}), operation_name)


def etag_of(key: CacheKey) -> str:
    """A strong ETag for the answer with this key."""
    sha = hashlib.sha256()
    for part in key:
        raw = part if isinstance(part, bytes) else ("" if part is None else part).encode()
        sha.update(len(raw).to_bytes(8, "big"))  # length-prefixed, so parts cannot run together
        sha.update(raw)
    sha.update(b"-" if key[3] is None else b"+")
    return '"' + sha.hexdigest()[:32] + '"'


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """A successful answer's body, and what the request log and metrics record about it."""

    body: bytes
    operation: str | None
    cost: float | None


class ResponseCache:
    """A least-recently-used map from request keys to answers, bounded in bytes."""

    def __init__(self, max_bytes: int = RESPONSE_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[CacheKey, CachedAnswer] = OrderedDict()
        self._aliases: OrderedDict[tuple[str, bytes], CacheKey] = OrderedDict()
        self._bytes = 0
        self._alias_bytes = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """Bytes of answers held."""
        return self._bytes

    def get(self, key: CacheKey) -> CachedAnswer | None:
        """The answer kept for ``key``, marked as recently used; None on a miss."""
        found = self._entries.get(key)
        if found is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: CacheKey, answer: CachedAnswer) -> None:
        """Keep an answer, dropping the least recently used ones to stay within the bound."""
        weight = len(answer.body) + len(key[1]) + len(key[2])
        if weight > min(self.max_bytes, _MAX_ANSWER_BYTES):
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body) + len(key[1]) + len(key[2])
        self._entries[key] = answer
        self._bytes += weight
        while self._bytes > self.max_bytes:
            dropped_key, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body) + len(dropped_key[1]) + len(dropped_key[2])

    def alias(self, body: bytes, key: CacheKey) -> None:
        """Remember that a POST body, byte for byte, asks for the answer with ``key``.

        A client repeating a request sends the same bytes, so ``by_body`` can find the answer
        without parsing the JSON or building the key. The aliases only point into the cache: an
        answer dropped from it is not found through them either. At most a few thousand small
        bodies are remembered, the least recently used forgotten first.
        """
        if len(body) > MAX_ALIAS_BODY:
            return
        if (key[0], body) not in self._aliases:
            self._alias_bytes += len(body)
        self._aliases[key[0], body] = key
        self._aliases.move_to_end((key[0], body))
        while len(self._aliases) > _MAX_ALIASES or self._alias_bytes > _MAX_ALIAS_BYTES:
            (_, dropped), _ = self._aliases.popitem(last=False)
            self._alias_bytes -= len(dropped)

    def by_body(self, version: str, body: bytes) -> CachedAnswer | None:
        """The answer for a POST body remembered with ``alias``, for this data version; None if
        the body is unknown or its answer is no longer kept."""
        key = self._aliases.get((version, body))
        return None if key is None else self.get(key)

    def clear(self) -> None:
        """Forget every answer (after a data reload)."""
        self._entries.clear()
        self._aliases.clear()
        self._bytes = self._alias_bytes = 0
