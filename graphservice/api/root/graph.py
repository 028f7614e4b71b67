"""Root fields over the shape of the graph: analytics, a view to draw, and neighbourhoods."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import strawberry
from strawberry import relay

from graphservice.api import args
from graphservice.api.context import Info
from graphservice.api.enums import CentralityMeasure, Direction
from graphservice.api.root._shared import EntityArg, entity, ref_arg
from graphservice.api.types.analytics import Analytics
from graphservice.api.types.connections import NeighbourConnection
from graphservice.api.types.entities import neighbours_of
from graphservice.api.types.graphview import GraphView
from graphservice.api.types.traversal import Neighbour
from graphservice.queries.analytics import Measure
from graphservice.queries.graphview import graph_view
from graphservice.queries.views import make_view

__all__ = ["GraphFields"]


@strawberry.type(description="Root fields over the shape of the graph.")
class GraphFields:
    @strawberry.field(
        description="Centrality, communities and relationship statistics of a view of the graph, computed "
        "once per view and cached."
    )
    def analytics(
        self,
        info: Info,
        kinds: args.Kinds = None,
        as_of: args.AsOf = None,
        during: args.During = None,
        include_places: args.IncludePlaces = False,
        work: args.WorkArg = None,
    ) -> Analytics:
        loaded = info.context.catalog.work(work)
        flt = args.edge_filter(make_view(loaded, as_of, during), kinds, include_places)
        return Analytics.of(loaded, flt)

    @strawberry.field(
        description="A view of the graph ready to draw with any frontend: nodes with a server-side layout "
        "(fixed seed, the same for every view of a work), display sizes and communities, and the edges "
        "among them. The same view downloads as Cytoscape.js, graphology, node-link JSON, GEXF or "
        "GraphML from `/export/{format}`."
    )
    def graph(
        self,
        info: Info,
        kinds: args.Kinds = None,
        min_confidence: args.MinConfidence = None,
        as_of: args.AsOf = None,
        during: args.During = None,
        include_places: args.IncludePlaces = False,
        center: Annotated[
            str | None,
            ref_arg(
                "Keep only the neighbourhood of this character, group or place (a place needs "
                "`includePlaces`)."
            ),
        ] = None,
        radius: Annotated[
            int, strawberry.argument(description="With `center`: how many steps around it to keep (1 to 6).")
        ] = 1,
        size_by: Annotated[
            CentralityMeasure,
            strawberry.argument(name="sizeBy", description="The centrality measure node sizes follow."),
        ] = CentralityMeasure.PAGERANK,
        work: args.WorkArg = None,
    ) -> GraphView:
        slug = None
        if center is None:
            loaded = info.context.catalog.work(work)
        else:  # a global id names its work
            loaded, slug = entity(info, center, work)
        view = make_view(loaded, as_of, during)
        flt = args.edge_filter(view, kinds, include_places, min_confidence=min_confidence)
        found = graph_view(loaded, flt, slug, radius, Measure(str(size_by.value)))
        return GraphView.from_domain(loaded, found, flt.view)

    @relay.connection(
        NeighbourConnection,
        description="Nodes within `depth` steps of a character, group or place, nearest first.",
    )
    def neighbours(
        self,
        info: Info,
        of: EntityArg,
        depth: args.Depth = 1,
        kinds: args.Kinds = None,
        min_confidence: args.MinConfidence = None,
        direction: args.DirectionArg = Direction.BOTH,
        as_of: args.AsOf = None,
        during: args.During = None,
        include_places: args.IncludePlaces = False,
        work: args.WorkArg = None,
    ) -> Sequence[Neighbour]:
        loaded, slug = entity(info, of, work)
        view = make_view(loaded, as_of, during)
        return neighbours_of(loaded, slug, depth, kinds, direction, view, include_places, min_confidence)
