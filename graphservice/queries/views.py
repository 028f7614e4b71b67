"""Views: which nodes and edges a reader sees, by the two clocks ``revealed`` and ``holds``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graphservice.catalog import LoadedWork
from graphservice.graph import Edge, NodeInfo, Projection, node_info, project
from graphservice.memo import per_work
from graphservice.queries.provenance import check_confidence, confidence
from graphservice.vocabulary import RelationshipKind

__all__ = ["EdgeFilter", "View", "make_view", "projection", "visible"]


@dataclass(frozen=True, slots=True)
class View:
    """``as_of``: what a reader who finished that period knows; ``during``: what holds in it."""

    as_of: int | None = None
    during: int | None = None

    def shows_node(self, node: NodeInfo) -> bool:
        """A node is visible once the reader has met it."""
        return self.as_of is None or node.introduced <= self.as_of

    def shows(self, revealed: int, holds: Iterable[int]) -> bool:
        """Whether a record with these clocks is in the view."""
        if self.as_of is not None and revealed > self.as_of:
            return False
        return self.during is None or self.during in holds

    def knows_period(self, index: int) -> bool:
        """Whether the reader has reached this period: a later one would be a spoiler."""
        return self.as_of is None or index <= self.as_of

    def shows_edge(self, edge: Edge) -> bool:
        """Whether an edge is in the view."""
        return self.shows(edge.revealed, edge.holds)

    def merged(self, other: View) -> View:
        """This view with each clock that ``other`` sets replaced by ``other``'s."""
        return View(
            self.as_of if other.as_of is None else other.as_of,
            self.during if other.during is None else other.during,
        )

    def is_active(self, holds: Iterable[int], last: int) -> bool:
        """Whether something holding in ``holds`` is true at the reader's point in the story.

        The point is ``during`` if set, else ``as_of``, else the end of the story (``last``): a
        relationship that ended before the reader's point is shown, but as no longer active.
        """
        point = self.during if self.during is not None else self.as_of if self.as_of is not None else last
        return point in holds


def make_view(work: LoadedWork, as_of: str | None = None, during: str | None = None) -> View:
    """Build a view from period slugs; an unknown slug raises a bad-argument error."""
    return View(
        None if as_of is None else work.period_index(as_of),
        None if during is None else work.period_index(during),
    )


@dataclass(frozen=True, slots=True)
class EdgeFilter:
    """Which edges a traversal may cross: the view, the relationship kinds, place links, nodes
    it must avoid, and the least confidence an edge's record needs (curated records count as 1)."""

    view: View = View()
    kinds: frozenset[RelationshipKind] | None = None
    include_places: bool = False
    exclude: frozenset[str] = frozenset()
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        check_confidence(self.min_confidence)

    def keeps(self, edge: Edge) -> bool:
        """Whether a traversal may cross this edge."""
        if not self.view.shows_edge(edge):
            return False
        if self.min_confidence > 0.0 and confidence(edge.record) < self.min_confidence:
            return False
        if edge.category == "place_link":
            return self.include_places
        return self.kinds is None or edge.kind in self.kinds

    def keeps_node(self, node: NodeInfo) -> bool:
        """Whether a traversal may enter this node."""
        if node.slug in self.exclude or (node.entity == "place" and not self.include_places):
            return False
        return self.view.shows_node(node)


@per_work(maxsize=256)
def projection(work: LoadedWork, flt: EdgeFilter, directed: bool) -> Projection:
    """The simple graph a traversal walks, built once per work, filter and direction mode."""
    return project(work.graph, flt.keeps_node, flt.keeps, directed)


def visible(work: LoadedWork, slugs: Iterable[str], view: View) -> list[str]:
    """The slugs, in order, of the nodes a reader has already met in this view."""
    return [slug for slug in slugs if view.shows_node(node_info(work.graph, slug))]
