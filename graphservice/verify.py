"""Check a dataset against its source text: every quote and evidence phrase must occur verbatim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graphservice.model import Dataset

__all__ = ["Miss", "find_misses", "normalise_whitespace", "verbatim_texts"]

_SPACE = re.compile(r"\s+")


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Miss:
    """A quote or evidence phrase that does not occur in the source."""

    record: str
    text: str

    def __str__(self) -> str:
        return f"{self.record}: not found verbatim in the source: {self.text!r}"


def verbatim_texts(data: Dataset) -> Iterator[tuple[str, str]]:
    """Yield ``(record path, text)`` for every text that must be copied verbatim from the source."""
    for i, q in enumerate(data.quotes):
        where = f"quotes[{i}] '{q.slug}'"
        yield f"{where}.text", q.text
        for j, variant in enumerate(q.variants):
            yield f"{where}.variants[{j}]", variant
        for j, a in enumerate(q.attributions):
            for k, e in enumerate(a.evidence):
                yield f"{where}.attributions[{j}].evidence[{k}]", e.text
    for i, ch in enumerate(data.characters):
        for j, m in enumerate(ch.memberships):
            for k, e in enumerate(m.evidence):
                yield f"characters[{i}] '{ch.slug}'.memberships[{j}].evidence[{k}]", e.text
    for section, records in (
        ("relationships", data.relationships),
        ("place_links", data.place_links),
        ("symbols", data.symbols),
    ):
        for i, rec in enumerate(records):
            for k, e in enumerate(rec.evidence):
                yield f"{section}[{i}] '{rec.slug}'.evidence[{k}]", e.text


def find_misses(data: Dataset, source: str) -> list[Miss]:
    """Return every verbatim text of ``data`` that does not occur in ``source`` (whitespace-normalised)."""
    haystack = normalise_whitespace(source)
    return [
        Miss(record, text)
        for record, text in verbatim_texts(data)
        if normalise_whitespace(text) not in haystack
    ]
