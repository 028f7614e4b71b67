"""The people a draft is about: a drafted character (Person), the cast that resolves mentions to
them, and the small English lexicons of first names and short forms used to tell their gender and
to join "Harry" to "Henry". Plain data; the rules that build it are in cast.py and epithets.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graphservice.extract.mentions import FEMALE_WORDS, HONORIFICS, MALE_WORDS, Mention

__all__ = [
    "Cast",
    "Person",
    "bare_name",
    "display",
    "form_of",
    "gender_of_first_name",
    "gender_word",
    "same_first",
]

_MALE_NAMES = frozenset(
    "adam albert alexander alfred andrew arthur benjamin bob charles charley christopher daniel david "
    "dick ebenezer edward edwin frank fred frederick george gilbert harry henry herbert hugh jack "
    "jacob james jem jim joe john jonathan joseph lewis martin matthew michael nathaniel ned nicholas "
    "oliver paul peter philip ralph richard robert samuel simon stephen thomas tim timothy tom walter "
    "william tommy rod".split()
)
_FEMALE_NAMES = frozenset(
    "agnes alice ann anna anne belinda belle betsy caroline catherine charlotte clara dora edith "
    "eleanor eliza elizabeth ellen emily emma esther fanny florence grace hannah harriet helen jane "
    "jenny julia kate kathy katherine lucy margaret maria martha mary nancy nell peggy polly rachel "
    "rose ruth sarah sophia susan chrissie".split()
)


@dataclass(slots=True)
class Person:
    """One drafted character."""

    key: tuple[str, ...]
    """The words of its fullest name, lower-case: its identity while drafting."""
    name: str
    forms: Counter[str] = field(default_factory=Counter)
    """Every surface form seen, with its count."""
    gender: str | None = None
    mentions: list[int] = field(default_factory=list)
    """Indices into Cast.mentions."""
    narrator: bool = False
    epithets: set[str] = field(default_factory=set)
    basis: str = "name"
    """How it was found: name, full-name, title, epithet or narrator."""
    uses: int = 0
    """References by epithet ("the nephew") on top of its name mentions."""
    references: Counter[str] = field(default_factory=Counter)
    """Epithets the text names this person by where it resolves them ("the lawyer", "the Spirit")."""
    first_period: int | None = None
    """For a person known only by epithets: the period where the text first refers to them."""
    merged_into: int | None = None
    """Another person this one turned out to be (an epithet answered to a name); kept for its ties."""
    origin: tuple[int, str, str, str, int] | None = None
    """For a person known by another's noun: (owner, noun, verbatim phrase, heading, period)."""

    @property
    def count(self) -> int:
        return len(self.mentions) + self.uses

    @property
    def aliases(self) -> list[str]:
        seen = {self.name.lower()}
        out: list[str] = []
        for form, _ in self.forms.most_common():
            if form.lower() not in seen:
                seen.add(form.lower())
                out.append(form)
        return out


@dataclass(slots=True)
class Cast:
    """Characters and the resolution of every mention, epithet and first-person section."""

    people: list[Person]
    mentions: list[Mention]
    owner: dict[int, int]
    """Mention index → person index."""
    roles: dict[str, int]
    """A role noun tied to one person ("lawyer" → Utterson)."""
    section_titles: dict[tuple[str | None, str], int]
    """(section, capitalised head word) → person: "the Ghost" in Stave II."""
    narrators: dict[str | None, int]
    """Section heading → the person who says "I" there."""

    def at(self, index: int) -> int | None:
        """The person mention ``index`` refers to, if it is one."""
        return self.owner.get(index)


def display(words: tuple[str, ...]) -> str:
    shown = []
    for word in words:
        bare = word.rstrip(".") if len(word.rstrip(".")) > 1 else word
        if bare.isupper() and len(bare) > 1:
            bare = bare.capitalize()
        shown.append(bare)
    return " ".join(shown)


def form_of(mention: Mention) -> str:
    words = display(mention.words)
    if mention.honorific:
        title = mention.honorific.capitalize()
        dotted = title in {"Mr", "Mrs", "Dr", "Ms", "Mme", "Mlle", "Rev"}
        return f"{title}{'.' if dotted else ''} {words}"
    return words


def gender_of_first_name(word: str) -> str | None:
    word = word.lower().rstrip(".")
    if word in _MALE_NAMES:
        return "male"
    if word in _FEMALE_NAMES:
        return "female"
    return None


_NICKNAMES = {
    "harry": "henry", "hal": "henry", "bob": "robert", "rob": "robert", "bill": "william",
    "will": "william", "tom": "thomas", "dick": "richard", "ned": "edward", "ted": "edward",
    "jack": "john", "jim": "james", "jem": "james", "joe": "joseph", "sam": "samuel", "ben": "benjamin",
    "fred": "frederick", "kate": "katherine", "kitty": "katherine", "bess": "elizabeth", "betsy": "elizabeth",
    "liz": "elizabeth", "peggy": "margaret", "meg": "margaret", "polly": "mary", "molly": "mary",
    "nell": "ellen", "fanny": "frances", "sally": "sarah", "tim": "timothy",
}  # fmt: skip


def same_first(one: str, other: str) -> bool:
    """First names of one person: equal, or a common English short form of the other (Harry, Henry)."""
    return _NICKNAMES.get(one, one) == _NICKNAMES.get(other, other)


def bare_name(form: str) -> str:
    words = form.split()
    while words and words[0].rstrip(".").lower() in HONORIFICS:
        words = words[1:]
    return " ".join(words) or form


def gender_word(word: str) -> str | None:
    """The gender a common noun implies (man, wife, uncle ...), if any."""
    word = word.lower()
    if word in MALE_WORDS:
        return "male"
    if word in FEMALE_WORDS:
        return "female"
    return None
