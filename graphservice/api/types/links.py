"""Relationships and place links: the edges of a work's graph."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry
from strawberry import relay

from graphservice import model
from graphservice.api.enums import PlaceLinkKindEnum, RelationshipKindEnum, SentimentEnum
from graphservice.api.refs import node_id
from graphservice.api.types.common import (
    DISPUTES,
    Dispute,
    Evidence,
    Period,
    disputes_of,
    evidence_list,
    period_of,
    periods_of,
)
from graphservice.api.types.entities import Character, Party, Place, party_of
from graphservice.api.types.nodes import RecordNode
from graphservice.api.types.provenance import CONFIDENCE, DRAFTED, Drafted, drafted_of
from graphservice.api.types.quotes import Quote
from graphservice.catalog import LoadedWork
from graphservice.queries.provenance import confidence
from graphservice.queries.quotes import quotes_by_slug
from graphservice.queries.views import View
from graphservice.vocabulary import PLACE_LINK_KINDS, RELATIONSHIP_KINDS

__all__ = ["PlaceLink", "Relationship", "linked_quotes"]

_ACTIVE = (
    "True when it holds at the reader's point in the story: the `during` period if given, else the "
    "`asOf` period, else the end of the story. Something that ended earlier stays visible with "
    "`active: false`."
)


def _is_active(work: LoadedWork, view: View, holds: list[str]) -> bool:
    periods = work.periods
    return view.is_active({periods[p] for p in holds}, len(periods) - 1)


def linked_quotes(work: LoadedWork, slugs: Iterable[str], view: View) -> list[Quote]:
    """The quotes with these slugs that the view shows, in the data file's order."""
    return [Quote.from_record(work, q, view) for q in quotes_by_slug(work, slugs, view)]


@strawberry.type(
    description="A relationship between two characters, a character and a group, or two groups, "
    "with the evidence for it."
)
class Relationship(RecordNode, relay.Node):
    records = "relationships"
    id: relay.NodeID[str]
    slug: str = strawberry.field(description="Readable identifier, unique within the work.")
    kind: RelationshipKindEnum = strawberry.field(description="What the relationship is.")
    directed: bool = strawberry.field(
        description="True when source and target play different parts (see `meaning`); "
        "false for symmetric kinds such as friendship."
    )
    meaning: str = strawberry.field(description="What source and target mean for this kind, in words.")
    sentiment: SentimentEnum = strawberry.field(description="The emotional colour of the relationship.")
    strength: int | None = strawberry.field(
        description="How strong the bond is, 1 (slight) to 5 (defining), where the source supports it."
    )
    evidence: list[Evidence] = strawberry.field(description="Verbatim phrases from the source that back it.")
    note: str | None = strawberry.field(description="A curator's remark, e.g. how the source is read.")
    drafted: Drafted | None = strawberry.field(description=DRAFTED)
    disputes: list[Dispute] = strawberry.field(description=DISPUTES)
    confidence: float = strawberry.field(description=CONFIDENCE)
    _work: strawberry.Private[LoadedWork]
    _record: strawberry.Private[model.Relationship]
    _view: strawberry.Private[View] = View()

    @classmethod
    def from_record(cls, work: LoadedWork, rec: model.Relationship, view: View = View()) -> Relationship:
        """Wrap a domain relationship (memberships included) seen through ``view``."""
        info = RELATIONSHIP_KINDS[rec.kind]
        return cls(
            id=node_id(work, rec.slug, view),
            slug=rec.slug,
            kind=RelationshipKindEnum(rec.kind.value),
            directed=info.directed,
            meaning=info.meaning,
            sentiment=SentimentEnum(rec.sentiment.value),
            strength=rec.strength,
            evidence=evidence_list(rec.evidence),
            note=rec.note,
            drafted=drafted_of(rec),
            disputes=disputes_of(rec.disputes),
            confidence=confidence(rec),
            _work=work,
            _record=rec,
            _view=view,
        )

    @strawberry.field(description="The source: for directed kinds, the one who acts (see `meaning`).")
    def source(self) -> Party:
        return party_of(self._work, self._record.source, self._view)

    @strawberry.field(description="The target: for directed kinds, the one acted on (see `meaning`).")
    def target(self) -> Party:
        return party_of(self._work, self._record.target, self._view)

    @strawberry.field(description="The period in which the reader learns of the relationship.")
    def revealed(self) -> Period:
        return period_of(self._work, self._record.revealed)

    @strawberry.field(
        description="The periods in which the relationship is true, in reading order; with `asOf`, "
        "only those the reader has reached."
    )
    def holds(self) -> list[Period]:
        return periods_of(self._work, self._record.holds, self._view)

    @strawberry.field(description=_ACTIVE)
    def active(self) -> bool:
        return _is_active(self._work, self._view, self._record.holds)

    @strawberry.field(
        description="Quotes that show the relationship at work (spoken within it, or about it), as far "
        "as the view shows them."
    )
    def quotes(self) -> list[Quote]:
        return linked_quotes(self._work, self._record.quotes, self._view)


@strawberry.type(description="A character's connection to a place, with the evidence for it.")
class PlaceLink(RecordNode, relay.Node):
    records = "place_links"
    id: relay.NodeID[str]
    slug: str = strawberry.field(description="Readable identifier, unique within the work.")
    kind: PlaceLinkKindEnum = strawberry.field(description="How the character is connected to the place.")
    meaning: str = strawberry.field(description="What the kind means, in words.")
    evidence: list[Evidence] = strawberry.field(description="Verbatim phrases from the source that back it.")
    note: str | None = strawberry.field(description="A curator's remark.")
    drafted: Drafted | None = strawberry.field(description=DRAFTED)
    disputes: list[Dispute] = strawberry.field(description=DISPUTES)
    confidence: float = strawberry.field(description=CONFIDENCE)
    _work: strawberry.Private[LoadedWork]
    _record: strawberry.Private[model.PlaceLink]
    _view: strawberry.Private[View] = View()

    @classmethod
    def from_record(cls, work: LoadedWork, rec: model.PlaceLink, view: View = View()) -> PlaceLink:
        """Wrap a domain place link seen through ``view``."""
        return cls(
            id=node_id(work, rec.slug, view),
            slug=rec.slug,
            kind=PlaceLinkKindEnum(rec.kind.value),
            meaning=PLACE_LINK_KINDS[rec.kind].meaning,
            evidence=evidence_list(rec.evidence),
            note=rec.note,
            drafted=drafted_of(rec),
            disputes=disputes_of(rec.disputes),
            confidence=confidence(rec),
            _work=work,
            _record=rec,
            _view=view,
        )

    @strawberry.field(description="The character.")
    def character(self) -> Character:
        return Character.from_record(self._work, self._work.characters[self._record.character], self._view)

    @strawberry.field(description="The place.")
    def place(self) -> Place:
        return Place.from_record(self._work, self._work.places[self._record.place], self._view)

    @strawberry.field(description="The period in which the reader learns of the link.")
    def revealed(self) -> Period:
        return period_of(self._work, self._record.revealed)

    @strawberry.field(
        description="The periods in which the link is true, in reading order; with `asOf`, only "
        "those the reader has reached."
    )
    def holds(self) -> list[Period]:
        return periods_of(self._work, self._record.holds, self._view)

    @strawberry.field(description=_ACTIVE)
    def active(self) -> bool:
        return _is_active(self._work, self._view, self._record.holds)
