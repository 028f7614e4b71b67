"""Load test: serve the default dataset with uvicorn on 127.0.0.1 and drive it with a mix of
queries from many concurrent connections for a bounded time; report throughput, latency
percentiles, errors and 5xx answers.

    python -m bench.load --seconds 30 --connections 64

Exits 1 if any request failed, got a 5xx, or returned a GraphQL error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "never-let-me-go.yaml"

MIX: list[tuple[str, dict[str, Any]]] = [
    ('query Lookup { character(slug: "kathy-h") { name description roles } }', {}),
    (
        "query Near($of: String!) { neighbours(of: $of, depth: 2) { totalCount edges { node { distance "
        "node { name } relationships { kind } } } } }",
        {"of": "tommy-d"},
    ),
    (
        "query Path($a: String!, $b: String!) { shortestPath(from: $a, to: $b) { ... on Path { length "
        "steps { evidence { text } relationship { kind } } } ... on NoPath { reason } } }",
        {"a": "rod", "b": "madame"},
    ),
    (
        'query Paths { paths(from: "ruth-c", to: "miss-emily", maxLength: 4, limit: 10) { length '
        "nodes { name } } }",
        {},
    ),
    (
        "query Said($s: String) { quotes(speaker: $s) { totalCount "
        "edges { node { text addressees { name } } } } }",
        {"s": "ruth-c"},
    ),
    ('query Find { search(text: "tomy", limit: 5) { score node { __typename } } }', {}),
    (
        'query Central { analytics(asOf: "part-2") { centrality(entities: [CHARACTER], limit: 5) '
        "{ rank node { name } } communities { size } } }",
        {},
    ),
    ('query Scenes { timeline(asOf: "part-3") { totalCount edges { node { name } } } }', {}),
]


@dataclass
class Tally:
    """What the load generator saw."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    graphql_errors: int = 0
    failures: list[str] = field(default_factory=list)

    def summary(self, seconds: float, connections: int) -> dict[str, Any]:
        """Throughput, percentiles (ms) and error counts."""
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 2) if ordered else 0.0

        return {
            "connections": connections,
            "seconds": round(seconds, 2),
            "requests": len(ordered),
            "requests_per_second": round(len(ordered) / seconds, 1) if seconds else 0.0,
            "p50_ms": pct(0.50),
            "p90_ms": pct(0.90),
            "p99_ms": pct(0.99),
            "mean_ms": round(1000 * statistics.fmean(ordered), 2) if ordered else 0.0,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "server_errors": sum(v for k, v in self.statuses.items() if k >= 500),
            "graphql_errors": self.graphql_errors,
            "failures": len(self.failures),
        }


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(port: int, data: Path = DATA) -> subprocess.Popen[bytes]:
    """Start ``graphservice serve`` on 127.0.0.1 and wait until /healthz answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphservice", "serve", "--data", str(data), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "GRAPHSERVICE_LOG_LEVEL": "warning"},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start within 30 s")


async def drive(url: str, seconds: float, connections: int) -> Tally:
    """Send the mix from ``connections`` concurrent workers until ``seconds`` have passed."""
    tally = Tally()
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker(offset: int) -> None:
            i = offset
            while time.monotonic() < stop:
                query, variables = MIX[i % len(MIX)]
                i += 1
                started = time.perf_counter()
                try:
                    if i % 3 == 0:  # some GETs, as a caching frontend would send
                        params = {"query": query, "variables": json.dumps(variables)}
                        response = await client.get("/graphql", params=params)
                    else:
                        response = await client.post(
                            "/graphql", json={"query": query, "variables": variables}
                        )
                except httpx.HTTPError as exc:
                    tally.failures.append(repr(exc))
                    continue
                tally.latencies.append(time.perf_counter() - started)
                tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1
                if response.status_code == 200 and "errors" in response.json():
                    tally.graphql_errors += 1

        await asyncio.gather(*(worker(n) for n in range(connections)))
    return tally


def run(seconds: float, connections: int, url: str | None = None) -> dict[str, Any]:
    """Run the load test (starting a server unless ``url`` is given) and return the summary."""
    proc = None
    if url is None:
        port = free_port()
        proc = start_server(port)
        url = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        tally = asyncio.run(drive(url, seconds, connections))
        return tally.summary(time.monotonic() - started, connections)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="how long to drive the server")
    parser.add_argument("--connections", type=int, default=64, help="concurrent connections")
    parser.add_argument("--url", help="an already running server (default: start one on 127.0.0.1)")
    args = parser.parse_args()
    summary = run(args.seconds, args.connections, args.url)
    print(json.dumps(summary, indent=2))
    bad = summary["server_errors"] or summary["graphql_errors"] or summary["failures"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
