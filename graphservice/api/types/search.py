"""Search results: the record found, which field matched, and how well."""

from __future__ import annotations

import enum
from typing import Annotated

import strawberry

from graphservice.api.types.entities import Character, Group, Place
from graphservice.api.types.events import Event
from graphservice.api.types.quotes import Quote, Symbol, Theme
from graphservice.api.types.work import Work
from graphservice.catalog import LoadedWork
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
    node: SearchResult = strawberry.field(description="The record found.")
    work: Work = strawberry.field(description="The work the record belongs to.")

    @classmethod
    def from_domain(cls, work: LoadedWork, hit: Hit, view: View) -> SearchHit:
        """Wrap a domain hit."""
        return cls(
            score=hit.score,
            field=SearchField(hit.field),
            matched=hit.matched,
            node=_node(work, hit, view),
            work=Work.from_loaded(work),
        )
