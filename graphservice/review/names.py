"""Where the source names a character, group or place: by its name, an alias or a pronoun.

A name matches as a whole word, its leading article dropped ("The Cottages" matches "the
Cottages"), with quotation marks allowed between its words ("Ruth's "possible""). A character's
name keeps its capitals (a person is a proper noun); groups and places match in any case, a plural
name also matches its singular ("Carers" matches "a carer"), and a name of several words also
matches its words in order with up to two others between them ("The house in the seaside town"
matches "a modest house in a seaside town"). A pronoun stands for
an entity only when that entity is named in the pronoun's own sentence or the one before it:
he/she and their forms, or they/them/their, for a character; they/them/their for a group; none for
a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from graphservice.model import Dataset

__all__ = ["Entity", "Mention", "entities", "mentions", "named_spans"]

EntityKind = Literal["character", "group", "place"]

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_SEPARATOR = r"[\s\"\u201c\u201d\u2018\u2019]+"
_GAP = r"\W+(?:\w+\W+){0,2}?"
_FILLERS = frozenset({"the", "a", "an", "of", "in", "at", "on", "to", "and"})
_SINGULAR = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_PLURAL = re.compile(r"\b(?:they|them|their|theirs|themselves)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Entity:
    """A character, group or place, with the pattern that finds its names in a text."""

    slug: str
    kind: EntityKind
    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a text refers to an entity: by a name, or by a pronoun resolved in its context."""

    start: int
    end: int
    pronoun: bool


def entities(data: Dataset) -> dict[str, Entity]:
    """Every character, group and place of ``data`` by slug."""
    found: dict[str, Entity] = {}
    for c in data.characters:
        found[c.slug] = Entity(c.slug, "character", c.name, _pattern([c.name, *c.aliases], True, False))
    for g in data.groups:
        found[g.slug] = Entity(g.slug, "group", g.name, _pattern([g.name, *g.aliases], False, True))
    for p in data.places:
        found[p.slug] = Entity(p.slug, "place", p.name, _pattern([p.name, *p.aliases], False, True))
    return found


def _forms(names: Iterable[str], loose: bool) -> Iterator[str]:
    for name in names:
        bare = _ARTICLE.sub("", name.strip()) or name.strip()
        yield _SEPARATOR.join(re.escape(w) for w in bare.split())
        if loose and len(bare) > 3 and bare.endswith("s") and not bare.endswith("ss"):
            yield _SEPARATOR.join(re.escape(w) for w in bare[:-1].split())
        words = [w for w in bare.split() if w.casefold() not in _FILLERS]
        if loose and len(words) > 1:
            yield _GAP.join(re.escape(w) for w in words)


def _pattern(names: Iterable[str], case_sensitive: bool, loose: bool) -> re.Pattern[str]:
    forms = sorted(set(_forms(names, loose)), key=len, reverse=True)
    alternatives = "|".join(forms)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)


def named_spans(entity: Entity, text: str) -> list[tuple[int, int]]:
    """Where ``text`` names ``entity`` by its name or an alias."""
    return [m.span() for m in entity.pattern.finditer(text)]


def mentions(entity: Entity, sentence: str, before: str = "") -> list[Mention]:
    """Where ``sentence`` names ``entity``, or refers to it by a pronoun that the entity's name
    in ``sentence`` or in ``before`` (the sentence before) resolves."""
    found = [Mention(a, b, False) for a, b in named_spans(entity, sentence)]
    if not found and not named_spans(entity, before):
        return found
    pronouns = {"character": _PRONOUNS, "group": _PLURAL}.get(entity.kind)
    if pronouns is not None:
        found += [Mention(*m.span(), True) for m in pronouns.finditer(sentence)]
    return sorted(found, key=lambda m: m.start)


_PRONOUNS = re.compile(f"{_SINGULAR.pattern}|{_PLURAL.pattern}", re.IGNORECASE)
