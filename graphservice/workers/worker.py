"""What runs in each worker process: the app serving the supervisor's snapshot, and uvicorn's
worker process with the draining server.

This module is imported in every new worker before it answers uvicorn's health pings, so it keeps
its own imports light: the data and the app are imported where they are used.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from uvicorn.config import STARTUP_FAILURE
from uvicorn.server import Server
from uvicorn.supervisors.multiprocess import Process

from graphservice.settings import Settings
from graphservice.workers.draining import DrainingServer
from graphservice.workers.runtime import Runtime

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["WorkerApp", "WorkerProcess"]

logger = logging.getLogger("graphservice.workers")


@dataclass(frozen=True)
class WorkerApp:
    """The app factory uvicorn calls in each worker: the app serving the supervisor's snapshot."""

    settings: Settings
    runtime: Path

    def __call__(self) -> Starlette:
        """Load the snapshot and build the app (an unloadable snapshot ends the worker)."""
        from graphservice.web.app import create_app
        from graphservice.web.observe import Metrics
        from graphservice.web.state import DataHolder, load_files

        runtime = Runtime(self.runtime)
        try:
            snapshot = runtime.snapshot()
            data = load_files(snapshot.files)
        except Exception:
            logger.exception("worker [%d] cannot load the validated data; exiting", os.getpid())
            raise SystemExit(STARTUP_FAILURE) from None
        names = [Path(f.name) for f in snapshot.files]
        holder = DataHolder(names, data, read=runtime.snapshot_files)
        # The supervisor watches the files; a worker only ever reloads the snapshot.
        app = create_app(self.settings.model_copy(update={"reload_data": False}), holder=holder)
        metrics = Metrics(multiprocess_dir=runtime.metrics, reserved=app.state.known_operations)
        app.state.metrics = metrics
        app.state.runtime = runtime  # /readyz lists every worker

        def report() -> None:
            metrics.data_version.set(holder.current.loaded_at)
            runtime.write_worker(os.getpid(), holder)

        holder.on_reload = report
        report()
        return app


class WorkerProcess(Process):
    """uvicorn's worker process, running the draining server."""

    @property
    def server(self) -> Server:
        if self._server is None:
            self._server = DrainingServer(config=self.config)
        return self._server
