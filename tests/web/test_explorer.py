"""The explorer page's route, its static files, and the GraphQL documents its script sends.

The browser tests (``tests/browser/test_explorer.py``) drive the page itself; these check, without a
browser, that every query the script holds is valid against the schema and inside the server's
limits, so a schema change that would break the page fails here first.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from graphservice.catalog import Catalog
from graphservice.settings import load_settings
from graphservice.web import create_app

from ..conftest import NOVEL, ROOT

SCRIPT = ROOT / "graphservice" / "web" / "static" / "explorer" / "explorer.js"
KATHY = "Q2hhcmFjdGVyOm5ldmVyLWxldC1tZS1nby9rYXRoeS1o"  # global id of kathy-h
HAILSHAM = "UGxhY2U6bmV2ZXItbGV0LW1lLWdvL2hhaWxzaGFt"  # global id of the place hailsham


@pytest.fixture(scope="module")
def client(novel_catalog: Catalog) -> TestClient:
    return TestClient(create_app(load_settings(data=str(NOVEL)), novel_catalog))


def script_queries() -> dict[str, str]:
    """The GraphQL documents in explorer.js: each ``const NAME_QUERY = `...`;``."""
    found = re.findall(r"const (\w+_QUERY) = `(.*?)`;", SCRIPT.read_text("utf-8"), re.DOTALL)
    return dict(found)


def test_page_loads_cytoscape_and_its_own_script(client: TestClient) -> None:
    response = client.get("/explorer")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    html = response.text
    assert "{{scripts}}" not in html
    assert html.index("cytoscape.min.js") < html.index(
        '<script type="module" src="/explorer/static/main.js">'
    )
    assert '<link rel="stylesheet" href="/explorer/static/explorer.css">' in html


@pytest.mark.parametrize(
    ("name", "media"),
    [("main.js", "text/javascript"), ("explorer.js", "text/javascript"), ("explorer.css", "text/css")],
)
def test_static_files_are_served(client: TestClient, name: str, media: str) -> None:
    response = client.get(f"/explorer/static/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.text == (SCRIPT.parent / name).read_text("utf-8")


def test_every_control_has_a_label() -> None:
    html = (SCRIPT.parent / "index.html").read_text("utf-8")
    controls = re.findall(r'<(?:select|input)[^>]*\bid="([^"]+)"', html)
    assert controls, "the page has no form controls"
    for control in controls:
        assert f'<label for="{control}"' in html, f"no <label> for #{control}"


VARIABLES: dict[str, list[dict[str, Any]]] = {
    "WORKS_QUERY": [{}],
    "WORK_QUERY": [{"work": "never-let-me-go"}],
    "GRAPH_QUERY": [
        {"work": None, "asOf": None, "includePlaces": False, "sizeBy": "PAGERANK"},
        {"work": "never-let-me-go", "asOf": "part-2", "includePlaces": True, "sizeBy": "BETWEENNESS"},
    ],
    "NODE_QUERY": [{"id": KATHY, "asOf": None}, {"id": HAILSHAM, "asOf": "part-1"}],
    "PATH_QUERY": [
        {"work": "never-let-me-go", "from": "rod", "to": "madame", "asOf": None, "includePlaces": False},
        {"from": "kathy-h", "to": "madame", "asOf": "part-1", "includePlaces": True, "kinds": ["FRIENDSHIP"]},
    ],
    "SEARCH_QUERY": [{"work": "never-let-me-go", "text": "tomy", "asOf": "part-1"}],
    "PAIR_QUERY": [
        {"work": "never-let-me-go", "a": "kathy-h", "b": "ruth-c", "asOf": None, "includePlaces": False}
    ],
    "LIBRARY_QUERY": [
        {"text": None, "first": 20, "after": None},
        {"text": "never", "first": 1, "after": "YXJyYXljb25uZWN0aW9uOjA="},
    ],
    "COMPARE_QUERY": [{"works": ["never-let-me-go"]}],
}


def test_the_script_holds_the_queries_listed_here() -> None:
    assert set(script_queries()) == set(VARIABLES)


@pytest.mark.parametrize(
    ("name", "variables"), [(name, v) for name, variants in VARIABLES.items() for v in variants]
)
def test_script_query_runs_without_errors(client: TestClient, name: str, variables: dict[str, Any]) -> None:
    query = script_queries()[name]
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"accept": "application/graphql-response+json"},
    )
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body["errors"]
    assert body["data"] and all(value is not None for value in body["data"].values())
