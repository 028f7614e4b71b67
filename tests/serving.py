"""The app under uvicorn on a free port of 127.0.0.1, in a thread: for the tests that need a real
server (browsers, real clients); and `graphservice serve` in a process of its own, as a user
starts it (reloads, signals, replicas)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx2 as httpx
import pytest
import uvicorn

from bench.load import free_port
from graphservice.settings import load_settings
from graphservice.web.app import create_app
from tests.conftest import ROOT


@contextlib.contextmanager
def running(data: str, **overrides: Any) -> Iterator[str]:
    """The app serving ``data`` (comma-separated files) with the installed browser assets and any
    other settings given; yields its base URL."""
    settings = load_settings(data=data, assets_dir=str(ROOT / "web" / "node_modules"), **overrides)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def until(done: Callable[[], bool], seconds: float = 30) -> bool:
    """Whether ``done`` holds within ``seconds`` (asked every 0.1 s; a connection refused or
    dropped meanwhile counts as not yet)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if done():
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return False


@contextlib.contextmanager
def serving_process(*options: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`graphservice serve --port P` with these options, in a process of its own; yields its base
    URL and process once /readyz answers, and stops it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "graphservice", "serve", "--port", str(port), *options]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        if not until(lambda: httpx.get(f"{url}/readyz", timeout=2).status_code == 200):
            pytest.fail(f"`graphservice serve {' '.join(options)}` did not start")
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=15)
