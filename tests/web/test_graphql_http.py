"""GraphQL over HTTP: media types, status codes, the request errors, caching headers, and a
catalogue of hostile requests, each with its documented answer; the server keeps serving."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from graphservice.catalog import Catalog
from graphservice.settings import load_settings
from graphservice.web import create_app
from graphservice.web.graphql_request import negotiate

from ..conftest import LIGHTHOUSE

GQL = "application/graphql-response+json"
JSON = "application/json"
OK_QUERY = '{ character(slug: "ada") { name } }'


@pytest.fixture(scope="module")
def client(fixture_catalog: Catalog) -> TestClient:
    settings = load_settings(data=str(LIGHTHOUSE), cors_origins="https://reader.example")
    return TestClient(create_app(settings, fixture_catalog))


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        (JSON, JSON),
        (GQL, GQL),
        (f"{GQL}, {JSON}", GQL),
        (f"{GQL};q=0.5, {JSON}", JSON),
        (f"{JSON};q=0.9, {GQL};q=0.9", GQL),
        ("text/html", None),
        (f"{GQL};q=0", None),
        ("text/html, */*;q=0.8", JSON),
    ],
)
def test_negotiation(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept) == expected


def test_both_media_types(client: TestClient) -> None:
    for accept in (GQL, JSON):
        response = client.post("/graphql", json={"query": OK_QUERY}, headers={"accept": accept})
        assert response.status_code == 200
        assert response.headers["content-type"] == f"{accept}; charset=utf-8"
        assert response.json() == {"data": {"character": {"name": "Ada Venn"}}}


def test_request_errors_are_400_only_for_the_new_media_type(client: TestClient) -> None:
    invalid = {"query": '{ character(slug: "ada") { nonsense } }'}
    strict = client.post("/graphql", json=invalid, headers={"accept": GQL})
    assert strict.status_code == 400
    assert "data" not in strict.json()  # a request error has no data entry
    assert strict.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    legacy = client.post("/graphql", json=invalid, headers={"accept": JSON})
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_field_errors_are_200_with_data(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        json={"query": '{ a: character(slug: "ada") { name } b: character(slug: "nobody") { name } }'},
        headers={"accept": GQL},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"a": {"name": "Ada Venn"}, "b": None}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["path"] == ["b"]


def test_get_sends_etag_and_answers_304(client: TestClient) -> None:
    params = {"query": OK_QUERY}
    first = client.get("/graphql", params=params)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=60"
    again = client.get("/graphql", params=params, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/graphql", params={"query": "{ works { slug } }"}, headers={"if-none-match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    varied = client.get(
        "/graphql",
        params={"query": "query($s: String) { character(slug: $s) { name } }", "variables": '{"s": "ben"}'},
    )
    assert varied.json() == {"data": {"character": {"name": "Ben Hollis"}}}
    assert varied.headers["etag"] not in (etag, other.headers["etag"])


def test_post_is_not_cached(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": OK_QUERY})
    assert "etag" not in response.headers and "cache-control" not in response.headers


def test_cors_allows_only_the_configured_origin(client: TestClient) -> None:
    allowed = client.options(
        "/graphql",
        headers={"origin": "https://reader.example", "access-control-request-method": "POST"},
    )
    assert allowed.headers["access-control-allow-origin"] == "https://reader.example"
    refused = client.options(
        "/graphql", headers={"origin": "https://evil.example", "access-control-request-method": "POST"}
    )
    assert "access-control-allow-origin" not in refused.headers


def test_any_origin_may_read_by_default(fixture_catalog: Catalog) -> None:
    # A public read-only API: any page may call it, without credentials, with the headers the
    # common clients send (Apollo's client name failed the preflight before, issue 12).
    plain = TestClient(create_app(load_settings(data=str(LIGHTHOUSE)), fixture_catalog))
    preflight = plain.options(
        "/graphql",
        headers={
            "origin": "http://localhost:5173",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, apollographql-client-name, "
            "apollographql-client-version",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "apollographql-client-name" in preflight.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in preflight.headers
    response = plain.post("/graphql", json={"query": OK_QUERY}, headers={"origin": "http://localhost:5173"})
    assert response.headers["access-control-allow-origin"] == "*"


def test_origins_can_be_narrowed_to_none(fixture_catalog: Catalog) -> None:
    closed = TestClient(create_app(load_settings(data=str(LIGHTHOUSE), cors_origins=""), fixture_catalog))
    response = closed.post("/graphql", json={"query": OK_QUERY}, headers={"origin": "https://reader.example"})
    assert "access-control-allow-origin" not in response.headers


def _deep_neighbours(levels: int) -> str:
    inner = "slug"
    for _ in range(levels):
        inner = f"... on Character {{ neighbours(depth: 6) {{ edges {{ node {{ node {{ {inner} }} }} }} }} }}"
    return '{ neighbours(of: "ada", depth: 6) { edges { node { node { ' + inner + " } } } } }"


# (name, method, request arguments, accept, expected status, expected code)
HOSTILE: list[tuple[str, str, dict[str, Any], str, int, str]] = [
    ("deep nesting", "post", {"json": {"query": _deep_neighbours(4)}}, GQL, 400, "QUERY_TOO_COMPLEX"),
    (
        "ten thousand aliases",
        "post",
        {"json": {"query": "{ " + " ".join(f"a{i}: works {{ slug }}" for i in range(10_000)) + " }"}},
        GQL,
        400,
        "TOO_MANY_TOKENS",
    ),
    (
        "60 aliases",
        "post",
        {"json": {"query": "{ " + " ".join(f"a{i}: works {{ slug }}" for i in range(60)) + " }"}},
        GQL,
        400,
        "TOO_MANY_ALIASES",
    ),
    (
        "huge first",
        "post",
        {"json": {"query": "{ characters(first: 1000000) { edges { node { slug } } } }"}},
        GQL,
        200,
        "BAD_USER_INPUT",
    ),
    (
        "paths(maxLength: 50)",
        "post",
        {"json": {"query": '{ paths(from: "ada", to: "orrin", maxLength: 50) { length } }'}},
        GQL,
        200,
        "BAD_USER_INPUT",
    ),
    (
        "10 MB body",
        "post",
        {"content": b"x" * 10_000_000, "headers": {"content-type": JSON}},
        GQL,
        413,
        "PAYLOAD_TOO_LARGE",
    ),
    (
        "malformed JSON",
        "post",
        {"content": b'{"query": ', "headers": {"content-type": JSON}},
        GQL,
        400,
        "BAD_REQUEST",
    ),
    (
        "not UTF-8",
        "post",
        {"content": b'{"query": "\xff"}', "headers": {"content-type": JSON}},
        GQL,
        400,
        "BAD_REQUEST",
    ),
    ("JSON string body", "post", {"json": "{ works { slug } }"}, GQL, 400, "BAD_REQUEST"),
    ("batch array", "post", {"json": [{"query": OK_QUERY}, {"query": OK_QUERY}]}, GQL, 400, "BAD_REQUEST"),
    ("no query", "post", {"json": {"variables": {}}}, GQL, 400, "BAD_REQUEST"),
    ("query not a string", "post", {"json": {"query": {"a": 1}}}, GQL, 400, "BAD_REQUEST"),
    (
        "variables not an object",
        "post",
        {"json": {"query": OK_QUERY, "variables": [1]}},
        GQL,
        400,
        "BAD_REQUEST",
    ),
    (
        "text/plain body",
        "post",
        {"content": OK_QUERY.encode(), "headers": {"content-type": "text/plain"}},
        GQL,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
    ),
    (
        "form body",
        "post",
        {"content": b"query=x", "headers": {"content-type": "application/x-www-form-urlencoded"}},
        GQL,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
    ),
    (
        "latin-1 charset",
        "post",
        {"content": b"{}", "headers": {"content-type": "application/json; charset=latin-1"}},
        GQL,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
    ),
    ("accepts only XML", "post", {"json": {"query": OK_QUERY}}, "application/xml", 406, "NOT_ACCEPTABLE"),
    (
        "unknown operationName",
        "post",
        {"json": {"query": "query A { works { slug } }", "operationName": "B"}},
        GQL,
        400,
        "BAD_REQUEST",
    ),
    (
        "two operations, no name",
        "post",
        {"json": {"query": "query A { works { slug } } query B { works { title } }"}},
        GQL,
        400,
        "BAD_REQUEST",
    ),
    ("syntax error", "post", {"json": {"query": "{ works { slug }"}}, GQL, 400, "GRAPHQL_PARSE_FAILED"),
    (
        "wrong variable type",
        "post",
        {"json": {"query": "query($s: String!) { character(slug: $s) { name } }", "variables": {"s": 5}}},
        GQL,
        400,
        "BAD_USER_INPUT",
    ),
    (
        "mutation over POST",
        "post",
        {"json": {"query": "mutation { x }"}},
        GQL,
        400,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    ("mutation over GET", "get", {"params": {"query": "mutation { x }"}}, GQL, 405, "METHOD_NOT_ALLOWED"),
    ("GET without query", "get", {}, GQL, 400, "BAD_REQUEST"),
    (
        "GET bad variables",
        "get",
        {"params": {"query": OK_QUERY, "variables": "{nope"}},
        GQL,
        400,
        "BAD_REQUEST",
    ),
    ("PUT", "put", {"json": {"query": OK_QUERY}}, GQL, 405, "METHOD_NOT_ALLOWED"),
    ("DELETE", "delete", {}, GQL, 405, "METHOD_NOT_ALLOWED"),
]


@pytest.mark.parametrize(
    ("method", "kwargs", "accept", "status", "code"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_requests_get_their_documented_answer(
    client: TestClient, method: str, kwargs: dict[str, Any], accept: str, status: int, code: str
) -> None:
    headers = {"accept": accept, **kwargs.pop("headers", {})} if "headers" in kwargs else {"accept": accept}
    response = client.request(method.upper(), "/graphql", headers=headers, **kwargs)
    assert response.status_code == status, response.text[:300]
    body = json.loads(response.content)
    assert code in [e["extensions"]["code"] for e in body["errors"]]
    assert "Traceback" not in response.text
    if status == 405:
        assert "POST" in response.headers["allow"]
    # ... and the server keeps serving.
    assert client.post("/graphql", json={"query": OK_QUERY}).json() == {
        "data": {"character": {"name": "Ada Venn"}}
    }


def test_complexity_error_reports_estimate_and_budget(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": _deep_neighbours(4)}, headers={"accept": GQL})
    (error,) = [e for e in response.json()["errors"] if e["extensions"]["code"] == "QUERY_TOO_COMPLEX"]
    assert error["extensions"]["budget"] == 100_000
    assert error["extensions"]["cost"] > 100_000
