"""Subscriptions over WebSocket at /graphql (graphql-transport-ws): the data version after a
reload, only subscriptions over the socket, bounded sockets, trusted documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from graphservice.settings import load_settings
from graphservice.web import create_app
from graphservice.web.persisted import sha256_of

from ..conftest import LIGHTHOUSE

PROTOCOL = "graphql-transport-ws"
VERSION = "subscription { dataVersion { version changedWorks } }"


def _app(tmp_path: Path, **settings: Any) -> tuple[Any, Path]:
    data = tmp_path / "lighthouse.yaml"
    shutil.copy(LIGHTHOUSE, data)
    return create_app(load_settings(data=str(data), reload_settle=0.01, **settings)), data


def _start(socket: Any) -> None:
    socket.send_json({"type": "connection_init"})
    assert socket.receive_json() == {"type": "connection_ack"}


def _next(socket: Any) -> dict[str, Any]:
    while True:
        message: dict[str, Any] = socket.receive_json()
        if message["type"] != "ping":
            return message


def test_a_reload_reaches_subscribers(tmp_path: Path) -> None:
    app, data = _app(tmp_path)
    with TestClient(app) as client, client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        _start(socket)
        socket.send_json({"id": "1", "type": "subscribe", "payload": {"query": VERSION}})
        first = _next(socket)
        holder = app.state.data
        assert first["payload"]["data"]["dataVersion"] == {
            "version": holder.current.version,
            "changedWorks": [],
        }
        edited = yaml.safe_load(data.read_text(encoding="utf-8"))
        edited["characters"][0]["description"] = "Described anew for this test."
        data.write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
        assert client.portal is not None  # the client runs the app on its own event loop
        assert client.portal.call(holder.reload)
        second = _next(socket)
        assert second == {
            "id": "1",
            "type": "next",
            "payload": {
                "data": {"dataVersion": {"version": holder.current.version, "changedWorks": ["carrow-point"]}}
            },
        }
        assert (
            second["payload"]["data"]["dataVersion"]["version"]
            != first["payload"]["data"]["dataVersion"]["version"]
        )


def test_queries_are_refused_over_the_socket(tmp_path: Path) -> None:
    app, _ = _app(tmp_path)
    with TestClient(app) as client, client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        _start(socket)
        socket.send_json({"id": "q", "type": "subscribe", "payload": {"query": "{ works { slug } }"}})
        message = _next(socket)
        assert message["type"] == "error"
        assert "only subscriptions are served over WebSocket" in message["payload"][0]["message"]


def test_subscriptions_are_refused_over_http(tmp_path: Path) -> None:
    app, _ = _app(tmp_path)
    response = TestClient(app).post("/graphql", json={"query": VERSION})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "WebSocket" in response.json()["errors"][0]["message"]


def test_sockets_are_bounded(tmp_path: Path) -> None:
    app, _ = _app(tmp_path)
    live = next(
        r.app
        for r in app.routes
        if getattr(r, "path", "") == "/graphql" and "websocket" in type(r).__name__.lower()
    )
    live.max_sockets = 1
    with TestClient(app) as client, client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as first:
        _start(first)
        with (
            pytest.raises(WebSocketDisconnect) as refused,
            client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as second,
        ):
            second.receive_json()
        assert refused.value.code == 1013


def test_trusted_only_refuses_other_subscriptions(tmp_path: Path) -> None:
    manifest = tmp_path / "trusted.json"
    manifest.write_text(json.dumps({sha256_of(VERSION): VERSION}), encoding="utf-8")
    app, _ = _app(tmp_path, trusted_documents=manifest, trusted_only=True)
    other = "subscription { dataVersion { version } }"
    with TestClient(app) as client, client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        _start(socket)
        socket.send_json({"id": "a", "type": "subscribe", "payload": {"query": other}})
        refused = _next(socket)
        assert (refused["type"], refused["payload"][0]["extensions"]["code"]) == (
            "error",
            "TRUSTED_DOCUMENTS_ONLY",
        )
        socket.send_json({"id": "b", "type": "subscribe", "payload": {"query": VERSION}})
        assert _next(socket)["type"] == "next"
