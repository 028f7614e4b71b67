"""The endpoint's execution path gives the answers and errors Strawberry's ``Schema.execute``
gives, and parses and validates each document once."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import threading
import time
from typing import Any
from unittest import mock

import pytest

from graphservice.api import execution
from graphservice.api.context import Context
from graphservice.api.execution import DOCUMENTS, DocumentCache, execute_operation, prepare
from graphservice.api.limits import QueryLimits
from graphservice.api.schema import schema
from graphservice.catalog import Catalog, LoadedWork, WorkEntry, load_catalog

from ..conftest import LIGHTHOUSE, NOVEL

CASES: list[tuple[str, dict[str, Any] | None]] = [
    ('{ character(slug: "ada") { name roles } }', None),
    ("query($s: String) { character(slug: $s) { name } }", {"s": "ben"}),
    ('{ a: character(slug: "ada") { name } b: character(slug: "nobody") { name } }', None),
    ('{ neighbours(of: "ada", depth: -1) { totalCount } }', None),
    ("{ character(slug: ", None),
    ('{ character(slug: "ada") { nonsense } }', None),
    ("query($s: String) { character(slug: $s) { name } }", {"s": 12}),
    ("{ works { } }", None),
]


def _formatted(result: Any) -> tuple[Any, list[Any] | None]:
    errors = [dict(e.formatted) for e in result.errors] if result.errors else None
    return result.data, errors


@pytest.mark.parametrize(("query", "variables"), CASES)
def test_same_answer_and_errors_as_strawberry(
    fixture_catalog: Catalog, query: str, variables: dict[str, Any] | None
) -> None:
    context = Context(fixture_catalog)
    ours = asyncio.run(execute_operation(query, variables, None, context))
    theirs = schema.execute_sync(query, variable_values=variables, context_value=context)
    assert _formatted(ours) == _formatted(theirs)


def test_the_limits_apply(fixture_catalog: Catalog) -> None:
    context = Context(fixture_catalog, QueryLimits(max_depth=2))
    result = asyncio.run(
        execute_operation(
            '{ character(slug: "ada") { groups { edges { node { name } } } } }', None, None, context
        )
    )
    assert result.errors
    assert result.errors[0].extensions == {"code": "QUERY_TOO_DEEP", "depth": 4, "maxDepth": 2}


def test_a_document_is_parsed_and_validated_once_per_set_of_limits(fixture_catalog: Catalog) -> None:
    DOCUMENTS.clear()
    query = '{ character(slug: "ada") { slug } }'
    for limits in (QueryLimits(), QueryLimits(), QueryLimits(max_depth=3)):
        asyncio.run(execute_operation(query, None, None, Context(fixture_catalog, limits)))
    assert (DOCUMENTS.misses, DOCUMENTS.hits, len(DOCUMENTS)) == (2, 1, 2)


def test_refused_documents_are_never_kept(fixture_catalog: Catalog) -> None:
    DOCUMENTS.clear()
    for i in range(20):
        refused = "{ works { slug } " + f"# {i}\n" + "x" * 10_000 + " }"  # a syntax error
        invalid = f"{{ works {{ nope{i} }} }}"  # a validation error
        for query in (refused, invalid):
            result = asyncio.run(execute_operation(query, None, None, Context(fixture_catalog)))
            assert result.errors
    assert len(DOCUMENTS) == 0 and DOCUMENTS.bytes == 0


def test_the_document_cache_is_bounded_in_bytes() -> None:
    cache = DocumentCache(max_bytes=100 * DocumentCache.BYTES_PER_CHAR)
    limits = QueryLimits()
    for i in range(10):
        query = "{ works { slug } }" + " " * 20 + f"#{i}"
        cache.put(query, limits, prepare(query, limits))
    assert cache.bytes <= cache.max_bytes
    assert len(cache) == 2  # 41-42 characters each: two fit in 100
    assert cache.get("{ works { slug } }" + " " * 20 + "#9", limits) is not None  # the newest stay
    assert cache.get("{ works { slug } }" + " " * 20 + "#0", limits) is None


def test_an_operation_past_its_deadline_stops_with_query_timeout(fixture_catalog: Catalog) -> None:
    # The budget is one for the whole request: a context made with its deadline already passed
    # (e.g. a request that waited in the queue) stops at the first object it would resolve.
    context = Context(fixture_catalog, deadline=time.monotonic() - 1)
    result = asyncio.run(execute_operation("{ works { slug } }", None, None, context))
    assert result.data is None
    assert [(e.extensions or {}).get("code") for e in result.errors or []] == ["QUERY_TIMEOUT"]


def test_a_timeout_deep_in_a_list_reports_a_few_errors_not_one_per_item(fixture_catalog: Catalog) -> None:
    class Clock:
        """A clock that runs out after the executor has looked at it a few times."""

        calls = 0

        def __call__(self) -> float:
            self.calls += 1
            return 0.0 if self.calls < 4 else 10.0

    context = Context(fixture_catalog, deadline=5.0)
    query = "{ characters(first: 50) { edges { node { slug groups { edges { node { slug } } } } } } }"
    with mock.patch("graphservice.api.execution.time.monotonic", Clock()):
        result = asyncio.run(execute_operation(query, None, None, context))
    codes = [(e.extensions or {}).get("code") for e in result.errors or []]
    assert codes and set(codes) == {"QUERY_TIMEOUT"} and len(codes) <= 6


def test_dear_operations_run_off_the_event_loop(fixture_catalog: Catalog) -> None:
    threads: list[str] = []
    real = execution._execute

    def spy(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real(*args)

    with mock.patch.object(execution, "_execute", spy):
        asyncio.run(execute_operation("{ works { slug } }", None, None, Context(fixture_catalog)))
        asyncio.run(
            execute_operation("{ __schema { queryType { name } } }", None, None, Context(fixture_catalog))
        )
        asyncio.run(
            execute_operation(
                '{ shortestPath(from: "ada", to: "cora") { __typename } }',
                None,
                None,
                Context(fixture_catalog),
            )
        )
        asyncio.run(execute_operation("{ library { totalCount } }", None, None, Context(fixture_catalog)))
    main = threading.main_thread().name
    assert threads[0] == main  # cheap: on the loop
    assert threads[1] != main and threads[2] != main  # introspection and an algorithm: a worker thread
    assert threads[3] != main  # a filter over every work's entry (thousands in a library)


def _lazy(catalog: Catalog, delay: float, budget: int = 2**30) -> tuple[Catalog, list[str]]:
    """``catalog``'s works as a lazy library whose loads take ``delay`` seconds each, and the
    names of the threads they ran on."""
    threads: list[str] = []

    def load(entry: WorkEntry) -> LoadedWork:
        threads.append(threading.current_thread().name)
        time.sleep(delay)
        return catalog.work(entry.slug)

    entries = [dataclasses.replace(e, size=1) for e in catalog.entries]
    return Catalog.lazy(entries, load, budget), threads


def test_a_cold_work_loads_off_the_loop_and_outside_the_time_budget(fixture_catalog: Catalog) -> None:
    lazy, threads = _lazy(fixture_catalog, delay=0.4)
    limits = QueryLimits(time_budget=0.25)  # shorter than the load: the load is not charged to it
    ticks: list[float] = []

    async def ask() -> Any:
        async def tick() -> None:
            while True:
                ticks.append(time.monotonic())
                await asyncio.sleep(0.02)

        ticker = asyncio.create_task(tick())
        try:
            return await execute_operation(
                '{ character(slug: "ada") { name } }', None, None, Context(lazy, limits)
            )
        finally:
            ticker.cancel()

    result = asyncio.run(ask())
    assert result.errors is None and result.data == {"character": {"name": "Ada Venn"}}
    assert threads and all(name != threading.main_thread().name for name in threads)
    assert max(b - a for a, b in itertools.pairwise(ticks)) < 0.2  # the loop kept turning


def test_a_work_too_big_for_the_budget_still_answers(fixture_catalog: Catalog) -> None:
    # Every load evicts the work before: the runs that stop for works end, and the last run loads
    # what it needs as it goes.
    both = load_catalog([LIGHTHOUSE, NOVEL])
    lazy, threads = _lazy(both, delay=0.0, budget=1)
    query = (
        '{ a: character(slug: "ada", work: "carrow-point") { name } '
        'k: character(slug: "kathy-h", work: "never-let-me-go") { name } }'
    )
    result = asyncio.run(execute_operation(query, None, None, Context(lazy)))
    assert result.errors is None
    assert result.data == {"a": {"name": "Ada Venn"}, "k": {"name": "Kathy H."}}
    assert len(threads) > 2  # each load evicted the other work: loaded again and again


def test_a_stopped_run_is_garbage_before_the_load_freezes_what_is_alive(fixture_catalog: Catalog) -> None:
    import gc

    from graphql import GraphQLError

    from graphservice.shelf import NotLoaded

    alive_at_load: list[int] = []

    def load(entry: WorkEntry) -> LoadedWork:
        gc.collect()  # as the real loader does before gc.freeze
        stopped = [
            o
            for o in gc.get_objects()
            if isinstance(o, GraphQLError) and isinstance(o.original_error, NotLoaded)
        ]
        alive_at_load.append(len(stopped))
        return fixture_catalog.work(entry.slug)

    entries = [dataclasses.replace(e, size=1) for e in fixture_catalog.entries]
    lazy = Catalog.lazy(entries, load, 2**30)
    result = asyncio.run(execute_operation('{ character(slug: "ada") { name } }', None, None, Context(lazy)))
    assert result.errors is None
    assert alive_at_load == [0]  # frozen alive, its tracebacks' cycles would never be freed
