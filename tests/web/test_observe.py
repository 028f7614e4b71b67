"""The request log line and the bounded metric labels."""

from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest
from starlette.testclient import TestClient

from graphservice.catalog import Catalog
from graphservice.logs import JsonFormatter
from graphservice.settings import load_settings
from graphservice.web import create_app
from graphservice.web.observe import Metrics, watch_loop

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


def test_refused_requests_cannot_squat_labels_and_known_operations_keep_theirs() -> None:
    metrics = Metrics(reserved=["ExplorerGraph"])
    for i in range(200):  # junk requests with made-up names: refused before they ran
        assert metrics.label(f"Junk{i}", ran=False) == "other"
    assert metrics.label("Who") == "Who"  # the slots are still free
    for i in range(200):  # even once valid names fill every slot
        metrics.label(f"Op{i}")
    assert metrics.label("ExplorerGraph") == "ExplorerGraph"


def test_the_explorers_operations_are_known_to_the_app(client: TestClient) -> None:
    known = client.app.state.known_operations  # type: ignore[attr-defined]
    assert {"ExplorerGraph", "ExplorerNode", "ExplorerDataVersion"} <= known
    for i in range(120):
        client.post("/graphql", json={"query": "{ __typename }", "operationName": f"Squat{i}"})
    client.post("/graphql", json={"query": "query ExplorerWorks { works { slug } }"})
    assert 'operation="ExplorerWorks"' in client.get("/metrics").text
    assert 'operation="Squat5"' not in client.get("/metrics").text


def test_sampling_keeps_a_share_of_ordinary_lines_and_every_error(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import itertools
    import random

    from graphservice.web.observe import RequestRecord, log_request

    draws = itertools.cycle([0.1, 0.3, 0.6, 0.9])  # a quarter of the draws fall under 0.25
    monkeypatch.setattr(random, "random", lambda: next(draws))
    with caplog.at_level(logging.INFO, logger="graphservice"):
        for _ in range(400):
            log_request(RequestRecord("POST", "Who", status=200, outcome="ok"), False, 0.25)
        for _ in range(20):
            log_request(RequestRecord("POST", "Bad", status=400, outcome="request_error"), False, 0.25)
        slow = RequestRecord("POST", "Slow", status=200, outcome="ok")
        slow.seconds = 0.6
        log_request(slow, False, 0.0)
    lines = _access_lines(caplog)
    assert sum(line["operation"] == "Who" for line in lines) == 100
    assert sum(line["operation"] == "Bad" for line in lines) == 20  # errors: every one
    assert sum(line["operation"] == "Slow" for line in lines) == 1  # slow: even at a share of 0


def test_ordinary_requests_are_summed_up_once_a_minute_by_default(caplog: pytest.LogCaptureFixture) -> None:
    from graphservice.web.observe import AccessSummary, RequestRecord

    summary = AccessSummary()
    for i in range(10):
        record = RequestRecord("POST", "Who" if i < 7 else None, status=200, outcome="ok")
        record.seconds = (i + 1) / 1000  # 1 ms to 10 ms
        summary.add(record)
    with caplog.at_level(logging.INFO, logger="graphservice"):
        summary.flush(60.0)
        summary.flush(60.0)  # nothing new: no second line
    (line,) = _access_lines(caplog)
    assert (line["requests"], line["outcomes"], line["operations"]) == (
        10,
        {"ok": 10},
        {"Who": 7, "anonymous": 3},
    )
    assert (line["p50_ms"], line["p99_ms"], line["max_ms"]) == (6.0, 10.0, 10.0)


def test_with_the_default_settings_an_ordinary_request_has_no_line_of_its_own(
    fixture_catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    from graphservice.web.observe import SUMMARY

    before = SUMMARY.count
    app = create_app(load_settings(data=str(LIGHTHOUSE)), fixture_catalog)
    with TestClient(app) as client, caplog.at_level(logging.INFO, logger="graphservice"):
        client.post("/graphql", json={"query": "query Fine { works { slug } }"})
        client.post("/graphql", json={"query": "query Broken { nope }"})
        counted = SUMMARY.count - before
    lines = [line for line in _access_lines(caplog) if "requests" not in line]
    assert [line["operation"] for line in lines] == ["Broken"]  # the error has its line
    assert counted == 1  # the ordinary request went into the summary


def test_the_event_loops_lag_is_measured_and_a_blocked_loop_shows() -> None:
    metrics = Metrics()

    async def run() -> None:
        watcher = asyncio.create_task(watch_loop(metrics.loop_lag, every=0.01))
        await asyncio.sleep(0.05)  # a few prompt ticks
        time.sleep(0.3)  # a callback that holds the loop
        await asyncio.sleep(0.05)
        watcher.cancel()

    asyncio.run(run())
    samples = {
        s.labels["le"]: s.value
        for s in next(iter(metrics.loop_lag.collect())).samples
        if s.name.endswith("_bucket")
    }
    assert samples["+Inf"] >= 4
    assert samples["+Inf"] - samples["0.25"] == 1  # the one tick that waited behind the sleep
    assert samples["0.025"] >= 3  # the others were prompt


def test_the_app_reports_its_loop_lag_on_metrics(client: TestClient) -> None:
    with client:  # the lifespan runs the loop watcher
        time.sleep(0.2)
        text = client.get("/metrics").text
    wanted = "graphservice_event_loop_lag_seconds_count"
    (count,) = [line for line in text.splitlines() if line.startswith(wanted)]
    assert float(count.split()[-1]) >= 1
