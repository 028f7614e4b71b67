"""Works side by side: the measures of character networks that comparative studies report.

Each work's character network is the undirected simple graph of its characters, one edge per
related pair (memberships and place links left out), over the whole story. The measures are the
ones literary network studies compare across novels (Elson, Dames and McKeown 2010; the survey of
Labatut and Bost 2019): size, density, clustering, how centralised the degrees are, how much of the
network the most connected character holds, its communities, and its relationships by kind. They
are computed once per work and data version (a reload loads new works, so new cache entries).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from graphservice.catalog import LoadedWork
from graphservice.graph import node_info
from graphservice.memo import per_work
from graphservice.queries.analytics import COMMUNITY_SEED
from graphservice.queries.relationships import edges_of
from graphservice.queries.views import EdgeFilter, projection

__all__ = ["WorkMeasures", "degree_centralisation", "measures"]


@dataclass(frozen=True, slots=True)
class WorkMeasures:
    """One work's character network, measured."""

    characters: int
    """Characters in the work."""
    pairs: int
    """Related pairs of characters (several relationships between two count once)."""
    relationships: int
    """Relationships between characters, every kind but membership."""
    density: float
    """Pairs over possible pairs, 0 to 1."""
    clustering: float
    """Average clustering coefficient: how often two of a character's ties know each other."""
    centralisation: float
    """Freeman's degree centralisation, 0 (every character as connected) to 1 (a star)."""
    main_character: str | None
    """Slug of the character with the most ties (the first in the file on a tie)."""
    main_share: float
    """Share of the pairs that involve the main character."""
    components: int
    """Connected parts of the network (a character with no tie is a part of its own)."""
    communities: int
    """Louvain communities (seeded, so every run finds the same)."""
    kinds: tuple[tuple[str, float], ...]
    """Each relationship kind's share of the relationships, largest first."""


def degree_centralisation(graph: nx.Graph[str]) -> float:
    """Freeman's degree centralisation: the sum of each node's shortfall from the highest degree,
    over the largest that sum can be (a star's, (n-1)(n-2)). 0 for fewer than three nodes."""
    n = graph.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in graph.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


@per_work(maxsize=1)
def measures(work: LoadedWork) -> WorkMeasures:
    """The measures of ``work``'s character network over the whole story."""
    characters = [n for n in work.graph if node_info(work.graph, n).entity == "character"]
    projected = projection(work, EdgeFilter(), False).graph
    network: nx.Graph[str] = nx.Graph()
    network.add_nodes_from(characters)
    network.add_edges_from((a, b) for a, b in projected.edges() if a in network and b in network)
    relationships = [
        e
        for e in edges_of(work, EdgeFilter())
        if e.category == "relationship" and e.source in network and e.target in network
    ]
    kinds = Counter(e.kind for e in relationships)
    total = sum(kinds.values())
    degrees = dict(network.degree())
    order = {slug: i for i, slug in enumerate(characters)}
    main = min(characters, key=lambda c: (-degrees[c], order[c]), default=None)
    pairs = network.number_of_edges()
    found = nx.community.louvain_communities(network, seed=COMMUNITY_SEED) if pairs else []
    return WorkMeasures(
        characters=len(characters),
        pairs=pairs,
        relationships=total,
        density=nx.density(network) if len(network) > 1 else 0.0,
        clustering=nx.average_clustering(network) if len(network) else 0.0,
        centralisation=degree_centralisation(network),
        main_character=main,
        main_share=degrees[main] / pairs if main is not None and pairs else 0.0,
        components=nx.number_connected_components(network) if len(network) else 0,
        communities=len(found) if found else len(network),
        kinds=tuple(sorted(((k, n / total) for k, n in kinds.items()), key=lambda item: (-item[1], item[0]))),
    )
