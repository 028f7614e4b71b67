"""Connections convert only the page they answer with (graphservice/api/types/lazy.py)."""

from __future__ import annotations

from typing import Any

import pytest

from graphservice.api.types import traversal
from graphservice.api.types.lazy import Converted
from graphservice.queries.neighbours import Neighbour

from ..conftest import Run, nodes


def test_converted_converts_each_item_it_gives_and_no_other() -> None:
    seen: list[int] = []

    def convert(n: int) -> str:
        seen.append(n)
        return f"#{n}"

    items = Converted(range(1000), convert)
    assert len(items) == 1000 and seen == []
    page = items[10:13]
    assert seen == []  # a slice is converted as it is read
    assert list(page) == ["#10", "#11", "#12"]
    assert items[-1] == "#999"
    assert seen == [10, 11, 12, 999]
    assert list(Converted([1, 2], convert)) == ["#1", "#2"]


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The neighbours wrapped in their GraphQL type while a test runs."""
    made: list[str] = []
    wrap = traversal.Neighbour.from_domain.__func__  # type: ignore[attr-defined]

    def counted(cls: type[traversal.Neighbour], work: Any, found: Neighbour, view: Any = None) -> Any:
        made.append(found.slug)
        return wrap(cls, work, found, view) if view is not None else wrap(cls, work, found)

    monkeypatch.setattr(traversal.Neighbour, "from_domain", classmethod(counted))
    return made


def test_a_page_of_neighbours_wraps_only_that_page(novel_gql: Run, conversions: list[str]) -> None:
    everyone = novel_gql('{ neighbours(of: "kathy-h", depth: 2, first: 100) { totalCount } }')
    total = everyone["neighbours"]["totalCount"]
    assert total > 10 and conversions == []  # a count alone wraps nothing
    page = novel_gql(
        '{ neighbours(of: "kathy-h", depth: 2, first: 3) { totalCount edges { node { node { slug } } } } }'
    )["neighbours"]
    assert page["totalCount"] == total
    shown = [n["node"]["slug"] for n in nodes(page)]
    assert len(shown) == 3
    # Strawberry reads one more than the page, to know whether a next page exists.
    assert conversions[:3] == shown and len(conversions) <= 4


def test_the_page_is_the_same_slice_of_the_whole_list(novel_gql: Run) -> None:
    query = """query($after: String) { neighbours(of: "kathy-h", depth: 2, first: 5, after: $after) {
        edges { cursor node { distance node { slug } relationships { slug } } } } }"""
    whole = novel_gql(query.replace("first: 5", "first: 100"))["neighbours"]["edges"]
    first = novel_gql(query)["neighbours"]["edges"]
    second = novel_gql(query, after=first[-1]["cursor"])["neighbours"]["edges"]
    assert first + second == whole[:10]


def test_each_connection_keeps_its_own_edge_type_across_requests(novel_gql: Run) -> None:
    # The edge type Strawberry works out is remembered per connection class (connections.py);
    # connections of different classes, asked again and again, each keep their own.
    query = """{ characters(first: 1) { edges { __typename node { __typename } } }
        relationships(first: 1) { edges { __typename node { __typename } } }
        neighbours(of: "kathy-h", first: 1) { edges { __typename node { __typename } } } }"""
    for _ in range(3):
        data = novel_gql(query)
        assert [(e["__typename"], e["node"]["__typename"]) for k in data for e in data[k]["edges"]] == [
            ("CharacterEdge", "Character"),
            ("RelationshipEdge", "Relationship"),
            ("NeighbourEdge", "Neighbour"),
        ]
