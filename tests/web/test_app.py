"""The Starlette app: GraphQL over POST and GET, GraphiQL for browsers, health, and refusing bad data."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from graphservice.catalog import Catalog
from graphservice.errors import DataError
from graphservice.settings import load_settings
from graphservice.web import create_app

from ..conftest import FIXTURES, LIGHTHOUSE


@pytest.fixture(scope="module")
def client(fixture_catalog: Catalog) -> TestClient:
    return TestClient(create_app(load_settings(data=str(LIGHTHOUSE)), fixture_catalog))


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_the_data_version(client: TestClient) -> None:
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert body["works"] == ["carrow-point"]
    assert len(body["version"]) == 16 and body["last_reload_error"] is None
    assert body["loaded_at"].endswith("+00:00") and body["load_seconds"] >= 0


def test_metrics_count_requests_by_operation_and_outcome(client: TestClient) -> None:
    client.post("/graphql", json={"query": "query Who { works { slug } }"})
    client.post("/graphql", json={"query": "query Who { nothing }"})
    text = client.get("/metrics").text
    assert 'graphservice_requests_total{operation="Who",outcome="ok"} 1.0' in text
    assert 'graphservice_requests_total{operation="Who",outcome="request_error"} 1.0' in text
    assert 'graphservice_request_duration_seconds_count{operation="Who"} 2.0' in text
    assert "graphservice_data_loaded_timestamp_seconds" in text


def test_post_query(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": '{ character(slug: "ada") { name } }'})
    assert response.status_code == 200
    assert response.json() == {"data": {"character": {"name": "Ada Venn"}}}


def test_get_query(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": "{ works { slug } }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"works": [{"slug": "carrow-point"}]}}


def test_errors_carry_codes_and_no_traceback(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": '{ character(slug: "nobody") { name } }'})
    body = response.json()
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    assert "Traceback" not in response.text


def test_graphiql_for_browsers(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_home_redirects_to_the_explorer(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (307, "/explorer")


def test_malformed_json_is_a_400(client: TestClient) -> None:
    response = client.post("/graphql", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400


def test_app_refuses_invalid_data() -> None:
    with pytest.raises(DataError, match=r"bad-kind\.yaml: relationships\[0\]"):
        create_app(load_settings(data=str(FIXTURES / "broken" / "bad-kind.yaml")))


def test_graphiql_can_be_turned_off(fixture_catalog: Catalog) -> None:
    app = create_app(load_settings(data=str(LIGHTHOUSE), graphiql=False), fixture_catalog)
    response = TestClient(app).get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in response.text.lower()
