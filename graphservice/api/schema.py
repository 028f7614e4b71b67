"""The Strawberry schema of the service."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from graphservice.api.errors import ErrorCodes
from graphservice.api.query import Query

__all__ = ["Schema", "build_schema", "schema"]

logger = logging.getLogger("graphservice.graphql")


class Schema(strawberry.Schema):
    """Strawberry's schema, minus its habit of logging every client error with a traceback.

    Client mistakes (validation, NOT_FOUND, bad input) are logged at debug level; unexpected
    errors are logged with their traceback by the ErrorCodes extension.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            logger.debug("graphql error: %s (%s)", error.message, (error.extensions or {}).get("code"))


def build_schema() -> Schema:
    """Build the schema with its extensions."""
    return Schema(query=Query, extensions=[ErrorCodes])


schema = build_schema()
