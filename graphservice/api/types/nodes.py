"""Shared plumbing for Relay nodes: one home for resolving node ids back to records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from graphservice.api.context import Info
from graphservice.api.refs import split_node_id
from graphservice.catalog import LoadedWork
from graphservice.errors import NotFoundError
from graphservice.queries.views import View

__all__ = ["RecordNode"]


class RecordNode:
    """A Relay node built from one record of a work, seen through a view.

    Each type names the work's mapping its records live in (``records``, e.g. ``"characters"``)
    and builds itself with ``from_record(work, record, view)``; node ids are resolved here for
    all of them, the view taken from the id (see ``refs.node_id``).
    """

    records: ClassVar[str]
    """The attribute of LoadedWork holding this type's records by slug."""

    @classmethod
    def from_record(cls, work: LoadedWork, rec: Any, view: View = View()) -> Any:
        raise NotImplementedError

    @classmethod
    # One implementation serves strawberry's overloads on `required`.
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        """Build the node for each id, None when missing (or NOT_FOUND when ``required``)."""
        found: list[Any] = []
        for nid in node_ids:
            node = None
            try:
                work, slug, view = split_node_id(info.context.catalog, nid)
                records: Mapping[str, Any] = getattr(work, cls.records)
                rec = records.get(slug)
                node = None if rec is None else cls.from_record(work, rec, view)
            except NotFoundError:
                pass
            if node is None and required:
                raise NotFoundError(f"no {cls.__name__} with id '{nid}'")
            found.append(node)
        return found
