"""JSON in and out: orjson when it is installed, else the standard library.

orjson parses request bodies and data files and encodes answers several times faster than ``json`` (the
benchmark suite measures both, see docs/benchmarks.md). Both produce the same compact UTF-8 text
for the values a GraphQL answer holds. orjson refuses integers beyond 64 bits, which ``json``
accepts, so a value orjson cannot handle goes to ``json`` instead of failing the request.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["BACKEND", "canonical", "dumps", "loads"]

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; this keeps a bare install working
    orjson = None  # type: ignore[assignment]

BACKEND = "json" if orjson is None else "orjson"
"""Which library is in use."""


def _std_dumps(value: Any, sort_keys: bool = False) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys).encode()


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON."""
    if orjson is not None:
        try:
            return orjson.dumps(value)
        except TypeError:
            pass  # e.g. an integer beyond 64 bits
    return _std_dumps(value)


def canonical(value: Any) -> bytes:
    """Compact UTF-8 JSON with object keys sorted: equal values give equal bytes."""
    if orjson is not None:
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        except TypeError:
            pass
    return _std_dumps(value, sort_keys=True)


def loads(raw: bytes | str) -> Any:
    """Parse JSON (bytes must be UTF-8); raises ValueError when it is not valid JSON, or is
    nested too deeply to parse."""
    if orjson is not None:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # orjson is stricter (big integers, NaN); let json decide
    try:
        return json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except RecursionError:  # json recurses once per level of nesting
        raise ValueError("JSON nested too deeply") from None
