"""The graph: nodes for characters, groups and places; one edge per relationship, membership, link."""

from __future__ import annotations

from graphservice.catalog import LoadedWork
from graphservice.graph import edge_count, edges, incident, node_info, project


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
