"""Root fields that connect two nodes: the shortest path, several paths, and an explanation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graphservice.api import args
from graphservice.api.context import Info
from graphservice.api.root._shared import entity, ref_arg, same_work
from graphservice.api.types.explain import ConnectionExplanation
from graphservice.api.types.traversal import Path, PathResult, path_result
from graphservice.catalog import LoadedWork
from graphservice.queries.explain import explain_connection
from graphservice.queries.paths import shortest_path, shortest_paths
from graphservice.queries.views import EdgeFilter, make_view

__all__ = ["PathFields"]

FromArg = Annotated[str, strawberry.argument(name="from", description="Start: a slug or global id.")]
ToArg = Annotated[str, strawberry.argument(description="End: a slug or global id.")]
DirectedArg = Annotated[
    bool, strawberry.argument(description="Follow directed relationships only from source to target.")
]


def _ends_and_filter(
    info: Info,
    ends: tuple[str, str],
    work: str | None,
    view_args: tuple[str | None, str | None],
    kinds: args.Kinds,
    include_places: bool,
    exclude: list[str] | None,
) -> tuple[LoadedWork, str, str, EdgeFilter]:
    """Resolve both ends (same work) and the excluded nodes, and build the traversal filter."""
    loaded, start = entity(info, ends[0], work)
    other, end = entity(info, ends[1], work)
    loaded = same_work(loaded, other)
    avoided = set()
    for ref in exclude or []:
        owner, slug = entity(info, ref, work)
        avoided.add(slug)
        same_work(loaded, owner)
    view = make_view(loaded, *view_args)
    return loaded, start, end, args.edge_filter(view, kinds, include_places, frozenset(avoided))


@strawberry.type(description="Root fields that connect two nodes.")
class PathFields:
    @strawberry.field(
        name="shortestPath",
        description="The shortest path between two nodes, each step with the relationships crossed, their "
        "evidence and quotes; or, when the filters leave none, a NoPath saying why.",
    )
    def shortest_path(
        self,
        info: Info,
        from_: FromArg,
        to: ToArg,
        kinds: args.Kinds = None,
        exclude: args.Exclude = None,
        directed: DirectedArg = False,
        weighted: args.Weighted = False,
        as_of: args.AsOf = None,
        during: args.During = None,
        include_places: args.IncludePlaces = False,
        work: args.WorkArg = None,
    ) -> PathResult:
        loaded, start, end, flt = _ends_and_filter(
            info, (from_, to), work, (as_of, during), kinds, include_places, exclude
        )
        found = shortest_path(loaded, start, end, directed=directed, flt=flt, weighted=weighted)
        return path_result(loaded, found, flt.view)

    @strawberry.field(
        description="Up to `limit` simple paths of at most `maxLength` steps, shortest (or, with "
        "`weighted`, cheapest) first; empty when there is none (ask `shortestPath` for the reason)."
    )
    def paths(
        self,
        info: Info,
        from_: FromArg,
        to: ToArg,
        max_length: Annotated[
            int,
            strawberry.argument(name="maxLength", description="Longest path to return, in steps (1 to 8)."),
        ] = 4,
        limit: Annotated[int, strawberry.argument(description="Most paths to return (1 to 50).")] = 5,
        kinds: args.Kinds = None,
        exclude: args.Exclude = None,
        directed: DirectedArg = False,
        weighted: args.Weighted = False,
        as_of: args.AsOf = None,
        during: args.During = None,
        include_places: args.IncludePlaces = False,
        work: args.WorkArg = None,
    ) -> list[Path]:
        loaded, start, end, flt = _ends_and_filter(
            info, (from_, to), work, (as_of, during), kinds, include_places, exclude
        )
        found = shortest_paths(
            loaded,
            start,
            end,
            max_length=max_length,
            limit=limit,
            directed=directed,
            flt=flt,
            weighted=weighted,
            deadline=info.context.deadline,
            budget=info.context.limits.time_budget,
        )
        return [Path.from_domain(loaded, p, flt.view) for p in found]

    @strawberry.field(
        name="explainConnection",
        description="How two nodes are connected: the shortest path with evidence, the relationships "
        "joining them directly, and the neighbours, groups, places, quotes and scenes they share.",
    )
    def explain_connection(
        self,
        info: Info,
        a: Annotated[str, ref_arg("One node.")],
        b: Annotated[str, ref_arg("The other node.")],
        kinds: args.Kinds = None,
        exclude: args.Exclude = None,
        directed: DirectedArg = False,
        weighted: args.Weighted = False,
        as_of: args.AsOf = None,
        during: args.During = None,
        include_places: args.IncludePlaces = False,
        work: args.WorkArg = None,
    ) -> ConnectionExplanation:
        loaded, start, end, flt = _ends_and_filter(
            info, (a, b), work, (as_of, during), kinds, include_places, exclude
        )
        found = explain_connection(loaded, start, end, flt=flt, directed=directed, weighted=weighted)
        return ConnectionExplanation.from_domain(loaded, found, flt.view)
