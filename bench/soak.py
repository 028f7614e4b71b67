"""Soak and chaos: the service under varied and hostile traffic while its data is reloaded, bad
files are dropped in, workers are killed and slow clients hold connections (issue 16).

    python -m bench.soak                        # 10 minutes, 2 workers; writes bench/soak.json
    python -m bench.soak --seconds 60 --workers 1

The server is started as a user starts it: ``graphservice serve`` with its defaults, plus
``--workers`` and ``--reload-data`` over a copy of the novel's data file, on a free port of
127.0.0.1. Everything stops by itself after ``--seconds``. Reported:

- requests by outcome for the normal and the hostile mixes: every 5xx and every request that got
  no answer at all is counted and a sample kept;
- *complete data*: every normal answer carries the work's relationship and quote counts, which a
  half-written or invalid file would change: each answer must show the complete file's counts;
- the worst and 99th-percentile ``/healthz`` latency, polled every 100 ms throughout;
- reloads (good edits by rename, files written in place in slow halves, invalid files), graceful
  restarts (SIGHUP) and worker kills (SIGKILL), with how the service came back;
- resident memory of the server's processes over time, and after 1,000 distinct and 1,000 refused
  documents against a one-worker server.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "never-let-me-go.yaml"
GQL = "application/graphql-response+json"

NORMAL = [
    '{ work { relationshipCount quoteCount } character(slug: "kathy-h") { id name } }',
    '{ work { relationshipCount quoteCount } neighbours(of: "tommy-d", asOf: "part-2") { totalCount } }',
    '{ work { relationshipCount quoteCount } shortestPath(from: "rod", to: "madame") { __typename } }',
    '{ work { relationshipCount quoteCount } graph(asOf: "part-1") { nodes { slug x y } } }',
    '{ work { relationshipCount quoteCount } search(text: "tomy", limit: 3) { score } }',
    "{ work { relationshipCount quoteCount } analytics { nodeCount } }",
]


def _fragment_dag(levels: int) -> str:
    frags = ["fragment F0 on Query { __typename }"]
    frags += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return f"query {{ ...F{levels} }}\n" + "\n".join(frags)


def _hostile_bodies() -> list[bytes]:
    def body(query: str, **extra: Any) -> bytes:
        return json.dumps({"query": query, **extra}).encode()

    paths = 'paths(from: "kathy-h", to: "madame", maxLength: 8, limit: 50, weighted: true) { length }'
    return [
        body(_fragment_dag(22)),
        body(_fragment_dag(200)),
        body(
            "{ "
            + " ".join(f"s{i}: __schema {{ types {{ name fields {{ name }} }} }}" for i in range(50))
            + " }"
        ),
        body("{ " + " ".join(f"p{i}: {paths}" for i in range(40)) + " }"),
        body("{ " + " ".join(f"p{i}: {paths}" for i in range(50)) + " }"),
        body("{ characters(last: 0) { edges { node { slug } } } }"),
        body('{ characters(after: "xyz") { totalCount } }'),
        b'{"query":"{ __typename }","operationName":"\\ud800"}',
        b'{"query":"query($a: String) { work(slug: $a) { slug } }","variables":{"a":"\\ud800"}}',
        b'{"query":"{ __typename }","variables":{"a":' + b"[" * 1000 + b"]" * 1000 + b"}}",
        b"[" * 50_000 + b"]" * 50_000,
        body("{ " + " ".join(f"f{j}" for j in range(60_000)) + " }"),  # ~500 KB, over the token limit
        b"not json at all",
    ]


@dataclass
class Tally:
    """Outcomes of one traffic mix."""

    outcomes: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    failures: list[float] = field(default_factory=list)
    """When each request that got no answer failed (time.time())."""

    def add(self, outcome: str, sample: str | None = None, seconds: float | None = None) -> None:
        with self.lock:
            self.outcomes[outcome] += 1
            if outcome == "no_answer":
                self.failures.append(time.time())
            if sample is not None and len(self.samples) < 20:
                self.samples.append(sample)
            if seconds is not None:
                self.latencies.append(seconds)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(port: int, body: bytes, timeout: float = 30) -> tuple[int, bytes]:
    """One request on a connection of its own: any failure is a request the server dropped."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/graphql", body, {"content-type": "application/json", "accept": GQL})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _counts(data_file: Path) -> tuple[int, int]:
    """The relationship and quote counts a complete copy of the file gives (memberships count as
    relationships, as the API counts them)."""
    from graphservice.catalog import load_catalog

    work = load_catalog([data_file]).works[0]
    return len(work.relationships), len(work.quotes)


def _normal(port: int, expected: tuple[int, int], stop: threading.Event, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - a traffic mix, not a secret
    while not stop.is_set():
        query = rng.choice(NORMAL)
        started = time.perf_counter()
        try:
            status, raw = _post(port, json.dumps({"query": query}).encode())
        except (OSError, http.client.HTTPException) as exc:  # a reset, or an answer cut short
            tally.add("no_answer", f"{type(exc).__name__}: {exc}")
            continue
        elapsed = time.perf_counter() - started
        if status >= 500:
            tally.add("5xx", raw[:200].decode("utf-8", "replace"), elapsed)
            continue
        payload = json.loads(raw)
        work = (payload.get("data") or {}).get("work")
        if status == 200 and work is not None:
            seen = (work["relationshipCount"], work["quoteCount"])
            tally.add(
                "ok" if seen == expected else "incomplete_data",
                None if seen == expected else str(seen),
                elapsed,
            )
        else:
            codes = sorted({e["extensions"]["code"] for e in payload.get("errors", [])})
            tally.add(f"{status}:{','.join(codes)}", None, elapsed)


def _hostile(port: int, stop: threading.Event, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311
    bodies = _hostile_bodies()
    while not stop.is_set():
        body = rng.choice(bodies)
        started = time.perf_counter()
        try:
            status, raw = _post(port, body)
        except (OSError, http.client.HTTPException) as exc:  # a reset, or an answer cut short
            tally.add("no_answer", f"{type(exc).__name__}: {exc}")
            continue
        elapsed = time.perf_counter() - started
        if status >= 500:
            tally.add("5xx", raw[:200].decode("utf-8", "replace"), elapsed)
        elif elapsed > 1.0:
            tally.add("slower_than_1s", body[:80].decode("utf-8", "replace"), elapsed)
        else:
            tally.add(f"{status}", None, elapsed)


def _health(port: int, stop: Any, results: Any) -> None:
    """Poll ``/healthz`` every 100 ms until ``stop`` is set, then put (latencies, failures) on
    ``results``. It runs in a process of its own (see :func:`_start_health`), as a load balancer's
    or orchestrator's probe does: in a thread of the load generator it would also time the load
    generator's own wait for its interpreter lock, which the server has nothing to do with."""
    latencies: list[tuple[float, float]] = []  # (when, seconds)
    failures: Counter[str] = Counter()
    while not stop.is_set():
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            conn.close()
            latencies.append((time.time(), time.perf_counter() - started))
            if status != 200:
                failures[str(status)] += 1
        except (OSError, http.client.HTTPException) as exc:
            failures[type(exc).__name__] += 1
        stop.wait(0.1)
    results.put((latencies, dict(failures)))


def _slow_clients(port: int, count: int, stop: threading.Event) -> None:
    """Connections that send half a request line and then nothing (re-opened when closed)."""
    sockets: list[socket.socket] = []
    while not stop.is_set():
        while len(sockets) < count and not stop.is_set():
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                sock.sendall(b"POST /graphql HTTP/1.1\r\nHost: x\r\n")
                sock.setblocking(False)
                sockets.append(sock)
            except OSError:
                break
        # drop the ones the server closed
        alive = []
        for sock in sockets:
            try:
                if sock.recv(1) == b"":
                    sock.close()
                    continue
            except BlockingIOError:
                pass
            except OSError:
                sock.close()
                continue
            alive.append(sock)
        sockets = alive
        stop.wait(1.0)
    for sock in sockets:
        sock.close()


def _loop_lag(port: int) -> dict[str, Any] | None:
    """How late the server's event loops ran their 50 ms timer, over the whole run and every worker
    (``graphservice_event_loop_lag_seconds`` on /metrics): the stalls seen from inside the server,
    apart from any queueing on the client's side or in the kernel."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/metrics")
        text = conn.getresponse().read().decode()
        conn.close()
    except (OSError, http.client.HTTPException):
        return None
    buckets: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("graphservice_event_loop_lag_seconds_bucket{"):
            le = line.split('le="', 1)[1].split('"', 1)[0]
            buckets[le] = buckets.get(le, 0) + float(line.rsplit(" ", 1)[1])
    if not buckets:
        return None
    ticks = buckets["+Inf"]
    return {
        "ticks": int(ticks),
        "later_than_25ms": int(ticks - buckets["0.025"]),
        "later_than_100ms": int(ticks - buckets["0.1"]),
        "later_than_250ms": int(ticks - buckets["0.25"]),
        "later_than_1s": int(ticks - buckets["1.0"]),
    }


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and its children (from /proc)."""
    total = 0
    pids = [pid]
    with contextlib.suppress(OSError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            pids.append(int(child))
    for p in pids:
        with contextlib.suppress(OSError, ValueError):
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return total


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []


def _write_by_rename(target: Path, text: str) -> None:
    temp = target.with_name(f".{target.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, target)


def _chaos(
    server: subprocess.Popen[bytes], data_file: Path, stop: threading.Event, log: list[dict[str, Any]]
) -> None:
    """Every few seconds: a good edit, a slow in-place rewrite, an invalid file, a SIGHUP or a kill."""
    good = data_file.read_text(encoding="utf-8")
    parsed = yaml.safe_load(good)
    actions = ["edit", "slow_rewrite", "invalid", "hangup", "kill_worker", "complex_key"]
    rng = random.Random(5)  # noqa: S311
    step = 0
    while not stop.wait(12):
        action = actions[step % len(actions)] if step < len(actions) else rng.choice(actions)
        step += 1
        started = time.time()
        if action == "edit":  # a valid change of a description, by rename
            parsed["work"]["description"] = f"{parsed['work']['description'].split(' [')[0]} [edit {step}]"
            _write_by_rename(data_file, yaml.safe_dump(parsed, allow_unicode=True, sort_keys=False))
        elif action == "slow_rewrite":  # in place, in two halves, the first half valid YAML
            text = yaml.safe_dump(parsed, allow_unicode=True, sort_keys=False)
            cut = text.index("\nrelationships:") if "\nrelationships:" in text else len(text) // 2
            with data_file.open("w", encoding="utf-8") as out:
                out.write(text[:cut])
                out.flush()
                time.sleep(1.6)
                out.write(text[cut:])
        elif action == "invalid":  # a broken file for a while, then the good one back
            _write_by_rename(data_file, good.replace("relationships:", "relationships: [oops", 1))
            time.sleep(4)
            _write_by_rename(data_file, yaml.safe_dump(parsed, allow_unicode=True, sort_keys=False))
        elif action == "complex_key":
            _write_by_rename(data_file, "? [a, b]\n: 1\n")
            time.sleep(4)
            _write_by_rename(data_file, yaml.safe_dump(parsed, allow_unicode=True, sort_keys=False))
        elif action == "hangup":
            server.send_signal(signal.SIGHUP)
        elif action == "kill_worker":
            workers = _children(server.pid)
            if workers:
                os.kill(rng.choice(workers), signal.SIGKILL)
        log.append({"action": action, "at": round(started, 3)})


def _cause(at: float, log: list[dict[str, Any]]) -> str:
    before = [a for a in log if a["at"] <= at and at - a["at"] <= 15]
    return before[-1]["action"] if before else "none"


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _start(data_file: Path, port: int, workers: int, reload_data: bool) -> subprocess.Popen[bytes]:
    # The command a user runs: the `graphservice` script installed beside this interpreter.
    script = Path(sys.executable).with_name("graphservice")
    command = [str(script), "serve", "--data", str(data_file), "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    if reload_data:
        command.append("--reload-data")
    log = (data_file.parent / "server.log").open("ab")  # kept beside the data copy, for diagnosis
    server = subprocess.Popen(command, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return server
        time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"the server did not become ready (exit code {server.poll()}); see its log")


def soak(
    seconds: float, workers: int, slow: int, normal_threads: int, hostile_threads: int
) -> dict[str, Any]:
    """Run the soak and chaos test; returns its figures."""
    folder = Path(tempfile.mkdtemp(prefix="soak-"))
    data_file = folder / "never-let-me-go.yaml"
    shutil.copy(DATA, data_file)
    expected = _counts(data_file)
    port = _free_port()
    server = _start(data_file, port, workers, reload_data=True)
    stop = threading.Event()
    normal, hostile = Tally(), Tally()
    spawn = multiprocessing.get_context("spawn")
    health_stop, health_results = spawn.Event(), spawn.Queue()
    prober = spawn.Process(target=_health, args=(port, health_stop, health_results), daemon=True)
    chaos_log: list[dict[str, Any]] = []
    rss: list[int] = []
    threads = [
        *(
            threading.Thread(target=_normal, args=(port, expected, stop, normal, i))
            for i in range(normal_threads)
        ),
        *(
            threading.Thread(target=_hostile, args=(port, stop, hostile, 100 + i))
            for i in range(hostile_threads)
        ),
        threading.Thread(target=_slow_clients, args=(port, slow, stop)),
        threading.Thread(target=_chaos, args=(server, data_file, stop, chaos_log)),
    ]
    started = time.monotonic()
    try:
        prober.start()
        for thread in threads:
            thread.start()
        while time.monotonic() - started < seconds:
            rss.append(_tree_rss(server.pid))
            time.sleep(5)
    finally:
        lag = _loop_lag(port)
        stop.set()
        health_stop.set()
        polls, health_failures = health_results.get(timeout=60)
        prober.join(10)
        for thread in threads:
            thread.join(60)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.copy(DATA, data_file)
    health = [seconds for _, seconds in polls]
    # The server's log stays in the folder for a look afterwards; the folder is this machine's, so it
    # is told on stderr and kept out of the results that are committed.
    print(f"soak: the server's log is in {folder / 'server.log'}", file=sys.stderr)
    return {
        "seconds": round(time.monotonic() - started, 1),
        "workers": workers,
        "slow_connections": slow,
        "normal": {
            "outcomes": dict(normal.outcomes),
            "samples": normal.samples,
            "p99_seconds": _pct(normal.latencies, 0.99),
        },
        "hostile": {
            "outcomes": dict(hostile.outcomes),
            "samples": hostile.samples,
            "worst_seconds": max(hostile.latencies, default=None),
        },
        "healthz": {
            "polls": len(health),
            # The ten slowest polls, each with the chaos action just before it (within 15 s).
            "slowest": [
                {"seconds": round(seconds, 3), "after": _cause(at, chaos_log)}
                for at, seconds in sorted(polls, key=lambda p: -p[1])[:10]
            ],
            "failures": dict(health_failures),
            "worst_seconds": max(health, default=None),
            "p99_seconds": _pct(health, 0.99),
            "median_seconds": statistics.median(health) if health else None,
        },
        "event_loop_lag": lag,
        "chaos": Counter(a["action"] for a in chaos_log),
        # Each request that got no answer, with the chaos action just before it (within 15 s).
        "no_answer_after": dict(Counter(_cause(t, chaos_log) for t in normal.failures + hostile.failures)),
        "rss_mib": {
            "start": round(rss[0] / 2**20, 1),
            "max": round(max(rss) / 2**20, 1),
            "end": round(rss[-1] / 2**20, 1),
        }
        if rss
        else None,
    }


def documents_memory(count: int = 1000) -> dict[str, Any]:
    """RSS of a one-worker server before and after ``count`` distinct and ``count`` refused documents."""
    port = _free_port()
    folder = Path(tempfile.mkdtemp(prefix="soak-memory-"))  # its log beside a copy, not in data/
    data_file = folder / DATA.name
    shutil.copy(DATA, data_file)
    server = _start(data_file, port, 1, reload_data=False)
    try:
        start = _tree_rss(server.pid)
        for i in range(count):
            query = f'{{ character(slug: "kathy-h") {{ id name d{i}: description }} }}'
            _post(port, json.dumps({"query": query}).encode())
        distinct = _tree_rss(server.pid)
        for i in range(count):
            query = "{ " + " ".join(f"f{i}_{j}" for j in range(60_000)) + " }"  # ~500 KB, refused
            _post(port, json.dumps({"query": query}).encode())
        refused = _tree_rss(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    mib = 2**20
    return {
        "documents": count,
        "start_mib": round(start / mib, 1),
        "after_distinct_mib": round(distinct / mib, 1),
        "after_refused_mib": round(refused / mib, 1),
        "growth_mib": round((refused - start) / mib, 1),
        "target_growth_mib": 100,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--slow", type=int, default=2000, help="slow connections held open")
    parser.add_argument("--normal", type=int, default=6, help="threads of normal traffic")
    parser.add_argument("--hostile", type=int, default=3, help="threads of hostile traffic")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "soak.json")
    args = parser.parse_args()
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the slow clients need descriptors too
    results = {
        "soak": soak(args.seconds, args.workers, args.slow, args.normal, args.hostile),
        "documents_memory": documents_memory(),
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
