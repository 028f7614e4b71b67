"""Why two nodes belong together: the shortest path between them, plus what they share."""

from __future__ import annotations

from dataclasses import dataclass

from graphservice.catalog import LoadedWork
from graphservice.graph import Edge, node_info
from graphservice.model import Event, Quote
from graphservice.queries.lookup import require_entity
from graphservice.queries.paths import NoPath, Path, shortest_path
from graphservice.queries.quotes import ALL_ROLES, QuoteQuery, find_quotes
from graphservice.queries.relationships import edges_of
from graphservice.queries.timeline import involves, timeline
from graphservice.queries.views import EdgeFilter, projection

__all__ = ["Explanation", "explain_connection"]


@dataclass(frozen=True, slots=True)
class Explanation:
    """How ``a`` and ``b`` are connected, in one view."""

    a: str
    b: str
    path: Path | NoPath
    direct: tuple[Edge, ...]
    """Relationships (and place links) joining the two directly."""
    shared_neighbours: tuple[str, ...]
    """Characters related to both."""
    shared_groups: tuple[str, ...]
    """Groups both belong to or are related to."""
    shared_places: tuple[str, ...]
    """Places both are linked to."""
    quotes: tuple[Quote, ...]
    """Quotes in which both appear, as speaker, addressee or subject."""
    events: tuple[Event, ...]
    """Scenes in which both take part (or, for a place, that happen there)."""


def explain_connection(
    work: LoadedWork,
    a: str,
    b: str,
    *,
    flt: EdgeFilter = EdgeFilter(),
    directed: bool = False,
    weighted: bool = False,
) -> Explanation:
    """Explain the connection of ``a`` and ``b`` through ``flt`` (its view, kinds and exclusions)."""
    require_entity(work, a)
    require_entity(work, b)
    view = flt.view
    path = shortest_path(work, a, b, directed=directed, flt=flt, weighted=weighted)
    places_too = EdgeFilter(view, flt.kinds, include_places=True, exclude=flt.exclude)
    direct = tuple(e for e in edges_of(work, places_too, node=a) if b in (e.source, e.target))
    parties = projection(work, EdgeFilter(view, flt.kinds, exclude=flt.exclude), False).graph
    common: set[str] = set()
    if a in parties and b in parties:
        common = set(parties.neighbors(a)) & set(parties.neighbors(b))
    ordered = [n for n in work.graph if n in common]  # the data file's order
    groups = tuple(n for n in ordered if node_info(work.graph, n).entity == "group")
    people = tuple(n for n in ordered if node_info(work.graph, n).entity == "character")
    links = EdgeFilter(view, include_places=True)
    places_of = {
        end: {e.target for e in edges_of(work, links, node=end) if e.category == "place_link"}
        for end in (a, b)
    }
    places = tuple(p for p in work.places if p in places_of[a] & places_of[b])
    quotes_of = {
        end: {q.slug for q in find_quotes(work, QuoteQuery(involving=end, roles=ALL_ROLES, view=view))}
        for end in (a, b)
    }
    quotes = tuple(q for q in work.quotes.values() if q.slug in quotes_of[a] & quotes_of[b])
    events = tuple(e for e in timeline(work, view) if involves(e, a) and involves(e, b))
    return Explanation(a, b, path, direct, people, groups, places, quotes, events)
