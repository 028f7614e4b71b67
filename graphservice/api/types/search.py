"""Search results: the record found, which field matched, and how well."""

from __future__ import annotations

import enum
from typing import Annotated

import strawberry

from graphservice.api.context import Info
from graphservice.api.types.entities import Character, Group, Place
from graphservice.api.types.events import Event
from graphservice.api.types.quotes import Quote, Symbol, Theme
from graphservice.api.types.work import Work
from graphservice.catalog import LoadedWork, WorkEntry
from graphservice.queries.search import Hit
from graphservice.queries.views import View

__all__ = ["SearchField", "SearchHit", "SearchResult"]

SearchResult = Annotated[
    Character | Group | Place | Quote | Theme | Symbol | Event,
    strawberry.union("SearchResult", description="Anything search can find."),
]


@strawberry.enum(description="Which field of a record a search matched.")
class SearchField(enum.Enum):
    NAME = strawberry.enum_value("name", description="The record's name.")
    ALIAS = strawberry.enum_value("alias", description="One of its other names.")
    DESCRIPTION = strawberry.enum_value(
        "description", description="Its description (for a scene, its summary)."
    )
    TEXT = strawberry.enum_value("text", description="A quote's text.")
    VARIANT = strawberry.enum_value("variant", description="Another verbatim form of a quote.")


def _node(
    work: LoadedWork, hit: Hit, view: View
) -> Character | Group | Place | Quote | Theme | Symbol | Event:
    if hit.kind == "character":
        return Character.from_record(work, work.characters[hit.slug], view)
    if hit.kind == "group":
        return Group.from_record(work, work.groups[hit.slug], view)
    if hit.kind == "place":
        return Place.from_record(work, work.places[hit.slug], view)
    if hit.kind == "theme":
        return Theme.from_record(work, work.themes[hit.slug], view)
    if hit.kind == "symbol":
        return Symbol.from_record(work, work.symbols[hit.slug], view)
    if hit.kind == "event":
        return Event.from_record(work, work.events[hit.slug], view)
    return Quote.from_record(work, work.quotes[hit.slug], view)


@strawberry.type(description="One search result.")
class SearchHit:
    score: float = strawberry.field(description="How well it matched, 0 to 100 (name matches rank highest).")
    field: SearchField = strawberry.field(description="Which field matched best.")
    matched: str = strawberry.field(description="The text of the field that matched.")
    _hit: strawberry.Private[Hit]
    _view: strawberry.Private[View]
    _work: strawberry.Private[Work]
    _loaded: strawberry.Private[LoadedWork | None]
    """The work, when the search had it loaded (a library's index answers without it)."""

    @strawberry.field(description="The record found.")
    def node(self, info: Info) -> SearchResult:
        # A hit from a library's search index loads its work only here, when its record is asked for.
        work = self._loaded or info.context.catalog.work(self._work.slug)
        return _node(work, self._hit, self._view)

    @strawberry.field(description="The work the record belongs to.")
    def work(self) -> Work:
        return self._work

    @classmethod
    def from_domain(cls, work: LoadedWork, hit: Hit, view: View) -> SearchHit:
        """Wrap a domain hit."""
        return cls._of(Work.from_loaded(work), hit, view, work)

    @classmethod
    def from_entry(cls, entry: WorkEntry, hit: Hit) -> SearchHit:
        """Wrap a hit of a library's search index, found in the work ``entry`` lists (not loaded)."""
        return cls._of(Work.from_entry(entry), hit, View(), None)

    @classmethod
    def _of(cls, work: Work, hit: Hit, view: View, loaded: LoadedWork | None) -> SearchHit:
        return cls(
            score=hit.score,
            field=SearchField(hit.field),
            matched=hit.matched,
            _work=work,
            _hit=hit,
            _view=view,
            _loaded=loaded,
        )
