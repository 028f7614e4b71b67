"""Shortest path and k shortest simple paths."""

from __future__ import annotations

import time

import pytest

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError, QueryTimeoutError
from graphservice.loader import parse_dataset
from graphservice.queries.paths import NoPath, NoPathReason, Path, edge_cost, shortest_path, shortest_paths
from graphservice.queries.views import EdgeFilter, View
from graphservice.vocabulary import RelationshipKind


def test_shortest_path_steps_carry_their_edges(fixture_work: LoadedWork) -> None:
    path = shortest_path(fixture_work, "cora", "orrin")
    assert isinstance(path, Path)
    assert path.nodes == ("cora", "ada", "orrin")
    assert [[e.key for e in s.edges] for s in path.steps] == [["cora-ada-rivalry"], ["ada-orrin-conflict"]]


def test_directed_path_respects_direction(fixture_work: LoadedWork) -> None:
    backward = shortest_path(fixture_work, "orrin", "ada", directed=True)
    # Connected undirected, but no walk follows every directed edge from Orrin to Ada.
    assert isinstance(backward, NoPath) and backward.reason is NoPathReason.FILTERED_OUT
    forward = shortest_path(fixture_work, "ada", "orrin", directed=True)
    assert isinstance(forward, Path) and forward.nodes == ("ada", "orrin")


def test_view_and_kinds_change_the_path(fixture_work: LoadedWork) -> None:
    early = shortest_path(fixture_work, "cora", "orrin", flt=EdgeFilter(View(as_of=0)))
    assert isinstance(early, Path) and early.nodes == ("cora", "ada", "keepers", "council", "orrin")
    friends_only = EdgeFilter(kinds=frozenset({RelationshipKind.FRIENDSHIP}))
    cut = shortest_path(fixture_work, "cora", "orrin", flt=friends_only)
    # Cora and Orrin are connected in the full view; only the kinds cut them apart.
    assert isinstance(cut, NoPath) and cut.reason is NoPathReason.FILTERED_OUT


def test_no_path_to_an_isolated_character(fixture_work: LoadedWork) -> None:
    found = shortest_path(fixture_work, "ada", "hermit")
    assert isinstance(found, NoPath) and found.reason is NoPathReason.DISCONNECTED


def test_k_shortest_paths_are_ordered_and_capped(fixture_work: LoadedWork) -> None:
    found = shortest_paths(fixture_work, "cora", "orrin", max_length=3, limit=10)
    assert [p.nodes for p in found] == [("cora", "ada", "orrin"), ("cora", "ben", "ada", "orrin")]
    assert len(shortest_paths(fixture_work, "cora", "orrin", max_length=8, limit=1)) == 1


@pytest.mark.parametrize(
    ("max_length", "limit", "message"),
    [(0, 5, "maxLength"), (9, 5, "maxLength"), (4, 0, "limit"), (4, 51, "limit")],
)
def test_path_caps(fixture_work: LoadedWork, max_length: int, limit: int, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        shortest_paths(fixture_work, "cora", "orrin", max_length=max_length, limit=limit)


def test_excluded_nodes_are_avoided(fixture_work: LoadedWork) -> None:
    around = shortest_path(fixture_work, "cora", "orrin", flt=EdgeFilter(exclude=frozenset({"ada"})))
    assert isinstance(around, Path)
    assert around.nodes == ("cora", "ben", "keepers", "council", "orrin")
    found = shortest_paths(
        fixture_work, "cora", "orrin", max_length=8, limit=50, flt=EdgeFilter(exclude=frozenset({"ada"}))
    )
    assert found and all("ada" not in p.nodes for p in found)


def test_an_excluded_end_says_so(fixture_work: LoadedWork) -> None:
    found = shortest_path(fixture_work, "ada", "ben", flt=EdgeFilter(exclude=frozenset({"ben"})))
    assert isinstance(found, NoPath) and found.reason is NoPathReason.EXCLUDED


@pytest.mark.parametrize(
    ("start", "end", "flt", "reason"),
    [
        ("hermit", "ada", EdgeFilter(View(as_of=0)), NoPathReason.NOT_YET_MET),
        ("ada", "lighthouse", EdgeFilter(), NoPathReason.PLACE_NOT_INCLUDED),
        # During act 2 Cora reaches the council through Ben and the keepers, but rivalry alone no longer
        # joins her to anyone: the rivalry holds in act 1 only.
        (
            "cora",
            "council",
            EdgeFilter(View(during=1), frozenset({RelationshipKind.RIVALRY})),
            NoPathReason.FILTERED_OUT,
        ),
        ("ada", "hermit", EdgeFilter(include_places=True), NoPathReason.DISCONNECTED),
    ],
)
def test_every_no_path_reason(
    fixture_work: LoadedWork, start: str, end: str, flt: EdgeFilter, reason: NoPathReason
) -> None:
    found = shortest_path(fixture_work, start, end, flt=flt)
    assert isinstance(found, NoPath)
    assert found.reason is reason
    assert found.message


TRIANGLE = """
format_version: 1
work:
  slug: triangle
  title: Triangle
  author: Test Fixture
  description: Three people, one weak tie and two strong ones.
  source: {title: Triangle source, description: Written for the tests.}
  periods: [{slug: one, name: One, description: The only period.}]
characters:
  - {slug: a, name: A, description: One., introduced: one}
  - {slug: b, name: B, description: Two., introduced: one}
  - {slug: c, name: C, description: Three., introduced: one}
relationships:
  - {slug: a-b, source: a, target: b, kind: friendship, sentiment: positive, revealed: one, holds: [one],
     strength: 1, evidence: [{text: A barely knows B, locator: One}]}
  - {slug: a-c, source: a, target: c, kind: friendship, sentiment: positive, revealed: one, holds: [one],
     strength: 5, evidence: [{text: A and C are inseparable, locator: One}]}
  - {slug: c-b, source: c, target: b, kind: romance, sentiment: positive, revealed: one, holds: [one],
     evidence: [{text: C loves B, locator: One}]}
"""


@pytest.fixture(scope="module")
def triangle() -> LoadedWork:
    return LoadedWork(parse_dataset(TRIANGLE, "triangle.yaml"), "triangle.yaml")


def test_weighted_paths_prefer_strong_bonds(triangle: LoadedWork) -> None:
    plain = shortest_path(triangle, "a", "b")
    weighted = shortest_path(triangle, "a", "b", weighted=True)
    assert isinstance(plain, Path) and isinstance(weighted, Path)
    assert (plain.nodes, plain.cost) == (("a", "b"), 1.0)
    # a-b costs 6 - 1 = 5; a-c costs 6 - 5 = 1 and c-b, with no strength, the neutral 6 - 3 = 3.
    assert (weighted.nodes, weighted.cost) == (("a", "c", "b"), 4.0)
    assert [edge_cost(s.edges[0]) for s in weighted.steps] == [1.0, 3.0]


def test_weighted_k_paths_come_cheapest_first(triangle: LoadedWork, fixture_work: LoadedWork) -> None:
    found = shortest_paths(triangle, "a", "b", weighted=True)
    assert [(p.nodes, p.cost) for p in found] == [(("a", "c", "b"), 4.0), (("a", "b"), 5.0)]
    assert [p.nodes for p in shortest_paths(triangle, "a", "b", max_length=1, weighted=True)] == [("a", "b")]
    many = shortest_paths(fixture_work, "cora", "orrin", max_length=4, limit=10, weighted=True)
    assert [p.cost for p in many] == sorted(p.cost for p in many)
    assert all(len(p.steps) <= 4 for p in many)


def test_a_connection_only_outside_the_view_is_hidden_by_view(novel: LoadedWork) -> None:
    # Ruth's possible is seen only in part three: during part one nothing joins her to Kathy,
    # though the whole story does.
    found = shortest_path(novel, "ruths-possible", "kathy-h", flt=EdgeFilter(View(during=0)))
    assert isinstance(found, NoPath) and found.reason is NoPathReason.HIDDEN_BY_VIEW
    assert isinstance(shortest_path(novel, "ruths-possible", "kathy-h"), Path)


def test_path_enumeration_stops_at_the_request_deadline(fixture_work: LoadedWork) -> None:
    with pytest.raises(QueryTimeoutError, match="1 s time budget"):
        shortest_paths(
            fixture_work, "cora", "orrin", max_length=8, limit=50, deadline=time.monotonic(), budget=1.0
        )
    far = time.monotonic() + 60
    found = shortest_paths(fixture_work, "cora", "orrin", max_length=8, limit=50, deadline=far)
    assert found == shortest_paths(fixture_work, "cora", "orrin", max_length=8, limit=50)
