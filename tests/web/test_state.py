"""Safe reloads: a good edit is served, a bad one refused while the old data keeps answering, and
readers never see a half-swapped catalog; the file watcher and SIGHUP in a real server."""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import httpx2 as httpx
import pytest
from starlette.testclient import TestClient

from graphservice.loader import parse_dataset
from graphservice.settings import load_settings
from graphservice.web import create_app
from graphservice.web.state import DataHolder

from ..conftest import LIGHTHOUSE

QUERY = '{ character(slug: "ada") { name } work { relationshipCount } }'


def _edit(path: Path, name: str, extra_relationship: bool = False) -> None:
    text = LIGHTHOUSE.read_text(encoding="utf-8").replace("name: Ada Venn", f"name: {name}")
    if extra_relationship:
        text = text.replace(
            "place_links:\n",
            "  - slug: ada-cora-support\n    source: ada\n    target: cora\n    kind: support\n"
            "    sentiment: positive\n    revealed: act-2\n    holds: [act-2]\n"
            '    evidence:\n      - {text: "Ada stays at the lighthouse", locator: "Act Two: The Storm"}\n'
            "place_links:\n",
            1,
        )
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "lighthouse.yaml"
    _edit(path, "Ada Venn")
    return path


@pytest.fixture
def client(data_file: Path) -> Iterator[TestClient]:
    # The files are edited just before each reload: taking them without a settle keeps this fast.
    with TestClient(create_app(load_settings(data=str(data_file), reload_settle=0))) as client:
        yield client


def _reload(client: TestClient) -> bool:
    holder: DataHolder = client.app.state.data  # type: ignore[attr-defined]
    assert client.portal is not None
    return bool(client.portal.call(holder.reload))


def _answer(client: TestClient) -> tuple[str, int]:
    data = client.post("/graphql", json={"query": QUERY}).json()["data"]
    return data["character"]["name"], data["work"]["relationshipCount"]


def test_a_good_edit_is_served(client: TestClient, data_file: Path) -> None:
    before = client.get("/readyz").json()["version"]
    assert _answer(client) == ("Ada Venn", 8)
    _edit(data_file, "Ada Marr", extra_relationship=True)
    assert _reload(client) is True
    assert _answer(client) == ("Ada Marr", 9)
    ready = client.get("/readyz").json()
    assert ready["version"] != before and ready["last_reload_error"] is None
    assert _reload(client) is False  # nothing changed since: no swap


def test_a_bad_edit_is_refused_and_the_old_data_keeps_answering(
    client: TestClient, data_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    version = client.get("/readyz").json()["version"]
    data_file.write_text(
        data_file.read_text(encoding="utf-8").replace("kind: friendship", "kind: friendshp"), encoding="utf-8"
    )
    with caplog.at_level(logging.ERROR, logger="graphservice.data"):
        assert _reload(client) is False
    assert _answer(client) == ("Ada Venn", 8)
    ready = client.get("/readyz").json()
    assert ready["version"] == version
    assert "relationships[0]" in ready["last_reload_error"] and "friendshp" in ready["last_reload_error"]
    (message,) = [r.getMessage() for r in caplog.records if r.name == "graphservice.data"]
    assert str(data_file) in message and "relationships[0]" in message and "friendship" in message
    data_file.unlink()  # a vanished file is refused the same way
    assert _reload(client) is False
    assert _answer(client) == ("Ada Venn", 8)


def test_readers_never_see_a_half_swapped_catalog(client: TestClient, data_file: Path) -> None:
    seen: set[tuple[str, int]] = set()
    failures: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                seen.add(_answer(client))
            except Exception as exc:  # collected and asserted on below
                failures.append(repr(exc))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    try:
        for i in range(6):
            _edit(data_file, "Ada Marr" if i % 2 == 0 else "Ada Venn", extra_relationship=i % 2 == 0)
            assert _reload(client)
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert failures == []
    assert seen <= {("Ada Venn", 8), ("Ada Marr", 9)}  # never one version's name with the other's count
    assert len(seen) == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server(data_file: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    args = [sys.executable, "-m", "graphservice", "serve", "--data", str(data_file), "--port", str(port)]
    args += list(getattr(request, "param", []))
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("the server did not start")
    yield url, proc
    proc.terminate()
    proc.wait(timeout=10)


def _wait_for_name(url: str, name: str) -> bool:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        answer = httpx.post(f"{url}/graphql", json={"query": QUERY}, timeout=5).json()
        if answer["data"]["character"]["name"] == name:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("server", [["--reload-data"]], indirect=True)
def test_the_watcher_picks_up_an_edit(server: tuple[str, subprocess.Popen[bytes]], data_file: Path) -> None:
    url, _ = server
    _edit(data_file, "Ada Watched")
    assert _wait_for_name(url, "Ada Watched")


def test_sighup_reloads(server: tuple[str, subprocess.Popen[bytes]], data_file: Path) -> None:
    url, proc = server
    _edit(data_file, "Ada Signalled")
    time.sleep(0.2)
    assert (
        httpx.post(f"{url}/graphql", json={"query": QUERY}).json()["data"]["character"]["name"] == "Ada Venn"
    )
    os.kill(proc.pid, signal.SIGHUP)
    assert _wait_for_name(url, "Ada Signalled")


@pytest.mark.parametrize("server", [["--workers", "2"]], indirect=True)
def test_workers_reload_in_turn_and_keep_serving_through_a_bad_edit(
    server: tuple[str, subprocess.Popen[bytes]], data_file: Path
) -> None:
    url, proc = server
    data_file.write_text(
        data_file.read_text(encoding="utf-8").replace("kind: friendship", "kind: friendshp"), encoding="utf-8"
    )
    os.kill(proc.pid, signal.SIGHUP)  # the new workers fail to start, so the old ones stay
    time.sleep(3)
    for _ in range(10):
        answer = httpx.post(f"{url}/graphql", json={"query": QUERY}, timeout=5).json()
        assert answer["data"]["character"]["name"] == "Ada Venn"
    _edit(data_file, "Ada Rolled")
    os.kill(proc.pid, signal.SIGHUP)
    assert _wait_for_name(url, "Ada Rolled")
    assert proc.poll() is None


def test_loading_pauses_the_collector_then_freezes_what_it_made(data_file: Path) -> None:
    import gc

    from graphservice.datafiles import DataFile
    from graphservice.web.state import build_catalog, load_data

    seen: list[bool] = []

    def spy(files: list[DataFile]) -> object:
        seen.append(gc.isenabled())
        return build_catalog(files)

    gc.unfreeze()
    with mock.patch("graphservice.web.state.build_catalog", spy):
        load_data([data_file])
    assert seen == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what the load made is out of the collector's sight
    gc.unfreeze()


def test_freeze_heap_moves_live_objects_out_of_the_collectors_sight() -> None:
    import gc

    from graphservice.web.state import freeze_heap

    gc.unfreeze()
    try:
        freeze_heap()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_large_work_is_warmed_without_analytics_or_layout(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphservice.queries import analytics as analytics_module
    from graphservice.queries.layout import story_layout
    from graphservice.web import state

    monkeypatch.setattr(analytics_module, "LARGE_WORK_EDGES", 5)
    work = state.load_data([data_file]).catalog.work()
    assert story_layout.cache_info(work).currsize == 0
    assert analytics_module.analytics.cache_info(work).currsize == 0
    assert analytics_module.analytics.cache_info(work).misses == 0  # not even tried


def test_readyz_names_the_files_without_their_absolute_paths(client: TestClient, data_file: Path) -> None:
    data_file.write_text(
        data_file.read_text(encoding="utf-8").replace("kind: friendship", "kind: friendshp"), encoding="utf-8"
    )
    assert _reload(client) is False
    error = client.get("/readyz").json()["last_reload_error"]
    assert "lighthouse.yaml: relationships[0]" in error
    assert str(data_file.parent) not in error  # the absolute path stays in the server's log


def _version_of(path: Path, text: str) -> str:
    """The data version of one file holding ``text`` (a digest of its name and bytes)."""
    return hashlib.sha256(str(path).encode() + b"\0" + text.encode()).hexdigest()[:16]


def _until(done: Callable[[], bool], poke: Callable[[], None], seconds: float = 15) -> bool:
    """Poll ``done`` until it holds; ``poke`` (re-write a file) each second meanwhile, since the
    watcher may not have been watching yet when the file was first written."""
    deadline = time.monotonic() + seconds
    poked = time.monotonic()
    while time.monotonic() < deadline:
        if done():
            return True
        if time.monotonic() - poked > 1:
            poke()
            poked = time.monotonic()
        time.sleep(0.05)
    return False


def test_an_unexpected_error_while_reloading_is_refused_and_the_watcher_lives_on(
    data_file: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(data=str(data_file), reload_data=True, reload_settle=0)
    with TestClient(create_app(settings)) as client, caplog.at_level(logging.ERROR, "graphservice.data"):
        holder: DataHolder = client.app.state.data  # type: ignore[attr-defined]
        version = holder.current.version

        def broken(*args: object) -> None:
            raise TypeError("unhashable type: 'list'")  # not a DataError: nobody foresaw it

        monkeypatch.setattr("graphservice.catalog.build_graph", broken)
        assert _until(lambda: holder.last_error is not None, lambda: _edit(data_file, "Ada Broken"))
        assert holder.current.version == version
        assert _answer(client) == ("Ada Venn", 8)
        ready = client.get("/readyz").json()
        assert "TypeError: unhashable type" in ready["last_reload_error"]
        assert "lighthouse.yaml" in ready["last_reload_error"]
        assert str(data_file.parent) not in ready["last_reload_error"]
        assert any(str(data_file) in r.getMessage() for r in caplog.records)

        monkeypatch.undo()
        assert _until(lambda: _answer(client)[0] == "Ada Mended", lambda: _edit(data_file, "Ada Mended"))
        assert holder.last_error is None


def test_a_file_rewritten_in_place_in_two_halves_is_never_served_half_written(
    data_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(data=str(data_file), reload_data=True, reload_settle=0.5)
    with TestClient(create_app(settings)) as client, caplog.at_level(logging.INFO, "graphservice.data"):
        holder: DataHolder = client.app.state.data  # type: ignore[attr-defined]
        # First an edit the watcher is sure to see, so that it is known to be watching; and its
        # reload over (it logs last), so that the watcher sees the next writes as they happen.
        _edit(data_file, "Ada Marr")
        primed = _version_of(data_file, data_file.read_text(encoding="utf-8"))
        assert _until(
            lambda: any(f"version {primed} replaces" in r.getMessage() for r in caplog.records),
            lambda: _edit(data_file, "Ada Marr"),
        )
        final = data_file.read_text(encoding="utf-8").replace("name: Ada Marr", "name: Ada Whole")
        cut = final.index("relationships:\n")
        parse_dataset(final[:cut], "first-half.yaml")  # the first half alone is a valid, smaller work

        served: set[str] = set()  # every version the holder is seen serving
        stop = threading.Event()

        def watch_versions() -> None:
            while not stop.is_set():
                served.add(holder.current.version)
                time.sleep(0.001)

        sampler = threading.Thread(target=watch_versions)
        sampler.start()
        try:
            with data_file.open("w", encoding="utf-8") as out:
                out.write(final[:cut])
                out.flush()
                time.sleep(0.2)  # the writer pauses, for less than the settle interval
                out.write(final[cut:])
            whole = _version_of(data_file, final)
            deadline = time.monotonic() + 45  # generous: a loaded CI machine is slow to notice
            while holder.current.version != whole and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            sampler.join()
        assert whole in served
        assert _version_of(data_file, final[:cut]) not in served
        assert _answer(client) == ("Ada Whole", 8)
