"""The domain model: one work's records, exactly as a data file declares them.

These pydantic models are both the validated file format and the domain objects the rest of the
package reads. One definition gives validation, the JSON Schema (``schema/dataset.schema.json``)
and immutable, typed records, so there is no second copy to keep in step. How a loaded work's
records are stored compactly is the business of graphservice/record.py. The module imports
neither networkx nor strawberry.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from graphservice.record import Record, empty_list
from graphservice.vocabulary import (
    AttributionBasis,
    PlaceLinkKind,
    QuoteKind,
    RelationshipKind,
    Sentiment,
)

__all__ = [
    "FORMAT_VERSION",
    "AcceptedFinding",
    "Attribution",
    "Character",
    "Dataset",
    "Dispute",
    "Drafted",
    "Event",
    "Evidence",
    "Group",
    "Membership",
    "Period",
    "Place",
    "PlaceLink",
    "Quote",
    "Relationship",
    "Source",
    "Symbol",
    "Theme",
    "Version",
    "Work",
    "membership_slug",
]

FORMAT_VERSION = 1

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80),
    Field(description="A readable identifier: lower-case words joined by hyphens."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Evidence(Record):
    """A short verbatim phrase from the source, and where in the source it stands."""

    text: Annotated[str, StringConstraints(min_length=3, max_length=400)]
    """The phrase, copied character for character from the source."""
    locator: Text
    """Where the phrase stands in the source: the section heading it appears under."""


EvidenceList = Annotated[list[Evidence], Field(min_length=1)]


class Version(Record):
    """One account the source gives of a disputed point, with the evidence for it."""

    claim: Text
    """The account, in the curator's own words."""
    evidence: Annotated[list[Evidence], Field(min_length=1)]


class Dispute(Record):
    """A point on which the source gives more than one account; every account is kept, none chosen."""

    about: Text
    """What is disputed, in the curator's own words (e.g. how a character is treated at school)."""
    versions: Annotated[list[Version], Field(min_length=2)]
    """The source's accounts, each with its own evidence: at least two."""


class Drafted(Record):
    """How `graphservice extract` found a drafted record and how sure the draft is; a curated
    record has none. A curator who has checked a record removes it (or keeps it as a trace)."""

    method: Slug
    """The rule that found the record (e.g. `speech-tag`, `turn-taking`, `co-occurrence`)."""
    confidence: Annotated[float, Field(ge=0, le=1)]
    """How sure the draft is, from 0 (a guess) to 1 (certain)."""
    count: Annotated[int, Field(ge=0)] | None = None
    """How often the text showed it: a character's mentions, a pair's shared paragraphs or turns."""


class Period(Record):
    """One stretch of the story, in reading order (e.g. a part of the book)."""

    slug: Slug
    name: Name
    """The period's display name."""
    description: Text
    """A sentence or two, in the curator's own words."""


class Source(Record):
    """The document the records were taken from."""

    title: Name
    """The source document's title."""
    description: Text
    """What kind of document it is, in the curator's own words."""


class Work(Record):
    """The work (a novel, play, ...) a data file describes."""

    slug: Slug
    title: Name
    """The work's title."""
    author: Name
    """Who wrote the work."""
    year: int | None = None
    """Year of first publication, if known."""
    description: Text
    """A short summary in the curator's own words."""
    source: Source
    periods: Annotated[list[Period], Field(min_length=1)]
    """The story's periods in reading order; every `revealed` and `holds` names one of these."""


class Group(Record):
    """A set of characters the story treats as one (students of a school, a profession, ...)."""

    slug: Slug
    name: Name
    """The group's display name."""
    aliases: list[Name] = empty_list()
    """Other names the source uses for the group."""
    description: Text
    """What the group is, in the curator's own words."""
    introduced: Slug
    """The period in which the reader first meets the group."""
    drafted: Drafted | None = None
    """How the extractor found this record; absent when curated."""
    disputes: list[Dispute] = empty_list()
    """Points on which the source gives several accounts, each kept with its evidence."""


class Membership(Record):
    """A character's membership of a group; it becomes a MEMBERSHIP edge of the graph."""

    group: Slug
    """The group's slug."""
    revealed: Slug
    """The period in which the reader learns of the membership."""
    holds: Annotated[list[Slug], Field(min_length=1)]
    """The periods in which the character belongs to the group."""
    evidence: EvidenceList
    drafted: Drafted | None = None
    """How the extractor found this record; absent when curated."""
    disputes: list[Dispute] = empty_list()
    """Points on which the source gives several accounts, each kept with its evidence."""


class Character(Record):
    """A person in the story, named or identified by their role."""

    slug: Slug
    name: Name
    """The name the source most often uses."""
    aliases: list[Name] = empty_list()
    """Other names, short forms and real names."""
    description: Text
    """Who the character is, in the curator's own words."""
    roles: list[Name] = empty_list()
    """Short role labels (narrator, guardian, carer, ...)."""
    introduced: Slug
    """The period in which the reader first meets the character."""
    memberships: list[Membership] = empty_list()
    drafted: Drafted | None = None
    """How the extractor found this record; absent when curated."""
    disputes: list[Dispute] = empty_list()
    """Points on which the source gives several accounts, each kept with its evidence."""


class Place(Record):
    """A location: a building, a town, a region, or a place the characters only believe in."""

    slug: Slug
    name: Name
    """The place's display name."""
    aliases: list[Name] = empty_list()
    """Other names the source uses."""
    kind: Slug
    """What sort of place it is (school, town, region, rumoured, ...)."""
    description: Text
    """What the place is, in the curator's own words."""
    within: Slug | None = None
    """The slug of a larger place that contains this one."""
    introduced: Slug
    """The period in which the reader first meets the place."""
    drafted: Drafted | None = None
    """How the extractor found this record; absent when curated."""
    disputes: list[Dispute] = empty_list()
    """Points on which the source gives several accounts, each kept with its evidence."""


class Relationship(Record):
    """A relationship between two characters, or between a character and a group, or two groups."""

    slug: Slug
    source: Slug
    """Slug of a character or group: the 'source' in the kind's direction meaning."""
    target: Slug
    """Slug of a character or group: the 'target' in the kind's direction meaning."""
    kind: RelationshipKind
    sentiment: Sentiment
    revealed: Slug
    """The period in which the reader learns of the relationship."""
    holds: Annotated[list[Slug], Field(min_length=1)]
    """The periods in which the relationship is true."""
    evidence: EvidenceList
    strength: Annotated[int, Field(ge=1, le=5)] | None = None
    """How strong the bond is, 1 (slight) to 5 (defining), where the source supports a judgement."""
    quotes: list[Slug] = empty_list()
    """Slugs of quotes that show this relationship at work (spoken within it, or about it)."""
    note: Text | None = None
    """A remark in the curator's own words (e.g. how the source is read)."""
    drafted: Drafted | None = None
    """How the extractor found this record; absent when curated."""
    disputes: list[Dispute] = empty_list()
    """Points on which the source gives several accounts, each kept with its evidence."""


class PlaceLink(Record):
    """A character's connection to a place."""

    slug: Slug
    character: Slug
    """The character's slug."""
    place: Slug
    """The place's slug."""
    kind: PlaceLinkKind
    revealed: Slug
    """The period in which the reader learns of the link."""
    holds: Annotated[list[Slug], Field(min_length=1)]
    """The periods in which the link is true."""
    evidence: EvidenceList
    note: Text | None = None
    """A remark in the curator's own words."""
    drafted: Drafted | None = None
    """How the extractor found this record; absent when curated."""
    disputes: list[Dispute] = empty_list()
    """Points on which the source gives several accounts, each kept with its evidence."""


class Attribution(Record):
    """One claim, by the source, about who spoke a quote."""

    speaker: Slug
    """The speaking character's slug."""
    basis: AttributionBasis
    """Whether the source names the speaker (stated) or only makes it clear (implied)."""
    evidence: EvidenceList
    drafted: Drafted | None = None
    """How the extractor found this record; absent when curated."""


class Quote(Record):
    """A quoted passage of speech or narration, copied verbatim from the source."""

    slug: Slug
    text: Annotated[str, StringConstraints(min_length=1)]
    """The fullest form of the passage, character for character as in the source."""
    variants: list[str] = empty_list()
    """Other verbatim forms of the same passage found in the source (shortened, extended)."""
    kind: QuoteKind
    attributions: Annotated[list[Attribution], Field(min_length=1)]
    """Who the source says spoke it; several entries with different speakers mark a dispute."""
    addressees: list[Slug] = empty_list()
    """Characters or groups the passage is spoken to."""
    about: list[Slug] = empty_list()
    """Characters, groups or places the passage is about."""
    revealed: Slug
    """The period in which the reader meets the passage."""
    holds: list[Slug] = empty_list()
    """The periods in which the passage is spoken; empty when the source does not place it."""
    locators: Annotated[list[Text], Field(min_length=1)]
    """The section headings of the source under which the passage appears."""
    themes: list[Slug] = empty_list()
    """Slugs of themes the passage expresses."""
    symbols: list[Slug] = empty_list()
    """Slugs of symbols the passage uses."""
    note: Text | None = None
    """A remark in the curator's own words."""
    drafted: Drafted | None = None
    """How the extractor found this record; absent when curated."""
    disputes: list[Dispute] = empty_list()
    """Points on which the source gives several accounts, each kept with its evidence."""


class Event(Record):
    """A key scene of the story, with who takes part, where, when, and what it shows."""

    slug: Slug
    name: Name
    """A short title for the scene, in the curator's own words."""
    summary: Text
    """What happens, in the curator's own words."""
    participants: Annotated[list[Slug], Field(min_length=1)]
    """Characters or groups who take part in the scene."""
    place: Slug | None = None
    """Where the scene takes place, when the source says."""
    revealed: Slug
    """The period in which the reader learns of the scene."""
    holds: Annotated[list[Slug], Field(min_length=1)]
    """The periods in which the scene takes place (story time); usually one."""
    quotes: list[Slug] = empty_list()
    """Slugs of quotes spoken or recalled in the scene."""
    relationships: list[Slug] = empty_list()
    """Slugs of relationships the scene shows, starts, changes or ends."""
    evidence: EvidenceList
    note: Text | None = None
    """A remark in the curator's own words."""
    disputes: list[Dispute] = empty_list()
    """Points on which the source gives several accounts, each kept with its evidence."""


class Theme(Record):
    """A theme of the work."""

    slug: Slug
    name: Name
    """The theme's display name."""
    description: Text
    """What the theme is about, in the curator's own words."""


class Symbol(Record):
    """A recurring object or image that stands for something."""

    slug: Slug
    name: Name
    """The symbol's display name."""
    description: Text
    """What the symbol stands for, in the curator's own words."""
    themes: list[Slug] = empty_list()
    """Slugs of themes the symbol carries."""
    related: list[Slug] = empty_list()
    """Characters, groups or places the symbol is tied to."""
    evidence: EvidenceList
    disputes: list[Dispute] = empty_list()
    """Points on which the source gives several accounts, each kept with its evidence."""


def membership_slug(character: str, group: str) -> str:
    """The slug of the MEMBERSHIP relationship derived from a character's membership of a group."""
    return f"{character}-member-of-{group}"


class AcceptedFinding(Record):
    """A finding of `graphservice review` that the curator has read against the source and keeps
    as it is, with the reason; the review then reports it only when asked for every finding."""

    finding: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    """The finding's id as the review prints it (`rule:record-slug:hash`)."""
    reason: Text
    """Why the record stays as it is, in the curator's own words."""


class Dataset(Record):
    """One data file: a work and all of its records."""

    format_version: Literal[1]
    """Version of this data format; always 1 for now."""
    work: Work
    groups: list[Group] = empty_list()
    characters: Annotated[list[Character], Field(min_length=1)]
    places: list[Place] = empty_list()
    relationships: list[Relationship] = empty_list()
    place_links: list[PlaceLink] = empty_list()
    quotes: list[Quote] = empty_list()
    events: list[Event] = empty_list()
    """Key scenes, in story order: the timeline sorts by `holds` and keeps this order within a period."""
    themes: list[Theme] = empty_list()
    symbols: list[Symbol] = empty_list()
    review: list[AcceptedFinding] = empty_list()
    """Findings of `graphservice review` the curator has accepted, each with its reason."""
