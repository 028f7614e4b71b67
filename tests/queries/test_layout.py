"""The layout: deterministic, normalised, one picture per work that every view shares."""

from __future__ import annotations

import math
import statistics

import pytest

from graphservice.catalog import LoadedWork
from graphservice.queries.layout import layout, story_layout
from graphservice.queries.views import EdgeFilter, View
from graphservice.vocabulary import RelationshipKind


def test_every_node_of_the_work_has_a_position(fixture_work: LoadedWork) -> None:
    positions = story_layout(fixture_work)
    # 5 characters, 2 groups and 3 places, in the data file's order, isolated ones included.
    assert list(positions) == [
        "ada",
        "ben",
        "cora",
        "orrin",
        "hermit",
        "keepers",
        "council",
        "carrow-point",
        "lighthouse",
        "village",
    ]


@pytest.mark.parametrize("work_name", ["fixture_work", "novel"])
def test_positions_fill_the_unit_box(work_name: str, request: pytest.FixtureRequest) -> None:
    work: LoadedWork = request.getfixturevalue(work_name)
    coordinates = [c for point in story_layout(work).values() for c in point]
    assert all(-1.0 <= c <= 1.0 for c in coordinates)
    assert max(abs(c) for c in coordinates) == 1.0  # the farthest node touches the box
    assert all(round(c, 4) == c for c in coordinates)


def test_same_picture_on_every_call_and_after_the_cache_is_cleared(fixture_work: LoadedWork) -> None:
    first = dict(story_layout(fixture_work))
    assert story_layout(fixture_work) is story_layout(fixture_work)
    story_layout.cache_clear(fixture_work)
    assert dict(story_layout(fixture_work)) == first


def test_no_two_nodes_share_a_spot(novel: LoadedWork) -> None:
    points = list(story_layout(novel).values())
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[:i])
    assert closest > 0.01


def test_isolated_nodes_do_not_squeeze_the_rest(novel: LoadedWork) -> None:
    # The novel's whole-story graph has places linked to nobody. The connected characters must
    # still spread over a good part of the box rather than huddle in its middle.
    positions = story_layout(novel)
    radii = [math.hypot(*positions[slug]) for slug in novel.characters]
    assert statistics.median(radii) > 0.2


def test_related_nodes_sit_closer_than_an_isolated_one(fixture_work: LoadedWork) -> None:
    positions = story_layout(fixture_work)
    # Ada and Ben are friends and fellow keepers; the hermit is related to nobody.
    assert math.dist(positions["ada"], positions["ben"]) < math.dist(positions["ada"], positions["hermit"])


def test_a_view_keeps_the_whole_story_positions(fixture_work: LoadedWork) -> None:
    whole = story_layout(fixture_work)
    early = layout(fixture_work, EdgeFilter(View(as_of=0)))
    # As of act one: no places (not asked for) and no hermit (met in act two).
    assert list(early) == ["ada", "ben", "cora", "orrin", "keepers", "council"]
    assert all(early[slug] == whole[slug] for slug in early)
    friends = layout(fixture_work, EdgeFilter(kinds=frozenset({RelationshipKind.FRIENDSHIP})))
    assert friends["ada"] == whole["ada"]
    with_places = layout(fixture_work, EdgeFilter(include_places=True))
    assert with_places == dict(whole)
