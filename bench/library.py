"""Library: a folder of many small works served as ``graphservice serve --data DIR`` serves it.

    python -m bench.library                       # 10,000 works of 100 relationships (10^6 in all)
    python -m bench.library --works 500 --budget 64

The synthetic works (bench/synthetic.py, each with its own seed, slug, title and author) are
written as JSON into a temporary folder, 100 to a sub-folder. The server is started exactly as a
user starts it, with only ``--data`` and ``--port`` given (and ``GRAPHSERVICE_MEMORY_BUDGET`` when
``--budget`` is), and measured from outside over HTTP on 127.0.0.1:

- start-up: from launching the process until ``/readyz`` answers, and its resident memory then;
- the first query of a cold work (a work's first page of characters with their relationships),
  for works picked at random, then the same queries again, warm; and the same warm query against
  a server of that one work, for comparison;
- resident memory while one request per work touches every work of the library in random order,
  against the memory budget;
- a search over every work (``search(allWorks: true)``): how long after ready the library's
  search index answers, then p50/p99 over varied words (names, typos, phrases, words of many
  texts), without and with the records found (which loads their works); and a title filter over
  the listing (``library(title:)``), which reads no work.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2 as httpx

from bench.load import free_port
from bench.synthetic import synthetic_work
from bench.timing import percentile

__all__ = ["TARGETS", "measure", "write_library"]

TARGETS = {
    "works": 10_000,
    "startup_seconds": 5.0,
    "startup_rss_mib": 300.0,
    "cold_query_ms": 50.0,
    "search_all_ms": 200.0,
    "budget_mib": 1024.0,
}
QUERY = (
    "query Cast($work: String!) { characters(work: $work, first: 5) { totalCount "
    "edges { node { id name relationships(first: 3) { edges { node { kind target { name } } } } } } } }"
)


def write_library(folder: Path, works: int, relationships: int = 100) -> list[str]:
    """Write ``works`` synthetic works into ``folder`` (100 per sub-folder); returns their slugs."""
    slugs = []
    for i in range(works):
        data = synthetic_work(relationships, seed=i)
        slug = f"work-{i:05d}"
        data["work"] |= {"slug": slug, "title": f"Synthetic Work {i}", "author": f"Author {i % 997}"}
        shelf = folder / f"{i // 100:03d}"
        shelf.mkdir(parents=True, exist_ok=True)
        (shelf / f"{slug}.json").write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        slugs.append(slug)
    return slugs


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def _serving(data: Path, budget: int | None) -> Iterator[tuple[str, subprocess.Popen[bytes], float]]:
    """`graphservice serve --data DATA --port P` as a user starts it; yields its URL, process and
    the seconds from launch to a ready /readyz."""
    port = free_port()
    env = None
    if budget is not None:
        import os

        env = os.environ | {"GRAPHSERVICE_MEMORY_BUDGET": str(budget)}
    command = [sys.executable, "-m", "graphservice", "serve", "--data", str(data), "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        yield from _until_stopped(command, env, log, f"http://127.0.0.1:{port}")


def _until_stopped(
    command: list[str], env: dict[str, str] | None, log: Any, url: str
) -> Iterator[tuple[str, subprocess.Popen[bytes], float]]:
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env=env)
    try:
        while True:
            if proc.poll() is not None:
                log.seek(0)
                said = log.read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"the server exited with {proc.returncode}: {said}")
            try:
                if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.02)
        yield url, proc, time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _timed(client: httpx.Client, url: str, query: str, **variables: str | int) -> float:
    started = time.perf_counter()
    answer = client.post(f"{url}/graphql", json={"query": query, "variables": variables})
    elapsed = (time.perf_counter() - started) * 1000
    body = answer.json()
    if answer.status_code != 200 or "errors" in body:
        raise RuntimeError(f"{query[:40]}... answered {answer.status_code}: {body.get('errors')}")
    return elapsed


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50": round(percentile(ordered, 0.50), 2),
        "p99": round(percentile(ordered, 0.99), 2),
        "max": round(ordered[-1], 2),
    }


def measure(works: int, budget: int | None, samples: int, workdir: Path) -> dict[str, Any]:
    """Build the library in ``workdir`` and measure it (see the module)."""
    started = time.perf_counter()
    slugs = write_library(workdir / "library", works)
    rng = random.Random(11)  # noqa: S311 - a reproducible choice of works
    chosen = rng.sample(slugs, min(samples, len(slugs)))
    results: dict[str, Any] = {"works": works, "relationships_per_work": 100, "written_seconds": 0.0}
    results["written_seconds"] = round(time.perf_counter() - started, 1)
    with _serving(workdir / "library", budget) as (url, proc, ready), httpx.Client(timeout=60) as client:
        results["startup"] = {"seconds": round(ready, 2), "rss_mib": round(_rss_mib(proc.pid), 1)}
        cold = [_timed(client, url, QUERY, work=slug) for slug in chosen]
        warm = [_timed(client, url, QUERY, work=slug) for slug in chosen]
        results["cold_query_ms"] = _summary(cold)
        results["warm_query_ms"] = _summary(warm)
        listing = "query Find($t: String) { library(title: $t, first: 10) { totalCount } }"
        results["title_filter_ms"] = _summary(
            [_timed(client, url, listing, t=f"Work {i}") for i in range(20)]
        )
        results["search_all"] = _search_all(client, url, proc.pid)
        rss, order = [], list(slugs)
        rng.shuffle(order)
        for i, slug in enumerate(order):
            _timed(client, url, QUERY, work=slug)
            if i % 250 == 0:
                rss.append(_rss_mib(proc.pid))
        rss.append(_rss_mib(proc.pid))
        ready_body = client.get(f"{url}/readyz").json()
        results["touch_every_work"] = {
            "rss_mib_max": round(max(rss), 1),
            "rss_mib_end": round(rss[-1], 1),
            "in_memory": ready_body.get("works_in_memory"),
            "memory": ready_body.get("memory"),
        }
    single = workdir / "single.json"
    single.write_bytes(next((workdir / "library").rglob(f"{chosen[0]}.json")).read_bytes())
    with _serving(single, None) as (url, _, _ready), httpx.Client(timeout=60) as client:
        _timed(client, url, QUERY, work=chosen[0])
        results["single_work_warm_ms"] = _summary(
            [_timed(client, url, QUERY, work=chosen[0]) for _ in chosen]
        )
    results["budget_mib"] = budget or 1024
    results["verdict"] = _verdict(results)
    return results


SEARCHED = [
    "Person 3", "person", "persn 12", "Persn", "synthetic", "synthetic line 4", "benchmark",
    "group 1", "Place 0", "spoken for the benchmark", "Synthetic character number 7", "line 9",
    "number 15", "phrase", "Grup", "character",
]  # fmt: skip
"""Words searched across the library: names, words of many texts, phrases, typos, no match."""
SEARCH = (
    "query S($t: String!, $n: Int!) { search(text: $t, allWorks: true, limit: $n) { score matched "
    "work { slug } } }"
)
SEARCH_RECORDS = (
    "query S($t: String!) { search(text: $t, allWorks: true, limit: 10) { score work { slug } "
    "node { __typename } } }"
)


def _search_all(client: httpx.Client, url: str, pid: int) -> dict[str, Any]:
    """Cross-work search: seconds from ready until the search index answers (it is built in the
    background), then each word timed, without and with the records (which load their works)."""
    started = time.perf_counter()
    while True:
        asked = {"query": SEARCH, "variables": {"t": "Person 3", "n": 1}}
        answer = client.post(f"{url}/graphql", json=asked).json()
        errors = answer.get("errors") or []
        if not errors:
            break
        if errors[0].get("extensions", {}).get("code") != "SEARCH_INDEX_NOT_READY":
            return {"refused": errors[0]["message"]}
        time.sleep(0.05)
    ready = time.perf_counter() - started
    # Each search asked once (a distinct limit each round), so none is answered from the cache.
    plain = [_timed(client, url, SEARCH, t=word, n=10 + i) for i in range(5) for word in SEARCHED]
    records = [_timed(client, url, SEARCH_RECORDS, t=word) for word in SEARCHED]
    return {
        "answered": True,
        "index_ready_after_seconds": round(ready, 2),
        "rss_mib_indexed": round(_rss_mib(pid), 1),
        "words": len(SEARCHED),
        "ms": _summary(plain),
        "with_records_ms": _summary(records),
    }


def _verdict(results: dict[str, Any]) -> dict[str, Any]:
    budget = results["budget_mib"]
    return {
        "startup_seconds": results["startup"]["seconds"] <= TARGETS["startup_seconds"],
        "startup_rss_mib": results["startup"]["rss_mib"] <= TARGETS["startup_rss_mib"],
        "cold_query_ms": results["cold_query_ms"]["p99"] <= TARGETS["cold_query_ms"],
        "rss_under_budget": results["touch_every_work"]["rss_mib_max"] <= budget,
        "search_all_ms": "answered" in results["search_all"]
        and results["search_all"]["ms"]["p99"] <= TARGETS["search_all_ms"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--works", type=int, default=TARGETS["works"])
    parser.add_argument(
        "--budget", type=int, help="GRAPHSERVICE_MEMORY_BUDGET in MiB (default: the server's)"
    )
    parser.add_argument("--samples", type=int, default=200, help="cold works asked once each")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args.works, args.budget, args.samples, Path(tmp))
    text = json.dumps(results, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
