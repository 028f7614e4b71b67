"""Over HTTP: the servers of bench/servers.py under uvicorn on 127.0.0.1, driven by wrk.

Two mixes, each a file of request bodies wrk POSTs in turn:

- hot: the operations of bench/operations.py with the same variables, again and again, as a
  frontend redrawing the same views sends them;
- varied: the same documents with every value the data allows for their variables (each
  character as the centre of a neighbourhood, every pair as the ends of a path, period after
  period for the graph view...), shuffled; a couple of thousand distinct requests.

Runs are interleaved (floor, service, plain for each mix and connection count) so a change in
the machine's speed during the run touches every server alike. Extra runs switch one
optimisation off (uvloop/httptools, the response cache, gc.freeze, orjson) to show its worth.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from itertools import permutations
from pathlib import Path
from typing import Any

from bench.load import free_port
from bench.operations import OPERATIONS
from bench.servers import DATA
from bench.timing import ratio
from graphservice.api.context import Context
from graphservice.api.execution import execute_inline
from graphservice.catalog import Catalog, load_catalog

__all__ = ["TARGETS", "ensure_wrk", "hot_bodies", "measure", "smoke", "varied_bodies"]

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "wrk" / "post.lua"
TARGETS = {
    "hot_rps_over_floor": 0.70,
    "shipped_hot_rps_over_floor": 0.80,
    "hot_p99_over_floor": 3.0,
    "varied_rps_over_plain": 5.0,
}


def hot_bodies() -> list[str]:
    """One body per operation, with its hot variables."""
    return [json.dumps(op.body()) for op in OPERATIONS]


def _variable_sets(catalog: Catalog) -> dict[str, list[dict[str, Any]]]:
    work = catalog.work()
    people = list(work.characters)
    parties = people + list(work.groups)
    periods: list[str | None] = [None, *work.periods]
    words = [c.name.split()[0] for c in work.characters.values()] + [p.name for p in work.places.values()]
    typos = [w[:-1] for w in words if len(w) > 4] + [w.lower()[1:] for w in words if len(w) > 5]
    return {
        "character": [{"slug": s} for s in people],
        "neighbours-1": [{"of": s, "depth": 1} for s in parties],
        "neighbours-2": [{"of": s, "depth": d} for s in parties for d in (2, 3)],
        "shortest-path": [{"a": a, "b": b} for a, b in permutations(parties, 2)],
        "paths-10": [{"a": a, "b": b} for a, b in permutations(people, 2)],
        "quotes-by-speaker": [{"s": s} for s in people],
        "search": [{"text": t} for t in sorted(set(words + typos)) if len(t) >= 2],
        "graph-view": [{"asOf": p} for p in periods],
    }


def varied_bodies(catalog: Catalog, seed: int = 11) -> list[str]:
    """Every operation with every variable set the data allows that answers without an error,
    shuffled with a fixed seed."""
    context = Context(catalog)
    sets = _variable_sets(catalog)
    bodies = []
    for op in OPERATIONS:
        for variables in sets[op.name]:
            result = execute_inline(op.document, variables, None, context)
            if not result.errors:
                bodies.append(json.dumps(op.body(variables)))
    random.Random(seed).shuffle(bodies)  # noqa: S311 - a reproducible order, not a secret
    return bodies


def ensure_wrk(install: bool) -> str | None:
    """The path of wrk; with ``install``, try Debian's package when it is missing."""
    found = shutil.which("wrk")
    if found or not install:
        return found
    if shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True, check=False)
    return shutil.which("wrk")


@dataclass(frozen=True)
class Variant:
    """A server to start: its kind and the switches it runs with."""

    label: str
    kind: str
    flags: tuple[str, ...] = ()


def _post(url: str, body: str) -> tuple[int, bytes]:
    request = urllib.request.Request(  # noqa: S310 - the URL is always http://127.0.0.1
        url, data=body.encode(), headers={"content-type": "application/json", "accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@contextmanager
def running(variant: Variant, data: Path) -> Iterator[str]:
    """Start a server on a free port of 127.0.0.1; yield its /graphql URL; stop it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "bench.servers", variant.kind, "--port", str(port), "--data", str(data)]
    if variant.kind == "shipped":  # exactly as a user starts it: every setting at its default
        command = [sys.executable, "-m", "graphservice", "serve", "--port", str(port)]
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block the server
        proc = subprocess.Popen([*command, *variant.flags], cwd=ROOT, stderr=errors)
        url = f"http://127.0.0.1:{port}/graphql"
        try:
            _wait(proc, url, variant, errors)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait(proc: subprocess.Popen[bytes], url: str, variant: Variant, errors: Any) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            if _post(url, hot_bodies()[0])[0] == 200:
                return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            errors.seek(0)
            raise RuntimeError(f"server {variant.label} did not start: {errors.read().decode()[-2000:]}")
        time.sleep(0.2)


def _check(url: str, bodies: list[str], label: str) -> None:
    for body in bodies:
        status, answer = _post(url, body)
        if status != 200 or b'"errors"' in answer:
            raise RuntimeError(f"{label} answered {status}: {answer[:300]!r}")


def _wrk(
    wrk: str, url: str, bodies: Path, connections: int, seconds: float, encoding: str | None = None
) -> dict[str, Any]:
    threads = min(2, connections)
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(LUA)]
    out = subprocess.run(
        [*command, url.removesuffix("/graphql"), "--", str(bodies), *([encoding] if encoding else [])],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    match = re.search(r"^WRK-JSON (.*)$", out, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk printed no summary: {out[-500:]}")
    raw = json.loads(match.group(1))
    secs = raw["duration_us"] / 1e6
    return {
        "connections": connections,
        "seconds": round(secs, 2),
        "requests": raw["requests"],
        "rps": round(raw["requests"] / secs, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 3),
        "p90_ms": round(raw["p90_us"] / 1000, 3),
        "p99_ms": round(raw["p99_us"] / 1000, 3),
        "errors": raw["status_errors"] + raw["socket_errors"] + raw["timeouts"],
        "bytes_per_request": round(raw["bytes"] / max(raw["requests"], 1)),
        **({"accept_encoding": encoding} if encoding else {}),
    }


FLOOR = Variant("floor", "floor")
SHIPPED = Variant("graphservice serve, as shipped", "shipped")
SERVICE = Variant("service", "service")
PLAIN = Variant("plain strawberry", "plain")
FLOOR_H11 = Variant("floor (asyncio+h11)", "floor", ("--loop", "asyncio", "--http", "h11"))
SERVICE_H11 = Variant("service (asyncio+h11)", "service", ("--loop", "asyncio", "--http", "h11"))
UNCACHED = Variant("service, no response cache", "service", ("--no-response-cache",))
UNCACHED_NO_FREEZE = Variant(
    "service, no response cache, no gc.freeze", "service", ("--no-response-cache", "--no-freeze")
)
UNCACHED_STDLIB = Variant(
    "service, no response cache, stdlib json", "service", ("--no-response-cache", "--stdlib-json")
)


def _plan() -> list[tuple[Variant, str, int, str | None]]:
    plan: list[tuple[Variant, str, int, str | None]] = []
    for connections in (32, 128):
        plan += [(v, "hot", connections, None) for v in (FLOOR, SERVICE, SHIPPED, PLAIN)]
        plan += [(v, "varied", connections, None) for v in (SERVICE, UNCACHED, PLAIN)]
    plan += [(v, "hot", 32, None) for v in (FLOOR_H11, SERVICE_H11)]
    plan += [(v, "varied", 32, None) for v in (UNCACHED_NO_FREEZE, UNCACHED_STDLIB)]
    # The hot mix with compressed answers, as browsers ask for them (answers of 1 KiB or more).
    plan += [(SERVICE, "hot", 32, encoding) for encoding in ("gzip", "br", "zstd")]
    return plan


def measure(seconds: float, data: Path = DATA, install: bool = True) -> dict[str, Any]:
    """Run every server through both mixes with wrk; figures and ratios."""
    wrk = ensure_wrk(install)
    if wrk is None:
        return {"skipped": "wrk is not installed (Debian: apt-get install wrk)"}
    catalog = load_catalog([data])
    hot, varied = hot_bodies(), varied_bodies(catalog)
    plan = _plan()
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as servers:
        files = {"hot": Path(tmp) / "hot.jsonl", "varied": Path(tmp) / "varied.jsonl"}
        files["hot"].write_text("\n".join(hot) + "\n")
        files["varied"].write_text("\n".join(varied) + "\n")
        urls: dict[Variant, str] = {}
        for variant in dict.fromkeys(v for v, _, _, _ in plan):
            urls[variant] = servers.enter_context(running(variant, data))
            if variant.kind != "floor":
                _check(urls[variant], hot, variant.label)
        _check(urls[UNCACHED], varied[:200], UNCACHED.label)
        for variant, mix, connections, encoding in plan:
            result = _wrk(wrk, urls[variant], files[mix], connections, seconds, encoding)
            runs.append({"server": variant.label, "mix": mix, **result})
    return {
        "wrk": subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False).stdout.split(
            "\n"
        )[0],
        "seconds_per_run": seconds,
        "hot_requests": len(hot),
        "varied_requests": len(varied),
        "runs": runs,
        **_ratios(runs),
    }


def _find(runs: list[dict[str, Any]], server: str, mix: str, connections: int) -> dict[str, Any]:
    """The uncompressed run of a server, mix and connection count."""
    return next(
        r
        for r in runs
        if (r["server"], r["mix"], r["connections"]) == (server, mix, connections)
        and "accept_encoding" not in r
    )


def _ratios(runs: list[dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for connections in (32, 128):
        floor = _find(runs, FLOOR.label, "hot", connections)
        hot = _find(runs, SERVICE.label, "hot", connections)
        varied = _find(runs, SERVICE.label, "varied", connections)
        plain = _find(runs, PLAIN.label, "varied", connections)
        uncached = _find(runs, UNCACHED.label, "varied", connections)
        row: dict[str, Any] = {
            "connections": connections,
            "hot_rps_over_floor": ratio(hot["rps"], floor["rps"]),
            "shipped_hot_rps_over_floor": ratio(
                _find(runs, SHIPPED.label, "hot", connections)["rps"], floor["rps"]
            ),
            "hot_p99_over_floor": ratio(hot["p99_ms"], floor["p99_ms"]),
            "varied_rps_over_plain": ratio(varied["rps"], plain["rps"]),
            "uncached_varied_rps_over_plain": ratio(uncached["rps"], plain["rps"]),
        }
        row["targets_met"] = {
            "hot_rps": (row["hot_rps_over_floor"] or 0) >= TARGETS["hot_rps_over_floor"],
            "shipped_hot_rps": (row["shipped_hot_rps_over_floor"] or 0)
            >= TARGETS["shipped_hot_rps_over_floor"],
            "hot_p99": (row["hot_p99_over_floor"] or 99) <= TARGETS["hot_p99_over_floor"],
            "varied_rps": (row["varied_rps_over_plain"] or 0) >= TARGETS["varied_rps_over_plain"],
        }
        rows.append(row)
    uncached = _find(runs, UNCACHED.label, "varied", 32)
    switches = {
        "uvloop_httptools_floor_rps": ratio(
            _find(runs, FLOOR.label, "hot", 32)["rps"], _find(runs, FLOOR_H11.label, "hot", 32)["rps"]
        ),
        "uvloop_httptools_service_rps": ratio(
            _find(runs, SERVICE.label, "hot", 32)["rps"], _find(runs, SERVICE_H11.label, "hot", 32)["rps"]
        ),
        "gc_freeze_rps": ratio(uncached["rps"], _find(runs, UNCACHED_NO_FREEZE.label, "varied", 32)["rps"]),
        "gc_freeze_p99": ratio(
            uncached["p99_ms"], _find(runs, UNCACHED_NO_FREEZE.label, "varied", 32)["p99_ms"]
        ),
        "orjson_rps": ratio(uncached["rps"], _find(runs, UNCACHED_STDLIB.label, "varied", 32)["rps"]),
    }
    return {"ratios": rows, "switches": switches, "targets": TARGETS}


def smoke(data: Path = DATA) -> dict[str, Any]:
    """A one-second check that every server starts and answers, with bench/load.py's Python
    load generator instead of wrk: it shows the harness works, not how fast anything is."""
    import asyncio

    from bench.load import drive

    checked = {}
    with ExitStack() as servers:
        for variant in (FLOOR, SERVICE, SHIPPED, PLAIN):
            url = servers.enter_context(running(variant, data))
            if variant.kind != "floor":
                _check(url, hot_bodies(), variant.label)
            checked[variant.label] = url
        tally = asyncio.run(drive(checked[SERVICE.label].removesuffix("/graphql"), 1.0, 4))
    summary = tally.summary(1.0, 4)
    return {"servers": sorted(checked), "load": summary}
