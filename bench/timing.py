"""Timing helpers: run a callable many times and summarise the distribution in microseconds."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

__all__ = ["percentile", "ratio", "time_calls"]


def percentile(ordered: list[float], p: float) -> float:
    """The ``p`` quantile (0-1) of an already sorted list, nearest-rank."""
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def time_calls(
    fn: Callable[[], Any], *, seconds: float, warmup: int = 20, max_calls: int = 20_000
) -> dict[str, float]:
    """Call ``fn`` for about ``seconds`` (after ``warmup`` untimed calls); median and p99 in µs."""
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    clock = time.perf_counter
    stop = clock() + seconds
    while len(samples) < max_calls and (len(samples) < 5 or clock() < stop):
        started = clock()
        fn()
        samples.append(clock() - started)
    samples.sort()
    return {
        "calls": len(samples),
        "median_us": round(1e6 * percentile(samples, 0.5), 2),
        "p99_us": round(1e6 * percentile(samples, 0.99), 2),
    }


def ratio(a: float, b: float) -> float | None:
    """``a / b`` rounded to two decimals; None when ``b`` is zero."""
    return round(a / b, 2) if b else None
