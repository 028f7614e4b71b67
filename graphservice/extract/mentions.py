"""Name mentions: runs of capitalised words that may name a person, with what surrounds them.

A mention is a run of capitalised words (an honorific may lead it: Mr., Mrs., Miss, Dr., Sir ...;
``the`` and ``of`` may join a title: "the Ghost of Christmas Past", "the King of Bohemia"). Each
mention keeps the evidence the cast is built from: was it the first word of a sentence (where any
word is capitalised), was it inside quoted speech, did a speech verb stand beside it, did a place
preposition come before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graphservice.extract.passages import Book, Token

__all__ = [
    "FEMALE_WORDS",
    "HONORIFICS",
    "MALE_WORDS",
    "PRONOUNS",
    "SPEECH_VERBS",
    "Mention",
    "find_mentions",
    "is_speech_verb",
    "name_key",
]

HONORIFICS: dict[str, str | None] = {
    "mr": "male", "mister": "male", "sir": "male", "lord": "male", "master": "male", "monsieur": "male",
    "uncle": "male", "aunt": "female",
    "mrs": "female", "miss": "female", "ms": "female", "madam": "female", "madame": "female",
    "lady": "female", "mme": "female", "mlle": "female", "mistress": "female",
    "dr": None, "doctor": None, "captain": None, "colonel": None, "major": None, "general": None,
    "inspector": None, "professor": None, "reverend": None, "rev": None, "judge": None,
}  # fmt: skip
PRONOUNS: dict[str, str] = {
    "he": "male", "him": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
}  # fmt: skip
MALE_WORDS = frozenset("man gentleman boy father son brother uncle nephew husband king lord sir".split())
FEMALE_WORDS = frozenset(
    ["woman", "lady", "girl", "mother", "daughter", "sister", "aunt", "niece", "wife", "queen"]
)
SPEECH_VERBS = frozenset(
    "said says say cried cries asked asks replied replies returned returns answered answers exclaimed "
    "exclaims added adds continued continues observed observes remarked remarks rejoined retorted "
    "repeated repeats whispered whispers shouted shouts muttered murmured called calls began begins "
    "resumed pursued inquired enquired demanded urged pleaded begged sighed sobbed laughed groaned "
    "growled screamed roared faltered stammered interrupted interposed cried declared explained "
    "insisted protested suggested agreed admitted thought went".split()
)
# Capitalised words that do not start a name: function words, pronouns, and the commonest words
# that stand first in a sentence. A name is also refused later when the text mostly writes it in
# lower case, which catches capitalised common nouns of any book.
_NOT_NAMES = frozenset(
    "a an the and but or nor for so yet if then than that this these those there here when where "
    "while what which who whom whose why how all any some no not none each every both either neither "
    "one two three i me my mine we us our you your he him his she her it its they them their is was "
    "are were be been am do did does have has had shall will would should could may might must can oh "
    "ah o yes no well now why indeed alas pray ay nay hush hallo hello halloa good what's upon in on "
    "at by of to from with without into onto over under after before since until about as like just "
    "only even still again also perhaps besides however though although because let come go see look "
    "hark mind sir madam monday tuesday wednesday thursday friday saturday sunday january february "
    "march april may june july august september october november december god heaven heavens lord "
    "christ jesus bible english french england london chapter stave part book christmas easter "
    "michaelmas whitsun new year day eve night morning evening bah humbug hurrah huzza pooh tut hem "
    "ha ho hi hey bravo whoop amen thank thanks bless dear yours farewell goodbye welcome eh er hm "
    "hmm ahem aha oho halloo hilli whoa".split()
)
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z’'\-]*\.?$|^[A-Z]\.$")
_ENDEARMENTS = frozenset({"little", "dear", "my", "poor", "old", "young", "good", "sweet"})
_JOINERS = frozenset({"of", "de", "van", "von", "da", "le", "la", "du"})
_PLACE_PREPOSITIONS = frozenset(
    ["in", "at", "to", "from", "into", "near", "towards", "toward", "through", "across", "past", "round"]
)


def is_speech_verb(word: str) -> bool:
    return word.lower() in SPEECH_VERBS


def name_key(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words as a case-insensitive key, full stops and possessives dropped ("MARLEY" = "Marley")."""
    return tuple(word.rstrip(".").replace("’", "'").lower() for word in words)


@dataclass(frozen=True, slots=True)
class Mention:
    """A run of capitalised words in the text."""

    words: tuple[str, ...]
    """The name's words, without the honorific."""
    honorific: str | None
    """The honorific before it, lower-case without its full stop (``mr``)."""
    start: int
    end: int
    first: int
    """Index of the first token (the honorific's, if any)."""
    last: int
    """Index one past the last token."""
    sentence: int
    initial: bool
    """The first word of its sentence (or of a quoted sentence): capitalised whatever it is."""
    quoted: bool
    titled: bool
    """Introduced by "the" (a title or epithet: the Ghost of Christmas Past)."""
    possessive: bool
    """Followed by 's."""
    speech: bool
    """A speech verb stands right before or after it ("said Scrooge", "Scrooge cried")."""
    vocative: bool
    """Inside a speech, set off as the one spoken to ("Home, little Fan?", "Belle," said he)."""
    place: bool
    """A place preposition comes before it ("in London")."""

    @property
    def key(self) -> tuple[str, ...]:
        return name_key(self.words)


def _is_name_word(token: Token) -> bool:
    text = token.text
    if not _NAME_WORD.match(text):
        return False
    if text.isupper() and 1 < len(text.rstrip(".")) <= 3:
        return False  # a shouted syllable ("EH?", "ER!"), not a name
    bare = text.rstrip(".").replace("’", "'").lower()
    return bare not in _NOT_NAMES or bare in HONORIFICS


def _sentence_initial(book: Book, index: int) -> bool:
    sentence = book.sentences[book.tokens[index].sentence]
    position = index
    while position > sentence.first and book.tokens[position - 1].text in {
        '"',
        "“",
        "‘",
        "'",
        "(",
        "—",
        "-",
        "--",
        "_",
    }:
        position -= 1
    if position == sentence.first:
        return True
    before = book.tokens[position - 1].text
    return before in {'"', "“", ":", ";", "!", "?"} or (book.tokens[index - 1].text in {'"', "“"})


def find_mentions(book: Book) -> Iterator[Mention]:
    """Every run of capitalised words in the book, in reading order."""
    tokens = book.tokens
    count = len(tokens)
    index = 0
    while index < count:
        token = tokens[index]
        if not _is_name_word(token):
            index += 1
            continue
        first = index
        honorific = None
        bare = token.text.rstrip(".").lower()
        if bare in HONORIFICS and index + 1 < count:
            following = index + 1
            if tokens[following].text == "." and following + 1 < count:
                following += 1
            if following < count and _NAME_WORD.match(tokens[following].text):
                honorific = bare
                index = following
        words: list[str] = []
        last = index
        sentence = tokens[index].sentence
        while last < count and tokens[last].sentence == sentence:
            word = tokens[last].text
            repeated = bool(words) and word.rstrip(".").lower() == words[-1].rstrip(".").lower()
            in_title = bool(words) and "of" in words and _NAME_WORD.match(word) is not None
            if (
                (_is_name_word(tokens[last]) or in_title)
                and not repeated
                and (not words or word.rstrip(".").lower() not in HONORIFICS)
            ):
                words.append(word)
                last += 1
                # An initial keeps its full stop as a separate token: "Kathy H." or "H. J."
                if len(word) == 1 and last < count and tokens[last].text == ".":
                    words[-1] = word + "."
                    last += 1
                continue
            if (
                words
                and word in _JOINERS
                and last + 1 < count
                and _NAME_WORD.match(tokens[last + 1].text)
                and first > 0
                and tokens[first - 1].text.lower() == "the"
            ):
                words.append(word)
                last += 1
                continue
            break
        while words and words[-1] in _JOINERS:
            words.pop()
            last -= 1
        if not words:
            index = first + 1
            continue
        before = tokens[first - 1].text if first > 0 else ""
        after = tokens[last].text if last < count else ""
        after2 = tokens[last + 1].text if last + 1 < count else ""
        possessive = after in {"’s", "'s", "’", "'"}
        before2 = tokens[first - 2].text if first > 1 else ""
        speech = (
            is_speech_verb(before)
            or is_speech_verb(after)
            or (after == "," and is_speech_verb(after2))
            or (before.lower() == "the" and is_speech_verb(before2))  # "said the Spirit"
        )
        edge_before = before in {",", '"', "“", "!", "?"} or (
            before.lower() in _ENDEARMENTS and first > 1 and tokens[first - 2].text in {",", '"', "“"}
        )
        vocative = tokens[first].quoted and edge_before and after in {",", "!", "?", ".", '"', "”"}
        yield Mention(
            vocative=vocative,
            words=tuple(words),
            honorific=honorific,
            start=tokens[first].start,
            end=tokens[last - 1].end,
            first=first,
            last=last,
            sentence=sentence,
            initial=_sentence_initial(book, first),
            quoted=tokens[first].quoted,
            titled=before.lower() == "the",
            possessive=possessive,
            speech=speech,
            place=before.lower() in _PLACE_PREPOSITIONS,
        )
        index = last
