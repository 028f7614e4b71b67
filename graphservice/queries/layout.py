"""Where to draw each node: one deterministic layout per work, shared by every view of it.

The layout is networkx's ``spring_layout`` with a fixed seed, run once on the whole story: every
character, group and place, every kind of edge, one edge per related pair. A view (``asOf``,
``during``, kinds, places, a neighbourhood) is drawn with those same positions, only fewer of
them. So a node stays exactly where it was when a reader moves the period control or narrows the
kinds, and every client, whatever it draws with, gets the same picture. The price is that a
narrow view is not laid out for itself; a picture that holds still was judged worth more.

``spring_layout`` runs with ``method="energy"``: the Fruchterman-Reingold model solved as an
energy minimisation, with a gravity pulling each connected component towards the centre. The
story graph is not connected (places nobody is linked to, for a start). With the classic
iterative method an isolated node drifts far out, and once the box is normalised everything else
is squeezed into a few per cent of it; Kamada-Kawai does the same, since it gives unreachable pairs
a huge ideal distance. Gravity keeps the isolated nodes at the rim. The only randomness is the
initial placement, which the seed fixes.

Coordinates lie in the box [-1, 1] x [-1, 1], centred on the mean position, with the farthest
coordinate at exactly -1 or 1; ``x`` grows to the right and ``y`` upwards (screens whose ``y``
grows downwards flip its sign). They are rounded to four decimals, so the picture does not
depend on the last bits of floating-point arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import networkx as nx

from graphservice.catalog import LoadedWork
from graphservice.memo import per_work
from graphservice.queries.views import EdgeFilter, projection

__all__ = ["LAYOUT_SEED", "Point", "layout", "story_layout"]

LAYOUT_SEED = 7
"""Seed of the initial placement, so every run and every client gets the same picture."""
_ITERATIONS = 200
"""Most optimiser steps; a graph of a few dozen nodes settles well before that."""
_GRAVITY = 2.0
"""Twice networkx's default: it spreads the main cluster over more of the box."""
_DECIMALS = 4

Point = tuple[float, float]


@per_work(maxsize=1)
def story_layout(work: LoadedWork) -> Mapping[str, Point]:
    """Positions of every node of the work, laid out once on the whole story and cached."""
    whole = projection(work, EdgeFilter(include_places=True), directed=False).graph
    found = nx.spring_layout(
        whole, seed=LAYOUT_SEED, iterations=_ITERATIONS, weight=None, method="energy", gravity=_GRAVITY
    )
    return MappingProxyType(
        {
            node: (round(float(found[node][0]), _DECIMALS), round(float(found[node][1]), _DECIMALS))
            for node in work.graph
            if node in found
        }
    )


def layout(work: LoadedWork, flt: EdgeFilter = EdgeFilter()) -> dict[str, Point]:
    """Positions of the nodes ``flt`` keeps, in the data file's order: the whole-story positions.

    Not cached itself: the expensive part, the whole-story layout, is; this only picks from it.
    """
    kept = projection(work, flt, directed=False).graph
    whole = story_layout(work)
    return {node: whole[node] for node in work.graph if node in kept}
