"""docs/deploy.md's example: two replicas on two ports read one folder, take up an edit made by
rename, report the same data version, and honour each other's ETags."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from .conftest import FIXTURES, LIGHTHOUSE
from .serving import serving_process, until

ADA = '{ character(slug: "ada", work: "carrow-point") { id name } }'


@pytest.fixture
def replicas(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    books = tmp_path / "books"
    books.mkdir()
    shutil.copy(LIGHTHOUSE, books / "lighthouse.yaml")
    shutil.copy(FIXTURES / "minimal.yaml", books / "minimal.yaml")
    with contextlib.ExitStack() as stack:
        urls = [
            stack.enter_context(serving_process("--data", str(books), "--reload-data"))[0] for _ in range(2)
        ]
        yield books, urls


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
    assert until(lambda: _name(first) == "Ada Marr" and _name(second) == "Ada Marr")
    assert _version(first) == _version(second) != before
