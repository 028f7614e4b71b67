"""The representative operations every part of the suite measures.

Each operation is a GraphQL document, the variables a frontend would send with it, a few other
variable sets for the "varied" HTTP mix (same document, other values), and the domain call that
computes the same answer without GraphQL: what the service would cost if GraphQL and HTTP were
free.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphservice.catalog import LoadedWork
from graphservice.queries.graphview import graph_view
from graphservice.queries.lookup import require
from graphservice.queries.neighbours import neighbours
from graphservice.queries.paths import shortest_path, shortest_paths
from graphservice.queries.quotes import QuoteQuery, find_quotes
from graphservice.queries.search import search

__all__ = ["OPERATIONS", "Operation"]


@dataclass(frozen=True)
class Operation:
    """One operation: its document, the hot variables, other values for the varied mix, and the
    domain call behind it."""

    name: str
    document: str
    variables: dict[str, Any]
    varied: tuple[dict[str, Any], ...]
    raw: Callable[[LoadedWork], object]

    def body(self, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON body of a POST request for this operation."""
        return {"query": self.document, "variables": self.variables if variables is None else variables}


_PEOPLE = ("kathy-h", "tommy-d", "ruth-c", "miss-emily", "madame", "rod", "chrissie", "miss-lucy")

_NEAR = (
    "query Near($of: String!, $depth: Int!) { neighbours(of: $of, depth: $depth) { totalCount "
    "edges { node { distance node { name } relationships { kind sentiment } } } } }"
)
"""The neighbours document, run at depth 1 and at depth 2."""

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "character",
        "query Character($slug: String) { character(slug: $slug) { id name description roles } }",
        {"slug": "kathy-h"},
        tuple({"slug": s} for s in _PEOPLE),
        lambda w: require(w.characters, "kathy-h", "character", w),
    ),
    Operation(
        "neighbours-1",
        _NEAR,
        {"of": "tommy-d", "depth": 1},
        tuple({"of": s, "depth": 1} for s in _PEOPLE),
        lambda w: neighbours(w, "tommy-d", depth=1),
    ),
    Operation(
        "neighbours-2",
        _NEAR,
        {"of": "tommy-d", "depth": 2},
        tuple({"of": s, "depth": 2} for s in _PEOPLE),
        lambda w: neighbours(w, "tommy-d", depth=2),
    ),
    Operation(
        "shortest-path",
        "query Path($a: String!, $b: String!) { shortestPath(from: $a, to: $b) { __typename "
        "... on Path { length steps { from { name } to { name } relationship { kind } "
        "evidence { text locator } quotes { text } } } ... on NoPath { reason message } } }",
        {"a": "rod", "b": "madame"},
        tuple({"a": a, "b": b} for a, b in zip(_PEOPLE, reversed(_PEOPLE), strict=True) if a != b),
        lambda w: shortest_path(w, "rod", "madame"),
    ),
    Operation(
        "paths-10",
        "query Paths($a: String!, $b: String!) { paths(from: $a, to: $b, maxLength: 4, limit: 10) "
        "{ length nodes { name } } }",
        {"a": "ruth-c", "b": "miss-emily"},
        tuple({"a": a, "b": b} for a, b in itertools.pairwise(_PEOPLE)),
        lambda w: shortest_paths(w, "ruth-c", "miss-emily", max_length=4, limit=10),
    ),
    Operation(
        "quotes-by-speaker",
        "query Said($s: String) { quotes(speaker: $s) { totalCount "
        "edges { node { text addressees { name } } } } }",
        {"s": "ruth-c"},
        tuple({"s": s} for s in ("kathy-h", "tommy-d", "ruth-c", "miss-emily", "madame", "miss-lucy")),
        lambda w: find_quotes(w, QuoteQuery(speaker="ruth-c")),
    ),
    Operation(
        "search",
        "query Find($text: String!) { search(text: $text, limit: 5) { score field matched "
        "node { __typename } } }",
        {"text": "tomy"},
        tuple({"text": t} for t in ("tomy", "kathy", "hailsham", "madame", "river", "possible", "norfolk")),
        lambda w: search(w, "tomy", limit=5),
    ),
    Operation(
        "graph-view",
        "query Graph($asOf: String) { graph(asOf: $asOf) { periods { slug } "
        "kinds { kind category directed meaning count } "
        "nodes { entityId slug label kind x y size community centrality } "
        "edges { slug source target kind directed sentiment weight active } } }",
        {"asOf": None},
        tuple({"asOf": p} for p in (None, "part-1", "part-2", "part-3")),
        lambda w: graph_view(w),
    ),
)
