"""Run one operation for the HTTP endpoint: each distinct document is parsed and validated once,
then graphql-core executes it over the schema's resolvers.

``Schema.execute`` gives the same answers, but it builds its extensions, an execution context and
a middleware manager on every request and runs their hooks around each phase: about 60 µs per
request on this project's benchmark machine, more than graphql-core needs to execute a small
query (docs/benchmarks.md). The endpoint only needs what those extensions do for it, so this module
does exactly that, once per document where it can:

- parse with the request's token limit and validate with graphql-core's rules, Strawberry's own
  (through its ``validate_document``) and the request's limits (``schema._rules``); the outcome,
  document or errors, is cached per document text and set of limits, bounded like Strawberry's
  caches (``DOCUMENT_CACHE``);
- give every error its code and mask unexpected ones, as ``Schema.process_errors`` and the
  ``ErrorCodes`` extension do (the same functions are called).

Tests run every operation through ``Schema.execute_sync`` as well; tests/api/test_execution.py
checks that both paths give the same answers and errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from inspect import isawaitable
from typing import Any

from graphql import DocumentNode, ExecutionResult, GraphQLError, execute, parse, specified_rules
from strawberry.schema.schema import validate_document

from graphservice.api.context import Context
from graphservice.api.errors import ErrorCodes
from graphservice.api.limits import QueryLimits
from graphservice.api.schema import DOCUMENT_CACHE, _rules, schema

__all__ = ["Prepared", "execute_operation", "prepare"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document parsed and validated under a set of limits, or the errors that refused it."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]


@lru_cache(maxsize=DOCUMENT_CACHE)
def prepare(query: str, limits: QueryLimits) -> Prepared:
    """Parse and validate ``query`` under ``limits``; cached per document text and limits."""
    try:
        document = parse(query, max_tokens=limits.max_tokens)
    except GraphQLError as error:
        return Prepared(None, (error,))
    errors = validate_document(schema._schema, document, (*specified_rules, *_rules(limits)))
    return Prepared(None, tuple(errors)) if errors else Prepared(document, ())


def _finish(errors: list[GraphQLError]) -> list[GraphQLError]:
    schema.process_errors(errors)  # every error gets its code (and a debug log line)
    return ErrorCodes()._process_errors(errors)  # unexpected errors are logged and masked


async def execute_operation(
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    context: Context,
) -> ExecutionResult:
    """Run an operation; parse, validation and field errors come back in the result."""
    prepared = prepare(query, context.limits)
    if prepared.document is None:
        # The cached errors are shared by every request sending this document; giving them their
        # codes again is harmless (the same codes), and parse or validation errors are never masked.
        return ExecutionResult(None, _finish(list(prepared.errors)))
    result = execute(
        schema._schema,
        prepared.document,
        context_value=context,
        variable_values=variables,
        operation_name=operation_name,
    )
    if isawaitable(result):  # no resolver is async today; this keeps one that becomes so working
        result = await result
    if result.errors:
        result.errors = _finish(list(result.errors))
    return result
