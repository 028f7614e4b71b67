"""Walking node by node sees exactly the projection: same neighbours in the same order, same
edges per step, same distances, and the same shortest path networkx finds on the projection."""

from __future__ import annotations

from itertools import product

import networkx as nx
import pytest

from graphservice.catalog import LoadedWork
from graphservice.queries import walk
from graphservice.queries.views import EdgeFilter, View, projection
from graphservice.vocabulary import RelationshipKind

FILTERS = [
    EdgeFilter(),
    EdgeFilter(View(as_of=0)),
    EdgeFilter(View(during=1)),
    EdgeFilter(kinds=frozenset({RelationshipKind.FRIENDSHIP, RelationshipKind.ROMANCE})),
    EdgeFilter(include_places=True),
]
MODES: list[tuple[walk.Mode, bool]] = [("both", False), ("out", True), ("in", True)]


def _adjacency(graph: nx.Graph[str], node: str, mode: walk.Mode) -> list[str]:
    if isinstance(graph, nx.DiGraph):
        return list(graph.successors(node) if mode == "out" else graph.predecessors(node))
    return list(graph.neighbors(node))


@pytest.mark.parametrize("flt", FILTERS)
@pytest.mark.parametrize(("mode", "directed"), MODES)
def test_steps_and_via_match_the_projection(
    novel: LoadedWork, flt: EdgeFilter, mode: walk.Mode, directed: bool
) -> None:
    simple = projection(novel, flt, directed)
    for node in novel.graph:
        assert walk.keeps(novel, flt, node) == (node in simple.graph)
        if node not in simple.graph:
            continue
        found = list(walk.steps(novel, flt, node, mode))
        assert found == _adjacency(simple.graph, node, mode)
        for other in found:
            u, v = (other, node) if mode == "in" else (node, other)
            assert walk.via(novel, flt, node, other, mode) == simple.via(u, v)


@pytest.mark.parametrize("flt", FILTERS)
@pytest.mark.parametrize("directed", [False, True])
def test_shortest_paths_are_networkx_paths(novel: LoadedWork, flt: EdgeFilter, directed: bool) -> None:
    simple = projection(novel, flt, directed)
    mode: walk.Mode = "out" if directed else "both"
    nodes = list(simple.graph)
    for a, b in product(nodes, nodes):
        try:
            expected: list[str] | None = nx.shortest_path(simple.graph, a, b)
        except nx.NetworkXNoPath:
            expected = None
        assert walk.bidirectional_path(novel, flt, a, b, mode) == expected


@pytest.mark.parametrize("cutoff", [1, 2, 6])
def test_distances_are_breadth_first(novel: LoadedWork, cutoff: int) -> None:
    simple = projection(novel, EdgeFilter(), False)
    expected = nx.single_source_shortest_path_length(simple.graph, "kathy-h", cutoff=cutoff)
    found = walk.distances(novel, EdgeFilter(), "kathy-h", "both", cutoff)
    assert list(found.items()) == list(expected.items())


def test_an_excluded_node_is_never_entered(fixture_work: LoadedWork) -> None:
    flt = EdgeFilter(exclude=frozenset({"ben"}))
    assert not walk.keeps(fixture_work, flt, "ben")
    assert "ben" not in walk.distances(fixture_work, flt, "ada", "both", 6)
