"""One exception hierarchy for the whole package; each boundary (GraphQL, HTTP, CLI) translates it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DataError",
    "DataProblem",
    "GraphServiceError",
    "InvalidArgumentError",
    "NotFoundError",
    "QueryTimeoutError",
]


class GraphServiceError(Exception):
    """Base class of every error this package raises on purpose."""

    code = "INTERNAL_SERVER_ERROR"


@dataclass(frozen=True, slots=True)
class DataProblem:
    """One thing wrong with a data file: which file, which record, what is wrong."""

    file: str
    record: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.record}" if self.record else self.file
        return f"{where}: {self.reason}"


class DataError(GraphServiceError):
    """A data file could not be read or failed validation; carries every problem found."""

    code = "DATA_ERROR"

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the data"
        super().__init__("\n".join([header + ":", *(f"  - {p}" for p in self.problems)]))


class NotFoundError(GraphServiceError):
    """A slug, name or id names nothing; the message carries a did-you-mean suggestion."""

    code = "NOT_FOUND"


class InvalidArgumentError(GraphServiceError):
    """An argument is out of range or names an unknown period, kind or work."""

    code = "BAD_USER_INPUT"


class QueryTimeoutError(GraphServiceError):
    """A search ran out of its time budget; the request fails, the worker moves on."""

    code = "QUERY_TIMEOUT"
