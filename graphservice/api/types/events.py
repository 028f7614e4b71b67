"""Events: the story's key scenes, linked to who takes part, where, when, and what was said."""

from __future__ import annotations

import strawberry
from strawberry import relay

from graphservice import model
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
from graphservice.api.types.entities import Party, Place, party_of
from graphservice.api.types.links import Relationship, linked_quotes
from graphservice.api.types.nodes import RecordNode
from graphservice.api.types.quotes import Quote
from graphservice.catalog import LoadedWork
from graphservice.queries.relationships import edges_of
from graphservice.queries.views import EdgeFilter, View

__all__ = ["Event"]


@strawberry.type(description="A key scene of the story: who takes part, where, when, and what was said.")
class Event(RecordNode, relay.Node):
    records = "events"
    id: relay.NodeID[str]
    slug: str = strawberry.field(description="Readable identifier, unique within the work.")
    name: str = strawberry.field(description="A short title for the scene.")
    summary: str = strawberry.field(description="What happens, in the curators' words.")
    evidence: list[Evidence] = strawberry.field(description="Verbatim phrases from the source about it.")
    note: str | None = strawberry.field(description="A curator's remark, e.g. where the source disagrees.")
    disputes: list[Dispute] = strawberry.field(description=DISPUTES)
    _work: strawberry.Private[LoadedWork]
    _record: strawberry.Private[model.Event]
    _view: strawberry.Private[View] = View()

    @classmethod
    def from_record(cls, work: LoadedWork, rec: model.Event, view: View = View()) -> Event:
        """Wrap a domain event seen through ``view``."""
        return cls(
            id=node_id(work, rec.slug, view),
            slug=rec.slug,
            name=rec.name,
            summary=rec.summary,
            evidence=evidence_list(rec.evidence),
            note=rec.note,
            disputes=disputes_of(rec.disputes),
            _work=work,
            _record=rec,
            _view=view,
        )

    @strawberry.field(description="Characters and groups who take part.")
    def participants(self) -> list[Party]:
        return [party_of(self._work, s, self._view) for s in self._record.participants]

    @strawberry.field(description="Where the scene takes place, when the source says.")
    def place(self) -> Place | None:
        slug = self._record.place
        return None if slug is None else Place.from_record(self._work, self._work.places[slug], self._view)

    @strawberry.field(description="The period in which the reader learns of the scene.")
    def revealed(self) -> Period:
        return period_of(self._work, self._record.revealed)

    @strawberry.field(
        description="The periods in which the scene takes place (story time); with `asOf`, only those "
        "the reader has reached."
    )
    def holds(self) -> list[Period]:
        return periods_of(self._work, self._record.holds, self._view)

    @strawberry.field(description="Quotes spoken or recalled in the scene, as far as the view shows them.")
    def quotes(self) -> list[Quote]:
        return linked_quotes(self._work, self._record.quotes, self._view)

    @strawberry.field(
        description="Relationships the scene shows, starts, changes or ends, as far as the view shows them."
    )
    def relationships(self) -> list[Relationship]:
        linked = set(self._record.relationships)
        shown = edges_of(self._work, EdgeFilter(self._view))
        return [
            Relationship.from_record(self._work, self._work.relationships[e.key], self._view)
            for e in shown
            if e.key in linked
        ]
