"""Related pairs: who talks with whom, who appears with whom, and what the text calls the tie.

Three sources, each kept with its count and a verbatim fragment that joins the pair:

- ``conversation``: consecutive speeches of two speakers, or a speech addressed to someone;
- ``possessive``: a person known by another's noun ("Scrooge's nephew", "his clerk"): the noun's
  cue gives kin, employment, marriage or parenthood with its direction;
- ``co-occurrence``: both named in one sentence; a cue word of a symmetric kind in such a sentence
  (brother, wife, friend, quarrel) gives the kind, else the pair is an acquaintance.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from graphservice.cues import cued_kinds, sentiment_of
from graphservice.extract.passages import Book
from graphservice.extract.people import Cast
from graphservice.extract.speakers import Turn
from graphservice.vocabulary import RelationshipKind, Sentiment

__all__ = ["Pair", "find_pairs"]

_K = RelationshipKind
_SENTENCE_KINDS = (_K.MARRIAGE, _K.SIBLING, _K.KIN, _K.FRIENDSHIP, _K.DISCORD, _K.RIVALRY, _K.ROMANCE)
# A possessive noun's kind, and whether the owner is the relationship's source.
_POSSESSIVE_KINDS: dict[RelationshipKind, bool] = {
    _K.EMPLOYMENT: True,  # Scrooge's clerk: Scrooge employs the clerk
    _K.PARENT: False,  # Bob's father: the father is the source
    _K.MARRIAGE: True,
    _K.SIBLING: True,
    _K.KIN: True,
    _K.FRIENDSHIP: True,
}
_MAX_FRAGMENT_WORDS = 14
_MAX_JOINING_WORDS = 40
"""Two people named within this many words of each other, in one paragraph, are seen together."""
_PARENT_CHILD_NOUNS = frozenset({"son", "daughter", "child", "children", "boy", "girl"})


@dataclass(slots=True)
class Pair:
    """A drafted relationship between two people (indices into the cast)."""

    source: int
    target: int
    kind: RelationshipKind
    method: str
    count: int
    confidence: float
    evidence: list[tuple[str, str]]
    """(verbatim fragment, section heading) pairs, the strongest first."""
    periods: list[int] = field(default_factory=list)
    """Periods in which the pair is seen, in order; the first is when the reader learns of it."""
    sentiment: Sentiment = Sentiment.NEUTRAL


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def find_pairs(book: Book, cast: Cast, turns: list[Turn], keep: set[int]) -> list[Pair]:
    """Every related pair among the people in ``keep``."""
    pairs: list[Pair] = []
    pairs += _possessive_pairs(cast, keep)
    pairs += _conversations(book, turns, keep)
    pairs += _sentences(book, cast, keep, {(_ordered(p.source, p.target)) for p in pairs})
    return pairs


def _possessive_pairs(cast: Cast, keep: set[int]) -> list[Pair]:
    found: list[Pair] = []
    for known, person in enumerate(cast.people):
        index = known if person.merged_into is None else person.merged_into  # the nephew is Fred
        if person.basis != "epithet" or index not in keep or not person.origin:
            continue
        owner, noun, phrase, heading, period = person.origin
        if owner not in keep:
            continue
        kinds = [k for k in cued_kinds(noun) if k in _POSSESSIVE_KINDS]
        if not kinds:
            continue
        kind = kinds[0]
        owner_first = _POSSESSIVE_KINDS[kind]
        if kind is _K.PARENT and noun in _PARENT_CHILD_NOUNS:
            owner_first = True  # Bob's son: Bob is the parent
        source, target = (owner, index) if owner_first else (index, owner)
        found.append(Pair(source, target, kind, "possessive", 1, 0.8, [(phrase, heading)], [period]))
    return found


def _conversations(book: Book, turns: list[Turn], keep: set[int]) -> list[Pair]:
    talks: dict[tuple[int, int], Pair] = {}
    lone: dict[tuple[int, int], tuple[str, str]] = {}
    for previous, turn in itertools.pairwise(turns):
        if turn.attribution is None:
            continue
        speaker = turn.attribution.speaker
        partners = list(turn.addressees)
        if (
            previous.attribution is not None
            and previous.paragraphs[-1] >= turn.paragraphs[0] - 1
            and previous.attribution.speaker != speaker
        ):
            partners.append(previous.attribution.speaker)
        paragraph = book.paragraphs[turn.paragraphs[0]]
        for partner in dict.fromkeys(partners):
            if partner == speaker or partner not in keep or speaker not in keep:
                continue
            key = _ordered(speaker, partner)
            pair = talks.get(key)
            if pair is None:
                pair = Pair(*key, _K.CONVERSATION, "conversation", 0, 0.0, [])
                talks[key] = pair
            joining = _joining(book, previous, turn, partner)
            if joining is not None and paragraph.section:
                pair.evidence.append((joining, paragraph.section))
            elif key not in lone and paragraph.section:
                lone[key] = (turn.attribution.evidence, paragraph.section)
            pair.count += 1
            if paragraph.period >= 0 and paragraph.period not in pair.periods:
                pair.periods.append(paragraph.period)
    for pair in talks.values():
        pair.confidence = round(min(0.9, 0.4 + 0.1 * pair.count), 2)
        # The shortest phrases that name both speakers; a lone tag only when none does.
        joined = sorted(set(pair.evidence), key=lambda e: len(e[0]))[:2]
        pair.evidence = joined or ([lone[key]] if (key := _ordered(pair.source, pair.target)) in lone else [])
    return [pair for pair in talks.values() if pair.periods and pair.evidence and pair.evidence[0][1]]


def _joining(book: Book, previous: Turn, turn: Turn, partner: int) -> str | None:
    """A verbatim stretch that names both speakers of an exchange: the partner called by name
    inside the speech up to its tag ("Fred!" said Scrooge's niece), or one tag to the next when
    both speeches are tagged and close ("said Scrooge. ... returned the nephew")."""
    found: list[str] = []
    own = turn.attribution
    if own is not None and own.start >= 0 and partner in turn.vocative_spans:
        a, b = turn.vocative_spans[partner]
        start, end = min(a, own.start), max(b, own.end)
        found.append(book.text[start:end])
    theirs = previous.attribution
    if (
        own is not None
        and theirs is not None
        and own.start >= 0
        and theirs.start >= 0
        and theirs.speaker == partner
        and theirs.start < own.start
    ):
        found.append(book.text[theirs.start : own.end])
    fitting = [text for text in found if 3 <= len(" ".join(text.split())) <= 300]
    return min(fitting, key=len) if fitting else None


def _surname(cast: Cast, person: int) -> str | None:
    """The family name a named person shows (Bob Cratchit, Mrs. Cratchit), if any."""
    found = cast.people[person]
    if found.basis not in {"full-name", "name"}:
        return None
    words = [w for w in found.key if w != "\u2640"]
    full = len(found.key) >= 2 or any(
        form.split()[0].rstrip(".").lower() in _FAMILY_TITLES for form in found.forms
    )
    return words[-1] if full and words else None


_FAMILY_TITLES = frozenset({"mr", "mrs", "miss", "master", "ms"})


def _sentences(book: Book, cast: Cast, keep: set[int], taken: set[tuple[int, int]]) -> list[Pair]:
    joint: dict[tuple[int, int], list[tuple[str, str, int]]] = defaultdict(list)
    by_sentence: dict[int, list[int]] = defaultdict(list)
    for i, mention in enumerate(cast.mentions):
        person = cast.at(i)
        if person is not None and person in keep and not mention.quoted:
            by_sentence[book.sentences[mention.sentence].paragraph].append(i)
    for paragraph_index, found in by_sentence.items():
        paragraph = book.paragraphs[paragraph_index]
        if paragraph.period < 0 or not paragraph.section:
            continue
        # Neighbouring mentions of two people, with no third person between them: the fragment
        # from one to the other is what joins them ("Bob Cratchit, his clerk, and Mrs. Cratchit").
        for before, after in itertools.pairwise(found):
            a, b = cast.at(before), cast.at(after)
            if a is None or b is None or a == b:
                continue
            start = cast.mentions[before].start
            end = cast.mentions[after].end
            last = cast.mentions[after]
            if last.possessive and last.last + 1 < len(book.tokens):  # "Tobias Venn's brother"
                end = book.tokens[last.last + 1].end
            fragment = book.text[start:end]
            if len(fragment.split()) > _MAX_JOINING_WORDS or len(" ".join(fragment.split())) > 400:
                continue
            joint[_ordered(a, b)].append((fragment, paragraph.section, paragraph.period))
    pairs: list[Pair] = []
    for (a, b), sightings in joint.items():
        cued: dict[RelationshipKind, list[tuple[str, str, int]]] = defaultdict(list)
        for sighting in sightings:
            if len(sighting[0].split()) > _MAX_FRAGMENT_WORDS:
                continue  # a cue far from both names says nothing of the pair
            for kind in cued_kinds(sighting[0]):
                if kind in _SENTENCE_KINDS:
                    cued[kind].append(sighting)
        if not cued and _surname(cast, a) is not None and _surname(cast, a) == _surname(cast, b):
            cued[_K.KIN] = sorted(
                sightings, key=lambda s: len(s[0])
            )  # Bob Cratchit and Peter Cratchit, seen together: one family
        periods = sorted({s[2] for s in sightings})
        if cued:
            kind, support = max(cued.items(), key=lambda item: len(item[1]))
            evidence = [(s[0], s[1]) for s in support[:3]]
            confidence = round(min(0.8, 0.5 + 0.1 * len(support)), 2)
            pair = Pair(a, b, kind, "cue", len(support), confidence, evidence, periods)
            pair.sentiment = sentiment_of(" ".join(s[0] for s in support))
            pairs.append(pair)
        elif (a, b) not in taken and (
            len(sightings) >= 2 or any(len(s[0].split()) <= _MAX_FRAGMENT_WORDS for s in sightings)
        ):  # seen together twice, or once in a few words ("Hyde ... Sir Danvers")
            evidence = [(s[0], s[1]) for s in sorted(sightings, key=lambda s: len(s[0]))[:2]]
            confidence = round(min(0.6, 0.2 + 0.1 * len(sightings)), 2)
            pair = Pair(a, b, _K.ACQUAINTANCE, "co-occurrence", len(sightings), confidence, evidence, periods)
            pair.sentiment = sentiment_of(" ".join(s[0] for s in sightings))
            pairs.append(pair)
    return pairs
