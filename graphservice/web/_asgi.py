"""The few ASGI-level helpers the GraphQL endpoint's byte-for-byte answer path needs: reading
headers straight from the scope, reading a small body and handing it on to the full path."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from graphservice.web.response_cache import MAX_ALIAS_BODY

__all__ = ["header", "is_utf8_json", "read_body", "replay", "small_json"]

JSON = "application/json"


def header(scope: Any, name: bytes) -> str | None:
    """The first value of a header (its name in lower case, as ASGI gives it), or None."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def small_json(scope: Any) -> bool:
    """Whether the request announces a UTF-8 JSON body small enough for the byte-for-byte answer
    lookup (see ``GraphQLEndpoint._send_known``)."""
    length = header(scope, b"content-length")
    return (
        length is not None
        and length.isdigit()
        and int(length) <= MAX_ALIAS_BODY
        and is_utf8_json(header(scope, b"content-type") or "")
    )


async def read_body(receive: Any, read: list[Any]) -> bytes | None:
    """Read the whole body, keeping the ASGI messages in ``read`` for ``replay``; None when the
    client goes away or sends more than it announced."""
    size = 0
    while True:
        message = await receive()
        read.append(message)
        if message["type"] != "http.request":
            return None
        size += len(message.get("body", b""))
        if size > MAX_ALIAS_BODY:
            return None
        if not message.get("more_body", False):
            return b"".join(m.get("body", b"") for m in read)


def replay(read: list[Any], receive: Any) -> Any:
    """An ASGI ``receive`` that gives the messages already read again, then reads on."""
    pending = list(read)

    async def replayed() -> Any:
        return pending.pop(0) if pending else await receive()

    return replayed


@lru_cache(maxsize=256)  # clients send a handful of distinct Content-Type values, each many times
def is_utf8_json(content_type: str) -> bool:
    """Whether a Content-Type header names JSON in UTF-8 (the default when no charset is given)."""
    kind, *options = [p.strip().lower() for p in content_type.split(";")]
    charset = next((o.split("=", 1)[1].strip('"') for o in options if o.startswith("charset=")), "utf-8")
    return kind == JSON and charset in ("utf-8", "utf8")
