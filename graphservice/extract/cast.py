"""The cast: mentions clustered into characters, with aliases, gender, epithets and a narrator.

Rules, in order (each documented in docs/extraction.md):

1. **Who is a person.** A name is a person when an honorific leads it (Mr. Utterson), when a
   speech verb stands beside it (said Poole), or when it recurs away from the start of sentences
   and the text does not mostly write it in lower case (a capitalised common noun) nor put it after
   place prepositions (in Soho). Names seen only once, and not speaking, are left out: the merely
   mentioned.
2. **Full names anchor clusters.** A name of two or more words (Henry Jekyll, Bob Cratchit) is a
   character; an honorific with a surname joins the full name with that surname and a compatible
   gender (Mr. Hyde → Edward Hyde; Mrs. Cratchit stays apart from Bob Cratchit); a bare first
   name or surname joins the one cluster it can belong to, the most mentioned if several can.
3. **Titles.** "the Ghost of Christmas Past" is a character by its title; within a section, the
   title's head word with a capital ("the Ghost", "the Spirit") refers to the section's titled
   character; a capitalised possessive ("Marley's Ghost") is its owner.
4. **Epithets.** An appositive ties a role to a name ("Mr. Utterson the lawyer", "Poole, the
   butler"), so "said the lawyer" resolves; a possessive role used as a speaker ("Scrooge's
   nephew") becomes a character of its own when no name is tied to it.
5. **Explicit aliases.** "calls himself X", "under the name of X", "known as X" join X to the
   character the sentence is about.
6. **The narrator.** A section told in the first person has a narrator: the character its heading
   names ("Dr. Lanyon's Narrative"), or else one narrator character for the book.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from graphservice.extract.epithets import explicit_aliases, narrators, roles, section_titles
from graphservice.extract.mentions import HONORIFICS, PRONOUNS, Mention, find_mentions, name_key
from graphservice.extract.passages import Book
from graphservice.extract.people import (
    Cast,
    Person,
    bare_name,
    form_of,
    gender_of_first_name,
    same_first,
)

__all__ = ["build_cast"]

_PLACE_WORDS = frozenset(
    "street square road lane court hall house park hill church bank exchange city town river bridge "
    "gate row place terrace inn tavern market castle abbey college school hospital station island bay "
    "county".split()
)


def _lower_counts(book: Book) -> Counter[str]:
    counts: Counter[str] = Counter()
    for token in book.tokens:
        if token.text[:1].islower():
            counts[token.text.lower()] += 1
    return counts


def _pronoun_votes(book: Book, mention: Mention) -> str | None:
    """The gender of the first personal pronoun after a narrative mention, in its sentence or the next."""
    sentence = book.sentences[mention.sentence]
    stop = (
        book.sentences[mention.sentence + 1].last
        if mention.sentence + 1 < len(book.sentences)
        else sentence.last
    )
    for token in book.tokens[mention.last : stop]:
        if token.quoted:
            continue
        gender = PRONOUNS.get(token.text.lower())
        if gender:
            return gender
    return None


@dataclass(slots=True)
class _Name:
    key: tuple[str, ...]
    mentions: list[int] = field(default_factory=list)
    honorifics: Counter[str] = field(default_factory=Counter)
    noninitial: int = 0
    speech: int = 0
    place: int = 0
    titled: int = 0
    votes: Counter[str] = field(default_factory=Counter)


def _entry_key(mention: Mention) -> tuple[str, ...]:
    """A single name under a woman's honorific is its own name: Mrs. Cratchit is not Cratchit."""
    if len(mention.key) == 1 and mention.honorific and HONORIFICS.get(mention.honorific) == "female":
        return ("\u2640", *mention.key)
    return mention.key


def _trimmed(book: Book, found: list[Mention]) -> list[Mention]:
    """Mentions with the words the text mostly writes in lower case taken off multi-word runs
    ("Merry Christmas", "Old Marley", "Up Scrooge"): adjectives and nouns, not parts of a name."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for token in book.tokens:
        (capital if token.text[:1].isupper() else lower)[token.text.lower()] += 1
    kept: list[Mention] = []
    for mention in found:
        if len(mention.words) > 1 and "of" not in mention.words:  # a title keeps its words
            words = tuple(w for w in mention.words if not _common(name_key((w,))[0], lower, capital))
            if not words:
                continue
            if words != mention.words:
                mention = replace(mention, words=words)
        kept.append(mention)
    return kept


def _common(word: str, lower: Counter[str], capital: Counter[str]) -> bool:
    return lower[word] >= 3 and lower[word] >= 2 * capital[word]


def build_cast(book: Book) -> Cast:
    """Cluster the book's mentions into characters."""
    mentions = _trimmed(book, list(find_mentions(book)))
    lower = _lower_counts(book)
    names: dict[tuple[str, ...], _Name] = {}
    for i, mention in enumerate(mentions):
        if book.paragraphs[book.sentences[mention.sentence].paragraph].period < 0:
            continue  # front matter (a title page, a preface) names no characters of its own
        key = _entry_key(mention)
        entry = names.setdefault(key, _Name(key))
        entry.mentions.append(i)
        if mention.honorific:
            entry.honorifics[mention.honorific] += 1
        entry.noninitial += 0 if mention.initial else 1
        entry.speech += mention.speech or mention.vocative  # spoken to by name is as good as speaking
        entry.place += mention.place
        entry.titled += mention.titled
        if not mention.quoted:
            vote = _pronoun_votes(book, mention)
            if vote:
                entry.votes[vote] += 1

    def is_person(entry: _Name) -> bool:
        key = entry.key
        if key[-1] in _PLACE_WORDS:
            return False
        total = len(entry.mentions)
        plural = key[-1]
        if (
            len(key) <= 2
            and plural.endswith("s")
            and any(plural[:-1] == other[-1] for other in names if other != key)
        ):
            return False  # "the Cratchits", "the Miss Fezziwigs": a family, not one more person
        if entry.honorifics:
            return True
        if entry.titled and len(key) >= 3 and "of" in key:
            return total >= 2 or entry.speech > 0
        if entry.titled >= total / 2:
            return False  # "the Exchange", "the Spirit": an epithet, resolved per section
        if len(key) >= 2:
            # Two capitalised words are a name even first in a sentence; once is enough when the
            # text also uses a part of it (Bob Cratchit ... Bob).
            return (
                total >= 2
                or any((word,) in names for word in key)
                or any(other != key and len(other) >= 2 and other[-1] == key[-1] for other in names)
            )
        if entry.noninitial == 0 and entry.speech == 0:
            return False
        single = key[0] if len(key) == 1 else None
        if single and lower[single] >= max(1, entry.noninitial) * 0.35:
            return False  # mostly written in lower case: a common noun
        if entry.place > total / 2:
            return False
        return total >= 2 or entry.speech > 0

    persons = {key: entry for key, entry in names.items() if is_person(entry)}
    if book.structure.author:  # the author's own name, on a title page or in a study guide's prose
        author_words = set(name_key(tuple(book.structure.author.split())))
        persons = {key: entry for key, entry in persons.items() if not set(key) <= author_words}

    def gender_of(entry: _Name) -> str | None:
        if entry.key[0] == "\u2640":
            return "female"
        for honorific, _ in entry.honorifics.most_common():
            if HONORIFICS.get(honorific):
                return HONORIFICS[honorific]
        by_name = gender_of_first_name(entry.key[0])
        if by_name:
            return by_name
        if entry.votes:
            (top, votes), *rest = entry.votes.most_common()
            if not rest or votes >= 2 * rest[0][1]:
                return top
        return None

    people: list[Person] = []
    cluster_of: dict[tuple[str, ...], int] = {}

    def add(key: tuple[str, ...], basis: str) -> int:
        entry = persons[key]
        first = mentions[entry.mentions[0]]
        people.append(Person(key, form_of(first), gender=gender_of(entry), basis=basis))
        cluster_of[key] = len(people) - 1
        return len(people) - 1

    titled_keys = {k for k, e in persons.items() if e.titled and len(k) >= 3 and "of" in k}
    full = sorted(
        (k for k in persons if len(k) >= 2 and k not in titled_keys and k[0] != "\u2640"),
        key=lambda k: -len(persons[k].mentions),
    )
    for key in full:
        # A longer or shorter form of a full name already seen joins it (Gabriel John Utterson).
        home = next(
            (
                cluster
                for other, cluster in cluster_of.items()
                if len(other) >= 2
                and other[-1] == key[-1]
                and (same_first(other[0], key[0]) or key[0] in other or other[0] in key)
            ),
            None,
        )
        if home is None:
            add(key, "full-name")
        else:
            cluster_of[key] = home
    for key in sorted(titled_keys):
        add(key, "title")

    def candidates(
        word: str, positions: tuple[int, ...], gender: str | None, honorific: str | None = None, seen: int = 0
    ) -> list[int]:
        found: list[int] = []
        for key, cluster in cluster_of.items():
            if len(key) < 2 or key[0] == "\u2640" or key in titled_keys or cluster in found:
                continue
            if people[cluster].basis == "title":
                continue
            if not any(
                key[position] == word or (position == 0 and same_first(key[0], word))
                for position in positions
            ):  # "Robert" joins Bob Cratchit: a first name matches its short forms
                continue
            if positions == (0,) and len(persons[key].mentions) == 1 and seen >= 5:
                continue  # "Joe" said often is not the "Joe Miller" of one joke
            theirs = people[cluster].gender
            if gender and theirs and gender != theirs:
                continue
            if (
                honorific
                and HONORIFICS.get(honorific) == "female"
                and honorific not in persons[key].honorifics
                and key[-1] == word  # "Miss Belinda" may be Belinda Cratchit; "Mrs. Cratchit" is not
            ):
                continue  # Mrs. Cratchit joins no first-named Cratchit unless that name was "Mrs." too
            found.append(cluster)
        return found

    def weight(cluster: int) -> int:
        """How often the cluster's full names are used: "Cratchit" goes to the Cratchit most named."""
        return sum(len(persons[k].mentions) for k, c in cluster_of.items() if c == cluster and len(k) >= 2)

    singles = sorted(
        (k for k in persons if len(k) == 1 or k[0] == "\u2640"), key=lambda k: -len(persons[k].mentions)
    )
    for honoured in (True, False):  # names under an honorific first: they carry gender
        for key in singles:
            entry = persons[key]
            if key in cluster_of or bool(entry.honorifics) != honoured:
                continue
            word = key[-1]
            gender = gender_of(entry)
            # Under Sir, Lady, Miss or Uncle the name may be a first name (Sir Danvers).
            honorific = entry.honorifics.most_common(1)[0][0] if entry.honorifics else None
            seen = len(entry.mentions)
            found = candidates(word, (-1,), gender, honorific) or candidates(
                word, (0,), gender, honorific, seen
            )
            if found:
                cluster_of[key] = max(found, key=weight)
            else:
                add(key, "name")

    # A part of a full name joins it even when seen once ("Everyone trusted Silas.").
    for key, entry in names.items():
        if key in cluster_of or len(key) != 1 or not entry.noninitial:
            continue
        found = candidates(key[0], (-1,), None) or candidates(key[0], (0,), None)
        if len(found) == 1:
            cluster_of[key] = found[0]

    owner: dict[int, int] = {}
    for i, mention in enumerate(mentions):
        cluster = cluster_of.get(_entry_key(mention))
        if cluster is not None:
            owner[i] = cluster
            people[cluster].mentions.append(i)
            people[cluster].forms[form_of(mention)] += 1

    titles = section_titles(book, mentions, owner, people)
    role_of = roles(book, mentions, owner)
    for honorific in ("uncle", "aunt"):  # "Uncle Scrooge" is "the uncle"
        titled = {owner[i] for i, m in enumerate(mentions) if m.honorific == honorific and i in owner}
        if len(titled) == 1:
            role_of.setdefault(honorific, next(iter(titled)))
    explicit_aliases(book, mentions, owner, people)
    tellers = narrators(book, mentions, owner, people)
    for person in people:
        person.mentions.sort()
        if person.basis in {"full-name", "title"}:
            # The fullest name, preferably as the text gives it without an honorific.
            best = max(
                person.forms,
                key=lambda form: (
                    sum(1 for word in bare_name(form).split() if len(word.rstrip(".")) > 1),  # not initials
                    form == bare_name(form),
                    person.forms[form],
                ),
                default=person.name,
            )
            person.name = bare_name(best) if len(bare_name(best).split()) >= 2 else best
        elif person.forms:
            person.name = person.forms.most_common(1)[0][0]
    return Cast(people, mentions, owner, role_of, titles, tellers)
