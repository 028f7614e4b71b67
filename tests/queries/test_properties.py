"""Property tests over the real dataset: paths are real walks through the filtered graph (avoiding
excluded and unmet nodes), limits hold, weighting never makes a path dearer, and spoiler-safe views
only grow as the reader reads on."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphservice.catalog import LoadedWork
from graphservice.graph import Edge, node_info
from graphservice.queries.neighbours import neighbours
from graphservice.queries.paths import NoPath, Path, edge_cost, shortest_path, shortest_paths
from graphservice.queries.quotes import QuoteQuery, find_quotes
from graphservice.queries.relationships import edges_of
from graphservice.queries.timeline import timeline
from graphservice.queries.views import EdgeFilter, View
from graphservice.vocabulary import RelationshipKind

from ..conftest import NOVEL


def _novel() -> LoadedWork:
    from graphservice.catalog import load_catalog

    return load_catalog([NOVEL]).work()


WORK = _novel()
NODES = sorted(WORK.graph.nodes)
PERIODS = st.none() | st.integers(min_value=0, max_value=len(WORK.periods) - 1)
KINDS = st.none() | st.frozensets(st.sampled_from(list(RelationshipKind)), min_size=1)
EXCLUDE = st.frozensets(st.sampled_from(NODES), max_size=2)
FILTERS = st.builds(EdgeFilter, st.builds(View, PERIODS, PERIODS), KINDS, st.booleans(), EXCLUDE)
COMMON = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _allows(edge: Edge, u: str, v: str, directed: bool) -> bool:
    if {edge.source, edge.target} != {u, v}:
        return False
    return not directed or not edge.directed or (edge.source, edge.target) == (u, v)


def _is_walk(path: Path, start: str, end: str, flt: EdgeFilter, directed: bool) -> bool:
    if path.nodes[0] != start or path.nodes[-1] != end or len(set(path.nodes)) != len(path.nodes):
        return False
    if not all(flt.keeps_node(node_info(WORK.graph, n)) for n in path.nodes):  # excluded or unmet
        return False
    return (
        all(
            (step.source, step.target) == (u, v)
            and step.edges
            and all(flt.keeps(e) and _allows(e, u, v, directed) for e in step.edges)
            for step, u, v in zip(path.steps, path.nodes, path.nodes[1:], strict=False)
        )
        and len(path.steps) == len(path.nodes) - 1
    )


@COMMON
@given(st.sampled_from(NODES), st.sampled_from(NODES), FILTERS, st.booleans(), st.booleans())
def test_shortest_path_is_a_walk_in_the_filtered_graph(
    start: str, end: str, flt: EdgeFilter, directed: bool, weighted: bool
) -> None:
    path = shortest_path(WORK, start, end, directed=directed, flt=flt, weighted=weighted)
    if isinstance(path, Path):
        assert _is_walk(path, start, end, flt, directed)
        if not weighted:
            assert path.cost == len(path.steps)
    else:
        assert isinstance(path, NoPath)
        assert path.message


@COMMON
@given(
    st.sampled_from(NODES),
    st.sampled_from(NODES),
    FILTERS,
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=8),
    st.booleans(),
)
def test_paths_are_walks_within_limits(
    start: str, end: str, flt: EdgeFilter, max_length: int, limit: int, weighted: bool
) -> None:
    found = shortest_paths(WORK, start, end, max_length=max_length, limit=limit, flt=flt, weighted=weighted)
    assert len(found) <= limit
    assert all(len(p.steps) <= max_length and _is_walk(p, start, end, flt, False) for p in found)
    assert [p.cost for p in found] == sorted(p.cost for p in found)  # shortest, or cheapest, first
    assert len({p.nodes for p in found}) == len(found)


@COMMON
@given(st.sampled_from(NODES), st.sampled_from(NODES), FILTERS)
def test_the_weighted_path_is_never_dearer_than_the_shortest(start: str, end: str, flt: EdgeFilter) -> None:
    shortest = shortest_path(WORK, start, end, flt=flt)
    cheapest = shortest_path(WORK, start, end, flt=flt, weighted=True)
    assert isinstance(shortest, Path) == isinstance(cheapest, Path)
    if isinstance(shortest, Path) and isinstance(cheapest, Path):
        dear = sum(min(edge_cost(e) for e in s.edges) for s in shortest.steps)
        assert cheapest.cost <= dear
        assert len(cheapest.steps) >= len(shortest.steps)


@COMMON
@given(st.sampled_from(NODES), KINDS, st.integers(min_value=1, max_value=3))
def test_views_grow_as_the_reader_reads_on(
    node: str, kinds: frozenset[RelationshipKind] | None, depth: int
) -> None:
    seen: list[set[str]] = []
    reached: list[set[str]] = []
    said: list[set[str]] = []
    scenes: list[set[str]] = []
    connected: list[set[str]] = []
    for period in range(len(WORK.periods)):
        view = View(as_of=period)
        flt = EdgeFilter(view, kinds)
        seen.append({e.key for e in edges_of(WORK, flt)})
        reached.append({n.slug for n in neighbours(WORK, node, depth=depth, flt=flt)})
        said.append({q.slug for q in find_quotes(WORK, QuoteQuery(involving=node, view=view))})
        scenes.append({e.slug for e in timeline(WORK, view)})
        connected.append({n for n in NODES if isinstance(shortest_path(WORK, node, n, flt=flt), Path)})
    for grows in (seen, reached, said, scenes, connected):
        assert all(a <= b for a, b in pairwise(grows))
