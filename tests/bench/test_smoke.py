"""The benchmark suite still works: its smoke mode runs every part in seconds (in-process
timings, the three servers under a one-second load from bench/load.py, the smallest synthetic
work) and its report renders. It checks that the suite runs, not how fast anything is: speed
targets live in the suite itself (docs/benchmarks.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.__main__ import run
from bench.operations import OPERATIONS
from bench.report import BEGIN, END, render, write_into


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return run(smoke=True)


def test_every_operation_is_timed_on_every_path(results: dict[str, Any]) -> None:
    part = results["parts"]["inprocess"]
    assert [r["operation"] for r in part["operations"]] == [op.name for op in OPERATIONS]
    for row in part["operations"]:
        for path in ("service", "strawberry", "bare_graphql_core", "raw", "cached_answer"):
            assert row[path]["calls"] > 0 and row[path]["median_us"] > 0
    assert part["document_cache"]["works"]


def test_the_servers_answer_under_load(results: dict[str, Any]) -> None:
    part = results["parts"]["http"]
    assert part["servers"] == ["floor", "graphservice serve, as shipped", "plain strawberry", "service"]
    load = part["load"]
    assert load["requests"] > 0
    assert (load["failures"], load["server_errors"], load["graphql_errors"]) == (0, 0, 0)


def test_the_smallest_synthetic_work_is_measured(results: dict[str, Any]) -> None:
    [row] = results["parts"]["scale"]["sizes"]
    assert "error" not in row, row.get("error")
    assert row["relationships"] == 1_000 and row["edges"] > 1_000
    assert row["load_seconds"] > 0 and row["rss_mib"] > 0
    assert row["neighbours"]["requests"] > 0 and row["shortest_path"]["requests"] > 0


def test_a_small_library_folder_is_served_and_measured(results: dict[str, Any]) -> None:
    part = results["parts"]["library"]
    assert part["works"] == 30
    assert part["startup"]["seconds"] > 0 and part["startup"]["rss_mib"] > 0
    assert part["cold_query_ms"]["p50"] > 0 and part["warm_query_ms"]["p50"] > 0
    touched = part["touch_every_work"]
    assert touched["in_memory"] == 30 and touched["memory"]["loads"] == 30  # every work, once
    assert "answered" in part["search_all"]  # 30 works: a search over all of them is allowed


def test_the_report_replaces_only_its_own_block(results: dict[str, Any], tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Title\n\nBefore.\n\n{BEGIN}\nold figures\n{END}\n\nAfter.\n", encoding="utf-8")
    write_into(doc, render(results))
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nBefore.\n\n") and text.endswith("\n\nAfter.\n")
    assert "old figures" not in text
    assert "### In process" in text and "| character |" in text and "Smoke check" in text
    assert "### Library" in text and "first query of a cold work" in text
