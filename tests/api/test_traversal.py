"""Paths over GraphQL: evidence and quotes per step, exclusions, weights, and NoPath reasons."""

from __future__ import annotations

from typing import Any

from strawberry.relay import GlobalID

from ..conftest import Run, RunErrors

PATH = """query($from: String!, $to: String!, $x: [String!], $w: Boolean! = false, $p: Boolean! = false) {
  shortestPath(from: $from, to: $to, exclude: $x, weighted: $w, includePlaces: $p) {
    __typename
    ... on Path { cost nodes { slug } steps { evidence { text } quotes { slug } } }
    ... on NoPath { reason message }
  }
}"""


def test_steps_carry_evidence_and_linked_quotes(gql: Run) -> None:
    path = gql(PATH, **{"from": "cora", "to": "orrin"})["shortestPath"]
    assert path["__typename"] == "Path"
    assert path["steps"] == [
        {
            "evidence": [{"text": "Cora Lind, the new assistant, resents Ada"}],
            "quotes": [{"slug": "light-does-not-ask"}],  # linked to the rivalry in the data file
        },
        {"evidence": [{"text": "Orrin refuses to listen"}], "quotes": []},
    ]


def test_linked_quotes_respect_the_view(gql: Run) -> None:
    data = gql(
        """{ relationship: relationships(kinds: [RIVALRY], asOf: "act-1") {
            edges { node { quotes { slug } } } } }"""
    )
    assert data["relationship"]["edges"] == [{"node": {"quotes": [{"slug": "light-does-not-ask"}]}}]


def test_exclude_by_slug_or_global_id(gql: Run) -> None:
    for ada in ["ada", str(GlobalID("Character", "carrow-point/ada"))]:
        path = gql(PATH, **{"from": "cora", "to": "orrin", "x": [ada]})["shortestPath"]
        assert [n["slug"] for n in path["nodes"]] == ["cora", "ben", "keepers", "council", "orrin"]


def test_excluding_an_unknown_node_is_not_found(gql_errors: RunErrors) -> None:
    (error,) = gql_errors(PATH, **{"from": "cora", "to": "orrin", "x": ["adda"]})
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "ada" in error["message"]


def test_no_path_reasons_as_data(gql: Run) -> None:
    def answer(**v: object) -> dict[str, Any]:
        result: dict[str, Any] = gql(PATH, **v)["shortestPath"]
        return result

    assert answer(**{"from": "ada", "to": "hermit"})["reason"] == "DISCONNECTED"
    assert answer(**{"from": "ada", "to": "ben", "x": ["ben"]})["reason"] == "EXCLUDED"
    assert answer(**{"from": "ada", "to": "lighthouse"})["reason"] == "PLACE_NOT_INCLUDED"
    reached = answer(**{"from": "ben", "to": "lighthouse", "p": True})
    assert reached["__typename"] == "Path"
    assert [n["slug"] for n in reached["nodes"]] == ["ben", "ada", "lighthouse"]


def test_weighted_cost(gql: Run) -> None:
    plain = gql(PATH, **{"from": "ben", "to": "orrin"})["shortestPath"]
    weighted = gql(PATH, **{"from": "ben", "to": "orrin", "w": True})["shortestPath"]
    assert plain["cost"] == 2.0
    assert weighted["cost"] == 5.0  # friendship of strength 4 costs 2, the conflict (no strength) 3
    assert weighted["nodes"] == plain["nodes"]


def test_paths_take_the_same_options(gql: Run) -> None:
    data = gql(
        """{ paths(from: "cora", to: "orrin", maxLength: 6, limit: 10, exclude: ["ada"], weighted: true) {
            cost nodes { slug } } }"""
    )
    assert data["paths"] and all("ada" not in [n["slug"] for n in p["nodes"]] for p in data["paths"])
    costs = [p["cost"] for p in data["paths"]]
    assert costs == sorted(costs)
