"""The explanation of how two nodes are connected."""

from __future__ import annotations

import strawberry

from graphservice.api.types.entities import Character, Entity, Group, Place, entity_of
from graphservice.api.types.events import Event
from graphservice.api.types.links import PlaceLink, Relationship
from graphservice.api.types.quotes import Quote
from graphservice.api.types.traversal import PathResult, path_result
from graphservice.catalog import LoadedWork
from graphservice.queries.explain import Explanation as DomainExplanation
from graphservice.queries.views import View

__all__ = ["ConnectionExplanation"]


@strawberry.type(
    description="How two nodes are connected: the shortest path, the direct relationships, and the "
    "neighbours, groups, places, quotes and scenes they share."
)
class ConnectionExplanation:
    path: PathResult = strawberry.field(description="The shortest path, or why there is none.")
    relationships: list[Relationship] = strawberry.field(
        description="Relationships joining the two directly, in the data file's order."
    )
    place_links: list[PlaceLink] = strawberry.field(
        description="Place links joining them directly, when one of them is a place."
    )
    shared_neighbours: list[Character] = strawberry.field(
        description="Characters related to both (within the kinds asked for)."
    )
    shared_groups: list[Group] = strawberry.field(description="Groups both belong to or are related to.")
    shared_places: list[Place] = strawberry.field(description="Places both are linked to.")
    quotes: list[Quote] = strawberry.field(
        description="Quotes in which both appear, as speaker, addressee or subject."
    )
    events: list[Event] = strawberry.field(
        description="Key scenes both take part in (or, for a place, that happen there), in story order."
    )
    _work: strawberry.Private[LoadedWork]
    _a: strawberry.Private[str]
    _b: strawberry.Private[str]
    _view: strawberry.Private[View]

    @classmethod
    def from_domain(cls, work: LoadedWork, found: DomainExplanation, view: View) -> ConnectionExplanation:
        """Wrap a domain explanation."""
        rels = [e for e in found.direct if e.category != "place_link"]
        links = [e for e in found.direct if e.category == "place_link"]
        return cls(
            path=path_result(work, found.path, view),
            relationships=[Relationship.from_record(work, work.relationships[e.key], view) for e in rels],
            place_links=[PlaceLink.from_record(work, work.place_links[e.key], view) for e in links],
            shared_neighbours=[
                Character.from_record(work, work.characters[s], view) for s in found.shared_neighbours
            ],
            shared_groups=[Group.from_record(work, work.groups[s], view) for s in found.shared_groups],
            shared_places=[Place.from_record(work, work.places[s], view) for s in found.shared_places],
            quotes=[Quote.from_record(work, q, view) for q in found.quotes],
            events=[Event.from_record(work, e, view) for e in found.events],
            _work=work,
            _a=found.a,
            _b=found.b,
            _view=view,
        )

    @strawberry.field(name="from", description="The first node asked about.")
    def from_(self) -> Entity:
        return entity_of(self._work, self._a, self._view)

    @strawberry.field(description="The second node asked about.")
    def to(self) -> Entity:
        return entity_of(self._work, self._b, self._view)
