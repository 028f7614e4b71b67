"""Quoted speech and who speaks it: a sieve of rules in order of confidence (after Muzny et al.
2017, without a model). Each attribution keeps the rule that made it and a verbatim phrase.

1. ``speech-tag`` (0.95 for a name, 0.85 for an epithet, 0.8 for a resolved pronoun): a speech
   verb beside a quote with its speaker ("said Scrooge", "the Ghost replied", "said he"); a
   pronoun is the nearest earlier character of its gender; "said I" is the section's narrator.
2. ``paragraph-speaker`` (0.7): the paragraph's narrative names one character as the subject of a
   speech verb, or names only one character at all.
3. ``vocative`` (0.65): the quote before addressed someone by name ("..., Fred!"); they answer.
4. ``turn-taking`` (0.6): in a run of untagged quotes, speakers alternate.
5. ``nearest-mention`` (0.3): the last character named before the quote.

Addressees come from vocatives inside the quote, or from the other speaker of a two-person run.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from graphservice.extract.mentions import PRONOUNS, is_speech_verb
from graphservice.extract.passages import Book, Paragraph, Segment
from graphservice.extract.people import Cast, Person, gender_word

__all__ = ["Attribution", "Turn", "attribute", "find_turns"]

_GAP_WORDS = 25
# Nouns that name a person by their tie to another ("Scrooge's nephew", "Poole's master"): kin,
# household and work. Other possessed nouns ("Scrooge's face") are not people.
# Nouns a speech tag may name a nameless speaker by ("returned the gentleman").
_NAMELESS = frozenset(
    "gentleman man woman lady boy girl child stranger visitor servant maid clerk officer policeman "
    "constable waiter porter gardener sailor soldier doctor lawyer landlord landlady boatman carter "
    "singer fellow youth inspector keeper watchman".split()
)
# A noun and the honorifics of the people it may stand for ("the doctor": a Dr. of the section).
_NOUN_TITLES = {
    "doctor": {"dr", "doctor"},
    "inspector": {"inspector"},
    "captain": {"captain"},
    "colonel": {"colonel"},
    "professor": {"professor"},
    "judge": {"judge"},
}
_YOUNG_NOUNS = frozenset({"girl", "boy", "child", "lad", "lass"})
_ROLE_NOUNS = frozenset(
    "nephew niece uncle aunt cousin brother sister son daughter father mother wife husband widow "
    "child boy girl clerk servant butler maid housemaid master mistress partner friend man woman lad "
    "lass apprentice cook housekeeper footman valet coachman lawyer doctor kinsman companion "
    "sweetheart lover fiance fiancee guest".split()
)
_ADVERB_SLACK = 2


@dataclass(slots=True)
class Attribution:
    speaker: int
    method: str
    confidence: float
    evidence: str
    """A verbatim phrase of the text that shows it."""
    start: int = -1
    """Offset of the evidence in the text when it is this turn's own tag; -1 otherwise."""
    end: int = -1


@dataclass(slots=True)
class Turn:
    """One speech: consecutive quoted segments of a paragraph (or of paragraphs a speech spans)."""

    paragraphs: list[int]
    segments: list[Segment]
    attribution: Attribution | None = None
    addressees: list[int] = field(default_factory=list)
    vocatives: list[int] = field(default_factory=list)
    vocative_spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Where in the text each vocative names its person."""
    tagged: bool = False
    """Some narrative stands in the turn's paragraph (not a bare quote)."""

    @property
    def start(self) -> int:
        return self.segments[0].start

    @property
    def end(self) -> int:
        return self.segments[-1].end


def find_turns(book: Book) -> list[Turn]:
    """Every speech, in reading order."""
    turns: list[Turn] = []
    for index, paragraph in enumerate(book.paragraphs):
        if not paragraph.segments:
            continue
        if paragraph.continues and turns and turns[-1].paragraphs[-1] == index - 1:
            turns[-1].paragraphs.append(index)
            turns[-1].segments.extend(paragraph.segments)
            continue
        current = Turn([index], [paragraph.segments[0]])
        turns.append(current)
        for before, segment in zip(paragraph.segments, paragraph.segments[1:], strict=False):
            gap = book.text[before.end : segment.start]
            if len(gap.split()) > _GAP_WORDS:
                current = Turn([index], [segment])
                turns.append(current)
            else:
                current.segments.append(segment)
    turns = [turn for turn in turns if not _scare_quote(book, turn)]
    for turn in turns:
        text = "".join(book.text[p.start : p.end] for p in (book.paragraphs[i] for i in turn.paragraphs))
        quoted = sum(s.end - s.start for s in turn.segments)
        turn.tagged = len(text) - quoted > 4 * len(turn.segments) + 2
    return [turn for turn in turns if book.text[turn.start : turn.end].strip()]


def _scare_quote(book: Book, turn: Turn) -> bool:
    """A word or two in quotation marks inside a narrative sentence ("the word 'nuts'"), not speech."""
    if len(turn.segments) != 1 or len(turn.paragraphs) != 1:
        return False
    segment = turn.segments[0]
    if len(book.text[segment.start : segment.end].split()) > 3:
        return False
    before = book.text[max(0, segment.start - 3) : segment.start - 1].strip()
    after = book.text[segment.end + 1 : segment.end + 4].strip()
    return (
        bool(before) and before[-1:].isalpha() and bool(after) and after[:1].isalpha() and after[:1].islower()
    )


class _Resolver:
    """Referring expressions at a token: names, epithets, pronouns, "I"."""

    def __init__(self, book: Book, cast: Cast) -> None:
        self.book = book
        self.cast = cast
        self.by_first = {mention.first: i for i, mention in enumerate(cast.mentions)}
        self.possessive: dict[tuple[int, str], int] = {}
        self.nameless: dict[tuple[str | None, str], int] = {}
        self.last_speaker: int | None = None
        """The speaker of the speech just before, whom a reply does not come from."""
        self.titled_cache: dict[tuple[str, str | None], int | None] = {}
        self.exclude: set[int] = set()
        """People a pronoun cannot mean here: those the quote addresses."""

    def section(self, token: int) -> str | None:
        return self.book.paragraphs[self.book.sentences[self.book.tokens[token].sentence].paragraph].section

    def at(self, token: int, before: int) -> tuple[int, int, str] | None:
        """(person, end token, kind) of a reference starting at ``token``; an epithet's words
        ("the lawyer", "the Spirit") are kept as a way the text names that person."""
        found = self._at(token, before)
        if found is not None and found[2] in {"epithet", "nameless"}:
            words = " ".join(t.text for t in self.book.tokens[token : found[1]])
            self.cast.people[found[0]].references[words] += 1
        return found

    def _at(self, token: int, before: int) -> tuple[int, int, str] | None:
        """(person, end token, kind) of a reference starting at ``token``; ``before`` is where the
        quote starts, for pronoun resolution."""
        tokens = self.book.tokens
        if token >= len(tokens):
            return None
        word = tokens[token].text
        lower = word.lower()
        mention = self.by_first.get(token)
        if mention is not None:
            person = self.cast.at(mention)
            end = self.cast.mentions[mention].last
            if person is not None:
                following = tokens[end].text if end < len(tokens) else ""
                if following in {"’s", "'s"} and end + 1 < len(tokens) and tokens[end + 1].text.islower():
                    return self._possessive(person, tokens[end + 1].text.lower(), token, end + 2)
                return person, end, "name"
            return None
        if lower in {"he", "she"}:
            person = self.pronoun(before, PRONOUNS[lower])
            return (person, token + 1, "pronoun") if person is not None else None
        if word == "I":
            narrator = self.cast.narrators.get(self.section(token))
            return (narrator, token + 1, "narrator") if narrator is not None else None
        if lower in {"the", "his", "her"} and token + 1 < len(tokens):
            noun_at = token + 1
            if tokens[noun_at].text.lower() in {
                "old",
                "young",
                "little",
                "poor",
                "other",
            } and noun_at + 1 < len(tokens):
                noun_at += 1
            noun = tokens[noun_at].text
            key = (self.section(token), noun.lower())
            if noun[:1].isupper() and key in self.cast.section_titles:
                return self.cast.section_titles[key], noun_at + 1, "epithet"
            if noun.islower() and noun in self.cast.roles:
                return self.cast.roles[noun], noun_at + 1, "epithet"
            matches = [p for (owner, n), p in self.possessive.items() if n == noun.lower()]
            if noun.islower() and len(matches) == 1:
                self.cast.people[matches[0]].uses += 1
                return matches[0], noun_at + 1, "epithet"
            if lower == "the" and noun.islower() and noun in _NAMELESS:
                return self._nameless(noun, token), noun_at + 1, "nameless"
        if (
            lower == "one"
            and token + 3 < len(tokens)
            and tokens[token + 1].text == "of"
            and tokens[token + 2].text.lower() == "the"
        ):  # "said one of the gentlemen"
            plural = tokens[token + 3].text
            singular = plural[:-3] + "man" if plural.endswith("men") else plural.rstrip("s")
            if singular in _NAMELESS:
                return self._nameless(singular, token), token + 4, "nameless"
        return None

    def _nameless(self, noun: str, token: int) -> int:
        """A speaker the text names only by a noun ("returned the gentleman"): one person per
        noun and section, since the gentleman of one chapter is rarely the next one's."""
        section = self.section(token)
        key = (section, noun)
        titled = self._titled_in_section(noun, section)
        if titled is not None:
            return titled
        just_named = self._just_named(noun, token)
        if just_named is not None:
            return just_named
        if key not in self.nameless:
            paragraph = self.book.paragraphs[self.book.sentences[self.book.tokens[token].sentence].paragraph]
            where = (
                self.book.structure.periods[paragraph.period].name.split(":")[0]
                if paragraph.period >= 0
                else ""
            )
            name = f"The {noun} ({where})" if where else f"The {noun}"
            person = Person(("the", noun, section or ""), name, gender=gender_word(noun), basis="nameless")
            person.first_period = paragraph.period
            self.cast.people.append(person)
            self.nameless[key] = len(self.cast.people) - 1
        self.cast.people[self.nameless[key]].uses += 1
        return self.nameless[key]

    def _just_named(self, noun: str, token: int) -> int | None:
        """ "replied the girl" right after "Here's Martha, mother!": a child named in the paragraph
        before, of the noun's gender, who is not the one being answered."""
        if noun not in _YOUNG_NOUNS:
            return None
        gender = gender_word(noun)
        tokens = self.book.tokens
        paragraph = self.book.sentences[tokens[token].sentence].paragraph
        floor = self.book.paragraphs[max(0, paragraph - 2)].start
        named: list[int] = []
        index = token - 1
        while index >= 0 and tokens[index].start >= floor:
            mention = self.by_first.get(index)
            person = self.cast.at(mention) if mention is not None else None
            if person is not None and person not in self.exclude and person not in named:
                named.append(person)
            index -= 1
        fitting = [
            p for p in named if self.cast.people[p].gender in {gender, None} and p != self.last_speaker
        ]
        return fitting[0] if len(fitting) == 1 else None

    def _titled_in_section(self, noun: str, section: str | None) -> int | None:
        """ "the doctor" in a section where one Dr. is named (far) more than any other is that Dr."""
        titles = _NOUN_TITLES.get(noun)
        if not titles:
            return None
        if (noun, section) in self.titled_cache:
            return self.titled_cache[(noun, section)]
        seen: Counter[int] = Counter()
        for index, mention in enumerate(self.cast.mentions):
            person = self.cast.at(index)
            if person is None or self.section(mention.first) != section:
                continue
            if any(form.split()[0].rstrip(".").lower() in titles for form in self.cast.people[person].forms):
                seen[person] += 1
        if not seen:
            self.titled_cache[(noun, section)] = None
            return None
        (best, count), *rest = seen.most_common()
        found = best if not rest or count >= 2 * rest[0][1] else None
        self.titled_cache[(noun, section)] = found
        return found

    def _possessive(self, owner: int, noun: str, start: int, end: int) -> tuple[int, int, str] | None:
        """ "Scrooge's nephew": a person of its own, the first time it speaks."""
        if noun in PRONOUNS or not noun.isalpha() or noun not in _ROLE_NOUNS:
            return None
        key = (owner, noun)
        if key not in self.possessive:
            tokens = self.book.tokens
            phrase = self.book.text[tokens[start].start : tokens[end - 1].end]
            paragraph = self.book.paragraphs[self.book.sentences[tokens[start].sentence].paragraph]
            owner_name = self.cast.people[owner].name.split()[-1]
            person = Person((*self.cast.people[owner].key, noun), f"{owner_name}'s {noun}", basis="epithet")
            person.gender = gender_word(noun)
            person.forms[phrase.replace("\n", " ")] += 1
            person.origin = (owner, noun, phrase, paragraph.section or "", paragraph.period)
            self.cast.people.append(person)
            self.possessive[key] = len(self.cast.people) - 1
        self.cast.people[self.possessive[key]].uses += 1
        return self.possessive[key], end, "epithet"

    def pronoun(self, before: int, gender: str) -> int | None:
        """The nearest earlier character mention of ``gender`` (or unknown gender) in narrative."""
        tokens = self.book.tokens
        paragraph = self.book.sentences[tokens[min(before, len(tokens) - 1)].sentence].paragraph
        floor = self.book.paragraphs[max(0, paragraph - 3)].start
        index = before - 1
        while index >= 0 and tokens[index].start >= floor:
            mention = self.by_first.get(index)
            if mention is not None and not tokens[index].quoted:
                person = self.cast.at(mention)
                if (
                    person is not None
                    and person not in self.exclude
                    and self.cast.people[person].gender in {gender, None}
                ):
                    return person
            index -= 1
        return None


def _tag(book: Book, resolver: _Resolver, turn: Turn) -> Attribution | None:
    """A speech verb beside one of the turn's segments, with its speaker."""
    tokens = book.tokens
    quote_token = book.token_range(turn.start - 1, turn.start + 1).start
    resolver.exclude = set(turn.vocatives)
    for segment in turn.segments:
        paragraph_end = max(book.paragraphs[i].end for i in turn.paragraphs)
        window: list[int] = []
        for i in book.token_range(segment.end, min(paragraph_end, segment.end + 80)):
            if tokens[i].quoted or len(window) == 8:
                break  # the tag ends where the next quote starts
            window.append(i)
        found = _tag_in(book, resolver, window, quote_token)
        if found:
            return found
    first = turn.segments[0]
    paragraph = book.paragraphs[turn.paragraphs[0]]
    before = [i for i in book.token_range(paragraph.start, first.start) if not tokens[i].quoted][-8:]
    return _tag_in(book, resolver, before, quote_token)


def _tag_in(book: Book, resolver: _Resolver, window: list[int], quote_start: int) -> Attribution | None:
    tokens = book.tokens
    for position, index in enumerate(window):
        if not is_speech_verb(tokens[index].text):
            continue
        # VERB REF: "said Scrooge", "returned the nephew", "said he"
        nxt = window[position + 1] if position + 1 < len(window) else index + 1
        found = resolver.at(nxt, quote_start)
        if found:
            return _attribution(book, found, tokens[index].start, tokens[found[1] - 1].end)
        # REF [adverb] VERB: "Scrooge said", "the Ghost replied", "he said"
        for back in range(1, _ADVERB_SLACK + 3):
            if position - back < 0:
                break
            start = window[position - back]
            found = resolver.at(start, quote_start)
            if found and found[1] <= index + 1:
                return _attribution(book, found, tokens[start].start, tokens[index].end)
    return None


def _attribution(book: Book, found: tuple[int, int, str], start: int, end: int) -> Attribution:
    person, _end, kind = found
    confidence = {"name": 0.95, "narrator": 0.9, "epithet": 0.85, "pronoun": 0.8, "nameless": 0.75}[kind]
    evidence = book.text[start:end]
    return Attribution(person, "speech-tag", confidence, evidence, start, end)


def _paragraph_speaker(book: Book, resolver: _Resolver, turn: Turn) -> Attribution | None:
    paragraph: Paragraph = book.paragraphs[turn.paragraphs[0]]
    tokens = book.tokens
    people: dict[int, tuple[int, int]] = {}
    quote_token = book.token_range(turn.start - 1, turn.start + 1).start
    for index in book.token_range(paragraph.start, paragraph.end):
        if tokens[index].quoted or tokens[index].text.lower() in {"he", "she"}:
            continue
        found = resolver.at(index, quote_token)
        if found is not None and found[0] not in turn.vocatives:
            people.setdefault(found[0], (tokens[index].start, tokens[found[1] - 1].end))
    if len(people) == 1:
        ((person, (start, end)),) = people.items()
        phrase_end = min(paragraph.end, end + 30)
        phrase = book.text[start:phrase_end]
        phrase = phrase.rsplit(" ", 1)[0] if len(phrase) > end - start + 3 else phrase
        return Attribution(person, "paragraph-speaker", 0.7, phrase.strip())
    return None


def _vocatives(book: Book, resolver: _Resolver, turn: Turn) -> list[int]:
    """People named inside the quote as the one spoken to: a name set off by commas or an
    exclamation at a clause edge ("Fred!", "..., Scrooge.")."""
    tokens = book.tokens
    found: list[int] = []
    for segment in turn.segments:
        for index in book.token_range(segment.start, segment.end):
            mention = resolver.by_first.get(index)
            if mention is None:
                continue
            person = resolver.cast.at(mention)
            last = resolver.cast.mentions[mention].last
            if person is not None and resolver.cast.mentions[mention].vocative and person not in found:
                found.append(person)
                turn.vocative_spans[person] = (tokens[index].start, tokens[last - 1].end)
    return found


def attribute(book: Book, cast: Cast) -> list[Turn]:
    """Find every speech and attribute it by the sieve."""
    resolver = _Resolver(book, cast)
    turns = find_turns(book)
    for position, turn in enumerate(turns):
        turn.vocatives = _vocatives(book, resolver, turn)
        before = turns[position - 1] if position else None
        resolver.last_speaker = before.attribution.speaker if before and before.attribution else None
        turn.attribution = _tag(book, resolver, turn)
    for turn in turns:
        if turn.attribution is None and turn.tagged:
            turn.attribution = _paragraph_speaker(book, resolver, turn)
    _answering_epithets(cast, turns)
    # Vocatives and turn-taking along runs of consecutive speeches.
    for position, turn in enumerate(turns):
        if turn.attribution is not None:
            continue
        previous = turns[position - 1] if position else None
        adjacent = previous is not None and previous.paragraphs[-1] >= turn.paragraphs[0] - 1
        if adjacent and previous is not None and previous.vocatives and previous.attribution:
            addressed = [p for p in previous.vocatives if p != previous.attribution.speaker]
            if addressed:
                phrase = _phrase(book, previous)
                turn.attribution = Attribution(addressed[0], "vocative", 0.65, phrase)
                continue
        before2 = turns[position - 2] if position >= 2 else None
        if (
            adjacent
            and before2 is not None
            and previous is not None
            and before2.paragraphs[-1] >= previous.paragraphs[0] - 1
            and before2.attribution
            and previous.attribution
            and before2.attribution.speaker != previous.attribution.speaker
        ):
            turn.attribution = Attribution(
                before2.attribution.speaker, "turn-taking", 0.6, before2.attribution.evidence
            )
            turn.addressees = [previous.attribution.speaker]
            continue
    for position, turn in enumerate(turns):
        if turn.attribution is None:
            start_token = book.token_range(turn.start, turn.start + 1).start
            previous = turns[position - 1] if position else None
            # Two paragraphs of speech in a row are rarely one speaker's: not the last speaker.
            last_speaker = (
                previous.attribution.speaker
                if previous and previous.attribution and previous.paragraphs[-1] >= turn.paragraphs[0] - 1
                else None
            )
            person = _nearest(book, resolver, start_token, last_speaker)
            if person is not None:
                turn.attribution = Attribution(person[0], "nearest-mention", 0.3, person[1])
        if turn.attribution and not turn.addressees:
            turn.addressees = [p for p in turn.vocatives if p != turn.attribution.speaker]
    return turns


def _answering_epithets(cast: Cast, turns: list[Turn]) -> None:
    """A person known by an epithet ("Scrooge's nephew") who answers, twice or more, to a name
    called out in the speech before ("Fred!") is that named person: their speeches and ties move
    to the name, and the epithet becomes an alias."""
    votes: dict[int, Counter[int]] = {}
    for before, turn in itertools.pairwise(turns):
        answer = turn.attribution
        if answer is None or answer.method != "speech-tag" or before.paragraphs[-1] < turn.paragraphs[0] - 1:
            continue
        if cast.people[answer.speaker].basis not in {"epithet", "nameless"}:
            continue
        origin = cast.people[answer.speaker].origin
        owner = origin[0] if origin else None
        for called in before.vocatives:
            # Scrooge's nephew is not Scrooge: the owner of the epithet is never the one it names.
            if called != owner and cast.people[called].basis not in {"epithet", "nameless", "narrator"}:
                votes.setdefault(answer.speaker, Counter())[called] += 1
    for epithet, counter in votes.items():
        (name, count), *rest = counter.most_common()
        possessive = cast.people[epithet].basis == "epithet"  # "Scrooge's nephew" is one person
        if (count < 2 and not (possessive and not rest)) or (rest and rest[0][1] * 2 > count):
            continue
        person = cast.people[epithet]
        person.merged_into = name
        cast.people[name].epithets.add(person.name)
        cast.people[name].references.update(person.references)
        for turn in turns:
            if turn.attribution and turn.attribution.speaker == epithet:
                turn.attribution.speaker = name
            turn.addressees = [name if p == epithet else p for p in turn.addressees]
            turn.vocatives = [name if p == epithet else p for p in turn.vocatives]
            if epithet in turn.vocative_spans:
                turn.vocative_spans[name] = turn.vocative_spans.pop(epithet)


def _phrase(book: Book, turn: Turn) -> str:
    """A short verbatim phrase from the start of a turn's quote."""
    text = book.text[turn.segments[0].start : turn.segments[0].end]
    words = text.split()
    return " ".join(words[:8]) if len(" ".join(words[:8])) >= 3 else text


def _nearest(book: Book, resolver: _Resolver, before: int, skip: int | None = None) -> tuple[int, str] | None:
    tokens = book.tokens
    paragraph = book.sentences[tokens[min(before, len(tokens) - 1)].sentence].paragraph
    floor = book.paragraphs[max(0, paragraph - 2)].start
    index = before - 1
    while index >= 0 and tokens[index].start >= floor:
        mention = resolver.by_first.get(index)
        if mention is not None and not tokens[index].quoted:
            person = resolver.cast.at(mention)
            if person is not None and person != skip:
                m = resolver.cast.mentions[mention]
                return person, book.text[m.start : m.end]
        index -= 1
    return None
