"""``graphservice serve --workers 2``, for real: a killed worker comes back on the validated data
and never crash-loops, SIGHUP moves every worker to new data without failing a request, and
/metrics and /readyz speak for every worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from graphservice.workers.supervisor import backoff

from ..conftest import NOVEL

QUERY = '{ character(slug: "kathy-h") { name } }'
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker pids from /proc")


@dataclass
class Cluster:
    url: str
    proc: subprocess.Popen[bytes]
    data: Path
    log: Path

    @property
    def runtime(self) -> Path:
        (folder,) = self.data.parent.glob("graphservice-*")
        return folder


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _readyz(url: str) -> dict[str, Any]:
    try:
        body: dict[str, Any] = httpx.get(f"{url}/readyz", timeout=5).json()
    except httpx.TransportError:
        return {}
    return body


def _worker_pids(supervisor: int) -> set[int]:
    """The supervisor's worker processes (multiprocessing's spawned children, not its resource
    tracker), from /proc."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == supervisor and b"spawn_main" in (stat.parent / "cmdline").read_bytes():
                pids.add(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return pids


def _write_by_rename(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _name(client: httpx.Client, url: str) -> str:
    response = client.post(f"{url}/graphql", json={"query": QUERY}, timeout=10)
    response.raise_for_status()
    name: str = response.json()["data"]["character"]["name"]
    return name


@pytest.fixture
def cluster(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Cluster]:
    data = tmp_path / "never-let-me-go.yaml"
    data.write_bytes(NOVEL.read_bytes())
    port = _free_port()
    args = [sys.executable, "-m", "graphservice", "serve", "--workers", "2", "--port", str(port)]
    args += getattr(request, "param", [])
    env = {
        **os.environ,
        "GRAPHSERVICE_RELOAD_SETTLE": "0.05",
        "GRAPHSERVICE_LOG_FORMAT": "text",
        "TMPDIR": str(tmp_path),  # the supervisor's runtime folder goes here
    }
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [*args, "--data", str(data)], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        if not _until(lambda: len(_readyz(url).get("workers", [])) == 2, 60):
            pytest.fail("two workers did not start:\n" + (tmp_path / "server.log").read_text())
        yield Cluster(url, proc, data, tmp_path / "server.log")
    finally:
        proc.terminate()  # the supervisor stops its workers, and removes its runtime folder
        try:
            assert proc.wait(timeout=20) == 0
            assert not list(tmp_path.glob("graphservice-*"))
        finally:
            os.killpg(proc.pid, signal.SIGKILL) if proc.poll() is None else None
            for pid in _worker_pids(proc.pid):
                os.kill(pid, signal.SIGKILL)
            log.close()


def test_a_killed_worker_comes_back_on_the_validated_data_and_never_crash_loops(
    cluster: Cluster, tmp_path: Path
) -> None:
    url, supervisor = cluster.url, cluster.proc.pid
    version = _readyz(url)["version"]
    originals = _worker_pids(supervisor)
    assert len(originals) == 2

    # Invalid data on disk: a SIGHUP refuses it, and /readyz says why without an absolute path.
    cluster.data.write_text(
        cluster.data.read_text(encoding="utf-8").replace("kind: friendship", "kind: friendshp"), "utf-8"
    )
    os.kill(supervisor, signal.SIGHUP)
    assert _until(lambda: "friendshp" in (_readyz(url).get("last_reload_error") or ""), 15)
    ready = _readyz(url)
    assert "never-let-me-go.yaml: relationships[0]" in ready["last_reload_error"]
    assert str(tmp_path) not in ready["last_reload_error"]
    assert ready["status"] == "ready" and ready["version"] == version

    # A worker dies: its replacement loads the validated snapshot, not the invalid file.
    victim = min(originals)
    os.kill(victim, signal.SIGKILL)
    seen = set(originals)

    def replaced() -> bool:
        seen.update(_worker_pids(supervisor))
        workers = _readyz(url).get("workers", [])
        return len(workers) == 2 and victim not in {w["pid"] for w in workers}

    assert _until(replaced, 20)

    def more_deaths() -> bool:
        seen.update(_worker_pids(supervisor))
        return False  # keep watching until the time is up

    _until(more_deaths, 3)
    assert len(seen - originals) == 1  # one replacement, which stayed up: no crash loop
    ready = _readyz(url)
    assert ready["status"] == "ready", ready["problems"]
    assert [w["version"] for w in ready["workers"]] == [version, version]
    with httpx.Client() as client:
        assert {_name(client, url) for _ in range(10)} == {"Kathy H."}


def test_sighup_moves_every_worker_to_new_data_without_failing_a_request(cluster: Cluster) -> None:
    url, supervisor = cluster.url, cluster.proc.pid
    before = _readyz(url)
    originals = _worker_pids(supervisor)
    names: set[str] = set()
    failures: list[str] = []
    done = threading.Event()

    def load() -> None:
        with httpx.Client() as client:  # keep-alive: the connections a restart must not drop
            while not done.is_set():
                try:
                    names.add(_name(client, url))
                except Exception as exc:  # each failure is collected and asserted on below
                    failures.append(repr(exc))
                time.sleep(0.02)

    clients = [threading.Thread(target=load) for _ in range(3)]
    for thread in clients:
        thread.start()
    try:
        time.sleep(0.5)  # requests in flight before the signal, too
        text = cluster.data.read_text(encoding="utf-8").replace("name: Kathy H.", "name: Kathy Renewed", 1)
        _write_by_rename(cluster.data, text)
        os.kill(supervisor, signal.SIGHUP)

        def moved() -> bool:
            ready = _readyz(url)
            versions = {w["version"] for w in ready.get("workers", [])}
            return (
                ready.get("status") == "ready"
                and not ready["rolling"]
                and versions == {ready["snapshot"]["version"]} != {before["version"]}
            )

        assert _until(moved, 40)
        time.sleep(0.3)  # and requests after the last restart
    finally:
        done.set()
        for thread in clients:
            thread.join()
    assert failures == []
    assert names == {"Kathy H.", "Kathy Renewed"}
    after = _readyz(url)
    assert len(after["workers"]) == 2 and not {w["pid"] for w in after["workers"]} & originals
    assert after["last_reload_error"] is None


def test_metrics_sum_the_requests_of_every_worker(cluster: Cluster) -> None:
    url = cluster.url
    by_worker: dict[int, httpx.Client] = {}  # one kept-alive connection to each worker
    spare: list[httpx.Client] = []
    try:
        for _ in range(50):
            client = httpx.Client()
            pid = client.get(f"{url}/readyz").json()["worker"]
            if pid in by_worker:
                spare.append(client)
            else:
                by_worker[pid] = client
            if len(by_worker) == 2:
                break
        assert len(by_worker) == 2, "every new connection went to the same worker"
        first, second = by_worker.values()
        query = {"query": "query Counted { works { slug } }"}
        for client, count in ((first, 3), (second, 4)):
            for _ in range(count):
                assert client.post(f"{url}/graphql", json=query).status_code == 200
        for client in (first, second):  # whichever worker answers, it counts both workers' requests
            text = client.get(f"{url}/metrics").text
            assert 'graphservice_requests_total{operation="Counted",outcome="ok"} 7.0' in text
            assert text.count("graphservice_data_loaded_timestamp_seconds{pid=") == 2
    finally:
        for client in [*by_worker.values(), *spare]:
            client.close()


def test_restarts_back_off_after_quick_exits_in_a_row() -> None:
    assert [backoff(n) for n in range(1, 9)] == [0, 1, 2, 4, 8, 16, 30, 30]


def test_a_worker_that_cannot_start_backs_off_and_readyz_says_so(cluster: Cluster) -> None:
    url, supervisor = cluster.url, cluster.proc.pid
    (blob,) = (cluster.runtime / "blobs").iterdir()
    good = blob.read_bytes()
    blob.write_bytes(b"damaged")  # the snapshot no longer matches its version: no worker can load it
    os.kill(min(_worker_pids(supervisor)), signal.SIGKILL)

    def failing() -> bool:
        try:
            response = httpx.get(f"{url}/readyz", timeout=5)
        except httpx.TransportError:  # a connection the killed worker had just accepted
            return False
        return response.status_code == 503 and "keeps failing" in " ".join(response.json()["problems"])

    assert _until(failing, 30)  # the survivor answers, and says a slot is down
    # backing off, not looping (the line is written by the log's queue listener, a moment later)
    assert _until(lambda: "starting a new one in 1 s" in cluster.log.read_text(), 10)

    blob.write_bytes(good)
    assert _until(lambda: len(_readyz(url).get("workers", [])) == 2, 30)  # and it recovers
    with httpx.Client() as client:
        assert _name(client, url) == "Kathy H."


@pytest.mark.parametrize("cluster", [["--reload-data"]], indirect=True)
def test_the_supervisor_watches_the_files_and_rolls_the_workers_onto_an_edit(cluster: Cluster) -> None:
    url = cluster.url
    before = _readyz(url)["version"]
    text = cluster.data.read_text(encoding="utf-8")
    _write_by_rename(cluster.data, text.replace("kind: friendship", "kind: friendshp"))
    assert _until(lambda: "friendshp" in (_readyz(url).get("last_reload_error") or ""), 15)
    _write_by_rename(cluster.data, text.replace("name: Kathy H.", "name: Kathy Watched", 1))

    def moved() -> bool:
        ready = _readyz(url)
        versions = {w["version"] for w in ready.get("workers", [])}
        return len(ready.get("workers", [])) == 2 and not ready["rolling"] and before not in versions

    assert _until(moved, 40)
    ready = _readyz(url)
    assert ready["status"] == "ready" and ready["last_reload_error"] is None
    with httpx.Client() as client:
        assert _name(client, url) == "Kathy Watched"


def test_serve_with_workers_refuses_invalid_data_before_any_worker_starts(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(NOVEL.read_text(encoding="utf-8").replace("kind: friendship", "kind: friendshp"), "utf-8")
    args = ["serve", "--workers", "2", "--port", str(_free_port()), "--data", str(bad)]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "graphservice", *args], capture_output=True, text=True, timeout=60, env=env
    )
    assert proc.returncode == 1
    assert f"{bad}: relationships[0] 'kathy-h-ruth-c-friendship'.kind" in proc.stderr
    assert "Traceback" not in proc.stderr and not list(tmp_path.glob("graphservice-*"))
