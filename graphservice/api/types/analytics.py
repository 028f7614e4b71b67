"""Analytics results: centrality rankings, communities, per-kind statistics, character summaries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graphservice.api.enums import CentralityMeasure, EntityKindEnum, RelationshipKindEnum, SentimentEnum
from graphservice.api.types.common import Period, period_of
from graphservice.api.types.entities import Entity, entity_of
from graphservice.catalog import LoadedWork
from graphservice.graph import EntityKind
from graphservice.queries.analytics import (
    BETWEENNESS_SAMPLES,
    CLOSENESS_SAMPLES,
    Measure,
    analytics,
    character_ranks,
    ranking,
)
from graphservice.queries.analytics import Analytics as DomainAnalytics
from graphservice.queries.analytics import CharacterSummary as DomainSummary
from graphservice.queries.limits import LARGE_WORK_EDGES, check_range
from graphservice.queries.views import EdgeFilter, View

__all__ = ["Analytics", "CharacterSummary"]

_MAX_RANKED = 100


@strawberry.type(description="One node's score on a centrality measure.")
class CentralityScore:
    score: float = strawberry.field(description="The score; higher is more central.")
    rank: int = strawberry.field(description="1 for the most central of the nodes ranked; ties share a rank.")
    _work: strawberry.Private[LoadedWork]
    _slug: strawberry.Private[str]
    _view: strawberry.Private[View]

    @strawberry.field(description="The character, group or place scored.")
    def node(self) -> Entity:
        return entity_of(self._work, self._slug, self._view)


@strawberry.type(description="A cluster of nodes more tightly related to each other than to the rest.")
class Community:
    index: int = strawberry.field(description="0 for the largest community, 1 for the next, ...")
    size: int = strawberry.field(description="How many nodes it has.")
    _work: strawberry.Private[LoadedWork]
    _members: strawberry.Private[tuple[str, ...]]
    _view: strawberry.Private[View]

    @strawberry.field(description="Its characters, groups (and places), in the data file's order.")
    def members(self) -> list[Entity]:
        return [entity_of(self._work, s, self._view) for s in self._members]


@strawberry.type(description="How many relationships of a sentiment.")
class SentimentCount:
    sentiment: SentimentEnum = strawberry.field(description="The sentiment.")
    count: int = strawberry.field(description="How many relationships have it.")


@strawberry.type(description="The relationships of one kind in a view, counted.")
class KindStatistics:
    kind: RelationshipKindEnum = strawberry.field(description="The kind.")
    directed: bool = strawberry.field(description="Whether the kind has a direction.")
    count: int = strawberry.field(description="How many relationships of this kind the view shows.")
    active: int = strawberry.field(
        description="How many of them hold at the view's point in the story (see `Relationship.active`)."
    )
    sentiments: list[SentimentCount] = strawberry.field(description="Counts per sentiment, largest first.")
    mean_strength: float | None = strawberry.field(
        description="Mean strength of those the data gives a strength for; null when it gives none."
    )


@strawberry.type(
    description="Centrality, communities and relationship statistics of one view of a work's graph "
    "(characters and groups, one edge per related pair; places too with `includePlaces`). Computed "
    "once per view with networkx (igraph runs a large view's estimates) and cached."
)
class Analytics:
    _work: strawberry.Private[LoadedWork]
    _found: strawberry.Private[DomainAnalytics]
    _view: strawberry.Private[View]

    @classmethod
    def of(cls, work: LoadedWork, flt: EdgeFilter) -> Analytics:
        """The (cached) analytics of a work through a filter."""
        return cls(_work=work, _found=analytics(work, flt), _view=flt.view)

    @strawberry.field(name="nodeCount", description="How many nodes the view shows.")
    def node_count(self) -> int:
        return len(self._found.nodes)

    @strawberry.field(name="pairCount", description="How many pairs of nodes are related in the view.")
    def pair_count(self) -> int:
        return self._found.pairs

    @strawberry.field(
        description="Nodes ranked by a centrality measure, most central first. Exact, but in a view of "
        f"more than {LARGE_WORK_EDGES:,} related pairs betweenness and closeness are estimates, the "
        "same on every run: betweenness counts the shortest paths from "
        f"{BETWEENNESS_SAMPLES} nodes drawn with a fixed seed; closeness takes a node's mean distance "
        f"to {CLOSENESS_SAMPLES} nodes of its connected part, drawn the same way, for its mean distance "
        f"to all of it (exact for the nodes drawn, and in parts of at most {CLOSENESS_SAMPLES} nodes)."
    )
    def centrality(
        self,
        measure: Annotated[
            CentralityMeasure, strawberry.argument(description="Which measure to rank by.")
        ] = CentralityMeasure.PAGERANK,
        entities: Annotated[
            list[EntityKindEnum] | None,
            strawberry.argument(description="Rank only these kinds of node, e.g. `[CHARACTER]`."),
        ] = None,
        limit: Annotated[int, strawberry.argument(description="Most nodes to return (1 to 100).")] = 10,
    ) -> list[CentralityScore]:
        check_range("limit", limit, 1, _MAX_RANKED)
        kinds: frozenset[EntityKind] | None = None
        if entities is not None:
            chosen: dict[EntityKindEnum, EntityKind] = {
                EntityKindEnum.CHARACTER: "character",
                EntityKindEnum.GROUP: "group",
                EntityKindEnum.PLACE: "place",
            }
            kinds = frozenset(chosen[e] for e in entities)
        ranked = ranking(self._work, self._found, Measure(str(measure.value)), kinds)[:limit]
        return [
            CentralityScore(score=s.score, rank=s.rank, _work=self._work, _slug=s.slug, _view=self._view)
            for s in ranked
        ]

    @strawberry.field(
        description="Communities found by Louvain modularity (networkx, fixed seed), largest first."
    )
    def communities(self) -> list[Community]:
        return [
            Community(index=i, size=len(c), _work=self._work, _members=c, _view=self._view)
            for i, c in enumerate(self._found.communities)
        ]

    @strawberry.field(description="Relationship statistics per kind, most frequent kind first.")
    def kinds(self) -> list[KindStatistics]:
        return [
            KindStatistics(
                kind=RelationshipKindEnum(k.kind),
                directed=k.directed,
                count=k.count,
                active=k.active,
                sentiments=[SentimentCount(sentiment=SentimentEnum(s), count=n) for s, n in k.sentiments],
                mean_strength=k.mean_strength,
            )
            for k in self._found.kinds
        ]


@strawberry.type(description="How many relationships of one kind.")
class KindCount:
    kind: RelationshipKindEnum = strawberry.field(description="The kind.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="A character's score on one measure, ranked among the characters.")
class MeasureScore:
    measure: CentralityMeasure = strawberry.field(description="The measure.")
    score: float = strawberry.field(description="The score.")
    rank: int = strawberry.field(description="1 for the most central character; ties share a rank.")


@strawberry.type(description="One character at a glance, in one view.")
class CharacterSummary:
    degree: int = strawberry.field(description="Relationships it takes part in, memberships included.")
    degree_by_kind: list[KindCount] = strawberry.field(
        description="Those relationships counted per kind, most frequent first."
    )
    quotes_spoken: int = strawberry.field(description="Quotes attributed to it (disputed ones included).")
    quotes_involving: int = strawberry.field(description="Quotes it speaks, is addressed by, or is about.")
    events: int = strawberry.field(description="Key scenes it takes part in.")
    community: int | None = strawberry.field(
        description="Index of its community in `analytics.communities` for the same view."
    )
    centrality: list[MeasureScore] = strawberry.field(
        description="Its score and rank on every measure (estimated as `Analytics.centrality` says in a "
        "large view)."
    )
    _work: strawberry.Private[LoadedWork]
    _first: strawberry.Private[int | None]
    _last: strawberry.Private[int | None]

    @classmethod
    def from_domain(cls, work: LoadedWork, found: DomainSummary, flt: EdgeFilter) -> CharacterSummary:
        """Wrap a domain summary with the character's scores in the same view."""
        stats = analytics(work, flt)
        ranks = character_ranks(work, flt)
        scores = [
            MeasureScore(measure=CentralityMeasure(m.value), score=mine.score, rank=mine.rank)
            for m in Measure
            if (mine := ranks[m].get(found.slug)) is not None
        ]
        return cls(
            degree=found.degree,
            degree_by_kind=[
                KindCount(kind=RelationshipKindEnum(k), count=n) for k, n in found.degree_by_kind
            ],
            quotes_spoken=found.quotes_spoken,
            quotes_involving=found.quotes_involving,
            events=found.events,
            community=stats.community_of.get(found.slug),
            centrality=scores,
            _work=work,
            _first=found.first_period,
            _last=found.last_period,
        )

    @strawberry.field(
        name="firstSeen", description="Earliest period in which it is present; null when hidden by the view."
    )
    def first_seen(self) -> Period | None:
        return None if self._first is None else period_of(self._work, self._work.period_slug(self._first))

    @strawberry.field(
        name="lastSeen",
        description="Latest period in which a record involving it holds (never past `asOf`); null when "
        "hidden by the view.",
    )
    def last_seen(self) -> Period | None:
        return None if self._last is None else period_of(self._work, self._work.period_slug(self._last))
