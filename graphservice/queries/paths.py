"""How two nodes are connected: the shortest path, or the few shortest simple paths."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from graphservice.catalog import LoadedWork
from graphservice.graph import Edge, Projection
from graphservice.queries.limits import MAX_PATH_LENGTH, MAX_PATHS, check_range
from graphservice.queries.lookup import require_entity
from graphservice.queries.views import EdgeFilter, projection

__all__ = ["Path", "Step", "shortest_path", "shortest_paths"]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a path, and every edge that allows it (parallel relationships)."""

    source: str
    target: str
    edges: tuple[Edge, ...]


@dataclass(frozen=True, slots=True)
class Path:
    """A walk from the first node to the last; ``len(steps) == len(nodes) - 1``."""

    nodes: tuple[str, ...]
    steps: tuple[Step, ...]


def _path(walk: Projection, nodes: list[str]) -> Path:
    steps = tuple(Step(u, v, walk.via(u, v)) for u, v in pairwise(nodes))
    return Path(tuple(nodes), steps)


def _endpoints(work: LoadedWork, start: str, end: str, flt: EdgeFilter, directed: bool) -> Projection | None:
    require_entity(work, start)
    require_entity(work, end)
    walk = projection(work, flt, directed)
    if start not in walk.graph or end not in walk.graph:
        return None
    return walk


def shortest_path(
    work: LoadedWork,
    start: str,
    end: str,
    *,
    directed: bool = False,
    flt: EdgeFilter = EdgeFilter(),
) -> Path | None:
    """The shortest path from ``start`` to ``end``, or None when the filters leave none."""
    walk = _endpoints(work, start, end, flt, directed)
    if walk is None:
        return None
    try:
        nodes: list[str] = nx.shortest_path(walk.graph, start, end)
    except nx.NetworkXNoPath:
        return None
    return _path(walk, nodes)


def shortest_paths(
    work: LoadedWork,
    start: str,
    end: str,
    *,
    max_length: int = 4,
    limit: int = 5,
    directed: bool = False,
    flt: EdgeFilter = EdgeFilter(),
) -> list[Path]:
    """Up to ``limit`` simple paths of at most ``max_length`` steps, shortest first."""
    check_range("maxLength", max_length, 1, MAX_PATH_LENGTH)
    check_range("limit", limit, 1, MAX_PATHS)
    walk = _endpoints(work, start, end, flt, directed)
    if walk is None or start == end:
        return []
    # shortest_simple_paths yields in order of length, so stop at the first one that is too long.
    bounded = _until_longer(_simple_paths(walk, start, end), max_length)
    return [_path(walk, nodes) for nodes in islice(bounded, limit)]


def _simple_paths(walk: Projection, start: str, end: str) -> Iterator[list[str]]:
    try:
        yield from nx.shortest_simple_paths(walk.graph, start, end)
    except nx.NetworkXNoPath:
        return


def _until_longer(paths: Iterator[list[str]], max_length: int) -> Iterator[list[str]]:
    for nodes in paths:
        if len(nodes) - 1 > max_length:
            return
        yield nodes
