"""Argument types shared by many fields, with their descriptions, and their translation to filters."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graphservice.api.enums import Direction, QuoteRole, RelationshipKindEnum
from graphservice.catalog import LoadedWork
from graphservice.queries.neighbours import Direction as DomainDirection
from graphservice.queries.quotes import ALL_ROLES
from graphservice.queries.quotes import QuoteRole as DomainQuoteRole
from graphservice.queries.views import EdgeFilter, View, make_view
from graphservice.vocabulary import RelationshipKind

__all__ = [
    "AsOf",
    "Depth",
    "DirectionArg",
    "During",
    "Exclude",
    "IncludePlaces",
    "Kinds",
    "MinConfidence",
    "Weighted",
    "WorkArg",
    "domain_direction",
    "domain_roles",
    "edge_filter",
    "inherit",
]

AsOf = Annotated[
    str | None,
    strawberry.argument(
        name="asOf",
        description="Spoiler guard: keep only what a reader who has finished this period knows "
        "(a period slug such as `part-1`). Omit to see everything.",
    ),
]
During = Annotated[
    str | None,
    strawberry.argument(
        description="Keep only what is true during this period (a period slug). "
        "Not spoiler-safe on its own; combine with `asOf`."
    ),
]
Kinds = Annotated[
    list[RelationshipKindEnum] | None,
    strawberry.argument(description="Only cross relationships of these kinds. Omit for every kind."),
]
MinConfidence = Annotated[
    float | None,
    strawberry.argument(
        name="minConfidence",
        description="Leave out relationships, memberships and place links whose `confidence` is below "
        "this (0 to 1). Curated records count as 1.0, so `1` keeps only what a curator has checked. "
        "Omit to keep drafted records whatever their confidence.",
    ),
]
DirectionArg = Annotated[
    Direction,
    strawberry.argument(description="Which way to walk directed relationships."),
]
Depth = Annotated[
    int,
    strawberry.argument(description="How many steps away to look (1 to 6)."),
]
IncludePlaces = Annotated[
    bool,
    strawberry.argument(
        name="includePlaces",
        description="Also walk through places via place links (lived at, visited, ...).",
    ),
]
Exclude = Annotated[
    list[str] | None,
    strawberry.argument(description='Nodes the path must avoid, as slugs or global ids (e.g. `["ruth-c"]`).'),
]
Weighted = Annotated[
    bool,
    strawberry.argument(
        description="Prefer strong bonds: a step costs 6 minus the relationship's `strength` (1 to 5; "
        "3 where the data gives none), and the cheapest path wins instead of the one with fewest steps."
    ),
]
WorkArg = Annotated[
    str | None,
    strawberry.argument(description="Slug of the work to ask; defaults to the first work served."),
]


def inherit(work: LoadedWork, parent: View, as_of: str | None, during: str | None) -> View:
    """A nested field's view: the parent's, with each clock this field sets replaced."""
    return parent.merged(make_view(work, as_of, during))


def edge_filter(
    view: View,
    kinds: list[RelationshipKindEnum] | None,
    include_places: bool = False,
    exclude: frozenset[str] = frozenset(),
    *,
    min_confidence: float | None = None,
) -> EdgeFilter:
    """The domain filter for a field's view, kinds, place, exclusion and confidence arguments."""
    chosen = None if kinds is None else frozenset(RelationshipKind(str(k.value)) for k in kinds)
    least = 0.0 if min_confidence is None else min_confidence
    return EdgeFilter(view, chosen, include_places, exclude, least)


def domain_direction(direction: Direction) -> DomainDirection:
    """Translate the GraphQL direction to the domain's."""
    chosen: dict[Direction, DomainDirection] = {
        Direction.OUT: "out",
        Direction.IN: "in",
        Direction.BOTH: "both",
    }
    return chosen[direction]


_ROLES: dict[QuoteRole, frozenset[DomainQuoteRole]] = {
    QuoteRole.ANY: ALL_ROLES,
    QuoteRole.SPOKEN: frozenset({"spoken"}),
    QuoteRole.ADDRESSED: frozenset({"addressed"}),
    QuoteRole.ABOUT: frozenset({"about"}),
}


def domain_roles(role: QuoteRole) -> frozenset[DomainQuoteRole]:
    """Translate the GraphQL quote role to the domain's set of roles."""
    return _ROLES[role]
