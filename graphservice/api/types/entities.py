"""Characters, groups and places: the nodes of a work's graph."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from graphservice import model
from graphservice.api import args
from graphservice.api.enums import Direction, QuoteRole
from graphservice.api.refs import node_id
from graphservice.api.types.common import DISPUTES, Dispute, Period, disputes_of, period_of
from graphservice.api.types.lazy import Converted
from graphservice.api.types.nodes import RecordNode
from graphservice.api.types.provenance import DRAFTED, Drafted, drafted_of
from graphservice.catalog import LoadedWork
from graphservice.queries.analytics import character_summary
from graphservice.queries.neighbours import neighbours as find_neighbours
from graphservice.queries.quotes import QuoteQuery, find_quotes
from graphservice.queries.relationships import edges_of
from graphservice.queries.timeline import events_of
from graphservice.queries.views import EdgeFilter, View
from graphservice.vocabulary import RelationshipKind

if TYPE_CHECKING:
    from graphservice.api.types.analytics import CharacterSummary
    from graphservice.api.types.connections import (
        CharacterConnection,
        EventConnection,
        GroupConnection,
        NeighbourConnection,
        PlaceConnection,
        PlaceLinkConnection,
        QuoteConnection,
        RelationshipConnection,
    )
    from graphservice.api.types.events import Event
    from graphservice.api.types.links import PlaceLink, Relationship
    from graphservice.api.types.quotes import Quote
    from graphservice.api.types.traversal import Neighbour

__all__ = ["Character", "Entity", "Group", "Party", "Place", "entity_of", "party_of"]

_SLUG = "Readable identifier, unique within the work."

# The types below import this module (for their endpoints), so they are referred to lazily.
_LINKS = "graphservice.api.types.links"
_QUOTES = "graphservice.api.types.quotes"
_TRAVERSAL = "graphservice.api.types.traversal"
_EVENTS = "graphservice.api.types.events"
_CONN = "graphservice.api.types.connections"
RelationshipList = Sequence[Annotated["Relationship", strawberry.lazy(_LINKS)]]
PlaceLinkList = Sequence[Annotated["PlaceLink", strawberry.lazy(_LINKS)]]
QuoteList = Sequence[Annotated["Quote", strawberry.lazy(_QUOTES)]]
NeighbourList = Sequence[Annotated["Neighbour", strawberry.lazy(_TRAVERSAL)]]
EventList = Sequence[Annotated["Event", strawberry.lazy(_EVENTS)]]
_RelationshipPage = Annotated["RelationshipConnection", strawberry.lazy(_CONN)]
_NeighbourPage = Annotated["NeighbourConnection", strawberry.lazy(_CONN)]
_QuotePage = Annotated["QuoteConnection", strawberry.lazy(_CONN)]
_PlaceLinkPage = Annotated["PlaceLinkConnection", strawberry.lazy(_CONN)]
_EventPage = Annotated["EventConnection", strawberry.lazy(_CONN)]
_CharacterPage = Annotated["CharacterConnection", strawberry.lazy(_CONN)]
_GroupPage = Annotated["GroupConnection", strawberry.lazy(_CONN)]
_PlacePage = Annotated["PlaceConnection", strawberry.lazy(_CONN)]


def _relationships(
    work: LoadedWork, slug: str, kinds: args.Kinds, view: View, direction: Direction, least: float | None
) -> RelationshipList:
    # Imported here, not at the top: links.py imports this module for its endpoint types.
    from graphservice.api.types.links import Relationship

    flt = args.edge_filter(view, kinds, min_confidence=least)
    found = edges_of(work, flt, node=slug, direction=args.domain_direction(direction))
    return Converted(found, lambda e: Relationship.from_record(work, work.relationships[e.key], view))


def neighbours_of(
    work: LoadedWork,
    slug: str,
    depth: int,
    kinds: args.Kinds,
    direction: Direction,
    view: View,
    include_places: bool,
    least: float | None = None,
) -> NeighbourList:
    from graphservice.api.types.traversal import Neighbour

    flt = args.edge_filter(view, kinds, include_places, min_confidence=least)
    found = find_neighbours(work, slug, depth=depth, direction=args.domain_direction(direction), flt=flt)
    return Converted(found, lambda n: Neighbour.from_domain(work, n, view))


def _place_links(work: LoadedWork, flt: EdgeFilter, slug: str) -> PlaceLinkList:
    from graphservice.api.types.links import PlaceLink

    found = edges_of(work, flt, node=slug)
    links = [work.place_links[e.key] for e in found if e.category == "place_link"]
    return Converted(links, lambda link: PlaceLink.from_record(work, link, flt.view))


def _quotes(work: LoadedWork, query: QuoteQuery) -> QuoteList:
    from graphservice.api.types.quotes import Quote

    return Converted(find_quotes(work, query), lambda q: Quote.from_record(work, q, query.view))


def _events(work: LoadedWork, slug: str, view: View) -> EventList:
    from graphservice.api.types.events import Event

    return Converted(events_of(work, slug, view), lambda e: Event.from_record(work, e, view))


@strawberry.interface(description="A node of the graph: a character, a group or a place.")
class Entity(relay.Node):
    id: relay.NodeID[str]
    slug: str = strawberry.field(description=_SLUG)
    name: str = strawberry.field(description="The display name: the name the source most often uses.")
    aliases: list[str] = strawberry.field(description="Other names the source uses: short forms, real names.")
    description: str = strawberry.field(description="What or who it is, in the curators' words.")
    drafted: Drafted | None = strawberry.field(description=DRAFTED)
    disputes: list[Dispute] = strawberry.field(description=DISPUTES)
    _work: strawberry.Private[LoadedWork]
    _introduced: strawberry.Private[str]
    _view: strawberry.Private[View] = View()

    @strawberry.field(description="The period in which the reader first meets it.")
    def introduced(self) -> Period:
        return period_of(self._work, self._introduced)


@strawberry.interface(description="Who can take part in a relationship: a character or a group.")
class Party(Entity):
    @relay.connection(_RelationshipPage, description="Relationships it takes part in, memberships included.")
    def relationships(
        self,
        kinds: args.Kinds = None,
        min_confidence: args.MinConfidence = None,
        as_of: args.AsOf = None,
        during: args.During = None,
        direction: args.DirectionArg = Direction.BOTH,
    ) -> Sequence[Annotated[Relationship, strawberry.lazy(_LINKS)]]:
        view = args.inherit(self._work, self._view, as_of, during)
        return _relationships(self._work, self.slug, kinds, view, direction, min_confidence)

    @relay.connection(
        _NeighbourPage,
        description="Characters and groups (and places, if asked) within `depth` steps, nearest first.",
    )
    def neighbours(
        self,
        depth: args.Depth = 1,
        kinds: args.Kinds = None,
        min_confidence: args.MinConfidence = None,
        direction: args.DirectionArg = Direction.BOTH,
        as_of: args.AsOf = None,
        during: args.During = None,
        include_places: args.IncludePlaces = False,
    ) -> Sequence[Annotated[Neighbour, strawberry.lazy(_TRAVERSAL)]]:
        view = args.inherit(self._work, self._view, as_of, during)
        return neighbours_of(
            self._work, self.slug, depth, kinds, direction, view, include_places, min_confidence
        )

    @relay.connection(_EventPage, description="Key scenes it takes part in, in story order.")
    def events(
        self, as_of: args.AsOf = None, during: args.During = None
    ) -> Sequence[Annotated[Event, strawberry.lazy(_EVENTS)]]:
        return _events(self._work, self.slug, args.inherit(self._work, self._view, as_of, during))


def _common(work: LoadedWork, rec: model.Character | model.Group | model.Place, view: View) -> dict[str, Any]:
    return {
        "id": node_id(work, rec.slug, view),
        "slug": rec.slug,
        "name": rec.name,
        "aliases": list(rec.aliases),
        "description": rec.description,
        "drafted": drafted_of(rec),
        "disputes": disputes_of(rec.disputes),
        "_work": work,
        "_introduced": rec.introduced,
        "_view": view,
    }


@strawberry.type(description="A person in the story.")
class Character(RecordNode, Party):
    records = "characters"
    roles: list[str] = strawberry.field(description="Short role labels (narrator, guardian, carer, ...).")
    _record: strawberry.Private[model.Character]

    @classmethod
    def from_record(cls, work: LoadedWork, rec: model.Character, view: View = View()) -> Character:
        """Wrap a domain character seen through ``view``."""
        return cls(**_common(work, rec, view), roles=list(rec.roles), _record=rec)

    @relay.connection(_QuotePage, description="Quotes spoken by, addressed to, or about the character.")
    def quotes(
        self,
        role: Annotated[
            QuoteRole, strawberry.argument(description="How the quote involves the character.")
        ] = QuoteRole.ANY,
        as_of: args.AsOf = None,
        during: args.During = None,
    ) -> Sequence[Annotated[Quote, strawberry.lazy(_QUOTES)]]:
        view = args.inherit(self._work, self._view, as_of, during)
        return _quotes(self._work, QuoteQuery(involving=self.slug, roles=args.domain_roles(role), view=view))

    @relay.connection(_PlaceLinkPage, description="The character's links to places (lived at, visited, ...).")
    def places(
        self, as_of: args.AsOf = None, during: args.During = None
    ) -> Sequence[Annotated[PlaceLink, strawberry.lazy(_LINKS)]]:
        flt = EdgeFilter(args.inherit(self._work, self._view, as_of, during), include_places=True)
        return _place_links(self._work, flt, self.slug)

    @relay.connection(_GroupPage, description="Groups the character belongs to in the chosen view.")
    def groups(self, as_of: args.AsOf = None, during: args.During = None) -> Sequence[Group]:
        flt = EdgeFilter(
            args.inherit(self._work, self._view, as_of, during),
            kinds=frozenset({RelationshipKind.MEMBERSHIP}),
        )
        found = edges_of(self._work, flt, node=self.slug, direction="out")
        work = self._work
        return Converted(found, lambda e: Group.from_record(work, work.groups[e.target], flt.view))

    @strawberry.field(
        description="The character at a glance: relationship counts, periods present, quotes, scenes, "
        "and centrality in the same view."
    )
    def summary(
        self, as_of: args.AsOf = None, during: args.During = None, kinds: args.Kinds = None
    ) -> Annotated[CharacterSummary, strawberry.lazy("graphservice.api.types.analytics")]:
        from graphservice.api.types.analytics import CharacterSummary

        flt = args.edge_filter(args.inherit(self._work, self._view, as_of, during), kinds)
        return CharacterSummary.from_domain(self._work, character_summary(self._work, self.slug, flt), flt)


@strawberry.type(description="A set of characters the story treats as one, such as a school's students.")
class Group(RecordNode, Party):
    records = "groups"
    _record: strawberry.Private[model.Group]

    @classmethod
    def from_record(cls, work: LoadedWork, rec: model.Group, view: View = View()) -> Group:
        """Wrap a domain group seen through ``view``."""
        return cls(**_common(work, rec, view), _record=rec)

    @relay.connection(_CharacterPage, description="Characters who belong to the group in the chosen view.")
    def members(self, as_of: args.AsOf = None, during: args.During = None) -> Sequence[Character]:
        flt = EdgeFilter(
            args.inherit(self._work, self._view, as_of, during),
            kinds=frozenset({RelationshipKind.MEMBERSHIP}),
        )
        found = edges_of(self._work, flt, node=self.slug, direction="in")
        work = self._work
        return Converted(found, lambda e: Character.from_record(work, work.characters[e.source], flt.view))


@strawberry.type(
    description="A location: a building, a town, a region, or a place the characters only believe in."
)
class Place(RecordNode, Entity):
    records = "places"
    kind: str = strawberry.field(
        description="What sort of place it is (school, town, region, rumoured, ...)."
    )
    _record: strawberry.Private[model.Place]

    @classmethod
    def from_record(cls, work: LoadedWork, rec: model.Place, view: View = View()) -> Place:
        """Wrap a domain place seen through ``view``."""
        return cls(**_common(work, rec, view), kind=rec.kind, _record=rec)

    @strawberry.field(description="The larger place that contains this one, if any.")
    def within(self) -> Place | None:
        parent = self._record.within
        return (
            None if parent is None else Place.from_record(self._work, self._work.places[parent], self._view)
        )

    @relay.connection(_PlacePage, description="Places directly inside this one.")
    def contains(self) -> list[Place]:
        return [
            Place.from_record(self._work, p, self._view)
            for p in self._work.places.values()
            if p.within == self.slug
        ]

    @relay.connection(
        _PlaceLinkPage, description="Characters' links to this place (who lived, worked or visited here)."
    )
    def links(
        self, as_of: args.AsOf = None, during: args.During = None
    ) -> Sequence[Annotated[PlaceLink, strawberry.lazy(_LINKS)]]:
        flt = EdgeFilter(args.inherit(self._work, self._view, as_of, during), include_places=True)
        return _place_links(self._work, flt, self.slug)

    @relay.connection(_QuotePage, description="Quotes about this place.")
    def quotes(
        self, as_of: args.AsOf = None, during: args.During = None
    ) -> Sequence[Annotated[Quote, strawberry.lazy(_QUOTES)]]:
        return _quotes(
            self._work, QuoteQuery(about=self.slug, view=args.inherit(self._work, self._view, as_of, during))
        )

    @relay.connection(_EventPage, description="Key scenes that take place here, in story order.")
    def events(
        self, as_of: args.AsOf = None, during: args.During = None
    ) -> Sequence[Annotated[Event, strawberry.lazy(_EVENTS)]]:
        return _events(self._work, self.slug, args.inherit(self._work, self._view, as_of, during))


def entity_of(work: LoadedWork, slug: str, view: View = View()) -> Character | Group | Place:
    """The GraphQL object for the character, group or place with this slug, seen through ``view``."""
    if slug in work.places:
        return Place.from_record(work, work.places[slug], view)
    return party_of(work, slug, view)


def party_of(work: LoadedWork, slug: str, view: View = View()) -> Character | Group:
    """The GraphQL object for the character or group with this slug, seen through ``view``."""
    if slug in work.characters:
        return Character.from_record(work, work.characters[slug], view)
    return Group.from_record(work, work.groups[slug], view)
