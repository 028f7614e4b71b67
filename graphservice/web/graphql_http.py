"""GraphQL over HTTP, as the GraphQL-over-HTTP specification describes it.

Strawberry's own ASGI view does not offer ``application/graphql-response+json`` or the status
codes that go with it, so this endpoint handles the HTTP side and hands the operation to
``graphservice.api.execution`` (each document parsed and validated once, then graphql-core over
the Strawberry schema, with its error codes and limits):

- ``POST`` with an ``application/json`` body ``{query, variables?, operationName?, extensions?}``;
  ``GET`` with the same as query parameters, for queries only (a mutation gets 405, ``Allow: POST``).
- The answer is ``application/graphql-response+json`` when the client accepts it, else
  ``application/json``; 406 when it accepts neither. With the first, an operation refused before
  execution (parse, validation, limits, variables) gets 400; with the legacy type, 200.
- Malformed requests get 400 (bad JSON, a batch array, no query), a wrong content type 415, a body
  over the limit 413, another method 405; each with a GraphQL-shaped error and a code.
- ``GET`` answers carry an ``ETag`` (data version + request) and ``Cache-Control``; a matching
  ``If-None-Match`` gets 304 without running the operation.
- A successful answer is kept in the data holder's response cache (see ``response_cache``) and
  sent again for the same data version, document, variables and operation name; a POST body seen
  before is recognised byte for byte and answered without building a request object.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from graphql import GraphQLError, OperationType
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from graphservice import jsonio
from graphservice.api.context import Context
from graphservice.api.execution import Prepared, prepare_async, refused, run_prepared
from graphservice.api.limits import QueryLimits
from graphservice.web._asgi import header, is_utf8_json, read_body, replay, small_json
from graphservice.web.graphql_request import (
    GRAPHQL_RESPONSE,
    JSON,
    Params,
    Problem,
    check_params,
    json_param,
    media_ranges,
    negotiate,
)
from graphservice.web.observe import Metrics, RequestRecord, log_request
from graphservice.web.persisted import Persisted, PersistedQueries
from graphservice.web.response_cache import CachedAnswer, cache_key, etag_of
from graphservice.web.state import DataHolder

__all__ = ["GRAPHQL_RESPONSE", "JSON", "GraphQLEndpoint"]

_GENERIC = "Internal server error."
_REQUEST_ERROR_CODES = frozenset(
    {
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "QUERY_TOO_COMPLEX",
        "QUERY_TOO_DEEP",
        "TOO_MANY_ALIASES",
        "TOO_MANY_TOKENS",
        "BAD_USER_INPUT",
    }
)
logger = logging.getLogger("graphservice.http")
_root = logging.getLogger("graphservice")
_ANSWER_KEY = "graphservice.answer_key"
"""Scope entry where the full path leaves the cache key of a POST it answered from or into the cache."""


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return any(m == "text/html" and q > 0 for m, q in media_ranges(accept))


def _encode(payload: dict[str, Any]) -> bytes:
    return jsonio.dumps(payload)


def _checked_operation(method: str, params: Params, prepared: Prepared, record: RequestRecord) -> Any:
    """The operation to run (None when the document does not parse: its errors are the answer);
    refuses a document without the operation asked for, and anything but a query over GET."""
    if prepared.document is None:
        return None
    operation = prepared.operation(params.operation_name)
    if operation is None:
        wanted = f"named '{params.operation_name}'" if params.operation_name else "without `operationName`"
        raise Problem(400, "BAD_REQUEST", f"the document has no single operation to run {wanted}")
    name = operation.name.value if operation.name else ""
    record.operation = record.operation or (name or None)
    measured = prepared.measures.get(name)
    record.cost = None if measured is None else measured.cost
    if operation.operation is OperationType.SUBSCRIPTION:
        raise Problem(
            400,
            "BAD_REQUEST",
            "subscriptions are served over WebSocket at /graphql (the graphql-transport-ws protocol)",
        )
    if method == "GET" and operation.operation is not OperationType.QUERY:
        raise Problem(
            405,
            "METHOD_NOT_ALLOWED",
            f"a {operation.operation.value} must be sent with POST",
            {"Allow": "POST"},
        )
    return operation


def _not_modified(request: Request, headers: dict[str, str]) -> bool:
    tags = request.headers.get("if-none-match")
    return tags is not None and headers["ETag"] in {t.strip() for t in tags.split(",")}


class GraphQLEndpoint:
    """The ``/graphql`` endpoint: an ASGI app reading the data holder, settings and metrics from
    the Starlette app's state."""

    def __init__(
        self,
        *,
        graphiql_html: Callable[[], str] | None,
        max_body_bytes: int,
        cache_max_age: int,
        limits: QueryLimits,
        persisted: Persisted | None = None,
        log_sample: float = 0.0,
    ) -> None:
        # The playground page for browsers (None: switched off), made when first asked for: its
        # example query names a work's characters, and a library loads works on first use.
        self.graphiql_html = functools.cache(graphiql_html) if graphiql_html is not None else None
        self.max_body_bytes = max_body_bytes
        self.cache_max_age = cache_max_age
        self.limits = limits
        self.persisted = persisted or Persisted(PersistedQueries(), {})
        self.log_sample = log_sample

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        started = False

        async def tracked(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._serve(scope, receive, tracked)
        except Exception:
            # Last resort: handle() answers every failure it can see, so this is a bug in what
            # surrounds it (logging, metrics, the byte-for-byte path). The client still gets the
            # documented JSON shape, and the metrics count it.
            logger.exception("unexpected error around a GraphQL request")
            metrics: Metrics | None = getattr(scope["app"].state, "metrics", None)
            if metrics is not None:
                metrics.observe(RequestRecord(scope["method"], status=500, outcome="internal_error"))
            if not started:
                response = self._problem(Problem(500, "INTERNAL_SERVER_ERROR", _GENERIC), JSON)
                await response(scope, receive, send)

    async def _serve(self, scope: Any, receive: Any, send: Any) -> None:
        read: list[Any] = []
        if scope["method"] == "POST" and small_json(scope):
            body = await read_body(receive, read)
            if body is not None and await self._send_known(scope, body, send):
                return
            receive = replay(read, receive)
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)
        key = scope.get(_ANSWER_KEY)
        if key is not None and read:
            holder: DataHolder = request.app.state.data
            holder.responses.alias(b"".join(m.get("body", b"") for m in read), key)

    async def _send_known(self, scope: Any, body: bytes, send: Any) -> bool:
        """Send the kept answer for a POST body seen before, straight to the ASGI server.

        This is the path a frontend's repeated requests take, so it skips what the full path
        spends on them: the request object, JSON parsing, the key and the response object (the
        bytes, status and headers sent are exactly the full path's). False when there is no
        such answer or the client accepts neither JSON type; the full path then answers.
        """
        started = time.perf_counter()
        media = negotiate(header(scope, b"accept"))
        app = scope["app"]
        holder: DataHolder = app.state.data
        answer = holder.responses.by_body(holder.current.version, body) if media is not None else None
        if answer is None:
            return False
        headers = [
            (b"vary", b"Accept"),
            (b"content-length", str(len(answer.body)).encode()),
            (b"content-type", f"{media}; charset=utf-8".encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})
        record = RequestRecord("POST", answer.operation, cost=answer.cost)
        record.seconds = time.perf_counter() - started
        metrics: Metrics | None = getattr(app.state, "metrics", None)
        if metrics is not None:
            metrics.observe(record)
        log_request(record, _root.isEnabledFor(logging.DEBUG), self.log_sample)
        return True

    async def handle(self, request: Request) -> Response:
        """Answer one request; never raises."""
        started = time.perf_counter()
        record = RequestRecord(method=request.method)
        media = negotiate(request.headers.get("accept"))
        try:
            response = await self._answer(request, media, record)
        except Problem as problem:
            record.status, record.outcome, record.codes = problem.status, "http_error", [problem.code]
            response = self._problem(problem, media or JSON)
        except Exception:
            logger.exception("unexpected error answering a GraphQL request")
            record.status, record.outcome, record.codes = 500, "internal_error", ["INTERNAL_SERVER_ERROR"]
            response = self._problem(Problem(500, "INTERNAL_SERVER_ERROR", _GENERIC), media or JSON)
        record.seconds = time.perf_counter() - started
        metrics: Metrics | None = getattr(request.app.state, "metrics", None)
        if metrics is not None:
            metrics.observe(record)
        log_request(record, _root.isEnabledFor(logging.DEBUG), self.log_sample)
        return response

    async def _answer(self, request: Request, media: str | None, record: RequestRecord) -> Response:
        if request.method not in ("GET", "POST"):
            raise Problem(405, "METHOD_NOT_ALLOWED", "use GET or POST", {"Allow": "GET, POST"})
        asks = ("query", "documentId", "extensions")
        browsing = request.method == "GET" and not any(k in request.query_params for k in asks)
        if browsing and self.graphiql_html is not None and _wants_html(request):
            return HTMLResponse(await asyncio.to_thread(self.graphiql_html))
        if media is None:
            raise Problem(406, "NOT_ACCEPTABLE", f"this endpoint answers with {GRAPHQL_RESPONSE} or {JSON}")
        params = await (self._from_post(request) if request.method == "POST" else self._from_get(request))
        return await self._run(request, media, record, *self.persisted.resolve(params))

    async def _run(
        self, request: Request, media: str, record: RequestRecord, params: Params, register: str | None
    ) -> Response:
        """Answer a request whose parameters are known: from the response cache, or by running it."""
        record.operation = params.operation_name
        record.variables = params.variables
        holder: DataHolder = request.app.state.data
        data = holder.current  # one read: this request keeps this version to the end
        key = cache_key(data.version, params.query, params.variables, params.operation_name)
        headers = {"Vary": "Accept"}
        if request.method == "GET":
            etag = etag_of(key)
            headers |= {"ETag": etag, "Cache-Control": f"public, max-age={self.cache_max_age}"}
        cached = holder.responses.get(key)
        if cached is not None:  # only queries are kept, so a GET may have it too
            if register is not None:  # a kept answer means the document validated
                self.persisted.store.put(register, params.query)
            record.operation, record.cost = record.operation or cached.operation, cached.cost
            request.scope[_ANSWER_KEY] = key
            return self._cached(request, cached, media, headers, record)
        context = Context(data.catalog, self.limits)  # the time budget starts here
        prepared = await prepare_async(params.query, self.limits)
        operation = _checked_operation(request.method, params, prepared, record)
        if not prepared.ok:
            result = refused(prepared)
            return self._result(result.data, result.errors or [], media, headers, record)
        if register is not None:  # APQ: kept only once it validates
            self.persisted.store.put(register, params.query)
        if request.method == "GET" and _not_modified(request, headers):
            record.status, record.outcome = 304, "not_modified"
            return Response(status_code=304, headers=headers)
        result = await run_prepared(prepared, operation, params.variables, params.operation_name, context)
        response = self._result(result.data, result.errors or [], media, headers, record)
        if not result.errors and operation is not None and operation.operation is OperationType.QUERY:
            holder.responses.put(key, CachedAnswer(bytes(response.body), record.operation, record.cost))
            request.scope[_ANSWER_KEY] = key
        return response

    def _cached(
        self,
        request: Request,
        cached: CachedAnswer,
        media: str,
        headers: dict[str, str],
        record: RequestRecord,
    ) -> Response:
        if request.method == "GET" and _not_modified(request, headers):
            record.status, record.outcome = 304, "not_modified"
            return Response(status_code=304, headers=headers)
        return Response(cached.body, 200, headers, media_type=f"{media}; charset=utf-8")

    def _result(
        self,
        data: Any,
        errors: list[GraphQLError],
        media: str,
        headers: dict[str, str],
        record: RequestRecord,
    ) -> Response:
        formatted = []
        for error in errors:
            item: dict[str, Any] = dict(error.formatted)
            code = str((error.extensions or {}).get("code", "INTERNAL_SERVER_ERROR"))
            if code == "INTERNAL_SERVER_ERROR" and item.get("message") != _GENERIC:
                logger.error("unmasked internal error: %s", item.get("message"))
                item = {"message": _GENERIC, "extensions": {"code": code}, "path": item.get("path")}
            formatted.append(item)
            record.codes.append(code)
        # Refused before execution (parse, validation, limits, variables): no `data` at all. A
        # timeout found before the first field ran is not one: the operation had started.
        request_error = (
            data is None
            and bool(errors)
            and all(e.path is None for e in errors)
            and "QUERY_TIMEOUT" not in record.codes
        )
        payload: dict[str, Any] = {} if request_error else {"data": data}
        if formatted:
            payload["errors"] = formatted
        if "INTERNAL_SERVER_ERROR" in record.codes:
            record.outcome = "internal_error"
        elif request_error:
            record.outcome = "request_error"
        elif errors:
            record.outcome = "field_error"
        status = 400 if request_error and media == GRAPHQL_RESPONSE else 200
        if status != 200 or request_error:
            headers = {k: v for k, v in headers.items() if k not in ("ETag", "Cache-Control")}
        record.status = status
        return Response(_encode(payload), status, headers, media_type=f"{media}; charset=utf-8")

    def _problem(self, problem: Problem, media: str) -> Response:
        payload = {"errors": [{"message": problem.message, "extensions": {"code": problem.code}}]}
        return Response(
            _encode(payload), problem.status, problem.headers, media_type=f"{media}; charset=utf-8"
        )

    async def _from_get(self, request: Request) -> Params:
        q = request.query_params
        raw = {
            "query": q.get("query"),
            "variables": json_param(q.get("variables"), "variables"),
            "operationName": q.get("operationName"),
            "extensions": json_param(q.get("extensions"), "extensions"),
            "documentId": q.get("documentId"),
        }
        return check_params(raw)

    async def _from_post(self, request: Request) -> Params:
        if not is_utf8_json(request.headers.get("content-type", "")):
            raise Problem(415, "UNSUPPORTED_MEDIA_TYPE", f"send the request as {JSON} (UTF-8)")
        body = await self._body(request)
        try:
            raw = jsonio.loads(body)
        except ValueError:  # UnicodeDecodeError is one, and so is JSON nested too deeply
            raise Problem(400, "BAD_REQUEST", "the body is not valid JSON") from None
        if isinstance(raw, list):
            raise Problem(400, "BAD_REQUEST", "batched requests (a JSON array) are not supported")
        if not isinstance(raw, dict):
            raise Problem(400, "BAD_REQUEST", "the body must be a JSON object")
        return check_params(raw)

    async def _body(self, request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        too_big = Problem(413, "PAYLOAD_TOO_LARGE", f"the body is larger than {self.max_body_bytes} bytes")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            raise too_big
        # The ASGI messages are read here rather than through ``request.stream()``: the same loop
        # without an async generator, which costs a few microseconds a request that a cached
        # answer otherwise does not spend.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await request.receive()
            if message["type"] == "http.disconnect":
                raise Problem(400, "BAD_REQUEST", "the client disconnected before sending the body")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise too_big
            chunks.append(chunk)
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)
