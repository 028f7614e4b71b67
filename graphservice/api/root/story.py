"""Root fields about the telling of the story: quotes, themes, symbols and key scenes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import strawberry
from strawberry import relay

from graphservice.api import args
from graphservice.api.context import Info
from graphservice.api.refs import resolve_ref
from graphservice.api.root._shared import (
    ENTITY_TYPES,
    PARTY_TYPES,
    OptionalEntity,
    entity,
    ref_arg,
    same_work,
)
from graphservice.api.types.connections import (
    EventConnection,
    QuoteConnection,
    SymbolConnection,
    ThemeConnection,
)
from graphservice.api.types.events import Event
from graphservice.api.types.lazy import Converted
from graphservice.api.types.quotes import Quote, Symbol, Theme
from graphservice.queries.lookup import require
from graphservice.queries.quotes import QuoteQuery, find_quotes
from graphservice.queries.timeline import events_of, timeline
from graphservice.queries.views import make_view

__all__ = ["StoryFields"]


@strawberry.type(description="Root fields about quotes, themes, symbols and key scenes.")
class StoryFields:
    @relay.connection(QuoteConnection, description="Quotes of a work; every filter given must match.")
    def quotes(
        self,
        info: Info,
        speaker: Annotated[
            str | None,
            ref_arg("Only quotes attributed to this character (disputed quotes match each claimed speaker)."),
        ] = None,
        addressee: Annotated[str | None, ref_arg("Only quotes spoken to this character or group.")] = None,
        about: OptionalEntity = None,
        contains: Annotated[
            str | None,
            strawberry.argument(description="Only quotes containing this text (case-insensitive)."),
        ] = None,
        as_of: args.AsOf = None,
        during: args.During = None,
        work: args.WorkArg = None,
    ) -> Sequence[Quote]:
        loaded = info.context.catalog.work(work)
        slugs: dict[str, str | None] = {}
        for key, ref, types in (
            ("speaker", speaker, ("Character",)),
            ("addressee", addressee, PARTY_TYPES),
            ("about", about, ENTITY_TYPES),
        ):
            slugs[key] = None
            if ref is not None:
                owner, slugs[key] = entity(info, ref, work, types)
                same_work(loaded, owner)
        query = QuoteQuery(
            speaker=slugs["speaker"],
            addressee=slugs["addressee"],
            about=slugs["about"],
            contains=contains,
            view=make_view(loaded, as_of, during),
        )
        return Converted(find_quotes(loaded, query), lambda q: Quote.from_record(loaded, q, query.view))

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
        slug: Annotated[str, ref_arg("The scene.")],
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
            str | None, ref_arg("Only scenes this character or group takes part in, or at this place.")
        ] = None,
        work: args.WorkArg = None,
    ) -> list[Event]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        scenes = timeline(loaded, view)
        if involving is not None:
            owner, slug = entity(info, involving, work)
            scenes = events_of(same_work(loaded, owner), slug, view)
        return [Event.from_record(loaded, e, view) for e in scenes]
