"""The playground page: an example query drawn from the data, default headers, no stray markup."""

from __future__ import annotations

import json
import re

import pytest
from starlette.testclient import TestClient

from graphservice.catalog import Catalog, LoadedWork, load_catalog
from graphservice.settings import load_settings
from graphservice.web import create_app
from graphservice.web.assets import AssetSource
from graphservice.web.graphiql import DEFAULT_HEADERS, example_query, graphiql_page

from ..conftest import LIGHTHOUSE, NOVEL, Run


def _config(html: str) -> dict[str, str]:
    found = re.search(r'<script type="application/json" id="graphservice-config">(.*?)</script>', html, re.S)
    assert found is not None
    loaded: dict[str, str] = json.loads(found.group(1))
    return loaded


def test_example_names_the_best_connected_characters_of_the_novel(novel: LoadedWork) -> None:
    query = example_query(novel)
    assert '$who: String! = "kathy-h"' in query
    assert "Never Let Me Go" in query


def test_example_needs_no_analytics(monkeypatch: pytest.MonkeyPatch) -> None:
    # The page is built at start-up; a large work must not pay for its analytics there. A freshly
    # loaded work, so no cached analytics can hide a call.
    novel = load_catalog([NOVEL]).work()

    def refuse(*args: object) -> None:
        raise AssertionError("the example query computed analytics")

    monkeypatch.setattr("graphservice.queries.analytics.analytics", refuse)
    monkeypatch.setattr("graphservice.queries.analytics.character_ranks", refuse)
    assert '$other: String! = "tommy-d"' in example_query(novel)


def test_example_runs_within_the_default_limits(novel_catalog: Catalog) -> None:
    client = TestClient(create_app(load_settings(), novel_catalog))
    response = client.post("/graphql", json={"query": example_query(novel_catalog.work())})
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    assert body["data"]["character"]["name"] == "Kathy H."
    assert body["data"]["shortestPath"]["length"] >= 1
    assert body["data"]["neighbours"]["totalCount"] > 0


def test_example_fits_another_work(gql: Run, fixture_work: LoadedWork) -> None:
    data = gql(example_query(fixture_work))
    assert data["character"]["name"] in {c.name for c in fixture_work.characters.values()}


def test_page_carries_the_example_and_headers_as_json(fixture_catalog: Catalog) -> None:
    html = graphiql_page(AssetSource(None), fixture_catalog.work())
    config = _config(html)
    assert config["exampleQuery"] == example_query(fixture_catalog.work())
    assert json.loads(config["defaultHeaders"]) == DEFAULT_HEADERS
    assert "{{" not in html


def test_a_closing_script_tag_in_the_data_cannot_end_the_config_block(fixture_catalog: Catalog) -> None:
    work = fixture_catalog.work()
    title = work.data.work.title
    object.__setattr__(work.data.work, "title", "</script><script>alert(1)</script>")
    try:
        html = graphiql_page(AssetSource(None), work)
    finally:
        object.__setattr__(work.data.work, "title", title)
    assert "</script><script>alert(1)" not in html
    assert "alert(1)" in _config(html)["exampleQuery"]


def test_browsers_get_the_page_and_api_clients_do_not(fixture_catalog: Catalog) -> None:
    client = TestClient(create_app(load_settings(data=str(LIGHTHOUSE)), fixture_catalog))
    page = client.get("/graphql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert "graphservice-config" in page.text
    api = client.get("/graphql", headers={"accept": "application/json"})
    assert api.status_code == 400 and api.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
