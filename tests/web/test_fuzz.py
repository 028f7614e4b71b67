"""Fuzzing over HTTP with a fixed budget: generated valid queries (hypothesis-graphql, from the real
schema) never produce an internal error, a 5xx or a traceback; generated invalid documents get
4xx with a code."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema
from starlette.testclient import TestClient

from graphservice.api.schema import schema
from graphservice.catalog import Catalog
from graphservice.settings import load_settings
from graphservice.web import create_app

from ..conftest import NOVEL

BUDGET = int(os.environ.get("GRAPHSERVICE_FUZZ_EXAMPLES", "150"))
"""Examples per fuzz test; CI runs the default, a longer hunt sets the variable."""
FUZZ = settings(
    max_examples=BUDGET,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is repeatable
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
GQL = "application/graphql-response+json"


@pytest.fixture(scope="module")
def client(novel_catalog: Catalog) -> TestClient:
    return TestClient(create_app(load_settings(data=str(NOVEL)), novel_catalog))


def _post(client: TestClient, query: str) -> tuple[int, dict[str, Any]]:
    response = client.post("/graphql", json={"query": query}, headers={"accept": GQL})
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    return response.status_code, body


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


@FUZZ
@given(query=from_schema(schema.as_str()))
def test_generated_queries_never_fail_inside(client: TestClient, query: str) -> None:
    status, body = _post(client, query)
    assert status in (200, 400), (status, query)
    assert "INTERNAL_SERVER_ERROR" not in _codes(body), (query, body)
    if status == 400:  # refused before running: only the limits may refuse a valid document
        assert set(_codes(body)) <= {
            "QUERY_TOO_COMPLEX",
            "QUERY_TOO_DEEP",
            "TOO_MANY_ALIASES",
            "TOO_MANY_TOKENS",
        }


@st.composite
def _broken(draw: st.DrawFn) -> str:
    query = draw(from_schema(schema.as_str()))
    cut = draw(st.integers(min_value=0, max_value=len(query) - 1))
    junk = draw(st.sampled_from(["", "{", "}", "(", ")", ":", "$", "...", "@", '"', "!", "[", "#"]))
    return query[:cut] + junk + query[cut + 1 :]


@FUZZ
@given(query=st.one_of(st.text(max_size=200), _broken()))
def test_invalid_documents_get_4xx_with_a_code(client: TestClient, query: str) -> None:
    status, body = _post(client, query)
    assert status < 500, (status, query)
    codes = _codes(body)
    assert "INTERNAL_SERVER_ERROR" not in codes, (query, body)
    if status >= 400:
        assert codes, body
