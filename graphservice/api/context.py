"""What every resolver can reach: the catalog of loaded works."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

from strawberry.types import Info as _Info

from graphservice.api.limits import QueryLimits
from graphservice.catalog import Catalog
from graphservice.feed import Feed
from graphservice.queries.changes import Published

__all__ = ["Context", "Info", "Live"]


class Live(Protocol):
    """Where live subscriptions learn of data versions (the web layer's data holder)."""

    @property
    def published(self) -> Published:
        """The version served now."""
        ...

    @property
    def feed(self) -> Feed[Published]:
        """Each new version, as it is swapped in."""
        ...


@dataclass(frozen=True, slots=True)
class Context:
    """Per-request context; the catalog is shared and read-only."""

    catalog: Catalog
    limits: QueryLimits = field(default_factory=QueryLimits)
    """What the request's operation may ask for (checked before it runs)."""
    deadline: float = 0.0
    """When the operation must stop (``time.monotonic()``); unset: the time budget from now."""
    live: Live | None = None
    """Data versions for subscriptions; None where there are none (scripts, tests of queries)."""

    def __post_init__(self) -> None:
        if not self.deadline:  # one budget for the whole request, from when its context is made
            object.__setattr__(self, "deadline", time.monotonic() + self.limits.time_budget)


Info = _Info[Context, None]
