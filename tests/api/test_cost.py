"""The cost estimate, worked out by hand for small documents, and the budget rule."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from graphql import ASTValidationRule, get_introspection_query, parse, validate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

from graphservice.api.context import Context
from graphservice.api.cost import estimate, limits_rule, measure
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
        # paths: a price of 2,000 (it may use the whole time budget) + 1 per step per path
        ('{ paths(from: "a", to: "b", maxLength: 3, limit: 2) { length } }', 2_000 + 3 * 2),
        # neighbours: 1 + 2 per depth; each of the 5 results is a node
        ('{ neighbours(of: "a", depth: 2, first: 5) { edges { node { distance } } } }', 1 + 2 * 2 + 5),
        ("{ works { periods { slug } } }", 1 + 5),  # a plain list without `limit` is taken to hold 5
        ('{ shortestPath(from: "a", to: "b") { ... on Path { length } } }', 5),
        ("fragment F on Character { slug } { characters(first: 2) { edges { node { ...F } } } }", 1 + 2),
        ("{ __schema { types { name fields { name } } } }", 10_000),  # introspection has its price
        ('{ __type(name: "Work") { name } }', 50),
        ("{ works { __typename } }", 1),  # __typename is free
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


def _fragment_dag(levels: int, leaf: str = "__typename") -> str:
    """A ~1 KB document whose fragments each spread the previous one twice: 2^levels leaves."""
    fragments = [f"fragment F0 on Query {{ {leaf} }}"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return f"query {{ ...F{levels} }}\n" + "\n".join(fragments)


def test_repeated_fragments_are_measured_once_each() -> None:
    # Issue 16: at 22 levels the old walk took 51 s. Measured once per fragment, the figures are
    # exact although the expanded document has four million fields.
    (measures,) = measure(schema._schema, parse(_fragment_dag(22, leaf="a: works { slug }"))).values()
    assert measures.aliases == 2**22
    assert measures.cost == 2**22  # each expanded `works` list costs 1
    assert measures.depth == 1


def test_a_fragment_dag_is_refused_for_its_aliases(fixture_catalog: Catalog) -> None:
    result = schema.execute_sync(
        _fragment_dag(40, leaf="a: __typename"), context_value=Context(fixture_catalog)
    )
    assert result.errors
    assert {(e.extensions or {}).get("code") for e in result.errors} == {"TOO_MANY_ALIASES"}


def test_priced_introspection_refuses_fifty_schemas(fixture_catalog: Catalog) -> None:
    many = "{ " + " ".join(f"s{i}: __schema {{ types {{ name }} }}" for i in range(50)) + " }"
    result = schema.execute_sync(many, context_value=Context(fixture_catalog))
    assert result.errors and (result.errors[0].extensions or {}).get("code") == "QUERY_TOO_COMPLEX"
    one = schema.execute_sync(get_introspection_query(), context_value=Context(fixture_catalog))
    assert one.errors is None


# Documents without repeated fragments, where Strawberry's limiters are fast: the single walk
# must reach the same verdicts as QueryDepthLimiter and MaxAliasesLimiter.
_NAMES = st.sampled_from(["works", "characters", "character", "groups", "edges", "node", "slug", "name"])


@st.composite
def _selections(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        alias = f"a{draw(st.integers(0, 9))}: " if draw(st.booleans()) else ""
        name = draw(_NAMES)
        if depth < 6 and draw(st.booleans()):
            parts.append(f"{alias}{name} {{ {draw(_selections(depth + 1))} }}")
        elif depth < 6 and draw(st.integers(0, 5)) == 0:
            parts.append(f"... {{ {name} {{ {draw(_selections(depth + 1))} }} }}")
        else:
            parts.append(f"{alias}{name}")
    return " ".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_selections(), frag=_selections(), max_depth=st.integers(0, 6), max_aliases=st.integers(0, 6))
def test_same_verdicts_as_strawberrys_limiters(
    body: str, frag: str, max_depth: int, max_aliases: int
) -> None:
    document = parse(f"query Q {{ {body} ...F }} fragment F on Query {{ {frag} }}")

    def refused(rules: Sequence[type[ASTValidationRule]]) -> bool:
        return bool(validate(schema._schema, document, list(rules)))

    theirs_depth = refused(QueryDepthLimiter(max_depth=max_depth).validation_rules)
    theirs_aliases = refused(MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules)
    ours_depth = refused([limits_rule(float("inf"), max_depth, 10**9)])
    ours_aliases = refused([limits_rule(float("inf"), 10**9, max_aliases)])
    assert (ours_depth, ours_aliases) == (theirs_depth, theirs_aliases)
