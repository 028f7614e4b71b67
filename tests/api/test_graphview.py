"""The `graph` root field: drawable nodes and edges, ids that resolve, and its argument errors."""

from __future__ import annotations

import base64

import pytest

from ..conftest import Run, RunErrors

_GRAPH = """
query ($asOf: String, $center: String, $radius: Int = 1, $sizeBy: CentralityMeasure = PAGERANK,
       $includePlaces: Boolean = false, $kinds: [RelationshipKind!]) {
  graph(asOf: $asOf, center: $center, radius: $radius, sizeBy: $sizeBy,
        includePlaces: $includePlaces, kinds: $kinds) {
    sizeBy
    periods { slug }
    kinds { kind category directed count }
    nodes { entityId slug label kind x y size community centrality }
    edges { recordId slug source target category kind directed sentiment weight active
            revealed { slug } holds { slug } }
  }
}
"""


def _global_id(type_name: str, slug: str) -> str:
    return base64.b64encode(f"{type_name}:carrow-point/{slug}".encode()).decode()


def test_whole_story(gql: Run) -> None:
    graph = gql(_GRAPH)["graph"]
    assert graph["sizeBy"] == "PAGERANK"
    assert [p["slug"] for p in graph["periods"]] == ["act-1", "act-2"]
    assert [n["slug"] for n in graph["nodes"]] == [
        "ada",
        "ben",
        "cora",
        "orrin",
        "hermit",
        "keepers",
        "council",
    ]
    assert len(graph["edges"]) == 8
    ada = graph["nodes"][0]
    assert (ada["entityId"], ada["label"], ada["kind"]) == (
        _global_id("Character", "ada"),
        "Ada Venn",
        "CHARACTER",
    )
    assert graph["nodes"][5]["entityId"] == _global_id("Group", "keepers")
    assert all(-1 <= n["x"] <= 1 and -1 <= n["y"] <= 1 and 1 <= n["size"] <= 10 for n in graph["nodes"])
    assert graph["kinds"][0] == {"kind": "membership", "category": "MEMBERSHIP", "directed": True, "count": 3}


def test_edge_fields(gql: Run) -> None:
    edges = {e["slug"]: e for e in gql(_GRAPH)["graph"]["edges"]}
    assert edges["ada-ben-friendship"] == {
        "recordId": _global_id("Relationship", "ada-ben-friendship"),
        "slug": "ada-ben-friendship",
        "source": "ada",
        "target": "ben",
        "category": "RELATIONSHIP",
        "kind": "friendship",
        "directed": False,
        "sentiment": "POSITIVE",
        "weight": 4,
        "active": True,
        "revealed": {"slug": "act-1"},
        "holds": [{"slug": "act-1"}, {"slug": "act-2"}],
    }
    assert edges["ada-member-of-keepers"]["category"] == "MEMBERSHIP"


def test_ids_resolve_with_node(gql: Run) -> None:
    graph = gql(_GRAPH, includePlaces=True)["graph"]
    for node in graph["nodes"]:
        found = gql("query ($id: ID!) { node(id: $id) { ... on Entity { slug } } }", id=node["entityId"])
        assert found["node"]["slug"] == node["slug"]
    visit = next(e for e in graph["edges"] if e["slug"] == "ada-visited-village")
    assert visit["recordId"] == _global_id("PlaceLink", "ada-visited-village")
    assert (visit["category"], visit["sentiment"], visit["weight"]) == ("PLACE_LINK", "NEUTRAL", 3)
    found = gql("query ($id: ID!) { node(id: $id) { ... on PlaceLink { slug } } }", id=visit["recordId"])
    assert found["node"]["slug"] == "ada-visited-village"


def test_entity_seen_through_the_view(gql: Run) -> None:
    data = gql(
        '{ graph(asOf: "act-1", center: "ada") { nodes { slug entity { name introduced { slug } } } } }'
    )
    entities = {n["slug"]: n["entity"] for n in data["graph"]["nodes"]}
    assert entities["ada"] == {"name": "Ada Venn", "introduced": {"slug": "act-1"}}


def test_as_of_hides_later_edges_and_keeps_positions(gql: Run) -> None:
    whole = gql(_GRAPH)["graph"]
    early = gql(_GRAPH, asOf="act-1")["graph"]
    assert {e["slug"] for e in whole["edges"]} - {e["slug"] for e in early["edges"]} == {
        "ben-cora-romance",
        "ada-orrin-conflict",
    }
    at = {n["slug"]: (n["x"], n["y"]) for n in whole["nodes"]}
    assert all((n["x"], n["y"]) == at[n["slug"]] for n in early["nodes"])
    assert [p["slug"] for p in early["periods"]] == ["act-1"]


def test_neighbourhood_by_slug_or_global_id(gql: Run) -> None:
    by_slug = gql(_GRAPH, center="cora")["graph"]
    by_id = gql(_GRAPH, center=_global_id("Character", "cora"))["graph"]
    assert by_slug == by_id
    assert [n["slug"] for n in by_slug["nodes"]] == ["ada", "ben", "cora"]
    wider = gql(_GRAPH, center="cora", radius=2)["graph"]
    assert [n["slug"] for n in wider["nodes"]] == ["ada", "ben", "cora", "orrin", "keepers"]


def test_size_by(gql: Run) -> None:
    graph = gql(_GRAPH, sizeBy="DEGREE")["graph"]
    sizes = {n["slug"]: n["size"] for n in graph["nodes"]}
    assert (sizes["ada"], sizes["hermit"]) == (10.0, 1.0)  # the most related, and related to nobody
    assert graph["sizeBy"] == "DEGREE"


def test_kinds_filter(gql: Run) -> None:
    graph = gql(_GRAPH, kinds=["FRIENDSHIP"])["graph"]
    assert [e["slug"] for e in graph["edges"]] == ["ada-ben-friendship"]
    assert graph["kinds"] == [
        {"kind": "friendship", "category": "RELATIONSHIP", "directed": False, "count": 1}
    ]


@pytest.mark.parametrize(
    ("variables", "code", "fragment"),
    [
        ({"center": "ada", "radius": 7}, "BAD_USER_INPUT", "radius must be between 1 and 6"),
        ({"center": "ada", "radius": 0}, "BAD_USER_INPUT", "radius must be between 1 and 6"),
        ({"center": "nobody"}, "NOT_FOUND", "not found"),
        ({"center": "lighthouse"}, "BAD_USER_INPUT", "includePlaces"),
        ({"asOf": "act-9"}, "BAD_USER_INPUT", "unknown period 'act-9'"),
    ],
)
def test_argument_errors(
    gql_errors: RunErrors, variables: dict[str, object], code: str, fragment: str
) -> None:
    errors = gql_errors(_GRAPH, **variables)
    assert errors[0]["extensions"]["code"] == code
    assert fragment in errors[0]["message"]


def test_the_novel(novel_gql: Run) -> None:
    data = novel_gql(
        '{ graph(asOf: "part-2") { nodes { slug } edges { revealed { slug } holds { slug } } } }'
    )
    edges = data["graph"]["edges"]
    assert edges and all(e["revealed"]["slug"] != "part-3" for e in edges)
    assert all(p["slug"] != "part-3" for e in edges for p in e["holds"])
    assert "kathy-h" in {n["slug"] for n in data["graph"]["nodes"]}


def test_a_global_id_picks_its_work(both_gql: Run) -> None:
    # The novel is the default work; a global id of the fixture's Cora views the fixture.
    data = both_gql(
        "query ($c: String) { graph(center: $c) { nodes { slug } } }", c=_global_id("Character", "cora")
    )
    assert [n["slug"] for n in data["graph"]["nodes"]] == ["ada", "ben", "cora"]
