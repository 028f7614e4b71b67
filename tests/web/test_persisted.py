"""Persisted documents: Apollo's APQ round trip over POST and GET, documentId, the trusted-documents
manifest and the mode that runs nothing else; the schema's artefacts over HTTP."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from graphservice.catalog import Catalog
from graphservice.errors import DataError
from graphservice.schema_export import possible_types, render, shipped_documents
from graphservice.settings import SettingsError, load_settings
from graphservice.web import create_app
from graphservice.web.persisted import PersistedQueries, load_manifest, sha256_of

from ..conftest import NOVEL, ROOT

GQL = "application/graphql-response+json"
QUERY = '{ character(slug: "kathy-h") { id name } }'
HASH = hashlib.sha256(QUERY.encode()).hexdigest()
KATHY = {"character": {"id": "Q2hhcmFjdGVyOm5ldmVyLWxldC1tZS1nby9rYXRoeS1o", "name": "Kathy H."}}


def _apq(digest: str = HASH) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


@pytest.fixture
def client(novel_catalog: Catalog) -> TestClient:
    return TestClient(create_app(load_settings(data=str(NOVEL)), novel_catalog))


def _post(client: TestClient, body: dict[str, Any], accept: str = GQL) -> tuple[int, dict[str, Any], Any]:
    response = client.post("/graphql", json=body, headers={"accept": accept})
    return response.status_code, response.json(), response.headers


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in payload.get("errors", [])]


@pytest.mark.parametrize("accept", [GQL, "application/json"])
def test_the_apq_round_trip_over_post(client: TestClient, accept: str) -> None:
    # What Apollo's PersistedQueryLink does: the hash alone, then the hash with the query.
    status, payload, headers = _post(client, {"extensions": _apq()}, accept)
    assert (status, payload) == (
        200,
        {
            "errors": [
                {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
            ]
        },
    )
    assert "no-cache" in headers["cache-control"]
    status, payload, _ = _post(client, {"query": QUERY, "extensions": _apq()}, accept)
    assert (status, payload) == (200, {"data": KATHY})
    status, payload, _ = _post(client, {"extensions": _apq()}, accept)
    assert (status, payload) == (200, {"data": KATHY})


def test_the_apq_round_trip_over_get_with_etags(client: TestClient) -> None:
    params = {"extensions": json.dumps(_apq())}
    first = client.get("/graphql", params=params, headers={"accept": GQL})
    assert _codes(first.json()) == ["PERSISTED_QUERY_NOT_FOUND"]
    client.get("/graphql", params={**params, "query": QUERY}, headers={"accept": GQL})
    answer = client.get("/graphql", params=params, headers={"accept": GQL})
    assert answer.json() == {"data": KATHY}
    again = client.get(
        "/graphql", params=params, headers={"accept": GQL, "if-none-match": answer.headers["etag"]}
    )
    assert again.status_code == 304


def test_a_kept_answer_registers_the_hash_too(client: TestClient) -> None:
    assert _post(client, {"query": QUERY})[1] == {"data": KATHY}  # the answer is now cached
    assert _post(client, {"query": QUERY, "extensions": _apq()})[1] == {"data": KATHY}
    assert _post(client, {"extensions": _apq()})[1] == {"data": KATHY}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"query": QUERY, "extensions": _apq("0" * 64)}, "provided sha does not match query"),
        (
            {"extensions": {"persistedQuery": {"version": 2, "sha256Hash": HASH}}},
            "Unsupported persisted query",
        ),
        ({"extensions": _apq("not-a-hash")}, "64 lower-case hex digits"),
        ({"extensions": {"persistedQuery": "yes"}}, "must be an object"),
        ({"documentId": "md5:abc"}, "`documentId` must be"),
        ({"documentId": 7}, "`documentId` must be a string"),
    ],
)
def test_malformed_persisted_requests_are_400(client: TestClient, body: dict[str, Any], message: str) -> None:
    status, payload, _ = _post(client, body)
    assert status == 400 and _codes(payload) == ["BAD_REQUEST"]
    assert message in payload["errors"][0]["message"]


def test_an_invalid_document_is_not_registered(client: TestClient) -> None:
    bad = "{ nope }"
    status, payload, _ = _post(client, {"query": bad, "extensions": _apq(sha256_of(bad))})
    assert status == 400 and _codes(payload) == ["GRAPHQL_VALIDATION_FAILED"]
    assert _codes(_post(client, {"extensions": _apq(sha256_of(bad))})[1]) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_the_store_is_bounded_in_bytes() -> None:
    store = PersistedQueries(max_bytes=100)
    for i in range(10):
        text = f"{{ works {{ slug }} }} #{i:02d}" + " " * 20
        store.put(sha256_of(text), text)
    assert 0 < len(store) <= 100 // 40
    newest = "{ works { slug } } #09" + " " * 20
    assert store.get(sha256_of(newest)) == newest


def _manifest(tmp_path: Path, documents: list[str]) -> Path:
    path = tmp_path / "trusted.json"
    path.write_text(json.dumps({sha256_of(d): d for d in documents}), encoding="utf-8")
    return path


def _trusted_client(tmp_path: Path, catalog: Catalog, documents: list[str]) -> TestClient:
    settings = load_settings(
        data=str(NOVEL), trusted_documents=_manifest(tmp_path, documents), trusted_only=True
    )
    return TestClient(create_app(settings, catalog))


def test_trusted_only_runs_the_manifest_by_text_hash_or_document_id(
    tmp_path: Path, novel_catalog: Catalog
) -> None:
    client = _trusted_client(tmp_path, novel_catalog, [QUERY])
    assert _post(client, {"query": QUERY})[1] == {"data": KATHY}
    assert _post(client, {"extensions": _apq()})[1] == {"data": KATHY}
    assert _post(client, {"documentId": f"sha256:{HASH}"})[1] == {"data": KATHY}
    response = client.get("/graphql", params={"documentId": f"sha256:{HASH}"}, headers={"accept": GQL})
    assert response.json() == {"data": KATHY}


def test_trusted_only_refuses_anything_else(tmp_path: Path, novel_catalog: Catalog) -> None:
    client = _trusted_client(tmp_path, novel_catalog, [QUERY])
    other = "{ works { slug } }"
    status, payload, _ = _post(client, {"query": other})
    assert (status, _codes(payload)) == (400, ["TRUSTED_DOCUMENTS_ONLY"])
    status, payload, _ = _post(client, {"query": other, "extensions": _apq(sha256_of(other))})
    assert (status, _codes(payload)) == (400, ["TRUSTED_DOCUMENTS_ONLY"])  # and APQ registers nothing
    assert _codes(_post(client, {"extensions": _apq(sha256_of(other))})[1]) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_trusted_only_needs_a_manifest() -> None:
    with pytest.raises(SettingsError, match="TRUSTED_DOCUMENTS"):
        create_app(load_settings(data=str(NOVEL), trusted_only=True))


def test_the_shipped_manifest_runs_the_explorer_and_the_readme(novel_catalog: Catalog) -> None:
    manifest = ROOT / "schema" / "trusted-documents.json"
    settings = load_settings(data=str(NOVEL), trusted_documents=manifest, trusted_only=True)
    client = TestClient(create_app(settings, novel_catalog))
    documents = shipped_documents(ROOT / "README.md")
    assert len(documents) > 15
    for document in documents:
        _status, payload, _ = _post(client, {"query": document})
        assert "TRUSTED_DOCUMENTS_ONLY" not in _codes(payload), document


def test_manifests_in_apollos_format_load(tmp_path: Path) -> None:
    path = tmp_path / "apollo.json"
    operations = [{"id": HASH, "body": QUERY, "name": "Kathy", "type": "query"}]
    path.write_text(
        json.dumps({"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations})
    )
    assert load_manifest(path) == {HASH: QUERY}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (json.dumps({"0" * 64: QUERY}), "is not the SHA-256 of its text"),
        (json.dumps({"short": QUERY}), "expected a SHA-256 hex hash"),
        (json.dumps([QUERY]), "a JSON object of hash to document text"),
        ("{", "cannot read"),
    ],
)
def test_a_bad_manifest_names_file_entry_and_reason(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(DataError, match=reason) as caught:
        load_manifest(path)
    assert str(path) in str(caught.value)


def test_the_committed_artefacts_are_current() -> None:
    for name, text in render(ROOT / "README.md").items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, name


def test_possible_types_are_served(client: TestClient) -> None:
    response = client.get("/schema/possible-types.json")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.json() == possible_types()
    assert response.json()["Entity"] == ["Character", "Group", "Place"]
    assert set(response.json()["PathResult"]) == {"NoPath", "Path"}
    sdl = client.get("/schema/schema.graphql")
    assert sdl.status_code == 200 and "type Query" in sdl.text
    assert client.get("/schema/other.json").status_code == 404
