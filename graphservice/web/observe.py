"""Request metrics for Prometheus and the structured request log."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["Metrics", "RequestRecord", "log_request"]

access = logging.getLogger("graphservice.access")

_MAX_OPERATIONS = 100
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
    """Counters and latency histograms by operation and outcome, in a registry of the app's own."""

    def __init__(self) -> None:
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
        )
        self._known: set[str] = set()
        self._children: dict[tuple[str, str], tuple[Counter, Histogram]] = {}

    def label(self, operation: str | None) -> str:
        """A bounded label for an operation name: clients choose names, so after the first 100
        distinct ones, and for anything that is not a plain GraphQL name, the label is "other"."""
        if not operation:
            return "anonymous"
        if operation in self._known:
            return operation
        if not _NAME.match(operation) or len(self._known) >= _MAX_OPERATIONS:
            return "other"
        self._known.add(operation)
        return operation

    def observe(self, record: RequestRecord) -> None:
        """Count a finished request."""
        name = self.label(record.operation)
        # prometheus_client's labels() validates and locks on every call, several microseconds a
        # request; the labelled children are kept here instead (bounded, as the labels are).
        children = self._children.get((name, record.outcome))
        if children is None:
            children = (self.requests.labels(name, record.outcome), self.latency.labels(name))
            self._children[name, record.outcome] = children
        children[0].inc()
        children[1].observe(record.seconds)


def log_request(record: RequestRecord, debug: bool) -> None:
    """One structured log line per request; variables' values only when logging at debug level."""
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
