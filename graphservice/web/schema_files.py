"""The schema's artefacts over HTTP, for clients that configure themselves from the server:
``/schema/schema.graphql`` (the SDL, for code generators) and ``/schema/possible-types.json``
(the interfaces and unions with their member types, Apollo Client's ``possibleTypes``)."""

from __future__ import annotations

import json
from functools import cache

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graphservice.schema_export import graphql_sdl, possible_types

__all__ = ["schema_routes"]


@cache
def _bodies() -> dict[str, tuple[bytes, str]]:
    # The schema is fixed for the life of the process, so each file is made once.
    return {
        "schema.graphql": (graphql_sdl().encode(), "text/plain; charset=utf-8"),
        "possible-types.json": (json.dumps(possible_types(), indent=2).encode(), "application/json"),
    }


async def _schema_file(request: Request) -> Response:
    body, media = _bodies()[request.url.path.rsplit("/", 1)[-1]]
    return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=3600"})


def schema_routes() -> list[Route]:
    """The routes of the schema's artefacts."""
    return [Route(f"/schema/{name}", _schema_file, methods=["GET", "HEAD"]) for name in _bodies()]
