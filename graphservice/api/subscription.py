"""Live updates over graphql-transport-ws: the data version served, and what changed in a work.

Strawberry's subscriptions (async generators) over the feed the data holder publishes to on every
reload; the web layer serves them on ``/graphql`` for WebSocket clients.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated

import strawberry

from graphservice.api.context import Info, Live
from graphservice.api.types.entities import Entity, entity_of
from graphservice.api.types.links import PlaceLink, Relationship
from graphservice.errors import InvalidArgumentError
from graphservice.queries.changes import Published, WorkChanges

__all__ = ["DataVersion", "Subscription", "WorkChange"]


@strawberry.type(description="A version of the data the service answers from.")
class DataVersion:
    version: str = strawberry.field(description="A digest of the data files: equal versions, equal data.")
    loaded_at: datetime = strawberry.field(name="loadedAt", description="When this version was loaded.")
    works: list[str] = strawberry.field(description="Slugs of the works it serves, default first.")
    changed_works: list[str] = strawberry.field(
        name="changedWorks",
        description="Works that changed from the version before (empty for the first version a "
        "subscriber is sent, which is the one served when it subscribed).",
    )

    @classmethod
    def from_published(cls, published: Published) -> DataVersion:
        """Describe a published version."""
        return cls(
            version=published.version,
            loaded_at=datetime.fromtimestamp(published.loaded_at, UTC),
            works=published.catalog.slugs,
            changed_works=[c.slug for c in published.changes],
        )


@strawberry.type(description="Records added, changed and removed, by kind of record.")
class NodeChanges:
    added: list[Entity] = strawberry.field(description="Characters, groups and places new in this version.")
    changed: list[Entity] = strawberry.field(description="Those whose record changed, as they are now.")
    removed: list[str] = strawberry.field(description="Slugs of those no longer in the work.")


@strawberry.type(description="Relationships (memberships included) added, changed and removed.")
class RelationshipChanges:
    added: list[Relationship] = strawberry.field(description="Relationships new in this version.")
    changed: list[Relationship] = strawberry.field(description="Those whose record changed, as they are now.")
    removed: list[str] = strawberry.field(description="Slugs of those no longer in the work.")


@strawberry.type(description="Place links added, changed and removed.")
class PlaceLinkChanges:
    added: list[PlaceLink] = strawberry.field(description="Place links new in this version.")
    changed: list[PlaceLink] = strawberry.field(description="Those whose record changed, as they are now.")
    removed: list[str] = strawberry.field(description="Slugs of those no longer in the work.")


@strawberry.type(
    description="What changed in one work from one data version to the next: enough for a drawn graph to "
    "update itself (records are given in the whole-story view)."
)
class WorkChange:
    work: str = strawberry.field(description="The work's slug.")
    version: str = strawberry.field(description="The data version the changes lead to.")
    removed_work: bool = strawberry.field(
        name="removedWork", description="Whether the work itself is no longer served."
    )
    nodes: NodeChanges = strawberry.field(description="Characters, groups and places.")
    relationships: RelationshipChanges = strawberry.field(description="Relationships, memberships included.")
    place_links: PlaceLinkChanges = strawberry.field(name="placeLinks", description="Links to places.")
    other: bool = strawberry.field(
        description="Whether anything else changed too: quotes, scenes, themes, symbols, periods or the "
        "work's own description."
    )

    @classmethod
    def from_domain(cls, version: str, found: WorkChanges) -> WorkChange:
        """Describe a work's changes."""
        work = found.work
        if work is None:
            return cls(
                work=found.slug,
                version=version,
                removed_work=True,
                nodes=NodeChanges(added=[], changed=[], removed=list(found.nodes.removed)),
                relationships=RelationshipChanges(
                    added=[], changed=[], removed=list(found.relationships.removed)
                ),
                place_links=PlaceLinkChanges(added=[], changed=[], removed=list(found.place_links.removed)),
                other=found.other,
            )

        def relationships(slugs: tuple[str, ...]) -> list[Relationship]:
            return [Relationship.from_record(work, work.relationships[s]) for s in slugs]

        def place_links(slugs: tuple[str, ...]) -> list[PlaceLink]:
            return [PlaceLink.from_record(work, work.place_links[s]) for s in slugs]

        return cls(
            work=found.slug,
            version=version,
            removed_work=False,
            nodes=NodeChanges(
                added=[entity_of(work, s) for s in found.nodes.added],
                changed=[entity_of(work, s) for s in found.nodes.changed],
                removed=list(found.nodes.removed),
            ),
            relationships=RelationshipChanges(
                added=relationships(found.relationships.added),
                changed=relationships(found.relationships.changed),
                removed=list(found.relationships.removed),
            ),
            place_links=PlaceLinkChanges(
                added=place_links(found.place_links.added),
                changed=place_links(found.place_links.changed),
                removed=list(found.place_links.removed),
            ),
            other=found.other,
        )


def _live(info: Info) -> Live:
    live = info.context.live
    if live is None:
        raise InvalidArgumentError(
            "live updates are served over WebSocket at /graphql (graphql-transport-ws)"
        )
    return live


@strawberry.type(
    description="Live updates, over WebSocket at `/graphql` (the graphql-transport-ws protocol)."
)
class Subscription:
    @strawberry.subscription(
        name="dataVersion",
        description="The data version served now, then each new one as soon as a reload swaps it in: a "
        "page can refresh what it shows when the data changes.",
    )
    async def data_version(self, info: Info) -> AsyncGenerator[DataVersion, None]:
        live = _live(info)
        stream = live.feed.subscribe()  # before reading the current version: nothing falls between
        try:
            yield DataVersion.from_published(replace(live.published, changes=()))
            async for published in stream:
                yield DataVersion.from_published(published)
        finally:
            stream.close()

    @strawberry.subscription(
        name="workChanges",
        description="What changed in a work at each reload that changes it: its added, changed and removed "
        "nodes and edges, for a visualisation to update in place.",
    )
    async def work_changes(
        self,
        info: Info,
        work: Annotated[
            str | None, strawberry.argument(description="The work's slug; the default work when omitted.")
        ] = None,
    ) -> AsyncGenerator[WorkChange, None]:
        live = _live(info)
        slug = live.published.catalog.entry(work).slug  # an unknown work is NOT_FOUND at once
        stream = live.feed.subscribe()
        try:
            async for published in stream:
                for found in published.changes:
                    if found.slug == slug:
                        yield WorkChange.from_domain(published.version, found)
        finally:
            stream.close()
