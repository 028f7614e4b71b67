"""Cue words: the words in a sentence that name a relationship's kind or colour its sentiment.

One lexicon serves both sides of curation: the extractor reads a joining sentence's cues to give a
drafted relationship its kind and sentiment, and the reviewer checks that a relationship's evidence
names its kind's cue (or both its ends). The words are general English, not any one book's: a
cue is a word or, from five letters on, a word start (``marri`` matches married, marriage,
marrying), ignoring case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from graphservice.vocabulary import RelationshipKind, Sentiment

__all__ = ["KIND_CUES", "NEGATIVE_CUES", "POSITIVE_CUES", "cued_kinds", "cues_in", "sentiment_of"]

_K = RelationshipKind

KIND_CUES: dict[RelationshipKind, tuple[str, ...]] = {
    _K.FRIENDSHIP: ("friend", "comrade", "companion", "chum", "old pal", "bond"),
    _K.ROMANCE: (
        "lover",
        "sweetheart",
        "in love",
        "courting",
        "romance",
        "couple",
        "kiss",
        "girlfriend",
        "boyfriend",
    ),
    _K.ATTRACTION: (
        "attract",
        "fancie",
        "fancy",
        "adore",
        "infatuat",
        "longing for",
        "crush on",
        "feelings for",
        "fall for",
        "falls for",
        "fell for",
    ),
    _K.RIVALRY: ("rival", "compet"),
    _K.JEALOUSY: ("jealous", "envy", "envie", "envious"),
    _K.AUTHORITY: ("command", "order", "obey", "head of", "in charge", "guardian", "master of", "rule"),
    _K.CARE: (
        "care for",
        "cares for",
        "cared for",
        "caring for",
        "carer",
        "look after",
        "looked after",
        "nurse",
        "tend",
    ),
    _K.SUPPORT: (
        "help",
        "comfort",
        "encourag",
        "support",
        "consol",
        "defend",
        "protect",
        "kind to",
        "kindness",
    ),
    _K.MANIPULATION: (
        "manipulat",
        "deceiv",
        "trick",
        "scheme",
        "lie to",
        "lied to",
        "lies to",
        "undermin",
        "interfer",
    ),
    _K.CONDESCENSION: (
        "condescen",
        "patroniz",
        "patronis",
        "look down",
        "looks down",
        "looked down",
        "scorn",
        "disdain",
    ),
    _K.HOSTILITY: (
        "bully",
        "bullie",
        "hostil",
        "hate",
        "hatred",
        "loath",
        "enem",
        "torment",
        "mock",
        "cruel",
    ),
    _K.CONFLICT: ("confront", "challeng", "accus", "attack", "struck", "strike", "fight", "fought"),
    _K.DISCORD: ("quarrel", "argu", "row", "falling out", "fell out", "at odds", "estrang", "dispute"),
    _K.ADMIRATION: (
        "admir",
        "idoli",
        "imitat",
        "look up to",
        "looks up to",
        "looked up to",
        "devot",
        "worship",
        "mimic",
    ),
    _K.COLLABORATION: ("together", "partner", "ally", "allie", "collaborat", "join"),
    _K.PATRONAGE: ("patron", "collect", "champion", "advocat", "sponsor", "benefact"),
    _K.EXPLOITATION: (
        "exploit",
        "use him",
        "use her",
        "used him",
        "used her",
        "take advantage",
        "benefit from",
    ),
    _K.ORIGIN: ("model", "original", "possible", "copied from", "created from", "cloned from"),
    _K.PARENT: (
        "father",
        "mother",
        "son",
        "daughter",
        "child",
        "children",
        "parent",
        "papa",
        "mamma",
        "mama",
        "stepfather",
        "stepmother",
        "orphan",
    ),
    _K.SIBLING: ("brother", "sister", "sibling", "twin"),
    _K.KIN: (
        "uncle",
        "aunt",
        "nephew",
        "niece",
        "cousin",
        "kinsman",
        "kinswoman",
        "kin",
        "relative",
        "relation",
        "grandfather",
        "grandmother",
        "grandson",
        "granddaughter",
        "in-law",
        "family",
    ),
    _K.MARRIAGE: (
        "wife",
        "husband",
        "married",
        "marriage",
        "marry",
        "wedd",
        "widow",
        "betroth",
        "engaged",
        "bride",
    ),
    _K.EMPLOYMENT: (
        "clerk",
        "servant",
        "butler",
        "maid",
        "employ",
        "master",
        "apprentice",
        "housekeeper",
        "footman",
        "cook",
        "valet",
        "wage",
        "salary",
        "hire",
        "in the service of",
    ),
    _K.ACQUAINTANCE: ("acquaint", "known", "knew", "neighbour", "neighbor", "met"),
    _K.CONVERSATION: (
        "said",
        "replied",
        "asked",
        "answered",
        "told",
        "spoke",
        "talk",
        "conversation",
        "cried",
    ),
    _K.MEMBERSHIP: ("member", "one of", "among", "belong", "student", "pupil", "fellow"),
}

POSITIVE_CUES: tuple[str, ...] = (
    "love",
    "dear",
    "friend",
    "kind",
    "fond",
    "affection",
    "tender",
    "gentle",
    "gratitude",
    "grateful",
    "thank",
    "bless",
    "happy",
    "happi",
    "joy",
    "merry",
    "cheer",
    "warm",
    "trust",
    "loyal",
    "generous",
    "admir",
    "respect",
    "help",
    "comfort",
    "protect",
    "devot",
    "laugh",
    "smile",
    "embrace",
)
NEGATIVE_CUES: tuple[str, ...] = (
    "hate",
    "hatred",
    "loath",
    "anger",
    "angry",
    "rage",
    "fear",
    "afraid",
    "terror",
    "dread",
    "cruel",
    "jealous",
    "envy",
    "bitter",
    "scorn",
    "disdain",
    "contempt",
    "quarrel",
    "threat",
    "murder",
    "kill",
    "struck",
    "strike",
    "blow",
    "curse",
    "wicked",
    "evil",
    "disgust",
    "horror",
    "resent",
    "mock",
    "bully",
    "lie",
    "lied",
    "betray",
    "cold",
    "harsh",
    "miser",
    "grudg",
)


@cache
def _pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    # A cue of five letters or more is a word start (marri: married, marriage); a shorter one is a
    # whole word, plural or possessive allowed, so "kin" does not match "kindness" nor "son" "song".
    words = sorted(cues, key=len, reverse=True)
    alternatives = [
        re.escape(word) + (r"[a-z]{0,5}" if len(word) >= 5 else r"(?:s|es|'s|\u2019s)?") for word in words
    ]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def cues_in(text: str, cues: Iterable[str]) -> list[str]:
    """The cue words that start a word of ``text``, each as written in the text (lower-cased)."""
    return [match.group(0).lower() for match in _pattern(tuple(cues)).finditer(text)]


def cued_kinds(text: str) -> dict[RelationshipKind, list[str]]:
    """Each kind whose cue appears in ``text``, with the cues found, in the order of KIND_CUES."""
    found: dict[RelationshipKind, list[str]] = {}
    for kind, cues in KIND_CUES.items():
        hits = cues_in(text, cues)
        if hits:
            found[kind] = hits
    return found


def sentiment_of(text: str) -> Sentiment:
    """The sentiment a passage's cue words suggest: positive or negative when only one side
    appears, mixed when both do, neutral when neither."""
    positive = bool(cues_in(text, POSITIVE_CUES))
    negative = bool(cues_in(text, NEGATIVE_CUES))
    if positive and negative:
        return Sentiment.MIXED
    if positive:
        return Sentiment.POSITIVE
    if negative:
        return Sentiment.NEGATIVE
    return Sentiment.NEUTRAL
