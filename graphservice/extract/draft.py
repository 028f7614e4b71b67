"""Assemble a draft data file from what the rules found, in the data format of data/README.md.

Every sentence the draft writes is the extractor's own template, never the book's prose; every
quote and evidence phrase is a slice of the text, so ``validate --source`` finds it verbatim.
Each drafted record carries ``drafted: {method, confidence, count}``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graphservice.extract.passages import Book
from graphservice.extract.people import Cast, Person
from graphservice.extract.relations import Pair
from graphservice.extract.speakers import Turn
from graphservice.extract.structure import slugify
from graphservice.verify import normalise_whitespace
from graphservice.vocabulary import AttributionBasis

__all__ = ["assemble", "kept_people"]

_MIN_MENTIONS = 3


def kept_people(cast: Cast, turns: list[Turn]) -> set[int]:
    """Characters worth a node: named at least three times, or speaking, spoken to by name, or
    telling the story; a title seen twice; never an epithet found to be another's name."""
    speakers = Counter(turn.attribution.speaker for turn in turns if turn.attribution)
    addressed = {person for turn in turns for person in [*turn.addressees, *turn.vocatives]}
    return {
        index
        for index, person in enumerate(cast.people)
        if person.merged_into is None
        and (
            (person.count >= _MIN_MENTIONS and _told_of(cast, person))
            or speakers[index]
            or index in addressed  # spoken to by name ("Home, little Fan?"): in the scene
            or person.narrator
            or (person.basis == "title" and person.count >= 2)  # a title is a strong name
        )
    }


_OPENING_MARKS = frozenset('"“')
_CLOSING_MARKS = frozenset('"”')


def _speech_text(book: Book, turn: Turn) -> str:
    """A speech as the text prints it: one stretch of quotation without its marks ("Bah!"), or,
    when a tag or a paragraph break comes between its parts, the whole of it inside its outer
    marks, tag included ("Bah!" said Scrooge, "Humbug!"), so that it reads as in the book."""
    start, end = turn.start, turn.end
    if len(turn.segments) > 1:
        if start > 0 and book.text[start - 1] in _OPENING_MARKS:
            start -= 1
        if turn.segments[-1].closed and end < len(book.text) and book.text[end] in _CLOSING_MARKS:
            end += 1
    return book.text[start:end].strip()


def _told_of(cast: Cast, person: Person) -> bool:
    """Whether the narrative itself names the person (or refers to them by an epithet), not only
    the characters' speeches: a name only ever spoken ("Satan's signature") is a figure of speech."""
    return person.uses > 0 or any(not cast.mentions[m].quoted for m in person.mentions)


def _confidence(person: Person) -> float:
    base = {"full-name": 0.9, "title": 0.8, "name": 0.7, "epithet": 0.6, "nameless": 0.6, "narrator": 0.8}[
        person.basis
    ]
    return round(min(0.95, base + 0.01 * min(person.count, 10)), 2)


def assemble(
    book: Book,
    cast: Cast,
    turns: list[Turn],
    pairs: list[Pair],
    keep: set[int],
    *,
    slug: str,
    title: str,
    author: str,
    source_name: str,
) -> dict[str, Any]:
    """The draft as plain data, ready to be written as YAML or JSON."""
    periods = book.structure.periods
    last = len(periods) - 1

    def period_slug(index: int) -> str:
        return periods[index if index >= 0 else last].slug

    fallback_locator = periods[0].heading
    slugs: dict[int, str] = {}
    used: set[str] = set(p.slug for p in periods) | {slug}

    def unique(base: str) -> str:
        base = base[:70].strip("-") or "record"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        return candidate

    speaks = Counter(
        turn.attribution.speaker for turn in turns if turn.attribution and turn.attribution.speaker in keep
    )
    # An epithet that names one kept person only ("the lawyer") is an alias; one that several share
    # ("the Spirit", a different spirit in each stave) names none of them.
    shared = Counter(ref.lower() for index in keep for ref in cast.people[index].references)
    characters: list[dict[str, Any]] = []
    for index in sorted(keep, key=lambda i: (-cast.people[i].count, cast.people[i].name)):
        person = cast.people[index]
        slugs[index] = unique(slugify(person.name))
        first_period = min(
            (
                book.paragraphs[book.sentences[cast.mentions[m].sentence].paragraph].period
                for m in person.mentions
            ),
            default=0,
        )
        introduced = period_slug(max(first_period, 0) if person.mentions else 0)
        if person.origin:
            introduced = period_slug(person.origin[4])
        elif person.first_period is not None:
            introduced = period_slug(person.first_period)
        own_references = [ref for ref, _ in person.references.most_common() if shared[ref.lower()] == 1]
        aliases = [
            a
            for a in dict.fromkeys([*person.aliases, *sorted(person.epithets), *own_references])
            if a.lower() != person.name.lower()
        ]
        said = speaks[index]
        how = {
            "full-name": "by its full name",
            "title": "by its title",
            "name": "by a single name",
            "epithet": "only by its tie to another character",
            "nameless": "only by a common noun, in one section",
            "narrator": "as the voice that says I",
        }[person.basis]
        description = (
            f"Drafted from the text, which names this character {person.count} time"
            f"{'s' if person.count != 1 else ''} ({how})"
            + (f" and gives them {said} quoted speech{'es' if said != 1 else ''}" if said else "")
            + ". A curator's description is still to be written."
        )
        record: dict[str, Any] = {
            "slug": slugs[index],
            "name": person.name,
            "aliases": aliases,
            "description": description,
            "roles": ["narrator"] if person.narrator else [],
            "introduced": introduced,
            "drafted": {"method": person.basis, "confidence": _confidence(person), "count": person.count},
        }
        if not record["aliases"]:
            del record["aliases"]
        if not record["roles"]:
            del record["roles"]
        characters.append(record)

    quotes: list[dict[str, Any]] = []
    for turn in turns:
        attribution = turn.attribution
        if attribution is None or attribution.speaker not in slugs:
            continue
        text = _speech_text(book, turn)
        evidence_text = normalise_whitespace(attribution.evidence)
        if not text or len(evidence_text) < 3 or len(evidence_text) > 400:
            continue
        paragraph = book.paragraphs[turn.paragraphs[0]]
        locator = paragraph.section or fallback_locator
        words = normalise_whitespace(text).split()
        quote_slug = unique(f"{slugs[attribution.speaker]}-{slugify(' '.join(words[:5]), 40)}")
        basis = AttributionBasis.STATED if attribution.method == "speech-tag" else AttributionBasis.IMPLIED
        record = {
            "slug": quote_slug,
            "text": normalise_whitespace(text),
            "kind": "speech",
            "attributions": [
                {
                    "speaker": slugs[attribution.speaker],
                    "basis": basis.value,
                    "evidence": [{"text": evidence_text, "locator": locator}],
                    "drafted": {"method": attribution.method, "confidence": attribution.confidence},
                }
            ],
            "revealed": period_slug(paragraph.period),
            "holds": [period_slug(paragraph.period)] if paragraph.period >= 0 else [],
            "locators": [locator],
            "drafted": {"method": "quotation-marks", "confidence": 0.9 if turn.tagged else 0.8},
        }
        addressees = [slugs[p] for p in turn.addressees if p in slugs and p != attribution.speaker]
        if addressees:
            record["addressees"] = addressees
        quotes.append(record)

    relationships: list[dict[str, Any]] = []
    for pair in pairs:
        if pair.source not in slugs or pair.target not in slugs or not pair.periods:
            continue
        evidence = [
            {"text": normalise_whitespace(text), "locator": heading}
            for text, heading in pair.evidence
            if 3 <= len(normalise_whitespace(text)) <= 400 and heading
        ]
        if not evidence:
            continue
        relationships.append(
            {
                "slug": unique(f"{slugs[pair.source]}-{slugs[pair.target]}-{pair.kind.value}"),
                "source": slugs[pair.source],
                "target": slugs[pair.target],
                "kind": pair.kind.value,
                "sentiment": pair.sentiment.value,
                "revealed": period_slug(pair.periods[0]),
                "holds": [period_slug(p) for p in sorted(set(pair.periods))],
                "evidence": evidence,
                "drafted": {"method": pair.method, "confidence": pair.confidence, "count": pair.count},
            }
        )

    work = {
        "slug": slug,
        "title": title,
        "author": author,
        "description": (
            f"A draft made by graphservice extract from the plain text of {title}: "
            f"{len(characters)} characters, {len(quotes)} quoted speeches and {len(relationships)} "
            "relationships, each marked with how it was found and how sure the draft is, for a curator "
            "to review."
        ),
        "source": {
            "title": source_name,
            "description": (
                "The book's plain text, read offline; every quote and evidence phrase is copied from it."
            ),
        },
        "periods": [
            {
                "slug": period.slug,
                "name": period.name,
                "description": f"The text under this heading, about {period.words:,} words.",
            }
            for period in periods
        ],
    }
    return {
        "format_version": 1,
        "work": work,
        "characters": characters,
        "relationships": relationships,
        "quotes": quotes,
    }
