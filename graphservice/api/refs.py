"""Arguments that name an entity accept a slug or a Relay global id; this resolves either."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.relay import GlobalID

from graphservice.catalog import Catalog, LoadedWork
from graphservice.errors import InvalidArgumentError, NotFoundError

__all__ = ["node_id", "resolve_ref", "split_node_id"]


def node_id(work: LoadedWork, slug: str) -> str:
    """The Relay node id of a record: unique across works."""
    return f"{work.slug}/{slug}"


def split_node_id(catalog: Catalog, value: str) -> tuple[LoadedWork, str]:
    """Split a node id into its work and slug; a malformed id or unknown work is NOT_FOUND."""
    work_slug, sep, slug = value.partition("/")
    if not sep:
        raise NotFoundError(f"node id '{value}' is not of the form 'work/slug'")
    return catalog.work(work_slug), slug


def resolve_ref(
    catalog: Catalog, ref: str, work: str | None, type_names: Iterable[str]
) -> tuple[LoadedWork, str]:
    """Resolve a slug (in ``work``, default the first) or a global id of one of ``type_names``."""
    allowed = set(type_names)
    try:
        gid = GlobalID.from_id(ref)
    except ValueError:
        gid = None
    if gid is None or gid.type_name not in allowed:
        return catalog.work(work), ref
    found_work, slug = split_node_id(catalog, gid.node_id)
    if work is not None and work != found_work.slug:
        raise InvalidArgumentError(
            f"id '{ref}' belongs to work '{found_work.slug}', but work '{work}' was asked for"
        )
    return found_work, slug
