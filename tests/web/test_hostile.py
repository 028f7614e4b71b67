"""Issue 16's findings, one regression test each: cheap requests that used to cost seconds or
gigabytes, and input that used to get a 500."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from starlette.testclient import TestClient

from graphservice.api.execution import DOCUMENTS
from graphservice.catalog import Catalog
from graphservice.settings import load_settings
from graphservice.web import create_app

from ..conftest import NOVEL

GQL = "application/graphql-response+json"


@pytest.fixture(scope="module")
def client(novel_catalog: Catalog) -> TestClient:
    return TestClient(create_app(load_settings(data=str(NOVEL)), novel_catalog))


def _post(client: TestClient, body: Any, accept: str = GQL) -> tuple[int, dict[str, Any]]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = client.post(
        "/graphql", content=raw, headers={"content-type": "application/json", "accept": accept}
    )
    payload: dict[str, Any] = response.json()
    return response.status_code, payload


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in payload.get("errors", [])]


def _fragment_dag(levels: int, leaf: str = "__typename") -> str:
    fragments = [f"fragment F0 on Query {{ {leaf} }}"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return f"query {{ ...F{levels} }}\n" + "\n".join(fragments)


@pytest.mark.parametrize("levels", [22, 60, 300])
def test_a_fragment_dag_is_answered_not_expanded(client: TestClient, levels: int) -> None:
    # 22 levels took 51 s before; 2^300 expansions could never finish, so answering at all shows
    # each fragment is looked at once.
    status, payload = _post(client, {"query": _fragment_dag(levels)})
    assert status in (200, 400)
    assert payload.get("data") == {"__typename": "Query"} or _codes(payload)


def test_a_fragment_dag_of_aliases_is_refused_for_its_aliases(client: TestClient) -> None:
    status, payload = _post(client, {"query": _fragment_dag(40, leaf="a: __typename")})
    assert (status, set(_codes(payload))) == (400, {"TOO_MANY_ALIASES"})


def test_refused_documents_are_not_kept(client: TestClient) -> None:
    DOCUMENTS.clear()
    for i in range(40):  # ~500 KB each, refused by the token limit
        query = "{ " + " ".join(f"f{i}_{j}" for j in range(60_000)) + " }"
        status, payload = _post(client, {"query": query})
        assert (status, _codes(payload)) == (400, ["TOO_MANY_TOKENS"])
    assert len(DOCUMENTS) == 0


def test_a_document_over_the_token_limit_never_reaches_graphql_cores_parser(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # graphql-core's own refusal locates its error with regular expressions over the whole body,
    # holding the interpreter lock (and the event loop) for tens of milliseconds on 500 KB.
    import graphservice.api.execution as execution

    def no_parse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("graphql-core parsed a document over the token limit")

    monkeypatch.setattr(execution, "parse", no_parse)
    query = "{ " + " ".join(f"g{j}" for j in range(60_000)) + " }"
    status, payload = _post(client, {"query": query})
    assert (status, _codes(payload)) == (400, ["TOO_MANY_TOKENS"])
    # The 5,001st token ("{" is the first) is g4999, 1-based column just past its leading space.
    assert payload["errors"][0]["locations"] == [{"line": 1, "column": query.index(" g4999 ") + 2}]


@pytest.mark.parametrize(
    "query",
    [
        "{ characters(last: 0) { edges { node { slug } } } }",
        "{ characters(first: 0) { totalCount } }",
        "{ characters(first: -1) { totalCount } }",
        "{ characters(last: 101) { totalCount } }",
        '{ character(slug: "kathy-h") { relationships(last: 0) { totalCount } } }',
    ],
)
def test_page_sizes_out_of_range_are_bad_input(client: TestClient, query: str) -> None:
    status, payload = _post(client, {"query": query})
    assert status == 200 and _codes(payload) == ["BAD_USER_INPUT"]
    assert "between 1 and 100" in payload["errors"][0]["message"]


@pytest.mark.parametrize(
    "cursor",
    [
        "xyz",  # not base64 (Python said "Incorrect padding")
        "YXJyYXljb25uZWN0aW9uOi01",  # arrayconnection:-5, a negative offset
        "YXJyYXljb25uZWN0aW9uOjk5OQ==",  # arrayconnection:999, past the end
        "Q2hhcmFjdGVyOmthdGh5LWg=",  # a global id, not a cursor
        "",
    ],
)
def test_foreign_or_malformed_cursors_are_bad_input(client: TestClient, cursor: str) -> None:
    status, payload = _post(
        client,
        {"query": "query($c: String) { characters(after: $c) { totalCount } }", "variables": {"c": cursor}},
    )
    assert status == 200 and _codes(payload) == ["BAD_USER_INPUT"]
    message = payload["errors"][0]["message"]
    assert message.startswith("`after`") and "padding" not in message


def test_cursors_from_the_list_still_page_through_it(client: TestClient) -> None:
    seen: list[str] = []
    after = None
    while True:
        _, payload = _post(
            client,
            {
                "query": "query($a: String) { characters(first: 3, after: $a) "
                "{ edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } }",
                "variables": {"a": after},
            },
        )
        page = payload["data"]["characters"]
        seen += [e["node"]["slug"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 10


def test_fifty_aliased_schemas_are_refused(client: TestClient) -> None:
    query = (
        "{ " + " ".join(f"s{i}: __schema {{ types {{ name fields {{ name }} }} }}" for i in range(50)) + " }"
    )
    status, payload = _post(client, {"query": query})
    assert (status, _codes(payload)) == (400, ["QUERY_TOO_COMPLEX"])


def test_fifty_aliased_path_searches_are_refused(client: TestClient) -> None:
    field = 'paths(from: "kathy-h", to: "madame", maxLength: 8, limit: 50, weighted: true) { length }'
    query = "{ " + " ".join(f"p{i}: {field}" for i in range(50)) + " }"
    status, payload = _post(client, {"query": query})
    assert (status, _codes(payload)) == (400, ["QUERY_TOO_COMPLEX"])


def test_the_time_budget_is_shared_by_every_field(novel_catalog: Catalog) -> None:
    # Each search alone fits in the budget; together they do not, and the request stops.
    app = create_app(load_settings(data=str(NOVEL), time_budget=0.05), novel_catalog)
    field = 'paths(from: "kathy-h", to: "madame", maxLength: 8, limit: 50, weighted: true) { length }'
    query = "{ " + " ".join(f"p{i}: {field}" for i in range(30)) + " }"
    status, payload = _post(TestClient(app), {"query": query})
    assert status == 200 and set(_codes(payload)) == {"QUERY_TIMEOUT"}
    assert "data" in payload  # the operation had started: not a request error
    assert len(payload["errors"]) < 30  # not one error per field: the request stopped


def test_a_request_that_spent_its_budget_before_running_stops_with_data_null(novel_catalog: Catalog) -> None:
    # time_budget is positive by the settings' rules; a tiny one is spent in parsing alone.
    app = create_app(load_settings(data=str(NOVEL), time_budget=1e-9), novel_catalog)
    status, payload = _post(TestClient(app), {"query": "{ works { slug } }"})
    assert (status, payload["data"], _codes(payload)) == (200, None, ["QUERY_TIMEOUT"])


@pytest.mark.parametrize(
    "body",
    [
        b'{"query":"{ __typename }","operationName":"\\ud800"}',
        b'{"query":"query($a: String) { work(slug: $a) { slug } }","variables":{"a":"\\ud800"}}',
        b'{"query":"{ __typename }","variables":{"\\udfff":1}}',
        b'{"query":"{ __typename \\ud800 }"}',
        b'{"query":"{ __typename }","extensions":{"x":["\\ud83d"]}}',
        b'{"query":"{ __typename }","variables":{"a":' + b"[" * 1000 + b"]" * 1000 + b"}}",
        b'{"query":"{ __typename }","variables":' + b'{"a":' * 5000 + b"1" + b"}" * 5001,
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
@pytest.mark.parametrize("accept", [GQL, "application/json"])
def test_unrepresentable_input_is_a_400_not_a_500(client: TestClient, body: bytes, accept: str) -> None:
    status, payload = _post(client, body, accept)
    assert status == 400 and _codes(payload) == ["BAD_REQUEST"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(novel_catalog: Catalog) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1, in a thread, for tests that need real concurrency."""
    port = _free_port()
    app = create_app(load_settings(data=str(NOVEL), log_level="warning"), novel_catalog)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(10)


def test_healthz_answers_while_dear_requests_run(server: str) -> None:
    field = 'paths(from: "kathy-h", to: "madame", maxLength: 8, limit: 50, weighted: true) { length }'
    heavy = {"query": "{ " + " ".join(f"p{i}: {field}" for i in range(40)) + " }"}
    stop = threading.Event()
    answered: list[int] = []

    def hammer() -> None:
        while not stop.is_set():
            request = urllib.request.Request(  # noqa: S310 (127.0.0.1)
                f"{server}/graphql", json.dumps(heavy).encode(), {"content-type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (127.0.0.1)
                answered.append(response.status)

    workers = [threading.Thread(target=hammer) for _ in range(4)]
    for worker in workers:
        worker.start()
    worst = 0.0
    try:
        time.sleep(0.3)  # let the dear requests start
        for _ in range(20):
            started = time.perf_counter()
            with urllib.request.urlopen(f"{server}/healthz", timeout=30) as response:  # noqa: S310
                assert response.status == 200
            worst = max(worst, time.perf_counter() - started)
            time.sleep(0.05)
    finally:
        stop.set()
        for worker in workers:
            worker.join(60)
    assert answered and set(answered) == {200}
    # Each dear request takes about half a second of CPU; on the event loop, /healthz would wait
    # for whole requests. The 100 ms target is measured by the soak benchmark; this bound only
    # tells "answered between requests" from "answered during them".
    assert worst < 0.25, worst
