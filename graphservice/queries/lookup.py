"""Find records by slug or by name, with did-you-mean suggestions when nothing matches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError, NotFoundError
from graphservice.model import Character, Group, Place
from graphservice.suggest import did_you_mean

__all__ = ["ENTITY_TABLES", "character_by_name", "require", "require_entity"]

Entity = Character | Group | Place
_T = TypeVar("_T")
ENTITY_TABLES = ("character", "group", "place")


def _names(records: Iterable[object]) -> list[str]:
    names: list[str] = []
    for r in records:
        names.extend([getattr(r, "slug", ""), getattr(r, "name", ""), *getattr(r, "aliases", [])])
    return [n for n in names if n]


def require(table: Mapping[str, _T], slug: str, what: str, work: LoadedWork) -> _T:
    """Return ``table[slug]`` or raise NOT_FOUND naming the work and the closest slugs or names."""
    try:
        return table[slug]
    except KeyError:
        hint = did_you_mean(slug, _names(table.values()))
        raise NotFoundError(f"{what} '{slug}' not found in work '{work.slug}'{hint}") from None


def require_entity(work: LoadedWork, slug: str, entities: Iterable[str] = ENTITY_TABLES) -> Entity:
    """Return the character, group or place with this slug (restricted to ``entities``)."""
    wanted = tuple(entities)
    tables: dict[str, Mapping[str, Entity]] = {
        "character": work.characters,
        "group": work.groups,
        "place": work.places,
    }
    for entity in wanted:
        found = tables[entity].get(slug)
        if found is not None:
            return found
    pool = [r for e in wanted for r in tables[e].values()]
    what = " or ".join(wanted)
    hint = did_you_mean(slug, _names(pool))
    raise NotFoundError(f"{what} '{slug}' not found in work '{work.slug}'{hint}")


def character_by_name(work: LoadedWork, name: str) -> Character:
    """The character whose name or an alias equals ``name``, ignoring case and outer spaces."""
    wanted = name.strip().casefold()
    matches = [
        c
        for c in work.characters.values()
        if wanted in {c.name.casefold(), *(a.casefold() for a in c.aliases)}
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        slugs = ", ".join(f"'{c.slug}'" for c in matches)
        raise InvalidArgumentError(f"name '{name}' is ambiguous: it matches {slugs}; use a slug")
    hint = did_you_mean(name, _names(work.characters.values()))
    raise NotFoundError(f"no character named '{name}' in work '{work.slug}'{hint}")
