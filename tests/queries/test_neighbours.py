"""Neighbours: depth, direction, kinds, views and places."""

from __future__ import annotations

import pytest

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError, NotFoundError
from graphservice.queries.neighbours import neighbours
from graphservice.queries.views import EdgeFilter, View
from graphservice.vocabulary import RelationshipKind


def _found(work: LoadedWork, of: str, **kwargs: object) -> list[tuple[str, int, list[str]]]:
    return [(n.slug, n.distance, [e.key for e in n.edges]) for n in neighbours(work, of, **kwargs)]  # type: ignore[arg-type]


def test_depth_one_lists_adjacent_nodes_with_their_edges(fixture_work: LoadedWork) -> None:
    assert _found(fixture_work, "ada") == [
        ("ben", 1, ["ada-ben-friendship"]),
        ("cora", 1, ["cora-ada-rivalry"]),
        ("orrin", 1, ["ada-orrin-conflict"]),
        ("keepers", 1, ["ada-member-of-keepers"]),
    ]


def test_depth_two_reports_edges_from_one_step_closer(fixture_work: LoadedWork) -> None:
    found = _found(fixture_work, "ada", depth=2)
    # Both edges reaching the council from distance 1, in data-file order.
    assert found[-1] == ("council", 2, ["council-keepers-authority", "orrin-member-of-council"])


def test_direction_out_and_in(fixture_work: LoadedWork) -> None:
    # The conflict is directed ada -> orrin; symmetric kinds count both ways.
    out = {slug for slug, _, _ in _found(fixture_work, "orrin", direction="out")}
    into = {slug for slug, _, _ in _found(fixture_work, "orrin", direction="in")}
    assert out == {"council"}
    assert into == {"ada"}


def test_kinds_restrict_the_walk(fixture_work: LoadedWork) -> None:
    flt = EdgeFilter(kinds=frozenset({RelationshipKind.FRIENDSHIP}))
    assert _found(fixture_work, "ada", depth=3, flt=flt) == [("ben", 1, ["ada-ben-friendship"])]


def test_view_hides_later_relationships(fixture_work: LoadedWork) -> None:
    flt = EdgeFilter(View(as_of=0))
    assert "orrin" not in {slug for slug, _, _ in _found(fixture_work, "ada", flt=flt)}


def test_places_only_when_asked(fixture_work: LoadedWork) -> None:
    assert "lighthouse" not in {s for s, _, _ in _found(fixture_work, "ada")}
    found = _found(fixture_work, "ada", flt=EdgeFilter(include_places=True))
    assert ("lighthouse", 1, ["ada-worked-at-lighthouse"]) in found


def test_isolated_character_has_no_neighbours(fixture_work: LoadedWork) -> None:
    assert neighbours(fixture_work, "hermit") == []


@pytest.mark.parametrize("depth", [0, -1, 7])
def test_depth_out_of_range(fixture_work: LoadedWork, depth: int) -> None:
    with pytest.raises(InvalidArgumentError, match="depth must be between 1 and 6"):
        neighbours(fixture_work, "ada", depth=depth)


def test_unknown_node(fixture_work: LoadedWork) -> None:
    with pytest.raises(NotFoundError, match=r"'adda' not found.*did you mean 'ada'"):
        neighbours(fixture_work, "adda")
