"""igraph and networkx give the same estimates of a large work's betweenness and closeness.

A large work's betweenness and closeness are searched by igraph when it is installed and by
networkx when not (graphservice/queries/analytics.py). Here both run on graphs of several shapes
(a social network, a character network, a sparse random graph, one in pieces with isolated nodes
and a self-loop, a star and a path full of ties) and must agree: betweenness within a relative
1e-9 (igraph adds the same path counts in another order), every node ranked as networkx ranks it
unless the two scores are that close; closeness exactly, as both add up the same whole distances.
"""

from __future__ import annotations

import itertools
import sys
import types
from collections.abc import Callable, Iterator

import networkx as nx
import pytest

from graphservice.queries.analytics import (
    COMMUNITY_SEED,
    estimate_betweenness,
    estimate_closeness,
    search_backend,
)

RELATIVE = 1e-9
"""How far igraph's betweenness may be from networkx's, relatively (both add floats, in other orders)."""
ABSOLUTE = 1e-15


def _in_pieces() -> nx.Graph[str]:
    """A random part with a node related to itself, a path, a star, a triangle, a pair and two
    isolated nodes."""
    graph = nx.gnm_random_graph(60, 150, seed=3)
    graph.add_edge(0, 0)
    graph = nx.disjoint_union_all(
        [
            graph,
            nx.path_graph(12),
            nx.star_graph(8),
            nx.complete_graph(3),
            nx.path_graph(2),
            nx.empty_graph(2),
        ]
    )
    return nx.relabel_nodes(graph, {n: f"n{n}" for n in graph})


GRAPHS: dict[str, Callable[[], nx.Graph[str]]] = {
    "karate club": lambda: nx.relabel_nodes(nx.karate_club_graph(), str),
    "les miserables": nx.les_miserables_graph,
    "sparse random": lambda: nx.relabel_nodes(nx.gnm_random_graph(400, 1200, seed=11), str),
    "in pieces": _in_pieces,
    "star and path": lambda: nx.relabel_nodes(
        nx.disjoint_union(nx.star_graph(30), nx.path_graph(30)), lambda n: f"v{n}"
    ),
}


@pytest.fixture
def without_igraph(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "igraph", None)  # importing it now fails
    yield


def _assert_same_order(reference: dict[str, float], other: dict[str, float]) -> None:
    """``other`` ranks the nodes as ``reference`` does, but where their scores are within the
    tolerance of each other (ties may fall either way)."""
    ranked = sorted(reference, key=lambda n: -reference[n])
    for higher, lower in itertools.pairwise(ranked):
        assert other[lower] <= other[higher] + RELATIVE * abs(other[higher]) + ABSOLUTE, (higher, lower)


def test_igraph_is_the_backend_here() -> None:
    assert search_backend().startswith("igraph ")


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("share", [0.05, 0.3, 0.9, 1.0])
def test_betweenness_equals_networkx(name: str, share: float) -> None:
    graph = GRAPHS[name]()
    samples = max(2, round(share * len(graph)))
    expected = nx.betweenness_centrality(
        graph, k=samples if samples < len(graph) else None, seed=COMMUNITY_SEED
    )
    found = estimate_betweenness(graph, samples)
    assert found == pytest.approx(expected, rel=RELATIVE, abs=ABSOLUTE)
    _assert_same_order(expected, found)


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("samples", [2, 5, 25, 10_000])
def test_closeness_is_the_same_through_either_backend(
    name: str, samples: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = GRAPHS[name]()
    searched_by_igraph = estimate_closeness(graph, samples)
    monkeypatch.setitem(sys.modules, "igraph", None)
    assert search_backend() == "networkx"
    assert estimate_closeness(graph, samples) == searched_by_igraph


@pytest.mark.parametrize("name", GRAPHS)
def test_closeness_from_every_node_is_networkx_exactly(name: str) -> None:
    graph = GRAPHS[name]()
    assert estimate_closeness(graph, len(graph)) == nx.closeness_centrality(graph)


@pytest.mark.usefixtures("without_igraph")
@pytest.mark.parametrize("name", GRAPHS)
def test_without_igraph_betweenness_is_networkx(name: str) -> None:
    graph = GRAPHS[name]()
    assert estimate_betweenness(graph, 7) == nx.betweenness_centrality(graph, k=7, seed=COMMUNITY_SEED)
    assert estimate_closeness(graph, len(graph)) == nx.closeness_centrality(graph)


def test_an_igraph_too_old_to_search_from_sources_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    old = types.ModuleType("igraph")
    old.Graph = type("Graph", (), {})  # type: ignore[attr-defined]  # no `distances` before 0.10
    old.__version__ = "0.9.11"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "igraph", old)
    assert search_backend() == "networkx"
    graph = GRAPHS["karate club"]()
    assert estimate_betweenness(graph, 5) == nx.betweenness_centrality(graph, k=5, seed=COMMUNITY_SEED)
