"""Depth, alias and token limits and the introspection switch, each with its own error code."""

from __future__ import annotations

import pytest
from graphql import get_introspection_query

from graphservice.api.context import Context
from graphservice.api.limits import QueryLimits
from graphservice.api.schema import schema
from graphservice.catalog import Catalog

DEFAULT = QueryLimits()


def _codes(catalog: Catalog, document: str, limits: QueryLimits = DEFAULT) -> list[str]:
    result = schema.execute_sync(document, context_value=Context(catalog, limits))
    return [str((e.extensions or {}).get("code")) for e in result.errors or []]


def test_defaults_let_graphiql_introspect(fixture_catalog: Catalog) -> None:
    assert _codes(fixture_catalog, get_introspection_query(descriptions=True)) == []


def test_depth_limit(fixture_catalog: Catalog) -> None:
    # Strawberry counts the top field as depth 0, so `slug` here is at depth 7.
    deep = '{ character(slug: "ada") { groups { edges { node { members { edges { node { slug } } } } } } } }'
    assert _codes(fixture_catalog, deep, QueryLimits(max_depth=7)) == []
    assert _codes(fixture_catalog, deep, QueryLimits(max_depth=6)) == ["QUERY_TOO_DEEP"]


def test_alias_limit(fixture_catalog: Catalog) -> None:
    many = "{ " + " ".join(f"w{i}: works {{ slug }}" for i in range(11)) + " }"
    assert _codes(fixture_catalog, many, QueryLimits(max_aliases=11)) == []
    assert _codes(fixture_catalog, many, QueryLimits(max_aliases=10)) == ["TOO_MANY_ALIASES"]


def test_token_limit(fixture_catalog: Catalog) -> None:
    document = "{ works { slug title } }"  # six tokens, and graphql-core counts the end as a seventh
    assert _codes(fixture_catalog, document, QueryLimits(max_tokens=7)) == []
    assert _codes(fixture_catalog, document, QueryLimits(max_tokens=6)) == ["TOO_MANY_TOKENS"]


def test_introspection_can_be_turned_off(fixture_catalog: Catalog) -> None:
    closed = QueryLimits(introspection=False)
    codes = _codes(fixture_catalog, "{ __schema { queryType { name } } }", closed)
    assert codes and set(codes) == {"GRAPHQL_VALIDATION_FAILED"}
    assert _codes(fixture_catalog, "{ works { __typename slug } }", closed) == []


def test_limits_of_one_request_do_not_leak_into_the_next(fixture_catalog: Catalog) -> None:
    many = "{ " + " ".join(f"w{i}: works {{ slug }}" for i in range(3)) + " }"
    assert _codes(fixture_catalog, many, QueryLimits(max_aliases=2)) == ["TOO_MANY_ALIASES"]
    assert _codes(fixture_catalog, many) == []  # same document, default limits: the cache is per rule set


def test_a_paths_search_over_its_time_budget_is_a_clear_error(fixture_catalog: Catalog) -> None:
    document = '{ paths(from: "cora", to: "orrin", maxLength: 8, limit: 50) { length } }'
    assert _codes(fixture_catalog, document, QueryLimits(time_budget=0.0)) == ["QUERY_TIMEOUT"]
    assert _codes(fixture_catalog, document) == []


@pytest.mark.parametrize(
    "document",
    [
        "{A(A:0){...@A{...A}}}",  # found by fuzzing: an unknown fragment inside an inline fragment
        "{ works { ...F } } fragment F on Work { ...F }",  # a fragment spreading itself
        "{ works { ...Missing } }",
        "{ characters { edges { node { relationships {# totalCount\n } } } } }",  # fuzzing: empty braces
    ],
)
def test_broken_fragments_are_validation_errors_not_crashes(fixture_catalog: Catalog, document: str) -> None:
    codes = _codes(fixture_catalog, document)
    assert codes and set(codes) == {"GRAPHQL_VALIDATION_FAILED"}
