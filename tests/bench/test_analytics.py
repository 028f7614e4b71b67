"""The analytics benchmark runs: on a work just large enough for the estimates it times the first
request, the cached ones and each part, and compares closeness with exact closeness. It checks
that the benchmark works, not how fast anything is."""

from __future__ import annotations

from pathlib import Path

from bench.analytics import MEASURES, measure
from graphservice.queries.analytics import Measure
from graphservice.queries.limits import LARGE_WORK_EDGES


def test_the_benchmark_measures_a_small_large_work(tmp_path: Path) -> None:
    results = measure((3_000,), 1, tmp_path)
    [row] = results["sizes"]
    assert "error" not in row, row.get("error")
    assert row["pairs"] > LARGE_WORK_EDGES  # so betweenness and closeness are estimated
    assert row["first_request_seconds"] > 0 and row["load_seconds"] > 0
    assert set(row["warm_ms"]) == {*MEASURES, "COMMUNITIES"}
    parts = {"projection", *(m.value for m in Measure), "communities", "analytics_total"}
    assert set(row["domain_seconds"]) == parts
    assert 0.5 < row["accuracy"]["spearman"] <= 1.0
    assert row["default_budget"]["first_request_seconds"] > 0
    assert results["backend"].startswith("igraph ")
    assert results["target_met"] is None  # the 10^5 work was not measured
