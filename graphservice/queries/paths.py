"""How two nodes are connected: the shortest path, or the few shortest simple paths, and why
there is none when the filters leave none."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice, pairwise

import networkx as nx

from graphservice.catalog import LoadedWork
from graphservice.errors import QueryTimeoutError
from graphservice.graph import Edge, Projection, node_info
from graphservice.queries import walk
from graphservice.queries.limits import MAX_PATH_LENGTH, MAX_PATHS, check_range
from graphservice.queries.lookup import require_entity
from graphservice.queries.views import EdgeFilter, View, projection

__all__ = [
    "NEUTRAL_STRENGTH",
    "NoPath",
    "NoPathReason",
    "Path",
    "Step",
    "edge_cost",
    "shortest_path",
    "shortest_paths",
]

NEUTRAL_STRENGTH = 3
"""Strength assumed for a relationship whose record gives none (and for memberships, place links)."""
_WEIGHTED_CANDIDATES = 500
"""Most candidate paths a weighted ``paths`` query examines before it stops looking."""


def edge_cost(edge: Edge) -> float:
    """What crossing an edge costs in a weighted search: the stronger the bond, the cheaper."""
    strength = getattr(edge.record, "strength", None) or NEUTRAL_STRENGTH
    return float(6 - strength)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a path, and every edge that allows it (parallel relationships)."""

    source: str
    target: str
    edges: tuple[Edge, ...]


@dataclass(frozen=True, slots=True)
class Path:
    """A walk from the first node to the last; ``len(steps) == len(nodes) - 1``.

    ``cost`` is the number of steps, or the sum of step costs when the search was weighted.
    """

    nodes: tuple[str, ...]
    steps: tuple[Step, ...]
    cost: float


class NoPathReason(StrEnum):
    """Why a path search found nothing, from the most specific cause to the least."""

    EXCLUDED = "excluded"
    """An end is one of the nodes the search was told to avoid."""
    NOT_YET_MET = "not_yet_met"
    """An end is hidden by ``asOf``: the reader has not met it yet."""
    PLACE_NOT_INCLUDED = "place_not_included"
    """An end is a place, but the search does not cross place links."""
    FILTERED_OUT = "filtered_out"
    """The ends are connected in this view, but the kinds, direction or exclusions cut every path."""
    HIDDEN_BY_VIEW = "hidden_by_view"
    """The ends are connected only through what ``asOf``/``during`` hides."""
    DISCONNECTED = "disconnected"
    """Nothing connects the ends, whatever the filters."""


@dataclass(frozen=True, slots=True)
class NoPath:
    """The answer when there is no path: the reason, and a sentence explaining it."""

    reason: NoPathReason
    message: str


def _path(walk: Projection, nodes: list[str], weighted: bool) -> Path:
    steps = tuple(Step(u, v, walk.via(u, v)) for u, v in pairwise(nodes))
    cost = sum(min(edge_cost(e) for e in s.edges) for s in steps) if weighted else float(len(steps))
    return Path(tuple(nodes), steps, cost)


def _blocked_end(work: LoadedWork, ends: tuple[str, str], flt: EdgeFilter) -> NoPath | None:
    for slug in ends:
        node = node_info(work.graph, slug)
        if slug in flt.exclude:
            return NoPath(NoPathReason.EXCLUDED, f"'{slug}' is an end of the path and also excluded")
        if not flt.view.shows_node(node):
            return NoPath(NoPathReason.NOT_YET_MET, f"the reader has not met '{slug}' yet in this view")
        if not flt.keeps_node(node):
            return NoPath(
                NoPathReason.PLACE_NOT_INCLUDED,
                f"'{slug}' is a place; include place links to find paths to it",
            )
    return None


def _connected(work: LoadedWork, flt: EdgeFilter, start: str, end: str) -> bool:
    if not (walk.keeps(work, flt, start) and walk.keeps(work, flt, end)):
        return False
    return walk.bidirectional_path(work, flt, start, end, "both") is not None


def explain_no_path(work: LoadedWork, start: str, end: str, flt: EdgeFilter) -> NoPath:
    """Why the filtered graph has no path from ``start`` to ``end``: lift the filters one by one."""
    blocked = _blocked_end(work, (start, end), flt)
    if blocked is not None:
        return blocked
    if _connected(work, EdgeFilter(flt.view, None, flt.include_places), start, end):
        return NoPath(
            NoPathReason.FILTERED_OUT,
            "connected in this view, but not by the kinds, direction or exclusions asked for",
        )
    if _connected(work, EdgeFilter(View(), None, flt.include_places), start, end):
        return NoPath(
            NoPathReason.HIDDEN_BY_VIEW, "no path in this view; the connection lies outside asOf/during"
        )
    return NoPath(NoPathReason.DISCONNECTED, f"nothing connects '{start}' and '{end}'")


def shortest_path(
    work: LoadedWork,
    start: str,
    end: str,
    *,
    directed: bool = False,
    flt: EdgeFilter = EdgeFilter(),
    weighted: bool = False,
) -> Path | NoPath:
    """The shortest (or, when ``weighted``, the cheapest) path from ``start`` to ``end``."""
    require_entity(work, start)
    require_entity(work, end)
    if not (walk.keeps(work, flt, start) and walk.keeps(work, flt, end)):
        return explain_no_path(work, start, end, flt)
    if weighted:
        simple = projection(work, flt, directed)
        try:
            nodes: list[str] = nx.shortest_path(simple.graph, start, end, weight=simple.weight(edge_cost))
        except nx.NetworkXNoPath:
            return explain_no_path(work, start, end, flt)
        return _path(simple, nodes, weighted)
    # Unweighted, the search reads only the edges near the ends: no projection of the whole graph.
    mode: walk.Mode = "out" if directed else "both"
    found = walk.bidirectional_path(work, flt, start, end, mode)
    if found is None:
        return explain_no_path(work, start, end, flt)
    steps = tuple(Step(u, v, walk.via(work, flt, u, v, mode)) for u, v in pairwise(found))
    return Path(tuple(found), steps, float(len(steps)))


def shortest_paths(
    work: LoadedWork,
    start: str,
    end: str,
    *,
    max_length: int = 4,
    limit: int = 5,
    directed: bool = False,
    flt: EdgeFilter = EdgeFilter(),
    weighted: bool = False,
    deadline: float | None = None,
    budget: float | None = None,
) -> list[Path]:
    """Up to ``limit`` simple paths of at most ``max_length`` steps, shortest (or cheapest) first.

    Weighted, paths come in order of cost, so a long cheap path may precede a short dear one; the
    search skips paths over ``max_length`` and gives up after a fixed number of candidates.
    Enumerating simple paths can take exponential time, so with ``deadline`` (a
    ``time.monotonic()`` time: the request's, shared by all its fields) the search stops with
    QueryTimeoutError once it is passed; ``budget`` is the request's budget, for the message.
    """
    check_range("maxLength", max_length, 1, MAX_PATH_LENGTH)
    check_range("limit", limit, 1, MAX_PATHS)
    require_entity(work, start)
    require_entity(work, end)
    walk = projection(work, flt, directed)
    if start not in walk.graph or end not in walk.graph or start == end:
        return []
    short: Iterator[list[str]]
    if weighted:
        candidates = islice(_simple_paths(walk, start, end, weighted=True), _WEIGHTED_CANDIDATES)
        short = (nodes for nodes in candidates if len(nodes) - 1 <= max_length)
    else:
        # Unweighted, paths come in order of length: stop at the first that is too long.
        short = _until_longer(_simple_paths(walk, start, end, weighted=False), max_length)
    if deadline is not None:
        short = _within(short, deadline, budget)
    return [_path(walk, nodes, weighted) for nodes in islice(short, limit)]


def _within(paths: Iterator[list[str]], deadline: float, budget: float | None) -> Iterator[list[str]]:
    """Pass paths through until the deadline; each is checked as the enumeration yields it."""
    if time.monotonic() >= deadline:  # spent before the search began (other fields, a queue)
        raise QueryTimeoutError(_ran_out(budget))
    for nodes in paths:
        if time.monotonic() >= deadline:
            raise QueryTimeoutError(_ran_out(budget))
        yield nodes


def _ran_out(budget: float | None) -> str:
    spent = "the request's time budget" if budget is None else f"the request's {budget:g} s time budget"
    return f"the path search ran out of {spent}; ask for fewer or shorter paths, or fewer fields"


def _simple_paths(walk: Projection, start: str, end: str, *, weighted: bool) -> Iterator[list[str]]:
    try:
        weight = walk.weight(edge_cost) if weighted else None
        yield from nx.shortest_simple_paths(walk.graph, start, end, weight=weight)
    except nx.NetworkXNoPath:
        return


def _until_longer(paths: Iterator[list[str]], max_length: int) -> Iterator[list[str]]:
    for nodes in paths:
        if len(nodes) - 1 > max_length:
            return
        yield nodes
