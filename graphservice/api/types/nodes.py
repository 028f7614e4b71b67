"""Shared plumbing for Relay nodes: resolving node ids back to records."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from graphservice.api.context import Info
from graphservice.api.refs import split_node_id
from graphservice.catalog import LoadedWork
from graphservice.errors import NotFoundError

__all__ = ["resolve_nodes"]

_T = TypeVar("_T")


def resolve_nodes(
    info: Info,
    node_ids: Iterable[str],
    required: bool,
    build: Callable[[LoadedWork, str], _T | None],
    type_name: str,
) -> list[_T | None]:
    """Build the node for each id, None when missing (or NOT_FOUND when ``required``)."""
    found: list[_T | None] = []
    for nid in node_ids:
        try:
            work, slug = split_node_id(info.context.catalog, nid)
            node = build(work, slug)
        except NotFoundError:
            node = None
        if node is None and required:
            raise NotFoundError(f"no {type_name} with id '{nid}'")
        found.append(node)
    return found
