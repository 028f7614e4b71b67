"""The machine a run happened on, and the markdown tables of a run for docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import re
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["BEGIN", "END", "machine", "render", "write_into"]

BEGIN = "<!-- bench:results:begin -->"
END = "<!-- bench:results:end -->"
_PACKAGES = (
    "strawberry-graphql",
    "graphql-core",
    "networkx",
    "pydantic",
    "starlette",
    "uvicorn",
    "orjson",
    "uvloop",
    "httptools",
)


def machine() -> dict[str, Any]:
    """CPU, cores, memory, OS and the versions that matter (no host names or paths)."""
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else ""
    memory = 0.0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        memory = round(int(found.group(1)) / 2**20, 1) if found else 0.0
    versions = {}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": versions,
    }


def _verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "**missed**")


def _inprocess(part: dict[str, Any]) -> list[str]:
    lines = [
        "| operation | service µs (p99) | Strawberry µs | bare graphql-core µs | domain call µs "
        "| service ÷ bare | bare ÷ domain | cached answer µs | json ÷ orjson encode | target ≤ 1.5 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in part["operations"]:
        q = r["ratios"]
        lines.append(
            f"| {r['operation']} | {r['service']['median_us']} ({r['service']['p99_us']}) "
            f"| {r['strawberry']['median_us']} | {r['bare_graphql_core']['median_us']} "
            f"| {r['raw']['median_us']} "
            f"| {q['service_over_bare']} | {q['bare_over_raw']} | {r['cached_answer']['median_us']} "
            f"| {q['json_over_orjson']} | {_verdict(r['target_met'])} |"
        )
    cache = part["document_cache"]
    lines += [
        "",
        f"Document cache: {cache['distinct_documents']} distinct documents were parsed and validated "
        f"{cache['service_parses']} times by the service's path ({cache['service_hits']} cache hits); "
        f"Strawberry's ParserCache parsed {cache['strawberry_parses']} ({cache['strawberry_hits']} hits) and "
        f"its ValidationCache validated {cache.get('strawberry_validations', '?')} "
        f"({cache.get('strawberry_validation_hits', '?')} hits).",
    ]
    return lines


def _http(part: dict[str, Any]) -> list[str]:
    if "skipped" in part:
        return [f"Skipped: {part['skipped']}."]
    if "runs" not in part:  # smoke mode: bench/load.py for a second
        load = part["load"]
        return [
            f"Smoke check: {', '.join(part['servers'])} started; the service answered "
            f"{load['requests']} requests in {load['seconds']} s with {load['failures']} failures and "
            f"{load['server_errors']} 5xx."
        ]
    lines = [
        f"{part['wrk']}; {part['seconds_per_run']:g} s per run; hot mix: {part['hot_requests']} requests "
        f"repeated; varied mix: {part['varied_requests']} distinct requests.",
        "",
        "| server | mix | connections | requests/s | p50 ms | p90 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in part["runs"]:
        lines.append(
            f"| {r['server']} | {r['mix']} | {r['connections']} | {r['rps']:,.0f} | {r['p50_ms']} "
            f"| {r['p90_ms']} | {r['p99_ms']} | {r['errors']} |"
        )
    t = part["targets"]
    lines += [
        "",
        f"| connections | hot rps ÷ floor (≥ {t['hot_rps_over_floor']}) | as shipped: hot rps ÷ floor "
        f"(≥ {t['shipped_hot_rps_over_floor']}) | hot p99 ÷ floor p99 "
        f"(≤ {t['hot_p99_over_floor']}) | varied rps ÷ plain (≥ {t['varied_rps_over_plain']}) "
        "| varied without response cache ÷ plain |",
        "|---|---|---|---|---|---|",
    ]
    for r in part["ratios"]:
        met = r["targets_met"]
        lines.append(
            f"| {r['connections']} | {r['hot_rps_over_floor']} ({_verdict(met['hot_rps'])}) "
            f"| {r['shipped_hot_rps_over_floor']} ({_verdict(met['shipped_hot_rps'])}) "
            f"| {r['hot_p99_over_floor']} ({_verdict(met['hot_p99'])}) "
            f"| {r['varied_rps_over_plain']} ({_verdict(met['varied_rps'])}) "
            f"| {r['uncached_varied_rps_over_plain']} |"
        )
    s = part["switches"]
    lines += [
        "",
        "What each switch is worth (ratio of requests/s with it to without it, same mix and 32 connections):",
        f"uvloop + httptools {s['uvloop_httptools_floor_rps']} for the floor and "
        f"{s['uvloop_httptools_service_rps']} for the service (hot mix); with the response cache off "
        f"(varied mix), gc.freeze {s['gc_freeze_rps']} (p99 ratio {s['gc_freeze_p99']}) and orjson "
        f"{s['orjson_rps']}.",
    ]
    return lines


def _scale(part: dict[str, Any]) -> list[str]:
    lines = [
        "| relationships | nodes | edges | file MiB | load s | RSS MiB | full GC ms (frozen) "
        "| neighbours ms median (p99) | shortestPath ms median (p99) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in part["sizes"]:
        if "error" in r:
            lines.append(f"| {r['relationships']:,} | failed: {r['error'][-200:]!r} |||||||")
            continue
        n, p = r["neighbours"], r["shortest_path"]
        lines.append(
            f"| {r['relationships']:,} | {r['nodes']:,} | {r['edges']:,} | {r['file_mib']} "
            f"| {r['load_seconds']} "
            f"| {r['rss_mib']:,.0f} | {r['gc_full_collection_ms']:,} ({r['gc_full_collection_frozen_ms']}) "
            f"| {n['median_ms']} ({n['p99_ms']}) | {p['median_ms']} ({p['p99_ms']}) |"
        )
    met = part.get("targets_met")
    if met:
        t, g = part["targets"], part.get("growth_1e5_to_1e6", {})
        lines += [
            "",
            f"At {t['size']:,} relationships: load ≤ {t['load_seconds']:g} s "
            f"{_verdict(met['load_seconds'])}; "
            f"RSS ≤ {t['rss_mib']:g} MiB {_verdict(met['rss_mib'])}; neighbours ≤ {t['neighbours_ms']:g} ms "
            f"{_verdict(met['neighbours_ms'])}; shortestPath ≤ {t['shortest_path_ms']:g} ms "
            f"{_verdict(met['shortest_path_ms'])}.",
        ]
        if g:
            lines.append(
                f"Growth from 10⁵ to 10⁶ relationships: load {g['load']} times (linear would be 10 times: "
                f"{_verdict(met['load_growth_linear'])}), neighbours {g['neighbours']} times (sub-linear: "
                f"{_verdict(met['neighbours_growth_sublinear'])}), shortestPath {g['shortest_path']} times."
            )
    return lines


def _library(part: dict[str, Any]) -> list[str]:
    met, start, touched = part["verdict"], part["startup"], part["touch_every_work"]
    cold, warm, alone = part["cold_query_ms"], part["warm_query_ms"], part["single_work_warm_ms"]
    search = part["search_all"]
    memory = touched.get("memory") or {}
    return [
        f"A folder of {part['works']:,} works of {part['relationships_per_work']} relationships, served by "
        "`graphservice serve --data DIR` with its defaults:",
        "",
        "| measure | figure | target |",
        "|---|---|---|",
        f"| start-up to ready | {start['seconds']} s | ≤ 5 s {_verdict(met['startup_seconds'])} |",
        f"| resident memory after start-up | {start['rss_mib']} MiB "
        f"| ≤ 300 MiB {_verdict(met['startup_rss_mib'])} |",
        f"| first query of a cold work, p50 / p99 / max | {cold['p50']} / {cold['p99']} / {cold['max']} ms "
        f"| p99 ≤ 50 ms {_verdict(met['cold_query_ms'])} |",
        f"| the same query warm, p50 / p99 | {warm['p50']} / {warm['p99']} ms | as a one-work server: "
        f"{alone['p50']} / {alone['p99']} ms |",
        f"| every work asked once: resident memory at most | {touched['rss_mib_max']} MiB "
        f"({touched['in_memory']} works in memory, {memory.get('evictions', 0)} evicted) "
        f"| ≤ budget {part['budget_mib']} MiB {_verdict(met['rss_under_budget'])} |",
        f"| title filter over the listing (`library(title:)`), p50 | {part['title_filter_ms']['p50']} ms "
        "| — |",
        "| `search(allWorks: true)` over every work | "
        + ("answered" if "answered" in search else f"refused: {search['refused']}")
        + f" | ≤ 200 ms {_verdict(met['search_all_ms'])} |",
    ]


def render(results: dict[str, Any]) -> str:
    """The markdown for a run's results."""
    m = results["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    lines = [
        f"Run of {results['started']} ({results['mode']} mode, {results['seconds']:.0f} s in all).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['system']}; "
        f"Python {m['python']}; {packages}.",
    ]
    parts = results["parts"]
    if "inprocess" in parts:
        lines += ["", "### In process", "", *_inprocess(parts["inprocess"])]
    if "http" in parts:
        lines += ["", "### Over HTTP", "", *_http(parts["http"])]
    if "scale" in parts:
        lines += ["", "### Scale", "", *_scale(parts["scale"])]
    if "library" in parts:
        lines += ["", "### Library", "", *_library(parts["library"])]
    return "\n".join(lines) + "\n"


def write_into(doc: Path, markdown: str) -> None:
    """Replace the text between the result markers of ``doc`` (or append the markers)."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    block = f"{BEGIN}\n{markdown}{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text + ("\n" if text else "") + block + "\n"
    doc.write_text(text, encoding="utf-8")
