"""Who is near whom: the neighbourhood of a node up to a depth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from graphservice.catalog import LoadedWork
from graphservice.graph import Edge, node_info
from graphservice.queries import walk
from graphservice.queries.limits import MAX_DEPTH, check_range
from graphservice.queries.lookup import require_entity
from graphservice.queries.views import EdgeFilter

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
    if not walk.keeps(work, flt, of):
        return []  # hidden by the view: it has no neighbours there
    distance = walk.distances(work, flt, of, direction, depth)
    back = walk.REVERSE[direction]
    found: list[Neighbour] = []
    kept: dict[str, bool] = {}
    for slug, dist in distance.items():
        if slug == of:
            continue
        if dist == 1:  # one step out, only the start is closer: no need to read the node's edges
            closer = [of]
        else:
            closer = [p for p in walk.steps(work, flt, slug, back, kept) if distance.get(p) == dist - 1]
        via = tuple(e for p in closer for e in walk.via(work, flt, p, slug, direction))
        found.append(Neighbour(slug, dist, via))
    found.sort(key=lambda n: (n.distance, node_info(work.graph, n.slug).record.name.casefold()))
    return found
