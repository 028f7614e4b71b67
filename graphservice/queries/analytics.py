"""Who is central and which groups form: networkx centralities, Louvain communities and per-kind
statistics, computed once per work and filter and cached."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

import networkx as nx

from graphservice.catalog import LoadedWork
from graphservice.graph import EntityKind, edge_count, node_info
from graphservice.memo import per_work
from graphservice.queries.limits import LARGE_WORK_EDGES
from graphservice.queries.lookup import require_entity
from graphservice.queries.quotes import QuoteQuery, find_quotes
from graphservice.queries.relationships import edges_of
from graphservice.queries.timeline import events_of
from graphservice.queries.views import EdgeFilter, View, projection

__all__ = [
    "BETWEENNESS_SAMPLES",
    "COMMUNITY_SEED",
    "Analytics",
    "CharacterSummary",
    "KindStats",
    "Measure",
    "Score",
    "analytics",
    "character_ranks",
    "character_summary",
    "is_large",
    "precompute",
    "ranking",
]

COMMUNITY_SEED = 7
"""Seed for Louvain community detection, so every run and every client gets the same communities."""
BETWEENNESS_SAMPLES = 200
"""Sources sampled to estimate betweenness in a large work (see ``LARGE_WORK_EDGES``); seeded like
the communities, so the estimate is the same on every run."""


class Measure(StrEnum):
    """A centrality measure."""

    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    CLOSENESS = "closeness"
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"


@dataclass(frozen=True, slots=True)
class KindStats:
    """How many relationships of one kind a view holds, and what they are like."""

    kind: str
    directed: bool
    count: int
    active: int
    """How many hold at the view's point in the story."""
    sentiments: tuple[tuple[str, int], ...]
    """Count per sentiment, most frequent first."""
    mean_strength: float | None
    """Mean of the strengths the data gives, or None when it gives none."""


@dataclass(frozen=True, slots=True)
class Analytics:
    """Everything computed for one work and filter."""

    nodes: tuple[str, ...]
    """The nodes analysed, in the data file's order."""
    pairs: int
    """Related pairs of nodes (parallel relationships count once)."""
    centrality: Mapping[Measure, Mapping[str, float]]
    communities: tuple[tuple[str, ...], ...]
    """Louvain communities, largest first; members in the data file's order."""
    community_of: Mapping[str, int]
    kinds: tuple[KindStats, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """One node's score on one measure, and its rank (1 = most central; ties share a rank)."""

    slug: str
    score: float
    rank: int


def _centralities(graph: nx.Graph[str]) -> dict[Measure, dict[str, float]]:
    if graph.number_of_edges() == 0:
        zero = dict.fromkeys(graph, 0.0)
        return {m: dict(zero) for m in Measure}
    sample = BETWEENNESS_SAMPLES if graph.number_of_edges() > LARGE_WORK_EDGES else None
    return {
        Measure.DEGREE: nx.degree_centrality(graph),
        Measure.BETWEENNESS: nx.betweenness_centrality(
            graph, k=sample if sample and sample < len(graph) else None, seed=COMMUNITY_SEED
        ),
        Measure.CLOSENESS: nx.closeness_centrality(graph),
        Measure.PAGERANK: nx.pagerank(graph),
        # The power iteration (on A + I, so it converges on bipartite parts too) rather than the
        # numpy variant, which refuses disconnected graphs; early views of a story often are.
        Measure.EIGENVECTOR: nx.eigenvector_centrality(graph, max_iter=1000),
    }


def _kind_stats(work: LoadedWork, flt: EdgeFilter) -> tuple[KindStats, ...]:
    last = len(work.periods) - 1
    by_kind: dict[str, list[tuple[bool, bool, str, int | None]]] = {}
    for edge in edges_of(work, replace(flt, include_places=False)):
        if edge.source in flt.exclude or edge.target in flt.exclude:
            continue
        rec = edge.record
        strength = getattr(rec, "strength", None)
        sentiment = str(getattr(rec, "sentiment", "neutral"))
        active = flt.view.is_active(edge.holds, last)
        by_kind.setdefault(edge.kind, []).append((edge.directed, active, sentiment, strength))
    stats = []
    for kind, rows in by_kind.items():
        strengths = [s for *_, s in rows if s is not None]
        stats.append(
            KindStats(
                kind=kind,
                directed=rows[0][0],
                count=len(rows),
                active=sum(1 for _, a, _, _ in rows if a),
                sentiments=tuple(Counter(s for _, _, s, _ in rows).most_common()),
                mean_strength=sum(strengths) / len(strengths) if strengths else None,
            )
        )
    stats.sort(key=lambda k: (-k.count, k.kind))
    return tuple(stats)


@per_work(maxsize=128)
def analytics(work: LoadedWork, flt: EdgeFilter = EdgeFilter()) -> Analytics:
    """Centralities, communities and kind statistics of the graph ``flt`` lets through.

    The graph is the undirected simple projection the traversals walk: characters and groups
    (and places, when ``flt`` includes them), one edge per related pair.
    """
    graph = projection(work, flt, False).graph
    nodes = tuple(n for n in work.graph if n in graph)
    found = nx.community.louvain_communities(graph, seed=COMMUNITY_SEED) if len(graph) else []
    position = {n: i for i, n in enumerate(nodes)}
    communities = sorted(
        (tuple(sorted(c, key=position.__getitem__)) for c in found),
        key=lambda c: (-len(c), position[c[0]]),
    )
    community_of = {n: i for i, c in enumerate(communities) for n in c}
    return Analytics(
        nodes,
        graph.number_of_edges(),
        _centralities(graph),
        tuple(communities),
        community_of,
        _kind_stats(work, flt),
    )


def ranking(
    work: LoadedWork,
    found: Analytics,
    measure: Measure,
    entities: frozenset[EntityKind] | None = None,
) -> list[Score]:
    """Nodes by descending score on ``measure`` (ties in data-file order), optionally of some
    entity kinds only; ranks count only the nodes listed."""
    scores = found.centrality[measure]
    slugs = [n for n in found.nodes if entities is None or node_info(work.graph, n).entity in entities]
    slugs.sort(key=lambda n: -scores[n])  # stable: ties keep the data file's order
    ranked: list[Score] = []
    for i, slug in enumerate(slugs):
        tied = ranked and ranked[-1].score == scores[slug]
        ranked.append(Score(slug, scores[slug], ranked[-1].rank if tied else i + 1))
    return ranked


@per_work(maxsize=128)
def character_ranks(
    work: LoadedWork, flt: EdgeFilter = EdgeFilter()
) -> Mapping[Measure, Mapping[str, Score]]:
    """Every character's score and rank among the characters, per measure; cached per filter so
    a character summary looks its scores up instead of ranking on each request."""
    found = analytics(work, flt)
    return {m: {s.slug: s for s in ranking(work, found, m, frozenset({"character"}))} for m in Measure}


@dataclass(frozen=True, slots=True)
class CharacterSummary:
    """One character at a glance, in one view."""

    slug: str
    degree: int
    """Relationships (memberships included) the character takes part in."""
    degree_by_kind: tuple[tuple[str, int], ...]
    """Those relationships counted per kind, most frequent first."""
    first_period: int | None
    """Earliest period in which the character is present (introduced, or a record holds)."""
    last_period: int | None
    """Latest period in which a record involving the character holds."""
    quotes_spoken: int
    quotes_involving: int
    events: int


def character_summary(work: LoadedWork, slug: str, flt: EdgeFilter = EdgeFilter()) -> CharacterSummary:
    """Counts and the span of periods for one character, through ``flt``."""
    require_entity(work, slug, ["character"])
    view: View = flt.view
    node = node_info(work.graph, slug)
    if not view.shows_node(node):
        return CharacterSummary(slug, 0, (), None, None, 0, 0, 0)
    rels = [e for e in edges_of(work, flt, node=slug) if e.category != "place_link"]
    links = [e for e in edges_of(work, EdgeFilter(view, include_places=True), node=slug)]
    periods = [p for e in [*rels, *links] for p in e.holds]
    involving = find_quotes(work, QuoteQuery(involving=slug, view=view))
    periods += [work.periods[p] for q in involving for p in q.holds]
    scenes = events_of(work, slug, view)
    periods += [work.periods[p] for e in scenes for p in e.holds]
    periods = [p for p in periods if view.knows_period(p)]  # later periods would be spoilers
    spoken = find_quotes(work, QuoteQuery(speaker=slug, view=view))
    return CharacterSummary(
        slug=slug,
        degree=len(rels),
        degree_by_kind=tuple(Counter(e.kind for e in rels).most_common()),
        first_period=min([node.introduced, *periods]),
        last_period=max([node.introduced, *periods]),
        quotes_spoken=len(spoken),
        quotes_involving=len(involving),
        events=len(scenes),
    )


def is_large(work: LoadedWork) -> bool:
    """Whether the work has more than ``LARGE_WORK_EDGES`` edges."""
    return edge_count(work.graph) > LARGE_WORK_EDGES


def precompute(work: LoadedWork) -> None:
    """Fill the analytics cache for the views every client asks for: the whole story, and each
    period by ``asOf`` and by ``during``. A large work is left to compute on first request: it
    would hold up loading for minutes, for answers few clients of such a work ask for."""
    if is_large(work):
        return
    analytics(work)
    for index in range(len(work.periods)):
        analytics(work, EdgeFilter(View(as_of=index)))
        analytics(work, EdgeFilter(View(during=index)))
