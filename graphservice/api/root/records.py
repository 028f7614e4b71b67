"""Root fields that look records up or list them: works, characters, groups, places and
relationships, and any record by its global id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import strawberry
from strawberry import relay

from graphservice.api import args
from graphservice.api.context import Info
from graphservice.api.refs import resolve_ref
from graphservice.api.root._shared import SlugArg, ref_arg
from graphservice.api.types.connections import (
    CharacterConnection,
    GroupConnection,
    PlaceConnection,
    RelationshipConnection,
    WorkConnection,
)
from graphservice.api.types.entities import Character, Group, Place
from graphservice.api.types.lazy import Converted
from graphservice.api.types.links import Relationship
from graphservice.api.types.work import Work
from graphservice.errors import InvalidArgumentError
from graphservice.queries.library import matching_works
from graphservice.queries.lookup import character_by_name, require
from graphservice.queries.relationships import edges_of
from graphservice.queries.views import make_view, visible

__all__ = ["RecordFields"]


@strawberry.type(description="Root fields that look records up or list them.")
class RecordFields:
    node: relay.Node | None = relay.node(
        description="Fetch any record by its global id, in the view the id names; null when there is "
        "no such record (as the Relay specification has it), so one unknown id does not null its "
        "sibling fields."
    )

    @strawberry.field(
        description="Every work served, in the order of their data files, in one list; in a library "
        "of more than 200 works loaded on first use this is refused: page through it, and filter "
        "it, with `library`."
    )
    def works(self, info: Info) -> list[Work]:
        return [Work.from_entry(e) for e in info.context.catalog.every_entry("`works`")]

    @relay.connection(
        WorkConnection,
        description="The works served, a page at a time, in the order of their data files; with "
        "filters, those whose title, author or text (title, author and description) hold every word "
        "given, ignoring case. `totalCount` counts every match: the size of a library, or of a search "
        "in it.",
    )
    def library(
        self,
        info: Info,
        title: Annotated[
            str | None, strawberry.argument(description="Words the title must hold, e.g. `carol`.")
        ] = None,
        author: Annotated[
            str | None, strawberry.argument(description="Words the author's name must hold, e.g. `dickens`.")
        ] = None,
        text: Annotated[
            str | None,
            strawberry.argument(description="Words the title, author and description together must hold."),
        ] = None,
    ) -> list[Work]:
        found = matching_works(info.context.catalog.entries, title=title, author=author, text=text)
        return [Work.from_entry(w) for w in found]

    @strawberry.field(description="One work by slug; the first work when no slug is given.")
    def work(
        self,
        info: Info,
        slug: Annotated[str | None, strawberry.argument(description="The work's slug.")] = None,
    ) -> Work:
        return Work.from_entry(info.context.catalog.entry(slug))

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
    ) -> Sequence[Character]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        found = visible(loaded, loaded.characters, view)
        return Converted(found, lambda s: Character.from_record(loaded, loaded.characters[s], view))

    @strawberry.field(description="One group, by slug or global id.")
    def group(
        self,
        info: Info,
        slug: Annotated[str, ref_arg("The group.")],
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
    ) -> Sequence[Group]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        found = visible(loaded, loaded.groups, view)
        return Converted(found, lambda s: Group.from_record(loaded, loaded.groups[s], view))

    @strawberry.field(description="One place, by slug or global id.")
    def place(
        self,
        info: Info,
        slug: Annotated[str, ref_arg("The place.")],
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
    ) -> Sequence[Place]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        found = visible(loaded, loaded.places, view)
        return Converted(found, lambda s: Place.from_record(loaded, loaded.places[s], view))

    @relay.connection(
        RelationshipConnection,
        description="Relationships of a work (memberships included), filtered by kind and view.",
    )
    def relationships(
        self,
        info: Info,
        kinds: args.Kinds = None,
        min_confidence: args.MinConfidence = None,
        as_of: args.AsOf = None,
        during: args.During = None,
        work: args.WorkArg = None,
    ) -> Sequence[Relationship]:
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        found = edges_of(loaded, args.edge_filter(view, kinds, min_confidence=min_confidence))
        return Converted(found, lambda e: Relationship.from_record(loaded, loaded.relationships[e.key], view))
