"""A uvicorn server that retires without dropping a connection: the workers' graceful restart.

uvicorn's shutdown closes every idle keep-alive connection at once. A client that sends its next
request on such a connection at that moment (under load some always do) gets a read error instead
of an answer: rolling restarts on SIGHUP dropped requests under load. A retiring worker here
first stops accepting connections (the other workers accept them from the shared socket), then
answers each connection's next request with ``Connection: close``, and waits until the clients
have gone, at most the keep-alive timeout, after which uvicorn would close an idle connection
anyway. Only then does uvicorn's own shutdown run: it lets requests in flight finish and closes
what is left.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from uvicorn.server import Server

__all__ = ["DrainingServer"]

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Message, Receive, Send], Awaitable[None]]

_CLOSE = (b"connection", b"close")


class DrainingServer(Server):
    """uvicorn's server, with the drain described above before its shutdown."""

    draining = False
    """Set once the worker is retiring: every response then closes its connection."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start as uvicorn does, with the app wrapped to close connections while draining."""
        self.config.loaded_app = _CloseWhenDraining(self.config.loaded_app, self)
        await super().startup(sockets)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Stop accepting, let clients leave on their next request, then shut down as uvicorn does."""
        for server in getattr(self, "servers", []):
            server.close()
        self.draining = True
        for connection in list(self.server_state.connections):
            cycle = getattr(connection, "cycle", None)  # the request a connection is answering
            if cycle is not None and not cycle.response_complete:
                cycle.keep_alive = False  # began before the drain: its answer closes too
        deadline = time.monotonic() + self.config.timeout_keep_alive + 1
        while self.server_state.connections and not self.force_exit and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await super().shutdown(sockets)


class _CloseWhenDraining:
    """Adds ``Connection: close`` to every response once the server drains; otherwise one check."""

    def __init__(self, app: ASGIApp, server: DrainingServer) -> None:
        self.app = app
        self.server = server

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if not self.server.draining or scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), _CLOSE]}
            await send(message)

        await self.app(scope, receive, closing)
