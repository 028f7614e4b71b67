"""The relationship explorer: a page at ``/explorer`` drawing a work's graph with Cytoscape.js.

The page is a plain client of the public GraphQL API (it asks ``/graphql`` for everything it
shows), so its script doubles as a reference client. This module only serves the page, with the
library tags from :mod:`graphservice.web.assets`, and its own files from ``static/explorer``: the
style sheet, ``live.js`` and the ES modules of the page (``main.js`` imports the others, all from
this same directory, so no build step is needed).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from graphservice.web.assets import AssetSource

__all__ = ["explorer_page", "explorer_routes"]

_STATIC = resources.files("graphservice.web") / "static" / "explorer"


@cache
def _template() -> str:
    return (_STATIC / "index.html").read_text("utf-8")


def explorer_page(assets: AssetSource) -> str:
    """The explorer's HTML, loading Cytoscape.js and graphql-ws from this server or the CDN."""
    return _template().replace("{{scripts}}", assets.tag("cytoscape") + "\n    " + assets.tag("graphql-ws"))


def explorer_routes(assets: AssetSource) -> list[Route | Mount]:
    """``/`` (redirects to the explorer), ``/explorer`` and ``/explorer/static/...``."""
    html = explorer_page(assets)

    async def home(request: Request) -> Response:
        return RedirectResponse("/explorer", status_code=307)

    async def page(request: Request) -> Response:
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    return [
        Route("/", home),
        Route("/explorer", page),
        Mount("/explorer/static", StaticFiles(directory=str(_STATIC)), name="explorer-static"),
    ]
