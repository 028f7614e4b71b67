"""Client tests: the real app under uvicorn on 127.0.0.1, called by stock GraphQL clients.

Node.js and the packages of ``npm ci --prefix web`` are required, as for the browser tests: when
either is missing the tests fail and say what to install (a skipped check would pass unnoticed).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphservice.settings import Settings
from tests import serving
from tests.conftest import ROOT

WEB = ROOT / "web"
LIBRARY = ",".join(str(ROOT / path) for path in Settings.model_fields["data"].default)
NEEDED = ("@apollo/client", "@graphql-codegen/cli", "@graphql-codegen/client-preset")


def running(**overrides: Any) -> contextlib.AbstractContextManager[str]:
    """The app serving the default library, the novel first, as `graphservice serve` does (with
    ``overrides`` of its settings); yields its base URL."""
    return serving.running(LIBRARY, **overrides)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app serving the default library, with default settings."""
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
