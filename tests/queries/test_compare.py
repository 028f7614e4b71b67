"""Character-network measures, checked against values worked out by hand for the fixture work.

The lighthouse work's characters are ada, ben, cora, orrin and hermit; its relationships between
characters are ada-ben (friendship), cora-ada (rivalry), ben-cora (romance) and ada-orrin
(conflict); council-keepers joins two groups and is left out. So: 4 pairs of 10 possible; degrees
3, 2, 2, 1, 0; ada's neighbours have 1 tie among 3 possible, ben's and cora's 1 of 1.
"""

from __future__ import annotations

import networkx as nx
import pytest

from graphservice.catalog import LoadedWork
from graphservice.queries.compare import degree_centralisation, measures


def test_the_fixture_work_measured(fixture_work: LoadedWork) -> None:
    found = measures(fixture_work)
    assert (found.characters, found.pairs, found.relationships) == (5, 4, 4)
    assert found.density == pytest.approx(4 / 10)
    assert found.clustering == pytest.approx((1 / 3 + 1 + 1 + 0 + 0) / 5)
    # Freeman: shortfalls from the top degree 3 are 0+1+1+2+3 = 7, over (5-1)(5-2) = 12.
    assert found.centralisation == pytest.approx(7 / 12)
    assert found.main_character == "ada"
    assert found.main_share == pytest.approx(3 / 4)
    assert found.components == 2  # hermit stands alone
    assert found.communities >= found.components
    assert found.kinds == (("conflict", 0.25), ("friendship", 0.25), ("rivalry", 0.25), ("romance", 0.25))


def _named(edges: list[tuple[str, str]], alone: tuple[str, ...] = ()) -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(alone)
    graph.add_edges_from(edges)
    return graph


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        (_named([("hub", x) for x in "abcd"]), 1.0),  # one hub: as centralised as it gets
        (_named([(a, b) for a in "abcde" for b in "abcde" if a < b]), 0.0),  # everyone alike
        (_named([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")]), 0.0),  # a ring
        (_named([("a", "b")]), 0.0),  # fewer than three nodes
        (_named([("a", "b")], alone=("c",)), 0.5),  # shortfalls 0, 0 and 1, over (3-1)(3-2) = 2
    ],
)
def test_degree_centralisation(graph: nx.Graph[str], expected: float) -> None:
    assert degree_centralisation(graph) == pytest.approx(expected)


def test_measured_once_per_loaded_work(fixture_work: LoadedWork) -> None:
    assert measures(fixture_work) is measures(fixture_work)  # a reload loads a new work, a new entry
