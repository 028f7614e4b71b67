"""The ASGI helpers of the byte-for-byte answer path: headers, small bodies, and replaying what
was read to the full path."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from graphservice.web._asgi import header, is_utf8_json, read_body, replay, small_json
from graphservice.web.response_cache import MAX_ALIAS_BODY


def _scope(**headers: str) -> dict[str, Any]:
    return {"headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]}


def _receiver(messages: list[dict[str, Any]]) -> Any:
    pending = list(messages)

    async def receive() -> dict[str, Any]:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    return receive


def test_header_finds_the_first_value() -> None:
    scope = _scope(accept="application/json", content_type="application/json")
    assert header(scope, b"content-type") == "application/json"
    assert header(scope, b"if-none-match") is None


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/json", True),
        ("Application/JSON; charset=UTF-8", True),
        ('application/json; charset="utf8"', True),
        ("application/json; charset=latin-1", False),
        ("text/plain", False),
    ],
)
def test_utf8_json(content_type: str, expected: bool) -> None:
    assert is_utf8_json(content_type) is expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"content_type": "application/json", "content_length": "120"}, True),
        ({"content_type": "application/json", "content_length": str(MAX_ALIAS_BODY + 1)}, False),
        ({"content_type": "application/json"}, False),  # chunked: length unknown
        ({"content_type": "text/plain", "content_length": "12"}, False),
    ],
)
def test_small_json(headers: dict[str, str], expected: bool) -> None:
    assert small_json(_scope(**headers)) is expected


def test_a_body_in_chunks_is_joined_and_replayed() -> None:
    messages = [
        {"type": "http.request", "body": b'{"query":', "more_body": True},
        {"type": "http.request", "body": b' "{ a }"}', "more_body": False},
    ]
    read: list[Any] = []
    receive = _receiver(messages)
    assert asyncio.run(read_body(receive, read)) == b'{"query": "{ a }"}'
    again = replay(read, receive)

    async def drain() -> list[dict[str, Any]]:
        return [await again(), await again(), await again()]

    assert asyncio.run(drain()) == [*messages, {"type": "http.disconnect"}]


def test_a_disconnect_or_an_oversized_body_gives_none() -> None:
    assert asyncio.run(read_body(_receiver([{"type": "http.disconnect"}]), [])) is None
    big = [{"type": "http.request", "body": b"x" * (MAX_ALIAS_BODY + 1), "more_body": False}]
    assert asyncio.run(read_body(_receiver(big), [])) is None
