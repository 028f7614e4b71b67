"""Relay connections with a total count and a hard page-size cap."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from graphservice.api.types.entities import Character, Group, Place
from graphservice.api.types.links import Relationship
from graphservice.api.types.quotes import Quote
from graphservice.errors import InvalidArgumentError

__all__ = [
    "MAX_PAGE",
    "CharacterConnection",
    "GroupConnection",
    "PlaceConnection",
    "QuoteConnection",
    "RelationshipConnection",
]

MAX_PAGE = 100
"""Largest page a client may ask for with `first` or `last`."""


@strawberry.type(description="A page of results, with the total number of results across all pages.")
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
