"""Every export parses back, with networkx's readers or as its consumer's JSON shape, to the view."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError
from graphservice.exports import FORMATS, gexf_spells, render
from graphservice.queries.graphview import GraphView, graph_view
from graphservice.queries.views import EdgeFilter, View
from graphservice.vocabulary import RelationshipKind


@pytest.fixture(scope="module")
def view(fixture_work: LoadedWork) -> GraphView:
    """The whole fixture story, places included: 10 nodes, 10 edges, directed and symmetric kinds."""
    return graph_view(fixture_work, EdgeFilter(include_places=True))


_EDGES = {"cytoscape": "edges", "graphology": "edges", "node-link": "links"}


def _json(view: GraphView, fmt: str) -> Any:
    return json.loads(render(view, fmt).body)


def _gexf(view: GraphView) -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.read_gexf(io.BytesIO(render(view, "gexf").body))
    return graph


def _graphml(view: GraphView) -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.read_graphml(io.BytesIO(render(view, "graphml").body))
    return graph


def _edges_by_id(graph: nx.Graph[str]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Edges of a graph read back from XML, by the id the file gave them (a multigraph's edge key,
    else an ``id`` attribute)."""
    if isinstance(graph, nx.MultiGraph):
        return {key: (u, v, data) for u, v, key, data in graph.edges(keys=True, data=True)}
    return {data["id"]: (u, v, data) for u, v, data in graph.edges(data=True)}


def _keys(value: Any) -> Iterator[str]:
    """Every key of every object nested in a JSON document."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_formats_media_types_and_extensions(view: GraphView) -> None:
    found = {fmt: render(view, fmt)[1:] for fmt in FORMATS}
    assert found == {
        "cytoscape": ("application/json", "cyjs"),
        "graphology": ("application/json", "graphology.json"),
        "node-link": ("application/json", "node-link.json"),
        "gexf": ("application/gexf+xml", "gexf"),
        "graphml": ("application/graphml+xml", "graphml"),
    }


def test_unknown_format(view: GraphView) -> None:
    with pytest.raises(InvalidArgumentError, match="unknown format 'gefx'; did you mean 'gexf'"):
        render(view, "gefx")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_no_attribute_is_named_type(view: GraphView, fmt: str) -> None:
    body = render(view, fmt).body
    if fmt in ("gexf", "graphml"):
        assert b'title="type"' not in body and b'attr.name="type"' not in body
        assert all(b" type=" not in edge for edge in re.findall(rb"<edge [^>]*>", body))
    else:
        data = json.loads(body)
        elements = data["elements"] if fmt == "cytoscape" else data
        assert "type" not in set(_keys([elements["nodes"], elements[_EDGES[fmt]]]))


def test_node_link(view: GraphView) -> None:
    data = _json(view, "node-link")
    assert "links" in data and "edges" not in data
    graph = nx.node_link_graph(data, edges="links")
    assert isinstance(graph, nx.MultiDiGraph)
    assert list(graph) == [n.slug for n in view.nodes]
    assert sorted(k for _, _, k in graph.edges(keys=True)) == sorted(e.slug for e in view.edges)
    ada = graph.nodes["ada"]
    assert (ada["label"], ada["kind"], ada["introduced"]) == ("Ada Venn", "character", "act-1")
    assert (ada["x"], ada["y"]) == (view.nodes[0].x, view.nodes[0].y)
    friendship = graph.edges["ada", "ben", "ada-ben-friendship"]
    assert (friendship["directed"], friendship["weight"], friendship["holds"]) == (
        False,
        4,
        ["act-1", "act-2"],
    )
    assert data["graph"]["periods"] == ["act-1", "act-2"]


def test_cytoscape_shape(view: GraphView) -> None:
    data = _json(view, "cytoscape")
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    ids = [n["data"]["id"] for n in nodes]
    assert ids == [n.slug for n in view.nodes]
    for entry in nodes:
        assert set(entry["position"]) == {"x", "y"}
        assert all(isinstance(c, float) for c in entry["position"].values())
    ada = nodes[0]
    assert ada["data"]["label"] == "Ada Venn"
    # Pixels, with y flipped for a screen whose y grows downwards.
    assert ada["position"] == {"x": round(view.nodes[0].x * 1000, 1), "y": round(-view.nodes[0].y * 1000, 1)}
    assert sorted(e["data"]["id"] for e in edges) == sorted(e.slug for e in view.edges)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    rivalry = next(e["data"] for e in edges if e["data"]["id"] == "cora-ada-rivalry")
    assert (rivalry["source"], rivalry["target"], rivalry["sentiment"]) == ("cora", "ada", "negative")


def test_cytoscape_reads_back_into_networkx(view: GraphView) -> None:
    graph = nx.cytoscape_graph(_json(view, "cytoscape"))
    assert graph.number_of_nodes() == 10 and graph.number_of_edges() == 10


def test_graphology_shape(view: GraphView) -> None:
    data = _json(view, "graphology")
    assert data["options"] == {"type": "mixed", "multi": True, "allowSelfLoops": False}
    assert data["attributes"]["name"] == "The Keepers of Carrow Point"
    keys = [n["key"] for n in data["nodes"]]
    assert keys == [n.slug for n in view.nodes]
    for node in data["nodes"]:
        attrs = node["attributes"]
        assert all(isinstance(attrs[a], float) for a in ("x", "y", "size"))
        assert attrs["label"] and attrs["color"].startswith("#")
    edges = {e["key"]: e for e in data["edges"]}
    assert len(edges) == len(data["edges"]) == 10
    assert all(e["source"] in keys and e["target"] in keys for e in edges.values())
    assert edges["ada-ben-friendship"]["undirected"] is True
    assert edges["council-keepers-authority"]["undirected"] is False
    assert edges["ada-visited-village"]["attributes"]["kind"] == "visited"


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [({RelationshipKind.FRIENDSHIP}, "undirected"), ({RelationshipKind.AUTHORITY}, "directed")],
)
def test_graphology_type_follows_the_kinds(
    fixture_work: LoadedWork, kinds: set[RelationshipKind], expected: str
) -> None:
    view = graph_view(fixture_work, EdgeFilter(kinds=frozenset(kinds)))
    assert _json(view, "graphology")["options"]["type"] == expected


def test_gexf(view: GraphView) -> None:
    graph = _gexf(view)
    assert graph.is_directed()
    assert graph.graph["mode"] == "dynamic"
    assert list(graph) == [n.slug for n in view.nodes]
    edges = _edges_by_id(graph)
    assert sorted(edges) == sorted(e.slug for e in view.edges)
    u, v, friendship = edges["ada-ben-friendship"]
    assert (u, v, friendship["directed"], friendship["weight"]) == ("ada", "ben", False, 4.0)
    assert friendship["holds"] == "act-1,act-2"  # no list values in XML
    ada = graph.nodes["ada"]
    assert (ada["label"], ada["kind"]) == ("Ada Venn", "character")
    position = ada["viz"]["position"]
    assert (position["x"], position["y"]) == (
        round(view.nodes[0].x * 1000, 1),
        round(view.nodes[0].y * 1000, 1),
    )
    assert ada["viz"]["size"] == pytest.approx(view.nodes[0].size * 3)


def test_gexf_spells(view: GraphView) -> None:
    graph = _gexf(view)
    edges = _edges_by_id(graph)
    # Period n spans the time from n to n + 1; consecutive periods make one spell.
    assert edges["ada-ben-friendship"][2]["spells"] == [(1.0, 3.0)]
    assert edges["ben-cora-romance"][2]["spells"] == [(2.0, 3.0)]  # act two only
    assert edges["cora-ada-rivalry"][2]["spells"] == [(1.0, 2.0)]  # act one only
    assert graph.nodes["ada"]["spells"] == [(1.0, 3.0)]
    assert graph.nodes["hermit"]["spells"] == [(2.0, 3.0)]  # met in act two


def test_gexf_spells_stop_at_as_of(fixture_work: LoadedWork) -> None:
    graph = _gexf(graph_view(fixture_work, EdgeFilter(View(as_of=0))))
    assert _edges_by_id(graph)["ada-ben-friendship"][2]["spells"] == [(1.0, 2.0)]
    assert graph.nodes["ada"]["spells"] == [(1.0, 2.0)]


def test_gexf_spells_in_the_novel(novel: LoadedWork) -> None:
    carer = _edges_by_id(_gexf(graph_view(novel)))["kathy-h-member-of-carers"][2]
    assert carer["spells"] == [(3.0, 4.0)]  # holds in part three only
    early = _edges_by_id(_gexf(graph_view(novel, EdgeFilter(View(as_of=0)))))["kathy-h-member-of-carers"]
    assert "spells" not in early[2]  # known, but holds in no period the reader has reached


@pytest.mark.parametrize(
    ("indices", "spells"),
    [((), []), ((2,), [(3.0, 4.0)]), ((0, 1, 2), [(1.0, 4.0)]), ((2, 0), [(1.0, 2.0), (3.0, 4.0)])],
)
def test_spells_from_period_indices(indices: tuple[int, ...], spells: list[tuple[float, float]]) -> None:
    assert gexf_spells(indices) == spells


def test_graphml(view: GraphView) -> None:
    graph = _graphml(view)
    assert graph.is_directed()
    assert list(graph) == [n.slug for n in view.nodes]
    assert graph.graph["periods"] == "act-1,act-2"
    edges = _edges_by_id(graph)
    assert sorted(edges) == sorted(e.slug for e in view.edges)
    u, v, rivalry = edges["cora-ada-rivalry"]
    assert (u, v, rivalry["kind"], rivalry["directed"], rivalry["active"]) == (
        "cora",
        "ada",
        "rivalry",
        False,
        False,
    )
    assert (rivalry["holds"], rivalry["revealed"], rivalry["weight"]) == ("act-1", "act-1", 3)
    lighthouse = graph.nodes["lighthouse"]
    assert (lighthouse["kind"], lighthouse["label"]) == ("place", "The lighthouse")
    assert (lighthouse["x"], lighthouse["y"]) == (view.nodes[8].x, view.nodes[8].y)


def test_symmetric_kinds_only_make_undirected_xml(fixture_work: LoadedWork) -> None:
    friends = graph_view(fixture_work, EdgeFilter(kinds=frozenset({RelationshipKind.FRIENDSHIP})))
    for graph in (_gexf(friends), _graphml(friends)):
        assert not graph.is_directed()
        assert graph.number_of_edges() == 1


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_an_empty_view_renders(fixture_work: LoadedWork, fmt: str) -> None:
    empty = graph_view(fixture_work, EdgeFilter(View(as_of=0)), center="hermit")
    assert render(empty, fmt).body


def test_the_novel_round_trips(novel: LoadedWork) -> None:
    view = graph_view(novel, EdgeFilter(include_places=True))
    slugs, keys = {n.slug for n in view.nodes}, sorted(e.slug for e in view.edges)
    for graph in (_gexf(view), _graphml(view)):
        assert set(graph) == slugs
        assert sorted(_edges_by_id(graph)) == keys
    linked = nx.node_link_graph(_json(view, "node-link"), edges="links")
    assert isinstance(linked, nx.MultiDiGraph)
    assert sorted(k for _, _, k in linked.edges(keys=True)) == keys
    cytoscape = _json(view, "cytoscape")["elements"]
    assert len(cytoscape["nodes"]) == len(slugs) and len(cytoscape["edges"]) == len(keys)
    graphology = _json(view, "graphology")
    assert sorted(e["key"] for e in graphology["edges"]) == keys
