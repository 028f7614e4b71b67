"""Varied neighbourhoods over a large work, over HTTP (issue 14's third target).

    python -m bench.neighbourhood                 # 20 s per run; writes bench/neighbourhood.json
    python -m bench.neighbourhood --seconds 5

A synthetic work of 10,000 characters and 50,000 relationships (bench/synthetic.py) is served
by ``graphservice serve --data FILE`` with every other setting at its default, and by the tuned
service of bench/servers.py with its response cache off, so that every request is computed. wrk
sends both neighbourhood requests that differ from one another: a random centre, depth 1 or 2,
any period as ``asOf``, the first 20 neighbours with their distance and name, and the total count.
wrk goes through the mix again and again, so the shipped server answers repeats from its response
cache; the target (at least 15% of the floor's requests/s) is judged on the server without it.
The same wrk runs against the floor (bench/servers.py: an app that answers every POST with bytes
made before it started) give the machine's ceiling. The in-process part times the same requests
through the service's execution path and the domain call alone, at depth 1 and 2.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.http import FLOOR, UNCACHED, _check, _wrk, ensure_wrk, running
from bench.load import free_port
from bench.synthetic import write_work
from bench.timing import percentile, ratio

__all__ = ["QUERY", "TARGET_SHARE_OF_FLOOR", "bodies", "measure"]

ROOT = Path(__file__).resolve().parent.parent
CHARACTERS = 10_000
RELATIONSHIPS = 50_000
PERIODS = ("p1", "p2", "p3", "p4")
TARGET_SHARE_OF_FLOOR = 0.15
SHIPPED = "graphservice serve, as shipped"
QUERY = (
    "query Near($of: String!, $depth: Int!, $asOf: String) { neighbours(of: $of, depth: $depth, "
    "asOf: $asOf, first: 20) { totalCount edges { node { distance node { name } } } } }"
)


def bodies(count: int, seed: int = 3) -> list[str]:
    """``count`` request bodies, each with its own centre, depth and period."""
    rng = random.Random(seed)  # noqa: S311 - a traffic mix, not a secret
    variables = [
        {"of": f"c{rng.randrange(CHARACTERS)}", "depth": rng.choice((1, 2)), "asOf": rng.choice(PERIODS)}
        for _ in range(count)
    ]
    return [json.dumps({"query": QUERY, "variables": v}) for v in variables]


def _in_process(data: Path, seconds: float) -> dict[str, Any]:
    """Milliseconds per request through the execution path and for the domain call, by depth."""
    from graphservice.api.context import Context
    from graphservice.api.execution import execute_inline
    from graphservice.queries.neighbours import neighbours
    from graphservice.queries.views import EdgeFilter, make_view
    from graphservice.web.state import load_data

    catalog = load_data([data]).catalog
    work = catalog.work()
    rng = random.Random(5)  # noqa: S311
    found: dict[str, Any] = {}
    for depth in (1, 2):
        asked = [(f"c{rng.randrange(CHARACTERS)}", rng.choice(PERIODS)) for _ in range(2000)]
        service: list[float] = []
        domain: list[float] = []
        sizes: list[int] = []
        deadline = time.monotonic() + seconds
        i = 0
        while time.monotonic() < deadline:
            of, period = asked[i % len(asked)]
            i += 1
            started = time.perf_counter()
            result = execute_inline(QUERY, {"of": of, "depth": depth, "asOf": period}, None, Context(catalog))
            service.append(time.perf_counter() - started)
            if result.errors:
                raise RuntimeError(f"neighbours failed: {result.errors}")
            started = time.perf_counter()
            near = neighbours(work, of, depth=depth, flt=EdgeFilter(make_view(work, period)))
            domain.append(time.perf_counter() - started)
            sizes.append(len(near))
        found[f"depth_{depth}"] = {
            "requests": len(service),
            "neighbourhood_median": sorted(sizes)[len(sizes) // 2],
            "service_ms_median": round(percentile(sorted(service), 0.5) * 1000, 3),
            "domain_ms_median": round(percentile(sorted(domain), 0.5) * 1000, 3),
        }
    return found


def measure(seconds: float, folder: Path, install: bool = True) -> dict[str, Any]:
    """Serve the synthetic work as shipped and without a response cache, and the floor; drive
    each with the varied mix."""
    wrk = ensure_wrk(install)
    data = write_work(RELATIONSHIPS, folder / "neighbourhood.json", characters=CHARACTERS)
    mix = bodies(5000)
    mix_file = folder / "neighbours.jsonl"
    mix_file.write_text("\n".join(mix) + "\n")
    results: dict[str, Any] = {
        "work": {"characters": CHARACTERS, "relationships": RELATIONSHIPS},
        "distinct_requests": len(mix),
        "in_process": _in_process(data, min(seconds, 5.0)),
    }
    if wrk is None:
        return results | {"http": {"skipped": "wrk is not installed (Debian: apt-get install wrk)"}}
    port = free_port()
    command = [str(Path(sys.executable).with_name("graphservice")), "serve"]  # as a user starts it
    server = subprocess.Popen(
        [*command, "--data", str(data), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                _check(url, mix[:50], SHIPPED)
                break
            except (OSError, RuntimeError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        novel = ROOT / "data" / "never-let-me-go.yaml"
        with running(FLOOR, novel) as floor_url, running(UNCACHED, data) as bare:
            _check(bare, mix[:50], UNCACHED.label)
            servers = {"floor": floor_url, SHIPPED: url, UNCACHED.label: bare}
            runs = []
            for _ in range(2):  # interleaved, so a change in the machine's speed touches each alike
                for name, address in servers.items():
                    runs.append({"server": name, **_wrk(wrk, address, mix_file, 32, seconds)})
    finally:
        server.terminate()
        server.wait(30)
    best = {name: max(r["rps"] for r in runs if r["server"] == name) for name in servers}
    share = ratio(best[UNCACHED.label], best["floor"])
    return results | {
        "http": {
            "runs": runs,
            "best_rps": best,
            "computed_share_of_floor": share,
            "shipped_share_of_floor": ratio(best[SHIPPED], best["floor"]),
            "target_share_of_floor": TARGET_SHARE_OF_FLOOR,
            "met": (share or 0) >= TARGET_SHARE_OF_FLOOR,
        }
    }


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each wrk run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "neighbourhood.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args.seconds, Path(tmp))
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
