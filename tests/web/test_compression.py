"""Large answers are compressed as the client asks (zstd, br, gzip); small ones are not."""

from __future__ import annotations

import gzip
import json

import brotli  # type: ignore[import-untyped]
import pytest
from graphql import get_introspection_query
from starlette.testclient import TestClient

from graphservice.catalog import Catalog
from graphservice.settings import load_settings
from graphservice.web import create_app

from ..conftest import NOVEL

INTROSPECTION = json.dumps({"query": get_introspection_query(descriptions=True)}).encode()


@pytest.fixture(scope="module")
def client(novel_catalog: Catalog) -> TestClient:
    return TestClient(create_app(load_settings(data=str(NOVEL)), novel_catalog))


def _post(client: TestClient, body: bytes, encoding: str) -> tuple[str | None, bytes]:
    # httpx decodes what it can on its own; read the raw bytes to see what was sent.
    with client.stream(
        "POST",
        "/graphql",
        content=body,
        headers={"content-type": "application/json", "accept-encoding": encoding},
    ) as response:
        raw = b"".join(response.iter_raw())
        return response.headers.get("content-encoding"), raw


@pytest.mark.parametrize(("encoding", "decode"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_a_large_answer_is_compressed_as_asked(client: TestClient, encoding: str, decode: object) -> None:
    for _ in range(2):  # computed, then from the response cache's byte-for-byte path
        used, raw = _post(client, INTROSPECTION, encoding)
        assert used == encoding
        plain = decode(raw)  # type: ignore[operator]
        assert len(raw) < len(plain) / 4  # 175 KB of schema compresses well
        assert json.loads(plain)["data"]["__schema"]["queryType"]["name"] == "Query"


def test_small_answers_and_clients_that_do_not_ask_are_sent_plain(client: TestClient) -> None:
    small = json.dumps({"query": "{ __typename }"}).encode()
    assert _post(client, small, "br, gzip") == (None, b'{"data":{"__typename":"Query"}}')
    used, raw = _post(client, INTROSPECTION, "identity")
    assert used is None and json.loads(raw)["data"]["__schema"]
