"""Hard caps on query arguments, so no single request can ask for unbounded work."""

from __future__ import annotations

from graphservice.errors import InvalidArgumentError

__all__ = ["LARGE_WORK_EDGES", "MAX_DEPTH", "MAX_PATHS", "MAX_PATH_LENGTH", "check_range"]

MAX_DEPTH = 6
"""Deepest neighbourhood a ``neighbours`` query may ask for."""
MAX_PATH_LENGTH = 8
"""Longest path (in steps) that ``paths`` will enumerate."""
MAX_PATHS = 50
"""Most paths one ``paths`` query may return."""
LARGE_WORK_EDGES = 2_000
"""Works with more edges than this are "large": analytics and the layout are computed when first
asked for rather than at load time, and betweenness is estimated from a sample of sources (a novel
has a few hundred edges; exact betweenness of a million-edge graph would take days)."""


def check_range(name: str, value: int, low: int, high: int) -> int:
    """Return ``value`` if ``low <= value <= high``, else raise a bad-argument error naming it."""
    if not low <= value <= high:
        raise InvalidArgumentError(f"{name} must be between {low} and {high}; got {value}")
    return value
