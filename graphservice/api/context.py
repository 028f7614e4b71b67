"""What every resolver can reach: the catalog of loaded works."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.types import Info as _Info

from graphservice.api.limits import QueryLimits
from graphservice.catalog import Catalog

__all__ = ["Context", "Info"]


@dataclass(frozen=True, slots=True)
class Context:
    """Per-request context; the catalog is shared and read-only."""

    catalog: Catalog
    limits: QueryLimits = field(default_factory=QueryLimits)
    """What the request's operation may ask for (checked before it runs)."""


Info = _Info[Context, None]
