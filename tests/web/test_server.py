"""Connection hygiene, checked with raw sockets against real servers on 127.0.0.1: header and body
deadlines, idle keep-alive connections, the connection cap under a crowd of slow clients, the
503 over the concurrency limit, and the raised open-file limit.

The end-to-end server is ``graphservice serve`` (httptools); the same checks run against uvicorn
in a thread with the h11 protocol, so both guarded protocol classes are covered.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import pickle
import random
import resource
import selectors
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from graphservice.settings import ENV_PREFIX, Settings, load_settings
from graphservice.web import create_app
from graphservice.web._guard import GuardedH11Protocol, GuardedHttpToolsProtocol
from graphservice.web.server import connection_cap, uvicorn_options

from ..conftest import LIGHTHOUSE

LIMITS = {"header_timeout": 2.0, "keep_alive_timeout": 1.0, "body_timeout": 1.0, "max_connections": 50}
"""Small limits, so each check takes a couple of seconds."""
QUERY = b'{"query": "{ character(slug: \\"ada\\") { name } }"}'


@dataclass
class Served:
    """A server under test: where it listens and, for a subprocess, its pid."""

    port: int
    pid: int | None = None
    http: str = "httptools"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return sock


def _until_closed(sock: socket.socket, trickle: float | None = None) -> tuple[float, bytes]:
    """Read until the server closes; return the seconds it took and what it sent. With
    ``trickle``, send a header line that many seconds apart meanwhile (slowloris)."""
    started = time.monotonic()
    sock.settimeout(trickle or 10)
    received = b""
    while time.monotonic() - started < 15:
        try:
            data = sock.recv(65536)
        except TimeoutError:
            sock.sendall(b"X-Slow: 1\r\n")
            continue
        except ConnectionResetError:
            data = b""
        if not data:
            return time.monotonic() - started, received
        received += data
    raise AssertionError("the server never closed the connection")


def _response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Read one HTTP response (with a Content-Length, or up to the server closing)."""
    sock.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
    if "content-length" not in headers:  # delimited by the server closing
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                body += chunk
    while len(body) < int(headers.get("content-length", len(body))):
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed in the body")
        body += chunk
    return int(status_line.split()[1]), headers, body


def _post(query: bytes = QUERY) -> bytes:
    return (
        b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
        b"Content-Length: " + str(len(query)).encode() + b"\r\n\r\n" + query
    )


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), _connect(port) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            if _response(sock)[0] == 200:
                return
        time.sleep(0.1)
    raise AssertionError("the server did not come up")


def _lower_fd_limit() -> None:  # in the server's process, before it starts
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, hard // 2), hard))


@contextlib.contextmanager
def _serve_subprocess(tmp: Path) -> Iterator[Served]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env.update({f"{ENV_PREFIX}{k.upper()}": str(v) for k, v in LIMITS.items()})
    env[f"{ENV_PREFIX}LOG_LEVEL"] = "warning"
    with (tmp / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "graphservice", "serve", "--data", str(LIGHTHOUSE), "--port", str(port)],
            stdout=log,
            stderr=log,
            env=env,
            preexec_fn=_lower_fd_limit,
        )
    try:
        _wait_until_up(port)
        yield Served(port, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def _serve_thread(app: Any, settings: Settings, http: str, **extra: Any) -> Iterator[Served]:
    """uvicorn in a thread with the guard's options; restores this process's open-file limit."""
    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    port = _free_port()
    options = uvicorn_options(settings, http=http) | extra  # type: ignore[arg-type]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        _wait_until_up(port)
        yield Served(port)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        resource.setrlimit(resource.RLIMIT_NOFILE, before)


@pytest.fixture(scope="module")
def serve_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``graphservice serve`` (httptools) in a subprocess, with LIMITS."""
    with _serve_subprocess(tmp_path_factory.mktemp("serve")) as served:
        yield served


@pytest.fixture(scope="module", params=["serve", "h11"])
def served(request: pytest.FixtureRequest) -> Iterator[Served]:
    """The subprocess, or the same app and LIMITS under uvicorn's h11 protocol in a thread."""
    if request.param == "serve":
        yield request.getfixturevalue("serve_process")
        return
    settings = load_settings(data=(LIGHTHOUSE,), log_level="warning", **LIMITS)
    with _serve_thread(create_app(settings), settings, "h11") as served:
        served.http = "h11"
        yield served


def test_a_half_sent_header_is_closed_after_header_timeout_even_while_trickling(served: Served) -> None:
    with _connect(served.port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHo")
        seconds, sent = _until_closed(sock, trickle=0.4)  # a byte now and then must not buy time
    assert 1.5 <= seconds <= 3.5, seconds
    assert sent == b""


def test_a_busy_keep_alive_connection_outlives_header_timeout(served: Served) -> None:
    with _connect(served.port) as sock:
        started = time.monotonic()
        answers = 0
        while time.monotonic() - started < 3.0:  # longer than header_timeout, in steps under it
            sock.sendall(_post())
            status, _, body = _response(sock)
            assert (status, json.loads(body)) == (200, {"data": {"character": {"name": "Ada Venn"}}})
            answers += 1
            time.sleep(0.5)
    assert answers >= 5


def test_a_trickled_request_on_a_kept_alive_connection_is_closed_after_header_timeout(served: Served) -> None:
    with _connect(served.port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        assert _response(sock)[0] == 200
        sock.sendall(b"GET /healthz HTTP/1.1\r\n")  # the first bytes stop uvicorn's keep-alive timer
        seconds, sent = _until_closed(sock, trickle=0.4)
    assert 1.5 <= seconds <= 3.5, seconds
    assert sent == b""


def test_headers_past_64_kib_are_refused_at_once(served: Served) -> None:
    with _connect(served.port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")
        started = time.monotonic()
        with contextlib.suppress(OSError):  # the server may close while this still sends
            for _ in range(20):
                sock.sendall(b"X-Fill: " + b"a" * 8000 + b"\r\n")
                time.sleep(0.01)
        status, _, body = _response(sock)
    assert time.monotonic() - started < 1.5  # not left to header_timeout (2 s)
    if served.http == "httptools":  # the guard's limit
        assert status == 431
        assert json.loads(body)["errors"][0]["extensions"] == {"code": "HEADERS_TOO_LARGE"}
    else:  # h11's own, set to the same size through uvicorn's option
        assert status == 400


def test_an_idle_keep_alive_connection_is_closed_after_keep_alive_timeout(served: Served) -> None:
    with _connect(served.port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        assert _response(sock)[0] == 200
        seconds, sent = _until_closed(sock)
    assert 0.7 <= seconds <= 1.8, seconds  # keep_alive_timeout 1 s, well before header_timeout
    assert sent == b""


def test_a_stalled_body_gets_408_and_the_connection_closed(served: Served) -> None:
    with _connect(served.port) as sock:
        sock.sendall(_post()[:-10])  # the headers and all but ten bytes of the body
        started = time.monotonic()
        status, headers, body = _response(sock)
        seconds = time.monotonic() - started
        assert _until_closed(sock)[1] == b""
    assert 0.7 <= seconds <= 2.5, seconds
    assert (status, headers["connection"], headers["content-type"]) == (408, "close", "application/json")
    assert json.loads(body) == {
        "errors": [
            {
                "message": "the request body did not arrive within 1 s",
                "extensions": {"code": "REQUEST_TIMEOUT"},
            }
        ]
    }


class SlowCrowd:
    """``count`` slowloris connections: half a request each, reopened a moment after the server
    drops one, from a thread, until stopped."""

    def __init__(self, port: int, count: int) -> None:
        self.port = port
        self.selector = selectors.DefaultSelector()
        self.dropped = 0
        self.stop = threading.Event()
        for _ in range(count):
            self._open()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _open(self) -> None:
        sock = socket.socket()
        sock.setblocking(False)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, no TIME_WAIT
        with contextlib.suppress(BlockingIOError):
            sock.connect(("127.0.0.1", self.port))
        self.selector.register(sock, selectors.EVENT_WRITE, "connecting")

    def _run(self) -> None:
        reopen: list[float] = []
        while not self.stop.is_set():
            for key, _ in self.selector.select(timeout=0.05):
                sock: socket.socket = key.fileobj  # type: ignore[assignment]
                if key.data == "connecting":
                    try:
                        sock.send(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")
                    except OSError:
                        self._drop(sock, reopen)
                        continue
                    self.selector.modify(sock, selectors.EVENT_READ, "open")
                else:
                    with contextlib.suppress(OSError):
                        if sock.recv(4096):
                            continue  # not expected: the server never answers half a request
                    self._drop(sock, reopen)
            now = time.monotonic()
            while reopen and reopen[0] <= now:
                reopen.pop(0)
                self._open()

    def _drop(self, sock: socket.socket, reopen: list[float]) -> None:
        self.selector.unregister(sock)
        sock.close()
        self.dropped += 1
        reopen.append(time.monotonic() + random.uniform(0.1, 0.3))  # noqa: S311 - jitter, not crypto
        reopen.sort()

    def close(self) -> None:
        """Stop the thread and close every socket."""
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()  # type: ignore[union-attr]
        self.selector.close()


def _request_on_new_connection(port: int) -> bool:
    try:
        with _connect(port) as sock:
            sock.sendall(_post())
            return _response(sock)[0] == 200
    except OSError:
        return False


def test_slow_crowd_over_the_cap_does_not_keep_other_clients_out(served: Served) -> None:
    crowd = SlowCrowd(served.port, 200)  # four times max_connections
    try:
        crowd.thread.start()
        time.sleep(1.0)
        # Well before header_timeout (2 s): only the cap closes connections this early.
        assert crowd.dropped >= 140, crowd.dropped
        served_ok = sum(_request_on_new_connection(served.port) for _ in range(100))
    finally:
        crowd.close()
    assert served_ok >= 99, served_ok


def test_serve_raises_the_soft_open_file_limit_to_the_hard_one(serve_process: Served) -> None:
    line = next(
        line
        for line in Path(f"/proc/{serve_process.pid}/limits").read_text().splitlines()
        if "open files" in line
    )
    soft, hard = line.split()[3:5]
    # _lower_fd_limit started the server with a soft limit of at most half the hard one.
    assert soft == hard, line


# The concurrency limit, against a small app whose /slow requests take a while.


def _slow_app(release: threading.Event) -> Callable[..., Any]:
    async def app(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            return
        while True:  # read the whole body, as any endpoint must
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        if scope["path"] == "/slow":
            while not release.is_set():
                await asyncio.sleep(0.01)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


@pytest.mark.parametrize("http", ["httptools", "h11"])
def test_over_the_concurrency_limit_a_request_gets_503_with_retry_after(http: str) -> None:
    release = threading.Event()
    settings = load_settings(max_concurrent_requests=2, retry_after=7, log_level="warning")
    with _serve_thread(_slow_app(release), settings, http) as served:
        slow = [_connect(served.port) for _ in range(2)]
        try:
            for sock in slow:
                sock.sendall(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            time.sleep(0.3)
            with _connect(served.port) as sock:
                sock.sendall(b"GET /fast HTTP/1.1\r\nHost: t\r\n\r\n")
                status, headers, body = _response(sock)
                assert _until_closed(sock)[1] == b""
            release.set()
            assert [_response(sock)[0] for sock in slow] == [200, 200]
        finally:
            for sock in slow:
                sock.close()
        after = _request_on_new_connection(served.port)
    assert (status, headers["retry-after"], headers["content-type"]) == (503, "7", "application/json")
    assert json.loads(body) == {
        "errors": [
            {
                "message": "the server is busy: 2 requests in progress; retry after 7 s",
                "extensions": {"code": "SERVICE_UNAVAILABLE"},
            }
        ]
    }
    assert after  # once the slow ones are done, requests run again


@pytest.mark.parametrize("http", ["httptools", "h11"])
def test_at_the_cap_an_idle_kept_alive_connection_makes_way(http: str) -> None:
    settings = load_settings(max_connections=3, log_level="warning")
    with _serve_thread(_slow_app(threading.Event()), settings, http) as served:
        time.sleep(0.2)  # the readiness probe's connection is gone
        idle = [_connect(served.port) for _ in range(3)]
        try:
            for sock in idle:
                sock.sendall(b"GET /fast HTTP/1.1\r\nHost: t\r\n\r\n")
                assert _response(sock)[0] == 200
            assert _request_on_new_connection(served.port)
            closed = 0
            for sock in idle:
                sock.settimeout(1)
                with contextlib.suppress(TimeoutError):
                    closed += sock.recv(1) == b""
        finally:
            for sock in idle:
                sock.close()
    assert closed == 1


@pytest.mark.parametrize("http", ["httptools", "h11"])
def test_at_the_cap_with_every_connection_busy_a_newcomer_gets_503(http: str) -> None:
    release = threading.Event()
    settings = load_settings(max_connections=2, retry_after=3, log_level="warning")
    with _serve_thread(_slow_app(release), settings, http) as served:
        time.sleep(0.2)  # the readiness probe's connection is gone
        busy = [_connect(served.port) for _ in range(2)]
        try:
            for sock in busy:
                sock.sendall(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            time.sleep(0.3)
            with _connect(served.port) as sock:  # nobody is waiting for a client: nothing to close
                status, headers, body = _response(sock)
            release.set()
            assert [_response(sock)[0] for sock in busy] == [200, 200]  # untouched
        finally:
            for sock in busy:
                sock.close()
    assert (status, headers["retry-after"], headers["connection"]) == (503, "3", "close")
    assert json.loads(body)["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE"}


@pytest.mark.parametrize("http", ["httptools", "h11"])
def test_requests_still_sending_their_bodies_do_not_count_against_the_limit(http: str) -> None:
    settings = load_settings(max_concurrent_requests=2, log_level="warning")
    with _serve_thread(_slow_app(threading.Event()), settings, http) as served:
        uploads = [_connect(served.port) for _ in range(3)]
        try:
            for sock in uploads:
                sock.sendall(b"POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc")
            time.sleep(0.3)
            assert _request_on_new_connection(served.port)
        finally:
            for sock in uploads:
                sock.close()


class _Switched(asyncio.Protocol):
    """Stands in for uvicorn's WebSocket protocol (none may be installed): answers the upgrade
    with 101, then echoes what it reads."""

    def __init__(self, config: Any, server_state: Any, app_state: Any, _loop: Any = None) -> None:
        self.connections: set[Any] = server_state.connections
        self.transport: Any = None

    def connection_made(self, transport: Any) -> None:
        self.connections.add(self)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if data.startswith(b"GET "):  # the upgrade request, replayed by uvicorn
            data = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
        self.transport.write(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self.connections.discard(self)

    def shutdown(self) -> None:
        """Called by uvicorn on shutdown."""
        self.transport.close()


@pytest.mark.parametrize("http", ["httptools", "h11"])
def test_an_upgraded_connection_leaves_the_header_deadline_behind(http: str) -> None:
    settings = load_settings(header_timeout=1, keep_alive_timeout=1, log_level="warning")
    with (
        _serve_thread(_slow_app(threading.Event()), settings, http, ws=_Switched) as served,
        _connect(served.port) as sock,
    ):
        sock.sendall(
            b"GET /live HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        assert sock.recv(4096).startswith(b"HTTP/1.1 101 ")
        time.sleep(1.6)  # past header_timeout and the next sweep
        sock.sendall(b"still here?")
        assert sock.recv(4096) == b"still here?"


# The pieces: the cap's arithmetic, the options, the settings.


@pytest.mark.parametrize(
    ("fd_limit", "wanted", "expected"),
    [
        (20_000, None, (17_824, 2048)),  # the limit less a full backlog and the reserve
        (524_288, None, (32_768, 2048)),  # systemd's hard limit: the default cap
        (1024, None, (640, 256)),  # a small limit shrinks the backlog instead
        (20_000, 50, (50, 2048)),
        (1024, 5000, (640, 256)),  # never past what the open-file limit allows
    ],
)
def test_connection_cap(fd_limit: int, wanted: int | None, expected: tuple[int, int]) -> None:
    assert connection_cap(fd_limit, wanted) == expected


def test_a_cap_above_the_open_file_limit_is_lowered_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="graphservice.server"):
        connection_cap(1024, 5000)
    assert "max_connections 5000 lowered to 640: the open-file limit is 1024" in caplog.text


def test_raise_fd_limit_reaches_the_hard_limit() -> None:
    # In a process of its own, with limits of its own (2,048 soft, 4,096 hard): a hard limit can
    # be lowered but not raised again, and this machine's may be unlimited.
    script = (
        "import resource\n"
        "from graphservice.web.server import raise_fd_limit\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (2048, 4096))\n"
        "print(raise_fd_limit(), *resource.getrlimit(resource.RLIMIT_NOFILE))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["4096", "4096", "4096"]


def test_uvicorn_options_carry_the_settings_and_survive_pickling() -> None:
    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        settings = load_settings(header_timeout=12, keep_alive_timeout=3, max_connections=77, retry_after=4)
        options = uvicorn_options(settings)
        h11 = uvicorn_options(settings, http="h11")
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, before)
    limits = options["http"].keywords["limits"]
    assert (options["http"].func, h11["http"].func) == (GuardedHttpToolsProtocol, GuardedH11Protocol)
    assert (limits.header_timeout, limits.max_connections, limits.retry_after) == (12, 77, 4)
    assert (options["timeout_keep_alive"], options["limit_concurrency"]) == (3, None)
    # With --workers, uvicorn pickles its config into each spawned worker.
    assert pickle.loads(pickle.dumps(options["http"])).keywords  # noqa: S301 - our own bytes == options["http"].keywords
