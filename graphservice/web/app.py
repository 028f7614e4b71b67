"""The Starlette application: GraphQL at /graphql, health at /healthz."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from graphservice.api.context import Context
from graphservice.api.schema import schema
from graphservice.catalog import Catalog, load_catalog
from graphservice.queries.analytics import precompute
from graphservice.queries.search import prepare_index
from graphservice.settings import Settings, load_settings

__all__ = ["app_from_env", "create_app"]


class _GraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app, with the context read from the Starlette app's state."""

    async def get_context(self, request: Any, response: Any) -> Context:
        catalog: Catalog = request.app.state.catalog
        return Context(catalog=catalog)


async def _healthz(request: Request) -> Response:
    catalog: Catalog = request.app.state.catalog
    return JSONResponse({"status": "ok", "works": [w.slug for w in catalog.works]})


async def _home(request: Request) -> Response:
    return RedirectResponse("/graphql", status_code=307)


def create_app(settings: Settings | None = None, catalog: Catalog | None = None) -> Starlette:
    """Build the app. Data is loaded (and validated) here, so bad data fails before serving."""
    settings = settings or load_settings()
    catalog = catalog or load_catalog(list(settings.data))
    for work in catalog.works:  # so no request pays for what does not depend on it
        precompute(work)
        prepare_index(work)
    graphql = _GraphQL(schema, graphql_ide="graphiql" if settings.graphiql else None)
    app = Starlette(
        routes=[
            Route("/", _home),
            Route("/healthz", _healthz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
        ]
    )
    app.state.catalog = catalog
    app.state.settings = settings
    return app


def app_from_env() -> Starlette:
    """A zero-argument factory for ``uvicorn --factory graphservice.web.app:app_from_env``."""
    return create_app()
