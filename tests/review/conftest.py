"""The review's fixtures: an invented source text and data files that pass or trip each rule."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphservice.loader import load_dataset
from graphservice.model import Dataset
from graphservice.review.names import Entity, entities
from graphservice.review.source import SourceText, read_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "review"
SOURCE = FIXTURES / "source.txt"
CLEAN = FIXTURES / "clean.yaml"


@dataclass(frozen=True)
class Reading:
    """A fixture data file read against the fixture source."""

    data: Dataset
    source: SourceText
    known: dict[str, Entity]


def read(name: str, text: str | None = None) -> Reading:
    """Load ``tests/fixtures/review/<name>`` and read the source (or ``text``) against it."""
    data = load_dataset(FIXTURES / name)
    source = read_source(text if text is not None else SOURCE.read_text(encoding="utf-8"), data)
    return Reading(data, source, entities(data))
