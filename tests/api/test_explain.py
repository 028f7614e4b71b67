"""explainConnection over GraphQL."""

from __future__ import annotations

from ..conftest import Run

QUERY = """query($a: String!, $b: String!, $asOf: String) {
  explainConnection(a: $a, b: $b, asOf: $asOf, includePlaces: true) {
    from { slug } to { slug }
    path { __typename ... on Path { length } ... on NoPath { reason } }
    relationships { slug } placeLinks { slug }
    sharedNeighbours { slug } sharedGroups { slug } sharedPlaces { slug }
    quotes { slug } events { slug }
  }
}"""


def test_ada_and_cora(gql: Run) -> None:
    assert gql(QUERY, a="ada", b="cora")["explainConnection"] == {
        "from": {"slug": "ada"},
        "to": {"slug": "cora"},
        "path": {"__typename": "Path", "length": 1},
        "relationships": [{"slug": "cora-ada-rivalry"}],
        "placeLinks": [],
        "sharedNeighbours": [{"slug": "ben"}],
        "sharedGroups": [],
        "sharedPlaces": [],
        "quotes": [{"slug": "light-does-not-ask"}],
        "events": [{"slug": "first-night"}],
    }


def test_a_character_and_a_place(gql: Run) -> None:
    found = gql(QUERY, a="ada", b="lighthouse")["explainConnection"]
    assert found["placeLinks"] == [{"slug": "ada-worked-at-lighthouse"}]
    assert found["relationships"] == []
    assert found["events"] == [{"slug": "first-night"}]


def test_spoiler_safe(gql: Run) -> None:
    early = gql(QUERY, a="ben", b="cora", asOf="act-1")["explainConnection"]
    assert early["relationships"] == [] and early["events"] == []
    assert early["path"] == {"__typename": "Path", "length": 2}  # through Ada, whom both know in act 1
