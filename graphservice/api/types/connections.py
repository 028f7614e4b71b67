"""Relay connections with a total count and a hard page-size cap."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from graphservice.api.types.entities import Character, Group, Place
from graphservice.api.types.events import Event
from graphservice.api.types.links import PlaceLink, Relationship
from graphservice.api.types.quotes import Quote, Symbol, Theme
from graphservice.api.types.traversal import Neighbour
from graphservice.errors import InvalidArgumentError

__all__ = [
    "MAX_PAGE",
    "CharacterConnection",
    "EventConnection",
    "GroupConnection",
    "NeighbourConnection",
    "PlaceConnection",
    "PlaceLinkConnection",
    "QuoteConnection",
    "RelationshipConnection",
    "SymbolConnection",
    "ThemeConnection",
]

MAX_PAGE = 100
"""Largest page a client may ask for with `first` or `last`."""


@strawberry.type(
    description="A page of results, with the total number of results across all pages. Cursors are "
    "positions in a fixed order, so they stay valid across requests while the data is unchanged."
)
class CountedConnection(relay.ListConnection[relay.NodeType]):
    total_count: int = strawberry.field(default=0, description="Number of results across all pages.")

    @classmethod
    def resolve_connection(cls, nodes: Any, *, info: Any, **kwargs: Any) -> Any:
        """Paginate a materialised list, recording its length; bad page arguments are bad input."""
        items = list(nodes)
        kwargs["max_results"] = MAX_PAGE
        try:
            conn = super().resolve_connection(items, info=info, **kwargs)
        except ValueError as exc:  # strawberry reports negative or over-cap `first`/`last` so
            raise InvalidArgumentError(str(exc)) from None
        assert isinstance(conn, CountedConnection)  # a list resolves synchronously
        conn.total_count = len(items)
        return conn


@strawberry.type(description="A page of characters.")
class CharacterConnection(CountedConnection[Character]):
    pass


@strawberry.type(description="A page of groups.")
class GroupConnection(CountedConnection[Group]):
    pass


@strawberry.type(description="A page of places.")
class PlaceConnection(CountedConnection[Place]):
    pass


@strawberry.type(description="A page of relationships.")
class RelationshipConnection(CountedConnection[Relationship]):
    pass


@strawberry.type(description="A page of quotes.")
class QuoteConnection(CountedConnection[Quote]):
    pass


@strawberry.type(description="A page of place links.")
class PlaceLinkConnection(CountedConnection[PlaceLink]):
    pass


@strawberry.type(description="A page of key scenes.")
class EventConnection(CountedConnection[Event]):
    pass


@strawberry.type(description="A page of themes.")
class ThemeConnection(CountedConnection[Theme]):
    pass


@strawberry.type(description="A page of symbols.")
class SymbolConnection(CountedConnection[Symbol]):
    pass


@strawberry.type(description="A page of neighbours, nearest first.")
# Neighbour is a result, not a record, so it is not a Relay Node; the connection only needs the
# offset cursors ListConnection gives any list, so the Node bound on its type variable is waived.
class NeighbourConnection(CountedConnection[Neighbour]):  # type: ignore[type-var]
    pass
