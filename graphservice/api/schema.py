"""The Strawberry schema of the service."""

from __future__ import annotations

import strawberry

from graphservice.api.errors import ErrorCodes
from graphservice.api.query import Query

__all__ = ["build_schema", "schema"]


def build_schema() -> strawberry.Schema:
    """Build the schema with its extensions."""
    return strawberry.Schema(query=Query, extensions=[ErrorCodes])


schema = build_schema()
