"""Analytics and character summaries over GraphQL."""

from __future__ import annotations

import pytest

from ..conftest import Run, RunErrors


def test_centrality_ranking(gql: Run) -> None:
    data = gql(
        """{ analytics { nodeCount pairCount
            centrality(measure: DEGREE, entities: [CHARACTER], limit: 2) { rank score node { slug } } } }"""
    )["analytics"]
    # Ada-Ben, Ada-Cora, Ada-Orrin, Ben-Cora and the memberships and authority among the groups.
    assert data["nodeCount"] == 7 and data["pairCount"] == 8
    assert data["centrality"] == [
        {"rank": 1, "score": pytest.approx(4 / 6), "node": {"slug": "ada"}},
        {"rank": 2, "score": pytest.approx(3 / 6), "node": {"slug": "ben"}},  # Ada, Cora, the keepers
    ]


def test_communities_and_kinds(gql: Run) -> None:
    data = gql(
        """{ analytics(asOf: "act-1") { communities { index size members { slug } }
            kinds { kind directed count active sentiments { sentiment count } meanStrength } } }"""
    )["analytics"]
    members = [m["slug"] for c in data["communities"] for m in c["members"]]
    assert sorted(members) == ["ada", "ben", "cora", "council", "keepers", "orrin"]  # no hermit yet
    assert [c["index"] for c in data["communities"]] == list(range(len(data["communities"])))
    kinds = {k["kind"]: k for k in data["kinds"]}
    assert set(kinds) == {"FRIENDSHIP", "AUTHORITY", "RIVALRY", "MEMBERSHIP"}
    assert kinds["FRIENDSHIP"] == {
        "kind": "FRIENDSHIP",
        "directed": False,
        "count": 1,
        "active": 1,
        "sentiments": [{"sentiment": "POSITIVE", "count": 1}],
        "meanStrength": 4.0,
    }


def test_character_summary(gql: Run) -> None:
    summary = gql(
        """{ character(slug: "ada") { summary(asOf: "act-1") { degree degreeByKind { kind count }
            firstSeen { slug } lastSeen { slug } quotesSpoken quotesInvolving events community
            centrality { measure rank } } } }"""
    )["character"]["summary"]
    assert summary["degree"] == 3  # friendship, rivalry, membership; the conflict comes in act 2
    assert {k["kind"] for k in summary["degreeByKind"]} == {"FRIENDSHIP", "RIVALRY", "MEMBERSHIP"}
    assert (summary["firstSeen"], summary["lastSeen"]) == ({"slug": "act-1"}, {"slug": "act-1"})
    assert (summary["quotesSpoken"], summary["quotesInvolving"], summary["events"]) == (1, 1, 1)
    assert summary["community"] is not None
    assert {c["measure"] for c in summary["centrality"]} == {
        "DEGREE",
        "BETWEENNESS",
        "CLOSENESS",
        "PAGERANK",
        "EIGENVECTOR",
    }
    assert all(c["rank"] == 1 for c in summary["centrality"])  # Ada is the hub of act 1


def test_limit_is_capped(gql_errors: RunErrors) -> None:
    (error,) = gql_errors("{ analytics { centrality(limit: 1000) { rank } } }")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
