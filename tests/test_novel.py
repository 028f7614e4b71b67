"""The real dataset: who is in it, the story's clocks, the recorded dispute, and core queries."""

from __future__ import annotations

from graphservice.catalog import LoadedWork
from graphservice.queries.paths import Path, shortest_path
from graphservice.queries.quotes import QuoteQuery, find_quotes, undisputed_speaker
from graphservice.queries.relationships import edges_of
from graphservice.queries.views import EdgeFilter, make_view
from graphservice.vocabulary import RelationshipKind

from .conftest import Run, nodes

NAMED = [
    "kathy-h",
    "tommy-d",
    "ruth-c",
    "miss-lucy",
    "miss-emily",
    "madame",
    "rod",
    "chrissie",
    "judy-bridgewater",
]


def _couples(work: LoadedWork, **view: str) -> set[frozenset[str]]:
    flt = EdgeFilter(make_view(work, **view), frozenset({RelationshipKind.ROMANCE}))
    return {frozenset((e.source, e.target)) for e in edges_of(work, flt)}


def test_every_named_character_is_present(novel: LoadedWork) -> None:
    assert set(NAMED) <= set(novel.characters)
    assert [p.slug for p in novel.data.work.periods] == ["part-1", "part-2", "part-3"]


def test_couples_by_period(novel: LoadedWork) -> None:
    ruth_tommy = frozenset({"ruth-c", "tommy-d"})
    kathy_tommy = frozenset({"kathy-h", "tommy-d"})
    early = _couples(novel, as_of="part-1")
    assert ruth_tommy in early and kathy_tommy not in early
    assert kathy_tommy in _couples(novel, during="part-3")
    assert ruth_tommy not in _couples(novel, during="part-3")


def test_kathys_early_feelings_are_attraction_not_romance(novel: LoadedWork) -> None:
    flt = EdgeFilter(make_view(novel, during="part-1"), frozenset({RelationshipKind.ATTRACTION}))
    assert ("kathy-h", "tommy-d") in {(e.source, e.target) for e in edges_of(novel, flt)}


def test_the_river_metaphor_is_disputed_between_kathy_and_tommy(novel: LoadedWork) -> None:
    (river,) = find_quotes(novel, QuoteQuery(contains="this river somewhere"))
    assert undisputed_speaker(river) is None
    assert {a.speaker for a in river.attributions} == {"kathy-h", "tommy-d"}
    assert all(a.evidence for a in river.attributions)


def test_part_three_confessions_are_hidden_as_of_part_one(novel: LoadedWork) -> None:
    confession = "I kept you and Tommy apart"
    assert find_quotes(novel, QuoteQuery(contains=confession))
    assert find_quotes(novel, QuoteQuery(contains=confession, view=make_view(novel, as_of="part-1"))) == []


def test_rod_reaches_madame_with_evidence_on_every_step(novel: LoadedWork) -> None:
    path = shortest_path(novel, "rod", "madame")
    assert isinstance(path, Path) and path.nodes[0] == "rod" and path.nodes[-1] == "madame"
    assert all(edge.record.evidence for step in path.steps for edge in step.edges)


def test_every_quote_is_attributed_and_placed(novel: LoadedWork) -> None:
    for quote in novel.quotes.values():
        assert quote.attributions and quote.locators, quote.slug


def test_core_queries_on_the_novel(novel_gql: Run) -> None:
    data = novel_gql(
        """{
          madame: character(name: "Marie-Claude") { slug }
          neighbours(of: "tommy-d", kinds: [ROMANCE]) {
            edges { node { node { ... on Character { slug } } } } }
          shortestPath(from: "chrissie", to: "ruth-c") {
            __typename ... on Path { length steps { relationship { evidence { text } } } } }
          paths(from: "kathy-h", to: "ruth-c", maxLength: 2, limit: 3) { length }
          quotes(speaker: "miss-lucy") { totalCount }
        }"""
    )
    assert data["madame"] == {"slug": "madame"}
    assert {n["node"]["slug"] for n in nodes(data["neighbours"])} == {"ruth-c", "kathy-h"}
    assert data["shortestPath"]["__typename"] == "Path"
    assert all(s["relationship"]["evidence"] for s in data["shortestPath"]["steps"])
    assert data["paths"][0] == {"length": 1}
    assert data["quotes"]["totalCount"] >= 2


def test_spoiler_safe_reading_of_kathy(novel_gql: Run) -> None:
    data = novel_gql(
        """{ early: character(name: "Kathy", asOf: "part-1") { relationships(kinds: [ROMANCE]) {
              edges { node { slug } } } }
            late: character(name: "Kathy", asOf: "part-3") {
              relationships(kinds: [ROMANCE]) {
                edges { node { source { slug } target { slug } active } } } } }"""
    )
    assert nodes(data["early"]["relationships"]) == []
    assert {"source": {"slug": "kathy-h"}, "target": {"slug": "tommy-d"}, "active": True} in nodes(
        data["late"]["relationships"]
    )


def test_search_examples(novel_gql: Run) -> None:
    data = novel_gql(
        """{ madame: search(text: "Marie-Claude", limit: 1) { field node { ... on Character { slug } } }
            tommy: search(text: "tomy", limit: 1) { field node { ... on Character { slug } } }
            river: search(text: "this river", limit: 1) { field node { ... on Quote { slug disputed } } } }"""
    )
    assert data["madame"] == [{"field": "ALIAS", "node": {"slug": "madame"}}]
    assert data["tommy"] == [{"field": "ALIAS", "node": {"slug": "tommy-d"}}]
    assert data["river"][0]["node"]["disputed"] is True
