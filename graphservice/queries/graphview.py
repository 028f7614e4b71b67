"""A view of the graph ready to draw: nodes with positions, sizes and communities, and the edges
among them, for one work, filter and (optionally) neighbourhood.

Positions come from :mod:`graphservice.queries.layout` (one layout per work, shared by every
view); centrality and communities from :func:`graphservice.queries.analytics.analytics` for the
same filter. A neighbourhood (``center`` and ``radius``) keeps only the nodes near the centre, but
their sizes, scores and communities are those of the whole view, so a node looks the same
whichever neighbourhood it is seen in.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError
from graphservice.graph import Edge, EdgeCategory, EntityKind, edges, node_info
from graphservice.queries.analytics import Measure, analytics
from graphservice.queries.layout import layout
from graphservice.queries.limits import MAX_DEPTH, check_range
from graphservice.queries.lookup import require_entity
from graphservice.queries.provenance import confidence
from graphservice.queries.views import EdgeFilter, projection
from graphservice.vocabulary import PLACE_LINK_KINDS, RELATIONSHIP_KINDS, PlaceLinkKind, RelationshipKind

__all__ = [
    "MAX_SIZE",
    "MIN_SIZE",
    "NEUTRAL_WEIGHT",
    "GraphView",
    "KindEntry",
    "ViewEdge",
    "ViewNode",
    "display_size",
    "graph_view",
]

MIN_SIZE = 1.0
"""Display size of a node scoring 0 on the sizing measure."""
MAX_SIZE = 10.0
"""Display size of the view's most central node."""
NEUTRAL_WEIGHT = 3
"""Weight of an edge whose strength the data does not give: the middle of the 1-5 scale."""


@dataclass(frozen=True, slots=True)
class ViewNode:
    """A node as drawn: where, how big, in which community."""

    slug: str
    label: str
    entity: EntityKind
    x: float
    y: float
    size: float
    """Display size from ``MIN_SIZE`` to ``MAX_SIZE``; see :func:`display_size`."""
    community: int
    """Index of its community in the view's analytics (0 is the largest)."""
    centrality: float
    """Its score on the view's sizing measure."""
    introduced: int
    """The period (index) in which the reader meets it."""


@dataclass(frozen=True, slots=True)
class ViewEdge:
    """An edge as drawn: a relationship, a membership or a place link."""

    slug: str
    source: str
    target: str
    category: EdgeCategory
    kind: str
    directed: bool
    sentiment: str
    """The relationship's sentiment; ``neutral`` for memberships and place links."""
    weight: int
    """The relationship's strength (1-5), or ``NEUTRAL_WEIGHT`` where the data gives none."""
    revealed: int
    """The period (index) in which the reader learns of it."""
    holds: tuple[int, ...]
    """The periods (indices) in which it holds, in reading order, none past the view's ``asOf``."""
    active: bool
    """Whether it holds at the view's point in the story (see ``View.is_active``)."""
    confidence: float
    """How sure its record is, 0 to 1: a draft's confidence, 1.0 for a curated record."""


@dataclass(frozen=True, slots=True)
class KindEntry:
    """One kind of edge present in a view, for a legend."""

    kind: str
    category: EdgeCategory
    directed: bool
    meaning: str
    count: int


@dataclass(frozen=True, slots=True)
class GraphView:
    """Everything needed to draw one view of a work's graph."""

    work: str
    """The work's slug."""
    title: str
    """The work's title."""
    nodes: tuple[ViewNode, ...]
    """In the data file's order."""
    edges: tuple[ViewEdge, ...]
    """In the data file's order: relationships, memberships, place links."""
    periods: tuple[str, ...]
    """Slugs of the periods the reader knows in this view (all of them without ``asOf``)."""
    kinds: tuple[KindEntry, ...]
    """The kinds of edge present, most frequent first."""
    size_by: Measure

    @property
    def directed(self) -> bool | None:
        """True if every edge has a direction, False if none has, None if mixed or no edges."""
        found = {e.directed for e in self.edges}
        return found.pop() if len(found) == 1 else None


def display_size(score: float, top: float) -> float:
    """A node's display size: ``MIN_SIZE + (MAX_SIZE - MIN_SIZE) * sqrt(score / top)``.

    The view's most central node (``score == top``) gets ``MAX_SIZE`` and a node scoring 0 gets
    ``MIN_SIZE``. The square root makes a node's drawn area, rather than its width, grow in step
    with its score. Rounded to two decimals.

    >>> display_size(0.25, 1.0)
    5.5
    """
    share = score / top if top > 0 else 0.0
    return round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(max(share, 0.0)), 2)


def graph_view(
    work: LoadedWork,
    flt: EdgeFilter = EdgeFilter(),
    center: str | None = None,
    radius: int = 1,
    size_by: Measure = Measure.PAGERANK,
) -> GraphView:
    """The nodes and edges ``flt`` lets through, ready to draw; with ``center``, only the nodes
    within ``radius`` steps of it (in either direction) and the edges among them.

    A centre the view hides (the reader has not met it yet) gives an empty view; a place as
    centre without ``flt.include_places`` is a bad argument.
    """
    check_range("radius", radius, 1, MAX_DEPTH)
    found = analytics(work, flt)
    shown = set(found.nodes)
    if center is not None:
        shown = _neighbourhood(work, flt, center, radius)
    positions = layout(work, flt)
    scores = found.centrality[size_by]
    top = max(scores.values(), default=0.0)
    nodes = tuple(
        _node(work, slug, positions[slug], scores[slug], top, found.community_of[slug])
        for slug in found.nodes
        if slug in shown
    )
    last = len(work.periods) - 1
    kept = tuple(_edge(e, flt, last) for e in _edges_among(work, flt, shown))
    known = [work.period_slug(i) for i in range(len(work.periods)) if flt.view.knows_period(i)]
    return GraphView(work.slug, work.data.work.title, nodes, kept, tuple(known), _legend(kept), size_by)


def _edges_among(work: LoadedWork, flt: EdgeFilter, shown: set[str]) -> list[Edge]:
    """The edges ``flt`` keeps between two shown nodes, in the data file's order (networkx
    iterates a graph's edges by adjacency instead)."""
    return [e for e in edges(work.graph) if flt.keeps(e) and e.source in shown and e.target in shown]


def _neighbourhood(work: LoadedWork, flt: EdgeFilter, center: str, radius: int) -> set[str]:
    node = require_entity(work, center)
    if center in work.places and not flt.include_places:
        raise InvalidArgumentError(f"'{node.slug}' is a place; set includePlaces to centre the view on it")
    graph = projection(work, flt, directed=False).graph
    if center not in graph:
        return set()  # the reader has not met it yet: nothing around it to show
    return set(nx.ego_graph(graph, center, radius=radius))


def _node(
    work: LoadedWork, slug: str, at: tuple[float, float], score: float, top: float, community: int
) -> ViewNode:
    info = node_info(work.graph, slug)
    return ViewNode(
        slug=slug,
        label=info.record.name,
        entity=info.entity,
        x=at[0],
        y=at[1],
        size=display_size(score, top),
        community=community,
        centrality=score,
        introduced=info.introduced,
    )


def _edge(edge: Edge, flt: EdgeFilter, last: int) -> ViewEdge:
    rec = edge.record
    strength = getattr(rec, "strength", None)
    return ViewEdge(
        slug=edge.key,
        source=edge.source,
        target=edge.target,
        category=edge.category,
        kind=edge.kind,
        directed=edge.directed,
        sentiment=str(getattr(rec, "sentiment", "neutral")),
        weight=NEUTRAL_WEIGHT if strength is None else int(strength),
        revealed=edge.revealed,
        holds=tuple(sorted(p for p in edge.holds if flt.view.knows_period(p))),
        active=flt.view.is_active(edge.holds, last),
        confidence=confidence(rec),
    )


def _legend(shown: tuple[ViewEdge, ...]) -> tuple[KindEntry, ...]:
    counts = Counter((e.category, e.kind) for e in shown)
    entries = []
    for (category, kind), count in counts.most_common():
        info = (
            PLACE_LINK_KINDS[PlaceLinkKind(kind)]
            if category == "place_link"
            else RELATIONSHIP_KINDS[RelationshipKind(kind)]
        )
        entries.append(KindEntry(kind, category, info.directed, info.meaning, count))
    return tuple(entries)
