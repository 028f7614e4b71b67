"""A retiring worker finishes what is in flight and lets kept-alive clients go after one more
answer, instead of dropping their connections as uvicorn's own shutdown does."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from uvicorn.config import Config

from graphservice.workers.draining import DrainingServer


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    assert scope["type"] == "http"
    if scope["path"] == "/slow":
        await asyncio.sleep(0.5)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def server() -> Iterator[tuple[DrainingServer, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    config = Config(
        _app, host="127.0.0.1", port=port, lifespan="off", log_level="warning", timeout_keep_alive=5
    )
    server = DrainingServer(config)
    thread = threading.Thread(target=server.run)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield server, port
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        assert not thread.is_alive()


def _ask(connection: socket.socket, path: str = "/") -> bytes:
    """Send one HTTP/1.1 request on a kept-alive connection; return the whole response."""
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
    response = b""
    while not response.endswith(b"\r\n\r\nok"):
        chunk = connection.recv(4096)
        if not chunk:
            break
        response += chunk
    return response


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def test_a_kept_alive_client_gets_its_next_answer_then_the_connection_closes(
    server: tuple[DrainingServer, int],
) -> None:
    running, port = server
    with socket.create_connection(("127.0.0.1", port)) as connection:
        first = _ask(connection)
        assert first.startswith(b"HTTP/1.1 200") and b"connection: close" not in first
        running.should_exit = True  # what SIGTERM does
        deadline = time.monotonic() + 5
        while not _refused(port) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _refused(port)  # it no longer accepts: the other workers take new connections
        second = _ask(connection)  # uvicorn's own shutdown had closed this idle connection
        assert second.startswith(b"HTTP/1.1 200") and second.endswith(b"ok")
        assert b"connection: close" in second
        assert connection.recv(1) == b""  # and then it closes, cleanly


def test_a_request_in_flight_is_finished(server: tuple[DrainingServer, int]) -> None:
    running, port = server
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(b"GET /slow HTTP/1.1\r\nHost: test\r\n\r\n")
        time.sleep(0.1)  # the request is being answered
        running.should_exit = True
        answer = b""
        while chunk := connection.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"ok")
