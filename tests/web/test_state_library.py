"""A data folder served as a library: each file stands alone, a bad one is reported and skipped,
and files added, edited, broken or removed are taken up by a reload, the watcher or the workers."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
import yaml
from starlette.testclient import TestClient

from graphservice.errors import DataError
from graphservice.settings import load_settings
from graphservice.web import create_app
from graphservice.web.state import DataHolder

from ..conftest import FIXTURES, LIGHTHOUSE
from ..serving import serving_process, until

WORKS = "{ works { slug } }"
ADA = '{ character(slug: "ada", work: "carrow-point") { id name } }'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three small works and a file that is not valid YAML."""
    root = tmp_path / "books"
    (root / "drafts").mkdir(parents=True)
    shutil.copy(LIGHTHOUSE, root / "lighthouse.yaml")
    shutil.copy(FIXTURES / "minimal.yaml", root / "minimal.yaml")
    shutil.copy(FIXTURES / "drafted.yaml", root / "drafts" / "drafted.yaml")
    shutil.copy(FIXTURES / "broken" / "yaml-syntax.yaml", root / "broken.yaml")
    return root


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    with TestClient(create_app(load_settings(data=str(folder), reload_settle=0))) as client:
        yield client


def _slugs(client: TestClient) -> list[str]:
    return [w["slug"] for w in client.post("/graphql", json={"query": WORKS}).json()["data"]["works"]]


def _reload(client: TestClient) -> bool:
    holder: DataHolder = client.app.state.data  # type: ignore[attr-defined]
    assert client.portal is not None
    return bool(client.portal.call(holder.reload))


def _misspell_a_kind(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("kind: friendship", "kind: frienship"))


def _metric(client: TestClient, state: str) -> float:
    wanted = f'graphservice_works{{state="{state}"}} '
    (line,) = [line for line in client.get("/metrics").text.splitlines() if line.startswith(wanted)]
    return float(line.removeprefix(wanted))


def test_a_bad_file_among_good_ones_is_reported_and_skipped(client: TestClient) -> None:
    assert _slugs(client) == ["wren-crossing", "carrow-point", "minimal"]  # in the order of their paths
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["works_loaded"] == 3
    (skipped,) = ready["works_skipped"]
    assert skipped["file"] == "books/broken.yaml" and skipped["served"] == "nothing"
    assert "invalid YAML" in skipped["reason"]
    assert (_metric(client, "loaded"), _metric(client, "skipped")) == (3, 1)


def test_files_added_and_removed_are_taken_up_by_a_reload(client: TestClient, folder: Path) -> None:
    before = client.get("/readyz").json()["version"]
    (folder / "minimal.yaml").unlink()
    (folder / "broken.yaml").unlink()
    text = LIGHTHOUSE.read_text(encoding="utf-8").replace("slug: carrow-point", "slug: carrow-point-again", 1)
    (folder / "drafts" / "second-lighthouse.yaml").write_text(text, encoding="utf-8")
    assert _reload(client) is True
    assert _slugs(client) == ["wren-crossing", "carrow-point-again", "carrow-point"]
    ready = client.get("/readyz").json()
    assert ready["version"] != before and ready["works_skipped"] == [] and ready["works_loaded"] == 3


def test_a_broken_edit_keeps_the_last_valid_version_with_its_ids_and_etag(
    client: TestClient, folder: Path
) -> None:
    first = client.get("/graphql", params={"query": ADA})
    etag = first.headers["etag"]
    lighthouse = folder / "lighthouse.yaml"
    _misspell_a_kind(lighthouse)
    assert _reload(client) is False  # what is served has not changed
    ready = client.get("/readyz").json()
    broken = next(s for s in ready["works_skipped"] if s["file"] == "books/lighthouse.yaml")
    assert broken["served"] == "its last valid version" and "frienship" in broken["reason"]
    assert "carrow-point" in _slugs(client)
    again = client.get("/graphql", params={"query": ADA}, headers={"if-none-match": etag})
    assert again.status_code == 304  # the same data, so the same answer and the same ETag

    lighthouse.write_text(LIGHTHOUSE.read_text(encoding="utf-8").replace("name: Ada Venn", "name: Ada Marr"))
    assert _reload(client) is True
    fixed = client.get("/graphql", params={"query": ADA}, headers={"if-none-match": etag})
    assert fixed.status_code == 200 and fixed.headers["etag"] != etag
    ada = first.json()["data"]["character"]
    assert fixed.json()["data"]["character"] == {"id": ada["id"], "name": "Ada Marr"}  # the same id
    assert all(s["file"] != "books/lighthouse.yaml" for s in client.get("/readyz").json()["works_skipped"])


def test_an_edit_to_a_file_that_stays_broken_changes_nothing_served(client: TestClient, folder: Path) -> None:
    version = client.get("/readyz").json()["version"]
    (folder / "broken.yaml").write_text("format_version: 1\nwork: {slug: [\n")
    assert _reload(client) is False
    ready = client.get("/readyz").json()
    assert ready["version"] == version
    (skipped,) = ready["works_skipped"]
    assert skipped["reason"].startswith("line 3,")  # the new problem (the old one was on line 10)


@pytest.mark.parametrize("contents", [[], ["README.md"], ["broken.yaml"]])
def test_a_folder_with_nothing_to_serve_does_not_start(tmp_path: Path, contents: list[str]) -> None:
    for name in contents:
        source = FIXTURES / "broken" / "yaml-syntax.yaml" if name.endswith(".yaml") else LIGHTHOUSE
        shutil.copy(source, tmp_path / name)
    with pytest.raises(DataError, match=r"no data files|invalid YAML"):
        create_app(load_settings(data=str(tmp_path)))


@pytest.fixture
def serve(folder: Path) -> Iterator[Callable[..., tuple[str, subprocess.Popen[bytes]]]]:
    """Start `graphservice serve --data FOLDER` with more options; stopped after the test."""
    with contextlib.ExitStack() as stack:
        yield lambda *options: stack.enter_context(serving_process("--data", str(folder), *options))


def _served(url: str) -> list[str]:
    answer = httpx.post(f"{url}/graphql", json={"query": WORKS}, timeout=5).json()
    return [w["slug"] for w in answer["data"]["works"]]


def test_the_watcher_takes_up_a_file_added_to_the_folder(
    serve: Callable[..., tuple[str, subprocess.Popen[bytes]]], folder: Path
) -> None:
    url, _ = serve("--reload-data")
    text = LIGHTHOUSE.read_text(encoding="utf-8").replace("slug: carrow-point", "slug: new-book", 1)
    (folder / "new-book.yaml.tmp").write_text(text, encoding="utf-8")
    (folder / "new-book.yaml.tmp").rename(folder / "new-book.yaml")  # written beside it, renamed into place
    assert until(lambda: "new-book" in _served(url))
    (folder / "minimal.yaml").unlink()
    assert until(lambda: "minimal" not in _served(url))


def test_workers_serve_the_valid_files_and_report_the_skipped_ones(
    serve: Callable[..., tuple[str, subprocess.Popen[bytes]]], folder: Path
) -> None:
    url, proc = serve("--workers", "2")
    ready = httpx.get(f"{url}/readyz").json()
    assert [s["file"] for s in ready["works_skipped"]] == ["books/broken.yaml"]
    metrics = httpx.get(f"{url}/metrics").text
    assert 'graphservice_works{state="skipped"} 1.0' in metrics
    assert 'graphservice_works{state="loaded"} 3.0' in metrics
    lighthouse = folder / "lighthouse.yaml"
    _misspell_a_kind(lighthouse)
    os.kill(proc.pid, signal.SIGHUP)

    def reported() -> bool:
        files = [s["file"] for s in httpx.get(f"{url}/readyz").json()["works_skipped"]]
        return files == ["books/broken.yaml", "books/lighthouse.yaml"]

    assert until(reported)
    assert _served(url) == ["wren-crossing", "carrow-point", "minimal"]  # its last valid version


def _in_memory(client: TestClient) -> int:
    found: int = client.get("/readyz").json()["works_in_memory"]
    return found


def test_a_library_loads_a_work_on_first_use_only(client: TestClient, folder: Path) -> None:
    assert _in_memory(client) == 0  # listed at start-up, none loaded
    listing = (
        '{ works { slug title characterCount periods { slug } } library(author: "fixture") { totalCount } }'
    )
    answer = client.post("/graphql", json={"query": listing}).json()["data"]
    assert answer["library"]["totalCount"] == 3
    in_files = {}
    for path in folder.rglob("*.yaml"):
        if path.name != "broken.yaml":
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            in_files[raw["work"]["slug"]] = len(raw["characters"])
    assert {w["slug"]: w["characterCount"] for w in answer["works"]} == in_files
    assert _in_memory(client) == 0  # the listing answers without loading
    assert client.post("/graphql", json={"query": ADA}).json()["data"]["character"]["name"] == "Ada Venn"
    ready = client.get("/readyz").json()
    assert ready["works_in_memory"] == 1 and ready["memory"]["loads"] == 1
    assert _metric(client, "in_memory") == 1


def test_a_listed_work_whose_records_do_not_validate_fails_on_first_use(
    client: TestClient, folder: Path
) -> None:
    added = folder / "added.yaml"  # new to the library: listed only, and its header is fine
    added.write_text(
        (folder / "minimal.yaml").read_text(encoding="utf-8").replace("slug: minimal", "slug: added")
    )
    _misspell_a_kind(added)
    assert _reload(client) is True
    answer = client.post("/graphql", json={"query": '{ characters(work: "added") { totalCount } }'}).json()
    (error,) = answer["errors"]
    assert error["extensions"]["code"] == "DATA_ERROR"
    assert "work 'added' cannot be served" in error["message"] and str(folder) not in error["message"]
    skipped = {s["file"]: s for s in client.get("/readyz").json()["works_skipped"]}
    assert "frienship" in skipped["books/added.yaml"]["reason"]


def test_ids_and_etags_hold_across_an_eviction(folder: Path) -> None:
    from graphservice.library import data_paths
    from graphservice.web.state import load_lazy_library

    sources = (folder,)
    one_at_a_time = 1  # byte: each work loaded evicts the one before
    data = load_lazy_library(data_paths(sources), one_at_a_time)
    holder = DataHolder(sources, data, settle=0, budget=one_at_a_time)
    with TestClient(create_app(load_settings(data=str(folder)), holder=holder)) as client:
        first = client.get("/graphql", params={"query": ADA})
        client.post("/graphql", json={"query": '{ characters(work: "minimal") { totalCount } }'})
        shelf = data.catalog.shelf
        assert shelf is not None and shelf.peek("carrow-point") is None  # evicted
        holder.responses.clear()  # as when the response cache is full: the answer is worked out again
        again = client.get(
            "/graphql", params={"query": ADA}, headers={"if-none-match": first.headers["etag"]}
        )
        assert again.status_code == 304  # the same answer, so the same ETag
        fresh = client.get("/graphql", params={"query": ADA})
        assert fresh.json() == first.json()  # the same global id and values from the reloaded work
        assert shelf.stats().loads == 3 and shelf.stats().evictions == 2


def test_a_question_across_every_work_of_a_big_library_is_refused_plainly(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphservice import catalog

    monkeypatch.setattr(catalog, "EVERY_WORK_LIMIT", 2)
    for query in (
        '{ charactersNamed(name: "Ada") { id } }',
        "{ works { slug } }",  # every work in one answer: `library` pages through them
    ):
        (error,) = client.post("/graphql", json={"query": query}).json()["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "this library holds 3 (at most 2 at once)" in error["message"]
    assert _in_memory(client) == 0  # refused before loading anything


def test_a_big_library_is_searched_through_its_index(
    client: TestClient, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphservice import catalog
    from graphservice.search_index import LibraryIndex

    monkeypatch.setattr(catalog, "EVERY_WORK_LIMIT", 2)
    search = '{ search(text: "ada", allWorks: true, limit: 2) { score matched work { slug } } }'
    hits = client.post("/graphql", json={"query": search}).json()["data"]["search"]
    assert hits[0] == {"score": 100.0, "matched": "Ada", "work": {"slug": "carrow-point"}}
    assert _in_memory(client) == 0  # the index answers without loading a work
    with_record = '{ search(text: "anna", allWorks: true, limit: 1) { node { ... on Character { name } } } }'
    answer = client.post("/graphql", json={"query": with_record}).json()["data"]
    assert answer == {"search": [{"node": {"name": "Anna"}}]} and _in_memory(client) == 1  # its work only
    minimal = folder / "minimal.yaml"
    minimal.write_text(minimal.read_text(encoding="utf-8").replace("name: Anna", "name: Annika"))
    assert _reload(client) is True
    answer = client.post("/graphql", json={"query": with_record.replace("anna", "annika")}).json()["data"]
    assert answer == {"search": [{"node": {"name": "Annika"}}]}
    holder: DataHolder = client.app.state.data  # type: ignore[attr-defined]
    holder.current.catalog.search_index = LibraryIndex()  # as while a new index is being built
    (error,) = client.post("/graphql", json={"query": search}).json()["errors"]
    assert error["extensions"]["code"] == "SEARCH_INDEX_NOT_READY" and "try again" in error["message"], error


def test_without_an_index_a_big_library_refuses_a_search_across_it(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphservice import catalog

    monkeypatch.setattr(catalog, "EVERY_WORK_LIMIT", 2)
    holder: DataHolder = client.app.state.data  # type: ignore[attr-defined]
    holder.current.catalog.search_index = None  # as where SQLite has no FTS5
    (error,) = client.post(
        "/graphql", json={"query": '{ search(text: "ada", allWorks: true) { score } }'}
    ).json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "this library holds 3" in error["message"]
