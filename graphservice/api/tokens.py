"""Refuse a document over the token limit before graphql-core reads it.

graphql-core enforces ``max_tokens`` while it parses, which is linear, but its syntax error then
computes the error's line and column (and its message's excerpt) with regular expressions over the
whole body: single C calls that hold the interpreter lock for tens of milliseconds on a 500 KB
document, during which the event loop cannot answer anyone (`/healthz` waited 70 ms on an idle
server). This counts the same tokens graphql-core's ``max_tokens`` counts (comments included) with
one short match per token, so the interpreter can switch threads between them, stops at the first
token over the limit, and gives the error graphql-core would give, located within the part read.
A document it cannot read to the limit (a character that is no token) is left to graphql-core,
which reports it; ``tests/api/test_tokens.py`` checks the count against graphql-core's lexer.
"""

from __future__ import annotations

import re

from graphql import GraphQLError, Source

__all__ = ["over_token_limit", "token_count"]

_IGNORED = re.compile(r"[ \t\n\r,\ufeff]+")
_TOKEN = re.compile(
    r"""
      \#[^\n\r]*                          # a comment: max_tokens counts it
    | \"\"\"(?:\\\"\"\"|[\s\S])*?\"\"\"   # a block string, where \""" is an escaped delimiter
    | "(?:[^"\\\n\r]|\\.)*"               # a string
    | \.\.\.                              # a spread
    | [!$&()\[\]{}:=@|]                   # a punctuator
    | [_A-Za-z][_0-9A-Za-z]*              # a name
    | -?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?  # a number
    """,
    re.VERBOSE,
)


def _tokens(text: str, stop: int) -> tuple[int, int, bool]:
    """(tokens read, start of the last one read, whether the whole text was read), reading at
    most ``stop`` tokens."""
    position, count, last, size = 0, 0, 0, len(text)
    while count < stop:
        ignored = _IGNORED.match(text, position)
        if ignored:
            position = ignored.end()
        if position >= size:
            return count, last, True
        token = _TOKEN.match(text, position)
        if token is None:
            return count, last, False  # not a token: graphql-core reports it
        count, last, position = count + 1, position, token.end()
    return count, last, False


def token_count(text: str) -> int | None:
    """How many tokens graphql-core's lexer reads in ``text`` (comments included), or None when a
    character is no token of GraphQL."""
    count, _, whole = _tokens(text, len(text) + 1)
    return count if whole else None


def over_token_limit(text: str, limit: int) -> GraphQLError | None:
    """The error graphql-core's ``parse(text, max_tokens=limit)`` raises for a document of more than
    ``limit`` tokens, found without reading past the first token over the limit; None otherwise."""
    count, last, _ = _tokens(text, limit + 1)
    if count <= limit:
        return None
    # Located in the text up to that token: the same line and column, without scanning the rest.
    return GraphQLError(
        f"Syntax Error: Document contains more than {limit} tokens. Parsing aborted.",
        source=Source(text[: last + 1]),
        positions=[last],
    )
