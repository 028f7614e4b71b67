"""Hard caps on query arguments, so no single request can ask for unbounded work."""

from __future__ import annotations

from graphservice.errors import InvalidArgumentError

__all__ = ["MAX_DEPTH", "MAX_PATHS", "MAX_PATH_LENGTH", "check_range"]

MAX_DEPTH = 6
"""Deepest neighbourhood a ``neighbours`` query may ask for."""
MAX_PATH_LENGTH = 8
"""Longest path (in steps) that ``paths`` will enumerate."""
MAX_PATHS = 50
"""Most paths one ``paths`` query may return."""


def check_range(name: str, value: int, low: int, high: int) -> int:
    """Return ``value`` if ``low <= value <= high``, else raise a bad-argument error naming it."""
    if not low <= value <= high:
        raise InvalidArgumentError(f"{name} must be between {low} and {high}; got {value}")
    return value
