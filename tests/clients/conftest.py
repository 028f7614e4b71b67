"""Client tests: the real app under uvicorn on 127.0.0.1, called by stock GraphQL clients.

Node.js and the packages of ``npm ci --prefix web`` are required, as for the browser tests: when
either is missing the tests fail and say what to install (a skipped check would pass unnoticed).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from graphservice.settings import load_settings
from graphservice.web.app import create_app
from tests.conftest import NOVEL, ROOT

WEB = ROOT / "web"
NEEDED = ("@apollo/client", "@graphql-codegen/cli", "@graphql-codegen/client-preset")


@contextlib.contextmanager
def running(**overrides: Any) -> Iterator[str]:
    """The app serving the novel (with ``overrides`` of its settings) under uvicorn on a free local
    port; yields its base URL."""
    settings = load_settings(data=str(NOVEL), assets_dir=str(WEB / "node_modules"), **overrides)
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


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app serving the novel, with default settings."""
    with running() as url:
        yield url


@pytest.fixture(scope="session")
def node() -> str:
    """The ``node`` on PATH, once the packages the client scripts import are installed."""
    found = shutil.which("node")
    if found is None:
        pytest.fail("the client tests need Node.js (20 or newer) on PATH")
    missing = [name for name in NEEDED if not (WEB / "node_modules" / name / "package.json").exists()]
    if missing:
        pytest.fail(f"the client tests need {', '.join(missing)}: run `npm ci --prefix web`")
    return found


def run_node(args: list[str], timeout: float = 120, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a node command from ``web/`` (where its packages resolve), capturing its output."""
    return subprocess.run(
        args, cwd=WEB, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )


def report(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    """The JSON report a client script printed; fails with its output when there is none."""
    try:
        parsed = json.loads(done.stdout)
    except ValueError:
        pytest.fail(f"no JSON report (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    assert isinstance(parsed, dict)
    return parsed


def script(name: str) -> Path:
    """A client script of ``web/clients``."""
    return WEB / "clients" / name
