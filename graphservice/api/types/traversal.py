"""Results of walking the graph: neighbours and paths, each step backed by its relationships,
their evidence and their quotes; or, when there is no path, the reason."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graphservice.api.enums import NoPathReasonEnum
from graphservice.api.types.common import Evidence, evidence_list
from graphservice.api.types.entities import Entity, entity_of
from graphservice.api.types.links import PlaceLink, Relationship, linked_quotes
from graphservice.api.types.quotes import Quote
from graphservice.catalog import LoadedWork
from graphservice.graph import Edge
from graphservice.queries.neighbours import Neighbour as DomainNeighbour
from graphservice.queries.paths import NoPath as DomainNoPath
from graphservice.queries.paths import Path as DomainPath
from graphservice.queries.views import View

__all__ = ["Neighbour", "NoPath", "Path", "PathResult", "PathStep", "path_result"]


def _relationships(work: LoadedWork, edges: tuple[Edge, ...], view: View) -> list[Relationship]:
    return [
        Relationship.from_record(work, work.relationships[e.key], view)
        for e in edges
        if e.category != "place_link"
    ]


def _place_links(work: LoadedWork, edges: tuple[Edge, ...], view: View) -> list[PlaceLink]:
    return [
        PlaceLink.from_record(work, work.place_links[e.key], view)
        for e in edges
        if e.category == "place_link"
    ]


@strawberry.type(description="A node within reach, how far away it is, and what connects it.")
class Neighbour:
    distance: int = strawberry.field(description="Number of steps from the starting node (1 = adjacent).")
    _work: strawberry.Private[LoadedWork]
    _found: strawberry.Private[DomainNeighbour]
    _view: strawberry.Private[View] = View()

    @classmethod
    def from_domain(cls, work: LoadedWork, found: DomainNeighbour, view: View = View()) -> Neighbour:
        """Wrap a domain neighbour; its edges are found only if its relationships are asked for."""
        return cls(distance=found.distance, _work=work, _found=found, _view=view)

    @strawberry.field(
        description="Relationships (memberships included) linking this node to a node one step closer."
    )
    def relationships(self) -> list[Relationship]:
        return _relationships(self._work, self._found.edges, self._view)

    @strawberry.field(description="Place links doing the same, when places are included.")
    def place_links(self) -> list[PlaceLink]:
        return _place_links(self._work, self._found.edges, self._view)

    @strawberry.field(description="The neighbouring character, group or place.")
    def node(self) -> Entity:
        return entity_of(self._work, self._found.slug, self._view)


@strawberry.type(description="One step of a path, with the relationship crossed and its evidence.")
class PathStep:
    relationship: Relationship | None = strawberry.field(
        description="The relationship crossed (the first, when several join the pair); null only when "
        "the step crosses a place link."
    )
    forward: bool = strawberry.field(
        description="True when the step walks `relationship` from its source to its target."
    )
    relationships: list[Relationship] = strawberry.field(
        description="Every relationship that allows this step (parallel relationships)."
    )
    place_links: list[PlaceLink] = strawberry.field(description="Place links that allow this step.")
    _work: strawberry.Private[LoadedWork]
    _from: strawberry.Private[str]
    _to: strawberry.Private[str]
    _edges: strawberry.Private[tuple[Edge, ...]] = ()
    _view: strawberry.Private[View] = View()

    @strawberry.field(
        description="The verbatim evidence for this step: every phrase backing the relationships and "
        "place links that allow it."
    )
    def evidence(self) -> list[Evidence]:
        return [item for e in self._edges for item in evidence_list(e.record.evidence)]

    @strawberry.field(
        description="Quotes linked to the relationships of this step, as far as the view shows them."
    )
    def quotes(self) -> list[Quote]:
        slugs = [q for e in self._edges for q in getattr(e.record, "quotes", [])]
        return linked_quotes(self._work, slugs, self._view)

    @strawberry.field(name="from", description="Where the step starts.")
    def from_(self) -> Entity:
        return entity_of(self._work, self._from, self._view)

    @strawberry.field(description="Where the step ends.")
    def to(self) -> Entity:
        return entity_of(self._work, self._to, self._view)


@strawberry.type(description="A walk through the graph from one node to another.")
class Path:
    length: int = strawberry.field(description="Number of steps.")
    cost: float = strawberry.field(
        description="What the path costs: its number of steps, or with `weighted`, the sum of its step costs."
    )
    steps: list[PathStep] = strawberry.field(description="The steps in order.")
    _work: strawberry.Private[LoadedWork]
    _nodes: strawberry.Private[tuple[str, ...]]
    _view: strawberry.Private[View] = View()

    @classmethod
    def from_domain(cls, work: LoadedWork, found: DomainPath, view: View = View()) -> Path:
        """Wrap a domain path."""
        steps = []
        for step in found.steps:
            rels = _relationships(work, step.edges, view)
            primary = next((e for e in step.edges if e.category != "place_link"), step.edges[0])
            steps.append(
                PathStep(
                    relationship=rels[0] if rels else None,
                    forward=primary.source == step.source,
                    relationships=rels,
                    place_links=_place_links(work, step.edges, view),
                    _work=work,
                    _from=step.source,
                    _to=step.target,
                    _edges=step.edges,
                    _view=view,
                )
            )
        return cls(
            length=len(found.steps),
            cost=found.cost,
            steps=steps,
            _work=work,
            _nodes=found.nodes,
            _view=view,
        )

    @strawberry.field(description="The nodes visited, from the start to the end.")
    def nodes(self) -> list[Entity]:
        return [entity_of(self._work, s, self._view) for s in self._nodes]


@strawberry.type(description="The answer when no path is found: why, in a code and in words.")
class NoPath:
    reason: NoPathReasonEnum = strawberry.field(description="Why there is no path; clients branch on it.")
    message: str = strawberry.field(description="The reason, in a sentence.")


PathResult = Annotated[
    Path | NoPath,
    strawberry.union("PathResult", description="A path, or the reason there is none."),
]


def path_result(work: LoadedWork, found: DomainPath | DomainNoPath, view: View) -> Path | NoPath:
    """Wrap a domain path or no-path answer."""
    if isinstance(found, DomainNoPath):
        return NoPath(reason=NoPathReasonEnum(found.reason.value), message=found.message)
    return Path.from_domain(work, found, view)
