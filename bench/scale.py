"""Scale: synthetic works of growing size (bench/synthetic.py), each loaded in a fresh process.

For each size the child process reports the load time (read, validate, build the graph, warm
the caches: what ``graphservice serve`` does before it answers), resident memory after loading,
what one full garbage collection costs before and after ``gc.freeze``, and the latency of
``neighbours`` (depth 1) and ``shortestPath`` (with evidence) end to end through the app: an
ASGI request to /graphql with the JSON body, through routing, the endpoint, GraphQL execution and
encoding; only the socket is left out. Every request names different nodes, and the response
cache is off, so each one really runs.
"""

from __future__ import annotations

import asyncio
import gc
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.timing import percentile, ratio

__all__ = ["TARGETS", "measure"]

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "size": 1_000_000,
    "load_seconds": 15.0,
    "rss_mib": 2048.0,
    "neighbours_ms": 2.0,
    "shortest_path_ms": 20.0,
}
NEIGHBOURS = (
    "query Near($of: String!) { neighbours(of: $of, depth: 1) { totalCount "
    "edges { node { distance node { name } relationships { kind sentiment } } } } }"
)
SHORTEST = (
    "query Path($a: String!, $b: String!) { shortestPath(from: $a, to: $b) { __typename "
    "... on Path { length steps { from { name } to { name } relationship { kind } "
    "evidence { text locator } quotes { text } } } ... on NoPath { reason } } }"
)


def _rss_mib() -> tuple[float, float]:
    """Resident memory now and at its peak, in MiB (Linux)."""
    fields = dict(
        line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


async def _post(app: Any, body: bytes) -> bytes:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"accept", b"application/json")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    sent: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            sent.append(message.get("body", b""))

    await app(scope, receive, send)
    return b"".join(sent)


def _latencies(app: Any, bodies: list[bytes]) -> dict[str, float]:
    async def run() -> list[float]:
        first = await _post(app, bodies[0])
        if b'"errors"' in first:
            raise RuntimeError(first[:300].decode())
        times = []
        for body in bodies[1:]:
            started = time.perf_counter()
            answer = await _post(app, body)
            times.append(time.perf_counter() - started)
            if b'"errors"' in answer:
                raise RuntimeError(answer[:300].decode())
        return sorted(times)

    times = asyncio.run(run())
    return {
        "median_ms": round(1000 * percentile(times, 0.5), 3),
        "p99_ms": round(1000 * percentile(times, 0.99), 3),
        "requests": len(times),
    }


def child(path: Path, requests: int) -> dict[str, Any]:
    """Load one synthetic work and measure it (runs in its own process)."""
    from graphservice.settings import load_settings
    from graphservice.web import create_app

    started = time.perf_counter()
    app = create_app(load_settings(data=str(path), log_level="warning", graphiql=False))
    load = time.perf_counter() - started
    app.state.data.responses.max_bytes = 0  # every request runs
    rss, peak = _rss_mib()
    gc.unfreeze()  # loading froze what it made; measure what a collection would cost without that
    clock = time.perf_counter()
    gc.collect()
    gc_full = time.perf_counter() - clock
    gc.freeze()
    clock = time.perf_counter()
    gc.collect()
    gc_frozen = time.perf_counter() - clock
    work = app.state.data.current.catalog.work()
    people = list(work.characters)
    rng = random.Random(3)  # noqa: S311 - a reproducible choice of nodes
    near = [
        json.dumps({"query": NEIGHBOURS, "variables": {"of": rng.choice(people)}}).encode()
        for _ in range(requests)
    ]
    pairs = [rng.sample(people, 2) for _ in range(requests)]
    paths = [json.dumps({"query": SHORTEST, "variables": {"a": a, "b": b}}).encode() for a, b in pairs]
    return {
        "relationships": len(work.data.relationships),
        "edges": work.graph.number_of_edges(),
        "nodes": work.graph.number_of_nodes(),
        "file_mib": round(path.stat().st_size / 2**20, 1),
        "load_seconds": round(load, 2),
        "rss_mib": round(rss, 1),
        "peak_rss_mib": round(peak, 1),
        "gc_full_collection_ms": round(1000 * gc_full, 1),
        "gc_full_collection_frozen_ms": round(1000 * gc_frozen, 2),
        "neighbours": _latencies(app, near),
        "shortest_path": _latencies(app, paths),
    }


def measure(sizes: list[int], requests: int, workdir: Path) -> dict[str, Any]:
    """Generate (once) and measure each size in a fresh process."""
    from bench.synthetic import write_work

    rows = []
    for size in sizes:
        path = workdir / f"synthetic-{size}.json"
        if not path.exists():
            write_work(size, path)
        out = subprocess.run(
            [sys.executable, "-m", "bench.scale", str(path), str(requests)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
        if out.returncode != 0:
            rows.append({"relationships": size, "error": out.stderr[-2000:]})
            continue
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {"sizes": rows, "targets": TARGETS, **_verdict(rows)}


def _verdict(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_size = {r["relationships"]: r for r in rows if "error" not in r}
    big, mid = by_size.get(1_000_000), by_size.get(100_000)
    if big is None:
        return {"targets_met": None}
    met = {
        "load_seconds": big["load_seconds"] <= TARGETS["load_seconds"],
        "rss_mib": big["rss_mib"] <= TARGETS["rss_mib"],
        "neighbours_ms": big["neighbours"]["median_ms"] <= TARGETS["neighbours_ms"],
        "shortest_path_ms": big["shortest_path"]["median_ms"] <= TARGETS["shortest_path_ms"],
    }
    growth = {}
    if mid is not None:
        growth = {
            "load": ratio(big["load_seconds"], mid["load_seconds"]),
            "neighbours": ratio(big["neighbours"]["median_ms"], mid["neighbours"]["median_ms"]),
            "shortest_path": ratio(big["shortest_path"]["median_ms"], mid["shortest_path"]["median_ms"]),
        }
        met["load_growth_linear"] = (growth["load"] or 99) <= 10.0
        met["neighbours_growth_sublinear"] = (growth["neighbours"] or 99) < 10.0
    return {"growth_1e5_to_1e6": growth, "targets_met": met}


if __name__ == "__main__":
    print(json.dumps(child(Path(sys.argv[1]), int(sys.argv[2]))))
