"""The runtime folder: snapshots workers load, and /readyz's verdict over every worker."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphservice.datafiles import DataFile, digest
from graphservice.web.state import DataHolder, load_data
from graphservice.workers.runtime import MIXED_VERSIONS_GRACE, Runtime

from ..conftest import LIGHTHOUSE, ROOT


@pytest.fixture
def runtime() -> Iterator[Runtime]:
    runtime = Runtime.create()
    yield runtime
    runtime.remove()
    assert not runtime.root.exists()


@pytest.fixture(scope="module")
def holder() -> DataHolder:
    return DataHolder([LIGHTHOUSE], load_data([LIGHTHOUSE], warmed=False))


def test_the_folder_is_private(runtime: Runtime) -> None:
    assert runtime.root.stat().st_mode & 0o777 == 0o700


def test_a_published_snapshot_reads_back_byte_for_byte(runtime: Runtime) -> None:
    files = (DataFile("data/a.yaml", b"a: 1\n"), DataFile("/abs/b.yaml", b"b: 2\n"))
    version = runtime.publish(files)
    snapshot = runtime.snapshot()
    assert (snapshot.version, snapshot.files) == (version, files) and version == digest(files)
    assert runtime.version() == version


def test_publishing_keeps_the_previous_snapshots_bytes_and_drops_older_ones(runtime: Runtime) -> None:
    for n in range(3):
        runtime.publish([DataFile("a.yaml", f"v: {n}\n".encode())])
    assert sorted(p.read_bytes() for p in runtime.blobs.iterdir()) == [b"v: 1\n", b"v: 2\n"]


def test_a_snapshot_whose_bytes_changed_is_refused(runtime: Runtime) -> None:
    runtime.publish([DataFile("a.yaml", b"v: 1\n")])
    (blob,) = runtime.blobs.iterdir()
    blob.write_bytes(b"v: 2\n")
    with pytest.raises(RuntimeError, match="does not match its version"):
        runtime.snapshot()


def _supervisor(runtime: Runtime, **changes: object) -> None:
    status = {"pid": os.getppid(), "workers": 2, "rolling": False, "changed_at": 0.0}
    runtime.write_supervisor(status | {"last_reload_error": None, "failing": []} | changes)


def test_readyz_is_ready_when_every_worker_serves_the_snapshot(
    runtime: Runtime, holder: DataHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    runtime.publish([DataFile(str(LIGHTHOUSE), LIGHTHOUSE.read_bytes())])
    _supervisor(runtime)
    runtime.write_worker(os.getpid(), holder)
    report = runtime.readiness(holder)
    assert report["status"] == "ready" and report["problems"] == []
    assert [w["pid"] for w in report["workers"]] == [os.getpid()] and report["worker"] == os.getpid()
    assert report["snapshot"]["version"] == holder.current.version
    assert report["snapshot"]["files"] == ["tests/fixtures/lighthouse.yaml"]


def test_readyz_lists_only_live_workers(runtime: Runtime, holder: DataHolder) -> None:
    runtime.publish([DataFile(str(LIGHTHOUSE), LIGHTHOUSE.read_bytes())])
    _supervisor(runtime)
    (runtime.workers / "999999999.json").write_text(
        '{"pid": 999999999, "version": "x", "loaded_at": 0, "last_reload_error": null}'
    )
    assert runtime.readiness(holder)["workers"] == []


def test_readyz_is_not_ready_when_workers_disagree_after_a_roll_out(
    runtime: Runtime, holder: DataHolder
) -> None:
    runtime.publish([DataFile("other.yaml", b"x: 1\n")])  # the snapshot moved on
    runtime.write_worker(os.getpid(), holder)
    _supervisor(runtime, rolling=True, changed_at=time.time())
    assert runtime.readiness(holder)["status"] == "ready"  # a roll-out is under way: expected
    _supervisor(runtime, changed_at=time.time() - MIXED_VERSIONS_GRACE - 1)
    report = runtime.readiness(holder)
    assert report["status"] == "not ready"
    assert report["problems"] == [
        f"worker {os.getpid()} serves version {holder.current.version}, not the validated {runtime.version()}"
    ]


def test_readyz_is_not_ready_when_a_worker_has_a_reload_error_or_a_slot_keeps_failing(
    runtime: Runtime, holder: DataHolder
) -> None:
    runtime.publish([DataFile(str(LIGHTHOUSE), LIGHTHOUSE.read_bytes())])
    failing = [{"slot": 2, "failures": 3, "last_failure": "worker [7] exited with code 3 after 1.2 s"}]
    _supervisor(runtime, failing=failing, last_reload_error="1 problem in the data: ...")
    report = runtime.readiness(holder)
    assert report["status"] == "not ready"
    assert report["last_reload_error"] == "1 problem in the data: ..."
    assert report["problems"] == [
        "worker slot 2 keeps failing (3 quick exits in a row, the last: "
        "worker [7] exited with code 3 after 1.2 s)"
    ]
    holder.last_error = "TypeError: boom"
    try:
        runtime.write_worker(os.getpid(), holder)
        _supervisor(runtime)
        assert runtime.readiness(holder)["problems"] == [f"worker {os.getpid()}: TypeError: boom"]
    finally:
        holder.last_error = None


def test_the_snapshot_path_never_shows_in_readyz(
    runtime: Runtime, holder: DataHolder, tmp_path: Path
) -> None:
    runtime.publish([DataFile(str(tmp_path / "work.yaml"), b"x: 1\n")])
    _supervisor(runtime)
    assert runtime.readiness(holder)["snapshot"]["files"] == ["work.yaml"]
