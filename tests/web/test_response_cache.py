"""The response cache: keys, ETags, its bound, and the endpoint serving kept answers until a
reload swaps the data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from starlette.testclient import TestClient

from graphservice.settings import load_settings
from graphservice.web import create_app
from graphservice.web.response_cache import (
    MAX_ALIAS_BODY,
    CachedAnswer,
    ResponseCache,
    cache_key,
    etag_of,
)
from graphservice.web.state import DataHolder

from ..conftest import LIGHTHOUSE

QUERY = "query Who($s: String) { character(slug: $s) { name } }"


def _answer(size: int, name: str = "Op") -> CachedAnswer:
    return CachedAnswer(b"x" * size, name, 1.0)


def test_variable_order_does_not_change_the_key() -> None:
    one = cache_key("v1", QUERY, {"s": "ada", "t": [1, 2]}, None)
    other = cache_key("v1", QUERY, {"t": [1, 2], "s": "ada"}, None)
    assert one == other
    assert etag_of(one) == etag_of(other)


def test_no_variables_and_an_empty_object_are_the_same_request() -> None:
    assert cache_key("v1", QUERY, None, None) == cache_key("v1", QUERY, {}, None)


@pytest.mark.parametrize(
    "changed",
    [
        ("v2", QUERY, {"s": "ada"}, None),
        ("v1", QUERY + " ", {"s": "ada"}, None),
        ("v1", QUERY, {"s": "ben"}, None),
        ("v1", QUERY, {"s": "ada"}, "Who"),
        ("v1", QUERY, {"s": "ada"}, ""),
    ],
)
def test_every_part_of_the_key_changes_the_etag(changed: tuple[str, str, dict[str, str], str | None]) -> None:
    base = cache_key("v1", QUERY, {"s": "ada"}, None)
    assert etag_of(cache_key(*changed)) != etag_of(base)


def test_an_etag_is_a_quoted_strong_tag() -> None:
    tag = etag_of(cache_key("v1", QUERY, None, None))
    assert tag.startswith('"') and tag.endswith('"') and len(tag) == 34


def test_the_least_recently_used_answer_goes_first() -> None:
    cache = ResponseCache(max_bytes=3000)
    keys = [cache_key("v", f"{{ q{i} }}", None, None) for i in range(3)]
    for key in keys:
        cache.put(key, _answer(900))
    assert cache.get(keys[0]) is not None  # now the most recently used
    cache.put(cache_key("v", "{ q3 }", None, None), _answer(900))
    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) is not None and cache.get(keys[2]) is not None
    assert cache.size <= 3000 and len(cache) == 3


def test_an_answer_larger_than_the_bound_is_not_kept() -> None:
    cache = ResponseCache(max_bytes=1000)
    key = cache_key("v", "{ big }", None, None)
    cache.put(key, _answer(2000))
    assert cache.get(key) is None and len(cache) == 0


def test_replacing_an_answer_keeps_the_byte_count_right() -> None:
    cache = ResponseCache(max_bytes=10_000)
    key = cache_key("v", "{ q }", None, None)
    cache.put(key, _answer(100))
    cache.put(key, _answer(300))
    assert len(cache) == 1
    assert cache.size == 300 + len(key[1]) + len(key[2])
    cache.clear()
    assert cache.size == 0 and cache.get(key) is None


def test_hits_and_misses_are_counted() -> None:
    cache = ResponseCache()
    key = cache_key("v", "{ q }", None, None)
    cache.get(key)
    cache.put(key, _answer(10))
    cache.get(key)
    assert (cache.hits, cache.misses) == (1, 1)


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "lighthouse.yaml"
    path.write_text(LIGHTHOUSE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture
def client(data_file: Path) -> Iterator[TestClient]:
    with TestClient(create_app(load_settings(data=str(data_file)))) as client:
        yield client


def _holder(client: TestClient) -> DataHolder:
    holder: DataHolder = client.app.state.data  # type: ignore[attr-defined]
    return holder


def test_a_repeated_query_is_answered_without_running_it(client: TestClient) -> None:
    body = {"query": QUERY, "variables": {"s": "ada"}}
    first = client.post("/graphql", json=body)
    with mock.patch("graphservice.web.graphql_http.run_prepared") as run:
        again = client.post("/graphql", json={"variables": {"s": "ada"}, "query": QUERY})
        via_get = client.get("/graphql", params={"query": QUERY, "variables": '{"s": "ada"}'})
    run.assert_not_called()
    assert again.content == first.content == via_get.content
    assert first.json() == {"data": {"character": {"name": "Ada Venn"}}}
    assert via_get.headers["etag"] and via_get.headers["cache-control"]
    assert "etag" not in again.headers


def test_a_cached_answer_still_gets_304_for_its_etag(client: TestClient) -> None:
    params = {"query": QUERY, "variables": '{"s": "ada"}'}
    etag = client.get("/graphql", params=params).headers["etag"]
    again = client.get("/graphql", params=params, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag


def test_answers_with_errors_are_not_kept(client: TestClient) -> None:
    body = {"query": QUERY, "variables": {"s": "nobody"}}
    client.post("/graphql", json=body)
    assert len(_holder(client).responses) == 0
    assert client.post("/graphql", json=body).json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_a_reload_clears_the_answers_and_changes_the_etag(client: TestClient, data_file: Path) -> None:
    params = {"query": QUERY, "variables": '{"s": "ada"}'}
    before = client.get("/graphql", params=params)
    assert len(_holder(client).responses) == 1
    data_file.write_text(data_file.read_text(encoding="utf-8").replace("name: Ada Venn", "name: Ada Vane"))
    assert client.portal is not None
    assert client.portal.call(_holder(client).reload)
    assert len(_holder(client).responses) == 0
    after = client.get("/graphql", params=params, headers={"if-none-match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.json() == {"data": {"character": {"name": "Ada Vane"}}}
    assert after.headers["etag"] != before.headers["etag"]


def test_an_alias_finds_the_answer_only_while_it_is_kept() -> None:
    cache = ResponseCache(max_bytes=2000)
    key = cache_key("v1", QUERY, {"s": "ada"}, None)
    cache.put(key, _answer(500))
    cache.alias(b'{"query": "..."}', key)
    assert cache.by_body("v1", b'{"query": "..."}') == _answer(500)
    assert cache.by_body("v2", b'{"query": "..."}') is None  # another data version
    assert cache.by_body("v1", b'{"query":"..."}') is None  # other bytes
    cache.put(cache_key("v1", "{ other }", None, None), _answer(1800))  # pushes the first answer out
    assert cache.by_body("v1", b'{"query": "..."}') is None


def test_large_bodies_get_no_alias() -> None:
    cache = ResponseCache()
    key = cache_key("v1", QUERY, None, None)
    cache.put(key, _answer(10))
    body = b" " * (MAX_ALIAS_BODY + 1)
    cache.alias(body, key)
    assert cache.by_body("v1", body) is None


def test_the_same_bytes_again_skip_parsing_and_get_the_same_answer(client: TestClient) -> None:
    raw = b'{"query": "query Who($s: String) { character(slug: $s) { name } }", "variables": {"s": "ada"}}'
    headers = {"content-type": "application/json"}
    first = client.post("/graphql", content=raw, headers=headers)
    with (
        mock.patch("graphservice.web.graphql_http.check_params", side_effect=AssertionError("parsed")),
        mock.patch("graphservice.web.graphql_http.run_prepared", side_effect=AssertionError("ran")),
    ):
        again = client.post("/graphql", content=raw, headers=headers)
        strict = client.post(
            "/graphql", content=raw, headers={**headers, "accept": "application/graphql-response+json"}
        )
    assert again.status_code == first.status_code == 200
    assert again.content == first.content == strict.content
    assert again.headers["content-type"] == first.headers["content-type"] == "application/json; charset=utf-8"
    assert strict.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    assert again.headers["vary"].startswith("Accept")
    metrics = client.get("/metrics").text
    assert 'graphservice_requests_total{operation="Who",outcome="ok"} 3.0' in metrics


def test_the_same_bytes_after_a_reload_get_the_new_answer(client: TestClient, data_file: Path) -> None:
    raw = b'{"query": "{ character(slug: \\"ada\\") { name } }"}'
    headers = {"content-type": "application/json"}
    assert (
        client.post("/graphql", content=raw, headers=headers).json()["data"]["character"]["name"]
        == "Ada Venn"
    )
    client.post("/graphql", content=raw, headers=headers)
    data_file.write_text(data_file.read_text(encoding="utf-8").replace("name: Ada Venn", "name: Ada Vane"))
    assert client.portal is not None
    assert client.portal.call(_holder(client).reload)
    after = client.post("/graphql", content=raw, headers=headers)
    assert after.json() == {"data": {"character": {"name": "Ada Vane"}}}
