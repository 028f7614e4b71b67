"""Provenance of a drafted record: how the text extractor found it and how sure it is."""

from __future__ import annotations

import strawberry

from graphservice import model
from graphservice.queries.provenance import Provenanced

__all__ = ["CONFIDENCE", "DRAFTED", "Drafted", "drafted_of"]

DRAFTED = (
    "How `graphservice extract` found this record and how sure the draft is; null for a curated "
    "record (a curator removes it once the record is checked)."
)
CONFIDENCE = (
    "How sure the record is, from 0 (a guess) to 1: the draft's confidence, or 1.0 for a curated "
    "record. Fade or sort by it; `minConfidence` leaves out records below a threshold."
)


@strawberry.type(
    description="How a record was drafted from the text by `graphservice extract`, rather than "
    "written by a curator, and how sure the draft is."
)
class Drafted:
    method: str = strawberry.field(
        description="The extraction rule that found the record, as a slug (e.g. `speech-tag`, "
        "`turn-taking`, `co-occurrence`)."
    )
    confidence: float = strawberry.field(
        description="How sure the draft is, from 0 (a guess) to 1 (certain)."
    )
    count: int | None = strawberry.field(
        description="How often the text showed it (a character's mentions, a pair's shared paragraphs "
        "or turns); null when the method does not count."
    )

    @classmethod
    def from_model(cls, drafted: model.Drafted) -> Drafted:
        """Wrap a domain draft record."""
        return cls(method=drafted.method, confidence=drafted.confidence, count=drafted.count)


def drafted_of(record: Provenanced) -> Drafted | None:
    """The GraphQL provenance of a record; None when it is curated."""
    found = record.drafted
    return None if found is None else Drafted.from_model(found)
