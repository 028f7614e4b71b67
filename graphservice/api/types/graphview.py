"""A view of the graph ready to draw: positioned, sized nodes and the edges among them."""

from __future__ import annotations

import enum

import strawberry
from strawberry import relay

from graphservice.api.enums import CentralityMeasure, EntityKindEnum, SentimentEnum
from graphservice.api.refs import node_id
from graphservice.api.types.common import Period, period_of
from graphservice.api.types.entities import Entity, entity_of
from graphservice.api.types.provenance import CONFIDENCE
from graphservice.catalog import LoadedWork
from graphservice.queries.graphview import GraphView as DomainView
from graphservice.queries.graphview import ViewEdge, ViewNode
from graphservice.queries.views import View

__all__ = ["GraphEdge", "GraphEdgeCategory", "GraphKind", "GraphNode", "GraphView"]

_ENTITY_TYPES = {"character": "Character", "group": "Group", "place": "Place"}


@strawberry.enum(description="What an edge of the graph stands for.")
class GraphEdgeCategory(enum.Enum):
    RELATIONSHIP = strawberry.enum_value("relationship", description="A relationship record.")
    MEMBERSHIP = strawberry.enum_value("membership", description="A character's membership of a group.")
    PLACE_LINK = strawberry.enum_value("place_link", description="A character's link to a place.")


@strawberry.type(description="A node to draw: where, how big, and in which community.")
class GraphNode:
    # No `id` field, on purpose: a GraphNode is a drawing of one view with one `sizeBy` measure,
    # so normalised caches must keep it inside its graph (under the graph field's arguments)
    # rather than merge it with the same node drawn in another view.
    entity_id: strawberry.ID = strawberry.field(
        name="entityId",
        description="The global id of the character, group or place in this view; usable with "
        "`node(id:)`. (No `id` field: a drawing of one view is not a record, and normalised client "
        "caches must not merge drawings of different views.)",
    )
    slug: str = strawberry.field(description="Its slug; edges name their ends by it.")
    label: str = strawberry.field(description="The name to show.")
    kind: EntityKindEnum = strawberry.field(description="Character, group or place: colour nodes by it.")
    x: float = strawberry.field(
        description="Horizontal position in [-1, 1], growing rightwards. Every view of a work uses the "
        "same layout, so a node never moves between views."
    )
    y: float = strawberry.field(
        description="Vertical position in [-1, 1], growing upwards (negate it where y grows downwards, "
        "as in SVG and canvas)."
    )
    size: float = strawberry.field(
        description="Display size from 1 to 10: 1 + 9 x sqrt(score / top score of the view), on the "
        "`sizeBy` measure, so drawn areas follow the scores."
    )
    community: int = strawberry.field(
        description="Index of its community (0 for the largest), as in `analytics.communities`."
    )
    centrality: float = strawberry.field(description="Its score on the `sizeBy` measure in this view.")
    _work: strawberry.Private[LoadedWork]
    _view: strawberry.Private[View]

    @classmethod
    def from_domain(cls, work: LoadedWork, node: ViewNode, view: View) -> GraphNode:
        """Wrap a domain node."""
        gid = relay.GlobalID(_ENTITY_TYPES[node.entity], node_id(work, node.slug, view))
        return cls(
            entity_id=strawberry.ID(str(gid)),
            slug=node.slug,
            label=node.label,
            kind=EntityKindEnum(node.entity),
            x=node.x,
            y=node.y,
            size=node.size,
            community=node.community,
            centrality=node.centrality,
            _work=work,
            _view=view,
        )

    @strawberry.field(description="The character, group or place itself, seen through the same view.")
    def entity(self) -> Entity:
        return entity_of(self._work, self.slug, self._view)


@strawberry.type(description="An edge to draw: a relationship, a membership or a place link.")
class GraphEdge:
    record_id: strawberry.ID = strawberry.field(
        name="recordId",
        description="The global id of the relationship (memberships included) or place link in this "
        "view; usable with `node(id:)` (no `id` field, as for `GraphNode`).",
    )
    slug: str = strawberry.field(description="The record's slug.")
    source: str = strawberry.field(description="Slug of the node it starts from (see `GraphNode.slug`).")
    target: str = strawberry.field(description="Slug of the node it ends at.")
    category: GraphEdgeCategory = strawberry.field(description="What the edge stands for.")
    kind: str = strawberry.field(
        description="The relationship kind (e.g. `friendship`, `membership`) or place-link kind (e.g. "
        "`lived_at`), in lower case; `kinds` explains each."
    )
    directed: bool = strawberry.field(
        description="Whether to draw an arrow from source to target; false for symmetric kinds."
    )
    sentiment: SentimentEnum = strawberry.field(
        description="The relationship's sentiment; NEUTRAL for memberships and place links."
    )
    weight: int = strawberry.field(
        description="How strong the bond is, 1 to 5; 3 where the data gives no strength."
    )
    active: bool = strawberry.field(
        description="Whether it holds at the reader's point in the story (see `Relationship.active`); "
        "draw ended ones fainter."
    )
    confidence: float = strawberry.field(description=CONFIDENCE)
    _work: strawberry.Private[LoadedWork]
    _revealed: strawberry.Private[int]
    _holds: strawberry.Private[tuple[int, ...]]

    @classmethod
    def from_domain(cls, work: LoadedWork, edge: ViewEdge, view: View) -> GraphEdge:
        """Wrap a domain edge seen through ``view``."""
        type_name = "PlaceLink" if edge.category == "place_link" else "Relationship"
        return cls(
            record_id=strawberry.ID(str(relay.GlobalID(type_name, node_id(work, edge.slug, view)))),
            slug=edge.slug,
            source=edge.source,
            target=edge.target,
            category=GraphEdgeCategory(edge.category),
            kind=edge.kind,
            directed=edge.directed,
            sentiment=SentimentEnum(edge.sentiment),
            weight=edge.weight,
            active=edge.active,
            confidence=edge.confidence,
            _work=work,
            _revealed=edge.revealed,
            _holds=edge.holds,
        )

    @strawberry.field(description="The period in which the reader learns of it.")
    def revealed(self) -> Period:
        return period_of(self._work, self._work.period_slug(self._revealed))

    @strawberry.field(description="The periods in which it holds, in reading order; never one past `asOf`.")
    def holds(self) -> list[Period]:
        return [period_of(self._work, self._work.period_slug(p)) for p in self._holds]


@strawberry.type(description="One kind of edge present in the view, for a legend.")
class GraphKind:
    kind: str = strawberry.field(description="The kind, as in `GraphEdge.kind`.")
    category: GraphEdgeCategory = strawberry.field(description="What edges of this kind stand for.")
    directed: bool = strawberry.field(description="Whether edges of this kind have a direction.")
    meaning: str = strawberry.field(description="What source and target mean for this kind, in words.")
    count: int = strawberry.field(description="How many edges of this kind the view shows.")


@strawberry.type(
    description="A view of a work's graph ready to draw: nodes with a server-side layout (the same "
    "for every client and every view), display sizes and communities, and the edges among them."
)
class GraphView:
    nodes: list[GraphNode] = strawberry.field(description="The nodes, in the data file's order.")
    edges: list[GraphEdge] = strawberry.field(
        description="The edges among them, in the data file's order: relationships, memberships, place links."
    )
    kinds: list[GraphKind] = strawberry.field(
        description="The kinds of edge present, most frequent first, for a legend."
    )
    size_by: CentralityMeasure = strawberry.field(
        name="sizeBy", description="The measure node sizes and `centrality` are on."
    )
    _work: strawberry.Private[LoadedWork]
    _periods: strawberry.Private[tuple[str, ...]]

    @classmethod
    def from_domain(cls, work: LoadedWork, found: DomainView, view: View) -> GraphView:
        """Wrap a domain view."""
        return cls(
            nodes=[GraphNode.from_domain(work, n, view) for n in found.nodes],
            edges=[GraphEdge.from_domain(work, e, view) for e in found.edges],
            kinds=[
                GraphKind(
                    kind=k.kind,
                    category=GraphEdgeCategory(k.category),
                    directed=k.directed,
                    meaning=k.meaning,
                    count=k.count,
                )
                for k in found.kinds
            ],
            size_by=CentralityMeasure(found.size_by.value),
            _work=work,
            _periods=found.periods,
        )

    @strawberry.field(
        description="The periods the reader knows in this view (every period without `asOf`), in "
        "reading order: the steps of a period control."
    )
    def periods(self) -> list[Period]:
        return [period_of(self._work, p) for p in self._periods]
