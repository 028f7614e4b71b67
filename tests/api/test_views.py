"""Views carried into nested fields: a nested field inherits the parent's asOf/during, may override
each clock, and relationships say whether they are still active at the reader's point."""

from __future__ import annotations

from ..conftest import Run, nodes


def _slugs(items: list[dict[str, str]]) -> list[str]:
    return [i["slug"] for i in items]


def test_nested_relationships_inherit_the_root_view(gql: Run) -> None:
    data = gql('{ character(slug: "ben", asOf: "act-1") { relationships { edges { node { slug } } } } }')
    assert _slugs(nodes(data["character"]["relationships"])) == [
        "ada-ben-friendship",
        "ben-member-of-keepers",
    ]


def test_a_nested_field_may_override_one_clock(gql: Run) -> None:
    data = gql(
        """{ character(slug: "ben", asOf: "act-1") {
            relationships(asOf: "act-2") { edges { node { slug } } } } }"""
    )
    assert "ben-cora-romance" in _slugs(nodes(data["character"]["relationships"]))


def test_view_flows_through_neighbours_and_paths(gql: Run) -> None:
    data = gql(
        """{ neighbours(of: "ada", asOf: "act-1") { edges { node {
              node { slug ... on Character { relationships { edges { node { slug } } } } } } } }
            shortestPath(from: "cora", to: "ada", asOf: "act-1") { __typename ... on Path {
              nodes { ... on Character { relationships { edges { node { slug } } } } } } } }"""
    )
    ben = next(n for n in nodes(data["neighbours"]) if n["node"]["slug"] == "ben")
    assert "ben-cora-romance" not in _slugs(nodes(ben["node"]["relationships"]))
    assert data["shortestPath"]["__typename"] == "Path"
    cora = data["shortestPath"]["nodes"][0]
    assert "ben-cora-romance" not in _slugs(nodes(cora["relationships"]))


def test_lists_hide_what_the_reader_has_not_met(gql: Run) -> None:
    early = gql('{ characters(asOf: "act-1") { totalCount edges { node { slug } } } }')["characters"]
    assert "hermit" not in [e["node"]["slug"] for e in early["edges"]]
    assert early["totalCount"] == 4
    assert gql("{ characters { totalCount } }")["characters"]["totalCount"] == 5


def test_active_marks_relationships_that_have_ended(gql: Run) -> None:
    query = """query($a: String, $d: String) {
        relationships(kinds: [RIVALRY], asOf: $a, during: $d) { edges { node { slug active } } } }"""

    def active(**v: str) -> list[bool]:
        return [e["node"]["active"] for e in gql(query, **v)["relationships"]["edges"]]

    assert active(a="act-1") == [True]  # the rivalry holds in act 1
    assert active(a="act-2") == [False]  # known, but over by the end of act 2
    assert active() == [False]  # over by the end of the story
    assert active(d="act-1") == [True]


def test_quote_links_carry_the_view(gql: Run) -> None:
    data = gql(
        """{ quotes(asOf: "act-1") { edges { node { slug
              addressees { slug ... on Character { relationships { edges { node { slug } } } } } } } } }"""
    )
    (quote,) = data["quotes"]["edges"]
    cora = quote["node"]["addressees"][0]
    assert cora["slug"] == "cora"
    assert "ben-cora-romance" not in _slugs(nodes(cora["relationships"]))
