"""Events and the timeline over GraphQL."""

from __future__ import annotations

from strawberry.relay import GlobalID

from ..conftest import Run, RunErrors, nodes


def test_an_event_and_its_links(gql: Run) -> None:
    event = gql(
        """{ event(slug: "first-night") { id name summary participants { slug } place { slug }
            revealed { slug } holds { slug } quotes { slug } relationships { slug }
            evidence { text locator } note } }"""
    )["event"]
    assert event == {
        "id": str(GlobalID("Event", "carrow-point/first-night")),
        "name": "Cora's first night",
        "summary": "On her first night at the light Ada tells Cora what the lamp is for.",
        "participants": [{"slug": "ada"}, {"slug": "cora"}],
        "place": {"slug": "lighthouse"},
        "revealed": {"slug": "act-1"},
        "holds": [{"slug": "act-1"}],
        "quotes": [{"slug": "light-does-not-ask"}],
        "relationships": [{"slug": "cora-ada-rivalry"}],
        "evidence": [{"text": "Ada tells Cora on her first night", "locator": "Act One: The Light"}],
        "note": None,
    }


def test_node_fetches_an_event(gql: Run) -> None:
    gid = str(GlobalID("Event", "carrow-point/storm-romance"))
    data = gql("query($id: ID!) { node(id: $id) { ... on Event { slug } } }", id=gid)
    assert data == {"node": {"slug": "storm-romance"}}


def test_timeline_order_views_and_involving(gql: Run) -> None:
    query = """query($p: String, $d: String, $who: String) {
        timeline(asOf: $p, during: $d, involving: $who) { totalCount edges { node { slug } } } }"""

    def slugs(**v: str) -> list[str]:
        return [e["slug"] for e in nodes(gql(query, **v)["timeline"])]

    assert slugs() == ["first-night", "storm-romance", "warning-the-council"]
    assert slugs(p="act-1") == ["first-night"]
    assert slugs(d="act-2") == ["storm-romance", "warning-the-council"]
    assert slugs(who="cora") == ["first-night", "storm-romance"]
    assert slugs(who="village") == ["warning-the-council"]


def test_nested_events(gql: Run) -> None:
    data = gql(
        """{ character(slug: "ada", asOf: "act-1") { events { totalCount } }
            group(slug: "council") { events { edges { node { slug } } } }
            place(slug: "village") { events { edges { node { slug } } } } }"""
    )
    assert data["character"]["events"] == {"totalCount": 1}
    assert nodes(data["group"]["events"]) == [{"slug": "warning-the-council"}]
    assert nodes(data["place"]["events"]) == [{"slug": "warning-the-council"}]


def test_unknown_event(gql_errors: RunErrors) -> None:
    (error,) = gql_errors('{ event(slug: "first-nite") { name } }')
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "first-night" in error["message"]
