"""Downloads of a graph view: ``GET /export/{format}`` with the ``graph`` field's arguments as
query parameters.

``format`` is ``cytoscape``, ``graphology``, ``node-link``, ``gexf`` or ``graphml``. The query
parameters are ``work``, ``asOf``, ``during``, ``kinds`` (comma-separated, e.g.
``friendship,romance``), ``includePlaces`` (``true``/``false``), ``center`` (a slug or global
id), ``radius`` and ``sizeBy`` (e.g. ``betweenness``); an unknown parameter is refused rather
than ignored, so a misspelt ``asof`` cannot silently leak spoilers.

A failure answers with ``{"error": {"code": ..., "message": ...}}``: status 400 and
``BAD_USER_INPUT`` for a bad format, parameter, period, kind or radius; 404 and ``NOT_FOUND`` for
a work or node that does not exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graphservice.api.refs import resolve_ref
from graphservice.catalog import Catalog
from graphservice.errors import InvalidArgumentError, NotFoundError
from graphservice.exports import check_format, render
from graphservice.queries.analytics import Measure
from graphservice.queries.graphview import graph_view
from graphservice.queries.views import EdgeFilter, make_view
from graphservice.suggest import did_you_mean
from graphservice.vocabulary import RelationshipKind
from graphservice.web.state import DataHolder

__all__ = ["PARAMETERS", "export_routes"]

PARAMETERS = ("work", "asOf", "during", "kinds", "includePlaces", "center", "radius", "sizeBy")
"""The query parameters an export accepts."""
_ENTITY_TYPES = ("Character", "Group", "Place")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_MEASURES = {m.value: m for m in Measure}
_KINDS = {k.value: k for k in RelationshipKind}
_T = TypeVar("_T")


def _choice(name: str, value: str, known: Mapping[str, _T]) -> _T:
    found = known.get(value.strip().lower())
    if found is None:
        hint = did_you_mean(value, known)
        raise InvalidArgumentError(f"unknown {name} '{value}'{hint} (one of: {', '.join(known)})")
    return found


def _kinds(value: str | None) -> frozenset[RelationshipKind] | None:
    if value is None:
        return None
    return frozenset(_choice("kind", v, _KINDS) for v in value.split(",") if v.strip())


def _radius(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return int(value)
    except ValueError:
        raise InvalidArgumentError(f"radius must be a whole number; got '{value}'") from None


def _check_names(params: Mapping[str, str]) -> None:
    for name in params:
        if name not in PARAMETERS:
            hint = did_you_mean(name, PARAMETERS)
            raise InvalidArgumentError(
                f"unknown parameter '{name}'{hint} (parameters: {', '.join(PARAMETERS)})"
            )


def _download(catalog: Catalog, fmt: str, params: Mapping[str, str]) -> Response:
    check_format(fmt)  # first: a wrong format makes every other parameter moot
    _check_names(params)
    work_slug, center = params.get("work"), params.get("center")
    slug = None
    if center is None:
        work = catalog.work(work_slug)
    else:  # a global id names its work
        work, slug = resolve_ref(catalog, center, work_slug, _ENTITY_TYPES)
    flt = EdgeFilter(
        make_view(work, params.get("asOf"), params.get("during")),
        _kinds(params.get("kinds")),
        _choice("includePlaces value", params.get("includePlaces", "false"), _BOOLEANS),
    )
    measure = _choice("sizeBy measure", params.get("sizeBy", "pagerank"), _MEASURES)
    view = graph_view(work, flt, slug, _radius(params.get("radius")), measure)
    body, media_type, extension = render(view, fmt)
    disposition = f'attachment; filename="{work.slug}.{extension}"'
    return Response(body, media_type=media_type, headers={"Content-Disposition": disposition})


def _catalog(request: Request) -> Catalog:
    # Read the current version once per request, so a reload mid-request cannot mix two versions.
    holder: DataHolder = request.app.state.data
    return holder.current.catalog


def _export(request: Request) -> Response:
    # A plain function, so Starlette runs it in its thread pool: a first layout or analytics of a
    # view is CPU work that should not hold up the event loop.
    params = dict(request.query_params)
    if "kinds" in params:  # `kinds=a,b` and `kinds=a&kinds=b` both work
        params["kinds"] = ",".join(request.query_params.getlist("kinds"))
    try:
        return _download(_catalog(request), request.path_params["format"], params)
    except (InvalidArgumentError, NotFoundError) as error:
        status = 404 if isinstance(error, NotFoundError) else 400
        return JSONResponse({"error": {"code": error.code, "message": str(error)}}, status_code=status)


def export_routes() -> list[Route]:
    """The download routes, for the app's route list."""
    return [Route("/export/{format}", _export, methods=["GET"])]
