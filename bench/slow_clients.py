"""Slow clients: start ``graphservice serve`` as a user does (defaults, a free port on 127.0.0.1),
hold many slow connections against it (slowloris: a request line, then a header line every few
seconds, never the blank line; reconnecting whenever the server drops one), and meanwhile send
requests from a normal client, each on a new connection, and probe /healthz.

    python -m bench.slow_clients                      # 20,000 slow connections, 30 s of measurement
    python -m bench.slow_clients --slow 2000 --seconds 10

Prints JSON: the normal client's success rate and latency percentiles, /healthz's worst latency,
what the slow clients managed and the most file descriptors the server held. Bounded: at most
about two minutes. Exits 1 when fewer than 99% of the normal requests succeed.

The slow connections come from a few helper processes (``--attacker``), so no one process of the
load needs more file descriptors than its limit allows; each raises its soft limit to the hard one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import socket
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx

from bench.load import free_port
from graphservice.web.server import connection_cap

ROOT = Path(__file__).resolve().parent.parent
QUERY = {"query": '{ character(slug: "kathy-h") { name description } }'}
RAMP_SECONDS = 30.0
"""At most this long to open the slow connections before measuring anyway."""
DRIP = b"X-Slow: 1\r\n"
LINGER_0 = struct.pack("ii", 1, 0)
"""SO_LINGER on, zero seconds: close with a reset, so ten thousand sockets leave no TIME_WAIT."""


def raise_fd_limit() -> int:
    """Raise this process's soft open-file limit to its hard limit; return the soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# The slow side: one helper process holding ``count`` connections.


@dataclass
class SlowStats:
    """What one helper process's slow connections did."""

    open: int = 0
    connects: int = 0
    dropped: int = 0
    answered: int = 0
    connect_errors: int = 0


async def _slow_connection(port: int, drip: float, stats: SlowStats, connecting: asyncio.Semaphore) -> None:
    while True:
        async with connecting:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
            except (OSError, TimeoutError):
                stats.connect_errors += 1
                await asyncio.sleep(0.5)
                continue
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_0)
        stats.connects += 1
        stats.open += 1
        try:
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while True:
                try:
                    data = await asyncio.wait_for(reader.read(4096), drip)
                except TimeoutError:
                    writer.write(DRIP)
                    continue
                if data:
                    stats.answered += 1  # a 503 or 408: the server said no rather than just closing
                break
        except OSError:
            pass
        finally:
            stats.open -= 1
            stats.dropped += 1
            writer.close()


async def _attack(port: int, count: int, drip: float) -> None:
    stats = SlowStats()
    connecting = asyncio.Semaphore(256)
    tasks = [asyncio.create_task(_slow_connection(port, drip, stats, connecting)) for _ in range(count)]
    try:
        while True:
            print(json.dumps(stats.__dict__), flush=True)
            await asyncio.sleep(1.0)
    finally:
        for task in tasks:
            task.cancel()


# The measuring side: the server, the helpers, the normal client and the /healthz probe.


@dataclass
class Tally:
    """What the normal client and the probe saw."""

    latencies: list[float] = field(default_factory=list)
    ok: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    health: list[float] = field(default_factory=list)
    health_failures: int = 0

    def fail(self, kind: str) -> None:
        """Count one failed request by kind (status code or exception name)."""
        self.failures[kind] = self.failures.get(kind, 0) + 1


def _pct(ordered: list[float], p: float) -> float:
    return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1) if ordered else 0.0


async def _normal_client(url: str, stop: float, tally: Tally) -> None:
    # No keep-alive: each request opens a connection, as a crowd of distinct clients would, so
    # each has to be accepted past the slow ones.
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=10) as client:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                response = await client.post("/graphql", json=QUERY)
            except httpx.HTTPError as exc:
                tally.fail(type(exc).__name__)
                continue
            tally.latencies.append(time.perf_counter() - started)
            if response.status_code == 200 and "errors" not in response.json():
                tally.ok += 1
            else:
                tally.fail(str(response.status_code))


async def _probe_health(url: str, stop: float, tally: Tally) -> None:
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=10) as client:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                ok = (await client.get("/healthz")).status_code == 200
            except httpx.HTTPError:
                ok = False
            tally.health.append(time.perf_counter() - started)
            tally.health_failures += not ok
            await asyncio.sleep(0.25)


def _server_fds(pid: int) -> int | None:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def _peak_rss_mib(pid: int) -> float | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


def _server_fd_limit(pid: int) -> int | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
            if line.startswith("Max open files"):
                return int(line.split()[3])
    return None


async def _read_reports(proc: asyncio.subprocess.Process, latest: dict[int, dict[str, int]]) -> None:
    assert proc.stdout is not None
    async for line in proc.stdout:
        with contextlib.suppress(ValueError):
            latest[proc.pid] = json.loads(line)


def _sum(latest: dict[int, dict[str, int]], key: str) -> int:
    return sum(r.get(key, 0) for r in latest.values())


async def _measure(
    port: int, pid: int, slow: int, helpers: int, seconds: float, drip: float
) -> dict[str, Any]:
    url = f"http://127.0.0.1:{port}"
    latest: dict[int, dict[str, int]] = {}
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.slow_clients",
            "--attacker",
            "--port",
            str(port),
            "--slow",
            str(slow // helpers + (i < slow % helpers)),
            "--drip",
            str(drip),
            stdout=asyncio.subprocess.PIPE,
            cwd=ROOT,
        )
        for i in range(helpers)
    ]
    readers = [asyncio.create_task(_read_reports(p, latest)) for p in procs]
    try:
        # Measure once the server holds as many slow connections as it will: all of them, or
        # as many as its connection cap allows (the default cap, from its open-file limit).
        fd_limit = _server_fd_limit(pid)
        cap = connection_cap(fd_limit, None)[0] if fd_limit else slow
        ramp_deadline = time.monotonic() + RAMP_SECONDS
        while time.monotonic() < ramp_deadline and (_server_fds(pid) or 0) < 0.9 * min(slow, cap):
            await asyncio.sleep(0.5)
        ramp = round(RAMP_SECONDS - (ramp_deadline - time.monotonic()), 1)
        at_start = {k: _sum(latest, k) for k in ("open", "connects")} | {"server_fds": _server_fds(pid)}
        tally = Tally()
        stop = time.monotonic() + seconds
        fds: list[int] = []

        async def sample_fds() -> None:
            while time.monotonic() < stop:
                count = _server_fds(pid)
                if count is not None:
                    fds.append(count)
                await asyncio.sleep(1.0)

        await asyncio.gather(
            *(_normal_client(url, stop, tally) for _ in range(4)),
            _probe_health(url, stop, tally),
            sample_fds(),
        )
        at_end = {k: _sum(latest, k) for k in ("open", "connects", "dropped", "answered", "connect_errors")}
    finally:
        for p in procs:
            with contextlib.suppress(ProcessLookupError):
                p.kill()
        for p in procs:
            await p.wait()
        for r in readers:
            r.cancel()
    done = len(tally.latencies) + sum(tally.failures.values())
    ordered = sorted(tally.latencies)
    return {
        "slow_connections": slow,
        "helpers": helpers,
        "ramp_seconds": ramp,
        "measured_seconds": seconds,
        "slow_clients": {"at_start": at_start, "at_end": at_end},
        "server": {
            "fd_limit": _server_fd_limit(pid),
            "most_fds": max(fds, default=None),
            "peak_rss_mib": _peak_rss_mib(pid),
        },
        "normal": {
            "requests": done,
            "ok": tally.ok,
            "success_rate": round(tally.ok / done, 4) if done else 0.0,
            "p50_ms": _pct(ordered, 0.50),
            "p99_ms": _pct(ordered, 0.99),
            "max_ms": _pct(ordered, 1.0),
            "failures": tally.failures,
        },
        "healthz": {
            "probes": len(tally.health),
            "failures": tally.health_failures,
            "worst_ms": _pct(sorted(tally.health), 1.0),
        },
    }


def _start_server(port: int) -> subprocess.Popen[bytes]:
    """``graphservice serve --port PORT`` from the repository, with every other setting at its default."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphservice", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if not k.startswith("GRAPHSERVICE_")},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start within 30 s")


def run(slow: int, seconds: float, helpers: int = 4, drip: float = 5.0) -> dict[str, Any]:
    """Start a server, hold ``slow`` slow connections against it, measure a normal client."""
    raise_fd_limit()
    port = free_port()
    server = _start_server(port)
    try:
        result = asyncio.run(_measure(port, server.pid, slow, helpers, seconds, drip))
        result["server"]["alive"] = server.poll() is None
        return result
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow", type=int, default=20_000, help="slow connections to hold")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long to measure (at most 50)")
    parser.add_argument("--helpers", type=int, default=4, help="processes holding the slow connections")
    parser.add_argument(
        "--drip", type=float, default=5.0, help="seconds between a slow client's header lines"
    )
    parser.add_argument("--attacker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.attacker:
        raise_fd_limit()
        try:  # uvloop when installed: the helpers share the machine with the server, so spend less
            import uvloop

            run_loop: Any = uvloop.run
        except ImportError:
            run_loop = asyncio.run
        with contextlib.suppress(KeyboardInterrupt):
            run_loop(_attack(args.port, args.slow, args.drip))
        return
    summary = run(args.slow, min(args.seconds, 50.0), args.helpers, args.drip)
    print(json.dumps(summary, indent=2))
    sys.exit(0 if summary["normal"]["success_rate"] >= 0.99 else 1)


if __name__ == "__main__":
    main()
