"""Run one operation for the HTTP endpoint: each distinct document is parsed, validated and
measured once, then graphql-core executes it over the schema's resolvers.

``Schema.execute`` gives the same answers, but it builds its extensions, an execution context and
a middleware manager on every request and runs their hooks around each phase: about 60 µs per
request on this project's benchmark machine, more than graphql-core needs to execute a small
query (docs/benchmarks.md). The endpoint only needs what those extensions do for it, so this module
does exactly that, once per document where it can:

- parse with the request's token limit (graphql-core stops lexing at the limit, so a refused
  document costs no more than its allowance) and validate with graphql-core's rules, Strawberry's
  own (through its ``validate_document``) and the request's limits (``schema._rules``);
- keep accepted documents, bounded in bytes (``DocumentCache``); a refused one is never kept, so
  refused requests cannot fill memory;
- run parsing, validation and any operation that is not known to be cheap in a worker thread, so
  the event loop keeps answering (``/healthz`` among others) while a dear request works;
- stop an operation that outlives the request's time budget at the next object it resolves
  (``DeadlineExecutor``), with QUERY_TIMEOUT;
- give every error its code and mask unexpected ones, as ``Schema.process_errors`` and the
  ``ErrorCodes`` extension do (the same functions are called).

Tests run every operation through ``Schema.execute_sync`` as well; tests/api/test_execution.py
checks that both paths give the same answers and errors.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from inspect import isawaitable
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    OperationDefinitionNode,
    execute,
    parse,
    specified_rules,
)
from graphql.execution import Executor
from strawberry.schema.schema import validate_document

from graphservice.api.context import Context
from graphservice.api.cost import Measures, measure
from graphservice.api.errors import ErrorCodes
from graphservice.api.limits import QueryLimits
from graphservice.api.planned import PlannedExecutor
from graphservice.api.schema import _rules, schema
from graphservice.api.tokens import over_token_limit
from graphservice.catalog import Catalog
from graphservice.errors import GraphServiceError
from graphservice.shelf import NotLoaded, loads_deferred

__all__ = [
    "DOCUMENTS",
    "INLINE_COST",
    "CoreDeadlineExecutor",
    "DeadlineExecutor",
    "DocumentCache",
    "Prepared",
    "execute_inline",
    "execute_operation",
    "prepare",
    "prepare_async",
    "refused",
    "run_prepared",
]

INLINE_COST = 200
"""Operations at most this dear, with no algorithm or introspection field, run on the event loop:
a thread hop costs more than they do."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document parsed and validated under a set of limits, or the errors that refused it.

    ``document`` is kept when the text parsed but did not validate, so the HTTP layer can still
    tell a mutation sent over GET (405) from other mistakes; ``ok`` says whether it may run.
    """

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]
    measures: dict[str, Measures]

    @property
    def ok(self) -> bool:
        """Whether the document validated and may run."""
        return self.document is not None and not self.errors

    def operation(self, name: str | None) -> OperationDefinitionNode | None:
        """The operation ``name`` picks (the only one when None), or None when there is no such."""
        if self.document is None:
            return None
        ops = [d for d in self.document.definitions if isinstance(d, OperationDefinitionNode)]
        if name is None:
            return ops[0] if len(ops) == 1 else None
        return next((op for op in ops if op.name and op.name.value == name), None)

    def inline(self, operation: OperationDefinitionNode) -> bool:
        """Whether the operation is cheap enough to run on the event loop."""
        found = self.measures.get(operation.name.value if operation.name else "")
        return found is not None and not found.heavy and found.cost <= INLINE_COST


class DocumentCache:
    """Accepted documents by text and limits, least recently used out, bounded in bytes.

    A parsed document takes about 50-150 bytes of memory per character of its text, so each entry
    is charged ``BYTES_PER_CHAR`` times its length, and texts over ``MAX_TEXT`` are never kept.
    Strawberry's ParserCache and ValidationCache bound only the number of entries: 512 refused
    500 KB documents held 2.8 GB (issue 16).
    """

    BYTES_PER_CHAR = 160
    MAX_TEXT = 64 * 1024

    def __init__(self, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, QueryLimits], Prepared] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # filled from worker threads and the event loop
        self.hits = self.misses = 0

    def get(self, query: str, limits: QueryLimits) -> Prepared | None:
        """The accepted document for ``query`` under ``limits``, if kept."""
        with self._lock:
            found = self._entries.get((query, limits))
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end((query, limits))
            self.hits += 1
            return found

    def put(self, query: str, limits: QueryLimits, prepared: Prepared) -> None:
        """Keep an accepted document (refused ones and long texts are not kept)."""
        if not prepared.ok or len(query) > self.MAX_TEXT:
            return
        size = len(query) * self.BYTES_PER_CHAR
        with self._lock:
            if (query, limits) in self._entries:
                return
            self._entries[query, limits] = prepared
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                (old, _), _ = self._entries.popitem(last=False)
                self._bytes -= len(old) * self.BYTES_PER_CHAR

    def clear(self) -> None:
        """Forget every document."""
        with self._lock:
            self._entries.clear()
            self._bytes = self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """The bytes charged for the documents kept."""
        return self._bytes


DOCUMENTS = DocumentCache()
"""The process's accepted documents."""

# Dear operations run here, off the event loop. Two threads on the two cores this service is
# sized for: more would only take turns at the interpreter lock; queued requests spend their own
# time budget waiting, so an overload sheds itself with QUERY_TIMEOUT.
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="graphql")


def prepare(query: str, limits: QueryLimits) -> Prepared:
    """Parse, validate and measure ``query`` under ``limits``; accepted documents are kept."""
    found = DOCUMENTS.get(query, limits)
    return found if found is not None else _build(query, limits)


def _build(query: str, limits: QueryLimits) -> Prepared:
    too_long = over_token_limit(query, limits.max_tokens)  # before graphql-core scans the whole body
    if too_long is not None:
        return Prepared(None, (too_long,), {})
    try:
        document = parse(query, max_tokens=limits.max_tokens)
    except GraphQLError as error:
        return Prepared(None, (error,), {})
    errors = validate_document(schema._schema, document, (*specified_rules, *_rules(limits)))
    if errors:
        return Prepared(document, tuple(errors), {})
    prepared = Prepared(document, (), measure(schema._schema, document))
    DOCUMENTS.put(query, limits, prepared)
    return prepared


async def prepare_async(query: str, limits: QueryLimits) -> Prepared:
    """``prepare``, in a worker thread unless the document is already kept."""
    found = DOCUMENTS.get(query, limits)
    if found is not None:
        return found
    return await asyncio.get_running_loop().run_in_executor(_POOL, _build, query, limits)


def _timed_out(budget: float) -> GraphQLError:
    return GraphQLError(
        f"the operation ran out of its {budget:g} s time budget; ask for less (smaller pages, fewer "
        "fields or paths)",
        extensions={"code": "QUERY_TIMEOUT"},
    )


class CoreDeadlineExecutor(Executor[Any]):
    """graphql-core's executor, stopping once the request's deadline has passed.

    graphql-core's own ``abort_signal`` is only looked at between root fields of a mutation and
    when an operation starts or ends, so a long synchronous query would run to its end; this
    looks at the clock before each object's fields, a few nanoseconds against the microseconds
    each field costs. The error raised propagates to the nearest nullable field at each level,
    so an aborted operation reports a handful of errors, not one per remaining field.
    """

    def execute_fields(self, parent_type: Any, source_value: Any, path: Any, *args: Any) -> Any:
        context = self.context_value
        if isinstance(context, Context) and time.monotonic() > context.deadline:
            raise _timed_out(context.limits.time_budget)
        return super().execute_fields(parent_type, source_value, path, *args)


class DeadlineExecutor(CoreDeadlineExecutor, PlannedExecutor):
    """The service's executor: the deadline above, with plain fields planned (api/planned.py)."""


def _finish(errors: list[GraphQLError]) -> list[GraphQLError]:
    schema.process_errors(errors)  # every error gets its code (and a debug log line)
    return ErrorCodes()._process_errors(errors)  # unexpected errors are logged and masked


def _execute(
    document: DocumentNode, variables: dict[str, Any] | None, operation_name: str | None, context: Context
) -> Any:
    return execute(
        schema._schema,
        document,
        context_value=context,
        variable_values=variables,
        operation_name=operation_name,
        executor_class=DeadlineExecutor,
    )


async def run_prepared(
    prepared: Prepared,
    operation: OperationDefinitionNode,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    context: Context,
) -> ExecutionResult:
    """Execute an accepted document's operation: on the loop if cheap, else in a worker thread.

    Works of a lazy library not in memory are not loaded by the operation: it stops where it
    needs one (NotLoaded), the works it named are loaded in a worker thread, and it runs again
    with its time budget started afresh, so loading (seconds for a big work) neither holds the
    event loop nor counts against what the operation itself may cost. Operations only read, so
    running one again changes nothing. Should the works go again before the next run (a budget
    too small for them), the last run loads what it needs as it goes.
    """
    assert prepared.document is not None
    document = prepared.document
    loop = asyncio.get_running_loop()
    inline = prepared.inline(operation)
    result: Any = None
    load_as_it_goes = False
    for _ in range(LOAD_ATTEMPTS):
        if inline:
            result = _execute_deferred(document, variables, operation_name, context)
        else:
            result = await loop.run_in_executor(
                _POOL, _execute_deferred, document, variables, operation_name, context
            )
        cold = _cold_works(result)
        if not cold:
            break
        # The stopped run's errors hold tracebacks, reference cycles: let them be garbage before
        # the load, which freezes whatever is alive then (graphservice/listing.py).
        result = None
        if not await loop.run_in_executor(_POOL, _load, context.catalog, cold):
            load_as_it_goes = True  # a work that does not load: the last run says so where asked
            break
        context = dataclasses.replace(context, deadline=time.monotonic() + context.limits.time_budget)
    else:
        load_as_it_goes = True
    if load_as_it_goes:
        result = await loop.run_in_executor(_POOL, _execute, document, variables, operation_name, context)
    if isawaitable(result):  # no resolver is async today; this keeps one that becomes so working
        result = await result
    assert isinstance(result, ExecutionResult)
    if result.errors:
        result.errors = _finish(list(result.errors))
    return result


LOAD_ATTEMPTS = 3
"""Runs of an operation that may stop for works to load before one loads them as it goes."""


def _execute_deferred(
    document: DocumentNode, variables: dict[str, Any] | None, operation_name: str | None, context: Context
) -> Any:
    with loads_deferred():
        return _execute(document, variables, operation_name, context)


def _cold_works(result: Any) -> list[str]:
    """The works an operation stopped for (empty when it ran through)."""
    errors = result.errors if isinstance(result, ExecutionResult) else None
    cold = {e.original_error.slug for e in errors or () if isinstance(e.original_error, NotLoaded)}
    return sorted(cold)


def _load(catalog: Catalog, slugs: list[str]) -> bool:
    """Load the works; whether all of them loaded."""
    try:
        for slug in slugs:
            catalog.work(slug)
    except GraphServiceError:
        return False
    return True


def refused(prepared: Prepared) -> ExecutionResult:
    """The errors-only result of a document that may not run."""
    # Errors of a refused document are built afresh for each request (nothing refused is kept),
    # so giving them their codes here cannot touch another request's errors.
    return ExecutionResult(None, _finish(list(prepared.errors)))


def execute_inline(
    query: str, variables: dict[str, Any] | None, operation_name: str | None, context: Context
) -> ExecutionResult:
    """``execute_operation`` on the calling thread, whatever the operation costs (for benchmarks
    and scripts that measure the work itself, without the thread hop)."""
    prepared = prepare(query, context.limits)
    if not prepared.ok:
        return refused(prepared)
    assert prepared.document is not None
    result = _execute(prepared.document, variables, operation_name, context)
    assert isinstance(result, ExecutionResult)  # no resolver is async
    if result.errors:
        result.errors = _finish(list(result.errors))
    return result


async def execute_operation(
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    context: Context,
) -> ExecutionResult:
    """Run an operation; parse, validation and field errors come back in the result."""
    prepared = await prepare_async(query, context.limits)
    if not prepared.ok:
        return refused(prepared)
    operation = prepared.operation(operation_name)
    if operation is None:  # graphql-core reports a missing or ambiguous operation, at once
        assert prepared.document is not None
        result: ExecutionResult = _execute(prepared.document, variables, operation_name, context)
        result.errors = _finish(list(result.errors or ()))
        return result
    return await run_prepared(prepared, operation, variables, operation_name, context)
