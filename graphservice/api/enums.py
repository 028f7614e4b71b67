"""GraphQL enums. Kind descriptions come from the domain vocabulary tables (a test keeps the
members in step), so the schema documents exactly what the data format means."""

from __future__ import annotations

import enum

import strawberry

from graphservice.vocabulary import PLACE_LINK_KINDS, RELATIONSHIP_KINDS, PlaceLinkKind, RelationshipKind

__all__ = [
    "AttributionBasisEnum",
    "CentralityMeasure",
    "Direction",
    "EntityKindEnum",
    "NoPathReasonEnum",
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
    PARENT = strawberry.enum_value("parent", description=_rel(RelationshipKind.PARENT))
    SIBLING = strawberry.enum_value("sibling", description=_rel(RelationshipKind.SIBLING))
    KIN = strawberry.enum_value("kin", description=_rel(RelationshipKind.KIN))
    MARRIAGE = strawberry.enum_value("marriage", description=_rel(RelationshipKind.MARRIAGE))
    EMPLOYMENT = strawberry.enum_value("employment", description=_rel(RelationshipKind.EMPLOYMENT))
    ACQUAINTANCE = strawberry.enum_value("acquaintance", description=_rel(RelationshipKind.ACQUAINTANCE))
    CONVERSATION = strawberry.enum_value("conversation", description=_rel(RelationshipKind.CONVERSATION))
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


@strawberry.enum(name="NoPathReason", description="Why a path search found nothing.")
class NoPathReasonEnum(enum.Enum):
    EXCLUDED = strawberry.enum_value(
        "excluded", description="An end of the path is one of the nodes the search was told to avoid."
    )
    NOT_YET_MET = strawberry.enum_value(
        "not_yet_met", description="An end is hidden by `asOf`: the reader has not met it yet."
    )
    PLACE_NOT_INCLUDED = strawberry.enum_value(
        "place_not_included", description="An end is a place; set `includePlaces: true` to reach it."
    )
    FILTERED_OUT = strawberry.enum_value(
        "filtered_out",
        description="Connected in this view, but the kinds, direction or exclusions cut every path.",
    )
    HIDDEN_BY_VIEW = strawberry.enum_value(
        "hidden_by_view", description="Connected only through what `asOf` or `during` hides."
    )
    DISCONNECTED = strawberry.enum_value(
        "disconnected", description="Nothing connects the two ends, whatever the filters."
    )


@strawberry.enum(description="A centrality measure (networkx), computed once per view and cached.")
class CentralityMeasure(enum.Enum):
    DEGREE = strawberry.enum_value(
        "degree", description="Share of the other nodes it is directly related to."
    )
    BETWEENNESS = strawberry.enum_value(
        "betweenness", description="How often it lies on the shortest paths between other nodes."
    )
    CLOSENESS = strawberry.enum_value(
        "closeness", description="How near it is, on average, to every node it can reach."
    )
    PAGERANK = strawberry.enum_value(
        "pagerank", description="PageRank: importance passed on by the nodes related to it."
    )
    EIGENVECTOR = strawberry.enum_value(
        "eigenvector",
        description="Eigenvector centrality: related to nodes that are themselves central. In a "
        "disconnected view, nodes outside the largest cluster score near zero.",
    )


@strawberry.enum(name="EntityKind", description="What kind of node an entity is.")
class EntityKindEnum(enum.Enum):
    CHARACTER = strawberry.enum_value("character", description="A person in the story.")
    GROUP = strawberry.enum_value("group", description="A set of characters treated as one.")
    PLACE = strawberry.enum_value("place", description="A location.")
