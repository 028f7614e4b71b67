"""Provenance in the domain: a record's confidence (1.0 when curated) and the `min_confidence`
edge filter, which every query that walks or lists edges obeys."""

from __future__ import annotations

import math

import pytest

from graphservice.catalog import LoadedWork, load_catalog
from graphservice.errors import InvalidArgumentError
from graphservice.queries.analytics import analytics
from graphservice.queries.graphview import graph_view
from graphservice.queries.neighbours import neighbours
from graphservice.queries.provenance import CURATED_CONFIDENCE, check_confidence, confidence
from graphservice.queries.relationships import edges_of
from graphservice.queries.views import EdgeFilter

from ..conftest import FIXTURES


@pytest.fixture(scope="module")
def drafted_work() -> LoadedWork:
    return load_catalog([FIXTURES / "drafted.yaml"]).work()


def test_confidence_is_the_drafts_or_one_when_curated(drafted_work: LoadedWork) -> None:
    assert confidence(drafted_work.relationships["mara-ilse-conversation"]) == 0.8
    assert confidence(drafted_work.relationships["mara-tobin-parent"]) == CURATED_CONFIDENCE == 1.0
    assert confidence(drafted_work.place_links["ilse-mill-house"]) == 0.45
    assert confidence(drafted_work.characters["mara"]) == 1.0
    assert [confidence(a) for a in drafted_work.quotes["ice-will-go"].attributions] == [1.0, 0.25]


@pytest.mark.parametrize("value", [-0.01, 1.000001, math.nan, math.inf])
def test_a_confidence_outside_zero_to_one_is_refused(value: float) -> None:
    with pytest.raises(InvalidArgumentError, match="minConfidence must be between 0 and 1"):
        check_confidence(value)
    with pytest.raises(InvalidArgumentError):
        EdgeFilter(min_confidence=value)


@pytest.mark.parametrize("value", [0.0, 0.5, 1.0])
def test_the_bounds_are_confidences(value: float) -> None:
    assert check_confidence(value) == value
    assert EdgeFilter(min_confidence=value).min_confidence == value


def test_the_default_filter_keeps_drafted_edges(drafted_work: LoadedWork) -> None:
    assert EdgeFilter() == EdgeFilter(min_confidence=0.0)
    kept = {e.key for e in edges_of(drafted_work, EdgeFilter(include_places=True))}
    assert {"tobin-ilse-acquaintance", "ilse-mill-house"} <= kept


@pytest.mark.parametrize(
    ("least", "dropped"),
    [
        (0.3, set()),
        (0.31, {"tobin-ilse-acquaintance"}),
        (0.5, {"tobin-ilse-acquaintance", "ilse-mill-house"}),
        # The drafted membership (0.9) goes too: memberships carry their draft to their edges.
        (
            1.0,
            {
                "tobin-ilse-acquaintance",
                "ilse-mill-house",
                "mara-ilse-conversation",
                "tobin-member-of-ferry-hands",
            },
        ),
    ],
)
def test_min_confidence_drops_less_certain_edges(
    drafted_work: LoadedWork, least: float, dropped: set[str]
) -> None:
    every = {e.key for e in edges_of(drafted_work, EdgeFilter(include_places=True))}
    kept = {e.key for e in edges_of(drafted_work, EdgeFilter(include_places=True, min_confidence=least))}
    assert every - kept == dropped


def test_neighbours_walk_only_confident_edges(drafted_work: LoadedWork) -> None:
    near = neighbours(drafted_work, "ilse", flt=EdgeFilter(min_confidence=0.5))
    assert [(n.slug, n.distance) for n in near] == [("mara", 1)]


def test_graph_view_edges_carry_confidence(drafted_work: LoadedWork) -> None:
    view = graph_view(drafted_work, EdgeFilter(include_places=True))
    found = {e.slug: e.confidence for e in view.edges if e.category != "membership"}
    assert found == {
        "mara-tobin-parent": 1.0,
        "mara-ilse-conversation": 0.8,
        "tobin-ilse-acquaintance": 0.3,
        "mara-landing": 1.0,
        "ilse-mill-house": 0.45,
    }


def test_analytics_count_only_confident_relationships(drafted_work: LoadedWork) -> None:
    counts = {k.kind: k.count for k in analytics(drafted_work, EdgeFilter(min_confidence=0.5)).kinds}
    assert "acquaintance" not in counts
    assert counts["conversation"] == 1 and counts["parent"] == 1
