"""The query root: lookups, lists, neighbours and paths. Each field parses its arguments, calls
one domain query and maps the result."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from graphservice.api import args
from graphservice.api.context import Info
from graphservice.api.enums import CentralityMeasure, Direction
from graphservice.api.refs import resolve_ref
from graphservice.api.types.analytics import Analytics
from graphservice.api.types.connections import (
    CharacterConnection,
    EventConnection,
    GroupConnection,
    NeighbourConnection,
    PlaceConnection,
    QuoteConnection,
    RelationshipConnection,
    SymbolConnection,
    ThemeConnection,
)
from graphservice.api.types.entities import Character, Group, Place, neighbours_of
from graphservice.api.types.events import Event
from graphservice.api.types.explain import ConnectionExplanation
from graphservice.api.types.graphview import GraphView
from graphservice.api.types.links import Relationship
from graphservice.api.types.quotes import Quote, Symbol, Theme
from graphservice.api.types.search import SearchHit
from graphservice.api.types.traversal import Neighbour, Path, PathResult, path_result
from graphservice.api.types.work import Work
from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError
from graphservice.queries.analytics import Measure
from graphservice.queries.explain import explain_connection
from graphservice.queries.graphview import graph_view
from graphservice.queries.lookup import character_by_name, require, require_entity
from graphservice.queries.paths import shortest_path, shortest_paths
from graphservice.queries.quotes import QuoteQuery, find_quotes
from graphservice.queries.relationships import edges_of
from graphservice.queries.search import search as find
from graphservice.queries.timeline import events_of, timeline
from graphservice.queries.views import EdgeFilter, make_view, visible

__all__ = ["Query"]

_ENTITY_TYPES = ("Character", "Group", "Place")
_PARTY_TYPES = ("Character", "Group")


def _ref(desc: str) -> object:
    return strawberry.argument(description=f"{desc} A slug (e.g. `kathy-h`) or a global id.")


SlugArg = Annotated[str | None, _ref("The record to fetch.")]
EntityArg = Annotated[str, _ref("A character, group or place.")]
OptionalEntity = Annotated[str | None, _ref("Only quotes involving this character, group or place.")]


def _entity(
    info: Info, ref: str, work: str | None, types: tuple[str, ...] = _ENTITY_TYPES
) -> tuple[LoadedWork, str]:
    loaded, slug = resolve_ref(info.context.catalog, ref, work, types)
    require_entity(loaded, slug, [t.lower() for t in types])
    return loaded, slug


def _same_work(a: LoadedWork, b: LoadedWork) -> LoadedWork:
    if a is not b:
        raise InvalidArgumentError(f"the two ends belong to different works ('{a.slug}' and '{b.slug}')")
    return a


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
    loaded, start = _entity(info, ends[0], work)
    other, end = _entity(info, ends[1], work)
    loaded = _same_work(loaded, other)
    avoided = set()
    for ref in exclude or []:
        owner, slug = _entity(info, ref, work)
        avoided.add(slug)
        _same_work(loaded, owner)
    view = make_view(loaded, *view_args)
    return loaded, start, end, args.edge_filter(view, kinds, include_places, frozenset(avoided))


@strawberry.type(description="Ask about the characters, places, relationships and quotes of a work.")
class Query:
    node: relay.Node | None = relay.node(
        description="Fetch any record by its global id, in the view the id names; null when there is "
        "no such record (as the Relay specification has it), so one unknown id does not null its "
        "sibling fields."
    )

    @strawberry.field(description="Every work served, in the order the data files were given.")
    def works(self, info: Info) -> list[Work]:
        return [Work.from_loaded(w) for w in info.context.catalog.works]

    @strawberry.field(description="One work by slug; the first work when no slug is given.")
    def work(
        self,
        info: Info,
        slug: Annotated[str | None, strawberry.argument(description="The work's slug.")] = None,
    ) -> Work:
        return Work.from_loaded(info.context.catalog.work(slug))

    @strawberry.field(
        description="One character, by slug or global id, or by name or alias (case-insensitive)."
    )
    def character(
        self,
        info: Info,
        slug: SlugArg = None,
        name: Annotated[str | None, strawberry.argument(description="A name or alias, e.g. `Kathy`.")] = None,
        as_of: args.AsOf = None,
        during: args.During = None,
        work: args.WorkArg = None,
    ) -> Character | None:
        if (slug is None) == (name is None):
            raise InvalidArgumentError("give exactly one of `slug` and `name`")
        if slug is not None:
            loaded, key = resolve_ref(info.context.catalog, slug, work, ["Character"])
            view = make_view(loaded, as_of, during)
            return Character.from_record(loaded, require(loaded.characters, key, "character", loaded), view)
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        return Character.from_record(loaded, character_by_name(loaded, name or ""), view)

    @relay.connection(
        CharacterConnection,
        description="Every character of a work in the data file's order; with `asOf`, only those the reader "
        "has met.",
    )
    def characters(
        self, info: Info, as_of: args.AsOf = None, during: args.During = None, work: args.WorkArg = None
    ) -> list[Character]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        return [
            Character.from_record(loaded, loaded.characters[s], view)
            for s in visible(loaded, loaded.characters, view)
        ]

    @strawberry.field(description="One group, by slug or global id.")
    def group(
        self,
        info: Info,
        slug: Annotated[str, _ref("The group.")],
        as_of: args.AsOf = None,
        during: args.During = None,
        work: args.WorkArg = None,
    ) -> Group | None:
        loaded, key = resolve_ref(info.context.catalog, slug, work, ["Group"])
        view = make_view(loaded, as_of, during)
        return Group.from_record(loaded, require(loaded.groups, key, "group", loaded), view)

    @relay.connection(
        GroupConnection, description="Every group of a work; with `asOf`, only those the reader has met."
    )
    def groups(
        self, info: Info, as_of: args.AsOf = None, during: args.During = None, work: args.WorkArg = None
    ) -> list[Group]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        return [
            Group.from_record(loaded, loaded.groups[s], view) for s in visible(loaded, loaded.groups, view)
        ]

    @strawberry.field(description="One place, by slug or global id.")
    def place(
        self,
        info: Info,
        slug: Annotated[str, _ref("The place.")],
        as_of: args.AsOf = None,
        during: args.During = None,
        work: args.WorkArg = None,
    ) -> Place | None:
        loaded, key = resolve_ref(info.context.catalog, slug, work, ["Place"])
        view = make_view(loaded, as_of, during)
        return Place.from_record(loaded, require(loaded.places, key, "place", loaded), view)

    @relay.connection(
        PlaceConnection, description="Every place of a work; with `asOf`, only those the reader has met."
    )
    def places(
        self, info: Info, as_of: args.AsOf = None, during: args.During = None, work: args.WorkArg = None
    ) -> list[Place]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        return [
            Place.from_record(loaded, loaded.places[s], view) for s in visible(loaded, loaded.places, view)
        ]

    @relay.connection(
        RelationshipConnection,
        description="Relationships of a work (memberships included), filtered by kind and view.",
    )
    def relationships(
        self,
        info: Info,
        kinds: args.Kinds = None,
        as_of: args.AsOf = None,
        during: args.During = None,
        work: args.WorkArg = None,
    ) -> list[Relationship]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        found = edges_of(loaded, args.edge_filter(view, kinds))
        return [Relationship.from_record(loaded, loaded.relationships[e.key], view) for e in found]

    @relay.connection(QuoteConnection, description="Quotes of a work; every filter given must match.")
    def quotes(
        self,
        info: Info,
        speaker: Annotated[
            str | None,
            _ref("Only quotes attributed to this character (disputed quotes match each claimed speaker)."),
        ] = None,
        addressee: Annotated[str | None, _ref("Only quotes spoken to this character or group.")] = None,
        about: OptionalEntity = None,
        contains: Annotated[
            str | None,
            strawberry.argument(description="Only quotes containing this text (case-insensitive)."),
        ] = None,
        as_of: args.AsOf = None,
        during: args.During = None,
        work: args.WorkArg = None,
    ) -> list[Quote]:
        loaded = info.context.catalog.work(work)
        slugs: dict[str, str | None] = {}
        for key, ref, types in (
            ("speaker", speaker, ("Character",)),
            ("addressee", addressee, _PARTY_TYPES),
            ("about", about, _ENTITY_TYPES),
        ):
            slugs[key] = None
            if ref is not None:
                owner, slugs[key] = _entity(info, ref, work, types)
                _same_work(loaded, owner)
        query = QuoteQuery(
            speaker=slugs["speaker"],
            addressee=slugs["addressee"],
            about=slugs["about"],
            contains=contains,
            view=make_view(loaded, as_of, during),
        )
        return [Quote.from_record(loaded, q, query.view) for q in find_quotes(loaded, query)]

    @relay.connection(ThemeConnection, description="Every theme of a work.")
    def themes(self, info: Info, work: args.WorkArg = None) -> list[Theme]:
        loaded = info.context.catalog.work(work)
        return [Theme.from_record(loaded, t) for t in loaded.themes.values()]

    @relay.connection(SymbolConnection, description="Every symbol of a work.")
    def symbols(self, info: Info, work: args.WorkArg = None) -> list[Symbol]:
        loaded = info.context.catalog.work(work)
        return [Symbol.from_record(loaded, s) for s in loaded.symbols.values()]

    @strawberry.field(description="One key scene, by slug or global id.")
    def event(
        self,
        info: Info,
        slug: Annotated[str, _ref("The scene.")],
        as_of: args.AsOf = None,
        work: args.WorkArg = None,
    ) -> Event | None:
        loaded, key = resolve_ref(info.context.catalog, slug, work, ["Event"])
        view = make_view(loaded, as_of)
        return Event.from_record(loaded, require(loaded.events, key, "event", loaded), view)

    @relay.connection(
        EventConnection,
        description="The story's key scenes in story order (by the period they happen in, then as the "
        "curators listed them); with `asOf`, only those the reader has reached.",
    )
    def timeline(
        self,
        info: Info,
        as_of: args.AsOf = None,
        during: args.During = None,
        involving: Annotated[
            str | None, _ref("Only scenes this character or group takes part in, or at this place.")
        ] = None,
        work: args.WorkArg = None,
    ) -> list[Event]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        scenes = timeline(loaded, view)
        if involving is not None:
            owner, slug = _entity(info, involving, work)
            scenes = events_of(_same_work(loaded, owner), slug, view)
        return [Event.from_record(loaded, e, view) for e in scenes]

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
        as_of: args.AsOf = None,
        during: args.During = None,
        include_places: args.IncludePlaces = False,
        center: Annotated[
            str | None,
            _ref(
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
            loaded, slug = _entity(info, center, work)
        flt = args.edge_filter(make_view(loaded, as_of, during), kinds, include_places)
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
        direction: args.DirectionArg = Direction.BOTH,
        as_of: args.AsOf = None,
        during: args.During = None,
        include_places: args.IncludePlaces = False,
        work: args.WorkArg = None,
    ) -> list[Neighbour]:
        loaded, slug = _entity(info, of, work)
        view = make_view(loaded, as_of, during)
        return neighbours_of(loaded, slug, depth, kinds, direction, view, include_places)

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
        a: Annotated[str, _ref("One node.")],
        b: Annotated[str, _ref("The other node.")],
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

    @strawberry.field(
        description="Find characters, groups, places, themes, symbols, scenes and quotes by name, alias, "
        "description, summary or text; typo-tolerant and ranked, best first."
    )
    def search(
        self,
        info: Info,
        text: Annotated[
            str, strawberry.argument(description="What to look for, e.g. `Marie-Claude` or `tomy`.")
        ],
        limit: Annotated[int, strawberry.argument(description="Most results to return (1 to 50).")] = 10,
        as_of: args.AsOf = None,
        during: args.During = None,
        work: args.WorkArg = None,
    ) -> list[SearchHit]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        return [
            SearchHit.from_domain(loaded, hit, view) for hit in find(loaded, text, limit=limit, view=view)
        ]
