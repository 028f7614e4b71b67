"""The request log line and the bounded metric labels."""

from __future__ import annotations

import json
import logging

import pytest
from starlette.testclient import TestClient

from graphservice.catalog import Catalog
from graphservice.logs import JsonFormatter
from graphservice.settings import load_settings
from graphservice.web import create_app
from graphservice.web.observe import Metrics

from ..conftest import LIGHTHOUSE

QUERY = "query Who($s: String) { character(slug: $s) { name } }"


@pytest.fixture(scope="module")
def client(fixture_catalog: Catalog) -> TestClient:
    return TestClient(create_app(load_settings(data=str(LIGHTHOUSE)), fixture_catalog))


def _access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "graphservice.access"]


def test_a_request_logs_operation_cost_codes_but_not_variables(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="graphservice"):
        client.post("/graphql", json={"query": QUERY, "variables": {"s": "secret-slug"}})
    (line,) = _access_lines(caplog)
    assert line["operation"] == "Who" and line["status"] == 200 and line["outcome"] == "field_error"
    assert line["codes"] == ["NOT_FOUND"]
    assert line["cost"] == 1 and isinstance(line["duration_ms"], float)
    assert "variables" not in line and "secret-slug" not in json.dumps(line)


def test_variables_are_logged_only_at_debug(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="graphservice"):
        client.post("/graphql", json={"query": QUERY, "variables": {"s": "ada"}})
    (line,) = _access_lines(caplog)
    assert line["variables"] == {"s": "ada"}


def test_operation_labels_are_bounded() -> None:
    metrics = Metrics()
    assert metrics.label(None) == "anonymous"
    assert metrics.label("Who") == "Who"
    assert metrics.label("not a name!") == "other"
    for i in range(200):
        metrics.label(f"Op{i}")
    assert metrics.label("Op5") == "Op5"  # among the first hundred
    assert metrics.label("Op150") == "other"
