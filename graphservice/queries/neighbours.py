"""Who is near whom: the neighbourhood of a node up to a depth."""

from __future__ import annotations

from dataclasses import dataclass, field
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
class _Reach:
    """One neighbourhood's walk, kept so each neighbour's edges are found when they are read."""

    work: LoadedWork
    flt: EdgeFilter
    start: str
    direction: Direction
    distance: dict[str, int]
    kept: dict[str, bool]

    def edges_to(self, slug: str, dist: int) -> tuple[Edge, ...]:
        """The kept edges reaching ``slug`` from the nodes one step closer, in the data file's order."""
        if dist == 1:  # one step out, only the start is closer: no need to read the node's edges
            closer = [self.start]
        else:
            back = walk.REVERSE[self.direction]
            steps = walk.steps(self.work, self.flt, slug, back, self.kept)
            closer = [p for p in steps if self.distance.get(p) == dist - 1]
        return tuple(e for p in closer for e in walk.via(self.work, self.flt, p, slug, self.direction))


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A node within reach, its distance in steps, and the edges that reach it from one step closer.

    ``edges`` is found when it is read: a neighbourhood at depth 2 or more holds hundreds of nodes,
    and finding a node's edges means reading every edge of that node, while an answer shows a page
    of them. Reading it twice walks twice.
    """

    slug: str
    distance: int
    _reach: _Reach = field(repr=False, compare=False)

    @property
    def edges(self) -> tuple[Edge, ...]:
        """The kept edges joining this node to the nodes one step closer to the start."""
        return self._reach.edges_to(self.slug, self.distance)


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
    reach = _Reach(work, flt, of, direction, distance, {})
    found = [Neighbour(slug, dist, reach) for slug, dist in distance.items() if slug != of]
    graph = work.graph
    found.sort(key=lambda n: (n.distance, node_info(graph, n.slug).record.name.casefold()))
    return found
