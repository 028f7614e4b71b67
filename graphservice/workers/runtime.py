"""The worker supervisor's runtime folder: the validated snapshot the workers load, and what each
process reports there for /readyz.

The folder is private to one ``graphservice serve --workers N`` (made with ``mkdtemp``, removed on
exit)::

    current.json        the snapshot: data version, when it was validated, each file's name and blob
    blobs/<sha256>      the validated files' bytes, by content
    supervisor.json     the supervisor's state: workers wanted, a roll-out under way, the last
                        refused reload, worker slots that keep failing
    workers/<pid>.json  each worker's: data version, loaded_at, last reload error
    metrics/            prometheus_client's multiprocess files (PROMETHEUS_MULTIPROC_DIR)

Every file is written beside its final name and renamed over it (``os.replace``), so a reader sees
the old content or the new, never a part of it. Workers read only the snapshot, never the data
files, so no worker can load data the supervisor has not validated.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphservice.datafiles import DataFile, digest, shown_name

if TYPE_CHECKING:
    from graphservice.web.state import DataHolder

__all__ = ["MIXED_VERSIONS_GRACE", "Runtime", "Snapshot"]

MIXED_VERSIONS_GRACE = 2.0
"""Seconds after a roll-out ends during which workers on different versions are not yet a problem
(status files are written one after another, so a reader may catch them in between)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A validated version of the data files, as the supervisor published it."""

    version: str
    validated_at: float
    files: tuple[DataFile, ...]


def _write_json(path: Path, value: Any) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(value), encoding="utf-8")
    os.replace(temporary, path)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process by now: not our worker
        return False
    return True


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


class Runtime:
    """One supervisor's runtime folder (see the module's docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.blobs = root / "blobs"
        self.workers = root / "workers"
        self.metrics = root / "metrics"

    @classmethod
    def create(cls) -> Runtime:
        """Make a new private folder (mode 0700, under TMPDIR)."""
        runtime = cls(Path(tempfile.mkdtemp(prefix="graphservice-")))
        for folder in (runtime.blobs, runtime.workers, runtime.metrics):
            folder.mkdir()
        return runtime

    def remove(self) -> None:
        """Delete the folder and everything in it."""
        shutil.rmtree(self.root, ignore_errors=True)

    # The snapshot.

    def publish(self, files: Sequence[DataFile]) -> str:
        """Store validated files' bytes and make them the snapshot workers load; returns the version.

        The blobs of the snapshot replaced are kept (a worker may be reading them); older ones go.
        """
        previous = _read_json(self.root / "current.json")
        entries = []
        for file in files:
            blob = hashlib.sha256(file.content).hexdigest()
            path = self.blobs / blob
            if not path.exists():
                temporary = path.with_name(f".{blob}.tmp")
                temporary.write_bytes(file.content)
                os.replace(temporary, path)
            entries.append({"name": file.name, "blob": blob})
        version = digest(files)
        _write_json(
            self.root / "current.json", {"version": version, "validated_at": time.time(), "files": entries}
        )
        keep = {e["blob"] for e in entries} | {e["blob"] for e in (previous or {}).get("files", [])}
        for path in self.blobs.iterdir():
            if path.name not in keep and not path.name.startswith("."):
                path.unlink(missing_ok=True)
        return version

    def snapshot(self) -> Snapshot:
        """The current snapshot, its bytes checked against its version."""
        for _ in range(3):  # a publish may prune the blobs of a snapshot two versions old
            manifest = _read_json(self.root / "current.json")
            if manifest is None:
                raise RuntimeError(f"no snapshot in {self.root}")
            try:
                files = tuple(
                    DataFile(e["name"], (self.blobs / e["blob"]).read_bytes()) for e in manifest["files"]
                )
            except FileNotFoundError:
                continue
            if digest(files) != manifest["version"]:
                raise RuntimeError(f"the snapshot in {self.root} does not match its version")
            return Snapshot(manifest["version"], manifest["validated_at"], files)
        raise RuntimeError(f"the snapshot in {self.root} kept changing while it was read")

    def version(self) -> str | None:
        """The current snapshot's version (None before the first publish)."""
        manifest = _read_json(self.root / "current.json")
        return None if manifest is None else str(manifest["version"])

    def snapshot_files(self) -> tuple[DataFile, ...]:
        """The current snapshot's files (what a worker's reload reads)."""
        return self.snapshot().files

    # What the processes report.

    def write_worker(self, pid: int, holder: DataHolder) -> None:
        """Record what a worker serves."""
        data = holder.current
        status = {
            "pid": pid,
            "version": data.version,
            "loaded_at": data.loaded_at,
            "last_reload_error": holder.shown_error,
        }
        _write_json(self.workers / f"{pid}.json", status)

    def has_worker(self, pid: int) -> bool:
        """Whether a worker has reported what it serves."""
        return (self.workers / f"{pid}.json").exists()

    def forget_worker(self, pid: int) -> None:
        """Drop a worker that has exited: its status, and its live gauges from the metrics."""
        from prometheus_client.multiprocess import mark_process_dead

        (self.workers / f"{pid}.json").unlink(missing_ok=True)
        mark_process_dead(pid, str(self.metrics))  # type: ignore[no-untyped-call]

    def write_supervisor(self, status: dict[str, Any]) -> None:
        """Record the supervisor's state (see Supervisor.status)."""
        _write_json(self.root / "supervisor.json", status)

    def supervisor(self) -> dict[str, Any]:
        """The supervisor's state as last written (empty before it first writes it)."""
        return _read_json(self.root / "supervisor.json") or {}

    def readiness(self, holder: DataHolder) -> dict[str, Any]:
        """The multi-worker part of /readyz, ``status`` included: "not ready" when a worker has a
        reload error, a worker slot keeps failing, or workers serve another version than the
        snapshot outside a roll-out."""
        supervisor = self.supervisor()
        manifest = _read_json(self.root / "current.json") or {}
        workers = []
        for path in self.workers.glob("*.json"):
            status = _read_json(path)
            if status is not None and _alive(status["pid"]):
                workers.append(status)
        workers.sort(key=lambda w: w["pid"])
        problems = [f"worker {w['pid']}: {w['last_reload_error']}" for w in workers if w["last_reload_error"]]
        problems += [
            f"worker slot {s['slot']} keeps failing ({s['failures']} quick exits in a row, the last: "
            f"{s['last_failure']})"
            for s in supervisor.get("failing", [])
        ]
        rolling = bool(supervisor.get("rolling"))
        settled = time.time() - supervisor.get("changed_at", 0.0) > MIXED_VERSIONS_GRACE
        validated = manifest.get("version")
        if not rolling and settled:
            problems += [
                f"worker {w['pid']} serves version {w['version']}, not the validated {validated}"
                for w in workers
                if w["version"] != validated
            ]
        return {
            "status": "not ready" if problems else "ready",
            "last_reload_error": supervisor.get("last_reload_error") or holder.shown_error,
            "works_skipped": supervisor.get("works_skipped", []),  # the supervisor reads the files
            "worker": os.getpid(),
            "snapshot": {
                "version": validated,
                "validated_at": _iso(manifest.get("validated_at", 0.0)),
                "files": [shown_name(e["name"]) for e in manifest.get("files", [])],
            },
            "rolling": rolling,
            "workers": [
                {
                    "pid": w["pid"],
                    "version": w["version"],
                    "loaded_at": _iso(w["loaded_at"]),
                    "last_reload_error": w["last_reload_error"],
                }
                for w in workers
            ],
            "problems": problems,
        }
