"""Quotes with their attributions, and the themes and symbols they carry."""

from __future__ import annotations

import strawberry
from strawberry import relay

from graphservice import model
from graphservice.api.enums import AttributionBasisEnum, QuoteKindEnum
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
from graphservice.api.types.entities import Character, Entity, Party, entity_of, party_of
from graphservice.api.types.nodes import RecordNode
from graphservice.api.types.provenance import CONFIDENCE, DRAFTED, Drafted, drafted_of
from graphservice.catalog import LoadedWork
from graphservice.queries.provenance import confidence
from graphservice.queries.quotes import QuoteQuery, find_quotes, undisputed_speaker
from graphservice.queries.views import View

__all__ = ["Attribution", "Quote", "Symbol", "Theme"]


@strawberry.type(description="One claim, made by the source, about who spoke a quote.")
class Attribution:
    basis: AttributionBasisEnum = strawberry.field(
        description="Whether the source names the speaker or only implies them."
    )
    evidence: list[Evidence] = strawberry.field(description="The source's words that make the claim.")
    drafted: Drafted | None = strawberry.field(description=DRAFTED)
    confidence: float = strawberry.field(description=CONFIDENCE)
    _work: strawberry.Private[LoadedWork]
    _speaker: strawberry.Private[str]
    _view: strawberry.Private[View] = View()

    @strawberry.field(description="The character this attribution names as speaker.")
    def speaker(self) -> Character:
        return Character.from_record(self._work, self._work.characters[self._speaker], self._view)


@strawberry.type(description="A quoted passage of speech or narration, verbatim from the source.")
class Quote(RecordNode, relay.Node):
    records = "quotes"
    id: relay.NodeID[str]
    slug: str = strawberry.field(description="Readable identifier, unique within the work.")
    text: str = strawberry.field(description="The fullest form of the passage, character for character.")
    variants: list[str] = strawberry.field(
        description="Other verbatim forms of the passage found in the source (shortened or extended)."
    )
    kind: QuoteKindEnum = strawberry.field(description="Speech or narration.")
    locators: list[str] = strawberry.field(description="Headings of the source sections where it appears.")
    note: str | None = strawberry.field(description="A curator's remark.")
    drafted: Drafted | None = strawberry.field(description=DRAFTED)
    disputes: list[Dispute] = strawberry.field(description=DISPUTES)
    _work: strawberry.Private[LoadedWork]
    _record: strawberry.Private[model.Quote]
    _view: strawberry.Private[View] = View()

    @classmethod
    def from_record(cls, work: LoadedWork, rec: model.Quote, view: View = View()) -> Quote:
        """Wrap a domain quote seen through ``view``."""
        return cls(
            id=node_id(work, rec.slug, view),
            slug=rec.slug,
            text=rec.text,
            variants=list(rec.variants),
            kind=QuoteKindEnum(rec.kind.value),
            locators=list(rec.locators),
            note=rec.note,
            drafted=drafted_of(rec),
            disputes=disputes_of(rec.disputes),
            _work=work,
            _record=rec,
            _view=view,
        )

    @strawberry.field(
        description="The speaker, when every attribution agrees; null when the source disagrees with "
        "itself (see `attributions`)."
    )
    def speaker(self) -> Character | None:
        slug = undisputed_speaker(self._record)
        return (
            None
            if slug is None
            else Character.from_record(self._work, self._work.characters[slug], self._view)
        )

    @strawberry.field(description="True when the source attributes the quote to more than one speaker.")
    def disputed(self) -> bool:
        return undisputed_speaker(self._record) is None

    @strawberry.field(description="Every attribution the source makes, each with its evidence.")
    def attributions(self) -> list[Attribution]:
        return [
            Attribution(
                basis=AttributionBasisEnum(a.basis.value),
                evidence=evidence_list(a.evidence),
                drafted=drafted_of(a),
                confidence=confidence(a),
                _work=self._work,
                _speaker=a.speaker,
                _view=self._view,
            )
            for a in self._record.attributions
        ]

    @strawberry.field(description="Characters or groups the passage is spoken to.")
    def addressees(self) -> list[Party]:
        return [party_of(self._work, s, self._view) for s in self._record.addressees]

    @strawberry.field(description="Characters, groups or places the passage is about.")
    def about(self) -> list[Entity]:
        return [entity_of(self._work, s, self._view) for s in self._record.about]

    @strawberry.field(description="The period in which the reader meets the passage.")
    def revealed(self) -> Period:
        return period_of(self._work, self._record.revealed)

    @strawberry.field(
        description="The periods in which it is spoken; empty when the source does not say. With "
        "`asOf`, only those the reader has reached."
    )
    def holds(self) -> list[Period]:
        return periods_of(self._work, self._record.holds, self._view)

    @strawberry.field(description="Themes the passage expresses.")
    def themes(self) -> list[Theme]:
        return [Theme.from_record(self._work, self._work.themes[s], self._view) for s in self._record.themes]

    @strawberry.field(description="Symbols the passage uses.")
    def symbols(self) -> list[Symbol]:
        return [
            Symbol.from_record(self._work, self._work.symbols[s], self._view) for s in self._record.symbols
        ]


@strawberry.type(description="A theme of the work.")
class Theme(RecordNode, relay.Node):
    records = "themes"
    id: relay.NodeID[str]
    slug: str = strawberry.field(description="Readable identifier, unique within the work.")
    name: str = strawberry.field(description="The theme's display name.")
    description: str = strawberry.field(description="What the theme is about.")
    _work: strawberry.Private[LoadedWork]
    _view: strawberry.Private[View] = View()

    @classmethod
    def from_record(cls, work: LoadedWork, rec: model.Theme, view: View = View()) -> Theme:
        """Wrap a domain theme."""
        return cls(
            id=node_id(work, rec.slug, view),
            slug=rec.slug,
            name=rec.name,
            description=rec.description,
            _work=work,
            _view=view,
        )

    @strawberry.field(description="Quotes that express this theme.")
    def quotes(self) -> list[Quote]:
        return [
            Quote.from_record(self._work, q, self._view)
            for q in find_quotes(self._work, QuoteQuery(view=self._view))
            if self.slug in q.themes
        ]


@strawberry.type(description="A recurring object or image that stands for something.")
class Symbol(RecordNode, relay.Node):
    records = "symbols"
    id: relay.NodeID[str]
    slug: str = strawberry.field(description="Readable identifier, unique within the work.")
    name: str = strawberry.field(description="The symbol's display name.")
    description: str = strawberry.field(description="What the symbol stands for.")
    evidence: list[Evidence] = strawberry.field(description="Verbatim phrases from the source about it.")
    disputes: list[Dispute] = strawberry.field(description=DISPUTES)
    _work: strawberry.Private[LoadedWork]
    _record: strawberry.Private[model.Symbol]
    _view: strawberry.Private[View] = View()

    @classmethod
    def from_record(cls, work: LoadedWork, rec: model.Symbol, view: View = View()) -> Symbol:
        """Wrap a domain symbol."""
        return cls(
            id=node_id(work, rec.slug, view),
            slug=rec.slug,
            name=rec.name,
            description=rec.description,
            evidence=evidence_list(rec.evidence),
            disputes=disputes_of(rec.disputes),
            _work=work,
            _record=rec,
            _view=view,
        )

    @strawberry.field(description="Themes the symbol carries.")
    def themes(self) -> list[Theme]:
        return [Theme.from_record(self._work, self._work.themes[s], self._view) for s in self._record.themes]

    @strawberry.field(description="Characters, groups or places the symbol is tied to.")
    def related(self) -> list[Entity]:
        return [entity_of(self._work, s, self._view) for s in self._record.related]
