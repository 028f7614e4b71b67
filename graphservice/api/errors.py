"""Give every GraphQL error an ``extensions.code`` and keep unexpected ones from leaking details."""

from __future__ import annotations

import logging

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors
from strawberry.relay.types import GlobalIDValueError

from graphservice.errors import GraphServiceError

__all__ = ["ErrorCodes", "error_code"]

logger = logging.getLogger("graphservice.errors")
_BAD_INPUT = (GlobalIDValueError,)


# Strawberry's limiters and graphql-core's token limit report plain errors; their messages are
# the only way to tell them apart (tests/api/test_limits.py pins each one).
_LIMIT_MESSAGES = (
    ("exceeds maximum operation depth", "QUERY_TOO_DEEP"),
    ("aliases found. Allowed:", "TOO_MANY_ALIASES"),
    ("tokens. Parsing aborted.", "TOO_MANY_TOKENS"),
)


def error_code(error: GraphQLError) -> str:
    """The ``extensions.code`` an error is reported with."""
    for fragment, code in _LIMIT_MESSAGES:
        if fragment in error.message and error.original_error is None:
            return code
    original = error.original_error
    if isinstance(original, GraphServiceError):
        return original.code
    if isinstance(original, (*_BAD_INPUT, GraphQLError)):
        return "BAD_USER_INPUT"  # a bad global id, or a variable value that does not coerce
    if original is not None:
        return "INTERNAL_SERVER_ERROR"
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    if error.message.startswith("Variable '$"):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def _is_unexpected(error: GraphQLError) -> bool:
    return error_code(error) == "INTERNAL_SERVER_ERROR"


class ErrorCodes(MaskErrors):
    """Strawberry's MaskErrors, extended: every kept error gets its code; unexpected ones are
    logged with their traceback and reach the client only as "Internal server error"."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_unexpected, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        logger.error("unexpected error at %s", error.path, exc_info=error.original_error)
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        for error in processed:
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": error_code(error)}
        return processed
