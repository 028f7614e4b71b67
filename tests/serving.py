"""The app under uvicorn on a free port of 127.0.0.1, in a thread: for the tests that need a real
server (browsers, real clients)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

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
