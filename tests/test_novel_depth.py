"""The query API in depth, on the real dataset and through GraphQL: spoiler-safe views, evidence on
every path step, paths that avoid someone, centrality, search, pagination and the timeline."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Run

MAIN = {"kathy-h", "ruth-c", "tommy-d"}
MINOR = {"rod", "chrissie", "judy-bridgewater", "ruths-possible"}


def _edges(connection: dict[str, Any]) -> list[Any]:
    return [e["node"] for e in connection["edges"]]


def _couples(novel_gql: Run, clock: str, period: str) -> set[frozenset[str]]:
    data = novel_gql(
        f'{{ relationships(kinds: [ROMANCE], {clock}: "{period}") '
        "{ edges { node { source { slug } target { slug } } } } }"
    )
    return {frozenset((r["source"]["slug"], r["target"]["slug"])) for r in _edges(data["relationships"])}


def test_as_of_and_during_couples(novel_gql: Run) -> None:
    ruth_tommy, kathy_tommy = frozenset({"ruth-c", "tommy-d"}), frozenset({"kathy-h", "tommy-d"})
    early = _couples(novel_gql, "asOf", "part-1")
    assert ruth_tommy in early and kathy_tommy not in early
    assert kathy_tommy in _couples(novel_gql, "during", "part-3")


def test_part_three_revelations_are_hidden_as_of_part_one(novel_gql: Run) -> None:
    query = "query($p: String) { quotes(asOf: $p) { edges { node { slug revealed { slug } } } } }"
    everything = _edges(novel_gql(query)["quotes"])
    late = {q["slug"] for q in everything if q["revealed"]["slug"] == "part-3"}
    assert {"ruth-kept-you-apart", "we-took-away-your-art"} <= late
    early = {q["slug"] for q in _edges(novel_gql(query, p="part-1")["quotes"])}
    assert early and not early & late
    kathy = novel_gql(
        '{ character(slug: "kathy-h", asOf: "part-1") { quotes { edges { node { revealed { slug } } } } '
        "events { edges { node { holds { slug } } } } } }"
    )["character"]
    assert {q["revealed"]["slug"] for q in _edges(kathy["quotes"])} == {"part-1"}
    assert {p["slug"] for e in _edges(kathy["events"]) for p in e["holds"]} == {"part-1"}


def test_rod_to_madame_has_evidence_on_every_step(novel_gql: Run) -> None:
    path = novel_gql(
        """{ shortestPath(from: "rod", to: "madame") { __typename ... on Path {
            nodes { slug } steps { relationships { slug } evidence { text locator } } } } }"""
    )["shortestPath"]
    assert path["__typename"] == "Path"
    assert path["nodes"][0]["slug"] == "rod" and path["nodes"][-1]["slug"] == "madame"
    assert path["steps"]
    for step in path["steps"]:
        assert step["relationships"], step
        assert step["evidence"] and all(e["text"] and e["locator"] for e in step["evidence"])


def test_a_path_that_must_avoid_ruth(novel_gql: Run) -> None:
    query = """query($x: [String!]) { paths(from: "kathy-h", to: "tommy-d", maxLength: 3, limit: 50,
        kinds: [FRIENDSHIP, RIVALRY, MANIPULATION, SUPPORT, JEALOUSY], exclude: $x) { nodes { slug } } }"""
    every = [[n["slug"] for n in p["nodes"]] for p in novel_gql(query)["paths"]]
    assert any("ruth-c" in p for p in every)  # without the exclusion, some paths run through Ruth
    avoiding = [[n["slug"] for n in p["nodes"]] for p in novel_gql(query, x=["ruth-c"])["paths"]]
    assert avoiding and all("ruth-c" not in p for p in avoiding)
    assert avoiding == [p for p in every if "ruth-c" not in p]


def test_no_path_says_why(novel_gql: Run) -> None:
    query = """query($x: [String!], $p: String) {
        shortestPath(from: "ruths-possible", to: "tommy-d", exclude: $x, asOf: $p) {
        __typename ... on Path { length } ... on NoPath { reason message } } }"""
    # Ruth's possible is tied to the story only through Ruth ...
    assert novel_gql(query, x=["ruth-c"])["shortestPath"] == {
        "__typename": "NoPath",
        "reason": "FILTERED_OUT",
        "message": "connected in this view, but not by the kinds, direction or exclusions asked for",
    }
    # ... and the reader meets her only in part two.
    assert novel_gql(query, p="part-1")["shortestPath"]["reason"] == "NOT_YET_MET"
    assert novel_gql(query)["shortestPath"] == {"__typename": "Path", "length": 2}


@pytest.mark.parametrize("measure", ["DEGREE", "BETWEENNESS", "CLOSENESS", "PAGERANK", "EIGENVECTOR"])
def test_centrality_ranks_the_three_friends_above_minor_characters(novel_gql: Run, measure: str) -> None:
    ranked = novel_gql(
        f"{{ analytics {{ centrality(measure: {measure}, entities: [CHARACTER], limit: 100) "
        "{ rank node { slug } } } }"
    )["analytics"]["centrality"]
    rank = {r["node"]["slug"]: r["rank"] for r in ranked}
    assert max(rank[s] for s in MAIN) < min(rank[s] for s in MINOR)
    assert {r["node"]["slug"] for r in ranked[:3]} == MAIN


def test_search_examples(novel_gql: Run) -> None:
    query = "query($t: String!) { search(text: $t, limit: 1) { field node { ... on Character { slug } } } }"
    assert novel_gql(query, t="Marie-Claude")["search"] == [{"field": "ALIAS", "node": {"slug": "madame"}}]
    assert novel_gql(query, t="tomy")["search"][0]["node"] == {"slug": "tommy-d"}


def test_pagination_walks_all_characters_both_ways(novel_gql: Run) -> None:
    every = [c["slug"] for c in _edges(novel_gql("{ characters { edges { node { slug } } } }")["characters"])]
    forward: list[str] = []
    after = None
    while True:
        page = novel_gql(
            "query($a: String) { characters(first: 3, after: $a) { totalCount "
            "pageInfo { hasNextPage endCursor } edges { node { slug } } } }",
            a=after,
        )["characters"]
        assert page["totalCount"] == len(every)
        forward += [c["slug"] for c in _edges(page)]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    backward: list[str] = []
    before = None
    while True:
        page = novel_gql(
            "query($b: String) { characters(last: 4, before: $b) { "
            "pageInfo { hasPreviousPage startCursor } edges { node { slug } } } }",
            b=before,
        )["characters"]
        backward = [c["slug"] for c in _edges(page)] + backward
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert forward == every and backward == every
    assert len(set(every)) == len(every) == 10


def test_cursors_are_stable_across_requests(novel_gql: Run) -> None:
    query = "{ characters(first: 5) { pageInfo { endCursor } } }"
    cursor = novel_gql(query)["characters"]["pageInfo"]["endCursor"]
    assert novel_gql(query)["characters"]["pageInfo"]["endCursor"] == cursor
    page = novel_gql(
        "query($a: String) { characters(first: 1, after: $a) { edges { node { slug } } } }", a=cursor
    )
    assert _edges(page["characters"]) == [{"slug": "madame"}]  # the sixth character of the data file


def test_timeline_of_key_scenes(novel_gql: Run) -> None:
    query = (
        "query($p: String) { timeline(asOf: $p) { totalCount edges { node { slug holds { position } } } } }"
    )
    scenes = _edges(novel_gql(query)["timeline"])
    slugs = [s["slug"] for s in scenes]
    for scene in ["miss-lucy-outburst", "ruths-confession", "visit-to-madame-and-miss-emily"]:
        assert scene in slugs
    assert slugs.index("miss-lucy-outburst") < slugs.index("ruths-confession")
    assert slugs.index("ruths-confession") < slugs.index("visit-to-madame-and-miss-emily")
    starts = [min(p["position"] for p in s["holds"]) for s in scenes]
    assert starts == sorted(starts)
    early = [s["slug"] for s in _edges(novel_gql(query, p="part-1")["timeline"])]
    assert "miss-lucy-outburst" in early and "ruths-confession" not in early


def test_the_visit_links_participants_place_and_quotes(novel_gql: Run) -> None:
    visit = novel_gql(
        """{ event(slug: "visit-to-madame-and-miss-emily") { participants { slug } place { slug }
            quotes { slug } evidence { text } } }"""
    )["event"]
    assert {"kathy-h", "tommy-d", "madame", "miss-emily"} <= {p["slug"] for p in visit["participants"]}
    assert visit["place"] is not None
    assert "we-took-away-your-art" in {q["slug"] for q in visit["quotes"]}
    assert visit["evidence"]
