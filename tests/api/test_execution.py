"""The endpoint's execution path gives the answers and errors Strawberry's ``Schema.execute``
gives, and parses and validates each document once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from graphservice.api.context import Context
from graphservice.api.execution import execute_operation, prepare
from graphservice.api.limits import QueryLimits
from graphservice.api.schema import schema
from graphservice.catalog import Catalog

CASES: list[tuple[str, dict[str, Any] | None]] = [
    ('{ character(slug: "ada") { name roles } }', None),
    ("query($s: String) { character(slug: $s) { name } }", {"s": "ben"}),
    ('{ a: character(slug: "ada") { name } b: character(slug: "nobody") { name } }', None),
    ('{ neighbours(of: "ada", depth: -1) { totalCount } }', None),
    ("{ character(slug: ", None),
    ('{ character(slug: "ada") { nonsense } }', None),
    ("query($s: String) { character(slug: $s) { name } }", {"s": 12}),
    ("{ works { } }", None),
]


def _formatted(result: Any) -> tuple[Any, list[Any] | None]:
    errors = [dict(e.formatted) for e in result.errors] if result.errors else None
    return result.data, errors


@pytest.mark.parametrize(("query", "variables"), CASES)
def test_same_answer_and_errors_as_strawberry(
    fixture_catalog: Catalog, query: str, variables: dict[str, Any] | None
) -> None:
    context = Context(fixture_catalog)
    ours = asyncio.run(execute_operation(query, variables, None, context))
    theirs = schema.execute_sync(query, variable_values=variables, context_value=context)
    assert _formatted(ours) == _formatted(theirs)


def test_the_limits_apply(fixture_catalog: Catalog) -> None:
    context = Context(fixture_catalog, QueryLimits(max_depth=2))
    result = asyncio.run(
        execute_operation(
            '{ character(slug: "ada") { groups { edges { node { name } } } } }', None, None, context
        )
    )
    assert result.errors and result.errors[0].extensions == {"code": "QUERY_TOO_DEEP"}


def test_a_document_is_parsed_and_validated_once_per_set_of_limits(fixture_catalog: Catalog) -> None:
    query = '{ character(slug: "ada") { slug } }'
    before = prepare.cache_info()
    for limits in (QueryLimits(), QueryLimits(), QueryLimits(max_depth=3)):
        asyncio.run(execute_operation(query, None, None, Context(fixture_catalog, limits)))
    after = prepare.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (2, 1)
