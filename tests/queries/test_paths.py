"""Shortest path and k shortest simple paths."""

from __future__ import annotations

import pytest

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError
from graphservice.queries.paths import NoPath, NoPathReason, Path, shortest_path, shortest_paths
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
