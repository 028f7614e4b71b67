"""The Strawberry schema of the service, with the limits every operation must pass."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache

import strawberry
from graphql import (
    ASTValidationRule,
    GraphQLError,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationRule,
)
from strawberry.extensions import ParserCache, SchemaExtension, ValidationCache
from strawberry.types import ExecutionContext

from graphservice.api.context import Context
from graphservice.api.cost import limits_rule
from graphservice.api.errors import ErrorCodes, error_code
from graphservice.api.limits import QueryLimits
from graphservice.api.query import Query
from graphservice.api.subscription import Subscription

__all__ = ["DOCUMENT_CACHE", "OperationLimits", "QueryLimits", "Schema", "build_schema", "schema"]

logger = logging.getLogger("graphservice.graphql")


DOCUMENT_CACHE = 512
"""How many distinct documents keep their parse and validation cached."""


class SubscriptionsOnly(ValidationRule):
    """Over WebSocket only subscriptions run: queries are answered over HTTP, where they are
    cached and run off the event loop."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
        if node.operation is not OperationType.SUBSCRIPTION:
            self.report_error(
                GraphQLError(
                    f"only subscriptions are served over WebSocket; send this {node.operation.value} "
                    "over HTTP (POST or GET /graphql)",
                    node,
                )
            )


class NonEmptySelections(ValidationRule):
    """The GraphQL grammar requires at least one field inside braces; graphql-core 3.3's parser
    lets ``{ }`` through (found by fuzzing), so this rule refuses it."""

    def enter_selection_set(self, node: SelectionSetNode, *_: object) -> None:
        if not node.selections:
            self.report_error(GraphQLError("a selection set `{ }` must ask for at least one field", node))


@lru_cache(maxsize=32)
def _rules(limits: QueryLimits) -> tuple[type[ASTValidationRule], ...]:
    # One rule measures depth, aliases and cost in a single walk that works out each fragment
    # once (api/cost.py says why Strawberry's QueryDepthLimiter and MaxAliasesLimiter are not
    # used: they are exponential in repeated fragments). The rule classes are built once per set
    # of limits, so the validation cache (keyed on the rules) keeps working.
    rules: list[type[ASTValidationRule]] = [
        limits_rule(limits.max_cost, limits.max_depth, limits.max_aliases),
        NonEmptySelections,
    ]
    if not limits.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    if limits.only_subscriptions:
        rules.append(SubscriptionsOnly)
    return tuple(rules)


class OperationLimits(SchemaExtension):
    """Apply the request context's limits: tokens at parse time, the rest as validation rules."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        limits = context.limits if isinstance(context, Context) else QueryLimits()
        self.execution_context.parse_options["max_tokens"] = limits.max_tokens
        self.execution_context.validation_rules = self.execution_context.validation_rules + _rules(limits)
        yield


class Schema(strawberry.Schema):
    """Strawberry's schema, minus its habit of logging every client error with a traceback.

    Client mistakes (validation, NOT_FOUND, bad input) are logged at debug level; unexpected
    errors are logged with their traceback by the ErrorCodes extension.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            # Every error gets its code here, the one hook Strawberry runs on every path (a parse
            # error raised from the parser cache skips the operation hooks of ErrorCodes).
            code = (error.extensions or {}).get("code") or error_code(error)
            error.extensions = {**(error.extensions or {}), "code": code}
            logger.debug("graphql error: %s (%s)", error.message, code)


def build_schema() -> Schema:
    """Build the schema with its extensions: error codes, document caches and the limits.

    Build it once per process: Strawberry's relay fields cannot be converted twice. Limits come
    with each request's context, so apps with different settings share the one schema.
    """
    return Schema(
        query=Query,
        subscription=Subscription,
        extensions=[
            ErrorCodes,
            OperationLimits,
            lambda: ParserCache(maxsize=DOCUMENT_CACHE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE),
        ],
    )


schema = build_schema()
