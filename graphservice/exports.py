"""Render a graph view as a file other tools open: Cytoscape.js, graphology (Sigma.js), node-link
JSON (D3), GEXF (Gephi) and GraphML.

Every format carries the same view: nodes keyed by slug with their label, entity kind, position,
display size, community and centrality; edges keyed by the record's slug with their kind,
category, direction, sentiment, weight and the two clocks. Two names are avoided on purpose:
``type`` (GEXF uses it for an edge's direction and Sigma.js for a renderer) and ``id`` as a plain
attribute (each format has its own notion of identity).

GEXF and GraphML, as networkx writes them, cannot mix directed and undirected edges: a view with
any directed kind is written as a directed graph in which each symmetric relationship keeps its
data-file orientation and says ``directed=false``; a view with symmetric kinds only is written as
an undirected graph. The XML writers also reject list values, so ``holds`` becomes a
comma-separated string there (``part-1,part-2``).

Positions are the layout's (``[-1, 1]``, ``y`` upwards) in graphology, node-link JSON and GraphML.
Cytoscape.js and Gephi draw in pixels, so there positions are multiplied by ``DRAWING_SCALE``,
and Cytoscape.js, whose ``y`` grows downwards, gets ``y`` negated so the picture is the same.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import networkx as nx

from graphservice.errors import InvalidArgumentError
from graphservice.queries.graphview import GraphView, ViewEdge, ViewNode
from graphservice.suggest import did_you_mean

__all__ = [
    "COLOURS",
    "DRAWING_SCALE",
    "FORMATS",
    "GEXF_SIZE_SCALE",
    "Rendered",
    "check_format",
    "gexf_spells",
    "render",
    "to_networkx",
]

DRAWING_SCALE = 1000.0
"""Pixels per layout unit, for tools that draw in pixels (Cytoscape.js, Gephi)."""
GEXF_SIZE_SCALE = 3.0
"""Gephi node size per unit of display size, in the same pixels as ``DRAWING_SCALE``."""
COLOURS = {"character": "#4e79a7", "group": "#f28e2b", "place": "#59a14f"}
"""A colour per entity kind, for tools that show a file as it comes (Sigma.js, Gephi)."""


class Rendered(NamedTuple):
    """A rendered file: its bytes, media type and file extension (without the dot)."""

    body: bytes
    media_type: str
    extension: str


def _periods(view: GraphView, indices: tuple[int, ...]) -> list[str]:
    return [view.periods[i] for i in indices]


def _node_attrs(view: GraphView, node: ViewNode) -> dict[str, Any]:
    return {
        "label": node.label,
        "kind": node.entity,
        "x": node.x,
        "y": node.y,
        "size": node.size,
        "color": COLOURS[node.entity],
        "community": node.community,
        "centrality": node.centrality,
        "introduced": view.periods[node.introduced],
    }


def _edge_attrs(view: GraphView, edge: ViewEdge) -> dict[str, Any]:
    return {
        "kind": edge.kind,
        "category": edge.category,
        "directed": edge.directed,
        "sentiment": edge.sentiment,
        "weight": edge.weight,
        "revealed": view.periods[edge.revealed],
        "holds": _periods(view, edge.holds),
        "active": edge.active,
    }


def to_networkx(view: GraphView, graph_attrs: bool = True) -> nx.MultiGraph[str]:
    """The view as a networkx multigraph: directed unless every edge is symmetric.

    Nodes are keyed by slug and edges by record slug, with the attributes every format shares.
    """
    graph: nx.MultiGraph[str] = nx.MultiGraph() if view.directed is False else nx.MultiDiGraph()
    if graph_attrs:
        graph.graph.update(name=view.title, work=view.work, periods=list(view.periods))
    for node in view.nodes:
        graph.add_node(node.slug, **_node_attrs(view, node))
    for edge in view.edges:
        graph.add_edge(edge.source, edge.target, key=edge.slug, **_edge_attrs(view, edge))
    return graph


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _pixels(coordinate: float) -> float:
    return round(coordinate * DRAWING_SCALE, 1)


def _node_link(view: GraphView) -> bytes:
    return _json(nx.node_link_data(to_networkx(view), edges="links"))


def _cytoscape(view: GraphView) -> bytes:
    # Without graph attributes: networkx writes them as a list of pairs under "data", where
    # Cytoscape.js expects an object; an empty list is harmless to both.
    data = nx.cytoscape_data(to_networkx(view, graph_attrs=False), name="label")
    for entry in data["elements"]["nodes"]:
        fields = entry["data"]
        entry["position"] = {
            "x": _pixels(fields.pop("x")),
            "y": _pixels(-fields.pop("y")),
        }
    for entry in data["elements"]["edges"]:
        entry["data"]["id"] = entry["data"]["key"]
    return _json(data)


def _graphology(view: GraphView) -> bytes:
    # graphology's serialisation format, written by hand: networkx has no writer for it, and it
    # is a plain JSON shape (see graphology's "Serialization" documentation).
    kind = {True: "directed", False: "undirected", None: "mixed"}[view.directed]
    data = {
        "attributes": {"name": view.title, "work": view.work, "periods": list(view.periods)},
        "options": {"type": kind, "multi": True, "allowSelfLoops": False},
        "nodes": [{"key": n.slug, "attributes": _node_attrs(view, n)} for n in view.nodes],
        "edges": [
            {
                "key": e.slug,
                "source": e.source,
                "target": e.target,
                "undirected": not e.directed,
                "attributes": _edge_attrs(view, e),
            }
            for e in view.edges
        ],
    }
    return _json(data)


def gexf_spells(indices: tuple[int, ...] | range) -> list[tuple[float, float]]:
    """GEXF spells for a set of period indices: the period at position ``p`` (1 for the first)
    spans the time from ``p`` to ``p + 1``, and consecutive periods merge into one spell.

    >>> gexf_spells((0, 1, 3))
    [(1.0, 3.0), (4.0, 5.0)]
    """
    spells: list[tuple[float, float]] = []
    for index in sorted(indices):
        start, end = float(index + 1), float(index + 2)
        if spells and spells[-1][1] == start:
            spells[-1] = (spells[-1][0], end)
        else:
            spells.append((start, end))
    return spells


def _flatten(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: ",".join(v) if isinstance(v, list) else v for k, v in attrs.items()}


def _xml(write: Callable[[Any, io.BytesIO], None], graph: nx.MultiGraph[str]) -> bytes:
    buffer = io.BytesIO()
    write(graph, buffer)
    return buffer.getvalue()


def _gexf(view: GraphView) -> bytes:
    graph = to_networkx(view, graph_attrs=False)
    graph.graph.update(name=view.title, mode="dynamic")
    to_end = range(len(view.periods))
    for node in view.nodes:
        attrs = graph.nodes[node.slug]
        for moved in ("x", "y", "size", "color"):  # into viz, where Gephi reads them
            del attrs[moved]
        red, green, blue = (int(COLOURS[node.entity][i : i + 2], 16) for i in (1, 3, 5))
        attrs["viz"] = {
            "position": {"x": _pixels(node.x), "y": _pixels(node.y), "z": 0.0},
            "size": node.size * GEXF_SIZE_SCALE,
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
        }
        attrs["spells"] = gexf_spells(to_end[node.introduced :])
    for edge in view.edges:
        attrs = graph.edges[edge.source, edge.target, edge.slug]
        attrs.update(_flatten(attrs), id=edge.slug, label=edge.kind, weight=float(edge.weight))
        if edge.holds:  # none when it holds only past asOf: present, in GEXF terms, throughout
            attrs["spells"] = gexf_spells(edge.holds)
    return _xml(nx.write_gexf, graph)


def _graphml(view: GraphView) -> bytes:
    graph = to_networkx(view)
    graph.graph.update(_flatten(graph.graph))
    for _, attrs in graph.edges.items():
        attrs.update(_flatten(attrs))
    return _xml(nx.write_graphml, graph)


@dataclass(frozen=True, slots=True)
class _Format:
    media_type: str
    extension: str
    write: Callable[[GraphView], bytes]


FORMATS: dict[str, _Format] = {
    "cytoscape": _Format("application/json", "cyjs", _cytoscape),
    "graphology": _Format("application/json", "graphology.json", _graphology),
    "node-link": _Format("application/json", "node-link.json", _node_link),
    "gexf": _Format("application/gexf+xml", "gexf", _gexf),
    "graphml": _Format("application/graphml+xml", "graphml", _graphml),
}
"""Every format by name, in the order the documentation lists them."""


def check_format(fmt: str) -> None:
    """Raise a bad-argument error, with a suggestion, unless ``fmt`` names a format."""
    if fmt not in FORMATS:
        known = ", ".join(FORMATS)
        raise InvalidArgumentError(f"unknown format '{fmt}'{did_you_mean(fmt, FORMATS)} (formats: {known})")


def render(view: GraphView, fmt: str) -> Rendered:
    """Render ``view`` in the format named ``fmt``; an unknown name is a bad argument."""
    check_format(fmt)
    chosen = FORMATS[fmt]
    return Rendered(chosen.write(view), chosen.media_type, chosen.extension)
