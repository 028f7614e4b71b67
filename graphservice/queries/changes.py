"""What changed in a work between two loaded versions: its nodes (characters, groups, places) and
its edges (relationships, memberships included, and place links), by slug; and the versions live
subscribers are told of."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphservice.catalog import Catalog, LoadedWork

__all__ = ["Diff", "Published", "WorkChanges", "catalog_changes", "work_changes"]


@dataclass(frozen=True, slots=True)
class Diff:
    """Slugs added, removed and changed between two mappings of records."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> Diff:
    return Diff(
        added=tuple(s for s in new if s not in old),
        removed=tuple(s for s in old if s not in new),
        changed=tuple(s for s in new if s in old and old[s] != new[s]),
    )


def _nodes(work: LoadedWork | None) -> dict[str, Any]:
    if work is None:
        return {}
    return {**work.characters, **work.groups, **work.places}


@dataclass(frozen=True, slots=True)
class WorkChanges:
    """A work's changes from one version to the next (``work`` None when the work was removed)."""

    slug: str
    work: LoadedWork | None
    nodes: Diff
    """Characters, groups and places."""
    relationships: Diff
    """Relationships, memberships included."""
    place_links: Diff
    other: bool
    """Whether anything else changed: quotes, scenes, themes, symbols, periods or the work itself."""

    def __bool__(self) -> bool:
        return bool(self.nodes or self.relationships or self.place_links or self.other)


def work_changes(slug: str, old: LoadedWork | None, new: LoadedWork | None) -> WorkChanges:
    """The changes of the work ``slug`` from ``old`` to ``new`` (either may be None)."""
    nodes = _diff(_nodes(old), _nodes(new))
    relationships = _diff({} if old is None else old.relationships, {} if new is None else new.relationships)
    place_links = _diff({} if old is None else old.place_links, {} if new is None else new.place_links)
    other = (old is None) != (new is None) or (
        old is not None
        and new is not None
        and (
            old.data.work != new.data.work
            or old.quotes != new.quotes
            or old.events != new.events
            or old.themes != new.themes
            or old.symbols != new.symbols
        )
    )
    return WorkChanges(slug, new, nodes, relationships, place_links, other)


def catalog_changes(old: Catalog, new: Catalog) -> list[WorkChanges]:
    """The changes of every work in either catalog that changed, in the new catalog's order.

    In a lazy catalog only works whose data file changed are compared, the new version loaded
    for it; an old version no longer in memory is compared as absent, so every record of the new
    one is reported (as added), which a client applies as an update."""
    slugs = new.slugs + [s for s in old.slugs if s not in new]
    if old.is_lazy or new.is_lazy:
        before = {e.slug: e.digest for e in old.entries}
        slugs = [s for s in slugs if s not in new or s not in old or new.entry(s).digest != before[s]]
    found = [
        work_changes(s, old.loaded(s) if s in old else None, new.work(s) if s in new else None) for s in slugs
    ]
    return [c for c in found if c]


@dataclass(frozen=True, slots=True)
class Published:
    """A data version being served, as live subscribers learn of it."""

    version: str
    loaded_at: float
    """When it was loaded (seconds since the epoch)."""
    catalog: Catalog
    changes: tuple[WorkChanges, ...] = ()
    """What changed from the version before (empty for the first one a subscriber sees)."""
