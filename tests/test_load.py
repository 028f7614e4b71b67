"""A short run of the load test (bench/load.py): 64 concurrent connections against a real server on
127.0.0.1, with no failure, no 5xx and no GraphQL error. `python -m bench.load` runs it longer."""

from __future__ import annotations

import os

from bench.load import run

SECONDS = float(os.environ.get("GRAPHSERVICE_LOAD_SECONDS", "4"))


def test_sixty_four_connections_without_an_error() -> None:
    summary = run(SECONDS, connections=64)
    assert summary["requests"] > 64
    assert summary["failures"] == 0
    assert summary["server_errors"] == 0
    assert summary["graphql_errors"] == 0
    assert set(summary["statuses"]) == {"200"}
    assert summary["p99_ms"] > 0
