"""Who is central and which groups form: networkx centralities, Louvain communities and per-kind
statistics, computed once per work and filter and cached.

Betweenness and closeness take a shortest-path search from every node, hours for a graph of a
million edges, so a graph of more than ``LARGE_WORK_EDGES`` edges has them estimated from searches
from a seeded sample of nodes, the same on every run: betweenness as networkx estimates it from
``BETWEENNESS_SAMPLES`` sources, closeness from each node's mean distance to ``CLOSENESS_SAMPLES``
sources of its connected part (Eppstein and Wang's estimator), scaled as networkx scales it. Those
searches run in C in igraph when it is installed and in networkx when it is not, from the same
sources, so either gives the same scores up to rounding (tests/queries/test_analytics_backends.py).
A smaller graph gets networkx's exact measures.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

import networkx as nx
import numpy as np

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
    "CLOSENESS_SAMPLES",
    "COMMUNITY_SEED",
    "Analytics",
    "CharacterSummary",
    "KindStats",
    "Measure",
    "Score",
    "analytics",
    "character_ranks",
    "character_summary",
    "estimate_betweenness",
    "estimate_closeness",
    "find_communities",
    "is_large",
    "precompute",
    "ranking",
    "score_nodes",
    "search_backend",
]

COMMUNITY_SEED = 7
"""Seed for Louvain community detection, so every run and every client gets the same communities."""
BETWEENNESS_SAMPLES = 200
"""Sources sampled to estimate betweenness in a large work (see ``LARGE_WORK_EDGES``); seeded like
the communities, so the estimate is the same on every run."""
CLOSENESS_SAMPLES = 200
"""Sources whose distances estimate closeness in a large work: each connected part of more nodes
than this is searched from this many, drawn with the communities' seed (see the module)."""


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


def score_nodes(graph: nx.Graph[str], measure: Measure) -> dict[str, float]:
    """Every node's score on ``measure``: exact, but for betweenness and closeness of a graph
    with more than ``LARGE_WORK_EDGES`` edges, which are estimated (see the module)."""
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0)
    large = graph.number_of_edges() > LARGE_WORK_EDGES
    match measure:
        case Measure.DEGREE:
            return nx.degree_centrality(graph)
        case Measure.BETWEENNESS:
            if large:
                return estimate_betweenness(graph, BETWEENNESS_SAMPLES)
            return nx.betweenness_centrality(graph)
        case Measure.CLOSENESS:
            return estimate_closeness(graph, CLOSENESS_SAMPLES) if large else nx.closeness_centrality(graph)
        case Measure.PAGERANK:
            return nx.pagerank(graph)
        case Measure.EIGENVECTOR:
            # The power iteration (on A + I, so it converges on bipartite parts too) rather than
            # the numpy variant, which refuses disconnected graphs; early views of a story often are.
            return nx.eigenvector_centrality(graph, max_iter=1000)


def _igraph() -> Any:
    """The igraph module, or None when it is missing or too old to search from chosen sources
    (before 0.10): networkx then does the searches."""
    try:
        import igraph  # type: ignore[import-untyped]  # only large works need it
    except ImportError:
        return None
    return igraph if hasattr(igraph.Graph, "distances") else None


def search_backend() -> str:
    """Which library runs the searches of a large work's estimates here: igraph and its version,
    or networkx."""
    module = _igraph()
    return "networkx" if module is None else f"igraph {module.__version__}"


def _indexed(module: Any, graph: nx.Graph[str]) -> tuple[Any, dict[str, int]]:
    """``graph`` as an igraph graph whose vertex ``i`` is the ``i``-th node, and that index."""
    index = {node: i for i, node in enumerate(graph)}
    edges = [(index[u], index[v]) for u, v in graph.edges()]
    return module.Graph(n=len(index), edges=edges), index


def estimate_betweenness(graph: nx.Graph[str], samples: int) -> dict[str, float]:
    """networkx's betweenness estimated from ``samples`` sources drawn with ``COMMUNITY_SEED``
    (exact when the graph has no more nodes than that), its paths counted by igraph if installed."""
    module = _igraph()
    if module is None or not 2 <= samples < len(graph):
        k = samples if samples < len(graph) else None
        return nx.betweenness_centrality(graph, k=k, seed=COMMUNITY_SEED)
    sources = random.Random(COMMUNITY_SEED).sample(list(graph), samples)  # noqa: S311 - networkx's draw
    fast, index = _indexed(module, graph)
    counted = fast.betweenness(directed=False, sources=[index[s] for s in sources])
    # igraph counts an undirected path once, networkx once from each end, so twice igraph's sum is
    # networkx's before scaling. networkx then divides by the (source, target) pairs whose paths
    # could pass through a node; no path passes through its own source, so a drawn node has one
    # source fewer.
    drawn = set(sources)
    targets = len(graph) - 2
    return {
        node: 2 * paths * (1 / ((samples - 1 if node in drawn else samples) * targets))
        for node, paths in zip(graph, counted, strict=True)
    }


def estimate_closeness(graph: nx.Graph[str], samples: int) -> dict[str, float]:
    """networkx's closeness (scaled by the share of nodes reachable, as Wasserman and Faust do)
    with each node's distances estimated from ``samples`` sources of its connected part, drawn
    with ``COMMUNITY_SEED``: its mean distance to them stands for its mean distance to all. Parts
    of at most ``samples`` nodes, and the sources themselves, are measured exactly."""
    module = _igraph()
    fast, index = _indexed(module, graph) if module is not None else (None, {})
    rng = random.Random(COMMUNITY_SEED)  # noqa: S311 - a reproducible sample, not a secret
    position = {node: i for i, node in enumerate(graph)}
    scores = dict.fromkeys(graph, 0.0)
    for part in nx.connected_components(graph):
        if len(part) < 2:
            continue  # networkx gives an isolated node 0
        members = sorted(part, key=position.__getitem__)
        sources = members if len(members) <= samples else rng.sample(members, samples)
        if fast is None:
            totals, own = _distance_sums(graph, sources, members)
        else:
            totals, own = _igraph_distance_sums(fast, index, sources, members)
        reach = len(members) - 1.0
        share = reach / (len(graph) - 1)
        for node, total in zip(members, totals, strict=True):
            # networkx's own arithmetic where the sum is exact, so exact scores are equal to its.
            closeness = reach / own[node] if node in own else len(sources) / total
            scores[node] = closeness * share
    return scores


_BATCH = 32
"""Sources searched at a time: bounds the distance matrix held at once (32 rows of a part)."""


def _distance_sums(
    graph: nx.Graph[str], sources: list[str], members: list[str]
) -> tuple[list[int], dict[str, int]]:
    """Each member's summed distance to the sources, and each source's to every member."""
    totals = dict.fromkeys(members, 0)
    own: dict[str, int] = {}
    for source in sources:
        lengths = nx.single_source_shortest_path_length(graph, source)
        own[source] = sum(lengths.values())
        for node, length in lengths.items():
            totals[node] += length
    return [totals[n] for n in members], own


def _igraph_distance_sums(
    fast: Any, index: dict[str, int], sources: list[str], members: list[str]
) -> tuple[list[int], dict[str, int]]:
    """What :func:`_distance_sums` gives, searched by igraph."""
    targets = [index[n] for n in members]
    totals = np.zeros(len(members), dtype=np.int64)
    own: dict[str, int] = {}
    for start in range(0, len(sources), _BATCH):
        batch = sources[start : start + _BATCH]
        rows = np.asarray(fast.distances(source=[index[s] for s in batch], target=targets), dtype=np.int64)
        totals += rows.sum(axis=0)
        own.update(zip(batch, rows.sum(axis=1).tolist(), strict=True))
    return [int(t) for t in totals.tolist()], own


def find_communities(graph: nx.Graph[str], nodes: Sequence[str]) -> list[tuple[str, ...]]:
    """Louvain communities of ``graph`` (seeded), largest first, members and ties in the order
    of ``nodes`` (every node of the graph)."""
    found = nx.community.louvain_communities(graph, seed=COMMUNITY_SEED) if len(graph) else []
    position = {n: i for i, n in enumerate(nodes)}
    return sorted(
        (tuple(sorted(c, key=position.__getitem__)) for c in found),
        key=lambda c: (-len(c), position[c[0]]),
    )


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
    communities = find_communities(graph, nodes)
    community_of = {n: i for i, c in enumerate(communities) for n in c}
    return Analytics(
        nodes,
        graph.number_of_edges(),
        {m: score_nodes(graph, m) for m in Measure},
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
