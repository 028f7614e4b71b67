"""What a GraphQL-over-HTTP request asks for: its media types and its parameters, checked.

Everything a client sends is checked here before GraphQL sees it, so that no bytes in any field
can reach the code below as something it cannot handle: a lone UTF-16 surrogate (``"\\ud800"``,
valid JSON but not valid Unicode, which no encoder can write back) or variables nested a thousand
deep (which exhaust the recursion of every JSON encoder) are a 400 with a plain message.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphservice import jsonio

__all__ = [
    "GRAPHQL_RESPONSE",
    "JSON",
    "MAX_VALUE_DEPTH",
    "Params",
    "Problem",
    "check_params",
    "json_param",
    "media_ranges",
    "negotiate",
]

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_VALUE_DEPTH = 32
"""Deepest nesting of lists and objects accepted in `variables` and `extensions`."""


class Problem(Exception):
    """A request refused at the HTTP level, before GraphQL sees it."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


@dataclass(frozen=True, slots=True)
class Params:
    """The parameters of a GraphQL request, checked."""

    query: str
    """The document's text; empty when the request names a persisted document instead."""
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None = None
    document_id: str | None = None
    """A persisted document's id (``sha256:<hex>``), when the request names one."""


def media_ranges(header: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their quality, in order."""
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return ranges


@lru_cache(maxsize=256)  # clients send a handful of distinct Accept headers, each many times
def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header, or None when neither JSON type is acceptable.

    No header, or only wildcards, means ``application/json`` (what the specification advises for
    legacy clients); an explicit ``application/graphql-response+json`` wins a tie.
    """
    if not accept or not accept.strip():
        return JSON
    ranges = media_ranges(accept)
    exact = {m: q for m, q in ranges if m in (GRAPHQL_RESPONSE, JSON) and q > 0}
    if exact:
        return max((GRAPHQL_RESPONSE, JSON), key=lambda m: (exact.get(m, -1.0), m == GRAPHQL_RESPONSE))
    if any(m in ("*/*", "application/*") and q > 0 for m, q in ranges):
        return JSON
    return None


def json_param(raw: str | None, name: str) -> Any:
    """A JSON-encoded query parameter of a GET request (None when absent or empty)."""
    if raw is None or raw == "":
        return None
    try:
        return jsonio.loads(raw)
    except (ValueError, RecursionError):
        raise Problem(400, "BAD_REQUEST", f"`{name}` is not valid JSON") from None


def _not_unicode(name: str) -> Problem:
    return Problem(
        400, "BAD_REQUEST", f"`{name}` holds text that is not valid Unicode (a lone UTF-16 surrogate)"
    )


def _check_text(text: str, name: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise _not_unicode(name) from None


def _check_value(value: Any, name: str) -> None:
    """Refuse values nested deeper than MAX_VALUE_DEPTH or holding text that is not Unicode.

    Iterative, so that the check itself cannot run out of recursion.
    """
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item, name)
        elif isinstance(item, (dict, list)):
            if depth >= MAX_VALUE_DEPTH:
                raise Problem(
                    400, "BAD_REQUEST", f"`{name}` is nested more than {MAX_VALUE_DEPTH} levels deep"
                )
            if isinstance(item, dict):
                for key, inner in item.items():
                    _check_text(key, name)
                    stack.append((inner, depth + 1))
            else:
                stack.extend((inner, depth + 1) for inner in item)


def _document_of(raw: dict[str, Any]) -> tuple[str, str | None, dict[str, Any] | None]:
    """The query text (empty when a persisted document is named instead), the document id and
    the extensions of a request."""
    query = raw.get("query")
    document_id = raw.get("documentId")
    if document_id is not None and not isinstance(document_id, str):
        raise Problem(400, "BAD_REQUEST", "`documentId` must be a string")
    extensions = raw.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise Problem(400, "BAD_REQUEST", "`extensions` must be a JSON object")
    named = document_id is not None or "persistedQuery" in (extensions or {})
    if query is None and named:
        query = ""  # a persisted document: its text is looked up by hash (web/persisted.py)
    elif not isinstance(query, str) or not query.strip():
        raise Problem(400, "BAD_REQUEST", "the request needs a `query`: a non-empty string")
    _check_text(query, "query")
    return query, document_id, extensions


def check_params(raw: dict[str, Any]) -> Params:
    """The request's parameters, or Problem (400) saying what is wrong with them."""
    query, document_id, extensions = _document_of(raw)
    variables = raw.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise Problem(400, "BAD_REQUEST", "`variables` must be a JSON object")
    name = raw.get("operationName")
    if name is not None and not isinstance(name, str):
        raise Problem(400, "BAD_REQUEST", "`operationName` must be a string")
    if name:
        _check_text(name, "operationName")
    if document_id:
        _check_text(document_id, "documentId")
    if variables:
        _check_value(variables, "variables")
    if extensions:
        _check_value(extensions, "extensions")
    return Params(query, variables, name or None, extensions, document_id)
