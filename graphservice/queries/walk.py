"""Walking the graph one node's edges at a time, through a filter, without building a projection.

``views.projection`` copies every edge a filter keeps into a new simple graph. That is what the
analytics and the path enumerations need, but for a work with a million relationships it takes
seconds and hundreds of megabytes per filter, while a neighbourhood or one shortest path only
looks at the edges near its ends. So these functions read the edges of each node they reach
(``graph.incident``), and ask the filter about each one.

They see exactly the graph the projection would hold, with its neighbour order: a node's
neighbours come in the order of the first kept edge joining them, in the data file's order,
which is the order in which ``project`` inserts them. ``shortest_path`` is networkx's
bidirectional breadth-first search (``_bidirectional_pred_succ``) written over these neighbour
lists, so it returns the very path ``nx.shortest_path`` returns on the projection.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from graphservice.catalog import LoadedWork
from graphservice.graph import Edge, incident, node_info
from graphservice.queries.views import EdgeFilter

__all__ = ["REVERSE", "Mode", "bidirectional_path", "distances", "keeps", "steps", "via"]

Mode = Literal["out", "in", "both"]
"""Follow edges from source to target, backwards, or ignoring direction."""


def keeps(work: LoadedWork, flt: EdgeFilter, slug: str) -> bool:
    """Whether the filter lets a walk enter this node (it is in the projection)."""
    return flt.keeps_node(node_info(work.graph, slug))


def _other(edge: Edge, slug: str, mode: Mode) -> str | None:
    """The node this edge leads to from ``slug`` in ``mode``, or None if it cannot be walked so."""
    if mode == "both" or not edge.directed:
        return edge.target if edge.source == slug else edge.source
    if mode == "out":
        return edge.target if edge.source == slug else None
    return edge.source if edge.target == slug else None


def steps(
    work: LoadedWork, flt: EdgeFilter, slug: str, mode: Mode, kept: dict[str, bool] | None = None
) -> Iterator[str]:
    """The nodes one step from ``slug``, each once, in projection order.

    ``kept`` remembers which nodes the filter lets in, for a caller that takes many steps.
    """
    kept = {} if kept is None else kept
    seen: set[str] = set()
    for edge in incident(work.graph, slug):
        other = _other(edge, slug, mode)
        if other is None or other in seen or not flt.keeps(edge):
            continue
        enters = kept.get(other)
        if enters is None:
            enters = kept[other] = keeps(work, flt, other)
        if enters:
            seen.add(other)
            yield other


def via(work: LoadedWork, flt: EdgeFilter, u: str, v: str, mode: Mode) -> tuple[Edge, ...]:
    """The kept edges that let a walk step from ``u`` to ``v``, in the data file's order."""
    return tuple(e for e in incident(work.graph, u) if _other(e, u, mode) == v and flt.keeps(e))


def distances(work: LoadedWork, flt: EdgeFilter, start: str, mode: Mode, cutoff: int) -> dict[str, int]:
    """Steps from ``start`` to every node within ``cutoff``, in breadth-first order (as
    ``nx.single_source_shortest_path_length`` gives them)."""
    found = {start: 0}
    level = [start]
    kept: dict[str, bool] = {}
    for depth in range(1, cutoff + 1):
        following: list[str] = []
        for node in level:
            for other in steps(work, flt, node, mode, kept):
                if other not in found:
                    found[other] = depth
                    following.append(other)
        if not following:
            break
        level = following
    return found


REVERSE: dict[Mode, Mode] = {"out": "in", "in": "out", "both": "both"}
"""The mode that walks the same edges the other way."""


def bidirectional_path(
    work: LoadedWork, flt: EdgeFilter, start: str, end: str, mode: Mode
) -> list[str] | None:
    """A shortest path from ``start`` to ``end`` (both kept by the filter), or None.

    The search grows whichever frontier is smaller by one level until they meet, as networkx's
    ``bidirectional_shortest_path`` does.
    """
    if start == end:
        return [start]
    pred: dict[str, str | None] = {start: None}
    succ: dict[str, str | None] = {end: None}
    forward, backward = [start], [end]
    kept: dict[str, bool] = {}
    while forward and backward:
        if len(forward) <= len(backward):
            forward, meet = _grow(work, flt, forward, mode, (pred, succ), kept)
        else:
            backward, meet = _grow(work, flt, backward, REVERSE[mode], (succ, pred), kept)
        if meet is not None:
            return _join(pred, succ, meet)
    return None


def _grow(
    work: LoadedWork,
    flt: EdgeFilter,
    level: list[str],
    mode: Mode,
    sides: tuple[dict[str, str | None], dict[str, str | None]],
    kept: dict[str, bool],
) -> tuple[list[str], str | None]:
    """One more level of one side's search: the new frontier, and where it met the other side."""
    mine, theirs = sides
    frontier: list[str] = []
    for v in level:
        for w in steps(work, flt, v, mode, kept):
            if w not in mine:
                frontier.append(w)
                mine[w] = v
            if w in theirs:
                return frontier, w
    return frontier, None


def _join(pred: dict[str, str | None], succ: dict[str, str | None], meet: str) -> list[str]:
    path: list[str] = []
    node: str | None = meet
    while node is not None:
        path.append(node)
        node = pred[node]
    path.reverse()
    node = succ[path[-1]]
    while node is not None:
        path.append(node)
        node = succ[node]
    return path
