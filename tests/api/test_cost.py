"""The cost estimate, worked out by hand for small documents, and the budget rule."""

from __future__ import annotations

import pytest
from graphql import parse

from graphservice.api.context import Context
from graphservice.api.cost import estimate
from graphservice.api.limits import QueryLimits
from graphservice.api.schema import schema
from graphservice.catalog import Catalog


def cost(document: str) -> float:
    (value,) = estimate(schema._schema, parse(document)).values()
    return value


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("{ works { slug } }", 1),  # an object list costs 1; scalars are free
        ("{ characters(first: 10) { edges { node { slug } } } }", 1 + 10),  # edges are a free wrapper
        ("{ characters { totalCount } }", 1),  # no node asked: only the connection
        ("{ characters { edges { node { slug } } } }", 1 + 100),  # no `first`: a full page of 100
        ("query($n: Int) { characters(first: $n) { edges { node { slug } } } }", 1 + 100),  # at its cap
        ("query($n: Int = 7) { characters(first: $n) { edges { node { slug } } } }", 1 + 7),
        ("{ characters(first: 1000) { edges { node { slug } } } }", 1 + 100),  # clamped to the cap
        # paths: 1 + 1 per step of maxLength per path; the list has `limit` paths of 3 nested lists
        ('{ paths(from: "a", to: "b", maxLength: 3, limit: 2) { length } }', 1 + 3 * 2),
        # neighbours: 1 + 2 per depth; each of the 5 results is a node
        ('{ neighbours(of: "a", depth: 2, first: 5) { edges { node { distance } } } }', 1 + 2 * 2 + 5),
        ("{ works { periods { slug } } }", 1 + 5),  # a plain list without `limit` is taken to hold 5
        ('{ shortestPath(from: "a", to: "b") { ... on Path { length } } }', 5),
        ("fragment F on Character { slug } { characters(first: 2) { edges { node { ...F } } } }", 1 + 2),
        ("{ __schema { types { name fields { name } } } }", 0),  # introspection is bounded
    ],
)
def test_estimates(document: str, expected: float) -> None:
    assert cost(document) == expected


def test_each_operation_is_estimated() -> None:
    document = parse(
        "query A { works { slug } } query B { characters(first: 3) { edges { node { slug } } } }"
    )
    assert estimate(schema._schema, document) == {"A": 1, "B": 4}


def test_over_budget_is_refused_with_the_estimate(fixture_catalog: Catalog) -> None:
    context = Context(fixture_catalog, QueryLimits(max_cost=50))
    ok = schema.execute_sync("{ characters(first: 40) { edges { node { slug } } } }", context_value=context)
    assert ok.errors is None
    refused = schema.execute_sync("{ characters { edges { node { slug } } } }", context_value=context)
    assert refused.data is None and refused.errors
    (error,) = refused.errors
    assert error.extensions == {"code": "QUERY_TOO_COMPLEX", "cost": 101, "budget": 50}
    assert "101" in error.message and "50" in error.message
