"""Disputes: a record whose note says the source's versions are all kept must show them.

A note claims a dispute when it says so in the usual words: "both are kept", "both versions are
recorded", "both attributions are kept", "neither is preferred", "every side". The record must
then carry at least two evidenced versions: a quote, attributions with two different speakers;
any other record, a ``disputes`` entry (the data format's structured versions, each with its own
evidence), or at least two different evidence phrases. A dispute may be kept across several
records that carry the same note word for word (one record per version): their evidence is
counted together. A structured dispute whose versions all cite the same phrase is flagged too:
one passage cannot carry two accounts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from graphservice.model import Dataset, Event, PlaceLink, Relationship
from graphservice.review.findings import Finding, make_finding
from graphservice.verify import dispute_holders, normalise_whitespace

__all__ = ["DISPUTE_NOTE", "disputes"]

DISPUTE_NOTE = re.compile(
    r"\bboth\b(?:\s+\w+)?\s+(?:are|were)\s+(?:kept|recorded|listed)\b"
    r"|\bneither is preferred\b|\bevery side\b|\bkept as (?:a )?dispute",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Noted:
    record: str
    slug: str
    note: str
    evidence: frozenset[str]


def disputes(data: Dataset) -> list[Finding]:
    """A finding for each record whose note claims a dispute that its evidence does not show."""
    findings = list(_quotes(data)) + list(_same_evidence(data))
    by_note: defaultdict[str, list[_Noted]] = defaultdict(list)
    for noted in _noted(data):
        if DISPUTE_NOTE.search(noted.note):
            by_note[normalise_whitespace(noted.note)].append(noted)
    for group in by_note.values():
        pooled = frozenset().union(*(n.evidence for n in group))
        if len(pooled) >= 2:
            continue
        for n in group:
            findings.append(
                make_finding(
                    "disputes",
                    f"{n.record}.note",
                    n.slug,
                    f"the note says the source's versions are kept, but the record has "
                    f"{len(n.evidence)} evidence phrase(s): one version at most",
                    text=n.note,
                    suggestion="add an evidence phrase for each version (each from its own passage), "
                    "or say in the note that only one version is recorded",
                    key=(n.note,),
                )
            )
    return findings


def _noted(data: Dataset) -> Iterator[_Noted]:
    sections: tuple[tuple[str, Sequence[Relationship | PlaceLink | Event]], ...] = (
        ("relationships", data.relationships),
        ("place_links", data.place_links),
        ("events", data.events),
    )
    for section, records in sections:
        for i, r in enumerate(records):
            if r.note and not r.disputes:
                evidence = frozenset(normalise_whitespace(e.text) for e in r.evidence)
                yield _Noted(f"{section}[{i}] '{r.slug}'", r.slug, r.note, evidence)


def _quotes(data: Dataset) -> Iterator[Finding]:
    for i, q in enumerate(data.quotes):
        if not (q.note and DISPUTE_NOTE.search(q.note)):
            continue
        speakers = {a.speaker for a in q.attributions if a.evidence}
        if len(speakers) >= 2:
            continue
        yield make_finding(
            "disputes",
            f"quotes[{i}] '{q.slug}'.note",
            q.slug,
            f"the note says the source's versions are kept, but the quote has attributions to "
            f"{len(speakers)} speaker(s)",
            text=q.note,
            suggestion="add an attribution (with its evidence) for each speaker the source names, "
            "or say in the note that only one is recorded",
            key=(q.note,),
        )


def _same_evidence(data: Dataset) -> Iterator[Finding]:
    for path, slug, record in dispute_holders(data):
        for d, dispute in enumerate(record.disputes):
            cited = [frozenset(normalise_whitespace(e.text) for e in v.evidence) for v in dispute.versions]
            if len(set(cited)) < len(cited):
                yield make_finding(
                    "disputes",
                    f"{path}.disputes[{d}]",
                    slug,
                    "two versions of the dispute cite the same evidence: one passage cannot carry both",
                    text=dispute.about,
                    suggestion="cite, for each version, the passage that gives that account",
                    key=(dispute.about,),
                )
