"""Downloads at /export/{format}: status, content type, file name, and JSON errors for bad input."""

from __future__ import annotations

import base64
import io
import json

import networkx as nx
import pytest
from starlette.testclient import TestClient

from graphservice.catalog import Catalog
from graphservice.settings import load_settings
from graphservice.web import create_app

from ..conftest import LIGHTHOUSE


@pytest.fixture(scope="module")
def client(fixture_catalog: Catalog) -> TestClient:
    return TestClient(create_app(load_settings(data=str(LIGHTHOUSE)), fixture_catalog))


def _nodes(fmt: str, body: bytes) -> list[str]:
    """The node ids of a downloaded file, read the way its consumer would."""
    if fmt == "gexf":
        return list(nx.read_gexf(io.BytesIO(body)))
    if fmt == "graphml":
        return list(nx.read_graphml(io.BytesIO(body)))
    data = json.loads(body)
    if fmt == "cytoscape":
        return [n["data"]["id"] for n in data["elements"]["nodes"]]
    if fmt == "graphology":
        return [n["key"] for n in data["nodes"]]
    return [n["id"] for n in data["nodes"]]


@pytest.mark.parametrize(
    ("fmt", "media_type", "filename"),
    [
        ("cytoscape", "application/json", "carrow-point.cyjs"),
        ("graphology", "application/json", "carrow-point.graphology.json"),
        ("node-link", "application/json", "carrow-point.node-link.json"),
        ("gexf", "application/gexf+xml", "carrow-point.gexf"),
        ("graphml", "application/graphml+xml", "carrow-point.graphml"),
    ],
)
def test_download(client: TestClient, fmt: str, media_type: str, filename: str) -> None:
    response = client.get(f"/export/{fmt}", params={"asOf": "act-1"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    # As of act one the hermit is not met yet, and places are left out unless asked for.
    assert _nodes(fmt, response.content) == ["ada", "ben", "cora", "orrin", "keepers", "council"]


def test_parameters_shape_the_view(client: TestClient) -> None:
    cora = base64.b64encode(b"Character:carrow-point/cora").decode()
    response = client.get(
        "/export/graphology",
        params={"center": cora, "radius": "2", "kinds": "rivalry,romance", "sizeBy": "degree"},
    )
    assert response.status_code == 200
    data = response.json()
    assert [n["key"] for n in data["nodes"]] == ["ada", "ben", "cora"]
    assert [e["key"] for e in data["edges"]] == ["cora-ada-rivalry", "ben-cora-romance"]
    # Degree with those two kinds: Cora is related to both others, the top; Ada and Ben to one.
    assert [n["attributes"]["size"] for n in data["nodes"]] == [7.36, 7.36, 10.0]


def test_kinds_may_repeat(client: TestClient) -> None:
    response = client.get("/export/node-link?kinds=rivalry&kinds=romance&includePlaces=true")
    links = response.json()["links"]
    # Place links are not relationships: `kinds` leaves them alone, `includePlaces` adds them.
    assert sorted(link["key"] for link in links) == [
        "ada-visited-village",
        "ada-worked-at-lighthouse",
        "ben-cora-romance",
        "cora-ada-rivalry",
    ]


@pytest.mark.parametrize(
    ("url", "status", "code", "fragment"),
    [
        ("/export/gefx?asOf=act-9", 400, "BAD_USER_INPUT", "unknown format 'gefx'; did you mean 'gexf'"),
        ("/export/gexf?asOf=act-9", 400, "BAD_USER_INPUT", "unknown period 'act-9'"),
        ("/export/gexf?kinds=friendship,romanse", 400, "BAD_USER_INPUT", "did you mean 'romance'"),
        ("/export/gexf?center=ada&radius=7", 400, "BAD_USER_INPUT", "radius must be between 1 and 6"),
        ("/export/gexf?center=ada&radius=two", 400, "BAD_USER_INPUT", "radius must be a whole number"),
        ("/export/gexf?includePlaces=maybe", 400, "BAD_USER_INPUT", "unknown includePlaces value"),
        ("/export/gexf?sizeBy=fame", 400, "BAD_USER_INPUT", "unknown sizeBy measure"),
        ("/export/gexf?asof=act-1", 400, "BAD_USER_INPUT", "did you mean 'asOf'"),
        ("/export/gexf?center=lighthouse", 400, "BAD_USER_INPUT", "includePlaces"),
        ("/export/gexf?center=nobody", 404, "NOT_FOUND", "'nobody' not found"),
        ("/export/gexf?work=no-such-book", 404, "NOT_FOUND", "work 'no-such-book' not found"),
    ],
)
def test_bad_requests(client: TestClient, url: str, status: int, code: str, fragment: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == code
    assert fragment in error["message"]
