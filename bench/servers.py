"""The servers the HTTP benchmark compares, each run by uvicorn on 127.0.0.1 with the same options.

    python -m bench.servers service --port 8101 [--loop asyncio --http h11] [--no-freeze] ...

- ``floor``: a Starlette endpoint answering every POST to /graphql with bytes serialised before
  the server started; no GraphQL at all, the fastest an answer can come from this stack.
- ``service``: graphservice's app (``create_app``), as ``graphservice serve`` builds it.
- ``plain``: Strawberry's own ASGI app (``strawberry.asgi.GraphQL``) over the same query type and
  data, without the document caches, limits or response cache.

The ``--no-*`` switches turn one optimisation of the service off, so a run can show what each
one is worth.
"""

from __future__ import annotations

import argparse
import gc
import os
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.operations import OPERATIONS

__all__ = ["DATA", "KINDS", "floor_app", "plain_app", "service_app"]

DATA = Path(__file__).resolve().parent.parent / "data" / "never-let-me-go.yaml"
KINDS = ("floor", "service", "plain")


def floor_app(data: Path, answers: dict[bytes, bytes] | None = None) -> Starlette:
    """An app that answers each POST to /graphql with bytes serialised before it started: the
    answer of the hot mix's request with that body (the first one for any other body)."""
    if answers is None:
        answers = _hot_answers(data)
    first = next(iter(answers.values()))

    async def answer(request: Request) -> Response:
        body = await request.body()  # read the request, as any endpoint must
        return Response(answers.get(body, first), media_type="application/json")

    return Starlette(routes=[Route("/graphql", answer, methods=["POST"])])


def _hot_answers(data: Path) -> dict[bytes, bytes]:
    import json

    from graphservice import jsonio
    from graphservice.api.context import Context
    from graphservice.api.schema import schema
    from graphservice.catalog import load_catalog

    context = Context(load_catalog([data]))
    answers = {}
    for op in OPERATIONS:
        result = schema.execute_sync(op.document, op.variables, context)
        answers[json.dumps(op.body()).encode()] = jsonio.dumps({"data": result.data})
    return answers


def service_app(data: Path, *, response_cache: bool = True) -> Starlette:
    """graphservice's own app over ``data``."""
    from graphservice.settings import load_settings
    from graphservice.web import create_app

    app = create_app(load_settings(data=str(data), log_level="warning", graphiql=False))
    if not response_cache:
        app.state.data.responses.max_bytes = 0  # every answer is larger: nothing is kept
    return app


def plain_app(data: Path) -> Any:
    """Strawberry's ASGI app over the same query type, with no extensions."""
    import strawberry
    from strawberry.asgi import GraphQL

    from graphservice.api.context import Context
    from graphservice.api.query import Query
    from graphservice.catalog import load_catalog

    catalog = load_catalog([data])

    class Plain(GraphQL[Context, None]):
        async def get_context(self, request: Any, response: Any) -> Context:
            return Context(catalog)

    return Plain(strawberry.Schema(query=Query), graphql_ide=None)


def main() -> None:
    """Start one server; runs until terminated."""
    parser = argparse.ArgumentParser(description="Run one of the benchmark's servers on 127.0.0.1.")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--loop", default="auto", help="uvicorn's event loop: auto, asyncio or uvloop")
    parser.add_argument("--http", default="auto", help="uvicorn's HTTP parser: auto, h11 or httptools")
    parser.add_argument("--no-freeze", action="store_true", help="service: undo gc.freeze after start-up")
    parser.add_argument("--no-response-cache", action="store_true", help="service: keep no answers")
    parser.add_argument("--stdlib-json", action="store_true", help="service: json instead of orjson")
    args = parser.parse_args()
    if args.stdlib_json:
        from graphservice import jsonio

        jsonio.orjson = None  # type: ignore[attr-defined,assignment]
    app: Any
    if args.kind == "floor":
        app = floor_app(args.data)
    elif args.kind == "plain":
        app = plain_app(args.data)
    else:
        app = service_app(args.data, response_cache=not args.no_response_cache)
    if args.no_freeze:
        _unfreeze_after_start(app)
    os.environ.setdefault("GRAPHSERVICE_LOG_LEVEL", "warning")
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        loop=args.loop,
        http=args.http,
        log_level="warning",
        access_log=False,
        lifespan="on" if args.kind == "service" else "auto",
    )


def _unfreeze_after_start(app: Starlette) -> None:
    """Undo the lifespan's gc.freeze once the server has started (for the with/without comparison)."""
    lifespan = app.router.lifespan_context

    def unfrozen(app_: Any) -> Any:
        import contextlib

        @contextlib.asynccontextmanager
        async def run(*_: Any) -> Any:
            async with lifespan(app_):
                gc.unfreeze()
                yield

        return run()

    app.router.lifespan_context = unfrozen


if __name__ == "__main__":
    main()
