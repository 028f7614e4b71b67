"""Referential integrity of a dataset: every slug a record mentions must name a record of the right kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graphservice.model import Dataset, Event, Quote, Relationship, membership_slug
from graphservice.suggest import did_you_mean
from graphservice.vocabulary import RelationshipKind

__all__ = ["check_references"]

Problem = tuple[str, str]


def check_references(data: Dataset) -> list[Problem]:
    """Return ``(record path, reason)`` for every dangling or inconsistent reference."""
    return list(_unique_slugs(data)) + list(_links(data))


def _unique_slugs(data: Dataset) -> Iterator[Problem]:
    seen: dict[str, tuple[str, int]] = {}  # where each slug was first used; named only if needed
    for section, records in _sections(data):
        for i, slug in enumerate(records):
            first = seen.setdefault(slug, (section, i))
            if first != (section, i):
                where = f"{section}[{i}] '{slug}'"
                yield where, f"slug '{slug}' is already used by {first[0]}[{first[1]}] '{slug}'"
    periods = [p.slug for p in data.work.periods]
    for i, slug in enumerate(periods):
        if periods.index(slug) != i:
            yield f"work.periods[{i}] '{slug}'", f"period slug '{slug}' appears twice"


def _sections(data: Dataset) -> Iterator[tuple[str, list[str]]]:
    yield "groups", [g.slug for g in data.groups]
    yield "characters", [c.slug for c in data.characters]
    yield "places", [p.slug for p in data.places]
    yield "relationships", [r.slug for r in data.relationships]
    derived = [membership_slug(c.slug, m.group) for c in data.characters for m in c.memberships]
    yield "characters[].memberships (derived)", derived
    yield "place_links", [p.slug for p in data.place_links]
    yield "quotes", [q.slug for q in data.quotes]
    yield "events", [e.slug for e in data.events]
    yield "themes", [t.slug for t in data.themes]
    yield "symbols", [s.slug for s in data.symbols]


class _Checker:
    """Holds the slug namespaces and formats 'unknown X' problems with suggestions."""

    def __init__(self, data: Dataset) -> None:
        self.periods = {p.slug for p in data.work.periods}
        self.characters = {c.slug for c in data.characters}
        self.groups = {g.slug for g in data.groups}
        self.places = {p.slug for p in data.places}
        self.themes = {t.slug for t in data.themes}
        self.symbols = {s.slug for s in data.symbols}
        self.quotes = {q.slug for q in data.quotes}
        self.relationships = {r.slug for r in data.relationships} | {
            membership_slug(ch.slug, m.group) for ch in data.characters for m in ch.memberships
        }
        self.parties = self.characters | self.groups
        self.entities = self.parties | self.places

    def refs(self, where: str, what: str, slugs: Iterable[str], pool: set[str]) -> Iterator[Problem]:
        for slug in slugs:
            if slug not in pool:
                yield where, f"unknown {what} '{slug}'{did_you_mean(slug, pool)}"

    def clocks(self, where: str, revealed: str, holds: list[str]) -> Iterator[Problem]:
        yield from self.refs(f"{where}.revealed", "period", [revealed], self.periods)
        yield from self.refs(f"{where}.holds", "period", holds, self.periods)
        if len(set(holds)) != len(holds):
            yield f"{where}.holds", "a period is listed twice"


def _links(data: Dataset) -> Iterator[Problem]:
    c = _Checker(data)
    for i, g in enumerate(data.groups):
        yield from c.refs(f"groups[{i}] '{g.slug}'.introduced", "period", [g.introduced], c.periods)
    for i, ch in enumerate(data.characters):
        where = f"characters[{i}] '{ch.slug}'"
        yield from c.refs(f"{where}.introduced", "period", [ch.introduced], c.periods)
        for j, m in enumerate(ch.memberships):
            yield from c.refs(f"{where}.memberships[{j}].group", "group", [m.group], c.groups)
            yield from c.clocks(f"{where}.memberships[{j}]", m.revealed, m.holds)
    yield from _places(data, c)
    if not _relationships_hold(data.relationships, c):  # name the problems only when there are some
        for i, r in enumerate(data.relationships):
            yield from _relationship(f"relationships[{i}] '{r.slug}'", r, c)
    for i, pl in enumerate(data.place_links):
        where = f"place_links[{i}] '{pl.slug}'"
        yield from c.refs(f"{where}.character", "character", [pl.character], c.characters)
        yield from c.refs(f"{where}.place", "place", [pl.place], c.places)
        yield from c.clocks(where, pl.revealed, pl.holds)
    for i, q in enumerate(data.quotes):
        yield from _quote(f"quotes[{i}] '{q.slug}'", q, c)
    for i, ev in enumerate(data.events):
        yield from _event(f"events[{i}] '{ev.slug}'", ev, c)
    for i, s in enumerate(data.symbols):
        where = f"symbols[{i}] '{s.slug}'"
        yield from c.refs(f"{where}.themes", "theme", s.themes, c.themes)
        yield from c.refs(f"{where}.related", "character, group or place", s.related, c.entities)


def _relationships_hold(relationships: list[Relationship], c: _Checker) -> bool:
    """Whether every relationship passes every check of ``_relationship``: one quick pass over
    what a big work holds most of (a million relationships), before the slower one that names
    each problem."""
    periods, parties, quotes = c.periods, c.parties, c.quotes
    for r in relationships:
        if (
            r.source not in parties
            or r.target not in parties
            or r.source == r.target
            or r.kind is RelationshipKind.MEMBERSHIP
            or r.revealed not in periods
            or not periods.issuperset(r.holds)
            or len(set(r.holds)) != len(r.holds)
            or not quotes.issuperset(r.quotes)
        ):
            return False
    return True


def _relationship(where: str, r: Relationship, c: _Checker) -> Iterator[Problem]:
    yield from c.refs(f"{where}.source", "character or group", [r.source], c.parties)
    yield from c.refs(f"{where}.target", "character or group", [r.target], c.parties)
    yield from c.clocks(where, r.revealed, r.holds)
    if r.source == r.target:
        yield where, f"source and target are both '{r.source}'"
    if r.kind is RelationshipKind.MEMBERSHIP:
        yield f"{where}.kind", "membership is declared in a character's 'memberships' list"
    yield from c.refs(f"{where}.quotes", "quote", r.quotes, c.quotes)


def _places(data: Dataset, c: _Checker) -> Iterator[Problem]:
    parent = {p.slug: p.within for p in data.places}
    for i, p in enumerate(data.places):
        where = f"places[{i}] '{p.slug}'"
        yield from c.refs(f"{where}.introduced", "period", [p.introduced], c.periods)
        if p.within is not None:
            yield from c.refs(f"{where}.within", "place", [p.within], c.places)
        seen = {p.slug}
        step = p.within
        while step is not None and step in parent:
            if step in seen:
                yield f"{where}.within", "places contain each other in a cycle"
                break
            seen.add(step)
            step = parent[step]


def _quote(where: str, q: Quote, c: _Checker) -> Iterator[Problem]:
    for j, a in enumerate(q.attributions):
        yield from c.refs(f"{where}.attributions[{j}].speaker", "character", [a.speaker], c.characters)
    yield from c.refs(f"{where}.addressees", "character or group", q.addressees, c.parties)
    yield from c.refs(f"{where}.about", "character, group or place", q.about, c.entities)
    yield from c.refs(f"{where}.themes", "theme", q.themes, c.themes)
    yield from c.refs(f"{where}.symbols", "symbol", q.symbols, c.symbols)
    yield from c.clocks(where, q.revealed, q.holds)
    if q.text in q.variants:
        yield f"{where}.variants", "a variant repeats the quote's text"


def _event(where: str, ev: Event, c: _Checker) -> Iterator[Problem]:
    yield from c.refs(f"{where}.participants", "character or group", ev.participants, c.parties)
    if ev.place is not None:
        yield from c.refs(f"{where}.place", "place", [ev.place], c.places)
    yield from c.refs(f"{where}.quotes", "quote", ev.quotes, c.quotes)
    yield from c.refs(f"{where}.relationships", "relationship", ev.relationships, c.relationships)
    yield from c.clocks(where, ev.revealed, ev.holds)
    if len(set(ev.participants)) != len(ev.participants):
        yield f"{where}.participants", "a participant is listed twice"
