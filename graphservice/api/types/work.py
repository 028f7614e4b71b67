"""A work: a book (or play, ...) served by the service, with its periods."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry
from strawberry import relay

from graphservice.api.context import Info
from graphservice.api.types.common import Period, Source
from graphservice.catalog import LoadedWork, WorkEntry
from graphservice.errors import NotFoundError

__all__ = ["Work"]


@strawberry.type(description="A work served by the service, such as a novel.")
class Work(relay.Node):
    id: relay.NodeID[str]
    slug: str = strawberry.field(description="Readable identifier; pass it as `work:` to root fields.")
    title: str = strawberry.field(description="The work's title.")
    author: str = strawberry.field(description="Who wrote the work.")
    year: int | None = strawberry.field(description="Year of first publication, if known.")
    description: str = strawberry.field(description="A short summary in the curators' words.")
    source: Source = strawberry.field(description="The document the records were taken from.")
    _entry: strawberry.Private[WorkEntry]

    @classmethod
    def from_loaded(cls, work: LoadedWork) -> Work:
        """Wrap a loaded work."""
        return cls.from_entry(WorkEntry.of(work))

    @classmethod
    def from_entry(cls, entry: WorkEntry) -> Work:
        """Wrap a work's entry: every field of a work is answered without loading it."""
        w = entry.header
        return cls(
            id=w.slug,
            slug=w.slug,
            title=w.title,
            author=w.author,
            year=w.year,
            description=w.description,
            source=Source(title=w.source.title, description=w.source.description),
            _entry=entry,
        )

    @classmethod
    # One implementation serves strawberry's overloads on `required`.
    def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Work | None]:
        catalog = info.context.catalog
        found = [cls.from_entry(catalog.entry(n)) if n in catalog else None for n in node_ids]
        if required and None in found:
            raise NotFoundError(f"no Work with id among {list(node_ids)}")
        return found

    @strawberry.field(description="The story's periods in reading order; use their slugs in `asOf`/`during`.")
    def periods(self) -> list[Period]:
        return [
            Period(slug=p.slug, name=p.name, description=p.description, position=i + 1)
            for i, p in enumerate(self._entry.header.periods)
        ]

    @strawberry.field(name="characterCount", description="How many characters the work has.")
    def character_count(self) -> int:
        return self._entry.counts.characters

    @strawberry.field(name="relationshipCount", description="How many relationships (memberships included).")
    def relationship_count(self) -> int:
        return self._entry.counts.relationships

    @strawberry.field(name="quoteCount", description="How many quotes the work has.")
    def quote_count(self) -> int:
        return self._entry.counts.quotes
