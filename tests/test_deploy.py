"""docs/deploy.md's example: two replicas on two ports read one folder, take up an edit made by
rename, report the same data version, and honour each other's ETags."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from .conftest import FIXTURES, LIGHTHOUSE

ADA = '{ character(slug: "ada", work: "carrow-point") { id name } }'


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _until(done: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if done():
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return False


@pytest.fixture
def replicas(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    books = tmp_path / "books"
    books.mkdir()
    shutil.copy(LIGHTHOUSE, books / "lighthouse.yaml")
    shutil.copy(FIXTURES / "minimal.yaml", books / "minimal.yaml")
    procs, urls = [], []
    for _ in range(2):
        port = _port()
        command = [sys.executable, "-m", "graphservice", "serve", "--data", str(books), "--reload-data"]
        procs.append(
            subprocess.Popen(
                [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        assert _until(lambda: all(httpx.get(f"{url}/readyz").status_code == 200 for url in urls))
        yield books, urls
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=15)


def _version(url: str) -> str:
    found: str = httpx.get(f"{url}/readyz").json()["version"]
    return found


def _name(url: str) -> str:
    found: str = httpx.post(f"{url}/graphql", json={"query": ADA}).json()["data"]["character"]["name"]
    return found


def test_two_replicas_take_up_an_edit_made_by_rename(replicas: tuple[Path, list[str]]) -> None:
    books, (first, second) = replicas
    assert _version(first) == _version(second)
    before = _version(first)
    etag = httpx.get(f"{first}/graphql", params={"query": ADA}).headers["etag"]
    assert (
        httpx.get(f"{second}/graphql", params={"query": ADA}, headers={"if-none-match": etag}).status_code
        == 304
    )

    edit = books / ".edit.yaml"  # a hidden name: not a work while it is written
    edit.write_text(LIGHTHOUSE.read_text(encoding="utf-8").replace("name: Ada Venn", "name: Ada Marr"))
    edit.rename(books / "lighthouse.yaml")
    assert _until(lambda: _name(first) == "Ada Marr" and _name(second) == "Ada Marr")
    assert _version(first) == _version(second) != before
