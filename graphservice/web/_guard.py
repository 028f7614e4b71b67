"""The connection guard behind graphservice/web/server.py: uvicorn's HTTP protocols with header and
body read deadlines, a cap on open connections and a limit on requests in progress.

uvicorn (0.54) has none of these: it starts no timer before a request's headers are complete (its
keep-alive timer runs only between requests, and any byte stops it), so a client sending a header
line every few seconds holds its connection for ever; it reads a request body as slowly as the
client sends it; it accepts connections until the process runs out of file descriptors; and its
``limit_concurrency`` counts open connections as well as requests, so a crowd of idle or slow
connections would turn every real request away with a plain-text 503.

A connection waiting for something from its client is in one of two books, ordered by deadline:
``headers`` (a new connection, or a kept-alive one whose next request has started to arrive but
whose headers have not) and ``bodies`` (headers read, body still coming). A sweep (every second at
most) closes what is past its deadline, and a new connection over the cap closes the one that
has waited longest. A request that arrives whole in one read books nothing; nothing is scheduled
per request.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any, ClassVar

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from graphservice import jsonio

__all__ = ["MAX_HEADER_BYTES", "ConnectionLimits", "Guard", "GuardedH11Protocol", "GuardedHttpToolsProtocol"]

logger = logging.getLogger("graphservice.server")

MAX_HEADER_BYTES = 65_536
"""Most bytes of one request's headers. httptools sets no limit of its own, so without this one
a client could send headers for the whole of header_timeout and the server would keep them all
(hundreds of megabytes a second); h11 gets the same limit through uvicorn's option."""
REPORT_EVERY = 10.0
"""Seconds between the log lines that count what the guard closed or refused."""


@dataclass(frozen=True)
class ConnectionLimits:
    """The limits one server process enforces."""

    header_timeout: float
    body_timeout: float
    max_connections: int
    max_concurrent_requests: int
    retry_after: int

    @property
    def tick(self) -> float:
        """Seconds between sweeps: a tenth of the shorter deadline, within 0.05 to 1 s."""
        return min(1.0, max(0.05, min(self.header_timeout, self.body_timeout) / 10))


def _response(status: str, headers: list[tuple[bytes, bytes]], body: bytes) -> bytes:
    lines = [f"HTTP/1.1 {status}".encode(), *(name + b": " + value for name, value in headers), b"", body]
    return b"\r\n".join(lines)


def _error(message: str, code: str) -> bytes:
    # The project's GraphQL error shape, so a client handles these like any other error.
    return jsonio.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})


class Guard:
    """One server's book-keeping: who is waiting for what from its client, and until when."""

    _of: ClassVar[weakref.WeakKeyDictionary[ServerState, Guard]] = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, state: ServerState, loop: asyncio.AbstractEventLoop, limits: ConnectionLimits) -> Guard:
        """The guard of the server owning ``state`` (one per uvicorn server), made on first use."""
        guard = cls._of.get(state)
        if guard is None:
            guard = cls._of[state] = cls(state, loop, limits)
        return guard

    def __init__(self, state: ServerState, loop: asyncio.AbstractEventLoop, limits: ConnectionLimits) -> None:
        self.limits = limits
        self.loop = loop
        self.connections: set[Any] = state.connections  # uvicorn's: HTTP and WebSocket
        self.headers: OrderedDict[_Guarded, float] = OrderedDict()
        self.bodies: OrderedDict[_Guarded, float] = OrderedDict()
        self.counts: Counter[str] = Counter()
        retry = [(b"retry-after", str(limits.retry_after).encode())]
        busy = _error(
            f"the server is busy: {limits.max_concurrent_requests} requests in progress; "
            f"retry after {limits.retry_after} s",
            "SERVICE_UNAVAILABLE",
        )
        self.busy_headers, self.busy_body = self._headers(busy, retry), busy
        full = _error(
            f"the server has too many open connections; retry after {limits.retry_after} s",
            "SERVICE_UNAVAILABLE",
        )
        self.full = _response("503 Service Unavailable", self._headers(full, retry), full)
        late = _error(f"the request body did not arrive within {limits.body_timeout:g} s", "REQUEST_TIMEOUT")
        self.late = _response("408 Request Timeout", self._headers(late, []), late)
        huge = _error(f"the request headers are larger than {MAX_HEADER_BYTES} bytes", "HEADERS_TOO_LARGE")
        self.huge = _response("431 Request Header Fields Too Large", self._headers(huge, []), huge)
        self._reported = loop.time()
        loop.call_later(limits.tick, self._sweep)

    @staticmethod
    def _headers(body: bytes, extra: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        return [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *extra,
            (b"connection", b"close"),
        ]

    async def busy(self, scope: Any, receive: Any, send: Any) -> None:
        """The ASGI app a request gets over the concurrency limit: 503 with Retry-After."""
        self.counts["busy"] += 1
        await send({"type": "http.response.start", "status": 503, "headers": self.busy_headers})
        await send({"type": "http.response.body", "body": self.busy_body})

    def admit(self, conn: _Guarded) -> None:
        """Book a new connection. Over the cap, close the connection that has waited longest for
        its client's headers (else body, else an idle kept-alive one), or else refuse this one."""
        if len(self.connections) > self.limits.max_connections:
            victim = self._victim(conn)
            if victim is None:  # every connection is in the middle of a request
                conn.transport.write(self.full)
                conn.transport.close()
                self.counts["refused"] += 1
                return
            victim.transport.close()
            self.counts["evicted"] += 1
        self.headers[conn] = self.loop.time() + self.limits.header_timeout
        conn._waiting = True

    def _victim(self, conn: _Guarded) -> _Guarded | None:
        for book in (self.headers, self.bodies):
            if book:
                victim, _ = book.popitem(last=False)
                return victim
        # Idle kept-alive connections are in no book (that would cost every request a booking).
        # The others outside the books are busy, at most max_concurrent_requests of them (the
        # rest got 503 and are closing), so an idle one turns up soon.
        idle = (
            other
            for other in self.connections
            if isinstance(other, _Guarded)  # not a WebSocket
            and other is not conn
            and other.cycle is not None
            and other.cycle.response_complete
            and not other.transport.is_closing()
        )
        return next(idle, None)

    def too_large(self, conn: _Guarded) -> None:
        """Answer 431 to a request whose headers have grown past MAX_HEADER_BYTES, and close."""
        self.headers.pop(conn, None)
        conn.transport.write(self.huge)
        conn.transport.close()
        self.counts["headers_too_large"] += 1

    def forget(self, conn: _Guarded) -> None:
        """Drop a connection from the books: it closed, or is no longer HTTP."""
        self.headers.pop(conn, None)
        self.bodies.pop(conn, None)
        conn._waiting = conn._reading_body = False

    def _sweep(self) -> None:
        now = self.loop.time()
        for book, expire in ((self.headers, self._headers_late), (self.bodies, self._body_late)):
            while book:
                conn, deadline = next(iter(book.items()))
                if deadline > now:
                    break
                del book[conn]
                expire(conn)
        if now - self._reported >= REPORT_EVERY:
            self._report(now)
        self.loop.call_later(self.limits.tick, self._sweep)

    def _headers_late(self, conn: _Guarded) -> None:
        # No answer: there is no request to answer yet, and a slowloris client would not read it.
        conn.transport.close()
        self.counts["header_timeout"] += 1

    def _body_late(self, conn: _Guarded) -> None:
        cycle = conn.cycle
        if cycle is not None and not cycle.response_started:
            conn.transport.write(self.late)
            # What uvicorn's connection_lost would do on the next turn of the loop, done now so
            # the app stops waiting for the body and nothing else is written.
            cycle.disconnected = True
            cycle.message_event.set()
        conn.transport.close()
        self.counts["body_timeout"] += 1

    def _report(self, now: float) -> None:
        if self.counts:
            logger.warning(
                "connection guard over the last %.0f s: %s; %d connections open",
                now - self._reported,
                ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items())),
                len(self.connections),
            )
            self.counts.clear()
        self._reported = now


class _Guarded(asyncio.Protocol):
    """What the guarded protocols add to uvicorn's; mixed in before uvicorn's protocol class.

    A request that arrives whole in one read, the usual case, books nothing: the work per
    request is the concurrency check and a comparison.
    """

    # Slots, not the instance dict: uvicorn's protocol already keeps about thirty attributes,
    # and past thirty CPython drops its fast attribute layout for all of them.
    __slots__ = ("_app", "_guard", "_header_bytes", "_limit", "_reading_body", "_request", "_waiting")

    # Set by uvicorn's protocol class; declared for the type checker.
    app: Any
    loop: asyncio.AbstractEventLoop
    tasks: set[asyncio.Task[None]]
    server_state: ServerState
    transport: asyncio.Transport
    cycle: Any

    def __init__(self, *args: Any, limits: ConnectionLimits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._guard = Guard.of(self.server_state, self.loop, limits)
        self._limit = limits.max_concurrent_requests
        self._app = self.app
        self._request: Any = None  # the request whose headers were last seen complete
        self._waiting = False  # in the headers book
        self._header_bytes = 0  # read while waiting
        self._reading_body = False  # in the bodies book

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._guard.admit(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._guard.forget(self)
        super().connection_lost(exc)

    def handle_websocket_upgrade(self, *args: Any) -> None:
        # The connection passes to uvicorn's WebSocket protocol, which the guard does not follow:
        # a header deadline left behind would close the socket under it.
        self._guard.forget(self)
        super().handle_websocket_upgrade(*args)  # type: ignore[misc]  # uvicorn's, next in the MRO

    def _feed(self, data: bytes) -> None:
        """uvicorn's data_received (each subclass names it): called directly, as super() would
        cost every read a lookup."""
        raise NotImplementedError

    def data_received(self, data: bytes) -> None:
        guard = self._guard
        # uvicorn picks ``self.app`` for a request once its headers are in, during the call
        # below; requests still reading their bodies do not count, so slow uploads cannot
        # crowd out requests that are ready to run.
        self.app = guard.busy if len(self.tasks) - len(guard.bodies) >= self._limit else self._app
        self._feed(data)
        cycle = self.cycle
        if cycle is not self._request:  # a request's headers are complete
            self._request = cycle
            if self._waiting or self._reading_body or cycle.more_body:
                self._headers_done(cycle)
        elif self._waiting:  # the headers are still not complete
            self._header_bytes += len(data)
            if self._header_bytes > MAX_HEADER_BYTES:
                guard.too_large(self)
        elif cycle is not None and (self._reading_body or cycle.response_complete):
            self._more_data(cycle, len(data))

    def _headers_done(self, cycle: Any) -> None:
        guard = self._guard
        if self._waiting:
            guard.headers.pop(self, None)
            self._waiting = False
            self._header_bytes = 0
        if self._reading_body:  # a pipelined request follows one whose body never finished
            guard.bodies.pop(self, None)
            self._reading_body = False
        if cycle.more_body:
            guard.bodies[self] = self.loop.time() + guard.limits.body_timeout
            self._reading_body = True

    def _more_data(self, cycle: Any, size: int) -> None:
        guard = self._guard
        if self._reading_body and (cycle.response_complete or not cycle.more_body):
            guard.bodies.pop(self, None)
            self._reading_body = False
        if cycle.response_complete and not self._waiting:
            # The first bytes of the next request on a kept-alive connection: they stopped
            # uvicorn's keep-alive timer, so the header deadline starts here.
            guard.headers[self] = self.loop.time() + guard.limits.header_timeout
            self._waiting = True
            self._header_bytes = size


class GuardedHttpToolsProtocol(_Guarded, HttpToolsProtocol):
    """uvicorn's httptools protocol with the guard."""

    _feed = HttpToolsProtocol.data_received


class GuardedH11Protocol(_Guarded, H11Protocol):
    """uvicorn's h11 protocol with the guard."""

    _feed = H11Protocol.data_received

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # h11 may go straight on to a pipelined request here, with no read to notice it by.
        if self.cycle is not self._request:
            self._request = self.cycle
            self._headers_done(self.cycle)
