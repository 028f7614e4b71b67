"""View-consistent identity (issue 12): normalised client caches keep one set of field values per
id, so across any queries and views, one id must always have one value for each field."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Run

VIEWS: list[dict[str, str]] = [
    {},
    {"asOf": "part-1"},
    {"asOf": "part-2"},
    {"asOf": "part-3"},
    {"during": "part-2"},
]

QUERIES = [
    """query ($asOf: String, $during: String) {
      character(slug: "kathy-h", asOf: $asOf, during: $during) {
        __typename id slug name
        relationships(first: 100) { totalCount edges { node {
          __typename id kind active holds { slug } revealed { slug } source { __typename id name } } } }
        neighbours(first: 100) { totalCount edges { node { distance node { __typename id slug } } } }
        quotes(first: 100) { totalCount edges { node { __typename id text } } }
      }
    }""",
    """query ($asOf: String, $during: String) {
      characters(first: 100, asOf: $asOf, during: $during) { edges { node {
        __typename id slug relationships(first: 100) { totalCount } } } }
      shortestPath(from: "tommy-d", to: "madame", asOf: $asOf, during: $during) {
        ... on Path { steps { relationship { __typename id active } } }
      }
    }""",
    """query ($asOf: String, $during: String) {
      graph(asOf: $asOf, during: $during) { nodes { entityId slug size } edges { recordId slug active } }
    }""",
]


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in an answer that a normalised cache would key by `__typename` and `id`."""
    if isinstance(value, dict):
        if "__typename" in value and "id" in value:
            yield value
        for inner in value.values():
            yield from _objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _objects(inner)


def _scalars(obj: dict[str, Any]) -> dict[str, Any]:
    """The fields of an object a cache stores on its record (nested objects stored elsewhere)."""
    return {k: v for k, v in obj.items() if not isinstance(v, dict) and not (isinstance(v, list) and v)}


def test_one_id_has_one_value_per_field_across_views(novel_gql: Run) -> None:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    compared = 0
    for query in QUERIES:
        for view in VIEWS:
            for obj in _objects(novel_gql(query, **view)):
                key = (obj["__typename"], obj["id"])
                record = seen.setdefault(key, {})
                for name, value in _scalars(obj).items():
                    if name in record:
                        compared += 1
                        assert record[name] == value, (key, name, record[name], value, view)
                    record[name] = value
                # Counts of nested connections are fields of the record too (Apollo stores them
                # under the field name and its arguments).
                for name, value in obj.items():
                    if isinstance(value, dict) and "totalCount" in value:
                        field = f"{name}.totalCount"
                        if field in record:
                            compared += 1
                            assert record[field] == value["totalCount"], (key, field, view)
                        record[field] = value["totalCount"]
    assert compared > 100  # the same records were met again and again


def test_the_same_record_in_two_views_has_two_ids(novel_gql: Run) -> None:
    data = novel_gql(
        """{ p1: character(slug: "kathy-h", asOf: "part-1") { id relationships { totalCount } }
             p3: character(slug: "kathy-h", asOf: "part-3") { id relationships { totalCount } }
             whole: character(slug: "kathy-h") { id slug } }"""
    )
    assert data["p1"]["relationships"]["totalCount"] < data["p3"]["relationships"]["totalCount"]
    assert len({data["p1"]["id"], data["p3"]["id"], data["whole"]["id"]}) == 3
    assert base64.b64decode(data["p1"]["id"]).decode() == "Character:never-let-me-go/kathy-h@asOf=part-1"
    assert base64.b64decode(data["whole"]["id"]).decode() == "Character:never-let-me-go/kathy-h"


@pytest.mark.parametrize("view", VIEWS)
def test_node_gives_a_record_back_in_the_view_its_id_names(novel_gql: Run, view: dict[str, str]) -> None:
    query = """query ($asOf: String, $during: String) {
      character(slug: "kathy-h", asOf: $asOf, during: $during) {
        id relationships(first: 100) { totalCount edges { node { id active } } } } }"""
    direct = novel_gql(query, **view)["character"]
    again = novel_gql(
        """query ($id: ID!) { node(id: $id) { ... on Character {
             id relationships(first: 100) { totalCount edges { node { id active } } } } } }""",
        id=direct["id"],
    )["node"]
    assert again == direct


def test_an_unknown_id_is_null_without_wiping_its_siblings(novel_gql: Run) -> None:
    unknown = base64.b64encode(b"Character:never-let-me-go/nobody").decode()
    foreign_view = base64.b64encode(b"Character:never-let-me-go/kathy-h@asOf=part-9").decode()
    malformed = base64.b64encode(b"Character:never-let-me-go/kathy-h@when=now").decode()
    data = novel_gql(  # fails on any error: a null node is not one (the Relay specification)
        f'{{ a: node(id: "{unknown}") {{ id }} b: node(id: "{foreign_view}") {{ id }} '
        f'c: node(id: "{malformed}") {{ id }} works {{ slug }} }}'
    )
    assert data == {"a": None, "b": None, "c": None, "works": [{"slug": "never-let-me-go"}]}
