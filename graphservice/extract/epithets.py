"""Rules applied once names are clustered: titles and capitalised epithets per section ("the
Spirit"), roles tied by appositives ("Mr. Utterson the lawyer"), aliases the text states ("calls
himself Hyde"), and who says "I" in each first-person section (see cast.py's rules 3 to 6)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from graphservice.extract.mentions import HONORIFICS, Mention, name_key
from graphservice.extract.passages import Book
from graphservice.extract.people import Person, form_of

__all__ = ["explicit_aliases", "narrators", "roles", "section_titles"]

_ALIAS_CUES = re.compile(
    r"\b(?:calls? (?:him|her)self|called (?:him|her)self|under the name of|known as|went by the name of|"
    r"goes by the name of|signed)\s+$",
    re.IGNORECASE,
)


_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})


_HEADING_OWNER = re.compile(r"^(?P<name>.+?)[’']S\b", re.IGNORECASE)


def _surface(mentions: list[Mention], index: int) -> str:
    return " ".join(mentions[index].words)


def _section_of(book: Book, mention: Mention) -> str | None:
    return book.paragraphs[book.sentences[mention.sentence].paragraph].section


def section_titles(
    book: Book, mentions: list[Mention], owner: dict[int, int], people: list[Person]
) -> dict[tuple[str | None, str], int]:
    """(section, capitalised head) → person: the titled character, or the owner of "X's Ghost"."""
    counts: dict[tuple[str | None, str], Counter[int]] = defaultdict(Counter)
    possessed: Counter[tuple[int, str]] = Counter()
    for i, mention in enumerate(mentions):
        cluster = owner.get(i)
        section = _section_of(book, mention)
        if cluster is not None and people[cluster].basis == "title":
            counts[(section, mention.key[0])][cluster] += 1
        if cluster is not None and mention.possessive and mention.last + 1 < len(book.tokens):
            head = book.tokens[mention.last + 1].text
            if head[:1].isupper() and head.isalpha() and not book.tokens[mention.last + 1].quoted:
                counts[(section, head.lower())][cluster] += 1
                surface = " ".join(book.text[mention.start : book.tokens[mention.last + 1].end].split())
                possessed[(cluster, surface)] += 1
    table: dict[tuple[str | None, str], int] = {}
    for key, counter in counts.items():
        table[key] = counter.most_common(1)[0][0]
    # A section's only titled character also answers to the other capitalised heads used there
    # ("the Spirit" where the title is "the Ghost of Christmas Past").
    by_section: dict[str | None, set[int]] = defaultdict(set)
    for (section, _head), cluster in table.items():
        by_section[section].add(cluster)
    speaking: set[tuple[str | None, str]] = set()
    for i, mention in enumerate(mentions):
        if i not in owner and mention.titled and len(mention.key) == 1 and mention.speech:
            speaking.add((_section_of(book, mention), mention.key[0]))
    for section, head in speaking:
        if (section, head) not in table and len(by_section.get(section, ())) == 1:
            table[(section, head)] = next(iter(by_section[section]))
    for (cluster, surface), seen in possessed.items():
        if seen >= 2:  # "Marley's Ghost", said more than once, is a name for Marley
            people[cluster].epithets.add(surface)
    return table


_NOT_ROLES = frozenset(
    "other others last first same next former latter whole own very only one two three rest more most".split()
)


_BEFORE_APPOSITIVE = re.compile(
    r"\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?:old|young|head|good)\s+)?([a-z]+),\s*$"
)


_APPOSITIVE = re.compile(
    r"^\s*,?\s*(?:the|his|her|their|our|my)\s+(?:(?:old|young|head|own|good|late)\s+)?([a-z]+)\b"
)


def roles(book: Book, mentions: list[Mention], owner: dict[int, int]) -> dict[str, int]:
    """Role nouns an appositive ties to exactly one person: "Mr. Utterson the lawyer"."""
    seen: dict[str, Counter[int]] = defaultdict(Counter)
    for i, mention in enumerate(mentions):
        cluster = owner.get(i)
        if cluster is None or mention.quoted:
            continue
        head = _BEFORE_APPOSITIVE.search(book.text[max(0, mention.start - 40) : mention.start])
        if head and head.group(1) not in _NOT_ROLES:
            seen[head.group(1)][cluster] += 2  # "His clerk, Tobias Venn"
        tail = book.text[mention.end : mention.end + 40]
        match = _APPOSITIVE.match(tail)
        if match and match.group(1) not in _NOT_ROLES and not mention.possessive:
            # "Mr. Utterson the lawyer" names a role; "Edward Hyde, the lawyer ..." may start a clause.
            seen[match.group(1)][cluster] += 1 if "," in tail[: match.start(1)] else 2
    roles: dict[str, int] = {}
    for noun, counter in seen.items():
        (best, score), *rest = counter.most_common()
        if not rest or score >= 2 * rest[0][1]:
            roles[noun] = best
    return roles


def explicit_aliases(
    book: Book, mentions: list[Mention], owner: dict[int, int], people: list[Person]
) -> None:
    """ "calls himself Hyde": the named form joins the person the sentence was about."""
    for i, mention in enumerate(mentions):
        before = book.text[max(0, mention.start - 40) : mention.start]
        if not _ALIAS_CUES.search(before):
            continue
        subjects = [
            j for j in range(max(0, i - 6), i) if mentions[j].sentence == mention.sentence and j in owner
        ]
        if not subjects:
            continue
        target = owner[subjects[-1]]
        current = owner.get(i)
        if current is None or current == target:
            owner[i] = target
            people[target].forms[form_of(mention)] += 1
            continue
        # Both are people: the text says they are one; record the alias, keep both nodes.
        people[target].epithets.add(form_of(mention))


def narrators(
    book: Book, mentions: list[Mention], owner: dict[int, int], people: list[Person]
) -> dict[str | None, int]:
    """Sections told in the first person, and who tells them."""
    first: Counter[str | None] = Counter()
    words: Counter[str | None] = Counter()
    for token in book.tokens:
        paragraph = book.paragraphs[book.sentences[token.sentence].paragraph]
        if token.quoted or paragraph.period < 0:  # a preface's "I" is the author's
            continue
        section = paragraph.section
        words[section] += 1
        if token.text.lower() in _FIRST_PERSON:
            first[section] += 1
    narrated = [s for s in words if words[s] >= 100 and first[s] / words[s] >= 0.012]
    table: dict[str | None, int] = {}
    book_narrator: int | None = None
    for section in narrated:
        owner_name = _HEADING_OWNER.match(section or "")
        cluster = None
        if owner_name:
            key = name_key(
                tuple(w for w in owner_name.group("name").split() if w.rstrip(".").lower() not in HONORIFICS)
            )
            cluster = next(
                (owner[i] for i, m in enumerate(mentions) if m.key[-len(key) :] == key and i in owner), None
            )
        if cluster is None:
            if book_narrator is None:
                people.append(Person(("narrator",), "The narrator", basis="narrator", narrator=True))
                book_narrator = len(people) - 1
            cluster = book_narrator
        people[cluster].narrator = True
        table[section] = cluster
    return table
