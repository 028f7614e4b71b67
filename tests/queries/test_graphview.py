"""Graph views: which nodes and edges, with what sizes, clocks and legend; neighbourhoods."""

from __future__ import annotations

import pytest

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError, NotFoundError
from graphservice.queries.analytics import Measure
from graphservice.queries.graphview import GraphView, ViewEdge, display_size, graph_view
from graphservice.queries.layout import story_layout
from graphservice.queries.views import EdgeFilter, View
from graphservice.vocabulary import RelationshipKind

WHOLE_STORY_EDGES = [
    "ada-ben-friendship",
    "council-keepers-authority",
    "cora-ada-rivalry",
    "ben-cora-romance",
    "ada-orrin-conflict",
    "ada-member-of-keepers",
    "ben-member-of-keepers",
    "orrin-member-of-council",
]


def _edges(view: GraphView) -> dict[str, ViewEdge]:
    return {e.slug: e for e in view.edges}


def test_whole_story(fixture_work: LoadedWork) -> None:
    view = graph_view(fixture_work)
    assert [n.slug for n in view.nodes] == ["ada", "ben", "cora", "orrin", "hermit", "keepers", "council"]
    assert [e.slug for e in view.edges] == WHOLE_STORY_EDGES
    assert view.periods == ("act-1", "act-2")
    assert (view.work, view.title) == ("carrow-point", "The Keepers of Carrow Point")
    ada = view.nodes[0]
    assert (ada.label, ada.entity, ada.introduced) == ("Ada Venn", "character", 0)
    assert view.nodes[5].entity == "group"


def test_edge_fields(fixture_work: LoadedWork) -> None:
    edges = _edges(graph_view(fixture_work))
    friendship = edges["ada-ben-friendship"]
    assert (friendship.source, friendship.target, friendship.kind) == ("ada", "ben", "friendship")
    assert (friendship.category, friendship.directed, friendship.sentiment) == (
        "relationship",
        False,
        "positive",
    )
    assert (friendship.weight, friendship.revealed, friendship.holds) == (4, 0, (0, 1))
    rivalry = edges["cora-ada-rivalry"]
    assert (rivalry.weight, rivalry.sentiment, rivalry.holds) == (3, "negative", (0,))  # no strength: 3
    assert rivalry.active is False  # it ended in act one, and the story ends in act two
    membership = edges["ada-member-of-keepers"]
    assert (membership.category, membership.directed, membership.sentiment) == ("membership", True, "neutral")
    assert edges["council-keepers-authority"].directed is True


def test_place_links_are_neutral(fixture_work: LoadedWork) -> None:
    view = graph_view(fixture_work, EdgeFilter(include_places=True))
    assert [n.slug for n in view.nodes][-3:] == ["carrow-point", "lighthouse", "village"]
    visit = _edges(view)["ada-visited-village"]
    assert (visit.category, visit.kind, visit.directed) == ("place_link", "visited", True)
    assert (visit.sentiment, visit.weight, visit.revealed, visit.holds) == ("neutral", 3, 1, (1,))


def test_as_of_hides_later_records_and_periods(fixture_work: LoadedWork) -> None:
    view = graph_view(fixture_work, EdgeFilter(View(as_of=0)))
    assert "hermit" not in {n.slug for n in view.nodes}  # met in act two
    edges = _edges(view)
    # The romance and the conflict are revealed in act two.
    assert list(edges) == [
        s for s in WHOLE_STORY_EDGES if s not in {"ben-cora-romance", "ada-orrin-conflict"}
    ]
    assert edges["ada-ben-friendship"].holds == (0,)  # it also holds in act two, a spoiler here
    assert edges["cora-ada-rivalry"].active is True
    assert view.periods == ("act-1",)


def test_during_keeps_what_holds_then(fixture_work: LoadedWork) -> None:
    view = graph_view(fixture_work, EdgeFilter(View(during=1)))
    assert "cora-ada-rivalry" not in _edges(view)  # it holds in act one only
    assert "ben-cora-romance" in _edges(view)


def test_as_of_hides_part_three_in_the_novel(novel: LoadedWork) -> None:
    whole = graph_view(novel)
    assert any(e.revealed == 2 for e in whole.edges)
    early = graph_view(novel, EdgeFilter(View(as_of=1)))
    assert early.edges and all(e.revealed <= 1 for e in early.edges)
    assert all(p <= 1 for e in early.edges for p in e.holds)
    assert len(early.edges) < len(whole.edges)
    assert early.periods == ("part-1", "part-2")


def test_known_only_in_a_later_period(novel: LoadedWork) -> None:
    # Kathy's work as a carer is known from the first page but holds in part three only: as of
    # part one the edge is shown, holding in no period the reader has reached, and not active.
    carer = _edges(graph_view(novel, EdgeFilter(View(as_of=0))))["kathy-h-member-of-carers"]
    assert (carer.revealed, carer.holds, carer.active) == (0, (), False)
    assert _edges(graph_view(novel))["kathy-h-member-of-carers"].holds == (2,)


def test_positions_are_the_layout_s_in_every_view(fixture_work: LoadedWork) -> None:
    whole = story_layout(fixture_work)
    for flt in [EdgeFilter(), EdgeFilter(View(as_of=0)), EdgeFilter(View(during=1), include_places=True)]:
        for node in graph_view(fixture_work, flt).nodes:
            assert (node.x, node.y) == whole[node.slug]


def test_sizes_follow_the_measure(fixture_work: LoadedWork) -> None:
    view = graph_view(fixture_work, size_by=Measure.DEGREE)
    nodes = {n.slug: n for n in view.nodes}
    # Degrees among the 7 nodes: Ada 4 of 6 (the top), Ben 3, the hermit 0.
    assert nodes["ada"].centrality == pytest.approx(4 / 6)
    assert nodes["ada"].size == 10.0
    assert nodes["hermit"].size == 1.0
    assert nodes["ben"].size == 8.79  # 1 + 9 * sqrt(3/4)
    assert view.size_by is Measure.DEGREE
    assert graph_view(fixture_work).size_by is Measure.PAGERANK


@pytest.mark.parametrize(
    ("score", "top", "size"),
    [(0.0, 1.0, 1.0), (1.0, 1.0, 10.0), (0.25, 1.0, 5.5), (0.09, 0.36, 5.5), (0.0, 0.0, 1.0)],
)
def test_display_size(score: float, top: float, size: float) -> None:
    assert display_size(score, top) == size


def test_communities(fixture_work: LoadedWork) -> None:
    nodes = {n.slug: n for n in graph_view(fixture_work).nodes}
    loners = [slug for slug, n in nodes.items() if n.community == nodes["hermit"].community]
    assert loners == ["hermit"]  # related to nobody, so a community of its own
    assert nodes["ada"].community == nodes["ben"].community  # friends and fellow keepers


def test_neighbourhood(fixture_work: LoadedWork) -> None:
    near = graph_view(fixture_work, center="cora", radius=1)
    # Cora's rival Ada and her love Ben, and the edges among the three.
    assert [n.slug for n in near.nodes] == ["ada", "ben", "cora"]
    assert [e.slug for e in near.edges] == ["ada-ben-friendship", "cora-ada-rivalry", "ben-cora-romance"]
    wider = graph_view(fixture_work, center="cora", radius=2)
    # Two steps: the keepers (through Ada and Ben) and Orrin (through Ada); the council is three.
    assert [n.slug for n in wider.nodes] == ["ada", "ben", "cora", "orrin", "keepers"]
    assert "council-keepers-authority" not in _edges(wider)
    assert "ada-member-of-keepers" in _edges(wider)


def test_neighbourhood_keeps_whole_view_sizes(fixture_work: LoadedWork) -> None:
    whole = {n.slug: n for n in graph_view(fixture_work).nodes}
    for node in graph_view(fixture_work, center="cora").nodes:
        assert node == whole[node.slug]


def test_neighbourhood_in_an_early_view(fixture_work: LoadedWork) -> None:
    near = graph_view(fixture_work, EdgeFilter(View(as_of=0)), center="cora")
    assert [n.slug for n in near.nodes] == ["ada", "cora"]  # the romance with Ben is not known yet
    unmet = graph_view(fixture_work, EdgeFilter(View(as_of=0)), center="hermit")
    assert (unmet.nodes, unmet.edges, unmet.kinds) == ((), (), ())


def test_place_as_centre(fixture_work: LoadedWork) -> None:
    with pytest.raises(InvalidArgumentError, match="includePlaces"):
        graph_view(fixture_work, center="lighthouse")
    near = graph_view(fixture_work, EdgeFilter(include_places=True), center="lighthouse")
    assert [n.slug for n in near.nodes] == ["ada", "lighthouse"]
    assert [e.slug for e in near.edges] == ["ada-worked-at-lighthouse"]


@pytest.mark.parametrize("radius", [0, 7, -1])
def test_radius_is_capped(fixture_work: LoadedWork, radius: int) -> None:
    with pytest.raises(InvalidArgumentError, match="radius must be between 1 and 6"):
        graph_view(fixture_work, center="ada", radius=radius)


def test_unknown_centre(fixture_work: LoadedWork) -> None:
    with pytest.raises(NotFoundError, match="did you mean"):
        graph_view(fixture_work, center="cor")


def test_legend(fixture_work: LoadedWork) -> None:
    kinds = graph_view(fixture_work).kinds
    assert [(k.kind, k.count) for k in kinds] == [
        ("membership", 3),
        ("friendship", 1),
        ("authority", 1),
        ("rivalry", 1),
        ("romance", 1),
        ("conflict", 1),
    ]
    friendship = kinds[1]
    assert (friendship.category, friendship.directed) == ("relationship", False)
    assert friendship.meaning == "source and target are friends"


def test_directedness_of_the_whole_view(fixture_work: LoadedWork) -> None:
    assert graph_view(fixture_work).directed is None  # mixed
    friends = EdgeFilter(kinds=frozenset({RelationshipKind.FRIENDSHIP}))
    assert graph_view(fixture_work, friends).directed is False
    authority = EdgeFilter(kinds=frozenset({RelationshipKind.AUTHORITY}))
    assert graph_view(fixture_work, authority).directed is True
