"""Request metrics for Prometheus and the structured request log."""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections import Counter as Tally
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = [
    "SUMMARY",
    "SUMMARY_SECONDS",
    "AccessSummary",
    "Metrics",
    "RequestRecord",
    "log_request",
    "watch_loop",
]

access = logging.getLogger("graphservice.access")

_MAX_OPERATIONS = 100
_REFUSED = frozenset({"request_error", "http_error"})
_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,63}$")


@dataclass
class RequestRecord:
    """What one GraphQL request did, for the log line and the metrics."""

    method: str
    operation: str | None = None
    status: int = 200
    outcome: str = "ok"
    """ok, field_error, request_error, http_error, not_modified or internal_error."""
    cost: float | None = None
    codes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    variables: dict[str, Any] | None = None


class Metrics:
    """Counters and latency histograms by operation and outcome, in a registry of the app's own.

    With ``multiprocess_dir`` (the workers of ``serve --workers N``, started with
    PROMETHEUS_MULTIPROC_DIR naming that folder so prometheus_client keeps every value in files
    there), :meth:`exposition` sums every worker's counters and histograms, those of workers that
    have exited included, so totals never go back; the data-load gauge is one per live worker.
    """

    def __init__(self, multiprocess_dir: Path | None = None, reserved: Iterable[str] = ()) -> None:
        self.multiprocess_dir = multiprocess_dir
        self._reserved = frozenset(n for n in reserved if _NAME.match(n))
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "graphservice_requests",
            "GraphQL requests by operation name and outcome.",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "graphservice_request_duration_seconds",
            "Time to answer a GraphQL request, by operation name.",
            ["operation"],
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=self.registry,
        )
        self.data_version = Gauge(
            "graphservice_data_loaded_timestamp_seconds",
            "When the data being served was loaded.",
            registry=self.registry,
            multiprocess_mode="liveall",  # one per worker, with its pid; ignored in one process
        )
        self.works = Gauge(
            "graphservice_works",
            "Works served (loaded), those in memory (in_memory: fewer in a library loaded on first use), "
            "and data files of a library that do not validate (skipped).",
            ["state"],
            registry=self.registry,
            multiprocess_mode="livemax",  # every worker serves the same snapshot
        )
        self.loop_lag = Histogram(
            "graphservice_event_loop_lag_seconds",
            "How late the event loop ran a timer due every 50 ms: while it is late, no request "
            "(not even /healthz) can be answered by this process.",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=self.registry,
        )
        self._known: set[str] = set()
        self._children: dict[tuple[str, str], tuple[Counter, Histogram]] = {}

    def exposition(self) -> bytes:
        """The metrics in Prometheus' text format: this process's, or every worker's."""
        if self.multiprocess_dir is None:
            return generate_latest(self.registry)
        from prometheus_client.multiprocess import MultiProcessCollector

        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(self.multiprocess_dir))  # type: ignore[no-untyped-call]
        return generate_latest(registry)

    def label(self, operation: str | None, *, ran: bool = True) -> str:
        """A bounded label for an operation name.

        Clients choose names, so labels are bounded: the names of the operations this service
        knows (its trusted documents, the explorer's and the README's) always have their own; other
        names take one of 100 slots, first come, and only once an operation of that name has run
        (a refused request cannot take a slot, so made-up names in junk requests squat nothing).
        Anything else, and anything that is not a plain GraphQL name, is "other".
        """
        if not operation:
            return "anonymous"
        if operation in self._known or operation in self._reserved:
            return operation
        if not ran or not _NAME.match(operation) or len(self._known) >= _MAX_OPERATIONS:
            return "other"
        self._known.add(operation)
        return operation

    def observe(self, record: RequestRecord) -> None:
        """Count a finished request."""
        name = self.label(record.operation, ran=record.outcome not in _REFUSED)
        # prometheus_client's labels() validates and locks on every call, several microseconds a
        # request; the labelled children are kept here instead (bounded, as the labels are).
        children = self._children.get((name, record.outcome))
        if children is None:
            children = (self.requests.labels(name, record.outcome), self.latency.labels(name))
            self._children[name, record.outcome] = children
        children[0].inc()
        children[1].observe(record.seconds)


async def watch_loop(lag: Histogram, every: float = 0.05) -> None:
    """Observe how late the running event loop wakes from a sleep of ``every`` seconds, for ever
    (Node.js's ``monitorEventLoopDelay`` does the same): the time it was held by a callback that
    did not yield, or waited for the interpreter lock or a core."""
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + every
        await asyncio.sleep(every)
        lag.observe(max(0.0, loop.time() - due))


_ORDINARY = frozenset({"ok", "not_modified"})
_SLOW_SECONDS = 0.5


class AccessSummary:
    """Ordinary requests not written one by one, counted for a summary line written now and then:
    how many, by outcome and by operation, and how long they took (p50, p99, worst)."""

    _KEPT = 4096
    """Durations kept per interval for the percentiles (a random sample once there are more)."""

    def __init__(self) -> None:
        self.outcomes: Tally[str] = Tally()
        self.operations: Tally[str] = Tally()
        self.seconds: list[float] = []
        self.count = 0

    def add(self, record: RequestRecord) -> None:
        self.count += 1
        self.outcomes[record.outcome] += 1
        self.operations[record.operation or "anonymous"] += 1
        if len(self.seconds) < self._KEPT:
            self.seconds.append(record.seconds)
        else:  # reservoir sampling: every request as likely to be kept
            slot = random.randrange(self.count)  # noqa: S311 - sampling, not secrecy
            if slot < self._KEPT:
                self.seconds[slot] = record.seconds

    def flush(self, interval: float) -> None:
        """Write one line for the requests counted since the last one (none if there were none)."""
        if not self.count:
            return
        ordered = sorted(self.seconds)

        def at(share: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 3)

        access.info(
            "graphql summary: %d ordinary requests in %g s",
            self.count,
            interval,
            extra={
                "requests": self.count,
                "interval_s": interval,
                "outcomes": dict(self.outcomes),
                "operations": dict(self.operations.most_common(10)),
                "p50_ms": at(0.5),
                "p99_ms": at(0.99),
                "max_ms": round(ordered[-1] * 1000, 3),
            },
        )
        self.outcomes, self.operations, self.seconds, self.count = Tally(), Tally(), [], 0


SUMMARY_SECONDS = 60.0
"""How often the summary line is written."""
SUMMARY = AccessSummary()
"""This process's summary of the ordinary requests it did not write a line for."""


def log_request(record: RequestRecord, debug: bool, sample: float = 1.0) -> None:
    """One structured log line per request; variables' values only when logging at debug level.
    With ``sample`` below 1, only that share of ordinary, quick requests is written (chosen at
    random) and the others go into :data:`SUMMARY`; errors, refusals and slow requests always are."""
    if not access.isEnabledFor(logging.INFO):
        return  # nothing built for a line nobody reads
    ordinary = record.outcome in _ORDINARY and record.seconds < _SLOW_SECONDS
    # At debug level every request gets its line, its variables too.
    if not debug and sample < 1.0 and ordinary and (sample == 0.0 or random.random() >= sample):  # noqa: S311
        SUMMARY.add(record)
        return
    extra: dict[str, Any] = {
        "method": record.method,
        "operation": record.operation,
        "status": record.status,
        "outcome": record.outcome,
        "duration_ms": round(record.seconds * 1000, 3),
        "cost": record.cost,
        "codes": record.codes,
    }
    if debug and record.variables is not None:
        extra["variables"] = record.variables
    access.info("graphql %s %s", record.operation or "anonymous", record.outcome, extra=extra)
