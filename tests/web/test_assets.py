"""Browser assets: the pinned files served by the app, or the CDN with integrity hashes."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graphservice.catalog import Catalog
from graphservice.settings import load_settings
from graphservice.web import create_app
from graphservice.web.assets import ASSETS, CDN, AssetSource, find_node_modules

from ..conftest import LIGHTHOUSE, ROOT

NODE_MODULES = ROOT / "web" / "node_modules"


@pytest.fixture(scope="module")
def lock() -> dict[str, str]:
    """Package versions from web/package-lock.json."""
    packages = json.loads((ROOT / "web" / "package-lock.json").read_text("utf-8"))["packages"]
    return {path.removeprefix("node_modules/"): info["version"] for path, info in packages.items() if path}


def test_the_set_up_installed_every_asset() -> None:
    assert find_node_modules(NODE_MODULES) == NODE_MODULES


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_pinned_version_and_hash_match_the_installed_file(name: str, lock: dict[str, str]) -> None:
    asset = ASSETS[name]
    assert lock[asset.package] == asset.version
    installed = json.loads((NODE_MODULES / asset.package / "package.json").read_text("utf-8"))
    assert installed["version"] == asset.version
    digest = hashlib.sha384((NODE_MODULES / asset.package / asset.path).read_bytes()).digest()
    assert asset.integrity == "sha384-" + base64.b64encode(digest).decode()


def test_web_package_pins_exact_versions() -> None:
    manifest = json.loads((ROOT / "web" / "package.json").read_text("utf-8"))
    pinned = manifest["dependencies"]
    assert all(v[0].isdigit() for v in pinned.values()), pinned
    assert {a.package: a.version for a in ASSETS.values()}.items() <= pinned.items()


@pytest.fixture(scope="module")
def served(fixture_catalog: Catalog) -> TestClient:
    settings = load_settings(data=str(LIGHTHOUSE), assets_dir=str(NODE_MODULES))
    return TestClient(create_app(settings, fixture_catalog))


def test_serves_each_listed_file_with_long_caching(served: TestClient) -> None:
    for asset in ASSETS.values():
        response = served.get(f"/assets/{asset.key}")
        assert response.status_code == 200, asset.key
        assert response.content == (NODE_MODULES / asset.package / asset.path).read_bytes()
        assert "immutable" in response.headers["cache-control"]


@pytest.mark.parametrize(
    "path",
    [
        "react@18.3.1/package.json",  # in an installed package, but not listed
        "react@18.0.0/umd/react.production.min.js",  # another version
        "react@18.3.1/umd/../../../package.json",
        "%2e%2e/%2e%2e/pyproject.toml",
        "",
    ],
)
def test_serves_nothing_else(served: TestClient, path: str) -> None:
    assert served.get(f"/assets/{path}").status_code == 404


def test_pages_load_from_this_server_when_installed(served: TestClient) -> None:
    page = served.get("/graphql", headers={"accept": "text/html"}).text
    explorer = served.get("/explorer").text
    assert CDN not in page + explorer
    for name in ("react", "react-dom", "graphiql", "graphiql-css", "explorer-plugin", "explorer-plugin-css"):
        assert f"/assets/{ASSETS[name].key}" in page
    assert f'<script src="/assets/{ASSETS["cytoscape"].key}"></script>' in explorer


def test_without_the_assets_pages_use_the_cdn_with_integrity_and_one_warning(
    fixture_catalog: Catalog, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(data=str(LIGHTHOUSE), assets_dir=str(tmp_path / "missing"))
    with caplog.at_level(logging.WARNING, logger="graphservice.assets"):
        client = TestClient(create_app(settings, fixture_catalog))
        page = client.get("/graphql", headers={"accept": "text/html"}).text
        client.get("/explorer")
        client.get("/graphql", headers={"accept": "text/html"})
    warnings = [r for r in caplog.records if r.name == "graphservice.assets"]
    assert len(warnings) == 1
    assert "npm ci --prefix web" in warnings[0].getMessage()
    for name in ("react", "graphiql", "graphiql-css", "explorer-plugin"):
        asset = ASSETS[name]
        assert f'"{CDN}/{asset.key}" integrity="{asset.integrity}" crossorigin="anonymous"' in page
    assert client.get(f"/assets/{ASSETS['react'].key}").status_code == 404


def test_a_folder_missing_one_file_does_not_count(tmp_path: Path) -> None:
    for asset in list(ASSETS.values())[:-1]:
        target = tmp_path / asset.package / asset.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x")
    assert find_node_modules(tmp_path) is None
    assert not AssetSource(None).local
