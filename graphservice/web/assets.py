"""The browser libraries the pages load: served by the app itself when installed, else a public CDN.

The files come from the npm packages pinned in ``web/package.json`` (and its lock file), installed
by the set-up command with ``npm ci --prefix web``. The app serves exactly the files listed here,
under ``/assets/<package>@<version>/<path>`` (the CDN's layout, so one path works for both); the
names are versioned, so browsers may keep them for a year.

When the packages are not installed, each page points at the same files on a public CDN with a
Subresource Integrity hash, so a tampered copy is refused by the browser, and the server logs one
warning saying how to install them. The hashes are those of the npm files themselves; a test checks
them against the installed copies, so a version bump cannot leave a stale hash behind.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

__all__ = ["ASSETS", "CDN", "Asset", "AssetSource", "asset_routes", "find_node_modules"]

logger = logging.getLogger("graphservice.assets")

CDN = "https://unpkg.com"
"""Where pages load the libraries from when they are not installed."""


@dataclass(frozen=True, slots=True)
class Asset:
    """One file of an npm package that a page loads."""

    package: str
    version: str
    path: str
    """The file inside the package."""
    integrity: str
    """Subresource Integrity hash (sha384) of the file as published."""

    @property
    def key(self) -> str:
        """``<package>@<version>/<path>``: the URL path under ``/assets/`` and on the CDN."""
        return f"{self.package}@{self.version}/{self.path}"

    @property
    def is_style(self) -> bool:
        return self.path.endswith(".css")


ASSETS: dict[str, Asset] = {
    "react": Asset(
        "react",
        "18.3.1",
        "umd/react.production.min.js",
        "sha384-DGyLxAyjq0f9SPpVevD6IgztCFlnMF6oW/XQGmfe+IsZ8TqEiDrcHkMLKI6fiB/Z",
    ),
    "react-dom": Asset(
        "react-dom",
        "18.3.1",
        "umd/react-dom.production.min.js",
        "sha384-gTGxhz21lVGYNMcdJOyq01Edg0jhn/c22nsx0kyqP0TxaV5WVdsSH1fSDUf5YJj1",
    ),
    "graphiql": Asset(
        "graphiql",
        "3.8.3",
        "graphiql.min.js",
        "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
    ),
    "graphiql-css": Asset(
        "graphiql",
        "3.8.3",
        "graphiql.min.css",
        "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
    ),
    "explorer-plugin": Asset(
        "@graphiql/plugin-explorer",
        "3.2.5",
        "dist/index.umd.js",
        "sha384-5p6hGdlOTvUy6Wf0GauxCz+xM9YB/YYvcGG+bf9msr2eyd+KVIxgRkepHgUijedJ",
    ),
    "explorer-plugin-css": Asset(
        "@graphiql/plugin-explorer",
        "3.2.5",
        "dist/style.css",
        "sha384-YN9MumWidbWKuNj8VfH5ggrFvm9YqAoIOMnKYpeGL3dr7Eg1qnQ+SAqSthdNZCjz",
    ),
    "cytoscape": Asset(
        "cytoscape",
        "3.34.4",
        "dist/cytoscape.min.js",
        "sha384-lyd1lDWZ623YSUJ/wMQH50y+T81dWKJk7ZoFdYWXQS83b0+QpW0pgdfXEnQnXL/X",
    ),
    "graphql-ws": Asset(
        "graphql-ws",
        "6.4.2",
        "umd/graphql-ws.min.js",
        "sha384-mxvR4Mzbsb6QVx/9xI2gtQikQA6m8zMDBFnu3l//4/ROsWt7y2sUGWd+/tYQqDm7",
    ),
}
"""The files, by the short name pages use for them."""


def find_node_modules(configured: Path | None) -> Path | None:
    """The installed ``node_modules`` folder holding every asset, or None.

    ``configured`` (the ``assets_dir`` setting) wins; otherwise ``web/node_modules`` in the working
    directory, then beside the package's source (an editable install).
    """
    candidates = (
        [configured]
        if configured is not None
        else [Path("web/node_modules"), Path(__file__).resolve().parents[2] / "web" / "node_modules"]
    )
    for folder in candidates:
        if all((folder / a.package / a.path).is_file() for a in ASSETS.values()):
            return folder
    return None


class AssetSource:
    """Where the pages get the libraries: this server (``node_modules`` given) or the CDN."""

    def __init__(self, node_modules: Path | None) -> None:
        self.node_modules = node_modules

    @classmethod
    def discover(cls, configured: Path | None) -> AssetSource:
        """Find the installed assets; warn once, with the fix, when they are missing."""
        found = find_node_modules(configured)
        if found is None:
            where = configured or Path("web/node_modules")
            logger.warning(
                "browser assets not installed (looked in %s): GraphiQL and the explorer will load "
                "them from %s, which needs internet access; install them with `npm ci --prefix web`",
                where,
                CDN,
            )
        return cls(found)

    @property
    def local(self) -> bool:
        return self.node_modules is not None

    def url(self, name: str) -> str:
        asset = ASSETS[name]
        return f"/assets/{asset.key}" if self.local else f"{CDN}/{asset.key}"

    def tag(self, name: str) -> str:
        """The ``<script>`` or ``<link>`` element loading one asset (with SRI when from the CDN)."""
        asset = ASSETS[name]
        url = escape(self.url(name))
        extra = "" if self.local else f' integrity="{asset.integrity}" crossorigin="anonymous"'
        if asset.is_style:
            return f'<link rel="stylesheet" href="{url}"{extra}>'
        return f'<script src="{url}"{extra}></script>'


def asset_routes(source: AssetSource) -> list[Route]:
    """``GET /assets/{key}``: the listed files only, with a year of caching (the names are versioned)."""
    files = (
        {a.key: source.node_modules / a.package / a.path for a in ASSETS.values()}
        if source.node_modules is not None
        else {}
    )

    async def serve(request: Request) -> Response:
        path = files.get(request.path_params["key"])
        if path is None:
            return PlainTextResponse("no such asset", status_code=404)
        return FileResponse(path, headers={"Cache-Control": "public, max-age=31536000, immutable"})

    return [Route("/assets/{key:path}", serve, methods=["GET", "HEAD"])]
