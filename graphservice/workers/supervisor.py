"""The supervisor: uvicorn's ``Multiprocess``, validating data before any worker sees it and
restarting workers with a back-off and in turn (the package's docstring says why and how)."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Multiprocess

from graphservice.datafiles import DataFile, digest, read_files, read_settled, without_paths
from graphservice.errors import DataError
from graphservice.library import Skipped, data_paths, is_library, select_valid, watched
from graphservice.settings import Settings
from graphservice.workers.runtime import Runtime
from graphservice.workers.worker import WorkerApp, WorkerProcess

__all__ = ["Supervisor", "backoff", "serve_workers", "validate_files"]

logger = logging.getLogger("graphservice.workers")

STABLE_SECONDS = 10.0
"""A worker that served this long before it died was not crash-looping: restart it at once."""
MAX_BACKOFF = 30.0
READY_TIMEOUT = 120.0
"""How long a new worker may take to load the data and serve before it is taken for hung."""


def backoff(failures: int) -> float:
    """Seconds to wait before restarting a worker after ``failures`` quick exits in a row: none
    after the first (a worker killed once comes straight back), then 1, 2, 4, ... up to 30."""
    return 0.0 if failures <= 1 else min(2.0 ** (failures - 2), MAX_BACKOFF)


def validate_files(
    sources: Sequence[Path], settle: float | None = None, previous: Sequence[DataFile] = ()
) -> tuple[tuple[DataFile, ...], list[str], tuple[Skipped, ...]]:
    """Read the files the sources name (once settled, if ``settle`` is given) and validate them in
    full; returns the bytes to serve, their works' slugs and, in a library (a folder among the
    sources), the files skipped: there a broken file is served as its version in ``previous``
    (the snapshot until now) or left out (graphservice/library.py). Raises DataError naming every
    problem, in a library only when no file can be served."""
    from graphservice.web.state import build_catalog

    paths = data_paths(sources)
    files = read_settled(paths, settle) if settle is not None else read_files(paths)
    if is_library(sources):
        selection = select_valid(files, {f.name: f for f in previous})
        return selection.files, [d.work.slug for d in selection.datasets], selection.skipped
    return files, [work.slug for work in build_catalog(files).works], ()


@dataclass
class _Slot:
    """One of the N worker places, with what the back-off needs to know."""

    process: WorkerProcess | None
    started_at: float = 0.0
    ready_at: float | None = None
    failures: int = 0
    """Quick exits in a row (reset once a worker has served for STABLE_SECONDS)."""
    retry_at: float = 0.0
    last_failure: str | None = None

    def hold(self, process: WorkerProcess, ready: bool = False) -> None:
        self.process = process
        self.started_at = time.monotonic()
        self.ready_at = self.started_at if ready else None


class Supervisor(Multiprocess):
    """uvicorn's supervisor, subclassed rather than replaced: it still spawns the workers, pings
    them and turns signals into actions. What changes is what uvicorn cannot know: workers load a
    snapshot validated here, a reload validates before any worker is touched, restarts back off,
    and a roll-out waits for each new worker to have loaded its data (graphservice.workers says
    why each matters)."""

    def __init__(self, config: Config, sockets: list[Any], settings: Settings, runtime: Runtime) -> None:
        super().__init__(config, sockets)
        self.settings = settings
        self.runtime = runtime
        self.slots: list[_Slot] = []
        self.served = False
        """Some worker has served: from then on even a worker that cannot start backs off."""
        self.failed = False
        """Stopped because the first workers could not start."""
        self.rolling = False
        self.changed_at = time.time()
        self.last_reload_error: str | None = None
        self.skipped: tuple[Skipped, ...] = ()
        """A library's files that do not validate, as last read."""
        self._reload_wanted = threading.Event()
        self._written: dict[str, Any] | None = None

    def _spawn(self) -> WorkerProcess:
        process = WorkerProcess(self.config, self.sockets)
        process.start()
        return process

    def init_processes(self) -> None:
        """Start the workers and, with --reload-data, the watcher."""
        for _ in range(self.processes_num):
            slot = _Slot(None)
            slot.hold(self._spawn())
            self.slots.append(slot)
        if self.settings.reload_data:
            threading.Thread(target=self._watch, name="data-watcher", daemon=True).start()
        self._write_status()

    def terminate_all(self) -> None:
        """Ask every worker to finish (gracefully: SIGTERM)."""
        for slot in self.slots:
            if slot.process is not None:
                slot.process.terminate()

    def join_all(self) -> None:
        """Wait for every worker to exit."""
        for slot in self.slots:
            if slot.process is not None:
                slot.process.join()
                self.runtime.forget_worker(slot.process.pid or 0)

    def keep_subprocess_alive(self) -> None:
        """Notice workers that became ready or died; restart the dead, with a back-off."""
        for slot in self.slots:
            if self.should_exit.is_set():
                return
            self._check(slot)
        self._write_status()

    def _check(self, slot: _Slot) -> None:
        now = time.monotonic()
        process = slot.process
        if process is None:
            if now >= slot.retry_at:
                slot.hold(self._spawn())
        elif slot.ready_at is None:
            # Starting: not pinged. A new worker answers uvicorn's pings only once its imports are
            # done, which on a busy machine can take longer than the ping's timeout, and loading a
            # big work takes far longer; it gets READY_TIMEOUT instead.
            if not process.process.is_alive() or now - slot.started_at > READY_TIMEOUT:
                self._bury(slot, process)
            elif self._serving(process):
                slot.ready_at, self.served = now, True
        elif process.is_alive(timeout=self.config.timeout_worker_healthcheck):
            if now - slot.ready_at >= STABLE_SECONDS:
                slot.failures = 0
        else:
            self._bury(slot, process)

    def _serving(self, process: WorkerProcess) -> bool:
        """Whether a new worker serves: it has reported the data it loaded, and uvicorn's server
        in it has started (asked only then, when the worker answers at once)."""
        return self.runtime.has_worker(process.pid or 0) and process.is_ready(timeout=1)

    def _stopping(self) -> bool:
        # A SIGTERM or SIGINT waits in the queue until the loop handles it; a roll-out that is
        # waiting for a new worker gives way to it rather than making it wait.
        return self.should_exit.is_set() or any(
            s in (signal.SIGINT, signal.SIGTERM) for s in self.signal_queue
        )

    def _wait_serving(self, process: WorkerProcess) -> bool:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline and not self._stopping():
            if not process.process.is_alive():
                return False
            if self._serving(process):
                return True
            time.sleep(0.1)
        return False

    def _bury(self, slot: _Slot, process: WorkerProcess) -> None:
        process.kill()  # it may be hung rather than dead
        process.join()
        pid = process.pid or 0
        self.runtime.forget_worker(pid)
        lived = time.monotonic() - slot.started_at
        what = f"worker [{pid}] exited with code {process.exitcode} after {lived:.1f} s"
        if not self.served and process.exitcode == STARTUP_FAILURE:
            # As uvicorn does: the first workers cannot start (its own verdict, not a kill), so
            # every restart would fail the same way. Later, a worker that cannot start backs off.
            logger.error("%s before any worker served; stopping", what)
            self.failed = True
            self.should_exit.set()
            return
        quick = slot.ready_at is None or lived < STABLE_SECONDS
        slot.failures = slot.failures + 1 if quick else 1
        delay = backoff(slot.failures)
        slot.process, slot.retry_at, slot.last_failure = None, time.monotonic() + delay, what
        logger.warning("%s; starting a new one %s", what, f"in {delay:g} s" if delay else "now")
        if not delay:
            slot.hold(self._spawn())

    def handle_hup(self) -> None:
        """SIGHUP: validate the files, then replace every worker (none if they are invalid)."""
        logger.info("Received SIGHUP: validating the data, then replacing the workers one by one")
        self._reload(always=True)

    def handle_signals(self) -> None:
        """uvicorn's signals, then a reload the watcher asked for."""
        super().handle_signals()
        if self._reload_wanted.is_set() and not self.should_exit.is_set():
            self._reload_wanted.clear()
            self._reload(always=False)

    def _reload(self, *, always: bool) -> None:
        try:
            files, _, skipped = validate_files(
                self.settings.data, self.settings.reload_settle, self.runtime.snapshot_files()
            )
        except Exception as exc:  # whatever it is, the workers keep the data they have
            names = [str(p) for p in self.settings.data]
            reason = str(exc) if isinstance(exc, DataError) else f"{type(exc).__name__}: {exc}"
            self.last_reload_error = without_paths(reason, names)
            logger.error("reload of %s refused; the workers keep their data: %s", ", ".join(names), exc)
            self._write_status()
            return
        self.skipped = skipped
        for entry in skipped:
            logger.warning("%s", entry)
        if not always and digest(files) == self.runtime.version():
            self.last_reload_error = None
            self._write_status()
            return
        self.last_reload_error = None
        self.rolling = True
        self._write_status()  # before the snapshot moves: mixed versions are expected from here
        version = self.runtime.publish(files)
        logger.info("data version %s validated; replacing the workers", version)
        self.restart_all()

    def restart_all(self) -> None:
        """Replace each worker in turn: the new one serves before the old one drains and exits."""
        self.rolling = True
        try:
            for slot in self.slots:
                if self._stopping():
                    return
                new = self._spawn()
                if not self._wait_serving(new):
                    died = not new.process.is_alive()
                    new.kill()
                    new.join()
                    self.runtime.forget_worker(new.pid or 0)
                    if not self._stopping():
                        why = f"exited with code {new.exitcode}" if died else "was not serving in time"
                        self.last_reload_error = f"restart stopped: the new worker [{new.pid}] {why}"
                        logger.error("%s; the other workers keep their data", self.last_reload_error)
                    return
                old, self.served = slot.process, True
                slot.hold(new, ready=True)
                if old is not None:
                    old.terminate()
                    old.join()
                    self.runtime.forget_worker(old.pid or 0)
        finally:
            self.rolling = False
            self.changed_at = time.time()
            self._write_status()

    def handle_ttin(self) -> None:
        """SIGTTIN: one worker more."""
        self.processes_num += 1
        slot = _Slot(None)
        slot.hold(self._spawn())
        self.slots.append(slot)

    def handle_ttou(self) -> None:
        """SIGTTOU: one worker fewer (never none)."""
        if len(self.slots) <= 1:
            return
        self.processes_num -= 1
        process = self.slots.pop().process
        if process is not None:
            process.terminate()
            process.join()
            self.runtime.forget_worker(process.pid or 0)

    def status(self) -> dict[str, Any]:
        """What /readyz needs from the supervisor."""
        failing = [
            {"slot": i + 1, "failures": s.failures, "last_failure": s.last_failure}
            for i, s in enumerate(self.slots)
            if s.failures >= 2
        ]
        return {
            "pid": os.getpid(),
            "workers": len(self.slots),
            "rolling": self.rolling,
            "changed_at": self.changed_at,
            "last_reload_error": self.last_reload_error,
            "failing": failing,
            "works_skipped": [s.shown(self.settings.data) for s in self.skipped],
        }

    def _write_status(self) -> None:
        status = self.status()
        if status != self._written:
            self.runtime.write_supervisor(status)
            self._written = status

    def _watch(self) -> None:
        from watchfiles import watch

        concerns = watched(self.settings.data)
        targets = sorted({p if p.is_dir() else p.parent for p in (s.resolve() for s in self.settings.data)})
        while not self.should_exit.is_set():
            try:
                for changes in watch(*targets, debounce=300, stop_event=self.should_exit):
                    if any(concerns(Path(path)) for _, path in changes):
                        self._reload_wanted.set()
            except Exception:
                logger.exception("watching %s failed; watching again in 1 s", ", ".join(map(str, targets)))
                self.should_exit.wait(1)


def serve_workers(
    settings: Settings, files: Sequence[DataFile], options: dict[str, Any], skipped: Sequence[Skipped] = ()
) -> int:
    """Serve ``settings.workers`` workers on the validated ``files`` until told to stop.

    ``options`` are uvicorn's (host, port, logging, ...). Returns the exit code: 0, or uvicorn's
    start-up failure code when the first workers could not start.
    """
    runtime = Runtime.create()
    try:
        runtime.publish(files)
        # prometheus_client picks its multiprocess mode when a worker first imports it, from this
        # variable, which the spawned workers inherit.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(runtime.metrics)
        config = Config(WorkerApp(settings, runtime.root), factory=True, workers=settings.workers, **options)
        supervisor = Supervisor(config, [config.bind_socket()], settings, runtime)
        supervisor.skipped = tuple(skipped)
        supervisor.run()
        return STARTUP_FAILURE if supervisor.failed else 0
    finally:
        runtime.remove()
