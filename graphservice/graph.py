"""Build the networkx graph of a work; the only module that knows node keys and attribute names.

Nodes are characters, groups and places keyed by slug. Edges are relationships, memberships and
place links, keyed by the record's slug, in one ``MultiDiGraph``: a symmetric relationship is
stored once, from its ``source`` to its ``target``, with ``directed=False``. Every node and edge
carries one typed attribute object, so untyped networkx data never leaves this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from graphservice.model import Character, Dataset, Group, Place, PlaceLink, Relationship
from graphservice.vocabulary import PLACE_LINK_KINDS, RELATIONSHIP_KINDS

__all__ = [
    "Edge",
    "EntityKind",
    "NodeInfo",
    "Projection",
    "build_graph",
    "edge_count",
    "edges",
    "incident",
    "node_info",
    "project",
]

EntityKind = Literal["character", "group", "place"]
EdgeCategory = Literal["relationship", "membership", "place_link"]
_NODE = "node"
_EDGE = "edge"
_VIA = "via"
_ORDERED = "ordered_edges"
_INCIDENT = "incident_edges"


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """What the graph knows about one node."""

    slug: str
    entity: EntityKind
    introduced: int
    record: Character | Group | Place


@dataclass(frozen=True, slots=True)
class Edge:
    """One edge of the graph: a relationship, a membership or a place link."""

    source: str
    target: str
    key: str
    category: EdgeCategory
    kind: str
    directed: bool
    revealed: int
    holds: frozenset[int]
    record: Relationship | PlaceLink


def build_graph(
    data: Dataset, relationships: list[Relationship], period_index: Mapping[str, int]
) -> nx.MultiDiGraph[str]:
    """Build the graph of a validated dataset; ``relationships`` includes derived memberships."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(work=data.work.slug)
    records: list[tuple[EntityKind, Character | Group | Place]] = []
    records += [("character", c) for c in data.characters]
    records += [("group", g) for g in data.groups]
    records += [("place", p) for p in data.places]
    for entity, rec in records:
        info = NodeInfo(rec.slug, entity, period_index[rec.introduced], rec)
        graph.add_node(rec.slug, **{_NODE: info})
    ordered: list[Edge] = []  # networkx iterates edges by adjacency; keep the data file's order too
    add = _Adder(period_index)
    for rel in relationships:
        category: EdgeCategory = "membership" if rel.kind == "membership" else "relationship"
        directed = RELATIONSHIP_KINDS[rel.kind].directed
        ordered.append(add(rel, rel.source, rel.target, category, rel.kind.value, directed))
    for link in data.place_links:
        directed = PLACE_LINK_KINDS[link.kind].directed
        ordered.append(add(link, link.character, link.place, "place_link", link.kind.value, directed))
    # One call for every edge: add_edge per edge also clears networkx's cache each time.
    # (MultiDiGraph takes (u, v, key, data) tuples; the type stubs know only the Graph forms.)
    graph.add_edges_from((e.source, e.target, e.key, {_EDGE: e}) for e in ordered)  # type: ignore[misc]
    graph.graph[_ORDERED] = tuple(ordered)
    # Each node's edges in data-file order, so a query about one node reads its own edges
    # instead of scanning every edge of the work (networkx keeps adjacency by neighbour, not in
    # file order, and a MultiDiGraph splits it into successors and predecessors).
    touching: dict[str, list[Edge]] = {n: [] for n in graph}
    for edge in ordered:
        touching[edge.source].append(edge)
        touching[edge.target].append(edge)
    graph.graph[_INCIDENT] = {n: tuple(found) for n, found in touching.items()}
    return graph


class _Adder:
    """Makes the ``Edge`` of each record, sharing one ``holds`` set per distinct list of periods."""

    def __init__(self, period_index: Mapping[str, int]) -> None:
        self.period_index = period_index
        self.holds: dict[tuple[str, ...], frozenset[int]] = {}

    def __call__(
        self,
        rec: Relationship | PlaceLink,
        source: str,
        target: str,
        category: EdgeCategory,
        kind: str,
        directed: bool,
    ) -> Edge:
        periods = tuple(rec.holds)
        holds = self.holds.get(periods)
        if holds is None:
            holds = self.holds[periods] = _shared(frozenset(self.period_index[p] for p in periods))
        revealed = self.period_index[rec.revealed]
        return Edge(source, target, rec.slug, category, kind, directed, revealed, holds, rec)


_HOLDS: dict[frozenset[int], frozenset[int]] = {}


def _shared(holds: frozenset[int]) -> frozenset[int]:
    """One frozenset object per distinct set of periods: a big work has millions of edges but only
    a few dozen such sets, and each set object takes a couple of hundred bytes."""
    return _HOLDS.setdefault(holds, holds)


def edge_count(graph: nx.MultiDiGraph[str]) -> int:
    """How many edges the graph has (networkx's ``number_of_edges`` sums every node's degree)."""
    return len(graph.graph[_ORDERED])


def incident(graph: nx.MultiDiGraph[str], slug: str) -> tuple[Edge, ...]:
    """The edges touching a node (either end), in the data file's order."""
    found: tuple[Edge, ...] = graph.graph[_INCIDENT][slug]
    return found


def node_info(graph: nx.MultiDiGraph[str], slug: str) -> NodeInfo:
    """The typed attributes of a node."""
    info: NodeInfo = graph.nodes[slug][_NODE]
    return info


def edges(graph: nx.MultiDiGraph[str]) -> Iterator[Edge]:
    """Every edge of the graph in the data file's order: relationships, memberships, place links."""
    ordered: tuple[Edge, ...] = graph.graph[_ORDERED]
    yield from ordered


@dataclass(frozen=True, slots=True)
class Projection:
    """A simple graph over the edges that pass a filter, for algorithms that reject multigraphs.

    networkx's ``shortest_simple_paths`` refuses multigraphs, and a plain ``nx.Graph(multigraph)``
    forgets which parallel edges joined a pair; so each projected edge keeps the ``Edge`` objects
    it stands for, in the direction it may be walked.
    """

    graph: nx.Graph[str]

    def via(self, u: str, v: str) -> tuple[Edge, ...]:
        """The original edges that let a walk step from ``u`` to ``v``."""
        found: tuple[Edge, ...] = self.graph.edges[u, v][_VIA]
        return found

    def weight(self, cost: Callable[[Edge], float]) -> Callable[[str, str, Any], float]:
        """A networkx weight function: a step costs as little as the cheapest edge allowing it."""

        def step_cost(u: str, v: str, attrs: Any) -> float:  # attrs: the edge's attribute dict
            return min(cost(e) for e in attrs[_VIA])

        return step_cost


def project(
    graph: nx.MultiDiGraph[str],
    keep_node: Callable[[NodeInfo], bool],
    keep_edge: Callable[[Edge], bool],
    directed: bool,
) -> Projection:
    """Project the kept nodes and edges onto a simple ``DiGraph`` (directed) or ``Graph``.

    In a directed projection an edge of a symmetric kind may be walked both ways.
    """
    simple: nx.Graph[str] = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(n for n in graph if keep_node(node_info(graph, n)))
    for edge in edges(graph):
        if edge.source not in simple or edge.target not in simple or not keep_edge(edge):
            continue
        pairs = [(edge.source, edge.target)]
        if directed and not edge.directed:
            pairs.append((edge.target, edge.source))
        for u, v in pairs:
            if simple.has_edge(u, v):
                simple.edges[u, v][_VIA] += (edge,)
            else:
                simple.add_edge(u, v, **{_VIA: (edge,)})
    return Projection(simple)
