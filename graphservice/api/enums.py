"""GraphQL enums. Kind descriptions come from the domain vocabulary tables (a test keeps the
members in step), so the schema documents exactly what the data format means."""

from __future__ import annotations

import enum

import strawberry

from graphservice.vocabulary import PLACE_LINK_KINDS, RELATIONSHIP_KINDS, PlaceLinkKind, RelationshipKind

__all__ = [
    "AttributionBasisEnum",
    "Direction",
    "PlaceLinkKindEnum",
    "QuoteKindEnum",
    "QuoteRole",
    "RelationshipKindEnum",
    "SentimentEnum",
]


def _rel(kind: RelationshipKind) -> str:
    info = RELATIONSHIP_KINDS[kind]
    return f"{'Directed' if info.directed else 'Symmetric'}: {info.meaning}."


def _place(kind: PlaceLinkKind) -> str:
    meaning = PLACE_LINK_KINDS[kind].meaning
    return meaning[0].upper() + meaning[1:] + "."


@strawberry.enum(
    name="RelationshipKind",
    description="What a relationship is. Each value says whether it has a direction and what "
    "source and target mean.",
)
class RelationshipKindEnum(enum.Enum):
    FRIENDSHIP = strawberry.enum_value("friendship", description=_rel(RelationshipKind.FRIENDSHIP))
    ROMANCE = strawberry.enum_value("romance", description=_rel(RelationshipKind.ROMANCE))
    ATTRACTION = strawberry.enum_value("attraction", description=_rel(RelationshipKind.ATTRACTION))
    RIVALRY = strawberry.enum_value("rivalry", description=_rel(RelationshipKind.RIVALRY))
    JEALOUSY = strawberry.enum_value("jealousy", description=_rel(RelationshipKind.JEALOUSY))
    AUTHORITY = strawberry.enum_value("authority", description=_rel(RelationshipKind.AUTHORITY))
    CARE = strawberry.enum_value("care", description=_rel(RelationshipKind.CARE))
    SUPPORT = strawberry.enum_value("support", description=_rel(RelationshipKind.SUPPORT))
    MANIPULATION = strawberry.enum_value("manipulation", description=_rel(RelationshipKind.MANIPULATION))
    CONDESCENSION = strawberry.enum_value("condescension", description=_rel(RelationshipKind.CONDESCENSION))
    HOSTILITY = strawberry.enum_value("hostility", description=_rel(RelationshipKind.HOSTILITY))
    CONFLICT = strawberry.enum_value("conflict", description=_rel(RelationshipKind.CONFLICT))
    DISCORD = strawberry.enum_value("discord", description=_rel(RelationshipKind.DISCORD))
    ADMIRATION = strawberry.enum_value("admiration", description=_rel(RelationshipKind.ADMIRATION))
    COLLABORATION = strawberry.enum_value("collaboration", description=_rel(RelationshipKind.COLLABORATION))
    PATRONAGE = strawberry.enum_value("patronage", description=_rel(RelationshipKind.PATRONAGE))
    EXPLOITATION = strawberry.enum_value("exploitation", description=_rel(RelationshipKind.EXPLOITATION))
    ORIGIN = strawberry.enum_value("origin", description=_rel(RelationshipKind.ORIGIN))
    MEMBERSHIP = strawberry.enum_value("membership", description=_rel(RelationshipKind.MEMBERSHIP))


@strawberry.enum(name="PlaceLinkKind", description="How a character is connected to a place.")
class PlaceLinkKindEnum(enum.Enum):
    LIVED_AT = strawberry.enum_value("lived_at", description=_place(PlaceLinkKind.LIVED_AT))
    WORKED_AT = strawberry.enum_value("worked_at", description=_place(PlaceLinkKind.WORKED_AT))
    VISITED = strawberry.enum_value("visited", description=_place(PlaceLinkKind.VISITED))
    STAYED_AT = strawberry.enum_value("stayed_at", description=_place(PlaceLinkKind.STAYED_AT))
    FOUNDED = strawberry.enum_value("founded", description=_place(PlaceLinkKind.FOUNDED))
    RAN = strawberry.enum_value("ran", description=_place(PlaceLinkKind.RAN))
    SEEN_AT = strawberry.enum_value("seen_at", description=_place(PlaceLinkKind.SEEN_AT))


@strawberry.enum(
    name="Sentiment", description="The emotional colour of a relationship as the source presents it."
)
class SentimentEnum(enum.Enum):
    POSITIVE = strawberry.enum_value("positive", description="Warm, loving or helpful.")
    NEGATIVE = strawberry.enum_value("negative", description="Hostile, hurtful or cold.")
    MIXED = strawberry.enum_value("mixed", description="Both warm and hurtful, or ambivalent.")
    NEUTRAL = strawberry.enum_value(
        "neutral", description="Neither: a plain fact such as belonging to a group."
    )


@strawberry.enum(name="AttributionBasis", description="How firmly the source ties a quote to a speaker.")
class AttributionBasisEnum(enum.Enum):
    STATED = strawberry.enum_value("stated", description="The source names the speaker beside the quote.")
    IMPLIED = strawberry.enum_value("implied", description="Only the context makes the speaker clear.")


@strawberry.enum(name="QuoteKind", description="Whether a quote is speech or narration.")
class QuoteKindEnum(enum.Enum):
    SPEECH = strawberry.enum_value("speech", description="Words spoken aloud by a character.")
    NARRATION = strawberry.enum_value("narration", description="The narrator's own words.")


@strawberry.enum(description="Which way to walk directed relationships.")
class Direction(enum.Enum):
    OUT = strawberry.enum_value("out", description="From source to target: whom the node acts on.")
    IN = strawberry.enum_value("in", description="From target to source: who acts on the node.")
    BOTH = strawberry.enum_value("both", description="Either way; direction is ignored.")


@strawberry.enum(description="How a quote involves a character.")
class QuoteRole(enum.Enum):
    ANY = strawberry.enum_value("any", description="Spoken by, addressed to, or about the character.")
    SPOKEN = strawberry.enum_value("spoken", description="Attributed to the character (any attribution).")
    ADDRESSED = strawberry.enum_value("addressed", description="Spoken to the character.")
    ABOUT = strawberry.enum_value("about", description="About the character.")
