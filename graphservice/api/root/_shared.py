"""Argument types and helpers shared by the root fields: references to records, and the check
that two records belong to the same work."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graphservice.api.context import Info
from graphservice.api.refs import resolve_ref
from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError
from graphservice.queries.lookup import require_entity

__all__ = [
    "ENTITY_TYPES",
    "PARTY_TYPES",
    "EntityArg",
    "OptionalEntity",
    "SlugArg",
    "entity",
    "ref_arg",
    "same_work",
]

ENTITY_TYPES = ("Character", "Group", "Place")
PARTY_TYPES = ("Character", "Group")


def ref_arg(desc: str) -> object:
    """An argument naming a record by slug or global id, described by ``desc``."""
    return strawberry.argument(description=f"{desc} A slug (e.g. `kathy-h`) or a global id.")


SlugArg = Annotated[str | None, ref_arg("The record to fetch.")]
EntityArg = Annotated[str, ref_arg("A character, group or place.")]
OptionalEntity = Annotated[str | None, ref_arg("Only quotes involving this character, group or place.")]


def entity(
    info: Info, ref: str, work: str | None, types: tuple[str, ...] = ENTITY_TYPES
) -> tuple[LoadedWork, str]:
    """The work and slug a reference names, which must be a record of one of ``types``."""
    loaded, slug = resolve_ref(info.context.catalog, ref, work, types)
    require_entity(loaded, slug, [t.lower() for t in types])
    return loaded, slug


def same_work(a: LoadedWork, b: LoadedWork) -> LoadedWork:
    """``a``, if ``b`` is the same work; else a bad-argument error naming both."""
    if a is not b:
        raise InvalidArgumentError(f"the two ends belong to different works ('{a.slug}' and '{b.slug}')")
    return a
