"""The limits an operation must pass before it runs; each request's context carries them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["QueryLimits", "limits_from"]


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """Limits checked before an operation runs; the defaults let GraphiQL and every README
    example through and refuse the hostile requests in the tests."""

    max_cost: int = 100_000
    """Highest estimated cost of an operation (see api/cost.py)."""
    max_depth: int = 15
    """Deepest nesting of fields (a connection's `edges { node }` counts two)."""
    max_aliases: int = 50
    """Most aliases in one document."""
    max_tokens: int = 5_000
    """Most tokens in one document."""
    introspection: bool = True
    """Whether `__schema` and `__type` may be asked (GraphiQL and code generators need them)."""
    only_subscriptions: bool = False
    """Whether only subscriptions may run (over WebSocket: queries belong on HTTP)."""
    time_budget: float = 0.75
    """Seconds one request's operation may run, all its fields together, before it stops with
    QUERY_TIMEOUT (a path search checks it as it enumerates; the executor before each object)."""


def limits_from(settings: object) -> QueryLimits:
    """The query limits named in a settings object (any object with those attributes)."""
    defaults = QueryLimits()
    names = QueryLimits.__dataclass_fields__
    return QueryLimits(**{name: getattr(settings, name, getattr(defaults, name)) for name in names})
