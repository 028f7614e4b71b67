"""The Starlette application: GraphQL at /graphql, health at /healthz and /readyz, metrics at
/metrics; the data held for safe reloads."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graphservice.api.limits import limits_from
from graphservice.catalog import Catalog
from graphservice.settings import Settings, load_settings
from graphservice.web.assets import AssetSource, asset_routes
from graphservice.web.explorer import explorer_routes
from graphservice.web.exports import export_routes
from graphservice.web.graphiql import graphiql_page
from graphservice.web.graphql_http import GraphQLEndpoint
from graphservice.web.observe import Metrics
from graphservice.web.state import DataHolder, freeze_heap, load_data

__all__ = ["app_from_env", "create_app"]

logger = logging.getLogger("graphservice.app")


async def _healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _readyz(request: Request) -> Response:
    holder: DataHolder = request.app.state.data
    data = holder.current
    return JSONResponse(
        {
            "status": "ready",
            "version": data.version,
            "loaded_at": datetime.fromtimestamp(data.loaded_at, UTC).isoformat(),
            "load_seconds": round(data.load_seconds, 3),
            "works": [w.slug for w in data.catalog.works],
            "last_reload_error": holder.last_error,
        }
    )


async def _metrics(request: Request) -> Response:
    metrics: Metrics = request.app.state.metrics
    holder: DataHolder = request.app.state.data
    metrics.data_version.set(holder.current.loaded_at)
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


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
        freeze_heap()  # the data is loaded and warm: keep the collector from walking it again
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
            if hangup:
                loop.remove_signal_handler(signal.SIGHUP)

    return lifespan


def create_app(settings: Settings | None = None, catalog: Catalog | None = None) -> Starlette:
    """Build the app. Data is loaded (and validated) here, so bad data fails before serving.

    With ``catalog``, serve it instead of loading ``settings.data``; reloads read its files.
    """
    settings = settings or load_settings()
    paths = [Path(w.file) for w in catalog.works] if catalog else list(settings.data)
    holder = DataHolder(paths, load_data(paths, catalog))
    assets = AssetSource.discover(settings.assets_dir)
    endpoint = GraphQLEndpoint(
        graphiql_html=graphiql_page(assets, holder.current.catalog.work()) if settings.graphiql else None,
        max_body_bytes=settings.max_body_bytes,
        cache_max_age=settings.cache_max_age,
        limits=limits_from(settings),
    )
    middleware = []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["content-type", "accept", "if-none-match"],
                expose_headers=["etag", "content-disposition"],
                max_age=600,
            )
        )
    app = Starlette(
        routes=[
            Route("/graphql", endpoint),  # first: routes are tried in order, and this one is hot
            Route("/healthz", _healthz),
            Route("/readyz", _readyz),
            Route("/metrics", _metrics),
            *export_routes(),
            *asset_routes(assets),
            *explorer_routes(assets),
        ],
        middleware=middleware,
        lifespan=_lifespan(holder, settings.reload_data),
    )
    app.state.data = holder
    app.state.settings = settings
    app.state.metrics = Metrics()
    return app


def app_from_env() -> Starlette:
    """A zero-argument factory for ``uvicorn --factory graphservice.web.app:app_from_env``."""
    return create_app()
