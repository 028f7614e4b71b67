"""Time: the two clocks (`revealed`, `holds`) checked against each other and against the source.

- An event's linked relationships and memberships must hold in (one of) the event's periods, or be
  revealed in one (a confession shows a past deceit), and be revealed no later than the event is;
  its participants must be introduced by then.
- An undated quote (empty `holds`) must be revealed in the last period (data/README.md, "Undated
  things").
- Nothing may be revealed (or introduced) before the reader can meet it: a character, group or
  place before the first section of the source that names it, a relationship, membership or place
  link before both its ends are named, a quote before the first section it appears in. Only
  sections that belong to a period count (source.py); an entity the source names only in
  commentary is not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from graphservice.model import Character, Dataset, Event, Group, Place, membership_slug
from graphservice.review.findings import Finding, make_finding
from graphservice.review.names import Entity, named_spans
from graphservice.review.source import Section, SourceText

__all__ = ["first_named", "time_findings"]

_Clocked = tuple[str, str, list[str]]  # slug, revealed, holds


def time_findings(data: Dataset, source: SourceText, known: dict[str, Entity]) -> list[Finding]:
    """Every finding of the time rule."""
    first = first_named(source, known.values())
    names = {slug: entity.name for slug, entity in known.items()}
    findings = list(_events(data, source))
    findings += _undated_quotes(data, source)
    findings += _too_early(data, _Early(source, first, names))
    return findings


def first_named(source: SourceText, entities: Iterable[Entity]) -> dict[str, tuple[Section, str]]:
    """For each entity, the first section belonging to a period that names it, and the sentence."""
    dated = [s for s in source.sections if s.period is not None]
    found: dict[str, tuple[Section, str]] = {}
    for entity in entities:
        for section in dated:
            spans = named_spans(entity, source.text[section.start : section.end])
            if spans:
                at = section.start + spans[0][0]
                sentences = source.sentences_in(at, at + 1)
                found[entity.slug] = (section, sentences[0].text if sentences else section.heading)
                break
    return found


def _clocked(data: Dataset) -> dict[str, _Clocked]:
    records: dict[str, _Clocked] = {r.slug: (r.slug, r.revealed, r.holds) for r in data.relationships}
    for c in data.characters:
        for m in c.memberships:
            slug = membership_slug(c.slug, m.group)
            records[slug] = (slug, m.revealed, m.holds)
    return records


def _events(data: Dataset, source: SourceText) -> Iterator[Finding]:
    linked = _clocked(data)
    introduced = {c.slug: c.introduced for c in data.characters} | {g.slug: g.introduced for g in data.groups}
    for i, ev in enumerate(data.events):
        where = f"events[{i}] '{ev.slug}'"
        for slug in ev.relationships:
            if slug in linked:
                yield from _linked(where, ev, linked[slug], source)
        for slug in ev.participants:
            when = introduced.get(slug)
            if when is not None and source.rank(when) > source.rank(ev.revealed):
                yield make_finding(
                    "time",
                    f"{where}.participants",
                    ev.slug,
                    f"participant '{slug}' is introduced in {when}, after the event is revealed "
                    f"({ev.revealed})",
                    suggestion=f"reveal the event in {when} or later, or introduce '{slug}' earlier",
                    key=("participant", slug, when, ev.revealed),
                )


def _linked(where: str, ev: Event, rec: _Clocked, source: SourceText) -> Iterator[Finding]:
    slug, revealed, holds = rec
    periods = {ev.revealed, *ev.holds}
    if not set(holds) & set(ev.holds) and revealed not in periods:
        yield make_finding(
            "time",
            f"{where}.relationships",
            ev.slug,
            f"links '{slug}', which holds in {', '.join(holds)} and is revealed in {revealed}: "
            f"neither is the event's {', '.join(sorted(periods, key=source.rank))}",
            suggestion=f"unlink '{slug}' from the event, or correct one of the two `holds`",
            key=("holds", slug, *holds, "|", *ev.holds),
        )
    if source.rank(revealed) > source.rank(ev.revealed):
        yield make_finding(
            "time",
            f"{where}.relationships",
            ev.slug,
            f"links '{slug}', revealed only in {revealed}, after the event ({ev.revealed})",
            suggestion=f"unlink '{slug}', or reveal the event no earlier than {revealed}",
            key=("revealed", slug, revealed, ev.revealed),
        )


def _undated_quotes(data: Dataset, source: SourceText) -> Iterator[Finding]:
    last = source.periods[-1]
    for i, q in enumerate(data.quotes):
        if not q.holds and q.revealed != last:
            yield make_finding(
                "time",
                f"quotes[{i}] '{q.slug}'.revealed",
                q.slug,
                f"undated quote (empty `holds`) revealed in {q.revealed}; an undated quote is "
                f"revealed in the last period, {last}",
                text=q.text,
                suggestion=f"set `revealed: {last}`, or give `holds` the period the source places it in",
                key=("undated", q.revealed, last),
            )


class _Early:
    """What the too-early check needs: the source, where each entity is first named, and names."""

    def __init__(
        self, source: SourceText, first: dict[str, tuple[Section, str]], names: dict[str, str]
    ) -> None:
        self.source, self.first, self.names = source, first, names

    def check(self, where: str, slug: str, revealed: str, ends: list[str]) -> Iterator[Finding]:
        rank = self.source.rank
        named = [(self.first[e], e) for e in ends if e in self.first]
        if not named:
            return
        (section, sentence), end = max(named, key=lambda pair: rank(pair[0][0].period or revealed))
        period = section.period or revealed
        if rank(revealed) >= rank(period):
            return
        field = where.rsplit(".", 1)[1]
        yield make_finding(
            "time",
            where,
            slug,
            f"{field} in {revealed}, but the source first names '{self.names.get(end, end)}' "
            f"under '{section.heading}' ({period})",
            passage=" ".join(sentence.split()),
            locator=section.heading,
            suggestion=f"set `{field}: {period}`, or accept it if the source reveals it earlier unnamed",
            key=("named", revealed, period, end),
        )


def _too_early(data: Dataset, early: _Early) -> Iterator[Finding]:
    sections: tuple[tuple[str, Sequence[Character | Group | Place]], ...] = (
        ("characters", data.characters),
        ("groups", data.groups),
        ("places", data.places),
    )
    for section, records in sections:
        for i, r in enumerate(records):
            yield from early.check(f"{section}[{i}] '{r.slug}'.introduced", r.slug, r.introduced, [r.slug])
    for i, rel in enumerate(data.relationships):
        where = f"relationships[{i}] '{rel.slug}'.revealed"
        yield from early.check(where, rel.slug, rel.revealed, [rel.source, rel.target])
    for i, c in enumerate(data.characters):
        for j, m in enumerate(c.memberships):
            where = f"characters[{i}] '{c.slug}'.memberships[{j}].revealed"
            yield from early.check(where, membership_slug(c.slug, m.group), m.revealed, [c.slug, m.group])
    for i, pl in enumerate(data.place_links):
        where = f"place_links[{i}] '{pl.slug}'.revealed"
        yield from early.check(where, pl.slug, pl.revealed, [pl.character, pl.place])
    for i, ev in enumerate(data.events):
        yield from early.check(f"events[{i}] '{ev.slug}'.revealed", ev.slug, ev.revealed, ev.participants)
    for i, q in enumerate(data.quotes):
        yield from _early_quote(i, q.slug, q.revealed, [q.text, *q.variants], early.source)


def _early_quote(i: int, slug: str, revealed: str, texts: list[str], source: SourceText) -> Iterator[Finding]:
    dated = [
        section
        for text in texts
        for start, _ in source.occurrences(text)
        if (section := source.section_at(start)).period is not None
    ]
    if not dated:
        return
    section = min(dated, key=lambda s: s.index)
    period = section.period or revealed
    if source.rank(revealed) >= source.rank(period):
        return
    yield make_finding(
        "time",
        f"quotes[{i}] '{slug}'.revealed",
        slug,
        f"revealed in {revealed}, but the quote first appears under '{section.heading}' ({period})",
        passage=section.heading,
        locator=section.heading,
        suggestion=f"set `revealed: {period}`",
        key=("appears", revealed, period),
    )
