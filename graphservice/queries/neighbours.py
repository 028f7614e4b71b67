"""Who is near whom: the neighbourhood of a node up to a depth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import networkx as nx

from graphservice.catalog import LoadedWork
from graphservice.graph import Edge, node_info
from graphservice.queries.limits import MAX_DEPTH, check_range
from graphservice.queries.lookup import require_entity
from graphservice.queries.views import EdgeFilter, projection

__all__ = ["Direction", "Neighbour", "neighbours"]

Direction = Literal["out", "in", "both"]


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A node within reach, its distance in steps, and the edges that reach it from one step closer."""

    slug: str
    distance: int
    edges: tuple[Edge, ...]


def neighbours(
    work: LoadedWork,
    of: str,
    *,
    depth: int = 1,
    direction: Direction = "both",
    flt: EdgeFilter = EdgeFilter(),
) -> list[Neighbour]:
    """Nodes within ``depth`` steps of ``of``, nearest first, then by name.

    ``direction="out"`` follows edges from source to target, ``"in"`` walks them backwards, and
    ``"both"`` ignores direction; an edge of a symmetric kind can always be walked both ways.
    """
    require_entity(work, of)
    check_range("depth", depth, 1, MAX_DEPTH)
    if of not in projection(work, flt, directed=False).graph:
        return []  # hidden by the view: it has no neighbours there
    walk = projection(work, flt, directed=direction != "both")
    graph = walk.graph
    if direction == "in" and isinstance(graph, nx.DiGraph):
        graph = graph.reverse(copy=False)
    distance = nx.single_source_shortest_path_length(graph, of, cutoff=depth)
    found: list[Neighbour] = []
    for slug, dist in distance.items():
        if slug == of:
            continue
        closer = [p for p in _predecessors(graph, slug) if distance.get(p) == dist - 1]
        via = tuple(
            e for p in closer for e in (walk.via(slug, p) if direction == "in" else walk.via(p, slug))
        )
        found.append(Neighbour(slug, dist, via))
    found.sort(key=lambda n: (n.distance, node_info(work.graph, n.slug).record.name.casefold()))
    return found


def _predecessors(graph: nx.Graph[str], node: str) -> list[str]:
    if isinstance(graph, nx.DiGraph):
        return list(graph.predecessors(node))
    return list(graph.neighbors(node))
