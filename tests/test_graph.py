"""The graph: nodes for characters, groups and places; one edge per relationship, membership, link."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from bench.synthetic import synthetic_work
from graphservice.catalog import LoadedWork
from graphservice.graph import edge_count, edges, incident, node_info, project
from graphservice.loader import parse_dataset


def test_nodes_are_characters_groups_and_places(fixture_work: LoadedWork) -> None:
    kinds = {n: node_info(fixture_work.graph, n).entity for n in fixture_work.graph}
    assert kinds == {
        "ada": "character",
        "ben": "character",
        "cora": "character",
        "orrin": "character",
        "hermit": "character",
        "keepers": "group",
        "council": "group",
        "carrow-point": "place",
        "lighthouse": "place",
        "village": "place",
    }


def test_each_record_is_one_edge(fixture_work: LoadedWork) -> None:
    found = {(e.key, e.category, e.directed) for e in edges(fixture_work.graph)}
    assert found == {
        ("ada-ben-friendship", "relationship", False),
        ("council-keepers-authority", "relationship", True),
        ("cora-ada-rivalry", "relationship", False),
        ("ben-cora-romance", "relationship", False),
        ("ada-orrin-conflict", "relationship", True),
        ("ada-member-of-keepers", "membership", True),
        ("ben-member-of-keepers", "membership", True),
        ("orrin-member-of-council", "membership", True),
        ("ada-worked-at-lighthouse", "place_link", True),
        ("ada-visited-village", "place_link", True),
    }


def test_clocks_are_period_positions(fixture_work: LoadedWork) -> None:
    edge = next(e for e in edges(fixture_work.graph) if e.key == "ben-cora-romance")
    assert (edge.revealed, edge.holds) == (1, frozenset({1}))


def test_directed_projection_walks_symmetric_edges_both_ways(fixture_work: LoadedWork) -> None:
    walk = project(fixture_work.graph, lambda n: True, lambda e: e.category == "relationship", directed=True)
    assert walk.graph.has_edge("ada", "ben") and walk.graph.has_edge("ben", "ada")
    assert walk.graph.has_edge("ada", "orrin") and not walk.graph.has_edge("orrin", "ada")
    assert [e.key for e in walk.via("ben", "ada")] == ["ada-ben-friendship"]


def test_each_node_lists_its_edges_in_file_order(novel: LoadedWork) -> None:
    everything = list(edges(novel.graph))
    for node in novel.graph:
        touching = [e for e in everything if node in (e.source, e.target)]
        assert incident(novel.graph, node) == tuple(touching)


def test_equal_sets_of_periods_are_one_object(novel: LoadedWork) -> None:
    by_value: dict[frozenset[int], int] = {}
    for edge in edges(novel.graph):
        assert by_value.setdefault(edge.holds, id(edge.holds)) == id(edge.holds)


def test_edge_count_counts_every_edge(novel: LoadedWork) -> None:
    assert edge_count(novel.graph) == novel.graph.number_of_edges() == len(list(edges(novel.graph)))


def _as_networkx_builds_it(graph: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """The same nodes and edges added through networkx's own ``add_edge``, in the same order."""
    built: nx.MultiDiGraph[str] = nx.MultiDiGraph(**graph.graph)
    built.add_nodes_from(graph.nodes(data=True))
    for edge in edges(graph):
        built.add_edge(edge.source, edge.target, key=edge.key, edge=edge)
    return built


@pytest.mark.parametrize("name", ["fixture_work", "novel", "synthetic"])
def test_the_graph_is_the_one_networkx_add_edge_builds(name: str, request: pytest.FixtureRequest) -> None:
    if name == "synthetic":
        text = json.dumps(synthetic_work(3_000))
        work = LoadedWork(parse_dataset(text, "synthetic.json", json=True), "synthetic.json")
    else:
        work = request.getfixturevalue(name)
    graph, built = work.graph, _as_networkx_builds_it(work.graph)
    assert nx.utils.graphs_equal(graph, built)
    assert graph.pred == built.pred
    for u, v, key in built.edges(keys=True):
        assert list(graph.succ[u][v]) == list(built.succ[u][v])  # parallel edges in the same order
        assert vars(graph)["_succ"][u][v] is vars(graph)["_pred"][v][u]  # one key dictionary, as networkx
        assert graph.edges[u, v, key] == {"edge": built.edges[u, v, key]["edge"]}
    assert [list(graph.succ[n]) for n in graph] == [list(built.succ[n]) for n in built]
    assert edge_count(graph) == built.number_of_edges()
