"""Analytics of a large work: the first ``analytics`` request, cold, and what each part of it costs
(issue 14's fourth target: at most 10 s on the work of 100,000 relationships).

    python -m bench.analytics                      # both sizes, three fresh processes each
    python -m bench.analytics --sizes 10000 --repeat 1 --no-exact

Each size is a synthetic work of bench/synthetic.py with one character per ten relationships, as
in bench/scale.py. A fresh process per repetition loads it as the service does (the heap frozen afterwards, so
the collector does not walk the data) and times, in process:

- the first request through the service's execution path (``execute_inline``), asking the top
  ten of every measure, the communities and the kind statistics. ``analytics`` computes every
  measure and the communities on its first request, so this is the first request of any of them.
  Its time budget is raised so that it can answer: with the service's default (0.75 s) the first
  request of a large work answers QUERY_TIMEOUT once its analytics are computed and cached, which
  one more process per size records (``default_budget``);
- the same request per measure, and for the communities, once cached (``warm_ms``);
- each part alone with the caches cleared (``domain_seconds``): the projection, each measure as
  ``analytics`` computes it, the Louvain communities, and ``analytics`` as a whole;
- with ``--without-igraph``, all of it with igraph hidden, so networkx does every search.

Figures are medians over the processes. The first process also compares the closeness estimate
with exact closeness (``accuracy``; the exact scores take over a minute at 10^5 with networkx,
``--no-exact`` skips them). Results go to bench/analytics.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["FIRST", "SIZES", "TARGET_SECONDS", "child", "measure"]

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000)
TARGET_SIZE = 100_000
TARGET_SECONDS = 10.0
MEASURES = ("DEGREE", "BETWEENNESS", "CLOSENESS", "PAGERANK", "EIGENVECTOR")
FIRST = (
    "query FirstAnalytics { analytics { nodeCount pairCount "
    + " ".join(
        f"{m.lower()}: centrality(measure: {m}, limit: 10) {{ rank score node {{ id name }} }}"
        for m in MEASURES
    )
    + " communities { index size } kinds { kind count active meanStrength } } }"
)
ONE = (
    "query Ranked($measure: CentralityMeasure!) { analytics { "
    "centrality(measure: $measure, limit: 10) { rank score node { id name } } } }"
)
COMMUNITIES = "query Communities { analytics { communities { index size members { id } } } }"


def _timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _codes(result: Any) -> list[str]:
    return [str((e.extensions or {}).get("code")) for e in result.errors or []]


def _domain(work: Any) -> dict[str, float]:
    """Seconds for each part of ``analytics`` alone, and for all of it, caches cleared."""
    from graphservice.queries.analytics import Measure, analytics, find_communities, score_nodes
    from graphservice.queries.views import EdgeFilter, projection

    projection.cache_clear(work)
    seconds, found = _timed(lambda: projection(work, EdgeFilter(), False))
    parts = {"projection": seconds}
    graph = found.graph
    for measure in Measure:
        parts[measure.value] = _timed(lambda m=measure: score_nodes(graph, m))[0]
    parts["communities"] = _timed(lambda: find_communities(graph, list(graph)))[0]
    analytics.cache_clear(work)
    projection.cache_clear(work)
    parts["analytics_total"] = _timed(lambda: analytics(work))[0]
    return parts


def _accuracy(work: Any, exact: bool) -> dict[str, Any]:
    """How the closeness estimate compares with networkx's exact closeness."""
    import networkx as nx

    from graphservice.queries.analytics import Measure, analytics
    from graphservice.queries.views import EdgeFilter, projection

    if not exact:
        return {"skipped": "--no-exact"}
    graph = projection(work, EdgeFilter(), False).graph
    seconds, truth = _timed(lambda: nx.closeness_centrality(graph))
    guess = analytics(work).centrality[Measure.CLOSENESS]
    nodes = list(graph)
    errors = sorted(abs(guess[n] - truth[n]) / truth[n] for n in nodes if truth[n])

    def top(scores: Any, count: int) -> set[str]:
        return set(sorted(nodes, key=lambda n: -scores[n])[:count])

    return {
        "exact_networkx_seconds": round(seconds, 2),
        "spearman": round(_spearman([guess[n] for n in nodes], [truth[n] for n in nodes]), 4),
        "relative_error_median": round(statistics.median(errors), 4),
        "relative_error_max": round(errors[-1], 4),
        "top10_shared": len(top(guess, 10) & top(truth, 10)),
        "top100_shared": len(top(guess, 100) & top(truth, 100)),
    }


def _ranks(values: list[float]) -> list[float]:
    """Rank of each value (1 = smallest), tied values sharing the mean of their ranks."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for i in order[start : end + 1]:
            ranks[i] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def _spearman(a: list[float], b: list[float]) -> float:
    """Spearman's rank correlation: the correlation of the two rankings."""
    return float(np.corrcoef(_ranks(a), _ranks(b))[0, 1])


def child(path: Path, budget: float, accuracy: bool, exact: bool) -> dict[str, Any]:
    """Load one work and time its first analytics request and the parts (in a fresh process)."""
    from graphservice.api.context import Context
    from graphservice.api.execution import execute_inline
    from graphservice.api.limits import QueryLimits
    from graphservice.web.state import freeze_heap, load_data

    load, catalog = _timed(lambda: load_data([path]).catalog)
    freeze_heap()  # as the service does once its data is loaded
    work = catalog.work()

    def ask(query: str, variables: dict[str, Any] | None = None) -> tuple[float, Any]:
        context = Context(catalog, limits=QueryLimits(time_budget=budget))
        return _timed(lambda: execute_inline(query, variables, None, context))

    first, result = ask(FIRST)
    row: dict[str, Any] = {
        "relationships": len(work.data.relationships),
        "load_seconds": round(load, 2),
        "first_request_seconds": round(first, 3),
        "first_request_errors": _codes(result),
    }
    if result.errors:  # the default budget: see how the next request fares, then stop
        again, result = ask(FIRST)
        return row | {"second_request_seconds": round(again, 4), "second_request_errors": _codes(result)}
    row["nodes"], row["pairs"] = result.data["analytics"]["nodeCount"], result.data["analytics"]["pairCount"]
    warm = {m: ask(ONE, {"measure": m})[0] for m in MEASURES}
    warm["COMMUNITIES"] = ask(COMMUNITIES)[0]
    row["warm_ms"] = {k: round(1000 * v, 2) for k, v in warm.items()}
    row["domain_seconds"] = {k: round(v, 3) for k, v in _domain(work).items()}
    if accuracy:
        row["accuracy"] = _accuracy(work, exact)
    return row


def _run_child(
    path: Path, budget: float, accuracy: bool, exact: bool, without_igraph: bool
) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.analytics", "--child", str(path), "--budget", str(budget)]
    command += ["--accuracy"] * accuracy + ["--no-exact"] * (not exact)
    command += ["--without-igraph"] * without_igraph
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=1800)
    if out.returncode != 0:
        return {"error": out.stderr[-2000:]}
    found: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return found


def _median(rows: list[dict[str, Any]], *keys: str) -> float:
    """Median over the runs of the figure at ``keys`` (nested)."""

    def dig(value: Any) -> float:
        for key in keys:
            value = value[key]
        return float(value)

    return round(statistics.median(dig(r) for r in rows), 3)


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    first = runs[0]
    summary = {
        "first_request_seconds": _median(runs, "first_request_seconds"),
        "load_seconds": _median(runs, "load_seconds"),
        "warm_ms": {k: _median(runs, "warm_ms", k) for k in first["warm_ms"]},
        "domain_seconds": {k: _median(runs, "domain_seconds", k) for k in first["domain_seconds"]},
    }
    return {"nodes": first["nodes"], "pairs": first["pairs"], **summary}


def measure(
    sizes: tuple[int, ...], repeat: int, workdir: Path, *, exact: bool = True, without_igraph: bool = False
) -> dict[str, Any]:
    """Write each size's work (once) and measure it in ``repeat`` fresh processes, plus one with
    the default time budget."""
    from bench.synthetic import write_work
    from graphservice.api.limits import QueryLimits
    from graphservice.queries.analytics import search_backend

    results: dict[str, Any] = {"backend": search_backend(), "sizes": []}
    for size in sizes:
        path = workdir / f"synthetic-{size}.json"
        if not path.exists():
            write_work(size, path)
        runs = [_run_child(path, 3600.0, i == 0, exact, without_igraph) for i in range(repeat)]
        failed = [r["error"] for r in runs if "error" in r]
        if failed:
            results["sizes"].append({"relationships": size, "error": failed[0]})
            continue
        default = _run_child(path, QueryLimits().time_budget, False, exact, without_igraph)
        results["sizes"].append(
            {
                "relationships": size,
                **_summary(runs),
                "accuracy": runs[0]["accuracy"],
                "default_budget": default,
                "runs": runs,
            }
        )
    target = next((s for s in results["sizes"] if s["relationships"] == TARGET_SIZE), None)
    met = None if target is None or "error" in target else target["first_request_seconds"] <= TARGET_SECONDS
    return results | {"target_seconds": TARGET_SECONDS, "target_met": met}


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="relationship counts")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per size")
    parser.add_argument("--no-exact", action="store_true", help="skip exact closeness (accuracy)")
    parser.add_argument("--without-igraph", action="store_true", help="hide igraph: networkx only")
    parser.add_argument("--workdir", type=Path, help="keep the generated works here")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "analytics.json")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--budget", type=float, default=3600.0, help=argparse.SUPPRESS)
    parser.add_argument("--accuracy", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.without_igraph:
        sys.modules["igraph"] = None  # type: ignore[assignment]  # an import of it now fails
    if args.child is not None:
        print(json.dumps(child(args.child, args.budget, args.accuracy, not args.no_exact)))
        return
    sizes = tuple(int(s) for s in args.sizes.split(","))
    with contextlib.ExitStack() as stack:
        workdir = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        workdir.mkdir(parents=True, exist_ok=True)
        results = measure(
            sizes, args.repeat, workdir, exact=not args.no_exact, without_igraph=args.without_igraph
        )
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
