"""Property tests over the real dataset: paths are real walks through the filtered graph, limits hold,
and spoiler-safe views only grow as the reader reads on."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphservice.catalog import LoadedWork
from graphservice.graph import Edge
from graphservice.queries.neighbours import neighbours
from graphservice.queries.paths import NoPath, Path, shortest_path, shortest_paths
from graphservice.queries.relationships import edges_of
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
FILTERS = st.builds(EdgeFilter, st.builds(View, PERIODS, PERIODS), KINDS, st.booleans())
COMMON = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _allows(edge: Edge, u: str, v: str, directed: bool) -> bool:
    if {edge.source, edge.target} != {u, v}:
        return False
    return not directed or not edge.directed or (edge.source, edge.target) == (u, v)


def _is_walk(path: Path, start: str, end: str, flt: EdgeFilter, directed: bool) -> bool:
    if path.nodes[0] != start or path.nodes[-1] != end or len(set(path.nodes)) != len(path.nodes):
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
@given(st.sampled_from(NODES), st.sampled_from(NODES), FILTERS, st.booleans())
def test_shortest_path_is_a_walk_in_the_filtered_graph(
    start: str, end: str, flt: EdgeFilter, directed: bool
) -> None:
    path = shortest_path(WORK, start, end, directed=directed, flt=flt)
    if isinstance(path, Path):
        assert _is_walk(path, start, end, flt, directed)
    else:
        assert isinstance(path, NoPath)


@COMMON
@given(
    st.sampled_from(NODES),
    st.sampled_from(NODES),
    FILTERS,
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=8),
)
def test_paths_are_walks_within_limits(
    start: str, end: str, flt: EdgeFilter, max_length: int, limit: int
) -> None:
    found = shortest_paths(WORK, start, end, max_length=max_length, limit=limit, flt=flt)
    assert len(found) <= limit
    assert all(len(p.steps) <= max_length and _is_walk(p, start, end, flt, False) for p in found)
    assert [len(p.steps) for p in found] == sorted(len(p.steps) for p in found)
    assert len({p.nodes for p in found}) == len(found)


@COMMON
@given(st.sampled_from(NODES), KINDS, st.integers(min_value=1, max_value=3))
def test_views_grow_as_the_reader_reads_on(
    node: str, kinds: frozenset[RelationshipKind] | None, depth: int
) -> None:
    seen: list[set[str]] = []
    reached: list[set[str]] = []
    for period in range(len(WORK.periods)):
        flt = EdgeFilter(View(as_of=period), kinds)
        seen.append({e.key for e in edges_of(WORK, flt)})
        reached.append({n.slug for n in neighbours(WORK, node, depth=depth, flt=flt)})
    assert all(a <= b for a, b in pairwise(seen))
    assert all(a <= b for a, b in pairwise(reached))
