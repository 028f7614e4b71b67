"""List the edges of a work or of one node, through a filter."""

from __future__ import annotations

from graphservice.catalog import LoadedWork
from graphservice.graph import Edge, edges, incident
from graphservice.queries.lookup import require_entity
from graphservice.queries.neighbours import Direction
from graphservice.queries.views import EdgeFilter

__all__ = ["edges_of"]


def edges_of(
    work: LoadedWork,
    flt: EdgeFilter = EdgeFilter(),
    *,
    node: str | None = None,
    direction: Direction = "both",
) -> list[Edge]:
    """Edges that pass ``flt``, in data-file order; with ``node``, only those touching it.

    ``direction="out"`` keeps edges the node is the source of, ``"in"`` those it is the target
    of; an edge of a symmetric kind counts both ways.
    """
    if node is not None:
        require_entity(work, node)
    found: list[Edge] = []
    # A node's own edges are indexed, so listing them does not read the rest of the work.
    for edge in edges(work.graph) if node is None else incident(work.graph, node):
        if not flt.keeps(edge):
            continue
        if node is not None and not _touches(edge, node, direction):
            continue
        found.append(edge)
    return found


def _touches(edge: Edge, node: str, direction: Direction) -> bool:
    if direction == "both" or not edge.directed:
        return node in (edge.source, edge.target)
    return (edge.source if direction == "out" else edge.target) == node
