"""The closed vocabularies of the data format: relationship kinds, place-link kinds, sentiments.

Each kind carries its direction meaning and a description. The GraphQL enums, the data-format
documentation and the JSON Schema are all generated from these tables, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "PLACE_LINK_KINDS",
    "RELATIONSHIP_KINDS",
    "AttributionBasis",
    "KindInfo",
    "PlaceLinkKind",
    "QuoteKind",
    "RelationshipKind",
    "Sentiment",
]


class RelationshipKind(StrEnum):
    """What a relationship between two characters (or a character and a group) is."""

    FRIENDSHIP = "friendship"
    ROMANCE = "romance"
    ATTRACTION = "attraction"
    RIVALRY = "rivalry"
    JEALOUSY = "jealousy"
    AUTHORITY = "authority"
    CARE = "care"
    SUPPORT = "support"
    MANIPULATION = "manipulation"
    CONDESCENSION = "condescension"
    HOSTILITY = "hostility"
    CONFLICT = "conflict"
    DISCORD = "discord"
    ADMIRATION = "admiration"
    COLLABORATION = "collaboration"
    PATRONAGE = "patronage"
    EXPLOITATION = "exploitation"
    ORIGIN = "origin"
    PARENT = "parent"
    SIBLING = "sibling"
    KIN = "kin"
    MARRIAGE = "marriage"
    EMPLOYMENT = "employment"
    ACQUAINTANCE = "acquaintance"
    CONVERSATION = "conversation"
    MEMBERSHIP = "membership"


class PlaceLinkKind(StrEnum):
    """How a character is connected to a place."""

    LIVED_AT = "lived_at"
    WORKED_AT = "worked_at"
    VISITED = "visited"
    STAYED_AT = "stayed_at"
    FOUNDED = "founded"
    RAN = "ran"
    SEEN_AT = "seen_at"


class Sentiment(StrEnum):
    """The emotional colour of a relationship as the source presents it."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"
    NEUTRAL = "neutral"


class AttributionBasis(StrEnum):
    """How firmly the source ties a quote to its speaker."""

    STATED = "stated"
    IMPLIED = "implied"


class QuoteKind(StrEnum):
    """Whether a quoted passage is spoken aloud or is a narrator's words."""

    SPEECH = "speech"
    NARRATION = "narration"


@dataclass(frozen=True, slots=True)
class KindInfo:
    """Documentation of one kind: whether it has a direction, and what source and target mean."""

    directed: bool
    meaning: str


RELATIONSHIP_KINDS: dict[RelationshipKind, KindInfo] = {
    RelationshipKind.FRIENDSHIP: KindInfo(False, "source and target are friends"),
    RelationshipKind.ROMANCE: KindInfo(False, "source and target are a couple"),
    RelationshipKind.ATTRACTION: KindInfo(
        True,
        "source has romantic feelings for target that are not lived as a couple "
        "(one-sided, or not yet acted on)",
    ),
    RelationshipKind.RIVALRY: KindInfo(False, "source and target compete with each other"),
    RelationshipKind.JEALOUSY: KindInfo(True, "source is jealous of target"),
    RelationshipKind.AUTHORITY: KindInfo(True, "source holds authority over target"),
    RelationshipKind.CARE: KindInfo(True, "source looks after target (as carer or guardian)"),
    RelationshipKind.SUPPORT: KindInfo(True, "source helps, encourages or comforts target"),
    RelationshipKind.MANIPULATION: KindInfo(True, "source manipulates target"),
    RelationshipKind.CONDESCENSION: KindInfo(True, "source looks down on target"),
    RelationshipKind.HOSTILITY: KindInfo(True, "source bullies or is hostile to target"),
    RelationshipKind.CONFLICT: KindInfo(True, "source confronts or challenges target"),
    RelationshipKind.DISCORD: KindInfo(False, "source and target quarrel or are at odds with each other"),
    RelationshipKind.ADMIRATION: KindInfo(
        True, "source looks up to, imitates or is devoted to the work of target"
    ),
    RelationshipKind.COLLABORATION: KindInfo(False, "source and target work together towards a shared aim"),
    RelationshipKind.PATRONAGE: KindInfo(
        True, "source collects, champions or advocates for the work or cause of target"
    ),
    RelationshipKind.EXPLOITATION: KindInfo(True, "source uses target for its own benefit"),
    RelationshipKind.ORIGIN: KindInfo(
        True,
        "source is (or is believed to be) the original, model or parent of target",
    ),
    RelationshipKind.PARENT: KindInfo(
        True, "source is a parent (or step-parent, or guardian in a parent's place) of target, the child"
    ),
    RelationshipKind.SIBLING: KindInfo(False, "source and target are brothers, sisters or half-siblings"),
    RelationshipKind.KIN: KindInfo(
        False,
        "source and target are related by family in another way (uncle, nephew, cousin, in-law, kinsman)",
    ),
    RelationshipKind.MARRIAGE: KindInfo(False, "source and target are married, or engaged to be married"),
    RelationshipKind.EMPLOYMENT: KindInfo(
        True, "source employs target, who works for or serves source (clerk, servant, butler, apprentice)"
    ),
    RelationshipKind.ACQUAINTANCE: KindInfo(
        False, "source and target know each other, with no closer bond shown"
    ),
    RelationshipKind.CONVERSATION: KindInfo(
        False,
        "source and target speak with each other in the text (drafted from dialogue, weighted by turns)",
    ),
    RelationshipKind.MEMBERSHIP: KindInfo(
        True,
        "source is a member of the group target; derived from a character's memberships, "
        "never written as a relationship record",
    ),
}

PLACE_LINK_KINDS: dict[PlaceLinkKind, KindInfo] = {
    PlaceLinkKind.LIVED_AT: KindInfo(True, "the character lived at the place"),
    PlaceLinkKind.WORKED_AT: KindInfo(True, "the character worked at the place"),
    PlaceLinkKind.VISITED: KindInfo(True, "the character went to the place for a time"),
    PlaceLinkKind.STAYED_AT: KindInfo(True, "the character stayed at the place as a patient or guest"),
    PlaceLinkKind.FOUNDED: KindInfo(True, "the character founded or created the place"),
    PlaceLinkKind.RAN: KindInfo(True, "the character ran, curated or was in charge of the place"),
    PlaceLinkKind.SEEN_AT: KindInfo(True, "the character was seen or sought at the place"),
}
