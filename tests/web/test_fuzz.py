"""Fuzzing over HTTP with a fixed budget: generated valid queries (hypothesis-graphql, from the real
schema) never produce an internal error, a 5xx or a traceback; generated invalid documents get
4xx with a code."""

from __future__ import annotations

import base64
import os
from typing import Any

import orjson
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


# Raw bodies: any bytes in any field of a request get a 4xx or a GraphQL answer in the documented
# shape, never a 5xx (issue 16: lone surrogates and deep nesting gave 500s).
_SURROGATES = st.sampled_from(["\\ud800", "\\udfff", "\\ud83d", "\\ude00x", "a\\udc00b"])
_JSON_TEXT = st.one_of(
    st.text(max_size=30).map(lambda t: orjson.dumps(t).decode()),
    _SURROGATES.map(lambda s: f'"{s}"'),
)


@st.composite
def _nested(draw: st.DrawFn) -> str:
    depth = draw(st.integers(min_value=1, max_value=3_000))
    opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
    return opener * depth + draw(_JSON_TEXT) + closer * depth


_VALUE = st.one_of(_JSON_TEXT, _nested(), st.just("null"), st.integers().map(str), st.just("[1,{}]"))
_QUERIES = st.one_of(
    st.sampled_from(
        ['"{ works { slug } }"', '"query Q($a: String) { work(slug: $a) { slug } }"', '"{ __typename }"']
    ),
    _JSON_TEXT,
)


@st.composite
def _raw_bodies(draw: st.DrawFn) -> bytes:
    fields = {
        "query": draw(_QUERIES),
        "variables": draw(st.one_of(_VALUE, _VALUE.map(lambda v: '{"a":' + v + "}"))),
        "operationName": draw(st.one_of(_JSON_TEXT, st.just("null"))),
        "extensions": draw(st.one_of(_VALUE, _VALUE.map(lambda v: '{"persistedQuery":' + v + "}"))),
    }
    keep = draw(st.lists(st.sampled_from(sorted(fields)), unique=True, min_size=1))
    body = "{" + ",".join(f'"{k}":{fields[k]}' for k in keep) + "}"
    raw = body.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # sometimes corrupt the bytes themselves
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] + draw(st.binary(max_size=8)) + raw[cut:]
    return raw


@FUZZ
@given(body=_raw_bodies(), accept=st.sampled_from([GQL, "application/json", "*/*"]))
def test_raw_bodies_never_get_a_5xx(client: TestClient, body: bytes, accept: str) -> None:
    response = client.post(
        "/graphql", content=body, headers={"content-type": "application/json", "accept": accept}
    )
    assert response.status_code < 500, (response.status_code, body[:200], response.text[:200])
    payload = response.json()
    if "errors" in payload:
        assert all(e["extensions"]["code"] for e in payload["errors"]), payload
        assert "INTERNAL_SERVER_ERROR" not in _codes(payload), (body[:200], payload)
    else:
        assert "data" in payload


# Cursors and page arguments (issue 12): whatever a client sends, a page or BAD_USER_INPUT with a
# plain message, never an internal error and never more than a page.
def _cursor(offset: int) -> str:
    return base64.b64encode(f"arrayconnection:{offset}".encode()).decode()


_CURSORS = st.one_of(
    st.none(),
    st.integers(min_value=-5, max_value=120).map(_cursor),
    st.text(max_size=24),
    st.binary(max_size=18).map(lambda b: base64.b64encode(b).decode()),
    st.sampled_from(["Q2hhcmFjdGVyOm5ldmVyLWxldC1tZS1nby9rYXRoeS1o", "YXJyYXljb25uZWN0aW9uOg==", "===="]),
)
_SIZES = st.one_of(st.none(), st.integers(min_value=-3, max_value=130))


@FUZZ
@given(first=_SIZES, last=_SIZES, after=_CURSORS, before=_CURSORS)
def test_page_arguments_give_a_page_or_bad_input(
    client: TestClient, first: int | None, last: int | None, after: str | None, before: str | None
) -> None:
    query = """query ($first: Int, $last: Int, $after: String, $before: String) {
      relationships(first: $first, last: $last, after: $after, before: $before) {
        totalCount edges { cursor node { slug } } } }"""
    variables = {"first": first, "last": last, "after": after, "before": before}
    response = client.post("/graphql", json={"query": query, "variables": variables}, headers={"accept": GQL})
    assert response.status_code == 200, response.text
    body = response.json()
    codes = _codes(body)
    if codes:
        assert codes == ["BAD_USER_INPUT"], body
        message = body["errors"][0]["message"]
        assert message.startswith("`"), message  # names the argument, in plain words
    else:
        page = body["data"]["relationships"]
        assert len(page["edges"]) <= 100
        assert len(page["edges"]) <= min(n for n in (first, last, 100) if n is not None)
