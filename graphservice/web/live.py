"""Subscriptions over WebSocket at ``/graphql``, with Strawberry's own graphql-transport-ws handler.

Only subscription operations are run here: queries belong on HTTP, where they are cached,
measured and run off the event loop. A connection must send ``connection_init`` within
``INIT_TIMEOUT`` seconds, may hold ``MAX_SUBSCRIPTIONS`` subscriptions, and at most
``max_sockets`` connections are open per process (more are closed with code 1013, "try again
later"), so idle or anonymous sockets cannot pile up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from graphql import GraphQLError
from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ErrorMessage, SubscribeMessage

from graphservice.api.context import Context
from graphservice.api.limits import QueryLimits
from graphservice.api.schema import schema

__all__ = ["INIT_TIMEOUT", "MAX_SUBSCRIPTIONS", "LiveEndpoint"]

INIT_TIMEOUT = 10
"""Seconds a new connection has to send `connection_init`."""
MAX_SUBSCRIPTIONS = 10
"""Subscriptions one connection may hold at once."""


class _TrustedHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Strawberry's graphql-transport-ws handler, refusing documents outside the trusted manifest
    (with ``trusted_only``; Strawberry has no hook for this before a subscription starts)."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        view = self.view
        assert isinstance(view, LiveEndpoint)
        query = message.get("payload", {}).get("query", "")
        digest = hashlib.sha256(str(query).encode("utf-8", "replace")).hexdigest()
        if view.trusted_only and digest not in view.trusted:
            refused = GraphQLError(
                "this server runs only its trusted documents", extensions={"code": "TRUSTED_DOCUMENTS_ONLY"}
            )
            await self.send_message(ErrorMessage(id=message["id"], type="error", payload=[refused.formatted]))
            return
        await super().handle_subscribe(message)


class LiveEndpoint(GraphQL[Context, None]):
    """The WebSocket side of ``/graphql``: Strawberry's ASGI app, for subscriptions only."""

    graphql_transport_ws_handler_class = _TrustedHandler

    def __init__(
        self,
        limits: QueryLimits,
        max_sockets: int = 1000,
        trusted: Mapping[str, str] | None = None,
        trusted_only: bool = False,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            keep_alive=True,
            keep_alive_interval=15,
            connection_init_wait_timeout=timedelta(seconds=INIT_TIMEOUT),
            max_subscriptions_per_connection=MAX_SUBSCRIPTIONS,
        )
        self.limits = QueryLimits(**{**_fields(limits), "only_subscriptions": True})
        self.max_sockets = max_sockets
        self.sockets = 0
        self.trusted = trusted or {}
        self.trusted_only = trusted_only

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "websocket":  # HTTP goes to the GraphQL endpoint; never here
            return await super().__call__(scope, receive, send)
        if self.sockets >= self.max_sockets:
            await WebSocket(scope, receive, send).close(
                code=1013, reason="too many connections; try again later"
            )
            return None
        self.sockets += 1
        try:
            return await super().__call__(scope, receive, send)
        finally:
            self.sockets -= 1

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        holder = request.app.state.data
        # No deadline: a subscription lives as long as its client wants; each event it sends is
        # a small, bounded answer (its document passed the limits when it subscribed).
        return Context(holder.current.catalog, self.limits, deadline=float("inf"), live=holder)


def _fields(limits: QueryLimits) -> dict[str, Any]:
    return {name: getattr(limits, name) for name in QueryLimits.__dataclass_fields__}
