"""Provenance: whether a record was drafted from the text by ``graphservice extract`` and how sure
the draft is. A curated record has no ``drafted`` entry and counts as certain."""

from __future__ import annotations

import math
from typing import Protocol

from graphservice.errors import InvalidArgumentError
from graphservice.model import Drafted

__all__ = ["CURATED_CONFIDENCE", "Provenanced", "check_confidence", "confidence"]

CURATED_CONFIDENCE = 1.0
"""The confidence of a curated record (one without ``drafted``): a curator has checked it."""


class Provenanced(Protocol):
    """Any record that may carry a draft's provenance."""

    @property
    def drafted(self) -> Drafted | None: ...


def confidence(record: Provenanced) -> float:
    """How sure a record is, 0 to 1: its draft's confidence, or 1.0 when it is curated.

    >>> from graphservice.model import Group
    >>> crew = Group(slug="crew", name="The crew", description="Sailors.", introduced="part-1")
    >>> confidence(crew)
    1.0
    >>> confidence(crew.model_copy(update={"drafted": Drafted(method="co-occurrence", confidence=0.4)}))
    0.4
    """
    drafted = record.drafted
    return CURATED_CONFIDENCE if drafted is None else drafted.confidence


def check_confidence(value: float) -> float:
    """Return ``value`` if it is a confidence (0 to 1), else raise a bad-argument error."""
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise InvalidArgumentError(f"minConfidence must be between 0 and 1; got {value}")
    return value
