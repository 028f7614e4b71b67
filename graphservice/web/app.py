"""The Starlette application: GraphQL at /graphql, health at /healthz and /readyz, metrics at
/metrics; the data held for safe reloads."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette_compress import CompressMiddleware

from graphservice.api.limits import limits_from
from graphservice.catalog import Catalog
from graphservice.schema_export import shipped_documents
from graphservice.settings import ENV_PREFIX, Settings, SettingsError, load_settings
from graphservice.web.assets import AssetSource, asset_routes
from graphservice.web.explorer import explorer_routes
from graphservice.web.exports import export_routes
from graphservice.web.graphiql import graphiql_page
from graphservice.web.graphql_http import GraphQLEndpoint
from graphservice.web.live import LiveEndpoint
from graphservice.web.observe import SUMMARY, SUMMARY_SECONDS, Metrics, watch_loop
from graphservice.web.persisted import Persisted, PersistedQueries, load_manifest, operation_names
from graphservice.web.schema_files import schema_routes
from graphservice.web.state import DataHolder, freeze_heap, load_data, load_sources

if TYPE_CHECKING:
    from graphservice.workers.runtime import Runtime

__all__ = ["app_from_env", "create_app"]

logger = logging.getLogger("graphservice.app")


async def _healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _readyz(request: Request) -> Response:
    holder: DataHolder = request.app.state.data
    data = holder.current
    body = {
        "status": "ready",
        "version": data.version,
        "loaded_at": datetime.fromtimestamp(data.loaded_at, UTC).isoformat(),
        "load_seconds": round(data.load_seconds, 3),
        "works": data.catalog.slugs,
        "works_loaded": len(data.catalog),
        # A library's files that do not validate (files named without their absolute paths).
        "works_skipped": [s.shown(holder.paths) for s in data.all_skipped],
        "last_reload_error": holder.shown_error,  # files named without their absolute paths
    }
    shelf = data.catalog.shelf
    if shelf is not None:  # a library loaded on first use: what is in memory now
        stats = shelf.stats()
        body["works_in_memory"] = stats.loaded
        body["memory"] = {
            "charged_mib": round(stats.charged_bytes / 2**20, 1),
            "budget_mib": round(stats.budget_bytes / 2**20, 1),
            "loads": stats.loads,
            "evictions": stats.evictions,
        }
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    if runtime is not None:  # one of several workers: what every worker serves, and whether it agrees
        body |= runtime.readiness(holder)
    return JSONResponse(body, status_code=200 if body["status"] == "ready" else 503)


async def _metrics(request: Request) -> Response:
    metrics: Metrics = request.app.state.metrics
    holder: DataHolder = request.app.state.data
    metrics.data_version.set(holder.current.loaded_at)
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    # With several workers the supervisor reads the files, and knows which it skipped.
    data = holder.current
    skipped = len(runtime.supervisor().get("works_skipped", [])) if runtime else len(data.all_skipped)
    metrics.works.labels("loaded").set(len(data.catalog))
    metrics.works.labels("skipped").set(skipped)
    shelf = data.catalog.shelf
    metrics.works.labels("in_memory").set(shelf.stats().loaded if shelf is not None else len(data.catalog))
    return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)


async def _summarise() -> None:
    """Write the summary of the ordinary requests not logged one by one, every minute."""
    while True:
        await asyncio.sleep(SUMMARY_SECONDS)
        SUMMARY.flush(SUMMARY_SECONDS)


def _lifespan(holder: DataHolder, watch: bool):  # type: ignore[no-untyped-def]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        pending: set[asyncio.Task[object]] = set()

        def on_hangup() -> None:
            task = loop.create_task(holder.reload())
            pending.add(task)
            task.add_done_callback(pending.discard)

        hangup = True
        try:
            loop.add_signal_handler(signal.SIGHUP, on_hangup)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no SIGHUP
            hangup = False
        watcher = loop.create_task(holder.watch()) if watch else None
        summaries = loop.create_task(_summarise())
        # app.state.metrics is read here, not when the app is built: a worker replaces it.
        lag = loop.create_task(watch_loop(app.state.metrics.loop_lag))
        freeze_heap()  # the data is loaded and warm: keep the collector from walking it again
        try:
            yield
        finally:
            summaries.cancel()
            lag.cancel()
            SUMMARY.flush(SUMMARY_SECONDS)  # what was counted since the last line
            if watcher is not None:
                watcher.cancel()
            if hangup:
                loop.remove_signal_handler(signal.SIGHUP)

    return lifespan


def create_app(
    settings: Settings | None = None, catalog: Catalog | None = None, *, holder: DataHolder | None = None
) -> Starlette:
    """Build the app. Data is loaded (and validated) here, so bad data fails before serving.

    With ``catalog``, serve it instead of loading ``settings.data``; reloads read its files.
    With ``holder``, serve the data it holds (a worker's, loaded from the supervisor's snapshot).
    """
    settings = settings or load_settings()
    # Dear operations run in worker threads (api/execution.py); the event loop's thread waits for
    # the interpreter lock at each step of every other request and of /healthz. At the default
    # 5 ms switch interval that wait adds up to tens of milliseconds under load; 1 ms keeps the
    # loop answering promptly, for a small cost in the threads' throughput.
    sys.setswitchinterval(0.001)
    if settings.trusted_only and settings.trusted_documents is None:
        raise SettingsError(
            f"{ENV_PREFIX}TRUSTED_ONLY needs {ENV_PREFIX}TRUSTED_DOCUMENTS: the manifest of documents to run"
        )
    if holder is None:
        if catalog is not None:
            paths = [Path(e.file) for e in catalog.entries]
            holder = DataHolder(paths, load_data(paths, catalog), settle=settings.reload_settle)
        else:
            data = load_sources(settings.data, settings.memory_budget * 2**20)
            shelf = data.catalog.shelf
            holder = DataHolder(
                settings.data,
                data,
                settle=settings.reload_settle,
                budget=shelf.budget if shelf is not None else 0,  # what works may take
            )
    trusted = load_manifest(settings.trusted_documents) if settings.trusted_documents else {}
    assets = AssetSource.discover(settings.assets_dir)
    endpoint = GraphQLEndpoint(
        graphiql_html=(lambda: graphiql_page(assets, holder.current.catalog.work()))
        if settings.graphiql
        else None,
        max_body_bytes=settings.max_body_bytes,
        cache_max_age=settings.cache_max_age,
        limits=limits_from(settings),
        persisted=Persisted(PersistedQueries(), trusted, settings.trusted_only),
        log_sample=settings.log_sample,
    )
    live = LiveEndpoint(limits_from(settings), trusted=trusted, trusted_only=settings.trusted_only)
    # Compression innermost, so CORS headers are added to what is finally sent. The answers of a
    # public read-only API may be read by pages of any origin, without credentials (as public
    # GraphQL APIs allow); `cors_origins` narrows that.
    middleware = [Middleware(CompressMiddleware, minimum_size=settings.compress_min_bytes)]
    if settings.cors_origins:
        middleware.insert(
            0,
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=list(settings.cors_headers),
                expose_headers=["etag", "content-disposition"],
                max_age=600,
            ),
        )
    app = Starlette(
        routes=[
            Route("/graphql", endpoint),  # first: routes are tried in order, and this one is hot
            WebSocketRoute("/graphql", live),  # subscriptions (graphql-transport-ws)
            Route("/healthz", _healthz),
            Route("/readyz", _readyz),
            Route("/metrics", _metrics),
            *schema_routes(),
            *export_routes(),
            *asset_routes(assets),
            *explorer_routes(assets),
        ],
        middleware=middleware,
        lifespan=_lifespan(holder, settings.reload_data),
    )
    app.state.data = holder
    app.state.settings = settings
    # The operations this service knows keep their own metric labels (see Metrics.label).
    app.state.known_operations = operation_names([*trusted.values(), *shipped_documents()])
    app.state.metrics = Metrics(reserved=app.state.known_operations)
    return app


def app_from_env() -> Starlette:
    """A zero-argument factory for ``uvicorn --factory graphservice.web.app:app_from_env``."""
    return create_app()
