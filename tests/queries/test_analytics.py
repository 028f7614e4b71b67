"""Centralities, communities, kind statistics and character summaries."""

from __future__ import annotations

import networkx as nx
import pytest

from graphservice.catalog import LoadedWork
from graphservice.queries.analytics import (
    COMMUNITY_SEED,
    Measure,
    analytics,
    character_summary,
    estimate_closeness,
    find_communities,
    precompute,
    ranking,
    score_nodes,
)
from graphservice.queries.views import EdgeFilter, View, projection
from graphservice.vocabulary import RelationshipKind


def test_degree_centrality_by_hand(fixture_work: LoadedWork) -> None:
    # Whole story, places left out: 5 characters + 2 groups = 7 nodes. Ada is related to Ben,
    # Cora, Orrin and the keepers: 4 of the 6 others.
    found = analytics(fixture_work)
    assert len(found.nodes) == 7
    assert found.centrality[Measure.DEGREE]["ada"] == pytest.approx(4 / 6)
    assert found.centrality[Measure.DEGREE]["hermit"] == 0.0
    top = ranking(fixture_work, found, Measure.DEGREE, frozenset({"character"}))
    assert [s.slug for s in top[:1]] == ["ada"]
    assert top[-1].slug == "hermit"


def test_ties_share_a_rank(fixture_work: LoadedWork) -> None:
    found = analytics(fixture_work)
    ranked = ranking(fixture_work, found, Measure.DEGREE)
    by_slug = {s.slug: s for s in ranked}
    # Ben (Ada, Cora, keepers) and the keepers (Ada, Ben, council) both have degree 3.
    assert by_slug["ben"].score == by_slug["keepers"].score
    assert by_slug["ben"].rank == by_slug["keepers"].rank
    ranks = [s.rank for s in ranked]
    assert ranks == sorted(ranks)


def test_every_measure_matches_networkx(fixture_work: LoadedWork) -> None:
    flt = EdgeFilter(View(as_of=1))
    graph = projection(fixture_work, flt, False).graph
    found = analytics(fixture_work, flt)
    assert found.centrality[Measure.BETWEENNESS] == pytest.approx(nx.betweenness_centrality(graph))
    assert found.centrality[Measure.CLOSENESS] == pytest.approx(nx.closeness_centrality(graph))
    assert found.centrality[Measure.PAGERANK] == pytest.approx(nx.pagerank(graph))
    assert sum(found.centrality[Measure.PAGERANK].values()) == pytest.approx(1.0)


@pytest.mark.parametrize("name", ["fixture_work", "novel"])
def test_a_small_work_gets_networkx_exact_scores(name: str, request: pytest.FixtureRequest) -> None:
    work: LoadedWork = request.getfixturevalue(name)
    graph = projection(work, EdgeFilter(), False).graph
    assert analytics(work).centrality == {
        Measure.DEGREE: nx.degree_centrality(graph),
        Measure.BETWEENNESS: nx.betweenness_centrality(graph),
        Measure.CLOSENESS: nx.closeness_centrality(graph),
        Measure.PAGERANK: nx.pagerank(graph),
        Measure.EIGENVECTOR: nx.eigenvector_centrality(graph, max_iter=1000),
    }


def test_a_graph_without_edges_scores_zero() -> None:
    graph: nx.Graph[str] = nx.empty_graph(["a", "b"])
    assert {m: score_nodes(graph, m) for m in Measure} == {m: {"a": 0.0, "b": 0.0} for m in Measure}


def test_communities_list_the_largest_first_in_the_given_order() -> None:
    graph: nx.Graph[str] = nx.Graph([("b", "a"), ("a", "c"), ("b", "c"), ("d", "e")])
    graph.add_node("f")
    assert find_communities(graph, ["f", "e", "d", "c", "b", "a"]) == [("c", "b", "a"), ("e", "d"), ("f",)]


def test_communities_partition_the_nodes_and_are_stable(fixture_work: LoadedWork) -> None:
    found = analytics(fixture_work)
    members = [n for c in found.communities for n in c]
    assert sorted(members) == sorted(found.nodes)
    assert [len(c) for c in found.communities] == sorted((len(c) for c in found.communities), reverse=True)
    assert ("hermit",) in found.communities  # an isolated node is a community of its own
    analytics.cache_clear(fixture_work)
    assert analytics(fixture_work).communities == found.communities  # fixed seed


def test_results_are_cached_per_filter(fixture_work: LoadedWork) -> None:
    assert analytics(fixture_work, EdgeFilter(View(as_of=0))) is analytics(
        fixture_work, EdgeFilter(View(as_of=0))
    )
    assert analytics(fixture_work, EdgeFilter(View(as_of=0))) is not analytics(fixture_work)


def test_precompute_fills_the_cache_for_every_period(fixture_work: LoadedWork) -> None:
    analytics.cache_clear(fixture_work)
    precompute(fixture_work)
    assert analytics.cache_info(fixture_work).currsize == 1 + 2 * len(fixture_work.periods)
    hits = analytics.cache_info(fixture_work).hits
    analytics(fixture_work, EdgeFilter(View(during=1)))
    assert analytics.cache_info(fixture_work).hits == hits + 1


def test_kind_statistics(fixture_work: LoadedWork) -> None:
    stats = {k.kind: k for k in analytics(fixture_work).kinds}
    assert stats["membership"].count == 3  # Ada and Ben keep the light; Orrin sits on the council
    friendship = stats["friendship"]
    assert (friendship.count, friendship.active, friendship.directed) == (1, 1, False)
    assert friendship.mean_strength == 4.0
    assert stats["rivalry"].active == 0  # the rivalry holds in act 1 only; the story ends in act 2
    assert stats["rivalry"].sentiments == (("negative", 1),)
    early = {k.kind for k in analytics(fixture_work, EdgeFilter(View(as_of=0))).kinds}
    assert "romance" not in early and "conflict" not in early


def test_kind_filter_narrows_the_graph(fixture_work: LoadedWork) -> None:
    flt = EdgeFilter(kinds=frozenset({RelationshipKind.FRIENDSHIP}))
    found = analytics(fixture_work, flt)
    assert [k.kind for k in found.kinds] == ["friendship"]
    assert found.pairs == 1


def test_character_summary(fixture_work: LoadedWork) -> None:
    ada = character_summary(fixture_work, "ada")
    assert ada.degree == 4
    assert dict(ada.degree_by_kind) == {"friendship": 1, "rivalry": 1, "conflict": 1, "membership": 1}
    assert (ada.first_period, ada.last_period) == (0, 1)
    assert (ada.quotes_spoken, ada.quotes_involving, ada.events) == (1, 1, 2)


def test_summary_never_reaches_past_as_of(fixture_work: LoadedWork) -> None:
    ada = character_summary(fixture_work, "ada", EdgeFilter(View(as_of=0)))
    assert ada.last_period == 0  # her friendship holds into act 2, but the reader is not there yet
    assert ada.events == 1
    unmet = character_summary(fixture_work, "hermit", EdgeFilter(View(as_of=0)))  # met in act 2
    assert (unmet.degree, unmet.first_period, unmet.last_period) == (0, None, None)


def test_a_large_work_is_not_precomputed_and_betweenness_is_sampled(
    fixture_work: LoadedWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphservice.queries import analytics as module

    monkeypatch.setattr(module, "LARGE_WORK_EDGES", 5)
    monkeypatch.setattr(module, "BETWEENNESS_SAMPLES", 3)
    analytics.cache_clear(fixture_work)
    try:
        assert module.is_large(fixture_work)
        precompute(fixture_work)
        assert analytics.cache_info(fixture_work).currsize == 0
        graph = projection(fixture_work, EdgeFilter(), False).graph
        sampled = nx.betweenness_centrality(graph, k=3, seed=module.COMMUNITY_SEED)
        assert analytics(fixture_work).centrality[Measure.BETWEENNESS] == pytest.approx(sampled)
    finally:
        analytics.cache_clear(fixture_work)


def _random_graph(nodes: int, edges: int) -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.relabel_nodes(nx.gnm_random_graph(nodes, edges, seed=5), lambda n: f"n{n}")
    return graph


def test_closeness_estimate_is_close_to_exact() -> None:
    graph = _random_graph(1000, 5000)
    exact = nx.closeness_centrality(graph)
    estimate = estimate_closeness(graph, 100)
    assert estimate == pytest.approx(exact, rel=0.1)
    assert estimate != exact
    assert estimate_closeness(graph, 100) == estimate  # the same sample every time


def test_closeness_sources_are_scored_exactly() -> None:
    import random

    graph = _random_graph(300, 900)
    exact = nx.closeness_centrality(graph)
    estimate = estimate_closeness(graph, 20)
    [part] = [c for c in nx.connected_components(graph) if len(c) > 20]  # one part is sampled
    position = {n: i for i, n in enumerate(graph)}
    drawn = random.Random(COMMUNITY_SEED).sample(sorted(part, key=position.__getitem__), 20)  # noqa: S311
    assert {n: estimate[n] for n in drawn} == {n: exact[n] for n in drawn}
    assert sum(estimate[n] == exact[n] for n in graph) < len(graph) / 2


def test_closeness_estimate_keeps_scaling_by_the_part_reached() -> None:
    # Two complete graphs: every distance is 1, so the estimate is exact; each node reaches a
    # part of the graph only, and networkx scales its closeness down by that share.
    graph = nx.relabel_nodes(nx.disjoint_union(nx.complete_graph(30), nx.complete_graph(10)), str)
    graph.add_node("alone")
    estimate = estimate_closeness(graph, 4)
    assert estimate == pytest.approx(nx.closeness_centrality(graph), rel=1e-12)
    assert estimate["0"] == pytest.approx(29 / 40) and estimate["35"] == pytest.approx(9 / 40)
    assert estimate["alone"] == 0.0


def test_a_large_work_estimates_closeness_the_same_way_every_time(
    fixture_work: LoadedWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphservice.queries import analytics as module

    monkeypatch.setattr(module, "LARGE_WORK_EDGES", 5)
    monkeypatch.setattr(module, "CLOSENESS_SAMPLES", 2)
    analytics.cache_clear(fixture_work)
    try:
        graph = projection(fixture_work, EdgeFilter(), False).graph
        found = analytics(fixture_work).centrality[Measure.CLOSENESS]
        assert found == estimate_closeness(graph, 2)
        assert found != nx.closeness_centrality(graph)
        analytics.cache_clear(fixture_work)
        assert analytics(fixture_work).centrality[Measure.CLOSENESS] == found
    finally:
        analytics.cache_clear(fixture_work)
