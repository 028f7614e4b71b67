"""Arguments that name an entity accept a slug or a Relay global id; this resolves either."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.relay import GlobalID

from graphservice.catalog import Catalog, LoadedWork
from graphservice.errors import GraphServiceError, InvalidArgumentError, NotFoundError
from graphservice.queries.views import View, make_view

__all__ = ["node_id", "resolve_ref", "split_node_id"]

_FULL = View()


def node_id(work: LoadedWork, slug: str, view: View = _FULL) -> str:
    """The Relay node id of a record seen through a view: unique across works and views.

    Normalised client caches (Apollo, Relay, urql's graphcache) keep one set of field values per
    id. A record's fields can depend on the view it was asked in (a relationship's `active`, a
    character's relationships as of part one), so a record outside the whole-story view carries
    the view in its id: ``work/slug@asOf=part-1``. Then one id always has one value for each
    field, and `node(id:)` gives the record back in the same view. ``slug`` names the record
    across views.
    """
    base = f"{work.slug}/{slug}"
    if view == _FULL:
        return base
    parts = []
    if view.as_of is not None:
        parts.append(f"asOf={work.period_slug(view.as_of)}")
    if view.during is not None:
        parts.append(f"during={work.period_slug(view.during)}")
    return f"{base}@{'&'.join(parts)}"


def split_node_id(catalog: Catalog, value: str) -> tuple[LoadedWork, str, View]:
    """Split a node id into its work, slug and view; a malformed id, an unknown work or an
    unknown period is NOT_FOUND."""
    path, _, qualifier = value.partition("@")
    work_slug, sep, slug = path.partition("/")
    if not sep or not slug:
        raise NotFoundError(f"node id '{value}' is not of the form 'work/slug'")
    work = catalog.work(work_slug)
    if not qualifier:
        return work, slug, _FULL
    given: dict[str, str] = {}
    for part in qualifier.split("&"):
        name, eq, period = part.partition("=")
        if not eq or name not in ("asOf", "during") or name in given:
            raise NotFoundError(f"node id '{value}' has a malformed view '@{qualifier}'")
        given[name] = period
    try:
        view = make_view(work, given.get("asOf"), given.get("during"))
    except GraphServiceError as exc:
        raise NotFoundError(f"node id '{value}': {exc}") from None
    return work, slug, view


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
    found_work, slug, _ = split_node_id(catalog, gid.node_id)  # arguments carry their own view
    if work is not None and work != found_work.slug:
        raise InvalidArgumentError(
            f"id '{ref}' belongs to work '{found_work.slug}', but work '{work}' was asked for"
        )
    return found_work, slug
