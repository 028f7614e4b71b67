"""Check a dataset against its source text: every quote and evidence phrase must occur verbatim,
and every locator must be a heading (a whole line) of the source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from graphservice.model import Dataset, Evidence, membership_slug

__all__ = [
    "Miss",
    "dispute_holders",
    "evidence_items",
    "find_misses",
    "locators",
    "normalise_whitespace",
    "verbatim_texts",
]

_SPACE = re.compile(r"\s+")


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Miss:
    """A text that does not occur in the source, or a locator that is not one of its lines."""

    record: str
    text: str
    what: Literal["text", "locator"] = "text"

    def __str__(self) -> str:
        if self.what == "locator":
            return f"{self.record}: locator is not a line of the source: {self.text!r}"
        return f"{self.record}: not found verbatim in the source: {self.text!r}"


def evidence_items(data: Dataset) -> Iterator[tuple[str, Evidence]]:
    """Yield ``(record path, evidence)`` for every evidence phrase of the dataset."""
    for i, q in enumerate(data.quotes):
        for j, a in enumerate(q.attributions):
            for k, e in enumerate(a.evidence):
                yield f"quotes[{i}] '{q.slug}'.attributions[{j}].evidence[{k}]", e
    for i, ch in enumerate(data.characters):
        for j, m in enumerate(ch.memberships):
            for k, e in enumerate(m.evidence):
                yield f"characters[{i}] '{ch.slug}'.memberships[{j}].evidence[{k}]", e
    sections: tuple[tuple[str, list[Any]], ...] = (
        ("relationships", data.relationships),
        ("place_links", data.place_links),
        ("events", data.events),
        ("symbols", data.symbols),
    )
    for section, records in sections:
        for i, rec in enumerate(records):
            for k, e in enumerate(rec.evidence):
                yield f"{section}[{i}] '{rec.slug}'.evidence[{k}]", e
    yield from _dispute_evidence(data)


def dispute_holders(data: Dataset) -> Iterator[tuple[str, str, Any]]:
    """``(record path, slug, record)`` for every record that can carry disputes, memberships
    included (named by the slug of their MEMBERSHIP edge)."""
    for section in (
        "groups",
        "characters",
        "places",
        "relationships",
        "place_links",
        "quotes",
        "events",
        "symbols",
    ):
        for i, rec in enumerate(getattr(data, section)):
            yield f"{section}[{i}] '{rec.slug}'", rec.slug, rec
    for i, ch in enumerate(data.characters):
        for j, m in enumerate(ch.memberships):
            yield f"characters[{i}] '{ch.slug}'.memberships[{j}]", membership_slug(ch.slug, m.group), m


def _dispute_evidence(data: Dataset) -> Iterator[tuple[str, Evidence]]:
    """Evidence of every version of every dispute, on whatever record carries it."""
    for path, _, rec in dispute_holders(data):
        for d, dispute in enumerate(rec.disputes):
            for v, version in enumerate(dispute.versions):
                for k, e in enumerate(version.evidence):
                    yield f"{path}.disputes[{d}].versions[{v}].evidence[{k}]", e


def verbatim_texts(data: Dataset) -> Iterator[tuple[str, str]]:
    """Yield ``(record path, text)`` for every text that must be copied verbatim from the source."""
    for i, q in enumerate(data.quotes):
        yield f"quotes[{i}] '{q.slug}'.text", q.text
        for j, variant in enumerate(q.variants):
            yield f"quotes[{i}] '{q.slug}'.variants[{j}]", variant
    for record, e in evidence_items(data):
        yield f"{record}.text", e.text


def locators(data: Dataset) -> Iterator[tuple[str, str]]:
    """Yield ``(record path, locator)`` for every section heading the dataset points at."""
    for i, q in enumerate(data.quotes):
        for j, loc in enumerate(q.locators):
            yield f"quotes[{i}] '{q.slug}'.locators[{j}]", loc
    for record, e in evidence_items(data):
        yield f"{record}.locator", e.locator


def find_misses(data: Dataset, source: str) -> list[Miss]:
    """Every quote or evidence text not in ``source`` (whitespace-normalised), and every locator
    that is not a whole line of ``source``."""
    haystack = normalise_whitespace(source)
    lines = {normalise_whitespace(line) for line in source.splitlines()}
    misses = [
        Miss(record, text)
        for record, text in verbatim_texts(data)
        if normalise_whitespace(text) not in haystack
    ]
    misses += [
        Miss(record, loc, "locator")
        for record, loc in locators(data)
        if normalise_whitespace(loc) not in lines
    ]
    return misses
