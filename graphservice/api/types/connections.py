"""Relay connections with a total count and a hard page-size cap."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry import relay
from strawberry.relay.types import PREFIX
from strawberry.types.base import StrawberryList, get_object_definition

from graphservice.api.types.entities import Character, Group, Place
from graphservice.api.types.events import Event
from graphservice.api.types.links import PlaceLink, Relationship
from graphservice.api.types.quotes import Quote, Symbol, Theme
from graphservice.api.types.traversal import Neighbour
from graphservice.api.types.work import Work
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
    "WorkConnection",
    "check_page",
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
        """Paginate a list, recording its length; bad page arguments are bad input.

        A sequence is sliced as it is: a ``Converted`` list converts only the page it gives."""
        items = nodes if isinstance(nodes, Sequence) else list(nodes)
        check_page(len(items), **{k: kwargs.get(k) for k in ("first", "last", "after", "before")})
        kwargs["max_results"] = MAX_PAGE
        try:
            conn = super().resolve_connection(items, info=info, **kwargs)
        except ValueError as exc:  # strawberry reports negative or over-cap `first`/`last` so
            raise InvalidArgumentError(str(exc)) from None
        assert isinstance(conn, CountedConnection)  # a list resolves synchronously
        conn.total_count = len(items)
        return conn


def _remember_edge_types() -> None:
    """Make Strawberry work out each connection's edge type once, not on every page it resolves.

    ``ListConnection.resolve_connection`` asks the ``edges`` field for its type on every call, and
    for a generic connection that re-specialises ``Edge[T]``: about 90 µs a connection on the
    benchmark machine, a sixth of a whole neighbourhood request (issue 14). The field object is
    shared by every connection class and answers per class definition, so its answers are kept by
    definition; only complete answers (lists of an edge type) are kept, so nothing Strawberry
    finds while the schema is still being built is frozen. Strawberry's own method stays what
    computes each answer.
    """
    definition = get_object_definition(CountedConnection, strict=True)
    edges = definition.get_field("edges")
    assert edges is not None
    resolve = edges.resolve_type
    known: dict[int, Any] = {}

    def remembered(*, type_definition: Any = None) -> Any:
        found = known.get(id(type_definition))  # class definitions live as long as the process
        if found is None:
            found = resolve(type_definition=type_definition)
            if isinstance(found, StrawberryList):
                known[id(type_definition)] = found
        return found

    edges.resolve_type = remembered  # type: ignore[method-assign]


_remember_edge_types()


def _position(cursor: str, name: str) -> int:
    """The position a cursor of these lists names, or BAD_USER_INPUT saying it is not one."""
    try:
        prefix, _, number = base64.b64decode(cursor.encode(), validate=True).decode().partition(":")
        position = int(number) if number.isdigit() else -1  # digits only: no sign, no spaces
    except (binascii.Error, UnicodeError, ValueError):
        prefix, position = "", -1
    if prefix != PREFIX or position < 0:
        raise InvalidArgumentError(
            f"`{name}` is not a cursor of this list: pass a `cursor` from its `edges` or `pageInfo`"
        )
    return position


def check_page(
    size: int, *, first: int | None, last: int | None, after: str | None, before: str | None
) -> None:
    """Refuse page arguments that cannot name a page of a list of ``size`` results.

    Strawberry's ListConnection takes `last: 0` as no limit (every result, past the page cap), a
    negative offset in a cursor as a position from the end, and reports a malformed cursor with
    Python's own message; each is bad input here, said plainly.
    """
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 1 <= value <= MAX_PAGE:
            raise InvalidArgumentError(f"`{name}` must be between 1 and {MAX_PAGE}, not {value}")
    if after is not None:
        position = _position(after, "after")
        if position >= size:
            raise InvalidArgumentError(
                f"`after` points at result {position}, past the end of this list of {size}"
            )
    if before is not None:
        position = _position(before, "before")
        if position > size:
            raise InvalidArgumentError(
                f"`before` points at result {position}, past the end of this list of {size}"
            )


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


@strawberry.type(description="A page of works.")
class WorkConnection(CountedConnection[Work]):
    pass
